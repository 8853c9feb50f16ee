//! Reading event files: plain, gzip and zip files (told apart by their first bytes, not their
//! names) and standard input are streamed in blocks of whole lines, each batch of blocks
//! parsed across cores. Only material-conflict events (CAMEO roots 18, 19, 20) with a target
//! state become candidates; every line that cannot be read is counted, and the first few
//! are reported with their numbers.
//!
//! Memory is bounded whatever the input: a block is 4 MiB, and no line is held past
//! [`MAX_LINE`] — a longer line (a file of one endless line, `/dev/zero` on standard input)
//! ends the input with an error naming the line, as does a NUL byte (binary data is no
//! GDELT file; random bytes hold one within a few hundred). What was read before is kept.
//! Only regular files are opened: a FIFO or device given as a path is refused by name.

use std::io::{Read, Seek};
use std::path::Path;

use casus_core::load::input::{self, MAX_LINE};

use rayon::prelude::*;
use serde::Serialize;

use crate::cameo::{self, EventKind};
use crate::gdelt::{self, Layout, MAX_FIELDS};

/// A material-conflict event worth screening.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// GLOBALEVENTID.
    pub id: u64,
    /// SQLDATE as `YYYYMMDD`.
    pub date: u32,
    /// Time of day from DATEADDED (`HHMMSS`; GDELT 2.0 only, else 0).
    pub time: u32,
    /// The acting state, when the actor has a country.
    pub actor: Option<&'static str>,
    /// The target state.
    pub target: &'static str,
    /// What the event code means.
    pub kind: &'static EventKind,
    /// The event code as written.
    pub code: String,
    /// NumSources.
    pub sources: u32,
    /// NumMentions.
    pub mentions: u32,
    /// NumArticles.
    pub articles: u32,
    /// ActionGeo coordinates.
    pub at: Option<(f64, f64)>,
    /// SOURCEURL.
    pub url: Option<String>,
}

/// A line that could not be read.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Malformed {
    /// 1-based line number in the file.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What reading one input found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReadStats {
    /// Lines read (events and malformed lines).
    pub lines: u64,
    /// Lines that could not be read.
    pub malformed: u64,
    /// The first few malformed lines.
    pub first_malformed: Vec<Malformed>,
    /// Material-conflict events (roots 18–20).
    pub conflict: u64,
    /// Of those, events without a target state (no country, or a region such as `EUR`).
    pub no_target: u64,
    /// Of those, events below the evidence threshold.
    pub weak_evidence: u64,
    /// Of those, events with no acting state (left out unless asked for) or whose actor
    /// is the target itself (domestic).
    pub domestic: u64,
    /// An error that ended the input early (a truncated compressed file, an over-long or
    /// binary line); what was read before it is kept.
    pub error: Option<String>,
    /// The line the error is at, when it is at one (shown as `FILE:LINE:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_line: Option<u64>,
    /// What the user should know about how the file was read: its name claims a
    /// compression its first bytes deny (it is read as what the bytes say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How many malformed lines are listed by number.
const FIRST: usize = 5;

/// Thresholds applied while reading.
#[derive(Clone, Copy, Debug)]
pub struct Filter {
    /// Least NumSources for an event to count.
    pub min_sources: u32,
    /// Keep events whose actor has no country (machine coding leaves it blank for most
    /// domestic crime and unrest); off by default.
    pub unattributed: bool,
}

#[derive(Default)]
struct Chunk {
    /// The line at which the input must stop (too long, or binary), with why.
    stop: Option<(u64, String)>,
    lines: u64,
    malformed: u64,
    first: Vec<Malformed>,
    conflict: u64,
    no_target: u64,
    weak: u64,
    domestic: u64,
    candidates: Vec<Candidate>,
}

fn note(c: &mut Chunk, line: u64, reason: String) {
    c.malformed += 1;
    if c.first.len() < FIRST {
        c.first.push(Malformed { line, reason });
    }
}

