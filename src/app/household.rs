//! Household commands, applied after the frame: open a page, save a form in one
//! transaction, run the search when its text changed, and keep the open form across a lock.
//!
//! Drafts and the lock: just before the store is dropped, the form being edited is written
//! into the `drafts` table of the encrypted base (never to a plaintext file), then read and
//! deleted right after the next unlock, and the page reopens on it. If the base is in a
//! worker's hands at that moment, the draft waits in zeroized memory instead.

pub(super) mod files;

use crate::store::audit::AuditObject;
use chrono::{FixedOffset, Local, Offset};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::section::{Cx, Then};
use super::tasks::{TaskDone, TaskKind};
use super::{App, Screen};
use crate::command::Section;
use crate::command::household::HouseholdCommand;
use crate::domain::household_form::{Deletable, Draft, FieldErrors};
use crate::domain::model::*;
use crate::domain::programme::DEFAULT_PROGRAMME_ID;
use crate::domain::text::count;
use crate::ui::household_list::ListRows;
use std::path::PathBuf;

use crate::exchange::fiche::{self, FicheFor};
use crate::exchange::output::write_export;
use crate::store::household::{HOUSEHOLD_DRAFT_KEY, HouseholdPage, MAX_ATTACHMENT_BYTES};
use crate::store::records::HouseholdDetail;
use crate::store::{Store, StoreError};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::household::text;
use crate::ui::household::{Editing, FicheForm, HouseholdsView, PageSection, PageView};
use crate::ui::shell::Message;

/// How many search results the overlay shows.
const SEARCH_LIMIT: usize = 30;

/// The draft as kept in the base: the form and the section it was on.
#[derive(serde::Serialize, serde::Deserialize)]
struct ParkedDraft {
    draft: Draft,
    original: Draft,
}

/// The local time zone's offset now (the forms show appointment times in local time).
fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

/// Applies one household command.
pub(super) fn apply(view: &mut HouseholdsView, command: HouseholdCommand, cx: &mut Cx<'_>) {
    match command {
        HouseholdCommand::Open(id) => open(view, id, None, cx),
        HouseholdCommand::ShowList => {
            cx.then.push(Then::Show(Section::Menages));
            view.page = None;
            view.list_due = true;
        }
        HouseholdCommand::RefreshList => view.list_due = true,
        HouseholdCommand::NewHousehold => new_household(view, cx),
        HouseholdCommand::Save(draft) => save_draft(view, *draft, cx),
        HouseholdCommand::Delete(record) => delete_record(view, record, cx),
        HouseholdCommand::AttachFile { document_id, path } => {
            let result = attach(cx, document_id, &path);
            after_write(view, result, text::FICHIER_JOINT_CHIFFRE_DANS_LA_BASE, cx);
        }
        HouseholdCommand::OpenFiche => open_fiche(view),
        HouseholdCommand::Freeze { household, reason } => {
            let result = match cx.store_mut() {
                Some(store) => store.write(|tx| tx.freeze_household(household, &reason)),
                None => return,
            };
            match result {
                Ok(()) => after_write(view, Ok(()), text::DOSSIER_GELE_IL_NE_PEUT_PLUS, cx),
                Err(e) => {
                    // The dialog stays open with the reason typed, and says why.
                    if let Some(form) = view.page.as_mut().and_then(|p| p.freeze_form.as_mut()) {
                        form.error = Some(e.to_string());
                    }
                }
            }
        }
        HouseholdCommand::PersonAccess { person, folder } => {
            let result = match cx.store_mut() {
                Some(store) => crate::exchange::access::write_access(store, person, &folder),
                None => return,
            };
            let Some(page) = view.page.as_mut() else {
                return;
            };
            match result {
                Ok((pdf, json)) => {
                    page.access_form = None;
                    page.message = Some(Message::success(
                        text::donnees_ecrites_pdf_et_json_ces_fichiers(
                            pdf.display(),
                            json.display(),
                        ),
                    ));
                }
                Err(e) => {
                    if let Some(form) = page.access_form.as_mut() {
                        form.error = Some(text::rien_n_a_ete_ecrit_e(&e));
                    }
                }
            }
        }
        HouseholdCommand::EraseHousehold(household) => erase_household(view, household, cx),
        HouseholdCommand::ErasePerson(person) => erase_person(view, person, cx),
        HouseholdCommand::Unfreeze(household) => {
            let result = match cx.store_mut() {
                Some(store) => store.write(|tx| tx.unfreeze_household(household)),
                None => return,
            };
            after_write(view, result, text::DOSSIER_DEGELE_IL_PEUT_DE_NOUVEAU, cx);
        }
        HouseholdCommand::SaveFiche {
            role,
            partner,
            path,
        } => save_fiche(view, role, partner, path, cx),
        HouseholdCommand::PickAttachment { document_id } => {
            files::pick_attachment(view, document_id, cx);
        }
        HouseholdCommand::SaveAttachmentCopy {
            attachment_id,
            path,
        } => files::save_attachment_copy(view, attachment_id, path, cx),
        HouseholdCommand::OpenSearch => {
            view.search.open = true;
            view.search.focus_requested = true;
        }
    }
}

