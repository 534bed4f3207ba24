//! Pipelines: `dvc.yaml` (stages, interpolation, generated stages), `dvc.lock`, parameter
//! files, and the text `stage add` writes.

pub mod error;
pub mod interpolate;
pub mod lock;
pub mod overrides;
pub mod params;
pub mod params_edit;
pub mod project;
mod toml_layout;
mod yaml_layout;

pub use error::PipelineError;
pub use lock::{Lock, LockStage};
pub use project::{Cmd, OutDef, OutKind, ParamsDep, Project, StageDef, DEFAULT_PARAMS_FILE};

use crate::yaml::{Emitter, Value};

/// A stage as `dvc stage add` writes it into `dvc.yaml` (DVC's `to_pipeline_file`): deps and
/// outputs sorted, params of `params.yaml` first, default values left out.
pub fn stage_value(st: &StageDef) -> Value {
    let mut m: Vec<(String, Value)> = Vec::new();
    if let Some(d) = &st.desc {
        m.push(("desc".into(), Value::Str(d.clone())));
    }
    m.push(("cmd".into(), st.cmd.to_value()));
    if !st.wdir.is_empty() {
        m.push(("wdir".into(), Value::Str(st.wdir.clone())));
    }
    let mut deps = st.deps.clone();
    deps.sort();
    if !deps.is_empty() {
        m.push((
            "deps".into(),
            Value::Seq(deps.into_iter().map(Value::Str).collect()),
        ));
    }
    let mut files: Vec<&ParamsDep> = st.params.iter().collect();
    files.sort_by(|a, b| a.file.cmp(&b.file));
    let mut params: Vec<Value> = Vec::new();
    for p in files {
        let mut keys = p.keys.clone();
        keys.sort();
        if !keys.is_empty() && p.file == DEFAULT_PARAMS_FILE {
            let mut first: Vec<Value> = keys.into_iter().map(Value::Str).collect();
            first.append(&mut params);
            params = first;
        } else {
            let v = if keys.is_empty() {
                Value::Null
            } else {
                Value::Seq(keys.into_iter().map(Value::Str).collect())
            };
            params.push(Value::Map(vec![(p.file.clone(), v)]));
        }
    }
    if !params.is_empty() {
        m.push(("params".into(), Value::Seq(params)));
    }
    let mut outs: Vec<&OutDef> = st.outs.iter().collect();
    outs.sort_by(|a, b| a.path.cmp(&b.path));
    for (key, kind) in [
        ("outs", OutKind::Out),
        ("metrics", OutKind::Metric),
        ("plots", OutKind::Plot),
    ] {
        let list: Vec<Value> = outs
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| out_value(o))
            .collect();
        if !list.is_empty() {
            m.push((key.into(), Value::Seq(list)));
        }
    }
    if st.frozen {
        m.push(("frozen".into(), Value::Bool(true)));
    }
    if st.always_changed {
        m.push(("always_changed".into(), Value::Bool(true)));
    }
    if let Some(meta) = &st.meta {
        m.push(("meta".into(), meta.clone()));
    }
    Value::Map(m)
}

/// Output flags that are not a plot's display properties.
pub const OUTPUT_FLAGS: &[&str] = &[
    "cache", "persist", "remote", "push", "desc", "type", "labels", "meta",
];

/// An output as DVC writes it in a stage (its `_get_flags`): its path, or its path with its
/// flags — annotations, `cache: false`, `persist: true`, a plot's display properties (in the
/// order read), `remote`, `push: false`.
pub fn out_value(o: &OutDef) -> Value {
    let mut flags: Vec<(String, Value)> = Vec::new();
    for k in ["desc", "type", "labels", "meta"] {
        if let Some((_, v)) = o.flags.iter().find(|(fk, _)| fk == k) {
            flags.push((k.into(), v.clone()));
        }
    }
    if !o.cache {
        flags.push(("cache".into(), Value::Bool(false)));
    }
    if o.persist {
        flags.push(("persist".into(), Value::Bool(true)));
    }
    if o.kind == OutKind::Plot {
        flags.extend(
            o.flags
                .iter()
                .filter(|(k, _)| !OUTPUT_FLAGS.contains(&k.as_str()))
                .cloned(),
        );
    }
    if let Some(r) = &o.remote {
        flags.push(("remote".into(), Value::Str(r.clone())));
    }
    if !o.push {
        flags.push(("push".into(), Value::Bool(false)));
    }
    if flags.is_empty() {
        Value::Str(o.path.clone())
    } else {
        Value::Map(vec![(o.path.clone(), Value::Map(flags))])
    }
}

