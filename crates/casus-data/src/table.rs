//! A CSV table read row by row, with columns found by name and every cell parsed with its place.
//!
//! The files are read without CSV quoting: ATOP's and COW's published files hold no double
//! quote, and with quoting a single stray `"` would make the parser read the rest of the file
//! as one quoted cell, losing every later row behind one warning. Without it each line is one
//! record, so a stray quote spoils only its own cell. A cell wholly in quotes (`"1815"`, as
//! some exporters write every cell) is read as what is inside them.

use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use crate::err::{DataError, Dataset, Place, Warning, WarningKind};

/// An open CSV file with a header line.
pub(crate) struct Table {
    path: PathBuf,
    dataset: Dataset,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    headers: Vec<String>,
    /// The byte offset and line of the last record, to count lines from (the CSV parser's
    /// own line numbers are one short on CRLF files).
    last: (u64, u64),
    record: ByteRecord,
    version_col: Option<usize>,
    expected_version: &'static str,
    version_checked: bool,
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

impl Table {
    /// Opens `path` and checks that its header has every required column.
    pub(crate) fn open(path: &Path, spec: &Spec) -> Result<(Table, Vec<usize>), DataError> {
        let bytes = std::fs::read(path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => DataError::MissingFile {
                dataset: spec.dataset,
                path: path.to_path_buf(),
                other_version: None,
                in_subfolder: None,
            },
            _ => DataError::Read { path: path.to_path_buf(), source },
        })?;
        // One record per line: no quoting, and `\n` alone ends a record (a lone `\r` inside a
        // line stays in its cell instead of starting a record that shares the line's number).
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .quoting(false)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(Cursor::new(bytes));
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(path, 1, e))?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 { h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h) } else { h };
                String::from_utf8_lossy(unquote(h)).to_string()
            })
            .collect();
        if headers.is_empty() || headers.iter().all(String::is_empty) {
            return Err(DataError::Empty { path: path.to_path_buf() });
        }
        let version_col = headers.iter().position(|h| h == "version");
        let mut table = Table {
            path: path.to_path_buf(),
            dataset: spec.dataset,
            reader,
            headers,
            last: (0, 1),
            record: ByteRecord::new(),
            version_col,
            expected_version: spec.version,
            version_checked: false,
        };
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

    /// The index of column `name`, if the header has it.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The line of the byte at `offset`, counting on from the last record.
    fn line_at(&mut self, offset: u64) -> u64 {
        let data = self.reader.get_ref().get_ref();
        let (from, line) = self.last;
        let lo = from.min(offset) as usize;
        // On CRLF files the parser's record offset can point at the `\n` ending the line before.
        let mut hi = (offset as usize).min(data.len());
        while hi < data.len() && matches!(data[hi], b'\r' | b'\n') {
            hi += 1;
        }
        let line = line + data[lo..hi.max(lo)].iter().filter(|&&b| b == b'\n').count() as u64;
        self.last = (hi as u64, line);
        line
    }

    /// The first data row's `version` cell, read only to explain a header that does not match.
    fn first_version(&mut self) -> Option<String> {
        let col = self.version_col?;
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => {}
                Ok(true) => return self.record.get(col).map(|v| String::from_utf8_lossy(unquote(v)).to_string()),
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

    /// The next row with as many fields as the header; rows with another count are skipped
    /// with a warning, blank lines in silence. `None` at the end of the file.
    pub(crate) fn next_row(&mut self, warnings: &mut Vec<Warning>) -> Result<Option<Row<'_>>, DataError> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => {
                    let line = self.line_at(e.position().map_or(0, |p| p.byte()));
                    return Err(csv_error(&self.path, line, e));
                }
            }
            let line = self.line_at(self.record.position().map_or(0, |p| p.byte()));
            if is_blank(&self.record) {
                continue;
            }
            if self.record.len() != self.headers.len() {
                warnings.push(Warning {
                    place: Place::line(&self.path, line),
                    kind: WarningKind::FieldCount { found: self.record.len(), expected: self.headers.len() },
                });
                continue;
            }
            if !self.version_checked {
                self.version_checked = true;
                if let Some(col) = self.version_col {
                    let v = String::from_utf8_lossy(unquote(&self.record[col])).to_string();
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
        String::from_utf8_lossy(unquote(&self.table.record[col])).to_string()
    }

    /// The whole number at `col`, `None` when the cell is empty.
    pub(crate) fn opt(&self, col: usize) -> Result<Option<i64>, Warning> {
        let cell = unquote(&self.table.record[col]);
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

/// Whether a record is a blank line (the parser skips empty lines itself; this catches a line
/// of spaces, or the `\r` of an empty CRLF line).
fn is_blank(record: &ByteRecord) -> bool {
    record.len() <= 1 && record.iter().all(|f| f.trim_ascii().is_empty())
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

fn csv_error(path: &Path, line: u64, e: csv::Error) -> DataError {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => DataError::Read { path: path.to_path_buf(), source },
        kind => DataError::Csv { place: Place::line(path, line), message: format!("{kind:?}") },
    }
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
