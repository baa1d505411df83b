//! The playground in headless Chromium: each test drives the real bundle like a user would.
//!
//! Every test is `#[ignore]`d, so that a run without a browser reports them as ignored rather
//! than passed. Run them with `cargo test -p netplay-browser-tests --test ui -- --ignored
//! --test-threads=1` (scripts/test.sh does, after `trunk build --release`). Screenshots land in
//! `target/browser-screenshots/`.

use std::time::Duration;

use fantoccini::Locator;
use netplay_browser_tests::{Browser, BrowserOptions, Harness, example, share_fragment};
use serde_json::json;

const DYNAMIC: std::ops::RangeInclusive<u32> = 20_000..=59_999;

async fn start(h: &Harness) -> Browser {
    let b = h.browser(BrowserOptions::default()).await;
    b.open(&h.url("")).await;
    b
}

/// Starts like [`start`], then picks an example in the gallery.
async fn start_at(h: &Harness, slug: &str) -> Browser {
    let b = start(h).await;
    pick(&b, slug).await;
    b
}

/// Picks an example in the gallery and waits until the editors hold it.
async fn pick(b: &Browser, slug: &str) {
    b.click(&format!("#example option[value={slug}]")).await;
    let job = example(slug, "job.hcl");
    b.wait_for(&format!("document.getElementById('jobspec-input').value === {}", json!(job)), slug).await;
}

fn port(value: &str) -> u32 {
    value.parse().unwrap_or_else(|_| panic!("not a port: {value:?}"))
}

