//! Property tests: whatever bytes a file holds, loading it never panics, every diagnostic
//! points inside the file (or nowhere), and the formatter is idempotent and keeps every
//! word of a file that has no syntax errors.
//!
//! Inputs: (a) arbitrary bytes, (b) random sequences of the language's tokens, and files
//! of balanced blocks built from them, and (c) random edits of the NATO treaty file and of
//! a file with every kind of statement. The case count is 256 per
//! property; set `PROPTEST_CASES` for a longer run.

use casus_core::{Loaded, Loader};
use casus_syntax::source::decode_utf8;
use casus_syntax::{Comment, SourceMap, Statement, SyntaxTree, WordKind, parse};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError};

const NATO: &str = include_str!("../../../library/treaties/nato.casus");
const HISTORICAL: &str = include_str!("../../../library/regions/historical.casus");

/// Every kind of statement once, so that random edits reach every part of the grammar.
const FULL: &str = r#"# Every statement of the language once, as a seed for random edits.
treaty pact "A pact" {
    status in-force
    signed 2000-01-01
    in-force 2000-02-01
    duration 10 years renewable or until ceasefire
    source "https://example.org/pact"
    event ceasefire "A ceasefire holds" on 2001-01-01
    body monitor "The monitors"
    active after ceasefire
    attribution by monitor
    parties {
        POL LTU from 2000-02-01
        LTU suspended from 2003-01-01 until 2004-01-01
    }
    area zone "Zone" {
        territory of parties in europe
        region UA-43 from 2000-01-01 until 2014-03-18
        forces vessels aircraft of parties in or over this area, black-sea north of 45
    }
    commitment art1 defence "Article 1" {
        clause "Article 1" "https://example.org/pact#1"
        guarantors all parties except beneficiary
        beneficiaries POL, LTU
        when armed-attack at least limited-strike against territory of beneficiary within zone
        if deliberate
        if sustained for at least 2 days
        if judged "significant" by monitor
        if attackers at least 2
        if attacker not USA
        if territory de-jure as of ceasefire
        if domain land, air
        if after ceasefire
        if weapons nuclear
        void if beneficiary attacks first
        void if beneficiary invades RUS
        owe "all the military aid in its power" strength automatic within 24 hours subject to constitutional processes
        attribution by each guarantor
    }
}

region UA-43 "Crimea" {
    part-of UKR
    sovereign UKR from 1991-08-24
    controller UKR from 1991-08-24 until 2014-03-18
    controller RUS from 2014-03-18
    claimed-by RUS from 2014-03-18
    source "https://example.org/crimea"
}

deployment efp "Enhanced Forward Presence" {
    forces USA GBR
    in POL
    from 2017-04-01
    role tripwire
    personnel 1000
    source "https://example.org/efp"
}

incident strike "A strike" {
    on 2024-05-01
    time "08:46"
    duration single strike
    actor RUS
    attribution confirmed
    target POL
    object territory
    region UA-43
    at 50.45, 30.52
    domain land
    severity armed-attack
    casualties 3
    intentional yes
    initiator RUS
    weapons conventional
    judged "significant" yes
    given ceasefire no
    prior RUS strikes UA-43
    source "https://example.org/strike"
    expect pact/art1 triggered
}
"#;

/// The files that random edits start from.
const SEEDS: &[&str] = &[NATO, FULL, HISTORICAL];

