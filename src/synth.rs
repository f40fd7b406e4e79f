//! Synthetic models for benchmarks and load tests: a realistic mix of the catalog's kinds, about
//! two flows per element, nested boundaries and some controls in place. Deterministic for a
//! given size and seed.

use crate::catalog::Catalog;
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, ControlState, Element, ElementId, Flow, FlowId, Model, Pos, Rect,
};

/// A small deterministic generator (xorshift64*), so benchmarks need no `rand` and are repeatable.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 { 0x9e37_79b9_7f4a_7c15 } else { seed })
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// True with probability `p` percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }
}

/// Elements per leaf boundary.
const GROUP: usize = 25;

/// A model of `n` elements drawn from the catalog.
pub fn synth_model(cat: &Catalog, n: usize, seed: u64) -> Model {
    let mut rng = Rng::new(seed);
    let kinds: Vec<_> = cat.kinds_in_order().collect();
    let data: Vec<_> = cat.data_classes.keys().cloned().collect();
    let mut m = Model::new(format!("Synthetic system ({n} elements)"));
    m.description = "Generated for benchmarks: a mix of the catalog's kinds in nested boundaries.".into();
    let groups = n.div_ceil(GROUP);
    let parents = groups.div_ceil(5);
    let parent_kinds = [
        BoundaryKind::CloudAccount,
        BoundaryKind::CorporateNetwork,
        BoundaryKind::ThirdParty,
        BoundaryKind::Internet,
    ];
    for p in 0..parents {
        let id = BoundaryId::new(format!("tb-zone-{p}"));
        m.boundaries.insert(
            id.clone(),
            Boundary::new(format!("Zone {p}"), parent_kinds[p % parent_kinds.len()]),
        );
        m.layout
            .boundaries
            .insert(id, Rect::new(0.0, p as f32 * 1200.0, 6000.0, 1150.0));
    }
    let leaf_kinds = [
        BoundaryKind::Tenant,
        BoundaryKind::ToolSandbox,
        BoundaryKind::TrainingEnvironment,
        BoundaryKind::Other,
    ];
    for g in 0..groups {
        let id = BoundaryId::new(format!("tb-group-{g}"));
        let mut b = Boundary::new(format!("Group {g}"), leaf_kinds[g % leaf_kinds.len()]);
        b.parent = Some(BoundaryId::new(format!("tb-zone-{}", g / 5)));
        m.boundaries.insert(id.clone(), b);
        m.layout.boundaries.insert(
            id,
            Rect::new((g % 5) as f32 * 1200.0, (g / 5) as f32 * 1200.0, 1150.0, 1100.0),
        );
    }
    let ids: Vec<ElementId> = (0..n).map(|i| ElementId::new(format!("el-{i:05}"))).collect();
    for (i, id) in ids.iter().enumerate() {
        let Some(kind) = kinds.get(rng.below(kinds.len())) else {
            break;
        };
        let mut el = Element::new(kind.id.clone(), format!("{} {i}", kind.name));
        el.boundary = Some(BoundaryId::new(format!("tb-group-{}", i / GROUP)));
        // About a third of the applicable controls are in place, as in a real review.
        for c in &kind.controls {
            if rng.percent(20) {
                el.controls.insert(c.clone(), ControlState::Implemented);
            } else if rng.percent(10) {
                el.controls.insert(c.clone(), ControlState::Required);
            }
        }
        for (q, v) in &kind.questions {
            if rng.percent(15) {
                let flipped = match v {
                    crate::model::Value::Bool(b) => crate::model::Value::Bool(!b),
                    other => other.clone(),
                };
                el.properties.insert(q.clone(), flipped);
            }
        }
        let g = i / GROUP;
        let pos = Pos::new(
            (g % 5) as f32 * 1200.0 + (i % 5) as f32 * 220.0 + 100.0,
            (g / 5) as f32 * 1200.0 + ((i % GROUP) / 5) as f32 * 200.0 + 100.0,
        );
        m.layout.elements.insert(id.clone(), pos);
        m.elements.insert(id.clone(), el);
    }
    // Systems are modular: each group of 25 is a subsystem whose flows run from one layer to
    // the next (request paths, pipelines), with a few integration flows to other subsystems.
    // About two flows per element.
    for i in 0..n {
        let group_start = (i / GROUP) * GROUP;
        let group_end = (group_start + GROUP).min(n);
        for k in 0..2 {
            let j = if rng.percent(95) {
                let ahead = group_end.saturating_sub(i + 1);
                if ahead == 0 {
                    continue;
                }
                i + 1 + rng.below(ahead.min(8))
            } else {
                rng.below(n)
            };
            if j == i {
                continue;
            }
            let mut f = Flow::new(ids[i].clone(), ids[j].clone(), format!("flow {i}-{k}"));
            for _ in 0..1 + rng.below(2) {
                if let Some(d) = data.get(rng.below(data.len())) {
                    f.data.insert(d.clone());
                }
            }
            f.encrypted = crate::model::Fact::from_bool(rng.percent(70));
            f.authenticated = crate::model::Fact::from_bool(rng.percent(60));
            if rng.percent(10) {
                f.operation = crate::model::Operation::Read;
                f.returns = f.data.clone();
            }
            m.flows.insert(FlowId::new(format!("fl-{i:05}-{k}")), f);
        }
    }
    m
}
