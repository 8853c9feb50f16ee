//! Target (d), the GDELT reader: arbitrary bytes as an event file — plain, as a `.gz` or a
//! `.zip` name (so the decompressors see garbage), or compressed by the target into a
//! real `.gz` — read with `casus screen`'s thresholds taken from the input, deduplicated,
//! evaluated into alerts against the built-in library and saved to an in-memory store that
//! must give back exactly the alerts saved.
//!
//! Input: one byte for the form and the settings, then the file.

use std::collections::BTreeMap;
use std::io::Write;

use casus_screen::read::{Filter, read};
use casus_screen::{FileRecord, SaveMode, Store, alert, dedup};

use crate::common;

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let Some((&head, body)) = data.split_first() else { return };
    let dir = common::scratch("read_gdelt");
    let (name, bytes) = match head & 3 {
        0 => ("events.CSV", body.to_vec()),
        1 => ("events.CSV.gz", body.to_vec()),
        2 => ("events.zip", body.to_vec()),
        _ => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(body).unwrap_or_else(|e| panic!("gzip in memory: {e}"));
            ("events.export.CSV.gz", gz.finish().unwrap_or_else(|e| panic!("gzip in memory: {e}")))
        }
    };
    let path = dir.join(name);
    common::write(&path, &bytes);
    let path = path.to_string_lossy().into_owned();
    let filter = Filter { min_sources: u32::from(head >> 3 & 3), unattributed: head & 4 != 0 };
    let window_hours = [24, 0, 1, u32::MAX][usize::from(head >> 5 & 3)];
    let (candidates, stats) = match read(&path, filter) {
        Ok(r) => r,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    // The counts add up, and the lines reported are lines of the file.
    assert!(stats.malformed <= stats.lines, "{stats:?}");
    assert!(stats.first_malformed.len() as u64 <= stats.malformed.min(5), "{stats:?}");
    if head & 3 == 0 {
        let lines = body.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert!(stats.lines <= lines, "{} lines read from a file of {lines}", stats.lines);
        for m in &stats.first_malformed {
            assert!((1..=lines).contains(&m.line), "malformed line {} of {lines}", m.line);
        }
    }
    assert!(
        stats.no_target + stats.weak_evidence + stats.domestic + candidates.len() as u64 <= stats.conflict,
        "{stats:?}"
    );
    let _ = serde_json::to_string(&stats).unwrap_or_else(|e| panic!("stats do not serialise: {e}"));
    let events = candidates.len();
    let dedup::Deduped { incidents, repeated_ids } = dedup::dedup(candidates, window_hours);
    let grouped: usize = incidents.iter().map(|i| i.events.len()).sum();
    assert_eq!(grouped as u64 + repeated_ids, events as u64, "deduplication lost or invented events");
    let alerts = alert::alerts(&common::builtin().library, &incidents);
    // A fresh store for each input (the store wants a file: it keeps a write-ahead log).
    let db = dir.join("alerts.db");
    for f in ["alerts.db", "alerts.db-wal", "alerts.db-shm"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let mut store = Store::open(&db).unwrap_or_else(|e| panic!("store: {e}"));
    let record = FileRecord {
        path: path.clone(),
        size: bytes.len() as u64,
        mtime: 0,
        lines: stats.lines,
        malformed: stats.malformed,
        incidents: incidents.len() as u64,
        alerts_new: 0,
    };
    let whole = SaveMode { whole: true, mark_done: true, skip_if_done: false };
    let saved = store.save(&record, &alerts, whole).unwrap_or_else(|e| panic!("saving alerts: {e}"));
    let new = saved.map_or(0, |s| s.new);
    let mut first = BTreeMap::new();
    for a in &alerts {
        first.entry(a.key.clone()).or_insert(a);
    }
    assert_eq!(new, first.len() as u64, "alerts saved: one per key");
    let stored = store.alerts(None).unwrap_or_else(|e| panic!("listing alerts: {e}"));
    assert_eq!(stored.len(), first.len(), "the store gives back a different number of alerts");
    for s in &stored {
        assert!(first.get(&s.key).is_some_and(|a| **a == *s), "alert `{}` reads back changed", s.key);
    }
    // Screening the same file again adds nothing.
    let again = store.save(&record, &alerts, whole).unwrap_or_else(|e| panic!("saving alerts: {e}"));
    assert_eq!(again.map_or(0, |s| s.new), 0, "the same alerts saved twice");
}
