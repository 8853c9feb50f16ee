//! The outputs of `casus eval` stay byte for byte what they were: the JSON and the text of
//! every scenario of the built-in library and of 400 generated incidents, with designs as
//! they are and as if in force, hashed (SHA-256) against `tests/golden/eval-outputs.sha256`.
//!
//! The hashes were taken with the evaluator as it was before traces were written only on
//! demand (commit da9bca7), so a change to the evaluator's speed that changed a word of its
//! output fails here. When an output is meant to change, run the test with
//! `CASUS_BLESS=1` and say why in the commit.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn generated_file(dir: &Path) -> PathBuf {
    let mut loader = casus_core::Loader::default();
    loader.add_library_dir(&root().join("library")).expect("library readable");
    let lib = loader.finish().library;
    let text: String = casus_core::sample::incidents(&lib, 7, 400)
        .iter()
        .map(|i| casus_diff::write::incident_text(i, "generated") + "\n")
        .collect();
    let path = dir.join("generated.casus");
    std::fs::write(&path, text).expect("temp file writable");
    path
}

fn hash(args: &[&str]) -> String {
    let out =
        Command::cargo_bin("casus").expect("binary builds").env("NO_COLOR", "1").args(args).output().expect("runs");
    assert!(out.status.success(), "casus {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let digest = Sha256::digest(&out.stdout);
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[test]
fn eval_outputs_are_byte_for_byte_what_they_were() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generated_file(dir.path());
    let generated = generated.to_str().expect("utf-8 path");
    let scenarios = root().join("library/scenarios");
    let scenarios = scenarios.to_str().expect("utf-8 path");
    let mut lines = String::new();
    for (name, files) in [("scenarios", scenarios), ("generated", generated)] {
        for format in ["json", "text"] {
            for hypothetical in [false, true] {
                let mut args = vec!["eval", files, "--format", format];
                if hypothetical {
                    args.push("--hypothetical");
                }
                let label = format!("{name} {format}{}", if hypothetical { " hypothetical" } else { "" });
                lines.push_str(&format!("{} {label}\n", hash(&args)));
            }
        }
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/eval-outputs.sha256");
    if std::env::var_os("CASUS_BLESS").is_some() {
        std::fs::write(&golden, &lines).expect("golden writable");
        return;
    }
    let want = std::fs::read_to_string(&golden).expect("golden file present");
    assert_eq!(lines, want, "an output of `casus eval` changed (CASUS_BLESS=1 records the new hashes)");
}
