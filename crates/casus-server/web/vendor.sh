#!/usr/bin/env bash
# Fetches the JavaScript the workbench vendors, at pinned versions, from the npm
# registry (with `npm pack`, the ordinary client) and copies the files the page
# loads, with each package's licence, into web/vendor/. Run it from anywhere;
# commit what it writes. Nothing is fetched at run time: the server embeds web/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

D3=7.9.0
TOPOJSON_CLIENT=3.1.0
WORLD_ATLAS=2.0.2

fetch() { # name version -> unpacked dir
    local name="$1" version="$2"
    (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
    local tgz="$tmp/${name}-${version}.tgz"
    mkdir -p "$tmp/$name"
    tar -xzf "$tgz" -C "$tmp/$name" --strip-components=1
    echo "$tmp/$name"
}

mkdir -p "$out"

d3="$(fetch d3 "$D3")"
cp "$d3/dist/d3.min.js" "$out/d3.min.js"
cp "$d3/LICENSE" "$out/d3.LICENSE"

tc="$(fetch topojson-client "$TOPOJSON_CLIENT")"
cp "$tc/dist/topojson-client.min.js" "$out/topojson-client.min.js"
cp "$tc/LICENSE" "$out/topojson-client.LICENSE"

wa="$(fetch world-atlas "$WORLD_ATLAS")"
cp "$wa/countries-110m.json" "$out/countries-110m.json"
cp "$wa/LICENSE" "$out/world-atlas.LICENSE"

echo "vendored into $out:"
(cd "$out" && sha256sum d3.min.js topojson-client.min.js countries-110m.json)
