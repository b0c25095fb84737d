//! The team log's packets (issue 15, « membre de l'équipe »): the packet format of §5 with
//! every field of every table, encrypted to every admitted member and signed by the
//! device; opened against the roster's members instead of the partner directory. The
//! merge is the partners' one (per-field stamps, conflicts kept), without the role scope.
//!
//! Also the signature of the roster file (minisign, by the coordinator's identity).

use std::collections::BTreeMap;
use std::io::Cursor;

use uuid::Uuid;

use super::identity::{key_id_hex, retired_age_identities};
use super::read::open_inner;
use super::wire::{MANIFEST, RECORDS, SIGNATURE, TableVisitor, WireLine, dispatch};
use super::{
    FORMAT_NAME, FORMAT_VERSION, Identity, Manifest, OpenedPacket, PacketError, Recipient,
    RecordLine, Sender, build_archive, crypto, encrypt_to, sha256_hex,
};
use crate::domain::merge::StampedData;
use crate::domain::model::{Partner, PartnerRole};
use crate::domain::record::{DELETED_KEY, Stamps};
use crate::exchange::redact::{self, PACKET_TABLES};
use crate::store::records::Stored;
use crate::store::{SCHEMA_VERSION, Store};

/// One packet of a device's team log, in memory.
#[derive(Debug, Clone)]
pub struct TeamPacket {
    /// The file's bytes (age, binary).
    pub bytes: Vec<u8>,
    /// Its manifest.
    pub manifest: Manifest,
    /// The highest clock of our own stamps it carries: the next packet starts above.
    pub high: u64,
    /// Number of records.
    pub records: usize,
}

struct SinceLines<'a> {
    store: &'a Store,
    since: u64,
    site: Uuid,
    out: &'a mut Vec<RecordLine>,
    high: &'a mut u64,
}

impl TableVisitor for SinceLines<'_> {
    type Out = Result<(), PacketError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        for s in self.store.stamped_since::<R>(self.since)? {
            let mut sd = StampedData::from_stamped(&s)?;
            let ours_new = sd
                .stamps
                .values()
                .any(|st| st.site == self.site && st.hlc.0 > self.since);
            if !ours_new {
                // Changed here by another member's packet only: that member publishes it.
                continue;
            }
            if sd.deleted_at.is_some() {
                redact::tombstone(&mut sd.data, &mut sd.stamps);
            }
            // Only our own writes leave: the other fields travel unstamped ("no
            // information"), their authors publish them.
            sd.stamps.retain(|_, st| st.site == self.site);
            if sd.stamps.is_empty() {
                continue;
            }
            for st in sd.stamps.values() {
                *self.high = (*self.high).max(st.hlc.0);
            }
            let id = sd
                .data
                .get("id")
                .and_then(serde_json::Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok());
            let seen: Stamps = match id {
                Some(id) => self
                    .store
                    .seen_stamps(id)?
                    .into_iter()
                    .filter(|(k, _)| k != DELETED_KEY && sd.stamps.contains_key(k))
                    .collect(),
                None => Stamps::new(),
            };
            self.out.push(RecordLine {
                table: R::TABLE.to_owned(),
                data: sd.data,
                stamps: sd.stamps,
                deleted_at: sd.deleted_at,
                seen,
            });
        }
        Ok(())
    }
}

/// The records this device changed since its clock `since` (our own stamps above it),
/// every field, parents first.
pub fn team_lines(store: &Store, since: u64) -> Result<(Vec<RecordLine>, u64), PacketError> {
    let mut out = Vec::new();
    let mut high = since;
    // The partner directory first: consents may name a partner.
    for table in std::iter::once(&"partners").chain(PACKET_TABLES) {
        let mut v = SinceLines {
            store,
            since,
            site: store.site_id(),
            out: &mut out,
            high: &mut high,
        };
        dispatch(table, &mut v).ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "table inconnue".into(),
        })??;
    }
    Ok((out, high))
}

/// Records per part of a coordinator's snapshot: a new laptop opens and merges one part
/// at a time, so it holds one part's records in memory, not the whole base's (266,000
/// records at 10,000 households).
pub const SNAPSHOT_PART_RECORDS: usize = 20_000;

struct AllLines<'a> {
    store: &'a Store,
    out: &'a mut Vec<RecordLine>,
    /// Called after each record: seals a part when enough records are waiting.
    flush: &'a mut dyn FnMut(&mut Vec<RecordLine>) -> Result<(), PacketError>,
}

impl TableVisitor for AllLines<'_> {
    type Out = Result<(), PacketError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        for s in self.store.stamped_since::<R>(0)? {
            let mut sd = StampedData::from_stamped(&s)?;
            if sd.deleted_at.is_some() {
                // A deletion travels as a tombstone: a member that takes the snapshot
                // instead of the log deletes it too.
                redact::tombstone(&mut sd.data, &mut sd.stamps);
            }
            self.out.push(RecordLine {
                table: R::TABLE.to_owned(),
                data: sd.data,
                stamps: sd.stamps,
                deleted_at: sd.deleted_at,
                seen: Stamps::new(),
            });
            (self.flush)(self.out)?;
        }
        Ok(())
    }
}

