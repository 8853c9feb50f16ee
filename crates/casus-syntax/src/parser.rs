//! Builds the statement tree from tokens; never fails.

use crate::diag::Diagnostic;
use crate::lexer::{Lexer, Token, TokenKind};
use crate::source::SourceFile;
use crate::span::Span;
use crate::tree::{Block, Comment, Statement, SyntaxTree, Word, WordKind};

/// Blocks nested deeper than this are reported and skipped, so hostile input cannot
/// exhaust the stack; real treaties need four levels.
pub const MAX_DEPTH: usize = 32;

/// The tree of one file and the problems met while reading it.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// Everything that could be read.
    pub tree: SyntaxTree,
    /// Lexical and structural problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file into its statement tree.
pub fn parse(file: &SourceFile) -> Parsed {
    let mut p = Parser { file, lexer: Lexer::new(file), diagnostics: Vec::new(), sink: None };
    let (statements, trailing_comments, _) = p.block(0, None);
    Parsed { tree: SyntaxTree { statements, trailing_comments }, diagnostics: p.into_diagnostics() }
}

/// Parses one file, handing each top-level statement to `each` as soon as it is read, and
/// returns the problems met. Memory is one statement's tree at a time, not the file's:
/// what a loader wants, which lowers a statement and forgets it (a file of 20,000 treaties
/// held whole took thirty times its size). Trailing comments at the end of the file are
/// dropped (only the formatter needs them, and it uses [`parse`]).
pub fn parse_each(file: &SourceFile, each: &mut dyn FnMut(Statement)) -> Vec<Diagnostic> {
    let mut p = Parser { file, lexer: Lexer::new(file), diagnostics: Vec::new(), sink: Some(each) };
    let _ = p.block(0, None);
    p.into_diagnostics()
}

struct Parser<'a, 's> {
    file: &'a SourceFile,
    lexer: Lexer<'a>,
    diagnostics: Vec<Diagnostic>,
    /// Where top-level statements go, when they are not collected.
    sink: Option<&'s mut dyn FnMut(Statement)>,
}

/// A statement being read.
#[derive(Default)]
struct Pending {
    words: Vec<Word>,
    block: Option<Block>,
    leading: Vec<Comment>,
    trailing: Option<Comment>,
    blank_before: bool,
    blank_after_comments: bool,
    start: Option<usize>,
    end: usize,
}

