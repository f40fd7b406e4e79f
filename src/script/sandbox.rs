//! The rhai sandbox every rule runs in: counted step budgets, bounded depth and sizes; no
//! modules, no `eval`, no printing; no file or network access (core rhai has none once the
//! default file module resolver is replaced).

use rhai::{Array, Dynamic, Engine, EvalAltResult};

/// Limits for rules: what one rule and one whole evaluation may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Steps every rule may take, whatever the model's size (a rhai operation is one step;
    /// native helpers charge for their work).
    pub rule_steps: u64,
    /// Further steps per element and flow of the model, so a rule that visits everything a
    /// few times still fits on a large model.
    pub rule_steps_per_item: u64,
    /// Steps all rules of one evaluation may take together (a model can bring a thousand rules).
    pub run_steps: u64,
    /// Findings one rule may report in a run, whatever the model's size.
    pub findings_per_rule: usize,
    /// Further findings per element and flow of the model.
    pub findings_per_item: usize,
    /// Longest explanation a script may give one finding, in bytes.
    pub max_why_bytes: usize,
    /// Bytes of explanations all scripts of a run may report together.
    pub run_why_bytes: usize,
    /// The wall-clock backstop for a whole evaluation, in milliseconds: only reached by work
    /// that no count sees, and an error when it is.
    pub deadline_millis: u64,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting depth.
    pub max_expr_depth: usize,
    /// Longest string.
    pub max_string_size: usize,
    /// Largest array (enough for every element or flow of the largest model a file can hold).
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
    /// Variables alive at once in a script.
    pub max_variables: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // About 10 steps cost a microsecond of rhai here: a rule gets a few seconds on the
        // largest model. The deadline leaves room for loading (≈2 s for a 32 MiB file) and
        // writing the findings, so `check` ends within 10 s whatever its rules.
        Self {
            rule_steps: 5_000_000,
            rule_steps_per_item: 40,
            run_steps: 60_000_000,
            findings_per_rule: 20_000,
            findings_per_item: 4,
            max_why_bytes: 4 * 1024,
            run_why_bytes: 64 * 1024 * 1024,
            deadline_millis: 6_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 64 * 1024,
            max_array_size: 1_000_000,
            max_map_size: 10_000,
            max_variables: 1_000,
        }
    }
}

impl Limits {
    /// The steps one rule may take on a model of `items` elements and flows.
    pub fn rule_allowance(&self, items: usize) -> u64 {
        self.rule_steps
            .saturating_add(self.rule_steps_per_item.saturating_mul(items as u64))
    }

    /// The steps a whole evaluation may take on a model of `items` elements and flows.
    pub fn run_allowance(&self, items: usize) -> u64 {
        self.run_steps
            .saturating_add(self.rule_steps_per_item.saturating_mul(items as u64))
    }

    /// The findings one rule may report on a model of `items` elements and flows.
    pub fn findings_allowance(&self, items: usize) -> usize {
        self.findings_per_rule
            .saturating_add(self.findings_per_item.saturating_mul(items))
    }
}

/// A new sandboxed engine with the rule API registered.
pub fn new_engine(limits: Limits) -> Engine {
    let mut e = Engine::new();
    // The counted budget (`super::budget`) stops a rule; rhai's own per-call count is only a
    // last resort for a script run outside a metered evaluation.
    e.set_max_operations(limits.run_steps.max(limits.rule_steps));
    e.on_progress(super::budget::tick);
    e.set_max_call_levels(limits.max_call_levels);
    e.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth);
    e.set_max_string_size(limits.max_string_size);
    e.set_max_array_size(limits.max_array_size);
    e.set_max_map_size(limits.max_map_size);
    e.set_max_variables(limits.max_variables);
    e.set_max_modules(0);
    // Engine::new() installs a file module resolver; a rule must never read files.
    e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    e.disable_symbol("eval");
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    register_charged_arrays(&mut e);
    super::api::register(&mut e);
    e
}

type Charged<T> = Result<T, Box<EvalAltResult>>;

fn charge(n: usize, what: &str) -> Charged<()> {
    super::budget::charge_rhai(n as u64, what)
}

/// What `contains` charges for an array of `len` items, in rhai and in the native evaluator.
pub fn charge_contains(len: usize) -> Charged<()> {
    charge(len, "contains()")
}

