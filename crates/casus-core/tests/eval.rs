//! The evaluator: the reference cases through the library API, invariants over generated
//! incidents (determinism, honest unknowns, monotone severity), and bulk evaluation without
//! words giving the verdicts evaluation with words gives (the same verdict, guarantors and
//! unknowns for every commitment, over every scenario and over generated incidents, with
//! designs as they are and as if in force).

use std::path::Path;

use casus_core::eval::{Evaluation, Evaluator, Options, Truth, Verdict};
use casus_core::model::{Actor, Coordinates, Incident};
use casus_core::vocab::{ObjectKind, Severity, Tri, VerdictKind};
use casus_core::{Library, Loader};
use casus_syntax::Spanned;
use proptest::prelude::*;

fn library() -> Library {
    let mut loader = Loader::default();
    for f in casus_core::files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library"), &["casus"]) {
        loader.add_text(&f.to_string_lossy(), std::fs::read_to_string(&f).unwrap_or_default());
    }
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.library
}

fn verdict<'a>(e: &'a Evaluation, key: &str) -> &'a Verdict {
    e.verdicts.iter().find(|v| v.key() == key).unwrap_or_else(|| panic!("no verdict for {key}"))
}

fn scenario(lib: &Library, id: &str) -> Evaluation {
    let inc = lib.incidents.iter().find(|i| i.id.value == id).unwrap_or_else(|| panic!("no incident {id}"));
    Evaluator::new(lib, Options::default()).evaluate(inc)
}

#[test]
fn nine_eleven_triggers_article_5_with_the_eighteen_other_allies() {
    let lib = library();
    let e = scenario(&lib, "nine-eleven");
    let v = verdict(&e, "nato/art5");
    assert_eq!(v.verdict, VerdictKind::Triggered);
    assert_eq!(v.guarantors.len(), 18);
    assert!(!v.guarantors.contains(&"USA".to_string()));
    assert!(v.guarantors.contains(&"POL".to_string()), "Poland joined in 1999");
    assert!(!v.guarantors.contains(&"EST".to_string()), "Estonia joined in 2004");
    assert_eq!(e.incident.location.country.as_deref(), Some("USA"));
    assert_eq!(e.incident.location.region.as_deref(), Some("US-NY"));
}

#[test]
fn przewodow_is_not_an_armed_attack_because_it_was_an_accident() {
    let lib = library();
    let e = scenario(&lib, "przewodow");
    assert!(e.verdicts.iter().all(|v| v.verdict != VerdictKind::Triggered));
    let v = verdict(&e, "nato/art5");
    let decisive = v.trace.iter().find(|s| s.result == Truth::False).expect("a failing step");
    assert_eq!(decisive.condition, "intentional");
}

#[test]
fn invasion_of_ukraine_violates_budapest_and_leaves_nato_untouched() {
    let lib = library();
    let e = scenario(&lib, "russia-invades-ukraine");
    assert_eq!(verdict(&e, "nato/art5").verdict, VerdictKind::NotTriggered);
    let p1 = verdict(&e, "budapest/para1");
    assert_eq!(p1.verdict, VerdictKind::Violated);
    assert_eq!(p1.guarantors, ["RUS"]);
    assert_eq!(verdict(&e, "budapest/para2").verdict, VerdictKind::Violated);
    assert_eq!(verdict(&e, "budapest/para4").verdict, VerdictKind::NotTriggered);
}

#[test]
fn unknown_attribution_is_indeterminate_and_says_what_settles_it() {
    let lib = library();
    let e = scenario(&lib, "unattributed-attack-estonia");
    let v = verdict(&e, "nato/art5");
    assert_eq!(v.verdict, VerdictKind::Indeterminate);
    assert_eq!(v.unknowns.len(), 1);
    assert_eq!(v.unknowns[0].input, "attribution");
    assert_eq!(v.unknowns[0].if_true, VerdictKind::Triggered);
    assert_eq!(v.unknowns[0].if_false, VerdictKind::NotTriggered);
}

#[test]
fn drones_over_poland_open_article_4_not_article_5() {
    let lib = library();
    let e = scenario(&lib, "drones-over-poland");
    assert_eq!(verdict(&e, "nato/art5").verdict, VerdictKind::NotTriggered);
    assert_eq!(verdict(&e, "nato/art4").verdict, VerdictKind::Triggered);
}

