//! The JSON form round-trips, and formatting is idempotent, over every `.casus` file in
//! the repository and over generated treaties.

use std::path::{Path, PathBuf};

use casus_core::{Library, Loader};
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.casus` file under the repository's library, tests and docs.
fn casus_files() -> Vec<PathBuf> {
    ["library", "tests", "docs"].iter().flat_map(|d| casus_core::files_under(&repo().join(d), &["casus"])).collect()
}

fn load(name: &str, text: &str) -> casus_core::Loaded {
    let mut loader = Loader::default();
    loader.add_text(name, text);
    loader.finish()
}

/// Model → JSON → model gives the same model, and the same JSON again.
fn assert_json_round_trip(lib: &Library, what: &str) {
    let json = serde_json::to_string_pretty(lib).expect("serialise");
    let back: Library =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: JSON does not read back: {e}\n{json}"));
    assert_eq!(&back, lib, "{what}: model differs after JSON round trip");
    let again = serde_json::to_string_pretty(&back).expect("serialise");
    assert_eq!(json, again, "{what}: JSON differs after a second round trip");
    // Read back through the loader, as `casus check x.json` does: no new diagnostics.
    let mut loader = Loader::default();
    loader.add_text("export.json", json);
    let loaded = loader.finish();
    assert_eq!(&loaded.library, lib, "{what}: loader reads the JSON form differently");
}

#[test]
fn every_repository_file_round_trips_through_json() {
    let files = casus_files();
    assert!(files.iter().any(|f| f.ends_with("nato.casus")), "the library must be found");
    let mut checked = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let loaded = load(&f.to_string_lossy(), &text);
        assert_json_round_trip(&loaded.library, &f.to_string_lossy());
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn the_library_is_clean_and_its_json_checks_clean() {
    let mut loader = Loader::default();
    let files = casus_core::files_under(&repo().join("library"), &["casus"]);
    for f in &files {
        loader.add_text(&f.to_string_lossy(), std::fs::read_to_string(f).unwrap_or_default());
    }
    let loaded = loader.finish();
    assert!(loaded.diagnostics.is_empty(), "library has diagnostics: {:#?}", loaded.diagnostics);
    let json = serde_json::to_string(&loaded.library).expect("serialise");
    let mut loader = Loader::default();
    loader.add_text("library.json", json);
    let again = loader.finish();
    assert!(again.diagnostics.is_empty(), "library JSON has diagnostics: {:#?}", again.diagnostics);
    assert_eq!(again.library, loaded.library);
}

#[test]
fn formatting_every_repository_file_is_idempotent() {
    for f in casus_files() {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let mut map = casus_syntax::SourceMap::default();
        let id = map.add("x", text);
        let parsed = casus_syntax::parse(map.get(id));
        if parsed.diagnostics.iter().any(|d| d.is_error()) {
            continue;
        }
        let once = casus_syntax::format(&parsed.tree);
        let id2 = map.add("y", once.clone());
        let twice = casus_syntax::format(&casus_syntax::parse(map.get(id2)).tree);
        assert_eq!(once, twice, "{}: formatting is not idempotent", f.display());
        // Formatting must not change the model.
        assert_eq!(
            load("a.casus", map.get(id).text()).library,
            load("b.casus", &once).library,
            "{}: formatting changed the model",
            f.display()
        );
    }
}

#[test]
fn library_files_are_formatted() {
    for f in casus_core::files_under(&repo().join("library"), &["casus"]) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let mut map = casus_syntax::SourceMap::default();
        let id = map.add("x", text.clone());
        let formatted = casus_syntax::format(&casus_syntax::parse(map.get(id)).tree);
        assert_eq!(text, formatted, "{} is not in canonical form: run `casus fmt library/`", f.display());
    }
}

// ---- generated treaties -------------------------------------------------------------

const CODES: &[&str] = &["USA", "GBR", "FRA", "DEU", "POL", "UKR", "RUS", "TUR", "JPN", "SUN"];
const KINDS: &[&str] =
    &["defence", "consultation", "neutrality", "non-aggression", "offence", "assurance", "assistance"];
const STRENGTHS: &[&str] = &["assurance", "consultation", "discretionary", "obligatory", "automatic"];
const SEVERITIES: &[&str] = &["threat", "violation", "incursion", "limited-strike", "armed-attack", "invasion"];
const OBJECTS: &[&str] = &["territory", "islands", "forces", "vessels", "aircraft", "infrastructure", "population"];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(list)
}

fn date() -> impl Strategy<Value = String> {
    (1900i32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn condition() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("if deliberate".to_string()),
        Just("if unprovoked".to_string()),
        (1u32..30).prop_map(|n| format!("if sustained for at least {n} days")),
        Just("if judged \"significant\" by monitor".to_string()),
        pick(CODES).prop_map(|c| format!("if attacker {c}")),
        pick(CODES).prop_map(|c| format!("if attacker not {c}")),
        (1u32..4).prop_map(|n| format!("if attackers at least {n}")),
        Just("if territory de-jure".to_string()),
        Just("if territory controlled as of ceasefire".to_string()),
        date().prop_map(|d| format!("if territory controlled as of {d}")),
        Just("if domain land, air and sea".to_string()),
        Just("if after ceasefire".to_string()),
        Just("if weapons nuclear".to_string()),
        Just("void if beneficiary attacks first".to_string()),
        pick(CODES).prop_map(|c| format!("void if beneficiary invades {c}")),
        Just("void if beneficiary strikes fr-algeria".to_string()),
        Just("void if \"the beneficiary provokes the attack\"".to_string()),
    ]
}

fn commitment(i: usize) -> impl Strategy<Value = String> {
    (
        pick(KINDS),
        prop::collection::vec(condition(), 0..4),
        prop::collection::vec((pick(STRENGTHS), proptest::option::of(1u32..100), any::<bool>()), 1..4),
        proptest::option::of(pick(SEVERITIES)),
        prop::collection::vec(pick(OBJECTS), 0..3),
        any::<bool>(),
        proptest::option::of(pick(CODES)),
    )
        .prop_map(move |(kind, conds, owes, sev, objs, area, except)| {
            let mut s = format!("    commitment c{i} {kind} \"Clause {i}\" {{\n        clause \"Article {i}\" \"https://example.org/{i}\"\n");
            let except = except.map(|c| format!(", {c}")).unwrap_or_default();
            s += &format!("        guarantors all parties except beneficiary{except}\n        beneficiaries all parties\n");
            let sev = sev.map(|v| format!(" at least {v}")).unwrap_or_default();
            let objs = if objs.is_empty() { String::new() } else { format!("{} of ", objs.join(" ")) };
            let within = if area { " within zone" } else { "" };
            s += &format!("        when armed-attack{sev} against {objs}beneficiary{within}\n");
            for c in conds {
                s += &format!("        {c}\n");
            }
            for (st, within, cons) in owes {
                let w = within.map(|h| format!(" within {h} hours")).unwrap_or_default();
                let c = if cons { " subject to constitutional processes" } else { "" };
                s += &format!("        owe \"help \\\"now\\\"\" strength {st}{w}{c}\n");
            }
            s += "        attribution by each guarantor\n    }\n";
            s
        })
}

fn treaty() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::subsequence(CODES.to_vec(), 1..5), date(), proptest::option::of(date())), 1..5),
        prop::collection::vec(0usize..1, 0..4).prop_flat_map(|v| {
            let n = v.len();
            (0..n).map(commitment).collect::<Vec<_>>()
        }),
        date(),
        any::<bool>(),
    )
        .prop_map(|(parties, commitments, signed, renewable)| {
            let mut s = format!(
                "treaty gen \"Generated\" {{\n    status proposed\n    signed {signed}\n    duration 10 years{} or until accession\n    source \"https://example.org\"\n    event ceasefire \"a ceasefire\"\n    event accession \"accession to NATO\" on 2030-01-01\n    body monitor \"A monitor\"\n    active after ceasefire\n    attribution by monitor\n    parties {{\n",
                if renewable { " renewable" } else { "" }
            );
            for (codes, from, until) in parties {
                let until = until.map(|u| format!(" until {u}")).unwrap_or_default();
                s += &format!("        {} from {from}{until}\n", codes.join(" "));
            }
            s += "    }\n    area zone \"Zone\" {\n        territory of parties in europe, north-america\n        region fr-algeria until 1962-07-03\n        forces vessels of parties in or over this area, north-atlantic north of tropic-of-cancer, black-sea south of 45.5\n    }\n";
            for c in commitments {
                s += &c;
            }
            s += "}\nregion fr-algeria \"Algeria\" {\n    part-of DZA\n    sovereign FRA until 1962-07-03\n    controller DZA from 1962-07-03\n    claimed-by FRA from 1962-07-03\n    source \"x\"\n}\ndeployment d1 \"A force\" {\n    forces GBR FRA\n    in UKR\n    from 2026-01-01\n    role tripwire\n    personnel 5000\n    source \"x\"\n}\n";
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Generated treaties exercise every statement; whatever they lower to round-trips.
    #[test]
    fn generated_treaties_round_trip(text in treaty()) {
        let loaded = load("gen.casus", &text);
        let syntax: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code.starts_with("E0") && d.code < "E0200").collect();
        prop_assert!(syntax.is_empty(), "generated text must be grammatical: {:#?}\n{}", syntax, text);
        prop_assert_eq!(loaded.library.treaties.len(), 1);
        prop_assert_eq!(loaded.library.treaties[0].commitments.len(), text.matches("    commitment c").count());
        assert_json_round_trip(&loaded.library, "generated");
    }
}
