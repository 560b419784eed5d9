//! Decode throughput: a 500-model list into llmgate's generated types, hand-written serde
//! structs, and `serde_json::Value`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmgate_bench::{hand, openrouter_full::types::ModelsListResponse};

fn decode(c: &mut Criterion) {
    let json = llmgate_bench::models_list_json(500);
    let generated: ModelsListResponse = serde_json::from_str(&json).unwrap();
    assert_eq!(generated.data.len(), 500);
    let mut group = c.benchmark_group("decode/models-500");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("llmgate-generated", |b| {
        b.iter(|| serde_json::from_str::<ModelsListResponse>(&json).unwrap())
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| serde_json::from_str::<hand::ModelsList>(&json).unwrap())
    });
    group.bench_function("serde_json-Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&json).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
