//! `.dvc` pointer files: parse, validate and render byte-identically to DVC 3.x.

use crate::oid::Oid;
use crate::yaml::{Emitter, Value};

/// One tracked output of a pointer file.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The recorded object, `None` when the output has not been committed yet.
    pub oid: Option<Oid>,
    pub size: Option<u64>,
    pub nfiles: Option<u64>,
    pub isexec: bool,
    /// `Some("md5")` for DVC 3 entries; `None` for DVC 2.x entries (legacy md5-dos2unix hashing).
    pub hash: Option<String>,
    /// Relative to the pointer file's directory, with `/` separators.
    pub path: String,
    /// Keys dvx does not interpret (`cache`, `remote`, `push`, `desc`, ...), kept in order.
    pub extra: Vec<(String, Value)>,
}

impl Output {
    /// A new DVC 3 output for `path`, not yet committed.
    pub fn new(path: String) -> Self {
        Output {
            oid: None,
            size: None,
            nfiles: None,
            isexec: false,
            hash: None,
            path,
            extra: Vec::new(),
        }
    }

    /// Whether this entry was written by DVC 2.x (no `hash:` field): its md5 is md5-dos2unix and
    /// its objects live in the legacy cache layout.
    pub fn is_legacy(&self) -> bool {
        self.oid.is_some() && self.hash.is_none()
    }

    /// `cache: false` outputs are tracked by git, not by the cache.
    pub fn use_cache(&self) -> bool {
        !matches!(self.extra_value("cache"), Some(Value::Bool(false)))
    }

    /// The remote a pointer file's `remote:` names for this output (instead of the default).
    pub fn remote(&self) -> Option<&str> {
        match self.extra_value("remote") {
            Some(Value::Str(r)) => Some(r),
            _ => None,
        }
    }

    /// `push: false` outputs are never pushed (fetch and pull still take them).
    pub fn push(&self) -> bool {
        !matches!(self.extra_value("push"), Some(Value::Bool(false)))
    }

    fn extra_value(&self, key: &str) -> Option<&Value> {
        self.extra.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn to_value(&self) -> Value {
        let mut m: Vec<(String, Value)> = Vec::new();
        if let Some(oid) = &self.oid {
            m.push(("md5".into(), Value::Str(oid.to_string())));
        }
        if let Some(s) = self.size {
            m.push(("size".into(), Value::Int(s as i64)));
        }
        if let Some(n) = self.nfiles {
            m.push(("nfiles".into(), Value::Int(n as i64)));
        }
        if self.isexec {
            m.push(("isexec".into(), Value::Bool(true)));
        }
        if let Some(h) = &self.hash {
            m.push(("hash".into(), Value::Str(h.clone())));
        }
        m.push(("path".into(), Value::Str(self.path.clone())));
        m.extend(self.extra.iter().cloned());
        Value::Map(m)
    }
}

/// A parsed `.dvc` file: its outputs and every other top-level key, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PointerFile {
    pub outs: Vec<Output>,
    /// Top-level keys other than `outs`, with the index `outs` had among them.
    pub other: Vec<(String, Value)>,
    pub(crate) outs_position: usize,
}

/// Why a pointer file's text is not a valid pointer.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PointerError {
    #[error("invalid YAML: {0}")]
    Yaml(String),
    #[error("it is not UTF-8 text")]
    NotUtf8,
    #[error("expected a mapping with an `outs` list at the top level")]
    NotAMapping,
    #[error("output {index}: {reason}")]
    BadOutput { index: usize, reason: String },
    #[error("output path '{0}' cannot be used: {1}")]
    UnsafePath(String, crate::relpath::Unsafe),
}

impl PointerFile {
    /// A pointer file holding one output, as `dvc add` writes it.
    pub fn single(out: Output) -> Self {
        PointerFile {
            outs: vec![out],
            other: Vec::new(),
            outs_position: 0,
        }
    }

    /// A pointer holding these outputs (the outputs a `dvc.lock` entry records).
    pub fn with_outs(outs: Vec<Output>) -> Self {
        PointerFile {
            outs,
            other: Vec::new(),
            outs_position: 0,
        }
    }

    pub fn parse(text: &str) -> Result<Self, PointerError> {
        let parsed = match parse_canonical(text) {
            Some(p) => p,
            None => Self::parse_yaml(text)?,
        };
        for o in &parsed.outs {
            crate::relpath::check(&o.path)
                .map_err(|why| PointerError::UnsafePath(o.path.clone(), why))?;
        }
        Ok(parsed)
    }

