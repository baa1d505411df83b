//! Syntax highlighting for the editors: a forgiving HCL tokenizer and the merge of its tokens
//! with diagnostic underlines into flat segments the editor renders.
//!
//! The tokenizer never fails: any text splits into tokens that cover it exactly, so the
//! highlighted copy under the `<textarea>` always has the same characters in the same places.
//! It knows both HCL1 and HCL2 lexical forms (comments `#`, `//`, `/* */`; strings with
//! `${...}`; heredocs `<<EOF` / `<<-EOF`; numbers; `true`/`false`/`null`) and tells block types
//! from attribute names by what follows them. It is not a parser: unbalanced input just gets
//! highlighted as far as it makes sense.

use std::ops::Range;

/// What a run of text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Whitespace, line breaks and anything unrecognised.
    Plain,
    /// A comment of any style.
    Comment,
    /// A quoted string or heredoc (without its interpolations).
    String,
    /// A `${...}` or `%{...}` inside a string.
    Interpolation,
    /// A numeric literal.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// An identifier that opens a block (`job`, `port`, `network`, ...).
    BlockType,
    /// An identifier followed by `=` or `:` (an attribute or object key).
    AttrName,
    /// Any other identifier (references, function names).
    Ident,
    /// Braces, brackets, `=`, `,` and other operators.
    Punct,
}

impl TokenKind {
    /// The CSS class the editor gives this kind (`None` for plain text).
    pub fn class(self) -> Option<&'static str> {
        match self {
            TokenKind::Plain => None,
            TokenKind::Comment => Some("t-comment"),
            TokenKind::String => Some("t-string"),
            TokenKind::Interpolation => Some("t-interp"),
            TokenKind::Number => Some("t-number"),
            TokenKind::Literal => Some("t-literal"),
            TokenKind::BlockType => Some("t-block"),
            TokenKind::AttrName => Some("t-attr"),
            TokenKind::Ident => Some("t-ident"),
            TokenKind::Punct => Some("t-punct"),
        }
    }
}

/// A run of text of one kind, as a byte range into the tokenized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Its kind.
    pub kind: TokenKind,
    /// Byte range.
    pub range: Range<usize>,
}

/// Splits `text` into tokens that cover it exactly, in order, without gaps.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lexer = Lexer { text, bytes: text.as_bytes(), pos: 0, out: Vec::new() };
    lexer.run();
    lexer.out
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Vec<Token>,
}

