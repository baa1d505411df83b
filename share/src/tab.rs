//! The results tab a link opens. Its ids are part of the link format.

/// The results panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Per instance and task: node, IP, device and ports.
    Allocations,
    /// Docker port bindings and qemu `hostfwd` arguments.
    Mappings,
    /// Environment variables per task.
    #[default]
    Env,
    /// Every node: placed or not, and why.
    Nodes,
    /// Every service and check with the address it registers.
    Services,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 5] = [Tab::Allocations, Tab::Mappings, Tab::Env, Tab::Services, Tab::Nodes];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Allocations => "Allocations",
            Tab::Mappings => "Mappings",
            Tab::Env => "Env",
            Tab::Nodes => "Nodes",
            Tab::Services => "Services",
        }
    }

    /// The tab with this [`Tab::id`].
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }

    /// A stable lowercase id (`allocations`, ...), used in element ids and share links.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Allocations => "allocations",
            Tab::Mappings => "mappings",
            Tab::Env => "env",
            Tab::Nodes => "nodes",
            Tab::Services => "services",
        }
    }
}
