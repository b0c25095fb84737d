//! Key rotation (`PRAGMA rekey`'s job, done by copy and rename): a new random data key, a
//! new key file, a new recovery key; the old key, old key files and old recovery key stop
//! opening the base. Used when a laptop, a key file or a recovery sheet is lost.
//!
//! Why not `PRAGMA rekey` in place: it rewrites every page inside the live file, and the
//! key file beside it must change at the same instant, which no single file operation
//! can do. Instead:
//!
//! 1. the base is copied into `x.db.rekey`, keyed with the new key (`sqlcipher_export`),
//!    and the copy is verified;
//! 2. the new key file is written as `x.db.key.next`;
//! 3. the connection is closed (SQLite checkpoints and removes the WAL);
//! 4. `x.db.rekey` is renamed over `x.db` — from here the new key is the only one;
//! 5. `x.db.key.next` is renamed over `x.db.key`.
//!
//! A kill at any moment leaves a base that exactly one key opens, and the passphrase opens
//! it: before step 4 the old base and key file are untouched (the leftovers are removed at
//! the next unlock); between 4 and 5, unlocking finds the base unreadable with the old key
//! file, unwraps `x.db.key.next` with the same passphrase, and finishes step 5
//! ([`resume`]), then shows the recovery key that was never seen.

use std::fs;
use std::path::PathBuf;

use super::keyfile::{self, DataKey, KdfParams};
use super::{RecoveryKey, Store, StoreError, StorePaths, fault, folder_of, private, read_key_file};

/// The copy under its new key, before it replaces the base.
fn rekeyed_db(paths: &StorePaths) -> PathBuf {
    with_suffix(&paths.db, ".rekey")
}

/// The new key file, before it replaces the current one.
fn next_key(paths: &StorePaths) -> PathBuf {
    with_suffix(&paths.key, ".next")
}

