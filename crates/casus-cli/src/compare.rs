//! `casus compare`: every design against every scenario, as a matrix of the strongest
//! obligation each design would trigger, with the reasoning behind every cell.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use casus_core::Loaded;
use casus_core::eval::{Evaluator, Options, Truth, Verdict};
use casus_core::vocab::{Strength, VerdictKind};
use casus_syntax::FileId;
use serde::Serialize;

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

fn level(s: Option<Strength>) -> &'static str {
    match s {
        None => "none",
        Some(Strength::Assurance) => "assurance",
        Some(Strength::Consultation) => "consult",
        Some(Strength::Discretionary) => "discretionary",
        Some(Strength::Obligatory) => "obligatory",
        Some(Strength::Automatic) => "automatic",
    }
}

/// Loads designs and scenarios: the built-in Ukraine designs and the user's beside them (a
/// user's design with a built-in design's id replaces it; with `only`, the built-in
/// designs are loaded but are not columns), and the built-in Ukraine scenario suite unless
/// scenario paths are given; the built-in treaties and regions are always there for names
/// to resolve.
pub fn load(designs: &[String], scenarios: &[String], only: bool) -> anyhow::Result<(Loaded, BTreeSet<FileId>)> {
    let mut loader = crate::builtin::loader();
    let mut design_files = BTreeSet::new();
    let mut builtin_designs = BTreeSet::new();
    let is_design = |p: &str| p.starts_with("library/designs/");
    let is_scenario = |p: &str| p.starts_with("library/scenarios/");
    for (path, text) in builtin::FILES {
        if is_design(path) {
            builtin_designs.insert(loader.add_text(path, *text));
        } else if is_scenario(path) {
            if scenarios.is_empty() && path.ends_with("/ukraine.casus") {
                loader.add_text(path, *text);
            }
        } else {
            loader.add_library_text(path, *text);
        }
    }
    if !only {
        design_files.extend(builtin_designs.iter().copied());
    }
    for file in crate::files::collect(designs, &["casus", "json"])? {
        let bytes = crate::files::read_treaty(&file)?;
        design_files.insert(loader.add_bytes(&file, bytes));
    }
    for file in crate::files::collect(scenarios, &["casus", "json"])? {
        let bytes = crate::files::read_treaty(&file)?;
        loader.add_bytes(&file, bytes);
    }
    loader.shadow(&builtin_designs);
    Ok((loader.finish(), design_files))
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
    let rank = |v: VerdictKind| match v {
        VerdictKind::Triggered => 4,
        VerdictKind::Indeterminate => 3,
        VerdictKind::Violated => 2,
        VerdictKind::NotTriggered => 1,
        VerdictKind::NotInForce => 0,
    };
    let best = vs.iter().map(|v| v.verdict).max_by_key(|v| rank(*v)).unwrap_or(VerdictKind::NotTriggered);
    let deciding: Vec<&&Verdict> = vs.iter().filter(|v| v.verdict == best).collect();
    let (level, guarantors) = if matches!(best, VerdictKind::Triggered | VerdictKind::Indeterminate) {
        let top = deciding.iter().filter_map(|v| v.strength).max();
        let owing: BTreeSet<&String> =
            deciding.iter().filter(|v| v.strength == top).flat_map(|v| v.guarantors.iter()).collect();
        (level(top), owing.len())
    } else {
        ("none", 0)
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
        p_guarantor_enters: None,
        p_wider_war: None,
    }
}

