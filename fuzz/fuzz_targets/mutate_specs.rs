//! libFuzzer entry for `targets/mutate_specs.rs` (the smoke loop in `smoke/` runs the same code).
#![no_main]

#[path = "../targets/mutate_specs.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
