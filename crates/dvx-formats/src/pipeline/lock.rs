//! `dvc.lock` (schema 2.0): what each stage last ran with and produced, parsed and rendered
//! byte for byte as DVC writes it.

use super::error::PipelineError;
use crate::pointer::{parse_output, Output};
use crate::yaml::{Emitter, Value};

/// A stage's entry: the command as run, its dependencies, params values and outputs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LockStage {
    pub cmd: Value,
    pub deps: Vec<Output>,
    /// Values per params file: `params.yaml` first, then the other files by name; keys sorted.
    pub params: Vec<(String, Vec<(String, Value)>)>,
    pub outs: Vec<Output>,
}

/// A parsed `dvc.lock`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lock {
    pub stages: Vec<(String, LockStage)>,
    /// Top-level keys other than `schema` and `stages` (`datasets`), kept as they were.
    pub other: Vec<(String, Value)>,
}

impl Lock {
    pub fn parse(text: &str) -> Result<Lock, PipelineError> {
        let docs = crate::yaml::load(text).map_err(PipelineError::Syntax)?;
        let top = match docs.into_iter().next() {
            None | Some(yaml_rust2::Yaml::Null) => return Ok(Lock::default()),
            Some(yaml_rust2::Yaml::Hash(h)) => h,
            Some(_) => {
                return Err(PipelineError::Schema(
                    "expected a mapping at the top level".into(),
                ))
            }
        };
        let mut lock = Lock::default();
        let mut schema = None;
        for (k, v) in top.iter() {
            let key = crate::yaml::scalar_text(k).unwrap_or_default();
            match key.as_str() {
                "schema" => schema = crate::yaml::scalar_text(v),
                "stages" => {
                    let yaml_rust2::Yaml::Hash(stages) = v else {
                        return Err(PipelineError::Schema("'stages' must be a mapping".into()));
                    };
                    for (name, entry) in stages.iter() {
                        let name = crate::yaml::scalar_text(name).unwrap_or_default();
                        let st = parse_stage(entry, &name)?;
                        lock.stages.push((name, st));
                    }
                }
                _ => lock.other.push((key, Value::from_yaml(v))),
            }
        }
        match schema.as_deref() {
            Some("2.0") => Ok(lock),
            other => Err(PipelineError::LockSchema(other.map(str::to_string))),
        }
    }

    pub fn get(&self, name: &str) -> Option<&LockStage> {
        self.stages.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// Records a stage's entry: replaced where it was, or added at the end, as DVC does.
    pub fn set(&mut self, name: &str, stage: LockStage) {
        match self.stages.iter_mut().find(|(n, _)| n == name) {
            Some((_, s)) => *s = stage,
            None => self.stages.push((name.to_string(), stage)),
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.stages.retain(|(n, _)| n != name);
    }

    pub fn render(&self) -> String {
        let mut top: Vec<(String, Value)> = vec![("schema".into(), Value::Str("2.0".into()))];
        let stages = self
            .stages
            .iter()
            .map(|(n, s)| (n.clone(), s.to_value()))
            .collect();
        top.push(("stages".into(), Value::Map(stages)));
        top.extend(self.other.iter().cloned());
        let mut e = Emitter::new();
        e.map(&top, 0, false);
        e.finish()
    }
}

impl LockStage {
    pub fn to_value(&self) -> Value {
        let mut m = vec![("cmd".to_string(), self.cmd.clone())];
        if !self.deps.is_empty() {
            m.push((
                "deps".into(),
                Value::Seq(self.deps.iter().map(entry_value).collect()),
            ));
        }
        if !self.params.is_empty() {
            let p = self
                .params
                .iter()
                .map(|(f, kv)| (f.clone(), Value::Map(kv.clone())))
                .collect();
            m.push(("params".into(), Value::Map(p)));
        }
        if !self.outs.is_empty() {
            m.push((
                "outs".into(),
                Value::Seq(self.outs.iter().map(entry_value).collect()),
            ));
        }
        Value::Map(m)
    }

    /// The run-cache key DVC files this entry under: sha256 of `json.dumps(entry,
    /// sort_keys=True)` with outputs reduced to their paths, without sizes and file counts.
    pub fn run_cache_key(&self) -> String {
        let mut v = self.to_value();
        if let Value::Map(m) = &mut v {
            for (k, val) in m.iter_mut() {
                if k == "outs" {
                    *val = Value::Seq(
                        self.outs
                            .iter()
                            .map(|o| Value::Str(o.path.clone()))
                            .collect(),
                    );
                }
            }
        }
        sha256_json(&v)
    }

    /// The name of the entry's file in the run-cache: sha256 of the whole entry's JSON.
    pub fn run_cache_value(&self) -> String {
        sha256_json(&self.to_value())
    }

    /// The params values of one file.
    pub fn params_of(&self, file: &str) -> Option<&[(String, Value)]> {
        self.params
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, v)| v.as_slice())
    }
}

fn sha256_json(v: &Value) -> String {
    crate::pyjson::dict_sha256(v, &["size", "nfiles"])
}

