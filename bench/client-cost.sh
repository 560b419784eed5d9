#!/usr/bin/env bash
# Clean build of a generated client crate alone (dev profile, dependencies prebuilt,
# CARGO_INCREMENTAL=0), for the whole 2026-08-22 OpenRouter spec and for a chat + models
# subset, with this tree's generator and runtime. NEEDS ../shared/specs.
#   bash bench/client-cost.sh [REVISION]
# With a REVISION (e.g. a commit before a change), its generator and runtime are measured
# from a git worktree instead, so two runs compare a change side by side.
# Prints: name, generated lines, clean build seconds, peak RSS MiB (GNU time %M).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
spec="$root/../shared/specs/openrouter-2026-08-22.yaml"
src=$root
if [ $# -gt 0 ]; then
  src="$root/target/client-cost/worktree-$1"
  [ -d "$src" ] || git -C "$root" worktree add -q "$src" "$1"
fi
scratch="$root/target/client-cost/$(basename "$src")"
mkdir -p "$scratch"
export CARGO_TARGET_DIR="$scratch/target" CARGO_INCREMENTAL=0
cat > "$scratch/gen.rs" <<'RS'
fn main() {
    let mut args = std::env::args().skip(1);
    let (spec, ops) = (args.next().unwrap(), args.next());
    let text = std::fs::read_to_string(&spec).unwrap();
    let settings = llmgate_codegen::Settings::new(spec);
    #[allow(unused_mut)]
    let mut settings = settings;
    if let Some(ops) = ops {
        settings = settings.operations(ops.split(',').map(str::to_owned));
    }
    print!("{}", llmgate_codegen::generate(&text, &settings).unwrap());
}
RS
mkdir -p "$scratch/gen/src" && cp "$scratch/gen.rs" "$scratch/gen/src/main.rs"
printf '[package]\nname = "gen"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n[dependencies]\nllmgate-codegen = { path = "%s/codegen" }\n' "$src" > "$scratch/gen/Cargo.toml"
cargo build -q --release --manifest-path "$scratch/gen/Cargo.toml"
for name in full subset; do
  dir="$scratch/$name"; mkdir -p "$dir/src"
  printf '[package]\nname = "client-%s"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n[dependencies]\nllmgate = { path = "%s" }\n[profile.dev.package."*"]\ndebug = false\n' "$name" "$src" > "$dir/Cargo.toml"
  printf '#![allow(warnings)]\ninclude!("client.rs");\n' > "$dir/src/lib.rs"
  if [ $name = full ]; then
    "$scratch/target/release/gen" "$spec" > "$dir/src/client.rs"
  else
    "$scratch/target/release/gen" "$spec" sendChatCompletionRequest,getModels,getModel > "$dir/src/client.rs"
  fi
  cargo build -q --manifest-path "$dir/Cargo.toml"   # dependencies (and a first build)
  touch "$dir/src/lib.rs"
  t0=$(date +%s.%N)
  peak=$( { /usr/bin/time -f "%M" cargo build -q --manifest-path "$dir/Cargo.toml" 2>&1 1>/dev/null; } | tail -1)
  t1=$(date +%s.%N)
  printf "%s: %d lines, clean build %.1f s, peak %d MiB\n" "$name" "$(wc -l < "$dir/src/client.rs")" "$(echo "$t1 - $t0" | bc)" "$((peak / 1024))"
done
