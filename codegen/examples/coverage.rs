//! Coverage report: `cargo run --release -p llmgate-codegen --example coverage -- SPEC...`
//!
//! Prints, per spec, operations generated / in spec, methods, types, generated lines,
//! generation time, and every fallback type with its JSON pointer. Exits non-zero if a
//! spec fails to generate or an operation has no method.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: coverage SPEC...");
        return ExitCode::FAILURE;
    }
    let mut ok = true;
    for path in paths {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: cannot read: {e}");
                ok = false;
                continue;
            }
        };
        let started = Instant::now();
        match llmgate_codegen::generate_with_report(
            &text,
            &llmgate_codegen::Settings::new(path.clone()),
        ) {
            Ok(g) => {
                let r = &g.report;
                println!(
                    "{path}: operations {}/{}, methods {}, types {}, lines {}, fallbacks {}, {:.0} ms",
                    r.operations_generated,
                    r.operations_in_spec,
                    r.methods,
                    r.types,
                    g.code.lines().count(),
                    r.fallbacks.len(),
                    started.elapsed().as_secs_f64() * 1000.0
                );
                for w in &r.warnings {
                    println!("  warning #{}: {}", w.pointer, w.reason);
                }
                for f in &r.fallbacks {
                    println!("  fallback #{}: {}", f.pointer, f.reason);
                }
                ok &= r.operations_generated == r.operations_in_spec;
            }
            Err(e) => {
                eprintln!("{e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
