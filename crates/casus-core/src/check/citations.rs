//! W0301 and W0302: commitments without a clause, and items without a source.

use casus_syntax::Diagnostic;

use super::{Cx, field};

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    for t in &lib.treaties {
        let tf = format!("treaty {}", t.id.value);
        if t.sources.is_empty() {
            let d = Diagnostic::warning("W0302", t.id.span, format!("treaty `{}` cites no source", t.id.value))
                .with_help("add `source \"URL\"` where its text (or its reporting) can be read");
            cx.emit(d, t.file.0, tf.clone());
        }
        for c in &t.commitments {
            if c.clause.is_none() {
                let d = Diagnostic::warning("W0301", c.id.span, format!("commitment `{}` cites no clause", c.id.value))
                    .with_help("add `clause \"Article N\"` so every verdict can be traced to the text it comes from");
                cx.emit(d, t.file.0, field(&[&tf, &format!("commitment {}", c.id.value)]));
            }
        }
    }
    for r in &lib.regions {
        if r.sources.is_empty() && !(r.controller.is_empty() && r.sovereign.is_empty() && r.claimants.is_empty()) {
            let d = Diagnostic::warning("W0302", r.id.span, format!("region `{}` cites no source", r.id.value))
                .with_help("add `source \"URL\"` for its sovereignty and control dates");
            cx.emit(d, r.file.0, format!("region {}", r.id.value));
        }
    }
    for dep in &lib.deployments {
        if dep.sources.is_empty() {
            let d = Diagnostic::warning("W0302", dep.id.span, format!("deployment `{}` cites no source", dep.id.value))
                .with_help("add `source \"URL\"`");
            cx.emit(d, dep.file.0, format!("deployment {}", dep.id.value));
        }
    }
}
