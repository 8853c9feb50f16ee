//! The alliance network of a date: states as nodes, directed obligations as edges, and the
//! metrics researchers ask of it first — degrees and connected components.
//!
//! The network is built from [`casus_core::ties`], the same resolution of treaties, parties,
//! guarantors and beneficiaries the evaluator uses, so an edge `A → B` under `nato/art5`
//! means exactly that the evaluator would list A among the guarantors owing B if B were
//! attacked that day within the clause's terms. This crate only shapes those ties into a
//! graph ([`petgraph`]) and measures it; it reads no file and prints nothing.
//!
//! * A **node** is a state with at least one tie among those given.
//! * An **edge** `from → to` carries every commitment under which `from` owes `to`
//!   ([`Link`]s, in library order); [`Network::edges`] lists them one per commitment.
//! * **Metrics** per node ([`Node`]): out-degree (states it owes), in-degree (states that
//!   owe it), degree (distinct partners either way), obligations out and in (commitments,
//!   counted per partner), and its component.
//! * **Components** are connected components of the undirected graph, largest first, then by
//!   their first state code; they are numbered from 1 in that order.
//!
//! Everything is ordered — nodes by state code, edges by `(from, to)` then library order — so
//! the same library and date give byte-identical output.
//!
//! ```
//! use casus_core::{Loader, eval::Options, ties};
//! use casus_network::Network;
//!
//! let mut loader = Loader::default();
//! loader.add_text("t.casus", r#"
//! treaty pact "A pact" {
//!     in-force 2000-01-01
//!     source "https://example.org/pact"
//!     parties {
//!         POL LTU LVA from 2000-01-01
//!     }
//!     commitment art1 defence "Article 1" {
//!         clause "Article 1"
//!         guarantors all parties except beneficiary
//!         beneficiaries all parties
//!         when armed-attack against beneficiary
//!         owe "all the military aid in its power" strength automatic
//!     }
//! }
//! "#);
//! let lib = loader.finish().library;
//! let ties = ties::on(&lib, "2005-06-01".parse().unwrap(), Options::default());
//! let net = Network::build(&ties);
//! let s = net.summary();
//! assert_eq!((s.nodes, s.edges, s.components, s.largest_component), (3, 6, 1, 3));
//! assert_eq!(net.nodes()[0].degree, 2);
//! assert!(net.dot("pact").starts_with("digraph \"pact\" {"));
//! ```
#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use casus_core::ties::Ties;
use casus_core::vocab::{Kind, Strength};
use petgraph::Direction;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

/// One commitment under which an edge's source owes its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The commitment's kind.
    pub kind: Kind,
    /// The treaty id.
    pub treaty: String,
    /// The commitment id.
    pub commitment: String,
    /// The strongest rung owed.
    pub strength: Option<Strength>,
    /// Whether the treaty binds only after an event nobody has dated (designs with
    /// `--hypothetical`); absent from JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

impl Link {
    /// `treaty/commitment`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.treaty, self.commitment)
    }
}

/// One obligation of the flat edge list: `from` owes `to` under one commitment.
#[derive(Clone, Debug, Serialize)]
pub struct Edge<'a> {
    /// The state that owes.
    pub from: &'a str,
    /// The state owed.
    pub to: &'a str,
    /// Under which commitment.
    #[serde(flatten)]
    pub link: &'a Link,
}

/// A state and its metrics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// ISO alpha-3 code.
    pub state: String,
    /// Its short English name (the code itself if casus's state table lacks it).
    pub name: String,
    /// How many states it owes something.
    pub out_degree: usize,
    /// How many states owe it something.
    pub in_degree: usize,
    /// How many distinct states it is tied to, either way.
    pub degree: usize,
    /// Commitments it owes, counted per partner (NATO's Article 5 to 31 allies counts 31).
    pub obligations_out: usize,
    /// Commitments owed to it, counted per partner.
    pub obligations_in: usize,
    /// Its connected component (numbered from 1, largest first).
    pub component: usize,
}

