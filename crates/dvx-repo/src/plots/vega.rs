//! A Vega-Lite plot as dvc-render's `VegaRenderer` fills its template: the optional anchors
//! (colours per revision, stroke dashes and shapes per file and field when several are drawn,
//! tooltip, zoom, size), then title, axes, labels and the rows; with `split`, anchors the VS
//! Code extension fills itself are left in place and given apart.

use serde_json::{json, Map, Value as J};

use super::collect::Props;
use super::templates::Template;
use super::PlotError;

pub(super) const SPLIT_ANCHORS: &[&str] = &[
    "color",
    "data",
    "plot_height",
    "plot_width",
    "shape",
    "stroke_dash",
    "title",
    "tooltip",
    "x_label",
    "y_label",
    "zoom_and_pan",
];
const OPTIONAL_ANCHORS: &[&str] = &[
    "color",
    "column",
    "group_by_x",
    "group_by_y",
    "group_by",
    "pivot_field",
    "plot_height",
    "plot_width",
    "row",
    "shape",
    "stroke_dash",
    "tooltip",
    "zoom_and_pan",
];
const COLORS: &[&str] = &[
    "#945dd6", "#13adc7", "#f46837", "#48bb78", "#4299e1", "#ed8936", "#f56565",
];
const SHAPES: &[&str] = &["circle", "square", "triangle", "diamond"];
const DASHES: &[[u8; 2]] = &[[1, 0], [8, 8], [8, 4], [4, 4], [4, 2], [2, 1], [1, 1]];

/// A Vega-Lite plot: its rows, properties and template.
#[derive(Debug)]
pub struct Vega {
    pub name: String,
    pub points: Vec<Map<String, J>>,
    pub props: Props,
    pub template: Template,
    pub(super) split: Map<String, J>,
}

impl Vega {
    /// The revisions with data points.
    pub fn revs(&self) -> Vec<String> {
        if let Some(J::Array(r)) = self.props.get("revs_with_datapoints") {
            if !r.is_empty() {
                return r
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
            }
        }
        let mut revs: Vec<String> = Vec::new();
        for p in &self.points {
            if let Some(r) = p.get("rev").and_then(J::as_str) {
                if !revs.iter().any(|x| x == r) {
                    revs.push(r.to_string());
                }
            }
        }
        revs
    }

    /// The template filled in (DVC's `get_filled_template`), anchors named in `split` left
    /// in place and returned apart.
    pub fn fill(&mut self, split: &[&str]) -> Result<(J, Map<String, J>), PlotError> {
        self.split = Map::new();
        if self.points.is_empty() {
            return Ok((json!({}), Map::new()));
        }
        for axis in ["x", "y"] {
            if let Some(J::String(f)) = self.props.get(axis) {
                if !self.points.iter().any(|r| r.contains_key(f)) {
                    return Err(PlotError::new(
                        "NoFieldInDataError",
                        format!("Field '{f}' does not exist in provided data."),
                    ));
                }
            }
        }
        let mut t = self.template.clone();
        let p = &mut self.props;
        p.entry("title").or_insert(json!(""));
        let x = p.get("x").cloned().unwrap_or(J::Null);
        let y = p.get("y").cloned().unwrap_or(J::Null);
        p.entry("x_label").or_insert(x);
        p.entry("y_label").or_insert(y);
        let varied = self.optional_anchors(&mut t, split);
        self.update_points(varied.as_deref());
        for name in ["title", "x", "y", "x_label", "y_label", "data"] {
            let value = if name == "data" {
                // the rows go into the spec (a renderer is filled once)
                J::Array(
                    std::mem::take(&mut self.points)
                        .into_iter()
                        .map(J::Object)
                        .collect(),
                )
            } else {
                match self.props.get(name) {
                    Some(v) if !v.is_null() => v.clone(),
                    _ => continue,
                }
            };
            if split.contains(&name) {
                self.split.insert(Template::anchor(name), value);
                continue;
            }
            let value = match (name, value) {
                ("data", v) => {
                    if !t.has_anchor("data") {
                        return Err(PlotError::new(
                            "BadTemplateError",
                            format!(
                                "Template '{}' is not using '{}' anchor",
                                t.name,
                                Template::anchor("data")
                            ),
                        ));
                    }
                    v
                }
                ("x" | "y", J::String(s)) => J::String(Template::escape_field(&s)),
                (_, v) => v,
            };
            t.fill_anchor_owned(name, value);
        }
        Ok((t.content, std::mem::take(&mut self.split)))
    }

