//! Import stages: a `.dvc` file whose output comes from another repository
//! (`dvc import URL PATH`) or from a URL (`dvc import-url URL`: its dependency is the source's
//! path with its hash), and the stage md5 DVC records at its top.
//!
//! ```yaml
//! md5: 397294e3c52b9ecc8847cafac5e077c7
//! frozen: true
//! deps:
//! - path: data/table.csv
//!   repo:
//!     url: ../registry
//!     rev: v1
//!     rev_lock: e792554453cfbd02d810c7f436fcf2edb7d8a8b1
//! outs:
//! - md5: f69f5b72bc79a92dc70c63c9aa142e36
//!   ...
//! ```

use md5::{Digest, Md5};

use crate::pointer::{Output, PointerFile};
use crate::yaml::Value;

/// The dependency of an import stage: a path in a git repository at a revision.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDep {
    /// The path inside the source repository, `/`-separated.
    pub path: String,
    /// The repository as the user named it (a local path or anything git can clone).
    pub url: String,
    /// The revision asked for (a branch, tag or commit), if any.
    pub rev: Option<String>,
    /// The commit the imported data came from.
    pub rev_lock: Option<String>,
    /// Config for the source repository (`--config`: a file's path; or, with `--remote` and
    /// `--remote-config`, a mapping of sections), as DVC records it.
    pub config: Option<Value>,
    /// The source's remote to use (`--remote NAME`), or options for its default remote
    /// (`--remote-config`, a mapping).
    pub remote: Option<Value>,
}

impl ImportDep {
    fn to_value(&self) -> Value {
        let mut repo = vec![("url".to_string(), Value::Str(self.url.clone()))];
        if let Some(r) = &self.rev {
            repo.push(("rev".into(), Value::Str(r.clone())));
        }
        if let Some(r) = &self.rev_lock {
            repo.push(("rev_lock".into(), Value::Str(r.clone())));
        }
        if let Some(c) = &self.config {
            repo.push(("config".into(), c.clone()));
        }
        if let Some(r) = &self.remote {
            repo.push(("remote".into(), r.clone()));
        }
        Value::Map(vec![
            ("path".into(), Value::Str(self.path.clone())),
            ("repo".into(), Value::Map(repo)),
        ])
    }
}

