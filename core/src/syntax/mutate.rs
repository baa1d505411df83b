//! Test support shared by the readers: deterministic random edits of a text, and span checks.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::{Body, Value, ValueKind};

/// Calls `check` on `rounds` texts made from `text` by 1 to 4 random insertions, deletions and
/// replacements of characters from `alphabet` (a fixed xorshift stream: the same every run).
pub(crate) fn for_each_mutation(text: &str, alphabet: &str, rounds: usize, mut check: impl FnMut(&str)) {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    for _ in 0..rounds {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + next(4) {
            let at = next(chars.len() + 1);
            match next(3) {
                0 => chars.insert(at, alphabet[next(alphabet.len())]),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = alphabet[next(alphabet.len())],
                _ => {}
            }
        }
        check(&chars.into_iter().collect::<String>());
    }
}

/// Every span in a tree and its diagnostics, for checks that hold whatever the input.
pub(crate) fn all_spans(body: &Body, diagnostics: &[Diagnostic]) -> Vec<Span> {
    fn walk(body: &Body, spans: &mut Vec<Span>) {
        spans.push(body.span);
        for item in &body.items {
            spans.push(item.span);
            spans.extend(item.keys.iter().map(|k| k.span));
            value(&item.value, spans);
        }
    }
    fn value(v: &Value, spans: &mut Vec<Span>) {
        spans.push(v.span);
        match &v.kind {
            ValueKind::List(values) => values.iter().for_each(|v| value(v, spans)),
            ValueKind::Object(body) => walk(body, spans),
            _ => {}
        }
    }
    let mut spans = Vec::new();
    walk(body, &mut spans);
    for d in diagnostics {
        spans.push(d.span);
        spans.extend(d.labels.iter().map(|l| l.span));
    }
    spans
}

/// Asserts that every span lies inside `text` and on character boundaries.
pub(crate) fn assert_spans_inside(text: &str, spans: &[Span]) {
    for span in spans {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {text:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} in {text:?}");
    }
}
