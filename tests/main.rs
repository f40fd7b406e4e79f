//! Integration tests, compiled into one binary (as ripgrep does): the command line, the shipped
//! examples, the engine's golden cases and the rules.

mod accuracy;
mod assist;
mod cli;
mod diff;
mod engine;
mod examples;
mod hostile;
mod import;
mod layering;
mod layout;
mod map;
mod mcp;
mod report;
mod risk_register;
#[cfg(feature = "gui")]
mod rule_editor;
mod rules;
#[cfg(feature = "gui")]
mod ui;
mod util;
