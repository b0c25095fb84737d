//! Files readable by their owner only (DESIGN.md §4): the data folder is 0700, the
//! database, its WAL and SHM files, the key file and backups 0600.
//!
//! SQLite creates the WAL and SHM files with the mode of the database file, so creating the
//! database file ourselves with 0600 before SQLite opens it covers all three. On other
//! platforms the user's profile folder already is private; these functions then only
//! create.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents, owner-only (0700) on Unix.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates (or truncates) a file readable and writable by its owner only (0600 on Unix).
pub fn create_private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // `mode` only applies to a file this call created: an existing file keeps its mode.
    restrict(path, false)?;
    Ok(file)
}

/// How [`write_durably`] puts a written file under its final name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Rename over whatever is there (a file a single writer rewrites).
    Replace,
    /// Rename, unless the final name exists when the data is on disk (an export the user
    /// may have created meanwhile): `AlreadyExists`, theirs is kept.
    IfAbsent,
    /// Hard link, which never replaces an existing file, even one that appeared a moment
    /// ago (files of a shared folder are never rewritten); then the temporary name goes.
    /// On a file system without hard links: [`Publish::IfAbsent`].
    Link,
}

/// Writes `bytes` durably as `path`, owner-only (0600 on Unix): into the temporary file
/// `tmp` (same directory, created or truncated), synced, then published under `path` as
/// `how` says, and the directory synced so that the new name survives a power cut. On
/// failure the temporary file is removed and `path` is untouched. Shared by the exports
/// (`exchange::output`) and the team folder (`team::folder`).
pub fn write_durably(tmp: &Path, path: &Path, bytes: &[u8], how: Publish) -> io::Result<()> {
    use std::io::Write;
    let result = (|| -> io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        let rename_if_absent = || {
            if path.exists() {
                Err(io::Error::from(io::ErrorKind::AlreadyExists))
            } else {
                fs::rename(tmp, path)
            }
        };
        match how {
            Publish::Replace => fs::rename(tmp, path)?,
            Publish::IfAbsent => rename_if_absent()?,
            Publish::Link => match fs::hard_link(tmp, path) {
                Ok(()) => {
                    let _ = fs::remove_file(tmp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
                Err(_) => rename_if_absent()?,
            },
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(tmp);
    }
    result
}

/// Sets owner-only permissions on `path` if it has more; returns whether it changed
/// anything. A missing file is not an error (the WAL exists only while the base is open).
pub fn restrict(path: &Path, is_dir: bool) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        let wanted = if is_dir { 0o700 } else { 0o600 };
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(mode & wanted))?;
            return Ok(true);
        }
        Ok(false)
    }
    #[cfg(not(unix))]
    {
        let _ = (path, is_dir);
        Ok(false)
    }
}

/// The companion files SQLite keeps beside a database in WAL mode.
pub fn sqlite_companions(db: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm")]
}

/// Tightens the files of a base to owner-only: database, WAL, SHM and key file; the folder
/// too when `folder` is given (only our own data folder: a folder the user chose, such as
/// Documents, is theirs to set). Returns the paths that were too open, to tell the user.
pub fn tighten_base(db: &Path, key: &Path, folder: Option<&Path>) -> io::Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    let [wal, shm] = sqlite_companions(db);
    for path in [db, &wal, &shm, key] {
        if restrict(path, false)? {
            changed.push(path.to_path_buf());
        }
    }
    if let Some(dir) = folder
        && restrict(dir, true)?
    {
        changed.push(dir.to_path_buf());
    }
    Ok(changed)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn created_files_and_folders_are_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        let file = nested.join("f");
        fs::write(&file, b"x").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        drop(create_private_file(&file).unwrap());
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn tighten_reports_what_was_too_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let key = dir.path().join("x.db.key");
        fs::write(&db, b"").unwrap();
        fs::write(&key, b"").unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let changed = tighten_base(&db, &key, Some(dir.path())).unwrap();
        assert_eq!(changed, vec![db.clone(), dir.path().to_path_buf()]);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(dir.path()), 0o700);
        assert!(
            tighten_base(&db, &key, Some(dir.path()))
                .unwrap()
                .is_empty()
        );
    }
}
