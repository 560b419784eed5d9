#!/usr/bin/env bash
# Stream decoding and concurrency side by side (bin `streams`, release):
#   bash bench/streams.sh [ROUNDS] [CALLS]
# 1. one 10,000-chunk chat stream decoded by llmgate, async-openai and the floor (lines +
#    serde_json into the same types), rounds alternating in one process;
# 2. CALLS (default 1000) concurrent streamed calls of 100 chunks, five rounds per process
#    (the median round is reported), llmgate and hand-written reqwest + serde each in its own
#    process (so peak RSS is the caller's), three processes each, alternating;
# 3. the same over HTTP/2 (h2c: hyper's server, both callers on one reqwest client with
#    prior knowledge, so the calls are streams on one connection).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
calls=${2:-1000}
cargo build -q --release -p llmgate-bench --features peers --bin streams
bin=${CARGO_TARGET_DIR:-target}/release/streams
"$bin" decode 10000 "$rounds"
for _ in $(seq 3); do
  "$bin" concurrent llmgate "$calls" 100 5
  "$bin" concurrent reqwest "$calls" 100 5
done
for _ in $(seq 3); do
  "$bin" concurrent llmgate "$calls" 100 5 h2
  "$bin" concurrent reqwest "$calls" 100 5 h2
done
