//! Any concrete incident placed in the space: the point of the grid whose class it falls
//! in, so that the grid's prediction can be checked against the evaluator (the soundness
//! tests) and a scenario suite's incidents found among the reported differences.

use casus_core::eval::{Location, locate};
use casus_core::model::{Actor, Incident, IncidentDuration};
use casus_core::vocab::PriorAct;

use crate::grid::{Grid, Probe};
use crate::space::{Field, Space, Value, hours};

/// The value index of each field of the space that `inc` takes, or `None` when the
/// incident lies outside the space (a joint attack by several named states where no
/// design counts attackers; a place no value of the space stands for).
pub fn values(space: &Space, probe: &Probe<'_>, inc: &Incident) -> Option<Vec<usize>> {
    let target = inc.target.as_ref().map(|t| t.value.as_str());
    let mut out = Vec::with_capacity(space.fields.len());
    let date_field = space.fields.iter().position(|(f, _)| *f == Field::Date)?;
    let mut date_index = 0;
    for (field, values) in &space.fields {
        let find = |p: &dyn Fn(&Value) -> bool| values.iter().position(p);
        let v = match field {
            Field::Date => {
                let d = inc.on.as_ref().map(|d| d.value);
                let i = match d {
                    None => find(&|v| *v == Value::Date(None)),
                    Some(d) => values
                        .iter()
                        .enumerate()
                        .rfind(|(_, v)| matches!(v, Value::Date(Some(x)) if *x <= d))
                        .map(|(i, _)| i)
                        .or(Some(0)),
                };
                date_index = i.unwrap_or(0);
                i
            }
            Field::Target => find(&|v| *v == Value::State(target.map(str::to_string)))
                .or_else(|| target.and_then(|_| find(&|v| *v == Value::State(Some(space.other.clone()))))),
            Field::Event(e) => {
                let a = inc.given.iter().find(|f| f.what.value == *e).map(|f| f.answer);
                find(&|v| *v == Value::Answer(a))
            }
            Field::Actor => actor(space, values, &inc.actor),
            Field::Attribution => find(&|v| *v == Value::Attribution(inc.attribution.as_ref().map(|a| a.value))),
            Field::Initiator => match inc.initiator.as_ref().map(|s| s.value.as_str()) {
                None => find(&|v| *v == Value::State(None)),
                Some(i) if Some(i) == target => find(&|v| *v == Value::TheTarget),
                Some(_) => find(&|v| *v == Value::State(Some(space.other.clone()))),
            },
            Field::AttacksFirst => {
                let yes =
                    inc.prior.iter().any(|p| Some(p.state.value.as_str()) == target && p.act == PriorAct::AttacksFirst);
                find(&|v| *v == Value::Recorded(yes))
            }
            Field::Invades(s) | Field::Strikes(s) => {
                let act = if matches!(field, Field::Invades(_)) { PriorAct::Invades } else { PriorAct::Strikes };
                let yes = inc.prior.iter().any(|p| {
                    Some(p.state.value.as_str()) == target && p.act == act && p.objects.iter().any(|o| o.value == *s)
                });
                find(&|v| *v == Value::Recorded(yes))
            }
            Field::Severity => find(&|v| *v == Value::Severity(inc.severity.as_ref().map(|s| s.value))),
            Field::Intent => find(&|v| *v == Value::Answer(inc.intentional.as_ref().map(|s| s.value))),
            Field::ForcesHit => find(&|v| *v == Value::Answer(inc.forces_hit.as_ref().map(|s| s.value))),
            Field::Object => find(&|v| *v == Value::Object(inc.object.as_ref().map(|s| s.value))),
            Field::Judged(w) => {
                let a = inc.judged.iter().find(|f| f.what.value == *w).map(|f| f.answer);
                find(&|v| *v == Value::Answer(a))
            }
            Field::Duration => match &inc.duration {
                None => find(&|v| *v == Value::Duration(None)),
                Some(IncidentDuration::SingleStrike) => {
                    find(&|v| *v == Value::Duration(Some(IncidentDuration::SingleStrike)))
                }
                Some(IncidentDuration::Sustained(p)) => {
                    let h = hours(*p);
                    // The longest duration of the space that does not exceed it.
                    values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| match v {
                            Value::Duration(Some(IncidentDuration::Sustained(q))) if hours(*q) <= h => {
                                Some((hours(*q), i))
                            }
                            _ => None,
                        })
                        .max()
                        .map(|(_, i)| i)
                        .or_else(|| find(&|v| matches!(v, Value::Duration(Some(IncidentDuration::Sustained(_))))))
                }
            },
            Field::Domains => {
                let mut d: Vec<_> = inc.domains.iter().map(|d| d.value).collect();
                d.sort_by_key(|x| *x as u8);
                d.dedup();
                find(&|v| matches!(v, Value::Domains(x) if *x == d))
            }
            Field::Weapons => {
                let mut w: Vec<_> = inc.weapons.iter().map(|w| w.value).collect();
                w.sort_by_key(|x| *x as u8);
                w.dedup();
                find(&|v| matches!(v, Value::Weapons(x) if *x == w))
            }
            Field::Place => None,
        };
        match (field, v) {
            (Field::Place, _) => out.push(usize::MAX),
            (_, Some(v)) => out.push(v),
            (_, None) => return None,
        }
    }
    // The place: the value whose location the evaluator cannot tell from the incident's.
    let pf = space.fields.iter().position(|(f, _)| *f == Field::Place)?;
    let side = probe.sides()[0];
    let mut at = Incident::new("where", "");
    at.on = inc.on.clone();
    at.region = inc.region.clone();
    at.at = inc.at.clone();
    let here = locate(side.library, &at);
    // States no design names stand for each other: the target's own as the space's
    // "another state", any other as its second.
    let canon = |code: &str| -> String {
        if space.named_states.contains(code) {
            code.to_string()
        } else if target.is_some_and(|t| t == code || space.named_states.contains(t)) {
            space.other.clone()
        } else {
            space.other2.clone()
        }
    };
    let mine = place_key(space, &here, &canon);
    let same = |c: &str| c.to_string();
    let key = |l: &Location| place_key(space, l, &same);
    let _ = date_field;
    for p in 0..space.fields[pf].1.len() {
        if key(probe.location(0, date_index, p)) == mine {
            out[pf] = p;
            break;
        }
    }
    if out[pf] == usize::MAX {
        return None;
    }
    Some(out)
}

