//! Offline geography: which country and subdivision a coordinate is in, which seas contain
//! it, and which continent a place is on.
//!
//! Countries and first-level subdivisions come from the `country-boundaries` crate
//! (OpenStreetMap data, © OpenStreetMap contributors, ODbL), compiled into the binary. Seas
//! are coarse polygons defined here: good enough to say whether a ship or aircraft was "in
//! the Mediterranean", not to draw a coastline. Continents come from the state table, with
//! the overrides below for states and subdivisions that straddle or sit apart from their
//! state's continent.

use std::sync::OnceLock;

use country_boundaries::{BOUNDARIES_ODBL_360X180, CountryBoundaries, LatLon};

use crate::states;

fn boundaries() -> Option<&'static CountryBoundaries> {
    static B: OnceLock<Option<CountryBoundaries>> = OnceLock::new();
    B.get_or_init(|| CountryBoundaries::from_reader(BOUNDARIES_ODBL_360X180).ok()).as_ref()
}

/// The ids (ISO 3166-1 alpha-2 and ISO 3166-2 codes) of every area containing the point,
/// smallest first: `["US-NY", "US"]`; empty at sea or for invalid coordinates.
pub fn ids_at(lat: f64, lon: f64) -> Vec<String> {
    let (Some(b), Ok(p)) = (boundaries(), LatLon::new(lat, lon)) else { return Vec::new() };
    b.ids(p).into_iter().map(str::to_string).collect()
}

