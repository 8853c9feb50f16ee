#!/usr/bin/env python3
"""W1-real directed dyad-years from ATOP 5.1 + COW system membership, polars reference.

usage: w1_atop_polars.py ATOP_DIR COW_DIR OUT.csv

Written for casus, not one of the shared references: it mirrors shared/bench/w1_atop_pandas.py
(same job, same CLI, same JSON line, byte-identical output to it and to
shared/bench/w1_atop_duckdb.py) in idiomatic polars, mostly with the lazy API. The rule is
the one spelled out in shared/bench/README.md ("W1-real: ATOP directed dyad-years over the
COW state system"). Reads ATOP_DIR/atop5_1m.csv and COW_DIR/system2016.csv and writes one
row per directed dyad-year 1816-2018 of two COW system members, sorted by stateA, stateB,
year, LF line endings. Prints one JSON line (impl, work_s, rows, out, out_bytes) on stdout;
work_s includes importing polars, as in the other references.
"""
import json
import os
import sys
import time

t0 = time.perf_counter()
import polars as pl  # noqa: E402  (import counted in work time, as in the other references)

FIRST_YEAR, LAST_YEAR = 1816, 2018  # ATOP 5.1 ends in 2018; COW v2016 ends in 2016
FLAGS = ["defense", "offense", "neutral", "nonagg", "consul"]
OUT_COLS = ["stateA", "stateB", "year", "atopally"] + FLAGS + \
    ["shareob", "transyr", "bilatno", "multino", "number", "asymm"]


def allied(m_csv: str) -> pl.LazyFrame:
    """One row per allied directed dyad-year: stateA, stateB, year and the alliance columns."""
    c = pl.col
    m = (pl.scan_csv(m_csv)
         .select("atopid", "phase", "bilat", "asymm", *FLAGS, A=c("member"),
                 ent=c("yrent") * 10000 + c("moent") * 100 + c("dayent").fill_null(0),
                 ext=pl.when(c("yrexit") == 0).then(99999999)
                 .otherwise(c("yrexit") * 10000 + c("moexit") * 100 + c("dayexit").fill_null(99))))
    b = m.select("atopid", "phase", B=c("A"), entB=c("ent"), extB=c("ext"))
    # same alliance, same phase, spells share at least one day; obligations are A's
    pr = (m.join(b, on=["atopid", "phase"])
          .filter(c("A") != c("B"))
          .with_columns(s=pl.max_horizontal("ent", "entB"), e=pl.min_horizontal("ext", "extB"))
          .filter(c("s") < c("e")))
    # every calendar year the shared spell touches
    py = (pr.with_columns(year=pl.int_ranges(c("s") // 10000,
                                             pl.min_horizontal(c("e") // 10000, LAST_YEAR) + 1))
          .explode("year")
          .with_columns(tr=((c("s") // 10000 == c("year")) | (c("e") // 10000 == c("year")))
                        .cast(pl.Int64),
                        key=c("s") * 10 + c("phase")))
    # one row per (A, B, alliance, year); the year's latest phase wins
    latest = c("key").arg_max()
    ak = (py.group_by("A", "B", "atopid", "year")
          .agg(*[c(f).get(latest) for f in FLAGS + ["asymm"]],
               bil=(c("bilat").min() == 1).cast(pl.Int64), tr=c("tr").max()))
    return (ak.group_by("A", "B", "year")
            .agg(*[c(f).max() for f in FLAGS + ["asymm"]],
                 transyr=c("tr").max(), bilatno=c("bil").sum(), number=pl.len())
            .select(stateA=c("A"), stateB=c("B"), year=c("year"), atopally=pl.lit(1),
                    *FLAGS, shareob=pl.lit(0), transyr=c("transyr"), bilatno=c("bilatno"),
                    multino=c("number") - c("bilatno"), number=c("number"), asymm=c("asymm")))


def state_years(s_csv: str) -> pl.LazyFrame:
    """COW state-years 1816..LAST_YEAR; the last COW year's members are carried forward."""
    cs = pl.scan_csv(s_csv).select("ccode", "year")
    last = cs.filter(pl.col("year") == pl.col("year").max())
    carried = (last.with_columns(year=pl.int_ranges(pl.col("year") + 1, LAST_YEAR + 1))
               .explode("year").drop_nulls("year"))
    return pl.concat([cs.filter(pl.col("year").is_between(FIRST_YEAR, LAST_YEAR)), carried])


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: w1_atop_polars.py ATOP_DIR COW_DIR OUT.csv")
    atop_dir, cow_dir, out = sys.argv[1:]
    ad = allied(os.path.join(atop_dir, "atop5_1m.csv"))
    sy = state_years(os.path.join(cow_dir, "system2016.csv"))
    val = OUT_COLS[3:]
    dy = (sy.rename({"ccode": "stateA"}).join(sy.rename({"ccode": "stateB"}), on="year")
          .filter(pl.col("stateA") != pl.col("stateB"))
          .join(ad, on=["stateA", "stateB", "year"], how="left")
          .with_columns(pl.col(val).fill_null(0))
          .select(OUT_COLS)
          .sort("stateA", "stateB", "year")
          .collect())
    dy.write_csv(out, line_terminator="\n")
    print(json.dumps({"impl": "w1_atop_polars", "work_s": round(time.perf_counter() - t0, 3),
                      "rows": dy.height, "out": out, "out_bytes": os.path.getsize(out)}), flush=True)


if __name__ == "__main__":
    main()
