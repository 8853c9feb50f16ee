//! Target (c), evaluation: an incident built from bytes with `arbitrary` — any date from
//! -9999 to 9999 (the extremes and the library's own dates often), any state code or
//! string, regions of the library and ISO 3166-2 codes, coordinates including NaN, the
//! infinities and values off the globe, any duration and casualty count — evaluated
//! against the built-in library as `casus eval` does, explained, its ties listed and its
//! cascade simulated. Half the inputs instead go through the command-line flags
//! (`--on`, `--at`, `--duration` …) as `casus eval` reads them, so both the flag parser and
//! the evaluator behind it are reached.
//!
//! An incident built directly may hold what no front end produces (a NaN coordinate, an
//! unknown state code): the evaluator is a library API (`casus-screen` builds incidents
//! from GDELT rows), so it must answer for any incident without a panic or a hang.

use arbitrary::{Result, Unstructured};
use casus_cli::incident::IncidentFlags;
use casus_core::eval::Options;
use casus_core::model::{Actor, Coordinates, Date, Fact, Incident, IncidentDuration, Period, Prior};
use casus_core::vocab::{Confidence, Domain, ObjectKind, PriorAct, Severity, Tri, Unit, Vocabulary, Weapon};
use casus_syntax::Spanned;

use crate::common;

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(flags) = u.arbitrary::<bool>() else { return };
    let lib = &common::builtin().library;
    let incident = if flags {
        let Ok(f) = incident_flags(&mut u) else { return };
        match f.incident(lib) {
            Ok(i) => i,
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        }
    } else {
        match incident(&mut u) {
            Ok(i) => i,
            Err(_) => return,
        }
    };
    let options = Options { hypothetical: u.arbitrary().unwrap_or(false) };
    common::evaluate(lib, &incident, options);
    if u.arbitrary::<bool>().unwrap_or(false) {
        let rounds = u.int_in_range(0..=4).unwrap_or(1);
        let runs = u.int_in_range(0..=8).unwrap_or(0);
        let seed = u.arbitrary().unwrap_or(0);
        common::simulate(lib, &incident, options, rounds, runs, seed);
    }
}

fn word<V: Vocabulary>(u: &mut Unstructured) -> Result<V> {
    Ok(u.choose(V::WORDS)?.1)
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::detached(value)
}

/// A state code: mostly a real one, sometimes a word of the library or any string.
fn state(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=9)? {
        0 => u.arbitrary::<String>()?,
        1 => u.choose(common::builtin_words())?.clone(),
        _ => {
            let all = casus_core::states::all();
            let i = u.choose_index(all.len())?;
            all.keys().nth(i).map_or_else(|| "USA".to_string(), |k| (*k).to_string())
        }
    })
}

/// A region: one the library declares, an ISO 3166-2 code the library's scenarios use, a
/// made-up subdivision code, or any string.
fn region(u: &mut Unstructured) -> Result<String> {
    let lib = &common::builtin().library;
    Ok(match u.int_in_range(0..=5)? {
        0 | 1 if !lib.regions.is_empty() => u.choose(&lib.regions)?.id.value.clone(),
        2 => {
            let used: Vec<&String> = lib.incidents.iter().filter_map(|i| i.region.as_ref().map(|r| &r.value)).collect();
            if used.is_empty() { "PL-06".to_string() } else { (*u.choose(&used)?).clone() }
        }
        3 => format!("{}-{}", state(u)?.get(..2).unwrap_or("XX"), u.int_in_range(0u8..=99)?),
        4 => u.choose(common::builtin_words())?.clone(),
        _ => u.arbitrary::<String>()?,
    })
}

