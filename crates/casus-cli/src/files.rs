//! Turning the paths a user gives into the list of files to read.

use walkdir::WalkDir;

/// Expands files and folders into files: a file is taken as given; a folder is searched
/// recursively for files with one of `extensions`, in name order so that output is stable.
pub fn collect(paths: &[String], extensions: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| anyhow::anyhow!("cannot read `{p}`: {e}"))?;
        if meta.is_dir() {
            for entry in WalkDir::new(p).sort_by_file_name() {
                let entry = entry.map_err(|e| anyhow::anyhow!("cannot read inside `{p}`: {e}"))?;
                let path = entry.path();
                if entry.file_type().is_file() && path.extension().is_some_and(|x| extensions.iter().any(|e| x == *e)) {
                    out.push(path.to_string_lossy().into_owned());
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
