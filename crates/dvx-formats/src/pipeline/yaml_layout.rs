//! Where things stand in a YAML document's text, for edits that keep the rest of it (its
//! comments and layout) as it is: a key added at the end of its block mapping, a key of a
//! one-line scalar removed with its line, a mapping emptied to `{}` — what ruamel's round-trip
//! mode keeps when DVC applies `-S +key=value` and `-S ~key` — and the rewrite ruamel makes of
//! every value DVC sets back ([`normalize`]).

use yaml_rust2::scanner::TScalarStyle;

use crate::yaml::{Emitter, Value};

type Path = Vec<String>;

/// A block mapping: its path, the column of its keys, and the byte where a new last key goes;
/// for one under a key, the byte after that key's `:`.
struct Block {
    path: Path,
    indent: usize,
    end: usize,
    colon: Option<usize>,
}

/// A scalar value: its bytes, its style and text, whether it is the value of a block mapping's
/// key (not in a flow mapping, not an item), and whether it is inside a sequence.
struct ScalarAt {
    start: usize,
    end: usize,
    style: TScalarStyle,
    value: String,
    block_value: bool,
    in_seq: bool,
}

/// A sequence that is the value of a block mapping's key (under block mappings only): its path,
/// where its key's line starts, its bytes (a block one's end is the line where it ended).
struct SeqAt {
    path: Path,
    key_line: usize,
    key_col: usize,
    start: usize,
    end: usize,
    flow: bool,
}

/// A key whose value is a one-line scalar: the bytes of its whole line.
struct Line {
    path: Path,
    start: usize,
    end: usize,
}

struct Layout {
    blocks: Vec<Block>,
    lines: Vec<Line>,
    scalars: Vec<ScalarAt>,
    seqs: Vec<SeqAt>,
}

