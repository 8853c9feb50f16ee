#!/usr/bin/env bash
# W2 side by side: `casus screen-dyads` vs the DuckDB and polars references of
# shared/bench/SYNTHETIC.md, on the generated 10-million-row GDELT file.
# Not run in CI (it needs 3.3 GB of generated data). Usage, from the repository root:
#   bash crates/casus-screen/benches/w2.sh [DATA_DIR] [RUNS]
# DATA_DIR defaults to /tmp/casus-bench; it is generated (and W1's dyads computed with the
# DuckDB reference) if missing. Needs: pip install duckdb polars pandas.
set -euo pipefail
D=${1:-/tmp/casus-bench}
RUNS=${2:-3}
B=$(cd "$(dirname "$0")/../../../../shared/bench" && pwd)
[ -f "$D/events.tsv" ] || python3 "$B/gen_data.py" --out "$D"
[ -f "$D/w1_dyads.csv" ] || python3 "$B/w1_duckdb.py" "$D" "$D/w1_dyads.csv" > /dev/null
cargo build --release -q -p casus-cli
CASUS=$(pwd)/target/release/casus
cat "$D/events.tsv" > /dev/null   # warm the page cache, as the references were timed
want=5bb5e5d25dfa5bac93a8fb3440e912cfd4779cacdf9df343b185afebc1a3865a
run() { # name, output, command...
  local name=$1 out=$2; shift 2
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "$name %e %U %M" "$@" > /dev/null 2>> "$D/w2_times.txt"
  done
  local got; got=$(sha256sum "$out" | cut -d' ' -f1)
  [ "$got" = "$want" ] && echo "$name: output sha256 ok" || { echo "$name: output sha256 $got differs"; exit 1; }
}
: > "$D/w2_times.txt"
run casus "$D/w2_casus.csv" "$CASUS" screen-dyads "$D/events.tsv" --dyads "$D/w1_dyads.csv" --crosswalk "$D/cameo_ccode.csv" --out "$D/w2_casus.csv"
run polars "$D/w2_polars.csv" python3 "$B/w2_polars.py" "$D" "$D/w1_dyads.csv" "$D/w2_polars.csv"
run duckdb "$D/w2_duckdb.csv" python3 "$B/w2_duckdb.py" "$D" "$D/w1_dyads.csv" "$D/w2_duckdb.csv"
python3 - "$D/w2_times.txt" <<'PY'
import sys, statistics as st
t = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[0] in ("casus", "polars", "duckdb"):
        t.setdefault(parts[0], []).append((float(parts[1]), float(parts[2]), int(parts[3])))
med = {n: st.median(w for w, _, _ in v) for n, v in t.items()}
for n, v in t.items():
    runs = ", ".join(f"{w:.2f}" for w, _, _ in v)
    print(f"{n:7s} median wall {med[n]:.2f} s (runs: {runs}), peak RSS {max(r for _, _, r in v) // 1024} MiB")
print(f"casus is {med['polars'] / med['casus']:.1f}x faster than polars and {med['duckdb'] / med['casus']:.1f}x faster than DuckDB")
PY