/// Whether the coordinates are valid degrees.
pub fn valid(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// Whether `id` has the shape of an ISO 3166-2 subdivision code: a current alpha-2 code,
/// a hyphen, and one to three letters or digits (`PL-06`, `UA-43`, `US-NY`).
pub fn is_subdivision_code(id: &str) -> bool {
    let Some((country, sub)) = id.split_once('-') else { return false };
    country.len() == 2
        && alpha3_of(country).is_some()
        && (1..=3).contains(&sub.len())
        && sub.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The alpha-3 code of an alpha-2 code or of an ISO 3166-2 subdivision's country prefix.
pub fn alpha3_of(id: &str) -> Option<&'static str> {
    let a2 = id.split('-').next()?;
    states::all().values().find(|s| s.alpha2 == a2 && s.status == states::CodeStatus::Current).map(|s| s.alpha3)
}

/// A coarse sea polygon: (longitude, latitude) vertices, in order.
type Polygon = &'static [(f64, f64)];

/// Sea polygons, by the ids of [`crate::places::SEAS`]; a sea that crosses the
/// antimeridian (the Pacific) is two polygons.
const SEA_POLYGONS: &[(&str, &[Polygon])] = &[
    (
        "mediterranean",
        &[&[
            (-5.7, 35.7),
            (-5.7, 36.3),
            (0.0, 39.5),
            (3.5, 43.6),
            (9.0, 44.5),
            (12.5, 45.9),
            (16.0, 44.0),
            (19.5, 42.0),
            (22.5, 40.5),
            (26.6, 40.6),
            (27.0, 38.0),
            (36.2, 37.0),
            (36.0, 32.0),
            (30.0, 31.2),
            (20.0, 30.0),
            (10.0, 33.0),
            (0.0, 35.0),
        ]],
    ),
    (
        "north-atlantic",
        &[&[
            (-98.0, 0.0),
            (-98.0, 31.0),
            (-82.0, 46.0),
            (-64.0, 60.0),
            (-80.0, 66.0),
            (-60.0, 82.0),
            (20.0, 82.0),
            (20.0, 70.0),
            (5.0, 62.0),
            (-6.0, 58.0),
            (-6.0, 48.0),
            (-10.0, 43.0),
            (-10.0, 36.0),
            (-6.0, 35.9),
            (-6.0, 30.0),
            (-17.0, 21.0),
            (-17.5, 14.0),
            (-9.0, 4.0),
            (-9.0, 0.0),
        ]],
    ),
    (
        "baltic",
        &[&[
            (9.5, 53.8),
            (9.5, 58.0),
            (16.0, 60.0),
            (17.0, 60.7),
            (21.0, 60.7),
            (21.0, 65.9),
            (25.5, 65.9),
            (30.5, 60.0),
            (28.0, 59.4),
            (23.0, 58.0),
            (21.0, 54.5),
            (14.0, 53.8),
        ]],
    ),
    (
        "black-sea",
        &[&[
            (27.4, 41.0),
            (27.4, 46.6),
            (30.0, 46.8),
            (33.0, 46.2),
            (35.0, 45.5),
            (37.4, 45.3),
            (39.2, 44.5),
            (41.8, 41.5),
            (38.0, 40.8),
            (33.0, 41.9),
            (29.0, 41.0),
        ]],
    ),
    (
        "sea-of-azov",
        &[&[(34.8, 45.2), (35.0, 46.3), (37.7, 47.3), (39.4, 47.3), (38.3, 46.1), (37.3, 45.1), (35.5, 45.0)]],
    ),
    ("north-sea", &[&[(-4.0, 58.7), (8.5, 57.6), (8.7, 53.4), (4.0, 51.2), (1.5, 50.9), (-2.0, 55.0)]]),
    (
        "caribbean",
        &[&[
            (-88.0, 21.5),
            (-84.5, 22.0),
            (-80.0, 23.0),
            (-74.0, 20.0),
            (-68.0, 18.5),
            (-61.5, 17.0),
            (-61.0, 12.0),
            (-62.0, 10.5),
            (-67.0, 10.5),
            (-72.0, 12.0),
            (-76.0, 9.0),
            (-78.0, 9.3),
            (-81.5, 9.0),
            (-83.5, 11.0),
            (-83.5, 15.0),
            (-88.0, 16.0),
        ]],
    ),
    (
        "south-china-sea",
        &[&[
            (105.0, 22.0),
            (111.0, 21.5),
            (117.0, 23.5),
            (120.5, 25.0),
            (121.0, 22.0),
            (120.5, 18.5),
            (120.0, 14.0),
            (119.5, 10.5),
            (117.0, 7.5),
            (115.0, 4.5),
            (109.0, 1.5),
            (104.0, 1.3),
            (103.0, 5.0),
            (105.0, 9.0),
            (106.0, 14.0),
            (108.5, 17.0),
            (106.5, 20.0),
        ]],
    ),
    (
        "east-china-sea",
        &[&[
            (121.0, 25.0),
            (121.5, 31.0),
            (122.5, 32.0),
            (126.0, 33.5),
            (129.5, 33.0),
            (131.0, 31.0),
            (128.5, 28.0),
            (125.0, 24.5),
            (121.5, 24.5),
        ]],
    ),
    (
        "yellow-sea",
        &[&[
            (117.5, 38.5),
            (119.0, 41.0),
            (122.0, 40.5),
            (124.5, 39.8),
            (126.5, 37.5),
            (126.3, 34.3),
            (122.5, 32.0),
            (120.5, 34.0),
            (119.0, 35.5),
            (118.5, 37.5),
        ]],
    ),
    (
        "sea-of-japan",
        &[&[
            (127.5, 35.0),
            (129.5, 33.8),
            (131.5, 34.5),
            (135.5, 35.7),
            (140.0, 39.5),
            (140.5, 41.5),
            (142.0, 46.0),
            (142.0, 51.5),
            (140.5, 51.5),
            (138.0, 47.0),
            (133.0, 43.0),
            (130.7, 42.5),
            (129.5, 40.0),
            (128.5, 38.0),
        ]],
    ),
    (
        "philippine-sea",
        &[&[
            (121.5, 22.0),
            (122.0, 25.0),
            (126.0, 25.0),
            (131.0, 31.0),
            (135.0, 34.0),
            (140.0, 35.0),
            (145.0, 30.0),
            (145.0, 20.0),
            (140.0, 12.0),
            (134.0, 7.0),
            (126.0, 5.0),
            (126.5, 10.0),
            (124.0, 13.0),
            (122.5, 18.5),
        ]],
    ),
    (
        "pacific",
        &[
            // West of the antimeridian, with the marginal seas of East Asia.
            &[
                (180.0, -60.0),
                (180.0, 66.0),
                (165.0, 66.0),
                (160.0, 60.0),
                (143.0, 52.0),
                (142.0, 46.0),
                (140.0, 35.0),
                (135.0, 34.0),
                (131.0, 31.0),
                (126.0, 25.0),
                (121.5, 22.0),
                (120.0, 14.0),
                (125.0, 5.0),
                (128.0, 0.0),
                (132.0, -2.0),
                (141.0, -9.0),
                (147.0, -20.0),
                (153.0, -30.0),
                (150.0, -38.0),
                (147.0, -44.0),
                (147.0, -60.0),
            ],
            // East of it, to the Americas.
            &[
                (-180.0, -60.0),
                (-180.0, 66.0),
                (-168.0, 66.0),
                (-165.0, 60.0),
                (-150.0, 60.0),
                (-135.0, 58.0),
                (-125.0, 48.0),
                (-117.0, 32.0),
                (-110.0, 23.0),
                (-105.0, 19.0),
                (-95.0, 15.0),
                (-87.0, 13.0),
                (-80.0, 7.0),
                (-78.0, 2.0),
                (-81.0, -5.0),
                (-76.0, -15.0),
                (-71.0, -30.0),
                (-74.0, -45.0),
                (-75.0, -53.0),
                (-68.0, -56.0),
                (-68.0, -60.0),
            ],
        ],
    ),
];

/// Whether a sea contains the point; `None` when casus has no polygon for the sea.
pub fn sea_contains(sea: &str, lat: f64, lon: f64) -> Option<bool> {
    let (_, polys) = SEA_POLYGONS.iter().find(|(id, _)| *id == sea)?;
    Some(polys.iter().any(|p| point_in_polygon(p, lon, lat)))
}

/// The seas (with polygons) containing the point.
pub fn seas_at(lat: f64, lon: f64) -> Vec<&'static str> {
    SEA_POLYGONS.iter().filter(|(_, ps)| ps.iter().any(|p| point_in_polygon(p, lon, lat))).map(|(id, _)| *id).collect()
}

