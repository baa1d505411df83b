//! The "Inventory as HCL" button: the inventory the analysis reads, whatever its format (a
//! pasted node JSON, a node list, an agent configuration) with the inputs attached to it,
//! printed by core as inventory HCL, with buttons to copy it or to put it in the editor.

use netplay_core::nodes;
use yew::prelude::*;

use crate::worker::Inputs;

/// The panel's inputs.
#[derive(Properties, PartialEq)]
pub struct InventoryHclProps {
    /// What the analysis reads (the inventory text, the attached inputs, the version).
    pub inputs: Inputs,
    /// Copies `(text, what)`.
    pub on_copy: Callback<(String, String)>,
    /// Replaces the inventory editor's text (and the attached inputs, which the HCL holds).
    pub on_use: Callback<String>,
}

/// A button that opens the printed inventory under the editor.
#[function_component(InventoryHcl)]
pub fn inventory_hcl(props: &InventoryHclProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let printed = use_memo(
        (props.inputs.nodes.clone(), props.inputs.options.nomad, props.inputs.attached.clone(), *open),
        |(_, _, _, open)| {
            if !*open {
                return String::new();
            }
            if props.inputs.in_background() {
                return String::new();
            }
            let (inventory, _) = netplay_core::inventory(&props.inputs.nodes, &props.inputs.options());
            nodes::to_hcl(&inventory)
        },
    );
    let on_copy = {
        let (on_copy, printed) = (props.on_copy.clone(), printed.clone());
        Callback::from(move |_: MouseEvent| on_copy.emit(((*printed).clone(), "the inventory HCL".into())))
    };
    let on_use = {
        let (on_use, printed, open) = (props.on_use.clone(), printed.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            on_use.emit((*printed).clone());
            open.set(false);
        })
    };
    html! {
        <div class="inventory-hcl">
            <button type="button" class="btn btn-small" data-testid="inventory-hcl" aria-expanded={open.to_string()} onclick={toggle}>
                { if *open { "Hide inventory HCL" } else { "Inventory as HCL" } }
            </button>
            if *open {
                if props.inputs.in_background() {
                    <p class="muted" data-testid="inventory-hcl-too-large">
                        { format!("The inputs ({}) are too large to print as HCL on this page without stopping it.", super::size(props.inputs.bytes())) }
                    </p>
                } else {
                    <div class="inventory-hcl-panel">
                        <pre data-testid="inventory-hcl-text">{ (*printed).clone() }</pre>
                        <button type="button" class="btn btn-small" onclick={on_copy}>{ "Copy" }</button>
                        <button type="button" class="btn btn-small" data-testid="inventory-hcl-use" onclick={on_use}>{ "Put it in the editor" }</button>
                    </div>
                }
            }
        </div>
    }
}
