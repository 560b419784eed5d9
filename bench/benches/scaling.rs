//! How generation time grows with the operation count: synthetic specs of 250, 1000 and
//! 4000 operations (`bench/src/synthetic.rs`). Linear means the per-operation time stays
//! flat across the three.
//!
//!     cargo bench -p llmgate-bench --bench scaling

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for n in [250usize, 1000, 4000] {
        let spec = llmgate_bench::synthetic_spec(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &spec, |b, spec| {
            b.iter(|| llmgate_bench::llmgate_generate(spec))
        });
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