fn with_suffix(path: &std::path::Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Removes what a rotation interrupted before its swap left behind, and the temporary
/// file of a key file write killed before its rename (passphrase change, rotation). Only
/// called once the base has opened with its current key file, so these files hold a key
/// nothing uses.
pub(super) fn discard_leftovers(paths: &StorePaths) {
    let copy = rekeyed_db(paths);
    for path in [
        copy.clone(),
        with_suffix(&copy, "-journal"),
        with_suffix(&copy, "-wal"),
        with_suffix(&copy, "-shm"),
        next_key(paths),
        keyfile::temporary_path(&next_key(paths)),
        keyfile::temporary_path(&paths.key),
    ] {
        if path.exists() {
            let _ = fs::remove_file(path);
        }
    }
}

/// Finishes a rotation interrupted between its two renames (see the module docs): the
/// database has the new key, which waits in `x.db.key.next` under the same passphrase.
/// `Ok(None)` when there is nothing to resume.
pub(super) fn resume(paths: &StorePaths, passphrase: &str) -> Result<Option<Store>, StoreError> {
    let next = next_key(paths);
    let Ok(bytes) = fs::read(&next) else {
        return Ok(None);
    };
    let Ok(key) = keyfile::unwrap(&bytes, passphrase) else {
        return Ok(None);
    };
    let mut store = match Store::open_with_key(paths, key.clone()) {
        Ok(store) => store,
        Err(StoreError::DatabaseUnreadable) => return Ok(None),
        Err(e) => return Err(e),
    };
    let folder = folder_of(&paths.key);
    fs::rename(&next, &paths.key)
        .map_err(|e| fault::from_io(e, "fin du changement de clé", folder))?;
    keyfile::sync_dir(folder);
    store.resumed_rotation = Some(RecoveryKey::from_data_key(&key));
    store.write(|tx| {
        tx.audit(
            "rotation de clé",
            "terminée au déverrouillage après une interruption",
        )
    })?;
    Ok(Some(store))
}

/// What a key rotation gives back: the base (open again, under whichever key it now has)
/// and either the new recovery key or why the rotation did not happen.
pub struct Rotation {
    /// The open base; `None` only when it could not be reopened (the app then locks, and
    /// the next unlock finishes or discards the rotation).
    pub store: Option<Store>,
    /// The new recovery key, to show once; or the error, the old key still in force.
    pub result: Result<RecoveryKey, StoreError>,
}

impl Store {
    /// Rotates the data key (see the module docs). `passphrase` is the current one: it is
    /// checked against the key file, and wraps the new key, so the worker keeps typing the
    /// same passphrase. Backups made before keep the old key (and the old recovery key).
    pub fn rotate_key(self, passphrase: &str, kdf: KdfParams) -> Rotation {
        let paths = self.paths.clone();
        match self.rotate_inner(passphrase, kdf) {
            Ok((store, recovery)) => Rotation {
                store: Some(store),
                result: Ok(recovery),
            },
            Err((store, e)) => {
                // Before the swap nothing of the base changed: drop what was prepared.
                let store = match store {
                    Some(store) => Some(store),
                    None => Store::unlock(&paths, passphrase).ok(),
                };
                if store.is_some() {
                    discard_leftovers(&paths);
                }
                Rotation {
                    store,
                    result: Err(e),
                }
            }
        }
    }

    #[allow(clippy::result_large_err)] // the error carries the store back to its owner
    fn rotate_inner(
        mut self,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(Store, RecoveryKey), (Option<Store>, StoreError)> {
        let paths = self.paths.clone();
        let current = match read_key_file(&paths).and_then(|b| keyfile::unwrap(&b, passphrase)) {
            Ok(key) => key,
            Err(e) => return Err((Some(self), e)),
        };
        if *current != *self.key {
            return Err((
                Some(self),
                StoreError::KeyFileCorrupt(
                    "le fichier de clé ne correspond pas à la base ouverte".into(),
                ),
            ));
        }
        discard_leftovers(&paths);
        if let Err(e) = self.write(|tx| tx.audit("rotation de clé", "commencée")) {
            return Err((Some(self), e));
        }
        let new_key: DataKey = match keyfile::new_data_key() {
            Ok(k) => k,
            Err(e) => return Err((Some(self), e)),
        };
        // 1. The copy under the new key, verified.
        let copy = rekeyed_db(&paths);
        if let Err(e) = self.prepare_copy(&copy, &new_key) {
            return Err((Some(self), e));
        }
        // 2. The new key file, under the same passphrase.
        let prepared = keyfile::wrap(&new_key, passphrase, kdf)
            .and_then(|bytes| keyfile::write_atomically(&next_key(&paths), &bytes));
        if let Err(e) = prepared {
            return Err((Some(self), e));
        }
        // 3. Close: the last connection checkpoints the WAL into the old file and removes
        // it, so no frame under the old key can be replayed onto the new file.
        drop(self);
        let [wal, _] = private::sqlite_companions(&paths.db);
        if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err((
                None,
                StoreError::Integrity(
                    "le journal de la base n'a pas pu être vidé ; la clé n'a pas été changée"
                        .into(),
                ),
            ));
        }
        let folder = folder_of(&paths.db);
        // 4. The swap: from here only the new key opens the base.
        if let Err(e) = fs::rename(&copy, &paths.db) {
            return Err((None, fault::from_io(e, "remplacement de la base", folder)));
        }
        keyfile::sync_dir(folder);
        // 5. The new key file in place. If this fails, the next unlock finishes it.
        if let Err(e) = fs::rename(next_key(&paths), &paths.key) {
            return Err((
                None,
                fault::from_io(e, "remplacement du fichier de clé", folder),
            ));
        }
        keyfile::sync_dir(folder_of(&paths.key));
        let recovery = RecoveryKey::from_data_key(&new_key);
        let mut store = Store::open_with_key(&paths, new_key).map_err(|e| (None, e))?;
        store
            .write(|tx| tx.audit("rotation de clé", "terminée"))
            .map_err(|e| (None, e))?;
        Ok((store, recovery))
    }

    /// Step 1: the encrypted copy under `key`, checked page by page and row by row.
    fn prepare_copy(&self, copy: &std::path::Path, key: &DataKey) -> Result<(), StoreError> {
        let _ = fs::remove_file(copy);
        let made = self.export_to(copy, key).and_then(|()| {
            if self.verify_copy(copy, key)? {
                Ok(())
            } else {
                Err(StoreError::Integrity(
                    "la copie sous la nouvelle clé ne contient pas les mêmes données".into(),
                ))
            }
        });
        if made.is_err() {
            for path in [copy.to_path_buf(), with_suffix(copy, "-journal")] {
                let _ = fs::remove_file(path);
            }
        }
        made
    }
}
