//! Snapshots, acknowledgements and the removal of old log packets (issue 15, « Joining
//! late / a new laptop »).
//!
//! ```text
//! DOSSIER/snapshot/<device>/<seq>.age    the coordinator's snapshot: every record, signed,
//!                                        encrypted to every admitted member; its first
//!                                        part, the others `<seq>.partie<n>.age` (20,000
//!                                        records each: a new laptop merges one at a time)
//! DOSSIER/snapshot/<device>/<seq>.json   its description, signed: the log position per
//!                                        device it covers, its recipients, its hash
//! DOSSIER/ack/<device>.json              what a device has applied, signed by it
//! ```
//!
//! A member that cannot follow a log (packets written before its admission, or removed)
//! takes the latest snapshot it can read, then the log after it. A device removes its own
//! packets the latest snapshot covers once every current member acknowledged them; a
//! revoked member's acknowledgement does not count, and a member that wrote none holds
//! everything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::folder;
use super::roster::{Member, Roster};
use super::{TeamError, check_folder, config, held_roster, read_small, sha256_hex, to_json};
use crate::exchange::packet::{PacketError, team as tpacket};
use crate::store::Store;

/// The snapshots' directory.
pub const SNAPSHOT_DIR: &str = "snapshot";
/// The acknowledgements' directory.
pub const ACK_DIR: &str = "ack";
/// `format` of a snapshot description.
pub const SNAPSHOT_FORMAT: &str = "passerelle-equipe-instantane";
/// `format` of an acknowledgement.
pub const ACK_FORMAT: &str = "passerelle-equipe-accuse";
/// The coordinator writes a new snapshot after this many packets (its own and applied).
pub const SNAPSHOT_EVERY: u64 = 200;

/// A small file signed by its writer: the JSON body as text and its minisign signature.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Signed {
    body: String,
    signature: String,
}

/// What a snapshot covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotInfo {
    /// [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// The team.
    pub team: Uuid,
    /// The coordinator's device that wrote it.
    pub device: Uuid,
    /// Its number in `snapshot/<device>/`.
    pub seq: u64,
    /// SHA-256 of the `.age` file (its first part).
    pub sha256: String,
    /// SHA-256 of its other parts (`<seq>.partie2.age`…), in order: a new laptop merges one
    /// part at a time instead of holding the whole base in memory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// Per device, the last packet of its log whose content the snapshot holds.
    pub covers: BTreeMap<Uuid, u64>,
    /// The devices it is encrypted to.
    pub recipients: Vec<Uuid>,
    /// When it was written.
    pub written_at: DateTime<Utc>,
    /// SHA-256 of the list of every id the team erased, written beside it
    /// (`<seq>.effaces.age`, see [`super::erasure`]); absent when the team erased nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_sha256: Option<String>,
}

/// One device's acknowledgement: what it has applied of each log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    /// [`ACK_FORMAT`].
    pub format: String,
    /// The team.
    pub team: Uuid,
    /// The device acknowledging.
    pub device: Uuid,
    /// Per device, the last packet applied (or brought by a snapshot).
    pub applied: BTreeMap<Uuid, u64>,
    /// When it was written.
    pub written_at: DateTime<Utc>,
}

fn sign<T: Serialize>(store: &Store, value: &T, comment: &str) -> Result<Vec<u8>, TeamError> {
    let body = String::from_utf8_lossy(&to_json(value)?).into_owned();
    let signature = tpacket::sign_file(store, body.as_bytes(), comment)?;
    to_json(&Signed { body, signature })
}

/// Reads a signed small file and checks its signature by `key` (minisign, base64).
fn read_signed<T: for<'de> Deserialize<'de>>(path: &Path, key: &str) -> Result<T, TeamError> {
    let bytes = read_small(path)?;
    let signed: Signed = serde_json::from_slice(&bytes)
        .map_err(|e| TeamError::BadFile(format!("{} illisible ({e})", path.display())))?;
    tpacket::verify_signed(signed.body.as_bytes(), &signed.signature, key)?;
    serde_json::from_str(&signed.body)
        .map_err(|e| TeamError::BadFile(format!("{} illisible ({e})", path.display())))
}

/// The coordinator's member entry: the one whose key signs the roster.
fn coordinator(store: &Store, roster: &Roster) -> Result<Option<Member>, TeamError> {
    let key = config(store)?.coordinator_key;
    Ok(roster
        .members
        .iter()
        .find(|m| m.minisign_public_key == key)
        .cloned())
}

/// Numbers of `dir`'s files named `<n>.<ext>`, ascending.
pub(super) fn numbered(dir: &Path, ext: &str) -> Result<Vec<u64>, TeamError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(TeamError::io(dir, e)),
    };
    let mut out: Vec<u64> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let stem = name.strip_suffix(ext)?.strip_suffix('.')?.to_owned();
            stem.parse::<u64>()
                .ok()
                .filter(|n| *n > 0 && stem == n.to_string())
        })
        .collect();
    out.sort_unstable();
    Ok(out)
}

