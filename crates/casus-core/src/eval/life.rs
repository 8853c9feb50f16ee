//! A treaty's life: whether it binds on a date (status, dates, fixed term, ending and
//! activation events), shared by the evaluator and by [`crate::ties`].

use super::{Options, Truth};
use crate::model::{Date, Fact, Period, Treaty};
use crate::vocab::{Status, Tri, Unit};

/// Whether a treaty binds on a date, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InForce {
    /// True when it binds, false when it does not, unknown when it waits on an event nobody dated.
    pub truth: Truth,
    /// Why, in plain language (`North Atlantic Treaty in force since 1949-08-24`).
    pub note: String,
    /// The input an unknown answer waits for (`event: ceasefire`).
    pub input: Option<String>,
}

impl InForce {
    fn no(note: String) -> InForce {
        InForce { truth: Truth::False, note, input: None }
    }
}

/// Whether `t` binds on `date`: its status, entry into force, termination, a fixed term that
/// is not renewed, an event that ends it, and an event it waits for. `given` answers events
/// the treaty leaves undated (an incident's `given ceasefire yes`); pass `&[]` when there is
/// no incident. With `options.hypothetical`, designs (proposed, signed, failed) count as in
/// force whatever their dates.
pub fn in_force(t: &Treaty, date: Date, options: Options, given: &[Fact]) -> InForce {
    in_force_with(t, date, options, given, true)
}

/// [`in_force`], with its note in words or left empty (bulk evaluation reads only the
/// answer and the input it waits for).
pub(crate) fn in_force_with(t: &Treaty, date: Date, options: Options, given: &[Fact], words: bool) -> InForce {
    let status = t.status.as_ref().map(|s| s.value);
    let design = matches!(status, Some(Status::Proposed | Status::Signed | Status::Failed));
    let hypothetical = options.hypothetical && design;
    if design && !hypothetical {
        let s = match status {
            Some(Status::Signed) => "signed but not in force",
            Some(Status::Failed) => "failed",
            _ => "proposed",
        };
        return InForce::no(words!(
            words,
            "{} is {s}; evaluate designs with --hypothetical to see what they would do",
            t.name
        ));
    }
    let start = if hypothetical { None } else { t.in_force.as_ref().or(t.signed.as_ref()).map(|d| d.value) };
    if let Some(start) = start
        && date < start
    {
        return InForce::no(words!(words, "{} entered into force on {start}, after {date}", t.name));
    }
    if let Some(end) = &t.terminated
        && date >= end.value
    {
        return InForce::no(words!(words, "{} ended on {}", t.name, end.value));
    }
    if let (Some(d), Some(start)) = (&t.duration, start)
        && !d.renewable
        && let Some(end) = add_period(start, d.term)
        && date >= end
    {
        return InForce::no(words!(words, "{}'s term of {} ended on {end}", t.name, d.term));
    }
    if let Some(ev) = t.duration.as_ref().and_then(|d| d.until.as_ref())
        && let (Truth::True, note) = event(t, given, &ev.value, date)
    {
        return InForce::no(words!(words, "{} ends when {}: {note}", t.name, ev.value));
    }
    let mut note = if hypothetical {
        words!(words, "{} is a design; evaluated as if in force", t.name)
    } else {
        match start {
            Some(s) => words!(words, "{} in force since {s}", t.name),
            None => words!(words, "{} in force", t.name),
        }
    };
    if let Some(ev) = &t.active_after {
        let (truth, why) = event(t, given, &ev.value, date);
        note = words!(words, "{note}; it applies only after `{}`: {why}", ev.value);
        return InForce { truth, note, input: Some(format!("event: {}", ev.value)) };
    }
    InForce { truth: Truth::True, note, input: None }
}

/// Whether the event `id` of treaty `t` has happened by `date`: as `given` says, else by the
/// event's date, else unknown.
pub fn event(t: &Treaty, given: &[Fact], id: &str, date: Date) -> (Truth, String) {
    if let Some(f) = given.iter().find(|f| f.what.value == id) {
        return match f.answer {
            Tri::Yes => (Truth::True, "the incident says it has happened".into()),
            Tri::No => (Truth::False, "the incident says it has not happened".into()),
            Tri::Unknown => (Truth::Unknown, "the incident leaves it open".into()),
        };
    }
    match t.events.iter().find(|e| e.id.value == id).and_then(|e| e.on.as_ref()) {
        Some(on) if on.value <= date => (Truth::True, format!("it happened on {}", on.value)),
        Some(on) => (Truth::False, format!("it happens only on {}", on.value)),
        None => (Truth::Unknown, "it has no date and the incident does not say (`given ID yes|no`)".into()),
    }
}

/// `start` plus a period, or `None` when the sum lies past the calendar jiff supports
/// (9999-12-31): a term that long never ends within it. The checker reports such a term
/// (E0211), but the evaluator must not panic on an unchecked library either.
pub(crate) fn add_period(start: Date, p: Period) -> Option<Date> {
    let n = i64::from(p.amount);
    let span = match p.unit {
        Unit::Hours => jiff::Span::new().try_hours(n),
        Unit::Days => jiff::Span::new().try_days(n),
        Unit::Weeks => jiff::Span::new().try_weeks(n),
        Unit::Months => jiff::Span::new().try_months(n),
        Unit::Years => jiff::Span::new().try_years(n),
    }
    .ok()?;
    start.checked_add(span).ok()
}
