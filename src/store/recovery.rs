//! The recovery key: the database's data key itself, written for a human.
//!
//! 32 key bytes + 3 checksum bytes = 280 bits = 56 characters of Crockford base32, shown
//! in 14 groups of 4. Crockford's alphabet has no I, L, O or U, and reading tolerates the
//! confusions people make when copying by hand (O for 0, I or L for 1), spaces, dashes and
//! lower case. Because it *is* the data key, the data outlives the app: any SQLCipher 4
//! client opens the database with it (see the README and `recover --print-raw-key`).

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::StoreError;
use super::keyfile::{DataKey, KEY_LEN};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECKSUM_LEN: usize = 3;
const PAYLOAD_LEN: usize = KEY_LEN + CHECKSUM_LEN;
/// Characters in a recovery key (without separators).
pub const CHARS: usize = PAYLOAD_LEN * 8 / 5;
const GROUP: usize = 4;

/// A recovery key as text. Zeroed when dropped.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    /// Encodes a data key.
    pub fn from_data_key(key: &[u8; KEY_LEN]) -> Self {
        let mut payload = Zeroizing::new([0u8; PAYLOAD_LEN]);
        payload[..KEY_LEN].copy_from_slice(key);
        payload[KEY_LEN..].copy_from_slice(&checksum(key));
        RecoveryKey(Zeroizing::new(encode(payload.as_ref())))
    }

    /// The key in groups of four separated by dashes, for display and printing.
    pub fn formatted(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(GROUP)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a key typed by a person and returns the data key it encodes.
    pub fn parse(text: &str) -> Result<DataKey, StoreError> {
        let mut bits: u64 = 0;
        let mut nbits = 0u32;
        let mut out = Zeroizing::new(Vec::with_capacity(PAYLOAD_LEN));
        let mut count = 0usize;
        for c in text.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let v = decode_char(c).ok_or_else(|| {
                StoreError::BadRecoveryKey(format!(
                    "caractère « {c} » impossible dans une clé de secours"
                ))
            })?;
            count += 1;
            bits = (bits << 5) | u64::from(v);
            nbits += 5;
            if nbits >= 8 {
                nbits -= 8;
                out.push((bits >> nbits) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        if count != CHARS {
            return Err(StoreError::BadRecoveryKey(format!(
                "{count} caractères lus, {CHARS} attendus"
            )));
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&out[..KEY_LEN]);
        if out[KEY_LEN..PAYLOAD_LEN] != checksum(&key) {
            return Err(StoreError::BadRecoveryKey(
                "la somme de contrôle ne correspond pas : un caractère a sans doute été mal recopié".into(),
            ));
        }
        Ok(key)
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key itself in logs or panics.
        f.write_str("RecoveryKey(…)")
    }
}

fn checksum(key: &[u8; KEY_LEN]) -> [u8; CHECKSUM_LEN] {
    let mut h = Sha256::new();
    h.update(b"passerelle recovery v1");
    h.update(key);
    let d = h.finalize();
    [d[0], d[1], d[2]]
}

fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(CHARS);
    let mut bits: u64 = 0;
    let mut nbits = 0u32;
    for &b in bytes {
        bits = (bits << 8) | u64::from(b);
        nbits += 8;
        while nbits >= 5 {
            nbits -= 5;
            s.push(ALPHABET[((bits >> nbits) & 31) as usize] as char);
        }
        bits &= (1 << nbits) - 1;
    }
    s
}

fn decode_char(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let key = [7u8; KEY_LEN];
        let rk = RecoveryKey::from_data_key(&key);
        let text = rk.formatted();
        assert_eq!(text.len(), CHARS + CHARS / GROUP - 1);
        assert_eq!(*RecoveryKey::parse(&text).unwrap(), key);
    }

    #[test]
    fn tolerates_case_spaces_and_look_alikes() {
        let mut key = [0u8; KEY_LEN];
        for (i, b) in key.iter_mut().enumerate() {
            *b = (i * 37 + 11) as u8;
        }
        let text = RecoveryKey::from_data_key(&key).formatted();
        let sloppy = text
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(*RecoveryKey::parse(&sloppy).unwrap(), key);
    }

    #[test]
    fn a_miscopied_character_is_caught() {
        let key = [42u8; KEY_LEN];
        let text = RecoveryKey::from_data_key(&key).formatted();
        let mut chars: Vec<char> = text.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let bad: String = chars.into_iter().collect();
        assert!(matches!(
            RecoveryKey::parse(&bad),
            Err(StoreError::BadRecoveryKey(_))
        ));
    }

    #[test]
    fn wrong_length_and_bad_characters_are_refused() {
        assert!(RecoveryKey::parse("ABCD-EFGH").is_err());
        assert!(RecoveryKey::parse(&"U".repeat(CHARS)).is_err());
    }

    #[test]
    fn debug_does_not_leak_the_key() {
        let rk = RecoveryKey::from_data_key(&[1u8; KEY_LEN]);
        assert_eq!(format!("{rk:?}"), "RecoveryKey(…)");
    }
}
