//! The age envelope around a packet's archive: encryption to the partners' X25519 keys or
//! to a passphrase (binary, or ASCII-armored for e-mail), and decryption fully in memory,
//! with any of our keys, under caps on the scrypt work factor and on the decrypted size,
//! and with age's failures told in French.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::SecretString;

use super::{MAX_ARCHIVE_BYTES, MAX_SCRYPT_LOG_N, PacketError, crypto};

/// Encrypts `plain` to age recipients ("age1…"), binary or ASCII-armored.
pub fn encrypt_to(
    plain: &[u8],
    recipients: &[String],
    armor: bool,
) -> Result<Vec<u8>, PacketError> {
    let parsed: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| {
            age::x25519::Recipient::from_str(r)
                .map_err(|_| PacketError::BadCard("clé de chiffrement invalide".into()))
        })
        .collect::<Result<_, _>>()?;
    encrypt(plain, &parsed, None, armor)
}

/// Encrypts `plain` to a passphrase (scrypt work factor `log_n`, or age's default).
pub fn encrypt_with_passphrase(
    plain: &[u8],
    passphrase: &str,
    log_n: Option<u8>,
    armor: bool,
) -> Result<Vec<u8>, PacketError> {
    encrypt(plain, &[], Some((passphrase, log_n)), armor)
}

/// Encrypts `plain` to `recipients`, or to a passphrase.
pub(super) fn encrypt(
    plain: &[u8],
    recipients: &[age::x25519::Recipient],
    passphrase: Option<(&str, Option<u8>)>,
    armor: bool,
) -> Result<Vec<u8>, PacketError> {
    let encryptor = match passphrase {
        Some((p, log_n)) => {
            let mut r = age::scrypt::Recipient::new(SecretString::from(p.to_owned()));
            if let Some(n) = log_n {
                r.set_work_factor(n);
            }
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        }
        None => {
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        }
    }
    .map_err(crypto)?;
    let format = if armor {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let armored = age::armor::ArmoredWriter::wrap_output(Vec::new(), format).map_err(crypto)?;
    let mut writer = encryptor.wrap_output(armored).map_err(crypto)?;
    writer.write_all(plain).map_err(crypto)?;
    writer
        .finish()
        .and_then(age::armor::ArmoredWriter::finish)
        .map_err(crypto)
}

/// age's failure in French (its own messages are English: « decryption error »…).
fn decrypt_error_fr(e: &age::DecryptError) -> String {
    use age::DecryptError as D;
    match e {
        D::DecryptionFailed | D::KeyDecryptionFailed => {
            "le déchiffrement a échoué : le contenu a été modifié ou le fichier est tronqué".into()
        }
        D::InvalidHeader => "en-tête de fichier age invalide".into(),
        D::InvalidMac => "l'en-tête du fichier a été modifié".into(),
        D::Io(_) => "lecture interrompue : le fichier est tronqué ou illisible".into(),
        D::UnknownFormat => "format de chiffrement inconnu".into(),
        _ => "fichier chiffré d'un type que Passerelle ne lit pas".into(),
    }
}

/// Decrypts a packet fully in memory (age handles binary and armored input).
pub fn decrypt(
    bytes: &[u8],
    identity: Option<&age::x25519::Identity>,
    passphrase: Option<&str>,
) -> Result<Vec<u8>, PacketError> {
    let ids: Vec<&age::x25519::Identity> = identity.into_iter().collect();
    decrypt_any(bytes, &ids, passphrase)
}

/// [`decrypt`] with several keys of ours (the current one, and the previous one during
/// its grace period after a rotation).
pub(super) fn decrypt_any(
    bytes: &[u8],
    identities: &[&age::x25519::Identity],
    passphrase: Option<&str>,
) -> Result<Vec<u8>, PacketError> {
    use age::DecryptError as D;
    let map = |e: D| match e {
        D::NoMatchingKeys => PacketError::NotForUs,
        D::ExcessiveWork { .. } => PacketError::ExcessiveWork,
        D::DecryptionFailed | D::KeyDecryptionFailed if passphrase.is_some() => {
            PacketError::WrongPassphrase
        }
        other => PacketError::Damaged(decrypt_error_fr(&other)),
    };
    // Whitespace before an armored file (an e-mail client's doing) is allowed by the
    // age spec but not by the age crate's armor detection: skip it here.
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let bytes = if bytes[start..].starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----") {
        &bytes[start..]
    } else {
        bytes
    };
    let reader = age::armor::ArmoredReader::new(bytes);
    let decryptor = age::Decryptor::new(reader).map_err(map)?;
    let mut stream = if decryptor.is_scrypt() {
        let pass = passphrase.ok_or(PacketError::PassphraseNeeded)?;
        let mut id = age::scrypt::Identity::new(SecretString::from(pass.to_owned()));
        id.set_max_work_factor(MAX_SCRYPT_LOG_N);
        decryptor
            .decrypt(std::iter::once(&id as &dyn age::Identity))
            .map_err(map)?
    } else {
        if identities.is_empty() {
            return Err(PacketError::NotForUs);
        }
        decryptor
            .decrypt(identities.iter().map(|i| *i as &dyn age::Identity))
            .map_err(map)?
    };
    let mut plain = Vec::new();
    (&mut stream)
        .take(MAX_ARCHIVE_BYTES + 1)
        .read_to_end(&mut plain)
        .map_err(|_| {
            PacketError::Damaged(
                "le contenu chiffré a été modifié ou le fichier est tronqué".into(),
            )
        })?;
    if plain.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(PacketError::TooLarge {
            what: "contenu déchiffré",
            limit_kib: MAX_ARCHIVE_BYTES >> 10,
        });
    }
    Ok(plain)
}
