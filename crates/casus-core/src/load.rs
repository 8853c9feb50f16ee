//! Reading a set of `.casus` and `.json` files into one checked library.

use casus_syntax::source::decode_utf8;
use casus_syntax::{Diagnostic, FileId, SourceMap, Span};

use crate::check::check;
use crate::lower::FileLowering;
use crate::model::Library;

pub mod input;

/// Every file under `dir` (recursively, following symbolic links, each file once) whose
/// extension is one of `extensions`, sorted by path so that loading order, and so output,
/// does not depend on the file system. A folder that cannot be walked gives no files; use
/// [`input::collect`] to have the reason.
pub fn files_under(dir: &std::path::Path, extensions: &[&str]) -> Vec<std::path::PathBuf> {
    let mut out = input::collect(&[dir], extensions, true).map(|c| c.files).unwrap_or_default();
    out.sort();
    out
}

/// Collects files, parses and lowers each, and checks them together.
#[derive(Default)]
pub struct Loader {
    sources: SourceMap,
    library: Library,
    diagnostics: Vec<Diagnostic>,
    /// Treaty files compiled into the program (path, text): the geometry they name is
    /// looked up in `embedded_geometry`, not on disk.
    embedded: &'static [(&'static str, &'static str)],
    /// GeoJSON files compiled into the program (path, text).
    embedded_geometry: &'static [(&'static str, &'static str)],
    /// See [`Loaded::context`].
    context: std::collections::BTreeSet<FileId>,
    /// Whether nothing may be read from disk ([`Loader::sealed`]).
    sealed: bool,
}

/// The outcome of loading: every file's text, the library, and every diagnostic.
pub struct Loaded {
    /// The files read, for rendering diagnostics.
    pub sources: SourceMap,
    /// The library, with everything that could be read (even when there are errors).
    pub library: Library,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read only as context for the others (the built-in regions beside a
    /// user's treaties): checked with them, not counted among the files checked.
    pub context: std::collections::BTreeSet<FileId>,
}

impl Loaded {
    /// How many files were checked, not counting those read as context.
    pub fn checked_files(&self) -> usize {
        self.sources.files().len() - self.context.len()
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Loader {
    /// A loader that reads the geometry the treaty files of `sources` name from
    /// `geometry` (the built-in library and its GeoJSON, compiled into the program); other
    /// files' geometries are read from disk.
    pub fn with_embedded(
        sources: &'static [(&'static str, &'static str)],
        geometry: &'static [(&'static str, &'static str)],
    ) -> Loader {
        Loader { embedded: sources, embedded_geometry: geometry, ..Loader::default() }
    }

    /// A loader like [`Loader::with_embedded`] that never reads from disk: a geometry a file
    /// names that is not among the embedded ones is an E0212. The server loads the texts
    /// of requests with it, so that a request cannot make it open a path.
    pub fn sealed(
        sources: &'static [(&'static str, &'static str)],
        geometry: &'static [(&'static str, &'static str)],
    ) -> Loader {
        Loader { sealed: true, ..Loader::with_embedded(sources, geometry) }
    }

    /// Reads the shape of every region of `file` (its regions from `first` on) that names a
    /// `geometry`, relative to `path`; E0212 where one cannot be read or is not a region.
    fn read_shapes(&mut self, path: &str, first: usize) {
        let embedded = self.embedded.iter().any(|(p, _)| *p == path);
        let dir = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new(""));
        for r in &mut self.library.regions[first..] {
            let Some(g) = &r.geometry else { continue };
            if r.shape.is_some() {
                // The JSON form carries the shape it was exported with.
                continue;
            }
            let (file, feature) = match g.value.split_once('#') {
                Some((f, id)) => (f, Some(id)),
                None => (g.value.as_str(), None),
            };
            let full = dir.join(file);
            let shown = full.to_string_lossy().replace('\\', "/");
            let text = if embedded {
                let want = normalize(&shown);
                self.embedded_geometry
                    .iter()
                    .find(|(p, _)| *p == want)
                    .map(|(_, t)| t.to_string())
                    .ok_or_else(|| format!("`{shown}` is not among the built-in files"))
            } else if self.sealed {
                Err(format!(
                    "`{shown}` is a file, and files are not read here: put the polygon in the JSON form's `shape`, or use a region of the built-in library"
                ))
            } else {
                input::read(&full, input::Limit { bytes: casus_geo::MAX_GEOMETRY_BYTES, what: "geometry files" })
                    .map_err(|e| e.to_string())
                    .and_then(|b| String::from_utf8(b).map_err(|_| format!("`{shown}` is not valid UTF-8")))
            };
            let shape =
                text.and_then(|t| casus_geo::Geometry::from_geojson(&t, feature).map_err(|e| format!("`{shown}` {e}")));
            match shape {
                Ok(shape) => r.shape = Some(crate::model::Shape(std::sync::Arc::new(shape))),
                Err(message) => self.diagnostics.push(
                    Diagnostic::error("E0212", g.span, format!("the geometry of region `{}` cannot be used: {message}", r.id.value))
                        .with_help("a region's geometry is a GeoJSON Polygon or MultiPolygon of [longitude, latitude] positions, its path relative to this file; see docs/language.md"),
                ),
            }
        }
    }

    /// Adds a file from its raw bytes: `.json` files are read as the JSON form, anything
    /// else as the treaty language. Invalid UTF-8 is reported and replaced.
    pub fn add_bytes(&mut self, path: &str, bytes: Vec<u8>) -> FileId {
        let (text, bad) = decode_utf8(bytes);
        let id = self.add_text(path, text);
        if let Some(at) = bad {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0008",
                    Span::new(id, at, at + '\u{fffd}'.len_utf8()),
                    "the file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8; the invalid bytes were read as `\u{fffd}`"),
            );
        }
        id
    }

