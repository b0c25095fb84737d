//! Case packet files (DESIGN.md §5): identity and contact cards, writing a packet, and
//! reading one through every check before anything is written.
//!
//! A packet is an age-encrypted (to the partners' X25519 keys, or to a passphrase) tar
//! archive of three files: `manifest.json`, `records.jsonl` (one stamped record per line)
//! and `manifest.json.minisig`, a minisign signature of the manifest. Standard tools open
//! it: `age -d`, then `tar x`, then `minisign -V -P KEY -m manifest.json`.
//!
//! Reading checks, in this order, and stops at the first failure with the database
//! untouched: size caps → decryption fully in memory → strict tar parse → signature by a
//! pinned partner → manifest (format, schema version, recipients) and file hashes →
//! every record against the schema and the domain rules → preview → one transaction.

use crate::store::audit::AuditObject;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::redact::{self, PACKET_TABLES};
use crate::domain::hlc::Hlc;
use crate::domain::merge::{self, FieldConflict, MergeError, MergeKind, StampedData};
use crate::domain::model::*;
use crate::domain::record::{DELETED_KEY, Record, Stamped, Stamps};
use crate::domain::text::count;
use crate::domain::validate::join_messages;
use crate::store::exchange::StoredIdentity;
use crate::store::records::{MergeWriter, Stored};
use crate::store::{SCHEMA_VERSION, Store, StoreError, Tx};

pub mod team;

/// Name of the packet format, in every manifest.
pub const FORMAT_NAME: &str = "passerelle-paquet";
/// Version of the packet format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the contact card format.
pub const CARD_FORMAT: &str = "passerelle-carte-contact";
/// Largest packet file accepted (a 1,000-household packet is a few MB).
pub const MAX_PACKET_BYTES: usize = 64 << 20;
/// Largest team snapshot accepted: the coordinator's whole base (109 MB at 10,000
/// households, team bench). Read only once its hash matched a description signed by the
/// coordinator, so a stranger's file in the folder never gets this far.
pub const MAX_SNAPSHOT_BYTES: usize = 256 << 20;
/// Largest decrypted archive accepted.
pub const MAX_ARCHIVE_BYTES: u64 = 256 << 20;
/// Largest manifest or signature accepted.
pub const MAX_MANIFEST_BYTES: u64 = 256 << 10;
/// Largest line of `records.jsonl` accepted.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Highest scrypt work factor (log2 N) accepted for a passphrase packet: age's own
/// default is 18; a forged 2^40 must be refused at once, not computed for hours.
pub const MAX_SCRYPT_LOG_N: u8 = 20;

const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.json.minisig";
const RECORDS: &str = "records.jsonl";

/// Everything that can go wrong with packets and cards. `Display` is the French message
/// for the worker: what happened and what to do. Nothing was written when it occurs.
#[derive(Debug, thiserror::Error)]
pub enum PacketError {
    /// No identity yet.
    #[error(
        "Cette installation n'a pas encore d'identité d'échange : créez votre carte de contact (Échanges, ou « passerelle contact-card --organisation NOM »)."
    )]
    NoIdentity,
    /// A key or a card does not parse.
    #[error("Carte de contact illisible : {0}. Demandez au partenaire de la renvoyer.")]
    BadCard(String),
    /// A partner is not in the directory.
    #[error(
        "Partenaire inconnu : ajoutez d'abord sa carte de contact (« passerelle add-partner »). Partenaire : {0}"
    )]
    UnknownPartner(String),
    /// A household has no consent covering the recipient.
    #[error(
        "Export refusé : ce ménage n'a pas de consentement valide pour ce partenaire ou pour le rôle « {role} ». Enregistrez le consentement (date et forme) dans la fiche du ménage, puis recommencez. Ménage : {household}"
    )]
    NoConsent {
        /// The role asked for.
        role: &'static str,
        /// The household's label (personal data, last).
        household: String,
    },
    /// Nothing to export.
    #[error("Aucun ménage choisi : sélectionnez au moins un ménage à envoyer.")]
    NothingToExport,
    /// A team member has not received the team's funder pseudonym key yet (issue 15): a
    /// funder would get other ids for the same households than from its colleagues.
    #[error(
        "Envoi à un financeur suspendu : ce poste fait partie d'une équipe et n'a pas encore reçu de la coordination la clé commune des identifiants des financeurs (un financeur doit recevoir le même identifiant pour un ménage, quel que soit le poste qui l'envoie). Synchronisez l'équipe après votre admission (« Paramètres → Équipe » ou « passerelle team sync »), puis recommencez."
    )]
    TeamFunderKeyMissing,
    /// A role was asked that is not the one the partner was pinned with.
    #[error(
        "Export refusé : {organisation} est épinglé comme « {pinned} », le paquet ne peut pas être préparé pour le rôle « {asked} ». Le rôle vient de la carte épinglée ; pour en changer, épinglez à nouveau la carte (onglet « Identité et partenaires »)."
    )]
    RoleNotPinned {
        /// The partner.
        organisation: String,
        /// Its pinned role.
        pinned: &'static str,
        /// The role asked for.
        asked: &'static str,
    },
    /// Recipients pinned with different roles in one packet.
    #[error(
        "Export refusé : les destinataires choisis n'ont pas le même rôle (ils ne reçoivent pas les mêmes champs). Préparez un paquet par rôle."
    )]
    MixedRoles,
    /// A passphrase packet without its role.
    #[error(
        "Choisissez le rôle du destinataire du paquet par phrase de passe : il décide des champs envoyés et du consentement demandé."
    )]
    RoleNeeded,
    /// A passphrase packet that also names partners.
    #[error(
        "Un paquet par phrase de passe ne s'adresse à aucun partenaire épinglé : décochez les partenaires, ou n'utilisez pas de phrase de passe."
    )]
    PassphraseWithPartners,
    /// A packet passphrase too short.
    #[error(
        "Phrase de passe du paquet trop courte : au moins {min} caractères (comme celle de la base). Choisissez une phrase de plusieurs mots et transmettez-la par un autre moyen que le paquet."
    )]
    WeakPassphrase {
        /// Minimum number of characters.
        min: usize,
    },
    /// The partner was revoked.
    #[error(
        "Le partenaire {organisation} a été révoqué le {date} : rien ne lui est envoyé, et ses paquets signés après cette date sont refusés. Rien n'a été écrit ni importé."
    )]
    Revoked {
        /// The partner.
        organisation: String,
        /// Revocation date, dd/mm/yyyy.
        date: String,
    },
    /// Input larger than the caps.
    #[error(
        "Fichier trop volumineux ({what}, plus de {limit_kib} Kio) : refusé par sécurité, rien n'a été importé."
    )]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// The cap, in KiB.
        limit_kib: u64,
    },
    /// Not an age file, truncated, or modified.
    #[error(
        "Le paquet est endommagé, tronqué ou n'est pas un paquet Passerelle ({0}). Demandez au partenaire de le renvoyer ; rien n'a été importé."
    )]
    Damaged(String),
    /// None of our keys opens it.
    #[error(
        "Ce paquet n'est pas adressé à votre organisation : aucune de vos clés ne l'ouvre. Vérifiez que le partenaire a bien votre carte de contact ; rien n'a été importé."
    )]
    NotForUs,
    /// A passphrase packet, and no passphrase given.
    #[error(
        "Ce paquet est protégé par une phrase de passe : saisissez celle convenue avec le partenaire."
    )]
    PassphraseNeeded,
    /// Wrong passphrase.
    #[error(
        "Phrase de passe du paquet incorrecte : vérifiez-la avec le partenaire ; rien n'a été importé."
    )]
    WrongPassphrase,
    /// The scrypt work factor is absurd.
    #[error(
        "Le paquet demande un calcul de phrase de passe démesuré : refusé par sécurité (c'est le signe d'un fichier forgé). Rien n'a été importé."
    )]
    ExcessiveWork,
    /// The archive breaks the strict rules.
    #[error("Contenu du paquet refusé : {0}. Rien n'a été importé.")]
    BadArchive(String),
    /// Signed by a key we have not pinned.
    #[error(
        "Paquet signé par une clé inconnue (identifiant {0}) : ajoutez d'abord la carte de contact de ce partenaire, après avoir vérifié son empreinte par téléphone. Rien n'a été importé."
    )]
    UnknownSigner(String),
    /// The signature does not match.
    #[error(
        "La signature du paquet ne correspond pas à son contenu : il a été modifié en route. Demandez au partenaire de le renvoyer ; rien n'a été importé."
    )]
    BadSignature,
    /// A newer packet format.
    #[error(
        "Ce paquet a été écrit par une version plus récente de Passerelle (format {found}, cette version lit le format {supported}). Mettez Passerelle à jour ; rien n'a été importé."
    )]
    NewerFormat {
        /// Version found.
        found: u64,
        /// Version this build reads.
        supported: u32,
    },
    /// A newer database schema.
    #[error(
        "Ce paquet vient d'une version plus récente de Passerelle (schéma {found}, cette version connaît le schéma {supported}). Mettez Passerelle à jour ; rien n'a été importé."
    )]
    NewerSchema {
        /// Schema found.
        found: u64,
        /// Schema this build knows.
        supported: u32,
    },
    /// The manifest is wrong.
    #[error("Manifeste du paquet invalide : {0}. Rien n'a été importé.")]
    BadManifest(String),
    /// A record line is wrong.
    #[error("Fiche n° {line} du paquet refusée : {reason}. Rien n'a été importé.")]
    BadRecord {
        /// 1-based line number in `records.jsonl`.
        line: usize,
        /// Why.
        reason: String,
    },
    /// The merge refused a record.
    #[error("{0}")]
    Merge(#[from] MergeError),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A stamp claims our own site (we never wrote it), or the packet says it comes
    /// from our own installation.
    #[error(
        "Paquet refusé : il présente comme écrites par votre installation des modifications qu'elle n'a jamais faites (paquet forgé, ou renvoi d'une copie de votre propre base). Rien n'a été importé ; prévenez le partenaire et votre responsable."
    )]
    ForgedStamp,
    /// The partner's packets carried another site before.
    #[error(
        "Paquet refusé : il vient d'une autre installation que les paquets précédents de ce partenaire. Si le partenaire a réinstallé Passerelle, faites-lui renvoyer sa carte de contact et épinglez-la à nouveau ; rien n'a été importé."
    )]
    SiteChanged,
    /// A link to a record that is not the partner's kind.
    #[error(
        "Liaison impossible : un employeur se lie à une fiche employeur, un bailleur à une fiche bailleur (et seulement eux)."
    )]
    BadLink,
    /// Encryption or signature machinery failed.
    #[error("Erreur de chiffrement : {0}")]
    Crypto(String),
}

