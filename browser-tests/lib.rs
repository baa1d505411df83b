//! Real-browser tests of the netplay playground: headless Chromium driven over WebDriver.
//!
//! Every test is `#[ignore]`d with the reason: `cargo test --workspace` needs no browser and
//! lists them as ignored, never as passed. `cargo test -p netplay-browser-tests --test ui --
//! --ignored` runs them; then a missing Chromium, chromedriver or web bundle is a failure.
//!
//! Each test gets a [`Harness`]: the bundle (`NETPLAY_DIST`, else `dist/`, built with
//! `trunk build --release` when missing) served by a small `std::net` server on a free port,
//! and its own `chromedriver` in its own process group, killed with the group on drop. Every
//! [`Browser`] starts with a fresh profile directory. A global lock runs the tests one at a time
//! even when cargo runs them on several threads (two Chromiums on two cores make timing tests
//! flaky).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Chromium, as installed by `scripts/setup.sh --browser` (override with `CHROMIUM`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// chromedriver, as installed by `scripts/setup.sh --browser` (override with `CHROMEDRIVER`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Cargo's target directory (screenshots and measurements go below it).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// The web bundle to test: `NETPLAY_DIST`, else `dist/` (built with Trunk when it is missing).
pub fn dist() -> PathBuf {
    static DIST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match DIST.get_or_init(find_or_build_dist) {
        Ok(path) => path.clone(),
        Err(message) => panic!("{message}"),
    }
}

fn find_or_build_dist() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("NETPLAY_DIST") {
        let dir = PathBuf::from(dir);
        return if dir.join("index.html").is_file() {
            Ok(dir)
        } else {
            Err(format!("NETPLAY_DIST={} has no index.html; run `trunk build --release`", dir.display()))
        };
    }
    let root = workspace_root();
    let dir = root.join("dist");
    if dir.join("index.html").is_file() {
        return Ok(dir);
    }
    eprintln!("building the web bundle: scripts/build-web.sh (a few minutes)");
    let status = Command::new(root.join("scripts/build-web.sh"))
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run scripts/build-web.sh ({e}); run scripts/setup.sh"))?;
    if status.success() && dir.join("index.html").is_file() {
        Ok(dir)
    } else {
        Err(format!("scripts/build-web.sh failed ({status}); no bundle to test"))
    }
}

/// A static file server for the bundle, on 127.0.0.1 and a free port, in a thread.
pub struct StaticServer {
    addr: SocketAddr,
    pages: Pages,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Pages a test adds to the bundle, by path (`docs/bench.html`), served from memory.
type Pages = Arc<Mutex<std::collections::HashMap<String, String>>>;

impl StaticServer {
    /// Serves `root` (a folder's `index.html` for the folder; unknown extension-less paths get
    /// the root's `index.html`).
    pub fn start(root: PathBuf) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let pages = Pages::default();
        let (flag, extra) = (stop.clone(), pages.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (root, extra) = (root.clone(), extra.clone());
                    std::thread::spawn(move || {
                        let _ = serve(stream, &root, &extra);
                    });
                }
            }
        });
        Ok(StaticServer { addr, pages, stop, thread: Some(thread) })
    }

    /// Serves `html` at `path` (relative to the root, e.g. `docs/bench.html`) besides the bundle.
    pub fn add_page(&self, path: &str, html: String) {
        self.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string(), html);
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, root: &Path, pages: &Pages) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip_ok = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
            gzip_ok = true;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/").trim_start_matches('/');
    let mut file = if path.is_empty() { root.join("index.html") } else { root.join(path) };
    if path.split('/').any(|part| part == "..") {
        file = root.join("-forbidden-");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    if !file.is_file() && !path.contains('.') {
        file = root.join("index.html");
    }
    let added = pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(path).cloned();
    if added.is_some() {
        file = root.join(path);
    }
    let mut out = stream;
    match added.map(String::into_bytes).map_or_else(|| std::fs::read(&file), Ok) {
        Ok(body) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                _ => "application/octet-stream",
            };
            // Compressed as any static host sends it (the budget counts gzip bytes), so that the
            // emulated-network measurements transfer what a real deployment transfers.
            let (body, encoding) = if gzip_ok && kind != "image/png" {
                (gzipped(&file, &body), "Content-Encoding: gzip\r\n")
            } else {
                (body, "")
            };
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(&body)?;
        }
        Err(_) => {
            out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        }
    }
    out.flush()
}

/// Compressed bodies by file and size.
type GzipCache = Mutex<std::collections::HashMap<(PathBuf, usize), Vec<u8>>>;

/// `body` (the contents of `file`) gzip-compressed at level 9, computed once per file and size.
fn gzipped(file: &Path, body: &[u8]) -> Vec<u8> {
    static CACHE: OnceLock<GzipCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (file.to_path_buf(), body.len());
    if let Some(hit) = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
        return hit.clone();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let packed = encoder.write_all(body).and_then(|()| encoder.finish()).unwrap_or_else(|_| body.to_vec());
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, packed.clone());
    packed
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free local port")
}

