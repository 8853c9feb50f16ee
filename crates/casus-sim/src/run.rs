//! One cascade: rounds of commitments coming due and guarantors deciding.

use serde::Serialize;

use casus_core::vocab::{Strength, VerdictKind};

use crate::graph::{Due, Graph};

/// Which side of the war a state is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The first victim's side.
    Defender,
    /// The first attacker's side.
    Attacker,
}

/// A state entering the war.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entry {
    /// The state.
    pub state: String,
    /// The round it entered in (1 = answering the first incident).
    pub round: u32,
    /// Its side.
    pub side: Side,
    /// The state it protects (the beneficiary of the commitment it honoured).
    pub protecting: String,
    /// The states it fights.
    pub against: Vec<String>,
    /// The commitment it honoured, `treaty/id`.
    pub commitment: String,
    /// The commitment's strength.
    pub strength: Option<Strength>,
}

/// An indeterminate commitment that a deterministic cascade did not follow.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Branch {
    /// The round.
    pub round: u32,
    /// `treaty/id`.
    pub commitment: String,
    /// The protected state.
    pub protecting: String,
    /// The guarantors who would decide.
    pub guarantors: Vec<String>,
    /// What it waits for.
    pub unknowns: Vec<String>,
}

/// The outcome of one cascade.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Cascade {
    /// The first incident, described.
    pub incident: String,
    /// The first attackers.
    pub attackers: Vec<String>,
    /// The first victim.
    pub victim: String,
    /// States entering, in order.
    pub entries: Vec<Entry>,
    /// Branches not followed (deterministic mode).
    pub branches: Vec<Branch>,
    /// How many rounds had something happen.
    pub rounds: u32,
}

impl Cascade {
    /// Every belligerent: attackers, victim and entrants, with their sides.
    pub fn belligerents(&self) -> Vec<(String, Side)> {
        let mut out: Vec<(String, Side)> = self.attackers.iter().map(|a| (a.clone(), Side::Attacker)).collect();
        out.push((self.victim.clone(), Side::Defender));
        out.extend(self.entries.iter().map(|e| (e.state.clone(), e.side)));
        out
    }
}

/// The deterministic rule: which commitments are honoured.
#[derive(Clone, Copy, Debug)]
pub struct Threshold {
    /// Honour triggered commitments whose strength is at least this.
    pub strength: Strength,
}

impl Default for Threshold {
    /// Discretionary: pledges of assistance make belligerents; consultation does not.
    fn default() -> Self {
        Threshold { strength: Strength::Discretionary }
    }
}

/// Scratch space for one run, reused across runs on a thread.
#[derive(Default)]
pub(crate) struct Scratch {
    pub side: Vec<Option<Side>>,
    frontier: Vec<(u16, u16)>,
    next: Vec<(u16, u16)>,
    /// (treaty, beneficiary, guarantor) already decided in this run.
    decided: Vec<(u16, u16, u16)>,
}

