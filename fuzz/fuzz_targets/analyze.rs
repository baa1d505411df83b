//! `analyze` end to end under every Nomad version: the bytes before the first NUL are the
//! jobspec, the rest the inventory (see `netplay_fuzz::split`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplay_core::{NomadVersion, Options, analyze};

fuzz_target!(|data: &[u8]| {
    let (jobspec, nodes) = netplay_fuzz::split(data);
    for &nomad in NomadVersion::ALL {
        let analysis = analyze(&jobspec, &nodes, &Options::for_version(nomad));
        netplay_fuzz::check(&analysis, &jobspec, &nodes);
    }
});
