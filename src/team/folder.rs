//! The shared folder's files (issue 15): names, what readers skip, and the one way this
//! device writes a file there (temporary dot-name, fsync, rename, never over an existing
//! file). No lock files, and no file written by two devices:
//!
//! ```text
//! DOSSIER/team.json                     the team (id, coordinator's card), by the coordinator
//! DOSSIER/roster/<version>.json(.minisig)  roster versions, signed by the coordinator
//! DOSSIER/cards/<device>.json           a device asking to join (its card, its worker)
//! DOSSIER/log/<device>/<sequence>.age   each device's packets, immutable
//! DOSSIER/snapshot/, DOSSIER/ack/       see [`super::snapshot`]
//! DOSSIER/erase/<device>/<seq>.age      erasure notices, see [`super::erasure`]
//! DOSSIER/keys/<device>.age             the funder pseudonym key, see [`super::funder_key`]
//! ```

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::TeamError;
use crate::store::private::{Publish, create_private_dir, write_durably};

/// The team description file at the folder's root.
pub const TEAM_FILE: &str = "team.json";
/// Roster versions.
pub const ROSTER_DIR: &str = "roster";
/// Join requests.
pub const CARDS_DIR: &str = "cards";
/// The devices' logs.
pub const LOG_DIR: &str = "log";

/// What a name found in a log directory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogName {
    /// A packet: `<sequence>.age`.
    Packet(u64),
    /// A sync engine's temporary or partial file, or one of ours being written: skipped.
    Temporary,
    /// A sync engine's conflict copy: skipped (the original name is the packet).
    ConflictCopy,
    /// Anything else: skipped.
    Other,
}

/// Classifies a file name of a log directory. Temporary and partial files of Syncthing
/// (`.syncthing.*.tmp`), Nextcloud (`.~*`, `*.part`), office and editors (`~*`), ours
/// (dot-names) and conflict copies (`*.sync-conflict-*`, `(conflicted copy …)`, Nextcloud's
/// `(conflicted copy`/`(copie en conflit`) are never read as packets.
pub fn classify(name: &str) -> LogName {
    let lower = name.to_lowercase();
    if lower.contains(".sync-conflict-")
        || lower.contains("conflicted copy")
        || lower.contains("copie en conflit")
        || lower.contains("(conflict")
    {
        return LogName::ConflictCopy;
    }
    if name.starts_with('.')
        || name.starts_with('~')
        || lower.ends_with(".part")
        || lower.ends_with(".tmp")
        || lower.ends_with(".partial")
    {
        return LogName::Temporary;
    }
    let Some(stem) = name.strip_suffix(".age") else {
        return LogName::Other;
    };
    // Digits only, no sign, no leading zero games beyond what we write (we write none).
    if stem.is_empty() || stem.len() > 19 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return LogName::Other;
    }
    match stem.parse::<u64>() {
        Ok(n) if n > 0 && stem == n.to_string() => LogName::Packet(n),
        _ => LogName::Other,
    }
}

/// The file name of packet `seq`.
pub fn packet_name(seq: u64) -> String {
    format!("{seq}.age")
}

/// `DOSSIER/log/<device>`.
pub fn log_dir(folder: &Path, device: Uuid) -> PathBuf {
    folder.join(LOG_DIR).join(device.to_string())
}

/// One device's log as found in the folder: packets by sequence, and how many other
/// files were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceLog {
    /// `(sequence, path, size)`, by sequence.
    pub packets: Vec<(u64, PathBuf, u64)>,
    /// Temporary, partial and other files skipped.
    pub skipped: usize,
    /// Conflict copies skipped.
    pub conflict_copies: usize,
    /// Modification time of each packet (ns since 1970, 0 when unknown), by sequence: a
    /// packet already applied is read again only when its size or time changed.
    pub mtimes: std::collections::BTreeMap<u64, i64>,
}

/// A file's modification time in nanoseconds since 1970 (0 when the system has none).
pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// Lists the log directories of the folder: `(device, log)`, directories whose name is
/// not a device id skipped. A missing `log` directory is an empty list.
pub fn scan_logs(folder: &Path) -> Result<Vec<(Uuid, DeviceLog)>, TeamError> {
    let root = folder.join(LOG_DIR);
    let entries = match std::fs::read_dir(&root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(TeamError::io(&root, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| TeamError::io(&root, e))?;
        let Some(device) = entry
            .file_name()
            .to_str()
            .and_then(|n| Uuid::parse_str(n).ok())
        else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        out.push((device, scan_device(&entry.path())?));
    }
    out.sort_by_key(|(d, _)| *d);
    Ok(out)
}

/// Lists one device's log directory.
pub fn scan_device(dir: &Path) -> Result<DeviceLog, TeamError> {
    let mut log = DeviceLog::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(log),
        Err(e) => return Err(TeamError::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| TeamError::io(dir, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            log.skipped += 1;
            continue;
        };
        match classify(name) {
            LogName::Packet(seq) => {
                // Symbolic links and directories are not packets we wrote.
                let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                    continue;
                };
                if meta.is_file() {
                    log.packets.push((seq, entry.path(), meta.len()));
                    log.mtimes.insert(seq, mtime_ns(&meta));
                } else {
                    log.skipped += 1;
                }
            }
            LogName::ConflictCopy => log.conflict_copies += 1,
            LogName::Temporary | LogName::Other => log.skipped += 1,
        }
    }
    log.packets.sort_by_key(|(s, _, _)| *s);
    Ok(log)
}

