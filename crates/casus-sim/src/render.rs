//! Cascades as a tree of text, as Graphviz DOT, and Monte Carlo results as an SVG chart.
//!
//! The SVG is written by hand: two bar charts do not justify a plotting dependency, and
//! hand-written SVG renders the same bytes on every machine (no fonts are measured).

use std::fmt::Write as _;

use crate::monte::MonteCarlo;
use crate::run::{Cascade, Side};

/// The cascade as an indented tree: each entrant under the state it came to protect.
pub fn text_tree(c: &Cascade) -> String {
    let mut out = format!("{}\n", c.incident);
    let mut roots: Vec<(String, &str)> = vec![(c.victim.clone(), "defender")];
    roots.extend(c.attackers.iter().map(|a| (a.clone(), "attacker")));
    for (root, role) in &roots {
        let _ = writeln!(out, "{root} ({role})");
        children(c, root, "", &mut out, 0);
    }
    if c.entries.is_empty() {
        out.push_str("nobody else enters the war\n");
    } else {
        let d = c.entries.iter().filter(|e| e.side == Side::Defender).count();
        let a = c.entries.len() - d;
        let _ = writeln!(
            out,
            "{} state(s) enter: {d} on the defender's side, {a} on the attacker's, over {} round(s)",
            c.entries.len(),
            c.rounds
        );
    }
    if !c.branches.is_empty() {
        out.push_str("branches not followed (indeterminate):\n");
        for b in &c.branches {
            let _ = writeln!(
                out,
                "  round {}: {} for {} — {} would decide; waits on {}",
                b.round,
                b.commitment,
                b.protecting,
                b.guarantors.join(", "),
                b.unknowns.join(", ")
            );
        }
    }
    out
}

fn children(c: &Cascade, parent: &str, indent: &str, out: &mut String, depth: usize) {
    if depth > 32 {
        return;
    }
    let kids: Vec<_> = c.entries.iter().filter(|e| e.protecting == parent).collect();
    for (i, e) in kids.iter().enumerate() {
        let last = i + 1 == kids.len();
        let strength = e.strength.map_or(String::new(), |s| format!(" [{s}]"));
        let _ = writeln!(
            out,
            "{indent}{} {} enters in round {} against {} — {}{strength}",
            if last { "└─" } else { "├─" },
            e.state,
            e.round,
            e.against.join(", "),
            e.commitment
        );
        let next = format!("{indent}{}", if last { "   " } else { "│  " });
        children(c, &e.state, &next, out, depth + 1);
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The cascade as a Graphviz digraph: states as nodes (attacker's side red, defender's
/// blue), an edge from each protected state to the guarantor that came to its aid,
/// labelled with the commitment, and the first attack dashed.
pub fn dot(c: &Cascade) -> String {
    let mut out =
        String::from("digraph cascade {\n  rankdir=LR;\n  node [shape=box, style=filled, fontname=\"Helvetica\"];\n");
    let _ = writeln!(out, "  label={};\n  labelloc=t;", quote(&c.incident));
    for a in &c.attackers {
        let _ = writeln!(out, "  {} [fillcolor=\"#f4b6b0\"];", quote(a));
    }
    let _ = writeln!(out, "  {} [fillcolor=\"#b7cff0\"];", quote(&c.victim));
    for e in &c.entries {
        let color = if e.side == Side::Attacker { "#f4b6b0" } else { "#b7cff0" };
        let _ = writeln!(out, "  {} [fillcolor=\"{color}\"];", quote(&e.state));
    }
    for a in &c.attackers {
        let _ = writeln!(out, "  {} -> {} [style=dashed, color=red, label=\"attacks\"];", quote(a), quote(&c.victim));
    }
    for e in &c.entries {
        let _ = writeln!(
            out,
            "  {} -> {} [label={}];",
            quote(&e.protecting),
            quote(&e.state),
            quote(&format!("{} (round {})", e.commitment, e.round))
        );
    }
    out.push_str("}\n");
    out
}

/// Two bar charts: the probability that each state becomes a belligerent, and the
/// distribution of the number of belligerents.
pub fn svg(m: &MonteCarlo) -> String {
    let bars: Vec<(String, f64)> = m.belligerent.iter().take(30).cloned().collect();
    let dist: Vec<(usize, f64)> =
        m.belligerents_distribution.iter().map(|(k, v)| (*k, *v as f64 / m.runs.max(1) as f64)).collect();
    let (w, row, left) = (720.0, 18.0, 60.0);
    let h1 = 40.0 + bars.len() as f64 * row;
    let h2 = 220.0;
    let height = h1 + h2 + 40.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        out,
        "<text x=\"10\" y=\"20\" font-size=\"14\">P(belligerent) — {} ({} runs, seed {})</text>",
        esc(&m.incident),
        m.runs,
        m.seed
    );
    let scale = w - left - 80.0;
    for (i, (state, p)) in bars.iter().enumerate() {
        let y = 32.0 + i as f64 * row;
        let _ = writeln!(out, "<text x=\"10\" y=\"{:.1}\">{}</text>", y + 12.0, esc(state));
        let _ = writeln!(
            out,
            "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4a7bc8\"/>",
            p * scale,
            row - 4.0
        );
        let _ = writeln!(out, "<text x=\"{:.1}\" y=\"{:.1}\">{:.3}</text>", left + p * scale + 4.0, y + 12.0, p);
    }
    let top = h1 + 20.0;
    let _ =
        writeln!(out, "<text x=\"10\" y=\"{top:.1}\" font-size=\"14\">Number of belligerents (share of runs)</text>");
    let base = top + h2 - 20.0;
    let n = dist.len().max(1) as f64;
    let bw = ((w - left - 20.0) / n).min(60.0);
    for (i, (k, p)) in dist.iter().enumerate() {
        let x = left + i as f64 * bw;
        let bh = p * (h2 - 60.0);
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#d9822b\"/>",
            x + 2.0,
            base - bh,
            bw - 4.0
        );
        let _ =
            writeln!(out, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{k}</text>", x + bw / 2.0, base + 14.0);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{p:.2}</text>",
            x + bw / 2.0,
            base - bh - 4.0
        );
    }
    out.push_str("</svg>\n");
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
