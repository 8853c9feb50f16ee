//! The obligations of a state on a date: every commitment that binds or protects it, in
//! each role, with its clause and sources (`casus obligations`, `GET /v1/obligations`).

use std::collections::BTreeSet;

use serde::Serialize;

use casus_core::Library;
use casus_core::eval::Options;
use casus_core::model::Date;
use casus_core::ties::{self, Duty, Role};
use casus_core::vocab::{Kind, Strength};

/// One row of the output: a commitment as it concerns the state, in one role.
#[derive(Serialize)]
pub struct Row<'a> {
    /// The treaty id.
    pub treaty: &'a str,
    /// The treaty name.
    pub treaty_name: &'a str,
    /// The commitment id.
    pub commitment: &'a str,
    /// The commitment title.
    pub title: &'a str,
    /// The commitment kind.
    pub kind: Kind,
    /// Whether the state owes it or is owed it.
    pub role: Role,
    /// Whom the state owes, or who owes it.
    pub counterparties: Vec<String>,
    /// The strength of the obligation.
    pub strength: Option<Strength>,
    /// The clause quoted.
    pub clause: Option<&'a str>,
    /// The clause's source, else the treaty's first.
    pub source: Option<&'a str>,
    /// What the commitment still waits for (an activation event), if anything.
    pub pending: Option<String>,
    #[serde(skip)]
    /// The treaty's first source (text output).
    pub treaty_source: Option<&'a str>,
    #[serde(skip)]
    /// The clause's own source (text output).
    pub clause_source: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn of(d: &Duty<'a>) -> Row<'a> {
        let clause = d.commitment.clause.as_ref();
        Row {
            treaty: &d.treaty.id.value,
            treaty_name: &d.treaty.name,
            commitment: &d.commitment.id.value,
            title: &d.commitment.title,
            kind: d.commitment.kind.value,
            role: d.role,
            counterparties: d.counterparties.clone(),
            strength: d.commitment.strength(),
            clause: clause.map(|c| c.text.value.as_str()),
            source: clause.and_then(|c| c.source.as_deref()).or(d.treaty.sources.first().map(|s| s.value.as_str())),
            pending: d.pending.clone(),
            treaty_source: d.treaty.sources.first().map(|s| s.value.as_str()),
            clause_source: clause.and_then(|c| c.source.as_deref()),
        }
    }
}

/// The obligations of one state on one date: `casus obligations --format json`.
#[derive(Serialize)]
pub struct Report<'a> {
    /// The state's code.
    pub state: String,
    /// Its name on the date (West Germany in 1955).
    pub state_name: String,
    /// The date, YYYY-MM-DD.
    pub on: String,
    /// One row per commitment and role.
    pub obligations: Vec<Row<'a>>,
}

/// The obligations of `state` on `on`, of the kinds given (`None`: any), in the library's
/// order.
pub fn obligations<'a>(
    lib: &'a Library,
    state: &str,
    on: Date,
    kinds: &Option<BTreeSet<Kind>>,
    options: Options,
) -> Report<'a> {
    let mut duties = ties::of_state(lib, state, on, options);
    if let Some(k) = kinds {
        duties.retain(|d| k.contains(&d.commitment.kind.value));
    }
    Report {
        state: state.to_string(),
        state_name: casus_core::states::name_on(state, on).to_string(),
        on: on.to_string(),
        obligations: duties.iter().map(Row::of).collect(),
    }
}
