//! Parts of tracked directories: a target inside a tracked directory (`data/images/cats` of
//! the output `data`, or one file of it) makes `fetch`, `pull` and `checkout` move and place
//! only the files under it, as DVC's granular targets do. The directory's `.dir` manifest is
//! fetched whole (it says which files the part holds).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::fsutil::absolutize;
use crate::stage::TrackedStage;

/// For each output a target names only part of (by its stage's name, `data.dvc` or
/// `dvc.yaml:train`, and its index there): the `/`-separated paths inside it. Outputs not
/// listed are wanted whole.
#[derive(Debug, Default, Clone)]
pub struct Parts(HashMap<String, HashMap<usize, Vec<String>>>);

impl Parts {
    /// What `targets` (relative to `cwd`) name of the outputs of `stages`. An output named
    /// whole by any target (its pointer file, its path, a directory above it) is whole.
    pub fn of(cwd: &Path, targets: &[String], stages: &[TrackedStage]) -> Parts {
        let mut parts: HashMap<String, HashMap<usize, Vec<String>>> = HashMap::new();
        let abs: Vec<PathBuf> = targets
            .iter()
            .map(|t| absolutize(cwd, Path::new(t)))
            .collect();
        for st in stages {
            for (i, out) in st.pointer.outs.iter().enumerate() {
                if !out.oid.is_some_and(|o| o.is_dir) {
                    continue;
                }
                let path = st.out_path(i);
                let mut inside = Vec::new();
                let mut whole = false;
                for t in &abs {
                    if *t == st.file || path.starts_with(t) {
                        whole = true;
                    } else if let Some(rel) = t
                        .strip_prefix(&path)
                        .ok()
                        .and_then(|r| r.to_str())
                        .filter(|r| !r.is_empty())
                    {
                        inside.push(rel.trim_end_matches('/').to_string());
                    }
                }
                if !whole && !inside.is_empty() {
                    parts.entry(st.rel.clone()).or_default().insert(i, inside);
                }
            }
        }
        Parts(parts)
    }

    /// The paths inside output `i` of `st` that are wanted, or None when all of it is.
    pub fn get(&self, st: &TrackedStage, i: usize) -> Option<&[String]> {
        self.0.get(&st.rel)?.get(&i).map(Vec::as_slice)
    }
}

/// Whether the file `relpath` of a directory lies in `part` (a path inside the directory
/// names itself and everything under it).
pub fn in_part(relpath: &str, part: &[String]) -> bool {
    part.iter().any(|p| {
        relpath == p
            || (relpath.len() > p.len()
                && relpath.starts_with(p.as_str())
                && relpath.as_bytes()[p.len()] == b'/')
    })
}

#[cfg(test)]
mod tests {
    use super::in_part;

    #[test]
    fn a_part_names_itself_and_what_is_under_it() {
        let part = vec!["images/cats".to_string(), "labels.csv".to_string()];
        assert!(in_part("images/cats/001.jpg", &part));
        assert!(in_part("images/cats/a/b.jpg", &part));
        assert!(in_part("labels.csv", &part));
        assert!(!in_part("images/catsup.jpg", &part));
        assert!(!in_part("images/dogs/1.jpg", &part));
        assert!(!in_part("labels.csv.bak", &part));
        assert!(!in_part("images", &part));
    }
}
