//! libFuzzer entry point of [`casus_fuzz::read_cow`]; see that module for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casus_fuzz::read_cow::run(data));
