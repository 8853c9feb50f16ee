//! `casus screen` on real and generated GDELT files: known alerts, malformed input
//! counted and reported, idempotence, and crash safety under SIGKILL.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Std;
use std::time::Duration;

use assert_cmd::Command;

fn casus() -> Command {
    let mut c = Command::cargo_bin("casus").expect("binary builds");
    c.env("NO_COLOR", "1");
    c
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn gdelt_sample() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cameo/gdelt/20191024143000.export.CSV");
    if p.is_file() {
        return Some(p);
    }
    assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "GDELT sample missing at {}", p.display());
    eprintln!("skipped: no GDELT sample at {}", p.display());
    None
}

/// One GDELT 1.0 daily line (58 fields) with the fields casus reads set.
#[allow(clippy::too_many_arguments)]
fn line(id: u64, date: u32, actor: &str, target: &str, code: &str, sources: u32, lat: &str, lon: &str) -> String {
    let mut f = vec![String::new(); 58];
    f[0] = id.to_string();
    f[1] = date.to_string();
    f[7] = actor.into();
    f[17] = target.into();
    f[26] = code.into();
    f[28] = code[..2].into();
    f[31] = (sources * 2).to_string();
    f[32] = sources.to_string();
    f[33] = (sources * 3).to_string();
    f[53] = lat.into();
    f[54] = lon.into();
    f[56] = format!("{date}");
    f[57] = format!("https://example.org/{id}");
    f.join("\t")
}

