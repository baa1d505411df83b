//! The inventory reader: raw bytes as a node inventory, analysed against a small job under
//! every Nomad version.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplay_core::{NomadVersion, Options, analyze};

fuzz_target!(|data: &[u8]| {
    let nodes = netplay_fuzz::text(data);
    for &nomad in NomadVersion::ALL {
        let analysis = analyze(netplay_fuzz::JOB, &nodes, &Options::for_version(nomad));
        netplay_fuzz::check(&analysis, netplay_fuzz::JOB, &nodes);
    }
});
