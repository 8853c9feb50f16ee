//! The readers never panic on damaged files: every mutation of a valid file is read, with the
//! damaged rows skipped and reported, or refused as a whole with an error; whatever is read
//! can be turned into dyad-years and treaties.

use std::path::Path;

use casus_data::atop::AtopData;
use casus_data::cow::CowData;
use casus_data::dyads::{DyadOptions, DyadTable};
use proptest::prelude::*;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)).expect("fixture")
}

/// One damage done to a file's bytes.
#[derive(Clone, Debug)]
enum Damage {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Truncate(usize),
    DuplicateLine(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Damage::Delete(i, n)),
        (any::<usize>(), prop::collection::vec(prop_oneof![Just(b','), Just(b'\n'), Just(b'"'), any::<u8>()], 1..8))
            .prop_map(|(i, v)| Damage::Insert(i, v)),
        any::<usize>().prop_map(Damage::Truncate),
        any::<usize>().prop_map(Damage::DuplicateLine),
    ]
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let n = bytes.len().max(1);
        match d {
            Damage::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % n] = *b;
                }
            }
            Damage::Delete(i, k) => {
                let at = i % n;
                let end = (at + k).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Damage::Insert(i, v) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, v.iter().copied());
            }
            Damage::Truncate(i) => bytes.truncate(i % n),
            Damage::DuplicateLine(i) => {
                let lines: Vec<Vec<u8>> = bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                if !lines.is_empty() {
                    let k = i % lines.len();
                    let mut out = Vec::new();
                    for (j, l) in lines.iter().enumerate() {
                        out.extend_from_slice(l);
                        if j == k {
                            out.extend_from_slice(l);
                        }
                    }
                    bytes = out;
                }
            }
        }
    }
    bytes
}

fn lines(bytes: &[u8]) -> u64 {
    bytes.split(|&b| b == b'\n').count() as u64
}

/// The lines after the header (the first line that is not blank) that are not blank.
fn data_lines(bytes: &[u8]) -> usize {
    let blank = |l: &&[u8]| l.iter().all(|b| b.is_ascii_whitespace());
    bytes.split(|&b| b == b'\n').skip_while(blank).skip(1).filter(|l| !blank(l)).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn damaged_atop_and_cow_files_never_panic(
        member in prop::collection::vec(damage(), 0..4),
        alliance in prop::collection::vec(damage(), 0..2),
        system in prop::collection::vec(damage(), 0..4),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (atop_dir, cow_dir) = (dir.path().join("atop"), dir.path().join("cow"));
        std::fs::create_dir_all(&atop_dir).expect("mkdir");
        std::fs::create_dir_all(&cow_dir).expect("mkdir");
        let m = apply(fixture("mini/atop/atop5_1m.csv"), &member);
        std::fs::write(atop_dir.join("atop5_1m.csv"), &m).expect("write");
        std::fs::write(atop_dir.join("atop5_1a.csv"), apply(fixture("mini/atop/atop5_1a.csv"), &alliance)).expect("write");
        let s = apply(fixture("mini/cow/system2016.csv"), &system);
        std::fs::write(cow_dir.join("system2016.csv"), &s).expect("write");
        std::fs::write(cow_dir.join("states2016.csv"), fixture("mini/cow/states2016.csv")).expect("write");

        let atop = AtopData::read_dir(&atop_dir);
        let cow = CowData::read_dir(&cow_dir);
        if let Ok(atop) = &atop {
            // Every warning points inside its file, and no row is both kept and skipped.
            for w in &atop.warnings {
                prop_assert!(w.place.line >= 1);
                if w.place.file.ends_with("atop5_1m.csv") {
                    prop_assert!(w.place.line <= lines(&m), "{w}");
                }
            }
            // Every data line of the member file is a member read or a row skipped with a
            // warning: nothing is lost in silence (a stray quote once swallowed the rest).
            let skipped = atop
                .warnings
                .iter()
                .filter(|w| w.skipped_row() && w.place.file.ends_with("atop5_1m.csv"))
                .count();
            prop_assert_eq!(atop.members.len() + skipped, data_lines(&m));
            let lib = casus_data::atop::to_library(atop);
            let _ = casus_core::check::check(&lib);
        }
        if let (Ok(atop), Ok(cow)) = (&atop, &cow) {
            for w in &cow.warnings {
                if w.place.file.ends_with("system2016.csv") {
                    prop_assert!(w.place.line >= 1 && w.place.line <= lines(&s), "{w}");
                }
            }
            for options in [DyadOptions::default(), DyadOptions { alliance_ids: true, outside_system: true, ..DyadOptions::default() }] {
                if let Ok(table) = DyadTable::new(atop, cow, &options) {
                    let mut out = Vec::new();
                    let written = table.write_csv(&mut out).expect("writes to memory");
                    prop_assert_eq!(written.rows, table.len());
                    prop_assert_eq!(table.rows().count() as u64, table.len());
                }
            }
        }
    }
}

