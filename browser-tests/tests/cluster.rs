//! Real cluster data in the playground: a node JSON pasted or dropped into the inventory
//! editor is analysed as it is, and the Inventory as HCL button prints it; allocation lists and
//! `ip -j addr` output pasted or dropped there are attached to it; large inputs are analysed
//! in the background (a Web Worker) with a Cancel.
//!
//! Every test is `#[ignore]`d (a run without a browser lists them as ignored, not passed). Run:
//! `cargo test -p netplay-browser-tests --test cluster -- --ignored --skip measure_ --test-threads=1`
//! (scripts/test.sh does); the measurement below is left to its own command.

use netplay_browser_tests::{Browser, BrowserOptions, Harness, workspace_root};
use netplay_core::{ClusterInputs, NomadVersion, Options, analyze};
use serde_json::{Value, json};

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

/// Pastes `text` into the inventory editor as the clipboard hands it over (a `paste` event
/// carrying the text), so the app may attach it instead of inserting it.
async fn clipboard_paste(b: &Browser, text: &str) {
    b.js_with(
        "const dt = new DataTransfer(); dt.setData('text/plain', arguments[0]);\
         const t = document.getElementById('nodes-input'); t.focus();\
         const e = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });\
         if (t.dispatchEvent(e)) document.execCommand('insertText', false, arguments[0]);",
        vec![json!(text)],
    )
    .await;
}

/// Drops a file named `name` holding `text` on the inventory editor.
async fn drop_on_nodes(b: &Browser, name: &str, text: &str) {
    b.js_with(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[1]], arguments[0], {type: 'application/json'}));\
         document.getElementById('nodes-input').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        vec![json!(name), json!(text)],
    )
    .await;
}

/// The attached inputs' chips: `[name, kind]` each.
async fn chips(b: &Browser) -> Value {
    b.js("return [...document.querySelectorAll('[data-testid=attached-chip]')].map(c => [c.dataset.name, c.dataset.kind]);")
        .await
}

/// The page's diagnostics as `source:line:column code` lines, in order.
async fn problems(b: &Browser) -> Vec<String> {
    let v = b
        .js("return [...document.querySelectorAll('[data-testid=diagnostic]')]\
             .map(d => `${d.dataset.source}:${d.dataset.line}:${d.dataset.column} ${d.dataset.code}`);")
        .await;
    v.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
}

/// The same lines as [`problems`], of core's native analysis.
fn native_problems(job: &str, nodes: &str, cluster: ClusterInputs) -> Vec<String> {
    let options = Options { nomad: NomadVersion::V1, cluster, ..Options::default() };
    let analysis = analyze(job, nodes, &options);
    analysis
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}:{} {}", d.source.name(), d.start.line, d.start.column, d.code.as_str()))
        .collect()
}