fn explain(v: &Verdict) -> String {
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

fn short(c: &Cell) -> String {
    let main = match c.verdict {
        VerdictKind::Triggered => format!("{} ×{}", c.level, c.guarantors),
        VerdictKind::Indeterminate => format!("{}? ×{}", c.level, c.guarantors),
        VerdictKind::Violated => "violated".into(),
        VerdictKind::NotInForce => "not in force".into(),
        VerdictKind::NotTriggered => "none".into(),
    };
    let main =
        if c.violated_by.is_empty() || c.verdict == VerdictKind::Violated { main } else { format!("{main} +violated") };
    match (c.p_guarantor_enters, c.p_wider_war) {
        (Some(e), Some(w)) => format!("{main} ({e:.2}/{w:.2})"),
        _ => main,
    }
}

/// A plain-text table.
pub fn text(m: &Matrix) -> String {
    let mut widths = vec![m.scenarios.iter().map(|s| s.id.len()).max().unwrap_or(8).max(8)];
    for (j, d) in m.designs.iter().enumerate() {
        let w = m.cells.iter().map(|row| short(&row[j]).chars().count()).max().unwrap_or(0);
        widths.push(w.max(d.id.len()));
    }
    let mut out = String::new();
    let mut line = format!("{:w$}", "scenario", w = widths[0]);
    for (j, d) in m.designs.iter().enumerate() {
        let _ = write!(line, "  {:w$}", d.id, w = widths[j + 1]);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for (i, s) in m.scenarios.iter().enumerate() {
        let mut line = format!("{:w$}", s.id, w = widths[0]);
        for (j, c) in m.cells[i].iter().enumerate() {
            let cell = short(c);
            let pad = widths[j + 1].saturating_sub(cell.chars().count());
            let _ = write!(line, "  {cell}{}", " ".repeat(pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(
        "\nEach cell: the strongest obligation triggered and how many guarantors owe it (none < assurance < consult <\n\
         discretionary < obligatory < automatic); `?` = indeterminate, would be owed if the unknowns went the design's way;\n\
         `+violated` = the attack itself breaks one of the design's non-aggression pledges; with --simulate,\n\
         (p/q) = the Monte Carlo share of runs in which a guarantor enters the war through the design / the war widens.\n\
         Designs are evaluated as if in force. `casus compare --format html` shows each cell's reasoning.\n",
    );
    out
}

/// A Markdown table.
pub fn markdown(m: &Matrix) -> String {
    let mut out = String::from("| scenario |");
    for d in &m.designs {
        let _ = write!(out, " {} |", d.id);
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(m.designs.len()));
    out.push('\n');
    for (i, s) in m.scenarios.iter().enumerate() {
        let _ = write!(out, "| {} |", s.title.replace('|', "\\|"));
        for c in &m.cells[i] {
            let _ = write!(out, " {} |", short(c));
        }
        out.push('\n');
    }
    out
}

/// One CSV row per cell (long form, for R and pandas).
pub fn csv(m: &Matrix) -> String {
    let mut out = String::from(
        "scenario,scenario_title,design,design_name,verdict,level,guarantors,commitments,p_guarantor_enters,p_wider_war,explanation\n",
    );
    for (i, s) in m.scenarios.iter().enumerate() {
        for (j, c) in m.cells[i].iter().enumerate() {
            let d = &m.designs[j];
            let fields = [
                s.id.clone(),
                s.title.clone(),
                d.id.clone(),
                d.name.clone(),
                c.verdict.to_string(),
                c.level.to_string(),
                c.guarantors.to_string(),
                c.commitments.join(" "),
                c.p_guarantor_enters.map_or(String::new(), |p| format!("{p:.4}")),
                c.p_wider_war.map_or(String::new(), |p| format!("{p:.4}")),
                c.explanation.join(" | "),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// A CSV field, quoted when it must be.
pub(crate) fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A single self-contained HTML page: the matrix colour-coded by obligation, each cell's
/// reasoning on hover and on click.
pub fn html(m: &Matrix) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>casus compare</title>\n<style>\n\
         body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\n\
         table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}\n\
         th{background:#f4f4f4;font-weight:600;font-size:12px}td.s{max-width:22em}\n\
         td.c{min-width:7em;text-align:center;cursor:pointer}\n\
         .none{background:#fff}.assurance{background:#eef3fb}.consult{background:#d6e6fa}\n\
         .discretionary{background:#fde9a9}.obligatory{background:#f9b76c}.automatic{background:#e8675b;color:#fff}\n\
         .q{background-image:repeating-linear-gradient(45deg,transparent 0 6px,rgba(0,0,0,.07) 6px 12px)}\n\
         .violated{background:#c9a0dc}.nif{background:#eee;color:#888}\n\
         details{text-align:left;font-size:12px}summary{list-style:none}summary::-webkit-details-marker{display:none}\n\
         .legend span{display:inline-block;padding:2px 8px;margin-right:4px;border:1px solid #ccc}\n\
         </style></head><body>\n<h1>Designs × scenarios</h1>\n\
         <p>Each cell: the strongest obligation the design triggers in the scenario and how many guarantors owe it; \
         hatched = indeterminate (owed only if the unknowns go the design's way). Designs are evaluated as if in force. \
         Hover or click a cell for the reasoning.</p>\n<p class=\"legend\">",
    );
    for l in ["none", "assurance", "consult", "discretionary", "obligatory", "automatic"] {
        let _ = write!(out, "<span class=\"{l}\">{l}</span>");
    }
    out.push_str("<span class=\"violated\">violated</span><span class=\"nif\">not in force</span></p>\n<table>\n<tr><th>scenario</th>");
    for d in &m.designs {
        let _ = write!(
            out,
            "<th title=\"{}\">{}<br><small>{}</small></th>",
            html_escape(&d.name),
            html_escape(&d.id),
            html_escape(&d.status)
        );
    }
    out.push_str("</tr>\n");
    for (i, s) in m.scenarios.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"s\"><b>{}</b><br><small>{}</small></td>",
            html_escape(&s.title),
            html_escape(&s.id)
        );
        for c in &m.cells[i] {
            let class = match c.verdict {
                VerdictKind::Violated => "violated".to_string(),
                VerdictKind::NotInForce => "nif".to_string(),
                VerdictKind::Indeterminate => format!("{} q", c.level),
                _ => c.level.to_string(),
            };
            let why = c.explanation.join("\n");
            let _ = write!(
                out,
                "<td class=\"c {class}\" title=\"{}\"><details><summary>{}</summary>{}</details></td>",
                html_escape(&why),
                html_escape(&short(c)),
                c.explanation.iter().map(|e| format!("<p>{}</p>", html_escape(e))).collect::<String>()
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}
