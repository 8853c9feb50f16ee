//! `casus simulate`: "and then what?" — cascades from an incident, deterministic or Monte Carlo.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use casus_core::eval::Options;
use casus_core::vocab::{Strength, Vocabulary};
use casus_sim::{Graph, MonteCarlo, Params, Threshold};

use crate::{EvalArgsNoFiles, out};

/// Arguments of `casus simulate`.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Incident files or folders (with `--incident ID` when they hold several); or describe
    /// the incident with the flags below.
    pub files: Vec<String>,
    /// The library and the incident.
    #[command(flatten)]
    pub eval: EvalArgsNoFiles,
    /// Monte Carlo: the number of runs, 1 to 100,000,000. Without it, one deterministic cascade.
    #[arg(long, value_name = "N", value_parser = crate::flags::runs)]
    pub runs: Option<u64>,
    /// Monte Carlo: the seed (a whole number, default 1); the same seed gives the same report.
    #[arg(long, value_name = "S", requires = "runs")]
    pub seed: Option<String>,
    /// Monte Carlo: worker threads, 1 to 256 (or 4 per core, if more; default: one per core). The report does not depend on it.
    #[arg(long, value_name = "T", requires = "runs", value_parser = crate::flags::threads)]
    pub threads: Option<usize>,
    /// Stop after this many rounds, 1 to 1000.
    #[arg(long, value_name = "R", default_value_t = 8, value_parser = crate::flags::rounds)]
    pub max_rounds: u32,
    /// Monte Carlo: honour probabilities (TOML: `indeterminate`, `[strength]`, `[state]`,
    /// `[treaty]`, `[commitment]`).
    #[arg(long, value_name = "FILE", requires = "runs")]
    pub params: Option<String>,
    /// Deterministic: the least strength honoured (assurance, consultation, discretionary
    /// (the default), obligatory, automatic).
    #[arg(long, value_name = "S", conflicts_with = "runs")]
    pub threshold: Option<String>,
    /// Monte Carlo: report direct conflict between this pair of different states, `A,B` (repeatable).
    #[arg(long, value_name = "A,B", requires = "runs", value_parser = crate::flags::pair)]
    pub pair: Vec<(String, String)>,
    /// Output format (`dot` for a deterministic cascade only).
    #[arg(long, value_enum, default_value_t = SimFormat::Text)]
    pub format: SimFormat,
    /// Monte Carlo: also write charts of the distributions to this SVG file.
    #[arg(long, value_name = "FILE", requires = "runs")]
    pub svg: Option<String>,
}

/// Output formats of `simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SimFormat {
    /// A tree (deterministic) or a report of probabilities (Monte Carlo).
    Text,
    /// The cascade or the report as JSON.
    Json,
    /// The cascade as a Graphviz digraph.
    Dot,
}

fn bad(msg: String) -> anyhow::Result<ExitCode> {
    Ok(crate::refuse(&msg))
}

