//! The household page: Ménage, Adultes, Enfants et scolarité, Parcours, Rendez-vous,
//! Journal, Pièces, Consentements; one form open at a time, saved explicitly.
//!
//! Saving: explicit (button or Enter; Ctrl+Entrée in a note), Échap cancels; cancelling
//! changed fields asks a second Échap (or the « Abandonner » button) so nothing typed is
//! lost by a stray key. Leaving the section keeps the form as it is, and an automatic
//! lock parks it encrypted in the base (see `app/household.rs`).

use chrono::{FixedOffset, NaiveDate, Offset, Utc};
use egui::{Frame, Key, Margin, RichText};
use uuid::Uuid;

use super::dialog::DialogAnswer;
use super::file_chooser::{ChooserEvent, ChooserMode, FileChooser, file_chooser_ui};
use super::forms::{
    FIELD_WIDTH, check_row, combo_row, commune_row, date_row, entered, field_errors, last_text_row,
    multiline_row, option_combo_row, text_row,
};
use super::household_list::{ListView, list_ui};
use super::primary_button;
use super::search::SearchView;
use super::shell::Message;
use super::theme::{
    ACCENT, CARD_FILL, CARD_STROKE, ERROR, SUCCESS, TEXT_MUTED, WARNING_BADGE_FILL, WARNING_TEXT,
};
use crate::command::Command;
use crate::command::household::{FileDialogOutcome, HouseholdCommand};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::validate::FOLLOW_UP_CHECKPOINTS;
use crate::store::household::{HouseholdPage, HouseholdRow};

/// Label of the save button of every form.
pub const SAVE_LABEL: &str = "Enregistrer (Entrée)";
/// Label of the cancel button of every form.
pub const CANCEL_LABEL: &str = "Annuler (Échap)";

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
            PageSection::Menage => "Ménage",
            PageSection::Adultes => "Adultes",
            PageSection::Enfants => "Enfants et scolarité",
            PageSection::Parcours => "Parcours",
            PageSection::RendezVous => "Rendez-vous",
            PageSection::Journal => "Journal",
            PageSection::Pieces => "Pièces",
            PageSection::Consentements => "Consentements",
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
    /// The fiche being written on its thread: where, or why it failed.
    /// With the path, the audit detail (role and recipient, ids only).
    pub fiche_job: Option<std::sync::mpsc::Receiver<Result<(std::path::PathBuf, String), String>>>,
}

/// The « Données d'une personne » dialog (right of access, issue 14).
#[derive(Debug, Default)]
pub struct AccessForm {
    /// The adult or child.
    pub person: Uuid,
    /// Their name, for the title.
    pub name: String,
    /// The folder chosen (« Choisir le dossier… ») or typed.
    pub folder: String,
    /// Why the last try was refused.
    pub error: Option<String>,
    /// The in-app chooser, while open: the folder is where it saves.
    pub chooser: Option<FileChooser>,
}

/// What an erasure on request removes for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EraseTarget {
    /// The whole household.
    Household(Uuid),
    /// One adult or child (the household and the others stay).
    Person(Uuid),
}

/// The word typed to confirm the erasure of a person (or of a household with no name).
pub const ERASE_WORD: &str = "EFFACER";

/// The « Effacer définitivement… » dialog (issue 14): the worker types the household's
/// name, or « EFFACER » for a person, so that a tired click never erases anything.
#[derive(Debug)]
pub struct EraseForm {
    /// What goes.
    pub target: EraseTarget,
    /// The household's or the person's name, for the text.
    pub name: String,
    /// What must be typed to confirm.
    pub expected: String,
    /// What the worker typed.
    pub typed: String,
    /// Why the last try was refused (wrong text, frozen household…).
    pub error: Option<String>,
    /// The field takes the keyboard focus on the next frame (just opened).
    pub focus: bool,
}

impl EraseForm {
    /// The dialog for `target`, named `name`; a household is confirmed by its name (when it
    /// has one), a person by « EFFACER ».
    pub fn new(target: EraseTarget, name: &str) -> Self {
        let expected = match target {
            EraseTarget::Household(_) if !name.trim().is_empty() => name.trim().to_owned(),
            _ => ERASE_WORD.to_owned(),
        };
        EraseForm {
            target,
            name: name.trim().to_owned(),
            expected,
            typed: String::new(),
            error: None,
            focus: true,
        }
    }

    /// Whether the typed text confirms (spaces around, case and accents do not matter:
    /// the point is a deliberate act, not a spelling test).
    pub fn confirmed(&self) -> bool {
        let typed = crate::domain::text::fold_words(&self.typed);
        !typed.is_empty() && typed == crate::domain::text::fold_words(&self.expected)
    }
}

/// The « Geler le dossier » dialog: the reason typed, and why the last try was refused.
#[derive(Debug, Default)]
pub struct FreezeForm {
    /// Reason of the freeze (required).
    pub reason: String,
    /// The store's refusal, if any.
    pub error: Option<String>,
    /// The reason field takes the keyboard focus on the next frame (just opened).
    pub focus: bool,
}

/// The « Fiche de liaison (PDF) » panel: for whom, and where to write it.
pub struct FicheForm {
    /// The recipient's role: decides what the fiche shows (the packet allowlists).
    pub role: PartnerRole,
    /// A partner of the directory, if the fiche is for one.
    pub partner: Option<Uuid>,
    /// Where to write the PDF (the in-app chooser, in « save » mode).
    pub chooser: FileChooser,
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
            fiche_job: None,
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
    /// The list being loaded on its thread, if any.
    pub list_loading: Option<std::sync::mpsc::Receiver<Result<Vec<HouseholdRow>, String>>>,
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
    /// The answer of the file dialog open on its thread, if one is open.
    pub file_dialog: Option<std::sync::mpsc::Receiver<FileDialogOutcome>>,
    /// Spreadsheet import and list export panel, over the list (`ui/sheet_import.rs`).
    pub sheet: super::sheet_import::SheetView,
}

impl Default for HouseholdsView {
    fn default() -> Self {
        HouseholdsView {
            list: None,
            list_due: true,
            list_loading: None,
            table: ListView::default(),
            list_message: None,
            list_notice: None,
            page: None,
            search: SearchView::default(),
            today: Utc::now().date_naive(),
            offset: Utc.fix(),
            native_file_dialog: false,
            file_dialog: None,
            sheet: Default::default(),
        }
    }
}

impl HouseholdsView {
    /// Installs freshly loaded rows.
    pub fn set_rows(&mut self, rows: Vec<HouseholdRow>) {
        self.table.set_rows(rows);
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
        busy: view.file_dialog.is_some(),
    };
    match &mut view.page {
        Some(page) => page_ui(ui, page, today, offset, files, commands),
        None if view.list.is_none() => super::progress(ui, "Chargement des ménages…"),
        None => {
            super::expire_message(ui, "household_list_notice", &mut view.list_notice);
            if let Some(message) = &view.list_notice {
                let colour = if message.is_success() { SUCCESS } else { ERROR };
                ui.label(RichText::new(&message.text).color(colour));
            }
            list_ui(ui, &mut view.table, view.list_message.as_deref(), commands)
        }
    }
}

fn push(commands: &mut Vec<Command>, c: HouseholdCommand) {
    commands.push(Command::Household(c));
}

fn card<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    Frame::new()
        .fill(CARD_FILL)
        .stroke(egui::Stroke::new(1.0, CARD_STROKE))
        .corner_radius(6.0)
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(1040.0));
            add(ui)
        })
        .inner
}

/// What the forms may offer for files.
#[derive(Clone, Copy)]
struct FileUi {
    /// A native dialog can show.
    native: bool,
    /// A dialog is open now.
    busy: bool,
}

