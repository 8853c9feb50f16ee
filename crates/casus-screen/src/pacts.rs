//! `casus screen-dyads`: events against defence pacts, at the speed of splitting the file.
//!
//! For every material-conflict event (CAMEO root 18, 19 or 20) with at least two sources
//! whose target state has defence allies that year — third states, not the attacker —
//! one row: `event_id,sqldate,attacker,target,ally_count`. This is workload W2 of
//! `shared/bench/SYNTHETIC.md`; its DuckDB and polars references produce the same bytes.
//!
//! A plain events file is cut into ranges read in parallel with positional reads (no shared
//! cursor, no memory map), lines are split only up to the last field needed (the rest of
//! the line is only counted, for its number of fields), and allies come from a
//! `(state, year) → allies` table built from a directed dyad-year file. A gzip or zip file
//! (told by its first bytes) is decompressed as a stream, in blocks scanned in parallel.
//!
//! Nothing is lost in silence: a line that is no GDELT event (another number of fields than
//! 57, 58 or 61, an SQLDATE or event id that is no number) is counted as malformed and the
//! first few are listed with their numbers ([`Screened::warnings`]); a line longer than
//! [`MAX_LINE`] or holding a NUL byte is an error naming it; a dyads file with no row, or an
//! events file none of whose lines is an event, is an error (an empty one is a warning). Memory is bounded by the ranges in flight and the
//! tables, whatever the lines.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use casus_core::load::input::{self, Lines, MAX_LINE};
use rayon::prelude::*;

use crate::read::{self, Compression, Malformed, Reading};

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

impl From<input::InputError> for InputError {
    fn from(e: input::InputError) -> Self {
        InputError(match e.help() {
            Some(h) => format!("{e}\n  help: {h}"),
            None => e.to_string(),
        })
    }
}

/// The lines of a small CSV file given by path (a regular file only), each capped.
fn csv_lines(path: &str) -> Result<Lines<BufReader<File>>, InputError> {
    let (file, _) = input::open(Path::new(path))?;
    Ok(Lines::new(BufReader::new(file), Some(Path::new(path))))
}

