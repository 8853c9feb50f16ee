//! E0204, E0205, E0206, E0211 and W0303: dates in the wrong order, memberships outside a
//! treaty's life, periods that overlap, a term that outlasts the calendar, and a status
//! that contradicts the dates.

use std::collections::BTreeMap;

use casus_syntax::{Diagnostic, FileId, Spanned};

use super::{Cx, field};
use crate::model::{Date, Holding, Membership, Treaty};
use crate::vocab::Status;

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    for t in &lib.treaties {
        treaty(cx, t);
    }
    for r in &lib.regions {
        let rf = format!("region {}", r.id.value);
        for (what, list) in [("sovereign", &r.sovereign), ("controller", &r.controller), ("claimed by", &r.claimants)] {
            for h in list {
                order(cx, h.from.as_ref(), h.until.as_ref(), r.file.0, &field(&[&rf, what]));
            }
        }
        for (what, list) in [("sovereign", &r.sovereign), ("controller", &r.controller)] {
            overlaps(cx, list, r.file.0, &field(&[&rf, what]), what);
        }
    }
    for d in &lib.deployments {
        order(cx, d.from.as_ref(), d.until.as_ref(), d.file.0, &format!("deployment {}", d.id.value));
    }
}

fn treaty(cx: &mut Cx<'_>, t: &Treaty) {
    let tf = format!("treaty {}", t.id.value);
    order(cx, t.signed.as_ref(), t.in_force.as_ref(), t.file.0, &field(&[&tf, "in-force"]));
    order(cx, t.in_force.as_ref().or(t.signed.as_ref()), t.terminated.as_ref(), t.file.0, &field(&[&tf, "terminated"]));
    status(cx, t, &tf);
    if let (Some(d), Some(start)) = (&t.duration, t.in_force.as_ref().or(t.signed.as_ref()))
        && crate::eval::life::add_period(start.value, d.term).is_none()
    {
        let d = Diagnostic::error(
            "E0211",
            t.id.span,
            format!(
                "the term of {} from {} ends past 9999-12-31, the last date casus can count to",
                d.term, start.value
            ),
        )
        .with_help("give a shorter term, or leave `duration` out for a treaty without an end");
        cx.emit(d, t.file.0, field(&[&tf, "duration"]));
    }

    let born = match (&t.signed, &t.in_force) {
        (Some(s), Some(f)) => Some(if s.value <= f.value { s } else { f }),
        (s, f) => s.as_ref().or(f.as_ref()),
    };
    let pf = field(&[&tf, "parties"]);
    for m in &t.parties {
        order(cx, m.from.as_ref(), m.until.as_ref(), t.file.0, &pf);
        if let (Some(from), Some(born)) = (&m.from, born)
            && from.value < born.value
        {
            let d = Diagnostic::error(
                "E0204",
                from.span,
                format!(
                    "`{}` joins on {} but the treaty does not exist until {}",
                    m.state.value, from.value, born.value
                ),
            )
            .with_label(born.span, "the treaty's first date")
            .with_help("a party can join only on or after signature; check both dates");
            cx.emit(d, t.file.0, pf.clone());
        }
        if let Some(end) = &t.terminated {
            for date in [&m.from, &m.until].into_iter().flatten() {
                if date.value > end.value {
                    let d = Diagnostic::error(
                        "E0204",
                        date.span,
                        format!(
                            "`{}`'s membership date {} is after the treaty ended on {}",
                            m.state.value, date.value, end.value
                        ),
                    )
                    .with_label(end.span, "the treaty ends here")
                    .with_help("memberships end with the treaty; remove the date or correct it");
                    cx.emit(d, t.file.0, pf.clone());
                }
            }
        }
    }
    memberships(cx, t, &pf);
    for a in &t.areas {
        for item in &a.items {
            order(
                cx,
                item.from.as_ref(),
                item.until.as_ref(),
                t.file.0,
                &field(&[&tf, &format!("area {}", a.id.value)]),
            );
        }
    }
}

/// E0205: `to` must not be before `from`.
fn order(cx: &mut Cx<'_>, from: Option<&Spanned<Date>>, to: Option<&Spanned<Date>>, file: FileId, path: &str) {
    if let (Some(a), Some(b)) = (from, to)
        && b.value < a.value
    {
        let d = Diagnostic::error("E0205", b.span, format!("{} comes before {}", b.value, a.value))
            .with_label(a.span, "the earlier date it must follow")
            .with_help("the dates are inverted; swap or correct them");
        cx.emit(d, file, path);
    }
}

