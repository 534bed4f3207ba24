//! Plots: their definitions (top-level `plots:` of every `dvc.yaml` and stage outputs listed
//! under `plots:`) and their data points (CSV, TSV, JSON, YAML files) at the workspace or a
//! revision.

pub mod vega;

use dvx_formats::pipeline::{params, OutKind};
use dvx_formats::yaml::Value;

use crate::compare::{join, wdir_prefix, View};
use crate::error::Result;

/// One plot: which fields of which files, drawn with which template.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotDef {
    /// A data file (repository-relative) or, for a plot of several files, its name.
    pub id: String,
    pub template: String,
    /// The x field, per file (empty: the row number, named `step`).
    pub x: Vec<(String, String)>,
    /// (file, field) pairs; empty: the last field of the file's first row.
    pub y: Vec<(String, String)>,
    pub title: Option<String>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
}

impl PlotDef {
    fn file(id: &str) -> PlotDef {
        PlotDef {
            id: id.to_string(),
            template: "linear".into(),
            x: Vec::new(),
            y: Vec::new(),
            title: None,
            x_label: None,
            y_label: None,
        }
    }

    /// The data files the plot reads.
    pub fn files(&self) -> Vec<String> {
        let mut f: Vec<String> = self.y.iter().map(|(f, _)| f.clone()).collect();
        if f.is_empty() {
            f.push(self.id.clone());
        }
        f.dedup();
        f
    }
}

/// The templates dvx draws (DVC's names).
pub const TEMPLATES: &[&str] = &[
    "linear",
    "simple",
    "scatter",
    "smooth",
    "confusion",
    "confusion_normalized",
    "bar_horizontal",
    "bar_horizontal_sorted",
];

/// The plots the view's `dvc.yaml` files define, limited to `targets` (repository-relative)
/// when given; a target no definition names is plotted with the defaults.
pub fn definitions(view: &View, targets: &[String]) -> Result<Vec<PlotDef>> {
    let mut defs: Vec<PlotDef> = Vec::new();
    for (dir, project, _) in view.projects()? {
        for item in &project.plots {
            match item {
                Value::Str(p) => defs.push(PlotDef::file(&join(&dir, p))),
                Value::Map(m) => {
                    for (key, props) in m {
                        let named = matches!(props, Value::Map(pm) if pm.iter().any(|(k, v)| k == "y" && matches!(v, Value::Map(_))));
                        let id = if named { key.clone() } else { join(&dir, key) };
                        let mut d = PlotDef::file(&id);
                        apply_props(&mut d, props, &dir);
                        defs.push(d);
                    }
                }
                _ => {}
            }
        }
        for st in &project.stages {
            let wdir = wdir_prefix(&dir, &st.wdir);
            for o in st.outs.iter().filter(|o| o.kind == OutKind::Plot) {
                let mut d = PlotDef::file(&join(&wdir, &o.path));
                apply_props(&mut d, &Value::Map(o.flags.clone()), &wdir);
                defs.push(d);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    defs.retain(|d| seen.insert(d.id.clone()));
    if targets.is_empty() {
        return Ok(defs);
    }
    let mut chosen: Vec<PlotDef> = defs
        .iter()
        .filter(|d| targets.iter().any(|t| *t == d.id || d.files().contains(t)))
        .cloned()
        .collect();
    for t in targets {
        if !chosen.iter().any(|d| d.id == *t || d.files().contains(t)) {
            chosen.push(PlotDef::file(t));
        }
    }
    Ok(chosen)
}

fn apply_props(d: &mut PlotDef, props: &Value, dir: &str) {
    let Value::Map(m) = props else { return };
    let text = |v: &Value| v.as_text();
    for (k, v) in m {
        match k.as_str() {
            "template" => d.template = text(v).unwrap_or_else(|| "linear".into()),
            "title" => d.title = text(v),
            "x_label" => d.x_label = text(v),
            "y_label" => d.y_label = text(v),
            "x" => match v {
                Value::Map(files) => {
                    d.x = files
                        .iter()
                        .filter_map(|(f, field)| Some((join(dir, f), text(field)?)))
                        .collect()
                }
                other => {
                    if let Some(field) = text(other) {
                        d.x = vec![(String::new(), field)];
                    }
                }
            },
            "y" => match v {
                Value::Map(files) => {
                    for (f, fields) in files {
                        let file = join(dir, f);
                        match fields {
                            Value::Seq(list) => {
                                d.y.extend(list.iter().filter_map(text).map(|x| (file.clone(), x)))
                            }
                            other => d.y.extend(text(other).map(|x| (file.clone(), x))),
                        }
                    }
                }
                Value::Seq(list) => {
                    d.y.extend(list.iter().filter_map(text).map(|x| (d.id.clone(), x)))
                }
                other => d.y.extend(text(other).map(|x| (d.id.clone(), x))),
            },
            _ => {}
        }
    }
}

/// The rows of a data file: CSV/TSV rows by header, a JSON/YAML list of mappings (or the first
/// such list inside a mapping).
pub fn datapoints(
    view: &View,
    file: &str,
) -> std::result::Result<Vec<Vec<(String, Value)>>, String> {
    let bytes = view
        .read_tracked(file)
        .ok_or_else(|| format!("'{file}' does not exist"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("'{file}' is not UTF-8 text"))?;
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => Ok(delimited(&text, ',')),
        "tsv" => Ok(delimited(&text, '\t')),
        _ => {
            let v = params::parse(file, &text).map_err(|e| format!("cannot read '{file}': {e}"))?;
            first_list(&v).ok_or_else(|| format!("'{file}' holds no list of data points"))
        }
    }
}

fn first_list(v: &Value) -> Option<Vec<Vec<(String, Value)>>> {
    match v {
        Value::Seq(items)
            if items.iter().all(|i| matches!(i, Value::Map(_))) && !items.is_empty() =>
        {
            Some(
                items
                    .iter()
                    .filter_map(|i| match i {
                        Value::Map(m) => Some(m.clone()),
                        _ => None,
                    })
                    .collect(),
            )
        }
        Value::Map(m) => m.iter().find_map(|(_, v)| first_list(v)),
        _ => None,
    }
}

/// Rows of a delimited file with a header line; quoted fields may hold the delimiter and `""`.
fn delimited(text: &str, sep: char) -> Vec<Vec<(String, Value)>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let names = split_row(header, sep);
    lines
        .map(|l| {
            names
                .iter()
                .cloned()
                .zip(split_row(l, sep).into_iter().map(Value::Str))
                .collect()
        })
        .collect()
}

fn split_row(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_delimited_rows_with_quotes() {
        let rows = delimited("a,b\n1,\"x,y\"\n2,\"say \"\"hi\"\"\"\n", ',');
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][1], ("b".to_string(), Value::Str("x,y".into())));
        assert_eq!(
            rows[1][1],
            ("b".to_string(), Value::Str("say \"hi\"".into()))
        );
    }
}
