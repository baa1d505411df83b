//! The Variables panel under the jobspec editor: every `variable` the jobspec declares, with its
//! type, description and default, a field for a value (like `nomad job run -var`), where the
//! value in use came from, and core's error when the value does not fit.

use netplay_core::{Diagnostic, SourceId, ValueSource, VarArg, VariableReport};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::parts::{aside, code, pill};
use super::rich;

/// The panel's inputs.
pub struct VariablesProps<'a> {
    /// The declared variables (of the last jobspec core could read).
    pub reports: &'a [VariableReport],
    /// True when `reports` come from an earlier text (the jobspec does not parse right now).
    pub stale: bool,
    /// The values typed in the panel, also those of variables the jobspec does not declare.
    pub values: &'a [VarArg],
    /// The current analysis's diagnostics (errors of the values are among them).
    pub diagnostics: &'a [Diagnostic],
    /// Set a value: (name, text); an empty text unsets it.
    pub on_set: &'a Callback<(String, String)>,
}

/// The panel, or nothing when the jobspec declares no variables and no value is kept.
pub fn variables_panel(props: &VariablesProps<'_>) -> Html {
    let declared = |name: &str| props.reports.iter().any(|r| r.name == name);
    let kept: Vec<&VarArg> = props.values.iter().filter(|v| !declared(&v.name)).collect();
    if props.reports.is_empty() && kept.is_empty() {
        return Html::default();
    }
    let set_here = props.values.len() - kept.len();
    let count = match (props.reports.len(), set_here) {
        (1, 0) => "1 declared".to_string(),
        (n, 0) => format!("{n} declared"),
        (n, s) => format!("{n} declared · {s} set here"),
    };
    html! {
        <section ~className={if props.stale { "variables is-stale" } else { "variables" }}
            aria-labelledby="variables-title" data-testid="variables">
            <h2 id="variables-title" class="section-title">
                { "Variables" }
                <span class="count count-plain" data-testid="variables-summary">{ count }</span>
            </h2>
            <p class="muted var-intro">
                { "Values typed here count as " }{ code("-var name=value") }
                { " and win over the defaults; leave a field empty to use the default." }
                if props.stale {
                    { " These are the variables of the last jobspec that could be read." }
                }
            </p>
            if !props.reports.is_empty() {
                <ul class="var-list">
                    { for props.reports.iter().map(|r| row(r, props)) }
                </ul>
            }
            if !kept.is_empty() {
                <div class="var-kept" data-testid="variables-kept">
                    <p class="muted">
                        { "Kept, but not used: values for variables this jobspec does not declare (any more)." }
                    </p>
                    <ul class="var-kept-list">
                        { for kept.iter().map(|v| kept_row(v, props.on_set)) }
                    </ul>
                </div>
            }
        </section>
    }
}

fn row(r: &VariableReport, props: &VariablesProps<'_>) -> Html {
    let name = r.name.clone();
    let id = format!("var-{name}");
    let typed = props.values.iter().find(|v| v.name == name).map(|v| v.value.clone());
    let errors: Vec<&Diagnostic> = props
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.source == SourceId::Jobspec && d.span == r.span)
        .collect();
    let (source_class, source) = match (&r.source, typed.is_some()) {
        (_, true) if !errors.is_empty() => ("pill pill-bad", "invalid"),
        (Some(ValueSource::Argument), _) => ("pill pill-set", "set here"),
        (Some(ValueSource::Default), _) => ("pill", "default"),
        (Some(_), _) => ("pill", "set elsewhere"),
        (None, _) => ("pill pill-bad", "not set"),
    };
    let oninput = {
        let (on_set, name) = (props.on_set.clone(), name.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_set.emit((name.clone(), input.value()));
        })
    };
    let clear = {
        let (on_set, name) = (props.on_set.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            on_set.emit((name.clone(), String::new()));
            if let Some(input) = crate::browser::document()
                .and_then(|d| d.get_element_by_id(&format!("var-{name}")))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
            {
                let _ = input.focus();
            }
        })
    };
    let mut described = vec![format!("{id}-about")];
    if !errors.is_empty() {
        described.push(format!("{id}-error"));
    }
    html! {
        <li class="var" data-testid="variable" data-var-name={name.clone()} key={name.clone()}>
            <div class="var-head">
                <label class="var-name" for={id.clone()}>{ code(name.clone()) }</label>
                <span class="var-type" title="declared type">{ r.type_name.clone().unwrap_or_else(|| "any type".into()) }</span>
                <span class="var-source" data-testid="var-source">{ pill(source_class, source) }</span>
            </div>
            <div class="var-field">
                <input type="text" id={id.clone()} class="var-input" data-testid="var-input"
                    value={typed.clone().unwrap_or_default()}
                    placeholder={r.default.clone().unwrap_or_else(|| "required".into())}
                    spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-describedby={described.join(" ")}
                    aria-invalid={if errors.is_empty() { "false" } else { "true" }}
                    {oninput} />
                if typed.is_some() {
                    <button type="button" class="btn btn-small btn-ghost" onclick={clear} data-testid="var-clear"
                        aria-label={format!("Clear {name} (use its default)")}>{ "Clear" }</button>
                }
            </div>
            <p class="var-about" id={format!("{id}-about")}>
                if let Some(description) = &r.description {
                    <span class="var-desc">{ description.clone() }</span>
                }
                <span class="var-facts">
                    { match &r.default {
                        Some(default) => html! { <>{ aside("default ") }{ code(default.clone()) }</> },
                        None => aside("required: no default"),
                    } }
                    if let Some(value) = &r.value {
                        { aside(" · in use ") }
                        <code data-testid="var-value">{ value.clone() }</code>
                    }
                </span>
            </p>
            if !errors.is_empty() {
                <div class="var-error" id={format!("{id}-error")} data-testid="var-error">
                    { for errors.iter().map(|d| html! {
                        <p>
                            <strong>{ rich(&d.message) }</strong>
                            if let Some(help) = &d.help {
                                { ": " }{ rich(help) }
                            }
                        </p>
                    }) }
                </div>
            }
        </li>
    }
}

fn kept_row(v: &VarArg, on_set: &Callback<(String, String)>) -> Html {
    let name = v.name.clone();
    let forget = on_set.reform({
        let name = name.clone();
        move |_: MouseEvent| (name.clone(), String::new())
    });
    html! {
        <li class="var-kept-row" data-testid="variable-kept" data-var-name={name.clone()} key={name.clone()}>
            <code class="var-kept-value">{ format!("{name} = {}", v.value) }</code>
            <button type="button" class="btn btn-small btn-ghost" onclick={forget} data-testid="var-forget"
                aria-label={format!("Forget the value of {name}")}>{ "Forget" }</button>
        </li>
    }
}
