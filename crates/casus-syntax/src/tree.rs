//! The statement tree: what a `.casus` file is before any word has a meaning.

use crate::span::Span;

/// A whole file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyntaxTree {
    /// Top-level statements, in order.
    pub statements: Vec<Statement>,
    /// Comments after the last statement.
    pub trailing_comments: Vec<Comment>,
}

/// One line of words, optionally followed by a `{ … }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The words of the line; may be empty only in broken input (a bare `{`).
    pub words: Vec<Word>,
    /// The block after the words, if any.
    pub block: Option<Block>,
    /// Comments on the lines just before this statement.
    pub leading_comments: Vec<Comment>,
    /// A comment at the end of the statement's last line.
    pub trailing_comment: Option<Comment>,
    /// Whether an empty line separates this statement (with its leading comments) from
    /// what precedes it.
    pub blank_line_before: bool,
    /// Whether an empty line separates the leading comments from the words.
    pub blank_line_after_comments: bool,
    /// From the first word to the end of the block.
    pub span: Span,
}

impl Statement {
    /// The first word's text, which names what kind of statement this is.
    pub fn keyword(&self) -> Option<&str> {
        self.words.first().filter(|w| w.kind == WordKind::Word).map(|w| w.text.as_str())
    }

    /// The span of the words alone (without the block).
    pub fn head_span(&self) -> Span {
        match (self.words.first(), self.words.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => self.span,
        }
    }
}

/// The statements between `{` and `}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The statements inside.
    pub statements: Vec<Statement>,
    /// Comments after the last statement, before `}`.
    pub trailing_comments: Vec<Comment>,
    /// The `{`.
    pub open: Span,
    /// The `}`, detached when the block was never closed.
    pub close: Span,
}

/// What kind of thing a [`Word`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordKind {
    /// A bare word.
    Word,
    /// A quoted string; [`Word::text`] holds its value with escapes resolved.
    Str,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A number.
    Number,
    /// A `,` separating items of a list.
    Comma,
}

/// One word of a statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Its kind.
    pub kind: WordKind,
    /// Its text; for strings, the value without quotes and with escapes resolved.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A `#` comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The comment from `#` to the end of the line, trailing spaces removed.
    pub text: String,
    /// Where it is.
    pub span: Span,
    /// Whether an empty line precedes it.
    pub blank_line_before: bool,
}
