//! Which plots a revision defines and the data they read, as DVC collects them: the top-level
//! `plots:` of every `dvc.yaml` (by config file), stage outputs marked as plots and the
//! targets named on the command line (config file ""), directories unpacked into their files.

use serde_json::{Map, Value as J};

use dvx_formats::pipeline::OutKind;
use dvx_formats::yaml::Value;

use super::data::{self, Content};
use super::PlotError;
use crate::compare::{join, wdir_prefix, View};

/// Plot properties (DVC's names: `template`, `x`, `y`, `x_label`, `y_label`, `title`,
/// `header`, ...).
pub type Props = Map<String, J>;

/// The properties a stage output may carry (DVC's `PLOT_PROPS`).
const PLOT_PROPS: &[&str] = &[
    "template", "x", "y", "x_label", "y_label", "title", "header",
];

/// Plot definitions by config file (`dvc.yaml` path, "" for outputs and targets): plot id →
/// properties.
pub type Definitions = Vec<(String, Vec<(String, Props)>)>;

/// One revision's plots.
#[derive(Debug)]
pub struct RevPlots {
    pub rev: String,
    /// Config file → plot id → properties; the error when the definitions cannot be read.
    pub definitions: Result<Definitions, PlotError>,
    /// Data file → its content, or why it could not be read.
    pub sources: Vec<(String, Result<Content, PlotError>)>,
}

impl RevPlots {
    pub fn source(&self, path: &str) -> Option<&Result<Content, PlotError>> {
        self.sources.iter().find(|(p, _)| p == path).map(|(_, c)| c)
    }

    /// Whether anything of this revision failed to load.
    pub fn errored(&self) -> bool {
        self.definitions.is_err() || self.sources.iter().any(|(_, c)| c.is_err())
    }
}

/// The plots of one view; `targets` (repository-relative) are DVC's regular expressions
/// matched at the start of plot ids, `props` the command line's properties.
pub fn collect(view: &View, rev: &str, targets: &[String], props: &Props) -> RevPlots {
    let outputs = output_plots(view);
    let definitions = definitions(view, &outputs, targets, props);
    let mut sources = Vec::new();
    if let Ok(defs) = &definitions {
        let mut wanted: Vec<String> = Vec::new();
        for (_, plots) in defs {
            for (id, p) in plots {
                for s in data_sources(id, p) {
                    if !wanted.contains(&s) {
                        wanted.push(s);
                    }
                }
            }
        }
        for path in wanted {
            let mut joined = outputs
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, pr, _)| pr.clone())
                .unwrap_or_default();
            merge_shallow(&mut joined, props);
            let header = joined.get("header").and_then(J::as_bool).unwrap_or(true);
            let content = match view.read_tracked(&path) {
                Some(bytes) => data::parse(&path, bytes, header),
                None => Err(PlotError::new(
                    "FileNotFoundError",
                    format!("[Errno 2] No such file or directory: '{path}'"),
                )),
            };
            sources.push((path, content));
        }
    }
    RevPlots {
        rev: rev.to_string(),
        definitions,
        sources,
    }
}

/// The files a plot reads: the `y` files (or the plot id), and the first `x` file.
pub fn data_sources(id: &str, props: &Props) -> Vec<String> {
    let mut out: Vec<String> = match props.get("y") {
        Some(J::Object(y)) => y.keys().cloned().collect(),
        _ => vec![id.to_string()],
    };
    if let Some(J::Object(x)) = props.get("x") {
        out.extend(x.keys().next().cloned());
    }
    let mut seen = Vec::new();
    out.retain(|s| {
        let new = !seen.contains(s);
        seen.push(s.clone());
        new
    });
    out
}

/// `a | b` of Python dicts.
pub fn merge_shallow(a: &mut Props, b: &Props) {
    for (k, v) in b {
        a.insert(k.clone(), v.clone());
    }
}

/// Adds a definition as `dpath.merge` does: mappings merged key by key, lists appended.
fn add(result: &mut Definitions, config: &str, id: &str, props: Props) {
    let pos = match result.iter().position(|(c, _)| c == config) {
        Some(p) => p,
        None => {
            result.push((config.to_string(), Vec::new()));
            result.len() - 1
        }
    };
    let plots = &mut result[pos].1;
    match plots.iter_mut().find(|(i, _)| i == id) {
        Some((_, old)) => {
            let mut a = J::Object(std::mem::take(old));
            merge_deep(&mut a, J::Object(props));
            if let J::Object(m) = a {
                *old = m;
            }
        }
        None => plots.push((id.to_string(), props)),
    }
}

