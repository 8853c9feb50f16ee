//! `casus screen-dyads`: events against defence pacts, at the speed of splitting the file.
//!
//! For every material-conflict event (CAMEO root 18, 19 or 20) with at least two sources
//! whose target state has defence allies that year — third states, not the attacker —
//! one row: `event_id,sqldate,attacker,target,ally_count`. This is workload W2 of
//! `shared/bench/SYNTHETIC.md`; its DuckDB and polars references produce the same bytes.
//!
//! The events file is cut into ranges read in parallel with positional reads (no shared
//! cursor, no memory map), lines are split only up to the last field needed, and allies
//! come from a `(state, year) → allies` table built from a directed dyad-year file.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;

use rayon::prelude::*;

/// One output row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    /// GLOBALEVENTID.
    pub event_id: u64,
    /// SQLDATE.
    pub sqldate: u32,
    /// Actor1CountryCode as written (may be empty).
    pub attacker: Box<str>,
    /// Actor2CountryCode as written.
    pub target: Box<str>,
    /// Defence allies of the target that year, other than the attacker.
    pub ally_count: u32,
}

/// An input that could not be used, with its place.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// CAMEO code → state number (`cameo,ccode`).
pub fn crosswalk(path: &str) -> Result<HashMap<Box<[u8]>, u16>, InputError> {
    let text = std::fs::read(path).map_err(|e| InputError(format!("cannot read `{path}`: {e}")))?;
    let mut out = HashMap::new();
    for (n, line) in text.split(|&b| b == b'\n').enumerate().skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some(comma) = memchr::memchr(b',', line) else {
            return Err(InputError(format!("{path}:{}: expected `cameo,ccode`", n + 1)));
        };
        let ccode = crate::gdelt::uint(&line[comma + 1..])
            .and_then(|c| u16::try_from(c).ok())
            .ok_or_else(|| InputError(format!("{path}:{}: `ccode` is not a state number", n + 1)))?;
        out.insert(line[..comma].into(), ccode);
    }
    Ok(out)
}

