//! Crossing reduction: the order of the nodes in each column. Barycenter sweeps alternate
//! left-to-right and right-to-left, each followed by swaps of neighbours that remove crossings
//! (Gansner et al.'s "transpose"); the best order seen is kept. The border ports' columns are
//! ordered by what lies outside: fixed where the outside already decided, or reordered only
//! among ports whose outside ends tie.

/// How many sweeps at most, and how many without improvement before giving up.
const MAX_SWEEPS: usize = 48;
const PATIENCE: usize = 12;

/// How a column may be reordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Freedom {
    /// Any order.
    Free,
    /// Kept as given.
    Fixed,
    /// Kept sorted by each node's group; free among nodes of one group.
    Grouped,
}

/// The order of nodes in columns, with the links between neighbouring columns.
pub(super) struct Ordering<'a> {
    /// Node indices per column, in order (changed in place).
    pub layers: &'a mut [Vec<usize>],
    /// How each column may be reordered.
    pub freedom: &'a [Freedom],
    /// The group of each node (read in `Grouped` columns).
    pub group: &'a [f32],
    /// `(left, right)`: the right node is in the column after the left node's.
    pub links: &'a [(usize, usize)],
    /// The column of every node.
    pub layer_of: &'a [usize],
}

impl Ordering<'_> {
    /// Reorders the columns to reduce crossings; returns how many are left. Sweeps by
    /// barycenter and by median, from the given order and from it reversed, starting
    /// rightward and leftward; the best result wins (the first on ties, so the result depends
    /// on nothing but the input).
    pub fn reduce(&mut self) -> usize {
        let start = self.layers.to_vec();
        let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
        let mut variants = Vec::new();
        for first_leftward in [false, true] {
            for reversed in [false, true] {
                for median in [false, true] {
                    variants.push((median, reversed, first_leftward));
                }
            }
        }
        for (median, reversed, first_leftward) in variants {
            for (i, (l, s)) in self.layers.iter_mut().zip(&start).enumerate() {
                *l = s.clone();
                // Port columns keep the order outside gave them.
                let free = self.freedom.get(i).copied().unwrap_or(Freedom::Free) == Freedom::Free;
                if reversed && free {
                    l.reverse();
                }
            }
            let c = self.sweeps(median, first_leftward);
            if best.as_ref().is_none_or(|(b, _)| c < *b) {
                best = Some((c, self.layers.to_vec()));
            }
            if c == 0 {
                break;
            }
        }
        let (count, layers) = best.unwrap_or((0, start));
        for (l, b) in self.layers.iter_mut().zip(layers) {
            *l = b;
        }
        count
    }

    fn sweeps(&mut self, median: bool, first_leftward: bool) -> usize {
        let n = self.layer_of.len();
        let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in self.links {
            down[a].push(b);
            up[b].push(a);
        }
        let mut pos = vec![0usize; n];
        self.index(&mut pos);
        let mut best = self.layers.to_vec();
        let mut best_count = self.crossings(&pos);
        let mut stale = 0;
        for sweep in 0..MAX_SWEEPS {
            if best_count == 0 {
                break;
            }
            let rightward = (sweep % 2 == 0) != first_leftward;
            let count = self.layers.len();
            for step in 0..count {
                let l = if rightward { step } else { count - 1 - step };
                if self.freedom(l) == Freedom::Fixed {
                    continue;
                }
                let neighbours = if rightward { &up } else { &down };
                self.sort_by_barycenter(l, neighbours, &mut pos, median);
            }
            self.transpose(&up, &down, &mut pos);
            let c = self.crossings(&pos);
            if c < best_count {
                best_count = c;
                best = self.layers.to_vec();
                stale = 0;
            } else {
                stale += 1;
                if stale >= PATIENCE {
                    break;
                }
            }
        }
        for (l, b) in self.layers.iter_mut().zip(best) {
            *l = b;
        }
        best_count
    }

    fn freedom(&self, l: usize) -> Freedom {
        self.freedom.get(l).copied().unwrap_or(Freedom::Free)
    }

    fn index(&self, pos: &mut [usize]) {
        for layer in self.layers.iter() {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i;
            }
        }
    }

    /// Sorts column `l` by the mean position of each node's neighbours in the adjacent column;
    /// a node without neighbours there keeps its place.
    fn sort_by_barycenter(&mut self, l: usize, neighbours: &[Vec<usize>], pos: &mut [usize], median: bool) {
        let own_len = self.layers[l].len().max(1) as f32;
        let mut keyed: Vec<(f32, usize, usize)> = self.layers[l]
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let ns = &neighbours[v];
                let key = if ns.is_empty() {
                    (i as f32 + 0.5) / own_len
                } else if median {
                    let mut ps: Vec<usize> = ns.iter().map(|&u| pos[u]).collect();
                    ps.sort_unstable();
                    let m = if ps.len() % 2 == 1 {
                        ps[ps.len() / 2] as f32
                    } else {
                        (ps[ps.len() / 2 - 1] + ps[ps.len() / 2]) as f32 / 2.0
                    };
                    (m + 0.5) / self.layers_len_of(ns[0])
                } else {
                    let sum: f32 = ns.iter().map(|&u| pos[u] as f32 + 0.5).sum();
                    let other_len = self.layers_len_of(ns[0]);
                    sum / ns.len() as f32 / other_len
                };
                (key, i, v)
            })
            .collect();
        let grouped = self.freedom(l) == Freedom::Grouped;
        let group = |v: usize| {
            if grouped {
                self.group.get(v).copied().unwrap_or(0.0)
            } else {
                0.0
            }
        };
        keyed.sort_by(|a, b| {
            group(a.2)
                .total_cmp(&group(b.2))
                .then(a.0.total_cmp(&b.0))
                .then(a.1.cmp(&b.1))
        });
        let layer = &mut self.layers[l];
        for (i, (_, _, v)) in keyed.into_iter().enumerate() {
            layer[i] = v;
            pos[v] = i;
        }
    }

    fn layers_len_of(&self, v: usize) -> f32 {
        self.layers
            .get(self.layer_of[v])
            .map(|l| l.len().max(1) as f32)
            .unwrap_or(1.0)
    }

    /// Swaps neighbours in a column while that removes crossings.
    fn transpose(&mut self, up: &[Vec<usize>], down: &[Vec<usize>], pos: &mut [usize]) {
        for _ in 0..4 {
            let mut improved = false;
            for l in 0..self.layers.len() {
                let freedom = self.freedom(l);
                if freedom == Freedom::Fixed {
                    continue;
                }
                for i in 0..self.layers[l].len().saturating_sub(1) {
                    let (u, v) = (self.layers[l][i], self.layers[l][i + 1]);
                    if freedom == Freedom::Grouped && self.group.get(u) != self.group.get(v) {
                        continue;
                    }
                    let keep = pair_crossings(&up[u], &up[v], pos) + pair_crossings(&down[u], &down[v], pos);
                    let swap = pair_crossings(&up[v], &up[u], pos) + pair_crossings(&down[v], &down[u], pos);
                    if swap < keep {
                        self.layers[l].swap(i, i + 1);
                        pos[u] = i + 1;
                        pos[v] = i;
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// Crossings between all neighbouring columns.
    pub fn crossings(&self, pos: &[usize]) -> usize {
        let mut by_gap: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.layers.len()];
        for &(a, b) in self.links {
            if let Some(g) = by_gap.get_mut(self.layer_of[a]) {
                g.push((pos[a], pos[b]));
            }
        }
        by_gap
            .iter_mut()
            .enumerate()
            .map(|(l, pairs)| {
                let width = self.layers.get(l + 1).map(Vec::len).unwrap_or(0);
                inversions(pairs, width)
            })
            .sum()
    }
}

/// Crossings between the links of `u` (left) and those of `v` (right of `u`) to one
/// neighbouring column.
fn pair_crossings(u: &[usize], v: &[usize], pos: &[usize]) -> usize {
    let mut c = 0;
    for &a in u {
        for &b in v {
            if pos[a] > pos[b] {
                c += 1;
            }
        }
    }
    c
}

/// Crossings among links given as `(left position, right position)`: pairs out of order on
/// the right once sorted on the left (Barth, Mutzel and Jünger's accumulator tree).
fn inversions(pairs: &mut [(usize, usize)], width: usize) -> usize {
    pairs.sort_unstable();
    let mut tree = vec![0usize; width + 1];
    let mut count = 0;
    for (seen, &(_, b)) in pairs.iter().enumerate() {
        // Earlier links that end strictly right of b cross this one.
        let mut le = 0;
        let mut i = b + 1;
        while i > 0 {
            le += tree[i];
            i -= i & i.wrapping_neg();
        }
        count += seen - le;
        let mut i = b + 1;
        while i <= width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_crossed_links_are_uncrossed() {
        // Column 0: nodes 0, 1; column 1: nodes 2, 3; links 0-3 and 1-2 cross.
        let mut layers = vec![vec![0, 1], vec![2, 3]];
        let links = [(0, 3), (1, 2)];
        let layer_of = [0, 0, 1, 1];
        let mut o = Ordering {
            layers: &mut layers,
            freedom: &[Freedom::Fixed, Freedom::Free],
            group: &[0.0; 4],
            links: &links,
            layer_of: &layer_of,
        };
        assert_eq!(o.reduce(), 0);
        assert_eq!(layers, vec![vec![0, 1], vec![3, 2]]);
    }

    #[test]
    fn inversions_count_crossing_pairs() {
        assert_eq!(inversions(&mut [(0, 2), (1, 1), (2, 0)], 3), 3);
        assert_eq!(inversions(&mut [(0, 0), (0, 1), (1, 1)], 2), 0);
    }
}
