//! A cursor over the words of one statement: the recursive-descent half of the parser.
//!
//! The syntax crate splits a file into statements; this cursor reads one statement's
//! words by the grammar of its keyword, producing a diagnostic that names the place and
//! what was expected when the words do not fit.

use casus_syntax::{Diagnostic, Span, Spanned, Word, WordKind};

use crate::model::{Date, Period};
use crate::suggest::did_you_mean;
use crate::vocab::{Vocabulary, unit_from_word};

/// The result of reading part of a statement.
pub type Read<T> = Result<T, Box<Diagnostic>>;

/// An optional `from` and an optional `until` date.
pub type DateRange = (Option<Spanned<Date>>, Option<Spanned<Date>>);

/// Reads the words of one statement left to right.
pub struct Cursor<'a> {
    words: &'a [Word],
    pos: usize,
    whole: Span,
}

impl<'a> Cursor<'a> {
    /// A cursor at the first word of `words`, which span `whole`.
    pub fn new(words: &'a [Word], whole: Span) -> Self {
        Cursor { words, pos: 0, whole }
    }

    /// The next word, if any.
    pub fn peek(&self) -> Option<&'a Word> {
        self.words.get(self.pos)
    }

    /// The text of the next word if it is a bare word.
    pub fn peek_word(&self) -> Option<&'a str> {
        self.peek().filter(|w| w.kind == WordKind::Word).map(|w| w.text.as_str())
    }

    /// Whether no words are left.
    pub fn done(&self) -> bool {
        self.pos >= self.words.len()
    }

    /// Takes the next word.
    pub fn bump(&mut self) -> Option<&'a Word> {
        let w = self.words.get(self.pos);
        self.pos += 1;
        w
    }

    /// Skips commas and the word `and` between list items.
    pub fn skip_separators(&mut self) {
        while let Some(w) = self.peek() {
            if w.kind == WordKind::Comma || (w.kind == WordKind::Word && w.text == "and") {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Whether the next words spell `phrase` (words separated by spaces), either as separate
    /// words or joined by hyphens (`at least` or `at-least`); without consuming them.
    pub fn at_phrase(&self, phrase: &str) -> bool {
        self.phrase_len(phrase).is_some()
    }

    fn phrase_len(&self, phrase: &str) -> Option<usize> {
        let parts: Vec<&str> = phrase.split(' ').collect();
        let word_at =
            |i: usize| self.words.get(self.pos + i).filter(|w| w.kind == WordKind::Word).map(|w| w.text.as_str());
        if word_at(0) == Some(parts.join("-").as_str()) {
            return Some(1);
        }
        parts.iter().enumerate().all(|(i, p)| word_at(i) == Some(*p)).then_some(parts.len())
    }

    /// Consumes `phrase` if it is next, returning its span.
    pub fn eat(&mut self, phrase: &str) -> Option<Span> {
        let n = self.phrase_len(phrase)?;
        let span = self.words[self.pos].span.to(self.words[self.pos + n - 1].span);
        self.pos += n;
        Some(span)
    }

    /// Consumes `phrase` or reports what was expected.
    pub fn expect(&mut self, phrase: &str) -> Read<Span> {
        self.eat(phrase).ok_or_else(|| self.expected(&format!("`{phrase}`")))
    }

    /// The span of the next word, or the point just after the last one.
    pub fn here(&self) -> Span {
        match self.peek() {
            Some(w) => w.span,
            None => match self.words.last() {
                Some(w) => Span { start: w.span.end, ..w.span },
                None => self.whole,
            },
        }
    }

    /// An error saying that `what` was expected here.
    pub fn expected(&self, what: &str) -> Box<Diagnostic> {
        let message = match self.peek() {
            Some(w) => format!("expected {what}, found {}", describe(w)),
            None => match self.words.last() {
                Some(last) => format!("expected {what} after {}", describe(last)),
                None => format!("expected {what}"),
            },
        };
        Box::new(Diagnostic::error("E0102", self.here(), message))
    }

    /// Reports any words left over.
    pub fn finish(&self) -> Read<()> {
        match self.peek() {
            None => Ok(()),
            Some(w) => {
                let last = self.words.last().map_or(w.span, |l| l.span);
                Err(Box::new(
                    Diagnostic::error("E0102", w.span.to(last), format!("unexpected {}", describe(w)))
                        .with_help("each statement stands on its own line; remove the extra words or start a new line"),
                ))
            }
        }
    }

    /// Reads a bare word as an id or code.
    pub fn ident(&mut self, what: &str) -> Read<Spanned<String>> {
        match self.peek() {
            Some(w) if w.kind == WordKind::Word => {
                self.pos += 1;
                Ok(Spanned::new(w.text.clone(), w.span))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Reads a quoted string.
    pub fn string(&mut self, what: &str) -> Read<Spanned<String>> {
        match self.peek() {
            Some(w) if w.kind == WordKind::Str => {
                self.pos += 1;
                Ok(Spanned::new(w.text.clone(), w.span))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Reads an optional quoted string.
    pub fn opt_string(&mut self) -> Option<Spanned<String>> {
        self.string("").ok()
    }

    /// Reads a `YYYY-MM-DD` date and checks that the day exists.
    pub fn date(&mut self) -> Read<Spanned<Date>> {
        match self.peek() {
            Some(w) if w.kind == WordKind::Date => {
                self.pos += 1;
                parse_date(&w.text, w.span).map(|d| Spanned::new(d, w.span))
            }
            _ => Err(self.expected("a date such as `1949-08-24`")),
        }
    }

    /// Reads `from DATE` and `until DATE`, each optional, in either order.
    pub fn date_range(&mut self) -> Read<DateRange> {
        let (mut from, mut until) = (None, None);
        loop {
            if self.eat("from").is_some() {
                from = Some(self.date()?);
            } else if self.eat("until").is_some() {
                until = Some(self.date()?);
            } else {
                return Ok((from, until));
            }
        }
    }

    /// Reads a whole number.
    pub fn number(&mut self, what: &str) -> Read<u32> {
        match self.peek() {
            Some(w) if w.kind == WordKind::Number => {
                let n = w.text.parse::<u32>().map_err(|_| {
                    Box::new(
                        Diagnostic::error("E0102", w.span, format!("expected {what}, found `{}`", w.text))
                            .with_help("write a whole number from 0 to 4294967295"),
                    )
                })?;
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Reads `N UNIT` such as `24 hours` or `10 years`.
    pub fn period(&mut self) -> Read<Period> {
        let amount = self.number("a number of hours, days, weeks, months or years")?;
        match self.peek_word().and_then(unit_from_word) {
            Some(unit) => {
                self.pos += 1;
                Ok(Period { amount, unit })
            }
            None => Err(self.expected("`hours`, `days`, `weeks`, `months` or `years`")),
        }
    }

    /// Reads one word of a closed vocabulary, suggesting the nearest when it is misspelt.
    pub fn vocab<T: Vocabulary>(&mut self) -> Read<Spanned<T>> {
        let list = || T::WORDS.iter().map(|(w, _)| format!("`{w}`")).collect::<Vec<_>>().join(", ");
        match self.peek() {
            Some(w) if w.kind == WordKind::Word => match T::from_word(&w.text) {
                Some(v) => {
                    self.pos += 1;
                    Ok(Spanned::new(v, w.span))
                }
                None => {
                    let mut d = Diagnostic::error("E0102", w.span, format!("unknown {} `{}`", T::WHAT, w.text));
                    d = match did_you_mean(&w.text, T::WORDS.iter().map(|(w, _)| *w)) {
                        Some(s) => d.with_help(format!(
                            "did you mean `{s}`? {} is one of {}",
                            crate::vocab::a_or_an(T::WHAT),
                            list()
                        )),
                        None => d.with_help(format!("{} is one of {}", crate::vocab::a_or_an(T::WHAT), list())),
                    };
                    Err(Box::new(d))
                }
            },
            _ => Err(self.expected(&format!("{} ({})", crate::vocab::a_or_an(T::WHAT), list()))),
        }
    }

    /// Reads one or more words of a vocabulary, separated by spaces, commas or `and`.
    pub fn vocab_list<T: Vocabulary>(&mut self) -> Read<Vec<Spanned<T>>> {
        let mut out = vec![self.vocab::<T>()?];
        loop {
            let save = self.pos;
            self.skip_separators();
            match self.peek_word().and_then(T::from_word) {
                Some(_) => out.push(self.vocab::<T>()?),
                None => {
                    self.pos = save;
                    return Ok(out);
                }
            }
        }
    }

    /// Reads bare words up to one of `stops` (or the end), separated by spaces, commas or `and`.
    pub fn idents_until(&mut self, what: &str, stops: &[&str]) -> Read<Vec<Spanned<String>>> {
        let mut out = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                Some(w) if w.kind == WordKind::Word && !stops.iter().any(|s| self.at_phrase(s)) => {
                    self.pos += 1;
                    out.push(Spanned::new(w.text.clone(), w.span));
                }
                _ => break,
            }
        }
        if out.is_empty() { Err(self.expected(what)) } else { Ok(out) }
    }
}

fn describe(w: &Word) -> String {
    match w.kind {
        WordKind::Str => "a string".to_string(),
        WordKind::Comma => "`,`".to_string(),
        _ => format!("`{}`", w.text),
    }
}

/// Parses a `YYYY-MM-DD` date, explaining why a well-shaped date is not a real day.
pub fn parse_date(text: &str, span: Span) -> Read<Date> {
    let part = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let (y, m, d) = (part(0..4), part(5..7), part(8..10));
    let bad =
        |why: String| Box::new(Diagnostic::error("E0101", span, format!("`{text}` is not a date")).with_help(why));
    if !(1..=12).contains(&m) {
        return Err(bad(format!("the month must be 01 to 12, not {m:02}")));
    }
    let (y16, m8, d8) = (i16::try_from(y).unwrap_or(0), m as i8, i8::try_from(d).unwrap_or(0));
    match Date::new(y16, m8, d8) {
        Ok(date) if y >= 1 => Ok(date),
        Ok(_) => Err(bad("years start at 0001".to_string())),
        Err(_) => {
            let last = Date::new(y16, m8, 1).map(|first| first.days_in_month()).unwrap_or(31);
            Err(bad(format!("{} {y} has {last} days", MONTHS[(m - 1) as usize])))
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