fn all_lines(
    store: &Store,
    out: &mut Vec<RecordLine>,
    flush: &mut dyn FnMut(&mut Vec<RecordLine>) -> Result<(), PacketError>,
) -> Result<(), PacketError> {
    for table in std::iter::once(&"partners").chain(PACKET_TABLES) {
        let mut v = AllLines {
            store,
            out: &mut *out,
            flush: &mut *flush,
        };
        dispatch(table, &mut v).ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "table inconnue".into(),
        })??;
    }
    Ok(())
}

/// Every record of the base (deleted ones as tombstones), every field with its stamps
/// whoever wrote it, parents first: the content of a coordinator's snapshot.
pub fn snapshot_lines(store: &Store) -> Result<Vec<RecordLine>, PacketError> {
    let mut out = Vec::new();
    all_lines(store, &mut out, &mut |_| Ok(()))?;
    Ok(out)
}

/// Writes the coordinator's snapshot of the whole base to `recipients` (every admitted
/// member), signed like the log's packets, as parts of at most `part_records` records in
/// the order of [`snapshot_lines`] (parents first: a part only needs the parts before
/// it). Only one part's records are in memory at a time. Writes nothing to the base.
pub fn export_snapshot(
    store: &Store,
    recipients: &[String],
    purpose: &str,
    part_records: usize,
) -> Result<Vec<TeamPacket>, PacketError> {
    let me = super::identity(store)?;
    let mut parts = Vec::new();
    let mut seal_part = |lines: &mut Vec<RecordLine>, last: bool| -> Result<(), PacketError> {
        if lines.len() >= part_records.max(1) || (last && (!lines.is_empty() || parts.is_empty())) {
            parts.push(seal(
                store,
                &me,
                recipients,
                std::mem::take(lines),
                0,
                purpose,
            )?);
        }
        Ok(())
    };
    let mut out = Vec::new();
    all_lines(store, &mut out, &mut |lines| seal_part(lines, false))?;
    seal_part(&mut out, true)?;
    Ok(parts)
}

/// Opens a coordinator's snapshot: as [`open_team`], then marked as a snapshot (every
/// member's stamps taken). The caller checks that the signer is the coordinator.
pub fn open_snapshot(
    store: &Store,
    bytes: &[u8],
    coordinator: &Partner,
) -> Result<OpenedPacket, PacketError> {
    let mut packet = open_team_capped(
        store,
        bytes,
        std::slice::from_ref(coordinator),
        super::MAX_SNAPSHOT_BYTES,
    )?;
    packet.team_snapshot = true;
    Ok(packet)
}

/// The minisign signature (`.minisig` text) of a small team file (acknowledgement,
/// snapshot description) by our identity.
pub fn sign_file(store: &Store, bytes: &[u8], comment: &str) -> Result<String, PacketError> {
    let me = super::identity(store)?;
    Ok(minisign::sign(
        Some(&me.sign_pk),
        &me.sign_sk,
        Cursor::new(bytes),
        Some(comment),
        Some("signature Passerelle d'un fichier de l'équipe"),
    )
    .map_err(crypto)?
    .to_string())
}

/// Writes the team packet of what this device changed since `since`, to the age keys of
/// every admitted member (`recipients`, ours included so that a restored laptop can read
/// its own log), signed with our identity. `None` when nothing changed. Writes nothing to
/// the base (the team layer records what it published).
pub fn export_team(
    store: &Store,
    recipients: &[String],
    since: u64,
    purpose: &str,
) -> Result<Option<TeamPacket>, PacketError> {
    let me = super::identity(store)?;
    let (lines, high) = team_lines(store, since)?;
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(seal(store, &me, recipients, lines, high, purpose)?))
}

fn seal(
    store: &Store,
    me: &Identity,
    recipients: &[String],
    lines: Vec<RecordLine>,
    high: u64,
    purpose: &str,
) -> Result<TeamPacket, PacketError> {
    let n = lines.len();
    let mut records = Vec::with_capacity(n * 512);
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
        recipients: recipients
            .iter()
            .map(|r| Recipient {
                organisation: String::new(),
                role: PartnerRole::Accompagnement,
                age_recipient: Some(r.clone()),
            })
            .collect(),
        purpose: purpose.to_owned(),
        counts,
        files: BTreeMap::from([(RECORDS.to_owned(), sha256_hex(&records))]),
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
    let bytes = encrypt_to(&tar_bytes, recipients, false)?;
    Ok(TeamPacket {
        bytes,
        manifest,
        high,
        records: n,
    })
}

/// Opens a team packet through every check of [`super::open`], the signer looked up among
/// the roster's `members` (as partners: keys, device as pinned site, revocation date).
/// Writes nothing.
pub fn open_team(
    store: &Store,
    bytes: &[u8],
    members: &[Partner],
) -> Result<OpenedPacket, PacketError> {
    open_team_capped(store, bytes, members, super::MAX_PACKET_BYTES)
}

