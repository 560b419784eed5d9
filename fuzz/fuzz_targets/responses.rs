//! libFuzzer entry for `targets/responses.rs` (the smoke loop in `smoke/` runs the same code).
#![no_main]

#[path = "../targets/responses.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
