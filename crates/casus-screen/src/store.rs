//! The alert store: an SQLite database in WAL mode, written idempotently.
//!
//! Each input file is screened into one transaction that inserts its alerts (ignoring
//! keys already present) and records the file as done. A process killed at any moment
//! leaves either the whole file committed or none of it; screening again redoes the file
//! and, alert keys being stable, duplicates nothing.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::alert::Alert;

/// A failure of the alert store, with the database's path.
#[derive(Debug)]
pub struct StoreError {
    /// The database file.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "alert database `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for StoreError {}

/// The record of one screened input.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FileRecord {
    /// The path as given.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time (seconds since 1970).
    pub mtime: i64,
    /// Lines read.
    pub lines: u64,
    /// Malformed lines.
    pub malformed: u64,
    /// Incidents after deduplication.
    pub incidents: u64,
    /// Alerts the file produced that were new.
    pub alerts_new: u64,
}

/// An open alert database.
pub struct Store {
    conn: Connection,
    path: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS alerts (
    key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    actor TEXT,
    target TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    lat REAL,
    lon REAL,
    country TEXT,
    evidence TEXT NOT NULL,
    confidence TEXT NOT NULL,
    sources INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    commitments TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    file TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_date ON alerts(date);
CREATE TABLE IF NOT EXISTS alert_events (
    alert TEXT NOT NULL REFERENCES alerts(key),
    event INTEGER NOT NULL,
    PRIMARY KEY (alert, event)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    malformed INTEGER NOT NULL,
    incidents INTEGER NOT NULL,
    alerts_new INTEGER NOT NULL
);
PRAGMA user_version = 1;
";

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode with full sync.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let p = path.display().to_string();
        let err = |e: rusqlite::Error| StoreError { path: p.clone(), message: e.to_string() };
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
        if version > 1 {
            return Err(StoreError { path: p, message: format!("written by a newer casus (schema {version})") });
        }
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Store { conn, path: p })
    }

    fn err(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError { path: self.path.clone(), message: e.to_string() }
    }

    /// Whether this file, at this size and modification time, was screened already.
    pub fn done(&self, path: &str, size: u64, mtime: i64) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM files WHERE path = ?1 AND size = ?2 AND mtime = ?3",
                params![path, size as i64, mtime],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(found.is_some())
    }

    /// Saves one file's alerts and marks it done, in one transaction; returns how many
    /// alerts were new.
    pub fn save(&mut self, file: &FileRecord, alerts: &[Alert]) -> Result<u64, StoreError> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| StoreError { path: path.clone(), message: e.to_string() };
        let tx = self.conn.transaction().map_err(err)?;
        let mut new = 0u64;
        {
            let mut seq: i64 =
                tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM alerts", [], |r| r.get(0)).map_err(err)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO alerts (key, seq, date, actor, target, code, label, lat, lon, country, evidence,
                     confidence, sources, articles, commitments, summary, body, file)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                )
                .map_err(err)?;
            let mut event =
                tx.prepare_cached("INSERT OR IGNORE INTO alert_events (alert, event) VALUES (?1, ?2)").map_err(err)?;
            for a in alerts {
                let body = serde_json::to_string(a).unwrap_or_default();
                let changed = insert
                    .execute(params![
                        a.key,
                        seq + 1,
                        a.date,
                        a.actor,
                        a.target,
                        a.code,
                        a.label,
                        a.lat,
                        a.lon,
                        a.country,
                        a.evidence,
                        a.confidence,
                        a.sources,
                        a.articles,
                        a.commitments.join("; "),
                        a.summary,
                        body,
                        file.path
                    ])
                    .map_err(err)?;
                if changed > 0 {
                    seq += 1;
                    new += 1;
                    for id in &a.events {
                        event.execute(params![a.key, *id as i64]).map_err(err)?;
                    }
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, lines, malformed, incidents, alerts_new)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    file.path,
                    file.size as i64,
                    file.mtime,
                    file.lines as i64,
                    file.malformed as i64,
                    file.incidents as i64,
                    new as i64
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(new)
    }

    /// Every alert on or after `since` (`YYYY-MM-DD`), in date order.
    pub fn alerts(&self, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM alerts WHERE date >= ?1 ORDER BY date, key")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params![since.unwrap_or("")], |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for body in rows {
            let body = body.map_err(|e| self.err(e))?;
            out.push(
                serde_json::from_str(&body).map_err(|e| self.err(format!("a stored alert does not read back: {e}")))?,
            );
        }
        Ok(out)
    }
}
