//! Everything the command line prints goes through here, so a model's names, a rule's
//! explanations or a repository's file names reach the terminal with their control characters
//! shown, not obeyed (see `bulwark::io::printable`).

/// `eprintln!`, made printable.
macro_rules! errln {
    ($($arg:tt)*) => {
        ::std::eprintln!("{}", ::bulwark::io::printable(&::std::format!($($arg)*)))
    };
}

/// `writeln!`, made printable.
macro_rules! outln {
    ($w:expr) => {
        ::std::writeln!($w)
    };
    ($w:expr, $($arg:tt)*) => {
        ::std::writeln!($w, "{}", ::bulwark::io::printable(&::std::format!($($arg)*)))
    };
}

pub(crate) use {errln, outln};

/// Writes `text` made printable.
pub fn write_text(w: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    w.write_all(bulwark::io::printable(text).as_bytes())
}
