//! The modules of each crate form no import cycle: data flows one way (formats → object store →
//! remotes → repository operations → CLI), and within a crate a module only uses modules below
//! it. Cargo forbids cycles between crates; this test forbids them between the top-level
//! modules of a crate, and between the files of each module directory, so that any module can
//! later become a crate of its own.
//!
//! A module `a` uses `b` when a non-test line of `a` names `crate::b` (in a path or a
//! `use crate::{…}` group), or `super::b` from a file of a module directory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeMap<String, String>>; // module -> used module -> first use

#[test]
fn no_module_cycles() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    let mut cycles = Vec::new();
    for krate in std::fs::read_dir(&crates).expect("reading crates/") {
        let src = krate.expect("reading crates/").path().join("src");
        if !src.is_dir() {
            continue;
        }
        let name = src
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        for (scope, graph) in graphs(&src) {
            checked += graph.len();
            for cycle in strongly_connected(&graph) {
                cycles.push(describe(&name, &scope, &graph, &cycle));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} modules found under {crates:?}"
    );
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn a_cycle_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(
        src.join("lib.rs"),
        "pub mod a;\npub mod b;\npub mod c;\npub mod d;\npub use d::{D, E};\n",
    )
    .unwrap();
    std::fs::write(src.join("a.rs"), "use crate::{b::X, c};\n").unwrap();
    std::fs::write(src.join("b.rs"), "fn f() { crate::a::g() }\n").unwrap();
    // c reaches d only through the crate root's re-export of E
    std::fs::write(
        src.join("c.rs"),
        "use crate::E;\n// crate::a in a comment\n#[cfg(test)]\nmod tests { use crate::a; }\n",
    )
    .unwrap();
    std::fs::write(src.join("d.rs"), "pub struct D;\npub struct E;\n").unwrap();
    let graphs = graphs(src);
    let top = &graphs[0].1;
    assert_eq!(
        strongly_connected(top),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
    let c_uses: Vec<&String> = top["c"].keys().collect();
    assert_eq!(c_uses, ["d"], "{top:?}");
}

/// dvx-repo's modules keep the layers `docs/architecture.md` gives them: a module uses only
/// modules on its own line or lower ones, and an operation uses no other operation.
#[test]
fn dvx_repo_keeps_its_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let layers = layers_of(&doc, "## Modules of dvx-repo");
    let graph = graphs(&root.join("crates/dvx-repo/src")).remove(0).1;
    let problems = layer_violations(&layers, &graph);
    assert!(
        problems.is_empty(),
        "dvx-repo's modules and docs/architecture.md disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_layer_violation_is_found() {
    let doc = "## Modules of x\n\n| layer | modules | what |\n|---|---|---|\n\
               | ground | `a`, `b` | . |\n| operations | `c` (+`sub`), `d` | . |\n\n## Next\n";
    let layers = layers_of(doc, "## Modules of x");
    assert_eq!(layers.len(), 4, "{layers:?}");
    let mut g = Graph::new();
    for (m, uses) in [
        ("a", &["c"][..]),
        ("b", &["a"]),
        ("c", &["d"]),
        ("d", &["b"]),
        ("e", &[]),
    ] {
        let uses = uses
            .iter()
            .map(|u| (u.to_string(), format!("{m}.rs")))
            .collect();
        g.insert(m.to_string(), uses);
    }
    let found = layer_violations(&layers, &g);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with("a (ground) uses c (operations)"),
        "{found:#?}"
    );
    assert!(found[1].starts_with("c (operations) uses d"), "{found:#?}");
    assert!(found[2].contains("e is not in the table"), "{found:#?}");
}

/// Module -> (line number, layer name) from the table under `heading`; names in `(+…)` are
/// files of a module directory and are left out.
fn layers_of(doc: &str, heading: &str) -> BTreeMap<String, (usize, String)> {
    let section = doc
        .split(heading)
        .nth(1)
        .expect("the heading is in the document");
    let section = section.split("\n## ").next().unwrap();
    let mut out = BTreeMap::new();
    let rows = section.lines().filter(|l| l.starts_with("| ")).skip(1);
    for (n, row) in rows.enumerate() {
        let cols: Vec<&str> = row.split('|').map(str::trim).collect();
        let (layer, mut modules) = (cols[1].to_string(), cols[2].to_string());
        while let (Some(a), Some(b)) = (modules.find("(+"), modules.find(')')) {
            modules.replace_range(a..=b.max(a), "");
        }
        for name in modules.split('`').skip(1).step_by(2) {
            out.insert(name.to_string(), (n, layer.clone()));
        }
    }
    out
}

