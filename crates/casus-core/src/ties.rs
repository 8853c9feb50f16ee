//! Ties: who owes whom what, under which commitment, on a date — the web of commitments
//! with no incident in it.
//!
//! The evaluator asks "does this incident trigger that clause?"; this module asks the
//! question before any incident: on a date, which commitments are in force, whom does
//! each protect, and who owes each of them. It resolves a treaty's life, its parties and
//! a commitment's guarantors and beneficiaries exactly as the evaluator does (it calls the
//! same functions: [`eval::in_force`], [`eval::parties_on`], [`eval::beneficiaries`],
//! [`eval::guarantors`]), so a state that this module says is owed Article 5 is the state
//! the evaluator protects if it is attacked that day.
//!
//! A tie is directed: the guarantor owes the beneficiary. A state is never tied to itself
//! (NATO Article 4 makes every party a guarantor *and* a beneficiary of consultation; the
//! consultations a state owes itself are not a tie). Conditions of the trigger (a named
//! adversary, an area) do not enter: a tie says the commitment is owed, not that any given
//! attack would set it off.
//!
//! ```
//! use casus_core::{Loader, eval::Options, ties};
//!
//! let mut loader = Loader::default();
//! loader.add_text("t.casus", r#"
//! treaty pact "A pact" {
//!     in-force 2000-01-01
//!     source "https://example.org/pact"
//!     parties {
//!         POL LTU from 2000-01-01
//!         LVA from 2010-01-01
//!     }
//!     commitment art1 defence "Article 1" {
//!         clause "Article 1"
//!         guarantors all parties except beneficiary
//!         beneficiaries all parties
//!         when armed-attack against beneficiary
//!         owe "all the military aid in its power" strength automatic
//!     }
//! }
//! "#);
//! let lib = loader.finish().library;
//! let date = "2005-06-01".parse().unwrap();
//! let duties = ties::of_state(&lib, "POL", date, Options::default());
//! assert_eq!(duties.len(), 2); // Poland owes Lithuania, and Lithuania owes Poland
//! assert_eq!(duties[0].role, ties::Role::Owes);
//! assert_eq!(duties[0].counterparties, ["LTU"]);
//! ```

use std::collections::BTreeSet;

use serde::Serialize;

use crate::eval::{self, Options, Truth};
use crate::model::{Commitment, Date, Library, Treaty};
use crate::vocab::{Kind, Strength};

/// One commitment of a treaty that binds on a date, with the parties of that date: the
/// source of every tie the commitment makes.
#[derive(Clone, Debug)]
pub struct Ties<'a> {
    /// The treaty.
    pub treaty: &'a Treaty,
    /// The commitment.
    pub commitment: &'a Commitment,
    /// The date.
    pub date: Date,
    /// `None` when the treaty binds; why not yet, when it binds only after an event whose
    /// date nobody knows (a design's ceasefire, with `--hypothetical`).
    pub pending: Option<String>,
    parties: BTreeSet<String>,
    protected: BTreeSet<String>,
}

impl<'a> Ties<'a> {
    /// The commitment's kind.
    pub fn kind(&self) -> Kind {
        self.commitment.kind.value
    }

    /// The strongest rung of what is owed.
    pub fn strength(&self) -> Option<Strength> {
        self.commitment.strength()
    }

    /// `treaty/commitment`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.treaty.id.value, self.commitment.id.value)
    }

    /// The treaty's parties on the date (suspended members left out).
    pub fn parties(&self) -> &BTreeSet<String> {
        &self.parties
    }

    /// The states the commitment protects on the date.
    pub fn protected(&self) -> &BTreeSet<String> {
        &self.protected
    }

    /// The states that owe `state` under the commitment on the date (empty unless `state`
    /// is protected), `state` itself left out.
    pub fn owed_to(&self, state: &str) -> BTreeSet<String> {
        if !self.protected.contains(state) {
            return BTreeSet::new();
        }
        let mut g = eval::guarantors(self.commitment, &self.parties, state);
        g.remove(state);
        g
    }

    /// The states that `state` owes under the commitment on the date: every protected
    /// state, other than itself, among whose guarantors it is.
    pub fn owed_by(&self, state: &str) -> BTreeSet<String> {
        if !self.parties.contains(state) {
            return BTreeSet::new();
        }
        self.protected
            .iter()
            .filter(|b| b.as_str() != state && eval::guarantors(self.commitment, &self.parties, b).contains(state))
            .cloned()
            .collect()
    }

    /// Every tie as `(guarantor, beneficiary)`, sorted, none from a state to itself.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            self.protected.iter().flat_map(|b| self.owed_to(b).into_iter().map(move |g| (g, b.clone()))).collect();
        out.sort();
        out
    }
}

