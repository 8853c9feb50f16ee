//! Bulk evaluation without words gives the verdicts evaluation with words gives: the same
//! verdict, guarantors and unknowns for every commitment, over every scenario of the
//! built-in library and over generated incidents, with designs as they are and as if in
//! force.

use std::path::Path;

use casus_core::eval::{Evaluator, Options};
use casus_core::model::Incident;
use casus_core::{Library, Loader};

fn library() -> Library {
    let mut loader = Loader::default();
    for f in casus_core::files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library"), &["casus"]) {
        loader.add_text(&f.to_string_lossy(), std::fs::read_to_string(&f).unwrap_or_default());
    }
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.library
}

/// Every commitment's verdict, guarantors and unknowns agree, or the first disagreement.
fn agree(lib: &Library, incidents: &[Incident]) -> usize {
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
    let n = agree(&lib, &lib.incidents.clone());
    assert!(n > 5_000, "{n} verdicts compared");
}

#[test]
fn outcomes_equal_verdicts_on_generated_incidents() {
    let lib = library();
    let incidents = casus_core::sample::incidents(&lib, 14, 3_000);
    agree(&lib, &incidents);
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
