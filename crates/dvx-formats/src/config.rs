//! DVC's config files: the configobj INI dialect (`[core]`, `['remote "name"']`, 4-space indent).
//!
//! DVC rewrites its config files without comments; so does dvx. Values are kept as strings; an
//! unquoted value with commas (a configobj list) is kept as written, `a, b`.

/// One config file's content: sections in file order, keys in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The section's name without brackets or quotes: `core`, `remote "storage"`.
    pub name: String,
    pub entries: Vec<(String, String)>,
}

/// A line the configobj reader would reject.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {reason}")]
pub struct ConfigSyntaxError {
    pub line: usize,
    pub reason: String,
}

impl ConfigFile {
    pub fn parse(text: &str) -> Result<Self, ConfigSyntaxError> {
        let mut cfg = ConfigFile::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let err = |reason: &str| ConfigSyntaxError {
                line: i + 1,
                reason: reason.to_string(),
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                // configobj counts every `[` (spaces between them too) as a level of nesting
                if rest.trim_start().starts_with('[') {
                    return Err(err("nested sections ([[...]]) are not used by DVC"));
                }
                let close = rest
                    .rfind(']')
                    .ok_or_else(|| err("section header without a closing ']'"))?;
                let after = rest[close + 1..].trim();
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(err("text after a section header"));
                }
                if rest[..close].trim_end().ends_with(']') {
                    return Err(err("nested sections ([[...]]) are not used by DVC"));
                }
                let name = unquote(rest[..close].trim()).map_err(|r| err(&r))?;
                cfg.sections.push(Section {
                    name,
                    entries: Vec::new(),
                });
                continue;
            }
            let eq = line
                .find('=')
                .ok_or_else(|| err("expected `key = value` or a [section] header"))?;
            let key = unquote(line[..eq].trim()).map_err(|r| err(&r))?;
            if key.is_empty() {
                return Err(err("empty key"));
            }
            let value = parse_value(line[eq + 1..].trim()).map_err(|r| err(&r))?;
            let section = cfg
                .sections
                .last_mut()
                .ok_or_else(|| err("a key outside of any [section]"))?;
            section.entries.retain(|(k, _)| k != &key);
            section.entries.push((key, value));
        }
        Ok(cfg)
    }

    /// The text configobj writes for this content.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            out.push('[');
            out.push_str(&quote_name(&s.name));
            out.push_str("]\n");
            for (k, v) in &s.entries {
                out.push_str("    ");
                out.push_str(&quote_name(k));
                out.push_str(" = ");
                out.push_str(&quote(v));
                out.push('\n');
            }
        }
        out
    }

    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.section(section)?
            .entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, section: &str, key: &str, value: &str) {
        let idx = match self.sections.iter().position(|s| s.name == section) {
            Some(i) => i,
            None => {
                // DVC writes `[core]` before every other section (its schema's order).
                let at = if section == "core" {
                    0
                } else {
                    self.sections.len()
                };
                self.sections.insert(
                    at,
                    Section {
                        name: section.to_string(),
                        entries: Vec::new(),
                    },
                );
                at
            }
        };
        let s = &mut self.sections[idx];
        match s.entries.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 = value.to_string(),
            None => s.entries.push((key.to_string(), value.to_string())),
        }
    }

    /// Removes a key; returns whether it was there. A section left empty is removed, as DVC does.
    pub fn unset(&mut self, section: &str, key: &str) -> bool {
        let Some(s) = self.sections.iter_mut().find(|s| s.name == section) else {
            return false;
        };
        let before = s.entries.len();
        s.entries.retain(|(k, _)| k != key);
        let removed = s.entries.len() != before;
        self.sections.retain(|s| !s.entries.is_empty());
        removed
    }
}

/// Strips one level of matching quotes from a section name or key.
fn unquote(s: &str) -> Result<String, String> {
    for q in ["\"\"\"", "'''"] {
        if let Some(inner) = s.strip_prefix(q).and_then(|i| i.strip_suffix(q)) {
            return Ok(inner.to_string());
        }
    }
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner
                .strip_suffix(q)
                .map(str::to_string)
                .ok_or_else(|| format!("unbalanced quote in {s}"));
        }
    }
    Ok(s.to_string())
}

/// A value: quoted (`"..."`, `'...'`, or configobj's `"""..."""`/`'''...'''` for a value
/// holding both quote characters) or unquoted up to an inline `#` comment.
fn parse_value(s: &str) -> Result<String, String> {
    for q in ["\"\"\"", "'''"] {
        if let Some(inner) = s.strip_prefix(q) {
            // to the last triple quote, as configobj reads it
            let end = inner
                .rfind(q)
                .ok_or_else(|| format!("unbalanced quote in {s}"))?;
            let rest = inner[end + q.len()..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err(format!("text after a quoted value: {rest}"));
            }
            return Ok(inner[..end].to_string());
        }
    }
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let end = inner
                .find(q)
                .ok_or_else(|| format!("unbalanced quote in {s}"))?;
            let rest = inner[end + 1..].trim();
            if !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with(',') {
                return Err(format!("text after a quoted value: {rest}"));
            }
            return Ok(inner[..end].to_string());
        }
    }
    let v = match s.find(" #").or_else(|| s.find("\t#")) {
        Some(i) => s[..i].trim_end(),
        None if s.starts_with('#') => "",
        None => s,
    };
    Ok(v.to_string())
}

