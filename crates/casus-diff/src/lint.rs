//! What the incident space says of one commitment on its own: whether any incident can
//! trigger it, whether one can without a judgement, and whether each of its conditions
//! ever changes a verdict. These are `casus check --exhaustive`'s warnings (W0501–W0503):
//! each is a diff — of the commitment with itself, or with itself less one condition — so
//! the answer holds for every incident the conditions tell apart, not for a sample.

use casus_core::eval::Options;
use casus_core::model::Library;
use casus_core::vocab::{Kind, Tri, VerdictKind};
use casus_syntax::{Diagnostic, Span};

use crate::grid::{self, Grid};
use crate::space::{self, Field, Side, Space, Value};

/// What the exhaustive check found, and what it could not analyse.
#[derive(Debug, Default)]
pub struct Lint {
    /// The warnings, in the order of the treaties and commitments.
    pub diagnostics: Vec<Diagnostic>,
    /// What was too large to analyse: `treaty/commitment`, or a condition of it.
    pub skipped: Vec<String>,
    /// Commitments analysed.
    pub commitments: usize,
    /// Conditions analysed (one diff each).
    pub conditions: usize,
}

/// Analyses every commitment of the treaties `treaties` (indices into `lib.treaties`),
/// each as if in force (a design is analysed for what it would do). `progress` is called
/// with the share done, from 0 to 1.
pub fn lint(lib: &Library, treaties: &[usize], progress: &(dyn Fn(f64) + Sync)) -> Lint {
    let mut out = Lint::default();
    let jobs: Vec<(usize, usize)> =
        treaties.iter().flat_map(|&t| (0..lib.treaties[t].commitments.len()).map(move |c| (t, c))).collect();
    for (done, &(t, c)) in jobs.iter().enumerate() {
        commitment(lib, t, c, &mut out);
        progress((done + 1) as f64 / jobs.len().max(1) as f64);
    }
    out
}

/// The checks of one commitment.
fn commitment(lib: &Library, t: usize, c: usize, out: &mut Lint) {
    let treaty = &lib.treaties[t];
    let commitment = &treaty.commitments[c];
    let ids = [commitment.id.value.clone()];
    let side = Side { library: lib, treaty: t, commitments: &ids };
    let name = format!("{}/{}", treaty.id.value, commitment.id.value);
    let Ok((sp, g)) = evaluated(side, side) else {
        out.skipped.push(name);
        return;
    };
    out.commitments += 1;
    let leaves = g.leaf_cubes();
    let classes: u64 = leaves.iter().map(|(cube, _)| grid::size(cube)).sum();
    let owing: Vec<&grid::Cube> = leaves
        .iter()
        .filter(|(_, o)| matches!(g.outcomes[*o as usize].0.verdict, VerdictKind::Triggered | VerdictKind::Violated))
        .map(|(cube, _)| cube)
        .collect();
    let field = format!("treaty {} › commitment {}", treaty.id.value, commitment.id.value);
    if owing.is_empty() {
        let verb = if matches!(commitment.kind.value, Kind::NonAggression | Kind::Neutrality) {
            "violated"
        } else {
            "triggered"
        };
        out.diagnostics.push(
            Diagnostic::warning(
                "W0501",
                commitment.id.span,
                format!("commitment `{}` can never be {verb}", commitment.id.value),
            )
            .with_help(format!(
                "no incident of the {classes} classes its conditions tell apart makes it due, even as if in force \
                 and with every judgement given: check its trigger, area and conditions against the clause"
            ))
            .with_field(field),
        );
        return;
    }
    let judged: Vec<usize> =
        sp.fields.iter().enumerate().filter(|(_, (f, _))| matches!(f, Field::Judged(_))).map(|(i, _)| i).collect();
    if !judged.is_empty() && !owing.iter().any(|cube| without_judgement(&sp, &g, cube, &judged)) {
        let names: Vec<String> = judged.iter().map(|&f| sp.fields[f].0.name()).collect();
        out.diagnostics.push(
            Diagnostic::warning(
                "W0502",
                commitment.id.span,
                format!("commitment `{}` is never triggered without a judgement", commitment.id.value),
            )
            .with_help(format!(
                "every incident that triggers it needs {} answered: without it the verdict is at best \
                 indeterminate, whatever the facts; if that is the clause's meaning, say so in a comment",
                names.join(" or ")
            ))
            .with_field(field.clone()),
        );
    }
    // Each condition taken out in turn: a commitment equivalent without it never reads it.
    let conditions = commitment.conditions.len();
    for k in 0..conditions + commitment.void_if.len() {
        let mut fewer = lib.clone();
        let cm = &mut fewer.treaties[t].commitments[c];
        let span: Span =
            if k < conditions { cm.conditions.remove(k).span } else { cm.void_if.remove(k - conditions).span };
        let other = Side { library: &fewer, treaty: t, commitments: &ids };
        out.conditions += 1;
        let Ok((_, g2)) = evaluated(side, other) else {
            out.skipped.push(format!("{name} (condition {})", k + 1));
            continue;
        };
        if g2.outcomes.iter().all(|(a, b)| a == b) {
            let what = if k < conditions { "condition" } else { "`void if` condition" };
            out.diagnostics.push(
                Diagnostic::warning(
                    "W0503",
                    span,
                    format!("this {what} never changes the verdict of commitment `{}`", commitment.id.value),
                )
                .with_help(format!(
                    "without it, every incident gets the same verdict, strength and number of guarantors \
                     ({} classes compared): the trigger or another condition already decides what it reads; remove it, or make \
                     it say what the clause means",
                    g2.leaf_cubes().iter().map(|(cube, _)| grid::size(cube)).sum::<u64>()
                ))
                .with_field(field.clone()),
            );
        }
    }
}

/// The space and grid of two sides, as if in force.
fn evaluated<'a>(a: Side<'a>, b: Side<'a>) -> Result<(Space, Grid), crate::TooLarge> {
    let sp = space::space(&[a, b], None);
    let probe = grid::Probe::new(&sp, [a, b], Options { hypothetical: true });
    let g = grid::grid(&probe, &|_| {})?;
    Ok((sp, g))
}

/// Whether a cube holds an incident with no judgement given (each judged field not stated
/// or unknown).
fn without_judgement(sp: &Space, g: &Grid, cube: &grid::Cube, judged: &[usize]) -> bool {
    let unanswered =
        |f: usize, v: usize| matches!(sp.fields[f].1[v], Value::Answer(None) | Value::Answer(Some(Tri::Unknown)));
    g.axes.iter().zip(cube).all(|(axis, classes)| {
        let slots: Vec<(usize, usize)> =
            axis.fields.iter().enumerate().filter(|(_, f)| judged.contains(f)).map(|(i, f)| (i, *f)).collect();
        slots.is_empty()
            || classes
                .iter()
                .any(|&cls| axis.classes[cls].iter().any(|combo| slots.iter().all(|&(i, f)| unanswered(f, combo[i]))))
    })
}
