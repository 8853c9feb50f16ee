//! Parse and check throughput: 1,000 generated treaty files of NATO's size.
//!
//! Run with `cargo bench -p casus-core --bench check`. Each file is the library's NATO
//! encoding (32 parties, an Article 6 area, Articles 4 and 5, comments) under its own id,
//! so names resolve and every check runs for real.

use casus_core::Loader;

fn main() {
    divan::main();
}

const NATO: &str = include_str!("../../../library/treaties/nato.casus");
const REGIONS: &str = include_str!("../../../library/regions/historical.casus");

fn corpus(n: usize) -> Vec<(String, String)> {
    (0..n).map(|i| (format!("gen/t{i}.casus"), NATO.replace("treaty nato ", &format!("treaty nato{i} ")))).collect()
}

/// Parse, lower and check 1,000 NATO-sized files together, as `casus check DIR` does.
#[divan::bench(sample_count = 20)]
fn parse_and_check_1000_files(bencher: divan::Bencher) {
    let files = corpus(1000);
    let bytes: u64 = files.iter().map(|(_, t)| t.len() as u64).sum();
    bencher.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
        let mut loader = Loader::default();
        loader.add_text("regions.casus", REGIONS);
        for (path, text) in &files {
            loader.add_text(path, text.as_str());
        }
        let loaded = loader.finish();
        assert!(loaded.diagnostics.is_empty());
        loaded
    });
}

/// Parse one NATO-sized file into its statement tree (no lowering or checks).
#[divan::bench]
fn parse_one_file(bencher: divan::Bencher) {
    let mut map = casus_syntax::SourceMap::default();
    let id = map.add("nato.casus", NATO);
    let file = map.get(id);
    bencher.counter(divan::counter::BytesCount::new(NATO.len())).bench(|| casus_syntax::parse(file));
}

/// Format one NATO-sized file.
#[divan::bench]
fn format_one_file(bencher: divan::Bencher) {
    let mut map = casus_syntax::SourceMap::default();
    let id = map.add("nato.casus", NATO);
    let tree = casus_syntax::parse(map.get(id)).tree;
    bencher.bench(|| casus_syntax::format(&tree));
}
