//! The incident space of two designs: the fields of an incident the evaluator reads, and
//! for each a finite list of values, taken from what the designs themselves name, that
//! between them reach every distinction the evaluator can make.
//!
//! Nothing here decides a verdict. A value is a concrete piece of an incident (a date, a
//! state, a region, a severity); the evaluator is asked about incidents built from them.

use std::collections::BTreeSet;

use casus_core::model::{
    Actor, AreaItem, Commitment, Condition, Coordinates, Date, Fact, Incident, IncidentDuration, Library, Member,
    Owners, Period, Place, Prior, Treaty, VoidCondition,
};
use casus_core::vocab::{Confidence, Domain, ObjectKind, PriorAct, Severity, Tri, Unit, Vocabulary, Weapon};
use casus_syntax::Spanned;
use serde::Serialize;

/// One side of a diff: a design (a treaty) in the library it was read with, and the
/// commitments of it that count (all of them unless `--commitment` chose).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The library the design is evaluated in (its regions, deployments, other treaties).
    pub library: &'a Library,
    /// The design's index in `library.treaties`.
    pub treaty: usize,
    /// The commitment ids that count; empty: all.
    pub commitments: &'a [String],
}

impl<'a> Side<'a> {
    /// The design.
    pub fn treaty(&self) -> &'a Treaty {
        &self.library.treaties[self.treaty]
    }

    /// The commitments that count, in the treaty's order.
    pub fn commitments(&self) -> impl Iterator<Item = &'a Commitment> + '_ {
        self.treaty()
            .commitments
            .iter()
            .filter(|c| self.commitments.is_empty() || self.commitments.contains(&c.id.value))
    }
}

/// A field of an incident the space varies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "field", content = "of")]
pub enum Field {
    /// `on`.
    Date,
    /// `target`.
    Target,
    /// `given EVENT …`.
    Event(String),
    /// `actor`.
    Actor,
    /// `attribution`.
    Attribution,
    /// `initiator`.
    Initiator,
    /// `prior TARGET attacks first`.
    AttacksFirst,
    /// `prior TARGET invades STATE`.
    Invades(String),
    /// `prior TARGET strikes REGION`.
    Strikes(String),
    /// `severity`.
    Severity,
    /// `intentional`.
    Intent,
    /// `duration`.
    Duration,
    /// `domain`.
    Domains,
    /// `weapons`.
    Weapons,
    /// `judged "…"`.
    Judged(String),
    /// `region` / `at`.
    Place,
    /// `object`.
    Object,
    /// `forces hit`.
    ForcesHit,
}

impl Field {
    /// How a rule names the field.
    pub fn name(&self) -> String {
        match self {
            Field::Date => "date".into(),
            Field::Target => "target".into(),
            Field::Event(e) => format!("event {e}"),
            Field::Actor => "actor".into(),
            Field::Attribution => "attribution".into(),
            Field::Initiator => "initiator".into(),
            Field::AttacksFirst => "target attacked first".into(),
            Field::Invades(s) => format!("target invaded {s}"),
            Field::Strikes(r) => format!("target struck {r}"),
            Field::Severity => "severity".into(),
            Field::Intent => "intentional".into(),
            Field::Duration => "duration".into(),
            Field::Domains => "domains".into(),
            Field::Weapons => "weapons".into(),
            Field::Judged(w) => format!("judged \"{w}\""),
            Field::Place => "place".into(),
            Field::Object => "object".into(),
            Field::ForcesHit => "forces hit".into(),
        }
    }
}

/// Where an incident happens, as the space represents it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceValue {
    /// A region id (declared, or a state's ISO 3166-1 alpha-2 code for "somewhere in it").
    pub region: Option<String>,
    /// Coordinates (points at sea).
    pub at: Option<Coordinates>,
    /// How a rule names it.
    pub label: String,
    /// How a rule names it in a long list.
    pub short: String,
}