/// « Effacer définitivement ce ménage » (issue 14): through the one erasure path
/// (audited with the id only, refused if frozen); then back to the list.
fn erase_household(view: &mut HouseholdsView, household: Uuid, cx: &mut Cx<'_>) {
    let result = match cx.store_mut() {
        Some(store) => store.erase_households(&[household]),
        None => return,
    };
    match result {
        Ok(erased) => {
            // The list and the board show it no more.
            cx.then.push(Then::Show(Section::Menages));
            view.page = None;
            view.list_due = true;
            view.list_notice = Some(Message::success(
                text::menage_efface_pour_de_bon_fiches_jointes(
                    count(erased.records, "fiche", "fiches"),
                    count(erased.attachments, text::PIECE_JOINTE, text::PIECES_JOINTES),
                ),
            ));
        }
        Err(e) => erase_refused(view, &e),
    }
}

/// « Effacer cette personne » (issue 14): the page stays, without them.
fn erase_person(view: &mut HouseholdsView, person: Uuid, cx: &mut Cx<'_>) {
    let result = match cx.store_mut() {
        Some(store) => store.erase_person(person),
        None => return,
    };
    match result {
        Ok(erased) => {
            let household = view.page.as_ref().map(|p| p.data.detail.household.id);
            if let Some(id) = household {
                open(view, id, None, cx);
            }
            if let Some(page) = view.page.as_mut() {
                page.erase_form = None;
                page.message = Some(Message::success(text::personne_effacee_pour_de_bon_fiches(
                    count(erased.records, "fiche", "fiches"),
                    count(erased.attachments, text::PIECE_JOINTE, text::PIECES_JOINTES),
                )));
            }
        }
        Err(e) => erase_refused(view, &e),
    }
}

/// The dialog stays open and says why nothing was erased.
fn erase_refused(view: &mut HouseholdsView, e: &StoreError) {
    if let Some(form) = view.page.as_mut().and_then(|p| p.erase_form.as_mut()) {
        form.error = Some(e.to_string());
    }
}

/// Opens a household's page in the « Ménages » section (from the list, the search,
/// the kanban…), optionally on a section.
pub(super) fn open(
    h: &mut HouseholdsView,
    id: Uuid,
    section: Option<PageSection>,
    cx: &mut Cx<'_>,
) {
    let today = cx.today();
    // A reload of the page already open (after a save) is no new access.
    let reopened = h
        .page
        .as_ref()
        .is_some_and(|p| p.data.detail.household.id == id);
    let loaded = match cx.store_mut() {
        Some(store) => {
            let loaded = store.household_page(id);
            if loaded.is_ok() && !reopened {
                // Best effort: a base that cannot be written still shows the page.
                let _ = store.audit_consulted(text::FOYER_OUVERT, &[AuditObject::Household(id)]);
            }
            loaded
        }
        None => return,
    };
    cx.then.push(Then::Show(Section::Menages));
    h.search.open = false;
    h.native_file_dialog = super::native_dialog::native_file_dialog_available();
    h.today = today;
    h.offset = local_offset();
    match loaded {
        Ok(data) => {
            let keep_section = h
                .page
                .as_ref()
                .filter(|p| p.data.detail.household.id == id)
                .map(|p| p.section);
            h.page = Some(PageView::new(
                data,
                section.or(keep_section).unwrap_or_default(),
            ));
            // Its « modifié depuis votre dernière visite » mark is said once, then goes.
            super::exchange::household_opened(h, id, cx);
        }
        Err(e) => {
            h.list_message = Some(text::ce_menage_n_a_pas_pu_etre_ouvert(&e));
            h.page = None;
        }
    }
}

