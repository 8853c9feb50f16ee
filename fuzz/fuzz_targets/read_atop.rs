//! Arbitrary bytes as ATOP's member file and COW's system file: the readers skip and report
//! bad rows or refuse the file, and whatever they accept becomes dyad-years and treaties,
//! without a panic. Input: the member file, a 0xFF byte, the system file.
#![no_main]

use std::path::PathBuf;

use casus_data::atop::AtopData;
use casus_data::cow::CowData;
use casus_data::dyads::{DyadOptions, DyadTable};
use libfuzzer_sys::fuzz_target;

const ALLIANCES: &str = include_str!("../../crates/casus-data/tests/fixtures/mini/atop/atop5_1a.csv");
const STATES: &str = include_str!("../../crates/casus-data/tests/fixtures/mini/cow/states2016.csv");

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casus-fuzz-read-atop-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("atop")).expect("temp folder");
    std::fs::create_dir_all(dir.join("cow")).expect("temp folder");
    std::fs::write(dir.join("atop/atop5_1a.csv"), ALLIANCES).expect("write");
    std::fs::write(dir.join("cow/states2016.csv"), STATES).expect("write");
    dir
}

fuzz_target!(|data: &[u8]| {
    let (member, system) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"stateabb,ccode,year,version\nUSA,2,2012,2016\nUKG,200,2012,2016\n"[..]),
    };
    let dir = folder();
    std::fs::write(dir.join("atop/atop5_1m.csv"), member).expect("write");
    std::fs::write(dir.join("cow/system2016.csv"), system).expect("write");
    let (Ok(atop), Ok(cow)) = (AtopData::read_dir(&dir.join("atop")), CowData::read_dir(&dir.join("cow"))) else {
        return;
    };
    // Every warning is in its file.
    for w in atop.warnings.iter().chain(&cow.warnings) {
        assert!(w.place.line >= 1);
        let _ = w.to_string();
    }
    let lib = casus_data::atop::to_library(&atop);
    let _ = casus_core::check::check(&lib);
    for options in [DyadOptions::default(), DyadOptions { alliance_ids: true, outside_system: true, ..DyadOptions::default() }] {
        if let Ok(table) = DyadTable::new(&atop, &cow, &options) {
            let written = table.write_csv(std::io::sink()).expect("writes");
            assert_eq!(written.rows, table.len());
            assert_eq!(table.rows().count() as u64, table.len());
        }
    }
});
