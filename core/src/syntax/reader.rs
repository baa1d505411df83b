//! netplay's own HCL reader, with one mode per dialect: HCL1 (Nomad 0.2 jobspecs and the node
//! inventory) and HCL2 (Nomad 1.x jobspecs). Both build the shared, span-carrying tree of
//! [`crate::syntax`], so the decoders never care which dialect a text was written in.
//!
//! The two modes share the tree, the conventions of their diagnostics (messages in netplay's
//! words, user text in backticks, the place of the error as the span) and the nesting limit
//! ([`crate::limits::MAX_NESTING`] levels, reported once as
//! [`Code::LimitExceeded`](crate::diagnostic::Code::LimitExceeded)); recursion is bounded by
//! that limit and time is linear in the input. Their grammars differ enough that each has its
//! own parser: HCL1 is read from tokens (`reader/lexer.rs`, `reader/parser.rs`), HCL2 character
//! by character (`reader/hcl2.rs`), because in HCL2 whether a line break ends an expression
//! depends on where it stands.
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
//! on after it: at a line break, `,` or closing bracket outside the expression's own brackets
//! (inside a list, line breaks do not end it). Bare words without dots (`driver = docker`,
//! `command = echo hi`) are taken for a string that lost its quotes: a syntax error. Blocks
//! such as `variable`, `locals` and `dynamic` are valid HCL1 and read as usual.
//!
//! Reading stops at the first syntax error ([`Code::HclSyntax`](crate::diagnostic::Code::HclSyntax))
//! or at nesting deeper than 128 levels of `{`, `[` and (in HCL2 expressions) `(`. Blocks and
//! objects that the error leaves open are kept with the items read so far (their span ends with
//! the last complete item); an item whose scalar or list value the error cuts is left out.
//!
//! # HCL2 ([`Dialect::Hcl2`])
//!
//! HCL2 as `hashicorp/hcl` v2 (and the `hcl-edit` crate netplay used before) reads it, with
//! these shapes in the tree:
//!
//! - A block `port "http" { ... }` is an item with the keys `port` and `http` (a quoted label
//!   is a quoted key, an identifier label `block foo {}` an unquoted one), `assign = false`
//!   and an object value whose span runs from `{` to `}`. An attribute `static = 80` is an item
//!   with one key and `assign = true`. Item spans run from the first key to the end of the
//!   value; key spans include quotes; the file body spans the whole text.
//! - `null`, booleans and numbers map to their kinds. A number is
//!   [`Number::Int`](crate::syntax::Number::Int) when written without `.` or exponent and it
//!   fits an `i64`, otherwise a float (`1.0` stays a float). `-1` (also `- 1`) is a negative
//!   number, as is one unary minus applied to a number literal (`--1` is `1`).
//! - A quoted string without `${...}` or `%{...}` is a string with its escapes resolved (`$${`
//!   and `%%{` become `${` and `%{`); with them it is a template holding the raw text between the
//!   quotes. A heredoc is a string of its content (the line break before the closing marker
//!   included; `<<-` strips the smallest indentation of its lines) or, with interpolation, a
//!   template of its body as written (`<<-` removes the same indentation from its literal
//!   lines).
//! - `[...]` is a list; an object `{ k = v, "k2": v }` is an object with one item
//!   (`assign = true`) per entry: an identifier key is unquoted, a string key quoted, and any
//!   other key expression (`(var.k)`, `"${x}"`) keeps its source text as an unquoted key.
//! - Anything else (references, function calls, operators, conditionals, `for` expressions,
//!   splats, index and attribute access, parentheses) is an
//!   [`ValueKind::Expression`](crate::syntax::ValueKind::Expression) with its exact source
//!   text. Expressions are checked against the grammar, never evaluated.
//!
//! HCL2 refuses what only HCL1 accepts, each with a [`Code::HclSyntax`] error at the place:
//! several items (or any block) in a block written on one line, commas between items, quoted
//! names (`"rules" = 1`), dotted names (`com.example.x = 1`), hexadecimal and octal numbers,
//! HCL1-only escapes (`\a`, `\x41`, `\101`), an attribute set twice in one block, a quoted
//! string over several lines. It accepts expressions (no `hcl2-syntax` diagnostic), `null`,
//! `key: value` in objects and identifiers with `-`. A syntax error gives an empty body and one
//! diagnostic (the decoders then see nothing rather than half a jobspec).
//!
//! The grammar is the one the `hcl-edit` crate (0.10) accepts: netplay read HCL2 with it before,
//! and the tests compare the two on real jobspecs and on hundreds of thousands of edited and
//! generated ones. That includes its lenient points, which real jobspecs never rely on:
//!
//! - Outside brackets a line break ends an expression, except after the `.` of an attribute
//!   access, and except where the expression starts with a list, a function call or an object
//!   `for` expression: then line breaks are blanks for the rest of it (`f(1)` followed by a line
//!   `+ 2` is one expression).
//! - Keywords are matched as prefixes: `for`, `in` and `if` in `for` expressions and template
//!   directives, `else`, `endif` and `endfor` in directives.
//! - In the body of a `%{ if }` or `%{ for }` directive inside a quoted string, quotes and
//!   backslashes are plain text.
//!
//! It departs from `hcl-edit` where that one is wrong:
//!
//! - A quoted string must end on its line (`hcl-edit` accepts line breaks in it; the previous
//!   reader refused them too).
//! - A heredoc whose first line starts with its closing marker ends there (`hcl-edit` runs on
//!   to a later line starting with the marker, if any).
//! - `<<-` removes no indentation when a literal line of a heredoc with interpolation is not
//!   indented (`hcl-edit` cuts the first characters of that line).
//! - No limit on the number of binary operators in one expression, and nesting up to 128
//!   levels (`hcl-edit` stops at 64, the previous reader at 32).
//! - Identifiers use Rust's Unicode alphabetic and numeric classes rather than XID (the same
//!   for the scripts jobspecs are written in), and a duplicate object key is found by
//!   identifier, by string value or, for another key expression, by its source text (not by the
//!   expression's value: `{1 = a, 1.0 = b}` passes).
//!
//! [`Code::HclSyntax`]: crate::diagnostic::Code::HclSyntax

pub(super) mod hcl2;
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
    /// HCL1, what Nomad 0.2 reads (and netplay's node inventory format).
    Hcl1,
    /// HCL2, what Nomad 1.x reads.
    Hcl2,
}

/// Reads `text` as `dialect`. Returns the tree and the diagnostics: under HCL1 the items read
/// before the first syntax error (and one `hcl2-syntax` error for HCL2 expressions), under HCL2
/// an empty body when there is a syntax error.
pub fn parse(text: &str, source: SourceId, dialect: Dialect) -> (Body, Vec<Diagnostic>) {
    match dialect {
        Dialect::Hcl1 => parser::Parser::new(text, source).parse_file(),
        Dialect::Hcl2 => hcl2::parse(text, source),
    }
}
