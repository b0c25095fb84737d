//! The team's erasures (issue 15 with issue 14's right to erasure): a household or a
//! person erased on request on one laptop is erased on every laptop of the team, and
//! never comes back through a log packet or a snapshot.
//!
//! ```text
//! DOSSIER/erase/<device>/<seq>.age            an erasure notice: ids only, signed by the
//!                                             device that erased, encrypted to every
//!                                             admitted member
//! DOSSIER/snapshot/<device>/<seq>.effaces.age the coordinator's list of every id the team
//!                                             erased, beside its snapshot (same recipients)
//! ```
//!
//! - **Here**: [`crate::store::Store::erase_households`] (and `erase_person`) queues the
//!   ids in the same transaction as the erasure; the next sync publishes the notice
//!   ([`publish_erasures`]). A base waiting for its admission keeps it queued.
//! - **There**: every sync reads the others' new notices first, before any log packet
//!   ([`apply_erasures`]): the households and persons held there are erased the same way
//!   (report counts kept, audited with the device that asked and when), and every id
//!   becomes a tombstone (`erased_records`): the merge then refuses any record of those
//!   ids, or attached to them, whatever packet or snapshot carries it. An edit published
//!   by a member before it saw the notice therefore brings nothing back.
//! - **Freeze**: a household frozen on the receiving laptop is not erased there (issue
//!   14's rule, [`crate::store::StoreError::FrozenErase`]): the notice raises an alert and
//!   is tried again at each sync until the freeze is lifted. Meanwhile that laptop keeps
//!   the household; the others refuse what it publishes about it.
//! - **Revoked member**: its notices are refused (a stolen laptop must not erase the
//!   caseload); what the coordinator had applied reaches everyone through the list below.
//! - **Snapshots**: a snapshot written after an erasure holds no trace of the records (the
//!   rows are gone), and the coordinator writes beside it the list of every id the team
//!   erased, encrypted to the same members. Every member reads the list of each new
//!   snapshot (a notice encrypted before its admission, or missed, is covered by it); a
//!   new member reads it before the snapshot's records, so the log after the snapshot
//!   cannot bring an erased household to it. A new erasure makes the next snapshot due.
//! - **Old log packets**: packets written before the erasure may still hold the erased
//!   records in the folder. They are encrypted to the members, and are removed by their
//!   writer once the coordinator's next snapshot (due at the erasure) covers them and
//!   every member has acknowledged them (`snapshot::collect_garbage`); a member that
//!   applies one meanwhile refuses its erased records. Backups made before the erasure
//!   are outside the folder and keep them (issue 14's notice says so).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::roster::Roster;
use super::{ApplyReport, TeamError, alert, check_folder, config, folder, held_roster, to_json};
use crate::exchange::packet::{PacketError, team as tpacket};
use crate::store::erase::TeamErasure;
use crate::store::{Store, StoreError};

/// The notices' directory.
pub const ERASE_DIR: &str = "erase";
/// `format` of a notice (and of a snapshot's list).
pub const ERASURE_FORMAT: &str = "passerelle-equipe-effacement";
/// Suffix of a snapshot's list of erased ids, beside `<seq>.age`.
pub const SNAPSHOT_LIST_SUFFIX: &str = "effaces.age";

/// An erasure notice (or a snapshot's list): ids only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureNotice {
    /// [`ERASURE_FORMAT`].
    pub format: String,
    /// The team.
    pub team: Uuid,
    /// The device that wrote it (that erased, or the coordinator for a list).
    pub device: Uuid,
    /// Its number (`erase/<device>/<seq>.age`, or the snapshot's number for a list).
    pub seq: u64,
    /// A snapshot's list (every id the team erased) rather than one erasure.
    #[serde(default)]
    pub list: bool,
    /// When the erasure was made (a list: when it was written).
    pub erased_at: DateTime<Utc>,
    /// Households erased with everything attached.
    pub households: Vec<Uuid>,
    /// Persons erased with what is theirs.
    pub persons: Vec<Uuid>,
    /// Every other record id erased.
    pub records: Vec<Uuid>,
}

fn erase_dir(folder: &Path, device: Uuid) -> PathBuf {
    folder.join(ERASE_DIR).join(device.to_string())
}

