//! ATOP alliances as casus treaties, so that the evaluator and the simulator can use them.
//!
//! Each alliance becomes the treaty `atop-N`: in force from its begin date to its end date
//! (open while ATOP has it in force in 2018), with a party per member state over the union
//! of its member-file periods (unknown days taken as the first of the month on entry and
//! the last on exit), and one commitment per obligation ATOP codes:
//!
//! | ATOP | commitment | trigger | owed |
//! | --- | --- | --- | --- |
//! | `defense` | `defence` | armed attack on a partner | obligatory |
//! | `offense` | `offence` | use of force, in the offensive action the treaty names (judged) | obligatory |
//! | `neutral` | `neutrality` | use of force against a partner (armed attack with `neucoatt`) | obligatory |
//! | `nonagg` | `non-aggression` | threat against a partner | assurance |
//! | `consul` | `consultation` | threat against a partner | consultation |
//!
//! The guarantors are the members whose rows carry the obligation (all of them: `all
//! parties except beneficiary`); the beneficiaries are all parties, except in the alliances
//! whose pledges are owed only to some partners (`obvary`): there the per-partner table of
//! [`super::partners`] names the partners each member owes, and the commitment's
//! beneficiaries are those states (Locarno's guarantee protects Germany, France and
//! Belgium, not the guarantors). Conditions become casus conditions where
//! the model can say them — a specific adversary named in `statthr1`/`statthr2` becomes
//! `if attacker …`, non-provocation becomes `if unprovoked` — and judged conditions
//! otherwise (location, a specific conflict, the number of attackers, a demand, a
//! request), so that the evaluator answers *indeterminate* rather than guess. Members
//! whose conditions differ get separate commitments (`defence`, `defence-2`, …). Every
//! commitment's clause is "ATOP 5.1, atopid N".
//!
//! Phases: where a member pledges something else in one phase than in another (21
//! alliances: the EU's defence clause from the Lisbon phase, the Anglo-Polish pledge limited
//! to Germany from 25 August 1939, …), each phase is a treaty of its own, `atop-N-pK`, in
//! force from its members' first entry to their last exit and citing "ATOP 5.1, atopid N,
//! phase K"; where phases change only the membership, the alliance stays one treaty. A named
//! adversary keeps every code it has while the pledge holds (Yugoslavia named in 1995 is
//! also Serbia and Montenegro, then Serbia). COW codes are written as ISO alpha-3
//! codes through casus's state table, renamed states by date (the Soviet Union becomes
//! Russia on 26 December 1991, …); COW states that never had an ISO code are written with
//! COW's abbreviation (`AUH` Austria-Hungary, `BAV` Bavaria, `RVN` Republic of Vietnam, `KRE`
//! Korea before 1905). A member code no state of the table has (ATOP's 8152) is left out
//! and listed by [`unmapped_members`]; an alliance left with fewer than two parties is left
//! out whole.

use std::collections::{BTreeMap, BTreeSet};

use casus_core::Library;
use casus_core::model::{
    Clause, Commitment, Condition, Date, Member as SetMember, Membership, Origin, Response, SetExpr, Treaty, Trigger,
};
use casus_core::vocab::{Act, Kind, Strength};
use casus_syntax::Spanned;

use super::{AtopData, AtopDate, Conditions, Member, VERSION};

/// Converts every ATOP alliance into a casus treaty `atop-N` (or one treaty per phase,
/// `atop-N-pK`, where the members' pledges change between phases), in ascending `atopid`
/// order.
pub fn to_library(atop: &AtopData) -> Library {
    let mut by_id: BTreeMap<u32, Vec<&Member>> = BTreeMap::new();
    for m in &atop.members {
        by_id.entry(m.atopid).or_default().push(m);
    }
    let mut library = Library::default();
    for (atopid, members) in by_id {
        if pledges_change_between_phases(&members) {
            let mut phases: Vec<u8> = members.iter().map(|m| m.phase).collect();
            phases.sort_unstable();
            phases.dedup();
            for phase in phases {
                let rows: Vec<&Member> = members.iter().copied().filter(|m| m.phase == phase).collect();
                library.treaties.extend(treaty(atop, atopid, Some(phase), &rows));
            }
        } else {
            library.treaties.extend(treaty(atop, atopid, None, &members));
        }
    }
    library
}

