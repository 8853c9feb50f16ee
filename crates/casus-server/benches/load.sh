#!/usr/bin/env bash
# A bounded load test of the workbench on loopback (not part of CI: it measures this
# machine, and a timing is never a test). Starts `casus serve` (release), then drives
# `POST /v1/eval` with wrk at 64 concurrent connections for 10 s, twice (a point incident
# in Kyiv and the 9/11 incident), and prints requests/s, p50 and p99, and the errors wrk
# saw (non-2xx answers included). Last, the gzip-compressed size of every asset of the
# workbench, an upper bound on what its first page loads.
#
#   bash crates/casus-server/benches/load.sh            # 64 connections, 10 s
#   CONNECTIONS=16 DURATION=5 bash crates/casus-server/benches/load.sh
#
# Needs wrk (Debian: apt-get install wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10}
PORT=${PORT:-7891}
command -v wrk >/dev/null || { echo "load.sh needs wrk: apt-get install wrk" >&2; exit 2; }
cargo build --release -q -p casus-cli
./target/release/casus serve --bind "127.0.0.1:$PORT" 2>/tmp/casus-load-serve.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
lua=$(mktemp --suffix .lua)
run() {
  local name=$1 body=$2
  cat > "$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("%-10s %8.0f requests/s  p50 %6.2f ms  p99 %6.2f ms  errors %d (of %d requests)\n",
    "$name", summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
LUA
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$lua" "http://127.0.0.1:$PORT/v1/eval" | tail -1
}
echo "POST /v1/eval, $CONNECTIONS connections, ${DURATION} s, $(nproc) cores (server and wrk on the same machine):"
run kyiv '{"incident": {"on": "2026-07-01", "actor": {"states": ["RUS"]}, "target": "UKR", "object": "territory", "at": {"lat": 50.45, "lon": 30.52}, "severity": "armed-attack", "intentional": "yes"}, "hypothetical": true}'
run nine-11 '{"incident": {"on": "2001-09-11", "actor": {"non-state": "al-Qaeda"}, "target": "USA", "object": "territory", "at": {"lat": 40.71, "lon": -74.01}, "domains": ["air"], "severity": "armed-attack", "intentional": "yes"}}'
total=0
for f in $(cd crates/casus-server/web && find . -type f ! -name '*.sh' ! -name '*.md' ! -name 'LICENSE*' ! -name '*.LICENSE' | sed 's|^\./||' | sort); do
  n=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT/$f")
  total=$((total + n))
done
echo "workbench assets, all of them, gzip as served: $((total / 1024)) KiB"
