//! The classes of one cell of the transition table, summarised as readable rules.
//!
//! A rule is a cube of the grid: on every axis a set of classes. The cover is greedy,
//! as espresso's expansion step: from a class not yet covered, each axis in turn takes
//! every class it can while the whole cube stays inside the cell. Every cube is inside
//! the cell and every class of the cell is in a cube, so the rules say exactly the cell.
//! Each rule is then written field by field, and carries one witness: the incident of
//! the class it grew from, as `.casus` text, with both designs' verdicts.

use std::collections::BTreeSet;

use casus_core::eval::Verdict;
use casus_core::vocab::{Severity, Vocabulary};
use serde::Serialize;

use crate::grid::{Grid, Probe};
use crate::space::{Field, Space, Value};

/// A rule: the incidents of a cell that meet every constraint.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// The constraints, one per axis that is not free (the others: any value).
    pub when: Vec<Constraint>,
    /// The rule in words.
    pub text: String,
    /// How many classes of the grid it covers.
    pub classes: usize,
    /// One incident it covers, as `.casus` text with `expect` lines for both designs.
    pub witness: String,
    /// The verdicts of A's commitments on the witness, with their traces.
    pub a: Vec<Verdict>,
    /// The verdicts of B's commitments on the witness, with their traces.
    pub b: Vec<Verdict>,
    /// The cube: for each axis of the grid, the classes it takes (for tools that check
    /// the rule against the grid).
    #[serde(skip)]
    pub cube: Vec<Vec<usize>>,
}

/// One constraint of a rule.
#[derive(Clone, Debug, Serialize)]
pub struct Constraint {
    /// The fields it constrains (`severity`; `place, object` for a component of two).
    pub fields: Vec<String>,
    /// What it requires, in words.
    pub text: String,
}

/// Covers the points of `cell` (an outcome pair id) with rules.
pub fn cover(space: &Space, g: &Grid, cell: u32, probe: &Probe<'_>) -> Vec<Rule> {
    let mut covered = vec![false; g.len()];
    let mut rules = Vec::new();
    for start in 0..g.len() {
        if g.cells[start] != cell || covered[start] {
            continue;
        }
        let p = g.coords(start);
        let mut cube: Vec<Vec<usize>> = p.iter().map(|&c| vec![c]).collect();
        for a in 0..g.axes.len() {
            for v in 0..g.axes[a].classes.len() {
                if cube[a].contains(&v) {
                    continue;
                }
                let mut trial = cube.clone();
                trial[a] = vec![v];
                if points(&trial).all(|c| g.cells[g.index(&c)] == cell) {
                    cube[a].push(v);
                }
            }
            cube[a].sort_unstable();
        }
        let mut classes = 0;
        for c in points(&cube) {
            covered[g.index(&c)] = true;
            classes += 1;
        }
        rules.push(rule(space, g, probe, cube, &p, classes, &format!("diff-{}-{}", cell + 1, rules.len() + 1)));
    }
    rules
}

/// Every point of a cube.
pub fn points(cube: &[Vec<usize>]) -> impl Iterator<Item = Vec<usize>> + '_ {
    let total: usize = cube.iter().map(Vec::len).product();
    (0..total).map(move |mut i| {
        let mut c = vec![0; cube.len()];
        for (k, set) in cube.iter().enumerate().rev() {
            c[k] = set[i % set.len()];
            i /= set.len();
        }
        c
    })
}

fn rule(space: &Space, g: &Grid, probe: &Probe<'_>, cube: Vec<Vec<usize>>, from: &[usize], classes: usize, id: &str) -> Rule {
    let mut when = Vec::new();
    for (a, set) in cube.iter().enumerate() {
        let axis = &g.axes[a];
        if set.len() == axis.classes.len() {
            continue;
        }
        let combos: BTreeSet<Vec<usize>> = set.iter().flat_map(|&c| axis.classes[c].iter().cloned()).collect();
        let text = describe(space, &axis.fields, &combos);
        if text.is_empty() {
            continue;
        }
        when.push(Constraint { fields: axis.fields.iter().map(|&f| space.fields[f].0.name()).collect(), text });
    }
    let text = if when.is_empty() {
        "on every incident".to_string()
    } else {
        when.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("; ")
    };
    let choice = g.choice(space, from);
    let [va, vb] = probe.verdicts(&choice);
    let sides = probe.sides();
    let mut inc = crate::space::incident(space, &choice, id);
    let oa = crate::Outcome::of(&va);
    let ob = crate::Outcome::of(&vb);
    inc.title = format!("{}: {}; {}: {}", sides[0].treaty().id.value, oa.label(), sides[1].treaty().id.value, ob.label());
    for v in va.iter().chain(&vb) {
        inc.expect.push(casus_core::model::Expectation {
            commitment: casus_syntax::Spanned::detached(v.key()),
            expected: casus_core::model::Expected::Verdict(v.verdict),
        });
    }
    let witness = crate::write::incident_text(&inc, &format!("Witness of: {text}"));
    Rule { when, text, classes, witness, a: va, b: vb, cube }
}