/// The polygons of a sea as GeoJSON rings of [longitude, latitude], closed.
pub fn sea_rings(sea: &str) -> Option<Vec<Vec<[f64; 2]>>> {
    let (_, polys) = SEA_POLYGONS.iter().find(|(id, _)| *id == sea)?;
    Some(
        polys
            .iter()
            .map(|p| {
                let mut ring: Vec<[f64; 2]> = p.iter().map(|&(x, y)| [x, y]).collect();
                if let Some(&first) = ring.first() {
                    ring.push(first);
                }
                ring
            })
            .collect(),
    )
}

/// A point inside each sea (or ocean), for asking about a ship there: (sea, lat, lon).
const SEA_POINTS: &[(&str, f64, f64)] = &[
    ("arctic-ocean", 85.0, 0.0),
    ("baltic", 55.5, 18.0),
    ("black-sea", 43.0, 34.0),
    ("caribbean", 15.0, -75.0),
    ("east-china-sea", 29.0, 125.0),
    ("indian-ocean", -10.0, 75.0),
    ("mediterranean", 35.0, 18.0),
    ("north-atlantic", 40.0, -40.0),
    ("north-sea", 56.0, 3.0),
    ("pacific", 0.0, -140.0),
    ("persian-gulf", 27.0, 51.0),
    ("philippine-sea", 20.0, 130.0),
    ("red-sea", 20.0, 38.5),
    ("sea-of-azov", 46.0, 36.5),
    ("sea-of-japan", 40.0, 135.0),
    ("south-atlantic", -20.0, -15.0),
    ("south-china-sea", 12.0, 114.0),
    ("yellow-sea", 36.0, 123.0),
];

/// A point inside the sea `sea` (latitude, longitude).
pub fn sea_point(sea: &str) -> Option<(f64, f64)> {
    SEA_POINTS.iter().find(|(s, _, _)| *s == sea).map(|&(_, lat, lon)| (lat, lon))
}

