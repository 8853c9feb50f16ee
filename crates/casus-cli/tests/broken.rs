//! Snapshot tests of the diagnostics for the corpus of broken files in
//! `tests/suite/broken/`: each file is loaded as `casus check` would load it, and the text
//! report (and, for a few files, the JSON report) is compared with its snapshot in
//! `tests/snapshots/`. Review changes with `cargo insta review`.
//!
//! File names start with the code the file is meant to produce (`E0201-unknown-state.casus`);
//! the tests check that each such file produces its code, and that the corpus as a whole
//! produces every code the sources can emit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use casus_cli::render::{json_report, text_report};
use casus_core::{Loaded, Loader};

/// Every diagnostic code the sources produce (`grep -rhoE '"[EW]0[0-9]{3}"' crates | sort -u`).
#[rustfmt::skip]
const EXPECTED_CODES: &[&str] = &[
    "E0001", "E0002", "E0003", "E0004", "E0005", "E0006", "E0007", "E0008", // syntax and input
    "E0101", "E0102", "E0103", "E0104", "E0105", // grammar of statements
    "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208", "E0209", "E0210", "E0211", "E0212", // checks
    "W0301", "W0302", "W0303", "W0304", // warnings
    "W0501", "W0502", "W0503", // casus check --exhaustive
];

/// The display path the corpus files are loaded under, so snapshots hold no absolute paths.
const DISPLAY_DIR: &str = "tests/suite/broken";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/suite/broken")
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder exists")
        .map(|e| e.expect("readable folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn name_of(path: &Path) -> String {
    path.file_name().expect("a file name").to_string_lossy().into_owned()
}

/// Loads one corpus file under its relative display path; a file named after a code of
/// `casus check --exhaustive` (W05xx) is analysed as that flag does.
fn load(path: &Path) -> Loaded {
    let bytes = std::fs::read(path).expect("readable corpus file");
    let name = name_of(path);
    let mut loaded = load_bytes(&name, bytes);
    if name.starts_with("W05") {
        casus_ops::diagnostics::exhaustive(&mut loaded, &|_| {});
    }
    loaded
}

fn load_bytes(name: &str, bytes: Vec<u8>) -> Loaded {
    let mut loader = Loader::default();
    loader.add_bytes(&format!("{DISPLAY_DIR}/{name}"), bytes);
    loader.finish()
}

/// Removes ANSI colour sequences: the renderer colours its output when the test process's
/// stdout happens to be a terminal, and the snapshots must not depend on that.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn text(loaded: &Loaded) -> String {
    strip_ansi(&text_report(loaded))
}

/// The code a corpus file is named after, if any (`E0201-unknown-state.casus` → `E0201`).
fn code_in_name(name: &str) -> Option<&str> {
    let code = name.get(..5)?;
    let b = code.as_bytes();
    (matches!(b[0], b'E' | b'W') && b[1..].iter().all(u8::is_ascii_digit) && name[5..].starts_with('-')).then_some(code)
}

#[test]
fn text_reports() {
    insta::glob!("../../../tests/suite/broken", "*.{casus,json}", |path| {
        let loaded = load(path);
        insta::assert_snapshot!("text", text(&loaded));
    });
}

#[test]
fn json_reports() {
    for name in ["E0201-unknown-state.casus", "E0201-json-unknown-state.json", "E0008-invalid-utf8.casus"] {
        let loaded = load(&corpus_dir().join(name));
        let report = json_report(&loaded);
        serde_json::from_str::<serde_json::Value>(&report).expect("the JSON report is JSON");
        insta::assert_snapshot!(format!("json@{name}"), report);
    }
}

fn one_megabyte_line() -> String {
    "lorem ipsum dolor sit amet ".repeat(40_000).chars().take(1 << 20).collect()
}

/// A file of one 1 MB line of words: the report must stay short (the line is not quoted)
/// and come quickly.
#[test]
fn one_megabyte_line_alone() {
    let line = one_megabyte_line();
    let started = std::time::Instant::now();
    let report = text(&load_bytes("one-megabyte-line.casus", format!("# one line of 1 MB\n{line}\n").into_bytes()));
    assert!(started.elapsed().as_secs() < 20, "a 1 MB line took {:?}", started.elapsed());
    assert!(report.len() < 10_000, "the report quotes the 1 MB line: {} bytes", report.len());
    insta::assert_snapshot!("text@one-megabyte-line", report);
}

