//! Embeds the treaty library (`library/` at the workspace root) in the binary, so that
//! `casus` works on its built-in library with no files beside it.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::new();
    for (name, doc, ext) in [
        ("FILES", "The built-in library: (path relative to the workspace, text).", "casus"),
        (
            "GEOMETRY",
            "The GeoJSON shapes the built-in regions name: (path relative to the workspace, text).",
            "geojson",
        ),
    ] {
        list(&root, name, doc, ext, &mut out);
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("library.rs");
    std::fs::write(dest, out).expect("write generated library index");
}

/// Writes `pub static NAME` listing every file under `root` with the extension `ext`.
fn list(root: &Path, name: &str, doc: &str, ext: &str, out: &mut String) {
    let mut files = Vec::new();
    collect(root, ext, &mut files);
    files.sort();
    writeln!(out, "/// {doc}\npub static {name}: &[(&str, &str)] = &[").expect("write to string");
    for f in &files {
        let rel = f.strip_prefix(root.parent().expect("library has a parent")).expect("under root");
        let canonical = f.canonicalize().expect("library file exists");
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            rel.to_string_lossy().replace('\\', "/"),
            canonical.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
}

fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}
