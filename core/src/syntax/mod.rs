//! A small, span-carrying HCL tree shared by both dialects.
//!
//! HCL1 (what Nomad 0.2 reads) does not tell blocks from attributes holding objects:
//! `port_map { a = 1 }` and `port_map = { a = 1 }` are the same item. The tree follows that
//! model: a [`Body`] is a list of [`Item`]s, each with one or more keys (`port "http"` has
//! the keys `port` and `http`) and a [`Value`]. Readers of the tree (the jobspec and
//! inventory decoders) then never care which dialect produced it.
//!
//! [`reader`] reads HCL1 into this tree ([`parse`], [`hcl1::parse`]); [`crate::hcl2`] reads and
//! evaluates HCL2 into it. Expressions are not evaluated. Strings containing
//! `${...}` are kept as [`ValueKind::Template`] with their raw text; anything else that is not
//! a literal becomes [`ValueKind::Expression`].
//!
//! [`tokens`] is the same lexer's lenient token stream, for syntax highlighting: it never stops
//! at an error and reads HCL2 text too.

pub mod braces;
pub mod hcl1;
pub mod read;
pub mod reader;
#[cfg(test)]
pub(crate) mod testing;

pub use reader::{Dialect, Token, TokenKind, parse, tokens};

use crate::source::Span;

/// An ordered list of items: the whole file, or the inside of `{ ... }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    /// Items in file order.
    pub items: Vec<Item>,
    /// From the opening to the closing brace (the whole text for a file).
    pub span: Span,
}

/// One `keys... = value` or `keys... { body }` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The first key is the item's name; later keys are block labels.
    pub keys: Vec<Key>,
    /// The value: an [`ValueKind::Object`] for blocks.
    pub value: Value,
    /// True when written with `=` (an attribute), false for block syntax.
    pub assign: bool,
    /// The whole item, from the first key to the end of the value.
    pub span: Span,
}

impl Item {
    /// The item's name (its first key).
    pub fn name(&self) -> &str {
        self.keys.first().map_or("", |k| k.text.as_str())
    }

    /// The span of the name (or of the whole item when there is no key).
    pub fn name_span(&self) -> Span {
        self.keys.first().map_or(self.span, |k| k.span)
    }

    /// The keys after the name (block labels).
    pub fn labels(&self) -> &[Key] {
        self.keys.get(1..).unwrap_or(&[])
    }

    /// The body, when the value is an object.
    pub fn body(&self) -> Option<&Body> {
        match &self.value.kind {
            ValueKind::Object(body) => Some(body),
            _ => None,
        }
    }
}

/// An identifier or a quoted string used as a key or label.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key with quotes removed and escapes resolved.
    pub text: String,
    /// True if it was written in quotes.
    pub quoted: bool,
    /// Where it was written (including quotes).
    pub span: Span,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// What kind of value.
    pub kind: ValueKind,
    /// Its text in the source.
    pub span: Span,
}

/// The kinds of value the decoders understand.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `true` / `false`.
    Bool(bool),
    /// A number; integers keep full precision.
    Number(Number),
    /// A string without interpolation (escapes resolved, heredocs included).
    String(String),
    /// A string containing `${...}` or `%{...}`: its raw, unevaluated text.
    Template(String),
    /// `[ ... ]`.
    List(Vec<Value>),
    /// `{ ... }`: a block body or an object value.
    Object(Body),
    /// `null` (HCL2).
    Null,
    /// Any other HCL2 expression, unevaluated (its source text).
    Expression(String),
}

impl ValueKind {
    /// A short noun for messages: `string`, `number`, `block`, ...
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueKind::Bool(_) => "bool",
            ValueKind::Number(_) => "number",
            ValueKind::String(_) => "string",
            ValueKind::Template(_) => "interpolated string",
            ValueKind::List(_) => "list",
            ValueKind::Object(_) => "block",
            ValueKind::Null => "null",
            ValueKind::Expression(_) => "expression",
        }
    }
}

/// A numeric literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Fits in an `i64`.
    Int(i64),
    /// Has a fraction or exponent, or is too large for `i64`.
    Float(f64),
}

impl Body {
    /// Items whose name is `name` (exact, case-sensitive), in order.
    pub fn items_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |item| item.name() == name)
    }

    /// The last item named `name` (HCL1 decoding keeps the last of repeated attributes).
    pub fn last_named(&self, name: &str) -> Option<&Item> {
        self.items.iter().rev().find(|item| item.name() == name)
    }
}
