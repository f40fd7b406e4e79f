//! Layer assignment: which column each node goes in. Cycles are broken by a depth-first search
//! that starts at the sources (so a request runs left to right and its reply closes the cycle),
//! then every node sits one column after its furthest predecessor, sources are pulled next to
//! their first successor, and empty columns are dropped.

/// Which `edges` (`(from, to)` between `n` nodes) close a cycle, found by a depth-first search
/// from the nodes without incoming edges first, then from `starts` in order.
pub(super) fn back_edges(n: usize, edges: &[(usize, usize)], starts: &[usize]) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (i, &(u, v)) in edges.iter().enumerate() {
        if u != v {
            out[u].push(i);
            indegree[v] += 1;
        }
    }
    let mut order: Vec<usize> = starts.iter().copied().filter(|&s| indegree[s] == 0).collect();
    order.extend(starts.iter().copied().filter(|&s| indegree[s] != 0));
    // 0: not seen, 1: on the stack, 2: done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for start in order {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(top) = stack.last_mut() {
            let (v, k) = *top;
            match out[v].get(k) {
                Some(&e) => {
                    top.1 += 1;
                    let w = edges[e].1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => back[e] = true,
                        _ => {}
                    }
                }
                None => {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }
    back
}

/// Nodes in topological order of the acyclic `edges` (sources first, ties by index).
fn topological(n: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(u, v) in edges {
        if u != v {
            succ[u].push(v);
            pred[v].push(u);
            indegree[v] += 1;
        }
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &w in &succ[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.insert(w);
            }
        }
    }
    // Left over only if the edges were not acyclic after all: append them in index order.
    if order.len() < n {
        let mut seen = vec![false; n];
        order.iter().for_each(|&v| seen[v] = true);
        order.extend((0..n).filter(|&v| !seen[v]));
    }
    (order, succ, pred)
}

/// The longest chain of acyclic `edges` leading to each of `n` nodes (0 for sources).
pub(super) fn longest_path(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let (order, succ, _) = topological(n, edges);
    let mut layer = vec![0usize; n];
    for &v in &order {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    layer
}

/// Columns (1-based, no empty column between 1 and the last) of `n` nodes joined by `edges`
/// (reading direction, may hold cycles). `starts` orders the search that breaks cycles.
/// Returns the columns and which edges were turned round to break cycles.
pub(super) fn columns(n: usize, edges: &[(usize, usize)], starts: &[usize]) -> (Vec<usize>, Vec<bool>) {
    let back = back_edges(n, edges, starts);
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&back)
        .map(|(&(u, v), &b)| if b { (v, u) } else { (u, v) })
        .collect();
    let (order, succ, pred) = topological(n, &dag);
    let mut layer = vec![0usize; n];
    for &v in &order {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    shorten(&order, &succ, &pred, &mut layer);
    let used: std::collections::BTreeSet<usize> = layer.iter().copied().collect();
    let rank: std::collections::BTreeMap<usize, usize> =
        used.into_iter().enumerate().map(|(i, l)| (l, i + 1)).collect();
    let columns = layer.iter().map(|l| rank.get(l).copied().unwrap_or(1)).collect();
    (columns, back)
}

/// Moves nodes within the room their flows leave them towards the side with more flows, so
/// the total length of the flows shrinks (fewer dummy nodes, fewer crossings): a node with
/// more flows out than in moves right up to its nearest successor, one with more in than out
/// left up to its furthest predecessor. A source thus sits right before its nearest successor,
/// so a late input does not draw a long flow across the whole diagram. A greedy stand-in for
/// network simplex; a few passes settle it.
fn shorten(order: &[usize], succ: &[Vec<usize>], pred: &[Vec<usize>], layer: &mut [usize]) {
    for _ in 0..4 {
        let mut moved = false;
        for &v in order.iter().rev() {
            let (ins, outs) = (pred[v].len(), succ[v].len());
            if outs > ins
                && let Some(hi) = succ[v].iter().map(|&w| layer[w]).min()
                && hi > layer[v] + 1
            {
                layer[v] = hi - 1;
                moved = true;
            }
        }
        for &v in order {
            let (ins, outs) = (pred[v].len(), succ[v].len());
            if ins > outs
                && let Some(lo) = pred[v].iter().map(|&w| layer[w]).max()
                && lo + 1 < layer[v]
            {
                layer[v] = lo + 1;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_and_its_reply_read_from_the_source() {
        // 2 -> 0 -> 1 -> 0: node 2 is the only source, so 1 -> 0 is the reply.
        let edges = [(2, 0), (0, 1), (1, 0)];
        let (cols, back) = columns(3, &edges, &[0, 1, 2]);
        assert_eq!(cols, vec![2, 3, 1]);
        assert_eq!(back, vec![false, false, true]);
    }

    #[test]
    fn a_late_source_sits_next_to_its_successor() {
        // 0 -> 1 -> 2 -> 3 and 4 -> 3.
        let edges = [(0, 1), (1, 2), (2, 3), (4, 3)];
        let (cols, _) = columns(5, &edges, &[0, 1, 2, 3, 4]);
        assert_eq!(cols, vec![1, 2, 3, 4, 3]);
    }
}
