//! Vega-Lite templates: DVC's built-in ones (the bytes `dvc plots templates NAME` prints, see
//! `assets/plot_templates`), or a JSON file of the user's (in `.dvc/plots/` or by path), with
//! `<DVC_METRIC_NAME>` anchors that a plot's data and properties fill in.

use std::path::{Path, PathBuf};

use serde_json::Value as J;

/// DVC's built-in templates, in the order `plots templates` lists them.
const BUILTIN: &[(&str, &str)] = &[
    (
        "simple",
        include_str!("../../assets/plot_templates/simple.json"),
    ),
    (
        "linear",
        include_str!("../../assets/plot_templates/linear.json"),
    ),
    (
        "confusion",
        include_str!("../../assets/plot_templates/confusion.json"),
    ),
    (
        "confusion_normalized",
        include_str!("../../assets/plot_templates/confusion_normalized.json"),
    ),
    (
        "scatter",
        include_str!("../../assets/plot_templates/scatter.json"),
    ),
    (
        "scatter_jitter",
        include_str!("../../assets/plot_templates/scatter_jitter.json"),
    ),
    (
        "smooth",
        include_str!("../../assets/plot_templates/smooth.json"),
    ),
    (
        "bar_horizontal_sorted",
        include_str!("../../assets/plot_templates/bar_horizontal_sorted.json"),
    ),
    (
        "bar_horizontal",
        include_str!("../../assets/plot_templates/bar_horizontal.json"),
    ),
];

/// The names of the built-in templates.
pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

/// A built-in template's JSON text, as DVC prints it.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A template and the anchors filled in so far.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub content: J,
}

/// Why a template cannot be used (DVC's wording).
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateError {
    NotFound(String),
    Bad(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::NotFound(name) => write!(f, "Template '{name}' not found."),
            TemplateError::Bad(msg) => f.write_str(msg),
        }
    }
}

impl Template {
    /// DVC's lookup: `name` (linear when none) in `templates_dir`, with or without `.json`;
    /// then as a path from `cwd`; then a built-in template of that name.
    pub fn get(
        name: Option<&str>,
        templates_dir: Option<&Path>,
        cwd: &Path,
    ) -> Result<Template, TemplateError> {
        let name = name.unwrap_or("linear");
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(dir) = templates_dir {
            candidates.push(dir.join(name));
            candidates.push(dir.join(Path::new(name).with_extension("json")));
        }
        candidates.push(cwd.join(name));
        if let Some(path) = candidates.into_iter().find(|p| p.exists()) {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                TemplateError::Bad(format!("cannot read '{}': {e}", path.display()))
            })?;
            let content: J = serde_json::from_str(&text).map_err(|e| {
                TemplateError::Bad(format!("template '{}' is not JSON: {e}", path.display()))
            })?;
            if !content.is_object() {
                return Err(TemplateError::Bad(format!(
                    "template '{}' is not a JSON object",
                    path.display()
                )));
            }
            return Ok(Template {
                name: name.to_string(),
                content,
            });
        }
        match builtin_text(name) {
            Some(text) => Ok(Template {
                name: name.to_string(),
                content: serde_json::from_str(text).expect("built-in templates are JSON"),
            }),
            None => Err(TemplateError::NotFound(name.to_string())),
        }
    }

    /// `<DVC_METRIC_NAME>`.
    pub fn anchor(name: &str) -> String {
        format!("<DVC_METRIC_{}>", name.to_uppercase())
    }

    /// Whether a mapping value (at any depth, lists included) is exactly the anchor.
    pub fn has_anchor(&self, name: &str) -> bool {
        find_value(&self.content, &Self::anchor(name))
    }

    /// Replaces the anchor by `value`: values equal to it in mappings and lists, and inside
    /// strings of mappings when `value` is a string (DVC's `dict_replace_value`).
    pub fn fill_anchor(&mut self, name: &str, value: &J) {
        let anchor = Self::anchor(name);
        replace_in_map(&mut self.content, &anchor, value);
    }

    /// [`Self::fill_anchor`] with a value it may keep: moved where the anchor stands once
    /// (the rows of a plot), copied where it stands more often.
    pub fn fill_anchor_owned(&mut self, name: &str, value: J) {
        let anchor = Self::anchor(name);
        if count_exact(&self.content, &anchor) == 1 {
            if let Some(slot) = find_exact(&mut self.content, &anchor) {
                *slot = value;
                return;
            }
        }
        replace_in_map(&mut self.content, &anchor, &value);
    }

    /// `.`, `[` and `]` escaped, as Vega reads field names.
    pub fn escape_field(value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            if matches!(c, '.' | '[' | ']') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }
}

