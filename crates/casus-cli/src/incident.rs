//! Building an incident from command-line flags, with a clear error naming the flag.

use casus_core::model::{Actor, Coordinates, Fact, Incident, IncidentDuration, Period};
use casus_core::vocab::{Confidence, Domain, ObjectKind, Severity, Tri, Vocabulary, Weapon, unit_from_word};
use casus_core::{Library, geo};
use casus_syntax::Spanned;
use clap::Args;

/// The flags that describe an incident for a quick question.
#[derive(Args, Debug, Default, Clone)]
pub struct IncidentFlags {
    /// Date of the incident (YYYY-MM-DD, or `today`).
    #[arg(long, value_name = "DATE", help_heading = "Incident")]
    pub on: Option<String>,
    /// Who acted: an ISO alpha-3 code (several separated by commas for a joint attack), `non-state` or `unknown`.
    #[arg(long, value_name = "CODE", help_heading = "Incident")]
    pub actor: Option<String>,
    /// Name of a non-state actor (with `--actor non-state`).
    #[arg(long, value_name = "NAME", help_heading = "Incident")]
    pub actor_name: Option<String>,
    /// The state acted against (ISO alpha-3).
    #[arg(long, value_name = "CODE", help_heading = "Incident")]
    pub target: Option<String>,
    /// What was struck: territory, islands, forces, vessels, aircraft, infrastructure, population.
    #[arg(long, value_name = "OBJ", help_heading = "Incident")]
    pub object: Option<String>,
    /// Where: a region id (ISO 3166-2 such as `PL-06`, or one declared in the library).
    #[arg(long, value_name = "ID", help_heading = "Incident")]
    pub region: Option<String>,
    /// Where: latitude,longitude in degrees (e.g. `50.45,30.52`).
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true, help_heading = "Incident")]
    pub at: Option<String>,
    /// Domains, comma-separated: land, air, sea, cyber, space.
    #[arg(long, value_name = "D[,D]", help_heading = "Incident")]
    pub domain: Option<String>,
    /// Severity: threat, violation, incursion, limited-strike, armed-attack, invasion.
    #[arg(long, value_name = "S", help_heading = "Incident")]
    pub severity: Option<String>,
    /// Whether it was intentional: yes, no, unknown.
    #[arg(long, value_name = "yes|no|unknown", help_heading = "Incident")]
    pub intentional: Option<String>,
    /// Whether forces deployed where it struck were hit: yes, no, unknown (the default).
    /// A deployment at the place lets the incident reach the commitments protecting the
    /// deploying states' forces (a tripwire).
    #[arg(long, value_name = "yes|no|unknown", help_heading = "Incident")]
    pub forces_hit: Option<String>,
    /// Attribution confidence: confirmed, likely, disputed, unknown.
    #[arg(long, value_name = "A", help_heading = "Incident")]
    pub attribution: Option<String>,
    /// People killed.
    #[arg(long, value_name = "N", help_heading = "Incident")]
    pub casualties: Option<String>,
    /// How long it lasted: `single-strike` or a period such as `3 days`.
    #[arg(long, value_name = "DURATION", help_heading = "Incident")]
    pub duration: Option<String>,
    /// The state that started the hostilities, when not the actor.
    #[arg(long, value_name = "CODE", help_heading = "Incident")]
    pub initiator: Option<String>,
    /// Weapons used, comma-separated: nuclear, chemical, biological, conventional.
    #[arg(long, value_name = "W[,W]", help_heading = "Incident")]
    pub weapons: Option<String>,
    /// A named event's status, `EVENT=yes|no` (repeatable), e.g. `ceasefire=yes`.
    #[arg(long, value_name = "EVENT=ANSWER", help_heading = "Incident")]
    pub given: Vec<String>,
    /// A political judgement's answer, `WHAT=yes|no` (repeatable), e.g. `significant=yes`.
    #[arg(long, value_name = "WHAT=ANSWER", help_heading = "Incident")]
    pub judged: Vec<String>,
}

/// An invalid flag: which one, what is wrong, and how to fix it.
#[derive(Debug)]
pub struct FlagError {
    /// The flag, such as `--target`.
    pub flag: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl std::fmt::Display for FlagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&refusal_text(self.flag, &self.message, self.help.as_deref()))
    }
}

/// A refused value as the CLI words it: `error: --FLAG: message`, then a `help:` line.
pub(crate) fn refusal_text(flag: &str, message: &str, help: Option<&str>) -> String {
    let help = help.map_or(String::new(), |h| format!("\n  help: {h}"));
    format!("error: {flag}: {message}{help}")
}

