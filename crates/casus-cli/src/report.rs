//! Reports of evaluations for people: the verdict summary, one commitment's reasoning, and
//! scenario test results.

use std::fmt::Write as _;

use casus_core::eval::{Evaluation, Truth, Verdict};
use casus_core::model::{Actor, Incident, IncidentDuration};
use casus_core::vocab::VerdictKind;

/// A one-paragraph description of the incident.
pub fn describe_incident(e: &Evaluation) -> String {
    let i: &Incident = &e.incident.incident;
    let loc = &e.incident.location;
    let mut parts = Vec::new();
    parts.push(i.on.as_ref().map_or("date unknown".to_string(), |d| d.value.to_string()));
    let actor = match &i.actor {
        Actor::States(s) => s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join("+"),
        Actor::NonState(n) if !n.is_empty() => format!("non-state ({n})"),
        Actor::NonState(_) => "non-state".to_string(),
        Actor::Unknown => "unknown actor".to_string(),
    };
    let attribution = i.attribution.as_ref().map_or(String::new(), |a| format!(" [{}]", a.value));
    let target = i.target.as_ref().map_or("unknown target".to_string(), |t| t.value.clone());
    parts.push(format!("{actor}{attribution} against {target}"));
    if let Some(o) = &i.object {
        parts.push(o.value.to_string());
    }
    let mut place = Vec::new();
    if let Some(r) = &loc.region {
        place.push(r.clone());
    }
    if let Some(c) = &loc.country {
        place.push(c.clone());
    }
    if let Some(at) = loc.at {
        place.push(format!("{:.3},{:.3}", at.lat, at.lon));
    }
    if !place.is_empty() {
        parts.push(format!("at {}", place.join(" / ")));
    }
    if let Some(s) = &i.severity {
        parts.push(s.value.to_string());
    }
    if !i.domains.is_empty() {
        parts.push(i.domains.iter().map(|d| d.value.to_string()).collect::<Vec<_>>().join("+"));
    }
    if let Some(t) = &i.intentional {
        parts.push(format!("intentional: {}", t.value));
    }
    if let Some(d) = &i.duration {
        parts.push(match d {
            IncidentDuration::SingleStrike => "single strike".to_string(),
            IncidentDuration::Sustained(p) => format!("sustained {p}"),
        });
    }
    format!("{} \"{}\": {}", i.id.value, i.title, parts.join(" · "))
}

fn owes_line(v: &Verdict) -> String {
    // The strongest rung in its own words, with its own deadline; a ladder says so.
    let top = v.obligations.iter().enumerate().max_by_key(|(i, o)| (o.strength, std::cmp::Reverse(*i)));
    let n = v.guarantors.len();
    let who = if n == 1 { format!("{} owes", v.guarantors[0]) } else { format!("{n} guarantors owe") };
    let rung = top.map_or(String::new(), |(_, o)| {
        let deadline = o.deadline.as_ref().map_or(String::new(), |d| format!(" within {d}"));
        format!("{} [{}{deadline}]", ellipsis(&o.text, 90), o.strength)
    });
    let ladder = match (top, v.obligations.first()) {
        (Some((i, _)), Some(first)) if v.obligations.len() > 1 => {
            let d = first.deadline.as_ref().map_or(String::new(), |d| format!(" within {d}"));
            format!(" — rung {} of {}, the first being {}{d}", i + 1, v.obligations.len(), first.strength)
        }
        _ => String::new(),
    };
    match v.verdict {
        VerdictKind::Triggered => format!("{who}: {rung}{ladder}"),
        VerdictKind::Indeterminate => {
            format!("{} would owe: {rung}{ladder}", who.trim_end_matches(" owe").trim_end_matches(" owes"))
        }
        VerdictKind::Violated => format!("broken by {}", v.guarantors.join(", ")),
        _ => String::new(),
    }
}

fn ellipsis(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>().trim_end())
    }
}

fn word(v: VerdictKind) -> &'static str {
    match v {
        VerdictKind::Triggered => "triggered",
        VerdictKind::NotTriggered => "not triggered",
        VerdictKind::Indeterminate => "indeterminate",
        VerdictKind::Violated => "violated",
        VerdictKind::NotInForce => "not in force",
    }
}

