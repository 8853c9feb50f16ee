//! Rendering diagnostics for people (miette, with the source underlined) and machines
//! (JSON), formatting sources, and the diagnostic code documentation.

use std::fmt::Write as _;
use std::io::IsTerminal;

use casus_core::Loaded;
use casus_syntax::source::decode_utf8;
use casus_syntax::{Diagnostic, Severity, SourceMap};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

/// Lines longer than this are not quoted in reports (a 10 MB line would drown the message).
const MAX_QUOTED_LINE: usize = 1000;

/// How many diagnostics the text report draws with their source. Drawing one costs time
/// in the size of its file (miette reads the source from its start to count lines), so
/// drawing all of 100,000 diagnostics of a hostile file would be quadratic; past this many
/// the report says how many it left out, and `--format json` (linear) lists them all.
pub const MAX_RENDERED: usize = 200;

/// The diagnostics rendered for a reader (the first [`MAX_RENDERED`]), followed by a
/// one-line summary that counts them all.
pub fn text_report(loaded: &Loaded) -> String {
    let mut out = String::new();
    for d in loaded.diagnostics.iter().take(MAX_RENDERED) {
        out.push_str(&render(&loaded.sources, d));
    }
    if loaded.diagnostics.len() > MAX_RENDERED {
        let _ = writeln!(
            out,
            "… {} more diagnostics not shown: the first {MAX_RENDERED} are above; `--format json` lists every one\n",
            loaded.diagnostics.len() - MAX_RENDERED
        );
    }
    let (errors, warnings) = counts(&loaded.diagnostics);
    let files = loaded.checked_files();
    let _ = writeln!(
        out,
        "checked {files} file{}: {errors} error{}, {warnings} warning{}",
        plural(files),
        plural(errors),
        plural(warnings)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

use casus_ops::diagnostics::counts;

/// Renders one diagnostic: the message, `file:line:col`, the source with the span
/// underlined, secondary labels and the hint.
pub fn render(sources: &SourceMap, d: &Diagnostic) -> String {
    let file = sources.try_get(d.span.file);
    let quotable = match (file, d.span.range()) {
        (Some(f), Some(r)) => {
            // miette quotes the line before and after too: all three must be short.
            let text = f.text();
            let start = r.start.min(text.len());
            let mut from = text[..start].rfind('\n').map_or(0, |i| i);
            from = text[..from].rfind('\n').map_or(0, |i| i + 1);
            let mut to = text[start..].find('\n').map_or(text.len(), |i| start + i);
            if to < text.len() {
                to = text[to + 1..].find('\n').map_or(text.len(), |i| to + 1 + i);
            }
            text[from..to].split('\n').all(|l| l.len() <= MAX_QUOTED_LINE) && r.end - r.start <= MAX_QUOTED_LINE
        }
        _ => false,
    };
    let (Some(file), true) = (file, quotable) else {
        return plain(sources, d);
    };
    let mut m = MietteDiagnostic::new(escape_for_terminal(&d.message).into_owned()).with_code(d.code).with_severity(
        match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
    );
    if let Some(h) = &d.help {
        m = m.with_help(escape_for_terminal(h).into_owned());
    }
    let text_len = file.text().len();
    let clamp = |r: std::ops::Range<usize>| {
        let s = r.start.min(text_len);
        (s, r.end.min(text_len).max(s) - s)
    };
    let mut labels = Vec::new();
    if let Some(r) = d.span.range() {
        labels.push(LabeledSpan::new_primary_with_span(Some(label_for(d)), clamp(r)));
    }
    for l in &d.labels {
        if l.span.file == d.span.file
            && let Some(r) = l.span.range()
        {
            labels.push(LabeledSpan::new_with_span(Some(escape_for_terminal(&l.message).into_owned()), clamp(r)));
        }
    }
    m = m.with_labels(labels);
    let spans: Vec<std::ops::Range<usize>> = std::iter::once(d.span)
        .chain(d.labels.iter().map(|l| l.span).filter(|s| s.file == d.span.file))
        .filter_map(|s| s.range())
        .collect();
    let report = Report::new(m)
        .with_source_code(NamedSource::new(escape_for_terminal(file.path()), Window::around(file, &spans)));
    let theme = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return plain(sources, d);
    }
    out.push('\n');
    out
}

fn label_for(d: &Diagnostic) -> String {
    match d.code {
        "E0201" => "not an ISO 3166-1 alpha-3 code".into(),
        "E0101" => "not a real day".into(),
        _ => "here".into(),
    }
}

/// The rendering for diagnostics without a quotable source position.
fn plain(sources: &SourceMap, d: &Diagnostic) -> String {
    let sev = if d.is_error() { "error" } else { "warning" };
    let mut out = format!("{sev}[{}]: {}\n", d.code, escape_for_terminal(&d.message));
    let _ = writeln!(out, "  --> {}", escape_for_terminal(&location(sources, d)));
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  help: {}", escape_for_terminal(h));
    }
    out.push('\n');
    out
}

/// The part of a file a diagnostic quotes: from the line before its first span to the line
/// after its last, made quotable. miette finds lines by reading its source from the start,
/// so handing it the whole file made each diagnostic cost the file's length (200 of them
/// on a 1.7 MB file took seconds); a window costs the lines quoted. Spans stay offsets into
/// the whole file, and line numbers are the file's own.
struct Window {
    text: String,
    /// Offset of the window in the file.
    base: usize,
    /// 0-based line of the file the window starts on.
    first_line: usize,
}

