//! Directed dyad-years: every ordered pair of state-system members in every year, with
//! ATOP's alliance columns derived from the member file.
//!
//! The rule is the one found by experiment against ATOP's own directed dyad-year file and
//! written down as workload W1-real in the benchmark README: same-alliance, same-phase
//! member rows whose spells overlap strictly are paired; each pair gives the calendar years
//! it touches; in each (A, B, alliance, year) the pair with the latest start (then the
//! higher phase) wins and A's row gives the obligations — what A owes B; the alliance is
//! bilateral that year only if all its pairs are; a year in which a pair starts or ends is
//! a transition year; the alliances of a dyad-year are then combined (flags by maximum,
//! `number`, `bilatno`, `multino` by count).
//!
//! **Per-partner obligations.** In 17 alliances ATOP codes pledges owed only to some
//! partners (`obvary`), which the member file cannot say. By default ([`Rule::Atop`]) A's
//! obligations to B in those alliances come from [`atop::partners`] instead of A's member
//! row, and `shareob` is 1 when A shares such an alliance with B but owes B nothing in it:
//! the table then equals ATOP's own directed dyad-year file in every column.
//! [`Rule::MemberFile`] is the member-file rule alone (workload W1-real of the benchmark
//! README, `shareob` always 0).
//!
//! The domain is the COW state system: `(A, B, year)` with A ≠ B both members that year, the
//! members of COW's last year carried forward to ATOP's last year (2018). With
//! [`DyadOptions::outside_system`] the allied dyad-years of COW states outside the system
//! that year are added, as ATOP's own file has them (the micro-states under the Helsinki
//! Final Act, governments in exile in 1942–45, the German states before they entered the
//! system).
//!
//! **Missing, not zero.** A year outside ATOP's coverage (1815–2018) — possible only when a
//! later COW file runs past 2018 — gets no alliance columns at all: [`DyadYear::alliances`] is
//! `None`, the CSV cells are empty and the Parquet values null. Within the coverage a dyad-year
//! that shares no alliance has zeros, and its alliance-id columns are empty: ids are absent
//! when there is no alliance, never 0.
//!
//! The table is built once (the allied dyad-years only, a few megabytes) and streamed: the
//! writers never hold the rows of the output in memory.

#[cfg(feature = "parquet")]
mod parquet;

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::sync_channel;

use crate::atop::{self, AtopData, Member, Obligations, partners};
use crate::cow::CowData;
use crate::err::DataError;

/// The columns of the table, in output order (before any alliance-id columns).
pub const COLUMNS: [&str; 15] = [
    "stateA", "stateB", "year", "atopally", "defense", "offense", "neutral", "nonagg", "consul", "shareob", "transyr",
    "bilatno", "multino", "number", "asymm",
];

/// The least number of alliance-id columns (`atopid1` … `atopid9`), as in ATOP's own files.
pub const MIN_ID_COLUMNS: usize = 9;

/// How A's obligations to B are read from the ATOP files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rule {
    /// ATOP's directed coding: A's member row, replaced by the per-partner obligations of
    /// [`atop::partners`] where the treaty owes them only to some partners, and `shareob`.
    /// Reproduces ATOP's published `atop5_1ddyr.csv`.
    #[default]
    Atop,
    /// A's member row alone, owed to every partner; `shareob` always 0. The derived rule of
    /// workload W1-real (`shared/bench/README.md`), byte-identical to its references.
    MemberFile,
}

/// What to build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DyadOptions {
    /// The first year to include; `None` for the first year of the state system.
    pub from: Option<i16>,
    /// The last year to include; `None` for the last year of the domain (2018).
    pub to: Option<i16>,
    /// Whether to add `atopid1` … `atopidN` columns with the ids of the shared alliances,
    /// ascending; `N` is 9, or the largest `number` in the table if that is larger.
    pub alliance_ids: bool,
    /// How A's obligations to B are read.
    pub rule: Rule,
    /// Whether to add the allied dyad-years in which one of the states is a COW state but
    /// not a system member that year (only allied ones: the rest of the world is not rows).
    pub outside_system: bool,
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DyadYear<'a> {
    /// State A, the one whose obligations the row gives.
    pub state_a: u16,
    /// State B, to whom A owes them.
    pub state_b: u16,
    /// The year.
    pub year: i16,
    /// ATOP's columns, `None` when the year is outside ATOP's coverage (missing, not zero).
    pub alliances: Option<AllianceColumns<'a>>,
}

