//! The CAMEO codes casus needs, as its own tables: actor country codes to ISO 3166-1
//! alpha-3, and material-conflict event codes to incident fields.
//!
//! Sources: Schrodt, P. A. (2012), *CAMEO Conflict and Mediation Event Observations Event
//! and Actor Codebook*, v1.1b3 (http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf),
//! and the GDELT lookup tables `CAMEO.country.txt` and `CAMEO.eventcodes.txt`
//! (gdeltproject.org/data/lookups/). The mapping to incident fields is casus's reading,
//! documented in `docs/screening.md`.

use casus_core::vocab::{Domain, ObjectKind, Severity, Weapon};

/// The ISO alpha-3 code of a CAMEO country code; `None` for regions (`EUR`, `AFR`, `WST` …)
/// and codes casus does not know.
pub fn country(cameo: &[u8]) -> Option<&'static str> {
    let code = std::str::from_utf8(cameo).ok()?;
    // CAMEO country codes are ISO alpha-3 but for these.
    let mapped = match code {
        "ROM" => "ROU",
        "MTN" => "MNE",
        "IMY" => "IMN",
        "WSB" | "GZS" => "PSE",
        "BAG" => "IRQ",
        "ZAR" => "COD",
        other => other,
    };
    casus_core::states::get(mapped).map(|s| s.alpha3)
}

/// What a CAMEO event code means for an incident.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventKind {
    /// The code (two to four digits).
    pub code: &'static str,
    /// CAMEO's description.
    pub label: &'static str,
    /// The severity on casus's scale.
    pub severity: Severity,
    /// What is struck.
    pub object: ObjectKind,
    /// Where force is used.
    pub domain: Domain,
    /// The weapons the code implies.
    pub weapon: Option<Weapon>,
}

const fn k(
    code: &'static str,
    label: &'static str,
    severity: Severity,
    object: ObjectKind,
    domain: Domain,
) -> EventKind {
    EventKind { code, label, severity, object, domain, weapon: None }
}

use Domain::{Air, Land, Sea};
use ObjectKind::{Forces, Infrastructure, Population, Territory};
use Severity::{ArmedAttack, Incursion, Invasion, LimitedStrike};

/// CAMEO root codes 18 (assault), 19 (fight) and 20 (unconventional mass violence) and
/// their sub-codes. The most specific code that matches wins.
pub const EVENT_KINDS: &[EventKind] = &[
    k("18", "Use unconventional violence", LimitedStrike, Population, Land),
    k("180", "Use unconventional violence, not specified below", LimitedStrike, Population, Land),
    k("181", "Abduct, hijack, or take hostage", LimitedStrike, Population, Land),
    k("182", "Physically assault", LimitedStrike, Population, Land),
    k("183", "Conduct suicide, car, or other non-military bombing", LimitedStrike, Infrastructure, Land),
    k("184", "Use as human shield", LimitedStrike, Population, Land),
    k("185", "Attempt to assassinate", LimitedStrike, Population, Land),
    k("186", "Assassinate", LimitedStrike, Population, Land),
    k("19", "Fight", ArmedAttack, Territory, Land),
    k("190", "Use conventional military force, not specified below", ArmedAttack, Territory, Land),
    k("191", "Impose blockade, restrict movement", Incursion, Territory, Sea),
    k("192", "Occupy territory", Invasion, Territory, Land),
    k("193", "Fight with small arms and light weapons", LimitedStrike, Forces, Land),
    k("194", "Fight with artillery and tanks", ArmedAttack, Territory, Land),
    k("195", "Employ aerial weapons", ArmedAttack, Territory, Air),
    k("1951", "Employ precision-guided aerial munitions", ArmedAttack, Territory, Air),
    k("1952", "Employ remotely piloted aerial munitions", LimitedStrike, Territory, Air),
    k("196", "Violate ceasefire", LimitedStrike, Forces, Land),
    k("20", "Use unconventional mass violence", ArmedAttack, Population, Land),
    k("200", "Use unconventional mass violence, not specified below", ArmedAttack, Population, Land),
    k("201", "Engage in mass expulsion", ArmedAttack, Population, Land),
    k("202", "Engage in mass killings", ArmedAttack, Population, Land),
    k("203", "Engage in ethnic cleansing", ArmedAttack, Population, Land),
    EventKind {
        weapon: Some(Weapon::Chemical),
        ..k("204", "Use weapons of mass destruction", ArmedAttack, Population, Land)
    },
    EventKind {
        weapon: Some(Weapon::Chemical),
        ..k("2041", "Use chemical, biological, or radiological weapons", ArmedAttack, Population, Land)
    },
    EventKind { weapon: Some(Weapon::Nuclear), ..k("2042", "Detonate nuclear weapons", Invasion, Territory, Air) },
];

/// The meaning of an event code (most specific match: the code, its base, its root).
pub fn event_kind(code: &[u8]) -> Option<&'static EventKind> {
    let code = std::str::from_utf8(code).ok()?;
    (2..=code.len()).rev().find_map(|n| EVENT_KINDS.iter().find(|k| k.code == &code[..n]))
}

/// Whether an event root code is material conflict (18, 19, 20).
pub fn is_conflict_root(root: &[u8]) -> bool {
    matches!(root, b"18" | b"19" | b"20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_codes() {
        assert_eq!(country(b"ROM"), Some("ROU"));
        assert_eq!(country(b"UKR"), Some("UKR"));
        assert_eq!(country(b"EUR"), None);
        assert_eq!(event_kind(b"1952").map(|k| k.severity), Some(Severity::LimitedStrike));
        assert_eq!(event_kind(b"1953").map(|k| k.code), Some("195"));
        assert_eq!(event_kind(b"0431"), None);
    }
}