/// A page for a household not yet in the base, with its form open.
fn new_household(h: &mut HouseholdsView, cx: &mut Cx<'_>) {
    // The worker using this base follows the households she creates, until she picks
    // a colleague.
    let (referent, workers) = match cx.store() {
        Some(store) => (
            store
                .current_worker_name()
                .ok()
                .flatten()
                .unwrap_or_default(),
            store.workers().unwrap_or_default(),
        ),
        None => (String::new(), Vec::new()),
    };
    let household = Household {
        id: Uuid::new_v4(),
        label: String::new(),
        housing_situation: HousingSituation::HotelSocial,
        commune: String::new(),
        housing_demand: HousingDemand::default(),
        resources: Vec::new(),
        barriers: Default::default(),
        referent: referent.clone(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    };
    h.today = cx.today();
    cx.then.push(Then::Show(Section::Menages));
    h.offset = local_offset();
    h.native_file_dialog = super::native_dialog::native_file_dialog_available();
    let mut data = empty_page(household.clone());
    data.referent_choices = crate::domain::worker::referent_choices(&workers, &referent);
    data.worker_name = referent.clone();
    let mut page = PageView::new(data, PageSection::Menage);
    page.is_new = true;
    page.start(Draft::Household(
        crate::domain::household_form::HouseholdForm::from_record(&household),
    ));
    h.page = Some(page);
}

/// Validates and writes the form in one transaction, then reloads the page.
fn save_draft(view: &mut HouseholdsView, draft: Draft, cx: &mut Cx<'_>) {
    let Some(store) = cx.store.as_mut() else {
        return;
    };
    let today = store.now().date_naive();
    let offset = local_offset();
    let is_new = view.page.as_ref().is_some_and(|p| p.is_new);
    let result: Result<Result<&'static str, FieldErrors>, StoreError> = match &draft {
        Draft::Household(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(h) => store
                .write(|tx| {
                    tx.put(&h)?;
                    if is_new {
                        open_case(tx, &h)?;
                    } else {
                        follow_referent(tx, &h)?;
                    }
                    Ok(())
                })
                .map(|()| Ok(text::MENAGE_ENREGISTRE)),
        },
        Draft::Adult(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(a) => store
                .write(|tx| tx.put(&a).map(|_| ()))
                .map(|()| Ok(text::ADULTE_ENREGISTRE)),
        },
        Draft::Child(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(c) => store
                .write(|tx| tx.put(&c).map(|_| ()))
                .map(|()| Ok(text::ENFANT_ENREGISTRE)),
        },
        Draft::Note(form) => match form.to_record(store.now()) {
            Err(e) => Ok(Err(e)),
            Ok(n) => store
                .write(|tx| tx.put(&n).map(|_| ()))
                .map(|()| Ok(text::NOTE_AJOUTEE_AU_JOURNAL)),
        },
        Draft::Appointment(form) => match form.to_record(today, offset) {
            Err(e) => Ok(Err(e)),
            Ok(a) => {
                let before = view
                    .page
                    .as_ref()
                    .map(|p| p.attendance_of(a.id))
                    .unwrap_or_default();
                store
                    .write(|tx| {
                        tx.put(&a)?;
                        // Attendance is immutable: a change is a new record.
                        for (adult_id, _, status) in &form.attendance {
                            let old = before
                                .iter()
                                .find(|(id, _, _)| id == adult_id)
                                .and_then(|(_, _, s)| *s);
                            if let Some(status) = status
                                && old != Some(*status)
                            {
                                tx.put(&Attendance {
                                    by: tx.worker_name()?,
                                    id: Uuid::new_v4(),
                                    appointment_id: a.id,
                                    adult_id: *adult_id,
                                    status: *status,
                                })?;
                            }
                        }
                        Ok(())
                    })
                    .map(|()| Ok(text::RENDEZ_VOUS_ENREGISTRE))
            }
        },
        Draft::Document(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(d) => {
                let saved = store.write(|tx| tx.put(&d).map(|_| ()));
                let path = form.attach_path.trim();
                match saved {
                    Ok(()) if !path.is_empty() => {
                        let attached = attach_file(store, d.id, std::path::Path::new(path));
                        attached.map(|()| Ok(text::PIECE_ENREGISTREE_FICHIER_JOINT_ET_CHIFFRE))
                    }
                    other => other.map(|()| Ok(text::PIECE_ENREGISTREE)),
                }
            }
        },
        Draft::Consent(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(c) => store
                .write(|tx| tx.put(&c).map(|_| ()))
                .map(|()| Ok(text::CONSENTEMENT_ENREGISTRE)),
        },
        Draft::FollowUp(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(f) => store
                .write(|tx| tx.put(&f).map(|_| ()))
                .map(|()| Ok(text::POINT_DE_SUIVI_DANS_L_EMPLOI)),
        },
        Draft::Tutor(form) => match form.to_record(today) {
            Err(e) => Ok(Err(e)),
            Ok(t) => store
                .write(|tx| tx.put(&t).map(|_| ()))
                .map(|()| Ok(text::TUTEUR_OU_TUTRICE_ENREGISTRE_E)),
        },
    };
    let household_id = draft.household_id();
    match result {
        Ok(Ok(message)) => {
            open(view, household_id, None, cx);
            cx.then.push(Then::CardsChanged(household_id));
            view.list_due = true;
            if let Some(page) = &mut view.page {
                page.message = Some(Message::success(message));
            }
        }
        Ok(Err(errors)) => show_form_errors(view, draft, errors),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.0.push(("_".to_owned(), e.to_string()));
            show_form_errors(view, draft, errors);
        }
    }
}

