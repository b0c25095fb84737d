//! The household page: Ménage, Adultes, Enfants et scolarité, Parcours, Rendez-vous,
//! Journal, Pièces, Consentements; one form open at a time, saved explicitly.
//!
//! Saving: explicit (button or Enter; Ctrl+Entrée in a note), Échap cancels; cancelling
//! changed fields asks a second Échap (or the « Abandonner » button) so nothing typed is
//! lost by a stray key. Leaving the section keeps the form as it is, and an automatic
//! lock parks it encrypted in the base (see `app/household.rs`).
//!
//! This file holds the views the app fills ([`HouseholdsView`], [`PageView`], [`Editing`])
//! and the entry [`households_ui`]; the page is drawn by its submodules:
//! `page` (header, tabs, what a card's button asks for), `form` (the open form's frame:
//! title, save, cancel, delete), one file per tab with its form (`menage`, `adults`,
//! `children`, `parcours`, `appointments`, `journal`, `documents`, `consents`), one per
//! dialog (`access`, `erase`, `freeze`, `fiche`), and `widgets` (card, tables, rows they
//! share).

mod access;
mod adults;
mod appointments;
mod children;
mod consents;
mod documents;
mod erase;
mod fiche;
mod form;
mod freeze;
mod journal;
mod menage;
mod page;
mod parcours;
mod widgets;

pub use access::AccessForm;
pub use erase::{ERASE_WORD, EraseForm, EraseTarget};
pub use fiche::FicheForm;
pub use freeze::FreezeForm;

use chrono::{FixedOffset, NaiveDate, Offset, Utc};
use egui::RichText;
use uuid::Uuid;

use super::household_list::{ListRows, ListView, list_ui};
use super::search::SearchView;
use super::shell::Message;
use super::theme::{ERROR, SUCCESS};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::domain::household_form::{Draft, FieldErrors};
use crate::domain::model::AttendanceStatus;
use crate::store::household::{HouseholdPage, HouseholdRow};
pub mod text;

/// Label of the save button of every form.
pub const SAVE_LABEL: &str = text::ENREGISTRER_ENTREE;
/// Label of the cancel button of every form.
pub const CANCEL_LABEL: &str = text::ANNULER_ECHAP;

/// Sections of the household page, in the order of its tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PageSection {
    /// Composition, housing, resources, barriers.
    #[default]
    Menage,
    /// Adults.
    Adultes,
    /// Children and schooling.
    Enfants,
    /// Pathway.
    Parcours,
    /// Appointments.
    RendezVous,
    /// Journal.
    Journal,
    /// Documents.
    Pieces,
    /// Consents.
    Consentements,
}

impl PageSection {
    /// Every section.
    pub const ALL: [PageSection; 8] = [
        PageSection::Menage,
        PageSection::Adultes,
        PageSection::Enfants,
        PageSection::Parcours,
        PageSection::RendezVous,
        PageSection::Journal,
        PageSection::Pieces,
        PageSection::Consentements,
    ];

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            PageSection::Menage => text::MENAGE,
            PageSection::Adultes => text::ADULTES,
            PageSection::Enfants => text::ENFANTS_ET_SCOLARITE,
            PageSection::Parcours => text::PARCOURS,
            PageSection::RendezVous => text::RENDEZ_VOUS,
            PageSection::Journal => text::JOURNAL,
            PageSection::Pieces => text::PIECES,
            PageSection::Consentements => text::CONSENTEMENTS,
        }
    }

    /// The section a form belongs to.
    pub fn of(draft: &Draft) -> PageSection {
        match draft {
            Draft::Household(_) => PageSection::Menage,
            Draft::Adult(_) => PageSection::Adultes,
            Draft::Child(_) => PageSection::Enfants,
            Draft::Note(_) => PageSection::Journal,
            Draft::Appointment(_) => PageSection::RendezVous,
            Draft::Document(_) => PageSection::Pieces,
            Draft::Consent(_) => PageSection::Consentements,
            Draft::FollowUp(_) => PageSection::Parcours,
            Draft::Tutor(_) => PageSection::Adultes,
        }
    }
}

/// A form being edited.
pub struct Editing {
    /// What is typed.
    pub draft: Draft,
    /// What the form started from (to know whether something changed).
    pub original: Draft,
    /// Messages from the last save attempt.
    pub errors: FieldErrors,
    /// Échap was pressed once on a changed form.
    pub confirm_discard: bool,
    /// « Supprimer… » was pressed: the confirmation shows.
    pub confirm_delete: bool,
    /// Give the first field the keyboard focus on the next frame.
    pub focus_first: bool,
}

impl Editing {
    /// A form starting from `draft`.
    pub fn new(draft: Draft) -> Self {
        Editing {
            original: draft.clone(),
            draft,
            errors: FieldErrors::default(),
            confirm_discard: false,
            confirm_delete: false,
            focus_first: true,
        }
    }

    /// Whether something was typed since the form opened.
    pub fn is_dirty(&self) -> bool {
        self.draft != self.original
    }
}

