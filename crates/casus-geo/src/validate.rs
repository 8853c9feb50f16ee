//! Reading GeoJSON (RFC 7946) into a [`Geometry`], refusing what cannot be a region: each
//! error names the place in the document (`features[2].geometry.coordinates[0][17]`), or
//! its line and column when the text is not JSON at all.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::{Geometry, Polygon, Position};

/// The largest GeoJSON file a region may name: a line of contact drawn at 10 m is well
/// under a megabyte; past this the file is refused before it is read.
pub const MAX_GEOMETRY_BYTES: u64 = 16 << 20;

/// The most positions a geometry may hold.
pub const MAX_VERTICES: usize = 500_000;

/// Pairs of edges compared while looking for a self-intersection, at most: a sweep over
/// sorted edges compares few pairs in any real shape; a pathological one is refused rather
/// than checked for minutes.
const MAX_EDGE_PAIRS: u64 = 50_000_000;

/// Why a GeoJSON text is not a usable geometry, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryError {
    /// Where in the document, as a path of keys and indices (empty: the whole document).
    pub path: String,
    /// Line and column (1-based) when the text is not valid JSON.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.line_col, self.path.as_str()) {
            (Some((l, c)), _) => write!(f, "line {l}, column {c}: {}", self.message),
            (None, "") => write!(f, "{}", self.message),
            (None, p) => write!(f, "at `{p}`: {}", self.message),
        }
    }
}

impl std::error::Error for GeometryError {}

fn err(path: &str, message: impl Into<String>) -> GeometryError {
    GeometryError { path: path.to_string(), line_col: None, message: message.into() }
}

/// A GeoJSON object as far as casus reads it: members it does not read are skipped while
/// parsing, and coordinates are read straight into positions (a `serde_json::Value` tree
/// would take some 160 bytes per position; this takes 32).
#[derive(Deserialize)]
pub(crate) struct Doc {
    #[serde(rename = "type", default)]
    kind: Option<Value>,
    #[serde(default)]
    coordinates: Option<Coords>,
    #[serde(default)]
    pub(crate) geometry: Option<Box<Doc>>,
    #[serde(default)]
    geometries: Option<Vec<Doc>>,
    #[serde(default)]
    pub(crate) features: Option<Vec<Doc>>,
    #[serde(default)]
    id: Option<Value>,
    /// A feature's properties (kept: they hold its `id` or, in the built-in extract, its
    /// ISO code and name).
    #[serde(default)]
    pub(crate) properties: Option<Value>,
}

/// GeoJSON coordinates: a number, a position (an array of numbers) or an array of them.
pub(crate) enum Coords {
    Num,
    /// The first two numbers and how many there were.
    Pos([f64; 2], usize),
    List(Vec<Coords>),
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Coords, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Coords;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("GeoJSON coordinates (numbers in nested arrays)")
            }
            fn visit_f64<E>(self, _: f64) -> Result<Coords, E> {
                Ok(Coords::Num)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Coords, E> {
                Ok(Coords::Num)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Coords, E> {
                Ok(Coords::Num)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
                // A position when it starts with a number; then every element must be one.
                let first: Option<Number> = match seq.next_element::<Element>()? {
                    None => return Ok(Coords::List(Vec::new())),
                    Some(Element::Number(x)) => Some(Number(x)),
                    Some(Element::Coords(c)) => {
                        let mut list = vec![c];
                        while let Some(c) = seq.next_element::<Coords>()? {
                            list.push(c);
                        }
                        return Ok(Coords::List(list));
                    }
                };
                let mut xy = [first.map_or(f64::NAN, |n| n.0), f64::NAN];
                let mut count = 1;
                while let Some(x) = seq.next_element::<f64>()? {
                    if count == 1 {
                        xy[1] = x;
                    }
                    count += 1;
                }
                Ok(Coords::Pos(xy, count))
            }
        }
        d.deserialize_any(V)
    }
}

struct Number(f64);

/// An element of a coordinates array: a number or deeper coordinates.
enum Element {
    Number(f64),
    Coords(Coords),
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Element, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or an array")
            }
            fn visit_f64<E>(self, x: f64) -> Result<Element, E> {
                Ok(Element::Number(x))
            }
            fn visit_i64<E>(self, x: i64) -> Result<Element, E> {
                Ok(Element::Number(x as f64))
            }
            fn visit_u64<E>(self, x: u64) -> Result<Element, E> {
                Ok(Element::Number(x as f64))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
                Coords::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Element::Coords)
            }
        }
        d.deserialize_any(V)
    }
}

