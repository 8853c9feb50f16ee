//! The built-in library, embedded at build time from `library/`.

include!(concat!(env!("OUT_DIR"), "/library.rs"));

/// A loader that reads the built-in regions' shapes from [`GEOMETRY`] (and other files'
/// from disk).
pub fn loader() -> casus_core::load::Loader {
    casus_core::load::Loader::with_embedded(FILES, GEOMETRY)
}

/// The built-in file that declares region `id`, if one does (for the hint of an E0202 when
/// `--library` replaced the built-in library).
pub fn region_file(id: &str) -> Option<&'static str> {
    let header = format!("region {id} \"");
    FILES.iter().find(|(_, text)| text.lines().any(|l| l.starts_with(&header))).map(|(path, _)| *path)
}

/// Whether a built-in path holds designs (the Ukraine guarantee drafts), which count as
/// columns of a comparison.
pub fn is_design(path: &str) -> bool {
    path.starts_with("library/designs/")
}

/// Whether a built-in path holds scenarios (incidents with expectations).
pub fn is_scenario(path: &str) -> bool {
    path.starts_with("library/scenarios/")
}

/// Whether a built-in path declares regions (read as context under a user's own treaties).
pub fn is_regions(path: &str) -> bool {
    path.starts_with("library/regions/")
}

/// The built-in scenario suite `casus compare` uses when no scenario is named.
pub const DEFAULT_SUITE: &str = "library/scenarios/ukraine.casus";