/// Publishes the erasures made here and not yet sent, one notice each, to every admitted
/// member. Returns how many were published. Nothing to do (or not admitted yet): 0.
pub fn publish_erasures(store: &mut Store) -> Result<usize, TeamError> {
    let queued = store.team_erasures_queued()?;
    if queued.is_empty() {
        return Ok(0);
    }
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let Some(roster) = held_roster(store)? else {
        return Ok(0);
    };
    let me = store.site_id();
    if roster.member(me).is_none_or(|m| m.revoked_at.is_some()) {
        return Ok(0);
    }
    let dir = erase_dir(&folder, me);
    folder::clean_temporaries(&dir);
    let existing = super::snapshot::numbered(&dir, "age")?;
    let mut seq = store
        .team_erasure_last_seq()?
        .max(existing.last().copied().unwrap_or(0))
        + 1;
    let mut published = 0;
    for q in queued {
        let notice = ErasureNotice {
            format: ERASURE_FORMAT.into(),
            team: config.team_id,
            device: me,
            seq,
            list: false,
            erased_at: DateTime::parse_from_rfc3339(&q.erased_at)
                .map_or_else(|_| store.now(), |t| t.with_timezone(&Utc)),
            households: q.households,
            persons: q.persons,
            records: q.records,
        };
        loop {
            let notice = ErasureNotice {
                seq,
                ..notice.clone()
            };
            let bytes = tpacket::seal_signed(
                store,
                &to_json(&notice)?,
                &roster.recipients(),
                &format!("passerelle equipe effacement {seq}"),
            )?;
            match folder::write_new(&dir.join(format!("{seq}.age")), &bytes) {
                Ok(()) => break,
                Err(TeamError::Exists(_)) => seq += 1,
                Err(e) => return Err(e),
            }
        }
        store.write(|tx| {
            tx.team_erasure_published(q.id, seq)?;
            tx.audit(
                "équipe effacement publié",
                &format!(
                    "avis n° {seq} ; {} ménages, {} personnes, {} identifiants",
                    notice.households.len(),
                    notice.persons.len(),
                    notice.records.len()
                ),
            )
        })?;
        published += 1;
        seq += 1;
    }
    Ok(published)
}

/// Writes the list of every id the team erased beside snapshot `seq` (coordinator), to
/// the snapshot's recipients. Returns its SHA-256, for the snapshot's description; `None`
/// when the team erased nothing.
pub(super) fn write_snapshot_list(
    store: &mut Store,
    dir: &Path,
    seq: u64,
    recipients: &[String],
) -> Result<Option<String>, TeamError> {
    let erased = store.team_erased()?;
    let count = erased.len() as u64;
    if erased.is_empty() {
        return Ok(None);
    }
    let config = config(store)?;
    let mut notice = ErasureNotice {
        format: ERASURE_FORMAT.into(),
        team: config.team_id,
        device: store.site_id(),
        seq,
        list: true,
        erased_at: store.now(),
        households: Vec::new(),
        persons: Vec::new(),
        records: Vec::new(),
    };
    for (id, kind, _, _) in erased {
        match kind.as_str() {
            "menage" => notice.households.push(id),
            "personne" => notice.persons.push(id),
            _ => notice.records.push(id),
        }
    }
    let bytes = tpacket::seal_signed(
        store,
        &to_json(&notice)?,
        recipients,
        &format!("passerelle equipe effacements instantane {seq}"),
    )?;
    let path = dir.join(format!("{seq}.{SNAPSHOT_LIST_SUFFIX}"));
    match folder::write_new(&path, &bytes) {
        Ok(()) | Err(TeamError::Exists(_)) => {}
        Err(e) => return Err(e),
    }
    store.write(|tx| tx.team_set_snapshot_erased(count))?;
    Ok(Some(super::sha256_hex(&bytes)))
}

