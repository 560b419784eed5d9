//! The fuzz targets as a seeded mutation loop: start from the committed seeds
//! (`fuzz/seeds/<target>/`), mutate them with a fixed-seed generator (bit flips, byte
//! inserts and deletes, splices of two seeds, truncations, repeated runs), and run the
//! target on each input for the given seconds. A panic stops the loop, writes the input to
//! `fuzz/artifacts/<target>/smoke-crash` and exits 1; the count of executions is printed.
//! Deterministic for a given seed and count; the time bound makes the count vary.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../targets/generate_bytes.rs"]
mod generate_bytes;
#[path = "../../targets/mutate_specs.rs"]
mod mutate_specs;
#[path = "../../targets/responses.rs"]
mod responses;

/// xorshift64*: enough to spread mutations, reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 if at < input.len() => {
                let end = (at + rng.below(16) + 1).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(256)).min(other.len());
                input.splice(at..at, other[from..end].iter().copied());
            }
            4 => input.truncate(at),
            5 if at < input.len() => {
                // A run of one byte: long lines, deep nesting.
                let b = input[at];
                let n = rng.below(4096);
                input.splice(at..at, std::iter::repeat_n(b, n));
            }
            _ => {
                let special = [b'{', b'[', b'"', b'\n', b':', 0xFF, b'\r', b'0', b'-', b'e'];
                input.insert(at, special[rng.below(special.len())]);
            }
        }
    }
    input.truncate(max_len);
    input
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().expect("usage: smoke TARGET SECONDS [SEED]");
    let seconds: u64 = args.next().map_or(60, |s| s.parse().expect("seconds"));
    let seed: u64 = args.next().map_or(2026, |s| s.parse().expect("seed"));
    let (run, max_len): (fn(&[u8]), usize) = match target.as_str() {
        "generate_bytes" => (generate_bytes::run, 1 << 20),
        "mutate_specs" => (mutate_specs::run, 64),
        "responses" => (responses::run, 1 << 18),
        other => panic!("unknown target {other}"),
    };
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Seeds: the committed corpus, and for the generator the repository's own specs.
    let mut dirs = vec![fuzz.join("seeds").join(&target)];
    if target == "generate_bytes" {
        for d in ["../codegen/tests/malformed", "../codegen/tests/fixtures", "../spec/seeds"] {
            dirs.push(fuzz.join(d));
        }
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in &dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        paths.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| {
            p.is_file() && !p.extension().is_some_and(|e| e == "rs" || e == "md")
        }));
    }
    paths.sort();
    let seeds: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).expect("seed")).collect();
    assert!(!seeds.is_empty(), "no seeds in {dirs:?}");
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut executions = 0u64;
    // The seeds themselves first, then mutations until the time is up.
    let mut queue: std::collections::VecDeque<Vec<u8>> = seeds.iter().cloned().collect();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| hook(info)));
    while Instant::now() < deadline || !queue.is_empty() {
        let input = queue.pop_front().unwrap_or_else(|| mutate(&mut rng, &seeds, max_len));
        if std::panic::catch_unwind(|| run(&input)).is_err() {
            let out = fuzz.join("artifacts").join(&target);
            std::fs::create_dir_all(&out).expect("artifacts dir");
            std::fs::write(out.join("smoke-crash"), &input).expect("write the crash");
            eprintln!("{target}: a panic after {executions} executions; input in {}", out.join("smoke-crash").display());
            std::process::exit(1);
        }
        executions += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{target}: {executions} executions in {secs:.1} s ({:.0}/s), seed {seed}, {} seeds",
        executions as f64 / secs,
        seeds.len()
    );
}
