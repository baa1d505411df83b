//! Client agent configurations written as JSON (Nomad reads agent configuration files in HCL
//! or JSON), turned into the tree an HCL configuration gives, so that [`super::agent`] derives
//! the node from either alike and every diagnostic lands at the JSON's line and column.
//!
//! Nomad decodes both with HCL1, whose JSON form writes a block as an object or as a list of
//! objects (`"client": [{...}]`, as Nomad's own JSON test configurations do) and a labelled
//! block as an object keyed by its label: `"host_network": {"public": {"cidr": ...}}` or
//! `"host_network": [{"public": [{"cidr": ...}]}]`. Both shapes are read; a `host_network`
//! object whose entries are not all objects is left as it is (and then has no label, which
//! the derivation skips).

use crate::cluster::job_json::generic;
use crate::cluster::json::{Cursor, Stop};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Body, Item, Key, ValueKind};

/// The labelled blocks of a `client` block that netplay reads.
const LABELLED: &[&str] = &["host_network"];

/// Reads a JSON agent configuration into a tree. A JSON value that is not an object is
/// reported and gives an empty tree.
pub fn read_agent_json(c: &mut Cursor<'_, '_>) -> Result<Body, Stop> {
    let start = c.span_of_next();
    let value = generic(c)?;
    c.finish()?;
    let Some(value) = value else { return Ok(Body::default()) };
    let ValueKind::Object(mut body) = value.kind else {
        let source = c.source();
        c.diags.push(
            Diagnostic::error(
                Code::TypeMismatch,
                source,
                crate::source::Span::new(start, c.end()),
                "an agent configuration in JSON must be an object",
            )
            .with_help("write it as Nomad reads it: `{\"client\": {\"enabled\": true, ...}}`"),
        );
        return Ok(Body::default());
    };
    for client in body.items.iter_mut().filter(|i| i.name() == "client") {
        if let ValueKind::Object(client_body) = &mut client.value.kind {
            for name in LABELLED {
                label_blocks(client_body, name);
            }
        }
    }
    Ok(body)
}

/// Turns each `name { label { ... } }` (an unlabelled block whose entries are all blocks)
/// into `name "label" { ... }`, one block per entry, in order.
fn label_blocks(body: &mut Body, name: &str) {
    let items = std::mem::take(&mut body.items);
    for item in items {
        let nested = item.name() == name
            && item.labels().is_empty()
            && item.body().is_some_and(|b| b.items.iter().all(|i| i.body().is_some() && i.labels().is_empty()));
        if !nested {
            body.items.push(item);
            continue;
        }
        let (Some(head), Some(inner)) = (item.keys.first().cloned(), item.body()) else { continue };
        for entry in &inner.items {
            let label = Key { text: entry.name().to_string(), quoted: true, span: entry.name_span() };
            body.items.push(Item {
                keys: vec![head.clone(), label],
                value: entry.value.clone(),
                assign: false,
                span: head.span.join(entry.span),
            });
        }
    }
}