/// Words and literals of the language that read without a syntax error.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    // keywords
    "treaty", "region", "deployment", "commitment", "parties", "area", "status", "signed", "in-force",
    "terminated", "duration", "source", "event", "body", "active", "after", "attribution", "by", "each",
    "guarantor", "clause", "guarantors", "beneficiaries", "beneficiary", "all", "except", "when", "if", "void",
    "owe", "strength", "within", "from", "until", "suspended", "of", "in", "or", "over", "this", "north",
    "south", "territory", "islands", "forces", "vessels", "aircraft", "armed-attack", "threat", "use-of-force",
    "against", "at", "least", "defence", "consultation", "automatic", "discretionary", "part-of", "sovereign",
    "controller", "claimed-by", "personnel", "role", "tripwire", "renewable", "years", "days", "hours",
    "deliberate", "unprovoked", "attackers", "attacker", "not", "domain", "cyber", "subject", "to",
    "constitutional", "processes", "europe", "north-atlantic", "tropic-of-cancer", "article-6", "and",
    // incidents
    "incident", "on", "time", "actor", "target", "object", "severity", "casualties", "intentional",
    "initiator", "weapons", "judged", "given", "prior", "expect", "unknown", "non-state", "confirmed", "yes",
    "invasion", "limited-strike", "strikes", "attacks-first", "triggered", "not-triggered", "nato/art5",
    "nato", "art5", "\"08:46\"", "\"25:00\"", "50.45", "30.52", "-190.5",
    // state codes and region ids, real and not
    "USA", "POL", "GBR", "FRA", "TUR", "XYZ", "UK", "pol", "UA-43", "fr-algeria",
    // strings
    "\"str\"", "\"North Atlantic Treaty\"", "\"\"", "\"a \\\" quote\"", "\"Запоріжжя\"", "\"tab\\there\"",
    "\"back\\\\slash\"", "\"#not a comment\"", "\"{\"",
    // dates, real and not
    "1949-04-04", "2024-02-29", "2024-02-30", "2023-02-29", "2000-13-01", "0000-01-01", "9999-12-31",
    "1949-04-041",
    // numbers
    "0", "24", "23.44", "-23.5", "99999999999", "4294967295", "007",
    // a comma
    ",",
];

/// Punctuation, layout and comments.
const LAYOUT: &[&str] = &["{", "}", "{}", "}{", "\n", "\n", "\n", "\n\n", "\r\n", "\t", "# comment", "#", "# {", "#\""];

/// Text that is not a token, or a token that is never complete.
const BAD: &[&str] = &["\"unterminated", "\"\\q\"", "-", "1.", "@", ";", "Ж", "\u{feff}", "\u{0}", "\\", "\"\\"];

/// Every token of [`WORDS`], [`LAYOUT`] and [`BAD`].
fn any_token() -> impl Strategy<Value = &'static str> {
    prop_oneof![12 => select(WORDS), 6 => select(LAYOUT), 1 => select(BAD)]
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256);
    // Failures are not persisted to a file: add a failing input to tests/suite/broken/ instead.
    Config { cases, failure_persistence: None, ..Config::default() }
}

fn load(bytes: Vec<u8>) -> Loaded {
    let mut loader = Loader::default();
    loader.add_bytes("t.casus", bytes);
    loader.finish()
}

/// Every span of every diagnostic is detached or a range of char boundaries in its file.
fn check_spans(loaded: &Loaded) -> Result<(), TestCaseError> {
    for d in &loaded.diagnostics {
        let spans = std::iter::once((d.span, "span")).chain(d.labels.iter().map(|l| (l.span, "label")));
        for (span, what) in spans {
            if span.is_detached() {
                continue;
            }
            let file = loaded.sources.try_get(span.file);
            prop_assert!(file.is_some(), "{} {what} {span:?} is in no file: {d:?}", d.code);
            let Some(file) = file else { continue };
            let text = file.text();
            let (start, end) = (span.start as usize, span.end as usize);
            prop_assert!(
                start <= end && end <= text.len(),
                "{} {what} {start}..{end} is outside the text of {} bytes: {d:?}",
                d.code,
                text.len()
            );
            // E0008's end is one byte into the 3-byte `\u{fffd}` that replaced the invalid
            // byte; `invalid_utf8_is_reported_on_char_boundaries` below covers that known bug
            // on its own, so that it does not hide everything else these properties find.
            let end_ok = text.is_char_boundary(end) || d.code == "E0008";
            prop_assert!(
                text.is_char_boundary(start) && end_ok,
                "{} {what} {start}..{end} is not on char boundaries: {d:?}",
                d.code
            );
            // What the renderers do with a span must not panic either.
            let _ = file.line_col(start);
            let _ = file.line_col(end);
        }
    }
    Ok(())
}

fn words(statements: &[Statement], out: &mut Vec<(WordKind, String)>) {
    for st in statements {
        out.extend(st.words.iter().map(|w| (w.kind, w.text.clone())));
        if let Some(b) = &st.block {
            words(&b.statements, out);
        }
    }
}

