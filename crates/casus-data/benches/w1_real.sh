#!/usr/bin/env bash
# W1-real side by side: casus (CSV and Parquet) against the DuckDB reference.
#
#   bash crates/casus-data/benches/w1_real.sh [RUNS]
#
# Builds the release example `dyads`, then runs it and `shared/bench/w1_atop_duckdb.py` on
# the real ATOP 5.1 and COW 2016 files, RUNS times each (default 3) after one untimed
# warm-up, under `/usr/bin/time -f "%e %M"` (wall seconds, peak RSS KiB). Checks the sha256
# of both CSV outputs against the expected one, and prints the medians and the ratios.
# `shared/` is `../shared` beside the repository unless CASUS_SHARED says otherwise.
# Not run in CI: timings need a quiet machine (the reference varies by about ±8%).
set -euo pipefail

runs="${1:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
shared="${CASUS_SHARED:-$repo/../shared}"
shared="$(cd "$shared" && pwd)"
out="${TMPDIR:-/tmp}/casus-w1"
mkdir -p "$out"
expected=866d4bc5d2bb68dfb71d7791cb9afaa655cddfe49aabedcb216c6449ae676d82

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
python3 -c 'import duckdb, pandas' 2>/dev/null || pip install --quiet duckdb pandas

(cd "$repo" && cargo build --release --quiet -p casus-data --example dyads)
casus="$repo/target/release/examples/dyads"

# run NAME CMD...: one warm-up, then $runs timed runs; appends "wall rss" lines to $out/NAME.times
run() {
    local name="$1"
    shift
    (cd "$shared" && "$@" >/dev/null)
    : >"$out/$name.times"
    for _ in $(seq "$runs"); do
        (cd "$shared" && /usr/bin/time -f "%e %M" -o "$out/$name.one" "$@" >/dev/null)
        cat "$out/$name.one" >>"$out/$name.times"
    done
}

run casus_csv "$casus" data/atop data/cow "$out/w1_casus.csv"
run casus_parquet "$casus" data/atop data/cow "$out/w1_casus.parquet"
run duckdb_csv python3 bench/w1_atop_duckdb.py data/atop data/cow "$out/w1_duckdb.csv"

status=0
for f in w1_casus.csv w1_duckdb.csv; do
    sum="$(sha256sum "$out/$f" | cut -d' ' -f1)"
    if [ "$sum" = "$expected" ]; then echo "sha256 ok        $f"; else echo "sha256 MISMATCH  $f $sum"; status=1; fi
done
python3 - "$out/w1_casus.parquet" <<'EOF'
import sys, duckdb
n, ally = duckdb.sql(f"select count(*), sum(atopally) from '{sys.argv[1]}'").fetchall()[0]
ok = (n, ally) == (1988010, 267402)
print(f"parquet {'ok' if ok else 'MISMATCH'}       {n} rows, {ally} allied (read back by DuckDB)")
sys.exit(0 if ok else 1)
EOF

python3 - "$out" "$runs" <<'EOF'
import statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def load(name):
    rows = [line.split() for line in open(f"{out}/{name}.times") if line.strip()]
    return [float(w) for w, _ in rows], [int(r) / 1024 for _, r in rows]
res = {n: load(n) for n in ("casus_csv", "casus_parquet", "duckdb_csv")}
print(f"\n{'impl':<16}{'wall s, median':>16}{'peak RSS MiB':>15}   runs (wall s)")
for n, (wall, rss) in res.items():
    runs_s = " / ".join(f"{w:.2f}" for w in wall)
    print(f"{n:<16}{statistics.median(wall):>16.3f}{max(rss):>15.1f}   {runs_s}")
duck = statistics.median(res["duckdb_csv"][0])
for n in ("casus_csv", "casus_parquet"):
    print(f"DuckDB / {n}: {duck / statistics.median(res[n][0]):.1f}x")
EOF
exit $status