/// One value of one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A date, or none (unknown).
    Date(Option<Date>),
    /// A state, or none.
    State(Option<String>),
    /// The incident's own target (for `initiator`).
    TheTarget,
    /// An answer, or none (not stated).
    Answer(Option<Tri>),
    /// Whether a prior act is recorded.
    Recorded(bool),
    /// An actor.
    Actor(Actor),
    /// An attribution, or none.
    Attribution(Option<Confidence>),
    /// A severity, or none.
    Severity(Option<Severity>),
    /// A duration, or none.
    Duration(Option<IncidentDuration>),
    /// A set of domains (empty: unknown).
    Domains(Vec<Domain>),
    /// A set of weapons (empty: unknown).
    Weapons(Vec<Weapon>),
    /// A place.
    Place(PlaceValue),
    /// An object, or none.
    Object(Option<ObjectKind>),
}

impl Value {
    /// How a rule names the value.
    pub fn label(&self) -> String {
        fn opt<T: std::fmt::Display>(v: &Option<T>, none: &str) -> String {
            v.as_ref().map_or_else(|| none.to_string(), |v| v.to_string())
        }
        match self {
            Value::Date(d) => opt(d, "unknown"),
            Value::State(s) => opt(s, "unknown"),
            Value::TheTarget => "the target".into(),
            Value::Answer(a) => opt(a, "not stated"),
            Value::Recorded(b) => if *b { "yes" } else { "no" }.into(),
            Value::Actor(a) => actor_label(a),
            Value::Attribution(a) => opt(a, "not stated"),
            Value::Severity(s) => opt(s, "unknown"),
            Value::Duration(d) => match d {
                None => "unknown".into(),
                Some(IncidentDuration::SingleStrike) => "single strike".into(),
                Some(IncidentDuration::Sustained(p)) => format!("sustained {p}"),
            },
            Value::Domains(d) => list_label(d.iter().map(|x| x.word())),
            Value::Weapons(w) => list_label(w.iter().map(|x| x.word())),
            Value::Place(p) => p.label.clone(),
            Value::Object(o) => opt(o, "unknown"),
        }
    }
}

fn list_label<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = words.collect();
    if v.is_empty() { "unknown".into() } else { v.join("+") }
}

fn actor_label(a: &Actor) -> String {
    match a {
        Actor::Unknown => "unknown".into(),
        Actor::NonState(_) => "non-state".into(),
        Actor::States(s) => s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join("+"),
    }
}

/// The fields the space varies and the values of each, with the states that stand for
/// "a state no design names".
#[derive(Clone, Debug, Serialize)]
pub struct Space {
    /// The fields, each with its values, in the order components group them.
    pub fields: Vec<(Field, Vec<Value>)>,
    /// Groups of fields the evaluator reads together (indices into `fields`); the first
    /// group is the context (date and target), read by every condition.
    pub components: Vec<Vec<usize>>,
    /// A state no design names, standing for every such state.
    pub other: String,
    /// A second such state, for joint attacks.
    pub other2: String,
    /// The regions the designs (their areas, places, lapse conditions and deployments) name.
    pub named_regions: BTreeSet<String>,
    /// The latitude lines the designs' places are bounded by, in degrees.
    pub lines: Vec<f64>,
    /// The states the designs name.
    pub named_states: BTreeSet<String>,
    /// The continents the designs name.
    pub continents: BTreeSet<String>,
    /// The seas the designs name.
    pub seas: BTreeSet<String>,
}

impl Space {
    /// How a rule names value `value` of field `field`: the states standing for "another
    /// state" as such, and places by id alone when `short`.
    pub fn label(&self, field: usize, value: usize, short: bool) -> String {
        let other = |s: &str| {
            if s == self.other || s == self.other2 { format!("another state ({s})") } else { s.to_string() }
        };
        match &self.fields[field].1[value] {
            Value::State(Some(s)) => other(s),
            Value::Actor(Actor::States(list)) => list.iter().map(|s| other(&s.value)).collect::<Vec<_>>().join(" + "),
            Value::Place(p) if short => p.short.clone(),
            Value::Place(p) if p.label.ends_with(&self.other) || p.label.ends_with(&self.other2) => {
                format!("somewhere in another state ({})", &p.label[p.label.len() - 3..])
            }
            Value::Place(p) => p.label.clone(),
            v => v.label(),
        }
    }
}

