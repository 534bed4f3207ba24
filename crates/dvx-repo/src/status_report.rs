//! What `status` shows: the changes of pointer files' outputs (with "update available" for
//! imports whose source moved on) and of pipeline stages, merged into one list ordered by the
//! file that defines each, as DVC lists them. A library type, so that a web view shows what the
//! command prints.

use std::path::Path;

use crate::error::Result;
use crate::stage_lock::status::{pipelines_status, DepChange};
use crate::status::{stages_status, StatusOptions};
use crate::transaction::Transaction;
use crate::Progress;

/// One stage's (or pointer file's) changes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct StatusEntry {
    /// The file it is defined in (its order in the list).
    pub file: String,
    /// The pointer file, or the stage's addressing (`dvc.yaml:name`, or `name`).
    pub name: String,
    pub deps: Vec<(String, DepChange)>,
    pub outs: Vec<(String, &'static str)>,
    /// `always changed`, `changed command`.
    pub flags: Vec<&'static str>,
}

/// The changes of the repository (or of the targets).
#[derive(Debug, Default, Clone)]
pub struct StatusReport {
    pub entries: Vec<StatusEntry>,
    /// Nothing tracked at all: no pointer file, no pipeline (and no targets asked for).
    pub tracks_nothing: bool,
    /// Frozen stages (their dependencies are not looked at), imports whose source could not
    /// be asked about updates (with why).
    pub warnings: Vec<String>,
}

pub fn status_report(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    progress: &dyn Progress,
) -> Result<StatusReport> {
    // one walk finds the pointer files and the pipelines for both halves
    let (pointers, pipelines) = crate::index::load_with_pipelines(tx)?;
    // With no targets every pointer file is looked at: first, so that a stage depending on
    // an output found unchanged need not walk it again (as `repro` does).
    let early = match targets.is_empty() && !pointers.is_empty() {
        true => Some(stages_status(
            tx,
            &pointers,
            &StatusOptions::default(),
            progress,
        )?),
        false => None,
    };
    let mut verified = std::collections::HashMap::new();
    if let Some(all) = &early {
        let by_rel: std::collections::HashMap<&str, _> =
            pointers.iter().map(|st| (st.rel.as_str(), st)).collect();
        // a pointer file's statuses are listed together
        for own in all.chunk_by(|a, b| a.stage == b.stage) {
            if let Some(st) = by_rel.get(own[0].stage.as_str()) {
                verified.extend(crate::status::unchanged_outputs(st, own)?);
            }
        }
    }
    let (pipeline_changes, pointer_targets, has_pipelines) = pipelines_status(
        tx,
        cwd,
        targets,
        (&pointers, &pipelines),
        verified,
        progress,
    )?;
    let mut warnings = Vec::new();
    // DVC says so of every frozen stage it looks at (but repository imports)
    let frozen = |name: &str| {
        format!("stage: '{name}' is frozen. Its dependencies are not going to be shown in the status output.")
    };
    if targets.is_empty() {
        for s in pipelines.stages.iter().filter(|s| s.def.frozen) {
            warnings.push(frozen(&s.addressing));
        }
    }
    let stages = if !targets.is_empty() && pointer_targets.is_empty() {
        Vec::new()
    } else {
        crate::stage::select_from(tx, cwd, &pointer_targets, pointers)?
    };
    let versioned = |st: &crate::stage::TrackedStage| {
        st.pointer
            .url_dep()
            .is_some_and(|(_, d)| dvx_formats::import::is_versioned_import(&d))
    };
    for st in &stages {
        if st.pointer.is_frozen()
            && !matches!(st.pointer.import_dep(), Ok(Some(_)))
            && !versioned(st)
        {
            warnings.push(frozen(&st.rel));
        }
    }
    let all = match early {
        Some(all) => all,
        None if stages.is_empty() => Vec::new(),
        None => stages_status(tx, &stages, &StatusOptions::default(), progress)?,
    };
    let mut updates = Vec::new();
    let imports = all
        .iter()
        .filter_map(|s| s.import.as_ref().map(|d| (s.stage.as_str(), d)));
    for u in crate::external::import_updates(tx, cwd, imports) {
        match u.available {
            Ok(true) => updates.push((u.stage, u.dep)),
            Ok(false) => {}
            Err(e) => warnings.push(format!("cannot check '{}' for updates: {e}", u.stage)),
        }
    }
    // URL imports that follow their source's versions: their source looked at
    let mut source_changes: Vec<(String, String, &'static str)> = Vec::new();
    for st in stages.iter().filter(|st| versioned(st)) {
        match crate::url_source::versioned_import_status(tx, st) {
            Ok(Some(label)) => {
                let dep = st.pointer.url_dep().map(|(p, _)| p).unwrap_or_default();
                source_changes.push((st.rel.clone(), dep, label));
            }
            Ok(None) => {}
            Err(e) => warnings.push(format!("cannot check '{}' for updates: {e}", st.rel)),
        }
    }
    let mut entries: Vec<StatusEntry> = Vec::new();
    fn slot(entries: &mut Vec<StatusEntry>, stage: &str) -> usize {
        match entries.iter().position(|e| e.name == stage) {
            Some(i) => i,
            None => {
                entries.push(StatusEntry {
                    file: stage.to_string(),
                    name: stage.to_string(),
                    ..Default::default()
                });
                entries.len() - 1
            }
        }
    }
    for (stage, dep, label) in source_changes {
        let i = slot(&mut entries, &stage);
        entries[i].deps.push((dep, DepChange::Path(label)));
    }
    for s in &all {
        if let Some((_, dep)) = updates.iter().find(|(st, _)| *st == s.stage) {
            let i = slot(&mut entries, &s.stage);
            if entries[i].deps.is_empty() {
                entries[i]
                    .deps
                    .push((dep.clone(), DepChange::Path("update available")));
            }
        }
        if let Some(state) = s.state {
            let i = slot(&mut entries, &s.stage);
            entries[i].outs.push((s.out.clone(), state.label()));
        }
    }
    // an import's recorded stage md5 that is not its content's (or none: `import-url --no-exec`)
    for st in &stages {
        let is_import =
            st.pointer.url_dep().is_some() || matches!(st.pointer.import_dep(), Ok(Some(_)));
        let recorded = st
            .pointer
            .other
            .iter()
            .find(|(k, _)| k == "md5")
            .and_then(|(_, v)| v.as_text());
        if is_import && recorded.as_deref() != Some(st.pointer.stage_md5().as_str()) {
            let i = slot(&mut entries, &st.rel);
            entries[i].flags.push("changed checksum");
        }
    }
    for st in pipeline_changes {
        let file = match st.addressing.rsplit_once(':') {
            Some((f, _)) => f.to_string(),
            None => "dvc.yaml".to_string(),
        };
        let mut flags = Vec::new();
        if st.always_changed {
            flags.push("always changed");
        }
        if st.cmd_changed {
            flags.push("changed command");
        }
        entries.push(StatusEntry {
            file,
            name: st.addressing,
            deps: st.deps,
            outs: st.outs,
            flags,
        });
    }
    entries.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(StatusReport {
        tracks_nothing: all.is_empty() && !has_pipelines && targets.is_empty(),
        entries,
        warnings,
    })
}
