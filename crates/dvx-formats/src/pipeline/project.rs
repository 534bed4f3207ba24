//! `dvc.yaml`: stages (with `vars`, `${}`, `foreach`/`do` and `matrix` resolved) and the
//! top-level `params`, `metrics` and `plots`.

use super::error::PipelineError;
use super::interpolate::{is_interpolated, Context};
use super::params;
use crate::yaml::Value;

type Entries = Vec<(String, Value)>;

/// The default parameters file, loaded as variables and used by params without a file.
pub const DEFAULT_PARAMS_FILE: &str = "params.yaml";

/// A stage's command: one line, or a list run one after the other.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    One(String),
    Many(Vec<String>),
}

impl Cmd {
    /// The commands to run, one per line, as DVC splits them.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Cmd::One(s) => s.lines().map(str::to_string).collect(),
            Cmd::Many(v) => v.clone(),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Cmd::One(s) => Value::Str(s.clone()),
            Cmd::Many(v) => Value::Seq(v.iter().cloned().map(Value::Str).collect()),
        }
    }
}

/// Which list of the stage an output was declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutKind {
    Out,
    Metric,
    Plot,
}

/// One output of a stage, its path relative to the stage's working directory.
#[derive(Debug, Clone, PartialEq)]
pub struct OutDef {
    pub path: String,
    pub kind: OutKind,
    pub cache: bool,
    pub persist: bool,
    pub remote: Option<String>,
    pub push: bool,
    /// Every flag as written (`cache`, `persist`, `desc`, plot properties, ...), in order.
    pub flags: Vec<(String, Value)>,
}

/// A params dependency: keys of one file (all top-level keys when `keys` is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsDep {
    pub file: String,
    pub keys: Vec<String>,
}

/// A resolved stage of a `dvc.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct StageDef {
    pub name: String,
    pub cmd: Cmd,
    /// The working directory relative to the `dvc.yaml`'s directory (`""` for the same).
    pub wdir: String,
    pub deps: Vec<String>,
    pub params: Vec<ParamsDep>,
    pub outs: Vec<OutDef>,
    pub frozen: bool,
    pub always_changed: bool,
    pub desc: Option<String>,
    pub meta: Option<Value>,
    /// The variables its `${}` took from files (`vars` files, `params.yaml`): by file as
    /// `vars` names it, each variable's dotted path and value, as DVC tracks them for
    /// `params show/diff`.
    pub tracked_vars: Vec<(String, Vec<(String, Value)>)>,
}

/// A `dvc.yaml` with its stages resolved.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub stages: Vec<StageDef>,
    pub params: Vec<String>,
    pub metrics: Vec<String>,
    pub plots: Vec<Value>,
}

const STAGE_KEYS: &[&str] = &[
    "cmd",
    "wdir",
    "deps",
    "params",
    "outs",
    "metrics",
    "plots",
    "frozen",
    "always_changed",
    "desc",
    "meta",
    "vars",
];
const OUT_FLAGS: &[&str] = &[
    "cache", "persist", "remote", "push", "desc", "type", "labels",
];
const TOP_KEYS: &[&str] = &[
    "stages",
    "vars",
    "params",
    "metrics",
    "plots",
    "artifacts",
    "datasets",
];

/// Reads a file relative to the `dvc.yaml`'s directory: `Ok(None)` when it does not exist.
pub type ReadFile<'a> = dyn FnMut(&str) -> Result<Option<String>, String> + 'a;

