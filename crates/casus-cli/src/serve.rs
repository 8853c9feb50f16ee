//! `casus serve`: the workbench (`casus_server`) on an address, over the library the flags
//! describe.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::library::LibraryArgs;

/// Arguments of `casus serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on. Anything but loopback exposes the workbench to the
    /// network (it has no authentication): casus says so loudly.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,
    /// The treaties.
    #[command(flatten)]
    pub lib: LibraryArgs,
    /// The SQLite alert store `casus watch --db` writes, for /v1/alerts and the Alerts view.
    #[arg(long, value_name = "FILE")]
    pub db: Option<String>,
    /// The largest request body accepted, in KiB.
    #[arg(long, value_name = "KIB", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    pub body_limit: u32,
    /// Seconds one request may take before it is answered 408.
    #[arg(long, value_name = "S", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub timeout: u32,
    /// The most Monte Carlo runs one request may ask for.
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_runs: u64,
    /// Monte Carlo jobs running at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub max_jobs: u32,
    /// Allow cross-origin requests from this origin (repeatable; CORS is off without it).
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,
}

/// Runs `casus serve`.
pub fn serve(a: &ServeArgs) -> anyhow::Result<ExitCode> {
    if let Some(db) = &a.db
        && !std::path::Path::new(db).is_file()
    {
        return Ok(crate::refuse(&format!(
            "error: --db: `{db}` is not a file\n  help: give the SQLite file `casus watch --db` writes (or `casus screen --db`)"
        )));
    }
    let extra = match &a.lib.atop {
        None => None,
        Some(dir) => match crate::library::atop(dir.as_deref()) {
            Ok(lib) => Some(lib),
            Err(code) => return Ok(code),
        },
    };
    let base = crate::library::base(&a.lib.library, a.lib.no_builtin, |_| false)?;
    let wb = match casus_server::Workbench::new(base, extra, a.lib.describe()) {
        Ok(w) => w,
        Err(loaded) => {
            eprint!("{}", crate::render::text_report(&loaded));
            return Ok(ExitCode::from(1));
        }
    };
    let hash = wb.hash().to_string();
    let config = casus_server::Config {
        body_limit: a.body_limit as usize * 1024,
        timeout: Duration::from_secs(u64::from(a.timeout)),
        max_runs: a.max_runs,
        max_jobs: a.max_jobs as usize,
        cors: a.cors.clone(),
        db: a.db.as_ref().map(Into::into),
    };
    let state = casus_server::AppState::new(wb, config);
    let from = a.lib.describe();
    let result = casus_server::run(a.bind, state, |addr| {
        if casus_server::is_exposed(&addr) {
            eprintln!(
                "WARNING: casus serve is listening on {addr}, beyond this machine: anyone who can reach it can use the \
                 workbench (it has no authentication). Bind 127.0.0.1 unless that is what you want."
            );
        }
        eprintln!("casus workbench on http://{addr}/ ({from}, library {hash}); Ctrl-C stops it");
    });
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: cannot serve on {}: {e}", a.bind);
            Ok(ExitCode::from(2))
        }
    }
}