/// Lines a [`Window`] takes before and after its spans.
const CONTEXT_LINES: usize = 4;

impl Window {
    fn around(file: &casus_syntax::SourceFile, spans: &[std::ops::Range<usize>]) -> Window {
        let text = file.text();
        // Spans of damaged input may end inside a character: round out to boundaries.
        let mut start = spans.iter().map(|r| r.start).min().unwrap_or(0).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = spans.iter().map(|r| r.end).max().unwrap_or(0).clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Back a few lines, on a few lines: more than miette quotes around a span, so that
        // it merges and numbers the quoted lines as it would in the whole file.
        // (Newlines are searched as bytes: a position just after one is a char boundary.)
        let bytes = text.as_bytes();
        let mut from = start;
        for _ in 0..=CONTEXT_LINES {
            from = bytes[..from.saturating_sub(1)].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        }
        let mut to = end;
        for _ in 0..=CONTEXT_LINES {
            to = bytes[to..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| to + i + 1);
        }
        Window { text: quotable_text(&text[from..to]), base: from, first_line: file.line_col(from).0 - 1 }
    }
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let offset = span.offset().saturating_sub(self.base).min(self.text.len());
        let local = miette::SourceSpan::new(offset.into(), span.len().min(self.text.len() - offset));
        let inner = self.text.as_str().read_span(&local, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new(
            inner.data(),
            miette::SourceSpan::new((inner.span().offset() + self.base).into(), inner.span().len()),
            inner.line() + self.first_line,
            inner.column(),
            // miette counts these lines from the start of its source, and merges the quotes
            // of two labels by them: counted from the file's start, as in the whole file.
            inner.line_count() + self.first_line,
        )))
    }
}

/// The source as miette may quote it to a terminal: every control character but newline,
/// tab and carriage return replaced by `?` (C1 controls, two bytes in UTF-8, by `¿`), so
/// that an escape sequence in a file is shown, not obeyed. Byte for byte, so every span
/// still points where it did.
fn quotable_text(text: &str) -> String {
    let bad = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(bad) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            c if bad(c) && c.is_ascii() => '?',
            c if bad(c) => '¿',
            c => c,
        })
        .collect()
}

/// `file:line:col`, or `file (field)` when there is no position.
pub fn location(sources: &SourceMap, d: &Diagnostic) -> String {
    let Some(file) = sources.try_get(d.span.file) else {
        return d.field.clone().unwrap_or_else(|| "<unknown>".into());
    };
    match d.span.range() {
        Some(r) => {
            let (line, col) = file.line_col(r.start);
            format!("{}:{line}:{col}", file.path())
        }
        None => match &d.field {
            Some(f) => format!("{} ({f})", file.path()),
            None => file.path().to_string(),
        },
    }
}

pub use casus_ops::diagnostics::{json_report, write_json_report};

/// Formats one source file; `Err` holds the rendered syntax errors that prevent it.
pub fn format_source(path: &str, bytes: Vec<u8>) -> Result<String, String> {
    let (text, bad) = decode_utf8(bytes);
    let mut sources = SourceMap::default();
    let id = sources.add(path, text);
    let parsed = casus_syntax::parse(sources.get(id));
    let mut errors: Vec<Diagnostic> = parsed.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
    if let Some(at) = bad {
        errors.insert(
            0,
            Diagnostic::error(
                "E0008",
                casus_syntax::Span::new(id, at, at + '\u{fffd}'.len_utf8()),
                "the file is not valid UTF-8",
            )
            .with_help("save the file as UTF-8"),
        );
    }
    if errors.is_empty() {
        Ok(casus_syntax::format(&parsed.tree))
    } else {
        let mut out: String = errors.iter().take(MAX_RENDERED).map(|d| render(&sources, d)).collect();
        if errors.len() > MAX_RENDERED {
            let _ = writeln!(out, "… {} more syntax errors not shown\n", errors.len() - MAX_RENDERED);
        }
        let _ = writeln!(out, "not formatted: {path} has syntax errors");
        Err(out)
    }
}

const CODES: &str = include_str!("../../../docs/diagnostics.md");

/// Every diagnostic code with its title, from `docs/diagnostics.md`.
pub fn codes() -> Vec<(&'static str, &'static str)> {
    CODES.lines().filter_map(|l| l.strip_prefix("## ")).filter_map(|h| h.split_once(": ")).collect()
}

/// The documentation of one code: its section of `docs/diagnostics.md`.
pub fn explain(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let start = CODES.find(&format!("## {code}: "))?;
    let rest = &CODES[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    Some(rest[..end].trim_end().to_string() + "\n")
}

/// `s` with its control characters escaped for a terminal: every C0 control character
/// except line feed and tab, DEL and every C1 control character (U+0080–U+009F) is written
/// `\u{1b}` (lowercase hex), so an escape sequence in a treaty name or an incident title
/// is shown, not obeyed. A backslash is left as it is. Borrowed when there is nothing to
/// escape; linear in the length of `s`.
///
/// A private twin of the one the core crate is adding (`casus_syntax::escape_for_terminal`);
/// the two behave alike and are to be unified.
pub fn escape_for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape_for_terminal;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(escape_for_terminal("NATO"), "NATO");
        assert!(matches!(escape_for_terminal("a\tb\nc"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escape_for_terminal("\u{1b}[31mred\u{7}"), "\\u{1b}[31mred\\u{7}");
        assert_eq!(escape_for_terminal("\r\u{7f}\u{9b}é"), "\\u{d}\\u{7f}\\u{9b}é");
    }
}
