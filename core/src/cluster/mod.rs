//! Real cluster data in: what a Nomad cluster says about itself, read as netplay's inventory
//! and jobspec models, with diagnostics at line:column in the text given.
//!
//! - [`node_json`]: nodes from the HTTP API (`/v1/node/:id`, arrays, `/v1/nodes?resources=true`);
//! - [`alloc_json`]: allocations (`/v1/allocations?resources=true`, `/v1/node/:id/allocations`);
//! - [`agent`]: a client agent configuration plus `ip -j addr`; [`agent_json`]: the same
//!   configuration written as JSON;
//! - [`job_json`]: JSON jobspecs (`nomad job run -output`, `nomad job inspect`, `/v1/jobs/parse`);
//! - [`json`]: the span-keeping JSON cursor they share (over `jiter`);
//! - [`sniff`]: which of these a JSON text is, from the keys of its first object.
//!
//! [`detect_inventory`] and [`detect_jobspec`] tell the formats apart by content, so the CLI
//! and the playground's editors take any of them as they are. `nomad node status -json`
//! decodes into Nomad's Go API struct, which has no `NodeNetworks`: its output lacks the
//! address aliases. Use `curl $NOMAD_ADDR/v1/node/<id>` (or `/v1/nodes?resources=true`).

pub mod agent;
pub mod agent_json;
pub mod alloc_json;
pub mod job_json;
pub mod json;
mod network_json;
pub mod node_json;
pub mod sniff;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::{MAX_JSON_ALLOCATIONS, MAX_JSON_INPUT_BYTES};
use crate::nodes::Inventory;
use crate::source::{SourceId, Span};
use crate::syntax::{Body, TokenKind, tokens};
use json::{Cursor, looks_like_json};
pub use sniff::{JsonKind, count_entries, sniff_json};

/// What an inventory text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InventoryFormat {
    /// netplay's inventory HCL (`node` blocks).
    Hcl,
    /// A client agent configuration (a `client` block), in HCL or JSON.
    AgentConfig,
    /// One node as `GET /v1/node/:id` returns it.
    NodeJson,
    /// A JSON array of nodes (`GET /v1/nodes?resources=true`, or full nodes).
    NodeList,
}

/// What a jobspec text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobspecFormat {
    /// HCL (HCL2 under 1.x, HCL1 under 0.2).
    Hcl,
    /// JSON: `{"Job": {...}}` or the bare job.
    Json,
}

/// Inputs that complete the inventory: the host's addresses for an agent configuration, and
/// allocation lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClusterInputs {
    /// `ip -j addr` output, for an agent configuration.
    #[serde(default)]
    pub interfaces: Option<String>,
    /// Allocation lists (JSON), in order (`SourceId::Allocs(i)` points into the i-th).
    #[serde(default)]
    pub allocations: Vec<String>,
}

/// Tells the inventory formats apart: JSON by its first character (`[` a list, `{` a node or,
/// with a top-level `client` key, an agent configuration; see [`sniff_json`]), HCL by its
/// top-level blocks (a `client` block and no `node` block: an agent configuration).
pub fn detect_inventory(text: &str) -> InventoryFormat {
    match sniff_json(text) {
        Some(JsonKind::AgentConfig) => return InventoryFormat::AgentConfig,
        Some(JsonKind::Node) => return InventoryFormat::NodeJson,
        Some(_) => return InventoryFormat::NodeList,
        None => {}
    }
    let mut depth = 0usize;
    let (mut client, mut node) = (false, false);
    for token in tokens(text) {
        let word = text.get(token.span.start..token.span.end).unwrap_or_default();
        match token.kind {
            TokenKind::Punct if word == "{" => depth += 1,
            TokenKind::Punct if word == "}" => depth = depth.saturating_sub(1),
            TokenKind::Ident if depth == 0 && word == "client" => client = true,
            TokenKind::Ident if depth == 0 && word == "node" => node = true,
            _ => {}
        }
    }
    if client && !node { InventoryFormat::AgentConfig } else { InventoryFormat::Hcl }
}

/// Tells a JSON jobspec from an HCL one by its first character.
pub fn detect_jobspec(text: &str) -> JobspecFormat {
    if looks_like_json(text) { JobspecFormat::Json } else { JobspecFormat::Hcl }
}

/// `` `text` is not an IP address ``, at `span` of `source`.
pub(crate) fn not_an_ip(source: SourceId, span: Span, text: &str) -> Diagnostic {
    Diagnostic::error(Code::BadAddress, source, span, format!("`{text}` is not an IP address"))
        .with_help("write it as Nomad prints addresses, e.g. `10.0.0.5` or `2001:db8::5`; the entry is left out")
}

