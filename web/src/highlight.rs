//! Syntax highlighting for the editors: HCL tokens mapped to CSS classes, and their merge with
//! diagnostic underlines into flat segments the editor renders.
//!
//! The lexing is core's ([`netplay_core::syntax::tokens`], the reader's own lexer in its
//! lenient mode), so a string, heredoc, number or comment is coloured exactly as netplay reads
//! it. This module only names the kinds, tells block types from attribute names by the tokens
//! that follow them, and fills the gaps between tokens with plain text: [`tokenize`] covers any
//! text exactly, so the highlighted copy under the `<textarea>` always has the same characters
//! in the same places.

use std::ops::Range;

use netplay_core::syntax::{self, TokenKind as Lexed};

/// What a run of text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Whitespace and line breaks.
    Plain,
    /// A comment of any style.
    Comment,
    /// A quoted string or heredoc (without its interpolations).
    String,
    /// A `${...}` or `%{...}` inside a string or heredoc.
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
    /// Text that makes no valid token: an unterminated string, a bad escape or number, a
    /// character HCL does not know.
    Error,
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
            TokenKind::Error => Some("t-error"),
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
    let lexed = syntax::tokens(text);
    let units = units(text, &lexed);
    let mut out: Vec<Token> = Vec::with_capacity(lexed.len() * 2 + 1);
    let mut at = 0;
    for (u, unit) in units.iter().enumerate() {
        for token in &lexed[unit.tokens.clone()] {
            push(&mut out, TokenKind::Plain, at, token.span.start);
            let kind = match token.kind {
                Lexed::Comment => TokenKind::Comment,
                Lexed::String | Lexed::Heredoc => TokenKind::String,
                Lexed::Interpolation => TokenKind::Interpolation,
                Lexed::Number => TokenKind::Number,
                Lexed::Bool | Lexed::Null => TokenKind::Literal,
                Lexed::Ident => ident_kind(text, &units, u),
                Lexed::Punct => TokenKind::Punct,
                Lexed::Error => TokenKind::Error,
            };
            push(&mut out, kind, token.span.start, token.span.end);
            at = token.span.end;
        }
    }
    push(&mut out, TokenKind::Plain, at, text.len());
    out
}

/// Appends a token, extending the last one instead when it is plain text, string or
/// punctuation of the same kind and touches it.
fn push(out: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize) {
    if start >= end {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.kind == kind
        && last.range.end == start
        && matches!(kind, TokenKind::Plain | TokenKind::String | TokenKind::Punct)
    {
        last.range.end = end;
        return;
    }
    out.push(Token { kind, range: start..end });
}

/// What a unit is, for telling block types from attribute names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A word.
    Ident,
    /// A quoted string, interpolations and all.
    Quoted,
    /// Exactly `=`.
    Assign,
    /// Exactly `:`.
    Colon,
    /// `{`.
    Open,
    /// Anything else.
    Other,
}

/// A core token, or the touching tokens of one quoted string.
struct Unit {
    shape: Shape,
    /// Indices into the core tokens.
    tokens: Range<usize>,
    span: Range<usize>,
    /// True if this unit is `{`, or a word or quoted string followed on its line by more of
    /// them and then `{` (`resource a "b" {`).
    leads_to_block: bool,
}

/// Groups the core tokens into units and works out, from the right, which start a run of
/// labels that opens a block (one pass each way, so linear in the text).
fn units(text: &str, lexed: &[syntax::Token]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::with_capacity(lexed.len());
    for (i, token) in lexed.iter().enumerate() {
        let (start, end) = (token.span.start, token.span.end);
        if let Some(last) = units.last_mut()
            && last.shape == Shape::Quoted
            && last.span.end == start
            && matches!(token.kind, Lexed::String | Lexed::Interpolation | Lexed::Error)
        {
            last.tokens.end = i + 1;
            last.span.end = end;
            continue;
        }
        let shape = match (token.kind, &text[start..end]) {
            (Lexed::Ident, _) => Shape::Ident,
            (Lexed::String, s) if s.starts_with('"') => Shape::Quoted,
            (Lexed::Punct, "=") => Shape::Assign,
            (Lexed::Punct, ":") => Shape::Colon,
            (Lexed::Punct, "{") => Shape::Open,
            _ => Shape::Other,
        };
        units.push(Unit { shape, tokens: i..i + 1, span: start..end, leads_to_block: shape == Shape::Open });
    }
    for u in (0..units.len()).rev() {
        if matches!(units[u].shape, Shape::Ident | Shape::Quoted) {
            units[u].leads_to_block =
                units.get(u + 1).is_some_and(|next| next.leads_to_block && blanks_between(text, &units[u], next));
        }
    }
    units
}

/// True if only spaces and tabs separate two units (no line break, no comment).
fn blanks_between(text: &str, a: &Unit, b: &Unit) -> bool {
    text[a.span.end..b.span.start].bytes().all(|c| c == b' ' || c == b'\t')
}

/// An identifier followed on its line by `=` or `:` names an attribute or key; followed by
/// `{`, a quoted string or labels ending in `{` it opens a block.
fn ident_kind(text: &str, units: &[Unit], u: usize) -> TokenKind {
    let Some(next) = units.get(u + 1).filter(|next| blanks_between(text, &units[u], next)) else {
        return TokenKind::Ident;
    };
    match next.shape {
        Shape::Assign | Shape::Colon => TokenKind::AttrName,
        _ if next.leads_to_block || text[next.span.clone()].starts_with('"') => TokenKind::BlockType,
        _ => TokenKind::Ident,
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
        assert!(got.contains(&(Error, "\"open")));
        assert!(got.contains(&(AttrName, "b")));
        assert!(got.contains(&(Number, "1")));
    }

    #[test]
    fn heredocs_run_to_their_marker() {
        use TokenKind::*;
        let text = "a = <<EOF\nline ${x}\nEOF\nb = <<-END\n  text\n  END\nc = 1 << 2";
        let got = kinds(text);
        assert!(got.contains(&(String, "<<EOF\nline ")));
        assert!(got.contains(&(Interpolation, "${x}")));
        assert!(got.contains(&(String, "\nEOF")));
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
    fn names_are_told_apart_by_what_follows_them() {
        use TokenKind::*;
        let got = kinds("a = 1\nb: 2\nc \"l${x}\" d {\nk => v\ne\n{\nf # x\n= 1\ng \"open\n");
        let words: Vec<_> = got.into_iter().filter(|(k, _)| matches!(k, BlockType | AttrName | Ident)).collect();
        assert_eq!(
            words,
            [
                (AttrName, "a"),
                (AttrName, "b"),
                (BlockType, "c"),
                (BlockType, "d"),
                (Ident, "k"),
                (Ident, "v"),
                (Ident, "e"),
                (Ident, "f"),
                (BlockType, "g"),
            ]
        );
    }

    #[test]
    fn errors_have_their_own_class() {
        use TokenKind::*;
        let got = kinds(r#"a = "x\q" @ 10s"#);
        assert!(got.contains(&(Error, "\\q")), "{got:?}");
        assert!(got.contains(&(Error, "@")));
        assert!(got.contains(&(Error, "10s")));
        assert_eq!(Error.class(), Some("t-error"));
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
