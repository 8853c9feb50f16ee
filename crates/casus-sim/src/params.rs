//! Honour probabilities: defaults by response strength, overridden per state, treaty or
//! commitment in a TOML parameters file.
//!
//! The defaults follow the historical record: Leeds, Long and Mitchell (2000,
//! "Reevaluating Alliance Reliability", *Journal of Conflict Resolution* 44(5): 686–699)
//! found that alliance commitments were honoured in about 74.5 % of the cases in which
//! they came due (1816–1944). casus applies that rate to commitments that oblige
//! assistance (`obligatory`, `automatic`), half of it to the rest of those that leave the
//! response to each guarantor (`discretionary`, 0.5 rounded up from 0.37 so that a
//! "deems necessary" pledge is a coin flip rather than a likely no), and none to
//! consultation and assurances, which make no state a belligerent.

use std::collections::BTreeMap;

use casus_core::Library;
use casus_core::vocab::{Strength, Vocabulary};
use serde::{Deserialize, Serialize};

type Entries = BTreeMap<toml::Spanned<String>, toml::Spanned<f64>>;

/// The file as written, with places for errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    indeterminate: Option<toml::Spanned<f64>>,
    #[serde(default)]
    strength: Entries,
    #[serde(default)]
    state: Entries,
    #[serde(default)]
    treaty: Entries,
    #[serde(default)]
    commitment: Entries,
}

/// Why a parameters file was refused, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamsError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The probability that a guarantor honours a commitment when it comes due.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Params {
    /// By response strength.
    pub strength: BTreeMap<Strength, f64>,
    /// By guarantor state (alpha-3).
    pub state: BTreeMap<String, f64>,
    /// By treaty id.
    pub treaty: BTreeMap<String, f64>,
    /// By commitment, `treaty/id`.
    pub commitment: BTreeMap<String, f64>,
    /// Factor applied when the commitment's verdict is indeterminate (the unknowns may
    /// not go its way).
    pub indeterminate: f64,
}

impl Default for Params {
    fn default() -> Self {
        let strength = [
            (Strength::Assurance, 0.0),
            (Strength::Consultation, 0.0),
            (Strength::Discretionary, 0.5),
            (Strength::Obligatory, 0.745),
            (Strength::Automatic, 0.745),
        ]
        .into_iter()
        .collect();
        Params {
            strength,
            state: BTreeMap::new(),
            treaty: BTreeMap::new(),
            commitment: BTreeMap::new(),
            indeterminate: 0.5,
        }
    }
}

impl Params {
    /// The probability for one guarantor and one commitment: the most specific setting wins
    /// (commitment, then treaty, then state, then strength).
    pub fn probability(&self, treaty: &str, commitment: &str, guarantor: &str, strength: Option<Strength>) -> f64 {
        let key = format!("{treaty}/{commitment}");
        self.commitment
            .get(&key)
            .or_else(|| self.treaty.get(treaty))
            .or_else(|| self.state.get(guarantor))
            .copied()
            .unwrap_or_else(|| strength.and_then(|s| self.strength.get(&s).copied()).unwrap_or(0.0))
    }

    /// Reads a parameters file, checking every probability and every name against the library.
    ///
    /// ```toml
    /// indeterminate = 0.5
    /// [strength]
    /// discretionary = 0.4
    /// [state]
    /// USA = 0.9
    /// [treaty]
    /// nato = 0.8
    /// [commitment]
    /// "nato/art5" = 0.7
    /// ```
    pub fn from_toml(text: &str, lib: &Library) -> Result<Params, ParamsError> {
        let err = |span: std::ops::Range<usize>, message: String| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ParamsError { line, column, message }
        };
        let raw: Raw = toml::from_str(text).map_err(|e| err(e.span().unwrap_or(0..0), e.message().to_string()))?;
        let prob = |v: &toml::Spanned<f64>, what: &str| -> Result<f64, ParamsError> {
            let x = *v.get_ref();
            if (0.0..=1.0).contains(&x) {
                Ok(x)
            } else {
                Err(err(v.span(), format!("{what}: probability {x} is outside [0, 1]")))
            }
        };
        let mut p = Params::default();
        if let Some(v) = &raw.indeterminate {
            p.indeterminate = prob(v, "indeterminate")?;
        }
        for (k, v) in &raw.strength {
            let name = k.get_ref();
            let s = Strength::from_word(name).ok_or_else(|| {
                err(k.span(), format!("unknown strength `{name}`: one of assurance, consultation, discretionary, obligatory, automatic"))
            })?;
            p.strength.insert(s, prob(v, &format!("[strength] {name}"))?);
        }
        for (k, v) in &raw.state {
            let name = k.get_ref();
            if casus_core::states::get(name).is_none() {
                return Err(err(k.span(), format!("unknown state code `{name}`")));
            }
            p.state.insert(name.clone(), prob(v, &format!("[state] {name}"))?);
        }
        for (k, v) in &raw.treaty {
            let name = k.get_ref();
            if !lib.treaties.iter().any(|t| t.id.value == *name) {
                return Err(err(k.span(), format!("no treaty `{name}` in the library")));
            }
            p.treaty.insert(name.clone(), prob(v, &format!("[treaty] {name}"))?);
        }
        for (k, v) in &raw.commitment {
            let name = k.get_ref();
            let known = lib
                .treaties
                .iter()
                .any(|t| t.commitments.iter().any(|c| format!("{}/{}", t.id.value, c.id.value) == *name));
            if !known {
                return Err(err(k.span(), format!("no commitment `{name}` in the library (write `\"treaty/id\"`)")));
            }
            p.commitment.insert(name.clone(), prob(v, &format!("[commitment] {name}"))?);
        }
        Ok(p)
    }
}
