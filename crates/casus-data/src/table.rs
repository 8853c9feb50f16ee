//! A CSV table read row by row, with columns found by name and every cell parsed with its place.
//!
//! The files are read without CSV quoting: ATOP's and COW's published files hold no double
//! quote, and with quoting a single stray `"` would make the parser read the rest of the file
//! as one quoted cell, losing every later row behind one warning. Without it each line is one
//! record, so a stray quote spoils only its own cell. A cell wholly in quotes (`"1815"`, as
//! some exporters write every cell) is read as what is inside them.
//!
//! The file is streamed a line at a time through [`Lines`]: memory is one line (at most
//! [`MAX_LINE`](casus_core::load::input::MAX_LINE)) plus what the caller keeps, whatever the file's size, and a file of one
//! endless line (2 GB of NULs given as a member file) fails at its first line, at once. A
//! file whose rows mostly cannot be read stops early too ([`DOUBT_AFTER`]), so the warnings
//! kept never outnumber the rows read.

use std::fs::File;
use std::io::BufReader;
use std::ops::Range;
use std::path::{Path, PathBuf};

use casus_core::load::input::{self, InputError, Lines};

use crate::err::{DataError, Dataset, Place, Warning, WarningKind};

/// Skipped rows tolerated before a file is doubted: past this many, a file in which more
/// rows were skipped than read is not read on (it is not the file it is named, or is
/// damaged throughout), and the error says so.
pub(crate) const DOUBT_AFTER: usize = 1_000;

/// An open CSV file with a header line.
pub(crate) struct Table {
    path: PathBuf,
    dataset: Dataset,
    lines: Lines<BufReader<File>>,
    headers: Vec<String>,
    /// The current record's bytes and its fields' ranges in them.
    record: Vec<u8>,
    fields: Vec<Range<usize>>,
    version_col: Option<usize>,
    expected_version: &'static str,
    version_checked: bool,
    /// Data rows met (not blank), rows skipped with a warning, the first of those, and how
    /// far into the caller's warnings they have been counted.
    rows: usize,
    skipped: usize,
    first_skipped: Option<Warning>,
    counted: Option<usize>,
}

/// What the caller needs to know about `path`'s dataset to report problems helpfully.
pub(crate) struct Spec {
    /// The dataset the file belongs to.
    pub dataset: Dataset,
    /// The version casus reads, as the file's `version` column writes it.
    pub version: &'static str,
    /// Columns that must be present, in the order the caller wants their indexes.
    pub required: &'static [&'static str],
}

/// A reading error of `path` as a dataset error: an over-long line is a place in the file.
pub(crate) fn input_error(dataset: Dataset, path: &Path, e: InputError) -> DataError {
    match e {
        InputError::NotFound { .. } => {
            DataError::MissingFile { dataset, path: path.to_path_buf(), other_version: None, in_subfolder: None }
        }
        InputError::LineTooLong { line, .. } => DataError::LineTooLong { place: Place::line(path, line) },
        InputError::Io { source, .. } => DataError::Read { path: path.to_path_buf(), source },
        e => DataError::Input { dataset, source: e },
    }
}