/// Why an input stops at a line: it is longer than [`MAX_LINE`].
pub(crate) fn long_line() -> String {
    format!(
        "the line is longer than {}, the most casus reads in one line: not a GDELT event file; the rest of the input was not read",
        input::size(MAX_LINE as u64)
    )
}

/// Why an input stops at a line: it holds a NUL byte.
pub(crate) fn binary_line() -> String {
    "the line holds a NUL byte: binary data, not a GDELT event file; the rest of the input was not read".to_string()
}

/// The start of the line holding the first NUL byte of `buf` (`buf.len()` if none).
pub(crate) fn before_nul(buf: &[u8]) -> Option<usize> {
    memchr::memchr(0, buf).map(|nul| memchr::memrchr(b'\n', &buf[..nul]).map_or(0, |i| i + 1))
}

/// Parses the complete lines of `buf`, numbering them from `first_line`; stops at a line
/// longer than [`MAX_LINE`] or holding a NUL byte.
fn parse(buf: &[u8], first_line: u64, filter: Filter) -> Chunk {
    let mut c = Chunk::default();
    let mut fields: [&[u8]; MAX_FIELDS] = [&[]; MAX_FIELDS];
    let mut start = 0;
    let mut line_no = first_line;
    let nul = before_nul(buf);
    let end_at = nul.unwrap_or(buf.len());
    while start < end_at {
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |i| start + i);
        let mut line = &buf[start..end];
        if line.len() > MAX_LINE {
            c.stop = Some((line_no, long_line()));
            return c;
        }
        start = end + 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if line.is_empty() {
            line_no += 1;
            continue;
        }
        c.lines += 1;
        let n = gdelt::split(line, &mut fields);
        let Some(layout) = Layout::from_fields(n) else {
            note(
                &mut c,
                line_no,
                format!(
                    "{} fields; GDELT event files have 57, 58 or 61",
                    if n > MAX_FIELDS { format!("more than {MAX_FIELDS}") } else { n.to_string() }
                ),
            );
            line_no += 1;
            continue;
        };
        let col = layout.columns();
        let date = gdelt::uint(fields[col.date]).filter(|d| valid_date(*d));
        let Some(date) = date else {
            note(&mut c, line_no, format!("SQLDATE `{}` is not a date", String::from_utf8_lossy(fields[col.date])));
            line_no += 1;
            continue;
        };
        if std::str::from_utf8(line).is_err() {
            note(&mut c, line_no, "invalid UTF-8".into());
            line_no += 1;
            continue;
        }
        if !cameo::is_conflict_root(fields[col.root]) {
            line_no += 1;
            continue;
        }
        let (Some(id), Some(kind)) = (gdelt::uint(fields[col.id]), cameo::event_kind(fields[col.code])) else {
            note(&mut c, line_no, "no event id or an unknown CAMEO event code".into());
            line_no += 1;
            continue;
        };
        let at = match (fields[col.lat], fields[col.lon]) {
            (b"", b"") => None,
            (la, lo) => match (gdelt::float(la), gdelt::float(lo)) {
                (Some(la), Some(lo)) if casus_core::geo::valid(la, lo) => Some((la, lo)),
                _ => {
                    note(
                        &mut c,
                        line_no,
                        format!(
                            "bad ActionGeo coordinates `{}`, `{}`",
                            String::from_utf8_lossy(la),
                            String::from_utf8_lossy(lo)
                        ),
                    );
                    line_no += 1;
                    continue;
                }
            },
        };
        c.conflict += 1;
        let Some(target) = cameo::country(fields[col.actor2]) else {
            c.no_target += 1;
            line_no += 1;
            continue;
        };
        let sources = gdelt::uint(fields[col.sources]).unwrap_or(0) as u32;
        if sources < filter.min_sources {
            c.weak += 1;
            line_no += 1;
            continue;
        }
        let actor = cameo::country(fields[col.actor1]);
        if actor == Some(target) || (actor.is_none() && !filter.unattributed) {
            c.domestic += 1;
            line_no += 1;
            continue;
        }
        let time =
            if layout == Layout::V2 { gdelt::uint(fields[col.added]).map_or(0, |t| (t % 1_000_000) as u32) } else { 0 };
        c.candidates.push(Candidate {
            id,
            date: date as u32,
            time,
            actor,
            target,
            kind,
            code: String::from_utf8_lossy(fields[col.code]).into_owned(),
            sources,
            mentions: gdelt::uint(fields[col.mentions]).unwrap_or(0) as u32,
            articles: gdelt::uint(fields[col.articles]).unwrap_or(0) as u32,
            at,
            url: col.url.map(|u| String::from_utf8_lossy(fields[u]).into_owned()).filter(|u| !u.is_empty()),
        });
        line_no += 1;
    }
    if nul.is_some() {
        c.stop = Some((line_no, binary_line()));
    }
    c
}

