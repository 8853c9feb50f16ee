//! Generated incidents, the same for every run: the workload of the benchmarks (one
//! incident, a million from a file) and of the tests that hold two ways of evaluating equal
//! (with words and without, before and after a change).
//!
//! The incidents range over what the evaluator reads: actors (one state, two, a non-state
//! group, unknown), targets, dates from 1900 to 2030, every object kind, places given as a
//! declared region, as coordinates in Europe and the Middle East, or not at all, domains,
//! severities, intent, attribution, casualties, durations, initiators, weapons, whether
//! forces were hit, and the events and judgements the library names. Each is valid input:
//! the actor is never the target, every code and id is one the library knows.

use casus_syntax::Spanned;

use crate::Library;
use crate::model::{Actor, Condition, Coordinates, Fact, Incident, IncidentDuration, Period, VoidCondition};
use crate::vocab::{Confidence, Domain, ObjectKind, Severity, Tri, Unit, Vocabulary, Weapon};

/// The states incidents name: NATO's flanks, the guarantors of the Ukraine designs, the
/// parties to the historical guarantees and the Rio and ANZUS treaties.
pub const STATES: &[&str] = &[
    "POL", "EST", "LVA", "LTU", "USA", "UKR", "RUS", "BLR", "DEU", "TUR", "FRA", "GBR", "FIN", "SWE", "ROU", "GRC",
    "JPN", "KOR", "PRK", "CHN", "AUS", "VEN", "COL", "BRA", "ISR", "IRN", "SYR", "MDA", "GEO", "CAN",
];

/// A deterministic stream of pseudo-random numbers (SplitMix64): the same numbers for
/// the same seed on every machine, with no dependency.
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True once in `n` draws.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next_u64().is_multiple_of(n.max(1))
    }
}

/// What generated incidents draw their names from in a library: its declared regions, the
/// events its treaties date, the judgements its conditions wait for.
#[derive(Clone, Debug, Default)]
pub struct Names {
    regions: Vec<String>,
    events: Vec<String>,
    judgements: Vec<String>,
}

impl Names {
    /// The names of `lib`, in library order without repeats.
    pub fn of(lib: &Library) -> Names {
        let mut n = Names::default();
        let add = |list: &mut Vec<String>, s: &str| {
            if !list.iter().any(|x| x == s) {
                list.push(s.to_string());
            }
        };
        for r in &lib.regions {
            add(&mut n.regions, &r.id.value);
        }
        for t in &lib.treaties {
            for e in &t.events {
                add(&mut n.events, &e.id.value);
            }
            for c in &t.commitments {
                for cond in &c.conditions {
                    if let Condition::Judged { what, .. } = &cond.value {
                        add(&mut n.judgements, what);
                    }
                }
                for v in &c.void_if {
                    if let VoidCondition::Judged { what } = &v.value {
                        add(&mut n.judgements, what);
                    }
                }
            }
        }
        n
    }
}

fn word<T: Vocabulary>(r: &mut SplitMix) -> T {
    r.pick(T::WORDS).1
}

/// Incident number `n` of the stream `seed`: the same incident on every run.
pub fn incident(names: &Names, seed: u64, n: u64) -> Incident {
    let mut r = SplitMix::new(seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let target = *r.pick(STATES);
    let mut other = || loop {
        let s = *r.pick(STATES);
        if s != target {
            return s;
        }
    };
    let first = other();
    let second = other();
    let actor = match r.below(10) {
        0 => Actor::Unknown,
        1 => Actor::NonState(String::new()),
        2 if first != second => Actor::States(vec![Spanned::detached(first.into()), Spanned::detached(second.into())]),
        _ => Actor::States(vec![Spanned::detached(first.into())]),
    };
    let initiator = r.one_in(8).then(|| Spanned::detached(if r.one_in(2) { target } else { first }.to_string()));
    let year = 1900 + r.below(131) as i16;
    let on = jiff::civil::date(year, 1 + r.below(12) as i8, 1 + r.below(28) as i8);
    let (region, at) = match r.below(3) {
        0 if !names.regions.is_empty() => (Some(Spanned::detached(r.pick(&names.regions).clone())), None),
        1 => {
            let lat = 30.0 + r.below(4000) as f64 / 100.0;
            let lon = -10.0 + r.below(6000) as f64 / 100.0;
            (None, Some(Spanned::detached(Coordinates { lat, lon })))
        }
        _ => (None, None),
    };
    let maybe = |r: &mut SplitMix| !r.one_in(5);
    let severity = maybe(&mut r).then(|| Spanned::detached(word::<Severity>(&mut r)));
    let object = maybe(&mut r).then(|| Spanned::detached(word::<ObjectKind>(&mut r)));
    let intentional = maybe(&mut r).then(|| Spanned::detached(word::<Tri>(&mut r)));
    let attribution = r.one_in(2).then(|| Spanned::detached(word::<Confidence>(&mut r)));
    let forces_hit = r.one_in(3).then(|| Spanned::detached(word::<Tri>(&mut r)));
    let domains = if r.one_in(2) { vec![Spanned::detached(word::<Domain>(&mut r))] } else { Vec::new() };
    let weapons = if r.one_in(3) { vec![Spanned::detached(word::<Weapon>(&mut r))] } else { Vec::new() };
    let casualties = r.one_in(2).then(|| r.below(5000) as u32);
    let duration = match r.below(4) {
        0 => Some(IncidentDuration::SingleStrike),
        1 => Some(IncidentDuration::Sustained(Period { amount: 1 + r.below(60) as u32, unit: word::<Unit>(&mut r) })),
        _ => None,
    };
    let fact = |r: &mut SplitMix, list: &[String]| {
        (!list.is_empty() && r.one_in(4))
            .then(|| Fact { what: Spanned::detached(r.pick(list).clone()), answer: word::<Tri>(r) })
    };
    let given = fact(&mut r, &names.events).into_iter().collect();
    let judged = fact(&mut r, &names.judgements).into_iter().collect();
    Incident {
        on: Some(Spanned::detached(on)),
        actor,
        target: Some(Spanned::detached(target.to_string())),
        object,
        region,
        at,
        severity,
        intentional,
        attribution,
        forces_hit,
        domains,
        weapons,
        casualties,
        duration,
        initiator,
        given,
        judged,
        ..Incident::new(format!("g{n}"), "generated")
    }
}

/// The first `count` incidents of the stream `seed`.
pub fn incidents(lib: &Library, seed: u64, count: u64) -> Vec<Incident> {
    let names = Names::of(lib);
    (0..count).map(|n| incident(&names, seed, n)).collect()
}
