//! The evaluator: an incident in, a verdict for every commitment out, each with the trace of
//! the conditions that decided it and the obligations that follow.
//!
//! Evaluation is pure and deterministic: the same library and incident give the same
//! verdicts, in library order. Unknown is a first-class value: every condition is true,
//! false or unknown, and a verdict that hinges on an unknown input says which input and what
//! the verdict would be each way. `docs/verdicts.md` describes the rules in prose.

/// `format!` when the trace keeps words (`on`), else an empty string, which does not
/// allocate: how every note of the evaluator is written, so that bulk evaluation formats none.
macro_rules! words {
    ($on:expr, $($arg:tt)*) => {
        if $on { format!($($arg)*) } else { String::new() }
    };
}

pub(crate) mod life;

/// `start` plus a period, or `None` when the sum lies past 9999-12-31, the last date casus
/// counts to: for the faces that take a duration from the user (E0211 in files).
pub fn add_period(start: crate::model::Date, p: crate::model::Period) -> Option<crate::model::Date> {
    life::add_period(start, p)
}
mod location;
mod steps;

/// How many hours a period counts for when a `sustained` condition compares durations (a
/// month is 30 days, a year 365): the one measure the evaluator and `casus diff` share.
pub fn hours(p: crate::model::Period) -> u64 {
    use crate::vocab::Unit;
    let n = u64::from(p.amount);
    match p.unit {
        Unit::Hours => n,
        Unit::Days => n * 24,
        Unit::Weeks => n * 24 * 7,
        Unit::Months => n * 24 * 30,
        Unit::Years => n * 24 * 365,
    }
}

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

pub use life::{InForce, event, in_force};
pub use location::{Location, Near, locate};

use crate::model::{Commitment, Date, Incident, Library, Member, SetExpr, Treaty};
use crate::vocab::{Kind, Strength, VerdictKind, Vocabulary};

/// A three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Depends on an input nobody knows, or on a political judgement.
    Unknown,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

impl Truth {
    /// Three-valued OR.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::False,
        }
    }

    /// Three-valued AND.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }
}

/// How an evaluation treats treaties that are not in force.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Evaluate proposed, signed and failed designs as if they were in force on the
    /// incident's date, whatever their dates: the question "what would this design do?".
    pub hypothetical: bool,
}

/// One checked condition.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// What was checked, briefly.
    pub condition: String,
    /// Its value.
    pub result: Truth,
    /// Why, in plain language.
    pub note: String,
    /// The clause or data it comes from.
    pub source: String,
    /// The input an unknown result waits for.
    #[serde(skip)]
    pub input: Option<String>,
    /// The verdict when this condition fails.
    #[serde(skip)]
    pub fails_as: VerdictKind,
}

/// What a verdict would be if one unknown input were settled either way.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unknown {
    /// The input (`attribution`, `intent`, `judgement: significant` …).
    pub input: String,
    /// The verdict if it is settled so that the condition waiting for it holds (the attack
    /// is attributed, was intentional, the event has happened, the lapse has not occurred).
    pub if_true: VerdictKind,
    /// The verdict if it is settled so that the condition fails.
    pub if_false: VerdictKind,
}

/// One rung of what a guarantor owes.
#[derive(Clone, Debug, Serialize)]
pub struct Obligation {
    /// In the treaty's words.
    pub text: String,
    /// How strong.
    pub strength: Strength,
    /// The deadline, such as `24 hours`.
    pub deadline: Option<String>,
    /// Whether constitutional processes apply.
    pub constitutional_processes: bool,
}

/// The verdict on one commitment.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    /// Treaty id.
    pub treaty: String,
    /// Treaty name.
    pub treaty_name: String,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub title: String,
    /// The clause cited.
    pub clause: Option<String>,
    /// What kind of commitment.
    pub kind: Kind,
    /// The verdict.
    pub verdict: VerdictKind,
    /// The protected state considered (the incident's target).
    pub beneficiary: Option<String>,
    /// Who owes (triggered, indeterminate), or who broke the commitment (violated); empty otherwise.
    pub guarantors: Vec<String>,
    /// The strongest response owed.
    pub strength: Option<Strength>,
    /// The earliest deadline, such as `24 hours`.
    pub deadline: Option<String>,
    /// What is owed, rung by rung (triggered and indeterminate only).
    pub obligations: Vec<Obligation>,
    /// Every condition checked, in order.
    pub trace: Vec<Step>,
    /// For an indeterminate verdict, each unknown input and the verdict either way.
    pub unknowns: Vec<Unknown>,
    /// The states that would owe (or break the commitment) if every condition held,
    /// whatever the verdict: what the incident space of `casus diff` tells actors apart by.
    #[serde(skip)]
    pub would_owe: Vec<String>,
}

