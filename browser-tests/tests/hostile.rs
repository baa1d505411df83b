//! The page against hostile input and against losing work: its Content-Security-Policy, script
//! injection through a link, an editor and an example name, a panic and a trap, a reload in the
//! middle of typing, full storage, and two tabs editing at once.
//!
//! Run: `cargo test -p netplay-browser-tests --test hostile -- --ignored --test-threads=1`
//! (scripts/test.sh does, after `trunk build --release`).

use std::time::Duration;

use netplay_browser_tests::{Browser, BrowserOptions, Harness, share_fragment};
use serde_json::json;

const AUTOSAVE: &str = "localStorage.getItem('netplay.autosave.v1')";

async fn start(h: &Harness) -> Browser {
    let b = h.browser(BrowserOptions::default()).await;
    b.open(&h.url("")).await;
    b
}

/// Types `text` at the start of the jobspec and waits until the autosave and the URL hold it.
async fn type_and_autosave(b: &Browser, text: &str) {
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", text).await;
    b.wait_for(
        &format!(
            "document.getElementById('jobspec-input').value.startsWith({text:?}) && {AUTOSAVE} === location.hash.slice(1)"
        ),
        "the autosave to follow the edit",
    )
    .await;
}

/// Inserts `text` at the start of the jobspec the way a paste does (an `input` event).
async fn insert(b: &Browser, text: &str) {
    b.js_with(
        "const t = document.getElementById('jobspec-input'); t.focus(); t.setSelectionRange(0, 0);\
         if (!document.execCommand('insertText', false, arguments[0])) {\
           t.value = arguments[0] + t.value;\
           t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));\
         }",
        vec![json!(text)],
    )
    .await;
}

