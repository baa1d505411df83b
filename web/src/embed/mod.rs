//! Live examples in documentation pages (`/api/embed.js`) and the playground's compact iframe
//! form (`?view=compact`).
//!
//! The embed script finds each `.netplay` element, waits until it comes near the viewport,
//! gives it a shadow root (so no style crosses between the page and the embed) and calls
//! [`mount_embed`], which reads the element's settings and texts and renders [`view::Embed`]
//! into the shadow root. Every embed of a page runs in this one module instance, which is also
//! the playground's and the JS API's ([`crate::api`]).

pub mod compare;
pub mod linked;
pub mod view;

use std::rc::Rc;

use netplay_embed::DEFAULT_NODES;
use netplay_embed::settings::{Pane, Settings};
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AttrValue;

use crate::share::Snapshot;
use crate::state::Tab;
use view::{Embed, EmbedProps};

/// The text of the first element under `host` matching `selector`, if any.
fn text_of(host: &Element, selector: &str) -> Option<String> {
    host.query_selector(selector).ok().flatten().and_then(|e| e.text_content())
}

/// Renders the example of `host` (a `.netplay` element) into `mount` (inside its shadow root).
/// `playground` is the playground's address for "Open in playground".
#[wasm_bindgen(js_name = mountEmbed, skip_typescript)]
pub fn mount_embed(host: Element, mount: Element, playground: String) {
    let (settings, mut problems) = Settings::read(|name| host.get_attribute(name));
    let jobspec = text_of(&host, ".netplay-jobspec").or_else(|| text_of(&host, "pre")).unwrap_or_default();
    let own = text_of(&host, ".netplay-nodes");
    let mut linked_id = None;
    let nodes = match (&own, &settings.nodes_ref) {
        (Some(own), _) => own.clone(),
        (None, Some(id)) => {
            let element = || host.owner_document()?.get_element_by_id(id)?.text_content();
            match linked::text(id, element) {
                Some(text) => {
                    linked_id = Some(AttrValue::from(id.clone()));
                    text
                }
                None => {
                    problems.push(format!(
                        "data-nodes: no element with id `{id}` on the page; the default inventory is used"
                    ));
                    DEFAULT_NODES.to_string()
                }
            }
        }
        (None, None) => DEFAULT_NODES.to_string(),
    };
    let props = EmbedProps {
        settings: Rc::new(settings),
        problems: Rc::new(problems),
        jobspec: AttrValue::from(crate::state::normalize_newlines(jobspec)),
        nodes: AttrValue::from(crate::state::normalize_newlines(nodes)),
        own_nodes: own.is_some(),
        linked: linked_id,
        shares: None,
        variables: Rc::default(),
        tab: None,
        playground: playground.into(),
        on_change: None,
    };
    yew::Renderer::<Embed>::with_root_and_props(mount, props).render();
}

/// Renders the shared inventory `host` (a `.netplay-inventory` element whose `id` examples
/// name in `data-nodes`) as an editor into `mount`; the linked examples follow its edits.
#[wasm_bindgen(js_name = mountInventory, skip_typescript)]
pub fn mount_inventory(host: Element, mount: Element) {
    let id = host.id();
    let original = crate::state::normalize_newlines(host.text_content().unwrap_or_default());
    let props = EmbedProps {
        settings: Rc::new(Settings::default()),
        problems: Rc::new(Vec::new()),
        jobspec: AttrValue::default(),
        nodes: original.into(),
        own_nodes: true,
        linked: None,
        shares: Some(id.into()),
        variables: Rc::default(),
        tab: None,
        playground: AttrValue::default(),
        on_change: None,
    };
    yew::Renderer::<Embed>::with_root_and_props(mount, props).render();
}

/// The playground in its compact form (`?view=compact#<state>`), for sites that can only add
/// an iframe: one embed showing the state of the URL, which it keeps in the URL as it changes.
pub fn mount_compact(root: Element, snapshot: Snapshot) {
    // The allocations, and the results tab the link was shared from (the variables when that
    // was the allocations).
    let second = match snapshot.tab {
        Tab::Allocations | Tab::Env => Pane::Env,
        Tab::Mappings => Pane::Mappings,
        Tab::Nodes => Pane::Nodes,
        Tab::Services => Pane::Services,
    };
    let settings = Settings {
        nomad: snapshot.nomad,
        seed: snapshot.seed,
        panes: vec![Pane::Allocations, second],
        ..Settings::default()
    };
    let props = EmbedProps {
        settings: Rc::new(settings),
        problems: Rc::new(Vec::new()),
        jobspec: snapshot.jobspec.into(),
        nodes: snapshot.nodes.into(),
        own_nodes: true,
        linked: None,
        shares: None,
        variables: Rc::new(snapshot.variables),
        tab: Some(snapshot.tab),
        playground: crate::browser::page_url().split('?').next().unwrap_or_default().to_string().into(),
        on_change: Some(yew::Callback::from(|snap: Snapshot| {
            crate::browser::replace_hash(&crate::share::encode(&snap));
        })),
    };
    yew::Renderer::<Embed>::with_root_and_props(root, props).render();
}

/// The state the compact form opens: the link's, else the playground's first example.
pub fn compact_snapshot(fragment: &str) -> Snapshot {
    crate::share::decode(fragment)
        .unwrap_or_else(|_| crate::state::AppState::first_visit(crate::state::Theme::Light).snapshot())
}
