//! `${}` interpolation in `dvc.yaml`, as DVC's `dvc.parsing` does it: `vars` and `params.yaml`
//! make a context; `${a.b[0]}` selects from it; a string that is exactly one `${...}` takes the
//! selected value with its type, anything else gets it written in (`\${` stays literal).

use super::params::py_str;
use crate::yaml::Value;

/// Interpolation variables, each top-level key with the source it came from.
#[derive(Debug, Clone, Default)]
pub struct Context {
    data: Vec<(String, Value)>,
    sources: Vec<(String, String)>,
    /// What `${}` took from files, in order: (file, dotted path, value).
    tracked: std::cell::RefCell<Vec<(String, String, Value)>>,
}

impl Context {
    /// Adds the keys of `map` (from `source`: a file name or `vars[i]`). Like DVC, a key cannot
    /// be defined twice, except that mappings merge key by key.
    pub fn merge(&mut self, map: &Value, source: &str) -> Result<(), String> {
        let Value::Map(entries) = map else {
            return Err(format!("'{source}' is not a mapping of variables"));
        };
        for (k, v) in entries {
            match self.data.iter_mut().find(|(key, _)| key == k) {
                None => {
                    self.data.push((k.clone(), v.clone()));
                    self.sources.push((k.clone(), source.to_string()));
                }
                Some((_, existing)) => {
                    let before = self
                        .sources
                        .iter()
                        .find(|(key, _)| key == k)
                        .map(|(_, s)| s.clone())
                        .unwrap_or_default();
                    merge_value(existing, v, k).map_err(|key| {
                        format!(
                            "cannot redefine '{key}' from '{source}' as it already exists in '{before}'"
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Sets a key for one generated stage (`item`, `key`), replacing what was there.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.data.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.data.push((key.to_string(), value)),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.data.iter().any(|(k, _)| k == key)
    }

    /// What `${}` took from files since the last call, by file in order of first use: a
    /// scalar or a list by its dotted path (DVC tracks neither mappings nor the variables of
    /// `vars` mappings and `foreach`).
    pub fn take_tracked(&self) -> Vec<(String, Vec<(String, Value)>)> {
        let mut out: Vec<(String, Vec<(String, Value)>)> = Vec::new();
        for (file, path, value) in self.tracked.borrow_mut().drain(..) {
            let i = match out.iter().position(|(f, _)| *f == file) {
                Some(i) => i,
                None => {
                    out.push((file, Vec::new()));
                    out.len() - 1
                }
            };
            match out[i].1.iter_mut().find(|(p, _)| *p == path) {
                Some(slot) => slot.1 = value,
                None => out[i].1.push((path, value)),
            }
        }
        out
    }

    /// The value an expression such as `train.layers[0]` names.
    pub fn select(&self, expr: &str) -> Result<&Value, String> {
        let v = self.lookup(expr)?;
        let normalized = expr.replace('[', ".").replace(']', "");
        let path: Vec<&str> = normalized.split('.').map(str::trim).collect();
        let source = self
            .sources
            .iter()
            .find(|(k, _)| k == path[0])
            .map(|(_, s)| s.as_str());
        // a `vars` mapping (`vars[i]`) is local to the file, as are `item` and `key`
        if let (Some(file), false) = (source, matches!(v, Value::Map(_))) {
            if !file.contains("vars[") {
                self.tracked
                    .borrow_mut()
                    .push((file.to_string(), path.join("."), v.clone()));
            }
        }
        Ok(v)
    }

    fn lookup(&self, expr: &str) -> Result<&Value, String> {
        let normalized = expr.replace('[', ".").replace(']', "");
        let mut cur: Option<&Value> = None;
        for (i, part) in normalized.split('.').enumerate() {
            let part = part.trim();
            let next = if i == 0 {
                self.data.iter().find(|(k, _)| k == part).map(|(_, v)| v)
            } else {
                match cur {
                    Some(Value::Map(m)) => m.iter().find(|(k, _)| k == part).map(|(_, v)| v),
                    Some(Value::Seq(s)) => part.parse::<usize>().ok().and_then(|i| s.get(i)),
                    _ => None,
                }
            };
            cur = Some(next.ok_or_else(|| format!("Could not find '{expr}'"))?);
        }
        cur.ok_or_else(|| format!("Could not find '{expr}'"))
    }

    /// Interpolates every string (map keys included) in `v`; `key` is the stage key being
    /// resolved (`cmd` may take a mapping, written as `--name value` arguments).
    pub fn resolve(&self, v: &Value, key: &str) -> Result<Value, String> {
        Ok(match v {
            Value::Str(s) => self.resolve_str(s, key)?,
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .map(|i| self.resolve(i, key))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let k = match self.resolve_str(k, key)? {
                        Value::Str(s) => s,
                        other => py_str(&other),
                    };
                    out.push((k, self.resolve(v, key)?));
                }
                Value::Map(out)
            }
            other => other.clone(),
        })
    }

    fn resolve_str(&self, s: &str, key: &str) -> Result<Value, String> {
        let matches = find_expressions(s)?;
        if matches.is_empty() {
            return Ok(Value::Str(s.replace("\\${", "${")));
        }
        if matches.len() == 1 && matches[0].0 == 0 && matches[0].1 == s.len() {
            return Ok(self.select(&matches[0].2)?.clone());
        }
        let mut buf = String::new();
        let mut index = 0;
        for (start, end, expr) in &matches {
            let value = self.select(expr)?;
            let text = match value {
                Value::Map(_) if key == "cmd" => cli_args(value)?,
                Value::Map(_) | Value::Seq(_) => {
                    return Err(format!(
                        "Cannot interpolate data of type '{}'",
                        if matches!(value, Value::Map(_)) {
                            "dict"
                        } else {
                            "list"
                        }
                    ))
                }
                v => py_str(v),
            };
            buf.push_str(&s[index..*start]);
            buf.push_str(&text);
            index = *end;
        }
        buf.push_str(&s[index..]);
        Ok(Value::Str(buf.replace("\\${", "${")))
    }
}

/// Whether a string holds a `${...}` expression.
pub fn is_interpolated(s: &str) -> bool {
    find_expressions(s).is_ok_and(|m| !m.is_empty())
}

/// The `${...}` expressions in `s` (not escaped with a backslash): byte span and inner text.
fn find_expressions(s: &str) -> Result<Vec<(usize, usize, String)>, String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = s[from..].find("${") {
        let start = from + pos;
        if start > 0 && s.as_bytes()[start - 1] == b'\\' {
            from = start + 2;
            continue;
        }
        let Some(close) = s[start + 2..].find('}') else {
            break;
        };
        let end = start + 2 + close + 1;
        let inner = &s[start + 2..end - 1];
        check_expression(inner).map_err(|e| format!("${{{inner}}}: {e}"))?;
        out.push((start, end, inner.to_string()));
        from = end;
    }
    Ok(out)
}

/// DVC's grammar: a word, then `.word` or `[word]` parts; words hold no `.`, `[` or `]`.
fn check_expression(expr: &str) -> Result<(), String> {
    if expr.trim().is_empty() {
        return Err("empty expression".into());
    }
    let mut chars = expr.chars().peekable();
    let mut need_word = true;
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '.' if !in_bracket && !need_word => need_word = true,
            '[' if !in_bracket && !need_word => {
                in_bracket = true;
                need_word = true;
            }
            ']' if in_bracket && !need_word => in_bracket = false,
            '.' | '[' | ']' => return Err(format!("unexpected '{c}'")),
            _ => {
                need_word = false;
                while let Some(&d) = chars.peek() {
                    if matches!(d, '.' | '[' | ']') {
                        break;
                    }
                    chars.next();
                }
            }
        }
    }
    if need_word || in_bracket {
        return Err("incomplete expression".into());
    }
    Ok(())
}

/// Merges `new` into `existing`: mappings key by key, anything else is a redefinition (the
/// error carries the dotted key).
fn merge_value(existing: &mut Value, new: &Value, path: &str) -> Result<(), String> {
    match (existing, new) {
        (Value::Map(old), Value::Map(add)) => {
            for (k, v) in add {
                let sub = format!("{path}.{k}");
                match old.iter_mut().find(|(key, _)| key == k) {
                    Some((_, o)) => merge_value(o, v, &sub)?,
                    None => old.push((k.clone(), v.clone())),
                }
            }
            Ok(())
        }
        _ => Err(path.to_string()),
    }
}

/// A mapping written into `cmd` as command-line arguments, as DVC does: `--key value`, nested
/// keys joined with `.`, `true` as a bare flag, `false` left out, lists as `--key a b`.
fn cli_args(v: &Value) -> Result<String, String> {
    let flat = super::params::flatten(v);
    let mut out = String::new();
    for (k, v) in &flat {
        match v {
            Value::Bool(true) => out.push_str(&format!("--{k} ")),
            Value::Bool(false) => {}
            Value::Str(s) => out.push_str(&format!("--{k} {} ", shell_quote(s))),
            Value::Seq(items) => {
                for (n, i) in items.iter().enumerate() {
                    let text = match i {
                        Value::Str(s) => shell_quote(s),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(format!("Cannot interpolate nested iterable in '{k}'"))
                        }
                        other => py_str(other),
                    };
                    if n > 0 {
                        out.push_str(&format!("{text} "));
                    } else {
                        out.push_str(&format!("--{k} {text} "));
                    }
                }
            }
            other => out.push_str(&format!("--{k} {} ", py_str(other))),
        }
    }
    Ok(out.trim_end().to_string())
}

