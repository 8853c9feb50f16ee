//! The treaties a command works with: the built-in library, `--library` paths, and ATOP's
//! alliances (`--atop`), beside one another or alone (`--no-builtin`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use casus_core::{Library, Loaded};
use casus_data::DataError;

/// Where the treaties come from: shared by eval, explain, simulate, obligations and network.
#[derive(Args, Debug, Default, Clone)]
pub struct LibraryArgs {
    /// Treaty files or folders to use instead of the built-in library (repeatable).
    #[arg(long, value_name = "PATH", help_heading = "Library")]
    pub library: Vec<String>,
    /// Add ATOP 5.1's alliances as treaties `atop-N`, read from the folder holding
    /// atop5_1m.csv and atop5_1a.csv (without DIR: $CASUS_ATOP_DIR). Before other
    /// arguments that are not options, write `--atop=DIR`.
    #[arg(long, value_name = "DIR", num_args = 0..=1, help_heading = "Library")]
    pub atop: Option<Option<PathBuf>>,
    /// Leave out the built-in library: with --atop, ATOP's alliances alone (with --library
    /// the built-in library is left out already).
    #[arg(long, help_heading = "Library")]
    pub no_builtin: bool,
}

impl LibraryArgs {
    /// Where the treaties come from, in words (`the built-in library and ATOP 5.1`).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.library.is_empty() {
            parts.push(format!("--library {}", self.library.join(" ")));
        } else if !self.no_builtin {
            parts.push("the built-in library".to_string());
        }
        if self.atop.is_some() {
            parts.push("ATOP 5.1".to_string());
        }
        if parts.is_empty() { "no treaties".to_string() } else { parts.join(" and ") }
    }
}

/// The base of a library assembly: the `--library` files (read, those `skip` names left
/// out), else the built-in library, or nothing with `--no-builtin`.
pub fn base(
    library: &[String],
    no_builtin: bool,
    skip: impl Fn(&str) -> bool,
) -> anyhow::Result<casus_ops::assemble::Base> {
    use casus_ops::assemble::{Base, Input};
    if library.is_empty() {
        return Ok(if no_builtin { Base::None } else { Base::Builtin });
    }
    let mut texts = Vec::new();
    for file in crate::files::collect(library, &["casus", "json"])? {
        if skip(&file) {
            continue;
        }
        let text = crate::files::read_text(&file, casus_core::load::input::Limit::TREATY)?;
        texts.push(Input::text(file, text));
    }
    Ok(Base::Replace(texts))
}

/// Loads `files` with the library `args` describe, leaving the diagnostics to the caller
/// (`casus check` and `casus test` report them their own way). On `Err` ATOP's problem has
/// been printed and the value is the exit status.
pub fn load_unchecked(files: &[String], args: &LibraryArgs) -> anyhow::Result<Result<Loaded, ExitCode>> {
    let atop = match &args.atop {
        None => None,
        Some(dir) => match atop(dir.as_deref()) {
            Ok(lib) => Some(lib),
            Err(code) => return Ok(Err(code)),
        },
    };
    Ok(Ok(crate::load_with(files, &args.library, !args.no_builtin, atop)?))
}

/// Loads `files` with the library `args` describe, checked; prints ATOP's warnings. On
/// `Err` the problem has been printed and the value is the exit status (1 invalid input,
/// 2 could not run).
pub fn load(files: &[String], args: &LibraryArgs) -> anyhow::Result<Result<Loaded, ExitCode>> {
    let loaded = match load_unchecked(files, args)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(Err(code)),
    };
    if loaded.has_errors() {
        eprint!("{}", crate::render::text_report(&loaded));
        return Ok(Err(ExitCode::from(1)));
    }
    if loaded.library.treaties.is_empty() && args.no_builtin && args.library.is_empty() && args.atop.is_none() {
        return Ok(Err(crate::refuse(
            "error: --no-builtin leaves no treaty to use\n  help: add --atop [DIR] or --library PATH, or leave out --no-builtin",
        )));
    }
    Ok(Ok(loaded))
}

/// The exit status of a dataset error: 2 when casus could not run (no folder, a missing or
/// unreadable file, an output that cannot be written — Parquet errors come only from
/// writing), 1 when the data itself is wrong (including a FIFO or folder where a file should
/// be, a file that is not the dataset's, data that does not fit together).
pub fn data_exit(e: &DataError) -> ExitCode {
    if e.is_invalid_input() { ExitCode::from(1) } else { ExitCode::from(2) }
}

/// ATOP's alliances as a library, named by the folder they were read from. Read warnings
/// are printed (`warning: …`, a note on the members left out because no ISO code names them,
/// then `ATOP: N rows skipped`); on error the message is printed
/// and the exit status returned.
pub fn atop(dir: Option<&Path>) -> Result<(String, Library), ExitCode> {
    use casus_ops::atop::Note;
    let atop = casus_ops::atop::load(dir).map_err(|e: DataError| {
        let mut help = e.help();
        if let Some(d) = dir
            && d.is_file()
        {
            help = Some(format!(
                "`--atop` takes an optional folder and took `{}`, a file; write `--atop=DIR`, or put files before `--atop`",
                d.display()
            ));
        }
        eprintln!("error: {e}{}", help.map_or(String::new(), |h| format!("\n  help: {h}")));
        data_exit(&e)
    })?;
    for n in &atop.notes {
        match n {
            Note::Warning(w) => crate::warn(w),
            Note::Note(t) => eprintln!("note: {t}"),
            Note::Skipped(t) => eprintln!("{t}"),
        }
    }
    Ok((atop.name, atop.library))
}