#[test]
fn membership_dates_decide_not_in_force() {
    let lib = library();
    let mut inc =
        lib.incidents.iter().find(|i| i.id.value == "unattributed-attack-estonia").cloned().expect("scenario");
    inc.on = Some(Spanned::detached(jiff::civil::date(2003, 6, 1)));
    let e = Evaluator::new(&lib, Options::default()).evaluate(&inc);
    assert_eq!(verdict(&e, "nato/art5").verdict, VerdictKind::NotInForce, "Estonia joined on 2004-03-29");
}

#[test]
fn forces_outside_the_article_6_area_are_not_covered() {
    let lib = library();
    let mut inc = lib.incidents.iter().find(|i| i.id.value == "nine-eleven").cloned().expect("scenario");
    inc.object = Some(Spanned::detached(ObjectKind::Vessels));
    inc.region = None;
    // A US warship in the Pacific, off Hawaii: outside Article 6.
    inc.at = Some(Spanned::detached(Coordinates { lat: 20.0, lon: -160.0 }));
    inc.actor = Actor::States(vec![Spanned::detached("CHN".into())]);
    let e = Evaluator::new(&lib, Options::default()).evaluate(&inc);
    assert_eq!(verdict(&e, "nato/art5").verdict, VerdictKind::NotTriggered);
    // The same ship in the Mediterranean is covered.
    inc.at = Some(Spanned::detached(Coordinates { lat: 35.0, lon: 18.0 }));
    let e = Evaluator::new(&lib, Options::default()).evaluate(&inc);
    assert_eq!(verdict(&e, "nato/art5").verdict, VerdictKind::Triggered);
}

#[test]
fn batch_tally_matches_one_by_one() {
    let lib = library();
    let ev = Evaluator::new(&lib, Options::default());
    let incidents: Vec<Incident> = (0..200).map(generated).collect();
    let tally = ev.tally(&incidents);
    let triggered: u64 = incidents
        .iter()
        .map(|i| ev.evaluate(i).verdicts.iter().filter(|v| v.verdict == VerdictKind::Triggered).count() as u64)
        .sum();
    assert_eq!(tally.incidents, 200);
    assert_eq!(tally.commitments.iter().map(|(_, c)| c[1]).sum::<u64>(), triggered);
}

const STATES: &[&str] = &["POL", "EST", "USA", "UKR", "RUS", "DEU", "TUR", "GBR", "SWE", "FIN"];
const SEVERITIES: &[Severity] = &[
    Severity::Threat,
    Severity::Violation,
    Severity::Incursion,
    Severity::LimitedStrike,
    Severity::ArmedAttack,
    Severity::Invasion,
];

fn generated(n: u64) -> Incident {
    let s = |k: u64| STATES[((n / k) % STATES.len() as u64) as usize].to_string();
    make(
        s(1),
        s(7),
        1950 + (n % 76) as i16,
        SEVERITIES[(n % 6) as usize],
        [Tri::Yes, Tri::No, Tri::Unknown][(n % 3) as usize],
        n.is_multiple_of(5),
    )
}

fn make(actor: String, target: String, year: i16, severity: Severity, intent: Tri, unknown_actor: bool) -> Incident {
    Incident {
        on: Some(Spanned::detached(jiff::civil::date(year, 6, 15))),
        actor: if unknown_actor { Actor::Unknown } else { Actor::States(vec![Spanned::detached(actor)]) },
        target: Some(Spanned::detached(target)),
        object: Some(Spanned::detached(ObjectKind::Territory)),
        severity: Some(Spanned::detached(severity)),
        intentional: Some(Spanned::detached(intent)),
        ..Incident::new("gen", "")
    }
}

