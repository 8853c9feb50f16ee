//! The places every treaty may name without declaring them: continents, seas and oceans,
//! and latitude lines.
//!
//! Continents follow UN M49 (the Americas split at Panama); the seas are named here and
//! given polygons by the evaluator. Latitudes of the tropics and polar circles are their
//! mean values for 2000 (23°26′ and 66°34′).

/// What a place name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// A continent.
    Continent,
    /// A sea or ocean.
    Sea,
}

/// Continents, by the names used in `.casus` files.
pub const CONTINENTS: &[&str] =
    &["africa", "antarctica", "asia", "europe", "north-america", "oceania", "south-america"];

/// Seas and oceans: id and name.
pub const SEAS: &[(&str, &str)] = &[
    ("arctic-ocean", "Arctic Ocean"),
    ("baltic", "Baltic Sea"),
    ("black-sea", "Black Sea"),
    ("caribbean", "Caribbean Sea"),
    ("east-china-sea", "East China Sea"),
    ("indian-ocean", "Indian Ocean"),
    ("mediterranean", "Mediterranean Sea"),
    ("north-atlantic", "North Atlantic Ocean"),
    ("north-sea", "North Sea"),
    ("pacific", "Pacific Ocean"),
    ("persian-gulf", "Persian Gulf"),
    ("philippine-sea", "Philippine Sea"),
    ("red-sea", "Red Sea"),
    ("sea-of-azov", "Sea of Azov"),
    ("sea-of-japan", "Sea of Japan"),
    ("south-atlantic", "South Atlantic Ocean"),
    ("south-china-sea", "South China Sea"),
    ("yellow-sea", "Yellow Sea"),
];

/// Named latitude lines and their latitude in degrees.
pub const LATITUDES: &[(&str, f64)] = &[
    ("antarctic-circle", -66.5628),
    ("arctic-circle", 66.5628),
    ("equator", 0.0),
    ("tropic-of-cancer", 23.4372),
    ("tropic-of-capricorn", -23.4372),
];

/// What a built-in place name refers to.
pub fn builtin(name: &str) -> Option<Builtin> {
    if CONTINENTS.contains(&name) {
        Some(Builtin::Continent)
    } else if SEAS.iter().any(|(id, _)| *id == name) {
        Some(Builtin::Sea)
    } else {
        None
    }
}

/// The latitude of a named line or of a number of degrees in −90..=90.
pub fn latitude(line: &str) -> Option<f64> {
    LATITUDES
        .iter()
        .find(|(n, _)| *n == line)
        .map(|&(_, l)| l)
        .or_else(|| line.parse::<f64>().ok().filter(|l| (-90.0..=90.0).contains(l)))
}

/// Every built-in place name, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    CONTINENTS.iter().copied().chain(SEAS.iter().map(|(id, _)| *id))
}
