//! An incident given as data (the JSON form a client sends, a row of a file), checked
//! against the library it will be evaluated with before it is: the names it uses must be
//! names the library or the state table knows, so that a typo is an error and not a quiet
//! "not triggered".

use casus_core::Library;
use casus_core::model::{Actor, Incident};

use crate::Refusal;

/// Checks the names and values of `incident` against `lib`; each refusal's field is a path
/// under `prefix` (`incident.target`).
pub fn check(lib: &Library, incident: &Incident, prefix: &str) -> Result<(), Refusal> {
    let field = |f: &str| format!("{prefix}.{f}");
    if incident.on.is_none() {
        return Err(Refusal::new(field("on"), "the date is missing", Some("give `on` as YYYY-MM-DD".into())));
    }
    if let Actor::States(list) = &incident.actor {
        if list.is_empty() {
            return Err(Refusal::new(
                field("actor"),
                "no state given",
                Some("name one state or more, `unknown`, or a non-state group".into()),
            ));
        }
        for (i, s) in list.iter().enumerate() {
            crate::input::state(&format!("{prefix}.actor.states[{i}]"), &s.value)?;
        }
    }
    if let Some(t) = &incident.target {
        crate::input::state(&field("target"), &t.value)?;
        if let Actor::States(a) = &incident.actor
            && a.iter().any(|s| s.value == t.value)
        {
            return Err(Refusal::new(field("target"), format!("`{}` cannot be both actor and target", t.value), None));
        }
    }
    if let Some(s) = &incident.initiator {
        crate::input::state(&field("initiator"), &s.value)?;
    }
    for (i, p) in incident.prior.iter().enumerate() {
        crate::input::state(&format!("{prefix}.prior[{i}].state"), &p.state.value)?;
    }
    if let Some(r) = &incident.region {
        let known = lib.regions.iter().any(|x| x.id.value == r.value) || casus_core::geo::is_subdivision_code(&r.value);
        if !known {
            let hint = casus_core::suggest::did_you_mean(&r.value, lib.regions.iter().map(|x| x.id.value.as_str()))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some("a region declared in the library, or an ISO 3166-2 code such as `PL-14`".into()));
            return Err(Refusal::new(field("region"), format!("unknown region `{}`", r.value), hint));
        }
    }
    if let Some(at) = &incident.at {
        let c = at.value;
        if !(-90.0..=90.0).contains(&c.lat) || !c.lat.is_finite() {
            return Err(Refusal::new(
                format!("{prefix}.at.lat"),
                format!("latitude {} is not from -90 to 90", c.lat),
                None,
            ));
        }
        if !(-180.0..=180.0).contains(&c.lon) || !c.lon.is_finite() {
            return Err(Refusal::new(
                format!("{prefix}.at.lon"),
                format!("longitude {} is not from -180 to 180", c.lon),
                None,
            ));
        }
    }
    Ok(())
}