fn valid_date(d: u64) -> bool {
    let (y, m, day) = (d / 10_000, d / 100 % 100, d % 100);
    (1900..=2100).contains(&y) && jiff::civil::Date::new(y as i16, m as i8, day as i8).is_ok()
}

impl ReadStats {
    /// Adds the counts of a later part of the same input.
    fn absorb(&mut self, other: ReadStats) {
        self.lines += other.lines;
        self.malformed += other.malformed;
        self.conflict += other.conflict;
        self.no_target += other.no_target;
        self.weak_evidence += other.weak_evidence;
        self.domestic += other.domestic;
        self.first_malformed.extend(other.first_malformed);
        self.first_malformed.truncate(FIRST);
        if self.error.is_none() {
            self.error = other.error;
            self.error_line = other.error_line;
        }
    }
}

fn finish(chunks: Vec<Chunk>, error: Option<(Option<u64>, String)>) -> (Vec<Candidate>, ReadStats) {
    let (error_line, error) = error.map_or((None, None), |(line, e)| (line, Some(e)));
    let mut stats = ReadStats { error, error_line, ..ReadStats::default() };
    let mut out = Vec::new();
    for c in chunks {
        stats.absorb(ReadStats {
            lines: c.lines,
            malformed: c.malformed,
            first_malformed: c.first,
            conflict: c.conflict,
            no_target: c.no_target,
            weak_evidence: c.weak,
            domestic: c.domestic,
            error: None,
            error_line: None,
            note: None,
        });
        out.extend(c.candidates);
    }
    (out, stats)
}

/// What an event file is, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Plain text.
    Plain,
    /// gzip (`1f 8b`).
    Gzip,
    /// A zip archive (`PK\x03\x04`, or `PK\x05\x06` when empty).
    Zip,
}

impl Compression {
    /// What the bytes are, in words.
    fn name(self) -> &'static str {
        match self {
            Compression::Plain => "plain text",
            Compression::Gzip => "gzip",
            Compression::Zip => "a zip archive",
        }
    }

    /// A note when the name of `path` claims another compression than its bytes have
    /// (`x.gz` that is plain text); the bytes win.
    pub fn misnamed(self, path: &str) -> Option<String> {
        let lower = path.to_ascii_lowercase();
        let claimed = if lower.ends_with(".gz") {
            Compression::Gzip
        } else if lower.ends_with(".zip") {
            Compression::Zip
        } else {
            return None;
        };
        (claimed != self).then(|| {
            format!("named as {} but its first bytes are {}: read as {}", claimed.name(), self.name(), self.name())
        })
    }

    /// Tells the kind from the first bytes of a file.
    pub fn of(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Compression::Zip
        } else {
            Compression::Plain
        }
    }
}

/// Opens an event file given by path (a regular file only: a FIFO or device is refused
/// before it is opened) and tells its compression from its first bytes.
pub fn open(path: &str) -> std::io::Result<(std::fs::File, Compression)> {
    let (mut file, _) = input::open(Path::new(path)).map_err(std::io::Error::other)?;
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    file.rewind()?;
    Ok((file, Compression::of(&head[..n])))
}

