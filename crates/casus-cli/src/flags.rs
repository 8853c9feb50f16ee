//! Value parsers and limits for command-line flags, so that a value that cannot mean
//! anything is a usage error naming the flag (exit status 1) rather than a silent no-op,
//! a hang or an exhausted machine.
//!
//! The limits, and why (docs/cli.md says the same):
//!
//! * runs: at most [`MAX_RUNS`] (10^8) for `simulate`, and over all cells of `compare
//!   --simulate`. The report prints shares with three decimals; their standard error is
//!   below 0.0005 from 10^6 runs on, so more runs change no digit while 10^8 already take
//!   minutes on a laptop (about 150,000 runs per second per core). A bound keeps the answer
//!   finite; the progress bar (on a terminal) says how long, and Ctrl-C stops the run at once.
//! * threads: 1 to [`max_threads`]: 256, or four per core on a machine with more than 64
//!   cores. The report does not depend on the thread count, and threads beyond the cores
//!   only compete for them (on 2 cores, 2,000 runs take 0.6 s on 8 threads, 1.5 s on 256 and
//!   20 s on 1,024); 100,000 threads would exhaust the machine before the first run. The
//!   floor of 256 keeps a command valid on one machine valid on any other.
//! * rounds: 1 to [`MAX_ROUNDS`] (1000). A cascade ends when no state joins; with fewer
//!   than 300 states it cannot last more rounds than that, so a larger bound changes nothing.

use casus_core::states;

/// The most Monte Carlo runs one command may ask for (`simulate --runs`, or `compare
/// --simulate --runs` times the number of cells).
pub const MAX_RUNS: u64 = 100_000_000;

/// The most worker threads `simulate --threads` takes on any machine.
pub const MAX_THREADS: usize = 256;

/// The most worker threads `simulate --threads` takes on this machine: [`MAX_THREADS`], or
/// four per core where that is more.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    MAX_THREADS.max(cores.saturating_mul(4))
}

/// The most rounds `simulate --max-rounds` takes.
pub const MAX_ROUNDS: u32 = 1000;

/// A whole number from `lo` to `hi`, or the reason it is not (clap prefixes the flag).
fn bounded<T>(s: &str, lo: T, hi: T, what: &str, why: &str) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let n: T = s.trim().parse().map_err(|_| format!("`{s}` is not a whole number from {lo} to {hi}"))?;
    if n < lo {
        return Err(format!("`{s}` {what}: give at least {lo}"));
    }
    if n > hi {
        return Err(format!("`{s}` {what}: at most {hi}{why}"));
    }
    Ok(n)
}

/// `--runs`: 1 to [`MAX_RUNS`].
pub fn runs(s: &str) -> Result<u64, String> {
    bounded(s, 1, MAX_RUNS, "runs", " (the report's three decimals settle long before; see docs/cli.md, \"Limits\")")
}

/// `compare --simulate`: the runs of every cell together stay within [`MAX_RUNS`]; `Err`
/// holds the message for exit status 1.
pub fn total_runs(runs: u64, cells: u64) -> Result<(), String> {
    match runs.checked_mul(cells) {
        Some(total) if total <= MAX_RUNS => Ok(()),
        _ => Err(format!(
            "error: --runs {runs}: {cells} cells × {runs} runs is more than {MAX_RUNS} runs in all\n  help: give --runs {} or fewer, or compare fewer designs or scenarios",
            (MAX_RUNS / cells.max(1)).max(1)
        )),
    }
}

/// `--threads`: 1 to [`max_threads`].
pub fn threads(s: &str) -> Result<usize, String> {
    bounded(
        s,
        1,
        max_threads(),
        "threads",
        " (more threads than cores only compete for them, and the report is the same whatever the number)",
    )
}

/// `--max-rounds`: 1 to [`MAX_ROUNDS`].
pub fn rounds(s: &str) -> Result<u32, String> {
    bounded(s, 1, MAX_ROUNDS, "rounds", " (a cascade ends when no state joins, long before)")
}

/// A year of `--from` / `--to`: 1 to 9999, as dates are written.
pub fn year(s: &str) -> Result<i16, String> {
    bounded(s, 1, 9999, "is not a year", "")
}

/// `--pair A,B`: two different state codes of the table.
pub fn pair(s: &str) -> Result<(String, String), String> {
    let Some((a, b)) = s.split_once(',') else {
        return Err(format!("`{s}` is not two state codes `A,B`"));
    };
    let (a, b) = (a.trim(), b.trim());
    for code in [a, b] {
        if states::get(code).is_none() {
            let help = states::suggest(code).map_or(String::new(), |h| format!(" ({h})"));
            return Err(format!("unknown state code `{code}`{help}"));
        }
    }
    if a == b {
        return Err(format!("`{s}` names {a} twice: a pair is two different states"));
    }
    Ok((a.to_string(), b.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_say_what_is_wrong() {
        assert_eq!(runs("10"), Ok(10));
        assert!(runs("0").is_err_and(|e| e.contains("at least 1")));
        assert!(runs("1000000000000").is_err_and(|e| e.contains("at most 100000000")));
        assert!(runs("1e12").is_err_and(|e| e.contains("not a whole number")));
        assert!(threads("100000").is_err_and(|e| e.contains("at most")));
        assert_eq!(threads("256"), Ok(256));
        assert!(rounds("0").is_err());
        assert!(year("-5").is_err_and(|e| e.contains("give at least 1")));
        assert_eq!(pair("USA, RUS"), Ok(("USA".into(), "RUS".into())));
        assert!(pair("USA,USA").is_err_and(|e| e.contains("twice")));
        assert!(pair("USA").is_err());
        assert!(total_runs(2000, 230).is_ok());
        assert!(total_runs(u64::MAX, 2).is_err());
        assert!(total_runs(1_000_000, 230).is_err_and(|e| e.contains("--runs 434782 or fewer")));
    }
}
