//! Writing an export (packet, spreadsheet, PDF) to a file the worker chose.
//!
//! One way for every export, so each gets the same guarantees: the bytes go to a
//! temporary name beside the target, are synced, then renamed, so a crash or a full disk
//! never leaves half a file under the final name; on Unix the file is readable by its
//! owner only (a CSV of households is personal data in clear); an existing file is
//! replaced only when the worker said so (a native save dialog asks already).

use crate::store::private::{Publish, write_durably};
use std::path::{Path, PathBuf};

/// Why an export file could not be written. The messages are French and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file is already there and the worker did not ask to replace it.
    #[error(
        "un fichier existe déjà à cet emplacement : choisissez un autre nom, Passerelle ne \
         l'écrase pas ({0})."
    )]
    Exists(PathBuf),
    /// The file system refused (full disk, no permission, missing folder…).
    #[error(
        "le fichier n'a pas pu être écrit ({source}) : vérifiez que le dossier existe, qu'il \
         reste de la place et que vous avez le droit d'y écrire ({path})."
    )]
    Io {
        /// Where it was written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically (temporary name, sync, rename), owner-only on Unix.
/// With `overwrite` false an existing file is an [`OutputError::Exists`] and is left as
/// it was. On failure nothing is left under the final name nor under the temporary one.
pub fn write_export(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), OutputError> {
    if !overwrite && path.exists() {
        return Err(OutputError::Exists(path.to_owned()));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let how = if overwrite {
        Publish::Replace
    } else {
        // Somebody created it meanwhile: keep theirs.
        Publish::IfAbsent
    };
    let result = write_durably(&tmp, path, bytes, how);
    match result {
        Ok(()) => Ok(()),
        Err(source) => {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                Err(OutputError::Exists(path.to_owned()))
            } else {
                Err(OutputError::Io {
                    path: path.to_owned(),
                    source,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_owner_only_and_never_overwrites_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        write_export(&path, b"a;b\n", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a;b\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let err = write_export(&path, b"other", false).unwrap_err();
        assert!(matches!(err, OutputError::Exists(_)), "{err}");
        assert!(err.to_string().contains("ne l'écrase pas"));
        assert_eq!(std::fs::read(&path).unwrap(), b"a;b\n");
        write_export(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn missing_folder_is_a_clear_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("x.pdf");
        let err = write_export(&path, b"%PDF", false).unwrap_err();
        assert!(
            err.to_string().contains("vérifiez que le dossier existe"),
            "{err}"
        );
        assert!(!path.exists());
    }
}
