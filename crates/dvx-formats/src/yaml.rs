//! A small YAML emitter that writes the shapes DVC writes, byte for byte as DVC's ruamel does.
//!
//! DVC dumps `.dvc` and `dvc.lock` files with ruamel.yaml (round-trip mode, YAML 1.2, width 80,
//! unicode allowed). Only block mappings, block sequences and scalars occur there, so this is a
//! port of the parts of ruamel's emitter those need: the scalar style choice (`analyze_scalar`
//! and `choose_scalar_style`), the implicit resolver that decides when a plain string would be
//! misread, and the line folding at 80 columns.

use std::sync::LazyLock;

use regex::Regex;

/// A YAML value in the order it was read, enough to carry keys dvx does not interpret.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    /// A float, kept as it was written.
    Float(String),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Converts a parsed YAML node; map keys become strings.
    pub fn from_yaml(y: &yaml_rust2::Yaml) -> Value {
        use yaml_rust2::Yaml;
        match y {
            Yaml::Real(s) => Value::Float(s.clone()),
            Yaml::Integer(i) => Value::Int(*i),
            Yaml::String(s) => Value::Str(s.clone()),
            Yaml::Boolean(b) => Value::Bool(*b),
            Yaml::Array(a) => Value::Seq(a.iter().map(Value::from_yaml).collect()),
            Yaml::Hash(h) => Value::Map(
                h.iter()
                    .map(|(k, v)| (scalar_text(k).unwrap_or_default(), Value::from_yaml(v)))
                    .collect(),
            ),
            Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
        }
    }

    /// The text of a scalar (numbers and booleans as written), or None for collections and null.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(s) | Value::Float(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Limits on YAML read from files someone else wrote (pointer files, `dvc.yaml`, `dvc.lock`,
/// params files): deeper nesting, or aliases that expand to more nodes, is refused before a tree
/// is built, so an alias bomb or 100,000 levels of `[` fail in bounded memory and time.
pub const MAX_DEPTH: usize = 256;
/// Nodes of a document with every alias expanded (what the parsed tree holds).
pub const MAX_NODES: usize = 1_000_000;

/// Parses YAML text into documents, within [`MAX_DEPTH`] and [`MAX_NODES`]. The error says
/// which limit and where (line and column).
pub fn load(text: &str) -> Result<Vec<yaml_rust2::Yaml>, String> {
    check_limits(text)?;
    yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| e.to_string())
}

/// One pass over the parser's events: depth, and the number of nodes with every alias counted
/// as the size of what it names. Stops at the first limit crossed.
fn check_limits(text: &str) -> Result<(), String> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    // per open collection: its anchor and its size so far
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut sizes: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    // nodes of the current document so far, aliases expanded
    let mut nodes = 0usize;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| e.to_string())?;
        let at = || format!("line {}, column {}", mark.line(), mark.col() + 1);
        let leaf = match event {
            Event::StreamEnd => return Ok(()),
            Event::DocumentStart => {
                nodes = 0;
                sizes.clear();
                None
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(format!(
                        "nested deeper than {MAX_DEPTH} levels at {}; dvx refuses such YAML",
                        at()
                    ));
                }
                open.push((anchor, 1));
                nodes = nodes.saturating_add(1);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, n) = open.pop().unwrap_or((0, 1));
                if anchor > 0 {
                    sizes.insert(anchor, n);
                }
                if let Some(parent) = open.last_mut() {
                    parent.1 = parent.1.saturating_add(n);
                }
                None
            }
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    sizes.insert(anchor, 1);
                }
                Some(1)
            }
            Event::Alias(id) => Some(sizes.get(&id).copied().unwrap_or(1)),
            _ => None,
        };
        if let Some(n) = leaf {
            nodes = nodes.saturating_add(n);
            if let Some(parent) = open.last_mut() {
                parent.1 = parent.1.saturating_add(n);
            }
        }
        if nodes > MAX_NODES {
            return Err(format!(
                "more than {MAX_NODES} nodes with its aliases expanded, at {}; dvx refuses such YAML",
                at()
            ));
        }
    }
}

