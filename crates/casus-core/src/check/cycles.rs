//! E0210: areas that name each other and regions that are part of each other. Either would
//! make "is this place inside?" a question without an end; the cycle is named in full so
//! that the analyst sees which link to cut.
//!
//! Both checks are linear in the size of the graph: regions form a functional graph (one
//! `part of` each), walked once with a colour per region; areas are searched depth-first,
//! iteratively (no recursion on input), once per treaty.

use std::collections::HashMap;

use casus_syntax::{Diagnostic, Span};

use super::{Cx, field};
use crate::model::Treaty;

pub(super) fn check(cx: &mut Cx<'_>) {
    regions(cx);
    let lib = cx.lib;
    for t in &lib.treaties {
        areas(cx, t);
    }
}

/// A cycle written out and closed: `a → b → a`.
fn written(ids: &[&str]) -> String {
    let mut s = ids.join(" → ");
    s.push_str(" → ");
    s.push_str(ids[0]);
    s
}

#[derive(Clone, Copy, PartialEq)]
enum Colour {
    /// Not reached yet.
    White,
    /// On the walk in progress, at this position of it.
    Grey(usize),
    /// Finished: no cycle runs through it that has not been reported.
    Black,
}

fn regions(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    let mut colour: HashMap<&str, Colour> = lib.regions.iter().map(|r| (r.id.value.as_str(), Colour::White)).collect();
    for start in &lib.regions {
        if colour.get(start.id.value.as_str()) != Some(&Colour::White) {
            continue;
        }
        let mut walk: Vec<&str> = Vec::new();
        let mut at = Some(start.id.value.as_str());
        while let Some(id) = at {
            match colour.get(id).copied() {
                Some(Colour::White) => {
                    colour.insert(id, Colour::Grey(walk.len()));
                    walk.push(id);
                    at = cx.regions.get(id).and_then(|r| r.part_of.as_ref()).map(|p| p.value.as_str());
                }
                Some(Colour::Grey(from)) => {
                    let cycle = &walk[from..];
                    if let Some(r) = cx.regions.get(cycle[0]).copied()
                        && let Some(p) = &r.part_of
                    {
                        let msg = if cycle.len() == 1 {
                            format!("region `{}` is part of itself", cycle[0])
                        } else {
                            format!("regions are part of each other: {}", written(cycle))
                        };
                        let d = Diagnostic::error("E0210", p.span, msg).with_help(
                            "a region is part of one larger region or state; cut the link that closes the circle",
                        );
                        cx.emit(d, r.file.0, field(&[&format!("region {}", r.id.value), "part of"]));
                    }
                    break;
                }
                // A state, an undeclared region (E0202), or a region already walked.
                Some(Colour::Black) | None => break,
            }
        }
        for id in walk {
            colour.insert(id, Colour::Black);
        }
    }
}

fn areas(cx: &mut Cx<'_>, t: &Treaty) {
    let index: HashMap<&str, usize> = t.areas.iter().enumerate().map(|(i, a)| (a.id.value.as_str(), i)).collect();
    // For each area, the areas its items name, with the span of the naming place.
    let edges: Vec<Vec<(usize, Span)>> = t
        .areas
        .iter()
        .map(|a| {
            a.items
                .iter()
                .flat_map(|item| &item.places)
                .filter_map(|p| index.get(p.name.value.as_str()).map(|&j| (j, p.name.span)))
                .collect()
        })
        .collect();
    let mut colour = vec![Colour::White; t.areas.len()];
    for root in 0..t.areas.len() {
        if colour[root] != Colour::White {
            continue;
        }
        // An explicit stack of (area, next edge to follow): depth-first without recursion.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = Colour::Grey(0);
        while let Some(&mut (a, ref mut next)) = stack.last_mut() {
            if let Some(&(b, span)) = edges[a].get(*next) {
                *next += 1;
                match colour[b] {
                    Colour::White => {
                        colour[b] = Colour::Grey(stack.len());
                        stack.push((b, 0));
                    }
                    Colour::Grey(from) => {
                        let ids: Vec<&str> = stack[from..].iter().map(|&(i, _)| t.areas[i].id.value.as_str()).collect();
                        let msg = if ids.len() == 1 {
                            format!("area `{}` names itself", ids[0])
                        } else {
                            format!("areas name each other: {}", written(&ids))
                        };
                        let d = Diagnostic::error("E0210", span, msg)
                            .with_help("an area may name other areas, but not one that leads back to it; write the places out instead");
                        cx.emit(
                            d,
                            t.file.0,
                            field(&[&format!("treaty {}", t.id.value), &format!("area {}", t.areas[a].id.value)]),
                        );
                    }
                    Colour::Black => {}
                }
            } else {
                colour[a] = Colour::Black;
                stack.pop();
            }
        }
    }
}
