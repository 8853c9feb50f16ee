//! Cascades on a small network whose probabilities can be worked out by hand, the
//! reproducibility of seeded runs across thread counts, and non-provocation clauses.

use casus_core::eval::Options;
use casus_core::{Library, Loader};
use casus_sim::{Graph, Params, Side, Threshold, deterministic, monte_carlo};

/// Estonia (A) is attacked by Russia (X). Latvia (B) is Estonia's ally; Belarus (Y) is
/// Russia's ally with no non-provocation clause; Kazakhstan (Z) is Russia's ally only
/// against unprovoked attacks.
const NETWORK: &str = r#"
treaty ab "A–B" {
    in-force 2000-01-01
    source "test"
    parties {
        EST LVA
    }
    commitment art1 defence "1" {
        clause "1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "aid" strength automatic
    }
}
treaty xy "X–Y" {
    in-force 2000-01-01
    source "test"
    parties {
        RUS BLR
    }
    commitment art1 defence "1" {
        clause "1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "aid" strength automatic
    }
}
treaty xz "X–Z" {
    in-force 2000-01-01
    source "test"
    parties {
        RUS KAZ
    }
    commitment art1 defence "1" {
        clause "1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        if unprovoked
        owe "aid" strength automatic
    }
}
incident start "Russia attacks Estonia" {
    on 2026-01-01
    actor RUS
    target EST
    object territory
    region EE-37
    severity armed-attack
    intentional yes
}
"#;

const PARAMS: &str = r#"
[commitment]
"ab/art1" = 0.6
"xy/art1" = 0.5
"xz/art1" = 1.0
"#;

fn network() -> Library {
    let mut loader = Loader::default();
    loader.add_text("network.casus", NETWORK);
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.library
}

fn graph(lib: &Library) -> Graph {
    let params = Params::from_toml(PARAMS, lib).expect("valid params");
    Graph::build(lib, &lib.incidents[0], &params, Options::default(), 10)
}

#[test]
fn deterministic_cascade_follows_the_chain_and_stops_at_non_provocation() {
    let lib = network();
    let c = deterministic(&graph(&lib), Threshold::default(), 10);
    let who: Vec<(&str, u32, Side)> = c.entries.iter().map(|e| (e.state.as_str(), e.round, e.side)).collect();
    assert_eq!(who, [("LVA", 1, Side::Defender), ("BLR", 2, Side::Attacker)]);
    assert_eq!(c.entries[1].protecting, "RUS");
    assert_eq!(c.entries[1].against, ["LVA"]);
    assert!(
        c.entries.iter().all(|e| e.state != "KAZ"),
        "Russia started the war: the non-provocation pact does not pull Kazakhstan in"
    );
}

fn within(got: f64, want: f64, runs: u64) {
    // Four standard errors of a binomial share: fails by chance about once in 16,000 runs.
    let tolerance = 4.0 * (want * (1.0 - want) / runs as f64).sqrt() + 1e-12;
    assert!((got - want).abs() <= tolerance, "got {got}, want {want} ± {tolerance}");
}

#[test]
fn monte_carlo_matches_the_probabilities_worked_out_by_hand() {
    let lib = network();
    let g = graph(&lib);
    let runs = 20_000;
    let m = monte_carlo(&g, runs, 7, 10, &[("EST".into(), "BLR".into()), ("LVA".into(), "RUS".into())]);
    let p = |s: &str| m.belligerent.iter().find(|(x, _)| x == s).map_or(0.0, |(_, p)| *p);
    // Latvia honours with 0.6; Belarus is asked only if Latvia struck Russia: 0.6 × 0.5.
    within(p("LVA"), 0.6, runs);
    within(p("BLR"), 0.3, runs);
    assert_eq!(p("KAZ"), 0.0);
    assert_eq!(p("EST"), 1.0);
    assert_eq!(p("RUS"), 1.0);
    let share = |k: usize| *m.belligerents_distribution.get(&k).unwrap_or(&0) as f64 / runs as f64;
    within(share(2), 0.4, runs);
    within(share(3), 0.3, runs);
    within(share(4), 0.3, runs);
    within(m.pairs[0].probability, 0.3, runs); // EST–BLR
    within(m.pairs[1].probability, 0.6, runs); // LVA–RUS
    within(m.wider_war, 0.3, runs);
    within(m.any_guarantor, 0.6, runs);
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_thread_and_on_two() {
    let lib = network();
    let g = graph(&lib);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| serde_json::to_string(&monte_carlo(&g, 5_000, 42, 10, &[])).expect("json"))
    };
    assert_eq!(run(1), run(2));
    assert_ne!(run(1), {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
        pool.install(|| serde_json::to_string(&monte_carlo(&g, 5_000, 43, 10, &[])).expect("json"))
    });
}

#[test]
fn bad_parameters_are_refused_with_their_place() {
    let lib = network();
    let e = Params::from_toml("[commitment]\n\"ab/art1\" = 1.5\n", &lib).expect_err("out of range");
    assert_eq!((e.line, e.column), (2, 13));
    assert!(e.message.contains("outside [0, 1]"), "{}", e.message);
    let e = Params::from_toml("[state]\nXXX = 0.5\n", &lib).expect_err("unknown state");
    assert_eq!((e.line, e.column, e.message.as_str()), (2, 1, "unknown state code `XXX`"));
    let e = Params::from_toml("[commitment]\n\"ab/art9\" = 0.5\n", &lib).expect_err("unknown commitment");
    assert!(e.message.contains("no commitment `ab/art9`"));
    let e = Params::from_toml("[treaties]\nab = 0.5\n", &lib).expect_err("unknown section");
    assert_eq!(e.line, 1);
}
