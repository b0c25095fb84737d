//! Building a packet for its recipients (DESIGN.md §5): who it is for (pinned partners of
//! one role, or a passphrase), the consent check per household, the records collected and
//! redacted for the role (a funder's ids pseudonymised, a linked employer or landlord
//! restricted to its own offers or units), then the manifest, its signature, the archive,
//! the envelope, the export log and the audit entry.
//!
//! The [`Audience`] rule is also what a sender may change on import (see `scope`): a
//! partner changes what it receives.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use serde_json::{Map, Value};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::encryption::encrypt;
use super::identity::identity;
use super::wire::{MANIFEST, RECORDS, SIGNATURE, WireLine, build_archive};
use super::{
    FORMAT_NAME, FORMAT_VERSION, Manifest, PacketError, Recipient, RecordLine, Sender, crypto,
    sha256_hex,
};
use crate::domain::merge::StampedData;
use crate::domain::model::{
    Adult, Appointment, Attendance, Case, Child, Consent, DocumentItem, Employer,
    EmploymentFollowUp, Household, HousingUnit, JobOffer, Landlord, Note, Partner, PartnerRole,
    Programme, Proposal, RelayStay, StageEvent, Tutor,
};
use crate::domain::record::{Stamped, Stamps};
use crate::exchange::redact;
use crate::store::audit::AuditObject;
use crate::store::records::Stored;
use crate::store::{SCHEMA_VERSION, Store, StoreError};

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
pub(super) struct Audience {
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
    pub(super) fn row_allowed(&self, table: &str, data: &Map<String, Value>) -> bool {
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
                table: R::TABLE.to_owned(),
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
                table: R::TABLE.to_owned(),
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

/// The sender as an audience: its role and, when it is linked to its employer or
/// landlord record, its own offers or units (what it may change, as what it receives).
pub(super) fn sender_audience(store: &Store, sender: &Partner) -> Result<Audience, PacketError> {
    let (own_offers, own_units) = owned(store, sender.role, std::slice::from_ref(sender))?;
    Ok(Audience {
        role: sender.role,
        include_notes: true,
        pseudonyms: None,
        own_offers,
        own_units,
    })
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
                    "phrase de passe".to_owned()
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
/// packet under the final name (see [`crate::exchange::output::write_export`]).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), PacketError> {
    crate::exchange::output::write_export(path, bytes, true).map_err(|e| {
        let source = match e {
            crate::exchange::output::OutputError::Io { source, .. } => source,
            crate::exchange::output::OutputError::Exists(_) => {
                std::io::Error::from(std::io::ErrorKind::AlreadyExists)
            }
        };
        PacketError::Store(StoreError::Io {
            what: "écriture du paquet".into(),
            source,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_passphrase_has_the_apps_minimum() {
        assert_eq!(MIN_PACKET_PASSPHRASE_CHARS, crate::ui::MIN_PASSPHRASE_CHARS);
    }
}