impl Lexer<'_> {
    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        if start >= end {
            return;
        }
        if let Some(last) = self.out.last_mut()
            && last.kind == kind
            && last.range.end == start
            && matches!(kind, TokenKind::Plain | TokenKind::String | TokenKind::Punct)
        {
            last.range.end = end;
            return;
        }
        self.out.push(Token { kind, range: start..end });
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let b = self.bytes[start];
            match b {
                b'#' => self.line_comment(),
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'"' => self.string(),
                b'<' if self.peek(1) == Some(b'<') && self.heredoc() => {}
                b'0'..=b'9' => self.number(),
                b'-' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) && self.minus_starts_number() => {
                    self.pos += 1;
                    self.number();
                    // `number` pushed the digits; widen that token over the sign.
                    if let Some(last) = self.out.last_mut() {
                        last.range.start = start;
                    }
                }
                b'{' | b'}' | b'[' | b']' | b'(' | b')' | b'=' | b',' | b':' | b'?' | b'!' | b'<' | b'>' | b'+'
                | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'.' => {
                    self.pos += 1;
                    self.push(TokenKind::Punct, start, self.pos);
                }
                _ if is_ident_start(b) => self.ident(),
                _ => {
                    // Whitespace or anything else: one whole UTF-8 character of plain text.
                    self.pos += utf8_len(b);
                    self.pos = self.pos.min(self.bytes.len());
                    self.push(TokenKind::Plain, start, self.pos);
                }
            }
        }
    }

    /// `-` is a sign when it does not follow a value (`x = -1`, `[-1]`), else subtraction.
    fn minus_starts_number(&self) -> bool {
        let prev = self.out.iter().rev().find(|t| t.kind != TokenKind::Plain && t.kind != TokenKind::Comment);
        match prev {
            None => true,
            Some(t) => t.kind == TokenKind::Punct && !matches!(self.bytes[t.range.end - 1], b')' | b']' | b'}'),
        }
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        let end = self.text[start..].find('\n').map_or(self.bytes.len(), |i| start + i);
        self.pos = end;
        self.push(TokenKind::Comment, start, end);
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let end = self.text[start + 2..].find("*/").map_or(self.bytes.len(), |i| start + 2 + i + 2);
        self.pos = end;
        self.push(TokenKind::Comment, start, end);
    }

    /// A quoted string; ends at the closing quote or, unterminated, at the end of the line.
    fn string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut run_start = start;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos = (self.pos + 2).min(self.bytes.len()),
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\n' => break,
                b'$' | b'%' if self.peek(1) == Some(b'{') => {
                    self.push(TokenKind::String, run_start, self.pos);
                    let interp_start = self.pos;
                    self.skip_interpolation();
                    self.push(TokenKind::Interpolation, interp_start, self.pos);
                    run_start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.bytes.len());
        self.push(TokenKind::String, run_start, self.pos);
    }

    /// Moves past `${ ... }`, counting nested braces and skipping quoted strings inside. Stops at
    /// a line break if the interpolation is not closed on its line.
    fn skip_interpolation(&mut self) {
        self.pos += 2;
        let mut depth = 1usize;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                b'"' => {
                    self.pos += 1;
                    while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'"' | b'\n') {
                        if self.bytes[self.pos] == b'\\' {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    self.pos = self.pos.min(self.bytes.len());
                    if self.pos < self.bytes.len() && self.bytes[self.pos] == b'\n' {
                        return;
                    }
                }
                b'\n' => return,
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.bytes.len());
    }

    /// `<<EOF` or `<<-EOF` up to the line holding only the marker. Returns false (consuming
    /// nothing) when no marker follows `<<`.
    fn heredoc(&mut self) -> bool {
        let start = self.pos;
        let mut i = start + 2;
        let indented = self.bytes.get(i) == Some(&b'-');
        if indented {
            i += 1;
        }
        let marker_start = i;
        while i < self.bytes.len() && is_ident_continue(self.bytes[i]) {
            i += 1;
        }
        if i == marker_start || !is_ident_start(self.bytes[marker_start]) {
            return false;
        }
        let marker = &self.text[marker_start..i];
        // The rest of the opening line belongs to the heredoc header.
        let mut line_end = self.text[i..].find('\n').map_or(self.bytes.len(), |n| i + n);
        let mut end = self.bytes.len();
        while line_end < self.bytes.len() {
            let line_start = line_end + 1;
            let next_end = self.text[line_start..].find('\n').map_or(self.bytes.len(), |n| line_start + n);
            let line = self.text[line_start..next_end].trim_end_matches('\r');
            let line = if indented { line.trim_start() } else { line };
            if line == marker {
                end = next_end;
                break;
            }
            line_end = next_end;
        }
        self.pos = end;
        self.push(TokenKind::String, start, end);
        true
    }

    fn number(&mut self) {
        let start = self.pos;
        let b = self.bytes;
        if b[self.pos] == b'0' && matches!(self.peek(1), Some(b'x' | b'X')) {
            self.pos += 2;
            while self.pos < b.len() && b[self.pos].is_ascii_hexdigit() {
                self.pos += 1;
            }
        } else {
            while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
            if self.pos + 1 < b.len() && b[self.pos] == b'.' && b[self.pos + 1].is_ascii_digit() {
                self.pos += 1;
                while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
            }
            if self.pos < b.len() && matches!(b[self.pos], b'e' | b'E') {
                let mut j = self.pos + 1;
                if j < b.len() && matches!(b[j], b'+' | b'-') {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    self.pos = j;
                    while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                        self.pos += 1;
                    }
                }
            }
        }
        // `10abc` is one odd word, not a number followed by an identifier.
        while self.pos < b.len() && is_ident_continue(b[self.pos]) {
            self.pos += 1;
        }
        self.push(TokenKind::Number, start, self.pos);
    }

    fn ident(&mut self) {
        let start = self.pos;
        while self.pos < self.bytes.len() && is_ident_continue(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let word = &self.text[start..self.pos];
        let kind = match word {
            "true" | "false" | "null" => TokenKind::Literal,
            _ => self.classify_ident(),
        };
        self.push(kind, start, self.pos);
    }

    /// Looks past spaces and tabs at what follows an identifier.
    fn classify_ident(&self) -> TokenKind {
        let mut i = self.pos;
        while i < self.bytes.len() && matches!(self.bytes[i], b' ' | b'\t') {
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'=') if self.bytes.get(i + 1) != Some(&b'=') => TokenKind::AttrName,
            Some(b':') => TokenKind::AttrName,
            Some(b'{') | Some(b'"') => TokenKind::BlockType,
            Some(c) if is_ident_start(*c) && self.label_chain_opens_block(i) => TokenKind::BlockType,
            _ => TokenKind::Ident,
        }
    }

    /// For `resource foo bar {`: a run of bare words or strings on the same line that ends in `{`.
    fn label_chain_opens_block(&self, mut i: usize) -> bool {
        loop {
            while i < self.bytes.len() && matches!(self.bytes[i], b' ' | b'\t') {
                i += 1;
            }
            match self.bytes.get(i) {
                Some(b'{') => return true,
                Some(b'"') => {
                    i += 1;
                    while i < self.bytes.len() && !matches!(self.bytes[i], b'"' | b'\n') {
                        i += 1;
                    }
                    if self.bytes.get(i) != Some(&b'"') {
                        return false;
                    }
                    i += 1;
                }
                Some(c) if is_ident_start(*c) => {
                    while i < self.bytes.len() && is_ident_continue(self.bytes[i]) {
                        i += 1;
                    }
                }
                _ => return false,
            }
        }
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        // A continuation byte cannot start a character of a `&str`; step one byte to be safe.
        _ => 1,
    }
}