/// A date from -9999-01-01 to 9999-12-31: the extremes, the library's dates and their
/// neighbours, or any day.
fn date(u: &mut Unstructured) -> Result<Date> {
    Ok(match u.int_in_range(0..=7)? {
        0 => Date::MIN,
        1 => Date::MAX,
        2..=4 => {
            let d = *u.choose(common::builtin_dates())?;
            match u.int_in_range(0..=2)? {
                0 => d.yesterday().unwrap_or(d),
                1 => d.tomorrow().unwrap_or(d),
                _ => d,
            }
        }
        _ => {
            let year = u.int_in_range(-9999i16..=9999)?;
            let month = u.int_in_range(1i8..=12)?;
            let day = u.int_in_range(1i8..=31)?;
            Date::new(year, month, day).or_else(|_| Date::new(year, month, 28)).unwrap_or(Date::MIN)
        }
    })
}

/// A degree value: special floats, the edges of the globe and beyond, the places of the
/// library's scenarios, or any bit pattern.
fn degrees(u: &mut Unstructured, near: f64, limit: f64) -> Result<f64> {
    Ok(match u.int_in_range(0..=9)? {
        0 => *u.choose(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, f64::MIN_POSITIVE, f64::MAX])?,
        1 => *u.choose(&[limit, -limit, limit + 1e-9, -limit - 1e-9, 2.0 * limit, 1e300])?,
        2 => f64::from_bits(u.arbitrary()?),
        3..=5 => near + f64::from(u.int_in_range(-1000i16..=1000)?) / 1000.0,
        _ => (f64::from(u.arbitrary::<u32>()?) / f64::from(u32::MAX) * 2.0 - 1.0) * limit,
    })
}

fn coordinates(u: &mut Unstructured) -> Result<Coordinates> {
    let lib = &common::builtin().library;
    let known: Vec<Coordinates> = lib.incidents.iter().filter_map(|i| i.at.as_ref().map(|a| a.value)).collect();
    let near = if known.is_empty() { Coordinates { lat: 50.0, lon: 20.0 } } else { *u.choose(&known)? };
    Ok(Coordinates { lat: degrees(u, near.lat, 90.0)?, lon: degrees(u, near.lon, 180.0)? })
}

fn amount(u: &mut Unstructured) -> Result<u32> {
    Ok(match u.int_in_range(0..=3)? {
        0 => *u.choose(&[0, 1, u32::MAX, u32::MAX - 1, 20_000, 1 << 31])?,
        1 => u.arbitrary()?,
        _ => u.int_in_range(0..=1000)?,
    })
}

/// A judgement or event name: one the library uses, or any string.
fn name(u: &mut Unstructured) -> Result<String> {
    if u.ratio(3, 4)? { Ok(u.choose(common::builtin_words())?.clone()) } else { u.arbitrary() }
}

fn option<T>(u: &mut Unstructured, f: impl FnOnce(&mut Unstructured) -> Result<T>) -> Result<Option<T>> {
    if u.arbitrary()? { Ok(Some(f(u)?)) } else { Ok(None) }
}

fn list<T>(u: &mut Unstructured, max: usize, mut f: impl FnMut(&mut Unstructured) -> Result<T>) -> Result<Vec<T>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| f(u)).collect()
}

