//! Where things stand in a TOML params file's text, for `-S` edits that keep the rest of it (its
//! comments, blank lines and quoting) as tomlkit keeps it when DVC applies them: a value
//! replaced where it stands, a key added after the last line of its table, a new table after
//! its parent's tables (at the end of the file for a top-level one), a key or a table removed
//! with its lines. Every function returns None for what it cannot do so (the caller then
//! writes the file whole).

use crate::yaml::Value;

type Path = Vec<String>;

/// The top-level keys (`path` empty) or a `[table]`: where its header line starts, where its
/// body starts and where it ends (the next header line, or the end of the text).
struct Section {
    path: Path,
    header: usize,
    body: usize,
    end: usize,
}

/// A `key = value` line: its key path, its line, and its value's bytes (None for a value this
/// module does not rewrite: one spanning lines, an inline table).
struct KeyLine {
    path: Path,
    line: (usize, usize),
    value: Option<(usize, usize)>,
}

struct Layout {
    sections: Vec<Section>,
    keys: Vec<KeyLine>,
}

fn layout(text: &str) -> Option<Layout> {
    // multi-line strings can hold anything, arrays of tables are not edited in place
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut sections = vec![Section {
        path: Vec::new(),
        header: 0,
        body: 0,
        end: text.len(),
    }];
    let mut keys = Vec::new();
    let mut depth = 0usize; // brackets open across lines (a multi-line array)
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if depth == 0 && t.starts_with('[') {
            if t.starts_with("[[") {
                return None;
            }
            let inner = &t[1..t.find(']')?];
            sections.last_mut()?.end = start;
            sections.push(Section {
                path: split_key(inner)?,
                header: start,
                body: offset,
                end: text.len(),
            });
            continue;
        }
        if depth == 0 && !t.is_empty() && !t.starts_with('#') {
            let (k, rest) = line.split_once('=')?;
            let mut path = sections.last()?.path.clone();
            path.extend(split_key(k)?);
            let v = rest.trim_start();
            let vs = start + k.len() + 1 + (rest.len() - v.len());
            let value = value_len(v).map(|len| (vs, vs + len));
            keys.push(KeyLine {
                path,
                line: (start, offset),
                value,
            });
        }
        depth = bracket_depth(line, depth);
    }
    Some(Layout { sections, keys })
}

/// A dotted key split into its parts, quotes taken off.
fn split_key(k: &str) -> Option<Path> {
    let parts: Path = k
        .split('.')
        .map(|s| {
            let s = s.trim();
            s.strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(s)
                .to_string()
        })
        .collect();
    parts.iter().all(|p| !p.is_empty()).then_some(parts)
}

/// The characters of `line` outside strings, with their byte offsets, up to a comment.
fn unquoted(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    line.char_indices()
        .filter_map(move |(i, c)| match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                Some(None)
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                Some(None)
            }
            None if c == '#' => None,
            None => Some(Some((i, c))),
        })
        .flatten()
}

/// The brackets left open after `line`, outside strings and comments.
fn bracket_depth(line: &str, depth: usize) -> usize {
    unquoted(line).fold(depth, |d, (_, c)| match c {
        '[' | '{' => d + 1,
        ']' | '}' => d.saturating_sub(1),
        _ => d,
    })
}

