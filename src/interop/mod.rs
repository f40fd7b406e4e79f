//! Other tools' formats and mapping a repository to a model. Everything here reads files and
//! returns models or text; nothing here knows the UI, talks to a network or runs what it reads
//! (the assistant is a command the user configured, run without a shell).

pub mod assist;
pub mod export;
pub mod import;
pub mod map;

#[cfg(test)]
mod tests;
