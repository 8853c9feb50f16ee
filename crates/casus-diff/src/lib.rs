//! Where two guarantee designs part, over the whole space of incidents.
//!
//! A negotiator comparing two drafts wants the consequence, not the wording: which
//! incidents does draft A cover that draft B does not? Every condition the evaluator reads
//! ranges over a small, known set of values (a state named or not, a severity, a region and
//! who held it on the date, an answer yes / no / unknown), so the incidents fall into
//! finitely many classes the evaluator cannot tell apart. This crate derives them from the
//! designs' own conditions ([`space`]), evaluates one concrete incident of each class with
//! the evaluator itself ([`grid`]: it never re-implements a rule), and summarises every
//! pair of outcomes where the designs part as short rules, each with a witness incident
//! written as `.casus` text ([`rules`]). `docs/diff.md` explains the space, the
//! minimisation and the limits.

pub mod classify;
pub mod grid;
pub mod lint;
pub mod rules;
pub mod space;
pub mod write;

use std::collections::BTreeSet;

use casus_core::eval::{Options, Verdict};
use casus_core::model::Date;
use casus_core::vocab::{Strength, VerdictKind};
use serde::Serialize;

pub use rules::{Constraint, Rule};
pub use space::{Field, Side, Space};

/// What one design does with one incident: the best verdict among its commitments, the
/// strongest obligation that verdict carries and how many states owe it (the outcome the
/// comparison matrix shows in a cell).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub struct Outcome {
    /// `triggered`, `indeterminate`, `violated`, `not_triggered` or `not_in_force`.
    pub verdict: VerdictKind,
    /// The strongest obligation owed (triggered) or that would be owed (indeterminate):
    /// `none`, `assurance`, `consult`, `discretionary`, `obligatory`, `automatic`.
    pub level: &'static str,
    /// How many distinct states owe it (or, for `violated`, broke the pledge).
    pub guarantors: usize,
}

impl Outcome {
    /// The outcome of a design's verdicts: triggered over indeterminate over violated over
    /// not triggered over not in force; the strongest response among the deciding
    /// commitments, and the distinct states owing it.
    pub fn of(vs: &[Verdict]) -> Outcome {
        let refs: Vec<&Verdict> = vs.iter().collect();
        Outcome::of_refs(&refs)
    }

    /// [`Outcome::of`] over borrowed verdicts.
    pub fn of_refs(vs: &[&Verdict]) -> Outcome {
        let best = vs.iter().map(|v| v.verdict).max_by_key(|v| rank(*v)).unwrap_or(VerdictKind::NotTriggered);
        let deciding: Vec<&&Verdict> = vs.iter().filter(|v| v.verdict == best).collect();
        let (level, guarantors) = match best {
            VerdictKind::Triggered | VerdictKind::Indeterminate => {
                let top = deciding.iter().filter_map(|v| v.strength).max();
                let owing: BTreeSet<&String> =
                    deciding.iter().filter(|v| v.strength == top).flat_map(|v| v.guarantors.iter()).collect();
                (level(top), owing.len())
            }
            VerdictKind::Violated => {
                ("none", deciding.iter().flat_map(|v| v.guarantors.iter()).collect::<BTreeSet<_>>().len())
            }
            _ => ("none", 0),
        };
        Outcome { verdict: best, level, guarantors }
    }

    /// `triggered (obligatory, 9 guarantors)`.
    pub fn label(&self) -> String {
        match self.verdict {
            VerdictKind::Triggered | VerdictKind::Indeterminate => {
                format!(
                    "{} ({}, {} guarantor{})",
                    self.verdict.to_string().replace('_', " "),
                    self.level,
                    self.guarantors,
                    plural(self.guarantors)
                )
            }
            VerdictKind::Violated => format!("violated (by {} state{})", self.guarantors, plural(self.guarantors)),
            v => v.to_string().replace('_', " "),
        }
    }

    /// How far the outcome goes towards something owed: 2 when owed (or broken), 1 when it
    /// waits on an unknown, 0 otherwise; `implies` compares it.
    pub fn coverage(&self) -> u8 {
        match self.verdict {
            VerdictKind::Triggered | VerdictKind::Violated => 2,
            VerdictKind::Indeterminate => 1,
            _ => 0,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn rank(v: VerdictKind) -> u8 {
    match v {
        VerdictKind::Triggered => 4,
        VerdictKind::Indeterminate => 3,
        VerdictKind::Violated => 2,
        VerdictKind::NotTriggered => 1,
        VerdictKind::NotInForce => 0,
    }
}

/// The name of a strength as the comparison shows it.
pub fn level(s: Option<Strength>) -> &'static str {
    match s {
        None => "none",
        Some(Strength::Assurance) => "assurance",
        Some(Strength::Consultation) => "consult",
        Some(Strength::Discretionary) => "discretionary",
        Some(Strength::Obligatory) => "obligatory",
        Some(Strength::Automatic) => "automatic",
    }
}

/// A space too large to evaluate: how many classes, over which axes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The number of grid points.
    pub points: u64,
    /// The most a diff evaluates.
    pub limit: u64,
    /// The classes of each axis.
    pub axes: Vec<usize>,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the designs' incident space has {} classes ({}), more than the {} a diff evaluates",
            self.points,
            self.axes.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" × "),
            self.limit
        )
    }
}