fn crypto(e: impl std::fmt::Display) -> PacketError {
    PacketError::Crypto(e.to_string())
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn now_ms(t: DateTime<Utc>) -> u64 {
    u64::try_from(t.timestamp_millis()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------
// Identity and contact cards
// ---------------------------------------------------------------------------------------

/// This installation's keys: age X25519 for receiving, minisign Ed25519 for signing.
pub struct Identity {
    /// Organisation name shown to partners.
    pub organisation: String,
    age: age::x25519::Identity,
    sign_sk: minisign::SecretKey,
    sign_pk: minisign::PublicKey,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("organisation", &self.organisation)
            .finish_non_exhaustive()
    }
}

/// The minisign key id as minisign prints it (16 upper-case hex digits).
fn key_id_hex(keynum: &[u8]) -> String {
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
            organisation: organisation.trim().to_string(),
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
            age_secret: Zeroizing::new(self.age.to_string().expose_secret().to_string()),
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
            contact: contact.to_string(),
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
        age_secret: Zeroizing::new(old.age.to_string().expose_secret().to_string()),
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
fn retired_age_identities(store: &Store) -> Result<Vec<age::x25519::Identity>, PacketError> {
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
    super::output::write_export(path, text.as_bytes(), false).map_err(|e| {
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

// ---------------------------------------------------------------------------------------
// Packet contents
// ---------------------------------------------------------------------------------------

/// The sender of a packet, in its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// Organisation name.
    pub organisation: String,
    /// minisign key id of the signature.
    pub key_id: String,
    /// The sender's site id (the site of its own merge stamps).
    pub site: Uuid,
}

/// One recipient of a packet, in its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Organisation name.
    pub organisation: String,
    /// Role the packet was redacted for.
    pub role: PartnerRole,
    /// age recipient, `None` for a passphrase packet.
    pub age_recipient: Option<String>,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT_NAME`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Database schema version of the sender.
    pub schema_version: u32,
    /// Unique id of this packet (replays are recognised by it).
    pub packet_id: Uuid,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Who wrote it.
    pub sender: Sender,
    /// Who may read it, with the role its content was redacted for.
    pub recipients: Vec<Recipient>,
    /// Why it was sent (free text from the worker).
    pub purpose: String,
    /// Number of records per table.
    pub counts: BTreeMap<String, u64>,
    /// SHA-256 (hex) of each file of the archive but the manifest and its signature.
    pub files: BTreeMap<String, String>,
}

/// One record of `records.jsonl`, with every stamp spelled out (the line itself is
/// written in the compact [`WireLine`] form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordLine {
    /// Table of the record.
    pub table: String,
    /// Its fields (redacted).
    pub data: Map<String, Value>,
    /// Stamps of the fields that leave.
    pub stamps: Stamps,
    /// Tombstone date.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Per field, the highest stamp the sender had received from packets. Written empty
    /// and ignored on import since issue 13: the receiver recomputes what the sender has
    /// seen from the sender's own version of the record (read by older versions).
    #[serde(default)]
    pub seen: Stamps,
}

/// The wire form of a [`RecordLine`]: most fields of a record share one stamp (the write
/// that created it), so a line holds that stamp once (`base`), the fields whose stamp
/// differs (`stamps`) and the fields without any stamp (`unstamped`, e.g. redacted):
/// 2.5 times smaller than one stamp per field.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireLine {
    table: String,
    data: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base: Option<crate::domain::hlc::Stamp>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    stamps: Stamps,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unstamped: Vec<String>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    seen: Stamps,
}

impl WireLine {
    fn from_line(line: RecordLine) -> WireLine {
        let mut counts: BTreeMap<crate::domain::hlc::Stamp, usize> = BTreeMap::new();
        for (k, st) in &line.stamps {
            if line.data.contains_key(k) {
                *counts.entry(*st).or_default() += 1;
            }
        }
        let base = counts
            .into_iter()
            .max_by_key(|(st, n)| (*n, *st))
            .map(|(st, _)| st);
        let unstamped = if base.is_some() {
            line.data
                .keys()
                .filter(|k| !line.stamps.contains_key(k.as_str()))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let stamps = line
            .stamps
            .into_iter()
            .filter(|(k, st)| !line.data.contains_key(k.as_str()) || Some(*st) != base)
            .collect();
        WireLine {
            table: line.table,
            data: line.data,
            base,
            stamps,
            unstamped,
            deleted_at: line.deleted_at,
            seen: line.seen,
        }
    }

    fn into_line(self) -> RecordLine {
        let mut stamps = self.stamps;
        if let Some(base) = self.base {
            for k in self.data.keys().filter(|k| !self.unstamped.contains(k)) {
                stamps.entry(k.clone()).or_insert(base);
            }
        }
        RecordLine {
            table: self.table,
            data: self.data,
            stamps,
            deleted_at: self.deleted_at,
            seen: self.seen,
        }
    }
}

impl RecordLine {
    fn as_stamped_data(&self) -> StampedData {
        StampedData {
            data: self.data.clone(),
            stamps: self.stamps.clone(),
            deleted_at: self.deleted_at,
        }
    }

    fn id(&self) -> Option<Uuid> {
        self.data
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
    }
}

/// Calls `V::visit::<R>` for the record type of `table`.
trait TableVisitor {
    type Out;
    fn visit<R: Stored>(&mut self) -> Self::Out;
}

fn dispatch<V: TableVisitor>(table: &str, v: &mut V) -> Option<V::Out> {
    Some(match table {
        "programmes" => v.visit::<Programme>(),
        "households" => v.visit::<Household>(),
        "adults" => v.visit::<Adult>(),
        "children" => v.visit::<Child>(),
        "cases" => v.visit::<Case>(),
        "stage_events" => v.visit::<StageEvent>(),
        "tutors" => v.visit::<Tutor>(),
        "document_items" => v.visit::<DocumentItem>(),
        "appointments" => v.visit::<Appointment>(),
        "attendances" => v.visit::<Attendance>(),
        "notes" => v.visit::<Note>(),
        "consents" => v.visit::<Consent>(),
        "employers" => v.visit::<Employer>(),
        "job_offers" => v.visit::<JobOffer>(),
        "landlords" => v.visit::<Landlord>(),
        "housing_units" => v.visit::<HousingUnit>(),
        "proposals" => v.visit::<Proposal>(),
        "relay_stays" => v.visit::<RelayStay>(),
        "employment_follow_ups" => v.visit::<EmploymentFollowUp>(),
        // Only the team log carries the partner directory (a partner's packet with it is
        // refused by its role's allowlist, which has no such table).
        "partners" => v.visit::<Partner>(),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

/// What to export, and to whom.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// Recipient partners (pinned cards). Empty with a passphrase.
    pub partners: Vec<Uuid>,
    /// Role the content is redacted for: required for a passphrase packet; for pinned
    /// partners the role is the one they were pinned with, and another one is refused.
    pub role: Option<PartnerRole>,
    /// Households to send.
    pub households: Vec<Uuid>,
    /// Include the journal notes.
    pub include_notes: bool,
    /// Why (free text, in the manifest).
    pub purpose: String,
    /// ASCII-armored output, for e-mail.
    pub armor: bool,
    /// Passphrase packet instead of partners' keys (fallback).
    pub passphrase: Option<Zeroizing<String>>,
    /// scrypt work factor for a passphrase packet (`None`: age's calibrated default).
    pub scrypt_log_n: Option<u8>,
}

/// A packet written in memory.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its manifest.
    pub manifest: Manifest,
}

/// What may leave for the recipients of one packet, beyond the role's allowlist.
struct Audience {
    role: PartnerRole,
    include_notes: bool,
    /// For a funder: the keyed mapping of its ids and households' names.
    pseudonyms: Option<redact::Pseudonyms>,
    /// For a partner linked to its employer record: the job offers that are its own
    /// (only proposals and follow-ups about them leave).
    own_offers: Option<BTreeSet<Uuid>>,
    /// For a partner linked to its landlord record: its own housing units.
    own_units: Option<BTreeSet<Uuid>>,
}

impl Audience {
    /// Whether a record leaves, on its data: the role's row rule, then the link rule.
    fn row_allowed(&self, table: &str, data: &Map<String, Value>) -> bool {
        if !redact::row_allowed(self.role, table, data) {
            return false;
        }
        let id_of = |k: &str| {
            data.get(k)
                .and_then(Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok())
        };
        let within = |own: &Option<BTreeSet<Uuid>>, key: &str| match own {
            None => true,
            Some(own) => id_of(key).is_some_and(|id| own.contains(&id)),
        };
        match table {
            "proposals" => {
                within(&self.own_offers, "offer_id") && within(&self.own_units, "unit_id")
            }
            "employment_follow_ups" => within(&self.own_offers, "offer_id"),
            "relay_stays" => within(&self.own_units, "unit_id"),
            _ => true,
        }
    }
}

fn push_lines<R: Stored>(
    out: &mut Vec<RecordLine>,
    to: &Audience,
    records: impl IntoIterator<Item = Stamped<R>>,
) -> Result<(), PacketError> {
    if redact::allowed(to.role, R::TABLE, to.include_notes).is_none() {
        return Ok(());
    }
    for s in records {
        let mut sd = StampedData::from_stamped(&s)?;
        if !to.row_allowed(R::TABLE, &sd.data) {
            continue;
        }
        if sd.deleted_at.is_some() {
            // A deletion travels as the id and the tombstone's stamp only (a funder's
            // id mapped like the record's, so that it deletes its copy).
            redact::tombstone(&mut sd.data, &mut sd.stamps);
            if let Some(p) = to
                .pseudonyms
                .as_ref()
                .filter(|_| to.role == PartnerRole::Financeur)
            {
                p.map_record(R::TABLE, &mut sd.data);
            }
            out.push(RecordLine {
                table: R::TABLE.to_string(),
                data: sd.data,
                stamps: sd.stamps,
                deleted_at: sd.deleted_at,
                seen: Stamps::new(),
            });
            continue;
        }
        if redact::redact(
            to.role,
            R::TABLE,
            to.include_notes,
            &mut sd.data,
            &mut sd.stamps,
        ) {
            redact::substitute(to.role, R::TABLE, to.pseudonyms.as_ref(), &mut sd.data);
            out.push(RecordLine {
                table: R::TABLE.to_string(),
                data: sd.data,
                stamps: sd.stamps,
                deleted_at: sd.deleted_at,
                seen: Stamps::new(),
            });
        }
    }
    Ok(())
}

/// The offers (for employers) or units (for landlords) that linked partners own; with
/// several linked partners, what they all own (a row leaves only if every recipient
/// may receive it).
/// (own offers, own units): `None` when no restriction applies.
type Owned = (Option<BTreeSet<Uuid>>, Option<BTreeSet<Uuid>>);

fn owned(store: &Store, role: PartnerRole, partners: &[Partner]) -> Result<Owned, PacketError> {
    let links: BTreeSet<Uuid> = partners
        .iter()
        .filter_map(|p| p.trust.linked_record)
        .collect();
    if links.is_empty() {
        return Ok((None, None));
    }
    let single = (links.len() == 1)
        .then(|| links.iter().next().copied())
        .flatten();
    match role {
        PartnerRole::Employeur => {
            let own = store
                .list::<JobOffer>()?
                .into_iter()
                .filter(|o| Some(o.employer_id) == single)
                .map(|o| o.id)
                .collect();
            Ok((Some(own), None))
        }
        PartnerRole::Bailleur => {
            let own = store
                .list::<HousingUnit>()?
                .into_iter()
                .filter(|u| Some(u.landlord_id) == single)
                .map(|u| u.id)
                .collect();
            Ok((None, Some(own)))
        }
        _ => Ok((None, None)),
    }
}

/// The minimum length of a packet passphrase: the app's own (`ui::MIN_PASSPHRASE_CHARS`,
/// a unit test keeps them equal): it protects the same data as the base's passphrase.
pub const MIN_PACKET_PASSPHRASE_CHARS: usize = 12;

/// Who a packet is for: the pinned partners (not revoked) and the role it is redacted
/// for, which is theirs. A passphrase packet has no partner and an explicit role.
pub fn recipients(
    store: &Store,
    req: &ExportRequest,
) -> Result<(PartnerRole, Vec<Partner>), PacketError> {
    if let Some(pass) = &req.passphrase {
        if !req.partners.is_empty() {
            return Err(PacketError::PassphraseWithPartners);
        }
        if pass.chars().count() < MIN_PACKET_PASSPHRASE_CHARS {
            return Err(PacketError::WeakPassphrase {
                min: MIN_PACKET_PASSPHRASE_CHARS,
            });
        }
        return Ok((req.role.ok_or(PacketError::RoleNeeded)?, Vec::new()));
    }
    let now = store.now();
    let mut partners = Vec::with_capacity(req.partners.len());
    for id in &req.partners {
        let p = store
            .find::<Partner>(*id)?
            .ok_or_else(|| PacketError::UnknownPartner(id.to_string()))?;
        if let Some(at) = p.trust.revoked_at.filter(|_| p.is_revoked(now)) {
            return Err(PacketError::Revoked {
                organisation: p.organisation.clone(),
                date: at.format("%d/%m/%Y").to_string(),
            });
        }
        partners.push(p);
    }
    let Some(first) = partners.first() else {
        return Err(PacketError::UnknownPartner(
            "aucun destinataire choisi".into(),
        ));
    };
    let role = first.role;
    if partners.iter().any(|p| p.role != role) {
        return Err(PacketError::MixedRoles);
    }
    // A funder's households carry its own pseudonyms: one funder per packet.
    if role == PartnerRole::Financeur && partners.len() > 1 {
        return Err(PacketError::MixedRoles);
    }
    if let Some(asked) = req.role.filter(|r| *r != role) {
        return Err(PacketError::RoleNotPinned {
            organisation: first.organisation.clone(),
            pinned: role.label_fr(),
            asked: asked.label_fr(),
        });
    }
    Ok((role, partners))
}

/// Whether `consents` allow sending to `partners` (each covered by a consent naming it or
/// its pinned role), or, without partners, to anyone of `role` (a consent to the role).
pub fn consent_covers(
    consents: &[Consent],
    partners: &[Partner],
    role: PartnerRole,
    today: chrono::NaiveDate,
) -> bool {
    if partners.is_empty() {
        consents.iter().any(|c| c.covers_role(role, today))
    } else {
        partners
            .iter()
            .all(|p| consents.iter().any(|c| c.covers(p, today)))
    }
}

/// The keyed mapping of the ids sent to `funder` (see [`redact::Pseudonyms`]): under our
/// base's secret and the funder's first pinned fingerprint (stable when it renews its
/// keys). A passphrase packet has no pinned funder: its pseudonyms are drawn for that
/// packet alone, so that two passphrase packets cannot be joined either (the funder then
/// cannot update its figures from one to the next: the preview says so).
pub fn funder_pseudonyms(
    store: &Store,
    funder: Option<&Partner>,
) -> Result<redact::Pseudonyms, PacketError> {
    Ok(match funder {
        Some(p) => {
            let first = p
                .trust
                .replaced_fingerprints
                .first()
                .unwrap_or(&p.fingerprint);
            // In a team, the coordinator's key (shared with every member, see
            // `crate::team::funder_key`): one household, one id at the funder whoever
            // sends it. A member does not send with a key of its own meanwhile.
            if let Some(team) = store.team_config()?
                && !team.is_coordinator
                && store.funder_key_team()? != Some(team.team_id)
            {
                return Err(PacketError::TeamFunderKeyMissing);
            }
            redact::Pseudonyms::new(&*store.funder_pseudonym_key()?, first)
        }
        None => redact::Pseudonyms::new(&rand::random(), "phrase de passe"),
    })
}

/// The redacted records of the requested households, after the consent check.
pub fn collect(store: &Store, req: &ExportRequest) -> Result<Vec<RecordLine>, PacketError> {
    let (role, partners) = recipients(store, req)?;
    if req.households.is_empty() {
        return Err(PacketError::NothingToExport);
    }
    let today = store.now().date_naive();
    let (own_offers, own_units) = owned(store, role, &partners)?;
    let to = Audience {
        role,
        include_notes: req.include_notes,
        pseudonyms: match role {
            PartnerRole::Financeur => Some(funder_pseudonyms(store, partners.first())?),
            _ => None,
        },
        own_offers,
        own_units,
    };
    let mut lines = Vec::new();
    let mut programmes = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for &hid in &req.households {
        if !seen.insert(hid) {
            continue;
        }
        let household = store
            .stamped::<Household>(hid)?
            .ok_or(StoreError::NotFound {
                table: "households",
                id: hid,
            })?;
        let consents: Vec<Consent> = store.list_by("household_id", hid)?;
        if !consent_covers(&consents, &partners, role, today) {
            return Err(PacketError::NoConsent {
                role: role.label_fr(),
                household: household.record.label.clone(),
            });
        }
        push_lines(&mut lines, &to, [household])?;
        let adults: Vec<Stamped<Adult>> = store.stamped_by("household_id", hid)?;
        let adult_ids: Vec<Uuid> = adults.iter().map(|a| a.record.id).collect();
        push_lines(&mut lines, &to, adults)?;
        push_lines::<Child>(&mut lines, &to, store.stamped_by("household_id", hid)?)?;
        let cases: Vec<Stamped<Case>> = store.stamped_by("household_id", hid)?;
        let mut events = Vec::new();
        for c in &cases {
            programmes.insert(c.record.programme_id);
            events.extend(store.stamped_by::<StageEvent>("case_id", c.record.id)?);
        }
        push_lines(&mut lines, &to, cases)?;
        push_lines(&mut lines, &to, events)?;
        for a in adult_ids {
            push_lines::<Tutor>(&mut lines, &to, store.stamped_by("adult_id", a)?)?;
            push_lines::<EmploymentFollowUp>(&mut lines, &to, store.stamped_by("adult_id", a)?)?;
        }
        push_lines::<Proposal>(&mut lines, &to, store.stamped_by("household_id", hid)?)?;
        push_lines::<RelayStay>(&mut lines, &to, store.stamped_by("household_id", hid)?)?;
        push_lines::<DocumentItem>(&mut lines, &to, store.stamped_by("household_id", hid)?)?;
        let appointments: Vec<Stamped<Appointment>> = store.stamped_by("household_id", hid)?;
        let mut attendances = Vec::new();
        for a in &appointments {
            attendances.extend(store.stamped_by::<Attendance>("appointment_id", a.record.id)?);
        }
        push_lines(&mut lines, &to, appointments)?;
        push_lines(&mut lines, &to, attendances)?;
        push_lines::<Note>(&mut lines, &to, store.stamped_by("household_id", hid)?)?;
        // Consents given to a role travel with the file, so that the partner may share it
        // back; a consent naming one of our partners stays here (that partner is ours).
        let role_consents = store
            .stamped_by::<Consent>("household_id", hid)?
            .into_iter()
            .filter(|c| c.record.partner_id.is_none());
        push_lines(&mut lines, &to, role_consents)?;
    }
    // Programmes first: cases point at them.
    let mut programme_lines = Vec::new();
    for pid in programmes {
        if let Some(p) = store.stamped::<Programme>(pid)? {
            push_lines(&mut programme_lines, &to, [p])?;
        }
    }
    // Then the registries the household records point at (offers and their employers,
    // dwellings and their landlords), as far as the role receives them.
    let pointed = |field: &str| -> BTreeSet<Uuid> {
        lines
            .iter()
            .filter(|l| {
                matches!(
                    l.table.as_str(),
                    "proposals" | "relay_stays" | "employment_follow_ups"
                )
            })
            .filter_map(|l| l.data.get(field).and_then(Value::as_str))
            .filter_map(|s| Uuid::parse_str(s).ok())
            .collect()
    };
    let mut employers = BTreeSet::new();
    let mut offers = Vec::new();
    for id in pointed("offer_id") {
        if let Some(o) = store.stamped::<JobOffer>(id)? {
            employers.insert(o.record.employer_id);
            offers.push(o);
        }
    }
    let mut landlords = BTreeSet::new();
    let mut units = Vec::new();
    for id in pointed("unit_id") {
        if let Some(u) = store.stamped::<HousingUnit>(id)? {
            landlords.insert(u.record.landlord_id);
            units.push(u);
        }
    }
    for id in employers {
        if let Some(e) = store.stamped::<Employer>(id)? {
            push_lines(&mut programme_lines, &to, [e])?;
        }
    }
    push_lines(&mut programme_lines, &to, offers)?;
    for id in landlords {
        if let Some(l) = store.stamped::<Landlord>(id)? {
            push_lines(&mut programme_lines, &to, [l])?;
        }
    }
    push_lines(&mut programme_lines, &to, units)?;
    // Lines carry no `seen` claim any more: a receiver recomputes what we have seen
    // from our own stamps in the record (issue 13), and reading our receive history
    // record by record was a quarter of the export's time (issue 17).
    programme_lines.extend(lines);
    Ok(programme_lines)
}

fn tar_file(
    builder: &mut tar::Builder<Vec<u8>>,
    name: &str,
    data: &[u8],
    mtime: u64,
) -> Result<(), PacketError> {
    let mut header = tar::Header::new_ustar();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, name, data).map_err(crypto)
}

/// A tar archive of `files` (regular files, mode 0644, flat names), as packets hold.
pub fn build_archive(files: &[(&str, &[u8])], mtime: u64) -> Result<Vec<u8>, PacketError> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in files {
        tar_file(&mut builder, name, data, mtime)?;
    }
    builder.into_inner().map_err(crypto)
}

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
fn encrypt(
    plain: &[u8],
    recipients: &[age::x25519::Recipient],
    passphrase: Option<(&str, Option<u8>)>,
    armor: bool,
) -> Result<Vec<u8>, PacketError> {
    let encryptor = match passphrase {
        Some((p, log_n)) => {
            let mut r = age::scrypt::Recipient::new(SecretString::from(p.to_string()));
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
    writer.finish().and_then(|a| a.finish()).map_err(crypto)
}

/// Writes a packet for `req` in memory, logs it and writes an audit entry (packet id,
/// recipients, household ids, field set). Refuses without consent.
pub fn export(store: &mut Store, req: &ExportRequest) -> Result<Exported, PacketError> {
    // « Gel du dossier » (issue 14): a frozen household never leaves.
    for h in &req.households {
        store.ensure_not_frozen(*h)?;
    }
    let me = identity(store)?;
    let (role, partners) = recipients(store, req)?;
    let lines = collect(store, req)?;

    let mut records = Vec::with_capacity(lines.len() * 512);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for line in lines {
        *counts.entry(line.table.clone()).or_default() += 1;
        serde_json::to_writer(&mut records, &WireLine::from_line(line)).map_err(crypto)?;
        records.push(b'\n');
    }
    let created_at = store.now();
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        packet_id: Uuid::new_v4(),
        created_at,
        sender: Sender {
            organisation: me.organisation.clone(),
            key_id: me.key_id(),
            site: store.site_id(),
        },
        recipients: if partners.is_empty() {
            vec![Recipient {
                organisation: String::new(),
                role,
                age_recipient: None,
            }]
        } else {
            partners
                .iter()
                .map(|p| Recipient {
                    organisation: p.organisation.clone(),
                    role,
                    age_recipient: Some(p.age_public_key.clone()),
                })
                .collect()
        },
        purpose: req.purpose.clone(),
        counts,
        files: BTreeMap::from([(RECORDS.to_string(), sha256_hex(&records))]),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(crypto)?;
    let signature = me.sign_manifest(&manifest_bytes, manifest.packet_id)?;
    let mtime = u64::try_from(created_at.timestamp()).unwrap_or(0);
    let tar_bytes = build_archive(
        &[
            (MANIFEST, &manifest_bytes),
            (RECORDS, &records),
            (SIGNATURE, signature.as_bytes()),
        ],
        mtime,
    )?;

    let recipients: Vec<age::x25519::Recipient> = partners
        .iter()
        .map(|p| {
            age::x25519::Recipient::from_str(&p.age_public_key)
                .map_err(|_| PacketError::BadCard(format!("clé du partenaire {}", p.id)))
        })
        .collect::<Result<_, _>>()?;
    let pass = req
        .passphrase
        .as_ref()
        .map(|p| (p.as_str(), req.scrypt_log_n));
    let bytes = encrypt(&tar_bytes, &recipients, pass, req.armor)?;

    let household_ids: Vec<String> = req.households.iter().map(Uuid::to_string).collect();
    let field_set: Vec<String> = redact::describe(role, req.include_notes)
        .into_iter()
        .map(|(t, f)| format!("{t} : {f}"))
        .collect();
    let summary = serde_json::to_string(&manifest.counts).map_err(crypto)?;
    let sha = sha256_hex(&bytes);
    store.write(|tx| {
        // What each partner now holds: the scope of what its packets may change, and
        // what it has seen of ours (every field stamped up to this transaction's clock,
        // which is above every stamp read by `collect`). One write per household.
        let sent_at = tx.stamp().hlc;
        for p in &partners {
            for h in &req.households {
                tx.mark_sent(p.id, *h, sent_at)?;
            }
        }
        tx.log_packet(
            manifest.packet_id,
            "export",
            partners.first().map(|p| p.id),
            &sha,
            &summary,
        )?;
        let objects: Vec<AuditObject> = req
            .households
            .iter()
            .map(|h| AuditObject::Household(*h))
            .chain(partners.iter().map(|p| AuditObject::Partner(p.id)))
            .collect();
        tx.audit_on(
            "export paquet",
            &objects,
            &format!(
                "paquet {} ; destinataires {} ; rôle {} ; ménages {} ; champs : {}",
                manifest.packet_id,
                if partners.is_empty() {
                    "phrase de passe".to_string()
                } else {
                    partners
                        .iter()
                        .map(|p| p.id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                role.label_fr(),
                household_ids.join(", "),
                field_set.join(" ; ")
            ),
        )
    })?;
    Ok(Exported { bytes, manifest })
}

/// Writes `bytes` to `path` under a temporary name, synced, then renamed: never a half
/// packet under the final name (see [`super::output::write_export`]).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), PacketError> {
    super::output::write_export(path, bytes, true).map_err(|e| {
        let source = match e {
            super::output::OutputError::Io { source, .. } => source,
            super::output::OutputError::Exists(_) => {
                std::io::Error::from(std::io::ErrorKind::AlreadyExists)
            }
        };
        PacketError::Store(StoreError::Io {
            what: "écriture du paquet".into(),
            source,
        })
    })
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// A packet that passed every check, ready for preview and merge.
#[derive(Debug, Clone)]
pub struct OpenedPacket {
    /// Its manifest.
    pub manifest: Manifest,
    /// The partner whose signature it carries.
    pub sender: Partner,
    /// Its records.
    pub lines: Vec<RecordLine>,
    /// SHA-256 of the packet file.
    pub sha256: String,
    /// A packet of the team log (« membre de l'équipe »): all fields, any household, no
    /// role scope; only the signer's own stamps are taken (see [`open_team`]).
    pub team: bool,
    /// A snapshot of the team's coordinator (issue 15, a member admitted late): every
    /// member's stamps are taken, the coordinator having applied them from the logs.
    pub team_snapshot: bool,
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
fn decrypt_any(
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
        let mut id = age::scrypt::Identity::new(SecretString::from(pass.to_string()));
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

/// Parses the archive strictly: regular files only, flat names from the expected set,
/// no duplicates, sizes capped.
pub fn parse_archive(tar_bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, PacketError> {
    let bad = |m: String| PacketError::BadArchive(m);
    let mut archive = tar::Archive::new(Cursor::new(tar_bytes));
    let mut files = BTreeMap::new();
    for entry in archive
        .entries()
        .map_err(|_| bad("archive illisible (format tar invalide)".into()))?
    {
        let mut entry = entry.map_err(|_| bad("archive illisible (format tar invalide)".into()))?;
        let kind = entry.header().entry_type();
        if kind != tar::EntryType::Regular {
            return Err(bad(format!(
                "l'archive contient autre chose qu'un fichier ordinaire ({})",
                if kind.is_symlink() || kind.is_hard_link() {
                    "un lien"
                } else if kind.is_dir() {
                    "un dossier"
                } else {
                    "entrée spéciale"
                }
            )));
        }
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8(raw).map_err(|_| bad("nom de fichier non UTF-8".into()))?;
        if name.starts_with('/') || name.split(['/', '\\']).any(|p| p == "..") {
            return Err(bad(format!("chemin dangereux « {name} »")));
        }
        if name.contains('/') || name.contains('\\') {
            return Err(bad(format!("chemin inattendu « {name} »")));
        }
        if ![MANIFEST, SIGNATURE, RECORDS].contains(&name.as_str()) {
            return Err(bad(format!("fichier inconnu « {name} »")));
        }
        if files.contains_key(&name) {
            return Err(bad(format!("fichier en double « {name} »")));
        }
        let cap = if name == RECORDS {
            MAX_ARCHIVE_BYTES
        } else {
            MAX_MANIFEST_BYTES
        };
        if entry.size() > cap {
            return Err(PacketError::TooLarge {
                what: if name == RECORDS {
                    "fiches"
                } else {
                    "manifeste"
                },
                limit_kib: cap >> 10,
            });
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|_| bad("archive tronquée".into()))?;
        files.insert(name, data);
    }
    for needed in [MANIFEST, SIGNATURE, RECORDS] {
        if !files.contains_key(needed) {
            return Err(bad(format!("fichier « {needed} » manquant")));
        }
    }
    Ok(files)
}

/// Checks the manifest's signature against the pinned partners; returns the signer.
fn check_signature(
    manifest: &[u8],
    signature: &[u8],
    partners: &[Partner],
) -> Result<Partner, PacketError> {
    let text = std::str::from_utf8(signature).map_err(|_| PacketError::BadSignature)?;
    let sig = minisign::SignatureBox::from_string(text).map_err(|_| PacketError::BadSignature)?;
    let key_id = key_id_hex(sig.keynum());
    let (partner, pk) = partners
        .iter()
        .find_map(|p| {
            let pk = minisign::PublicKey::from_base64(&p.minisign_public_key).ok()?;
            (pk.keynum() == sig.keynum()).then(|| (p.clone(), pk))
        })
        .ok_or(PacketError::UnknownSigner(key_id))?;
    minisign::verify(&pk, &sig, Cursor::new(manifest), true, false, false)
        .map_err(|_| PacketError::BadSignature)?;
    Ok(partner)
}

fn check_manifest(
    bytes: &[u8],
    signer: &Partner,
    mine: &[String],
    by_passphrase: bool,
) -> Result<Manifest, PacketError> {
    let bad = |m: String| PacketError::BadManifest(m);
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| bad(format!("JSON invalide ({})", merge::serde_fr(&e))))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(bad("ce n'est pas un paquet Passerelle".into()));
    }
    let version = value
        .get("format_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("version de format absente".into()))?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(PacketError::NewerFormat {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let schema = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("version de schéma absente".into()))?;
    if schema > u64::from(SCHEMA_VERSION) {
        return Err(PacketError::NewerSchema {
            found: schema,
            supported: SCHEMA_VERSION,
        });
    }
    let manifest: Manifest = serde_json::from_value(value)
        .map_err(|e| bad(format!("champ invalide ({})", merge::serde_fr(&e))))?;
    let signer_key = minisign::PublicKey::from_base64(&signer.minisign_public_key)
        .map(|pk| key_id_hex(pk.keynum()))
        .unwrap_or_default();
    if manifest.sender.key_id != signer_key {
        return Err(bad("l'expéditeur annoncé n'est pas le signataire".into()));
    }
    // The recipients are checked for every packet: one written for a partner's key
    // and re-wrapped with `age -p` by someone else is not a passphrase packet.
    if by_passphrase {
        if manifest.recipients.is_empty()
            || manifest
                .recipients
                .iter()
                .any(|r| r.age_recipient.is_some())
        {
            return Err(PacketError::NotForUs);
        }
    } else if !manifest
        .recipients
        .iter()
        .any(|r| r.age_recipient.as_ref().is_some_and(|a| mine.contains(a)))
    {
        return Err(PacketError::NotForUs);
    }
    if manifest.files.keys().any(|k| k != RECORDS) || !manifest.files.contains_key(RECORDS) {
        return Err(bad("liste de fichiers inattendue".into()));
    }
    Ok(manifest)
}

/// Deserialises and validates one record against its type (`visit` per table).
struct ValidateLine<'a> {
    line: &'a RecordLine,
    today: chrono::NaiveDate,
}

impl TableVisitor for ValidateLine<'_> {
    type Out = Result<(), String>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        // Read from the fields in place: no copy of the record per line (issue 17).
        let record = R::deserialize(&self.line.data)
            .map_err(|e| format!("champ invalide ({})", merge::serde_fr(&e)))?;
        if self
            .line
            .stamps
            .keys()
            .any(|k| k != crate::domain::record::DELETED_KEY && !self.line.data.contains_key(k))
        {
            return Err("horodatage d'un champ inexistant".into());
        }
        let errors = record.validate(self.today);
        if !errors.is_empty() {
            return Err(join_messages(&errors));
        }
        Ok(())
    }
}

fn parse_records(
    bytes: &[u8],
    manifest: &Manifest,
    now: DateTime<Utc>,
) -> Result<Vec<RecordLine>, PacketError> {
    let text = std::str::from_utf8(bytes).map_err(|e| PacketError::BadRecord {
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
        reason: "texte non UTF-8".into(),
    })?;
    let mut lines = Vec::new();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let err = |reason: String| PacketError::BadRecord { line: n, reason };
        if raw.len() > MAX_LINE_BYTES {
            return Err(PacketError::TooLarge {
                what: "ligne de fiche",
                limit_kib: (MAX_LINE_BYTES >> 10) as u64,
            });
        }
        if raw.is_empty() {
            continue;
        }
        let line = serde_json::from_str::<WireLine>(raw)
            .map_err(|e| err(format!("JSON invalide ({})", merge::serde_fr(&e))))?
            .into_line();
        // "partners": the team log's directory (a partner's packet with it has the line
        // refused by the scope, its role receiving no such table).
        if !PACKET_TABLES.contains(&line.table.as_str()) && line.table != "partners" {
            return Err(err(format!("table inconnue « {} »", line.table)));
        }
        let id = line.id().ok_or_else(|| err("identifiant absent".into()))?;
        if !ids.insert((line.table.clone(), id)) {
            return Err(err("fiche en double".into()));
        }
        merge::check_stamps(&line.stamps, now_ms(now))?;
        if line.deleted_at.is_some() && line.data.keys().all(|k| k == "id") {
            // A tombstone: the id and the deletion's stamp, nothing to validate more.
            if !line.stamps.contains_key(DELETED_KEY)
                || line.stamps.keys().any(|k| k != DELETED_KEY)
            {
                return Err(err("suppression sans horodatage".into()));
            }
            *counts.entry(line.table.clone()).or_default() += 1;
            lines.push(line);
            continue;
        }
        let mut v = ValidateLine {
            line: &line,
            today: now.date_naive(),
        };
        dispatch(&line.table, &mut v)
            .unwrap_or_else(|| Err("table inconnue".into()))
            .map_err(err)?;
        *counts.entry(line.table.clone()).or_default() += 1;
        lines.push(line);
    }
    if counts != manifest.counts {
        return Err(PacketError::BadManifest(
            "le nombre de fiches ne correspond pas au manifeste".into(),
        ));
    }
    Ok(lines)
}

/// Opens a packet through every check (see the module documentation). Writes nothing.
pub fn open(
    store: &Store,
    bytes: &[u8],
    passphrase: Option<&str>,
) -> Result<OpenedPacket, PacketError> {
    if bytes.len() > MAX_PACKET_BYTES {
        return Err(PacketError::TooLarge {
            what: "paquet",
            limit_kib: (MAX_PACKET_BYTES >> 10) as u64,
        });
    }
    let me = identity(store)?;
    let retired = retired_age_identities(store)?;
    let partners: Vec<Partner> = store.list()?;
    open_inner(
        bytes,
        &me,
        &retired,
        &partners,
        passphrase,
        store.now(),
        MAX_PACKET_BYTES,
    )
}

/// [`open`] without a store: our identity, the pinned partners and "now" given. The entry
/// of the `packet_reader` fuzz target; not an API.
#[doc(hidden)]
pub fn open_with(
    bytes: &[u8],
    me: &Identity,
    partners: &[Partner],
    passphrase: Option<&str>,
    now: DateTime<Utc>,
) -> Result<OpenedPacket, PacketError> {
    open_inner(bytes, me, &[], partners, passphrase, now, MAX_PACKET_BYTES)
}

fn open_inner(
    bytes: &[u8],
    me: &Identity,
    retired: &[age::x25519::Identity],
    partners: &[Partner],
    passphrase: Option<&str>,
    now: DateTime<Utc>,
    max_bytes: usize,
) -> Result<OpenedPacket, PacketError> {
    if bytes.len() > max_bytes {
        return Err(PacketError::TooLarge {
            what: "paquet",
            limit_kib: (max_bytes >> 10) as u64,
        });
    }
    let mut ids = vec![&me.age];
    ids.extend(retired.iter());
    let plain = decrypt_any(bytes, &ids, passphrase)?;
    let by_passphrase = {
        let reader = age::armor::ArmoredReader::new(bytes);
        age::Decryptor::new(reader)
            .map(|d| d.is_scrypt())
            .unwrap_or(false)
    };
    let mine: Vec<String> = ids.iter().map(|i| i.to_public().to_string()).collect();
    // The archive's files are copies: the decrypted archive goes before the records are
    // parsed (a 10,000-household snapshot is over 100 MB of it).
    let files = parse_archive(&plain)?;
    drop(plain);
    let (manifest, sender, lines) = open_files(&files, &mine, partners, by_passphrase, now)?;
    drop(files);
    Ok(OpenedPacket {
        manifest,
        sender,
        lines,
        sha256: sha256_hex(bytes),
        team: false,
        team_snapshot: false,
    })
}

/// The checks after decryption: strict archive, signature by a pinned partner, manifest,
/// records. The entry of the `packet_reader` fuzz target for decrypted bytes; not an API.
#[doc(hidden)]
pub fn open_decrypted(
    plain: &[u8],
    me: &Identity,
    partners: &[Partner],
    by_passphrase: bool,
    now: DateTime<Utc>,
) -> Result<(Manifest, Partner, Vec<RecordLine>), PacketError> {
    open_checked(plain, &[me.age_recipient()], partners, by_passphrase, now)
}

fn open_checked(
    plain: &[u8],
    mine: &[String],
    partners: &[Partner],
    by_passphrase: bool,
    now: DateTime<Utc>,
) -> Result<(Manifest, Partner, Vec<RecordLine>), PacketError> {
    let files = parse_archive(plain)?;
    open_files(&files, mine, partners, by_passphrase, now)
}

/// [`open_checked`] on the archive's files.
fn open_files(
    files: &BTreeMap<String, Vec<u8>>,
    mine: &[String],
    partners: &[Partner],
    by_passphrase: bool,
    now: DateTime<Utc>,
) -> Result<(Manifest, Partner, Vec<RecordLine>), PacketError> {
    let (Some(manifest_bytes), Some(signature), Some(records)) = (
        files.get(MANIFEST),
        files.get(SIGNATURE),
        files.get(RECORDS),
    ) else {
        return Err(PacketError::BadArchive("fichier manquant".into()));
    };
    let sender = check_signature(manifest_bytes, signature, partners)?;
    let manifest = check_manifest(manifest_bytes, &sender, mine, by_passphrase)?;
    // A revoked partner's key signs nothing after its revocation. (The date is the
    // signer's own claim: packets signed before stay readable, as the issue asks.)
    if let Some(at) = sender.trust.revoked_at
        && manifest.created_at >= at
    {
        return Err(PacketError::Revoked {
            organisation: sender.organisation.clone(),
            date: at.format("%d/%m/%Y").to_string(),
        });
    }
    if manifest.files.get(RECORDS).map(String::as_str) != Some(sha256_hex(records).as_str()) {
        return Err(PacketError::BadManifest(
            "l'empreinte des fiches ne correspond pas : paquet modifié".into(),
        ));
    }
    let lines = parse_records(records, &manifest, now)?;
    Ok((manifest, sender, lines))
}

// ---------------------------------------------------------------------------------------
// Preview and merge
// ---------------------------------------------------------------------------------------

/// What importing one record does.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewItem {
    /// Table.
    pub table: String,
    /// Record id.
    pub id: Uuid,
    /// What the worker recognises it by (a name, a date…).
    pub label: String,
    /// New, updated or unchanged.
    pub kind: MergeKind,
    /// Concurrent edits (the record is then "conflicting").
    pub conflicts: Vec<FieldConflict>,
    /// The packet deletes this record here: applied only when the worker chooses to.
    pub deletion: bool,
    /// Outside what the sender may change: why (French). Nothing of it is written.
    pub refused: Option<String>,
}

impl PreviewItem {
    /// Whether the item changes nothing and is no news (neither refused nor a deletion).
    fn counted(&self) -> bool {
        self.refused.is_none() && !self.deletion
    }
}

/// What importing a packet does, record by record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    /// The packet.
    pub packet_id: Uuid,
    /// Sender organisation.
    pub sender: String,
    /// Set when the packet was already imported (then nothing happens): when.
    pub already_imported: Option<String>,
    /// One item per record.
    pub items: Vec<PreviewItem>,
    /// Whether the deletions were applied (after an import).
    pub deletions_applied: bool,
    /// The sender is a funder: nothing of its packet is taken (see [`FUNDER_REFUSAL`]).
    pub from_funder: bool,
}

impl Preview {
    /// (new, updated, conflicting, unchanged) counts; a conflicting record counts once,
    /// as conflicting. Deletions and refused records are counted apart.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for i in self.items.iter().filter(|i| i.counted()) {
            if !i.conflicts.is_empty() {
                c.2 += 1;
            } else {
                match i.kind {
                    MergeKind::New => c.0 += 1,
                    MergeKind::Updated => c.1 += 1,
                    MergeKind::Unchanged => c.3 += 1,
                }
            }
        }
        c
    }

    /// The records the packet deletes here (« suppressions »).
    pub fn deletions(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.deletion && i.refused.is_none())
    }

    /// The records refused, with their reason (a partner's consents apart: see
    /// [`Preview::information`]).
    pub fn refusals(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.refused.is_some() && !NEVER_TAKEN.contains(&i.table.as_str()))
    }

    /// What the partner recorded that is shown, never taken (its consents).
    pub fn information(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.refused.is_some() && NEVER_TAKEN.contains(&i.table.as_str()))
    }

    /// A French summary for the worker.
    pub fn summary_fr(&self) -> String {
        if let Some(at) = &self.already_imported {
            return format!(
                "Ce paquet a déjà été importé ({}) : rien à faire.",
                format_date_fr(at)
            );
        }
        let (n, u, c, s) = self.counts();
        let d = self.deletions().count();
        let r = self.refusals().count();
        let i = self.information().count();
        let info = if i > 0 {
            format!(", {i} pour information")
        } else {
            String::new()
        };
        if self.from_funder {
            return format!(
                "Paquet de {}, financeur : {}, rien ne sera repris. Un financeur reçoit vos \
                 dossiers sous des identifiants pseudonymes pour ses indicateurs ; ce qu'il \
                 renvoie ne désigne aucune de vos fiches.",
                self.sender,
                count(r, "fiche refusée", "fiches refusées")
            );
        }
        format!(
            "Paquet de {} : {}, {}, {c} en conflit, {}, {}, {}{info}.",
            self.sender,
            count(n, "nouvelle fiche", "nouvelles fiches"),
            count(u, "mise à jour", "mises à jour"),
            count(s, "inchangée", "inchangées"),
            count(d, "suppression", "suppressions"),
            count(r, "refusée", "refusées")
        )
    }
}

fn format_date_fr(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| d.format("%d/%m/%Y à %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn label_of(table: &str, data: &Map<String, Value>) -> String {
    let s = |k: &str| {
        data.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let label = match table {
        "households" => s("label"),
        "adults" | "children" => format!("{} {}", s("first_name"), s("last_name")),
        "programmes" => s("name"),
        "notes" => s("at").chars().take(10).collect(),
        _ => String::new(),
    };
    let label = label.trim().to_string();
    if label.is_empty() {
        redact::table_label_fr(table).to_string()
    } else {
        format!("{} : {label}", redact::table_label_fr(table))
    }
}

/// Where local versions are read: the store for a preview, the transaction for apply.
trait LocalSource {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError>;
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError>;
    fn exchanged_households(&self, partner: Uuid)
    -> Result<HashMap<Uuid, Option<Hlc>>, StoreError>;
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError>;
}

impl LocalSource for Store {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        self.stamped(id)
    }
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError> {
        self.seen_stamps(id)
    }
    fn exchanged_households(
        &self,
        partner: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        Store::exchanged_households(self, partner)
    }
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        self.existing_ids::<R>(ids)
    }
}

impl LocalSource for Tx<'_> {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        self.stamped(id)
    }
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError> {
        self.seen_stamps(id)
    }
    fn exchanged_households(
        &self,
        partner: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        Tx::exchanged_households(self, partner)
    }
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        self.existing_ids::<R>(ids)
    }
}

/// Which records of the packet we hold, per table: one query per table instead of one
/// read per record (issue 17; an import into an empty base read 26,000 absent rows).
struct Present<'a, S: LocalSource> {
    source: &'a S,
    ids: &'a [Uuid],
}

impl<S: LocalSource> TableVisitor for Present<'_, S> {
    type Out = Result<(&'static str, HashSet<Uuid>), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        Ok((R::TABLE, self.source.existing::<R>(self.ids)?))
    }
}

/// Tables a partner never writes into our base: consents are collected here, programmes
/// and registries are ours.
const NEVER_TAKEN: &[&str] = &["consents"];
const REGISTRIES: &[&str] = &[
    "programmes",
    "employers",
    "job_offers",
    "landlords",
    "housing_units",
];
/// Fields that attach a record to another: a partner never moves a record.
const LINK_FIELDS: &[&str] = &[
    "household_id",
    "adult_id",
    "case_id",
    "appointment_id",
    "programme_id",
    "offer_id",
    "unit_id",
    "employer_id",
    "landlord_id",
];
/// Links to a parent that may come in the same packet: a new record whose new parent
/// was refused is refused too (it would point at nothing).
const PARENT_FIELDS: &[&str] = &["household_id", "adult_id", "case_id", "appointment_id"];

/// Why nothing a funder sends is taken (each of its records is refused with it).
pub const FUNDER_REFUSAL: &str = "envoyé par un financeur : il reçoit vos dossiers sous des \
     identifiants pseudonymes, pour ses indicateurs ; ce qu'il renvoie ne désigne aucune de \
     vos fiches et n'est jamais repris dans votre base";

/// How long a record deleted by a packet can be restored here.
pub const DELETION_UNDO_DAYS: i64 = 30;

/// What the whole packet is allowed to touch, computed once: one read per packet, not
/// one per record (issue 17).
struct Scope<'a> {
    /// A team member's packet: every record and field, but only its own stamps.
    team: bool,
    /// The team coordinator's snapshot: everybody's stamps.
    team_snapshot: bool,
    sender: &'a Partner,
    sender_site: Uuid,
    my_site: Uuid,
    /// Record id → household, from the packet's own lines.
    households_in_packet: &'a HashMap<Uuid, Uuid>,
    /// Households exchanged with the sender, with the clock of our last packet to it;
    /// the households the import adds are added as it goes.
    exchanged: RefCell<HashMap<Uuid, Option<Hlc>>>,
    /// Households of the packet that we did not hold before it.
    new_here: HashSet<Uuid>,
    /// Households of the packet deleted at the sender that we never held: not created.
    deleted_unknown: HashSet<Uuid>,
    /// The sender's own offers or units when it is linked to its employer or landlord
    /// record: it changes nothing about the others'.
    linked: Audience,
    /// New records refused so far: their children are refused too.
    refused_new: RefCell<HashSet<Uuid>>,
    /// Programmes and registry records: whether we hold them (read once each).
    known: RefCell<HashMap<Uuid, bool>>,
    /// Per table, the records of the packet that we hold (deleted ones included), and
    /// those the import has written so far.
    present: RefCell<HashMap<&'static str, HashSet<Uuid>>>,
}

fn uuid_of(data: &Map<String, Value>, key: &str) -> Option<Uuid> {
    data.get(key)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

impl Scope<'_> {
    /// The household a record belongs to: from its own fields, the packet, or our base.
    fn household_of<S: LocalSource>(
        &self,
        source: &S,
        table: &str,
        id: Uuid,
        data: &Map<String, Value>,
    ) -> Result<Option<Uuid>, StoreError> {
        if table == "households" {
            return Ok(Some(id));
        }
        if let Some(h) = uuid_of(data, "household_id") {
            return Ok(Some(h));
        }
        if let Some(h) = self.households_in_packet.get(&id) {
            return Ok(Some(*h));
        }
        let parent = |k: &str| uuid_of(data, k);
        Ok(match table {
            "stage_events" => match parent("case_id") {
                Some(c) => match self.households_in_packet.get(&c) {
                    Some(h) => Some(*h),
                    None => source.local::<Case>(c)?.map(|c| c.record.household_id),
                },
                None => None,
            },
            "tutors" | "employment_follow_ups" => match parent("adult_id") {
                Some(a) => match self.households_in_packet.get(&a) {
                    Some(h) => Some(*h),
                    None => source.local::<Adult>(a)?.map(|a| a.record.household_id),
                },
                None => None,
            },
            "attendances" => match parent("appointment_id") {
                Some(a) => match self.households_in_packet.get(&a) {
                    Some(h) => Some(*h),
                    None => source
                        .local::<Appointment>(a)?
                        .and_then(|a| a.record.household_id),
                },
                None => None,
            },
            _ => None,
        })
    }

    /// Whether we hold the programme or registry record `id` (deleted ones count: the
    /// link then points at a tombstone, as it would for a local record).
    fn holds<R: Stored, S: LocalSource>(&self, source: &S, id: Uuid) -> Result<bool, StoreError> {
        if let Some(k) = self.known.borrow().get(&id) {
            return Ok(*k);
        }
        let k = source.local::<R>(id)?.is_some();
        self.known.borrow_mut().insert(id, k);
        Ok(k)
    }

    /// Why `line` is outside what the sender may change, if it is. `local` is our
    /// version; `deletion` says the line deletes it; `household` is the record's.
    #[allow(clippy::too_many_arguments)]
    fn refusal<S: LocalSource>(
        &self,
        source: &S,
        table: &str,
        line: &RecordLine,
        local: Option<&StampedData>,
        deletion: bool,
        household: Option<Uuid>,
    ) -> Result<Option<String>, StoreError> {
        let role = self.sender.role;
        if self.team && self.team_snapshot {
            // The coordinator's snapshot carries what it applied from every log (the
            // team layer checked that the coordinator signed it).
            return Ok(None);
        }
        if self.team {
            // A member of the team shares the whole caseload; what it sends must be its
            // own writes (another member's arrive in that member's log).
            return Ok(line
                .stamps
                .values()
                .find(|s| s.site != self.sender_site)
                .map(|st| {
                    format!(
                        "modification datée par une autre installation ({}) que celle du membre \
                         de l'équipe qui l'envoie",
                        st.site
                    )
                }));
        }
        if role == PartnerRole::Financeur {
            // A funder holds our records under its own pseudonyms (issue 13): an id it
            // sends names none of ours, and nothing it sends changes our base.
            return Ok(Some(FUNDER_REFUSAL.into()));
        }
        if NEVER_TAKEN.contains(&table) {
            return Ok(Some(
                "consentement enregistré chez le partenaire : pour information, jamais repris \
                 (le consentement du ménage se recueille et s'enregistre ici)"
                    .into(),
            ));
        }
        if let Some(st) = line
            .stamps
            .values()
            .find(|s| s.site != self.sender_site && s.site != self.my_site)
        {
            return Ok(Some(format!(
                "modification datée par une autre installation ({}) que celle de l'expéditeur : \
                 seul l'auteur d'une modification peut vous l'envoyer",
                st.site
            )));
        }
        if REGISTRIES.contains(&table) {
            return Ok(Some(if local.is_some() {
                "fiche de vos registres (dispositif, employeur, offre, bailleur, logement) : jamais modifiée par un partenaire".into()
            } else {
                format!(
                    "{} absent(e) de votre base : un partenaire n'ajoute jamais de dispositif ni de fiche à vos registres (employeur, offre, bailleur, logement) ; créez-la vous-même si elle vous concerne",
                    redact::table_label_fr(table)
                )
            }));
        }
        if redact::allowed(role, table, true).is_none() {
            return Ok(Some(format!(
                "un partenaire « {} » ne reçoit pas ces fiches ({}) : il ne peut pas les modifier",
                role.label_fr(),
                redact::table_label_fr(table)
            )));
        }
        let data = match local {
            Some(l) if line.data.len() <= 1 => &l.data,
            _ => &line.data,
        };
        if !redact::row_allowed(role, table, data) {
            return Ok(Some(format!(
                "fiche hors du rôle « {} » du partenaire",
                role.label_fr()
            )));
        }
        if !self.linked.row_allowed(table, data)
            || local.is_some_and(|l| !self.linked.row_allowed(table, &l.data))
        {
            return Ok(Some(format!(
                "{} sur une offre ou un logement qui n'est pas celui de ce partenaire : un employeur ou un bailleur relié à sa fiche ne modifie que ce qui concerne les siens",
                redact::table_label_fr(table)
            )));
        }
        if deletion && role != PartnerRole::Accompagnement {
            return Ok(Some(
                "suppression envoyée par un partenaire qui n'est pas d'accompagnement : refusée"
                    .into(),
            ));
        }
        if let Some(l) = local {
            for f in LINK_FIELDS {
                if let (Some(theirs), Some(mine)) = (line.data.get(*f), l.data.get(*f))
                    && theirs != mine
                    && line.stamps.contains_key(*f)
                {
                    return Ok(Some(
                        "fiche rattachée à un autre ménage ou une autre fiche que chez vous : un partenaire ne déplace pas une fiche".into(),
                    ));
                }
            }
        } else {
            // A new record pointing at a programme or registry record we do not hold:
            // those are never taken from a partner, so the record would point at nothing.
            let missing = match table {
                "cases" => match uuid_of(data, "programme_id") {
                    Some(p) => (!self.holds::<Programme, _>(source, p)?).then_some("un dispositif"),
                    None => None,
                },
                _ => None,
            }
            .or(match uuid_of(data, "offer_id") {
                Some(o) if !self.holds::<JobOffer, _>(source, o)? => Some("une offre d'emploi"),
                _ => None,
            })
            .or(match uuid_of(data, "unit_id") {
                Some(u) if !self.holds::<HousingUnit, _>(source, u)? => Some("un logement"),
                _ => None,
            });
            if let Some(what) = missing {
                return Ok(Some(format!(
                    "fiche liée à {what} absent de votre base : un partenaire n'ajoute pas de fiche à vos registres (à créer chez vous d'abord)"
                )));
            }
            let refused = self.refused_new.borrow();
            if PARENT_FIELDS
                .iter()
                .filter_map(|f| uuid_of(data, f))
                .any(|p| refused.contains(&p))
            {
                return Ok(Some(
                    "fiche rattachée à une fiche refusée du même paquet".into(),
                ));
            }
            drop(refused);
            // A new record whose parent is neither in the packet nor here (the sender
            // moved that person to a household it then deleted, say): it would point at
            // nothing, and the database refused the whole packet (scope property).
            for f in PARENT_FIELDS {
                let Some(p) = uuid_of(data, f) else {
                    continue;
                };
                if self.households_in_packet.contains_key(&p) {
                    continue;
                }
                let absent = match *f {
                    "household_id" => source.local::<Household>(p)?.is_none(),
                    "adult_id" => source.local::<Adult>(p)?.is_none(),
                    "case_id" => source.local::<Case>(p)?.is_none(),
                    "appointment_id" => source.local::<Appointment>(p)?.is_none(),
                    _ => false,
                };
                if absent {
                    return Ok(Some(
                        "fiche rattachée à une personne ou une fiche qui n'est ni dans le paquet \
                         ni dans votre base : non reprise"
                            .into(),
                    ));
                }
            }
        }
        let Some(household) = household else {
            return Ok(Some("ménage de la fiche introuvable".into()));
        };
        if table != "households" && self.deleted_unknown.contains(&household) {
            return Ok(Some(
                "fiche d'un ménage que le partenaire a supprimé et que vous n'avez jamais reçu : \
                 non reprise"
                    .into(),
            ));
        }
        if self.exchanged.borrow().contains_key(&household) {
            return Ok(None);
        }
        // A household we do not hold yet, sent by an accompanying partner with its file.
        let new_here = self.new_here.contains(&household);
        if new_here && role == PartnerRole::Accompagnement {
            return Ok(None);
        }
        if !new_here && source.local::<Household>(household)?.is_none() {
            return Ok(Some("ménage de la fiche introuvable".into()));
        }
        Ok(Some(if new_here {
            format!(
                "nouveau ménage : seul un partenaire d'accompagnement peut en créer (celui-ci est « {} »)",
                role.label_fr()
            )
        } else {
            // Bases upgraded from an earlier version know the households they sent
            // (from the audit log) and those received and not opened since; the others
            // have to be sent once before the partner may change them.
            "ménage jamais échangé avec ce partenaire, ou reçu de lui avant la mise à jour de Passerelle sans lui avoir été envoyé depuis : il ne peut pas le modifier. Envoyez-lui d'abord le dossier".into()
        }))
    }
}

struct PlanLine<'a, 'w, 't, S: LocalSource> {
    source: &'a S,
    line: &'a RecordLine,
    now_ms: u64,
    scope: &'a Scope<'a>,
    /// In a transaction: write the merged record and keep its conflicts (with the
    /// packet's id).
    apply: Option<(&'a RefCell<MergeWriter<'w, 't>>, Uuid)>,
    /// Apply the deletions (a separate choice of the worker).
    apply_deletions: bool,
}

impl<S: LocalSource> TableVisitor for PlanLine<'_, '_, '_, S> {
    type Out = Result<PreviewItem, PacketError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let id = self.line.id().ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "identifiant absent".into(),
        })?;
        let scope = self.scope;
        if !scope.team && scope.sender.role == PartnerRole::Financeur {
            // Issue 13: a funder holds our records under its pseudonyms; nothing it sends
            // is matched with our records nor written (not even checked for stamps: it
            // is refused whatever it holds).
            return Ok(PreviewItem {
                table: R::TABLE.to_string(),
                id,
                label: label_of(R::TABLE, &self.line.data),
                kind: MergeKind::New,
                conflicts: Vec::new(),
                deletion: false,
                refused: Some(FUNDER_REFUSAL.into()),
            });
        }
        let (my_site, sender_site) = (scope.my_site, scope.sender_site);
        let held = scope
            .present
            .borrow()
            .get(R::TABLE)
            .is_some_and(|ids| ids.contains(&id));
        let local = if held {
            self.source
                .local::<R>(id)?
                .map(|s| StampedData::from_stamped(&s))
                .transpose()?
        } else {
            None
        };
        // A stamp of our own site must be one we wrote: at most the one we hold for that
        // field. Anything else is a forgery meant to win or to dodge a conflict.
        for (field, st) in self.line.stamps.iter().filter(|(_, s)| s.site == my_site) {
            let ours = local.as_ref().and_then(|l| l.stamps.get(field));
            if ours.is_none_or(|o| st > o) {
                return Err(PacketError::ForgedStamp);
            }
        }
        // The sender changes only the fields its role receives: the others arrive blank
        // and unstamped, which never overwrites (see `redact`). A role that receives
        // every field needs no copy to redact (the reader already refused stamps of
        // fields that are not there).
        let role = scope.sender.role;
        // A team member's packets carry every field (the roster signature is the trust).
        let partial = !scope.team
            && matches!(
                redact::allowed(role, R::TABLE, true),
                Some(redact::Fields::Only(_))
            );
        let redacted = if partial && (self.line.data.len() > 1 || self.line.deleted_at.is_none()) {
            let mut data = self.line.data.clone();
            let mut stamps = self.line.stamps.clone();
            redact::redact(role, R::TABLE, true, &mut data, &mut stamps);
            Some(StampedData {
                data,
                stamps,
                deleted_at: self.line.deleted_at,
            })
        } else {
            None
        };
        // The received version, read in place (a copy only for a record we hold, to
        // merge it: issue 17).
        let (remote_data, remote_stamps, remote_deleted) = match &redacted {
            Some(r) => (&r.data, &r.stamps, r.deleted_at),
            None => (&self.line.data, &self.line.stamps, self.line.deleted_at),
        };
        if local.is_none() && remote_deleted.is_some() {
            // The deletion of a record we never had: nothing to do.
            return Ok(PreviewItem {
                table: R::TABLE.to_string(),
                id,
                label: redact::table_label_fr(R::TABLE).to_string(),
                kind: MergeKind::Unchanged,
                conflicts: Vec::new(),
                deletion: false,
                refused: None,
            });
        }
        let deletion =
            local.as_ref().is_some_and(|l| l.deleted_at.is_none()) && remote_deleted.is_some();
        let scope_data = match &local {
            Some(l) if self.line.data.len() <= 1 => &l.data,
            _ => remote_data,
        };
        let household = scope.household_of(self.source, R::TABLE, id, scope_data)?;
        // Only records we hold can have remembered stamps.
        let stored_seen = if local.is_some() && !R::IMMUTABLE {
            self.source.seen(id)?
        } else {
            Stamps::new()
        };
        // With the merged version, the received stamps that lost here.
        // `None`: a new record, the received version as it is.
        let (out, lost) = match &local {
            None => {
                merge::check_stamps(remote_stamps, self.now_ms)?;
                (None, Stamps::new())
            }
            Some(l) => {
                let owned;
                let remote = match &redacted {
                    Some(r) => r,
                    None => {
                        owned = self.line.as_stamped_data();
                        &owned
                    }
                };
                // What the sender has seen of ours, recomputed here from its own version
                // of the record, never taken from the packet's `seen` claim. The latest
                // stamp of ours that version carries (genuine: checked above against
                // ours, and within what we sent it) proves it imported a packet written
                // after that write, which carried every field of ours stamped up to
                // it. Fields of ours written since are unseen: a concurrent edit of one
                // is a conflict, even when our newer packet crossed theirs in the mail.
                let sent_at =
                    household.and_then(|h| scope.exchanged.borrow().get(&h).copied().flatten());
                let proof = remote
                    .stamps
                    .values()
                    .filter(|s| s.site == my_site && sent_at.is_none_or(|at| s.hlc <= at))
                    .max()
                    .copied();
                let mut remote_seen: Stamps = match proof {
                    Some(proof) => l
                        .stamps
                        .iter()
                        .filter(|(_, s)| s.site == my_site && **s <= proof)
                        .map(|(f, s)| (f.clone(), *s))
                        .collect(),
                    None => Stamps::new(),
                };
                for (f, st) in remote
                    .stamps
                    .iter()
                    .filter(|(_, st)| st.site != sender_site)
                {
                    let e = remote_seen.entry(f.clone()).or_insert(*st);
                    *e = (*e).max(*st);
                }
                let mut local_seen = stored_seen.clone();
                for (f, st) in l.stamps.iter().filter(|(_, st)| st.site != my_site) {
                    let e = local_seen.entry(f.clone()).or_insert(*st);
                    *e = (*e).max(*st);
                }
                let out = merge::merge_with_seen(
                    Some(l),
                    remote,
                    R::IMMUTABLE,
                    self.now_ms,
                    &local_seen,
                    &remote_seen,
                )?;
                let lost: Stamps = remote
                    .stamps
                    .iter()
                    .filter(|(f, st)| out.merged.stamps.get(*f) != Some(*st))
                    .map(|(f, st)| (f.clone(), *st))
                    .collect();
                (Some(out), lost)
            }
        };
        let kind = out.as_ref().map_or(MergeKind::New, |o| o.kind);
        let conflicts: &[FieldConflict] = out.as_ref().map_or(&[], |o| &o.conflicts);
        let changes = kind != MergeKind::Unchanged || !conflicts.is_empty();
        let refused = if changes {
            scope.refusal(
                self.source,
                R::TABLE,
                self.line,
                local.as_ref(),
                deletion,
                household,
            )?
        } else {
            None
        };
        if refused.is_some() && local.is_none() {
            scope.refused_new.borrow_mut().insert(id);
        }
        let label_data = match &local {
            Some(l) if self.line.data.len() <= 1 => &l.data,
            _ => out.as_ref().map_or(remote_data, |o| &o.merged.data),
        };
        let item = PreviewItem {
            table: R::TABLE.to_string(),
            id,
            label: label_of(R::TABLE, label_data),
            kind,
            conflicts: if refused.is_some() {
                Vec::new()
            } else {
                conflicts.to_vec()
            },
            deletion,
            refused,
        };
        let write = item.refused.is_none() && (!deletion || self.apply_deletions);
        if let Some((writer, packet_id)) = self.apply
            && write
        {
            let tx = writer.borrow().tx();
            if deletion && let Some(l) = &local {
                // The local undo: the previous content stays, inside the encrypted base,
                // for DELETION_UNDO_DAYS (« Suppressions reçues »).
                let until = tx.now() + chrono::Duration::days(DELETION_UNDO_DAYS);
                let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                tx.keep_packet_deletion(&crate::store::exchange::PacketDeletion {
                    id: 0,
                    packet_id,
                    partner_id: scope.sender.id,
                    table: R::TABLE.to_string(),
                    record_id: id,
                    household_id: household,
                    label: label_of(R::TABLE, &l.data),
                    data: Value::Object(l.data.clone()).to_string(),
                    stamps: serde_json::to_string(&l.stamps).map_err(crypto)?,
                    deleted_at: rfc(tx.now()),
                    until: rfc(until),
                })?;
            }
            match out {
                None => {
                    // Read from the received fields in place, without a copy of them.
                    let record = R::deserialize(remote_data).map_err(|e| {
                        MergeError::Format(format!("{} : {}", R::TABLE, merge::serde_fr(&e)))
                    })?;
                    writer
                        .borrow_mut()
                        .put(&record, remote_stamps, remote_deleted, true)?;
                    // Held from now on (a packet built by hand with the record twice:
                    // the second line merges with the first, as before).
                    scope
                        .present
                        .borrow_mut()
                        .entry(R::TABLE)
                        .or_default()
                        .insert(id);
                }
                Some(o) if o.kind == MergeKind::Unchanged => {}
                Some(o) => {
                    let s = o.merged.to_stamped::<R>()?;
                    writer
                        .borrow_mut()
                        .put(&s.record, &s.stamps, s.deleted_at, false)?;
                }
            }
            // Remember the received values that lost here (those that won are now the
            // record's own stamps, seen by construction). Immutable records never
            // change, so never conflict: nothing to remember.
            if local.is_some() && !R::IMMUTABLE {
                let mut seen = stored_seen.clone();
                for (field, stamp) in &lost {
                    let e = seen.entry(field.clone()).or_insert(*stamp);
                    *e = (*e).max(*stamp);
                }
                if seen != stored_seen {
                    tx.set_seen_stamps(id, &seen)?;
                }
            }
            for c in &item.conflicts {
                let js = |v: &Value| v.to_string();
                let stamp = |s| serde_json::to_string(&s).unwrap_or_default();
                tx.record_conflict(
                    packet_id,
                    R::TABLE,
                    id,
                    &c.field,
                    &js(&c.kept),
                    &stamp(c.kept_stamp),
                    &js(&c.lost),
                    &stamp(c.lost_stamp),
                )?;
            }
            // The household is now exchanged with this partner (one write per household).
            if !scope.team
                && let Some(h) = household
                && !REGISTRIES.contains(&R::TABLE)
                && !scope.exchanged.borrow().contains_key(&h)
            {
                tx.mark_exchanged(scope.sender.id, h)?;
                scope.exchanged.borrow_mut().insert(h, None);
            }
        }
        Ok(item)
    }
}

/// Checks that hold for the whole packet before any record: the sender's site is not
/// ours, and it is the one the partner's packets always carried.
fn check_sites(packet: &OpenedPacket, my_site: Uuid) -> Result<(), PacketError> {
    let site = packet.manifest.sender.site;
    if site == my_site {
        return Err(PacketError::ForgedStamp);
    }
    if let Some(pinned) = packet.sender.trust.site
        && pinned != site
    {
        return Err(PacketError::SiteChanged);
    }
    Ok(())
}

/// The sender as an audience: its role and, when it is linked to its employer or
/// landlord record, its own offers or units (what it may change, as what it receives).
fn sender_audience(store: &Store, sender: &Partner) -> Result<Audience, PacketError> {
    let (own_offers, own_units) = owned(store, sender.role, std::slice::from_ref(sender))?;
    Ok(Audience {
        role: sender.role,
        include_notes: true,
        pseudonyms: None,
        own_offers,
        own_units,
    })
}

#[allow(clippy::too_many_arguments)]
fn plan_all<S: LocalSource>(
    source: &S,
    packet: &OpenedPacket,
    linked: Audience,
    now_ms: u64,
    my_site: Uuid,
    apply: Option<&RefCell<MergeWriter<'_, '_>>>,
    apply_deletions: bool,
    households_in_packet: &HashMap<Uuid, Uuid>,
) -> Result<Vec<PreviewItem>, PacketError> {
    check_sites(packet, my_site)?;
    let mut by_table: BTreeMap<&str, Vec<Uuid>> = BTreeMap::new();
    for line in &packet.lines {
        if let Some(id) = line.id() {
            by_table.entry(line.table.as_str()).or_default().push(id);
        }
    }
    let mut present = HashMap::new();
    for (table, ids) in &by_table {
        if let Some(found) = dispatch(table, &mut Present { source, ids }) {
            let (table, found) = found?;
            present.insert(table, found);
        }
    }
    let mut new_here = HashSet::new();
    let mut deleted_unknown = HashSet::new();
    for line in packet.lines.iter().filter(|l| l.table == "households") {
        if let Some(id) = line.id()
            && !present
                .get(Household::TABLE)
                .is_some_and(|ids: &HashSet<Uuid>| ids.contains(&id))
        {
            // A household we never had, deleted at the sender, is never created here:
            // its records would point at nothing (a foreign key error that refused the
            // whole packet, found by the scope property).
            if line.deleted_at.is_some() {
                deleted_unknown.insert(id);
            } else {
                new_here.insert(id);
            }
        }
    }
    let scope = Scope {
        team: packet.team,
        team_snapshot: packet.team_snapshot,
        sender: &packet.sender,
        sender_site: packet.manifest.sender.site,
        my_site,
        households_in_packet,
        exchanged: RefCell::new(source.exchanged_households(packet.sender.id)?),
        new_here,
        deleted_unknown,
        linked,
        refused_new: RefCell::new(HashSet::new()),
        known: RefCell::new(HashMap::new()),
        present: RefCell::new(present),
    };
    let mut items = Vec::with_capacity(packet.lines.len());
    for line in &packet.lines {
        let mut v = PlanLine {
            source,
            line,
            now_ms,
            scope: &scope,
            apply: apply.map(|w| (w, packet.manifest.packet_id)),
            apply_deletions,
        };
        let item = dispatch(&line.table, &mut v).ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "table inconnue".into(),
        })??;
        items.push(item);
    }
    Ok(items)
}

/// What importing `packet` would do. Writes nothing.
pub fn preview(store: &Store, packet: &OpenedPacket) -> Result<Preview, PacketError> {
    let mut p = Preview {
        packet_id: packet.manifest.packet_id,
        sender: packet.sender.organisation.clone(),
        from_funder: packet.sender.role == PartnerRole::Financeur && !packet.team,
        ..Preview::default()
    };
    if let Some(logged) = store.logged_packet(packet.manifest.packet_id)? {
        p.already_imported = Some(logged.at);
        return Ok(p);
    }
    p.items = plan_all(
        store,
        packet,
        sender_audience(store, &packet.sender)?,
        now_ms(store.now()),
        store.site_id(),
        None,
        false,
        &super::touched::households_of(&packet.lines),
    )?;
    Ok(p)
}

/// [`apply_with`] without the deletions: they stay listed, nothing is deleted.
pub fn apply(store: &mut Store, packet: &OpenedPacket) -> Result<Preview, PacketError> {
    apply_with(store, packet, false)
}

/// Merges `packet` into the database in ONE transaction, with its import log entry, its
/// conflicts and an audit entry. Refused records are not written; the deletions only
/// when `apply_deletions` (the worker's separate, explicit choice). A packet already
/// imported changes nothing at all.
pub fn apply_with(
    store: &mut Store,
    packet: &OpenedPacket,
    apply_deletions: bool,
) -> Result<Preview, PacketError> {
    let mut p = Preview {
        packet_id: packet.manifest.packet_id,
        sender: packet.sender.organisation.clone(),
        deletions_applied: apply_deletions,
        from_funder: packet.sender.role == PartnerRole::Financeur && !packet.team,
        ..Preview::default()
    };
    if let Some(logged) = store.logged_packet(packet.manifest.packet_id)? {
        p.already_imported = Some(logged.at);
        return Ok(p);
    }
    check_sites(packet, store.site_id())?;
    // Local edits after the import must stamp above everything received.
    if let Some(max) = packet
        .lines
        .iter()
        .flat_map(|l| l.stamps.values())
        .map(|s| s.hlc)
        .max()
    {
        store.observe_hlc(max);
    }
    let now = now_ms(store.now());
    let my_site = store.site_id();
    let linked = sender_audience(store, &packet.sender)?;
    // A refusal found inside the transaction (a forged stamp…) is returned as itself
    // once the transaction is rolled back.
    let mut refusal: Option<PacketError> = None;
    let written = store.write(|tx| {
        tx.purge_expired_packet_deletions()?;
        let writer = RefCell::new(tx.merge_writer()?);
        let of = super::touched::households_of(&packet.lines);
        let items = plan_all(&*tx, packet, linked, now, my_site, Some(&writer), apply_deletions, &of).map_err(
            |e| match e {
                PacketError::Store(s) => s,
                other => {
                    let text = other.to_string();
                    refusal = Some(other);
                    StoreError::Invalid(text)
                }
            },
        )?;
        // The search entries and case stages of what was written.
        writer.into_inner().finish()?;
        p.items = items;
        // The partner's site, learnt from its first packet: later ones must carry it.
        if packet.sender.trust.site.is_none() {
            let mut sender = packet.sender.clone();
            sender.trust.site = Some(packet.manifest.sender.site);
            tx.put(&sender)?;
        }
        // « modifié depuis votre dernière visite » until the worker opens them.
        let written = p
            .items
            .iter()
            .filter(|i| i.refused.is_none() && (!i.deletion || apply_deletions));
        let changed = super::touched::changed_households_of(&of, written);
        tx.mark_households_changed(&changed, packet.manifest.packet_id, &p.sender)?;
        let (n, u, c, s) = p.counts();
        let d = p.deletions().count();
        let r = p.refusals().count();
        let summary = format!(
            "{{\"nouvelles\":{n},\"mises_a_jour\":{u},\"conflits\":{c},\"inchangees\":{s},\"suppressions\":{d},\"refusees\":{r}}}"
        );
        tx.log_packet(
            packet.manifest.packet_id,
            "import",
            Some(packet.sender.id),
            &packet.sha256,
            &summary,
        )?;
        tx.audit("import paquet",
            &format!(
                "paquet {} du partenaire {} (rôle {}) : {n} nouvelles, {u} mises à jour, {c} en conflit, {s} inchangées, {d} suppressions {}, {r} refusées ; ménages modifiés : {}",
                packet.manifest.packet_id,
                packet.sender.id,
                packet.sender.role.label_fr(),
                if apply_deletions { "appliquées" } else { "non appliquées" },
                changed
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )?;
        Ok(std::mem::take(&mut p.items))
    });
    let items = match (written, refusal) {
        (Ok(items), _) => items,
        (Err(_), Some(refused)) => return Err(refused),
        (Err(e), None) => return Err(e.into()),
    };
    p.items = items;
    Ok(p)
}

// ---------------------------------------------------------------------------------------
// Local undo of deletions received in packets
// ---------------------------------------------------------------------------------------

/// Restores one undo row's record (`visit` per table).
struct Restore<'a, 't> {
    tx: &'a Tx<'t>,
    row: &'a crate::store::exchange::PacketDeletion,
}

impl TableVisitor for Restore<'_, '_> {
    type Out = Result<(), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let data = match serde_json::from_str::<Value>(&self.row.data)? {
            Value::Object(map) => map,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "{} : format inattendu.",
                    R::TABLE
                )));
            }
        };
        let stamps: Stamps = serde_json::from_str(&self.row.stamps)?;
        self.tx.restore_deleted::<R>(data, &stamps)
    }
}

/// Restores what one packet deleted in one household (`None`: its records of no
/// household), in one transaction with an audit entry (ids only). Records deleted again
/// since, or no longer restorable (past 30 days), are refused with a French message.
pub fn restore_deletions(
    store: &mut Store,
    packet_id: Uuid,
    household_id: Option<Uuid>,
) -> Result<usize, PacketError> {
    let restored = store.write(|tx| {
        tx.purge_expired_packet_deletions()?;
        let rows = tx.packet_deletions_of(packet_id, household_id)?;
        if rows.is_empty() {
            return Err(StoreError::Invalid(
                "Ces fiches ne peuvent plus être restaurées (plus de 30 jours, ou déjà restaurées)."
                    .into(),
            ));
        }
        // Parents first (the household before its adults…): the order they were kept in.
        for row in &rows {
            let mut v = Restore { tx, row };
            dispatch(&row.table, &mut v)
                .unwrap_or_else(|| Err(StoreError::Invalid("table inconnue".into())))?;
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        tx.forget_packet_deletions(&ids)?;
        tx.audit(
            "suppression reçue annulée",
            &format!(
                "paquet {packet_id} ; ménage {} ; fiches restaurées : {}",
                household_id.map_or_else(|| "aucun".to_string(), |h| h.to_string()),
                rows.iter()
                    .map(|r| format!("{} {}", r.table, r.record_id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )?;
        Ok(rows.len())
    })?;
    Ok(restored)
}

// ---------------------------------------------------------------------------------------
// Conflict resolution
// ---------------------------------------------------------------------------------------

/// Writes `value` into `field` of a record as a new local edit (new stamp: it then wins
/// on every replica at the next exchange).
struct TakeValue<'a, 't> {
    tx: &'a Tx<'t>,
    id: Uuid,
    field: &'a str,
    value: Value,
}

impl TableVisitor for TakeValue<'_, '_> {
    type Out = Result<(), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let Some(record) = self.tx.find::<R>(self.id)? else {
            // Deleted since: nothing to take.
            return Ok(());
        };
        let mut data = match serde_json::to_value(&record)? {
            Value::Object(map) => map,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "{} : format inattendu.",
                    R::TABLE
                )));
            }
        };
        data.insert(self.field.to_string(), self.value.clone());
        let updated: R = serde_json::from_value(Value::Object(data))?;
        self.tx.put(&updated).map(|_| ())
    }
}

/// Resolves a conflict kept by an import: `take_theirs` writes the value that lost as a
/// new local edit; otherwise the kept value stays ("keep mine"). Either way the conflict
/// is closed, in one transaction with an audit entry.
pub fn resolve_conflict(
    store: &mut Store,
    conflict_id: i64,
    take_theirs: bool,
) -> Result<(), PacketError> {
    let conflict = store
        .open_conflicts()?
        .into_iter()
        .find(|c| c.id == conflict_id)
        .ok_or_else(|| PacketError::BadManifest("conflit introuvable ou déjà résolu".into()))?;
    let lost: Value = serde_json::from_str(&conflict.lost).map_err(crypto)?;
    store.write(|tx| {
        if take_theirs {
            let mut v = TakeValue {
                tx,
                id: conflict.record_id,
                field: &conflict.field,
                value: lost.clone(),
            };
            dispatch(&conflict.table, &mut v)
                .unwrap_or_else(|| Err(StoreError::Invalid("table inconnue".into())))?;
        }
        tx.resolve_conflict(conflict.id)?;
        tx.audit(
            "conflit résolu",
            &format!(
                "{} {} champ {} : {}",
                conflict.table,
                conflict.record_id,
                conflict.field,
                if take_theirs {
                    "valeur du partenaire"
                } else {
                    "valeur gardée"
                }
            ),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hlc::{Hlc, Stamp};
    use serde_json::json;

    #[test]
    fn lines_round_trip_through_their_compact_form() {
        let st = |h, n| Stamp {
            hlc: Hlc(h),
            site: Uuid::from_u128(n),
        };
        let Value::Object(data) = json!({"id": "x", "a": 1, "b": 2, "c": 3}) else {
            panic!("object")
        };
        let mut stamps = Stamps::new();
        stamps.insert("id".into(), st(5, 1));
        stamps.insert("a".into(), st(5, 1));
        stamps.insert("b".into(), st(9, 2));
        stamps.insert(crate::domain::record::DELETED_KEY.into(), st(12, 2));
        let line = RecordLine {
            table: "households".into(),
            data,
            stamps,
            deleted_at: DateTime::from_timestamp(86_400, 0),
            seen: Stamps::new(),
        };
        let wire = WireLine::from_line(line.clone());
        assert_eq!(wire.base, Some(st(5, 1)));
        assert_eq!(wire.unstamped, ["c"], "an unstamped field stays unstamped");
        let text = serde_json::to_string(&wire).unwrap();
        let back = serde_json::from_str::<WireLine>(&text).unwrap().into_line();
        assert_eq!(back, line);
    }

    #[test]
    fn a_packet_passphrase_has_the_apps_minimum() {
        assert_eq!(MIN_PACKET_PASSPHRASE_CHARS, crate::ui::MIN_PASSPHRASE_CHARS);
    }

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
