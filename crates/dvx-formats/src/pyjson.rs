//! Python's `json.dumps` with its defaults (separators `", "` and `": "`, `ensure_ascii`,
//! floats as Python prints them): how DVC prints `--json` output and hashes stages. The one
//! emulation in dvx; every JSON DVC would write with `json.dumps` goes through here.

use crate::yaml::Value;

/// Appends `s` as a JSON string, non-ASCII escaped as `\uXXXX` (UTF-16 units).
pub fn string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            c if !(0x20..=0x7e).contains(&(c as u32)) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                }
            }
            c => out.push(c as u8),
        }
    }
    out.push(b'"');
}

/// `s` as Python's `repr()` writes a string (what `str()` of a dict or tuple shows): single
/// quotes unless `s` holds one and no double quote, control characters escaped.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A float as `json.dumps` writes it: Python's repr, `Infinity`, `-Infinity`, `NaN`.
pub fn float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    crate::yaml::py_float(f)
}

/// How a mapping is written: keys sorted (`sort_keys=True`), and keys left out at any depth.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options<'a> {
    pub sort_keys: bool,
    pub left_out: &'a [&'a str],
}

fn seq<T>(items: &[T], out: &mut Vec<u8>, mut item: impl FnMut(&T, &mut Vec<u8>)) {
    out.push(b'[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        item(v, out);
    }
    out.push(b']');
}

fn map<'v, V: 'v>(
    entries: impl Iterator<Item = (&'v str, &'v V)>,
    opts: Options,
    out: &mut Vec<u8>,
    mut value: impl FnMut(&V, &mut Vec<u8>),
) {
    let mut kept: Vec<(&str, &V)> = entries
        .filter(|(k, _)| !opts.left_out.contains(k))
        .collect();
    if opts.sort_keys {
        kept.sort_by(|a, b| a.0.cmp(b.0));
    }
    out.push(b'{');
    for (i, (k, v)) in kept.into_iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        string(k, out);
        out.extend_from_slice(b": ");
        value(v, out);
    }
    out.push(b'}');
}

/// Appends a YAML value (as read from a DVC file) as `json.dumps` writes what ruamel read.
pub fn value(v: &Value, opts: Options, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::Float(f) => out.extend_from_slice(float(crate::yaml::parse_float(f)).as_bytes()),
        Value::Str(s) => string(s, out),
        Value::Seq(items) => seq(items, out, |x, out| value(x, opts, out)),
        Value::Map(entries) => map(
            entries.iter().map(|(k, v)| (k.as_str(), v)),
            opts,
            out,
            |x, out| value(x, opts, out),
        ),
    }
}

/// DVC's `dict_sha256`: sha256 (hex) of `json.dumps(v, sort_keys=True)`, keys named in
/// `left_out` dropped at every level.
pub fn dict_sha256(v: &Value, left_out: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut json = Vec::new();
    value(
        v,
        Options {
            sort_keys: true,
            left_out,
        },
        &mut json,
    );
    Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends a JSON value as `json.dumps` writes it (keys in their order).
pub fn json(v: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value as J;
    match v {
        J::Null => out.extend_from_slice(b"null"),
        J::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        J::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.extend_from_slice(i.to_string().as_bytes()),
            (_, Some(u), _) => out.extend_from_slice(u.to_string().as_bytes()),
            (_, _, Some(f)) => out.extend_from_slice(float(f).as_bytes()),
            _ => out.extend_from_slice(n.to_string().as_bytes()),
        },
        J::String(s) => string(s, out),
        J::Array(items) => seq(items, out, json),
        J::Object(m) => map(
            m.iter().map(|(k, v)| (k.as_str(), v)),
            Options::default(),
            out,
            json,
        ),
    }
}

/// `json.dumps(v)` of a JSON value, as a string.
pub fn dumps(v: &serde_json::Value) -> String {
    let mut out = Vec::new();
    json(v, &mut out);
    String::from_utf8(out).expect("only ASCII is written")
}

impl Value {
    /// The value as Python's `json.dumps` writes it (keys in their order, floats as Python
    /// prints them, non-ASCII escaped).
    pub fn to_python_json(&self) -> String {
        let mut out = Vec::new();
        value(self, Options::default(), &mut out);
        String::from_utf8(out).expect("only ASCII is written")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_python_writes() {
        // expected bytes from Python 3: json.dumps(...)
        let mut out = Vec::new();
        string("é \"q\" \\ / \u{1F600}\t\u{1}\u{7f}", &mut out);
        let want = "\"\\u00e9 \\\"q\\\" \\\\ / \\ud83d\\ude00\\t\\u0001\\u007f\"";
        assert_eq!(String::from_utf8(out).unwrap(), want);
        let v: serde_json::Value =
            serde_json::from_str(r#"{"b": [1, 1.0, 1e-05, 2.5e20, null, true], "a": "données"}"#)
                .unwrap();
        assert_eq!(
            dumps(&v),
            r#"{"b": [1, 1.0, 1e-05, 2.5e+20, null, true], "a": "donn\u00e9es"}"#
        );
        let y = Value::Map(vec![
            ("z".into(), Value::Float("1.0e-05".into())),
            ("md5".into(), Value::Str("x".into())),
            ("a".into(), Value::Seq(vec![Value::Int(1), Value::Null])),
        ]);
        let mut out = Vec::new();
        value(
            &y,
            Options {
                sort_keys: true,
                left_out: &["md5"],
            },
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a": [1, null], "z": 1e-05}"#
        );
    }
}
