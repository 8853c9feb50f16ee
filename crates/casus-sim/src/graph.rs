//! The commitments that come due for every attack a cascade can reach, evaluated once.
//!
//! Which commitments an attack of `s` on `t` triggers does not depend on the round or on
//! the random draws, so the graph evaluates each reachable (attacker, target) pair once;
//! the runs then only walk it. That is what makes 100,000 Monte Carlo runs cheap.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use casus_core::Library;
use casus_core::eval::{Evaluator, Options};
use casus_core::model::{Actor, Incident};
use casus_core::vocab::{Confidence, Domain, Kind, ObjectKind, Severity, Strength, Tri, VerdictKind};
use casus_syntax::Spanned;
use serde::Serialize;

use crate::params::Params;

/// A commitment that comes due, with who owes it and how likely each is to honour it.
#[derive(Clone, Debug, Serialize)]
pub struct Due {
    /// `treaty/commitment`.
    pub key: String,
    /// The treaty's index in [`Graph::treaties`].
    pub treaty: u16,
    /// The protected state (the target of the attack).
    pub beneficiary: u16,
    /// Triggered or indeterminate.
    pub verdict: VerdictKind,
    /// The strongest response owed.
    pub strength: Option<Strength>,
    /// The guarantors (state indices).
    pub guarantors: Vec<u16>,
    /// The probability that each guarantor honours it (same order), before the
    /// indeterminate factor.
    pub probabilities: Vec<f64>,
    /// For an indeterminate verdict, the inputs it waits for.
    pub unknowns: Vec<String>,
}

/// Every attack a cascade can reach, with the commitments it makes due.
#[derive(Clone, Debug)]
pub struct Graph {
    /// State codes by index.
    pub states: Vec<String>,
    /// Treaty ids by index (those with a commitment in the graph).
    pub treaties: Vec<String>,
    /// Who acted first (indices; empty for a non-state or unknown actor).
    pub attackers: Vec<u16>,
    /// The first victim.
    pub victim: u16,
    /// The commitments the first incident makes due.
    pub initial: Vec<Due>,
    /// The commitments an attack of `.0` on `.1` makes due.
    pub attacks: BTreeMap<(u16, u16), Vec<Due>>,
    /// The honour probabilities the graph was built with.
    pub params: Params,
    /// A one-line description of the first incident.
    pub incident: String,
}

impl Graph {
    /// Evaluates the first incident and every counter-attack reachable within `max_rounds`.
    /// `options.hypothetical` counts proposed designs as if in force.
    pub fn build(lib: &Library, incident: &Incident, params: &Params, options: Options, max_rounds: u32) -> Graph {
        let ev = Evaluator::new(lib, options);
        let mut g = Graph {
            states: Vec::new(),
            treaties: Vec::new(),
            attackers: Vec::new(),
            victim: 0,
            initial: Vec::new(),
            attacks: BTreeMap::new(),
            params: params.clone(),
            incident: describe(incident),
        };
        let target = incident.target.as_ref().map_or_else(|| "???".to_string(), |t| t.value.clone());
        g.victim = g.index(&target);
        if let Actor::States(list) = &incident.actor {
            g.attackers = list.iter().map(|s| s.value.clone()).collect::<Vec<_>>().iter().map(|s| g.index(s)).collect();
        }
        let initiator = incident
            .initiator
            .as_ref()
            .map(|s| s.value.clone())
            .or_else(|| g.attackers.first().map(|&a| g.states[a as usize].clone()));
        g.initial = g.dues(&ev, incident, g.victim);
        // Breadth-first over counter-attacks: a guarantor of a due commitment may strike
        // the attacker; that strike may make the attacker's own commitments due.
        let mut queue: VecDeque<(u16, u16, u32)> = VecDeque::new();
        let mut seen: BTreeSet<(u16, u16)> = BTreeSet::new();
        let firsts: Vec<(u16, u16)> = g
            .initial
            .iter()
            .flat_map(|d| d.guarantors.iter().flat_map(|&gu| g.attackers.iter().map(move |&a| (gu, a))))
            .collect();
        for (s, t) in firsts {
            if s != t && seen.insert((s, t)) {
                queue.push_back((s, t, 2));
            }
        }
        while let Some((s, t, round)) = queue.pop_front() {
            let inc = counter_attack(incident, &g.states[s as usize], &g.states[t as usize], initiator.as_deref());
            let dues = g.dues(&ev, &inc, t);
            if round < max_rounds {
                for d in &dues {
                    for &h in &d.guarantors {
                        if h != s && seen.insert((h, s)) {
                            queue.push_back((h, s, round + 1));
                        }
                    }
                }
            }
            g.attacks.insert((s, t), dues);
        }
        g
    }