impl Verdict {
    /// `nato/art5`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.treaty, self.commitment)
    }
}

/// The result of evaluating one incident.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// The incident with its location resolved.
    pub incident: ResolvedIncident,
    /// One verdict per commitment of the library, in library order.
    pub verdicts: Vec<Verdict>,
}

/// The incident as given, plus where it is.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedIncident {
    /// The incident.
    #[serde(flatten)]
    pub incident: Incident,
    /// Its resolved location.
    pub location: Location,
}

/// Evaluates incidents against a library.
pub struct Evaluator<'a> {
    lib: &'a Library,
    options: Options,
}

/// A verdict without its words: what [`Evaluator::outcomes`] gives for bulk work, where
/// nobody reads the trace. The same verdict, guarantors and unknowns as the [`Verdict`]
/// [`Evaluator::evaluate`] gives (a test holds them equal over every scenario and over
/// generated incidents); the notes and clause references of the trace are never formatted.
#[derive(Clone, Debug)]
pub struct Outcome<'a> {
    /// The treaty.
    pub treaty: &'a Treaty,
    /// The commitment.
    pub commitment: &'a Commitment,
    /// The verdict.
    pub verdict: VerdictKind,
    /// Who owes (triggered, indeterminate), or who broke the commitment (violated); empty
    /// otherwise. In code order, as in [`Verdict::guarantors`].
    pub guarantors: Vec<Cow<'a, str>>,
    /// For an indeterminate verdict, each unknown input and the verdict either way.
    pub unknowns: Vec<Unknown>,
}

/// A verdict before it is dressed for its reader: what the evaluation of one commitment at
/// one place gives, with words in the trace or without.
struct Judged<'a> {
    verdict: VerdictKind,
    trace: steps::Trace,
    unknowns: Vec<Unknown>,
    /// The states that would owe (or break the commitment) if every condition held.
    owing: Vec<Cow<'a, str>>,
    /// The state protected, when not the incident's target: a deploying state whose forces
    /// the incident reached.
    struck: Option<&'a str>,
}

/// What one treaty's commitments share on the incident's date, computed once per treaty and
/// incident when a commitment first needs it: the parties in code order, and whether the
/// treaty binds. `words` says whether the traces (and the in-force note) are written.
struct TreatyDay<'a> {
    words: bool,
    parties: std::cell::OnceCell<Vec<&'a str>>,
    in_force: std::cell::OnceCell<InForce>,
}

impl TreatyDay<'_> {
    fn new(words: bool) -> Self {
        TreatyDay { words, parties: std::cell::OnceCell::new(), in_force: std::cell::OnceCell::new() }
    }
}

impl<'a> Evaluator<'a> {
    /// An evaluator over a checked library.
    pub fn new(lib: &'a Library, options: Options) -> Self {
        Evaluator { lib, options }
    }

    /// Every commitment's verdict on `incident`.
    pub fn evaluate(&self, incident: &Incident) -> Evaluation {
        self.evaluate_only(incident, |_, _| true)
    }

    /// The verdicts of the commitments `keep` selects, in library order: the same verdicts
    /// [`Evaluator::evaluate`] gives them, without the cost of the others (a cascade asks
    /// only for the defence and offence commitments of treaties the target belongs to).
    pub fn evaluate_only(&self, incident: &Incident, keep: impl Fn(&Treaty, &Commitment) -> bool) -> Evaluation {
        let location = locate(self.lib, incident);
        let mut verdicts = Vec::new();
        for t in &self.lib.treaties {
            let day = TreatyDay::new(true);
            for c in t.commitments.iter().filter(|c| keep(t, c)) {
                let j = self.commitment_with(t, c, incident, &location, &day);
                verdicts.push(self.dress(t, c, incident, j));
            }
        }
        Evaluation { incident: ResolvedIncident { incident: incident.clone(), location }, verdicts }
    }

