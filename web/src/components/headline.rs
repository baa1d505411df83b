//! The results' headline: how much of the job was placed, first. A job with nothing placed says
//! so here, with Nomad's reason and what would make a node fit, not as one warning among others.

use netplay_core::Analysis;
use yew::prelude::*;

use super::rich;

/// One line (and, when something is not placed, why and what would help).
pub fn headline(a: &Analysis) -> Html {
    let Some(job) = &a.job else { return html! {} };
    let s = &a.summary;
    let instances = |n: usize| if n == 1 { "1 instance".to_string() } else { format!("{n} instances") };
    let (class, title) = if s.instances == 0 {
        ("headline headline-bad", "Nothing to place: the job has no group instances".to_string())
    } else if s.placed == 0 {
        (
            "headline headline-bad",
            format!("Nothing placed: none of {} of job `{}` found a node", instances(s.instances), job.id),
        )
    } else if s.placed < s.instances {
        ("headline headline-warn", format!("{} of {} placed", s.placed, instances(s.instances)))
    } else {
        let nodes: Vec<&str> = {
            let mut n: Vec<&str> = a.placements.iter().filter_map(|p| p.node.as_deref()).collect();
            n.dedup();
            n
        };
        let on = if nodes.len() == 1 { format!(" on `{}`", nodes[0]) } else { format!(" on {} nodes", nodes.len()) };
        ("headline headline-ok", format!("{} of job `{}` placed{on}", instances(s.instances), job.id))
    };
    let unplaced = a.placements.iter().find(|p| p.node.is_none());
    html! {
        <div ~className={class} role="status" data-testid="headline">
            <p class="headline-title">{ rich(&title) }</p>
            if let Some(p) = unplaced {
                <p class="headline-reason">
                    { rich(&format!("`{}`: {}", p.name, p.failure.as_deref().unwrap_or("no node fits"))) }
                </p>
                if p.evaluated.iter().any(|e| e.fix.is_some()) {
                    <ul class="headline-fixes" data-testid="headline-fixes">{ super::parts::fixes(&p.evaluated) }</ul>
                }
            }
        </div>
    }
}
