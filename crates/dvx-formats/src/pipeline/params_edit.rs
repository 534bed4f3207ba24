//! A params file rewritten with `-S` overrides applied, keeping what DVC keeps: a changed value
//! is replaced where it stands and keys are added and removed by their lines (comments, order
//! and layout of the rest untouched, as ruamel's and tomlkit's round-trip modes keep them; what
//! cannot be done so rewrites the file whole); JSON is written as `json.dump` writes it (one
//! line). Python params files take changes of existing values only.

use super::overrides::Override;
use super::params;
use super::yaml_layout::{self, lookup};
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
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if new == old && ext != "json" && !is_yaml(ext) {
        return Ok(text.to_string());
    }
    match ext {
        // DVC loads and dumps the file even when nothing changed
        "json" => {
            let mut out = new.to_python_json();
            if text.ends_with('\n') {
                out.push('\n');
            }
            Ok(out)
        }
        "toml" => match toml_in_place(name, text, &old, &new) {
            Some(t) => Ok(t),
            None => toml_document(&new),
        },
        "py" => scalar_changes(&old, &new)
            .and_then(|c| splice(text, &c, py_spans(text), py_scalar))
            .ok_or_else(|| {
                "a Python params file takes changes of existing values only: add or remove \
                 the key in the file itself"
                    .to_string()
            }),
        _ => {
            let edited = if new == old {
                text.to_string()
            } else {
                yaml_in_place(name, text, overrides, &new).unwrap_or_else(|| yaml_document(&new))
            };
            let normal = yaml_layout::normalize(&edited, &new)
                .filter(|t| params::parse(name, t).is_ok_and(|v| v == new))
                .unwrap_or(edited);
            // a mapping with no key left is written `{}`, as ruamel writes it
            if normal.trim().is_empty() && new == Value::Map(Vec::new()) {
                return Ok("{}\n".into());
            }
            Ok(normal)
        }
    }
}

fn is_yaml(ext: &str) -> bool {
    !matches!(ext, "json" | "toml" | "py")
}

/// The overrides applied to YAML text one by one, each where it stands: a changed scalar
/// replaced, a scalar key added at the end of its block mapping, a one-line key removed with
/// its line. None when one of them cannot be done so (the document is then written whole);
/// every step is read back and must give what the override gives.
fn yaml_in_place(name: &str, text: &str, overrides: &[Override], want: &Value) -> Option<String> {
    use super::overrides::Action;
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
            match lookup(&new, parent)? {
                // a mapping left empty is written `{}`
                Value::Map(m) if m.is_empty() && !parent.is_empty() => {
                    yaml_layout::empty_mapping(&text, parent)?
                }
                Value::Map(_) => yaml_layout::remove_key(&text, &path)?,
                _ => return None,
            }
        } else if let (Some(Value::Seq(_)), Some(v @ Value::Seq(_))) =
            (lookup(&old, &path), lookup(&new, &path))
        {
            yaml_layout::set_seq(&text, &path, v)?
        } else {
            // the first key of the path that is new is added with all it holds
            let first_new = (1..=path.len()).find(|&i| lookup(&old, &path[..i]).is_none())?;
            let added = &path[..first_new];
            yaml_layout::add_key(&text, added, lookup(&new, added)?)?
        };
        if read(&text)? != new {
            return None;
        }
    }
    (read(&text)? == *want).then_some(text)
}

/// A change of one key between two mappings.
enum Edit {
    Set(Path, Value),
    Remove(Path),
    Add(Path, Value),
}