/// What the designs name: the material the space is made of.
#[derive(Default)]
struct Named {
    states: BTreeSet<String>,
    beneficiaries: BTreeSet<String>,
    events: BTreeSet<String>,
    dates: BTreeSet<Date>,
    regions: BTreeSet<String>,
    seas: BTreeSet<String>,
    continents: BTreeSet<String>,
    bounds: BTreeSet<String>,
    judged: BTreeSet<String>,
    invades: BTreeSet<String>,
    strikes: BTreeSet<String>,
    sustained: BTreeSet<u64>,
    attackers: BTreeSet<u32>,
    /// Whether a design asks who controls the struck place on the incident's own date.
    control_on_date: bool,
    domains: bool,
    weapons: bool,
    provocation: bool,
    attacks_first: bool,
    deployed: BTreeSet<String>,
    deployments: bool,
}

fn spanned<T>(v: T) -> Spanned<T> {
    Spanned::detached(v)
}

pub(crate) use casus_core::eval::hours;

fn named(sides: &[Side<'_>]) -> Named {
    let mut n = Named::default();
    for side in sides {
        let t = side.treaty();
        let lib = side.library;
        let all: BTreeSet<String> = t.parties.iter().map(|m| m.state.value.clone()).collect();
        n.states.extend(all.iter().cloned());
        for d in [&t.signed, &t.in_force, &t.terminated].into_iter().flatten() {
            n.dates.insert(d.value);
        }
        if let (Some(start), Some(d)) = (t.in_force.as_ref().or(t.signed.as_ref()), &t.duration)
            && let Some(end) = casus_core::eval::add_period(start.value, d.term)
        {
            n.dates.insert(end);
        }
        for m in &t.parties {
            n.dates.extend(m.from.iter().chain(m.until.iter()).map(|d| d.value));
        }
        for e in &t.events {
            n.dates.extend(e.on.iter().map(|d| d.value));
        }
        n.events.extend(t.active_after.iter().map(|e| e.value.clone()));
        n.events.extend(t.duration.iter().flat_map(|d| d.until.iter()).map(|e| e.value.clone()));
        for a in &t.areas {
            for item in &a.items {
                area_item(&mut n, item);
            }
        }
        for c in side.commitments() {
            for set in [&c.guarantors, &c.beneficiaries] {
                for m in set.include.iter().chain(set.except.iter()) {
                    if let Member::State(s) = &m.value {
                        n.states.insert(s.clone());
                    }
                }
            }
            n.beneficiaries.extend(casus_core::eval::beneficiaries(c, &all));
            for p in &c.trigger.within {
                place(&mut n, p, t);
            }
            for cond in &c.conditions {
                match &cond.value {
                    Condition::Sustained { at_least } => {
                        n.sustained.insert(hours(*at_least));
                    }
                    Condition::Judged { what, .. } => {
                        n.judged.insert(what.clone());
                    }
                    Condition::Attacker { states } | Condition::AttackerNot { states } => {
                        n.states.extend(states.iter().map(|s| s.value.clone()));
                    }
                    Condition::Attackers { at_least } => {
                        n.attackers.insert(*at_least);
                    }
                    Condition::Unprovoked => n.provocation = true,
                    Condition::Territory { as_of, status } => {
                        if as_of.is_none() && status.value == casus_core::vocab::TerritoryStatus::Controlled {
                            n.control_on_date = true;
                        }
                        if let Some(a) = as_of {
                            match a.value.parse::<Date>() {
                                Ok(d) => {
                                    n.dates.insert(d);
                                }
                                Err(_) => {
                                    n.events.insert(a.value.clone());
                                }
                            }
                        }
                    }
                    Condition::Domain { .. } => n.domains = true,
                    Condition::After { event } => {
                        n.events.insert(event.value.clone());
                    }
                    Condition::Weapons { .. } => n.weapons = true,
                    Condition::Deliberate => {}
                }
            }
            for v in &c.void_if {
                match &v.value {
                    VoidCondition::AttacksFirst => {
                        n.provocation = true;
                        n.attacks_first = true;
                    }
                    VoidCondition::Invades { states } => n.invades.extend(states.iter().map(|s| s.value.clone())),
                    VoidCondition::Strikes { regions } => n.strikes.extend(regions.iter().map(|r| r.value.clone())),
                    VoidCondition::Judged { what } => {
                        n.judged.insert(what.clone());
                    }
                }
            }
        }
        for d in &lib.deployments {
            if !(d.treaties.is_empty() || d.treaties.iter().any(|x| x.value == t.id.value)) {
                continue;
            }
            n.deployments = true;
            n.deployed.extend(d.forces.iter().map(|s| s.value.clone()));
            n.states.extend(d.forces.iter().map(|s| s.value.clone()));
            n.dates.extend(d.from.iter().chain(d.until.iter()).map(|x| x.value));
            n.regions.insert(d.location.value.clone());
        }
    }
    n.regions.extend(n.strikes.iter().cloned());
    n.states.extend(n.invades.iter().cloned());
    n
}

fn area_item(n: &mut Named, item: &AreaItem) {
    n.regions.extend(item.regions.iter().map(|r| r.value.clone()));
    if let Some(Owners::States(s)) = &item.of {
        n.states.extend(s.iter().map(|s| s.value.clone()));
    }
    n.dates.extend(item.from.iter().chain(item.until.iter()).map(|d| d.value));
    for p in &item.places {
        let name = p.name.value.as_str();
        match casus_core::places::builtin(name) {
            Some(casus_core::places::Builtin::Continent) => {
                n.continents.insert(name.into());
            }
            Some(casus_core::places::Builtin::Sea) => {
                n.seas.insert(name.into());
            }
            None if casus_core::states::get(name).is_some() => {
                n.states.insert(name.into());
            }
            None if name != "this-area" => {
                n.regions.insert(name.into());
            }
            None => {}
        }
        if let Some(b) = &p.bound {
            n.bounds.insert(b.line.value.clone());
        }
    }
}

fn place(n: &mut Named, p: &Place, t: &Treaty) {
    if t.areas.iter().any(|a| a.id.value == p.name.value) {
        return;
    }
    let item = AreaItem {
        objects: Vec::new(),
        of: None,
        regions: Vec::new(),
        places: vec![p.clone()],
        or_over: false,
        from: None,
        until: None,
    };
    area_item(n, &item);
}

/// Whether a region id is a declared region whose chain or holders touch one of `states`.
fn touches(lib: &Library, id: &str, states: &BTreeSet<String>) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = Some(id.to_string());
    while let Some(cur) = next.take() {
        if !seen.insert(cur.clone()) || seen.len() > 64 {
            return false;
        }
        let Some(r) = lib.regions.iter().find(|r| r.id.value == cur) else {
            return states.contains(&cur);
        };
        if r.sovereign.iter().chain(&r.controller).chain(&r.claimants).any(|h| states.contains(&h.state.value)) {
            return true;
        }
        next = r.part_of.as_ref().map(|p| p.value.clone());
    }
    false
}