/// CAMEO code → state number (`cameo,ccode`, with a header line); a file with no row is an
/// error.
pub fn crosswalk(path: &str) -> Result<HashMap<Box<[u8]>, u16>, InputError> {
    let mut lines = csv_lines(path)?;
    let mut out = HashMap::new();
    let mut header = true;
    while let Some((n, line)) = lines.next_line()? {
        if std::mem::take(&mut header) {
            continue;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some(comma) = memchr::memchr(b',', line) else {
            return Err(InputError(format!("{path}:{n}: expected `cameo,ccode`")));
        };
        let ccode = crate::gdelt::uint(&line[comma + 1..])
            .and_then(|c| u16::try_from(c).ok())
            .ok_or_else(|| InputError(format!("{path}:{n}: `ccode` is not a state number")))?;
        out.insert(line[..comma].into(), ccode);
    }
    if out.is_empty() {
        return Err(InputError(format!(
            "{path}: no row under the header line: no CAMEO code maps to a state, so no event could match"
        )));
    }
    Ok(out)
}

/// The defence allies of each state and year, from a directed dyad-year file.
#[derive(Clone, Debug, Default)]
pub struct Allies {
    /// `(state, year) → defence allies`, ascending.
    pub map: HashMap<(u16, u16), Vec<u16>>,
    /// Dyad-year rows read.
    pub rows: u64,
    /// The file.
    pub path: String,
}

impl Allies {
    /// The allies of `state` in `year`.
    pub fn get(&self, state: u16, year: u16) -> Option<&Vec<u16>> {
        self.map.get(&(state, year))
    }

    /// What the user should be told: a file with rows but no defence pact.
    pub fn warnings(&self) -> Vec<String> {
        if self.map.is_empty() {
            vec![format!(
                "{}: none of its {} dyad-years has `defense` = 1: no event can have a defence ally",
                self.path, self.rows
            )]
        } else {
            Vec::new()
        }
    }
}

/// `(state, year) → defence allies` from a directed dyad-year CSV with columns `ccode1`,
/// `ccode2` (or `stateA`, `stateB`, as `casus dyads` writes them), `year` and `defense`
/// (any order; others ignored). Streamed a line at a time; a file with a header and no row
/// is an error.
pub fn allies(path: &str) -> Result<Allies, InputError> {
    let mut lines = csv_lines(path)?;
    let header = lines.next_line()?.map_or(&[][..], |(_, h)| h);
    let header = header.strip_suffix(b"\r").unwrap_or(header);
    let names: Vec<Vec<u8>> = header.split(|&b| b == b',').map(<[u8]>::to_vec).collect();
    let col = |name: &str| {
        names
            .iter()
            .position(|n| n == name.as_bytes())
            .ok_or_else(|| InputError(format!("{path}:1: no column `{name}`")))
    };
    // `casus dyads` and ATOP's own file name the states `stateA`, `stateB`; W2's input
    // `ccode1`, `ccode2`.
    let either = |a: &str, b: &str| {
        col(a).or_else(|_| col(b)).map_err(|_| InputError(format!("{path}:1: no column `{a}` (or `{b}`)")))
    };
    let (c1, c2, y, d) = (either("ccode1", "stateA")?, either("ccode2", "stateB")?, col("year")?, col("defense")?);
    let mut out = Allies { path: path.to_string(), ..Allies::default() };
    let wanted = [c1, c2, y, d];
    while let Some((n, line)) = lines.next_line()? {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        // The four cells needed, in one pass over the line.
        let mut cells = [None; 4];
        for (i, field) in line.split(|&b| b == b',').enumerate() {
            for (k, &w) in wanted.iter().enumerate() {
                if w == i {
                    cells[k] = crate::gdelt::uint(field);
                }
            }
        }
        let [Some(a), Some(b), Some(year), Some(def)] = cells else {
            return Err(InputError(format!("{path}:{n}: a row without numbers in ccode1, ccode2, year, defense")));
        };
        // State numbers and years are 16-bit here, as in COW: a larger one is refused by name,
        // never wrapped round (70290 would be read as 4754).
        let small = |v: u64, what: &str| {
            u16::try_from(v).map_err(|_| InputError(format!("{path}:{n}: {what} {v} is past {}", u16::MAX)))
        };
        let (a, b, year) = (small(a, "state number")?, small(b, "state number")?, small(year, "year")?);
        out.rows += 1;
        if def == 1 {
            out.map.entry((a, year)).or_default().push(b);
        }
    }
    if out.rows == 0 {
        return Err(InputError(format!(
            "{path}: a header line and no dyad-year row: there is nothing to screen the events against"
        )));
    }
    for v in out.map.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    Ok(out)
}

/// What screening the events file gave: the rows, and what could not be read.
#[derive(Clone, Debug)]
pub struct Screened {
    /// The output rows, by event id.
    pub rows: Vec<Row>,
    /// Lines read (not blank).
    pub lines: u64,
    /// Lines that are no GDELT event.
    pub malformed: u64,
    /// The first few of those, by line.
    pub first_malformed: Vec<Malformed>,
    /// How the file was stored.
    pub compression: Compression,
}

/// How many malformed lines are listed by number.
const FIRST: usize = 5;

impl Screened {
    /// What the user should be told about the events file `events`: each of the first
    /// malformed lines, and how many there were.
    pub fn warnings(&self, events: &str) -> Vec<String> {
        let misnamed = self.compression.misnamed(events).map(|n| format!("{events}: {n}"));
        if self.lines == 0 {
            return misnamed.into_iter().chain([format!("`{events}` holds no line: nothing screened")]).collect();
        }
        let mut out: Vec<String> = misnamed.into_iter().collect();
        out.extend(self.first_malformed.iter().map(|m| format!("{events}:{}: {}; line skipped", m.line, m.reason)));
        if self.malformed > 0 {
            out.push(format!(
                "{events}: {} of {} lines skipped as malformed{}",
                self.malformed,
                self.lines,
                if self.malformed > FIRST as u64 { format!(" (the first {FIRST} are listed)") } else { String::new() }
            ));
        }
        out
    }
}

/// Bytes per range read by one task.
const RANGE: u64 = 16 << 20;

/// Screens the events file (a regular file, plain, gzip or zip); rows come back sorted by
/// event id. A file whose lines are all malformed is an error; an empty file gives no
/// rows (and a warning, from [`Screened::warnings`]).
pub fn screen(events: &str, crosswalk: &HashMap<Box<[u8]>, u16>, allies: &Allies) -> Result<Screened, InputError> {
    let (file, compression) = read::open(events).map_err(|e| match e.get_ref() {
        // The checked opener's own message names the path and what it is.
        Some(inner) if inner.is::<input::InputError>() => InputError(inner.to_string()),
        _ => InputError(format!("cannot read `{events}`: {e}")),
    })?;
    let mut part = match compression {
        Compression::Plain => screen_plain(events, &file, crosswalk, allies)?,
        Compression::Gzip => screen_stream(events, flate2::read::MultiGzDecoder::new(file), crosswalk, allies)?,
        Compression::Zip => {
            let mut archive = zip::ZipArchive::new(file).map_err(|e| {
                InputError(format!("`{events}` starts as a zip archive but cannot be read as one: {e}"))
            })?;
            let mut all = Part::default();
            for i in 0..archive.len() {
                let entry = archive.by_index(i).map_err(|e| InputError(format!("`{events}`, zip entry {i}: {e}")))?;
                let name = format!("{events} ({})", entry.name());
                let p = screen_stream(&name, entry, crosswalk, allies)?;
                all.rows.extend(p.rows);
                all.lines += p.lines;
                all.malformed += p.malformed;
                all.first.extend(p.first);
            }
            all.first.truncate(FIRST);
            all
        }
    };
    // An empty file is screened (no rows, a warning); a file with lines none of which is an
    // event is the wrong file.
    if part.lines > 0 && part.malformed == part.lines {
        let why =
            part.first.first().map_or(String::new(), |m| format!("; the first, {events}:{}: {}", m.line, m.reason));
        let what = if part.lines == 1 {
            format!("the one line of `{events}` is no GDELT event")
        } else {
            format!("none of the {} lines of `{events}` is a GDELT event", part.lines)
        };
        return Err(InputError(format!("{what}{why}")));
    }
    part.rows.sort_unstable_by_key(|r| r.event_id);
    Ok(Screened {
        rows: part.rows,
        lines: part.lines,
        malformed: part.malformed,
        first_malformed: part.first,
        compression,
    })
}

/// A plain file, in ranges read in parallel; line numbers come from the number of lines each
/// range starts, summed in order.
fn screen_plain(
    events: &str,
    file: &File,
    crosswalk: &HashMap<Box<[u8]>, u16>,
    allies: &Allies,
) -> Result<Part, InputError> {
    let len = file.metadata().map_err(|e| InputError(format!("cannot read `{events}`: {e}")))?.len();
    let ranges: Vec<u64> = (0..len.div_ceil(RANGE)).collect();
    // The first range known to stop the read: ranges after it are not read at all, so a
    // file that is no event file (2 GB of NULs) is refused after its first range, not after
    // all of it. The ranges before it still are, for the line number.
    let stop_at = AtomicU64::new(u64::MAX);
    let parts: Result<Vec<Part>, InputError> = ranges
        .par_iter()
        .map_init(Vec::new, |buf: &mut Vec<u8>, &k| {
            if k > stop_at.load(Ordering::Relaxed) {
                return Ok(Part::default());
            }
            let start = k * RANGE;
            let end = (start + RANGE).min(len);
            let at_eof = read_range(file, start, end, len, buf)
                .map_err(|e| InputError(format!("cannot read `{events}`: {e}")))?;
            let part = scan(buf, start == 0, at_eof, crosswalk, allies);
            if part.stop.is_some() {
                stop_at.fetch_min(k, Ordering::Relaxed);
            }
            Ok(part)
        })
        .collect();
    let mut total = Part::default();
    let mut base = 0;
    for mut p in parts? {
        p.renumber(base);
        base += p.numbered;
        if let Some((line, why)) = p.stop {
            return Err(InputError(format!("{events}:{line}: {why}")));
        }
        total.absorb(p);
    }
    Ok(total)
}

/// A decompressed stream, in blocks of whole lines scanned in parallel, batch by batch.
fn screen_stream(
    name: &str,
    mut r: impl Read + Send,
    crosswalk: &HashMap<Box<[u8]>, u16>,
    allies: &Allies,
) -> Result<Part, InputError> {
    let batch = rayon::current_num_threads().max(1) * 2;
    let mut state = Reading::default();
    let mut total = Part::default();
    loop {
        let blocks = state.batch(&mut r, batch);
        if blocks.is_empty() {
            break;
        }
        let parts: Vec<Part> = blocks
            .par_iter()
            .map(|(b, first)| {
                let mut p = scan(b, true, true, crosswalk, allies);
                p.renumber(first - 1);
                p
            })
            .collect();
        for p in parts {
            if let Some((line, why)) = p.stop {
                return Err(InputError(format!("{name}:{line}: {why}")));
            }
            total.absorb(p);
        }
    }
    if let Some(line) = state.long_line {
        return Err(InputError(format!("{name}:{line}: {}", long())));
    }
    if let Some(e) = state.error {
        return Err(InputError(format!("{name}: {e} (after line {})", state.next_line.saturating_sub(1))));
    }
    Ok(total)
}

/// Reads `start..end` plus the rest of the line that crosses `end` (at most [`MAX_LINE`]
/// more bytes), and one byte before `start` so the scan knows whether the range starts on
/// a line. Returns whether the buffer reaches the end of the file.
fn read_range(file: &File, start: u64, end: u64, len: u64, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let from = start.saturating_sub(1);
    buf.clear();
    buf.resize((end - from) as usize, 0);
    file.read_exact_at(buf, from)?;
    let mut at = end;
    while at < len && buf.last() != Some(&b'\n') && at - end <= MAX_LINE as u64 {
        let more = 4096.min(len - at) as usize;
        let have = buf.len();
        buf.resize(have + more, 0);
        file.read_exact_at(&mut buf[have..], at)?;
        at += more as u64;
        if let Some(i) = memchr::memchr(b'\n', &buf[have..]) {
            buf.truncate(have + i + 1);
            return Ok(false);
        }
    }
    Ok(at >= len)
}

/// What one range or block gave.
#[derive(Default)]
struct Part {
    rows: Vec<Row>,
    /// Lines that start in the range, blank ones too (for numbering the next range).
    numbered: u64,
    /// Lines read (not blank).
    lines: u64,
    malformed: u64,
    /// The first malformed lines (numbered within the range until renumbered).
    first: Vec<Malformed>,
    /// The line at which the file must not be read on, and why.
    stop: Option<(u64, String)>,
}

impl Part {
    /// Makes the line numbers the file's own: `base` lines come before the range.
    fn renumber(&mut self, base: u64) {
        for m in &mut self.first {
            m.line += base;
        }
        if let Some((line, _)) = &mut self.stop {
            *line += base;
        }
    }

    fn absorb(&mut self, other: Part) {
        self.rows.extend(other.rows);
        self.numbered += other.numbered;
        self.lines += other.lines;
        self.malformed += other.malformed;
        let room = FIRST.saturating_sub(self.first.len());
        self.first.extend(other.first.into_iter().take(room));
    }

    fn note(&mut self, line: u64, reason: String) {
        self.malformed += 1;
        if self.first.len() < FIRST {
            self.first.push(Malformed { line, reason });
        }
    }
}

/// Why a line stops the read: too long.
fn long() -> String {
    format!(
        "the line is longer than {}, the most casus reads in one line: not a GDELT event file",
        input::size(MAX_LINE as u64)
    )
}

/// From `at` (just after a tab, or at the end of `buf`): the position of the next newline and
/// the tabs before it, in one pass of 32-byte blocks that the compiler vectorises (a
/// newline search and a tab count in two passes cost a third more on W2).
fn rest_of_line(buf: &[u8], at: usize) -> (Option<usize>, usize) {
    let mut tabs = 0usize;
    let mut i = at + 1;
    if at >= buf.len() {
        return (None, 0);
    }
    while let Some(block) = buf.get(i..i + 32) {
        let (newlines, t) =
            block.iter().fold((0u8, 0u8), |(n, t), &b| (n | u8::from(b == b'\n'), t + u8::from(b == b'\t')));
        if newlines != 0 {
            break;
        }
        tabs += usize::from(t);
        i += 32;
    }
    while i < buf.len() {
        match buf[i] {
            b'\n' => return (Some(i), tabs),
            b'\t' => tabs += 1,
            _ => {}
        }
        i += 1;
    }
    (None, tabs)
}

/// Scans the lines that start in this range (`buf` begins one byte early unless `first`);
/// `at_eof` says whether `buf` reaches the end of the input, so that a last line without a
/// newline is complete rather than cut at the cap. Lines are numbered from 1 within the
/// range. Linear in the bytes of the range.
fn scan(buf: &[u8], first: bool, at_eof: bool, crosswalk: &HashMap<Box<[u8]>, u16>, allies: &Allies) -> Part {
    let mut pos = if first {
        0
    } else if buf.first() == Some(&b'\n') {
        1
    } else {
        memchr::memchr(b'\n', buf).map_or(buf.len(), |i| i + 1)
    };
    let mut part = Part::default();
    // Binary data is no event file: the line holding the first NUL stops the read.
    let nul = read::before_nul(&buf[pos.min(buf.len())..]).map(|i| pos + i);
    let end_at = nul.unwrap_or(buf.len());
    // Positions of the fields needed: 0 id, 1 date, 7 actor1, 17 actor2, 28 root, 32 sources.
    let mut f: [&[u8]; 33] = [&[]; 33];
    while pos < end_at {
        part.numbered += 1;
        let line_no = part.numbered;
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
        let (newline, rest_tabs) = if at_newline { (Some(i), 0) } else { rest_of_line(buf, i) };
        let line_end = newline.unwrap_or(buf.len());
        if line_end - pos > MAX_LINE || (newline.is_none() && !at_eof) {
            part.stop = Some((line_no, long()));
            return part;
        }
        let line_start = pos;
        pos = line_end + 1;
        let line = &buf[line_start..line_end];
        if line.is_empty() || line == b"\r" {
            continue;
        }
        part.lines += 1;
        // Every field counted, so a line of 1,000 fields is not taken for an event.
        let fields = if n < 33 { n + 1 } else { 34 + rest_tabs };
        if !matches!(fields, 57 | 58 | 61) {
            part.note(line_no, format!("{fields} fields; GDELT event files have 57, 58 or 61"));
            continue;
        }
        if !matches!(f[28], b"18" | b"19" | b"20") {
            continue;
        }
        if crate::gdelt::uint(f[32]).is_none_or(|s| s < 2) {
            continue;
        }
        let Some(&tgt) = crosswalk.get(f[17]) else { continue };
        let Some(date) = crate::gdelt::uint(f[1]) else {
            part.note(line_no, format!("SQLDATE `{}` is not a date", String::from_utf8_lossy(f[1])));
            continue;
        };
        let Some(list) = allies.get(tgt, (date / 10_000) as u16) else { continue };
        let att = crosswalk.get(f[7]);
        let count = list.len() - att.map_or(0, |a| usize::from(list.binary_search(a).is_ok()));
        if count == 0 {
            continue;
        }
        let Some(id) = crate::gdelt::uint(f[0]) else {
            part.note(line_no, format!("GLOBALEVENTID `{}` is not a number", String::from_utf8_lossy(f[0])));
            continue;
        };
        part.rows.push(Row {
            event_id: id,
            sqldate: date as u32,
            attacker: String::from_utf8_lossy(f[7]).into(),
            target: String::from_utf8_lossy(f[17]).into(),
            ally_count: count as u32,
        });
    }
    if nul.is_some() {
        let line_no = part.numbered + 1;
        part.stop = Some((line_no, "the line holds a NUL byte: binary data, not a GDELT event file".to_string()));
    }
    part
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_of_a_line_is_counted_in_blocks_and_bytes_alike() {
        // Lines of every length around the 32-byte block, with tabs everywhere.
        for len in 0..100 {
            let mut buf = b"\t".to_vec();
            buf.extend((0..len).map(|i| if i % 3 == 0 { b'\t' } else { b'a' }));
            let tabs = buf[1..].iter().filter(|&&b| b == b'\t').count();
            assert_eq!(rest_of_line(&buf, 0), (None, tabs), "{len}");
            buf.extend(b"\nx\tx");
            assert_eq!(rest_of_line(&buf, 0), (Some(len + 1), tabs), "{len}");
        }
        assert_eq!(rest_of_line(b"", 0), (None, 0));
    }

    fn allies() -> Allies {
        let mut map = HashMap::new();
        map.insert((290, 2025), vec![368]);
        Allies { map, rows: 1, path: "d.csv".into() }
    }

    fn event(fields: usize) -> String {
        let mut f = vec![String::new(); fields];
        f[0] = "7".into();
        f[1] = "20250910".into();
        f[7] = "RUS".into();
        f[17] = "POL".into();
        f[28] = "19".into();
        f[32] = "3".into();
        f.join("\t")
    }

    #[test]
    fn only_lines_of_a_gdelt_width_are_events() {
        let xw: HashMap<Box<[u8]>, u16> = [(b"POL".to_vec().into_boxed_slice(), 290u16)].into_iter().collect();
        for (fields, rows) in [(57, 1), (58, 1), (61, 1), (59, 0), (33, 0), (34, 0), (1000, 0)] {
            let text = event(fields) + "\n";
            let part = scan(text.as_bytes(), true, true, &xw, &allies());
            assert_eq!((part.rows.len(), part.malformed), (rows, 1 - rows as u64), "{fields} fields");
            if rows == 0 {
                assert_eq!(part.first[0].reason, format!("{fields} fields; GDELT event files have 57, 58 or 61"));
            }
        }
    }
}