/// A dependency or output entry in DVC's lock order: path, hash, md5, size, nfiles, isexec.
fn entry_value(o: &Output) -> Value {
    let mut m = vec![("path".to_string(), Value::Str(o.path.clone()))];
    if let Some(h) = &o.hash {
        m.push(("hash".into(), Value::Str(h.clone())));
    }
    if let Some(oid) = &o.oid {
        m.push(("md5".into(), Value::Str(oid.to_string())));
    }
    if let Some(s) = o.size {
        m.push(("size".into(), Value::Int(s as i64)));
    }
    if let Some(n) = o.nfiles {
        m.push(("nfiles".into(), Value::Int(n as i64)));
    }
    if o.isexec {
        m.push(("isexec".into(), Value::Bool(true)));
    }
    m.extend(o.extra.iter().cloned());
    Value::Map(m)
}

fn parse_stage(y: &yaml_rust2::Yaml, name: &str) -> Result<LockStage, PipelineError> {
    let invalid = |msg: String| PipelineError::Schema(format!("stage '{name}': {msg}"));
    let yaml_rust2::Yaml::Hash(h) = y else {
        return Err(invalid("expected a mapping".into()));
    };
    let mut st = LockStage::default();
    for (k, v) in h.iter() {
        let key = crate::yaml::scalar_text(k).unwrap_or_default();
        match key.as_str() {
            "cmd" => st.cmd = Value::from_yaml(v),
            "deps" | "outs" => {
                let yaml_rust2::Yaml::Array(items) = v else {
                    return Err(invalid(format!("'{key}' must be a list")));
                };
                let mut list = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let o = parse_output(item).map_err(|e| invalid(format!("{key}[{i}]: {e}")))?;
                    if key == "outs" {
                        crate::relpath::check(&o.path).map_err(|why| {
                            PipelineError::UnsafePath {
                                stage: name.to_string(),
                                path: o.path.clone(),
                                why: why.to_string(),
                            }
                        })?;
                    }
                    list.push(o);
                }
                if key == "deps" {
                    st.deps = list;
                } else {
                    st.outs = list;
                }
            }
            "params" => {
                let Value::Map(files) = Value::from_yaml(v) else {
                    return Err(invalid("'params' must be a mapping".into()));
                };
                for (file, values) in files {
                    let Value::Map(values) = values else {
                        return Err(invalid(format!("params of '{file}' must be a mapping")));
                    };
                    st.params.push((file, values));
                }
            }
            _ => {}
        }
    }
    Ok(st)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Written by DVC 3.67.1 (`dvc repro` of a foreach stage and a long command).
    const DVC_LOCK: &str = "schema: '2.0'
stages:
  train@a:
    cmd: echo a 0.01 > model_a.txt && echo 0.5 > metrics_a.json
    deps:
    - path: out/prepared
      hash: md5
      md5: ecf8f6613d6b2a92c412c00f6a32657c.dir
      size: 12
      nfiles: 2
    params:
      params.yaml:
        train:
          lr: 0.01
          layers:
          - 1
          - 2
          small: 1e-05
        train.lr: 0.01
    outs:
    - path: metrics_a.json
      hash: md5
      md5: b6cd923e3b9f001ab14bc69acc4568a8
      size: 4
  long:
    cmd: echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 
      bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb > o3.txt
    outs:
    - path: o3.txt
      hash: md5
      md5: 54199ca03008585bcfb78ee65227d5ce
      size: 108
  lst:
    cmd:
    - echo one > o4.txt
    - echo two >> o4.txt
    params:
      other.json:
        a:
          b: 1
";

    #[test]
    fn round_trips_dvc_lock_byte_for_byte() {
        let lock = Lock::parse(DVC_LOCK).unwrap();
        assert_eq!(lock.stages.len(), 3);
        assert_eq!(lock.render(), DVC_LOCK);
    }

    #[test]
    fn set_replaces_in_place_and_appends_new() {
        let mut lock = Lock::parse(DVC_LOCK).unwrap();
        let mut st = lock.get("long").unwrap().clone();
        st.cmd = Value::Str("echo x > o3.txt".into());
        lock.set("long", st);
        lock.set(
            "new",
            LockStage {
                cmd: Value::Str("true".into()),
                ..Default::default()
            },
        );
        let names: Vec<&str> = lock.stages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["train@a", "long", "lst", "new"]);
        assert!(lock.render().contains("  new:\n    cmd: 'true'\n"));
    }

    #[test]
    fn refuses_old_schemas() {
        assert_eq!(
            Lock::parse("prepare:\n  cmd: x\n"),
            Err(PipelineError::LockSchema(None))
        );
        assert_eq!(
            Lock::parse("schema: '3.0'\nstages: {}\n"),
            Err(PipelineError::LockSchema(Some("3.0".into())))
        );
    }

    #[test]
    fn errors_say_what_kind_of_problem() {
        assert!(matches!(
            Lock::parse("stages: [\n"),
            Err(PipelineError::Syntax(_))
        ));
        let e = Lock::parse("schema: '2.0'\nstages:\n  s:\n    outs: 3\n").unwrap_err();
        assert_eq!(
            e,
            PipelineError::Schema("stage 's': 'outs' must be a list".into())
        );
        let e =
            Lock::parse("schema: '2.0'\nstages:\n  s:\n    outs:\n    - path: ../x\n").unwrap_err();
        assert!(
            matches!(&e, PipelineError::UnsafePath { stage, path, .. } if stage == "s" && path == "../x"),
            "{e:?}"
        );
        assert!(e
            .to_string()
            .starts_with("stage 's': output path '../x' cannot be used"));
    }
}