/// The alliance a treaty of [`to_library`] stands for: `atop-3180` and `atop-4175-p2` give
/// 3180 and 4175; other ids give `None`.
pub fn alliance_of(treaty_id: &str) -> Option<u32> {
    let rest = treaty_id.strip_prefix("atop-")?;
    rest.split_once("-p").map_or(rest, |(n, _)| n).parse().ok()
}

/// Whether some member pledges something else (obligations, conditions, adversaries or the
/// partners owed) in one phase than in another: then each phase is a treaty of its own, so
/// that a pledge holds only while ATOP codes it (the EU's defence clause from the Lisbon
/// phase on, the Anglo-Polish pledge limited to Germany from 25 August 1939).
fn pledges_change_between_phases(members: &[&Member]) -> bool {
    type Pledge = (super::Obligations, super::MemberConditions, Vec<u16>, Vec<(u16, super::Obligations)>);
    let mut by_state: BTreeMap<u16, Vec<Pledge>> = BTreeMap::new();
    for m in members {
        let mut threats = m.threats.clone();
        threats.sort_unstable();
        let partners: Vec<(u16, super::Obligations)> = super::partners::PARTNERS
            .iter()
            .filter(|p| (p.atopid, p.phase, p.member) == (m.atopid, m.phase, m.ccode))
            .map(|p| (p.partner, p.owes))
            .collect();
        by_state.entry(m.ccode).or_default().push((m.obligations, m.conditions, threats, partners));
    }
    by_state.values().any(|pledges| pledges.windows(2).any(|w| w[0] != w[1]))
}

/// The members [`to_library`] leaves out because no state of casus's table has their code, as
/// `(atopid, ccode)` pairs, ascending.
pub fn unmapped_members(atop: &AtopData) -> Vec<(u32, u16)> {
    let set: BTreeSet<(u32, u16)> = atop
        .members
        .iter()
        .filter(|m| alpha3_periods(m.ccode, m.entry.first_day().unwrap_or(Date::MIN), None).is_empty())
        .map(|m| (m.atopid, m.ccode))
        .collect();
    set.into_iter().collect()
}