fn page_ui(
    ui: &mut egui::Ui,
    page: &mut PageView,
    today: NaiveDate,
    offset: FixedOffset,
    files: FileUi,
    commands: &mut Vec<Command>,
) {
    let d = &page.data.detail;
    ui.horizontal(|ui| {
        if ui.button("Retour à la liste").clicked() {
            push(commands, HouseholdCommand::ShowList);
        }
        let title = if d.household.label.is_empty() {
            "Nouveau ménage"
        } else {
            &d.household.label
        };
        ui.heading(title);
        if !page.is_new {
            let frozen = page.data.freeze.is_some();
            let send = ui.add_enabled(!frozen, egui::Button::new("Envoyer à un partenaire…"));
            if send.clicked() {
                commands.push(Command::Exchange(
                    crate::command::exchange::ExchangeCommand::SendHousehold(d.household.id),
                ));
            }
            let fiche = ui.add_enabled(
                !frozen && page.fiche.is_none() && page.fiche_job.is_none(),
                egui::Button::new("Fiche de liaison (PDF)…"),
            );
            if fiche.clicked() {
                push(commands, HouseholdCommand::OpenFiche);
            }
            if frozen {
                if ui.button("Dégeler le dossier").clicked() {
                    push(commands, HouseholdCommand::Unfreeze(d.household.id));
                }
            } else if ui.button("Geler le dossier…").clicked() {
                page.freeze_form = Some(FreezeForm {
                    focus: true,
                    ..FreezeForm::default()
                });
            }
        }
    });
    if let Some(freeze) = &page.data.freeze {
        egui::Frame::new()
            .fill(WARNING_BADGE_FILL)
            .inner_margin(egui::Margin::symmetric(8, 4))
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.label(RichText::new(freeze.badge()).strong().color(WARNING_TEXT));
                ui.label(
                    "Modification, envoi, export et rapprochement sont bloqués jusqu'au dégel.",
                );
            });
    }
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            composition_summary(d.adults.len(), d.children.len()),
            d.household.housing_situation.label_fr(),
            if d.household.commune.is_empty() {
                "commune non renseignée"
            } else {
                &d.household.commune
            }
        ))
        .color(TEXT_MUTED),
    );
    // Tabs.
    ui.horizontal_wrapped(|ui| {
        for s in PageSection::ALL {
            let label = if page
                .editing
                .as_ref()
                .is_some_and(|e| PageSection::of(&e.draft) == s && e.is_dirty())
            {
                format!("{} •", s.label())
            } else {
                s.label().to_owned()
            };
            if ui.selectable_label(page.section == s, label).clicked() {
                page.section = s;
            }
        }
    });
    super::expire_message(ui, "household_page_message", &mut page.message);
    if let Some(message) = &page.message {
        let colour = if message.is_success() { SUCCESS } else { ERROR };
        ui.label(RichText::new(&message.text).color(colour));
    }
    if page.fiche_job.is_some() {
        super::progress(ui, "Écriture de la fiche de liaison…");
    }
    if let Some(form) = &mut page.fiche {
        let close = card(ui, |ui| fiche_ui(ui, form, &page.data.partners, commands));
        if close {
            page.fiche = None;
        }
    }
    freeze_dialog(ui, page, commands);
    erase_dialog(ui, page, commands);
    ui.separator();

    // The open form, on its own tab.
    if let Some(editing) = &mut page.editing
        && PageSection::of(&editing.draft) == page.section
    {
        let outcome = form_ui(ui, editing, &page.data, today, files, commands);
        match outcome {
            FormOutcome::Save => {
                push(
                    commands,
                    HouseholdCommand::Save(Box::new(editing.draft.clone())),
                );
            }
            FormOutcome::Cancel => {
                page.editing = None;
                if page.is_new {
                    push(commands, HouseholdCommand::ShowList);
                }
            }
            FormOutcome::Delete(record) => {
                push(commands, HouseholdCommand::Delete(record));
            }
            FormOutcome::None => {}
        }
        ui.add_space(12.0);
    }
    let editing_here = page
        .editing
        .as_ref()
        .is_some_and(|e| PageSection::of(&e.draft) == page.section);
    let mut start = None;
    let mut access = None;
    let data = &page.data;
    match page.section {
        PageSection::Menage => menage_ui(ui, data, editing_here, &mut start, &mut access),
        PageSection::Adultes => adults_ui(ui, data, today, editing_here, &mut start, &mut access),
        PageSection::Enfants => children_ui(ui, data, today, editing_here, &mut start, &mut access),
        PageSection::Parcours => parcours_ui(ui, data, today, editing_here, &mut start),
        PageSection::RendezVous => {
            appointments_ui(ui, page, today, offset, editing_here, &mut start)
        }
        PageSection::Journal => journal_ui(ui, data, offset, editing_here, &mut start),
        PageSection::Pieces => documents_ui(ui, data, today, editing_here, &mut start),
        PageSection::Consentements => consents_ui(ui, data, today, editing_here, &mut start),
    }
    match access {
        Some(PersonAction::Access(person, name)) => {
            page.access_form = Some(AccessForm {
                person,
                name,
                ..AccessForm::default()
            });
        }
        Some(PersonAction::Erase(person, name)) => {
            page.erase_form = Some(EraseForm::new(EraseTarget::Person(person), &name));
        }
        Some(PersonAction::EraseHousehold) if !page.is_new => {
            let h = &page.data.detail.household;
            page.erase_form = Some(EraseForm::new(EraseTarget::Household(h.id), &h.label));
        }
        Some(PersonAction::EraseHousehold) => {}
        None => {}
    }
    access_dialog(ui, page, commands);
    if let Some(draft) = start {
        if page.is_new && !matches!(draft, Draft::Household(_)) {
            page.message = Some(Message::error(
                "Enregistrez d'abord le ménage (onglet « Ménage »).",
            ));
        } else if page.editing.as_ref().is_some_and(Editing::is_dirty) {
            page.message = Some(Message::error(
                "Une autre saisie est en cours : enregistrez-la ou annulez-la d'abord.",
            ));
            if let Some(e) = &page.editing {
                page.section = PageSection::of(&e.draft);
            }
        } else {
            page.start(draft);
        }
    }
}

enum FormOutcome {
    None,
    Save,
    Cancel,
    Delete(Deletable),
}

fn form_ui(
    ui: &mut egui::Ui,
    editing: &mut Editing,
    data: &HouseholdPage,
    today: NaiveDate,
    files: FileUi,
    commands: &mut Vec<Command>,
) -> FormOutcome {
    let mut save = false;
    let errors = editing.errors.clone();
    let focus = std::mem::take(&mut editing.focus_first);
    let deletable = editing.draft.deletable();
    let mut delete = None;
    card(ui, |ui| {
        super::forms::keep_tab_inside(ui, "household_form", |ui| {
            // The buttons sit beside the title, always in view even when a long form
            // (an adult) runs below the screen; Enter saves from any field.
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(editing.draft.title())
                        .strong()
                        .size(18.0)
                        .color(ACCENT),
                );
                ui.add_space(16.0);
                save |= primary_button(ui, SAVE_LABEL, true).clicked();
                let label = if editing.confirm_discard {
                    "Abandonner les modifications"
                } else {
                    CANCEL_LABEL
                };
                cancel |= ui.button(label).clicked();
                if deletable.is_some()
                    && !editing.confirm_delete
                    && ui.button("Supprimer…").clicked()
                {
                    editing.confirm_delete = true;
                }
            });
            if let Some(record) = deletable
                && editing.confirm_delete
            {
                ui.label(
                    RichText::new(format!(
                        "Supprimer {} ? C'est définitif : la fiche disparaît de Passerelle, \
                         et des partenaires à qui elle a été ou sera transmise.",
                        record.what_fr()
                    ))
                    .color(ERROR),
                );
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new("Oui, supprimer").color(ERROR))
                        .clicked()
                    {
                        delete = Some(record);
                    }
                    if ui.button("Non, garder").clicked() {
                        editing.confirm_delete = false;
                    }
                });
            }
            for m in errors.for_field("_") {
                ui.label(RichText::new(m).color(ERROR));
            }
            egui::Grid::new("household_form")
                .num_columns(2)
                .spacing([16.0, 8.0])
                .show(ui, |ui| match &mut editing.draft {
                    Draft::Household(f) => {
                        save |= household_form(ui, f, &errors, &data.referent_choices, focus)
                    }
                    Draft::Adult(f) => save |= adult_form(ui, f, &errors, data, today, focus),
                    Draft::Child(f) => save |= child_form(ui, f, &errors, today, focus),
                    Draft::Note(f) => save |= note_form(ui, f, &errors, data, focus),
                    Draft::Appointment(f) => save |= appointment_form(ui, f, &errors),
                    Draft::Document(f) => {
                        save |= document_form(ui, f, &errors, data, files, commands)
                    }
                    Draft::Consent(f) => save |= consent_form(ui, f, &errors, &data.partners),
                    Draft::FollowUp(f) => save |= follow_up_form(ui, f, &errors, data, focus),
                    Draft::Tutor(f) => save |= tutor_form(ui, f, &errors, data, focus),
                });
            if editing.confirm_discard {
                ui.label(
                    RichText::new(
                        "Des modifications ne sont pas enregistrées. Échap encore une fois (ou « \
                     Abandonner ») les efface ; « Enregistrer » les garde.",
                    )
                    .color(ERROR),
                );
            }
            let escape = ui.input(|i| i.key_pressed(Key::Escape));
            if escape && editing.confirm_delete {
                // Échap first closes the question, not the form.
                editing.confirm_delete = false;
                return FormOutcome::None;
            }
            cancel |= escape;
            if let Some(record) = delete {
                return FormOutcome::Delete(record);
            }
            if save {
                editing.confirm_discard = false;
                return FormOutcome::Save;
            }
            if cancel {
                if editing.is_dirty() && !editing.confirm_discard {
                    editing.confirm_discard = true;
                    return FormOutcome::None;
                }
                return FormOutcome::Cancel;
            }
            FormOutcome::None
        })
    })
}

// ----- forms -----------------------------------------------------------------------------

/// Focuses the first field of a form that just opened, so typing can start at once.
fn first(focus: bool, response: egui::Response) -> egui::Response {
    super::forms::mark_first_field(&response);
    if focus {
        response.request_focus();
    }
    response
}