/// A diagnostic next to a 1 MB line must not quote that line as context either.
#[test]
fn a_long_line_is_not_quoted_as_context() {
    let line = one_megabyte_line();
    // The treaty cites no source (W0302 on line 1), and line 2 is 1 MB of extra words.
    let inside = text(&load_bytes(
        "one-megabyte-line-in-treaty.casus",
        format!("treaty pact \"A pact\" {{\n    signed 2000-01-01 {line}\n}}\n").into_bytes(),
    ));
    // An error on line 3, just after a 1 MB string on line 2.
    let string = text(&load_bytes(
        "one-megabyte-string.casus",
        format!("treaty pact \"A pact\" {{\n    source \"{line}\"\n    signed 2000-01-01 unexpected\n}}\n")
            .into_bytes(),
    ));
    for (name, report) in [("in-treaty", &inside), ("string", &string)] {
        assert!(
            report.len() < 10_000,
            "one-megabyte-{name}: the report quotes the 1 MB neighbouring line ({} bytes):\n{}…",
            report.len(),
            report.chars().take(600).collect::<String>()
        );
    }
    insta::assert_snapshot!("text@one-megabyte-line-in-treaty", inside);
    insta::assert_snapshot!("text@one-megabyte-string", string);
}

/// Rendering never panics, whatever the spans: every corpus file and the NATO treaty,
/// each with many random edits (a fixed seed, so failures reproduce), are rendered as text
/// and as JSON.
#[test]
fn rendering_never_panics_on_edited_files() {
    let mut seeds: Vec<Vec<u8>> = corpus().iter().map(|p| std::fs::read(p).expect("readable corpus file")).collect();
    let nato = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library/treaties/nato.casus");
    seeds.push(std::fs::read(nato).expect("the NATO file"));
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        // xorshift64*: deterministic and good enough to pick edits.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    };
    const INSERTS: &[&[u8]] = &[b"{", b"}", b"\n", b"\"", b"#", b"\xff", b"\xe2\x82", b"\xd0\x96", b"@", b"2024-02-30"];
    for (k, seed) in seeds.iter().enumerate() {
        for round in 0..12 {
            let mut bytes = seed.clone();
            for _ in 0..1 + next(3) {
                let at = next(bytes.len() + 1);
                let end = (at + next(24)).min(bytes.len());
                match next(3) {
                    0 => drop(bytes.drain(at..end)),
                    1 => drop(bytes.splice(at..at, INSERTS[next(INSERTS.len())].iter().copied())),
                    _ => drop(bytes.splice(at..end, INSERTS[next(INSERTS.len())].iter().copied())),
                }
            }
            for name in ["edited.casus", "edited.json"] {
                let loaded = load_bytes(name, bytes.clone());
                let result = std::panic::catch_unwind(|| (text_report(&loaded), json_report(&loaded)));
                assert!(result.is_ok(), "rendering panicked on edit {round} of seed {k} as {name}: {bytes:?}");
            }
        }
    }
}

/// Every file named after a code produces that code.
#[test]
fn each_file_produces_its_code() {
    let mut wrong = Vec::new();
    for path in corpus() {
        let name = name_of(&path);
        let Some(code) = code_in_name(&name) else { continue };
        let loaded = load(&path);
        if !loaded.diagnostics.iter().any(|d| d.code == code) {
            let got: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
            wrong.push(format!("{name}: expected {code}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "files that do not produce their code:\n{}", wrong.join("\n"));
}

/// The corpus as a whole produces every code in [`EXPECTED_CODES`].
#[test]
fn corpus_covers_every_code() {
    let mut seen = BTreeSet::new();
    for path in corpus() {
        seen.extend(load(&path).diagnostics.iter().map(|d| d.code));
    }
    let missing: Vec<&str> = EXPECTED_CODES.iter().copied().filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "no corpus file produces {missing:?}; add one to {DISPLAY_DIR}/");
    let unknown: Vec<&str> = seen.iter().copied().filter(|c| !EXPECTED_CODES.contains(c)).collect();
    assert!(unknown.is_empty(), "the corpus produces codes missing from EXPECTED_CODES: {unknown:?}");
}

/// [`EXPECTED_CODES`] lists every code written in the sources, so a new code without a
/// broken file fails here.
#[test]
fn expected_codes_match_the_sources() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&crates).sort_by_file_name() {
        let entry = entry.expect("readable crates folder");
        let path = entry.path();
        if !path.components().any(|c| c.as_os_str() == "src") || path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(path).expect("readable source");
        let bytes = source.as_bytes();
        for (i, _) in source.match_indices('"') {
            let Some(code) = bytes.get(i + 1..i + 7) else { continue };
            if matches!(code[0], b'E' | b'W')
                && code[1] == b'0'
                && code[2..5].iter().all(u8::is_ascii_digit)
                && code[5] == b'"'
            {
                found.insert(String::from_utf8_lossy(&code[..5]).into_owned());
            }
        }
    }
    let expected: BTreeSet<String> = EXPECTED_CODES.iter().map(|c| (*c).to_string()).collect();
    assert_eq!(found, expected, "codes in crates/*/src (left) differ from EXPECTED_CODES (right)");
}
