#!/usr/bin/env bash
# Run one fuzz target for SECONDS (default 600) with seeds from the repository.
#   bash fuzz/run.sh generate_bytes 600
#   bash fuzz/run.sh mutate_specs 600      (needs ../shared/specs beside the repository)
#   bash fuzz/run.sh responses 600
# Without cargo-fuzz, on stable: the same targets as a seeded loop (what .ci/run does):
#   cargo run --release --manifest-path fuzz/smoke/Cargo.toml -- responses 60
# cargo-fuzz needs nightly's -Z flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: generate_bytes, mutate_specs or responses}
seconds=${2:-600}
corpus=corpus/$target
mkdir -p "$corpus" artifacts/"$target"
cp seeds/"$target"/* "$corpus"/
extra=()
if [ "$target" = generate_bytes ]; then
  cp ../codegen/tests/malformed/*.yaml ../codegen/tests/malformed/*.json ../codegen/tests/fixtures/*.yaml ../spec/seeds/*.yaml ../spec/openrouter.json "$corpus"/
elif [ "$target" = mutate_specs ]; then
  # Inputs are mutation scripts (a few dozen bytes): use full lengths from the start.
  extra=(-len_control=0 -max_len=64)
fi
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=artifacts/"$target"/ "${extra[@]}"
