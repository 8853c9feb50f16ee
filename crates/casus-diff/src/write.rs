//! An incident written back as `.casus` text, so that a witness can go straight into a
//! scenario suite.

use casus_core::model::{Actor, Incident, IncidentDuration};
use casus_core::vocab::PriorAct;

/// The incident as a `.casus` block, with a comment line above it.
pub fn incident_text(inc: &Incident, comment: &str) -> String {
    let mut out = String::new();
    for line in comment.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str(&format!("incident {} \"{}\" {{\n", inc.id.value, inc.title.replace('"', "'")));
    let mut line = |s: String| {
        out.push_str("    ");
        out.push_str(&s);
        out.push('\n');
    };
    if let Some(d) = &inc.on {
        line(format!("on {}", d.value));
    }
    match &inc.duration {
        Some(IncidentDuration::SingleStrike) => line("duration single strike".into()),
        Some(IncidentDuration::Sustained(p)) => line(format!("duration sustained {} {}", p.amount, p.unit)),
        None => {}
    }
    match &inc.actor {
        Actor::Unknown => line("actor unknown".into()),
        Actor::NonState(n) if n.is_empty() => line("actor non-state".into()),
        Actor::NonState(n) => line(format!("actor non-state \"{n}\"")),
        Actor::States(s) => line(format!("actor {}", s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(" "))),
    }
    if let Some(a) = &inc.attribution {
        line(format!("attribution {}", a.value));
    }
    if let Some(t) = &inc.target {
        line(format!("target {}", t.value));
    }
    if let Some(o) = &inc.object {
        line(format!("object {}", o.value));
    }
    if let Some(r) = &inc.region {
        line(format!("region {}", r.value));
    }
    if let Some(at) = &inc.at {
        line(format!("at {:.4}, {:.4}", at.value.lat, at.value.lon));
    }
    if !inc.domains.is_empty() {
        line(format!("domain {}", inc.domains.iter().map(|d| d.value.to_string()).collect::<Vec<_>>().join(" ")));
    }
    if let Some(s) = &inc.severity {
        line(format!("severity {}", s.value));
    }
    if let Some(i) = &inc.intentional {
        line(format!("intentional {}", i.value));
    }
    if let Some(h) = &inc.forces_hit {
        line(format!("forces-hit {}", h.value));
    }
    if let Some(i) = &inc.initiator {
        line(format!("initiator {}", i.value));
    }
    if !inc.weapons.is_empty() {
        line(format!("weapons {}", inc.weapons.iter().map(|w| w.value.to_string()).collect::<Vec<_>>().join(" ")));
    }
    for f in &inc.judged {
        line(format!("judged \"{}\" {}", f.what.value.replace('"', "'"), f.answer));
    }
    for f in &inc.given {
        line(format!("given {} {}", f.what.value, f.answer));
    }
    for p in &inc.prior {
        match p.act {
            PriorAct::AttacksFirst => line(format!("prior {} attacks first", p.state.value)),
            act => line(format!(
                "prior {} {act} {}",
                p.state.value,
                p.objects.iter().map(|o| o.value.as_str()).collect::<Vec<_>>().join(" ")
            )),
        }
    }
    for e in &inc.expect {
        let what = match &e.expected {
            casus_core::model::Expected::Verdict(v) => v.word().replace('_', "-"),
            casus_core::model::Expected::Guarantors(n) => format!("guarantors {n}"),
            casus_core::model::Expected::Strength(s) => format!("strength {s}"),
        };
        line(format!("expect {} {what}", e.commitment.value));
    }
    out.push_str("}\n");
    out
}

use casus_core::vocab::Vocabulary;