fn tool(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "{} not found at {}: run `scripts/setup.sh --browser` (or set {var})",
        default,
        path.display()
    );
    path
}

/// A `chromedriver` in its own process group; the whole group is killed on drop.
pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    /// Starts chromedriver on a free port and waits until it accepts connections.
    pub fn start() -> Self {
        use std::os::unix::process::CommandExt;
        let binary = tool("CHROMEDRIVER", CHROMEDRIVER);
        let port = free_port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = ChromeDriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not open port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// The WebDriver endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Chromium runs in chromedriver's process group: one signal ends them all.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start a browser.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// Window width (CSS pixels).
    pub width: u32,
    /// Window height.
    pub height: u32,
    /// Emulate a phone of `width` × `height` (touch, coarse pointer) instead of a desktop window.
    pub mobile: bool,
    /// Extra Chromium arguments.
    pub args: Vec<String>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions { width: 1280, height: 900, mobile: false, args: Vec::new() }
    }
}

/// One test's server and driver (and the global lock that runs tests one at a time).
pub struct Harness {
    server: StaticServer,
    driver: ChromeDriver,
    _turn: MutexGuard<'static, ()>,
}

impl Harness {
    /// Takes the global turn, finds or builds the bundle, serves it and starts chromedriver.
    pub fn start() -> Self {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tool("CHROMIUM", CHROMIUM);
        let server = StaticServer::start(dist()).expect("serve the bundle");
        let driver = ChromeDriver::start();
        Harness { server, driver, _turn: turn }
    }

    /// Serves `html` at `path` (e.g. `docs/bench.html`) besides the bundle.
    pub fn add_page(&self, path: &str, html: String) {
        self.server.add_page(path, html);
    }

    /// The URL of `path` in the bundle (`docs/`, `api/netplay.js`).
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// The app's URL with `fragment` (without `#`; empty for none).
    pub fn url(&self, fragment: &str) -> String {
        if fragment.is_empty() { self.server.url() } else { format!("{}#{fragment}", self.server.url()) }
    }

    /// A new browser with a fresh profile.
    pub async fn browser(&self, options: BrowserOptions) -> Browser {
        static PROFILES: AtomicUsize = AtomicUsize::new(0);
        let profile = std::env::temp_dir().join(format!(
            "netplay-browser-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("profile directory");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--hide-scrollbars".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !options.mobile {
            args.push(format!("--window-size={},{}", options.width, options.height));
        }
        args.extend(options.args.iter().cloned());
        let mut chrome = json!({ "binary": tool("CHROMIUM", CHROMIUM), "args": args });
        if options.mobile {
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": { "width": options.width, "height": options.height, "pixelRatio": 2.0, "touch": true }
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), chrome);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.driver.url())
            .await
            .expect("start a Chromium session");
        Browser { client, profile }
    }
}

/// A Chrome DevTools Protocol command sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct CdpCommand {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// A browser session with helpers for the playground.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    profile: PathBuf,
}

/// The default wait for something to appear.
pub const WAIT: Duration = Duration::from_secs(20);