    /// [`PointerFile::parse`] through the YAML parser, whatever the form.
    fn parse_yaml(text: &str) -> Result<Self, PointerError> {
        let docs = crate::yaml::load(text).map_err(PointerError::Yaml)?;
        let Some(yaml_rust2::Yaml::Hash(top)) = docs.into_iter().next() else {
            return Err(PointerError::NotAMapping);
        };
        let mut outs = None;
        let mut other = Vec::new();
        let mut outs_position = 0;
        for (k, v) in top.iter() {
            let key = crate::yaml::scalar_text(k).unwrap_or_default();
            if key == "outs" {
                let yaml_rust2::Yaml::Array(items) = v else {
                    return Err(PointerError::NotAMapping);
                };
                let mut parsed = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    parsed.push(
                        parse_output(item)
                            .map_err(|reason| PointerError::BadOutput { index, reason })?,
                    );
                }
                outs_position = other.len();
                outs = Some(parsed);
            } else {
                other.push((key, Value::from_yaml(v)));
            }
        }
        let outs = outs.ok_or(PointerError::NotAMapping)?;
        Ok(PointerFile {
            outs,
            other,
            outs_position,
        })
    }

    /// The file's text, as DVC writes it.
    pub fn render(&self) -> String {
        let mut top: Vec<(String, Value)> = self.other.clone();
        let outs = Value::Seq(self.outs.iter().map(Output::to_value).collect());
        top.insert(self.outs_position.min(top.len()), ("outs".into(), outs));
        let mut e = Emitter::new();
        e.map(&top, 0, false);
        e.finish()
    }

    /// Whether it is frozen (`frozen: true`: `repro` and `status` leave its dependencies be).
    pub fn is_frozen(&self) -> bool {
        self.other
            .iter()
            .any(|(k, v)| k == "frozen" && *v == Value::Bool(true))
    }

    /// Freezes the pointer file (`frozen: true`, added last as DVC adds it) or unfreezes it
    /// (the key removed).
    pub fn set_frozen(&mut self, frozen: bool) {
        let at = self.other.iter().position(|(k, _)| k == "frozen");
        match (at, frozen) {
            (Some(i), true) => self.other[i].1 = Value::Bool(true),
            (None, true) => self.other.push(("frozen".into(), Value::Bool(true))),
            (Some(i), false) => {
                self.other.remove(i);
                if i < self.outs_position {
                    self.outs_position -= 1;
                }
            }
            (None, false) => {}
        }
    }
}

impl PointerFile {
    /// The file's text when it replaces `old_text`: comments a user wrote in it survive, as they
    /// do with DVC. When the old text has comments and only recorded values changed (md5, size,
    /// nfiles, isexec, hash), those values are replaced in place; otherwise the file is rendered
    /// afresh, as DVC writes it.
    pub fn render_over(&self, old_text: &str) -> String {
        if !old_text.contains('#') {
            return self.render_in_order_of(old_text);
        }
        match self.patch(old_text) {
            Some(t) if PointerFile::parse(&t).ok().as_ref() == Some(self) => t,
            _ => self.render_in_order_of(old_text),
        }
    }

    /// Renders afresh, each output's keys in the order the old text had them and new keys
    /// after them, as DVC's round-trip writer does (a DVC 2.x entry upgraded to 3.x gets its
    /// `hash: md5` last).
    fn render_in_order_of(&self, old_text: &str) -> String {
        let Ok(old) = PointerFile::parse(old_text) else {
            return self.render();
        };
        if old.outs.len() != self.outs.len() {
            return self.render();
        }
        let mut top: Vec<(String, Value)> = self.other.clone();
        let outs = self
            .outs
            .iter()
            .zip(&old.outs)
            .map(|(new, old)| {
                let (Value::Map(m), Value::Map(before)) = (new.to_value(), old.to_value()) else {
                    return new.to_value();
                };
                if new.path != old.path {
                    return Value::Map(m);
                }
                let rank = |k: &str| {
                    before
                        .iter()
                        .position(|(b, _)| b == k)
                        .unwrap_or(usize::MAX)
                };
                let mut m = m;
                // stable: new keys keep their canonical order after the old ones
                m.sort_by_key(|(k, _)| rank(k));
                Value::Map(m)
            })
            .collect();
        top.insert(
            self.outs_position.min(top.len()),
            ("outs".into(), Value::Seq(outs)),
        );
        let mut e = Emitter::new();
        e.map(&top, 0, false);
        e.finish()
    }

