//! The « Échanges » section: identity and partner directory, sending a case packet (with
//! a preview of exactly what leaves), receiving one (with a preview of what changes), and
//! the conflicts to resolve field by field.
//!
//! Draws cached view models filled by the app (`app/exchange.rs`) after commands; the forms
//! being filled live here and are read by the app when a command asks.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use egui::{Frame, Margin, RichText};
use egui_extras::{Column, TableBuilder};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::Message;
use super::theme::{
    ACCENT, CARD_STROKE, ERROR, EXCHANGE_CARD_FILL, ON_ACCENT, SUCCESS, TEXT_MUTED,
};
use super::{error_text, on_click, primary_button, secret_buffer};
use crate::command::Command;
use crate::command::exchange::{ExchangeCommand, FilePurpose};
use crate::domain::model::PartnerRole;
use crate::domain::text::count;
use crate::exchange::packet::{ContactCard, OpenedPacket};
pub mod text;

mod conflicts;
mod identity;
mod receive;
mod send;
use conflicts::*;
use identity::*;
use receive::*;
pub use send::generated_passphrase_ui;
use send::*;

/// Sub-part of the section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExchangeTab {
    /// « Identité et partenaires ».
    #[default]
    Identite,
    /// « Envoyer un dossier ».
    Envoyer,
    /// « Recevoir un dossier ».
    Recevoir,
    /// « Conflits ».
    Conflits,
}

impl ExchangeTab {
    /// French label of the tab.
    pub fn label(self) -> &'static str {
        match self {
            ExchangeTab::Identite => text::IDENTITE_ET_PARTENAIRES,
            ExchangeTab::Envoyer => text::ENVOYER_UN_DOSSIER,
            ExchangeTab::Recevoir => text::RECEVOIR_UN_DOSSIER,
            ExchangeTab::Conflits => text::CONFLITS,
        }
    }
}

/// This installation's identity, for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdentityInfo {
    /// Organisation name.
    pub organisation: String,
    /// The fingerprint to read to partners over the phone.
    pub fingerprint: String,
}

/// A pinned partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRow {
    /// Partner id.
    pub id: Uuid,
    /// Organisation.
    pub organisation: String,
    /// Role (decides the redaction).
    pub role: PartnerRole,
    /// Fingerprint checked when pinned.
    pub fingerprint: String,
    /// Contact person.
    pub contact: String,
    /// Revoked: since when (dd/mm/yyyy).
    pub revoked: Option<String>,
    /// The employer or landlord record it is linked to (name), if any.
    pub linked: Option<String>,
    /// Earlier cards replaced by a re-pin (short fingerprints).
    pub replaced: Vec<String>,
}

/// A household that can be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdChoice {
    /// Household id.
    pub id: Uuid,
    /// « Famille … ».
    pub label: String,
    /// Commune.
    pub commune: String,
    /// A consent is in force today (for some partner or role).
    pub consent_ok: bool,
}

/// One line of the packet history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRow {
    /// dd/mm/yyyy hh:mm.
    pub at: String,
    /// « Envoyé » / « Reçu ».
    pub direction: String,
    /// Partner organisation (or « par phrase de passe »).
    pub partner: String,
    /// French counts.
    pub summary: String,
}

/// A conflict, ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    /// Conflict id.
    pub id: i64,
    /// Household concerned (label), or the record's kind.
    pub household: String,
    /// Which record (« Adulte : Hélène Martin »).
    pub record: String,
    /// French field name.
    pub field: String,
    /// My value, displayed.
    pub mine: String,
    /// Who/when of my value.
    pub mine_by: String,
    /// Their value, displayed.
    pub theirs: String,
    /// Who/when of their value.
    pub theirs_by: String,
    /// Whether my value is the one currently in the base (the merge retained it).
    pub mine_retained: bool,
}

