//! Reading event files: plain files are memory-mapped and split across cores at line
//! boundaries; gzip, zip and standard input are streamed in blocks. Only material-conflict
//! events (CAMEO roots 18, 19, 20) with a target state become candidates; every line
//! that cannot be read is counted, and the first few are reported with their numbers.

use std::io::Read;
use std::path::Path;

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
    /// An error that ended the input early (a truncated compressed file); what was read
    /// before it is kept.
    pub error: Option<String>,
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

/// Parses the complete lines of `buf`, numbering them from `first_line`.
fn parse(buf: &[u8], first_line: u64, filter: Filter) -> Chunk {
    let mut c = Chunk::default();
    let mut fields: [&[u8]; MAX_FIELDS] = [&[]; MAX_FIELDS];
    let mut start = 0;
    let mut line_no = first_line;
    while start < buf.len() {
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |i| start + i);
        let mut line = &buf[start..end];
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
        }
    }
}

fn finish(chunks: Vec<Chunk>, error: Option<String>) -> (Vec<Candidate>, ReadStats) {
    let mut stats = ReadStats { error, ..ReadStats::default() };
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
        });
        out.extend(c.candidates);
    }
    (out, stats)
}

/// Reads one input: a plain file (in parallel), `.gz`, `.zip`, or `-` for standard input.
pub fn read(path: &str, filter: Filter) -> std::io::Result<(Vec<Candidate>, ReadStats)> {
    if path == "-" {
        // Standard input may be gzip-compressed: look at the magic bytes.
        let mut input = std::io::BufReader::new(std::io::stdin());
        let gz = std::io::BufRead::fill_buf(&mut input)?.starts_with(&[0x1f, 0x8b]);
        return Ok(if gz { stream(flate2::read::MultiGzDecoder::new(input), filter) } else { stream(input, filter) });
    }
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        let f = std::fs::File::open(path)?;
        return Ok(stream(flate2::read::MultiGzDecoder::new(f), filter));
    }
    if lower.ends_with(".zip") {
        let f = std::fs::File::open(path)?;
        let mut archive = match zip::ZipArchive::new(f) {
            Ok(a) => a,
            Err(e) => {
                let stats =
                    ReadStats { error: Some(format!("not a readable zip archive: {e}")), ..ReadStats::default() };
                return Ok((Vec::new(), stats));
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
        return Ok((all, total));
    }
    let file = std::fs::File::open(Path::new(path))?;
    Ok(stream(file, filter))
}

/// Bytes per block handed to one worker.
const BLOCK: usize = 4 << 20;

/// Reads a stream in blocks of whole lines and parses each batch of blocks in parallel,
/// so memory stays bounded (a few blocks per core) whatever the input's size, and the
/// line numbers reported are the file's own.
fn stream(mut r: impl Read + Send, filter: Filter) -> (Vec<Candidate>, ReadStats) {
    let batch = rayon::current_num_threads().max(1) * 2;
    let mut state = Reading { carry: Vec::new(), next_line: 1, error: None, eof: false };
    let mut chunks = Vec::new();
    let mut blocks = state.batch(&mut r, batch);
    // Parse one batch while the next is read, so reading overlaps parsing.
    while !blocks.is_empty() {
        let done = state.eof || state.error.is_some();
        let (parsed, next) = rayon::join(
            || blocks.par_iter().map(|(b, first)| parse(b, *first, filter)).collect::<Vec<_>>(),
            || if done { Vec::new() } else { state.batch(&mut r, batch) },
        );
        chunks.extend(parsed);
        blocks = next;
    }
    let mut error = state.error;
    if let Some(e) = &mut error {
        *e = format!("{e} (after line {})", state.next_line.saturating_sub(1));
    }
    finish(chunks, error)
}

/// Where a stream is: the partial line carried to the next block, the number of the next
/// line, and how it ended.
struct Reading {
    carry: Vec<u8>,
    next_line: u64,
    error: Option<String>,
    eof: bool,
}

impl Reading {
    /// Reads up to `batch` blocks, each ending at a newline, numbering their first lines.
    fn batch(&mut self, r: &mut impl Read, batch: usize) -> Vec<(Vec<u8>, u64)> {
        let mut blocks: Vec<(Vec<u8>, u64)> = Vec::with_capacity(batch);
        while blocks.len() < batch && !self.eof && self.error.is_none() {
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
                    None => {
                        // One line longer than a block: keep reading it.
                        self.carry = buf;
                        continue;
                    }
                }
            }
            let first = self.next_line;
            self.next_line += memchr::memchr_iter(b'\n', &buf).count() as u64;
            if !buf.is_empty() {
                blocks.push((buf, first));
            }
        }
        blocks
    }
}
