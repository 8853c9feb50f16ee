//! The ATOP v5.1 member file (`atop5_1m.csv`) and alliance file (`atop5_1a.csv`).
//!
//! The member file has one row per member per phase of an alliance; the alliance file one
//! row per alliance. Both are read as published (CRLF line endings, empty cells for unknown
//! days). `yrexit = 0` (and `endyr = 0`) means the membership (alliance) was still in force
//! when the data ends in 2018: it becomes an open exit, `None`, never a missing value.
//!
//! A row that cannot be trusted (a non-numeric or out-of-range cell, dates that end before
//! they begin, a truncated line, a stray comma or quote) is skipped and reported as a
//! [`Warning`] in [`AtopData::warnings`]; a file that cannot be trusted as a whole (missing,
//! without a column the reader needs, or without a row that could be read) is a
//! [`DataError`].

mod library;
pub mod partners;

use std::path::{Path, PathBuf};

pub use library::{alliance_of, to_library, unmapped_members};

use crate::err::{DataError, Dataset, Warning, WarningKind};
use crate::table::{Row, Spec, Table};

/// The version of ATOP this module reads.
pub const VERSION: &str = "5.1";
/// The member file's published name.
pub const MEMBER_FILE: &str = "atop5_1m.csv";
/// The alliance file's published name.
pub const ALLIANCE_FILE: &str = "atop5_1a.csv";
/// The first year ATOP v5.1 covers.
pub const FIRST_YEAR: i16 = 1815;
/// The last year ATOP v5.1 covers; memberships open at its end have no exit.
pub const LAST_YEAR: i16 = 2018;

/// A date as ATOP records it: the day may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AtopDate {
    /// The year.
    pub year: i16,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–31, when recorded.
    pub day: Option<u8>,
}

impl AtopDate {
    /// The date as the integer `yyyymmdd`, an unknown day counted as `00` (for entries).
    pub fn entry_key(self) -> u32 {
        self.key(0)
    }

    /// The date as the integer `yyyymmdd`, an unknown day counted as `99` (for exits).
    pub fn exit_key(self) -> u32 {
        self.key(99)
    }

    fn key(self, unknown_day: u8) -> u32 {
        // Years are validated to 1000..=9999 when read.
        u32::from(self.year.unsigned_abs()) * 10_000
            + u32::from(self.month) * 100
            + u32::from(self.day.unwrap_or(unknown_day))
    }

    /// The civil date, an unknown day taken as the first of the month (for entries).
    pub fn first_day(self) -> Option<jiff::civil::Date> {
        let start = jiff::civil::Date::new(self.year, self.month as i8, 1).ok()?;
        match self.day {
            Some(d) => {
                jiff::civil::Date::new(self.year, self.month as i8, d.min(start.days_in_month() as u8) as i8).ok()
            }
            None => Some(start),
        }
    }

    /// The civil date, an unknown day taken as the last of the month (for exits).
    pub fn last_day(self) -> Option<jiff::civil::Date> {
        let start = jiff::civil::Date::new(self.year, self.month as i8, 1).ok()?;
        let day = self.day.map_or(start.days_in_month() as u8, |d| d.min(start.days_in_month() as u8));
        jiff::civil::Date::new(self.year, self.month as i8, day as i8).ok()
    }
}

impl std::fmt::Display for AtopDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}-??", self.year, self.month),
        }
    }
}

/// The five obligations ATOP codes, each 0 or 1 in the files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Obligations {
    /// Active military support if a partner is attacked (`defense`).
    pub defense: bool,
    /// Active military support in an attack by a partner (`offense`).
    pub offense: bool,
    /// Neutrality in a conflict of a partner (`neutral`).
    pub neutral: bool,
    /// Not to use force against a partner (`nonagg`).
    pub nonagg: bool,
    /// Consultation in a crisis (`consul`).
    pub consul: bool,
}

/// The conditions ATOP records on one obligation of a member (`defcoadv`, `defconpr`, …);
/// a condition the codebook does not define for that obligation stays `false`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Conditions {
    /// The obligation is conditional at all (`defcon`, `offcon`, `neucon`, `concon`).
    pub any: bool,
    /// Only against a specific adversary (`…coadv`).
    pub adversary: bool,
    /// Only for a conflict in a specific location (`…coloc`).
    pub location: bool,
    /// Only in a specific conflict (`…cocon`).
    pub conflict: bool,
    /// Only if a given number of states attack (`…conum`).
    pub number: bool,
    /// Only if a demand is not complied with (`…codem`).
    pub demand: bool,
    /// Only if the partner did not provoke the attack (`defconpr`, `neuconpr`).
    pub non_provocation: bool,
    /// Only if the partner is attacked, not if it attacks (`neucoatt`).
    pub attacked: bool,
    /// Only at a partner's request (`concoreq`).
    pub request: bool,
}