/// The dates the holdings of a declared region (and of the regions it is part of) change
/// that the evaluator can see on an incident's date: its sovereign always (whose territory
/// it is), its controller only when a design asks who controls the place on that date.
/// Claims are never read.
fn holding_dates(lib: &Library, id: &str, control: bool, out: &mut BTreeSet<Date>) {
    let mut seen = BTreeSet::new();
    let mut next = Some(id.to_string());
    while let Some(cur) = next.take() {
        if !seen.insert(cur.clone()) || seen.len() > 64 {
            return;
        }
        let Some(r) = lib.regions.iter().find(|r| r.id.value == cur) else { return };
        let controller: &[casus_core::model::Holding] = if control { &r.controller } else { &[] };
        for h in r.sovereign.iter().chain(controller) {
            out.extend(h.from.iter().chain(h.until.iter()).map(|d| d.value));
        }
        next = r.part_of.as_ref().map(|p| p.value.clone());
    }
}

/// States no design names, in code order: the first two stand for "another state".
fn others(named: &BTreeSet<String>) -> (String, String) {
    let mut free = casus_core::states::all()
        .values()
        .filter(|s| s.status == casus_core::states::CodeStatus::Current && !s.alpha2.is_empty())
        .filter(|s| !named.contains(s.alpha3) && s.continents.len() == 1 && s.cow.is_some())
        .map(|s| s.alpha3.to_string());
    let a = free.next().unwrap_or_else(|| "ATA".into());
    let b = free.next().unwrap_or_else(|| "ATF".into());
    (a, b)
}