/// ATOP's alliance columns of one directed dyad-year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllianceColumns<'a> {
    /// A and B share at least one alliance.
    pub atopally: bool,
    /// A owes B defence in at least one of them.
    pub defense: bool,
    /// A owes B offensive support.
    pub offense: bool,
    /// A owes B neutrality.
    pub neutral: bool,
    /// A owes B non-aggression.
    pub nonagg: bool,
    /// A owes B consultation.
    pub consul: bool,
    /// A shares an alliance with B in which it owes B nothing although the alliance's
    /// obligations vary by partner (ATOP's `shareob`); always `false` under [`Rule::MemberFile`].
    pub shareob: bool,
    /// One of the shared alliances begins, ends or changes phase for the pair this year.
    pub transyr: bool,
    /// The number of shared bilateral alliances.
    pub bilatno: u16,
    /// The number of shared multilateral alliances.
    pub multino: u16,
    /// The number of shared alliances.
    pub number: u16,
    /// A's obligations in one of them are asymmetric.
    pub asymm: bool,
    /// The shared alliances' ids, ascending; empty unless [`DyadOptions::alliance_ids`] was set.
    pub atopids: &'a [u32],
}

/// What a writer wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Data rows.
    pub rows: u64,
    /// Rows with `atopally = 1`.
    pub allied: u64,
    /// Bytes.
    pub bytes: u64,
}

/// Flag bits of an allied dyad-year.
const DEF: u8 = 1;
const OFF: u8 = 2;
const NEU: u8 = 4;
const NAG: u8 = 8;
const CON: u8 = 16;
const ASY: u8 = 32;
const TRN: u8 = 64;
const SHR: u8 = 128;

/// One allied directed dyad-year, the alliances combined.
#[derive(Clone, Copy, Debug)]
struct Allied {
    a: u16,
    b: u16,
    year: i16,
    flags: u8,
    bilatno: u16,
    number: u16,
    /// Where its alliance ids start in [`DyadTable::ids`].
    ids: u32,
    /// One of the states is not a system member that year.
    outside: bool,
}

impl Allied {
    fn columns<'a>(&self, ids: &'a [u32]) -> AllianceColumns<'a> {
        let f = |bit: u8| self.flags & bit != 0;
        let start = self.ids as usize;
        AllianceColumns {
            atopally: true,
            defense: f(DEF),
            offense: f(OFF),
            neutral: f(NEU),
            nonagg: f(NAG),
            consul: f(CON),
            shareob: f(SHR),
            transyr: f(TRN),
            bilatno: self.bilatno,
            multino: self.number - self.bilatno,
            number: self.number,
            asymm: f(ASY),
            atopids: ids.get(start..start + usize::from(self.number)).unwrap_or(&[]),
        }
    }
}

/// The directed dyad-year table, ready to be streamed.
#[derive(Clone, Debug)]
pub struct DyadTable {
    /// State codes in the domain, ascending.
    ccodes: Vec<u16>,
    /// For each state, `words` words of year bits, bit `i` for year `first + i`.
    masks: Vec<u64>,
    words: usize,
    first: i16,
    /// ATOP's coverage.
    coverage: (i16, i16),
    /// Allied dyad-years inside the domain, ascending by (A, B, year).
    allied: Vec<Allied>,
    /// Alliance ids of the allied dyad-years, when asked for.
    ids: Vec<u32>,
    /// The number of alliance-id columns, 0 when not asked for.
    id_columns: usize,
    rows: u64,
    /// Whether any allied row is outside the system domain.
    has_outside: bool,
}

