//! A plot's data points at one revision, as DVC's `VegaConverter` flattens them: x and y
//! inferred when not given, one row per point and y field, with `rev`, `filename` and
//! `field` (and `step`, `dvc_inferred_x_value`, `dvc_inferred_y_value` where DVC adds them).

use serde_json::{json, Map, Value as J};

use super::collect::{common_path, Props};
use super::data::datapoints;
use super::PlotError;

const INDEX: &str = "step";
const INFERRED_X: &str = "dvc_inferred_x_value";
const INFERRED_Y: &str = "dvc_inferred_y_value";

type Row = Map<String, J>;

/// (file, field) pairs of an axis mapping, lists expanded.
fn file_fields(axis: Option<&J>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(J::Object(m)) = axis {
        for (file, v) in m {
            match v {
                J::String(f) => out.push((file.clone(), f.clone())),
                J::Array(list) => out.extend(
                    list.iter()
                        .filter_map(J::as_str)
                        .map(|f| (file.clone(), f.to_string())),
                ),
                _ => {}
            }
        }
    }
    out
}

fn not_null(p: &Props, key: &str) -> Option<J> {
    p.get(key).filter(|v| !v.is_null()).cloned()
}

/// x and y as mappings of files to fields (DVC's `_infer_x_y`).
fn infer_x_y(id: &str, props: &Props, data: &[(String, J)]) -> Props {
    let mut inferred = Props::new();
    let y = not_null(props, "y");
    if let Some(J::String(x)) = not_null(props, "x") {
        let mut m = Map::new();
        match &y {
            Some(J::Object(files)) => {
                for (file, fields) in files {
                    let v = match fields {
                        J::Array(l) => J::Array(vec![J::String(x.clone()); l.len()]),
                        _ => J::String(x.clone()),
                    };
                    m.insert(file.clone(), v);
                }
            }
            _ => {
                m.insert(id.to_string(), J::String(x));
            }
        }
        inferred.insert("x".into(), J::Object(m));
    }
    match y {
        None => {
            let from_data = data
                .iter()
                .find(|(f, _)| f == id)
                .and_then(|(_, blob)| {
                    super::data::lists(blob)
                        .into_iter()
                        .find(|l| l.iter().all(J::is_object))
                        .and_then(|l| {
                            let (k, v) = l.first()?.as_object()?.iter().next_back()?;
                            // the extra fields of a CSV row: Python's `None` key, no y
                            (!(k == "null" && v.is_array())).then(|| k.clone())
                        })
                })
                .map(|field| json!({ id: field }))
                .unwrap_or(J::Null);
            inferred.insert("y".into(), from_data);
        }
        Some(J::Object(_)) => {}
        Some(other) => {
            inferred.insert("y".into(), json!({ id: other }));
        }
    }
    inferred
}

fn infer_label(props: &Props, axis: &str, default: Option<&str>) -> J {
    if let Some(l) = not_null(props, &format!("{axis}_label")) {
        return l;
    }
    let v = not_null(props, axis);
    if axis == "y" {
        match &v {
            Some(J::String(s)) => return J::String(s.clone()),
            Some(J::Array(_)) => return json!("y"),
            Some(J::Object(_)) => {}
            _ => return J::Null,
        }
    } else if !matches!(v, Some(J::Object(_))) {
        return json!(default.unwrap_or(INDEX));
    }
    let mut fields: Vec<String> = file_fields(v.as_ref())
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    fields.sort();
    fields.dedup();
    if fields.len() == 1 {
        J::String(fields.remove(0))
    } else {
        J::String(axis.to_string())
    }
}