impl std::error::Error for TooLarge {}

/// A design as the report names it.
#[derive(Clone, Debug, Serialize)]
pub struct DesignRef {
    /// Treaty id.
    pub id: String,
    /// Treaty name.
    pub name: String,
    /// The file it was read from, when not the built-in library.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The commitments that count.
    pub commitments: Vec<String>,
}

/// How big the space was, field by field.
#[derive(Clone, Debug, Serialize)]
pub struct SpaceStats {
    /// Each field with the number of values tried and of classes left after the merge.
    pub fields: Vec<FieldStats>,
    /// The number of incidents the values make (the product over the fields).
    pub incidents: f64,
    /// The number of classes (the product of the axes' classes).
    pub classes: u64,
    /// The number of incidents evaluated to cover them (the leaves of the decision tree).
    pub classes_evaluated: usize,
    /// How many evaluations of one commitment the diff made.
    pub evaluations: u64,
}

/// One field of the space.
#[derive(Clone, Debug, Serialize)]
pub struct FieldStats {
    /// The field (`severity`, `place`, `event ceasefire` …).
    pub field: String,
    /// How many values were tried.
    pub values: usize,
}

/// How many classes go from one outcome under A to one outcome under B.
#[derive(Clone, Debug, Serialize)]
pub struct Transition {
    /// The outcome under A.
    pub a: Outcome,
    /// The outcome under B.
    pub b: Outcome,
    /// How many classes of incidents.
    pub classes: u64,
}

/// One off-diagonal cell of the transition table: the incidents where A gives one outcome
/// and B another, as rules.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// The outcome under A.
    pub a: Outcome,
    /// The outcome under B.
    pub b: Outcome,
    /// How many classes of incidents.
    pub classes: u64,
    /// Rules that together cover exactly those classes, largest first.
    pub rules: Vec<Rule>,
    /// Rules left out of `rules` to keep the report readable (their classes are counted).
    pub rules_left_out: usize,
}

/// One line of the short answer: in which direction the designs part, how often, and
/// what sets those incidents apart from the others where the covering design owes.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// `a` (A owes, or may owe, where B does less), `b`, or `who` (both owe as much, but
    /// a different strength or number of guarantors).
    pub direction: &'static str,
    /// The sentence.
    pub text: String,
    /// How many classes.
    pub classes: u64,
    /// What sets them apart.
    pub because: Vec<Constraint>,
}

/// The answer of `casus diff`.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// Design A.
    pub a: DesignRef,
    /// Design B.
    pub b: DesignRef,
    /// The date fixed by `--on`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    /// Whether designs were evaluated as if in force.
    pub hypothetical: bool,
    /// The space.
    pub space: SpaceStats,
    /// The transition table: every pair of outcomes that occurs, with its classes.
    pub transitions: Vec<Transition>,
    /// The short answer: per direction in which the designs part, what decides it.
    pub summary: Vec<Summary>,
    /// Where the designs part.
    pub differences: Vec<Difference>,
    /// Whether the two designs give the same outcome on every incident.
    pub equivalent: bool,
    /// Whether every incident that makes A due (or leaves it open) makes B at least as due.
    pub a_implies_b: bool,
    /// Whether every incident that makes B due (or leaves it open) makes A at least as due.
    pub b_implies_a: bool,
}

/// How a diff is asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request {
    /// A fixed date, or every date the designs name.
    pub on: Option<Date>,
    /// Evaluate designs as if in force.
    pub hypothetical: bool,
    /// The most rules shown per difference.
    pub max_rules: usize,
}

/// The most rules a difference shows by default.
pub const DEFAULT_MAX_RULES: usize = 12;