impl Geometry {
    /// Reads a GeoJSON text: a Polygon, a MultiPolygon, a GeometryCollection of them, a
    /// Feature, or a FeatureCollection (all its features together, or with `feature` the
    /// one whose `id` or `properties.id` is that). Validates every ring.
    pub fn from_geojson(text: &str, feature: Option<&str>) -> Result<Geometry, GeometryError> {
        let doc = parse(text)?;
        let kind = type_of(&doc, "")?;
        let geometry = match (kind, feature) {
            ("FeatureCollection", _) => {
                let features = doc
                    .features
                    .as_ref()
                    .ok_or_else(|| err("features", "a FeatureCollection needs a `features` array"))?;
                let mut polygons = Vec::new();
                let mut found = false;
                for (i, f) in features.iter().enumerate() {
                    let path = format!("features[{i}]");
                    if let Some(want) = feature
                        && feature_id(f).as_deref() != Some(want)
                    {
                        continue;
                    }
                    found = true;
                    polygons.extend(feature_value(f, &path)?.polygons);
                }
                if let Some(want) = feature
                    && !found
                {
                    let ids: Vec<String> = features.iter().filter_map(feature_id).take(8).collect();
                    return Err(err(
                        "features",
                        format!(
                            "no feature has the id `{want}`{}",
                            if ids.is_empty() { String::new() } else { format!(" (the ids are {})", ids.join(", ")) }
                        ),
                    ));
                }
                Geometry::new(polygons)
            }
            ("Feature", None) => feature_value(&doc, "")?,
            ("Feature", Some(want)) => {
                if feature_id(&doc).as_deref() != Some(want) {
                    return Err(err("id", format!("the feature's id is not `{want}`")));
                }
                feature_value(&doc, "")?
            }
            (_, Some(want)) => {
                return Err(err("type", format!("a bare geometry has no features to choose `{want}` from")));
            }
            _ => geometry_value(&doc, "")?,
        };
        if geometry.polygons.is_empty() {
            return Err(err("", "the document holds no polygon"));
        }
        if geometry.vertex_count() > MAX_VERTICES {
            return Err(err(
                "",
                format!(
                    "{} positions, more than the {MAX_VERTICES} a region's geometry may hold",
                    geometry.vertex_count()
                ),
            ));
        }
        Ok(geometry)
    }
}

/// Parses a GeoJSON text into a [`Doc`], with the line and column of a syntax error.
pub(crate) fn parse(text: &str) -> Result<Doc, GeometryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        return Err(err("", "a GeoJSON object was expected (the text does not start with `{`)"));
    }
    serde_json::from_str(text).map_err(|e| GeometryError {
        path: String::new(),
        line_col: Some((e.line(), e.column())),
        message: format!("not JSON, or not GeoJSON: {}", e.to_string().split(" at line ").next().unwrap_or_default()),
    })
}

fn feature_id(f: &Doc) -> Option<String> {
    let id = f.id.as_ref().or_else(|| f.properties.as_ref().and_then(|p| p.get("id")))?;
    match id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn type_of<'v>(v: &'v Doc, path: &str) -> Result<&'v str, GeometryError> {
    let at = if path.is_empty() { "type".to_string() } else { format!("{path}.type") };
    match &v.kind {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(err(&at, "`type` is not a string")),
        None => Err(err(&at, "the object has no `type`")),
    }
}

fn feature_value(f: &Doc, path: &str) -> Result<Geometry, GeometryError> {
    let kind = type_of(f, path)?;
    if kind != "Feature" {
        return Err(err(&join(path, "type"), format!("a Feature was expected, not a {kind}")));
    }
    match &f.geometry {
        Some(g) => geometry_value(g, &join(path, "geometry")),
        None => Err(err(&join(path, "geometry"), "the feature has no geometry")),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Reads a GeoJSON geometry object (Polygon, MultiPolygon or GeometryCollection).
pub(crate) fn geometry_value(g: &Doc, path: &str) -> Result<Geometry, GeometryError> {
    let kind = type_of(g, path)?;
    let cpath = join(path, "coordinates");
    let coords = || g.coordinates.as_ref().ok_or_else(|| err(&cpath, "no `coordinates`"));
    let polygons = match kind {
        "Polygon" => vec![polygon(coords()?, &cpath)?],
        "MultiPolygon" => array(coords()?, &cpath)?
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(p, &format!("{cpath}[{i}]")))
            .collect::<Result<_, _>>()?,
        "GeometryCollection" => {
            let gpath = join(path, "geometries");
            let list = g.geometries.as_ref().ok_or_else(|| err(&gpath, "no `geometries`"))?;
            let mut out = Vec::new();
            for (i, x) in list.iter().enumerate() {
                out.extend(geometry_value(x, &format!("{gpath}[{i}]"))?.polygons);
            }
            out
        }
        "Point" | "MultiPoint" | "LineString" | "MultiLineString" => {
            return Err(err(
                &join(path, "type"),
                format!("a {kind} encloses no area: a region's geometry is a Polygon or MultiPolygon"),
            ));
        }
        other => return Err(err(&join(path, "type"), format!("`{other}` is not a GeoJSON geometry type"))),
    };
    Ok(Geometry::new(polygons))
}

fn array<'v>(v: &'v Coords, path: &str) -> Result<&'v [Coords], GeometryError> {
    match v {
        Coords::List(l) => Ok(l),
        Coords::Pos(..) => Err(err(path, "an array of positions was expected, not a position")),
        Coords::Num => Err(err(path, "an array was expected, not a number")),
    }
}

