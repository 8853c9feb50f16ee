//! The alert store: an SQLite database in WAL mode, marked as casus's own, written
//! idempotently by any number of processes at once.
//!
//! * **Marker.** A store carries `PRAGMA application_id` [`APPLICATION_ID`] and
//!   `user_version` [`SCHEMA_VERSION`]. Opening refuses, before writing a byte, a file that
//!   is not SQLite, another application's database (another marker, or tables without
//!   ours), a damaged store (a table or column missing) and a store of a newer schema. An
//!   empty file becomes a new store; a store of casus before the marker (schema 1, its
//!   tables present and well-formed) is adopted and marked.
//! * **Concurrency.** Every write is one `BEGIN IMMEDIATE` transaction, which takes the
//!   write lock before it reads anything, so a writer never has to upgrade a stale read
//!   snapshot (SQLite fails such an upgrade at once, busy timeout or not); another
//!   process's writer waits its turn for up to [`BUSY_TIMEOUT`]. Readers
//!   ([`Store::open_read_only`]) never write — not even a pragma — so in WAL mode they
//!   neither wait for nor block a writer.
//! * **Crash safety.** Each input file is saved in one transaction that writes its alerts
//!   and records the file as done; a process killed at any moment leaves either the whole
//!   file committed or none of it, and screening again redoes the file. Alert keys are
//!   stable, so nothing is duplicated.
//! * **Re-screening.** When a file is read whole, its alerts replace those it gave
//!   before: an alert that changed (more events merged after the file grew) is updated,
//!   one it no longer gives is withdrawn. An incomplete read (a truncated archive, a file
//!   that changed while it was read, standard input) only adds alerts, so that it never
//!   takes away what a complete read found.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::alert::Alert;

/// `PRAGMA application_id` of a casus alert store (the bytes `casu`).
pub const APPLICATION_ID: i32 = 0x6361_7375;

/// `PRAGMA user_version` of the store layout this casus writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// How long a writer waits for another process's write transaction before giving up.
/// Write transactions hold the lock only while one file's alerts are inserted (reading
/// and evaluating happen before), so a wait this long means something is wrong.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether a store failure is the input's fault or the environment's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StoreErrorKind {
    /// The file is not a store casus can use: not SQLite, another application's
    /// database, a damaged store, a store of a newer casus (invalid input, exit status 1).
    Invalid,
    /// The store could not be used: missing, unreadable, busy for longer than
    /// [`BUSY_TIMEOUT`], the disk full (could not run, exit status 2).
    Failed,
}

/// A failure of the alert store, with the database's path.
#[derive(Debug)]
pub struct StoreError {
    /// The database file.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// Whose fault it is.
    pub kind: StoreErrorKind,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "alert database `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    fn invalid(path: &str, message: impl Into<String>) -> StoreError {
        StoreError { path: path.to_string(), message: message.into(), kind: StoreErrorKind::Invalid }
    }

    fn failed(path: &str, message: impl Into<String>) -> StoreError {
        StoreError { path: path.to_string(), message: message.into(), kind: StoreErrorKind::Failed }
    }

    /// An SQLite error, said in the store's terms.
    fn sqlite(path: &str, e: &rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                StoreError::invalid(path, "not an SQLite database (nor a casus alert store)")
            }
            Some(ErrorCode::DatabaseCorrupt) => StoreError::invalid(
                path,
                format!("the database is damaged ({e}); screen into a new file, or restore a copy"),
            ),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::failed(
                path,
                format!("another process held the store for more than {} s ({e})", BUSY_TIMEOUT.as_secs()),
            ),
            Some(ErrorCode::DiskFull) => {
                StoreError::failed(path, format!("the disk is full ({e}); the file being saved was not saved"))
            }
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                StoreError::failed(path, format!("cannot write to it ({e})"))
            }
            Some(ErrorCode::CannotOpen) => StoreError::failed(path, format!("cannot open it ({e})")),
            _ => StoreError::failed(path, e.to_string()),
        }
    }
}

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

/// How [`Store::save`] treats what a file gave before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaveMode {
    /// The alerts are everything the file gives (it was read whole and did not change
    /// while it was read): they replace the file's earlier alerts. Otherwise alerts are
    /// only added.
    pub whole: bool,
    /// Record the file as done (at the record's size and time), so it is skipped next
    /// time; off for incomplete reads and standard input.
    pub mark_done: bool,
    /// Save nothing if the file is recorded as done at the record's size and time by the
    /// time the write lock is held (another process screened it meanwhile).
    pub skip_if_done: bool,
}

