//! `diff` against the evaluator: a design equals itself and its JSON form; the built-in
//! pairs that isolate one parameter differ exactly in it; the grid predicts the
//! evaluator's outcome for random concrete incidents (soundness); the rules printed
//! reproduce their cells; every scenario of the suite where two designs part lies in a
//! reported difference (completeness).

use casus_core::Library;
use casus_core::eval::{Evaluator, Options, locate};
use casus_core::model::Incident;
use casus_diff::grid::{Grid, Probe};
use casus_diff::space::{Side, Space};
use casus_diff::{Outcome, Request, classify, grid, space};
use casus_ops::assemble::{Base, Input, Reads, beside};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn builtin() -> Library {
    let loaded = beside(Vec::new(), &Base::Builtin, None, Reads::Embedded);
    assert!(!loaded.has_errors());
    loaded.library
}

fn side<'a>(lib: &'a Library, id: &str) -> Side<'a> {
    let treaty = lib.treaties.iter().position(|t| t.id.value == id).expect("the design exists");
    Side { library: lib, treaty, commitments: &[] }
}

fn diff(lib: &Library, a: &str, b: &str) -> casus_diff::Diff {
    let req = Request { on: None, hypothetical: true, max_rules: 10_000 };
    casus_diff::diff(side(lib, a), side(lib, b), req, &|_| {}).expect("the space is small enough")
}

/// The outcome the evaluator gives a side on an incident, evaluated from scratch.
fn evaluated(s: Side<'_>, inc: &Incident) -> Outcome {
    let ev = Evaluator::new(s.library, Options { hypothetical: true });
    let loc = locate(s.library, inc);
    let t = s.treaty();
    let vs: Vec<_> = s.commitments().map(|c| ev.commitment(t, c, inc, &loc)).collect();
    Outcome::of(&vs)
}

const DESIGNS: &[&str] = &[
    "ua-bilateral-2024",
    "ua-budapest",
    "ua-israel-model",
    "ua-own-borders",
    "ua-own-control-line",
    "ua-own-no-forces",
    "ua-own-tripwire",
    "ua-paris-2026-01",
    "ua-20-point-2025-12",
    "ua-us-draft-2025-11",
];

#[test]
fn a_design_is_equivalent_to_itself_and_to_its_json_form() {
    let lib = builtin();
    for id in DESIGNS {
        let d = diff(&lib, id, id);
        assert!(d.equivalent && d.a_implies_b && d.b_implies_a, "{id} differs from itself");
        assert!(d.differences.is_empty());
    }
    // The JSON form of a design, read back as a file beside the library, replaces it.
    let t = lib.treaties.iter().find(|t| t.id.value == "ua-own-borders").expect("design").clone();
    let json = serde_json::to_string(&Library { treaties: vec![t], ..Library::default() }).expect("json");
    let with_json = beside(vec![Input::text("borders.json", json)], &Base::Builtin, None, Reads::Embedded);
    assert!(!with_json.has_errors());
    let req = Request { on: None, hypothetical: true, max_rules: 0 };
    let d = casus_diff::diff(side(&lib, "ua-own-borders"), side(&with_json.library, "ua-own-borders"), req, &|_| {})
        .expect("diff");
    assert!(d.equivalent, "the JSON round trip changes the design: {:?}", d.transitions);
}

/// Every class where the designs part, as the representative incident of its grid point.
fn parting(lib: &Library, a: &str, b: &str) -> Vec<(Incident, Outcome, Outcome)> {
    let sides = [side(lib, a), side(lib, b)];
    let sp = space::space(&sides, None);
    let probe = Probe::new(&sp, sides, Options { hypothetical: true });
    let g = grid::grid(&probe, &|_| {}).expect("grid");
    let mut out = Vec::new();
    for (cube, o) in g.leaf_cubes() {
        let (oa, ob) = &g.outcomes[o as usize];
        if oa == ob {
            continue;
        }
        // Every class of the leaf, not only its first.
        for coords in casus_diff::rules::points(&cube) {
            for choice in every_member(&sp, &g, &coords).into_iter().take(4) {
                out.push((space::incident(&sp, &choice, "x"), oa.clone(), ob.clone()));
            }
        }
    }
    out
}

/// Field values of a few members of each class of a point (the first and the last of each).
fn every_member(sp: &Space, g: &Grid, coords: &[usize]) -> Vec<Vec<usize>> {
    let mut first = vec![0; sp.fields.len()];
    let mut last = vec![0; sp.fields.len()];
    for (a, &c) in g.axes.iter().zip(coords) {
        let members = &a.classes[c];
        for (k, f) in a.fields.iter().enumerate() {
            first[*f] = members[0][k];
            last[*f] = members[members.len() - 1][k];
        }
    }
    vec![first, last]
}

