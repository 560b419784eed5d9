#!/usr/bin/env bash
# llmgate beside its peers on the whole 2026-08-22 OpenRouter spec, in one run:
# progenitor 0.15 (through bench/src/bin/emit.rs), oas3-gen 0.29 and openapi-to-rust 0.23
# (installed with `cargo install --locked` into target/peers by bench/run.sh).
#   bash bench/peers.sh [ROUNDS]     (default 2; NEEDS ../shared and PyYAML)
# Inputs: llmgate and openapi-to-rust read the published spec as it is; progenitor reads
# ../shared/tools/progenitor-downgrade.py's copy (13 rewrites); oas3-gen reads
# bench/peer-fix.py's copy (one boolean `exclusiveMinimum` in 3.0 style, which it refuses).
# Per generator: generation time (whole process, median of 5), generated lines, and for a
# crate holding only the generated client (dependencies prebuilt, dev profile):
#   clean   = `cargo clean -p <crate>` then `cargo build`   (peak RSS by GNU time %M)
#   rebuild = `touch src/lib.rs` then `cargo build`
# Rounds alternate the generators so each figure is measured beside the others.
set -euo pipefail
rounds=${1:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
spec="$root/../shared/specs/openrouter-2026-08-22.yaml"
peers="$root/target/peers/bin"
out="$root/target/peer-crates"
specs="$root/target/bench-specs"
mkdir -p "$out" "$specs"
python3 ../shared/tools/progenitor-downgrade.py "$spec" "$specs/progenitor-2026-08-22.yaml" --progenitor > /dev/null
python3 bench/peer-fix.py "$spec" "$specs/oas3-2026-08-22.yaml" > /dev/null
cargo build -q --release -p llmgate-cli
[ -x target/release/emit ] || cargo build -q --release -p llmgate-bench --bin emit

gen_cmd() { # generator -> the command that writes its sources under $out/<generator>
  case $1 in
    # What the bundled crate builds from this spec without features: one serde direction per type.
    llmgate) echo "target/release/llmgate generate $spec --serde-needed -o $out/llmgate/src/client.rs" ;;
    progenitor) echo "target/release/emit progenitor $specs/progenitor-2026-08-22.yaml $out/progenitor/src/client.rs" ;;
    oas3-gen) echo "$peers/oas3-gen --color never generate client-mod -i $specs/oas3-2026-08-22.yaml -o $out/oas3-gen/gen --workspace" ;;
    openapi-to-rust) echo "$peers/openapi-to-rust generate $spec --output-dir $out/openapi-to-rust/gen" ;;
  esac
}

deps() { # generator -> its [dependencies] lines
  case $1 in
    llmgate) printf 'llmgate = { path = "%s" }\n' "$root" ;;
    progenitor) printf '%s\n' 'progenitor-client = "=0.15.1"' \
      'reqwest = { version = "0.13", default-features = false, features = ["json", "stream", "query"] }' \
      'serde = { version = "1", features = ["derive"] }' 'serde_json = "1"' \
      'chrono = { version = "0.4", default-features = false, features = ["serde", "clock"] }' \
      'uuid = { version = "1", features = ["serde"] }' 'regress = "0.10"' 'bytes = "1"' 'futures-core = "0.3"' ;;
    # The Cargo.toml it writes, less native-tls (no TLS library is needed to compile).
    oas3-gen) sed -n '/^\[dependencies\]/,$p' "$out/oas3-gen/gen/Cargo.toml" | tail -n +2 | sed 's/"native-tls", //' ;;
    # The dependency fragment it writes.
    openapi-to-rust) grep -v '^#\|^\[dependencies\]' "$out/openapi-to-rust/gen/REQUIRED_DEPS.toml" ;;
  esac
}

lib_rs() { # generator -> src/lib.rs of its crate
  case $1 in
    llmgate|progenitor) printf '#![allow(warnings)]\ninclude!("client.rs");\n' ;;
    oas3-gen) printf '#![allow(warnings)]\n#[path = "../gen/src/lib.rs"]\nmod generated;\n' ;;
    openapi-to-rust) printf '#![allow(warnings)]\n#[path = "../gen/mod.rs"]\nmod generated;\n' ;;
  esac
}

gens="llmgate progenitor oas3-gen openapi-to-rust"
echo "== generation (whole process, median of 5 runs) and generated lines"
for g in $gens; do
  rm -rf "$out/$g/src" "$out/$g/gen"; mkdir -p "$out/$g/src"
  times=()
  for _ in 1 2 3 4 5; do
    rm -rf "$out/$g/gen"
    t0=$(date +%s%N); $(gen_cmd $g) > /dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  lines=$( { find "$out/$g/src" "$out/$g/gen" -name "*.rs" -exec cat {} + 2>/dev/null || true; } | wc -l)
  echo "$g: generation ${median} ms, $lines lines"
  printf '[package]\nname = "peer-%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n[workspace]\n\n[dependencies]\n%s\n\n[profile.dev.package."*"]\ndebug = false\n' "$g" "$(deps $g)" > "$out/$g/Cargo.toml"
  lib_rs $g > "$out/$g/src/lib.rs"
done
for g in $gens; do
  echo "building $g and its dependencies once (not measured)"
  CARGO_TARGET_DIR="$out/$g/target" cargo build -q --manifest-path "$out/$g/Cargo.toml"
done

measure() { # generator -> "clean_s rebuild_s peak_mib"
  local g=$1 t0 t1 t2 peak
  export CARGO_TARGET_DIR="$out/$g/target"
  cargo clean -q -p "peer-$g" --manifest-path "$out/$g/Cargo.toml"
  t0=$(date +%s.%N)
  peak=$( { /usr/bin/time -f "%M" cargo build -q --manifest-path "$out/$g/Cargo.toml" 2>&1 1>/dev/null; } | tail -1)
  t1=$(date +%s.%N)
  touch "$out/$g/src/lib.rs"
  cargo build -q --manifest-path "$out/$g/Cargo.toml"
  t2=$(date +%s.%N)
  printf "%.1f %.1f %d" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$((peak / 1024))"
}

echo "== clean build, rebuild after touch, peak RSS ($rounds rounds, generators alternating)"
for r in $(seq 1 "$rounds"); do
  for g in $gens; do
    read -r clean rebuild peak <<< "$(measure $g)"
    echo "round $r | $g | clean $clean s | rebuild $rebuild s | peak $peak MiB"
  done
done