    /// Every commitment's verdict on `incident`, without words: for bulk evaluation, where
    /// a verdict costs a fraction of one with its trace. In library order, as
    /// [`Evaluator::evaluate`] gives them.
    pub fn outcomes(&self, incident: &Incident) -> Vec<Outcome<'a>> {
        let mut out = Vec::with_capacity(self.lib.treaties.iter().map(|t| t.commitments.len()).sum());
        self.outcomes_into(incident, &mut out);
        out
    }

    /// [`Evaluator::outcomes`] into a buffer the caller reuses (cleared first), so that a
    /// loop over many incidents allocates the list once.
    pub fn outcomes_into(&self, incident: &Incident, out: &mut Vec<Outcome<'a>>) {
        out.clear();
        let location = locate(self.lib, incident);
        for t in &self.lib.treaties {
            let day = TreatyDay::new(false);
            for c in &t.commitments {
                let j = self.commitment_with(t, c, incident, &location, &day);
                let guarantors = if owes_or_broken(j.verdict) { j.owing } else { Vec::new() };
                out.push(Outcome { treaty: t, commitment: c, verdict: j.verdict, guarantors, unknowns: j.unknowns });
            }
        }
    }

    /// Evaluates many incidents in parallel (rayon); the results are in input order and do
    /// not depend on the number of threads.
    pub fn evaluate_batch(&self, incidents: &[Incident]) -> Vec<Evaluation> {
        use rayon::prelude::*;
        incidents.par_iter().map(|i| self.evaluate(i)).collect()
    }

    /// Evaluates many incidents in parallel and counts, for each commitment (`treaty/id`),
    /// how many incidents gave each verdict, without keeping the evaluations: the shape of
    /// a large batch in constant memory. The counts do not depend on the number of threads.
    pub fn tally(&self, incidents: &[Incident]) -> Tally {
        use rayon::prelude::*;
        let keys: Vec<String> = self
            .lib
            .treaties
            .iter()
            .flat_map(|t| t.commitments.iter().map(move |c| format!("{}/{}", t.id.value, c.id.value)))
            .collect();
        let width = keys.len();
        let counts = incidents
            .par_iter()
            .fold(
                || (vec![[0u64; 5]; width], Vec::new()),
                |(mut acc, mut buf), inc| {
                    self.outcomes_into(inc, &mut buf);
                    for (k, v) in buf.iter().enumerate() {
                        acc[k][verdict_index(v.verdict)] += 1;
                    }
                    (acc, buf)
                },
            )
            .map(|(acc, _)| acc)
            .reduce(
                || vec![[0u64; 5]; width],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        for i in 0..5 {
                            x[i] += y[i];
                        }
                    }
                    a
                },
            );
        Tally { incidents: incidents.len() as u64, commitments: keys.into_iter().zip(counts).collect() }
    }

    /// The verdict of one commitment.
    pub fn commitment(&self, t: &Treaty, c: &Commitment, inc: &Incident, loc: &Location) -> Verdict {
        let j = self.commitment_with(t, c, inc, loc, &TreatyDay::new(true));
        self.dress(t, c, inc, j)
    }

    /// The evaluations a commitment's verdict is made of where deployed forces stand: the
    /// verdict at the place as though no forces stood there, then, for each deployment at the
    /// place on the date weighed by the treaty and each deploying state other than the target,
    /// the incident as an attack on that state's forces (none of these when the incident says
    /// the forces were not hit). [`Evaluator::commitment`] gives the first of them when it
    /// owes, else the first of the others that owes (indeterminate when whether the forces
    /// were hit is unknown), else the first: tools that reason about why a verdict is what it
    /// is (the diff) follow the parts, each an evaluation without deployments.
    pub fn commitment_parts(&self, t: &Treaty, c: &Commitment, inc: &Incident, loc: &Location) -> Vec<Verdict> {
        use crate::vocab::Tri;
        let day = TreatyDay::new(true);
        let first = self.commitment_either_side(t, c, inc, loc, &day);
        let mut parts = vec![self.dress(t, c, inc, first)];
        let Some(date) = inc.on.as_ref().map(|d| d.value) else { return parts };
        if inc.forces_hit.as_ref().map(|h| h.value) == Some(Tri::No) {
            return parts;
        }
        for (_, _, struck) in struck_forces(self.lib, t, inc, loc, date) {
            let j = self.commitment_either_side(t, c, &struck, loc, &day);
            parts.push(self.dress(t, c, &struck, j));
        }
        parts
    }

    /// The verdict with the commitment's names, obligations and the states it names.
    fn dress(&self, t: &Treaty, c: &Commitment, inc: &Incident, j: Judged<'_>) -> Verdict {
        let verdict = j.verdict;
        let owes = matches!(verdict, VerdictKind::Triggered | VerdictKind::Indeterminate);
        let would_owe: Vec<String> = j.owing.iter().map(|s| s.to_string()).collect();
        let guarantors = if owes_or_broken(verdict) { would_owe.clone() } else { Vec::new() };
        let obligations = if owes {
            c.responses
                .iter()
                .map(|r| Obligation {
                    text: r.text.clone(),
                    strength: r.strength.value,
                    deadline: r.within.map(|p| p.to_string()),
                    constitutional_processes: r.constitutional,
                })
                .collect()
        } else {
            Vec::new()
        };
        Verdict {
            treaty: t.id.value.clone(),
            treaty_name: t.name.clone(),
            commitment: c.id.value.clone(),
            title: c.title.clone(),
            clause: c.clause.as_ref().map(|cl| cl.text.value.clone()),
            kind: c.kind.value,
            verdict,
            beneficiary: j.struck.map(str::to_string).or_else(|| inc.target.as_ref().map(|s| s.value.clone())),
            guarantors,
            strength: c.strength(),
            deadline: c.responses.iter().find_map(|r| r.within.map(|p| p.to_string())),
            obligations,
            trace: j.trace.steps,
            unknowns: j.unknowns,
            would_owe,
        }
    }

    /// The verdict of one commitment, sharing the treaty's parties-on-the-date with the
    /// treaty's other commitments.
    fn commitment_with(
        &self,
        t: &'a Treaty,
        c: &'a Commitment,
        inc: &Incident,
        loc: &Location,
        day: &TreatyDay<'a>,
    ) -> Judged<'a> {
        let v = self.commitment_either_side(t, c, inc, loc, day);
        if owes_or_broken(v.verdict) || self.lib.deployments.is_empty() {
            return v;
        }
        self.through_deployments(t, c, inc, loc, day, v)
    }

    /// The verdict at the location, and on the other side of an edge it is near.
    fn commitment_either_side(
        &self,
        t: &'a Treaty,
        c: &'a Commitment,
        inc: &Incident,
        loc: &Location,
        day: &TreatyDay<'a>,
    ) -> Judged<'a> {
        let here = self.commitment_at(t, c, inc, loc, day);
        match (&loc.alternative, &loc.near) {
            (Some(other), Some(near)) => {
                let there = self.commitment_at(t, c, inc, other, day);
                either_side(here, there, near)
            }
            _ => here,
        }
    }

    /// A commitment the incident does not make due may protect the forces deployed where it
    /// struck: for each deployment at the place on the date (and weighed by this treaty),
    /// and each deploying state other than the target, the incident is evaluated as an
    /// attack on that state's forces. The first that owes is the verdict: as it is when the
    /// incident says the forces were hit, indeterminate (waiting for `forces hit`) when it
    /// does not say, the original verdict when it says they were not.
    fn through_deployments(
        &self,
        t: &'a Treaty,
        c: &'a Commitment,
        inc: &Incident,
        loc: &Location,
        day: &TreatyDay<'a>,
        v: Judged<'a>,
    ) -> Judged<'a> {
        use crate::vocab::Tri;
        let Some(date) = inc.on.as_ref().map(|d| d.value) else { return v };
        let hit = inc.forces_hit.as_ref().map(|h| h.value);
        if hit == Some(Tri::No) {
            return v;
        }
        for (d, s, struck) in struck_forces(self.lib, t, inc, loc, date) {
            let mut w = self.commitment_either_side(t, c, &struck, loc, day);
            if !owes_or_broken(w.verdict) {
                continue;
            }
            let input = format!("forces hit: {} (deployment {})", s.value, d.id.value);
            let result = if hit == Some(Tri::Yes) { Truth::True } else { Truth::Unknown };
            let words = day.words;
            let note = words!(
                words,
                "deployment `{}` places forces of {} in {} on {date}: the incident reaches them {}",
                d.id.value,
                s.value,
                d.location.value,
                if hit == Some(Tri::Yes) { "(they were hit)" } else { "if they were hit, which is unknown" }
            );
            w.trace.insert_first(Step {
                condition: words!(words, "forces of {} deployed here were hit", s.value),
                result,
                note,
                source: words!(words, "deployment {}", d.id.value),
                input: (result == Truth::Unknown).then(|| input.clone()),
                fails_as: v.verdict,
            });
            w.struck = Some(s.value.as_str());
            if result == Truth::Unknown {
                w.unknowns.push(Unknown { input, if_true: w.verdict, if_false: v.verdict });
                w.verdict = VerdictKind::Indeterminate;
            }
            return w;
        }
        v
    }

    /// The verdict of one commitment at one resolved location.
    fn commitment_at(
        &self,
        t: &'a Treaty,
        c: &'a Commitment,
        inc: &Incident,
        loc: &Location,
        day: &TreatyDay<'a>,
    ) -> Judged<'a> {
        let cx = steps::Context {
            lib: self.lib,
            treaty: t,
            commitment: c,
            incident: inc,
            location: loc,
            options: self.options,
            day,
            words: day.words,
        };
        let (trace, positive, owing) = cx.run();
        let (verdict, unknowns) = combine(&trace, positive);
        Judged { verdict, trace, unknowns, owing, struck: None }
    }
}