/// Waits until the page lists exactly `expected` problems.
async fn wait_problems(b: &Browser, expected: &[String]) {
    for _ in 0..200 {
        if problems(b).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(problems(b).await, expected, "the page's problems are core's");
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
    // Saved with a byte order mark, as some Windows editors write: the file's text is read as a
    // browser decodes a file, without it.
    b.js_with(
        "const dt = new DataTransfer(); dt.items.add(new File(['\\uFEFF' + arguments[0]], 'job.json', {type: 'application/json'}));\
         document.getElementById('jobspec-input').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        vec![json!(fixture("job.json"))],
    )
    .await;
    b.wait_for("document.getElementById('jobspec-input').value.startsWith('{')", "the dropped file's text").await;
    let https = b.wait_env("NOMAD_ADDR_https", |v| v == "203.0.113.5:443").await;
    assert_eq!(https, "203.0.113.5:443");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn allocations_pasted_or_dropped_on_the_inventory_are_attached_and_analysed_with_it() {
    let h = Harness::start();
    let b = start(&h).await;
    let (job, nodes, allocs) = (fixture("job.hcl"), fixture("nodes.json"), fixture("allocs.json"));
    paste(&b, "jobspec", &job).await;
    paste(&b, "nodes", &nodes).await;
    wait_problems(&b, &native_problems(&job, &nodes, ClusterInputs::default())).await;

    clipboard_paste(&b, &allocs).await;
    b.wait_for("document.querySelector('[data-testid=attached-chip]')", "the pasted allocations' chip").await;
    assert_eq!(chips(&b).await, json!([["pasted allocations", "allocations"]]));
    assert_eq!(b.editor_text("nodes").await, nodes, "the inventory's text stays as it was");
    let detail = b.js("return document.querySelector('[data-testid=attached-chip]').textContent;").await;
    assert!(detail.as_str().is_some_and(|d| d.contains("4 allocations")), "{detail}");
    let with = ClusterInputs { allocations: vec![allocs.clone()], ..ClusterInputs::default() };
    let expected = native_problems(&job, &nodes, with);
    assert!(expected.iter().any(|p| p.starts_with("allocations file:")), "{expected:?}");
    wait_problems(&b, &expected).await;

    // A problem in an attached input takes the focus to its chip.
    b.click("[data-testid=diagnostic][data-source='allocations file']").await;
    let focused = b.js("return document.activeElement.dataset.name || null;").await;
    assert_eq!(focused, json!("pasted allocations"));

    // The same list dropped as a file is a second input, named by its file.
    drop_on_nodes(&b, "allocs.json", &allocs).await;
    b.wait_for("document.querySelectorAll('[data-testid=attached-chip]').length === 2", "the dropped file's chip")
        .await;
    b.click("[data-testid=attached-chip] [data-testid=detach]").await;
    b.click("[data-testid=attached-chip] [data-testid=detach]").await;
    b.wait_for("!document.querySelector('[data-testid=attached-chip]')", "no chips").await;
    wait_problems(&b, &native_problems(&job, &nodes, ClusterInputs::default())).await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn an_agent_configuration_asks_for_the_host_s_addresses_and_takes_them_attached() {
    let h = Harness::start();
    let b = start(&h).await;
    let (job, client, addrs) = (fixture("job.hcl"), fixture("client.hcl"), fixture("addrs.json"));
    paste(&b, "jobspec", &job).await;
    paste(&b, "nodes", &client).await;
    let help = b
        .wait_for(
            "[...document.querySelectorAll('[data-testid=diagnostic][data-code=missing-input]')].map(d => d.textContent).join()",
            "the missing addresses",
        )
        .await;
    assert!(help.as_str().is_some_and(|h| h.contains("ip -j addr")), "{help}");

    drop_on_nodes(&b, "addrs.json", &addrs).await;
    b.wait_for("document.querySelector('[data-testid=attached-chip][data-kind=interfaces]')", "the addresses' chip")
        .await;
    let with = ClusterInputs { interfaces: Some(addrs.clone()), ..ClusterInputs::default() };
    wait_problems(&b, &native_problems(&job, &client, with)).await;
    // The same configuration written as JSON gives the same node.
    paste(&b, "nodes", &fixture("client.json")).await;
    let with = ClusterInputs { interfaces: Some(addrs), ..ClusterInputs::default() };
    wait_problems(&b, &native_problems(&job, &fixture("client.json"), with)).await;
    b.close().await;
}

/// Serves the benchmarks' cluster (`netplay_tests::cluster_export`) next to the bundle, as
/// `cluster/nodes.json` and `cluster/allocs.json`; returns their sizes in bytes.
fn serve_cluster(h: &Harness) -> (usize, usize) {
    use netplay_tests::cluster_export::{ALLOCS_PER_NODE, NODES, allocations, nodes};
    let (nodes, allocs) = (nodes(NODES), allocations(NODES, ALLOCS_PER_NODE));
    let sizes = (nodes.len(), allocs.len());
    h.add_page("cluster/nodes.json", nodes);
    h.add_page("cluster/allocs.json", allocs);
    sizes
}

/// In the page: fetches `cluster/<name>` and drops it on the inventory editor as a file, or
/// pastes it there (`paste`: a `paste` event carrying the text, as Ctrl+V gives it); then
/// waits for results of the worker. Answers the time from the drop or paste until the event
/// was handled (`handled`), until the next frame was painted (`painted`) and until the results
/// were shown (`ms`), and the longest main-thread task meanwhile. The file or clipboard data is
/// built in a task of its own before (building a 69 MB `File` takes the script a quarter of a
/// second), so that only the page's own work is timed.
const CLUSTER_STEP: &str = "const [name, how, done] = arguments;\
    fetch('cluster/' + name).then(r => r.text()).then(text => {\
      const dt = new DataTransfer();\
      if (how === 'paste') dt.setData('text/plain', text); else dt.items.add(new File([text], name));\
      setTimeout(() => step(text, dt), 0);\
    });\
    const step = (text, dt) => {\
      const results = document.querySelector('[data-testid=results]');\
      const main = document.querySelector('main.workspace');\
      const gen = +results.dataset.analysisGen; let longest = 0;\
      const seen = new PerformanceObserver(l => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); });\
      seen.observe({ type: 'longtask' });\
      const t = document.getElementById('nodes-input');\
      const start = performance.now();\
      if (how === 'paste') { t.focus(); t.select();\
        const e = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });\
        if (t.dispatchEvent(e)) document.execCommand('insertText', false, text); }\
      else t.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));\
      const handled = Math.round(performance.now() - start); let painted = 0;\
      requestAnimationFrame(() => setTimeout(() => { painted = Math.round(performance.now() - start); }, 0));\
      const poll = () => (+results.dataset.analysisGen > gen && main.dataset.analysis === 'worker'\
          && !document.querySelector('[data-testid=analysing]'))\
        ? setTimeout(() => { seen.disconnect(); done({ ms: Math.round(performance.now() - start), handled, painted, longest }); }, 50)\
        : setTimeout(poll, 10);\
      poll();\
    };";

async fn cluster_step(b: &Browser, name: &str, how: &str) -> Value {
    b.client.execute_async(CLUSTER_STEP, vec![json!(name), json!(how)]).await.expect("the step finishes")
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_cluster_s_export_is_analysed_in_the_background_with_the_native_results() {
    let h = Harness::start();
    serve_cluster(&h);
    let b = start(&h).await;
    paste(&b, "jobspec", netplay_tests::cluster_export::JOB).await;
    cluster_step(&b, "allocs.json", "drop").await;
    cluster_step(&b, "nodes.json", "paste").await;
    let (nodes, allocs) = {
        use netplay_tests::cluster_export::{ALLOCS_PER_NODE, NODES, allocations, nodes};
        (nodes(NODES), allocations(NODES, ALLOCS_PER_NODE))
    };
    let with = ClusterInputs { allocations: vec![allocs], ..ClusterInputs::default() };
    let native = analyze(
        netplay_tests::cluster_export::JOB,
        &nodes,
        &Options { nomad: NomadVersion::V1, cluster: with, ..Options::default() },
    );
    let placed = b.js("return document.querySelector('[data-testid=results]').textContent;").await;
    assert_eq!(native.summary.placed, 20);
    let first = &native.placements[0];
    let host = first.tasks[0].env.iter().find(|v| v.name == "NOMAD_ADDR_http").expect("NOMAD_ADDR_http");
    assert!(placed.as_str().is_some_and(|t| t.contains(&host.value)), "{} not in the results", host.value);
    assert_eq!(chips(&b).await, json!([["allocs.json", "allocations"]]));
    let note = b.js("return document.querySelector('[data-testid=not-saved]') !== null;").await;
    assert_eq!(note, json!(true), "the 69 MB list says it is not in links");
    let unsaved = b.js("return document.querySelector('[data-testid=unsaved]') !== null;").await;
    assert_eq!(unsaved, json!(true), "the 8 MB inventory is too large for the autosave, and says so");

    // Cancel ends a running analysis; the results stay, marked as of the inputs before.
    b.js("const t = document.getElementById('jobspec-input'); t.focus(); t.setSelectionRange(0, 0);\
          document.execCommand('insertText', false, '# edited\\n');")
        .await;
    b.wait_for("document.querySelector('[data-testid=analysing-cancel]')", "the busy notice").await;
    b.click("[data-testid=analysing-cancel]").await;
    b.wait_for("document.querySelector('[data-testid=analysis-cancelled]')", "the cancelled notice").await;
    assert_eq!(b.js("return !!document.querySelector('[data-testid=analysing]');").await, json!(false));
    b.click("[data-testid=analysis-cancelled] button").await;
    b.wait_for(
        "!document.querySelector('[data-testid=analysing]') && !document.querySelector('[data-testid=analysis-cancelled]')",
        "the analysis again",
    )
    .await;
    b.close().await;
}

/// A measurement for BENCHMARKS.md, not a pass/fail test: the native benchmark's cluster
/// (5,000 nodes, 50,000 allocations) given to the page: the allocation list dropped on the
/// inventory editor, then the node list pasted into it. For each step, the time until its
/// results are shown and the longest main-thread task meanwhile.
///
/// `NETPLAY_DIST=$PWD/dist cargo test -p netplay-browser-tests --release --test cluster measure_a_5000 -- --ignored --nocapture`
#[tokio::test]
#[ignore = "a measurement for BENCHMARKS.md; run with --ignored"]
async fn measure_a_5000_node_50000_allocation_cluster() {
    let h = Harness::start();
    let (nodes, allocs) = serve_cluster(&h);
    let b = start(&h).await;
    paste(&b, "jobspec", netplay_tests::cluster_export::JOB).await;
    let dropped = cluster_step(&b, "allocs.json", "drop").await;
    println!("50,000 allocations ({} MB) dropped: {dropped}", allocs / 1_000_000);
    let pasted = cluster_step(&b, "nodes.json", "paste").await;
    println!("then 5,000 nodes ({} MB) pasted: {pasted}", nodes / 1_000_000);
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
/// thread meanwhile (over 256 KB, the analysis runs in the background worker).
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

/// Pastes `text` into the inventory editor as Ctrl+V does (a `paste` event, then the insertion
/// unless the app took the text itself); the time until new results and the longest task.
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
             const dt = new DataTransfer(); dt.setData('text/plain', arguments[0]);\
             const e = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });\
             if (t.dispatchEvent(e)) document.execCommand('insertText', false, arguments[0]);\
             const poll = () => (+results.dataset.analysisGen > gen)\
               ? setTimeout(() => done({ ms: performance.now() - start, longest }), 50)\
               : setTimeout(poll, 20);\
             poll();",
            vec![json!(text)],
        )
        .await
        .expect("the paste finishes")
}
