//! The real `casus` binary on flags (issue 18): combinations that mean nothing are usage
//! errors (exit 1, naming the flag), values past the limits are refused before any work,
//! `--on today`, notes on dates outside ATOP's years, completion scripts and manual pages,
//! an unknown diagnostic code, and control characters of user strings escaped in text output.

use assert_cmd::Command;
use clap::CommandFactory;

fn casus() -> Command {
    let mut c = Command::cargo_bin("casus").expect("binary builds");
    c.env("NO_COLOR", "1").env_remove("CASUS_TODAY").env_remove("CASUS_ATOP_DIR");
    c
}

fn run(args: &[&str]) -> std::process::Output {
    casus().args(args).output().expect("runs")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An incident for `simulate` and `eval`, described with flags.
const ESTONIA: &[&str] = &[
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

fn simulate(extra: &[&str]) -> std::process::Output {
    casus().arg("simulate").args(ESTONIA).args(extra).output().expect("runs")
}

// ---- combinations and values that mean nothing -----------------------------------------

#[test]
fn meaningless_flags_are_usage_errors_naming_the_flag() {
    let sim = |extra: &[&str]| {
        let mut v = vec!["simulate"];
        v.extend_from_slice(ESTONIA);
        v.extend_from_slice(extra);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let plain = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: Vec<(Vec<String>, &str)> = vec![
        // Monte Carlo flags without --runs, and the deterministic threshold with it.
        (sim(&["--svg", "x.svg"]), "--runs <N>"),
        (sim(&["--params", "p.toml"]), "--runs <N>"),
        (sim(&["--pair", "USA,RUS"]), "--runs <N>"),
        (sim(&["--seed", "3"]), "--runs <N>"),
        (sim(&["--threads", "2"]), "--runs <N>"),
        (sim(&["--runs", "10", "--threshold", "automatic"]), "'--runs <N>' cannot be used with '--threshold <S>'"),
        // Values that cannot mean anything.
        (sim(&["--runs", "10", "--threads", "0"]), "'--threads <T>': `0` threads: give at least 1"),
        (sim(&["--max-rounds", "0"]), "'--max-rounds <R>': `0` rounds: give at least 1"),
        (sim(&["--runs", "10", "--pair", "USA,USA"]), "`USA,USA` names USA twice"),
        (sim(&["--runs", "10", "--pair", "USA,XYZ"]), "unknown state code `XYZ`"),
        (sim(&["--runs", "0"]), "`0` runs: give at least 1"),
        (sim(&["--runs", "1e12"]), "`1e12` is not a whole number"),
        (sim(&["--given", "=yes"]), "--given: `=yes` has no name before `=`"),
        (sim(&["--judged", " =no"]), "--judged: ` =no` has no name before `=`"),
        (sim(&["--given", "ceasefire=yes", "--given", "ceasefire=no"]), "--given: `ceasefire` is given twice"),
        (sim(&["--actor-name", "Wagner"]), "--actor-name: goes with `--actor non-state`"),
        (plain(&["compare", "--runs", "5"]), "--simulate"),
        (plain(&["compare", "--seed", "5"]), "--simulate"),
        (plain(&["dyads", "--from=-5", "--out", "x.csv"]), "'--from <YEAR>': `-5` is not a year"),
        (plain(&["dyads", "--to", "10000", "--out", "x.csv"]), "`10000` is not a year: at most 9999"),
        (plain(&["dyads", "--from", "2018", "--to", "1816", "--out", "x.csv"]), "the range is reversed"),
        (plain(&["eval", "--incident", "x", "--on", "2020-01-01"]), "--incident x picks an incident from files"),
        (plain(&["explain", "E0201", "--on", "2020-01-01"]), "go with `--commitment TREATY/ID`"),
        (plain(&["explain", "--list", "E0201"]), "'--list' cannot be used with"),
        (plain(&["man", "evl"]), "did you mean `eval`?"),
        (plain(&["completions", "tcsh"]), "possible values: bash"),
    ];
    for (args, says) in cases {
        let out = casus().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}: nothing is printed on standard output");
    }
}

#[test]
fn a_reversed_year_range_says_reversed_and_how_to_write_it() {
    // Checked before any data is read: no ATOP or COW folder is needed to be told.
    let out = run(&["dyads", "--from", "2018", "--to", "1816", "--out", "x.csv", "--atop", "/nonexistent"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&out), @r"
    error: --from 2018 --to 1816: the range is reversed (--from is after --to)
      help: write --from 1816 --to 2018
    ");
}

#[test]
fn a_monte_carlo_flag_without_runs_names_the_missing_flag() {
    let out = simulate(&["--svg", "chart.svg"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn the_flags_that_go_together_still_work() {
    let out = simulate(&["--runs", "50", "--seed", "3", "--threads", "2", "--pair", "USA,RUS", "--max-rounds", "4"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("50 runs, seed 3"), "{}", stdout(&out));
    assert!(stdout(&out).contains("USA–RUS"), "{}", stdout(&out));
    let det = simulate(&["--threshold", "automatic", "--given", "ceasefire=no", "--judged", "significant=yes"]);
    assert_eq!(det.status.code(), Some(0), "{}", stderr(&det));
}

// ---- limits -------------------------------------------------------------------------------

#[test]
fn runs_and_threads_past_the_limits_are_refused_before_any_work() {
    let runs = simulate(&["--runs", "1000000000000"]);
    assert_eq!(runs.status.code(), Some(1));
    assert!(stderr(&runs).contains("at most 100000000"), "{}", stderr(&runs));
    let threads = simulate(&["--runs", "10", "--threads", "100000"]);
    assert_eq!(threads.status.code(), Some(1));
    assert!(stderr(&threads).contains("`100000` threads: at most"), "{}", stderr(&threads));
    let rounds = simulate(&["--max-rounds", "4294967295"]);
    assert_eq!(rounds.status.code(), Some(1));
    assert!(stderr(&rounds).contains("at most 1000"), "{}", stderr(&rounds));
    let compare = run(&["compare", "--simulate", "--runs", "1000000000000"]);
    assert_eq!(compare.status.code(), Some(1));
    assert!(stderr(&compare).contains("at most 100000000"), "{}", stderr(&compare));
}

#[test]
fn compare_keeps_all_its_cells_within_the_run_budget() {
    // The built-in matrix has more than 100 cells: 10^6 runs each is over 10^8 in all.
    let out = run(&["compare", "--simulate", "--runs", "1000000"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cells × 1000000 runs is more than 100000000 runs in all"), "{err}");
    assert!(err.contains("help: give --runs "), "{err}");
}

#[test]
fn compare_simulates_within_the_budget() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/suite/compare");
    let out = run(&[
        "compare",
        "--designs",
        &format!("{root}/designs.casus"),
        "--scenarios",
        &format!("{root}/scenarios.casus"),
        "--simulate",
        "--runs",
        "20",
        "--seed",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains('/'), "cells carry (p/q): {}", stdout(&out));
}

// ---- explain ------------------------------------------------------------------------------

#[test]
fn an_unknown_diagnostic_code_is_invalid_input_with_a_suggestion() {
    let far = run(&["explain", "E9999"]);
    assert_eq!(far.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&far), @r"
    error: no diagnostic code `E9999`
      help: `casus explain --list` lists them
    ");
    let near = run(&["explain", "e020"]);
    assert_eq!(near.status.code(), Some(1));
    assert!(stderr(&near).contains("help: did you mean `E0201`?"), "{}", stderr(&near));
    let known = run(&["explain", "e0201"]);
    assert_eq!(known.status.code(), Some(0));
}

// ---- --on today ---------------------------------------------------------------------------

#[test]
fn on_today_is_accepted_wherever_on_is() {
    // `$CASUS_TODAY` fixes "today" for reproducible scripts.
    let fixed = |args: &[&str]| casus().env("CASUS_TODAY", "2024-06-01").args(args).output().expect("runs");
    let obl = fixed(&["obligations", "--state", "EST", "--on", "today"]);
    assert_eq!(obl.status.code(), Some(0), "{}", stderr(&obl));
    assert!(stdout(&obl).starts_with("EST (Estonia) on 2024-06-01"), "{}", stdout(&obl));
    let net = fixed(&["network", "--on", "Today", "--format", "json"]);
    assert_eq!(net.status.code(), Some(0), "{}", stderr(&net));
    assert!(stdout(&net).contains("\"on\": \"2024-06-01\""));
    let mut eval_args = vec!["eval", "--format", "json"];
    eval_args.extend_from_slice(&ESTONIA[2..]);
    eval_args.extend_from_slice(&["--on", "today"]);
    let eval = fixed(&eval_args);
    assert_eq!(eval.status.code(), Some(0), "{}", stderr(&eval));
    assert!(stdout(&eval).contains("2024-06-01"));
    let mut sim_args = vec!["simulate"];
    sim_args.extend_from_slice(&ESTONIA[2..]);
    sim_args.extend_from_slice(&["--on", "today"]);
    let sim = fixed(&sim_args);
    assert_eq!(sim.status.code(), Some(0), "{}", stderr(&sim));
    assert!(stdout(&sim).contains("(2024-06-01)"), "{}", stdout(&sim));

    // Without it, the clock's date in the time zone (UTC here), read around the run.
    let today = || jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date().to_string();
    let before = today();
    let out = casus().env("TZ", "UTC").args(["obligations", "--state", "EST", "--on", "today"]).output().expect("runs");
    let after = today();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let head = stdout(&out);
    assert!(head.contains(&format!("on {before}")) || head.contains(&format!("on {after}")), "{head}");

    // A bad $CASUS_TODAY is named.
    let bad = casus()
        .env("CASUS_TODAY", "June")
        .args(["obligations", "--state", "EST", "--on", "today"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("$CASUS_TODAY is `June`"), "{}", stderr(&bad));
}

// ---- dates outside ATOP's years ---------------------------------------------------------

fn mini_atop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("atop5_1m.csv"),
        "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,bilat,asymm,defense,offense,neutral,nonagg,consul,obvary,version\n\
         9001,2,2011,3,5,0,0,0,0,1,0,1,0,0,0,1,0,5.1\n\
         9001,200,2011,3,5,0,0,0,0,1,0,1,0,0,0,1,0,5.1\n",
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

const AFTER: &str = "note: ATOP 5.1 ends in 2018; commitments after that are not in the data";

#[test]
fn questions_after_atop_ends_say_so() {
    let atop = mini_atop();
    let dir = format!("--atop={}", atop.path().display());
    let obl = run(&["obligations", "--state", "GBR", "--on", "2024-01-01", &dir]);
    assert_eq!(obl.status.code(), Some(0), "{}", stderr(&obl));
    assert!(stderr(&obl).contains(AFTER), "{}", stderr(&obl));
    let net = run(&["network", "--on", "2030-06-01", "--no-builtin", "--format", "json", &dir]);
    assert_eq!(net.status.code(), Some(0), "{}", stderr(&net));
    assert!(stderr(&net).contains(AFTER), "{}", stderr(&net));
    let before = run(&["network", "--on", "1700-06-01", "--no-builtin", &dir]);
    assert!(stderr(&before).contains("note: ATOP 5.1 begins in 1815; nothing earlier is in the data"));
    let mut eval_args = vec!["eval", &dir];
    eval_args.extend_from_slice(&ESTONIA[2..]);
    eval_args.extend_from_slice(&["--on", "2025-01-01"]);
    let eval = run(&eval_args);
    assert_eq!(eval.status.code(), Some(0), "{}", stderr(&eval));
    assert!(stderr(&eval).contains(AFTER), "{}", stderr(&eval));
    // Inside the years (the folder's dates end in 2011, the release's in 2018), and without
    // --atop, nothing is said.
    let inside = run(&["obligations", "--state", "GBR", "--on", "2012-01-01", &dir]);
    assert!(!stderr(&inside).contains("ends in"), "{}", stderr(&inside));
    let builtin = run(&["obligations", "--state", "GBR", "--on", "2024-01-01"]);
    assert!(stderr(&builtin).is_empty(), "{}", stderr(&builtin));
}

#[test]
fn dyads_after_atop_ends_say_so_on_the_real_data() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
    if !std::path::Path::new(shared).join("atop/atop5_1m.csv").is_file() {
        assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing");
        return;
    }
    let out = run(&[
        "dyads",
        "--from",
        "2018",
        "--to",
        "2022",
        "--out",
        "-",
        &format!("--atop={shared}/atop"),
        &format!("--cow={shared}/cow"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "note: no dyad-years after 2018: ATOP 5.1 ends in 2018; commitments after that are not in the data"
        ),
        "{err}"
    );
}

// ---- completions and manual pages ------------------------------------------------------

fn subcommands() -> Vec<String> {
    casus_cli::Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect()
}

#[test]
fn every_shell_gets_a_completion_script_naming_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for name in subcommands() {
            assert!(script.contains(&name), "{shell} completes `{name}`");
        }
    }
}

#[test]
fn the_manual_page_lists_every_command_and_each_has_its_own() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.contains(".TH casus 1"), "{page}");
    for name in subcommands() {
        // roff escapes hyphens.
        let entry = format!("casus\\-{}(1)", name.replace('-', "\\-"));
        assert!(page.contains(&entry), "the page of casus lists {entry}");
    }
    let eval = run(&["man", "eval"]);
    assert_eq!(eval.status.code(), Some(0));
    let page = stdout(&eval);
    assert!(page.contains(".TH casus-eval 1"), "{page}");
    assert!(page.contains("\\-\\-on"), "the options are on the page");
}

// ---- control characters ---------------------------------------------------------------

const ESCAPES: &str = "treaty evil \"Evil \u{1b}[31mPact\u{1b}]0;pwned\u{7}\" {
    in-force 2000-01-01
    source \"https://example.org\"
    parties {
        POL LTU
    }
    commitment art1 defence \"Article \u{1b}[2J1\" {
        clause \"Article 1\"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe \"aid \u{9b}2J\" strength automatic
    }
}
";

#[test]
fn control_characters_of_user_strings_are_escaped_in_text_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("t.casus"), ESCAPES).expect("write");
    let lib = format!("--library={}", dir.path().display());
    let attack = [
        "--on",
        "2020-01-01",
        "--actor",
        "RUS",
        "--target",
        "POL",
        "--object",
        "territory",
        "--severity",
        "armed-attack",
        "--intentional",
        "yes",
    ];
    let texts = [
        run(&["obligations", "--state", "POL", "--on", "2020-01-01", &lib]),
        casus().args(["eval", &lib]).args(attack).output().expect("runs"),
        casus().args(["explain", "--commitment", "evil/art1", &lib]).args(attack).output().expect("runs"),
        casus().args(["simulate", &lib]).args(attack).output().expect("runs"),
    ];
    for out in &texts {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
        let text = stdout(out);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{text:?}");
    }
    assert!(stdout(&texts[0]).contains("Evil \\u{1b}[31mPact\\u{1b}]0;pwned\\u{7} (evil)"), "{}", stdout(&texts[0]));
    assert!(stdout(&texts[1]).contains("aid \\u{9b}2J"), "{}", stdout(&texts[1]));
    // Machine formats keep the data: JSON escapes by its own rules, exactly.
    let json = run(&["obligations", "--state", "POL", "--on", "2020-01-01", "--format", "json", &lib]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["obligations"][0]["treaty_name"], "Evil \u{1b}[31mPact\u{1b}]0;pwned\u{7}");
}

#[test]
fn fmt_check_on_standard_input_checks_instead_of_printing() {
    let messy = "treaty t \"T\"   {\n  in-force 2000-01-01\n}\n";
    let out = casus().args(["fmt", "--check", "-"]).write_stdin(messy).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "would reformat <stdin>\n");
    let canonical = casus().args(["fmt", "-"]).write_stdin(messy).output().expect("runs");
    assert_eq!(canonical.status.code(), Some(0));
    let again = casus().args(["fmt", "--check", "-"]).write_stdin(canonical.stdout).output().expect("runs");
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}
