//! What the targets share: the built-in library, loading as the `casus` binary loads, the
//! checks every loaded set of files must pass, and everything a user can do with a clean
//! library (evaluate, explain, list ties, simulate, export).
//!
//! This file is compiled twice: into the fuzz crate (nightly, libFuzzer) and, through a
//! `#[path]` module, into `crates/casus-cli/tests/fuzz_regressions.rs` (stable), so a saved
//! input is replayed through exactly the code the fuzzer ran.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use casus_core::eval::{Evaluation, Evaluator, Options};
use casus_core::model::{Date, Incident, Library};
use casus_core::{Loaded, ties};
use casus_sim::{Graph, Params, Threshold};

/// At most this many incidents of one input are evaluated (each costs a pass over the library).
const MAX_INCIDENTS: usize = 8;

/// The built-in library as `casus check` with no files loads it, checked once per process.
pub fn builtin() -> &'static Loaded {
    static LIB: OnceLock<Loaded> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut loader = casus_cli::builtin::loader();
        for (path, text) in casus_cli::builtin::FILES {
            loader.add_text(path, *text);
        }
        let loaded = loader.finish();
        assert!(!loaded.has_errors(), "the built-in library has errors");
        loaded
    })
}

/// Every string of the built-in library's JSON form (ids, state codes, event and judgement
/// names, words), sorted: the names an incident or a model can refer to.
pub fn builtin_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let value = serde_json::to_value(&builtin().library).unwrap_or_default();
        let mut out = BTreeSet::new();
        strings(&value, &mut out);
        out.into_iter().filter(|s| s.len() <= 64).collect()
    })
}

/// Every date the built-in library names, sorted: the days where verdicts change.
pub fn builtin_dates() -> &'static [Date] {
    static DATES: OnceLock<Vec<Date>> = OnceLock::new();
    DATES.get_or_init(|| builtin_words().iter().filter_map(|s| s.parse::<Date>().ok()).collect())
}

fn strings(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Loads one file as `casus check FILE` (and `eval`, `test`, `simulate` with a file) does:
/// a file of incidents and no treaties is read against the built-in library.
pub fn load_like_cli(path: &str, bytes: &[u8]) -> Loaded {
    let mut loader = casus_cli::builtin::loader();
    loader.add_bytes(path, bytes.to_vec());
    let lib = loader.library();
    if lib.treaties.is_empty() && !lib.incidents.is_empty() {
        for (p, text) in casus_cli::builtin::FILES {
            loader.add_library_text(p, *text);
        }
    }
    loader.finish()
}

/// Whatever was loaded: every diagnostic points inside its file on character boundaries
/// (or nowhere), and both reports render (the JSON one as valid JSON).
pub fn check_loaded(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
        for span in spans {
            if span.is_detached() {
                continue;
            }
            let file = loaded.sources.try_get(span.file).unwrap_or_else(|| panic!("{span:?} is in no file: {d:?}"));
            let text = file.text();
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(start <= end && end <= text.len(), "span {start}..{end} outside {} bytes: {d:?}", text.len());
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "span {start}..{end} splits a character: {d:?}"
            );
            let _ = file.line_col(start);
            let _ = file.line_col(end);
        }
    }
    let _ = casus_cli::render::text_report(loaded);
    let json = casus_cli::render::json_report(loaded);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "the JSON report is not JSON: {json}");
}

/// What a user can do with a library that checked clean: export it (and read the export
/// back to the same model), evaluate and explain its incidents (at most
/// [`MAX_INCIDENTS`]), list the ties on the dates it names, and run a short cascade.
pub fn exercise(loaded: &Loaded) {
    if loaded.has_errors() {
        return;
    }
    let lib = &loaded.library;
    let json = serde_json::to_string(lib).unwrap_or_else(|e| panic!("the model does not serialise: {e}"));
    let back: Library = serde_json::from_str(&json).unwrap_or_else(|e| panic!("the export does not read back: {e}"));
    assert!(back == *lib, "the export reads back as a different model");
    for incident in lib.incidents.iter().take(MAX_INCIDENTS) {
        for hypothetical in [false, true] {
            evaluate(lib, incident, Options { hypothetical });
        }
        simulate(lib, incident, Options::default(), 2, 4, 0);
    }
    // Ties on each date the file's treaties name (bounded: at most eight dates).
    let mut dates = BTreeSet::new();
    for t in &lib.treaties {
        dates.extend([&t.signed, &t.in_force, &t.terminated].into_iter().flatten().map(|d| d.value));
        for m in &t.parties {
            dates.extend([&m.from, &m.until].into_iter().flatten().map(|d| d.value));
        }
    }
    for date in dates.into_iter().take(8) {
        ties_on(lib, date, Options::default());
    }
}

