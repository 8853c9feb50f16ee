//! Turning the paths a user gives into the files to read, and reading them: every user path
//! goes through [`casus_core::load::input`], so that only regular files are read (a FIFO or
//! `/dev/zero` is refused by name), reads are capped, and a folder with nothing to read is
//! an error rather than a silent fall-back to the built-in library.

use std::path::Path;
use std::process::ExitCode;

use casus_core::load::input::{self, InputError, Limit};

/// An input that could not be read, as the CLI reports it: the message, then its help.
#[derive(Debug)]
pub struct InputFailure(pub InputError);

impl std::fmt::Display for InputFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(h) = self.0.help() {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputFailure {}

impl From<InputError> for InputFailure {
    fn from(e: InputError) -> Self {
        InputFailure(e)
    }
}

/// The exit status for an error that stopped a command: 1 when the input itself is wrong (a
/// FIFO or device given as a file, a file over its size cap, a folder with nothing to read,
/// a parameter file that is not UTF-8), 2 when casus could not run (nothing at the path, no
/// permission, an I/O error — and any other error).
pub fn exit_status(err: &anyhow::Error) -> ExitCode {
    match err.downcast_ref::<InputFailure>() {
        Some(InputFailure(e)) if e.is_invalid_input() => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

/// Expands files and folders into files: a file is taken as given (it must be a regular
/// file); a folder is searched recursively, following symbolic links, for files with one of
/// `extensions`, in path order so that output is stable. A folder with no such file, a FIFO
/// or device, a link to nothing where a file would be read: errors. Notes (a folder named
/// like a file, a file reached twice) go to standard error.
pub fn collect(paths: &[String], extensions: &[&str]) -> anyhow::Result<Vec<String>> {
    collect_with(paths, extensions, false)
}

/// [`collect`], where a folder with no such file gives no file rather than an error (a
/// folder being watched for files to come).
pub fn collect_maybe_empty(paths: &[String], extensions: &[&str]) -> anyhow::Result<Vec<String>> {
    collect_with(paths, extensions, true)
}

fn collect_with(paths: &[String], extensions: &[&str], allow_empty: bool) -> anyhow::Result<Vec<String>> {
    let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
    let found = input::collect(&paths, extensions, allow_empty).map_err(InputFailure)?;
    for n in &found.notes {
        eprintln!("note: {n}");
    }
    Ok(found.files.into_iter().map(|p| p.to_string_lossy().into_owned()).collect())
}

/// The bytes of a treaty file (`.casus` or JSON): a regular file of at most
/// [`Limit::TREATY`].
pub fn read_treaty(path: &str) -> anyhow::Result<Vec<u8>> {
    Ok(input::read(Path::new(path), Limit::TREATY).map_err(InputFailure)?)
}

/// Standard input for `casus fmt -`, at most [`Limit::TREATY`].
pub fn read_treaty_stdin() -> anyhow::Result<Vec<u8>> {
    Ok(input::read_stdin(Limit::TREATY).map_err(InputFailure)?)
}

/// A text file (standard input for `-`) of at most `limit`, which must be UTF-8: an error
/// names the line and column of the first byte that is not.
pub fn read_text(path: &str, limit: Limit) -> anyhow::Result<String> {
    Ok(input::read_text(path, limit).map_err(InputFailure)?)
}

/// The treaty files under `paths` (`.casus` and `.json`), read, as the library crate takes
/// them.
pub fn inputs(paths: &[String]) -> anyhow::Result<Vec<casus_ops::assemble::Input>> {
    inputs_of(&collect(paths, &["casus", "json"])?)
}

/// The files of `list`, read (each capped as a treaty file).
pub fn inputs_of(list: &[String]) -> anyhow::Result<Vec<casus_ops::assemble::Input>> {
    list.iter().map(|f| Ok(casus_ops::assemble::Input { name: f.clone(), bytes: read_treaty(f)? })).collect()
}
