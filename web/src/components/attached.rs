//! The inputs attached to the inventory, under its editor: one chip per allocation list or
//! `ip -j addr` output with its name, what it holds and its size, a button to remove it, and
//! the two buttons that attach a file (the keyboard's way; dropping or pasting such a file on
//! the inventory editor attaches it too). An input too large for share links and the autosave
//! ([`crate::state::SAVED_ATTACHED_BYTES`]) says so on its chip.

use netplay_core::cluster::{JsonKind, sniff_json};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::drop::read_file;
use super::size;
use crate::state::{Attached, AttachedKind, saved_attached};

/// The chips' inputs.
pub struct AttachedProps<'a> {
    /// The attached inputs, in order.
    pub inputs: &'a [Attached],
    /// How many entries each holds (allocations, interfaces), where counted.
    pub counts: &'a [Option<usize>],
    /// The host's addresses are attached, but the inventory is no agent configuration.
    pub interfaces_unused: bool,
    /// Attaches a file's text.
    pub on_attach: &'a Callback<Attached>,
    /// Removes the input at this index.
    pub on_detach: &'a Callback<usize>,
}

/// `3 allocations`, `1 interface`; the kind alone when not counted.
pub fn describe(kind: AttachedKind, count: Option<usize>) -> String {
    let (one, many) = match kind {
        AttachedKind::Allocations => ("allocation", "allocations"),
        AttachedKind::Interfaces => ("interface", "interfaces"),
    };
    match count {
        Some(1) => format!("1 {one}"),
        Some(n) => format!("{n} {many}"),
        None => many.to_string(),
    }
}

/// The kind of input a text is attached as, when it is one (an allocation list or the host's
/// addresses) rather than an inventory.
pub fn attached_kind(text: &str) -> Option<AttachedKind> {
    match sniff_json(text)? {
        JsonKind::Allocations => Some(AttachedKind::Allocations),
        JsonKind::Interfaces => Some(AttachedKind::Interfaces),
        _ => None,
    }
}

/// The name of a pasted input: `pasted allocations`, then `pasted allocations 2`, ... so that
/// pasting another list adds it rather than replacing the one before.
pub fn pasted_name(attached: &[Attached], kind: AttachedKind) -> String {
    let base = format!("pasted {}", kind.id());
    let taken = |name: &str| attached.iter().any(|a| a.kind == kind && a.name == name);
    (1..).map(|n| if n == 1 { base.clone() } else { format!("{base} {n}") }).find(|n| !taken(n)).unwrap_or(base)
}

/// The id of the hidden file field of a kind.
fn field_id(kind: AttachedKind) -> String {
    format!("attach-{}-file", kind.id())
}

/// The Add buttons and the chips.
pub fn attached_inputs(props: &AttachedProps<'_>) -> Html {
    let add = |kind: AttachedKind, label: &'static str| {
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(field) = crate::browser::document()
                .and_then(|d| d.get_element_by_id(&field_id(kind)))
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                field.click();
            }
        });
        let onchange = {
            let on_attach = props.on_attach.clone();
            Callback::from(move |e: Event| {
                let field: HtmlInputElement = e.target_unchecked_into();
                let Some(files) = field.files() else { return };
                for i in 0..files.length() {
                    let Some(file) = files.get(i) else { continue };
                    let on_attach = on_attach.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let name = file.name();
                        if let Some(text) = read_file(&file).await {
                            on_attach.emit(Attached { kind, name, text: text.into() });
                        }
                    });
                }
                // The same file chosen again (after editing it) is a change again.
                field.set_value("");
            })
        };
        html! {
            <>
                <button type="button" class="btn btn-small" data-testid={format!("add-{}", kind.id())} {onclick}>{ label }</button>
                <input type="file" id={field_id(kind)} class="visually-hidden" tabindex="-1" aria-hidden="true"
                    accept=".json,application/json,text/plain" multiple={kind == AttachedKind::Allocations} {onchange} />
            </>
        }
    };
    let chips = props.inputs.iter().enumerate().map(|(i, input)| {
        let count = props.counts.get(i).copied().flatten();
        let what = describe(input.kind, count);
        let unused = input.kind == AttachedKind::Interfaces && props.interfaces_unused;
        let on_detach = props.on_detach.reform(move |_: MouseEvent| i);
        html! {
            <li ~className={if unused { "chip chip-unused" } else { "chip" }} id={format!("attached-{i}")} tabindex="-1"
                data-testid="attached-chip" data-kind={input.kind.id()} data-name={input.name.clone()}>
                <span class="chip-name">{ input.name.clone() }</span>
                <span class="chip-detail">{ format!(" · {what} · {}", size(input.text.len())) }</span>
                if unused {
                    <span class="chip-detail">{ " · not used: the inventory is no client agent configuration" }</span>
                }
                if !saved_attached(input) {
                    <span class="chip-detail" data-testid="not-saved">{ " · too large for links and the autosave" }</span>
                }
                <button type="button" class="chip-remove" onclick={on_detach} data-testid="detach"
                    aria-label={format!("Remove {} ({what})", input.name)}>{ "✕" }</button>
            </li>
        }
    });
    html! {
        <div class="attached" data-testid="attached">
            <div class="attached-actions">
                { add(AttachedKind::Allocations, "Add allocations…") }
                { add(AttachedKind::Interfaces, "Add interfaces…") }
            </div>
            if !props.inputs.is_empty() {
                <ul class="chips" aria-label="Attached to the inventory">{ for chips }</ul>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_inputs_get_names_of_their_own() {
        let input =
            |name: &str| Attached { kind: AttachedKind::Allocations, name: name.to_string(), text: "[]".into() };
        assert_eq!(pasted_name(&[], AttachedKind::Allocations), "pasted allocations");
        let taken = [input("pasted allocations"), input("pasted allocations 2")];
        assert_eq!(pasted_name(&taken, AttachedKind::Allocations), "pasted allocations 3");
        assert_eq!(pasted_name(&taken, AttachedKind::Interfaces), "pasted interfaces");
    }

    #[test]
    fn only_allocations_and_addresses_are_attached() {
        assert_eq!(attached_kind(r#"[{"ID":"a","NodeID":"n1"}]"#), Some(AttachedKind::Allocations));
        assert_eq!(attached_kind(r#"[{"ifindex":1,"ifname":"lo"}]"#), Some(AttachedKind::Interfaces));
        assert_eq!(attached_kind(r#"[{"ID":"n1","Name":"client-1"}]"#), None, "a node list is the inventory");
        assert_eq!(attached_kind("node \"a\" {}"), None);
        assert_eq!(describe(AttachedKind::Allocations, Some(1)), "1 allocation");
        assert_eq!(describe(AttachedKind::Interfaces, None), "interfaces");
    }
}