/// The text of a scalar YAML node, as a string.
pub fn scalar_text(y: &yaml_rust2::Yaml) -> Option<String> {
    Value::from_yaml(y).as_text()
}

const BEST_WIDTH: usize = 80;

/// Accumulates emitted text and tracks the column, as ruamel's emitter does.
#[derive(Default)]
pub struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }

    fn newline_indent(&mut self, indent: usize) {
        self.out.push('\n');
        self.column = 0;
        let pad = " ".repeat(indent);
        self.write(&pad);
    }

    fn end_line(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Writes a block mapping whose keys start at column `indent`. When `inline_first` is set the
    /// first key continues the current line (after a sequence's `- `).
    pub fn map(&mut self, entries: &[(String, Value)], indent: usize, inline_first: bool) {
        for (i, (k, v)) in entries.iter().enumerate() {
            if i > 0 || !inline_first {
                self.write(&" ".repeat(indent));
            }
            self.key(k);
            self.value_after_key(v, indent);
        }
    }

    fn key(&mut self, k: &str) {
        let rendered = render_key(k);
        self.write(&rendered);
        self.write(":");
    }

    fn value_after_key(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Map(m) if !m.is_empty() => {
                self.end_line();
                self.map(m, indent + 2, false);
            }
            Value::Seq(s) if !s.is_empty() => {
                self.end_line();
                self.seq(s, indent);
            }
            Value::Null => self.end_line(),
            _ => {
                self.write(" ");
                self.scalar(v, indent + 2);
                self.end_line();
            }
        }
    }

    /// Writes a block sequence whose dashes stand at column `indent`.
    pub fn seq(&mut self, items: &[Value], indent: usize) {
        self.seq_from(items, indent, false)
    }

    /// [`Emitter::seq`]; with `inline_first` the first dash continues the current line (a
    /// sequence in a sequence: `- - a`).
    fn seq_from(&mut self, items: &[Value], indent: usize, inline_first: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !inline_first {
                self.write(&" ".repeat(indent));
            }
            self.write("- ");
            match item {
                Value::Map(m) if !m.is_empty() => self.map(m, indent + 2, true),
                Value::Seq(s) if !s.is_empty() => self.seq_from(s, indent + 2, true),
                _ => {
                    self.scalar(item, indent + 2);
                    self.end_line();
                }
            }
        }
    }

    fn scalar(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Str(s) => self.string(s, indent),
            Value::Null => {}
            Value::Bool(b) => self.write(if *b { "true" } else { "false" }),
            Value::Int(i) => self.write(&i.to_string()),
            Value::Float(f) => self.write(f),
            Value::Map(_) => self.write("{}"),
            Value::Seq(_) => self.write("[]"),
        }
    }

    /// Writes a string value in the style ruamel picks, folding long lines at 80 columns.
    pub fn string(&mut self, s: &str, indent: usize) {
        match choose_style(s) {
            Style::Plain => self.plain(s, indent),
            Style::Single => self.single_quoted(s, indent),
            Style::Double => self.double_quoted(s, indent),
        }
    }

    fn plain(&mut self, text: &str, indent: usize) {
        // ruamel's write_plain, for text without line breaks.
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut end, mut spaces) = (0usize, 0usize, false);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column >= BEST_WIDTH {
                        self.newline_indent(indent);
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if ch.is_none() || ch == Some(' ') {
                let data: String = chars[start..end].iter().collect();
                if data.chars().count() + self.column > BEST_WIDTH && self.column > indent {
                    // words longer than the rest of the line get a line of their own
                    self.newline_indent(indent);
                }
                self.write(&data);
                start = end;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
            }
            end += 1;
        }
    }

    fn single_quoted(&mut self, text: &str, indent: usize) {
        // ruamel's write_single_quoted ('\n' never comes here: such text is double-quoted)
        const BREAKS: [char; 4] = ['\n', '\u{85}', '\u{2028}', '\u{2029}'];
        self.write("'");
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut end) = (0usize, 0usize);
        let (mut spaces, mut breaks) = (false, false);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && start != 0
                        && end != chars.len()
                    {
                        self.newline_indent(indent);
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if breaks {
                if ch.is_none_or(|c| !BREAKS.contains(&c)) {
                    for &br in &chars[start..end] {
                        // a line break is written as itself, then the indentation
                        self.out.push(br);
                        self.column = 0;
                    }
                    self.write(&" ".repeat(indent));
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || c == '\'' || BREAKS.contains(&c)) && start < end
            {
                let data: String = chars[start..end].iter().collect();
                self.write(&data);
                start = end;
            }
            if ch == Some('\'') {
                self.write("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = BREAKS.contains(&c);
            }
            end += 1;
        }
        self.write("'");
    }

    fn double_quoted(&mut self, text: &str, indent: usize) {
        // ruamel's write_double_quoted: escapes, and a fold at 80 columns written as `\` at the
        // end of the line (a space that starts the next line escaped as `\ `)
        self.write("\"");
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut end) = (0usize, 0usize);
        while end <= chars.len() {
            let ch = chars.get(end).copied();
            let escaped = ch.and_then(escape);
            if ch.is_none() || escaped.is_some() {
                if start < end {
                    let data: String = chars[start..end].iter().collect();
                    self.write(&data);
                    start = end;
                }
                if let Some(e) = escaped {
                    self.write(&e);
                    start = end + 1;
                }
            }
            let pending = end as isize - start as isize; // -1 right after an escape
            if 0 < end
                && end + 1 < chars.len()
                && (ch == Some(' ') || start >= end)
                && self.column as isize + pending > BEST_WIDTH as isize
            {
                let backslash = fold_needs_backslash(&chars, start, end);
                let mut data: String = chars[start.min(end)..end].iter().collect();
                if backslash {
                    data.push('\\');
                }
                if start < end {
                    start = end;
                }
                self.write(&data);
                self.newline_indent(indent);
                if chars.get(start) == Some(&' ') {
                    if backslash {
                        self.write("\\");
                    } else {
                        // the line break reads back as this space
                        start += 1;
                    }
                }
            }
            end += 1;
        }
        self.write("\"");
    }
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Style {
    Plain,
    Single,
    Double,
}

