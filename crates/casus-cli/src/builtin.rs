//! The built-in library, embedded at build time from `library/`.

include!(concat!(env!("OUT_DIR"), "/library.rs"));

/// A loader that reads the built-in regions' shapes from [`GEOMETRY`] (and other files'
/// from disk).
pub fn loader() -> casus_core::load::Loader {
    casus_core::load::Loader::with_embedded(FILES, GEOMETRY)
}
