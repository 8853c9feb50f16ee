//! Checks that data read without a fault still makes sense as the dataset it claims to be.
//!
//! A file whose column names are swapped (`atopid` and `member` in the ATOP member file) is
//! read without a single bad cell, and then joins nothing: every dyad-year comes out
//! unallied, with no word. These checks catch that class — values in a column that are
//! mostly not what the column holds, joins between files that mostly fail — and stop the
//! read with an error naming the file, the column and the first row that does not fit. A
//! few rows that do not fit are what real data has (ATOP 5.1 has one member code, 8152,
//! that no COW state has, and 44 memberships outside the COW state system); only a majority
//! is an error. Each check is linear in the rows (plus a sort of the distinct codes).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::atop::{self, Alliance, Member};
use crate::cow::StateYear;
use crate::err::{DataError, Place, Warning, WarningKind};

/// Examples listed in a message.
const EXAMPLES: usize = 5;

/// The COW state numbers of casus's state table.
fn cow_codes() -> HashSet<u16> {
    casus_core::states::all().values().filter_map(|s| s.cow).collect()
}

/// The distinct values, ascending, first few.
fn examples<T: Ord + Copy>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = values.collect();
    v.sort_unstable();
    v.dedup();
    v.truncate(EXAMPLES);
    v
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(", ")
}

/// Whether the columns `atopid` and `member` look swapped: most `atopid` values are state
/// codes, most `member` values are not.
fn looks_swapped(members: &[Member], codes: &HashSet<u16>) -> bool {
    let ids_as_codes = members.iter().filter(|m| u16::try_from(m.atopid).is_ok_and(|c| codes.contains(&c))).count();
    let codes_as_codes = members.iter().filter(|m| codes.contains(&m.ccode)).count();
    ids_as_codes * 2 > members.len() && codes_as_codes * 2 < members.len()
}

const SWAPPED: &str = "the columns `atopid` and `member` look swapped: `atopid` holds state codes and `member` \
                       holds alliance ids; name the columns as the published file does";

/// An error when most member rows of the member file at `path` have a `member` that is no
/// COW state code.
pub fn member_codes(path: &Path, members: &[Member]) -> Result<(), DataError> {
    let codes = cow_codes();
    let unknown: Vec<&Member> = members.iter().filter(|m| !codes.contains(&m.ccode)).collect();
    if unknown.len() * 2 <= members.len() {
        return Ok(());
    }
    let first = unknown[0];
    Err(DataError::Implausible {
        place: Place::cell(path, first.line, "member"),
        message: format!(
            "{} of {} member rows have a `member` that is no COW state code ({}): this is not ATOP's member column",
            unknown.len(),
            members.len(),
            list(&examples(unknown.iter().map(|m| m.ccode)))
        ),
        hint: Some(if looks_swapped(members, &codes) {
            SWAPPED.to_string()
        } else {
            format!(
                "ATOP codes members with COW state numbers (2 for the United States, 200 for the United Kingdom); {}",
                crate::Dataset::Atop.help()
            )
        }),
    })
}

/// Rows a member file needs before the share of defence and offence pledges says anything.
const PLEDGE_ROWS: usize = 200;

/// An error when a member file of at least [`PLEDGE_ROWS`] rows codes more than twice as
/// many offence pledges as defence pledges: ATOP 5.1 codes 1,016 defence and 232 offence
/// pledges among its 2,510 member rows (http://www.atopdata.org/, codebook v5.1, variables
/// `defense` and `offense`), and no release codes the reverse, so such a file has its
/// `defense` and `offense` columns swapped and every dyad-year would come out wrong.
pub fn pledges(path: &Path, members: &[Member]) -> Result<(), DataError> {
    let defence = members.iter().filter(|m| m.obligations.defense).count();
    let offence = members.iter().filter(|m| m.obligations.offense).count();
    if members.len() < PLEDGE_ROWS || offence <= 2 * defence {
        return Ok(());
    }
    let first = members.iter().find(|m| m.obligations.offense && !m.obligations.defense).unwrap_or(&members[0]);
    Err(DataError::Implausible {
        place: Place::cell(path, first.line, "offense"),
        message: format!(
            "{offence} of {} member rows pledge offence and only {defence} defence: ATOP codes about four defence \
             pledges for each offence pledge",
            members.len()
        ),
        hint: Some(
            "the columns `defense` and `offense` look swapped; name the columns as the published file does".to_string(),
        ),
    })
}

