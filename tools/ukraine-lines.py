#!/usr/bin/env python3
"""Writes library/regions/ukraine-lines.geojson, the shapes of the occupied sub-regions of
library/regions/ukraine.casus, from the hand-drawn lines below.

    python3 tools/ukraine-lines.py

Each line is drawn through the places reported held on either side (the sources are in
each feature's `note` and in ukraine.casus); the precision each region states (10 and
15 km) is how far the drawn line may be from the real one. Edit the points here, not the
GeoJSON, and run the script again.
"""
import json
line2015 = [  # north to south: the line of contact of 2015-2022 (Minsk II), [lon, lat]
 (40.20,48.80),(39.80,48.70),(39.49,48.65),(39.23,48.72),(38.90,48.70),(38.55,48.70),(38.40,48.62),
 (38.20,48.42),(37.95,48.36),(37.80,48.15),(37.70,48.05),(37.55,47.95),(37.58,47.88),(37.62,47.78),
 (37.60,47.60),(37.65,47.40),(37.68,47.20),(37.78,47.08),(37.70,46.90)]
line2025 = [  # north to south, then down the Dnipro: the front line of late 2025
 (37.95,50.10),(37.70,49.75),(37.65,49.45),(37.95,49.15),(38.05,48.95),(38.05,48.82),(37.85,48.62),
 (37.75,48.50),(37.60,48.40),(37.30,48.35),(37.15,48.22),(37.05,48.05),(36.95,47.90),(36.80,47.80),
 (36.40,47.70),(36.20,47.62),(35.90,47.50),(35.80,47.47),(35.45,47.48),(35.30,47.47),(35.05,47.55),
 (34.65,47.52),(34.40,47.50),(34.00,47.25),(33.90,47.15),(33.55,46.90),(33.37,46.77),(33.00,46.68),
 (32.70,46.60),(32.45,46.53),(32.15,46.48),(31.90,46.40),(31.50,46.30),(31.00,45.50)]
def ring(pts):
    pts=[list(p) for p in pts]
    return pts+[pts[0]]
east2015 = ring(line2015 + [(41.0,46.9),(41.0,48.8)])
band = ring(line2025 + [(36.0,45.3)] + line2015[::-1] + [(40.0,50.2)])
west2025 = ring(line2025 + [(28.0,45.5),(28.0,51.0),(37.95,51.0)])
def feat(i, name, r, note):
    return {"type":"Feature","id":i,"properties":{"id":i,"name":name,"note":note},"geometry":{"type":"Polygon","coordinates":[r]}}
fc = {"type":"FeatureCollection","features":[
 feat("east-of-the-2015-line","East of the line of contact of 2015-2022", east2015,
  "Drawn by hand through the places each side held from February 2015 to February 2022 (OSCE SMM reports; the line of the Minsk memorandum of 19 September 2014 as adjusted at Debaltseve); precise to about 10 km. It runs on into Russia and the Sea of Azov: only places inside Luhansk and Donetsk oblasts are tested against it."),
 feat("between-the-2015-and-2025-lines","Between the line of 2015-2022 and the front line of late 2025", band,
  "Drawn by hand through the places reported held on either side in late 2025 (ISW daily assessments and maps, DeepStateMap): Kupiansk-Borova-Lyman-Siversk-Chasiv Yar-Kostiantynivka-Pokrovsk-Kurakhove-Velyka Novosilka-Huliaipole-Orikhiv-Vasylivka, then the Kakhovka reservoir and the Dnipro to its mouth; precise to about 15 km. It runs on into Russia, Crimea and the seas: only places inside Luhansk, Donetsk, Zaporizhzhia and Kherson oblasts are tested against it."),
 feat("west-of-the-2025-line","West of the front line of late 2025 (the right bank of the Dnipro in Kherson Oblast)", west2025,
  "The other side of the same line: in Kherson Oblast, the right bank of the Dnipro."),
]}
out = json.dumps(fc, ensure_ascii=False, indent=1)
open('/work/main/library/regions/ukraine-lines.geojson','w').write(out+"\n")
