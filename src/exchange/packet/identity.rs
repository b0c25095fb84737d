//! Who we are and whom we trust (DESIGN.md §5): this installation's [`Identity`] (an age
//! key to receive, a minisign key to sign), the contact card partners pin after checking
//! its fingerprint over the phone, the directory of pinned partners (pin, revoke, unpin,
//! link to a registry record, re-pin after their rotation) and the rotation and export of
//! our own keys. Every change to the directory or to our keys is audited.

use std::io::Cursor;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{CARD_FORMAT, PacketError, crypto};
use crate::domain::merge;
use crate::domain::model::{Employer, Landlord, Partner, PartnerRole, PartnerTrust};
use crate::store::exchange::StoredIdentity;
use crate::store::{Store, StoreError};

/// This installation's keys: age X25519 for receiving, minisign Ed25519 for signing.
pub struct Identity {
    /// Organisation name shown to partners.
    pub organisation: String,
    age: age::x25519::Identity,
    pub(super) sign_sk: minisign::SecretKey,
    pub(super) sign_pk: minisign::PublicKey,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("organisation", &self.organisation)
            .finish_non_exhaustive()
    }
}

/// The minisign key id as minisign prints it (16 upper-case hex digits).
pub(super) fn key_id_hex(keynum: &[u8]) -> String {
    let mut le = [0u8; 8];
    for (d, s) in le.iter_mut().zip(keynum) {
        *d = *s;
    }
    format!("{:016X}", u64::from_le_bytes(le))
}

/// The fingerprint read over the phone: 32 hex digits in groups of four, over both
/// public keys.
pub fn fingerprint(age_recipient: &str, minisign_public_key: &str) -> String {
    let digest = Sha256::digest(format!(
        "{CARD_FORMAT}\n{age_recipient}\n{minisign_public_key}"
    ));
    let text = hex::encode_upper(&digest[..16]);
    text.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Identity {
    /// New random keys for `organisation`.
    pub fn generate(organisation: &str) -> Result<Self, PacketError> {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().map_err(crypto)?;
        Ok(Identity {
            organisation: organisation.trim().to_owned(),
            age: age::x25519::Identity::generate(),
            sign_sk: kp.sk,
            sign_pk: kp.pk,
        })
    }

    /// The stored form (secrets as text, kept inside the encrypted database).
    pub fn to_stored(&self, created_at: DateTime<Utc>) -> StoredIdentity {
        use base64_engine::encode;
        StoredIdentity {
            organisation: self.organisation.clone(),
            age_secret: Zeroizing::new(self.age.to_string().expose_secret().to_owned()),
            minisign_secret: Zeroizing::new(encode(&Zeroizing::new(self.sign_sk.to_bytes()))),
            created_at: created_at.to_rfc3339(),
        }
    }

    /// Back from the stored form.
    pub fn from_stored(stored: &StoredIdentity) -> Result<Self, PacketError> {
        let age = age::x25519::Identity::from_str(&stored.age_secret).map_err(crypto)?;
        let bytes = Zeroizing::new(base64_engine::decode(&stored.minisign_secret)?);
        let sign_sk = minisign::SecretKey::from_bytes(&bytes).map_err(crypto)?;
        let sign_pk = minisign::PublicKey::from_secret_key(&sign_sk).map_err(crypto)?;
        Ok(Identity {
            organisation: stored.organisation.clone(),
            age,
            sign_sk,
            sign_pk,
        })
    }

    /// The age recipient ("age1…") partners encrypt to.
    pub fn age_recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    /// The minisign public key (base64, as `minisign -P` takes it).
    pub fn minisign_public_key(&self) -> String {
        self.sign_pk.to_base64()
    }

    /// The minisign key id.
    pub fn key_id(&self) -> String {
        key_id_hex(self.sign_pk.keynum())
    }

    /// The minisign signature (`.minisig` text) of a manifest.
    pub fn sign_manifest(&self, manifest: &[u8], packet_id: Uuid) -> Result<String, PacketError> {
        Ok(minisign::sign(
            Some(&self.sign_pk),
            &self.sign_sk,
            Cursor::new(manifest),
            Some(&format!("passerelle paquet {packet_id}")),
            Some("signature Passerelle du manifeste"),
        )
        .map_err(crypto)?
        .to_string())
    }

    /// The age identity, to decrypt.
    pub fn age_identity(&self) -> &age::x25519::Identity {
        &self.age
    }

    /// The contact card to give partners.
    pub fn contact_card(&self) -> ContactCard {
        let age_recipient = self.age_recipient();
        let minisign_public_key = self.minisign_public_key();
        ContactCard {
            format: CARD_FORMAT.into(),
            version: 1,
            organisation: self.organisation.clone(),
            fingerprint: fingerprint(&age_recipient, &minisign_public_key),
            key_id: self.key_id(),
            age_recipient,
            minisign_public_key,
        }
    }
}

/// Base64 for the stored minisign key, through the `minisign` crate's own box format
/// would add comments; a tiny standard-alphabet codec keeps the column plain.
mod base64_engine {
    use super::PacketError;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, PacketError> {
        let bad = || PacketError::Crypto("clé enregistrée illisible".into());
        let text = text.trim().trim_end_matches('=');
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let mut acc = 0u32;
        let mut bits = 0;
        for c in text.bytes() {
            let v = ALPHABET.iter().position(|a| *a == c).ok_or_else(bad)?;
            acc = (acc << 6) | v as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push(((acc >> bits) & 0xff) as u8);
            }
        }
        Ok(out)
    }
}

