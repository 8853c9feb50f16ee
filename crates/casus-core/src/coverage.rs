//! What a commitment's area covers on a date: every place a beneficiary holds — its
//! metropolitan territory (each continent of it), its first-level subdivisions, its
//! outlying parts and dependencies, the library's regions under their controller of the
//! date — and the seas the commitment names, each covered, not covered or indeterminate,
//! with the condition and clause that decide it.
//!
//! Nothing here re-implements a rule: each place is an incident the evaluator is asked
//! about (an intentional, attributed invasion of the place by a state outside the treaty,
//! every judgement and event settled in the commitment's favour), and the place's answer
//! is what the evaluator's location steps say. A probe that fails on something other than
//! the place (a named adversary it cannot satisfy, say) is reported as unreached, not
//! guessed.

use std::sync::OnceLock;

use serde::Serialize;

use crate::eval::{Evaluator, Location, Options, Step, Truth, Verdict, locate};
use crate::model::{Actor, Commitment, Coordinates, Date, Fact, Incident, IncidentDuration, Library, Period, Treaty};
use crate::vocab::{Confidence, Domain, ObjectKind, Severity, Tri, Unit, VerdictKind};
use casus_syntax::Spanned;

/// What kind of place a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A state's metropolitan territory on one continent.
    Metropolitan,
    /// A first-level subdivision (ISO 3166-2).
    Subdivision,
    /// An overseas territory, dependency or outlying part (see `data/outlying.tsv`).
    Outlying,
    /// A region declared in the library.
    Region,
    /// A sea the commitment names, for the beneficiaries' forces, vessels and aircraft.
    Sea,
}

/// The answer for one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Covered {
    /// An attack there is within the commitment's area.
    Covered,
    /// It is not.
    NotCovered,
    /// It depends on something unknown about the place (a straddling state, a line).
    Indeterminate,
    /// The probe failed before the place was weighed (see the row's reason).
    Unreached,
    /// The treaty is not in force on the date.
    NotInForce,
}

/// One place of a commitment's coverage.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// Its id: a state code, an ISO code, a region id or a sea.
    pub place: String,
    /// Its name.
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// The beneficiary it belongs to (for a sea: the beneficiary whose vessels were probed).
    pub state: String,
    /// Who controls it on the date, when that is known and not the state itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// The answer.
    pub coverage: Covered,
    /// The condition that decides it, as the evaluator wrote it.
    pub decided_by: String,
    /// The clause or data it comes from.
    pub source: String,
    /// A point for the map, when casus has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Coordinates>,
}

/// The coverage of one commitment on a date.
#[derive(Clone, Debug, Serialize)]
pub struct CommitmentCoverage {
    /// Treaty id.
    pub treaty: String,
    /// Treaty name.
    pub treaty_name: String,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub title: String,
    /// The clause cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The date.
    pub on: Date,
    /// The states protected on the date.
    pub beneficiaries: Vec<String>,
    /// One row per place.
    pub rows: Vec<Row>,
}

/// An outlying part of a state: (state, id, name, lat, lon).
struct Outlying {
    state: &'static str,
    id: &'static str,
    name: &'static str,
    lat: f64,
    lon: f64,
}

const OUTLYING: &str = include_str!("../data/outlying.tsv");

