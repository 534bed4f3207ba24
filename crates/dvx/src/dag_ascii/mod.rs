//! `dag`'s drawing: stages in ASCII boxes joined by `*` lines, as DVC draws them. DVC lays
//! the graph out with grandalf's Sugiyama layout (layers by longest path, pushed down where
//! they can be; dummy vertices on long edges; two barycenter ordering sweeps; Brandes & Köpf
//! coordinates, the mean of the two medians of four alignments) and draws it on a character
//! canvas. This is that algorithm, step for step, so that the same graph gives the same text
//! (Python's rounding, half to even, included).

mod canvas;
mod coords;
mod order;

use std::collections::{BTreeMap, HashSet};

use canvas::{intersect_box, py_round, Canvas};

const BOX_HEIGHT: i64 = 3;

struct Vertex {
    /// What the box says (the label with a space either side); empty for a dummy vertex.
    data: String,
    w: i64,
    h: i64,
    xy: (f64, f64),
    dummy: bool,
    /// Edges (ids), in the order they were attached (real vertices).
    edges: Vec<usize>,
    /// The edge a dummy vertex belongs to.
    ctrl: Option<usize>,
    rank: usize,
    pos: usize,
    bar: f64,
    /// Layer neighbours: [upper (-1), lower (+1)].
    nvs: [Vec<usize>; 2],
    root: usize,
    align: usize,
    sink: usize,
    shift: f64,
    big_x: Option<f64>,
    x: [f64; 4],
}

struct Edge {
    v: (usize, usize),
    /// Rank → vertex, from the tail's rank to the head's, when the edge spans layers.
    ctrl: Option<BTreeMap<usize, usize>>,
    pts: Vec<(f64, f64)>,
}

struct Layout {
    vs: Vec<Vertex>,
    es: Vec<Edge>,
    /// Component vertex order (grandalf's `sV`).
    order: Vec<usize>,
    layers: Vec<Vec<usize>>,
    /// 1 / (len - 1) per layer (1.0 for a layer of one).
    unit: Vec<f64>,
    dirh: i64,
    dirv: i64,
    xspace: f64,
    yspace: f64,
    conflicts: HashSet<(usize, usize)>,
}

fn dir_index(d: i64) -> usize {
    if d < 0 {
        0
    } else {
        1
    }
}

/// Draws one connected pipeline: `labels` in the graph's node order, `edges` as (stage,
/// the stage it depends on) in the graph's edge order.
pub fn draw(labels: &[String], edges: &[(usize, usize)]) -> String {
    let mut l = Layout::new(labels, edges);
    l.rank();
    for e in 0..l.es.len() {
        l.set_dummies(e);
    }
    l.neighbours();
    l.setup_layers();
    l.ordering_step(false);
    l.ordering_step(true);
    l.set_xy();
    l.route_edges();
    l.canvas()
}

impl Layout {
    fn new(labels: &[String], edges: &[(usize, usize)]) -> Layout {
        let mut vs: Vec<Vertex> = labels
            .iter()
            .map(|name| {
                let data = format!(" {name} ");
                Vertex {
                    w: data.chars().count() as i64 + 2,
                    h: BOX_HEIGHT,
                    data,
                    xy: (0.0, 0.0),
                    dummy: false,
                    edges: Vec::new(),
                    ctrl: None,
                    rank: 0,
                    pos: 0,
                    bar: 0.0,
                    nvs: [Vec::new(), Vec::new()],
                    root: 0,
                    align: 0,
                    sink: 0,
                    shift: f64::INFINITY,
                    big_x: None,
                    x: [0.0; 4],
                }
            })
            .collect();
        // edges point from what a stage depends on to the stage
        let es: Vec<Edge> = edges
            .iter()
            .map(|&(s, e)| Edge {
                v: (e, s),
                ctrl: None,
                pts: Vec::new(),
            })
            .collect();
        // connected sets, merged edge by edge (grandalf's ordered sets): the first one left
        let mut comp: Vec<usize> = (0..vs.len()).collect();
        let mut sets: Vec<Option<Vec<usize>>> = (0..vs.len()).map(|v| Some(vec![v])).collect();
        for (i, e) in es.iter().enumerate() {
            let (x, y) = e.v;
            for v in [x, y] {
                if !vs[v].edges.contains(&i) {
                    vs[v].edges.push(i);
                }
            }
            let (cx, cy) = (comp[x], comp[y]);
            if cx != cy {
                let moved = sets[cy].take().unwrap_or_default();
                let into = sets[cx].get_or_insert_with(Vec::new);
                for z in &moved {
                    if !into.contains(z) {
                        into.push(*z);
                    }
                }
                for z in moved {
                    comp[z] = cx;
                }
            }
        }
        let order = sets.into_iter().flatten().next().unwrap_or_default();
        let mut ws: Vec<i64> = order.iter().map(|&v| vs[v].w).collect();
        ws.sort();
        let minw = ws.first().copied().unwrap_or(2);
        Layout {
            vs,
            es,
            order,
            layers: Vec::new(),
            unit: Vec::new(),
            dirh: 1,
            dirv: -1,
            xspace: minw as f64,
            yspace: BOX_HEIGHT as f64,
            conflicts: HashSet::new(),
        }
    }