impl Browser {
    /// Opens `url` and waits until the app has mounted and shown its first results.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
        self.wait_ready().await;
    }

    /// Runs a Chrome DevTools Protocol command (`Network.emulateNetworkConditions`, ...).
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.client.issue_cmd(CdpCommand { cmd, params }).await.unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// Emulates Chromium's "Fast 4G" preset (about 9 Mbit/s down, 1.5 Mbit/s up, 150 ms
    /// latency) with the cache disabled, for every later navigation of this session.
    pub async fn emulate_fast_4g(&self) {
        self.cdp("Network.enable", json!({})).await;
        self.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": 150,
                "downloadThroughput": 9_000_000 / 8,
                "uploadThroughput": 1_500_000 / 8,
            }),
        )
        .await;
    }

    /// Waits for `<html data-ready="true">` (set once the app has rendered its first results).
    pub async fn wait_ready(&self) {
        self.wait_for("document.documentElement.dataset.ready === 'true'", "the app to start").await;
    }

    /// Runs a script (its body; use `return`).
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, Vec::new()).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs a script with arguments (`arguments[0]`, ...).
    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `expression` until it is truthy; panics with `what` after [`WAIT`].
    pub async fn wait_for(&self, expression: &str, what: &str) -> Value {
        let script = format!("return ({expression});");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(value) = self.client.execute(&script, Vec::new()).await
                && truthy(&value)
            {
                return value;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what} ({expression})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The value of environment variable `name` in the Env tab (first task that has it).
    pub async fn env_value(&self, name: &str) -> Option<String> {
        let script = "const row = document.querySelector(`[data-env-name=\"${arguments[0]}\"] [data-testid=env-value]`);\
                      return row ? row.textContent : null;";
        self.js_with(script, vec![json!(name)]).await.as_str().map(str::to_string)
    }

    /// Waits until env variable `name` exists and satisfies `ok`; returns it.
    pub async fn wait_env(&self, name: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(v) = self.env_value(name).await
                && ok(&v)
            {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {name}; last {:?}", self.env_value(name).await);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The analysis counter of the results panel.
    pub async fn generation(&self) -> u64 {
        let v = self.js("return document.querySelector('[data-testid=results]').dataset.analysisGen;").await;
        v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// The text of an editor (`jobspec` or `nodes`).
    pub async fn editor_text(&self, editor: &str) -> String {
        let v =
            self.js_with("return document.getElementById(arguments[0] + '-input').value;", vec![json!(editor)]).await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Focuses an editor with the caret at UTF-16 offset `at` (negative: from the end).
    pub async fn caret(&self, editor: &str, at: i64) {
        self.js_with(
            "const t = document.getElementById(arguments[0] + '-input'); t.focus();\
             const i = arguments[1] < 0 ? t.value.length + 1 + arguments[1] : arguments[1];\
             t.setSelectionRange(i, i);",
            vec![json!(editor), json!(at)],
        )
        .await;
    }

    /// Types into the focused element with real key events.
    pub async fn type_keys(&self, editor: &str, keys: &str) {
        let el = self.client.find(Locator::Id(&format!("{editor}-input"))).await.expect("editor");
        el.send_keys(keys).await.expect("type");
    }

    /// Clicks the element matching a CSS selector.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .click()
            .await
            .expect("click");
    }

    /// Saves a PNG screenshot as `target/browser-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = target_dir().join("browser-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Ends the session and removes the profile.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        drop(self);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Builds a share-link fragment in the app's documented `v1` format, independently of the app:
/// base64url (no padding) of zlib of `[u8 len]nomad [u64 LE]seed [u8 len]tab [u32 LE len]jobspec
/// [u32 LE len]nodes`.
pub fn share_fragment(jobspec: &str, nodes: &str, nomad: &str, seed: u64, tab: &str) -> String {
    use base64::Engine as _;
    let mut record = Vec::new();
    record.push(nomad.len() as u8);
    record.extend_from_slice(nomad.as_bytes());
    record.extend_from_slice(&seed.to_le_bytes());
    record.push(tab.len() as u8);
    record.extend_from_slice(tab.as_bytes());
    for text in [jobspec, nodes] {
        record.extend_from_slice(&(text.len() as u32).to_le_bytes());
        record.extend_from_slice(text.as_bytes());
    }
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&record, 9);
    format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

/// Reads an example of the repository (`examples/<slug>/<file>`).
pub fn example(slug: &str, file: &str) -> String {
    let path = workspace_root().join("examples").join(slug).join(file);
    let mut text = String::new();
    std::fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut text)).expect("example file");
    text
}

/// A page of `count` examples, each a static port `8000 + i` on the default inventory, with
/// tall text between them so that most start below the fold.
pub fn many_embeds(count: usize) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Many examples</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"guide.css\"></head><body><main>\n",
    );
    for i in 0..count {
        html.push_str(&format!(
            "<h2>Example {i}</h2><p style=\"height: 500px\">Text before example {i}.</p>\n\
             <div class=\"netplay\" id=\"ex-{i}\" data-nomad=\"0.2\" data-panes=\"env\">\n<pre>{}</pre>\n</div>\n",
            job(8000 + i)
        ));
    }
    html.push_str("<script type=\"module\" src=\"../api/embed.js\"></script></main></body></html>\n");
    html
}

/// A 0.2 job with one static port `http`.
pub fn job(port: usize) -> String {
    format!(
        "job \"web\" {{\n  datacenters = [\"dc1\"]\n  task \"web\" {{\n    driver = \"exec\"\n    config {{\n      command = \"web\"\n    }}\n    resources {{\n      network {{\n        mbits = 10\n        port \"http\" {{\n          static = {port}\n        }}\n      }}\n    }}\n  }}\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_static_server_serves_files_and_falls_back_to_index() {
        let dir = std::env::temp_dir().join(format!("netplay-static-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("index.html"), "<p>hi</p>").expect("index");
        std::fs::write(dir.join("a.wasm"), [0u8, 97, 115, 109]).expect("wasm");
        let server = StaticServer::start(dir.clone()).expect("server");
        let get = |path: &str| {
            let mut s = TcpStream::connect(server.addr).expect("connect");
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            out
        };
        assert!(get("/").contains("<p>hi</p>"));
        assert!(get("/a.wasm").contains("application/wasm"));
        assert!(get("/some/route").contains("<p>hi</p>"));
        assert!(get("/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get("/../etc/passwd").starts_with("HTTP/1.1 404"));
        std::fs::create_dir_all(dir.join("docs")).expect("docs");
        std::fs::write(dir.join("docs/index.html"), "<p>docs</p>").expect("docs index");
        assert!(get("/docs/").contains("<p>docs</p>"), "a folder serves its index.html");
        server.add_page("docs/extra.html", "<p>extra</p>".into());
        assert!(get("/docs/extra.html").contains("<p>extra</p>"));
        drop(server);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn share_fragments_have_the_v1_shape() {
        let f = share_fragment("job", "node", "0.2", 7, "env");
        assert!(f.starts_with("v1."));
        assert!(f[3..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
}