    fn patch(&self, old_text: &str) -> Option<String> {
        let old = PointerFile::parse(old_text).ok()?;
        if old.outs.len() != self.outs.len() || old.other != self.other {
            return None;
        }
        let keys = |o: &Output| -> Vec<String> {
            let Value::Map(m) = o.to_value() else {
                return Vec::new();
            };
            let mut k: Vec<String> = m.into_iter().map(|(k, _)| k).collect();
            k.sort();
            k
        };
        for (a, b) in old.outs.iter().zip(&self.outs) {
            if keys(a) != keys(b) || a.path != b.path || a.extra != b.extra {
                return None;
            }
        }
        let mut out = String::with_capacity(old_text.len());
        let mut item: Option<usize> = None;
        let mut in_outs = false;
        for line in old_text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            if !body.starts_with(' ')
                && !body.starts_with('-')
                && !body.trim().is_empty()
                && !body.starts_with('#')
            {
                in_outs = body.starts_with("outs:");
                item = None;
            }
            let rest = if in_outs && body.starts_with("- ") {
                item = Some(item.map_or(0, |i| i + 1));
                &body[2..]
            } else if in_outs && body.starts_with("  ") && !body.starts_with("   ") {
                &body[2..]
            } else {
                out.push_str(line);
                continue;
            };
            let (Some(i), Some((key, value))) = (item, rest.split_once(": ")) else {
                out.push_str(line);
                continue;
            };
            // more list items in the text than the parser saw: not a shape to patch
            let new_out = self.outs.get(i)?;
            let new_value = match key {
                "md5" => new_out.oid.map(|o| o.to_string()),
                "size" => new_out.size.map(|v| v.to_string()),
                "nfiles" => new_out.nfiles.map(|v| v.to_string()),
                "hash" => new_out.hash.clone(),
                _ => None,
            };
            match new_value {
                Some(v) => {
                    let comment = value.find(" #").map(|c| &value[c..]).unwrap_or("");
                    out.push_str(&body[..body.len() - rest.len()]);
                    out.push_str(key);
                    out.push_str(": ");
                    out.push_str(&v);
                    out.push_str(comment);
                    out.push_str(&line[body.len()..]);
                }
                None => out.push_str(line),
            }
        }
        Some(out)
    }
}

/// The pointer file `dvc add` writes for one file or directory, read without the YAML parser
/// (every command reads every pointer file: thousands of them): exactly
/// `outs:\n- md5: M\n  size: N\n[  nfiles: N\n]  hash: md5\n  path: P\n`, where M and P are
/// plain scalars that read back as themselves. Anything else is None, for the YAML parser.
fn parse_canonical(text: &str) -> Option<PointerFile> {
    let plain = |s: &str| {
        !s.is_empty()
            && !s.contains(['\n', '\r', '\t'])
            && crate::yaml::choose_style(s) == crate::yaml::Style::Plain
    };
    let number = |s: &str| -> Option<u64> {
        let digits = !s.is_empty() && s.len() < 20 && s.bytes().all(|b| b.is_ascii_digit());
        (digits && (s == "0" || !s.starts_with('0')))
            .then(|| s.parse().ok())
            .flatten()
    };
    let rest = text.strip_prefix("outs:\n- md5: ")?;
    let (md5, rest) = rest.split_once('\n')?;
    let (size, mut rest) = rest.strip_prefix("  size: ")?.split_once('\n')?;
    let mut out = Output::new(String::new());
    if let Some(r) = rest.strip_prefix("  nfiles: ") {
        let (n, r) = r.split_once('\n')?;
        out.nfiles = Some(number(n)?);
        rest = r;
    }
    let path = rest
        .strip_prefix("  hash: md5\n  path: ")?
        .strip_suffix('\n')?;
    if !plain(md5) || !plain(path) {
        return None;
    }
    out.oid = Some(Oid::parse(md5).ok()?);
    out.size = Some(number(size)?);
    out.hash = Some("md5".into());
    out.path = path.to_string();
    Some(PointerFile::single(out))
}

