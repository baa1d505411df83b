//! The painted copy of an editor's text: highlighted segments grouped in blocks of lines, each
//! block a component of its own.
//!
//! A block carries its own text and segments with offsets counted from the block's start, so a
//! block whose lines did not change compares equal to the one painted before and Yew skips it.
//! Typing one character then re-renders one block of [`CHUNK_LINES`] lines, not the whole file:
//! on a 12 KB jobspec that is the difference between diffing a few dozen `<span>`s and a few
//! thousand on every keystroke.

use std::ops::Range;
use std::rc::Rc;

use netplay_core::Severity;
use yew::prelude::*;

use super::editor::{Underline, severity_class};
use crate::highlight::{self, Segment};

/// Lines per painted block (see [`highlight::chunk_starts`]).
pub const CHUNK_LINES: usize = 64;

/// One run of text with its classes: a token kind, and an underline when a diagnostic covers it.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    /// Byte range in the block's text.
    range: Range<usize>,
    /// The `class` attribute (`None`: plain text, no element).
    class: Option<AttrValue>,
    /// The diagnostic underlined here (its index in the editor's underlines).
    diagnostic: Option<usize>,
}

/// One block of lines, ready to paint.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    text: AttrValue,
    pieces: Rc<[Piece]>,
}

/// Cuts highlighted segments (byte ranges into `text`) into blocks starting at `starts`, with
/// offsets relative to each block and the underline's severity resolved into the class.
pub fn blocks(text: &str, segments: Vec<Segment>, starts: &[usize], underlines: &[Underline]) -> Vec<Block> {
    let chunks = highlight::chunked(segments, starts);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let start = starts.get(i).copied().unwrap_or(0);
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let pieces: Rc<[Piece]> = chunk.iter().map(|s| piece(s, start, underlines)).collect();
            Block { text: AttrValue::from(text.get(start..end).unwrap_or_default().to_string()), pieces }
        })
        .collect()
}

fn piece(s: &Segment, offset: usize, underlines: &[Underline]) -> Piece {
    let range = s.range.start.saturating_sub(offset)..s.range.end.saturating_sub(offset);
    let kind = s.kind.class();
    match s.mark {
        None => Piece { range, class: kind.map(AttrValue::Static), diagnostic: None },
        Some(i) => {
            let severity = underlines.get(i).map_or(Severity::Error, |u| u.severity);
            let mut class = kind.map(|k| format!("{k} ")).unwrap_or_default();
            class.push_str("mark ");
            class.push_str(severity_class(severity));
            if s.range.is_empty() {
                class.push_str(" mark-point");
            }
            Piece { range, class: Some(AttrValue::from(class)), diagnostic: Some(i) }
        }
    }
}

/// The inputs of one painted block.
#[derive(Properties, PartialEq)]
pub struct BlockProps {
    /// What to paint.
    pub block: Block,
    /// The last block gets an extra line break, which keeps a trailing empty line as tall as
    /// the textarea's.
    pub last: bool,
}

/// One painted block of lines.
#[function_component(PaintedBlock)]
pub fn painted_block(props: &BlockProps) -> Html {
    let text = props.block.text.as_str();
    html! {
        <span class="chunk">
            { for props.block.pieces.iter().map(|p| piece_html(text, p)) }
            if props.last { { "\n" } }
        </span>
    }
}

fn piece_html(text: &str, p: &Piece) -> Html {
    let run = text.get(p.range.clone()).unwrap_or_default().to_string();
    match (&p.class, p.diagnostic) {
        (None, _) => html! { run },
        (Some(class), None) => html! { <span ~className={class.as_str()}>{ run }</span> },
        (Some(class), Some(i)) => html! { <span ~className={class.as_str()} data-diag={i.to_string()}>{ run }</span> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::{Mark, tokenize};

    fn paint(text: &str) -> Vec<Block> {
        let segments = highlight::segments(text, &tokenize(text), &[] as &[Mark]);
        blocks(text, segments, &highlight::chunk_starts(text, 2), &[])
    }

    #[test]
    fn blocks_cover_the_text_with_offsets_of_their_own() {
        let text = "a = 1\nb = \"x\"\nc = 2\n";
        let blocks = paint(text);
        assert_eq!(blocks.len(), 2);
        let joined: String = blocks
            .iter()
            .flat_map(|b| b.pieces.iter().map(|p| b.text[p.range.clone()].to_string()).collect::<Vec<_>>())
            .collect();
        assert_eq!(joined, text);
        assert!(blocks[1].pieces.first().is_some_and(|p| p.range.start == 0));
    }

    #[test]
    fn an_edit_in_one_block_leaves_the_others_equal() {
        let before = paint("a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n");
        let after = paint("a = 1\nb = 2\nc = 3\nd = 42\ne = 5\n");
        assert_eq!(before.len(), 3);
        assert_eq!(before[0], after[0], "the block before the edit is unchanged");
        assert_ne!(before[1], after[1], "the edited block changed");
        assert_eq!(before[2], after[2], "a block after the edit is unchanged although its bytes moved");
    }
}
