//! Splits source text into tokens; never fails, marking what it cannot read as errors.

use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;

/// What kind of token a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare word: a keyword, an id, a state code, a region id such as `UA-43`.
    Word,
    /// A quoted string, quotes included.
    Str,
    /// A date written `YYYY-MM-DD` (not yet checked to be a real day).
    Date,
    /// A number such as `24` or `23.44`.
    Number,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// The end of a line.
    Newline,
    /// `#` up to the end of the line.
    Comment,
    /// Text that is not a token; a diagnostic says why.
    Error,
}

/// One token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// The kind.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Characters a bare word may continue with.
pub fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'/')
}

/// Tokenises a whole file.
pub fn lex(file: &SourceFile) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lexer = Lexer::new(file);
    let tokens = std::iter::from_fn(|| lexer.next_token()).collect();
    (tokens, lexer.finish())
}

/// Tokens one at a time, so that a parser holds one token, not the file's worth of them
/// (24 bytes each: a dense 8 MB file has a million).
pub struct Lexer<'a> {
    file: &'a SourceFile,
    i: usize,
    diags: Vec<Diagnostic>,
    suppressed: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `file` (after a byte-order mark: an encoding marker, not text).
    pub fn new(file: &'a SourceFile) -> Self {
        let i = if file.text().as_bytes().starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        Lexer { file, i, diags: Vec::new(), suppressed: 0 }
    }

    /// After this many lexical errors in one file the rest are summarised in one diagnostic.
    fn report(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_ERRORS {
            self.diags.push(d);
        } else {
            self.suppressed += 1;
        }
    }

    /// The problems met, once the tokens are all read.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let len = self.file.text().len();
        if self.suppressed > 0 {
            self.diags.push(Diagnostic::error(
                "E0001",
                Span::new(self.file.id(), len, len),
                format!("{} more unreadable places in this file were not reported", self.suppressed),
            ));
        }
        self.diags
    }

    /// The next token, or `None` at the end of the file.
    pub fn next_token(&mut self) -> Option<Token> {
        let file = self.file;
        let text = file.text().as_bytes();
        let span = |s: usize, e: usize| Span::new(file.id(), s, e);
        let mut i = self.i;
        while i < text.len() {
            let c = text[i];
            let start = i;
            let kind = match c {
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'\n' => {
                    i += 1;
                    TokenKind::Newline
                }
                b'#' => {
                    while i < text.len() && text[i] != b'\n' {
                        i += 1;
                    }
                    TokenKind::Comment
                }
                b'{' => {
                    i += 1;
                    TokenKind::LBrace
                }
                b'}' => {
                    i += 1;
                    TokenKind::RBrace
                }
                b',' => {
                    // A run of commas (and blanks between them) is one separator, and one token:
                    // ten million commas are not ten million words.
                    i += 1;
                    let mut j = i;
                    while j < text.len() && matches!(text[j], b',' | b' ' | b'\t') {
                        if text[j] == b',' {
                            i = j + 1;
                        }
                        j += 1;
                    }
                    TokenKind::Comma
                }
                b'"' => {
                    i += 1;
                    let mut closed = false;
                    while i < text.len() && text[i] != b'\n' {
                        match text[i] {
                            b'\\' if i + 1 < text.len() && text[i + 1] != b'\n' => i += 2,
                            b'"' => {
                                i += 1;
                                closed = true;
                                break;
                            }
                            _ => i += 1,
                        }
                    }
                    if closed {
                        TokenKind::Str
                    } else {
                        self.report(Diagnostic::error("E0002", span(start, i), "unterminated string").with_help(
                            "close the string with `\"` on the same line; write `\\\"` for a quote inside it",
                        ));
                        TokenKind::Str
                    }
                }
                b'0'..=b'9' | b'-' if c != b'-' || text.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    if is_date_at(text, i) {
                        i += 10;
                        TokenKind::Date
                    } else {
                        i += 1;
                        while i < text.len() && text[i].is_ascii_digit() {
                            i += 1;
                        }
                        if i + 1 < text.len() && text[i] == b'.' && text[i + 1].is_ascii_digit() {
                            i += 1;
                            while i < text.len() && text[i].is_ascii_digit() {
                                i += 1;
                            }
                        }
                        TokenKind::Number
                    }
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    while i < text.len() && is_word_char(text[i]) {
                        i += 1;
                    }
                    TokenKind::Word
                }
                _ => {
                    // A run of characters that start no token is one error, not one per byte.
                    i += 1;
                    while i < text.len() && !starts_token(text[i]) {
                        i += 1;
                    }
                    while !file.text().is_char_boundary(i) {
                        i += 1;
                    }
                    let shown: String = file.text()[start..i].chars().take(12).collect();
                    let what = if shown.chars().all(|c| !c.is_control() && c != '\u{fffd}') {
                        format!("unexpected `{shown}`")
                    } else {
                        "unexpected control or invalid characters".to_string()
                    };
                    self.report(Diagnostic::error("E0001", span(start, i), what).with_help(
                        "words are ASCII letters, digits, `-`, `_` and `/`; put any other text in double quotes",
                    ));
                    TokenKind::Error
                }
            };
            self.i = i;
            return Some(Token { kind, start, end: i });
        }
        self.i = i;
        None
    }
}

/// After this many lexical errors in one file the rest are summarised in one diagnostic.
const MAX_ERRORS: usize = 50;

fn starts_token(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'#' | b'{' | b'}' | b',' | b'"' | b'_' | b'-')
}

fn is_date_at(text: &[u8], i: usize) -> bool {
    let Some(d) = text.get(i..i + 10) else {
        return false;
    };
    let shape = d.iter().enumerate().all(|(k, &b)| if k == 4 || k == 7 { b == b'-' } else { b.is_ascii_digit() });
    shape && !text.get(i + 10).is_some_and(|&b| is_word_char(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut map = SourceMap::default();
        let id = map.add("t", src);
        lex(map.get(id)).0.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn dates_numbers_and_words_are_told_apart() {
        use TokenKind::*;
        assert_eq!(kinds("signed 1949-04-04 24 -23.5 UA-43 nato/art5"), [Word, Date, Number, Number, Word, Word]);
        assert_eq!(kinds("1949-04-041"), [Number, Number, Number]);
    }

    #[test]
    fn garbage_is_one_error_per_run() {
        let mut map = SourceMap::default();
        let id = map.add("t", "a \u{1}\u{2}\u{3} b");
        let (tokens, diags) = lex(map.get(id));
        assert_eq!(tokens.len(), 3);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn a_lone_dash_is_an_error_not_a_hang() {
        assert_eq!(kinds("- x"), [TokenKind::Error, TokenKind::Word]);
    }
}