/// The page of one household.
pub struct PageView {
    /// The household and its records, as loaded after the last command.
    pub data: HouseholdPage,
    /// Tab shown.
    pub section: PageSection,
    /// The form open, if any.
    pub editing: Option<Editing>,
    /// Result of the last save.
    pub message: Option<Message>,
    /// The household is not in the base yet.
    pub is_new: bool,
    /// The « Fiche de liaison (PDF) » panel, when open.
    pub fiche: Option<FicheForm>,
    /// The « Geler le dossier » dialog, when open.
    pub freeze_form: Option<FreezeForm>,
    /// The « Données d'une personne » dialog (right of access), when open.
    pub access_form: Option<AccessForm>,
    /// The « Effacer définitivement… » dialog (erasure on request), when open.
    pub erase_form: Option<EraseForm>,
    /// The fiche is being written on its thread.
    pub fiche_writing: bool,
}

impl PageView {
    /// The page on `section`.
    pub fn new(data: HouseholdPage, section: PageSection) -> Self {
        PageView {
            data,
            section,
            editing: None,
            message: None,
            is_new: false,
            fiche: None,
            fiche_writing: false,
            freeze_form: None,
            access_form: None,
            erase_form: None,
        }
    }

    /// Opens a form (and its tab).
    pub fn start(&mut self, draft: Draft) {
        self.section = PageSection::of(&draft);
        self.editing = Some(Editing::new(draft));
        self.message = None;
    }

    /// Latest attendance of each adult at an appointment (id, name, status).
    pub fn attendance_of(
        &self,
        appointment: Uuid,
    ) -> Vec<(Uuid, String, Option<AttendanceStatus>)> {
        self.data
            .detail
            .adults
            .iter()
            .map(|a| {
                let status = self
                    .data
                    .attendances
                    .iter()
                    .rfind(|x| x.appointment_id == appointment && x.adult_id == a.id)
                    .map(|x| x.status);
                (a.id, a.display_name(), status)
            })
            .collect()
    }
}

/// State of the « Ménages » section and the global search.
pub struct HouseholdsView {
    /// Household list, `None` until the app has loaded it once.
    pub list: Option<()>,
    /// The list must be (re)loaded: the app does it on a background thread while the
    /// previous rows stay on screen.
    pub list_due: bool,
    /// The list is being loaded on its thread.
    pub list_loading: bool,
    /// The list's rows, filters and sort.
    pub table: ListView,
    /// Why the list or a page could not be loaded.
    pub list_message: Option<String>,
    /// What just happened to the list (a household erased), in green until it expires.
    pub list_notice: Option<Message>,
    /// The household page, when one is open.
    pub page: Option<PageView>,
    /// The global search overlay.
    pub search: SearchView,
    /// Today, for ages and consent validity (set by the app).
    pub today: NaiveDate,
    /// Local time zone offset, for appointment times (set by the app).
    pub offset: FixedOffset,
    /// A native file dialog can show on this desktop (set by the app); without one, the
    /// forms offer typed paths only.
    pub native_file_dialog: bool,
    /// A file dialog is open (its answer comes through the app's tasks).
    pub file_dialog_open: bool,
    /// Spreadsheet import and list export panel, over the list (`ui/sheet_import.rs`).
    pub sheet: super::sheet_import::SheetView,
}

impl Default for HouseholdsView {
    fn default() -> Self {
        HouseholdsView {
            list: None,
            list_due: true,
            list_loading: false,
            table: ListView::default(),
            list_message: None,
            list_notice: None,
            page: None,
            search: SearchView::default(),
            today: Utc::now().date_naive(),
            offset: Utc.fix(),
            native_file_dialog: false,
            file_dialog_open: false,
            sheet: Default::default(),
        }
    }
}

impl HouseholdsView {
    /// Installs freshly loaded rows.
    pub fn set_rows(&mut self, rows: Vec<HouseholdRow>) {
        self.set_prepared(ListRows::prepare(rows, self.table.sort));
    }

    /// Installs rows loaded and prepared on the reading thread.
    pub fn set_prepared(&mut self, rows: ListRows) {
        self.table.set_prepared(rows);
        self.list = Some(());
        self.list_message = None;
    }
}

/// Draws the « Ménages » section: the open household, or the list.
pub fn households_ui(ui: &mut egui::Ui, view: &mut HouseholdsView, commands: &mut Vec<Command>) {
    let today = view.today;
    let offset = view.offset;
    let files = FileUi {
        native: view.native_file_dialog,
        busy: view.file_dialog_open,
    };
    match &mut view.page {
        Some(page) => page::page_ui(ui, page, today, offset, files, commands),
        None if view.list.is_none() => super::progress(ui, text::CHARGEMENT_DES_MENAGES),
        None => {
            super::expire_message(ui, "household_list_notice", &mut view.list_notice);
            if let Some(message) = &view.list_notice {
                let colour = if message.is_success() { SUCCESS } else { ERROR };
                ui.label(RichText::new(&message.text).color(colour));
            }
            list_ui(ui, &mut view.table, view.list_message.as_deref(), commands);
        }
    }
}

/// Queues a household command.
fn push(commands: &mut Vec<Command>, c: HouseholdCommand) {
    commands.push(Command::Household(c));
}

/// What the forms may offer for files.
#[derive(Clone, Copy)]
struct FileUi {
    /// A native dialog can show.
    native: bool,
    /// A dialog is open now.
    busy: bool,
}
