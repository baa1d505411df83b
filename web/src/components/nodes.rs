//! The Nodes tab: every node of the inventory, placed or not and Nomad's reasons, then what
//! each placement evaluated.

use netplay_core::Analysis;
use netplay_core::analysis::Placement;
use yew::prelude::*;

use super::parts::{aside, card_head, code, head_row, note, pill};
use super::rich;

/// Node verdicts and per-placement evaluations.
pub fn nodes(a: &Analysis) -> Html {
    html! {
        <div class="nodes-tab">
            if let Some(job) = &a.job {
                if !job.node_order.is_empty() {
                    <p class="muted node-order">
                        { format!("Scheduler walk order: {}", job.node_order.join(" → ")) }
                        if job.limit > 0 {
                            { format!(" (compares up to {} feasible nodes)", job.limit) }
                        }
                    </p>
                }
            }
            if a.nodes.is_empty() {
                <p class="empty">{ "The inventory has no nodes." }</p>
            } else {
                <div class="cards">
                { for a.nodes.iter().map(|n| html! {
                    <article class="card" data-testid="node" data-node={n.name.clone()}
                        data-placed={if n.placed.is_empty() { "false" } else { "true" }}>
                        { card_head(n.name.clone().into(), if n.placed.is_empty() {
                            pill("pill pill-bad", "not placed")
                        } else {
                            pill("pill pill-ok", format!("placed {}", n.placed.len()))
                        }) }
                        if !n.placed.is_empty() {
                            <p>{ "Holds " }{ for n.placed.iter().enumerate().map(|(i, p)| html! {
                                <>{ if i > 0 { ", " } else { "" } }{ code(p.clone()) }</>
                            }) }</p>
                        }
                        { note(match n.evaluated {
                            0 => "Never evaluated by the scheduler.".to_string(),
                            1 => "Evaluated once.".to_string(),
                            k => format!("Evaluated {k} times."),
                        }) }
                        if !n.reasons.is_empty() {
                            <ul class="reasons">
                                { for n.reasons.iter().map(|r| html! {
                                    <li>
                                        { rich(&r.reason) }{ aside(format!(" ×{}", r.count)) }
                                        if let Some(fix) = &r.fix {
                                            <div class="fix" data-testid="node-fix">{ rich(fix) }</div>
                                        }
                                    </li>
                                }) }
                            </ul>
                        }
                    </article>
                }) }
                </div>
            }
            if !a.placements.is_empty() {
                <h3 class="sub-title">{ "Per placement" }</h3>
                { for a.placements.iter().map(evaluated) }
            }
        </div>
    }
}

fn evaluated(p: &Placement) -> Html {
    html! {
        <div class="table-wrap" data-testid="evaluated" data-name={p.name.clone()}>
            <table class="evaluated">
                <caption>{ p.name.clone() }{ match &p.node {
                    Some(node) => format!(" → {node}"),
                    None => " → not placed".to_string(),
                } }</caption>
                { head_row(&["Node", "Fits", "Score", "Reason"]) }
                <tbody>
                { for p.evaluated.iter().map(|e| html! {
                    <tr ~className={if p.node.as_deref() == Some(e.node.as_str()) { "chosen" } else { "" }}>
                        <th scope="row">{ e.node.clone() }</th>
                        <td>{ if e.fit { "yes" } else { "no" } }</td>
                        <td>{ e.score.map(|s| s.to_string()).unwrap_or_else(|| "—".to_string()) }</td>
                        <td>
                            { e.reason.as_deref().map(rich).unwrap_or_default() }
                            if let Some(detail) = &e.detail {
                                <div class="muted detail">{ rich(detail) }</div>
                            }
                        </td>
                    </tr>
                }) }
                if p.evaluated.is_empty() {
                    <tr><td colspan="4" class="muted">{ "No node was evaluated." }</td></tr>
                }
                </tbody>
            </table>
        </div>
    }
}
