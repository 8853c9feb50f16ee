//! E0207 and W0304: guarantor and beneficiary sets that can never hold anyone.

use std::collections::BTreeSet;

use casus_syntax::Diagnostic;

use super::{Cx, field};
use crate::model::{Member, SetExpr};

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    for t in &lib.treaties {
        let tf = format!("treaty {}", t.id.value);
        let parties: BTreeSet<&str> =
            t.parties.iter().filter(|m| !m.suspended).map(|m| m.state.value.as_str()).collect();
        if parties.is_empty() {
            if !t.commitments.is_empty() {
                let d = Diagnostic::warning("W0304", t.id.span, format!("treaty `{}` has no parties", t.id.value))
                    .with_help("add a `parties { … }` block; without parties no commitment can bind anyone");
                cx.emit(d, t.file.0, field(&[&tf, "parties"]));
            }
            continue;
        }
        for c in &t.commitments {
            let cf = field(&[&tf, &format!("commitment {}", c.id.value)]);
            let mut reported = false;
            for (name, set) in [("guarantors", &c.guarantors), ("beneficiaries", &c.beneficiaries)] {
                for m in set.include.iter().chain(&set.except) {
                    if let Member::State(code) = &m.value
                        && !parties.contains(code.as_str())
                        && crate::states::get(code).is_some()
                    {
                        let d = Diagnostic::error(
                            "E0207",
                            m.span,
                            format!("`{code}` is never a party of `{}`", t.id.value),
                        )
                        .with_help(format!("add `{code}` to the treaty's `parties`, or remove it from the {name}"));
                        cx.emit(d, t.file.0, field(&[&cf, name]));
                        reported = true;
                    }
                }
            }
            if let Some(m) =
                c.beneficiaries.include.iter().chain(&c.beneficiaries.except).find(|m| m.value == Member::Beneficiary)
            {
                let d = Diagnostic::error("E0207", m.span, "`beneficiary` cannot define the beneficiaries")
                    .with_help("write `all parties` or state codes");
                cx.emit(d, t.file.0, field(&[&cf, "beneficiaries"]));
                continue;
            }
            if reported {
                continue;
            }
            let bens = eval(&c.beneficiaries, &parties, None);
            if bens.is_empty() {
                let span = c.beneficiaries.include.first().map_or(c.span.0, |m| m.span);
                let d = Diagnostic::error("E0207", span, "the beneficiaries can never be anyone")
                    .with_help("the set leaves out every party; check its `except`");
                cx.emit(d, t.file.0, field(&[&cf, "beneficiaries"]));
                continue;
            }
            let sets: Vec<_> = bens.iter().map(|b| (*b, eval(&c.guarantors, &parties, Some(b)))).collect();
            if sets.iter().all(|(b, g)| g.iter().all(|g| g == b)) {
                let span = c.guarantors.include.first().map_or(c.span.0, |m| m.span);
                let (message, help) = if sets.iter().all(|(_, g)| g.is_empty()) {
                    ("the guarantors can never be anyone", "the set leaves out every party; check its `except`")
                } else {
                    (
                        "the guarantors can never be anyone but the beneficiary itself",
                        "a state cannot guarantee itself; write e.g. `all parties except beneficiary`",
                    )
                };
                let d = Diagnostic::error("E0207", span, message).with_help(help);
                cx.emit(d, t.file.0, field(&[&cf, "guarantors"]));
            }
        }
    }
}

/// The states a set expression names, over the treaty's parties at any time.
fn eval<'a>(set: &'a SetExpr, parties: &BTreeSet<&'a str>, beneficiary: Option<&'a str>) -> BTreeSet<&'a str> {
    let resolve = |m: &'a Member| -> Vec<&'a str> {
        match m {
            Member::AllParties => parties.iter().copied().collect(),
            Member::Beneficiary => beneficiary.into_iter().collect(),
            Member::State(s) => parties.contains(s.as_str()).then_some(s.as_str()).into_iter().collect(),
        }
    };
    let mut out: BTreeSet<&str> = set.include.iter().flat_map(|m| resolve(&m.value)).collect();
    for m in &set.except {
        for s in resolve(&m.value) {
            out.remove(s);
        }
    }
    out
}
