//! A plot's data file as DVC reads it: CSV/TSV rows as mappings of strings, JSON as parsed,
//! YAML/TOML through the params reader, images as bytes; and the data points inside (DVC's
//! `get_datapoints`: every list of uniform mappings, merged row by row).

use dvx_formats::pipeline::params;
use dvx_formats::yaml::Value;
use serde_json::{Map, Value as J};

use super::PlotError;

/// The extensions drawn as images (DVC's `ImageRenderer.EXTENSIONS`).
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "gif", "png", "svg"];

/// A data file's content.
#[derive(Debug, Clone)]
pub enum Content {
    Data(J),
    Image(Vec<u8>),
}

fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

/// Whether DVC draws `path` as an image.
pub fn is_image(path: &str) -> bool {
    IMAGE_EXTENSIONS.contains(&extension(path))
}

/// Parses a data file's bytes; `header: false` names CSV/TSV columns `0`, `1`, ...
pub fn parse(path: &str, bytes: Vec<u8>, header: bool) -> Result<Content, PlotError> {
    let ext = extension(path);
    if is_image(path) {
        return Ok(Content::Image(bytes));
    }
    if !matches!(ext, "json" | "yaml" | "yml" | "toml" | "py" | "csv" | "tsv") {
        return Err(PlotError::new(
            "PlotMetricTypeError",
            format!(
                "'{path}' - file type error\nOnly JSON, YAML, CSV and TSV formats are supported."
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        PlotError::new(
            "EncodingError",
            format!("'{path}' is not valid 'utf8' text"),
        )
    })?;
    let corrupted = |kind: &str, what: &str| {
        PlotError::new(
            kind,
            format!("unable to read: '{path}', {what} file structure is corrupted"),
        )
    };
    match ext {
        "csv" => Ok(Content::Data(delimited(&text, ',', header))),
        "tsv" => Ok(Content::Data(delimited(&text, '\t', header))),
        "json" => serde_json::from_str(&text)
            .map(Content::Data)
            .map_err(|_| corrupted("JSONFileCorruptedError", "JSON")),
        "toml" => params::parse(path, &text)
            .map(|v| Content::Data(to_json(&v)))
            .map_err(|_| corrupted("TOMLFileCorruptedError", "TOML")),
        "py" => params::parse(path, &text)
            .map(|v| Content::Data(to_json(&v)))
            .map_err(|_| corrupted("PythonFileCorruptedError", "Python")),
        _ => params::parse(path, &text)
            .map(|v| Content::Data(to_json(&v)))
            .map_err(|_| corrupted("YAMLFileCorruptedError", "YAML")),
    }
}

/// A parsed value as JSON (floats as they were written, read back as numbers).
pub fn to_json(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(params::parse_float(f))
            .map(J::Number)
            .unwrap_or_else(|| J::String(f.clone())),
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// A JSON value as a YAML value (to write it into `dvc.yaml`).
pub fn from_json(v: &J) -> Value {
    match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(dvx_formats::pyjson::float(n.as_f64().unwrap_or(0.0))),
        },
        J::String(s) => Value::Str(s.clone()),
        J::Array(items) => Value::Seq(items.iter().map(from_json).collect()),
        J::Object(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

/// Python's `csv.DictReader`: a header row (or column numbers), then one mapping per
/// non-empty row; missing fields are null, extra ones a list under `null` (Python's `None`
/// key, as `json.dumps` writes it). Without a header DVC counts the columns of the first row
/// split at commas, whatever the delimiter.
fn delimited(text: &str, sep: char, header: bool) -> J {
    let mut rows = records(text, sep).into_iter();
    let names: Vec<String> = if header {
        match rows.next() {
            Some(h) => h,
            None => return J::Array(Vec::new()),
        }
    } else {
        let width = records(text, ',').first().map(Vec::len).unwrap_or(0);
        (0..width).map(|i| i.to_string()).collect()
    };
    J::Array(
        rows.map(|r| {
            let mut m = Map::new();
            for (i, name) in names.iter().enumerate() {
                m.insert(
                    name.clone(),
                    r.get(i).map(|s| J::String(s.clone())).unwrap_or(J::Null),
                );
            }
            if r.len() > names.len() {
                let rest = r[names.len()..].iter().cloned().map(J::String).collect();
                m.insert("null".into(), J::Array(rest));
            }
            J::Object(m)
        })
        .collect(),
    )
}

/// The records of a delimited text: quoted fields may hold the delimiter, `""` and newlines;
/// empty lines are skipped.
fn records(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c == sep && !quoted => {
                row.push(std::mem::take(&mut cur));
                any = true;
            }
            '\r' if !quoted => {}
            '\n' if !quoted => {
                if any || !cur.is_empty() {
                    row.push(std::mem::take(&mut cur));
                    out.push(std::mem::take(&mut row));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        row.push(cur);
        out.push(row);
    }
    out
}

/// Every list in a blob: the blob itself, or the lists among its values (nested mappings
/// searched, lists inside lists not).
pub fn lists(blob: &J) -> Vec<&Vec<J>> {
    let mut out = Vec::new();
    match blob {
        J::Array(items) => out.push(items),
        J::Object(m) => {
            for v in m.values() {
                match v {
                    J::Object(_) => out.extend(lists(v)),
                    J::Array(items) => out.push(items),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// DVC's `get_datapoints`: the lists of mappings that all have the first one's keys, merged
/// row by row.
pub fn datapoints(content: &J) -> Vec<Map<String, J>> {
    let mut result: Vec<Map<String, J>> = Vec::new();
    for lst in lists(content) {
        let Some(J::Object(first)) = lst.first() else {
            continue;
        };
        let uniform = lst.iter().all(|i| i.is_object()) && {
            let mut all: Vec<&String> = lst
                .iter()
                .filter_map(|i| i.as_object())
                .flat_map(|m| m.keys())
                .collect();
            all.sort();
            all.dedup();
            all.len() == first.len()
        };
        if !uniform {
            continue;
        }
        for (i, dp) in lst.iter().enumerate() {
            if result.len() <= i {
                result.push(Map::new());
            }
            if let J::Object(m) = dp {
                for (k, v) in m {
                    result[i].insert(k.clone(), v.clone());
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_delimited_rows_as_python_csv_does() {
        let rows = delimited("a,b\n1,\"x,y\"\n\n2,\"say \"\"hi\"\"\"\n3\n", ',', true);
        assert_eq!(
            rows,
            json!([{"a": "1", "b": "x,y"}, {"a": "2", "b": "say \"hi\""}, {"a": "3", "b": null}])
        );
        assert_eq!(
            delimited("1,2\n3,4,5\n", ',', false),
            json!([{"0": "1", "1": "2"}, {"0": "3", "1": "4", "null": ["5"]}])
        );
        // DVC counts a TSV's columns at commas when it has no header
        assert_eq!(
            delimited("1\t2\n", '\t', false),
            json!([{"0": "1", "null": ["2"]}])
        );
    }

    #[test]
    fn merges_uniform_lists_row_by_row() {
        let blob = json!({"train": [{"a": 1}, {"a": 2}], "n": {"val": [{"b": 3}, {"b": 4}]}, "odd": [{"c": 1}, {"d": 2}]});
        assert_eq!(
            datapoints(&blob),
            vec![
                json!({"a": 1, "b": 3}).as_object().unwrap().clone(),
                json!({"a": 2, "b": 4}).as_object().unwrap().clone()
            ]
        );
        let e = parse("x.txt", b"hi".to_vec(), true).unwrap_err();
        assert_eq!(e.kind, "PlotMetricTypeError");
        // as Python's Path.suffix: case matters, a dotfile has none
        assert!(!is_image("a/b.PNG") && !is_image(".png"));
        assert!(is_image("imgs/1.png") && !is_image("imgs/png"));
    }
}
