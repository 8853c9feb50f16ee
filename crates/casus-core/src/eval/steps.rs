//! The conditions of one commitment, checked one by one against one incident.
//!
//! The same code serves two readers. With words (`Context::words`), every step carries the
//! condition, a note and the clause it comes from, as `casus eval` and `casus explain`
//! print them. Without (bulk evaluation), no note is ever formatted: a step keeps only its
//! value, the verdict it fails as and, when unknown, the input it waits for, and the
//! evaluation of a commitment stops at its first failing step, which decides the verdict.
//! The rules are written once; only the words are skipped.

use std::borrow::Cow;

use super::{Location, Options, Step, TreatyDay, Truth, life, party_codes_on, resolve_codes, set_contains};
use crate::geo;
use crate::model::{
    Actor, Area, AreaItem, Commitment, Condition, Date, Incident, IncidentDuration, Library, Owners, Place, Treaty,
    VoidCondition,
};
use crate::places;
use crate::vocab::{Act, Confidence, Kind, ObjectKind, PriorAct, Severity, TerritoryStatus, Tri, VerdictKind};

/// The steps of one commitment's evaluation, with their words or without.
#[derive(Clone, Debug)]
pub(crate) struct Trace {
    words: bool,
    /// Every step (with words), or only the unknown ones (without).
    pub steps: Vec<Step>,
    /// The verdict the first failing step fails as.
    failed: Option<VerdictKind>,
}

impl Trace {
    /// An empty trace that keeps words or not.
    pub fn new(words: bool) -> Trace {
        Trace { words, steps: Vec::new(), failed: None }
    }

    /// Whether the steps carry their words.
    pub fn words(&self) -> bool {
        self.words
    }

    /// Records a step after the others.
    pub fn push(&mut self, s: Step) {
        if s.result == Truth::False && self.failed.is_none() {
            self.failed = Some(s.fails_as);
        }
        if self.words || s.result == Truth::Unknown {
            self.steps.push(s);
        }
    }

    /// Records a step before the others.
    pub fn insert_first(&mut self, s: Step) {
        if s.result == Truth::False {
            self.failed = Some(s.fails_as);
        }
        if self.words || s.result == Truth::Unknown {
            self.steps.insert(0, s);
        }
    }

    /// The verdict the first failing step gives, if one failed.
    pub fn failed(&self) -> Option<VerdictKind> {
        self.failed
    }

    /// Whether the verdict is settled and nobody reads the rest: a step failed and the
    /// trace keeps no words.
    fn decided(&self) -> bool {
        !self.words && self.failed.is_some()
    }
}

/// Everything one commitment's evaluation looks at: the library's parts for `'a`, the
/// incident and what was computed for it for `'x`.
pub(super) struct Context<'a, 'x> {
    pub lib: &'a Library,
    pub treaty: &'a Treaty,
    pub commitment: &'a Commitment,
    pub incident: &'x Incident,
    pub location: &'x Location,
    pub options: Options,
    /// The treaty's parties and whether it binds on the incident's date, computed once per
    /// treaty.
    pub day: &'x TreatyDay<'a>,
    /// Whether steps carry their words (`day.words`).
    pub words: bool,
}

/// How deep areas may name areas before the evaluator stops following them.
const MAX_AREA_DEPTH: usize = 16;

/// Objects that stand on territory, so that an area's territory covers them.
const ON_TERRITORY: &[ObjectKind] =
    &[ObjectKind::Territory, ObjectKind::Islands, ObjectKind::Infrastructure, ObjectKind::Population];

