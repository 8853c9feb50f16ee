//! `casus coverage`: what a commitment's area covers on a date, place by place.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use casus_core::coverage::{CommitmentCoverage, Covered, PlaceKind};

use crate::compare::csv_field;
use crate::library::LibraryArgs;
use crate::{out, out_text, refuse};

/// Arguments of `casus coverage`.
#[derive(Args, Debug)]
pub struct CoverageArgs {
    /// The treaty (every commitment) or one commitment: `nato`, `nato/art5`.
    #[arg(value_name = "TREATY[/COMMITMENT]")]
    pub key: String,
    /// Files or folders read beside it (a design of your own, say).
    #[arg(value_name = "PATHS")]
    pub files: Vec<String>,
    /// The date, YYYY-MM-DD or `today` (the default).
    #[arg(long, value_name = "DATE", default_value = "today")]
    pub on: String,
    /// Only the places with this answer (repeatable): covered, not-covered,
    /// indeterminate, unreached.
    #[arg(long, value_name = "ANSWER")]
    pub only: Vec<String>,
    /// The treaties.
    #[command(flatten)]
    pub lib: LibraryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    pub format: CoverageFormat,
}

/// Output formats of `coverage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// Grouped by answer, for people.
    Text,
    /// Every commitment with its rows, for scripts.
    Json,
    /// One row per commitment and place, with a header, for R and pandas.
    Csv,
    /// A GeoJSON FeatureCollection (RFC 7946): the map layer, one feature per place.
    Geojson,
}

use casus_ops::coverage::word;

fn kind_word(k: PlaceKind) -> &'static str {
    match k {
        PlaceKind::Metropolitan => "metropolitan",
        PlaceKind::Subdivision => "subdivision",
        PlaceKind::Outlying => "outlying",
        PlaceKind::Region => "region",
        PlaceKind::Sea => "sea",
    }
}

/// Runs `casus coverage`.
pub fn coverage(args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let on = match casus_ops::input::date("--on", &args.on) {
        Ok(d) => d,
        Err(r) => return Ok(refuse(&crate::obligations::flag_message(&r))),
    };
    let only = match casus_ops::coverage::answers("--only", &args.only) {
        Ok(o) => o,
        Err(r) => {
            return Ok(refuse(&crate::obligations::flag_message(&r)));
        }
    };
    let loaded = match crate::library::load(&args.files, &args.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let all = match casus_ops::coverage::coverage(&loaded.library, "coverage", &args.key, on, &only) {
        Ok(a) => a,
        Err(r) => {
            let hint = r.help.map(|h| format!("\n  help: {h}")).unwrap_or_default();
            return Ok(refuse(&format!("error: {}{hint}", r.message)));
        }
    };
    match args.format {
        CoverageFormat::Text => out_text(&text(&all)),
        CoverageFormat::Json => out(&(serde_json::to_string_pretty(&all)? + "\n")),
        CoverageFormat::Csv => out(&csv(&all)),
        CoverageFormat::Geojson => {
            out(&(serde_json::to_string(&casus_core::coverage::to_geojson(&loaded.library, &all))? + "\n"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn text(all: &[CommitmentCoverage]) -> String {
    let mut s = String::new();
    for cc in all {
        let clause = cc.clause.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
        let _ =
            writeln!(s, "{}/{} — {}: {}{} — on {}", cc.treaty, cc.commitment, cc.treaty_name, cc.title, clause, cc.on);
        if cc.beneficiaries.is_empty() {
            let _ = writeln!(s, "  protects no state on {} (not in force, or no beneficiary then)\n", cc.on);
            continue;
        }
        let _ = writeln!(
            s,
            "  protects {} state{}: {}",
            cc.beneficiaries.len(),
            if cc.beneficiaries.len() == 1 { "" } else { "s" },
            cc.beneficiaries.join(" ")
        );
        for answer in
            [Covered::Covered, Covered::Indeterminate, Covered::NotCovered, Covered::Unreached, Covered::NotInForce]
        {
            let rows: Vec<_> = cc.rows.iter().filter(|r| r.coverage == answer).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n  {} ({})", word(answer), rows.len());
            for r in rows {
                let held = r.controller.as_deref().map(|c| format!(", held by {c}")).unwrap_or_default();
                let _ = writeln!(s, "    {:<14} {} [{}{}]", r.place, r.name, kind_word(r.kind), held);
                if answer != Covered::Covered || r.kind != PlaceKind::Subdivision {
                    let _ = writeln!(s, "                   {}", r.decided_by);
                }
            }
        }
        s.push('\n');
    }
    s
}

fn csv(all: &[CommitmentCoverage]) -> String {
    let mut s =
        String::from("treaty,commitment,on,state,place,name,kind,controller,coverage,decided_by,source,lat,lon\n");
    for cc in all {
        for r in &cc.rows {
            let (lat, lon) = r.at.map_or((String::new(), String::new()), |c| (c.lat.to_string(), c.lon.to_string()));
            let fields = [
                cc.treaty.as_str(),
                &cc.commitment,
                &cc.on.to_string(),
                &r.state,
                &r.place,
                &r.name,
                kind_word(r.kind),
                r.controller.as_deref().unwrap_or(""),
                word(r.coverage),
                &r.decided_by,
                &r.source,
                &lat,
                &lon,
            ]
            .map(csv_field);
            let _ = writeln!(s, "{}", fields.join(","));
        }
    }
    s
}
