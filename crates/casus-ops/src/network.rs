//! The alliance network of a date (`casus network`, `GET /v1/network`): the ties that bind
//! on it, of the kinds asked for, and the report of the graph they make.

use std::collections::BTreeSet;

use serde::Serialize;

use casus_core::Library;
use casus_core::eval::Options;
use casus_core::model::Date;
use casus_core::ties::{self, Ties};
use casus_core::vocab::Kind;
use casus_network::{Edge, Network, Node, Summary};

/// The ties that bind on `on`, of the kinds given (`None`: any): the graph's edges, for
/// [`Network::build`].
pub fn ties<'a>(lib: &'a Library, on: Date, kinds: &Option<BTreeSet<Kind>>, options: Options) -> Vec<Ties<'a>> {
    let mut all = ties::on(lib, on, options);
    if let Some(k) = kinds {
        all.retain(|t| k.contains(&t.kind()));
    }
    all
}

/// The network of a date as data: `casus network --format json`.
#[derive(Serialize)]
pub struct Report<'a> {
    /// The date, YYYY-MM-DD.
    pub on: String,
    /// The kinds of commitment counted (`any`, or their words).
    pub kinds: Vec<String>,
    /// Counts, density, components.
    pub summary: Summary,
    /// The states with their degrees.
    pub nodes: Vec<Node>,
    /// One edge per guarantor, beneficiary and commitment.
    pub edges: Vec<Edge<'a>>,
    /// The weakly connected components, largest first.
    pub components: Vec<Vec<&'a str>>,
}

/// The report of `net`, built from the ties of `on` and `kinds`.
pub fn report<'a>(net: &'a Network, on: Date, kinds: &Option<BTreeSet<Kind>>) -> Report<'a> {
    Report {
        on: on.to_string(),
        kinds: crate::input::kinds_words(kinds),
        summary: net.summary(),
        nodes: net.nodes(),
        edges: net.edges(),
        components: net.components(),
    }
}