// ---------------------------------------------------------------- hostile files: bounded, and said

use casus_data::{DataError, WarningKind};

const MEMBER_HEADER: &str =
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,bilat,asymm,defense,offense,neutral,nonagg,consul\n";

/// A folder with the mini fixtures, the member file replaced by `member`.
fn atop_dir_with(member: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("atop5_1m.csv"), member).expect("write");
    std::fs::write(dir.path().join("atop5_1a.csv"), fixture("mini/atop/atop5_1a.csv")).expect("write");
    dir
}

#[test]
fn an_over_long_line_is_an_error_at_its_line_without_reading_on() {
    let mut member = fixture("mini/atop/atop5_1m.csv");
    let second = member.iter().position(|&b| b == b'\n').expect("header") + 1;
    // Line 2 becomes 2 MiB of digits: past the 1 MiB cap.
    member.splice(second..second, std::iter::repeat_n(b'7', 2 << 20));
    let dir = atop_dir_with(&member);
    let err = AtopData::read_dir(dir.path()).expect_err("too long");
    assert!(matches!(&err, DataError::LineTooLong { place } if place.line == 2), "{err}");
    assert_eq!(err.place().map(|p| p.line), Some(2));
    assert!(err.to_string().contains("atop5_1m.csv:2: the line is longer than 1 MiB"), "{err}");
    assert!(err.is_invalid_input());
    // A line just under the cap is an ordinary bad row.
    let mut member = fixture("mini/atop/atop5_1m.csv");
    member.splice(second..second, std::iter::repeat_n(b'7', 1000).chain(*b"\n"));
    let dir = atop_dir_with(&member);
    let data = AtopData::read_dir(dir.path()).expect("reads");
    assert!(data.warnings.iter().any(|w| w.place.line == 2), "{:?}", data.warnings);
}

#[test]
fn a_file_of_mostly_bad_rows_stops_early_with_the_first_one() {
    // A million short lines that are no rows: the read stops after about a thousand, so
    // the warnings kept stay a thousand, not a million.
    let mut member = MEMBER_HEADER.as_bytes().to_vec();
    for _ in 0..1_000_000 {
        member.extend_from_slice(b"\0\n");
    }
    let dir = atop_dir_with(&member);
    let err = AtopData::read_dir(dir.path()).expect_err("doubted");
    match &err {
        DataError::MostRowsSkipped { skipped, rows, first, .. } => {
            assert_eq!((*skipped, *rows), (1001, 1001));
            assert_eq!(first.place.line, 2);
            assert!(matches!(first.kind, WarningKind::FieldCount { found: 1, expected: 16 }));
        }
        e => panic!("expected MostRowsSkipped, got {e}"),
    }
    assert!(err.to_string().contains("1001 of the first 1001 data rows could not be read (the first, line 2"), "{err}");
    // A few bad rows among good ones are warnings, as before.
    let mut member = fixture("mini/atop/atop5_1m.csv");
    member.extend_from_slice(b"x\ny\n");
    let dir = atop_dir_with(&member);
    assert_eq!(AtopData::read_dir(dir.path()).expect("reads").skipped_rows(), 2);
}