/// Python's `shlex.quote`.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::params;

    fn ctx() -> Context {
        let mut c = Context::default();
        let p = params::parse(
            "params.yaml",
            "train:\n  lr: 0.01\n  layers: [8, 16]\n  on: true\nname: x y\n",
        )
        .unwrap();
        c.merge(&p, "params.yaml").unwrap();
        c
    }

    #[test]
    fn selects_and_writes_values_in() {
        let c = ctx();
        let r = c
            .resolve(
                &Value::Str("run ${train.lr} ${train.layers[1]} ${train.on}".into()),
                "cmd",
            )
            .unwrap();
        assert_eq!(r, Value::Str("run 0.01 16 true".into()));
        let whole = c
            .resolve(&Value::Str("${train.layers}".into()), "foreach")
            .unwrap();
        assert_eq!(whole, Value::Seq(vec![Value::Int(8), Value::Int(16)]));
        let escaped = c
            .resolve(&Value::Str("echo \\${HOME}".into()), "cmd")
            .unwrap();
        assert_eq!(escaped, Value::Str("echo ${HOME}".into()));
        let args = c
            .resolve(&Value::Str("train ${train}".into()), "cmd")
            .unwrap();
        assert_eq!(
            args,
            Value::Str("train --lr 0.01 --layers 8 16 --on".into())
        );
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let c = ctx();
        let e = c
            .resolve(&Value::Str("x ${train.nope}".into()), "cmd")
            .unwrap_err();
        assert_eq!(e, "Could not find 'train.nope'");
        let e = c
            .resolve(&Value::Str("x ${train}".into()), "outs")
            .unwrap_err();
        assert!(e.contains("Cannot interpolate data of type 'dict'"), "{e}");
        assert!(c.resolve(&Value::Str("x ${a..b}".into()), "cmd").is_err());
        let mut c2 = ctx();
        let dup = params::parse("v.yaml", "train:\n  lr: 1\n").unwrap();
        let e = c2.merge(&dup, "vars[0]").unwrap_err();
        assert_eq!(
            e,
            "cannot redefine 'train.lr' from 'vars[0]' as it already exists in 'params.yaml'"
        );
    }
}
