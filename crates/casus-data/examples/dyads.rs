//! Writes the directed dyad-year table from the ATOP and COW folders: workload W1-real (the
//! member-file rule) unless `--atop-rule` asks for ATOP's per-partner coding.
//!
//! `cargo run --release -p casus-data --example dyads -- ATOP_DIR COW_DIR OUT.csv|OUT.parquet [--ids] [--atop-rule] [--from YEAR] [--to YEAR]`
//!
//! Prints one JSON line like the benchmark references: `{"impl", "work_s", "rows", "out", "out_bytes"}`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use casus_data::atop::AtopData;
use casus_data::cow::CowData;
use casus_data::dyads::{DyadOptions, DyadTable, Rule};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let t0 = Instant::now();
    let mut positional = Vec::new();
    let mut options = DyadOptions { rule: Rule::MemberFile, ..DyadOptions::default() };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut year = |name: &str| -> Result<i16, String> {
            let v = args.next().ok_or(format!("{name} needs a year"))?;
            v.parse().map_err(|_| format!("{name}: `{v}` is not a year"))
        };
        match a.as_str() {
            "--ids" => options.alliance_ids = true,
            "--atop-rule" => options.rule = Rule::Atop,
            "--from" => options.from = Some(year("--from")?),
            "--to" => options.to = Some(year("--to")?),
            _ => positional.push(PathBuf::from(a)),
        }
    }
    let [atop_dir, cow_dir, out] = &positional[..] else {
        return Err(
            "usage: dyads ATOP_DIR COW_DIR OUT.csv|OUT.parquet [--ids] [--atop-rule] [--from YEAR] [--to YEAR]".into(),
        );
    };
    let show = |e: casus_data::DataError| match e.help() {
        Some(h) => format!("{e}\n  help: {h}"),
        None => e.to_string(),
    };
    let atop = AtopData::read_member_file(&atop_dir.join(casus_data::atop::MEMBER_FILE)).map_err(show)?;
    let cow = CowData::read_system_file(&cow_dir.join(casus_data::cow::SYSTEM_FILE)).map_err(show)?;
    for w in atop.warnings.iter().chain(&cow.warnings) {
        eprintln!("warning: {w}");
    }
    let table = DyadTable::new(&atop, &cow, &options).map_err(show)?;
    let written = table.write_path(out).map_err(show)?;
    println!(
        "{{\"impl\": \"casus_dyads\", \"work_s\": {:.3}, \"rows\": {}, \"out\": {:?}, \"out_bytes\": {}}}",
        t0.elapsed().as_secs_f64(),
        written.rows,
        out.display().to_string(),
        written.bytes
    );
    Ok(())
}