/// The treaty of one alliance, or of one `phase` of it (from its members' first entry to
/// their last exit).
fn treaty(atop: &AtopData, atopid: u32, phase: Option<u8>, members: &[&Member]) -> Option<Treaty> {
    let alliance = atop.alliances.iter().find(|a| a.atopid == atopid);
    let first_entry = members.iter().map(|m| m.entry).min();
    let last_exit = if members.iter().any(|m| m.exit.is_none()) {
        alliance.and_then(|a| a.end)
    } else {
        members.iter().filter_map(|m| m.exit).max()
    };
    let (begin, end) = match (phase, alliance) {
        (None, Some(a)) => (a.begin, a.end),
        _ => (first_entry?, last_exit),
    };
    let in_force = begin.first_day()?;
    let terminated = end.and_then(AtopDate::last_day);
    let (id, name, citation) = match phase {
        None => {
            (format!("atop-{atopid}"), format!("ATOP alliance {atopid}"), format!("ATOP {VERSION}, atopid {atopid}"))
        }
        Some(p) => (
            format!("atop-{atopid}-p{p}"),
            format!("ATOP alliance {atopid}, phase {p}"),
            format!("ATOP {VERSION}, atopid {atopid}, phase {p}"),
        ),
    };

    // Parties: the union of each alpha-3 code's periods within the treaty's life.
    let mut periods: BTreeMap<&'static str, Vec<(Date, Option<Date>)>> = BTreeMap::new();
    for m in members {
        let from = m.entry.first_day().unwrap_or(in_force).max(in_force);
        let mut until = m.exit.and_then(AtopDate::last_day);
        if let Some(t) = terminated {
            until = Some(until.map_or(t, |u| u.min(t)));
        }
        for (code, f, u) in alpha3_periods(m.ccode, from, until) {
            periods.entry(code).or_default().push((f, u));
        }
    }
    if periods.len() < 2 {
        return None;
    }
    let mut parties = Vec::new();
    for (code, mut list) in periods {
        list.sort();
        let mut merged: Vec<(Date, Option<Date>)> = Vec::new();
        for (f, u) in list {
            match merged.last_mut() {
                Some((_, last_u)) if last_u.is_none_or(|lu| f <= lu) => {
                    *last_u = match (*last_u, u) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                _ => merged.push((f, u)),
            }
        }
        for (f, u) in merged {
            parties.push(Membership {
                contested: None,
                state: Spanned::detached(code.to_string()),
                from: (f > in_force).then(|| Spanned::detached(f)),
                until: u.map(Spanned::detached),
                suspended: false,
            });
        }
    }
    let party_codes: BTreeSet<&str> = parties.iter().map(|p| p.state.value.as_str()).collect();

    let mut commitments = Vec::new();
    for kind in KINDS {
        // Guarantors grouped by the conditions they attach and the partners they owe (`None`: all).
        let mut groups: BTreeMap<GroupKey, BTreeSet<&'static str>> = BTreeMap::new();
        for m in members.iter().filter(|m| kind.pledged(&m.obligations)) {
            let at = m.entry.first_day().unwrap_or(in_force);
            let owed = owed_partners(&kind, m, members, at, &party_codes);
            if owed.as_ref().is_some_and(Vec::is_empty) {
                continue;
            }
            let threats: Vec<&'static str> = if kind.conditions(m).adversary {
                // Every code the adversary has while the pledge holds: Yugoslavia named in 1995
                // is Serbia and Montenegro from 1992 and Serbia from 2006.
                let until = m.exit.and_then(AtopDate::last_day);
                let mut t: Vec<&'static str> = m
                    .threats
                    .iter()
                    .flat_map(|&c| alpha3_periods(c, at, until).into_iter().map(|(code, _, _)| code))
                    .collect();
                t.sort_unstable();
                t.dedup();
                t
            } else {
                Vec::new()
            };
            let key = (ConditionKey::of(kind.conditions(m)), threats, owed);
            let from = m.entry.first_day().unwrap_or(in_force).max(in_force);
            let until = m.exit.and_then(AtopDate::last_day);
            for (code, _, _) in alpha3_periods(m.ccode, from, until) {
                if party_codes.contains(code) {
                    groups.entry(key.clone()).or_default().insert(code);
                }
            }
        }
        for (n, ((cond, threats, owed), guarantors)) in groups.into_iter().enumerate() {
            let id = if n == 0 { kind.id.to_string() } else { format!("{}-{}", kind.id, n + 1) };
            let group = Group { cond, threats, owed, guarantors };
            commitments.push(commitment(&kind, id, &citation, &group, &party_codes));
        }
    }
    Some(Treaty {
        id: Spanned::detached(id),
        name,
        status: None,
        signed: None,
        in_force: Some(Spanned::detached(in_force)),
        terminated: terminated.map(Spanned::detached),
        duration: None,
        sources: vec![Spanned::detached(format!("{citation} ({})", crate::Dataset::Atop.url()))],
        parties,
        events: Vec::new(),
        bodies: Vec::new(),
        active_after: None,
        attribution: None,
        areas: Vec::new(),
        commitments,
        span: Origin::default(),
        file: Origin::default(),
    })
}

/// One obligation ATOP codes, and how it reads as a commitment.
struct KindSpec {
    id: &'static str,
    kind: Kind,
    title: &'static str,
    act: Act,
    owe: &'static str,
    strength: Strength,
    /// Whether the guarantor set includes the beneficiary itself (consultation does).
    includes_beneficiary: bool,
}

