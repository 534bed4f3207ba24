//! DVC's ASCII canvas: `*` lines between points, `+-|` boxes, text; and where an edge leaves
//! a box (grandalf's `intersectR`). Coordinates are rounded as Python rounds (half to even).

/// Python's `round()` of a float.
pub fn py_round(v: f64) -> i64 {
    v.round_ties_even() as i64
}

/// Where the line from a box's centre to `to` leaves the box.
pub fn intersect_box(xy: (f64, f64), w: i64, h: i64, to: (f64, f64)) -> (f64, f64) {
    let (x2, y2) = (to.0 - xy.0, to.1 - xy.1);
    let (bx2, by2) = ((w.div_euclid(2)) as f64, (h.div_euclid(2)) as f64);
    let (bx1, by1) = (-bx2, -by2);
    let sides = [
        ((bx1, by1), (bx2, by1)),
        ((bx2, by1), (bx2, by2)),
        ((bx1, by2), (bx2, by2)),
        ((bx1, by2), (bx1, by1)),
    ];
    for (p3, p4) in sides {
        if let Some((x, y)) = intersect_lines((0.0, 0.0), (x2, y2), p3, p4) {
            return (x + xy.0, y + xy.1);
        }
    }
    to
}

fn intersect_lines(
    p1: (f64, f64),
    p2: (f64, f64),
    p3: (f64, f64),
    p4: (f64, f64),
) -> Option<(f64, f64)> {
    let b = (p2.0 - p1.0, p2.1 - p1.1);
    let d = (p4.0 - p3.0, p4.1 - p3.1);
    let det = b.0 * d.1 - b.1 * d.0;
    if det == 0.0 {
        return None;
    }
    let c = (p3.0 - p1.0, p3.1 - p1.1);
    let t = (c.0 * b.1 - c.1 * b.0) / det;
    if !(0.0..=1.0).contains(&t) {
        return None;
    }
    let t = (c.0 * d.1 - c.1 * d.0) / det;
    if !(0.0..=1.0).contains(&t) {
        return None;
    }
    Some((p1.0 + t * b.0, p1.1 + t * b.1))
}

pub struct Canvas {
    pub cells: Vec<Vec<char>>,
}

impl Canvas {
    pub fn point(&mut self, x: i64, y: i64, ch: char) {
        if x < 0 || y < 0 {
            return;
        }
        if let Some(cell) = self
            .cells
            .get_mut(y as usize)
            .and_then(|l| l.get_mut(x as usize))
        {
            *cell = ch;
        }
    }

    pub fn line(&mut self, mut x0: i64, mut y0: i64, mut x1: i64, mut y1: i64) {
        if x0 > x1 {
            (x0, x1) = (x1, x0);
            (y0, y1) = (y1, y0);
        }
        let (dx, dy) = (x1 - x0, y1 - y0);
        if dx == 0 && dy == 0 {
            self.point(x0, y0, '*');
        } else if dx.abs() >= dy.abs() {
            for x in x0..=x1 {
                let y = y0 + py_round(((x - x0) * dy) as f64 / dx as f64);
                self.point(x, y, '*');
            }
        } else if y0 < y1 {
            for y in y0..=y1 {
                let x = x0 + py_round(((y - y0) * dx) as f64 / dy as f64);
                self.point(x, y, '*');
            }
        } else {
            for y in y1..=y0 {
                let x = x1 + py_round(((y - y1) * dx) as f64 / dy as f64);
                self.point(x, y, '*');
            }
        }
    }

    pub fn boxed(&mut self, x0: i64, y0: i64, w: i64, h: i64) {
        let (w, h) = (w - 1, h - 1);
        for x in x0..x0 + w {
            self.point(x, y0, '-');
            self.point(x, y0 + h, '-');
        }
        for y in y0..y0 + h {
            self.point(x0, y, '|');
            self.point(x0 + w, y, '|');
        }
        for (x, y) in [(x0, y0), (x0 + w, y0), (x0, y0 + h), (x0 + w, y0 + h)] {
            self.point(x, y, '+');
        }
    }
}
