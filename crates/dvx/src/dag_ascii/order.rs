//! Ordering the vertices of each layer: barycenter sweeps down and up, then one pass of
//! neighbour swaps that cross less, counting crossings as grandalf counts them.

use super::{dir_index, Layout};

impl Layout {
    pub(super) fn n(&self, v: usize) -> &[usize] {
        &self.vs[v].nvs[dir_index(self.dirv)]
    }

    /// The layer the current sweep comes from.
    pub(super) fn prev_layer(&self, r: usize) -> Option<usize> {
        let p = if self.dirv == 1 {
            (r + 1 < self.layers.len()).then_some(r + 1)
        } else {
            r.checked_sub(1)
        };
        p.filter(|&p| !self.layers[p].is_empty())
    }

    fn next_layer(&self, r: usize) -> Option<usize> {
        let p = if self.dirv == -1 {
            (r + 1 < self.layers.len()).then_some(r + 1)
        } else {
            r.checked_sub(1)
        };
        p.filter(|&p| !self.layers[p].is_empty())
    }

    /// Crossings between a layer and the one the sweep comes from (insertion counting).
    fn crossings(&self, r: usize) -> usize {
        let mut p: Vec<usize> = Vec::new();
        for &v in &self.layers[r] {
            let mut pos: Vec<usize> = self.n(v).iter().map(|&x| self.vs[x].pos).collect();
            pos.sort();
            p.extend(pos);
        }
        let mut s: Vec<usize> = Vec::new();
        let mut count = 0;
        for (i, &x) in p.iter().enumerate() {
            let j = s.partition_point(|&y| y <= x);
            if j < i {
                count += i - j;
            }
            s.insert(j, x);
        }
        count
    }

    fn order_layer(&mut self, r: usize) -> usize {
        let mut c = self.crossings(r);
        if c > 0 {
            for i in 0..self.layers[r].len() {
                let v = self.layers[r][i];
                let bars: Vec<f64> = self.n(v).iter().map(|&x| self.vs[x].bar).collect();
                if self.prev_layer(r).is_some() && !bars.is_empty() {
                    self.vs[v].bar = bars.iter().sum::<f64>() / bars.len() as f64;
                }
            }
            let mut layer = std::mem::take(&mut self.layers[r]);
            layer.sort_by(|a, b| {
                self.vs[*a]
                    .bar
                    .partial_cmp(&self.vs[*b].bar)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            self.layers[r] = layer;
            c = self.reduce_crossings(r);
            for i in 0..self.layers[r].len() {
                let v = self.layers[r][i];
                self.vs[v].pos = i;
                self.vs[v].bar = i as f64 * self.unit[r];
            }
        }
        c
    }

    /// One pass of swaps of neighbours that cross less the other way round.
    fn reduce_crossings(&mut self, r: usize) -> usize {
        let mut total = 0;
        for i in 0..self.layers[r].len().saturating_sub(1) {
            let (vi, vj) = (self.layers[r][i], self.layers[r][i + 1]);
            let ni: Vec<f64> = self.n(vi).iter().map(|&x| self.vs[x].bar).collect();
            let (mut xij, mut xji) = (0, 0);
            for &nj in self.n(vj) {
                let b = self.vs[nj].bar;
                let x = ni.iter().filter(|&&n| n > b).count();
                xij += x;
                xji += ni.len() - x;
            }
            if xji < xij {
                self.layers[r].swap(i, i + 1);
                total += xji;
            } else {
                total += xij;
            }
        }
        total
    }

    pub(super) fn ordering_step(&mut self, oneway: bool) {
        self.dirv = -1;
        let mut crossings = 0;
        for r in 0..self.layers.len() {
            crossings += self.order_layer(r);
        }
        if oneway || crossings == 0 || self.layers.is_empty() {
            return;
        }
        self.dirv = 1;
        let mut l = Some(self.layers.len() - 1).filter(|&r| !self.layers[r].is_empty());
        while let Some(r) = l {
            self.order_layer(r);
            l = self.next_layer(r);
        }
    }
}