fn err(flag: &'static str, message: impl Into<String>, help: Option<String>) -> FlagError {
    FlagError { flag, message: message.into(), help }
}

impl IncidentFlags {
    /// Whether any incident flag was given.
    pub fn any(&self) -> bool {
        self.on.is_some()
            || self.actor.is_some()
            || self.target.is_some()
            || self.object.is_some()
            || self.region.is_some()
            || self.at.is_some()
            || self.domain.is_some()
            || self.severity.is_some()
            || self.intentional.is_some()
            || self.forces_hit.is_some()
            || self.attribution.is_some()
            || self.casualties.is_some()
            || self.duration.is_some()
            || self.initiator.is_some()
            || self.weapons.is_some()
            || !self.given.is_empty()
            || !self.judged.is_empty()
    }

    /// The incident the flags describe, validated against `lib` (for region ids).
    pub fn incident(&self, lib: &Library) -> Result<Incident, FlagError> {
        let on = match &self.on {
            None => {
                return Err(err(
                    "--on",
                    "the date is required",
                    Some("give the incident's date: `--on 2025-09-10`".into()),
                ));
            }
            Some(d) => {
                Some(Spanned::detached(casus_ops::input::date("--on", d).map_err(|r| err("--on", r.message, r.help))?))
            }
        };
        if self.actor_name.is_some() && self.actor.as_deref() != Some("non-state") {
            return Err(err(
                "--actor-name",
                "goes with `--actor non-state`",
                Some("add `--actor non-state`, or leave out --actor-name for a state actor".into()),
            ));
        }
        let actor = match self.actor.as_deref() {
            None | Some("unknown") => Actor::Unknown,
            Some("non-state") => Actor::NonState(self.actor_name.clone().unwrap_or_default()),
            Some(list) => Actor::States(
                list.split(',').map(|c| state("--actor", c.trim()).map(Spanned::detached)).collect::<Result<_, _>>()?,
            ),
        };
        let target = self.target.as_deref().map(|c| state("--target", c).map(Spanned::detached)).transpose()?;
        if let (Actor::States(a), Some(t)) = (&actor, &target)
            && a.iter().any(|s| s.value == t.value)
        {
            return Err(err("--target", format!("`{}` cannot be both actor and target", t.value), None));
        }
        let region = match &self.region {
            None => None,
            Some(r) => {
                let known = lib.regions.iter().any(|x| x.id.value == *r) || geo::is_subdivision_code(r);
                if !known {
                    return Err(err(
                        "--region",
                        format!("unknown region `{r}`"),
                        Some("give an ISO 3166-2 code such as `PL-06` or a region declared in the library".into()),
                    ));
                }
                Some(Spanned::detached(r.clone()))
            }
        };
        let at = match &self.at {
            None => None,
            Some(s) => Some(Spanned::detached(coordinates(s)?)),
        };
        // A region and coordinates that name different countries contradict each other.
        if let (Some(r), Some(c)) = (&region, &at) {
            let by_region =
                casus_core::eval::locate(lib, &Incident { region: Some(r.clone()), ..Incident::new("x", "") }).country;
            let by_map =
                geo::ids_at(c.value.lat, c.value.lon).iter().find_map(|id| geo::alpha3_of(id)).map(str::to_string);
            if let (Some(a), Some(b)) = (&by_region, &by_map)
                && a != b
            {
                return Err(err(
                    "--at",
                    format!("the coordinates are in {b} but --region {} is in {a}", r.value),
                    Some("give one place, or a region and coordinates that agree".into()),
                ));
            }
        }
        let casualties = match &self.casualties {
            None => None,
            Some(n) => {
                Some(n.parse::<u32>().map_err(|_| err("--casualties", format!("`{n}` is not a whole number"), None))?)
            }
        };
        let duration = match self.duration.as_deref() {
            None => None,
            Some("single-strike") | Some("single strike") => Some(IncidentDuration::SingleStrike),
            Some(d) => Some(IncidentDuration::Sustained(period(d).ok_or_else(|| {
                err(
                    "--duration",
                    format!("`{d}` is not a duration"),
                    Some("write `single-strike` or a period such as `3 days`".into()),
                )
            })?)),
        };
        if let (Some(on), Some(IncidentDuration::Sustained(p))) = (&on, &duration)
            && casus_core::eval::add_period(on.value, *p).is_none()
        {
            return Err(err(
                "--duration",
                format!(
                    "{p} from {}: the incident would end past 9999-12-31, the last date casus can count to",
                    on.value
                ),
                Some("give the duration it has had so far, or a shorter one".into()),
            ));
        }
        let given = facts("--given", &self.given)?;
        for g in &given {
            let known = lib.treaties.iter().flat_map(|t| &t.events).any(|e| e.id.value == g.what.value);
            if !known {
                let events = lib.treaties.iter().flat_map(|t| &t.events).map(|e| e.id.value.as_str());
                let help = match casus_core::suggest::did_you_mean(&g.what.value, events) {
                    Some(s) => format!("did you mean `{s}`? `--given` names an event declared in a treaty"),
                    None => "`--given` names an event declared in a treaty, such as `ceasefire`".to_string(),
                };
                return Err(err("--given", format!("unknown event `{}`", g.what.value), Some(help)));
            }
        }
        Ok(Incident {
            on,
            duration,
            actor,
            attribution: self.attribution.as_deref().map(|a| word::<Confidence>("--attribution", a)).transpose()?,
            target,
            object: self.object.as_deref().map(|o| word::<ObjectKind>("--object", o)).transpose()?,
            region,
            at,
            domains: list::<Domain>("--domain", self.domain.as_deref())?,
            severity: self.severity.as_deref().map(|s| word::<Severity>("--severity", s)).transpose()?,
            casualties,
            intentional: self.intentional.as_deref().map(|s| word::<Tri>("--intentional", s)).transpose()?,
            forces_hit: self.forces_hit.as_deref().map(|s| word::<Tri>("--forces-hit", s)).transpose()?,
            initiator: self.initiator.as_deref().map(|c| state("--initiator", c).map(Spanned::detached)).transpose()?,
            weapons: list::<Weapon>("--weapons", self.weapons.as_deref())?,
            judged: facts("--judged", &self.judged)?,
            given,
            ..Incident::new("cli", "incident given on the command line")
        })
    }
}

