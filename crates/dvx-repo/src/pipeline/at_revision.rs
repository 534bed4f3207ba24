//! Pipeline outputs recorded at git revisions (for gc, push/fetch -a/-T/-A, diff): each
//! revision's `dvc.yaml` files resolved with that revision's params and vars files, read from
//! git objects, and the outputs their `dvc.lock` records.

use super::compare::View;
use super::{lock_pointer_stage, normalize, Stage};
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::PointerStage;

/// The outputs the `dvc.lock` files of each revision record (each distinct lock entry once).
pub fn lock_stages(repo: &Repo, revs: &[String]) -> Result<Vec<PointerStage>> {
    let mut out: Vec<PointerStage> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rev in revs {
        let short = &rev[..rev.len().min(7)];
        let view = View::open(repo, rev)?;
        let projects = view.projects().map_err(|e| {
            Error::user(format!(
                "a pipeline at revision {short} is invalid: {}",
                e.message
            ))
            .with_hint("fix it in a new commit; dvx will not guess what it meant")
        })?;
        for (dir, project, lock) in projects {
            let dvcfile = format!("{dir}dvc.lock");
            // every stage of dvc.yaml, with what its lock entry records (a lock entry whose
            // stage is gone records nothing in use, as for DVC)
            for def in &project.stages {
                let name = &def.name;
                let entry = lock.get(name);
                let s = Stage {
                    def: def.clone(),
                    file: 0,
                    wdir: normalize(&repo.root.join(&dir).join(&def.wdir)),
                    addressing: name.clone(),
                };
                let mut st = lock_pointer_stage(&s, &dvcfile, entry);
                if crate::stage::check_inside(repo, &st).is_err() {
                    return Err(Error::user(format!(
                        "'{dvcfile}' at revision {short} names an output of stage '{name}' outside the repository; refusing to use it"
                    )));
                }
                let key: Vec<(String, Option<String>)> = st
                    .pointer
                    .outs
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (repo.rel(&st.out_path(i)), o.oid.map(|x| x.to_string())))
                    .collect();
                if seen.insert(key) {
                    st.rel = format!("{}@{short}", st.rel);
                    out.push(st);
                }
            }
        }
    }
    Ok(out)
}