impl DyadTable {
    /// Builds the table of `options`' years from the ATOP member rows and the COW state-years,
    /// after checking that the two fit together: most memberships naming states that are
    /// never in the state system in their years is an error
    /// ([`crate::plausible::memberships_in_system`]), not a table of unallied dyads.
    pub fn new(atop: &AtopData, cow: &CowData, options: &DyadOptions) -> Result<DyadTable, DataError> {
        crate::plausible::memberships_in_system(
            &atop.members,
            &cow.system,
            atop.member_file.as_deref(),
            cow.system_file.as_deref(),
        )?;
        Self::from_parts(&atop.members, &cow.system, options)
    }

    /// Builds the table from member rows and state-years directly.
    pub fn from_parts(
        members: &[Member],
        system: &[crate::cow::StateYear],
        options: &DyadOptions,
    ) -> Result<DyadTable, DataError> {
        let lo = options.from.unwrap_or(i16::MIN);
        let hi = options.to.unwrap_or(i16::MAX);
        if lo > hi {
            return Err(DataError::Years { from: lo.into(), to: hi.into() });
        }
        let coverage = (atop::FIRST_YEAR, atop::LAST_YEAR);
        // The domain: COW's state-years, its last year's members carried to ATOP's last year.
        let last_cow = system.iter().map(|s| s.year).max();
        let mut years: Vec<(u16, i16)> = system.iter().map(|s| (s.ccode, s.year)).collect();
        if let Some(last) = last_cow {
            for s in system.iter().filter(|s| s.year == last) {
                years.extend((last + 1..=coverage.1).map(|y| (s.ccode, y)));
            }
        }
        // Every COW state may have allied rows outside the system when those are asked for.
        let mut ccodes: Vec<u16> =
            if options.outside_system { system.iter().map(|s| s.ccode).collect() } else { vec![] };
        years.retain(|&(_, y)| (lo..=hi).contains(&y));
        ccodes.extend(years.iter().map(|&(c, _)| c));
        ccodes.sort_unstable();
        ccodes.dedup();
        let first = years.iter().map(|&(_, y)| y).min().unwrap_or(0);
        let last = years.iter().map(|&(_, y)| y).max().unwrap_or(0);
        let span = if years.is_empty() { 0 } else { (i32::from(last) - i32::from(first) + 1) as usize };
        let words = span.div_ceil(64);
        let mut index = vec![u32::MAX; usize::from(u16::MAX) + 1];
        for (i, &c) in ccodes.iter().enumerate() {
            index[usize::from(c)] = i as u32;
        }
        let mut masks = vec![0u64; ccodes.len() * words];
        for &(c, y) in &years {
            let bit = (i32::from(y) - i32::from(first)) as usize;
            masks[index[usize::from(c)] as usize * words + bit / 64] |= 1 << (bit % 64);
        }
        let domain = Domain { index: &index, masks: &masks, words, first, span };
        let (allied, ids) = allied(members, &domain, (lo.max(coverage.0), hi.min(coverage.1)), options);
        let id_columns = if options.alliance_ids {
            allied.iter().map(|a| usize::from(a.number)).max().unwrap_or(0).max(MIN_ID_COLUMNS)
        } else {
            0
        };
        let outside = allied.iter().filter(|r| r.outside).count() as u64;
        let mut rows = outside;
        let n = ccodes.len();
        for a in 0..n {
            for b in (0..n).filter(|&b| b != a) {
                rows += (0..words)
                    .map(|w| u64::from((masks[a * words + w] & masks[b * words + w]).count_ones()))
                    .sum::<u64>();
            }
        }
        Ok(DyadTable { ccodes, masks, words, first, coverage, allied, ids, id_columns, rows, has_outside: outside > 0 })
    }

