// netplay's embed script: include it once, as <script type="module" src="/api/embed.js">, and
// every element with class "netplay" becomes a live example (settings: its data-* attributes;
// see the guide's "Embedding netplay" page). It is a plain user of the JS API (netplay.js):
//
// - nothing loads until the first example comes near the viewport; then the engine starts
//   once (one WebAssembly instance for the whole page) and examples go live in viewport
//   order, one per task turn, each marked data-state="live";
// - each example renders in its own shadow root, with the playground's stylesheet and
//   embed.css adopted (parsed once for all), so page and embed styles never mix;
// - the theme follows the page: <html data-theme="dark|light"> when the site sets it, else
//   prefers-color-scheme, switching live.
import init, { mountEmbed, mountInventory, STYLESHEET_URL, PLAYGROUND_URL } from "./netplay.js";
// netplay.js imports the engine's glue; naming it here too (the docs build fills in its hashed
// name) lets the browser fetch both at once: one round trip less before the engine starts.
import "../__GLUE__";

// Examples, and the shared inventories they name in data-nodes (div.netplay-inventory: each
// becomes an editor whose edits the linked examples follow).
const hosts = Array.from(document.querySelectorAll(".netplay, div.netplay-inventory"));
const media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function followTheme() {
  const set = document.documentElement.getAttribute("data-theme");
  const dark = set === "dark" || (set !== "light" && !!media && media.matches);
  for (const host of hosts) host.setAttribute("data-netplay-theme", dark ? "dark" : "light");
}

let sheets = null;
function loadSheets() {
  if (!sheets) {
    sheets = Promise.all(
      [STYLESHEET_URL, new URL("embed.css", import.meta.url).href].map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`netplay: ${url}: HTTP ${response.status}`);
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(await response.text());
        return sheet;
      }),
    );
  }
  return sheets;
}

const waiting = new Set();
let pumping = false;

function goLive(host, adopted) {
  const root = host.shadowRoot || host.attachShadow({ mode: "open" });
  root.adoptedStyleSheets = adopted;
  const mount = document.createElement("div");
  mount.className = "np-root";
  root.append(mount);
  if (host.classList.contains("netplay-inventory")) mountInventory(host, mount);
  else mountEmbed(host, mount, PLAYGROUND_URL);
  host.setAttribute("data-state", "live");
}

async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    const [, adopted] = await Promise.all([init(), loadSheets()]);
    while (waiting.size > 0) {
      // Viewport order: the example nearest the top of the screen first.
      let next = null;
      for (const host of waiting) {
        if (!next || host.getBoundingClientRect().top < next.getBoundingClientRect().top) next = host;
      }
      waiting.delete(next);
      try {
        goLive(next, adopted);
      } catch (error) {
        next.setAttribute("data-state", "failed");
        console.error("netplay: could not start an example", error);
      }
      // Let the page paint and take input between two examples.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    for (const host of waiting) host.setAttribute("data-state", "failed");
    waiting.clear();
    console.error("netplay: the engine did not start; the pre-rendered results stay", error);
  } finally {
    pumping = false;
  }
}

if (hosts.length > 0) {
  followTheme();
  if (media && media.addEventListener) media.addEventListener("change", followTheme);
  new MutationObserver(followTheme).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  const start = (host) => {
    waiting.add(host);
    pump();
  };
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            start(entry.target);
          }
        }
      },
      { rootMargin: "300px 0px" },
    );
    for (const host of hosts) observer.observe(host);
  } else {
    hosts.forEach(start);
  }
}

// A bug in the engine stops the WebAssembly module with a trap; the examples then keep their
// text and pre-rendered results visible instead of a dead editor.
window.addEventListener("error", (event) => {
  if (!(event.error instanceof WebAssembly.RuntimeError)) return;
  for (const host of hosts) {
    if (host.getAttribute("data-state") === "live") {
      host.setAttribute("data-state", "failed");
      if (host.shadowRoot) host.shadowRoot.replaceChildren(document.createElement("slot"));
    }
  }
});
