//! Target (e), the COW reader: arbitrary bytes as COW's membership-spell file
//! (`states2016.csv`) and state-year file (`system2016.csv`), separated by a `0xFF` byte;
//! a missing part is the test fixture's. Both are read as `casus dyads` reads the folder,
//! with the fixture's ATOP files beside them, and used as in [`crate::read_atop`].

use crate::common;

const MEMBERS: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/atop/atop5_1m.csv");
const ALLIANCES: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/atop/atop5_1a.csv");
const SYSTEM: &[u8] = include_bytes!("../../crates/casus-data/tests/fixtures/mini/cow/system2016.csv");

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let mut parts = data.splitn(2, |&b| b == 0xFF);
    let states = parts.next().unwrap_or_default();
    let system = parts.next().unwrap_or(SYSTEM);
    let dir = common::scratch("read_cow");
    std::fs::create_dir_all(dir.join("atop")).unwrap_or_else(|e| panic!("scratch folder: {e}"));
    std::fs::create_dir_all(dir.join("cow")).unwrap_or_else(|e| panic!("scratch folder: {e}"));
    common::write(&dir.join("atop/atop5_1m.csv"), MEMBERS);
    common::write(&dir.join("atop/atop5_1a.csv"), ALLIANCES);
    common::write(&dir.join("cow/states2016.csv"), states);
    common::write(&dir.join("cow/system2016.csv"), system);
    // The spell file alone, as `CowData::read_dir` reads it beside the state years.
    let mut warnings = Vec::new();
    if let Ok(spells) = casus_data::cow::read_states(&dir.join("cow/states2016.csv"), &mut warnings) {
        for s in &spells {
            assert!(s.start <= s.end, "a spell that ends before it starts: {s:?}");
            assert!(s.line >= 2, "a spell read from the header line: {s:?}");
        }
    }
    crate::read_atop::datasets(&dir);
}