const KINDS: [KindSpec; 5] = [
    KindSpec {
        id: "defence",
        kind: Kind::Defence,
        title: "Defence (ATOP defense)",
        act: Act::ArmedAttack,
        owe: "active military support if a partner is attacked",
        strength: Strength::Obligatory,
        includes_beneficiary: false,
    },
    KindSpec {
        id: "offence",
        kind: Kind::Offence,
        title: "Offence (ATOP offense)",
        act: Act::UseOfForce,
        owe: "active military support in the offensive action the treaty names",
        strength: Strength::Obligatory,
        includes_beneficiary: false,
    },
    KindSpec {
        id: "neutrality",
        kind: Kind::Neutrality,
        title: "Neutrality (ATOP neutral)",
        act: Act::UseOfForce,
        owe: "neutrality: no aid to the partner's adversary",
        strength: Strength::Obligatory,
        includes_beneficiary: false,
    },
    KindSpec {
        id: "non-aggression",
        kind: Kind::NonAggression,
        title: "Non-aggression (ATOP nonagg)",
        act: Act::Threat,
        owe: "not to use force against the partner",
        strength: Strength::Assurance,
        includes_beneficiary: false,
    },
    KindSpec {
        id: "consultation",
        kind: Kind::Consultation,
        title: "Consultation (ATOP consul)",
        act: Act::Threat,
        owe: "consultation in a crisis",
        strength: Strength::Consultation,
        includes_beneficiary: true,
    },
];

/// How guarantors are grouped into one commitment: conditions, named adversaries, and the
/// partners owed (`None` for every partner).
type GroupKey = (ConditionKey, Vec<&'static str>, Option<Vec<&'static str>>);

/// One commitment's guarantors and what they share.
struct Group {
    cond: ConditionKey,
    threats: Vec<&'static str>,
    owed: Option<Vec<&'static str>>,
    guarantors: BTreeSet<&'static str>,
}

/// The partners (alpha-3 codes) that member row `m` owes `kind` to, when the per-partner
/// table leaves some of them out; `None` when it owes every partner of its phase.
fn owed_partners(
    kind: &KindSpec,
    m: &Member,
    members: &[&Member],
    at: Date,
    parties: &BTreeSet<&str>,
) -> Option<Vec<&'static str>> {
    let partners = members.iter().filter(|n| n.phase == m.phase && n.ccode != m.ccode);
    let mut owed = BTreeSet::new();
    let mut all = true;
    for n in partners {
        let owes = super::partners::lookup(m.atopid, m.phase, m.ccode, n.ccode).is_none_or(|o| kind.pledged(&o));
        match alpha3_at(n.ccode, at).filter(|c| parties.contains(c)) {
            Some(code) if owes => {
                owed.insert(code);
            }
            Some(_) => all = false,
            // A partner casus cannot name is neither owed nor left out.
            None => {}
        }
    }
    (!all).then(|| owed.into_iter().collect())
}

impl KindSpec {
    fn pledged(&self, o: &super::Obligations) -> bool {
        match self.kind {
            Kind::Defence => o.defense,
            Kind::Offence => o.offense,
            Kind::Neutrality => o.neutral,
            Kind::NonAggression => o.nonagg,
            _ => o.consul,
        }
    }

    fn conditions(&self, m: &Member) -> Conditions {
        let c = &m.conditions;
        match self.kind {
            Kind::Defence => c.defense,
            Kind::Offence => c.offense,
            Kind::Neutrality => c.neutral,
            Kind::Consultation => c.consul,
            _ => Conditions::default(),
        }
    }

    /// The ATOP variable prefix of the kind's conditions.
    fn prefix(&self) -> &'static str {
        match self.kind {
            Kind::Defence => "def",
            Kind::Offence => "off",
            Kind::Neutrality => "neu",
            _ => "con",
        }
    }
}

/// The conditions of one guarantor group, ordered for grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ConditionKey([bool; 9]);

impl ConditionKey {
    fn of(c: Conditions) -> ConditionKey {
        ConditionKey([
            c.any,
            c.adversary,
            c.location,
            c.conflict,
            c.number,
            c.demand,
            c.non_provocation,
            c.attacked,
            c.request,
        ])
    }
}

