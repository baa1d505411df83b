//! The documentation embeds, the guide and the JS API in headless Chromium.
//!
//! Every test is `#[ignore]`d (a run without a browser lists them as ignored, not passed). Run:
//! `NETPLAY_DIST=$PWD/dist cargo test -p netplay-browser-tests --test embed -- --ignored --test-threads=1`
//! (scripts/test.sh does). The bundle must come from
//! `scripts/build-web.sh` (or `trunk build --release`), whose post-build hook writes `docs/`
//! and `api/`.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use netplay_browser_tests::{Browser, BrowserOptions, Harness, job, many_embeds};
use netplay_core::{NomadVersion, Options, analyze};
use serde_json::{Value, json};

/// A new browser with `options`, on page `path` of the site.
async fn page(h: &Harness, options: BrowserOptions, path: &str) -> Browser {
    let b = h.browser(options).await;
    open(&b, &h.page(path)).await;
    b
}

/// Presses Shift+Tab.
async fn shift_tab(b: &Browser) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{E008}' })
        .then(KeyAction::Down { value: '\u{E004}' })
        .then(KeyAction::Up { value: '\u{E004}' })
        .then(KeyAction::Up { value: '\u{E008}' });
    b.client.perform_actions(keys).await.expect("shift+tab");
}

async fn open(b: &Browser, url: &str) {
    b.client.goto(url).await.expect("navigate");
}

/// The number of live embeds on the page.
async fn live(b: &Browser) -> usize {
    let v = b.js("return document.querySelectorAll('.netplay[data-state=live]').length;").await;
    v.as_u64().unwrap_or(0) as usize
}

/// Waits until the embed `host` (a CSS selector) is live and shows a summary; returns it.
/// While it is not live it is scrolled into view (examples above it may have grown as they went
/// live and pushed it out of reach of a scroll that already ended).
async fn wait_live(b: &Browser, host: &str) -> String {
    let script = format!(
        "const h = document.querySelector({host:?}); if (h && h.dataset.state !== 'live') h.scrollIntoView(); \
         const s = h && h.shadowRoot && h.shadowRoot.querySelector('[data-testid=embed-summary]'); return h && h.dataset.state === 'live' && s ? s.textContent : '';"
    );
    let v = b.wait_for(&format!("(() => {{ {script} }})()"), &format!("{host} to go live")).await;
    v.as_str().unwrap_or_default().to_string()
}

/// Runs `script` with `host` (a CSS selector) as `root`, its shadow root.
async fn in_embed(b: &Browser, host: &str, script: &str) -> Value {
    b.js(&format!("const root = document.querySelector({host:?}).shadowRoot; {script}")).await
}

async fn textarea(b: &Browser, host: &str) -> Element {
    let host = b.client.find(Locator::Css(host)).await.expect("embed host");
    host.shadow_root().await.expect("shadow root").find(Locator::Css("textarea")).await.expect("textarea")
}

/// Puts the caret of the embed's jobspec editor right after `needle`, selecting the `select`
/// characters before it.
async fn caret_after(b: &Browser, host: &str, needle: &str, select: usize) {
    let found = in_embed(
        b,
        host,
        &format!(
            "const t = root.querySelector('textarea'); const i = t.value.indexOf({needle:?}); if (i < 0) return false; \
             const end = i + {len}; t.focus(); t.setSelectionRange(end - {select}, end); return true;",
            len = needle.len()
        ),
    )
    .await;
    assert_eq!(found, json!(true), "{needle:?} not in {host}");
}

/// Types `text` with real key events into whatever has the focus. (WebDriver's "send keys to
/// an element" moves the caret to the end when the page's active element is not the element
/// itself, which is the case inside a shadow root: the page sees the host as active.)
async fn type_focused(b: &Browser, text: &str) {
    let mut keys = KeyActions::new("keyboard".into());
    for c in text.chars() {
        keys = keys.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
    }
    b.client.perform_actions(keys).await.expect("type");
}

