//! A params file rewritten with `-S` overrides applied, keeping what DVC keeps: a changed value
//! is replaced where it stands (comments, order and layout of the rest untouched, as ruamel's
//! and tomlkit's round-trip modes keep them); a key added or removed rewrites a YAML or TOML
//! file whole (comments are then lost); JSON is written as `json.dump` writes it (one line).
//! Python params files take changes of existing values only.

use super::overrides::Override;
use super::params;
use crate::yaml::{Emitter, Value};

/// `text` of the params file `name` with `overrides` applied, or why they do not apply.
pub fn apply(name: &str, text: &str, overrides: &[Override]) -> Result<String, String> {
    // a file that does not exist (or is empty) is an empty mapping, as DVC reads it
    let old = if text.trim().is_empty() {
        Value::Map(Vec::new())
    } else {
        params::parse(name, text).map_err(|e| e.to_string())?
    };
    let mut new = old.clone();
    for o in overrides {
        o.apply(&mut new)?;
    }
    if new == old {
        return Ok(text.to_string());
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let changes = scalar_changes(&old, &new);
    match ext {
        "json" => {
            let mut out = new.to_python_json();
            if text.ends_with('\n') {
                out.push('\n');
            }
            Ok(out)
        }
        "toml" => match changes.and_then(|c| splice(text, &c, toml_spans(text), toml_scalar)) {
            Some(t) => Ok(t),
            None => toml_document(&new),
        },
        "py" => changes
            .and_then(|c| splice(text, &c, py_spans(text), py_scalar))
            .ok_or_else(|| {
                "a Python params file takes changes of existing values only: add or remove \
                 the key in the file itself"
                    .to_string()
            }),
        _ => match yaml_in_place(name, text, overrides, &new) {
            Some(t) => Ok(t),
            None => Ok(yaml_document(&new)),
        },
    }
}

/// The overrides applied to YAML text one by one, each where it stands: a changed scalar
/// replaced, a scalar key added at the end of its block mapping, a one-line key removed with
/// its line. None when one of them cannot be done so (the document is then written whole);
/// every step is read back and must give what the override gives.
fn yaml_in_place(name: &str, text: &str, overrides: &[Override], want: &Value) -> Option<String> {
    use super::overrides::Action;
    use super::yaml_layout::{add_key, is_scalar, remove_key};
    let read = |t: &str| -> Option<Value> {
        if t.trim().is_empty() {
            Some(Value::Map(Vec::new()))
        } else {
            params::parse(name, t).ok()
        }
    };
    let mut text = text.to_string();
    for o in overrides {
        let old = read(&text)?;
        let mut new = old.clone();
        o.apply(&mut new).ok()?;
        if new == old {
            continue;
        }
        let path: Vec<String> = o.key.split('.').map(String::from).collect();
        text = if let Some(c) = scalar_changes(&old, &new) {
            splice_yaml(&text, &c)?
        } else if o.action == Action::Delete {
            let (_, parent) = path.split_last()?;
            // a mapping left empty would read back as null: written whole instead
            match lookup(&new, parent)? {
                Value::Map(m) if !m.is_empty() || parent.is_empty() => remove_key(&text, &path)?,
                _ => return None,
            }
        } else {
            let v = lookup(&new, &path)?;
            if lookup(&old, &path).is_some() || !is_scalar(v) {
                return None;
            }
            add_key(&text, &path, &yaml_scalar(v)?)?
        };
        if read(&text)? != new {
            return None;
        }
    }
    (read(&text)? == *want).then_some(text)
}

fn lookup<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut cur = root;
    for part in path {
        cur = match cur {
            Value::Map(m) => &m.iter().find(|(k, _)| k == part)?.1,
            _ => return None,
        };
    }
    Some(cur)
}

type Path = Vec<String>;

