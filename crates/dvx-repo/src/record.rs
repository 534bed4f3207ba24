//! The workspace side of tracking an output, shared by `add`, `commit`, `repro`, `import` and
//! `remove`/`move`: its `.gitignore` entry, its executable bit, and turning its link to the
//! cache into a writable copy.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use dvx_formats::gitignore;
use dvx_odb::HashKind;

use crate::checkout::link_after_add;
use crate::digest::{Current, Hasher};
use crate::error::{Error, IoContext, Result};
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::Progress;

/// Whether a workspace file has an executable bit (recorded as `isexec`).
pub(crate) fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Adds `/name` to the `.gitignore` beside `path`, unless git ignores it already. Returns the
/// `.gitignore` changed.
pub fn ignore_in_git(repo: &Repo, path: &Path) -> Result<Option<PathBuf>> {
    Ok(ignore_all_in_git(repo, &[path])?.pop().flatten())
}

/// [`ignore_in_git`] of many outputs: git asked once which it ignores already, each
/// `.gitignore` read and written once (an `add` of thousands of files in one directory would
/// otherwise rewrite a growing file per file). Returns, for each path, its `.gitignore`.
pub fn ignore_all_in_git(repo: &Repo, paths: &[&Path]) -> Result<Vec<Option<PathBuf>>> {
    let Some(git) = &repo.scm else {
        return Ok(vec![None; paths.len()]);
    };
    let ignored = git.ignored(paths);
    let mut files: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut changed = Vec::with_capacity(paths.len());
    for (path, ignored) in paths.iter().zip(ignored) {
        if ignored {
            changed.push(None);
            continue;
        }
        let gi = path.parent().unwrap_or(&repo.root).join(".gitignore");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        files
            .entry(gi.clone())
            .or_default()
            .push(gitignore::entry_for(name));
        changed.push(Some(gi));
    }
    let mut writes = Vec::new();
    for (gi, entries) in &files {
        let text = match fs::read_to_string(gi) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io("reading", gi, e)),
        };
        let lines: Vec<&str> = entries.iter().map(String::as_str).collect();
        if let Some(new) = gitignore::with_entries(&text, &lines) {
            writes.push((gi.as_path(), new));
        }
    }
    let writes: Vec<(&Path, &[u8])> = writes.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    repo.worktree.write_many(&writes)?;
    Ok(changed)
}

/// Removes the `.gitignore` line of an output; deletes a `.gitignore` left empty, as DVC does.
pub fn unignore_in_git(repo: &Repo, path: &Path) -> Result<()> {
    if repo.scm.is_none() {
        return Ok(());
    }
    let gi = path.parent().unwrap_or(&repo.root).join(".gitignore");
    let Ok(text) = fs::read_to_string(&gi) else {
        return Ok(());
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let new = gitignore::without_entry(&text, name);
    if new.trim().is_empty() {
        repo.worktree.remove_file(&gi)?;
    } else if new != text {
        repo.worktree.write(&gi, new.as_bytes())?;
    }
    Ok(())
}

/// Makes an output writable in place: a file, or every file of a directory (see
/// [`unprotect_file`]).
pub fn unprotect_output(repo: &Repo, path: &Path) -> Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        for f in crate::walk::walk_dir(path)?.into_iter().flatten() {
            unprotect_file(repo, &path.join(&f.relpath))?;
        }
        Ok(())
    } else {
        unprotect_file(repo, path)
    }
}

/// Makes a linked or read-only workspace file a writable copy of its content, in place.
pub(crate) fn unprotect_file(repo: &Repo, p: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(p).ctx("reading metadata of", p)?;
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::fs::PermissionsExt;
    if meta.file_type().is_symlink() || meta.nlink() > 1 || meta.permissions().mode() & 0o200 == 0 {
        // copy the content to a new writable file and put it in place atomically
        repo.worktree.allow(p, "write")?;
        let dir = p.parent().unwrap_or(Path::new("."));
        let tmp = dvx_odb::odb::tmp_name(dir);
        let r = fs::copy(p, &tmp)
            .ctx("copying", p)
            .and_then(|_| {
                fs::set_permissions(&tmp, fs::Permissions::from_mode(0o644))
                    .ctx("setting permissions of", &tmp)
            })
            .and_then(|_| fs::rename(&tmp, p).ctx("replacing", p));
        if r.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        r?;
    }
    Ok(())
}

/// Records the current content of the pointer files' outputs (stored in the cache and linked
/// back, as DVC), for `commit` and for `repro` verifying a pipeline's data sources. An output
/// whose recorded content changed is only recorded with `force` or when `confirm` (asked with
/// the pointer file's name) says yes. Returns the pointer files rewritten.
pub fn commit_pointer_stages(
    repo: &Repo,
    stages: Vec<TrackedStage>,
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    let mut written = Vec::new();
    let odb = repo.odb()?;
    let link_types = repo.link_types()?;
    let state = repo.state();
    let reader = &state.reader;
    let mut records = Vec::new();
    for mut st in stages {
        stage::check_inside(repo, &st)?;
        let mut changed = false;
        let mut updates = Vec::new();
        for (i, out) in st.pointer.outs.iter().enumerate() {
            if !st.options(i).cache {
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
                save_early: Some(&state),
            };
            let (current, recs) = hasher.output(&path)?;
            records.extend(recs);
            current.warn_if_changed(&repo.rel(&path), progress);
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
            // as DVC: the workspace is linked from the cache again (with a hardlink or
            // symlink cache, an edited file becomes a read-only link to its new object)
            link_after_add(
                &repo.worktree,
                &odb,
                &st.out_path(i),
                &current,
                HashKind::Md5,
                &link_types,
            )?;
            let out = &mut st.pointer.outs[i];
            let before = out.clone();
            current.record_in(out); // missing content was refused above
            touched |= *out != before;
        }
        if touched {
            st.save(repo)?;
            written.push(st.rel.clone());
        }
    }
    state.save(&records);
    Ok(written)
}
