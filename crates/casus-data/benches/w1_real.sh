#!/usr/bin/env bash
# W1-real side by side: the `casus dyads` CLI (CSV and Parquet) against the DuckDB, pandas
# and polars references.
#
#   bash crates/casus-data/benches/w1_real.sh [RUNS]
#
# Builds the release CLI (`cargo build --release -p casus-cli`), then runs, on the real
# ATOP 5.1 and COW 2016 files in `shared/data/`:
#   casus_csv       casus dyads --rule member-file … --out w1_casus.csv     (W1-real's rule)
#   casus_parquet   casus dyads --rule member-file … --out w1_casus.parquet
#   duckdb_csv      shared/bench/w1_atop_duckdb.py  (the performance anchor)
#   pandas_csv      shared/bench/w1_atop_pandas.py
#   polars_csv      crates/casus-data/benches/w1_atop_polars.py  (casus-written, mirrors the pandas one)
#   casus_atop_ids  casus dyads --ids --outside-system … --out w1_casus_atop.csv  (default
#                   `--rule atop`, ATOP's own directed dyad-year file; information only,
#                   a different job, so no ratio)
# Each one gets one untimed warm-up, then RUNS timed runs (default 3): process wall time
# from the clock (to the millisecond, including interpreter start-up) and peak RSS (KiB)
# from `/usr/bin/time -f %M`. Checks the sha256 of the four W1-real CSV outputs against the expected one,
# reads the Parquet file back with DuckDB (row count and allied rows), and reports the
# row count of the `--rule atop` file. Prints the medians, the peak RSS, the references'
# own `work_s` (median) and the ratios DuckDB/casus, pandas/casus and polars/casus (CSV)
# and DuckDB/casus-parquet, all on process wall time.
# `shared/` is `../shared` beside the repository unless CASUS_SHARED says otherwise.
# Installs duckdb, pandas or polars with pip if one is missing. Outputs go to
# ${TMPDIR:-/tmp}/casus-w1.
# Not run in CI: timings need a quiet machine (the references vary by about ±8% between
# sessions on a shared VM).
set -euo pipefail

runs="${1:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
shared="${CASUS_SHARED:-$repo/../shared}"
shared="$(cd "$shared" && pwd)"
out="${TMPDIR:-/tmp}/casus-w1"
mkdir -p "$out"
expected=866d4bc5d2bb68dfb71d7791cb9afaa655cddfe49aabedcb216c6449ae676d82

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
for mod in duckdb pandas polars; do
    python3 -c "import $mod" 2>/dev/null || pip install --quiet "$mod"
done

(cd "$repo" && cargo build --release --quiet -p casus-cli)
casus="$repo/target/release/casus"
polars_py="$repo/crates/casus-data/benches/w1_atop_polars.py"

# run NAME CMD...: one warm-up, then $runs timed runs, all from shared/; appends "wall rss"
# lines to $out/NAME.times and each run's stdout to $out/NAME.stdout
run() {
    local name="$1"
    shift
    (cd "$shared" && "$@" >/dev/null 2>&1)
    : >"$out/$name.times"
    : >"$out/$name.stdout"
    for _ in $(seq "$runs"); do
        # Wall time to the millisecond from the clock (GNU time's %e has 10 ms steps, too
        # coarse for a 60 ms run); peak RSS from GNU time.
        local t0 t1
        t0="$(date +%s.%N)"
        (cd "$shared" && /usr/bin/time -f "%M" -o "$out/$name.one" "$@" >>"$out/$name.stdout" 2>/dev/null)
        t1="$(date +%s.%N)"
        echo "$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }") $(cat "$out/$name.one")" >>"$out/$name.times"
    done
}

dyads=("$casus" dyads --atop data/atop --cow data/cow)
run casus_csv "${dyads[@]}" --rule member-file --out "$out/w1_casus.csv"
run casus_parquet "${dyads[@]}" --rule member-file --out "$out/w1_casus.parquet"
run duckdb_csv python3 bench/w1_atop_duckdb.py data/atop data/cow "$out/w1_duckdb.csv"
run pandas_csv python3 bench/w1_atop_pandas.py data/atop data/cow "$out/w1_pandas.csv"
run polars_csv python3 "$polars_py" data/atop data/cow "$out/w1_polars.csv"
run casus_atop_ids "${dyads[@]}" --ids --outside-system --out "$out/w1_casus_atop.csv"

status=0
for f in w1_casus.csv w1_duckdb.csv w1_pandas.csv w1_polars.csv; do
    sum="$(sha256sum "$out/$f" | cut -d' ' -f1)"
    if [ "$sum" = "$expected" ]; then echo "sha256 ok        $f"; else echo "sha256 MISMATCH  $f $sum"; status=1; fi
done
python3 - "$out/w1_casus.parquet" <<'EOF' || status=1
import sys, duckdb
n, ally = duckdb.sql(f"select count(*), sum(atopally) from '{sys.argv[1]}'").fetchall()[0]
ok = (n, ally) == (1988010, 267402)
print(f"parquet {'ok' if ok else 'MISMATCH'}       {n} rows, {ally} allied (read back by DuckDB)")
sys.exit(0 if ok else 1)
EOF
echo "info             w1_casus_atop.csv (--rule atop --ids --outside-system): $(($(wc -l <"$out/w1_casus_atop.csv") - 1)) rows"

python3 - "$out" "$runs" <<'EOF'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
names = ("casus_csv", "casus_parquet", "duckdb_csv", "pandas_csv", "polars_csv", "casus_atop_ids")
def load(name):
    rows = [line.split() for line in open(f"{out}/{name}.times") if line.strip()]
    work = []
    for line in open(f"{out}/{name}.stdout"):
        if line.startswith("{"):
            work.append(json.loads(line)["work_s"])
    return [float(w) for w, _ in rows], [int(r) / 1024 for _, r in rows], work
res = {n: load(n) for n in names}
print(f"\n{'impl':<16}{'wall s, median':>16}{'peak RSS MiB':>15}{'work_s, median':>16}   runs (wall s)")
for n, (wall, rss, work) in res.items():
    runs_s = " / ".join(f"{w:.3f}" for w in wall)
    work_s = f"{statistics.median(work):.3f}" if work else "-"
    note = "   (info: --rule atop --ids --outside-system)" if n == "casus_atop_ids" else ""
    print(f"{n:<16}{statistics.median(wall):>16.3f}{max(rss):>15.1f}{work_s:>16}   {runs_s}{note}")
med = {n: statistics.median(res[n][0]) for n in names}
print()
for label, ref, ours in (("DuckDB", "duckdb_csv", "casus_csv"), ("pandas", "pandas_csv", "casus_csv"),
                         ("polars", "polars_csv", "casus_csv"), ("DuckDB", "duckdb_csv", "casus_parquet")):
    print(f"{label} / {ours + ':':<15}{med[ref] / med[ours]:>5.1f}x")
EOF
exit $status