/// Runs one cascade over the graph; `decide(due, guarantor_position, round)` says whether a
/// guarantor honours. `on_enter` sees every entry; `on_branch` every undecided commitment.
pub(crate) fn walk(
    g: &Graph,
    max_rounds: u32,
    scratch: &mut Scratch,
    mut decide: impl FnMut(&Due, usize) -> bool,
    mut on_enter: impl FnMut(u32, &Due, u16, &[u16], Side),
) -> u32 {
    let n = g.states.len();
    scratch.side.clear();
    scratch.side.resize(n, None);
    for &a in &g.attackers {
        scratch.side[a as usize] = Some(Side::Attacker);
    }
    scratch.side[g.victim as usize] = Some(Side::Defender);
    scratch.frontier.clear();
    scratch.decided.clear();
    let mut rounds = 0;
    // Round 1 answers the first incident; its "attackers" are the first attackers.
    let mut round = 1;
    let mut dues: Vec<(&[Due], Vec<u16>)> = vec![(&g.initial, g.attackers.clone())];
    while round <= max_rounds && !dues.is_empty() {
        scratch.next.clear();
        let mut any = false;
        for (list, attackers) in &dues {
            for due in list.iter() {
                let side = scratch.side[due.beneficiary as usize].unwrap_or(Side::Defender);
                for (k, &gu) in due.guarantors.iter().enumerate() {
                    if scratch.side[gu as usize].is_some() || attackers.contains(&gu) {
                        continue;
                    }
                    // A guarantor decides once per treaty and protected state in a war,
                    // however many strikes make the commitment due again.
                    let decision = (due.treaty, due.beneficiary, gu);
                    if scratch.decided.contains(&decision) {
                        continue;
                    }
                    scratch.decided.push(decision);
                    if decide(due, k) {
                        scratch.side[gu as usize] = Some(side);
                        on_enter(round, due, gu, attackers, side);
                        any = true;
                        for &a in attackers {
                            scratch.next.push((gu, a));
                        }
                    }
                }
            }
        }
        if any {
            rounds = round;
        }
        scratch.next.sort_unstable();
        scratch.next.dedup();
        std::mem::swap(&mut scratch.frontier, &mut scratch.next);
        dues = scratch
            .frontier
            .iter()
            .filter_map(|&(s, t)| g.attacks.get(&(s, t)).map(|d| (d.as_slice(), vec![s])))
            .collect();
        round += 1;
    }
    rounds
}

/// The deterministic cascade: every triggered defence or offence commitment of at least
/// the threshold strength is honoured by all its guarantors; indeterminate ones are
/// reported as branches and not followed.
pub fn deterministic(g: &Graph, threshold: Threshold, max_rounds: u32) -> Cascade {
    let mut scratch = Scratch::default();
    let mut entries = Vec::new();
    let mut branches: Vec<Branch> = Vec::new();
    let rounds = walk(
        g,
        max_rounds,
        &mut scratch,
        |due, _| match due.verdict {
            VerdictKind::Triggered => due.strength.is_some_and(|s| s >= threshold.strength),
            _ => false,
        },
        |round, due, gu, attackers, side| {
            entries.push(Entry {
                state: g.name(gu).to_string(),
                round,
                side,
                protecting: g.name(due.beneficiary).to_string(),
                against: attackers.iter().map(|&a| g.name(a).to_string()).collect(),
                commitment: due.key.clone(),
                strength: due.strength,
            });
        },
    );
    let mut sides: std::collections::BTreeSet<String> = g.attackers.iter().map(|&a| g.name(a).to_string()).collect();
    sides.insert(g.name(g.victim).to_string());
    sides.extend(entries.iter().map(|e| e.state.clone()));
    // Branches: indeterminate commitments met along the way (initial, and those of the
    // attacks that were made).
    let belligerent: std::collections::BTreeSet<&str> = sides.iter().map(String::as_str).collect();
    let mut seen_branches: std::collections::BTreeSet<(String, u16)> = std::collections::BTreeSet::new();
    let mut visit = |round: u32, list: &[Due]| {
        for d in list.iter().filter(|d| d.verdict == VerdictKind::Indeterminate) {
            if !seen_branches.insert((d.key.clone(), d.beneficiary)) {
                continue;
            }
            let open: Vec<String> = d
                .guarantors
                .iter()
                .map(|&x| g.name(x))
                .filter(|x| !belligerent.contains(x))
                .map(str::to_string)
                .collect();
            if !open.is_empty() {
                branches.push(Branch {
                    round,
                    commitment: d.key.clone(),
                    protecting: g.name(d.beneficiary).to_string(),
                    guarantors: open,
                    unknowns: d.unknowns.clone(),
                });
            }
        }
    };
    visit(1, &g.initial);
    for e in &entries {
        for a in &e.against {
            let (s, t) = (g.states.iter().position(|x| *x == e.state), g.states.iter().position(|x| x == a));
            if let (Some(s), Some(t)) = (s, t)
                && let Some(list) = g.attacks.get(&(s as u16, t as u16))
            {
                visit(e.round + 1, list);
            }
        }
    }
    Cascade {
        incident: g.incident.clone(),
        attackers: g.attackers.iter().map(|&a| g.name(a).to_string()).collect(),
        victim: g.name(g.victim).to_string(),
        entries,
        branches,
        rounds,
    }
}
