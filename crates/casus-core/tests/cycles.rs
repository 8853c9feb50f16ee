//! The evaluator on libraries the checker refuses: areas that name each other, regions
//! that are part of each other or of a 100,000-long chain, a term past the calendar. The
//! checker reports each (E0210, E0211); the evaluator, which may be given an unchecked
//! library, must still answer — never overflow its stack, loop or panic.

use casus_core::eval::{Evaluator, Options};
use casus_core::{Library, Loader};

fn load(text: &str) -> (Library, Vec<String>) {
    let mut loader = Loader::default();
    loader.add_text("t.casus", text.to_string());
    let loaded = loader.finish();
    let codes = loaded.diagnostics.iter().map(|d| d.code.to_string()).collect();
    (loaded.library, codes)
}

const PACT: &str = r#"
treaty pact "Pact" {
    source "https://example.org/pact"
    in-force 2000-01-01
    DURATION
    parties {
        POL LTU
    }
    AREAS
    commitment c defence "C" {
        clause "Art. 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary WITHIN
        owe "aid" strength obligatory
    }
}
incident strike "A strike" {
    on 2026-03-01
    actor RUS
    target POL
    object territory
    region REGION
    severity armed-attack
    intentional yes
}
"#;

fn pact(duration: &str, areas: &str, within: &str, region: &str) -> String {
    PACT.replace("DURATION", duration).replace("AREAS", areas).replace("WITHIN", within).replace("REGION", region)
}

fn verdict_of(lib: &Library) -> String {
    let inc = &lib.incidents[0];
    let e = Evaluator::new(lib, Options::default()).evaluate(inc);
    let v = e.verdicts.iter().find(|v| v.key() == "pact/c").expect("a verdict for pact/c");
    format!("{:?}", v.verdict)
}

#[test]
fn areas_that_name_each_other_are_e0210_and_evaluate_without_overflow() {
    for areas in [
        "area a \"A\" {\n territory of parties in a\n }",
        "area a \"A\" {\n territory of parties in b\n }\n area b \"B\" {\n territory of parties in c\n }\n area c \"C\" {\n territory of parties in a\n }",
    ] {
        let (lib, codes) = load(&pact("", areas, "within a", "PL-06"));
        assert!(codes.iter().any(|c| c == "E0210"), "{codes:?}");
        // Unknown is the honest answer when the area never says where it ends.
        let v = verdict_of(&lib);
        assert!(!v.is_empty());
    }
}

#[test]
fn a_term_past_the_calendar_is_e0211_and_the_treaty_stays_in_force() {
    for term in ["duration 20000 years", "duration 4294967295 hours", "duration 4294967295 months"] {
        let (lib, codes) = load(&pact(term, "", "", "PL-06"));
        assert!(codes.iter().any(|c| c == "E0211"), "{term}: {codes:?}");
        assert_eq!(verdict_of(&lib), "Triggered", "{term}");
    }
}

#[test]
fn a_region_part_of_itself_or_a_circle_is_e0210() {
    let own = "region XX-1 \"one\" {\n    part-of XX-1\n}\n";
    let circle = "region XX-1 \"one\" {\n    part-of XX-2\n}\nregion XX-2 \"two\" {\n    part-of XX-3\n}\nregion XX-3 \"three\" {\n    part-of XX-1\n}\n";
    for (text, cycle) in [(own, "region `XX-1` is part of itself"), (circle, "XX-1 → XX-2 → XX-3 → XX-1")] {
        let mut loader = Loader::default();
        loader.add_text("r.casus", format!("{text}{}", pact("", "", "", "XX-1")));
        let loaded = loader.finish();
        let d = loaded.diagnostics.iter().find(|d| d.code == "E0210").expect("E0210");
        assert!(d.message.contains(cycle), "{}", d.message);
        // The evaluator still resolves the place (the chain ends at the repetition).
        let _ = verdict_of(&loaded.library);
    }
}

#[test]
fn a_chain_of_100000_regions_checks_and_evaluates() {
    let n = 100_000;
    let mut text = String::from("region XX-0 \"r0\" {\n    part-of POL\n}\n");
    for i in 1..n {
        text.push_str(&format!("region XX-{i} \"r{i}\" {{\n    part-of XX-{}\n}}\n", i - 1));
    }
    text.push_str(&pact("", "", "", &format!("XX-{}", n - 1)));
    let (lib, codes) = load(&text);
    assert!(codes.is_empty(), "{codes:?}");
    // The deepest region is in Poland, through the whole chain.
    assert_eq!(verdict_of(&lib), "Triggered");
}
