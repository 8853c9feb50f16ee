//! The surface syntax of the casus treaty language.
//!
//! `.casus` files are made of *statements*: a line of words, quoted strings, dates and
//! numbers, optionally followed by a `{ … }` block of further statements. This crate turns
//! source text into that statement tree without knowing what any word means; the meaning
//! (treaties, commitments, regions …) is given by `casus-core`, which lowers the tree into
//! the model. Keeping the two apart gives a parser that never fails — broken input becomes
//! diagnostics, and the rest of the file is still read — and a formatter that needs no
//! knowledge of the vocabulary.
//!
//! ```
//! use casus_syntax::{parse, SourceMap};
//!
//! let mut sources = SourceMap::default();
//! let file = sources.add("nato.casus", "treaty nato \"North Atlantic Treaty\" {\n  signed 1949-04-04\n}\n");
//! let parsed = parse(sources.get(file));
//! assert!(parsed.diagnostics.is_empty());
//! assert_eq!(parsed.tree.statements[0].words.len(), 3);
//! assert_eq!(casus_syntax::format(&parsed.tree),
//!            "treaty nato \"North Atlantic Treaty\" {\n    signed 1949-04-04\n}\n");
//! ```

pub mod diag;
pub mod fmt;
pub mod lexer;
pub mod parser;
pub mod source;
pub mod span;
pub mod tree;

pub use diag::{Diagnostic, Label, Severity};
pub use fmt::format;
pub use parser::{Parsed, parse, parse_each};
pub use source::{FileId, SourceFile, SourceMap};
pub use span::{Span, Spanned};
pub use tree::{Block, Comment, Statement, SyntaxTree, Word, WordKind};
