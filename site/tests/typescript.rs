//! `/api/netplay.d.ts` against `tsc`: a small consumer written as a site would write it, and
//! real analyses (every example of the repository under every version, and cluster data,
//! serialized as the JS API and the CLI serialize them) as typed literals. A field the declarations lack, a type
//! they get wrong or an optional field they mark required fails here.
//!
//! `tsc` comes from npm into `.tools/` (scripts/setup.sh).

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use netplay_core::{ClusterInputs, NomadVersion, Options, analyze};

fn tsc() -> PathBuf {
    let tsc = netplay_site::repo_root().join(".tools/node_modules/.bin/tsc");
    assert!(tsc.is_file(), "{} is missing: run scripts/setup.sh (it installs TypeScript from npm)", tsc.display());
    tsc
}

const CONSUMER: &str = r#"
import init, { analyze, mountEmbed, DEFAULT_NODES, PLAYGROUND_URL, STYLESHEET_URL, type Analysis, type AnalyzeOptions, type EnvVar } from "./netplay.js";

export async function live(host: Element, mount: Element): Promise<string> {
  await init();
  mountEmbed(host, mount, PLAYGROUND_URL);
  return STYLESHEET_URL;
}

export async function ports(jobspec: string): Promise<number[]> {
  await init();
  const options: AnalyzeOptions = { nomad: "0.2", seed: 7, variables: { http_port: 8080, name: "web", on: true } };
  const result: Analysis = analyze(jobspec, null, options);
  const fromDefault: Analysis = analyze(jobspec, DEFAULT_NODES);
  const env: EnvVar[] = result.placements.flatMap((p) => p.tasks.flatMap((t) => t.env));
  const warned: string[] = env.flatMap((v) => (v.warning === undefined ? [] : [v.warning]));
  const where: string[] = result.diagnostics.map((d) => `${d.code} ${d.start.line}:${d.start.column} ${d.help ?? ""}`);
  const node: string | null = fromDefault.placements[0]?.node ?? null;
  console.log(warned, where, node, result.job?.type, result.nomad === "0.2" || result.nomad === "2.x", result.version_hint?.suggest);
  return result.placements.flatMap((p) => p.tasks.flatMap((t) => t.network?.ports.map((port) => port.host) ?? []));
}
"#;

#[test]
fn the_declarations_type_check_a_consumer_and_real_results() {
    let dir = std::env::temp_dir().join(format!("netplay-tsc-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    fs::write(dir.join("netplay.d.ts"), netplay_embed::typescript::declarations()).expect("write d.ts");
    fs::write(dir.join("consumer.ts"), CONSUMER).expect("write consumer");

    let examples = netplay_site::repo_root().join("examples");
    let mut samples = Vec::new();
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(&examples).expect("examples").filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    for dir in dirs {
        let (Ok(job), Ok(nodes)) = (fs::read_to_string(dir.join("job.hcl")), fs::read_to_string(dir.join("nodes.hcl")))
        else {
            continue;
        };
        for nomad in NomadVersion::ALL {
            let analysis = analyze(&job, &nodes, &Options::for_version(*nomad));
            samples.push(serde_json::to_string(&analysis).expect("serializes"));
        }
    }
    // Cluster data: Nomad's node JSON, a node list with allocations (one list broken, for
    // diagnostics in an allocations file), an agent configuration with its addresses, a JSON job.
    let cluster = netplay_site::repo_root().join("tests/fixtures/cluster");
    let fixture = |name: &str| fs::read_to_string(cluster.join(name)).expect("cluster fixture");
    let with = |allocations: Vec<String>, interfaces: Option<String>| Options {
        cluster: ClusterInputs { allocations, interfaces },
        ..Options::for_version(NomadVersion::V1)
    };
    for (job, nodes, options) in [
        ("job.hcl", "node.json", with(vec![], None)),
        ("job.hcl", "nodes.json", with(vec![fixture("allocs.json"), "[{\"ID\": ".into()], None)),
        ("job.hcl", "client.hcl", with(vec![], Some(fixture("addrs.json")))),
        ("job.json", "node.json", with(vec![], None)),
    ] {
        let analysis = analyze(&fixture(job), &fixture(nodes), &options);
        samples.push(serde_json::to_string(&analysis).expect("serializes"));
    }
    // Results with diagnostics of every shape: a syntax error, labels, help.
    for broken in ["job \"x\" {", "job \"x\" { group \"g\" { network { port \"a\" { static = 1 } port \"a\" {} } } }"] {
        samples.push(serde_json::to_string(&analyze(broken, "", &Options::default())).expect("serializes"));
    }
    assert!(samples.len() > 30);
    let typed = format!(
        "import type {{ Analysis }} from \"./netplay.js\";\nexport const samples: Analysis[] = [\n{}\n];\n",
        samples.join(",\n")
    );
    fs::write(dir.join("samples.ts"), typed).expect("write samples");

    let output = Command::new(tsc())
        .current_dir(&dir)
        .args([
            "--noEmit",
            "--strict",
            "--exactOptionalPropertyTypes",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
            "consumer.ts",
            "samples.ts",
        ])
        .output()
        .expect("run tsc");
    assert!(
        output.status.success(),
        "tsc rejected the declarations:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
