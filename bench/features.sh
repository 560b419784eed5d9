#!/usr/bin/env bash
# First-build cost of llmgate's OpenRouter API-group features in a dependent crate.
#   bash bench/features.sh [ROUNDS] [FILTER]   (default 2 rounds, every configuration;
#                                             FILTER: a grep -E pattern on the labels)
# A crate that depends on llmgate by path is built with no group (default-features =
# false), with the default features, with each default group alone, and with `full`.
# Dependencies are compiled first, so each figure is what the choice adds: llmgate's build
# script (generation) and its compile, dev profile, on this machine.
#   clean = `cargo clean -p llmgate` then `cargo build`; peak = largest RSS of any process
#   (GNU time %M). The configurations alternate within each round.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-2}
filter=${2:-.}
scratch="$root/target/bench-features"
mkdir -p "$scratch/user/src"
export CARGO_TARGET_DIR="$scratch/target"
echo 'fn main() {}' > "$scratch/user/src/main.rs"

manifest() { # extra llmgate dependency keys
  printf '[package]\nname = "user"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n[workspace]\n[dependencies]\nllmgate = { path = "%s"%s }\n' \
    "$root" "$1" > "$scratch/user/Cargo.toml"
}

measure() { # label, extra keys, spec override (or empty)
  manifest "$2"
  local env=()
  [ -n "${3:-}" ] && env=(LLMGATE_OPENROUTER_SPEC="$3")
  env "${env[@]}" cargo build -q --manifest-path "$scratch/user/Cargo.toml" 2>/dev/null # dependencies
  (cd "$scratch/user" && cargo clean -q -p llmgate)
  local t0 t1 peak
  t0=$(date +%s.%N)
  peak=$( { env "${env[@]}" /usr/bin/time -f "%M" cargo build -q --manifest-path "$scratch/user/Cargo.toml" 2>&1 1>/dev/null; } | tail -1)
  t1=$(date +%s.%N)
  local lines
  lines=$(wc -l < "$(ls -t "$scratch"/target/debug/build/llmgate-*/out/openrouter.rs | head -1)")
  printf "%-34s %6.1f s %6d MB %7d lines\n" "$1" "$(echo "$t1 - $t0" | bc)" "$((peak / 1024))" "$lines"
}

configs=(
  "no group|, default-features = false"
  "default (chat models embeddings generations)|"
  "chat only|, default-features = false, features = [\"chat\"]"
  "models only|, default-features = false, features = [\"models\"]"
  "embeddings only|, default-features = false, features = [\"embeddings\"]"
  "generations only|, default-features = false, features = [\"generations\"]"
  "full (every group)|, features = [\"full\"]"
)
published="$root/../shared/specs/openrouter-2026-08-22.yaml"
if [ -f "$published" ]; then
  # The whole API as users built it before it was bundled: the published spec by path.
  configs+=("published spec via LLMGATE_OPENROUTER_SPEC|, default-features = false|$published")
fi
for round in $(seq 1 "$rounds"); do
  echo "round $round: configuration, clean build of llmgate, peak memory, generated lines"
  for c in "${configs[@]}"; do
    IFS='|' read -r label keys spec <<< "$c"
    echo "$label" | grep -qE "$filter" || continue
    measure "$label" "$keys" "$spec"
  done
done