/// The conditions on each conditional obligation of a member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MemberConditions {
    /// On the defence obligation.
    pub defense: Conditions,
    /// On the offence obligation.
    pub offense: Conditions,
    /// On the neutrality obligation.
    pub neutral: Conditions,
    /// On the consultation obligation.
    pub consul: Conditions,
}

/// One row of the member file: one state's membership in one phase of an alliance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The alliance (`atopid`).
    pub atopid: u32,
    /// The member's COW state code (`member`).
    pub ccode: u16,
    /// The phase of the alliance, 0 when it has one only (`phase`).
    pub phase: u8,
    /// When the state joined this phase (`yrent`, `moent`, `dayent`).
    pub entry: AtopDate,
    /// When it left, `None` if still a member when the data ends (`yrexit = 0`).
    pub exit: Option<AtopDate>,
    /// The alliance is bilateral in this phase (`bilat`).
    pub bilateral: bool,
    /// The obligations are asymmetric (`asymm`).
    pub asymmetric: bool,
    /// What the member undertook.
    pub obligations: Obligations,
    /// The member's obligations vary by partner (`obvary`; `false` if the column is absent).
    pub obligations_vary: bool,
    /// The conditions on its obligations (all `false` if the columns are absent).
    pub conditions: MemberConditions,
    /// States named as the specific threat (`statthr1`, `statthr2`), COW codes.
    pub threats: Vec<u16>,
    /// The row's line in the file.
    pub line: u64,
}

impl Member {
    /// The entry as `yyyymmdd`, an unknown day as `00`.
    pub fn entry_key(&self) -> u32 {
        self.entry.entry_key()
    }

    /// The exit as `yyyymmdd`, an unknown day as `99`, an open exit as `99999999`.
    pub fn exit_key(&self) -> u32 {
        self.exit.map_or(99_999_999, AtopDate::exit_key)
    }
}

/// One row of the alliance file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alliance {
    /// Its id (`atopid`).
    pub atopid: u32,
    /// When it began (`begyr`, `begmo`, `begday`).
    pub begin: AtopDate,
    /// When it ended, `None` if in force when the data ends (`endyr = 0`).
    pub end: Option<AtopDate>,
    /// It is bilateral (`bilat`).
    pub bilateral: bool,
    /// The obligations any member undertook.
    pub obligations: Obligations,
    /// The obligations are asymmetric (`asymm`).
    pub asymmetric: bool,
    /// Its members over its life, COW codes (`mem1`, `mem2`, …).
    pub members: Vec<u16>,
    /// The row's line in the file.
    pub line: u64,
}

/// The ATOP files read from a folder, with the warnings about rows that were skipped.
#[derive(Clone, Debug, Default)]
pub struct AtopData {
    /// Member-phase rows, in file order.
    pub members: Vec<Member>,
    /// Alliance rows, in file order.
    pub alliances: Vec<Alliance>,
    /// Rows skipped and doubts about the files, in file order.
    pub warnings: Vec<Warning>,
    /// The columns of [`OPTIONAL_MEMBER_COLUMNS`] the member file does not have: their
    /// values read as 0 (no partner-level coding, no condition, no named adversary), which
    /// a caller should say.
    pub absent_columns: Vec<&'static str>,
    /// The member file read, when the data was read from one.
    pub member_file: Option<PathBuf>,
}

/// Member-file columns casus reads when they are there and takes as 0 when not: `obvary`
/// (per-partner obligations), the conditions of each obligation, the named adversaries.
pub const OPTIONAL_MEMBER_COLUMNS: &[&str] = &[
    "obvary", "defcon", "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr", "offcon", "offcoadv",
    "offcoloc", "offcocon", "offconum", "offcodem", "neucon", "neucoadv", "neucoloc", "neucocon", "neuconum",
    "neucodem", "neuconpr", "neucoatt", "concon", "concoadv", "concoloc", "concocon", "concoreq", "statthr1",
    "statthr2",
];

