//! Alliance datasets for casus: the ATOP v5.1 and Correlates of War v2016 readers, directed
//! dyad-years to CSV and Parquet, and ATOP alliances as casus treaties.
//!
//! * [`atop`] reads the ATOP member file (`atop5_1m.csv`) and alliance file
//!   (`atop5_1a.csv`); [`atop::to_library`] turns each alliance into a casus treaty.
//! * [`cow`] reads COW's state-year file (`system2016.csv`) and spell file
//!   (`states2016.csv`).
//! * [`dyads`] builds the directed dyad-year table of the state system with ATOP's alliance
//!   columns and streams it as CSV or Parquet in bounded memory.
//!
//! The data is not part of casus: it is read from the folders holding the published files
//! under their published names, given by the caller or by `CASUS_ATOP_DIR` and
//! `CASUS_COW_DIR`. A missing folder or file is an error that says where the data is
//! published. Bad rows are skipped and reported as [`Warning`]s that come back with the
//! data, each naming its file, line and column; a file that cannot be read as a whole is a
//! [`DataError`] with the same places.
//!
//! # Example
//!
//! ```no_run
//! use std::path::Path;
//! use casus_data::atop::AtopData;
//! use casus_data::cow::CowData;
//! use casus_data::dyads::{DyadOptions, DyadTable};
//!
//! # fn main() -> Result<(), casus_data::DataError> {
//! let atop = AtopData::read_dir(&AtopData::dir(None)?)?; // $CASUS_ATOP_DIR
//! let cow = CowData::read_dir(Path::new("data/cow"))?;
//! for w in atop.warnings.iter().chain(&cow.warnings) {
//!     eprintln!("warning: {w}");
//! }
//! let options = DyadOptions { from: Some(1946), to: Some(2018), alliance_ids: true, ..DyadOptions::default() };
//! let table = DyadTable::new(&atop, &cow, &options)?;
//! let written = table.write_path(Path::new("dyads.parquet"))?;
//! println!("{} rows, {} allied", written.rows, written.allied);
//! // Or row by row, without writing anything:
//! let defence = table.rows().filter(|r| r.alliances.is_some_and(|a| a.defense)).count();
//! # let _ = defence;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod atop;
pub mod cow;
pub mod dyads;
pub mod err;
mod table;

use std::path::{Path, PathBuf};

pub use err::{DataError, Dataset, Place, Warning, WarningKind};

/// The folder of `dataset`: `dir` if given, else the folder named by the dataset's
/// environment variable (`CASUS_ATOP_DIR`, `CASUS_COW_DIR`).
pub fn data_dir(dataset: Dataset, dir: Option<&Path>) -> Result<PathBuf, DataError> {
    match dir {
        Some(d) => Ok(d.to_path_buf()),
        None => match std::env::var_os(dataset.env_var()) {
            Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
            _ => Err(DataError::NoDir { dataset }),
        },
    }
}

/// An error unless `dir` is a folder.
pub(crate) fn check_dir(dataset: Dataset, dir: &Path) -> Result<(), DataError> {
    if dir.is_dir() { Ok(()) } else { Err(DataError::MissingDir { dataset, path: dir.to_path_buf() }) }
}

/// `dir/name`, or an error naming it (and another version's file, if `other` matches one).
pub(crate) fn find_file(
    dataset: Dataset,
    dir: &Path,
    name: &str,
    other: impl Fn(&str) -> bool,
) -> Result<PathBuf, DataError> {
    let path = dir.join(name);
    if path.is_file() {
        return Ok(path);
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| other(&n.to_ascii_lowercase())))
                .collect()
        })
        .unwrap_or_default();
    others.sort();
    Err(DataError::MissingFile { dataset, path, other_version: others.into_iter().next() })
}
