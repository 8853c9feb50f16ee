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

/// The lines after the header that are not blank.
fn data_lines(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').skip(1).filter(|l| !l.iter().all(|b| b.is_ascii_whitespace())).count()
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