fn household_form(
    ui: &mut egui::Ui,
    f: &mut HouseholdForm,
    e: &FieldErrors,
    referents: &[String],
    focus: bool,
) -> bool {
    let mut enter = false;
    let label = first(
        focus,
        text_row(ui, "Nom du ménage", &mut f.label, e, "label"),
    );
    enter |= entered(&label);
    enter |= entered(&commune_row(
        ui,
        "Commune actuelle",
        &mut f.commune,
        e,
        "commune",
        false,
    ));
    combo_row(
        ui,
        "Situation de logement",
        &mut f.housing_situation,
        HousingSituation::ALL,
        |v| v.label_fr(),
    );
    option_combo_row(
        ui,
        "Typologie souhaitée",
        &mut f.typology,
        Typology::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        "Numéro unique",
        &mut f.unique_number,
        e,
        "unique_number",
    ));
    enter |= entered(&date_row(
        ui,
        "Date du numéro unique",
        &mut f.unique_number_date,
        e,
        "unique_number_date",
    ));
    enter |= entered(&commune_row(
        ui,
        "Communes souhaitées (séparées par des virgules)",
        &mut f.wished_communes,
        e,
        "wished_communes",
        true,
    ));
    enter |= entered(&text_row(
        ui,
        "Loyer maximal charges comprises (€/mois)",
        &mut f.max_rent,
        e,
        "max_rent",
    ));
    ui.label("Ressources mensuelles (€)");
    ui.vertical(|ui| {
        let mut remove = None;
        for (i, line) in f.resources.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("resource", i))
                    .selected_text(line.source.label_fr())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for s in ResourceSource::ALL {
                            ui.selectable_value(&mut line.source, *s, s.label_fr());
                        }
                    });
                let l = ui.label("Montant");
                enter |= entered(
                    &ui.add(
                        egui::TextEdit::singleline(&mut line.amount)
                            .id(resource_amount_id(i))
                            .desired_width(100.0),
                    )
                    .labelled_by(l.id),
                );
                if ui.small_button("Retirer").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            f.resources.remove(i);
        }
        if ui.button("Ajouter une ressource").clicked() {
            f.resources.push(ResourceLine {
                source: ResourceSource::Rsa,
                amount: String::new(),
            });
            // The new line sits above the button: the cursor goes to its amount, so the
            // keyboard does not have to come back for it (Maj+Tab reaches its source).
            let id = resource_amount_id(f.resources.len() - 1);
            ui.memory_mut(|m| m.request_focus(id));
        }
        let total: i64 = f
            .resources
            .iter()
            .filter_map(|l| parse_euros(&l.amount).ok().flatten())
            .sum();
        ui.label(RichText::new(format!("Total : {} par mois", format_euros(total))).strong());
    });
    ui.end_row();
    field_errors(ui, e, "resources");
    ui.label("Freins");
    // Fixed rows of checkboxes: a wrapped row inside a grid row overlaps the next row.
    ui.vertical(|ui| {
        for chunk in Barrier::ALL.chunks(4) {
            ui.horizontal(|ui| {
                for b in chunk {
                    let mut on = f.barriers.contains(b);
                    if ui.checkbox(&mut on, b.label_fr()).changed() {
                        if on {
                            f.barriers.insert(*b);
                        } else {
                            f.barriers.remove(b);
                        }
                    }
                }
            });
        }
    });
    ui.end_row();
    super::forms::referent_row(
        ui,
        "household_referent",
        "Référent·e du ménage",
        referents,
        &mut f.referent,
    );
    field_errors(ui, e, "referent");
    let origin = text_row(ui, "Origine / prescripteur", &mut f.origin, e, "origin");
    enter |= entered(&origin);
    enter |= entered(&last_text_row(
        ui,
        "Numéro CAF",
        &mut f.caf_number,
        e,
        "caf_number",
        (label.id, origin.id),
    ));
    enter
}

/// The amount field of the `i`-th resource line of the « Ménage » form.
fn resource_amount_id(i: usize) -> egui::Id {
    egui::Id::unique(("household_resource_amount", i))
}

fn adult_form(
    ui: &mut egui::Ui,
    f: &mut AdultForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    today: NaiveDate,
    focus: bool,
) -> bool {
    let mut enter = false;
    enter |= entered(&first(
        focus,
        text_row(ui, "Prénom", &mut f.first_name, e, "first_name"),
    ));
    enter |= entered(&text_row(ui, "Nom", &mut f.last_name, e, "last_name"));
    let birth = date_row(ui, "Date de naissance", &mut f.birth_date, e, "birth_date");
    enter |= entered(&birth);
    age_row(ui, &f.birth_date, today);
    check_row(ui, "Personne de référence", &mut f.is_reference, "oui");
    enter |= entered(&text_row(ui, "Téléphone", &mut f.phone, e, "phone"));
    enter |= entered(&text_row(ui, "Courriel", &mut f.email, e, "email"));
    combo_row(
        ui,
        "Situation",
        &mut f.situation,
        AdultSituation::ALL,
        |v| v.label_fr(),
    );
    check_row(
        ui,
        "France Travail",
        &mut f.france_travail_registered,
        "inscrit·e",
    );
    check_row(ui, "RSA", &mut f.rsa, "bénéficiaire");
    combo_row(
        ui,
        "Niveau d'études",
        &mut f.education_level,
        EducationLevel::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        "Qualifications, diplômes",
        &mut f.qualifications,
        e,
        "qualifications",
    ));
    enter |= entered(&text_row(
        ui,
        "Métiers recherchés",
        &mut f.trades,
        e,
        "trades",
    ));
    ui.label("Domaines ROME");
    // Named, not bare letters (« F », « N ») that only France Travail's staff know by heart.
    egui::Grid::new("adult_rome_domains")
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for chunk in RomeDomain::ALL.chunks(2) {
                for d in chunk {
                    let mut on = f.rome_domains.contains(d);
                    if ui.checkbox(&mut on, d.label_fr()).changed() {
                        if on {
                            f.rome_domains.insert(*d);
                        } else {
                            f.rome_domains.remove(d);
                        }
                    }
                }
                ui.end_row();
            }
        });
    ui.end_row();
    check_row(ui, "Permis B", &mut f.driving_licence, "oui");
    check_row(ui, "Véhicule", &mut f.vehicle, "oui");
    enter |= entered(&text_row(
        ui,
        "Langues parlées",
        &mut f.languages,
        e,
        "languages",
    ));
    enter |= entered(&date_row(
        ui,
        "Disponible à partir du",
        &mut f.available_from,
        e,
        "available_from",
    ));
    enter |= entered(&text_row(
        ui,
        "Rayon de mobilité (km)",
        &mut f.mobility_radius_km,
        e,
        "mobility_radius_km",
    ));
    enter |= entered(&text_row(
        ui,
        "Contraintes",
        &mut f.constraints,
        e,
        "constraints",
    ));
    if let Some(t) = data.tutors.iter().find(|t| t.adult_id == f.id) {
        ui.label("Tuteur·rice");
        ui.label(format!("{} ({}) {}", t.name, t.organisation, t.phone));
        ui.end_row();
    }
    field_errors(ui, e, "household_id");
    enter
}

