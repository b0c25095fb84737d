//! Team sync (issue 15, DESIGN.md §9): a team shares one caseload through a folder that
//! an existing engine (Syncthing, Nextcloud, an SMB share) keeps in sync between laptops.
//! Passerelle only ever writes new immutable files there and reads the others'.
//!
//! File-level logic only: names and atomic writes in [`folder`], the roster in
//! [`roster`]; packets are written and opened by `exchange::packet::team` (the only
//! packet code), their SQL is `store::team`.

pub mod erasure;
pub mod folder;
pub mod funder_key;
pub mod roster;
pub mod snapshot;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::model::Partner;
use crate::exchange::packet::{self, PacketError, team as tpacket};
use crate::store::{Store, StoreError};
use folder::{CARDS_DIR, ROSTER_DIR, TEAM_FILE};
use roster::{CARD_FORMAT, JoinCard, Member, ROSTER_FORMAT, Roster, TEAM_FORMAT, TeamFile};

/// Largest roster, card or team file read (they are small JSON files).
const MAX_SMALL_FILE: u64 = 1 << 20;

/// Why a team operation failed. French, says what to do; nothing half-done is left.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The shared folder is not there (engine stopped, disk unplugged, path changed).
    #[error(
        "Le dossier d'équipe est introuvable ({0}) : vérifiez que Syncthing ou Nextcloud est \
         lancé et que le disque est branché. Votre travail continue sur cet ordinateur et sera \
         publié à la prochaine synchronisation."
    )]
    FolderMissing(PathBuf),
    /// A file or folder could not be read or written.
    #[error(
        "Le dossier d'équipe n'a pas pu être lu ou écrit ({source}) : vérifiez qu'il existe, \
         qu'il reste de la place et que vous avez le droit d'y écrire. Votre travail continue \
         sur cet ordinateur. Emplacement : {path}"
    )]
    Io {
        /// Where.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file we would write is already there (files are never rewritten).
    #[error("Un fichier existe déjà dans le dossier d'équipe et n'est jamais réécrit : {0}")]
    Exists(PathBuf),
    /// This base belongs to no team.
    #[error(
        "Cette base ne fait partie d'aucune équipe : créez-en une (« passerelle team create \
         --folder DOSSIER ») ou rejoignez-la (« passerelle team join --folder DOSSIER »)."
    )]
    NoTeam,
    /// Nobody said who uses this base.
    #[error(
        "Indiquez d'abord qui utilise cette base (Paramètres, « Qui utilise cette base ? ») : \
         l'équipe voit votre nom."
    )]
    NoWorker,
    /// Only the coordinator admits and revokes.
    #[error("Seul le poste qui a créé l'équipe (coordination) admet ou révoque des membres.")]
    NotCoordinator,
    /// This device is not (or no longer) admitted.
    #[error(
        "Ce poste n'est pas (ou plus) admis dans l'équipe : la coordination doit l'admettre \
         (« passerelle team admit CARTE ») ; rien n'est publié d'ici là, votre travail reste \
         sur cet ordinateur."
    )]
    NotAdmitted,
    /// A team, card or roster file is not what it should be.
    #[error("Fichier d'équipe refusé : {0}")]
    BadFile(String),
    /// The member named is not in the roster (or the name is ambiguous).
    #[error(
        "Membre introuvable dans la liste de l'équipe : indiquez son identifiant de poste \
         (8 premiers caractères suffisent, voir « passerelle team status ») ou son nom exact."
    )]
    UnknownMember,
    /// The packet layer refused.
    #[error(transparent)]
    Packet(#[from] PacketError),
    /// The base refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TeamError {
    /// An I/O error at `path`: a missing folder is named as such.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            TeamError::FolderMissing(path.to_owned())
        } else {
            TeamError::Io {
                path: path.to_owned(),
                source,
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn read_small(path: &Path) -> Result<Vec<u8>, TeamError> {
    let meta = std::fs::metadata(path).map_err(|e| TeamError::io(path, e))?;
    if meta.len() > MAX_SMALL_FILE {
        return Err(TeamError::BadFile(format!(
            "fichier trop volumineux ({})",
            path.display()
        )));
    }
    std::fs::read(path).map_err(|e| TeamError::io(path, e))
}

fn check_folder(folder: &Path) -> Result<(), TeamError> {
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(TeamError::FolderMissing(folder.to_owned())),
        Err(e) => Err(TeamError::io(folder, e)),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, TeamError> {
    serde_json::to_vec_pretty(value).map_err(|e| TeamError::BadFile(e.to_string()))
}

// ---------------------------------------------------------------------------------------
// Creating, joining, admitting, revoking
// ---------------------------------------------------------------------------------------

/// Our member entry: identity keys, device, the worker using this base.
fn me_as_member(store: &mut Store) -> Result<Member, TeamError> {
    let worker = store.current_worker()?.ok_or(TeamError::NoWorker)?;
    let org = if worker.structure.trim().is_empty() {
        worker.display_name()
    } else {
        worker.structure.clone()
    };
    let identity = packet::ensure_identity(store, Some(&org))?;
    let card = identity.contact_card();
    Ok(Member {
        device: store.site_id(),
        worker: crate::domain::worker::Worker {
            device: Some(store.site_id()),
            ..worker
        },
        age_recipient: card.age_recipient,
        minisign_public_key: card.minisign_public_key,
        fingerprint: card.fingerprint,
        admitted_at: store.now(),
        revoked_at: None,
        last_seq: None,
    })
}

/// Signs and writes roster `roster` (a new version) into the folder, then keeps it.
fn publish_roster(store: &mut Store, folder: &Path, roster: &Roster) -> Result<(), TeamError> {
    let json = to_json(roster)?;
    let sig = tpacket::sign_roster(store, &json, roster.version)?;
    let dir = folder.join(ROSTER_DIR);
    let name = format!("{}.json", roster.version);
    // Signature first: a reader never finds a roster without its signature for long.
    folder::write_new(&dir.join(format!("{name}.minisig")), sig.as_bytes())?;
    folder::write_new(&dir.join(&name), &json)?;
    let text = String::from_utf8_lossy(&json).into_owned();
    store.write(|tx| {
        tx.keep_roster(roster.version, &text, &sig)?;
        for m in &roster.members {
            tx.put_worker(&m.worker)?;
        }
        tx.audit(
            "équipe liste",
            &format!(
                "version {} ; {} membres",
                roster.version,
                roster.members.len()
            ),
        )
    })?;
    Ok(())
}

/// Creates a team in `folder` with this device as coordinator (and first member).
/// Returns the team file (its fingerprint is read to each joining colleague).
pub fn create(store: &mut Store, folder: &Path) -> Result<TeamFile, TeamError> {
    check_folder(folder)?;
    if store.team_config()?.is_some() {
        return Err(StoreError::Invalid("Cette base fait déjà partie d'une équipe.".into()).into());
    }
    if folder.join(TEAM_FILE).exists() {
        return Err(TeamError::BadFile(
            "ce dossier contient déjà une équipe : rejoignez-la (« team join ») au lieu d'en \
             créer une"
                .into(),
        ));
    }
    let me = me_as_member(store)?;
    let team = TeamFile {
        format: TEAM_FORMAT.into(),
        team: Uuid::new_v4(),
        coordinator_key: me.minisign_public_key.clone(),
        coordinator_fingerprint: me.fingerprint.clone(),
    };
    folder::write_new(&folder.join(TEAM_FILE), &to_json(&team)?)?;
    let folder_text = folder.to_string_lossy().into_owned();
    store.write(|tx| {
        tx.set_team_config(&folder_text, team.team, &team.coordinator_key, true)?;
        tx.audit("équipe créée", &team.team.to_string())
    })?;
    let roster = Roster {
        format: ROSTER_FORMAT.into(),
        team: team.team,
        version: 1,
        issued_at: store.now(),
        members: vec![me],
    };
    publish_roster(store, folder, &roster)?;
    Ok(team)
}

fn read_team_file(folder: &Path) -> Result<TeamFile, TeamError> {
    let bytes = read_small(&folder.join(TEAM_FILE))?;
    let team: TeamFile = serde_json::from_slice(&bytes)
        .map_err(|e| TeamError::BadFile(format!("team.json illisible ({e})")))?;
    if team.format != TEAM_FORMAT {
        return Err(TeamError::BadFile(
            "team.json n'est pas une équipe Passerelle".into(),
        ));
    }
    Ok(team)
}

/// Joins the team of `folder`: writes this device's card in `cards/`, to be admitted by
/// the coordinator. Returns the team (its coordinator fingerprint, to compare with the
/// one the coordinator reads out) and our card (whose fingerprint we read out).
pub fn join(store: &mut Store, folder: &Path) -> Result<(TeamFile, JoinCard), TeamError> {
    check_folder(folder)?;
    let team = read_team_file(folder)?;
    if let Some(config) = store.team_config()? {
        return Err(StoreError::Invalid(format!(
            "Cette base fait déjà partie d'une équipe ({}).",
            config.team_id
        ))
        .into());
    }
    let me = me_as_member(store)?;
    let card = JoinCard {
        format: CARD_FORMAT.into(),
        team: team.team,
        device: me.device,
        worker: me.worker,
        age_recipient: me.age_recipient,
        minisign_public_key: me.minisign_public_key,
        fingerprint: me.fingerprint,
    };
    let path = folder.join(CARDS_DIR).join(format!("{}.json", card.device));
    match folder::write_new(&path, &to_json(&card)?) {
        Ok(()) | Err(TeamError::Exists(_)) => {}
        Err(e) => return Err(e),
    }
    let folder_text = folder.to_string_lossy().into_owned();
    store.write(|tx| {
        tx.set_team_config(&folder_text, team.team, &team.coordinator_key, false)?;
        tx.audit("équipe rejointe", &team.team.to_string())
    })?;
    Ok((team, card))
}

fn config(store: &Store) -> Result<crate::store::team::TeamConfig, TeamError> {
    store.team_config()?.ok_or(TeamError::NoTeam)
}

/// The roster held by this base (verified when it was kept).
pub fn held_roster(store: &Store) -> Result<Option<Roster>, TeamError> {
    let Some((json, _)) = config(store)?.roster else {
        return Ok(None);
    };
    Ok(Some(serde_json::from_str(&json).map_err(|e| {
        TeamError::BadFile(format!("liste de l'équipe enregistrée illisible ({e})"))
    })?))
}

/// Reads a join card: a path to a card file, or a device id whose card is in `cards/`.
fn read_card(folder: &Path, card: &str) -> Result<JoinCard, TeamError> {
    let path = match Uuid::parse_str(card.trim()) {
        Ok(device) => folder.join(CARDS_DIR).join(format!("{device}.json")),
        Err(_) => PathBuf::from(card),
    };
    let bytes = read_small(&path)?;
    let card: JoinCard = serde_json::from_slice(&bytes)
        .map_err(|e| TeamError::BadFile(format!("carte illisible ({e})")))?;
    if card.format != CARD_FORMAT {
        return Err(TeamError::BadFile("ce n'est pas une carte d'équipe".into()));
    }
    if packet::fingerprint(&card.age_recipient, &card.minisign_public_key) != card.fingerprint {
        return Err(TeamError::BadFile(
            "l'empreinte de la carte ne correspond pas à ses clés : carte modifiée".into(),
        ));
    }
    card.worker
        .check()
        .map_err(|m| TeamError::BadFile(format!("nom de la carte refusé : {m}")))?;
    Ok(card)
}

/// The card `card` (path or device id) as it will be admitted, for the coordinator to
/// compare its fingerprint with the one read over the phone.
pub fn preview_card(store: &Store, card: &str) -> Result<JoinCard, TeamError> {
    let config = config(store)?;
    read_card(Path::new(&config.folder), card)
}

/// Admits a device (coordinator only): a new roster version with its member entry.
pub fn admit(store: &mut Store, card: &str) -> Result<Roster, TeamError> {
    let config = config(store)?;
    if !config.is_coordinator {
        return Err(TeamError::NotCoordinator);
    }
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let card = read_card(&folder, card)?;
    if card.team != config.team_id {
        return Err(TeamError::BadFile(
            "cette carte demande une autre équipe".into(),
        ));
    }
    let mut roster = held_roster(store)?.ok_or(TeamError::NoTeam)?;
    let member = Member {
        device: card.device,
        worker: crate::domain::worker::Worker {
            device: Some(card.device),
            ..card.worker
        },
        age_recipient: card.age_recipient,
        minisign_public_key: card.minisign_public_key,
        fingerprint: card.fingerprint,
        admitted_at: store.now(),
        revoked_at: None,
        last_seq: None,
    };
    roster.members.retain(|m| m.device != member.device);
    roster.members.push(member);
    roster.version += 1;
    roster.issued_at = store.now();
    publish_roster(store, &folder, &roster)?;
    // The new member's copy of the funder pseudonym key, sealed to it alone.
    funder_key::share_funder_key(store)?;
    Ok(roster)
}

/// Revokes a member (coordinator only): a new roster version; its packets after the last
/// one applied here are refused everywhere.
pub fn revoke(store: &mut Store, who: &str) -> Result<Member, TeamError> {
    let config = config(store)?;
    if !config.is_coordinator {
        return Err(TeamError::NotCoordinator);
    }
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let mut roster = held_roster(store)?.ok_or(TeamError::NoTeam)?;
    let device = roster.find(who).ok_or(TeamError::UnknownMember)?.device;
    if device == store.site_id() {
        return Err(TeamError::BadFile(
            "la coordination ne se révoque pas elle-même".into(),
        ));
    }
    // What the member had published when revoked: applied here, or already in the
    // folder (perhaps still arriving, or waiting for another packet); another member may
    // have applied it already. Later numbers are refused everywhere.
    let applied = store.team_applied(device)?.last().map_or(0, |a| a.seq);
    let present = folder::scan_device(&folder::log_dir(&folder, device))?
        .packets
        .last()
        .map_or(0, |p| p.0);
    let last = applied.max(present);
    let now = store.now();
    let mut revoked = None;
    for m in &mut roster.members {
        if m.device == device && m.revoked_at.is_none() {
            m.revoked_at = Some(now);
            m.last_seq = Some(last);
            revoked = Some(m.clone());
        }
    }
    let revoked = revoked.ok_or(TeamError::UnknownMember)?;
    roster.version += 1;
    roster.issued_at = now;
    publish_roster(store, &folder, &roster)?;
    Ok(revoked)
}

/// Reads the roster versions of the folder and keeps the highest valid one above the
/// version held (signature by the coordinator, same team). Older versions are refused
/// (never replace a newer one). Returns the version held afterwards.
pub fn refresh_roster(store: &mut Store) -> Result<u64, TeamError> {
    let config = config(store)?;
    let dir = Path::new(&config.folder).join(ROSTER_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(config.roster_version);
        }
        Err(e) => return Err(TeamError::io(&dir, e)),
    };
    let mut versions: Vec<u64> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let stem = name.strip_suffix(".json")?;
            stem.parse::<u64>().ok().filter(|v| stem == v.to_string())
        })
        .filter(|v| *v > config.roster_version)
        .collect();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    for v in versions {
        let json = read_small(&dir.join(format!("{v}.json")))?;
        let Ok(sig) = read_small(&dir.join(format!("{v}.json.minisig"))) else {
            continue; // its signature has not arrived yet
        };
        let sig = String::from_utf8_lossy(&sig).into_owned();
        if tpacket::verify_signed(&json, &sig, &config.coordinator_key).is_err() {
            store.write(|tx| {
                tx.team_alert(
                    Uuid::nil(),
                    v,
                    "liste-invalide",
                    "version de la liste de l'équipe non signée par la coordination",
                )
                .map(|_| ())
            })?;
            continue;
        }
        let Ok(roster) = serde_json::from_slice::<Roster>(&json) else {
            continue;
        };
        if roster.team != config.team_id || roster.version != v || roster.format != ROSTER_FORMAT {
            continue;
        }
        let text = String::from_utf8_lossy(&json).into_owned();
        store.write(|tx| {
            if tx.keep_roster(v, &text, &sig)? {
                for m in &roster.members {
                    tx.put_worker(&m.worker)?;
                }
                tx.audit("équipe liste reçue", &format!("version {v}"))?;
            }
            Ok(())
        })?;
        applied_after_revocation(store, Path::new(&config.folder), &roster)?;
        return Ok(v);
    }
    Ok(config.roster_version)
}

