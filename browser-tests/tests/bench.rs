//! Measurements for BENCHMARKS.md ("Web app"), as an ignored test so they can be re-run:
//!
//! ```text
//! trunk build --release
//! NETPLAY_DIST=$PWD/dist \
//!   cargo test -p netplay-browser-tests --release --test bench -- --ignored --nocapture
//! ```
//!
//! 1. Bundle size: wasm + js + css of the bundle, raw and `gzip -9`.
//! 2. First load to interactive: navigation start → `performance.mark("netplay:ready")`, which
//!    the app sets after its first render, results included. Fresh first visits (storage
//!    cleared; the server sends `Cache-Control: no-store`, so every load fetches and compiles
//!    the wasm again).
//! 3. Keystroke → results painted, on the seed page's example (opened as a link): inside a `requestAnimationFrame`
//!    callback (the start of a frame, where the browser dispatches input) one character is
//!    inserted with `execCommand("insertText")` (or deleted), which fires the same `input`
//!    event as typing; a message posted from that callback runs once the frame's style, layout
//!    and paint are done. The sample is the time between the two, and only counts when the
//!    results panel's `data-analysis-gen` has moved on by then (else the frame did not show new
//!    results and the sample is reported as missed). The edits alternate `memory = 256` ↔
//!    `2516`, so every keystroke changes `NOMAD_MEMORY_LIMIT` in the Env tab.
//! 5. First load on an emulated Fast 4G link (Chromium's DevTools network emulation: 9 Mbit/s
//!    down, 1.5 Mbit/s up, 150 ms latency, cache disabled): navigation start → first results.
//! 6. Keystroke → results painted on the largest jobspec of `../shared/corpus/real-world/`
//!    (opened through a share link), as in 3., typing a comment character at its end.
//! 4. A huge input: the seed page's jobspec grown to just under netplay's input limit (about 500 KB,
//!    7 500 `meta` lines; 800 KB before the limit became 512 KiB), set at
//!    once with an `input` event, as a paste does (time to the next paint), then typed into (the same per-keystroke timing as
//!    3., without requiring new results: analysis is debounced at that size).

use std::process::Command;

use netplay_browser_tests::{BrowserOptions, Harness, dist, target_dir};
use serde_json::{Value, json};

