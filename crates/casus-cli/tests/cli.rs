//! Runs the real `casus` binary: exit statuses, output formats, fmt and export.

use assert_cmd::Command;

fn casus() -> Command {
    let mut c = Command::cargo_bin("casus").expect("binary builds");
    c.env("NO_COLOR", "1");
    c
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const MISSPELT: &str = r#"# A newcomer's first treaty, with a misspelt state code.
treaty pact "Baltic Pact" {
    signed 2026-01-10
    in-force 2026-02-01
    source "https://example.org/baltic-pact"
    parties {
        EST LVA LTU POl from 2026-02-01
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "all the military and other aid and assistance in their power" strength automatic
    }
}
"#;

#[test]
fn check_without_paths_checks_the_builtin_library_clean() {
    let out = casus().arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("0 errors, 0 warnings\n"), "{}", stdout(&out));
}

#[test]
fn a_misspelt_state_code_is_shown_in_place_with_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pact.casus");
    std::fs::write(&file, MISSPELT).expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "pact.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn check_json_names_code_place_message_and_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("pact.casus"), MISSPELT).expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "--format", "json", "pact.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "E0201");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "pact.casus");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(7), Some(21)));
    assert_eq!(d["message"], "unknown state code `POl`");
    assert_eq!(d["hint"], "state codes are upper case: `POL` (Poland)");
}

#[test]
fn a_missing_path_means_could_not_run() {
    let out = casus().args(["check", "no/such/place"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `no/such/place`"));
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = MISSPELT.replace("POl", "POL").replace("        clause \"Article 1\"\n", "");
    std::fs::write(dir.path().join("pact.casus"), text).expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "pact.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("W0301"));
    let out = casus().current_dir(dir.path()).args(["check", "--deny-warnings", "pact.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn folders_are_searched_recursively() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("a/b")).expect("mkdir");
    std::fs::write(dir.path().join("a/b/pact.casus"), MISSPELT).expect("write");
    std::fs::write(dir.path().join("a/notes.txt"), "not a treaty").expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "a"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("a/b/pact.casus:7:21"), "{}", stdout(&out));
    assert!(stdout(&out).contains("checked 1 file:"));
}

#[test]
fn fmt_rewrites_keeps_comments_and_check_lists_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let messy = "# head\ntreaty t \"T\"{\n  source   \"x\" # why\n\n\n\n  parties{\nUSA ,GBR from 2000-01-01}}\n";
    let file = dir.path().join("t.casus");
    std::fs::write(&file, messy).expect("write");
    let out = casus().current_dir(dir.path()).args(["fmt", "--check", "t.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "would reformat t.casus\n");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), messy, "--check must not write");

    let out = casus().current_dir(dir.path()).args(["fmt", "t.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let formatted = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        formatted,
        "# head\ntreaty t \"T\" {\n    source \"x\" # why\n\n    parties {\n        USA, GBR from 2000-01-01\n    }\n}\n"
    );
    let out = casus().current_dir(dir.path()).args(["fmt", "--check", "t.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "formatting is idempotent");
}

#[test]
fn fmt_refuses_files_with_syntax_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t.casus");
    std::fs::write(&file, "treaty t \"T {\n").expect("write");
    let out = casus().current_dir(dir.path()).args(["fmt", "t.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unterminated string"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "treaty t \"T {\n");
}

#[test]
fn fmt_reads_standard_input() {
    let out = casus().args(["fmt", "-"]).write_stdin("treaty  t \"T\" {}\n").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "treaty t \"T\" {}\n");
}

#[test]
fn exported_json_is_accepted_back_and_exports_identically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = casus().args(["export", "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let json = stdout(&out);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let nato = v["treaties"].as_array().and_then(|t| t.iter().find(|t| t["id"] == "nato")).expect("nato exported");
    assert_eq!(nato["parties"].as_array().map(Vec::len), Some(32), "NATO has 32 members by 2024");
    std::fs::write(dir.path().join("library.json"), &json).expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "library.json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let again = casus().current_dir(dir.path()).args(["export", "library.json"]).output().expect("runs");
    assert_eq!(stdout(&again), json);
}

#[test]
fn json_input_errors_name_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = r#"{"treaties":[{"id":"t","name":"T","sources":["x"],"parties":[{"state":"XXY"}]}]}"#;
    std::fs::write(dir.path().join("t.json"), json).expect("write");
    let out = casus().current_dir(dir.path()).args(["check", "t.json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("--> t.json (treaty t › parties)"), "{}", stdout(&out));
}

#[test]
fn explain_prints_a_code_and_rejects_unknown_ones() {
    let out = casus().args(["explain", "E0201"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("## E0201: "), "{}", stdout(&out));
    let out = casus().args(["explain", "E9999"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
