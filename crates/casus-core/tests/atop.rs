//! The library agrees with ATOP v5.1 wherever both cover a treaty: the same members with
//! the same entry and exit years, and the same kinds of obligation. Every difference is
//! either fixed or listed, with its reason, in `tests/atop/exceptions.tsv` (one
//! difference, such as `entry 290`, or all of a kind for a treaty, `entry *`, when one
//! coding convention explains them all); an exception that no longer matches any
//! difference fails the test too, so the list stays true.
//!
//! The data is read from `CASUS_ATOP_DIR`, or `../shared/data/atop` beside the
//! repository; it is never copied into the repository. Without it the test is skipped
//! with a message, unless `CASUS_REQUIRE_DATA=1` (set by CI), which makes it fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use casus_core::model::Treaty;
use casus_core::vocab::Kind;
use casus_core::{Loader, states};

/// ATOP's data ends in 2018: later accessions are outside the comparison.
const ATOP_LAST_YEAR: i16 = 2018;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn atop_dir() -> Option<PathBuf> {
    let dir =
        std::env::var_os("CASUS_ATOP_DIR").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/data/atop"));
    if dir.join("atop5_1m.csv").is_file() {
        return Some(dir);
    }
    let msg = format!(
        "ATOP v5.1 member file not found at {} (set CASUS_ATOP_DIR; the data is published at http://www.atopdata.org/)",
        dir.join("atop5_1m.csv").display()
    );
    assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "{msg}");
    eprintln!("skipped: {msg}");
    None
}

/// One ATOP member-phase row, reduced to what is compared.
struct Row {
    atopid: u32,
    member: u16,
    yrent: i16,
    yrexit: i16,
    flags: [bool; 5],
}

const FLAGS: [&str; 5] = ["defense", "offense", "neutral", "nonagg", "consul"];

fn read_members(dir: &Path) -> Vec<Row> {
    let mut rdr = csv::Reader::from_path(dir.join("atop5_1m.csv")).expect("readable ATOP member file");
    let headers = rdr.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("ATOP column {name}"));
    let (id, member, yrent, yrexit) = (col("atopid"), col("member"), col("yrent"), col("yrexit"));
    let flags: Vec<usize> = FLAGS.iter().map(|f| col(f)).collect();
    rdr.records()
        .map(|r| {
            let r = r.expect("well-formed ATOP row");
            let num = |i: usize| r.get(i).unwrap_or("0").trim().parse::<i64>().unwrap_or(0);
            Row {
                atopid: num(id) as u32,
                member: num(member) as u16,
                yrent: num(yrent) as i16,
                yrexit: num(yrexit) as i16,
                flags: [0, 1, 2, 3, 4].map(|k| num(flags[k]) == 1),
            }
        })
        .collect()
}

fn library() -> Vec<Treaty> {
    let mut loader = Loader::default();
    loader.add_library_dir(&repo().join("library")).expect("library readable");
    loader.finish().library.treaties
}