/// Member rows whose alliance the alliance file does not have: an error when they are most
/// rows, one warning (at the first) when they are a few.
pub fn alliances_joined(
    member_file: &Path,
    alliance_file: &Path,
    members: &[Member],
    alliances: &[Alliance],
    warnings: &mut Vec<Warning>,
) -> Result<(), DataError> {
    let ids: HashSet<u32> = alliances.iter().map(|a| a.atopid).collect();
    let missing: Vec<&Member> = members.iter().filter(|m| !ids.contains(&m.atopid)).collect();
    let Some(first) = missing.first() else { return Ok(()) };
    let file = alliance_file
        .file_name()
        .map_or_else(|| alliance_file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let examples = examples(missing.iter().map(|m| m.atopid));
    if missing.len() * 2 > members.len() {
        let swapped = looks_swapped(members, &cow_codes());
        return Err(DataError::Implausible {
            place: Place::cell(member_file, first.line, "atopid"),
            message: format!(
                "{} of {} member rows name an alliance that `{file}` does not have ({})",
                missing.len(),
                members.len(),
                list(&examples)
            ),
            hint: Some(if swapped {
                SWAPPED.to_string()
            } else {
                format!(
                    "are `{}` and `{file}` of one ATOP release, as published? {}",
                    member_file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    crate::Dataset::Atop.help()
                )
            }),
        });
    }
    warnings.push(Warning {
        place: Place::cell(member_file, first.line, "atopid"),
        kind: WarningKind::NotInAlliances { rows: missing.len(), of: members.len(), file, examples },
    });
    Ok(())
}

/// An error when most ATOP memberships name a state that is never a member of the COW state
/// system in the years of the membership (the two files then share no state codes: another
/// code system, or misnamed columns). `member_file` and `system_file` name the files, when
/// known.
pub fn memberships_in_system(
    members: &[Member],
    system: &[StateYear],
    member_file: Option<&Path>,
    system_file: Option<&Path>,
) -> Result<(), DataError> {
    if members.is_empty() || system.is_empty() {
        return Ok(());
    }
    // Each state's first and last system year (the last year's members are carried to
    // ATOP's last year, as the dyad-years do).
    let last = system.iter().map(|s| s.year).max().unwrap_or(atop::LAST_YEAR);
    let mut span: HashMap<u16, (i16, i16)> = HashMap::new();
    for s in system {
        let e = span.entry(s.ccode).or_insert((s.year, s.year));
        e.0 = e.0.min(s.year);
        e.1 = e.1.max(if s.year == last { atop::LAST_YEAR.max(last) } else { s.year });
    }
    let outside: Vec<&Member> = members
        .iter()
        .filter(|m| {
            let exit = m.exit.map_or(atop::LAST_YEAR, |d| d.year);
            span.get(&m.ccode).is_none_or(|&(lo, hi)| exit < lo || m.entry.year > hi)
        })
        .collect();
    if outside.len() * 2 <= members.len() {
        return Ok(());
    }
    let system_name =
        system_file.map_or_else(|| "the COW state-year file".to_string(), |p| format!("`{}`", p.display()));
    let first = outside[0];
    Err(DataError::Implausible {
        place: Place::cell(member_file.unwrap_or(Path::new(atop::MEMBER_FILE)), first.line, "member"),
        message: format!(
            "{} of {} ATOP memberships name a state that is not in the state system of {system_name} in any of their years ({})",
            outside.len(),
            members.len(),
            list(&examples(outside.iter().map(|m| m.ccode)))
        ),
        hint: Some(
            "ATOP and COW both use COW state numbers: is the COW file COW's own (not Gleditsch and Ward's), with its \
             columns `ccode` and `year` named as published?"
                .to_string(),
        ),
    })
}
