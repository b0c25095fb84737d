//! The team's roster: who is admitted, with which keys, on which device, and who was
//! revoked since when. Written only by the coordinator, signed, versioned: a device keeps
//! the highest version it has verified and refuses an older one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::model::{Partner, PartnerRole, PartnerTrust};
use crate::domain::worker::Worker;

/// `format` of a roster file.
pub const ROSTER_FORMAT: &str = "passerelle-equipe-liste";
/// `format` of a join card.
pub const CARD_FORMAT: &str = "passerelle-equipe-carte";
/// `format` of the team file.
pub const TEAM_FORMAT: &str = "passerelle-equipe";

/// `team.json`: the team and its coordinator's public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFile {
    /// [`TEAM_FORMAT`].
    pub format: String,
    /// The team's id.
    pub team: Uuid,
    /// The coordinator's minisign public key (base64): signer of every roster.
    pub coordinator_key: String,
    /// Fingerprint of the coordinator's keys, read over the phone when joining.
    pub coordinator_fingerprint: String,
}

/// A device asking to join, written in `cards/<device>.json` by that device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinCard {
    /// [`CARD_FORMAT`].
    pub format: String,
    /// The team asked.
    pub team: Uuid,
    /// The device (its base's site id).
    pub device: Uuid,
    /// The worker using that base.
    pub worker: Worker,
    /// age recipient ("age1…").
    pub age_recipient: String,
    /// minisign public key (base64).
    pub minisign_public_key: String,
    /// Fingerprint over both keys (read over the phone).
    pub fingerprint: String,
}

/// One member of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The device (its base's site id): its log is `log/<device>/`.
    pub device: Uuid,
    /// The worker using it.
    pub worker: Worker,
    /// age recipient.
    pub age_recipient: String,
    /// minisign public key (base64).
    pub minisign_public_key: String,
    /// Fingerprint checked at admission.
    pub fingerprint: String,
    /// Admitted on.
    pub admitted_at: DateTime<Utc>,
    /// Revoked on (lost laptop, departure).
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// For a revoked member: the last sequence of its log still accepted (what the
    /// coordinator had applied when revoking); later packets are refused whatever date
    /// they claim.
    #[serde(default)]
    pub last_seq: Option<u64>,
}

impl Member {
    /// Whether packet `seq` of this member's log may be applied.
    pub fn accepts(&self, seq: u64) -> bool {
        match (self.revoked_at, self.last_seq) {
            (None, _) => true,
            (Some(_), Some(last)) => seq <= last,
            (Some(_), None) => false,
        }
    }

    /// What a revocation refuses, in French: the packets after the last one accepted, or
    /// every packet when none was published (« après le n° 0 » read as nonsense).
    pub fn refused_after(&self) -> String {
        match self.last_seq {
            Some(n) if n > 0 => format!("ses paquets publiés après le n° {n} sont refusés"),
            _ => "tout paquet qu'il ou elle publierait est refusé".to_owned(),
        }
    }

    /// The member as a pinned partner, for the packet checks: its keys, its device as
    /// the site its packets must carry, its revocation date.
    pub fn as_partner(&self) -> Partner {
        Partner {
            id: self.device,
            organisation: format!("Équipe : {}", self.worker.display_name()),
            role: PartnerRole::Accompagnement,
            age_public_key: self.age_recipient.clone(),
            minisign_public_key: self.minisign_public_key.clone(),
            fingerprint: self.fingerprint.clone(),
            contact: String::new(),
            trust: PartnerTrust {
                revoked_at: self.revoked_at,
                site: Some(self.device),
                ..PartnerTrust::default()
            },
        }
    }
}

/// A roster version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// [`ROSTER_FORMAT`].
    pub format: String,
    /// The team.
    pub team: Uuid,
    /// Version, from 1, one more at each change.
    pub version: u64,
    /// When the coordinator wrote it.
    pub issued_at: DateTime<Utc>,
    /// Members, the coordinator first.
    pub members: Vec<Member>,
}

impl Roster {
    /// The member on `device`, if any.
    pub fn member(&self, device: Uuid) -> Option<&Member> {
        self.members.iter().find(|m| m.device == device)
    }

    /// The age recipients packets go to: every member not revoked.
    pub fn recipients(&self) -> Vec<String> {
        self.members
            .iter()
            .filter(|m| m.revoked_at.is_none())
            .map(|m| m.age_recipient.clone())
            .collect()
    }

    /// Finds a member by device id, its first 8 hex digits, or the worker's name
    /// (accent- and case-sensitive), for `team revoke`.
    pub fn find(&self, who: &str) -> Option<&Member> {
        let who = who.trim();
        if who.is_empty() {
            return None;
        }
        let matches: Vec<&Member> = self
            .members
            .iter()
            .filter(|m| {
                m.device.to_string() == who
                    || m.device.to_string().starts_with(&who.to_lowercase())
                    || m.worker.display_name() == who
            })
            .collect();
        (matches.len() == 1).then(|| matches[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(revoked: bool, last: Option<u64>) -> Member {
        Member {
            device: Uuid::new_v4(),
            worker: Worker {
                id: Uuid::new_v4(),
                first_name: "Samira".into(),
                last_name: "Benali".into(),
                structure: String::new(),
                device: None,
            },
            age_recipient: "age1".into(),
            minisign_public_key: String::new(),
            fingerprint: String::new(),
            admitted_at: Utc::now(),
            revoked_at: revoked.then(Utc::now),
            last_seq: last,
        }
    }

    #[test]
    fn revoked_member_accepts_only_up_to_its_last_sequence() {
        assert!(member(false, None).accepts(99));
        let m = member(true, Some(4));
        assert!(m.accepts(4));
        assert!(!m.accepts(5));
        assert!(!member(true, None).accepts(1));
    }
}