/// The deployments weighed by treaty `t` that place forces at the location on `date`: the
/// ones through which an incident there may reach the deploying states' commitments.
pub fn deployments_at<'a, 'x>(
    lib: &'a Library,
    t: &'x Treaty,
    loc: &'x Location,
    date: Date,
) -> impl Iterator<Item = &'a crate::model::Deployment> + 'x
where
    'a: 'x,
{
    let at = move |place: &str| {
        loc.region.as_deref() == Some(place)
            || loc.within.iter().any(|w| w == place)
            || loc.country.as_deref() == Some(place)
    };
    lib.deployments.iter().filter(move |d| {
        !(d.from.as_ref().is_some_and(|f| date < f.value)
            || d.until.as_ref().is_some_and(|u| date >= u.value)
            || !(d.treaties.is_empty() || d.treaties.iter().any(|x| x.value == t.id.value))
            || !at(&d.location.value))
    })
}

/// The incident as an attack on the forces of each deploying state other than the target,
/// for each deployment weighed by treaty `t` at the location on `date`: what an incident
/// where forces stand may also be.
fn struck_forces<'a, 'x>(
    lib: &'a Library,
    t: &'x Treaty,
    inc: &'x Incident,
    loc: &'x Location,
    date: Date,
) -> impl Iterator<Item = (&'a crate::model::Deployment, &'a casus_syntax::Spanned<String>, Incident)> + 'x
where
    'a: 'x,
{
    use crate::vocab::ObjectKind;
    let target = inc.target.as_ref().map(|s| s.value.as_str());
    deployments_at(lib, t, loc, date).flat_map(move |d| {
        d.forces.iter().filter(move |s| Some(s.value.as_str()) != target).map(move |s| {
            let struck = Incident {
                target: Some(s.clone()),
                object: Some(casus_syntax::Spanned::detached(ObjectKind::Forces)),
                ..inc.clone()
            };
            (d, s, struck)
        })
    })
}

