//! The key file: the database's random data key, wrapped by a key derived from the
//! passphrase with Argon2id (DESIGN.md §4).
//!
//! Why a separate file: changing the passphrase rewrites this small file atomically and
//! never touches the database; a wrong passphrase fails here, before the database is even
//! opened, so it cannot modify a byte of it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::StoreError;

/// Format name written in every key file.
const FORMAT: &str = "passerelle-keyfile";
/// Current key file version; readers refuse versions they do not know.
///
/// Version 2 adds [`KeyFile::checksum`]: without it, a byte flipped by a failing USB key in
/// the salt, the nonce, the cost or the wrapped key made the AEAD fail, which reads exactly
/// like a wrong passphrase. Version 1 files (no checksum) are still read.
const VERSION: u32 = 2;
/// The oldest key file version this build reads.
const OLDEST_VERSION: u32 = 1;
/// Length of the data key and of the derived key-encryption key, in bytes.
pub const KEY_LEN: usize = 32;

/// The raw data key of a database. Zeroed when dropped.
pub type DataKey = Zeroizing<[u8; KEY_LEN]>;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory cost in KiB.
    pub m_kib: u32,
    /// Number of passes.
    pub t_cost: u32,
    /// Degree of parallelism.
    pub p_cost: u32,
}

/// Key derivation time aimed at by [`KdfParams::calibrate`]: DESIGN.md asks for 0.5–1 s.
const CALIBRATION_TARGET: Duration = Duration::from_millis(700);
/// Upper bounds accepted when reading a key file: a tampered or absurd file must not make
/// the app allocate gigabytes or spin for an hour before saying anything.
const MAX_M_KIB: u32 = 2 * 1024 * 1024;
const MAX_T_COST: u32 = 64;
const MAX_P_COST: u32 = 16;

impl KdfParams {
    /// The floor of DESIGN.md §4: never less than 64 MiB and 3 passes. Tests use it
    /// directly; the app calibrates upwards from it.
    pub const FLOOR: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t_cost: 3,
        p_cost: 1,
    };

    /// Measures Argon2id at the floor on this machine and raises the number of passes so
    /// that one derivation takes about 0.7 s (never below the floor).
    pub fn calibrate() -> KdfParams {
        let floor = Self::FLOOR;
        // The first derivation also pays for faulting in 64 MiB of fresh memory, which
        // overstates the cost of a pass (and gave ~0.25 s unlocks instead of 0.7 s):
        // warm up once, then time a second run. A failed probe leaves the floor in place:
        // calibration only ever adds cost.
        if derive_kek(b"calibration", &[0u8; 16], floor).is_err() {
            return floor;
        }
        let started = Instant::now();
        if derive_kek(b"calibration", &[1u8; 16], floor).is_err() {
            return floor;
        }
        let elapsed = started.elapsed().max(Duration::from_millis(1));
        let per_pass_secs = elapsed.as_secs_f64() / f64::from(floor.t_cost);
        let passes = (CALIBRATION_TARGET.as_secs_f64() / per_pass_secs).ceil();
        let t_cost = (passes as u32).clamp(floor.t_cost, MAX_T_COST);
        KdfParams { t_cost, ..floor }
    }

    fn check_bounds(self) -> Result<(), StoreError> {
        let floor = Self::FLOOR;
        let ok = (floor.m_kib..=MAX_M_KIB).contains(&self.m_kib)
            && (floor.t_cost..=MAX_T_COST).contains(&self.t_cost)
            && (1..=MAX_P_COST).contains(&self.p_cost);
        if ok {
            Ok(())
        } else {
            Err(StoreError::KeyFileCorrupt(format!(
                "paramètres de dérivation hors limites (m={} Kio, t={}, p={})",
                self.m_kib, self.t_cost, self.p_cost
            )))
        }
    }
}

