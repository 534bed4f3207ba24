//! `exp run -S [FILE:]KEY=VALUE`: Hydra's override syntax, as DVC applies it to a params file.
//!
//! `key=value` changes a key that exists, `+key=value` adds one that does not, `++key=value`
//! sets either way, `~key` (or `~key=value`, when the value matches) deletes. Values are typed
//! as Hydra types them: `null`, `true`/`false`, integers, floats, quoted and unquoted strings,
//! `[lists]` and `{maps}`. A sweep (`a,b`, `choice(a,b)`, `range(start,stop[,step])`) stands
//! for several values: one experiment each, queued.

use crate::yaml::{py_float, Value};

/// What an override does with its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `key=value`: the key must exist.
    Change,
    /// `+key=value`: the key must not exist.
    Add,
    /// `++key=value`: set, whether or not it exists.
    ForceAdd,
    /// `~key[=value]`: the key must exist (and hold the value, when one is given).
    Delete,
}

/// One value, or a sweep of several.
#[derive(Debug, Clone, PartialEq)]
pub enum OverrideValue {
    Single(Value),
    Sweep(Vec<Value>),
}

/// One parsed `-S` override (without its file).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub action: Action,
    pub key: String,
    pub value: Option<OverrideValue>,
    /// The text as given, for messages.
    pub input: String,
}

/// Splits `[FILE:]KEY=VALUE` into the file (`params.yaml` when none is named) and the override,
/// as DVC does: a `:` before the first `=` names the file.
pub fn split_file(param: &str) -> (String, String) {
    let name = param.split('=').next().unwrap_or(param);
    match name.find(':') {
        Some(i) => (param[..i].to_string(), param[i + 1..].to_string()),
        None => (super::DEFAULT_PARAMS_FILE.to_string(), param.to_string()),
    }
}

impl Override {
    pub fn parse(input: &str) -> Result<Override, String> {
        let bad = |why: &str| format!("cannot parse the override '{input}': {why}");
        let (action, rest) = if let Some(r) = input.strip_prefix("++") {
            (Action::ForceAdd, r)
        } else if let Some(r) = input.strip_prefix('+') {
            (Action::Add, r)
        } else if let Some(r) = input.strip_prefix('~') {
            (Action::Delete, r)
        } else {
            (Action::Change, input)
        };
        let (key, value) = match rest.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v)),
            None if action == Action::Delete => (rest.trim(), None),
            None => return Err(bad("expected KEY=VALUE")),
        };
        let key_ok = !key.is_empty()
            && key.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '@' | '\\'))
            });
        if !key_ok {
            return Err(bad(&format!("'{key}' is not a key")));
        }
        let value = match value {
            None => None,
            Some(v) => Some(parse_value(v.trim()).map_err(|e| bad(&e))?),
        };
        Ok(Override {
            action,
            key: key.to_string(),
            value,
            input: input.to_string(),
        })
    }

    pub fn is_sweep(&self) -> bool {
        matches!(self.value, Some(OverrideValue::Sweep(_)))
    }

    /// The same override with one value of its sweep.
    pub fn with_value(&self, v: Value) -> Override {
        Override {
            value: Some(OverrideValue::Single(v)),
            ..self.clone()
        }
    }

    /// Applies the override to a params file's content; the error says why it does not apply,
    /// in Hydra's words.
    pub fn apply(&self, root: &mut Value) -> Result<(), String> {
        let path: Vec<&str> = self.key.split('.').collect();
        let value = match &self.value {
            Some(OverrideValue::Single(v)) => Some(v.clone()),
            Some(OverrideValue::Sweep(_)) => {
                return Err(format!(
                    "'{}' is a sweep: sweeps run only as queued experiments (`--queue`)",
                    self.input
                ))
            }
            None => None,
        };
        let current = lookup(root, &path).filter(|v| **v != Value::Null).cloned();
        match self.action {
            Action::Change => {
                if current.is_none() && lookup(root, &path).is_none() {
                    return Err(format!(
                        "Could not override '{}'.\nTo append to your config use +{}",
                        self.key, self.input
                    ));
                }
                set(root, &path, value.unwrap_or_default());
            }
            Action::Add => {
                let v = value.unwrap_or_default();
                if current.is_some() && !matches!(v, Value::Map(_) | Value::Seq(_)) {
                    return Err(format!(
                        "Could not append to config. An item is already at '{}'.\nEither remove + prefix: '{}'\nOr add a second + to add or override '{}': '+{}'",
                        self.key,
                        &self.input[1..],
                        self.key,
                        self.input
                    ));
                }
                set(root, &path, v);
            }
            Action::ForceAdd => set(root, &path, value.unwrap_or_default()),
            Action::Delete => {
                let Some(cur) = current else {
                    return Err(format!(
                        "Could not delete from config. '{}' does not exist.",
                        self.key
                    ));
                };
                if let Some(v) = value {
                    if !super::params::same(&v, &cur) {
                        return Err(format!(
                            "Could not delete from config. The value of '{}' is {} and not {}.",
                            self.key,
                            super::params::py_str(&cur),
                            super::params::py_str(&v)
                        ));
                    }
                }
                delete(root, &path);
            }
        }
        Ok(())
    }
}