pub(crate) fn parse_output(item: &yaml_rust2::Yaml) -> Result<Output, String> {
    let yaml_rust2::Yaml::Hash(h) = item else {
        return Err("expected a mapping".into());
    };
    let mut out = Output::new(String::new());
    let mut path = None;
    let mut md5 = None;
    for (k, v) in h.iter() {
        let key = crate::yaml::scalar_text(k).unwrap_or_default();
        let value = Value::from_yaml(v);
        match key.as_str() {
            "md5" => md5 = value.as_text(),
            "size" => {
                out.size =
                    Some(as_u64(&value).ok_or_else(|| format!("size {value:?} is not a number"))?)
            }
            "nfiles" => {
                out.nfiles = Some(
                    as_u64(&value).ok_or_else(|| format!("nfiles {value:?} is not a number"))?,
                )
            }
            "isexec" => out.isexec = matches!(value, Value::Bool(true)),
            "hash" => out.hash = value.as_text(),
            "path" => path = value.as_text(),
            _ => out.extra.push((key, value)),
        }
    }
    out.path = path.ok_or("missing `path`")?;
    if let Some(m) = md5 {
        out.oid = Some(Oid::parse(&m).map_err(|e| e.to_string())?);
    }
    Ok(out)
}

fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Int(i) if *i >= 0 => Some(*i as u64),
        Value::Null => None,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form read without the YAML parser gives what the parser gives, and every variation
    /// of it that the short path does not take is left to the parser.
    #[test]
    fn the_canonical_form_reads_as_the_yaml_parser_reads_it() {
        let md5 = "b1946ac92492d2347c6235b4d2611184";
        let paths = [
            "a.txt",
            "data",
            "x y.txt",
            "a: b.csv",
            "#hash.csv",
            "123",
            "null",
            "yes",
            "1e3",
            "0x1F",
            "~",
            "true",
            "-lead",
            "trail ",
            " lead",
            "[br",
            "a #b",
            "tail:",
            "? q",
            "=",
            "ünï.txt",
            "it's.txt",
            "@at",
            "2001-12-14",
            "..",
            "../out",
            "a\\b",
            "%x",
            "!tag",
            "&anchor",
            "*alias",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "{a}",
            "a,b",
            "` tick",
            ".hidden",
        ];
        let mut texts = Vec::new();
        for p in paths {
            texts.push(format!(
                "outs:\n- md5: {md5}\n  size: 6\n  hash: md5\n  path: {p}\n"
            ));
            texts.push(format!(
                "outs:\n- md5: {md5}.dir\n  size: 60\n  nfiles: 3\n  hash: md5\n  path: {p}\n"
            ));
        }
        for (md5, size) in [
            ("12345678901234567890123456789012", "6"),
            ("1234567890123456789012345678901e", "6"),
            (md5, "06"),
            (md5, "-6"),
            (md5, "6.0"),
            (md5, "99999999999999999999"),
            (md5, "0x10"),
            ("B1946AC92492D2347C6235B4D2611184", "6"),
            ("b1946ac9", "6"),
        ] {
            texts.push(format!(
                "outs:\n- md5: {md5}\n  size: {size}\n  hash: md5\n  path: a\n"
            ));
        }
        let base = format!("outs:\n- md5: {md5}\n  size: 6\n  hash: md5\n  path: a\n");
        texts.push(base.replace('\n', "\r\n"));
        texts.push(base.trim_end().to_string());
        texts.push(format!("{base}  isexec: true\n"));
        texts.push(format!("{base}# comment\n"));
        texts.push(format!(
            "{base}- md5: {md5}\n  size: 6\n  hash: md5\n  path: b\n"
        ));
        texts.push(base.replace("path: a", "path: a # comment"));
        let mut short = 0;
        for t in &texts {
            let full = PointerFile::parse_yaml(t);
            if let Some(p) = parse_canonical(t) {
                short += 1;
                assert_eq!(Ok(&p), full.as_ref(), "{t:?}");
            }
            // and parse, with its path checks, agrees with the parser either way
            let checked = full.and_then(|p| {
                for o in &p.outs {
                    crate::relpath::check(&o.path)
                        .map_err(|why| PointerError::UnsafePath(o.path.clone(), why))?;
                }
                Ok(p)
            });
            assert_eq!(PointerFile::parse(t), checked, "{t:?}");
        }
        // the common names take the short path
        assert!(short >= 20, "{short}");
        assert!(parse_canonical(&base).is_some());
        assert!(parse_canonical(&texts[1]).is_some(), "a directory");
    }

    #[test]
    fn renders_file_and_dir_pointers_like_dvc() {
        let f = PointerFile::parse("outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  size: 6\n  hash: md5\n  path: a.txt\n")
            .unwrap();
        assert_eq!(f.render(), "outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  size: 6\n  hash: md5\n  path: a.txt\n");
        let mut o = Output::new("data".into());
        o.oid = Some(Oid::parse("c99cb9829c6fb509b072366a74afc877.dir").unwrap());
        o.size = Some(10);
        o.nfiles = Some(4);
        o.hash = Some("md5".into());
        assert_eq!(
            PointerFile::single(o).render(),
            "outs:\n- md5: c99cb9829c6fb509b072366a74afc877.dir\n  size: 10\n  nfiles: 4\n  hash: md5\n  path: data\n"
        );
    }

    #[test]
    fn keeps_unknown_keys_and_their_order() {
        let text = "md5: 0123456789abcdef0123456789abcdef\nfrozen: true\nouts:\n- md5: B1946AC92492D2347C6235B4D2611184\n  path: a.txt\n  cache: false\n  desc: my data\nmeta:\n  owner: me\n";
        let f = PointerFile::parse(text).unwrap();
        assert!(!f.outs[0].use_cache());
        assert!(f.outs[0].is_legacy());
        assert_eq!(
            f.render(),
            "md5: 0123456789abcdef0123456789abcdef\nfrozen: true\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184\n  path: a.txt\n  cache: false\n  desc: my data\nmeta:\n  owner: me\n"
        );
    }

    #[test]
    fn keeps_comments_when_only_hashes_change() {
        let old = "# data set v1, from the survey\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184 # old\n  size: 6\n  hash: md5\n  path: a.txt\n  # keep this too\n";
        let mut p = PointerFile::parse(old).unwrap();
        p.outs[0].oid = Some(Oid::parse("0123456789abcdef0123456789abcdef").unwrap());
        p.outs[0].size = Some(12);
        assert_eq!(
            p.render_over(old),
            "# data set v1, from the survey\nouts:\n- md5: 0123456789abcdef0123456789abcdef # old\n  size: 12\n  hash: md5\n  path: a.txt\n  # keep this too\n"
        );
        // without comments, or when keys change, the file is written afresh as DVC's
        // round-trip writer writes it: old keys in their order, new keys after them
        let plain = "outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  path: a.txt\n";
        let mut q = PointerFile::parse(plain).unwrap();
        q.outs[0].size = Some(6);
        q.outs[0].hash = Some("md5".into());
        let upgraded = "outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  path: a.txt\n  size: 6\n  hash: md5\n";
        assert_eq!(q.render_over(plain), upgraded);
        let commented = format!("# note\n{plain}");
        assert_eq!(q.render_over(&commented), upgraded);
        // a file in DVC 3's own order keeps it
        let fresh = q.render();
        assert_eq!(q.render_over(&fresh), fresh);
    }

    #[test]
    fn accepts_md5_that_yaml_reads_as_a_number() {
        let f = PointerFile::parse("outs:\n- md5: 12345678901234567890123456789012\n  path: a\n")
            .unwrap();
        assert_eq!(
            f.outs[0].oid.unwrap().to_string(),
            "12345678901234567890123456789012"
        );
        let f = PointerFile::parse("outs:\n- md5: 1234567890123456789012345678e012\n  path: a\n")
            .unwrap();
        assert_eq!(
            f.outs[0].oid.unwrap().to_string(),
            "1234567890123456789012345678e012"
        );
    }

    #[test]
    fn refuses_escaping_paths_and_bad_yaml() {
        for p in [
            "../../x",
            "/etc/passwd",
            "a/../../b",
            "..",
            ".",
            ".git/hooks/pre-commit",
            ".DVC/config.local",
        ] {
            let text = format!("outs:\n- path: '{p}'\n");
            assert!(
                matches!(PointerFile::parse(&text), Err(PointerError::UnsafePath(..))),
                "{p}"
            );
        }
        assert!(matches!(
            PointerFile::parse("outs: [\n"),
            Err(PointerError::Yaml(_))
        ));
        assert!(matches!(
            PointerFile::parse("- a\n"),
            Err(PointerError::NotAMapping)
        ));
        assert!(matches!(
            PointerFile::parse("outs:\n- md5: nothex\n  path: a\n"),
            Err(PointerError::BadOutput { .. })
        ));
    }
}
