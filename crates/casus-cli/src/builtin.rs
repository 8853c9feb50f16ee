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
