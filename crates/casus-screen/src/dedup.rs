//! Deduplication: machine-coded news repeats one event many times. Events with the same
//! actor, target, event code and place (coordinates to 0.5°, or none) within a window
//! count as one incident, keeping every event id as evidence.

use std::collections::BTreeMap;

use casus_core::vocab::Confidence;
use serde::Serialize;

use crate::cameo::EventKind;
use crate::read::Candidate;

/// One deduplicated incident and its evidence.
#[derive(Clone, Debug, Serialize)]
pub struct Incident {
    /// A stable key: `gdelt:` and the smallest event id.
    pub key: String,
    /// The events merged, ascending.
    pub events: Vec<u64>,
    /// The first event's date, `YYYYMMDD`.
    pub date: u32,
    /// Its time of day, `HHMMSS` (0 when unknown).
    pub time: u32,
    /// The acting state.
    pub actor: Option<&'static str>,
    /// The target state.
    pub target: &'static str,
    /// The event code.
    pub code: String,
    /// What it means.
    #[serde(skip)]
    pub kind: &'static EventKind,
    /// Where (the first event's coordinates).
    pub at: Option<(f64, f64)>,
    /// The most sources any one event had.
    pub max_sources: u32,
    /// Sources summed over the events.
    pub sources: u32,
    /// Articles summed.
    pub articles: u32,
    /// Mentions summed.
    pub mentions: u32,
    /// Up to three source URLs.
    pub urls: Vec<String>,
}

impl Incident {
    /// How firmly the evidence attributes the event, from the number of independent
    /// sources and articles (machine coding is never `confirmed`).
    pub fn confidence(&self) -> Confidence {
        match (self.sources, self.articles) {
            (s, a) if s >= 5 && a >= 10 => Confidence::Likely,
            (s, _) if s >= 2 => Confidence::Disputed,
            _ => Confidence::Unknown,
        }
    }

    /// A one-word description of the evidence: strong, moderate, weak.
    pub fn evidence(&self) -> &'static str {
        match self.confidence() {
            Confidence::Likely | Confidence::Confirmed => "strong",
            Confidence::Disputed => "moderate",
            Confidence::Unknown => "weak",
        }
    }
}

/// What makes two events the same incident: actor, target, event code, place cell.
type GroupKey = (Option<&'static str>, &'static str, String, Option<(i32, i32)>);

/// Minutes since 1970 for a date and time, for window arithmetic.
fn minutes(date: u32, time: u32) -> i64 {
    let d = jiff::civil::Date::new((date / 10_000) as i16, (date / 100 % 100) as i8, (date % 100) as i8)
        .map(|d| d.since(jiff::civil::date(1970, 1, 1)).map_or(0, |s| i64::from(s.get_days())))
        .unwrap_or(0);
    d * 1440 + i64::from(time / 10_000) * 60 + i64::from(time / 100 % 100)
}

/// Merges candidates into incidents; the result is sorted by key and does not depend on
/// the order of the input.
pub fn dedup(mut events: Vec<Candidate>, window_hours: u32) -> Vec<Incident> {
    let place = |c: &Candidate| c.at.map(|(la, lo)| ((la * 2.0).round() as i32, (lo * 2.0).round() as i32));
    events.sort_by(|a, b| {
        (a.actor, a.target, &a.code, place(a), a.date, a.time, a.id).cmp(&(
            b.actor,
            b.target,
            &b.code,
            place(b),
            b.date,
            b.time,
            b.id,
        ))
    });
    let window = i64::from(window_hours) * 60;
    let mut out: Vec<Incident> = Vec::new();
    let mut last: Option<(GroupKey, i64)> = None;
    for c in events {
        let t = minutes(c.date, c.time);
        let key: GroupKey = (c.actor, c.target, c.code.clone(), place(&c));
        let same = last.as_ref().is_some_and(|(k, lt)| *k == key && t - lt <= window);
        last = Some((key, t));
        if same && let Some(i) = out.last_mut() {
            i.events.push(c.id);
            i.max_sources = i.max_sources.max(c.sources);
            i.sources += c.sources;
            i.articles += c.articles;
            i.mentions += c.mentions;
            if let Some(u) = c.url
                && i.urls.len() < 3
                && !i.urls.contains(&u)
            {
                i.urls.push(u);
            }
            continue;
        }
        out.push(Incident {
            key: String::new(),
            events: vec![c.id],
            date: c.date,
            time: c.time,
            actor: c.actor,
            target: c.target,
            code: c.code,
            kind: c.kind,
            at: c.at,
            max_sources: c.sources,
            sources: c.sources,
            articles: c.articles,
            mentions: c.mentions,
            urls: c.url.into_iter().collect(),
        });
    }
    for i in &mut out {
        i.events.sort_unstable();
        i.key = format!("gdelt:{}", i.events[0]);
    }
    let mut by_key: BTreeMap<String, Incident> = BTreeMap::new();
    for i in out {
        by_key.insert(i.key.clone(), i);
    }
    by_key.into_values().collect()
}
