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

use crate::Outcome;
use crate::space::{Field, Side, Space, Value, incident};

/// The most grid points a diff evaluates before it refuses (a bound on time and memory).
pub const MAX_POINTS: u64 = 4_000_000;

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

/// The evaluated grid.
#[derive(Clone, Debug)]
pub struct Grid {
    /// The axes.
    pub axes: Vec<Axis>,
    /// Outcome pairs, indices into `outcomes`, row-major over the axes (last axis fastest).
    pub cells: Vec<u32>,
    /// The distinct outcome pairs (A, B).
    pub outcomes: Vec<(Outcome, Outcome)>,
    /// How many evaluations of one commitment the diff made (signatures and grid).
    pub evaluations: u64,
    /// The number of points the grid had before the last merge.
    pub points_before_merge: u64,
}

impl Grid {
    /// The number of points.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the grid has no point (never: every axis has a class).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The coordinates of point `i`.
    pub fn coords(&self, mut i: usize) -> Vec<usize> {
        let mut c = vec![0; self.axes.len()];
        for (k, a) in self.axes.iter().enumerate().rev() {
            let n = a.classes.len();
            c[k] = i % n;
            i /= n;
        }
        c
    }

    /// The index of the point at `coords`.
    pub fn index(&self, coords: &[usize]) -> usize {
        let mut i = 0;
        for (k, a) in self.axes.iter().enumerate() {
            i = i * a.classes.len() + coords[k];
        }
        i
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

/// Evaluates both sides on incidents of the space, reusing the locations of (place, date).
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
        let inc = incident(self.space, choice, "diff-class");
        let d = choice[self.date_field];
        let p = self.place_field.map_or(0, |f| choice[f]);
        [0, 1].map(|s| {
            let side = self.sides[s];
            let t = side.treaty();
            let loc = &self.locations[s][d][p];
            side.commitments().map(|c| self.evaluators[s].commitment(t, c, &inc, loc)).collect()
        })
    }

    /// The sides.
    pub fn sides(&self) -> [Side<'a>; 2] {
        self.sides
    }
}