/// rhai's array functions that do work proportional to the array in one operation, charged
/// per item. Functions registered on the engine are found before the standard package's, so
/// these replace the uncharged ones with the same behaviour.
fn register_charged_arrays(e: &mut Engine) {
    e.register_fn("+", |a: Array, b: Array| -> Charged<Array> {
        charge(a.len() + b.len(), "array +")?;
        let mut a = a;
        a.extend(b);
        Ok(a)
    });
    e.register_fn("append", |a: &mut Array, b: Array| -> Charged<()> {
        charge(b.len(), "append()")?;
        a.extend(b);
        Ok(())
    });
    e.register_fn("+=", |a: &mut Array, b: Array| -> Charged<()> {
        charge(b.len(), "array +=")?;
        a.extend(b);
        Ok(())
    });
    e.register_fn("pad", |a: &mut Array, len: rhai::INT, item: Dynamic| -> Charged<()> {
        let len = usize::try_from(len).unwrap_or(0);
        charge(len.saturating_sub(a.len()), "pad()")?;
        if len > a.len() {
            a.resize(len, item);
        }
        Ok(())
    });
    e.register_fn("sort", |a: &mut Array| -> Charged<()> {
        charge(super::budget::sort_steps(a.len()) as usize, "sort()")?;
        sort_dynamic(a)
    });
    e.register_fn("reverse", |a: &mut Array| -> Charged<()> {
        charge(a.len(), "reverse()")?;
        a.reverse();
        Ok(())
    });
    e.register_fn("contains", |a: &mut Array, item: Dynamic| -> Charged<bool> {
        charge_contains(a.len())?;
        Ok(a.iter().any(|x| same(x, &item)))
    });
    e.register_fn("index_of", |a: &mut Array, item: Dynamic| -> Charged<rhai::INT> {
        charge(a.len(), "index_of()")?;
        Ok(a.iter()
            .position(|x| same(x, &item))
            .and_then(|i| rhai::INT::try_from(i).ok())
            .unwrap_or(-1))
    });
    e.register_fn("dedup", |a: &mut Array| -> Charged<()> {
        charge(a.len(), "dedup()")?;
        a.dedup_by(|x, y| same(x, y));
        Ok(())
    });
}

/// Equality of plain values as rhai's `==` sees them; elements and flows compare by identity.
fn same(a: &Dynamic, b: &Dynamic) -> bool {
    use super::api::{ElementRef, FlowRef};
    if let (Some(x), Some(y)) = (a.read_lock::<ElementRef>(), b.read_lock::<ElementRef>()) {
        return x.index == y.index;
    }
    if let (Some(x), Some(y)) = (a.read_lock::<FlowRef>(), b.read_lock::<FlowRef>()) {
        return x.index == y.index;
    }
    if a.type_id() != b.type_id() {
        return false;
    }
    if let (Ok(x), Ok(y)) = (a.as_int(), b.as_int()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_bool(), b.as_bool()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_char(), b.as_char()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_float(), b.as_float()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (
        a.read_lock::<rhai::ImmutableString>(),
        b.read_lock::<rhai::ImmutableString>(),
    ) {
        return *x == *y;
    }
    if a.is_unit() && b.is_unit() {
        return true;
    }
    // Arrays and maps: compare what they print as (both small enough, or charged by the
    // caller for their length).
    a.to_string() == b.to_string()
}

/// Sorts numbers, strings, characters or booleans, as rhai's `sort()` does; anything else
/// (or a mix) is an error asking for a comparer.
fn sort_dynamic(a: &mut Array) -> Charged<()> {
    let all = |f: fn(&Dynamic) -> bool| a.iter().all(f);
    if all(Dynamic::is_int) {
        a.sort_by_key(|x| x.as_int().unwrap_or_default());
    } else if all(Dynamic::is_string) {
        a.sort_by_cached_key(|x| x.to_string());
    } else if all(Dynamic::is_char) {
        a.sort_by_key(|x| x.as_char().unwrap_or_default());
    } else if all(Dynamic::is_bool) {
        a.sort_by_key(|x| x.as_bool().unwrap_or_default());
    } else if all(Dynamic::is_float) {
        a.sort_by(|x, y| {
            x.as_float()
                .unwrap_or_default()
                .total_cmp(&y.as_float().unwrap_or_default())
        });
    } else {
        return Err(Box::new(EvalAltResult::ErrorRuntime(
            "sort() without a comparer sorts numbers, strings, characters or booleans only; give sort a function"
                .into(),
            rhai::Position::NONE,
        )));
    }
    Ok(())
}
