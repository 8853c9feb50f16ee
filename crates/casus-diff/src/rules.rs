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

use crate::grid::{Cube, Grid, Probe, size};
use crate::space::{Field, Space, Value};

/// A rule: the incidents of a cell that meet every constraint.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// The constraints, one per axis that is not free (the others: any value).
    pub when: Vec<Constraint>,
    /// Exceptions: incidents that meet `when` but lie outside the cell, each a list of
    /// constraints (empty: none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<Vec<Constraint>>,
    /// The rule in words.
    pub text: String,
    /// How many classes of the grid it covers.
    pub classes: u64,
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
    /// The cubes of the exceptions.
    #[serde(skip)]
    pub except: Vec<Vec<Vec<usize>>>,
}

/// One constraint of a rule.
#[derive(Clone, Debug, Serialize)]
pub struct Constraint {
    /// The fields it constrains (`severity`; `place, object` for a component of two).
    pub fields: Vec<String>,
    /// What it requires, in words.
    pub text: String,
}

/// Covers the points of `cell` (an outcome pair id) with rules: one rule "when B, unless
/// E1, E2 …" when the cell is a cube B with a few cubes taken out (an indeterminate verdict
/// is typically "no condition fails, unless every one holds"); else a greedy cover by cubes.
pub fn cover(space: &Space, g: &Grid, cell: u32, inside: Vec<Cube>, probe: &Probe<'_>) -> Vec<Rule> {
    let inside = merge_cubes(inside);
    let Some(first) = inside.first() else { return Vec::new() };
    let total: u64 = inside.iter().map(size).sum();
    let id = |n: usize| format!("diff-{}-{n}", cell + 1);
    let from: Vec<usize> = first.iter().map(|s| s[0]).collect();
    let bound = bounding(g, &inside);
    let mut outside = Vec::new();
    g.intersect(&bound, &mut |c, o| {
        if o != cell {
            outside.push(c);
        }
    });
    if outside.is_empty() {
        return vec![rule(space, g, probe, bound, Vec::new(), &from, total, &id(1))];
    }
    if outside.len() <= 4096 {
        let exceptions = merge_cubes(outside);
        if exceptions.len() <= MAX_EXCEPTIONS {
            return vec![rule(space, g, probe, bound, exceptions, &from, total, &id(1))];
        }
    }
    let mut chosen: Vec<Cube> = Vec::new();
    for leaf in &inside {
        if chosen.iter().any(|c| subset(leaf, c)) {
            continue;
        }
        let mut cube = leaf.clone();
        for a in 0..g.axes.len() {
            for v in 0..g.axes[a].classes.len() {
                if cube[a].contains(&v) {
                    continue;
                }
                let mut trial = cube.clone();
                trial[a] = vec![v];
                if g.within(&trial, cell) {
                    cube[a].push(v);
                }
            }
            cube[a].sort_unstable();
        }
        chosen.push(cube);
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(n, cube)| {
            let from: Vec<usize> = cube.iter().map(|s| s[0]).collect();
            let classes = size(&cube);
            rule(space, g, probe, cube, Vec::new(), &from, classes, &id(n + 1))
        })
        .collect()
}

/// The most exceptions a "when …, unless …" rule takes before the cell is covered by cubes.
const MAX_EXCEPTIONS: usize = 3;

fn subset(a: &Cube, b: &Cube) -> bool {
    a.iter().zip(b).all(|(x, y)| x.iter().all(|v| y.contains(v)))
}

/// Merges cubes that differ on one axis only, until none do: fewer, larger cubes with the
/// same points. Each pass groups, for one axis, the cubes equal on every other axis.
fn merge_cubes(mut cubes: Vec<Cube>) -> Vec<Cube> {
    let axes = cubes.first().map_or(0, Vec::len);
    loop {
        let before = cubes.len();
        for a in 0..axes {
            let mut by_rest: std::collections::HashMap<Vec<Vec<usize>>, usize> = std::collections::HashMap::new();
            let mut out: Vec<Cube> = Vec::with_capacity(cubes.len());
            for c in cubes {
                let mut rest = c.clone();
                rest[a] = Vec::new();
                match by_rest.get(&rest) {
                    Some(&i) => {
                        let mut u: BTreeSet<usize> = out[i][a].iter().copied().collect();
                        u.extend(c[a].iter().copied());
                        out[i][a] = u.into_iter().collect();
                    }
                    None => {
                        by_rest.insert(rest, out.len());
                        out.push(c);
                    }
                }
            }
            cubes = out;
        }
        if cubes.len() == before {
            return cubes;
        }
    }
}

/// The smallest cube holding the cubes `cubes`: on each axis, the classes they take.
fn bounding(g: &Grid, cubes: &[Cube]) -> Cube {
    let mut sets: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); g.axes.len()];
    for c in cubes {
        for (a, set) in c.iter().enumerate() {
            sets[a].extend(set.iter().copied());
        }
    }
    sets.into_iter().map(|s| s.into_iter().collect()).collect()
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

