//! The `casus` command-line interface: commands over the casus model.
//!
//! `main.rs` only calls [`main`]; everything here is a library so that the integration
//! tests and the snapshot tests can call the same rendering code the binary uses.

pub mod builtin;
pub mod files;
pub mod render;

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use casus_core::{Loaded, Loader};

/// Collective-defence commitments as code.
///
/// casus reads security guarantees written in the casus treaty language (`.casus` files,
/// or their JSON form), checks them, and formats and exports them. Without a PATH, the
/// commands that read treaties use the built-in library (NATO and the other treaties it
/// ships with).
#[derive(Parser, Debug)]
#[command(name = "casus", version, about, long_about, propagate_version = true, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  casus check                      check the built-in library
  casus check my-treaties/         check every .casus and .json file under a folder
  casus check --format json a.casus
  casus fmt --check library/       list files that are not in canonical form
  casus export --format json nato.casus > nato.json
  casus explain E0201              what a diagnostic code means and how to fix it

Docs: docs/language.md (the language), docs/cli.md (every command).";

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check treaty files and report every problem, with its place and a hint.
    ///
    /// Exit status: 0 when there are no errors (warnings allowed), 1 when there is any
    /// error, 2 when the check could not run (a path that does not exist, an unreadable file).
    #[command(
        after_help = "Examples:\n  casus check\n  casus check library/ my-design.casus\n  casus check --format json treaty.casus"
    )]
    Check {
        /// Files or folders (searched recursively for .casus and .json); the built-in library if none.
        paths: Vec<String>,
        /// Output format: `text` for people, `json` for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors (exit 1 on any warning).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Rewrite treaty files in canonical form, keeping comments.
    ///
    /// With `--check` nothing is written: the files that would change are listed and the
    /// exit status is 1 if there are any. `casus fmt -` formats standard input to standard output.
    #[command(
        after_help = "Examples:\n  casus fmt library/\n  casus fmt --check library/\n  cat t.casus | casus fmt -"
    )]
    Fmt {
        /// Files or folders (searched recursively for .casus), or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Only report files that are not formatted; exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Print the checked model of treaty files in a machine format.
    ///
    /// The JSON printed is accepted back anywhere a .casus file is (give the file a `.json`
    /// name), so tools in other languages can read and write treaties.
    #[command(
        after_help = "Examples:\n  casus export --format json > library.json\n  casus export --format json nato.casus | jq '.treaties[0].parties | length'"
    )]
    Export {
        /// Files or folders; the built-in library if none.
        paths: Vec<String>,
        /// The format to print.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// Explain a diagnostic code: what it means, why, and an example of the fix.
    #[command(after_help = "Examples:\n  casus explain E0201\n  casus explain --list")]
    Explain {
        /// A code such as `E0201` or `W0301`.
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its title.
        #[arg(long)]
        list: bool,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text with the offending source underlined.
    Text,
    /// One JSON object with every diagnostic.
    Json,
}

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The JSON form of the model.
    Json,
}

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command; `Err` means it could not run (exit status 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { paths, format, deny_warnings } => {
            let loaded = load(&paths)?;
            let out = match format {
                Format::Text => render::text_report(&loaded),
                Format::Json => render::json_report(&loaded),
            };
            print!("{out}");
            let warned = loaded.diagnostics.iter().any(|d| !d.is_error());
            Ok(if loaded.has_errors() || (deny_warnings && warned) { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Fmt { paths, check } => fmt(&paths, check),
        Command::Export { paths, format: ExportFormat::Json } => {
            let loaded = load(&paths)?;
            if loaded.has_errors() {
                eprint!("{}", render::text_report(&loaded));
                return Ok(ExitCode::from(1));
            }
            println!("{}", serde_json::to_string_pretty(&loaded.library)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code, list } => {
            if list {
                for (code, title) in render::codes() {
                    println!("{code}  {title}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let code = code.unwrap_or_default();
            match render::explain(&code) {
                Some(text) => {
                    print!("{text}");
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    anyhow::bail!("no diagnostic code `{code}`; `casus explain --list` lists them")
                }
            }
        }
    }
}

/// Loads the given paths, or the built-in library when there are none.
pub fn load(paths: &[String]) -> anyhow::Result<Loaded> {
    let mut loader = Loader::default();
    if paths.is_empty() {
        for (path, text) in builtin::FILES {
            loader.add_text(path, *text);
        }
    } else {
        for file in files::collect(paths, &["casus", "json"])? {
            let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read `{file}`: {e}"))?;
            loader.add_bytes(&file, bytes);
        }
    }
    Ok(loader.finish())
}

fn fmt(paths: &[String], check: bool) -> anyhow::Result<ExitCode> {
    if paths == ["-"] {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        return Ok(match render::format_source("<stdin>", bytes) {
            Ok(text) => {
                std::io::stdout().write_all(text.as_bytes())?;
                ExitCode::SUCCESS
            }
            Err(report) => {
                eprint!("{report}");
                ExitCode::from(1)
            }
        });
    }
    let mut failed = false;
    let mut changed = Vec::new();
    for file in files::collect(paths, &["casus"])? {
        let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read `{file}`: {e}"))?;
        let original = bytes.clone();
        match render::format_source(&file, bytes) {
            Ok(text) if text.as_bytes() != original.as_slice() => {
                if !check {
                    std::fs::write(&file, &text).map_err(|e| anyhow::anyhow!("cannot write `{file}`: {e}"))?;
                }
                changed.push(file);
            }
            Ok(_) => {}
            Err(report) => {
                eprint!("{report}");
                failed = true;
            }
        }
    }
    for file in &changed {
        if check {
            println!("would reformat {file}");
        } else {
            println!("formatted {file}");
        }
    }
    Ok(if failed || (check && !changed.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
