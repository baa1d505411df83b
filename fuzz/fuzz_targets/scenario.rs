//! Structured inputs: `arbitrary` builds a jobspec and an inventory with ports, host networks,
//! reserved ports, dynamic ranges and allocations (`netplay_fuzz::Scenario`). The analysis must
//! pass the diagnostic checks, give plausible ports, and be the same when run twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netplay_core::{Options, analyze};

fuzz_target!(|data: &[u8]| {
    let Some(scenario) = netplay_fuzz::scenario(data) else { return };
    let (jobspec, nodes) = (scenario.jobspec(), scenario.inventory());
    let options = Options { nomad: scenario.version(), seed: scenario.seed, ..Options::default() };
    let analysis = analyze(&jobspec, &nodes, &options);
    netplay_fuzz::check(&analysis, &jobspec, &nodes);
    netplay_fuzz::check_ports(&analysis);
    assert_eq!(analyze(&jobspec, &nodes, &options), analysis, "the same inputs gave two analyses");
});