fn tsv(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(repo().join("tests/atop").join(name)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The differences between one library treaty and the ATOP alliances mapped to it.
fn differences(t: &Treaty, rows: &[&Row]) -> Vec<String> {
    let id = &t.id.value;
    let mut out = Vec::new();
    // ATOP: first entry and last exit per member (0 = still in).
    let mut atop: BTreeMap<u16, (i16, i16)> = BTreeMap::new();
    for r in rows {
        let e = atop.entry(r.member).or_insert((r.yrent, r.yrexit));
        e.0 = e.0.min(r.yrent);
        e.1 = if e.1 == 0 || r.yrexit == 0 { 0 } else { e.1.max(r.yrexit) };
    }
    // casus: the same, from dated memberships (suspensions are not exits).
    let start = t.in_force.as_ref().or(t.signed.as_ref()).map(|d| d.value.year());
    let end = t.terminated.as_ref().map(|d| d.value.year());
    let mut ours: BTreeMap<u16, (i16, i16)> = BTreeMap::new();
    for m in t.parties.iter().filter(|m| !m.suspended) {
        let Some(cow) = states::get(&m.state.value).and_then(|s| s.cow) else { continue };
        let from = m.from.as_ref().map(|d| d.value.year()).or(start).unwrap_or(0);
        if from > ATOP_LAST_YEAR {
            continue;
        }
        let until = m.until.as_ref().map(|d| d.value.year()).or(end).filter(|y| *y <= ATOP_LAST_YEAR).unwrap_or(0);
        let e = ours.entry(cow).or_insert((from, until));
        e.0 = e.0.min(from);
        e.1 = if e.1 == 0 || until == 0 { 0 } else { e.1.max(until) };
    }
    for (cow, (ae, ax)) in &atop {
        match ours.get(cow) {
            None => out.push(format!("{id}\tmember {cow}\tin ATOP ({ae}–{ax}), not in casus")),
            Some((oe, ox)) => {
                if oe != ae {
                    out.push(format!("{id}\tentry {cow}\tcasus {oe}, ATOP {ae}"));
                }
                if ox != ax {
                    out.push(format!("{id}\texit {cow}\tcasus {ox}, ATOP {ax} (0 = still in)"));
                }
            }
        }
    }
    for cow in ours.keys().filter(|c| !atop.contains_key(c)) {
        out.push(format!("{id}\tmember {cow}\tin casus, not in ATOP"));
    }
    // Obligations: ATOP's flags over all members and phases vs casus's commitment kinds.
    let kinds: BTreeSet<Kind> = t.commitments.iter().map(|c| c.kind.value).collect();
    let casus_flags = [Kind::Defence, Kind::Offence, Kind::Neutrality, Kind::NonAggression, Kind::Consultation]
        .map(|k| kinds.contains(&k));
    for (k, name) in FLAGS.iter().enumerate() {
        let a = rows.iter().any(|r| r.flags[k]);
        if a != casus_flags[k] {
            out.push(format!("{id}\tobligation {name}\tcasus {}, ATOP {}", u8::from(casus_flags[k]), u8::from(a)));
        }
    }
    out
}

#[test]
fn library_agrees_with_atop_or_says_why_not() {
    let Some(dir) = atop_dir() else { return };
    let rows = read_members(&dir);
    let treaties = library();
    let mapping = tsv("mapping.tsv");
    assert!(!mapping.is_empty(), "tests/atop/mapping.tsv maps library treaties to ATOP ids");
    let exceptions: BTreeMap<String, String> = tsv("exceptions.tsv")
        .into_iter()
        .filter(|r| r.len() >= 3)
        .map(|r| (format!("{}\t{}", r[0], r[1]), r[2].clone()))
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut compared = 0;
    for m in &mapping {
        let (tid, ids) = (&m[0], &m[1]);
        let Some(t) = treaties.iter().find(|t| &t.id.value == tid) else {
            panic!("tests/atop/mapping.tsv names `{tid}`, which is not in the library");
        };
        let ids: BTreeSet<u32> = ids.split(',').filter_map(|s| s.trim().parse().ok()).collect();
        let sel: Vec<&Row> = rows.iter().filter(|r| ids.contains(&r.atopid)).collect();
        assert!(!sel.is_empty(), "no ATOP rows for atopid {ids:?} ({tid})");
        found.extend(differences(t, &sel));
        compared += 1;
    }
    // An exception names one difference (`entry 290`) or all of a kind (`entry *`).
    let key_of = |d: &str| d.splitn(3, '\t').take(2).collect::<Vec<_>>().join("\t");
    let covers = |exception: &str, key: &str| {
        exception == key || exception.strip_suffix(" *").is_some_and(|prefix| key.starts_with(&format!("{prefix} ")))
    };
    let keys: BTreeSet<String> = found.iter().map(|d| key_of(d)).collect();
    let unexplained: Vec<&String> =
        found.iter().filter(|d| !exceptions.keys().any(|e| covers(e, &key_of(d)))).collect();
    let stale: Vec<&String> = exceptions.keys().filter(|e| !keys.iter().any(|k| covers(e, k))).collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{compared} treaties compared.\nDifferences not in tests/atop/exceptions.tsv (fix the encoding or list them with a reason):\n{}\nExceptions that no longer differ (remove them):\n{}",
        unexplained.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        stale.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
    );
    eprintln!("{compared} treaties agree with ATOP v5.1 ({} documented exceptions)", exceptions.len());
}
