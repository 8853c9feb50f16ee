//! From the space's values to classes: which values the evaluator cannot tell apart, and
//! the grid of classes, each evaluated once through the evaluator itself.
//!
//! The evaluator checks a commitment as a sequence of steps, each of which reads the
//! context (date, target) and one group of fields (the space's components). Two values of
//! a component that give every step the same result in every context, the other
//! components held at a baseline, are one class; two dates (or targets) that give every
//! step of every component value the same result are one class. The grid is the product of
//! the classes; each of its points is a concrete incident the evaluator is asked about.
//! A last pass merges any two values of an axis whose slices of the grid are equal, which
//! is exact by construction. The property tests check the rest against the evaluator.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use casus_core::eval::{Evaluator, Location, Options, Truth, Verdict, locate};
use casus_core::model::Incident;
use casus_core::vocab::VerdictKind;

use crate::Outcome;
use crate::space::{Field, Side, Space, Value, incident};

/// An axis of the grid: a component's classes (or the date's, or the target's), each a
/// list of value combinations (one index per field of the component), the first its
/// representative.
#[derive(Clone, Debug)]
pub struct Axis {
    /// The fields of the space this axis sets (indices into `Space::fields`).
    pub fields: Vec<usize>,
    /// The classes: each a list of combinations of the fields' value indices.
    pub classes: Vec<Vec<Vec<usize>>>,
}

/// A node of the decision tree over the grid's axes, in their order: a leaf is one outcome
/// pair for every point below it (the axes from its depth on are free).
#[derive(Clone, Debug)]
pub enum Node {
    /// The outcome pair (an index into [`Grid::outcomes`]) of every point below.
    Leaf(u32),
    /// Children over the classes of the axis at this depth: each holds a group of classes
    /// that lead to the same outcomes (the groups partition the axis's classes).
    Branch(Vec<(Vec<usize>, Node)>),
}

/// The evaluated grid: the axes and the decision tree of outcomes over them.
#[derive(Clone, Debug)]
pub struct Grid {
    /// The axes, in the order the tree branches on them.
    pub axes: Vec<Axis>,
    /// The tree.
    pub root: Node,
    /// The distinct outcome pairs (A, B).
    pub outcomes: Vec<(Outcome, Outcome)>,
    /// How many evaluations of one commitment the diff made (signatures and leaves).
    pub evaluations: u64,
    /// The number of leaves (each one evaluated incident).
    pub leaves: usize,
}

/// A cube of the grid: for each axis, the classes it takes.
pub type Cube = Vec<Vec<usize>>;

impl Grid {
    /// The number of classes (points of the grid).
    pub fn len(&self) -> u64 {
        self.axes.iter().map(|a| a.classes.len() as u64).product()
    }

    /// Whether the grid has no point (never: every axis has a class).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cube of every point.
    pub fn all(&self) -> Cube {
        self.axes.iter().map(|a| (0..a.classes.len()).collect()).collect()
    }

    /// The outcome pair at a point.
    pub fn at(&self, coords: &[usize]) -> u32 {
        let mut node = &self.root;
        let mut depth = 0;
        loop {
            match node {
                Node::Leaf(o) => return *o,
                Node::Branch(children) => {
                    let c = coords[depth];
                    node = match children.iter().find(|(g, _)| g.contains(&c)) {
                        Some((_, n)) => n,
                        None => return u32::MAX,
                    };
                    depth += 1;
                }
            }
        }
    }

    /// Every leaf as a cube with its outcome pair.
    pub fn leaf_cubes(&self) -> Vec<(Cube, u32)> {
        let mut out = Vec::new();
        self.intersect(&self.all(), &mut |c, o| out.push((c, o)));
        out
    }

    /// Calls `f` with each part of `cube` a leaf decides, and that leaf's outcome pair.
    pub fn intersect(&self, cube: &Cube, f: &mut dyn FnMut(Cube, u32)) {
        fn walk(node: &Node, depth: usize, cube: &Cube, prefix: &mut Vec<Vec<usize>>, f: &mut dyn FnMut(Cube, u32)) {
            match node {
                Node::Leaf(o) => {
                    let mut c = prefix.clone();
                    c.extend(cube[depth..].iter().cloned());
                    f(c, *o);
                }
                Node::Branch(children) => {
                    for (group, child) in children {
                        let part: Vec<usize> = group.iter().copied().filter(|v| cube[depth].contains(v)).collect();
                        if part.is_empty() {
                            continue;
                        }
                        prefix.push(part);
                        walk(child, depth + 1, cube, prefix, f);
                        prefix.pop();
                    }
                }
            }
        }
        walk(&self.root, 0, cube, &mut Vec::new(), f);
    }

    /// Whether every point of `cube` has the outcome pair `cell`.
    pub fn within(&self, cube: &Cube, cell: u32) -> bool {
        fn walk(node: &Node, depth: usize, cube: &Cube, cell: u32) -> bool {
            match node {
                Node::Leaf(o) => *o == cell,
                Node::Branch(children) => children
                    .iter()
                    .filter(|(g, _)| g.iter().any(|v| cube[depth].contains(v)))
                    .all(|(_, child)| walk(child, depth + 1, cube, cell)),
            }
        }
        walk(&self.root, 0, cube, cell)
    }

    /// How many points of each outcome pair.
    pub fn counts(&self) -> std::collections::BTreeMap<u32, u64> {
        let mut m = std::collections::BTreeMap::new();
        self.intersect(&self.all(), &mut |c, o| *m.entry(o).or_default() += size(&c));
        m
    }

    /// The field values of a point's representative: one index per field of the space.
    pub fn choice(&self, space: &Space, coords: &[usize]) -> Vec<usize> {
        let mut choice = vec![0; space.fields.len()];
        for (a, &c) in self.axes.iter().zip(coords) {
            for (f, &v) in a.fields.iter().zip(&a.classes[c][0]) {
                choice[*f] = v;
            }
        }
        choice
    }
}

