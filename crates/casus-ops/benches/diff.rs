//! `casus diff` on built-in pairs of designs: one with one condition apart (the territory),
//! one with a deployed force, one with the most conditions (the US draft).

use casus_core::Library;
use casus_diff::{Request, Side};
use casus_ops::assemble::{Base, Reads, beside};

fn main() {
    divan::main();
}

fn library() -> Library {
    beside(Vec::new(), &Base::Builtin, None, Reads::Embedded).library
}

fn run(lib: &Library, a: &str, b: &str) -> u64 {
    let side = |id: &str| Side {
        library: lib,
        treaty: lib.treaties.iter().position(|t| t.id.value == id).expect("design"),
        commitments: &[],
    };
    let req = Request { on: None, hypothetical: true, max_rules: 0 };
    casus_diff::diff(side(a), side(b), req, &|_| {}).expect("diff").space.classes
}

#[divan::bench(args = [("ua-own-borders", "ua-own-control-line"), ("ua-own-no-forces", "ua-own-tripwire"), ("ua-20-point-2025-12", "ua-us-draft-2025-11")], sample_count = 5)]
fn pair(bencher: divan::Bencher, (a, b): (&str, &str)) {
    let lib = library();
    bencher.bench(|| run(&lib, a, b));
}
