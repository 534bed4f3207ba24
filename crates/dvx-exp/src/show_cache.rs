//! What `exp show` collected from a commit, kept under `.dvc/tmp/dvx/exp-show/` (dvx's own
//! place, which DVC never reads): a commit's files never change, so the next `exp show` reads
//! one small file per commit instead of git's trees and blobs.

use std::path::{Path, PathBuf};

use dvx_formats::yaml::Value;
use dvx_repo::compare::{DataEntry, FileValues};
use dvx_repo::Repo;
use serde_json::{json, Value as J};

/// What is kept of a commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    pub params: Vec<(String, FileValues)>,
    pub metrics: Vec<(String, FileValues)>,
    pub deps: Vec<(String, DataEntry)>,
    pub outs: Vec<(String, DataEntry)>,
}

/// Changes when what is kept changes, so an older file is not misread.
const FORMAT: u64 = 1;

pub fn path(repo: &Repo, commit: &str, param_deps: bool) -> PathBuf {
    let name = if param_deps {
        format!("{commit}-param-deps.json")
    } else {
        format!("{commit}.json")
    };
    repo.tmp_dir().join("dvx").join("exp-show").join(name)
}

/// What was kept, or None.
pub fn read(path: &Path) -> Option<Collected> {
    let v: J = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    if v["format"].as_u64() != Some(FORMAT) {
        return None;
    }
    let files = |key: &str| -> Option<Vec<(String, FileValues)>> {
        v[key]
            .as_array()?
            .iter()
            .map(|e| {
                let file = e[0].as_str()?.to_string();
                let values = match (&e[1]["ok"], &e[1]["err"]) {
                    (J::Null, J::String(msg)) => Err(msg.clone()),
                    (ok, _) => Ok(decode(ok)?),
                };
                Some((file, values))
            })
            .collect()
    };
    let entries = |key: &str| -> Option<Vec<(String, DataEntry)>> {
        v[key]
            .as_array()?
            .iter()
            .map(|e| {
                Some((
                    e[0].as_str()?.to_string(),
                    DataEntry {
                        hash: e[1]["hash"].as_str().map(str::to_string),
                        size: e[1]["size"].as_u64(),
                        nfiles: e[1]["nfiles"].as_u64(),
                        use_cache: e[1]["use_cache"].as_bool()?,
                        is_data_source: e[1]["is_data_source"].as_bool()?,
                    },
                ))
            })
            .collect()
    };
    Some(Collected {
        params: files("params")?,
        metrics: files("metrics")?,
        deps: entries("deps")?,
        outs: entries("outs")?,
    })
}

/// Keeps a snapshot; a failure to write only means it is collected again next time.
pub fn write(path: &Path, s: &Collected) {
    let files = |list: &[(String, FileValues)]| -> J {
        J::Array(
            list.iter()
                .map(|(f, v)| match v {
                    Ok(v) => json!([f, {"ok": encode(v)}]),
                    Err(e) => json!([f, {"err": e}]),
                })
                .collect(),
        )
    };
    let entries = |list: &[(String, DataEntry)]| -> J {
        J::Array(
            list.iter()
                .map(|(p, d)| {
                    json!([p, {"hash": d.hash, "size": d.size, "nfiles": d.nfiles,
                               "use_cache": d.use_cache, "is_data_source": d.is_data_source}])
                })
                .collect(),
        )
    };
    let v = json!({
        "format": FORMAT,
        "params": files(&s.params),
        "metrics": files(&s.metrics),
        "deps": entries(&s.deps),
        "outs": entries(&s.outs),
    });
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(bytes) = serde_json::to_vec(&v) {
        let _ = dvx_repo::fsutil::write_atomic(path, &bytes);
    }
}

/// A value as JSON that keeps what JSON would lose: a float's text, a mapping's key order.
fn encode(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!({ "f": f }),
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(encode).collect()),
        Value::Map(m) => {
            json!({ "m": m.iter().map(|(k, v)| json!([k, encode(v)])).collect::<Vec<_>>() })
        }
    }
}

fn decode(v: &J) -> Option<Value> {
    Some(match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Int(n.as_i64()?),
        J::String(s) => Value::Str(s.clone()),
        J::Array(items) => Value::Seq(items.iter().map(decode).collect::<Option<_>>()?),
        J::Object(o) => {
            if let Some(f) = o.get("f") {
                Value::Float(f.as_str()?.to_string())
            } else {
                let pairs = o.get("m")?.as_array()?;
                Value::Map(
                    pairs
                        .iter()
                        .map(|p| Some((p[0].as_str()?.to_string(), decode(&p[1])?)))
                        .collect::<Option<_>>()?,
                )
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_snapshot_reads_back_the_same() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("c.json");
        let value = Value::Map(vec![
            ("lr".into(), Value::Float("1e-05".into())),
            ("z".into(), Value::Int(3)),
            (
                "a".into(),
                Value::Seq(vec![Value::Bool(true), Value::Null, Value::Str("x".into())]),
            ),
            (
                "m".into(),
                Value::Map(vec![("k".into(), Value::Float("0.1".into()))]),
            ),
        ]);
        let snap = Collected {
            params: vec![("params.yaml".into(), Ok(value))],
            metrics: vec![("m.json".into(), Err("'m.json' does not exist".into()))],
            deps: vec![(
                "d".into(),
                DataEntry {
                    hash: Some("h".into()),
                    size: Some(3),
                    nfiles: None,
                    use_cache: false,
                    is_data_source: false,
                },
            )],
            outs: vec![(
                "o".into(),
                DataEntry {
                    hash: None,
                    size: None,
                    nfiles: Some(2),
                    use_cache: true,
                    is_data_source: true,
                },
            )],
        };
        write(&path, &snap);
        assert_eq!(read(&path).expect("written"), snap);
        std::fs::write(&path, b"{\"format\": 0}").unwrap();
        assert!(read(&path).is_none(), "an older format is collected again");
    }
}
