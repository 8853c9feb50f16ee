//! Monte Carlo cascades: honour as a random draw, many runs in parallel, reproducible.
//!
//! Run `i` draws from its own ChaCha8 stream (`seed`, stream `i`), so a run's outcome
//! depends only on the seed and its index; totals are sums, so the report is the same
//! bytes whatever the number of threads.

use std::collections::{BTreeMap, HashMap};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use casus_core::vocab::VerdictKind;

use crate::graph::Graph;
use crate::run::{Scratch, Side, walk};

/// The probability that two states end up at war with each other (on opposite sides).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Pair {
    /// One state.
    pub a: String,
    /// The other.
    pub b: String,
    /// Share of runs in which they fought.
    pub probability: f64,
}

/// The report of a Monte Carlo simulation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MonteCarlo {
    /// The first incident.
    pub incident: String,
    /// Number of runs.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// Share of runs in which each state became a belligerent (highest first).
    pub belligerent: Vec<(String, f64)>,
    /// Share of runs in which each state joined the defender's side.
    pub defender_side: Vec<(String, f64)>,
    /// Number of belligerents → number of runs.
    pub belligerents_distribution: BTreeMap<usize, u64>,
    /// Share of runs in which at least one guarantor entered the war.
    pub any_guarantor: f64,
    /// Share of runs in which a state joined the attacker's side (a wider war).
    pub wider_war: f64,
    /// Direct conflict between the pairs asked for (or the most likely pairs).
    pub pairs: Vec<Pair>,
    /// The most frequent sets of belligerents, with their share of runs.
    pub top_cascades: Vec<(Vec<String>, f64)>,
    /// For each treaty, the share of runs in which at least one state entered the war by
    /// honouring one of its commitments.
    pub via_treaty: Vec<(String, f64)>,
}

/// Per-thread totals.
#[derive(Clone)]
struct Totals {
    belligerent: Vec<u64>,
    defender: Vec<u64>,
    distribution: BTreeMap<usize, u64>,
    any: u64,
    wider: u64,
    pairs: Vec<u64>,
    via: Vec<u64>,
    /// Belligerent sets as bitsets (states 0..256) → number of runs.
    cascades: HashMap<[u64; 4], u64>,
}

impl Totals {
    fn new(n: usize) -> Self {
        Totals {
            belligerent: vec![0; n],
            defender: vec![0; n],
            distribution: BTreeMap::new(),
            any: 0,
            wider: 0,
            pairs: vec![0; n * n],
            via: Vec::new(),
            cascades: HashMap::new(),
        }
    }

    fn merge(mut self, other: Totals) -> Totals {
        for (a, b) in self.belligerent.iter_mut().zip(other.belligerent) {
            *a += b;
        }
        for (a, b) in self.defender.iter_mut().zip(other.defender) {
            *a += b;
        }
        for (k, v) in other.distribution {
            *self.distribution.entry(k).or_default() += v;
        }
        self.any += other.any;
        self.wider += other.wider;
        for (a, b) in self.pairs.iter_mut().zip(other.pairs) {
            *a += b;
        }
        if self.via.len() < other.via.len() {
            self.via.resize(other.via.len(), 0);
        }
        for (a, b) in self.via.iter_mut().zip(other.via) {
            *a += b;
        }
        for (k, v) in other.cascades {
            *self.cascades.entry(k).or_default() += v;
        }
        self
    }
}

/// Runs `runs` seeded cascades in parallel on the current rayon pool. `pairs` names the
/// pairs of states whose direct conflict to report; empty reports the ten most likely.
pub fn monte_carlo(g: &Graph, runs: u64, seed: u64, max_rounds: u32, pairs: &[(String, String)]) -> MonteCarlo {
    monte_carlo_with_progress(g, runs, seed, max_rounds, pairs, &|| {})
}

/// [`monte_carlo`], calling `tick` after every run (for a progress bar).
pub fn monte_carlo_with_progress(
    g: &Graph,
    runs: u64,
    seed: u64,
    max_rounds: u32,
    pairs: &[(String, String)],
    tick: &(dyn Fn() + Sync),
) -> MonteCarlo {
    let never = std::sync::atomic::AtomicBool::new(false);
    match monte_carlo_until(g, runs, seed, max_rounds, pairs, tick, &never) {
        Some(m) => m,
        None => unreachable!("a flag nobody sets stops nothing"),
    }
}

