//! Editing commands of the code editors, as pure functions over the text and a selection:
//! indent, outdent, a line break that keeps the indentation, and the conversions between byte
//! offsets (Rust strings, core spans) and UTF-16 offsets (`<textarea>` selections).

use std::ops::Range;

/// One indentation step (Tab inserts it, Shift+Tab removes it).
pub const INDENT: &str = "  ";

/// A replacement: put `insert` in place of `range`, then select `selection` (byte offsets into
/// the text after the edit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Bytes replaced.
    pub range: Range<usize>,
    /// What replaces them.
    pub insert: String,
    /// The selection afterwards.
    pub selection: Range<usize>,
}

impl Edit {
    /// The text after the edit.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..self.range.start]);
        out.push_str(&self.insert);
        out.push_str(&text[self.range.end..]);
        out
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The whole lines a selection touches. A selection ending right at the start of a line does
/// not include that line.
fn touched_lines(text: &str, sel: &Range<usize>) -> Range<usize> {
    let start = line_start(text, sel.start);
    let mut last = sel.end;
    if sel.end > sel.start && last > start && text.as_bytes()[last - 1] == b'\n' {
        last -= 1;
    }
    start..line_end(text, last)
}

/// Tab: with no selection, insert [`INDENT`] at the caret; with a selection, indent every
/// non-empty line it touches and keep those lines selected.
pub fn indent(text: &str, sel: Range<usize>) -> Edit {
    let sel = clamp(text, sel);
    if sel.is_empty() {
        let at = sel.start + INDENT.len();
        return Edit { range: sel.clone(), insert: INDENT.to_string(), selection: at..at };
    }
    let lines = touched_lines(text, &sel);
    let mut insert = String::with_capacity(lines.len() + INDENT.len() * 8);
    let mut first_added = 0;
    for (i, line) in text[lines.clone()].split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        if !line.is_empty() {
            insert.push_str(INDENT);
            if i == 0 {
                first_added = INDENT.len();
            }
        }
        insert.push_str(line);
    }
    let added = insert.len() - lines.len();
    let start = if sel.start > lines.start { sel.start + first_added } else { sel.start };
    Edit { range: lines, insert, selection: start..sel.end + added }
}

/// Shift+Tab: remove up to one [`INDENT`] (or one tab) from the start of every line the
/// selection touches. `None` when there is nothing to remove.
pub fn outdent(text: &str, sel: Range<usize>) -> Option<Edit> {
    let sel = clamp(text, sel);
    let lines = touched_lines(text, &sel);
    let mut insert = String::with_capacity(lines.len());
    let mut removed_total = 0;
    let mut removed_first = 0;
    for (i, line) in text[lines.clone()].split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        let removed =
            if line.starts_with('\t') { 1 } else { line.bytes().take(INDENT.len()).take_while(|&b| b == b' ').count() };
        if i == 0 {
            removed_first = removed;
        }
        removed_total += removed;
        insert.push_str(&line[removed..]);
    }
    if removed_total == 0 {
        return None;
    }
    let start = sel.start - (sel.start - lines.start).min(removed_first);
    let end = (sel.end - removed_total.min(sel.end - lines.start)).max(start);
    Some(Edit { range: lines, insert, selection: start..end })
}

/// Enter: a line break followed by the current line's indentation, one step deeper after an
/// opening `{` or `[`. Replaces the selection, if any.
pub fn newline(text: &str, sel: Range<usize>) -> Edit {
    let sel = clamp(text, sel);
    let start = line_start(text, sel.start);
    let line = &text[start..sel.start];
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut insert = String::with_capacity(1 + indent_len + INDENT.len());
    insert.push('\n');
    insert.push_str(&line[..indent_len]);
    if line.trim_end().ends_with(['{', '[']) {
        insert.push_str(INDENT);
    }
    let at = sel.start + insert.len();
    Edit { range: sel, insert, selection: at..at }
}

fn clamp(text: &str, sel: Range<usize>) -> Range<usize> {
    let start = floor_boundary(text, sel.start.min(sel.end));
    let end = floor_boundary(text, sel.end.max(sel.start));
    start..end
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset of UTF-16 offset `units` (clamped to the text; inside a surrogate pair it
/// moves back to the character's start).
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16();
        if count > units {
            return i;
        }
    }
    text.len()
}

/// The UTF-16 offset of byte offset `byte` (clamped and moved back to a char boundary).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    text[..floor_boundary(text, byte)].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, edit: &Edit) -> (String, String) {
        let after = edit.apply(text);
        let selected = after[edit.selection.clone()].to_string();
        (after, selected)
    }

    #[test]
    fn tab_without_selection_inserts_two_spaces() {
        let e = indent("ab", 1..1);
        assert_eq!(run("ab", &e).0, "a  b");
        assert_eq!(e.selection, 3..3);
    }

    #[test]
    fn tab_with_selection_indents_touched_lines() {
        let text = "a\n\nb\nc\n";
        // From inside `a` to the start of `c`: lines a, (empty), b; `c` is not touched.
        let e = indent(text, 0..5);
        let (after, selected) = run(text, &e);
        assert_eq!(after, "  a\n\n  b\nc\n");
        assert_eq!(selected, "  a\n\n  b\n");
        // Starting mid-line keeps the selection on the same characters.
        let e = indent("xy\nz", 1..4);
        let (after, selected) = run("xy\nz", &e);
        assert_eq!(after, "  xy\n  z");
        assert_eq!(selected, "y\n  z");
    }

    #[test]
    fn shift_tab_outdents() {
        let text = "    a\n\tb\n c\nd";
        let e = outdent(text, 2..text.len()).expect("something to remove");
        let (after, _) = run(text, &e);
        assert_eq!(after, "  a\nb\nc\nd");
        assert_eq!(e.selection.start, 0);
        assert!(outdent("abc", 1..1).is_none());
        let e = outdent("  abc", 4..4).expect("outdent");
        assert_eq!(run("  abc", &e).0, "abc");
        assert_eq!(e.selection, 2..2);
    }

    #[test]
    fn enter_keeps_indentation_and_deepens_after_a_brace() {
        let text = "  network {";
        let e = newline(text, text.len()..text.len());
        assert_eq!(run(text, &e).0, "  network {\n    ");
        let text = "    port \"a\" {}";
        let e = newline(text, text.len()..text.len());
        assert_eq!(run(text, &e).0, "    port \"a\" {}\n    ");
        let e = newline("ab", 1..2);
        assert_eq!(run("ab", &e).0, "a\n");
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let text = "aé😀b";
        assert_eq!(byte_to_utf16(text, 0), 0);
        assert_eq!(byte_to_utf16(text, 1), 1);
        assert_eq!(byte_to_utf16(text, 3), 2);
        assert_eq!(byte_to_utf16(text, 7), 4);
        assert_eq!(byte_to_utf16(text, 8), 5);
        assert_eq!(byte_to_utf16(text, 99), 5);
        for (byte, units) in [(0, 0), (1, 1), (3, 2), (7, 4), (8, 5)] {
            assert_eq!(utf16_to_byte(text, units), byte);
        }
        // Inside the surrogate pair: back to the emoji's start.
        assert_eq!(utf16_to_byte(text, 3), 3);
        assert_eq!(utf16_to_byte(text, 99), text.len());
    }

    #[test]
    fn selections_past_the_end_are_clamped() {
        let e = indent("ab", 5..9);
        assert_eq!(e.range, 2..2);
        let e = indent("ab\ncd", 1..99);
        assert_eq!(e.range, 0..5);
        let e = newline("é", 1..1);
        assert_eq!(e.range, 0..0);
    }
}
