//! E0202 and E0208: places, areas, regions, latitude lines, events and bodies that are
//! referred to but never defined.

use casus_syntax::{Diagnostic, FileId, Spanned};

use super::{Cx, field};
use crate::model::{Condition, Place, Treaty, VoidCondition};
use crate::places;
use crate::suggest::did_you_mean;
use crate::vocab::PriorAct;

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    for t in &lib.treaties {
        let tf = format!("treaty {}", t.id.value);
        for a in &t.areas {
            let af = field(&[&tf, &format!("area {}", a.id.value)]);
            for item in &a.items {
                for r in &item.regions {
                    region(cx, r, t.file.0, &af);
                }
                for p in &item.places {
                    place(cx, t, p, true, &af);
                }
            }
        }
        if let Some(e) = &t.active_after {
            event(cx, t, e, &field(&[&tf, "active after"]));
        }
        if let Some(e) = t.duration.as_ref().and_then(|d| d.until.as_ref()) {
            event(cx, t, e, &field(&[&tf, "duration"]));
        }
        if let Some(b) = &t.attribution {
            body(cx, t, b, &field(&[&tf, "attribution"]));
        }
        for c in &t.commitments {
            let cf = field(&[&tf, &format!("commitment {}", c.id.value)]);
            for p in &c.trigger.within {
                place(cx, t, p, false, &field(&[&cf, "when"]));
            }
            if let Some(b) = &c.attribution {
                body(cx, t, b, &field(&[&cf, "attribution"]));
            }
            for cond in &c.conditions {
                match &cond.value {
                    Condition::After { event: e } => event(cx, t, e, &field(&[&cf, "if after"])),
                    Condition::Territory { as_of: Some(e), .. } if e.value.parse::<jiff::civil::Date>().is_err() => {
                        event(cx, t, e, &field(&[&cf, "if territory"]));
                    }
                    Condition::Judged { by: Some(b), .. } => body(cx, t, b, &field(&[&cf, "if judged"])),
                    _ => {}
                }
            }
            for v in &c.void_if {
                if let VoidCondition::Strikes { regions } = &v.value {
                    for r in regions {
                        region(cx, r, t.file.0, &field(&[&cf, "void if"]));
                    }
                }
            }
        }
    }
    for i in &lib.incidents {
        let f = format!("incident {}", i.id.value);
        if let Some(r) = &i.region
            && !cx.regions.contains_key(r.value.as_str())
            && !crate::geo::is_subdivision_code(&r.value)
        {
            region(cx, r, i.file.0, &field(&[&f, "region"]));
        }
        for p in i.prior.iter().filter(|p| p.act == PriorAct::Strikes) {
            for r in &p.objects {
                if !cx.regions.contains_key(r.value.as_str()) && crate::geo::alpha3_of(&r.value).is_none() {
                    region(cx, r, i.file.0, &field(&[&f, "prior"]));
                }
            }
        }
        for g in &i.given {
            let known = lib.treaties.iter().any(|t| t.events.iter().any(|e| e.id.value == g.what.value));
            if !known {
                let d = Diagnostic::error("E0208", g.what.span, format!("unknown event `{}`", g.what.value))
                    .with_help("`given` names an event declared in a treaty, such as `ceasefire`");
                cx.emit(d, i.file.0, field(&[&f, "given"]));
            }
        }
        for e in &i.expect {
            let (tid, cid) = e.commitment.value.split_once('/').unwrap_or((&e.commitment.value, ""));
            let Some(t) = lib.treaties.iter().find(|t| t.id.value == tid) else {
                let mut d = Diagnostic::error("E0209", e.commitment.span, format!("unknown treaty `{tid}`"));
                if let Some(s) = did_you_mean(tid, lib.treaties.iter().map(|t| t.id.value.as_str())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                cx.emit(d, i.file.0, field(&[&f, "expect"]));
                continue;
            };
            if !t.commitments.iter().any(|c| c.id.value == cid) {
                let mut d =
                    Diagnostic::error("E0209", e.commitment.span, format!("treaty `{tid}` has no commitment `{cid}`"));
                let ids: Vec<&str> = t.commitments.iter().map(|c| c.id.value.as_str()).collect();
                d = match did_you_mean(cid, ids.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{tid}/{s}`?")),
                    None => d.with_help(format!("its commitments are {}", ids.join(", "))),
                };
                cx.emit(d, i.file.0, field(&[&f, "expect"]));
            }
        }
    }
    for d in &lib.deployments {
        if d.location.value.contains('-') {
            region(cx, &d.location, d.file.0, &field(&[&format!("deployment {}", d.id.value), "in"]));
        }
        for t in &d.treaties {
            if !lib.treaties.iter().any(|x| x.id.value == t.value) {
                let mut e = Diagnostic::error("E0209", t.span, format!("unknown treaty `{}`", t.value));
                if let Some(s) = did_you_mean(&t.value, lib.treaties.iter().map(|x| x.id.value.as_str())) {
                    e = e.with_help(format!("did you mean `{s}`?"));
                }
                cx.emit(e, d.file.0, field(&[&format!("deployment {}", d.id.value), "for"]));
            }
        }
    }
    for r in &lib.regions {
        if let Some(p) = &r.part_of
            && p.value.contains('-')
            && !cx.regions.contains_key(p.value.as_str())
        {
            region(cx, p, r.file.0, &field(&[&format!("region {}", r.id.value), "part of"]));
        }
    }
}

fn region(cx: &mut Cx<'_>, id: &Spanned<String>, file: FileId, path: &str) {
    if cx.regions.contains_key(id.value.as_str()) {
        return;
    }
    let mut d = Diagnostic::error("E0202", id.span, format!("unknown region `{}`", id.value));
    d = match did_you_mean(&id.value, cx.regions.keys().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help("declare it in a region file: `region ID \"name\" { part-of CODE … }`"),
    };
    cx.emit(d, file, path);
}

fn place(cx: &mut Cx<'_>, t: &Treaty, p: &Place, in_area: bool, path: &str) {
    let name = p.name.value.as_str();
    let known = (in_area && name == "this-area")
        || places::builtin(name).is_some()
        || cx.regions.contains_key(name)
        || crate::states::get(name).is_some()
        || t.areas.iter().any(|a| a.id.value == name);
    if !known {
        let candidates: Vec<String> = places::names()
            .map(str::to_string)
            .chain(t.areas.iter().map(|a| a.id.value.clone()))
            .chain(cx.regions.keys().map(|k| k.to_string()))
            .collect();
        let mut d = Diagnostic::error("E0202", p.name.span, format!("unknown place `{name}`"));
        d = match did_you_mean(name, candidates.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "a place is an area of this treaty, a region id, a continent ({}) or a sea ({})",
                places::CONTINENTS.join(", "),
                places::SEAS.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", ")
            )),
        };
        cx.emit(d, t.file.0, path);
    }
    if let Some(b) = &p.bound
        && places::latitude(&b.line.value).is_none()
    {
        let names: Vec<&str> = places::LATITUDES.iter().map(|(n, _)| *n).collect();
        let mut d = Diagnostic::error("E0202", b.line.span, format!("unknown latitude line `{}`", b.line.value));
        d = match did_you_mean(&b.line.value, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("write one of {} or degrees from -90 to 90", names.join(", "))),
        };
        cx.emit(d, t.file.0, path);
    }
}

fn event(cx: &mut Cx<'_>, t: &Treaty, id: &Spanned<String>, path: &str) {
    if t.events.iter().any(|e| e.id.value == id.value) {
        return;
    }
    let mut d = Diagnostic::error("E0208", id.span, format!("unknown event `{}`", id.value));
    d = match did_you_mean(&id.value, t.events.iter().map(|e| e.id.value.as_str())) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("declare it in the treaty: `event {} \"what it is\"`", id.value)),
    };
    cx.emit(d, t.file.0, path);
}

fn body(cx: &mut Cx<'_>, t: &Treaty, id: &Spanned<String>, path: &str) {
    if id.value == "each-guarantor" || t.bodies.iter().any(|b| b.id.value == id.value) {
        return;
    }
    let mut d = Diagnostic::error("E0208", id.span, format!("unknown body `{}`", id.value));
    d = match did_you_mean(&id.value, t.bodies.iter().map(|b| b.id.value.as_str())) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "declare it in the treaty: `body {} \"its name\"`, or write `each guarantor`",
            id.value
        )),
    };
    cx.emit(d, t.file.0, path);
}
