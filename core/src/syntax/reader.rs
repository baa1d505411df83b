//! netplay's own HCL1 reader (Nomad 0.2 jobspecs, HCL1-only files under later versions,
//! earlier netplay inventories). No crate reads HCL1, so this one stays; it builds the shared,
//! span-carrying tree of [`crate::syntax`], the same tree [`crate::hcl2`] builds from hcl-edit,
//! so the decoders never care which dialect a text was written in. Its diagnostics are in
//! netplay's words (user text in backticks, the place of the error as the span); nesting is
//! bounded by [`crate::limits::MAX_NESTING`] levels, reported once as
//! [`Code::LimitExceeded`](crate::diagnostic::Code::LimitExceeded), and time is linear in the
//! input. Text is read from tokens (`reader/lexer.rs`, `reader/parser.rs`).
//!
//! The HCL1 lexer is also the lexer of [`tokens`], a lenient token stream for syntax
//! highlighting that never stops at an error and reads HCL2 text too (`reader/stream.rs`).
//!
//! # HCL1 ([`Dialect::Hcl1`])
//!
//! It follows the last release of `hashicorp/hcl` v1. Points where HCL1 is peculiar, and what
//! this reader does:
//!
//! - Identifiers may contain `-` and `.` (`com.example.x = 1` has one key). `true` and `false`
//!   are booleans, never keys.
//! - Items are separated by line breaks, commas or nothing at all (`cpu=20 memory=100`).
//!   Only a single key may be followed by `=`; `a b = 1` is an error, `a "b" { }` a block.
//! - Escapes: `\n \t \r \" \\ \a \b \f \v`, octal `\NNN`, `\xNN`, `\uNNNN`, `\UNNNNNNNN`. Any
//!   other backslash sequence (including `\/`) is an error, as in HCL1. `\xNN` and octal escapes
//!   above 127 give the Latin-1 character (HCL1 gives a raw byte); surrogate code points give
//!   U+FFFD. Escapes inside `${...}` are checked but kept as written.
//! - A string containing `${` becomes [`ValueKind::Template`](crate::syntax::ValueKind::Template)
//!   with the raw text between the quotes; inside `${...}` braces nest, quotes do not end the
//!   string and line breaks are allowed. `%{` is plain text.
//! - Heredocs: the closing marker may be indented and must be followed by a line break. `<<EOF`
//!   keeps the text up to the marker (including the marker's indentation, as HCL1 does);
//!   `<<-EOF` removes the marker's indentation from every line if every line starts with it,
//!   and otherwise keeps the text minus the blanks before the marker. `\r\n` becomes `\n`.
//! - Numbers: decimal, `-1`, `0x1F`, octal with a leading zero (`0755`); a fraction or exponent
//!   makes a float, as does an integer too large for `i64`. A number glued to letters (`10s`)
//!   is an error with a hint to quote it.
//! - Lists need commas between elements except after a nested list (`[[1] [2]]` is read as HCL1
//!   reads it); extra commas are ignored (`[1,,2,]`).
//!
//! HCL2 syntax (references, function calls, `null`, operators, conditionals, `for`
//! expressions, index and attribute access, splats, type constraints, `key: value` in objects,
//! template directives with quotes inside) gets one
//! [`Code::Hcl2Syntax`](crate::diagnostic::Code::Hcl2Syntax) error for the whole file, at the
//! first occurrence; each later one is added to it as a label (at most 16, then counted in the
//! help). The value becomes [`ValueKind::Expression`](crate::syntax::ValueKind::Expression)
//! with its source text (or [`ValueKind::Null`](crate::syntax::ValueKind::Null)) and reading goes
//! on after it.
//!
//! Reading stops at the first syntax error ([`Code::HclSyntax`]) or at nesting deeper than 128
//! levels. Blocks and objects that the error leaves open are kept with the items read so far.
//!
//! HCL2 (Nomad 1.x and later) is not read here: [`crate::hcl2`] reads it with the `hcl-edit`
//! crate and evaluates it with `hcl-rs`.
//!
//! [`Code::HclSyntax`]: crate::diagnostic::Code::HclSyntax

pub(super) mod lexer;
pub(super) mod parser;
pub(super) mod stream;

use crate::diagnostic::Diagnostic;
use crate::source::SourceId;
use crate::syntax::Body;

pub use stream::{Token, TokenKind, tokens};

/// The HCL dialect a text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// HCL1, what Nomad 0.2 reads (and earlier netplay inventories), read here.
    Hcl1,
    /// HCL2, what Nomad 1.x and later read: [`crate::hcl2::read`] with no variable values.
    Hcl2,
}

/// Reads `text` as `dialect`. Returns the tree and the diagnostics: under HCL1 the items read
/// before the first syntax error (and one `hcl2-syntax` error for HCL2 expressions), under HCL2
/// the evaluated tree, or an empty body on a syntax error.
pub fn parse(text: &str, source: SourceId, dialect: Dialect) -> (Body, Vec<Diagnostic>) {
    match dialect {
        Dialect::Hcl1 => parser::Parser::new(text, source).parse_file(),
        Dialect::Hcl2 => {
            let mut diags = crate::diagnostic::Diagnostics::new();
            let read = crate::hcl2::read(text, source, &crate::hcl2::Inputs::default(), &mut diags);
            let body = read
                .map(|r| r.body)
                .unwrap_or_else(|| Body { items: Vec::new(), span: crate::source::Span::new(0, text.len()) });
            (body, diags.into_vec())
        }
    }
}
