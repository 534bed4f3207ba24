//! What the fuzz targets (`fuzz/`) and the regression test (`tests/fuzz_regressions.rs`) run on
//! one input, per untrusted format: parse, and for what parses, render and parse again. Nothing
//! here may panic for any input; a panic is a bug, and its input becomes a regression file.

use crate::{config::ConfigFile, pipeline, Manifest, PointerFile};

/// One target: what it does with an input.
pub type Target = fn(&[u8]);

/// The targets, by the name of their directory of regression inputs.
pub const TARGETS: &[(&str, Target)] = &[
    ("pointer", pointer),
    ("manifest", manifest),
    ("lock", lock),
    ("dvc_yaml", dvc_yaml),
    ("params", params),
    ("config", config),
];

/// `.dvc` pointer files, import pointers included.
pub fn pointer(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = PointerFile::parse(text) {
        let _ = p.import_dep();
        let _ = p.render_over(text);
        let again = PointerFile::parse(&p.render()).expect("a rendered pointer file parses");
        assert_eq!(again.outs.len(), p.outs.len());
    }
}

/// `.dir` manifests.
pub fn manifest(data: &[u8]) {
    if let Ok(m) = Manifest::parse(data) {
        let again = Manifest::parse(&m.to_json()).expect("a written manifest parses");
        assert_eq!(again.entries.len(), m.entries.len());
    }
}

/// `dvc.lock`.
pub fn lock(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(l) = pipeline::Lock::parse(text) {
        let _ = l.render();
    }
}

/// `dvc.yaml`: the first 4096 characters as the file, the rest as its `params.yaml`.
pub fn dvc_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (yaml, params) = match text.char_indices().nth(4096) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let mut read = |name: &str| -> Result<Option<String>, String> {
        Ok((name == "params.yaml" && !params.is_empty()).then(|| params.to_string()))
    };
    let _ = pipeline::project::load(yaml, "dvc.yaml", &mut read);
}

/// Params files: the first byte picks YAML, JSON, TOML or Python.
pub fn params(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = ["params.yaml", "params.json", "params.toml", "params.py"][*first as usize % 4];
    if let Ok(v) = pipeline::params::parse(name, text) {
        let _ = v.to_python_json();
    }
}

/// configobj config files.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = ConfigFile::parse(text) {
        // what configobj (DVC) cannot write back either is left out
        let writable = c.sections.iter().all(|s| {
            crate::config::can_quote(&s.name)
                && s.entries
                    .iter()
                    .all(|(k, v)| crate::config::can_quote(k) && crate::config::can_quote(v))
        });
        if writable {
            let again = ConfigFile::parse(&c.render()).expect("a rendered config parses");
            assert_eq!(again, c, "a rendered config reads back the same");
        }
    }
}