fn show_form_errors(view: &mut HouseholdsView, draft: Draft, errors: FieldErrors) {
    if let Some(page) = &mut view.page {
        match &mut page.editing {
            Some(editing) => {
                editing.draft = draft;
                editing.errors = errors;
            }
            None => {
                let mut editing = Editing::new(draft.clone());
                editing.errors = errors;
                page.editing = Some(editing);
            }
        }
    }
}

/// Reads a file (refusing a too large one before reading it) and attaches it.
fn attach(cx: &mut Cx<'_>, document_id: Uuid, path: &std::path::Path) -> Result<(), StoreError> {
    match cx.store_mut() {
        Some(store) => attach_file(store, document_id, path),
        None => Ok(()),
    }
}

/// Reads a file (refusing a too large one before reading it) and attaches it.
fn attach_file(
    store: &mut Store,
    document_id: Uuid,
    path: &std::path::Path,
) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable =
        |e: std::io::Error| StoreError::Invalid(text::le_fichier_n_a_pas_pu_etre_lu(&e, &name));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_ATTACHMENT_BYTES as u64 {
        // Refused with the store's message, without reading 1 Gio into memory.
        return store
            .attach_file(document_id, &name, &vec![0; MAX_ATTACHMENT_BYTES + 1])
            .map(|_| ());
    }
    let bytes = Zeroizing::new(std::fs::read(path).map_err(unreadable)?);
    store.attach_file(document_id, &name, &bytes).map(|_| ())
}

/// Reloads the open page after a write and says how it went.
fn after_write(
    view: &mut HouseholdsView,
    result: Result<(), StoreError>,
    success: &str,
    cx: &mut Cx<'_>,
) {
    let household = view.page.as_ref().map(|p| p.data.detail.household.id);
    if let Some(id) = household {
        open(view, id, None, cx);
    }
    if let Some(page) = &mut view.page {
        page.message = Some(match result {
            Ok(()) => Message::success(success),
            Err(e) => Message::error(e.to_string()),
        });
    }
}

/// Opens the « Fiche de liaison (PDF) » panel with the in-app chooser (save mode).
fn open_fiche(view: &mut HouseholdsView) {
    let Some(page) = view.page.as_mut() else {
        return;
    };
    let name = format!(
        "fiche-de-liaison-{}.pdf",
        slug(&page.data.detail.household.label)
    );
    page.fiche = Some(FicheForm {
        role: PartnerRole::Accompagnement,
        partner: None,
        chooser: FileChooser::new(
            text::OU_ENREGISTRER_LA_FICHE_CLE_USB,
            ChooserMode::Save,
            None,
            &["pdf"],
            &name,
        ),
    });
}

