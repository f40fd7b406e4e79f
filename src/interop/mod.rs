//! Other tools' formats and mapping a repository to a model. Everything here reads files and
//! returns models or text; nothing here knows the UI, talks to a network or runs what it reads.

pub mod export;
pub mod import;
pub mod map;