impl<'a> Context<'a, '_> {
    /// The treaty's parties on `date` (the incident's date), computed once.
    fn parties_on(&self, date: Date) -> &[&'a str] {
        self.day.parties.get_or_init(|| party_codes_on(self.treaty, date))
    }

    /// Whether `s` is a party on `date`.
    fn is_party(&self, date: Date, s: &str) -> bool {
        self.parties_on(date).binary_search(&s).is_ok()
    }

    fn clause(&self) -> String {
        let c = self.commitment;
        let clause = c.clause.as_ref().map_or_else(|| c.title.clone(), |cl| cl.text.value.clone());
        format!("{} {}", self.treaty.id.value, clause)
    }

    fn step(&self, condition: &str, result: Truth, note: String, input: Option<&str>) -> Step {
        if !self.words {
            // Only an unknown step's input is read (by the verdict's unknowns).
            let input = (result == Truth::Unknown).then(|| input.unwrap_or(condition).to_string());
            return Step {
                condition: String::new(),
                result,
                note,
                source: String::new(),
                input,
                fails_as: VerdictKind::NotTriggered,
            };
        }
        Step {
            condition: condition.to_string(),
            result,
            note,
            source: self.clause(),
            input: input.map(str::to_string),
            fails_as: VerdictKind::NotTriggered,
        }
    }

    fn data_step(&self, condition: &str, result: Truth, note: String, source: &str, input: Option<&str>) -> Step {
        let s = self.step(condition, result, note, input);
        if self.words { Step { source: source.to_string(), ..s } } else { s }
    }

    fn actors(&self) -> impl Iterator<Item = &str> + Clone {
        let list: &[casus_syntax::Spanned<String>] = match &self.incident.actor {
            Actor::States(s) => s,
            _ => &[],
        };
        list.iter().map(|s| s.value.as_str())
    }

    fn actor_name(&self) -> String {
        match &self.incident.actor {
            Actor::States(s) => s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(" and "),
            Actor::NonState(n) if !n.is_empty() => format!("the non-state group {n}"),
            Actor::NonState(_) => "a non-state actor".to_string(),
            Actor::Unknown => "an unknown actor".to_string(),
        }
    }

    /// The trace, the verdict if every step holds, and the states owing (or violating).
    pub fn run(&self) -> (Trace, VerdictKind, Vec<Cow<'a, str>>) {
        let t = self.treaty;
        let c = self.commitment;
        let inc = self.incident;
        let mut trace = Trace::new(self.words);
        let tsrc = words!(self.words, "{} dates and parties", t.id.value);

        // 1. The date and the treaty's life.
        let Some(date) = inc.on.as_ref().map(|d| d.value) else {
            let mut s = self.data_step(
                "date known",
                Truth::Unknown,
                words!(
                    self.words,
                    "the incident has no date, so nobody can say which treaties and parties were in force"
                ),
                &tsrc,
                Some("date"),
            );
            s.fails_as = VerdictKind::NotInForce;
            trace.push(s);
            // Nothing else was checked: settling the date leaves the rest open.
            return (trace, VerdictKind::Indeterminate, Vec::new());
        };
        let in_force = self.in_force(date);
        let mut s = self.data_step(
            "treaty in force",
            in_force.truth,
            if self.words { in_force.note.clone() } else { String::new() },
            &tsrc,
            in_force.input.as_deref(),
        );
        s.fails_as = VerdictKind::NotInForce;
        trace.push(s);
        if in_force.truth == Truth::False {
            return (trace, VerdictKind::Triggered, Vec::new());
        }

        // 2. The beneficiary: the state acted against, if the commitment protects it on the date.
        let Some(target) = inc.target.as_ref().map(|s| s.value.as_str()) else {
            trace.push(self.step(
                "target known",
                Truth::Unknown,
                words!(self.words, "the incident names no target state"),
                Some("target"),
            ));
            return (trace, VerdictKind::Triggered, Vec::new());
        };
        let protected = set_contains(&c.beneficiaries, |s| self.is_party(date, s), None, target);
        let contested = || {
            t.parties
                .iter()
                .filter(|m| m.state.value == target && !m.suspended)
                .filter(|m| {
                    m.from.as_ref().is_none_or(|f| f.value <= date) && m.until.as_ref().is_none_or(|u| date < u.value)
                })
                .find_map(|m| m.contested.as_ref())
        };
        if protected && let Some(why) = contested() {
            let mut s = self.data_step(
                "target is a beneficiary",
                Truth::Unknown,
                words!(self.words, "{target} is a party on {date} by a membership that is contested: {}", why.value),
                &tsrc,
                Some(&format!("membership: {target} (contested)")),
            );
            s.fails_as = VerdictKind::NotInForce;
            trace.push(s);
        } else if protected {
            trace.push(self.data_step(
                "target is a beneficiary",
                Truth::True,
                words!(self.words, "{target} is a party on {date} and among the beneficiaries"),
                &tsrc,
                None,
            ));
        } else {
            let ever = t.parties.iter().any(|m| m.state.value == target);
            let party = self.is_party(date, target);
            let mut s = self.data_step(
                "target is a beneficiary",
                Truth::False,
                if party {
                    words!(self.words, "{target} is a party on {date} but not among this commitment's beneficiaries")
                } else if ever {
                    words!(self.words, "{target} is not a party on {date} (see its membership dates)")
                } else {
                    words!(self.words, "{target} is not a party to {}, so it is not protected by it", t.name)
                },
                &tsrc,
                None,
            );
            // Not in force only if the target would be protected were it a party that day.
            let ever_party = |s: &str| t.parties.iter().any(|m| m.state.value == s);
            if ever && !party && set_contains(&c.beneficiaries, ever_party, None, target) {
                s.fails_as = VerdictKind::NotInForce;
            }
            trace.push(s);
            return (trace, VerdictKind::Triggered, Vec::new());
        }
        let guarantors = resolve_codes(&c.guarantors, self.parties_on(date), Some(target));

        // 3. Whose conduct: a commitment not to act is violated by a bound party acting. An
        // assurance is a positive promise (seek Security Council action): it stays owed by
        // the other guarantors when one of them is the attacker.
        let restrains = matches!(c.kind.value, Kind::NonAggression | Kind::Neutrality);
        let is_bound = |g: &str| self.actors().any(|a| a == g);
        // The attacker owes nothing to its own victim: it leaves the guarantors (for a
        // restraining commitment it is listed instead as the violator, below).
        let (bound, guarantors): (Vec<Cow<'a, str>>, Vec<Cow<'a, str>>) = if self.actors().next().is_some() {
            guarantors.into_iter().partition(|g| is_bound(g))
        } else {
            (Vec::new(), guarantors)
        };
        let (positive, owing) = if restrains && !bound.is_empty() {
            let bound = self.in_actor_order(bound);
            trace.push(self.step(
                "actor bound by the commitment",
                Truth::True,
                words!(
                    self.words,
                    "{} is bound by this commitment not to act against {target}",
                    bound.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(" and ")
                ),
                None,
            ));
            (VerdictKind::Violated, bound)
        } else if c.kind.value == Kind::NonAggression {
            let (r, note) = match &inc.actor {
                Actor::Unknown => (
                    Truth::Unknown,
                    words!(self.words, "the actor is unknown; a non-aggression pledge binds only its parties"),
                ),
                _ => (
                    Truth::False,
                    words!(
                        self.words,
                        "{} is not bound by this pledge, which concerns only its parties' own conduct",
                        self.actor_name()
                    ),
                ),
            };
            trace.push(self.step("actor bound by the commitment", r, note, Some("attribution")));
            (VerdictKind::Violated, Vec::new())
        } else {
            if guarantors.is_empty() {
                trace.push(self.data_step(
                    "someone owes",
                    Truth::False,
                    words!(self.words, "no party owes anything to {target} on {date}"),
                    &tsrc,
                    None,
                ));
            }
            (VerdictKind::Triggered, guarantors)
        };
        if trace.decided() {
            return (trace, positive, owing);
        }

        // 4. The act.
        self.act(&mut trace);
        if trace.decided() {
            return (trace, positive, owing);
        }
        // 5. The object and the place.
        self.object(&mut trace, target, date);
        // 6. Further conditions.
        for cond in &c.conditions {
            if trace.decided() {
                return (trace, positive, owing);
            }
            trace.push(self.condition(&cond.value, target, date));
        }
        // 7. Lapse conditions.
        for v in &c.void_if {
            if trace.decided() {
                return (trace, positive, owing);
            }
            trace.push(self.void(&v.value, target));
        }
        (trace, positive, owing)
    }

    /// The bound states in the order the incident lists its actors.
    fn in_actor_order(&self, bound: Vec<Cow<'a, str>>) -> Vec<Cow<'a, str>> {
        self.actors().filter_map(|a| bound.iter().find(|b| b.as_ref() == a).cloned()).collect()
    }

    /// Whether the treaty binds on `date`: status, dates, term, activation event, computed
    /// once per treaty and incident.
    fn in_force(&self, date: Date) -> &life::InForce {
        self.day
            .in_force
            .get_or_init(|| life::in_force_with(self.treaty, date, self.options, &self.incident.given, self.words))
    }

    /// Whether a named event has happened by `date`.
    fn event(&self, id: &str, date: Date) -> (Truth, String) {
        life::event(self.treaty, &self.incident.given, id, date)
    }

    /// The act: severity, intent and attribution.
    fn act(&self, trace: &mut Trace) {
        let trig = &self.commitment.trigger;
        let inc = self.incident;
        let act = trig.act.value;
        let min = trig.min_severity();
        let (r, note) = match inc.severity.as_ref().map(|s| s.value) {
            None => (Truth::Unknown, words!(self.words, "the severity is unknown; the clause needs at least `{min}`")),
            Some(s) if s >= min => (Truth::True, words!(self.words, "`{s}` reaches the clause's threshold `{min}`")),
            Some(Severity::LimitedStrike) if act == Act::ArmedAttack && min == Severity::ArmedAttack => (
                Truth::Unknown,
                words!(
                    self.words,
                    "a limited strike is at the threshold of an armed attack: whether it is one is a political judgement"
                ),
            ),
            Some(s) => (Truth::False, words!(self.words, "`{s}` is below the clause's threshold `{min}`")),
        };
        trace.push(self.step(&words!(self.words, "{act} (severity at least {min})"), r, note, Some("severity")));

        let (r, note) = match inc.intentional.as_ref().map(|t| t.value) {
            Some(Tri::Yes) => (Truth::True, words!(self.words, "the act was intentional")),
            Some(Tri::No) => (Truth::False, words!(self.words, "an accidental or stray act is not {}", article(act))),
            _ => (
                Truth::Unknown,
                words!(
                    self.words,
                    "whether the act was intentional is unknown; an accident would not be {}",
                    article(act)
                ),
            ),
        };
        trace.push(self.step("intentional", r, note, Some("intent")));

        let body = self.commitment.attribution.as_ref().or(self.treaty.attribution.as_ref());
        let by = match body.map(|b| b.value.as_str()) {
            _ if !self.words => "",
            None | Some("each-guarantor") => "each guarantor",
            Some(id) => self.treaty.bodies.iter().find(|b| b.id.value == id).map_or(id, |b| b.name.as_str()),
        };
        let conf = inc.attribution.as_ref().map(|a| a.value);
        let (r, note) = match (&inc.actor, conf) {
            (Actor::Unknown, _) => (
                Truth::Unknown,
                words!(
                    self.words,
                    "the attacker is unknown; the clause applies once the attack is attributed (attribution by {by})"
                ),
            ),
            (_, Some(Confidence::Unknown)) => (
                Truth::Unknown,
                words!(
                    self.words,
                    "the act is reported as by {} but nobody has attributed it yet (attribution by {by})",
                    self.actor_name()
                ),
            ),
            (_, Some(Confidence::Disputed)) => (
                Truth::Unknown,
                words!(self.words, "attribution to {} is disputed (attribution by {by})", self.actor_name()),
            ),
            (_, c) => (
                Truth::True,
                words!(
                    self.words,
                    "attributed to {}{} (attribution by {by})",
                    self.actor_name(),
                    c.map_or(String::new(), |c| words!(self.words, ", {c}"))
                ),
            ),
        };
        trace.push(self.step("attributed", r, note, Some("attribution")));
    }

    /// What was struck, whose it is, and whether it is within the clause's area.
    fn object(&self, trace: &mut Trace, target: &str, date: Date) {
        let trig = &self.commitment.trigger;
        let object = self.incident.object.as_ref().map(|o| o.value);
        if !trig.objects.is_empty() {
            let names = if self.words {
                trig.objects.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(", ")
            } else {
                String::new()
            };
            let (r, note) = match object {
                None => (Truth::Unknown, words!(self.words, "what was struck is unknown; the clause covers {names}")),
                Some(o) if trig.objects.iter().any(|x| x.value == o) => {
                    (Truth::True, words!(self.words, "`{o}` is among {names}"))
                }
                Some(o) => (Truth::False, words!(self.words, "`{o}` is not among {names}")),
            };
            trace.push(self.step("object covered", r, note, Some("object")));
        }
        let loc = self.location;
        if object.is_some_and(|o| ON_TERRITORY.contains(&o))
            && let Some(sov) = &loc.sovereign
        {
            let owners = || std::iter::once(sov.as_str()).chain(loc.part_of.iter().map(String::as_str));
            let r = Truth::from(owners().any(|o| o == target));
            let place = loc.region.as_deref().or(loc.country.as_deref()).unwrap_or("the place");
            trace.push(self.data_step(
                "territory of the beneficiary",
                r,
                words!(
                    self.words,
                    "{place} is de jure territory of {} on {date}",
                    owners().collect::<Vec<_>>().join(" / ")
                ),
                "regions (de jure sovereign)",
                Some("location"),
            ));
        }
        if trig.within.is_empty() {
            return;
        }
        let mut result = Truth::False;
        let mut notes = Vec::new();
        for p in &trig.within {
            let (r, note) = self.place_with_objects(p, target, date);
            result = result.or(r);
            if self.words {
                notes.push(note);
            }
        }
        let names = if self.words {
            trig.within.iter().map(|p| p.name.value.as_str()).collect::<Vec<_>>().join(", ")
        } else {
            String::new()
        };
        trace.push(self.step(&words!(self.words, "within {names}"), result, notes.join("; "), Some("location")));
    }

    /// Whether the struck object is within a place named by a trigger.
    fn place_with_objects(&self, p: &Place, target: &str, date: Date) -> (Truth, String) {
        if let Some(area) = self.treaty.areas.iter().find(|a| a.id.value == p.name.value) {
            return self.area_holds(area, target, date);
        }
        let (r, note) = self.place_holds(p, date, None, 0);
        (r, note)
    }

    /// Whether an area covers the incident's object at its location.
    fn area_holds(&self, area: &Area, target: &str, date: Date) -> (Truth, String) {
        let object = self.incident.object.as_ref().map(|o| o.value);
        let mut result = Truth::False;
        let mut why = Vec::new();
        for item in &area.items {
            if item.from.as_ref().is_some_and(|f| date < f.value)
                || item.until.as_ref().is_some_and(|u| date >= u.value)
            {
                continue;
            }
            let r = self.item_holds(item, area, object, target, date);
            if r != Truth::False && self.words {
                why.push(format!("{} ({})", describe_item(item), truth_word(r)));
            }
            result = result.or(r);
            if result == Truth::True {
                break;
            }
        }
        let place = if self.words { self.place_name() } else { String::new() };
        let note = match result {
            Truth::True => {
                words!(self.words, "{place}: inside `{}` by {}", area.id.value, why.last().map_or("", String::as_str))
            }
            Truth::False => words!(self.words, "{place}: outside every part of `{}` ({})", area.id.value, area.name),
            Truth::Unknown => words!(self.words, "{place}: possibly inside `{}`: {}", area.id.value, why.join("; ")),
        };
        (result, note)
    }

    fn place_name(&self) -> String {
        let loc = self.location;
        let mut parts = Vec::new();
        if let Some(r) = &loc.region {
            parts.push(r.clone());
        }
        if let Some(c) = &loc.country {
            parts.push(c.clone());
        }
        if let Some(at) = loc.at {
            parts.push(format!("{:.2}, {:.2}", at.lat, at.lon));
        }
        if parts.is_empty() { "the place (unknown)".to_string() } else { parts.join(", ") }
    }

    fn item_holds(&self, item: &AreaItem, area: &Area, object: Option<ObjectKind>, target: &str, date: Date) -> Truth {
        let loc = self.location;
        if !item.regions.is_empty() {
            if object.is_some_and(|o| !ON_TERRITORY.contains(&o)) {
                return Truth::False;
            }
            if !loc.known() {
                return Truth::Unknown;
            }
            let inside = item.regions.iter().any(|r| {
                loc.region.as_deref() == Some(r.value.as_str())
                    || loc.within.contains(&r.value)
                    || self.in_shape(&r.value)
            });
            return Truth::from(inside);
        }
        // The object must be of a kind the item covers.
        let kinds_match = match object {
            None => Truth::Unknown,
            Some(o) => {
                let covers = item.objects.iter().any(|k| {
                    k.value == o
                        || (matches!(k.value, ObjectKind::Territory | ObjectKind::Islands) && ON_TERRITORY.contains(&o))
                });
                Truth::from(covers)
            }
        };
        if kinds_match == Truth::False {
            return Truth::False;
        }
        let territorial = object.is_none_or(|o| ON_TERRITORY.contains(&o));
        // Whose: the territory's sovereign, or the target's own forces.
        let territory_owners = loc.sovereign.iter().chain(loc.part_of.iter()).map(String::as_str);
        let owned_by = |o: &str| match &item.of {
            Some(Owners::Parties) | None => self.is_party(date, o),
            Some(Owners::Beneficiary) => o == target,
            Some(Owners::States(list)) => list.iter().any(|s| s.value == o),
        };
        let owned = if !territorial {
            Truth::from(owned_by(target))
        } else if territory_owners.clone().next().is_none() {
            Truth::Unknown
        } else {
            Truth::from(territory_owners.clone().any(owned_by))
        };
        let placed = if item.places.is_empty() {
            Truth::True
        } else {
            item.places.iter().fold(Truth::False, |acc, p| acc.or(self.place_holds(p, date, Some(area), 0).0))
        };
        kinds_match.and(owned).and(placed)
    }

    /// Whether the coordinates lie in the shape of the declared region `id`: a drawn zone
    /// (a treaty's area given by lines of latitude and longitude) is tested directly, not
    /// only by way of the region an incident was placed in.
    fn in_shape(&self, id: &str) -> bool {
        let Some(c) = self.location.at else { return false };
        self.lib
            .regions
            .iter()
            .any(|r| r.id.value == id && r.shape.as_ref().is_some_and(|s| s.0.contains(c.lat, c.lon)))
    }

    /// Whether the incident's location is in a place (continent, sea, region, area), with
    /// its latitude bound. `depth` counts the areas entered to get here: an area may name
    /// another, and past [`MAX_AREA_DEPTH`] (only reached by a cycle, which the checker
    /// reports as E0210, or by absurd nesting) the answer is unknown rather than a
    /// recursion without bound.
    fn place_holds(&self, p: &Place, date: Date, this: Option<&Area>, depth: usize) -> (Truth, String) {
        let loc = self.location;
        let name = p.name.value.as_str();
        let mut r = match places::builtin(name) {
            Some(places::Builtin::Continent) => {
                if loc.continents.is_empty() && loc.at.is_some() && loc.country.is_none() && loc.region.is_none() {
                    // Coordinates in no country are beyond every territorial sea (the
                    // boundaries include it): on no continent.
                    Truth::False
                } else if loc.continents.is_empty() {
                    Truth::Unknown
                } else if loc.continents.iter().all(|c| c == name) {
                    Truth::True
                } else if loc.continents.iter().any(|c| c == name) {
                    Truth::Unknown
                } else {
                    Truth::False
                }
            }
            Some(places::Builtin::Sea) => match loc.at {
                Some(c) => geo::sea_contains(name, c.lat, c.lon).map_or(Truth::Unknown, Truth::from),
                // A place given only as a region or state is on land, not at sea.
                None if loc.region.is_some() || loc.country.is_some() => Truth::False,
                None => Truth::Unknown,
            },
            None if name == "this-area" => match this {
                Some(area) => self.territory_of_area(area, date, depth + 1),
                None => Truth::Unknown,
            },
            None => {
                if let Some(area) = self.treaty.areas.iter().find(|a| a.id.value == name) {
                    if depth >= MAX_AREA_DEPTH { Truth::Unknown } else { self.territory_of_area(area, date, depth + 1) }
                } else if crate::states::get(name).is_some() {
                    match (&loc.sovereign, &loc.country) {
                        // Coordinates that fall in no country are at sea: not in any state.
                        (None, None) if loc.at.is_some() => Truth::False,
                        (None, None) => Truth::Unknown,
                        _ => Truth::from(
                            loc.sovereign.as_deref() == Some(name)
                                || loc.country.as_deref() == Some(name)
                                || loc.part_of.iter().any(|p| p == name),
                        ),
                    }
                } else if !loc.known() {
                    Truth::Unknown
                } else {
                    Truth::from(
                        loc.region.as_deref() == Some(name)
                            || loc.within.iter().any(|w| w == name)
                            || self.in_shape(name),
                    )
                }
            }
        };
        if let Some(b) = &p.bound
            && r != Truth::False
        {
            let line = places::latitude(&b.line.value).unwrap_or(0.0);
            let side = match loc.at {
                Some(c) => Truth::from(match b.side {
                    crate::model::Side::North => c.lat > line,
                    crate::model::Side::South => c.lat < line,
                }),
                None => Truth::Unknown,
            };
            r = r.and(side);
        }
        (r, words!(self.words, "{} in {name}: {}", self.place_name(), truth_word(r)))
    }

    /// Whether the location lies in the territorial items of an area (for "in or over this area").
    fn territory_of_area(&self, area: &Area, date: Date, depth: usize) -> Truth {
        let loc = self.location;
        let mut result = Truth::False;
        for item in &area.items {
            if item.from.as_ref().is_some_and(|f| date < f.value)
                || item.until.as_ref().is_some_and(|u| date >= u.value)
            {
                continue;
            }
            let r = if !item.regions.is_empty() {
                if loc.known() {
                    Truth::from(
                        item.regions
                            .iter()
                            .any(|r| loc.region.as_deref() == Some(r.value.as_str()) || loc.within.contains(&r.value)),
                    )
                } else {
                    Truth::Unknown
                }
            } else if item.objects.iter().any(|o| matches!(o.value, ObjectKind::Territory | ObjectKind::Islands)) {
                let mut owners = loc.sovereign.iter().chain(loc.part_of.iter()).map(String::as_str).peekable();
                let owned = if owners.peek().is_none() {
                    if loc.at.is_some() { Truth::False } else { Truth::Unknown }
                } else {
                    Truth::from(owners.any(|o| match &item.of {
                        Some(Owners::Parties) | None => self.is_party(date, o),
                        Some(Owners::Beneficiary) => self.incident.target.as_ref().is_some_and(|t| t.value == o),
                        Some(Owners::States(list)) => list.iter().any(|s| s.value == o),
                    }))
                };
                let placed = if item.places.is_empty() {
                    Truth::True
                } else {
                    item.places
                        .iter()
                        .filter(|p| p.name.value != "this-area")
                        .fold(Truth::False, |acc, p| acc.or(self.place_holds(p, date, None, depth).0))
                };
                owned.and(placed)
            } else {
                Truth::False
            };
            result = result.or(r);
        }
        result
    }

    fn condition(&self, cond: &Condition, target: &str, date: Date) -> Step {
        let inc = self.incident;
        match cond {
            Condition::Deliberate => {
                let (r, note) = match inc.intentional.as_ref().map(|t| t.value) {
                    Some(Tri::Yes) => (Truth::True, words!(self.words, "the act was deliberate")),
                    Some(Tri::No) => (Truth::False, words!(self.words, "the act was not deliberate")),
                    _ => (Truth::Unknown, words!(self.words, "whether the act was deliberate is unknown")),
                };
                self.step("deliberate", r, note, Some("intent"))
            }
            Condition::Sustained { at_least } => {
                let need = hours(*at_least);
                let (r, note) = match &inc.duration {
                    None => (
                        Truth::Unknown,
                        words!(self.words, "how long the attack lasted is unknown; the clause needs {at_least}"),
                    ),
                    Some(IncidentDuration::SingleStrike) => {
                        (Truth::False, words!(self.words, "a single strike is not sustained for {at_least}"))
                    }
                    Some(IncidentDuration::Sustained(p)) => (
                        Truth::from(hours(*p) >= need),
                        words!(self.words, "sustained for {p}; the clause needs {at_least}"),
                    ),
                };
                self.step(&words!(self.words, "sustained for at least {at_least}"), r, note, Some("duration"))
            }
            Condition::Judged { what, by } => {
                let judge = by
                    .as_ref()
                    .map(|b| {
                        self.treaty
                            .bodies
                            .iter()
                            .find(|x| x.id.value == b.value)
                            .map_or(b.value.clone(), |x| x.name.clone())
                    })
                    .unwrap_or_else(|| "the guarantors".to_string());
                let (r, note) = match inc.judged.iter().find(|f| f.what.value == *what).map(|f| f.answer) {
                    Some(Tri::Yes) => (Truth::True, words!(self.words, "judged {what} (as the incident records)")),
                    Some(Tri::No) => (Truth::False, words!(self.words, "judged not {what} (as the incident records)")),
                    _ => (
                        Truth::Unknown,
                        words!(self.words, "whether the attack is {what} is a political judgement for {judge}"),
                    ),
                };
                self.step(&words!(self.words, "judged {what}"), r, note, Some(&format!("judgement: {what}")))
            }
            Condition::Attacker { states } => {
                let list = states.iter().map(|s| s.value.as_str()).collect::<Vec<_>>();
                let (r, note) = match &inc.actor {
                    Actor::Unknown => (
                        Truth::Unknown,
                        words!(self.words, "the attacker is unknown; the clause covers attacks by {}", list.join(", ")),
                    ),
                    Actor::NonState(_) => {
                        (Truth::False, words!(self.words, "the clause covers only attacks by {}", list.join(", ")))
                    }
                    Actor::States(_) => {
                        let hit = self.actors().any(|a| list.contains(&a));
                        (
                            Truth::from(hit),
                            words!(
                                self.words,
                                "{} {} among the adversaries the clause names ({})",
                                self.actor_name(),
                                if hit { "is" } else { "is not" },
                                list.join(", ")
                            ),
                        )
                    }
                };
                self.step("attacker named by the clause", r, note, Some("attribution"))
            }
            Condition::AttackerNot { states } => {
                let list = states.iter().map(|s| s.value.as_str()).collect::<Vec<_>>();
                let (r, note) = match &inc.actor {
                    Actor::Unknown => (
                        Truth::Unknown,
                        words!(self.words, "the attacker is unknown; attacks by {} are excluded", list.join(", ")),
                    ),
                    _ => {
                        let hit = self.actors().any(|a| list.contains(&a));
                        (
                            Truth::from(!hit),
                            words!(
                                self.words,
                                "attacks by {} are excluded; the attacker is {}",
                                list.join(", "),
                                self.actor_name()
                            ),
                        )
                    }
                };
                self.step("attacker not excluded", r, note, Some("attribution"))
            }
            Condition::Attackers { at_least } => {
                let (r, note) = match &inc.actor {
                    Actor::Unknown => (Truth::Unknown, words!(self.words, "the attackers are unknown")),
                    Actor::NonState(_) => (Truth::from(*at_least <= 1), words!(self.words, "one non-state attacker")),
                    Actor::States(s) => {
                        (Truth::from(s.len() as u32 >= *at_least), words!(self.words, "{} attacking state(s)", s.len()))
                    }
                };
                self.step(&words!(self.words, "at least {at_least} attackers"), r, note, Some("attribution"))
            }
            Condition::Unprovoked => {
                let initiator = inc.initiator.as_ref().map(|s| s.value.as_str()).or(self.actors().next());
                let (r, note) = match initiator {
                    None => (Truth::Unknown, words!(self.words, "who started the hostilities is unknown")),
                    Some(i) if i == target => {
                        (Truth::False, words!(self.words, "{target} started the hostilities: the attack was provoked"))
                    }
                    Some(i) => (Truth::True, words!(self.words, "{i}, not {target}, started the hostilities")),
                };
                self.step("unprovoked", r, note, Some("provocation"))
            }
            Condition::Territory { status, as_of } => {
                self.territory_status(status.value, as_of.as_ref().map(|s| s.value.as_str()), target, date)
            }
            Condition::Domain { domains } => {
                let list = domains.iter().map(|d| d.value.to_string()).collect::<Vec<_>>().join(", ");
                let (r, note) = if inc.domains.is_empty() {
                    (Truth::Unknown, words!(self.words, "the domain is unknown; the clause covers {list}"))
                } else {
                    let hit = inc.domains.iter().any(|d| domains.iter().any(|x| x.value == d.value));
                    let got = inc.domains.iter().map(|d| d.value.to_string()).collect::<Vec<_>>().join(", ");
                    (Truth::from(hit), words!(self.words, "the act was in {got}; the clause covers {list}"))
                };
                self.step("domain covered", r, note, Some("domain"))
            }
            Condition::After { event } => {
                let (r, why) = self.event(&event.value, date);
                self.step(
                    &words!(self.words, "after {}", event.value),
                    r,
                    why,
                    Some(&format!("event: {}", event.value)),
                )
            }
            Condition::Weapons { kinds } => {
                let list = kinds.iter().map(|k| k.value.to_string()).collect::<Vec<_>>().join(", ");
                let (r, note) = if inc.weapons.is_empty() {
                    (
                        Truth::Unknown,
                        words!(self.words, "the weapons used are unknown; the clause needs {list} weapons"),
                    )
                } else {
                    let hit = inc.weapons.iter().any(|w| kinds.iter().any(|k| k.value == w.value));
                    let used = inc.weapons.iter().map(|w| w.value.to_string()).collect::<Vec<_>>().join(", ");
                    (Truth::from(hit), words!(self.words, "{used} weapons were used; the clause needs {list} weapons"))
                };
                self.step(&words!(self.words, "{list} weapons used"), r, note, Some("weapons"))
            }
        }
    }

    fn territory_status(&self, status: TerritoryStatus, as_of: Option<&str>, target: &str, date: Date) -> Step {
        let loc = self.location;
        let label = match status {
            TerritoryStatus::DeJure => words!(self.words, "territory de jure the beneficiary's"),
            TerritoryStatus::Controlled => words!(self.words, "territory controlled by the beneficiary"),
        };
        if !loc.known() {
            return self.step(&label, Truth::Unknown, words!(self.words, "the location is unknown"), Some("location"));
        }
        // The date control is judged at: the incident's, a fixed date, or an event's.
        let when = match as_of {
            None => Ok(date),
            Some(s) => match s.parse::<Date>() {
                Ok(d) => Ok(d),
                Err(_) => match self.treaty.events.iter().find(|e| e.id.value == s).and_then(|e| e.on.as_ref()) {
                    Some(d) => Ok(d.value),
                    None => Err(s.to_string()),
                },
            },
        };
        let when = match when {
            Ok(d) => d,
            Err(ev) => {
                return self.step(
                    &label,
                    Truth::Unknown,
                    words!(self.words, "control is judged as of `{ev}`, whose date is unknown"),
                    Some(&format!("event: {ev}")),
                );
            }
        };
        let relocated: Cow<Location> =
            if when == date { Cow::Borrowed(loc) } else { Cow::Owned(super::location::on_date(self.lib, loc, when)) };
        let holder = match status {
            TerritoryStatus::DeJure => relocated.sovereign.clone(),
            TerritoryStatus::Controlled => relocated.controller.clone(),
        };
        let (r, note) = match holder {
            None => (Truth::Unknown, words!(self.words, "who holds the place is unknown")),
            Some(h) => (
                Truth::from(
                    h == target || relocated.part_of.iter().any(|p| p == target) && status == TerritoryStatus::DeJure,
                ),
                words!(
                    self.words,
                    "on {when} {} is {} by {h}",
                    self.place_name(),
                    if status == TerritoryStatus::DeJure { "held de jure" } else { "controlled" }
                ),
            ),
        };
        Step {
            source: words!(self.words, "{} + regions", self.clause()),
            ..self.step(&label, r, note, Some("location"))
        }
    }

    fn void(&self, v: &VoidCondition, target: &str) -> Step {
        let inc = self.incident;
        let prior = |act: PriorAct| inc.prior.iter().filter(move |p| p.state.value == target && p.act == act);
        match v {
            VoidCondition::AttacksFirst => {
                let initiator = inc.initiator.as_ref().map(|s| s.value.as_str()).or(self.actors().next());
                let first = prior(PriorAct::AttacksFirst).next().is_some() || initiator == Some(target);
                let (r, note) = match (first, initiator) {
                    (true, _) => (Truth::False, words!(self.words, "void: {target} attacked first")),
                    (false, None) => (Truth::Unknown, words!(self.words, "who attacked first is unknown")),
                    (false, Some(i)) => (Truth::True, words!(self.words, "{i}, not {target}, attacked first")),
                };
                self.step("not void: beneficiary did not attack first", r, note, Some("provocation"))
            }
            VoidCondition::Invades { states } => {
                let list: Vec<&str> = states.iter().map(|s| s.value.as_str()).collect();
                let hit = prior(PriorAct::Invades).any(|p| p.objects.iter().any(|o| list.contains(&o.value.as_str())));
                let note = if hit {
                    words!(self.words, "void: {target} invaded {}", list.join(" or "))
                } else {
                    words!(
                        self.words,
                        "no invasion of {} by {target} is recorded on the incident (`prior {target} invades …`)",
                        list.join(" or ")
                    )
                };
                self.step(
                    &words!(self.words, "not void: beneficiary has not invaded {}", list.join(", ")),
                    Truth::from(!hit),
                    note,
                    None,
                )
            }
            VoidCondition::Strikes { regions } => {
                let list: Vec<&str> = regions.iter().map(|s| s.value.as_str()).collect();
                let hit = prior(PriorAct::Strikes).any(|p| p.objects.iter().any(|o| list.contains(&o.value.as_str())));
                let note = if hit {
                    words!(self.words, "void: {target} struck {}", list.join(" or "))
                } else {
                    words!(
                        self.words,
                        "no strike by {target} on {} is recorded on the incident (`prior {target} strikes …`)",
                        list.join(" or ")
                    )
                };
                self.step(
                    &words!(self.words, "not void: beneficiary has not struck {}", list.join(", ")),
                    Truth::from(!hit),
                    note,
                    None,
                )
            }
            VoidCondition::Judged { what } => {
                let (r, note) = match inc.judged.iter().find(|f| f.what.value == *what).map(|f| f.answer) {
                    Some(Tri::Yes) => (Truth::False, words!(self.words, "void: {what}")),
                    Some(Tri::No) => (Truth::True, words!(self.words, "not the case: {what}")),
                    _ => (Truth::Unknown, words!(self.words, "a judgement nobody has made: {what}")),
                };
                self.step("not void by judgement", r, note, Some(&format!("judgement: {what}")))
            }
        }
    }
}

fn article(act: Act) -> &'static str {
    match act {
        Act::Threat => "a threat",
        Act::UseOfForce => "a use of force",
        Act::ArmedAttack => "an armed attack",
    }
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::True => "yes",
        Truth::False => "no",
        Truth::Unknown => "unknown",
    }
}

fn describe_item(item: &AreaItem) -> String {
    if !item.regions.is_empty() {
        return format!("region {}", item.regions.iter().map(|r| r.value.as_str()).collect::<Vec<_>>().join(" "));
    }
    let objects = item.objects.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(" ");
    let of = match &item.of {
        Some(Owners::Parties) | None => "parties".to_string(),
        Some(Owners::Beneficiary) => "beneficiary".to_string(),
        Some(Owners::States(s)) => s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(" "),
    };
    let places = item.places.iter().map(|p| p.name.value.as_str()).collect::<Vec<_>>().join(", ");
    if places.is_empty() { format!("{objects} of {of}") } else { format!("{objects} of {of} in {places}") }
}

use super::hours;
