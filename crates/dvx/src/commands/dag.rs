//! `dag`: the stages (or, `--outs`, the outputs) and what depends on what, drawn in ASCII
//! boxes as DVC draws them, or as DOT, Mermaid or Markdown.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dvx_repo::pipeline::graph::{node_label, select_stages, Graph, Node, PlanOptions};
use dvx_repo::pipeline::Pipelines;
use dvx_repo::stage::TrackedStage;
use dvx_repo::Result;

use super::Env;
use crate::cli::DagArgs;

/// A graph to show: labels in DVC's node order, and edges (dependent, dependency) in DVC's
/// edge order.
struct Shown {
    labels: Vec<String>,
    edges: Vec<(usize, usize)>,
}

pub fn dag(env: &Env, a: DagArgs) -> Result<u8> {
    let repo = env.repo()?;
    let p = Pipelines::load(&repo)?;
    let pointers = dvx_repo::stage::load_all(&repo)?;
    let g = Graph::build(&repo, &p, &pointers)?;
    let mut keep: Vec<bool> = vec![true; g.nodes.len()];
    if let Some(t) = &a.target {
        let targets = g.nodes_of(&select_stages(&repo, &p, &env.cwd, t, false)?);
        let opts = PlanOptions {
            pipeline: a.full,
            ..Default::default()
        };
        let selected: BTreeSet<usize> = g.plan(&p, &targets, opts).into_iter().collect();
        keep = (0..g.nodes.len()).map(|n| selected.contains(&n)).collect();
    }
    let shown = if a.outs {
        outs_graph(&env.cwd, &p, &pointers, &g, &keep)
    } else {
        stage_graph(&p, &pointers, &g, &keep)
    };
    let text = if a.dot {
        dot(&shown)
    } else if a.mermaid || a.md {
        let m = mermaid(&shown);
        if a.md {
            format!("```mermaid\n{m}\n```")
        } else {
            m
        }
    } else {
        components(&shown)
            .into_iter()
            .map(|c| crate::dag_ascii::draw(&c.labels, &c.edges))
            .collect::<Vec<_>>()
            .join("\n")
    };
    env.printer.answer(text);
    Ok(0)
}

/// Stages (pointer files and pipeline stages) and the stages producing what they depend on.
fn stage_graph(p: &Pipelines, pointers: &[TrackedStage], g: &Graph, keep: &[bool]) -> Shown {
    let kept: Vec<usize> = (0..g.nodes.len()).filter(|&n| keep[n]).collect();
    let index = |n: usize| kept.iter().position(|&k| k == n);
    let labels = kept
        .iter()
        .map(|&n| node_label(p, pointers, g.nodes[n]))
        .collect();
    let mut edges = Vec::new();
    for &n in &kept {
        for &u in &g.upstream[n] {
            if let (Some(a), Some(b)) = (index(n), index(u)) {
                if !edges.contains(&(a, b)) {
                    edges.push((a, b));
                }
            }
        }
    }
    Shown { labels, edges }
}

/// DVC's outputs graph: every output (in the order of DVC's trie of output paths), and from
/// each output of a stage to the outputs that stage's dependencies overlap.
fn outs_graph(
    cwd: &Path,
    p: &Pipelines,
    pointers: &[TrackedStage],
    g: &Graph,
    keep: &[bool],
) -> Shown {
    let mut by_stage: Vec<(usize, Vec<PathBuf>, Vec<PathBuf>)> = Vec::new();
    for (n, node) in g.nodes.iter().enumerate() {
        let (outs, deps): (Vec<PathBuf>, Vec<PathBuf>) = match *node {
            Node::Stage(i) => {
                let s = &p.stages[i];
                (
                    s.def.outs.iter().map(|o| s.out_path(o)).collect(),
                    s.def.deps.iter().map(|d| s.dep_path(d)).collect(),
                )
            }
            Node::Pointer(i) => (
                (0..pointers[i].pointer.outs.len())
                    .map(|j| pointers[i].out_path(j))
                    .collect(),
                Vec::new(),
            ),
        };
        if keep[n] {
            by_stage.push((n, outs, deps));
        }
    }
    let inserted: Vec<PathBuf> = by_stage.iter().flat_map(|(_, o, _)| o.clone()).collect();
    let order = trie_order(&inserted);
    let labels: Vec<String> = order
        .iter()
        .map(|o| dvx_repo::fsutil::relative_path(cwd, o))
        .collect();
    let at = |o: &Path| order.iter().position(|x| x == o);
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (_, outs, deps) in &by_stage {
        for dep in deps {
            // outputs the dependency is inside of, then outputs inside it
            let mut overlapping: Vec<usize> = dep.ancestors().filter_map(&at).collect();
            overlapping.reverse();
            for (i, o) in order.iter().enumerate() {
                if o != dep && o.starts_with(dep) {
                    overlapping.push(i);
                }
            }
            for from in outs {
                let Some(f) = at(from) else { continue };
                for &to in &overlapping {
                    if !edges.contains(&(f, to)) {
                        edges.push((f, to));
                    }
                }
            }
        }
    }
    // a graph lists its edges node by node
    edges.sort_by_key(|&(f, _)| f);
    Shown { labels, edges }
}