    /// Adds every `.casus` and `.json` file under `dir` as a library (see
    /// [`Loader::add_library_text`]), each read as [`input::read`] reads (regular files of at
    /// most [`input::Limit::TREATY`]); invalid UTF-8 is reported as by [`Loader::add_bytes`].
    pub fn add_library_dir(&mut self, dir: &std::path::Path) -> std::io::Result<()> {
        let found = input::collect(&[dir], &["casus", "json"], false).map_err(std::io::Error::other)?;
        for f in found.files {
            let bytes = input::read(&f, input::Limit::TREATY).map_err(std::io::Error::other)?;
            let before = self.library.incidents.len();
            self.add_bytes(&f.to_string_lossy(), bytes);
            self.library.incidents.truncate(before);
        }
        Ok(())
    }

    /// Adds a file as a library only: its treaties, regions and deployments count, its
    /// incidents do not (so the built-in scenarios do not join the user's incidents).
    pub fn add_library_text(&mut self, path: &str, text: impl Into<String>) -> FileId {
        let before = self.library.incidents.len();
        let id = self.add_text(path, text);
        self.library.incidents.truncate(before);
        id
    }

    /// Adds a file as [`Loader::add_library_text`] does, as context only: it is checked
    /// with the rest but not counted among the files checked ([`Loaded::context`]).
    pub fn add_context_text(&mut self, path: &str, text: impl Into<String>) -> FileId {
        let id = self.add_library_text(path, text);
        self.context.insert(id);
        id
    }

    /// Adds a library built in memory (ATOP's alliances as treaties, say) as a library only:
    /// its treaties, regions and deployments count, its incidents do not. `name` stands for
    /// its file: diagnostics about its items name it and the field, as for JSON input. The
    /// whole library is still checked together by [`Loader::finish`], so an id it shares with
    /// a file is reported.
    pub fn add_library(&mut self, name: &str, mut lib: Library) -> FileId {
        let id = self.sources.add(name, String::new());
        lib.set_origin(id);
        lib.incidents.clear();
        self.library.extend(lib);
        id
    }

    /// Adds a file from its text.
    pub fn add_text(&mut self, path: &str, text: impl Into<String>) -> FileId {
        let first_region = self.library.regions.len();
        let id = self.add_text_only(path, text);
        if self.library.regions[first_region..].iter().any(|r| r.geometry.is_some()) {
            self.read_shapes(path, first_region);
        }
        id
    }

