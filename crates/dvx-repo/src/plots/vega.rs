//! The Vega-Lite spec of each plot: its data points at every revision drawn, one colour per
//! revision, and the template's marks and encodings. A library type, so that a web view draws
//! what `plots show` writes.

use dvx_formats::yaml::Value;
use serde_json::{json, Value as J};

use super::{datapoints, PlotDef, TEMPLATES};
use crate::compare::View;
use crate::error::{Error, Result};

/// Series colours, one per revision (DVC's palette).
const COLORS: &[&str] = &[
    "#945dd6", "#13adc7", "#f46837", "#48bb78", "#4299e1", "#ed8936", "#f56565",
];

/// The specs of a page of plots, by plot id, and what could not be drawn.
#[derive(Debug, Default)]
pub struct PlotPage {
    pub specs: Vec<(String, J)>,
    pub warnings: Vec<String>,
}

/// The spec of every plot in `defs`, drawn from each revision's view (named as in `revs`).
pub fn page(defs: &[PlotDef], views: &[(String, View)], revs: &[String]) -> Result<PlotPage> {
    let mut out = PlotPage::default();
    for d in defs {
        if !TEMPLATES.contains(&d.template.as_str()) {
            return Err(Error::user(format!(
                "plot '{}': unknown template '{}'",
                d.id, d.template
            ))
            .with_hint(format!("use one of: {}", TEMPLATES.join(", "))));
        }
        let mut rows = Vec::new();
        for (rev, view) in views {
            rows.extend(rows_of(d, rev, view, &mut out.warnings));
        }
        if rows.is_empty() {
            out.warnings.push(format!(
                "no data for plot '{}' in {}",
                d.id,
                revs.join(", ")
            ));
        }
        out.specs.push((d.id.clone(), spec(d, rows, revs)));
    }
    Ok(out)
}

/// The plot's data points at one revision: one row per point and y field, with DVC's
/// `step`, `dvc_inferred_y_value`, `rev`, `field` and `filename` fields.
fn rows_of(d: &PlotDef, rev: &str, view: &View, warnings: &mut Vec<String>) -> Vec<J> {
    let mut rows = Vec::new();
    let ys: Vec<(String, Option<String>)> = if d.y.is_empty() {
        vec![(d.id.clone(), None)]
    } else {
        d.y.iter()
            .map(|(f, y)| (f.clone(), Some(y.clone())))
            .collect()
    };
    let confusion = d.template.starts_with("confusion");
    for (file, y) in ys {
        let points = match datapoints(view, &file) {
            Ok(p) => p,
            Err(e) => {
                if rev == "workspace" || !e.ends_with("does not exist") {
                    warnings.push(format!("plot '{}' at {rev}: {e}", d.id));
                }
                continue;
            }
        };
        let y = y.or_else(|| {
            points
                .first()
                .and_then(|p| p.last())
                .map(|(k, _)| k.clone())
        });
        let Some(y) = y else { continue };
        let x = x_field(d, &file, &points, confusion);
        for (i, p) in points.iter().enumerate() {
            let get = |k: &str| p.iter().find(|(f, _)| f == k).map(|(_, v)| v);
            let mut row = serde_json::Map::new();
            match &x {
                Some(xf) => {
                    row.insert(
                        xf.clone(),
                        to_json(get(xf).unwrap_or(&Value::Null), !confusion),
                    );
                }
                None => {
                    row.insert("step".into(), json!(i));
                }
            }
            let yv = get(&y).unwrap_or(&Value::Null);
            if confusion {
                row.insert(y.clone(), to_json(yv, false));
            } else {
                row.insert("dvc_inferred_y_value".into(), to_json(yv, true));
            }
            row.insert("rev".into(), json!(rev));
            row.insert("field".into(), json!(y));
            row.insert("filename".into(), json!(file));
            rows.push(J::Object(row));
        }
    }
    rows
}

fn x_field(
    d: &PlotDef,
    file: &str,
    points: &[Vec<(String, Value)>],
    confusion: bool,
) -> Option<String> {
    let from_def =
        d.x.iter()
            .find(|(f, _)| f.is_empty() || f == file)
            .map(|(_, x)| x.clone());
    if from_def.is_some() || !confusion {
        return from_def;
    }
    // a confusion matrix needs two fields: the first and the last of a row
    points
        .first()
        .and_then(|p| p.first())
        .map(|(k, _)| k.clone())
}

/// A value for the page; numbers written as text (CSV) become numbers where a number is drawn.
fn to_json(v: &Value, numeric: bool) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(dvx_formats::pipeline::params::parse_float(f)),
        Value::Str(s) => match s.trim().parse::<f64>() {
            Ok(n) if numeric && n.is_finite() => json!(n),
            _ => json!(s),
        },
        other => json!(dvx_formats::pipeline::params::py_str(other)),
    }
}