#[test]
fn borders_and_control_line_part_only_where_another_state_holds_the_place() {
    // ua-own-borders covers Ukraine's de jure territory on the incident's date;
    // ua-own-control-line the land Ukraine controls at the ceasefire (2026-06-01). They
    // can part only where the two differ: de jure Ukrainian land another state controls
    // at the ceasefire (occupied areas), or land Ukraine controls that is not de jure
    // Ukrainian on the incident's date (a historical region on an old date).
    let lib = builtin();
    let ceasefire = jiff::civil::date(2026, 6, 1);
    let found = parting(&lib, "ua-own-borders", "ua-own-control-line");
    assert!(!found.is_empty());
    for (inc, oa, ob) in &found {
        let loc = locate(&lib, inc);
        let mut then = inc.clone();
        then.on = Some(casus_syntax::Spanned::detached(ceasefire));
        let at_ceasefire = locate(&lib, &then);
        let de_jure = loc.sovereign.as_deref() == Some("UKR");
        let controlled = at_ceasefire.controller.as_deref() == Some("UKR");
        assert_ne!(
            de_jure, controlled,
            "they part at {:?} ({:?} → {:?}) though the territory reads alike",
            inc.region, oa, ob
        );
    }
    // And where they part, it is the border design that covers more in occupied land.
    assert!(
        found.iter().any(|(inc, oa, ob)| inc
            .region
            .as_ref()
            .is_some_and(|r| r.value.contains("-occ") || r.value == "UA-43")
            && oa.coverage() > ob.coverage())
    );
}

#[test]
fn no_forces_and_tripwire_part_only_where_the_forces_are() {
    // The tripwire design adds a reassurance force (Kyiv UA-30, Lviv UA-46, Odesa UA-51,
    // from the ceasefire) and a commitment protecting the forces of GBR FRA NLD DNK SWE in
    // or over Ukraine and the Black Sea. They can part only at a hub, or where the struck
    // object is those states' forces, vessels or aircraft.
    let lib = builtin();
    let found = parting(&lib, "ua-own-no-forces", "ua-own-tripwire");
    assert!(!found.is_empty());
    let hubs = ["UA-30", "UA-46", "UA-51"];
    let contributors = ["GBR", "FRA", "NLD", "DNK", "SWE"];
    for (inc, oa, ob) in &found {
        let at_hub = inc.region.as_ref().is_some_and(|r| hubs.contains(&r.value.as_str()));
        let their_forces = inc.target.as_ref().is_some_and(|t| contributors.contains(&t.value.as_str()));
        // A guarantor of both designs attacking Ukraine at a hub leaves one fewer guarantor
        // in each: the counts differ where the force commitment adds its own.
        assert!(at_hub || their_forces, "they part away from the forces: {inc:?} ({oa:?} → {ob:?})");
    }
    assert!(found.iter().any(|(inc, _, _)| inc.region.as_ref().is_some_and(|r| r.value == "UA-30")));
}

#[test]
fn the_us_draft_and_the_twenty_point_framework_part_as_their_texts_say() {
    // What the texts make us expect: the US draft of November 2025 owes only for an attack
    // judged "significant, deliberate and sustained" (and only the United States, with five
    // acting in concert); the 20-point framework of December 2025 is an Article 5-like
    // guarantee of many guarantors, void if Ukraine attacks first. So: the 20-point
    // framework is triggered on incidents where the US draft still waits for its
    // judgement, and where the US draft is triggered, the 20-point framework is at least
    // indeterminate — except where its lapse (Ukraine attacked first) or its own
    // conditions stop it; and they are not equivalent.
    let lib = builtin();
    let d = diff(&lib, "ua-us-draft-2025-11", "ua-20-point-2025-12");
    assert!(!d.equivalent);
    assert!(
        d.differences.iter().any(|x| x.a.verdict == casus_core::vocab::VerdictKind::Indeterminate
            && x.b.verdict == casus_core::vocab::VerdictKind::Triggered),
        "no incident where the 20-point framework owes and the US draft waits"
    );
    assert!(
        d.differences.iter().all(|x| x.a.guarantors <= 6 || x.a.coverage() == 0),
        "the US draft never has more than six states owing"
    );
}