/// Refuses a JSON text over [`MAX_JSON_INPUT_BYTES`].
fn within_limit(text: &str, source: SourceId, diags: &mut Diagnostics) -> bool {
    if text.len() <= MAX_JSON_INPUT_BYTES {
        return true;
    }
    diags.push(
        Diagnostic::error(
            Code::LimitExceeded,
            source,
            Span::empty(0),
            format!("the {} is {} bytes; netplay reads at most {MAX_JSON_INPUT_BYTES}", source.name(), text.len()),
        )
        .with_help("split the export, or leave out nodes the job cannot use"),
    );
    false
}

/// Reads a JSON inventory: one node or a list.
pub fn read_node_json(text: &str, diags: &mut Diagnostics) -> Inventory {
    if !within_limit(text, SourceId::Nodes, diags) {
        return Inventory::default();
    }
    let mut cursor = Cursor::new(text, SourceId::Nodes, diags);
    node_json::read_nodes(&mut cursor).unwrap_or_default()
}

/// Reads an agent configuration's tree and the host's addresses into a one-node inventory.
pub fn read_agent(body: &Body, interfaces: Option<&str>, diags: &mut Diagnostics) -> Inventory {
    let parsed = match interfaces {
        None => None,
        Some(text) if !within_limit(text, SourceId::Interfaces, diags) => return Inventory::default(),
        Some(text) => {
            let mut cursor = Cursor::new(text, SourceId::Interfaces, diags);
            match agent::read_interfaces(&mut cursor) {
                Ok(list) => Some(list),
                Err(_) => return Inventory::default(),
            }
        }
    };
    agent::derive(body, parsed.as_deref(), diags)
}

/// Reads an agent configuration written as JSON and the host's addresses into a one-node
/// inventory (see [`agent_json`]).
pub fn read_agent_json(text: &str, interfaces: Option<&str>, diags: &mut Diagnostics) -> Inventory {
    if !within_limit(text, SourceId::Nodes, diags) {
        return Inventory::default();
    }
    let body = agent_json::read_agent_json(&mut Cursor::new(text, SourceId::Nodes, diags));
    match body {
        Ok(body) if agent::is_agent_config(&body) => read_agent(&body, interfaces, diags),
        _ => Inventory::default(),
    }
}

/// Reports an inventory text that is another of Nomad's outputs (allocations, the host's
/// addresses, a job) rather than nodes, saying where it goes instead.
pub fn not_an_inventory(kind: JsonKind, diags: &mut Diagnostics) {
    let help = match kind {
        JsonKind::Allocations => {
            "allocations go next to the nodes: `--allocs FILE` on the command line; in the playground drop the file \
             on the inventory editor or use Add allocations…"
        }
        JsonKind::Interfaces => {
            "the host's addresses complete a client agent configuration: `--interfaces FILE` on the command line; \
             in the playground drop the file on the inventory editor or use Add interfaces…"
        }
        _ => "put the job in the jobspec editor (or pass it as the JOB argument)",
    };
    diags.push(
        Diagnostic::error(
            Code::MissingInput,
            SourceId::Nodes,
            Span::empty(0),
            format!("the inventory holds {}, not nodes", kind.describe()),
        )
        .with_help(help),
    );
}

/// Adds the allocations of every list to the inventory's nodes.
pub fn add_allocations(inventory: &mut Inventory, lists: &[String], diags: &mut Diagnostics) {
    let mut budget = MAX_JSON_ALLOCATIONS;
    for (i, text) in lists.iter().enumerate() {
        let source = SourceId::Allocs(i);
        if !within_limit(text, source, diags) {
            continue;
        }
        let mut cursor = Cursor::new(text, source, diags);
        // A syntax error is reported; the allocations read before it stay.
        let _ = alloc_json::read_allocations(&mut cursor, inventory, &mut budget);
    }
}

/// Reads a JSON jobspec into a tree with one `job` block.
pub fn read_job_json(text: &str, diags: &mut Diagnostics) -> Option<Body> {
    if !within_limit(text, SourceId::Jobspec, diags) {
        return None;
    }
    let before = diags.as_slice().len();
    let mut cursor = Cursor::new(text, SourceId::Jobspec, diags);
    let body = job_json::read_job(&mut cursor).ok()?;
    // A job the reader refused (no `ID`) has its error already; "'job' stanza not found" from
    // the decoder would only repeat it, and wrongly.
    let refused = body.items.is_empty() && diags.as_slice().len() > before;
    (!refused).then_some(body)
}
