//! Errors and warnings of the readers and writers, each with its place: file, line, column.
//!
//! An error stops a read: the file cannot be trusted as a whole (a folder or file is
//! missing, a column is missing, the CSV syntax is broken). A [`Warning`] reports one row
//! that was skipped, or a doubt about a file that was still read; warnings are returned with
//! the data, never printed or dropped by this crate.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A published dataset that casus reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// Alliance Treaty Obligations and Provisions, version 5.1.
    Atop,
    /// Correlates of War State System Membership, version 2016.
    Cow,
}

impl Dataset {
    /// The dataset's name and version as users know it.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Atop => "ATOP v5.1",
            Dataset::Cow => "COW State System Membership v2016",
        }
    }

    /// The environment variable that points at the dataset's folder.
    pub fn env_var(self) -> &'static str {
        match self {
            Dataset::Atop => "CASUS_ATOP_DIR",
            Dataset::Cow => "CASUS_COW_DIR",
        }
    }

    /// The `casus` option that names the dataset's folder.
    pub fn flag(self) -> &'static str {
        match self {
            Dataset::Atop => "--atop DIR",
            Dataset::Cow => "--cow DIR",
        }
    }

    /// Where the dataset is published.
    pub fn url(self) -> &'static str {
        match self {
            Dataset::Atop => "http://www.atopdata.org/",
            Dataset::Cow => "https://correlatesofwar.org/",
        }
    }

    /// Advice on getting the data and pointing casus at it.
    pub fn help(self) -> String {
        format!(
            "the {} data is published at {}; unpack its CSV files into a folder and give that folder \
             with `{}`, or set `{}` to it",
            self.name(),
            self.url(),
            self.flag(),
            self.env_var()
        )
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A place in an input file: the file, a 1-based line and, where one is to blame, a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub file: PathBuf,
    /// The line, counting the header as line 1.
    pub line: u64,
    /// The column's name in the header, when one column is to blame.
    pub column: Option<String>,
}

impl Place {
    /// A place in `file` at `line`, with no particular column.
    pub fn line(file: &Path, line: u64) -> Place {
        Place { file: file.to_path_buf(), line, column: None }
    }

    /// A place in `file` at `line` in `column`.
    pub fn cell(file: &Path, line: u64, column: &str) -> Place {
        Place { file: file.to_path_buf(), line, column: Some(column.to_string()) }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column `{c}`")?;
        }
        Ok(())
    }
}

