//! Real cluster data in the playground: a node JSON pasted or dropped into the inventory
//! editor is analysed as it is, and the Inventory as HCL button prints it.
//!
//! Run: `NETPLAY_BROWSER_TESTS=1 cargo test -p netplay-browser-tests --test cluster -- --test-threads=1`.

use netplay_browser_tests::{Browser, BrowserOptions, Harness, require_browser, workspace_root};
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

async fn start(h: &Harness) -> Browser {
    let b = h.browser(BrowserOptions::default()).await;
    b.open(&h.url("")).await;
    b.wait_ready().await;
    b
}

#[tokio::test]
async fn a_pasted_node_json_places_on_its_addresses() {
    require_browser!();
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
async fn a_dropped_json_jobspec_is_read_as_it_is() {
    require_browser!();
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