fn layer_violations(layers: &BTreeMap<String, (usize, String)>, g: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (m, uses) in g {
        let Some((line, layer)) = layers.get(m) else {
            out.push(format!("{m} is not in the table"));
            continue;
        };
        for (u, why) in uses {
            let Some((uline, ulayer)) = layers.get(u) else {
                continue; // reported as a module of its own
            };
            if uline > line || (uline == line && layer == "operations") {
                out.push(format!("{m} ({layer}) uses {u} ({ulayer}): {why}"));
            }
        }
    }
    for m in layers.keys().filter(|m| !g.contains_key(*m)) {
        out.push(format!("{m} is in the table but not a module"));
    }
    out
}

/// The graph of a crate's top-level modules, then one per module directory (its files).
fn graphs(src: &Path) -> Vec<(String, Graph)> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let items = reexports(src);
    let mut top = Graph::new();
    let mut dirs: BTreeMap<String, Graph> = BTreeMap::new();
    for file in files {
        let rel = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
        let text = std::fs::read_to_string(&file).unwrap();
        let code = without_tests_and_comments(&text);
        let module = parts[0].to_string();
        let uses = top.entry(module.clone()).or_default();
        for (name, line) in names_after(&code, "crate::") {
            let used = if name.chars().next().is_some_and(|c| c.is_lowercase()) {
                name
            } else {
                match items.get(&name) {
                    Some(m) => m.clone(),
                    None => continue,
                }
            };
            if used != module && used != "self" {
                uses.entry(used).or_insert(format!("{rel}: {line}"));
            }
        }
        if parts.len() >= 2 {
            // a file of a module directory: its siblings by `super::` (or `crate::dir::`)
            let dir = parts[..parts.len() - 1].join("/");
            let me = parts[parts.len() - 1].to_string();
            let g = dirs.entry(dir.clone()).or_default();
            let uses = g.entry(me.clone()).or_default();
            let own = format!("crate::{}::", dir.replace('/', "::"));
            let sibling_uses = used_after(&code, "super::")
                .into_iter()
                .chain(used_after(&code, &own));
            for (used, line) in sibling_uses {
                if used != me && used != "mod" {
                    uses.entry(used).or_insert(format!("{rel}: {line}"));
                }
            }
        }
    }
    let mut out = vec![("(top level)".to_string(), top)];
    for (dir, mut g) in dirs {
        // names used by `super::` that are items of mod.rs, not files, are not modules
        let files: BTreeSet<String> = g.keys().cloned().collect();
        for uses in g.values_mut() {
            uses.retain(|m, _| files.contains(m));
        }
        out.push((dir, g));
    }
    for (_, g) in &mut out {
        let known: BTreeSet<String> = g.keys().cloned().collect();
        for uses in g.values_mut() {
            uses.retain(|m, _| known.contains(m));
        }
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

/// The code of a file without `//` comments and without its `#[cfg(test)]` items (tests may
/// use anything).
fn without_tests_and_comments(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let code = line.split("//").next().unwrap();
        if code.trim() == "#[cfg(test)]" {
            // skip the next item: up to the end of its braces or its `;`
            let mut depth = 0i32;
            for l in lines.by_ref() {
                let l = l.split("//").next().unwrap();
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                if depth <= 0 && (l.contains('}') || l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every module named right after `prefix` (`crate::x`, or each first name in `crate::{x, y::z}`),
/// with the line it is on.
fn used_after(code: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = names_after(code, prefix);
    out.retain(|(w, _)| w.chars().next().is_some_and(|c| c.is_lowercase()) && w != "self");
    out
}

/// Every name right after `prefix`, modules and items alike.
fn names_after(code: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let line = code[..at].rsplit('\n').next().unwrap_or("").to_string()
            + prefix
            + rest.split('\n').next().unwrap_or("");
        let line = line.trim().to_string();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && item_start && (c.is_alphanumeric() || c == '_') {
                    word.push(c);
                    continue;
                }
                if !word.is_empty() {
                    out.push((std::mem::take(&mut word), line.clone()));
                }
                if depth == 1 && c == ',' {
                    item_start = true;
                } else if !c.is_whitespace() {
                    item_start = false;
                }
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                out.push((word, line));
            }
        }
    }
    out
}

/// The items the crate root re-exports, by the module they come from (`pub use m::{A, B};`), so
/// that `crate::A` counts as a use of `m`.
fn reexports(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(lib) = std::fs::read_to_string(src.join("lib.rs")) else {
        return out;
    };
    for line in lib.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                out.insert(name.to_string(), module.to_string());
            }
        }
    }
    out
}

/// The strongly connected components of more than one module (Tarjan), each sorted.
fn strongly_connected(g: &Graph) -> Vec<Vec<String>> {
    struct T<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(t: &mut T<'g>, v: &'g str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        for w in t.g[v].keys() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.stack.contains(&w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                scc.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn describe(krate: &str, scope: &str, g: &Graph, cycle: &[String]) -> String {
    let mut s = format!("  {krate} {scope}: {}\n", cycle.join(", "));
    for a in cycle {
        for (b, why) in &g[a] {
            if cycle.contains(b) {
                s.push_str(&format!("    {a} -> {b}   ({why})\n"));
            }
        }
    }
    s
}