/// The cartesian product of the sweeps among `overrides` (in order, the last varying fastest,
/// as Python's `itertools.product`): each combination is the list of overrides with one value
/// each. Without sweeps, the overrides as they are.
pub fn expand_sweeps(overrides: &[(String, Override)]) -> Vec<Vec<(String, Override)>> {
    let mut out: Vec<Vec<(String, Override)>> = vec![Vec::new()];
    for (file, o) in overrides {
        match &o.value {
            Some(OverrideValue::Sweep(values)) => {
                let mut next = Vec::with_capacity(out.len() * values.len());
                for combo in &out {
                    for v in values {
                        let mut c = combo.clone();
                        c.push((file.clone(), o.with_value(v.clone())));
                        next.push(c);
                    }
                }
                out = next;
            }
            _ => {
                for combo in &mut out {
                    combo.push((file.clone(), o.clone()));
                }
            }
        }
    }
    out
}

fn lookup<'a>(root: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = root;
    for part in path {
        cur = match cur {
            Value::Map(m) => &m.iter().find(|(k, _)| k == part)?.1,
            Value::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Sets the value at `path`, making maps on the way; a map set over a map is merged into it
/// (as OmegaConf's `update(merge=True)`).
fn set(root: &mut Value, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        merge(root, value);
        return;
    };
    if let Value::Seq(items) = root {
        if let Some(slot) = first.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
            set(slot, rest, value);
            return;
        }
    }
    if !matches!(root, Value::Map(_)) {
        *root = Value::Map(Vec::new());
    }
    let Value::Map(m) = root else { return };
    let i = match m.iter().position(|(k, _)| k == first) {
        Some(i) => i,
        None => {
            let fresh = if rest.is_empty() {
                Value::Null
            } else {
                Value::Map(Vec::new())
            };
            m.push((first.to_string(), fresh));
            m.len() - 1
        }
    };
    if rest.is_empty() && !matches!((&m[i].1, &value), (Value::Map(_), Value::Map(_))) {
        m[i].1 = value;
    } else {
        set(&mut m[i].1, rest, value);
    }
}

