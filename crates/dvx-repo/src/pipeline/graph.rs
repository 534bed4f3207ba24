//! The stage graph: which stage produces what another depends on, checked as DVC checks it
//! (no output twice, no output inside another, no cycle), and the order `repro` runs stages in.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Pipelines, Stage};
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::TrackedStage;

/// A node: a pipeline stage or a pointer file (a data source), by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Stage(usize),
    Pointer(usize),
}

/// Stages and pointer files with their dependency edges (from a stage to the stages that
/// produce what it depends on).
pub struct Graph {
    pub nodes: Vec<Node>,
    /// For each node, the nodes it depends on, in the order of its deps.
    pub upstream: Vec<Vec<usize>>,
    /// The node of each pipeline stage.
    pub stage_nodes: Vec<usize>,
}

/// What `plan` selects around its targets.
#[derive(Debug, Default, Clone, Copy)]
pub struct PlanOptions {
    /// The targets and what depends on them, instead of what they depend on.
    pub downstream: bool,
    /// The whole pipelines (connected parts of the graph) the targets belong to.
    pub pipeline: bool,
    /// Only the targets.
    pub single_item: bool,
}

impl Graph {
    /// Builds and checks the graph. Pipeline stages come first (in file and definition order),
    /// then pointer files.
    pub fn build(repo: &Repo, p: &Pipelines, pointers: &[TrackedStage]) -> Result<Graph> {
        // DVC's index order: files as a top-down walk meets them (a directory's files before its
        // subdirectories, each in the order the directory lists them), stages in their file's
        // order
        let mut listings = WalkOrder::default();
        let mut keyed: Vec<(WalkKey, Node)> = Vec::new();
        for (i, s) in p.stages.iter().enumerate() {
            keyed.push((
                listings.key(&repo.root, &p.files[s.file].path),
                Node::Stage(i),
            ));
        }
        for (i, st) in pointers.iter().enumerate() {
            keyed.push((listings.key(&repo.root, &st.file), Node::Pointer(i)));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let nodes: Vec<Node> = keyed.into_iter().map(|(_, n)| n).collect();
        let mut stage_nodes = vec![0; p.stages.len()];
        for (n, node) in nodes.iter().enumerate() {
            if let Node::Stage(i) = node {
                stage_nodes[*i] = n;
            }
        }
        let name = |n: usize| -> String { node_name(p, pointers, nodes[n]) };

        // every output, by absolute path
        let mut outs: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let mut add_out = |path: PathBuf, node: usize| -> Result<()> {
            if let Some(&other) = outs.get(&path) {
                let rel = repo.rel(&path);
                let mut names = vec![name(other), name(node)];
                names.dedup();
                return Err(Error::user(format!(
                    "output '{rel}' is specified in more than one stage:\n\t- {}",
                    names.join("\n\t- ")
                ))
                .with_hint(
                    "an output has exactly one producer; remove it from all but one stage",
                ));
            }
            outs.insert(path, node);
            Ok(())
        };
        for (n, node) in nodes.iter().enumerate() {
            match *node {
                Node::Stage(i) => {
                    let s = &p.stages[i];
                    for o in &s.def.outs {
                        add_out(s.out_path(o), n)?;
                    }
                }
                Node::Pointer(i) => {
                    for j in 0..pointers[i].pointer.outs.len() {
                        add_out(pointers[i].out_path(j), n)?;
                    }
                }
            }
        }
        // an output inside another's
        let mut prev: Option<(&PathBuf, usize)> = None;
        for (path, &node) in &outs {
            if let Some((parent, pnode)) = prev {
                if path.starts_with(parent) {
                    return Err(Error::user(format!(
                        "output '{}' of {} is inside output '{}' of {}",
                        repo.rel(path),
                        name(node),
                        repo.rel(parent),
                        name(pnode)
                    ))
                    .with_hint("outputs cannot overlap; track the directory or the paths inside it, not both"));
                }
            }
            if prev.is_none_or(|(parent, _)| !path.starts_with(parent)) {
                prev = Some((path, node));
            }
        }
        // a dvc.yaml inside an output
        for f in &p.files {
            if let Some((o, &node)) = outs.iter().find(|(o, _)| f.path.starts_with(o)) {
                return Err(Error::user(format!(
                    "'{}' is inside output '{}' of {}",
                    f.rel,
                    repo.rel(o),
                    name(node)
                )));
            }
        }

        let mut upstream = vec![Vec::new(); nodes.len()];
        for (n, node) in nodes.iter().enumerate() {
            let Node::Stage(i) = *node else { continue };
            let s = &p.stages[i];
            for dep in &s.def.deps {
                for producer in producers(&outs, &s.dep_path(dep)) {
                    if !upstream[n].contains(&producer) {
                        upstream[n].push(producer);
                    }
                }
            }
        }
        let g = Graph {
            nodes,
            upstream,
            stage_nodes,
        };
        if let Some(cycle) = g.find_cycle() {
            let names: Vec<String> = cycle
                .iter()
                .map(|&n| node_label(p, pointers, g.nodes[n]))
                .collect();
            return Err(Error::user(format!(
                "Same item(s) are defined as both a dependency and an output in {}: {}.",
                if names.len() == 1 { "stage" } else { "stages" },
                names.join(", ")
            ))
            .with_hint(
                "a stage cannot depend on its own output, directly or through other stages",
            ));
        }
        Ok(g)
    }

    fn find_cycle(&self) -> Option<Vec<usize>> {
        // iterative DFS with colours: 0 new, 1 on the stack, 2 done
        let mut colour = vec![0u8; self.nodes.len()];
        for start in 0..self.nodes.len() {
            if colour[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            colour[start] = 1;
            while let Some(&mut (n, ref mut next)) = stack.last_mut() {
                if let Some(&m) = self.upstream[n].get(*next) {
                    *next += 1;
                    match colour[m] {
                        0 => {
                            colour[m] = 1;
                            stack.push((m, 0));
                        }
                        1 => {
                            let pos = stack.iter().position(|(k, _)| *k == m).unwrap_or(0);
                            return Some(stack[pos..].iter().map(|(k, _)| *k).collect());
                        }
                        _ => {}
                    }
                } else {
                    colour[n] = 2;
                    stack.pop();
                }
            }
        }
        None
    }

    /// The nodes of pipeline stages (by index).
    pub fn nodes_of(&self, stages: &[usize]) -> Vec<usize> {
        stages.iter().map(|&i| self.stage_nodes[i]).collect()
    }

    /// The order `repro` visits stages in: DVC's post-order walk (what a stage depends on before
    /// the stage), over the targets and what they depend on (or, `downstream`, what depends on
    /// them). Frozen stages do not pull in what they depend on.
    pub fn plan(&self, p: &Pipelines, targets: &[usize], opts: PlanOptions) -> Vec<usize> {
        if opts.single_item {
            let mut v = targets.to_vec();
            v.dedup();
            return v;
        }
        let active: Vec<Vec<usize>> = (0..self.nodes.len())
            .map(|n| match self.nodes[n] {
                Node::Stage(i) if p.stages[i].def.frozen => Vec::new(),
                _ => self.upstream[n].clone(),
            })
            .collect();
        let mut downstream: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for (n, ups) in active.iter().enumerate() {
            for &u in ups {
                downstream[u].push(n);
            }
        }
        let selected: HashSet<usize> = if opts.pipeline {
            // the connected components holding the targets
            let mut seen = HashSet::new();
            let mut stack = targets.to_vec();
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    stack.extend(active[n].iter().chain(&downstream[n]).copied());
                }
            }
            seen
        } else {
            let edges = if opts.downstream {
                &downstream
            } else {
                &active
            };
            let mut seen = HashSet::new();
            let mut stack = targets.to_vec();
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    stack.extend(edges[n].iter().copied());
                }
            }
            seen
        };
        let mut order = Vec::new();
        let mut done = vec![false; self.nodes.len()];
        for start in 0..self.nodes.len() {
            if !selected.contains(&start) || done[start] {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            done[start] = true;
            while let Some(&mut (n, ref mut next)) = stack.last_mut() {
                // the next selected node upstream (a stage may depend on thousands)
                let ups = &active[n];
                while ups.get(*next).is_some_and(|u| !selected.contains(u)) {
                    *next += 1;
                }
                if let Some(&m) = ups.get(*next) {
                    *next += 1;
                    if !done[m] {
                        done[m] = true;
                        stack.push((m, 0));
                    }
                } else {
                    order.push(n);
                    stack.pop();
                }
            }
        }
        order
    }
}

