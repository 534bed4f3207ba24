//! Pipeline outputs recorded at git revisions (for gc, push/fetch -a/-T/-A, ...): each
//! `dvc.lock` read from git objects, its stages' working directories and flags taken from the
//! `dvc.yaml` beside it when that file resolves on its own.

use dvx_formats::pipeline::{Lock, Project, StageDef};

use super::{lock_pointer_stage, normalize, Stage};
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::PointerStage;

/// `files`: (revision, repo-relative path, content) of `dvc.lock` and `dvc.yaml` files.
pub fn lock_stages(repo: &Repo, files: &[(String, String, Vec<u8>)]) -> Result<Vec<PointerStage>> {
    let mut out = Vec::new();
    for (rev, rel, bytes) in files.iter().filter(|(_, r, _)| r.ends_with("dvc.lock")) {
        let short = &rev[..rev.len().min(7)];
        let lock = std::str::from_utf8(bytes)
            .map_err(|_| "it is not UTF-8 text".to_string())
            .and_then(Lock::parse)
            .map_err(|e| {
                Error::user(format!("'{rel}' at revision {short} is invalid: {e}"))
                    .with_hint("fix it in a new commit; dvx will not guess what it meant")
            })?;
        let dir_rel = rel.trim_end_matches("dvc.lock");
        let yaml_rel = format!("{dir_rel}dvc.yaml");
        let yaml = files
            .iter()
            .find(|(r, p, _)| r == rev && *p == yaml_rel)
            .or_else(|| files.iter().find(|(_, p, _)| *p == yaml_rel));
        let project = yaml
            .and_then(|(_, _, b)| std::str::from_utf8(b).ok())
            .and_then(|t| {
                let mut none =
                    |_: &str| -> std::result::Result<Option<String>, String> { Ok(None) };
                dvx_formats::pipeline::project::load(t, &yaml_rel, &mut none).ok()
            })
            .unwrap_or_else(Project::default);
        let dir = repo.root.join(dir_rel);
        for (name, entry) in &lock.stages {
            let def = project
                .stages
                .iter()
                .find(|d| d.name == *name)
                .cloned()
                .unwrap_or_else(|| StageDef {
                    name: name.clone(),
                    cmd: dvx_formats::pipeline::Cmd::One(String::new()),
                    wdir: String::new(),
                    deps: Vec::new(),
                    params: Vec::new(),
                    outs: Vec::new(),
                    frozen: false,
                    always_changed: false,
                    desc: None,
                    meta: None,
                });
            let wdir = normalize(&dir.join(&def.wdir));
            let s = Stage {
                def,
                file: 0,
                wdir,
                addressing: name.clone(),
            };
            let mut st = lock_pointer_stage(&s, &format!("{dir_rel}dvc.lock"), entry);
            st.rel = format!("{}@{short}", st.rel);
            if crate::stage::check_inside(repo, &st).is_err() {
                return Err(Error::user(format!(
                    "'{rel}' at revision {short} names an output of stage '{name}' outside the repository; refusing to use it"
                )));
            }
            out.push(st);
        }
    }
    Ok(out)
}