/// A table cell whose text wraps at `max_width` points instead of widening the table.
fn wrapped_cell(ui: &mut egui::Ui, text: &str, max_width: f32) {
    ui.scope(|ui| {
        ui.set_max_width(max_width);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// The computed age under a birth date. The row is always there (empty until the date is
/// valid) so the fields below do not jump under the mouse when it appears.
fn age_row(ui: &mut egui::Ui, birth_date: &str, today: NaiveDate) {
    let age = match parse_date_fr(birth_date) {
        Ok(Some(b)) if b <= today => age_fr(b, today),
        _ => String::new(),
    };
    ui.label("");
    ui.add_sized(
        [super::forms::FIELD_WIDTH, 18.0],
        egui::Label::new(RichText::new(age).weak()),
    );
    ui.end_row();
}

fn child_form(
    ui: &mut egui::Ui,
    f: &mut ChildForm,
    e: &FieldErrors,
    today: NaiveDate,
    focus: bool,
) -> bool {
    let mut enter = false;
    enter |= entered(&first(
        focus,
        text_row(ui, "Prénom", &mut f.first_name, e, "first_name"),
    ));
    enter |= entered(&text_row(ui, "Nom", &mut f.last_name, e, "last_name"));
    enter |= entered(&date_row(
        ui,
        "Date de naissance",
        &mut f.birth_date,
        e,
        "birth_date",
    ));
    age_row(ui, &f.birth_date, today);

    f.follow_birth_date(today);
    let followed = f.schooling_level;
    combo_row(
        ui,
        "Niveau scolaire",
        &mut f.schooling_level,
        SchoolingLevel::ALL,
        |v| v.label_fr(),
    );
    if f.schooling_level != followed {
        // Picked in the list: the birth date no longer decides.
        f.level_by_hand = true;
    }

    enter |= entered(&text_row(
        ui,
        "École ou mode de garde actuel",
        &mut f.current_school,
        e,
        "current_school",
    ));
    enter |= entered(&text_row(
        ui,
        "École ou mode de garde à destination",
        &mut f.destination_school,
        e,
        "destination_school",
    ));
    combo_row(
        ui,
        "Inscription à destination",
        &mut f.enrolment,
        EnrolmentStatus::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&date_row(
        ui,
        "Date de l'inscription",
        &mut f.enrolment_date,
        e,
        "enrolment_date",
    ));
    check_row(
        ui,
        "Besoin de garde",
        &mut f.childcare_need,
        "oui (crèche, périscolaire)",
    );
    multiline_row(ui, "Notes", &mut f.notes);
    field_errors(ui, e, "household_id");
    enter
}

fn note_form(
    ui: &mut egui::Ui,
    f: &mut NoteForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    if let Some(old) = f
        .corrects
        .and_then(|id| data.detail.notes.iter().find(|n| n.id == id))
    {
        ui.label("Note corrigée");
        ui.label(RichText::new(&old.text).italics());
        ui.end_row();
    }
    let enter = entered(&text_row(ui, "Auteur·rice", &mut f.author, e, "author"));
    let r = first(
        focus,
        multiline_row(ui, "Texte de la note (Ctrl+Entrée enregistre)", &mut f.text),
    );
    field_errors(ui, e, "text");
    enter || (r.has_focus() && ui.input(|i| i.key_pressed(Key::Enter) && i.modifiers.command))
}

fn appointment_form(ui: &mut egui::Ui, f: &mut AppointmentForm, e: &FieldErrors) -> bool {
    let mut enter = false;
    enter |= entered(&date_row(ui, "Date", &mut f.date, e, "date"));
    enter |= entered(&text_row(ui, "Heure (hh:mm)", &mut f.time, e, "time"));
    combo_row(ui, "Type", &mut f.kind, AppointmentKind::ALL, |v| {
        v.label_fr()
    });
    enter |= entered(&text_row(ui, "Lieu", &mut f.place, e, "place"));
    multiline_row(ui, "Notes", &mut f.notes);
    for (i, (_, name, status)) in f.attendance.iter_mut().enumerate() {
        let l = ui.label(format!("Présence : {name}"));
        egui::ComboBox::from_id_salt(("attendance", i))
            .selected_text(status.map_or("Non renseignée", |s| s.label_fr()))
            .show_ui(ui, |ui| {
                for s in AttendanceStatus::ALL {
                    ui.selectable_value(status, Some(*s), s.label_fr());
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
    }
    enter
}

fn document_form(
    ui: &mut egui::Ui,
    f: &mut DocumentForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    files: FileUi,
    commands: &mut Vec<Command>,
) -> bool {
    let mut enter = false;
    combo_row(ui, "Pièce", &mut f.kind, DocumentKind::ALL, |v| {
        v.label_fr()
    });
    combo_row(ui, "État", &mut f.status, DocumentStatus::ALL, |v| {
        v.label_fr()
    });
    enter |= entered(&date_row(
        ui,
        "Expire le",
        &mut f.expires_on,
        e,
        "expires_on",
    ));
    multiline_row(ui, "Notes", &mut f.notes);
    let attached = data
        .attachments
        .iter()
        .rev()
        .find(|a| Some(a.id) == f.base.attachment_id);
    if let Some(a) = attached {
        ui.label("Fichier joint");
        ui.label(format!(
            "{} ({} Kio, chiffré dans la base)",
            a.file_name,
            a.size_bytes.div_ceil(1024)
        ));
        ui.end_row();
    }
    let l = ui.label("Joindre un fichier (chemin complet, 10 Mio au plus)");
    ui.horizontal(|ui| {
        enter |= entered(
            &ui.add(
                egui::TextEdit::singleline(&mut f.attach_path)
                    .desired_width(FIELD_WIDTH)
                    .hint_text("ou tapez le chemin du fichier"),
            )
            .labelled_by(l.id),
        );
        if files.native {
            let text = if files.busy {
                "Fenêtre de choix ouverte…"
            } else {
                "Choisir un fichier…"
            };
            if ui
                .add_enabled(!files.busy, egui::Button::new(text))
                .clicked()
            {
                push(
                    commands,
                    HouseholdCommand::PickAttachment {
                        document_id: f.base.id,
                        ctx: ui.ctx().clone(),
                    },
                );
            }
        }
    });
    ui.end_row();
    field_errors(ui, e, "attach_path");
    if let Some(a) = attached {
        ui.label("Copie hors de la base");
        ui.vertical(|ui| {
            ui.label(
                RichText::new(
                    "Attention : la copie enregistrée sur le disque n'est PAS chiffrée. \
                     Toute personne ayant accès à cet ordinateur ou à cette clé USB pourra \
                     la lire : supprimez-la dès qu'elle n'est plus utile.",
                )
                .color(ERROR),
            );
            if files.native {
                let text = if files.busy {
                    "Fenêtre de choix ouverte…"
                } else {
                    "Enregistrer une copie…"
                };
                if ui
                    .add_enabled(!files.busy, egui::Button::new(text))
                    .clicked()
                {
                    push(
                        commands,
                        HouseholdCommand::SaveAttachmentCopy {
                            attachment_id: a.id,
                            path: None,
                            ctx: ui.ctx().clone(),
                        },
                    );
                }
            } else {
                ui.horizontal(|ui| {
                    let l = ui.label("Enregistrer une copie vers (chemin complet)");
                    ui.add(
                        egui::TextEdit::singleline(&mut f.copy_path)
                            .desired_width(FIELD_WIDTH)
                            .hint_text(format!("ex. /home/vous/Documents/{}", a.file_name)),
                    )
                    .labelled_by(l.id);
                });
                let path = f.copy_path.trim();
                if ui
                    .add_enabled(!path.is_empty(), egui::Button::new("Enregistrer une copie"))
                    .clicked()
                {
                    push(
                        commands,
                        HouseholdCommand::SaveAttachmentCopy {
                            attachment_id: a.id,
                            path: Some(std::path::PathBuf::from(path)),
                            ctx: ui.ctx().clone(),
                        },
                    );
                }
            }
        });
        ui.end_row();
    }
    enter
}

fn consent_form(
    ui: &mut egui::Ui,
    f: &mut ConsentForm,
    e: &FieldErrors,
    partners: &[Partner],
) -> bool {
    let mut enter = false;
    option_combo_row(
        ui,
        "Partenaire (rôle)",
        &mut f.role,
        PartnerRole::ALL,
        |v| v.label_fr(),
    );
    field_errors(ui, e, "role");
    // A consent may name one organisation of the directory instead of (or as well as)
    // every partner of a role: only that organisation's packets are then covered.
    let l = ui.label("Partenaire désigné");
    let chosen = f
        .base
        .partner_id
        .and_then(|id| partners.iter().find(|p| p.id == id))
        .map_or("— aucun (tous ceux du rôle)".to_owned(), partner_label);
    // Only the organisations of the chosen role: a consent « employeur » naming a landlord
    // would cover nobody.
    let of_role = |p: &&Partner| f.role.is_none_or(|role| p.role == role);
    if f.base
        .partner_id
        .and_then(|id| partners.iter().find(|p| p.id == id))
        .is_some_and(|p| !of_role(&p))
    {
        f.base.partner_id = None;
    }
    egui::ComboBox::from_id_salt("consent_partner")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.base.partner_id, None, "— aucun (tous ceux du rôle)");
            for p in partners.iter().filter(of_role) {
                ui.selectable_value(&mut f.base.partner_id, Some(p.id), partner_label(p));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
    if partners.is_empty() {
        ui.label("");
        ui.label(RichText::new("Aucun partenaire dans l'annuaire (onglet « Échanges »).").weak());
        ui.end_row();
    }
    enter |= entered(&date_row(ui, "Donné le", &mut f.given_on, e, "given_on"));
    enter |= entered(&text_row(ui, "Portée", &mut f.scope, e, "scope"));
    // The medium (written and signed, oral…), not a person.
    combo_row(
        ui,
        "Forme du recueil",
        &mut f.method,
        ConsentMethod::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&date_row(
        ui,
        "Expire le",
        &mut f.expires_on,
        e,
        "expires_on",
    ));
    // A consent is withdrawn after it was given: a new one has nothing to withdraw yet.
    if f.existing || !f.withdrawn_on.trim().is_empty() {
        enter |= entered(&date_row(
            ui,
            "Retiré le",
            &mut f.withdrawn_on,
            e,
            "withdrawn_on",
        ));
    }
    enter
}

/// « Données d'une personne » (right of access, issue 14): where to write the PDF and the
/// JSON, after the « fichier non chiffré » warning.
fn access_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let Some(form) = &mut page.access_form else {
        return;
    };
    let title = format!("Données de {}", form.name);
    let answer = super::dialog::Dialog {
        id: "access_dialog",
        title: &title,
        width: 520.0,
        validate: "Écrire le PDF et le JSON",
        cancel: "Annuler",
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(
            "Tout ce que la base détient sur cette personne (identité, situation, scolarité, \
             parcours, rendez-vous, notes qui la nomment, consentements, pièces, \
             transmissions), les autres membres du ménage masqués : un PDF en français et un \
             fichier JSON, à remettre dans le mois qui suit la demande.",
        );
        ui.label(
            RichText::new(
                "Attention : ces deux fichiers ne sont PAS chiffrés. Remettez-les à la personne \
                 puis supprimez-les.",
            )
            .color(ERROR),
        );
        let label = ui.label("Dossier où les écrire");
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.folder).desired_width(320.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(
                    form.chooser.is_none(),
                    egui::Button::new("Choisir le dossier…"),
                )
                .clicked()
            {
                // Save mode shows the names that will be written; the folder is kept.
                form.chooser = Some(FileChooser::new(
                    "Dossier des données d'une personne (fichiers NON chiffrés)",
                    ChooserMode::Save,
                    None,
                    &["pdf", "json"],
                    &format!("acces-{}.pdf", form.person),
                ));
            }
        });
        if let Some(chooser) = &mut form.chooser {
            match file_chooser_ui(ui, chooser) {
                Some(ChooserEvent::Chosen(path)) => {
                    if let Some(folder) = path.parent() {
                        form.folder = folder.display().to_string();
                    }
                    form.chooser = None;
                }
                Some(ChooserEvent::Cancelled) => form.chooser = None,
                None => {}
            }
        }
    });
    match answer {
        DialogAnswer::Validate => {
            let folder = std::path::PathBuf::from(form.folder.trim());
            if !folder.is_absolute() {
                form.error = Some(
                    "Choisissez le dossier (« Choisir le dossier… »), ou tapez son chemin \
                     complet (par exemple /media/cle/acces)."
                        .to_owned(),
                );
            } else {
                push(
                    commands,
                    HouseholdCommand::PersonAccess {
                        person: form.person,
                        folder,
                    },
                );
            }
        }
        DialogAnswer::Cancel => page.access_form = None,
        DialogAnswer::Open => {}
    }
}

/// What a button of an adult's or a child's card asks for.
enum PersonAction {
    /// « Données de … » (right of access).
    Access(Uuid, String),
    /// « Effacer cette personne… » (erasure on request).
    Erase(Uuid, String),
    /// « Effacer définitivement ce ménage… » (on the « Ménage » tab).
    EraseHousehold,
}

/// « Effacer définitivement… » (erasure on request, issue 14): says what disappears for
/// good and asks for the household's name (or « EFFACER ») before anything is erased.
fn erase_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let adults = page.data.detail.adults.len();
    let children = page.data.detail.children.len();
    let frozen = page.data.freeze.as_ref().map(|f| f.badge());
    let Some(form) = &mut page.erase_form else {
        return;
    };
    let (title, validate) = match form.target {
        EraseTarget::Household(_) => ("Effacer définitivement ce ménage", "Effacer le ménage"),
        EraseTarget::Person(_) => (
            "Effacer définitivement cette personne",
            "Effacer la personne",
        ),
    };
    let answer = super::dialog::Dialog {
        id: "erase_dialog",
        title,
        width: 560.0,
        validate,
        cancel: "Annuler",
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        let what = match form.target {
            EraseTarget::Household(_) => format!(
                "Tout le dossier « {} » sera effacé pour de bon : {}, {}, leur parcours, \
                 rendez-vous, notes, pièces jointes, consentements et propositions.",
                form.name,
                crate::domain::text::count(adults, "adulte", "adultes"),
                crate::domain::text::count(children, "enfant", "enfants"),
            ),
            EraseTarget::Person(_) => format!(
                "Tout ce qui concerne {} sera effacé pour de bon : son identité, sa \
                 situation, son suivi, ses pièces jointes. Le ménage et ses autres membres \
                 restent.",
                form.name
            ),
        };
        ui.label(what);
        ui.label(
            RichText::new(
                "Rien ne pourra être récupéré, ni dans Passerelle, ni par un paquet d'un \
                 partenaire ou de l'équipe. Seuls restent l'identifiant (pour que rien ne \
                 revienne) et les chiffres anonymes des rapports. Les sauvegardes déjà faites \
                 le contiennent encore. Dans une équipe, l'effacement est transmis aux \
                 autres ordinateurs à la prochaine synchronisation (sur un ordinateur où le \
                 dossier est gelé, à la levée du gel).",
            )
            .color(ERROR),
        );
        if let Some(badge) = &frozen {
            ui.label(
                RichText::new(format!(
                    "{badge} : l'effacement sera refusé tant que le dossier est gelé."
                ))
                .strong(),
            );
        }
        ui.add_space(6.0);
        let label = ui.label(format!("Pour confirmer, tapez « {} »", form.expected));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.typed)
                    .desired_width(f32::INFINITY)
                    .id_salt("erase_confirm"),
            )
            .labelled_by(label.id);
        if form.focus {
            field.request_focus();
            form.focus = false;
        }
    });
    match answer {
        DialogAnswer::Validate => {
            if form.confirmed() {
                form.error = None;
                let command = match form.target {
                    EraseTarget::Household(household) => {
                        HouseholdCommand::EraseHousehold(household)
                    }
                    EraseTarget::Person(person) => HouseholdCommand::ErasePerson(person),
                };
                push(commands, command);
            } else {
                form.error = Some(format!(
                    "Rien n'a été effacé : tapez exactement « {} » pour confirmer.",
                    form.expected
                ));
                // Entrée took the focus away: give it back, so the worker can correct.
                form.focus = true;
            }
        }
        DialogAnswer::Cancel => page.erase_form = None,
        DialogAnswer::Open => {}
    }
}