/// A path's place in a top-down walk: each directory component sorts after the files beside it.
/// Per path component: a directory (1) or the file (0), its place in the listing, its name.
type WalkKey = Vec<(u8, usize, String)>;

/// Where files stand in a top-down walk of the workspace: a directory's files before its
/// subdirectories, entries in the order the file system lists them (as DVC's walk meets
/// them), by name when a directory cannot be listed.
#[derive(Default)]
struct WalkOrder {
    /// Each directory's entries with their places in its listing.
    listings:
        std::collections::HashMap<PathBuf, std::collections::HashMap<std::ffi::OsString, usize>>,
}

impl WalkOrder {
    fn key(&mut self, root: &Path, path: &Path) -> WalkKey {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let comps: Vec<&std::ffi::OsStr> = rel.components().map(|c| c.as_os_str()).collect();
        let last = comps.len().saturating_sub(1);
        let mut dir = root.to_path_buf();
        let mut key = Vec::new();
        for (i, c) in comps.into_iter().enumerate() {
            let listing = self.listings.entry(dir.clone()).or_insert_with(|| {
                std::fs::read_dir(&dir)
                    .map(|rd| {
                        rd.flatten()
                            .enumerate()
                            .map(|(i, e)| (e.file_name(), i))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            let at = listing.get(c).copied().unwrap_or(usize::MAX);
            key.push((u8::from(i < last), at, c.to_string_lossy().into_owned()));
            dir.push(c);
        }
        key
    }
}

/// The nodes producing what `dep` names: an output that is `dep`, holds it, or lies inside it.
fn producers(outs: &BTreeMap<PathBuf, usize>, dep: &Path) -> Vec<usize> {
    let mut found = Vec::new();
    for a in dep.ancestors() {
        if let Some(&n) = outs.get(a) {
            found.push(n);
        }
    }
    for (o, &n) in outs.range(dep.to_path_buf()..) {
        if !o.starts_with(dep) {
            break;
        }
        if o != dep && !found.contains(&n) {
            found.push(n);
        }
    }
    found
}

fn node_name(p: &Pipelines, pointers: &[TrackedStage], n: Node) -> String {
    match n {
        Node::Stage(i) => format!("stage '{}'", p.stages[i].addressing),
        Node::Pointer(i) => format!("'{}'", pointers[i].rel),
    }
}

/// How a node is named in messages: a stage's addressing, a pointer file's path.
pub fn node_label(p: &Pipelines, pointers: &[TrackedStage], n: Node) -> String {
    match n {
        Node::Stage(i) => p.stages[i].addressing.clone(),
        Node::Pointer(i) => pointers[i].rel.clone(),
    }
}

/// Stages named by a target: `name`, `group` (every `group@key`), `path/dvc.yaml`,
/// `path/dvc.yaml:name`, or an output path (its producing stage). Names without a file are
/// looked up in the `dvc.yaml` of `cwd`.
pub fn select_stages(
    repo: &Repo,
    p: &Pipelines,
    cwd: &Path,
    target: &str,
    recursive: bool,
) -> Result<Vec<usize>> {
    let abs = super::normalize(&crate::fsutil::absolutize(cwd, Path::new(target)));
    if recursive {
        if !abs.is_dir() {
            return Err(Error::user(format!("'{target}' is not a directory"))
                .with_hint("-R/--recursive takes directories to search for dvc.yaml files"));
        }
        return Ok(stages_where(p, |s| p.files[s.file].path.starts_with(&abs)));
    }
    let (file_part, name) = match target.rsplit_once(':') {
        Some((f, n)) if f.ends_with("dvc.yaml") => (Some(f), Some(n)),
        _ if target.ends_with("dvc.yaml") => (Some(target), None),
        _ => (None, Some(target)),
    };
    if let Some(f) = file_part {
        let fpath = super::normalize(&crate::fsutil::absolutize(cwd, Path::new(f)));
        let Some(fi) = p.files.iter().position(|d| d.path == fpath) else {
            return Err(Error::user(format!("'{f}' does not exist"))
                .with_hint("name a dvc.yaml of this repository"));
        };
        let found = stages_where(p, |s| {
            s.file == fi && name.is_none_or(|n| matches_name(&s.def.name, n))
        });
        if found.is_empty() {
            return Err(Error::user(format!(
                "stage '{}' not found in '{}'",
                name.unwrap_or_default(),
                p.files[fi].rel
            ))
            .with_hint("`dvx stage list` names the stages"));
        }
        return Ok(found);
    }
    let name = name.unwrap_or_default();
    let here = super::normalize(&cwd.join("dvc.yaml"));
    let by_name = stages_where(p, |s| {
        p.files[s.file].path == here && matches_name(&s.def.name, name)
    });
    if !by_name.is_empty() {
        return Ok(by_name);
    }
    // an output path
    let by_out = stages_where(p, |s| s.def.outs.iter().any(|o| s.out_path(o) == abs));
    if !by_out.is_empty() {
        return Ok(by_out);
    }
    Err(Error::user(format!(
        "'{target}' is not a stage of '{}' nor an output of any stage",
        repo.rel(&here)
    ))
    .with_hint("name a stage (`dvx stage list`), `path/dvc.yaml:stage`, or a stage's output"))
}

/// `repro --glob`: each target a shell-style pattern of stage names in `./dvc.yaml`, or
/// `path/dvc.yaml:PATTERN`; the addressings of the stages that match, in the pipeline's order.
pub fn glob_stages(p: &Pipelines, cwd: &Path, targets: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for t in targets {
        let (file, pattern) = match t.rsplit_once(':') {
            Some((f, n)) if f.ends_with("dvc.yaml") => {
                (crate::fsutil::absolutize(cwd, Path::new(f)), n)
            }
            _ => (cwd.join("dvc.yaml"), t.as_str()),
        };
        let file = super::normalize(&file);
        let glob = globset::Glob::new(pattern)
            .map_err(|e| Error::user(format!("'{t}' is not a valid pattern: {e}")))?
            .compile_matcher();
        for s in &p.stages {
            if p.files[s.file].path == file
                && glob.is_match(&s.def.name)
                && !out.contains(&s.addressing)
            {
                out.push(s.addressing.clone());
            }
        }
    }
    Ok(out)
}

fn matches_name(stage: &str, target: &str) -> bool {
    stage == target
        || stage
            .rsplit_once('@')
            .is_some_and(|(group, _)| group == target)
}

fn stages_where(p: &Pipelines, f: impl Fn(&Stage) -> bool) -> Vec<usize> {
    (0..p.stages.len()).filter(|&i| f(&p.stages[i])).collect()
}
