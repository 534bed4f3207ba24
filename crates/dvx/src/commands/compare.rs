//! `params diff`, `metrics show` and `metrics diff`: DVC's tables (tabulate's plain and github
//! formats) and JSON.

use dvx_formats::pipeline::params::{parse_float, py_float, py_repr, py_str};
use dvx_formats::yaml::Value;
use dvx_repo::compare::{self, Change, FileValues, View};
use dvx_repo::{Repo, Result};

use super::Env;
use crate::cli::{
    MetricsArgs, MetricsCommand, MetricsDiffArgs, MetricsShowArgs, ParamsArgs, ParamsCommand,
    ParamsDiffArgs,
};

const DEFAULT_PRECISION: u32 = 5;

/// How a diff table is drawn (DVC's `show_diff` arguments).
pub(super) struct DiffTable<'a> {
    pub title: &'a str,
    pub json: bool,
    pub markdown: bool,
    pub no_path: bool,
    /// The Change column.
    pub changes: bool,
    /// What the Change column says of a value that is not a number (None: `-`).
    pub on_empty: Option<&'a str>,
    /// Floats: rounded to this many digits (`metrics diff`), or this many significant digits
    /// (`exp diff`).
    pub precision: Option<u32>,
    pub significant: bool,
    pub a_rev: &'a str,
    pub b_rev: &'a str,
}

pub fn params(env: &Env, a: ParamsArgs) -> Result<u8> {
    match a.command {
        ParamsCommand::Diff(a) => params_diff(env, a),
    }
}

pub fn metrics(env: &Env, a: MetricsArgs) -> Result<u8> {
    match a.command {
        MetricsCommand::Show(a) => metrics_show(env, a),
        MetricsCommand::Diff(a) => metrics_diff(env, a),
    }
}

fn params_diff(env: &Env, a: ParamsDiffArgs) -> Result<u8> {
    let repo = env.repo()?;
    let collect = |rev: &str| -> Result<Vec<(String, FileValues)>> {
        let all = compare::collect_params(&View::open(&repo, rev)?, a.deps)?;
        Ok(only_targets(&repo, env, all, &a.targets))
    };
    let diff = if compare::has_commits(&repo) {
        let (old, new) = (collect(&a.a_rev)?, collect(&a.b_rev)?);
        report_errors(env, &[(&a.a_rev, &old), (&a.b_rev, &new)]);
        compare::diff(&old, &new, a.all)
    } else {
        Vec::new()
    };
    show_diff(
        env,
        &repo,
        &diff,
        &DiffTable {
            title: "Param",
            json: a.json,
            markdown: a.markdown,
            no_path: a.no_path,
            changes: false,
            on_empty: None,
            precision: None,
            significant: false,
            a_rev: &a.a_rev,
            b_rev: &a.b_rev,
        },
    );
    Ok(0)
}

fn metrics_diff(env: &Env, a: MetricsDiffArgs) -> Result<u8> {
    let repo = env.repo()?;
    let targets = repo_targets(&repo, env, &a.targets);
    let diff = if compare::has_commits(&repo) {
        let old = compare::collect_metrics(&View::open(&repo, &a.a_rev)?, &targets)?;
        let new = compare::collect_metrics(&View::open(&repo, &a.b_rev)?, &targets)?;
        report_errors(env, &[(&a.a_rev, &old), (&a.b_rev, &new)]);
        compare::diff(&old, &new, a.all)
    } else {
        Vec::new()
    };
    let precision = a.precision.unwrap_or(DEFAULT_PRECISION);
    show_diff(
        env,
        &repo,
        &diff,
        &DiffTable {
            title: "Metric",
            json: a.json,
            markdown: a.markdown,
            no_path: a.no_path,
            changes: true,
            on_empty: None,
            precision: Some(precision),
            significant: false,
            a_rev: &a.a_rev,
            b_rev: &a.b_rev,
        },
    );
    Ok(0)
}

