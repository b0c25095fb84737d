//! The household view's queries: the household list view model, the household page,
//! attached files (stored encrypted inside the base) and drafts kept across a lock.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::records::{HouseholdDetail, parse_uuid};
use super::{Store, StoreError, Tx};
use crate::domain::household_form::Deletable;
use crate::domain::model::*;

/// Largest file accepted as an attachment, in bytes (10 Mio): a scanned ID or a payslip
/// fits easily; a larger file would make every backup and packet heavier.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Key of the household view's draft in the drafts table.
pub const HOUSEHOLD_DRAFT_KEY: &str = "household";

/// A draft taken out of the base: its JSON (zeroized when dropped) and when it was saved.
pub type TakenDraft = (Zeroizing<String>, DateTime<Utc>);

/// One row of the household list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    /// Household.
    pub id: Uuid,
    /// Label ("Famille NOM").
    pub label: String,
    /// Commune where it lives today.
    pub commune: String,
    /// Current stage of its active case (or of its last case), empty without a case.
    pub stage: String,
    /// Position of the stage in its pathway (for sorting by progress).
    pub stage_order: usize,
    /// Référent·e.
    pub referent: String,
    /// Last note or past appointment.
    pub last_contact: Option<NaiveDate>,
    /// A consent is in force today.
    pub consent_ok: bool,
    /// Children whose enrolment at destination is still to do.
    pub enrolments_to_do: u32,
    /// Documents of the checklist still to provide.
    pub documents_missing: u32,
    /// The case has left the programme.
    pub exited: bool,
    /// Changed by an imported packet and not opened since (see `seen.rs`).
    pub changed_since_visit: bool,
}

/// What is known about an attached file without loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    /// Identifier.
    pub id: Uuid,
    /// The checklist item.
    pub document_id: Uuid,
    /// Original file name.
    pub file_name: String,
    /// Size in bytes.
    pub size_bytes: u64,
}

/// An attached file with its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// What is known about it.
    pub meta: AttachmentMeta,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a document's bytes.
        f.debug_struct("Attachment")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

/// One case with its history and programme, for the « Parcours » section.
#[derive(Debug, Clone, PartialEq)]
pub struct CasePath {
    /// The case.
    pub case: Case,
    /// Its programme (stage labels).
    pub programme: Option<Programme>,
    /// Stage history, oldest first.
    pub history: Vec<StageEvent>,
}

/// Everything the household page shows, loaded in one go after a command.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdPage {
    /// The household and its records.
    pub detail: HouseholdDetail,
    /// Cases with history.
    pub paths: Vec<CasePath>,
    /// Attendance records per appointment, oldest first.
    pub attendances: Vec<Attendance>,
    /// Employment follow-ups of the adults.
    pub follow_ups: Vec<EmploymentFollowUp>,
    /// Tutors of the adults.
    pub tutors: Vec<Tutor>,
    /// Attached files of the checklist.
    pub attachments: Vec<AttachmentMeta>,
    /// Label of each offer or unit a proposal points at.
    pub proposal_targets: HashMap<Uuid, String>,
    /// The partner directory (for consents given to one named partner), by name.
    pub partners: Vec<Partner>,
    /// The référent·e picker's names: the team's workers (and the household's own
    /// référent·e when typed before workers existed).
    pub referent_choices: Vec<String>,
    /// The worker using this base (empty when nobody said who): the author of new notes.
    pub worker_name: String,
    /// « Gel du dossier »: the freeze, if the household is frozen.
    pub freeze: Option<super::freeze::Freeze>,
}

