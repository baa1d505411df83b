//! `/api/netplay.d.ts`: the TypeScript declarations of the JS API.
//!
//! Every type of the result is declared from the Rust type that serde serializes (ts-rs reads
//! the same `#[serde]` attributes), so a field added to [`Analysis`] in Rust appears here on
//! the next build; a test type-checks real analyses against these declarations with `tsc`.

use std::any::TypeId;
use std::collections::HashSet;

use netplay_core::Analysis;
use ts_rs::{Config, TS, TypeVisitor};

use crate::options::AnalyzeOptions;

/// The functions of `/api/netplay.js`, declared by hand: they are JavaScript, not Rust types.
const FUNCTIONS: &str = r#"
/**
 * Loads and starts the engine (fetches and compiles the WebAssembly module once per page;
 * later calls return the same promise). Call it before `analyze`.
 */
export default function init(): Promise<void>;

/**
 * Analyses a jobspec against a node inventory, as the netplay CLI does with `--format json`.
 *
 * Mistakes in the texts are diagnostics in the result, never exceptions.
 *
 * @param jobspec the jobspec (HCL)
 * @param nodes the node inventory (HCL); `null` or omitted: the default one-node inventory
 *   (`DEFAULT_NODES`)
 * @param options Nomad version, seed and variable values
 * @throws TypeError when `jobspec` or `nodes` is not a string, or `options` is not valid
 */
export function analyze(jobspec: string, nodes?: string | null, options?: AnalyzeOptions | null): Analysis;

/** The inventory used when `analyze` gets none: one node, `node-1`, with `eth0` at 10.0.0.10. */
export const DEFAULT_NODES: string;

/**
 * Renders the `.netplay` element `host` (settings in its `data-*` attributes, the jobspec in
 * its `<pre>`) as a live example into `mount`, usually an element of `host`'s shadow root.
 * `playground` is the playground's address for "Open in playground". The embed script
 * (`/api/embed.js`) calls it; pages rarely need to. Call `init()` first.
 */
export function mountEmbed(host: Element, mount: Element, playground: string): void;

/**
 * Renders a page's shared inventory `host` (a `<div class="netplay-inventory" id="...">`
 * holding the inventory's text) as an editor into `mount`; the examples that name its id in
 * `data-nodes` follow its edits. The embed script calls it. Call `init()` first.
 */
export function mountInventory(host: Element, mount: Element): void;

/** The playground's stylesheet, which embeds adopt in their shadow roots. */
export const STYLESHEET_URL: string;

/** The playground's address (the folder above `/api/`). */
export const PLAYGROUND_URL: string;
"#;

struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    out: Vec<String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and containers have no declaration of their own.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let mut decl = T::docs().unwrap_or_default();
        decl.push_str("export ");
        decl.push_str(&T::decl(self.cfg));
        self.out.push(decl);
        T::visit_dependencies(self);
    }
}

/// The whole declaration file.
pub fn declarations() -> String {
    // Every integer in the result fits a JavaScript number (ports, counts, seeds up to 2^53).
    let cfg = Config::new().with_large_int("number");
    let mut collect = Collect { cfg: &cfg, seen: HashSet::new(), out: Vec::new() };
    collect.visit::<AnalyzeOptions>();
    collect.visit::<Analysis>();
    let mut text = String::from(
        "// netplay's JS API (/api/netplay.js). Generated from netplay's Rust types by the docs build\n\
         // (netplay-site, with ts-rs): do not edit.\n",
    );
    text.push_str(FUNCTIONS);
    for decl in collect.out {
        text.push('\n');
        text.push_str(&decl);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_declared_once_with_numbers_for_integers() {
        let d = declarations();
        for name in
            ["Analysis", "Placement", "EnvVar", "EnvSource", "Diagnostic", "Code", "AnalyzeOptions", "NomadVersion"]
        {
            assert_eq!(d.matches(&format!("export type {name} =")).count(), 1, "{name} in\n{d}");
        }
        assert!(!d.contains("bigint"), "{d}");
        assert!(d.contains("\"port-collision\"") || d.contains("\"hcl-syntax\""), "{d}");
    }
}
