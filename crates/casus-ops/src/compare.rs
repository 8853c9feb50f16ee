//! The comparison of designs: every design against every scenario, as a matrix of the
//! strongest obligation each design would trigger, with the reasoning behind every cell.

use std::collections::BTreeSet;

use casus_core::Loaded;
use casus_core::eval::{Evaluator, Options, Truth, Verdict};
use casus_core::vocab::VerdictKind;
use casus_syntax::FileId;
use serde::Serialize;

use crate::assemble::{Input, Reads};
use crate::builtin;

/// The designs compared (columns).
#[derive(Clone, Debug, Serialize)]
pub struct Design {
    /// Treaty id.
    pub id: String,
    /// Treaty name.
    pub name: String,
    /// Its status (proposed, signed, failed, in-force …).
    pub status: String,
}

/// The scenarios compared (rows).
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// Incident id.
    pub id: String,
    /// Incident title.
    pub title: String,
}

/// One cell: what one design would do in one scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Scenario id.
    pub scenario: String,
    /// Design id.
    pub design: String,
    /// `triggered`, `indeterminate`, `violated`, `not_triggered` or `not_in_force`: the
    /// best outcome among the design's commitments.
    pub verdict: VerdictKind,
    /// The strongest obligation owed (triggered) or that would be owed (indeterminate):
    /// `none`, `assurance`, `consult`, `discretionary`, `obligatory`, `automatic`.
    pub level: &'static str,
    /// How many distinct guarantors owe it.
    pub guarantors: usize,
    /// The commitments that decided the cell.
    pub commitments: Vec<String>,
    /// States that broke one of the design's restraining commitments (non-aggression) by
    /// this very act.
    pub violated_by: Vec<String>,
    /// Why, one line per commitment.
    pub explanation: Vec<String>,
    /// The verdicts of the design's commitments in full: each condition of the trace with
    /// its result, note and clause, the guarantors, the obligations, the unknowns.
    pub verdicts: Vec<Verdict>,
    /// With `--simulate`: the share of Monte Carlo runs in which at least one state entered
    /// the war by honouring this design.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_guarantor_enters: Option<f64>,
    /// With `--simulate`: the share of runs in which a state joined the attacker's side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_wider_war: Option<f64>,
}

/// The whole comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    /// Columns.
    pub designs: Vec<Design>,
    /// Rows.
    pub scenarios: Vec<Scenario>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// Which built-in scenarios are rows besides the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suite {
    /// The Ukraine suite ([`builtin::DEFAULT_SUITE`]): `casus compare` without scenario files.
    Default,
    /// Every built-in scenario file (a server request that names scenarios by id picks
    /// its rows among them with [`Matrix::retain_scenarios`]).
    All,
    /// None: the user's scenarios alone.
    None,
}

/// Loads designs and scenarios: the built-in designs and the user's beside them (a
/// user's design with a built-in design's id replaces it; with `only`, the built-in
/// designs are loaded but are not columns), the built-in scenarios `suite` names and the
/// user's; the built-in treaties and regions are always there for names to resolve.
/// Returns the files whose treaties are columns.
pub fn load(
    designs: Vec<Input>,
    scenarios: Vec<Input>,
    suite: Suite,
    only: bool,
    reads: Reads,
) -> (Loaded, BTreeSet<FileId>) {
    let mut loader = reads.loader();
    let mut design_files = BTreeSet::new();
    let mut builtin_designs = BTreeSet::new();
    for (path, text) in builtin::FILES {
        if builtin::is_design(path) {
            builtin_designs.insert(loader.add_text(path, *text));
        } else if builtin::is_scenario(path) {
            if suite == Suite::All || (suite == Suite::Default && *path == builtin::DEFAULT_SUITE) {
                loader.add_text(path, *text);
            }
        } else {
            loader.add_library_text(path, *text);
        }
    }
    if !only {
        design_files.extend(builtin_designs.iter().copied());
    }
    for f in designs {
        design_files.insert(loader.add_bytes(&f.name, f.bytes));
    }
    for f in scenarios {
        loader.add_bytes(&f.name, f.bytes);
    }
    loader.shadow(&builtin_designs);
    (loader.finish(), design_files)
}

/// Evaluates every scenario against every design (as if the designs were in force).
pub fn matrix(loaded: &Loaded, design_files: &BTreeSet<FileId>) -> Matrix {
    let lib = &loaded.library;
    let designs: Vec<Design> = lib
        .treaties
        .iter()
        .filter(|t| design_files.contains(&t.file.0))
        .map(|t| Design {
            id: t.id.value.clone(),
            name: t.name.clone(),
            status: t.status.as_ref().map_or("in-force".into(), |s| s.value.to_string()),
        })
        .collect();
    let ev = Evaluator::new(lib, Options { hypothetical: true });
    let scenarios: Vec<Scenario> =
        lib.incidents.iter().map(|i| Scenario { id: i.id.value.clone(), title: i.title.clone() }).collect();
    let cells = lib
        .incidents
        .iter()
        .map(|inc| {
            let e = ev.evaluate(inc);
            designs
                .iter()
                .map(|d| {
                    let vs: Vec<&Verdict> = e.verdicts.iter().filter(|v| v.treaty == d.id).collect();
                    cell(&inc.id.value, &d.id, &vs)
                })
                .collect()
        })
        .collect();
    Matrix { designs, scenarios, cells }
}