fn commitment(kind: &KindSpec, id: String, citation: &str, group: &Group, parties: &BTreeSet<&str>) -> Commitment {
    let Group { cond, threats, owed, guarantors } = group;
    let [any, adversary, location, conflict, number, demand, non_provocation, attacked, request] = cond.0;
    let p = kind.prefix();
    let judged = |what: String| Spanned::detached(Condition::Judged { what, by: None });
    let mut conditions = Vec::new();
    if kind.kind == Kind::Offence {
        conditions.push(judged("the partner undertakes the offensive action the treaty names (ATOP offense)".into()));
    }
    if adversary {
        if threats.is_empty() {
            conditions.push(judged(format!("the attacker is the adversary the treaty names (ATOP {p}coadv)")));
        } else {
            conditions.push(Spanned::detached(Condition::Attacker {
                states: threats.iter().map(|s| Spanned::detached(s.to_string())).collect(),
            }));
        }
    }
    if location {
        conditions.push(judged(format!("the conflict is in the location the treaty names (ATOP {p}coloc)")));
    }
    if conflict {
        conditions.push(judged(format!("the conflict is the one the treaty names (ATOP {p}cocon)")));
    }
    if number {
        conditions.push(judged(format!("as many states attack as the treaty requires (ATOP {p}conum)")));
    }
    if demand {
        conditions.push(judged(format!("a demand the treaty names is not complied with (ATOP {p}codem)")));
    }
    if non_provocation {
        conditions.push(Spanned::detached(Condition::Unprovoked));
    }
    if request {
        conditions.push(judged("a partner requests consultation (ATOP concoreq)".into()));
    }
    let specific = adversary || location || conflict || number || demand || non_provocation || attacked || request;
    if any && !specific {
        conditions.push(judged(format!("the conditions the treaty sets hold (ATOP {p}con)")));
    }
    let act = if kind.kind == Kind::Neutrality && attacked { Act::ArmedAttack } else { kind.act };
    let all = guarantors.len() == parties.len() && guarantors.iter().all(|g| parties.contains(g));
    let include = if all {
        vec![Spanned::detached(SetMember::AllParties)]
    } else {
        guarantors.iter().map(|g| Spanned::detached(SetMember::State(g.to_string()))).collect()
    };
    let except = if kind.includes_beneficiary { Vec::new() } else { vec![Spanned::detached(SetMember::Beneficiary)] };
    let beneficiaries = match owed {
        None => vec![Spanned::detached(SetMember::AllParties)],
        Some(codes) => codes.iter().map(|c| Spanned::detached(SetMember::State(c.to_string()))).collect(),
    };
    Commitment {
        id: Spanned::detached(id),
        kind: Spanned::detached(kind.kind),
        title: kind.title.to_string(),
        clause: Some(Clause { text: Spanned::detached(citation.to_string()), source: None }),
        guarantors: SetExpr { include, except },
        beneficiaries: SetExpr { include: beneficiaries, except: Vec::new() },
        trigger: Trigger { act: Spanned::detached(act), severity: None, objects: Vec::new(), within: Vec::new() },
        conditions,
        void_if: Vec::new(),
        responses: vec![Response {
            text: kind.owe.to_string(),
            strength: Spanned::detached(kind.strength),
            within: None,
            constitutional: false,
        }],
        attribution: None,
        span: Origin::default(),
    }
}