fn outlying() -> &'static [Outlying] {
    static O: OnceLock<Vec<Outlying>> = OnceLock::new();
    O.get_or_init(|| {
        OUTLYING
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("state\t") && !l.is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some(Outlying {
                    state: f.first()?,
                    id: f.get(1)?,
                    name: f.get(2)?,
                    lat: f.get(3)?.parse().ok()?,
                    lon: f.get(4)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// The coverage of the commitments of `treaty` (or of the one named) on `on`; `Err` names
/// what is not in the library.
pub fn coverage(
    lib: &Library,
    treaty: &str,
    commitment: Option<&str>,
    on: Date,
) -> Result<Vec<CommitmentCoverage>, String> {
    let t = lib
        .treaties
        .iter()
        .find(|t| t.id.value == treaty)
        .ok_or_else(|| format!("no treaty `{treaty}` in the library"))?;
    let commitments: Vec<&Commitment> = match commitment {
        Some(c) => vec![t.commitments.iter().find(|x| x.id.value == c).ok_or_else(|| {
            let ids: Vec<&str> = t.commitments.iter().map(|c| c.id.value.as_str()).collect();
            format!("treaty `{treaty}` has no commitment `{c}` (its commitments are {})", ids.join(", "))
        })?],
        None => t.commitments.iter().collect(),
    };
    let options = Options { hypothetical: true };
    let ev = Evaluator::new(lib, options);
    let ties = crate::ties::on(lib, on, options);
    Ok(commitments
        .into_iter()
        .map(|c| {
            let key = format!("{}/{}", t.id.value, c.id.value);
            let beneficiaries: Vec<String> = ties
                .iter()
                .find(|x| x.key() == key)
                .map(|x| x.protected().iter().cloned().collect())
                .unwrap_or_default();
            let mut rows: Vec<Row> = beneficiaries.iter().flat_map(|b| rows_for(lib, &ev, t, c, b, on)).collect();
            // The seas once, for the first beneficiary's vessels.
            if let Some(first) = beneficiaries.first() {
                rows.extend(sea_rows(lib, &ev, t, c, first, &beneficiaries, on));
            }
            CommitmentCoverage {
                treaty: t.id.value.clone(),
                treaty_name: t.name.clone(),
                commitment: c.id.value.clone(),
                title: c.title.clone(),
                clause: c.clause.as_ref().map(|cl| cl.text.value.clone()),
                on,
                beneficiaries,
                rows,
            }
        })
        .collect())
}

/// The probe: an invasion of `state`'s territory (or an attack on its vessels) by a state
/// outside the treaty, intentional, attributed, sustained, with every judgement, event and
/// domain the commitment could ask for settled its way.
fn probe(lib: &Library, t: &Treaty, c: &Commitment, state: &str, on: Date, object: ObjectKind) -> Incident {
    use crate::model::{Condition, VoidCondition};
    let mut named: Vec<String> = Vec::new();
    let mut excluded: Vec<String> = Vec::new();
    let mut at_least = 1;
    let mut weapons = Vec::new();
    let fact = |what: &str, answer: Tri| Fact { what: Spanned::detached(what.to_string()), answer };
    let mut judged: Vec<Fact> = Vec::new();
    for cond in &c.conditions {
        match &cond.value {
            Condition::Attacker { states } => named.extend(states.iter().map(|s| s.value.clone())),
            Condition::AttackerNot { states } => excluded.extend(states.iter().map(|s| s.value.clone())),
            Condition::Attackers { at_least: n } => at_least = (*n).clamp(1, 8) as usize,
            Condition::Weapons { kinds } => weapons.extend(kinds.iter().take(1).cloned()),
            Condition::Judged { what, .. } => judged.push(fact(what, Tri::Yes)),
            _ => {}
        }
    }
    for v in &c.void_if {
        if let VoidCondition::Judged { what } = &v.value {
            judged.push(fact(what, Tri::No));
        }
    }
    let outside =
        |s: &str| !t.parties.iter().any(|m| m.state.value == s) && s != state && !excluded.iter().any(|x| x == s);
    let mut attackers: Vec<String> = named.iter().filter(|s| s.as_str() != state).take(1).cloned().collect();
    let pool = ["RUS", "CHN", "PRK", "IRN", "BLR", "SYR", "CUB", "VEN", "DEU", "USA", "GBR", "FRA"];
    for s in pool.iter().filter(|s| outside(s)) {
        if attackers.len() >= at_least {
            break;
        }
        if !attackers.iter().any(|a| a == s) {
            attackers.push(s.to_string());
        }
    }
    if attackers.is_empty() {
        attackers.push("RUS".into());
    }
    // The events the commitment waits for have happened (`active after ceasefire`,
    // `if after …`); the one that would end the treaty has not.
    let ends = t.duration.as_ref().and_then(|d| d.until.as_ref()).map(|e| e.value.as_str());
    let given: Vec<Fact> = lib
        .treaties
        .iter()
        .flat_map(|tr| tr.events.iter())
        .map(|e| fact(&e.id.value, if Some(e.id.value.as_str()) == ends { Tri::No } else { Tri::Yes }))
        .collect();
    Incident {
        on: Some(Spanned::detached(on)),
        duration: Some(IncidentDuration::Sustained(Period { amount: 365, unit: Unit::Days })),
        actor: Actor::States(attackers.into_iter().map(Spanned::detached).collect()),
        attribution: Some(Spanned::detached(Confidence::Confirmed)),
        target: Some(Spanned::detached(state.to_string())),
        object: Some(Spanned::detached(object)),
        domains: [Domain::Land, Domain::Sea, Domain::Air].into_iter().map(Spanned::detached).collect(),
        severity: Some(Spanned::detached(Severity::Invasion)),
        casualties: Some(10_000),
        intentional: Some(Spanned::detached(Tri::Yes)),
        forces_hit: Some(Spanned::detached(Tri::No)),
        weapons,
        judged,
        given,
        ..Incident::new("coverage-probe", format!("an invasion of {state}"))
    }
}

/// Reads a verdict on a probe as the place's answer: the location steps decide.
fn answer(v: &Verdict) -> (Covered, String, String) {
    if v.verdict == VerdictKind::NotInForce {
        let why = v.trace.iter().find(|s| s.result == Truth::False).map_or_else(String::new, |s| s.note.clone());
        return (Covered::NotInForce, why, String::new());
    }
    let place: Vec<&Step> = v.trace.iter().filter(|s| s.input.as_deref() == Some("location")).collect();
    let show = |s: &Step| (format!("{}: {}", s.condition, s.note), s.source.clone());
    if let Some(s) = place.iter().find(|s| s.result == Truth::False) {
        let (d, src) = show(s);
        return (Covered::NotCovered, d, src);
    }
    if let Some(s) = place.iter().find(|s| s.result == Truth::Unknown) {
        let (d, src) = show(s);
        return (Covered::Indeterminate, d, src);
    }
    match v.verdict {
        VerdictKind::Triggered | VerdictKind::Violated => match place.last() {
            Some(s) => {
                let (d, src) = show(s);
                (Covered::Covered, d, src)
            }
            None => (
                Covered::Covered,
                "the commitment names no area: wherever the beneficiary is attacked".into(),
                String::new(),
            ),
        },
        _ => {
            let failed = v.trace.iter().find(|s| s.result != Truth::True);
            let d = failed
                .map_or_else(|| "the probe did not trigger it".to_string(), |s| format!("{}: {}", s.condition, s.note));
            let src = failed.map_or_else(String::new, |s| s.source.clone());
            if v.verdict == VerdictKind::Indeterminate
                && place.iter().all(|s| s.result == Truth::True)
                && !place.is_empty()
            {
                // The place holds; something else about the probe stays open.
                (
                    Covered::Covered,
                    format!("{} (the place holds; open: {d})", place.last().map_or("", |s| s.condition.as_str())),
                    src,
                )
            } else {
                (Covered::Unreached, d, src)
            }
        }
    }
}

fn rows_for(lib: &Library, ev: &Evaluator<'_>, t: &Treaty, c: &Commitment, state: &str, on: Date) -> Vec<Row> {
    let mut rows = Vec::new();
    let territorial = probe(lib, t, c, state, on, probe_object(c));
    let mut row = |place: String, name: String, kind: PlaceKind, loc: &Location, inc: &Incident| {
        let v = ev.commitment(t, c, inc, loc);
        let (coverage, decided_by, source) = answer(&v);
        let controller = loc.controller.clone().filter(|x| x != state && Some(x) != loc.country.as_ref());
        rows.push(Row {
            place,
            name,
            kind,
            state: state.to_string(),
            controller,
            coverage,
            decided_by,
            source,
            at: loc.at,
        });
    };
    let state_name = crate::states::name_on(state, on);
    // The metropolitan territory, once per continent it lies on.
    let continents = crate::geo::continents(state, None, None);
    for continent in &continents {
        let loc = Location {
            country: Some(state.to_string()),
            sovereign: Some(state.to_string()),
            controller: Some(state.to_string()),
            continents: vec![continent.to_string()],
            basis: format!("the metropolitan territory of {state} in {continent}"),
            ..Location::default()
        };
        let place = if continents.len() > 1 { format!("{state} ({continent})") } else { state.to_string() };
        row(place, format!("{state_name}, metropolitan territory"), PlaceKind::Metropolitan, &loc, &territorial);
    }
    // Declared regions whose chain ends at the state, then its other subdivisions.
    let mut seen: Vec<String> = Vec::new();
    for r in &lib.regions {
        if region_state(lib, &r.id.value).as_deref() != Some(state) {
            continue;
        }
        let inc = Incident { region: Some(Spanned::detached(r.id.value.clone())), ..territorial.clone() };
        let loc = locate(lib, &inc);
        seen.push(r.id.value.clone());
        row(r.id.value.clone(), r.name.clone(), PlaceKind::Region, &loc, &inc);
    }
    for s in casus_geo::subdivisions().iter().filter(|s| s.country == state) {
        if seen.contains(&s.iso) {
            continue;
        }
        let inc = Incident { region: Some(Spanned::detached(s.iso.clone())), ..territorial.clone() };
        let loc = locate(lib, &inc);
        seen.push(s.iso.clone());
        row(s.iso.clone(), s.name.clone(), PlaceKind::Subdivision, &loc, &inc);
    }
    for o in outlying().iter().filter(|o| o.state == state && !seen.iter().any(|s| s == o.id)) {
        let at = Some(Spanned::detached(Coordinates { lat: o.lat, lon: o.lon }));
        let region = o.id.contains('-').then(|| Spanned::detached(o.id.to_string()));
        let inc = Incident { region, at, ..territorial.clone() };
        let loc = locate(lib, &inc);
        row(o.id.to_string(), o.name.to_string(), PlaceKind::Outlying, &loc, &inc);
    }
    rows
}

/// What the probe strikes: the territory, unless the trigger covers only forces, vessels
/// or aircraft (then the first of those).
fn probe_object(c: &Commitment) -> ObjectKind {
    let objects: Vec<ObjectKind> = c.trigger.objects.iter().map(|o| o.value).collect();
    let on_land = [ObjectKind::Territory, ObjectKind::Islands, ObjectKind::Infrastructure, ObjectKind::Population];
    if objects.is_empty() || objects.iter().any(|o| on_land.contains(o)) { ObjectKind::Territory } else { objects[0] }
}

/// The places the commitment's areas name that are not the beneficiaries' own: the seas,
/// for `state`'s vessels, and the states named (the host of a force), for its forces.
fn sea_rows(
    lib: &Library,
    ev: &Evaluator<'_>,
    t: &Treaty,
    c: &Commitment,
    state: &str,
    beneficiaries: &[String],
    on: Date,
) -> Vec<Row> {
    let vessels = probe(lib, t, c, state, on, ObjectKind::Vessels);
    let mut rows = Vec::new();
    let mut push = |place: String, name: String, kind: PlaceKind, inc: &Incident, loc: &Location| {
        let v = ev.commitment(t, c, inc, loc);
        let (coverage, decided_by, source) = answer(&v);
        rows.push(Row {
            place,
            name,
            kind,
            state: state.to_string(),
            controller: None,
            coverage,
            decided_by,
            source,
            at: loc.at,
        });
    };
    for name in named_places(t, c) {
        if let Some((lat, lon)) = crate::geo::sea_point(&name) {
            let inc = Incident { at: Some(Spanned::detached(Coordinates { lat, lon })), ..vessels.clone() };
            let loc = locate(lib, &inc);
            let title = crate::places::SEAS
                .iter()
                .find(|(id, _)| *id == name)
                .map_or(name.clone(), |(_, n)| format!("{n} (vessels of {state})"));
            push(name, title, PlaceKind::Sea, &inc, &loc);
        } else if let Some(info) = crate::states::get(&name)
            && !beneficiaries.contains(&name)
        {
            let forces = probe(lib, t, c, state, on, ObjectKind::Forces);
            let loc = Location {
                country: Some(name.clone()),
                sovereign: Some(name.clone()),
                controller: Some(name.clone()),
                continents: crate::geo::continents(&name, None, None).into_iter().map(str::to_string).collect(),
                basis: format!("the territory of {name}"),
                ..Location::default()
            };
            push(
                name.clone(),
                format!("{} (forces of {state} there)", info.name),
                PlaceKind::Metropolitan,
                &forces,
                &loc,
            );
        }
    }
    rows
}

/// The state a region lies in, following `part of` (bounded by the number of regions).
fn region_state(lib: &Library, id: &str) -> Option<String> {
    let mut next = id.to_string();
    for _ in 0..=lib.regions.len() {
        match lib.regions.iter().find(|r| r.id.value == next) {
            Some(r) => next = r.part_of.as_ref()?.value.clone(),
            None => return crate::geo::alpha3_of(&next).map(str::to_string).or(Some(next)),
        }
    }
    None
}

/// The seas and states named by the commitment's trigger and by the areas it reaches, in
/// order.
fn named_places(t: &Treaty, c: &Commitment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut areas: Vec<&str> = c.trigger.within.iter().map(|p| p.name.value.as_str()).collect();
    let mut i = 0;
    while i < areas.len() && i < 64 {
        let name = areas[i];
        i += 1;
        if crate::places::builtin(name) == Some(crate::places::Builtin::Sea) || crate::states::get(name).is_some() {
            if !out.iter().any(|s| s == name) {
                out.push(name.to_string());
            }
            continue;
        }
        if let Some(a) = t.areas.iter().find(|a| a.id.value == name) {
            for item in &a.items {
                if let Some(crate::model::Owners::States(list)) = &item.of {
                    for s in list {
                        if !out.contains(&s.value) {
                            out.push(s.value.clone());
                        }
                    }
                }
                for p in &item.places {
                    if !areas.contains(&p.name.value.as_str()) {
                        areas.push(&p.name.value);
                    }
                }
            }
        }
    }
    out
}

/// The coverage as a GeoJSON FeatureCollection (RFC 7946), the map layer of a coverage:
/// one feature per row, its properties the row's, its geometry the place's polygon where
/// casus has one (a subdivision, a region's shape, a sea), else its point, else none.
pub fn to_geojson(lib: &Library, all: &[CommitmentCoverage]) -> serde_json::Value {
    use serde_json::json;
    let mut features = Vec::new();
    for cc in all {
        for r in &cc.rows {
            let geometry = shape_of(lib, r).unwrap_or_else(|| match r.at {
                Some(c) => json!({ "type": "Point", "coordinates": [c.lon, c.lat] }),
                None => serde_json::Value::Null,
            });
            features.push(json!({
                "type": "Feature",
                "properties": {
                    "treaty": cc.treaty,
                    "commitment": cc.commitment,
                    "on": cc.on.to_string(),
                    "state": r.state,
                    "place": r.place,
                    "name": r.name,
                    "kind": r.kind,
                    "coverage": r.coverage,
                    "controller": r.controller,
                    "decided_by": r.decided_by,
                    "source": r.source,
                },
                "geometry": geometry,
            }));
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}

/// The polygon casus has for a row's place.
fn shape_of(lib: &Library, r: &Row) -> Option<serde_json::Value> {
    if r.kind == PlaceKind::Sea {
        let rings = crate::geo::sea_rings(&r.place)?;
        let polys: Vec<Vec<Vec<[f64; 2]>>> = rings.into_iter().map(|ring| vec![ring]).collect();
        return Some(serde_json::json!({ "type": "MultiPolygon", "coordinates": polys }));
    }
    if let Some(shape) = lib.regions.iter().find(|x| x.id.value == r.place).and_then(|x| x.shape.as_ref()) {
        return Some(shape.0.to_geojson());
    }
    casus_geo::subdivisions().iter().find(|s| s.iso == r.place).map(|s| s.geometry.to_geojson())
}