impl Parser<'_, '_> {
    /// Lexical and structural problems, in source order.
    fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut diagnostics = self.lexer.finish();
        diagnostics.extend(self.diagnostics);
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        diagnostics
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file.id(), start, end)
    }

    fn text(&self, t: Token) -> &str {
        &self.file.text()[t.start..t.end]
    }

    /// Reads statements until `}` (when `open` is given) or the end of the file.
    fn block(&mut self, depth: usize, open: Option<Span>) -> (Vec<Statement>, Vec<Comment>, Span) {
        let mut statements = Vec::new();
        let mut comments: Vec<Comment> = Vec::new();
        let mut cur = Pending::default();
        let mut newlines = 0usize; // newlines since the last token on a line
        let mut seen_anything = false;
        loop {
            let Some(t) = self.lexer.next_token() else {
                if let Some(open) = open {
                    self.diagnostics.push(
                        Diagnostic::error("E0003", open, "unclosed `{`")
                            .with_help("add the matching `}`; every block opened with `{` must be closed"),
                    );
                }
                self.finish(depth, &mut cur, &mut statements);
                return (statements, comments, Span::DETACHED);
            };
            let blank = seen_anything && newlines >= 2;
            match t.kind {
                TokenKind::Newline => {
                    if !cur.words.is_empty() || cur.block.is_some() {
                        self.finish(depth, &mut cur, &mut statements);
                    }
                    newlines += 1;
                    continue;
                }
                TokenKind::Comment => {
                    let comment = Comment {
                        text: self.text(t).trim_end().to_string(),
                        span: self.span(t.start, t.end),
                        blank_line_before: blank,
                    };
                    if !cur.words.is_empty() || cur.block.is_some() {
                        cur.trailing = Some(comment);
                    } else {
                        comments.push(comment);
                    }
                }
                TokenKind::LBrace => {
                    if cur.block.is_some() {
                        self.finish(depth, &mut cur, &mut statements);
                    }
                    let open_span = self.span(t.start, t.end);
                    if cur.words.is_empty() {
                        self.diagnostics.push(
                            Diagnostic::error("E0004", open_span, "block without a statement")
                                .with_help("a `{` must follow the words it belongs to on the same line"),
                        );
                    }
                    self.begin(&mut cur, &mut comments, blank, t.start);
                    if depth + 1 >= MAX_DEPTH {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "E0005",
                                open_span,
                                format!("blocks nested deeper than {MAX_DEPTH} levels"),
                            )
                            .with_help("treaty files need only a few levels; check for a missing `}`"),
                        );
                        let close = self.skip_block();
                        cur.end = close.range().map_or(self.file.text().len(), |r| r.end);
                        cur.block = Some(Block {
                            statements: Vec::new(),
                            trailing_comments: Vec::new(),
                            open: open_span,
                            close,
                        });
                    } else {
                        let (inner, trailing, close) = self.block(depth + 1, Some(open_span));
                        cur.end = close.range().map_or(self.file.text().len(), |r| r.end);
                        cur.block =
                            Some(Block { statements: inner, trailing_comments: trailing, open: open_span, close });
                    }
                }
                TokenKind::RBrace => {
                    let close = self.span(t.start, t.end);
                    if open.is_some() {
                        self.finish(depth, &mut cur, &mut statements);
                        return (statements, comments, close);
                    }
                    self.diagnostics.push(
                        Diagnostic::error("E0003", close, "unexpected `}`")
                            .with_help("this `}` closes no block; remove it or add the `{` it was meant to close"),
                    );
                }
                TokenKind::Error => {}
                TokenKind::Word | TokenKind::Str | TokenKind::Date | TokenKind::Number | TokenKind::Comma => {
                    if cur.block.is_some() {
                        self.finish(depth, &mut cur, &mut statements);
                    }
                    self.begin(&mut cur, &mut comments, blank, t.start);
                    let word = self.word(t);
                    cur.end = t.end;
                    cur.words.push(word);
                }
            }
            seen_anything = true;
            newlines = 0;
        }
    }

    fn begin(&self, cur: &mut Pending, comments: &mut Vec<Comment>, blank: bool, start: usize) {
        if cur.start.is_none() {
            cur.start = Some(start);
            cur.leading = std::mem::take(comments);
            cur.blank_before = cur.leading.first().map_or(blank, |c| c.blank_line_before);
            cur.blank_after_comments = blank && !cur.leading.is_empty();
        }
    }

    /// Ends the statement being read: into `out`, or to the sink at the top level.
    fn finish(&mut self, depth: usize, cur: &mut Pending, out: &mut Vec<Statement>) {
        let done = std::mem::take(cur);
        let Some(start) = done.start else { return };
        let st = Statement {
            words: done.words,
            block: done.block,
            leading_comments: done.leading,
            trailing_comment: done.trailing,
            blank_line_before: done.blank_before,
            blank_line_after_comments: done.blank_after_comments,
            span: self.span(start, done.end),
        };
        match &mut self.sink {
            Some(sink) if depth == 0 => sink(st),
            _ => out.push(st),
        }
    }

    /// Skips a block too deep to read, returning the span of its `}`.
    fn skip_block(&mut self) -> Span {
        let mut depth = 1usize;
        while let Some(t) = self.lexer.next_token() {
            match t.kind {
                TokenKind::LBrace => depth += 1,
                TokenKind::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return self.span(t.start, t.end);
                    }
                }
                _ => {}
            }
        }
        Span::DETACHED
    }

    fn word(&mut self, t: Token) -> Word {
        let raw = self.text(t);
        let span = self.span(t.start, t.end);
        let (kind, text) = match t.kind {
            TokenKind::Str => (WordKind::Str, self.unescape(t)),
            TokenKind::Date => (WordKind::Date, raw.to_string()),
            TokenKind::Number => (WordKind::Number, raw.to_string()),
            // However many commas the run holds, it is written as one.
            TokenKind::Comma => (WordKind::Comma, ",".to_string()),
            _ => (WordKind::Word, raw.to_string()),
        };
        Word { kind, text, span }
    }

    fn unescape(&mut self, t: Token) -> String {
        let raw = self.text(t);
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        let inner = inner.strip_suffix('"').filter(|_| inner.len() + 1 == raw.len() && raw.len() >= 2).unwrap_or(inner);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.char_indices();
        let mut bad = Vec::new();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((j, other)) => {
                    bad.push((i, j + other.len_utf8()));
                    out.push(other);
                }
                None => bad.push((i, i + 1)),
            }
        }
        for (s, e) in bad {
            let at = t.start + 1 + s;
            self.diagnostics.push(
                Diagnostic::error("E0006", self.span(at, t.start + 1 + e), "unknown escape in string")
                    .with_help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn parse_str(src: &str) -> Parsed {
        let mut map = SourceMap::default();
        let id = map.add("t.casus", src);
        parse(map.get(id))
    }

    #[test]
    fn statements_blocks_and_comments() {
        let p = parse_str(
            "# about\ntreaty t \"T\" { # open\n  signed 2000-01-01 # when\n\n  parties {\n    USA\n  }\n}\n# end\n",
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let t = &p.tree.statements[0];
        assert_eq!(t.leading_comments[0].text, "# about");
        let block = t.block.as_ref().expect("block");
        assert_eq!(block.statements.len(), 2);
        assert_eq!(block.statements[0].trailing_comment.as_ref().map(|c| c.text.as_str()), Some("# when"));
        assert_eq!(block.statements[0].leading_comments[0].text, "# open");
        assert!(block.statements[1].blank_line_before);
        assert_eq!(p.tree.trailing_comments[0].text, "# end");
    }

    #[test]
    fn unbalanced_braces_are_reported_with_places() {
        let p = parse_str("treaty t {\n  x\n");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, "E0003");
        assert_eq!(p.diagnostics[0].span.start, 9);
        let p = parse_str("}\n");
        assert_eq!(p.diagnostics[0].message, "unexpected `}`");
    }

    #[test]
    fn deep_nesting_is_cut_off_not_overflowed() {
        let src = "a {".repeat(100_000);
        let p = parse_str(&src);
        assert!(p.diagnostics.iter().any(|d| d.code == "E0005"));
    }
}
