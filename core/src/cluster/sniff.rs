//! Which of Nomad's JSON outputs a text is, told by the keys of its (first) object: a node,
//! a node list, an allocation list, the host's addresses (`ip -j addr`), a client agent
//! configuration or a job.
//!
//! Only the keys of the first object are looked at, so a text of tens of MB is told in the
//! time of its first entry, and a text cut short (the first kilobytes of a paste) is told as
//! well as the whole one. The keys that decide:
//!
//! | first object has | kind |
//! | --- | --- |
//! | `ifname` or `addr_info` | the host's addresses (`ip -j addr`) |
//! | `NodeID` | allocations (a list, or one allocation) |
//! | `Job` or `TaskGroups` | a job |
//! | `client` (lowercase; top-level object only) | a client agent configuration |
//! | anything else | a node (an object) or a node list (an array, also an empty one) |

use serde::{Deserialize, Serialize};

use crate::cluster::json::{Cursor, Stop, looks_like_json};
use crate::diagnostic::Diagnostics;
use crate::source::SourceId;

/// What a JSON text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonKind {
    /// One node (`GET /v1/node/:id`).
    Node,
    /// A list of nodes (`GET /v1/nodes?resources=true`).
    NodeList,
    /// Allocations (`GET /v1/allocations?resources=true`, `/v1/node/:id/allocations`,
    /// `/v1/allocation/:id`).
    Allocations,
    /// The host's addresses, as `ip -j addr` prints them.
    Interfaces,
    /// A client agent configuration written as JSON.
    AgentConfig,
    /// A job (`{"Job": ...}` or the bare job).
    Job,
}

impl JsonKind {
    /// A short noun for messages: `a node list`, `an allocation list`, ...
    pub fn describe(self) -> &'static str {
        match self {
            JsonKind::Node => "a node",
            JsonKind::NodeList => "a node list",
            JsonKind::Allocations => "allocations",
            JsonKind::Interfaces => "the host's addresses (`ip -j addr`)",
            JsonKind::AgentConfig => "a client agent configuration",
            JsonKind::Job => "a job",
        }
    }
}

/// What the JSON `text` holds, or `None` when it is not JSON (see [`looks_like_json`]). The
/// text may be cut short: only its first object's keys are read.
pub fn sniff_json(text: &str) -> Option<JsonKind> {
    let text = text.trim_start_matches('\u{feff}');
    if !looks_like_json(text) {
        return None;
    }
    let mut diags = Diagnostics::new();
    let mut c = Cursor::new(text, SourceId::Nodes, &mut diags);
    let mut keys: Vec<String> = Vec::new();
    let list = c.peek_array().ok()?;
    let mut first_keys = |c: &mut Cursor<'_, '_>| {
        // A text cut short stops the walk; the keys read until then still count.
        let _ = c.object(|c, key, _| {
            keys.push(key.to_string());
            c.skip()
        });
    };
    if list {
        let _ = c.array(|c, _| {
            first_keys(c);
            Err(Stop)
        });
    } else {
        first_keys(&mut c);
    }
    let has = |name: &str| keys.iter().any(|k| k == name);
    Some(if has("ifname") || has("addr_info") {
        JsonKind::Interfaces
    } else if has("NodeID") {
        JsonKind::Allocations
    } else if has("Job") || has("TaskGroups") {
        JsonKind::Job
    } else if list {
        JsonKind::NodeList
    } else if has("client") {
        JsonKind::AgentConfig
    } else {
        JsonKind::Node
    })
}

/// How many entries the top-level JSON array of `text` has (`None` when it is not an array or
/// not valid JSON): the nodes, allocations or interfaces of a list.
pub fn count_entries(text: &str) -> Option<usize> {
    let mut diags = Diagnostics::new();
    let mut c = Cursor::new(text.trim_start_matches('\u{feff}'), SourceId::Nodes, &mut diags);
    let mut count = 0;
    c.array(|c, _| {
        count += 1;
        c.skip()
    })
    .ok()??;
    c.finish().ok()?;
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_the_keys_of_the_first_object() {
        let cases = [
            (r#"[{"ifindex":1,"ifname":"lo","addr_info":[]}]"#, JsonKind::Interfaces),
            (r#"[{"ID":"a","Name":"web.web[0]","NodeID":"n1","JobID":"web"}]"#, JsonKind::Allocations),
            (r#"{"ID":"a","NodeID":"n1","TaskGroup":"web"}"#, JsonKind::Allocations),
            (r#"[{"ID":"n1","Name":"client-1","Datacenter":"dc1","NodeResources":{}}]"#, JsonKind::NodeList),
            ("[]", JsonKind::NodeList),
            (r#"{"ID":"n1","Name":"client-1","NodeResources":{}}"#, JsonKind::Node),
            (r#"{"datacenter":"dc1","client":{"enabled":true}}"#, JsonKind::AgentConfig),
            (r#"{"client":[{"enabled":true}]}"#, JsonKind::AgentConfig),
            (r#"{"Job":{"ID":"web"}}"#, JsonKind::Job),
            (r#"{"ID":"web","TaskGroups":[]}"#, JsonKind::Job),
            ("\u{feff} \n[{\"ifname\":\"eth0\"}]", JsonKind::Interfaces),
        ];
        for (text, kind) in cases {
            assert_eq!(sniff_json(text), Some(kind), "{text}");
        }
        assert_eq!(sniff_json("node \"a\" {}"), None);
        assert_eq!(sniff_json("# [not json]"), None);
    }

    #[test]
    fn a_text_cut_short_is_told_by_the_keys_read_so_far() {
        let full =
            r#"[{"ID":"a","Name":"web.web[0]","NodeID":"n1","AllocatedResources":{"Shared":{"Ports":[]}}},{"ID":"b"}]"#;
        for cut in [40, 60, 90] {
            assert_eq!(sniff_json(&full[..cut]), Some(JsonKind::Allocations), "{}", &full[..cut]);
        }
        // Before `NodeID` is read there is nothing to tell it from a node list.
        assert_eq!(sniff_json(&full[..20]), Some(JsonKind::NodeList));
    }

    #[test]
    fn entries_of_a_list_are_counted() {
        assert_eq!(count_entries(r#"[{"a":[1,2]},{"b":{"c":[]}},3]"#), Some(3));
        assert_eq!(count_entries(" [] "), Some(0));
        assert_eq!(count_entries(r#"{"a":1}"#), None);
        assert_eq!(count_entries("[1, 2"), None);
        assert_eq!(count_entries("[1] x"), None);
    }
}