/// Why reading or writing data failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// No folder was given and the dataset's environment variable is not set.
    #[error("no {dataset} folder given")]
    NoDir {
        /// The dataset.
        dataset: Dataset,
    },
    /// The dataset's folder does not exist, or is a file.
    #[error(
        "{dataset} folder `{}`{} {}",
        path.display(),
        variable.map_or(String::new(), |v| format!(" (from {v})")),
        if *is_file { "is a file, not a folder" } else { "not found" }
    )]
    MissingDir {
        /// The dataset.
        dataset: Dataset,
        /// The folder.
        path: PathBuf,
        /// The environment variable the folder came from, when it was not given as an argument.
        variable: Option<&'static str>,
        /// The path is a file (such as the member file itself) rather than a folder.
        is_file: bool,
    },
    /// A file of the dataset is not in its folder.
    #[error("{dataset} file `{}` not found", path.display())]
    MissingFile {
        /// The dataset.
        dataset: Dataset,
        /// The file looked for.
        path: PathBuf,
        /// A file of another version of the dataset found in the same folder.
        other_version: Option<PathBuf>,
        /// A folder inside the one given that holds the file (as when the published zip is
        /// unpacked into a folder of its own, `ATOP 5.1 (.csv)/`).
        in_subfolder: Option<PathBuf>,
    },
    /// A file could not be opened or read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// A file has no header line.
    #[error("{}: empty file, no header line", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A file has a header but no row that could be read: no data row at all, or only rows
    /// that were skipped.
    #[error(
        "{}: {}",
        path.display(),
        if skipped.is_empty() {
            "no data rows, only the header line".to_string()
        } else {
            format!("none of its {} data row{} could be read", skipped.len(), plural(skipped.len()))
        }
    )]
    NoRows {
        /// The dataset.
        dataset: Dataset,
        /// The file.
        path: PathBuf,
        /// The warnings of the rows that were skipped, in file order.
        skipped: Vec<Warning>,
    },
    /// The header lacks columns the reader needs.
    #[error("{}:1: missing column{} {}{}", path.display(), plural(columns.len()), backticked(columns), version_note(found_version.as_deref(), expected_version))]
    MissingColumns {
        /// The dataset the file belongs to.
        dataset: Dataset,
        /// The file.
        path: PathBuf,
        /// The columns not found, in the order the reader needs them.
        columns: Vec<&'static str>,
        /// The version the file declares in its `version` column, if it has one.
        found_version: Option<String>,
        /// The version the reader expects.
        expected_version: &'static str,
    },
    /// The CSV syntax is broken at a place.
    #[error("{place}: {message}")]
    Csv {
        /// Where.
        place: Place,
        /// What the CSV parser found.
        message: String,
    },
    /// A line is longer than any line of the published files could be
    /// ([`casus_core::load::input::MAX_LINE`]): the file is not what it is named (or is one
    /// endless line, such as a file of NULs); it is not read on.
    #[error("{place}: the line is longer than {}, the most casus reads in one line: not a CSV file of the dataset", casus_core::load::input::size(casus_core::load::input::MAX_LINE as u64))]
    LineTooLong {
        /// The file and line.
        place: Place,
    },
    /// A path of the dataset names something casus does not read: a FIFO, a device or a
    /// folder where a file should be (or a file where the folder should be).
    #[error("{dataset}: {source}")]
    Input {
        /// The dataset.
        dataset: Dataset,
        /// What is wrong with the path.
        source: casus_core::load::input::InputError,
    },
    /// So many rows were skipped, more than were read, that the file is not read on: it is
    /// probably not the file it is named.
    #[error(
        "{}: {skipped} of the first {rows} data rows could not be read (the first, line {}{}: {}): is this the {dataset} file?",
        path.display(),
        first.place.line,
        first.place.column.as_ref().map_or(String::new(), |c| format!(", column `{c}`")),
        first.kind
    )]
    MostRowsSkipped {
        /// The dataset.
        dataset: Dataset,
        /// The file.
        path: PathBuf,
        /// Rows skipped when the read stopped.
        skipped: usize,
        /// Data rows met by then.
        rows: usize,
        /// The first row skipped.
        first: Box<Warning>,
    },
    /// The rows were read but do not fit together as the dataset's do: most member codes
    /// are no state, most member rows name no alliance of the alliance file, most
    /// memberships name no state of the state system.
    #[error("{place}: {message}")]
    Implausible {
        /// The file and the column to blame (at the first row that does not fit).
        place: Place,
        /// What does not fit, with counts and examples.
        message: String,
        /// What is probably wrong.
        hint: Option<String>,
    },
    /// The requested year range is empty.
    #[error("year range {from}–{to} is empty")]
    Years {
        /// First year asked for.
        from: i32,
        /// Last year asked for.
        to: i32,
    },
    /// Output could not be written.
    #[error("cannot write {}: {source}", path.as_ref().map_or("output".to_string(), |p| format!("`{}`", p.display())))]
    Write {
        /// The output file, when writing to one.
        path: Option<PathBuf>,
        /// The system's reason.
        source: io::Error,
    },
    /// The output file's name ends in neither `.csv` nor `.parquet`.
    #[error("cannot tell the format of `{}` from its name", path.display())]
    OutputFormat {
        /// The output file.
        path: PathBuf,
    },
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("cannot write Parquet{}: {source}", path.as_ref().map_or(String::new(), |p| format!(" to `{}`", p.display())))]
    Parquet {
        /// The output file, when writing to one.
        path: Option<PathBuf>,
        /// The Parquet library's reason.
        source: parquet::errors::ParquetError,
    },
    /// Parquet output was asked for but casus was built without it.
    #[cfg(not(feature = "parquet"))]
    #[error("this build of casus cannot write Parquet")]
    NoParquet,
}

