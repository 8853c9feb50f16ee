#!/usr/bin/env python3
"""Generates crates/casus-geo/data/admin1.geojson, the first-level subdivisions casus
resolves coordinates to, from the Natural Earth extract in ../shared/data/geo.

    python3 tools/geo-admin1.py [../shared/data/geo/admin1_ukr_neighbours_ne10m_v4.1.0_generalized.geojson]

Input: Natural Earth 1:10m Admin-1 states and provinces, version 4.1.0, generalized (see
../shared/data/README.md, section 4). Natural Earth is in the public domain
(https://www.naturalearthdata.com/about/terms-of-use/). The output keeps only the units
crates/casus-geo/data/admin1-iso.tsv maps to an ISO 3166-2 code, gives each its de jure
country, and rounds coordinates to 4 decimals (about 11 m, finer than the generalization).
It is deterministic: running it again on the same input gives the same bytes.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/geo/admin1_ukr_neighbours_ne10m_v4.1.0_generalized.geojson"
TABLE = ROOT / "crates/casus-geo/data/admin1-iso.tsv"
OUT = ROOT / "crates/casus-geo/data/admin1.geojson"

# The de jure state of each ISO 3166-1 alpha-2 prefix used in the table.
ALPHA3 = {"UA": "UKR", "PL": "POL", "BY": "BLR", "SK": "SVK", "LT": "LTU", "RO": "ROU", "HU": "HUN", "RU": "RUS"}


def table():
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("adm0\t"):
            continue
        adm0, fips, name, iso = line.split("\t")
        rows[(adm0, None if fips == "-" else fips, name)] = iso
    return rows


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    out = [rounded(c) for c in coords]
    if isinstance(coords[0][0], (int, float)):
        # A ring: rounding may repeat a vertex; keep the ring closed and without repeats.
        ring = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        return ring
    return out


def main():
    rows = table()
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    features = []
    seen = set()
    for f in data["features"]:
        p = f["properties"]
        iso = rows.get((p["adm0_a3"], p["fips"], p["name"]))
        if iso is None:
            continue
        seen.add(iso)
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        polys = [[r for r in rounded(poly) if len(r) >= 4] for poly in polys]
        features.append({
            "type": "Feature",
            "properties": {"iso": iso, "name": p["name"], "country": ALPHA3[iso.split("-")[0]], "ne_fips": p["fips"], "ne_adm0_a3": p["adm0_a3"]},
            "geometry": {"type": "MultiPolygon", "coordinates": [poly for poly in polys if poly]},
        })
    missing = sorted(set(rows.values()) - seen)
    if missing:
        sys.exit(f"units of the table not in the source: {', '.join(missing)}")
    features.sort(key=lambda f: f["properties"]["iso"])
    out = {
        "type": "FeatureCollection",
        "name": "casus admin-1: Natural Earth 4.1.0 1:10m admin-1 (generalized), public domain; ISO 3166-2 codes from admin1-iso.tsv",
        "features": features,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(features)} units, {OUT.stat().st_size} bytes")


main()
