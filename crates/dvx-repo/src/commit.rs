//! `commit`: record the current content of tracked outputs in their pointer files.

use std::path::Path;

use dvx_odb::HashKind;

use crate::digest::{Current, Hasher};
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage;
use crate::Progress;

/// Commits the outputs of the selected pointer files. An output whose content changed is only
/// recorded with `force` or when `confirm` (asked with the pointer file's name) says yes, as DVC.
/// Returns the pointer files rewritten.
pub fn commit(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    let stages = stage::select(repo, cwd, targets)?;
    let odb = repo.odb()?;
    let state = repo.state();
    let reader = &state.reader;
    let mut records = Vec::new();
    let mut written = Vec::new();
    for mut st in stages {
        stage::check_inside(repo, &st)?;
        let mut changed = false;
        let mut updates = Vec::new();
        for (i, out) in st.pointer.outs.iter().enumerate() {
            if !out.use_cache() {
                continue;
            }
            let path = st.out_path(i);
            if out.is_legacy() {
                // A DVC 2.x entry whose content is unchanged is upgraded without asking.
                let (cur, recs) = Hasher::checking(out, reader, progress).output(&path)?;
                records.extend(recs);
                if cur.oid() != out.oid {
                    changed = true;
                }
            }
            let hasher = Hasher {
                state: reader,
                kind: HashKind::Md5,
                store: Some(&odb),
                progress,
            };
            let (current, recs) = hasher.output(&path)?;
            records.extend(recs);
            if matches!(current, Current::Missing) {
                return Err(Error::user(format!(
                    "output '{}' of '{}' does not exist",
                    repo.rel(&path),
                    st.rel
                ))
                .with_hint(
                    "restore it with `dvx checkout`, or remove the pointer with `dvx remove`",
                ));
            }
            if !out.is_legacy() && out.oid.is_some() && current.oid() != out.oid {
                changed = true;
            }
            updates.push((i, current));
        }
        if changed && !force && !confirm(&st.rel) {
            return Err(Error::user(format!(
                "unable to commit changed pointer file '{}'",
                st.rel
            ))
            .with_hint("use -f/--force to record the new content"));
        }
        let mut touched = false;
        for (i, current) in updates {
            let out = &mut st.pointer.outs[i];
            let before = out.clone();
            match current {
                Current::File { oid, size } => {
                    out.oid = Some(oid);
                    out.size = Some(size);
                    out.nfiles = None;
                }
                Current::Dir {
                    oid,
                    manifest,
                    size,
                    ..
                } => {
                    out.oid = Some(oid);
                    out.size = Some(size);
                    out.nfiles = Some(manifest.entries.len() as u64);
                }
                Current::Missing => continue, // refused above
            }
            out.hash = Some("md5".into());
            touched |= *out != before;
        }
        if touched {
            st.save()?;
            written.push(st.rel.clone());
        }
    }
    state.save(&records);
    Ok(written)
}
