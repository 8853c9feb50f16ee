//! The bodies of the casus fuzz targets, one module per target, each with `run(&[u8])`.
//!
//! `fuzz_targets/*.rs` hand libFuzzer's input to these functions, and
//! `crates/casus-cli/tests/fuzz_regressions.rs` includes the same files (by `#[path]`) to
//! replay every saved input in `fuzz/regressions/<target>/` on `cargo test`, on the stable
//! toolchain. A target fails by panicking: every check is an `assert!`.

pub mod common;
pub mod eval_incident;
pub mod json_model;
pub mod parse_check;
pub mod read_atop;
pub mod read_cow;
pub mod read_gdelt;
pub mod sim_params;