/// Whether a verdict makes something owed (or broken).
fn owes_or_broken(v: VerdictKind) -> bool {
    matches!(v, VerdictKind::Triggered | VerdictKind::Indeterminate | VerdictKind::Violated)
}

/// The verdict of a place within the precision of a region's edge: the verdict on the side
/// the shape puts it on when the other side gives the same, else indeterminate, waiting
/// for the side, with what each side gives. The guarantors and obligations are those of
/// the side that owes (a verdict that owes on one side would owe if settled that way).
fn either_side<'a>(here: Judged<'a>, there: Judged<'a>, near: &Near) -> Judged<'a> {
    if here.verdict == there.verdict {
        return here;
    }
    let owes = |v: &Judged| matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate);
    let (inside, outside) = if near.inside { (here.verdict, there.verdict) } else { (there.verdict, here.verdict) };
    let mut v = if owes(&here) || !owes(&there) { here } else { there };
    let input = format!(
        "location: inside `{}` ({:.1} km from its edge, drawn to {} km)",
        near.region, near.km, near.precision_km
    );
    let words = v.trace.words();
    v.trace.push(Step {
        condition: words!(words, "which side of the edge of {}", near.region),
        result: Truth::Unknown,
        note: words!(
            words,
            "the place is {:.1} km from the edge of `{}`, whose shape is drawn to {} km: {} inside it, {} outside",
            near.km,
            near.region,
            near.precision_km,
            inside.word(),
            outside.word()
        ),
        source: words!(words, "the shape of region {}", near.region),
        input: Some(input.clone()),
        fails_as: outside,
    });
    v.unknowns.push(Unknown { input, if_true: inside, if_false: outside });
    v.verdict = VerdictKind::Indeterminate;
    v
}

