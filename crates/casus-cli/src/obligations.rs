//! `casus obligations`: every commitment that binds or protects a state on a date.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use casus_core::eval::Options;
use casus_core::model::Date;
use casus_core::ties::Role;
use casus_core::vocab::{Kind, Vocabulary};

use crate::compare::csv_field;
use crate::library::LibraryArgs;
use crate::{out, refuse};

/// Arguments of `casus obligations`.
#[derive(Args, Debug)]
pub struct ObligationsArgs {
    /// The state: an ISO 3166-1 alpha-3 code, as `casus eval --actor` takes it.
    #[arg(long, value_name = "CODE")]
    pub state: String,
    /// The date and the kinds.
    #[command(flatten)]
    pub query: TieQuery,
    /// The treaties.
    #[command(flatten)]
    pub lib: LibraryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

/// What a question about ties asks besides the library: the date, the kinds, and whether
/// designs count as in force. Shared by `casus obligations` and `casus network`.
#[derive(Args, Debug)]
pub struct TieQuery {
    /// The date, YYYY-MM-DD or `today`.
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Only commitments of these kinds (repeatable or comma-separated): defence, offence,
    /// neutrality, non-aggression, consultation, assurance, assistance, or any (the default).
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Count proposed, signed and failed designs as if in force.
    #[arg(long)]
    pub hypothetical: bool,
}

impl TieQuery {
    /// The date and the kinds (`None`: any), or the message for exit status 1.
    pub(crate) fn parse(&self) -> Result<(Date, Option<BTreeSet<Kind>>), String> {
        Ok((on_date(&self.on)?, kinds(&self.kind)?))
    }

    /// The evaluator's options.
    pub(crate) fn options(&self) -> Options {
        Options { hypothetical: self.hypothetical }
    }
}

/// Output formats of `obligations`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Grouped by treaty, for people.
    Text,
    /// One object with every row, for scripts.
    Json,
    /// One row per commitment and role, with a header, for R and pandas.
    Csv,
}

/// The date of `--on`, or the message for exit status 1.
fn on_date(on: &str) -> Result<Date, String> {
    casus_ops::input::date("--on", on).map_err(|r| flag_message(&r))
}

/// The kinds of `--kind` (`None`: any), or the message for exit status 1.
fn kinds(list: &[String]) -> Result<Option<BTreeSet<Kind>>, String> {
    casus_ops::input::kinds("--kind", list).map_err(|r| flag_message(&r))
}

/// A refusal of a flag as the CLI words it: `error: --FLAG: message` and a help line.
pub(crate) fn flag_message(r: &casus_ops::Refusal) -> String {
    crate::incident::refusal_text(&r.field, &r.message, r.help.as_deref())
}

pub(crate) use casus_ops::input::kinds_words;

pub use casus_ops::obligations::{Report, Row};