/// A contact card: the public half of an identity, exchanged as a small JSON file and
/// checked by fingerprint over the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactCard {
    /// Always [`CARD_FORMAT`].
    pub format: String,
    /// Card format version.
    pub version: u32,
    /// Organisation name.
    pub organisation: String,
    /// age X25519 recipient ("age1…").
    pub age_recipient: String,
    /// minisign public key (base64).
    pub minisign_public_key: String,
    /// minisign key id.
    pub key_id: String,
    /// Fingerprint of both keys.
    pub fingerprint: String,
}

impl ContactCard {
    /// The card as a file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads and checks a card: format, both keys, key id and fingerprint.
    pub fn parse(text: &str) -> Result<Self, PacketError> {
        if text.len() > 16 << 10 {
            return Err(PacketError::BadCard("fichier trop grand".into()));
        }
        let card: ContactCard = serde_json::from_str(text).map_err(|e| {
            PacketError::BadCard(format!("ce n'est pas une carte ({})", merge::serde_fr(&e)))
        })?;
        if card.format != CARD_FORMAT || card.version != 1 {
            return Err(PacketError::BadCard("format inconnu".into()));
        }
        age::x25519::Recipient::from_str(&card.age_recipient)
            .map_err(|_| PacketError::BadCard("clé de chiffrement invalide".into()))?;
        let pk = minisign::PublicKey::from_base64(&card.minisign_public_key)
            .map_err(|_| PacketError::BadCard("clé de signature invalide".into()))?;
        if key_id_hex(pk.keynum()) != card.key_id {
            return Err(PacketError::BadCard("identifiant de clé incohérent".into()));
        }
        if fingerprint(&card.age_recipient, &card.minisign_public_key) != card.fingerprint {
            return Err(PacketError::BadCard(
                "l'empreinte ne correspond pas aux clés".into(),
            ));
        }
        if card.organisation.trim().is_empty() {
            return Err(PacketError::BadCard("nom d'organisation vide".into()));
        }
        Ok(card)
    }

    /// The partner record pinning this card, with `role`.
    pub fn to_partner(&self, role: PartnerRole, contact: &str) -> Partner {
        Partner {
            id: Uuid::new_v4(),
            organisation: self.organisation.clone(),
            role,
            age_public_key: self.age_recipient.clone(),
            minisign_public_key: self.minisign_public_key.clone(),
            fingerprint: self.fingerprint.clone(),
            contact: contact.to_owned(),
            trust: PartnerTrust::default(),
        }
    }
}

/// This installation's identity, created with `organisation` if there is none yet
/// (`None` then fails with [`PacketError::NoIdentity`]).
pub fn ensure_identity(
    store: &mut Store,
    organisation: Option<&str>,
) -> Result<Identity, PacketError> {
    if let Some(stored) = store.exchange_identity()? {
        return Identity::from_stored(&stored);
    }
    let org = organisation
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .ok_or(PacketError::NoIdentity)?;
    let identity = Identity::generate(org)?;
    let stored = identity.to_stored(store.now());
    store.write(|tx| {
        tx.set_exchange_identity(&stored)?;
        tx.audit("identité d'échange", "créée")
    })?;
    Ok(identity)
}

