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

/// Incidents, and how many events were left out as repeats of an event id already read.
#[derive(Clone, Debug)]
pub struct Deduped {
    /// The incidents, by key.
    pub incidents: Vec<Incident>,
    /// Events whose GLOBALEVENTID another event of the input has too. GDELT numbers each
    /// event once, so a repeat is the same event read twice (overlapping or concatenated
    /// files, a damaged line); one of each id is kept (the same one whatever the order of
    /// the input), and the others are counted here so that nothing goes in silence.
    pub repeated_ids: u64,
}

/// Merges candidates into incidents; the result is sorted by key and does not depend on
/// the order of the input. Every event kept is in exactly one incident, and each incident
/// key (its smallest event id) is unique. `O(n log n)` in the events.
pub fn dedup(mut events: Vec<Candidate>, window_hours: u32) -> Deduped {
    let place = |c: &Candidate| c.at.map(|(la, lo)| ((la * 2.0).round() as i32, (lo * 2.0).round() as i32));
    // One event per id: without this, two incidents could share a key and one of them be
    // lost when incidents are keyed.
    events.sort_by(|a, b| {
        (a.id, a.actor, a.target, &a.code, place(a), a.date, a.time).cmp(&(
            b.id,
            b.actor,
            b.target,
            &b.code,
            place(b),
            b.date,
            b.time,
        ))
    });
    let before = events.len();
    events.dedup_by_key(|c| c.id);
    let repeated_ids = (before - events.len()) as u64;
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
    // Keys are unique (ids are), so keying loses nothing.
    let mut by_key: BTreeMap<String, Incident> = BTreeMap::new();
    for i in out {
        by_key.insert(i.key.clone(), i);
    }
    Deduped { incidents: by_key.into_values().collect(), repeated_ids }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: u64, actor: &'static str, date: u32) -> Candidate {
        Candidate {
            id,
            date,
            time: 0,
            actor: Some(actor),
            target: "POL",
            kind: crate::cameo::event_kind(b"190").expect("190 is a conflict code"),
            code: "190".to_string(),
            sources: 2,
            mentions: 2,
            articles: 2,
            at: Some((51.4, 23.4)),
            url: None,
        }
    }

    #[test]
    fn repeats_merge_within_the_window_and_keep_every_id() {
        let d = dedup(vec![event(2, "RUS", 20250910), event(1, "RUS", 20250910), event(3, "BLR", 20250910)], 24);
        assert_eq!(d.repeated_ids, 0);
        let keys: Vec<(&str, &[u64])> = d.incidents.iter().map(|i| (i.key.as_str(), &i.events[..])).collect();
        assert_eq!(keys, [("gdelt:1", &[1, 2][..]), ("gdelt:3", &[3][..])]);
    }

    #[test]
    fn one_id_on_two_different_events_is_counted_not_lost() {
        // Found by the read_gdelt fuzz target: two incidents keyed by one id, one of them
        // silently replaced by the other.
        let a = vec![event(7, "RUS", 20250910), event(7, "BLR", 20250911), event(8, "BLR", 20250911)];
        let mut b = a.clone();
        b.reverse();
        let (da, db) = (dedup(a, 24), dedup(b, 24));
        assert_eq!(da.repeated_ids, 1);
        let events: usize = da.incidents.iter().map(|i| i.events.len()).sum();
        assert_eq!(events as u64 + da.repeated_ids, 3, "every event is kept or counted");
        // The same event kept whatever the order of the input.
        let actors = |d: &Deduped| d.incidents.iter().map(|i| (i.key.clone(), i.actor)).collect::<Vec<_>>();
        assert_eq!(actors(&da), actors(&db));
    }
}
