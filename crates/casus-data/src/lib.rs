//! Alliance datasets for casus: the ATOP v5.1 and Correlates of War v2016 readers, directed
//! dyad-years to CSV and Parquet, and ATOP alliances as casus treaties.
//!
//! * [`atop`] reads the ATOP member file (`atop5_1m.csv`) and alliance file
//!   (`atop5_1a.csv`); [`atop::to_library`] turns each alliance into a casus treaty.
//! * [`cow`] reads COW's state-year file (`system2016.csv`) and, when it is there, the spell
//!   file (`states2016.csv`).
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
pub mod plausible;
mod table;

use std::path::{Path, PathBuf};

pub use err::{DataError, Dataset, Place, Warning, WarningKind};

/// The folder of `dataset`: `dir` if given, else the folder named by the dataset's
/// environment variable (`CASUS_ATOP_DIR`, `CASUS_COW_DIR`), which must then be a folder:
/// only here is it known that the path came from the variable, so the error names it (a
/// folder given as `dir` is checked when it is read).
pub fn data_dir(dataset: Dataset, dir: Option<&Path>) -> Result<PathBuf, DataError> {
    resolve_dir(dataset, dir, std::env::var_os(dataset.env_var()))
}

/// [`data_dir`] with the variable's value given.
fn resolve_dir(dataset: Dataset, dir: Option<&Path>, var: Option<std::ffi::OsString>) -> Result<PathBuf, DataError> {
    match dir {
        Some(d) => Ok(d.to_path_buf()),
        None => match var {
            Some(v) if !v.is_empty() => {
                let path = PathBuf::from(v);
                check_dir_from(dataset, &path, Some(dataset.env_var()))?;
                Ok(path)
            }
            _ => Err(DataError::NoDir { dataset }),
        },
    }
}

/// An error unless `dir` is a folder.
pub(crate) fn check_dir(dataset: Dataset, dir: &Path) -> Result<(), DataError> {
    check_dir_from(dataset, dir, None)
}

/// An error unless `dir` is a folder, naming the environment variable it came from, if any:
/// a FIFO, device or socket is named for what it is, not reported as missing.
fn check_dir_from(dataset: Dataset, dir: &Path, variable: Option<&'static str>) -> Result<(), DataError> {
    use casus_core::load::input::{InputError, Kind};
    match std::fs::metadata(dir).map(|m| Kind::of(&m)) {
        Ok(Kind::Folder) => Ok(()),
        Ok(Kind::File) => Err(DataError::MissingDir { dataset, path: dir.to_path_buf(), variable, is_file: true }),
        Ok(found) => Err(DataError::Input {
            dataset,
            source: InputError::NotRegular { path: dir.to_path_buf(), found, wanted: Kind::Folder },
        }),
        Err(_) => Err(DataError::MissingDir { dataset, path: dir.to_path_buf(), variable, is_file: false }),
    }
}

/// `path` if it is a regular file; `None` if nothing is there; an error naming what it is
/// if it is something else (a FIFO, a folder, a device), or a link to nothing.
pub(crate) fn regular_file(dataset: Dataset, path: &Path) -> Result<Option<PathBuf>, DataError> {
    use casus_core::load::input::{self, InputError};
    match input::regular(path) {
        Ok(_) => Ok(Some(path.to_path_buf())),
        Err(InputError::NotFound { .. }) => Ok(None),
        Err(e) => Err(table::input_error(dataset, path, e)),
    }
}

/// `dir/name`, or an error naming it, and the folder one level down that holds it (as when
/// the published zip was unpacked into a folder of its own) or else another version's file,
/// if `other` matches one.
pub(crate) fn find_file(
    dataset: Dataset,
    dir: &Path,
    name: &str,
    other: impl Fn(&str) -> bool,
) -> Result<PathBuf, DataError> {
    let path = dir.join(name);
    if let Some(found) = regular_file(dataset, &path)? {
        return Ok(found);
    }
    let entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    let mut subfolders: Vec<&PathBuf> = entries.iter().filter(|p| p.is_dir() && p.join(name).is_file()).collect();
    subfolders.sort();
    let mut others: Vec<&PathBuf> = entries
        .iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| other(&n.to_ascii_lowercase())))
        .collect();
    others.sort();
    Err(DataError::MissingFile {
        dataset,
        path,
        other_version: others.first().map(|p| p.to_path_buf()),
        in_subfolder: subfolders.first().map(|p| p.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_from_the_variable_is_checked_and_named() {
        let nowhere = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/no-such-folder");
        let err = resolve_dir(Dataset::Atop, None, Some(nowhere.clone().into_os_string())).expect_err("no folder");
        assert_eq!(
            err.to_string(),
            format!("ATOP v5.1 folder `{}` (from CASUS_ATOP_DIR) not found", nowhere.display())
        );
        assert!(err.help().is_some_and(|h| h.contains("CASUS_ATOP_DIR") && h.contains("http://www.atopdata.org/")));

        // The variable names the member file instead of its folder.
        let member = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/cow/system2016.csv");
        let err = resolve_dir(Dataset::Cow, None, Some(member.clone().into_os_string())).expect_err("a file");
        assert_eq!(
            err.to_string(),
            format!(
                "COW State System Membership v2016 folder `{}` (from CASUS_COW_DIR) is a file, not a folder",
                member.display()
            )
        );
        assert_eq!(
            err.help().as_deref(),
            Some(
                format!(
                    "`CASUS_COW_DIR` should name the folder that holds the COW State System Membership v2016 files, \
                     not a file in it: set it to `{}`",
                    member.parent().expect("a folder").display()
                )
                .as_str()
            )
        );

        // A folder that exists is taken; the argument wins over the variable; no variable, no folder.
        let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/atop");
        assert_eq!(resolve_dir(Dataset::Atop, None, Some(mini.clone().into_os_string())).expect("a folder"), mini);
        assert_eq!(
            resolve_dir(Dataset::Atop, Some(Path::new("/x")), Some(mini.into_os_string())).expect("given"),
            Path::new("/x")
        );
        assert!(matches!(
            resolve_dir(Dataset::Cow, None, Some("".into())),
            Err(DataError::NoDir { dataset: Dataset::Cow })
        ));
        assert!(matches!(resolve_dir(Dataset::Cow, None, None), Err(DataError::NoDir { dataset: Dataset::Cow })));
    }
}