/// The « Geler le dossier » dialog (restriction of processing, issue 14).
fn freeze_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let household = page.data.detail.household.id;
    let Some(form) = &mut page.freeze_form else {
        return;
    };
    let answer = super::dialog::Dialog {
        id: "freeze_dialog",
        title: "Gel du dossier",
        width: 480.0,
        validate: "Geler le dossier",
        cancel: "Annuler",
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(
            "Un dossier gelé ne peut plus être modifié, envoyé à un partenaire, exporté ni \
             proposé à un rapprochement, jusqu'à ce qu'il soit dégelé. Le gel et le dégel \
             sont inscrits au journal d'accès.",
        );
        ui.add_space(6.0);
        let label = ui.label("Motif du gel (demande de limitation, contestation en cours…)");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.reason)
                    .desired_width(f32::INFINITY)
                    .id_salt("freeze_reason"),
            )
            .labelled_by(label.id);
        if form.focus {
            field.request_focus();
            form.focus = false;
        }
    });
    match answer {
        DialogAnswer::Validate => {
            if form.reason.trim().is_empty() {
                form.error = Some("Indiquez le motif du gel.".to_owned());
            } else {
                push(
                    commands,
                    HouseholdCommand::Freeze {
                        household,
                        reason: form.reason.trim().to_owned(),
                    },
                );
            }
        }
        DialogAnswer::Cancel => page.freeze_form = None,
        DialogAnswer::Open => {}
    }
}

/// The « Fiche de liaison (PDF) » panel; `true` when it closes.
fn fiche_ui(
    ui: &mut egui::Ui,
    form: &mut FicheForm,
    partners: &[Partner],
    commands: &mut Vec<Command>,
) -> bool {
    ui.label(
        RichText::new("Fiche de liaison (PDF) pour un partenaire sans Passerelle")
            .strong()
            .size(17.0)
            .color(ACCENT),
    );
    ui.label(
        "La fiche ne montre que ce que le rôle du destinataire peut recevoir, comme un \
         paquet : un employeur n'y voit pas les ressources du ménage, un bailleur pas ses \
         freins de santé.",
    );
    egui::Grid::new("fiche_form")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label("Partenaire");
            let chosen = form
                .partner
                .and_then(|id| partners.iter().find(|p| p.id == id))
                .map_or("— aucun (choisir le rôle)".to_owned(), partner_label);
            egui::ComboBox::from_id_salt("fiche_partner")
                .selected_text(chosen)
                .width(FIELD_WIDTH)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.partner, None, "— aucun (choisir le rôle)");
                    for p in partners {
                        if ui
                            .selectable_value(&mut form.partner, Some(p.id), partner_label(p))
                            .clicked()
                        {
                            form.role = p.role;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            // A partner of the directory gets its pinned role, never another one.
            match form
                .partner
                .and_then(|id| partners.iter().find(|p| p.id == id))
            {
                Some(p) => {
                    ui.label("Rôle du destinataire");
                    ui.label(format!(
                        "{} (celui de la carte épinglée)",
                        p.role.label_fr()
                    ));
                    ui.end_row();
                }
                None => combo_row(
                    ui,
                    "Rôle du destinataire",
                    &mut form.role,
                    PartnerRole::ALL,
                    |r| r.label_fr(),
                ),
            }
        });
    ui.label(
        RichText::new(
            "Attention : ce PDF n'est PAS chiffré. Enregistrez-le sur un support sûr, \
             transmettez-le par un moyen sûr et supprimez-le quand il n'est plus utile.",
        )
        .color(ERROR),
    );
    match file_chooser_ui(ui, &mut form.chooser) {
        Some(ChooserEvent::Chosen(path)) => {
            push(
                commands,
                HouseholdCommand::SaveFiche {
                    role: form.role,
                    partner: form.partner,
                    path,
                    ctx: ui.ctx().clone(),
                },
            );
            true
        }
        Some(ChooserEvent::Cancelled) => true,
        None => false,
    }
}