fn incident_strategy() -> impl Strategy<Value = Incident> {
    (
        proptest::sample::select(STATES),
        proptest::sample::select(STATES),
        1945i16..2030,
        proptest::sample::select(SEVERITIES),
        proptest::sample::select(&[Tri::Yes, Tri::No, Tri::Unknown][..]),
        any::<bool>(),
    )
        .prop_map(|(a, t, y, s, i, u)| make(a.to_string(), t.to_string(), y, s, i, u))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The same incident gives the same JSON, every time.
    #[test]
    fn evaluation_is_deterministic(inc in incident_strategy()) {
        let lib = library();
        let ev = Evaluator::new(&lib, Options::default());
        let a = serde_json::to_string(&ev.evaluate(&inc)).expect("json");
        let b = serde_json::to_string(&ev.evaluate(&inc)).expect("json");
        prop_assert_eq!(a, b);
    }

    /// An indeterminate verdict names its unknowns, and settling the intent input as it
    /// says gives the verdict it promised.
    #[test]
    fn unknowns_tell_the_truth(inc in incident_strategy()) {
        let lib = library();
        let ev = Evaluator::new(&lib, Options::default());
        let e = ev.evaluate(&inc);
        for v in &e.verdicts {
            prop_assert_eq!(v.verdict == VerdictKind::Indeterminate, !v.unknowns.is_empty(), "{}", v.key());
            if !matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate | VerdictKind::Violated) {
                prop_assert!(v.guarantors.is_empty());
            }
            if let Some(u) = v.unknowns.iter().find(|u| u.input == "intent") {
                for (answer, want) in [(Tri::Yes, u.if_true), (Tri::No, u.if_false)] {
                    let mut settled = inc.clone();
                    settled.intentional = Some(Spanned::detached(answer));
                    let got = ev.evaluate(&settled);
                    let w = got.verdicts.iter().find(|x| x.key() == v.key()).map(|x| x.verdict);
                    prop_assert_eq!(w, Some(want), "{} intent={:?}", v.key(), answer);
                }
            }
        }
    }

    /// A graver act never turns a triggered defence commitment into a not-triggered one.
    #[test]
    fn severity_is_monotone(inc in incident_strategy()) {
        let lib = library();
        let ev = Evaluator::new(&lib, Options::default());
        let before = ev.evaluate(&inc);
        let mut graver = inc.clone();
        graver.severity = Some(Spanned::detached(Severity::Invasion));
        let after = ev.evaluate(&graver);
        for (b, a) in before.verdicts.iter().zip(&after.verdicts) {
            if b.verdict == VerdictKind::Triggered {
                prop_assert_eq!(a.verdict, VerdictKind::Triggered, "{}", b.key());
            }
        }
    }
}

fn inline(text: &str) -> Library {
    let mut loader = Loader::default();
    loader.add_text("inline.casus", text);
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.library
}

const PACT: &str = r#"
treaty pact "A pact against one adversary, for the unprovoked" {
    in-force 1939-08-25
    source "https://example.org"
    parties {
        GBR POL from 1939-08-25
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        if attacker DEU
        if unprovoked
        owe "all the support and assistance in its power" strength automatic
    }
}
incident a "Germany invades" {
    on 1939-09-01
    actor DEU
    target POL
    object territory
    severity invasion
    intentional yes
}
"#;

#[test]
fn a_specific_adversary_clause_excludes_other_attackers() {
    let lib = inline(PACT);
    let ev = Evaluator::new(&lib, Options::default());
    let mut inc = lib.incidents[0].clone();
    assert_eq!(verdict(&ev.evaluate(&inc), "pact/art1").verdict, VerdictKind::Triggered);
    inc.actor = Actor::States(vec![Spanned::detached("SUN".into())]);
    inc.on = Some(Spanned::detached(jiff::civil::date(1939, 9, 17)));
    let e = ev.evaluate(&inc);
    let v = verdict(&e, "pact/art1");
    assert_eq!(v.verdict, VerdictKind::NotTriggered, "the Soviet invasion is not by the named adversary");
    assert_eq!(
        v.trace.iter().find(|s| s.result == Truth::False).map(|s| s.condition.as_str()),
        Some("attacker named by the clause")
    );
}

#[test]
fn a_provoked_attack_does_not_trigger_a_non_provocation_clause() {
    let lib = inline(PACT);
    let ev = Evaluator::new(&lib, Options::default());
    let mut inc = lib.incidents[0].clone();
    inc.initiator = Some(Spanned::detached("POL".into()));
    let v = ev.evaluate(&inc).verdicts.into_iter().find(|v| v.key() == "pact/art1").expect("verdict");
    assert_eq!(v.verdict, VerdictKind::NotTriggered);
}