/// Diffs two designs. `progress` is called with the share done, from 0 to 1.
pub fn diff(a: Side<'_>, b: Side<'_>, req: Request, progress: &(dyn Fn(f64) + Sync)) -> Result<Diff, TooLarge> {
    let space = space::space(&[a, b], req.on);
    let probe = grid::Probe::new(&space, [a, b], Options { hypothetical: req.hypothetical });
    let g = grid::grid(&probe, progress)?;
    let counts = g.counts();
    let mut transitions: Vec<Transition> = counts
        .iter()
        .map(|(&id, &n)| {
            let (oa, ob) = &g.outcomes[id as usize];
            Transition { a: oa.clone(), b: ob.clone(), classes: n }
        })
        .collect();
    transitions.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    let leaves = g.leaf_cubes();
    let summary = summarise(&space, &g, &leaves, &a, &b);
    let mut by_cell: std::collections::HashMap<u32, Vec<grid::Cube>> = std::collections::HashMap::new();
    for (cube, o) in leaves {
        by_cell.entry(o).or_default().push(cube);
    }
    let max_rules = if req.max_rules == 0 { DEFAULT_MAX_RULES } else { req.max_rules };
    let mut differences: Vec<Difference> = counts
        .iter()
        .filter(|(id, _)| {
            let (oa, ob) = &g.outcomes[**id as usize];
            oa != ob
        })
        .map(|(&id, &n)| {
            let (oa, ob) = &g.outcomes[id as usize];
            let mut rules = rules::cover(&space, &g, id, by_cell.remove(&id).unwrap_or_default(), &probe);
            rules.sort_by_key(|r| std::cmp::Reverse(r.classes));
            let left = rules.len().saturating_sub(max_rules);
            rules.truncate(max_rules);
            Difference { a: oa.clone(), b: ob.clone(), classes: n, rules, rules_left_out: left }
        })
        .collect();
    differences.sort_by(|x, y| y.classes.cmp(&x.classes).then((&x.a, &x.b).cmp(&(&y.a, &y.b))));
    let implies = |from: usize| {
        g.outcomes.iter().enumerate().filter(|(i, _)| counts.contains_key(&(*i as u32))).all(|(_, (oa, ob))| {
            let (x, y) = if from == 0 { (oa, ob) } else { (ob, oa) };
            y.coverage() >= x.coverage()
        })
    };
    let incidents: f64 = space.fields.iter().map(|(_, v)| v.len() as f64).product();
    let design = |s: &Side<'_>| DesignRef {
        id: s.treaty().id.value.clone(),
        name: s.treaty().name.clone(),
        file: None,
        commitments: s.commitments().map(|c| c.id.value.clone()).collect(),
    };
    Ok(Diff {
        a: design(&a),
        b: design(&b),
        on: req.on,
        hypothetical: req.hypothetical,
        space: SpaceStats {
            fields: space.fields.iter().map(|(f, v)| FieldStats { field: f.name(), values: v.len() }).collect(),
            incidents,
            classes: g.len(),
            classes_evaluated: g.leaves,
            evaluations: g.evaluations,
        },
        summary,
        equivalent: differences.is_empty(),
        a_implies_b: implies(0),
        b_implies_a: implies(1),
        transitions,
        differences,
    })
}

/// The space and the evaluated grid of two designs, for tests and tools that check a
/// diff against the evaluator.
pub fn evaluated<'a>(a: Side<'a>, b: Side<'a>, req: Request) -> Result<(Space, grid::Grid), TooLarge> {
    let space = space::space(&[a, b], req.on);
    let probe = grid::Probe::new(&space, [a, b], Options { hypothetical: req.hypothetical });
    let g = grid::grid(&probe, &|_| {})?;
    Ok((space, g))
}

/// The short answer: for each direction in which the designs part, the axes on which those
/// incidents are narrower than all the incidents where the covering design owes (or may).
fn summarise(space: &Space, g: &grid::Grid, leaves: &[(grid::Cube, u32)], a: &Side<'_>, b: &Side<'_>) -> Vec<Summary> {
    let mut ids = [a.treaty().id.value.clone(), b.treaty().id.value.clone()];
    if ids[0] == ids[1] {
        ids = [format!("A ({})", ids[0]), format!("B ({})", ids[1])];
    }
    let n = g.axes.len();
    let mut out = Vec::new();
    for direction in ["a", "b", "who"] {
        let mut parted: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut reference: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut classes = 0u64;
        for (cube, o) in leaves {
            let (oa, ob) = &g.outcomes[*o as usize];
            let (ca, cb) = (oa.coverage(), ob.coverage());
            let (is, covers) = match direction {
                "a" => (ca > cb, ca > 0),
                "b" => (cb > ca, cb > 0),
                _ => (ca == cb && oa != ob, ca > 0),
            };
            if covers {
                for (k, set) in cube.iter().enumerate() {
                    reference[k].extend(set.iter().copied());
                }
            }
            if is {
                classes += grid::size(cube);
                for (k, set) in cube.iter().enumerate() {
                    parted[k].extend(set.iter().copied());
                }
            }
        }
        let (first, second) = match direction {
            "a" => (&ids[0], &ids[1]),
            "b" => (&ids[1], &ids[0]),
            _ => (&ids[0], &ids[1]),
        };
        if classes == 0 {
            if direction != "who" {
                out.push(Summary {
                    direction,
                    text: format!("{first} covers nothing that {second} does not."),
                    classes,
                    because: Vec::new(),
                });
            }
            continue;
        }
        let cube: grid::Cube = parted.into_iter().map(|s| s.into_iter().collect()).collect();
        let within: grid::Cube = reference.into_iter().map(|s| s.into_iter().collect()).collect();
        let because = rules::constraints(space, g, &cube, Some(&within));
        let words = because.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("; ");
        let text = match direction {
            "who" => format!("Both owe, but different obligations or guarantors ({classes} classes), where: {words}."),
            _ => format!("{first} owes (or may owe) where {second} does not ({classes} classes), where: {words}."),
        };
        out.push(Summary { direction, text, classes, because });
    }
    out
}
