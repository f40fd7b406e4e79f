//! Coordinate helpers: placing a column's nodes as close as possible to where their flows
//! want them without changing their order or letting them overlap, and sharing a channel
//! between two columns among the vertical runs of the flows that jog there.

/// Positions for a column's nodes in order: as close as possible (weighted least squares) to
/// `desired`, with node `i + 1` at least `gaps[i]` below node `i`. Pool-adjacent-violators on
/// the positions shifted by the cumulative gaps, which turns the gaps into plain ordering.
pub(super) fn pack(desired: &[f32], weights: &[f32], gaps: &[f32]) -> Vec<f32> {
    let n = desired.len();
    let mut shift = Vec::with_capacity(n);
    let mut acc = 0.0;
    for i in 0..n {
        shift.push(acc);
        acc += gaps.get(i).copied().unwrap_or(0.0);
    }
    // Blocks of (weighted mean, total weight, count).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let w = weights.get(i).copied().unwrap_or(1.0).max(1e-3);
        blocks.push((desired[i] - shift[i], w, 1));
        while blocks.len() >= 2 {
            let last = blocks[blocks.len() - 1];
            let prev = blocks[blocks.len() - 2];
            if prev.0 <= last.0 {
                break;
            }
            let w = prev.1 + last.1;
            let merged = ((prev.0 * prev.1 + last.0 * last.1) / w, w, prev.2 + last.2);
            blocks.pop();
            if let Some(b) = blocks.last_mut() {
                *b = merged;
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (mean, _, count) in blocks {
        for _ in 0..count {
            let i = out.len();
            out.push(mean + shift[i]);
        }
    }
    out
}

/// A vertical run a flow needs in a channel: from `from_y` (on the left column's side) to
/// `to_y` (on the right column's side).
#[derive(Debug, Clone, Copy)]
pub(super) struct Jog {
    pub from_y: f32,
    pub to_y: f32,
}

/// Space kept between two vertical runs that would otherwise touch.
const TOUCH: f32 = 6.0;

/// Tracks (0 = leftmost) for `jogs` so that runs whose spans overlap never share one, ordered
/// so runs going the same way do not cross: of two runs going down, the one starting lower
/// goes left; of two going up, the one starting higher goes left. Returns the track of each
/// jog and how many tracks there are.
pub(super) fn tracks(jogs: &[Jog]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..jogs.len()).collect();
    let key = |j: &Jog| {
        if j.to_y >= j.from_y {
            (0u8, -j.from_y)
        } else {
            (1u8, j.from_y)
        }
    };
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(&jogs[a]), key(&jogs[b]));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(a.cmp(&b))
    });
    let mut track = vec![0usize; jogs.len()];
    let mut placed: Vec<usize> = Vec::new();
    let mut count = 0;
    for &j in &order {
        let (lo, hi) = span(&jogs[j]);
        let t = placed
            .iter()
            .filter(|&&p| {
                let (plo, phi) = span(&jogs[p]);
                plo <= hi + TOUCH && lo <= phi + TOUCH
            })
            .map(|&p| track[p] + 1)
            .max()
            .unwrap_or(0);
        track[j] = t;
        count = count.max(t + 1);
        placed.push(j);
    }
    (track, count)
}

fn span(j: &Jog) -> (f32, f32) {
    (j.from_y.min(j.to_y), j.from_y.max(j.to_y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_order_and_gaps_and_otherwise_takes_the_wish() {
        let y = pack(&[0.0, 0.0, 100.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert_eq!(y, vec![-5.0, 5.0, 100.0]);
        let y = pack(&[50.0, 0.0], &[1.0, 1.0], &[20.0]);
        assert_eq!(y, vec![15.0, 35.0]);
    }

    #[test]
    fn overlapping_runs_get_their_own_tracks() {
        let jogs = [
            Jog {
                from_y: 0.0,
                to_y: 100.0,
            },
            Jog {
                from_y: 50.0,
                to_y: 150.0,
            },
            Jog {
                from_y: 300.0,
                to_y: 400.0,
            },
        ];
        let (t, n) = tracks(&jogs);
        assert_eq!(n, 2);
        // The run starting lower goes left.
        assert!(t[1] < t[0]);
        assert_eq!(t[2], 0);
    }
}
