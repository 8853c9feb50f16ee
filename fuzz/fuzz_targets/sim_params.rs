//! libFuzzer entry point of [`casus_fuzz::sim_params`]; see that module for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casus_fuzz::sim_params::run(data));