/// The length of a one-line value at the start of `v`: a scalar up to a comment or the end of
/// the line, or an array closed on the same line.
fn value_len(v: &str) -> Option<usize> {
    if !v.starts_with('[') {
        return scalar_len(v);
    }
    let line = &v[..v.find('\n').unwrap_or(v.len())];
    let mut depth = 0usize;
    for (i, c) in unquoted(line) {
        match c {
            '{' => return None,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The length of a one-line scalar value (TOML or Python) at the start of `v`: up to a comment
/// or the end of the line; None for what spans lines or is not a scalar.
pub(super) fn scalar_len(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    match b.first()? {
        b'"' => super::yaml_layout::quoted_len(v, b'"'),
        b'\'' => super::yaml_layout::quoted_len(v, b'\''),
        b'[' | b'{' | b'(' => None,
        _ => {
            let end = v.find(['#', '\n', '\r']).unwrap_or(v.len());
            let len = v[..end].trim_end().len();
            (len > 0).then_some(len)
        }
    }
}

/// `text` with the value of the key at `path` replaced by `rendered`.
pub fn set_value(text: &str, path: &[String], rendered: &str) -> Option<String> {
    let l = layout(text)?;
    let (start, end) = l.keys.iter().find(|k| k.path == path)?.value?;
    let mut out = text.to_string();
    out.replace_range(start..end, rendered);
    Some(out)
}

/// `text` with `key = rendered` added to the table `table` (top level when empty), after its
/// last line; a table header right after it gets a blank line before it, as tomlkit does.
pub fn add_key(text: &str, table: &[String], key: &str, rendered: &str) -> Option<String> {
    let l = layout(text)?;
    let Some(s) = l.sections.iter().find(|s| s.path == table) else {
        return add_dotted(text, &l, table, key, rendered);
    };
    let mut at = s.body;
    let mut offset = s.body;
    for line in text[s.body..s.end].split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            at = offset;
        }
    }
    let mut insert = format!("{} = {rendered}\n", render_key(key));
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        insert.insert(0, '\n');
    }
    if s.end < text.len() && at == s.end {
        insert.push('\n');
    }
    let mut out = text.to_string();
    out.insert_str(at, &insert);
    Some(out)
}

/// A table made of dotted keys (`model.depth = 2`): the new key goes after its last one.
fn add_dotted(
    text: &str,
    l: &Layout,
    table: &[String],
    key: &str,
    rendered: &str,
) -> Option<String> {
    let last = l
        .keys
        .iter()
        .rfind(|k| k.path.len() > table.len() && k.path.starts_with(table))?;
    let section = l.sections.iter().rfind(|s| s.body <= last.line.0)?;
    let mut rel: Vec<String> = table[section.path.len()..]
        .iter()
        .map(|k| render_key(k))
        .collect();
    rel.push(render_key(key));
    let mut out = text.to_string();
    let mut insert = format!("{} = {rendered}\n", rel.join("."));
    if last.line.1 == text.len() && !text.ends_with('\n') {
        insert.insert(0, '\n');
    }
    out.insert_str(last.line.1, &insert);
    Some(out)
}

/// `text` with the table `[table.key]` made of `value` (a mapping) added after the tables of
/// `table`, or at the end of the text after a blank line.
pub fn add_table(
    text: &str,
    table: &[String],
    key: &str,
    value: &Value,
    render: fn(&Value) -> Option<String>,
) -> Option<String> {
    let l = layout(text)?;
    let parent = l.sections.iter().position(|s| s.path == table)?;
    let at = if table.is_empty() {
        text.len()
    } else {
        l.sections[parent + 1..]
            .iter()
            .find(|s| !s.path.starts_with(table))
            .map_or(text.len(), |s| s.header)
    };
    let mut path = table.to_vec();
    path.push(key.to_string());
    let mut insert = String::new();
    if at == text.len() {
        if !text.is_empty() && !text.ends_with('\n') {
            insert.push('\n');
        }
        insert.push('\n');
    }
    render_table(&path, value, render, &mut insert)?;
    let mut out = text.to_string();
    out.insert_str(at, &insert);
    Some(out)
}

fn render_table(
    path: &[String],
    value: &Value,
    render: fn(&Value) -> Option<String>,
    out: &mut String,
) -> Option<()> {
    let Value::Map(m) = value else { return None };
    let header: Vec<String> = path.iter().map(|k| render_key(k)).collect();
    out.push_str(&format!("[{}]\n", header.join(".")));
    for (k, v) in m.iter().filter(|(_, v)| !matches!(v, Value::Map(_))) {
        out.push_str(&format!("{} = {}\n", render_key(k), render(v)?));
    }
    for (k, v) in m.iter().filter(|(_, v)| matches!(v, Value::Map(_))) {
        out.push('\n');
        let mut sub = path.to_vec();
        sub.push(k.clone());
        render_table(&sub, v, render, out)?;
    }
    Some(())
}