/// What turns the mapping `old` into `new`, key by key: values replaced (a mapping is entered,
/// not replaced, unless it becomes something else), keys removed, then keys added in `new`'s
/// order.
fn key_edits(old: &Value, new: &Value) -> Vec<Edit> {
    fn go(path: &mut Path, old: &[(String, Value)], new: &[(String, Value)], out: &mut Vec<Edit>) {
        let get = |m: &'_ [(String, Value)], k: &str| -> Option<Value> {
            m.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone())
        };
        let mut adds = Vec::new();
        for (k, ov) in old {
            path.push(k.clone());
            match (ov, get(new, k)) {
                (_, None) => out.push(Edit::Remove(path.clone())),
                (Value::Map(a), Some(Value::Map(b))) => go(path, a, &b, out),
                (Value::Map(_), Some(nv)) => {
                    out.push(Edit::Remove(path.clone()));
                    adds.push(Edit::Add(path.clone(), nv));
                }
                (_, Some(nv @ Value::Map(_))) => {
                    out.push(Edit::Remove(path.clone()));
                    adds.push(Edit::Add(path.clone(), nv));
                }
                (ov, Some(nv)) if *ov != nv => out.push(Edit::Set(path.clone(), nv)),
                _ => {}
            }
            path.pop();
        }
        out.extend(adds);
        for (k, nv) in new {
            if get(old, k).is_none() {
                path.push(k.clone());
                out.push(Edit::Add(path.clone(), nv.clone()));
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    if let (Value::Map(a), Value::Map(b)) = (old, new) {
        go(&mut Vec::new(), a, b, &mut out);
    }
    out
}

/// The edits applied to TOML text where they stand, as tomlkit does; None when one of them
/// cannot be, or the text read back is not `new`.
fn toml_in_place(name: &str, text: &str, old: &Value, new: &Value) -> Option<String> {
    use super::toml_layout as layout;
    let mut text = text.to_string();
    for edit in key_edits(old, new) {
        text = match edit {
            Edit::Set(path, v) => layout::set_value(&text, &path, &toml_value(&v)?)?,
            Edit::Remove(path) => layout::remove(&text, &path)?,
            Edit::Add(path, v) => {
                let (key, parent) = path.split_last()?;
                if matches!(v, Value::Map(_)) {
                    layout::add_table(&text, parent, key, &v, toml_value)?
                } else {
                    layout::add_key(&text, parent, key, &toml_value(&v)?)?
                }
            }
        };
    }
    let back = params::parse(name, &text).ok()?;
    params::same(&back, new).then_some(text)
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
        edits.push(yaml_layout::replace_value(
            text,
            *start,
            *end,
            &yaml_layout::scalar_text(v)?,
        ));
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
                    TScalarStyle::SingleQuoted => yaml_layout::quoted_len(raw, b'\''),
                    TScalarStyle::DoubleQuoted => yaml_layout::quoted_len(raw, b'"'),
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

fn yaml_document(v: &Value) -> String {
    let mut e = Emitter::new();
    match v {
        Value::Map(m) if !m.is_empty() => e.map(m, 0, false),
        Value::Map(_) => return "{}\n".into(),
        other => e.seq(std::slice::from_ref(other), 0),
    }
    e.finish()
}

/// A value as tomlkit writes it: floats as Python prints them, strings in double quotes.
fn toml_value(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(_) => params::py_str(v),
        Value::Str(s) => toml_string(s),
        Value::Seq(items) => {
            let items: Option<Vec<String>> = items.iter().map(toml_value).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Null | Value::Map(_) => return None,
    })
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
        if let Some(len) = super::toml_layout::scalar_len(v) {
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
        // unchanged: DVC still writes it back, without the quotes ruamel does not keep
        assert_eq!(
            run("params.yaml", text, &["epochs=3"]).unwrap(),
            text.replace("'cnn'", "cnn")
        );
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

    /// Outputs DVC 3.67.1 (ruamel, tomlkit) wrote for the same inputs.
    #[test]
    fn files_come_out_as_dvc_writes_them() {
        let cases: &[(&str, &str, &[&str], &str)] = &[
            (
                "p.yaml",
                "a: True  # c\nb: ~    # d\nc: \"x\"  # e\nn: 1\nl:\n- 1\n# after l\nm: 2\n",
                &["n=2"],
                "a: true  # c\nb:      # d\nc: x    # e\nn: 2\nl:\n- 1\nm: 2\n",
            ),
            (
                "p.yaml",
                "flow: [1, 2]   # fl\ni:   # c\n  - 1   # one\n  - \"two\"\nm: {x: 1, y: 'z'}   # fm\nh: |\n  lit\ne: 1_000\n",
                &["e=5"],
                "flow:          # fl\n- 1\n- 2\ni:   # c\n- 1\n- two\nm: {x: 1, y: z}     # fm\nh: |\n  lit\ne: 5\n",
            ),
            (
                "p.yaml",
                "a: 1  # c\nz: 2\n",
                &["+m={x: 1, y: [1,2]}", "+a2.b.c=5", "+l=[1, [2, 3], {k: v}]"],
                "a: 1  # c\nz: 2\nm:\n  x: 1\n  y:\n  - 1\n  - 2\na2:\n  b:\n    c: 5\nl:\n- 1\n- - 2\n  - 3\n- k: v\n",
            ),
            (
                "p.yaml",
                "x:\n  y:\n    z: [1]  # c\n",
                &["x.y.z=[2, 3]"],
                "x:\n  y:\n    z:      # c\n    - 2\n    - 3\n",
            ),
            ("p.yaml", "a: 1\nb: 2\n", &["~a", "~b"], "{}\n"),
            (
                "p.toml",
                "# top\nlr = 0.1 # rate\nname = \"cnn\"\n\n[model]\n# the model\ndepth = 2  # layers\nwidth = 4\n\n[train]\nepochs = 3\n",
                &["lr=0.5", "~model.depth", "+model.act=relu", "+train.opt={name: adam}", "train.epochs=5"],
                "# top\nlr = 0.5 # rate\nname = \"cnn\"\n\n[model]\n# the model\nwidth = 4\nact = \"relu\"\n\n[train]\nepochs = 5\n\n[train.opt]\nname = \"adam\"\n",
            ),
            (
                "p.toml",
                "a = 1\n\n[t]\nb = 2\n\n[u]\nx = 1\n",
                &["+f=0.5", "+h=[1, \"a\", 1.5]", "+t.e=1e-3", "+u.s='a\"b'", "+t.m={}"],
                "a = 1\nf = 0.5\nh = [1, \"a\", 1.5]\n\n[t]\nb = 2\ne = 0.001\n\n[t.m]\n[u]\nx = 1\ns = \"a\\\"b\"\n",
            ),
            ("p.toml", "a = 1\n[t]\nb = 2\n[u]\nx = 1\n", &["~t"], "a = 1\n[u]\nx = 1\n"),
            ("p.toml", "a = 1\n", &["a={x: 1}"], "\n[a]\nx = 1\n"),
            ("p.toml", "a.b = 1\n", &["a.b=2", "+a.c=3"], "a.b = 2\na.c = 3\n"),
        ];
        for (name, text, ovs, want) in cases {
            assert_eq!(
                run(name, text, ovs).unwrap(),
                *want,
                "{name} {text:?} {ovs:?}"
            );
        }
    }

    #[test]
    fn overrides_that_do_not_apply_say_why() {
        let e = run("params.yaml", "lr: 1\n", &["nope=2"]).unwrap_err();
        assert!(e.contains("Could not override 'nope'"), "{e}");
        assert!(run("params.yaml", "lr: [\n", &["lr=2"]).is_err());
    }
}