/// The scalar leaves that differ between two trees of the same shape (same keys in the same
/// order, same sequence lengths), or None when the shape changed.
fn scalar_changes(old: &Value, new: &Value) -> Option<Vec<(Path, Value)>> {
    fn go(path: &mut Path, a: &Value, b: &Value, out: &mut Vec<(Path, Value)>) -> bool {
        match (a, b) {
            (Value::Map(x), Value::Map(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).all(|((ka, va), (kb, vb))| {
                        ka == kb && {
                            path.push(ka.clone());
                            let ok = go(path, va, vb, out);
                            path.pop();
                            ok
                        }
                    })
            }
            (Value::Seq(x), Value::Seq(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).enumerate().all(|(i, (va, vb))| {
                        path.push(i.to_string());
                        let ok = go(path, va, vb, out);
                        path.pop();
                        ok
                    })
            }
            (Value::Map(_) | Value::Seq(_), _) | (_, Value::Map(_) | Value::Seq(_)) => false,
            (x, y) => {
                if x != y {
                    out.push((path.clone(), y.clone()));
                }
                true
            }
        }
    }
    let mut out = Vec::new();
    go(&mut Vec::new(), old, new, &mut out).then_some(out)
}

/// Replaces each changed scalar's text in place; None when one of them cannot be found.
fn splice(
    text: &str,
    changes: &[(Path, Value)],
    spans: Option<Vec<(Path, usize, usize)>>,
    render: fn(&Value) -> Option<String>,
) -> Option<String> {
    let spans = spans?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (path, v) in changes {
        let (_, start, end) = spans.iter().find(|(p, _, _)| p == path)?;
        edits.push((*start, *end, render(v)?));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    Some(out)
}

/// [`splice`] for YAML: a comment after a replaced value stays at its column, as ruamel keeps
/// it (one space at least).
fn splice_yaml(text: &str, changes: &[(Path, Value)]) -> Option<String> {
    let spans = yaml_spans(text)?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (path, v) in changes {
        let (_, start, end) = spans.iter().find(|(p, _, _)| p == path)?;
        let value = yaml_scalar(v)?;
        let rest = &text[*end..];
        let line_rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let gap = line_rest.len() - line_rest.trim_start().len();
        let replacement = if gap > 0 && line_rest.trim_start().starts_with('#') {
            let line_start = text[..*start].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..*end + gap].chars().count();
            let new_end = text[line_start..*start].chars().count() + value.chars().count();
            format!(
                "{value}{}",
                " ".repeat(column.saturating_sub(new_end).max(1))
            )
        } else {
            value
        };
        let cut = if replacement.ends_with(' ') {
            *end + gap
        } else {
            *end
        };
        edits.push((*start, cut, replacement));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    Some(out)
}

/// Every single-line scalar value of a YAML document with its byte span, by key path.
fn yaml_spans(text: &str) -> Option<Vec<(Path, usize, usize)>> {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::TScalarStyle;
    enum Open {
        Map { key: Option<String> },
        Seq { next: usize },
    }
    // the parser's marks count characters; spans are bytes
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut out = Vec::new();
    let path_of = |stack: &[Open]| -> Path {
        stack
            .iter()
            .map(|o| match o {
                Open::Map { key } => key.clone().unwrap_or_default(),
                Open::Seq { next } => next.to_string(),
            })
            .collect()
    };
    loop {
        let (event, mark) = parser.next_token().ok()?;
        // a value ends the pending key of its map, or takes the next index of its sequence
        let is_value = match stack.last() {
            Some(Open::Map { key }) => key.is_some(),
            Some(Open::Seq { .. }) => true,
            None => false,
        };
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Open::Map { key: None }
                } else {
                    Open::Seq { next: 0 }
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Scalar(value, style, _, _) if is_value => {
                let start = *byte_at.get(mark.index())?;
                let raw = &text[start..];
                let len = match style {
                    TScalarStyle::Plain => raw.starts_with(value.as_str()).then_some(value.len()),
                    TScalarStyle::SingleQuoted => quoted_len(raw, b'\''),
                    TScalarStyle::DoubleQuoted => quoted_len(raw, b'"'),
                    _ => None,
                };
                if let Some(len) = len.filter(|&l| !raw[..l].contains('\n')) {
                    out.push((path_of(&stack), start, start + len));
                }
            }
            Event::Scalar(value, ..) => {
                if let Some(Open::Map { key }) = stack.last_mut() {
                    *key = Some(value);
                }
                continue;
            }
            Event::Alias(_) if !is_value => return None,
            _ => continue,
        }
        // a value (or a closed collection) was read: advance its parent
        match stack.last_mut() {
            Some(Open::Map { key }) => *key = None,
            Some(Open::Seq { next }) => *next += 1,
            None => {}
        }
    }
    Some(out)
}

