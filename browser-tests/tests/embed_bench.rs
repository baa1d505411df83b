//! Measurements of a documentation page with 20 live examples, for BENCHMARKS.md ("Embeds"):
//!
//! ```text
//! scripts/build-web.sh
//! NETPLAY_DIST=$PWD/dist \
//!   cargo test -p netplay-browser-tests --release --test embed_bench -- --ignored --nocapture
//! ```
//!
//! 1. Bytes: the resource timing entries' `transferSize` of everything the page loads after
//!    its HTML (engine, scripts, stylesheets; gzip from the test server, as a static host
//!    sends it), once every example is live, for a page of 20 examples and for a page of 1.
//! 2. First example interactive: navigation start → the `netplay:embed` mark, which an example
//!    sets once it has rendered its editor and results; fresh loads (`Cache-Control:
//!    no-store`), on localhost and on Chromium's emulated Fast 4G (9 Mbit/s down, 150 ms latency,
//!    cache disabled).
//! 3. Keystroke → painted, in the 10th example once all are live: inside a
//!    `requestAnimationFrame` callback one character is inserted (`execCommand("insertText")`,
//!    which fires the same `input` event as typing) or deleted; a message posted from the
//!    callback arrives once the frame is painted. A sample counts only when the example's
//!    `data-analysis-gen` moved on in that frame.

use netplay_browser_tests::{Browser, BrowserOptions, Harness, many_embeds};
use serde_json::{Value, json};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    percentile(&v, 50.0)
}

const ALL_LIVE: &str = r#"const done = arguments[arguments.length - 1];
(async () => {
  const hosts = [...document.querySelectorAll('.netplay')];
  for (let y = 0; y <= document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); }
  const t = performance.now();
  // Examples grow as they go live, which can push the last ones below where the scroll ended.
  while (hosts.some(h => h.dataset.state !== 'live') && performance.now() - t < 20000) {
    const waiting = hosts.find(h => h.dataset.state !== 'live');
    if (waiting) waiting.scrollIntoView();
    await new Promise(r => setTimeout(r, 20));
  }
  await new Promise(r => setTimeout(r, 200));
  const entries = performance.getEntriesByType('resource');
  done({
    live: hosts.filter(h => h.dataset.state === 'live').length,
    bytes: entries.reduce((n, e) => n + e.transferSize, 0),
    files: entries.map(e => [e.name.split('/').slice(-2).join('/'), e.transferSize]),
  });
})();"#;

const KEYSTROKES: &str = r#"const [host, count, done] = arguments;
const root = document.querySelector(host).shadowRoot;
const ta = root.querySelector('textarea');
const embed = root.querySelector('[data-testid=embed]');
const gen = () => +embed.dataset.analysisGen;
const anchor = ta.value.indexOf('mbits = 10') + 'mbits = 1'.length;
ta.scrollIntoView(); ta.focus();
const samples = [], missed = [];
(async () => {
  for (let i = 0; i < count + 10; i++) {
    const [ms, updated] = await new Promise(resolve => requestAnimationFrame(() => {
      const before = gen(), t0 = performance.now();
      if (i % 2 === 0) { ta.setSelectionRange(anchor, anchor); document.execCommand('insertText', false, '1'); }
      else { ta.setSelectionRange(anchor + 1, anchor + 1); document.execCommand('delete'); }
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve([performance.now() - t0, gen() > before]);
      ch.port2.postMessage(0);
    }));
    if (i >= 10) (updated ? samples : missed).push(ms);
    await new Promise(r => setTimeout(r, 40));
  }
  done({ samples, missed });
})();"#;

async fn first_embed_loads(b: &Browser, url: &str, count: usize) -> Vec<f64> {
    let mut out = Vec::new();
    for _ in 0..count {
        b.client.goto("about:blank").await.expect("blank");
        b.client.goto(url).await.expect("load");
        let mark = b.wait_for("performance.getEntriesByName('netplay:embed')[0]", "the first example to go live").await;
        out.push(mark["startTime"].as_f64().expect("mark time"));
    }
    out
}

async fn all_live(b: &Browser, url: &str) -> Value {
    b.client.goto(url).await.expect("load");
    b.client.execute_async(ALL_LIVE, vec![]).await.expect("all live")
}

#[tokio::test]
#[ignore = "measurement for BENCHMARKS.md; run with --ignored --nocapture"]
async fn measure_a_page_of_20_examples() {
    let h = Harness::start();
    h.add_page("docs/twenty.html", many_embeds(20));
    h.add_page("docs/one.html", many_embeds(1));
    let b = h.browser(BrowserOptions::default()).await;

    let twenty = all_live(&b, &h.page("docs/twenty.html")).await;
    let one = all_live(&b, &h.page("docs/one.html")).await;
    assert_eq!(twenty["live"], json!(20));
    println!("bytes after the HTML, 20 examples: {} {}", twenty["bytes"], twenty["files"]);
    println!("bytes after the HTML, 1 example:   {} {}", one["bytes"], one["files"]);
    assert_eq!(twenty["bytes"], one["bytes"], "20 examples load what 1 loads");

    let local = first_embed_loads(&b, &h.page("docs/twenty.html"), 11).await;
    println!(
        "first example interactive, localhost: median {:.0} ms, max {:.0} ms ({local:.0?})",
        median(&local),
        local.iter().copied().fold(0.0, f64::max)
    );

    let _ = all_live(&b, &h.page("docs/twenty.html")).await;
    let keys = b.client.execute_async(KEYSTROKES, vec![json!("#ex-9"), json!(200)]).await.expect("keystrokes");
    let mut samples: Vec<f64> = serde_json::from_value(keys["samples"].clone()).expect("samples");
    samples.sort_by(f64::total_cmp);
    let missed = keys["missed"].as_array().map_or(0, Vec::len);
    println!(
        "keystroke -> painted in example 10 of 20: median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} samples, {missed} without new results)",
        percentile(&samples, 50.0),
        percentile(&samples, 95.0),
        samples.last().copied().unwrap_or_default(),
        samples.len()
    );

    let slow = h.browser(BrowserOptions::default()).await;
    slow.emulate_fast_4g().await;
    let fast4g = first_embed_loads(&slow, &h.page("docs/twenty.html"), 5).await;
    println!(
        "first example interactive, Fast 4G: median {:.0} ms, max {:.0} ms ({fast4g:.0?})",
        median(&fast4g),
        fast4g.iter().copied().fold(0.0, f64::max)
    );
    slow.close().await;
    b.close().await;
}