fn layout(text: &str) -> Option<Layout> {
    use yaml_rust2::parser::{Event, Parser};
    enum Open {
        /// `first`: where its first key stands (its keys' column)
        Map {
            key: Option<String>,
            key_at: usize,
            first: Option<usize>,
        },
        Seq {
            next: usize,
            /// for a sequence [`SeqAt`] records: its key's byte, its start, whether flow
            record: Option<(usize, usize, bool)>,
        },
    }
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let line_start = |b: usize| text[..b].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |b: usize| text[b..].find('\n').map_or(text.len(), |i| b + i + 1);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<(Open, Path, Option<usize>)> = Vec::new(); // (open, path, block start)
    let mut out = Layout {
        blocks: Vec::new(),
        lines: Vec::new(),
        scalars: Vec::new(),
        seqs: Vec::new(),
    };
    let path_here = |stack: &[(Open, Path, Option<usize>)]| -> Path {
        let Some((open, path, _)) = stack.last() else {
            return Vec::new();
        };
        let mut p = path.clone();
        match open {
            Open::Map { key, .. } => p.push(key.clone().unwrap_or_default()),
            Open::Seq { next, .. } => p.push(next.to_string()),
        }
        p
    };
    // under block mappings only (a sequence's contents are written anew by DVC)
    let all_block_maps = |stack: &[(Open, Path, Option<usize>)]| {
        stack
            .iter()
            .all(|(o, _, start)| matches!(o, Open::Map { .. }) && start.is_some())
    };
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let at = *byte_at.get(mark.index())?;
        let is_value = match stack.last() {
            Some((Open::Map { key, .. }, _, _)) => key.is_some(),
            Some((Open::Seq { .. }, _, _)) => true,
            None => false,
        };
        let in_seq = stack.iter().any(|(o, _, _)| matches!(o, Open::Seq { .. }));
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) => {
                let path = if stack.is_empty() {
                    Vec::new()
                } else {
                    path_here(&stack)
                };
                let flow = text[at..].starts_with('{');
                let start = (!flow).then_some(at);
                // the key this mapping is the value of
                let parent_key = match stack.last() {
                    Some((Open::Map { key_at, .. }, _, Some(_))) if is_value => Some(*key_at),
                    _ => None,
                };
                stack.push((
                    Open::Map {
                        key: None,
                        key_at: parent_key.unwrap_or(usize::MAX),
                        first: None,
                    },
                    path,
                    start,
                ));
                continue;
            }
            Event::SequenceStart(..) => {
                let path = if stack.is_empty() {
                    Vec::new()
                } else {
                    path_here(&stack)
                };
                let record = match stack.last() {
                    Some((Open::Map { key_at, .. }, _, Some(_)))
                        if is_value && all_block_maps(&stack) =>
                    {
                        Some((*key_at, at, text[at..].starts_with('[')))
                    }
                    _ => None,
                };
                stack.push((Open::Seq { next: 0, record }, path, None));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some((
                    Open::Map {
                        first: Some(start),
                        key_at,
                        ..
                    },
                    path,
                    Some(_),
                )) => {
                    let indent = start - line_start(start);
                    // a new last key goes at the start of the line where the block ended
                    let end = if at >= text.len() {
                        text.len()
                    } else {
                        line_start(at)
                    };
                    let colon = (key_at != usize::MAX)
                        .then(|| colon_after(text, key_at))
                        .flatten();
                    out.blocks.push(Block {
                        path,
                        indent,
                        end,
                        colon,
                    });
                }
                Some((
                    Open::Seq {
                        record: Some((key_at, start, flow)),
                        ..
                    },
                    path,
                    _,
                )) => {
                    let end = if flow {
                        (text.as_bytes().get(at) == Some(&b']')).then_some(at + 1)?
                    } else if at >= text.len() {
                        text.len()
                    } else {
                        line_start(at)
                    };
                    out.seqs.push(SeqAt {
                        path,
                        key_line: line_start(key_at),
                        key_col: key_at - line_start(key_at),
                        start,
                        end,
                        flow,
                    });
                }
                _ => {}
            },
            Event::Scalar(value, _, _, _) if !is_value => {
                if let Some((Open::Map { key, key_at, first }, _, _)) = stack.last_mut() {
                    *key = Some(value);
                    *key_at = at;
                    first.get_or_insert(at);
                }
                continue;
            }
            Event::Scalar(value, style, ..) => {
                let block = matches!(stack.last(), Some((Open::Map { .. }, _, Some(_))));
                if let Some((Open::Map { key_at, .. }, _, Some(_))) = stack.last() {
                    let (start, end) = (line_start(*key_at), line_end(at));
                    let one_line =
                        !text[*key_at..end.saturating_sub(1).max(*key_at)].contains('\n');
                    let alone = text[start..*key_at].trim().is_empty();
                    if one_line && alone {
                        out.lines.push(Line {
                            path: path_here(&stack),
                            start,
                            end,
                        });
                    }
                }
                if !stack.is_empty() {
                    let raw = &text[at..];
                    let len = match style {
                        TScalarStyle::Plain => {
                            (!value.is_empty() && raw.starts_with(&value)).then_some(value.len())
                        }
                        TScalarStyle::SingleQuoted => quoted_len(raw, b'\''),
                        TScalarStyle::DoubleQuoted => quoted_len(raw, b'"'),
                        _ => None,
                    };
                    if let Some(len) = len {
                        out.scalars.push(ScalarAt {
                            start: at,
                            end: at + len,
                            style,
                            value,
                            block_value: block,
                            in_seq,
                        });
                    }
                }
            }
            _ => continue,
        }
        match stack.last_mut() {
            Some((Open::Map { key, .. }, _, _)) => *key = None,
            Some((Open::Seq { next, .. }, _, _)) => *next += 1,
            None => {}
        }
    }
    Some(out)
}

/// The byte after the `:` that ends the plain or quoted key at `key_at`.
fn colon_after(text: &str, key_at: usize) -> Option<usize> {
    let raw = &text[key_at..];
    let skip = match raw.as_bytes().first()? {
        b'"' => quoted_len(raw, b'"')?,
        b'\'' => quoted_len(raw, b'\'')?,
        _ => 0,
    };
    let i = raw[skip..].find(':')?;
    Some(key_at + skip + i + 1)
}

