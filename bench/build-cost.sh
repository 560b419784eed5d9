#!/usr/bin/env bash
# Build cost of generated clients, llmgate vs progenitor, and of llmgate itself for users.
#   bash bench/build-cost.sh            (bench/run.sh calls it; needs ../shared)
# For each input, a crate holding just the generated client is built in one scratch
# workspace whose dependencies are compiled first, so the figures are the client's own:
#   clean   = `cargo clean -p <crate>` then `cargo build -p <crate>` (dev profile)
#   rebuild = `touch src/lib.rs` then `cargo build -p <crate>`
#   peak    = the largest resident set of any process in the clean build (GNU time %M)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/target/bench-crates"
specs="$root/target/bench-specs"
emit="$root/target/release/emit"
mkdir -p "$scratch"
export CARGO_TARGET_DIR="$scratch/target" CARGO_INCREMENTAL=1

measure() { # crate -> "clean_s rebuild_s peak_mb"
  local crate=$1
  (cd "$scratch" && cargo clean -q -p "$crate" 2>/dev/null || true)
  local t0 t1 t2 peak
  t0=$(date +%s.%N)
  peak=$( { /usr/bin/time -f "%M" cargo build -q --manifest-path "$scratch/Cargo.toml" -p "$crate" 2>&1 1>/dev/null; } | tail -1)
  t1=$(date +%s.%N)
  touch "$scratch/$crate/src/lib.rs"
  cargo build -q --manifest-path "$scratch/Cargo.toml" -p "$crate"
  t2=$(date +%s.%N)
  printf "%.1f %.1f %d" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$((peak / 1024))"
}

members=()
for name in seed-openrouter seed-modelgates openrouter-2025-11-18 openrouter-2026-04-16 openrouter-2026-08-22; do
  case $name in
    seed-*) ours="$root/spec/seeds/${name#seed-}.yaml" ;;
    *) ours="$root/../shared/specs/$name.yaml" ;;
  esac
  for gen in llmgate progenitor; do
    crate="$gen-$name"
    mkdir -p "$scratch/$crate/src"
    input=$ours; [ $gen = progenitor ] && input="$specs/$name.yaml"
    "$emit" $gen "$input" "$scratch/$crate/src/client.rs" > "$scratch/$crate/emit.txt"
    if [ $gen = llmgate ]; then
      deps='llmgate = { path = "'"$root"'" }'
      lib='#![allow(warnings)]
include!("client.rs");'
    else
      deps='progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "stream", "query"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "clock"] }
uuid = { version = "1", features = ["serde"] }
regress = "0.10"
bytes = "1"
futures-core = "0.3"'
      lib='#![allow(warnings)]
include!("client.rs");'
    fi
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' "$crate" "$deps" > "$scratch/$crate/Cargo.toml"
    printf '%s\n' "$lib" > "$scratch/$crate/src/lib.rs"
    members+=("\"$crate\"")
  done
done
printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$(IFS=,; echo "${members[*]}")" > "$scratch/Cargo.toml"

# Dependencies first (not measured): build the smallest crate of each kind.
cargo build -q --manifest-path "$scratch/Cargo.toml" -p llmgate-seed-openrouter -p progenitor-seed-openrouter

echo "| input | generator | lines | clean build (s) | rebuild after touch (s) | peak memory (MB) |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for name in seed-openrouter seed-modelgates openrouter-2025-11-18 openrouter-2026-04-16 openrouter-2026-08-22; do
  for gen in llmgate progenitor; do
    crate="$gen-$name"
    lines=$(wc -l < "$scratch/$crate/src/client.rs")
    read -r clean rebuild peak <<< "$(measure "$crate")"
    echo "| $name | $gen | $lines | $clean | $rebuild | $peak |"
  done
done

# Build cost to users: llmgate from nothing (its dependencies and build-dependencies),
# then the rebuild after a one-line edit of a spec (through the documented override).
user="$root/target/bench-user"
rm -rf "$user"
mkdir -p "$user"
cp "$root/spec/seeds/openrouter.yaml" "$user/openrouter.yaml"
t0=$(date +%s.%N)
(cd "$root" && CARGO_TARGET_DIR="$user/target" LLMGATE_OPENROUTER_SPEC="$user/openrouter.yaml" cargo build -q -p llmgate)
t1=$(date +%s.%N)
sed -i 's/Number of keys successfully assigned/Number of keys that were assigned/' "$user/openrouter.yaml"
(cd "$root" && CARGO_TARGET_DIR="$user/target" LLMGATE_OPENROUTER_SPEC="$user/openrouter.yaml" cargo build -q -p llmgate)
t2=$(date +%s.%N)
echo
echo "| llmgate for users (dev profile) | seconds |"
echo "| --- | ---: |"
printf "| clean \`cargo build\` (all dependencies and build-dependencies) | %.1f |\n" "$(echo "$t1 - $t0" | bc)"
printf "| rebuild after a one-line spec edit | %.1f |\n" "$(echo "$t2 - $t1" | bc)"