/// The size of the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// States.
    pub nodes: usize,
    /// Obligations: `(from, to, commitment)` triples.
    pub edges: usize,
    /// Ordered pairs `(from, to)` with at least one obligation.
    pub pairs: usize,
    /// Connected components (undirected).
    pub components: usize,
    /// States in the largest component (0 for an empty network).
    pub largest_component: usize,
}

/// The directed alliance graph of a date.
#[derive(Clone, Debug)]
pub struct Network {
    /// One node per state (weights: codes, in code order), one edge per ordered pair.
    graph: DiGraph<String, Vec<Link>>,
    /// The component of each node, by node index (numbered from 1).
    component: Vec<usize>,
    /// The members of each component, numbered from 1 in this order.
    components: Vec<Vec<NodeIndex>>,
    /// The date of the ties, for the states' names on it (none without ties).
    date: Option<casus_core::model::Date>,
}

impl Network {
    /// A state's name on the network's date (the Soviet Union, not Russia, in 1955).
    fn name<'s>(&self, code: &'s str) -> &'s str {
        match self.date {
            Some(d) => casus_core::states::name_on(code, d),
            None => casus_core::states::get(code).map_or(code, |s| s.name),
        }
    }

    /// The network of the ties given (filter them first to keep one kind of commitment).
    pub fn build(ties: &[Ties<'_>]) -> Network {
        let mut pairs: BTreeMap<(String, String), Vec<Link>> = BTreeMap::new();
        for t in ties {
            let link = Link {
                kind: t.kind(),
                treaty: t.treaty.id.value.clone(),
                commitment: t.commitment.id.value.clone(),
                strength: t.strength(),
                pending: t.pending.is_some(),
            };
            for pair in t.pairs() {
                pairs.entry(pair).or_default().push(link.clone());
            }
        }
        let states: BTreeSet<String> = pairs.keys().flat_map(|(a, b)| [a.clone(), b.clone()]).collect();
        let mut graph = DiGraph::with_capacity(states.len(), pairs.len());
        let index: BTreeMap<String, NodeIndex> = states.into_iter().map(|s| (s.clone(), graph.add_node(s))).collect();
        for ((a, b), links) in pairs {
            if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
                graph.add_edge(x, y, links);
            }
        }
        let (component, components) = components(&graph);
        Network { graph, component, components, date: ties.first().map(|t| t.date) }
    }

    /// The states with their metrics, in code order.
    pub fn nodes(&self) -> Vec<Node> {
        self.graph
            .node_indices()
            .map(|n| {
                let code = &self.graph[n];
                let partners: BTreeSet<NodeIndex> = self.graph.neighbors_undirected(n).collect();
                let obligations = |d: Direction| self.graph.edges_directed(n, d).map(|e| e.weight().len()).sum();
                Node {
                    state: code.clone(),
                    name: self.name(code).to_string(),
                    out_degree: self.graph.neighbors_directed(n, Direction::Outgoing).count(),
                    in_degree: self.graph.neighbors_directed(n, Direction::Incoming).count(),
                    degree: partners.len(),
                    obligations_out: obligations(Direction::Outgoing),
                    obligations_in: obligations(Direction::Incoming),
                    component: self.component.get(n.index()).copied().unwrap_or(0),
                }
            })
            .collect()
    }

    /// Every obligation, one per `(from, to, commitment)`, by `from`, `to`, then library order.
    pub fn edges(&self) -> Vec<Edge<'_>> {
        self.graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                let (from, to) = (self.graph[a].as_str(), self.graph[b].as_str());
                Some(self.graph[e].iter().map(move |link| Edge { from, to, link }))
            })
            .flatten()
            .collect()
    }

    /// The connected components (undirected) as state codes, largest first.
    pub fn components(&self) -> Vec<Vec<&str>> {
        self.components.iter().map(|c| c.iter().map(|&n| self.graph[n].as_str()).collect()).collect()
    }

    /// The size of the network.
    pub fn summary(&self) -> Summary {
        Summary {
            nodes: self.graph.node_count(),
            edges: self.graph.edge_weights().map(Vec::len).sum(),
            pairs: self.graph.edge_count(),
            components: self.components.len(),
            largest_component: self.components.first().map_or(0, Vec::len),
        }
    }

    /// The network as a Graphviz digraph named `title`: one node per state (labelled with
    /// its code, its name as tooltip), one edge per ordered pair labelled with each
    /// `treaty/commitment kind` on its own line. Render with `dot -Tsvg` (or `neato`,
    /// `sfdp` for large networks).
    pub fn dot(&self, title: &str) -> String {
        let mut out = String::new();
        let title = escape(title);
        let _ = writeln!(out, "digraph \"{title}\" {{");
        let _ = writeln!(out, "    graph [ label = \"{title}\", labelloc = \"t\", fontname = \"Helvetica\" ]");
        let _ = writeln!(out, "    node [ shape = \"box\", fontname = \"Helvetica\" ]");
        let _ = writeln!(out, "    edge [ fontname = \"Helvetica\", fontsize = 9 ]");
        let _ = write!(out, "{}", DotBody(self));
        out.push_str("}\n");
        out
    }
}