#[test]
fn the_real_gdelt_sample_gives_known_alerts_and_rescreening_adds_nothing() {
    let Some(sample) = gdelt_sample() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("alerts.db");
    let db = db.to_str().expect("utf-8");
    let out = casus().args(["screen", sample.to_str().expect("utf-8"), "--db", db]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("events read: 2111"), "{text}");
    assert!(text.contains("alerts: 10 new, 0 already known"), "{text}");
    let again =
        casus().args(["screen", "--force", sample.to_str().expect("utf-8"), "--db", db]).output().expect("runs");
    assert!(stdout(&again).contains("alerts: 0 new, 10 already known"), "{}", stdout(&again));
    let list = casus().args(["alerts", "--db", db, "--format", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let alerts = v.as_array().expect("array");
    assert_eq!(alerts.len(), 10);
    // A Kurdish-militia attack on Turkish soldiers in Syria, coded USA → TUR (a coding
    // error GDELT is known for): NATO Article 5 is indeterminate on weak evidence.
    let turkey = alerts.iter().find(|a| a["key"] == "gdelt:881992915").expect("the Turkey alert");
    assert_eq!(turkey["target"], "TUR");
    assert_eq!(turkey["evidence"], "weak");
    assert!(turkey["commitments"].as_array().expect("list").iter().any(|c| c == "nato/art5: indeterminate"));
    let csv = casus().args(["alerts", "--db", db, "--format", "csv", "--since", "2019-10-24"]).output().expect("runs");
    assert!(stdout(&csv).starts_with("key,date,actor,target,code"));
}

#[test]
fn malformed_lines_are_counted_and_the_rest_is_screened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = line(1, 20250910, "RUS", "POL", "190", 5, "51.42", "23.36");
    let mut text = String::new();
    text.push_str(&good);
    text.push('\n');
    text.push_str("1\t20250910\tshort line\n");
    text.push_str(&line(3, 20251340, "RUS", "POL", "190", 5, "", ""));
    text.push('\n');
    text.push_str(&line(4, 20250910, "RUS", "POL", "190", 5, "north", "23"));
    text.push('\n');
    let mut bytes = text.into_bytes();
    let mut bad = line(5, 20250910, "RUS", "POL", "190", 5, "", "").into_bytes();
    bad.extend_from_slice(b"\xff\xfe\n");
    bytes.extend(bad);
    bytes.extend(line(6, 20250911, "RUS", "EST", "195", 9, "59.43", "24.75").into_bytes());
    bytes.push(b'\n');
    let file = dir.path().join("events.tsv");
    std::fs::write(&file, &bytes).expect("write");
    let db = dir.path().join("a.db");
    let out = casus()
        .args(["screen", file.to_str().expect("utf-8"), "--db", db.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("events read: 6"), "{text}");
    assert!(text.contains("malformed lines skipped: 4"), "{text}");
    assert!(text.contains("events.tsv:2: 3 fields; GDELT event files have 57, 58 or 61"), "{text}");
    assert!(text.contains("events.tsv:3: SQLDATE `20251340` is not a date"), "{text}");
    assert!(text.contains("events.tsv:4: bad ActionGeo coordinates `north`, `23`"), "{text}");
    assert!(text.contains("events.tsv:5: invalid UTF-8"), "{text}");
    assert!(text.contains("alerts: 2 new"), "{text}");

    // A truncated gzip: what was read before the cut is screened and the cut is reported.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000u64 {
        writeln!(gz, "{}", line(100 + i, 20250910, "RUS", "LTU", "190", 3, "54.68", "25.27")).expect("write");
    }
    let full = gz.finish().expect("gzip");
    let cut = dir.path().join("cut.tsv.gz");
    std::fs::write(&cut, &full[..full.len() / 2]).expect("write");
    let out = casus()
        .args(["screen", cut.to_str().expect("utf-8"), "--db", db.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("the input ends early"), "{text}");
    assert!(text.contains("alerts: 1 new"), "{text}");
}

fn write_events(dir: &Path, files: usize, per_file: u64) {
    let targets = ["POL", "EST", "LVA", "LTU", "FIN", "ROU", "DEU", "TUR"];
    let codes = ["190", "194", "195", "1952", "193", "183"];
    for f in 0..files {
        let mut text = String::with_capacity(per_file as usize * 200);
        for i in 0..per_file {
            let id = f as u64 * per_file + i + 1;
            let t = targets[(id % 8) as usize];
            let code = codes[(id / 8 % 6) as usize];
            let lat = format!("{:.2}", 50.0 + (id % 5) as f64);
            let lon = format!("{:.2}", 20.0 + (id % 3) as f64);
            let day = 20250101 + (id % 28) as u32;
            text.push_str(&line(id, day, "RUS", t, code, 1 + (id % 7) as u32, &lat, &lon));
            text.push('\n');
        }
        std::fs::write(dir.join(format!("events-{f:02}.tsv")), text).expect("write");
    }
}

fn alert_keys(db: &Path) -> Vec<String> {
    let out = casus().args(["alerts", "--db", db.to_str().expect("utf-8"), "--format", "csv"]).output().expect("runs");
    let mut keys: Vec<String> =
        stdout(&out).lines().skip(1).map(|l| l.split(',').next().unwrap_or("").to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn a_screening_killed_at_any_moment_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let events = dir.path().join("events");
    std::fs::create_dir(&events).expect("mkdir");
    write_events(&events, 4, 3_000);
    let reference = dir.path().join("reference.db");
    let out = casus()
        .args(["screen", events.to_str().expect("utf-8"), "--db", reference.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let want = alert_keys(&reference);
    assert!(want.len() > 100, "the generated files give many alerts ({})", want.len());

    let db = dir.path().join("killed.db");
    let bin = assert_cmd::cargo::cargo_bin("casus");
    for delay_ms in [20u64, 60, 150, 300] {
        let mut child = Std::new(&bin)
            .args(["screen", events.to_str().expect("utf-8"), "--db", db.to_str().expect("utf-8")])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = casus()
        .args(["screen", events.to_str().expect("utf-8"), "--db", db.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let got = alert_keys(&db);
    assert_eq!(got.len(), want.len(), "no alert lost, none duplicated");
    assert_eq!(got, want);
}

#[test]
fn screen_dyads_counts_third_state_defence_allies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |n: &str| dir.path().join(n).to_str().expect("utf-8").to_string();
    std::fs::write(p("xw.csv"), "cameo,ccode\nRUS,365\nPOL,290\nLTU,368\nUSA,2\n").expect("write");
    std::fs::write(
        p("dyads.csv"),
        "ccode1,ccode2,year,defense\r\n290,368,2025,1\r\n290,2,2025,1\r\n290,365,2025,1\r\n368,290,2025,0\r\n",
    )
    .expect("write");
    let lines = [
        line(3, 20250910, "RUS", "LTU", "190", 4, "", ""), // Lithuania has no defence ally that year
        line(1, 20250910, "RUS", "POL", "190", 3, "", ""), // allies 368, 2 (365 is the attacker)
        line(2, 20250911, "", "POL", "195", 5, "", ""),    // a blank attacker excludes nobody
        line(4, 20250912, "RUS", "POL", "190", 1, "", ""), // one source only
        line(5, 20250912, "RUS", "POL", "043", 9, "", ""), // not material conflict
    ];
    std::fs::write(p("events.tsv"), lines.join("\n") + "\n").expect("write");
    let out = casus()
        .args(["screen-dyads", &p("events.tsv"), "--dyads", &p("dyads.csv"), "--crosswalk", &p("xw.csv")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "event_id,sqldate,attacker,target,ally_count\n1,20250910,RUS,POL,2\n2,20250911,,POL,3\n");
    let bad = casus()
        .args(["screen-dyads", &p("events.tsv"), "--dyads", &p("xw.csv"), "--crosswalk", &p("xw.csv")])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("xw.csv:1: no column `ccode1` (or `stateA`)"));
    // `casus dyads` output names the states `stateA`, `stateB`: the same answer.
    std::fs::write(
        p("casus-dyads.csv"),
        "stateA,stateB,year,atopally,defense\n290,368,2025,1,1\n290,2,2025,1,1\n290,365,2025,1,1\n368,290,2025,0,0\n",
    )
    .expect("write");
    let out = casus()
        .args(["screen-dyads", &p("events.tsv"), "--dyads", &p("casus-dyads.csv"), "--crosswalk", &p("xw.csv")])
        .output()
        .expect("runs");
    assert_eq!(stdout(&out), "event_id,sqldate,attacker,target,ally_count\n1,20250910,RUS,POL,2\n2,20250911,,POL,3\n");
}