fn polygon(v: &Coords, path: &str) -> Result<Polygon, GeometryError> {
    let rings_v = array(v, path)?;
    if rings_v.is_empty() {
        return Err(err(path, "a polygon needs at least its exterior ring"));
    }
    let mut rings = Vec::with_capacity(rings_v.len());
    for (i, r) in rings_v.iter().enumerate() {
        rings.push(ring(r, &format!("{path}[{i}]"))?);
    }
    let p = Polygon::new(rings);
    self_intersection(&p, path)?;
    Ok(p)
}

fn ring(v: &Coords, path: &str) -> Result<Vec<Position>, GeometryError> {
    let list = array(v, path)?;
    if list.len() > crate::MAX_VERTICES {
        return Err(err(path, format!("{} positions in one ring, more than {}", list.len(), crate::MAX_VERTICES)));
    }
    let mut out: Vec<Position> = Vec::with_capacity(list.len());
    let mut first = None;
    let mut last = None;
    for (i, p) in list.iter().enumerate() {
        let pos = position(p, &format!("{path}[{i}]"))?;
        first.get_or_insert(pos);
        last = Some(pos);
        // A repeated position adds no edge.
        if out.last() != Some(&pos) {
            out.push(pos);
        }
    }
    if let (Some(a), Some(b)) = (first, last)
        && list.len() >= 2
        && a != b
    {
        return Err(err(
            path,
            format!(
                "the ring is not closed: its last position {} is not its first {} (GeoJSON repeats the first position at the end)",
                show(b),
                show(a)
            ),
        ));
    }
    if out.len() < 4 {
        return Err(err(
            path,
            format!("a ring needs at least 4 positions (3 corners and the first again), not {}", list.len()),
        ));
    }
    Ok(out)
}

fn show([x, y]: Position) -> String {
    format!("[{x}, {y}]")
}

fn position(v: &Coords, path: &str) -> Result<Position, GeometryError> {
    let (lon, lat) = match v {
        Coords::Pos([lon, lat], n) if *n >= 2 => (*lon, *lat),
        Coords::Pos(..) | Coords::Num => return Err(err(path, "a position is [longitude, latitude]")),
        Coords::List(_) => return Err(err(path, "a position was expected, not an array of them")),
    };
    if !(-90.0..=90.0).contains(&lat) {
        let hint = if (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
            ": positions are [longitude, latitude], and this one looks like [latitude, longitude]"
        } else {
            ""
        };
        return Err(err(path, format!("latitude {lat} is outside -90..90{hint}")));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(err(path, format!("longitude {lon} is outside -180..180")));
    }
    Ok([lon, lat])
}

/// Twice the signed area of the triangle a, b, c (positive: counter-clockwise).
fn orient(a: Position, b: Position, c: Position) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn on_segment(a: Position, b: Position, p: Position) -> bool {
    p[0] >= a[0].min(b[0]) && p[0] <= a[0].max(b[0]) && p[1] >= a[1].min(b[1]) && p[1] <= a[1].max(b[1])
}

/// Whether two segments cross (`touching` also counts a shared point or an overlap).
fn intersects(a: Position, b: Position, c: Position, d: Position, touching: bool) -> bool {
    let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b));
    if o1 * o2 < 0.0 && o3 * o4 < 0.0 {
        return true;
    }
    touching
        && ((o1 == 0.0 && on_segment(a, b, c))
            || (o2 == 0.0 && on_segment(a, b, d))
            || (o3 == 0.0 && on_segment(c, d, a))
            || (o4 == 0.0 && on_segment(c, d, b)))
}