fn gzip9(path: &std::path::Path) -> u64 {
    let out = Command::new("gzip").arg("-9c").arg(path).output().expect("gzip");
    out.stdout.len() as u64
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

const KEYSTROKES: &str = r#"
const done = arguments[arguments.length - 1];
const count = arguments[0], warmup = arguments[1], pause = arguments[2], atEnd = arguments[3];
const ta = document.getElementById('jobspec-input');
const results = document.querySelector('[data-testid=results]');
const gen = () => +results.dataset.analysisGen;
// On the seed page's example the edit toggles `memory = 256` <-> `2516`; with `atEnd` (any
// jobspec) it types and deletes a `#` at the end of the text.
const anchor = atEnd ? ta.value.length : ta.value.indexOf('memory = 256') + 'memory = 25'.length;
if (!atEnd && anchor < 20) { done({ error: 'memory = 256 not found' }); return; }
const typed = atEnd ? '#' : '1';
ta.focus();
const samples = [], missed = [];
let i = 0;
(async () => {
  while (i < count + warmup) {
    const [ms, updated] = await new Promise(resolve => {
      // Dispatch at the start of a frame, as the browser does with input; the message posted
      // here is delivered once this frame has been styled, laid out and painted.
      requestAnimationFrame(() => {
        const before = gen();
        const t0 = performance.now();
        if (i % 2 === 0) { ta.setSelectionRange(anchor, anchor); document.execCommand('insertText', false, typed); }
        else { ta.setSelectionRange(anchor + 1, anchor + 1); document.execCommand('delete'); }
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve([performance.now() - t0, gen() > before]);
        ch.port2.postMessage(0);
      });
    });
    if (i >= warmup) { (updated ? samples : missed).push(ms); }
    i += 1;
    await new Promise(r => setTimeout(r, pause));
  }
  done({ samples, missed });
})();
"#;

const HUGE: &str = r#"
const done = arguments[arguments.length - 1];
const lines = arguments[0], count = arguments[1];
const ta = document.getElementById('jobspec-input');
const results = document.querySelector('[data-testid=results]');
const gen = () => +results.dataset.analysisGen;
const big = ta.value.replace('job "webservice" {',
  'job "webservice" {\n' + '  meta { k = "some value here" } # filler line for a large jobspec\n'.repeat(lines));
const painted = (edit) => new Promise(resolve => requestAnimationFrame(() => {
  const t0 = performance.now(); edit();
  const ch = new MessageChannel(); ch.port1.onmessage = () => resolve(performance.now() - t0); ch.port2.postMessage(0);
}));
(async () => {
  const out = { bytes: big.length, keys: [] };
  // Set like a paste would (execCommand with 500 KB is slow in Chromium's editing code itself).
  out.paste = await painted(() => { ta.focus(); ta.value = big; ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' })); });
  await new Promise(r => setTimeout(r, 1000));
  // The results of the last keystroke: the generation before it, and the time from it until
  // the results panel shows a later one (at once when the analysis ran in its frame).
  let before = gen(), t = performance.now();
  for (let i = 0; i < count; i++) {
    before = gen(); t = performance.now();
    out.keys.push(await painted(() => { ta.setSelectionRange(40, 40); document.execCommand('insertText', false, 'x'); }));
    if (i + 1 < count) await new Promise(r => setTimeout(r, 30));
  }
  while (gen() === before && performance.now() - t < 10000) await new Promise(r => setTimeout(r, 5));
  out.settle = performance.now() - t;
  done(out);
})();
"#;

/// `count` first visits of the playground in `b`: navigation start → the app's
/// `netplay:ready` mark, in milliseconds, in load order.
async fn first_loads(b: &netplay_browser_tests::Browser, h: &Harness, count: usize) -> Vec<f64> {
    let mut loads = Vec::new();
    for _ in 0..count {
        b.client.goto("about:blank").await.expect("blank");
        b.client.goto(&h.url("")).await.expect("load");
        b.wait_ready().await;
        let ready = b.js("return performance.getEntriesByName('netplay:ready')[0].startTime;").await;
        loads.push(ready.as_f64().expect("ready mark"));
        // Keep every load a first visit.
        b.js("localStorage.clear();").await;
    }
    loads
}

/// The largest file of the real-world corpus, if it is beside the project.
fn largest_corpus_file() -> Option<(String, String)> {
    let dir = netplay_browser_tests::workspace_root().join("../shared/corpus/real-world");
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("tsv") {
            continue;
        }
        let size = std::fs::metadata(&path).ok()?.len();
        if best.as_ref().is_none_or(|(s, _)| size > *s) {
            best = Some((size, path));
        }
    }
    let (_, path) = best?;
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path.file_name()?.to_string_lossy().into_owned(), text))
}