    fn index(&mut self, state: &str) -> u16 {
        match self.states.iter().position(|s| s == state) {
            Some(i) => i as u16,
            None => {
                self.states.push(state.to_string());
                (self.states.len() - 1) as u16
            }
        }
    }

    /// The defence and offence commitments protecting `beneficiary` that `incident` makes
    /// due (triggered or indeterminate), in library order.
    fn dues(&mut self, ev: &Evaluator<'_>, incident: &Incident, beneficiary: u16) -> Vec<Due> {
        // Only defence and offence commitments make a state enter, and only treaties the
        // target ever belongs to can protect it: the other verdicts are not computed (with
        // ATOP's alliances beside the library that is most of them).
        let target = incident.target.as_ref().map(|s| s.value.as_str());
        let e = ev.evaluate_only(incident, |t, c| {
            matches!(c.kind.value, Kind::Defence | Kind::Offence)
                && target.is_none_or(|x| t.parties.iter().any(|m| m.state.value == x))
        });
        let mut out = Vec::new();
        for v in e.verdicts {
            if !matches!(v.kind, Kind::Defence | Kind::Offence)
                || !matches!(v.verdict, VerdictKind::Triggered | VerdictKind::Indeterminate)
            {
                continue;
            }
            let guarantors: Vec<u16> = v.guarantors.iter().map(|s| self.index(s)).collect();
            let treaty = match self.treaties.iter().position(|t| *t == v.treaty) {
                Some(i) => i as u16,
                None => {
                    self.treaties.push(v.treaty.clone());
                    (self.treaties.len() - 1) as u16
                }
            };
            let probabilities =
                v.guarantors.iter().map(|s| self.params.probability(&v.treaty, &v.commitment, s, v.strength)).collect();
            out.push(Due {
                key: v.key(),
                treaty,
                beneficiary,
                verdict: v.verdict,
                strength: v.strength,
                guarantors,
                probabilities,
                unknowns: v.unknowns.iter().map(|u| u.input.clone()).collect(),
            });
        }
        out
    }

    /// The code of a state index.
    pub fn name(&self, i: u16) -> &str {
        &self.states[i as usize]
    }
}

/// The strike of a guarantor on the attacker: an intentional, attributed armed attack on
/// the attacker's forces where the war is being fought (the first incident's place), on
/// the same date, in a war begun by `initiator`. Placing it at the front rather than in
/// the attacker's homeland keeps alliances whose area is the homeland out unless the front
/// is in it.
fn counter_attack(base: &Incident, actor: &str, target: &str, initiator: Option<&str>) -> Incident {
    Incident {
        on: base.on.clone(),
        actor: Actor::States(vec![Spanned::detached(actor.to_string())]),
        attribution: Some(Spanned::detached(Confidence::Confirmed)),
        target: Some(Spanned::detached(target.to_string())),
        object: Some(Spanned::detached(ObjectKind::Forces)),
        region: base.region.clone(),
        at: base.at.clone(),
        domains: vec![Spanned::detached(Domain::Land), Spanned::detached(Domain::Air)],
        severity: Some(Spanned::detached(Severity::ArmedAttack)),
        intentional: Some(Spanned::detached(Tri::Yes)),
        initiator: initiator.map(|i| Spanned::detached(i.to_string())),
        weapons: base.weapons.clone(),
        given: base.given.clone(),
        judged: base.judged.clone(),
        ..Incident::new(format!("{actor}-strikes-{target}"), format!("{actor} strikes {target}'s forces"))
    }
}

fn describe(i: &Incident) -> String {
    let actor = match &i.actor {
        Actor::States(s) => s.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join("+"),
        Actor::NonState(n) if !n.is_empty() => n.clone(),
        Actor::NonState(_) => "a non-state actor".into(),
        Actor::Unknown => "an unknown actor".into(),
    };
    let target = i.target.as_ref().map_or("?", |t| t.value.as_str());
    let date = i.on.as_ref().map_or_else(|| "date unknown".to_string(), |d| d.value.to_string());
    format!("{actor} attacks {target} ({date})")
}