/// A revoked member's packets numbered after its revocation are refused everywhere, but
/// this base may have applied one before the new roster reached it. Raises an alert per
/// such packet naming the records it carried (table and id, never their content), so
/// that the team looks at them. Reading the packet again needs its file; without it the
/// alert says so.
fn applied_after_revocation(
    store: &mut Store,
    folder: &Path,
    roster: &Roster,
) -> Result<(), TeamError> {
    for m in roster.members.iter().filter(|m| m.revoked_at.is_some()) {
        let last = m.last_seq.unwrap_or(0);
        let late: Vec<u64> = store
            .team_applied(m.device)?
            .into_iter()
            .map(|a| a.seq)
            .filter(|s| *s > last)
            .collect();
        if late.is_empty() {
            continue;
        }
        // The member as it was when the packet was applied: not revoked yet.
        let before = Member {
            revoked_at: None,
            last_seq: None,
            ..m.clone()
        }
        .as_partner();
        let short = &m.device.to_string()[..8];
        for seq in late {
            let path = folder::log_dir(folder, m.device).join(folder::packet_name(seq));
            let records = std::fs::read(&path)
                .ok()
                .and_then(|bytes| {
                    tpacket::open_team(store, &bytes, std::slice::from_ref(&before)).ok()
                })
                .map(|p| {
                    p.lines
                        .iter()
                        .filter_map(|l| {
                            let id = l.data.get("id").and_then(serde_json::Value::as_str)?;
                            Some(format!("{} {id}", l.table))
                        })
                        .collect::<Vec<_>>()
                });
            let named = match records {
                Some(r) if r.len() > 20 => {
                    format!("{} et {} autres fiches", r[..20].join(", "), r.len() - 20)
                }
                Some(r) => r.join(", "),
                None => "fichier du paquet absent : fiches non retrouvées".into(),
            };
            let detail = format!(
                "Le paquet n° {seq} du poste révoqué {short} a été appliqué ici avant que la \
                 nouvelle liste de l'équipe n'arrive (publié après sa révocation). Vérifiez ces \
                 fiches et corrigez-les si besoin : {named}."
            );
            store.write(|tx| {
                tx.team_alert(m.device, seq, "revoque-applique", &detail)
                    .map(|_| ())
            })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Publishing and applying
// ---------------------------------------------------------------------------------------

/// What a publication did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Sequence number of the packet.
    pub seq: u64,
    /// Records in it.
    pub records: usize,
    /// Size of the file, in bytes.
    pub bytes: usize,
}

/// Publishes what this device changed since its last packet as the next packet of its
/// log (one per call: the caller decides the sync window). `None` when nothing changed.
pub fn publish(store: &mut Store) -> Result<Option<Published>, TeamError> {
    let Some(prepared) = prepare_publication(store)? else {
        return Ok(None);
    };
    let seq = write_publication(&prepared)?;
    record_publication(store, &prepared, seq)?;
    Ok(Some(Published {
        seq,
        records: prepared.records,
        bytes: prepared.bytes.len(),
    }))
}

/// A packet sealed from the base, not yet in the folder: encrypted to the members and
/// signed, so it can wait for a folder that does not answer without the base's key.
#[derive(Debug, Clone)]
pub struct PreparedPacket {
    /// The shared folder.
    pub folder: PathBuf,
    /// This device.
    pub device: Uuid,
    /// The sequence number the base expects next (the folder may already hold higher).
    pub next_seq: u64,
    /// The clock of the newest change in the packet (recorded once it is written).
    pub high: u64,
    /// Records in it.
    pub records: usize,
    /// The packet's id (for the audit).
    pub packet_id: Uuid,
    /// The sealed packet.
    pub bytes: Vec<u8>,
}

/// First step of [`publish`]: seals what changed since the last packet. Reads the base
/// only, never the folder: a folder that hangs cannot keep a thread holding the base's
/// key (the caller drops its connection before [`write_publication`]).
pub fn prepare_publication(store: &mut Store) -> Result<Option<PreparedPacket>, TeamError> {
    let config = config(store)?;
    let roster = held_roster(store)?.ok_or(TeamError::NotAdmitted)?;
    let me = store.site_id();
    if roster.member(me).is_none_or(|m| m.revoked_at.is_some()) {
        return Err(TeamError::NotAdmitted);
    }
    let Some(out) = tpacket::export_team(
        store,
        &roster.recipients(),
        config.published_hlc,
        &format!("journal de l'équipe {}", config.team_id),
    )?
    else {
        return Ok(None);
    };
    Ok(Some(PreparedPacket {
        folder: PathBuf::from(&config.folder),
        device: me,
        next_seq: config.next_seq,
        high: out.high,
        records: out.records,
        packet_id: out.manifest.packet_id,
        bytes: out.bytes,
    }))
}

/// Second step of [`publish`]: writes the sealed packet as the next free number of our
/// log (temporary name, fsync, rename). Touches the folder only, never the base.
pub fn write_publication(prepared: &PreparedPacket) -> Result<u64, TeamError> {
    check_folder(&prepared.folder)?;
    let dir = folder::log_dir(&prepared.folder, prepared.device);
    folder::clean_temporaries(&dir);
    // After a crash between the rename and the base's update, or a base restored from a
    // backup, our log may already hold higher numbers: never reuse one.
    let existing = folder::scan_device(&dir)?.packets.last().map_or(0, |p| p.0);
    let mut seq = prepared.next_seq.max(existing + 1);
    loop {
        match folder::write_new(&dir.join(folder::packet_name(seq)), &prepared.bytes) {
            Ok(()) => return Ok(seq),
            Err(TeamError::Exists(_)) => seq += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Last step of [`publish`]: the base records packet `seq` as published (its changes
/// are not sent again). Recording late, or twice, is harmless (the base keeps the
/// highest); not recording only sends the same changes again in the next packet.
pub fn record_publication(
    store: &mut Store,
    prepared: &PreparedPacket,
    seq: u64,
) -> Result<(), TeamError> {
    if store.site_id() != prepared.device {
        return Err(TeamError::BadFile(
            "paquet préparé par une autre base : non enregistré".into(),
        ));
    }
    store.write(|tx| {
        tx.team_published(seq, prepared.high)?;
        tx.audit(
            "équipe publication",
            &format!(
                "paquet {} n° {seq} ; {} fiches",
                prepared.packet_id, prepared.records
            ),
        )
    })?;
    Ok(())
}

/// What one pass over the others' logs did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Packets applied (device, sequence).
    pub applied: Vec<(Uuid, u64)>,
    /// Devices waiting for a missing or incomplete packet: (device, sequence awaited).
    pub held: Vec<(Uuid, u64)>,
    /// Packets refused (revoked, unknown signer…): (device, sequence, French reason).
    pub refused: Vec<(Uuid, u64, String)>,
    /// New alerts (two contents for one sequence…), French.
    pub alerts: Vec<String>,
    /// Directories of devices not in the roster.
    pub unknown_devices: usize,
    /// Temporary, partial and conflict-copy files skipped.
    pub skipped_files: usize,
    /// The coordinator's snapshot taken because a log could not be followed (written
    /// before this device's admission, or removed): its number.
    pub snapshot: Option<u64>,
    /// Erasures asked by other members (notices, a snapshot's list) applied here.
    pub erasures: usize,
}

fn alert(
    store: &mut Store,
    report: &mut ApplyReport,
    device: Uuid,
    seq: u64,
    kind: &str,
    detail: String,
) -> Result<(), TeamError> {
    let new = store.write(|tx| tx.team_alert(device, seq, kind, &detail))?;
    if new {
        report.alerts.push(detail);
    }
    Ok(())
}

/// Applies, once, every packet of the other devices' logs that can be: per device in
/// sequence order, through the merge; holds at a missing or incomplete packet; refuses
/// unknown, revoked or mis-signed ones; alerts on a second content for a sequence.
pub fn apply(store: &mut Store) -> Result<ApplyReport, TeamError> {
    let config = config(store)?;
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let mut report = ApplyReport::default();
    let Some(roster) = held_roster(store)? else {
        return Ok(report);
    };
    let members: Vec<Partner> = roster.members.iter().map(Member::as_partner).collect();
    let me = store.site_id();
    let logs: Vec<(Uuid, folder::DeviceLog)> = folder::scan_logs(&folder)?
        .into_iter()
        .filter(|(d, _)| *d != me)
        .collect();
    // Erasures first: a packet applied after them cannot bring their records back.
    report.erasures = erasure::apply_erasures(store, &roster, &mut report)?;
    for (device, log) in &logs {
        report.skipped_files += log.skipped + log.conflict_copies;
        if roster.member(*device).is_none() {
            report.unknown_devices += 1;
        }
    }
    // A packet may need a record another device published (a note on a household
    // created elsewhere): it waits, and the passes go on while something applies.
    loop {
        report.held.clear();
        report.refused.clear();
        let before = report.applied.len();
        apply_pass(store, &roster, &members, &logs, &mut report)?;
        if report.applied.len() > before {
            continue;
        }
        // A log that cannot be followed from here (packets written before this device
        // was admitted, removed once everyone had them, or not arrived) while the
        // coordinator's snapshot covers it: the snapshot, then the log after it.
        if report.snapshot.is_none()
            && let Some(info) = snapshot::latest_snapshot(store, &roster)?
            && snapshot_needed(store, &info, &logs, &report)?
        {
            match snapshot::apply_snapshot(store, &roster, &info) {
                Ok(true) => {
                    report.snapshot = Some(info.seq);
                    continue;
                }
                Ok(false) => {}
                Err(TeamError::Packet(e)) => {
                    alert(
                        store,
                        &mut report,
                        info.device,
                        info.seq,
                        "instantane",
                        format!(
                            "L'instantané n° {} de la coordination n'a pas pu être appliqué \
                             ({e}) : le journal continue ; prévenez la coordination.",
                            info.seq
                        ),
                    )?;
                }
                Err(e) => return Err(e),
            }
        }
        break;
    }
    store.write(|tx| tx.team_synced())?;
    Ok(report)
}

/// Whether snapshot `info` brings something the logs cannot: a device it covers beyond
/// our position whose next packet is held or absent.
fn snapshot_needed(
    store: &Store,
    info: &snapshot::SnapshotInfo,
    logs: &[(Uuid, folder::DeviceLog)],
    report: &ApplyReport,
) -> Result<bool, TeamError> {
    let me = store.site_id();
    for (device, covered) in &info.covers {
        if *device == me {
            continue;
        }
        let position = store.team_position(*device)?;
        if *covered <= position {
            continue;
        }
        let held = report.held.iter().any(|(d, _)| d == device);
        let present = logs
            .iter()
            .find(|(d, _)| d == device)
            .is_some_and(|(_, log)| log.packets.iter().any(|p| p.0 == position + 1));
        if held || !present {
            return Ok(true);
        }
    }
    Ok(false)
}

fn apply_pass(
    store: &mut Store,
    roster: &Roster,
    members: &[Partner],
    logs: &[(Uuid, folder::DeviceLog)],
    report: &mut ApplyReport,
) -> Result<(), TeamError> {
    for (device, log) in logs {
        let device = *device;
        let Some(member) = roster.member(device) else {
            continue;
        };
        let applied: BTreeMap<u64, crate::store::team::Applied> = store
            .team_applied(device)?
            .into_iter()
            .map(|a| (a.seq, a))
            .collect();
        // Packets up to the floor came with a snapshot: not applied one by one.
        let floor = store.team_floor(device)?;
        let mut next = applied
            .keys()
            .next_back()
            .map_or(1, |s| s + 1)
            .max(floor + 1);
        let short = &device.to_string()[..8];
        for (seq, path, size) in &log.packets {
            let (seq, size) = (*seq, *size);
            if let Some(done) = applied.get(&seq) {
                let mtime = log.mtimes.get(&seq).copied().unwrap_or(0);
                if done.size != size || done.mtime != mtime || mtime == 0 {
                    // Cheap check first (a stat): the file is read and hashed again only
                    // when its size or modification time differ from what was applied,
                    // so a second content of the same size is seen too. A copy still
                    // being written does not open: only a whole, signed packet is a
                    // second content.
                    let Ok(bytes) = std::fs::read(path) else {
                        continue;
                    };
                    if sha256_hex(&bytes) == done.sha256 {
                        // The same content touched again (copied back by the engine).
                        if mtime != 0 {
                            store.write(|tx| tx.team_set_mtime(device, seq, mtime))?;
                        }
                    } else if tpacket::open_team(store, &bytes, members).is_ok() {
                        alert(
                            store,
                            report,
                            device,
                            seq,
                            "deux-contenus",
                            format!(
                                "Le poste {short} a publié deux contenus différents pour le \
                                 n° {seq} : ordinateur restauré ou volé ? Vérifiez avec sa \
                                 ou son utilisatrice, et révoquez-le si besoin."
                            ),
                        )?;
                    }
                }
                continue;
            }
            if seq <= floor {
                continue;
            }
            if seq != next {
                report.held.push((device, next));
                break;
            }
            if !member.accepts(seq) {
                report.refused.push((
                    device,
                    seq,
                    "poste révoqué : paquet publié après la révocation".into(),
                ));
                alert(
                    store,
                    report,
                    device,
                    seq,
                    "revoque",
                    format!(
                        "Paquet n° {seq} du poste révoqué {short} refusé (publié après sa \
                         révocation)."
                    ),
                )?;
                break;
            }
            let Ok(bytes) = std::fs::read(path) else {
                report.held.push((device, seq));
                break;
            };
            let opened = match tpacket::open_team(store, &bytes, members) {
                Ok(p) => p,
                Err(PacketError::Revoked { .. }) => {
                    report
                        .refused
                        .push((device, seq, "signé après la révocation".into()));
                    break;
                }
                Err(PacketError::UnknownSigner(_) | PacketError::BadSignature) => {
                    report
                        .refused
                        .push((device, seq, "signature inconnue ou invalide".into()));
                    alert(
                        store,
                        report,
                        device,
                        seq,
                        "signature",
                        format!(
                            "Paquet n° {seq} du poste {short} refusé : signature inconnue ou \
                             invalide."
                        ),
                    )?;
                    break;
                }
                Err(PacketError::Store(e)) => return Err(e.into()),
                Err(PacketError::NotForUs) => {
                    // Written before this device was admitted: it will come with a
                    // snapshot; the log goes on after it.
                    alert(
                        store,
                        report,
                        device,
                        seq,
                        crate::store::team::ALERT_BEFORE_ADMISSION,
                        format!(
                            "Paquet n° {seq} du poste {short} écrit avant votre admission : \
                             son contenu vous parviendra par un instantané de la coordination."
                        ),
                    )?;
                    // Held, not skipped: the coordinator's next snapshot covers it (see
                    // `apply`).
                    report.held.push((device, seq));
                    break;
                }
                Err(_) => {
                    // Truncated or still arriving: wait for the engine to finish it.
                    report.held.push((device, seq));
                    break;
                }
            };
            if opened.sender.id != device || opened.manifest.sender.site != device {
                report
                    .refused
                    .push((device, seq, "signé par un autre poste".into()));
                alert(
                    store,
                    report,
                    device,
                    seq,
                    "signature",
                    format!(
                        "Paquet n° {seq} du dossier du poste {short} signé par un autre poste : \
                         refusé."
                    ),
                )?;
                break;
            }
            match tpacket::apply_team(store, &opened) {
                Ok(_) => {}
                Err(PacketError::Store(e)) if e.is_constraint() => {
                    // Points at a record of a packet not applied yet: wait for it.
                    report.held.push((device, seq));
                    break;
                }
                Err(e) => return Err(e.into()),
            }
            let sha = sha256_hex(&bytes);
            let mtime = log.mtimes.get(&seq).copied().unwrap_or(0);
            store.write(|tx| {
                tx.team_mark_applied(device, seq, &sha, size, opened.manifest.packet_id)?;
                tx.team_set_mtime(device, seq, mtime)
            })?;
            report.applied.push((device, seq));
            next = seq + 1;
        }
    }
    Ok(())
}

/// What `team sync` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The roster version held after the sync.
    pub roster_version: u64,
    /// What was published.
    pub published: Option<Published>,
    /// What was applied.
    pub applied: ApplyReport,
    /// The snapshot written (coordinator, when one was due).
    pub snapshot: Option<snapshot::SnapshotWritten>,
    /// Packets of this device's log removed (every member had them).
    pub removed: usize,
    /// Erasure notices of this device published.
    pub erasures_published: usize,
}

/// One sync: newer roster, publish what is pending, apply what is new.
pub fn sync(store: &mut Store) -> Result<SyncReport, TeamError> {
    let roster_version = refresh_roster(store)?;
    // The funder pseudonym key: the coordinator seals it to each member, a member adopts
    // it (before any send to a funder, which waits for it).
    funder_key::share_funder_key(store)?;
    funder_key::adopt_funder_key(store)?;
    let admitted = held_roster(store)?
        .and_then(|r| r.member(store.site_id()).map(|m| m.revoked_at.is_none()))
        .unwrap_or(false);
    let erasures_published = if admitted {
        erasure::publish_erasures(store)?
    } else {
        0
    };
    let published = if admitted { publish(store)? } else { None };
    let applied = apply(store)?;
    let snapshot = if admitted && snapshot::snapshot_due(store)? {
        Some(snapshot::write_snapshot(store)?)
    } else {
        None
    };
    let removed = if admitted {
        snapshot::acknowledge(store)?;
        snapshot::collect_garbage(store)?
    } else {
        0
    };
    Ok(SyncReport {
        roster_version,
        published,
        applied,
        snapshot,
        removed,
        erasures_published,
    })
}

/// Runs [`sync`] on a named background thread, which owns the base meanwhile and hands
/// it back with the result.
pub fn spawn_sync(
    mut store: Store,
) -> std::io::Result<std::thread::JoinHandle<(Store, Result<SyncReport, TeamError>)>> {
    std::thread::Builder::new()
        .name("passerelle-equipe".into())
        .spawn(move || {
            let result = sync(&mut store);
            (store, result)
        })
}

// ---------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------

/// One member as the status shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStatus {
    /// Device id.
    pub device: Uuid,
    /// Worker's name.
    pub name: String,
    /// Revoked.
    pub revoked: bool,
    /// This device.
    pub me: bool,
    /// Last packet applied here (sequence, when, RFC 3339).
    pub last_applied: Option<(u64, String)>,
    /// Position in its log that a coordinator's snapshot brought this base to (0: none).
    pub snapshot_position: u64,
}

/// The team at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamStatus {
    /// The shared folder.
    pub folder: String,
    /// Team id.
    pub team_id: Uuid,
    /// This device coordinates.
    pub is_coordinator: bool,
    /// Roster version held.
    pub roster_version: u64,
    /// This device is admitted (and not revoked).
    pub admitted: bool,
    /// Records changed here and erasures made here, not yet published.
    pub unpublished: usize,
    /// Problem with the folder (French), if any.
    pub folder_problem: Option<String>,
    /// Members.
    pub members: Vec<MemberStatus>,
    /// Alerts (French), newest first.
    pub alerts: Vec<String>,
    /// Last publication and sync (RFC 3339).
    pub last_publish: Option<String>,
    /// Last sync.
    pub last_sync: Option<String>,
}

/// Reads the team's status: nothing is written. `None` outside a team.
pub fn status(store: &Store) -> Result<Option<TeamStatus>, TeamError> {
    let Some(config) = store.team_config()? else {
        return Ok(None);
    };
    let folder = Path::new(&config.folder);
    let folder_problem = match check_folder(folder) {
        Err(e) => Some(e.to_string()),
        Ok(()) => crate::store::fault::probe_folder(folder).map(|f| f.error(folder).to_string()),
    };
    let roster = held_roster(store)?;
    let me = store.site_id();
    let applied: BTreeMap<Uuid, (u64, String)> = store
        .team_applied_summary()?
        .into_iter()
        .map(|(d, s, a)| (d, (s, a)))
        .collect();
    let members = roster
        .as_ref()
        .map(|r| {
            r.members
                .iter()
                .map(|m| {
                    Ok(MemberStatus {
                        device: m.device,
                        name: m.worker.display_name(),
                        revoked: m.revoked_at.is_some(),
                        me: m.device == me,
                        last_applied: applied.get(&m.device).cloned(),
                        snapshot_position: store.team_floor(m.device)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .transpose()?
        .unwrap_or_default();
    let admitted = roster
        .as_ref()
        .and_then(|r| r.member(me))
        .is_some_and(|m| m.revoked_at.is_none());
    // An erasure waiting for its notice counts as a modification not yet published.
    let unpublished = tpacket::team_lines(store, config.published_hlc)?.0.len()
        + store.team_erasures_queued()?.len();
    Ok(Some(TeamStatus {
        folder: config.folder.clone(),
        team_id: config.team_id,
        is_coordinator: config.is_coordinator,
        roster_version: config.roster_version,
        admitted,
        unpublished,
        folder_problem,
        members,
        alerts: store.team_alerts()?.into_iter().map(|a| a.detail).collect(),
        last_publish: config.last_publish,
        last_sync: config.last_sync,
    }))
}

/// « il y a 2 h », « il y a 5 min », « à l'instant ».
pub fn ago(at: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(at) else {
        return "date inconnue".into();
    };
    let mins = (now - t.with_timezone(&chrono::Utc)).num_minutes();
    match mins {
        m if m < 1 => "à l'instant".into(),
        m if m < 60 => format!("il y a {m} min"),
        m if m < 48 * 60 => format!("il y a {} h", m / 60),
        m => format!("il y a {} jours", m / (24 * 60)),
    }
}

/// The status at a glance, in French lines (shared with « Paramètres → Équipe »).
pub fn status_lines(s: &TeamStatus, now: chrono::DateTime<chrono::Utc>) -> Vec<String> {
    let mut out = Vec::new();
    match &s.folder_problem {
        Some(p) => out.push(p.clone()),
        None if s.unpublished == 0 && s.admitted => out.push("Équipe : à jour".into()),
        None if !s.admitted => {
            out.push("Ce poste attend son admission par la coordination.".into());
        }
        None => out.push(crate::domain::text::count(
            s.unpublished,
            "modification pas encore publiée",
            "modifications pas encore publiées",
        )),
    }
    out.push(format!(
        "Dossier : {} · liste version {}{}",
        s.folder,
        s.roster_version,
        if s.is_coordinator {
            " · ce poste coordonne"
        } else {
            ""
        }
    ));
    for m in &s.members {
        let state = if m.revoked {
            "révoqué·e".to_owned()
        } else if m.me {
            match &s.last_publish {
                Some(at) => format!("ce poste, dernière publication {}", ago(at, now)),
                None => "ce poste".to_owned(),
            }
        } else {
            match &m.last_applied {
                Some((_, at)) => format!("dernière synchronisation {}", ago(at, now)),
                // Its packets written before this device joined came in the snapshot.
                None if m.snapshot_position > 0 => format!(
                    "reçu par l'instantané de la coordination (jusqu'à son paquet n° {})",
                    m.snapshot_position
                ),
                None => "rien reçu encore".to_owned(),
            }
        };
        out.push(format!(
            "{} ({}) : {state}",
            m.name,
            m.device.to_string()[..8].to_owned()
        ));
    }
    for a in &s.alerts {
        out.push(format!("Alerte : {a}"));
    }
    out
}

// ---------------------------------------------------------------------------------------
// For « Paramètres → Équipe » (issue 15, the app's setup screens)
// ---------------------------------------------------------------------------------------

/// The cards of `cards/` waiting for admission (coordinator's view): readable cards of
/// this team whose device is not in the roster held here (admitted or revoked). A card
/// that cannot be read (still arriving, modified) is left out; it is read again next time.
pub fn pending_cards(store: &Store) -> Result<Vec<JoinCard>, TeamError> {
    let config = config(store)?;
    let folder = Path::new(&config.folder);
    let dir = folder.join(CARDS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(TeamError::io(&dir, e)),
    };
    let roster = held_roster(store)?;
    let mut cards: Vec<JoinCard> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let device = Uuid::parse_str(name.strip_suffix(".json")?).ok()?;
            let card = read_card(folder, &device.to_string()).ok()?;
            let known = roster
                .as_ref()
                .is_some_and(|r| r.member(card.device).is_some());
            (card.team == config.team_id && card.device == device && !known).then_some(card)
        })
        .collect();
    cards.sort_by_key(|c| c.worker.display_name());
    Ok(cards)
}

/// This device's own card in the folder, once it has joined (its fingerprint, read over
/// the phone to the coordinator). `None` when the card is not there (or not readable).
pub fn own_card(store: &Store) -> Result<Option<JoinCard>, TeamError> {
    let config = config(store)?;
    Ok(read_card(Path::new(&config.folder), &store.site_id().to_string()).ok())
}