impl AtopData {
    /// Reads [`MEMBER_FILE`] and [`ALLIANCE_FILE`] from `dir`, and checks that they fit
    /// together: member rows naming alliances the alliance file does not have are an error
    /// when they are most of them (the files are not of one release, or the member file's
    /// columns are misnamed), a warning when they are a few.
    pub fn read_dir(dir: &Path) -> Result<AtopData, DataError> {
        crate::check_dir(Dataset::Atop, dir)?;
        let m = crate::find_file(Dataset::Atop, dir, MEMBER_FILE, |n| n.starts_with("atop") && n.ends_with("m.csv"))?;
        let a = crate::find_file(Dataset::Atop, dir, ALLIANCE_FILE, |n| n.starts_with("atop") && n.ends_with("a.csv"))?;
        let mut warnings = Vec::new();
        let (members, absent_columns) = read_member_rows(&m, &mut warnings)?;
        let alliances = read_alliances(&a, &mut warnings)?;
        crate::plausible::alliances_joined(&m, &a, &members, &alliances, &mut warnings)?;
        Ok(AtopData { members, alliances, warnings, absent_columns, member_file: Some(m) })
    }

    /// Reads the member file alone (enough for dyad-years); `alliances` stays empty.
    pub fn read_member_file(path: &Path) -> Result<AtopData, DataError> {
        let mut warnings = Vec::new();
        let (members, absent_columns) = read_member_rows(path, &mut warnings)?;
        Ok(AtopData { members, alliances: Vec::new(), warnings, absent_columns, member_file: Some(path.to_path_buf()) })
    }

    /// The folder to read: `dir` if given, else `$CASUS_ATOP_DIR`.
    pub fn dir(dir: Option<&Path>) -> Result<PathBuf, DataError> {
        crate::data_dir(Dataset::Atop, dir)
    }

    /// The number of rows skipped while reading.
    pub fn skipped_rows(&self) -> usize {
        self.warnings.iter().filter(|w| w.skipped_row()).count()
    }
}

const MEMBER_COLUMNS: &[&str] = &[
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase", "bilat", "asymm",
    "defense", "offense", "neutral", "nonagg", "consul",
];

