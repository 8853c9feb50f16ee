//! The `casus` command: see `casus --help`.

/// mimalloc rather than the system allocator: the evaluator, the loader and the server
/// allocate many small strings (trace notes, JSON), and glibc's malloc took a quarter of
/// the server's time under load (`perf record` on `crates/casus-server/benches/load.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    casus_cli::main()
}
