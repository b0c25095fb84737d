//! Paramètres: lock delay, passphrase change, where the data lives.

use egui::RichText;
use zeroize::Zeroizing;

use super::shell::{Message, Summary};
use super::theme::{CARD_FILL, CARD_STROKE, SUCCESS};
use super::{
    check_new_passphrase, error_text, primary_button, progress, secret_buffer, secret_field,
    strength_bar, take_secret,
};
use crate::command::Command;
mod key;
mod retention;
pub mod text;

/// Shortest and longest idle delay before the automatic lock, in minutes.
pub const LOCK_DELAY_RANGE: std::ops::RangeInclusive<u32> = 1..=120;
/// Idle delay before the automatic lock when nothing else was chosen, in minutes.
pub const DEFAULT_LOCK_DELAY_MINUTES: u32 = 5;

/// View state of the settings page.
pub struct SettingsView {
    /// The idle delay shown in the field, in minutes.
    pub lock_delay_minutes: u32,
    /// Current passphrase, for the change.
    pub old: Zeroizing<String>,
    /// New passphrase.
    pub first: Zeroizing<String>,
    /// Its confirmation.
    pub second: Zeroizing<String>,
    /// Why the last change was refused (French).
    pub error: Option<String>,
    /// The last change succeeded (French confirmation).
    pub done: Option<String>,
    /// The change is running in the background.
    pub busy: bool,
    /// « Verrouiller dès que la fenêtre est réduite ».
    pub lock_on_minimise: bool,
    /// « Verrouiller à la mise en veille et au verrouillage de la session ».
    pub lock_on_os_signals: bool,
    /// « Changer la clé de chiffrement… » was clicked: the confirmation form is open.
    pub rekey_open: bool,
    /// The current passphrase, to confirm the key rotation.
    pub rekey_passphrase: Zeroizing<String>,
    /// Why the rotation was refused or failed (French).
    pub rekey_error: Option<String>,
    /// The rotation is running in the background.
    pub rekey_busy: bool,
    /// Put the keyboard focus in the passphrase field on the next frame.
    pub rekey_focus: bool,
    /// The new recovery key after a rotation, laid out in lines; shown once.
    pub new_recovery_key: Option<Zeroizing<String>>,
    /// « J'ai noté la nouvelle clé de secours » is ticked.
    pub new_key_noted: bool,
    /// « Qui utilise cette base ? » (set by the app).
    pub workers: super::workers::WorkersView,
    /// « Équipe » (set by the app).
    pub team: super::team::TeamView,
    /// « Conservation des données », when open.
    pub retention: Option<RetentionView>,
    /// « Journal d'accès », when open.
    pub audit_log: Option<super::audit_log::AuditLogView>,
    /// « Sauvegarde » (set by the app).
    pub backup: super::backup::BackupView,
    /// « Notice d'information » (set by the app).
    pub notice: super::notice::NoticeView,
    /// The demo base is open: its passphrase is fixed and it never joins a team (fictitious
    /// data must not reach the team folder, and a changed passphrase would lock the demo).
    pub demo_base: bool,
}

/// The « Conservation des données » dialog's view model (issue 14).
#[derive(Debug, Clone, Default)]
pub struct RetentionView {
    /// Programmes: id, name, months kept.
    pub programmes: Vec<(uuid::Uuid, String, u32)>,
    /// Households past their period.
    pub due: Vec<RetentionRow>,
    /// The household whose « Conserver… » form is open, and the reason typed.
    pub hold: Option<(uuid::Uuid, String)>,
    /// Result or refusal of the last action.
    pub message: Option<Message>,
}

/// One household past its retention period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRow {
    /// The household.
    pub household: uuid::Uuid,
    /// Its name.
    pub label: String,
    /// Why and since when, in French.
    pub why: String,
    /// Kept on purpose: why.
    pub held: Option<String>,
}

impl SettingsView {
    /// Settings showing the current lock delay.
    pub fn new(lock_delay_minutes: u32) -> Self {
        Self {
            lock_delay_minutes,
            old: secret_buffer(),
            first: secret_buffer(),
            second: secret_buffer(),
            error: None,
            done: None,
            busy: false,
            lock_on_minimise: false,
            lock_on_os_signals: true,
            rekey_open: false,
            rekey_passphrase: secret_buffer(),
            rekey_error: None,
            rekey_busy: false,
            rekey_focus: false,
            new_recovery_key: None,
            new_key_noted: false,
            workers: Default::default(),
            team: Default::default(),
            retention: None,
            audit_log: None,
            backup: Default::default(),
            notice: Default::default(),
            demo_base: false,
        }
    }
}

/// Draws the settings page.
pub fn settings_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    summary: &Summary,
    commands: &mut Vec<Command>,
) {
    // The page is taller than a laptop screen (1366×700): it scrolls.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| settings_sections_ui(ui, view, summary, commands));
}