/// What [`Store::save`] did with one file's alerts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Saved {
    /// Alerts new to the store.
    pub new: u64,
    /// Alerts already stored as they are.
    pub known: u64,
    /// Alerts of this file stored before that changed (updated).
    pub updated: u64,
    /// Alerts this file gave before and no longer gives (removed).
    pub withdrawn: u64,
}

/// An open alert database.
pub struct Store {
    conn: Connection,
    path: String,
}

const SCHEMA: &str = "
CREATE TABLE alerts (
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
CREATE INDEX alerts_date ON alerts(date);
CREATE TABLE alert_events (
    alert TEXT NOT NULL REFERENCES alerts(key),
    event INTEGER NOT NULL,
    PRIMARY KEY (alert, event)
) WITHOUT ROWID;
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    malformed INTEGER NOT NULL,
    incidents INTEGER NOT NULL,
    alerts_new INTEGER NOT NULL
);
";

/// Added to every store (and to stores of casus before the marker when adopted).
const MARK: &str = "
CREATE INDEX IF NOT EXISTS alerts_file ON alerts(file);
PRAGMA application_id = 1667330933;
PRAGMA user_version = 1;
";

/// Every column casus reads or writes, by table: a store lacking one is damaged.
const SHAPE: [(&str, &[&str]); 3] = [
    (
        "alerts",
        &[
            "key",
            "seq",
            "date",
            "actor",
            "target",
            "code",
            "label",
            "lat",
            "lon",
            "country",
            "evidence",
            "confidence",
            "sources",
            "articles",
            "commitments",
            "summary",
            "body",
            "file",
        ],
    ),
    ("alert_events", &["alert", "event"]),
    ("files", &["path", "size", "mtime", "lines", "malformed", "incidents", "alerts_new"]),
];

/// The tables of casus's schema.
const TABLES: [&str; 3] = [SHAPE[0].0, SHAPE[1].0, SHAPE[2].0];

/// What a database file holds, as far as the marker and its tables tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    /// A casus store with the marker.
    Casus,
    /// A store of casus before the marker: schema 1 and casus's tables.
    Unmarked,
    /// Nothing at all (a new or zero-length file).
    Empty,
}

/// Refuses anything but a regular file (or a symbolic link to one) — a directory, a FIFO,
/// a device — before SQLite opens it; `Ok(false)` when nothing is there.
fn regular(path: &Path, shown: &str) -> Result<bool, StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) if m.is_dir() => Err(StoreError::invalid(shown, "a directory, not a database file")),
        Ok(_) => Err(StoreError::invalid(shown, "not a regular file (a FIFO, socket or device)")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::failed(shown, format!("cannot read it: {e}"))),
    }
}

/// Reads the marker and the table names (a few header and schema reads; nothing written),
/// all from one snapshot of the file: read one at a time, they could straddle another
/// process creating the store, and see its tables without the marker it adds with them.
fn inspect(conn: &Connection, path: &str) -> Result<Found, StoreError> {
    if !conn.is_autocommit() {
        return inspect_snapshot(conn, path);
    }
    let err = |e: rusqlite::Error| StoreError::sqlite(path, &e);
    conn.execute_batch("BEGIN DEFERRED").map_err(err)?;
    let found = inspect_snapshot(conn, path);
    conn.execute_batch("COMMIT").map_err(err)?;
    found
}

/// [`inspect`] inside a transaction the caller holds.
fn inspect_snapshot(conn: &Connection, path: &str) -> Result<Found, StoreError> {
    let err = |e: rusqlite::Error| StoreError::sqlite(path, &e);
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(err)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .map_err(err)?;
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>().map_err(err)?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(err)?;
    if app == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            return Err(StoreError::invalid(
                path,
                format!("written by a newer casus (schema {version}; this casus reads schema {SCHEMA_VERSION})"),
            ));
        }
        if version < 1 {
            return Err(StoreError::invalid(path, "a damaged casus alert store: its schema version is missing"));
        }
        return Ok(Found::Casus);
    }
    let named = |tables: &[String]| {
        let mut s = tables.iter().take(5).map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        if tables.len() > 5 {
            s.push_str(&format!(" and {} more", tables.len() - 5));
        }
        s
    };
    if app != 0 {
        return Err(StoreError::invalid(
            path,
            format!(
                "another application's SQLite database (application_id {app:#010x}, not casus's {APPLICATION_ID:#010x}); \
                 casus does not add its tables to it: give --db a new file"
            ),
        ));
    }
    if objects == 0 && version == 0 {
        return Ok(Found::Empty);
    }
    if version == 1 && tables.iter().any(|t| TABLES.contains(&t.as_str())) {
        return Ok(Found::Unmarked);
    }
    let what = if tables.is_empty() { "no tables".to_string() } else { format!("tables {}", named(&tables)) };
    Err(StoreError::invalid(
        path,
        format!(
            "an SQLite database without casus's schema marker ({what}), probably another application's; \
             casus does not add its tables to it: give --db a new file"
        ),
    ))
}

