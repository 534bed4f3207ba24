//! `exp show`'s table: columns as DVC builds them (metrics, params, deps; `file:key` where a key
//! is ambiguous), rows with their tree glyphs, sorting, `--drop/--keep/--only-changed`, and the
//! CSV, Markdown and terminal forms.

use std::collections::{BTreeSet, HashMap};

use dvx_exp::queue::Task;
use dvx_exp::show::{Shown, Snapshot};
use dvx_formats::pipeline::params::parse_float;
use dvx_formats::yaml::Value;
use dvx_repo::compare::FileValues;
use dvx_repo::{Error, Result};

use crate::cli::ExpShowArgs;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Metric,
    Param,
    Dep,
}

struct Column {
    header: String,
    kind: Kind,
    file: String,
    key: String,
}

struct Row {
    /// Experiment name (empty for baselines and the workspace).
    experiment: String,
    /// A task's state and executor (`Queued`, `Dvc-task`), empty otherwise.
    state: String,
    executor: String,
    rev: String,
    typ: &'static str,
    created: String,
    cells: Vec<String>,
}

pub(super) struct Table {
    columns: Vec<Column>,
    rows: Vec<Row>,
    /// The CSV's `parent` column (always empty: dvx has no checkpoint experiments) is left
    /// out by `--only-changed`, as DVC leaves out every column of equal values.
    parent_column: bool,
}

/// Leaf keys of each file, in order of appearance over every row (DVC's `_collect_names`).
fn names(
    snaps: &[&Snapshot],
    pick: fn(&Snapshot) -> &[(String, FileValues)],
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for s in snaps {
        for (file, v) in pick(s) {
            let i = match out.iter().position(|(f, _)| f == file) {
                Some(i) => i,
                None => {
                    out.push((file.clone(), Vec::new()));
                    out.len() - 1
                }
            };
            if let Ok(v) = v {
                for (k, _) in flat(v) {
                    if !out[i].1.contains(&k) {
                        out[i].1.push(k);
                    }
                }
            }
        }
    }
    out
}

fn flat(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Map(_) => dvx_formats::pipeline::params::flatten(v),
        other => vec![(String::new(), other.clone())],
    }
}