/// Soundness: random concrete incidents, with every field drawn from the space's values
/// and the fields no design reads filled at random, are predicted by the grid exactly.
fn sound(a: &str, b: &str, cases: u32) {
    let lib = builtin();
    let sides = [side(&lib, a), side(&lib, b)];
    let sp = space::space(&sides, None);
    let probe = Probe::new(&sp, sides, Options { hypothetical: true });
    let g = grid::grid(&probe, &|_| {}).expect("grid");
    let sizes: Vec<usize> = sp.fields.iter().map(|(_, v)| v.len()).collect();
    let strategy = (
        sizes.iter().map(|&n| 0..n).collect::<Vec<_>>(),
        proptest::option::of(0u32..5000),
        proptest::option::of("[0-2][0-9]:[0-5][0-9]"),
    );
    // A fixed seed: the same incidents on every run, so that CI is reproducible.
    let mut runner = TestRunner::new_with_rng(
        Config { cases, ..Config::default() },
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    runner
        .run(&strategy, |(choice, casualties, time)| {
            let mut inc = space::incident(&sp, &choice, "random");
            inc.casualties = casualties;
            inc.time = time;
            inc.title = "noise".into();
            let point = classify::point(&g, &choice).expect("every value is in a class");
            let predicted = &g.outcomes[g.at(&point) as usize];
            let actual = (evaluated(sides[0], &inc), evaluated(sides[1], &inc));
            prop_assert_eq!(predicted, &actual, "incident {:?}", casus_diff::write::incident_text(&inc, ""));
            Ok(())
        })
        .expect("the grid predicts the evaluator");
}

#[test]
fn soundness_borders_control_line() {
    sound("ua-own-borders", "ua-own-control-line", 600);
}

/// Where deployed forces stand (a hub of the tripwire design) an incident can reach other
/// states' forces: the classes of the other fields must be measured there too (this test
/// found it with a random seed: NLD attacking DNK's forces at Lviv, 9 guarantors predicted,
/// 8 given).
#[test]
fn soundness_no_forces_tripwire() {
    sound("ua-own-no-forces", "ua-own-tripwire", 400);
}

/// A design with deployed forces against one without, where the forces' own commitment
/// reads the place, the object and who attacked first (found unsound by a random seed before
/// the places where forces stand were followed from their own points of measure).
#[test]
fn soundness_tripwire_twenty_point() {
    sound("ua-own-tripwire", "ua-20-point-2025-12", 400);
}

#[test]
fn soundness_budapest_twenty_point() {
    sound("ua-budapest", "ua-20-point-2025-12", 400);
}

#[test]
fn soundness_bilateral_paris() {
    sound("ua-bilateral-2024", "ua-paris-2026-01", 400);
}

#[test]
fn soundness_us_draft_israel() {
    sound("ua-us-draft-2025-11", "ua-israel-model", 300);
}

#[test]
fn the_rules_reproduce_their_cells() {
    let lib = builtin();
    for (a, b) in [
        ("ua-own-borders", "ua-own-control-line"),
        ("ua-own-no-forces", "ua-own-tripwire"),
        ("ua-israel-model", "ua-bilateral-2024"),
    ] {
        let sides = [side(&lib, a), side(&lib, b)];
        let sp = space::space(&sides, None);
        let probe = Probe::new(&sp, sides, Options { hypothetical: true });
        let g = grid::grid(&probe, &|_| {}).expect("grid");
        let counts = g.counts();
        let mut by_cell: std::collections::HashMap<u32, Vec<grid::Cube>> = std::collections::HashMap::new();
        for (cube, o) in g.leaf_cubes() {
            by_cell.entry(o).or_default().push(cube);
        }
        for (&cell, &n) in &counts {
            let (oa, ob) = &g.outcomes[cell as usize];
            if oa == ob {
                continue;
            }
            let rules = casus_diff::rules::cover(&sp, &g, cell, by_cell.remove(&cell).unwrap_or_default(), &probe);
            // Inside a rule and outside its exceptions: the cell, and nothing else.
            let mut covered: std::collections::BTreeSet<Vec<usize>> = Default::default();
            for r in &rules {
                g.intersect(&r.cube, &mut |c, o| {
                    for p in casus_diff::rules::points(&c) {
                        let excepted = r.except.iter().any(|e| p.iter().zip(e).all(|(v, s)| s.contains(v)));
                        if !excepted {
                            assert_eq!(o, cell, "{a} vs {b}: rule `{}` holds a point of another cell", r.text);
                            covered.insert(p);
                        }
                    }
                });
                // Its witness is in the cell, as the evaluator sees it.
                assert_eq!(
                    (Outcome::of(&r.a), Outcome::of(&r.b)),
                    (oa.clone(), ob.clone()),
                    "{a} vs {b}: witness of `{}`",
                    r.text
                );
            }
            assert_eq!(
                covered.len() as u64,
                n,
                "{a} vs {b}: the rules of {} → {} cover {} of {n} classes",
                oa.label(),
                ob.label(),
                covered.len()
            );
        }
    }
}

#[test]
fn every_parting_scenario_lies_in_a_reported_difference() {
    let lib = builtin();
    let suite: Vec<Incident> = {
        let mut loader = casus_ops::assemble::Reads::Embedded.loader();
        for (path, text) in casus_ops::builtin::FILES {
            if casus_ops::builtin::is_scenario(path) {
                loader.add_text(path, *text);
            } else {
                loader.add_library_text(path, *text);
            }
        }
        loader.finish().library.incidents
    };
    let mut checked = 0;
    let mut outside = 0;
    for (a, b) in [
        ("ua-own-borders", "ua-own-control-line"),
        ("ua-own-no-forces", "ua-own-tripwire"),
        ("ua-20-point-2025-12", "ua-bilateral-2024"),
    ] {
        let sides = [side(&lib, a), side(&lib, b)];
        let sp = space::space(&sides, None);
        let probe = Probe::new(&sp, sides, Options { hypothetical: true });
        let g = grid::grid(&probe, &|_| {}).expect("grid");
        for inc in &suite {
            let actual = (evaluated(sides[0], inc), evaluated(sides[1], inc));
            let Some(choice) = classify::values(&sp, &probe, inc) else {
                outside += 1;
                continue;
            };
            let point = classify::point(&g, &choice).expect("a class");
            let predicted = &g.outcomes[g.at(&point) as usize];
            assert_eq!(predicted, &actual, "{a} vs {b}: scenario {} is predicted wrongly", inc.id.value);
            if actual.0 != actual.1 {
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no scenario parts the designs");
    // Scenarios outside the space: joint attacks led by an unnamed state, places given only
    // by coordinates no value stands for.
    assert!(
        outside * 4 < suite.len() * 3,
        "{outside} of {} scenario evaluations fall outside the space",
        suite.len() * 3
    );
}

#[test]
fn the_space_grows_with_the_conditions_not_with_their_product() {
    // Adding a judgement and a duration condition multiplies the candidate incidents by 12
    // but the evaluated classes far less: the tree stops where a condition fails.
    let lib = builtin();
    let plain = diff(&lib, "ua-own-borders", "ua-own-control-line");
    let more = diff(&lib, "ua-own-borders", "ua-us-draft-2025-11");
    assert!(more.space.incidents > plain.space.incidents * 10.0);
    assert!((more.space.classes_evaluated as f64) < more.space.incidents / 1000.0);
}

/// `casus check --exhaustive` is silent on a commitment whose every condition narrows it,
/// and names the one condition the trigger already decides.
#[test]
fn the_exhaustive_check_warns_only_of_conditions_that_change_nothing() {
    let text = |extra: &str| {
        format!(
            "treaty pact \"Pact\" {{\n    status proposed\n    source \"https://example.org/pact\"\n    parties {{\n        POL LTU\n    }}\n    commitment art1 defence \"Article 1\" {{\n        clause \"Article 1\"\n        guarantors all parties except beneficiary\n        beneficiaries all parties\n        when armed-attack against territory of beneficiary\n        if sustained for at least 72 hours\n        if attacker RUS\n{extra}        void if beneficiary attacks first\n        owe \"aid\" strength automatic\n    }}\n}}\n"
        )
    };
    let codes = |src: String| {
        let mut loader = casus_core::Loader::default();
        loader.add_bytes("pact.casus", src.into_bytes());
        let mut loaded = loader.finish();
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let lint = casus_ops::diagnostics::exhaustive(&mut loaded, &|_| {});
        assert!(lint.skipped.is_empty());
        (lint.conditions, loaded.diagnostics.iter().map(|d| (d.code, d.message.clone())).collect::<Vec<_>>())
    };
    assert_eq!(codes(text("")), (3, vec![]));
    let (conditions, with) = codes(text("        if deliberate\n"));
    assert_eq!(conditions, 4);
    assert_eq!(with.len(), 1, "{with:?}");
    assert_eq!(with[0].0, "W0503");
}