fn merge_deep(a: &mut J, b: J) {
    match (a, b) {
        (J::Object(a), J::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(old) if old.is_object() || old.is_array() => merge_deep(old, v),
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (J::Array(a), J::Array(b)) => a.extend(b),
        (a, b) => *a = b,
    }
}

fn definitions(
    view: &View,
    outputs: &[(String, Props, String)],
    targets: &[String],
    props: &Props,
) -> Result<Definitions, PlotError> {
    let projects = view
        .projects()
        .map_err(|e| PlotError::new("DvcException", e.to_string()))?;
    let mut result: Definitions = Vec::new();
    for (dir, project, _) in &projects {
        if project.plots.is_empty() {
            continue;
        }
        let config = format!("{dir}dvc.yaml");
        let defs: Vec<(String, Props)> = project
            .plots
            .iter()
            .filter_map(|item| match item {
                Value::Str(p) => Some((p.clone(), Props::new())),
                Value::Map(m) => m.first().map(|(k, v)| {
                    let props = match data::to_json(v) {
                        J::Object(o) => o,
                        _ => Props::new(),
                    };
                    (k.clone(), props)
                }),
                _ => None,
            })
            .collect();
        let parents: Vec<String> = defs.iter().map(|(id, _)| join(dir, id)).collect();
        for (id, p) in defs {
            let id_is_path = !matches!(p.get("y"), Some(J::Object(_)));
            if !matches(targets, &config, &id) {
                continue;
            }
            let mut joined = p.clone();
            if id_is_path {
                let data_path = join(dir, &id);
                merge_shallow(&mut joined, props);
                for file in unpack(view, &data_path) {
                    // a directory's file belongs to the most specific plot naming a parent
                    if file != data_path && closest_parent(&file, &parents) != data_path {
                        continue;
                    }
                    add(&mut result, &config, &file, joined.clone());
                }
            } else {
                for axis in ["x", "y"] {
                    if let Some(J::Object(files)) = joined.get(axis).cloned() {
                        let moved: Props =
                            files.into_iter().map(|(f, v)| (join(dir, &f), v)).collect();
                        joined.insert(axis.to_string(), J::Object(moved));
                    }
                }
                merge_shallow(&mut joined, props);
                add(&mut result, &config, &id, joined);
            }
        }
    }
    for (path, p, config) in outputs {
        if !matches(targets, config, path) {
            continue;
        }
        let mut joined = p.clone();
        merge_shallow(&mut joined, props);
        for file in unpack(view, path) {
            add(&mut result, "", &file, joined.clone());
        }
    }
    for t in targets {
        if result.is_empty() || view.read(t).is_some() || view.files_under(t).is_some() {
            for file in unpack(view, t) {
                add(&mut result, "", &file, props.clone());
            }
        }
    }
    Ok(result)
}

/// Stage outputs marked as plots (repository-relative) with their plot properties and their
/// `dvc.yaml`.
fn output_plots(view: &View) -> Vec<(String, Props, String)> {
    let mut out = Vec::new();
    for (dir, project, _) in view.projects().unwrap_or_default() {
        for st in &project.stages {
            let wdir = wdir_prefix(&dir, &st.wdir);
            for o in st.outs.iter().filter(|o| o.kind == OutKind::Plot) {
                let props: Props = o
                    .flags
                    .iter()
                    .filter(|(k, _)| PLOT_PROPS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), data::to_json(v)))
                    .collect();
                out.push((join(&wdir, &o.path), props, format!("{dir}dvc.yaml")));
            }
        }
    }
    out
}

/// A directory's files, or the path itself.
fn unpack(view: &View, path: &str) -> Vec<String> {
    view.files_under(path)
        .unwrap_or_else(|| vec![path.to_string()])
}

/// The parent with the longest common path with `path`.
fn closest_parent(path: &str, parents: &[String]) -> String {
    let mut best = String::new();
    for p in parents {
        let common = common_path(&[path, p.as_str()]);
        if common.len() > best.len() {
            best = common;
        }
    }
    best
}

/// Python's `os.path.commonpath` of relative `/`-separated paths.
pub fn common_path(paths: &[&str]) -> String {
    let mut parts: Vec<&str> = match paths.first() {
        Some(p) => p
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect(),
        None => return String::new(),
    };
    for p in &paths[1..] {
        let other: Vec<&str> = p
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        let n = parts.iter().zip(&other).take_while(|(a, b)| a == b).count();
        parts.truncate(n);
    }
    parts.join("/")
}

/// DVC's target match: each target a regular expression matched at the start of the plot
/// id or of `config::id`.
fn matches(targets: &[String], config: &str, id: &str) -> bool {
    if targets.is_empty() {
        return true;
    }
    let full = if config.is_empty() {
        id.to_string()
    } else {
        format!("{config}::{id}")
    };
    targets.iter().any(|t| {
        let re = regex::Regex::new(&format!("^(?:{t})"))
            .unwrap_or_else(|_| regex::Regex::new(&format!("^{}", regex::escape(t))).unwrap());
        re.is_match(id) || re.is_match(&full)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_match_at_the_start_as_regular_expressions() {
        let t = |s: &str| vec![s.to_string()];
        assert!(matches(&t("tra"), "dvc.yaml", "train.csv"));
        assert!(matches(&t("dvc.yaml::lo"), "dvc.yaml", "loss"));
        assert!(!matches(&t("rain"), "dvc.yaml", "train.csv"));
        assert!(
            matches(&t("a[b"), "", "a[bc"),
            "an invalid pattern matches literally"
        );
    }

    #[test]
    fn sources_and_common_paths_follow_dvc() {
        let p: Props = json!({"x": {"a.csv": "e"}, "y": {"b.csv": "l", "a.csv": "m"}})
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(data_sources("id", &p), vec!["b.csv", "a.csv"]);
        assert_eq!(data_sources("f.csv", &Props::new()), vec!["f.csv"]);
        assert_eq!(common_path(&["logs/a.csv", "logs/b.csv"]), "logs");
        assert_eq!(common_path(&["a/x", "ab/y"]), "");
    }
}
