//! Reading GeoJSON (RFC 7946) into a [`Geometry`], refusing what cannot be a region: each
//! error names the place in the document (`features[2].geometry.coordinates[0][17]`), or
//! its line and column when the text is not JSON at all.

use std::fmt;

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

impl Geometry {
    /// Reads a GeoJSON text: a Polygon, a MultiPolygon, a GeometryCollection of them, a
    /// Feature, or a FeatureCollection (all its features together, or with `feature` the
    /// one whose `id` or `properties.id` is that). Validates every ring.
    pub fn from_geojson(text: &str, feature: Option<&str>) -> Result<Geometry, GeometryError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|e| GeometryError {
            path: String::new(),
            line_col: Some((e.line(), e.column())),
            message: format!("not JSON: {}", e.to_string().split(" at line ").next().unwrap_or_default()),
        })?;
        let kind = type_of(&value, "")?;
        let geometry = match (kind, feature) {
            ("FeatureCollection", _) => {
                let features = value
                    .get("features")
                    .and_then(Value::as_array)
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
            ("Feature", None) => feature_value(&value, "")?,
            ("Feature", Some(want)) => {
                if feature_id(&value).as_deref() != Some(want) {
                    return Err(err("id", format!("the feature's id is not `{want}`")));
                }
                feature_value(&value, "")?
            }
            (_, Some(want)) => {
                return Err(err("type", format!("a bare geometry has no features to choose `{want}` from")));
            }
            _ => geometry_value(&value, "")?,
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

fn feature_id(f: &Value) -> Option<String> {
    let id = f.get("id").or_else(|| f.get("properties").and_then(|p| p.get("id")))?;
    match id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn type_of<'v>(v: &'v Value, path: &str) -> Result<&'v str, GeometryError> {
    let at = if path.is_empty() { "type".to_string() } else { format!("{path}.type") };
    match v.get("type") {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(err(&at, "`type` is not a string")),
        None if v.is_object() => Err(err(&at, "the object has no `type`")),
        None => Err(err(path, "a GeoJSON object was expected")),
    }
}

fn feature_value(f: &Value, path: &str) -> Result<Geometry, GeometryError> {
    let kind = type_of(f, path)?;
    if kind != "Feature" {
        return Err(err(&join(path, "type"), format!("a Feature was expected, not a {kind}")));
    }
    match f.get("geometry") {
        Some(g) if !g.is_null() => geometry_value(g, &join(path, "geometry")),
        _ => Err(err(&join(path, "geometry"), "the feature has no geometry")),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Reads a GeoJSON geometry object (Polygon, MultiPolygon or GeometryCollection).
pub(crate) fn geometry_value(g: &Value, path: &str) -> Result<Geometry, GeometryError> {
    let kind = type_of(g, path)?;
    let coords = || g.get("coordinates").ok_or_else(|| err(&join(path, "coordinates"), "no `coordinates`"));
    let cpath = join(path, "coordinates");
    let polygons = match kind {
        "Polygon" => vec![polygon(coords()?, &cpath)?],
        "MultiPolygon" => array(coords()?, &cpath)?
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(p, &format!("{cpath}[{i}]")))
            .collect::<Result<_, _>>()?,
        "GeometryCollection" => {
            let gpath = join(path, "geometries");
            let list = g.get("geometries").ok_or_else(|| err(&gpath, "no `geometries`"))?;
            let mut out = Vec::new();
            for (i, x) in array(list, &gpath)?.iter().enumerate() {
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

fn array<'v>(v: &'v Value, path: &str) -> Result<&'v Vec<Value>, GeometryError> {
    v.as_array().ok_or_else(|| err(path, "an array was expected"))
}

fn polygon(v: &Value, path: &str) -> Result<Polygon, GeometryError> {
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

fn ring(v: &Value, path: &str) -> Result<Vec<Position>, GeometryError> {
    let list = array(v, path)?;
    if list.len() > crate::MAX_VERTICES {
        return Err(err(path, format!("{} positions in one ring, more than {}", list.len(), crate::MAX_VERTICES)));
    }
    let mut out: Vec<Position> = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let pos = position(p, &format!("{path}[{i}]"))?;
        // A repeated position adds no edge.
        if out.last() != Some(&pos) {
            out.push(pos);
        }
    }
    if list.len() >= 2 && position(&list[0], path)? != position(&list[list.len() - 1], path)? {
        return Err(err(
            path,
            format!(
                "the ring is not closed: its last position {} is not its first {} (GeoJSON repeats the first position at the end)",
                show(out[out.len() - 1]),
                show(out[0])
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

fn position(v: &Value, path: &str) -> Result<Position, GeometryError> {
    let list = array(v, path)?;
    if list.len() < 2 {
        return Err(err(path, "a position is [longitude, latitude]"));
    }
    let num = |i: usize| {
        list[i].as_f64().filter(|x| x.is_finite()).ok_or_else(|| err(&format!("{path}[{i}]"), "not a finite number"))
    };
    let (lon, lat) = (num(0)?, num(1)?);
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
            ("{", "line 1, column 1: not JSON: EOF while parsing an object"),
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
            (r#"[1,2]"#, "a GeoJSON object was expected"),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,"x"],[1,1],[0,0]]]}"#,
                "at `coordinates[0][1][1]`: not a finite number",
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
