//! Target (a), the treaty language: arbitrary bytes as a `.casus` file, loaded and checked
//! as `casus check FILE` loads it (against the built-in library when the file holds only
//! incidents). Nothing may panic; every diagnostic points inside its file on character
//! boundaries (or nowhere) and both reports render; a file that checks clean can be
//! exported and read back to the same model, evaluated, explained and simulated; and
//! formatting a file without syntax errors is idempotent and keeps its words.

use casus_syntax::source::decode_utf8;
use casus_syntax::{SourceMap, Statement, WordKind, format, parse};

use crate::common;

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let loaded = common::load_like_cli("fuzz.casus", data);
    common::check_loaded(&loaded);
    common::exercise(&loaded);
    check_format(data);
}

fn words(statements: &[Statement], out: &mut Vec<(WordKind, String)>) {
    for st in statements {
        out.extend(st.words.iter().map(|w| (w.kind, w.text.clone())));
        if let Some(b) = &st.block {
            words(&b.statements, out);
        }
    }
}

/// `casus fmt`: the layout is a fixed point and the words survive it.
fn check_format(data: &[u8]) {
    let cli = casus_cli::render::format_source("fuzz.casus", data.to_vec());
    let (text, _) = decode_utf8(data.to_vec());
    let mut sources = SourceMap::default();
    let id = sources.add("fuzz.casus", text);
    let first = parse(sources.get(id));
    let once = format(&first.tree);
    if let Ok(formatted) = &cli {
        assert_eq!(*formatted, once, "`casus fmt` and the formatter disagree");
    }
    if !first.diagnostics.is_empty() {
        return;
    }
    let id2 = sources.add("formatted.casus", once.clone());
    let second = parse(sources.get(id2));
    assert!(second.diagnostics.is_empty(), "the formatted text has syntax errors: {:?}\n{once}", second.diagnostics);
    let twice = format(&second.tree);
    assert_eq!(once, twice, "formatting is not idempotent");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    words(&first.tree.statements, &mut a);
    words(&second.tree.statements, &mut b);
    assert_eq!(a, b, "formatting changed the words");
}
