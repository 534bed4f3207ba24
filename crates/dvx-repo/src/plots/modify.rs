//! `plots modify`: a stage output's display properties set or unset in `dvc.yaml`; an output
//! with properties is listed under the stage's `plots`, one without under `outs`.

use std::path::Path;

use dvx_formats::pipeline::{
    set_stage_outputs, stage_text_interpolates, OutDef, OutKind, OUTPUT_FLAGS,
};
use dvx_formats::yaml::Value;

use super::collect::Props;
use super::templates::{Template, TemplateError};
use crate::error::{Error, IoContext, Result};
use crate::fsutil::absolutize;
use crate::pipeline::Pipelines;
use crate::transaction::Transaction;

/// The stage that was written back, for DVC's "Modifying stage" line.
pub struct Modified {
    pub stage: String,
    pub dvc_yaml: String,
}

/// Sets `props` on the plot output `target` and removes the properties named in `unset`.
pub fn modify(
    tx: &Transaction,
    cwd: &Path,
    target: &str,
    props: &Props,
    unset: Option<&[String]>,
) -> Result<Modified> {
    let repo: &crate::repo::Repo = tx;
    if let Some(t) = props.get("template").and_then(|t| t.as_str()) {
        Template::get(Some(t), Some(&super::templates_dir(repo)), cwd).map_err(|e| match e {
            TemplateError::NotFound(_) => Error::user(e.to_string()).with_hint(format!(
                "use a template of .dvc/plots, a path, or one of: {}",
                super::templates::names().collect::<Vec<_>>().join(", ")
            )),
            TemplateError::Bad(m) => Error::user(m),
        })?;
    }
    let abs = crate::pipeline::normalize(&absolutize(cwd, Path::new(target)));
    let pipelines = Pipelines::load(repo)?;
    let found = pipelines.stages.iter().enumerate().find_map(|(si, st)| {
        st.def
            .outs
            .iter()
            .position(|o| st.out_path(o) == abs)
            .map(|oi| (si, oi))
    });
    let Some((si, oi)) = found else {
        return Err(
            Error::user(format!("Unable to find DVC file with output '{target}'"))
                .with_hint("name an output of a stage in dvc.yaml"),
        );
    };
    let stage = &pipelines.stages[si];
    let name = stage.def.name.clone();
    let file = &pipelines.files[stage.file].path;
    // read under the transaction's lock: nobody else writes it meanwhile
    let text = std::fs::read_to_string(file).ctx("reading", file)?;
    if name.contains('@') || stage_text_interpolates(&text, &name) {
        return Err(Error::user(format!(
            "cannot modify a parametrized stage: '{name}'"
        )));
    }
    let mut outs: Vec<OutDef> = stage.def.outs.clone();
    let out = &mut outs[oi];
    let is_plot = out.kind == OutKind::Plot;
    let mut plot: Vec<(String, Value)> = out
        .flags
        .iter()
        .filter(|(k, _)| !OUTPUT_FLAGS.contains(&k.as_str()))
        .cloned()
        .collect();
    if let Some(unset) = unset {
        if !is_plot {
            return Err(Error::user(format!(
                "'{}' is not a known plot. Use `dvc plots modify` to turn it into one.",
                out.path
            )));
        }
        let missing: Vec<&String> = unset
            .iter()
            .filter(|u| !plot.iter().any(|(k, _)| k == *u))
            .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .map(|m| dvx_formats::pyjson::repr_str(m))
                .collect();
            return Err(Error::user(format!(
                "display properties [{}] not found in plot '{}'",
                list.join(", "),
                out.path
            )));
        }
        plot.retain(|(k, _)| !unset.contains(k));
    }
    for (k, v) in props {
        let v = super::data::from_json(v);
        match plot.iter_mut().find(|(pk, _)| pk == k) {
            Some(slot) => slot.1 = v,
            None => plot.push((k.clone(), v)),
        }
    }
    out.kind = OutKind::Plot;
    out.flags
        .retain(|(k, _)| OUTPUT_FLAGS.contains(&k.as_str()));
    out.flags.extend(plot);
    outs.sort_by(|a, b| a.path.cmp(&b.path));
    let lists: Vec<(&str, Vec<Value>)> = [
        ("outs", OutKind::Out),
        ("metrics", OutKind::Metric),
        ("plots", OutKind::Plot),
    ]
    .into_iter()
    .map(|(key, kind)| {
        (
            key,
            outs.iter()
                .filter(|o| o.kind == kind)
                .map(dvx_formats::pipeline::out_value)
                .collect(),
        )
    })
    .collect();
    let new = set_stage_outputs(&text, &name, &lists).ok_or_else(|| {
        Error::user(format!(
            "cannot find stage '{name}' in the text of '{}' to modify it",
            repo.rel(file)
        ))
        .with_hint("edit the file by hand")
    })?;
    if new != text {
        repo.worktree.write(file, new.as_bytes())?;
    }
    Ok(Modified {
        stage: name,
        dvc_yaml: repo.rel(file),
    })
}
