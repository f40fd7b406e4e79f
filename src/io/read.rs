//! Reading user files: models, rules, imports and repository files all come through here.

use std::io::Read;
use std::path::Path;

/// The default limit for a file a user hands Bulwark (a model, a rule file, an import).
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file could not be read. The path goes last in the I/O message, first in the others
/// (as `file:line` messages do).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A folder, device, pipe or socket: reading one could block or never end.
    #[error("{path}: not a regular file ({what})")]
    NotAFile {
        /// The file.
        path: String,
        /// What it is instead.
        what: &'static str,
    },
    /// Larger than the limit (checked while reading too, so a growing file cannot slip by).
    #[error("{path}: file is larger than the {limit}-byte limit")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// Not UTF-8 text.
    #[error("{path}: the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

impl ReadError {
    /// The error's OS error, when it is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            ReadError::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }
}

fn kind_of(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_fifo() {
            return Some("a pipe");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

/// The first `len` bytes (or fewer) of the regular file at `path`, whatever its size: for
/// sniffing a manifest's first line.
pub fn read_prefix(path: &Path, len: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(len).read_to_end(&mut bytes).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (checked before opening, so a pipe cannot
/// block, and again on the open handle).
fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    let shown = || path.display().to_string();
    let io = |source| ReadError::Io { path: shown(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(what) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile { path: shown(), what });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if let Some(what) = kind_of(file.metadata().map_err(io)?.file_type()) {
        return Err(ReadError::NotAFile { path: shown(), what });
    }
    Ok(file)
}

/// Reads at most `limit` bytes of the regular file at `path` (a symbolic link to a regular file
/// is fine; one to a device is refused before it is opened, so a pipe cannot block).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let shown = || path.display().to_string();
    let file = open_regular(path)?;
    let size = file
        .metadata()
        .map_err(|source| ReadError::Io { path: shown(), source })?
        .len();
    if size > limit {
        return Err(ReadError::TooLarge { path: shown(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io { path: shown(), source })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { path: shown(), limit });
    }
    Ok(bytes)
}

/// As [`read_bytes`], for UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit)?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: path.display().to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.ron");
        std::fs::write(&p, vec![b'x'; 2048]).unwrap();
        assert!(matches!(
            read_bytes(&p, 1024),
            Err(ReadError::TooLarge { limit: 1024, .. })
        ));
        assert_eq!(read_bytes(&p, 2048).unwrap().len(), 2048);
    }

    #[test]
    fn folders_devices_and_pipes_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotAFile { what: "a folder", .. }), "{err}");
        #[cfg(unix)]
        {
            // A model that is a symbolic link to /dev/zero would otherwise grow without end.
            let link = dir.path().join("zero.bulwark.ron");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let err = read_text(&link, MAX_INPUT_BYTES).unwrap_err();
            assert!(matches!(err, ReadError::NotAFile { what: "a device", .. }), "{err}");
            // A named pipe with no writer would block forever when opened.
            let fifo = dir.path().join("pipe.ron");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let err = read_text(&fifo, 1024).unwrap_err();
                assert!(matches!(err, ReadError::NotAFile { what: "a pipe", .. }), "{err}");
            }
        }
    }

    #[test]
    fn text_that_is_not_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin1.ron");
        std::fs::write(&p, b"(name: \"caf\xe9\")").unwrap();
        let err = read_text(&p, 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { offset: 11, .. }), "{err}");
    }
}