/// What a pair of evaluations says, step by step, as a hash: two incidents with the same
/// signature give every step of both designs the same result.
fn signature(vs: &[Vec<Verdict>; 2]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for side in vs {
        side.len().hash(&mut h);
        for v in side {
            (v.verdict as u8).hash(&mut h);
            v.guarantors.len().hash(&mut h);
            v.trace.len().hash(&mut h);
            for s in &v.trace {
                s.condition.hash(&mut h);
                (s.result as u8).hash(&mut h);
            }
        }
    }
    h.finish()
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
                Field::Actor => find(&|v| matches!(v, Value::Actor(Actor::States(s)) if s.len() == 1 && s[0].value == space.other)),
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

/// Builds and evaluates the grid of `space` for two sides. `progress` is called with the
/// share done, from 0 to 1.
pub fn grid(probe: &Probe<'_>, progress: &(dyn Fn(f64) + Sync)) -> Result<Grid, crate::TooLarge> {
    use rayon::prelude::*;
    let space = probe.space;
    let ctx_fields = &space.components[0];
    let contexts = combos(space, ctx_fields);
    let comps: Vec<(Vec<usize>, Vec<Vec<usize>>)> =
        space.components[1..].iter().map(|c| (c.clone(), combos(space, c))).collect();

    // The baseline, improved one component at a time in one context (the last known date,
    // the first target).
    let mut base = first_guess(space);
    let probe_ctx = contexts
        .iter()
        .rev()
        .find(|c| {
            !matches!(space.fields[ctx_fields[0]].1[c[0]], Value::Date(None))
                && !matches!(space.fields[ctx_fields[1]].1[c[1]], Value::State(None))
        })
        .cloned()
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
        // The first of the best, so that ties keep the first guess's order.
        let current: Vec<usize> = fields.iter().map(|f| base[*f]).collect();
        let current_score = values.iter().position(|c| *c == current).map_or(i64::MIN, |i| best[i]);
        if let Some((i, _)) = best.iter().enumerate().filter(|(_, s)| **s > current_score).max_by_key(|(i, s)| (**s, -(*i as i64))) {
            for (f, &v) in fields.iter().zip(&values[i]) {
                base[*f] = v;
            }
        }
    }
    progress(0.05);

    // Signatures: for every component value and every context.
    let total_sigs: usize = comps.iter().map(|(_, v)| v.len()).sum::<usize>() * contexts.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let sigs: Vec<Vec<Vec<u64>>> = comps
        .iter()
        .map(|(fields, values)| {
            values
                .par_iter()
                .map(|combo| {
                    let out = contexts
                        .iter()
                        .map(|ctx| {
                            let mut choice = base.clone();
                            for (f, &v) in ctx_fields.iter().zip(ctx) {
                                choice[*f] = v;
                            }
                            for (f, &v) in fields.iter().zip(combo) {
                                choice[*f] = v;
                            }
                            signature(&probe.verdicts(&choice))
                        })
                        .collect::<Vec<u64>>();
                    let d = done.fetch_add(contexts.len(), std::sync::atomic::Ordering::Relaxed);
                    if d % 4096 < contexts.len() {
                        progress(0.05 + 0.45 * d as f64 / total_sigs.max(1) as f64);
                    }
                    out
                })
                .collect()
        })
        .collect();
    evaluations += total_sigs as u64 * per_eval;

    // Classes of each component: values with the same signature in every context.
    let mut axes: Vec<Axis> = Vec::new();
    // The context axes: dates, then targets.
    let n_dates = space.fields[ctx_fields[0]].1.len();
    let n_targets = space.fields[ctx_fields[1]].1.len();
    let ctx_key = |pick: &dyn Fn(usize) -> bool| -> Vec<u64> {
        let mut key = Vec::new();
        for comp in &sigs {
            for value in comp {
                for (k, s) in value.iter().enumerate() {
                    if pick(k) {
                        key.push(*s);
                    }
                }
            }
        }
        key
    };
    let date_keys: Vec<Vec<u64>> = (0..n_dates).map(|d| ctx_key(&|k| contexts[k][0] == d)).collect();
    let target_keys: Vec<Vec<u64>> = (0..n_targets).map(|t| ctx_key(&|k| contexts[k][1] == t)).collect();
    axes.push(Axis { fields: vec![ctx_fields[0]], classes: group(&date_keys).into_iter().map(|c| c.into_iter().map(|v| vec![v]).collect()).collect() });
    axes.push(Axis { fields: vec![ctx_fields[1]], classes: group(&target_keys).into_iter().map(|c| c.into_iter().map(|v| vec![v]).collect()).collect() });
    for ((fields, values), comp_sigs) in comps.iter().zip(&sigs) {
        let classes = group(comp_sigs).into_iter().map(|c| c.into_iter().map(|i| values[i].clone()).collect()).collect();
        axes.push(Axis { fields: fields.clone(), classes });
    }

    let points: u64 = axes.iter().map(|a| a.classes.len() as u64).product();
    if points > MAX_POINTS {
        return Err(crate::TooLarge { points, limit: MAX_POINTS, axes: axes.iter().map(|a| a.classes.len()).collect() });
    }
    let mut g = Grid { axes, cells: Vec::new(), outcomes: Vec::new(), evaluations, points_before_merge: points };
    let n = points as usize;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let pairs: Vec<(Outcome, Outcome)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let choice = g.choice(space, &g.coords(i));
            let vs = probe.verdicts(&choice);
            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if d % 4096 == 0 {
                progress(0.5 + 0.5 * d as f64 / n.max(1) as f64);
            }
            (Outcome::of(&vs[0]), Outcome::of(&vs[1]))
        })
        .collect();
    g.evaluations += n as u64 * per_eval;
    let mut ids: HashMap<(Outcome, Outcome), u32> = HashMap::new();
    for p in pairs {
        let next = ids.len() as u32;
        let id = *ids.entry(p.clone()).or_insert_with(|| {
            g.outcomes.push(p);
            next
        });
        g.cells.push(id);
    }
    merge(&mut g);
    progress(1.0);
    Ok(g)
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

/// Merges, on every axis, the classes whose slices of the grid are equal (exact: the
/// merged classes give the same outcomes whatever the other axes), until nothing changes.
fn merge(g: &mut Grid) {
    loop {
        let mut changed = false;
        for a in 0..g.axes.len() {
            let n = g.axes[a].classes.len();
            if n < 2 {
                continue;
            }
            let stride: usize = g.axes[a + 1..].iter().map(|x| x.classes.len()).product();
            let mut slices: Vec<Vec<u32>> = vec![Vec::with_capacity(g.len() / n); n];
            for (i, &cell) in g.cells.iter().enumerate() {
                slices[(i / stride) % n].push(cell);
            }
            let groups = group(&slices);
            if groups.len() == n {
                continue;
            }
            changed = true;
            let old_classes = std::mem::take(&mut g.axes[a].classes);
            g.axes[a].classes =
                groups.iter().map(|members| members.iter().flat_map(|&m| old_classes[m].clone()).collect()).collect();
            let keep: Vec<usize> = groups.iter().map(|m| m[0]).collect();
            let m = keep.len();
            let outer = g.cells.len() / (n * stride);
            let mut cells = Vec::with_capacity(outer * m * stride);
            for o in 0..outer {
                for &k in &keep {
                    let from = (o * n + k) * stride;
                    cells.extend_from_slice(&g.cells[from..from + stride]);
                }
            }
            g.cells = cells;
        }
        if !changed {
            break;
        }
    }
}