    fn add_text_only(&mut self, path: &str, text: impl Into<String>) -> FileId {
        let id = self.sources.add(path, text);
        let file = self.sources.get(id);
        if path.ends_with(".json") {
            // A byte-order mark is an encoding marker, as in a `.casus` file; one byte for
            // the three keeps serde's line and column right on the first line.
            let text = file.text().strip_prefix('\u{feff}').unwrap_or(file.text());
            let first = text.trim_start();
            if !first.is_empty() && !first.starts_with('{') {
                // serde would read a struct from an array too: the form is an object.
                let at = file.text().len() - first.len();
                let found = match first.as_bytes()[0] {
                    b'[' => "an array",
                    b'"' => "a string",
                    b't' | b'f' => "a boolean",
                    b'n' => "null",
                    _ => "a number or other value",
                };
                self.diagnostics.push(
                    Diagnostic::error("E0007", Span::new(id, at, at + first.chars().next().map_or(1, char::len_utf8)), format!("invalid JSON form: the top level is {found}, not an object"))
                        .with_help("the JSON form is one object with `treaties`, `regions`, … as `casus export --format json` prints; see docs/language.md"),
                );
                return id;
            }
            match serde_json::from_str::<Library>(text) {
                Ok(mut lib) => {
                    lib.set_origin(id);
                    lib.shrink_to_fit();
                    self.library.extend(lib);
                }
                Err(err) => {
                    let at = file.offset_of(err.line(), err.column());
                    let message = err.to_string();
                    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                    self.diagnostics.push(
                        Diagnostic::error("E0007", Span::new(id, at, at), format!("invalid JSON form: {message}"))
                            .with_help(
                                "the JSON form is what `casus export --format json` prints; see docs/language.md",
                            ),
                    );
                }
            }
        } else {
            // A statement at a time: its tree is dropped once it is lowered.
            // Lowered straight into the library read so far: a file's treaties are not
            // copied from a fragment into it (100,000 regions are 21 MB each time).
            let mut lowering = FileLowering::into(std::mem::take(&mut self.library), id);
            let syntax = casus_syntax::parse_each(file, &mut |st| lowering.statement(&st));
            self.diagnostics.extend(syntax);
            let (lib, diags) = lowering.finish();
            self.diagnostics.extend(diags);
            self.library = lib;
        }
        id
    }

    /// E0212 for a shape written `[latitude, longitude]`: it lies outside the state its
    /// region is part of, and would lie inside it with each position swapped. (Positions
    /// out of range are refused when the shape is read; these are the ones in range.)
    fn swapped_shapes(&mut self) {
        let lib = &self.library;
        let mut found = Vec::new();
        for r in lib.regions.iter().filter(|r| r.shape.is_some()) {
            let (Some(shape), Some(g)) = (&r.shape, &r.geometry) else { continue };
            let Some(state) = state_of(lib, r) else { continue };
            let Some(ring) = shape.0.polygons.first().and_then(|p| p.rings.first()) else { continue };
            let n = ring.len().max(1) as f64;
            let (lon, lat) = ring.iter().fold((0.0, 0.0), |(x, y), p| (x + p[0] / n, y + p[1] / n));
            let country = |lat: f64, lon: f64| {
                crate::geo::ids_at(lat, lon).iter().find_map(|id| crate::geo::alpha3_of(id)).map(str::to_string)
            };
            let here = country(lat, lon);
            if here.as_deref() != Some(state.as_str()) && country(lon, lat).as_deref() == Some(state.as_str()) {
                found.push(
                    Diagnostic::error(
                        "E0212",
                        g.span,
                        format!(
                            "the geometry of region `{}` lies in {}, not in {state}, which the region is part of: \
                             its positions look like [latitude, longitude]",
                            r.id.value,
                            here.as_deref().unwrap_or("no country")
                        ),
                    )
                    .with_help("GeoJSON positions are [longitude, latitude]: swap the two numbers of each"),
                );
            }
        }
        self.diagnostics.extend(found);
    }