/// What of a location the evaluator can tell apart (see the grid's place groups).
pub(crate) fn place_key(space: &Space, l: &Location, canon: &dyn Fn(&str) -> String) -> String {
    let named: Vec<&String> = l.region.iter().chain(&l.within).filter(|r| space.named_regions.contains(*r)).collect();
    // Coordinates count where nothing else places the point (at sea), and by the side of
    // each latitude line a design names.
    let sides: Vec<Option<bool>> = space.lines.iter().map(|line| l.at.map(|c| c.lat > *line)).collect();
    let at_sea = l.country.is_none() && l.region.is_none();
    let named_shapes: Vec<&String> =
        space.named_regions.iter().filter(|r| l.at.is_some() && l.within.contains(*r)).collect();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}",
        named,
        l.country.as_deref().map(canon),
        l.part_of.iter().map(|p| canon(p)).collect::<Vec<_>>(),
        l.sovereign.as_deref().map(canon),
        l.controller.as_deref().map(canon),
        l.continents.iter().filter(|c| space.continents.contains(*c)).collect::<Vec<_>>(),
        l.seas.iter().filter(|c| space.seas.contains(*c)).collect::<Vec<_>>(),
        l.at.filter(|_| at_sea).map(|c| (c.lat.to_bits(), c.lon.to_bits())),
        l.near.as_ref().map(|x| &x.region),
        l.known(),
        sides,
        named_shapes
    )
}

fn actor(space: &Space, values: &[Value], a: &Actor) -> Option<usize> {
    let named =
        |s: &str| values.iter().any(|v| matches!(v, Value::Actor(Actor::States(x)) if x.len() == 1 && x[0].value == s));
    match a {
        Actor::Unknown => values.iter().position(|v| *v == Value::Actor(Actor::Unknown)),
        Actor::NonState(_) => values.iter().position(|v| matches!(v, Value::Actor(Actor::NonState(_)))),
        Actor::States(list) => {
            // States no design names stand for each other; a named state stands for itself.
            let mut canon: Vec<String> = Vec::new();
            for s in list {
                let c = if named(&s.value) && s.value != space.other { s.value.clone() } else { space.other.clone() };
                if !canon.contains(&c) {
                    canon.push(c);
                }
            }
            let joint = values.iter().any(|v| matches!(v, Value::Actor(Actor::States(x)) if x.len() > 1));
            if !joint {
                // Without a design that counts attackers, a joint attack is its named members;
                // one named state (or none) stands alone.
                let named_members: Vec<&String> = canon.iter().filter(|c| **c != space.other).collect();
                match named_members.len() {
                    0 => canon = vec![space.other.clone()],
                    1 if canon[0] != space.other => canon = vec![named_members[0].clone()],
                    1 => return None,
                    _ => return None,
                }
            }
            values.iter().position(|v| match v {
                Value::Actor(Actor::States(x)) => {
                    x.len() == canon.len()
                        && x.iter().zip(&canon).all(|(a, b)| a.value == *b || (!named(&a.value) && *b == space.other))
                }
                _ => false,
            })
        }
    }
}

/// The point of the grid (one class per axis) holding the field values `choice`.
pub fn point(g: &Grid, choice: &[usize]) -> Option<Vec<usize>> {
    g.axes
        .iter()
        .map(|a| {
            let combo: Vec<usize> = a.fields.iter().map(|f| choice[*f]).collect();
            a.classes.iter().position(|c| c.contains(&combo))
        })
        .collect()
}
