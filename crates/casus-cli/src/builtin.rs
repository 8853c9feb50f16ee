//! The built-in library, embedded at build time from `library/`.

include!(concat!(env!("OUT_DIR"), "/library.rs"));
