//! What a treaty's or a commitment's area covers on a date (`casus coverage`, `GET
//! /v1/coverage`), place by place, optionally only the places with some answers.

use casus_core::Library;
use casus_core::coverage::{CommitmentCoverage, Covered};
use casus_core::model::Date;

use crate::Refusal;

/// The words of the answers, as `--only` and `?only=` take them.
pub const ANSWERS: [&str; 5] = ["covered", "not-covered", "indeterminate", "unreached", "not-in-force"];

/// The word of an answer.
pub fn word(c: Covered) -> &'static str {
    match c {
        Covered::Covered => "covered",
        Covered::NotCovered => "not-covered",
        Covered::Indeterminate => "indeterminate",
        Covered::Unreached => "unreached",
        Covered::NotInForce => "not-in-force",
    }
}

/// The answers in `only` (each item one answer or a comma-separated list), checked.
pub fn answers(field: &str, only: &[String]) -> Result<Vec<String>, Refusal> {
    let list: Vec<String> =
        only.iter().flat_map(|o| o.split(',')).map(str::trim).filter(|w| !w.is_empty()).map(String::from).collect();
    if let Some(bad) = list.iter().find(|o| !ANSWERS.contains(&o.as_str())) {
        return Err(Refusal::new(
            field,
            format!("`{bad}` is not an answer"),
            Some(format!("one of {}", ANSWERS.join(", "))),
        ));
    }
    Ok(list)
}

/// The coverage of `key` (`nato`: every commitment of the treaty; `nato/art5`: one) on
/// `on`, keeping only the places whose answer is in `only` (all when it is empty). An
/// unknown treaty or commitment is refused in `field`, with the id it most likely means.
pub fn coverage(
    lib: &Library,
    field: &str,
    key: &str,
    on: Date,
    only: &[String],
) -> Result<Vec<CommitmentCoverage>, Refusal> {
    let (treaty, commitment) = match key.split_once('/') {
        Some((t, c)) => (t, Some(c)),
        None => (key, None),
    };
    let mut all = casus_core::coverage::coverage(lib, treaty, commitment, on).map_err(|e| {
        let hint = casus_core::suggest::did_you_mean(treaty, lib.treaties.iter().map(|t| t.id.value.as_str()))
            .map(|s| format!("did you mean `{s}`?"));
        Refusal::new(field, e.to_string(), hint)
    })?;
    if !only.is_empty() {
        for cc in &mut all {
            cc.rows.retain(|r| only.iter().any(|o| o == word(r.coverage)));
        }
    }
    Ok(all)
}
