//! Monte Carlo speed: 100,000 cascades of a Russian armed attack on Estonia over the whole
//! built-in library, on one thread and on two. Run with
//! `cargo bench -p casus-sim --bench simulate`.

use std::path::Path;

use casus_core::Loader;
use casus_core::eval::Options;
use casus_core::model::{Actor, Incident};
use casus_core::vocab::{ObjectKind, Severity, Tri};
use casus_sim::{Graph, Params, monte_carlo};
use casus_syntax::Spanned;

fn main() {
    divan::main();
}

fn graph() -> Graph {
    let mut loader = Loader::default();
    loader.add_library_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library")).expect("library readable");
    let loaded = loader.finish();
    assert!(!loaded.has_errors());
    let incident = Incident {
        on: Some(Spanned::detached(jiff::civil::date(2026, 3, 1))),
        actor: Actor::States(vec![Spanned::detached("RUS".into())]),
        target: Some(Spanned::detached("EST".into())),
        object: Some(Spanned::detached(ObjectKind::Territory)),
        region: Some(Spanned::detached("EE-37".into())),
        severity: Some(Spanned::detached(Severity::ArmedAttack)),
        intentional: Some(Spanned::detached(Tri::Yes)),
        ..Incident::new("bench", "Russia attacks Estonia")
    };
    Graph::build(&loaded.library, &incident, &Params::default(), Options::default(), 8)
}

/// Building the graph: evaluating the first incident and every reachable counter-attack.
#[divan::bench(sample_count = 10)]
fn build_graph() -> Graph {
    graph()
}

/// 100,000 seeded runs on 1 and 2 threads.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn runs_100k(bencher: divan::Bencher, threads: usize) {
    let g = graph();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
    bencher
        .counter(divan::counter::ItemsCount::new(100_000u64))
        .bench(|| pool.install(|| monte_carlo(&g, 100_000, 7, 8, &[])));
}
