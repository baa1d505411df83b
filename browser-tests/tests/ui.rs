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
async fn the_page_loads_the_example_with_dynamic_ports_in_range() {
    let h = Harness::start();
    let b = start(&h).await;
    for name in ["NOMAD_PORT_http", "NOMAD_PORT_https"] {
        let value = b.wait_env(name, |_| true).await;
        assert!(DYNAMIC.contains(&port(&value)), "{name}={value} is outside 20000..59999");
    }
    assert_eq!(b.env_value("NOMAD_IP").await.as_deref(), Some("10.0.0.10"));
    assert!(b.editor_text("jobspec").await.contains("job \"webservice\""), "first visit opens seed-dynamic-ports");
    let hint = b.js("const h = document.querySelector('[data-testid=hint]'); return h ? h.textContent : '';").await;
    assert!(hint.as_str().unwrap_or_default().contains("static = 8080"), "first-visit hint: {hint}");
    let tab = b.js("return document.querySelector('[role=tab][aria-selected=true]').textContent;").await;
    assert_eq!(tab, json!("Env"));
    let problems = b.js("return document.querySelector('[data-testid=diagnostics-summary]').textContent;").await;
    assert_eq!(problems, json!("No problems"));
    b.screenshot("desktop-light").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn typing_a_static_port_updates_the_env_tab() {
    let h = Harness::start();
    let b = start(&h).await;
    let before = b.wait_env("NOMAD_PORT_http", |_| true).await;
    assert_ne!(before, "8080");
    caret_after(&b, "jobspec", "port \"http\" {").await;
    b.type_keys("jobspec", " static = 8080 ").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "8080").await;
    let rule = b.js("return document.querySelector('[data-env-name=NOMAD_PORT_http] .env-rule').textContent;").await;
    assert_eq!(rule, json!("static port http"));
    let https = b.env_value("NOMAD_PORT_https").await.expect("https still there");
    assert!(DYNAMIC.contains(&port(&https)));
    assert!(b.editor_text("jobspec").await.contains("port \"http\" { static = 8080 }"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_syntax_error_is_underlined_on_its_line_listed_and_clickable() {
    let h = Harness::start();
    let b = start(&h).await;
    b.wait_env("NOMAD_PORT_http", |_| true).await;
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
    b.click("#example option[value=qemu-port-map]").await;
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
    let a = start(&h).await;
    a.wait_env("NOMAD_PORT_http", |_| true).await;
    let seed = a.client.find(Locator::Id("seed")).await.expect("seed input");
    seed.clear().await.expect("clear");
    seed.send_keys("4242").await.expect("type seed");
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
    assert!(url.contains("#v2."), "{url}");
    a.close().await;

    let b = h.browser(BrowserOptions::default()).await;
    b.open(&url).await;
    assert_eq!(b.editor_text("jobspec").await, jobspec);
    assert_eq!(b.editor_text("nodes").await, nodes);
    assert_eq!(b.js("return document.getElementById('seed').value;").await, json!("4242"));
    assert_eq!(
        b.js("return document.querySelector('[role=tab][aria-selected=true]').id;").await,
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
        "location.hash.startsWith('#v2.') && localStorage.getItem('netplay.autosave.v1') === location.hash.slice(1)",
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
    let b = start(&h).await;
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
    let b = start(&h).await;
    let port = b.wait_env("NOMAD_PORT_http", |_| true).await;
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
    assert!(md.contains("**Jobspec**\n\n```hcl\n# nomad: 0.2\n"), "{md}");
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
    for key in ["Shift + Tab", "Esc", "F8"] {
        assert!(text.as_str().unwrap_or_default().contains(key), "help lists {key}");
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
    let b = start(&h).await;
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
    b.click("#example option[value=v1-bridge-to]").await;
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
        assert_eq!(env_pairs(&b).await, expected, "{slug}: wasm and native agree for seed {seed}");
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
    assert!(url.contains("#v2."), "{url}");
    a.close().await;

    // A fresh profile, on a phone: the value and the port come with the link.
    let b = h.browser(BrowserOptions { width: 375, height: 812, mobile: true, ..Default::default() }).await;
    b.open(&url).await;
    assert_eq!(b.js("return document.getElementById('var-http_port').value;").await, json!("9090"));
    assert_eq!(
        b.js("return document.querySelector('[data-var-name=http_port] [data-testid=var-source]').textContent;").await,
        json!("set here")
    );
    b.wait_for("document.querySelector('[data-testid=port][data-label=http] .port-host')", "the ports table").await;
    let hosts = http_hosts(&b).await;
    assert!(hosts.len() == 2 && hosts.iter().all(|h| h.ends_with(":9090")), "{hosts:?}");
    b.click("[data-testid=tab-env]").await;
    b.wait_env("NOMAD_PORT_http", |v| v == "9090").await;
    let width = b.js("return [document.documentElement.scrollWidth, document.body.scrollWidth];").await;
    assert!(width[0].as_u64().unwrap_or(999) <= 375 && width[1].as_u64().unwrap_or(999) <= 375, "{width}");
    b.js("document.getElementById('variables-title').scrollIntoView();").await;
    b.screenshot("variables-mobile-375").await;
    b.close().await;
}