impl Table {
    /// Opens `path` (a regular file; a FIFO or device is refused before it is opened) and
    /// checks that its header has every required column.
    pub(crate) fn open(path: &Path, spec: &Spec) -> Result<(Table, Vec<usize>), DataError> {
        let (file, _) = input::open(path).map_err(|e| input_error(spec.dataset, path, e))?;
        let lines = Lines::new(BufReader::with_capacity(64 << 10, file), Some(path));
        let mut table = Table {
            path: path.to_path_buf(),
            dataset: spec.dataset,
            lines,
            headers: Vec::new(),
            record: Vec::new(),
            fields: Vec::new(),
            version_col: None,
            expected_version: spec.version,
            version_checked: false,
            rows: 0,
            skipped: 0,
            first_skipped: None,
            counted: None,
        };
        // The header is the first line that is not empty.
        loop {
            if !table.read_line()? {
                return Err(DataError::Empty { path: path.to_path_buf() });
            }
            if !table.record.is_empty() {
                break;
            }
        }
        table.headers = (0..table.fields.len())
            .map(|i| {
                let h = table.raw(i);
                let h = if i == 0 { h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h) } else { h };
                String::from_utf8_lossy(unquote(h)).to_string()
            })
            .collect();
        if table.headers.iter().all(String::is_empty) {
            return Err(DataError::Empty { path: path.to_path_buf() });
        }
        table.version_col = table.column("version");
        let mut cols = Vec::with_capacity(spec.required.len());
        let mut missing = Vec::new();
        for &name in spec.required {
            match table.column(name) {
                Some(i) => cols.push(i),
                None => missing.push(name),
            }
        }
        if !missing.is_empty() {
            let found_version = table.first_version();
            return Err(DataError::MissingColumns {
                dataset: spec.dataset,
                path: path.to_path_buf(),
                columns: missing,
                found_version,
                expected_version: spec.version,
            });
        }
        Ok((table, cols))
    }

    /// Reads the next line into the record and splits it at commas; `false` at the end.
    fn read_line(&mut self) -> Result<bool, DataError> {
        let line = match self.lines.next_line() {
            Ok(Some((_, line))) => line,
            Ok(None) => return Ok(false),
            Err(e) => return Err(input_error(self.dataset, &self.path, e)),
        };
        self.record.clear();
        self.record.extend_from_slice(line);
        self.fields.clear();
        let mut start = 0;
        for (i, &b) in self.record.iter().enumerate() {
            if b == b',' {
                self.fields.push(start..i);
                start = i + 1;
            }
        }
        self.fields.push(start..self.record.len());
        Ok(true)
    }

    /// The raw bytes of field `i` of the record.
    fn raw(&self, i: usize) -> &[u8] {
        &self.record[self.fields[i].clone()]
    }

    /// Whether the record is a blank line (spaces, or the `\r` of an empty CRLF line).
    fn is_blank(&self) -> bool {
        self.fields.len() <= 1 && self.record.trim_ascii().is_empty()
    }

    /// The index of column `name`, if the header has it.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The first data row's `version` cell, read only to explain a header that does not match.
    fn first_version(&mut self) -> Option<String> {
        let col = self.version_col?;
        loop {
            match self.read_line() {
                Ok(true) if self.is_blank() => {}
                Ok(true) => {
                    return (col < self.fields.len())
                        .then(|| String::from_utf8_lossy(unquote(self.raw(col))).to_string());
                }
                _ => return None,
            }
        }
    }

    /// An error if no row of the file was kept: `kept` rows were, and `warnings` are this
    /// file's.
    pub(crate) fn finish(&self, kept: usize, warnings: &[Warning]) -> Result<(), DataError> {
        if kept > 0 {
            return Ok(());
        }
        Err(DataError::NoRows {
            dataset: self.dataset,
            path: self.path.clone(),
            skipped: warnings.iter().filter(|w| w.skipped_row()).cloned().collect(),
        })
    }

    /// Counts the rows skipped since the last call (the caller's warnings from `counted` on),
    /// and stops the read when the file is to be doubted. Amortised constant time per row.
    fn doubt(&mut self, warnings: &[Warning]) -> Result<(), DataError> {
        let from = *self.counted.get_or_insert(warnings.len());
        for w in warnings[from.min(warnings.len())..].iter().filter(|w| w.skipped_row()) {
            self.skipped += 1;
            if self.first_skipped.is_none() {
                self.first_skipped = Some(w.clone());
            }
        }
        self.counted = Some(warnings.len());
        if self.skipped > DOUBT_AFTER && self.skipped * 2 > self.rows {
            return Err(DataError::MostRowsSkipped {
                dataset: self.dataset,
                path: self.path.clone(),
                skipped: self.skipped,
                rows: self.rows,
                first: Box::new(self.first_skipped.clone().unwrap_or_else(|| Warning {
                    place: Place::line(&self.path, self.lines.number()),
                    kind: WarningKind::Empty,
                })),
            });
        }
        Ok(())
    }

    /// The next row with as many fields as the header; rows with another count are skipped
    /// with a warning, blank lines in silence. `None` at the end of the file.
    pub(crate) fn next_row(&mut self, warnings: &mut Vec<Warning>) -> Result<Option<Row<'_>>, DataError> {
        loop {
            self.doubt(warnings)?;
            if !self.read_line()? {
                return Ok(None);
            }
            let line = self.lines.number();
            if self.is_blank() {
                continue;
            }
            self.rows += 1;
            if self.fields.len() != self.headers.len() {
                warnings.push(Warning {
                    place: Place::line(&self.path, line),
                    kind: WarningKind::FieldCount { found: self.fields.len(), expected: self.headers.len() },
                });
                continue;
            }
            if !self.version_checked {
                self.version_checked = true;
                if let Some(col) = self.version_col {
                    let v = String::from_utf8_lossy(unquote(self.raw(col))).to_string();
                    if v != self.expected_version {
                        warnings.push(Warning {
                            place: Place::cell(&self.path, line, "version"),
                            kind: WarningKind::OtherVersion { found: v, expected: self.expected_version },
                        });
                    }
                }
            }
            return Ok(Some(Row { table: self, line }));
        }
    }
}

/// One row of a [`Table`], with its line number for warnings.
pub(crate) struct Row<'a> {
    table: &'a Table,
    line: u64,
}