/// The combinations `combos` of the fields `fields` in words: a greedy cover of the
/// combinations by products of value sets, each product written field by field.
fn describe(space: &Space, fields: &[usize], combos: &BTreeSet<Vec<usize>>) -> String {
    let sizes: Vec<usize> = fields.iter().map(|&f| space.fields[f].1.len()).collect();
    if fields.len() == 1 {
        let set: Vec<usize> = combos.iter().map(|c| c[0]).collect();
        return values_text(space, fields[0], &set).unwrap_or_default();
    }
    let mut done: BTreeSet<&Vec<usize>> = BTreeSet::new();
    let mut parts = Vec::new();
    for start in combos {
        if done.contains(start) {
            continue;
        }
        let mut cube: Vec<Vec<usize>> = start.iter().map(|&v| vec![v]).collect();
        for k in 0..fields.len() {
            for v in 0..sizes[k] {
                if cube[k].contains(&v) {
                    continue;
                }
                let mut trial = cube.clone();
                trial[k] = vec![v];
                if points(&trial).all(|c| combos.contains(&c)) {
                    cube[k].push(v);
                }
            }
            cube[k].sort_unstable();
        }
        for c in points(&cube) {
            if let Some(x) = combos.get(&c) {
                done.insert(x);
            }
        }
        let words: Vec<String> =
            fields.iter().zip(&cube).filter_map(|(&f, set)| values_text(space, f, set)).collect();
        parts.push(if words.is_empty() { "any".to_string() } else { words.join(", ") });
        if parts.len() > 6 {
            parts.push(format!("… ({} combinations in all)", combos.len()));
            break;
        }
    }
    if parts.len() == 1 { parts.remove(0) } else { parts.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join(" or ") }
}

/// One field's value set in words, or `None` when it takes every value.
fn values_text(space: &Space, field: usize, set: &[usize]) -> Option<String> {
    let (f, values) = &space.fields[field];
    if set.len() == values.len() {
        return None;
    }
    let name = f.name();
    if *f == Field::Date {
        return Some(format!("{name} {}", dates_text(values, set)));
    }
    if *f == Field::Severity
        && let Some(t) = severity_text(values, set)
    {
        return Some(format!("{name} {t}"));
    }
    let labels = |ix: &mut dyn Iterator<Item = usize>| ix.map(|i| values[i].label()).collect::<Vec<_>>();
    let chosen = labels(&mut set.iter().copied());
    let rest = labels(&mut (0..values.len()).filter(|i| !set.contains(i)));
    if rest.len() < chosen.len() && rest.len() <= 3 {
        return Some(format!("{name} anything but {}", or_list(&rest)));
    }
    let shown = if chosen.len() > 8 {
        format!("{}, … ({} in all)", chosen[..8].join(", "), chosen.len())
    } else {
        or_list(&chosen)
    };
    Some(if chosen.len() == 1 { format!("{name} {shown}") } else { format!("{name} one of {shown}") })
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A severity set as a threshold where it is one (`at least limited-strike`).
fn severity_text(values: &[Value], set: &[usize]) -> Option<String> {
    let sev = |i: usize| match &values[i] {
        Value::Severity(s) => *s,
        _ => None,
    };
    let unknown = set.iter().any(|&i| sev(i).is_none());
    let known: Vec<Severity> = set.iter().filter_map(|&i| sev(i)).collect();
    let min = *known.iter().min()?;
    let max = *known.iter().max()?;
    let all = Severity::WORDS.iter().map(|(_, s)| *s);
    let contiguous = all.clone().filter(|s| *s >= min && *s <= max).count() == known.len();
    if !contiguous {
        return None;
    }
    let top = all.clone().max()?;
    let bottom = all.min()?;
    let base = if max == top && min == bottom {
        "known".to_string()
    } else if max == top {
        format!("at least {min}")
    } else if min == bottom {
        format!("at most {max}")
    } else if min == max {
        min.to_string()
    } else {
        format!("from {min} to {max}")
    };
    Some(if unknown { format!("{base} or unknown") } else { base })
}

/// A set of date values (each standing for the days up to the next) as periods.
fn dates_text(values: &[Value], set: &[usize]) -> String {
    let known: Vec<Option<casus_core::model::Date>> =
        values.iter().map(|v| if let Value::Date(d) = v { *d } else { None }).collect();
    let last_known = known.iter().rposition(Option::is_some);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if !set.contains(&i) || known[i].is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < values.len() && set.contains(&(j + 1)) && known[j + 1].is_some() {
            j += 1;
        }
        let from = if i == 0 && known.len() > 2 { None } else { known[i] };
        let until = if Some(j) == last_known { None } else { known.get(j + 1).copied().flatten() };
        parts.push(match (from, until) {
            (None, None) => "known".to_string(),
            (None, Some(u)) => format!("before {u}"),
            (Some(f), None) => format!("{f} or later"),
            (Some(f), Some(u)) => format!("from {f} to before {u}"),
        });
        i = j + 1;
    }
    if set.iter().any(|&i| known[i].is_none()) {
        parts.push("unknown".to_string());
    }
    or_list(&parts)
}
