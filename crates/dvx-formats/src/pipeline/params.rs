//! Parameter files (`params.yaml`, JSON, TOML, Python) read as DVC reads them, their values
//! selected by dotted keys, compared and rendered as DVC's `dvc.lock` records them.

use super::error::PipelineError;
use crate::yaml::Value;
pub use crate::yaml::{parse_float, py_float};

type Entries = Vec<(String, Value)>;

/// Parses a parameters file, choosing the format by its extension as DVC does (YAML unless the
/// name ends in `.json`, `.toml` or `.py`). An empty YAML file is an empty mapping.
pub fn parse(name: &str, text: &str) -> Result<Value, PipelineError> {
    parse_text(name, text).map_err(PipelineError::Syntax)
}

fn parse_text(name: &str, text: &str) -> Result<Value, String> {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "json" => {
            let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            Ok(from_json(&v))
        }
        "toml" => {
            let t: toml::Table =
                toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
            Ok(from_toml(&toml::Value::Table(t)))
        }
        "py" => parse_py(text),
        _ => {
            let docs = crate::yaml::load(text)?;
            Ok(match docs.into_iter().next() {
                None | Some(yaml_rust2::Yaml::Null) => Value::Map(Vec::new()),
                Some(y) => normalize(Value::from_yaml(&y)),
            })
        }
    }
}

/// Floats as Python prints them (`1.0e-05` is recorded as `1e-05`), which is how DVC's lock
/// file records a value it read.
pub fn normalize(v: Value) -> Value {
    match v {
        Value::Float(text) => Value::Float(py_float(parse_float(&text))),
        Value::Seq(items) => Value::Seq(items.into_iter().map(normalize).collect()),
        Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

/// Python's `str()` of a value, as `${}` interpolation writes it into a string.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => {
            let p = py_float(parse_float(f));
            match p.as_str() {
                ".inf" => "inf".into(),
                "-.inf" => "-inf".into(),
                ".nan" => "nan".into(),
                _ => p,
            }
        }
        Value::Str(s) => s.clone(),
        Value::Seq(items) => {
            let parts: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&Value::Str(k.clone())), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `repr()` of a value (lists print their strings quoted).
pub fn py_repr(v: &Value) -> String {
    match v {
        Value::Str(s) if s.contains('\'') && !s.contains('"') => format!("\"{s}\""),
        Value::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        other => py_str(other),
    }
}

/// Equality as Python compares the loaded values: numbers by value (`1 == 1.0`), mappings
/// regardless of key order.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            as_f64(a) == as_f64(b)
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        _ => a == b,
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => parse_float(f),
        _ => f64::NAN,
    }
}

/// The value at a dotted key (`train.lr`, `layers.0`), as DVC's `dpath.get(..., separator=".")`.
pub fn select<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in key.split('.') {
        cur = match cur {
            Value::Map(m) => m.iter().find(|(k, _)| k == part).map(|(_, v)| v)?,
            Value::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Nested mappings flattened to dotted keys (`train.lr`); other values are leaves. A value that
/// is not a mapping is one leaf with an empty key.
pub fn flatten(v: &Value) -> Vec<(String, Value)> {
    fn go(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Map(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    go(&key, v, out);
                }
            }
            other => out.push((prefix.to_string(), other.clone())),
        }
    }
    let mut out = Vec::new();
    go("", v, &mut out);
    out
}

