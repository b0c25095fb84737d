//! Opening a packet through every check, in the order of the module documentation, and
//! writing nothing: size cap, decryption (`encryption`), strict archive (`wire`), the
//! manifest's signature by a pinned partner (not revoked at the packet's date), the
//! manifest itself (format, schema, recipients, file hashes), then every record against
//! the schema and the domain rules. The result is an [`OpenedPacket`], ready for the
//! preview and the merge.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::encryption::decrypt_any;
use super::identity::{Identity, identity, key_id_hex, retired_age_identities};
use super::wire::{MANIFEST, RECORDS, SIGNATURE, TableVisitor, WireLine, dispatch, parse_archive};
use super::{
    FORMAT_NAME, FORMAT_VERSION, MAX_LINE_BYTES, MAX_PACKET_BYTES, Manifest, OpenedPacket,
    PacketError, RecordLine, now_ms, sha256_hex,
};
use crate::domain::merge;
use crate::domain::model::Partner;
use crate::domain::record::DELETED_KEY;
use crate::domain::validate::join_messages;
use crate::exchange::redact::PACKET_TABLES;
use crate::store::records::Stored;
use crate::store::{SCHEMA_VERSION, Store};

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

/// From this size on, a fingerprint is computed on a thread of its own (a thread costs
/// more than it saves on a small packet).
const BESIDE_BYTES: usize = 1 << 20;

/// Below this many lines the records are read on the calling thread alone (a thread costs
/// more than it saves on a small packet).
const PARALLEL_LINES: usize = 2_000;

/// At most this many threads read one packet's records.
const MAX_READ_THREADS: usize = 4;

/// The lines of one slice of the records file, each checked alone (JSON, table, id,
/// stamps, domain rules), with their line numbers; stops at the first bad line and
/// returns it beside the good lines before it.
fn parse_slice(
    first: usize,
    raws: &[&str],
    now: DateTime<Utc>,
) -> (Vec<ReadLine>, Option<Failure>) {
    let mut lines = Vec::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        let n = first + i + 1;
        let (table, id, line) = match read_line(n, raw) {
            Ok(Some(read)) => read,
            Ok(None) => continue,
            Err(error) => {
                let failure = Failure {
                    n,
                    key: None,
                    error,
                };
                return (lines, Some(failure));
            }
        };
        if let Err(error) = check_line(n, &line, now) {
            // Checked against the lines before it first: a record twice is said so.
            let failure = Failure {
                n,
                key: Some((table, id)),
                error,
            };
            return (lines, Some(failure));
        }
        lines.push(ReadLine { n, table, id, line });
    }
    (lines, None)
}