/// Even-odd ray casting.
fn point_in_polygon(poly: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Subdivisions whose continent differs from their state's: Hawaii (Oceania, UN M49
/// Polynesia), the Canary Islands, and Ceuta and Melilla, Spanish cities on the African
/// mainland (https://unstats.un.org/unsd/methodology/m49/; ISO 3166-2:ES lists ES-CE and
/// ES-ML as autonomous cities).
const SUBDIVISION_CONTINENTS: &[(&str, &str)] =
    &[("US-HI", "oceania"), ("IC", "africa"), ("ES-CN", "africa"), ("ES-CE", "africa"), ("ES-ML", "africa")];

/// The continents a place may be on: one when known, several when the place is only known
/// to be somewhere in a state that straddles continents and no coordinates settle it.
pub fn continents(state: &str, subdivision: Option<&str>, at: Option<(f64, f64)>) -> Vec<&'static str> {
    if let Some(sub) = subdivision
        && let Some((_, c)) = SUBDIVISION_CONTINENTS.iter().find(|(s, _)| *s == sub)
    {
        return vec![c];
    }
    let Some(info) = states::get(state) else { return Vec::new() };
    if info.continents.len() < 2 {
        return info.continents.clone();
    }
    // Straddling states: split by the conventional boundary when coordinates are known.
    let Some((lat, lon)) = at else { return info.continents.clone() };
    if state == "EGY" {
        // Sinai, east of the Suez canal, is in Asia.
        return vec![if lon > 32.35 { "asia" } else { "africa" }];
    }
    let europe = match state {
        // The Urals and the Ural river, roughly 60°E (Kazakhstan's European part is west of the Ural).
        "RUS" => lon < 60.0,
        "KAZ" => lon < 51.5,
        // East Thrace: west of the Bosporus.
        "TUR" => lon < 29.05 && lat > 40.0,
        // The Caucasus watershed, roughly 42.5°N.
        "AZE" | "GEO" => lat > 42.5,
        _ => return info.continents.clone(),
    };
    vec![if europe { "europe" } else { "asia" }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_resolve_to_countries_and_subdivisions() {
        assert_eq!(ids_at(40.7118, -74.0131), ["US-NY", "US"]);
        assert_eq!(ids_at(44.95, 34.1).first().map(String::as_str), Some("UA-43"));
        assert!(ids_at(35.0, 18.0).is_empty());
        assert_eq!(alpha3_of("UA-43"), Some("UKR"));
    }

    #[test]
    fn seas() {
        assert_eq!(seas_at(35.0, 18.0), ["mediterranean"]);
        assert_eq!(seas_at(32.3, -64.78), ["north-atlantic"]); // Bermuda
        assert_eq!(seas_at(43.0, 34.0), ["black-sea"]);
        assert_eq!(seas_at(55.5, 18.0), ["baltic"]);
        assert_eq!(seas_at(21.3, -157.8), ["pacific"]); // Honolulu
        assert_eq!(seas_at(9.72, 115.87), ["south-china-sea"]); // Second Thomas Shoal
        assert!(seas_at(50.0, 10.0).is_empty()); // Germany
    }

    #[test]
    fn every_sea_has_a_point_inside_its_polygon() {
        for (sea, _) in crate::places::SEAS {
            let (lat, lon) = sea_point(sea).unwrap_or_else(|| panic!("{sea} has no point"));
            if let Some(inside) = sea_contains(sea, lat, lon) {
                assert!(inside, "{sea}: {lat}, {lon} is outside its polygon");
            }
            // The Red Sea, the Persian Gulf and the Sea of Azov are narrow: the boundaries
            // put most of them in the coastal states' waters, so only the open seas are
            // checked for that.
            if !["red-sea", "persian-gulf", "sea-of-azov"].contains(sea) {
                assert!(ids_at(lat, lon).is_empty(), "{sea}: {lat}, {lon} is on land or in territorial waters");
            }
        }
    }

    #[test]
    fn straddling_states() {
        assert_eq!(continents("RUS", None, Some((55.75, 37.6))), ["europe"]);
        assert_eq!(continents("RUS", None, Some((43.1, 131.9))), ["asia"]);
        assert_eq!(continents("RUS", None, None), ["europe", "asia"]);
        assert_eq!(continents("TUR", None, Some((41.0, 28.97))), ["europe"]);
        assert_eq!(continents("USA", Some("US-HI"), None), ["oceania"]);
        assert_eq!(continents("POL", None, None), ["europe"]);
    }
}