/// Runs `casus simulate`.
pub fn simulate(a: &SimulateArgs) -> anyhow::Result<ExitCode> {
    let runs = a.runs;
    let seed_text = a.seed.as_deref().unwrap_or("1");
    let Ok(seed) = seed_text.parse::<u64>() else {
        return bad(format!("error: --seed: `{seed_text}` is not a whole number from 0 to 18446744073709551615"));
    };
    let threshold_word = a.threshold.as_deref().unwrap_or("discretionary");
    let Some(threshold) = Strength::from_word(threshold_word) else {
        return bad(format!(
            "error: --threshold: unknown strength `{threshold_word}`\n  help: one of assurance, consultation, discretionary, obligatory, automatic"
        ));
    };
    let pairs = &a.pair;
    if a.format == SimFormat::Dot && runs.is_some() {
        return bad("error: --format dot draws one cascade: leave out --runs for the deterministic cascade".into());
    }
    let loaded = match crate::checked(&a.files, &a.eval.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let incidents = match crate::incidents(&loaded, &a.files, &a.eval) {
        Ok(l) => l,
        Err(msg) => return bad(msg),
    };
    let [incident] = incidents.as_slice() else {
        return bad(format!(
            "error: the files hold {} incidents; choose one with --incident ID ({})",
            incidents.len(),
            incidents.iter().map(|i| i.id.value.as_str()).collect::<Vec<_>>().join(", ")
        ));
    };
    let params = match &a.params {
        None => Params::default(),
        Some(path) => {
            let text = crate::files::read_text(path, casus_core::load::input::Limit::PARAMS)?;
            match Params::from_toml(&text, &loaded.library) {
                Ok(p) => p,
                Err(e) => return bad(format!("error: {path}:{e}")),
            }
        }
    };
    crate::dataset::note_dates(&loaded, &a.eval.lib, incident.on.as_ref().map(|d| d.value));
    let graph =
        Graph::build(&loaded.library, incident, &params, Options { hypothetical: a.eval.hypothetical }, a.max_rounds);
    let Some(runs) = runs else {
        let c = casus_sim::deterministic(&graph, Threshold { strength: threshold }, a.max_rounds);
        match a.format {
            SimFormat::Text => crate::out_text(&casus_sim::text_tree(&c)),
            SimFormat::Json => out(&(serde_json::to_string_pretty(&c)? + "\n")),
            SimFormat::Dot => out(&casus_sim::dot(&c)),
        }
        return Ok(ExitCode::SUCCESS);
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.threads.unwrap_or(0)).build()?;
    let bar = progress(runs);
    let tick = || bar.inc(1);
    let m = pool.install(|| casus_sim::monte_carlo_with_progress(&graph, runs, seed, a.max_rounds, pairs, &tick));
    bar.finish_and_clear();
    if let Some(path) = &a.svg {
        std::fs::write(path, casus_sim::svg(&m)).map_err(|e| anyhow::anyhow!("cannot write `{path}`: {e}"))?;
    }
    match a.format {
        SimFormat::Json => out(&(serde_json::to_string_pretty(&m)? + "\n")),
        _ => crate::out_text(&report(&m)),
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar for `runs` Monte Carlo runs, drawn on standard error when it is a
/// terminal and there are 10,000 runs or more (hidden otherwise). It goes to standard error
/// so that it shows whatever the format and wherever the report goes; Ctrl-C stops the
/// process at once, and nothing is written before the end.
pub fn progress(runs: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(runs);
    if std::io::stderr().is_terminal() && runs >= 10_000 {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// The Monte Carlo report for people.
pub fn report(m: &MonteCarlo) -> String {
    let mut s = format!("{} — {} runs, seed {}\n\n", m.incident, m.runs, m.seed);
    let _ = writeln!(s, "probability of becoming a belligerent:");
    for (state, p) in &m.belligerent {
        let side = m.defender_side.iter().find(|(x, _)| x == state).map_or(0.0, |(_, q)| *q);
        let _ = writeln!(s, "  {state}  {p:.3}  (defender's side {side:.3})");
    }
    let _ = writeln!(s, "\nat least one guarantor enters: {:.3}", m.any_guarantor);
    let _ = writeln!(s, "wider war (a state joins the attacker's side): {:.3}", m.wider_war);
    let _ = writeln!(s, "\nnumber of belligerents:");
    for (k, v) in &m.belligerents_distribution {
        let _ = writeln!(s, "  {k:>3}  {:.3}", *v as f64 / m.runs as f64);
    }
    if !m.pairs.is_empty() {
        let _ = writeln!(s, "\ndirect conflict:");
        for p in &m.pairs {
            let _ = writeln!(s, "  {}–{}  {:.3}", p.a, p.b, p.probability);
        }
    }
    let _ = writeln!(s, "\nmost frequent cascades (belligerents):");
    for (set, p) in &m.top_cascades {
        let _ = writeln!(s, "  {p:.3}  {}", set.join(" "));
    }
    s
}