fn alpha2(code: &str) -> Option<&'static str> {
    casus_core::states::get(code).map(|s| s.alpha2).filter(|a| !a.is_empty())
}

/// Candidate open-ocean points, tried in order for "at sea, in none of the named seas".
const OCEAN: &[(f64, f64)] = &[(-40.0, 90.0), (-30.0, -120.0), (-50.0, -30.0), (10.0, -30.0), (30.0, 160.0)];

/// Builds the space of `sides`. `on` fixes the date (no date axis); otherwise the dates are
/// split at every date the designs (and the holdings of the regions they name) name.
pub fn space(sides: &[Side<'_>], on: Option<Date>) -> Space {
    let n = named(sides);
    let mut named_states = n.states.clone();
    named_states.extend(n.beneficiaries.iter().cloned());
    let (other, other2) = others(&named_states);

    // Places.
    let mut places: Vec<PlaceValue> = Vec::new();
    let mut seen_regions = BTreeSet::new();
    let add_region = |places: &mut Vec<PlaceValue>, seen_regions: &mut BTreeSet<String>, id: &str, label: String| {
        if seen_regions.insert(id.to_string()) {
            let short = if label.starts_with(id) { id.to_string() } else { label.clone() };
            places.push(PlaceValue { region: Some(id.to_string()), at: None, label, short });
        }
    };
    let mut dates = n.dates.clone();
    for side in sides {
        let lib = side.library;
        for r in &lib.regions {
            let id = r.id.value.as_str();
            if n.regions.contains(id) || touches(lib, id, &named_states) {
                add_region(&mut places, &mut seen_regions, id, format!("{id} ({})", r.name));
                holding_dates(lib, id, n.control_on_date, &mut dates);
            }
        }
    }
    for r in &n.regions {
        if !seen_regions.contains(r) {
            let label = match alpha2(r) {
                Some(_) => format!("somewhere in {r}"),
                None => r.clone(),
            };
            let id = alpha2(r).map_or(r.clone(), str::to_string);
            add_region(&mut places, &mut seen_regions, &id, label);
        }
    }
    for s in named_states.iter().chain([&other, &other2]) {
        if let Some(a2) = alpha2(s) {
            add_region(&mut places, &mut seen_regions, a2, format!("somewhere in {s}"));
        }
    }
    for c in &n.continents {
        // A state on that continent alone that no design names.
        if let Some(s) = casus_core::states::all().values().find(|s| {
            s.status == casus_core::states::CodeStatus::Current
                && !s.alpha2.is_empty()
                && s.continents == [c.as_str()]
                && !named_states.contains(s.alpha3)
        }) {
            add_region(&mut places, &mut seen_regions, s.alpha2, format!("somewhere in {} ({c})", s.alpha3));
        }
    }
    let lines: Vec<f64> = n.bounds.iter().filter_map(|b| casus_core::places::latitude(b)).collect();
    let mut sea_points: Vec<(f64, f64, String)> = Vec::new();
    for s in &n.seas {
        if let Some((lat, lon)) = casus_core::geo::sea_point(s) {
            sea_points.push((lat, lon, format!("at sea in {s}")));
        }
        // Both sides of each latitude line named, within the sea.
        for line in &lines {
            if let Some(rings) = casus_core::geo::sea_rings(s) {
                for north in [true, false] {
                    if let Some((lat, lon)) = sample(&rings, s, |lat| if north { lat > *line } else { lat < *line }) {
                        let side = if north { "north" } else { "south" };
                        sea_points.push((lat, lon, format!("at sea in {s}, {side} of {line}°")));
                    }
                }
            }
        }
    }
    if let Some(&(lat, lon)) = OCEAN.iter().find(|(lat, lon)| {
        casus_core::geo::ids_at(*lat, *lon).is_empty()
            && n.seas.iter().all(|s| casus_core::geo::sea_contains(s, *lat, *lon) != Some(true))
    }) {
        sea_points.push((lat, lon, "at sea, in no sea a design names".into()));
    }
    for (lat, lon, label) in sea_points {
        places.push(PlaceValue { region: None, at: Some(Coordinates { lat, lon }), short: label.clone(), label });
    }
    places.push(PlaceValue { region: None, at: None, label: "unknown".into(), short: "unknown".into() });

    // Dates: one before the first, then each date (standing for the days up to the next).
    let date_values: Vec<Value> = match on {
        Some(d) => vec![Value::Date(Some(d))],
        None => {
            let mut v: Vec<Value> = Vec::new();
            if let Some(first) = dates.first()
                && let Ok(before) = first.yesterday()
            {
                v.push(Value::Date(Some(before)));
            }
            v.extend(dates.iter().map(|d| Value::Date(Some(*d))));
            if v.is_empty() {
                v.push(Value::Date(Some(jiff::civil::date(2026, 1, 1))));
            }
            v.push(Value::Date(None));
            v
        }
    };
    let mut targets: Vec<Value> = n
        .beneficiaries
        .iter()
        .chain(&n.deployed)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|s| Value::State(Some(s.clone())))
        .collect();
    targets.push(Value::State(Some(other.clone())));
    targets.push(Value::State(None));

    let mut fields: Vec<(Field, Vec<Value>)> = vec![(Field::Date, date_values), (Field::Target, targets)];
    let mut components: Vec<Vec<usize>> = vec![vec![0, 1]];
    let mut group = |fields: &mut Vec<(Field, Vec<Value>)>, members: Vec<(Field, Vec<Value>)>| {
        let start = fields.len();
        let k = members.len();
        fields.extend(members);
        components.push((start..start + k).collect());
    };
    let answers = || {
        vec![
            Value::Answer(None),
            Value::Answer(Some(Tri::Yes)),
            Value::Answer(Some(Tri::No)),
            Value::Answer(Some(Tri::Unknown)),
        ]
    };
    if !n.events.is_empty() {
        group(&mut fields, n.events.iter().map(|e| (Field::Event(e.clone()), answers())).collect());
    }

    // Who acted.
    let mut actors = vec![Value::Actor(Actor::Unknown), Value::Actor(Actor::NonState(String::new()))];
    for s in named_states.iter().chain([&other]) {
        actors.push(Value::Actor(Actor::States(vec![spanned(s.clone())])));
    }
    for &k in n.attackers.iter().filter(|k| **k >= 2) {
        let mut list = vec![spanned(other.clone()), spanned(other2.clone())];
        for i in 2..k.min(6) {
            list.push(spanned(format!("{}{i}", &other[..1])));
        }
        actors.push(Value::Actor(Actor::States(list)));
    }
    let mut who = vec![
        (Field::Actor, actors),
        (
            Field::Attribution,
            std::iter::once(None)
                .chain(Confidence::WORDS.iter().map(|(_, c)| Some(*c)))
                .map(Value::Attribution)
                .collect(),
        ),
    ];
    if n.provocation {
        who.push((Field::Initiator, vec![Value::State(None), Value::TheTarget, Value::State(Some(other.clone()))]));
    }
    if n.attacks_first {
        who.push((Field::AttacksFirst, vec![Value::Recorded(false), Value::Recorded(true)]));
    }
    group(&mut fields, who);
    for s in &n.invades {
        group(&mut fields, vec![(Field::Invades(s.clone()), vec![Value::Recorded(false), Value::Recorded(true)])]);
    }
    for r in &n.strikes {
        group(&mut fields, vec![(Field::Strikes(r.clone()), vec![Value::Recorded(false), Value::Recorded(true)])]);
    }
    group(
        &mut fields,
        vec![(
            Field::Severity,
            std::iter::once(None).chain(Severity::WORDS.iter().map(|(_, s)| Some(*s))).map(Value::Severity).collect(),
        )],
    );
    group(
        &mut fields,
        vec![(
            Field::Intent,
            vec![
                Value::Answer(None),
                Value::Answer(Some(Tri::Yes)),
                Value::Answer(Some(Tri::No)),
                Value::Answer(Some(Tri::Unknown)),
            ],
        )],
    );
    if !n.sustained.is_empty() {
        let mut v = vec![Value::Duration(None), Value::Duration(Some(IncidentDuration::SingleStrike))];
        for (i, h) in n.sustained.iter().enumerate() {
            if i == 0 && *h > 1 {
                v.push(Value::Duration(Some(IncidentDuration::Sustained(Period {
                    amount: (*h - 1) as u32,
                    unit: Unit::Hours,
                }))));
            }
            v.push(Value::Duration(Some(IncidentDuration::Sustained(period_of(*h)))));
        }
        group(&mut fields, vec![(Field::Duration, v)]);
    }
    if n.domains {
        group(&mut fields, vec![(Field::Domains, subsets(Domain::WORDS).into_iter().map(Value::Domains).collect())]);
    }
    if n.weapons {
        group(&mut fields, vec![(Field::Weapons, subsets(Weapon::WORDS).into_iter().map(Value::Weapons).collect())]);
    }
    for w in &n.judged {
        group(&mut fields, vec![(Field::Judged(w.clone()), answers())]);
    }
    let mut wherever = vec![
        (Field::Place, places.into_iter().map(Value::Place).collect()),
        (
            Field::Object,
            std::iter::once(None).chain(ObjectKind::WORDS.iter().map(|(_, o)| Some(*o))).map(Value::Object).collect(),
        ),
    ];
    if n.deployments {
        wherever.push((
            Field::ForcesHit,
            vec![Value::Answer(None), Value::Answer(Some(Tri::Yes)), Value::Answer(Some(Tri::No))],
        ));
    }
    group(&mut fields, wherever);
    Space {
        fields,
        components,
        other,
        other2,
        named_regions: n.regions.clone(),
        lines,
        named_states,
        continents: n.continents.clone(),
        seas: n.seas.clone(),
    }
}

