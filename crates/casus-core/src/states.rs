//! The table of states: ISO 3166-1 alpha-3 codes (current, former and user-assigned) with
//! their Correlates of War numbers and continents.
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
}

/// One state of the table.
#[derive(Clone, Debug)]
pub struct StateInfo {
    /// ISO alpha-3.
    pub alpha3: &'static str,
    /// ISO alpha-2, empty if none.
    pub alpha2: &'static str,
    /// Correlates of War state number.
    pub cow: Option<u16>,
    /// Continents its metropolitan territory lies in, the UN M49 one first.
    pub continents: Vec<&'static str>,
    /// Current, former or user-assigned.
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
                let [alpha3, alpha2, _numeric, cow, continents, status, name] = f[..] else {
                    return None;
                };
                let status = match status {
                    "former" => CodeStatus::Former,
                    "user" => CodeStatus::User,
                    _ => CodeStatus::Current,
                };
                let info = StateInfo {
                    alpha3,
                    alpha2,
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