    /// The first and last year with rows, `None` for an empty table.
    pub fn year_range(&self) -> Option<(i16, i16)> {
        // A year has rows when at least two states are in the domain that year.
        let mut members = vec![0u16; self.words * 64];
        for mask in self.masks.chunks(self.words.max(1)) {
            for (w, &bits) in mask.iter().enumerate() {
                let mut m = bits;
                while m != 0 {
                    members[w * 64 + m.trailing_zeros() as usize] += 1;
                    m &= m - 1;
                }
            }
        }
        let inside = members.iter().enumerate().filter(|&(_, &n)| n >= 2).map(|(bit, _)| self.first + bit as i16);
        // Rows outside the system domain may reach further.
        let outside = self.allied.iter().filter(|r| r.outside).map(|r| r.year);
        let years: Vec<i16> = inside.chain(outside).collect();
        Some((*years.iter().min()?, *years.iter().max()?))
    }

    /// The number of rows.
    pub fn len(&self) -> u64 {
        self.rows
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The number of rows with `atopally = 1`.
    pub fn allied_len(&self) -> u64 {
        self.allied.len() as u64
    }

    /// The number of alliance-id columns (`atopid1` …), 0 unless [`DyadOptions::alliance_ids`] was set.
    pub fn id_columns(&self) -> usize {
        self.id_columns
    }

    /// The column names, in output order.
    pub fn column_names(&self) -> Vec<String> {
        let mut names: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        names.extend((1..=self.id_columns).map(|i| format!("atopid{i}")));
        names
    }

    /// The rows in order (stateA, stateB, year), computed as they are read.
    pub fn rows(&self) -> Rows<'_> {
        Rows { t: self, a: 0, b: 0, w: 0, mask: self.mask_of(0, 0), next_allied: 0 }
    }

    /// The allied rows only (`atopally = 1`), in order.
    pub fn allied_rows(&self) -> impl Iterator<Item = DyadYear<'_>> + '_ {
        self.allied.iter().map(|r| DyadYear {
            state_a: r.a,
            state_b: r.b,
            year: r.year,
            alliances: Some(r.columns(&self.ids)),
        })
    }

