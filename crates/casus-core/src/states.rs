//! The table of states: ISO 3166-1 alpha-3 codes (current, former and user-assigned), and
//! the Correlates of War states that never had one, with their COW numbers and continents.
//!
//! The table is `data/states.tsv`, written by hand from ISO 3166-1/-3, UN M49 and COW
//! (sources in the file's header), and compiled into the binary.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::suggest::did_you_mean;

/// Whether a code is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeStatus {
    /// An ISO 3166-1 code in use.
    Current,
    /// A withdrawn code (ISO 3166-3), kept for historical treaties: `SUN`, `YUG`, `DDR` …
    Former,
    /// A user-assigned code in common use (`XKX`, Kosovo).
    User,
    /// A state of the Correlates of War system that never had an ISO code, under COW's
    /// abbreviation (`AUH` Austria-Hungary, `BAV` Bavaria, `RVN` Republic of Vietnam; Korea
    /// before 1905 is `KRE`, since COW's `KOR` is ISO's Republic of Korea).
    Historical,
}

/// One state of the table.
#[derive(Clone, Debug)]
pub struct StateInfo {
    /// ISO alpha-3.
    pub alpha3: &'static str,
    /// ISO alpha-2, empty if none.
    pub alpha2: &'static str,
    /// ISO 3166-1 numeric, three digits, empty if none (the id Natural Earth's world
    /// atlas gives a country, which the workbench's map joins on).
    pub numeric: &'static str,
    /// Correlates of War state number.
    pub cow: Option<u16>,
    /// Continents its metropolitan territory lies in, the UN M49 one first.
    pub continents: Vec<&'static str>,
    /// Current, former, user-assigned or historical.
    pub status: CodeStatus,
    /// Short English name.
    pub name: &'static str,
}

const TABLE: &str = include_str!("../data/states.tsv");

/// Every state by alpha-3 code.
pub fn all() -> &'static BTreeMap<&'static str, StateInfo> {
    static STATES: OnceLock<BTreeMap<&'static str, StateInfo>> = OnceLock::new();
    STATES.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&'static str> = line.split('\t').collect();
                let [alpha3, alpha2, numeric, cow, continents, status, name] = f[..] else {
                    return None;
                };
                let status = match status {
                    "former" => CodeStatus::Former,
                    "user" => CodeStatus::User,
                    "historical" => CodeStatus::Historical,
                    _ => CodeStatus::Current,
                };
                let info = StateInfo {
                    alpha3,
                    alpha2,
                    numeric,
                    cow: cow.parse().ok(),
                    continents: continents.split(',').filter(|c| !c.is_empty()).collect(),
                    status,
                    name,
                };
                Some((alpha3, info))
            })
            .collect()
    })
}

/// The state with this alpha-3 code.
pub fn get(code: &str) -> Option<&'static StateInfo> {
    all().get(code)
}

/// The codes of one Correlates of War state, in code order: `SUN` and `RUS` for 365, `AUH`
/// for 300; none for a number COW does not use.
pub fn with_cow(ccode: u16) -> impl Iterator<Item = &'static StateInfo> {
    all().values().filter(move |s| s.cow == Some(ccode))
}

