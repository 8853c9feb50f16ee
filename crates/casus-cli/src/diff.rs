//! `casus diff`: where two designs part over the whole space of incidents
//! (`casus_diff` computes it), as text, JSON, Markdown, HTML or a `.casus` suite of witnesses.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use casus_diff::{Diff, Difference, Rule};
use casus_ops::assemble::Input;
use casus_ops::diff::{Ask, Design, Failure};

use crate::library::LibraryArgs;
use crate::{out, out_text, refuse};

/// Arguments of `casus diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Design A: a treaty id (`ua-own-borders`), a file holding one treaty, or `FILE#ID`.
    #[arg(value_name = "A")]
    pub a: String,
    /// Design B, likewise (two versions of one file: `casus diff old.casus new.casus`).
    #[arg(value_name = "B")]
    pub b: String,
    /// Only this commitment of each design (its id in both).
    #[arg(long, value_name = "ID")]
    pub commitment: Option<String>,
    /// Fix the date, YYYY-MM-DD or `today`; without it, every date the designs (and the
    /// holdings of the regions they name) name is a boundary of the space.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Evaluate designs as if in force (the default for a diff; accepted for symmetry
    /// with the other commands).
    #[arg(long, conflicts_with = "as_dated")]
    pub hypothetical: bool,
    /// Evaluate designs by their status and dates instead: a proposed design is not in
    /// force, and neither is anything it promises.
    #[arg(long)]
    pub as_dated: bool,
    /// Test a predicate instead of printing the diff: `equivalent` (the same outcome on
    /// every incident) or `implies` (every incident that makes A due, or leaves it open,
    /// makes B at least as due). Exit 0 when it holds; 1 with a counterexample when not.
    #[arg(long, value_enum, value_name = "PREDICATE")]
    pub check: Option<Predicate>,
    /// The most rules shown per difference (the others are counted).
    #[arg(long, value_name = "N", default_value_t = casus_diff::DEFAULT_MAX_RULES)]
    pub max_rules: usize,
    /// The treaties the ids are looked up in, and that files are read beside.
    #[command(flatten)]
    pub lib: LibraryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// What `--check` tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Predicate {
    /// A and B give the same outcome on every incident.
    Equivalent,
    /// Whatever A makes due, B makes at least as due.
    Implies,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The transition table and the rules, for people.
    Text,
    /// Everything, with each witness's verdicts and traces, for scripts.
    Json,
    /// The same as text, as Markdown (for a memo or an issue).
    Markdown,
    /// A self-contained HTML page, each rule's traces folded under it.
    Html,
    /// Every rule's witness as a `.casus` scenario file, with `expect` lines.
    Casus,
}

fn design(spec: &str) -> anyhow::Result<Design> {
    let (path, id) = match spec.rsplit_once('#') {
        Some((p, id)) => (p, Some(id.to_string())),
        None => (spec, None),
    };
    let looks_like_file = id.is_some()
        || path.ends_with(".casus")
        || path.ends_with(".json")
        || path.contains('/')
        || std::path::Path::new(path).is_file();
    if !looks_like_file {
        return Ok(Design::Id(spec.to_string()));
    }
    let text = crate::files::read_text(path, casus_core::load::input::Limit::TREATY)?;
    Ok(Design::File { input: Input::text(path, text), id })
}

/// Runs `casus diff`.
pub fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let on = match args.on.as_deref().map(|d| casus_ops::input::date("--on", d)).transpose() {
        Ok(d) => d,
        Err(r) => return Ok(refuse(&crate::obligations::flag_message(&r))),
    };
    let base = crate::library::base(&args.lib.library, args.lib.no_builtin, |_| false)?;
    let ask = Ask {
        a: design(&args.a)?,
        b: design(&args.b)?,
        commitment: args.commitment.clone(),
        on,
        hypothetical: !args.as_dated,
        max_rules: args.max_rules,
    };
    let bar = crate::simulate::progress(1000);
    let d = match casus_ops::diff::diff(ask, &base, casus_ops::assemble::Reads::Disk, &|p| {
        bar.set_position((p * 1000.0) as u64)
    }) {
        Ok(d) => d,
        Err(Failure::Invalid(loaded)) => {
            eprint!("{}", crate::render::text_report(&loaded));
            return Ok(ExitCode::from(1));
        }
        Err(Failure::Refused(r)) => return Ok(refuse(&crate::obligations::flag_message(&r))),
        Err(Failure::TooLarge(t)) => {
            return Ok(refuse(&format!(
                "error: {t}\n  help: fix the date with --on DATE, or diff one commitment with --commitment ID"
            )));
        }
    };
    bar.finish_and_clear();
    if let Some(p) = args.check {
        return Ok(check(&d, p));
    }
    match args.format {
        DiffFormat::Text => out_text(&text(&d)),
        DiffFormat::Json => out(&(serde_json::to_string_pretty(&d)? + "\n")),
        DiffFormat::Markdown => out_text(&markdown(&d)),
        DiffFormat::Html => out(&html(&d)),
        DiffFormat::Casus => out(&witnesses(&d)),
    }
    Ok(ExitCode::SUCCESS)
}

