//! Where an incident happened: its region, country, seas and continents, and who held the
//! place on the incident's date.

use serde::Serialize;

use crate::geo;
use crate::model::{Coordinates, Date, Holding, Incident, Library, Region};

/// An incident's resolved location.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Location {
    /// The region: declared in the library, or an ISO 3166-2 code.
    pub region: Option<String>,
    /// The regions containing it, innermost first (declared regions only).
    pub within: Vec<String>,
    /// The state (alpha-3) the place is in, as the map draws it.
    pub country: Option<String>,
    /// States the country belongs to (Bermuda → GBR).
    pub part_of: Vec<String>,
    /// De jure sovereign on the incident's date.
    pub sovereign: Option<String>,
    /// De facto controller on the incident's date.
    pub controller: Option<String>,
    /// Continents the place is on (several when only a straddling state is known).
    pub continents: Vec<String>,
    /// Seas whose polygons contain the coordinates.
    pub seas: Vec<String>,
    /// The coordinates.
    pub at: Option<Coordinates>,
    /// How the location was resolved.
    pub basis: String,
    /// When the coordinates lie within the stated precision of the edge of a region's
    /// shape: that region, and which side the shape puts them on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near: Option<Near>,
    /// The location on the other side of that edge, which the evaluator weighs too: a
    /// verdict that differs between the two sides is indeterminate.
    #[serde(skip)]
    pub alternative: Option<Box<Location>>,
}

/// Coordinates close enough to the edge of a region's shape to be on either side of it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Near {
    /// The region whose edge it is.
    pub region: String,
    /// The distance to the edge in km.
    pub km: f64,
    /// The precision the region's shape is drawn to, in km.
    pub precision_km: u32,
    /// Whether the shape puts the coordinates inside the region.
    pub inside: bool,
}

impl Location {
    /// Whether anything is known about where the incident happened.
    pub fn known(&self) -> bool {
        self.country.is_some() || self.region.is_some() || self.at.is_some()
    }
}

fn holder(list: &[Holding], date: Date) -> Option<&str> {
    list.iter()
        .find(|h| h.from.as_ref().is_none_or(|f| f.value <= date) && h.until.as_ref().is_none_or(|u| date < u.value))
        .map(|h| h.state.value.as_str())
}

/// Chains longer than this switch from a linear lookup of each parent to an index.
const SHORT_CHAIN: usize = 32;

/// The declared region `id` and the declared regions containing it, innermost first,
/// following `part of`. A cycle (which the checker reports as E0210) ends the chain at its
/// first repetition. Linear in the chain's length: short chains look each parent up in
/// the region list, long ones through an index built once, and a set of the ids seen
/// replaces the scan of the chain for repetitions.
fn region_chain<'a>(lib: &'a Library, id: &str) -> Vec<&'a Region> {
    use std::collections::{HashMap, HashSet};
    let mut chain: Vec<&Region> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut index: Option<HashMap<&str, &Region>> = None;
    let mut next = lib.regions.iter().find(|r| r.id.value == id);
    while let Some(r) = next {
        if !seen.insert(r.id.value.as_str()) {
            break;
        }
        chain.push(r);
        let Some(parent) = r.part_of.as_ref().map(|p| p.value.as_str()) else { break };
        next = if chain.len() < SHORT_CHAIN {
            lib.regions.iter().find(|r| r.id.value == parent)
        } else {
            let index = index.get_or_insert_with(|| {
                let mut m = HashMap::with_capacity(lib.regions.len());
                for r in &lib.regions {
                    m.entry(r.id.value.as_str()).or_insert(r);
                }
                m
            });
            index.get(parent).copied()
        };
    }
    chain
}

