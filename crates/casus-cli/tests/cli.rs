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
    // An unknown code is invalid input (issue 18), not "could not run".
    let out = casus().args(["explain", "E9999"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

// ---- evaluation -----------------------------------------------------------------------

const DRONES: &[&str] = &[
    "eval",
    "--on",
    "2025-09-10",
    "--actor",
    "RUS",
    "--target",
    "POL",
    "--object",
    "territory",
    "--region",
    "PL-06",
    "--domain",
    "air",
    "--severity",
    "incursion",
    "--intentional",
    "yes",
    "--format",
    "json",
];

#[test]
fn eval_json_keeps_the_contract() {
    let out = casus().args(DRONES).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["incident"]["location"]["country"], "POL");
    let verdicts = v["verdicts"].as_array().expect("verdicts");
    for key in [
        "treaty",
        "treaty_name",
        "commitment",
        "clause",
        "kind",
        "verdict",
        "beneficiary",
        "guarantors",
        "strength",
        "deadline",
        "trace",
        "unknowns",
    ] {
        assert!(verdicts.iter().all(|x| x.get(key).is_some()), "every verdict has `{key}`");
    }
    let art =
        |id: &str| verdicts.iter().find(|x| x["treaty"] == "nato" && x["commitment"] == id).expect("nato verdict");
    assert_eq!(art("art5")["verdict"], "not_triggered");
    assert_eq!(art("art5")["guarantors"].as_array().map(Vec::len), Some(0));
    assert_eq!(art("art4")["verdict"], "triggered");
    assert_eq!(art("art4")["guarantors"].as_array().map(Vec::len), Some(32));
    let step = &art("art5")["trace"][0];
    for key in ["condition", "result", "note", "source"] {
        assert!(step.get(key).is_some(), "trace steps have `{key}`");
    }
}

#[test]
fn eval_text_puts_triggered_first_with_a_summary_line() {
    let mut args: Vec<&str> = DRONES.to_vec();
    args.truncate(args.len() - 2);
    let out = casus().args(&args).output().expect("runs");
    let text = stdout(&out);
    let triggered = text.find("Triggered").expect("a triggered section");
    let not = text.find("Not triggered").expect("a not-triggered line");
    assert!(triggered < not);
    assert!(text.contains("Article 4: triggered — 32 guarantors owe: consult together"), "{text}");
}

#[test]
fn invalid_flags_exit_1_naming_the_flag() {
    for (flag, value, says) in [
        ("--target", "POX", "--target: unknown state code `POX`"),
        ("--on", "2024-02-30", "--on: `2024-02-30` is not a date"),
        ("--at", "95,10", "--at: `95,10` is out of range"),
        ("--region", "ZZ-99", "--region: unknown region `ZZ-99`"),
        ("--severity", "huge", "--severity: unknown severity `huge`"),
    ] {
        let mut args: Vec<&str> = DRONES.to_vec();
        if let Some(i) = args.iter().position(|a| *a == flag) {
            args[i + 1] = value;
        } else {
            args.extend([flag, value]);
        }
        let out = casus().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{flag} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{flag}: {err}");
    }
    let out = casus().args(["eval", "--on", "2025-01-01", "--actor", "POL", "--target", "POL"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "contradictory flags");
}

#[test]
fn explain_commitment_reads_like_a_note() {
    let out = casus()
        .args(["explain", "--commitment", "nato/art5", "--on", "2022-11-15", "--actor", "UKR", "--target", "POL"])
        .args(["--object", "territory", "--region", "PL-06", "--severity", "limited-strike", "--intentional", "no"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn casus_test_runs_the_library_scenarios() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../library");
    let out = casus().args(["test", repo]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn casus_test_fails_on_a_wrong_expectation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = "incident wrong \"A wrong expectation\" {\n    on 2025-09-10\n    actor RUS\n    target POL\n    object territory\n    region PL-06\n    severity incursion\n    intentional yes\n    expect nato/art5 triggered\n    expect nato/art4 triggered\n}\n";
    std::fs::write(dir.path().join("s.casus"), scenario).expect("write");
    let out = casus().current_dir(dir.path()).args(["test", "s.casus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL s.casus:9:12: wrong nato/art5: expected triggered, got not_triggered"), "{text}");
    assert_eq!(text.lines().last(), Some("1 passed, 1 failed"));
}

// ---- comparison -----------------------------------------------------------------------

fn compare(format: &str) -> std::process::Output {
    let suite = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/suite/compare");
    casus()
        .args([
            "compare",
            "--designs",
            &format!("{suite}/designs.casus"),
            "--only",
            "--scenarios",
            &format!("{suite}/scenarios.casus"),
        ])
        .args(["--format", format])
        .output()
        .expect("runs")
}

#[test]
fn compare_prints_the_matrix_in_every_format() {
    let text = compare("text");
    assert_eq!(text.status.code(), Some(0), "{}", String::from_utf8_lossy(&text.stderr));
    insta::assert_snapshot!("compare_text", stdout(&text));
    insta::assert_snapshot!("compare_markdown", stdout(&compare("markdown")));
    insta::assert_snapshot!("compare_csv", stdout(&compare("csv")));
    let json: serde_json::Value = serde_json::from_slice(&compare("json").stdout).expect("valid JSON");
    assert_eq!(json["cells"][0][0]["level"], "automatic");
    assert_eq!(json["cells"][0][0]["guarantors"], 3);
    assert_eq!(json["cells"][0][1]["verdict"], "indeterminate");
    let html = stdout(&compare("html"));
    assert!(html.starts_with("<!doctype html>") && html.contains("class=\"c automatic\""), "{html}");
    assert!(!html.contains("<script src") && !html.contains("<link"), "self-contained");
}

// ---- simulation -----------------------------------------------------------------------

#[test]
fn simulate_1939_brings_in_britain_and_france() {
    let scenarios = concat!(env!("CARGO_MANIFEST_DIR"), "/../../library/scenarios/historical.casus");
    let out = casus()
        .args(["simulate", scenarios, "--incident", "germany-invades-poland", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entered: Vec<&str> =
        v["entries"].as_array().expect("entries").iter().filter_map(|e| e["state"].as_str()).collect();
    assert!(entered.contains(&"GBR") && entered.contains(&"FRA"), "{entered:?}");
    let text = casus().args(["simulate", scenarios, "--incident", "germany-invades-poland"]).output().expect("runs");
    assert!(stdout(&text).contains("GBR enters in round 1 against DEU — anglo-polish/art1"), "{}", stdout(&text));
    let dot = casus()
        .args(["simulate", scenarios, "--incident", "germany-invades-poland", "--format", "dot"])
        .output()
        .expect("runs");
    assert!(stdout(&dot).starts_with("digraph cascade {") && stdout(&dot).contains("\"POL\" -> \"GBR\""));
}

const ESTONIA: &[&str] = &[
    "simulate",
    "--on",
    "2026-03-01",
    "--actor",
    "RUS",
    "--target",
    "EST",
    "--object",
    "territory",
    "--region",
    "EE-37",
    "--severity",
    "armed-attack",
    "--intentional",
    "yes",
];

#[test]
fn simulate_monte_carlo_is_reproducible_and_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svg = dir.path().join("chart.svg");
    let run = |threads: &str| {
        casus()
            .args(ESTONIA)
            .args(["--runs", "3000", "--seed", "9", "--threads", threads, "--format", "json", "--pair", "USA,RUS"])
            .args(["--svg", svg.to_str().expect("utf-8 path")])
            .output()
            .expect("runs")
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), Some(0), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(one.stdout, two.stdout, "same seed, same bytes, whatever the thread count");
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(v["runs"], 3000);
    assert_eq!(v["pairs"][0]["a"], "USA");
    assert!(std::fs::read_to_string(&svg).expect("svg written").starts_with("<svg"));
}

#[test]
fn simulate_refuses_bad_input_with_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let params = dir.path().join("p.toml");
    std::fs::write(&params, "[treaty]\nnato = 1.2\n").expect("write");
    for (extra, says) in [
        (vec!["--runs", "0"], "'--runs <N>': `0` runs: give at least 1"),
        (vec!["--runs", "10", "--seed", "abc"], "--seed: `abc` is not a whole number"),
        (
            vec!["--runs", "10", "--params", params.to_str().expect("utf-8")],
            "p.toml:2:8: [treaty] nato: probability 1.2 is outside [0, 1]",
        ),
        (vec!["--threshold", "huge"], "--threshold: unknown strength `huge`"),
    ] {
        let out = casus().args(ESTONIA).args(&extra).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
#[test]
fn compare_without_arguments_uses_the_builtin_designs() {
    let out = casus().arg("compare").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.lines().next().is_some_and(|l| l.starts_with("scenario") && l.contains("ua-")), "{text}");
}

// ---- obligations and networks -----------------------------------------------------------

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", stdout(out)))
}

/// The rows of `casus obligations --format json` as `treaty/commitment role counterparties`.
fn duty_rows(v: &serde_json::Value) -> Vec<String> {
    v["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .map(|r| {
            let parties: Vec<&str> =
                r["counterparties"].as_array().expect("list").iter().filter_map(|p| p.as_str()).collect();
            format!(
                "{}/{} {} {}",
                r["treaty"].as_str().unwrap_or(""),
                r["commitment"].as_str().unwrap_or(""),
                r["role"].as_str().unwrap_or(""),
                parties.join(" ")
            )
        })
        .collect()
}

#[test]
fn obligations_of_estonia_include_article_5_both_ways() {
    let out = casus()
        .args(["obligations", "--state", "EST", "--on", "2024-06-01", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    assert_eq!(
        (v["state"].as_str(), v["state_name"].as_str(), v["on"].as_str()),
        (Some("EST"), Some("Estonia"), Some("2024-06-01"))
    );
    let rows = v["obligations"].as_array().expect("rows");
    let art5: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["treaty"] == "nato" && r["commitment"] == "art5").collect();
    assert_eq!(art5.len(), 2, "owes and owed");
    for r in &art5 {
        let others = r["counterparties"].as_array().expect("list");
        // 32 allies in 2024 (Sweden joined in March), less Estonia itself.
        assert_eq!(others.len(), 31, "{r}");
        assert!(others.iter().any(|s| s == "USA") && others.iter().any(|s| s == "SWE"));
        assert!(!others.iter().any(|s| s == "EST"));
        assert_eq!(r["kind"], "defence");
        assert_eq!(r["strength"], "discretionary");
        assert_eq!(r["clause"], "Article 5");
        assert_eq!(r["source"], "https://www.nato.int/cps/en/natohq/official_texts_17120.htm");
        assert_eq!(r["treaty_name"], "North Atlantic Treaty");
    }
    assert_eq!(art5[0]["role"], "owes");
    assert_eq!(art5[1]["role"], "owed");
    // Only EU and NATO commitments bind Estonia; none of Estonia's partners is a non-party.
    assert!(rows.iter().all(|r| r["treaty"] == "nato" || r["treaty"] == "eu"), "{rows:?}");
    // A date before Estonia joined NATO (2004-03-29) has no NATO row.
    let before = casus()
        .args(["obligations", "--state", "EST", "--on", "2004-03-28", "--format", "json"])
        .output()
        .expect("runs");
    assert!(duty_rows(&json(&before)).iter().all(|r| !r.starts_with("nato/")));
}

#[test]
fn obligations_of_poland_in_1939_name_the_british_and_french_guarantees() {
    let out = casus()
        .args(["obligations", "--state", "POL", "--on", "1939-09-01", "--kind", "defence", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = duty_rows(&json(&out));
    assert!(rows.contains(&"anglo-polish/art1 owed GBR".to_string()), "{rows:?}");
    assert!(rows.contains(&"franco-polish/art1-1925 owed FRA".to_string()), "{rows:?}");
    // The United Kingdom's part of the assurance of 31 March 1939 gave way to the
    // Agreement of 25 August; France's ran until its protocol of 4 September.
    assert!(rows.contains(&"poland-guarantee-1939/assurance owed FRA".to_string()), "{rows:?}");
    let april = casus()
        .args(["obligations", "--state", "POL", "--on", "1939-04-15", "--format", "json"])
        .output()
        .expect("runs");
    let rows = duty_rows(&json(&april));
    assert!(rows.contains(&"poland-guarantee-1939/assurance owed FRA GBR".to_string()), "{rows:?}");
    // The guarantors owe; Poland owes nothing under the assurance.
    assert!(!rows.iter().any(|r| r.starts_with("poland-guarantee-1939/assurance owes")), "{rows:?}");
}

#[test]
fn obligations_text_groups_by_treaty() {
    let out = casus().args(["obligations", "--state", "POL", "--on", "1939-09-01"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn obligations_csv_has_a_header_and_one_row_per_commitment_and_role() {
    let out = casus()
        .args(["obligations", "--state", "EST", "--on", "2024-06-01", "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "state,on,treaty,treaty_name,commitment,title,kind,role,counterparties,count,strength,clause,source,pending"
        )
    );
    let art5: Vec<&str> = lines.filter(|l| l.contains(",nato,") && l.contains(",art5,")).collect();
    assert_eq!(art5.len(), 2);
    assert!(
        art5[0].starts_with("EST,2024-06-01,nato,North Atlantic Treaty,art5,Article 5,defence,owes,ALB BEL "),
        "{}",
        art5[0]
    );
    assert!(art5[0].contains(",31,discretionary,Article 5,https://www.nato.int/"), "{}", art5[0]);
}

#[test]
fn obligations_refuse_bad_input_with_exit_1() {
    for (args, message) in [
        (
            &["--state", "ES", "--on", "2024-06-01"][..],
            "help: `ES` is an alpha-2 code; casus uses alpha-3: `ESP` (Spain)",
        ),
        (&["--state", "ESTT", "--on", "2024-06-01"][..], "did you mean `EST` (Estonia)?"),
        (&["--state", "EST", "--on", "2024-02-30"][..], "error: --on: `2024-02-30` is not a date"),
        (&["--state", "EST", "--on", "2024-06-01", "--kind", "defense"][..], "did you mean `defence`?"),
        (&["--state", "EST", "--on", "2024-06-01", "--no-builtin"][..], "--no-builtin leaves no treaty"),
    ] {
        let out = casus().arg("obligations").args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn network_of_1955_puts_nato_in_one_defence_component() {
    let out = casus()
        .args(["network", "--on", "1955-06-01", "--kind", "defence", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    assert_eq!(v["on"], "1955-06-01");
    assert_eq!(v["kinds"], serde_json::json!(["defence"]));
    let nato =
        ["BEL", "CAN", "DEU", "DNK", "FRA", "GBR", "GRC", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "TUR", "USA"];
    let nodes = v["nodes"].as_array().expect("nodes");
    let component = |s: &str| nodes.iter().find(|n| n["state"] == s).map(|n| n["component"].clone());
    let first = component("USA").expect("USA is a node");
    for s in nato {
        assert_eq!(component(s).as_ref(), Some(&first), "{s}");
    }
    let deu = nodes.iter().find(|n| n["state"] == "DEU").expect("West Germany joined on 1955-05-06");
    assert_eq!((deu["out_degree"].as_u64(), deu["in_degree"].as_u64()), (Some(14), Some(14)));
    let summary = &v["summary"];
    assert_eq!(summary["nodes"].as_u64(), Some(nodes.len() as u64));
    assert_eq!(summary["edges"].as_u64(), Some(v["edges"].as_array().expect("edges").len() as u64));
    assert!(v["edges"].as_array().expect("edges").iter().all(|e| e["kind"] == "defence"));
    assert!(
        v["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .any(|e| e["from"] == "USA" && e["to"] == "DEU" && e["treaty"] == "nato" && e["commitment"] == "art5")
    );
    // A date before West Germany's accession leaves it out.
    let before = casus()
        .args(["network", "--on", "1955-05-05", "--kind", "defence", "--format", "json"])
        .output()
        .expect("runs");
    assert!(json(&before)["nodes"].as_array().expect("nodes").iter().all(|n| n["state"] != "DEU"));
}

#[test]
fn network_output_is_byte_deterministic_in_every_format() {
    for format in [
        &["--format", "text"][..],
        &["--format", "dot"],
        &["--format", "json"],
        &["--format", "csv"],
        &["--format", "csv", "--nodes"],
    ] {
        let run = || casus().args(["network", "--on", "1980-01-01"]).args(format).output().expect("runs");
        let (a, b) = (run(), run());
        assert_eq!(a.status.code(), Some(0), "{format:?}");
        assert_eq!(a.stdout, b.stdout, "{format:?}");
    }
}

#[test]
fn network_formats_keep_their_shape() {
    let dot =
        casus().args(["network", "--on", "1955-06-01", "--kind", "defence", "--format", "dot"]).output().expect("runs");
    let dot = stdout(&dot);
    assert!(dot.starts_with("digraph \"casus network on 1955-06-01 (defence)\" {\n"), "{dot}");
    assert!(dot.contains("[ label = \"USA\" tooltip = \"United States\" ]"), "{dot}");
    assert!(dot.contains("nato/art5 defence\\l"), "{dot}");
    assert!(dot.ends_with("}\n"));
    let csv =
        casus().args(["network", "--on", "1955-06-01", "--kind", "defence", "--format", "csv"]).output().expect("runs");
    let csv = stdout(&csv);
    assert!(csv.starts_with("from,to,kind,treaty,commitment,strength,pending\n"));
    assert!(csv.contains("\nUSA,DEU,defence,nato,art5,discretionary,false\n"), "{csv}");
    let nodes = casus()
        .args(["network", "--on", "1955-06-01", "--kind", "defence", "--format", "csv", "--nodes"])
        .output()
        .expect("runs");
    let nodes = stdout(&nodes);
    assert!(nodes.starts_with("state,name,out_degree,in_degree,degree,obligations_out,obligations_in,component\n"));
    // 14 NATO partners; 20 obligations with the six partners of the Western European Union.
    // In 1955 Germany is West Germany.
    assert!(nodes.contains("\nDEU,Federal Republic of Germany (West Germany),14,14,14,20,20,1\n"), "{nodes}");
    let text = casus().args(["network", "--on", "1955-06-01", "--kind", "defence"]).output().expect("runs");
    insta::assert_snapshot!(stdout(&text));
    let bad = casus().args(["network", "--on", "1955-06-01", "--format", "json", "--nodes"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(1));
}

// ---- ATOP beside the library ----------------------------------------------------------

/// A tiny ATOP 5.1 folder: alliance 9001 (United States and United Kingdom, defence and
/// consultation from 2011), and one member row with a year that is not a number.
fn mini_atop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("atop5_1m.csv"),
        "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,bilat,asymm,defense,offense,neutral,nonagg,consul,obvary,version\n\
         9001,2,2011,3,5,0,0,0,0,1,0,1,0,0,0,1,0,5.1\n\
         9001,200,2011,3,5,0,0,0,0,1,0,1,0,0,0,1,0,5.1\n\
         9001,220,20x1,3,5,0,0,0,0,1,0,1,0,0,0,1,0,5.1\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("atop5_1a.csv"),
        "atopid,begyr,begmo,begday,endyr,endmo,endday,bilat,asymm,defense,offense,neutral,nonagg,consul,mem1,mem2,version\n\
         9001,2011,3,5,0,0,0,1,0,1,0,0,0,1,2,200,5.1\n",
    )
    .expect("write");
    dir
}

#[test]
fn atop_alliances_join_the_library_and_skipped_rows_are_counted() {
    let atop = mini_atop();
    let dir = atop.path().to_str().expect("utf-8");
    let out = casus()
        .args(["obligations", "--state", "GBR", "--on", "2012-01-01", "--format", "json", "--atop", dir])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: ") && err.contains("atop5_1m.csv:4"), "{err}");
    assert!(err.ends_with("ATOP: 1 row skipped\n"), "{err}");
    // The tiny member file has no condition columns: said, not assumed.
    assert!(err.contains("note: ATOP: the member file has no column `defcon`"), "{err}");
    let rows = duty_rows(&json(&out));
    assert!(rows.contains(&"atop-9001/defence owed USA".to_string()), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("nato/art5 owed ")), "the built-in library is kept: {rows:?}");
    let v = json(&out);
    let row = v["obligations"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["treaty"] == "atop-9001")
        .cloned()
        .expect("ATOP row");
    assert_eq!(row["clause"], "ATOP 5.1, atopid 9001");

    // ATOP alone.
    let alone = casus()
        .args([
            "obligations",
            "--state",
            "GBR",
            "--on",
            "2012-01-01",
            "--format",
            "json",
            "--no-builtin",
            "--atop",
            dir,
        ])
        .output()
        .expect("runs");
    let rows = duty_rows(&json(&alone));
    assert!(!rows.is_empty() && rows.iter().all(|r| r.starts_with("atop-9001/")), "{rows:?}");

    // `--atop` alone reads $CASUS_ATOP_DIR; eval cites the ATOP clause in its trace.
    let eval = casus()
        .env("CASUS_ATOP_DIR", dir)
        .args(["eval", "--format", "json", "--no-builtin", "--on", "2012-01-01", "--actor", "RUS", "--target", "GBR"])
        .args([
            "--object",
            "territory",
            "--severity",
            "armed-attack",
            "--intentional",
            "yes",
            "--attribution",
            "confirmed",
            "--atop",
        ])
        .output()
        .expect("runs");
    assert_eq!(eval.status.code(), Some(0), "{}", String::from_utf8_lossy(&eval.stderr));
    let v = json(&eval);
    let verdict = v["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .find(|x| x["treaty"] == "atop-9001" && x["commitment"] == "defence")
        .cloned()
        .expect("ATOP verdict");
    assert_eq!(verdict["verdict"], "triggered");
    assert_eq!(verdict["guarantors"], serde_json::json!(["USA"]));
    assert!(
        verdict["trace"]
            .as_array()
            .expect("trace")
            .iter()
            .any(|s| s["source"].as_str().is_some_and(|x| x.contains("ATOP 5.1, atopid 9001")))
    );
}

#[test]
fn missing_atop_data_could_not_run_and_says_where_it_is_published() {
    let out =
        casus().env_remove("CASUS_ATOP_DIR").args(["network", "--on", "2012-01-01", "--atop"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no ATOP v5.1 folder given") && err.contains("http://www.atopdata.org/"), "{err}");
    let out = casus()
        .args(["eval", "--atop", "no/such/atop", "--on", "2012-01-01", "--target", "GBR"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder `no/such/atop` not found"));
    // `--atop` followed by a file took the file as its folder: the hint says so.
    let out = casus()
        .args(["eval", "--atop", "Cargo.toml", "--on", "2012-01-01"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write `--atop=DIR`"));
}

/// The real ATOP 5.1 folder (`CASUS_ATOP_DIR` or `../shared/data/atop` beside the
/// repository), or `None` (the test is skipped) unless `CASUS_REQUIRE_DATA=1`.
fn real_atop() -> Option<String> {
    let dir = std::env::var("CASUS_ATOP_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/atop").to_string());
    if std::path::Path::new(&dir).join("atop5_1m.csv").is_file() {
        return Some(dir);
    }
    assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing at {dir}");
    eprintln!("skipped: ATOP v5.1 not found at {dir}");
    None
}

#[test]
fn real_atop_data_in_eval_simulate_obligations_and_network() {
    let Some(atop) = real_atop() else { return };
    let incident =
        ["--on", "2014-06-01", "--actor", "RUS", "--target", "EST", "--object", "territory", "--region", "EE-37"];
    let act = ["--severity", "armed-attack", "--intentional", "yes", "--attribution", "confirmed"];
    let out =
        casus().args(["eval", "--format", "json", "--atop", &atop]).args(incident).args(act).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // ATOP's member 8152, which is no COW state, is said to be left out.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: ATOP: 1 membership of member code 8152 left out of the treaties"), "{err}");
    let v = json(&out);
    let verdicts = v["verdicts"].as_array().expect("verdicts");
    // The built-in library and ATOP side by side: NATO twice.
    let nato = verdicts.iter().find(|x| x["treaty"] == "nato" && x["commitment"] == "art5").expect("built-in NATO");
    assert_eq!(nato["verdict"], "triggered");
    let atop_nato =
        verdicts.iter().find(|x| x["treaty"] == "atop-3180" && x["commitment"] == "defence").expect("ATOP NATO");
    assert!(
        atop_nato["trace"].as_array().expect("trace").iter().any(|s| s["source"] == "atop-3180 ATOP 5.1, atopid 3180"),
        "{atop_nato}"
    );

    let sim = casus()
        .args(["simulate", "--format", "json", "--no-builtin", "--atop", &atop])
        .args([
            "--on",
            "1939-09-01",
            "--actor",
            "DEU",
            "--target",
            "POL",
            "--object",
            "territory",
            "--severity",
            "invasion",
            "--intentional",
            "yes",
            "--attribution",
            "confirmed",
        ])
        .output()
        .expect("runs");
    assert_eq!(sim.status.code(), Some(0), "{}", String::from_utf8_lossy(&sim.stderr));
    let entries = json(&sim)["entries"].as_array().expect("entries").clone();
    assert!(
        entries.iter().any(|e| e["state"] == "GBR" && e["commitment"].as_str().is_some_and(|c| c.starts_with("atop-"))),
        "{entries:?}"
    );

    let obl = casus()
        .args(["obligations", "--state", "USA", "--on", "1980-01-01", "--format", "json", "--atop", &atop])
        .output()
        .expect("runs");
    assert_eq!(obl.status.code(), Some(0));
    let rows = duty_rows(&json(&obl));
    assert!(rows.iter().any(|r| r.starts_with("atop-3180/defence owes ")), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("nato/art5 owes ")), "{rows:?}");

    let net = casus()
        .args(["network", "--on", "2018-06-01", "--no-builtin", "--format", "json", "--atop", &atop])
        .output()
        .expect("runs");
    assert_eq!(net.status.code(), Some(0));
    let v = json(&net);
    assert!(v["summary"]["nodes"].as_u64().is_some_and(|n| n > 150), "{}", v["summary"]);
    assert!(
        v["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .all(|e| e["treaty"].as_str().is_some_and(|t| t.starts_with("atop-")))
    );
}

// ---- datasets -------------------------------------------------------------------------

#[test]
fn dyads_writes_atop_dyad_years_and_names_missing_data() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("d.csv");
    let missing = casus()
        .env_remove("CASUS_ATOP_DIR")
        .env_remove("CASUS_COW_DIR")
        .args(["dyads", "--out", out.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("http://www.atopdata.org/"));
    if !std::path::Path::new(shared).join("atop/atop5_1m.csv").is_file() {
        assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing");
        return;
    }
    let run = casus()
        .args(["dyads", "--from", "2016", "--to", "2018", "--out", out.to_str().expect("utf-8")])
        .args(["--atop", &format!("{shared}/atop"), "--cow", &format!("{shared}/cow")])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let csv = std::fs::read_to_string(&out).expect("written");
    assert!(csv.starts_with("stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul,shareob,transyr,bilatno,multino,number,asymm\n"));
    // 2016–2018: 195 system members each year (COW 2016, carried forward).
    assert_eq!(csv.lines().count() - 1, 3 * 195 * 194);
}

#[test]
fn dyads_rule_and_outside_system_flags() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
    if !std::path::Path::new(shared).join("atop/atop5_1m.csv").is_file() {
        assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let run = casus()
            .args(["dyads", "--from", "1925", "--to", "1945", "--ids", "--out", out.to_str().expect("utf-8")])
            .args(["--atop", &format!("{shared}/atop"), "--cow", &format!("{shared}/cow")])
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read_to_string(out).expect("written")
    };
    let line = |csv: &str, prefix: &str| csv.lines().find(|l| l.starts_with(prefix)).map(str::to_string);
    // Locarno: France owes the United Kingdom nothing (`shareob`), unless the member rows are taken alone.
    let atop = write("atop.csv", &[]);
    assert_eq!(line(&atop, "220,200,1933,").as_deref(), Some("220,200,1933,1,0,0,0,0,0,1,0,0,1,1,1,2130,,,,,,,,"));
    let member = write("member.csv", &["--rule", "member-file"]);
    assert_eq!(line(&member, "220,200,1933,").as_deref(), Some("220,200,1933,1,1,0,0,1,0,0,0,0,1,1,1,2130,,,,,,,,"));
    // Poland's government in exile is outside the system in 1942 but a party to the Declaration by United Nations.
    assert_eq!(line(&atop, "290,2,1942,"), None);
    let outside = write("outside.csv", &["--outside-system"]);
    assert!(line(&outside, "290,2,1942,").is_some_and(|l| l.starts_with("290,2,1942,1,")));
    let bad = casus().args(["dyads", "--rule", "members", "--out", "x.csv"]).output().expect("runs");
    assert_ne!(bad.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("member-file"));
}

#[test]
fn dyads_to_standard_output_and_years_outside_the_data() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
    if !std::path::Path::new(shared).join("atop/atop5_1m.csv").is_file() {
        assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing");
        return;
    }
    let data = [format!("--atop={shared}/atop"), format!("--cow={shared}/cow")];
    let out =
        casus().args(["dyads", "--from", "2017", "--to", "2025", "--out", "-"]).args(&data).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = stdout(&out);
    assert!(csv.starts_with("stateA,stateB,year,atopally,"));
    assert_eq!(csv.lines().count() - 1, 2 * 195 * 194);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: no dyad-years after 2018"), "{err}");
    assert!(err.contains("to standard output"), "{err}");
    // A range with no rows at all writes nothing and says what the data covers.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("none.csv");
    let none = casus()
        .args(["dyads", "--from", "2030", "--out", path.to_str().expect("utf-8")])
        .args(&data)
        .output()
        .expect("runs");
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("from 1816 to 2018"));
    assert!(!path.exists());
}

#[test]
fn obligations_name_the_other_code_of_a_state_when_nothing_binds_it() {
    // The built-in library has no treaty binding Russia in 1980; the Soviet Union is `SUN`.
    let out = casus().args(["obligations", "--state", "RUS", "--on", "1980-01-01"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("help: the same state is also written `SUN` (Soviet Union)"), "{}", stdout(&out));
    // A COW number is not a code, but it says which one to write.
    let out = casus().args(["obligations", "--state", "300", "--on", "1914-07-01"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("COW state 300 is written `AUH` (Austria-Hungary)"));
}

#[test]
fn export_and_test_take_atop_alliances() {
    let atop = mini_atop();
    let dir = atop.path().to_str().expect("utf-8");
    let out = casus().args(["export", "--no-builtin", &format!("--atop={dir}")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    let ids: Vec<&str> = v["treaties"].as_array().expect("treaties").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["atop-9001"]);
    // A scenario about an ATOP alliance, tested against it.
    let scenarios = tempfile::tempdir().expect("tempdir");
    let file = scenarios.path().join("s.casus");
    std::fs::write(
        &file,
        "incident hit \"Russia strikes the United Kingdom\" {\n    on 2012-01-01\n    actor RUS\n    target GBR\n    object territory\n    region GB-ENG\n    severity armed-attack\n    intentional yes\n    expect atop-9001/defence triggered\n}\n",
    )
    .expect("write");
    let out = casus()
        .args(["test", &format!("--atop={dir}"), "--no-builtin", file.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).ends_with("1 passed, 0 failed\n"), "{}", stdout(&out));
    // The scenario checks clean against ATOP's treaties, and fails without them.
    let check =
        casus().args(["check", &format!("--atop={dir}"), file.to_str().expect("utf-8")]).output().expect("runs");
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let without = casus().args(["check", file.to_str().expect("utf-8")]).output().expect("runs");
    assert_eq!(without.status.code(), Some(1), "{}", stdout(&without));
}

#[test]
fn eval_text_tells_twin_commitments_apart_and_names_few_uninvolved_treaties() {
    let Some(atop) = real_atop() else { return };
    let out = casus()
        .args(["eval", "--no-builtin", &format!("--atop={atop}"), "--on", "1930-06-01", "--actor", "DEU"])
        .args(["--target", "FRA", "--object", "territory", "--at", "49.0,6.5", "--domain", "land"])
        .args(["--severity", "armed-attack", "--intentional", "yes"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    // Locarno: the guarantors' defence and Belgium's are two commitments with one title.
    assert!(text.contains("Defence (ATOP defense) [defence-2]: triggered — 2 guarantors owe"), "{text}");
    assert!(text.contains("Defence (ATOP defense) [defence-3]: triggered — BEL owes"), "{text}");
    assert!(text.contains("more treaties (`--format json` lists every verdict)"), "{text}");
}

/// Hostile treaty files answer at once: 100,000 stray braces, 20,000 bad lines and 5,000
/// copies of one party (the text report draws the first diagnostics and counts the rest;
/// overlapping memberships give one diagnostic per copy, not one per pair).
#[test]
fn hostile_treaty_files_get_bounded_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let braces = dir.path().join("braces.casus");
    std::fs::write(&braces, "}\n".repeat(100_000)).expect("write");
    let out = casus().arg("check").arg(&braces).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("99800 more diagnostics not shown"), "{}", &text[text.len().saturating_sub(500)..]);
    assert!(text.contains("checked 1 file: 100000 errors"), "{}", &text[text.len().saturating_sub(500)..]);

    let bad = dir.path().join("bad.casus");
    std::fs::write(&bad, format!("treaty x \"X\" {{\n{}}}\n", "parties foo bar\n".repeat(20_000))).expect("write");
    let out = casus().arg("check").arg(&bad).output().expect("run");
    assert_eq!(out.status.code(), Some(1));

    let dup = dir.path().join("dup.casus");
    std::fs::write(
        &dup,
        format!(
            "treaty pact \"Pact\" {{\n    source \"https://e.org\"\n    parties {{\n        {}\n    }}\n}}\n",
            "POL ".repeat(5000)
        ),
    )
    .expect("write");
    let out = casus().args(["check", "--format", "json"]).arg(&dup).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let overlaps = json["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["code"] == "E0206").count();
    assert_eq!(overlaps, 4999);
}