/// The on-disk key file (JSON, versioned).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    version: u32,
    kdf: KdfParams,
    /// Argon2 salt, hex.
    salt: String,
    /// XChaCha20-Poly1305 nonce, hex.
    nonce: String,
    /// The data key encrypted under the passphrase-derived key, hex.
    wrapped_key: String,
    /// SHA-256 of a domain-separated copy of the data key, hex: lets a recovery key be
    /// checked against this file without opening the database.
    key_check: String,
    /// SHA-256 over every other field (version 2 on), hex: tells accidental damage of the
    /// file apart from a wrong passphrase. Not a defence against tampering (the AEAD and
    /// its associated data are); an attacker who edits the file can only make it fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checksum: Option<String>,
}

impl KeyFile {
    /// The checksum of the other fields, in a fixed textual order.
    fn compute_checksum(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"passerelle keyfile checksum v2\n");
        for part in [
            self.format.as_str(),
            &self.version.to_string(),
            &self.kdf.m_kib.to_string(),
            &self.kdf.t_cost.to_string(),
            &self.kdf.p_cost.to_string(),
            &self.salt,
            &self.nonce,
            &self.wrapped_key,
            &self.key_check,
        ] {
            h.update(part.as_bytes());
            h.update(b"\n");
        }
        hex::encode(h.finalize())
    }
}

/// Fills a buffer from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>, StoreError> {
    let mut buf = Zeroizing::new([0u8; N]);
    rand::rngs::OsRng
        .try_fill_bytes(buf.as_mut())
        .map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(buf)
}

/// A new random data key.
pub fn new_data_key() -> Result<DataKey, StoreError> {
    random_bytes::<KEY_LEN>()
}

/// The check value stored beside the wrapped key (see [`KeyFile::key_check`]).
pub fn key_check(key: &[u8; KEY_LEN]) -> String {
    let mut h = Sha256::new();
    h.update(b"passerelle key check v1");
    h.update(key);
    hex::encode(h.finalize())
}

fn derive_kek(passphrase: &[u8], salt: &[u8], kdf: KdfParams) -> Result<DataKey, StoreError> {
    let params = Params::new(kdf.m_kib, kdf.t_cost, kdf.p_cost, Some(KEY_LEN))
        .map_err(|e| StoreError::KeyFileCorrupt(format!("paramètres Argon2 refusés : {e}")))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut kek = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(passphrase, salt, kek.as_mut())
        .map_err(|e| StoreError::KeyFileCorrupt(format!("dérivation impossible : {e}")))?;
    Ok(kek)
}

/// Associated data: binds the ciphertext to the format and the KDF parameters, so that
/// editing the parameters in the file cannot go unnoticed.
fn aad(kdf: KdfParams) -> Vec<u8> {
    format!(
        "{FORMAT}/{VERSION}/argon2id/{}/{}/{}",
        kdf.m_kib, kdf.t_cost, kdf.p_cost
    )
    .into_bytes()
}