fn get<'a>(m: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl PointerFile {
    /// The repository dependency, when this is an import stage (`deps:` with a `repo:`).
    /// `Err` names what is wrong with a `deps:` entry that has a `repo:` but is malformed.
    pub fn import_dep(&self) -> Result<Option<ImportDep>, String> {
        let Some(Value::Seq(deps)) = get(&self.other, "deps") else {
            return Ok(None);
        };
        let Some(Value::Map(dep)) = deps.first() else {
            return Ok(None);
        };
        let Some(repo) = get(dep, "repo") else {
            return Ok(None);
        };
        let Value::Map(repo) = repo else {
            return Err("`repo:` of the dependency is not a mapping".into());
        };
        let text = |m: &[(String, Value)], k: &str| get(m, k).and_then(Value::as_text);
        let path = text(dep, "path").ok_or("the dependency has no `path:`")?;
        let url = text(repo, "url").ok_or("`repo:` has no `url:`")?;
        if let Err(why) = crate::relpath::check(&path) {
            return Err(format!(
                "the dependency path '{path}' cannot be used: {why}"
            ));
        }
        Ok(Some(ImportDep {
            path,
            url,
            rev: text(repo, "rev"),
            rev_lock: text(repo, "rev_lock"),
            config: get(repo, "config").cloned(),
            remote: get(repo, "remote").cloned(),
        }))
    }

    /// A new import stage as DVC writes it: `md5` (left out with `no_exec`, as DVC leaves it),
    /// `frozen: true`, `deps`, `outs`.
    pub fn new_import(dep: &ImportDep, out: Output, no_exec: bool) -> PointerFile {
        let mut p = PointerFile::single(out);
        p.other = vec![("frozen".into(), Value::Bool(true))];
        p.outs_position = 2;
        p.set_deps(dep.to_value(), !no_exec);
        p
    }

    /// A new URL import as DVC writes it: `md5` (left out with `no_exec`, as DVC leaves it),
    /// `frozen: true`, `deps` (the source's path with its hash info), `outs`.
    pub fn new_url_import(dep: Value, out: Output, no_exec: bool) -> PointerFile {
        let mut p = PointerFile::single(out);
        p.other = vec![("frozen".into(), Value::Bool(true))];
        p.outs_position = 2;
        p.set_url_dep(dep, !no_exec);
        p
    }

    /// The dependency of a URL import (`deps:` with a `path:` and no `repo:`): its path and
    /// its entry as written.
    pub fn url_dep(&self) -> Option<(String, Value)> {
        let Some(Value::Seq(deps)) = get(&self.other, "deps") else {
            return None;
        };
        let [Value::Map(dep)] = deps.as_slice() else {
            return None;
        };
        if get(dep, "repo").is_some() || get(&self.other, "cmd").is_some() {
            return None;
        }
        let path = get(dep, "path").and_then(Value::as_text)?;
        Some((path, Value::Map(dep.clone())))
    }

    /// Records the URL dependency's new entry (and the stage md5 with `md5`).
    pub fn set_url_dep(&mut self, dep: Value, md5: bool) {
        self.set_deps(dep, md5);
    }

    /// Sets the one dependency, and the stage md5 that follows from it when `md5`, keeping
    /// the other keys where they are.
    fn set_deps(&mut self, dep: Value, md5: bool) {
        let deps = Value::Seq(vec![dep]);
        match self.other.iter_mut().find(|(k, _)| k == "deps") {
            Some((_, v)) => *v = deps,
            None => self.other.push(("deps".into(), deps)),
        }
        if md5 {
            let md5 = Value::Str(self.stage_md5());
            match self.other.iter_mut().find(|(k, _)| k == "md5") {
                Some((_, v)) => *v = md5,
                None => {
                    self.other.insert(0, ("md5".into(), md5));
                    self.outs_position += 1;
                }
            }
        }
    }

    /// Records a new revision of the dependency (and the stage md5 that follows), keeping
    /// the other keys where they are.
    pub fn set_import(&mut self, dep: &ImportDep) {
        self.set_deps(dep.to_value(), true);
    }

    /// DVC's stage md5: the md5 of `json.dumps(stage, sort_keys=True)` without `md5`, `meta`,
    /// `desc` and the keys DVC leaves out (`frozen`, `size`, `nfiles`, `isexec`, ...).
    pub fn stage_md5(&self) -> String {
        const LEFT_OUT: &[&str] = &[
            "desc", "type", "labels", "meta", "locked", "frozen", "metric", "persist", "isexec",
            "size", "nfiles",
        ];
        let mut top: Vec<(String, Value)> = self
            .other
            .iter()
            .filter(|(k, _)| {
                k != "md5"
                    && !(k == "wdir"
                        && matches!(get(&self.other, "wdir"), Some(Value::Str(s)) if s == "."))
            })
            .cloned()
            .collect();
        top.push((
            "outs".into(),
            Value::Seq(self.outs.iter().map(Output::to_value).collect()),
        ));
        let mut json = Vec::new();
        crate::pyjson::value(
            &Value::Map(top),
            crate::pyjson::Options {
                sort_keys: true,
                left_out: LEFT_OUT,
            },
            &mut json,
        );
        let digest = Md5::digest(&json);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The options a URL import's dependency records for its store (`fs_config:`), as text.
pub fn recorded_fs_config(dep: &Value) -> Vec<(String, String)> {
    let Value::Map(m) = dep else {
        return Vec::new();
    };
    match m.iter().find(|(k, _)| k == "fs_config") {
        Some((_, Value::Map(opts))) => opts
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_text()?)))
            .collect(),
        _ => Vec::new(),
    }
}

/// An option's text as a yes (`true`, `1`, `yes`, any case).
pub fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}

/// Whether a URL import's dependency reads its source by object versions
/// (`fs_config: version_aware: true`).
pub fn is_version_aware(dep: &Value) -> bool {
    recorded_fs_config(dep)
        .iter()
        .any(|(k, v)| k == "version_aware" && truthy(v))
}