/// What a params dependency records: each listed key found in the file, in the order listed, or
/// every top-level key when the whole file is tracked.
pub fn values(root: &Value, keys: &[String]) -> Vec<(String, Value)> {
    if keys.is_empty() {
        return match root {
            Value::Map(m) => m.clone(),
            _ => Vec::new(),
        };
    }
    let mut out: Vec<(String, Value)> = Vec::new();
    for k in keys {
        if out.iter().any(|(seen, _)| seen == k) {
            continue;
        }
        if let Some(v) = select(root, k) {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

fn from_json(v: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(py_float(n.as_f64().unwrap_or(f64::NAN))),
        },
        J::String(s) => Value::Str(s.clone()),
        J::Array(a) => Value::Seq(a.iter().map(from_json).collect()),
        J::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

fn from_toml(v: &toml::Value) -> Value {
    use toml::Value as T;
    match v {
        T::String(s) => Value::Str(s.clone()),
        T::Integer(i) => Value::Int(*i),
        T::Float(f) => Value::Float(py_float(*f)),
        T::Boolean(b) => Value::Bool(*b),
        T::Datetime(d) => Value::Str(d.to_string()),
        T::Array(a) => Value::Seq(a.iter().map(from_toml).collect()),
        T::Table(t) => Value::Map(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect()),
    }
}

/// A Python parameters file: module-level `NAME = literal` assignments, and the same inside
/// top-level `class Name:` blocks (as `{Name: {attr: value}}`), which is what DVC's AST reader
/// takes from such files. Literals are numbers, strings, `True`/`False`/`None` and lists,
/// tuples and dicts of those.
fn parse_py(text: &str) -> Result<Value, String> {
    let mut top: Vec<(String, Value)> = Vec::new();
    // a class being read: its name, attributes and their indentation
    let mut class: Option<(String, Entries, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let body = line.split(" #").next().unwrap_or(line).trim_end();
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        if indent == 0 {
            if let Some((name, attrs, _)) = class.take() {
                top.push((name, Value::Map(attrs)));
            }
            if let Some(rest) = body.strip_prefix("class ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                class = Some((name, Vec::new(), 0));
                continue;
            }
        }
        let Some((lhs, rhs)) = body.trim().split_once('=') else {
            continue;
        };
        let name = lhs.trim().trim_end_matches(':');
        let name = name.split(':').next().unwrap_or(name).trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let value = py_literal(rhs.trim())
            .map_err(|e| format!("line {}: cannot read '{}': {e}", n + 1, rhs.trim()))?;
        match &mut class {
            Some((_, attrs, depth)) if indent > 0 => {
                if *depth == 0 {
                    *depth = indent;
                }
                if indent == *depth {
                    attrs.push((name.to_string(), value));
                }
            }
            Some(_) => {}
            None if indent == 0 => top.push((name.to_string(), value)),
            None => {}
        }
    }
    if let Some((name, attrs, _)) = class.take() {
        top.push((name, Value::Map(attrs)));
    }
    Ok(Value::Map(top))
}

/// A Python literal read through JSON after mapping Python's spellings.
fn py_literal(s: &str) -> Result<Value, String> {
    let mut json = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                json.push('"');
                while let Some(d) = chars.next() {
                    if d == c {
                        break;
                    }
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            if e == '\'' {
                                json.push('\'');
                            } else {
                                json.push('\\');
                                json.push(e);
                            }
                        }
                        continue;
                    }
                    if d == '"' {
                        json.push('\\');
                    }
                    json.push(d);
                }
                json.push('"');
            }
            '(' => json.push('['),
            ')' => json.push(']'),
            c if c.is_alphabetic() => {
                let mut word = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        word.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                json.push_str(match word.as_str() {
                    "True" => "true",
                    "False" => "false",
                    "None" => "null",
                    "e" | "E" => "e",
                    _ => return Err(format!("'{word}' is not a literal")),
                });
            }
            c => json.push(c),
        }
    }
    let json = json.replace(",]", "]").replace(", ]", "]");
    let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    Ok(from_json(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_does() {
        assert_eq!(py_float(1e-5), "1e-05");
        assert_eq!(py_float(0.01), "0.01");
        assert_eq!(py_float(3.0), "3.0");
        assert_eq!(py_float(1e16), "1e+16");
        assert_eq!(py_float(1.5e20), "1.5e+20");
        assert_eq!(py_float(123456.5), "123456.5");
        assert_eq!(py_float(0.0001), "0.0001");
        assert_eq!(py_float(-2.5e-7), "-2.5e-07");
    }

    #[test]
    fn reads_each_format() {
        let y = parse("params.yaml", "train:\n  lr: 1.0e-05\n  layers: [1, 2]\n").unwrap();
        assert_eq!(select(&y, "train.lr"), Some(&Value::Float("1e-05".into())));
        assert_eq!(select(&y, "train.layers.1"), Some(&Value::Int(2)));
        let j = parse("p.json", r#"{"a": {"b": 1.0}, "c": [true]}"#).unwrap();
        assert_eq!(select(&j, "a.b"), Some(&Value::Float("1.0".into())));
        let t = parse("p.toml", "[model]\nlr = 0.5\nname = \"x\"\n").unwrap();
        assert_eq!(select(&t, "model.name"), Some(&Value::Str("x".into())));
        let p = parse(
            "p.py",
            "LR = 0.1\nNAME = 'x'\nFLAGS = [True, None]\n\nclass Train:\n    epochs = 3\n",
        )
        .unwrap();
        assert_eq!(select(&p, "LR"), Some(&Value::Float("0.1".into())));
        assert_eq!(select(&p, "Train.epochs"), Some(&Value::Int(3)));
        assert_eq!(
            select(&p, "FLAGS"),
            Some(&Value::Seq(vec![Value::Bool(true), Value::Null]))
        );
        assert!(parse("params.yaml", "a: [1,\n").is_err());
    }

    #[test]
    fn hostile_params_fail_cleanly() {
        let deep = |open: &str| open.repeat(100_000);
        for (name, text) in [
            ("p.json", deep("[")),
            ("p.json", format!("{{\"a\": {}", deep("{\"a\": "))),
            ("p.toml", format!("a = {}", deep("["))),
            ("p.toml", format!("a = {}", deep("{b = "))),
            ("p.py", format!("A = {}", deep("["))),
            ("p.yaml", deep("- ")),
        ] {
            assert!(parse(name, &text).is_err(), "{name} accepted");
        }
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&Value::Int(1), &Value::Float("1.0".into())));
        assert!(same(
            &Value::Float("1e-05".into()),
            &Value::Float("1.0e-05".into())
        ));
        assert!(!same(&Value::Int(1), &Value::Str("1".into())));
    }
}