/// Reads one input: a plain, gzip or zip file (told by its first bytes), or `-` for
/// standard input (plain or gzip).
pub fn read(path: &str, filter: Filter) -> std::io::Result<(Vec<Candidate>, ReadStats)> {
    if path == "-" {
        // Standard input may be gzip-compressed: look at the magic bytes.
        let mut input = std::io::BufReader::new(std::io::stdin());
        let gz = std::io::BufRead::fill_buf(&mut input)?.starts_with(&[0x1f, 0x8b]);
        return Ok(if gz { stream(flate2::read::MultiGzDecoder::new(input), filter) } else { stream(input, filter) });
    }
    let (file, compression) = open(path)?;
    let (candidates, mut stats) = match compression {
        Compression::Plain => stream(file, filter),
        Compression::Gzip => stream(flate2::read::MultiGzDecoder::new(file), filter),
        Compression::Zip => read_zip(file, filter),
    };
    stats.note = compression.misnamed(path);
    Ok((candidates, stats))
}

/// Every entry of a zip archive, in order, each numbered from its own line 1.
fn read_zip(file: std::fs::File, filter: Filter) -> (Vec<Candidate>, ReadStats) {
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => {
            let stats = ReadStats { error: Some(format!("not a readable zip archive: {e}")), ..ReadStats::default() };
            return (Vec::new(), stats);
        }
    };
    let mut all = Vec::new();
    let mut total = ReadStats::default();
    for i in 0..archive.len() {
        let entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                total.error = Some(format!("zip entry {i}: {e}"));
                break;
            }
        };
        let (c, s) = stream(entry, filter);
        all.extend(c);
        let failed = s.error.is_some();
        total.absorb(s);
        if failed {
            break;
        }
    }
    (all, total)
}

/// Bytes per block handed to one worker.
const BLOCK: usize = 4 << 20;

/// Reads a stream in blocks of whole lines and parses each batch of blocks in parallel,
/// so memory stays bounded (a few blocks per core) whatever the input's size, and the
/// line numbers reported are the file's own. A line longer than [`MAX_LINE`] or holding a
/// NUL byte ends the input there, with an error naming it.
fn stream(mut r: impl Read + Send, filter: Filter) -> (Vec<Candidate>, ReadStats) {
    let batch = rayon::current_num_threads().max(1) * 2;
    let mut state = Reading::default();
    let mut chunks = Vec::new();
    let mut blocks = state.batch(&mut r, batch);
    let mut stopped = None;
    // Parse one batch while the next is read, so reading overlaps parsing.
    while !blocks.is_empty() {
        let done = state.ended();
        let (parsed, next) = rayon::join(
            || blocks.par_iter().map(|(b, first)| parse(b, *first, filter)).collect::<Vec<_>>(),
            || if done { Vec::new() } else { state.batch(&mut r, batch) },
        );
        for mut c in parsed {
            let stop = c.stop.take();
            chunks.push(c);
            if let Some(stop) = stop {
                stopped = Some(stop);
                break;
            }
        }
        if stopped.is_some() {
            break;
        }
        blocks = next;
    }
    let error = match (stopped, state.long_line, state.error) {
        (Some((line, why)), _, _) => Some((Some(line), why)),
        (None, Some(line), _) => Some((Some(line), long_line())),
        (None, None, Some(e)) => Some((None, format!("{e} (after line {})", state.next_line.saturating_sub(1)))),
        (None, None, None) => None,
    };
    finish(chunks, error)
}

/// Where a stream is: the partial line carried to the next block, the number of the next
/// line, and how it ended.
pub(crate) struct Reading {
    carry: Vec<u8>,
    /// The number of the first line of the next block.
    pub(crate) next_line: u64,
    /// A read error that ended the stream.
    pub(crate) error: Option<String>,
    /// A line longer than [`MAX_LINE`] that ended the stream, by number.
    pub(crate) long_line: Option<u64>,
    eof: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Reading { carry: Vec::new(), next_line: 1, error: None, long_line: None, eof: false }
    }
}

