//! `casus compare`: the rendering of the comparison matrix (`casus_ops::compare` computes
//! it) as text, Markdown, CSV and a self-contained HTML page.

use std::fmt::Write as _;

use casus_core::vocab::VerdictKind;
pub use casus_ops::compare::{Cell, DEFAULT_RUNS, Design, Matrix, Scenario, Suite, matrix, simulate};

fn short(c: &Cell) -> String {
    let main = match c.verdict {
        VerdictKind::Triggered => format!("{} ×{}", c.level, c.guarantors),
        VerdictKind::Indeterminate => format!("{}? ×{}", c.level, c.guarantors),
        VerdictKind::Violated => "violated".into(),
        VerdictKind::NotInForce => "not in force".into(),
        VerdictKind::NotTriggered => "none".into(),
    };
    let main =
        if c.violated_by.is_empty() || c.verdict == VerdictKind::Violated { main } else { format!("{main} +violated") };
    match (c.p_guarantor_enters, c.p_wider_war) {
        (Some(e), Some(w)) => format!("{main} ({e:.2}/{w:.2})"),
        _ => main,
    }
}

/// A plain-text table.
pub fn text(m: &Matrix) -> String {
    let mut widths = vec![m.scenarios.iter().map(|s| s.id.len()).max().unwrap_or(8).max(8)];
    for (j, d) in m.designs.iter().enumerate() {
        let w = m.cells.iter().map(|row| short(&row[j]).chars().count()).max().unwrap_or(0);
        widths.push(w.max(d.id.len()));
    }
    let mut out = String::new();
    let mut line = format!("{:w$}", "scenario", w = widths[0]);
    for (j, d) in m.designs.iter().enumerate() {
        let _ = write!(line, "  {:w$}", d.id, w = widths[j + 1]);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for (i, s) in m.scenarios.iter().enumerate() {
        let mut line = format!("{:w$}", s.id, w = widths[0]);
        for (j, c) in m.cells[i].iter().enumerate() {
            let cell = short(c);
            let pad = widths[j + 1].saturating_sub(cell.chars().count());
            let _ = write!(line, "  {cell}{}", " ".repeat(pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(
        "\nEach cell: the strongest obligation triggered and how many guarantors owe it (none < assurance < consult <\n\
         discretionary < obligatory < automatic); `?` = indeterminate, would be owed if the unknowns went the design's way;\n\
         `+violated` = the attack itself breaks one of the design's non-aggression pledges; with --simulate,\n\
         (p/q) = the Monte Carlo share of runs in which a guarantor enters the war through the design / the war widens.\n\
         Designs are evaluated as if in force. `casus compare --format html` shows each cell's reasoning.\n",
    );
    out
}

/// A Markdown table.
pub fn markdown(m: &Matrix) -> String {
    let mut out = String::from("| scenario |");
    for d in &m.designs {
        let _ = write!(out, " {} |", d.id);
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(m.designs.len()));
    out.push('\n');
    for (i, s) in m.scenarios.iter().enumerate() {
        let _ = write!(out, "| {} |", s.title.replace('|', "\\|"));
        for c in &m.cells[i] {
            let _ = write!(out, " {} |", short(c));
        }
        out.push('\n');
    }
    out
}

/// One CSV row per cell (long form, for R and pandas).
pub fn csv(m: &Matrix) -> String {
    let mut out = String::from(
        "scenario,scenario_title,design,design_name,verdict,level,guarantors,commitments,p_guarantor_enters,p_wider_war,explanation\n",
    );
    for (i, s) in m.scenarios.iter().enumerate() {
        for (j, c) in m.cells[i].iter().enumerate() {
            let d = &m.designs[j];
            let fields = [
                s.id.clone(),
                s.title.clone(),
                d.id.clone(),
                d.name.clone(),
                c.verdict.to_string(),
                c.level.to_string(),
                c.guarantors.to_string(),
                c.commitments.join(" "),
                c.p_guarantor_enters.map_or(String::new(), |p| format!("{p:.4}")),
                c.p_wider_war.map_or(String::new(), |p| format!("{p:.4}")),
                c.explanation.join(" | "),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// A CSV field, quoted when it must be.
pub(crate) fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A single self-contained HTML page: the matrix colour-coded by obligation, each cell's
/// reasoning on hover and on click.
pub fn html(m: &Matrix) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>casus compare</title>\n<style>\n\
         body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\n\
         table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}\n\
         th{background:#f4f4f4;font-weight:600;font-size:12px}td.s{max-width:22em}\n\
         td.c{min-width:7em;text-align:center;cursor:pointer}\n\
         .none{background:#fff}.assurance{background:#eef3fb}.consult{background:#d6e6fa}\n\
         .discretionary{background:#fde9a9}.obligatory{background:#f9b76c}.automatic{background:#e8675b;color:#fff}\n\
         .q{background-image:repeating-linear-gradient(45deg,transparent 0 6px,rgba(0,0,0,.07) 6px 12px)}\n\
         .violated{background:#c9a0dc}.nif{background:#eee;color:#888}\n\
         details{text-align:left;font-size:12px}summary{list-style:none}summary::-webkit-details-marker{display:none}\n\
         .legend span{display:inline-block;padding:2px 8px;margin-right:4px;border:1px solid #ccc}\n\
         </style></head><body>\n<h1>Designs × scenarios</h1>\n\
         <p>Each cell: the strongest obligation the design triggers in the scenario and how many guarantors owe it; \
         hatched = indeterminate (owed only if the unknowns go the design's way). Designs are evaluated as if in force. \
         Hover or click a cell for the reasoning.</p>\n<p class=\"legend\">",
    );
    for l in ["none", "assurance", "consult", "discretionary", "obligatory", "automatic"] {
        let _ = write!(out, "<span class=\"{l}\">{l}</span>");
    }
    out.push_str("<span class=\"violated\">violated</span><span class=\"nif\">not in force</span></p>\n<table>\n<tr><th>scenario</th>");
    for d in &m.designs {
        let _ = write!(
            out,
            "<th title=\"{}\">{}<br><small>{}</small></th>",
            html_escape(&d.name),
            html_escape(&d.id),
            html_escape(&d.status)
        );
    }
    out.push_str("</tr>\n");
    for (i, s) in m.scenarios.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"s\"><b>{}</b><br><small>{}</small></td>",
            html_escape(&s.title),
            html_escape(&s.id)
        );
        for c in &m.cells[i] {
            let class = match c.verdict {
                VerdictKind::Violated => "violated".to_string(),
                VerdictKind::NotInForce => "nif".to_string(),
                VerdictKind::Indeterminate => format!("{} q", c.level),
                _ => c.level.to_string(),
            };
            let why = c.explanation.join("\n");
            let _ = write!(
                out,
                "<td class=\"c {class}\" title=\"{}\"><details><summary>{}</summary>{}</details></td>",
                html_escape(&why),
                html_escape(&short(c)),
                c.explanation.iter().map(|e| format!("<p>{}</p>", html_escape(e))).collect::<String>()
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}
