//! The Correlates of War state-system membership files, v2016: `system2016.csv` (one row per
//! state-year) and, when it is there, `states2016.csv` (one row per membership spell).
//!
//! Rows that cannot be trusted are skipped and reported as [`Warning`]s in
//! [`CowData::warnings`], as in [`crate::atop`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::err::{DataError, Dataset, Warning, WarningKind};
use crate::table::{Row, Spec, Table};

/// The version of the COW state system this module reads.
pub const VERSION: &str = "2016";
/// The state-year file's published name.
pub const SYSTEM_FILE: &str = "system2016.csv";
/// The spell file's published name.
pub const STATES_FILE: &str = "states2016.csv";

/// A state that is a member of the state system in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateYear {
    /// The COW state code (`ccode`).
    pub ccode: u16,
    /// The year (`year`).
    pub year: i16,
}

/// One spell of a state's system membership.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateSpell {
    /// The COW state code (`ccode`).
    pub ccode: u16,
    /// The COW abbreviation (`stateabb`), empty if the column is absent.
    pub abbreviation: String,
    /// The state's name (`statenme`), empty if the column is absent.
    pub name: String,
    /// The first day of membership (`styear`, `stmonth`, `stday`).
    pub start: Date,
    /// The last day of membership (`endyear`, `endmonth`, `endday`).
    pub end: Date,
    /// The row's line in the file.
    pub line: u64,
}

/// The COW files read from a folder, with the warnings about rows that were skipped.
#[derive(Clone, Debug, Default)]
pub struct CowData {
    /// State-years, in file order, each once.
    pub system: Vec<StateYear>,
    /// Membership spells, in file order; empty when the folder has no [`STATES_FILE`].
    pub states: Vec<StateSpell>,
    /// Rows skipped and doubts about the files, in file order.
    pub warnings: Vec<Warning>,
    /// The state-year file read, when the data was read from one.
    pub system_file: Option<PathBuf>,
}

impl CowData {
    /// Reads [`SYSTEM_FILE`] from `dir`, and [`STATES_FILE`] if it is there (`states` stays
    /// empty otherwise: the dyad-years need only the state-years).
    pub fn read_dir(dir: &Path) -> Result<CowData, DataError> {
        crate::check_dir(Dataset::Cow, dir)?;
        let sys = crate::find_file(Dataset::Cow, dir, SYSTEM_FILE, |n| n.starts_with("system") && n.ends_with(".csv"))?;
        let mut warnings = Vec::new();
        let system = read_system(&sys, &mut warnings)?;
        // Absent, it is not needed; present, it must be a regular file (a FIFO or folder in
        // its place is an error, not a file quietly left out).
        let states = match crate::regular_file(Dataset::Cow, &dir.join(STATES_FILE))? {
            Some(st) => read_states(&st, &mut warnings)?,
            None => Vec::new(),
        };
        Ok(CowData { system, states, warnings, system_file: Some(sys) })
    }

    /// Reads the state-year file alone (enough for dyad-years); `states` stays empty.
    pub fn read_system_file(path: &Path) -> Result<CowData, DataError> {
        let mut warnings = Vec::new();
        let system = read_system(path, &mut warnings)?;
        Ok(CowData { system, states: Vec::new(), warnings, system_file: Some(path.to_path_buf()) })
    }

    /// The folder to read: `dir` if given, else `$CASUS_COW_DIR`.
    pub fn dir(dir: Option<&Path>) -> Result<PathBuf, DataError> {
        crate::data_dir(Dataset::Cow, dir)
    }

    /// The last year of the state-year file, `None` if it has no rows.
    pub fn last_year(&self) -> Option<i16> {
        self.system.iter().map(|s| s.year).max()
    }

    /// The number of rows skipped while reading.
    pub fn skipped_rows(&self) -> usize {
        self.warnings.iter().filter(|w| w.skipped_row()).count()
    }
}

/// Reads a state-year file, appending warnings for skipped rows (and duplicates) to
/// `warnings`; a file without a row that could be read is an error.
pub fn read_system(path: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<StateYear>, DataError> {
    let spec = Spec { dataset: Dataset::Cow, version: VERSION, required: &["ccode", "year"] };
    let (mut table, c) = Table::open(path, &spec)?;
    let before = warnings.len();
    let mut seen: HashMap<StateYear, u64> = HashMap::new();
    let mut out = Vec::new();
    while let Some(row) = table.next_row(warnings)? {
        let sy = (|| -> Result<StateYear, Warning> {
            let ccode = row.within(c[0], 1, i64::from(u16::MAX), "a COW state code")? as u16;
            let year = row.within(c[1], 1000, 9999, "a year 1000–9999")? as i16;
            Ok(StateYear { ccode, year })
        })();
        match sy {
            Ok(sy) => match seen.get(&sy) {
                Some(&first_line) => warnings.push(row.warn_row(WarningKind::Duplicate { first_line })),
                None => {
                    seen.insert(sy, row.line());
                    out.push(sy);
                }
            },
            Err(w) => warnings.push(w),
        }
    }
    table.finish(out.len(), &warnings[before..])?;
    Ok(out)
}

/// Reads a spell file, appending warnings for skipped rows to `warnings`; a
/// file without a row that could be read is an error.
pub fn read_states(path: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<StateSpell>, DataError> {
    let spec = Spec {
        dataset: Dataset::Cow,
        version: VERSION,
        required: &["ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"],
    };
    let (mut table, c) = Table::open(path, &spec)?;
    let before = warnings.len();
    let abb = table.column("stateabb");
    let name = table.column("statenme");
    let mut out = Vec::new();
    while let Some(row) = table.next_row(warnings)? {
        match spell(&row, &c, abb, name) {
            Ok(s) => out.push(s),
            Err(w) => warnings.push(w),
        }
    }
    table.finish(out.len(), &warnings[before..])?;
    Ok(out)
}

fn spell(row: &Row<'_>, c: &[usize], abb: Option<usize>, name: Option<usize>) -> Result<StateSpell, Warning> {
    let ccode = row.within(c[0], 1, i64::from(u16::MAX), "a COW state code")? as u16;
    let start = civil(row, c[1], c[2], c[3])?;
    let end = civil(row, c[4], c[5], c[6])?;
    if end < start {
        return Err(row.warn_row(WarningKind::InvertedDates { entry: start.to_string(), exit: end.to_string() }));
    }
    Ok(StateSpell {
        ccode,
        abbreviation: abb.map(|i| row.text(i)).unwrap_or_default(),
        name: name.map(|i| row.text(i)).unwrap_or_default(),
        start,
        end,
        line: row.line(),
    })
}

fn civil(row: &Row<'_>, y: usize, m: usize, d: usize) -> Result<Date, Warning> {
    let year = row.within(y, 1000, 9999, "a year 1000–9999")? as i16;
    let month = row.within(m, 1, 12, "a month 1–12")? as i8;
    let day = row.within(d, 1, 31, "a day 1–31")?;
    Date::new(year, month, day as i8)
        .map_err(|_| row.warn(d, WarningKind::OutOfRange { value: day, allowed: "a day that exists in that month" }))
}
