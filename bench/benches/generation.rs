//! Generation time, llmgate-codegen vs progenitor 0.15, same inputs (progenitor's downgraded),
//! both including formatting with prettyplease. `bash bench/run.sh` prepares the inputs.

use criterion::{Criterion, criterion_group, criterion_main};

fn generation(c: &mut Criterion) {
    for (name, ours, theirs) in llmgate_bench::specs() {
        let ours = std::fs::read_to_string(&ours).unwrap();
        let theirs = std::fs::read_to_string(&theirs)
            .unwrap_or_else(|_| panic!("run bench/run.sh first: {}", theirs.display()));
        let mut group = c.benchmark_group(format!("generate/{name}"));
        group.sample_size(10);
        group.bench_function("llmgate", |b| {
            b.iter(|| llmgate_bench::llmgate_generate(&ours))
        });
        group.bench_function("progenitor", |b| {
            b.iter(|| llmgate_bench::progenitor_generate(&theirs))
        });
        group.finish();
    }
}

criterion_group!(benches, generation);
criterion_main!(benches);
