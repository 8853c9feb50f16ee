//! Target (f), `casus simulate --params`: arbitrary bytes as the TOML parameters file, read
//! as the command reads it (text that is not UTF-8 is refused before TOML sees it), checked
//! against the built-in library, and, when accepted, used for the 1939 cascade (the
//! library's `germany-invades-poland`) with a few Monte Carlo runs. A refusal names a place
//! inside the file; an accepted file holds only probabilities.

use casus_core::eval::Options;
use casus_sim::Params;

use crate::common;

/// The incident the accepted parameters are simulated on.
const INCIDENT: &str = "germany-invades-poland";

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lib = &common::builtin().library;
    let params = match Params::from_toml(text, lib) {
        Ok(p) => p,
        Err(e) => {
            let lines = text.split('\n').count();
            assert!((1..=lines).contains(&e.line), "error on line {} of {lines}: {e}", e.line);
            let line = text.split('\n').nth(e.line - 1).unwrap_or_default();
            assert!(
                (1..=line.chars().count() + 1).contains(&e.column),
                "error at column {} of a line of {} characters: {e}",
                e.column,
                line.chars().count()
            );
            let _ = e.to_string();
            return;
        }
    };
    let probabilities = params.strength.values().chain(params.state.values()).chain(params.treaty.values());
    for p in probabilities.chain(params.commitment.values()).chain([&params.indeterminate]) {
        assert!((0.0..=1.0).contains(p), "accepted a probability of {p}");
    }
    let _ = serde_json::to_string(&params).unwrap_or_else(|e| panic!("parameters do not serialise: {e}"));
    let Some(incident) = common::builtin().library.incidents.iter().find(|i| i.id.value == INCIDENT) else {
        panic!("the built-in library has no incident `{INCIDENT}`")
    };
    common::simulate_with(lib, incident, &params, Options::default(), 3, 16, 7);
}
