#!/usr/bin/env bash
# All 45 pairs of the ten built-in Ukraine designs through `casus diff`, two at a time (the
# CI machine's two cores): the wall time of the whole, and per pair the time, the classes
# of the space and the classes evaluated. Usage: bash crates/casus-diff/benches/pairs.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
jobs="${1:-2}"
cargo build --release -q -p casus-cli
bin=target/release/casus
ids="ua-bilateral-2024 ua-budapest ua-israel-model ua-own-borders ua-own-control-line ua-own-no-forces ua-own-tripwire ua-paris-2026-01 ua-20-point-2025-12 ua-us-draft-2025-11"
pairs=()
for a in $ids; do for b in $ids; do [[ "$a" < "$b" ]] && pairs+=("$a $b"); done; done
one() {
  local s e
  s=$(date +%s.%N)
  "$bin" diff $1 --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['space']['classes'], d['space']['classes_evaluated'], len(d['differences']))" > "/tmp/casus-pair-$$-${1// /_}"
  e=$(date +%s.%N)
  printf '%-22s %-22s %6.2f s  %s\n' $1 "$(echo "$e - $s" | bc)" "$(cat "/tmp/casus-pair-$$-${1// /_}")"
  rm -f "/tmp/casus-pair-$$-${1// /_}"
}
export -f one; export bin
start=$(date +%s.%N)
printf '%s\n' "${pairs[@]}" | xargs -P "$jobs" -I{} bash -c 'one "{}"' | sort -k3 -n
end=$(date +%s.%N)
echo "all ${#pairs[@]} pairs, $jobs at a time: $(echo "$end - $start" | bc) s (columns: time, classes, classes evaluated, differences)"
