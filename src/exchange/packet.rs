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
//!
//! Where things are (each file's own documentation says more):
//!
//! - this file: the packet as data — its [`Manifest`], its [`RecordLine`]s, an
//!   [`OpenedPacket`] — the size caps and [`PacketError`], with its French messages;
//! - `identity`: our keys ([`Identity`]), contact cards, the partner directory (pin, revoke,
//!   link, re-pin) and the rotation of our own keys;
//! - `wire`: the archive's layout (file names, the compact form of a line, strict tar) and
//!   the table → record type dispatch every pass over lines uses;
//! - `encryption`: the age envelope, to partners' keys or to a passphrase, both ways;
//! - `export`: building a packet for its recipients (who, consent, redaction, audit);
//! - `read`: opening a packet through every check, writing nothing;
//! - `preview`: what importing a packet would do, as the worker reads it;
//! - `scope`: what a sender may change here (whole-packet checks, per-record refusals);
//! - `apply`: the merge of each record with ours and the one transaction of an import;
//! - `resolve`: the worker's later decisions (restore a received deletion, settle a
//!   conflict);
//! - `team`: the team log's packets (issue 15), the same format without the role scope.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::merge::{MergeError, StampedData};
use crate::domain::model::{Partner, PartnerRole};
use crate::domain::record::Stamps;
use crate::store::StoreError;

mod apply;
mod encryption;
mod export;
mod identity;
mod preview;
mod read;
mod resolve;
mod scope;
pub mod team;
mod wire;

pub use apply::{apply, apply_with};
pub use encryption::{decrypt, encrypt_to, encrypt_with_passphrase};
pub use export::{
    ExportRequest, Exported, MIN_PACKET_PASSPHRASE_CHARS, collect, consent_covers, export,
    funder_pseudonyms, recipients, write_file,
};
pub use identity::{
    ContactCard, Identity, ROTATION_GRACE_DAYS, add_partner, ensure_identity, export_age_identity,
    fingerprint, identity, link_partner, repin_partner, revoke_partner, rotate_identity,
    unpin_partner,
};
pub use preview::{Preview, PreviewItem, preview};
pub use read::{open, open_decrypted, open_with};
pub use resolve::{DELETION_UNDO_DAYS, resolve_conflict, restore_deletions};
pub use scope::FUNDER_REFUSAL;
pub use wire::{build_archive, parse_archive};

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
/// `first` and `second`, the first on a thread of its own (named `name`) beside the
/// second when `apart`, both on the calling thread otherwise or when no thread is to be
/// had (issue 17: an import's independent passes share the machine's cores).
fn beside<A: Send, B>(
    name: &str,
    apart: bool,
    first: impl FnOnce() -> A + Send + Clone,
    second: impl FnOnce() -> B,
) -> (A, B) {
    if !apart {
        return (first(), second());
    }
    std::thread::scope(|threads| {
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn_scoped(threads, first.clone());
        let b = second();
        let a = match spawned.map(std::thread::ScopedJoinHandle::join) {
            Ok(Ok(a)) => a,
            _ => first(),
        };
        (a, b)
    })
}

/// Largest manifest or signature accepted.
pub const MAX_MANIFEST_BYTES: u64 = 256 << 10;
/// Largest line of `records.jsonl` accepted.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Highest scrypt work factor (log2 N) accepted for a passphrase packet: age's own
/// default is 18; a forged 2^40 must be refused at once, not computed for hours.
pub const MAX_SCRYPT_LOG_N: u8 = 20;

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

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn beside_runs_both_and_the_first_on_its_own_thread_only_when_apart() {
        let here = std::thread::current().id();
        let (a, b) = beside(
            "passerelle-test",
            true,
            || std::thread::current().id(),
            || 2,
        );
        assert_ne!(a, here);
        assert_eq!(b, 2);
        let (a, b) = beside(
            "passerelle-test",
            false,
            || std::thread::current().id(),
            || 3,
        );
        assert_eq!(a, here);
        assert_eq!(b, 3);
    }
}
