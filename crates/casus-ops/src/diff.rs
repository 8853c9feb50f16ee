//! `diff`: two designs named by id or given as files, loaded each in its own library (two
//! versions of one file keep the same ids), and compared over the whole space of incidents.

use casus_core::Loaded;
use casus_core::model::Date;
use casus_diff::{Diff, Request, Side};

use crate::Refusal;
use crate::assemble::{Base, Input, Reads, beside};

/// A design as a caller names it.
#[derive(Clone, Debug)]
pub enum Design {
    /// A treaty of the base library (`ua-own-borders`).
    Id(String),
    /// A file, and the treaty in it when it holds several (`mine.casus#draft-b`).
    File {
        /// The file.
        input: Input,
        /// The treaty's id; `None`: the file's only treaty.
        id: Option<String>,
    },
}

/// Why a diff could not be made.
pub enum Failure {
    /// A file has errors: the loaded library, with its diagnostics to render.
    Invalid(Box<Loaded>),
    /// A value cannot be used.
    Refused(Refusal),
    /// The space is larger than a diff evaluates.
    TooLarge(casus_diff::TooLarge),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Failure {
        Failure::Refused(r)
    }
}

/// What to diff and how.
#[derive(Clone, Debug)]
pub struct Ask {
    /// Design A.
    pub a: Design,
    /// Design B.
    pub b: Design,
    /// Only this commitment of each design (its id in both).
    pub commitment: Option<String>,
    /// A fixed date; `None`: every date the designs name.
    pub on: Option<Date>,
    /// Evaluate designs as if in force.
    pub hypothetical: bool,
    /// The most rules per difference (0: the default).
    pub max_rules: usize,
}

/// Loads both designs and diffs them. `progress` is called with the share done.
pub fn diff(ask: Ask, base: &Base, reads: Reads, progress: &(dyn Fn(f64) + Sync)) -> Result<Diff, Failure> {
    let load = |d: &Design| -> Result<Loaded, Failure> {
        let files = match d {
            Design::Id(_) => Vec::new(),
            Design::File { input, .. } => vec![input.clone()],
        };
        let loaded = beside(files, base, None, reads);
        if loaded.has_errors() {
            return Err(Failure::Invalid(Box::new(loaded)));
        }
        Ok(loaded)
    };
    let la = load(&ask.a)?;
    // Two ids share one library; a file gets its own.
    let lb = match (&ask.a, &ask.b) {
        (Design::Id(_), Design::Id(_)) => None,
        _ => Some(load(&ask.b)?),
    };
    let lb_ref = lb.as_ref().unwrap_or(&la);
    let commitments: Vec<String> = ask.commitment.iter().cloned().collect();
    let ta = find(&la, &ask.a, "a", &commitments)?;
    let tb = find(lb_ref, &ask.b, "b", &commitments)?;
    let a = Side { library: &la.library, treaty: ta, commitments: &commitments };
    let b = Side { library: &lb_ref.library, treaty: tb, commitments: &commitments };
    let req = Request { on: ask.on, hypothetical: ask.hypothetical, max_rules: ask.max_rules };
    let mut d = casus_diff::diff(a, b, req, progress).map_err(Failure::TooLarge)?;
    for (design, r) in [(&ask.a, &mut d.a), (&ask.b, &mut d.b)] {
        if let Design::File { input, .. } = design {
            r.file = Some(input.name.clone());
        }
    }
    Ok(d)
}

/// The index of the design a caller named, with the commitment asked for.
fn find(loaded: &Loaded, d: &Design, field: &str, commitments: &[String]) -> Result<usize, Refusal> {
    let lib = &loaded.library;
    let idx = match d {
        Design::Id(id) => lib.treaties.iter().position(|t| t.id.value == *id).ok_or_else(|| {
            let ids: Vec<&str> = lib.treaties.iter().map(|t| t.id.value.as_str()).collect();
            let near = casus_core::suggest::did_you_mean(id, ids.iter().copied());
            Refusal::new(
                field,
                format!("no treaty or design `{id}` in the library"),
                Some(match near {
                    Some(n) => format!("did you mean `{n}`? (`casus explain --list` lists them)"),
                    None => "name a treaty by its id, or give a file: `casus diff old.casus new.casus`".into(),
                }),
            )
        })?,
        Design::File { input, id } => {
            let file = loaded.sources.files().iter().rev().find(|f| f.path() == input.name).map(|f| f.id());
            let own: Vec<usize> =
                lib.treaties.iter().enumerate().filter(|(_, t)| Some(t.file.0) == file).map(|(i, _)| i).collect();
            match id {
                Some(id) => own.iter().copied().find(|&i| lib.treaties[i].id.value == *id).ok_or_else(|| {
                    Refusal::new(
                        field,
                        format!("{} has no treaty `{id}`", input.name),
                        Some(format!("its treaties: {}", names(lib, &own))),
                    )
                })?,
                None => match own[..] {
                    [one] => one,
                    [] => {
                        return Err(Refusal::new(
                            field,
                            format!("{} holds no treaty", input.name),
                            Some("a design is a `treaty … { … }` block".into()),
                        ));
                    }
                    _ => {
                        return Err(Refusal::new(
                            field,
                            format!("{} holds {} treaties", input.name, own.len()),
                            Some(format!("say which: `{}#ID`, with ID one of {}", input.name, names(lib, &own))),
                        ));
                    }
                },
            }
        }
    };
    let t = &lib.treaties[idx];
    for c in commitments {
        if !t.commitments.iter().any(|x| x.id.value == *c) {
            return Err(Refusal::new(
                "commitment",
                format!("{} has no commitment `{c}`", t.id.value),
                Some(format!(
                    "its commitments: {}",
                    t.commitments.iter().map(|c| c.id.value.as_str()).collect::<Vec<_>>().join(", ")
                )),
            ));
        }
    }
    Ok(idx)
}

fn names(lib: &casus_core::Library, idx: &[usize]) -> String {
    idx.iter().map(|&i| lib.treaties[i].id.value.as_str()).collect::<Vec<_>>().join(", ")
}
