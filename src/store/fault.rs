//! Faults of the machine, named for what they are (issue 11): a read-only folder, a full
//! disk, a refused permission or a folder that is gone (USB key pulled) each get their own
//! French message, and are never reported as a damaged database.

use std::io;
use std::path::Path;

use rusqlite::ErrorCode;

use super::StoreError;

/// What the system refused, when it is one of the faults a worker can do something about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The folder or its disk only allows reading.
    ReadOnly,
    /// No space left on the disk.
    DiskFull,
    /// The system refuses access to the file or folder.
    PermissionDenied,
    /// The folder does not exist (any more).
    FolderGone,
}

impl Fault {
    /// The store error for this fault at `place` (a folder or a file).
    pub fn error(self, place: &Path) -> StoreError {
        let place = place.to_path_buf();
        match self {
            Fault::ReadOnly => StoreError::ReadOnly(place),
            Fault::DiskFull => StoreError::DiskFull(place),
            Fault::PermissionDenied => StoreError::PermissionDenied(place),
            Fault::FolderGone => StoreError::FolderGone(place),
        }
    }
}

/// The fault an I/O error stands for, if it is one of ours.
pub fn of_io(e: &io::Error) -> Option<Fault> {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem => Some(Fault::ReadOnly),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Some(Fault::DiskFull),
        io::ErrorKind::PermissionDenied => Some(Fault::PermissionDenied),
        io::ErrorKind::NotFound => Some(Fault::FolderGone),
        _ => None,
    }
}

/// The folder holding `path` (the place to name in a message).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// An I/O error while doing `what` in `folder`, as a store error.
pub fn from_io(e: io::Error, what: &str, folder: &Path) -> StoreError {
    match of_io(&e) {
        Some(fault) => fault.error(folder),
        None => StoreError::Io {
            what: what.to_owned(),
            source: e,
        },
    }
}

/// A SQLite error on the database at `db`, as a store error: the machine's faults by name,
/// the rest as [`StoreError::Sql`]. `NotADatabase` is left to the caller, which knows
/// whether it means a wrong key or damage.
pub fn from_sql(e: rusqlite::Error, db: &Path) -> StoreError {
    let folder = folder_of(db);
    let code = match &e {
        rusqlite::Error::SqliteFailure(err, _) => Some(err.code),
        _ => None,
    };
    match code {
        Some(ErrorCode::DiskFull) => StoreError::DiskFull(folder.to_path_buf()),
        Some(ErrorCode::PermissionDenied) => StoreError::PermissionDenied(folder.to_path_buf()),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::SystemIoFailure) => {
            // SQLite says "read-only" for a read-only folder and for a connection opened to
            // read only (the household list's reader), and "cannot open" for a read-only or
            // vanished folder alike: ask the file system which it is.
            probe_folder(folder).map_or(StoreError::Sql(e), |fault| fault.error(folder))
        }
        _ => StoreError::Sql(e),
    }
}

/// Finds out why `folder` cannot be written: gone, read-only, refused, or full.
pub fn probe_folder(folder: &Path) -> Option<Fault> {
    match std::fs::metadata(folder) {
        Err(e) => return of_io(&e).or(Some(Fault::FolderGone)),
        Ok(m) if !m.is_dir() => return Some(Fault::FolderGone),
        Ok(_) => {}
    }
    // A real write tells read-only, refused and full apart (root ignores mode bits, so the
    // mode alone would lie); the probe file is empty and removed at once.
    let probe = folder.join(format!(".passerelle-probe-{}", std::process::id()));
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(&[0u8; 4096])?;
            f.sync_all()
        });
    let _ = std::fs::remove_file(&probe);
    result.err().and_then(|e| of_io(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_kinds_map_to_faults() {
        let kinds = [
            (io::ErrorKind::ReadOnlyFilesystem, Fault::ReadOnly),
            (io::ErrorKind::StorageFull, Fault::DiskFull),
            (io::ErrorKind::PermissionDenied, Fault::PermissionDenied),
            (io::ErrorKind::NotFound, Fault::FolderGone),
        ];
        for (kind, fault) in kinds {
            assert_eq!(of_io(&io::Error::from(kind)), Some(fault));
        }
        assert_eq!(of_io(&io::Error::other("x")), None);
    }

    #[test]
    fn a_vanished_folder_is_named_as_gone() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("clé-usb");
        assert_eq!(probe_folder(&gone), Some(Fault::FolderGone));
        assert_eq!(probe_folder(dir.path()), None);
    }
}