/// A period of `h` hours in the largest unit that divides it.
fn period_of(h: u64) -> Period {
    let amount = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    if h.is_multiple_of(24 * 7) {
        Period { amount: amount(h / (24 * 7)), unit: Unit::Weeks }
    } else if h.is_multiple_of(24) {
        Period { amount: amount(h / 24), unit: Unit::Days }
    } else {
        Period { amount: amount(h), unit: Unit::Hours }
    }
}

/// Every subset of a vocabulary, the empty set first.
fn subsets<T: Copy>(words: &[(&str, T)]) -> Vec<Vec<T>> {
    (0u32..1 << words.len())
        .map(|mask| words.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, (_, v))| *v).collect())
        .collect()
}

/// A point of the sea `sea` that is in no country's waters and on the side `keep` wants.
fn sample(rings: &[Vec<[f64; 2]>], sea: &str, keep: impl Fn(f64) -> bool) -> Option<(f64, f64)> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in rings.iter().flatten() {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    const STEPS: usize = 24;
    for i in 1..STEPS {
        for j in 1..STEPS {
            let lon = x0 + (x1 - x0) * j as f64 / STEPS as f64;
            let lat = y0 + (y1 - y0) * i as f64 / STEPS as f64;
            if keep(lat)
                && casus_core::geo::sea_contains(sea, lat, lon) == Some(true)
                && casus_core::geo::ids_at(lat, lon).is_empty()
            {
                return Some((lat, lon));
            }
        }
    }
    None
}