#[allow(clippy::too_many_arguments)]
fn rule(
    space: &Space,
    g: &Grid,
    probe: &Probe<'_>,
    cube: Vec<Vec<usize>>,
    except: Vec<Vec<Vec<usize>>>,
    from: &[usize],
    classes: u64,
    id: &str,
) -> Rule {
    let when = constraints(space, g, &cube, None);
    let unless: Vec<Vec<Constraint>> = except.iter().map(|e| constraints(space, g, e, Some(&cube))).collect();
    let words = |cs: &[Constraint]| cs.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("; ");
    let mut text = if when.is_empty() { "on every incident".to_string() } else { words(&when) };
    if !unless.is_empty() {
        let list: Vec<String> = unless.iter().map(|u| words(u)).collect();
        text = format!("{text} — unless {}", list.join(" — or unless "));
    }
    let choice = witness_choice(space, g, from);
    let [va, vb] = probe.verdicts(&choice);
    let sides = probe.sides();
    let mut inc = crate::space::incident(space, &choice, id);
    let oa = crate::Outcome::of(&va);
    let ob = crate::Outcome::of(&vb);
    let same = sides[0].treaty().id.value == sides[1].treaty().id.value;
    let name = |s: usize| {
        let id = &sides[s].treaty().id.value;
        if same { format!("{} {id}", ["A", "B"][s]) } else { id.clone() }
    };
    inc.title = format!("{}: {}; {}: {}", name(0), oa.label(), name(1), ob.label());
    // Two versions of one design share their keys: the expectations are B's (the version
    // under test), A's verdicts a comment.
    let expected: Vec<&casus_core::eval::Verdict> =
        if same { vb.iter().collect() } else { va.iter().chain(&vb).collect() };
    for v in expected {
        inc.expect.push(casus_core::model::Expectation {
            commitment: casus_syntax::Spanned::detached(v.key()),
            expected: casus_core::model::Expected::Verdict(v.verdict),
        });
    }
    let mut comment = format!("Witness of: {text}");
    if same {
        let verdicts: Vec<String> = va.iter().map(|v| format!("{} {}", v.key(), v.verdict)).collect();
        comment.push_str(&format!("\nA (the other version) gives: {}", verdicts.join(", ")));
    }
    let witness = crate::write::incident_text(&inc, &comment);
    Rule { when, unless, text, classes, witness, a: va, b: vb, cube, except }
}

/// The constraints of a cube, axis by axis; with `within`, only where it narrows that cube.
pub(crate) fn constraints(
    space: &Space,
    g: &Grid,
    cube: &[Vec<usize>],
    within: Option<&Vec<Vec<usize>>>,
) -> Vec<Constraint> {
    let mut out = Vec::new();
    for (a, set) in cube.iter().enumerate() {
        let axis = &g.axes[a];
        let full = within.map_or(axis.classes.len(), |w| w[a].len());
        if set.len() == full {
            continue;
        }
        let combos: BTreeSet<Vec<usize>> = set.iter().flat_map(|&c| axis.classes[c].iter().cloned()).collect();
        let text = describe(space, &axis.fields, &combos);
        if text.is_empty() {
            continue;
        }
        out.push(Constraint { fields: axis.fields.iter().map(|&f| space.fields[f].0.name()).collect(), text });
    }
    out
}

/// The field values of the witness of a point: its representative, with the latest date
/// of its date class (an incident of today rather than of 1848).
fn witness_choice(space: &Space, g: &Grid, coords: &[usize]) -> Vec<usize> {
    let mut choice = g.choice(space, coords);
    for (axis, &c) in g.axes.iter().zip(coords) {
        if axis.fields.len() == 1 && space.fields[axis.fields[0]].0 == Field::Date {
            let latest = axis.classes[c]
                .iter()
                .map(|v| v[0])
                .filter(|&v| matches!(space.fields[axis.fields[0]].1[v], Value::Date(Some(_))))
                .max();
            if let Some(v) = latest {
                choice[axis.fields[0]] = v;
            }
        }
    }
    choice
}

/// The combinations `combos` of the fields `fields` in words: a greedy cover of the
/// combinations by products of value sets, each product written field by field.
fn describe(space: &Space, fields: &[usize], combos: &BTreeSet<Vec<usize>>) -> String {
    let direct = describe_set(space, fields, combos);
    if fields.len() == 1 {
        return direct;
    }
    // The complement may say it shorter: "not (initiator the target)".
    let all: Vec<Vec<usize>> = crate::rules::points(
        &fields.iter().map(|&f| (0..space.fields[f].1.len()).collect::<Vec<_>>()).collect::<Vec<_>>(),
    )
    .collect();
    let rest: BTreeSet<Vec<usize>> = all.into_iter().filter(|c| !combos.contains(c)).collect();
    if rest.is_empty() {
        return direct;
    }
    let other = format!("not ({})", describe_set(space, fields, &rest));
    if weight(&other) < weight(&direct) { other } else { direct }
}

/// How much a description asks its reader to take in: the items it lists.
fn weight(text: &str) -> usize {
    let listed: usize = text
        .split(" in all)")
        .map(|p| p.rsplit('(').next().and_then(|n| n.split(' ').next()?.parse::<usize>().ok()).unwrap_or(0))
        .sum();
    listed + text.matches(", ").count() + text.matches(" or ").count() + text.matches("; ").count() + 1
}

fn describe_set(space: &Space, fields: &[usize], combos: &BTreeSet<Vec<usize>>) -> String {
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
        let words: Vec<String> = fields.iter().zip(&cube).filter_map(|(&f, set)| values_text(space, f, set)).collect();
        parts.push(if words.is_empty() { "any".to_string() } else { words.join(", ") });
        if parts.len() > 6 {
            parts.push(format!("… ({} combinations in all)", combos.len()));
            break;
        }
    }
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        parts.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join(" or ")
    }
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
    let rest_ix: Vec<usize> = (0..values.len()).filter(|i| !set.contains(i)).collect();
    let rest: Vec<String> = rest_ix.iter().map(|&i| space.label(field, i, rest_ix.len() > 8)).collect();
    let chosen: Vec<String> = set.iter().map(|&i| space.label(field, i, set.len() > 8)).collect();
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
