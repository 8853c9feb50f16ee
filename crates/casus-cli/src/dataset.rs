//! What the loaded datasets cover, and a note when a question falls outside it.
//!
//! ATOP 5.1 records alliances from 1815 to 2018, and an alliance still in force at its end
//! has no end date, so casus takes it as open. Asked about 2024, casus would then answer as
//! if nothing had changed since 2018 — and know nothing of the commitments made since.
//!
//! The years covered are those of the release casus reads (ATOP 5.1: 1815–2018, from its
//! codebook) widened by the data loaded: the first and last year any date of the files
//! names. The files alone cannot say where coverage ends — an alliance open at the end has
//! no end date, and a cut-down folder whose last date is 2011 still speaks of 2012 — but a
//! date beyond the release's years proves the data goes further, and is believed.

use casus_core::Loaded;
use casus_core::model::Date;
use casus_data::atop::{AtopData, VERSION};

use crate::library::LibraryArgs;

/// The first and last year the dates of ATOP's member and alliance files name (`None` when
/// they have no rows). Linear in the number of rows.
pub fn atop_years(data: &AtopData) -> Option<(i16, i16)> {
    let members = data.members.iter().flat_map(|m| std::iter::once(m.entry).chain(m.exit));
    let alliances = data.alliances.iter().flat_map(|a| std::iter::once(a.begin).chain(a.end));
    let years = members.chain(alliances).map(|d| d.year);
    years.fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((lo, hi)) => Some((lo.min(y), hi.max(y))),
    })
}

/// The first and last year the dates of ATOP's treaties in `loaded` name (the treaties
/// `atop-N` that `--atop` adds; `None` without them). Linear in their parties.
pub fn library_atop_years(loaded: &Loaded) -> Option<(i16, i16)> {
    let mut range: Option<(i16, i16)> = None;
    let mut add = |d: Option<Date>| {
        if let Some(d) = d {
            let y = d.year();
            range = Some(range.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
        }
    };
    for t in loaded.library.treaties.iter().filter(|t| casus_data::atop::alliance_of(&t.id.value).is_some()) {
        add(t.in_force.as_ref().map(|d| d.value));
        add(t.terminated.as_ref().map(|d| d.value));
        for p in &t.parties {
            add(p.from.as_ref().map(|d| d.value));
            add(p.until.as_ref().map(|d| d.value));
        }
    }
    range
}

/// The years ATOP data covers, given the years its dates name (see the module's doc):
/// those of the release, widened by the data's.
pub fn atop_coverage(named: Option<(i16, i16)>) -> (i16, i16) {
    use casus_data::atop::{FIRST_YEAR, LAST_YEAR};
    named.map_or((FIRST_YEAR, LAST_YEAR), |(lo, hi)| (lo.min(FIRST_YEAR), hi.max(LAST_YEAR)))
}

/// The note for a question about `year` against ATOP data covering `first..=last`, or
/// `None` when the year is inside.
pub fn atop_note(year: i16, (first, last): (i16, i16)) -> Option<String> {
    if year > last {
        Some(format!(
            "note: ATOP {VERSION} ends in {last}; commitments after that are not in the data, and its alliances open in {last} are taken as still in force"
        ))
    } else if year < first {
        Some(format!("note: ATOP {VERSION} begins in {first}; nothing earlier is in the data"))
    } else {
        None
    }
}

/// Prints, on standard error, a note for the dates that fall outside the years of the ATOP
/// data `args` added (nothing without `--atop`): one note for the dates after its end, one
/// for those before its start.
pub fn note_dates(loaded: &Loaded, args: &LibraryArgs, dates: impl IntoIterator<Item = Date>) {
    if args.atop.is_none() {
        return;
    }
    let range = atop_coverage(library_atop_years(loaded));
    let mut notes: Vec<String> = dates.into_iter().filter_map(|d| atop_note(d.year(), range)).collect();
    notes.sort();
    notes.dedup();
    for n in notes {
        eprintln!("{n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_only_outside_the_years() {
        assert_eq!(atop_note(2000, (1815, 2018)), None);
        assert_eq!(atop_note(2018, (1815, 2018)), None);
        assert!(atop_note(2024, (1815, 2018)).is_some_and(|n| n.contains("ATOP 5.1 ends in 2018")));
        assert!(atop_note(1700, (1815, 2018)).is_some_and(|n| n.contains("begins in 1815")));
        // A cut-down folder keeps the release's years; data beyond them widens them.
        assert_eq!(atop_coverage(Some((2011, 2011))), (1815, 2018));
        assert_eq!(atop_coverage(Some((1815, 2024))), (1815, 2024));
        assert_eq!(atop_coverage(None), (1815, 2018));
    }
}
