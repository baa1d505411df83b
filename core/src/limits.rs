//! netplay's explicit limits. Inputs beyond them get a `limit-exceeded` diagnostic instead of
//! slow or unbounded work. Nomad itself has none of these; they keep the playground responsive.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceId, Span};

/// The error for a text (`what`: the jobspec, the node inventory, a var file) over
/// [`MAX_INPUT_BYTES`], or `None` when it is within.
pub(crate) fn oversized(text: &str, source: SourceId, what: &str, help: &str) -> Option<Diagnostic> {
    (text.len() > MAX_INPUT_BYTES).then(|| {
        Diagnostic::error(
            Code::LimitExceeded,
            source,
            Span::empty(0),
            format!("the {what} is {} bytes; netplay reads at most {MAX_INPUT_BYTES}", text.len()),
        )
        .with_help(help)
    })
}

/// Largest jobspec or inventory text, in bytes (512 KiB).
pub const MAX_INPUT_BYTES: usize = 512 << 10;
/// Largest JSON cluster export (a node list, an allocation list, `ip -j addr` output), in bytes
/// (256 MiB): a `/v1/nodes?resources=true` list of thousands of nodes runs to tens of MB, so
/// these texts are not held to [`MAX_INPUT_BYTES`]. Reading one is linear in its size; the
/// analysis after it is bounded by the limits below like any other.
pub const MAX_JSON_INPUT_BYTES: usize = 256 << 20;
/// Most allocations read from JSON allocation lists, all together (a real cluster's export).
/// Nodes holding them cost more node evaluations ([`HELD_PER_EVALUATION`]), which bounds the
/// placement work.
pub const MAX_JSON_ALLOCATIONS: usize = 500_000;
/// Most nodes in an inventory.
pub const MAX_NODES: usize = 10_000;
/// Most allocations written in an inventory (HCL), over all nodes; JSON allocation lists have
/// [`MAX_JSON_ALLOCATIONS`].
pub const MAX_ALLOCATIONS: usize = 10_000;
/// Most `host_network` blocks on one node.
pub const MAX_HOST_NETWORKS: usize = 256;
/// Largest `count` of one group.
pub const MAX_COUNT: i64 = 1_000;
/// Most group instances placed in one analysis (the sum of all counts, or nodes × system groups).
pub const MAX_PLACEMENTS: usize = 2_000;
/// Most ports in one `network` block.
pub const MAX_PORTS_PER_NETWORK: usize = 1_000;
/// Most addresses tried in one node network's CIDR block for one ask. Addresses only fail one
/// by one when they hold used ports, so a real walk stops long before this.
pub const MAX_ADDRESSES_PER_NETWORK: u64 = 65_536;
/// Deepest nesting of blocks, lists and objects a reader accepts.
pub const MAX_NESTING: usize = 128;
/// Deepest nesting of HCL2 objects that are operands of an operator (`x == {...}`, `-{...}`):
/// on a text that does not parse, hcl-edit's time doubles with each level and grows with the
/// length of the rest of the text (see `hcl2::nesting`). Objects are almost never operands in
/// a jobspec.
pub const MAX_OPERAND_OBJECT_NESTING: usize = 4;
/// Most node evaluations in one analysis (every node the scheduler looks at for every
/// instance). A large inventory where nothing fits would otherwise walk every node for every
/// instance; past this the remaining instances are reported as not evaluated. A node counts
/// once more per [`HELD_PER_EVALUATION`] allocations and ports it holds (its network index is
/// built from them at every evaluation).
pub const MAX_NODE_EVALUATIONS: usize = 100_000;
/// Allocations and ports on a node (existing and planned) that cost one more node evaluation.
pub const HELD_PER_EVALUATION: usize = 8;
/// Most task environment variables rendered in one analysis, over all tasks of all placed
/// instances. Every task gets the variables of every group port, so tasks × group ports ×
/// instances multiplies: 10,000 one-line tasks beside 1,000 group ports would be 100 million
/// variables. Tasks past the limit are listed without their variables.
pub const MAX_RENDERED_VARIABLES: usize = 50_000;
/// Most `variable` declarations in one jobspec.
pub const MAX_VARIABLES: usize = 1_000;
/// Most blocks all `dynamic` blocks of one jobspec may make together.
pub const MAX_DYNAMIC_BLOCKS: usize = 10_000;
/// Highest `bcrypt` cost netplay computes (Nomad allows up to 31; each step doubles the work,
/// and a cost of 31 would freeze the page for days).
pub const MAX_BCRYPT_COST: i64 = 12;
/// Most elements `setproduct` builds.
pub const MAX_SET_PRODUCT: usize = 65_536;
/// Largest string a jobspec function may build where the size multiplies (`indent`, `replace`
/// with an empty substring), in bytes (16 MiB).
pub const MAX_FUNCTION_STRING_BYTES: usize = 16 << 20;
/// Work units one text's HCL2 expressions may spend (see `hcl2::budget`: one unit per value
/// copied and per 16 bytes of its text, plus each loop's text per element). The largest jobspec
/// of the real-world corpus spends a few thousand; this stops expressions built to multiply
/// work (locals that double, nested loops) within tens of milliseconds.
pub const MAX_EVALUATION_WORK: u64 = 2_000_000;