/// The number of points of a cube.
pub fn size(cube: &Cube) -> u64 {
    cube.iter().map(|s| s.len() as u64).product()
}

/// Evaluates both sides of a diff on incidents of its space, with the location of each
/// (date, place) resolved once.
pub struct Probe<'a> {
    /// The space the incidents are built in.
    pub space: &'a Space,
    sides: [Side<'a>; 2],
    evaluators: [Evaluator<'a>; 2],
    /// `locations[side][date][place]`.
    locations: [Vec<Vec<Location>>; 2],
    date_field: usize,
    place_field: Option<usize>,
}

impl<'a> Probe<'a> {
    /// A probe over `space` for `sides`.
    pub fn new(space: &'a Space, sides: [Side<'a>; 2], options: Options) -> Probe<'a> {
        let date_field = space.fields.iter().position(|(f, _)| *f == Field::Date).unwrap_or(0);
        let place_field = space.fields.iter().position(|(f, _)| *f == Field::Place);
        let dates = &space.fields[date_field].1;
        let places: &[Value] = place_field.map_or(&[], |p| &space.fields[p].1);
        let locations = sides.map(|side| {
            dates
                .iter()
                .map(|d| {
                    let mut inc = Incident::new("where", "");
                    if let Value::Date(Some(d)) = d {
                        inc.on = Some(casus_syntax::Spanned::detached(*d));
                    }
                    if places.is_empty() {
                        return vec![locate(side.library, &inc)];
                    }
                    places
                        .iter()
                        .map(|p| {
                            if let Value::Place(p) = p {
                                inc.region = p.region.clone().map(casus_syntax::Spanned::detached);
                                inc.at = p.at.map(casus_syntax::Spanned::detached);
                            }
                            locate(side.library, &inc)
                        })
                        .collect()
                })
                .collect()
        });
        let evaluators = sides.map(|s| Evaluator::new(s.library, options));
        Probe { space, sides, evaluators, locations, date_field, place_field }
    }

    /// The verdicts of each side's counted commitments on the incident `choice` builds.
    pub fn verdicts(&self, choice: &[usize]) -> [Vec<Verdict>; 2] {
        self.each(choice, false)
    }

    /// Like [`Probe::verdicts`], with each commitment split into the evaluations its
    /// verdict is made of where deployed forces stand ([`Evaluator::commitment_parts`]),
    /// side by side: at one date, target, place and answer to `forces hit`, every incident
    /// gives the same number of parts.
    pub fn parts(&self, choice: &[usize]) -> [Vec<Verdict>; 2] {
        self.each(choice, true)
    }

    /// Each counted commitment of each side evaluated on the incident `choice` builds, at
    /// its location resolved once: its verdict, or with `parts` the parts it is made of.
    fn each(&self, choice: &[usize], parts: bool) -> [Vec<Verdict>; 2] {
        let inc = incident(self.space, choice, "diff-class");
        let d = choice[self.date_field];
        let p = self.place_field.map_or(0, |f| choice[f]);
        [0, 1].map(|s| {
            let side = self.sides[s];
            let t = side.treaty();
            let loc = &self.locations[s][d][p];
            let e = &self.evaluators[s];
            side.commitments()
                .flat_map(
                    |c| if parts { e.commitment_parts(t, c, &inc, loc) } else { vec![e.commitment(t, c, &inc, loc)] },
                )
                .collect()
        })
    }

    /// The sides.
    pub fn sides(&self) -> [Side<'a>; 2] {
        self.sides
    }

    /// The resolved location of a place value on a date value, for side `s`.
    pub fn location(&self, s: usize, date: usize, place: usize) -> &Location {
        let row = &self.locations[s][date];
        &row[place.min(row.len() - 1)]
    }
}

/// How far a pair of evaluations goes towards something owed: the baseline is chosen to
/// make as many steps hold as it can, so that no step is hidden behind an early failure.
fn holds(vs: &[Vec<Verdict>; 2]) -> i64 {
    vs.iter()
        .flatten()
        .flat_map(|v| &v.trace)
        .map(|s| match s.result {
            Truth::True => 1,
            Truth::Unknown => 0,
            Truth::False => -1,
        })
        .sum()
}

/// Every combination of the values of `fields`, first field slowest.
fn combos(space: &Space, fields: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for &f in fields {
        let n = space.fields[f].1.len();
        out = out.into_iter().flat_map(|c| (0..n).map(move |v| [c.clone(), vec![v]].concat())).collect();
    }
    out
}

/// A first guess at the baseline: the value of each field most likely to let the steps
/// hold (a named state's attack, confirmed, intended, an invasion, of territory).
fn first_guess(space: &Space) -> Vec<usize> {
    use casus_core::model::Actor;
    use casus_core::vocab::{Confidence, ObjectKind, Severity, Tri};
    space
        .fields
        .iter()
        .map(|(f, values)| {
            let find = |p: &dyn Fn(&Value) -> bool| values.iter().position(p).unwrap_or(0);
            match f {
                Field::Actor => {
                    find(&|v| matches!(v, Value::Actor(Actor::States(s)) if s.len() == 1 && s[0].value == space.other))
                }
                Field::Attribution => find(&|v| *v == Value::Attribution(Some(Confidence::Confirmed))),
                Field::Initiator => find(&|v| *v == Value::State(Some(space.other.clone()))),
                Field::Severity => find(&|v| *v == Value::Severity(Some(Severity::Invasion))),
                Field::Intent | Field::Judged(_) | Field::ForcesHit => find(&|v| *v == Value::Answer(Some(Tri::Yes))),
                Field::Duration | Field::Domains | Field::Weapons => values.len().saturating_sub(1),
                Field::Object => find(&|v| *v == Value::Object(Some(ObjectKind::Territory))),
                _ => 0,
            }
        })
        .collect()
}