/// Writes the open household's fiche de liaison on a named thread (a PDF of the
/// page as loaded, redacted for `role`), never over an existing file.
fn save_fiche(
    view: &mut HouseholdsView,
    role: PartnerRole,
    partner: Option<Uuid>,
    path: PathBuf,
    cx: &mut Cx<'_>,
) {
    let today = cx.today();
    let sender = cx
        .store()
        .and_then(|s| s.exchange_identity().ok().flatten())
        .map_or_else(
            || text::NOTRE_STRUCTURE.to_owned(),
            |i| i.organisation.clone(),
        );
    // A funder's fiche names the household as its packets do (keyed pseudonym).
    let funder = view
        .page
        .as_ref()
        .and_then(|page| {
            let p = page.data.partners.iter().find(|p| Some(p.id) == partner)?;
            (p.role == PartnerRole::Financeur).then(|| (p.clone(), page.data.detail.household.id))
        })
        .and_then(|(p, h)| {
            let s = cx.store()?;
            let map = crate::exchange::packet::funder_pseudonyms(s, Some(&p)).ok()?;
            Some(map.label(h))
        });
    let offset = view.offset;
    let Some(page) = view.page.as_mut() else {
        return;
    };
    // The same rule as a packet: a partner of the directory gets the fiche of its
    // pinned role, and only with a consent covering it (or, for no partner, the role).
    let chosen = partner.and_then(|id| page.data.partners.iter().find(|p| p.id == id));
    if let Some(p) = chosen
        && let Some(at) = p.trust.revoked_at
    {
        page.message = Some(Message::error(
            text::la_fiche_n_a_pas_ete_ecrite_organisation(&p.organisation, at.format("%d/%m/%Y")),
        ));
        return;
    }
    let role = chosen.map_or(role, |p| p.role);
    let recipients: Vec<Partner> = chosen.cloned().into_iter().collect();
    if !crate::exchange::packet::consent_covers(
        &page.data.detail.consents,
        &recipients,
        role,
        today,
    ) {
        page.message = Some(Message::error(text::la_fiche_n_a_pas_ete_ecrite_le(
            match chosen {
                Some(p) => format!("{} ({})", p.organisation, p.role.label_fr()),
                None => text::le_role_role(role.label_fr()),
            },
        )));
        return;
    }
    let audit = text::menage_id_pdf_ecrit_hors_de_la_base(
        page.data.detail.household.id,
        role.label_fr(),
        partner.map_or_else(
            || text::SANS_PARTENAIRE_EPINGLE.to_owned(),
            |p| p.to_string(),
        ),
    );
    let data = page.data.clone();
    let household = data.detail.household.id;
    let spawned = cx.tasks.spawn(TaskKind::Fiche, move || {
        let recipient = partner
            .and_then(|id| data.partners.iter().find(|p| p.id == id))
            .map(|p| p.organisation.clone());
        let fiche = fiche::build(
            &data,
            FicheFor {
                role,
                recipient: recipient.as_deref(),
                pseudonym: funder.as_deref(),
                sender: &sender,
                today,
                offset,
            },
        );
        let written = fiche
            .to_pdf()
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_export(&path, &bytes, false).map_err(|e| e.to_string()))
            .map(|()| (household, path, audit));
        TaskDone::Fiche(written)
    });
    let Some(page) = view.page.as_mut() else {
        return;
    };
    match spawned {
        Ok(()) => page.fiche_writing = true,
        Err(_) => {
            page.message = Some(Message::error(text::LA_FICHE_N_A_PAS_PU));
        }
    }
}

/// The fiche written (or not) on its thread: said on the page, and the disclosure
/// written to the access log even if the page was closed meanwhile.
pub(super) fn fiche_written(
    view: Option<&mut HouseholdsView>,
    written: Result<(Uuid, PathBuf, String), String>,
    cx: &mut Cx<'_>,
) {
    if let Ok((household, _, detail)) = &written
        && let Some(store) = cx.store_mut()
    {
        // Who received what, without names: ids are enough to trace it.
        let _ = store.audit_now(
            text::FICHE_DE_LIAISON,
            &[AuditObject::Household(*household)],
            detail,
        );
    }
    let Some(page) = view.and_then(|v| v.page.as_mut()) else {
        return;
    };
    // Said on the page of the household it was written for (another one may be open
    // now); a fiche that died is said on the page shown.
    if let Ok((household, _, _)) = &written
        && *household != page.data.detail.household.id
    {
        return;
    }
    page.fiche_writing = false;
    page.message = Some(match &written {
        Ok((_, path, _)) => {
            Message::success(text::fiche_de_liaison_enregistree_path(path.display()))
        }
        Err(e) => Message::error(text::la_fiche_n_a_pas_ete_enregistree_e(e)),
    });
}