/// Parses and resolves a `dvc.yaml`. `relpath` names the file in errors; `read` loads
/// `params.yaml` and `vars` files.
pub fn load(text: &str, relpath: &str, read: &mut ReadFile) -> Result<Project, PipelineError> {
    let fail = |msg: String| PipelineError::Schema(format!("'{relpath}' is invalid: {msg}"));
    let docs = crate::yaml::load(text)
        .map_err(|msg| PipelineError::Syntax(format!("'{relpath}' is invalid: {msg}")))?;
    let top = match docs.into_iter().next() {
        None | Some(yaml_rust2::Yaml::Null) => return Ok(Project::default()),
        Some(y) => Value::from_yaml(&y),
    };
    let Value::Map(top) = top else {
        return Err(fail("expected a mapping at the top level".into()));
    };
    for (k, _) in &top {
        if !TOP_KEYS.contains(&k.as_str()) {
            return Err(fail(format!("unknown top-level key '{k}'")));
        }
    }
    let get = |k: &str| top.iter().find(|(key, _)| key == k).map(|(_, v)| v);

    let mut ctx = Context::default();
    let vars_error = |e: String| {
        PipelineError::Interpolation(format!("failed to parse 'vars' in '{relpath}': {e}"))
    };
    if let Some(t) = read(DEFAULT_PARAMS_FILE).map_err(PipelineError::File)? {
        let p = params::parse(DEFAULT_PARAMS_FILE, &t).map_err(|e| {
            PipelineError::File(format!(
                "unable to read parameters from '{DEFAULT_PARAMS_FILE}': {e}"
            ))
        })?;
        ctx.merge(&p, DEFAULT_PARAMS_FILE).map_err(vars_error)?;
    }
    if let Some(vars) = get("vars") {
        load_vars(&mut ctx, vars, "", read).map_err(vars_error)?;
    }

    let mut project = Project::default();
    match get("stages") {
        None | Some(Value::Null) => {}
        Some(Value::Map(stages)) => {
            for (name, def) in stages {
                let Value::Map(def) = def else {
                    return Err(fail(format!("stage '{name}' is not a mapping")));
                };
                resolve_definition(&ctx, name, def, relpath, read, &mut project.stages)?;
            }
        }
        Some(_) => return Err(fail("'stages' must be a mapping".into())),
    }
    for (key, list) in [
        ("params", &mut project.params),
        ("metrics", &mut project.metrics),
    ] {
        if let Some(Value::Seq(items)) = get(key) {
            for (i, item) in items.iter().enumerate() {
                match ctx.resolve(item, key) {
                    Ok(Value::Str(s)) => list.push(s),
                    Ok(_) => return Err(fail(format!("'{key}[{i}]' must be a path"))),
                    Err(e) => {
                        return Err(PipelineError::Interpolation(format!(
                            "failed to parse '{key}.{i}' in '{relpath}': {e}"
                        )))
                    }
                }
            }
        }
    }
    if let Some(Value::Seq(items)) = get("plots") {
        for (i, item) in items.iter().enumerate() {
            let v = ctx.resolve(item, "plots").map_err(|e| {
                PipelineError::Interpolation(format!(
                    "failed to parse 'plots.{i}' in '{relpath}': {e}"
                ))
            })?;
            check_plot(&v).map_err(|m| fail(format!("plots -> {i}: {m}")))?;
            project.plots.push(v);
        }
    }
    Ok(project)
}

/// A top-level plot: a path, or ids with DVC's display properties (as DVC's schema has them).
fn check_plot(v: &Value) -> Result<(), String> {
    let text = |v: &Value| matches!(v, Value::Str(_));
    let texts = |v: &Value| text(v) || matches!(v, Value::Seq(l) if l.iter().all(text));
    match v {
        Value::Str(_) => Ok(()),
        Value::Map(ids) => {
            for (id, props) in ids {
                let props = match props {
                    Value::Null => continue,
                    Value::Map(p) => p,
                    _ => return Err(format!("'{id}' is not a mapping of display properties")),
                };
                for (k, p) in props {
                    let ok = match k.as_str() {
                        "x" => {
                            text(p) || matches!(p, Value::Map(m) if m.iter().all(|(_, f)| text(f)))
                        }
                        "y" => {
                            texts(p)
                                || matches!(p, Value::Map(m) if m.iter().all(|(_, f)| texts(f)))
                        }
                        "x_label" | "y_label" | "title" | "template" => text(p),
                        _ => return Err(format!("extra keys not allowed: '{id}' -> '{k}'")),
                    };
                    if !ok {
                        return Err(format!("'{id}' -> '{k}' has the wrong type"));
                    }
                }
            }
            Ok(())
        }
        _ => Err("a plot is a path or a mapping of plot ids".into()),
    }
}