    fn e_in(&self, v: usize) -> Vec<usize> {
        self.vs[v]
            .edges
            .iter()
            .copied()
            .filter(|&e| self.es[e].v.1 == v)
            .collect()
    }

    fn e_out(&self, v: usize) -> Vec<usize> {
        self.vs[v]
            .edges
            .iter()
            .copied()
            .filter(|&e| self.es[e].v.0 == v)
            .collect()
    }

    /// Graph neighbours: the tails of in-edges (-1) or the heads of out-edges (+1).
    fn graph_n(&self, v: usize, d: i64) -> Vec<usize> {
        if d < 0 {
            self.e_in(v).iter().map(|&e| self.es[e].v.0).collect()
        } else {
            self.e_out(v).iter().map(|&e| self.es[e].v.1).collect()
        }
    }

    /// Ranks by longest path from the roots, then vertices pushed down next to their
    /// nearest successor.
    fn rank(&mut self) {
        let roots: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&v| self.e_in(v).is_empty())
            .collect();
        let mut scanned: HashSet<usize> = HashSet::new();
        let mut unranked = roots;
        while !unranked.is_empty() {
            let mut next: Vec<usize> = Vec::new();
            for &v in &unranked {
                let r = self
                    .graph_n(v, -1)
                    .iter()
                    .map(|&x| self.vs[x].rank as i64)
                    .max()
                    .unwrap_or(-1)
                    + 1;
                let r = r as usize;
                self.vs[v].rank = r;
                if r < self.layers.len() {
                    self.layers[r].push(v);
                } else {
                    self.layers.push(vec![v]);
                }
                scanned.extend(self.e_out(v));
                for x in self.graph_n(v, 1) {
                    if self.e_in(x).iter().all(|e| scanned.contains(e)) && !next.contains(&x) {
                        next.push(x);
                    }
                }
            }
            unranked = next;
        }
        for li in (0..self.layers.len()).rev() {
            let mut i = 0;
            while i < self.layers[li].len() {
                let v = self.layers[li][i];
                let rv = self.vs[v].rank;
                for x in self.graph_n(v, -1) {
                    if self.graph_n(x, 1).iter().all(|&y| self.vs[y].rank >= rv) {
                        let rx = self.vs[x].rank;
                        if let Some(p) = self.layers[rx].iter().position(|&z| z == x) {
                            self.layers[rx].remove(p);
                        }
                        self.vs[x].rank = rv - 1;
                        self.layers[rv - 1].push(x);
                    }
                }
                i += 1;
            }
        }
    }

    /// A dummy vertex on every layer a long edge crosses.
    fn set_dummies(&mut self, e: usize) {
        let (v0, v1) = self.es[e].v;
        let (r0, r1) = (self.vs[v0].rank, self.vs[v1].rank);
        if r1 <= r0 + 1 {
            return;
        }
        let mut ws: Vec<i64> = self.order.iter().map(|&v| self.vs[v].w).collect();
        ws.sort();
        let dw = ws[ws.len() / 2];
        let mut ctrl = BTreeMap::from([(r0, v0), (r1, v1)]);
        for r in r0 + 1..r1 {
            let id = self.vs.len();
            self.vs.push(Vertex {
                data: String::new(),
                w: dw,
                h: BOX_HEIGHT,
                xy: (0.0, 0.0),
                dummy: true,
                edges: Vec::new(),
                ctrl: Some(e),
                rank: r,
                pos: 0,
                bar: 0.0,
                nvs: [Vec::new(), Vec::new()],
                root: id,
                align: id,
                sink: id,
                shift: f64::INFINITY,
                big_x: None,
                x: [0.0; 4],
            });
            ctrl.insert(r, id);
            self.layers[r].push(id);
        }
        self.es[e].ctrl = Some(ctrl);
    }

    /// Each vertex's neighbours in the layers above and below (dummies for long edges).
    fn neighbours(&mut self) {
        for v in 0..self.vs.len() {
            let rank = self.vs[v].rank;
            let mut nvs: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
            for d in [-1i64, 1] {
                let tr = rank as i64 + d;
                if let Some(e) = self.vs[v].ctrl {
                    let ctrl = self.es[e]
                        .ctrl
                        .as_ref()
                        .expect("a dummy's edge has controls");
                    if tr >= 0 {
                        nvs[dir_index(d)].extend(ctrl.get(&(tr as usize)).copied());
                    }
                    continue;
                }
                let mut n = self.graph_n(v, d);
                for slot in n.iter_mut() {
                    let x = *slot;
                    if self.vs[x].rank as i64 == tr {
                        continue;
                    }
                    let with = self.vs[v]
                        .edges
                        .iter()
                        .copied()
                        .find(|&e| self.es[e].v.0 == x || self.es[e].v.1 == x);
                    if let Some(c) = with.and_then(|e| self.es[e].ctrl.as_ref()) {
                        if let Some(&dum) = c.get(&(tr as usize)) {
                            *slot = dum;
                        }
                    }
                }
                nvs[dir_index(d)] = n;
            }
            self.vs[v].nvs = nvs;
        }
    }

    fn setup_layers(&mut self) {
        self.unit = self
            .layers
            .iter()
            .map(|l| {
                if l.len() > 1 {
                    1.0 / (l.len() - 1) as f64
                } else {
                    1.0
                }
            })
            .collect();
        for (r, l) in self.layers.iter().enumerate() {
            for (i, &v) in l.iter().enumerate() {
                self.vs[v].pos = i;
                self.vs[v].bar = i as f64 * self.unit[r];
            }
        }
    }

    /// Each edge through its dummies, its ends moved to where it leaves the boxes.
    fn route_edges(&mut self) {
        for e in 0..self.es.len() {
            let (v0, v1) = self.es[e].v;
            let mut pts = vec![self.vs[v0].xy];
            if let Some(ctrl) = &self.es[e].ctrl {
                let (r0, r1) = (self.vs[v0].rank, self.vs[v1].rank);
                pts.extend((r0 + 1..r1).map(|r| self.vs[ctrl[&r]].xy));
            }
            pts.push(self.vs[v1].xy);
            let n = pts.len();
            let tail = intersect_box(self.vs[v0].xy, self.vs[v0].w, self.vs[v0].h, pts[1]);
            let head = intersect_box(self.vs[v1].xy, self.vs[v1].w, self.vs[v1].h, pts[n - 2]);
            pts[0] = tail;
            pts[n - 1] = head;
            self.es[e].pts = pts;
        }
    }

    fn canvas(&self) -> String {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for &v in &self.order {
            let vx = &self.vs[v];
            xs.push(vx.xy.0 - vx.w as f64 / 2.0);
            xs.push(vx.xy.0 + vx.w as f64 / 2.0);
            ys.push(vx.xy.1);
            ys.push(vx.xy.1 + vx.h as f64);
        }
        for e in &self.es {
            for &(x, y) in &e.pts {
                xs.push(x);
                ys.push(y);
            }
        }
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (minx, miny, maxx, maxy) = (min(&xs), min(&ys), max(&xs), max(&ys));
        let cols = (maxx.ceil() - minx.floor()).ceil() as usize + 1;
        let lines = py_round(maxy - miny).max(0) as usize;
        let mut c = Canvas {
            cells: vec![vec![' '; cols]; lines],
        };
        for e in &self.es {
            for w in e.pts.windows(2) {
                let (s, t) = (w[0], w[1]);
                c.line(
                    py_round(s.0 - minx),
                    py_round(s.1 - miny),
                    py_round(t.0 - minx),
                    py_round(t.1 - miny),
                );
            }
        }
        for &v in &self.order {
            let vx = &self.vs[v];
            let x = py_round(vx.xy.0 - vx.w as f64 / 2.0 - minx);
            let y = py_round(vx.xy.1 - miny);
            c.boxed(x, y, vx.w, vx.h);
            for (i, ch) in vx.data.chars().enumerate() {
                c.point(x + 1 + i as i64, y + 1, ch);
            }
        }
        c.cells
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::draw;

    /// Drawings made by DVC 3.67.1 (`dvc.dagascii.draw`, grandalf 0.8) of the same graphs.
    const CASES: &str = include_str!("../../tests/data/dag_ascii.json");

    #[test]
    fn draws_what_dvc_draws() {
        let cases: Vec<serde_json::Value> = serde_json::from_str(CASES).unwrap();
        assert!(cases.len() >= 5, "the recorded drawings are there");
        for c in cases {
            let labels: Vec<String> = c["v"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            let at = |s: &serde_json::Value| {
                labels
                    .iter()
                    .position(|l| l == s.as_str().unwrap())
                    .unwrap()
            };
            let edges: Vec<(usize, usize)> = c["e"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (at(&e[0]), at(&e[1])))
                .collect();
            let want = c["ascii"].as_str().unwrap();
            assert_eq!(draw(&labels, &edges), want, "{labels:?}\nwant:\n{want}");
        }
    }
}
