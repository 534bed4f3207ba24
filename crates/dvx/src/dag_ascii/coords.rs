//! Horizontal coordinates by Brandes & Köpf (four alignments, up/down and left/right, and the
//! mean of the two medians), vertical ones layer by layer, as grandalf places them.

use super::Layout;

impl Layout {
    fn set_dirvh(&mut self, dirvh: usize) {
        (self.dirh, self.dirv) = [(1, -1), (-1, -1), (1, 1), (-1, 1)][dirvh];
    }

    pub(super) fn set_xy(&mut self) {
        self.detect_conflicts();
        self.reset_blocks();
        for l in &self.layers {
            for &v in l {
                self.vs[v].x = [0.0; 4];
            }
        }
        for dirvh in 0..4 {
            self.set_dirvh(dirvh);
            self.vertical_alignment();
            self.horizontal_compact(dirvh);
        }
        self.set_dirvh(0);
        let mut y = 0.0;
        for l in &self.layers {
            let dy = l
                .iter()
                .map(|&v| self.vs[v].h as f64 / 2.0)
                .fold(f64::NEG_INFINITY, f64::max);
            for &v in l {
                let mut vx = self.vs[v].x;
                vx.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
                self.vs[v].xy = ((vx[1] + vx[2]) / 2.0, y + dy);
            }
            y += 2.0 * dy + self.yspace;
        }
    }

    /// Marks edges that cross an inner segment (between dummies), as grandalf does it.
    fn detect_conflicts(&mut self) {
        self.set_dirvh(0);
        self.conflicts.clear();
        for r in 0..self.layers.len() {
            let Some(prev) = self.prev_layer(r) else {
                continue;
            };
            let layer = self.layers[r].clone();
            let last = layer.len() - 1;
            let mut k0 = 0;
            let k1_init = self.layers[prev].len() - 1;
            let mut l = 0;
            for (l1, &v) in layer.iter().enumerate() {
                if !self.vs[v].dummy {
                    continue;
                }
                let upper = self.vs[v].nvs[0].clone();
                let inner = upper.iter().any(|&x| self.vs[x].dummy);
                if l1 == last || inner {
                    let mut k1 = k1_init;
                    if inner {
                        k1 = self.vs[*upper.last().expect("inner")].pos;
                    }
                    for &vl in &layer[l..=l1] {
                        for vk in self.n(vl).to_vec() {
                            let k = self.vs[vk].pos;
                            if k < k0 || k > k1 {
                                self.conflicts.insert((vk, vl));
                            }
                        }
                    }
                    l = l1 + 1;
                    k0 = k1;
                }
            }
        }
    }

    fn layer_order(&self) -> Vec<usize> {
        let mut rs: Vec<usize> = (0..self.layers.len()).collect();
        if self.dirv == 1 {
            rs.reverse();
        }
        rs
    }

    fn in_dirh(&self, r: usize) -> Vec<usize> {
        let mut l = self.layers[r].clone();
        if self.dirh == -1 {
            l.reverse();
        }
        l
    }

    fn median_index(&self, v: usize) -> Vec<usize> {
        let mut pos: Vec<usize> = self.n(v).iter().map(|&x| self.vs[x].pos).collect();
        if pos.is_empty() {
            return Vec::new();
        }
        pos.sort();
        if self.dirh == -1 {
            pos.reverse();
        }
        let (i, j) = ((pos.len() - 1) / 2, (pos.len() - 1) % 2);
        if j == 0 {
            vec![pos[i]]
        } else {
            vec![pos[i], pos[i + j]]
        }
    }

    fn vertical_alignment(&mut self) {
        for r in self.layer_order() {
            let Some(prev) = self.prev_layer(r) else {
                continue;
            };
            let mut last: Option<i64> = None;
            for vk in self.in_dirh(r) {
                for m in self.median_index(vk) {
                    let um = self.layers[prev][m];
                    if self.vs[vk].align != vk {
                        continue;
                    }
                    let pair = if self.dirv == 1 { (vk, um) } else { (um, vk) };
                    let m = m as i64;
                    if !self.conflicts.contains(&pair)
                        && last.is_none_or(|r| self.dirh * r < self.dirh * m)
                    {
                        self.vs[um].align = vk;
                        self.vs[vk].root = self.vs[um].root;
                        self.vs[vk].align = self.vs[vk].root;
                        last = Some(m);
                    }
                }
            }
        }
    }

    fn place_block(&mut self, v: usize) {
        if self.vs[v].big_x.is_some() {
            return;
        }
        self.vs[v].big_x = Some(0.0);
        let mut w = v;
        loop {
            let j = self.vs[w].pos as i64 - self.dirh;
            let r = self.vs[w].rank;
            if j >= 0 && (j as usize) < self.layers[r].len() {
                let wprec = self.layers[r][j as usize];
                let delta = self.xspace + (self.vs[wprec].w + self.vs[w].w) as f64 / 2.0;
                let u = self.vs[wprec].root;
                self.place_block(u);
                if self.vs[v].sink == v {
                    self.vs[v].sink = self.vs[u].sink;
                }
                let (xv, xu) = (
                    self.vs[v].big_x.unwrap_or(0.0),
                    self.vs[u].big_x.unwrap_or(0.0),
                );
                if self.vs[v].sink != self.vs[u].sink {
                    let s = self.vs[u].sink;
                    let shift = xv - (xu + delta);
                    self.vs[s].shift = self.vs[s].shift.min(shift);
                } else {
                    self.vs[v].big_x = Some(xv.max(xu + delta));
                }
            }
            w = self.vs[w].align;
            if w == v {
                break;
            }
        }
    }

    fn horizontal_compact(&mut self, dirvh: usize) {
        let order = self.layer_order();
        for &r in &order {
            for v in self.in_dirh(r) {
                if self.vs[v].root == v {
                    self.place_block(v);
                }
            }
        }
        if self.dirh == -1 {
            for &r in &order {
                for i in 0..self.layers[r].len() {
                    let v = self.layers[r][i];
                    if let Some(x) = self.vs[v].big_x.filter(|x| *x != 0.0) {
                        self.vs[v].big_x = Some(-x);
                    }
                }
            }
        }
        for &r in &order {
            for v in self.in_dirh(r) {
                let root = self.vs[v].root;
                let mut x = self.vs[root].big_x.unwrap_or(0.0);
                let s = self.vs[self.vs[root].sink].shift;
                if s < f64::INFINITY {
                    x += self.dirh as f64 * s;
                }
                self.vs[v].x[dirvh] = x;
            }
        }
        self.reset_blocks();
    }

    /// Every vertex a block of its own, unplaced.
    fn reset_blocks(&mut self) {
        for l in &self.layers {
            for &v in l {
                let vx = &mut self.vs[v];
                (vx.root, vx.align, vx.sink) = (v, v, v);
                vx.shift = f64::INFINITY;
                vx.big_x = None;
            }
        }
    }
}
