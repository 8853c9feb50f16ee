//! ATOP 5.1's alliances as a library, with what reading them left out said in words.

use std::collections::BTreeSet;
use std::path::Path;

use casus_core::Library;
use casus_data::DataError;
use casus_data::atop::AtopData;

/// What reading ATOP has to tell, besides the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A row-level warning of the reader (`atop5_1m.csv:12: …`), quoting the file.
    Warning(String),
    /// A remark on the whole read: columns absent, members no state code names.
    Note(String),
    /// The count of rows skipped (`ATOP: 3 rows skipped`).
    Skipped(String),
}

/// ATOP's alliances as treaties `atop-N`.
#[derive(Clone, Debug)]
pub struct Atop {
    /// The folder they were read from, the name that stands for their file.
    pub name: String,
    /// The treaties.
    pub library: Library,
    /// What the reader left out, in the order it was found.
    pub notes: Vec<Note>,
}

/// Reads ATOP from `dir` (or `$CASUS_ATOP_DIR`). Members a treaty cannot name are said,
/// not dropped in silence.
pub fn load(dir: Option<&Path>) -> Result<Atop, DataError> {
    let dir = AtopData::dir(dir)?;
    let data = AtopData::read_dir(&dir)?;
    let mut notes: Vec<Note> = data.warnings.iter().map(|w| Note::Warning(w.to_string())).collect();
    if !data.absent_columns.is_empty() {
        notes.push(Note::Note(format!(
            "ATOP: the member file has no column {}: read as 0, so the treaties carry no such condition, adversary or per-partner coding",
            data.absent_columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        )));
    }
    let library = casus_data::atop::to_library(&data);
    let unmapped = casus_data::atop::unmapped_members(&data);
    if !unmapped.is_empty() {
        let mut codes: Vec<u16> = unmapped.iter().map(|&(_, c)| c).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut alliances: BTreeSet<u32> = data.members.iter().map(|m| m.atopid).collect();
        for t in &library.treaties {
            if let Some(n) = casus_data::atop::alliance_of(&t.id.value) {
                alliances.remove(&n);
            }
        }
        let lost = alliances.len();
        let codes: Vec<String> = codes.iter().map(u16::to_string).collect();
        let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
        notes.push(Note::Note(format!(
            "ATOP: {} of member code {} left out of the treaties: no state of casus's table (COW states and ISO codes) has {}{}",
            plural(unmapped.len(), "membership", "memberships"),
            codes.join(", "),
            if codes.len() == 1 { "it" } else { "them" },
            if lost > 0 {
                format!("; {} left with fewer than two parties", plural(lost, "alliance", "alliances"))
            } else {
                String::new()
            }
        )));
    }
    let skipped = data.skipped_rows();
    if skipped > 0 {
        notes.push(Note::Skipped(format!("ATOP: {skipped} row{} skipped", if skipped == 1 { "" } else { "s" })));
    }
    Ok(Atop { name: dir.display().to_string(), library, notes })
}