/// Puts the caret right after the first occurrence of `needle` in an editor.
async fn caret_after(b: &Browser, editor: &str, needle: &str) {
    let text = b.editor_text(editor).await;
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the {editor}")) + needle.len();
    // The examples are ASCII: byte and UTF-16 offsets agree.
    b.caret(editor, at as i64).await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_seed_example_gives_dynamic_ports_in_range() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    for name in ["NOMAD_PORT_http", "NOMAD_PORT_https"] {
        let value = b.wait_env(name, |v| DYNAMIC.contains(&port(v)) && v.len() == 5).await;
        assert!(DYNAMIC.contains(&port(&value)), "{name}={value} is outside 20000..59999");
    }
    assert_eq!(b.env_value("NOMAD_IP").await.as_deref(), Some("10.0.0.10"));
    assert_eq!(b.js("return document.getElementById('nomad-version').value;").await, json!("0.2"));
    let hint = b.js("const h = document.querySelector('[data-testid=hint]'); return h ? h.textContent : '';").await;
    assert!(hint.as_str().unwrap_or_default().contains("static = 8080"), "the example's own hint: {hint}");
    let tab = b.js("return document.querySelector('.tabs [role=tab][aria-selected=true]').textContent;").await;
    assert_eq!(tab, json!("Env"));
    let problems = b.js("return document.querySelector('[data-testid=diagnostics-summary]').textContent;").await;
    assert_eq!(problems, json!("No problems"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn typing_a_static_port_updates_the_env_tab() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    let before = b.wait_env("NOMAD_PORT_http", |v| v.len() == 5).await;
    assert_ne!(before, "8080");
    caret_after(&b, "jobspec", "port \"http\" {").await;
    b.type_keys("jobspec", " static = 8080 ").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "8080").await;
    let rule = b.js("return document.querySelector('[data-env-name=NOMAD_PORT_http] .env-rule').textContent;").await;
    assert_eq!(rule, json!("Static port http: the same number on the host and in the task."));
    let https = b.env_value("NOMAD_PORT_https").await.expect("https still there");
    assert!(DYNAMIC.contains(&port(&https)));
    assert!(b.editor_text("jobspec").await.contains("port \"http\" { static = 8080 }"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_syntax_error_is_underlined_on_its_line_listed_and_clickable() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    b.wait_env("NOMAD_PORT_http", |v| v.len() == 5).await;
    // Drop the closing quote of `    driver = "exec"`.
    let text = b.editor_text("jobspec").await;
    let line = 1 + text.lines().position(|l| l == "    driver = \"exec\"").expect("the driver line");
    caret_after(&b, "jobspec", "driver = \"exec\"").await;
    b.type_keys("jobspec", "\u{E003}").await;
    let syntax = "[data-testid=diagnostic][data-code=hcl-syntax][data-source=jobspec]";
    b.wait_for(&format!("document.querySelector('{syntax}')"), "the syntax error in the list").await;
    let place =
        b.js(&format!("const d = document.querySelector('{syntax}').dataset; return [+d.line, +d.column];")).await;
    assert_eq!(place, json!([line, 14]), "the error is listed at {line}:14");

    // The underline: inside the painted copy, on that line both by text and on screen.
    let underline = b
        .js_with("const code = document.querySelector('[data-testid=editor-jobspec] .editor-paint code');\
             const ta = document.getElementById('jobspec-input');\
             const cs = getComputedStyle(ta);\
             const lh = parseFloat(cs.lineHeight), pad = parseFloat(cs.paddingTop);\
             for (const mark of code.querySelectorAll('.mark.sev-error')) {\
               const r = document.createRange(); r.setStart(code, 0); r.setEndBefore(mark);\
               const line = r.toString().split('\\n').length;\
               if (line !== arguments[0]) continue;\
               const expectedTop = ta.getBoundingClientRect().top + pad + (line - 1) * lh - ta.scrollTop;\
               const top = mark.getBoundingClientRect().top;\
               mark.id = 'under-test';\
               return [line, Math.abs(top - expectedTop) < 3, getComputedStyle(mark).textDecorationLine, mark.textContent];\
             }\
             return null;", vec![json!(line)])
        .await;
    assert_eq!(underline[0], json!(line), "an underline on line {line}: {underline}");
    assert_eq!(underline[1], json!(true), "aligned with the textarea's line {line}: {underline}");
    assert!(underline[2].as_str().unwrap_or_default().contains("underline"), "{underline}");
    assert_eq!(underline[3], json!("\"exec"), "the unterminated string is underlined");
    let gutter = b
        .js("return [...document.querySelectorAll('[data-testid=editor-jobspec] .g-error')].map(g => g.textContent);")
        .await;
    assert!(gutter.as_array().is_some_and(|g| g.contains(&json!(line.to_string()))), "gutter marks {line}: {gutter}");

    // Hovering the underline shows the message.
    b.js("const r = document.getElementById('under-test').getBoundingClientRect();\
          document.getElementById('jobspec-input').dispatchEvent(new MouseEvent('mousemove',\
            { bubbles: true, clientX: r.left + Math.min(4, r.width / 2), clientY: r.top + r.height / 2 }));")
        .await;
    let tip = b.wait_for("document.querySelector('[data-testid=jobspec-tip]')?.textContent", "the hover message").await;
    assert!(tip.as_str().unwrap_or_default().contains("unterminated string"), "tooltip: {tip}");

    // Results of the last good inputs stay, marked stale.
    b.wait_for("document.querySelector('[data-testid=stale]')", "the stale banner").await;
    assert!(b.env_value("NOMAD_PORT_http").await.is_some(), "stale results stay visible");

    // Clicking the entry moves the caret to the problem.
    b.js("const t = document.getElementById('jobspec-input'); t.setSelectionRange(0, 0); t.blur();").await;
    b.click(syntax).await;
    let caret = b
        .js_with(
            "const t = document.getElementById('jobspec-input');\
             const lines = t.value.split('\\n');\
             let offset = 0; for (let i = 0; i < arguments[0] - 1; i++) offset += lines[i].length + 1;\
             return [document.activeElement === t, t.selectionStart, offset + 13];",
            vec![json!(line)],
        )
        .await;
    assert_eq!(caret[0], json!(true), "the editor has focus: {caret}");
    assert_eq!(caret[1], caret[2], "caret at {line}:14: {caret}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn rerolling_the_seed_changes_dynamic_ports_only() {
    let h = Harness::start();
    let b = start(&h).await;
    pick(&b, "qemu-port-map").await;
    b.wait_env("NOMAD_PORT_ssh", |v| v == "22000").await;
    let web = b.wait_env("NOMAD_PORT_web", |_| true).await;
    assert!(DYNAMIC.contains(&port(&web)));
    let seed = b.js("return document.getElementById('seed').value;").await;
    let generation = b.generation().await;
    b.click("[data-testid=reroll]").await;
    b.wait_for(&format!("document.getElementById('seed').value !== {seed}"), "a new seed").await;
    b.wait_for(
        &format!("+document.querySelector('[data-testid=results]').dataset.analysisGen > {generation}"),
        "a new analysis",
    )
    .await;
    let rerolled = b.env_value("NOMAD_PORT_web").await.expect("web port");
    assert_ne!(rerolled, web, "the dynamic port moved");
    assert!(DYNAMIC.contains(&port(&rerolled)));
    assert_eq!(b.env_value("NOMAD_PORT_ssh").await.as_deref(), Some("22000"), "the static port stays");
    let summary = b.js("return document.querySelector('[data-testid=results-summary]').textContent;").await;
    let new_seed = b.js("return document.getElementById('seed').value;").await;
    assert!(summary.as_str().unwrap_or_default().ends_with(&format!("seed {}", new_seed.as_str().unwrap_or("?"))));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_share_link_reproduces_the_state_in_a_fresh_profile() {
    let h = Harness::start();
    let a = start_at(&h, "seed-dynamic-ports").await;
    a.wait_env("NOMAD_PORT_http", |_| true).await;
    let seed = a.client.find(Locator::Id("seed")).await.expect("seed input");
    seed.send_keys("\u{E009}a\u{E000}4242").await.expect("type seed");
    caret_after(&a, "jobspec", "port \"http\" {").await;
    a.type_keys("jobspec", " static = 8080 ").await;
    a.wait_env("NOMAD_PORT_http", |v| v == "8080").await;
    a.click("[data-testid=tab-allocations]").await;
    a.wait_for("document.querySelector('[data-testid=port][data-label=https] .port-host')", "the ports table").await;
    let https =
        a.js("return document.querySelector('[data-testid=port][data-label=https] .port-host').textContent;").await;
    let summary = a.js("return document.querySelector('[data-testid=results-summary]').textContent;").await;
    assert!(summary.as_str().unwrap_or_default().ends_with("seed 4242"), "{summary}");
    let jobspec = a.editor_text("jobspec").await;
    let nodes = a.editor_text("nodes").await;
    a.click("[data-testid=share]").await;
    let url = a.wait_for("document.getElementById('share-url')?.value", "the share link").await;
    let url = url.as_str().expect("url").to_string();
    assert!(url.contains("#v3."), "{url}");
    a.close().await;

    let b = h.browser(BrowserOptions::default()).await;
    b.open(&url).await;
    assert_eq!(b.editor_text("jobspec").await, jobspec);
    assert_eq!(b.editor_text("nodes").await, nodes);
    assert_eq!(b.js("return document.getElementById('seed').value;").await, json!("4242"));
    assert_eq!(
        b.js("return document.querySelector('.tabs [role=tab][aria-selected=true]').id;").await,
        json!("tab-allocations")
    );
    let same =
        b.js("return document.querySelector('[data-testid=port][data-label=https] .port-host').textContent;").await;
    assert_eq!(same, https, "the same dynamic port");
    let http =
        b.js("return document.querySelector('[data-testid=port][data-label=http] .port-host').textContent;").await;
    assert_eq!(http, json!("10.0.0.10:8080"));
    let banners = b.js("return document.querySelectorAll('[data-testid=restore], [data-testid=share-error], [data-testid=hint]').length;").await;
    assert_eq!(banners, json!(0), "a fresh profile has nothing to restore and no error");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn markup_in_a_shared_jobspec_is_shown_as_text() {
    let h = Harness::start();
    let jobspec = "# <script>window.__pwned = 1</script>\n\
                   job \"x\" {\n  datacenters = [\"dc1\"]\n  task \"t\" {\n    driver = \"exec\"\n\
                   \x20   env {\n      PAYLOAD = \"<img src=x onerror=window.__pwned=3>\"\n    }\n\
                   \x20   resources {\n      network {\n        mbits = 1\n        port \"http\" {}\n      }\n    }\n  }\n}\n";
    let nodes = format!("# <img src=x onerror=\"window.__pwned = 2\">\n{}", example("seed-dynamic-ports", "nodes.hcl"));
    let link = h.url(&share_fragment(jobspec, &nodes, "0.2", 1, "env"));
    let b = h.browser(BrowserOptions::default()).await;
    b.open(&link).await;
    b.wait_env("PAYLOAD", |_| true).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(b.js("return typeof window.__pwned;").await, json!("undefined"), "no script ran");
    assert_eq!(b.js("return document.querySelectorAll('#app script, #app img').length;").await, json!(0));
    assert_eq!(b.env_value("PAYLOAD").await.as_deref(), Some("<img src=x onerror=window.__pwned=3>"));
    let painted =
        b.js("return [...document.querySelectorAll('.editor-paint code')].map(c => c.textContent).join('\\n');").await;
    let painted = painted.as_str().unwrap_or_default();
    assert!(painted.contains("<script>window.__pwned = 1</script>"), "the literal text is painted");
    assert!(painted.contains("<img src=x onerror=\"window.__pwned = 2\">"));
    assert_eq!(b.editor_text("jobspec").await, jobspec);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn dark_mode_toggles_and_sticks() {
    let h = Harness::start();
    let b = start(&h).await;
    let theme = "return [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor];";
    let light = b.js(theme).await;
    assert_eq!(light[0], json!("light"), "Chromium's default preference is light");
    b.click("[data-testid=theme]").await;
    let dark = b.js(theme).await;
    assert_eq!(dark[0], json!("dark"));
    assert_ne!(dark[1], light[1], "the background changed");
    assert_eq!(
        b.js("return document.querySelector('[data-testid=theme]').getAttribute('aria-pressed');").await,
        json!("true")
    );
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    b.screenshot("desktop-dark").await;
    b.client.refresh().await.expect("reload");
    b.wait_ready().await;
    assert_eq!(b.js(theme).await[0], json!("dark"), "the choice survives a reload");
    b.click("[data-testid=theme]").await;
    assert_eq!(b.js(theme).await, light);
    b.close().await;

    // A system preference for dark starts dark.
    let d = h.browser(BrowserOptions { args: vec!["--force-dark-mode".into()], ..Default::default() }).await;
    d.open(&h.url("")).await;
    assert_eq!(d.js(theme).await[0], json!("dark"), "prefers-color-scheme: dark is the starting theme");
    d.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn no_horizontal_scroll_at_375_pixels() {
    let h = Harness::start();
    let b = h.browser(BrowserOptions { width: 375, height: 812, mobile: true, ..Default::default() }).await;
    b.open(&h.url("")).await;
    pick(&b, "seed-dynamic-ports").await;
    b.click("[data-testid=pane-results]").await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    assert_eq!(b.js("return window.innerWidth;").await, json!(375));
    let width = "return [document.documentElement.scrollWidth, document.body.scrollWidth];";
    b.screenshot("mobile-375").await;
    let check = |w: serde_json::Value, what: &str| {
        assert!(w[0].as_u64().unwrap_or(999) <= 375 && w[1].as_u64().unwrap_or(999) <= 375, "{what}: {w}");
    };
    check(b.js(width).await, "Env tab");
    for tab in ["allocations", "mappings", "nodes", "env"] {
        b.click(&format!("[data-testid=tab-{tab}]")).await;
        b.wait_for(&format!("document.querySelector('[data-testid=panel-{tab}]')"), tab).await;
        check(b.js(width).await, tab);
    }
    // With problems listed and the share panel open.
    b.click("[data-testid=pane-editors]").await;
    caret_after(&b, "jobspec", "driver = \"exec\"").await;
    b.type_keys("jobspec", "\u{E003}").await;
    b.wait_for("document.querySelector('[data-testid=diagnostic]')", "a problem").await;
    b.click("[data-testid=share]").await;
    b.wait_for("document.getElementById('share-url')", "the share panel").await;
    check(b.js(width).await, "problems and share panel");
    b.click("[data-testid=help]").await;
    b.wait_for("document.querySelector('[data-testid=help-dialog]').open", "the help dialog").await;
    check(b.js(width).await, "help dialog");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_bad_or_truncated_link_shows_why_and_keeps_the_previous_work() {
    let h = Harness::start();
    let b = start(&h).await;
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# my previous work\n").await;
    b.wait_for(
        "location.hash.startsWith('#v3.') && localStorage.getItem('netplay.autosave.v1') === location.hash.slice(1)",
        "the autosave and the URL to follow the edit",
    )
    .await;
    let work = b.editor_text("jobspec").await;
    assert!(work.starts_with("# my previous work\n"));
    let hash = b.js("return location.hash.slice(1);").await;
    let hash = hash.as_str().expect("hash").to_string();

    // A truncated link pasted into the open page.
    let truncated = &hash[..hash.len() - 12];
    b.client.goto(&h.url(truncated)).await.expect("navigate");
    let error = b.wait_for("document.querySelector('[data-testid=share-error]')?.textContent", "the error").await;
    assert!(error.as_str().unwrap_or_default().contains("damaged"), "{error}");
    assert_eq!(b.editor_text("jobspec").await, work, "nothing half-loaded");

    // A link of an unknown format, opened fresh: the autosave is loaded and the error shown.
    b.client.goto("about:blank").await.expect("blank");
    b.open(&h.url("v9.AAAA")).await;
    let error = b.wait_for("document.querySelector('[data-testid=share-error]')?.textContent", "the error").await;
    assert!(error.as_str().unwrap_or_default().contains("`v9`"), "{error}");
    assert_eq!(b.editor_text("jobspec").await, work, "the previous work is still there");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn an_opened_link_offers_to_restore_the_autosave() {
    let h = Harness::start();
    let b = start(&h).await;
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# mine\n").await;
    b.wait_for("localStorage.getItem('netplay.autosave.v1') === location.hash.slice(1)", "the autosave").await;
    let mine = b.editor_text("jobspec").await;
    let shared = example("seed-static-port", "job.hcl");
    let link = h.url(&share_fragment(&shared, &example("seed-static-port", "nodes.hcl"), "0.2", 1, "env"));
    b.client.goto("about:blank").await.expect("blank");
    b.open(&link).await;
    assert_eq!(b.editor_text("jobspec").await, shared, "the link wins");
    b.wait_env("NOMAD_PORT_dns", |v| v == "53").await;
    b.wait_for("document.querySelector('[data-testid=restore]')", "the restore offer").await;
    b.click("[data-testid=restore-action]").await;
    b.wait_for("document.getElementById('jobspec-input').value.startsWith('# mine')", "the restored work").await;
    assert_eq!(b.editor_text("jobspec").await, mine);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn tab_indents_undo_restores_and_escape_leaves_the_editor() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    let original = b.editor_text("jobspec").await;
    caret_after(&b, "jobspec", "datacenters = [\"dc1\"]\n").await;
    b.type_keys("jobspec", "\u{E004}").await;
    let indented = b.editor_text("jobspec").await;
    assert!(indented.contains("datacenters = [\"dc1\"]\n  \n  task"), "Tab inserted two spaces");
    b.type_keys("jobspec", "\u{E008}\u{E004}\u{E000}").await;
    assert_eq!(b.editor_text("jobspec").await, original, "Shift+Tab removed them");
    b.type_keys("jobspec", "\u{E004}").await;
    b.type_keys("jobspec", "\u{E009}z\u{E000}").await;
    b.wait_for(&format!("document.getElementById('jobspec-input').value === {}", json!(original)), "undo").await;

    // Enter keeps the indentation (one step deeper after `{`).
    caret_after(&b, "jobspec", "network {").await;
    b.type_keys("jobspec", "\u{E007}").await;
    assert!(b.editor_text("jobspec").await.contains("network {\n        \n"), "auto-indent");

    b.type_keys("jobspec", "\u{E00C}").await;
    let active = b.js("return document.activeElement ? document.activeElement.id : null;").await;
    assert_ne!(active, json!("jobspec-input"), "Escape left the editor");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn results_of_other_work_are_never_shown_as_stale() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    // A link whose jobspec does not parse, opened in the same page.
    let broken = "job \"broken\" {\n  task \"t\" {\n    driver = \"exec\n  }\n}\n";
    let link = h.url(&share_fragment(broken, &example("seed-dynamic-ports", "nodes.hcl"), "0.2", 1, "env"));
    b.client.goto(&link).await.expect("navigate");
    b.wait_for("document.getElementById('jobspec-input').value.startsWith('job \"broken\"')", "the link").await;
    b.wait_for("document.querySelector('[data-testid=diagnostic].sev-error')", "the error").await;
    let stale = b.js("return !!document.querySelector('[data-testid=stale]');").await;
    assert_eq!(stale, json!(false), "the previous work's results are not this work's stale results");
    assert_eq!(b.env_value("NOMAD_PORT_http").await, None, "no env of the previous work");
    // Typing an error into working inputs does keep their results, marked stale.
    b.client
        .goto(&h.url(&share_fragment(
            &example("seed-static-port", "job.hcl"),
            &example("seed-static-port", "nodes.hcl"),
            "0.2",
            1,
            "env",
        )))
        .await
        .expect("navigate");
    b.wait_env("NOMAD_PORT_dns", |v| v == "53").await;
    caret_after(&b, "jobspec", "driver = \"exec\"").await;
    b.type_keys("jobspec", "\u{E003}").await;
    b.wait_for("document.querySelector('[data-testid=stale]')", "the stale banner").await;
    assert_eq!(b.env_value("NOMAD_PORT_dns").await.as_deref(), Some("53"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn copy_buttons_reset_and_help() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    let port = b.wait_env("NOMAD_PORT_http", |v| v.len() == 5).await;
    // Record what the page puts on the clipboard.
    b.js("window.__copied = [];\
          navigator.clipboard.writeText = async (text) => { window.__copied.push(text); };")
        .await;

    b.click("[data-testid=copy-env]").await;
    let env = b.wait_for("window.__copied[0]", "the env copy").await;
    let env = env.as_str().unwrap_or_default();
    assert!(env.contains(&format!("NOMAD_PORT_http={port}\n")), "{env}");
    assert!(env.lines().all(|l| l.contains('=')), "KEY=VALUE lines: {env}");
    b.wait_for("document.querySelector('[data-testid=toast]').textContent.startsWith('Copied')", "the toast").await;

    b.click("[data-testid=copy-markdown]").await;
    let md = b.wait_for("window.__copied[1]", "the Markdown copy").await;
    let md = md.as_str().unwrap_or_default();
    assert!(md.starts_with("### netplay: Nomad 0.2, seed 1\n"), "{md}");
    assert!(md.contains("**Jobspec**\n\n```hcl\njob \"webservice\" {\n"), "{md}");
    assert!(md.contains("**Nodes**\n\n```hcl\n"), "{md}");
    assert!(md.contains("**Results**\n\n```text\nNomad 0.2 · seed 1\n"), "{md}");
    assert!(md.contains(&format!("NOMAD_PORT_http={port}")), "{md}");
    assert!(md.contains("[Open this state in netplay](http://"), "{md}");

    // Reset returns to the example, with its version and the default seed.
    let example_text = b.editor_text("jobspec").await;
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# edited\n").await;
    b.client.find(Locator::Id("seed")).await.expect("seed").send_keys("7").await.expect("seed");
    b.click("[data-testid=reset]").await;
    b.wait_for("document.getElementById('seed').value === '1'", "the default seed").await;
    assert_eq!(b.editor_text("jobspec").await, example_text);

    // Help: the button and `?` open it, Escape closes it.
    b.click("[data-testid=help]").await;
    b.wait_for("document.querySelector('[data-testid=help-dialog]').open", "the help dialog").await;
    let text = b.js("return document.querySelector('[data-testid=help-dialog]').textContent;").await;
    for key in ["Shift + Tab", "Esc", "F8", "The node inventory", "host_network", "Nomad's network block"] {
        assert!(text.as_str().unwrap_or_default().contains(key), "help has {key}");
    }
    let docs = b.js("return [document.querySelector('[data-testid=docs]').href, document.querySelector('[data-testid=help-docs]').href];").await;
    for href in docs.as_array().cloned().unwrap_or_default() {
        assert!(href.as_str().unwrap_or_default().starts_with("https://developer.hashicorp.com/nomad/docs/"), "{docs}");
    }
    b.client
        .find(Locator::Css("[data-testid=help-close]"))
        .await
        .expect("close")
        .send_keys("\u{E00C}")
        .await
        .expect("esc");
    b.wait_for("!document.querySelector('[data-testid=help-dialog]').open", "the dialog to close").await;
    b.client.find(Locator::Css("[data-testid=theme]")).await.expect("a button").send_keys("?").await.expect("?");
    b.wait_for("document.querySelector('[data-testid=help-dialog]').open", "? to open help").await;
    b.close().await;
}

/// All `NAME=VALUE` pairs the Env tab shows, in page order.
async fn env_pairs(b: &Browser) -> Vec<(String, String)> {
    let script = "return [...document.querySelectorAll('[data-testid=env-var]')]\
                  .map(r => [r.dataset.envName, r.querySelector('[data-testid=env-value]').textContent]);";
    let rows = b.js(script).await;
    rows.as_array()
        .map(|rows| {
            rows.iter().filter_map(|r| Some((r[0].as_str()?.to_string(), r[1].as_str()?.to_string()))).collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn switching_between_0_2_and_1x_changes_the_env_set() {
    let h = Harness::start();
    let b = start_at(&h, "seed-dynamic-ports").await;
    b.wait_env("NOMAD_IP", |v| v == "10.0.0.10").await;
    assert!(b.env_value("NOMAD_HOST_PORT_http").await.is_none(), "0.2 has no NOMAD_HOST_PORT_");
    b.click("#nomad-version option[value=\"1.x\"]").await;
    // 1.x: the task-level network gives the per-label set, and there is no NOMAD_IP.
    let host = b.wait_env("NOMAD_HOST_PORT_http", |_| true).await;
    assert!((20_000..=32_000).contains(&port(&host)), "1.x range: {host}");
    assert_eq!(b.env_value("NOMAD_IPv4_http").await.as_deref(), Some("10.0.0.10"));
    assert_eq!(b.env_value("NOMAD_ADDR_http").await, Some(format!("10.0.0.10:{host}")));
    assert_eq!(b.env_value("NOMAD_IP").await, None, "1.x dropped NOMAD_IP");
    let problems = b.js("return document.querySelector('[data-testid=diagnostics]').textContent;").await;
    assert!(
        problems.as_str().unwrap_or_default().contains("task network resources have been deprecated"),
        "{problems}"
    );
    b.click("#nomad-version option[value=\"0.2\"]").await;
    b.wait_env("NOMAD_IP", |v| v == "10.0.0.10").await;
    assert!(b.env_value("NOMAD_HOST_PORT_http").await.is_none());
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_env_tab_warns_where_the_port_inside_differs_from_the_host_port() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    pick(&b, "v1-bridge-to").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "8080").await;
    let host = b.wait_env("NOMAD_HOST_PORT_http", |_| true).await;
    assert_eq!(b.env_value("NOMAD_PORT_http").await.as_deref(), Some("8080"), "`to = 8080` in every NOMAD_PORT_");
    let warning = b
        .js("const w = document.querySelector('[data-env-name=NOMAD_PORT_http] [data-testid=env-warning]'); return w ? w.textContent : null;")
        .await;
    let warning = warning.as_str().unwrap_or_default().to_string();
    assert!(warning.contains(&format!("NOMAD_HOST_PORT_http={host}")), "{warning}");
    let quiet = b
        .js("return document.querySelector('[data-env-name=NOMAD_HOST_PORT_http] [data-testid=env-warning]') === null;")
        .await;
    assert_eq!(quiet, json!(true), "the host port itself carries no warning");
    b.screenshot("env-warnings").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_page_computes_what_native_code_computes() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    for (slug, nomad) in
        [("multi-node-count", netplay_core::NomadVersion::V0_2), ("v1-host-networks", netplay_core::NomadVersion::V1)]
    {
        let job = example(slug, "job.hcl");
        let nodes = example(slug, "nodes.hcl");
        let seed = 777;
        let fragment = share_fragment(&job, &nodes, nomad.as_str(), seed, "env");
        // A fragment change alone does not reload the page: leave it first.
        b.client.goto("about:blank").await.expect("blank page");
        b.open(&h.url(&fragment)).await;
        b.wait_for("document.querySelectorAll('[data-testid=env-var]').length > 0", "the env tab").await;
        let native = netplay_core::analyze(
            &job,
            &nodes,
            &netplay_core::Options { nomad, seed, ..netplay_core::Options::default() },
        );
        let expected: Vec<(String, String)> = native
            .placements
            .iter()
            .filter(|p| p.node.is_some())
            .flat_map(|p| &p.tasks)
            .flat_map(|t| &t.env)
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect();
        assert!(!expected.is_empty(), "{slug}: something is placed");
        // The page groups each task's variables; the set is the same.
        let (mut page, mut expected) = (env_pairs(&b).await, expected);
        page.sort();
        expected.sort();
        assert_eq!(page, expected, "{slug}: wasm and native agree for seed {seed}");
    }
    b.close().await;
}

/// The host ports of group port `http` in the Allocations tab, one per instance.
async fn http_hosts(b: &Browser) -> Vec<String> {
    let v = b
        .js("return [...document.querySelectorAll('[data-testid=port][data-label=http] .port-host')].map(e => e.textContent);")
        .await;
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_variable_set_in_the_panel_moves_the_static_port_and_travels_in_the_share_link() {
    let h = Harness::start();
    // A jobspec whose static port is `var.http_port` (default 8080), opened from a v1 link.
    let (job, nodes) = (example("v1-variables", "job.hcl"), example("v1-variables", "nodes.hcl"));
    let a = h.browser(BrowserOptions::default()).await;
    a.open(&h.url(&share_fragment(&job, &nodes, "1.x", 1, "env"))).await;
    a.wait_env("NOMAD_PORT_http", |v| v == "8080").await;

    // The panel lists both variables with type, description, default and where the value came from.
    let rows = a
        .js("return [...document.querySelectorAll('[data-testid=variable]')].map(r => [r.dataset.varName,\
               r.querySelector('.var-type').textContent, r.querySelector('[data-testid=var-source]').textContent,\
               r.querySelector('.var-about').textContent]);")
        .await;
    assert_eq!(rows[0][0], json!("count"), "{rows}");
    assert_eq!(rows[1][0], json!("http_port"), "{rows}");
    assert_eq!(rows[1][1], json!("number"), "{rows}");
    assert_eq!(rows[1][2], json!("default"), "{rows}");
    let about = rows[1][3].as_str().unwrap_or_default();
    assert!(about.contains("The static host port") && about.contains("default 8080"), "{rows}");
    // The field is labelled by the variable's name.
    let label = a.js("return document.querySelector('label[for=var-http_port]').textContent;").await;
    assert_eq!(label, json!("http_port"));

    // Typing a value re-runs the analysis: Env and Allocations follow.
    let field = a.client.find(Locator::Id("var-http_port")).await.expect("the http_port field");
    field.send_keys("9090").await.expect("type");
    a.wait_env("NOMAD_PORT_http", |v| v == "9090").await;
    a.wait_for(
        "document.querySelector('[data-var-name=http_port] [data-testid=var-source]').textContent === 'set here'",
        "the source to say set here",
    )
    .await;
    a.click("[data-testid=tab-allocations]").await;
    a.wait_for("document.querySelector('[data-testid=port][data-label=http] .port-host')", "the ports table").await;
    let hosts = http_hosts(&a).await;
    assert_eq!(hosts.len(), 2, "count = 2 instances: {hosts:?}");
    assert!(hosts.iter().all(|h| h.ends_with(":9090")), "{hosts:?}");

    // A value that is not a number is core's diagnostic, shown at the field and in the list.
    let count = a.client.find(Locator::Id("var-count")).await.expect("the count field");
    count.send_keys("abc").await.expect("type");
    let error = a
        .wait_for("document.querySelector('[data-var-name=count] [data-testid=var-error]')?.textContent", "the error")
        .await;
    assert!(error.as_str().unwrap_or_default().contains("Invalid argument value for -var variable"), "{error}");
    assert_eq!(a.js("return document.getElementById('var-count').getAttribute('aria-invalid');").await, json!("true"));
    a.wait_for("document.querySelector('[data-testid=diagnostic][data-code=bad-variable]')", "the listed problem")
        .await;
    // Clear (by keyboard) puts the default back.
    a.client
        .find(Locator::Css("[data-var-name=count] [data-testid=var-clear]"))
        .await
        .expect("the clear button")
        .send_keys("\u{E007}")
        .await
        .expect("press Enter");
    a.wait_for("!document.querySelector('[data-testid=diagnostic][data-code=bad-variable]')", "the error to go").await;
    assert_eq!(a.js("return document.getElementById('var-count').value;").await, json!(""));
    assert_eq!(a.js("return document.activeElement.id;").await, json!("var-count"), "focus back in the field");
    a.screenshot("variables-desktop").await;

    a.click("[data-testid=share]").await;
    let url = a.wait_for("document.getElementById('share-url')?.value", "the share link").await;
    let url = url.as_str().expect("url").to_string();
    assert!(url.contains("#v3."), "{url}");
    a.close().await;

    // A fresh profile, on a phone: the value and the port come with the link.
    let b = h.browser(BrowserOptions { width: 375, height: 812, mobile: true, ..Default::default() }).await;
    b.open(&url).await;
    assert_eq!(b.js("return document.getElementById('var-http_port').value;").await, json!("9090"));
    assert_eq!(
        b.js("return document.querySelector('[data-var-name=http_port] [data-testid=var-source]').textContent;").await,
        json!("set here")
    );
    b.click("[data-testid=pane-results]").await;
    b.wait_for("document.querySelector('[data-testid=port][data-label=http] .port-host')", "the ports table").await;
    let hosts = http_hosts(&b).await;
    assert!(hosts.len() == 2 && hosts.iter().all(|h| h.ends_with(":9090")), "{hosts:?}");
    b.click("[data-testid=tab-env]").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "9090").await;
    let width = b.js("return [document.documentElement.scrollWidth, document.body.scrollWidth];").await;
    assert!(width[0].as_u64().unwrap_or(999) <= 375 && width[1].as_u64().unwrap_or(999) <= 375, "{width}");
    b.click("[data-testid=pane-editors]").await;
    b.js("document.getElementById('variables-title').scrollIntoView();").await;
    b.screenshot("variables-mobile-375").await;
    b.close().await;
}

// ---------- issue 11: the first five minutes ----------

/// The computed colour of an element, as `rgb(...)`.
async fn color_of(b: &Browser, css: &str) -> String {
    let v = b.js_with("return getComputedStyle(document.querySelector(arguments[0])).color;", vec![json!(css)]).await;
    v.as_str().unwrap_or_default().to_string()
}

/// A CSS custom property of the page, resolved to `rgb(...)` through a probe element.
async fn theme_color(b: &Browser, var: &str) -> String {
    let v = b
        .js_with(
            "const p = document.createElement('span'); p.style.color = `var(${arguments[0]})`;\
             document.body.appendChild(p); const c = getComputedStyle(p).color; p.remove(); return c;",
            vec![json!(var)],
        )
        .await;
    v.as_str().unwrap_or_default().to_string()
}

/// Fails unless the page is no wider than the window.
async fn assert_no_horizontal_scroll(b: &Browser, what: &str) {
    let w = b.js("return [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth];").await;
    let inner = w[2].as_u64().unwrap_or(0);
    assert!(w[0].as_u64().unwrap_or(999) <= inner && w[1].as_u64().unwrap_or(999) <= inner, "{what}: {w}");
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_cold_open_is_the_latest_line_with_the_modern_example() {
    let h = Harness::start();
    let latest = netplay_core::NomadVersion::latest();
    for (name, options) in [
        ("cold-open-desktop-light", BrowserOptions { width: 1400, height: 1000, ..Default::default() }),
        (
            "cold-open-desktop-dark",
            BrowserOptions { width: 1400, height: 1000, args: vec!["--force-dark-mode".into()], ..Default::default() },
        ),
        ("cold-open-phone-light", BrowserOptions { width: 375, height: 812, mobile: true, ..Default::default() }),
        (
            "cold-open-phone-dark",
            BrowserOptions { width: 375, height: 812, mobile: true, args: vec!["--force-dark-mode".into()] },
        ),
    ] {
        let b = h.browser(options.clone()).await;
        b.open(&h.url("")).await;
        let host = b.wait_env("NOMAD_HOST_PORT_http", |_| true).await;
        assert!((20_000..=32_000).contains(&port(&host)), "{name}: a dynamic host port of the modern range: {host}");
        assert_eq!(b.env_value("NOMAD_PORT_http").await.as_deref(), Some("80"), "{name}: `to = 80`");
        assert_eq!(b.env_value("NOMAD_ADDR_http").await, Some(format!("10.0.0.10:{host}")), "{name}");
        assert_eq!(b.env_value("NOMAD_HOST_PORT_https").await.as_deref(), Some("8443"), "{name}: the static port");
        assert_eq!(b.js("return document.getElementById('nomad-version').value;").await, json!(latest.as_str()));
        assert_eq!(b.js("return document.getElementById('example').value;").await, json!("v1-group-ports"));
        let about = b.js("return document.querySelector('[data-testid=about]').textContent;").await;
        assert!(about.as_str().unwrap_or_default().contains("NOMAD_HOST_PORT_"), "{name}: the explanation: {about}");
        assert_eq!(
            b.js("return document.querySelector('[data-testid=problem-count]').textContent;").await,
            json!("No problems")
        );
        if options.mobile {
            assert_no_horizontal_scroll(&b, name).await;
        }
        let theme = b.js("return document.documentElement.dataset.theme;").await;
        assert_eq!(theme, json!(if name.ends_with("dark") { "dark" } else { "light" }), "{name}");
        b.screenshot(name).await;
        b.close().await;
    }
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_gallery_is_grouped_by_version_and_says_custom_for_the_users_text() {
    let h = Harness::start();
    let b = start(&h).await;
    let groups = b
        .js("return [...document.querySelectorAll('#example optgroup')].map(g => [g.label, g.querySelectorAll('option').length]);")
        .await;
    let groups = groups.as_array().cloned().unwrap_or_default();
    assert!(groups.len() >= 3, "{groups:?}");
    assert!(groups[0][0].as_str().unwrap_or_default().contains("1.x"), "modern first: {groups:?}");
    assert!(
        groups.iter().any(|g| g[0].as_str().unwrap_or_default().contains("0.2") && g[1] == json!(3)),
        "the seed page's three under their own heading: {groups:?}"
    );
    let titles = b.js("return [...document.querySelectorAll('#example option')].map(o => o.textContent);").await;
    for t in titles.as_array().cloned().unwrap_or_default() {
        let t = t.as_str().unwrap_or_default();
        assert!(t.len() <= 48 && !t.contains("# ") && !t.ends_with('.'), "a short title, not a sentence: {t:?}");
    }
    // The example's hint is there until the text is the user's own; the gallery then says custom.
    b.wait_for("document.querySelector('[data-testid=hint]')", "the example's hint").await;
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# mine\n").await;
    b.wait_for("document.getElementById('example').value === ''", "custom").await;
    let custom = b.js("return document.querySelector('#example option:checked').textContent;").await;
    assert!(custom.as_str().unwrap_or_default().starts_with("custom"), "{custom}");
    assert_eq!(b.js("return !!document.querySelector('[data-testid=hint]');").await, json!(false), "hint gone");
    let about = b.js("return document.querySelector('[data-testid=about]').open;").await;
    assert_eq!(about, json!(false), "the explanation folds once the text is the user's own");
    b.close().await;

    // A link of an untouched example shows that example in the gallery.
    let (job, nodes) = (example("v1-host-networks", "job.hcl"), example("v1-host-networks", "nodes.hcl"));
    let c = h.browser(BrowserOptions::default()).await;
    c.open(&h.url(&share_fragment(&job, &nodes, "1.x", 1, "allocations"))).await;
    assert_eq!(c.js("return document.getElementById('example').value;").await, json!("v1-host-networks"));
    c.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_jobspec_for_another_line_gets_a_one_click_switch_instead_of_stale_results() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |v| v == "80").await;
    // The modern example under 0.2: its group network means nothing there.
    b.click("#nomad-version option[value=\"0.2\"]").await;
    let hint = b.wait_for("document.querySelector('[data-testid=version-hint]')?.textContent", "the hint").await;
    assert!(hint.as_str().unwrap_or_default().contains("group-level network block"), "{hint}");
    assert_eq!(b.js("return !!document.querySelector('[data-testid=stale]');").await, json!(false), "no stale results");
    let action = b.js("return document.querySelector('[data-testid=version-hint-action]').textContent;").await;
    let latest = netplay_core::NomadVersion::latest();
    assert_eq!(action, json!(format!("Switch to Nomad {latest}")));
    b.click("[data-testid=version-hint-action]").await;
    b.wait_for(&format!("document.getElementById('nomad-version').value === '{latest}'"), "the switch").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "80").await;
    assert_eq!(b.js("return !!document.querySelector('[data-testid=version-hint]');").await, json!(false));
    // A 0.2 jobspec under the latest line: task-level networks point back to 0.2.
    pick(&b, "seed-static-port").await;
    b.click(&format!("#nomad-version option[value=\"{latest}\"]")).await;
    let hint = b.wait_for("document.querySelector('[data-testid=version-hint]')?.textContent", "the hint").await;
    assert!(hint.as_str().unwrap_or_default().contains("Nomad 0.2"), "{hint}");
    b.click("[data-testid=version-hint-action]").await;
    b.wait_for("document.getElementById('nomad-version').value === '0.2'", "back to 0.2").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn problems_are_visible_without_scrolling_and_a_warning_is_not_green() {
    let h = Harness::start();
    for (width, height) in [(1366, 768), (1400, 1000)] {
        let b = h.browser(BrowserOptions { width, height, ..Default::default() }).await;
        b.open(&h.url("")).await;
        // A typo deep in the jobspec: the problem is listed in view, beside the results.
        caret_after(&b, "jobspec", "cpu    = 200").await;
        b.type_keys("jobspec", "\ncpuu = 1").await;
        b.wait_for("document.querySelector('[data-testid=diagnostic].sev-error')", "the error").await;
        b.js("window.scrollTo(0, 0);").await;
        let place = b
            .js("const r = document.querySelector('[data-testid=diagnostic]').getBoundingClientRect();\
                 return [r.top, r.bottom, window.innerHeight, r.left, window.innerWidth];")
            .await;
        let (top, bottom, inner) =
            (place[0].as_f64().unwrap_or(-1.0), place[1].as_f64().unwrap_or(1e9), place[2].as_f64().unwrap_or(0.0));
        assert!(top >= 0.0 && bottom <= inner, "{width}x{height}: the first problem is in view: {place}");
        let count = color_of(&b, "[data-testid=problem-count]").await;
        assert_eq!(count, theme_color(&b, "--error").await, "{width}x{height}: an error count is red");
        b.screenshot(&format!("problems-{width}x{height}")).await;
        b.close().await;
    }
    // Only warnings: the count is the warning colour, not green.
    let b = start_at(&h, "multi-node-count").await;
    b.wait_for("document.querySelector('[data-testid=diagnostic].sev-warning')", "a warning").await;
    assert_eq!(b.js("return document.querySelectorAll('[data-testid=diagnostic].sev-error').length;").await, json!(0));
    let (count, warning, ok) = (
        color_of(&b, "[data-testid=problem-count]").await,
        theme_color(&b, "--warning").await,
        theme_color(&b, "--ok").await,
    );
    assert_eq!(count, warning, "the header count takes the worst severity");
    assert_ne!(count, ok);
    assert_eq!(color_of(&b, "[data-testid=diagnostics-summary]").await, warning);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_job_with_nothing_placed_is_the_headline() {
    let h = Harness::start();
    let b = start_at(&h, "bandwidth-exceeded").await;
    let headline =
        b.wait_for("document.querySelector('[data-testid=headline].headline-bad')?.textContent", "the headline").await;
    let headline = headline.as_str().unwrap_or_default();
    assert!(headline.contains("Nothing placed"), "{headline}");
    assert!(headline.contains("bandwidth exceeded"), "Nomad's reason: {headline}");
    assert!(headline.contains("To fit on node-1: Ask for fewer mbits"), "what would make it fit: {headline}");
    // The headline comes before the tabs.
    let order = b
        .js("const h = document.querySelector('[data-testid=headline]'), t = document.querySelector('.tabs');\
             return !!(h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);")
        .await;
    assert_eq!(order, json!(true));
    b.click("[data-testid=tab-nodes]").await;
    let fix = b.wait_for("document.querySelector('[data-testid=node-fix]')?.textContent", "the node's fix").await;
    assert!(fix.as_str().unwrap_or_default().contains("mbits"), "{fix}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_deleted_brace_points_where_the_indentation_goes_back_out() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |v| v == "80").await;
    // Delete the `}` that closes `config { ... }` in the middle of the modern example.
    let text = b.editor_text("jobspec").await;
    let ports = text.find("ports = [\"http\", \"https\"]").expect("the ports line");
    let close = ports + text[ports..].find('}').expect("config's brace");
    b.js_with(
        "const t = document.getElementById('jobspec-input'); t.focus(); t.setSelectionRange(arguments[0], arguments[0] + 1);\
         document.execCommand('delete');",
        vec![json!(close)],
    )
    .await;
    let lines: Vec<&str> = text.lines().collect();
    let config_line = 1 + lines.iter().position(|l| l.trim() == "config {").expect("config line");
    let resources_line = 1 + lines.iter().position(|l| l.trim() == "resources {").expect("resources line");
    let d = b
        .wait_for(
            "(() => { const d = document.querySelector('[data-testid=diagnostic][data-code=hcl-syntax]');\
              return d && [+d.dataset.line, d.textContent]; })()",
            "the syntax error",
        )
        .await;
    assert_eq!(d[0], json!(resources_line), "at the line that goes back out: {d}");
    let message = d[1].as_str().unwrap_or_default();
    assert!(message.contains(&format!("opened at line {config_line}")), "names the opening line: {message}");
    assert!(message.contains("`config` block") || message.contains("config block"), "{message}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn on_a_phone_the_results_are_one_tap_away_and_every_tab_fits() {
    let h = Harness::start();
    let b = h.browser(BrowserOptions { width: 375, height: 812, mobile: true, ..Default::default() }).await;
    b.open(&h.url("")).await;
    b.wait_for("document.querySelector('[data-testid=pane-results]')", "the pane switch").await;
    let switch = b
        .js("const r = document.querySelector('[data-testid=pane-results]').getBoundingClientRect(); return [r.top, r.width];")
        .await;
    assert!(switch[0].as_f64().unwrap_or(1e9) < 812.0, "the switch is in view: {switch}");
    b.click("[data-testid=pane-results]").await;
    b.wait_for("document.querySelector('[data-testid=results]').getBoundingClientRect().height > 0", "results").await;
    assert_eq!(
        b.js("return document.getElementById('jobspec-input').getBoundingClientRect().height;").await,
        json!(0),
        "the editors step aside"
    );
    for slug in ["v1-group-ports", "v1-host-networks", "multi-node-count"] {
        if slug != "v1-group-ports" {
            b.click("[data-testid=pane-editors]").await;
            pick(&b, slug).await;
            b.click("[data-testid=pane-results]").await;
        }
        for tab in ["allocations", "mappings", "env", "nodes"] {
            let visible = b
                .js_with(
                    "const r = document.querySelector(`[data-testid=tab-${arguments[0]}]`).getBoundingClientRect();\
                     return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;",
                    vec![json!(tab)],
                )
                .await;
            assert_eq!(visible, json!(true), "{slug}: tab {tab} is reachable");
            b.click(&format!("[data-testid=tab-{tab}]")).await;
            b.wait_for(&format!("document.querySelector('[data-testid=panel-{tab}]')"), tab).await;
            assert_no_horizontal_scroll(&b, &format!("{slug} {tab}")).await;
            let cut = b
                .js("return [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1).length;")
                .await;
            assert_eq!(cut, json!(0), "{slug} {tab}: no table is cut");
        }
    }
    b.click("[data-testid=tab-allocations]").await;
    b.screenshot("phone-allocations").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_env_tab_groups_and_filters_the_variables() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |v| v == "80").await;
    let groups =
        b.js("return [...document.querySelectorAll('[data-testid=env-group]')].map(g => g.dataset.group);").await;
    assert_eq!(groups, json!(["ports", "identity", "directories", "resources"]), "{groups}");
    let first = b.js("return document.querySelector('[data-testid=env-group] .env-group-title').textContent;").await;
    assert_eq!(first, json!("This task's ports and addresses"));
    // Rules are sentences; the stand-in and the client-dependent values say so.
    let rule = b.js("return document.querySelector('[data-env-name=NOMAD_PORT_http] .env-rule').textContent;").await;
    assert_eq!(rule, json!("The port http listens on inside the task: its to = 80."));
    let caveat = b
        .js("return document.querySelector('[data-env-name=NOMAD_ALLOC_ID] [data-testid=env-caveat]').textContent;")
        .await;
    assert!(caveat.as_str().unwrap_or_default().contains("stand-in"), "{caveat}");
    assert_eq!(b.env_value("NOMAD_DC").await.as_deref(), Some("dc1"));
    assert_eq!(b.env_value("NOMAD_ALLOC_DIR").await.as_deref(), Some("/alloc"));
    assert_eq!(b.env_value("NOMAD_SECRETS_DIR").await.as_deref(), Some("/secrets"));
    let dir = b
        .js("return document.querySelector('[data-env-name=NOMAD_TASK_DIR] [data-testid=env-caveat]').textContent;")
        .await;
    assert!(dir.as_str().unwrap_or_default().contains("Depends on the client"), "{dir}");

    let filter = b.client.find(Locator::Css("[data-testid=env-filter]")).await.expect("the filter box");
    filter.send_keys("host_port").await.expect("type");
    b.wait_for("document.querySelectorAll('[data-testid=env-var]').length === 2", "two matches").await;
    let names = env_pairs(&b).await.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(names, ["NOMAD_HOST_PORT_http", "NOMAD_HOST_PORT_https"]);
    filter.send_keys("zzz").await.expect("type");
    let none = b.wait_for("document.querySelector('[data-testid=env-none]')?.textContent", "no match").await;
    assert!(none.as_str().unwrap_or_default().contains("No variable matches"), "{none}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn allocations_say_why_each_address_and_what_would_make_a_node_fit() {
    let h = Harness::start();
    let b = start_at(&h, "v1-host-networks").await;
    b.click("[data-testid=tab-allocations]").await;
    let why = b
        .wait_for(
            "[...document.querySelectorAll('[data-testid=why]')].map(w => w.textContent).join('\\n')",
            "the reasons",
        )
        .await;
    let why = why.as_str().unwrap_or_default();
    assert!(why.contains("host_network \"public\" matches addresses in 203.0.113.0/24 on eth1"), "{why}");
    assert!(why.contains("host_network \"private\""), "{why}");
    b.click("[data-testid=tab-nodes]").await;
    let fix = b.wait_for("document.querySelector('[data-testid=node-fix]')?.textContent", "node-2's fix").await;
    assert!(fix.as_str().unwrap_or_default().contains("host_network \"public\""), "{fix}");
    // Mappings: the sentence for the mode.
    b.click("[data-testid=tab-mappings]").await;
    let mode = b.wait_for("document.querySelector('[data-testid=mode-line]')?.textContent", "the mode line").await;
    assert!(mode.as_str().unwrap_or_default().starts_with("Host mode maps nothing"), "{mode}");
    pick(&b, "v1-bridge-to").await;
    b.wait_for(
        "document.querySelector('[data-testid=mode-line]')?.textContent.startsWith('Bridge mode: the allocation has its own network namespace')",
        "the bridge sentence",
    )
    .await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn reset_after_an_hour_of_work_is_one_undo_away() {
    let h = Harness::start();
    let b = start(&h).await;
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# an hour of work\n").await;
    b.wait_for("localStorage.getItem('netplay.autosave.v1') === location.hash.slice(1)", "the autosave").await;
    let mine = b.editor_text("jobspec").await;
    b.click("[data-testid=reset]").await;
    b.wait_for("document.querySelector('[data-testid=undo]')", "the undo banner").await;
    assert_eq!(b.editor_text("jobspec").await, example("v1-group-ports", "job.hcl"));
    // The autosave still holds the work while the example stands untouched.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let saved = b.js("return localStorage.getItem('netplay.autosave.v1');").await;
    let before = b.js("return location.hash.slice(1);").await;
    assert_eq!(saved, before, "the URL and the autosave still hold the work");
    b.click("[data-testid=undo-action]").await;
    b.wait_for("!document.querySelector('[data-testid=undo]')", "the banner to go").await;
    assert_eq!(b.editor_text("jobspec").await, mine, "Undo brings the work back");

    // Picking an example, then Ctrl+Z.
    b.click("#example option[value=seed-static-port]").await;
    b.wait_for("document.querySelector('[data-testid=undo]')", "the undo banner").await;
    b.client
        .find(Locator::Css("[data-testid=theme]"))
        .await
        .expect("a button")
        .send_keys("\u{E009}z\u{E000}")
        .await
        .expect("ctrl+z");
    b.wait_for(&format!("document.getElementById('jobspec-input').value === {}", json!(mine)), "Ctrl+Z").await;
    // A reload while the example stands untouched brings the work back from the autosave.
    b.click("[data-testid=reset]").await;
    b.wait_for("document.querySelector('[data-testid=undo]')", "the undo banner").await;
    b.client.goto("about:blank").await.expect("blank");
    b.open(&h.url("")).await;
    assert_eq!(b.editor_text("jobspec").await, mine, "the autosave kept the work");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_countdash_example_shows_its_sidecar_port_upstream_and_services() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    b.click("#example option[value=v2-connect-countdash]").await;
    let version = b.js("return document.querySelector('#nomad-version').value;").await;
    assert_eq!(version, json!("2.x"), "the example names Nomad 2.x");
    b.wait_env("NOMAD_UPSTREAM_ADDR_count_api", |v| v == "127.0.0.1:8080").await;
    assert_eq!(b.env_value("COUNTING_SERVICE_URL").await.as_deref(), Some("http://127.0.0.1:8080"));
    let sidecar = b.wait_env("NOMAD_PORT_connect_proxy_count_api", |_| true).await;
    assert!((20_000..=32_000).contains(&port(&sidecar)), "the sidecar port is dynamic: {sidecar}");
    let rule = b
        .js("return document.querySelector('[data-env-name=NOMAD_PORT_connect_proxy_count_api] .env-rule').textContent;")
        .await;
    let rule = rule.as_str().unwrap_or_default().to_lowercase();
    assert!(rule.contains("added by connect for service count-api"), "{rule}");
    b.click("#tab-services").await;
    let sidecar_address = b
        .wait_for(
            "document.querySelector('[data-service=count-api] ~ [data-testid=service-sidecar] [data-testid=service-address]')?.textContent",
            "the sidecar's registration",
        )
        .await;
    assert_eq!(sidecar_address, json!(format!("10.0.0.10:{sidecar}")));
    let problems = b.js("return document.querySelector('[data-testid=diagnostics-summary]').textContent;").await;
    assert_eq!(problems, json!("No problems"));
    b.screenshot("connect-services").await;
    b.close().await;
}
