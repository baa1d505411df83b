//! The jobspec readers and decoders, both dialects: raw bytes as a jobspec, checked under every
//! Nomad version (HCL1 under 0.2; HCL2, with the HCL1 fallback, under 1.x).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplay_core::{NomadVersion, Options, check};

fuzz_target!(|data: &[u8]| {
    let text = netplay_fuzz::text(data);
    for &nomad in NomadVersion::ALL {
        for d in check(&text, &Options::for_version(nomad)) {
            netplay_fuzz::check_diagnostic(&d, &text, "");
        }
    }
});