/// The stored identity, or [`PacketError::NoIdentity`].
pub fn identity(store: &Store) -> Result<Identity, PacketError> {
    let stored = store.exchange_identity()?.ok_or(PacketError::NoIdentity)?;
    Identity::from_stored(&stored)
}

/// Pins a partner's card with `role`. A card already pinned (same keys) gets its role
/// and organisation updated instead of a second entry. Returns the partner.
pub fn add_partner(
    store: &mut Store,
    card: &ContactCard,
    role: PartnerRole,
    contact: &str,
) -> Result<Partner, PacketError> {
    let existing = store
        .list::<Partner>()?
        .into_iter()
        .find(|p| p.fingerprint == card.fingerprint);
    let mut partner = card.to_partner(role, contact);
    if let Some(old) = existing {
        partner.id = old.id;
        if partner.contact.is_empty() {
            partner.contact = old.contact;
        }
        // A new role drops the link (a landlord record is no employer's) but keeps
        // the rest: revocation, replaced keys, site.
        partner.trust = old.trust;
        if old.role != role {
            partner.trust.linked_record = None;
        }
    }
    store.write(|tx| {
        tx.put(&partner)?;
        tx.audit(
            "partenaire épinglé",
            &format!(
                "{} ({}) ; rôle {}",
                partner.id,
                card.fingerprint,
                partner.role.label_fr()
            ),
        )
    })?;
    Ok(partner)
}

// ---------------------------------------------------------------------------------------
// Partner lifecycle and our own keys
// ---------------------------------------------------------------------------------------

/// How long our previous age key still opens packets after a rotation: time for every
/// partner to pin the new card.
pub const ROTATION_GRACE_DAYS: i64 = 60;

fn partner(store: &Store, id: Uuid) -> Result<Partner, PacketError> {
    store
        .find::<Partner>(id)?
        .ok_or_else(|| PacketError::UnknownPartner(id.to_string()))
}

/// Revokes a partner from now on: nothing is sent to it any more, and its packets signed
/// after now are refused (with the date). Audited. Its earlier packets stay readable.
pub fn revoke_partner(store: &mut Store, id: Uuid) -> Result<Partner, PacketError> {
    let mut p = partner(store, id)?;
    if p.trust.revoked_at.is_none() {
        p.trust.revoked_at = Some(store.now());
    }
    store.write(|tx| {
        tx.put(&p)?;
        tx.audit("partenaire révoqué", &p.id.to_string())
    })?;
    Ok(p)
}

/// Removes a partner from the directory (its card is forgotten: its packets are then
/// refused as signed by an unknown key). Audited.
pub fn unpin_partner(store: &mut Store, id: Uuid) -> Result<(), PacketError> {
    let p = partner(store, id)?;
    store.write(|tx| {
        tx.delete::<Partner>(p.id)?;
        tx.audit(
            "partenaire désépinglé",
            &format!("{} ({})", p.id, p.fingerprint),
        )
    })?;
    Ok(())
}

/// Links an employer partner to its `Employer` record, or a landlord to its `Landlord`
/// record (`None` removes the link): it then receives only the proposals about its own
/// offers or units. Audited.
pub fn link_partner(
    store: &mut Store,
    id: Uuid,
    record: Option<Uuid>,
) -> Result<Partner, PacketError> {
    let mut p = partner(store, id)?;
    if let Some(r) = record {
        let ok = match p.role {
            PartnerRole::Employeur => store.find::<Employer>(r)?.is_some(),
            PartnerRole::Bailleur => store.find::<Landlord>(r)?.is_some(),
            _ => false,
        };
        if !ok {
            return Err(PacketError::BadLink);
        }
    }
    p.trust.linked_record = record;
    store.write(|tx| {
        tx.put(&p)?;
        tx.audit(
            "partenaire lié",
            &format!(
                "{} → {}",
                p.id,
                record.map_or_else(|| "aucune fiche".to_owned(), |r| r.to_string())
            ),
        )
    })?;
    Ok(p)
}