struct Analysis {
    allow_plain: bool,
    allow_single: bool,
}

fn is_ws(c: Option<char>) -> bool {
    matches!(
        c,
        None | Some('\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
    )
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            allow_plain: false,
            allow_single: true,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut special = false;
    let mut line_breaks = false;
    let mut preceded_by_ws = true;
    // a space before a line break, or a line break before a space, cannot be single-quoted
    let (mut space_break, mut break_space) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let is_break = |c: char| matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}');
    for (i, &ch) in chars.iter().enumerate() {
        let followed_by_ws = is_ws(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_indicators = true;
            }
            if (ch == '?' || ch == ':') && followed_by_ws {
                block_indicators = true;
            }
            if ch == '-' && followed_by_ws {
                block_indicators = true;
            }
        } else {
            if ch == ':' && followed_by_ws {
                block_indicators = true;
            }
            if ch == '#' && preceded_by_ws {
                block_indicators = true;
            }
        }
        if matches!(ch, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            line_breaks = true;
        }
        if !(ch == '\n' || (' '..='~').contains(&ch)) {
            let printable_unicode = ch == '\u{85}'
                || ('\u{A0}'..='\u{D7FF}').contains(&ch)
                || ('\u{E000}'..='\u{FFFD}').contains(&ch)
                || ('\u{10000}'..='\u{10FFFF}').contains(&ch);
            if !printable_unicode || ch == '\u{FEFF}' {
                special = true;
            }
        }
        if ch == ' ' {
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(ch) {
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_ws = is_ws(Some(ch));
    }
    let leading_space = chars[0] == ' ' || is_break(chars[0]);
    let trailing_space = chars[chars.len() - 1] == ' ' || is_break(chars[chars.len() - 1]);
    let mut allow_plain = !(leading_space || trailing_space || block_indicators || line_breaks);
    let mut allow_single = true;
    if special || space_break || break_space {
        allow_plain = false;
        allow_single = false;
    }
    Analysis {
        allow_plain,
        allow_single,
    }
}

static RESOLVERS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("static regex");
    vec![
        ("tTfF", r(r"^(?:true|True|TRUE|false|False|FALSE)$")),
        (
            "-+0123456789.",
            r(
                r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            ),
        ),
        (
            "-+0123456789",
            r(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
        ),
        ("<", r(r"^(?:<<)$")),
        ("~nN", r(r"^(?:~|null|Null|NULL)$")),
        (
            "0123456789",
            r(
                r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            ),
        ),
        ("=", r(r"^(?:=)$")),
    ]
});