fn load_vars(
    ctx: &mut Context,
    vars: &Value,
    stage: &str,
    read: &mut ReadFile,
) -> Result<(), String> {
    let Value::Seq(items) = vars else {
        return Err("'vars' must be a list".into());
    };
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(spec) => {
                if is_interpolated(spec) {
                    return Err(format!("interpolating is not allowed in 'vars' ('{spec}')"));
                }
                let (file, keys) = match spec.split_once(':') {
                    Some((f, k)) => (f, k.split(',').map(str::trim).collect::<Vec<_>>()),
                    None => (spec.as_str(), Vec::new()),
                };
                let text = read(file)?.ok_or_else(|| format!("'{file}' does not exist"))?;
                let all = params::parse(file, &text)
                    .map_err(|e| format!("unable to read '{file}': {e}"))?;
                let v = if keys.is_empty() {
                    all
                } else {
                    let mut picked = Vec::new();
                    for k in keys {
                        let v = params::select(&all, k)
                            .ok_or_else(|| format!("could not find '{k}' in '{file}'"))?;
                        picked.push((k.to_string(), v.clone()));
                    }
                    Value::Map(picked)
                };
                ctx.merge(&v, file)?;
            }
            Value::Map(_) => {
                let joiner = if stage.is_empty() { "" } else { "." };
                ctx.merge(
                    &params::normalize(item.clone()),
                    &format!("{stage}{joiner}vars[{i}]"),
                )?;
            }
            _ => return Err(format!("'vars[{i}]' must be a file name or a mapping")),
        }
    }
    Ok(())
}