    fn optional_anchors(&mut self, t: &mut Template, split: &[&str]) -> Option<Vec<String>> {
        let mut optional: Vec<&str> = OPTIONAL_ANCHORS
            .iter()
            .copied()
            .filter(|a| t.has_anchor(a))
            .collect();
        if optional.is_empty() {
            return None;
        }
        let revs = self.revs();
        let color = mapping("rev", "color", &revs);
        self.fill_optional(t, split, &mut optional, "color", color);
        self.fill_optional(
            t,
            split,
            &mut optional,
            "zoom_and_pan",
            json!({"name": "grid", "select": "interval", "bind": "scales"}),
        );
        self.fill_optional(t, split, &mut optional, "plot_height", json!(300));
        self.fill_optional(t, split, &mut optional, "plot_width", json!(300));
        let y_defs: Vec<(String, String)> = match self.props.get("anchors_y_definitions") {
            Some(J::Array(a)) => a
                .iter()
                .map(|d| {
                    let s = |k: &str| d.get(k).and_then(J::as_str).unwrap_or("").to_string();
                    (s("filename"), s("field"))
                })
                .collect(),
            _ => Vec::new(),
        };
        if y_defs.len() <= 1 {
            self.fill_group_by(t, split, &mut optional, vec![json!("rev")]);
            self.fill_optional(t, split, &mut optional, "pivot_field", json!("datum.rev"));
            self.fill_tooltip(t, split, &mut optional, &[]);
            for a in optional {
                t.fill_anchor(a, &json!({}));
            }
            return Some(Vec::new());
        }
        let varied: Vec<String> = ["filename", "field"]
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let mut v: Vec<&String> = y_defs
                    .iter()
                    .map(|d| if *i == 0 { &d.0 } else { &d.1 })
                    .collect();
                v.sort();
                v.dedup();
                v.len() > 1
            })
            .map(|(_, k)| k.to_string())
            .collect();
        let mut domain: Vec<String> = if varied.len() == 2 {
            y_defs.iter().map(|(f, d)| format!("{f}::{d}")).collect()
        } else if varied.first().is_some_and(|k| k == "filename") {
            y_defs.iter().map(|(f, _)| f.clone()).collect()
        } else {
            y_defs.iter().map(|(_, d)| d.clone()).collect()
        };
        domain.sort();
        domain.dedup();
        let concat = varied.join("::");
        self.fill_group_by(
            t,
            split,
            &mut optional,
            vec![json!("rev"), json!(concat.clone())],
        );
        let pivot: Vec<String> = std::iter::once("rev".to_string())
            .chain(varied.iter().cloned())
            .map(|k| format!("datum.{k}"))
            .collect();
        self.fill_optional(
            t,
            split,
            &mut optional,
            "pivot_field",
            json!(pivot.join(" + '::' + ")),
        );
        self.fill_optional(
            t,
            split,
            &mut optional,
            "row",
            json!({"field": concat, "sort": []}),
        );
        self.fill_optional(
            t,
            split,
            &mut optional,
            "column",
            json!({"field": concat, "sort": []}),
        );
        self.fill_tooltip(t, split, &mut optional, std::slice::from_ref(&concat));
        for a in ["stroke_dash", "shape"] {
            let m = mapping(&concat, a, &domain);
            self.fill_optional(t, split, &mut optional, a, m);
        }
        Some(varied)
    }

    fn fill_group_by(
        &mut self,
        t: &mut Template,
        split: &[&str],
        optional: &mut Vec<&str>,
        group: Vec<J>,
    ) {
        let with = |axis: &str| {
            let mut g = group.clone();
            g.push(self.props.get(axis).cloned().unwrap_or(J::Null));
            J::Array(g)
        };
        let (gx, gy) = (with("x"), with("y"));
        self.fill_optional(t, split, optional, "group_by", J::Array(group));
        self.fill_optional(t, split, optional, "group_by_x", gx);
        self.fill_optional(t, split, optional, "group_by_y", gy);
    }

    fn fill_tooltip(
        &mut self,
        t: &mut Template,
        split: &[&str],
        optional: &mut Vec<&str>,
        more: &[String],
    ) {
        let field = |v: J| json!({ "field": v });
        let mut tip = vec![
            field(json!("rev")),
            field(self.props.get("x").cloned().unwrap_or(J::Null)),
            field(self.props.get("y").cloned().unwrap_or(J::Null)),
        ];
        tip.extend(more.iter().map(|m| field(json!(m))));
        self.fill_optional(t, split, optional, "tooltip", J::Array(tip));
    }

    fn fill_optional(
        &mut self,
        t: &mut Template,
        split: &[&str],
        optional: &mut Vec<&str>,
        name: &str,
        value: J,
    ) {
        let Some(i) = optional.iter().position(|a| *a == name) else {
            return;
        };
        optional.remove(i);
        if split.contains(&name) {
            self.split.insert(Template::anchor(name), value);
        } else {
            t.fill_anchor(name, &value);
        }
    }

    /// Rows get `filename::field` when both vary, and lose what does not vary.
    fn update_points(&mut self, varied: Option<&[String]>) {
        let Some(varied) = varied else { return };
        let both = varied.len() == 2;
        for p in self.points.iter_mut() {
            if both {
                let v: Vec<String> = varied
                    .iter()
                    .map(|k| p.get(k).and_then(J::as_str).unwrap_or("").to_string())
                    .collect();
                p.insert(varied.join("::"), json!(v.join("::")));
                for k in varied {
                    p.shift_remove(k);
                }
            } else {
                for k in ["filename", "field"] {
                    if !varied.iter().any(|v| v == k) {
                        p.shift_remove(k);
                    }
                }
            }
        }
    }
}

/// A scale mapping `field`'s values to colours, shapes or dash patterns, cycling the range.
fn mapping(field: &str, name: &str, domain: &[String]) -> J {
    let range: Vec<J> = (0..domain.len())
        .map(|i| match name {
            "color" => json!(COLORS[i % COLORS.len()]),
            "shape" => json!(SHAPES[i % SHAPES.len()]),
            _ => json!(DASHES[i % DASHES.len()]),
        })
        .collect();
    let mut m = json!({"field": field, "scale": {"domain": domain, "range": range}});
    if name != "color" {
        m["legend"] = json!({"symbolFillColor": "transparent", "symbolStrokeColor": "grey"});
    }
    m
}
