//! ATOP alliances as casus treaties on the real ATOP 5.1 files: phases whose pledges differ
//! become treaties of their own, and named adversaries keep every code they have while the
//! pledge holds. Skipped when the data is absent, unless `CASUS_REQUIRE_DATA=1`.

use std::path::{Path, PathBuf};

use casus_core::model::{Condition, Treaty};
use casus_core::vocab::Kind;
use casus_data::atop::{self, AtopData};

fn real_atop() -> Option<AtopData> {
    let dir = std::env::var_os("CASUS_ATOP_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/atop"));
    if !dir.join(atop::MEMBER_FILE).is_file() {
        assert!(std::env::var("CASUS_REQUIRE_DATA").as_deref() != Ok("1"), "ATOP data missing at {}", dir.display());
        eprintln!("skipped: ATOP data not found at {}", dir.display());
        return None;
    }
    Some(AtopData::read_dir(&dir).expect("ATOP 5.1 reads"))
}

fn find<'a>(lib: &'a casus_core::Library, id: &str) -> &'a Treaty {
    lib.treaties.iter().find(|t| t.id.value == id).unwrap_or_else(|| panic!("no treaty {id}"))
}

fn kinds(t: &Treaty) -> Vec<Kind> {
    t.commitments.iter().map(|c| c.kind.value).collect()
}

#[test]
fn phases_whose_pledges_differ_are_treaties_of_their_own() {
    let Some(data) = real_atop() else { return };
    let lib = atop::to_library(&data);
    // The EU: consultation from Maastricht, mutual defence only from the Lisbon phase.
    assert!(lib.treaties.iter().all(|t| t.id.value != "atop-4175"));
    let maastricht = find(&lib, "atop-4175-p1");
    let lisbon = find(&lib, "atop-4175-p2");
    assert!(!kinds(maastricht).contains(&Kind::Defence), "{:?}", kinds(maastricht));
    assert!(kinds(lisbon).contains(&Kind::Defence));
    assert_eq!(lisbon.in_force.as_ref().map(|d| d.value.to_string()).as_deref(), Some("2007-11-13"));
    let clause = lisbon.commitments[0].clause.as_ref().map(|c| c.text.value.clone());
    assert_eq!(clause.as_deref(), Some("ATOP 5.1, atopid 4175, phase 2"));
    // The Anglo-Polish alliance: from 25 August 1939 the pledge is against Germany only.
    let agreement = find(&lib, "atop-2440-p2");
    let attackers: Vec<Vec<String>> = agreement
        .commitments
        .iter()
        .filter(|c| c.kind.value == Kind::Defence)
        .flat_map(|c| &c.conditions)
        .filter_map(|k| match &k.value {
            Condition::Attacker { states } => Some(states.iter().map(|s| s.value.clone()).collect()),
            _ => None,
        })
        .collect();
    assert!(attackers.iter().any(|a| a == &["DEU"]), "{attackers:?}");
    // Alliances whose phases change only their membership stay one treaty.
    assert!(lib.treaties.iter().any(|t| t.id.value == "atop-3180"), "NATO");
}

#[test]
fn a_named_adversary_keeps_every_code_it_has_while_the_pledge_holds() {
    let Some(data) = real_atop() else { return };
    let lib = atop::to_library(&data);
    let t = find(&lib, "atop-4295");
    let named: Vec<String> = t
        .commitments
        .iter()
        .flat_map(|c| &c.conditions)
        .filter_map(|k| match &k.value {
            Condition::Attacker { states } => Some(states.iter().map(|s| s.value.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(named.contains(&"SCG".to_string()) && named.contains(&"SRB".to_string()), "{named:?}");
}