fn settings_sections_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    summary: &Summary,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::PARAMETRES);
    ui.add_space(4.0);

    section(ui, text::VERROUILLAGE_AUTOMATIQUE, |ui| {
        ui.label(text::PASSERELLE_SE_VERROUILLE_APRES_UN_TEMPS);
        ui.horizontal(|ui| {
            let label = ui.label(text::VERROUILLER_APRES);
            let response = ui
                .add(
                    egui::DragValue::new(&mut view.lock_delay_minutes)
                        .range(LOCK_DELAY_RANGE)
                        .speed(0.2),
                )
                .labelled_by(label.id);
            ui.label(text::MINUTES_SANS_ACTIVITE);
            if response.changed() {
                commands.push(Command::SetLockDelay {
                    minutes: view.lock_delay_minutes,
                });
            }
        });
        if ui
            .checkbox(
                &mut view.lock_on_os_signals,
                text::VERROUILLER_A_LA_MISE_EN_VEILLE,
            )
            .changed()
        {
            commands.push(Command::SetLockOnOsSignals(view.lock_on_os_signals));
        }
        if ui
            .checkbox(
                &mut view.lock_on_minimise,
                text::VERROUILLER_DES_QUE_LA_FENETRE_EST,
            )
            .changed()
        {
            commands.push(Command::SetLockOnMinimise(view.lock_on_minimise));
        }
        ui.label(RichText::new(text::LE_DELAI_COMPTE_AUSSI_LE_TEMPS).small());
    });

    if view.demo_base {
        section(ui, text::BASE_DE_DEMONSTRATION, |ui| {
            ui.label(DEMO_SETTINGS_NOTE);
        });
    } else {
        key::passphrase_section_ui(ui, view, commands);
        key::key_rotation_ui(ui, view, commands);
    }

    section(ui, text::QUI_UTILISE_CETTE_BASE, |ui| {
        super::workers::workers_ui(ui, &mut view.workers, commands);
    });

    section(ui, text::EQUIPE, |ui| {
        if view.demo_base {
            ui.label(DEMO_TEAM_NOTE);
            return;
        }
        super::team::team_ui(ui, &mut view.team, commands);
    });
    section(ui, text::CONSERVATION_DES_DONNEES, |ui| {
        ui.label(text::COMBIEN_DE_TEMPS_LES_DOSSIERS_SONT);
        if ui.button(text::CONSERVATION_DES_DONNEES_2).clicked() {
            commands.push(Command::OpenRetention);
        }
    });
    retention::retention_dialog(ui, view, commands);

    section(ui, text::JOURNAL_D_ACCES, |ui| {
        ui.label(text::QUI_A_OUVERT_MODIFIE_ENVOYE_OU);
        if ui.button(text::JOURNAL_D_ACCES_2).clicked() {
            commands.push(Command::OpenAuditLog);
        }
    });
    if let Some(log) = &mut view.audit_log
        && super::audit_log::audit_log_dialog(ui, log, commands)
    {
        view.audit_log = None;
    }

    section(ui, text::SAUVEGARDE, |ui| {
        super::backup::backup_ui(ui, &mut view.backup, commands);
    });

    section(ui, text::NOTICE_D_INFORMATION, |ui| {
        super::notice::notice_ui(ui, &mut view.notice, commands);
    });

    section(ui, text::EMPLACEMENT_DES_DONNEES, |ui| {
        egui::Grid::new("data_location")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                ui.label(text::BASE_CHIFFREE);
                ui.label(RichText::new(&summary.db_location).monospace());
                ui.end_row();
                ui.label(text::FICHIER_DE_CLES);
                ui.label(RichText::new(&summary.key_location).monospace());
                ui.end_row();
                ui.label(text::IDENTIFIANT_DU_POSTE);
                ui.label(RichText::new(&summary.site_id).monospace());
                ui.end_row();
            });
        ui.label(RichText::new(text::LA_BASE_NE_S_OUVRE_QU).small());
    });
}

/// A titled block of the settings page.
fn section(ui: &mut egui::Ui, title: &str, add_contents: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new()
        .fill(CARD_FILL)
        .stroke(egui::Stroke::new(1.0, CARD_STROKE))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            ui.label(RichText::new(title).strong().size(18.0));
            add_contents(ui);
        });
    ui.add_space(8.0);
}

/// Shown instead of the passphrase and key sections in the demo base.
pub const DEMO_SETTINGS_NOTE: &str = text::BASE_DE_DEMONSTRATION_SA_PHRASE_DE;

/// Shown instead of the team section in the demo base.
pub const DEMO_TEAM_NOTE: &str = text::LA_BASE_DE_DEMONSTRATION_NE_REJOINT;