/// The nodes and edges of the DOT output, through petgraph's writer.
struct DotBody<'a>(&'a Network);

impl fmt::Display for DotBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.0.graph;
        let node_attrs = |_, (_, code): (NodeIndex, &String)| {
            let name = self.0.name(code);
            format!("tooltip = \"{}\" ", escape(name))
        };
        let edge_attrs = |_, _| String::new();
        Dot::with_attr_getters(g, &[Config::GraphContentOnly], &edge_attrs, &node_attrs).graph_fmt(
            f,
            |code, f| f.write_str(code),
            |links, f| {
                // Each line ends with a newline, which petgraph writes as `\l` (left-aligned).
                for l in links {
                    writeln!(f, "{} {}", l.key(), l.kind)?;
                }
                Ok(())
            },
        )
    }
}

/// `s` inside a DOT double-quoted string.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The component of each node (numbered from 1) and the members of each component, largest
/// first, then by their first node (the lowest state code, since nodes are in code order).
fn components(graph: &DiGraph<String, Vec<Link>>) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut uf = UnionFind::<usize>::new(graph.node_count());
    for e in graph.edge_indices() {
        if let Some((a, b)) = graph.edge_endpoints(e) {
            uf.union(a.index(), b.index());
        }
    }
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for n in graph.node_indices() {
        groups.entry(uf.find(n.index())).or_default().push(n);
    }
    let mut list: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.first().cmp(&b.first())));
    let mut component = vec![0; graph.node_count()];
    for (i, members) in list.iter().enumerate() {
        for n in members {
            component[n.index()] = i + 1;
        }
    }
    (component, list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use casus_core::Loader;
    use casus_core::eval::Options;

    const LIB: &str = r#"
treaty north "Northern pact" {
    in-force 2000-01-01
    source "https://example.org/north"
    parties {
        NOR SWE FIN from 2000-01-01
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when armed-attack against beneficiary
        owe "aid" strength obligatory
    }
    commitment art2 consultation "Article 2" {
        clause "Article 2"
        guarantors all parties
        beneficiaries all parties
        when threat against beneficiary
        owe "consult" strength consultation
    }
}

treaty guarantee "A one-way guarantee" {
    in-force 2000-01-01
    source "https://example.org/guarantee"
    parties {
        USA PHL
    }
    commitment art1 defence "Article 1" {
        clause "Article 1"
        guarantors USA
        beneficiaries PHL
        when armed-attack against beneficiary
        owe "aid" strength discretionary
    }
}

treaty bridge "A later bridge" {
    in-force 2010-01-01
    source "https://example.org/bridge"
    parties {
        FIN USA
    }
    commitment art1 consultation "Article 1" {
        clause "Article 1"
        guarantors all parties except beneficiary
        beneficiaries all parties
        when threat against beneficiary
        owe "consult" strength consultation
    }
}
"#;

    fn network(date: &str, kind: Option<Kind>) -> Network {
        let mut loader = Loader::default();
        loader.add_text("lib.casus", LIB);
        let loaded = loader.finish();
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut ties = casus_core::ties::on(&loaded.library, date.parse().expect("date"), Options::default());
        ties.retain(|t| kind.is_none_or(|k| t.kind() == k));
        // Ties borrow the library: build before it goes.
        Network::build(&ties)
    }

    #[test]
    fn degrees_count_partners_and_obligations_count_commitments() {
        let net = network("2005-01-01", None);
        let nodes = net.nodes();
        let codes: Vec<&str> = nodes.iter().map(|n| n.state.as_str()).collect();
        assert_eq!(codes, ["FIN", "NOR", "PHL", "SWE", "USA"]);
        let fin = &nodes[0];
        // Defence and consultation to each of two partners.
        assert_eq!((fin.out_degree, fin.in_degree, fin.degree), (2, 2, 2));
        assert_eq!((fin.obligations_out, fin.obligations_in), (4, 4));
        let usa = &nodes[4];
        assert_eq!((usa.out_degree, usa.in_degree, usa.degree), (1, 0, 1));
        let phl = &nodes[2];
        assert_eq!((phl.out_degree, phl.in_degree, phl.degree), (0, 1, 1));
        assert_eq!(phl.name, "Philippines");
    }

    #[test]
    fn components_are_undirected_largest_first() {
        let net = network("2005-01-01", None);
        assert_eq!(net.components(), [vec!["FIN", "NOR", "SWE"], vec!["PHL", "USA"]]);
        let s = net.summary();
        assert_eq!((s.nodes, s.edges, s.pairs, s.components, s.largest_component), (5, 13, 7, 2, 3));
        assert_eq!(net.nodes().iter().map(|n| n.component).collect::<Vec<_>>(), [1, 1, 2, 1, 2]);
        // The bridge of 2010 joins them.
        let net = network("2010-06-01", None);
        assert_eq!(net.summary().components, 1);
        assert_eq!(net.components()[0], ["FIN", "NOR", "PHL", "SWE", "USA"]);
    }

    #[test]
    fn a_kind_filter_keeps_only_its_edges() {
        let net = network("2010-06-01", Some(Kind::Defence));
        let s = net.summary();
        assert_eq!((s.nodes, s.edges, s.components), (5, 7, 2));
        assert!(net.edges().iter().all(|e| e.link.kind == Kind::Defence));
    }

    #[test]
    fn edges_are_flat_and_ordered() {
        let net = network("2005-01-01", None);
        let edges: Vec<String> = net.edges().iter().map(|e| format!("{}>{} {}", e.from, e.to, e.link.key())).collect();
        assert_eq!(
            &edges[..4],
            ["FIN>NOR north/art1", "FIN>NOR north/art2", "FIN>SWE north/art1", "FIN>SWE north/art2"]
        );
        assert_eq!(edges.last().map(String::as_str), Some("USA>PHL guarantee/art1"));
        let json = serde_json::to_value(&net.edges()[0]).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"from": "FIN", "to": "NOR", "kind": "defence", "treaty": "north",
                "commitment": "art1", "strength": "obligatory"})
        );
    }

    #[test]
    fn dot_is_deterministic_and_labels_edges() {
        let a = network("2005-01-01", None).dot("net \"2005\"");
        let b = network("2005-01-01", None).dot("net \"2005\"");
        assert_eq!(a, b);
        assert!(a.starts_with("digraph \"net \\\"2005\\\"\" {\n"), "{a}");
        assert!(a.contains("    0 [ label = \"FIN\" tooltip = \"Finland\" ]\n"), "{a}");
        assert!(a.contains("    0 -> 1 [ label = \"north/art1 defence\\lnorth/art2 consultation\\l\" ]\n"), "{a}");
        assert!(a.ends_with("}\n"));
    }

    #[test]
    fn an_empty_network_is_empty() {
        let net = network("1990-01-01", None);
        let s = net.summary();
        assert_eq!((s.nodes, s.edges, s.components, s.largest_component), (0, 0, 0, 0));
        assert!(net.dot("empty").ends_with("edge [ fontname = \"Helvetica\", fontsize = 9 ]\n}\n"));
    }
}