/// The period of a membership, with open ends made explicit.
fn span_of(from: Option<&Spanned<Date>>, until: Option<&Spanned<Date>>, default_from: Option<Date>) -> (Date, Date) {
    (from.map(|d| d.value).or(default_from).unwrap_or(Date::MIN), until.map_or(Date::MAX, |d| d.value))
}

/// E0206: a state's membership periods overlap, or a suspension is outside them.
fn memberships(cx: &mut Cx<'_>, t: &Treaty, path: &str) {
    let start = t.in_force.as_ref().or(t.signed.as_ref()).map(|d| d.value);
    let mut by_state: BTreeMap<&str, Vec<&Membership>> = BTreeMap::new();
    for m in &t.parties {
        by_state.entry(m.state.value.as_str()).or_default().push(m);
    }
    for (state, list) in by_state {
        let periods: Vec<(&Membership, (Date, Date))> = list
            .iter()
            .filter(|m| !m.suspended)
            .map(|m| (*m, span_of(m.from.as_ref(), m.until.as_ref(), start)))
            .collect();
        for (a, b) in overlapping(&periods) {
            let d = Diagnostic::error("E0206", b.state.span, format!("`{state}`'s membership periods overlap"))
                .with_label(a.state.span, "the other period")
                .with_help("a state is a party once at a time; end the first period (`until`, the day it left) on or before the second `from`");
            cx.emit(d, t.file.0, path);
        }
        for s in list.iter().filter(|m| m.suspended) {
            let ps = span_of(s.from.as_ref(), s.until.as_ref(), start);
            if !periods.iter().any(|(_, p)| p.0 <= ps.0 && ps.1 <= p.1) {
                let d =
                    Diagnostic::error("E0206", s.state.span, format!("`{state}` is suspended outside its membership"))
                        .with_help("a suspension must lie within a period in which the state is a party");
                cx.emit(d, t.file.0, path);
            }
        }
    }
}

/// E0206: two holders of the same role over a region at once.
fn overlaps(cx: &mut Cx<'_>, list: &[Holding], file: FileId, path: &str, what: &str) {
    let periods: Vec<(&Holding, (Date, Date))> =
        list.iter().map(|h| (h, span_of(h.from.as_ref(), h.until.as_ref(), None))).collect();
    for (a, b) in overlapping(&periods) {
        let d = Diagnostic::error("E0206", b.state.span, format!("two {what} periods overlap"))
            .with_label(a.state.span, "the other period")
            .with_help(format!(
                "a region has one {what} at a time (periods may touch: `until` of one = `from` of the next); model partial control as sub-regions"
            ));
        cx.emit(d, file, path);
    }
}

/// Each period that overlaps an earlier one, paired with the earlier period reaching
/// furthest: one pair per overlapping period, not one per pair of periods, so 5,000
/// copies of one membership give 4,999 diagnostics rather than 12.5 million. A sort and a
/// sweep: O(n log n).
fn overlapping<'a, T>(periods: &[(&'a T, (Date, Date))]) -> Vec<(&'a T, &'a T)> {
    let mut order: Vec<usize> = (0..periods.len()).collect();
    // Stable: equal periods keep the order they were written in.
    order.sort_by_key(|&i| periods[i].1.0);
    let mut out = Vec::new();
    let mut furthest: Option<usize> = None;
    for i in order {
        let (b, pb) = periods[i];
        if let Some(f) = furthest {
            let (a, pa) = periods[f];
            if pb.0 < pa.1 && pa.0 < pb.1 {
                out.push((a, b));
            }
            if pb.1 > pa.1 {
                furthest = Some(i);
            }
        } else {
            furthest = Some(i);
        }
    }
    out
}

/// W0303: a status that contradicts the dates.
fn status(cx: &mut Cx<'_>, t: &Treaty, tf: &str) {
    let Some(status) = &t.status else { return };
    let problem = match status.value {
        Status::Terminated if t.terminated.is_none() => {
            Some("the status is `terminated` but no `terminated` date is given")
        }
        Status::InForce | Status::Proposed | Status::Signed if t.terminated.is_some() => {
            Some("a `terminated` date is given but the status says the treaty has not ended")
        }
        Status::Proposed | Status::Failed if t.in_force.is_some() => {
            Some("an `in-force` date is given but the status says the treaty never entered into force")
        }
        Status::InForce if t.in_force.is_none() => Some("the status is `in-force` but no `in-force` date is given"),
        _ => None,
    };
    if let Some(p) = problem {
        let d = Diagnostic::warning("W0303", status.span, p).with_help("make the status and the dates agree");
        cx.emit(d, t.file.0, field(&[tf, "status"]));
    }
}