/// [`insert`], then waits until the autosave and the URL hold it.
async fn insert_and_autosave(b: &Browser, text: &str) {
    insert(b, text).await;
    b.wait_for(
        &format!(
            "document.getElementById('jobspec-input').value.startsWith({text:?}) && {AUTOSAVE} === location.hash.slice(1)"
        ),
        "the autosave to follow the edit",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn the_page_runs_only_its_own_script_and_wasm() {
    let h = Harness::start();
    let b = start(&h).await;
    let csp = b.js("return document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content;").await;
    let csp = csp.as_str().unwrap_or_default().to_string();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'") && csp.contains("default-src 'none'"), "{csp}");
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
    let sources: Vec<&str> = script_src.split_whitespace().collect();
    assert_eq!(sources, ["script-src", "'self'", "'wasm-unsafe-eval'"], "only the page's own script and wasm");
    // The app started under it (boot.js loaded the glue and the wasm) and the theme was set
    // before the first paint without an inline script.
    assert_eq!(b.js("return document.querySelectorAll('script:not([src])').length;").await, json!(0));
    let theme = b.js("return document.documentElement.dataset.theme;").await;
    assert!(theme == json!("light") || theme == json!("dark"), "{theme}");
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    // An injected inline script and inline handler are refused. (WebDriver's own scripts, like
    // this one, are exempt from the policy, so `eval` cannot be tested from here.)
    let refused = b
        .js("const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s);\
             const i = document.createElement('img'); i.setAttribute('onerror', 'window.__handler = 1'); i.src = 'x:'; document.body.append(i);\
             return new Promise(r => setTimeout(() => r([typeof window.__inline, typeof window.__handler]), 300));")
        .await;
    assert_eq!(refused, json!(["undefined", "undefined"]));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn markup_typed_into_an_editor_or_chosen_as_an_example_stays_text() {
    let h = Harness::start();
    let b = start(&h).await;
    let payload = "# <img src=x onerror=window.__pwned=1></textarea><script>window.__pwned=2</script>\n\
                   job \"<svg onload=window.__pwned=3>\" {\n";
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", payload).await;
    b.wait_for("document.querySelector('[data-testid=diagnostics-summary]')", "the diagnostics").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(b.js("return typeof window.__pwned;").await, json!("undefined"), "no script ran");
    assert_eq!(
        b.js("return document.querySelectorAll('#app script, #app img, #app svg[onload]').length;").await,
        json!(0)
    );
    assert!(b.editor_text("jobspec").await.starts_with(payload));
    let painted =
        b.js("return [...document.querySelectorAll('.editor-paint code')].map(c => c.textContent).join('\\n');").await;
    assert!(painted.as_str().unwrap_or_default().contains("<img src=x onerror=window.__pwned=1></textarea>"));

    // An example name the page does not have (an option added by a script, then chosen).
    let before = b.editor_text("jobspec").await;
    b.js("const s = document.getElementById('example'); const o = document.createElement('option');\
          o.value = '<img src=x onerror=window.__pwned=4>'; o.textContent = o.value; s.append(o); s.value = o.value;\
          s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(b.js("return typeof window.__pwned;").await, json!("undefined"));
    assert_eq!(b.editor_text("jobspec").await, before, "an unknown example changes nothing");
    // The page's own example names are text in their options.
    let names =
        b.js("return [...document.querySelectorAll('#example option')].every(o => o.children.length === 0);").await;
    assert_eq!(names, json!(true));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_link_with_markup_in_every_field_opens_as_text_or_not_at_all() {
    let h = Harness::start();
    let b = h.browser(BrowserOptions::default()).await;
    // Markup as the tab and as the version: not a state, so the link is refused with a reason.
    for (nomad, tab) in [("0.2", "<img src=x onerror=window.__pwned=1>"), ("<b>1.x</b>", "env")] {
        b.open(&h.url(&share_fragment("job \"x\" {}\n", "", nomad, 1, tab))).await;
        let error = b.wait_for("document.querySelector('[data-testid=share-error]')?.textContent", "the error").await;
        assert!(error.as_str().unwrap_or_default().contains("not a netplay state"), "{error}");
        assert_eq!(b.js("return typeof window.__pwned;").await, json!("undefined"));
        b.client.goto("about:blank").await.expect("blank");
    }
    b.close().await;
}

/// A real panic in the shipped bundle: the `netplay:panic` event's listener (compiled into
/// every build, web/src/crash.rs) calls `panic!`, so the panic machinery runs as for a bug: the
/// hook formats the panic's message, saves the text and shows its note, then `panic=abort`
/// traps. The trap reaches the page as a `WebAssembly.RuntimeError`, and web/boot.js's trap
/// handler must leave it to the hook's note: one message, not two.
#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_panic_keeps_the_text_and_says_so() {
    let h = Harness::start();
    let b = start(&h).await;
    type_and_autosave(&b, "# saved\n").await;
    // The last keystrokes are not autosaved yet when the app stops.
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# typed just before\n").await;
    b.js("window.__traps = 0; addEventListener('error', e => { if (e.error instanceof WebAssembly.RuntimeError) window.__traps++; });")
        .await;
    b.js("window.dispatchEvent(new Event('netplay:panic'));").await;
    let note = b.wait_for("document.querySelector('[data-testid=crash]')?.textContent", "the message").await;
    let note = note.as_str().unwrap_or_default();
    assert!(note.contains("internal error") && note.contains("reload"), "{note}");
    // The hook saw the panic itself (its message and place), which `panic=immediate-abort` never
    // lets a hook do.
    assert!(note.contains("the page asked for a panic") && note.contains("crash.rs"), "{note}");
    // The module then stopped with a trap, and the trap handler said nothing more.
    b.wait_for("window.__traps > 0", "the trap after the panic hook").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        b.js("return [document.querySelectorAll('[data-testid=crash]').length, document.querySelectorAll('[data-testid=trap]').length];")
            .await,
        json!([1, 0]),
        "one message for a panic"
    );
    let text = b.editor_text("jobspec").await;
    assert!(text.starts_with("# typed just before\n# saved\n"), "the editor keeps the text: {text:?}");
    b.screenshot("panic-message").await;
    // A reload brings all of it back.
    b.client.goto(&h.url("")).await.expect("reload");
    b.wait_ready().await;
    assert!(b.editor_text("jobspec").await.starts_with("# typed just before\n# saved\n"));
    b.close().await;
}

/// A trap that is not a panic (a stack overflow, memory running out) reaches no Rust code, so
/// web/boot.js shows the editors' text for copying. The trap is synthetic: an `error` event
/// carrying a `WebAssembly.RuntimeError`, as the browser reports one; the bundle has no way to
/// overflow its stack on purpose.
#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_trap_that_is_no_panic_shows_the_text_to_copy() {
    let h = Harness::start();
    let b = start(&h).await;
    type_and_autosave(&b, "# kept <b>as text</b>\n").await;
    b.js("window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));")
        .await;
    let kept =
        b.wait_for("document.querySelector('[data-testid=trap] textarea')?.value", "the trap handler's text").await;
    let kept = kept.as_str().unwrap_or_default();
    assert!(kept.starts_with("# jobspec\n# kept <b>as text</b>\n") && kept.contains("# node inventory\n"), "{kept}");
    assert_eq!(b.js("return document.querySelectorAll('[data-testid=trap] b').length;").await, json!(0));
    assert_eq!(b.js("return document.querySelectorAll('[data-testid=crash]').length;").await, json!(0));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn a_reload_in_the_middle_of_typing_loses_nothing() {
    let h = Harness::start();
    let b = start(&h).await;
    type_and_autosave(&b, "# first\n").await;
    // Type and reload at once, before the throttled autosave (400 ms) would run.
    b.caret("jobspec", 0).await;
    b.type_keys("jobspec", "# second\n").await;
    b.client.refresh().await.expect("reload");
    b.wait_ready().await;
    // The address still holds the state from before the last keystrokes; the autosave written
    // as the page went away holds them, and this tab wrote both: the newer work opens, with
    // nothing to restore.
    assert_eq!(b.js("return document.querySelectorAll('[data-testid=restore]').length;").await, json!(0));
    assert!(b.editor_text("jobspec").await.starts_with("# second\n# first\n"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn full_storage_says_the_work_is_not_saved() {
    let h = Harness::start();
    let b = start(&h).await;
    type_and_autosave(&b, "# before the storage filled up\n").await;
    // Fill localStorage to its quota, in ever smaller pieces.
    let filled = b
        .js("let n = 0; for (let size = 1 << 20; size >= 16; size >>= 1) {\
               const chunk = 'x'.repeat(size);\
               for (;;) { try { localStorage.setItem('filler.' + n, chunk); n++; } catch (e) { break; } }\
             } return n;")
        .await;
    assert!(filled.as_u64().unwrap_or(0) > 0, "{filled}");
    // A larger text no longer fits.
    b.js("const t = document.getElementById('jobspec-input'); t.focus(); t.setSelectionRange(0, 0);\
          document.execCommand('insertText', false, '# ' + 'y'.repeat(200000) + '\\n');")
        .await;
    let note = b.wait_for("document.querySelector('[data-testid=storage-full]')?.textContent", "the message").await;
    assert!(note.as_str().unwrap_or_default().contains("not being autosaved"), "{note}");
    // The page goes on working, and the text is all there.
    assert!(b.editor_text("jobspec").await.starts_with("# yyy"));
    b.wait_env("NOMAD_PORT_http", |_| true).await;
    b.js("for (const k of Object.keys(localStorage)) if (k.startsWith('filler.')) localStorage.removeItem(k);").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and the web bundle; run with `-- --ignored` (scripts/test.sh does)"]
async fn two_tabs_never_silently_write_over_each_other() {
    let h = Harness::start();
    let b = start(&h).await;
    let first = b.client.window().await.expect("this tab");
    type_and_autosave(&b, "# tab A\n").await;

    // Tab B opens the playground (it loads A's autosave) and edits.
    let second = b.client.new_window(true).await.expect("a second tab").handle;
    b.client.switch_to_window(second.clone()).await.expect("to tab B");
    b.open(&h.url("")).await;
    assert!(b.editor_text("jobspec").await.starts_with("# tab A\n"));
    // A tab in the background gets no key events from WebDriver: edit as a paste does.
    insert_and_autosave(&b, "# tab B\n").await;
    let b_saved = b.js(&format!("return {AUTOSAVE};")).await;

    // Back in A, an edit must not write over B's autosave.
    b.client.switch_to_window(first.clone()).await.expect("to tab A");
    insert(&b, "# more A\n").await;
    let note = b.wait_for("document.querySelector('[data-testid=other-tab]')?.textContent", "the notice").await;
    assert!(note.as_str().unwrap_or_default().contains("another tab"), "{note}");
    assert_eq!(b.js(&format!("return {AUTOSAVE};")).await, b_saved, "B's autosave is untouched");

    // Choosing to keep A's work saves it and keeps B's for restoring.
    b.click("[data-testid=other-tab-action]").await;
    b.wait_for(&format!("{AUTOSAVE} !== {b_saved}"), "A's autosave").await;
    assert_eq!(b.js("return localStorage.getItem('netplay.autosave.before-link.v1');").await, b_saved);
    b.close().await;
}
