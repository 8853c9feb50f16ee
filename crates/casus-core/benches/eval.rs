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

const STATES: &[&str] = &["POL", "EST", "USA", "UKR", "RUS", "DEU", "TUR", "FRA", "GBR", "LTU"];
const SEVERITIES: &[Severity] = &[
    Severity::Threat,
    Severity::Violation,
    Severity::Incursion,
    Severity::LimitedStrike,
    Severity::ArmedAttack,
    Severity::Invasion,
];

/// A deterministic pseudo-random incident (SplitMix64 over `n`).
fn incident(n: u64) -> Incident {
    let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let pick = |r: u64, n: usize| (r % n as u64) as usize;
    let actor = STATES[pick(next(), STATES.len())];
    let target = STATES[pick(next(), STATES.len())];
    let year = 1950 + pick(next(), 76) as i16;
    let lat = 35.0 + (next() % 3000) as f64 / 100.0;
    let lon = -10.0 + (next() % 5000) as f64 / 100.0;
    Incident {
        on: Some(Spanned::detached(jiff::civil::date(year, 1 + pick(next(), 12) as i8, 1 + pick(next(), 28) as i8))),
        actor: Actor::States(vec![Spanned::detached(actor.to_string())]),
        target: Some(Spanned::detached(target.to_string())),
        object: Some(Spanned::detached(ObjectKind::Territory)),
        at: Some(Spanned::detached(Coordinates { lat, lon })),
        severity: Some(Spanned::detached(SEVERITIES[pick(next(), SEVERITIES.len())])),
        intentional: Some(Spanned::detached(if next().is_multiple_of(4) { Tri::Unknown } else { Tri::Yes })),
        ..Incident::new(format!("i{n}"), "")
    }
}

fn estonia() -> Incident {
    let mut inc = incident(1);
    inc.actor = Actor::States(vec![Spanned::detached("RUS".into())]);
    inc.target = Some(Spanned::detached("EST".into()));
    inc.at = Some(Spanned::detached(Coordinates { lat: 59.437, lon: 24.7536 }));
    inc.severity = Some(Spanned::detached(Severity::ArmedAttack));
    inc
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