/// Checks that every table and column casus uses is there (reads the schema only).
fn whole(conn: &Connection, path: &str) -> Result<(), StoreError> {
    let err = |e: rusqlite::Error| StoreError::sqlite(path, &e);
    let damaged = |what: String| {
        StoreError::invalid(
            path,
            format!("a damaged casus alert store: {what}; screen into a new file, or restore a copy"),
        )
    };
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)").map_err(err)?;
    for (table, columns) in SHAPE {
        let have: Vec<String> =
            stmt.query_map([table], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>().map_err(err)?;
        if have.is_empty() {
            return Err(damaged(format!("its table `{table}` is missing")));
        }
        let missing: Vec<String> =
            columns.iter().filter(|c| !have.iter().any(|h| h == *c)).map(|c| format!("`{c}`")).collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            return Err(damaged(format!("its table `{table}` lacks the column{s} {}", missing.join(", "))));
        }
    }
    Ok(())
}

impl Store {
    /// Opens the store at `path` for screening, creating it if missing (or if the file is
    /// empty), in WAL mode with full sync. Refuses, without writing to it, anything that
    /// is not a casus store (see the module's documentation).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let p = path.display().to_string();
        let err = |e: rusqlite::Error| StoreError::sqlite(&p, &e);
        regular(path, &p)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let found = inspect(&conn, &p)?;
        if found != Found::Empty {
            whole(&conn, &p)?;
        }
        // Only now, the file being ours or empty: WAL is a property of the file, and
        // setting it on a store that has it already writes nothing.
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).map_err(err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::failed(&p, format!("cannot use write-ahead logging here (journal mode `{mode}`)")));
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        if found != Found::Casus {
            // Two processes may create one store at once: decide again under the lock.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
            match inspect(&tx, &p)? {
                Found::Empty => tx.execute_batch(SCHEMA).map_err(err)?,
                Found::Unmarked => whole(&tx, &p)?,
                Found::Casus => {}
            }
            tx.execute_batch(MARK).map_err(err)?;
            tx.commit().map_err(err)?;
            whole(&conn, &p)?;
        }
        Ok(Store { conn, path: p })
    }

    /// Opens an existing store for reading only (`SQLITE_OPEN_READ_ONLY`): works on a
    /// read-only file or folder, never creates a store, never writes, never makes a
    /// writer wait.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let p = path.display().to_string();
        let err = |e: rusqlite::Error| StoreError::sqlite(&p, &e);
        if !regular(path, &p)? {
            return Err(StoreError::failed(&p, format!("no such file: run `casus screen FILE --db {p}` first")));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let mut found = inspect(&conn, &p);
        if let Err(e) = &found
            && e.kind == StoreErrorKind::Failed
            && !sidecar(path, "-shm")
        {
            // A WAL store in a folder this process cannot write to, with no `-shm` file:
            // SQLite cannot set up the shared memory a reader uses. No process has the
            // store open (every open connection keeps the `-shm` file), so the file is
            // read as it is — unless a killed writer left a log to recover.
            if sidecar(path, "-wal") {
                return Err(StoreError::failed(
                    &p,
                    "cannot be read from here: a process writing it was stopped and left its write-ahead \
                     log, and this folder is read-only; open it once where it can be written (`casus screen`) \
                     to recover it",
                ));
            }
            conn = Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI).map_err(err)?;
            found = inspect(&conn, &p);
        }
        match found? {
            Found::Empty => {
                return Err(StoreError::invalid(
                    &p,
                    "an empty database: it holds no alert store (nothing was screened)",
                ));
            }
            Found::Casus | Found::Unmarked => whole(&conn, &p)?,
        }
        Ok(Store { conn, path: p })
    }

    fn err(&self, e: &rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    /// Whether this file, at this size and modification time, was screened already.
    pub fn done(&self, path: &str, size: u64, mtime: i64) -> Result<bool, StoreError> {
        is_done(&self.conn, path, size, mtime).map_err(|e| self.err(&e))
    }

    /// Saves one file's alerts (and, if `mode.mark_done`, marks it done) in one `BEGIN
    /// IMMEDIATE` transaction. `None` when `mode.skip_if_done` and another process
    /// recorded the file meanwhile (nothing is written). Linear in the number of the
    /// file's alerts, old and new: each is one indexed lookup and at most one write.
    pub fn save(&mut self, file: &FileRecord, alerts: &[Alert], mode: SaveMode) -> Result<Option<Saved>, StoreError> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| StoreError::sqlite(&path, &e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        if mode.skip_if_done && is_done(&tx, &file.path, file.size, file.mtime).map_err(err)? {
            return Ok(None);
        }
        let mut saved = Saved::default();
        {
            let mut before: HashSet<String> = HashSet::new();
            if mode.whole {
                let mut stmt = tx.prepare_cached("SELECT key FROM alerts WHERE file = ?1").map_err(err)?;
                for k in stmt.query_map(params![file.path], |r| r.get::<_, String>(0)).map_err(err)? {
                    before.insert(k.map_err(err)?);
                }
            }
            let mut seq: i64 =
                tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM alerts", [], |r| r.get(0)).map_err(err)?;
            let mut find = tx.prepare_cached("SELECT file, body FROM alerts WHERE key = ?1").map_err(err)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO alerts (key, seq, date, actor, target, code, label, lat, lon, country, evidence,
                     confidence, sources, articles, commitments, summary, body, file)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                )
                .map_err(err)?;
            let mut update = tx
                .prepare_cached(
                    "UPDATE alerts SET date = ?2, actor = ?3, target = ?4, code = ?5, label = ?6, lat = ?7, lon = ?8,
                     country = ?9, evidence = ?10, confidence = ?11, sources = ?12, articles = ?13,
                     commitments = ?14, summary = ?15, body = ?16 WHERE key = ?1",
                )
                .map_err(err)?;
            let mut event =
                tx.prepare_cached("INSERT OR IGNORE INTO alert_events (alert, event) VALUES (?1, ?2)").map_err(err)?;
            let mut forget_events = tx.prepare_cached("DELETE FROM alert_events WHERE alert = ?1").map_err(err)?;
            let mut forget = tx.prepare_cached("DELETE FROM alerts WHERE key = ?1").map_err(err)?;
            for a in alerts {
                before.remove(&a.key);
                let body = serde_json::to_string(a).unwrap_or_default();
                let stored: Option<(String, String)> =
                    find.query_row(params![a.key], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(err)?;
                match stored {
                    None => {
                        seq += 1;
                        insert
                            .execute(params![
                                a.key,
                                seq,
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
                        saved.new += 1;
                    }
                    // Only a whole read of the file that gave an alert may change it.
                    Some((owner, old)) if mode.whole && owner == file.path && old != body => {
                        update
                            .execute(params![
                                a.key,
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
                                body
                            ])
                            .map_err(err)?;
                        forget_events.execute(params![a.key]).map_err(err)?;
                        saved.updated += 1;
                    }
                    Some(_) => {
                        saved.known += 1;
                        continue;
                    }
                }
                for id in &a.events {
                    event.execute(params![a.key, *id as i64]).map_err(err)?;
                }
            }
            // What a whole read no longer gives (sorted, so the work is reproducible).
            let mut gone: Vec<String> = before.into_iter().collect();
            gone.sort_unstable();
            for key in &gone {
                forget_events.execute(params![key]).map_err(err)?;
                forget.execute(params![key]).map_err(err)?;
                saved.withdrawn += 1;
            }
            if mode.mark_done {
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
                        saved.new as i64
                    ],
                )
                .map_err(err)?;
            } else {
                // Not done: a record left by an earlier complete read no longer holds.
                tx.execute("DELETE FROM files WHERE path = ?1", params![file.path]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(Some(saved))
    }

    /// Every alert on or after `since` (`YYYY-MM-DD`), in date order.
    pub fn alerts(&self, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM alerts WHERE date >= ?1 ORDER BY date, key")
            .map_err(|e| self.err(&e))?;
        let rows = stmt.query_map(params![since.unwrap_or("")], |r| r.get::<_, String>(0)).map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for body in rows {
            let body = body.map_err(|e| self.err(&e))?;
            out.push(serde_json::from_str(&body).map_err(|e| {
                StoreError::invalid(
                    &self.path,
                    format!("a damaged casus alert store: a stored alert does not read back: {e}"),
                )
            })?);
        }
        Ok(out)
    }
}

/// Whether SQLite's file beside the store (`-wal`, `-shm`) exists and is not empty.
fn sidecar(path: &Path, suffix: &str) -> bool {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::fs::metadata(name).is_ok_and(|m| m.len() > 0)
}

/// `file:…?immutable=1` for a path, every byte outside the URI's unreserved characters
/// and `/` percent-encoded (so `?`, `#` and `%` in a name stay part of it).
fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &b in abs.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn is_done(conn: &Connection, path: &str, size: u64, mtime: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM files WHERE path = ?1 AND size = ?2 AND mtime = ?3",
        params![path, size as i64, mtime],
        |r| r.get::<_, i64>(0),
    )
    .optional()
    .map(|f| f.is_some())
}