/// The first bad line of a slice: its number, its table and id when they could be read,
/// and why it is refused.
struct Failure {
    n: usize,
    key: Option<(&'static str, Uuid)>,
    error: PacketError,
}

/// A line read by [`parse_slice`], with what the checks of the whole file need (read
/// here, while the line is in the cache: 10 ms of the 26,000 lines' checks, issue 17).
struct ReadLine {
    /// Its number in the file.
    n: usize,
    table: &'static str,
    id: Uuid,
    line: RecordLine,
}

/// One line of the records file (`n`: its number, for the message) read with its table
/// and id; `None` for an empty line. The rest is [`check_line`]'s.
fn read_line(n: usize, raw: &str) -> Result<Option<(&'static str, Uuid, RecordLine)>, PacketError> {
    let err = |reason: String| PacketError::BadRecord { line: n, reason };
    if raw.len() > MAX_LINE_BYTES {
        return Err(PacketError::TooLarge {
            what: "ligne de fiche",
            limit_kib: (MAX_LINE_BYTES >> 10) as u64,
        });
    }
    if raw.is_empty() {
        return Ok(None);
    }
    let line = serde_json::from_str::<WireLine>(raw)
        .map_err(|e| err(format!("JSON invalide ({})", merge::serde_fr(&e))))?
        .into_line();
    // "partners": the team log's directory (a partner's packet with it has the line
    // refused by the scope, its role receiving no such table).
    let Some(table) = PACKET_TABLES
        .iter()
        .chain(&["partners"])
        .find(|t| **t == line.table)
        .copied()
    else {
        return Err(err(format!("table inconnue « {} »", line.table)));
    };
    let Some(id) = line.id() else {
        return Err(err("identifiant absent".into()));
    };
    Ok(Some((table, id, line)))
}

/// The checks of one read line (`n`: its number): stamps, tombstone, the record's type
/// and domain rules.
fn check_line(n: usize, line: &RecordLine, now: DateTime<Utc>) -> Result<(), PacketError> {
    let err = |reason: String| PacketError::BadRecord { line: n, reason };
    merge::check_stamps(&line.stamps, now_ms(now))?;
    if line.deleted_at.is_some() && line.data.keys().all(|k| k == "id") {
        // A tombstone: the id and the deletion's stamp, nothing to validate more.
        if !line.stamps.contains_key(DELETED_KEY) || line.stamps.keys().any(|k| k != DELETED_KEY) {
            return Err(err("suppression sans horodatage".into()));
        }
        return Ok(());
    }
    let mut v = ValidateLine {
        line,
        today: now.date_naive(),
    };
    dispatch(&line.table, &mut v)
        .unwrap_or_else(|| Err("table inconnue".into()))
        .map_err(err)
}

/// Every record of the records file, checked (see [`parse_line`]), no record twice, as
/// many as the manifest says. A large packet is read by a few threads, each a slice of
/// the lines (issue 17: reading 26,000 records took 120 ms on one core); the message is
/// the same as one thread's: the first bad line's, a duplicate before it first.
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
    let raws: Vec<&str> = text.lines().collect();
    let threads = if raws.len() < PARALLEL_LINES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_READ_THREADS))
    };
    let per_thread = raws.len().div_ceil(threads).max(1);
    let slices: Vec<(Vec<ReadLine>, Option<Failure>)> = if threads == 1 {
        vec![parse_slice(0, &raws, now)]
    } else {
        std::thread::scope(|scope| {
            let started: Vec<_> = raws
                .chunks(per_thread)
                .enumerate()
                .map(|(k, part)| {
                    let first = k * per_thread;
                    let spawned = std::thread::Builder::new()
                        .name(format!("passerelle-lecture-{k}"))
                        .spawn_scoped(scope, move || parse_slice(first, part, now));
                    (first, part, spawned.ok())
                })
                .collect();
            started
                .into_iter()
                .map(|(first, part, handle)| {
                    // No thread to be had, or it stopped: this slice is read here, in order
                    // (as a single thread would).
                    handle
                        .and_then(|h| h.join().ok())
                        .unwrap_or_else(|| parse_slice(first, part, now))
                })
                .collect()
        })
    };
    let mut lines = Vec::with_capacity(raws.len());
    let mut failure = None;
    for (slice, failed) in slices {
        lines.extend(slice);
        if failed.is_some() {
            failure = failed;
            break;
        }
    }
    // A record twice before the first bad line is reported first, as it was read first.
    let mut ids = HashSet::with_capacity(lines.len());
    for l in &lines {
        if !ids.insert((l.table, l.id)) {
            return Err(PacketError::BadRecord {
                line: l.n,
                reason: "fiche en double".into(),
            });
        }
    }
    if let Some(f) = failure {
        // The bad line itself repeats a record: said so first, as its reading did.
        return Err(match f.key {
            Some(key) if ids.contains(&key) => PacketError::BadRecord {
                line: f.n,
                reason: "fiche en double".into(),
            },
            _ => f.error,
        });
    }
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for l in &lines {
        *counts.entry(l.table).or_default() += 1;
    }
    if counts.len() != manifest.counts.len()
        || manifest
            .counts
            .iter()
            .any(|(table, n)| counts.get(table.as_str()) != Some(n))
    {
        return Err(PacketError::BadManifest(
            "le nombre de fiches ne correspond pas au manifeste".into(),
        ));
    }
    Ok(lines.into_iter().map(|l| l.line).collect())
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

pub(super) fn open_inner(
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
    let mut ids = vec![me.age_identity()];
    ids.extend(retired.iter());
    // The packet's fingerprint (the import log's) is computed beside the decryption
    // (16 ms each for a 1,000-household packet; issue 17).
    let (sha256, plain) = super::beside(
        "passerelle-empreinte",
        bytes.len() >= BESIDE_BYTES,
        || sha256_hex(bytes),
        || decrypt_any(bytes, &ids, passphrase),
    );
    let plain = plain?;
    let by_passphrase = {
        let reader = age::armor::ArmoredReader::new(bytes);
        age::Decryptor::new(reader).is_ok_and(|d| d.is_scrypt())
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
        sha256,
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
    // The records are read beside their fingerprint's check, and kept only if it holds:
    // a modified packet is refused as such, whatever its records say.
    let (digest, lines) = super::beside(
        "passerelle-empreinte",
        records.len() >= BESIDE_BYTES,
        || sha256_hex(records),
        || parse_records(records, &manifest, now),
    );
    if manifest.files.get(RECORDS) != Some(&digest) {
        return Err(PacketError::BadManifest(
            "l'empreinte des fiches ne correspond pas : paquet modifié".into(),
        ));
    }
    Ok((manifest, sender, lines?))
}