/// The length of a quoted scalar starting at `raw[0] == q`.
fn quoted_len(raw: &str, q: u8) -> Option<usize> {
    let b = raw.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn yaml_scalar(v: &Value) -> Option<String> {
    if matches!(v, Value::Null | Value::Map(_) | Value::Seq(_)) {
        return None;
    }
    // a scalar as the emitter writes it after a key, without the key
    let mut e = Emitter::new();
    e.map(&[("k".into(), v.clone())], 0, false);
    let s = e.finish();
    let s = s.strip_prefix("k: ")?.strip_suffix('\n')?;
    (!s.contains('\n')).then(|| s.to_string())
}

fn yaml_document(v: &Value) -> String {
    let mut e = Emitter::new();
    match v {
        Value::Map(m) if !m.is_empty() => e.map(m, 0, false),
        Value::Map(_) => return "{}\n".into(),
        other => e.seq(std::slice::from_ref(other), 0),
    }
    e.finish()
}

/// `key = value` lines of a TOML document (under `[table]` headers), by key path.
fn toml_spans(text: &str) -> Option<Vec<(Path, usize, usize)>> {
    let mut out = Vec::new();
    let mut table: Path = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(h) = t.strip_prefix('[') {
            let h = h.split(']').next()?;
            table = h.split('.').map(|s| unquote(s.trim())).collect();
            continue;
        }
        let Some((k, rest)) = line.split_once('=') else {
            continue;
        };
        if t.starts_with('#') {
            continue;
        }
        let mut path = table.clone();
        path.extend(k.split('.').map(|s| unquote(s.trim())));
        let value_start = start + k.len() + 1;
        let v = rest.trim_start();
        let vs = value_start + (rest.len() - v.len());
        let len = value_len(v)?;
        out.push((path, vs, vs + len));
    }
    Some(out)
}

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// The length of a one-line scalar value (TOML or Python) at the start of `v`: up to a comment
/// or the end of the line; None for what spans lines or is not a scalar.
fn value_len(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    match b.first()? {
        b'"' => quoted_len(v, b'"'),
        b'\'' => quoted_len(v, b'\''),
        b'[' | b'{' | b'(' => None,
        _ => {
            let end = v.find(['#', '\n', '\r']).unwrap_or(v.len());
            let len = v[..end].trim_end().len();
            (len > 0).then_some(len)
        }
    }
}

fn toml_scalar(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => toml_float(f),
        Value::Str(s) => toml::Value::String(s.clone()).to_string(),
        _ => return None,
    })
}

fn toml_float(f: &str) -> String {
    match f {
        ".inf" => "inf".into(),
        "-.inf" => "-inf".into(),
        ".nan" => "nan".into(),
        other => other.to_string(),
    }
}

fn toml_document(v: &Value) -> Result<String, String> {
    fn conv(v: &Value) -> Option<toml::Value> {
        Some(match v {
            Value::Null => return None,
            Value::Bool(b) => toml::Value::Boolean(*b),
            Value::Int(i) => toml::Value::Integer(*i),
            Value::Float(f) => toml::Value::Float(crate::yaml::parse_float(f)),
            Value::Str(s) => toml::Value::String(s.clone()),
            Value::Seq(items) => toml::Value::Array(items.iter().filter_map(conv).collect()),
            Value::Map(m) => toml::Value::Table(
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), conv(v)?)))
                    .collect(),
            ),
        })
    }
    match conv(v) {
        Some(toml::Value::Table(t)) => toml::to_string(&t).map_err(|e| e.to_string()),
        _ => Err("a TOML params file must be a table".into()),
    }
}

/// `NAME = value` assignments of a Python params file (top level and one class level).
fn py_spans(text: &str) -> Option<Vec<(Path, usize, usize)>> {
    let mut out = Vec::new();
    let mut class: Option<String> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent == 0 {
            class = t.strip_prefix("class ").map(|r| {
                r.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            });
            if class.is_some() {
                continue;
            }
        } else if class.is_none() {
            continue;
        }
        let Some((lhs, rest)) = line.split_once('=') else {
            continue;
        };
        let name = lhs.trim().split(':').next().unwrap_or("").trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut path: Path = class.iter().cloned().collect();
        if indent == 0 {
            path.clear();
        }
        path.push(name.to_string());
        let v = rest.trim_start();
        let vs = start + lhs.len() + 1 + (rest.len() - v.len());
        if let Some(len) = value_len(v) {
            out.push((path, vs, vs + len));
        }
    }
    Some(out)
}