/// Verdict counts per commitment over a batch of incidents.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Tally {
    /// How many incidents were evaluated.
    pub incidents: u64,
    /// For each commitment (`treaty/id`, library order): counts of not_in_force, triggered,
    /// not_triggered, indeterminate, violated.
    pub commitments: Vec<(String, [u64; 5])>,
}

fn verdict_index(v: VerdictKind) -> usize {
    match v {
        VerdictKind::NotInForce => 0,
        VerdictKind::Triggered => 1,
        VerdictKind::NotTriggered => 2,
        VerdictKind::Indeterminate => 3,
        VerdictKind::Violated => 4,
    }
}

/// The input an unknown step waits for: its input, else its condition.
fn waits_for(s: &Step) -> &str {
    s.input.as_deref().unwrap_or(s.condition.as_str())
}

/// The verdict of a trace: the first failing step decides; else any unknown makes it
/// indeterminate; else the positive verdict (triggered or violated).
fn combine(trace: &steps::Trace, positive: VerdictKind) -> (VerdictKind, Vec<Unknown>) {
    if let Some(fails_as) = trace.failed() {
        return (fails_as, Vec::new());
    }
    let open = || trace.steps.iter().filter(|s| s.result == Truth::Unknown);
    let mut inputs: Vec<&str> = Vec::new();
    for k in open().map(waits_for) {
        if !inputs.contains(&k) {
            inputs.push(k);
        }
    }
    if inputs.is_empty() {
        return (positive, Vec::new());
    }
    let unknowns = inputs
        .iter()
        .map(|input| {
            let of = |s: &Step| waits_for(s) == *input;
            let others = open().any(|s| !of(s));
            let fails_as = open().find(|s| of(s)).map_or(VerdictKind::NotTriggered, |s| s.fails_as);
            Unknown {
                input: input.to_string(),
                if_true: if others { VerdictKind::Indeterminate } else { positive },
                if_false: fails_as,
            }
        })
        .collect();
    (VerdictKind::Indeterminate, unknowns)
}

/// The states a set expression names on `date`, given the parties on that date.
pub fn resolve_set(set: &SetExpr, parties: &BTreeSet<String>, beneficiary: Option<&str>) -> BTreeSet<String> {
    let codes: Vec<&str> = parties.iter().map(String::as_str).collect();
    resolve_codes(set, &codes, beneficiary).into_iter().map(Cow::into_owned).collect()
}

