//! Write one generator's output for a spec: `emit llmgate|progenitor IN OUT`.
//! Prints the time taken and the line count. Used by bench/build-cost.sh.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [which, input, output] = args.as_slice() else {
        eprintln!("usage: emit llmgate|progenitor IN OUT");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).unwrap();
    let started = std::time::Instant::now();
    let code = match which.as_str() {
        "llmgate" => llmgate_bench::llmgate_generate(&text),
        "progenitor" => llmgate_bench::progenitor_generate(&text),
        _ => panic!("unknown generator {which}"),
    };
    let took = started.elapsed();
    std::fs::write(output, &code).unwrap();
    println!(
        "{which} {input}: {} lines in {:.0} ms",
        code.lines().count(),
        took.as_secs_f64() * 1000.0
    );
}