/// Wraps `key` under `passphrase` and returns the key file's bytes.
pub fn wrap(key: &[u8; KEY_LEN], passphrase: &str, kdf: KdfParams) -> Result<Vec<u8>, StoreError> {
    kdf.check_bounds()?;
    let salt = random_bytes::<16>()?;
    let nonce = random_bytes::<24>()?;
    let kek = derive_kek(passphrase.as_bytes(), salt.as_ref(), kdf)?;
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let wrapped = cipher
        .encrypt(
            XNonce::from_slice(nonce.as_ref()),
            Payload {
                msg: key,
                aad: &aad(kdf),
            },
        )
        .map_err(|_| StoreError::Crypto("chiffrement de la clé impossible".into()))?;
    let mut file = KeyFile {
        format: FORMAT.into(),
        version: VERSION,
        kdf,
        salt: hex::encode(&salt[..]),
        nonce: hex::encode(&nonce[..]),
        wrapped_key: hex::encode(wrapped),
        key_check: key_check(key),
        checksum: None,
    };
    file.checksum = Some(file.compute_checksum());
    let mut bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| StoreError::Crypto(format!("sérialisation du fichier de clé : {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn parse(bytes: &[u8]) -> Result<KeyFile, StoreError> {
    let file: KeyFile = serde_json::from_slice(bytes)
        .map_err(|e| StoreError::KeyFileCorrupt(format!("illisible ({e})")))?;
    if file.format != FORMAT {
        return Err(StoreError::KeyFileCorrupt(
            "ce n'est pas un fichier de clé Passerelle".into(),
        ));
    }
    if !(OLDEST_VERSION..=VERSION).contains(&file.version) {
        return Err(StoreError::KeyFileCorrupt(format!(
            "version {} inconnue de cette version de Passerelle",
            file.version
        )));
    }
    if file.version >= 2 {
        // Checked before the bounds and before Argon2: damage is named as damage, and a
        // damaged cost never makes us allocate or spin.
        match &file.checksum {
            Some(sum) if *sum == file.compute_checksum() => {}
            Some(_) => {
                return Err(StoreError::KeyFileCorrupt(
                    "somme de contrôle incorrecte : le fichier a été abîmé".into(),
                ));
            }
            None => {
                return Err(StoreError::KeyFileCorrupt(
                    "somme de contrôle absente".into(),
                ));
            }
        }
    }
    file.kdf.check_bounds()?;
    Ok(file)
}

fn unhex(field: &str, value: &str) -> Result<Vec<u8>, StoreError> {
    hex::decode(value).map_err(|_| StoreError::KeyFileCorrupt(format!("champ {field} invalide")))
}

/// Unwraps the data key with the passphrase. A wrong passphrase gives
/// [`StoreError::WrongPassphrase`]; nothing is written anywhere.
pub fn unwrap(bytes: &[u8], passphrase: &str) -> Result<DataKey, StoreError> {
    let file = parse(bytes)?;
    let salt = unhex("salt", &file.salt)?;
    let nonce = unhex("nonce", &file.nonce)?;
    let wrapped = unhex("wrapped_key", &file.wrapped_key)?;
    if nonce.len() != 24 || salt.len() < 8 {
        return Err(StoreError::KeyFileCorrupt(
            "sel ou nonce de mauvaise taille".into(),
        ));
    }
    let kek = derive_kek(passphrase.as_bytes(), &salt, file.kdf)?;
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &wrapped,
                    aad: &aad(file.kdf),
                },
            )
            .map_err(|_| StoreError::WrongPassphrase)?,
    );
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    if plain.len() != KEY_LEN {
        return Err(StoreError::KeyFileCorrupt(
            "clé enveloppée de mauvaise taille".into(),
        ));
    }
    key.copy_from_slice(&plain);
    Ok(key)
}

/// Whether `key` is the key this key file wraps (compares the stored check value).
pub fn matches(bytes: &[u8], key: &[u8; KEY_LEN]) -> Result<bool, StoreError> {
    let file = parse(bytes)?;
    Ok(file.key_check == key_check(key))
}

/// The KDF parameters recorded in a key file.
pub fn params(bytes: &[u8]) -> Result<KdfParams, StoreError> {
    Ok(parse(bytes)?.kdf)
}

/// Writes `bytes` to `path` atomically: temporary file in the same directory, fsync,
/// rename over the target, fsync of the directory. A crash leaves either the old file or
/// the new one, never a mix (so exactly one passphrase works after a crash mid-change).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = parent_dir(path);
    let tmp = temporary_path(path);
    let written = (|| {
        let mut f = super::private::create_private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        // A full disk or a read-only folder must not leave a half key file behind.
        let _ = fs::remove_file(&tmp);
        return Err(super::fault::from_io(e, "écriture du fichier de clé", dir));
    }
    sync_dir(dir);
    Ok(())
}

