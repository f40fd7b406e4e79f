//! Input and output at the edge of the program: the one function that reads a file a user hands
//! Bulwark (regular files only, under a size limit), and the one function that makes text safe
//! to print on a terminal. Every reader and every printer goes through these, so a hostile
//! file can neither exhaust memory nor take over the terminal.
//!
//! Nothing here knows models, rules or the UI.

pub mod git;
pub mod json;
mod read;
mod terminal;

pub use read::{MAX_INPUT_BYTES, ReadError, read_bytes, read_prefix, read_text};
pub use terminal::{printable, printable_line};
