//! `casus screen`, `casus alerts` and `casus watch`: event streams to durable alerts.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, ValueEnum};

use casus_screen::{FileReport, Settings, Store, StoreError, StoreErrorKind};

use crate::{out, out_text};

/// Arguments shared by `screen` and `watch`.
#[derive(Args, Debug, Clone)]
pub struct ScreenArgs {
    /// The alert database (SQLite; created if missing; another application's database is
    /// refused).
    #[arg(long, value_name = "FILE", default_value = "casus-alerts.db")]
    pub db: String,
    /// Treaty files or folders to use instead of the built-in library.
    #[arg(long, value_name = "PATH")]
    pub library: Vec<String>,
    /// Least number of sources (GDELT NumSources) for an event to be screened.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_sources: u32,
    /// Events of one actor pair, event code and place within this many hours are one incident.
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    pub window: u32,
    /// Also screen events whose actor has no country (mostly domestic crime and unrest in
    /// machine coding; they can only give indeterminate verdicts).
    #[arg(long)]
    pub unattributed: bool,
    /// Screen files again even if the database says they were screened (nothing is
    /// duplicated; a file read whole replaces the alerts it gave before).
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Output formats of `alerts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlertFormat {
    /// One paragraph per alert.
    Text,
    /// A JSON array of alerts, with their verdicts and traces.
    Json,
    /// One row per alert.
    Csv,
}

/// A failure of screening: a store that is not one casus can use is invalid input (exit
/// status 1); anything else could not run (2).
fn failure(e: Box<dyn std::error::Error>) -> anyhow::Result<ExitCode> {
    match e.downcast_ref::<StoreError>() {
        Some(s) if s.kind == StoreErrorKind::Invalid => {
            eprintln!("error: {s}");
            Ok(ExitCode::from(1))
        }
        _ => Err(anyhow::anyhow!("{e}")),
    }
}

/// Opens the store for writing, or the exit status of the failure.
fn open(db: &str) -> Result<Store, anyhow::Result<ExitCode>> {
    Store::open(std::path::Path::new(db)).map_err(|e| failure(Box::new(e)))
}

fn library(paths: &[String]) -> anyhow::Result<casus_core::Loaded> {
    crate::load_with_library(&[], paths)
}

fn summary(reports: &[FileReport]) -> String {
    let mut s = String::new();
    let screened: Vec<&FileReport> = reports.iter().filter(|r| !r.skipped).collect();
    let skipped = reports.len() - screened.len();
    let sum = |f: &dyn Fn(&FileReport) -> u64| screened.iter().map(|r| f(r)).sum::<u64>();
    let _ = writeln!(s, "files: {} screened, {skipped} already screened (skipped)", screened.len());
    let _ = writeln!(s, "events read: {}", sum(&|r| r.read.lines));
    let malformed = sum(&|r| r.read.malformed);
    let _ = writeln!(s, "malformed lines skipped: {malformed}");
    for r in &screened {
        for m in &r.read.first_malformed {
            let _ = writeln!(s, "  {}:{}: {}", r.path, m.line, m.reason);
        }
        if r.read.malformed > r.read.first_malformed.len() as u64 {
            let _ = writeln!(s, "  {}: … and {} more", r.path, r.read.malformed - r.read.first_malformed.len() as u64);
        }
        if r.repeated_ids > 0 {
            let _ = writeln!(
                s,
                "  {}: {} event{} repeat an event id read before; one event of each id is kept",
                r.path,
                r.repeated_ids,
                if r.repeated_ids == 1 { "" } else { "s" }
            );
        }
        if let Some(n) = &r.read.note {
            let _ = writeln!(s, "  {}: {n}", r.path);
        }
        if let Some(e) = &r.read.error {
            let place = r.read.error_line.map_or_else(|| r.path.clone(), |line| format!("{}:{line}", r.path));
            let _ = writeln!(s, "  {place}: {e}; what was read before was screened");
        }
        if r.changed {
            let _ = writeln!(
                s,
                "  {}: changed while it was read; what was read was screened, and it will be screened again",
                r.path
            );
        }
    }
    let _ = writeln!(
        s,
        "material-conflict events: {} ({} without a target state, {} below the evidence threshold, {} domestic or without an acting state)",
        sum(&|r| r.read.conflict),
        sum(&|r| r.read.no_target),
        sum(&|r| r.read.weak_evidence),
        sum(&|r| r.read.domestic)
    );
    let _ = writeln!(s, "incidents after deduplication: {}", sum(&|r| r.incidents));
    let new = sum(&|r| r.alerts_new);
    let updated = sum(&|r| r.alerts_updated);
    let _ = write!(s, "alerts: {new} new, {} already known", sum(&|r| r.alerts) - new - updated);
    if updated > 0 {
        let _ = write!(s, ", {updated} updated");
    }
    let withdrawn = sum(&|r| r.alerts_withdrawn);
    if withdrawn > 0 {
        let _ = write!(s, ", {withdrawn} withdrawn (no longer given by their file)");
    }
    s.push('\n');
    s
}

/// `casus screen FILE_OR_DIR…`.
pub fn screen(paths: &[String], a: &ScreenArgs) -> anyhow::Result<ExitCode> {
    let loaded = library(&a.library)?;
    if loaded.has_errors() {
        eprint!("{}", crate::render::text_report(&loaded));
        return Ok(ExitCode::from(1));
    }
    let files = if paths == ["-"] {
        vec!["-".to_string()]
    } else {
        crate::files::collect(paths, &["csv", "tsv", "txt", "gz", "zip", "CSV"])?
    };
    let mut store = match open(&a.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let settings = Settings { min_sources: a.min_sources, window_hours: a.window, unattributed: a.unattributed };
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if a.json || !std::io::stdout().is_terminal() || files.len() < 2 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let mut reports = Vec::new();
    for f in &files {
        bar.set_message(f.clone());
        match casus_screen::screen_file(&loaded.library, &mut store, f, settings, a.force) {
            Ok(r) => reports.push(r),
            Err(e) => return failure(e),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if a.json {
        out(&(serde_json::to_string_pretty(&reports)? + "\n"));
    } else {
        out_text(&summary(&reports));
    }
    Ok(ExitCode::SUCCESS)
}

/// `casus watch DIR`: screens new files as they appear, until Ctrl-C. `interval` is at
/// least 1 (a clap range), so the loop sleeps between looks.
pub fn watch(dir: &str, a: &ScreenArgs, interval: u64) -> anyhow::Result<ExitCode> {
    let meta = std::fs::metadata(dir).map_err(|e| anyhow::anyhow!("cannot read `{dir}`: {e}"))?;
    if !meta.is_dir() {
        eprintln!(
            "error: `{dir}` is not a folder: `casus watch` watches a folder for new files (`casus screen {dir}` screens one file)"
        );
        return Ok(ExitCode::from(1));
    }
    let loaded = library(&a.library)?;
    if loaded.has_errors() {
        eprint!("{}", crate::render::text_report(&loaded));
        return Ok(ExitCode::from(1));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| anyhow::anyhow!("cannot catch Ctrl-C: {e}"))?;
    let mut store = match open(&a.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let settings = Settings { min_sources: a.min_sources, window_hours: a.window, unattributed: a.unattributed };
    eprintln!("watching {dir} (every {interval} s); Ctrl-C finishes the current file and stops");
    while !stop.load(Ordering::SeqCst) {
        for f in crate::files::collect_maybe_empty(&[dir.to_string()], &["csv", "tsv", "txt", "gz", "zip", "CSV"])? {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let r = match casus_screen::screen_file(&loaded.library, &mut store, &f, settings, false) {
                Ok(r) => r,
                Err(e) => return failure(e),
            };
            if !r.skipped {
                out_text(&format!(
                    "{}: {} events, {} malformed, {} incidents, {} new alerts\n",
                    r.path, r.read.lines, r.read.malformed, r.incidents, r.alerts_new
                ));
            }
        }
        for _ in 0..interval.saturating_mul(10) {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
}

/// `casus alerts`: reads the store read-only, so it lists from a read-only file or
/// folder and never makes a writer wait; a missing store is an error, not created.
pub fn alerts(db: &str, since: Option<&str>, format: AlertFormat) -> anyhow::Result<ExitCode> {
    if let Some(s) = since
        && casus_core::cursor::parse_date(s, casus_syntax::Span::DETACHED).is_err()
    {
        eprintln!("error: --since: `{s}` is not a date (YYYY-MM-DD)");
        return Ok(ExitCode::from(1));
    }
    let read = Store::open_read_only(std::path::Path::new(db)).and_then(|store| store.alerts(since));
    let list = match read {
        Ok(list) => list,
        Err(e) => return failure(Box::new(e)),
    };
    // Text is for a terminal: control characters in the events' own strings (a URL, a
    // label) are escaped; CSV and JSON are data and keep them (JSON escapes them itself).
    let write = if matches!(format, AlertFormat::Text) { out_text } else { out };
    write(&match format {
        AlertFormat::Json => serde_json::to_string_pretty(&list)? + "\n",
        AlertFormat::Csv => {
            let mut s = String::from(
                "key,date,actor,target,code,label,lat,lon,country,evidence,confidence,events,sources,articles,commitments\n",
            );
            for a in &list {
                let row = [
                    a.key.clone(),
                    a.date.clone(),
                    a.actor.clone().unwrap_or_default(),
                    a.target.clone(),
                    a.code.clone(),
                    a.label.clone(),
                    a.lat.map_or(String::new(), |v| v.to_string()),
                    a.lon.map_or(String::new(), |v| v.to_string()),
                    a.country.clone().unwrap_or_default(),
                    a.evidence.clone(),
                    a.confidence.clone(),
                    a.events.len().to_string(),
                    a.sources.to_string(),
                    a.articles.to_string(),
                    a.commitments.join("; "),
                ];
                s.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
                s.push('\n');
            }
            s
        }
        AlertFormat::Text => {
            let mut s = String::new();
            for a in &list {
                let _ = writeln!(s, "{} {}", a.key, a.summary);
                let _ = writeln!(
                    s,
                    "    {} ({}); evidence {}: {} sources, {} articles",
                    a.label, a.code, a.evidence, a.sources, a.articles
                );
                if let Some(u) = a.urls.first() {
                    let _ = writeln!(s, "    {u}");
                }
            }
            let _ = writeln!(s, "{} alert{}", list.len(), if list.len() == 1 { "" } else { "s" });
            s
        }
    });
    Ok(ExitCode::SUCCESS)
}
