//! # netplay-share
//!
//! The playground's share links: the whole state of the page in a URL fragment.
//!
//! Format `v3.<payload>` (links of the older `v1` and `v2` still open): `payload` is base64url (no
//! padding) of the zlib stream (deflate with an Adler-32 checksum, so a damaged link is detected rather than half-read) of a small binary
//! record (see [`FORMAT`]). Decoding either returns a complete, validated snapshot or a
//! [`ShareError`] that says what is wrong; nothing is applied half-way. The same string is what
//! the app autosaves to `localStorage`.
//!
//! The record is binary rather than JSON: two strings and three scalars need no parser, and
//! every link written since the first build keeps this layout.
//!
//! It is its own crate, apart from the web app, so that it builds and is tested and fuzzed
//! natively (`fuzz/`); the web app re-exports it as `crate::share`.

mod codec;
mod tab;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use codec::*;
pub use tab::Tab;