fn merge(into: &mut Value, value: Value) {
    match (into, value) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, v) in b {
                match a.iter_mut().find(|(ak, _)| *ak == k) {
                    Some((_, slot)) => merge(slot, v),
                    None => a.push((k, v)),
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

fn delete(root: &mut Value, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = root;
    for part in parents {
        cur = match cur {
            Value::Map(m) => match m.iter_mut().find(|(k, _)| k == part) {
                Some((_, v)) => v,
                None => return,
            },
            Value::Seq(items) => match part.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    match cur {
        Value::Map(m) => m.retain(|(k, _)| k != last),
        Value::Seq(items) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Parses a value as Hydra's grammar does: a sweep (`a,b`, `choice(…)`, `range(…)`), else one
/// element.
fn parse_value(text: &str) -> Result<OverrideValue, String> {
    let mut p = ValueParser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.skip_ws();
    if let Some(args) = p.function("choice")? {
        return Ok(OverrideValue::Sweep(args));
    }
    if let Some(args) = p.function("range")? {
        return range(&args).map(OverrideValue::Sweep);
    }
    let first = p.element(true)?;
    p.skip_ws();
    if p.peek() == Some(b',') {
        let mut all = vec![first];
        while p.eat(b',') {
            p.skip_ws();
            all.push(p.element(true)?);
            p.skip_ws();
        }
        p.end()?;
        return Ok(OverrideValue::Sweep(all));
    }
    p.end()?;
    Ok(OverrideValue::Single(first))
}

fn range(args: &[Value]) -> Result<Vec<Value>, String> {
    let num = |v: &Value| -> Result<f64, String> {
        match v {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(f) => Ok(crate::yaml::parse_float(f)),
            other => Err(format!(
                "range() takes numbers, not {}",
                super::params::py_str(other)
            )),
        }
    };
    let (start, stop, step) = match args {
        [stop] => (Value::Int(0), stop.clone(), Value::Int(1)),
        [start, stop] => (start.clone(), stop.clone(), Value::Int(1)),
        [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
        _ => return Err("range() takes 1 to 3 arguments".into()),
    };
    let ints = [&start, &stop, &step]
        .iter()
        .all(|v| matches!(v, Value::Int(_)));
    let (a, b, s) = (num(&start)?, num(&stop)?, num(&step)?);
    if s == 0.0 {
        return Err("range() step must not be zero".into());
    }
    let count = ((b - a) / s).ceil();
    if count > 10_000.0 {
        return Err(format!(
            "range() of {count} values: more than 10000 experiments"
        ));
    }
    let count = count.max(0.0) as usize;
    Ok((0..count)
        .map(|k| {
            let x = a + s * k as f64;
            if ints {
                Value::Int(x as i64)
            } else {
                Value::Float(py_float(x))
            }
        })
        .collect())
}

/// The most values one sweep may stand for.
const MAX_SWEEP: usize = 10_000;
/// The deepest nesting of `[` and `{` in one value.
const MAX_NESTING: usize = 64;

struct ValueParser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl ValueParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn end(&mut self) -> Result<(), String> {
        self.skip_ws();
        if self.i < self.s.len() {
            return Err(format!("unexpected '{}'", &self.text[self.i..]));
        }
        Ok(())
    }

    /// `name(arg, …)` at the start of the value, if it is there.
    fn function(&mut self, name: &str) -> Result<Option<Vec<Value>>, String> {
        let rest = &self.text[self.i..];
        let Some(after) = rest.strip_prefix(name) else {
            return Ok(None);
        };
        if !after.trim_start().starts_with('(') {
            return Ok(None);
        }
        self.i += name.len();
        self.skip_ws();
        self.eat(b'(');
        let mut args = Vec::new();
        self.skip_ws();
        if !self.eat(b')') {
            loop {
                self.skip_ws();
                args.push(self.element(false)?);
                if args.len() > MAX_SWEEP {
                    return Err(format!("a sweep of more than {MAX_SWEEP} values"));
                }
                self.skip_ws();
                if self.eat(b')') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(format!("expected ',' or ')' in {name}()"));
                }
            }
        }
        self.end()?;
        Ok(Some(args))
    }

    fn element(&mut self, top: bool) -> Result<Value, String> {
        self.nested(top, 0)
    }

    fn nested(&mut self, top: bool, depth: usize) -> Result<Value, String> {
        if depth > MAX_NESTING {
            return Err(format!("nested deeper than {MAX_NESTING} levels"));
        }
        self.skip_ws();
        match self.peek() {
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if !self.eat(b']') {
                    loop {
                        items.push(self.nested(false, depth + 1)?);
                        self.skip_ws();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err("expected ',' or ']'".into());
                        }
                    }
                }
                Ok(Value::Seq(items))
            }
            Some(b'{') => {
                self.i += 1;
                let mut entries: Vec<(String, Value)> = Vec::new();
                self.skip_ws();
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        let key = match self.nested(false, depth + 1)? {
                            Value::Str(s) => s,
                            other => other.as_text().unwrap_or_default(),
                        };
                        self.skip_ws();
                        if !self.eat(b':') {
                            return Err("expected ':' in a map".into());
                        }
                        let v = self.nested(false, depth + 1)?;
                        entries.retain(|(k, _)| *k != key);
                        entries.push((key, v));
                        self.skip_ws();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err("expected ',' or '}'".into());
                        }
                    }
                }
                Ok(Value::Map(entries))
            }
            Some(q @ (b'\'' | b'"')) => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let Some(c) = self.text[self.i..].chars().next() else {
                        return Err("unterminated quoted string".into());
                    };
                    self.i += c.len_utf8();
                    if c as u32 == q as u32 {
                        break;
                    }
                    if c == '\\' {
                        if let Some(n) = self.text[self.i..].chars().next() {
                            if n as u32 == q as u32 || n == '\\' {
                                self.i += n.len_utf8();
                                out.push(n);
                                continue;
                            }
                        }
                    }
                    out.push(c);
                }
                Ok(Value::Str(out))
            }
            _ => {
                // an unquoted primitive runs to the next separator of its context
                let stops: &[u8] = if top { b"," } else { b",]}):" };
                let start = self.i;
                let mut depth_paren = 0usize;
                while let Some(c) = self.peek() {
                    if c == b'(' {
                        depth_paren += 1;
                    } else if c == b')' && depth_paren > 0 {
                        depth_paren -= 1;
                    } else if depth_paren == 0 && stops.contains(&c) {
                        break;
                    }
                    self.i += 1;
                }
                Ok(primitive(self.text[start..self.i].trim()))
            }
        }
    }
}

