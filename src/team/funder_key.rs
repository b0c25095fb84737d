//! The funder pseudonym key shared by the team (issue 15 with issue 13): a funder must
//! receive one id for a household whichever member sends it, so every member derives the
//! funders' ids from the coordinator's key instead of its own.
//!
//! ```text
//! DOSSIER/keys/<device>.age   the coordinator's key for one member: signed by the
//!                             coordinator, encrypted to that member's key alone
//! ```
//!
//! The key is never in clear in the folder. The coordinator writes a member's file at its
//! admission (and at each sync for a member that has none); the member adopts it at its
//! next sync. Until then a member does not send to a funder at all
//! ([`crate::exchange::packet::PacketError::TeamFunderKeyMissing`]): no packet leaves with
//! ids the funder could not match with the colleagues'. A laptop that had already prepared
//! funder packets with its own key before joining gives that key up: the funders it sent
//! to see other ids for those households from its next send, which an alert says (once;
//! the funder then counts them as new unless told). Keeping the old key for those funders
//! would instead leave them with two ids per household for good, one from this laptop
//! and one from its colleagues.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::{Zeroize, Zeroizing};

use super::{TeamError, check_folder, config, folder, held_roster, read_small, to_json};
use crate::exchange::packet::team as tpacket;
use crate::store::Store;

/// The keys' directory.
pub const KEYS_DIR: &str = "keys";
/// `format` of a key file's body.
pub const FUNDER_KEY_FORMAT: &str = "passerelle-equipe-cle-financeurs";

/// A key file's body (inside the encryption).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FunderKeyFile {
    format: String,
    team: Uuid,
    /// The member it is for.
    device: Uuid,
    /// The 32-byte key, hex.
    key: String,
    written_at: DateTime<Utc>,
}

impl Drop for FunderKeyFile {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

fn key_path(folder: &std::path::Path, device: Uuid) -> PathBuf {
    folder.join(KEYS_DIR).join(format!("{device}.age"))
}

/// Coordinator: writes the key file of every current member that has none. Returns how
/// many were written. Not the coordinator: 0.
pub fn share_funder_key(store: &mut Store) -> Result<usize, TeamError> {
    let config = config(store)?;
    if !config.is_coordinator {
        return Ok(0);
    }
    let folder = PathBuf::from(&config.folder);
    check_folder(&folder)?;
    let Some(roster) = held_roster(store)? else {
        return Ok(0);
    };
    let me = store.site_id();
    let mut written = 0;
    for m in roster
        .members
        .iter()
        .filter(|m| m.revoked_at.is_none() && m.device != me)
    {
        let path = key_path(&folder, m.device);
        if path.exists() {
            continue;
        }
        let key = store.funder_pseudonym_key()?;
        let file = FunderKeyFile {
            format: FUNDER_KEY_FORMAT.into(),
            team: config.team_id,
            device: m.device,
            key: hex::encode(&key[..]),
            written_at: store.now(),
        };
        let body = Zeroizing::new(to_json(&file)?);
        let sealed = tpacket::seal_signed(
            store,
            &body,
            std::slice::from_ref(&m.age_recipient),
            "passerelle equipe cle des financeurs",
        )?;
        match folder::write_new(&path, &sealed) {
            Ok(()) => written += 1,
            Err(TeamError::Exists(_)) => {}
            Err(e) => return Err(e),
        }
        let device = m.device;
        store.write(|tx| {
            tx.audit(
                "équipe clé des financeurs transmise",
                &format!("poste {device}"),
            )
        })?;
    }
    Ok(written)
}

/// Member: adopts the coordinator's key when its file for this laptop is there and not
/// adopted yet. `Some(replaced)` when adopted now (`replaced`: this laptop had its own
/// key, an alert says what changes); `None` when nothing happened.
pub fn adopt_funder_key(store: &mut Store) -> Result<Option<bool>, TeamError> {
    let config = config(store)?;
    if config.is_coordinator || store.funder_key_team()? == Some(config.team_id) {
        return Ok(None);
    }
    let me = store.site_id();
    let path = key_path(std::path::Path::new(&config.folder), me);
    if !path.is_file() {
        return Ok(None);
    }
    let Ok(bytes) = read_small(&path) else {
        return Ok(None);
    };
    // Still arriving, or not for our current key: read again next time.
    let Ok(body) = tpacket::open_signed(store, &bytes, &config.coordinator_key) else {
        return Ok(None);
    };
    let file: FunderKeyFile = serde_json::from_slice(&body)
        .map_err(|_| TeamError::BadFile("clé des financeurs de l'équipe illisible".into()))?;
    if file.format != FUNDER_KEY_FORMAT || file.team != config.team_id || file.device != me {
        return Err(TeamError::BadFile(
            "la clé des financeurs de l'équipe n'est pas pour ce poste".into(),
        ));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(file.key.as_bytes(), &mut key[..])
        .map_err(|_| TeamError::BadFile("clé des financeurs de l'équipe illisible".into()))?;
    let replaced = store.adopt_team_funder_key(&key, config.team_id)?;
    if replaced {
        store.write(|tx| {
            tx.team_alert(
                me,
                0,
                "cle-financeurs",
                "Ce poste utilise désormais la clé commune de l'équipe pour les identifiants \
                 envoyés aux financeurs. Il en avait préparé avec sa propre clé : les \
                 financeurs qui ont déjà reçu des ménages de ce poste les recevront sous un \
                 autre identifiant au prochain envoi. Prévenez-les qu'ils remplacent les \
                 anciens identifiants de ce poste.",
            )
            .map(|_| ())
        })?;
    }
    Ok(Some(replaced))
}