/// Fails when a file's first data point has no such field (DVC's `_verify_field`).
fn verify(points: &[(String, Vec<Row>)], file: &str, field: &str) -> Result<(), PlotError> {
    if let Some((_, rows)) = points.iter().find(|(f, _)| f == file) {
        let first = rows.first();
        if !first.is_some_and(|r| r.contains_key(field)) {
            let found: Vec<&str> = first
                .map(|r| r.keys().map(String::as_str).collect())
                .unwrap_or_default();
            return Err(PlotError::new(
                "FieldNotFoundError",
                format!(
                    "Could not find provided field ('{field}') in data fields ('{}').",
                    found.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The rows of one revision and the properties they are drawn with; no rows: no properties.
pub fn flat_datapoints(
    id: &str,
    props: &Props,
    data: &[(String, J)],
    rev: &str,
) -> Result<(Vec<Row>, Props), PlotError> {
    let mut properties = props.clone();
    for (k, v) in infer_x_y(id, props, data) {
        properties.insert(k, v);
    }
    let y_label = infer_label(&properties, "y", None);
    properties.insert("y_label".into(), y_label);
    let x_label = infer_label(&properties, "x", None);
    properties.insert("x_label".into(), x_label);

    let points: Vec<(String, Vec<Row>)> = data
        .iter()
        .map(|(f, blob)| (f.clone(), datapoints(blob)))
        .collect();
    let rows_of = |file: &str| -> Vec<Row> {
        points
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    let xs = file_fields(properties.get("x"));
    for (f, field) in &xs {
        verify(&points, f, field)?;
    }
    let (mut x_file, mut x_field) = match xs.first() {
        Some((f, x)) => (Some(f.clone()), x.clone()),
        None => (None, INDEX.to_string()),
    };
    let multiple_x = xs.len() > 1 && {
        let mut f: Vec<&String> = xs.iter().map(|(_, x)| x).collect();
        f.sort();
        f.dedup();
        f.len() > 1
    };
    let mut update = Props::new();
    update.insert(
        "x".into(),
        json!(if multiple_x {
            INFERRED_X
        } else {
            x_field.as_str()
        }),
    );
    let ys = file_fields(properties.get("y"));
    for (f, field) in &ys {
        verify(&points, f, field)?;
    }
    if xs.len() > 1 && xs.len() != ys.len() {
        return Err(PlotError::new(
            "DvcException",
            format!(
                "Cannot have different number of x and y data sources. Found {} x and {} y data sources.",
                xs.len(),
                ys.len()
            ),
        ));
    }
    let mut y_fields: Vec<&String> = ys.iter().map(|(_, f)| f).collect();
    y_fields.sort();
    y_fields.dedup();
    let mut y_files: Vec<&str> = ys.iter().map(|(f, _)| f.as_str()).collect();
    y_files.sort();
    y_files.dedup();
    let inferred_y = y_fields.len() > 1;
    update.insert(
        "y".into(),
        if inferred_y {
            json!(INFERRED_Y)
        } else {
            y_fields.first().map(|f| json!(f)).unwrap_or(J::Null)
        },
    );
    let prefix_len = if y_files.len() > 1 {
        common_path(&y_files).len()
    } else {
        0
    };
    let short = |f: &str| -> String {
        f.get(prefix_len..)
            .unwrap_or("")
            .trim_matches(|c| c == '/' || c == '\\')
            .to_string()
    };
    update.insert(
        "anchors_y_definitions".into(),
        J::Array(
            ys.iter()
                .map(|(f, field)| json!({"filename": short(f), "field": field}))
                .collect(),
        ),
    );
    let mut all: Vec<Row> = Vec::new();
    for (i, (y_file, y_field)) in ys.iter().enumerate() {
        if xs.len() > 1 {
            x_file = Some(xs[i].0.clone());
            x_field = xs[i].1.clone();
        }
        let mut rows = rows_of(y_file);
        if inferred_y {
            for r in rows.iter_mut() {
                if let Some(v) = r.get(y_field).cloned() {
                    r.insert(INFERRED_Y.into(), v);
                }
            }
        }
        match &x_file {
            None if x_field == INDEX => {
                for (n, r) in rows.iter_mut().enumerate() {
                    r.insert(INDEX.into(), json!(n));
                }
            }
            _ => {
                let x_file = x_file.clone().unwrap_or_default();
                let x_rows = rows_of(&x_file);
                if x_rows.len() != rows.len() {
                    return Err(PlotError::new(
                        "DvcException",
                        format!(
                            "Cannot join '{x_field}' from '{x_file}' and '{y_field}' from '{y_file}'. They have to have same length."
                        ),
                    ));
                }
                let target = if multiple_x { INFERRED_X } else { &x_field };
                for (r, xr) in rows.iter_mut().zip(&x_rows) {
                    if let Some(v) = xr.get(&x_field) {
                        r.insert(target.to_string(), v.clone());
                    }
                }
            }
        }
        for r in rows.iter_mut() {
            r.insert("rev".into(), json!(rev));
            r.insert("filename".into(), json!(short(y_file)));
            r.insert("field".into(), json!(y_field));
        }
        all.extend(rows);
    }
    if all.is_empty() {
        return Ok((Vec::new(), Props::new()));
    }
    for (k, v) in update {
        properties.insert(k, v);
    }
    Ok((all, properties))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(v: J) -> Props {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn infers_y_and_the_step_index() {
        let data = vec![(
            "t.csv".to_string(),
            json!([{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]),
        )];
        let (rows, p) = flat_datapoints("t.csv", &Props::new(), &data, "workspace").unwrap();
        assert_eq!(p["x"], json!("step"));
        assert_eq!(p["y"], json!("b"));
        assert_eq!(p["x_label"], json!("step"));
        assert_eq!(p["y_label"], json!("b"));
        assert_eq!(
            J::Object(rows[1].clone()),
            json!({"a": "3", "b": "4", "step": 1, "rev": "workspace", "filename": "t.csv", "field": "b"})
        );
    }

    #[test]
    fn several_fields_share_one_inferred_y_and_bad_fields_are_named() {
        let data = vec![("d/t.csv".to_string(), json!([{"e": 0, "l": 1, "a": 2}]))];
        let p = props(json!({"x": "e", "y": {"d/t.csv": ["l", "a"]}}));
        let (rows, out) = flat_datapoints("id", &p, &data, "HEAD").unwrap();
        assert_eq!(out["y"], json!(INFERRED_Y));
        assert_eq!(out["y_label"], json!("y"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][INFERRED_Y], json!(2));
        let bad = props(json!({"y": {"d/t.csv": "nope"}}));
        let e = flat_datapoints("id", &bad, &data, "HEAD").unwrap_err();
        assert_eq!(
            e.msg,
            "Could not find provided field ('nope') in data fields ('e, l, a')."
        );
    }
}