impl Reading {
    /// Whether the stream has ended (at its end, on an error, or at an over-long line).
    pub(crate) fn ended(&self) -> bool {
        self.eof || self.error.is_some() || self.long_line.is_some()
    }

    /// Reads up to `batch` blocks, each ending at a newline, numbering their first lines.
    /// A partial line is never carried past [`MAX_LINE`] bytes.
    pub(crate) fn batch(&mut self, r: &mut impl Read, batch: usize) -> Vec<(Vec<u8>, u64)> {
        let mut blocks: Vec<(Vec<u8>, u64)> = Vec::with_capacity(batch);
        while blocks.len() < batch && !self.ended() {
            let mut buf = std::mem::take(&mut self.carry);
            buf.reserve(BLOCK);
            let target = buf.len() + BLOCK;
            while buf.len() < target {
                let have = buf.len();
                buf.resize(target, 0);
                match r.read(&mut buf[have..]) {
                    Ok(0) => {
                        buf.truncate(have);
                        self.eof = true;
                        break;
                    }
                    Ok(n) => buf.truncate(have + n),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(have),
                    Err(e) => {
                        buf.truncate(have);
                        self.error = Some(format!("the input ends early: {e}"));
                        break;
                    }
                }
            }
            if !self.eof && self.error.is_none() {
                match memchr::memrchr(b'\n', &buf) {
                    Some(last) => self.carry = buf.split_off(last + 1),
                    None if buf.len() > MAX_LINE => {
                        // One line already longer than the cap: it ends the stream.
                        self.long_line = Some(self.next_line);
                        return blocks;
                    }
                    None => {
                        // A line longer than a block but within the cap: keep reading it.
                        self.carry = buf;
                        continue;
                    }
                }
            }
            let first = self.next_line;
            self.next_line += memchr::memchr_iter(b'\n', &buf).count() as u64;
            if self.carry.len() > MAX_LINE {
                // The partial line after the block's last newline is over the cap already.
                self.long_line = Some(self.next_line);
                self.carry = Vec::new();
            }
            if !buf.is_empty() {
                blocks.push((buf, first));
            }
        }
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILTER: Filter = Filter { min_sources: 1, unattributed: false };

    #[test]
    fn an_endless_line_ends_the_input_with_its_number_in_bounded_memory() {
        // Two good lines, then more than MAX_LINE bytes without a newline.
        let mut input = b"a\tb\nc\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        let (_, stats) = stream(&input[..], FILTER);
        assert_eq!((stats.error_line, stats.error.as_deref()), (Some(3), Some(long_line().as_str())));
        assert_eq!(stats.lines, 2);
        // Endless: a reader that never ends is stopped at the cap.
        let (_, stats) = stream(std::io::repeat(b'y'), FILTER);
        assert_eq!((stats.error_line, stats.error.as_deref()), (Some(1), Some(long_line().as_str())));
    }

    #[test]
    fn a_long_line_inside_a_block_stops_there_too() {
        let mut input = b"a\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE + 1));
        input.extend(b"\nafter\n");
        let (_, stats) = stream(&input[..], FILTER);
        assert_eq!((stats.error_line, stats.error.as_deref()), (Some(2), Some(long_line().as_str())));
        assert_eq!(stats.lines, 1);
    }

    #[test]
    fn a_nul_byte_ends_the_input_at_its_line() {
        let (_, stats) = stream(&b"one\ntwo\nth\0ree\nfour\n"[..], FILTER);
        assert_eq!((stats.error_line, stats.error.as_deref()), (Some(3), Some(binary_line().as_str())));
        assert_eq!(stats.lines, 2);
        let (_, stats) = stream(std::io::repeat(0), FILTER);
        assert_eq!(stats.error_line, Some(1));
    }

    #[test]
    fn compression_is_told_by_the_first_bytes() {
        assert_eq!(Compression::of(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
        assert_eq!(Compression::of(b"PK\x03\x04"), Compression::Zip);
        assert_eq!(Compression::of(b"1\t2"), Compression::Plain);
        assert_eq!(Compression::of(b""), Compression::Plain);
    }
}