pub(super) fn snapshot_dir(folder: &Path, device: Uuid) -> PathBuf {
    folder.join(SNAPSHOT_DIR).join(device.to_string())
}

/// This base's log position for every device of the roster but itself (what it
/// acknowledges, and what a snapshot written here covers).
fn positions(store: &Store, roster: &Roster) -> Result<BTreeMap<Uuid, u64>, TeamError> {
    let me = store.site_id();
    let mut out = BTreeMap::new();
    for m in roster.members.iter().filter(|m| m.device != me) {
        let p = store.team_position(m.device)?;
        if p > 0 {
            out.insert(m.device, p);
        }
    }
    Ok(out)
}

/// The file of part `part` (from 2; part 1 is `<seq>.age`) of snapshot `seq`.
fn part_name(seq: u64, part: usize) -> String {
    format!("{seq}.partie{part}.age")
}

/// Removes every file of snapshot `seq` in `dir` (description, parts, list of erased ids).
fn remove_snapshot_files(dir: &Path, seq: u64) {
    let prefix = format!("{seq}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What writing a snapshot did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotWritten {
    /// Its number.
    pub seq: u64,
    /// Records in it.
    pub records: usize,
    /// Size of its files (every part).
    pub bytes: usize,
    /// Number of parts.
    pub parts: usize,
    /// Members it is encrypted to.
    pub recipients: usize,
}

/// Writes a snapshot of this base (coordinator only): every record, to every admitted
/// member, with the log position per device it covers. Publish first (see
/// [`super::sync`]) so that it covers this device's own writes. Older snapshots of ours
/// are then removed: the new one covers at least as much and every member can read it.
pub fn write_snapshot(store: &mut Store) -> Result<SnapshotWritten, TeamError> {
    write_snapshot_in_parts(store, tpacket::SNAPSHOT_PART_RECORDS)
}

/// [`write_snapshot`] in parts of at most `part_records` records (the app uses
/// [`tpacket::SNAPSHOT_PART_RECORDS`]; tests use small parts).
pub fn write_snapshot_in_parts(
    store: &mut Store,
    part_records: usize,
) -> Result<SnapshotWritten, TeamError> {
    let config = config(store)?;
    if !config.is_coordinator {
        return Err(TeamError::NotCoordinator);
    }
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let roster = held_roster(store)?.ok_or(TeamError::NoTeam)?;
    let me = store.site_id();
    let mut covers = positions(store, &roster)?;
    let own = config.next_seq.saturating_sub(1);
    if own > 0 {
        covers.insert(me, own);
    }
    let current: Vec<&Member> = roster
        .members
        .iter()
        .filter(|m| m.revoked_at.is_none())
        .collect();
    let parts = tpacket::export_snapshot(
        store,
        &roster.recipients(),
        &format!("instantané de l'équipe {}", config.team_id),
        part_records,
    )?;
    let records: usize = parts.iter().map(|p| p.records).sum();
    let bytes: usize = parts.iter().map(|p| p.bytes.len()).sum();
    let Some((first, rest)) = parts.split_first() else {
        return Err(TeamError::BadFile("instantané vide".into()));
    };
    let dir = snapshot_dir(&folder, me);
    folder::clean_temporaries(&dir);
    let existing = numbered(&dir, "age")?;
    let (last_seq, _) = store.team_snapshot_mark()?;
    let mut seq = last_seq.max(existing.last().copied().unwrap_or(0)) + 1;
    loop {
        match folder::write_new(&dir.join(format!("{seq}.age")), &first.bytes) {
            Ok(()) => break,
            Err(TeamError::Exists(_)) => seq += 1,
            Err(e) => return Err(e),
        }
    }
    // The other parts beside the first, numbered from 2.
    let mut part_sha256 = Vec::with_capacity(rest.len());
    for (i, part) in rest.iter().enumerate() {
        let path = dir.join(part_name(seq, i + 2));
        match folder::write_new(&path, &part.bytes) {
            Ok(()) | Err(TeamError::Exists(_)) => {}
            Err(e) => return Err(e),
        }
        part_sha256.push(sha256_hex(&part.bytes));
    }
    // The list of erased ids before the description that names it.
    let erased_sha256 =
        super::erasure::write_snapshot_list(store, &dir, seq, &roster.recipients())?;
    let info = SnapshotInfo {
        erased_sha256,
        format: SNAPSHOT_FORMAT.into(),
        team: config.team_id,
        device: me,
        seq,
        sha256: sha256_hex(&first.bytes),
        parts: part_sha256,
        covers: covers.clone(),
        recipients: current.iter().map(|m| m.device).collect(),
        written_at: store.now(),
    };
    // The description last: a reader never finds one whose snapshot is not whole here.
    let signed = sign(store, &info, &format!("passerelle equipe instantane {seq}"))?;
    folder::write_new(&dir.join(format!("{seq}.json")), &signed)?;
    let total: u64 = covers.values().sum();
    store.write(|tx| {
        tx.team_snapshot_written(seq, total)?;
        tx.audit(
            "équipe instantané",
            &format!(
                "n° {seq} ; {records} fiches en {} parties ; {} membres",
                parts.len(),
                current.len()
            ),
        )
    })?;
    for old in existing.into_iter().filter(|n| *n < seq) {
        remove_snapshot_files(&dir, old);
    }
    Ok(SnapshotWritten {
        seq,
        records,
        bytes,
        parts: parts.len(),
        recipients: current.len(),
    })
}

/// Whether the coordinator should write a snapshot now: enough packets since the last
/// one, or a current member that cannot read the latest one (admitted after it).
pub fn snapshot_due(store: &Store) -> Result<bool, TeamError> {
    let config = config(store)?;
    if !config.is_coordinator {
        return Ok(false);
    }
    let Some(roster) = held_roster(store)? else {
        return Ok(false);
    };
    let me = store.site_id();
    let covers = positions(store, &roster)?;
    let total: u64 = covers.values().sum::<u64>() + config.next_seq.saturating_sub(1);
    if total == 0 {
        return Ok(false);
    }
    let (_, last_total) = store.team_snapshot_mark()?;
    if total >= last_total + SNAPSHOT_EVERY {
        return Ok(true);
    }
    // A new erasure: the next snapshot holds none of its records, so that the log
    // packets that still do can go sooner.
    if store.team_erased_count()? > store.team_snapshot_erased()? {
        return Ok(true);
    }
    let latest = latest_snapshot(store, &roster)?;
    let missing = roster
        .members
        .iter()
        .filter(|m| m.revoked_at.is_none() && m.device != me)
        .any(|m| {
            latest
                .as_ref()
                .is_none_or(|s| !s.recipients.contains(&m.device))
        });
    Ok(missing)
}

/// The latest snapshot of the coordinator present and valid in the folder (signed by the
/// coordinator, this team, its `.age` there). Its content's hash is checked on reading.
pub fn latest_snapshot(store: &Store, roster: &Roster) -> Result<Option<SnapshotInfo>, TeamError> {
    let config = config(store)?;
    let Some(coord) = coordinator(store, roster)? else {
        return Ok(None);
    };
    let dir = snapshot_dir(Path::new(&config.folder), coord.device);
    for seq in numbered(&dir, "json")?.into_iter().rev() {
        let Ok(info) =
            read_signed::<SnapshotInfo>(&dir.join(format!("{seq}.json")), &config.coordinator_key)
        else {
            continue;
        };
        if info.format == SNAPSHOT_FORMAT
            && info.team == config.team_id
            && info.device == coord.device
            && info.seq == seq
            && dir.join(format!("{seq}.age")).is_file()
            && (2..info.parts.len() + 2).all(|p| dir.join(part_name(seq, p)).is_file())
        {
            return Ok(Some(info));
        }
    }
    Ok(None)
}

/// Applies snapshot `info` (read, hash checked, opened as the coordinator's, merged);
/// then the log positions it covers are this base's. `Ok(false)` when it cannot be read
/// here (not whole yet, or written before this device was admitted).
pub(super) fn apply_snapshot(
    store: &mut Store,
    roster: &Roster,
    info: &SnapshotInfo,
) -> Result<bool, TeamError> {
    let config = config(store)?;
    let Some(coord) = coordinator(store, roster)? else {
        return Ok(false);
    };
    let dir = snapshot_dir(Path::new(&config.folder), coord.device);
    let files: Vec<(PathBuf, &String)> =
        std::iter::once((dir.join(format!("{}.age", info.seq)), &info.sha256))
            .chain(
                info.parts
                    .iter()
                    .enumerate()
                    .map(|(i, sha)| (dir.join(part_name(info.seq, i + 2)), sha)),
            )
            .collect();
    // Every part whole first (one file in memory at a time), so that a snapshot still
    // arriving is not half applied.
    for (path, sha) in &files {
        let Ok(bytes) = std::fs::read(path) else {
            return Ok(false);
        };
        if sha256_hex(&bytes) != **sha {
            return Ok(false);
        }
    }
    let mut records = 0;
    for (path, sha) in &files {
        let Ok(bytes) = std::fs::read(path) else {
            return Ok(false);
        };
        if sha256_hex(&bytes) != **sha {
            return Ok(false);
        }
        let opened = match tpacket::open_snapshot(store, &bytes, &coord.as_partner()) {
            Ok(p) => p,
            // Written before this device was admitted: a later one will be for it.
            Err(PacketError::NotForUs) => return Ok(false),
            Err(PacketError::Store(e)) => return Err(e.into()),
            // Whole (its hash matched) yet refused (too large, bad signature…): the caller
            // raises an alert rather than waiting in silence.
            Err(e) => return Err(e.into()),
        };
        // The file is not needed while merging.
        drop(bytes);
        if opened.sender.id != coord.device || opened.manifest.sender.site != coord.device {
            return Ok(false);
        }
        // One transaction per part: an interrupted snapshot sets no floor and is applied
        // again (idempotently) at the next sync.
        tpacket::apply_team(store, &opened)?;
        records += opened.lines.len();
    }
    let me = store.site_id();
    let label = format!("{}/{}", coord.device, info.seq);
    store.write(|tx| {
        for (device, seq) in &info.covers {
            if *device != me {
                tx.team_set_floor(*device, *seq, &label)?;
            }
        }
        tx.audit(
            "équipe instantané appliqué",
            &format!("{label} ; {records} fiches en {} parties", files.len()),
        )
    })?;
    Ok(true)
}

/// Writes (or rewrites) this device's acknowledgement when what it has applied changed.
/// Returns whether it wrote.
pub fn acknowledge(store: &mut Store) -> Result<bool, TeamError> {
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let Some(roster) = held_roster(store)? else {
        return Ok(false);
    };
    let me = store.site_id();
    let Some(mine) = roster.member(me).filter(|m| m.revoked_at.is_none()) else {
        return Ok(false);
    };
    let applied = positions(store, &roster)?;
    let path = folder.join(ACK_DIR).join(format!("{me}.json"));
    if let Ok(old) = read_signed::<Ack>(&path, &mine.minisign_public_key)
        && old.applied == applied
        && old.team == config.team_id
    {
        return Ok(false);
    }
    let ack = Ack {
        format: ACK_FORMAT.into(),
        team: config.team_id,
        device: me,
        applied,
        written_at: store.now(),
    };
    let signed = sign(store, &ack, "passerelle equipe accuse")?;
    folder::write_replace(&path, &signed)?;
    Ok(true)
}

/// The acknowledgement of `member`, if present and signed by it.
fn read_ack(folder: &Path, team: Uuid, member: &Member) -> Option<Ack> {
    let path = folder.join(ACK_DIR).join(format!("{}.json", member.device));
    read_signed::<Ack>(&path, &member.minisign_public_key)
        .ok()
        .filter(|a| a.format == ACK_FORMAT && a.team == team && a.device == member.device)
}

/// The highest packet of this device's log that may be removed: covered by the latest
/// snapshot, which every current member can read, and acknowledged by every current
/// member. Never the last packet (its number must stay taken). 0: nothing.
pub fn removable_up_to(store: &Store) -> Result<u64, TeamError> {
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    let Some(roster) = held_roster(store)? else {
        return Ok(0);
    };
    let me = store.site_id();
    let Some(snapshot) = latest_snapshot(store, &roster)? else {
        return Ok(0);
    };
    let current: Vec<&Member> = roster
        .members
        .iter()
        .filter(|m| m.revoked_at.is_none())
        .collect();
    if current
        .iter()
        .any(|m| !snapshot.recipients.contains(&m.device))
    {
        // A member admitted after it cannot read it: it needs the log.
        return Ok(0);
    }
    let mut up_to = snapshot.covers.get(&me).copied().unwrap_or(0);
    for m in current.iter().filter(|m| m.device != me) {
        let acked = read_ack(&folder, config.team_id, m)
            .and_then(|a| a.applied.get(&me).copied())
            .unwrap_or(0);
        up_to = up_to.min(acked);
    }
    let last = folder::scan_device(&folder::log_dir(&folder, me))?
        .packets
        .last()
        .map_or(0, |p| p.0);
    Ok(up_to.min(last.saturating_sub(1)))
}

/// Removes this device's log packets that nobody needs any more (see
/// [`removable_up_to`]). Returns how many files were removed.
pub fn collect_garbage(store: &mut Store) -> Result<usize, TeamError> {
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let up_to = removable_up_to(store)?;
    if up_to == 0 {
        return Ok(0);
    }
    let dir = folder::log_dir(&folder, store.site_id());
    let mut removed = 0;
    for (seq, path, _) in folder::scan_device(&dir)?.packets {
        if seq > up_to {
            break;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(TeamError::io(&path, e)),
        }
    }
    if removed > 0 {
        store.write(|tx| {
            tx.audit(
                "équipe journal allégé",
                &format!("{removed} paquets jusqu'au n° {up_to}"),
            )
        })?;
    }
    Ok(removed)
}