/// Whether a treaty binds on `date`: `Some(pending)` (with `pending` the reason when it
/// waits on an undated event), `None` when it does not.
fn binding(t: &Treaty, date: Date, options: Options) -> Option<Option<String>> {
    let life = eval::in_force(t, date, options, &[]);
    match life.truth {
        Truth::True => Some(None),
        Truth::Unknown => Some(Some(life.note)),
        Truth::False => None,
    }
}

/// Every commitment of every treaty that binds on `date` (or may, pending an undated
/// event), in library order.
pub fn on(lib: &Library, date: Date, options: Options) -> Vec<Ties<'_>> {
    let mut out = Vec::new();
    for t in &lib.treaties {
        let Some(pending) = binding(t, date, options) else { continue };
        let parties = eval::parties_on(t, date);
        for c in &t.commitments {
            let protected = eval::beneficiaries(c, &parties);
            out.push(Ties {
                treaty: t,
                commitment: c,
                date,
                pending: pending.clone(),
                parties: parties.clone(),
                protected,
            });
        }
    }
    out
}

/// Which side of a commitment a state is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The state is a guarantor: it owes the counterparties (the commitment binds it).
    Owes,
    /// The state is a beneficiary: the counterparties owe it (the commitment protects it).
    Owed,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Role::Owes => "owes",
            Role::Owed => "owed",
        })
    }
}

/// One commitment as it concerns one state on a date: what it owes or is owed, and by or to whom.
#[derive(Clone, Debug)]
pub struct Duty<'a> {
    /// The treaty.
    pub treaty: &'a Treaty,
    /// The commitment.
    pub commitment: &'a Commitment,
    /// Whether the state owes or is owed.
    pub role: Role,
    /// Who it owes (role `owes`) or who owes it (role `owed`) on the date, sorted; never empty.
    pub counterparties: Vec<String>,
    /// `None` when the treaty binds; why not yet, when it waits on an undated event.
    pub pending: Option<String>,
}

