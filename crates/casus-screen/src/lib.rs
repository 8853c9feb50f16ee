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
pub use store::{FileRecord, SaveMode, Saved, Store, StoreError, StoreErrorKind};

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
    /// Skipped because it was screened before (or by another process meanwhile).
    pub skipped: bool,
    /// What reading found.
    pub read: ReadStats,
    /// The file changed while it was read: what was read is saved, and the file is not
    /// marked done, so the next run screens it again.
    pub changed: bool,
    /// Candidate events kept.
    pub candidates: u64,
    /// Events left out as repeats of an event id already read (see [`dedup::Deduped`]).
    pub repeated_ids: u64,
    /// Incidents after deduplication.
    pub incidents: u64,
    /// Alerts found.
    pub alerts: u64,
    /// Of those, new to the database.
    pub alerts_new: u64,
    /// Of those, stored before from this file and updated (the file changed).
    pub alerts_updated: u64,
    /// Alerts stored before from this file that it no longer gives, removed.
    pub alerts_withdrawn: u64,
}

impl FileReport {
    fn skipped(path: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            skipped: true,
            read: ReadStats::default(),
            changed: false,
            candidates: 0,
            repeated_ids: 0,
            incidents: 0,
            alerts: 0,
            alerts_new: 0,
            alerts_updated: 0,
            alerts_withdrawn: 0,
        }
    }
}

/// Size and modification time (seconds) of a regular file; anything else is refused,
/// since a FIFO or a device has neither and may never end.
fn stamp(path: &str) -> Result<(u64, i64), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read `{path}`: not a regular file (a folder, FIFO or device); give `-` to screen standard input"
        ));
    }
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64);
    Ok((meta.len(), mtime))
}

/// Screens one input into the store: read, deduplicate, evaluate, save in one transaction.
/// A file already screened at the same size and time is skipped unless `force`. A file
/// read whole replaces the alerts it gave before; a file that ends early (a truncated
/// archive) or changes while it is read only adds alerts and is not marked done.
pub fn screen_file(
    lib: &Library,
    store: &mut Store,
    path: &str,
    settings: Settings,
    force: bool,
) -> Result<FileReport, Box<dyn std::error::Error>> {
    let stdin = path == "-";
    let (size, mtime) = if stdin { (0, 0) } else { stamp(path)? };
    if !stdin && !force && store.done(path, size, mtime)? {
        return Ok(FileReport::skipped(path));
    }
    let (candidates, read) =
        read::read(path, Filter { min_sources: settings.min_sources, unattributed: settings.unattributed })
            .map_err(|e| format!("cannot read `{path}`: {e}"))?;
    // Appended to, rewritten or touched while it was read: not the file the record would name.
    let changed = !stdin && stamp(path).ok() != Some((size, mtime));
    let n_candidates = candidates.len() as u64;
    let dedup::Deduped { incidents, repeated_ids } = dedup::dedup(candidates, settings.window_hours);
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
    // Standard input has no identity: it only adds, and is never marked done.
    let complete = !stdin && !changed && read.error.is_none();
    let mode = SaveMode { whole: complete, mark_done: complete, skip_if_done: !stdin && !force };
    let Some(saved) = store.save(&record, &alerts, mode)? else {
        return Ok(FileReport::skipped(path));
    };
    Ok(FileReport {
        path: path.to_string(),
        skipped: false,
        read,
        changed,
        candidates: n_candidates,
        repeated_ids,
        incidents: incidents.len() as u64,
        alerts: alerts.len() as u64,
        alerts_new: saved.new,
        alerts_updated: saved.updated,
        alerts_withdrawn: saved.withdrawn,
    })
}