fn resolve_definition(
    ctx: &Context,
    name: &str,
    def: &[(String, Value)],
    relpath: &str,
    read: &mut ReadFile,
    out: &mut Vec<StageDef>,
) -> Result<(), PipelineError> {
    let interpolation = PipelineError::Interpolation;
    let get = |k: &str| def.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    if let Some(matrix) = get("matrix") {
        let template: Vec<(String, Value)> =
            def.iter().filter(|(k, _)| k != "matrix").cloned().collect();
        let data = ctx
            .resolve(matrix, "matrix")
            .map_err(|e| format!("failed to parse 'stages.{name}.matrix' in '{relpath}': {e}"))
            .map_err(interpolation)?;
        let Value::Map(dims) = data else {
            return Err(interpolation(format!(
                "failed to resolve 'stages.{name}.matrix' in '{relpath}': expected a dictionary"
            )));
        };
        let mut count = 1usize;
        for (dim, values) in &dims {
            let Value::Seq(values) = values else {
                return Err(interpolation(format!(
                    "failed to resolve 'stages.{name}.matrix.{dim}' in '{relpath}': expected a list"
                )));
            };
            count = count.saturating_mul(values.len());
        }
        check_stage_count(out.len(), count, name, relpath)?;
        // each combination: its name fragments and its `item` mapping
        let mut combos: Vec<(Vec<String>, Entries)> = vec![(Vec::new(), Vec::new())];
        for (dim, values) in &dims {
            let Value::Seq(values) = values else {
                unreachable!("checked above")
            };
            let mut next = Vec::new();
            for (frags, item) in &combos {
                for (i, v) in values.iter().enumerate() {
                    let mut f = frags.clone();
                    f.push(if matches!(v, Value::Map(_) | Value::Seq(_)) {
                        format!("{dim}{i}")
                    } else {
                        params::py_str(v)
                    });
                    let mut it = item.clone();
                    it.push((dim.clone(), v.clone()));
                    next.push((f, it));
                }
            }
            combos = next;
        }
        let mut c = ctx.clone();
        for (frags, item) in combos {
            let key = frags.join("-");
            c.set("key", Value::Str(key.clone()));
            c.set("item", Value::Map(item));
            out.push(resolve_stage(
                &c,
                &format!("{name}@{key}"),
                &template,
                relpath,
                read,
            )?);
        }
        return Ok(());
    }
    if let Some(foreach) = get("foreach") {
        let Some(Value::Map(template)) = get("do") else {
            return Err(PipelineError::Schema(format!(
                "'{relpath}' is invalid: stage '{name}' has 'foreach' without a 'do' mapping"
            )));
        };
        let data = ctx
            .resolve(foreach, "foreach")
            .map_err(|e| format!("failed to parse 'stages.{name}.foreach' in '{relpath}': {e}"))
            .map_err(interpolation)?;
        let members: Vec<(String, Value, bool)> = match &data {
            Value::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone(), true)).collect(),
            Value::Seq(items) => {
                let composite = items.iter().any(|v| matches!(v, Value::Map(_) | Value::Seq(_)));
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let key = if composite { i.to_string() } else { params::py_str(v) };
                        (key, v.clone(), false)
                    })
                    .collect()
            }
            other => {
                return Err(interpolation(format!(
                    "failed to resolve 'stages.{name}.foreach' in '{relpath}': expected list/dictionary, got {}",
                    type_name(other)
                )))
            }
        };
        check_stage_count(out.len(), members.len(), name, relpath)?;
        let mut c = ctx.clone();
        for (key, value, with_key) in members {
            c.set("item", value);
            if with_key {
                c.set("key", Value::Str(key.clone()));
            }
            out.push(resolve_stage(
                &c,
                &format!("{name}@{key}"),
                template,
                relpath,
                read,
            )?);
        }
        return Ok(());
    }
    check_stage_count(out.len(), 1, name, relpath)?;
    out.push(resolve_stage(ctx, name, def, relpath, read)?);
    Ok(())
}

/// The most stages one `dvc.yaml` may define, `foreach` and `matrix` expansions included:
/// a definition that would go over is refused before any stage is generated.
pub const MAX_STAGES: usize = 10_000;

fn check_stage_count(
    have: usize,
    more: usize,
    name: &str,
    relpath: &str,
) -> Result<(), PipelineError> {
    if have.saturating_add(more) > MAX_STAGES {
        return Err(PipelineError::TooManyStages {
            limit: MAX_STAGES,
            file: relpath.to_string(),
            stage: name.to_string(),
            generates: more,
        });
    }
    Ok(())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Seq(_) => "list",
        Value::Map(_) => "dict",
    }
}