/// Refuses a polygon whose rings cross themselves or each other: a sweep over the edges
/// sorted by their western end, each compared with the edges still open at that longitude
/// (O(n log n + k) for n edges and k pairs that overlap in longitude).
fn self_intersection(p: &Polygon, path: &str) -> Result<(), GeometryError> {
    struct Edge {
        ring: usize,
        index: usize,
        len: usize,
        a: Position,
        b: Position,
        west: f64,
        east: f64,
    }
    let mut edges: Vec<Edge> = Vec::new();
    for (ri, r) in p.rings.iter().enumerate() {
        let len = r.len() - 1;
        for (i, w) in r.windows(2).enumerate() {
            edges.push(Edge {
                ring: ri,
                index: i,
                len,
                a: w[0],
                b: w[1],
                west: w[0][0].min(w[1][0]),
                east: w[0][0].max(w[1][0]),
            });
        }
    }
    edges.sort_by(|x, y| x.west.total_cmp(&y.west));
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: u64 = 0;
    for (k, e) in edges.iter().enumerate() {
        open.retain(|&j| edges[j].east >= e.west);
        for &j in &open {
            pairs += 1;
            if pairs > MAX_EDGE_PAIRS {
                return Err(err(path, "too intricate to check for self-intersection: simplify the geometry"));
            }
            let o = &edges[j];
            let same = o.ring == e.ring;
            let adjacent = same && (o.index.abs_diff(e.index) == 1 || o.index.abs_diff(e.index) == e.len - 1);
            if adjacent {
                continue;
            }
            if intersects(o.a, o.b, e.a, e.b, same) {
                let (first, second) = if (o.ring, o.index) < (e.ring, e.index) { (o, e) } else { (e, o) };
                let what = if same { "crosses itself" } else { "crosses another of its rings" };
                return Err(err(
                    &format!("{path}[{}]", first.ring),
                    format!(
                        "the polygon {what}: the edge from position {} {} meets the edge from position {} of ring {} {}",
                        first.index,
                        show(first.a),
                        second.index,
                        second.ring,
                        show(second.a)
                    ),
                ));
            }
        }
        open.push(k);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Geometry, String> {
        Geometry::from_geojson(text, None).map_err(|e| e.to_string())
    }

    #[test]
    fn polygons_and_features_are_read() {
        let sq = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
        assert!(read(sq).expect("a square").contains(0.5, 0.5));
        let fc = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"a","properties":{{}},"geometry":{sq}}}]}}"#
        );
        assert!(Geometry::from_geojson(&fc, Some("a")).is_ok());
        assert_eq!(
            Geometry::from_geojson(&fc, Some("b")).map_err(|e| e.to_string()),
            Err("at `features`: no feature has the id `b` (the ids are a)".to_string())
        );
    }

    #[test]
    fn bad_geometries_are_refused_with_their_place() {
        let cases = [
            ("{", "line 1, column 1: not JSON, or not GeoJSON: EOF while parsing an object"),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
                "at `coordinates[0]`: the ring is not closed",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#,
                "at `coordinates[0]`: a ring needs at least 4 positions",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#,
                "at `coordinates[0]`: the polygon crosses itself",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[49.8,24.0],[50.0,24.0],[50.0,100.5],[49.8,24.0]]]}"#,
                "at `coordinates[0][2]`: latitude 100.5 is outside -90..90",
            ),
            (r#"{"type":"Polygon","coordinates":[[[0,0],[0,95.0],[1,1],[0,0]]]}"#, "looks like [latitude, longitude]"),
            (r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#, "at `type`: a LineString encloses no area"),
            (r#"[1,2]"#, "a GeoJSON object was expected (the text does not start with `{`)"),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,"x"],[1,1],[0,0]]]}"#,
                "line 1, column 46: not JSON, or not GeoJSON: invalid type: string \"x\", expected f64",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[5,1],[5,2],[1,2],[1,1]]]}"#,
                "crosses another of its rings",
            ),
        ];
        for (text, want) in cases {
            let got = read(text).expect_err(text);
            assert!(got.contains(want), "{text}: {got}");
        }
    }

    #[test]
    fn a_hole_is_outside() {
        let g = read(
            r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[3,1],[3,3],[1,3],[1,1]]]}"#,
        )
        .expect("a square with a hole");
        assert!(g.contains(0.5, 0.5));
        assert!(!g.contains(2.0, 2.0));
    }

    #[test]
    fn a_long_zigzag_is_checked_in_bounded_time() {
        // 100,000 vertices of a comb: valid, and the sweep keeps few edges open.
        let mut ring: Vec<String> = Vec::new();
        for i in 0..50_000 {
            let x = f64::from(i) * 0.001;
            ring.push(format!("[{x},0]"));
            ring.push(format!("[{},1]", x + 0.0005));
        }
        ring.push("[50,0]".into());
        ring.push("[50,-1]".into());
        ring.push("[0,-1]".into());
        ring.push("[0,0]".into());
        let text = format!(r#"{{"type":"Polygon","coordinates":[[{}]]}}"#, ring.join(","));
        assert!(read(&text).is_ok());
    }
}