    /// Writes the table to `path` as CSV or Parquet, by the name's extension.
    pub fn write_path(&self, path: &Path) -> Result<Written, DataError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let write_err = |source| DataError::Write { path: Some(path.to_path_buf()), source };
        match ext.as_deref() {
            Some("csv") => {
                let file = File::create(path).map_err(write_err)?;
                self.write_csv(file).map_err(write_err)
            }
            Some("parquet") => {
                let file = File::create(path).map_err(write_err)?;
                self.write_parquet(file).map_err(|e| match e {
                    DataError::Write { path: None, source } => write_err(source),
                    #[cfg(feature = "parquet")]
                    DataError::Parquet { path: None, source } => {
                        DataError::Parquet { path: Some(path.to_path_buf()), source }
                    }
                    e => e,
                })
            }
            _ => Err(DataError::OutputFormat { path: path.to_path_buf() }),
        }
    }

    /// Streams the table as CSV to `out`: a header line, plain integers, LF line endings;
    /// missing values are empty cells. `out` needs no buffering of its own.
    ///
    /// The rows are formatted on a second thread in chunks of 1 MiB, at most three of them in
    /// flight, while this thread writes them to `out`.
    pub fn write_csv<W: Write>(&self, mut out: W) -> io::Result<Written> {
        const CHUNK: usize = 1 << 20;
        let (full_tx, full_rx) = sync_channel::<Vec<u8>>(2);
        let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(3);
        std::thread::scope(|s| {
            let producer = s.spawn(move || {
                let mut chunk = Vec::with_capacity(CHUNK + (1 << 16));
                self.format_csv(
                    |buf| {
                        if buf.len() < CHUNK {
                            return true;
                        }
                        let next = empty_rx.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK + (1 << 16)));
                        full_tx.send(std::mem::replace(buf, next)).is_ok()
                    },
                    &mut chunk,
                );
                // The writer hangs up only after an error, which it reports itself.
                let _ = full_tx.send(chunk);
            });
            let mut bytes = 0u64;
            let mut result = Ok(());
            for mut buf in full_rx {
                if let Err(e) = out.write_all(&buf) {
                    result = Err(e);
                    break;
                }
                bytes += buf.len() as u64;
                buf.clear();
                let _ = empty_tx.try_send(buf);
            }
            let joined = producer.join();
            result?;
            joined.map_err(|_| io::Error::other("the CSV formatting thread panicked"))?;
            out.flush()?;
            Ok(Written { rows: self.rows, allied: self.allied.len() as u64, bytes })
        })
    }

    /// Formats the whole table as CSV into `buf`, calling `flush` after each pair of states
    /// (it may empty `buf`, and returns `false` to stop).
    fn format_csv(&self, mut flush: impl FnMut(&mut Vec<u8>) -> bool, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.column_names().join(",").as_bytes());
        buf.push(b'\n');
        let id_blank = ",".repeat(self.id_columns);
        let zero_tail = format!(",0,0,0,0,0,0,0,0,0,0,0,0{id_blank}\n").into_bytes();
        let missing_tail = format!("{}{id_blank}\n", ",".repeat(12)).into_bytes();
        let years: Vec<Num> = (0..self.words * 64).map(|i| Num::new(i64::from(self.first) + i as i64)).collect();
        let mut next = 0usize;
        // A zero row of the current pair with a four-digit year placeholder, copied whole.
        let mut template = Vec::with_capacity(64);
        for (ai, &a) in self.ccodes.iter().enumerate() {
            for (bi, &b) in self.ccodes.iter().enumerate() {
                if ai == bi {
                    continue;
                }
                template.clear();
                template.extend_from_slice(Num::new(a.into()).bytes());
                template.push(b',');
                template.extend_from_slice(Num::new(b.into()).bytes());
                template.push(b',');
                let year_at = template.len();
                template.extend_from_slice(b"0000");
                template.extend_from_slice(&zero_tail);
                for w in 0..self.words {
                    let mut m = self.masks[ai * self.words + w] & self.masks[bi * self.words + w];
                    while m != 0 {
                        let bit = w * 64 + m.trailing_zeros() as usize;
                        m &= m - 1;
                        let year = self.first + bit as i16;
                        if self.has_outside {
                            next = self.push_outside(buf, &template[..year_at], next, (a, b), year);
                        }
                        let digits = years[bit].bytes();
                        let allied = match self.allied.get(next) {
                            Some(r) if r.a == a && r.b == b && r.year == year => {
                                next += 1;
                                Some(r)
                            }
                            _ => None,
                        };
                        if let (None, true, Ok(d)) = (allied, self.in_coverage(year), <&[u8; 4]>::try_from(digits)) {
                            // The common case: a zero row with a four-digit year.
                            let at = buf.len() + year_at;
                            buf.extend_from_slice(&template);
                            buf[at..at + 4].copy_from_slice(d);
                            continue;
                        }
                        buf.extend_from_slice(&template[..year_at]);
                        buf.extend_from_slice(digits);
                        match allied {
                            Some(r) => push_allied(buf, r, &self.ids, self.id_columns),
                            None if self.in_coverage(year) => buf.extend_from_slice(&zero_tail),
                            None => buf.extend_from_slice(&missing_tail),
                        }
                    }
                }
                if self.has_outside {
                    next = self.push_outside(buf, &template[..year_at], next, (a, b), i16::MAX);
                }
                if !flush(buf) {
                    return;
                }
            }
        }
    }

    /// Streams the table as Parquet to `out`: `stateA`, `stateB`, `year` as Int16; the flags
    /// as UInt8 and `bilatno`, `multino`, `number` as UInt16, null outside ATOP's coverage;
    /// `atopid1` … as Int32, null where the dyad-year has fewer alliances. Snappy-compressed,
    /// in row groups of about a million rows; the same table always gives the same bytes.
    #[cfg(feature = "parquet")]
    pub fn write_parquet<W: Write + Send>(&self, out: W) -> Result<Written, DataError> {
        parquet::write(self, out).map_err(|source| DataError::Parquet { path: None, source })
    }

    /// Parquet output is not part of this build.
    #[cfg(not(feature = "parquet"))]
    pub fn write_parquet<W: Write + Send>(&self, _out: W) -> Result<Written, DataError> {
        Err(DataError::NoParquet)
    }

    /// Appends the rows of `pair` outside the system domain from `next` on that come before
    /// `before`, with `prefix` (`stateA,stateB,`); returns the next allied row.
    fn push_outside(&self, buf: &mut Vec<u8>, prefix: &[u8], mut next: usize, pair: (u16, u16), before: i16) -> usize {
        while let Some(r) = self.allied.get(next).filter(|r| r.outside && (r.a, r.b) == pair && r.year < before) {
            buf.extend_from_slice(prefix);
            buf.extend_from_slice(Num::new(r.year.into()).bytes());
            push_allied(buf, r, &self.ids, self.id_columns);
            next += 1;
        }
        next
    }

    /// The first year of the pair of states `a`, `b` (indices) in the domain from word `w`
    /// (its bits in `mask`) on.
    fn next_domain_year(&self, a: usize, b: usize, w: usize, mask: u64) -> Option<i16> {
        if mask != 0 {
            return Some(self.first + (w * 64 + mask.trailing_zeros() as usize) as i16);
        }
        (w + 1..self.words).find_map(|w| {
            let m = self.masks[a * self.words + w] & self.masks[b * self.words + w];
            (m != 0 && a != b).then(|| self.first + (w * 64 + m.trailing_zeros() as usize) as i16)
        })
    }

    fn mask_of(&self, a: usize, b: usize) -> u64 {
        if a == b || a >= self.ccodes.len() || b >= self.ccodes.len() || self.words == 0 {
            return 0;
        }
        self.masks[a * self.words] & self.masks[b * self.words]
    }

    fn in_coverage(&self, year: i16) -> bool {
        (self.coverage.0..=self.coverage.1).contains(&year)
    }
}