fn tree_words(tree: &SyntaxTree) -> Vec<(WordKind, String)> {
    let mut out = Vec::new();
    words(&tree.statements, &mut out);
    out
}

fn comments(statements: &[Statement], trailing: &[Comment], out: &mut Vec<String>) {
    for st in statements {
        out.extend(st.leading_comments.iter().map(|c| c.text.clone()));
        if let Some(b) = &st.block {
            comments(&b.statements, &b.trailing_comments, out);
        }
        out.extend(st.trailing_comment.iter().map(|c| c.text.clone()));
    }
    out.extend(trailing.iter().map(|c| c.text.clone()));
}

fn tree_comments(tree: &SyntaxTree) -> Vec<String> {
    let mut out = Vec::new();
    comments(&tree.statements, &tree.trailing_comments, &mut out);
    out.sort();
    out
}

/// Formatting a file without syntax errors gives a file without syntax errors, with the
/// same words and comments, that formats to itself.
fn check_format(bytes: &[u8]) -> Result<(), TestCaseError> {
    let (text, _) = decode_utf8(bytes.to_vec());
    let mut sources = SourceMap::default();
    let id = sources.add("t.casus", text);
    let first = parse(sources.get(id));
    let once = casus_syntax::format(&first.tree);
    if !first.diagnostics.is_empty() {
        return Ok(());
    }
    let id2 = sources.add("formatted.casus", once.clone());
    let second = parse(sources.get(id2));
    prop_assert!(
        second.diagnostics.is_empty(),
        "the formatted text has syntax errors {:?}\n--- input\n{:?}\n--- formatted\n{once}",
        second.diagnostics,
        sources.get(id).text()
    );
    let twice = casus_syntax::format(&second.tree);
    prop_assert_eq!(&once, &twice, "formatting is not idempotent; input: {:?}", sources.get(id).text());
    prop_assert_eq!(
        tree_words(&first.tree),
        tree_words(&second.tree),
        "formatting changed the words; input: {:?}",
        sources.get(id).text()
    );
    prop_assert_eq!(
        tree_comments(&first.tree),
        tree_comments(&second.tree),
        "formatting lost or changed comments; input: {:?}",
        sources.get(id).text()
    );
    Ok(())
}

fn check_all(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    check_format(&bytes)?;
    check_spans(&load(bytes))
}

/// A random sequence of tokens, joined by spaces or nothing.
fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any_token(), prop::bool::weighted(0.85)), 0..120).prop_map(|tokens| {
        let mut s = String::new();
        for (t, space) in tokens {
            s.push_str(t);
            if space {
                s.push(' ');
            }
        }
        s.into_bytes()
    })
}