fn cell(scenario: &str, design: &str, vs: &[&Verdict]) -> Cell {
    let outcome = casus_diff::Outcome::of_refs(vs);
    let best = outcome.verdict;
    let deciding: Vec<&&Verdict> = vs.iter().filter(|v| v.verdict == best).collect();
    let (level, guarantors) = match best {
        VerdictKind::Triggered | VerdictKind::Indeterminate => (outcome.level, outcome.guarantors),
        _ => ("none", 0),
    };
    let explanation = vs.iter().map(|v| explain(v)).collect();
    let violated_by: BTreeSet<String> =
        vs.iter().filter(|v| v.verdict == VerdictKind::Violated).flat_map(|v| v.guarantors.iter().cloned()).collect();
    Cell {
        violated_by: violated_by.into_iter().collect(),
        scenario: scenario.to_string(),
        design: design.to_string(),
        verdict: best,
        level,
        guarantors,
        commitments: deciding.iter().map(|v| v.commitment.clone()).collect(),
        explanation,
        verdicts: vs.iter().map(|v| (*v).clone()).collect(),
        p_guarantor_enters: None,
        p_wider_war: None,
    }
}

/// One line on why a commitment gave its verdict: who owes what, what it hinges on, who
/// broke it, or the condition that failed.
pub fn explain(v: &Verdict) -> String {
    let head = format!("{} ({}): {}", v.commitment, v.title, v.verdict);
    match v.verdict {
        VerdictKind::Triggered => format!(
            "{head}; {} guarantor(s) owe {}",
            v.guarantors.len(),
            v.obligations
                .iter()
                .map(|o| format!("\"{}\" [{}]", o.text, o.strength))
                .collect::<Vec<_>>()
                .join(", then ")
        ),
        VerdictKind::Indeterminate => {
            format!("{head}; hinges on {}", v.unknowns.iter().map(|u| u.input.as_str()).collect::<Vec<_>>().join(", "))
        }
        VerdictKind::Violated => format!("{head} by {}", v.guarantors.join(", ")),
        _ => match v.trace.iter().find(|s| s.result == Truth::False) {
            Some(s) => format!("{head} — {}: {}", s.condition, s.note),
            None => head,
        },
    }
}

/// Runs per cell of `compare --simulate` when `--runs` is not given.
pub const DEFAULT_RUNS: u64 = 2000;

/// Adds, to every cell, Monte Carlo probabilities that the design brings a guarantor into
/// the war and that the war widens. Each design is simulated alone (the other designs are
/// left out of the library), as if in force, with the default honour probabilities.
/// `tick` is called after every run of every cell (for a progress bar).
pub fn simulate(
    loaded: &Loaded,
    design_files: &BTreeSet<FileId>,
    m: &mut Matrix,
    runs: u64,
    seed: u64,
    tick: &(dyn Fn() + Sync),
) {
    use rayon::prelude::*;
    let lib = &loaded.library;
    let libraries: Vec<casus_core::Library> = m
        .designs
        .iter()
        .map(|d| {
            let mut l = lib.clone();
            l.treaties.retain(|t| !design_files.contains(&t.file.0) || t.id.value == d.id);
            l
        })
        .collect();
    let cells: Vec<(usize, usize)> =
        (0..m.scenarios.len()).flat_map(|i| (0..m.designs.len()).map(move |j| (i, j))).collect();
    let results: Vec<(f64, f64)> = cells
        .par_iter()
        .map(|&(i, j)| {
            let graph = casus_sim::Graph::build(
                &libraries[j],
                &lib.incidents[i],
                &casus_sim::Params::default(),
                Options { hypothetical: true },
                8,
            );
            let mc = casus_sim::monte_carlo_with_progress(&graph, runs, seed, 8, &[], tick);
            let enters = mc.via_treaty.iter().find(|(t, _)| *t == m.designs[j].id).map_or(0.0, |(_, p)| *p);
            (enters, mc.wider_war)
        })
        .collect();
    for (&(i, j), (enters, wider)) in cells.iter().zip(results) {
        m.cells[i][j].p_guarantor_enters = Some(enters);
        m.cells[i][j].p_wider_war = Some(wider);
    }
}

impl Matrix {
    /// Keeps the columns whose design id is in `ids` (in the matrix's order).
    pub fn retain_designs(&mut self, ids: &BTreeSet<String>) {
        let keep: Vec<bool> = self.designs.iter().map(|d| ids.contains(&d.id)).collect();
        let mut k = keep.iter();
        self.designs.retain(|_| *k.next().unwrap_or(&false));
        for row in &mut self.cells {
            let mut k = keep.iter();
            row.retain(|_| *k.next().unwrap_or(&false));
        }
    }

    /// Keeps the rows whose scenario id is in `ids` (in the matrix's order).
    pub fn retain_scenarios(&mut self, ids: &BTreeSet<String>) {
        let keep: Vec<bool> = self.scenarios.iter().map(|s| ids.contains(&s.id)).collect();
        let mut k = keep.iter();
        self.scenarios.retain(|_| *k.next().unwrap_or(&false));
        let mut k = keep.iter();
        self.cells.retain(|_| *k.next().unwrap_or(&false));
    }
}
