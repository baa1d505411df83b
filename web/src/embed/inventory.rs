//! A page's shared inventory as an editor: the examples linked to it (`data-nodes`) follow its
//! edits through [`super::linked`].

use std::rc::Rc;

use netplay_core::{NomadVersion, Options, SourceId, analyze};
use yew::prelude::*;

use super::linked;
use crate::app::underlines;
use crate::components::Local;
use crate::components::editor::Editor;

/// A shared inventory.
#[derive(Properties, PartialEq)]
pub struct InventoryProps {
    /// The element's id, which examples name in `data-nodes`.
    pub id: AttrValue,
    /// The text the page wrote.
    pub original: AttrValue,
}

/// The editor of a shared inventory, with Reset.
#[function_component(Inventory)]
pub fn inventory(props: &InventoryProps) -> Html {
    let text = {
        let (id, original) = (props.id.clone(), props.original.clone());
        Local {
            value: use_mut_ref(move || {
                AttrValue::from(linked::text(&id, || Some(original.to_string())).unwrap_or_default())
            }),
            redraw: use_force_update(),
        }
    };
    let current = text.get();
    let area = use_node_ref();
    // The inventory's own problems (1.x reads every inventory setting; an empty jobspec places nothing).
    let marks = use_memo(current.clone(), |nodes| {
        underlines(&analyze("", nodes, &Options::for_version(NomadVersion::V1)), SourceId::Nodes)
    });
    let set = {
        let (text, id) = (text.clone(), props.id.clone());
        Callback::from(move |value: String| {
            let value = crate::state::normalize_newlines(value);
            linked::publish(&id, &value);
            text.set(value.into());
        })
    };
    let on_reset = {
        let (set, original) = (set.clone(), props.original.clone());
        Callback::from(move |_: MouseEvent| set.emit(original.to_string()))
    };
    let rows = (current.lines().count() as u32 + 1).clamp(4, 24);
    html! {
        <div class="np-embed np-inventory" data-testid="inventory">
            <div class="np-bar">
                <span class="np-version">{ format!("Shared inventory {} · the examples using it follow your edits", props.id) }</span>
                <button type="button" class="btn btn-small" data-testid="inventory-reset" onclick={on_reset}
                    disabled={current == props.original}>{ "Reset" }</button>
            </div>
            <Editor id="nodes" label="Nodes" file="nodes.hcl" value={current} underlines={Rc::clone(&*marks)}
                textarea={area} {rows} on_input={set} />
            <p id="editor-keys" class="visually-hidden">
                { "Tab indents and Shift+Tab outdents. Press Escape to leave the editor, then Tab to move on." }
            </p>
        </div>
    }
}