    /// Leaves out the treaties, regions and deployments read from `files` whose id an item
    /// of another file declares too: a user's own version of a built-in treaty or region
    /// takes its place instead of clashing with it (E0203). Returns the ids left out.
    pub fn shadow(&mut self, files: &std::collections::BTreeSet<FileId>) -> Vec<String> {
        let lib = &mut self.library;
        let mut dropped = Vec::new();
        shadow_items(&mut lib.treaties, files, |t| (&t.id.value, t.file.0), &mut dropped);
        shadow_items(&mut lib.regions, files, |r| (&r.id.value, r.file.0), &mut dropped);
        shadow_items(&mut lib.deployments, files, |d| (&d.id.value, d.file.0), &mut dropped);
        dropped
    }

    /// Everything read so far (not yet checked).
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The files added so far.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Checks everything added together and returns the result.
    pub fn finish(mut self) -> Loaded {
        self.library.shrink_to_fit();
        self.swapped_shapes();
        self.diagnostics.extend(check(&self.library));
        self.diagnostics.sort_by(|a, b| {
            (a.span.file, a.span.start, a.span.end, a.code).cmp(&(b.span.file, b.span.start, b.span.end, b.code))
        });
        self.diagnostics.dedup();
        Loaded { sources: self.sources, library: self.library, diagnostics: self.diagnostics, context: self.context }
    }
}

/// Leaves out the items read from `files` whose id an item of another file has too,
/// adding their ids to `dropped`.
fn shadow_items<T>(
    items: &mut Vec<T>,
    files: &std::collections::BTreeSet<FileId>,
    key: impl Fn(&T) -> (&String, FileId),
    dropped: &mut Vec<String>,
) {
    let own: std::collections::BTreeSet<String> =
        items.iter().map(&key).filter(|(_, f)| !files.contains(f)).map(|(id, _)| id.clone()).collect();
    items.retain(|x| {
        let (id, file) = key(x);
        let keep = !files.contains(&file) || !own.contains(id);
        if !keep {
            dropped.push(id.clone());
        }
        keep
    });
}

/// The state a region lies in: the end of its `part of` chain (or the country of an
/// ISO 3166-2 code it names), within as many steps as there are regions.
fn state_of(lib: &Library, r: &crate::model::Region) -> Option<String> {
    let mut next = r.part_of.as_ref().map(|p| p.value.clone());
    for _ in 0..=lib.regions.len() {
        let id = next?;
        match lib.regions.iter().find(|x| x.id.value == id) {
            Some(parent) => next = parent.part_of.as_ref().map(|p| p.value.clone()),
            None => return crate::geo::alpha3_of(&id).map(str::to_string).or(Some(id)),
        }
    }
    None
}

/// `a/b/../c` as `a/c`, `./a` as `a`: the name an embedded file is listed under.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACT: &str = r#"
treaty pact "A pact" {
    in-force 2000-01-01
    source "https://example.org/pact"
    parties {
        POL LTU from 2000-01-01
    }
}
"#;

    #[test]
    fn a_library_built_in_memory_joins_the_files_and_is_checked_with_them() {
        let mut first = Loader::default();
        first.add_text("pact.casus", PACT);
        // Built in memory, like ATOP's treaties: no spans (the JSON form keeps none).
        let json = serde_json::to_string(&first.finish().library).expect("serialises");
        let built: Library = serde_json::from_str(&json).expect("reads back");

        let mut loader = Loader::default();
        loader.add_text("pact.casus", PACT.replace("pact", "other"));
        let id = loader.add_library("ATOP (memory)", built.clone());
        let loaded = loader.finish();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.library.treaties.len(), 2);
        assert_eq!(loaded.sources.get(id).path(), "ATOP (memory)");

        // The same id twice is an error, and the built library's copy is named by its file.
        let mut loader = Loader::default();
        loader.add_text("pact.casus", PACT);
        let id = loader.add_library("ATOP (memory)", built);
        let loaded = loader.finish();
        let dup = loaded.diagnostics.iter().find(|d| d.code == "E0203").expect("duplicate id reported");
        assert_eq!(dup.span.file, id, "{dup:?}");
        assert_eq!(dup.field.as_deref(), Some("treaty pact"));
    }
}