/// `ties` and the evaluator agree: whenever an incident makes a commitment due (triggered or
/// indeterminate), its guarantors are exactly the states `ties` says owe the target that day,
/// less the attackers (who owe their victim nothing).
#[test]
fn ties_name_the_guarantors_the_evaluator_finds() {
    use casus_core::model::Actor;
    use casus_core::vocab::Kind;
    let lib = library();
    let options = Options { hypothetical: true };
    let ev = Evaluator::new(&lib, options);
    let mut checked = 0;
    for inc in &lib.incidents {
        let (Some(on), Some(target)) = (inc.on.as_ref(), inc.target.as_ref()) else { continue };
        let actors: Vec<&str> = match &inc.actor {
            Actor::States(s) => s.iter().map(|s| s.value.as_str()).collect(),
            _ => Vec::new(),
        };
        let ties = casus_core::ties::on(&lib, on.value, options);
        for v in ev.evaluate(inc).verdicts {
            if !matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate)
                || v.kind == Kind::NonAggression
            {
                continue;
            }
            let t = ties
                .iter()
                .find(|t| t.key() == v.key())
                .unwrap_or_else(|| panic!("{}: {} not in ties", inc.id.value, v.key()));
            // The protected state: the target, or a state whose deployed forces the
            // incident reached.
            let protected = v.beneficiary.clone().unwrap_or_else(|| target.value.clone());
            let mut owed: Vec<String> =
                t.owed_to(&protected).into_iter().filter(|g| !actors.contains(&g.as_str())).collect();
            let mut found = v.guarantors.clone();
            owed.sort();
            found.sort();
            // Consultation may list the target among its own guarantors; a tie never does.
            found.retain(|g| *g != protected);
            assert_eq!(owed, found, "{} {}", inc.id.value, v.key());
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} verdicts compared");
}

/// `evaluate_only` gives the selected commitments exactly the verdicts `evaluate` gives them.
#[test]
fn evaluating_a_subset_gives_the_same_verdicts() {
    use casus_core::vocab::Kind;
    let lib = library();
    let ev = Evaluator::new(&lib, Options { hypothetical: true });
    for inc in &lib.incidents {
        let all = ev.evaluate(inc);
        let some = ev.evaluate_only(inc, |t, c| c.kind.value == Kind::Defence && t.id.value != "nato");
        let expected: Vec<String> = all
            .verdicts
            .iter()
            .filter(|v| v.kind == Kind::Defence && v.treaty != "nato")
            .map(|v| format!("{} {} {:?} {:?}", v.key(), v.verdict, v.guarantors, v.unknowns))
            .collect();
        let got: Vec<String> = some
            .verdicts
            .iter()
            .map(|v| format!("{} {} {:?} {:?}", v.key(), v.verdict, v.guarantors, v.unknowns))
            .collect();
        assert_eq!(got, expected, "{}", inc.id.value);
    }
}

/// Every commitment's verdict, guarantors and unknowns agree, or the first disagreement.
fn words_and_outcomes_agree(lib: &Library, incidents: &[Incident]) -> usize {
    let mut checked = 0;
    for hypothetical in [false, true] {
        let ev = Evaluator::new(lib, Options { hypothetical });
        let mut buf = Vec::new();
        for inc in incidents {
            let words = ev.evaluate(inc);
            ev.outcomes_into(inc, &mut buf);
            assert_eq!(words.verdicts.len(), buf.len());
            for (v, o) in words.verdicts.iter().zip(&buf) {
                let key = format!("{}/{}", o.treaty.id.value, o.commitment.id.value);
                assert_eq!(v.key(), key);
                let guarantors: Vec<String> = o.guarantors.iter().map(|s| s.to_string()).collect();
                assert_eq!(
                    (v.verdict, &v.guarantors, &v.unknowns),
                    (o.verdict, &guarantors, &o.unknowns),
                    "{key} on incident {} (hypothetical: {hypothetical})",
                    inc.id.value
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn outcomes_equal_verdicts_on_every_scenario() {
    let lib = library();
    assert!(lib.incidents.len() > 50, "the library's scenarios are loaded");
    let n = words_and_outcomes_agree(&lib, &lib.incidents.clone());
    assert!(n > 5_000, "{n} verdicts compared");
}

#[test]
fn outcomes_equal_verdicts_on_generated_incidents() {
    let lib = library();
    let incidents = casus_core::sample::incidents(&lib, 14, 3_000);
    words_and_outcomes_agree(&lib, &incidents);
    // The generated incidents reach every verdict, so the comparison is not vacuous.
    let ev = Evaluator::new(&lib, Options { hypothetical: true });
    let tally = ev.tally(&incidents);
    let mut totals = [0u64; 5];
    for (_, c) in &tally.commitments {
        for i in 0..5 {
            totals[i] += c[i];
        }
    }
    assert!(totals.iter().all(|&t| t > 0), "every verdict is reached: {totals:?}");
}