fn resolve_stage(
    ctx: &Context,
    name: &str,
    def: &[(String, Value)],
    relpath: &str,
    read: &mut ReadFile,
) -> Result<StageDef, PipelineError> {
    let invalid = |msg: String| {
        PipelineError::Schema(format!("'{relpath}' is invalid: stage '{name}': {msg}"))
    };
    let interpolation = PipelineError::Interpolation;
    for (k, _) in def {
        if !STAGE_KEYS.contains(&k.as_str()) {
            return Err(invalid(format!("unknown key '{k}'")));
        }
    }
    let mut ctx = ctx.clone();
    if let Some((_, vars)) = def.iter().find(|(k, _)| k == "vars") {
        load_vars(&mut ctx, vars, &format!("stages.{name}"), read)
            .map_err(|e| format!("failed to parse 'stages.{name}.vars' in '{relpath}': {e}"))
            .map_err(interpolation)?;
    }
    let mut resolved: Vec<(String, Value)> = Vec::new();
    // only what this stage's own keys use is tracked
    ctx.take_tracked();
    for (k, v) in def {
        if k == "vars" {
            continue;
        }
        let r = ctx
            .resolve(v, k)
            .map_err(|e| format!("failed to parse 'stages.{name}.{k}' in '{relpath}': {e}"))
            .map_err(interpolation)?;
        resolved.push((k.clone(), r));
    }
    let get = |k: &str| resolved.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let cmd = match get("cmd") {
        Some(Value::Str(s)) if !s.is_empty() => Cmd::One(s.clone()),
        Some(Value::Seq(items)) if !items.is_empty() => Cmd::Many(
            items
                .iter()
                .map(|i| {
                    i.as_text()
                        .ok_or_else(|| invalid("'cmd' items must be strings".into()))
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(v @ (Value::Int(_) | Value::Float(_) | Value::Bool(_))) => {
            Cmd::One(v.as_text().unwrap_or_default())
        }
        _ => return Err(invalid("'cmd' is missing or empty".into())),
    };
    let strings = |k: &str| -> Result<Vec<String>, PipelineError> {
        match get(k) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Seq(items)) => items
                .iter()
                .map(|i| match i {
                    Value::Str(s) => Ok(s.clone()),
                    other => other
                        .as_text()
                        .ok_or_else(|| invalid(format!("'{k}' entries must be paths"))),
                })
                .collect(),
            Some(_) => Err(invalid(format!("'{k}' must be a list"))),
        }
    };
    let flag = |k: &str| -> Result<bool, PipelineError> {
        match get(k) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(invalid(format!("'{k}' must be true or false"))),
        }
    };
    let mut outs = Vec::new();
    for (key, kind) in [
        ("outs", OutKind::Out),
        ("metrics", OutKind::Metric),
        ("plots", OutKind::Plot),
    ] {
        match get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Seq(items)) => {
                for item in items {
                    outs.push(out_def(item, kind).map_err(|e| invalid(format!("'{key}': {e}")))?);
                }
            }
            Some(_) => return Err(invalid(format!("'{key}' must be a list"))),
        }
    }
    let wdir = match get("wdir") {
        None | Some(Value::Null) => String::new(),
        Some(v) => {
            let w = v.as_text().unwrap_or_default();
            if w == "." {
                String::new()
            } else {
                w.trim_end_matches('/').to_string()
            }
        }
    };
    Ok(StageDef {
        name: name.to_string(),
        cmd,
        wdir,
        deps: strings("deps")?,
        params: params_deps(get("params")).map_err(invalid)?,
        outs,
        frozen: flag("frozen")?,
        always_changed: flag("always_changed")?,
        desc: get("desc").and_then(Value::as_text),
        meta: get("meta").cloned(),
        tracked_vars: ctx.take_tracked(),
    })
}

fn out_def(item: &Value, kind: OutKind) -> Result<OutDef, String> {
    let (path, flags) = match item {
        Value::Str(s) => (s.clone(), Vec::new()),
        Value::Map(m) if m.len() == 1 => {
            let (p, f) = &m[0];
            let flags = match f {
                Value::Map(f) => f.clone(),
                Value::Null => Vec::new(),
                _ => return Err(format!("the flags of '{p}' must be a mapping")),
            };
            (p.clone(), flags)
        }
        _ => return Err("each entry is a path or {path: {flags}}".into()),
    };
    if path.is_empty() {
        return Err("an empty path".into());
    }
    let mut out = OutDef {
        path,
        kind,
        cache: kind == OutKind::Out || kind == OutKind::Plot || kind == OutKind::Metric,
        persist: false,
        remote: None,
        push: true,
        flags: flags.clone(),
    };
    for (k, v) in &flags {
        match (k.as_str(), v) {
            ("cache", Value::Bool(b)) => out.cache = *b,
            ("persist", Value::Bool(b)) => out.persist = *b,
            ("push", Value::Bool(b)) => out.push = *b,
            ("remote", Value::Str(r)) => out.remote = Some(r.clone()),
            (k, _) if OUT_FLAGS.contains(&k) || kind == OutKind::Plot => {}
            (k, _) => return Err(format!("unknown flag '{k}' of '{}'", out.path)),
        }
    }
    Ok(out)
}