impl Row<'_> {
    /// The row's first line in the file.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// A warning at `col` of this row.
    pub(crate) fn warn(&self, col: usize, kind: WarningKind) -> Warning {
        Warning { place: Place::cell(&self.table.path, self.line, &self.table.headers[col]), kind }
    }

    /// A warning at this row as a whole.
    pub(crate) fn warn_row(&self, kind: WarningKind) -> Warning {
        Warning { place: Place::line(&self.table.path, self.line), kind }
    }

    /// The cell at `col` as text.
    pub(crate) fn text(&self, col: usize) -> String {
        String::from_utf8_lossy(unquote(self.table.raw(col))).to_string()
    }

    /// The whole number at `col`, `None` when the cell is empty.
    pub(crate) fn opt(&self, col: usize) -> Result<Option<i64>, Warning> {
        let cell = unquote(self.table.raw(col));
        parse_int(cell).map_err(|()| self.warn(col, WarningKind::NotANumber { value: self.text(col) }))
    }

    /// The whole number at `col`, which must not be empty.
    pub(crate) fn int(&self, col: usize) -> Result<i64, Warning> {
        self.opt(col)?.ok_or_else(|| self.warn(col, WarningKind::Empty))
    }

    /// The whole number at `col` within `lo..=hi`.
    pub(crate) fn within(&self, col: usize, lo: i64, hi: i64, allowed: &'static str) -> Result<i64, Warning> {
        let v = self.int(col)?;
        self.check(col, v, lo, hi, allowed)
    }

    /// The whole number at `col` within `lo..=hi`, or `None` when empty.
    pub(crate) fn opt_within(
        &self,
        col: usize,
        lo: i64,
        hi: i64,
        allowed: &'static str,
    ) -> Result<Option<i64>, Warning> {
        self.opt(col)?.map(|v| self.check(col, v, lo, hi, allowed)).transpose()
    }

    /// A 0/1 flag at `col`.
    pub(crate) fn flag(&self, col: usize) -> Result<bool, Warning> {
        Ok(self.within(col, 0, 1, "0 or 1")? == 1)
    }

    fn check(&self, col: usize, v: i64, lo: i64, hi: i64, allowed: &'static str) -> Result<i64, Warning> {
        if (lo..=hi).contains(&v) { Ok(v) } else { Err(self.warn(col, WarningKind::OutOfRange { value: v, allowed })) }
    }
}

/// A cell without the spaces around it, nor the double quotes around that, if it has one at
/// each end (a lone quote stays, so the cell is reported as it is).
fn unquote(cell: &[u8]) -> &[u8] {
    let cell = cell.trim_ascii();
    match cell {
        [b'"', inner @ .., b'"'] => inner.trim_ascii(),
        _ => cell,
    }
}

/// Parses a whole number, allowing surrounding spaces and a zero fraction (`1815.0`, as some
/// exporters write integers); `Ok(None)` for an empty cell.
pub(crate) fn parse_int(cell: &[u8]) -> Result<Option<i64>, ()> {
    let cell = cell.trim_ascii();
    if cell.is_empty() {
        return Ok(None);
    }
    let (neg, digits) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, cell),
    };
    let (int, frac) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], &digits[dot + 1..]),
        None => (digits, &digits[digits.len()..]),
    };
    if int.is_empty() || int.len() > 18 || !frac.iter().all(|&b| b == b'0') {
        return Err(());
    }
    let mut v: i64 = 0;
    for &b in int {
        if !b.is_ascii_digit() {
            return Err(());
        }
        v = v * 10 + i64::from(b - b'0');
    }
    Ok(Some(if neg { -v } else { v }))
}

#[cfg(test)]
mod tests {
    use super::{parse_int, unquote};

    #[test]
    fn unquotes_only_cells_wholly_in_quotes() {
        assert_eq!(unquote(b" \"1815\" "), b"1815");
        assert_eq!(unquote(b"\"1815"), b"\"1815");
        assert_eq!(unquote(b"18\"15"), b"18\"15");
        assert_eq!(unquote(b"\""), b"\"");
        assert_eq!(unquote(b"\"\""), b"");
        assert_eq!(unquote(b"5.1\r"), b"5.1");
    }

    #[test]
    fn parses_whole_numbers() {
        assert_eq!(parse_int(b"1815"), Ok(Some(1815)));
        assert_eq!(parse_int(b" 7 "), Ok(Some(7)));
        assert_eq!(parse_int(b"-9"), Ok(Some(-9)));
        assert_eq!(parse_int(b"1815.0"), Ok(Some(1815)));
        assert_eq!(parse_int(b""), Ok(None));
        assert_eq!(parse_int(b"18x5"), Err(()));
        assert_eq!(parse_int(b"1.5"), Err(()));
        assert_eq!(parse_int(b"-"), Err(()));
        assert_eq!(parse_int(b".0"), Err(()));
    }
}