#[test]
fn member_codes_that_are_no_states_are_an_error_naming_the_column() {
    // Swapped headers: `atopid` holds state codes, `member` alliance ids.
    let member = fixture("mini/atop/atop5_1m.csv");
    let text = String::from_utf8(member).expect("UTF-8");
    let swapped = text.replacen("atopid,member,", "member,atopid,", 1);
    let dir = atop_dir_with(swapped.as_bytes());
    let err = AtopData::read_dir(dir.path()).expect_err("implausible");
    let place = err.place().expect("a place");
    assert_eq!((place.line, place.column.as_deref()), (2, Some("member")));
    assert!(err.to_string().contains("member rows have a `member` that is no COW state code (1001"), "{err}");
    assert!(err.help().is_some_and(|h| h.contains("look swapped")), "{:?}", err.help());
    // The member file alone (what `casus dyads` reads) is checked too.
    assert!(matches!(AtopData::read_member_file(&dir.path().join("atop5_1m.csv")), Err(DataError::Implausible { .. })));
}

#[test]
fn member_rows_naming_alliances_the_alliance_file_lacks_are_said() {
    let text = String::from_utf8(fixture("mini/atop/atop5_1m.csv")).expect("UTF-8");
    // One row names alliance 9999, which the alliance file does not have: a warning.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    lines[n - 1] = lines[n - 1].replacen(lines[n - 1].split(',').next().expect("atopid"), "9999", 1);
    let dir = atop_dir_with((lines.join("\n") + "\n").as_bytes());
    let data = AtopData::read_dir(dir.path()).expect("reads");
    let w = data.warnings.iter().find(|w| matches!(w.kind, WarningKind::NotInAlliances { .. })).expect("warned");
    assert_eq!((w.place.line, w.place.column.as_deref()), (n as u64, Some("atopid")));
    assert!(!w.skipped_row());
    assert!(w.to_string().contains("1 of") && w.to_string().contains("(9999)"), "{w}");
    // Every row naming unknown alliances: an error.
    let renamed: Vec<String> =
        std::iter::once(lines[0].clone()).chain(lines[1..].iter().map(|l| format!("9{}", l))).collect();
    let dir = atop_dir_with((renamed.join("\n") + "\n").as_bytes());
    let err = AtopData::read_dir(dir.path()).expect_err("implausible");
    assert_eq!(err.place().and_then(|p| p.column), Some("atopid".to_string()));
    assert!(err.to_string().contains("member rows name an alliance that `atop5_1a.csv` does not have"), "{err}");
}

#[test]
fn memberships_outside_the_state_system_are_an_error_when_most_are() {
    let atop = AtopData::read_member_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/atop/atop5_1m.csv"),
    )
    .expect("reads");
    // A state-year file of other states (codes no member has).
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("system2016.csv"),
        "stateabb,ccode,year,version\nAAA,990,2012,2016\nBBB,991,2012,2016\n",
    )
    .expect("write");
    let cow = CowData::read_system_file(&dir.path().join("system2016.csv")).expect("reads");
    let Err(err) = DyadTable::new(&atop, &cow, &DyadOptions::default()) else { panic!("implausible data accepted") };
    assert!(matches!(err, DataError::Implausible { .. }), "{err}");
    assert!(err.to_string().contains("ATOP memberships name a state that is not in the state system"), "{err}");
    assert_eq!(err.place().and_then(|p| p.column), Some("member".to_string()));
    // The mini files themselves fit.
    let cow = CowData::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/cow")).expect("reads");
    assert!(DyadTable::new(&atop, &cow, &DyadOptions::default()).is_ok());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_file_is_refused_without_opening_it() {
    let dir = atop_dir_with(&fixture("mini/atop/atop5_1m.csv"));
    let member = dir.path().join("atop5_1m.csv");
    std::fs::remove_file(&member).expect("rm");
    assert!(std::process::Command::new("mkfifo").arg(&member).status().expect("mkfifo").success());
    // Opening a FIFO would block until a writer came: this returns at once.
    let err = AtopData::read_dir(dir.path()).expect_err("a FIFO");
    assert!(matches!(err, DataError::Input { .. }), "{err}");
    assert!(err.to_string().contains("atop5_1m.csv` is a FIFO (named pipe), not a regular file"), "{err}");
    assert!(err.is_invalid_input());
}