#[tokio::test]
#[ignore = "measurement for BENCHMARKS.md; run with --ignored --nocapture"]
async fn measure_bundle_load_and_keystrokes() {
    let h = Harness::start();
    let mut report = String::new();

    // 1. Bundle size.
    let (mut raw, mut gz) = (0u64, 0u64);
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dist()).expect("dist") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_string();
        if !["wasm", "js", "css"].contains(&ext.as_str()) {
            continue;
        }
        let size = std::fs::metadata(&path).expect("size").len();
        let zipped = gzip9(&path);
        raw += size;
        gz += zipped;
        rows.push(format!("| {ext} | {size} | {zipped} |"));
    }
    rows.sort();
    report.push_str("| file | raw bytes | gzip -9 bytes |\n|---|---|---|\n");
    for r in &rows {
        report.push_str(r);
        report.push('\n');
    }
    report.push_str(&format!("| **total** | **{raw}** | **{gz}** ({:.1} KiB) |\n\n", gz as f64 / 1024.0));

    // 2. First load to interactive.
    let b = h.browser(BrowserOptions::default()).await;
    let loads = first_loads(&b, &h, 12).await;
    // The first load warms the OS page cache and Chromium's process pool; report the rest.
    let mut warm: Vec<f64> = loads[1..].to_vec();
    warm.sort_by(f64::total_cmp);
    report.push_str(&format!(
        "first load to interactive (navigation start → first results shown), {} loads: median {:.0} ms, p95 {:.0} ms, max {:.0} ms (cold first load {:.0} ms)\n\n",
        warm.len(),
        percentile(&warm, 50.0),
        percentile(&warm, 95.0),
        warm.last().copied().unwrap_or(0.0),
        loads[0]
    ));

    // 3. Keystroke → results painted, on the seed page's example (the measurements before the
    // first visit moved to a modern example were taken on it).
    let seed = netplay_browser_tests::share_fragment(
        &netplay_browser_tests::example("seed-dynamic-ports", "job.hcl"),
        &netplay_browser_tests::example("seed-dynamic-ports", "nodes.hcl"),
        "0.2",
        1,
        "env",
    );
    b.client.goto("about:blank").await.expect("blank");
    b.open(&h.url(&seed)).await;
    let out: Value = b
        .client
        .execute_async(KEYSTROKES, vec![json!(60), json!(6), json!(60), json!(false)])
        .await
        .expect("keystrokes");
    assert!(out.get("error").is_none(), "{out}");
    let mut samples: Vec<f64> = out["samples"].as_array().expect("samples").iter().filter_map(Value::as_f64).collect();
    let missed = out["missed"].as_array().map_or(0, Vec::len);
    samples.sort_by(f64::total_cmp);
    assert!(
        samples.len() >= 50,
        "only {} keystrokes updated the results in their frame ({missed} missed)",
        samples.len()
    );
    report.push_str(&format!(
        "keystroke → results painted, {} keystrokes ({} missed their frame): median {:.1} ms, p95 {:.1} ms, max {:.1} ms\n",
        samples.len(),
        missed,
        percentile(&samples, 50.0),
        percentile(&samples, 95.0),
        samples.last().copied().unwrap_or(0.0)
    ));

    // 4. A huge input.
    // Each filler line is 67 bytes; stay under netplay's input limit with the seed page's jobspec.
    let lines = (netplay_core::limits::MAX_INPUT_BYTES - 8192) / 67;
    let out: Value = b.client.execute_async(HUGE, vec![json!(lines), json!(20)]).await.expect("huge input");
    let mut keys: Vec<f64> = out["keys"].as_array().expect("keys").iter().filter_map(Value::as_f64).collect();
    keys.sort_by(f64::total_cmp);
    report.push_str(&format!(
        "huge input ({} bytes): paste → painted {:.0} ms; {} keystrokes → painted: median {:.0} ms, p95 {:.0} ms; results updated {:.0} ms after the last keystroke\n",
        out["bytes"],
        out["paste"].as_f64().unwrap_or(0.0),
        keys.len(),
        percentile(&keys, 50.0),
        percentile(&keys, 95.0),
        out["settle"].as_f64().unwrap_or(0.0),
    ));
    // 6. Keystrokes on the largest real jobspec.
    if let Some((name, text)) = largest_corpus_file() {
        let fragment = netplay_browser_tests::share_fragment(
            &text,
            &netplay_browser_tests::example("v1-bridge-to", "nodes.hcl"),
            "1.x",
            1,
            "env",
        );
        b.client.goto("about:blank").await.expect("blank");
        b.open(&h.url(&fragment)).await;
        let out: Value = b
            .client
            .execute_async(KEYSTROKES, vec![json!(60), json!(6), json!(60), json!(true)])
            .await
            .expect("keystrokes");
        let mut samples: Vec<f64> =
            out["samples"].as_array().expect("samples").iter().filter_map(Value::as_f64).collect();
        let missed = out["missed"].as_array().map_or(0, Vec::len);
        samples.sort_by(f64::total_cmp);
        if !samples.is_empty() {
            report.push_str(&format!(
                "keystroke → results painted on the largest corpus jobspec ({name}, {} bytes), {} keystrokes ({missed} missed their frame): median {:.1} ms, p95 {:.1} ms, max {:.1} ms\n",
                text.len(),
                samples.len(),
                percentile(&samples, 50.0),
                percentile(&samples, 95.0),
                samples.last().copied().unwrap_or(0.0)
            ));
        }
    }

    b.close().await;

    // 5. First load on an emulated Fast 4G link.
    let slow = h.browser(BrowserOptions::default()).await;
    slow.emulate_fast_4g().await;
    let mut loads = first_loads(&slow, &h, 6).await;
    loads.sort_by(f64::total_cmp);
    report.push_str(&format!(
        "first load on emulated Fast 4G (9 Mbit/s, 150 ms latency, cache disabled), {} loads: median {:.0} ms, max {:.0} ms\n",
        loads.len(),
        percentile(&loads, 50.0),
        loads.last().copied().unwrap_or(0.0)
    ));
    slow.close().await;

    println!("\n{report}");
    let path = target_dir().join("browser-bench.md");
    std::fs::write(&path, &report).expect("write the report");
    println!("(written to {})", path.display());
}