/// Paths in the order a trie of their components yields them: depth first, children in the
/// order they were first inserted.
fn trie_order(paths: &[PathBuf]) -> Vec<PathBuf> {
    let key = |p: &Path| -> Vec<usize> {
        let mut k = Vec::new();
        let mut prefix = PathBuf::new();
        for c in p.components() {
            prefix.push(c);
            let first = paths
                .iter()
                .position(|q| q.starts_with(&prefix))
                .unwrap_or(usize::MAX);
            k.push(first);
        }
        k
    };
    let mut out: Vec<PathBuf> = paths.to_vec();
    out.dedup();
    out.sort_by_cached_key(|p| key(p));
    out
}

/// Weakly connected components in the order of their first node, each with its edges.
fn components(s: &Shown) -> Vec<Shown> {
    let n = s.labels.len();
    let mut comp: Vec<usize> = (0..n).collect();
    fn find(c: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while c[r] != r {
            r = c[r];
        }
        c[x] = r;
        r
    }
    for &(a, b) in &s.edges {
        let (ra, rb) = (find(&mut comp, a), find(&mut comp, b));
        if ra != rb {
            comp[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut out = Vec::new();
    let mut done = vec![false; n];
    for start in 0..n {
        let root = find(&mut comp, start);
        if done[root] {
            continue;
        }
        done[root] = true;
        let members: Vec<usize> = (0..n).filter(|&m| find(&mut comp, m) == root).collect();
        let local = |x: usize| members.iter().position(|&m| m == x).expect("member");
        let labels = members.iter().map(|&m| s.labels[m].clone()).collect();
        let edges = s
            .edges
            .iter()
            .filter(|(a, _)| members.contains(a))
            .map(|&(a, b)| (local(a), local(b)))
            .collect();
        out.push(Shown { labels, edges });
    }
    out
}

fn dot(s: &Shown) -> String {
    let mut out = String::from("strict digraph {\n");
    for l in &s.labels {
        out.push_str(&format!("\"{l}\";\n"));
    }
    let mut sorted: Vec<(usize, usize)> = s.edges.iter().map(|&(a, b)| (b, a)).collect();
    sorted.sort();
    for (d, n) in sorted {
        out.push_str(&format!("\"{}\" -> \"{}\";\n", s.labels[d], s.labels[n]));
    }
    out.push_str("}\n");
    out
}

fn mermaid(s: &Shown) -> String {
    let mut out = String::from("flowchart TD");
    let mut total = 0;
    for Shown { labels, edges } in components(s) {
        let mut sorted: Vec<&str> = labels.iter().map(String::as_str).collect();
        sorted.sort();
        let mut ids = std::collections::HashMap::new();
        for l in sorted {
            total += 1;
            out.push_str(&format!("\n\tnode{total}[\"{l}\"]"));
            ids.insert(l, total);
        }
        let mut es: Vec<(&str, &str)> = edges
            .iter()
            .map(|&(a, b)| (labels[b].as_str(), labels[a].as_str()))
            .collect();
        es.sort();
        for (a, b) in es {
            out.push_str(&format!("\n\tnode{}-->node{}", ids[a], ids[b]));
        }
    }
    out
}
