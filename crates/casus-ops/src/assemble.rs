//! The library a question is asked of: the user's files (or texts sent to the server) with
//! the built-in library, a library that replaces it, or neither, and ATOP's alliances beside
//! them. One function for every face, so that a file names the same things wherever it is
//! read.

use std::collections::BTreeSet;

use casus_core::{Library, Loaded};

use crate::builtin;

/// A file given by name and contents (a path on the command line; a name the client chose
/// in a request).
#[derive(Clone, Debug)]
pub struct Input {
    /// The name diagnostics show (`mine.casus`, `designs/a.casus`).
    pub name: String,
    /// Its bytes, `.casus` text or the JSON form (by the name's extension).
    pub bytes: Vec<u8>,
}

impl Input {
    /// A file of text.
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Input {
        Input { name: name.into(), bytes: text.into().into_bytes() }
    }
}

/// Whether the files may name geometry files on disk: the CLI's may; texts sent to the
/// server may not (they could name any path), and only the built-in shapes are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// Geometry files are read relative to the file that names them.
    Disk,
    /// Nothing is read from disk.
    Embedded,
}

impl Reads {
    /// A loader that reads as `self` says.
    pub fn loader(self) -> casus_core::load::Loader {
        match self {
            Reads::Disk => builtin::loader(),
            Reads::Embedded => casus_core::load::Loader::sealed(builtin::FILES, builtin::GEOMETRY),
        }
    }
}

/// Where the treaties beside the user's files come from.
#[derive(Clone, Debug)]
pub enum Base {
    /// The built-in library: under files that hold no treaty of their own (incidents, or
    /// nothing), the whole of it; under files with treaties, only its regions, as context,
    /// so that a design may name `UA-30` and its own treaties stand alone.
    Builtin,
    /// A library of the user's replacing the built-in one (`--library`).
    Replace(Vec<Input>),
    /// No treaty but the files' own (`--no-builtin`).
    None,
}

/// Loads `files` over `base`, with `extra` (a library built in memory, such as ATOP's
/// alliances, under the name that stands for its file) beside it, and checks everything
/// together. Diagnostics are in the result; an E0202 for a region the built-in library
/// declares, when the built-in library was left out, says so.
pub fn load(files: Vec<Input>, base: Base, extra: Option<(String, Library)>) -> Loaded {
    let mut loader = builtin::loader();
    let had_files = !files.is_empty();
    for f in files {
        loader.add_bytes(&f.name, f.bytes);
    }
    let replaced = match base {
        Base::Builtin => {
            let lib = loader.library();
            if lib.treaties.is_empty() && (!had_files || !lib.incidents.is_empty()) {
                // Flags alone, and scenario files on their own, refer to the built-in treaties.
                for (path, text) in builtin::FILES {
                    loader.add_library_text(path, *text);
                }
            } else {
                context_regions(&mut loader);
            }
            None
        }
        Base::Replace(library) => {
            for f in library {
                loader.add_library_text(&f.name, String::from_utf8_lossy(&f.bytes).into_owned());
            }
            Some("--library replaces")
        }
        Base::None => Some("--no-builtin leaves out"),
    };
    if let Some((name, lib)) = extra {
        loader.add_library(&name, lib);
    }
    let mut loaded = loader.finish();
    if let Some(how) = replaced {
        for d in loaded.diagnostics.iter_mut().filter(|d| d.code == "E0202") {
            let Some(id) = d.message.strip_prefix("unknown region `").and_then(|m| m.strip_suffix('`')) else {
                continue;
            };
            if let Some(file) = builtin::region_file(id) {
                d.help = Some(format!(
                    "the built-in library declares `{id}` ({file}), but {how} it: drop that flag to check beside it, \
                     or declare the region in a file of your own"
                ));
            }
        }
    }
    loaded
}

/// Loads files to check or export them: the built-in library itself when none are given;
/// otherwise the files alone, over the built-in regions as context (names resolve, the
/// output and the diagnostics are the files').
pub fn for_check(files: Vec<Input>, reads: Reads) -> Loaded {
    let mut loader = reads.loader();
    if files.is_empty() {
        for (path, text) in builtin::FILES {
            loader.add_text(path, *text);
        }
    } else {
        for f in files {
            loader.add_bytes(&f.name, f.bytes);
        }
        context_regions(&mut loader);
    }
    loader.finish()
}

/// Adds the built-in regions as context, shadowed by any region the files declare.
fn context_regions(loader: &mut casus_core::load::Loader) {
    let mut regions = BTreeSet::new();
    for (path, text) in builtin::FILES.iter().filter(|(p, _)| builtin::is_regions(p)) {
        regions.insert(loader.add_context_text(path, *text));
    }
    loader.shadow(&regions);
}

/// The content hash of a library, `sha256:` and 64 hex digits: of its JSON form, so that it
/// names what the library says (treaties, regions with their shapes, deployments,
/// incidents), not how its files were laid out. Results quoted with it can be reproduced.
pub fn content_hash(lib: &Library) -> String {
    use sha2::{Digest, Sha256};
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(Sha256::new());
    // Serialising plain data to a sink that cannot fail does not fail.
    let _ = serde_json::to_writer(&mut h, lib);
    let digest = h.0.finalize();
    let mut s = String::with_capacity(71);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The files' own model, for export: the built-in regions read beside them as context stay
/// out.
pub fn own_model(loaded: Loaded) -> Library {
    let mut lib = loaded.library;
    let context = |f: casus_syntax::FileId| loaded.context.contains(&f);
    lib.regions.retain(|r| !context(r.file.0));
    lib.treaties.retain(|t| !context(t.file.0));
    lib.deployments.retain(|d| !context(d.file.0));
    lib
}

/// Loads `files` beside the whole of `base` (its treaties, designs and regions; not its
/// scenarios): a file's treaty or region with the id of one of the base's replaces it. This
/// is how the workbench evaluates a design of the user's next to the built-in ones.
pub fn beside(files: Vec<Input>, base: &Base, extra: Option<(String, Library)>, reads: Reads) -> Loaded {
    let mut loader = reads.loader();
    let mut replaceable = BTreeSet::new();
    match base {
        Base::Builtin => {
            for (path, text) in builtin::FILES.iter().filter(|(p, _)| !builtin::is_scenario(p)) {
                replaceable.insert(loader.add_library_text(path, *text));
            }
        }
        Base::Replace(library) => {
            for f in library {
                replaceable.insert(loader.add_library_text(&f.name, String::from_utf8_lossy(&f.bytes).into_owned()));
            }
        }
        Base::None => {}
    }
    for f in files {
        loader.add_bytes(&f.name, f.bytes);
    }
    if let Some((name, lib)) = extra {
        loader.add_library(&name, lib);
    }
    loader.shadow(&replaceable);
    loader.finish()
}