/// A diagnostic to underline: a byte range and a severity rank (lower is more severe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the editor text (may be empty: a point).
    pub range: Range<usize>,
    /// 0 error, 1 warning, 2 info.
    pub rank: u8,
    /// Index of the diagnostic this mark belongs to.
    pub diagnostic: usize,
}

/// A piece of text with one token kind and at most one mark: what the editor renders as one
/// `<span>`. An empty `range` with a mark is a point diagnostic (rendered as a small marker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Token kind.
    pub kind: TokenKind,
    /// Byte range.
    pub range: Range<usize>,
    /// The most severe mark covering the segment, if any.
    pub mark: Option<usize>,
}

/// Cuts tokens at mark boundaries so every segment lies wholly inside or outside each mark.
/// Marks are clamped to the text and to character boundaries first (the text may have changed
/// since the diagnostics were computed).
pub fn segments(text: &str, tokens: &[Token], marks: &[Mark]) -> Vec<Segment> {
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| {
            let start = floor_char_boundary(text, m.range.start);
            let end = floor_char_boundary(text, m.range.end.max(m.range.start));
            Mark { range: start..end, rank: m.rank, diagnostic: m.diagnostic }
        })
        .collect();
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.range.start, m.range.end]).collect();
    cuts.sort();
    cuts.dedup();

    let covering = |start: usize, end: usize| {
        marks
            .iter()
            .filter(|m| !m.range.is_empty() && m.range.start <= start && end <= m.range.end)
            .min_by_key(|m| (m.rank, m.diagnostic))
            .map(|m| m.diagnostic)
    };
    let mut points: Vec<&Mark> = marks.iter().filter(|m| m.range.is_empty()).collect();
    points.sort_by_key(|m| (m.range.start, m.rank, m.diagnostic));
    let mut points = points.into_iter().peekable();

    let mut out = Vec::with_capacity(tokens.len() + cuts.len() * 2);
    let mut cut_i = 0;
    for token in tokens {
        let mut start = token.range.start;
        while cut_i < cuts.len() && cuts[cut_i] <= start {
            cut_i += 1;
        }
        loop {
            while let Some(p) = points.next_if(|p| p.range.start <= start) {
                push_point(&mut out, token.kind, p);
            }
            let end = match cuts.get(cut_i) {
                Some(&cut) if cut < token.range.end => {
                    cut_i += 1;
                    cut
                }
                _ => token.range.end,
            };
            out.push(Segment { kind: token.kind, range: start..end, mark: covering(start, end) });
            start = end;
            if start >= token.range.end {
                break;
            }
        }
    }
    for p in points {
        push_point(&mut out, TokenKind::Plain, p);
    }
    out
}

/// Byte offsets where the painted copy's chunks start: 0, then after every `lines`-th line
/// break. The editor paints each chunk as its own block, so that a keystroke in a long text
/// makes the browser lay out one chunk again, not the whole text.
pub fn chunk_starts(text: &str, lines: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let lines = lines.max(1);
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .enumerate()
            .filter(|(n, _)| (n + 1) % lines == 0)
            .map(|(_, start)| start)
            .filter(|&start| start < text.len()),
    );
    starts
}

