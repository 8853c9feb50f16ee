//! How long resolving coordinates to a first-level subdivision takes.
//!
//! `cargo bench -p casus-geo --bench locate`

#![allow(missing_docs)]

fn main() {
    divan::main();
}

/// Lviv: a hit in the middle of the extract.
#[divan::bench]
fn subdivision_at_lviv() -> Option<&'static str> {
    casus_geo::subdivision_at(divan::black_box(49.84), divan::black_box(24.03)).map(|s| s.iso.as_str())
}

/// The Black Sea: no subdivision, every candidate box rejected.
#[divan::bench]
fn subdivision_at_sea() -> Option<&'static str> {
    casus_geo::subdivision_at(divan::black_box(43.0), divan::black_box(34.0)).map(|s| s.iso.as_str())
}

/// Donetsk: the distance to its oblast's edge, as the tolerance check measures it.
#[divan::bench]
fn edge_within_20_km() -> Option<f64> {
    let s = casus_geo::subdivisions().iter().find(|s| s.iso == "UA-14")?;
    s.geometry.edge_within(divan::black_box(48.0), divan::black_box(37.8), 20.0)
}
