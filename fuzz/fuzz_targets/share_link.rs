//! The share-link decoder: raw bytes as a URL fragment. A link that opens must encode back to a
//! link that opens to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fragment = netplay_fuzz::text(data);
    let _ = netplay_share::is_state_fragment(&fragment);
    if let Ok(snapshot) = netplay_share::decode(&fragment) {
        let again = netplay_share::encode(&snapshot);
        assert_eq!(netplay_share::decode(&again).as_ref(), Ok(&snapshot));
    }
});