/// Reads a member file, appending warnings for skipped rows to `warnings`; a
/// file without a row that could be read is an error, and so is one whose `member` codes
/// are mostly no state's (see [`crate::plausible`]).
pub fn read_members(path: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Member>, DataError> {
    read_member_rows(path, warnings).map(|(members, _)| members)
}

/// [`read_members`], with the optional columns the header lacks.
fn read_member_rows(path: &Path, warnings: &mut Vec<Warning>) -> Result<(Vec<Member>, Vec<&'static str>), DataError> {
    let spec = Spec { dataset: Dataset::Atop, version: VERSION, required: MEMBER_COLUMNS };
    let (mut table, c) = Table::open(path, &spec)?;
    let absent: Vec<&'static str> =
        OPTIONAL_MEMBER_COLUMNS.iter().copied().filter(|name| table.column(name).is_none()).collect();
    let before = warnings.len();
    let opt = |t: &Table, name: &str| t.column(name);
    let obvary = opt(&table, "obvary");
    let cond = |t: &Table, p: &str| -> [Option<usize>; 9] {
        ["con", "coadv", "coloc", "cocon", "conum", "codem", "conpr", "coatt", "coreq"]
            .map(|s| t.column(&format!("{p}{s}")))
    };
    let conds = [cond(&table, "def"), cond(&table, "off"), cond(&table, "neu"), cond(&table, "con")];
    let threats = [opt(&table, "statthr1"), opt(&table, "statthr2")];
    let mut out = Vec::new();
    while let Some(row) = table.next_row(warnings)? {
        match member(&row, &c, obvary, &conds, &threats) {
            Ok(m) => out.push(m),
            Err(w) => warnings.push(w),
        }
    }
    table.finish(out.len(), &warnings[before..])?;
    crate::plausible::member_codes(path, &out)?;
    crate::plausible::pledges(path, &out)?;
    Ok((out, absent))
}

fn member(
    row: &Row<'_>,
    c: &[usize],
    obvary: Option<usize>,
    conds: &[[Option<usize>; 9]; 4],
    threats: &[Option<usize>; 2],
) -> Result<Member, Warning> {
    let atopid = row.within(c[0], 1, i64::from(u32::MAX), "a positive alliance id")? as u32;
    let ccode = row.within(c[1], 1, i64::from(u16::MAX), "a COW state code")? as u16;
    let entry = date(row, c[2], c[3], c[4])?;
    let exit = if row.int(c[5])? == 0 { None } else { Some(date(row, c[5], c[6], c[7])?) };
    let phase = row.within(c[8], 0, 255, "a phase number 0–255")? as u8;
    let bilateral = row.flag(c[9])?;
    let asymmetric = row.flag(c[10])?;
    let obligations = Obligations {
        defense: row.flag(c[11])?,
        offense: row.flag(c[12])?,
        neutral: row.flag(c[13])?,
        nonagg: row.flag(c[14])?,
        consul: row.flag(c[15])?,
    };
    let flag = |col: Option<usize>| -> Result<bool, Warning> {
        match col {
            Some(i) => Ok(row.opt_within(i, 0, 1, "0 or 1")? == Some(1)),
            None => Ok(false),
        }
    };
    let mut cs = [Conditions::default(); 4];
    for (k, cols) in conds.iter().enumerate() {
        let [any, adversary, location, conflict, number, demand, non_provocation, attacked, request] = *cols;
        cs[k] = Conditions {
            any: flag(any)?,
            adversary: flag(adversary)?,
            location: flag(location)?,
            conflict: flag(conflict)?,
            number: flag(number)?,
            demand: flag(demand)?,
            non_provocation: flag(non_provocation)?,
            attacked: flag(attacked)?,
            request: flag(request)?,
        };
    }
    let mut threat_states = Vec::new();
    for col in threats.iter().flatten() {
        if let Some(s) = row.opt_within(*col, 0, i64::from(u16::MAX), "a COW state code or 0")?
            && s > 0
        {
            threat_states.push(s as u16);
        }
    }
    let m = Member {
        atopid,
        ccode,
        phase,
        entry,
        exit,
        bilateral,
        asymmetric,
        obligations,
        obligations_vary: flag(obvary)?,
        conditions: MemberConditions { defense: cs[0], offense: cs[1], neutral: cs[2], consul: cs[3] },
        threats: threat_states,
        line: row.line(),
    };
    if m.entry_key() > m.exit_key() {
        let exit = m.exit.map_or_else(|| "open".to_string(), |d| d.to_string());
        return Err(row.warn_row(WarningKind::InvertedDates { entry: m.entry.to_string(), exit }));
    }
    Ok(m)
}

/// A date from three columns: year 1000–9999, month 1–12, day empty (unknown) or 1–31.
fn date(row: &Row<'_>, y: usize, m: usize, d: usize) -> Result<AtopDate, Warning> {
    let year = row.within(y, 1000, 9999, "a year 1000–9999 (or 0 for an open end)")? as i16;
    let month = row.within(m, 1, 12, "a month 1–12")? as u8;
    let day = row.opt_within(d, 0, 31, "a day 1–31 or empty")?.filter(|&d| d > 0).map(|d| d as u8);
    Ok(AtopDate { year, month, day })
}

const ALLIANCE_COLUMNS: &[&str] = &[
    "atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "bilat", "asymm", "defense", "offense",
    "neutral", "nonagg", "consul",
];

/// Reads an alliance file, appending warnings for skipped rows to `warnings`; a
/// file without a row that could be read is an error.
pub fn read_alliances(path: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Alliance>, DataError> {
    let spec = Spec { dataset: Dataset::Atop, version: VERSION, required: ALLIANCE_COLUMNS };
    let (mut table, c) = Table::open(path, &spec)?;
    let before = warnings.len();
    let mut mem_cols: Vec<(u32, usize)> = (0..)
        .map_while(|n: u32| {
            let n = n + 1;
            table.column(&format!("mem{n}")).map(|i| (n, i))
        })
        .collect();
    mem_cols.sort_unstable();
    let mut out = Vec::new();
    while let Some(row) = table.next_row(warnings)? {
        match alliance(&row, &c, &mem_cols) {
            Ok(a) => out.push(a),
            Err(w) => warnings.push(w),
        }
    }
    table.finish(out.len(), &warnings[before..])?;
    Ok(out)
}

fn alliance(row: &Row<'_>, c: &[usize], mem_cols: &[(u32, usize)]) -> Result<Alliance, Warning> {
    let atopid = row.within(c[0], 1, i64::from(u32::MAX), "a positive alliance id")? as u32;
    let begin = date(row, c[1], c[2], c[3])?;
    let end = if row.int(c[4])? == 0 { None } else { Some(date(row, c[4], c[5], c[6])?) };
    let mut members = Vec::new();
    for &(_, col) in mem_cols {
        if let Some(s) = row.opt_within(col, 1, i64::from(u16::MAX), "a COW state code or empty")? {
            members.push(s as u16);
        }
    }
    let a = Alliance {
        atopid,
        begin,
        end,
        bilateral: row.flag(c[7])?,
        asymmetric: row.flag(c[8])?,
        obligations: Obligations {
            defense: row.flag(c[9])?,
            offense: row.flag(c[10])?,
            neutral: row.flag(c[11])?,
            nonagg: row.flag(c[12])?,
            consul: row.flag(c[13])?,
        },
        members,
        line: row.line(),
    };
    if let Some(e) = a.end
        && a.begin.entry_key() > e.exit_key()
    {
        return Err(row.warn_row(WarningKind::InvertedAlliance { begin: a.begin.to_string(), end: e.to_string() }));
    }
    Ok(a)
}