/// [`open_team`] with the size limit of the file's kind (log packet or snapshot).
fn open_team_capped(
    store: &Store,
    bytes: &[u8],
    members: &[Partner],
    max_bytes: usize,
) -> Result<OpenedPacket, PacketError> {
    let me = super::identity(store)?;
    let retired = retired_age_identities(store)?;
    let mut packet = open_inner(bytes, &me, &retired, members, None, store.now(), max_bytes)?;
    packet.team = true;
    Ok(packet)
}

/// Merges a team packet (deletions included: a member deletes as we do) in one
/// transaction; a packet already applied changes nothing.
pub fn apply_team(store: &mut Store, packet: &OpenedPacket) -> Result<super::Preview, PacketError> {
    if !packet.team {
        return Err(PacketError::BadManifest(
            "ce paquet n'a pas été ouvert comme paquet de l'équipe".into(),
        ));
    }
    super::apply_with(store, packet, true)
}

/// The minisign signature (`.minisig` text) of a roster file by our identity.
pub fn sign_roster(store: &Store, bytes: &[u8], version: u64) -> Result<String, PacketError> {
    let me = super::identity(store)?;
    Ok(minisign::sign(
        Some(&me.sign_pk),
        &me.sign_sk,
        Cursor::new(bytes),
        Some(&format!("passerelle equipe liste version {version}")),
        Some("signature Passerelle de la liste de l'équipe"),
    )
    .map_err(crypto)?
    .to_string())
}

/// Checks that `signature` is a valid minisign signature of `bytes` by the key
/// `minisign_public_key` (base64).
pub fn verify_signed(
    bytes: &[u8],
    signature: &str,
    minisign_public_key: &str,
) -> Result<(), PacketError> {
    let sig =
        minisign::SignatureBox::from_string(signature).map_err(|_| PacketError::BadSignature)?;
    let pk = minisign::PublicKey::from_base64(minisign_public_key)
        .map_err(|_| PacketError::BadCard("clé de signature invalide".into()))?;
    if pk.keynum() != sig.keynum() {
        return Err(PacketError::UnknownSigner(key_id_hex(sig.keynum())));
    }
    minisign::verify(&pk, &sig, Cursor::new(bytes), true, false, false)
        .map_err(|_| PacketError::BadSignature)
}

/// Largest small sealed team file opened (an erasure notice, a snapshot's list of erased
/// ids, the funder pseudonym key): ids only, far below this.
pub const MAX_SEALED_BYTES: usize = 16 << 20;

/// A small team file before encryption: the JSON body as text and its minisign signature.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedBody {
    body: String,
    signature: String,
}

/// Seals a small team file: `body` signed by our identity (`comment` in the signature),
/// then encrypted to `recipients` (age keys). Nothing of it is readable in the folder
/// without a member's key.
pub fn seal_signed(
    store: &Store,
    body: &[u8],
    recipients: &[String],
    comment: &str,
) -> Result<Vec<u8>, PacketError> {
    use zeroize::Zeroize;
    let signature = sign_file(store, body, comment)?;
    let mut signed = SignedBody {
        body: String::from_utf8_lossy(body).into_owned(),
        signature,
    };
    // The body may be a secret (the funder pseudonym key): no copy left in memory.
    let json = serde_json::to_vec(&signed);
    signed.body.zeroize();
    let plain = zeroize::Zeroizing::new(json.map_err(crypto)?);
    encrypt_to(&plain, recipients, false)
}

/// Opens a file written by [`seal_signed`]: decrypted with our key (or a retired one in
/// its grace period), then its signature checked against `signer_key` (minisign,
/// base64). Returns the body. [`PacketError::NotForUs`] when it was not encrypted to us.
pub fn open_signed(
    store: &Store,
    bytes: &[u8],
    signer_key: &str,
) -> Result<zeroize::Zeroizing<Vec<u8>>, PacketError> {
    if bytes.len() > MAX_SEALED_BYTES {
        return Err(PacketError::TooLarge {
            what: "fichier de l'équipe",
            limit_kib: (MAX_SEALED_BYTES >> 10) as u64,
        });
    }
    let me = super::identity(store)?;
    let retired = retired_age_identities(store)?;
    let ids: Vec<&age::x25519::Identity> = std::iter::once(me.age_identity())
        .chain(retired.iter())
        .collect();
    let plain = zeroize::Zeroizing::new(super::encryption::decrypt_any(bytes, &ids, None)?);
    let signed: SignedBody = serde_json::from_slice(&plain)
        .map_err(|_| PacketError::BadManifest("fichier de l'équipe illisible".into()))?;
    verify_signed(signed.body.as_bytes(), &signed.signature, signer_key)?;
    Ok(zeroize::Zeroizing::new(signed.body.into_bytes()))
}
