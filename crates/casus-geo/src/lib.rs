//! Geometry for casus: polygons a place can be tested against, the first-level
//! subdivisions coordinates resolve to, and GeoJSON read with errors that name their place.
//!
//! Two kinds of shape use it. The built-in first-level subdivisions of Ukraine and its
//! neighbours ([`subdivision_at`]) come from Natural Earth (public domain) through
//! `tools/geo-admin1.py`, which writes `data/admin1.geojson`. A user's region may carry its
//! own geometry, say a line of contact on a given date ([`Geometry::from_geojson`]): it is
//! validated (closed rings, positions in range and in GeoJSON's longitude-latitude order,
//! no self-intersection, a size limit) before it can decide a verdict.
//!
//! Distances are in kilometres on a local equirectangular projection around the point,
//! which is within 1% of the great-circle distance over the few tens of kilometres a
//! tolerance spans.

use std::sync::OnceLock;

mod validate;

pub use validate::{GeometryError, MAX_GEOMETRY_BYTES, MAX_VERTICES};

/// A position: longitude, latitude in degrees (GeoJSON's order).
pub type Position = [f64; 2];

/// A polygon: its exterior ring, then its holes; every ring closed (last = first).
#[derive(Clone, Debug, PartialEq)]
pub struct Polygon {
    /// The rings.
    pub rings: Vec<Vec<Position>>,
    bbox: Bbox,
}

/// An area made of polygons (a GeoJSON Polygon, MultiPolygon or a collection of them).
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// The polygons.
    pub polygons: Vec<Polygon>,
    bbox: Bbox,
}

/// A bounding box in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bbox {
    west: f64,
    south: f64,
    east: f64,
    north: f64,
}

impl Bbox {
    const EMPTY: Bbox =
        Bbox { west: f64::INFINITY, south: f64::INFINITY, east: f64::NEG_INFINITY, north: f64::NEG_INFINITY };

    fn of(points: impl IntoIterator<Item = Position>) -> Bbox {
        points.into_iter().fold(Bbox::EMPTY, |b, [x, y]| Bbox {
            west: b.west.min(x),
            south: b.south.min(y),
            east: b.east.max(x),
            north: b.north.max(y),
        })
    }

    fn union(self, o: Bbox) -> Bbox {
        Bbox {
            west: self.west.min(o.west),
            south: self.south.min(o.south),
            east: self.east.max(o.east),
            north: self.north.max(o.north),
        }
    }

    fn holds(&self, lon: f64, lat: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    /// Whether the box, grown by `km` around the point's latitude, holds the point.
    fn near(&self, lon: f64, lat: f64, km: f64) -> bool {
        let dlat = km / KM_PER_DEGREE_LAT;
        let dlon = km / (KM_PER_DEGREE_LAT * lat.to_radians().cos().max(0.01));
        (self.west - dlon..=self.east + dlon).contains(&lon) && (self.south - dlat..=self.north + dlat).contains(&lat)
    }
}

/// Kilometres per degree of latitude (the mean meridian degree).
const KM_PER_DEGREE_LAT: f64 = 111.2;

impl Polygon {
    /// A polygon from closed rings, exterior first (not validated: see
    /// [`Geometry::from_geojson`]).
    pub fn new(rings: Vec<Vec<Position>>) -> Polygon {
        let bbox = rings.first().map_or(Bbox::EMPTY, |r| Bbox::of(r.iter().copied()));
        Polygon { rings, bbox }
    }

    /// Whether the point is inside (even-odd over all rings, so holes are out).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.bbox.holds(lon, lat) && self.rings.iter().filter(|r| ring_contains(r, lon, lat)).count() % 2 == 1
    }

    fn edges(&self) -> impl Iterator<Item = (Position, Position)> + '_ {
        self.rings.iter().flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
    }
}

/// Even-odd ray casting on one ring.
fn ring_contains(ring: &[Position], x: f64, y: f64) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ([xi, yi], [xj, yj]) = (w[0], w[1]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}

impl Geometry {
    /// A geometry from polygons.
    pub fn new(polygons: Vec<Polygon>) -> Geometry {
        let bbox = polygons.iter().fold(Bbox::EMPTY, |b, p| b.union(p.bbox));
        Geometry { polygons, bbox }
    }

    /// Whether the point is inside one of the polygons.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.bbox.holds(lon, lat) && self.polygons.iter().any(|p| p.contains(lat, lon))
    }

    /// The distance in km from the point to the nearest edge, when it is at most `within`
    /// km (`None` when farther: the polygons far away are not measured).
    pub fn edge_within(&self, lat: f64, lon: f64, within: f64) -> Option<f64> {
        if !self.bbox.near(lon, lat, within) {
            return None;
        }
        let kx = KM_PER_DEGREE_LAT * lat.to_radians().cos();
        let mut best = f64::INFINITY;
        for p in self.polygons.iter().filter(|p| p.bbox.near(lon, lat, within)) {
            for (a, b) in p.edges() {
                best = best.min(segment_km(kx, lon, lat, a, b));
            }
        }
        (best <= within).then_some(best)
    }

    /// How many positions the geometry holds.
    pub fn vertex_count(&self) -> usize {
        self.polygons.iter().flat_map(|p| &p.rings).map(Vec::len).sum()
    }

    /// The geometry as a GeoJSON MultiPolygon object.
    pub fn to_geojson(&self) -> serde_json::Value {
        let coords: Vec<&Vec<Vec<Position>>> = self.polygons.iter().map(|p| &p.rings).collect();
        serde_json::json!({ "type": "MultiPolygon", "coordinates": coords })
    }
}