/// configobj's `_quote`: bare unless the value has commas, edge whitespace or quotes, or `#`.
fn quote(v: &str) -> String {
    const WSPACE_PLUS: &str = " \r\n\u{b}\t'\"";
    if v.is_empty() {
        return "\"\"".into();
    }
    if v.contains('"') && v.contains('\'') {
        // configobj's triple quotes, which it picks before anything else (and, as it does,
        // `'''` unless the value holds `"""`)
        return if v.contains("\"\"\"") {
            format!("\"\"\"{v}\"\"\"")
        } else {
            format!("'''{v}'''")
        };
    }
    let first = v.chars().next().unwrap_or(' ');
    let last = v.chars().last().unwrap_or(' ');
    // configobj's rule, and any other white space at an edge (which reading would trim)
    let bare = !WSPACE_PLUS.contains(first)
        && !WSPACE_PLUS.contains(last)
        && !first.is_whitespace()
        && !last.is_whitespace()
        && !v.contains(',')
        && !v.contains('#');
    if bare {
        v.to_string()
    } else if v.contains('"') {
        format!("'{v}'")
    } else {
        format!("\"{v}\"")
    }
}

/// A section name or key: quoted as a value is, and also when it starts with `[` or ends with
/// `]`, which bare would read back as a section header (configobj writes those bare, and then
/// cannot read its own file).
fn quote_name(v: &str) -> String {
    let q = quote(v);
    if q == v && (v.starts_with('[') || v.ends_with(']')) {
        if v.contains('"') {
            format!("'{v}'")
        } else {
            format!("\"{v}\"")
        }
    } else {
        q
    }
}

/// Whether configobj can write `v` back (it refuses a value holding both `"""` and `'''`).
pub fn can_quote(v: &str) -> bool {
    !(v.contains("\"\"\"") && v.contains("'''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_both_quotes_are_written_as_configobj_writes_them() {
        // what DVC's configobj writes for these values (checked with configobj 5)
        let mut c = ConfigFile::default();
        c.set("core", "a", "p\"a'ss");
        c.set("core", "b", "x\"\"\"y'z");
        c.set("core", "c", "q\"r");
        let text = c.render();
        assert_eq!(
            text,
            "[core]\n    a = '''p\"a'ss'''\n    b = \"\"\"x\"\"\"y'z\"\"\"\n    c = q\"r\n"
        );
        assert_eq!(ConfigFile::parse(&text).unwrap(), c);
    }

    #[test]
    fn round_trips_dvc_config() {
        let text = "[core]\n    remote = storage\n    autostage = true\n[cache]\n    type = \"hardlink,symlink\"\n['remote \"storage\"']\n    url = ../stores/blob\n['remote \"s3r\"']\n    url = s3://bucket/path\n    endpointurl = http://127.0.0.1:3900\n";
        let cfg = ConfigFile::parse(text).unwrap();
        assert_eq!(cfg.get("remote \"storage\"", "url"), Some("../stores/blob"));
        assert_eq!(cfg.get("cache", "type"), Some("hardlink,symlink"));
        assert_eq!(cfg.render(), text);
    }

    #[test]
    fn reads_comments_lists_and_quotes() {
        let cfg = ConfigFile::parse(
            "# top\n[core]\n  remote = a # comment\n[cache]\ntype = reflink, copy\n  dir = 'x y'\n",
        )
        .unwrap();
        assert_eq!(cfg.get("core", "remote"), Some("a"));
        assert_eq!(cfg.get("cache", "type"), Some("reflink, copy"));
        assert_eq!(cfg.get("cache", "dir"), Some("x y"));
    }

    #[test]
    fn reports_syntax_errors_with_line_numbers() {
        assert_eq!(ConfigFile::parse("[core]\nremote\n").unwrap_err().line, 2);
        assert_eq!(ConfigFile::parse("key = v\n").unwrap_err().line, 1);
        assert_eq!(ConfigFile::parse("[core\n").unwrap_err().line, 1);
    }

    #[test]
    fn core_comes_first_as_dvc_writes_it() {
        let mut cfg = ConfigFile::default();
        cfg.set("remote \"s\"", "url", "x");
        cfg.set("core", "remote", "s");
        assert_eq!(
            cfg.render(),
            "[core]\n    remote = s\n['remote \"s\"']\n    url = x\n"
        );
    }

    #[test]
    fn unset_drops_empty_sections() {
        let mut cfg = ConfigFile::default();
        cfg.set("core", "remote", "x");
        assert!(cfg.unset("core", "remote"));
        assert_eq!(cfg.render(), "");
    }
}