fn parse_day(text: Option<String>) -> Option<NaiveDate> {
    let text = text?;
    let day = text.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

impl Store {
    /// The household list: one row per live household, ordered by label.
    pub fn household_rows(&self, today: NaiveDate) -> Result<Vec<HouseholdRow>, StoreError> {
        let conn = self.conn();
        let mut rows: Vec<HouseholdRow> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        {
            let mut stmt = conn.prepare_cached(
                "SELECT id, data ->> '$.label', data ->> '$.commune', data ->> '$.referent' \
                 FROM households INDEXED BY households_list WHERE deleted_at IS NULL",
            )?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let id: String = r.get(0)?;
                index.insert(id.clone(), rows.len());
                rows.push(HouseholdRow {
                    id: parse_uuid(&id)?,
                    label: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    commune: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    stage: String::new(),
                    stage_order: usize::MAX,
                    referent: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    last_contact: None,
                    consent_ok: false,
                    enrolments_to_do: 0,
                    documents_missing: 0,
                    exited: false,
                    changed_since_visit: false,
                });
            }
        }
        // Stage labels of every programme.
        let mut stages: HashMap<String, (String, usize)> = HashMap::new();
        for programme in self.list::<Programme>()? {
            for (i, s) in programme.stages.iter().enumerate() {
                stages.insert(s.id.to_string(), (s.label.clone(), i));
            }
        }
        {
            let mut stmt = conn.prepare_cached(
                "SELECT household_id, current_stage_id, data ->> '$.exit', \
                 data ->> '$.referent' FROM cases INDEXED BY cases_list WHERE deleted_at IS NULL",
            )?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let Some(&i) = index.get(&r.get::<_, String>(0)?) else {
                    continue;
                };
                let exited = r.get::<_, Option<String>>(2)?.as_deref() != Some("aucune");
                let row = &mut rows[i];
                // An active case wins over an exited one.
                if !row.stage.is_empty() && !row.exited && exited {
                    continue;
                }
                if let Some((label, order)) = r
                    .get::<_, Option<String>>(1)?
                    .and_then(|s| stages.get(&s).cloned())
                {
                    row.stage = label;
                    row.stage_order = order;
                }
                row.exited = exited;
                if row.referent.is_empty() {
                    row.referent = r.get::<_, Option<String>>(3)?.unwrap_or_default();
                }
            }
        }
        let now = self.now().to_rfc3339();
        for sql in [
            "SELECT household_id, max(data ->> '$.at') FROM notes \
             WHERE deleted_at IS NULL GROUP BY household_id",
            "SELECT household_id, max(data ->> '$.at') FROM appointments \
             WHERE deleted_at IS NULL AND household_id IS NOT NULL AND data ->> '$.at' <= ?1 \
             GROUP BY household_id",
        ] {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut q = if sql.contains("?1") {
                stmt.query([&now])?
            } else {
                stmt.query([])?
            };
            while let Some(r) = q.next()? {
                if let Some(&i) = index.get(&r.get::<_, String>(0)?) {
                    let day = parse_day(r.get(1)?);
                    rows[i].last_contact = rows[i].last_contact.max(day);
                }
            }
        }
        {
            let mut stmt = conn.prepare_cached(
                "SELECT household_id, data ->> '$.given_on', data ->> '$.expires_on', \
                 data ->> '$.withdrawn_on' FROM consents WHERE deleted_at IS NULL",
            )?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let Some(&i) = index.get(&r.get::<_, String>(0)?) else {
                    continue;
                };
                let given = parse_day(r.get(1)?);
                let expires = parse_day(r.get(2)?);
                let withdrawn = parse_day(r.get(3)?);
                let valid = given.is_some_and(|g| g <= today)
                    && withdrawn.is_none_or(|w| w > today)
                    && expires.is_none_or(|e| e >= today);
                rows[i].consent_ok |= valid;
            }
        }
        for id in self.changed_households()?.into_keys() {
            if let Some(&i) = index.get(&id.to_string()) {
                rows[i].changed_since_visit = true;
            }
        }
        for (sql, children) in [
            (
                "SELECT household_id, count(*) FROM children WHERE deleted_at IS NULL \
                 AND data ->> '$.enrolment' = 'a_faire' GROUP BY household_id",
                true,
            ),
            (
                "SELECT household_id, count(*) FROM document_items WHERE deleted_at IS NULL \
                 AND data ->> '$.status' != 'fourni' GROUP BY household_id",
                false,
            ),
        ] {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                if let Some(&i) = index.get(&r.get::<_, String>(0)?) {
                    let n = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
                    if children {
                        rows[i].enrolments_to_do = n;
                    } else {
                        rows[i].documents_missing = n;
                    }
                }
            }
        }
        rows.sort_by(|a, b| a.label.cmp(&b.label).then(a.id.cmp(&b.id)));
        Ok(rows)
    }

    /// Everything the household page shows.
    pub fn household_page(&self, id: Uuid) -> Result<HouseholdPage, StoreError> {
        let detail = self.household_detail(id)?;
        let mut paths = Vec::with_capacity(detail.cases.len());
        for case in &detail.cases {
            paths.push(CasePath {
                case: case.clone(),
                programme: self.find::<Programme>(case.programme_id)?,
                history: self.stage_history(case.id)?,
            });
        }
        let mut attendances = Vec::new();
        for a in &detail.appointments {
            attendances.extend(self.list_by::<Attendance>("appointment_id", a.id)?);
        }
        let mut follow_ups = Vec::new();
        let mut tutors = Vec::new();
        for adult in &detail.adults {
            follow_ups.extend(self.list_by::<EmploymentFollowUp>("adult_id", adult.id)?);
            tutors.extend(self.list_by::<Tutor>("adult_id", adult.id)?);
        }
        let mut attachments = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, document_id, file_name, size_bytes FROM attachments \
                 WHERE document_id = ?1 ORDER BY rowid",
            )?;
            for d in &detail.documents {
                let mut q = stmt.query([d.id.to_string()])?;
                while let Some(r) = q.next()? {
                    attachments.push(AttachmentMeta {
                        id: parse_uuid(&r.get::<_, String>(0)?)?,
                        document_id: parse_uuid(&r.get::<_, String>(1)?)?,
                        file_name: r.get(2)?,
                        size_bytes: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    });
                }
            }
        }
        let mut proposal_targets = HashMap::new();
        for p in &detail.proposals {
            if let Some(offer) = p
                .offer_id
                .and_then(|o| self.find::<JobOffer>(o).ok().flatten())
            {
                proposal_targets.insert(
                    offer.id,
                    format!(
                        "{} – {} ({})",
                        offer.title,
                        offer.commune,
                        offer.contract.label_fr()
                    ),
                );
            }
            if let Some(unit) = p
                .unit_id
                .and_then(|u| self.find::<HousingUnit>(u).ok().flatten())
            {
                proposal_targets.insert(
                    unit.id,
                    format!(
                        "{} {} – {}",
                        unit.typology.label_fr(),
                        unit.label,
                        unit.commune
                    ),
                );
            }
        }
        let mut partners = self.list::<Partner>()?;
        partners.sort_by(|a, b| a.organisation.cmp(&b.organisation));
        let referent_choices =
            crate::domain::worker::referent_choices(&self.workers()?, &detail.household.referent);
        let worker_name = self.current_worker_name()?.unwrap_or_default();
        Ok(HouseholdPage {
            freeze: self.freeze_of(id)?,
            partners,
            referent_choices,
            worker_name,
            detail,
            paths,
            attendances,
            follow_ups,
            tutors,
            attachments,
            proposal_targets,
        })
    }

    /// Attaches a file to a checklist item, in one transaction: the bytes go into the
    /// encrypted base and the item is marked « Fourni ». Refused above
    /// [`MAX_ATTACHMENT_BYTES`] with a French message saying what to do.
    pub fn attach_file(
        &mut self,
        document_id: Uuid,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Uuid, StoreError> {
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(StoreError::Invalid(format!(
                "ce fichier fait {:.1} Mio, au-delà de la limite de {} Mio par pièce. \
                 Réduisez-le (numérisation en niveaux de gris, PDF compressé) ou gardez \
                 seulement les pages utiles, puis réessayez. Fichier : {file_name}",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            )));
        }
        if bytes.is_empty() {
            return Err(StoreError::Invalid(format!(
                "ce fichier est vide : rien n'a été joint. Fichier : {file_name}"
            )));
        }
        let id = Uuid::new_v4();
        self.write(|tx| {
            let mut item: DocumentItem = tx.get(document_id)?;
            tx.sql().execute(
                "INSERT INTO attachments (id, document_id, file_name, size_bytes, bytes, added_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id.to_string(),
                    document_id.to_string(),
                    file_name,
                    i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    bytes,
                    tx.now().to_rfc3339()
                ],
            )?;
            item.attachment_id = Some(id);
            item.status = DocumentStatus::Fourni;
            tx.put(&item)?;
            tx.audit_on(
                "pièce jointe ajoutée",
                &[
                    super::audit::AuditObject::Household(item.household_id),
                    super::audit::AuditObject::Record(document_id),
                ],
                "",
            )?;
            Ok(id)
        })
    }

    /// An attached file with its bytes.
    pub fn attachment(&self, id: Uuid) -> Result<Attachment, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT document_id, file_name, size_bytes, bytes FROM attachments WHERE id = ?1",
                [id.to_string()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Vec<u8>>(3)?,
                    ))
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                table: "attachments",
                id,
            })?;
        Ok(Attachment {
            meta: AttachmentMeta {
                id,
                document_id: parse_uuid(&row.0)?,
                file_name: row.1,
                size_bytes: u64::try_from(row.2).unwrap_or(0),
            },
            bytes: row.3,
        })
    }

    /// Writes a copy of an attached file to `path`, outside the base, and returns its size
    /// in bytes. The copy is NOT encrypted: the view says so before the worker chooses
    /// where it goes. An existing file is replaced only with `overwrite` (the native save
    /// dialog has asked already); on Unix the copy is readable by its owner only.
    pub fn save_attachment_copy(
        &self,
        attachment_id: Uuid,
        path: &std::path::Path,
        overwrite: bool,
    ) -> Result<u64, StoreError> {
        let attachment = self.attachment(attachment_id)?;
        let bytes = Zeroizing::new(attachment.bytes);
        let what = "enregistrement d'une copie de pièce jointe".to_owned();
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        if overwrite {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Invalid(
                    "un fichier existe déjà à cet emplacement : choisissez un autre nom, \
                     Passerelle ne l'écrase pas."
                        .to_owned(),
                )
            } else {
                StoreError::Io {
                    what: what.clone(),
                    source,
                }
            }
        })?;
        std::io::Write::write_all(&mut file, &bytes)
            .and_then(|()| file.sync_all())
            .map_err(|source| StoreError::Io { what, source })?;
        Ok(bytes.len() as u64)
    }

    /// Keeps a draft (a form being edited) inside the encrypted base, replacing the
    /// previous one under `key`.
    pub fn save_draft(&mut self, key: &str, data: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.sql().execute(
                "INSERT INTO drafts (key, data, saved_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(key) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
                params![key, data, tx.now().to_rfc3339()],
            )?;
            Ok(())
        })
    }

    /// Takes the draft kept under `key` out of the base (read and deleted in one
    /// transaction), with the time it was saved.
    pub fn take_draft(&mut self, key: &str) -> Result<Option<TakenDraft>, StoreError> {
        self.write(|tx| {
            let row: Option<(String, String)> = tx
                .sql()
                .query_row(
                    "SELECT data, saved_at FROM drafts WHERE key = ?1",
                    [key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((data, saved_at)) = row else {
                return Ok(None);
            };
            tx.sql()
                .execute("DELETE FROM drafts WHERE key = ?1", [key])?;
            let saved_at = DateTime::parse_from_rfc3339(&saved_at)
                .map_or_else(|_| tx.now(), |t| t.with_timezone(&Utc));
            Ok(Some((Zeroizing::new(data), saved_at)))
        })
    }
}

impl Tx<'_> {
    /// Deletes a record of the household page as a tombstone, after the rules that keep
    /// the page whole: an adult followed in employment or with a tutor, and an
    /// appointment whose attendance was recorded (it happened), stay.
    pub fn delete_household_record(&self, record: Deletable) -> Result<(), StoreError> {
        match record {
            Deletable::Adult(id) => {
                let follow_ups = self.list_by::<EmploymentFollowUp>("adult_id", id)?;
                let tutors = self.list_by::<Tutor>("adult_id", id)?;
                if !follow_ups.is_empty() || !tutors.is_empty() {
                    return Err(StoreError::Invalid(
                        "cet adulte a des points de suivi dans l'emploi ou un tuteur : \
                         supprimez-les d'abord (onglets « Parcours » et « Adultes »)."
                            .to_owned(),
                    ));
                }
                self.delete::<Adult>(id)
            }
            Deletable::Child(id) => self.delete::<Child>(id),
            Deletable::Appointment(id) => {
                if !self.list_by::<Attendance>("appointment_id", id)?.is_empty() {
                    return Err(StoreError::Invalid(
                        "la présence a été notée pour ce rendez-vous : il a eu lieu et reste \
                         dans l'historique."
                            .to_owned(),
                    ));
                }
                self.delete::<Appointment>(id)
            }
            Deletable::Consent(id) => self.delete::<Consent>(id),
            Deletable::FollowUp(id) => self.delete::<EmploymentFollowUp>(id),
            Deletable::Tutor(id) => self.delete::<Tutor>(id),
        }
    }
}