/// Re-pins a partner that rotated its keys: same partner (role, link, history), the new
/// card's keys; the old fingerprint is listed as replaced. Audited.
pub fn repin_partner(
    store: &mut Store,
    id: Uuid,
    card: &ContactCard,
) -> Result<Partner, PacketError> {
    let mut p = partner(store, id)?;
    if p.fingerprint == card.fingerprint {
        return Ok(p);
    }
    if store
        .list::<Partner>()?
        .iter()
        .any(|o| o.id != id && o.fingerprint == card.fingerprint)
    {
        return Err(PacketError::BadCard(
            "cette carte est déjà épinglée pour un autre partenaire".into(),
        ));
    }
    let old = std::mem::replace(&mut p.fingerprint, card.fingerprint.clone());
    p.trust.replaced_fingerprints.push(old.clone());
    p.age_public_key = card.age_recipient.clone();
    p.minisign_public_key = card.minisign_public_key.clone();
    p.organisation = card.organisation.clone();
    store.write(|tx| {
        tx.put(&p)?;
        tx.audit(
            "partenaire épinglé à nouveau (clés renouvelées)",
            &format!("{} : {} remplacée par {}", p.id, old, card.fingerprint),
        )
    })?;
    Ok(p)
}

/// Replaces our keys (same organisation): returns the new identity, whose card must be
/// sent to every partner. Our previous age key keeps opening packets sent to the old
/// card for [`ROTATION_GRACE_DAYS`]; the old signing key signs nothing any more.
/// Audited.
pub fn rotate_identity(store: &mut Store) -> Result<Identity, PacketError> {
    let old = identity(store)?;
    let new = Identity::generate(&old.organisation)?;
    let now = store.now();
    let retired = crate::store::exchange::RetiredIdentity {
        age_secret: Zeroizing::new(old.age.to_string().expose_secret().to_owned()),
        key_id: old.key_id(),
        retired_at: now.to_rfc3339(),
        until: (now + chrono::Duration::days(ROTATION_GRACE_DAYS)).to_rfc3339(),
    };
    let stored = new.to_stored(now);
    store.write(|tx| {
        tx.forget_retired_before(&now.to_rfc3339())?;
        tx.retire_identity(&retired)?;
        tx.set_exchange_identity(&stored)?;
        tx.audit(
            "identité d'échange renouvelée",
            &format!(
                "clé {} remplacée par {} ; l'ancienne clé de chiffrement reste valable jusqu'au {}",
                retired.key_id,
                new.key_id(),
                (now + chrono::Duration::days(ROTATION_GRACE_DAYS)).format("%d/%m/%Y")
            ),
        )
    })?;
    Ok(new)
}

/// Our previous age keys still in their grace period, to open packets sent to an old card.
pub(super) fn retired_age_identities(
    store: &Store,
) -> Result<Vec<age::x25519::Identity>, PacketError> {
    let now = store.now();
    store
        .retired_identities()?
        .into_iter()
        .filter(|r| {
            DateTime::parse_from_rfc3339(&r.until).is_ok_and(|u| u.with_timezone(&Utc) >= now)
        })
        .map(|r| age::x25519::Identity::from_str(&r.age_secret).map_err(crypto))
        .collect()
}

/// The text of our age identity file (`age -d -i FILE`): comments, then the secret key.
fn age_identity_file(me: &Identity, now: DateTime<Utc>) -> Zeroizing<String> {
    Zeroizing::new(format!(
        "# Clé secrète de déchiffrement de {} (Passerelle), exportée le {}.\n\
         # Elle ouvre TOUS les paquets adressés à votre structure : gardez-la sur un support\n\
         # chiffré, ne l'envoyez jamais, supprimez-la après usage.\n\
         # public key: {}\n{}\n",
        me.organisation,
        now.format("%d/%m/%Y"),
        me.age_recipient(),
        me.age.to_string().expose_secret()
    ))
}

/// Writes our age identity to `path` (owner-only, never over an existing file), so that
/// `age -d -i FILE paquet.age` opens a packet with standard tools. Explicit and audited:
/// the file opens every packet sent to us.
pub fn export_age_identity(store: &mut Store, path: &std::path::Path) -> Result<(), PacketError> {
    let me = identity(store)?;
    let text = age_identity_file(&me, store.now());
    crate::exchange::output::write_export(path, text.as_bytes(), false).map_err(|e| {
        PacketError::Store(StoreError::Invalid(format!(
            "La clé n'a pas été exportée : {e}"
        )))
    })?;
    store.write(|tx| {
        tx.audit(
            "clé secrète age exportée",
            &format!("clé {} écrite hors de la base", me.key_id()),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(
                base64_engine::decode(&base64_engine::encode(&bytes)).unwrap(),
                bytes
            );
        }
    }
}
