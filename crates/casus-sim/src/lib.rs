//! Cascade simulation: how a crisis spreads through the web of alliances.
//!
//! A cascade starts from an incident. Each round the evaluator of `casus-core` — the same
//! rules that answer `casus eval`, not a second rule system — says which defence and
//! offence commitments come due; each guarantor decides whether to honour its commitment;
//! a guarantor that honours one becomes a belligerent against the attacker, and its own
//! strikes on the attacker are new incidents, evaluated against the attacker's alliances
//! in the next round (where non-provocation and specific-adversary clauses apply). The run
//! stops when nothing new happens or at a round limit.
//!
//! * [`deterministic`]: every triggered commitment of at least a threshold strength is
//!   honoured; indeterminate ones are reported as branches.
//! * [`monte_carlo`]: honour is a random draw with a probability per commitment
//!   ([`Params`]); runs are parallel and reproducible for a seed whatever the thread count.
//!
//! ```
//! use casus_core::Loader;
//! use casus_sim::{Graph, deterministic, Threshold};
//!
//! let mut loader = Loader::default();
//! loader.add_text("t.casus", r#"
//! treaty pact "A pact" {
//!     in-force 2000-01-01
//!     source "https://example.org"
//!     parties {
//!         POL LTU
//!     }
//!     commitment art1 defence "Article 1" {
//!         clause "Article 1"
//!         guarantors all parties except beneficiary
//!         beneficiaries all parties
//!         when armed-attack against beneficiary
//!         owe "all the military aid in its power" strength automatic
//!     }
//! }
//! incident i "An attack on Lithuania" {
//!     on 2026-01-01
//!     actor RUS
//!     target LTU
//!     object territory
//!     severity armed-attack
//!     intentional yes
//! }
//! "#);
//! let loaded = loader.finish();
//! let graph = Graph::build(&loaded.library, &loaded.library.incidents[0], &Default::default(), Default::default(), 10);
//! let cascade = deterministic(&graph, Threshold::default(), 10);
//! assert_eq!(cascade.entries[0].state, "POL");
//! ```

mod graph;
mod monte;
mod params;
mod render;
mod run;

pub use graph::{Due, Graph};
pub use monte::{MonteCarlo, Pair, monte_carlo, monte_carlo_until, monte_carlo_with_progress};
pub use params::{Params, ParamsError};
pub use render::{dot, svg, text_tree};
pub use run::{Branch, Cascade, Entry, Side, Threshold, deterministic};