/// Whether a plain scalar with this text would be read back as something other than a string.
fn resolves_to_non_string(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true; // the empty plain scalar is null
    };
    RESOLVERS
        .iter()
        .any(|(firsts, re)| firsts.contains(first) && re.is_match(s))
}

/// The style ruamel chooses for a string value in block context.
pub fn choose_style(s: &str) -> Style {
    let a = analyze(s);
    if a.allow_plain && !resolves_to_non_string(s) {
        return Style::Plain;
    }
    if s.contains('\'') || s.contains('\n') {
        return Style::Double;
    }
    if a.allow_single {
        Style::Single
    } else {
        Style::Double
    }
}

/// Renders a mapping key (a simple key: never folded).
pub fn render_key(k: &str) -> String {
    match choose_style(k) {
        Style::Plain => k.to_string(),
        Style::Single => format!("'{}'", k.replace('\'', "''")),
        Style::Double => double_quoted(k),
    }
}

/// Whether ruamel ends a folded double-quoted line with `\` (so that the line break does not
/// read back as a space): not when the fold is at a space that the break can stand for.
fn fold_needs_backslash(text: &[char], start: usize, end: usize) -> bool {
    let Some(mut space) = text[end..].iter().position(|&c| c == ' ').map(|i| end + i) else {
        return true;
    };
    if let Some(nl) = text[end..space].iter().position(|&c| c == '\n') {
        space = end + nl;
    }
    let next = text.get(space + 1).copied();
    if text[space] == '\n' && next != Some(' ') {
        return true;
    }
    let between = &text[end..space];
    if between.contains(&'"') || between.contains(&'\'') {
        return true;
    }
    let Some(next) = next else {
        return true; // Python's IndexError: the backslash stays
    };
    let two: String = text[end.saturating_sub(1)..(end + 1).min(text.len())]
        .iter()
        .collect();
    !(!matches!(next, ' ' | '\n') && two != "  " && start != end)
}