/// [`monte_carlo_with_progress`] that gives up, returning `None`, once `stop` is set (the
/// server's cancelled jobs): every worker looks at it before each run.
pub fn monte_carlo_until(
    g: &Graph,
    runs: u64,
    seed: u64,
    max_rounds: u32,
    pairs: &[(String, String)],
    tick: &(dyn Fn() + Sync),
    stop: &std::sync::atomic::AtomicBool,
) -> Option<MonteCarlo> {
    let n = g.states.len();
    let indeterminate = g.params.indeterminate;
    // Chunks of runs: one set of totals and one scratch space per chunk, not per run.
    const CHUNK: u64 = 2048;
    let chunks = runs.div_ceil(CHUNK);
    let totals = (0..chunks)
        .into_par_iter()
        .map(|chunk| {
            let mut t = Totals::new(n);
            t.via = vec![0; g.treaties.len()];
            let mut scratch = Scratch::default();
            let mut via_run = vec![false; g.treaties.len()];
            for run in chunk * CHUNK..((chunk + 1) * CHUNK).min(runs) {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(run);
                let mut entered = 0usize;
                walk(
                    g,
                    max_rounds,
                    &mut scratch,
                    |due, k| {
                        let mut p = due.probabilities[k];
                        if due.verdict == VerdictKind::Indeterminate {
                            p *= indeterminate;
                        }
                        p > 0.0 && rng.random::<f64>() < p
                    },
                    |_, due, _, _, _| {
                        entered += 1;
                        via_run[due.treaty as usize] = true;
                    },
                );
                for (k, hit) in via_run.iter_mut().enumerate() {
                    t.via[k] += u64::from(*hit);
                    *hit = false;
                }
                let mut key = [0u64; 4];
                let mut count = 0usize;
                let mut wider = false;
                for (i, side) in scratch.side.iter().enumerate() {
                    if let Some(side) = side {
                        t.belligerent[i] += 1;
                        count += 1;
                        if i < 256 {
                            key[i / 64] |= 1 << (i % 64);
                        }
                        match side {
                            Side::Defender => t.defender[i] += 1,
                            Side::Attacker => wider |= !g.attackers.contains(&(i as u16)),
                        }
                        for j in 0..i {
                            if scratch.side[j].is_some_and(|o| o != *side) {
                                t.pairs[j * n + i] += 1;
                            }
                        }
                    }
                }
                *t.distribution.entry(count).or_default() += 1;
                t.any += u64::from(entered > 0);
                t.wider += u64::from(wider);
                *t.cascades.entry(key).or_default() += 1;
                tick();
            }
            t
        })
        .reduce(|| Totals::new(n), Totals::merge);
    if stop.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }

    let share = |c: u64| if runs == 0 { 0.0 } else { c as f64 / runs as f64 };
    let ranked = |counts: &[u64]| {
        let mut v: Vec<(String, f64)> =
            counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (g.states[i].clone(), share(*c))).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let index = |s: &str| g.states.iter().position(|x| x == s);
    let pair_of = |a: usize, b: usize| {
        let (x, y) = if a < b { (a, b) } else { (b, a) };
        Pair { a: g.states[a].clone(), b: g.states[b].clone(), probability: share(totals.pairs[x * n + y]) }
    };
    let pairs: Vec<Pair> = if pairs.is_empty() {
        let mut all: Vec<Pair> = (0..n)
            .flat_map(|a| ((a + 1)..n).map(move |b| (a, b)))
            .map(|(a, b)| pair_of(a, b))
            .filter(|p| p.probability > 0.0)
            .collect();
        all.sort_by(|x, y| y.probability.total_cmp(&x.probability).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
        all.truncate(10);
        all
    } else {
        pairs
            .iter()
            .map(|(a, b)| match (index(a), index(b)) {
                (Some(x), Some(y)) if x != y => pair_of(x, y),
                _ => Pair { a: a.clone(), b: b.clone(), probability: 0.0 },
            })
            .collect()
    };
    // Rank the sets before naming them: there may be as many sets as runs.
    let mut ranked_sets: Vec<([u64; 4], u64)> = totals.cascades.into_iter().collect();
    ranked_sets.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked_sets.truncate(10);
    let cascades: Vec<(Vec<String>, u64)> = ranked_sets
        .into_iter()
        .map(|(key, c)| {
            let mut names: Vec<String> =
                (0..n.min(256)).filter(|&i| key[i / 64] & (1 << (i % 64)) != 0).map(|i| g.states[i].clone()).collect();
            names.sort();
            (names, c)
        })
        .collect();
    Some(MonteCarlo {
        incident: g.incident.clone(),
        runs,
        seed,
        belligerent: ranked(&totals.belligerent),
        defender_side: ranked(&totals.defender),
        belligerents_distribution: totals.distribution,
        any_guarantor: share(totals.any),
        wider_war: share(totals.wider),
        pairs,
        top_cascades: cascades.into_iter().map(|(s, c)| (s, share(c))).collect(),
        via_treaty: g
            .treaties
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), share(totals.via.get(i).copied().unwrap_or(0))))
            .collect(),
    })
}