/// One commitment's evaluation, compactly: its steps (label hash, result, what a failure
/// gives) and a hash of who owes when the verdict owes.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Traced {
    steps: Vec<(u64, u8, u8)>,
    owing: u64,
    /// Whether the treaty's life ended the evaluation early (not in force).
    cut: bool,
}

fn traced(vs: &[Vec<Verdict>; 2]) -> [Vec<Traced>; 2] {
    let h = |x: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        x.hash(&mut h);
        h.finish()
    };
    [0, 1].map(|s| {
        vs[s]
            .iter()
            .map(|v| {
                let owes =
                    matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate | VerdictKind::Violated);
                let mut g = std::collections::hash_map::DefaultHasher::new();
                (owes, &v.would_owe).hash(&mut g);
                Traced {
                    steps: v.trace.iter().map(|st| (h(&st.condition), st.result as u8, st.fails_as as u8)).collect(),
                    owing: g.finish(),
                    cut: v.verdict == VerdictKind::NotInForce,
                }
            })
            .collect()
    })
}

/// For each value of a component, per context: the hash of what the component's own steps
/// say of each commitment (the steps whose result changes with the value: the first that
/// fails and what it gives, else whether one waits on an unknown), with who owes; and
/// whether the value fails a step of each commitment (it then decides that the commitment
/// is not due, whatever the other components).
#[allow(clippy::type_complexity)]
fn statuses(
    evals: &[Vec<[Vec<Traced>; 2]>],
    baselines: &[[Vec<Traced>; 2]],
    contexts: usize,
) -> (Vec<(Vec<u64>, Vec<[Vec<Status>; 2]>)>, Vec<[Vec<std::collections::HashSet<u64>>; 2]>) {
    let mut out: Vec<(Vec<u64>, Vec<[Vec<Status>; 2]>)> = (0..evals.len()).map(|_| (Vec::new(), Vec::new())).collect();
    let mut all_varying = Vec::new();
    for k in 0..contexts {
        // The labels whose result (or presence) varies with the value, per side and commitment.
        let varying: [Vec<std::collections::HashSet<u64>>; 2] = [0, 1].map(|s| {
            let n = evals.first().map_or(0, |e| e[k][s].len());
            (0..n)
                .map(|c| {
                    // A label varies when its result differs between two values, or when one
                    // value's evaluation has it and another's (not cut short) does not —
                    // unless the point's baseline reaches it: then the values that reach it
                    // give the baseline's result, and the step reads other fields (the
                    // component that varies it, or the point itself, accounts for it).
                    let mut first: HashMap<u64, u8> = HashMap::new();
                    let mut vary = std::collections::HashSet::new();
                    for e in evals {
                        for (l, r, _) in &e[k][s][c].steps {
                            match first.get(l) {
                                Some(x) if x != r => {
                                    vary.insert(*l);
                                }
                                None => {
                                    first.insert(*l, *r);
                                }
                                _ => {}
                            }
                        }
                    }
                    let at_base: std::collections::HashSet<u64> = baselines[k][s]
                        .get(c)
                        .map_or_else(Default::default, |b| b.steps.iter().map(|(l, _, _)| *l).collect());
                    for e in evals.iter().filter(|e| !e[k][s][c].cut) {
                        let here: std::collections::HashSet<u64> =
                            e[k][s][c].steps.iter().map(|(l, _, _)| *l).collect();
                        for l in first.keys() {
                            if !here.contains(l) && !at_base.contains(l) {
                                vary.insert(*l);
                            }
                        }
                    }
                    vary
                })
                .collect()
        });
        for (i, e) in evals.iter().enumerate() {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            let kills: [Vec<Status>; 2] = [0, 1].map(|s| {
                e[k][s]
                    .iter()
                    .enumerate()
                    .map(|(c, t)| {
                        let own: Vec<&(u64, u8, u8)> =
                            t.steps.iter().filter(|(l, _, _)| varying[s][c].contains(l)).collect();
                        let failed = own.iter().find(|(_, r, _)| *r == Truth::False as u8);
                        let status: (u8, u8) = match failed {
                            Some((_, _, f)) => (0, *f),
                            None if own.iter().any(|(_, r, _)| *r == Truth::Unknown as u8) => (1, 0),
                            None => (2, 0),
                        };
                        (s, c, status, t.owing).hash(&mut h);
                        let level = match status {
                            (0, f) if f == VerdictKind::NotInForce as u8 => NIF,
                            (0, f) if f == VerdictKind::NotTriggered as u8 => NT,
                            // A failure that gives something else (a deployment's own
                            // verdict) decides nothing here.
                            (0, _) => OPAQUE,
                            (1, _) => U,
                            _ => T,
                        };
                        Status { level, owing: t.owing }
                    })
                    .collect()
            });
            out[i].0.push(h.finish());
            out[i].1.push(kills);
        }
        all_varying.push(varying);
    }
    (out, all_varying)
}

/// What a class of a component does to one commitment in one context: how far its own
/// steps let the commitment go, and who owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    /// [`NIF`], [`NT`], [`U`], [`T`] (or [`OPAQUE`]).
    pub level: u8,
    /// A hash of the verdict's owing states.
    pub owing: u64,
}

/// A step of the class fails and the treaty is not in force.
pub const NIF: u8 = 0;
/// A step of the class fails: not triggered.
pub const NT: u8 = 1;
/// A step of the class waits on an unknown.
pub const U: u8 = 2;
/// Every step of the class holds.
pub const T: u8 = 3;
/// A step fails with a verdict of its own (a deployment's): nothing follows from it.
pub const OPAQUE: u8 = 4;

