//! Event screening: machine-coded news events (GDELT, CAMEO) in; deduplicated,
//! explained alerts out, stored durably in SQLite.
//!
//! The pipeline: [`read`] splits event files into fields without allocating and keeps
//! material-conflict events (CAMEO roots 18–20) with a target state; [`dedup`] merges
//! repeats of one event into an incident with all its event ids as evidence; [`alert`]
//! evaluates each incident with the casus evaluator and keeps those that trigger or may
//! trigger a commitment; [`store`] saves them idempotently, one transaction per file.
//! [`screen_file`] runs the whole pipeline for one input.

pub mod alert;
pub mod cameo;
pub mod dedup;
pub mod gdelt;
pub mod pacts;
pub mod read;
pub mod store;

use casus_core::Library;
use serde::Serialize;

pub use alert::Alert;
pub use read::{Filter, ReadStats};
pub use store::{FileRecord, Store, StoreError};

/// Settings of a screening run.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Least NumSources for an event to be screened.
    pub min_sources: u32,
    /// Events of one actor pair, code and place this close in time are one incident.
    pub window_hours: u32,
    /// Keep events with no acting state.
    pub unattributed: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { min_sources: 1, window_hours: 24, unattributed: false }
    }
}

/// What screening one input did.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The input.
    pub path: String,
    /// Skipped because it was screened before.
    pub skipped: bool,
    /// What reading found.
    pub read: ReadStats,
    /// Candidate events kept.
    pub candidates: u64,
    /// Incidents after deduplication.
    pub incidents: u64,
    /// Alerts found.
    pub alerts: u64,
    /// Of those, new to the database.
    pub alerts_new: u64,
}

/// Screens one input into the store: read, deduplicate, evaluate, save in one transaction.
/// A file already screened at the same size and time is skipped unless `force`.
pub fn screen_file(
    lib: &Library,
    store: &mut Store,
    path: &str,
    settings: Settings,
    force: bool,
) -> Result<FileReport, Box<dyn std::error::Error>> {
    let (size, mtime) = if path == "-" {
        (0, 0)
    } else {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        (meta.len(), mtime)
    };
    if path != "-" && !force && store.done(path, size, mtime)? {
        return Ok(FileReport {
            path: path.to_string(),
            skipped: true,
            read: ReadStats::default(),
            candidates: 0,
            incidents: 0,
            alerts: 0,
            alerts_new: 0,
        });
    }
    let (candidates, read) =
        read::read(path, Filter { min_sources: settings.min_sources, unattributed: settings.unattributed })
            .map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let n_candidates = candidates.len() as u64;
    let incidents = dedup::dedup(candidates, settings.window_hours);
    let alerts = alert::alerts(lib, &incidents);
    let record = FileRecord {
        path: path.to_string(),
        size,
        mtime,
        lines: read.lines,
        malformed: read.malformed,
        incidents: incidents.len() as u64,
        alerts_new: 0,
    };
    // A truncated input is not marked done, so that a complete copy is screened again.
    let new = if read.error.is_some() {
        store.save(&FileRecord { size: 0, mtime: -1, ..record }, &alerts)?
    } else {
        store.save(&record, &alerts)?
    };
    Ok(FileReport {
        path: path.to_string(),
        skipped: false,
        read,
        candidates: n_candidates,
        incidents: incidents.len() as u64,
        alerts: alerts.len() as u64,
        alerts_new: new,
    })
}