/// `(state, year) → defence allies` from a directed dyad-year CSV with columns `ccode1`,
/// `ccode2` (or `stateA`, `stateB`, as `casus dyads` writes them), `year` and `defense`
/// (any order; others ignored).
pub fn allies(path: &str) -> Result<HashMap<(u16, u16), Vec<u16>>, InputError> {
    let text = std::fs::read(path).map_err(|e| InputError(format!("cannot read `{path}`: {e}")))?;
    let mut lines = text.split(|&b| b == b'\n');
    let header = lines.next().unwrap_or_default();
    let header = header.strip_suffix(b"\r").unwrap_or(header);
    let names: Vec<&[u8]> = header.split(|&b| b == b',').collect();
    let col = |name: &str| {
        names
            .iter()
            .position(|n| *n == name.as_bytes())
            .ok_or_else(|| InputError(format!("{path}:1: no column `{name}`")))
    };
    // `casus dyads` and ATOP's own file name the states `stateA`, `stateB`; W2's input
    // `ccode1`, `ccode2`.
    let either = |a: &str, b: &str| {
        col(a).or_else(|_| col(b)).map_err(|_| InputError(format!("{path}:1: no column `{a}` (or `{b}`)")))
    };
    let (c1, c2, y, d) = (either("ccode1", "stateA")?, either("ccode2", "stateB")?, col("year")?, col("defense")?);
    let mut out: HashMap<(u16, u16), Vec<u16>> = HashMap::new();
    let mut fields: Vec<&[u8]> = Vec::with_capacity(names.len());
    for (n, line) in lines.enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        fields.clear();
        fields.extend(line.split(|&b| b == b','));
        let get = |i: usize| fields.get(i).and_then(|f| crate::gdelt::uint(f));
        let (Some(a), Some(b), Some(year), Some(def)) = (get(c1), get(c2), get(y), get(d)) else {
            return Err(InputError(format!(
                "{path}:{}: a row without numbers in ccode1, ccode2, year, defense",
                n + 2
            )));
        };
        if def == 1 {
            out.entry((a as u16, year as u16)).or_default().push(b as u16);
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    Ok(out)
}

/// Bytes per range read by one task.
const RANGE: u64 = 16 << 20;

/// Screens the events file; rows come back sorted by event id.
pub fn screen(
    events: &str,
    crosswalk: &HashMap<Box<[u8]>, u16>,
    allies: &HashMap<(u16, u16), Vec<u16>>,
) -> Result<Vec<Row>, InputError> {
    let file = File::open(events).map_err(|e| InputError(format!("cannot read `{events}`: {e}")))?;
    let len = file.metadata().map_err(|e| InputError(format!("cannot read `{events}`: {e}")))?.len();
    let ranges: Vec<u64> = (0..len.div_ceil(RANGE)).collect();
    let parts: Result<Vec<Vec<Row>>, InputError> = ranges
        .par_iter()
        .map_init(Vec::new, |buf: &mut Vec<u8>, &k| {
            let start = k * RANGE;
            let end = (start + RANGE).min(len);
            read_range(&file, start, end, len, buf).map_err(|e| InputError(format!("cannot read `{events}`: {e}")))?;
            Ok(scan(buf, start == 0, crosswalk, allies))
        })
        .collect();
    let mut rows: Vec<Row> = parts?.into_iter().flatten().collect();
    rows.sort_unstable_by_key(|r| r.event_id);
    Ok(rows)
}

/// Reads `start..end` plus the rest of the line that crosses `end`, and one byte before
/// `start` so the scan knows whether the range starts on a line.
fn read_range(file: &File, start: u64, end: u64, len: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let from = start.saturating_sub(1);
    buf.clear();
    buf.resize((end - from) as usize, 0);
    file.read_exact_at(buf, from)?;
    let mut at = end;
    while at < len && buf.last() != Some(&b'\n') {
        let more = 4096.min(len - at) as usize;
        let have = buf.len();
        buf.resize(have + more, 0);
        file.read_exact_at(&mut buf[have..], at)?;
        at += more as u64;
        if let Some(i) = memchr::memchr(b'\n', &buf[have..]) {
            buf.truncate(have + i + 1);
            break;
        }
    }
    Ok(())
}

/// Scans the lines that start in this range (`buf` begins one byte early unless `first`).
fn scan(
    buf: &[u8],
    first: bool,
    crosswalk: &HashMap<Box<[u8]>, u16>,
    allies: &HashMap<(u16, u16), Vec<u16>>,
) -> Vec<Row> {
    let mut pos = if first {
        0
    } else if buf.first() == Some(&b'\n') {
        1
    } else {
        memchr::memchr(b'\n', buf).map_or(buf.len(), |i| i + 1)
    };
    let mut out = Vec::new();
    // Positions of the fields needed: 0 id, 1 date, 7 actor1, 17 actor2, 28 root, 32 sources.
    let mut f: [&[u8]; 33] = [&[]; 33];
    while pos < buf.len() {
        // One pass: the first 33 fields byte by byte (they are short, so a plain loop beats
        // a vectorised search per tab), then a vectorised search for the end of the line.
        let mut n = 0;
        let mut s = pos;
        let mut i = pos;
        let mut at_newline = false;
        while i < buf.len() {
            match buf[i] {
                b'\t' => {
                    f[n] = &buf[s..i];
                    n += 1;
                    s = i + 1;
                    if n == 33 {
                        break;
                    }
                }
                b'\n' => {
                    at_newline = true;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let line_end = if at_newline { i } else { memchr::memchr(b'\n', &buf[i..]).map_or(buf.len(), |k| i + k) };
        pos = line_end + 1;
        if n < 33 {
            continue;
        }
        if !matches!(f[28], b"18" | b"19" | b"20") {
            continue;
        }
        if crate::gdelt::uint(f[32]).is_none_or(|s| s < 2) {
            continue;
        }
        let Some(&tgt) = crosswalk.get(f[17]) else { continue };
        let Some(date) = crate::gdelt::uint(f[1]) else { continue };
        let Some(list) = allies.get(&(tgt, (date / 10_000) as u16)) else { continue };
        let att = crosswalk.get(f[7]);
        let count = list.len() - att.map_or(0, |a| usize::from(list.binary_search(a).is_ok()));
        if count == 0 {
            continue;
        }
        let Some(id) = crate::gdelt::uint(f[0]) else { continue };
        out.push(Row {
            event_id: id,
            sqldate: date as u32,
            attacker: String::from_utf8_lossy(f[7]).into(),
            target: String::from_utf8_lossy(f[17]).into(),
            ally_count: count as u32,
        });
    }
    out
}

/// Writes the rows as W2's CSV.
pub fn write_csv(rows: &[Row], out: &mut impl Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
    w.write_all(b"event_id,sqldate,attacker,target,ally_count\n")?;
    for r in rows {
        writeln!(w, "{},{},{},{},{}", r.event_id, r.sqldate, r.attacker, r.target, r.ally_count)?;
    }
    w.flush()
}