/// The states a set expression names, borrowed from the parties (`parties` in code order),
/// in code order: [`resolve_set`] without a string allocated per state.
pub(crate) fn resolve_codes<'a>(set: &SetExpr, parties: &[&'a str], beneficiary: Option<&str>) -> Vec<Cow<'a, str>> {
    let is_party = |s: &str| parties.binary_search(&s).is_ok();
    let mut out: Vec<Cow<'a, str>> = Vec::new();
    for m in &set.include {
        match &m.value {
            Member::AllParties => out.extend(parties.iter().map(|s| Cow::Borrowed(*s))),
            Member::Beneficiary => {
                if let Some(b) = beneficiary {
                    out.push(match parties.binary_search(&b) {
                        Ok(i) => Cow::Borrowed(parties[i]),
                        Err(_) => Cow::Owned(b.to_string()),
                    });
                }
            }
            Member::State(s) => {
                if let Ok(i) = parties.binary_search(&s.as_str()) {
                    out.push(Cow::Borrowed(parties[i]));
                }
            }
        }
    }
    // `all parties` alone is in code order already; anything else is sorted.
    if !matches!(set.include.as_slice(), [m] if m.value == Member::AllParties) {
        out.sort_unstable();
        out.dedup();
    }
    if !set.except.is_empty() {
        out.retain(|s| !set_names(set.except.iter().map(|m| &m.value), &is_party, beneficiary, s));
    }
    out
}

/// Whether one of `members` names `state`, given a test of who is a party.
fn set_names<'m>(
    mut members: impl Iterator<Item = &'m Member>,
    is_party: &impl Fn(&str) -> bool,
    beneficiary: Option<&str>,
    state: &str,
) -> bool {
    members.any(|m| match m {
        Member::AllParties => is_party(state),
        Member::Beneficiary => beneficiary == Some(state),
        Member::State(s) => s == state && is_party(state),
    })
}

/// Whether the set expression names `state`, given a test of who is a party: the same
/// answer as `resolve_set(..).contains(state)`, without building the set.
pub(crate) fn set_contains(
    set: &SetExpr,
    is_party: impl Fn(&str) -> bool,
    beneficiary: Option<&str>,
    state: &str,
) -> bool {
    set_names(set.include.iter().map(|m| &m.value), &is_party, beneficiary, state)
        && !set_names(set.except.iter().map(|m| &m.value), &is_party, beneficiary, state)
}

/// The states a commitment protects, given the treaty's parties on the date: its
/// beneficiaries (a `beneficiary` member names nobody here, since the set defines it).
pub fn beneficiaries(c: &Commitment, parties: &BTreeSet<String>) -> BTreeSet<String> {
    resolve_set(&c.beneficiaries, parties, None)
}

/// The states that owe `beneficiary` under a commitment, given the treaty's parties on the
/// date: its guarantors with `beneficiary` standing for the set's `beneficiary` member (so
/// `all parties except beneficiary` leaves it out). Only parties on the date are named.
pub fn guarantors(c: &Commitment, parties: &BTreeSet<String>, beneficiary: &str) -> BTreeSet<String> {
    resolve_set(&c.guarantors, parties, Some(beneficiary))
}

/// The states that are parties (and not suspended) on `date`.
pub fn parties_on(t: &Treaty, date: Date) -> BTreeSet<String> {
    party_codes_on(t, date).into_iter().map(str::to_string).collect()
}

/// [`parties_on`] as codes borrowed from the treaty, in code order: what the evaluator
/// looks states up in (one allocation per treaty and date, not one per state).
pub(crate) fn party_codes_on(t: &Treaty, date: Date) -> Vec<&str> {
    let start = t.in_force.as_ref().or(t.signed.as_ref()).map(|d| d.value);
    let within = |m: &crate::model::Membership| {
        m.from.as_ref().map(|d| d.value).or(start).is_none_or(|f| f <= date)
            && m.until.as_ref().is_none_or(|u| date < u.value)
    };
    let suspended = |s: &str| t.parties.iter().any(|m| m.suspended && m.state.value == s && within(m));
    let any_suspended = t.parties.iter().any(|m| m.suspended);
    let mut out: Vec<&str> = t
        .parties
        .iter()
        .filter(|m| !m.suspended && within(m))
        .map(|m| m.state.value.as_str())
        .filter(|s| !any_suspended || !suspended(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
