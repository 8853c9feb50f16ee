//! From deduplicated incidents to alerts: each incident is evaluated against the library,
//! and it becomes an alert when some commitment is triggered or indeterminate.

use casus_core::Library;
use casus_core::eval::{Evaluator, Options, Verdict};
use casus_core::model::{Actor, Coordinates, Incident as CasusIncident, IncidentDuration};
use casus_core::vocab::{Tri, VerdictKind};
use casus_syntax::Spanned;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::dedup::Incident;

/// An explained alert: what happened, how strong the evidence is, and which commitments
/// it may trigger, with their reasoning.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Alert {
    /// Stable key (`gdelt:` and the smallest event id).
    pub key: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The acting state, if known.
    pub actor: Option<String>,
    /// The target state.
    pub target: String,
    /// The CAMEO event code.
    pub code: String,
    /// CAMEO's description of it.
    pub label: String,
    /// Latitude of the action.
    pub lat: Option<f64>,
    /// Longitude of the action.
    pub lon: Option<f64>,
    /// The country the action took place in.
    pub country: Option<String>,
    /// `strong`, `moderate` or `weak`.
    pub evidence: String,
    /// The attribution confidence derived from the evidence.
    pub confidence: String,
    /// GDELT event ids merged into the alert.
    pub events: Vec<u64>,
    /// Sources summed over the events.
    pub sources: u32,
    /// Articles summed over the events.
    pub articles: u32,
    /// Up to three source URLs.
    pub urls: Vec<String>,
    /// `treaty/commitment: verdict` for every triggered or indeterminate commitment.
    pub commitments: Vec<String>,
    /// One line for people.
    pub summary: String,
    /// The verdicts (triggered and indeterminate only), with traces.
    pub verdicts: serde_json::Value,
}

fn to_incident(i: &Incident) -> CasusIncident {
    let date = jiff::civil::Date::new((i.date / 10_000) as i16, (i.date / 100 % 100) as i8, (i.date % 100) as i8).ok();
    CasusIncident {
        on: date.map(Spanned::detached),
        duration: Some(IncidentDuration::SingleStrike),
        actor: i.actor.map_or(Actor::Unknown, |a| Actor::States(vec![Spanned::detached(a.to_string())])),
        attribution: Some(Spanned::detached(i.confidence())),
        target: Some(Spanned::detached(i.target.to_string())),
        object: Some(Spanned::detached(i.kind.object)),
        at: i.at.map(|(lat, lon)| Spanned::detached(Coordinates { lat, lon })),
        domains: vec![Spanned::detached(i.kind.domain)],
        severity: Some(Spanned::detached(i.kind.severity)),
        // CAMEO codes deliberate acts; accidents are not coded as 18–20.
        intentional: Some(Spanned::detached(Tri::Yes)),
        weapons: i.kind.weapon.map(Spanned::detached).into_iter().collect(),
        sources: i.urls.iter().map(|u| Spanned::detached(u.clone())).collect(),
        ..CasusIncident::new(i.key.clone(), format!("{} ({})", i.kind.label, i.code))
    }
}

/// Evaluates every incident (in parallel; the result keeps the input's order) and keeps
/// those that trigger, or may trigger, a commitment in force.
pub fn alerts(lib: &Library, incidents: &[Incident]) -> Vec<Alert> {
    let ev = Evaluator::new(lib, Options::default());
    incidents
        .par_iter()
        .filter_map(|i| {
            let e = ev.evaluate(&to_incident(i));
            let hits: Vec<&Verdict> = e
                .verdicts
                .iter()
                .filter(|v| matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate))
                .collect();
            if hits.is_empty() {
                return None;
            }
            let commitments: Vec<String> = hits.iter().map(|v| format!("{}: {}", v.key(), v.verdict)).collect();
            let actor = i.actor.unwrap_or("unknown actor");
            let summary = format!(
                "{} {} → {} ({} event{}, {} evidence): {}",
                e.incident.incident.on.as_ref().map_or(String::new(), |d| d.value.to_string()),
                actor,
                i.target,
                i.events.len(),
                if i.events.len() == 1 { "" } else { "s" },
                i.evidence(),
                commitments.join(", ")
            );
            Some(Alert {
                key: i.key.clone(),
                date: e.incident.incident.on.as_ref().map_or(String::new(), |d| d.value.to_string()),
                actor: i.actor.map(str::to_string),
                target: i.target.to_string(),
                code: i.code.clone(),
                label: i.kind.label.to_string(),
                lat: i.at.map(|a| a.0),
                lon: i.at.map(|a| a.1),
                country: e.incident.location.country.clone(),
                evidence: i.evidence().to_string(),
                confidence: i.confidence().to_string(),
                events: i.events.clone(),
                sources: i.sources,
                articles: i.articles,
                urls: i.urls.clone(),
                commitments,
                summary,
                verdicts: serde_json::to_value(&hits).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}
