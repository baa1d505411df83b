//! Share links: the codec is the `netplay-share` crate (native, so that it is tested and fuzzed
//! without a browser); the app uses it through this module.

pub use netplay_share::{
    Attached, AttachedKind, MAX_ATTACHED, MAX_SHARED_VARIABLES, Snapshot, decode, encode, fits, is_state_fragment,
};
