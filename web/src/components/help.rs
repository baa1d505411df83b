//! The help dialog: what netplay does and the keyboard shortcuts.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

/// The dialog's inputs.
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Whether it is open.
    pub open: bool,
    /// It was closed (button, Escape or a click on the backdrop).
    pub on_close: Callback<()>,
}

/// Nomad's documentation of the variables a task starts with.
const NOMAD_ENV_DOCS: &str = "https://developer.hashicorp.com/nomad/docs/runtime";

/// A small inventory showing the common settings.
const INVENTORY_SAMPLE: &str = "node \"client-1\" {
  network {
    device = \"eth0\"
    cidr   = \"10.0.0.10/24\"
  }
  host_network \"public\" {
    cidr = \"203.0.113.0/24\"
  }
  reserved {
    reserved_ports = \"22\"
  }
  alloc \"cache\" {
    port \"db\" {
      static = 6379
    }
  }
}";

const SHORTCUTS: &[(&str, &str)] = &[
    ("Tab", "indent (the selected lines, or insert two spaces)"),
    ("Shift + Tab", "outdent the current or selected lines"),
    ("Enter", "new line keeping the indentation"),
    ("Esc", "leave the editor (then Tab moves on)"),
    (
        "Ctrl/⌘ + Z, Ctrl/⌘ + Shift + Z",
        "undo, redo (indenting included); right after Reset or an example, Ctrl/⌘ + Z brings your work back",
    ),
    ("F8, Shift + F8", "caret to the next, previous problem"),
    ("← →, Home, End", "move between result tabs"),
    ("?", "this help (outside the editors)"),
];

/// A modal `<dialog>` kept in sync with `open`.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(props.open, move |open| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }
    let onclose = props.on_close.reform(|_: Event| ());
    let close = props.on_close.reform(|_: MouseEvent| ());
    // A click on the backdrop lands on the dialog element itself.
    let onclick = {
        let (dialog, on_close) = (dialog.clone(), props.on_close.clone());
        Callback::from(move |e: MouseEvent| {
            let target = e.target_dyn_into::<HtmlDialogElement>();
            if target.is_some() && target == dialog.cast::<HtmlDialogElement>() {
                on_close.emit(());
            }
        })
    };
    html! {
        <dialog ref={dialog} class="help" aria-labelledby="help-title" data-testid="help-dialog" {onclose} {onclick}>
            <div class="help-body">
                <h2 id="help-title">{ "netplay" }</h2>
                <p>
                    { "Edit a Nomad jobspec and a node inventory; netplay places the job the way Nomad's scheduler " }
                    { "would and shows every IP, port, port mapping and environment variable, computed in this page " }
                    { "(no server). The seed drives dynamic ports: re-roll it to see them change while static ports stay." }
                </p>
                <h3>{ "Documentation" }</h3>
                <ul class="help-links">
                    <li><a href={super::header::NOMAD_DOCS} target="_blank" rel="noopener" data-testid="help-docs">
                        { "Nomad's network block" }</a>{ ": ports, " }<code>{ "to" }</code>{ ", host networks, modes." }</li>
                    <li><a href={NOMAD_ENV_DOCS} target="_blank" rel="noopener">{ "Nomad's runtime environment" }</a>
                        { ": every " }<code>{ "NOMAD_*" }</code>{ " variable." }</li>
                </ul>
                <h3 id="inventory-format">{ "The node inventory" }</h3>
                <p>
                    { "The Nodes editor describes the cluster in HCL: one " }<code>{ "node \"name\" { ... }" }</code>
                    { " block per client. Each has " }<code>{ "network { device, cidr, mbits }" }</code>
                    { " blocks (its interfaces and addresses), and may have " }<code>{ "resources" }</code>
                    { " (capacity), " }<code>{ "reserved" }</code>{ " (held back, including " }<code>{ "reserved_ports" }</code>
                    { "), " }<code>{ "host_network \"public\" { cidr, interface }" }</code>{ ", " }
                    <code>{ "network_interface" }</code>{ ", " }<code>{ "min_dynamic_port" }</code>{ " / " }
                    <code>{ "max_dynamic_port" }</code>{ ", " }<code>{ "meta" }</code>{ " and " }
                    <code>{ "alloc \"name\" { ... }" }</code>{ " blocks for work already running (its ports count as taken)." }
                </p>
                <pre class="code-block help-sample">{ INVENTORY_SAMPLE }</pre>
                <h3>{ "Keyboard" }</h3>
                <table class="shortcuts">
                    <tbody>
                        { for SHORTCUTS.iter().map(|(keys, what)| html! {
                            <tr><th scope="row"><kbd>{ *keys }</kbd></th><td>{ *what }</td></tr>
                        }) }
                    </tbody>
                </table>
                <p class="muted">
                    { "Your work is saved in this browser and in the page address; Share copies that address. " }
                    { "Copy as Markdown gives jobspec, nodes and results ready for an issue report." }
                </p>
                <form method="dialog" class="help-actions">
                    <button type="submit" class="btn btn-primary" onclick={close} data-testid="help-close" autofocus=true>{ "Close" }</button>
                </form>
            </div>
        </dialog>
    }
}