/// DVC's `_merge_params`: plain strings are keys of `params.yaml`; `{file: [keys]}` adds keys of
/// another file; `{file: null}` tracks a whole file (and wins over keys of it).
fn params_deps(v: Option<&Value>) -> Result<Vec<ParamsDep>, String> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Seq(items)) => items,
        Some(_) => return Err("'params' must be a list".into()),
    };
    let mut whole: Vec<String> = Vec::new();
    for item in items {
        if let Value::Map(m) = item {
            for (file, keys) in m {
                if matches!(keys, Value::Null) || matches!(keys, Value::Seq(s) if s.is_empty()) {
                    whole.push(file.clone());
                }
            }
        }
    }
    let mut deps: Vec<ParamsDep> = Vec::new();
    fn entry(deps: &mut Vec<ParamsDep>, file: &str) -> usize {
        match deps.iter().position(|d| d.file == file) {
            Some(i) => i,
            None => {
                deps.push(ParamsDep {
                    file: file.to_string(),
                    keys: Vec::new(),
                });
                deps.len() - 1
            }
        }
    }
    for item in items {
        match item {
            Value::Map(m) => {
                for (file, keys) in m {
                    let i = entry(&mut deps, file);
                    if whole.contains(file) {
                        continue;
                    }
                    let Value::Seq(keys) = keys else {
                        return Err(format!("the keys of '{file}' in 'params' must be a list"));
                    };
                    for k in keys {
                        let k = k.as_text().ok_or("params keys must be strings")?;
                        deps[i].keys.push(k);
                    }
                }
            }
            other => {
                let k = other
                    .as_text()
                    .ok_or("params entries must be keys or {file: [keys]}")?;
                if !whole.iter().any(|w| w == DEFAULT_PARAMS_FILE) {
                    let i = entry(&mut deps, DEFAULT_PARAMS_FILE);
                    deps[i].keys.push(k);
                }
            }
        }
    }
    for d in &mut deps {
        if whole.contains(&d.file) {
            d.keys.clear();
        }
    }
    Ok(deps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(text: &str, files: &[(&str, &str)]) -> Result<Project, PipelineError> {
        let mut read = |p: &str| -> Result<Option<String>, String> {
            Ok(files
                .iter()
                .find(|(n, _)| *n == p)
                .map(|(_, t)| t.to_string()))
        };
        load(text, "dvc.yaml", &mut read)
    }

    #[test]
    fn foreach_and_matrix_generate_stages() {
        let p = load_with(
            "vars:\n  - outdir: out\nstages:\n  train:\n    foreach: ${models}\n    do:\n      cmd: python train.py ${item} ${train.lr}\n      outs: [\"${outdir}/m_${item}\"]\n      metrics:\n        - m_${item}.json:\n            cache: false\n  mx:\n    matrix:\n      m: [x, y]\n      n: [1, 2]\n    cmd: echo ${item.m}${item.n} ${key}\n  d:\n    foreach:\n      a: {v: 1}\n      b: {v: 2}\n    do:\n      cmd: echo ${key} ${item.v}\n",
            &[("params.yaml", "models: [a, b]\ntrain:\n  lr: 0.5\n")],
        )
        .unwrap();
        let names: Vec<&str> = p.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["train@a", "train@b", "mx@x-1", "mx@x-2", "mx@y-1", "mx@y-2", "d@a", "d@b"]
        );
        assert_eq!(p.stages[1].cmd, Cmd::One("python train.py b 0.5".into()));
        assert_eq!(p.stages[1].outs[0].path, "out/m_b");
        assert_eq!(p.stages[1].outs[1].path, "m_b.json");
        assert!(!p.stages[1].outs[1].cache);
        assert_eq!(p.stages[1].outs[1].kind, OutKind::Metric);
        assert_eq!(p.stages[3].cmd, Cmd::One("echo x2 x-2".into()));
        assert_eq!(p.stages[7].cmd, Cmd::One("echo b 2".into()));
    }

    #[test]
    fn params_merge_as_dvc_does() {
        let p = load_with(
            "stages:\n  s:\n    cmd: c\n    params:\n      - lr\n      - other.json: [a.b]\n      - whole.toml:\n      - epochs\n",
            &[],
        )
        .unwrap();
        assert_eq!(
            p.stages[0].params,
            vec![
                ParamsDep {
                    file: "params.yaml".into(),
                    keys: vec!["lr".into(), "epochs".into()]
                },
                ParamsDep {
                    file: "other.json".into(),
                    keys: vec!["a.b".into()]
                },
                ParamsDep {
                    file: "whole.toml".into(),
                    keys: vec![]
                },
            ]
        );
    }

    #[test]
    fn huge_matrices_and_foreach_are_refused_before_expanding() {
        let start = std::time::Instant::now();
        let dim = format!(
            "[{}]",
            (0..10)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut text = String::from("stages:\n  s:\n    matrix:\n");
        for d in 0..7 {
            text.push_str(&format!("      d{d}: {dim}\n"));
        }
        text.push_str("    cmd: echo ${key}\n");
        let e = load_with(&text, &[]).unwrap_err();
        assert!(
            matches!(&e, PipelineError::TooManyStages { stage, generates: 10_000_000, .. } if stage == "s"),
            "{e:?}"
        );
        let e = e.to_string();
        assert!(
            e.contains("more than 10000 stages") && e.contains("10000000"),
            "{e}"
        );
        let list = format!(
            "[{}]",
            (0..20_000)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let e = load_with(
            &format!("stages:\n  s:\n    foreach: {list}\n    do:\n      cmd: echo ${{item}}\n"),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("generates 20000"), "{e}");
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn errors_name_file_stage_and_key() {
        let e = load_with("stages:\n  s:\n    cmd: echo ${nope.x}\n", &[]).unwrap_err();
        assert_eq!(
            e,
            PipelineError::Interpolation(
                "failed to parse 'stages.s.cmd' in 'dvc.yaml': Could not find 'nope.x'".into()
            )
        );
        let e = load_with("stages:\n  s:\n    cmd: c\n    bogus: 1\n", &[]).unwrap_err();
        assert!(matches!(e, PipelineError::Schema(_)), "{e:?}");
        assert!(e.to_string().contains("unknown key 'bogus'"), "{e}");
        // top-level plots take DVC's display properties only (`header` belongs to outputs)
        let e = load_with("plots:\n- a.csv:\n    header: false\n", &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("extra keys not allowed: 'a.csv' -> 'header'"),
            "{e}"
        );
        let ok = "plots:\n- a.csv\n- n:\n    x: {a.csv: e}\n    y: {a.csv: [l, m]}\n- b.csv:\n";
        assert_eq!(load_with(ok, &[]).unwrap().plots.len(), 3);
        let e = load_with("stages:\n  s:\n    outs: [a]\n", &[]).unwrap_err();
        assert!(matches!(e, PipelineError::Schema(_)), "{e:?}");
        assert!(e.to_string().contains("'cmd' is missing"), "{e}");
        let e = load_with("stages: [\n", &[]).unwrap_err();
        assert!(matches!(e, PipelineError::Syntax(_)), "{e:?}");
        assert!(e.to_string().starts_with("'dvc.yaml' is invalid"), "{e}");
        let e = load_with("vars: [missing.yaml]\nstages: {}\n", &[]).unwrap_err();
        assert!(matches!(e, PipelineError::Interpolation(_)), "{e:?}");
        assert!(
            e.to_string().contains("'missing.yaml' does not exist"),
            "{e}"
        );
        let e = load_with("stages: {}\n", &[("params.yaml", "a: [\n")]).unwrap_err();
        assert!(matches!(e, PipelineError::File(_)), "{e:?}");
    }
}