/// One line of a generated file.
#[derive(Clone, Debug)]
enum Line {
    /// Words, optionally opening a block, with an optional trailing comment.
    Words { words: Vec<&'static str>, open: bool, comment: Option<&'static str> },
    /// `}`, with an optional trailing comment.
    Close { comment: Option<&'static str> },
    /// A comment on a line of its own.
    Comment(&'static str),
    /// An empty line.
    Blank,
}

const COMMENTS: &[&str] = &["# c", "#", "# a longer comment { with } \"punctuation\"", "#\t", "# Запоріжжя"];
const INDENTS: &[&str] = &["", " ", "    ", "\t", "        ", "  \t "];

fn line() -> impl Strategy<Value = Line> {
    let comment = prop::option::weighted(0.2, select(COMMENTS));
    prop_oneof![
        6 => (prop::collection::vec(select(WORDS), 1..8), prop::bool::weighted(0.3), comment.clone())
            .prop_map(|(words, open, comment)| Line::Words { words, open, comment }),
        2 => comment.prop_map(|comment| Line::Close { comment }),
        1 => select(COMMENTS).prop_map(Line::Comment),
        1 => Just(Line::Blank),
    ]
}

/// A file of balanced blocks, words and comments with random layout: no syntax errors
/// other than the occasional deep nesting, so the formatter properties get exercised.
fn structured() -> impl Strategy<Value = Vec<u8>> {
    (prop::collection::vec((line(), select(INDENTS), prop::bool::weighted(0.1)), 0..60), prop::bool::ANY).prop_map(
        |(lines, final_newline)| {
            let mut out = String::new();
            let mut depth = 0usize;
            for (line, indent, crlf) in lines {
                out.push_str(indent);
                match line {
                    Line::Words { words, open, comment } => {
                        out.push_str(&words.join(" "));
                        if open {
                            out.push_str(" {");
                            depth += 1;
                        }
                        if let Some(c) = comment {
                            out.push(' ');
                            out.push_str(c);
                        }
                    }
                    Line::Close { comment } => {
                        if depth > 0 {
                            out.push('}');
                            depth -= 1;
                        }
                        if let Some(c) = comment {
                            out.push(' ');
                            out.push_str(c);
                        }
                    }
                    Line::Comment(c) => out.push_str(c),
                    Line::Blank => {}
                }
                out.push_str(if crlf { "\r\n" } else { "\n" });
            }
            for _ in 0..depth {
                out.push_str("}\n");
            }
            if !final_newline {
                out.truncate(out.trim_end().len());
            }
            out.into_bytes()
        },
    )
}

/// One edit of a text: delete, insert or replace a byte range.
#[derive(Clone, Debug)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Replace(Index, usize, Vec<u8>),
}

const PUNCTUATION: &[&str] = &["{", "}", "\n", "\"", "#", " "];

fn insertion() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..8),
        prop::collection::vec(any_token(), 1..4).prop_map(|t| t.join(" ").into_bytes()),
        select(PUNCTUATION).prop_map(|p| p.as_bytes().to_vec()),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<Index>(), insertion()).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<Index>(), 1usize..16, insertion()).prop_map(|(at, n, b)| Edit::Replace(at, n, b)),
    ]
}

fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = text.to_vec();
    for e in edits {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match e {
            Edit::Delete(i, n) => {
                let s = at(i, out.len());
                let e = (s + n).min(out.len());
                out.drain(s..e);
            }
            Edit::Insert(i, b) => {
                let s = at(i, out.len());
                out.splice(s..s, b.iter().copied());
            }
            Edit::Replace(i, n, b) => {
                let s = at(i, out.len());
                let e = (s + n).min(out.len());
                out.splice(s..e, b.iter().copied());
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_all(bytes)?;
    }

    #[test]
    fn arbitrary_json_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut loader = Loader::default();
        loader.add_bytes("t.json", bytes);
        check_spans(&loader.finish())?;
    }

    #[test]
    fn token_sequences(bytes in token_soup()) {
        check_all(bytes)?;
    }

    #[test]
    fn structured_files(bytes in structured()) {
        check_all(bytes)?;
    }

    #[test]
    fn edits_of_the_nato_treaty(edits in prop::collection::vec(edit(), 1..4)) {
        check_all(apply(NATO.as_bytes(), &edits))?;
    }

    #[test]
    fn edits_of_other_files(seed in select(SEEDS), edits in prop::collection::vec(edit(), 1..4)) {
        check_all(apply(seed.as_bytes(), &edits))?;
    }
}

/// The unedited seeds pass the same checks and read without syntax errors, so that the
/// edits start from files that reach deep into the grammar.
#[test]
fn the_seeds_themselves() {
    for seed in SEEDS {
        check_all(seed.as_bytes().to_vec()).expect("the seed satisfies the properties");
        let mut sources = SourceMap::default();
        let id = sources.add("seed.casus", *seed);
        let parsed = parse(sources.get(id));
        assert!(parsed.diagnostics.is_empty(), "a seed has syntax errors: {:?}", parsed.diagnostics);
    }
}

/// The E0008 span covers the replacement character the invalid byte became, so that it is
/// a valid range of the decoded text (it used to end one byte into the 3-byte `\u{fffd}`).
#[test]
fn invalid_utf8_is_reported_on_char_boundaries() {
    for bytes in [&b"\x80"[..], b"treaty \xff\xfe x", b"# caf\xe9\n"] {
        let loaded = load(bytes.to_vec());
        let text = loaded.sources.files()[0].text();
        for d in loaded.diagnostics.iter().filter(|d| d.code == "E0008") {
            let (start, end) = (d.span.start as usize, d.span.end as usize);
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "E0008 span {start}..{end} splits a character of {text:?}"
            );
        }
    }
}