/// Groups segments into the chunks beginning at `starts` (sorted, first 0), splitting any
/// segment that crosses a chunk start. A point mark at a chunk start goes to that chunk.
pub fn chunked(segments: Vec<Segment>, starts: &[usize]) -> Vec<Vec<Segment>> {
    let mut chunks: Vec<Vec<Segment>> = vec![Vec::new(); starts.len().max(1)];
    let mut current = 0;
    for mut seg in segments {
        loop {
            while current + 1 < starts.len() && starts[current + 1] <= seg.range.start {
                current += 1;
            }
            match starts.get(current + 1) {
                Some(&next) if seg.range.end > next => {
                    let head = Segment { kind: seg.kind, range: seg.range.start..next, mark: seg.mark };
                    chunks[current].push(head);
                    seg.range.start = next;
                }
                _ => {
                    chunks[current].push(seg);
                    break;
                }
            }
        }
    }
    chunks
}

fn push_point(out: &mut Vec<Segment>, kind: TokenKind, mark: &Mark) {
    // One marker per place is enough; keep the first (most severe, by the sort above).
    if out.last().is_some_and(|s| s.range.is_empty() && s.range.start == mark.range.start) {
        return;
    }
    out.push(Segment { kind, range: mark.range.clone(), mark: Some(mark.diagnostic) });
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text).into_iter().map(|t| (t.kind, &text[t.range])).collect()
    }

    fn assert_covers(text: &str) {
        let tokens = tokenize(text);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.range.start, at, "gap or overlap in {text:?} at {t:?}");
            assert!(t.range.end > t.range.start, "empty token in {text:?}");
            assert!(text.is_char_boundary(t.range.start) && text.is_char_boundary(t.range.end));
            at = t.range.end;
        }
        assert_eq!(at, text.len(), "tokens of {text:?} stop early");
    }

    #[test]
    fn blocks_attributes_and_values() {
        use TokenKind::*;
        let got = kinds("job \"web\" {\n  count = 2\n  port \"http\" { static = 8080 }\n}");
        let non_plain: Vec<_> = got.into_iter().filter(|(k, _)| *k != Plain).collect();
        assert_eq!(
            non_plain,
            vec![
                (BlockType, "job"),
                (String, "\"web\""),
                (Punct, "{"),
                (AttrName, "count"),
                (Punct, "="),
                (Number, "2"),
                (BlockType, "port"),
                (String, "\"http\""),
                (Punct, "{"),
                (AttrName, "static"),
                (Punct, "="),
                (Number, "8080"),
                (Punct, "}"),
                (Punct, "}"),
            ]
        );
    }

    #[test]
    fn comments_of_every_style() {
        use TokenKind::*;
        let got = kinds("# a\n// b\n/* c\n d */x");
        assert_eq!(got[0], (Comment, "# a"));
        assert_eq!(got[2], (Comment, "// b"));
        assert_eq!(got[4], (Comment, "/* c\n d */"));
        assert_eq!(got[5], (Ident, "x"));
        assert_eq!(kinds("/* open"), vec![(Comment, "/* open")]);
    }

    #[test]
    fn strings_with_escapes_and_interpolation() {
        use TokenKind::*;
        let got = kinds(r#"a = "x\"${NOMAD_PORT_http}-${f("}")}" "#);
        assert_eq!(
            got,
            vec![
                (AttrName, "a"),
                (Plain, " "),
                (Punct, "="),
                (Plain, " "),
                (String, r#""x\""#),
                (Interpolation, "${NOMAD_PORT_http}"),
                (String, "-"),
                (Interpolation, r#"${f("}")}"#),
                (String, "\""),
                (Plain, " "),
            ]
        );
    }

    #[test]
    fn an_unterminated_string_stops_at_the_line_end() {
        use TokenKind::*;
        let got = kinds("a = \"open\nb = 1");
        assert!(got.contains(&(String, "\"open")));
        assert!(got.contains(&(AttrName, "b")));
        assert!(got.contains(&(Number, "1")));
    }

    #[test]
    fn heredocs_run_to_their_marker() {
        use TokenKind::*;
        let text = "a = <<EOF\nline ${x}\nEOF\nb = <<-END\n  text\n  END\nc = 1 << 2";
        let got = kinds(text);
        assert!(got.contains(&(String, "<<EOF\nline ${x}\nEOF")));
        assert!(got.contains(&(String, "<<-END\n  text\n  END")));
        assert!(got.contains(&(AttrName, "c")));
        assert_covers(text);
        assert_covers("x = <<EOF\nnever closed");
    }

    #[test]
    fn numbers_literals_and_signs() {
        use TokenKind::*;
        let got: Vec<_> =
            kinds("a = -1.5e3 b = 0x1F c = true d = x-1 e = null").into_iter().filter(|(k, _)| *k != Plain).collect();
        assert!(got.contains(&(Number, "-1.5e3")));
        assert!(got.contains(&(Number, "0x1F")));
        assert!(got.contains(&(Literal, "true")));
        assert!(got.contains(&(Literal, "null")));
        // `x-1` is one identifier in HCL (dashes are allowed in names).
        assert!(got.contains(&(Ident, "x-1")));
    }

    #[test]
    fn bare_labels_make_a_block() {
        use TokenKind::*;
        let got = kinds("resource a b {\n}\nfoo bar\n");
        assert_eq!(got[0], (BlockType, "resource"));
        assert!(got.contains(&(Ident, "foo")));
    }

    #[test]
    fn every_text_is_covered_exactly() {
        for text in [
            "",
            "\n\n",
            "ünïcödé = \"😀\" # ☃",
            "\"",
            "\"${",
            "\"${\"",
            "${x}",
            "<<",
            "<<-",
            "<<EOF",
            "a = /",
            "a = \\",
            "\t{[(\r\n)]}",
            "-",
            "1e",
            "0x",
            "x = \"a\\",
        ] {
            assert_covers(text);
        }
    }

    #[test]
    fn segments_split_tokens_at_marks() {
        let text = "port \"http\" {}";
        let tokens = tokenize(text);
        let marks = vec![Mark { range: 6..10, rank: 0, diagnostic: 0 }];
        let segs = segments(text, &tokens, &marks);
        let marked: Vec<&str> = segs.iter().filter(|s| s.mark.is_some()).map(|s| &text[s.range.clone()]).collect();
        assert_eq!(marked, vec!["http"]);
        let mut at = 0;
        for s in &segs {
            assert_eq!(s.range.start, at);
            at = s.range.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn the_most_severe_mark_wins_and_points_are_kept() {
        let text = "abc def";
        let tokens = tokenize(text);
        let marks = vec![
            Mark { range: 0..7, rank: 1, diagnostic: 0 },
            Mark { range: 4..7, rank: 0, diagnostic: 1 },
            Mark { range: 7..7, rank: 2, diagnostic: 2 },
            Mark { range: 99..120, rank: 0, diagnostic: 3 },
        ];
        let segs = segments(text, &tokens, &marks);
        let find = |s: &str| segs.iter().find(|g| &text[g.range.clone()] == s).and_then(|g| g.mark);
        assert_eq!(find("abc"), Some(0));
        assert_eq!(find("def"), Some(1));
        let points: Vec<_> = segs.iter().filter(|s| s.range.is_empty()).collect();
        assert_eq!(points.len(), 1, "{segs:?}");
        assert_eq!(points[0].range.start, 7);
    }

    #[test]
    fn chunks_start_after_every_nth_line() {
        assert_eq!(chunk_starts("", 2), vec![0]);
        assert_eq!(chunk_starts("a\nb\nc\nd\ne", 2), vec![0, 4, 8]);
        // A break at the very end starts no (empty) chunk.
        assert_eq!(chunk_starts("a\nb\n", 2), vec![0]);
        assert_eq!(chunk_starts("a\nb\nc", 1), vec![0, 2, 4]);
    }

    #[test]
    fn chunking_splits_segments_and_keeps_every_byte() {
        let text = "port \"a\" {}\nport \"b\" {}\nx = \"multi\nline\"\n";
        let tokens = tokenize(text);
        let marks = vec![Mark { range: 5..30, rank: 0, diagnostic: 0 }, Mark { range: 12..12, rank: 1, diagnostic: 1 }];
        let segs = segments(text, &tokens, &marks);
        let starts = chunk_starts(text, 1);
        let chunks = chunked(segs.clone(), &starts);
        assert_eq!(chunks.len(), starts.len());
        for (chunk, &start) in chunks.iter().zip(&starts) {
            if let Some(first) = chunk.first() {
                assert_eq!(first.range.start, start);
            }
        }
        let joined: String = chunks.iter().flatten().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(joined, text);
        // The point mark right at the start of line 2 belongs to chunk 1.
        assert!(chunks[1].iter().any(|s| s.range.is_empty() && s.mark == Some(1)), "{chunks:?}");
        // The long mark is split but keeps its diagnostic in both chunks.
        assert!(chunks[0].iter().any(|s| s.mark == Some(0)));
        assert!(chunks[1].iter().any(|s| s.mark == Some(0)));
    }

    #[test]
    fn marks_inside_a_character_snap_back() {
        let text = "é = 1";
        let tokens = tokenize(text);
        let segs = segments(text, &tokens, &[Mark { range: 1..2, rank: 0, diagnostic: 0 }]);
        for s in &segs {
            assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
        }
    }
}