/// The distance in km from (lon, lat) to the segment a–b, on the plane tangent at the point.
fn segment_km(kx: f64, lon: f64, lat: f64, a: Position, b: Position) -> f64 {
    let ax = (a[0] - lon) * kx;
    let ay = (a[1] - lat) * KM_PER_DEGREE_LAT;
    let bx = (b[0] - lon) * kx;
    let by = (b[1] - lat) * KM_PER_DEGREE_LAT;
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) };
    let (px, py) = (ax + t * dx, ay + t * dy);
    (px * px + py * py).sqrt()
}

/// A first-level subdivision casus resolves coordinates to.
#[derive(Debug)]
pub struct Subdivision {
    /// Its ISO 3166-2 code (`UA-46`).
    pub iso: String,
    /// Its name as Natural Earth gives it.
    pub name: String,
    /// The de jure state (alpha-3): Crimea and Sevastopol are `UKR`.
    pub country: String,
    /// Its shape.
    pub geometry: Geometry,
}

/// Natural Earth 4.1.0 1:10m admin-1, generalized, for Ukraine and its neighbours (see
/// `data/README.md`): generated by `tools/geo-admin1.py`.
const ADMIN1: &str = include_str!("../data/admin1.geojson");

/// Where the subdivisions come from, for a location's basis.
pub const ADMIN1_SOURCE: &str = "Natural Earth 4.1.0 admin-1";

/// Every built-in subdivision, by ISO code.
pub fn subdivisions() -> &'static [Subdivision] {
    static S: OnceLock<Vec<Subdivision>> = OnceLock::new();
    S.get_or_init(|| {
        let Ok(doc) = validate::parse(ADMIN1) else { return Vec::new() };
        let features = doc.features.unwrap_or_default();
        let mut out: Vec<Subdivision> = features
            .iter()
            .filter_map(|f| {
                let p = f.properties.as_ref()?;
                let text = |k: &str| p.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
                let geometry = validate::geometry_value(f.geometry.as_ref()?, "").ok()?;
                Some(Subdivision { iso: text("iso")?, name: text("name")?, country: text("country")?, geometry })
            })
            .collect();
        out.sort_by(|a, b| a.iso.cmp(&b.iso));
        out
    })
}

/// The built-in subdivision containing the point, if any. A point on a shared edge (or in
/// a sliver two generalized polygons both cover) gets the first by ISO code.
pub fn subdivision_at(lat: f64, lon: f64) -> Option<&'static Subdivision> {
    subdivisions().iter().find(|s| s.geometry.contains(lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_cities_are_in_their_oblasts() {
        let at = |lat, lon| subdivision_at(lat, lon).map(|s| s.iso.as_str());
        assert_eq!(at(49.84, 24.03), Some("UA-46")); // Lviv
        assert_eq!(at(50.45, 30.52), Some("UA-30")); // Kyiv
        assert_eq!(at(48.0, 37.8), Some("UA-14")); // Donetsk
        assert_eq!(at(48.57, 39.31), Some("UA-09")); // Luhansk
        assert_eq!(at(44.95, 34.10), Some("UA-43")); // Simferopol
        assert_eq!(at(44.60, 33.52), Some("UA-40")); // Sevastopol
        assert_eq!(at(46.64, 32.61), Some("UA-65")); // Kherson
        assert_eq!(at(50.79, 23.36), Some("PL-06")); // Lublin voivodeship
        assert_eq!(at(50.60, 36.59), Some("RU-BEL")); // Belgorod
        assert_eq!(at(45.81, 15.98), None); // Zagreb: Croatia is not in the extract
        assert_eq!(at(43.0, 34.0), None); // the Black Sea
    }

    #[test]
    fn every_subdivision_is_valid_and_named() {
        let all = subdivisions();
        assert_eq!(all.len(), 169);
        for s in all {
            assert!(s.geometry.vertex_count() >= 4, "{}", s.iso);
            let prefix = s.iso.split('-').next().unwrap_or_default();
            let a3 = [
                ("UA", "UKR"),
                ("PL", "POL"),
                ("BY", "BLR"),
                ("SK", "SVK"),
                ("LT", "LTU"),
                ("RO", "ROU"),
                ("HU", "HUN"),
                ("RU", "RUS"),
            ]
            .iter()
            .find(|(a2, _)| *a2 == prefix)
            .map(|(_, a3)| *a3);
            assert_eq!(a3, Some(s.country.as_str()), "{}", s.iso);
        }
    }

    #[test]
    fn distance_to_an_edge() {
        // A square of 1° side around (50, 30): its western edge is at 29.5°E.
        let sq = Geometry::new(vec![Polygon::new(vec![vec![
            [29.5, 49.5],
            [30.5, 49.5],
            [30.5, 50.5],
            [29.5, 50.5],
            [29.5, 49.5],
        ]])]);
        assert!(sq.contains(50.0, 30.0));
        assert!(!sq.contains(50.0, 31.0));
        let km = sq.edge_within(50.0, 29.6, 20.0).expect("near the western edge");
        // 0.1° of longitude at 50°N is 7.15 km.
        assert!((km - 7.15).abs() < 0.1, "{km}");
        assert_eq!(sq.edge_within(50.0, 30.0, 20.0), None);
    }
}