/// COW codes that stand for states ISO codes differently over time: `(ccode, alpha-3, from)`,
/// each code in force from its date until the next row of the same COW code.
const RENAMES: &[(u16, &str, (i16, i8, i8))] = &[
    (345, "YUG", (1000, 1, 1)),
    (345, "SCG", (1992, 4, 27)),
    (345, "SRB", (2006, 6, 5)),
    (365, "SUN", (1000, 1, 1)),
    (365, "RUS", (1991, 12, 26)),
    (434, "DHY", (1000, 1, 1)),
    (434, "BEN", (1975, 11, 30)),
    (439, "HVO", (1000, 1, 1)),
    (439, "BFA", (1984, 8, 4)),
    (490, "COD", (1000, 1, 1)),
    (490, "ZAR", (1971, 10, 27)),
    (490, "COD", (1997, 5, 17)),
    (552, "RHO", (1000, 1, 1)),
    (552, "ZWE", (1980, 4, 18)),
    (775, "BUR", (1000, 1, 1)),
    (775, "MMR", (1989, 6, 18)),
    (816, "VDR", (1000, 1, 1)),
    (816, "VNM", (1976, 7, 2)),
    // The Federal Republic of Germany (COW 260, 1955–1990) held ISO's `DEU`, and the Yemen
    // Arab Republic (COW 678, 1926–1990) ISO's `YEM`.
    (260, "DEU", (1000, 1, 1)),
    (678, "YEM", (1000, 1, 1)),
];

/// The alpha-3 codes of `ccode` over `from..=until`, split where the code changes.
fn alpha3_periods(ccode: u16, from: Date, until: Option<Date>) -> Vec<(&'static str, Date, Option<Date>)> {
    let renames: Vec<(&'static str, Date)> = RENAMES
        .iter()
        .filter(|r| r.0 == ccode)
        .filter_map(|&(_, code, (y, m, d))| Some((code, Date::new(y, m, d).ok()?)))
        .collect();
    if renames.is_empty() {
        return alpha3(ccode).map(|code| vec![(code, from, until)]).unwrap_or_default();
    }
    let mut out = Vec::new();
    for (i, &(code, start)) in renames.iter().enumerate() {
        let next = renames.get(i + 1).map(|&(_, d)| d);
        let f = from.max(start);
        // The old code's period touches the new one's: it ends the day the new code starts.
        if next.is_some_and(|n| f >= n) || until.is_some_and(|u| f > u) {
            continue;
        }
        let u = match (until, next) {
            (Some(u), Some(n)) => Some(u.min(n)),
            (u, n) => u.or(n),
        };
        out.push((code, f, u));
    }
    out
}

/// The alpha-3 code of `ccode` on `date`.
fn alpha3_at(ccode: u16, date: Date) -> Option<&'static str> {
    alpha3_periods(ccode, date, Some(date)).first().map(|&(code, _, _)| code)
}

/// The one alpha-3 code casus's state table gives `ccode`.
fn alpha3(ccode: u16) -> Option<&'static str> {
    let mut codes = casus_core::states::with_cow(ccode).map(|s| s.alpha3);
    let first = codes.next()?;
    codes.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).expect("a date")
    }

    #[test]
    fn treaty_ids_name_their_alliance() {
        assert_eq!(alliance_of("atop-3180"), Some(3180));
        assert_eq!(alliance_of("atop-4175-p2"), Some(4175));
        assert_eq!(alliance_of("nato"), None);
    }

    #[test]
    fn renamed_states_split_by_date() {
        assert_eq!(
            alpha3_periods(365, d(1950, 1, 1), None),
            [("SUN", d(1950, 1, 1), Some(d(1991, 12, 26))), ("RUS", d(1991, 12, 26), None)]
        );
        assert_eq!(alpha3_periods(365, d(1992, 5, 15), None), [("RUS", d(1992, 5, 15), None)]);
        assert_eq!(
            alpha3_periods(365, d(1955, 5, 14), Some(d(1991, 7, 1))),
            [("SUN", d(1955, 5, 14), Some(d(1991, 7, 1)))]
        );
        assert_eq!(alpha3_at(345, d(2000, 1, 1)), Some("SCG"));
        assert_eq!(alpha3_at(260, d(1960, 1, 1)), Some("DEU"));
        assert_eq!(alpha3_periods(2, d(1900, 1, 1), None), [("USA", d(1900, 1, 1), None)]);
        assert_eq!(alpha3_periods(245, d(1850, 1, 1), None), [("BAV", d(1850, 1, 1), None)]);
        assert!(alpha3_periods(8152, d(1880, 1, 1), None).is_empty());
    }
}