/// Whether a URL import follows its source's versions, as DVC's "versioned imports" do: read
/// by versions, or a file whose version id was recorded (`status` looks at their sources;
/// other URL imports are frozen stages to it).
pub fn is_versioned_import(dep: &Value) -> bool {
    let has_version = matches!(dep, Value::Map(m) if m.iter().any(|(k, _)| k == "version_id"));
    is_version_aware(dep) || has_version
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_aware_and_versioned_imports_are_told_apart() {
        let dep = |yaml: &str| {
            Value::from_yaml(&crate::yaml::load(yaml).unwrap().into_iter().next().unwrap())
        };
        let va = dep("path: remote://s/f\nfs_config:\n  version_aware: true\n");
        assert!(is_version_aware(&va) && is_versioned_import(&va));
        let plain = dep("etag: e\nversion_id: '7'\npath: gs://b/f\n");
        assert!(!is_version_aware(&plain) && is_versioned_import(&plain));
        let none = dep("etag: e\npath: s3://b/f\nfs_config:\n  endpointurl: x\n");
        assert!(!is_versioned_import(&none));
        assert_eq!(
            recorded_fs_config(&none),
            vec![("endpointurl".to_string(), "x".to_string())]
        );
    }

    // Both files were written by DVC 3.67.1 (`dvc import`); the md5 at their top is DVC's.
    const FILE: &str = "md5: 397294e3c52b9ecc8847cafac5e077c7\nfrozen: true\ndeps:\n- path: data/table.csv\n  repo:\n    url: ../registry\n    rev: v1\n    rev_lock: e792554453cfbd02d810c7f436fcf2edb7d8a8b1\nouts:\n- md5: f69f5b72bc79a92dc70c63c9aa142e36\n  size: 4\n  hash: md5\n  path: t.csv\n";
    const DIR: &str = "md5: 2242d4ab27cc44e960ae19a9da886e47\nfrozen: true\ndeps:\n- path: data/images\n  repo:\n    url: ../registry\n    rev_lock: f546865e7969417fd5e9af1e65894e3a05fdfaae\nouts:\n- md5: f7ac210943ba08d9389f7afe5c51696e.dir\n  size: 15\n  nfiles: 3\n  hash: md5\n  path: images\n";

    #[test]
    fn stage_md5_is_dvcs() {
        for text in [FILE, DIR] {
            let p = PointerFile::parse(text).unwrap();
            let recorded = text.lines().next().unwrap().trim_start_matches("md5: ");
            assert_eq!(p.stage_md5(), recorded);
        }
    }

    #[test]
    fn new_import_renders_as_dvc() {
        for text in [FILE, DIR] {
            let parsed = PointerFile::parse(text).unwrap();
            let dep = parsed.import_dep().unwrap().unwrap();
            let made = PointerFile::new_import(&dep, parsed.outs[0].clone(), false);
            assert_eq!(made.render(), text);
        }
    }

    #[test]
    fn reads_the_dependency() {
        let dep = PointerFile::parse(FILE)
            .unwrap()
            .import_dep()
            .unwrap()
            .unwrap();
        assert_eq!(dep.path, "data/table.csv");
        assert_eq!(dep.url, "../registry");
        assert_eq!(dep.rev.as_deref(), Some("v1"));
        assert!(dep.rev_lock.unwrap().starts_with("e7925544"));
        let plain =
            PointerFile::parse("outs:\n- md5: f69f5b72bc79a92dc70c63c9aa142e36\n  path: t.csv\n")
                .unwrap();
        assert_eq!(plain.import_dep(), Ok(None));
        let escaping = FILE.replace("path: data/table.csv", "path: ../../etc/passwd");
        assert!(PointerFile::parse(&escaping).unwrap().import_dep().is_err());
    }

    #[test]
    fn a_new_revision_changes_the_md5_in_place() {
        let mut p = PointerFile::parse(FILE).unwrap();
        let mut dep = p.import_dep().unwrap().unwrap();
        dep.rev = Some("main".into());
        p.set_import(&dep);
        let text = p.render();
        assert!(text.starts_with("md5: "));
        assert!(text.contains("    rev: main\n"));
        assert_ne!(p.stage_md5(), "397294e3c52b9ecc8847cafac5e077c7");
        assert_eq!(
            text.lines().next().unwrap(),
            format!("md5: {}", p.stage_md5())
        );
    }
}
