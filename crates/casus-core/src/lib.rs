//! The casus model and its checker.
//!
//! `casus-core` turns the statement trees of `casus-syntax` into the model every part of
//! casus shares — treaties with dated memberships, areas and commitments; regions with
//! their sovereign and controller over time; deployments — resolves the names they refer
//! to, and checks them, reporting every problem of a run at once. The model has a JSON
//! form that round-trips: tools in other languages can write JSON and casus reads it as
//! it reads `.casus` files.
//!
//! ```
//! use casus_core::Loader;
//!
//! let mut loader = Loader::default();
//! loader.add_text("t.casus", r#"
//! treaty pact "A pact" {
//!     in-force 2000-01-01
//!     source "https://example.org/pact"
//!     parties {
//!         POL LTU from 2000-01-01
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
//! let loaded = loader.finish();
//! assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
//! let art1 = &loaded.library.treaties[0].commitments[0];
//! assert_eq!(art1.strength().map(|s| s.to_string()), Some("automatic".into()));
//! ```

pub mod check;
pub mod coverage;
pub mod cursor;
pub mod eval;
pub mod geo;
pub mod load;
pub mod lower;
pub mod model;
pub mod places;
pub mod sample;
pub mod states;
pub mod suggest;
pub mod ties;
pub mod vocab;

pub use load::{Loaded, Loader, files_under};
pub use model::Library;
