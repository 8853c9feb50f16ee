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
        (vec!["--runs", "0"], "--runs: `0` runs"),
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
    assert_eq!(missing.status.code(), Some(1));
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
