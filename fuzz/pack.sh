#!/bin/sh
# Packs the corpora a campaign grew (fuzz/corpus/TARGET, ignored by git) into the
# committed archives fuzz/corpora/TARGET.tar.gz, one per target, deterministically (sorted
# names, no owners or dates), so that the next campaign starts where this one ended.
#
#   fuzz/pack.sh [TARGET...]     (from the repository root; all targets by default)
set -eu
mkdir -p fuzz/corpora
targets=${*:-$(ls fuzz/corpus)}
for t in $targets; do
    [ -d "fuzz/corpus/$t" ] || continue
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C fuzz/corpus -cf - "$t" \
        | gzip -n -9 > "fuzz/corpora/$t.tar.gz"
    echo "fuzz/corpora/$t.tar.gz: $(ls "fuzz/corpus/$t" | wc -l) inputs, $(wc -c < "fuzz/corpora/$t.tar.gz") bytes"
done
