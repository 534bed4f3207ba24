//! Where things stand in a YAML document's text, for edits that keep the rest of it (its
//! comments and layout) as it is: a key added at the end of its block mapping, a key of a
//! one-line scalar removed with its line — what ruamel's round-trip mode keeps when DVC applies
//! `-S +key=value` and `-S ~key`.

use crate::yaml::Value;

type Path = Vec<String>;

/// A block mapping: its path, the column of its keys, and the byte where a new last key goes.
struct Block {
    path: Path,
    indent: usize,
    end: usize,
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
    };
    let path_here = |stack: &[(Open, Path, Option<usize>)]| -> Path {
        let Some((open, path, _)) = stack.last() else {
            return Vec::new();
        };
        let mut p = path.clone();
        match open {
            Open::Map { key, .. } => p.push(key.clone().unwrap_or_default()),
            Open::Seq { next } => p.push(next.to_string()),
        }
        p
    };
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let at = *byte_at.get(mark.index())?;
        let is_value = match stack.last() {
            Some((Open::Map { key, .. }, _, _)) => key.is_some(),
            Some((Open::Seq { .. }, _, _)) => true,
            None => false,
        };
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
                stack.push((
                    Open::Map {
                        key: None,
                        key_at: 0,
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
                stack.push((Open::Seq { next: 0 }, path, None));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((
                    Open::Map {
                        first: Some(start), ..
                    },
                    path,
                    Some(_),
                )) = stack.pop()
                {
                    let indent = start - line_start(start);
                    // a new last key goes at the start of the line where the block ended
                    let end = if at >= text.len() {
                        text.len()
                    } else {
                        line_start(at)
                    };
                    out.blocks.push(Block { path, indent, end });
                }
            }
            Event::Scalar(value, _, _, _) if !is_value => {
                if let Some((Open::Map { key, key_at, first }, _, _)) = stack.last_mut() {
                    *key = Some(value);
                    *key_at = at;
                    first.get_or_insert(at);
                }
                continue;
            }
            Event::Scalar(..) => {
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
            }
            _ => continue,
        }
        match stack.last_mut() {
            Some((Open::Map { key, .. }, _, _)) => *key = None,
            Some((Open::Seq { next }, _, _)) => *next += 1,
            None => {}
        }
    }
    Some(out)
}

/// `text` with `path` (whose parent is a block mapping) added as its last key with the scalar
/// rendered `value_text`; None when that cannot be done in place.
pub fn add_key(text: &str, path: &[String], value_text: &str) -> Option<String> {
    let (key, parent) = path.split_last()?;
    let l = layout(text)?;
    let block = l.blocks.iter().find(|b| b.path == parent)?;
    let line = format!(
        "{}{}: {value_text}\n",
        " ".repeat(block.indent),
        crate::yaml::render_key(key)
    );
    let mut out = text.to_string();
    let at = if block.end == text.len() && !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
        out.len()
    } else {
        block.end
    };
    out.insert_str(at, &line);
    Some(out)
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

/// Whether a value can be written on one line after its key.
pub fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Map(_) | Value::Seq(_) | Value::Null)
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
            add_key(text, &p("model.width"), "8").unwrap(),
            "# top\nlr: 0.1  # rate\nmodel:\n  depth: 2  # layers\n  # the end of model\n  width: 8\nfail: false\n"
        );
        assert_eq!(
            add_key(text, &p("opt"), "adam").unwrap(),
            format!("{text}opt: adam\n")
        );
        assert_eq!(add_key("a: 1", &p("b"), "2").unwrap(), "a: 1\nb: 2\n");
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
        assert!(add_key("m: {a: 1}\n", &p("m.b"), "2").is_none());
        assert!(remove_key("a: |\n  x\n  y\nb: 1\n", &p("a")).is_none());
        assert!(add_key("l:\n- 1\n", &p("l.x"), "2").is_none());
    }
}