/// What the app loads for the section.
#[derive(Clone, Debug, Default)]
pub struct ExchangeData {
    /// The identity, once created.
    pub identity: Option<IdentityInfo>,
    /// Pinned partners.
    pub partners: Vec<PartnerRow>,
    /// Households that can be sent.
    pub households: Vec<HouseholdChoice>,
    /// Last packets sent and received.
    pub log: Vec<LogRow>,
    /// Open conflicts.
    pub conflicts: Vec<ConflictRow>,
    /// Employer records (id, name), to link an employer partner to its own.
    pub employers: Vec<(Uuid, String)>,
    /// Landlord records (id, name), to link a landlord partner to its own.
    pub landlords: Vec<(Uuid, String)>,
    /// What packets deleted here, restorable for 30 days (« Suppressions reçues »).
    pub received_deletions: Vec<ReceivedDeletion>,
}

/// What one packet deleted in one household, restorable for 30 days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedDeletion {
    /// The packet.
    pub packet_id: Uuid,
    /// The household (`None`: records of no household).
    pub household_id: Option<Uuid>,
    /// « Famille Martin », or what is known of it.
    pub household: String,
    /// The records deleted (« Adulte : Jean Martin »).
    pub records: Vec<String>,
    /// Who sent the packet.
    pub partner: String,
    /// When it was applied (dd/mm/yyyy).
    pub deleted_on: String,
    /// Restorable until (dd/mm/yyyy).
    pub until: String,
}

/// A partner card read from a file, shown with its fingerprint before pinning.
#[derive(Clone, Debug)]
pub struct CardCandidate {
    /// The card.
    pub card: ContactCard,
    /// Role chosen for it.
    pub role: PartnerRole,
    /// Contact person typed.
    pub contact: String,
    /// Already pinned as this organisation (the pin then updates it).
    pub already: Option<String>,
    /// A pinned partner of the same name with other keys: (id, its fingerprint). The card
    /// may be its renewed card.
    pub renews: Option<(Uuid, String)>,
    /// The worker confirmed it is that partner's renewed card (re-pin, old key replaced).
    pub replace: bool,
}

/// The export preview: what leaves, and what is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportPreview {
    /// « Employeur : Mission locale (…) ».
    pub recipients: String,
    /// Per kind of record, the fields that leave (French).
    pub fields: Vec<(String, String)>,
    /// Households that will be sent, with their record counts.
    pub households: Vec<String>,
    /// French refusals (no consent); nothing is written while there is one.
    pub refusals: Vec<String>,
    /// Number of records in the packet.
    pub records: usize,
}

/// The « Envoyer un dossier » form.
pub struct SendForm {
    /// Text filtering the household list.
    pub filter: String,
    /// Households chosen.
    pub selected: BTreeSet<Uuid>,
    /// Partners chosen.
    pub partners: BTreeSet<Uuid>,
    /// Role of a passphrase packet (chosen explicitly); a packet to pinned partners is
    /// redacted for their pinned role, never a role chosen here.
    pub role: PartnerRole,
    /// Include the journal notes.
    pub include_notes: bool,
    /// Text file for e-mail (ASCII armor) rather than binary.
    pub armor: bool,
    /// A passphrase instead of the partners' keys (partner without a card).
    pub by_passphrase: bool,
    /// That passphrase.
    pub passphrase: Zeroizing<String>,
    /// The passphrase was generated (readable words): it is shown in clear, to be read to
    /// the partner over the phone, and stays until the worker says she has given it.
    pub generated: bool,
    /// Why (goes in the manifest).
    pub purpose: String,
    /// The preview, once computed (any change to the form drops it).
    pub preview: Option<ExportPreview>,
    /// Indices (in the loaded households) of those the filter shows.
    pub shown: Vec<usize>,
    /// The filter and list size `shown` was computed for (`None`: compute it again; the
    /// app sets it when new data arrives).
    pub shown_for: Option<(String, usize)>,
}

impl Default for SendForm {
    fn default() -> Self {
        SendForm {
            filter: String::new(),
            selected: BTreeSet::new(),
            partners: BTreeSet::new(),
            role: PartnerRole::Accompagnement,
            include_notes: false,
            armor: false,
            by_passphrase: false,
            passphrase: secret_buffer(),
            generated: false,
            purpose: String::new(),
            preview: None,
            shown: Vec::new(),
            shown_for: None,
        }
    }
}