/// The length of a quoted scalar starting at `raw[0] == q`.
pub(super) fn quoted_len(raw: &str, q: u8) -> Option<usize> {
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

/// `text` with `path` (whose parent is a block mapping) added as its last key with `value`,
/// written as DVC writes it; None when that cannot be done in place.
pub fn add_key(text: &str, path: &[String], value: &Value) -> Option<String> {
    let (key, parent) = path.split_last()?;
    let l = layout(text)?;
    let block = l.blocks.iter().find(|b| b.path == parent)?;
    let mut e = Emitter::new();
    e.map(&[(key.clone(), value.clone())], block.indent, false);
    let lines = e.finish();
    let mut out = text.to_string();
    let at = if block.end == text.len() && !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
        out.len()
    } else {
        block.end
    };
    out.insert_str(at, &lines);
    Some(out)
}

/// `text` with the one-line scalar value at `path` replaced by `value`.
pub fn set_scalar(text: &str, path: &[String], value: &Value) -> Option<String> {
    let l = layout(text)?;
    let line = l.lines.iter().find(|x| x.path == path)?;
    let sc = l
        .scalars
        .iter()
        .find(|sc| sc.block_value && sc.start >= line.start && sc.end <= line.end)?;
    let (start, end, new) = replace_value(text, sc.start, sc.end, &scalar_text(value)?);
    let mut out = text.to_string();
    out.replace_range(start..end, &new);
    Some(out)
}

/// `text` with the block mapping at `path` (the value of a key) written `{}`, its keys gone.
pub fn empty_mapping(text: &str, path: &[String]) -> Option<String> {
    let l = layout(text)?;
    let block = l.blocks.iter().find(|b| b.path == path)?;
    let colon = block.colon?;
    let key_line_end = text[colon..]
        .find('\n')
        .map_or(text.len(), |i| colon + i + 1);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..colon]);
    out.push_str(" {}");
    out.push_str(&text[colon..key_line_end]);
    out.push_str(&text[block.end.max(key_line_end)..]);
    Some(out)
}

/// `text` as DVC writes a params file back after `-S`: ruamel reads it without keeping quotes
/// and DVC sets every value that is not a mapping again, so quoted strings are written in
/// ruamel's own style, booleans `true`/`false`, nulls empty, and sequences in block style
/// (what was written inside them, comments too, is gone); comments after a value keep their
/// column. `doc` is the document `text` holds. None when the text cannot be read so.
pub fn normalize(text: &str, doc: &Value) -> Option<String> {
    normalize_with(text, doc, true)
}

/// [`normalize`] of a file DVC loads and dumps without setting its values again (`dvc.yaml`
/// after `freeze`): sequences keep their style, only their scalars are rewritten.
pub fn normalize_scalars(text: &str, doc: &Value) -> Option<String> {
    normalize_with(text, doc, false)
}