/// A state code from the table, or an error with the code it most likely means.
pub(crate) fn state(flag: &'static str, code: &str) -> Result<String, FlagError> {
    casus_ops::input::state(flag, code).map_err(|r| err(flag, r.message, r.help))
}

fn word<T: Vocabulary + PartialEq>(flag: &'static str, w: &str) -> Result<Spanned<T>, FlagError> {
    T::from_word(w).map(Spanned::detached).ok_or_else(|| {
        let all = T::WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(", ");
        err(
            flag,
            format!("unknown {} `{w}`", T::WHAT),
            Some(format!("{} is one of {all}", casus_core::vocab::a_or_an(T::WHAT))),
        )
    })
}

fn list<T: Vocabulary + PartialEq>(flag: &'static str, s: Option<&str>) -> Result<Vec<Spanned<T>>, FlagError> {
    s.map_or(Ok(Vec::new()), |s| s.split(',').map(|w| word::<T>(flag, w.trim())).collect())
}

/// The `NAME=ANSWER` facts of a repeatable flag. A name is given at most once (a second
/// answer would silently override or contradict the first); linear in the number given.
fn facts(flag: &'static str, items: &[String]) -> Result<Vec<Fact>, FlagError> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        let (what, answer) = i.split_once('=').ok_or_else(|| {
            err(flag, format!("`{i}` is not `NAME=yes|no`"), Some(format!("write e.g. `{flag} ceasefire=yes`")))
        })?;
        let what = what.trim();
        if what.is_empty() {
            return Err(err(
                flag,
                format!("`{i}` has no name before `=`"),
                Some(format!("write e.g. `{flag} ceasefire=yes`")),
            ));
        }
        if !seen.insert(what) {
            return Err(err(flag, format!("`{what}` is given twice"), Some(format!("give `{flag} {what}=…` once"))));
        }
        out.push(Fact { what: Spanned::detached(what.to_string()), answer: word::<Tri>(flag, answer.trim())?.value });
    }
    Ok(out)
}

fn period(s: &str) -> Option<Period> {
    let mut parts = s.split_whitespace();
    let amount = parts.next()?.parse().ok()?;
    let unit = unit_from_word(parts.next()?)?;
    parts.next().is_none().then_some(Period { amount, unit })
}

fn coordinates(s: &str) -> Result<Coordinates, FlagError> {
    let help = Some("write latitude,longitude in degrees, e.g. `--at 50.45,30.52`".to_string());
    let (lat, lon) = s.split_once(',').ok_or_else(|| err("--at", format!("`{s}` is not LAT,LON"), help.clone()))?;
    let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) else {
        return Err(err("--at", format!("`{s}` is not LAT,LON"), help));
    };
    if !geo::valid(lat, lon) || !lat.is_finite() || !lon.is_finite() {
        return Err(err(
            "--at",
            format!("`{s}` is out of range"),
            Some("latitude is -90..90 and longitude -180..180".into()),
        ));
    }
    Ok(Coordinates { lat, lon })
}