/// Advice for a code that is not in the table: the code it most likely means.
pub fn suggest(code: &str) -> Option<String> {
    let table = all();
    let upper = code.to_ascii_uppercase();
    // Codes in common use that are not ISO alpha-2 (UK, EL) or that ISO reserves (XK).
    if let Some((_, a3)) = [("UK", "GBR"), ("EL", "GRC"), ("XK", "XKX")].iter().find(|(a, _)| *a == upper) {
        return Some(format!(
            "`{code}` is not an ISO code; casus writes {} as `{a3}`",
            table.get(a3).map_or("it", |s| s.name)
        ));
    }
    if let Some(s) = table.get(upper.as_str()) {
        return Some(format!("state codes are upper case: `{}` ({})", s.alpha3, s.name));
    }
    if upper.len() == 2
        && let Some(s) = table.values().find(|s| s.alpha2 == upper && s.status == CodeStatus::Current)
    {
        return Some(format!("`{code}` is an alpha-2 code; casus uses alpha-3: `{}` ({})", s.alpha3, s.name));
    }
    if let Ok(n) = code.parse::<u16>() {
        let named: Vec<String> = with_cow(n).map(|s| format!("`{}` ({})", s.alpha3, s.name)).collect();
        if !named.is_empty() {
            return Some(format!("COW state {n} is written {}", named.join(" or ")));
        }
    }
    let lower = code.to_ascii_lowercase();
    if let Some(s) = table.values().find(|s| s.name.to_ascii_lowercase() == lower) {
        return Some(format!("{} is written `{}`", s.name, s.alpha3));
    }
    did_you_mean(&upper, table.keys().copied()).map(|c| format!("did you mean `{c}` ({})?", table[c].name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn historical_cow_states_have_codes_and_cow_numbers_point_to_them() {
        let auh = get("AUH").expect("Austria-Hungary");
        assert_eq!((auh.cow, auh.status), (Some(300), CodeStatus::Historical));
        assert_eq!(get("KRE").and_then(|s| s.cow), Some(730));
        assert_eq!(get("KOR").and_then(|s| s.cow), Some(732), "ISO's KOR stays the Republic of Korea");
        assert_eq!(suggest("300").as_deref(), Some("COW state 300 is written `AUH` (Austria-Hungary)"));
        assert_eq!(suggest("365").as_deref(), Some("COW state 365 is written `RUS` (Russia) or `SUN` (Soviet Union)"));
        // Every COW number belongs to one code, except the renamed states the header lists.
        let mut by_cow: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
        for s in all().values() {
            if let Some(c) = s.cow {
                by_cow.entry(c).or_default().push(s.alpha3);
            }
        }
        let shared: Vec<u16> = by_cow.iter().filter(|(_, v)| v.len() > 1).map(|(c, _)| *c).collect();
        assert_eq!(shared, [345, 365, 434, 439, 490, 552, 775, 816]);
    }

    #[test]
    fn table_has_current_former_and_cow_codes() {
        assert!(all().len() >= 280);
        assert_eq!(get("POL").and_then(|s| s.cow), Some(290));
        assert_eq!(get("SUN").map(|s| s.status), Some(CodeStatus::Former));
        assert_eq!(get("TUR").map(|s| s.continents.clone()), Some(vec!["asia", "europe"]));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("PL").as_deref(), Some("`PL` is an alpha-2 code; casus uses alpha-3: `POL` (Poland)"));
        assert_eq!(suggest("pol").as_deref(), Some("state codes are upper case: `POL` (Poland)"));
        assert!(suggest("POX").is_some_and(|s| s.starts_with("did you mean")));
    }
}

/// Names of states on dates, where they differ from today's (`data/state-names.tsv`).
const NAMES_ON: &str = include_str!("../data/state-names.tsv");

/// One period of a state's name: code, from, until, name.
type NameOn = (&'static str, Option<crate::model::Date>, Option<crate::model::Date>, &'static str);

/// The name of state `code` on `date`: the Russian Empire in 1914, the Kingdom of Serbia,
/// the German Reich in 1939; today's short name when the table has nothing for the date,
/// the code itself for a code casus does not know.
pub fn name_on(code: &str, date: crate::model::Date) -> &str {
    static TABLE: std::sync::OnceLock<Vec<NameOn>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        NAMES_ON
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.is_empty())
            .filter_map(|l| {
                let f: Vec<&'static str> = l.split('\t').collect();
                let date = |s: &str| if s.is_empty() { None } else { s.parse().ok() };
                Some((*f.first()?, date(f.get(1)?), date(f.get(2)?), *f.get(3)?))
            })
            .collect()
    });
    table
        .iter()
        .find(|(c, from, until, _)| *c == code && from.is_none_or(|f| f <= date) && until.is_none_or(|u| date < u))
        .map(|(_, _, _, name)| *name)
        .or_else(|| get(code).map(|s| s.name))
        .unwrap_or(code)
}

#[cfg(test)]
mod names_on_dates {
    use super::name_on;

    #[test]
    fn names_fit_the_date() {
        let d = |s: &str| s.parse().expect("date");
        assert_eq!(name_on("RUS", d("1914-08-01")), "Russian Empire");
        assert_eq!(name_on("RUS", d("2025-01-01")), "Russia");
        assert_eq!(name_on("SRB", d("1914-07-28")), "Kingdom of Serbia");
        assert_eq!(name_on("DEU", d("1939-09-01")), "Nazi Germany (German Reich)");
        assert_eq!(name_on("DEU", d("1955-05-09")), "Federal Republic of Germany (West Germany)");
        assert_eq!(name_on("POL", d("1939-09-01")), "Poland");
        assert_eq!(name_on("XXX", d("1939-09-01")), "XXX");
    }
}
