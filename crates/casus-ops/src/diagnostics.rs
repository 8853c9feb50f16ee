//! Diagnostics as JSON (`casus check --format json`, `POST /v1/check`): each with its code,
//! severity, file, line and column of both ends, message, hint and field path.

use casus_core::Loaded;
use casus_syntax::{Diagnostic, Severity};
use serde::Serialize;

/// The numbers of errors and of warnings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
    field: Option<&'a str>,
}

#[derive(Serialize)]
/// The whole report: how many files were checked, the counts, and the diagnostics.
pub struct JsonReport<'a> {
    /// Files checked (context files not counted).
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    diagnostics: JsonDiagnostics<'a>,
}

impl<'a> JsonReport<'a> {
    /// The report of `loaded`.
    pub fn of(loaded: &'a Loaded) -> JsonReport<'a> {
        let (errors, warnings) = counts(&loaded.diagnostics);
        JsonReport { files: loaded.checked_files(), errors, warnings, diagnostics: JsonDiagnostics(loaded) }
    }
}

/// The diagnostics, each turned into its JSON object only as it is written: 100,000 of
/// them are not held twice.
struct JsonDiagnostics<'a>(&'a Loaded);

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let loaded = self.0;
        serializer.collect_seq(loaded.diagnostics.iter().map(|d| {
            let file = loaded.sources.try_get(d.span.file);
            let (start, end) = match (file, d.span.range()) {
                (Some(f), Some(r)) => (Some(f.line_col(r.start)), Some(f.line_col(r.end))),
                _ => (None, None),
            };
            JsonDiagnostic {
                code: d.code,
                severity: d.severity,
                file: file.map(|f| f.path()),
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                message: &d.message,
                hint: d.help.as_deref(),
                field: d.field.as_deref(),
            }
        }))
    }
}

/// Writes every diagnostic as one JSON object, for editors and CI, as it goes.
pub fn write_json_report(loaded: &Loaded, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &JsonReport::of(loaded)).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Every diagnostic as one JSON object, for editors and CI.
pub fn json_report(loaded: &Loaded) -> String {
    let mut out = Vec::new();
    if let Err(e) = write_json_report(loaded, &mut out) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// `casus check --exhaustive`: every commitment of the checked files (not those read as
/// context) analysed over its whole incident space ([`casus_diff::lint`]), its warnings
/// added to `loaded` in file order. Nothing is analysed when there are errors: the space of
/// a treaty that does not load is not its meaning. `progress` gets the share done.
pub fn exhaustive(loaded: &mut Loaded, progress: &(dyn Fn(f64) + Sync)) -> casus_diff::lint::Lint {
    if loaded.has_errors() {
        return casus_diff::lint::Lint::default();
    }
    let treaties: Vec<usize> = loaded
        .library
        .treaties
        .iter()
        .enumerate()
        .filter(|(_, t)| !loaded.context.contains(&t.id.span.file))
        .map(|(i, _)| i)
        .collect();
    let lint = casus_diff::lint::lint(&loaded.library, &treaties, progress);
    loaded.diagnostics.extend(lint.diagnostics.iter().cloned());
    loaded.diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
    lint
}
