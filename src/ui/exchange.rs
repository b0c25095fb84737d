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
            ExchangeTab::Identite => "Identité et partenaires",
            ExchangeTab::Envoyer => "Envoyer un dossier",
            ExchangeTab::Recevoir => "Recevoir un dossier",
            ExchangeTab::Conflits => "Conflits",
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
    /// The data being read on a background thread (set by the app; the data shown until
    /// it answers stays).
    pub loading: Option<std::sync::mpsc::Receiver<Result<ExchangeData, String>>>,
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
    /// The answer of the native file dialog open on its thread, if one is open (its
    /// buttons wait meanwhile).
    pub dialog: Option<std::sync::mpsc::Receiver<(FilePurpose, Option<PathBuf>)>>,
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
        "label" => "nom du ménage",
        "pseudonym" => "pseudonyme (à la place du nom)",
        "exit_details" => "précisions sur la sortie",
        "opened_on" => "date d'orientation",
        "exit" => "sortie",
        "exit_date" => "date de sortie",
        "exit_reason" => "motif de sortie anticipée",
        "from_stage" => "étape précédente",
        "to_stage" => "nouvelle étape",
        "by" => "auteur",
        "comment" => "commentaire",
        "commune" => "commune",
        "referent" => "référent·e",
        "housing_situation" => "situation de logement",
        "housing_demand" => "demande de logement",
        "resources" => "ressources",
        "barriers" => "freins",
        "origin" => "origine",
        "caf_number" => "numéro CAF",
        "typology" => "typologie",
        "unique_number" => "numéro unique",
        "unique_number_date" => "date du numéro unique",
        "wished_communes" => "communes souhaitées",
        "max_rent_cents" => "loyer maximal",
        "unknown_to_employment_services" => "inconnu des services de l'emploi",
        "is_reference" => "personne de référence",
        "first_name" => "prénom",
        "last_name" => "nom",
        "birth_date" => "date de naissance",
        "phone" => "téléphone",
        "email" => "courriel",
        "situation" => "situation",
        "france_travail_registered" => "inscription France Travail",
        "rsa" => "RSA",
        "education_level" => "niveau d'études",
        "qualifications" => "qualifications",
        "trades" => "métiers recherchés",
        "rome_domains" => "domaines ROME",
        "driving_licence" => "permis de conduire",
        "vehicle" => "véhicule",
        "languages" => "langues",
        "available_from" => "disponible à partir du",
        "mobility_radius_km" => "rayon de mobilité (km)",
        "constraints" => "contraintes",
        "schooling_level" => "niveau scolaire",
        "current_school" => "école actuelle",
        "enrolment" => "inscription à destination",
        "enrolment_date" => "date d'inscription",
        "childcare_need" => "besoin de garde",
        "notes" => "remarques",
        "status" => "statut",
        "text" => "texte",
        "at" => "date",
        "kind" => "type",
        "name" => "nom",
        "from" => "arrivée",
        "to" => "départ",
        "hired_on" => "date d'embauche",
        "checkpoint_months" => "échéance (mois)",
        "checked_on" => "date du point",
        "still_in_post" => "toujours en poste",
        "contract" => "contrat",
        other => other,
    }
}

/// Draws the section.
pub fn exchange_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    let heading = ui.heading("Échanges avec les partenaires");
    if std::mem::take(&mut view.scroll_to_top) {
        heading.scroll_to_me(Some(egui::Align::Min));
    }
    ui.label(
        RichText::new(
            "Des dossiers chiffrés et signés, échangés par clé USB ou courriel : chaque \
             partenaire ne reçoit que ce que son rôle et le consentement du ménage permettent.",
        )
        .color(TEXT_MUTED),
    );
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
            let close = ui.small_button("Fermer le message");
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
                commands.push(ex(ExchangeCommand::FileChosen(purpose, path)))
            }
            Some(ChooserEvent::Cancelled) => commands.push(ex(ExchangeCommand::CancelChooser)),
            None => {}
        }
        ui.add_space(8.0);
    }

    if !view.loaded {
        // The first read runs on a thread (issue 17): nothing to show before it answers.
        super::progress(ui, "Chargement des échanges…");
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
    let busy = view.dialog.is_some() || view.progress.is_some();
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
            .add_enabled(!busy, egui::Button::new("Choisir dans Passerelle").small())
            .clicked()
    {
        commands.push(Command::Exchange(ExchangeCommand::ChooseFileInApp(purpose)));
    }
}

