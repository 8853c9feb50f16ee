//! `casus network`: the alliance graph of a date, as text, DOT, JSON or CSV.

use std::fmt::Write as _;
use std::process::ExitCode;

use casus_network::{Edge, Network, Node};
use clap::{Args, ValueEnum};

use crate::compare::csv_field;
use crate::library::LibraryArgs;
use crate::obligations::{TieQuery, kinds_words};
use crate::{out, refuse};

/// Arguments of `casus network`.
#[derive(Args, Debug)]
pub struct NetworkArgs {
    /// The date and the kinds.
    #[command(flatten)]
    pub query: TieQuery,
    /// The treaties.
    #[command(flatten)]
    pub lib: LibraryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NetworkFormat::Text)]
    pub format: NetworkFormat,
    /// With --format csv: print the nodes and their metrics instead of the edges.
    #[arg(long)]
    pub nodes: bool,
}

/// Output formats of `network`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NetworkFormat {
    /// The summary, the components and the states with the most partners.
    Text,
    /// A Graphviz digraph.
    Dot,
    /// Summary, nodes with metrics, edges and components.
    Json,
    /// The edge list (with --nodes: the node table), with a header.
    Csv,
}

/// Runs `casus network`.
pub fn network(a: &NetworkArgs) -> anyhow::Result<ExitCode> {
    let (on, kinds) = match a.query.parse() {
        Ok(q) => q,
        Err(msg) => return Ok(refuse(&msg)),
    };
    if a.nodes && a.format != NetworkFormat::Csv {
        return Ok(refuse("error: --nodes goes with --format csv (text and JSON include the nodes)"));
    }
    let loaded = match crate::library::load(&[], &a.lib)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    crate::dataset::note_dates(&loaded, &a.lib, [on]);
    let all = casus_ops::network::ties(&loaded.library, on, &kinds, a.query.options());
    let net = Network::build(&all);
    let words = kinds_words(&kinds);
    match a.format {
        NetworkFormat::Text => crate::out_text(&text(&net, &on.to_string(), &words.join(", "), &a.lib.describe())),
        NetworkFormat::Dot => out(&net.dot(&format!("casus network on {on} ({})", words.join(", ")))),
        NetworkFormat::Json => {
            out(&(serde_json::to_string_pretty(&casus_ops::network::report(&net, on, &kinds))? + "\n"));
        }
        NetworkFormat::Csv if a.nodes => out(&nodes_csv(&net.nodes())),
        NetworkFormat::Csv => out(&edges_csv(&net.edges())),
    }
    Ok(ExitCode::SUCCESS)
}

fn edges_csv(edges: &[Edge<'_>]) -> String {
    let mut s = String::from("from,to,kind,treaty,commitment,strength,pending\n");
    for e in edges {
        let l = e.link;
        let fields = [
            e.from.to_string(),
            e.to.to_string(),
            l.kind.to_string(),
            l.treaty.clone(),
            l.commitment.clone(),
            l.strength.map_or(String::new(), |x| x.to_string()),
            l.pending.to_string(),
        ];
        s.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        s.push('\n');
    }
    s
}

fn nodes_csv(nodes: &[Node]) -> String {
    let mut s = String::from("state,name,out_degree,in_degree,degree,obligations_out,obligations_in,component\n");
    for n in nodes {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            n.state,
            csv_field(&n.name),
            n.out_degree,
            n.in_degree,
            n.degree,
            n.obligations_out,
            n.obligations_in,
            n.component
        );
    }
    s
}

/// How many of the most connected states the text lists.
const TOP: usize = 10;

fn text(net: &Network, on: &str, kinds: &str, from: &str) -> String {
    let mut s = String::new();
    let sum = net.summary();
    let _ = writeln!(s, "Alliance network on {on} ({kinds}), from {from}");
    let _ = writeln!(
        s,
        "{} states, {} obligations between {} ordered pairs, {} {} (largest: {} states)",
        sum.nodes,
        sum.edges,
        sum.pairs,
        sum.components,
        if sum.components == 1 { "component" } else { "components" },
        sum.largest_component
    );
    if sum.nodes == 0 {
        return s;
    }
    let _ = writeln!(s, "\nComponents");
    for (i, c) in net.components().iter().enumerate() {
        let _ = writeln!(s, "  {:>3}  {:>3} states: {}", i + 1, c.len(), c.join(" "));
    }
    let mut nodes = net.nodes();
    nodes.sort_by(|a, b| b.degree.cmp(&a.degree).then_with(|| a.state.cmp(&b.state)));
    let _ = writeln!(s, "\nMost partners");
    let _ = writeln!(s, "  state  partners  owes  owed  obligations out/in  component");
    for n in nodes.iter().take(TOP) {
        let _ = writeln!(
            s,
            "  {:<5}  {:>8}  {:>4}  {:>4}  {:>18}  {:>9}",
            n.state,
            n.degree,
            n.out_degree,
            n.in_degree,
            format!("{}/{}", n.obligations_out, n.obligations_in),
            n.component
        );
    }
    s
}
