//! `plots show` and `plots diff`: one HTML page of Vega-Lite plots, with the Vega scripts
//! written beside it so that it opens without a network.

use std::path::{Path, PathBuf};

use dvx_formats::yaml::Value;
use dvx_repo::compare::View;
use dvx_repo::error::IoContext;
use dvx_repo::plots::{datapoints, definitions, PlotDef, TEMPLATES};
use dvx_repo::{Error, Result};
use serde_json::{json, Value as J};

use super::Env;
use crate::cli::{PlotsArgs, PlotsCommand, PlotsShowArgs};

/// The Vega scripts the page loads (BSD-3-Clause, see assets/vega/LICENSE-*).
const SCRIPTS: &[(&str, &[u8])] = &[
    (
        "vega.min.js",
        include_bytes!("../../assets/vega/vega.min.js"),
    ),
    (
        "vega-lite.min.js",
        include_bytes!("../../assets/vega/vega-lite.min.js"),
    ),
    (
        "vega-embed.min.js",
        include_bytes!("../../assets/vega/vega-embed.min.js"),
    ),
];

/// Series colours, one per revision (DVC's palette).
const COLORS: &[&str] = &[
    "#945dd6", "#13adc7", "#f46837", "#48bb78", "#4299e1", "#ed8936", "#f56565",
];

pub fn run(env: &Env, a: PlotsArgs) -> Result<u8> {
    match a.command {
        PlotsCommand::Show(s) => render(env, &s, &["workspace".to_string()]),
        PlotsCommand::Diff(d) => {
            let revs: Vec<String> = match d.revisions.len() {
                0 => vec!["HEAD".into(), "workspace".into()],
                1 => vec![d.revisions[0].clone(), "workspace".into()],
                _ => d.revisions.clone(),
            };
            let show = PlotsShowArgs {
                targets: d.targets,
                out: d.out,
                open: d.open,
            };
            render(env, &show, &revs)
        }
    }
}

fn render(env: &Env, a: &PlotsShowArgs, revs: &[String]) -> Result<u8> {
    let repo = env.repo()?;
    let targets: Vec<String> = a
        .targets
        .iter()
        .map(|t| {
            repo.rel(&dvx_repo::pipeline::normalize(
                &dvx_repo::fsutil::absolutize(&env.cwd, Path::new(t)),
            ))
        })
        .collect();
    let views: Vec<(String, View)> = revs
        .iter()
        .map(|r| Ok((r.clone(), View::open(&repo, r)?)))
        .collect::<Result<_>>()?;
    let defs = definitions(&views[views.len() - 1].1, &targets)?;
    if defs.is_empty() {
        return Err(Error::user("no plots are defined in this repository")
            .with_hint("name data files as targets, or define plots in dvc.yaml (top-level `plots:` or a stage's `plots:`)"));
    }
    let mut specs = Vec::new();
    for d in &defs {
        if !TEMPLATES.contains(&d.template.as_str()) {
            return Err(Error::user(format!(
                "plot '{}': unknown template '{}'",
                d.id, d.template
            ))
            .with_hint(format!("use one of: {}", TEMPLATES.join(", "))));
        }
        let mut rows = Vec::new();
        for (rev, view) in &views {
            rows.extend(rows_of(env, d, rev, view));
        }
        if rows.is_empty() {
            env.printer.warn(format!(
                "no data for plot '{}' in {}",
                d.id,
                revs.join(", ")
            ));
        }
        specs.push((d.id.clone(), spec(d, rows, revs)));
    }
    let out =
        dvx_repo::fsutil::absolutize(&env.cwd, Path::new(a.out.as_deref().unwrap_or("dvc_plots")));
    let index = write_page(&out, &specs)?;
    env.printer.answer(format!("file://{}", index.display()));
    if a.open {
        open(env, &index);
    }
    Ok(0)
}

/// The plot's data points at one revision: one row per point and y field, with DVC's
/// `step`, `dvc_inferred_y_value`, `rev`, `field` and `filename` fields.
fn rows_of(env: &Env, d: &PlotDef, rev: &str, view: &View) -> Vec<J> {
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
                    env.printer.warn(format!("plot '{}' at {rev}: {e}", d.id));
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

fn write_page(dir: &Path, specs: &[(String, J)]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).ctx("creating", dir)?;
    for (name, bytes) in SCRIPTS {
        let p = dir.join(name);
        if std::fs::read(&p).ok().as_deref() != Some(*bytes) {
            dvx_repo::fsutil::write_atomic(&p, bytes).ctx("writing", &p)?;
        }
    }
    let mut divs = String::new();
    for (i, (id, _)) in specs.iter().enumerate() {
        divs.push_str(&format!(
            "    <div class=\"plot\"><h3>{}</h3><div id=\"plot{i}\"></div></div>\n",
            html_escape(id)
        ));
    }
    let all: Vec<&J> = specs.iter().map(|(_, s)| s).collect();
    // `</` cannot appear inside a script element
    let data = serde_json::to_string(&all)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let page = format!(
        r##"<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <title>dvx plots</title>
    <script src="vega.min.js"></script>
    <script src="vega-lite.min.js"></script>
    <script src="vega-embed.min.js"></script>
    <style>
        body {{ font-family: sans-serif; }}
        .plot {{ display: inline-block; vertical-align: top; margin: 15px; }}
    </style>
</head>
<body>
    <div id="status" data-plots="{n}" data-rendered="0" data-errors=""></div>
{divs}    <script type="text/javascript">
        const specs = {data};
        const errors = [];
        window.addEventListener("error", (e) => errors.push(String(e.message)));
        let rendered = 0;
        Promise.all(specs.map((spec, i) =>
            vegaEmbed("#plot" + i, spec, {{actions: false}})
                .then(() => {{ rendered += 1; }})
                .catch((e) => {{ errors.push("plot " + i + ": " + e); }})
        )).finally(() => {{
            const status = document.getElementById("status");
            status.dataset.rendered = String(rendered);
            status.dataset.errors = errors.join("; ");
            status.dataset.done = "true";
            if (errors.length) status.textContent = "Errors: " + errors.join("; ");
        }});
    </script>
</body>
</html>
"##,
        n = specs.len()
    );
    let index = dir.join("index.html");
    dvx_repo::fsutil::write_atomic(&index, page.as_bytes()).ctx("writing", &index)?;
    Ok(index)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `--open`: the page in the user's browser ($BROWSER, else xdg-open).
fn open(env: &Env, index: &Path) {
    let opener = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| "xdg-open".into());
    let ok = std::process::Command::new(&opener)
        .arg(index)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !ok {
        env.printer.warn(format!(
            "cannot start '{opener}' to open the page; open {} yourself",
            index.display()
        ));
    }
}