/// The text of a `dvc.yaml` with a stage added at the end of `stages:`. The rest of the text
/// (comments, formatting) is kept; a new file is written as DVC writes one.
pub fn add_stage_text(old: Option<&str>, name: &str, stage: &Value) -> String {
    let mut e = Emitter::new();
    e.map(&[(name.to_string(), stage.clone())], 2, false);
    let block = e.finish();
    let Some(old) = old.filter(|t| !t.trim().is_empty()) else {
        return format!("stages:\n{block}");
    };
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| l.trim_end() == "stages:") else {
        let sep = if old.ends_with('\n') { "" } else { "\n" };
        return format!("{old}{sep}stages:\n{block}");
    };
    // the block ends before the next top-level key; trailing blank lines and comments stay after
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        let body = l.trim_end();
        if !body.is_empty() && !body.starts_with(' ') && !body.starts_with('#') {
            end = i;
            break;
        }
    }
    while end > start + 1 && {
        let b = lines[end - 1].trim();
        b.is_empty() || (b.starts_with('#') && !lines[end - 1].starts_with(' '))
    } {
        end -= 1;
    }
    let mut out: String = lines[..end].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&block);
    out.push_str(&lines[end..].concat());
    out
}

/// The text of a `dvc.yaml` with stage `name` replaced (`stage add --force`), or None when the
/// stage's block cannot be found in the text.
pub fn replace_stage_text(old: &str, name: &str, stage: &Value) -> Option<String> {
    // DVC writes the new stage over the old one's mapping: old keys keep their places
    let docs = crate::yaml::load(old).ok()?;
    let top = Value::from_yaml(docs.first()?);
    let old_stage = get(&top, "stages").and_then(|s| get(s, name))?;
    let merged = apply_diff(stage, old_stage);
    let mut e = Emitter::new();
    e.map(&[(name.to_string(), merged)], 2, false);
    let block = e.finish();
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let (first, end) = stage_block(&lines, name)?;
    Some(format!(
        "{}{}{}",
        lines[..first].concat(),
        block,
        lines[end..].concat()
    ))
}

/// The lines of stage `name`'s block under `stages:` in a `dvc.yaml`'s lines: from its key to
/// the next line at the stages' indentation (comments and blank lines after it belong to it,
/// as ruamel attaches them).
fn stage_block(lines: &[&str], name: &str) -> Option<(usize, usize)> {
    let start = lines.iter().position(|l| l.trim_end() == "stages:")?;
    let head = format!("  {}:", crate::yaml::render_key(name));
    let first = (start + 1..lines.len()).find(|&i| {
        let b = lines[i].trim_end();
        b == head || b.starts_with(&format!("{head} "))
    })?;
    let end = (first + 1..lines.len())
        .find(|&i| {
            let b = lines[i].trim_end();
            let indent = b.len() - b.trim_start().len();
            !b.is_empty() && indent <= 2 && !b.trim_start().starts_with('#')
        })
        .unwrap_or(lines.len());
    Some((first, end))
}

/// The text of a `dvc.yaml` without stage `name` (`remove`): its block goes with the comment and
/// blank lines after it, as ruamel drops them with the key. `Some(None)` when no stage is left
/// (DVC then deletes the file); None when the stage's block cannot be found in the text.
pub fn remove_stage_text(old: &str, name: &str) -> Option<Option<String>> {
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let (first, end) = stage_block(&lines, name)?;
    let text = format!("{}{}", lines[..first].concat(), lines[end..].concat());
    let docs = crate::yaml::load(&text).ok()?;
    let top = Value::from_yaml(docs.first()?);
    match get(&top, "stages") {
        Some(Value::Map(m)) if !m.is_empty() => Some(Some(text)),
        _ => Some(None),
    }
}

/// The text of a `dvc.yaml` with stage `name` frozen or not (`freeze`/`unfreeze`), as DVC
/// writes it back: `frozen: true` added at the end of the stage's mapping (or set), or the key
/// removed, and the file's scalars written as ruamel writes them. None when the stage cannot be
/// found in the text.
pub fn set_stage_frozen(text: &str, name: &str, frozen: bool) -> Option<String> {
    let docs = crate::yaml::load(text).ok()?;
    let mut top = Value::from_yaml(docs.first()?);
    let path: Vec<String> = vec!["stages".into(), name.into(), "frozen".into()];
    let stage = match &mut top {
        Value::Map(m) => match &mut m.iter_mut().find(|(k, _)| k == "stages")?.1 {
            Value::Map(st) => &mut st.iter_mut().find(|(k, _)| k == name)?.1,
            _ => return None,
        },
        _ => return None,
    };
    let Value::Map(keys) = stage else { return None };
    let had = keys.iter().position(|(k, _)| k == "frozen");
    let edited = match (had, frozen) {
        (Some(i), true) => {
            keys[i].1 = Value::Bool(true);
            yaml_layout::set_scalar(text, &path, &Value::Bool(true))?
        }
        (None, true) => {
            keys.push(("frozen".into(), Value::Bool(true)));
            yaml_layout::add_key(text, &path, &Value::Bool(true))?
        }
        (Some(i), false) => {
            keys.remove(i);
            yaml_layout::remove_key(text, &path)?
        }
        (None, false) => text.to_string(),
    };
    let normal = yaml_layout::normalize_scalars(&edited, &top).unwrap_or(edited);
    let back = Value::from_yaml(crate::yaml::load(&normal).ok()?.first()?);
    (back == top).then_some(normal)
}