/// Per household, what the import does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HouseholdImport {
    /// Household label (or « Autres fiches »).
    pub label: String,
    /// New records.
    pub new: usize,
    /// Updated records.
    pub updated: usize,
    /// Records with a concurrent edit.
    pub conflicting: usize,
    /// Unchanged records.
    pub unchanged: usize,
}

/// The import preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    /// French summary line.
    pub summary: String,
    /// The packet was imported before: nothing to do.
    pub already: bool,
    /// Sender, purpose, date.
    pub about: String,
    /// Per household.
    pub households: Vec<HouseholdImport>,
    /// The concurrent edits, in French.
    pub conflicts: Vec<String>,
    /// The records the packet deletes here (« Ménage — Adulte : … »).
    pub deletions: Vec<String>,
    /// The records refused (outside what the sender may change), with the reason.
    pub refused: Vec<String>,
    /// What the partner recorded that is shown, never taken (its consents).
    pub information: Vec<String>,
}

/// The « Recevoir un dossier » state.
pub struct ReceiveForm {
    /// The packet file chosen.
    pub path: Option<PathBuf>,
    /// The packet is protected by a passphrase: ask it.
    pub needs_passphrase: bool,
    /// The passphrase typed.
    pub passphrase: Zeroizing<String>,
    /// Why the packet was refused (French), nothing changed.
    pub error: Option<String>,
    /// The preview of the packet opened.
    pub preview: Option<ImportPreview>,
    /// The packet that passed every check, awaiting « Appliquer ».
    pub pending: Option<Box<OpenedPacket>>,
    /// The worker chose to apply the packet's deletions too (off by default).
    pub apply_deletions: bool,
}

impl Default for ReceiveForm {
    fn default() -> Self {
        ReceiveForm {
            path: None,
            needs_passphrase: false,
            passphrase: secret_buffer(),
            error: None,
            preview: None,
            pending: None,
            apply_deletions: false,
        }
    }
}

/// Progress of background work: the phase reached, among known phases.
#[derive(Clone, Debug)]
pub struct Progress {
    /// What is being done (« Écriture du paquet »).
    pub title: &'static str,
    /// Phase labels, in order.
    pub phases: &'static [&'static str],
    /// Index of the phase reached, updated by the worker thread.
    pub reached: Arc<AtomicUsize>,
}

impl Progress {
    /// Fraction done (0 to 1) and the current phase label.
    pub fn now(&self) -> (f32, &'static str) {
        let n = self.phases.len().max(1);
        let i = self.reached.load(Ordering::Relaxed).min(n - 1);
        ((i as f32 + 0.5) / n as f32, self.phases[i])
    }
}

/// View state of the « Échanges » section.
#[derive(Default)]
pub struct ExchangeView {
    /// Sub-part shown.
    pub tab: ExchangeTab,
    /// Loaded data.
    pub data: ExchangeData,
    /// The data is being read on a background thread (set by the app; the data shown until
    /// it answers stays).
    pub loading: bool,
    /// The data was loaded at least once (until then the section says it is loading).
    pub loaded: bool,
    /// Result of the last action.
    pub message: Option<Message>,
    /// Organisation name typed to create the identity.
    pub organisation: String,
    /// A partner card being checked.
    pub card: Option<CardCandidate>,
    /// The send form.
    pub send: SendForm,
    /// The receive form.
    pub receive: ReceiveForm,
    /// The in-app file chooser, when open, and what it is for.
    pub chooser: Option<(FilePurpose, FileChooser)>,
    /// A native file dialog is open (its buttons wait meanwhile).
    pub dialog_open: bool,
    /// Work running in the background.
    pub progress: Option<Progress>,
    /// This desktop has a native file dialog (set by the app): the in-app chooser is then
    /// offered beside it.
    pub native_dialog: bool,
    /// Scroll back to the top at the next frame (a preview or a result just arrived, and
    /// its buttons are at the top).
    pub scroll_to_top: bool,
    /// The partner whose actions are shown (revoke, remove, link).
    pub managed: Option<Uuid>,
    /// The link being chosen for the managed partner.
    pub link_choice: Option<Uuid>,
    /// An action waiting for its confirmation.
    pub confirm: Option<Confirm>,
}