/// A partner as the consent form shows it: organisation and role.
fn partner_label(p: &Partner) -> String {
    format!("{} ({})", p.organisation, p.role.label_fr())
}

// ----- sections --------------------------------------------------------------------------

fn follow_up_form(
    ui: &mut egui::Ui,
    f: &mut FollowUpForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    let mut enter = false;
    let l = ui.label("Adulte");
    let name = |id: Option<Uuid>| {
        id.and_then(|id| data.detail.adults.iter().find(|a| a.id == id))
            .map_or_else(|| "Choisir…".to_owned(), Adult::display_name)
    };
    let combo = egui::ComboBox::from_id_salt("follow_up_adult")
        .selected_text(name(f.adult_id))
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for a in &data.detail.adults {
                ui.selectable_value(&mut f.adult_id, Some(a.id), a.display_name());
            }
        })
        .response
        .labelled_by(l.id);
    first(focus, combo);
    ui.end_row();
    field_errors(ui, e, "adult_id");
    combo_row(
        ui,
        "Point de suivi",
        &mut f.checkpoint_months,
        &FOLLOW_UP_CHECKPOINTS,
        |m| match m {
            1 => "1 mois",
            3 => "3 mois",
            6 => "6 mois",
            _ => "12 mois",
        },
    );
    field_errors(ui, e, "checkpoint_months");
    enter |= entered(&date_row(
        ui,
        "Date d'embauche",
        &mut f.hired_on,
        e,
        "hired_on",
    ));
    enter |= entered(&date_row(
        ui,
        "Date du point de suivi",
        &mut f.checked_on,
        e,
        "checked_on",
    ));
    // The job: one of the offers the household was positioned on (« Rapprochement »).
    let mut offers: Vec<(Uuid, &str)> = Vec::new();
    for p in &data.detail.proposals {
        if let Some(id) = p.offer_id
            && !offers.iter().any(|o| o.0 == id)
            && let Some(label) = data.proposal_targets.get(&id)
        {
            offers.push((id, label.as_str()));
        }
    }
    let l = ui.label("Offre d'emploi");
    let none = "— non précisée";
    let chosen = f
        .base
        .offer_id
        .and_then(|id| offers.iter().find(|o| o.0 == id))
        .map_or(none, |o| o.1);
    egui::ComboBox::from_id_salt("follow_up_offer")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.base.offer_id, None, none);
            for (id, label) in &offers {
                ui.selectable_value(&mut f.base.offer_id, Some(*id), *label);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
    check_row(ui, "En poste", &mut f.still_in_post, "Toujours en poste");
    combo_row(ui, "Contrat", &mut f.contract, ContractKind::ALL, |v| {
        v.label_fr()
    });
    multiline_row(ui, "Commentaire", &mut f.notes);
    enter
}

fn tutor_form(
    ui: &mut egui::Ui,
    f: &mut TutorForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    let mut enter = false;
    if let Some(a) = data.detail.adults.iter().find(|a| a.id == f.base.adult_id) {
        ui.label("Adulte accompagné·e");
        ui.label(RichText::new(a.display_name()).strong());
        ui.end_row();
    }
    enter |= entered(&first(
        focus,
        text_row(ui, "Nom du tuteur ou de la tutrice", &mut f.name, e, "name"),
    ));
    enter |= entered(&text_row(
        ui,
        "Organisation (employeur)",
        &mut f.organisation,
        e,
        "organisation",
    ));
    enter |= entered(&text_row(ui, "Téléphone", &mut f.phone, e, "phone"));
    enter |= entered(&date_row(ui, "Tuteur depuis le", &mut f.since, e, "since"));
    enter
}

fn add_button(ui: &mut egui::Ui, text: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, egui::Button::new(text)).clicked()
}

fn menage_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    editing: bool,
    start: &mut Option<Draft>,
    action: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    if !editing {
        // Beside « Modifier », not in the header: the header row is full at 1366 px.
        ui.horizontal(|ui| {
            if add_button(ui, "Modifier le ménage", true) {
                *start = Some(Draft::Household(HouseholdForm::from_record(h)));
            }
            if ui
                .button(RichText::new("Effacer définitivement ce ménage…").color(ERROR))
                .clicked()
            {
                *action = Some(PersonAction::EraseHousehold);
            }
        });
    }
    card(ui, |ui| {
        egui::Grid::new("menage_facts")
            .num_columns(2)
            .spacing([16.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                let mut fact = |k: &str, v: String| {
                    ui.label(RichText::new(k).strong());
                    ui.label(if v.is_empty() { "—".to_owned() } else { v });
                    ui.end_row();
                };
                fact(
                    "Composition",
                    composition_summary(data.detail.adults.len(), data.detail.children.len()),
                );
                fact("Scolarité", schooling_summary(&data.detail.children));
                fact("Logement actuel", h.housing_situation.label_fr().to_owned());
                fact("Commune", h.commune.clone());
                let dem = &h.housing_demand;
                fact(
                    "Demande de logement",
                    format!(
                        "{}{}",
                        dem.typology
                            .map_or("typologie non renseignée", |t| t.label_fr()),
                        dem.max_rent_cents
                            .map(|c| format!(", loyer max. {}", format_euros(c)))
                            .unwrap_or_default()
                    ),
                );
                fact(
                    "Numéro unique",
                    match (&dem.unique_number, dem.unique_number_date) {
                        (Some(n), Some(d)) => format!("{n} (du {})", format_date_fr(Some(d))),
                        (Some(n), None) => n.clone(),
                        _ => String::new(),
                    },
                );
                fact("Communes souhaitées", join_list(&dem.wished_communes));
                let resources: Vec<String> = h
                    .resources
                    .iter()
                    .map(|r| format!("{} {}", r.source.label_fr(), format_euros(r.monthly_cents)))
                    .collect();
                fact(
                    "Ressources mensuelles",
                    if resources.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "{} — total {}",
                            resources.join(", "),
                            format_euros(h.monthly_resources_cents())
                        )
                    },
                );
                fact(
                    "Freins",
                    h.barriers
                        .iter()
                        .map(|b| b.label_fr())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                fact("Référent·e", h.referent.clone());
                fact("Origine / prescripteur", h.origin.clone());
            });
    });
}

fn adults_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
    access: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    if !editing && add_button(ui, "Ajouter un adulte", true) {
        *start = Some(Draft::Adult(AdultForm::new(
            h.id,
            Uuid::new_v4(),
            data.detail.adults.is_empty(),
        )));
    }
    if data.detail.adults.is_empty() {
        ui.label("Aucun adulte enregistré : commencez par la personne de référence.");
    }
    for a in &data.detail.adults {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(a.display_name()).strong().size(17.0));
                if a.is_reference {
                    ui.label(RichText::new("personne de référence").color(ACCENT));
                }
                if let Some(b) = a.birth_date {
                    ui.label(format!(
                        "né·e le {} ({})",
                        format_date_fr(Some(b)),
                        age_fr(b, today)
                    ));
                }
                if !editing && ui.button("Modifier").clicked() {
                    *start = Some(Draft::Adult(AdultForm::from_record(a)));
                }
                if ui
                    .button(format!("Données de {}…", a.display_name()))
                    .clicked()
                {
                    *access = Some(PersonAction::Access(a.id, a.display_name()));
                }
                if ui
                    .button(RichText::new("Effacer cette personne…").color(ERROR))
                    .clicked()
                {
                    *access = Some(PersonAction::Erase(a.id, a.display_name()));
                }
            });
            let mut facts = vec![a.situation.label_fr().to_owned()];
            if a.france_travail_registered {
                facts.push("inscrit·e à France Travail".into());
            }
            if a.rsa {
                facts.push("RSA".into());
            }
            facts.push(a.education_level.label_fr().into());
            facts.push(
                match (a.driving_licence, a.vehicle) {
                    (true, true) => "permis et véhicule",
                    (true, false) => "permis, sans véhicule",
                    _ => "sans permis",
                }
                .into(),
            );
            facts.push(format!("mobilité {} km", a.mobility_radius_km));
            if let Some(d) = a.available_from {
                facts.push(format!("disponible le {}", format_date_fr(Some(d))));
            }
            ui.label(facts.join(" · "));
            if !a.trades.is_empty() {
                let domains: Vec<&str> = a
                    .rome_domains
                    .iter()
                    .map(|d| d.label_fr().split(" – ").nth(1).unwrap_or(d.label_fr()))
                    .collect();
                ui.label(format!(
                    "Métiers : {}{}",
                    join_list(&a.trades),
                    if domains.is_empty() {
                        String::new()
                    } else {
                        format!(" (domaines : {})", domains.join(" ; "))
                    }
                ));
            }
            let contact = [a.phone.as_str(), a.email.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            if !contact.is_empty() {
                ui.label(contact);
            }
            if !a.languages.is_empty() {
                ui.label(format!("Langues : {}", join_list(&a.languages)));
            }
            if !a.constraints.is_empty() {
                ui.label(format!("Contraintes : {}", a.constraints));
            }
            ui.horizontal_wrapped(|ui| match data.tutors.iter().find(|t| t.adult_id == a.id) {
                Some(t) => {
                    let mut line = format!("Tuteur·rice : {}", t.name);
                    if !t.organisation.is_empty() {
                        line.push_str(&format!(" ({})", t.organisation));
                    }
                    if !t.phone.is_empty() {
                        line.push_str(&format!(" · {}", t.phone));
                    }
                    if t.since.is_some() {
                        line.push_str(&format!(" · depuis le {}", format_date_fr(t.since)));
                    }
                    ui.label(line);
                    if !editing && ui.small_button("Modifier le tuteur").clicked() {
                        *start = Some(Draft::Tutor(TutorForm::from_record(t, h.id)));
                    }
                }
                None => {
                    ui.label(RichText::new("Pas de tuteur·rice en emploi.").weak());
                    if !editing && ui.small_button("Ajouter un tuteur").clicked() {
                        *start = Some(Draft::Tutor(TutorForm::new(h.id, a.id, Uuid::new_v4())));
                    }
                }
            });
        });
    }
}

