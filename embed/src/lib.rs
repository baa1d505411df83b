//! # netplay-embed
//!
//! The pieces that the browser (the live embeds in documentation pages and the JS API) and
//! the native docs build share, kept free of any browser code so both run them alike:
//!
//! - [`options`]: the JS API's `options` argument and its checks;
//! - [`expect`]: an example's declared expectation or challenge (`data-expect`,
//!   `data-challenge`), read from text and checked against an [`Analysis`];
//! - [`notes`]: the inline results beside each `port` line of a jobspec;
//! - [`settings`]: an embed's settings, read from its `data-*` attributes;
//! - `typescript` (feature `ts`): the declarations of `/api/netplay.d.ts`, derived from the
//!   Rust types so they cannot drift.
//!
//! [`Analysis`]: netplay_core::Analysis

pub mod expect;
pub mod notes;
pub mod options;
pub mod settings;
#[cfg(feature = "ts")]
pub mod typescript;

/// The inventory an example runs on when it names none: one client, `node-1`, with one
/// interface `eth0` at `10.0.0.10` and Nomad's default dynamic port range.
pub const DEFAULT_NODES: &str = include_str!("../default-nodes.hcl");