/// An irreversible or sensitive action, shown with its warning before it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Revoke this partner.
    Revoke(Uuid),
    /// Remove this partner from the directory.
    Unpin(Uuid),
    /// Replace our keys.
    Rotate,
    /// Write our secret key to a file.
    ExportKey,
}

/// French names of record fields, for previews and conflicts.
pub fn field_label_fr(field: &str) -> &str {
    match field {
        "label" => text::NOM_DU_MENAGE,
        "pseudonym" => text::PSEUDONYME_A_LA_PLACE_DU_NOM,
        "exit_details" => text::PRECISIONS_SUR_LA_SORTIE,
        "opened_on" => text::DATE_D_ORIENTATION,
        "exit" => "sortie",
        "exit_date" => text::DATE_DE_SORTIE,
        "exit_reason" => text::MOTIF_DE_SORTIE_ANTICIPEE,
        "from_stage" => text::ETAPE_PRECEDENTE,
        "to_stage" => text::NOUVELLE_ETAPE,
        "by" => "auteur",
        "comment" => "commentaire",
        "commune" => "commune",
        "referent" => text::REFERENT_E,
        "housing_situation" => text::SITUATION_DE_LOGEMENT,
        "housing_demand" => text::DEMANDE_DE_LOGEMENT,
        "resources" => "ressources",
        "barriers" => "freins",
        "origin" => "origine",
        "caf_number" => text::NUMERO_CAF,
        "typology" => "typologie",
        "unique_number" => text::NUMERO_UNIQUE,
        "unique_number_date" => text::DATE_DU_NUMERO_UNIQUE,
        "wished_communes" => text::COMMUNES_SOUHAITEES,
        "max_rent_cents" => text::LOYER_MAXIMAL,
        "unknown_to_employment_services" => text::INCONNU_DES_SERVICES_DE_L_EMPLOI,
        "is_reference" => text::PERSONNE_DE_REFERENCE,
        "first_name" => text::PRENOM,
        "last_name" => "nom",
        "birth_date" => text::DATE_DE_NAISSANCE,
        "phone" => text::TELEPHONE,
        "email" => "courriel",
        "situation" => "situation",
        "france_travail_registered" => text::INSCRIPTION_FRANCE_TRAVAIL,
        "rsa" => "RSA",
        "education_level" => text::NIVEAU_D_ETUDES,
        "qualifications" => "qualifications",
        "trades" => text::METIERS_RECHERCHES,
        "rome_domains" => text::DOMAINES_ROME,
        "driving_licence" => text::PERMIS_DE_CONDUIRE,
        "vehicle" => text::VEHICULE,
        "languages" => "langues",
        "available_from" => text::DISPONIBLE_A_PARTIR_DU,
        "mobility_radius_km" => text::RAYON_DE_MOBILITE_KM,
        "constraints" => "contraintes",
        "schooling_level" => text::NIVEAU_SCOLAIRE,
        "current_school" => text::ECOLE_ACTUELLE,
        "enrolment" => text::INSCRIPTION_A_DESTINATION,
        "enrolment_date" => text::DATE_D_INSCRIPTION,
        "childcare_need" => text::BESOIN_DE_GARDE,
        "notes" => "remarques",
        "status" => "statut",
        "text" => "texte",
        "at" => "date",
        "kind" => "type",
        "name" => "nom",
        "from" => text::ARRIVEE,
        "to" => text::DEPART,
        "hired_on" => text::DATE_D_EMBAUCHE,
        "checkpoint_months" => text::ECHEANCE_MOIS,
        "checked_on" => text::DATE_DU_POINT,
        "still_in_post" => text::TOUJOURS_EN_POSTE,
        "contract" => "contrat",
        other => other,
    }
}

