#!/usr/bin/env bash
# Generation in a build script: build scripts compile llmgate-codegen without
# optimisation unless the user sets `[profile.dev.build-override] opt-level`. This
# measures both sides of that choice: the time to generate the three published specs, the
# bundled client (with the mock and the docs overlay) and the largest fixture with codegen
# built like a build script (dev profile, opt-level 0), like a build script under the
# package overrides the README recommends (codegen and its parsing and printing crates at
# opt-level 3, everything else as it was), and optimised (release), median of three runs
# each; and codegen's own clean compile time in the three profiles.
# Usage: bash bench/generation-profiles.sh   (needs ../shared/specs)
set -euo pipefail
cd "$(dirname "$0")/.."
t=target/gen-profiles
mkdir -p "$t"
secs() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "codegen's clean compile (llmgate-cli and its dependencies):"
# The README's `[profile.dev.package.*]` overrides, as `--config` flags.
overrides=()
for p in llmgate-codegen syn prettyplease saphyr-parser serde_json proc-macro2 quote; do
  overrides+=(--config "profile.dev.package.$p.opt-level=3")
done
rm -rf "$t/dev" "$t/over" "$t/release"
dev_build=$(secs env CARGO_TARGET_DIR="$t/dev" cargo build -q -p llmgate-cli)
over_build=$(secs env CARGO_TARGET_DIR="$t/over" cargo build -q -p llmgate-cli "${overrides[@]}")
rel_build=$(secs env CARGO_TARGET_DIR="$t/release" cargo build -q --release -p llmgate-cli)
printf '  opt-level 0 (a build script by default): %.1f s\n  with the package overrides:               %.1f s\n  release (opt-level 3):                     %.1f s\n' "$dev_build" "$over_build" "$rel_build"
echo "generation, median of 3 (seconds): spec | opt-level 0 | overrides | release | ratios to release"
run() {
  local name=$1; shift
  local d=() o=() r=()
  for _ in 1 2 3; do
    d+=("$(secs "$t/dev/debug/llmgate" generate "$@" -o "$t/out.rs")")
    o+=("$(secs "$t/over/debug/llmgate" generate "$@" -o "$t/out.rs")")
    r+=("$(secs "$t/release/release/llmgate" generate "$@" -o "$t/out.rs")")
  done
  local dm om rm
  dm=$(median "${d[@]}"); om=$(median "${o[@]}"); rm=$(median "${r[@]}")
  printf '  %-34s %6.2f  %6.2f  %6.2f  %4.1fx %4.1fx\n' "$name" "$dm" "$om" "$rm" \
    "$(echo "$dm / $rm" | bc -l)" "$(echo "$om / $rm" | bc -l)"
}
for v in 2025-11-18 2026-04-16 2026-08-22; do
  run "openrouter-$v.yaml" "../shared/specs/openrouter-$v.yaml"
done
run "bundled client (mock, overlay)" spec/openrouter.json --mock --overlay spec/openrouter.docs.yaml
largest=$(ls -S codegen/tests/fixtures/*.yaml | head -1)
run "$(basename "$largest") (largest fixture)" "$largest"