/// An incident with every field chosen from the input.
fn incident(u: &mut Unstructured) -> Result<Incident> {
    let mut i = Incident::new("fuzz", "A fuzzed incident");
    i.on = option(u, |u| date(u).map(spanned))?;
    i.time = option(u, |u| u.arbitrary::<String>())?;
    i.duration = option(u, |u| {
        Ok(if u.arbitrary()? {
            IncidentDuration::SingleStrike
        } else {
            IncidentDuration::Sustained(Period { amount: amount(u)?, unit: word::<Unit>(u)? })
        })
    })?;
    i.actor = match u.int_in_range(0..=3)? {
        0 => Actor::Unknown,
        1 => Actor::NonState(u.arbitrary()?),
        _ => Actor::States(list(u, 4, |u| state(u).map(spanned))?),
    };
    i.attribution = option(u, |u| word::<Confidence>(u).map(spanned))?;
    i.target = option(u, |u| state(u).map(spanned))?;
    i.object = option(u, |u| word::<ObjectKind>(u).map(spanned))?;
    i.region = option(u, |u| region(u).map(spanned))?;
    i.at = option(u, |u| coordinates(u).map(spanned))?;
    i.domains = list(u, 5, |u| word::<Domain>(u).map(spanned))?;
    i.severity = option(u, |u| word::<Severity>(u).map(spanned))?;
    i.casualties = option(u, amount)?;
    i.intentional = option(u, |u| word::<Tri>(u).map(spanned))?;
    i.forces_hit = option(u, |u| word::<Tri>(u).map(spanned))?;
    i.initiator = option(u, |u| state(u).map(spanned))?;
    i.weapons = list(u, 4, |u| word::<Weapon>(u).map(spanned))?;
    i.judged = list(u, 3, |u| Ok(Fact { what: spanned(name(u)?), answer: word::<Tri>(u)? }))?;
    i.given = list(u, 3, |u| Ok(Fact { what: spanned(name(u)?), answer: word::<Tri>(u)? }))?;
    i.prior = list(u, 3, |u| {
        let act = word::<PriorAct>(u)?;
        let objects = match act {
            PriorAct::Invades => list(u, 3, |u| state(u).map(spanned))?,
            PriorAct::Strikes => list(u, 3, |u| region(u).map(spanned))?,
            PriorAct::AttacksFirst => Vec::new(),
        };
        Ok(Prior { state: spanned(state(u)?), act, objects })
    })?;
    Ok(i)
}

/// A flag value: mostly well formed, sometimes any string.
fn flag(u: &mut Unstructured, good: impl FnOnce(&mut Unstructured) -> Result<String>) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=5)? {
        0 | 1 => None,
        2 => Some(u.arbitrary()?),
        _ => Some(good(u)?),
    })
}

fn words<V: Vocabulary>(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(1..=3)?;
    let w: Vec<&str> = (0..n).map(|_| u.choose(V::WORDS).map(|(w, _)| *w)).collect::<Result<_>>()?;
    Ok(w.join(","))
}

fn number(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=2)? {
        0 => amount(u)?.to_string(),
        1 => u.arbitrary::<i64>()?.to_string(),
        _ => u.arbitrary::<f64>()?.to_string(),
    })
}

/// The incident flags of `casus eval`, each a string as the shell hands it over.
fn incident_flags(u: &mut Unstructured) -> Result<IncidentFlags> {
    let answer = |u: &mut Unstructured| -> Result<String> { Ok(format!("{}={}", name(u)?, words::<Tri>(u)?)) };
    Ok(IncidentFlags {
        on: flag(u, |u| {
            Ok(if u.arbitrary()? {
                date(u)?.to_string()
            } else {
                format!("{}-{}-{}", u.arbitrary::<i32>()?, u.arbitrary::<i8>()?, u.arbitrary::<i8>()?)
            })
        })?,
        actor: flag(u, |u| {
            Ok(match u.int_in_range(0..=3)? {
                0 => "non-state".into(),
                1 => "unknown".into(),
                2 => format!("{},{}", state(u)?, state(u)?),
                _ => state(u)?,
            })
        })?,
        actor_name: flag(u, |u| u.arbitrary())?,
        target: flag(u, state)?,
        object: flag(u, words::<ObjectKind>)?,
        region: flag(u, region)?,
        at: flag(u, |u| {
            let c = coordinates(u)?;
            Ok(if u.arbitrary()? { format!("{},{}", c.lat, c.lon) } else { format!("{}, {}", number(u)?, number(u)?) })
        })?,
        domain: flag(u, words::<Domain>)?,
        severity: flag(u, words::<Severity>)?,
        intentional: flag(u, words::<Tri>)?,
        forces_hit: flag(u, words::<Tri>)?,
        attribution: flag(u, words::<Confidence>)?,
        casualties: flag(u, number)?,
        duration: flag(u, |u| {
            Ok(if u.arbitrary()? {
                "single-strike".into()
            } else {
                format!("{} {}", number(u)?, u.choose(Unit::WORDS)?.0)
            })
        })?,
        initiator: flag(u, state)?,
        weapons: flag(u, words::<Weapon>)?,
        given: list(u, 2, answer)?,
        judged: list(u, 2, answer)?,
    })
}