/// Deletes a record of the open page (confirmed in its form) in one transaction; the
/// page reloads on the same tab. A refusal keeps the form open and says why.
fn delete_record(view: &mut HouseholdsView, record: Deletable, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    let result = store.write(|tx| tx.delete_household_record(record));
    let Some(page) = view.page.as_mut() else {
        return;
    };
    let (household, section) = (page.data.detail.household.id, page.section);
    match result {
        Ok(()) => {
            open(view, household, Some(section), cx);
            cx.then.push(Then::CardsChanged(household));
            view.list_due = true;
            if let Some(page) = &mut view.page {
                page.message = Some(Message::success(record.done_fr()));
            }
        }
        Err(e) => {
            if let Some(editing) = &mut page.editing {
                editing.confirm_delete = false;
            }
            page.message = Some(Message::error(text::rien_n_a_ete_supprime_e(&e)));
        }
    }
}

/// The household list read on its thread, or why it could not be.
pub(super) fn list_read(h: &mut HouseholdsView, rows: Result<ListRows, String>) {
    h.list_loading = false;
    match rows {
        Ok(rows) => h.set_prepared(rows),
        Err(message) => {
            h.set_rows(Vec::new());
            h.list_message = Some(message);
        }
    }
}

/// The reading thread could not open the base, or died: said, not retried at every
/// frame; « Ménages » again retries.
pub(super) fn list_died(h: &mut HouseholdsView) {
    h.list_loading = false;
    if h.list.is_none() {
        h.set_rows(Vec::new());
    }
    h.list_message = Some(text::LA_LISTE_DES_MENAGES_N_A.to_owned());
}

/// After the commands of a frame: load the list if it is due (on a background
/// thread: 155 ms at 14,000 households), run the search if its text changed (about
/// half a millisecond on 50,000 persons, never inside drawing).
pub(super) fn after_frame(h: &mut HouseholdsView, shown: bool, cx: &mut Cx<'_>) {
    let today = cx.today();
    let Some(store) = cx.store.as_ref() else {
        return;
    };
    if shown && h.page.is_none() && (h.list_due || h.list.is_none()) && !h.list_loading {
        h.list_due = false;
        h.today = today;
        let sort = h.table.sort;
        // On a thread: 155 ms at 14,000 households, folded and sorted there too.
        h.list_loading = true;
        cx.tasks
            .read(TaskKind::HouseholdList, store, move |s: &Store| {
                TaskDone::HouseholdList(
                    s.household_rows(today)
                        .map(|rows| ListRows::prepare(rows, sort))
                        .map_err(|e| text::la_liste_n_a_pas_pu_etre_chargee(&e)),
                )
            });
    }
    let search = &mut h.search;
    if search.open && search.query != search.ran_query {
        search.ran_query = search.query.clone();
        search.selected = 0;
        match store.search(&search.query, SEARCH_LIMIT) {
            Ok(hits) => {
                search.results = hits;
                search.error = None;
            }
            Err(e) => {
                search.results.clear();
                search.error = Some(text::la_recherche_a_echoue_e(&e));
            }
        }
    }
}

impl App {
    /// Just before a lock: keeps the form being edited inside the encrypted base.
    pub(super) fn park_household_draft(&mut self) {
        let Screen::Main(view) = &self.screen else {
            return;
        };
        let Some(editing) = view
            .households
            .page
            .as_ref()
            .and_then(|p| p.editing.as_ref())
        else {
            return;
        };
        let parked = ParkedDraft {
            draft: editing.draft.clone(),
            original: editing.original.clone(),
        };
        let Ok(json) = serde_json::to_string(&parked).map(Zeroizing::new) else {
            return;
        };
        let saved = match &mut self.store {
            Some(store) => store.save_draft(HOUSEHOLD_DRAFT_KEY, &json).is_ok(),
            None => false,
        };
        if !saved {
            // The base is lent to a worker (or the write failed): keep it in memory,
            // zeroized when dropped, until the next unlock.
            self.household_draft = Some(json);
        }
    }