impl DataError {
    /// Advice for the user, where there is any.
    pub fn help(&self) -> Option<String> {
        match self {
            DataError::NoDir { dataset } => Some(dataset.help()),
            DataError::MissingDir { dataset, path, variable, is_file: true } => {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                Some(match variable {
                    Some(v) => format!(
                        "`{v}` should name the folder that holds the {} files, not a file in it: set it to `{}`",
                        dataset.name(),
                        parent.display()
                    ),
                    None => format!(
                        "give the folder that holds the {} files, not a file in it: did you mean `{}`?",
                        dataset.name(),
                        parent.display()
                    ),
                })
            }
            DataError::MissingDir { dataset, .. } => Some(dataset.help()),
            DataError::MissingFile { path, in_subfolder: Some(sub), .. } => Some(format!(
                "did you mean `{}`? it holds `{}` (unpacking the published zip makes such a folder)",
                sub.display(),
                path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())
            )),
            DataError::MissingFile { dataset, other_version: Some(other), .. } => Some(format!(
                "found `{}`, which is another version; casus reads {}: {}",
                other.display(),
                dataset.name(),
                dataset.help()
            )),
            DataError::MissingFile { dataset, .. } => Some(dataset.help()),
            DataError::MissingColumns { dataset, found_version: Some(v), expected_version, .. }
                if v != expected_version =>
            {
                Some(format!(
                    "this is another version of the data; casus reads the files of {} as published, with their \
                     header line: {}",
                    dataset.name(),
                    dataset.url()
                ))
            }
            DataError::MissingColumns { dataset, .. } => Some(format!(
                "casus reads the files of {} as published, with their header line: {}",
                dataset.name(),
                dataset.url()
            )),
            DataError::NoRows { dataset, skipped, .. } => Some(match skipped.first() {
                Some(w) => {
                    let column = w.place.column.as_ref().map_or(String::new(), |c| format!(", column `{c}`"));
                    format!("every row was skipped; the first, line {}{column}: {}", w.place.line, w.kind)
                }
                None => {
                    format!("is the file cut short? the {} files are published at {}", dataset.name(), dataset.url())
                }
            }),
            DataError::OutputFormat { .. } => Some("name the output `….csv` or `….parquet`".to_string()),
            DataError::Input { source, .. } => source.help(),
            DataError::LineTooLong { .. } | DataError::MostRowsSkipped { .. } => Some(format!(
                "casus reads the CSV files of {} as published, one row per line: {}",
                self.dataset().map_or("the dataset", Dataset::name),
                self.dataset().map_or("", Dataset::url)
            )),
            DataError::Implausible { hint, .. } => hint.clone(),
            #[cfg(not(feature = "parquet"))]
            DataError::NoParquet => Some("build casus-data with its `parquet` feature".to_string()),
            _ => None,
        }
    }

    /// The dataset the error concerns, where one is known.
    pub fn dataset(&self) -> Option<Dataset> {
        match self {
            DataError::NoDir { dataset }
            | DataError::MissingDir { dataset, .. }
            | DataError::MissingFile { dataset, .. }
            | DataError::NoRows { dataset, .. }
            | DataError::MissingColumns { dataset, .. }
            | DataError::Input { dataset, .. }
            | DataError::MostRowsSkipped { dataset, .. } => Some(*dataset),
            DataError::LineTooLong { place } | DataError::Implausible { place, .. } => {
                let name = place.file.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                Some(if name.starts_with("atop") { Dataset::Atop } else { Dataset::Cow })
            }
            _ => None,
        }
    }

    /// Whether the error is about the data given (exit status 1) rather than data casus
    /// could not reach or output it could not write (exit status 2).
    pub fn is_invalid_input(&self) -> bool {
        match self {
            DataError::NoDir { .. }
            | DataError::MissingDir { .. }
            | DataError::MissingFile { .. }
            | DataError::Read { .. }
            | DataError::Write { .. } => false,
            #[cfg(feature = "parquet")]
            DataError::Parquet { .. } => false,
            DataError::Input { source, .. } => source.is_invalid_input(),
            _ => true,
        }
    }

    /// The place in an input file the error concerns, if it concerns one.
    pub fn place(&self) -> Option<Place> {
        match self {
            DataError::Csv { place, .. } | DataError::LineTooLong { place } | DataError::Implausible { place, .. } => {
                Some(place.clone())
            }
            DataError::MostRowsSkipped { first, .. } => Some(first.place.clone()),
            DataError::MissingColumns { path, columns, .. } => {
                Some(Place { file: path.clone(), line: 1, column: columns.first().map(|c| c.to_string()) })
            }
            DataError::Empty { path } => Some(Place::line(path, 1)),
            DataError::NoRows { path, skipped, .. } => {
                Some(skipped.first().map_or_else(|| Place::line(path, 1), |w| w.place.clone()))
            }
            _ => None,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn backticked(columns: &[&str]) -> String {
    columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
}

fn version_note(found: Option<&str>, expected: &str) -> String {
    match found {
        Some(v) if v != expected => format!(" (the file says it is version `{v}`; casus reads version {expected})"),
        _ => String::new(),
    }
}

/// Something wrong with an input that did not stop the read: a skipped row, or a doubt
/// about a file that was read all the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub place: Place,
    /// What.
    pub kind: WarningKind,
}

impl Warning {
    /// Whether the row at the warning's place was left out of the data.
    pub fn skipped_row(&self) -> bool {
        !matches!(self.kind, WarningKind::OtherVersion { .. } | WarningKind::NotInAlliances { .. })
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.kind)?;
        if self.skipped_row() {
            f.write_str("; row skipped")?;
        }
        Ok(())
    }
}

