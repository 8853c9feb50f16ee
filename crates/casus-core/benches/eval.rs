//! Evaluation speed: one incident against the full library, and a batch of generated
//! incidents across all cores.
//!
//! Run with `cargo bench -p casus-core --bench eval`. The batch size defaults to 100,000
//! so the bench stays short; `CASUS_BENCH_BATCH=1000000` runs the 1-million batch quoted
//! in the README.

use std::path::Path;

use casus_core::eval::{Evaluator, Options};
use casus_core::model::{Actor, Coordinates, Incident};
use casus_core::vocab::{ObjectKind, Severity, Tri};
use casus_core::{Library, Loader};
use casus_syntax::Spanned;

fn main() {
    divan::main();
}

fn library() -> Library {
    let mut loader = Loader::default();
    loader.add_library_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library")).expect("library readable");
    let loaded = loader.finish();
    assert!(!loaded.has_errors());
    loaded.library
}

/// A Russian armed attack on Estonian territory at Tallinn, intentional, on 2014-06-01.
fn estonia() -> Incident {
    Incident {
        on: Some(Spanned::detached(jiff::civil::date(2014, 6, 1))),
        actor: Actor::States(vec![Spanned::detached("RUS".into())]),
        target: Some(Spanned::detached("EST".into())),
        object: Some(Spanned::detached(ObjectKind::Territory)),
        at: Some(Spanned::detached(Coordinates { lat: 59.437, lon: 24.7536 })),
        severity: Some(Spanned::detached(Severity::ArmedAttack)),
        intentional: Some(Spanned::detached(Tri::Yes)),
        ..Incident::new("estonia", "")
    }
}

fn commitments(lib: &Library) -> u64 {
    lib.treaties.iter().map(|t| t.commitments.len() as u64).sum()
}

/// One incident (a Russian armed attack on Estonia) against the whole built-in library,
/// with the trace in words (`casus eval`, `casus explain`). The counter is the number of
/// commitments, so divan's throughput line gives the cost per commitment.
#[divan::bench]
fn one_incident_full_library(bencher: divan::Bencher) {
    let lib = library();
    let ev = Evaluator::new(&lib, Options::default());
    let inc = estonia();
    bencher.counter(divan::counter::ItemsCount::new(commitments(&lib))).bench(|| ev.evaluate(&inc));
}

/// The same incident, verdicts without words: what bulk evaluation (`casus eval
/// --incidents`) and the tally pay per incident.
#[divan::bench]
fn one_incident_full_library_verdicts(bencher: divan::Bencher) {
    let lib = library();
    let ev = Evaluator::new(&lib, Options::default());
    let inc = estonia();
    let mut buf = Vec::new();
    bencher.counter(divan::counter::ItemsCount::new(commitments(&lib))).bench_local(|| {
        ev.outcomes_into(&inc, &mut buf);
        buf.len()
    });
}

/// Generated incidents (`casus_core::sample`: every field varied), one at a time without
/// words, on one core: the per-incident cost of a varied workload.
#[divan::bench(sample_count = 10)]
fn generated_incidents_verdicts(bencher: divan::Bencher) {
    let lib = library();
    let ev = Evaluator::new(&lib, Options::default());
    let incidents = casus_core::sample::incidents(&lib, 1, 10_000);
    let mut buf = Vec::new();
    bencher.counter(divan::counter::ItemsCount::new(incidents.len())).bench_local(|| {
        let mut n = 0;
        for inc in &incidents {
            ev.outcomes_into(inc, &mut buf);
            n += buf.len();
        }
        n
    });
}

/// A batch of generated incidents (`casus_core::sample`) evaluated in parallel on every
/// core, verdict counts per commitment (`Evaluator::tally`, verdicts without words).
#[divan::bench(sample_count = 3)]
fn batch_parallel(bencher: divan::Bencher) {
    let n: u64 = std::env::var("CASUS_BENCH_BATCH").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let lib = library();
    let ev = Evaluator::new(&lib, Options::default());
    let incidents = casus_core::sample::incidents(&lib, 1, n);
    bencher.counter(divan::counter::ItemsCount::new(n)).bench(|| ev.tally(&incidents));
}

/// Locating an incident by coordinates alone: the country and subdivision maps, the seas,
/// the shapes of declared regions (Kostiantynivka: near the line, so the other side is
/// resolved too), Lviv, and a point at sea.
#[divan::bench(args = [(48.53, 37.71), (49.84, 24.03), (43.0, 34.0)])]
fn locate_by_coordinates(bencher: divan::Bencher, (lat, lon): (f64, f64)) {
    let lib = library();
    let mut inc = Incident::new("where", "where");
    inc.on = Some(Spanned::detached(jiff::civil::date(2026, 7, 1)));
    inc.at = Some(Spanned::detached(Coordinates { lat, lon }));
    bencher.bench(|| casus_core::eval::locate(&lib, divan::black_box(&inc)));
}

/// `casus coverage nato/art5`: every place of the 32 parties, each a probe evaluated.
#[divan::bench(sample_count = 10)]
fn coverage_nato_article_5(bencher: divan::Bencher) {
    let lib = library();
    let on = jiff::civil::date(2025, 6, 1);
    bencher.bench(|| casus_core::coverage::coverage(&lib, "nato", Some("art5"), on).map(|c| c[0].rows.len()));
}