fn normalize_with(text: &str, doc: &Value, sequences: bool) -> Option<String> {
    if !matches!(doc, Value::Map(_)) {
        return None;
    }
    let l = layout(text)?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for s in l.seqs.iter().filter(|_| sequences) {
        let Some(v @ Value::Seq(items)) = lookup(doc, &s.path) else {
            return None;
        };
        if s.flow && items.is_empty() {
            continue;
        }
        edits.push(seq_edit(text, s, v)?);
    }
    for sc in l.scalars.iter().filter(|sc| !(sequences && sc.in_seq)) {
        let raw = &text[sc.start..sc.end];
        let new = match sc.style {
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
                scalar_text(&Value::Str(sc.value.clone()))?
            }
            TScalarStyle::Plain => match raw {
                "True" | "TRUE" => "true".to_string(),
                "False" | "FALSE" => "false".to_string(),
                "~" | "null" | "Null" | "NULL" if sc.block_value => String::new(),
                _ => continue,
            },
            _ => continue,
        };
        if new != raw {
            edits.push(replace_value(text, sc.start, sc.end, &new));
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    let mut limit = text.len();
    for (start, end, new) in edits {
        if end > limit {
            return None; // overlapping edits: not expected, not guessed at
        }
        out.replace_range(start..end, &new);
        limit = start;
    }
    Some(out)
}

/// `text` with the sequence at `path` (the value of a block mapping's key) replaced by `value`
/// (a sequence), written in block style as DVC writes it.
pub fn set_seq(text: &str, path: &[String], value: &Value) -> Option<String> {
    let l = layout(text)?;
    let s = l.seqs.iter().find(|s| s.path == path)?;
    let (start, end, new) = seq_edit(text, s, value)?;
    let mut out = text.to_string();
    out.replace_range(start..end, &new);
    Some(out)
}

/// `text` without the key at `path` whose value is a block sequence (its key line and its
/// items), None when that cannot be done in place.
pub fn remove_seq_key(text: &str, path: &[String]) -> Option<String> {
    let l = layout(text)?;
    let s = l.seqs.iter().find(|s| s.path == path)?;
    if s.flow {
        return None;
    }
    let line_start = text[..s.key_line].rfind('\n').map_or(0, |i| i + 1);
    let key_line_end = text[s.key_line..]
        .find('\n')
        .map_or(text.len(), |i| s.key_line + i + 1);
    let end = s.end.max(key_line_end);
    let mut out = text.to_string();
    out.replace_range(line_start..end, "");
    Some(out)
}

/// The edit that writes the sequence `v` in block style where `s` stands: a comment on its
/// key's line stays at its column.
fn seq_edit(text: &str, s: &SeqAt, v: &Value) -> Option<(usize, usize, String)> {
    let mut e = Emitter::new();
    e.map(&[("k".to_string(), v.clone())], s.key_col, false);
    let rendered = e.finish();
    let (first, body) = rendered.split_once('\n')?;
    // an empty sequence is `[]` on the key's line
    let inline = first
        .strip_prefix(&" ".repeat(s.key_col))?
        .strip_prefix("k:")?;
    if !s.flow {
        let key_line_end = text[s.key_line..]
            .find('\n')
            .map_or(text.len(), |i| s.key_line + i + 1);
        if !inline.is_empty() {
            return None;
        }
        return Some((key_line_end, s.end.max(key_line_end), body.to_string()));
    }
    if text[s.start..s.end].contains('\n') {
        return None;
    }
    // `key: [..]  # c` becomes `key:` with the comment where it stood
    let line_end = text[s.end..]
        .find('\n')
        .map_or(text.len(), |i| s.end + i + 1);
    let rest = &text[s.end..line_end];
    let mut line = text[s.key_line..s.start].trim_end().to_string();
    line.push_str(inline);
    if let Some(comment) = rest.trim_start().strip_prefix('#') {
        let column = text[s.key_line..s.end].chars().count() + rest.len() - rest.trim_start().len();
        let pad = column.saturating_sub(line.chars().count()).max(1);
        line.push_str(&" ".repeat(pad));
        line.push('#');
        line.push_str(comment.trim_end_matches('\n'));
    }
    line.push('\n');
    line.push_str(body);
    Some((s.key_line, line_end, line))
}

/// The edit that writes `value` over the scalar at `start..end`: a comment after it keeps its
/// column (one space at least), as ruamel keeps it; an empty value (a null) takes the space
/// before it when nothing follows.
pub fn replace_value(text: &str, start: usize, end: usize, value: &str) -> (usize, usize, String) {
    let rest = &text[end..];
    let line_rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let gap = line_rest.len() - line_rest.trim_start().len();
    if gap > 0 && line_rest.trim_start().starts_with('#') {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..end + gap].chars().count();
        let new_end = text[line_start..start].chars().count() + value.chars().count();
        let pad = " ".repeat(column.saturating_sub(new_end).max(1));
        return (start, end + gap, format!("{value}{pad}"));
    }
    // a comment later on the line (after a flow collection's end) keeps its column too
    if let Some(hash) = line_rest.find(" #") {
        let middle = line_rest[..hash].trim_end();
        if !middle.is_empty() && !middle.contains(['"', '\'', '#']) {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..end + hash + 1].chars().count();
            let new_end = text[line_start..start].chars().count()
                + value.chars().count()
                + middle.chars().count();
            let pad = " ".repeat(column.saturating_sub(new_end).max(1));
            return (start, end + hash + 1, format!("{value}{middle}{pad}"));
        }
    }
    if value.is_empty() && line_rest.trim().is_empty() {
        let spaces = text[..start].len() - text[..start].trim_end_matches(' ').len();
        return (start - spaces, end, String::new());
    }
    (start, end, value.to_string())
}

