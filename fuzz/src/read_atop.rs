//! Target (e), the ATOP reader: arbitrary bytes as ATOP's member file, COW's system file and
//! (optionally) ATOP's alliance file, separated by `0xFF` bytes (which UTF-8 text never
//! holds); a missing part is the test fixture's. The readers skip and report bad rows or
//! refuse the file; whatever they accept becomes dyad-years (both rules, with and without
//! the rows outside the system) and treaties that are checked beside nothing else, as
//! `casus check --atop --no-builtin` does, and then used as a clean library is.

use casus_core::Loader;
use casus_core::model::{Actor, Incident};
use casus_core::vocab::{ObjectKind, Severity};
use casus_data::atop::AtopData;
use casus_data::cow::CowData;
use casus_data::dyads::{DyadOptions, DyadTable};
use casus_syntax::Spanned;

use crate::common;

const MEMBERS: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/atop/atop5_1m.csv");
const ALLIANCES: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/atop/atop5_1a.csv");
const STATES: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/cow/states2016.csv");
const SYSTEM: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/cow/system2016.csv");

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let member = parts.next().unwrap_or(MEMBERS);
    let system = parts.next().unwrap_or(SYSTEM);
    let alliance = parts.next().unwrap_or(ALLIANCES);
    let dir = common::scratch("read_atop");
    std::fs::create_dir_all(dir.join("atop")).unwrap_or_else(|e| panic!("scratch folder: {e}"));
    std::fs::create_dir_all(dir.join("cow")).unwrap_or_else(|e| panic!("scratch folder: {e}"));
    common::write(&dir.join("atop/atop5_1m.csv"), member);
    common::write(&dir.join("atop/atop5_1a.csv"), alliance);
    common::write(&dir.join("cow/system2016.csv"), system);
    common::write(&dir.join("cow/states2016.csv"), STATES);
    datasets(&dir);
}

/// Reads the folder `dir` (with `atop/` and `cow/` inside) and uses what it holds; shared
/// with [`crate::read_cow`].
pub fn datasets(dir: &std::path::Path) {
    let atop = AtopData::read_dir(&dir.join("atop"));
    let cow = CowData::read_dir(&dir.join("cow"));
    if let Err(e) = &atop {
        let _ = (e.to_string(), e.help(), casus_cli::library::data_exit(e));
    }
    if let Err(e) = &cow {
        let _ = (e.to_string(), e.help(), casus_cli::library::data_exit(e));
    }
    if let Ok(cow) = &cow {
        for w in &cow.warnings {
            assert!(w.place.line >= 1, "a warning before the first line: {w}");
            let _ = w.to_string();
        }
        let _ = (cow.last_year(), cow.skipped_rows());
    }
    let Ok(atop) = atop else { return };
    for w in &atop.warnings {
        assert!(w.place.line >= 1, "a warning before the first line: {w}");
        let _ = w.to_string();
    }
    treaties(&atop);
    let Ok(cow) = cow else { return };
    for options in
        [DyadOptions::default(), DyadOptions { alliance_ids: true, outside_system: true, ..DyadOptions::default() }]
    {
        if let Ok(table) = DyadTable::new(&atop, &cow, &options) {
            let written = table.write_csv(std::io::sink()).unwrap_or_else(|e| panic!("writing to a sink: {e}"));
            assert_eq!(written.rows, table.len());
            assert_eq!(table.rows().count() as u64, table.len());
            assert!(table.allied_len() <= table.len());
            let _ = (table.year_range(), table.column_names());
        }
    }
}

/// ATOP's alliances as treaties, checked alone and used: ties on their dates, and an
/// armed attack on a member evaluated.
fn treaties(atop: &AtopData) {
    let lib = casus_data::atop::to_library(atop);
    let _ = casus_data::atop::unmapped_members(atop);
    for t in &lib.treaties {
        let _ = casus_data::atop::alliance_of(&t.id.value);
    }
    let victim = lib.treaties.first().and_then(|t| t.parties.first()).map(|m| m.state.value.clone());
    let on = lib.treaties.first().and_then(|t| t.in_force.clone());
    let mut loader = Loader::default();
    loader.add_library("ATOP", lib);
    let mut loaded = loader.finish();
    common::check_loaded(&loaded);
    if let (Some(victim), Some(on)) = (victim, on) {
        let mut i = Incident::new("attack", "An armed attack on a member");
        i.on = Some(on);
        i.actor = Actor::States(vec![Spanned::detached(if victim == "RUS" { "USA" } else { "RUS" }.to_string())]);
        i.target = Some(Spanned::detached(victim));
        i.object = Some(Spanned::detached(ObjectKind::Territory));
        i.severity = Some(Spanned::detached(Severity::ArmedAttack));
        loaded.library.incidents.push(i);
    }
    common::exercise(&loaded);
}
