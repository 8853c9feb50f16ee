//! Diagnostics as plain data: a code, a severity, a place, a message and advice.
//!
//! Diagnostics are collected in a `Vec` so that one run reports every problem it finds;
//! they are rendered only at the edge (the CLI), following Cedar's message rules: lowercase,
//! no final period, user input in backticks, advice in `help`.

use serde::Serialize;

use crate::span::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth a look that does not stop the file from being used.
    Warning,
    /// The file cannot be used as written.
    Error,
}

/// A secondary span with its own short message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `E0201`; `casus explain CODE` documents it.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The offending text, or [`Span::DETACHED`] when the input has no text position (JSON).
    pub span: Span,
    /// What is wrong, lowercase, without a final period.
    pub message: String,
    /// Further places that explain the problem (the earlier definition of a duplicate …).
    pub labels: Vec<Label>,
    /// Advice on how to fix it.
    pub help: Option<String>,
    /// The logical place in the model, such as `treaty nato › commitment art5 › guarantors`;
    /// the only place a diagnostic on JSON input can name.
    pub field: Option<String>,
}

impl Diagnostic {
    /// An error with `code` at `span`.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, span, message)
    }

    /// A warning with `code` at `span`.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, span, message)
    }

    fn new(code: &'static str, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity, span, message: message.into(), labels: Vec::new(), help: None, field: None }
    }

    /// Adds advice.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Names the logical place in the model.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