/// The Vega-Lite spec of one plot.
fn spec(d: &PlotDef, rows: Vec<J>, revs: &[String]) -> J {
    let colors: Vec<&str> = revs
        .iter()
        .enumerate()
        .map(|(i, _)| COLORS[i % COLORS.len()])
        .collect();
    let color = json!({"field": "rev", "type": "nominal", "title": "revision", "scale": {"domain": revs, "range": colors}});
    let fields: Vec<String> = {
        let mut f: Vec<String> = rows
            .iter()
            .filter_map(|r| r["field"].as_str().map(str::to_string))
            .collect();
        f.sort();
        f.dedup();
        f
    };
    let x = rows
        .first()
        .and_then(|r| r.as_object())
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_else(|| "step".into());
    let x_label = d.x_label.clone().unwrap_or_else(|| {
        if d.x.is_empty() {
            "step".into()
        } else {
            x.clone()
        }
    });
    let y_label = d.y_label.clone().unwrap_or_else(|| {
        if fields.len() == 1 {
            fields[0].clone()
        } else {
            "y".into()
        }
    });
    let title = d.title.clone().unwrap_or_else(|| d.id.clone());
    let mut s = json!({
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": rows},
        "width": 300,
        "height": 300,
    });
    let xq = json!({"field": x, "type": "quantitative", "title": x_label});
    let yq = json!({"field": "dvc_inferred_y_value", "type": "quantitative", "title": y_label, "scale": {"zero": false}});
    let dash = json!({"field": "field", "type": "nominal", "title": "field"});
    let mut enc = json!({"x": xq, "y": yq, "color": color});
    if fields.len() > 1 {
        enc["strokeDash"] = dash;
    }
    match d.template.as_str() {
        "linear" => {
            s["mark"] = json!({"type": "line", "point": true, "tooltip": true});
            s["encoding"] = enc;
        }
        "simple" => {
            s["mark"] = json!({"type": "line", "tooltip": true});
            s["encoding"] = enc;
        }
        "scatter" => {
            s["mark"] = json!({"type": "point", "tooltip": true});
            if fields.len() > 1 {
                enc["shape"] = json!({"field": "field", "type": "nominal"});
                enc.as_object_mut().map(|o| o.remove("strokeDash"));
            }
            s["encoding"] = enc;
        }
        "smooth" => {
            s["params"] = json!([{"name": "smooth", "value": 0.001, "bind": {"input": "range", "min": 0.001, "max": 1, "step": 0.001}}]);
            s["transform"] = json!([{"loess": "dvc_inferred_y_value", "on": x, "groupby": ["rev", "field"], "bandwidth": {"signal": "smooth"}}]);
            s["mark"] = json!({"type": "line", "tooltip": true});
            s["encoding"] = enc;
        }
        "confusion" | "confusion_normalized" => {
            let y = fields.first().cloned().unwrap_or_default();
            let normalized = d.template == "confusion_normalized";
            let mut transform = vec![
                json!({"aggregate": [{"op": "count", "as": "xy_count"}], "groupby": ["rev", x, y]}),
            ];
            let value = if normalized {
                transform.push(json!({"joinaggregate": [{"op": "sum", "field": "xy_count", "as": "sum_y"}], "groupby": ["rev", x]}));
                transform.push(
                    json!({"calculate": "datum.xy_count / datum.sum_y", "as": "percent_of_y"}),
                );
                json!({"field": "percent_of_y", "type": "quantitative", "title": "share", "format": ".2f"})
            } else {
                json!({"field": "xy_count", "type": "quantitative", "title": "count"})
            };
            s["transform"] = J::Array(transform);
            s["mark"] = json!({"type": "rect", "tooltip": true});
            s["encoding"] = json!({
                "x": {"field": x, "type": "nominal", "title": d.x_label.clone().unwrap_or_else(|| x.clone())},
                "y": {"field": y, "type": "nominal", "title": d.y_label.clone().unwrap_or_else(|| y.clone())},
                "color": value,
                "column": {"field": "rev", "type": "nominal", "title": null},
            });
        }
        _ => {
            // bar_horizontal(_sorted): one bar per x value
            let sort = if d.template.ends_with("sorted") {
                json!("-x")
            } else {
                J::Null
            };
            s["mark"] = json!({"type": "bar", "tooltip": true});
            s["encoding"] = json!({
                "y": {"field": x, "type": "nominal", "title": x_label, "sort": sort},
                "x": {"field": "dvc_inferred_y_value", "type": "quantitative", "title": y_label},
                "yOffset": {"field": "rev"},
                "color": color,
            });
        }
    }
    s
}