fn find_value(v: &J, anchor: &str) -> bool {
    match v {
        J::Object(m) => m.values().any(|x| match x {
            J::Object(_) => find_value(x, anchor),
            J::String(s) => s == anchor,
            J::Array(items) => items.iter().any(|e| find_value(e, anchor)),
            _ => false,
        }),
        J::String(s) => s == anchor,
        _ => false,
    }
}

/// How many values (in mappings and lists) are exactly `anchor`, and whether some string
/// holds it inside (then the general replacement is needed).
fn count_exact(v: &J, anchor: &str) -> usize {
    match v {
        J::Object(m) => m.values().map(|x| count_exact(x, anchor)).sum(),
        J::Array(items) => items.iter().map(|x| count_exact(x, anchor)).sum(),
        J::String(s) if s == anchor => 1,
        // inside a longer string: not a plain replacement
        J::String(s) if s.contains(anchor) => 2,
        _ => 0,
    }
}

fn find_exact<'a>(v: &'a mut J, anchor: &str) -> Option<&'a mut J> {
    match v {
        J::Object(m) => m.values_mut().find_map(|x| find_exact(x, anchor)),
        J::Array(items) => items.iter_mut().find_map(|x| find_exact(x, anchor)),
        J::String(s) if s == anchor => Some(v),
        _ => None,
    }
}

fn replace_in_map(v: &mut J, anchor: &str, value: &J) {
    let J::Object(m) = v else { return };
    for (_, x) in m.iter_mut() {
        match x {
            J::Object(_) => replace_in_map(x, anchor, value),
            J::Array(items) => replace_in_list(items, anchor, value),
            J::String(s) if s == anchor => *x = value.clone(),
            J::String(s) => {
                if let (true, J::String(v)) = (s.contains(anchor), value) {
                    *s = s.replace(anchor, v);
                }
            }
            _ => {}
        }
    }
}

fn replace_in_list(items: &mut [J], anchor: &str, value: &J) {
    for e in items.iter_mut() {
        match e {
            J::Array(inner) => replace_in_list(inner, anchor, value),
            J::Object(_) => replace_in_map(e, anchor, value),
            J::String(s) if s == anchor => *e = value.clone(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtins_parse_and_fill_anchors_as_dvc_does() {
        for name in names() {
            let t = Template::get(Some(name), None, Path::new("/nonexistent")).unwrap();
            assert!(t.has_anchor("data"), "{name} has a data anchor");
        }
        let mut t = Template {
            name: "t".into(),
            content: json!({"a": "<DVC_METRIC_X>", "b": "x=<DVC_METRIC_X>", "c": ["<DVC_METRIC_X>", "k <DVC_METRIC_X>"], "d": {"e": "<DVC_METRIC_X>"}}),
        };
        t.fill_anchor("x", &json!("v"));
        // inside strings of lists nothing is replaced (DVC's list_replace_value)
        assert_eq!(
            t.content,
            json!({"a": "v", "b": "x=v", "c": ["v", "k <DVC_METRIC_X>"], "d": {"e": "v"}})
        );
        assert_eq!(Template::escape_field("a.b[0]"), "a\\.b\\[0\\]");
        assert_eq!(
            Template::get(Some("nope"), None, Path::new("/nonexistent"))
                .unwrap_err()
                .to_string(),
            "Template 'nope' not found."
        );
    }
}
