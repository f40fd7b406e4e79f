//! The rhai sandbox every rule runs in: bounded operations, depth, sizes; no modules, no
//! `eval`, no printing; no file or network access (core rhai has none once the default file
//! module resolver is replaced).

use rhai::Engine;

/// Limits for one rule run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// rhai operations before the run is stopped (an infinite loop ends here).
    pub max_operations: u64,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting depth.
    pub max_expr_depth: usize,
    /// Longest string.
    pub max_string_size: usize,
    /// Largest array.
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // About 50 ms of work on this class of machine: plenty for any rule over a
        // 10,000-element model, and a runaway loop still ends well within a second.
        Self {
            max_operations: 2_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 64 * 1024,
            max_array_size: 100_000,
            max_map_size: 10_000,
        }
    }
}

/// A new sandboxed engine with the rule API registered.
pub fn new_engine(limits: Limits) -> Engine {
    let mut e = Engine::new();
    e.set_max_operations(limits.max_operations);
    e.set_max_call_levels(limits.max_call_levels);
    e.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth);
    e.set_max_string_size(limits.max_string_size);
    e.set_max_array_size(limits.max_array_size);
    e.set_max_map_size(limits.max_map_size);
    e.set_max_modules(0);
    // Engine::new() installs a file module resolver; a rule must never read files.
    e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    e.disable_symbol("eval");
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    super::api::register(&mut e);
    e
}