/// `text` without the key at `path`: its line, or a table's header and body with its
/// sub-tables that follow it.
pub fn remove(text: &str, path: &[String]) -> Option<String> {
    let l = layout(text)?;
    let (start, end) = if let Some(i) = l.sections.iter().position(|s| s.path == path) {
        let last = l.sections[i..]
            .iter()
            .take_while(|s| s.path.starts_with(path))
            .last()?;
        (l.sections[i].header, last.end)
    } else {
        l.keys.iter().find(|k| k.path == path)?.line
    };
    let mut out = text.to_string();
    out.replace_range(start..end, "");
    Some(out)
}

/// A key as TOML writes it: bare when it can be.
fn render_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('.')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn keys_and_tables_go_where_tomlkit_puts_them() {
        let text = "a = 1\n# end a\n\n[t]\nb = 2\n# end t\n\n[u]\nx = [1, 2]  # xs\n";
        assert_eq!(
            add_key(text, &p(""), "c", "3").unwrap(),
            "a = 1\n# end a\nc = 3\n\n[t]\nb = 2\n# end t\n\n[u]\nx = [1, 2]  # xs\n"
        );
        // a header right after the new key gets a blank line before it
        assert_eq!(
            add_key("a = 1\n[t]\nb = 2\n", &p("t"), "d", "4").unwrap(),
            "a = 1\n[t]\nb = 2\nd = 4\n"
        );
        assert_eq!(
            add_key("a = 1\n[t]\nb = 2\n", &p(""), "c", "3").unwrap(),
            "a = 1\nc = 3\n\n[t]\nb = 2\n"
        );
        assert_eq!(
            add_key("a = 1", &p(""), "b", "2").unwrap(),
            "a = 1\nb = 2\n"
        );
        assert_eq!(
            set_value(text, &p("u.x"), "[3]").unwrap(),
            "a = 1\n# end a\n\n[t]\nb = 2\n# end t\n\n[u]\nx = [3]  # xs\n"
        );
        assert_eq!(
            remove(text, &p("t")).unwrap(),
            "a = 1\n# end a\n\n[u]\nx = [1, 2]  # xs\n"
        );
        assert_eq!(
            remove(text, &p("t.b")).unwrap(),
            "a = 1\n# end a\n\n[t]\n# end t\n\n[u]\nx = [1, 2]  # xs\n"
        );
        let sub = Value::Map(vec![
            ("q".into(), Value::Int(1)),
            ("r".into(), Value::Map(vec![("z".into(), Value::Int(1))])),
        ]);
        let render = |v: &Value| match v {
            Value::Int(i) => Some(i.to_string()),
            _ => None,
        };
        assert_eq!(
            add_table(
                "a = 1\n\n[t]\nb = 2\n\n[u]\nx = 1\n",
                &p("t"),
                "s",
                &sub,
                render
            )
            .unwrap(),
            "a = 1\n\n[t]\nb = 2\n\n[t.s]\nq = 1\n\n[t.s.r]\nz = 1\n[u]\nx = 1\n"
        );
        assert_eq!(
            add_table("a = 1\n", &p(""), "s", &sub, render).unwrap(),
            "a = 1\n\n[s]\nq = 1\n\n[s.r]\nz = 1\n"
        );
        assert_eq!(
            add_key("a.b = 1\n[t]\nc = 1\n", &p("a"), "c", "3").unwrap(),
            "a.b = 1\na.c = 3\n[t]\nc = 1\n"
        );
        // what is not edited in place
        assert!(layout("a = \"\"\"\n[x]\n\"\"\"\n").is_none());
        assert!(layout("[[runs]]\na = 1\n").is_none());
        assert!(set_value("a = {b = 1}\n", &p("a"), "2").is_none());
        // a multi-line array's lines are not headers
        let l = layout("a = [\n  [1, 2],\n]\n[t]\nb = 1\n").unwrap();
        assert_eq!(l.sections.len(), 2);
    }
}