/// Resolves where an incident happened, from its region id and/or coordinates.
///
/// Coordinates resolve to a country and, where the maps have them, a first-level
/// subdivision (OpenStreetMap's through `country-boundaries`, else Natural Earth's for
/// Ukraine and its neighbours), then to the innermost declared region whose shape holds
/// them. Near the edge of a shape drawn to a stated precision, the location on the other
/// side is kept as [`Location::alternative`].
pub fn locate(lib: &Library, inc: &Incident) -> Location {
    let find = |id: &str| lib.regions.iter().find(|r| r.id.value == id);
    let at = inc.at.as_ref().map(|c| c.value);
    let mut basis = Vec::new();
    let mut map_ids: Vec<String> = Vec::new();
    let mut seas = Vec::new();
    let mut subdivision: Option<String> = None;
    if let Some(c) = at {
        map_ids = geo::ids_at(c.lat, c.lon);
        seas = geo::seas_at(c.lat, c.lon).into_iter().map(str::to_string).collect();
        if map_ids.is_empty() {
            basis.push(format!("{:.4}, {:.4} is at sea or outside every country", c.lat, c.lon));
        } else {
            basis.push(format!(
                "{:.4}, {:.4} is in {} (OpenStreetMap boundaries)",
                c.lat,
                c.lon,
                map_ids.join(" within ")
            ));
            // Where OpenStreetMap's boundaries stop at the country, Natural Earth's
            // subdivisions of the same country say which one (unless a region is named).
            if inc.region.is_none()
                && !map_ids.iter().any(|id| id.contains('-'))
                && let Some(s) = casus_geo::subdivision_at(c.lat, c.lon)
                && map_ids.iter().any(|id| geo::alpha3_of(id) == Some(s.country.as_str()))
            {
                basis.push(format!("in {} {} ({})", s.iso, s.name, casus_geo::ADMIN1_SOURCE));
                subdivision = Some(s.iso.clone());
            }
        }
    }
    // The region: the one named, else a declared region the coordinates fall in.
    let mut region_id = inc
        .region
        .as_ref()
        .map(|r| r.value.clone())
        .or_else(|| map_ids.iter().find(|id| find(id).is_some()).cloned())
        .or(subdivision)
        .or_else(|| map_ids.first().filter(|id| id.contains('-')).cloned());
    // Then the innermost declared region whose shape holds the coordinates. A region the
    // incident names is taken as said: the analyst has placed it.
    let mut near = None;
    if let Some(c) = at
        && inc.region.is_none()
    {
        let country = map_ids.iter().find_map(|id| geo::alpha3_of(id)).map(str::to_string);
        let starts: Vec<String> = region_id.iter().cloned().chain(country).collect();
        for start in starts {
            let (end, edge) = descend(lib, &start, c.lat, c.lon);
            if end != start {
                basis.push(format!("inside the shape of `{end}`"));
                region_id = Some(end);
                near = edge;
                break;
            }
            if edge.is_some() {
                near = edge;
                break;
            }
        }
    }
    let mut loc = resolve(lib, inc, at, &map_ids, region_id, basis.clone());
    loc.seas = seas;
    if let Some((edge, other)) = near {
        let mut alt_basis = basis;
        alt_basis.push(format!(
            "taken as {} `{}`: {:.1} km from its edge, drawn to {} km",
            if edge.inside { "outside" } else { "inside" },
            edge.region,
            edge.km,
            edge.precision_km
        ));
        let mut alt = resolve(lib, inc, at, &map_ids, Some(other), alt_basis);
        alt.seas.clone_from(&loc.seas);
        loc.basis.push_str(&format!(
            "; {:.1} km from the edge of `{}`, which is drawn to {} km: it could be on either side",
            edge.km, edge.region, edge.precision_km
        ));
        loc.near = Some(edge);
        loc.alternative = Some(Box::new(alt));
    }
    loc
}

/// The location's place on another date: the same region, with its sovereign and
/// controller of `date` (a place is where it is; who holds it changes).
pub(crate) fn on_date(lib: &Library, loc: &Location, date: Date) -> Location {
    let chain = loc.region.as_deref().map(|id| region_chain(lib, id)).unwrap_or_default();
    let sovereign =
        chain.iter().find_map(|r| holder(&r.sovereign, date)).map(str::to_string).or_else(|| loc.country.clone());
    let controller =
        chain.iter().find_map(|r| holder(&r.controller, date)).map(str::to_string).or_else(|| sovereign.clone());
    Location { sovereign, controller, alternative: None, ..loc.clone() }
}