fn py_scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("None".into()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
        Value::Str(s) => Some(format!("{s:?}")),
        Value::Int(_) | Value::Float(_) => Some(params::py_repr(v)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, text: &str, ovs: &[&str]) -> Result<String, String> {
        let ovs: Vec<Override> = ovs.iter().map(|o| Override::parse(o).unwrap()).collect();
        apply(name, text, &ovs)
    }

    #[test]
    fn yaml_changes_keep_comments_and_layout() {
        let text = "# training\nlr: 0.001   # learning rate\nepochs: 3\nmodel:\n  depth: 2\n  name: 'cnn'\nlist:\n- 1\n- 2\n";
        let out = run(
            "params.yaml",
            text,
            &["lr=0.01", "model.depth=5", "model.name=rnn", "list.1=7"],
        )
        .unwrap();
        assert_eq!(
            out,
            "# training\nlr: 0.01    # learning rate\nepochs: 3\nmodel:\n  depth: 5\n  name: rnn\nlist:\n- 1\n- 7\n"
        );
        // a string that reads as a number is quoted
        let out = run("params.yaml", text, &["model.name='10'"]).unwrap();
        assert!(out.contains("  name: '10'\n"), "{out}");
        // unchanged: the same bytes
        assert_eq!(run("params.yaml", text, &["epochs=3"]).unwrap(), text);
    }

    #[test]
    fn yaml_adds_and_removes_keep_the_rest_of_the_text() {
        let text = "# run\nlr: 0.1  # rate\nmodel:\n  depth: 2\n  width: 4\n";
        let out = run(
            "params.yaml",
            text,
            &["+opt=adam", "~model.depth", "+model.act=relu"],
        )
        .unwrap();
        assert_eq!(
            out,
            "# run\nlr: 0.1  # rate\nmodel:\n  width: 4\n  act: relu\nopt: adam\n"
        );
        // what cannot be done in place is written whole: a mapping left empty, a new map
        let out = run(
            "params.yaml",
            "lr: 0.1\nmodel:\n  depth: 2\n",
            &["~model.depth"],
        )
        .unwrap();
        assert_eq!(out, "lr: 0.1\nmodel: {}\n");
        let out = run("params.yaml", "lr: 0.1\n", &["+opt={name: adam}"]).unwrap();
        assert_eq!(out, "lr: 0.1\nopt:\n  name: adam\n");
    }

    #[test]
    fn json_toml_and_python() {
        assert_eq!(
            run(
                "p.json",
                "{\n  \"lr\": 0.1, \"n\": {\"a\": 1}\n}\n",
                &["n.a=2"]
            )
            .unwrap(),
            "{\"lr\": 0.1, \"n\": {\"a\": 2}}\n"
        );
        let toml = "# top\nlr = 0.1 # rate\n[model]\ndepth = 2\nname = \"cnn\"\n";
        assert_eq!(
            run(
                "p.toml",
                toml,
                &["model.depth=4", "model.name=rnn", "lr=0.5"]
            )
            .unwrap(),
            "# top\nlr = 0.5 # rate\n[model]\ndepth = 4\nname = \"rnn\"\n"
        );
        assert!(run("p.toml", toml, &["+extra=1"])
            .unwrap()
            .contains("extra = 1"));
        let py = "LR = 0.1  # rate\nclass Train:\n    epochs = 3\n    name = 'a'\n";
        assert_eq!(
            run("p.py", py, &["LR=0.2", "Train.epochs=5", "Train.name=b"]).unwrap(),
            "LR = 0.2  # rate\nclass Train:\n    epochs = 5\n    name = \"b\"\n"
        );
        assert!(run("p.py", py, &["+NEW=1"]).is_err());
    }

    #[test]
    fn overrides_that_do_not_apply_say_why() {
        let e = run("params.yaml", "lr: 1\n", &["nope=2"]).unwrap_err();
        assert!(e.contains("Could not override 'nope'"), "{e}");
        assert!(run("params.yaml", "lr: [\n", &["lr=2"]).is_err());
    }
}