/// Runs `casus obligations`.
pub fn obligations(a: &ObligationsArgs) -> anyhow::Result<ExitCode> {
    let state = match crate::incident::state("--state", a.state.trim()) {
        Ok(s) => s,
        Err(e) => return Ok(refuse(&e.to_string())),
    };
    let (on, kinds) = match a.query.parse() {
        Ok(q) => q,
        Err(msg) => return Ok(refuse(&msg)),
    };
    let loaded = match crate::library::load(&[], &a.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    crate::dataset::note_dates(&loaded, &a.lib, [on]);
    let report = casus_ops::obligations::obligations(&loaded.library, &state, on, &kinds, a.query.options());
    match a.format {
        TableFormat::Json => out(&(serde_json::to_string_pretty(&report)? + "\n")),
        TableFormat::Csv => out(&csv(&state, on, &report.obligations)),
        TableFormat::Text => {
            crate::out_text(&text(&state, &report.state_name, on, &a.lib.describe(), &kinds, &report.obligations))
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn csv(state: &str, on: Date, rows: &[Row<'_>]) -> String {
    let mut s = String::from(
        "state,on,treaty,treaty_name,commitment,title,kind,role,counterparties,count,strength,clause,source,pending\n",
    );
    for r in rows {
        let fields = [
            state.to_string(),
            on.to_string(),
            r.treaty.to_string(),
            r.treaty_name.to_string(),
            r.commitment.to_string(),
            r.title.to_string(),
            r.kind.to_string(),
            r.role.to_string(),
            r.counterparties.join(" "),
            r.counterparties.len().to_string(),
            r.strength.map_or(String::new(), |s| s.to_string()),
            r.clause.unwrap_or_default().to_string(),
            r.source.unwrap_or_default().to_string(),
            r.pending.clone().unwrap_or_default(),
        ];
        s.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        s.push('\n');
    }
    s
}

fn text(state: &str, name: &str, on: Date, from: &str, kinds: &Option<BTreeSet<Kind>>, rows: &[Row<'_>]) -> String {
    let mut s = String::new();
    let only = match kinds {
        None => String::new(),
        Some(_) => format!(" ({} only)", kinds_words(kinds).join(", ")),
    };
    let _ = writeln!(s, "{state} ({name}) on {on}, from {from}{only}");
    if rows.is_empty() {
        let _ = writeln!(s, "\nnothing binds or protects {state} on {on}");
        // The same state under another code (the Soviet Union is `SUN`, not `RUS`, in 1980).
        let cow = casus_core::states::get(state).and_then(|i| i.cow);
        let others: Vec<String> = cow
            .into_iter()
            .flat_map(casus_core::states::with_cow)
            .filter(|o| o.alpha3 != state)
            .map(|o| format!("`{}` ({})", o.alpha3, o.name))
            .collect();
        if !others.is_empty() {
            let _ = writeln!(
                s,
                "  help: the same state is also written {}; try that code for this date",
                others.join(" or ")
            );
        }
        return s;
    }
    let mut i = 0;
    while i < rows.len() {
        let treaty = rows[i].treaty;
        let end = rows[i..].iter().position(|r| r.treaty != treaty).map_or(rows.len(), |n| i + n);
        let group = &rows[i..end];
        let _ = writeln!(s, "\n{} ({treaty})", group[0].treaty_name);
        let mut j = 0;
        while j < group.len() {
            let r = &group[j];
            // `[defence, discretionary]`; `[consultation]` when the kind and strength agree.
            let strength = r.strength.filter(|x| x.word() != r.kind.word()).map_or(String::new(), |x| format!(", {x}"));
            let clause = r.clause.filter(|c| !r.title.starts_with(c)).map_or(String::new(), |c| format!(" — {c}"));
            let _ = writeln!(s, "  {}: {} [{}{strength}]{clause}", r.commitment, r.title, r.kind);
            // A commitment owed both ways to the same states reads as one line.
            let next = group.get(j + 1).filter(|n| n.commitment == r.commitment);
            match next {
                Some(n) if n.counterparties == r.counterparties => {
                    let _ = writeln!(s, "      owes and is owed by {}", list(&r.counterparties));
                    j += 2;
                }
                _ => {
                    let _ = writeln!(s, "      {}", role_line(r));
                    if let Some(n) = next {
                        let _ = writeln!(s, "      {}", role_line(n));
                        j += 1;
                    }
                    j += 1;
                }
            }
            if let Some(src) = r.clause_source {
                let _ = writeln!(s, "      clause source: {src}");
            }
            if let Some(p) = &r.pending {
                let _ = writeln!(s, "      pending: {p}");
            }
        }
        if let Some(src) = group[0].treaty_source {
            let _ = writeln!(s, "  source: {src}");
        }
        i = end;
    }
    let commitments = |role: Role| {
        rows.iter().filter(|r| r.role == role).map(|r| (r.treaty, r.commitment)).collect::<BTreeSet<_>>().len()
    };
    let treaties = rows.iter().map(|r| r.treaty).collect::<BTreeSet<_>>().len();
    let _ = writeln!(
        s,
        "\n{state} owes under {} and is owed under {} in {treaties} {}",
        plural(commitments(Role::Owes), "commitment"),
        plural(commitments(Role::Owed), "commitment"),
        if treaties == 1 { "treaty" } else { "treaties" }
    );
    s
}

fn role_line(r: &Row<'_>) -> String {
    match r.role {
        Role::Owes => format!("owes {}", list(&r.counterparties)),
        Role::Owed => format!("is owed by {}", list(&r.counterparties)),
    }
}

fn list(states: &[String]) -> String {
    format!("{}: {}", states.len(), states.join(" "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