fn metrics_show(env: &Env, a: MetricsShowArgs) -> Result<u8> {
    let repo = env.repo()?;
    let targets = repo_targets(&repo, env, &a.targets);
    let with_revs = a.revs.all_branches || a.revs.all_tags || a.revs.all_commits;
    let mut revs: Vec<(String, String)> = vec![(
        if with_revs { "workspace" } else { "" }.to_string(),
        "workspace".to_string(),
    )];
    if with_revs {
        revs.extend(rev_names(&repo, &a.revs)?);
    }
    let mut results: Vec<(String, Vec<(String, FileValues)>)> = Vec::new();
    for (name, rev) in &revs {
        let r = compare::collect_metrics(&View::open(&repo, rev)?, &targets)?;
        results.push((name.clone(), r));
    }
    if with_revs {
        // as DVC: the workspace is left out when it equals the current branch
        if let Some(branch) = current_branch(&repo) {
            let same = results
                .iter()
                .find(|(n, _)| *n == branch)
                .is_some_and(|(_, r)| Some(r) == results.first().map(|(_, w)| w));
            if same {
                results.remove(0);
            }
        }
    }
    report_errors(
        env,
        &results
            .iter()
            .map(|(n, r)| (n.as_str(), r))
            .collect::<Vec<_>>(),
    );
    if a.json {
        let top = Value::Map(
            results
                .iter()
                .map(|(rev, files)| {
                    let data = files
                        .iter()
                        .filter_map(|(f, v)| {
                            let v = v.as_ref().ok()?;
                            Some((
                                shown(&repo, env, f),
                                Value::Map(vec![("data".into(), v.clone())]),
                            ))
                        })
                        .collect();
                    (
                        rev.clone(),
                        Value::Map(vec![("data".into(), Value::Map(data))]),
                    )
                })
                .collect(),
        );
        env.printer.answer(top.to_python_json());
        return Ok(0);
    }
    let precision = a.precision.unwrap_or(DEFAULT_PRECISION);
    let mut keys: Vec<String> = Vec::new();
    // (revision, path, flattened metrics)
    type Row = (String, String, Vec<(String, Value)>);
    let mut rows: Vec<Row> = Vec::new();
    for (rev, files) in &results {
        for (f, v) in files {
            let Ok(v) = v else { continue };
            let flat = compare::flatten(v);
            for (k, _) in &flat {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
            rows.push((rev.clone(), shown(&repo, env, f), flat));
        }
    }
    keys.sort();
    let mut headers = Vec::new();
    if with_revs {
        headers.push("Revision".to_string());
    }
    headers.push("Path".to_string());
    headers.extend(keys.iter().cloned());
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(rev, path, flat)| {
            let mut row = Vec::new();
            if with_revs {
                row.push(rev);
            }
            row.push(path);
            for k in &keys {
                row.push(match flat.iter().find(|(x, _)| x == k) {
                    Some((_, v)) => field(v, Some(precision)),
                    None => "-".into(),
                });
            }
            row
        })
        .collect();
    if let Some(t) = table(&headers, &cells, a.markdown) {
        env.printer.answer(t);
    }
    Ok(0)
}

/// Branches (-a), tags (-T) or commits (-A), as (shown name, revision).
fn rev_names(repo: &Repo, revs: &crate::cli::RevArgs) -> Result<Vec<(String, String)>> {
    let Some(git) = &repo.scm else {
        return Ok(Vec::new());
    };
    Ok(git.named_revisions(&dvx_repo::scm::Scope {
        all_branches: revs.all_branches,
        all_tags: revs.all_tags,
        all_commits: revs.all_commits,
        ..Default::default()
    })?)
}

fn current_branch(repo: &Repo) -> Option<String> {
    repo.scm.as_ref()?.current_branch()
}

/// Targets as repository-relative paths.
fn repo_targets(repo: &Repo, env: &Env, targets: &[String]) -> Vec<String> {
    targets
        .iter()
        .map(|t| {
            repo.rel(&dvx_repo::pipeline::normalize(
                &dvx_repo::fsutil::absolutize(&env.cwd, std::path::Path::new(t)),
            ))
        })
        .collect()
}

fn only_targets(
    repo: &Repo,
    env: &Env,
    all: Vec<(String, FileValues)>,
    targets: &[String],
) -> Vec<(String, FileValues)> {
    if targets.is_empty() {
        return all;
    }
    let wanted = repo_targets(repo, env, targets);
    all.into_iter()
        .filter(|(f, _)| wanted.contains(f))
        .collect()
}

/// A repository-relative path as DVC shows it: relative to the current directory.
fn shown(repo: &Repo, env: &Env, rel: &str) -> String {
    dvx_repo::fsutil::relative_path(&env.cwd, &repo.root.join(rel))
}

