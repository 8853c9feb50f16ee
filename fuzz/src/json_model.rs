//! Target (b), the JSON form: arbitrary bytes (mostly JSON, made by a structure-aware
//! mutator from exported models) as a `.json` file, loaded, checked and used exactly as a
//! `.casus` file is in [`crate::parse_check`]: the JSON form reaches fields the treaty
//! language cannot write (any number, any string, any nesting), so the checker, not the
//! parser, must stop what the evaluator cannot take.

use crate::common;

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let loaded = common::load_like_cli("fuzz.json", data);
    common::check_loaded(&loaded);
    common::exercise(&loaded);
}
