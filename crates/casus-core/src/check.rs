//! The checker: every rule that a library must satisfy beyond its grammar, run together so
//! that one `casus check` reports every problem at once.
//!
//! One file per family of rules; each diagnostic names the logical field it concerns
//! (`treaty nato › commitment art5 › guarantors`) as well as its span, so that JSON input,
//! which has no spans, still gets a precise place.

mod citations;
mod cycles;
mod dates;
mod ids;
mod names;
mod sets;
mod states;
mod structure;

use std::collections::BTreeMap;

use casus_syntax::{Diagnostic, FileId, Span};

use crate::model::{Library, Region};

/// Runs every check over a whole library.
pub fn check(lib: &Library) -> Vec<Diagnostic> {
    let mut cx = Cx::new(lib);
    ids::check(&mut cx);
    states::check(&mut cx);
    names::check(&mut cx);
    cycles::check(&mut cx);
    dates::check(&mut cx);
    sets::check(&mut cx);
    citations::check(&mut cx);
    structure::check(&mut cx);
    cx.diags
}

/// What every rule needs: the library, its regions by id, and the diagnostics so far.
pub(crate) struct Cx<'a> {
    lib: &'a Library,
    regions: BTreeMap<&'a str, &'a Region>,
    diags: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    fn new(lib: &'a Library) -> Self {
        let mut regions = BTreeMap::new();
        for r in &lib.regions {
            regions.entry(r.id.value.as_str()).or_insert(r);
        }
        Cx { lib, regions, diags: Vec::new() }
    }

    /// Records `d`, giving it `file` when its span is detached and naming `field`.
    fn emit(&mut self, mut d: Diagnostic, file: FileId, field: impl Into<String>) {
        d.span = place(d.span, file);
        for l in &mut d.labels {
            l.span = place(l.span, file);
        }
        d.field = Some(field.into());
        self.diags.push(d);
    }
}

/// `span`, or a detached span in `file` when it has no position.
fn place(span: Span, file: FileId) -> Span {
    if span.is_detached() { Span { file, ..Span::DETACHED } } else { span }
}

/// Formats a chain of model places as a field path.
fn field(parts: &[&str]) -> String {
    parts.join(" › ")
}
