//! Every input the fuzzers found a bug with, replayed through the very target that found
//! it, on every `cargo test` (stable toolchain, no libFuzzer).
//!
//! The targets' bodies are `fuzz/src/*.rs`; they are included here by path, so this test
//! and `cargo +nightly fuzz run` run the same code. An input lives in
//! `fuzz/regressions/TARGET/NAME`, where NAME says what went wrong. A target fails by
//! panicking, so a fixed bug that comes back fails this test with the target's own message.

#![allow(missing_docs, dead_code, clippy::unwrap_used)]

#[path = "../../../fuzz/src/common.rs"]
mod common;
#[path = "../../../fuzz/src/eval_incident.rs"]
mod eval_incident;
#[path = "../../../fuzz/src/json_model.rs"]
mod json_model;
#[path = "../../../fuzz/src/parse_check.rs"]
mod parse_check;
#[path = "../../../fuzz/src/read_atop.rs"]
mod read_atop;
#[path = "../../../fuzz/src/read_cow.rs"]
mod read_cow;
#[path = "../../../fuzz/src/read_gdelt.rs"]
mod read_gdelt;
#[path = "../../../fuzz/src/sim_params.rs"]
mod sim_params;

use std::path::Path;

/// A fuzz target's entry point: one input, a panic on a bug.
type Target = fn(&[u8]);

/// The targets, by the names of their folders.
const TARGETS: &[(&str, Target)] = &[
    ("eval_incident", eval_incident::run),
    ("json_model", json_model::run),
    ("parse_check", parse_check::run),
    ("read_atop", read_atop::run),
    ("read_cow", read_cow::run),
    ("read_gdelt", read_gdelt::run),
    ("sim_params", sim_params::run),
];

#[test]
fn every_saved_crash_input_now_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions") {
        let dir = entry.expect("entry").path();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some((_, run)) = TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!(
                "fuzz/regressions/{name}: no such target (one of {:?})",
                TARGETS.iter().map(|t| t.0).collect::<Vec<_>>()
            );
        };
        for input in std::fs::read_dir(&dir).expect("target folder") {
            let input = input.expect("entry").path();
            let bytes = std::fs::read(&input).expect("read");
            eprintln!("{name}: {}", input.display());
            run(&bytes);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no saved input under {}", root.display());
}

#[test]
fn the_targets_accept_their_seeds() {
    // A smoke run of each target on a tiny input, so that a target broken by a change of
    // the library fails here, not only under the fuzzer.
    for (name, run) in TARGETS {
        eprintln!("{name}");
        run(b"");
        run(b"\x00treaty t { }\n");
    }
}