/// Draws the section.
pub fn exchange_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    let heading = ui.heading(text::ECHANGES_AVEC_LES_PARTENAIRES);
    if std::mem::take(&mut view.scroll_to_top) {
        heading.scroll_to_me(Some(egui::Align::Min));
    }
    ui.label(RichText::new(text::DES_DOSSIERS_CHIFFRES_ET_SIGNES_ECHANGES).color(TEXT_MUTED));
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for tab in [
            ExchangeTab::Identite,
            ExchangeTab::Envoyer,
            ExchangeTab::Recevoir,
            ExchangeTab::Conflits,
        ] {
            let text = if tab == ExchangeTab::Conflits && !view.data.conflicts.is_empty() {
                format!("{} ({})", tab.label(), view.data.conflicts.len())
            } else {
                tab.label().to_owned()
            };
            if ui.selectable_label(view.tab == tab, text).clicked() {
                view.tab = tab;
            }
        }
    });
    ui.separator();

    super::expire_message(ui, "exchange_message", &mut view.message);
    if let Some(message) = &view.message {
        let colour = if message.is_success() { SUCCESS } else { ERROR };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&message.text).color(colour));
            let close = ui.small_button(text::FERMER_LE_MESSAGE);
            on_click(&close, commands, ex(ExchangeCommand::DismissMessage));
        });
    }
    if let Some(progress) = &view.progress {
        let (fraction, phase) = progress.now();
        ui.label(RichText::new(progress.title).strong());
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(phase)
                .desired_width(480.0)
                .animate(true),
        );
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }

    if let Some((purpose, chooser)) = &mut view.chooser {
        let purpose = *purpose;
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(path)) => {
                commands.push(ex(ExchangeCommand::FileChosen(purpose, path)));
            }
            Some(ChooserEvent::Cancelled) => commands.push(ex(ExchangeCommand::CancelChooser)),
            None => {}
        }
        ui.add_space(8.0);
    }

    if !view.loaded {
        // The first read runs on a thread (issue 17): nothing to show before it answers.
        super::progress(ui, text::CHARGEMENT_DES_ECHANGES);
        return;
    }
    match view.tab {
        ExchangeTab::Identite => identity_ui(ui, view, commands),
        ExchangeTab::Envoyer => send_ui(ui, view, commands),
        ExchangeTab::Recevoir => receive_ui(ui, view, commands),
        ExchangeTab::Conflits => conflicts_ui(ui, view, commands),
    }
}

fn card_frame<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    Frame::new()
        .fill(EXCHANGE_CARD_FILL)
        .stroke(egui::Stroke::new(1.0, CARD_STROKE))
        .corner_radius(8.0)
        .inner_margin(Margin::same(14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(900.0));
            add(ui)
        })
        .inner
}

/// A « Choisir… » button: the native dialog or the in-app chooser, never nothing.
fn choose_button(
    ui: &mut egui::Ui,
    view: &ExchangeView,
    text: &str,
    purpose: FilePurpose,
    commands: &mut Vec<Command>,
) {
    let busy = view.dialog_open || view.progress.is_some();
    ui.horizontal(|ui| {
        if ui.add_enabled(!busy, egui::Button::new(text)).clicked() {
            commands.push(Command::Exchange(ExchangeCommand::ChooseFile { purpose }));
        }
        in_app_choice(ui, view, busy, purpose, commands);
    });
}

/// Beside a native dialog, the in-app chooser stays one click away (a portal that shows
/// nothing, a USB key the system dialog does not list…).
fn in_app_choice(
    ui: &mut egui::Ui,
    view: &ExchangeView,
    busy: bool,
    purpose: FilePurpose,
    commands: &mut Vec<Command>,
) {
    if view.native_dialog
        && ui
            .add_enabled(
                !busy,
                egui::Button::new(text::CHOISIR_DANS_PASSERELLE).small(),
            )
            .clicked()
    {
        commands.push(Command::Exchange(ExchangeCommand::ChooseFileInApp(purpose)));
    }
}