/// The temporary file [`write_atomically`] writes before its rename (`.x.db.key.tmp`
/// beside `x.db.key`). A kill between its creation and the rename leaves it behind; the
/// next unlock removes it (it wraps a key nothing uses yet).
pub fn temporary_path(path: &Path) -> PathBuf {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_dir(path).join(format!(".{file_name}.tmp"))
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flushes a directory entry to disk after a rename. Best effort: not every platform can
/// open a directory, and a failure here does not make the rename less atomic.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_then_unwrap_gives_the_key_back() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "une phrase de passe", KdfParams::FLOOR).unwrap();
        let back = unwrap(&file, "une phrase de passe").unwrap();
        assert_eq!(*back, *key);
        assert!(matches(&file, &key).unwrap());
    }

    #[test]
    fn wrong_passphrase_is_reported_as_such() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "la bonne", KdfParams::FLOOR).unwrap();
        assert!(matches!(
            unwrap(&file, "la mauvaise"),
            Err(StoreError::WrongPassphrase)
        ));
    }

    #[test]
    fn tampered_parameters_do_not_unwrap() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "phrase", KdfParams::FLOOR).unwrap();
        let text = String::from_utf8(file)
            .unwrap()
            .replace("\"t_cost\": 3", "\"t_cost\": 4");
        assert!(unwrap(text.as_bytes(), "phrase").is_err());
    }

    #[test]
    fn absurd_work_factor_is_refused_before_deriving() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "phrase", KdfParams::FLOOR).unwrap();
        let text = String::from_utf8(file)
            .unwrap()
            .replace("\"m_kib\": 65536", "\"m_kib\": 4000000000");
        let started = Instant::now();
        assert!(matches!(
            unwrap(text.as_bytes(), "phrase"),
            Err(StoreError::KeyFileCorrupt(_))
        ));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn calibration_never_goes_below_the_floor() {
        let k = KdfParams::calibrate();
        assert_eq!(k.m_kib, KdfParams::FLOOR.m_kib);
        assert!(k.t_cost >= KdfParams::FLOOR.t_cost && k.t_cost <= MAX_T_COST);
        assert!(k.check_bounds().is_ok());
    }

    #[test]
    fn below_floor_is_refused() {
        let weak = KdfParams {
            m_kib: 1024,
            t_cost: 1,
            p_cost: 1,
        };
        let key = new_data_key().unwrap();
        assert!(wrap(&key, "phrase", weak).is_err());
    }

    /// Flips one hex digit of `field` in a version 2 key file.
    fn damage(file: &[u8], field: &str) -> Vec<u8> {
        let mut value: serde_json::Value = serde_json::from_slice(file).unwrap();
        let text = value[field].as_str().unwrap().to_owned();
        let first = if text.starts_with('0') { "1" } else { "0" };
        value[field] = serde_json::Value::String(format!("{first}{}", &text[1..]));
        serde_json::to_vec(&value).unwrap()
    }

    #[test]
    fn damage_in_any_field_is_named_as_damage_not_as_a_wrong_passphrase() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "phrase", KdfParams::FLOOR).unwrap();
        for field in ["salt", "nonce", "wrapped_key", "key_check", "checksum"] {
            let damaged = damage(&file, field);
            assert!(
                matches!(
                    unwrap(&damaged, "phrase"),
                    Err(StoreError::KeyFileCorrupt(_))
                ),
                "{field}"
            );
        }
        // The cost too: a changed pass count is damage, checked before any derivation.
        let text = String::from_utf8(file.clone())
            .unwrap()
            .replace("\"t_cost\": 3", "\"t_cost\": 4");
        assert!(matches!(
            unwrap(text.as_bytes(), "phrase"),
            Err(StoreError::KeyFileCorrupt(_))
        ));
        // An intact file with the wrong passphrase is still a wrong passphrase.
        assert!(matches!(
            unwrap(&file, "autre"),
            Err(StoreError::WrongPassphrase)
        ));
    }

    #[test]
    fn version_1_files_without_checksum_still_open() {
        let key = new_data_key().unwrap();
        let file = wrap(&key, "phrase", KdfParams::FLOOR).unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&file).unwrap();
        value["version"] = 1.into();
        value.as_object_mut().unwrap().remove("checksum");
        let v1 = serde_json::to_vec(&value).unwrap();
        assert_eq!(*unwrap(&v1, "phrase").unwrap(), *key);
    }

    #[test]
    fn garbage_is_a_corrupt_key_file() {
        assert!(matches!(
            unwrap(b"\x00\x01garbage", "x"),
            Err(StoreError::KeyFileCorrupt(_))
        ));
        assert!(matches!(
            unwrap(b"{}", "x"),
            Err(StoreError::KeyFileCorrupt(_))
        ));
    }
}
