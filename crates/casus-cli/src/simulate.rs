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
    /// Monte Carlo: the number of runs. Without it, one deterministic cascade.
    #[arg(long, value_name = "N")]
    pub runs: Option<String>,
    /// Monte Carlo: the seed (a whole number); the same seed gives the same report.
    #[arg(long, value_name = "S", default_value = "1")]
    pub seed: String,
    /// Monte Carlo: worker threads (default: one per core). The report does not depend on it.
    #[arg(long, value_name = "T")]
    pub threads: Option<usize>,
    /// Stop after this many rounds.
    #[arg(long, value_name = "R", default_value_t = 8)]
    pub max_rounds: u32,
    /// Honour probabilities (TOML: `indeterminate`, `[strength]`, `[state]`, `[treaty]`, `[commitment]`).
    #[arg(long, value_name = "FILE")]
    pub params: Option<String>,
    /// Deterministic: the least strength honoured (assurance, consultation, discretionary, obligatory, automatic).
    #[arg(long, value_name = "S", default_value = "discretionary")]
    pub threshold: String,
    /// Monte Carlo: report direct conflict between this pair, `A,B` (repeatable).
    #[arg(long, value_name = "A,B")]
    pub pair: Vec<String>,
    /// Output format (`dot` for a deterministic cascade only).
    #[arg(long, value_enum, default_value_t = SimFormat::Text)]
    pub format: SimFormat,
    /// Monte Carlo: also write charts of the distributions to this SVG file.
    #[arg(long, value_name = "FILE")]
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
    let runs = match a.runs.as_deref().map(str::parse::<u64>) {
        None => None,
        Some(Ok(0)) => return bad("error: --runs: `0` runs: give at least 1".into()),
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            return bad(format!("error: --runs: `{}` is not a whole number", a.runs.as_deref().unwrap_or("")));
        }
    };
    let Ok(seed) = a.seed.parse::<u64>() else {
        return bad(format!("error: --seed: `{}` is not a whole number from 0 to 18446744073709551615", a.seed));
    };
    let Some(threshold) = Strength::from_word(&a.threshold) else {
        return bad(format!(
            "error: --threshold: unknown strength `{}`\n  help: one of assurance, consultation, discretionary, obligatory, automatic",
            a.threshold
        ));
    };
    let mut pairs = Vec::new();
    for p in &a.pair {
        match p.split_once(',') {
            Some((x, y))
                if casus_core::states::get(x.trim()).is_some() && casus_core::states::get(y.trim()).is_some() =>
            {
                pairs.push((x.trim().to_string(), y.trim().to_string()));
            }
            _ => return bad(format!("error: --pair: `{p}` is not two different state codes `A,B`")),
        }
    }
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
    let graph =
        Graph::build(&loaded.library, incident, &params, Options { hypothetical: a.eval.hypothetical }, a.max_rounds);
    let Some(runs) = runs else {
        let c = casus_sim::deterministic(&graph, Threshold { strength: threshold }, a.max_rounds);
        out(&match a.format {
            SimFormat::Text => casus_sim::text_tree(&c),
            SimFormat::Json => serde_json::to_string_pretty(&c)? + "\n",
            SimFormat::Dot => casus_sim::dot(&c),
        });
        return Ok(ExitCode::SUCCESS);
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.threads.unwrap_or(0)).build()?;
    let show = a.format == SimFormat::Text && std::io::stdout().is_terminal() && runs >= 10_000;
    let bar = indicatif::ProgressBar::new(runs);
    if show {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let tick = || bar.inc(1);
    let m = pool.install(|| casus_sim::monte_carlo_with_progress(&graph, runs, seed, a.max_rounds, &pairs, &tick));
    bar.finish_and_clear();
    if let Some(path) = &a.svg {
        std::fs::write(path, casus_sim::svg(&m)).map_err(|e| anyhow::anyhow!("cannot write `{path}`: {e}"))?;
    }
    out(&match a.format {
        SimFormat::Json => serde_json::to_string_pretty(&m)? + "\n",
        _ => report(&m),
    });
    Ok(ExitCode::SUCCESS)
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