fn check(d: &Diff, p: Predicate) -> ExitCode {
    let (holds, name) = match p {
        Predicate::Equivalent => (d.equivalent, format!("{} is equivalent to {}", d.a.id, d.b.id)),
        Predicate::Implies => (d.a_implies_b, format!("{} implies {}", d.a.id, d.b.id)),
    };
    if holds {
        out(&format!("holds: {name} over {} classes of incidents\n", d.space.classes));
        return ExitCode::SUCCESS;
    }
    let counter = d.differences.iter().find(|x| match p {
        Predicate::Equivalent => true,
        Predicate::Implies => x.b.coverage() < x.a.coverage(),
    });
    let mut s = format!("does not hold: {name}\n");
    if let Some(x) = counter
        && let Some(r) = x.rules.first()
    {
        let _ = writeln!(s, "counterexample: {} gives {}, {} gives {}", d.a.id, x.a.label(), d.b.id, x.b.label());
        let _ = writeln!(s, "  when {}\n", r.text);
        s.push_str(&r.witness);
    }
    out_text(&s);
    ExitCode::from(1)
}

fn heading(d: &Diff) -> String {
    let mut s = String::new();
    let file = |f: &Option<String>| f.as_ref().map_or(String::new(), |f| format!(" ({f})"));
    let _ = writeln!(s, "A  {}{}  {}", d.a.id, file(&d.a.file), d.a.name);
    let _ = writeln!(s, "B  {}{}  {}", d.b.id, file(&d.b.file), d.b.name);
    let when = match d.on {
        Some(on) => format!("on {on}"),
        None => "on every date the designs name".into(),
    };
    let how = if d.hypothetical { "designs evaluated as if in force" } else { "designs evaluated by their dates" };
    let _ = writeln!(
        s,
        "{how}, {when}; {} classes of incidents ({} fields, {:.3e} incidents; {} classes evaluated)",
        d.space.classes,
        d.space.fields.len(),
        d.space.incidents,
        d.space.classes_evaluated
    );
    s
}

fn sides(x: &Difference, d: &Diff) -> String {
    format!("{} {} → {} {}", d.a.id, x.a.label(), d.b.id, x.b.label())
}

/// The diff for people.
pub fn text(d: &Diff) -> String {
    let mut s = heading(d);
    if !d.equivalent {
        let _ = writeln!(s, "\nIn short:");
        for x in &d.summary {
            let _ = writeln!(s, "  - {}", x.text);
        }
    }
    if d.equivalent {
        let _ = writeln!(s, "\nThe designs give the same outcome on every incident.");
    } else {
        let _ = writeln!(
            s,
            "\nThey part in {} way{} ({} of {} classes):",
            d.differences.len(),
            if d.differences.len() == 1 { "" } else { "s" },
            d.differences.iter().map(|x| x.classes).sum::<u64>(),
            d.space.classes
        );
        for (i, x) in d.differences.iter().enumerate() {
            let _ = writeln!(s, "\n{}. A {} but B {} — {} classes", i + 1, x.a.label(), x.b.label(), x.classes);
            for r in &x.rules {
                let _ = writeln!(s, "   - when {}", r.text);
                let _ = writeln!(s, "     e.g. {}", example(r));
                for (id, vs) in [(&d.a.id, &r.a), (&d.b.id, &r.b)] {
                    for v in vs {
                        let _ = writeln!(s, "     {id}: {}", casus_ops::compare::explain(v));
                    }
                }
            }
            if x.rules_left_out > 0 {
                let _ = writeln!(s, "   - and {} rule(s) more (--max-rules, or --format json)", x.rules_left_out);
            }
        }
    }
    let _ = writeln!(s, "\nTransitions (A → B: classes):");
    for t in &d.transitions {
        let mark = if t.a == t.b { "=" } else { "≠" };
        let _ = writeln!(s, "  {mark} {} → {}: {}", t.a.label(), t.b.label(), t.classes);
    }
    s
}