    /// Right after an unlock: reopens the form that was being edited when the app locked.
    pub(super) fn restore_household_draft(&mut self) {
        let from_base = match &mut self.store {
            Some(store) => store.take_draft(HOUSEHOLD_DRAFT_KEY).ok().flatten(),
            None => None,
        };
        let Some(json) = from_base
            .map(|(json, _)| json)
            .or(self.household_draft.take())
        else {
            return;
        };
        let Ok(parked) = serde_json::from_str::<ParkedDraft>(&json) else {
            return;
        };
        self.in_households(|view, cx| restore(view, parked, cx));
    }
}

/// Reopens a parked form on its household's page (a new page for a household that was
/// being created), and says it was found again.
fn restore(view: &mut HouseholdsView, parked: ParkedDraft, cx: &mut Cx<'_>) {
    let id = parked.draft.household_id();
    let section = PageSection::of(&parked.draft);
    open(view, id, Some(section), cx);
    if view.page.is_none() {
        // A household that was being created: not in the base yet.
        let Draft::Household(form) = &parked.draft else {
            return;
        };
        new_household(view, cx);
        if let Some(page) = &mut view.page {
            page.data.detail.household = form.base.clone();
        }
    }
    if let Some(page) = &mut view.page {
        let mut editing = Editing::new(parked.original);
        editing.draft = parked.draft;
        page.editing = Some(editing);
        page.message = Some(Message::success(text::VOTRE_SAISIE_EN_COURS_A_ETE));
    }
}

/// Opens the new household's case in the default programme, at its first stage.
fn open_case(tx: &crate::store::Tx<'_>, h: &Household) -> Result<(), StoreError> {
    let programme = match tx.find::<Programme>(DEFAULT_PROGRAMME_ID)? {
        Some(p) => p,
        None => match tx.list::<Programme>()?.into_iter().next() {
            Some(p) => p,
            None => {
                let p = crate::domain::programme::default_programme();
                tx.put(&p)?;
                p
            }
        },
    };
    // A programme without an active stage: the household is created without a case.
    let opening = CaseOpening {
        household_id: h.id,
        referent: h.referent.clone(),
        origin: h.origin.clone(),
        opened_on: tx.today(),
        at: tx.now(),
        by: worker_or(tx, &h.referent)?,
        comment: text::MENAGE_CREE_DANS_PASSERELLE.to_owned(),
    };
    if let Some((case, event)) = Case::open(&programme, opening) {
        tx.put(&case)?;
        tx.put(&event)?;
    }
    Ok(())
}

/// The worker using this base, or `fallback` when nobody said who yet.
fn worker_or(tx: &crate::store::Tx<'_>, fallback: &str) -> Result<String, StoreError> {
    let name = tx.worker_name()?;
    Ok(if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    })
}

/// The household's cases follow its référent·e, so the board, the list, the page and
/// the history name the same person (a case created from the board kept the name of
/// its creation while the household page showed another).
fn follow_referent(tx: &crate::store::Tx<'_>, h: &Household) -> Result<(), StoreError> {
    for mut case in tx.list_by::<Case>("household_id", h.id)? {
        if case.referent != h.referent {
            case.referent = h.referent.clone();
            tx.put(&case)?;
        }
    }
    Ok(())
}

/// A page with nothing but the household (a new one, not yet saved).
fn empty_page(household: Household) -> HouseholdPage {
    HouseholdPage {
        detail: HouseholdDetail {
            household,
            adults: Vec::new(),
            children: Vec::new(),
            cases: Vec::new(),
            notes: Vec::new(),
            documents: Vec::new(),
            consents: Vec::new(),
            proposals: Vec::new(),
            appointments: Vec::new(),
            relay_stays: Vec::new(),
        },
        paths: Vec::new(),
        partners: Vec::new(),
        referent_choices: Vec::new(),
        worker_name: String::new(),
        attendances: Vec::new(),
        follow_ups: Vec::new(),
        tutors: Vec::new(),
        attachments: Vec::new(),
        proposal_targets: Default::default(),
        freeze: None,
    }
}

/// A file-name-friendly form of a label: letters and digits, dashes between words.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "menage".to_owned()
    } else {
        out
    }
}