/// The rows of a [`DyadTable`], in order (stateA, stateB, year).
#[derive(Clone, Debug)]
pub struct Rows<'a> {
    t: &'a DyadTable,
    a: usize,
    b: usize,
    w: usize,
    mask: u64,
    next_allied: usize,
}

impl<'a> Iterator for Rows<'a> {
    type Item = DyadYear<'a>;

    fn next(&mut self) -> Option<DyadYear<'a>> {
        let t = self.t;
        let n = t.ccodes.len();
        loop {
            if self.a >= n {
                return None;
            }
            // A row outside the system domain that comes before the pair's next domain year.
            if t.has_outside
                && let Some(r) = t.allied.get(self.next_allied)
                && r.outside
                && (r.a, r.b) == (t.ccodes[self.a], t.ccodes[self.b])
                && t.next_domain_year(self.a, self.b, self.w, self.mask).is_none_or(|y| r.year < y)
            {
                self.next_allied += 1;
                return Some(DyadYear { state_a: r.a, state_b: r.b, year: r.year, alliances: Some(r.columns(&t.ids)) });
            }
            if self.mask != 0 {
                break;
            }
            self.w += 1;
            if self.w >= t.words {
                self.w = 0;
                self.b += 1;
                if self.b >= n {
                    self.b = 0;
                    self.a += 1;
                }
                if self.a >= n {
                    return None;
                }
                self.mask = t.mask_of(self.a, self.b);
            } else if self.a != self.b {
                self.mask = t.masks[self.a * t.words + self.w] & t.masks[self.b * t.words + self.w];
            }
        }
        let bit = self.w * 64 + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        let (a, b, year) = (t.ccodes[self.a], t.ccodes[self.b], t.first + bit as i16);
        let alliances = match t.allied.get(self.next_allied) {
            Some(r) if r.a == a && r.b == b && r.year == year => {
                self.next_allied += 1;
                Some(r.columns(&t.ids))
            }
            _ if t.in_coverage(year) => Some(AllianceColumns::default()),
            _ => None,
        };
        Some(DyadYear { state_a: a, state_b: b, year, alliances })
    }
}