fn children_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
    access: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    ui.label(
        RichText::new(schooling_summary(&data.detail.children))
            .strong()
            .size(17.0),
    );
    if !editing && add_button(ui, "Ajouter un enfant", true) {
        let last = data
            .detail
            .adults
            .iter()
            .find(|a| a.is_reference)
            .map(|a| a.last_name.as_str())
            .unwrap_or("");
        *start = Some(Draft::Child(ChildForm::new(h.id, Uuid::new_v4(), last)));
    }
    if data.detail.children.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("children", 6).show(ui, |ui| {
            header_row(
                ui,
                &[
                    "Enfant",
                    "Âge",
                    "Niveau",
                    "École actuelle",
                    "Inscription",
                    "",
                ],
            );
            for c in &data.detail.children {
                ui.label(c.display_name());
                ui.label(c.birth_date.map_or("—".into(), |b| age_fr(b, today)));
                ui.label(c.schooling_level.label_fr());
                ui.label(if c.current_school.is_empty() {
                    "—"
                } else {
                    &c.current_school
                });
                let mut enrol = match c.enrolment_date {
                    Some(d) => {
                        format!("{} ({})", c.enrolment.label_fr(), format_date_fr(Some(d)))
                    }
                    None => c.enrolment.label_fr().to_owned(),
                };
                if !c.destination_school.is_empty() {
                    enrol.push_str(&format!(" — {}", c.destination_school));
                }
                let colour = if c.enrolment == EnrolmentStatus::AFaire {
                    ERROR
                } else {
                    SUCCESS
                };
                ui.label(RichText::new(enrol).color(colour));
                ui.horizontal(|ui| {
                    if !editing && ui.button("Modifier").clicked() {
                        *start = Some(Draft::Child(ChildForm::from_record(c)));
                    }
                    let name = format!("{} {}", c.first_name, c.last_name);
                    if ui.button(format!("Données de {}…", name.trim())).clicked() {
                        *access = Some(PersonAction::Access(c.id, name.trim().to_owned()));
                    }
                    if ui
                        .button(RichText::new("Effacer cette personne…").color(ERROR))
                        .clicked()
                    {
                        *access = Some(PersonAction::Erase(c.id, name.trim().to_owned()));
                    }
                });
                ui.end_row();
            }
        });
    });
}

fn parcours_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    if data.paths.is_empty() {
        ui.label("Aucun parcours ouvert pour ce ménage.");
    }
    for path in &data.paths {
        card(ui, |ui| {
            let stage_label = |id: Uuid| {
                path.programme
                    .as_ref()
                    .and_then(|p| p.stage(id))
                    .map_or("étape inconnue".to_owned(), |s| s.label.clone())
            };
            let programme = path
                .programme
                .as_ref()
                .map_or("Dispositif", |p| p.name.as_str());
            ui.label(RichText::new(programme).strong().size(17.0));
            if let Some(current) = crate::domain::programme::current_stage(&path.history) {
                ui.label(
                    RichText::new(format!(
                        "Étape actuelle : {} (depuis {} jours)",
                        stage_label(current.stage_id),
                        current.days_in_stage(today)
                    ))
                    .color(ACCENT),
                );
            }
            ui.label(format!(
                "Ouvert le {} · {} · référent·e {}",
                format_date_fr(Some(path.case.opened_on)),
                path.case.exit.label_fr(),
                path.case.referent
            ));
            for e in crate::domain::programme::sorted_history(&path.history) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format_date_fr(Some(e.at.date_naive()))).monospace());
                    ui.label("•");
                    ui.label(RichText::new(stage_label(e.to_stage)).strong());
                    if !e.by.is_empty() {
                        ui.label(RichText::new(format!("par {}", e.by)).weak());
                    }
                    if !e.comment.is_empty() {
                        ui.label(RichText::new(&e.comment).italics());
                    }
                });
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Positionnements").strong().size(17.0));
    if data.detail.proposals.is_empty() {
        ui.label("Aucun positionnement sur une offre ou un logement.");
    }
    for p in &data.detail.proposals {
        let target = p
            .offer_id
            .or(p.unit_id)
            .and_then(|id| data.proposal_targets.get(&id))
            .map_or("offre ou logement supprimé", String::as_str);
        let mut line = format!(
            "{} · {} · {}",
            format_date_fr(Some(p.proposed_on)),
            target,
            p.status.label_fr()
        );
        if let Some(by) = p.decline_by {
            line.push_str(&format!(" ({} : {})", by.label_fr(), p.decline_reason));
        }
        ui.label(line);
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Suivi dans l'emploi").strong().size(17.0));
    let h = &data.detail.household;
    if !editing
        && add_button(
            ui,
            "Ajouter un point de suivi dans l'emploi",
            !data.detail.adults.is_empty(),
        )
    {
        *start = Some(Draft::FollowUp(next_follow_up(data)));
    }
    if data.detail.adults.is_empty() {
        ui.label("Enregistrez d'abord un adulte (onglet « Adultes »).");
    }
    if data.follow_ups.is_empty() {
        ui.label(format!(
            "Pas encore de point de suivi : après une embauche, notez ici les points à {} mois.",
            FOLLOW_UP_CHECKPOINTS.map(|m| m.to_string()).join(", ")
        ));
    }
    for f in &data.follow_ups {
        let who = data
            .detail
            .adults
            .iter()
            .find(|a| a.id == f.adult_id)
            .map(Adult::display_name)
            .unwrap_or_default();
        let state = match f.checked_on {
            Some(d) => format!(
                "fait le {} : {}, {}",
                format_date_fr(Some(d)),
                if f.still_in_post {
                    "toujours en poste"
                } else {
                    "plus en poste"
                },
                f.contract.label_fr()
            ),
            None => "à faire".to_owned(),
        };
        let job = f
            .offer_id
            .and_then(|id| data.proposal_targets.get(&id))
            .map_or_else(String::new, |label| format!(" ({label})"));
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{who} · embauche le {}{job} · point à {} mois : {state}",
                format_date_fr(Some(f.hired_on)),
                f.checkpoint_months
            ));
            if !f.notes.is_empty() {
                ui.label(RichText::new(&f.notes).italics());
            }
            if !editing && ui.small_button("Modifier").clicked() {
                *start = Some(Draft::FollowUp(FollowUpForm::from_record(f, h.id)));
            }
        });
    }
}

/// A new checkpoint, pre-filled from the latest one: same adult and hiring date, the
/// next checkpoint of 1, 3, 6, 12 months not yet recorded.
fn next_follow_up(data: &HouseholdPage) -> FollowUpForm {
    let h = &data.detail.household;
    let last = data
        .follow_ups
        .iter()
        .max_by_key(|f| (f.hired_on, f.checkpoint_months));
    let adult = last
        .map(|f| f.adult_id)
        .or_else(|| data.detail.adults.first().map(|a| a.id));
    let months = last
        .and_then(|l| {
            FOLLOW_UP_CHECKPOINTS.into_iter().find(|m| {
                !data.follow_ups.iter().any(|f| {
                    f.adult_id == l.adult_id
                        && f.hired_on == l.hired_on
                        && f.checkpoint_months == *m
                })
            })
        })
        .unwrap_or(FOLLOW_UP_CHECKPOINTS[0]);
    let mut form = FollowUpForm::new(
        h.id,
        Uuid::new_v4(),
        adult,
        last.map(|f| f.hired_on),
        months,
    );
    // Same job as the checkpoint before.
    form.base.offer_id = last.and_then(|f| f.offer_id);
    form
}