/// The witness of a rule on one line: its fields, without the `expect` lines.
fn example(r: &Rule) -> String {
    r.witness
        .lines()
        .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with("expect"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The diff as Markdown.
pub fn markdown(d: &Diff) -> String {
    let mut s = String::from("# casus diff\n\n");
    for line in heading(d).lines() {
        let _ = writeln!(s, "{line}  ");
    }
    let _ = writeln!(s, "\n| A | B | classes |\n|---|---|---:|");
    for t in &d.transitions {
        let _ = writeln!(s, "| {} | {} | {} |", t.a.label(), t.b.label(), t.classes);
    }
    if d.equivalent {
        let _ = writeln!(s, "\nThe designs give the same outcome on every incident.");
    } else {
        let _ = writeln!(s, "\n## In short\n");
        for x in &d.summary {
            let _ = writeln!(s, "- {}", md(&x.text));
        }
    }
    for (i, x) in d.differences.iter().enumerate() {
        let _ = writeln!(s, "\n## {}. {}\n\n{} classes.\n", i + 1, sides(x, d), x.classes);
        for r in &x.rules {
            let _ = writeln!(s, "- **when** {}  \n  e.g. `{}`", md(&r.text), example(r));
        }
        if x.rules_left_out > 0 {
            let _ = writeln!(s, "- and {} rule(s) more", x.rules_left_out);
        }
    }
    s
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('*', "\\*")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn trace_html(vs: &[casus_core::eval::Verdict]) -> String {
    let mut s = String::new();
    for v in vs {
        let _ = write!(s, "<p><b>{}</b>: {}</p><ol>", esc(&v.key()), esc(&v.verdict.to_string()));
        for st in &v.trace {
            let r = match st.result {
                casus_core::eval::Truth::True => "yes",
                casus_core::eval::Truth::False => "no",
                casus_core::eval::Truth::Unknown => "unknown",
            };
            let _ = write!(
                s,
                "<li class=\"{r}\">{} — <b>{r}</b>: {} <small>({})</small></li>",
                esc(&st.condition),
                esc(&st.note),
                esc(&st.source)
            );
        }
        s.push_str("</ol>");
    }
    s
}

/// The diff as a self-contained HTML page.
pub fn html(d: &Diff) -> String {
    let mut s = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>casus diff</title>\n<style>\n\
         body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:70em}\n\
         table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}\n\
         th{background:#f4f4f4}tr.same td{color:#777}pre{background:#f6f6f6;padding:8px;overflow:auto}\n\
         li.no b{color:#b00}li.yes b{color:#070}li.unknown b{color:#a60}.rule{margin:1em 0;padding-left:1em;border-left:3px solid #f9b76c}\n\
         </style></head><body>\n<h1>casus diff</h1>\n",
    );
    let _ = writeln!(s, "<pre>{}</pre>", esc(&heading(d)));
    s.push_str("<h2>Transitions</h2>\n<table><tr><th>A</th><th>B</th><th>classes</th></tr>\n");
    for t in &d.transitions {
        let _ = writeln!(
            s,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            if t.a == t.b { "same" } else { "part" },
            esc(&t.a.label()),
            esc(&t.b.label()),
            t.classes
        );
    }
    s.push_str("</table>\n");
    if d.equivalent {
        s.push_str("<p>The designs give the same outcome on every incident.</p>\n");
    } else {
        s.push_str("<h2>In short</h2>\n<ul>\n");
        for x in &d.summary {
            let _ = writeln!(s, "<li>{}</li>", esc(&x.text));
        }
        s.push_str("</ul>\n");
    }
    for (i, x) in d.differences.iter().enumerate() {
        let _ = writeln!(s, "<h2>{}. {}</h2><p>{} classes.</p>", i + 1, esc(&sides(x, d)), x.classes);
        for r in &x.rules {
            let _ = writeln!(
                s,
                "<div class=\"rule\"><p><b>when</b> {}</p><details><summary>witness and traces</summary><pre>{}</pre>\
                 <h4>{}</h4>{}<h4>{}</h4>{}</details></div>",
                esc(&r.text),
                esc(&r.witness),
                esc(&d.a.id),
                trace_html(&r.a),
                esc(&d.b.id),
                trace_html(&r.b)
            );
        }
    }
    s.push_str("</body></html>\n");
    s
}

/// Every rule's witness, as one scenario file.
pub fn witnesses(d: &Diff) -> String {
    let mut s = format!(
        "# Witnesses of `casus diff {} {}`: one incident per rule, with what each design gives.\n\n",
        d.a.id, d.b.id
    );
    for x in &d.differences {
        for r in &x.rules {
            s.push_str(&r.witness);
            s.push('\n');
        }
    }
    s
}
