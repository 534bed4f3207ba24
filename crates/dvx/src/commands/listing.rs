//! Listings as DVC prints them (`ls`, `ls-url`): sizes in DVC's short form, tables laid out as
//! tabulate's plain format lays them out (columns two spaces apart, sizes right-aligned,
//! trailing blanks cut, `-` for a missing value), trees drawn with DVC's box characters.

use dvx_repo::url_list::UrlTree;

/// DVC's `naturalsize` (tqdm's `format_sizeof` with 1024 steps): `6`, `4.00k`, `12.3M`.
pub fn naturalsize(n: u64) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let mut num = n as f64;
    for unit in ["", "k", "M", "G", "T", "P", "E", "Z"] {
        if num.abs() < 999.5 {
            if num.abs() < 99.95 {
                if num.abs() < 9.995 {
                    return format!("{num:1.2}{unit}");
                }
                return format!("{num:2.1}{unit}");
            }
            return format!("{num:3.0}{unit}");
        }
        num /= 1024.0;
    }
    format!("{num:3.1}Y")
}

/// A size cell: empty for a directory without one, as DVC shows it.
pub fn size_cell(size: Option<u64>, isdir: bool) -> Option<String> {
    match size {
        Some(s) if !(isdir && s == 0) => Some(naturalsize(s)),
        _ => Some(String::new()),
    }
}

/// Rows laid out as tabulate's plain format: `None` cells are `-`; with `right_first` the
/// first column is right-aligned; without `keep_blanks` cells are trimmed first.
pub fn table(rows: &[Vec<Option<String>>], right_first: bool, keep_blanks: bool) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let c = c.clone().unwrap_or_else(|| "-".into());
                    if keep_blanks {
                        c
                    } else {
                        c.trim().to_string()
                    }
                })
                .collect()
        })
        .collect();
    let ncols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|i| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let lines: Vec<String> = cells
        .iter()
        .map(|r| {
            let padded: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let pad = " ".repeat(widths[i] - c.chars().count());
                    if i == 0 && right_first {
                        format!("{pad}{c}")
                    } else {
                        format!("{c}{pad}")
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_string()
        })
        .collect();
    lines.join("\n")
}

/// A node of a tree listing: its leading cells (size, hash), its name, what it holds.
pub struct Row {
    pub cells: Vec<Option<String>>,
    pub name: String,
    pub kids: Vec<Row>,
}

impl Row {
    /// A node of `ls-url -T`.
    pub fn of_url(n: &UrlTree, with_size: bool) -> Row {
        Row {
            cells: if with_size {
                vec![size_cell(n.size, n.isdir)]
            } else {
                Vec::new()
            },
            name: n.name.clone(),
            kids: n
                .contents
                .iter()
                .map(|k| Row::of_url(k, with_size))
                .collect(),
        }
    }

    /// A node of `ls -T`.
    pub fn of_ls(n: &dvx_repo::external::LsNode, with_size: bool, with_hash: bool) -> Row {
        let mut cells = Vec::new();
        if with_size {
            cells.push(size_cell(n.entry.size, n.entry.isdir));
        }
        if with_hash {
            cells.push(n.entry.md5.clone());
        }
        Row {
            cells,
            name: n.entry.path.clone(),
            kids: n
                .contents
                .iter()
                .map(|k| Row::of_ls(k, with_size, with_hash))
                .collect(),
        }
    }
}

/// DVC's tree, a row per node (`├── `, `│   `, `└── `), sizes right-aligned.
pub fn tree(root: &Row, with_size: bool) -> String {
    fn rows(nodes: &[Row], depth: usize, prefix: &str, out: &mut Vec<Vec<Option<String>>>) {
        for (i, n) in nodes.iter().enumerate() {
            let last = i + 1 == nodes.len();
            let part = match (depth, last) {
                (0, _) => "",
                (_, true) => "└── ",
                (_, false) => "├── ",
            };
            let mut row = n.cells.clone();
            row.push(Some(format!("{prefix}{part}{}", n.name)));
            out.push(row);
            if !n.kids.is_empty() {
                let next = match (depth, last) {
                    (0, _) => prefix.to_string(),
                    (_, true) => format!("{prefix}    "),
                    (_, false) => format!("{prefix}│   "),
                };
                rows(&n.kids, depth + 1, &next, out);
            }
        }
    }
    let mut out = Vec::new();
    rows(std::slice::from_ref(root), 0, "", &mut out);
    table(&out, with_size, true)
}