/// An unquoted primitive, typed as Hydra types it.
fn primitive(t: &str) -> Value {
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "null" => return Value::Null,
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        "inf" | "+inf" => return Value::Float(".inf".into()),
        "-inf" => return Value::Float("-.inf".into()),
        "nan" | "+nan" | "-nan" => return Value::Float(".nan".into()),
        _ => {}
    }
    let digits = t.replace('_', "");
    let body = digits.trim_start_matches(['+', '-']);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('_') {
        if let Ok(i) = digits.parse::<i64>() {
            return Value::Int(i);
        }
    }
    let is_float = !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && (body.contains('.') || body.contains(['e', 'E']));
    if is_float {
        if let Ok(f) = digits.parse::<f64>() {
            return Value::Float(py_float(f));
        }
    }
    Value::Str(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ov(s: &str) -> Override {
        Override::parse(s).unwrap()
    }

    fn single(s: &str) -> Value {
        match ov(&format!("k={s}")).value {
            Some(OverrideValue::Single(v)) => v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn values_are_typed_as_hydra_types_them() {
        assert_eq!(single("10"), Value::Int(10));
        assert_eq!(single("-3"), Value::Int(-3));
        assert_eq!(single("0.01"), Value::Float("0.01".into()));
        assert_eq!(single("1e-3"), Value::Float("0.001".into()));
        assert_eq!(single("True"), Value::Bool(true));
        assert_eq!(single("null"), Value::Null);
        assert_eq!(single("adam"), Value::Str("adam".into()));
        assert_eq!(single("'10'"), Value::Str("10".into()));
        assert_eq!(single("\"a b\""), Value::Str("a b".into()));
        assert_eq!(single(""), Value::Str("".into()));
        assert_eq!(
            single("[1, a, [2]]"),
            Value::Seq(vec![
                Value::Int(1),
                Value::Str("a".into()),
                Value::Seq(vec![Value::Int(2)])
            ])
        );
        assert_eq!(
            single("{a: 1, b: x}"),
            Value::Map(vec![
                ("a".into(), Value::Int(1)),
                ("b".into(), Value::Str("x".into()))
            ])
        );
    }

    #[test]
    fn sweeps_are_recognised_and_expanded_in_order() {
        assert_eq!(
            ov("lr=choice(0.1, 0.2)").value,
            Some(OverrideValue::Sweep(vec![
                Value::Float("0.1".into()),
                Value::Float("0.2".into())
            ]))
        );
        assert_eq!(
            ov("e=range(1,4)").value,
            Some(OverrideValue::Sweep(vec![
                Value::Int(1),
                Value::Int(2),
                Value::Int(3)
            ]))
        );
        assert_eq!(
            ov("e=a,b").value,
            Some(OverrideValue::Sweep(vec![
                Value::Str("a".into()),
                Value::Str("b".into())
            ]))
        );
        let combos = expand_sweeps(&[
            ("params.yaml".into(), ov("a=choice(1,2)")),
            ("params.yaml".into(), ov("b=3")),
            ("params.yaml".into(), ov("c=x,y")),
        ]);
        let shown: Vec<String> = combos
            .iter()
            .map(|c| {
                c.iter()
                    .map(|(_, o)| match &o.value {
                        Some(OverrideValue::Single(v)) => super::super::params::py_str(v),
                        _ => "?".into(),
                    })
                    .collect::<Vec<_>>()
                    .join("")
            })
            .collect();
        assert_eq!(shown, ["13x", "13y", "23x", "23y"]);
        assert!(Override::parse("e=range(0,100000000)").is_err());
    }

    #[test]
    fn actions_follow_hydra_rules() {
        let mut root =
            crate::pipeline::params::parse("p.yaml", "lr: 0.1\nmodel:\n  depth: 2\n").unwrap();
        ov("lr=0.5").apply(&mut root).unwrap();
        ov("model.depth=3").apply(&mut root).unwrap();
        let e = ov("missing=1").apply(&mut root).unwrap_err();
        assert!(e.starts_with("Could not override 'missing'."), "{e}");
        ov("+missing=1").apply(&mut root).unwrap();
        let e = ov("+lr=1").apply(&mut root).unwrap_err();
        assert!(e.contains("An item is already at 'lr'"), "{e}");
        ov("++lr=2").apply(&mut root).unwrap();
        ov("+opt.name=adam").apply(&mut root).unwrap();
        let e = ov("~model.depth=9").apply(&mut root).unwrap_err();
        assert!(e.contains("is 3 and not 9"), "{e}");
        ov("~model.depth").apply(&mut root).unwrap();
        let e = ov("~nope").apply(&mut root).unwrap_err();
        assert!(e.contains("'nope' does not exist"), "{e}");
        assert!(ov("lr=choice(1,2)").apply(&mut root).is_err());
        assert_eq!(
            root,
            Value::Map(vec![
                ("lr".into(), Value::Int(2)),
                ("model".into(), Value::Map(vec![])),
                ("missing".into(), Value::Int(1)),
                (
                    "opt".into(),
                    Value::Map(vec![("name".into(), Value::Str("adam".into()))])
                ),
            ])
        );
    }

    #[test]
    fn bad_overrides_are_refused() {
        for bad in ["lr", "=1", "a..b=1", "a=[1,2", "a={x 1}", "a='open"] {
            assert!(Override::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            split_file("train.yaml:lr=1"),
            ("train.yaml".into(), "lr=1".into())
        );
        assert_eq!(
            split_file("lr=a:b"),
            ("params.yaml".into(), "lr=a:b".into())
        );
        let deep = format!("a={}", "[".repeat(1000));
        assert!(Override::parse(&deep).is_err());
    }
}