/// The state-years of the domain, for filtering pair-years as they are made.
struct Domain<'a> {
    index: &'a [u32],
    masks: &'a [u64],
    words: usize,
    first: i16,
    span: usize,
}

impl Domain<'_> {
    /// Whether `ccode` is a state of the table at all.
    fn knows(&self, ccode: u16) -> bool {
        self.index[usize::from(ccode)] != u32::MAX
    }

    fn has(&self, ccode: u16, year: i16) -> bool {
        let i = self.index[usize::from(ccode)];
        let bit = i32::from(year) - i32::from(self.first);
        if i == u32::MAX || bit < 0 || bit as usize >= self.span {
            return false;
        }
        let bit = bit as usize;
        self.masks[i as usize * self.words + bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Two member rows of the same alliance and phase whose spells overlap strictly.
#[derive(Clone, Copy)]
struct Spell {
    a: u16,
    b: u16,
    atopid: u32,
    /// The shared start and end, `yyyymmdd`.
    start: u32,
    end: u32,
    phase: u8,
    /// A's row, to break the remaining ties by file order.
    seq: u32,
    /// A's obligations and asymmetry, as [`Allied`] flag bits.
    flags: u8,
    bilateral: bool,
}

impl Spell {
    fn first_year(&self) -> i32 {
        (self.start / 10_000) as i32
    }

    fn last_year(&self) -> i32 {
        (self.end / 10_000) as i32
    }
}

/// The allied dyad-years of the domain within `years`, and their alliance ids if asked for.
///
/// The pairs of member rows are kept as spells, sorted by (A, B, alliance, start, phase,
/// row); each (A, B) is then swept year by year, so rows come out in output order with their
/// alliances ascending, and no pair-year is ever stored.
fn allied(
    members: &[Member],
    domain: &Domain<'_>,
    years: (i16, i16),
    options: &DyadOptions,
) -> (Vec<Allied>, Vec<u32>) {
    let with_ids = options.alliance_ids;
    let directed = options.rule == Rule::Atop;
    // Alliances whose obligations vary by partner: there, owing a partner nothing is `shareob`.
    let mut varying: Vec<u32> = members.iter().filter(|m| m.obligations_vary).map(|m| m.atopid).collect();
    varying.sort_unstable();
    varying.dedup();
    let mut order: Vec<u32> = (0..members.len() as u32).collect();
    order.sort_by_key(|&i| (members[i as usize].atopid, members[i as usize].phase, i));
    let mut spells = Vec::new();
    for phase in order.chunk_by(|&x, &y| {
        let (x, y) = (&members[x as usize], &members[y as usize]);
        (x.atopid, x.phase) == (y.atopid, y.phase)
    }) {
        for &i in phase {
            let ma = &members[i as usize];
            let own = obligation_bits(&ma.obligations) | if ma.asymmetric { ASY } else { 0 };
            let varies = directed && varying.binary_search(&ma.atopid).is_ok();
            for &j in phase {
                let mb = &members[j as usize];
                let start = ma.entry_key().max(mb.entry_key());
                let end = ma.exit_key().min(mb.exit_key());
                if ma.ccode != mb.ccode && start < end {
                    let flags = if varies {
                        let owes = partners::lookup(ma.atopid, ma.phase, ma.ccode, mb.ccode)
                            .map_or(own & !ASY, |o| obligation_bits(&o));
                        owes | (own & ASY) | if owes == 0 { SHR } else { 0 }
                    } else {
                        own
                    };
                    spells.push(Spell {
                        a: ma.ccode,
                        b: mb.ccode,
                        atopid: ma.atopid,
                        start,
                        end,
                        phase: ma.phase,
                        seq: i,
                        flags,
                        bilateral: ma.bilateral,
                    });
                }
            }
        }
    }
    spells.sort_unstable_by_key(|s| (s.a, s.b, s.atopid, s.start, s.phase, s.seq));
    let (lo, hi) = (i32::from(years.0), i32::from(years.1));
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for group in spells.chunk_by(|p, q| (p.a, p.b) == (q.a, q.b)) {
        let (a, b) = (group[0].a, group[0].b);
        let first = group.iter().map(Spell::first_year).min().unwrap_or(0).max(lo);
        let last = group.iter().map(Spell::last_year).max().unwrap_or(0).min(hi);
        for year in first..=last {
            let y = year as i16;
            let inside = domain.has(a, y) && domain.has(b, y);
            let outside_kept = options.outside_system && domain.knows(a) && domain.knows(b);
            if !inside && !outside_kept {
                continue;
            }
            let mut row =
                Allied { a, b, year: y, flags: 0, bilatno: 0, number: 0, ids: ids.len() as u32, outside: !inside };
            // Within one alliance the spells are in (start, phase, row) order: the last active one wins.
            for alliance in group.chunk_by(|p, q| p.atopid == q.atopid) {
                let mut winner: Option<&Spell> = None;
                let (mut bilateral, mut transition) = (true, false);
                for s in alliance.iter().filter(|s| (s.first_year()..=s.last_year()).contains(&year)) {
                    winner = Some(s);
                    bilateral &= s.bilateral;
                    transition |= s.first_year() == year || s.last_year() == year;
                }
                let Some(w) = winner else { continue };
                row.flags |= w.flags | if transition { TRN } else { 0 };
                row.bilatno += u16::from(bilateral);
                row.number += 1;
                if with_ids {
                    ids.push(w.atopid);
                }
            }
            if row.number > 0 {
                out.push(row);
            }
        }
    }
    (out, ids)
}

/// The flag bits of a set of obligations.
fn obligation_bits(o: &Obligations) -> u8 {
    [(o.defense, DEF), (o.offense, OFF), (o.neutral, NEU), (o.nonagg, NAG), (o.consul, CON)]
        .iter()
        .fold(0, |f, &(on, bit)| if on { f | bit } else { f })
}

/// Appends the alliance columns of an allied row and its line end.
fn push_allied(buf: &mut Vec<u8>, r: &Allied, ids: &[u32], id_columns: usize) {
    let d = |bit: u8| if r.flags & bit != 0 { b'1' } else { b'0' };
    buf.extend_from_slice(&[
        b',',
        b'1',
        b',',
        d(DEF),
        b',',
        d(OFF),
        b',',
        d(NEU),
        b',',
        d(NAG),
        b',',
        d(CON),
        b',',
        d(SHR),
        b',',
        d(TRN),
        b',',
    ]);
    buf.extend_from_slice(Num::new(r.bilatno.into()).bytes());
    buf.push(b',');
    buf.extend_from_slice(Num::new((r.number - r.bilatno).into()).bytes());
    buf.push(b',');
    buf.extend_from_slice(Num::new(r.number.into()).bytes());
    buf.extend_from_slice(&[b',', d(ASY)]);
    if id_columns > 0 {
        let start = r.ids as usize;
        let mine = ids.get(start..start + usize::from(r.number)).unwrap_or(&[]);
        for k in 0..id_columns {
            buf.push(b',');
            if let Some(&id) = mine.get(k) {
                buf.extend_from_slice(Num::new(id.into()).bytes());
            }
        }
    }
    buf.push(b'\n');
}

/// A whole number formatted in decimal, without allocation.
#[derive(Clone, Copy, Debug)]
struct Num {
    buf: [u8; 20],
    start: u8,
}

impl Num {
    fn new(v: i64) -> Num {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let neg = v < 0;
        let mut u = v.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (u % 10) as u8;
            u /= 10;
            if u == 0 {
                break;
            }
        }
        if neg {
            i -= 1;
            buf[i] = b'-';
        }
        Num { buf, start: i as u8 }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[usize::from(self.start)..]
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn formats_numbers() {
        assert_eq!(Num::new(0).bytes(), b"0");
        assert_eq!(Num::new(2018).bytes(), b"2018");
        assert_eq!(Num::new(-42).bytes(), b"-42");
        assert_eq!(Num::new(i64::MIN).bytes(), b"-9223372036854775808");
    }
}