/// Evaluates one incident as `casus eval` does and renders the result as `eval` (text and
/// JSON) and `explain` (one verdict of each kind) print it; one verdict per commitment, in
/// library order.
pub fn evaluate(lib: &Library, incident: &Incident, options: Options) -> Evaluation {
    let e = Evaluator::new(lib, options).evaluate(incident);
    let commitments: usize = lib.treaties.iter().map(|t| t.commitments.len()).sum();
    assert_eq!(e.verdicts.len(), commitments, "not one verdict per commitment");
    serde_json::to_writer(std::io::sink(), &e).unwrap_or_else(|err| panic!("the evaluation does not serialise: {err}"));
    let _ = casus_cli::report::evaluation_text(&e);
    let mut explained = Vec::new();
    for v in &e.verdicts {
        if !explained.contains(&v.verdict) {
            explained.push(v.verdict);
            let _ = casus_cli::report::explain_text(&e, v);
        }
    }
    if let (Some(on), Some(target)) = (&incident.on, &incident.target) {
        for d in ties::of_state(lib, &target.value, on.value, options) {
            assert!(!d.counterparties.is_empty(), "a duty with no counterparty");
        }
    }
    e
}

/// The ties of a date, as `casus network` lists them (every pair).
pub fn ties_on(lib: &Library, date: Date, options: Options) {
    for t in ties::on(lib, date, options) {
        let _ = (t.key(), t.kind(), t.strength(), t.pairs());
    }
}

/// A cascade as `casus simulate` runs one: deterministic (text, JSON, DOT) and a few Monte
/// Carlo runs (report, SVG), with probabilities that stay probabilities.
pub fn simulate(lib: &Library, incident: &Incident, options: Options, max_rounds: u32, runs: u64, seed: u64) {
    simulate_with(lib, incident, &Params::default(), options, max_rounds, runs, seed);
}

/// [`simulate`] with a parameters file's probabilities.
pub fn simulate_with(
    lib: &Library,
    incident: &Incident,
    params: &Params,
    options: Options,
    max_rounds: u32,
    runs: u64,
    seed: u64,
) {
    let graph = Graph::build(lib, incident, params, options, max_rounds);
    let cascade = casus_sim::deterministic(&graph, Threshold::default(), max_rounds);
    let _ = casus_sim::text_tree(&cascade);
    let _ = casus_sim::dot(&cascade);
    let _ = serde_json::to_string(&cascade).unwrap_or_else(|e| panic!("the cascade does not serialise: {e}"));
    if runs > 0 {
        let m = casus_sim::monte_carlo(&graph, runs, seed, max_rounds, &[]);
        for (state, p) in &m.belligerent {
            assert!((0.0..=1.0).contains(p), "{state}: probability {p} of becoming a belligerent");
        }
        let _ = casus_sim::svg(&m);
        let _ = casus_cli::simulate::report(&m);
        let _ = serde_json::to_string(&m).unwrap_or_else(|e| panic!("the Monte Carlo result does not serialise: {e}"));
    }
}

/// A folder of this process and thread for files a reader must be given by path; the same
/// folder each call, so that fuzzing millions of inputs leaves one folder behind.
pub fn scratch(target: &str) -> PathBuf {
    thread_local! {
        static N: u64 = {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        };
    }
    let n = N.with(|n| *n);
    let dir = std::env::temp_dir().join(format!("casus-fuzz-{target}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Writes `bytes` to `path` (a scratch file): a failure is the machine's, not the input's.
pub fn write(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
