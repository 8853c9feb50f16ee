#!/bin/sh
# Runs one fuzz target the way the figures in fuzz/README.md were measured: one process
# at a time (fork mode with one job, which goes on past a crash so that one known bug does
# not end the run), niced, no sanitizer (the code is safe Rust; this doubles the speed),
# 2 GB RSS limit, 10 s per input, and a per-target maximum input length.
#
#   fuzz/run.sh TARGET SECONDS [SEED_DIR...]     (from the repository root)
#
# New inputs go to fuzz/corpus/TARGET (pack them with fuzz/pack.sh); crashes to
# fuzz/artifacts/TARGET.
set -eu
target=$1
seconds=$2
shift 2
case $target in
    eval_incident) max_len=512 ;;
    sim_params) max_len=2048 ;;
    json_model) max_len=20000 ;;
    *) max_len=8192 ;;
esac
# The committed corpus (fuzz/corpora/TARGET.tar.gz, see pack.sh) is where a run starts.
if [ ! -d "fuzz/corpus/$target" ] && [ -f "fuzz/corpora/$target.tar.gz" ]; then
    mkdir -p fuzz/corpus
    tar -xzf "fuzz/corpora/$target.tar.gz" -C fuzz/corpus
fi
mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
# Scratch files of the readers go to memory; the evaluator runs on one thread.
TMPDIR=${TMPDIR:-/dev/shm} RAYON_NUM_THREADS=1 exec nice -n 10 cargo +nightly fuzz run -s none "$target" \
    "fuzz/corpus/$target" "$@" -- \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" -max_total_time="$seconds" \
    -artifact_prefix="fuzz/artifacts/$target/"