/// Every commitment that binds `state` (it owes someone) or protects it (someone owes it) on
/// `date`: one [`Duty`] per commitment and role, in library order, `owes` before `owed`.
pub fn of_state<'a>(lib: &'a Library, state: &str, date: Date, options: Options) -> Vec<Duty<'a>> {
    let mut out = Vec::new();
    for t in &lib.treaties {
        // A state that is not a party is neither a guarantor nor a beneficiary.
        if !t.parties.iter().any(|m| m.state.value == state) {
            continue;
        }
        let Some(pending) = binding(t, date, options) else { continue };
        let parties = eval::parties_on(t, date);
        if !parties.contains(state) {
            continue;
        }
        for c in &t.commitments {
            let protected = eval::beneficiaries(c, &parties);
            let ties =
                Ties { treaty: t, commitment: c, date, pending: pending.clone(), parties: parties.clone(), protected };
            for (role, set) in [(Role::Owes, ties.owed_by(state)), (Role::Owed, ties.owed_to(state))] {
                if !set.is_empty() {
                    out.push(Duty {
                        treaty: t,
                        commitment: c,
                        role,
                        counterparties: set.into_iter().collect(),
                        pending: pending.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Loader;

    const PACTS: &str = r#"
treaty pact "Mutual pact" {
    in-force 2000-01-01
    source "https://example.org/pact"
    parties {
        POL LTU from 2000-01-01
        LVA from 2010-01-01 until 2015-01-01
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "all the military aid in its power" strength automatic
    }
    commitment art2 consultation "Article 2" {
        clause "Article 2"
        guarantors all parties
        beneficiaries all parties
        when threat against beneficiary
        owe "consult" strength consultation
    }
}

treaty shield "A guarantee by two of four" {
    in-force 2001-01-01
    terminated 2020-01-01
    source "https://example.org/shield"
    parties {
        USA GBR FRA POL from 2001-01-01
    }
    commitment guarantee defence "Guarantee" {
        clause "Article 1"
        guarantors USA GBR
        beneficiaries POL
        when armed-attack against beneficiary
        owe "support" strength obligatory
    }
    commitment umbrella defence "Umbrella" {
        clause "Article 2"
        guarantors USA
        beneficiaries all parties except USA
        when armed-attack against beneficiary
        owe "support" strength discretionary
    }
}

treaty design "A design" {
    status proposed
    source "https://example.org/design"
    event ceasefire "a ceasefire takes effect"
    active after ceasefire
    parties {
        DEU UKR
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors DEU
        beneficiaries UKR
        when armed-attack against beneficiary
        owe "support" strength obligatory
    }
}
"#;

    fn lib() -> Library {
        let mut loader = Loader::default();
        loader.add_text("pacts.casus", PACTS);
        let loaded = loader.finish();
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.library
    }

    fn d(s: &str) -> Date {
        s.parse().expect("a date")
    }

    fn summary(duties: &[Duty<'_>]) -> Vec<String> {
        duties
            .iter()
            .map(|x| {
                format!("{}/{} {} {}", x.treaty.id.value, x.commitment.id.value, x.role, x.counterparties.join(" "))
            })
            .collect()
    }

    #[test]
    fn membership_dates_decide_who_is_tied() {
        let lib = lib();
        // Before Latvia joins: Poland and Lithuania alone.
        assert_eq!(
            summary(&of_state(&lib, "POL", d("2005-01-01"), Options::default()))[..4],
            ["pact/art1 owes LTU", "pact/art1 owed LTU", "pact/art2 owes LTU", "pact/art2 owed LTU"]
        );
        assert!(of_state(&lib, "LVA", d("2009-12-31"), Options::default()).is_empty());
        // A member from its accession (inclusive) to its withdrawal (exclusive).
        let lva = summary(&of_state(&lib, "LVA", d("2010-01-01"), Options::default()));
        assert_eq!(
            lva,
            ["pact/art1 owes LTU POL", "pact/art1 owed LTU POL", "pact/art2 owes LTU POL", "pact/art2 owed LTU POL"]
        );
        assert!(of_state(&lib, "LVA", d("2015-01-01"), Options::default()).is_empty());
        // Before the treaty enters into force there is nothing.
        assert!(of_state(&lib, "POL", d("1999-12-31"), Options::default()).is_empty());
    }

    #[test]
    fn a_guarantor_subset_owes_and_the_others_do_not() {
        let lib = lib();
        let pol = summary(&of_state(&lib, "POL", d("2005-01-01"), Options::default()));
        assert!(pol.contains(&"shield/guarantee owed GBR USA".to_string()), "{pol:?}");
        // France is a party but no guarantor: it neither owes nor is owed the guarantee.
        let fra = summary(&of_state(&lib, "FRA", d("2005-01-01"), Options::default()));
        assert_eq!(fra, ["shield/umbrella owed USA"]);
        let usa = summary(&of_state(&lib, "USA", d("2005-01-01"), Options::default()));
        assert_eq!(usa, ["shield/guarantee owes POL", "shield/umbrella owes FRA GBR POL"]);
        // After termination the guarantee is gone.
        let pol = summary(&of_state(&lib, "POL", d("2020-01-01"), Options::default()));
        assert!(pol.iter().all(|s| !s.starts_with("shield/")), "{pol:?}");
    }

    #[test]
    fn beneficiaries_all_parties_except_the_guarantor() {
        let lib = lib();
        let all = on(&lib, d("2005-01-01"), Options::default());
        let umbrella = all.iter().find(|t| t.key() == "shield/umbrella").expect("in force");
        let protected: Vec<&str> = umbrella.protected().iter().map(String::as_str).collect();
        assert_eq!(protected, ["FRA", "GBR", "POL"]);
        assert!(umbrella.owed_to("USA").is_empty());
        assert_eq!(
            umbrella.pairs(),
            [("USA".into(), "FRA".into()), ("USA".into(), "GBR".into()), ("USA".into(), "POL".into())]
        );
    }

    #[test]
    fn nobody_is_tied_to_itself() {
        let lib = lib();
        let all = on(&lib, d("2012-01-01"), Options::default());
        let consult = all.iter().find(|t| t.key() == "pact/art2").expect("in force");
        // Every party is both a guarantor and a beneficiary; 3 parties make 6 ties, not 9.
        assert_eq!(consult.pairs().len(), 6);
        assert!(consult.pairs().iter().all(|(g, b)| g != b));
        assert!(!consult.owed_to("POL").contains("POL"));
    }

    #[test]
    fn designs_count_only_when_hypothetical() {
        let lib = lib();
        assert!(of_state(&lib, "UKR", d("2026-01-01"), Options::default()).is_empty());
        let ukr = of_state(&lib, "UKR", d("2026-01-01"), Options { hypothetical: true });
        assert_eq!(summary(&ukr), ["design/art1 owed DEU"]);
        // It applies only after a ceasefire nobody has dated: pending, with the reason.
        assert!(
            ukr[0].pending.as_deref().is_some_and(|p| p.contains("only after `ceasefire`")),
            "{:?}",
            ukr[0].pending
        );
    }

    #[test]
    fn ties_on_a_date_list_treaties_in_library_order() {
        let lib = lib();
        let keys: Vec<String> = on(&lib, d("2005-01-01"), Options::default()).iter().map(Ties::key).collect();
        assert_eq!(keys, ["pact/art1", "pact/art2", "shield/guarantee", "shield/umbrella"]);
    }
}
