//! E0203: ids that are defined twice.

use std::collections::BTreeMap;

use casus_syntax::{Diagnostic, FileId, Spanned};

use super::{Cx, field};

pub(super) fn check(cx: &mut Cx<'_>) {
    let lib = cx.lib;
    unique(cx, "treaty", lib.treaties.iter().map(|t| (&t.id, t.file.0)), "");
    unique(cx, "region", lib.regions.iter().map(|r| (&r.id, r.file.0)), "");
    unique(cx, "deployment", lib.deployments.iter().map(|d| (&d.id, d.file.0)), "");
    unique(cx, "incident", lib.incidents.iter().map(|i| (&i.id, i.file.0)), "");
    for t in &lib.treaties {
        let scope = format!("treaty {}", t.id.value);
        unique(cx, "commitment", t.commitments.iter().map(|c| (&c.id, t.file.0)), &scope);
        unique(cx, "area", t.areas.iter().map(|a| (&a.id, t.file.0)), &scope);
        unique(cx, "event", t.events.iter().map(|e| (&e.id, t.file.0)), &scope);
        unique(cx, "body", t.bodies.iter().map(|b| (&b.id, t.file.0)), &scope);
    }
}

fn unique<'a>(cx: &mut Cx<'_>, what: &str, ids: impl Iterator<Item = (&'a Spanned<String>, FileId)>, scope: &str) {
    let mut seen: BTreeMap<&str, &Spanned<String>> = BTreeMap::new();
    for (id, file) in ids {
        match seen.get(id.value.as_str()) {
            Some(first) => {
                let within = if scope.is_empty() { String::new() } else { format!(" in {scope}") };
                let d = Diagnostic::error("E0203", id.span, format!("{what} `{}` is defined twice{within}", id.value))
                    .with_label(first.span, "first defined here")
                    .with_help(format!("give each {what} its own id"));
                let path = if scope.is_empty() {
                    [what, id.value.as_str()].join(" ")
                } else {
                    field(&[scope, &format!("{what} {}", id.value)])
                };
                cx.emit(d, file, path);
            }
            None => {
                seen.insert(&id.value, id);
            }
        }
    }
}