/// A double-quoted scalar with ruamel's escapes (no folding).
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match escape(ch) {
            Some(e) => out.push_str(&e),
            None => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// How ruamel writes `ch` inside double quotes: None when as itself.
fn escape(ch: char) -> Option<String> {
    let named = match ch {
        '\0' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\r' => Some('r'),
        '\u{1b}' => Some('e'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '\u{85}' => Some('N'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    if let Some(n) = named {
        return Some(format!("\\{n}"));
    }
    let printable = (' '..='~').contains(&ch)
        || ('\u{A0}'..='\u{D7FF}').contains(&ch)
        || ('\u{E000}'..='\u{FFFD}').contains(&ch)
        || ('\u{10000}'..='\u{10FFFF}').contains(&ch);
    if printable && ch != '\u{FEFF}' {
        None
    } else if (ch as u32) <= 0xFF {
        Some(format!("\\x{:02X}", ch as u32))
    } else if (ch as u32) <= 0xFFFF {
        Some(format!("\\u{:04X}", ch as u32))
    } else {
        Some(format!("\\U{:08X}", ch as u32))
    }
}

/// Parses a YAML float text (`1.0e-05`, `.5`, `.inf`, `-.Inf`, `.nan`).
pub fn parse_float(text: &str) -> f64 {
    let t = text.replace('_', "");
    let lower = t.to_ascii_lowercase();
    match lower.trim_start_matches(['+', '-']) {
        ".inf" | "inf" => {
            if lower.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }
        }
        ".nan" | "nan" => f64::NAN,
        _ => lower.parse().unwrap_or(f64::NAN),
    }
}

/// A float as ruamel writes a Python float: `repr(f).lower()`, `.inf`, `.nan`.
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // shortest round-trip digits, then Python's choice between fixed and scientific notation
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let fixed = format!("{f}");
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_quickly() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let start = std::time::Instant::now();
        let e = load(&bomb).unwrap_err();
        assert!(e.contains("more than 1000000 nodes"), "{e}");
        // flow collections are stopped by the scanner's own limit, block ones by ours
        let deep = "[".repeat(100_000);
        let e = load(&deep).unwrap_err();
        assert!(e.contains("recursion limit exceeded"), "{e}");
        let deep_seqs = "- ".repeat(100_000) + "x\n";
        let e = load(&deep_seqs).unwrap_err();
        assert!(e.contains("nested deeper than 256 levels"), "{e}");
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // ordinary aliases and documents still load
        let ok = load("base: &b {lr: 1}\ntrain: *b\nlist: [*b, *b]\n").unwrap();
        assert_eq!(ok.len(), 1);
        assert!(load(&format!("a: {}{}", "[".repeat(200), "]".repeat(200))).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_line(p: &str) -> String {
        let mut e = Emitter::new();
        e.map(&[("path".to_string(), Value::Str(p.to_string()))], 2, false);
        e.finish()
    }

    // Expected renderings were observed from real DVC 3.67.1 (`dvc add` of files with these names).
    #[test]
    fn quotes_paths_as_dvc_does() {
        let cases = [
            ("a: b.csv", "'a: b.csv'"),
            ("#hash.csv", "'#hash.csv'"),
            ("123", "'123'"),
            ("@at", "'@at'"),
            ("null", "'null'"),
            ("yes", "yes"),
            ("x y.txt", "x y.txt"),
            ("it's.txt", "it's.txt"),
            ("ünï.txt", "ünï.txt"),
            ("2001-12-14", "'2001-12-14'"),
            ("1.5", "'1.5'"),
            ("0x1F", "'0x1F'"),
            ("-lead", "-lead"),
            ("-", "'-'"),
            ("~", "'~'"),
            ("true", "'true'"),
            ("1e3", "'1e3'"),
            (".inf", "'.inf'"),
            (".nan", "'.nan'"),
            ("NaN", "NaN"),
            ("a #b", "'a #b'"),
            ("tail:", "'tail:'"),
            ("? q", "'? q'"),
            ("*star", "'*star'"),
            (",comma", "',comma'"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("0o17", "'0o17'"),
            ("+12", "'+12'"),
            ("1_000", "'1_000'"),
            ("1:30", "1:30"),
            ("=", "'='"),
            ("<<", "'<<'"),
            ("a,b", "a,b"),
            ("a\"b", "a\"b"),
            ("\"q", "'\"q'"),
            ("0b1", "'0b1'"),
            ("1e", "1e"),
            ("12:00:00", "12:00:00"),
            (
                "2001-12-14t21:59:43.10-05:00",
                "'2001-12-14t21:59:43.10-05:00'",
            ),
            ("a: ", "'a: '"),
            ("x\ttab", "\"x\\ttab\""),
            ("é#", "é#"),
            ("Null", "'Null'"),
            ("-1", "'-1'"),
            ("-.5", "'-.5'"),
        ];
        for (name, want) in cases {
            assert_eq!(path_line(name), format!("  path: {want}\n"), "{name:?}");
        }
    }

    #[test]
    fn folds_long_plain_scalars_like_ruamel() {
        let long = format!("{} {} {}", "a".repeat(40), "b".repeat(56), "c".repeat(11));
        assert_eq!(
            path_line(&long),
            format!(
                "  path: {} \n    {} {}\n",
                "a".repeat(40),
                "b".repeat(56),
                "c".repeat(11)
            )
        );
    }

    #[test]
    fn single_quote_inside_needing_quotes_goes_double() {
        assert_eq!(choose_style("echo 'a: b' > o1.txt"), Style::Double);
        assert_eq!(choose_style("echo \"double\" > o5.txt"), Style::Plain);
    }
}