/// Applies a notice's (or a list's) erasure here. `Ok(false)`: held by a freeze here (an
/// alert says so; tried again at the next sync).
fn apply_notice(
    store: &mut Store,
    report: &mut ApplyReport,
    notice: &ErasureNotice,
    asked_by: Uuid,
    source: &str,
) -> Result<bool, TeamError> {
    let erasure = TeamErasure {
        households: notice.households.clone(),
        persons: notice.persons.clone(),
        records: notice
            .households
            .iter()
            .chain(&notice.persons)
            .chain(&notice.records)
            .copied()
            .collect(),
        device: asked_by,
        erased_at: notice.erased_at.to_rfc3339(),
        source: source.to_owned(),
    };
    match store.apply_team_erasure(&erasure) {
        Ok(_) => Ok(true),
        Err(StoreError::FrozenErase { since }) => {
            let short = &asked_by.to_string()[..8];
            alert(
                store,
                report,
                notice.device,
                notice.seq,
                if notice.list {
                    "effacement-gel-liste"
                } else {
                    "effacement-gel"
                },
                format!(
                    "Le poste {short} a effacé un ménage ou une personne que ce poste a gelé \
                     depuis le {since} : l'effacement n'est pas appliqué ici tant que le gel \
                     dure. Levez le gel quand la procédure le permet (fiche du ménage, « \
                     Protection des données ») ; l'effacement sera alors appliqué à la \
                     synchronisation suivante."
                ),
            )?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads the other devices' new erasure notices and applies them (before any log packet,
/// see [`super::apply`]); then the list beside the coordinator's latest snapshot, when it
/// is new here. Returns how many erasures were applied.
pub(super) fn apply_erasures(
    store: &mut Store,
    roster: &Roster,
    report: &mut ApplyReport,
) -> Result<usize, TeamError> {
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    let me = store.site_id();
    let root = folder.join(ERASE_DIR);
    let mut devices: Vec<Uuid> = match std::fs::read_dir(&root) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| Uuid::parse_str(e.file_name().to_str()?).ok())
            .filter(|d| *d != me)
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(TeamError::io(&root, e)),
    };
    devices.sort();
    let mut applied = 0;
    for device in devices {
        let Some(member) = roster.member(device) else {
            continue;
        };
        let short = &device.to_string()[..8];
        let dir = erase_dir(&folder, device);
        for seq in super::snapshot::numbered(&dir, "age")? {
            if store.team_erasure_seen(device, seq, "avis")? {
                continue;
            }
            if member.revoked_at.is_some() {
                alert(
                    store,
                    report,
                    device,
                    seq,
                    "effacement-revoque",
                    format!(
                        "Avis d'effacement n° {seq} du poste révoqué {short} refusé : un \
                         ordinateur retiré de l'équipe n'efface plus rien. Si l'effacement \
                         était légitime, la coordination le refait."
                    ),
                )?;
                store.write(|tx| tx.team_erasure_mark(device, seq, "avis", "refuse"))?;
                continue;
            }
            let Ok(bytes) = std::fs::read(dir.join(format!("{seq}.age"))) else {
                continue;
            };
            let body = match tpacket::open_signed(store, &bytes, &member.minisign_public_key) {
                Ok(b) => b,
                Err(PacketError::NotForUs) => {
                    // Encrypted before our admission: the coordinator's next snapshot list
                    // carries its ids.
                    store.write(|tx| tx.team_erasure_mark(device, seq, "avis", "pas-pour-nous"))?;
                    continue;
                }
                Err(PacketError::Store(e)) => return Err(e.into()),
                Err(PacketError::BadSignature | PacketError::UnknownSigner(_)) => {
                    alert(
                        store,
                        report,
                        device,
                        seq,
                        "effacement-signature",
                        format!(
                            "Avis d'effacement n° {seq} du dossier du poste {short} refusé : \
                             signature inconnue ou invalide."
                        ),
                    )?;
                    store.write(|tx| tx.team_erasure_mark(device, seq, "avis", "refuse"))?;
                    continue;
                }
                // Truncated or still arriving: read again next time.
                Err(_) => continue,
            };
            let Ok(notice) = serde_json::from_slice::<ErasureNotice>(&body) else {
                continue;
            };
            if notice.format != ERASURE_FORMAT
                || notice.team != config.team_id
                || notice.device != device
                || notice.seq != seq
                || notice.list
            {
                continue;
            }
            if apply_notice(store, report, &notice, device, &format!("avis n° {seq}"))? {
                store.write(|tx| tx.team_erasure_mark(device, seq, "avis", "applique"))?;
                applied += 1;
            }
        }
    }
    if let Some(info) = super::snapshot::latest_snapshot(store, roster)? {
        applied += apply_snapshot_list(store, roster, &info, report)?;
    }
    Ok(applied)
}

/// Applies the list of erased ids beside snapshot `info`, once. Returns 1 when applied.
pub(super) fn apply_snapshot_list(
    store: &mut Store,
    roster: &Roster,
    info: &super::snapshot::SnapshotInfo,
    report: &mut ApplyReport,
) -> Result<usize, TeamError> {
    let Some(sha) = &info.erased_sha256 else {
        return Ok(0);
    };
    if info.device == store.site_id()
        || store.team_erasure_seen(info.device, info.seq, "instantane")?
    {
        return Ok(0);
    }
    let config = config(store)?;
    let Some(coord) = roster
        .members
        .iter()
        .find(|m| m.minisign_public_key == config.coordinator_key && m.device == info.device)
    else {
        return Ok(0);
    };
    let path = super::snapshot::snapshot_dir(Path::new(&config.folder), info.device)
        .join(format!("{}.{SNAPSHOT_LIST_SUFFIX}", info.seq));
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(0);
    };
    if &super::sha256_hex(&bytes) != sha {
        return Ok(0);
    }
    let body = match tpacket::open_signed(store, &bytes, &coord.minisign_public_key) {
        Ok(b) => b,
        Err(PacketError::NotForUs) => {
            let (d, s) = (info.device, info.seq);
            store.write(|tx| tx.team_erasure_mark(d, s, "instantane", "pas-pour-nous"))?;
            return Ok(0);
        }
        Err(PacketError::Store(e)) => return Err(e.into()),
        Err(_) => return Ok(0),
    };
    let Ok(notice) = serde_json::from_slice::<ErasureNotice>(&body) else {
        return Ok(0);
    };
    if notice.format != ERASURE_FORMAT
        || notice.team != config.team_id
        || notice.device != info.device
        || notice.seq != info.seq
        || !notice.list
    {
        return Ok(0);
    }
    let source = format!("liste de l'instantané n° {} de la coordination", info.seq);
    if apply_notice(store, report, &notice, info.device, &source)? {
        let (d, s) = (info.device, info.seq);
        store.write(|tx| tx.team_erasure_mark(d, s, "instantane", "applique"))?;
        return Ok(1);
    }
    Ok(0)
}