/// The incident whose fields take the values `choice` picks (one index per field of
/// `space`), every other field unknown.
pub fn incident(space: &Space, choice: &[usize], id: &str) -> Incident {
    let mut inc = Incident::new(id, "a class of incidents where the designs part");
    let mut target: Option<String> = None;
    for (k, (field, values)) in space.fields.iter().enumerate() {
        if *field == Field::Target
            && let Value::State(s) = &values[choice[k]]
        {
            target.clone_from(s);
        }
    }
    let target_or = |fallback: &str| target.clone().unwrap_or_else(|| fallback.to_string());
    for (k, (field, values)) in space.fields.iter().enumerate() {
        let v = &values[choice[k]];
        match (field, v) {
            (Field::Date, Value::Date(d)) => inc.on = d.map(spanned),
            (Field::Target, Value::State(s)) => inc.target = s.clone().map(spanned),
            (Field::Event(e), Value::Answer(Some(a))) => {
                inc.given.push(Fact { what: spanned(e.clone()), answer: *a });
            }
            (Field::Actor, Value::Actor(a)) => inc.actor = a.clone(),
            (Field::Attribution, Value::Attribution(a)) => inc.attribution = a.map(spanned),
            (Field::Initiator, Value::State(s)) => inc.initiator = s.clone().map(spanned),
            (Field::Initiator, Value::TheTarget) => inc.initiator = target.clone().map(spanned),
            (Field::AttacksFirst, Value::Recorded(true)) => inc.prior.push(Prior {
                state: spanned(target_or(&space.other)),
                act: PriorAct::AttacksFirst,
                objects: Vec::new(),
            }),
            (Field::Invades(s), Value::Recorded(true)) => inc.prior.push(Prior {
                state: spanned(target_or(&space.other)),
                act: PriorAct::Invades,
                objects: vec![spanned(s.clone())],
            }),
            (Field::Strikes(r), Value::Recorded(true)) => inc.prior.push(Prior {
                state: spanned(target_or(&space.other)),
                act: PriorAct::Strikes,
                objects: vec![spanned(r.clone())],
            }),
            (Field::Severity, Value::Severity(s)) => inc.severity = s.map(spanned),
            (Field::Intent, Value::Answer(a)) => inc.intentional = a.map(spanned),
            (Field::Duration, Value::Duration(d)) => inc.duration = d.clone(),
            (Field::Domains, Value::Domains(d)) => inc.domains = d.iter().copied().map(spanned).collect(),
            (Field::Weapons, Value::Weapons(w)) => inc.weapons = w.iter().copied().map(spanned).collect(),
            (Field::Judged(w), Value::Answer(Some(a))) => {
                inc.judged.push(Fact { what: spanned(w.clone()), answer: *a });
            }
            (Field::Place, Value::Place(p)) => {
                inc.region = p.region.clone().map(spanned);
                inc.at = p.at.map(spanned);
            }
            (Field::Object, Value::Object(o)) => inc.object = o.map(spanned),
            (Field::ForcesHit, Value::Answer(a)) => inc.forces_hit = a.map(spanned),
            _ => {}
        }
    }
    inc
}
