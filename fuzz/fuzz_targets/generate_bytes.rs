//! libFuzzer entry for `targets/generate_bytes.rs` (the smoke loop in `smoke/` runs the same code).
#![no_main]

#[path = "../targets/generate_bytes.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
