#!/usr/bin/env bash
# Every benchmark in one run (see BENCHMARKS.md for the last results):
#   bash bench/run.sh
# Needs ../shared (specs and the progenitor downgrade tool), PyYAML, and the network once
# (cargo install of the peers oas3-gen and openapi-to-rust into target/peers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p target/bench-specs
echo "== progenitor inputs (13 rewrites, ../shared/tools/progenitor-downgrade.py)"
python3 ../shared/tools/progenitor-downgrade.py spec/seeds/openrouter.yaml target/bench-specs/seed-openrouter.yaml --progenitor | tail -1
python3 ../shared/tools/progenitor-downgrade.py spec/seeds/modelgates.yaml target/bench-specs/seed-modelgates.yaml --progenitor | tail -1
for v in 2025-11-18 2026-04-16 2026-08-22; do
  python3 ../shared/tools/progenitor-downgrade.py ../shared/specs/openrouter-$v.yaml target/bench-specs/openrouter-$v.yaml --progenitor | tail -1
done
cargo build -q --release -p llmgate-bench --bins
echo "== machine"; nproc; grep -m1 "model name" /proc/cpuinfo || true; free -g | head -2
echo "== generation time (criterion, release, 10 samples each)"
cargo bench -q -p llmgate-bench --bench generation 2>&1 | grep -E "^generate|time:"
echo "== decode throughput (criterion)"
cargo bench -q -p llmgate-bench --bench decode 2>&1 | grep -E "^decode|time:|thrpt:"
echo "== runtime overhead"
./target/release/runtime 2000 10
echo "== stream decoding (llmgate, async-openai, the floor) and 1,000 concurrent streamed calls"
bash bench/streams.sh 5 1000
echo "== build cost"
bash bench/build-cost.sh
echo "== peers: oas3-gen and openapi-to-rust installed into target/peers (pinned versions, --locked)"
[ -x target/peers/bin/oas3-gen ] || cargo install -q --locked --root target/peers oas3-gen@0.29.0
[ -x target/peers/bin/openapi-to-rust ] || cargo install -q --locked --root target/peers openapi-to-rust@0.23.0
bash bench/peers.sh 2