/// From the region `start`, the innermost declared region under it (by `part of`) whose
/// shape holds the point, and the first shape with a stated precision whose edge is within
/// that precision of the point (with the region the point would be in on the other side).
/// Linear in the number of regions with a shape, at each level.
fn descend(lib: &Library, start: &str, lat: f64, lon: f64) -> (String, Option<(Near, String)>) {
    let shaped: Vec<&Region> = lib.regions.iter().filter(|r| r.shape.is_some()).collect();
    let mut current = start.to_string();
    let mut near = None;
    for _ in 0..=shaped.len() {
        let mut next = None;
        for r in shaped.iter().filter(|r| r.part_of.as_ref().is_some_and(|p| p.value == current)) {
            let Some(shape) = &r.shape else { continue };
            let inside = shape.0.contains(lat, lon);
            if near.is_none()
                && let Some(p) = &r.precision
                && let Some(km) = shape.0.edge_within(lat, lon, f64::from(p.value))
            {
                // Across the edge: the region itself from outside; from inside, a sibling
                // whose shape meets it there (the band beside it), else the parent.
                let other = if inside {
                    shaped
                        .iter()
                        .filter(|s| s.id.value != r.id.value && s.part_of.as_ref().is_some_and(|p| p.value == current))
                        .find(|s| {
                            s.shape.as_ref().is_some_and(|g| {
                                !g.0.contains(lat, lon) && g.0.edge_within(lat, lon, f64::from(p.value)).is_some()
                            })
                        })
                        .map_or_else(|| current.clone(), |s| s.id.value.clone())
                } else {
                    r.id.value.clone()
                };
                near = Some((Near { region: r.id.value.clone(), km, precision_km: p.value, inside }, other));
            }
            if inside && next.is_none() {
                next = Some(r.id.value.clone());
            }
        }
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    (current, near)
}

/// The location once its region is chosen: the chain of declared regions, the country,
/// who held it on the date, and its continents.
fn resolve(
    lib: &Library,
    inc: &Incident,
    at: Option<Coordinates>,
    map_ids: &[String],
    region_id: Option<String>,
    mut basis: Vec<String>,
) -> Location {
    let find = |id: &str| lib.regions.iter().find(|r| r.id.value == id);
    let mut loc = Location { at, ..Location::default() };
    let date = inc.on.as_ref().map(|d| d.value);
    let mut chain: Vec<&Region> = Vec::new();
    if let Some(id) = &region_id {
        chain = region_chain(lib, id);
        if chain.is_empty() {
            basis.push(format!("region `{id}` is an ISO 3166-2 code not declared in the library"));
        } else {
            basis.push(format!(
                "region `{id}` is declared in the library{}",
                if chain.len() > 1 {
                    format!(
                        " (within {})",
                        chain[1..].iter().map(|r| r.id.value.as_str()).collect::<Vec<_>>().join(", ")
                    )
                } else {
                    String::new()
                }
            ));
        }
        loc.within = chain.iter().skip(1).map(|r| r.id.value.clone()).collect();
    }
    loc.region = region_id.clone();
    // The country: from the declared chain's state, the ISO 3166-2 prefix, or the map.
    // The chain follows `part of` while it names declared regions, so only its last link
    // can name a state: one lookup, not one per link.
    let chain_state =
        chain.last().and_then(|r| r.part_of.as_ref()).map(|p| p.value.as_str()).filter(|p| find(p).is_none());
    loc.country = chain_state
        .map(str::to_string)
        .or_else(|| region_id.as_deref().and_then(geo::alpha3_of).map(str::to_string))
        .or_else(|| map_ids.iter().find_map(|id| geo::alpha3_of(id)).map(str::to_string));
    if map_ids.first().is_some_and(|id| !id.contains('-')) {
        loc.part_of = map_ids[1..]
            .iter()
            .filter(|id| !id.contains('-'))
            .filter_map(|id| geo::alpha3_of(id))
            .filter(|a3| Some(*a3) != loc.country.as_deref())
            .map(str::to_string)
            .collect();
    }
    if let Some(date) = date {
        loc.sovereign =
            chain.iter().find_map(|r| holder(&r.sovereign, date)).map(str::to_string).or_else(|| loc.country.clone());
        loc.controller = chain
            .iter()
            .find_map(|r| holder(&r.controller, date))
            .map(str::to_string)
            .or_else(|| loc.sovereign.clone());
    } else {
        loc.sovereign = loc.country.clone();
        loc.controller = loc.country.clone();
    }
    if let Some(country) = &loc.country {
        let sub = region_id.as_deref().filter(|r| r.contains('-')).or(map_ids.first().map(String::as_str));
        loc.continents =
            geo::continents(country, sub, at.map(|c| (c.lat, c.lon))).into_iter().map(str::to_string).collect();
    }
    if !loc.known() {
        basis.push("no region or coordinates given".to_string());
    }
    loc.basis = basis.join("; ");
    loc
}