/// What a [`Warning`] is about.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// A row has another number of fields than the header: fewer (a truncated line) or more
    /// (a stray comma).
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A cell that must hold a number is empty.
    Empty,
    /// A cell that must hold a whole number does not.
    NotANumber {
        /// The cell's text.
        value: String,
    },
    /// A number is outside the values the codebook allows.
    OutOfRange {
        /// The number.
        value: i64,
        /// What is allowed, in words.
        allowed: &'static str,
    },
    /// A membership (an ATOP member row, a COW membership spell) ends before it begins.
    InvertedDates {
        /// The entry, `yyyy-mm-dd` with `??` for an unknown day.
        entry: String,
        /// The exit, in the same form.
        exit: String,
    },
    /// An alliance (a row of ATOP's alliance file) ends before it begins.
    InvertedAlliance {
        /// The beginning, `yyyy-mm-dd` with `??` for an unknown day.
        begin: String,
        /// The end, in the same form.
        end: String,
    },
    /// A state-year appears twice.
    Duplicate {
        /// The line where it first appears.
        first_line: u64,
    },
    /// The file declares another version than the one casus reads, yet has every column casus
    /// needs (a file with a column missing is a [`DataError::MissingColumns`] instead).
    OtherVersion {
        /// The version in the file.
        found: String,
        /// The version casus reads.
        expected: &'static str,
    },
    /// Member rows name alliances (`atopid`) the alliance file does not have: a few, so they
    /// are read all the same (most would be a [`DataError::Implausible`]). The warning's
    /// place is the first such row.
    NotInAlliances {
        /// How many member rows.
        rows: usize,
        /// Of how many.
        of: usize,
        /// The alliance file.
        file: String,
        /// The first few alliance ids missing.
        examples: Vec<u32>,
    },
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::FieldCount { found, expected } => write!(
                f,
                "row has {found} field{} but the header has {expected} ({})",
                plural(*found),
                if found > expected { "extra fields: a stray comma?" } else { "truncated line?" }
            ),
            WarningKind::Empty => f.write_str("empty cell where a number is required"),
            WarningKind::NotANumber { value } => write!(f, "`{value}` is not a whole number"),
            WarningKind::OutOfRange { value, allowed } => write!(f, "`{value}` is out of range: expected {allowed}"),
            WarningKind::InvertedDates { entry, exit } => {
                write!(f, "membership ends ({exit}) before it begins ({entry})")
            }
            WarningKind::InvertedAlliance { begin, end } => {
                write!(f, "the alliance ends ({end}) before it begins ({begin})")
            }
            WarningKind::Duplicate { first_line } => write!(f, "duplicate of line {first_line}"),
            WarningKind::NotInAlliances { rows, of, file, examples } => write!(
                f,
                "{rows} of {of} member rows name an alliance that `{file}` does not have ({}); they are read all the same",
                examples.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
            WarningKind::OtherVersion { found, expected } => {
                write!(
                    f,
                    "the file declares version `{found}`, not {expected}; it has every column casus needs, so it \
                     was read anyway"
                )
            }
        }
    }
}