/// Writes `bytes` as a new file `path` of the shared folder: under a temporary dot-name
/// in the same directory, synced, then renamed, the directory synced. Never replaces an
/// existing file ([`TeamError::Exists`]); on failure nothing is left under either name.
/// Owner-only on Unix (the content is encrypted anyway).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), TeamError> {
    let dir = path
        .parent()
        .ok_or_else(|| TeamError::io(path, std::io::ErrorKind::NotFound.into()))?;
    // Owner-only like our other folders: the names say which devices publish how much.
    create_private_dir(dir).map_err(|e| TeamError::io(dir, e))?;
    if path.exists() {
        return Err(TeamError::Exists(path.to_owned()));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fichier");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // A hard link never lands on a file that appeared meanwhile (another copy of this
    // base restored elsewhere).
    let result = write_durably(&tmp, path, bytes, Publish::Link);
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Err(TeamError::Exists(path.to_owned()))
            } else {
                Err(TeamError::io(path, e))
            }
        }
    }
}

/// Writes `bytes` as file `path` of the shared folder, replacing the previous version
/// (this device's acknowledgement, the only file it rewrites): under a temporary
/// dot-name, synced, then renamed over the old one in one step, the directory synced. A
/// reader finds the old version or the new one, never half of one. Owner-only on Unix.
pub fn write_replace(path: &Path, bytes: &[u8]) -> Result<(), TeamError> {
    let dir = path
        .parent()
        .ok_or_else(|| TeamError::io(path, std::io::ErrorKind::NotFound.into()))?;
    // Owner-only like our other folders: the names say which devices publish how much.
    create_private_dir(dir).map_err(|e| TeamError::io(dir, e))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fichier");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    write_durably(&tmp, path, bytes, Publish::Replace).map_err(|e| TeamError::io(path, e))
}

/// Removes our leftover temporary files (a crash between write and rename) in `dir`.
pub fn clean_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') && name.ends_with(".tmp") && !name.starts_with(".syncthing.") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_skips_what_engines_leave() {
        assert_eq!(classify("12.age"), LogName::Packet(12));
        assert_eq!(classify("1.age"), LogName::Packet(1));
        for temp in [
            ".syncthing.12.age.tmp",
            "~12.age",
            "12.age.part",
            ".~lock.12.age#",
            ".12.age.4242.tmp",
        ] {
            assert_eq!(classify(temp), LogName::Temporary, "{temp}");
        }
        for copy in [
            "12.sync-conflict-20261130-101010-ABCDEFG.age",
            "12 (conflicted copy 2026-11-30 101010).age",
            "12 (copie en conflit de Samira 2026-11-30).age",
        ] {
            assert_eq!(classify(copy), LogName::ConflictCopy, "{copy}");
        }
        for other in ["0.age", "012.age", "-1.age", "12.age.bak", "a.age", "age"] {
            assert_eq!(classify(other), LogName::Other, "{other}");
        }
    }

    #[test]
    fn write_new_never_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log").join("d").join("1.age");
        write_new(&path, b"one").unwrap();
        let err = write_new(&path, b"two").unwrap_err();
        assert!(matches!(err, TeamError::Exists(_)), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["1.age"]);
    }

    #[test]
    fn scan_orders_by_sequence_and_counts_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let device = Uuid::new_v4();
        let d = log_dir(dir.path(), device);
        std::fs::create_dir_all(&d).unwrap();
        for n in [
            "10.age",
            "2.age",
            ".syncthing.3.age.tmp",
            "3.sync-conflict-x.age",
        ] {
            std::fs::write(d.join(n), b"x").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("log").join("pas-un-appareil")).unwrap();
        let logs = scan_logs(dir.path()).unwrap();
        assert_eq!(logs.len(), 1);
        let (id, log) = &logs[0];
        assert_eq!(*id, device);
        let seqs: Vec<u64> = log.packets.iter().map(|p| p.0).collect();
        assert_eq!(seqs, [2, 10]);
        assert_eq!((log.skipped, log.conflict_copies), (1, 1));
    }
}