/// `value` with every number as a float (`0` and `0.0` are the same JSON number; JavaScript
/// prints the float `0.0` as `0`).
fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers_as_floats(v))).collect()),
        other => other,
    }
}

async fn env(b: &Browser, host: &str, name: &str) -> Option<String> {
    let v = in_embed(
        b,
        host,
        &format!("const r = root.querySelector('[data-env-name={name}] [data-testid=env-value]'); return r ? r.textContent : null;"),
    )
    .await;
    v.as_str().map(str::to_string)
}

/// The challenge state of the embed `host`: `"true"` once met, `"false"` before.
async fn goal_done(b: &Browser, host: &str) -> Value {
    in_embed(b, host, "return root.querySelector('[data-testid=embed-goal]').dataset.done;").await
}

/// Waits until the challenge of the embed `host` shows its done state.
async fn wait_goal_done(b: &Browser, host: &str) {
    b.wait_for(
        &format!("document.querySelector({host:?}).shadowRoot.querySelector('[data-testid=embed-goal]').dataset.done === 'true'"),
        "the challenge to be done",
    )
    .await;
}

async fn scroll_through(b: &Browser) {
    b.js(
        "return (async () => { for (let y = 0; y <= document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } })();",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn embeds_start_near_the_viewport_in_order_and_all_render_once_scrolled() {
    let h = Harness::start();
    h.add_page("docs/many.html", many_embeds(8));
    let b = page(&h, BrowserOptions::default(), "docs/many.html").await;
    b.js("window.__order = []; new MutationObserver(ms => ms.forEach(m => { if (m.target.dataset.state === 'live') window.__order.push(m.target.id); })).observe(document.body, { subtree: true, attributeFilter: ['data-state'] });").await;
    wait_live(&b, "#ex-0").await;
    assert!(live(&b).await < 8, "examples far below the fold wait");
    scroll_through(&b).await;
    for i in 0..8 {
        let summary = wait_live(&b, &format!("#ex-{i}")).await;
        assert!(summary.contains("1 of 1 placed"), "{summary}");
        assert_eq!(env(&b, &format!("#ex-{i}"), "NOMAD_PORT_http").await, Some((8000 + i).to_string()));
    }
    let order = b.js("return window.__order;").await;
    let order: Vec<String> = serde_json::from_value(order).expect("ids");
    let mut sorted = order.clone();
    sorted.sort_by_key(|id| id.trim_start_matches("ex-").parse::<usize>().unwrap_or(0));
    assert_eq!(order, sorted, "examples go live top to bottom as the reader scrolls");
    // The wasm module is fetched once, however many examples started.
    let wasm =
        b.js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length;").await;
    assert_eq!(wasm, json!(1));
    b.screenshot("embeds-desktop").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_guide_page_with_four_examples_shows_results_in_all_once_scrolled() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions::default(), "docs/dynamic-ports.html").await;
    let hosts = b.js("return document.querySelectorAll('.netplay').length;").await;
    assert!(hosts.as_u64().is_some_and(|n| n >= 4), "{hosts} examples");
    scroll_through(&b).await;
    for i in 1..=hosts.as_u64().unwrap_or(0) {
        let summary = wait_live(&b, &format!("#dynamic-ports-{i}")).await;
        assert!(summary.contains("placed"), "example {i}: {summary}");
        let pane =
            in_embed(&b, &format!("#dynamic-ports-{i}"), "return root.querySelectorAll('.np-pane').length;").await;
        assert!(pane.as_u64().is_some_and(|n| n >= 1), "example {i} shows its panes");
    }
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn comparing_versions_lists_the_variables_that_differ() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions::default(), "docs/labels-and-env.html").await;
    let host = "#labels-and-env-1";
    wait_live(&b, host).await;
    let rows = in_embed(
        &b,
        host,
        "return [...root.querySelectorAll('[data-testid=embed-diff-row]')].map(r => r.dataset.envName);",
    )
    .await;
    let rows: Vec<String> = serde_json::from_value(rows).expect("names");
    assert!(rows.iter().any(|n| n == "NOMAD_ADDR_http"), "{rows:?}");
    assert!(!rows.iter().any(|n| n == "NOMAD_PORT_http"), "8080 in both versions: {rows:?}");
    let columns =
        in_embed(&b, host, "return [...root.querySelectorAll('.np-results')].map(r => r.dataset.nomad);").await;
    assert_eq!(columns, json!(["0.2", "1.x"]));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn editing_one_embed_leaves_the_others_and_reset_restores_it() {
    let h = Harness::start();
    h.add_page("docs/many.html", many_embeds(4));
    let b = page(&h, BrowserOptions { height: 3000, ..BrowserOptions::default() }, "docs/many.html").await;
    scroll_through(&b).await;
    for i in 0..4 {
        wait_live(&b, &format!("#ex-{i}")).await;
    }
    let area = textarea(&b, "#ex-1").await;
    let original = area.prop("value").await.expect("value").unwrap_or_default();
    caret_after(&b, "#ex-1", "8001", 0).await;
    type_focused(&b, "5").await;
    b.wait_for(
        "document.querySelector('#ex-1').shadowRoot.querySelector('[data-env-name=NOMAD_PORT_http] [data-testid=env-value]').textContent === '80015'",
        "the edited example's results",
    )
    .await;
    for i in [0, 2, 3] {
        assert_eq!(
            env(&b, &format!("#ex-{i}"), "NOMAD_PORT_http").await,
            Some((8000 + i).to_string()),
            "example {i} unchanged"
        );
    }
    // The inline result beside the `port` line follows the edit (0.2 had no upper port bound).
    let note = in_embed(&b, "#ex-1", "return root.querySelector('[data-testid=inline-note]').textContent;").await;
    assert!(note.as_str().unwrap_or_default().contains("10.0.0.10:80015"), "{note}");
    in_embed(&b, "#ex-1", "root.querySelector('[data-testid=embed-reset]').click();").await;
    b.wait_for(
        "document.querySelector('#ex-1').shadowRoot.querySelector('[data-env-name=NOMAD_PORT_http] [data-testid=env-value]').textContent === '8001'",
        "Reset to bring the example back",
    )
    .await;
    assert_eq!(area.prop("value").await.expect("value").unwrap_or_default(), original);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_guide_page_works_on_a_375_px_phone() {
    let h = Harness::start();
    let b = page(
        &h,
        BrowserOptions { width: 375, height: 740, mobile: true, ..BrowserOptions::default() },
        "docs/static-ports.html",
    )
    .await;
    scroll_through(&b).await;
    wait_live(&b, "#static-ports-1").await;
    wait_live(&b, "#static-ports-2").await;
    let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;").await;
    assert!(overflow.as_i64().is_some_and(|o| o <= 0), "the page scrolls sideways by {overflow} px");
    let width =
        in_embed(&b, "#static-ports-1", "return root.querySelector('.np-embed').getBoundingClientRect().width;").await;
    assert!(width.as_f64().is_some_and(|w| w > 300.0 && w <= 375.0), "embed width {width}");
    b.js("document.querySelector('#static-ports-1').scrollIntoView();").await;
    b.screenshot("guide-phone").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn escape_leaves_an_embed_editor_and_its_buttons_are_reached_by_keyboard() {
    let h = Harness::start();
    h.add_page("docs/many.html", many_embeds(1));
    let b = page(&h, BrowserOptions::default(), "docs/many.html").await;
    wait_live(&b, "#ex-0").await;
    caret_after(&b, "#ex-0", "8000", 0).await;
    type_focused(&b, "1").await;
    let focused =
        "return root.activeElement ? (root.activeElement.dataset.testid || root.activeElement.tagName) : null;";
    assert_eq!(in_embed(&b, "#ex-0", focused).await, json!("jobspec-input"));
    // Escape leaves the editor (Tab indents inside it), then Shift+Tab walks back to the bar.
    type_focused(&b, "\u{E00C}").await;
    assert_ne!(in_embed(&b, "#ex-0", focused).await, json!("jobspec-input"));
    shift_tab(&b).await;
    assert_eq!(in_embed(&b, "#ex-0", focused).await, json!("embed-open"));
    shift_tab(&b).await;
    shift_tab(&b).await;
    // Reset is enabled after the edit; Enter on it brings the example back.
    assert_eq!(in_embed(&b, "#ex-0", focused).await, json!("embed-reset"));
    type_focused(&b, "\u{E007}").await;
    b.wait_for(
        "document.querySelector('#ex-0').shadowRoot.querySelector('textarea').value.includes('static = 8000\\n')",
        "Reset by keyboard",
    )
    .await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn linked_examples_follow_the_shared_inventory_edits() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions { height: 2400, ..BrowserOptions::default() }, "docs/static-ports.html").await;
    wait_live(&b, "#static-ports-1").await;
    b.wait_for("document.querySelector('#two-nodes').dataset.state === 'live'", "the shared inventory editor").await;
    let hosts = "return [...root.querySelectorAll('.port-host')].map(e => e.textContent).sort();";
    assert_eq!(in_embed(&b, "#static-ports-1", hosts).await, json!(["10.0.0.10:53", "10.0.0.11:53"]));
    caret_after(&b, "#two-nodes", "10.0.0.11", 1).await;
    type_focused(&b, "2").await;
    b.wait_for(
        "[...document.querySelector('#static-ports-1').shadowRoot.querySelectorAll('.port-host')].some(e => e.textContent === '10.0.0.12:53')",
        "the linked example to follow the inventory",
    )
    .await;
    // The other example on the page follows too; Reset of the inventory brings both back.
    wait_live(&b, "#static-ports-2").await;
    let second =
        in_embed(&b, "#static-ports-2", "return root.querySelector('[data-testid=embed-summary]').textContent;").await;
    assert!(second.as_str().unwrap_or_default().contains("placed"), "{second}");
    in_embed(&b, "#two-nodes", "root.querySelector('[data-testid=inventory-reset]').click();").await;
    b.wait_for(
        "[...document.querySelector('#static-ports-1').shadowRoot.querySelectorAll('.port-host')].some(e => e.textContent === '10.0.0.11:53')",
        "Reset of the inventory",
    )
    .await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn page_styles_and_embed_styles_stay_apart() {
    let h = Harness::start();
    // The hand-written page styles `pre` crimson at 22 px, buttons hot pink and the body in a
    // serif font.
    let b = page(&h, BrowserOptions { height: 3000, ..BrowserOptions::default() }, "docs/handwritten.html").await;
    let host = ".netplay[data-challenge]";
    wait_live(&b, host).await;
    let inside = in_embed(
        &b,
        host,
        "const s = (sel, prop) => getComputedStyle(root.querySelector(sel))[prop];\
         return [s('.editor-paint', 'fontSize'), s('.editor-paint', 'color'), s('[data-testid=embed-reset]', 'backgroundColor'), s('.np-embed', 'fontFamily')];",
    )
    .await;
    let inside: Vec<String> = serde_json::from_value(inside).expect("styles");
    assert_eq!(inside[0], "13px", "the page's `pre` size does not reach the editor: {inside:?}");
    assert_ne!(inside[1], "rgb(220, 20, 60)", "nor its crimson: {inside:?}");
    assert_ne!(inside[2], "rgb(255, 105, 180)", "nor its hot pink buttons: {inside:?}");
    assert!(!inside[3].contains("Georgia"), "nor its font: {inside:?}");
    // And the embed's styles do not reach the page: its own `pre` keeps the page's look.
    let outside =
        b.js("const p = getComputedStyle(document.getElementById('cluster')); return [p.color, p.fontSize];").await;
    assert_eq!(outside, json!(["rgb(220, 20, 60)", "22px"]));
    b.screenshot("handwritten-page").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn read_only_embeds_refuse_edits() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions { height: 3000, ..BrowserOptions::default() }, "docs/handwritten.html").await;
    let host = ".netplay[data-readonly]";
    wait_live(&b, host).await;
    let area = textarea(&b, host).await;
    let before = area.prop("value").await.expect("value");
    caret_after(&b, host, "job", 0).await;
    // Letters, then Enter and Tab (WebDriver's key codes), which the editor handles itself when
    // it is editable.
    type_focused(&b, "xyz\u{E007}\u{E004}").await;
    assert_eq!(area.prop("value").await.expect("value"), before);
    assert!(area.attr("readonly").await.expect("attr").is_some());
    // The shared inventory of the page reached every example: two nodes.
    let nodes = in_embed(
        &b,
        ".netplay[data-challenge]",
        "return root.querySelector('[data-testid=embed-summary]').textContent;",
    )
    .await;
    assert!(nodes.as_str().unwrap_or_default().contains("2 of 2 placed"), "{nodes}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_challenge_reaches_its_done_state_when_the_reader_makes_the_edit() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions { height: 2400, ..BrowserOptions::default() }, "docs/static-ports.html").await;
    let host = "#static-ports-1";
    wait_live(&b, host).await;
    assert_eq!(goal_done(&b, host).await, json!("false"));
    caret_after(&b, host, "count = 2", 1).await;
    type_focused(&b, "3").await;
    wait_goal_done(&b, host).await;
    b.close().await;
}

/// The guide's Connect example (Nomad 2.x): the Services pane shows the service and its sidecar
/// proxy's registration, the Env pane the upstream's address, the inline note sits on its
/// `port` line inside the painted blocks, and adding the second upstream meets the challenge.
#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_connect_example_shows_services_upstreams_and_reaches_its_challenge() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions { height: 2400, ..BrowserOptions::default() }, "docs/modern-networking.html").await;
    let host = "#modern-networking-3";
    let summary = wait_live(&b, host).await;
    assert!(summary.contains("1 of 1 placed") && summary.contains("Nomad 2.x"), "{summary}");
    let services = in_embed(
        &b,
        host,
        "const pane = root.querySelector('[data-testid=embed-pane-services]'); \
         return [pane.querySelector('[data-testid=service]').dataset.service, \
                 pane.querySelector('[data-testid=service-sidecar] [data-testid=service-address]').textContent];",
    )
    .await;
    assert_eq!(services[0], json!("web"), "{services}");
    assert!(services[1].as_str().unwrap_or_default().starts_with("10.0.0.10:"), "{services}");
    assert_eq!(env(&b, host, "NOMAD_UPSTREAM_ADDR_payments").await.as_deref(), Some("127.0.0.1:9090"));
    assert!(env(&b, host, "NOMAD_PORT_connect_proxy_web").await.is_some(), "the sidecar's port");
    // The inline note is drawn in the painted layer, on the line of its `port` declaration.
    let placed = in_embed(
        &b,
        host,
        "const code = root.querySelector('.editor-paint code'); const note = code.querySelector('[data-testid=inline-note]'); \
         const t = root.querySelector('textarea'); const line = t.value.split('\\n').findIndex(l => l.trim().startsWith('port \"http\"')); \
         const lh = parseFloat(getComputedStyle(t).lineHeight); \
         return [code.querySelectorAll('.chunk').length > 0, Math.round((note.getBoundingClientRect().top - code.getBoundingClientRect().top) / lh), line, note.textContent];",
    )
    .await;
    assert_eq!(placed[0], json!(true), "painted blocks: {placed}");
    assert_eq!(placed[1], placed[2], "the note's line: {placed}");
    assert!(placed[3].as_str().unwrap_or_default().contains("→ 8000"), "{placed}");

    assert_eq!(goal_done(&b, host).await, json!("false"));
    caret_after(&b, host, "= 9090\n            }", 0).await;
    type_focused(&b, "\u{E007}upstreams {\u{E007}destination_name = \"stock\"\u{E007}local_bind_port = 9091\u{E007}}")
        .await;
    wait_goal_done(&b, host).await;
    assert_eq!(env(&b, host, "NOMAD_UPSTREAM_ADDR_stock").await.as_deref(), Some("127.0.0.1:9091"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn open_in_playground_reproduces_the_embed_state() {
    let h = Harness::start();
    h.add_page("docs/many.html", many_embeds(1));
    let b = page(&h, BrowserOptions::default(), "docs/many.html").await;
    wait_live(&b, "#ex-0").await;
    caret_after(&b, "#ex-0", "8000", 0).await;
    type_focused(&b, "1").await;
    b.wait_for(
        "document.querySelector('#ex-0').shadowRoot.querySelector('[data-testid=embed-open]').href.length > 0",
        "the link",
    )
    .await;
    let edited = in_embed(&b, "#ex-0", "return root.querySelector('textarea').value;").await;
    assert!(edited.as_str().unwrap_or_default().contains("static = 80001"));
    let href = in_embed(&b, "#ex-0", "return root.querySelector('[data-testid=embed-open]').href;").await;
    b.open(href.as_str().expect("href")).await;
    assert_eq!(b.editor_text("jobspec").await, edited.as_str().unwrap_or_default());
    b.wait_env("NOMAD_PORT_http", |v| v == "80001").await;
    let version = b.js("return document.querySelector('[data-testid=nomad-version]').value;").await;
    assert_eq!(version, json!("0.2"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn without_javascript_the_prerendered_results_are_there() {
    let h = Harness::start();
    let b = h
        .browser(BrowserOptions {
            args: vec!["--blink-settings=scriptEnabled=false".into()],
            ..BrowserOptions::default()
        })
        .await;
    open(&b, &h.page("docs/static-ports.html")).await;
    let block = b.client.find(Locator::Css("#static-ports-1 .netplay-static")).await.expect("pre-rendered block");
    let text = block.text().await.expect("text");
    assert!(text.contains("2 of 2 instances placed"), "{text}");
    assert!(text.contains("10.0.0.10:53") && text.contains("10.0.0.11:53"), "{text}");
    let state =
        b.client.find(Locator::Css("#static-ports-1")).await.expect("host").attr("data-state").await.expect("attr");
    assert_eq!(state, None, "no script ran");
    b.screenshot("guide-no-js").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn embeds_follow_the_page_dark_mode_live() {
    let h = Harness::start();
    let b = h.browser(BrowserOptions::default()).await;
    b.cdp("Emulation.setEmulatedMedia", json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }))
        .await;
    open(&b, &h.page("docs/task-ip.html")).await;
    let host = "#task-ip-1";
    wait_live(&b, host).await;
    let background = "return getComputedStyle(root.querySelector('.np-embed')).backgroundColor;";
    assert_eq!(b.js(&format!("return document.querySelector({host:?}).dataset.netplayTheme;")).await, json!("dark"));
    let dark = in_embed(&b, host, background).await;
    assert_eq!(dark, json!("rgb(23, 27, 33)"), "the dark surface colour");
    b.screenshot("guide-dark").await;
    // The site switches to light with <html data-theme>: the embed follows at once.
    b.js("document.documentElement.setAttribute('data-theme', 'light');").await;
    b.wait_for(&format!("document.querySelector({host:?}).dataset.netplayTheme === 'light'"), "the light theme").await;
    assert_eq!(in_embed(&b, host, background).await, json!("rgb(255, 255, 255)"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_js_api_returns_a_plain_object_with_the_expected_ports() {
    let h = Harness::start();
    let b = page(&h, BrowserOptions::default(), "docs/").await;
    let jobspec = netplay_browser_tests::example("seed-docker-port-map", "job.hcl");
    let out = b
        .client
        .execute_async(
            r#"const [job, done] = arguments;
            (async () => {
              const api = await import('/api/netplay.js');
              await api.default();
              await api.default();
              const a = api.analyze(job, null, { nomad: '0.2', seed: 7 });
              let error = null;
              try { api.analyze(job, null, { nomad: '9' }); } catch (e) { error = [e instanceof TypeError, e.message]; }
              let bad = null;
              try { api.analyze(42); } catch (e) { bad = [e instanceof TypeError, e.message]; }
              const broken = api.analyze('job "x" {', null);
              done({
                plain: Object.getPrototypeOf(a) === Object.prototype && !(a.placements instanceof Map),
                ports: a.placements.flatMap(p => p.tasks.flatMap(t => (t.network ? t.network.ports : []).map(x => [x.label, x.host]))),
                json: JSON.stringify(a),
                error, bad,
                broken: broken.diagnostics.map(d => [d.code, d.start.line]),
                wasm: performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length,
              });
            })().catch(e => done({ failed: String(e) }));"#,
            vec![json!(jobspec)],
        )
        .await
        .expect("script");
    assert_eq!(out["failed"], Value::Null, "{out}");
    assert_eq!(out["plain"], json!(true));
    let native = analyze(
        &jobspec,
        netplay_embed_default_nodes(),
        &Options { nomad: NomadVersion::V0_2, seed: 7, ..Options::default() },
    );
    let expected: Vec<(String, i64)> = native
        .placements
        .iter()
        .flat_map(|p| {
            p.tasks
                .iter()
                .flat_map(|t| t.network.iter().flat_map(|n| n.ports.iter().map(|x| (x.label.clone(), x.host))))
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(serde_json::from_value::<Vec<(String, i64)>>(out["ports"].clone()).expect("ports"), expected);
    // The whole result equals the CLI's JSON of the same analysis.
    let page: Value = serde_json::from_str(out["json"].as_str().expect("json")).expect("parse");
    assert_eq!(numbers_as_floats(page), numbers_as_floats(serde_json::to_value(&native).expect("native json")));
    assert_eq!(out["error"][0], json!(true));
    assert!(out["error"][1].as_str().unwrap_or_default().contains("unknown Nomad version `9`"), "{out}");
    assert_eq!(out["bad"][0], json!(true), "{out}");
    assert_eq!(out["broken"][0][0], json!("hcl-syntax"));
    assert_eq!(out["wasm"], json!(1), "init() twice fetches the module once");
    b.close().await;
}

/// The default inventory of the JS API, read from the built API module (so the test and the
/// page agree without sharing code).
fn netplay_embed_default_nodes() -> &'static str {
    static NODES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NODES.get_or_init(|| {
        let js = std::fs::read_to_string(netplay_browser_tests::dist().join("api/netplay.js")).expect("api/netplay.js");
        let start =
            js.find("export const DEFAULT_NODES = ").expect("DEFAULT_NODES") + "export const DEFAULT_NODES = ".len();
        let literal = &js[start..js[start..].find(";\n").map(|e| start + e).expect("end")];
        serde_json::from_str(literal).expect("a JSON string literal")
    })
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_compact_iframe_form_keeps_its_state_in_the_url() {
    let h = Harness::start();
    let b = h.browser(BrowserOptions { width: 420, height: 900, ..BrowserOptions::default() }).await;
    let fragment = netplay_browser_tests::share_fragment(
        &job(8080),
        "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/32\"\n  }\n}\n",
        "0.2",
        1,
        "env",
    );
    open(&b, &format!("{}?view=compact#{fragment}", h.url(""))).await;
    b.wait_for("document.querySelector('[data-testid=embed]')", "the compact form").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "8080").await;
    b.caret("jobspec", 0).await;
    let before = b.js("return location.hash;").await;
    b.type_keys("jobspec", "# edited\n").await;
    b.wait_for(&format!("location.hash !== {before}"), "the URL to follow the edit").await;
    let search = b.js("return location.search;").await;
    assert_eq!(search, json!("?view=compact"));
    b.screenshot("compact-phone").await;
    b.close().await;
}
