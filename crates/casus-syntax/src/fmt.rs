//! The canonical layout of a `.casus` file.
//!
//! Four spaces per block level, one space between words, none before a comma, strings
//! re-quoted with the fewest escapes, at most one empty line between statements, none at
//! the start or end of a block, and every comment kept where it was relative to its
//! statement. Formatting a formatted file changes nothing.

use crate::tree::{Comment, Statement, SyntaxTree, Word, WordKind};

const INDENT: &str = "    ";

/// Prints a tree in canonical form.
pub fn format(tree: &SyntaxTree) -> String {
    let mut out = String::new();
    statements(&mut out, &tree.statements, &tree.trailing_comments, 0);
    if out.is_empty() {
        return out;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn statements(out: &mut String, list: &[Statement], trailing: &[Comment], depth: usize) {
    let mut first = true;
    for st in list {
        if !first && st.blank_line_before {
            out.push('\n');
        }
        for (i, c) in st.leading_comments.iter().enumerate() {
            if i > 0 && c.blank_line_before {
                out.push('\n');
            }
            comment_line(out, c, depth);
        }
        if st.blank_line_after_comments {
            out.push('\n');
        }
        first = false;
        indent(out, depth);
        head(out, &st.words);
        if let Some(block) = &st.block {
            if !st.words.is_empty() {
                out.push(' ');
            }
            if block.statements.is_empty() && block.trailing_comments.is_empty() {
                out.push_str("{}");
            } else {
                out.push_str("{\n");
                statements(out, &block.statements, &block.trailing_comments, depth + 1);
                indent(out, depth);
                out.push('}');
            }
        }
        if let Some(c) = &st.trailing_comment {
            out.push(' ');
            out.push_str(&c.text);
        }
        out.push('\n');
    }
    for (i, c) in trailing.iter().enumerate() {
        if (!first || i > 0) && c.blank_line_before {
            out.push('\n');
        }
        comment_line(out, c, depth);
    }
}

fn comment_line(out: &mut String, c: &Comment, depth: usize) {
    indent(out, depth);
    out.push_str(&c.text);
    out.push('\n');
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

fn head(out: &mut String, words: &[Word]) {
    for (i, w) in words.iter().enumerate() {
        if i > 0 && w.kind != WordKind::Comma {
            out.push(' ');
        }
        match w.kind {
            WordKind::Str => quote(out, &w.text),
            _ => out.push_str(&w.text),
        }
    }
}

/// Writes `value` as a quoted string literal.
pub fn quote(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use crate::{SourceMap, parse};

    fn fmt(src: &str) -> String {
        let mut map = SourceMap::default();
        let id = map.add("t", src);
        let p = parse(map.get(id));
        super::format(&p.tree)
    }

    #[test]
    fn canonical_layout() {
        let src =
            "# head\n\n\n  treaty   t \"T\"{signed 2000-01-01   # s\nparties{\nUSA ,GBR from 2000-01-01}\n\n\n}\n";
        let want = "# head\n\ntreaty t \"T\" {\n    signed 2000-01-01 # s\n    parties {\n        USA, GBR from 2000-01-01\n    }\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }
}
