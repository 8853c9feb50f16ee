//! The operations both faces of casus share — the `casus` command line and the `casus
//! serve` HTTP server: the built-in library, the assembly of the library a question is asked
//! of (built-in, user files or texts, ATOP), the comparison matrix, the obligations of a
//! state, the alliance network of a date, the coverage of a commitment, and the reading of
//! the few plain values (dates, state codes, kinds) every face accepts.
//!
//! A face parses its own arguments (flags, JSON bodies, query strings) and renders the
//! answers (text, CSV, HTML, JSON); the answers themselves are computed here, once, so that
//! neither face knows anything the other does not. Nothing here prints, reads a path it was
//! not given, or exits.

pub mod assemble;
pub mod atop;
pub mod builtin;
pub mod compare;
pub mod coverage;
pub mod diagnostics;
pub mod diff;
pub mod incident;
pub mod input;
pub mod network;
pub mod obligations;

/// A value a caller gave that cannot be used: which field (a flag without its dashes, a
/// query parameter, a JSON field path), what is wrong, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The field: `on`, `state`, `kind`, `commitment`, `incident.target` ….
    pub field: String,
    /// What is wrong, without the field (`` `2024-13-01` is not a date``).
    pub message: String,
    /// How to fix it, when something can be said.
    pub help: Option<String>,
}

impl Refusal {
    /// A refusal of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>, help: Option<String>) -> Refusal {
        Refusal { field: field.into(), message: message.into(), help }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refusal {}