/// The text of a `dvc.yaml` with stage `name`'s `outs`, `metrics` and `plots` lists set to
/// `lists` (an empty list: the key removed), as DVC writes a stage back (`plots modify`): an
/// unchanged list is left as written, a new key goes at the end of the stage. None when the
/// stage cannot be found in the text.
pub fn set_stage_outputs(text: &str, name: &str, lists: &[(&str, Vec<Value>)]) -> Option<String> {
    let docs = crate::yaml::load(text).ok()?;
    let top = Value::from_yaml(docs.first()?);
    let stage = get(&top, "stages").and_then(|s| get(s, name))?;
    let mut out = text.to_string();
    for (key, items) in lists {
        let path: Vec<String> = vec!["stages".into(), name.into(), key.to_string()];
        let new = Value::Seq(items.clone());
        out = match (get(stage, key), items.is_empty()) {
            (Some(old), false) if *old == new => continue,
            (Some(_), false) => yaml_layout::set_seq(&out, &path, &new)?,
            (None, false) => yaml_layout::add_key(&out, &path, &new)?,
            (Some(_), true) => yaml_layout::remove_seq_key(&out, &path)?,
            (None, true) => continue,
        };
    }
    Some(out)
}

/// Whether the block of stage `name` in a `dvc.yaml`'s text interpolates (`${...}`): DVC does
/// not write such a stage back (`freeze`, `remove`).
pub fn stage_text_interpolates(text: &str, name: &str) -> bool {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    stage_block(&lines, name)
        .is_some_and(|(first, end)| lines[first..end].iter().any(|l| l.contains("${")))
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// DVC's `apply_diff(src, dest)`: `src`'s content in `dest`'s shape: mapping keys `dest` has
/// keep their order, new ones follow, missing ones go; lists of the same length are merged item
/// by item, others replaced.
pub fn apply_diff(src: &Value, dest: &Value) -> Value {
    match (src, dest) {
        (Value::Map(s), Value::Map(d)) => {
            let mut out: Vec<(String, Value)> = Vec::new();
            for (k, dv) in d {
                if let Some((_, sv)) = s.iter().find(|(sk, _)| sk == k) {
                    out.push((k.clone(), apply_diff(sv, dv)));
                }
            }
            for (k, sv) in s {
                if !d.iter().any(|(dk, _)| dk == k) {
                    out.push((k.clone(), sv.clone()));
                }
            }
            Value::Map(out)
        }
        (Value::Seq(s), Value::Seq(d)) if s.len() == d.len() => {
            Value::Seq(s.iter().zip(d).map(|(a, b)| apply_diff(a, b)).collect())
        }
        _ => src.clone(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stage_is_removed_with_what_follows_it() {
        let text = "vars:\n- x: 1\nstages:\n  a:\n    cmd: a\n  # about b\n  b:\n    cmd: b  # run\n    outs:\n    - o\n\n  # trailing\n  c:\n    cmd: ${x}\nplots:\n- p.csv\n";
        assert_eq!(
            super::remove_stage_text(text, "b").unwrap().unwrap(),
            "vars:\n- x: 1\nstages:\n  a:\n    cmd: a\n  # about b\n  c:\n    cmd: ${x}\nplots:\n- p.csv\n"
        );
        assert_eq!(
            super::remove_stage_text("stages:\n  a:\n    cmd: a\n", "a").unwrap(),
            None
        );
        assert!(super::remove_stage_text(text, "nope").is_none());
        assert!(super::stage_text_interpolates(text, "c"));
        // as DVC 3.67.1 wrote it: the new key after the comment that ends the stage's block
        let yaml = "stages:\n  first:  # the first\n    cmd: 'cp a.txt b.txt'\n    deps:\n    - a.txt\n    outs:\n    - b.txt  # out\n  # between\n  second:\n    cmd: echo\n";
        let frozen = super::set_stage_frozen(yaml, "first", true).unwrap();
        assert_eq!(
            frozen,
            "stages:\n  first:  # the first\n    cmd: cp a.txt b.txt\n    deps:\n    - a.txt\n    outs:\n    - b.txt  # out\n  # between\n    frozen: true\n  second:\n    cmd: echo\n"
        );
        assert_eq!(
            super::set_stage_frozen(&frozen, "first", false).unwrap(),
            "stages:\n  first:  # the first\n    cmd: cp a.txt b.txt\n    deps:\n    - a.txt\n    outs:\n    - b.txt  # out\n  # between\n  second:\n    cmd: echo\n"
        );
        assert!(!super::stage_text_interpolates(text, "b"));
    }

    use super::*;

    fn out(path: &str, kind: OutKind, cache: bool) -> OutDef {
        OutDef {
            path: path.into(),
            kind,
            cache,
            persist: false,
            remote: None,
            push: true,
            flags: Vec::new(),
        }
    }

    #[test]
    fn writes_stages_as_dvc_stage_add_does() {
        // `dvc stage add -n s1 -d b.txt -d a.txt -p lr -p o.json:a -o z.out -O y.out -m m.json
        //  -M n.json --plots p.csv --plots-no-cache q.csv -w sub "echo hi > z.out"` (DVC 3.67.1)
        let s1 = StageDef {
            name: "s1".into(),
            cmd: Cmd::One("echo hi > z.out".into()),
            wdir: "sub".into(),
            deps: vec!["b.txt".into(), "a.txt".into()],
            params: vec![
                ParamsDep {
                    file: "params.yaml".into(),
                    keys: vec!["lr".into()],
                },
                ParamsDep {
                    file: "o.json".into(),
                    keys: vec!["a".into()],
                },
            ],
            outs: vec![
                out("z.out", OutKind::Out, true),
                out("y.out", OutKind::Out, false),
                out("m.json", OutKind::Metric, true),
                out("n.json", OutKind::Metric, false),
                out("p.csv", OutKind::Plot, true),
                out("q.csv", OutKind::Plot, false),
            ],
            frozen: false,
            always_changed: false,
            desc: None,
            meta: None,
            tracked_vars: Vec::new(),
        };
        let text = add_stage_text(None, "s1", &stage_value(&s1));
        let s0 = StageDef {
            name: "s0".into(),
            cmd: Cmd::One("echo 'a: b'".into()),
            wdir: String::new(),
            deps: vec![],
            params: vec![],
            outs: vec![out("x y", OutKind::Out, true)],
            frozen: false,
            always_changed: true,
            desc: Some("the d".into()),
            meta: None,
            tracked_vars: Vec::new(),
        };
        let text = add_stage_text(Some(&text), "s0", &stage_value(&s0));
        assert_eq!(
            text,
            "stages:\n  s1:\n    cmd: echo hi > z.out\n    wdir: sub\n    deps:\n    - a.txt\n    - b.txt\n    params:\n    - lr\n    - o.json:\n      - a\n    outs:\n    - y.out:\n        cache: false\n    - z.out\n    metrics:\n    - m.json\n    - n.json:\n        cache: false\n    plots:\n    - p.csv\n    - q.csv:\n        cache: false\n  s0:\n    desc: the d\n    cmd: \"echo 'a: b'\"\n    outs:\n    - x y\n    always_changed: true\n"
        );
    }

    #[test]
    fn replacing_swaps_only_that_stage() {
        let old = "stages:\n  a:\n    cmd: x\n    outs:\n    - o\n  b:\n    cmd: y\n";
        let st = Value::Map(vec![
            ("cmd".into(), Value::Str("z".into())),
            ("deps".into(), Value::Seq(vec![Value::Str("d".into())])),
            ("outs".into(), Value::Seq(vec![Value::Str("p".into())])),
        ]);
        // as DVC's stage add -f: old keys in place, new keys after them
        assert_eq!(
            replace_stage_text(old, "a", &st).unwrap(),
            "stages:\n  a:\n    cmd: z\n    outs:\n    - p\n    deps:\n    - d\n  b:\n    cmd: y\n"
        );
        assert!(replace_stage_text(old, "c", &st).is_none());
    }

    #[test]
    fn adding_keeps_the_rest_of_the_file() {
        let old = "# my pipeline\nstages:\n  a:\n    cmd: x  # note\n\nplots:\n- p.csv\n";
        let st = Value::Map(vec![("cmd".into(), Value::Str("y".into()))]);
        assert_eq!(
            add_stage_text(Some(old), "b", &st),
            "# my pipeline\nstages:\n  a:\n    cmd: x  # note\n  b:\n    cmd: y\n\nplots:\n- p.csv\n"
        );
    }
}