fn appointments_ui(
    ui: &mut egui::Ui,
    page: &PageView,
    today: NaiveDate,
    offset: FixedOffset,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let data = &page.data;
    let h = &data.detail.household;
    if !editing && add_button(ui, "Nouveau rendez-vous", true) {
        let a = Appointment {
            id: Uuid::new_v4(),
            household_id: Some(h.id),
            at: Utc::now(),
            kind: AppointmentKind::Entretien,
            place: String::new(),
            notes: String::new(),
        };
        let mut form = AppointmentForm::from_record(&a, false, offset, page.attendance_of(a.id));
        form.date = format_date_fr(Some(today));
        form.time = "09:30".to_owned();
        *start = Some(Draft::Appointment(form));
    }
    if data.detail.appointments.is_empty() {
        ui.label("Aucun rendez-vous.");
        return;
    }
    let now = Utc::now();
    let (mut upcoming, mut past): (Vec<&Appointment>, Vec<&Appointment>) =
        data.detail.appointments.iter().partition(|a| a.at >= now);
    upcoming.sort_by_key(|a| a.at);
    past.sort_by_key(|a| std::cmp::Reverse(a.at));
    for (title, list) in [("À venir", upcoming), ("Passés", past)] {
        if list.is_empty() {
            continue;
        }
        ui.label(RichText::new(title).strong().size(17.0));
        card(ui, |ui| {
            table_grid(title, 5).show(ui, |ui| {
                for a in list {
                    let local = a.at.with_timezone(&offset);
                    ui.label(local.format("%d/%m/%Y %H:%M").to_string());
                    ui.label(a.kind.label_fr());
                    ui.label(if a.place.is_empty() { "—" } else { &a.place });
                    let att = page.attendance_of(a.id);
                    let att: Vec<String> = att
                        .iter()
                        .filter_map(|(_, n, s)| s.map(|s| format!("{n} : {}", s.label_fr())))
                        .collect();
                    ui.label(if att.is_empty() {
                        "présence non renseignée".to_owned()
                    } else {
                        att.join(", ")
                    });
                    if !editing && ui.button("Modifier").clicked() {
                        *start = Some(Draft::Appointment(AppointmentForm::from_record(
                            a,
                            true,
                            offset,
                            page.attendance_of(a.id),
                        )));
                    }
                    ui.end_row();
                }
            });
        });
    }
}

fn journal_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    offset: FixedOffset,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    let new_note = |corrects: Option<Uuid>| {
        Draft::Note(NoteForm {
            id: Uuid::new_v4(),
            household_id: h.id,
            author: if data.worker_name.is_empty() {
                h.referent.clone()
            } else {
                data.worker_name.clone()
            },
            text: String::new(),
            corrects,
        })
    };
    if !editing && add_button(ui, "Nouvelle note", true) {
        *start = Some(new_note(None));
    }
    ui.label(
        RichText::new(
            "Une note enregistrée ne se modifie plus : pour rectifier, ajoutez une correction \
             qui la cite.",
        )
        .weak(),
    );
    if data.detail.notes.is_empty() {
        ui.label("Le journal est vide.");
    }
    for n in data.detail.notes.iter().rev() {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        n.at.with_timezone(&offset).format("%d/%m/%Y %H:%M"),
                        if n.author.is_empty() {
                            "auteur inconnu"
                        } else {
                            &n.author
                        }
                    ))
                    .strong(),
                );
                let corrected = data.detail.notes.iter().any(|m| m.corrects == Some(n.id));
                if corrected {
                    ui.label(RichText::new("corrigée plus tard").color(ERROR));
                }
                if !editing && ui.button("Corriger").clicked() {
                    *start = Some(new_note(Some(n.id)));
                }
            });
            if let Some(old) = n
                .corrects
                .and_then(|id| data.detail.notes.iter().find(|m| m.id == id))
            {
                ui.label(
                    RichText::new(format!(
                        "Correction de la note du {}",
                        old.at.with_timezone(&offset).format("%d/%m/%Y %H:%M")
                    ))
                    .italics(),
                );
            }
            // A label, not a text field: a saved note is read-only.
            ui.add(egui::Label::new(&n.text).wrap());
        });
    }
}

fn documents_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    if !editing && add_button(ui, "Ajouter une pièce", true) {
        let d = DocumentItem {
            id: Uuid::new_v4(),
            household_id: h.id,
            adult_id: None,
            kind: DocumentKind::Identite,
            status: DocumentStatus::AFournir,
            expires_on: None,
            attachment_id: None,
            notes: String::new(),
        };
        *start = Some(Draft::Document(DocumentForm::from_record(&d, false)));
    }
    let missing: Vec<&str> = DocumentKind::ALL
        .iter()
        .filter(|k| {
            **k != DocumentKind::Autre && !data.detail.documents.iter().any(|d| d.kind == **k)
        })
        .map(|k| k.label_fr())
        .collect();
    if !missing.is_empty() {
        ui.label(
            RichText::new(format!(
                "Pas encore dans la liste : {}.",
                missing.join(", ")
            ))
            .weak(),
        );
    }
    if data.detail.documents.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("documents", 5).show(ui, |ui| {
            header_row(ui, &["Pièce", "État", "Expiration", "Fichier", ""]);
            for d in &data.detail.documents {
                ui.label(d.kind.label_fr());
                let expired = d.expires_on.is_some_and(|e| e < today);
                let colour = match d.status {
                    DocumentStatus::Fourni if !expired => SUCCESS,
                    _ => ERROR,
                };
                ui.label(
                    RichText::new(if expired {
                        "Expiré"
                    } else {
                        d.status.label_fr()
                    })
                    .color(colour),
                );
                ui.label(d.expires_on.map_or("—".into(), |e| format_date_fr(Some(e))));
                let file = data
                    .attachments
                    .iter()
                    .rev()
                    .find(|a| Some(a.id) == d.attachment_id)
                    .map_or("—".to_owned(), |a| {
                        format!(
                            "{} ({} Kio, chiffré)",
                            a.file_name,
                            a.size_bytes.div_ceil(1024)
                        )
                    });
                ui.label(file);
                if !editing && ui.button("Modifier").clicked() {
                    *start = Some(Draft::Document(DocumentForm::from_record(d, true)));
                }
                ui.end_row();
            }
        });
    });
}

fn consents_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    for w in consent_warnings(&data.detail.consents, today) {
        ui.label(
            RichText::new(format!("Attention : {w}"))
                .color(ERROR)
                .strong(),
        );
    }
    if !editing && add_button(ui, "Nouveau consentement", true) {
        let c = Consent {
            id: Uuid::new_v4(),
            household_id: h.id,
            partner_id: None,
            role: Some(PartnerRole::Accompagnement),
            given_on: today,
            scope: String::new(),
            method: ConsentMethod::EcritSigne,
            expires_on: None,
            withdrawn_on: None,
        };
        *start = Some(Draft::Consent(ConsentForm::from_record(&c, false)));
    }
    if data.detail.consents.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("consents", 6).show(ui, |ui| {
            header_row(
                ui,
                &[
                    "Partenaire",
                    "Donné le",
                    "Portée",
                    "Forme du recueil",
                    "Validité",
                    "",
                ],
            );
            for c in &data.detail.consents {
                let named = c
                    .partner_id
                    .and_then(|id| data.partners.iter().find(|p| p.id == id));
                // Long names and scopes wrap inside their column: the table stays in its card.
                wrapped_cell(
                    ui,
                    &match (named, c.role) {
                        (Some(p), Some(r)) => format!("{} ; {}", partner_label(p), r.label_fr()),
                        (Some(p), None) => partner_label(p),
                        (None, Some(r)) => r.label_fr().to_owned(),
                        (None, None) => "partenaire retiré de l'annuaire".to_owned(),
                    },
                    220.0,
                );
                ui.label(format_date_fr(Some(c.given_on)));
                wrapped_cell(ui, if c.scope.is_empty() { "—" } else { &c.scope }, 200.0);
                ui.label(c.method.label_fr());
                let (text, colour) = if c.is_valid_on(today) {
                    (
                        c.expires_on.map_or("en cours".to_owned(), |e| {
                            format!("jusqu'au {}", format_date_fr(Some(e)))
                        }),
                        SUCCESS,
                    )
                } else if let Some(w) = c.withdrawn_on {
                    (format!("retiré le {}", format_date_fr(Some(w))), ERROR)
                } else {
                    ("expiré".to_owned(), ERROR)
                };
                ui.label(RichText::new(text).color(colour));
                if !editing && ui.button("Modifier").clicked() {
                    *start = Some(Draft::Consent(ConsentForm::from_record(c, true)));
                }
                ui.end_row();
            }
        });
    });
}

/// The striped grid every list of the household page uses (children, appointments,
/// documents, consents), so that they line up the same way.
fn table_grid(id_salt: impl egui::AsIdSalt, columns: usize) -> egui::Grid {
    egui::Grid::new(id_salt)
        .num_columns(columns)
        .striped(true)
        .spacing([14.0, 6.0])
}

/// A bold header row, then the next row.
fn header_row(ui: &mut egui::Ui, headers: &[&str]) {
    for t in headers {
        ui.label(RichText::new(*t).strong());
    }
    ui.end_row();
}
