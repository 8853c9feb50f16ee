//! The `casus` command: see `casus --help`.

fn main() -> std::process::ExitCode {
    casus_cli::main()
}
