//! Real cluster data in the playground: a node JSON pasted or dropped into the inventory
//! editor is analysed as it is, and the Inventory as HCL button prints it.
//!
//! Every test is `#[ignore]`d (a run without a browser lists them as ignored, not passed). Run:
//! `cargo test -p netplay-browser-tests --test cluster -- --ignored --skip measure_ --test-threads=1`
//! (scripts/test.sh does); the measurement below is left to its own command.

use netplay_browser_tests::{Browser, BrowserOptions, Harness, workspace_root};
use serde_json::json;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(workspace_root().join("tests/fixtures/cluster").join(name)).expect("fixture")
}

/// Replaces an editor's text the way a paste does: select all, insert the text.
async fn paste(b: &Browser, editor: &str, text: &str) {
    b.js_with(
        "const t = document.getElementById(arguments[0] + '-input'); t.focus(); t.select();\
         document.execCommand('insertText', false, arguments[1]);",
        vec![json!(editor), json!(text)],
    )
    .await;
}

/// The playground under Nomad 1.x (a first visit opens a 0.2 example).
async fn start(h: &Harness) -> Browser {
    let b = h.browser(BrowserOptions::default()).await;
    b.open(&h.url("")).await;
    b.wait_ready().await;
    b.click("#nomad-version option[value=\"1.x\"]").await;
    b
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_pasted_node_json_places_on_its_addresses() {
    let h = Harness::start();
    let b = start(&h).await;
    paste(&b, "jobspec", &fixture("job.hcl")).await;
    paste(&b, "nodes", &fixture("node.json")).await;
    let https = b.wait_env("NOMAD_ADDR_https", |v| v == "203.0.113.5:443").await;
    assert_eq!(https, "203.0.113.5:443");
    let admin = b.wait_env("NOMAD_HOST_IP_admin", |_| true).await;
    assert_eq!(admin, "10.0.0.5", "the default address of the pasted node");
    let problems = b.js("return document.querySelector('[data-testid=diagnostics-summary]').textContent;").await;
    assert_eq!(problems, json!("No problems"));

    b.click("[data-testid=inventory-hcl]").await;
    let printed =
        b.wait_for("document.querySelector('[data-testid=inventory-hcl-text]')?.textContent", "the HCL").await;
    let printed = printed.as_str().unwrap_or_default();
    assert!(printed.contains("node \"edge-1\"") && printed.contains("address \"public\""), "{printed}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_dropped_json_jobspec_is_read_as_it_is() {
    let h = Harness::start();
    let b = start(&h).await;
    paste(&b, "nodes", &fixture("node.json")).await;
    b.js_with(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'job.json', {type: 'application/json'}));\
         document.getElementById('jobspec-input').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        vec![json!(fixture("job.json"))],
    )
    .await;
    b.wait_for("document.getElementById('jobspec-input').value.startsWith('{')", "the dropped file's text").await;
    let https = b.wait_env("NOMAD_ADDR_https", |v| v == "203.0.113.5:443").await;
    assert_eq!(https, "203.0.113.5:443");
    b.close().await;
}

/// `n` node stubs as `/v1/nodes?resources=true` lists them (one line, as `curl` prints it).
fn node_list(n: usize) -> String {
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            let ip = format!("10.{}.{}.10", i / 250, i % 250 + 1);
            format!(
                r#"{{"ID":"node-{i:08}","Name":"client-{i}","Datacenter":"dc1","Status":"ready","SchedulingEligibility":"eligible","Drain":false,"NodeResources":{{"Cpu":{{"CpuShares":8000}},"Memory":{{"MemoryMB":16384}},"Disk":{{"DiskMB":100000}},"Networks":[{{"Mode":"host","Device":"eth0","CIDR":"{ip}/32","IP":"{ip}","MBits":1000}},{{"Mode":"bridge","Device":""}}],"NodeNetworks":[{{"Mode":"host","Device":"eth0","Addresses":[{{"Family":"ipv4","Alias":"default","Address":"{ip}","ReservedPorts":""}}]}}],"MinDynamicPort":20000,"MaxDynamicPort":32000}},"ReservedResources":{{"Cpu":{{"CpuShares":100}},"Memory":{{"MemoryMB":256}},"Networks":{{"ReservedHostPorts":"22"}}}}}}"#
            )
        })
        .collect();
    format!("[{}]", nodes.join(","))
}

/// A measurement for BENCHMARKS.md, not a pass/fail test: a 5,000-node list pasted into the
/// inventory editor; how long until its results are shown, and the longest task on the main
/// thread meanwhile (the analysis runs there: the page does not respond for that long).
///
/// `NETPLAY_DIST=$PWD/dist cargo test -p netplay-browser-tests --release --test cluster measure_ -- --ignored --nocapture`
#[tokio::test]
#[ignore = "a measurement for BENCHMARKS.md; run with --ignored"]
async fn measure_a_pasted_5000_node_list() {
    let h = Harness::start();
    let b = start(&h).await;
    let list = node_list(5_000);
    let result = paste_timed(&b, &format!("# {list}")).await;
    println!("the same text as one HCL comment (nothing to analyse): {result}");
    let result = paste_timed(&b, &list).await;
    println!("5,000 nodes ({} MB) pasted: {result}", list.len() / 1_000_000);
    b.close().await;
}

/// Pastes `text` into the inventory editor; the time until new results and the longest task.
async fn paste_timed(b: &Browser, text: &str) -> serde_json::Value {
    b.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const results = document.querySelector('[data-testid=results]');\
             const gen = +results.dataset.analysisGen; let longest = 0;\
             new PerformanceObserver(l => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); })\
               .observe({ type: 'longtask' });\
             const t = document.getElementById('nodes-input'); t.focus(); t.select();\
             const start = performance.now();\
             document.execCommand('insertText', false, arguments[0]);\
             const poll = () => (+results.dataset.analysisGen > gen)\
               ? setTimeout(() => done({ ms: performance.now() - start, longest }), 50)\
               : setTimeout(poll, 20);\
             poll();",
            vec![json!(text)],
        )
        .await
        .expect("the paste finishes")
}