pub(super) fn tabulate(shown: &Shown, a: &ExpShowArgs, precision: Option<u32>) -> Result<Table> {
    let mut snaps: Vec<&Snapshot> = Vec::new();
    if !a.hide_workspace {
        snaps.push(&shown.workspace);
    }
    for b in &shown.baselines {
        snaps.push(&b.snapshot);
        for e in &b.experiments {
            snaps.extend(e.revs.first());
        }
    }
    let metrics = names(&snaps, |s| &s.metrics);
    let params = names(&snaps, |s| &s.params);
    let deps: BTreeSet<String> = snaps
        .iter()
        .flat_map(|s| s.deps.iter().map(|(p, _)| p.clone()))
        .collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, keys) in metrics.iter().chain(&params) {
        for k in keys {
            *count.entry(k.clone()).or_default() += 1;
        }
    }
    for fixed in [
        "Experiment",
        "rev",
        "typ",
        "Created",
        "parent",
        "State",
        "Executor",
    ] {
        *count.entry(fixed.to_string()).or_default() += 1;
    }
    let mut columns = Vec::new();
    for (kind, list) in [(Kind::Metric, &metrics), (Kind::Param, &params)] {
        for (file, keys) in list {
            for k in keys {
                let header = if count[k] == 1 {
                    k.clone()
                } else {
                    format!("{file}:{k}")
                };
                columns.push(Column {
                    header,
                    kind,
                    file: file.clone(),
                    key: k.clone(),
                });
            }
        }
    }
    for d in deps {
        columns.push(Column {
            header: d.clone(),
            kind: Kind::Dep,
            file: d.clone(),
            key: String::new(),
        });
    }
    let fill = if a.csv { "" } else { "-" };
    let cells = |s: &Snapshot| -> Vec<String> {
        columns
            .iter()
            .map(|c| match c.kind {
                Kind::Dep => s
                    .deps
                    .iter()
                    .find(|(p, _)| *p == c.file)
                    .and_then(|(_, d)| d.hash.clone())
                    .unwrap_or_else(|| fill.to_string()),
                Kind::Metric | Kind::Param => {
                    let list = if c.kind == Kind::Metric {
                        &s.metrics
                    } else {
                        &s.params
                    };
                    match list.iter().find(|(f, _)| *f == c.file) {
                        None => fill.to_string(),
                        Some((_, Err(_))) => "!".to_string(),
                        Some((_, Ok(v))) => flat(v)
                            .into_iter()
                            .find(|(k, _)| *k == c.key)
                            .map(|(_, v)| super::compare::cell(&v, precision))
                            .unwrap_or_else(|| fill.to_string()),
                    }
                }
            })
            .collect()
    };
    let created = |s: &Snapshot| match &s.timestamp {
        None => fill.to_string(),
        Some(t) if a.csv => t.clone(),
        Some(t) => short_time(t),
    };
    let short = |rev: &str| rev.chars().take(7).collect::<String>();
    let mut rows = Vec::new();
    if !a.hide_workspace {
        rows.push(Row {
            experiment: String::new(),
            state: String::new(),
            executor: String::new(),
            rev: "workspace".into(),
            typ: "baseline",
            created: created(&shown.workspace),
            cells: cells(&shown.workspace),
        });
    }
    for b in &shown.baselines {
        let s = &b.snapshot;
        rows.push(Row {
            experiment: String::new(),
            state: String::new(),
            executor: String::new(),
            rev: match (&s.name, a.sha) {
                (Some(n), false) => n.clone(),
                _ => short(&s.rev),
            },
            typ: "baseline",
            created: created(s),
            cells: cells(s),
        });
        let mut exps: Vec<(&Snapshot, Option<&Task>)> = b
            .experiments
            .iter()
            .filter_map(|e| Some((e.revs.first()?, e.task.as_ref())))
            .collect();
        if let Some(key) = &a.sort_by {
            let col = sort_column(&columns, key)?;
            let value = |s: &Snapshot| -> Option<f64> {
                let list = if columns[col].kind == Kind::Metric {
                    &s.metrics
                } else {
                    &s.params
                };
                let (_, v) = list.iter().find(|(f, _)| *f == columns[col].file)?;
                let (_, v) = flat(v.as_ref().ok()?)
                    .into_iter()
                    .find(|(k, _)| *k == columns[col].key)?;
                match v {
                    Value::Int(i) => Some(i as f64),
                    Value::Float(f) => Some(parse_float(&f)),
                    _ => None,
                }
            };
            // as DVC's stable sort: missing values after present ones (before them when
            // descending), equal values in their order
            let desc = a.sort_order == "desc";
            exps.sort_by(|(x, _), (y, _)| {
                let (kx, ky) = (
                    (value(x).is_none(), value(x)),
                    (value(y).is_none(), value(y)),
                );
                let o = kx.partial_cmp(&ky).unwrap_or(std::cmp::Ordering::Equal);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        let n = exps.len();
        for (i, (s, task)) in exps.into_iter().enumerate() {
            rows.push(Row {
                experiment: s.name.clone().unwrap_or_default(),
                state: task
                    .map(|t| t.status.label().to_string())
                    .unwrap_or_default(),
                executor: task.map(|_| "Dvc-task".to_string()).unwrap_or_default(),
                rev: short(&s.rev),
                typ: if i + 1 == n {
                    "branch_base"
                } else {
                    "branch_commit"
                },
                created: created(s),
                cells: cells(s),
            });
        }
    }
    Ok(Table {
        columns,
        rows,
        parent_column: true,
    })
}

/// The column `--sort-by` names: `[FILE:]KEY` among metrics and params.
fn sort_column(columns: &[Column], key: &str) -> Result<usize> {
    let matching: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            let c = &columns[i];
            c.kind != Kind::Dep && (c.key == key || format!("{}:{}", c.file, c.key) == key)
        })
        .collect();
    match matching.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::user(format!("Unknown sort column '{key}'"))),
        many => Err(Error::user(format!(
            "Ambiguous sort column '{key}' matched '{}'",
            many.iter()
                .map(|&i| format!("{}:{}", columns[i].file, columns[i].key))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `02:49 PM` for today, `Dec 02, 2026` otherwise (DVC's `format_time`).
pub(super) fn short_time(iso: &str) -> String {
    let (date, time) = iso.split_once('T').unwrap_or((iso, "00:00:00"));
    let today = today_local();
    if today.as_deref() == Some(date) {
        let mut hm = time.split(':');
        let h: u32 = hm.next().and_then(|h| h.parse().ok()).unwrap_or(0);
        let m = hm.next().unwrap_or("00");
        let (h12, ampm) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        format!("{h12:02}:{m} {ampm}")
    } else {
        let mut parts = date.split('-');
        let (y, mo, d) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = mo
            .parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
            .unwrap_or(&"");
        format!("{month} {d}, {y}")
    }
}

/// Today's local date (`2026-12-02`), as git computes local time.
fn today_local() -> Option<String> {
    let out = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

impl Table {
    pub(super) fn apply_column_filters(&mut self, a: &ExpShowArgs) -> Result<()> {
        let regex = |list: &[String]| -> Result<Option<regex::Regex>> {
            if list.is_empty() {
                return Ok(None);
            }
            regex::Regex::new(&format!("^(?:{})", list.join("|")))
                .map(Some)
                .map_err(|e| Error::user(format!("invalid regular expression: {e}")))
        };
        let keep = regex(&a.keep)?;
        let drop = regex(&a.drop)?;
        let kept = |h: &str| keep.as_ref().is_some_and(|k| k.is_match(h));
        if a.only_changed && !kept("parent") {
            self.parent_column = false;
        }
        let mut remove: Vec<bool> = vec![false; self.columns.len()];
        for (i, c) in self.columns.iter().enumerate() {
            if kept(&c.header) {
                continue;
            }
            if a.only_changed {
                let first = self.rows.first().map(|r| &r.cells[i]);
                if self.rows.iter().all(|r| Some(&r.cells[i]) == first) {
                    remove[i] = true;
                }
            }
            if drop.as_ref().is_some_and(|d| d.is_match(&c.header)) {
                remove[i] = true;
            }
        }
        let mut i = 0;
        self.columns.retain(|_| {
            i += 1;
            !remove[i - 1]
        });
        for r in &mut self.rows {
            let mut j = 0;
            r.cells.retain(|_| {
                j += 1;
                !remove[j - 1]
            });
        }
        Ok(())
    }

    /// Whether a row is a task of the queue (then the State and Executor columns are shown).
    fn has_tasks(&self) -> bool {
        self.rows.iter().any(|r| !r.state.is_empty())
    }

    pub(super) fn csv(&self) -> String {
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            let escaped: Vec<String> = cells
                .into_iter()
                .map(|c| {
                    if c.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c
                    }
                })
                .collect();
            out.push_str(&escaped.join(","));
            out.push_str("\r\n");
        };
        let mut header: Vec<String> = ["Experiment", "rev", "typ", "Created"]
            .map(String::from)
            .to_vec();
        if self.parent_column {
            header.push("parent".into());
        }
        let tasks = self.has_tasks();
        if tasks {
            header.extend(["State".to_string(), "Executor".to_string()]);
        }
        header.extend(self.columns.iter().map(|c| c.header.clone()));
        line(header);
        for r in &self.rows {
            let mut cells = vec![
                r.experiment.clone(),
                r.rev.clone(),
                r.typ.to_string(),
                r.created.clone(),
            ];
            if self.parent_column {
                cells.push(String::new());
            }
            if tasks {
                cells.extend([r.state.clone(), r.executor.clone()]);
            }
            cells.extend(r.cells.iter().cloned());
            line(cells);
        }
        out
    }

    /// Rows as the table shows them: the experiment column with its tree glyph.
    fn display_rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut headers = vec!["Experiment".to_string(), "Created".to_string()];
        let tasks = self.has_tasks();
        if tasks {
            headers.extend(["State".to_string(), "Executor".to_string()]);
        }
        headers.extend(self.columns.iter().map(|c| c.header.clone()));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let id = match r.typ {
                    "baseline" => r.rev.clone(),
                    t => {
                        let glyph = if t == "branch_base" {
                            "└──"
                        } else {
                            "├──"
                        };
                        if r.experiment.is_empty() {
                            format!("{glyph} {}", r.rev)
                        } else {
                            format!("{glyph} {} [{}]", r.rev, r.experiment)
                        }
                    }
                };
                let mut cells = vec![id, r.created.clone()];
                if tasks {
                    cells.extend([r.state.clone(), r.executor.clone()]);
                }
                cells.extend(r.cells.iter().cloned());
                cells
            })
            .collect();
        (headers, rows)
    }

    fn widths(headers: &[String], rows: &[Vec<String>]) -> Vec<usize> {
        let len = |s: &str| s.chars().count();
        (0..headers.len())
            .map(|i| {
                rows.iter()
                    .map(|r| len(&r[i]))
                    .chain([len(&headers[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    pub(super) fn markdown(&self) -> String {
        let (headers, rows) = self.display_rows();
        // tabulate's "github": columns at least their header plus two
        let len = |s: &str| s.chars().count();
        let widths: Vec<usize> = Self::widths(&headers, &rows)
            .into_iter()
            .zip(&headers)
            .map(|(w, h)| w.max(len(h) + 2))
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - len(c))))
                .collect();
            format!("| {} |", padded.join(" | "))
        };
        let mut out = vec![line(&headers)];
        let seps: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
        out.push(format!("|{}|", seps.join("|")));
        out.extend(rows.iter().map(|r| line(r)));
        out.join("\n") + "\n"
    }

    /// The table with horizontal rules, as DVC draws it on a terminal (columns as wide as
    /// their content: nothing is cut).
    pub(super) fn terminal(&self) -> String {
        let (headers, rows) = self.display_rows();
        let widths = Self::widths(&headers, &rows);
        let len = |s: &str| s.chars().count();
        let fixed = headers.len() - self.columns.len();
        let right: Vec<bool> = (0..headers.len())
            .map(|i| i >= fixed && self.columns[i - fixed].kind == Kind::Metric)
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let pad = " ".repeat(widths[i] - len(c));
                    if right[i] {
                        format!("{pad}{c}")
                    } else {
                        format!("{c}{pad}")
                    }
                })
                .collect();
            format!("  {}  ", padded.join("   "))
        };
        let total = widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1) + 4;
        let rule = format!(" {} ", "─".repeat(total - 2));
        let mut out = vec![rule.clone(), line(&headers), rule.clone()];
        out.extend(rows.iter().map(|r| line(r)));
        out.push(rule);
        out.join("\n")
    }
}
