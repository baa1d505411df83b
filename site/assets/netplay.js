// netplay's JS API at a stable address. Written by the docs build (netplay-site) after each
// Trunk build: it re-exports the engine's current, hash-named module. Declarations:
// netplay.d.ts beside this file.
import start, { analyze as run, mountEmbed as mountInto, mountInventory as mountShared } from "../__GLUE__";

let started = null;
let ready = false;

/** Loads and starts the engine, once per page: every caller shares one WebAssembly instance. */
export default function init() {
  if (!started) {
    // Trunk renamed the module after wasm-bindgen wrote the glue, so the glue's default path
    // is stale: pass the current one.
    started = start({ module_or_path: new URL("../__WASM__", import.meta.url) }).then(() => {
      ready = true;
    });
  }
  return started;
}

function needReady(name) {
  if (!ready) throw new Error(`netplay.${name}: call and await init() first`);
}

/** Analyses a jobspec against a node inventory; see netplay.d.ts. */
export function analyze(jobspec, nodes, options) {
  needReady("analyze");
  return run(jobspec, nodes, options);
}

/** Renders the `.netplay` element `host` as a live example into `mount` (used by embed.js). */
export function mountEmbed(host, mount, playground) {
  needReady("mountEmbed");
  mountInto(host, mount, String(playground));
}

/** Renders the shared inventory `host` (a div.netplay-inventory) as an editor into `mount`. */
export function mountInventory(host, mount) {
  needReady("mountInventory");
  mountShared(host, mount);
}

/** The inventory `analyze` uses when it gets none. */
export const DEFAULT_NODES = __DEFAULT_NODES__;

/** The playground's stylesheet, which embeds adopt in their shadow roots. */
export const STYLESHEET_URL = new URL("../__STYLESHEET__", import.meta.url).href;

/** The playground's address. */
export const PLAYGROUND_URL = new URL("../", import.meta.url).href;