/// The readable report of one evaluation: triggered, violated and indeterminate
/// commitments first, grouped by treaty, then the rest in one line each.
pub fn evaluation_text(e: &Evaluation) -> String {
    let mut out = format!("Incident {}\n", describe_incident(e));
    if !e.incident.location.basis.is_empty() {
        let _ = writeln!(out, "  location: {}", e.incident.location.basis);
    }
    for kind in [VerdictKind::Triggered, VerdictKind::Violated, VerdictKind::Indeterminate] {
        let group: Vec<&Verdict> = e.verdicts.iter().filter(|v| v.verdict == kind).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", capitalise(word(kind)));
        let mut last = "";
        for v in &group {
            if v.treaty_name != last {
                let _ = writeln!(out, "  {} ({})", v.treaty_name, v.treaty);
                last = &v.treaty_name;
            }
            // Two commitments of a treaty with one title (ATOP's `defence` and `defence-2`)
            // are told apart by their ids.
            let twin = e.verdicts.iter().filter(|w| w.treaty == v.treaty && w.title == v.title).count() > 1;
            let title = if twin { format!("{} [{}]", v.title, v.commitment) } else { v.title.clone() };
            let _ = writeln!(out, "    {}: {} — {}", title, word(v.verdict), owes_line(v));
            for u in &v.unknowns {
                let _ = writeln!(
                    out,
                    "      unknown {}: {} if settled in its favour, {} if not",
                    u.input,
                    word(u.if_true),
                    word(u.if_false)
                );
            }
        }
    }
    for kind in [VerdictKind::NotTriggered, VerdictKind::NotInForce] {
        let group: Vec<&Verdict> = e.verdicts.iter().filter(|v| v.verdict == kind).collect();
        if group.is_empty() {
            continue;
        }
        // One entry per treaty: `nato (art1, art5)`; `casus explain` gives the reasons.
        let mut by_treaty: Vec<(&str, Vec<&str>)> = Vec::new();
        for v in &group {
            match by_treaty.iter_mut().find(|(t, _)| *t == v.treaty) {
                Some((_, list)) => list.push(&v.commitment),
                None => by_treaty.push((&v.treaty, vec![&v.commitment])),
            }
        }
        // A whole dataset (ATOP has 789 alliances) would bury the answer: name the first few.
        const SHOWN: usize = 30;
        let mut listed: Vec<String> =
            by_treaty.iter().take(SHOWN).map(|(t, cs)| format!("{t} ({})", cs.join(", "))).collect();
        if by_treaty.len() > SHOWN {
            listed.push(format!("and {} more treaties (`--format json` lists every verdict)", by_treaty.len() - SHOWN));
        }
        let _ = writeln!(out, "\n{} ({}): {}", capitalise(word(kind)), group.len(), listed.join("; "));
    }
    let count = |k: VerdictKind| e.verdicts.iter().filter(|v| v.verdict == k).count();
    let _ = writeln!(
        out,
        "\n{} triggered, {} violated, {} indeterminate, {} not triggered, {} not in force",
        count(VerdictKind::Triggered),
        count(VerdictKind::Violated),
        count(VerdictKind::Indeterminate),
        count(VerdictKind::NotTriggered),
        count(VerdictKind::NotInForce)
    );
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// The full reasoning behind one commitment's verdict, as an analyst would write it.
pub fn explain_text(e: &Evaluation, v: &Verdict) -> String {
    let mut out = String::new();
    let clause = v.clause.as_ref().filter(|c| **c != v.title).map_or(String::new(), |c| format!(", {c}"));
    let _ = writeln!(out, "{} — {}{clause} ({}, {})", v.treaty_name, v.title, v.key(), v.kind);
    let _ = writeln!(out, "Incident {}", describe_incident(e));
    let _ = writeln!(out, "\nVerdict: {}\n", word(v.verdict).to_uppercase());
    for (n, s) in v.trace.iter().enumerate() {
        let mark = match s.result {
            Truth::True => "yes",
            Truth::False => "NO ",
            Truth::Unknown => " ? ",
        };
        let _ = writeln!(out, "  {:>2}. [{mark}] {}", n + 1, s.condition);
        let _ = writeln!(out, "         {}", s.note);
        let _ = writeln!(out, "         (from {})", s.source);
    }
    match v.verdict {
        VerdictKind::Triggered | VerdictKind::Indeterminate => {
            let b = v.beneficiary.as_deref().unwrap_or("the beneficiary");
            let verb = if v.verdict == VerdictKind::Triggered { "owe" } else { "would owe" };
            let _ = writeln!(out, "\n{} guarantor(s) {verb} {b}: {}", v.guarantors.len(), v.guarantors.join(", "));
            for (i, o) in v.obligations.iter().enumerate() {
                let deadline = o.deadline.as_ref().map_or(String::new(), |d| format!(", within {d}"));
                let cons = if o.constitutional_processes { ", subject to constitutional processes" } else { "" };
                let _ = writeln!(out, "  {}. \"{}\" — {}{deadline}{cons}", i + 1, o.text, o.strength);
            }
        }
        VerdictKind::Violated => {
            let _ = writeln!(out, "\nBroken by: {}", v.guarantors.join(", "));
        }
        _ => {
            if let Some(s) = v.trace.iter().find(|s| s.result == Truth::False) {
                let _ = writeln!(out, "\nDecided by: {} — {}", s.condition, s.note);
            }
        }
    }
    if !v.unknowns.is_empty() {
        let _ = writeln!(out, "\nWhat would settle it:");
        for u in &v.unknowns {
            let _ = writeln!(
                out,
                "  {}: {} if settled so that its condition holds, {} if not",
                u.input,
                word(u.if_true),
                word(u.if_false)
            );
        }
    }
    out
}
