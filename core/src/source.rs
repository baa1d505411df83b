//! Source positions: byte spans inside `core`, line and column at the edge.
//!
//! Every parser works with byte offsets ([`Span`]). Only when a diagnostic leaves the crate
//! is a span turned into 1-based line/column pairs by a [`LineIndex`], built once per text.
//! Positions also carry UTF-16 offsets because browser selection APIs count UTF-16 units.

use serde::{Deserialize, Serialize};

/// Which of the two inputs a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SourceId {
    /// The Nomad jobspec.
    Jobspec,
    /// The node inventory.
    Nodes,
    /// A variable file (`--var-file`), by its index in the analysis options.
    VarFile(usize),
    /// The host's addresses (`ip -j addr` output) for a client agent configuration.
    Interfaces,
    /// An allocation list (`--allocs`), by its index in the analysis options.
    Allocs(usize),
}

impl SourceId {
    /// Short lowercase name used in messages (`jobspec`, `nodes`).
    pub fn name(self) -> &'static str {
        match self {
            SourceId::Jobspec => "jobspec",
            SourceId::Nodes => "nodes",
            SourceId::VarFile(_) => "variable file",
            SourceId::Interfaces => "interfaces file",
            SourceId::Allocs(_) => "allocations file",
        }
    }
}

/// A half-open byte range `start..end` in one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Self {
        if end < start { Span { start: end, end: start } } else { Span { start, end } }
    }

    /// An empty span at `offset`.
    pub fn empty(offset: usize) -> Self {
        Span { start: offset, end: offset }
    }

    /// The whole character of `text` at byte `offset` (the one it falls inside), or an empty
    /// span at the end of the text: for readers that report a byte offset in any UTF-8.
    pub fn char_at(text: &str, offset: usize) -> Self {
        let start = text.floor_char_boundary(offset);
        Span { start, end: text.ceil_char_boundary(start + 1) }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for a zero-length span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A location in a text, as people and editors count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// Offset from the start of the text in UTF-16 code units (what a browser `<textarea>` uses).
    pub utf16: usize,
}

/// Maps byte offsets of one text to [`Position`]s.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of every line.
    line_starts: Vec<usize>,
    /// UTF-16 offset of the first unit of every line (so a position costs one line's scan).
    line_utf16: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass over its bytes, and one over its lines for UTF-16 offsets).
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        let mut line_utf16 = Vec::with_capacity(line_starts.len());
        let mut units = 0;
        for (i, &start) in line_starts.iter().enumerate() {
            line_utf16.push(units);
            let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
            let line = &text[start..end];
            units += if line.is_ascii() { line.len() } else { line.encode_utf16().count() };
        }
        LineIndex { text, line_starts, line_utf16 }
    }

    /// The position of byte `offset` (clamped to the text and moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // `line_starts` begins with 0, so the point is at least 1.
        let line = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        let before = &self.text[line_start..offset];
        let column = before.chars().count() + 1;
        let utf16 = self.line_utf16.get(line).copied().unwrap_or(0) + before.encode_utf16().count();
        Position { line: line as u32 + 1, column: column as u32, offset, utf16 }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &'a str {
        // Past the last line: the last line.
        let i = (line as usize).saturating_sub(1);
        let start = self.line_starts.get(i).or(self.line_starts.last()).copied().unwrap_or(0);
        let end = self.line_starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines (a text without line breaks has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_covers_the_whole_character_or_nothing_at_the_end() {
        let text = "a\u{e9}b";
        assert_eq!(Span::char_at(text, 0), Span::new(0, 1));
        assert_eq!(Span::char_at(text, 1), Span::new(1, 3));
        assert_eq!(Span::char_at(text, 2), Span::new(1, 3));
        assert_eq!(Span::char_at(text, 4), Span::empty(4));
        assert_eq!(Span::char_at(text, 9), Span::empty(4));
    }

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd\n\u{1F600}x";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1, offset: 0, utf16: 0 });
        assert_eq!(index.position(3).line, 2);
        // `d` comes after the two-byte `ç`: byte 5, column 2.
        let d = index.position(5);
        assert_eq!((d.line, d.column, d.utf16), (2, 2, 4));
        // `x` follows an emoji: 4 bytes, 1 char, 2 UTF-16 units.
        let x = index.position(text.len() - 1);
        assert_eq!((x.line, x.column, x.utf16), (3, 2, 8));
        assert_eq!(index.line_text(2), "çd");
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn offsets_inside_a_char_snap_back() {
        let index = LineIndex::new("é");
        assert_eq!(index.position(1).offset, 0);
        assert_eq!(index.position(99).offset, 2);
    }

    #[test]
    fn spans_join_and_order() {
        let a = Span::new(5, 2);
        assert_eq!(a, Span { start: 2, end: 5 });
        assert_eq!(a.join(Span::new(7, 9)), Span::new(2, 9));
        assert!(Span::empty(3).is_empty());
        assert_eq!(a.len(), 3);
    }
}