/// Builds and evaluates the grid of `space` for two sides. `progress` is called with the
/// share done, from 0 to 1.
///
/// The tree branches on the date, the target, the events, the place and then the other
/// components. Below a node where every commitment of both designs is decided not due —
/// a value on the path fails one of its steps, as the signatures recorded it — every point
/// has the same outcome, and one evaluation stands for all of them (a design whose
/// deployments could carry the incident to other states' forces waits for the place, and
/// a place near a drawn edge decides nothing).
pub fn grid(probe: &Probe<'_>, progress: &(dyn Fn(f64) + Sync)) -> Result<Grid, crate::TooLarge> {
    use rayon::prelude::*;
    let space = probe.space;
    let ctx_fields = &space.components[0];
    let contexts = combos(space, ctx_fields);
    let mut comps: Vec<(Vec<usize>, Vec<Vec<usize>>)> =
        space.components[1..].iter().map(|c| (c.clone(), combos(space, c))).collect();
    // Places the evaluator cannot tell apart (the same holders on every date, in the same
    // named regions, seas and continents) are tried once: the others join their class.
    let place_field = space.fields.iter().position(|(f, _)| *f == Field::Place);
    let place_rep: Vec<usize> = match place_field {
        Some(pf) => place_groups(probe, pf),
        None => Vec::new(),
    };
    if let Some(pf) = place_field {
        for (fields, values) in &mut comps {
            if let Some(slot) = fields.iter().position(|f| *f == pf) {
                values.retain(|c| place_rep[c[slot]] == c[slot]);
            }
        }
    }

    // The baseline, improved one component at a time in one context (the last known date,
    // the first target).
    let mut base = first_guess(space);
    // The context where the first guess lets the most steps hold.
    let probe_ctx = contexts
        .par_iter()
        .map(|c| {
            let mut choice = base.clone();
            for (f, &v) in ctx_fields.iter().zip(c) {
                choice[*f] = v;
            }
            (holds(&probe.verdicts(&choice)), c.clone())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .max_by_key(|(h, _)| *h)
        .map(|(_, c)| c)
        .unwrap_or_else(|| contexts[0].clone());
    for (f, &v) in ctx_fields.iter().zip(&probe_ctx) {
        base[*f] = v;
    }
    let mut evaluations = 0u64;
    let per_eval: u64 = probe.sides().iter().map(|s| s.commitments().count() as u64).sum();
    for (fields, values) in &comps {
        let best = values
            .par_iter()
            .map(|combo| {
                let mut choice = base.clone();
                for (f, &v) in fields.iter().zip(combo) {
                    choice[*f] = v;
                }
                holds(&probe.verdicts(&choice))
            })
            .collect::<Vec<i64>>();
        evaluations += values.len() as u64 * per_eval;
        let current: Vec<usize> = fields.iter().map(|f| base[*f]).collect();
        let current_score = values.iter().position(|c| *c == current).map_or(i64::MIN, |i| best[i]);
        if let Some((i, _)) =
            best.iter().enumerate().filter(|(_, s)| **s > current_score).max_by_key(|(i, s)| (**s, -(*i as i64)))
        {
            for (f, &v) in fields.iter().zip(&values[i]) {
                base[*f] = v;
            }
        }
    }
    progress(0.05);
    // The baseline in each context, with the answers about events that let the treaties
    // apply on that date (else every evaluation there would stop at the treaty's life and
    // say nothing of the other components).
    let event_comp = comps.iter().position(|(f, _)| f.iter().any(|x| matches!(space.fields[*x].0, Field::Event(_))));
    let actor_comp = comps.iter().position(|(f, _)| f.iter().any(|x| space.fields[*x].0 == Field::Actor));
    let ctx_bases: Vec<Vec<usize>> = contexts
        .par_iter()
        .map(|ctx| {
            let mut choice = base.clone();
            for (f, &v) in ctx_fields.iter().zip(ctx) {
                choice[*f] = v;
            }
            // Events first (they decide whether anything applies), then every component
            // but the actor's, so that who owes shows wherever something can be owed.
            let order = event_comp
                .into_iter()
                .chain((0..comps.len()).filter(|k| Some(*k) != event_comp && Some(*k) != actor_comp));
            for e in order {
                let (fields, values) = &comps[e];
                let current: Vec<usize> = fields.iter().map(|f| choice[*f]).collect();
                let score = |combo: &Vec<usize>| {
                    let mut c = choice.clone();
                    for (f, &v) in fields.iter().zip(combo) {
                        c[*f] = v;
                    }
                    holds(&probe.verdicts(&c))
                };
                // A place where deployments could carry the incident to other forces
                // would hide what the other components do: the baseline stands elsewhere.
                let slot = place_field.and_then(|pf| fields.iter().position(|f| *f == pf));
                let date = ctx[0];
                let usable = |combo: &Vec<usize>| {
                    slot.is_none_or(|sl| !carries_any(probe, space, ctx_fields[0], date, combo[sl]))
                };
                let mut best = (if usable(&current) { score(&current) } else { i64::MIN }, current);
                for combo in values.iter().filter(|c| usable(c)) {
                    let s = score(combo);
                    if s > best.0 {
                        best = (s, combo.clone());
                    }
                }
                for (f, &v) in fields.iter().zip(&best.1) {
                    choice[*f] = v;
                }
            }
            choice
        })
        .collect();
    evaluations += (contexts.len()
        * comps.iter().enumerate().filter(|(k, _)| Some(*k) != actor_comp).map(|(_, c)| c.1.len() + 1).sum::<usize>())
        as u64
        * per_eval;
    let ctx_choice = |ctx: &[usize]| {
        let k = contexts.iter().position(|c| c.as_slice() == ctx).unwrap_or(0);
        ctx_bases[k].clone()
    };

    // Where each value is measured: each context's baseline, and, in each context, the
    // baseline moved to each place (with its object and forces hit) where deployments stand
    // on the date. There an incident can reach other states' forces, and a value may do
    // something it does nowhere else (an actor that is also a deploying state): values are
    // one class only when they do the same in both kinds of place.
    let place_comp = place_field.and_then(|pf| comps.iter().position(|(f, _)| f.contains(&pf)));
    let mut points: Vec<(usize, Vec<usize>)> =
        contexts.iter().enumerate().map(|(k, ctx)| (k, ctx_choice(ctx))).collect();
    if let (Some(pc), Some(pf)) = (place_comp, place_field) {
        let (fields, values) = &comps[pc];
        for (k, ctx) in contexts.iter().enumerate() {
            for combo in values {
                let place = combo[fields.iter().position(|f| *f == pf).unwrap_or(0)];
                // Forces said not to be hit leave the verdict as at any other place.
                if deployed_any(probe, space, ctx_fields[0], ctx[0], place) && !not_hit(space, fields, combo) {
                    let mut choice = ctx_choice(ctx);
                    for (f, &v) in fields.iter().zip(combo) {
                        choice[*f] = v;
                    }
                    points.push((k, choice));
                }
            }
        }
    }

    // At a place where forces stand, each commitment is followed as the evaluations its
    // verdict is made of (the place as though no forces stood there, then an attack on each
    // deploying state's forces): each is an evaluation without deployments, whose steps the
    // tree can follow as anywhere else.
    let at_point = |p: usize, choice: &[usize]| -> [Vec<Traced>; 2] {
        if p < contexts.len() { traced(&probe.verdicts(choice)) } else { traced(&probe.parts(choice)) }
    };
    let baselines: Vec<[Vec<Traced>; 2]> =
        (0..points.len()).into_par_iter().map(|p| at_point(p, &points[p].1)).collect();
    evaluations += points.len() as u64 * per_eval;
    let hubs: HashMap<(usize, Vec<usize>), usize> = match place_comp {
        Some(pc) => (contexts.len()..points.len())
            .map(|p| ((points[p].0, comps[pc].0.iter().map(|f| points[p].1[*f]).collect()), p))
            .collect(),
        None => HashMap::new(),
    };

    // Statuses and kills: for every component value and every point of measure.
    let total_sigs: usize = comps.iter().map(|(_, v)| v.len()).sum::<usize>() * points.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    #[allow(clippy::type_complexity)]
    let analysed: Vec<(Vec<(Vec<u64>, Vec<[Vec<Status>; 2]>)>, Vec<[Vec<std::collections::HashSet<u64>>; 2]>)> = comps
        .iter()
        .enumerate()
        .map(|(ci, (fields, values))| {
            // evals[value][point]
            let evals: Vec<Vec<[Vec<Traced>; 2]>> = values
                .par_iter()
                .map(|combo| {
                    let mut out: Vec<[Vec<Traced>; 2]> = Vec::with_capacity(points.len());
                    for (p, (_, base)) in points.iter().enumerate() {
                        if Some(ci) == place_comp && (p >= contexts.len() || hubs.contains_key(&(p, combo.clone()))) {
                            // The place is the point's own: nothing of the place varies there.
                            // And a place where forces stand is followed from its own point:
                            // what its verdicts mix in there says nothing of the others.
                            out.push(baselines[p].clone());
                            continue;
                        }
                        let mut choice = base.clone();
                        for (f, &v) in fields.iter().zip(combo) {
                            choice[*f] = v;
                        }
                        out.push(at_point(p, &choice));
                    }
                    let d = done.fetch_add(points.len(), std::sync::atomic::Ordering::Relaxed);
                    if d % 4096 < points.len() {
                        progress(0.05 + 0.45 * d as f64 / total_sigs.max(1) as f64);
                    }
                    out
                })
                .collect();
            statuses(&evals, &baselines, points.len())
        })
        .collect();
    let copied = place_comp.map_or(0, |pc| comps[pc].1.len() * (points.len() - contexts.len()));
    evaluations += (total_sigs - copied) as u64 * per_eval;
    #[allow(clippy::type_complexity)]
    let (sigs, varying): (
        Vec<Vec<(Vec<u64>, Vec<[Vec<Status>; 2]>)>>,
        Vec<Vec<[Vec<std::collections::HashSet<u64>>; 2]>>,
    ) = analysed.into_iter().unzip();
    // What the context alone does to each commitment: its steps no component varies.
    let initial: Vec<[Vec<u8>; 2]> = (0..points.len())
        .map(|k| {
            [0, 1].map(|s| {
                baselines[k][s]
                    .iter()
                    .enumerate()
                    .map(|(c, t)| {
                        let mut level = T;
                        for (l, r, f) in &t.steps {
                            if varying.iter().any(|v| v[k][s].get(c).is_some_and(|set| set.contains(l))) {
                                continue;
                            }
                            let here = if *r == Truth::False as u8 {
                                if *f == VerdictKind::NotInForce as u8 {
                                    NIF
                                } else if *f == VerdictKind::NotTriggered as u8 {
                                    NT
                                } else {
                                    OPAQUE
                                }
                            } else if *r == Truth::Unknown as u8 {
                                U
                            } else {
                                T
                            };
                            if here == OPAQUE {
                                level = OPAQUE;
                                break;
                            }
                            level = level.min(here);
                        }
                        level
                    })
                    .collect()
            })
        })
        .collect();
    let baseline_keys: Vec<u64> = baselines
        .iter()
        .map(|b| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for side in b {
                for c in side {
                    c.hash(&mut h);
                }
            }
            h.finish()
        })
        .collect();

    // Classes: the context axes (dates, then targets), then each component.
    let n_dates = space.fields[ctx_fields[0]].1.len();
    let n_targets = space.fields[ctx_fields[1]].1.len();
    let ctx_key = |pick: &dyn Fn(usize) -> bool| -> Vec<u64> {
        let mut key: Vec<u64> =
            baseline_keys.iter().enumerate().filter(|(p, _)| pick(points[*p].0)).map(|(_, h)| *h).collect();
        for comp in &sigs {
            for (value, _) in comp {
                for (p, s) in value.iter().enumerate() {
                    if pick(points[p].0) {
                        key.push(*s);
                    }
                }
            }
        }
        key
    };
    let date_keys: Vec<Vec<u64>> = (0..n_dates).map(|d| ctx_key(&|k| contexts[k][0] == d)).collect();
    let target_keys: Vec<Vec<u64>> = (0..n_targets).map(|t| ctx_key(&|k| contexts[k][1] == t)).collect();
    let date_axis = Axis {
        fields: vec![ctx_fields[0]],
        classes: group(&date_keys).into_iter().map(|c| c.into_iter().map(|v| vec![v]).collect()).collect(),
    };
    let target_axis = Axis {
        fields: vec![ctx_fields[1]],
        classes: group(&target_keys).into_iter().map(|c| c.into_iter().map(|v| vec![v]).collect()).collect(),
    };
    // A side whose design deployments weigh can be carried to other forces: until a place
    // is chosen, its commitments are followed class by class, not by how far their steps
    // go; at a place where forces stand, by the evaluations its verdicts are made of.
    let sides = probe.sides();
    let opaque: [bool; 2] = [0, 1].map(|s| {
        let t = sides[s].treaty();
        sides[s]
            .library
            .deployments
            .iter()
            .any(|d| d.treaties.is_empty() || d.treaties.iter().any(|x| x.value == t.id.value))
    });
    let hub_combos: std::collections::HashSet<&Vec<usize>> = hubs.keys().map(|(_, combo)| combo).collect();
    // Component axes with, per class, the index of its representative value.
    let mut comp_axes: Vec<(Axis, Vec<usize>, usize)> = comps
        .iter()
        .zip(&sigs)
        .enumerate()
        .map(|(k, ((fields, values), comp_sigs))| {
            // A place where forces stand is followed from its own point of measure: it is a
            // class of its own.
            let keys: Vec<(&Vec<u64>, Option<usize>)> = comp_sigs
                .iter()
                .enumerate()
                .map(|(i, (s, _))| {
                    let hub = Some(k) == place_comp && hub_combos.contains(&values[i]);
                    (s, hub.then_some(i))
                })
                .collect();
            let groups = group(&keys);
            let reps = groups.iter().map(|g| g[0]).collect();
            let slot = place_field.and_then(|pf| fields.iter().position(|f| *f == pf));
            let classes = groups
                .into_iter()
                .map(|c| {
                    c.into_iter()
                        .flat_map(|i| {
                            let combo = values[i].clone();
                            match slot {
                                // The places of the representative's group, representative first.
                                Some(sl) => (0..place_rep.len())
                                    .filter(|&p| place_rep[p] == combo[sl])
                                    .map(|p| {
                                        let mut c = combo.clone();
                                        c[sl] = p;
                                        c
                                    })
                                    .collect::<Vec<_>>(),
                                None => vec![combo],
                            }
                        })
                        .collect()
                })
                .collect();
            (Axis { fields: fields.clone(), classes }, reps, k)
        })
        .collect();
    // Branch on events and the place first: they decide most. When forces may stand at
    // the place, the place comes first: the points of measure below it are the place's.
    let place_first = opaque.iter().any(|o| *o);
    let rank = |a: &Axis| {
        let event = a.fields.iter().any(|f| matches!(space.fields[*f].0, Field::Event(_)));
        let place = a.fields.iter().any(|f| Some(*f) == place_field);
        match (event, place) {
            (true, _) => u8::from(place_first),
            (_, true) => u8::from(!place_first),
            _ => 2,
        }
    };
    comp_axes.sort_by_key(|(a, _, k)| (rank(a), *k));
    let mut axes = vec![date_axis, target_axis];
    axes.extend(comp_axes.iter().map(|(a, _, _)| a.clone()));

    let tree = Tree {
        probe,
        space,
        axes: &axes,
        comp: &comp_axes,
        sigs: &sigs,
        contexts: &contexts,
        initial: &initial,
        hubs: &hubs,
        opaque,
        place_field,
        date_field: ctx_fields[0],
        event_axis: axes.iter().position(|a| a.fields.iter().any(|f| matches!(space.fields[*f].0, Field::Event(_)))),
        leaves: std::sync::atomic::AtomicUsize::new(0),
        pairs: std::sync::Mutex::new(Vec::new()),
    };
    let root = tree.root(progress)?;
    let leaves = tree.leaves.load(std::sync::atomic::Ordering::Relaxed);
    let pairs = tree.pairs.into_inner().unwrap_or_else(|e| e.into_inner());
    progress(1.0);
    Ok(Grid { axes, root, outcomes: pairs, evaluations: evaluations + leaves as u64 * per_eval, leaves })
}

/// The most leaves a diff evaluates before it refuses (a bound on time and memory).
pub const MAX_LEAVES: usize = 2_000_000;

struct Tree<'a, 'p> {
    probe: &'a Probe<'p>,
    space: &'a Space,
    axes: &'a [Axis],
    comp: &'a [(Axis, Vec<usize>, usize)],
    #[allow(clippy::type_complexity)]
    sigs: &'a [Vec<(Vec<u64>, Vec<[Vec<Status>; 2]>)>],
    contexts: &'a [Vec<usize>],
    /// What each point of measure alone does to each commitment (or part of one).
    initial: &'a [[Vec<u8>; 2]],
    /// The point of measure of each (context, place combination) where forces stand.
    hubs: &'a HashMap<(usize, Vec<usize>), usize>,
    opaque: [bool; 2],
    place_field: Option<usize>,
    date_field: usize,
    /// The depth of the events' axis, if any.
    event_axis: Option<usize>,
    leaves: std::sync::atomic::AtomicUsize,
    pairs: std::sync::Mutex<Vec<(Outcome, Outcome)>>,
}

/// Where a path of the tree stands: per side and commitment, how far the commitment can
/// still go (the least level of the classes so far), and a hash of what else the classes
/// said that the outcome may depend on.
#[derive(Clone)]
struct State {
    levels: [Vec<u8>; 2],
    memo: u64,
    /// The point of measure whose statuses apply: the context's, or the place's where forces
    /// stand (then `levels` are of the parts of each commitment).
    point: usize,
    /// Per side, whether deployments may still carry the incident to other forces (until
    /// a place without any is chosen): such a side is followed class by class.
    opaque: [bool; 2],
}

impl Tree<'_, '_> {
    fn root(&self, progress: &(dyn Fn(f64) + Sync)) -> Result<Node, crate::TooLarge> {
        use rayon::prelude::*;
        let nd = self.axes[0].classes.len();
        let nt = self.axes[1].classes.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let dates: Result<Vec<(Vec<usize>, Node)>, crate::TooLarge> = (0..nd)
            .into_par_iter()
            .map(|d| {
                let targets: Result<Vec<(Vec<usize>, Node)>, crate::TooLarge> = (0..nt)
                    .into_par_iter()
                    .map(|t| {
                        let date = self.axes[0].classes[d][0][0];
                        let target = self.axes[1].classes[t][0][0];
                        let ctx = self.contexts.iter().position(|c| c[0] == date && c[1] == target).unwrap_or(0);
                        let state =
                            State { levels: self.initial[ctx].clone(), memo: 0, point: ctx, opaque: self.opaque };
                        let node = self.build(&mut vec![vec![d], vec![t]], ctx, state)?;
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        progress(0.5 + 0.5 * (n + 1) as f64 / (nd * nt) as f64);
                        Ok((vec![t], node))
                    })
                    .collect();
                Ok((vec![d], simplify(targets?)))
            })
            .collect();
        Ok(simplify(dates?))
    }

    /// Whether every commitment of the sides followed by level is decided not due, and
    /// no side is followed class by class.
    fn decided(&self, st: &State, depth: usize) -> bool {
        // Only the events (and the context) can still make a treaty not in force, and that
        // comes first: "not triggered" is final once they are set.
        let events_set = self.event_axis.is_none_or(|e| depth > e);
        (0..2).all(|s| !st.opaque[s] && st.levels[s].iter().all(|l| *l == NIF || (*l <= NT && events_set)))
    }

    fn leaf(&self, path: &[Vec<usize>]) -> Result<Node, crate::TooLarge> {
        let n = self.leaves.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n >= MAX_LEAVES {
            return Err(crate::TooLarge {
                points: self.axes.iter().map(|a| a.classes.len() as u64).product(),
                limit: MAX_LEAVES as u64,
                axes: self.axes.iter().map(|a| a.classes.len()).collect(),
            });
        }
        let mut choice = vec![0; self.space.fields.len()];
        for (k, a) in self.axes.iter().enumerate() {
            let c = path.get(k).map_or(0, |g| g[0]);
            for (f, &v) in a.fields.iter().zip(&a.classes[c][0]) {
                choice[*f] = v;
            }
        }
        let vs = self.probe.verdicts(&choice);
        let pair = (Outcome::of(&vs[0]), Outcome::of(&vs[1]));
        let mut pairs = self.pairs.lock().unwrap_or_else(|e| e.into_inner());
        let id = match pairs.iter().position(|p| *p == pair) {
            Some(i) => i,
            None => {
                pairs.push(pair);
                pairs.len() - 1
            }
        };
        Ok(Node::Leaf(id as u32))
    }

    #[allow(clippy::needless_range_loop)]
    fn build(&self, path: &mut Vec<Vec<usize>>, ctx: usize, st: State) -> Result<Node, crate::TooLarge> {
        let depth = path.len();
        if depth == self.axes.len() || self.decided(&st, depth) {
            return self.leaf(path);
        }
        let (axis, reps, k) = &self.comp[depth - 2];
        // Group the classes by what they do to the state.
        let mut groups: Vec<(State, Vec<usize>)> = Vec::new();
        let mut keys: Vec<(Vec<u8>, Vec<u8>, u64)> = Vec::new();
        let place_slot = self.place_field.and_then(|pf| axis.fields.iter().position(|f| *f == pf));
        for cls in 0..axis.classes.len() {
            let status = &self.sigs[*k][reps[cls]].1[st.point];
            let mut next = st.clone();
            let hub = place_slot.and_then(|_| self.hubs.get(&(ctx, axis.classes[cls][0].clone())));
            if let (Some(&p), Some(slot)) = (hub, place_slot) {
                // Forces stand here: from now on, the parts of each commitment, measured at
                // this place (only the date and target are above it).
                let date = self.contexts[ctx][0];
                let mut memo = std::collections::hash_map::DefaultHasher::new();
                (st.memo, p).hash(&mut memo);
                next.point = p;
                next.levels = self.initial[p].clone();
                next.memo = memo.finish();
                for s in 0..2 {
                    next.opaque[s] =
                        next.opaque[s] && self.probe.location(s, date, axis.classes[cls][0][slot]).near.is_some();
                }
                keys.push((next.levels[0].clone(), next.levels[1].clone(), next.memo));
                groups.push((next, vec![cls]));
                continue;
            }
            if let Some(slot) = place_slot {
                // A place where no deployment stands (and no drawn edge is near) settles it.
                let date = self.contexts[ctx][0];
                for s in 0..2 {
                    if next.opaque[s] {
                        next.opaque[s] = axis.classes[cls].iter().any(|combo| {
                            let loc = self.probe.location(s, date, combo[slot]);
                            loc.near.is_some()
                                || (!not_hit(self.space, &axis.fields, combo)
                                    && deployed(self.probe, self.space, self.date_field, s, date, combo[slot]))
                        });
                    }
                }
            }
            let mut memo = std::collections::hash_map::DefaultHasher::new();
            st.memo.hash(&mut memo);
            for s in 0..2 {
                for (c, level) in next.levels[s].iter_mut().enumerate() {
                    let here = status[s][c];
                    if next.opaque[s] || here.level == OPAQUE || *level == OPAQUE {
                        // Followed class by class: where deployments may carry the incident,
                        // what a class does was not measured there.
                        (s, c, cls, here).hash(&mut memo);
                        *level = (*level).min(here.level);
                        continue;
                    }
                    *level = (*level).min(here.level);
                    if *level >= U {
                        // Who owes matters while the commitment may still be due.
                        (s, c, here.owing).hash(&mut memo);
                    }
                }
            }
            next.memo = memo.finish();
            let key = (
                next.levels[0].clone(),
                next.levels[1].clone(),
                next.memo ^ u64::from(next.opaque[0]) ^ (u64::from(next.opaque[1]) << 1),
            );
            match keys.iter().position(|x| *x == key) {
                Some(i) => groups[i].1.push(cls),
                None => {
                    keys.push(key);
                    groups.push((next, vec![cls]));
                }
            }
        }
        let mut children = Vec::with_capacity(groups.len());
        for (next, members) in groups {
            path.push(members.clone());
            let child = self.build(path, ctx, next)?;
            path.pop();
            children.push((members, child));
        }
        Ok(simplify(children))
    }
}

/// A branch whose children are all one and the same leaf is that leaf.
fn simplify(children: Vec<(Vec<usize>, Node)>) -> Node {
    if let Some((_, Node::Leaf(first))) = children.first()
        && children.iter().all(|(_, c)| matches!(c, Node::Leaf(o) if o == first))
    {
        return Node::Leaf(*first);
    }
    Node::Branch(children)
}

/// Whether, for either side, the place value `place` on the date value `date` has forces
/// the side's design weighs deployed there, or lies near a drawn edge.
fn carries_any(probe: &Probe<'_>, space: &Space, date_field: usize, date: usize, place: usize) -> bool {
    (0..2).any(|s| carries(probe, space, date_field, s, date, place))
}

/// Whether, for side `s`, the place value `place` on the date value `date` has forces the
/// side's design weighs deployed there, or lies near a drawn edge.
fn carries(probe: &Probe<'_>, space: &Space, date_field: usize, s: usize, date: usize, place: usize) -> bool {
    probe.location(s, date, place).near.is_some() || deployed(probe, space, date_field, s, date, place)
}

/// Whether, for side `s`, forces the side's design weighs stand at the place value `place`
/// on the date value `date`.
fn deployed(probe: &Probe<'_>, space: &Space, date_field: usize, s: usize, date: usize, place: usize) -> bool {
    let Value::Date(Some(d)) = space.fields[date_field].1[date] else { return false };
    let side = probe.sides()[s];
    casus_core::eval::deployments_at(side.library, side.treaty(), probe.location(s, date, place), d).next().is_some()
}

/// Whether a combination of `fields` says that deployed forces were not hit (the verdict is
/// then the one at any place without forces).
fn not_hit(space: &Space, fields: &[usize], combo: &[usize]) -> bool {
    use casus_core::vocab::Tri;
    fields
        .iter()
        .zip(combo)
        .any(|(f, &v)| space.fields[*f].0 == Field::ForcesHit && space.fields[*f].1[v] == Value::Answer(Some(Tri::No)))
}

/// Whether, for either side, forces the side's design weighs stand at the place value
/// `place` on the date value `date`.
fn deployed_any(probe: &Probe<'_>, space: &Space, date_field: usize, date: usize, place: usize) -> bool {
    (0..2).any(|s| deployed(probe, space, date_field, s, date, place))
}

/// For each place value, the first place value the evaluator cannot tell from it: the same
/// resolved location on every date of the space for both sides (holders, country, the
/// named regions it lies in, seas, continents), the same coordinates, and no drawn edge
/// near. A region a design names stands alone.
fn place_groups(probe: &Probe<'_>, pf: usize) -> Vec<usize> {
    let space = probe.space;
    let n = space.fields[pf].1.len();
    let dates = space.fields.iter().find(|(f, _)| *f == Field::Date).map_or(1, |(_, v)| v.len());
    let key = |p: usize| -> String {
        let mut k = String::new();
        for s in 0..2 {
            for d in 0..dates {
                k.push_str(&crate::classify::place_key(space, probe.location(s, d, p), &|c| c.to_string()));
                k.push('\n');
            }
        }
        k
    };
    let keys: Vec<String> = (0..n).map(key).collect();
    let mut rep = vec![0; n];
    for g in group(&keys) {
        for &m in &g {
            rep[m] = g[0];
        }
    }
    rep
}

/// Groups equal keys, in order of first appearance; each group lists the indices.
fn group<K: Eq + Hash>(keys: &[K]) -> Vec<Vec<usize>> {
    let mut index: HashMap<&K, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match index.get(k) {
            Some(&g) => groups[g].push(i),
            None => {
                index.insert(k, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}
