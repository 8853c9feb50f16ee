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
pub fn locate(lib: &Library, inc: &Incident) -> Location {
    let find = |id: &str| lib.regions.iter().find(|r| r.id.value == id);
    let at = inc.at.as_ref().map(|c| c.value);
    let mut loc = Location { at, ..Location::default() };
    let mut basis = Vec::new();
    let mut map_ids: Vec<String> = Vec::new();
    if let Some(c) = at {
        map_ids = geo::ids_at(c.lat, c.lon);
        loc.seas = geo::seas_at(c.lat, c.lon).into_iter().map(str::to_string).collect();
        if map_ids.is_empty() {
            basis.push(format!("{:.4}, {:.4} is at sea or outside every country", c.lat, c.lon));
        } else {
            basis.push(format!(
                "{:.4}, {:.4} is in {} (OpenStreetMap boundaries)",
                c.lat,
                c.lon,
                map_ids.join(" within ")
            ));
        }
    }
    // The region: the one named, else a declared region the coordinates fall in.
    let region_id = inc
        .region
        .as_ref()
        .map(|r| r.value.clone())
        .or_else(|| map_ids.iter().find(|id| find(id).is_some()).cloned())
        .or_else(|| map_ids.first().filter(|id| id.contains('-')).cloned());
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