fn identity_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    ui.label(RichText::new("Votre identité").strong().size(18.0));
    let mut ask = None;
    card_frame(ui, |ui| match &view.data.identity {
        None => {
            ui.label(
                "Pour échanger des dossiers, créez d'abord l'identité de votre structure : \
                 une paire de clés gardée dans la base chiffrée.",
            );
            ui.horizontal(|ui| {
                let l = ui.label("Nom de votre structure");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut view.organisation).desired_width(320.0))
                    .labelled_by(l.id);
                // Entrée in the field validates, as the button does.
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = !view.organisation.trim().is_empty();
                let b = primary_button(ui, "Créer l'identité", ok);
                if ok && entered {
                    commands.push(ex(ExchangeCommand::CreateIdentity));
                } else {
                    on_click(&b, commands, ex(ExchangeCommand::CreateIdentity));
                }
            });
        }
        Some(id) => {
            ui.label(RichText::new(&id.organisation).strong());
            ui.label("Empreinte à lire à vos partenaires par téléphone :");
            ui.label(RichText::new(&id.fingerprint).monospace().color(ACCENT));
            ui.horizontal(|ui| {
                choose_button(
                    ui,
                    view,
                    "Exporter ma carte de contact…",
                    FilePurpose::SaveCard,
                    commands,
                );
            });
            ui.horizontal(|ui| {
                if ui.button("Exporter ma clé secrète (age)…").clicked() {
                    ask = Some(Confirm::ExportKey);
                }
                if ui.button("Renouveler mes clés…").clicked() {
                    ask = Some(Confirm::Rotate);
                }
            });
        }
    });
    if ask.is_some() {
        view.confirm = ask;
    }
    match view.confirm {
        Some(Confirm::ExportKey) => {
            card_frame(ui, |ui| {
                ui.label(
                    RichText::new("Exporter votre clé secrète")
                        .strong()
                        .color(ERROR),
                );
                error_text(
                    ui,
                    "Ce fichier ouvre TOUS les paquets adressés à votre structure. Ne \
                     l'exportez que pour ouvrir un paquet avec l'outil « age » \
                     (age -d -i ma-cle-age.txt paquet.age), gardez-le sur un support chiffré, \
                     ne l'envoyez jamais et supprimez-le après usage. L'export est noté dans \
                     le journal.",
                );
                ui.horizontal(|ui| {
                    choose_button(
                        ui,
                        view,
                        "J'ai compris : enregistrer la clé…",
                        FilePurpose::SaveKey,
                        commands,
                    );
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        Some(Confirm::Rotate) => {
            card_frame(ui, |ui| {
                ui.label(RichText::new("Renouveler vos clés").strong().color(ERROR));
                ui.label(
                    "De nouvelles clés remplacent les vôtres : exportez ensuite votre nouvelle \
                     carte et envoyez-la à chaque partenaire, qui la réépinglera après avoir \
                     vérifié la nouvelle empreinte. Les paquets écrits pour l'ancienne carte \
                     restent lisibles pendant 60 jours.",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Renouveler maintenant", true);
                    on_click(&go, commands, ex(ExchangeCommand::RotateIdentity));
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        _ => {}
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Partenaires").strong().size(18.0));
    if let Some(candidate) = &mut view.card {
        card_frame(ui, |ui| {
            ui.label(
                RichText::new(format!("Carte de {}", candidate.card.organisation))
                    .strong()
                    .color(ACCENT),
            );
            ui.label(
                "Appelez ce partenaire et faites-lui lire son empreinte : elle doit être \
                 exactement celle-ci. Sinon, n'épinglez pas la carte.",
            );
            ui.label(
                RichText::new(&candidate.card.fingerprint)
                    .monospace()
                    .size(18.0),
            );
            if let Some(org) = &candidate.already {
                ui.label(format!(
                    "Déjà épinglée sous le nom « {org} » : son rôle sera mis à jour."
                ));
            }
            if let Some((_, old)) = &candidate.renews {
                ui.checkbox(
                    &mut candidate.replace,
                    format!(
                        "C'est la nouvelle carte de ce partenaire (clés renouvelées) : elle \
                         remplace l'ancienne ({})",
                        short_fingerprint(old)
                    ),
                );
            }
            ui.horizontal(|ui| {
                egui::ComboBox::from_label("Rôle du partenaire")
                    .selected_text(candidate.role.label_fr())
                    .show_ui(ui, |ui| {
                        for r in PartnerRole::ALL {
                            ui.selectable_value(&mut candidate.role, *r, r.label_fr());
                        }
                    });
            });
            ui.horizontal(|ui| {
                let l = ui.label("Personne à contacter");
                ui.add(egui::TextEdit::singleline(&mut candidate.contact).desired_width(320.0))
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let pin = primary_button(ui, "L'empreinte est la bonne : épingler", true);
                on_click(&pin, commands, ex(ExchangeCommand::PinPartner));
                let cancel = ui.button("Ne pas épingler");
                on_click(&cancel, commands, ex(ExchangeCommand::CancelCard));
            });
        });
    } else if view.data.identity.is_some() {
        choose_button(
            ui,
            view,
            "Importer la carte d'un partenaire…",
            FilePurpose::OpenCard,
            commands,
        );
    }
    if view.data.partners.is_empty() {
        ui.label(
            RichText::new(
                "Aucun partenaire épinglé. Demandez sa carte de contact à un partenaire, puis \
                 importez-la ici.",
            )
            .italics(),
        );
    } else {
        egui::Grid::new("partners")
            .striped(true)
            .num_columns(5)
            .spacing([18.0, 6.0])
            .show(ui, |ui| {
                for h in ["Structure", "Rôle", "Contact", "Empreinte", "État"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for p in &view.data.partners {
                    let chosen = view.managed == Some(p.id);
                    if ui.selectable_label(chosen, &p.organisation).clicked() {
                        view.managed = if chosen { None } else { Some(p.id) };
                        view.link_choice = view
                            .data
                            .employers
                            .iter()
                            .chain(&view.data.landlords)
                            .find(|(_, n)| Some(n) == p.linked.as_ref())
                            .map(|(id, _)| *id);
                        view.confirm = None;
                    }
                    ui.label(p.role.label_fr());
                    ui.label(if p.contact.is_empty() {
                        "—"
                    } else {
                        &p.contact
                    });
                    ui.label(RichText::new(short_fingerprint(&p.fingerprint)).monospace());
                    match &p.revoked {
                        Some(d) => ui.label(RichText::new(format!("Révoqué le {d}")).color(ERROR)),
                        None => ui.label("Actif"),
                    };
                    ui.end_row();
                }
            });
        ui.label(
            RichText::new("Cliquez sur une structure pour la lier, la révoquer ou la retirer.")
                .small(),
        );
        manage_partner_ui(ui, view, commands);
    }
}

/// The actions on the partner clicked in the directory.
fn manage_partner_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    let Some(p) = view
        .managed
        .and_then(|id| view.data.partners.iter().find(|p| p.id == id))
        .cloned()
    else {
        return;
    };
    card_frame(ui, |ui| {
        ui.label(
            RichText::new(format!("{} ({})", p.organisation, p.role.label_fr()))
                .strong()
                .color(ACCENT),
        );
        ui.label(format!("Empreinte : {}", p.fingerprint));
        for old in &p.replaced {
            ui.label(RichText::new(format!("Ancienne clé remplacée : {old} …")).small());
        }
        if let Some(d) = &p.revoked {
            ui.label(
                RichText::new(format!(
                    "Révoqué le {d} : rien ne lui est envoyé, ses paquets signés depuis sont \
                     refusés."
                ))
                .color(ERROR),
            );
        }
        let records = match p.role {
            PartnerRole::Employeur => Some(("Fiche employeur liée", &view.data.employers)),
            PartnerRole::Bailleur => Some(("Fiche bailleur liée", &view.data.landlords)),
            _ => None,
        };
        if let Some((label, list)) = records {
            ui.label(
                "Une fois lié à sa fiche, ce partenaire ne reçoit que les positionnements sur ses \
                 propres offres ou logements.",
            );
            ui.horizontal(|ui| {
                let name = |id: Option<Uuid>| {
                    id.and_then(|id| list.iter().find(|(i, _)| *i == id))
                        .map_or("— aucune", |(_, n)| n.as_str())
                        .to_owned()
                };
                let l = ui.label(label);
                egui::ComboBox::from_id_salt("partner_link")
                    .selected_text(name(view.link_choice))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut view.link_choice, None, "— aucune");
                        for (id, n) in list {
                            ui.selectable_value(&mut view.link_choice, Some(*id), n);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let save = ui.button("Enregistrer la liaison");
                on_click(
                    &save,
                    commands,
                    ex(ExchangeCommand::LinkPartner(p.id, view.link_choice)),
                );
            });
        }
        ui.horizontal(|ui| {
            if p.revoked.is_none() && ui.button("Révoquer ce partenaire…").clicked() {
                view.confirm = Some(Confirm::Revoke(p.id));
            }
            if ui.button("Retirer de l'annuaire…").clicked() {
                view.confirm = Some(Confirm::Unpin(p.id));
            }
        });
        match view.confirm {
            Some(Confirm::Revoke(id)) if id == p.id => {
                error_text(
                    ui,
                    "Révoquer : plus aucun envoi vers ce partenaire, et ses paquets signés à \
                     partir de maintenant seront refusés (ceux d'avant restent lisibles).",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Confirmer la révocation", true);
                    on_click(&go, commands, ex(ExchangeCommand::RevokePartner(p.id)));
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            }
            Some(Confirm::Unpin(id)) if id == p.id => {
                error_text(
                    ui,
                    "Retirer : sa carte est oubliée ; ses paquets seront refusés comme venant \
                     d'une clé inconnue. L'historique des échanges reste dans le journal.",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Confirmer le retrait", true);
                    on_click(&go, commands, ex(ExchangeCommand::UnpinPartner(p.id)));
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            }
            _ => {}
        }
    });
}

fn short_fingerprint(f: &str) -> String {
    if f.trim().is_empty() {
        return "— (sans carte)".to_owned();
    }
    let groups: Vec<&str> = f.split_whitespace().collect();
    if groups.len() > 4 {
        format!("{} …", groups[..4].join(" "))
    } else {
        f.to_owned()
    }
}

/// A generated packet passphrase, in clear, until the worker says she has given it.
pub fn generated_passphrase_ui(ui: &mut egui::Ui, form: &mut SendForm) {
    ui.label("Phrase de passe du paquet, à lire au partenaire (par téléphone, pas par courriel) :");
    ui.label(
        RichText::new(form.passphrase.as_str())
            .monospace()
            .size(20.0),
    );
    ui.horizontal(|ui| {
        if ui
            .button("C'est transmis : effacer la phrase de passe")
            .clicked()
        {
            form.passphrase = secret_buffer();
            form.generated = false;
        }
        ui.label(RichText::new("Elle reste affichée jusque-là, même après l'envoi.").small());
    });
}

fn send_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    if view.data.identity.is_none() {
        ui.label(
            "Créez d'abord l'identité de votre structure (onglet « Identité et partenaires »).",
        );
        return;
    }
    if let Some(preview) = view.send.preview.clone() {
        export_preview_ui(ui, view, &preview, commands);
        return;
    }
    let form = &mut view.send;
    let before = (
        form.selected.len(),
        form.partners.len(),
        form.role,
        form.include_notes,
    );
    ui.label(RichText::new("1. Ménages à envoyer").strong());
    ui.horizontal(|ui| {
        let l = ui.label("Rechercher un ménage");
        ui.add(egui::TextEdit::singleline(&mut form.filter).desired_width(260.0))
            .labelled_by(l.id);
        ui.label(count(form.selected.len(), "choisi", "choisis"));
        if !form.selected.is_empty() && ui.button("Tout décocher").clicked() {
            form.selected.clear();
        }
    });
    // Only the rows in view are laid out (10,000 checkboxes drawn at every frame took
    // longer than a frame, issue 17); the filter runs again only when its text or the list
    // changed.
    let key = (form.filter.clone(), view.data.households.len());
    if form.shown_for.as_ref() != Some(&key) {
        let needle = super::household_list::fold(&form.filter);
        form.shown = (0..view.data.households.len())
            .filter(|&i| {
                let h = &view.data.households[i];
                needle.is_empty()
                    || super::household_list::fold(&h.label).contains(&needle)
                    || super::household_list::fold(&h.commune).contains(&needle)
            })
            .collect();
        form.shown_for = Some(key);
    }
    if view.data.households.is_empty() {
        ui.label(RichText::new("Aucun ménage dans la base.").italics());
    }
    // A checkbox row is as high as an interactive widget (show_rows adds the spacing).
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("send_households")
        .max_height(180.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, form.shown.len(), |ui, range| {
            for &i in &form.shown[range] {
                let h = &view.data.households[i];
                let mut on = form.selected.contains(&h.id);
                let mut text = format!("{} — {}", h.label, h.commune);
                if !h.consent_ok {
                    text.push_str("  (pas de consentement en cours)");
                }
                if ui.checkbox(&mut on, text).changed() {
                    if on {
                        form.selected.insert(h.id);
                    } else {
                        form.selected.remove(&h.id);
                    }
                }
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new("2. Destinataire").strong());
    ui.checkbox(
        &mut form.by_passphrase,
        "Partenaire sans carte de contact : protéger le paquet par une phrase de passe",
    );
    if form.by_passphrase {
        if form.generated {
            generated_passphrase_ui(ui, form);
        } else {
            ui.horizontal(|ui| {
                let l = ui.label("Phrase de passe du paquet");
                ui.add(
                    egui::TextEdit::singleline(&mut *form.passphrase)
                        .password(true)
                        .desired_width(320.0),
                )
                .labelled_by(l.id);
                if ui
                    .button("Générer une phrase de passe à dicter")
                    .on_hover_text("Six mots simples, faciles à lire au téléphone")
                    .clicked()
                    && let Some(words) = crate::exchange::words::generate()
                {
                    form.passphrase = words;
                    form.generated = true;
                }
            });
        }
        ui.label(
            RichText::new(
                "Transmettez-la par un autre moyen que le paquet (téléphone, SMS), jamais dans \
                 le même courriel.",
            )
            .small(),
        );
    } else if view.data.partners.is_empty() {
        ui.label(
            RichText::new(
                "Aucun partenaire épinglé : importez sa carte (onglet « Identité et \
                 partenaires ») ou utilisez une phrase de passe.",
            )
            .italics(),
        );
    } else {
        // One role per packet: once a partner is chosen, those pinned with another role
        // wait for another packet. Revoked partners receive nothing.
        let chosen_role = view
            .data
            .partners
            .iter()
            .find(|p| form.partners.contains(&p.id))
            .map(|p| p.role);
        for p in &view.data.partners {
            if p.revoked.is_some() {
                continue;
            }
            let mut on = form.partners.contains(&p.id);
            // A partner without a contact card has no key to encrypt to: shown, not
            // choosable (a passphrase packet is the way for it).
            let has_card = !p.fingerprint.trim().is_empty();
            let text = if has_card {
                format!("{} ({})", p.organisation, p.role.label_fr())
            } else {
                format!("{} ({}) — sans carte", p.organisation, p.role.label_fr())
            };
            let enabled = has_card && chosen_role.is_none_or(|r| r == p.role);
            let checkbox = ui.add_enabled(enabled, egui::Checkbox::new(&mut on, text));
            let checkbox = if has_card {
                checkbox
            } else {
                checkbox.on_disabled_hover_text(
                    "Pas de carte de contact : importez-la (onglet « Identité et partenaires ») \
                     ou protégez le paquet par une phrase de passe.",
                )
            };
            if checkbox.changed() {
                if on {
                    form.partners.insert(p.id);
                } else {
                    form.partners.remove(&p.id);
                }
            }
        }
    }
    if form.by_passphrase {
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Rôle du destinataire (décide des champs envoyés)")
                .selected_text(form.role.label_fr())
                .show_ui(ui, |ui| {
                    for r in PartnerRole::ALL {
                        ui.selectable_value(&mut form.role, *r, r.label_fr());
                    }
                });
        });
        ui.label(
            RichText::new("Sans carte, le ménage doit avoir donné son consentement à ce rôle.")
                .small(),
        );
    } else if let Some(p) = view
        .data
        .partners
        .iter()
        .find(|p| form.partners.contains(&p.id))
    {
        ui.label(format!(
            "Rôle : {} (celui de la carte épinglée ; il décide des champs envoyés).",
            p.role.label_fr()
        ));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("3. Options").strong());
    // Notes go only to an accompanying partner.
    let notes_allowed = if form.by_passphrase {
        form.role == PartnerRole::Accompagnement
    } else {
        view.data
            .partners
            .iter()
            .filter(|p| form.partners.contains(&p.id))
            .all(|p| p.role == PartnerRole::Accompagnement)
    };
    if !notes_allowed {
        form.include_notes = false;
    }
    ui.add_enabled(
        notes_allowed,
        egui::Checkbox::new(
            &mut form.include_notes,
            "Joindre les notes du journal (texte libre : relisez-les avant)",
        ),
    )
    .on_disabled_hover_text("Les notes ne partent que vers un partenaire d'accompagnement.");
    ui.checkbox(
        &mut form.armor,
        "Fichier texte pour l'envoyer par courriel (sinon, fichier binaire pour clé USB)",
    );
    ui.horizontal(|ui| {
        let l = ui.label("Objet de l'envoi");
        ui.add(egui::TextEdit::singleline(&mut form.purpose).desired_width(420.0))
            .labelled_by(l.id);
    });
    let after = (
        form.selected.len(),
        form.partners.len(),
        form.role,
        form.include_notes,
    );
    if before != after {
        form.preview = None;
    }
    let ready = !form.selected.is_empty()
        && (form.by_passphrase && form.passphrase.chars().count() >= super::MIN_PASSPHRASE_CHARS
            || !form.by_passphrase && !form.partners.is_empty());
    ui.add_space(6.0);
    let b = primary_button(ui, "Aperçu de l'envoi", ready && view.progress.is_none());
    on_click(&b, commands, ex(ExchangeCommand::PreviewExport));
    if !ready {
        ui.label(
            RichText::new(
                "Choisissez au moins un ménage et un destinataire (ou une phrase de passe d'au \
                 moins 12 caractères).",
            )
            .small(),
        );
    }
}

fn export_preview_ui(
    ui: &mut egui::Ui,
    view: &ExchangeView,
    preview: &ExportPreview,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    ui.label(
        RichText::new("Aperçu : ce qui va partir")
            .strong()
            .size(18.0),
    );
    if !preview.refusals.is_empty() {
        ui.add_space(6.0);
        ui.label(
            RichText::new("Envoi impossible : consentement manquant")
                .strong()
                .color(ERROR),
        );
        for r in &preview.refusals {
            error_text(ui, r);
        }
    }
    ui.horizontal(|ui| {
        let ok = preview.refusals.is_empty() && view.progress.is_none() && view.dialog.is_none();
        if ui
            .add_enabled(
                ok,
                egui::Button::new(RichText::new("Enregistrer le paquet…").color(ON_ACCENT))
                    .fill(ACCENT),
            )
            .clicked()
        {
            commands.push(ex(ExchangeCommand::ChooseFile {
                purpose: FilePurpose::SavePacket,
            }));
        }
        in_app_choice(ui, view, !ok, FilePurpose::SavePacket, commands);
        let back = ui.button("Modifier l'envoi");
        on_click(&back, commands, ex(ExchangeCommand::EditExport));
    });
    card_frame(ui, |ui| {
        ui.label(format!("Destinataire : {}", preview.recipients));
        ui.label(format!(
            "{}, {} en tout.",
            count(preview.households.len(), "ménage", "ménages"),
            count(preview.records, "fiche", "fiches")
        ));
        for h in &preview.households {
            ui.label(format!("• {h}"));
        }
        ui.add_space(4.0);
        ui.label(RichText::new("Champs transmis, selon le rôle :").strong());
        egui::Grid::new("export_fields")
            .num_columns(2)
            .spacing([18.0, 4.0])
            .striped(true)
            .show(ui, |ui| {
                for (table, fields) in &preview.fields {
                    ui.label(table);
                    ui.add(egui::Label::new(fields).wrap());
                    ui.end_row();
                }
            });
        ui.label(RichText::new("Tout le reste est retiré du paquet avant le chiffrement.").small());
    });
}

fn receive_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    if view.data.identity.is_none() {
        ui.label(
            "Créez d'abord l'identité de votre structure (onglet « Identité et partenaires »).",
        );
        return;
    }
    if let Some(preview) = view.receive.preview.clone() {
        import_preview_ui(ui, view, &preview, commands);
    } else {
        card_frame(ui, |ui| {
            ui.label(
                "Ouvrez un paquet reçu d'un partenaire, ou déposez le fichier sur la fenêtre. \
                 Il est vérifié (chiffrement, signature, contenu) puis un aperçu montre ce \
                 qui changera : rien n'est modifié avant « Appliquer ».",
            );
            choose_button(
                ui,
                view,
                "Ouvrir un paquet…",
                FilePurpose::OpenPacket,
                commands,
            );
        });
    }
    let r = &mut view.receive;
    if r.needs_passphrase {
        ui.horizontal(|ui| {
            let l = ui.label("Phrase de passe du paquet");
            ui.add(
                egui::TextEdit::singleline(&mut *r.passphrase)
                    .password(true)
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
            if let Some(path) = r.path.clone() {
                let retry =
                    primary_button(ui, "Ouvrir avec cette phrase", !r.passphrase.is_empty());
                on_click(
                    &retry,
                    commands,
                    ex(ExchangeCommand::FileChosen(FilePurpose::OpenPacket, path)),
                );
            }
        });
    }
    if let Some(error) = &r.error {
        card_frame(ui, |ui| {
            ui.label(RichText::new("Paquet refusé").strong().color(ERROR));
            error_text(ui, error);
            ui.label("Votre base n'a pas été modifiée.");
        });
    }
    if !view.data.received_deletions.is_empty() {
        ui.add_space(10.0);
        received_deletions_ui(ui, view, commands);
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Historique des paquets").strong().size(18.0));
    if view.data.log.is_empty() {
        ui.label(RichText::new("Aucun paquet envoyé ni reçu pour l'instant.").italics());
    } else {
        egui::Grid::new("packet_log")
            .striped(true)
            .num_columns(4)
            .spacing([18.0, 4.0])
            .show(ui, |ui| {
                for h in ["Date", "Sens", "Partenaire", "Contenu"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for l in &view.data.log {
                    ui.label(&l.at);
                    ui.label(&l.direction);
                    ui.label(&l.partner);
                    ui.label(&l.summary);
                    ui.end_row();
                }
            });
    }
}

/// « Suppressions reçues »: what packets deleted here, each group restorable in one
/// click for 30 days.
fn received_deletions_ui(ui: &mut egui::Ui, view: &ExchangeView, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Suppressions reçues").strong().size(18.0));
    ui.add(
        egui::Label::new(
            "Fiches supprimées chez vous par le paquet d'un partenaire. Leur contenu reste \
             30 jours dans votre base chiffrée : « Restaurer » les remet telles qu'elles \
             étaient. Passé ce délai, il est effacé.",
        )
        .wrap(),
    );
    for d in &view.data.received_deletions {
        card_frame(ui, |ui| {
            ui.label(RichText::new(&d.household).strong());
            // What was deleted (the household itself, or some of its records only).
            ui.add(egui::Label::new(d.records.join(" ; ")).wrap());
            ui.horizontal_wrapped(|ui| {
                let restore = ui.button("Restaurer");
                on_click(
                    &restore,
                    commands,
                    Command::Exchange(ExchangeCommand::RestoreDeletions {
                        packet_id: d.packet_id,
                        household_id: d.household_id,
                    }),
                );
                ui.label(
                    RichText::new(format!(
                        "Supprimé par {} le {} ; restaurable jusqu'au {}.",
                        d.partner, d.deleted_on, d.until
                    ))
                    .small(),
                );
            });
        });
    }
}

fn import_preview_ui(
    ui: &mut egui::Ui,
    view: &mut ExchangeView,
    preview: &ImportPreview,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    ui.label(RichText::new("Aperçu du paquet reçu").strong().size(18.0));
    if !preview.already && !preview.deletions.is_empty() {
        card_frame(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "Suppressions : {} chez le partenaire",
                    count(
                        preview.deletions.len(),
                        "fiche supprimée",
                        "fiches supprimées"
                    )
                ))
                .strong()
                .color(ERROR),
            );
            bullets_ui(ui, "import_deletions", &preview.deletions);
            ui.checkbox(
                &mut view.receive.apply_deletions,
                "Supprimer aussi ces fiches de ma base",
            );
            ui.label(
                RichText::new(
                    "Sans cette case, le reste du paquet est importé et ces fiches restent \
                     chez vous.",
                )
                .small(),
            );
        });
    }
    ui.horizontal(|ui| {
        if !preview.already {
            let apply = primary_button(ui, "Appliquer", view.progress.is_none());
            on_click(&apply, commands, ex(ExchangeCommand::ApplyPacket));
        }
        let cancel = ui.button(if preview.already {
            "Fermer"
        } else {
            "Ne pas importer"
        });
        on_click(&cancel, commands, ex(ExchangeCommand::CancelPacket));
    });
    card_frame(ui, |ui| {
        ui.label(&preview.about);
        ui.label(RichText::new(&preview.summary).strong());
        if !preview.households.is_empty() {
            import_households_ui(ui, &preview.households);
        }
        if !preview.refused.is_empty() {
            ui.label(
                RichText::new(format!(
                    "Refusées ({}) : hors de ce que ce partenaire peut modifier, elles ne \
                     seront pas importées.",
                    preview.refused.len()
                ))
                .strong()
                .color(ERROR),
            );
            bullets_ui(ui, "import_refused", &preview.refused);
        }
        if !preview.information.is_empty() {
            ui.label(
                RichText::new(
                    "Pour information (jamais repris dans votre base : le consentement se \
                     recueille ici) :",
                )
                .strong(),
            );
            bullets_ui(ui, "import_information", &preview.information);
        }
        if !preview.conflicts.is_empty() {
            ui.label(
                RichText::new(
                    "Modifications faites des deux côtés (la plus récente sera retenue ; vous \
                     pourrez choisir ensuite dans « Conflits ») :",
                )
                .strong(),
            );
            bullets_ui(ui, "import_conflicts", &preview.conflicts);
        }
    });
}

/// A list of the preview (deletions, refusals, information, conflicts), one line each.
/// A short one is written whole; a long one (a packet of 1,000 households carries as many
/// consents « pour information ») scrolls in a box that lays out only the lines in view,
/// each cut to the width and whole on hover.
fn bullets_ui(ui: &mut egui::Ui, id: &str, lines: &[String]) {
    const WHOLE_UP_TO: usize = 12;
    if lines.len() <= WHOLE_UP_TO {
        for line in lines {
            ui.add(egui::Label::new(format!("• {line}")).wrap());
        }
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(row_height * WHOLE_UP_TO as f32)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, lines.len(), |ui, range| {
            for line in &lines[range] {
                ui.add(egui::Label::new(format!("• {line}")).truncate());
            }
        });
}

/// The preview's households, one row each with its counts. Only the rows in view are laid
/// out: a packet of 1,000 households drew 5,000 labels in every frame of its preview
/// (19 ms, the one frame of the workday bench over 16 ms).
fn import_households_ui(ui: &mut egui::Ui, households: &[HouseholdImport]) {
    const HEADERS: [&str; 5] = [
        "Ménage",
        "Nouvelles",
        "Mises à jour",
        "En conflit",
        "Inchangées",
    ];
    TableBuilder::new(ui)
        .id_salt("import_households")
        .striped(true)
        .max_scroll_height(320.0)
        .auto_shrink([false, true])
        .column(Column::initial(260.0).at_least(160.0).clip(true))
        .columns(Column::auto().at_least(70.0), 4)
        .header(24.0, |mut header| {
            for title in HEADERS {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(22.0, households.len(), |mut row| {
                let h = &households[row.index()];
                row.col(|ui| {
                    ui.add(egui::Label::new(&h.label).truncate());
                });
                row.col(|ui| {
                    ui.label(h.new.to_string());
                });
                row.col(|ui| {
                    ui.label(h.updated.to_string());
                });
                row.col(|ui| {
                    if h.conflicting > 0 {
                        ui.label(RichText::new(h.conflicting.to_string()).color(ERROR));
                    } else {
                        ui.label("0");
                    }
                });
                row.col(|ui| {
                    ui.label(h.unchanged.to_string());
                });
            });
        });
}

fn conflicts_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    if view.data.conflicts.is_empty() {
        ui.label(
            RichText::new(
                "Aucun conflit à résoudre. Quand un partenaire et vous modifiez le même champ \
                 d'un dossier, les deux valeurs apparaissent ici.",
            )
            .italics(),
        );
        return;
    }
    ui.label(
        "Un partenaire et vous avez modifié le même champ. La valeur la plus récente est \
         déjà dans votre base ; choisissez celle qui est juste.",
    );
    for c in &view.data.conflicts {
        card_frame(ui, |ui| {
            ui.label(RichText::new(format!("{} — {}", c.household, c.record)).strong());
            ui.label(format!("Champ : {}", c.field));
            // One value per line, the whole width: a structured value (the housing
            // demand) is long and a grid column would squeeze it to a few letters.
            for (whose, value, by) in [
                ("La vôtre", &c.mine, &c.mine_by),
                ("La leur", &c.theirs, &c.theirs_by),
            ] {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(whose).strong());
                    ui.label(RichText::new(format!("({by})")).small());
                });
                ui.add(egui::Label::new(value.as_str()).wrap());
            }
            ui.label(
                RichText::new(if c.mine_retained {
                    "Actuellement dans votre base : la vôtre."
                } else {
                    "Actuellement dans votre base : la leur."
                })
                .small(),
            );
            ui.horizontal(|ui| {
                // Keeping mine writes the lost value only when theirs was retained.
                let keep = ui.button("Garder la mienne");
                on_click(
                    &keep,
                    commands,
                    ex(ExchangeCommand::ResolveConflict {
                        id: c.id,
                        take_lost: !c.mine_retained,
                    }),
                );
                let take = ui.button("Prendre la leur");
                on_click(
                    &take,
                    commands,
                    ex(ExchangeCommand::ResolveConflict {
                        id: c.id,
                        take_lost: c.mine_retained,
                    }),
                );
            });
        });
        ui.add_space(6.0);
    }
}