fn report_errors(env: &Env, results: &[(&str, &Vec<(String, FileValues)>)]) {
    let errored: Vec<&str> = results
        .iter()
        .filter(|(_, r)| {
            r.iter()
                .any(|(_, v)| v.as_ref().is_err_and(|e| !e.ends_with("does not exist")))
        })
        .map(|(n, _)| *n)
        .collect();
    for (rev, r) in results {
        for (f, v) in r.iter() {
            if let Err(e) = v {
                if !e.ends_with("does not exist") {
                    env.printer.warn(format!(
                        "cannot read '{f}' at '{}': {e}",
                        if rev.is_empty() { "workspace" } else { rev }
                    ));
                }
            }
        }
    }
    if !errored.is_empty() {
        env.printer.warn(format!(
            "DVC failed to load some metrics for following revisions: '{}'.",
            errored
                .iter()
                .map(|r| if r.is_empty() { "workspace" } else { r })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

pub(super) fn show_diff(
    env: &Env,
    repo: &Repo,
    diff: &[(String, Vec<(String, Change)>)],
    t: &DiffTable,
) {
    let DiffTable {
        title,
        json,
        markdown,
        no_path,
        changes,
        precision,
        a_rev,
        b_rev,
        ..
    } = *t;
    if json {
        env.printer
            .answer(diff_json(repo, env, diff).to_python_json());
        return;
    }
    let mut headers: Vec<String> = Vec::new();
    if !no_path {
        headers.push("Path".into());
    }
    headers.extend([title.to_string(), a_rev.to_string(), b_rev.to_string()]);
    if changes {
        headers.push("Change".into());
    }
    let mut rows = Vec::new();
    for (f, items) in diff {
        for (k, c) in items {
            let mut row = Vec::new();
            if !no_path {
                row.push(shown(repo, env, f));
            }
            row.push(k.clone());
            let cell = |v: &Option<Value>| match v {
                Some(v) if t.significant => cell(v, precision),
                Some(v) => field(v, precision),
                None => "-".into(),
            };
            row.push(cell(&c.old));
            row.push(cell(&c.new));
            if changes {
                row.push(match (&c.diff, t.on_empty) {
                    (None, Some(text)) => text.to_string(),
                    (d, _) => cell(d),
                });
            }
            rows.push(row);
        }
    }
    if let Some(t) = table(&headers, &rows, markdown) {
        env.printer.answer(t);
    }
}

/// A diff as DVC's JSON writes it: file → key → old, new (and diff for numbers).
pub(super) fn diff_json(repo: &Repo, env: &Env, diff: &[(String, Vec<(String, Change)>)]) -> Value {
    Value::Map(
        diff.iter()
            .map(|(f, items)| {
                let m = items
                    .iter()
                    .map(|(k, c)| {
                        let mut e = vec![
                            ("old".to_string(), c.old.clone().unwrap_or(Value::Null)),
                            ("new".to_string(), c.new.clone().unwrap_or(Value::Null)),
                        ];
                        if let Some(d) = &c.diff {
                            e.push(("diff".into(), d.clone()));
                        }
                        (k.clone(), Value::Map(e))
                    })
                    .collect();
                (shown(repo, env, f), Value::Map(m))
            })
            .collect(),
    )
}

/// A value as DVC's table shows it: Python's `str()`, floats with `precision` significant
/// digits (`{:.5g}`) when one is given.
pub(super) fn cell(v: &Value, precision: Option<u32>) -> String {
    match v {
        Value::Float(f) => {
            let x = parse_float(f);
            match precision {
                Some(p) if p > 0 && x.is_finite() => format_g(x, p as usize),
                _ => match py_float(x).as_str() {
                    ".inf" => "inf".into(),
                    "-.inf" => "-inf".into(),
                    ".nan" => "nan".into(),
                    s => s.to_string(),
                },
            }
        }
        Value::Str(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Seq(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("'{k}': {}", py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `format(x, f".{p}g")`.
pub(super) fn format_g(x: f64, p: usize) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{:.*e}", p.saturating_sub(1), x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= p as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip(mantissa), exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip(&format!("{x:.decimals$}"))
    }
}

/// A value as DVC's `_format_field` prints it: floats rounded to `precision` digits.
fn field(v: &Value, precision: Option<u32>) -> String {
    match (v, precision) {
        (Value::Float(f), Some(p)) => {
            let x = parse_float(f);
            if !x.is_finite() {
                return py_str(v);
            }
            let rounded: f64 = format!("{x:.prec$}", prec = p as usize)
                .parse()
                .unwrap_or(x);
            py_float(rounded)
        }
        (Value::Bool(b), _) => if *b { "True" } else { "False" }.into(),
        _ => py_str(v),
    }
}

/// tabulate's "plain" (or with `markdown`, "github") table: columns as wide as their widest
/// cell and at least their header plus two; None when a plain table has no rows.
pub(super) fn table(headers: &[String], rows: &[Vec<String>], markdown: bool) -> Option<String> {
    if rows.is_empty() && !markdown {
        return None;
    }
    let len = |s: &str| s.chars().count();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| len(&r[i]))
                .chain(std::iter::once(len(&headers[i]) + 2))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(len(s))));
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        if markdown {
            format!("| {} |", padded.join(" | "))
        } else {
            padded.join("  ").trim_end().to_string()
        }
    };
    let mut out = vec![line(headers)];
    if markdown {
        let seps: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
        out.push(format!("|{}|", seps.join("|")));
    }
    out.extend(rows.iter().map(|r| line(r)));
    let mut text = out.join("\n");
    if markdown {
        text.push('\n');
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_formatted_as_python_formats_them() {
        for (x, want) in [
            (0.001, "0.001"),
            (1e-05, "1e-05"),
            (0.123456789, "0.12346"),
            (123456.0, "1.2346e+05"),
            (12345.0, "12345"),
            (1.5, "1.5"),
            (2.0, "2"),
            (-0.00012, "-0.00012"),
        ] {
            assert_eq!(format_g(x, 5), want, "{x}");
        }
        assert_eq!(cell(&Value::Float("0.1".into()), None), "0.1");
        assert_eq!(cell(&Value::Bool(true), Some(5)), "True");
    }
}