/// A scalar as the emitter writes it after a key, without the key; None for what takes lines.
pub fn scalar_text(v: &Value) -> Option<String> {
    if matches!(v, Value::Null | Value::Map(_) | Value::Seq(_)) {
        return None;
    }
    let mut e = Emitter::new();
    e.map(&[("k".into(), v.clone())], 0, false);
    let s = e.finish();
    let s = s.strip_prefix("k: ")?.strip_suffix('\n')?;
    (!s.contains('\n')).then(|| s.to_string())
}

/// The value at a key path.
pub(super) fn lookup<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut cur = root;
    for part in path {
        cur = match cur {
            Value::Map(m) => &m.iter().find(|(k, _)| k == part)?.1,
            _ => return None,
        };
    }
    Some(cur)
}

/// `text` without the line of `path`'s key (a one-line scalar); None when that cannot be done
/// in place.
pub fn remove_key(text: &str, path: &[String]) -> Option<String> {
    let l = layout(text)?;
    let line = l.lines.iter().find(|x| x.path == path)?;
    // the blank and comment lines after a key go with it, as ruamel attaches them to the key
    let mut end = line.end;
    while end < text.len() {
        let next = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let t = text[end..next].trim();
        if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        end = next;
    }
    let mut out = text.to_string();
    out.replace_range(line.start..end, "");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('.').map(String::from).collect()
    }

    #[test]
    fn keys_are_added_and_removed_where_they_stand() {
        let text = "# top\nlr: 0.1  # rate\nmodel:\n  depth: 2  # layers\n  # the end of model\nfail: false\n";
        assert_eq!(
            add_key(text, &p("model.width"), &Value::Int(8)).unwrap(),
            "# top\nlr: 0.1  # rate\nmodel:\n  depth: 2  # layers\n  # the end of model\n  width: 8\nfail: false\n"
        );
        assert_eq!(
            add_key(text, &p("opt"), &Value::Str("adam".into())).unwrap(),
            format!("{text}opt: adam\n")
        );
        assert_eq!(
            add_key("a: 1", &p("b"), &Value::Int(2)).unwrap(),
            "a: 1\nb: 2\n"
        );
        assert_eq!(
            remove_key(text, &p("model.depth")).unwrap(),
            "# top\nlr: 0.1  # rate\nmodel:\nfail: false\n"
        );
        assert_eq!(
            remove_key("a: 1  # x\n\n  # y\nb: 2\n", &p("a")).unwrap(),
            "b: 2\n"
        );
        assert_eq!(
            remove_key(text, &p("lr")).unwrap(),
            "# top\nmodel:\n  depth: 2  # layers\n  # the end of model\nfail: false\n"
        );
        // a flow mapping, or a key whose value spans lines: not in place
        assert!(add_key("m: {a: 1}\n", &p("m.b"), &Value::Int(2)).is_none());
        assert!(remove_key("a: |\n  x\n  y\nb: 1\n", &p("a")).is_none());
        assert!(add_key("l:\n- 1\n", &p("l.x"), &Value::Int(2)).is_none());
    }
}
