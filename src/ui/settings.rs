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
    ui.heading("Paramètres");
    ui.add_space(4.0);

    section(ui, "Verrouillage automatique", |ui| {
        ui.label(
            "Passerelle se verrouille après un temps sans utilisation du clavier ni de la \
             souris. Il faut alors retaper la phrase de passe.",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Verrouiller après");
            let response = ui
                .add(
                    egui::DragValue::new(&mut view.lock_delay_minutes)
                        .range(LOCK_DELAY_RANGE)
                        .speed(0.2),
                )
                .labelled_by(label.id);
            ui.label("minutes sans activité");
            if response.changed() {
                commands.push(Command::SetLockDelay {
                    minutes: view.lock_delay_minutes,
                });
            }
        });
        if ui
            .checkbox(
                &mut view.lock_on_os_signals,
                "Verrouiller à la mise en veille et au verrouillage de la session",
            )
            .changed()
        {
            commands.push(Command::SetLockOnOsSignals(view.lock_on_os_signals));
        }
        if ui
            .checkbox(
                &mut view.lock_on_minimise,
                "Verrouiller dès que la fenêtre est réduite",
            )
            .changed()
        {
            commands.push(Command::SetLockOnMinimise(view.lock_on_minimise));
        }
        ui.label(
            RichText::new(
                "Le délai compte aussi le temps passé en veille (couvercle fermé). \
                 Raccourci pour verrouiller tout de suite : Ctrl+L",
            )
            .small(),
        );
    });

    if view.demo_base {
        section(ui, "Base de démonstration", |ui| {
            ui.label(DEMO_SETTINGS_NOTE);
        });
    } else {
        passphrase_section_ui(ui, view, commands);
        key_rotation_ui(ui, view, commands);
    }

    section(ui, "Qui utilise cette base ?", |ui| {
        super::workers::workers_ui(ui, &mut view.workers, commands);
    });

    section(ui, "Équipe", |ui| {
        if view.demo_base {
            ui.label(DEMO_TEAM_NOTE);
            return;
        }
        super::team::team_ui(ui, &mut view.team, commands);
    });
    section(ui, "Conservation des données", |ui| {
        ui.label(
            "Combien de temps les dossiers sont gardés après la sortie ou le dernier contact, \
             puis effacés pour de bon (les chiffres anonymes des rapports restent). La durée \
             est fixée par le ou la délégué·e à la protection des données de votre structure.",
        );
        if ui.button("Conservation des données…").clicked() {
            commands.push(Command::OpenRetention);
        }
    });
    retention_dialog(ui, view, commands);

    section(ui, "Journal d'accès", |ui| {
        ui.label(
            "Qui a ouvert, modifié, envoyé ou exporté quoi, et quand : chaque entrée est \
             chaînée à la précédente, si bien qu'une entrée modifiée ou supprimée se voit.",
        );
        if ui.button("Journal d'accès…").clicked() {
            commands.push(Command::OpenAuditLog);
        }
    });
    if let Some(log) = &mut view.audit_log
        && super::audit_log::audit_log_dialog(ui, log, commands)
    {
        view.audit_log = None;
    }

    section(ui, "Sauvegarde", |ui| {
        super::backup::backup_ui(ui, &mut view.backup, commands);
    });

    section(ui, "Notice d'information", |ui| {
        super::notice::notice_ui(ui, &mut view.notice, commands);
    });

    section(ui, "Emplacement des données", |ui| {
        egui::Grid::new("data_location")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                ui.label("Base chiffrée");
                ui.label(RichText::new(&summary.db_location).monospace());
                ui.end_row();
                ui.label("Fichier de clés");
                ui.label(RichText::new(&summary.key_location).monospace());
                ui.end_row();
                ui.label("Identifiant du poste");
                ui.label(RichText::new(&summary.site_id).monospace());
                ui.end_row();
            });
        ui.label(
            RichText::new(
                "La base ne s'ouvre qu'avec son fichier de clés. L'identifiant du poste \
                 distingue cette installation lors des échanges avec les partenaires.",
            )
            .small(),
        );
    });
}

/// « Clé de chiffrement »: rotate the data key, then show the new recovery key once.
fn key_rotation_ui(ui: &mut egui::Ui, view: &mut SettingsView, commands: &mut Vec<Command>) {
    section(ui, "Clé de chiffrement", |ui| {
        if let Some(key) = &view.new_recovery_key {
            ui.label(
                RichText::new(
                    "Clé de chiffrement changée. Voici la nouvelle clé de secours : notez-la sur \
                     papier et rangez-la sous pli fermé. Elle ne sera plus jamais affichée.",
                )
                .color(SUCCESS),
            );
            ui.add_space(4.0);
            ui.label(RichText::new(key.as_str()).monospace().size(20.0));
            ui.add_space(4.0);
            ui.label(
                RichText::new(
                    "L'ancienne clé de secours et les anciens fichiers de clé n'ouvrent plus \
                     cette base. Les sauvegardes faites avant gardent l'ancienne clé : \
                     conservez l'ancienne feuille avec elles, ou refaites une sauvegarde.",
                )
                .small(),
            );
            ui.checkbox(
                &mut view.new_key_noted,
                "J'ai noté la nouvelle clé de secours",
            );
            if primary_button(ui, "Fermer", view.new_key_noted).clicked() {
                commands.push(Command::NewRecoveryKeyNoted);
            }
            return;
        }
        ui.label(
            "À faire si un ordinateur, un fichier de clé ou une feuille de clé de secours a été \
             perdu : la base reçoit une nouvelle clé, et une nouvelle clé de secours est \
             affichée une fois. La phrase de passe reste la même.",
        );
        let idle = !view.rekey_busy;
        if !view.rekey_open {
            if ui
                .add_enabled(idle, egui::Button::new("Changer la clé de chiffrement…"))
                .clicked()
            {
                view.rekey_open = true;
                view.rekey_focus = true;
                view.rekey_error = None;
            }
        } else {
            let mut submit = false;
            ui.add_enabled_ui(idle, |ui| {
                ui.set_max_width(420.0);
                let field = secret_field(
                    ui,
                    "Phrase de passe actuelle (pour confirmer)",
                    &mut view.rekey_passphrase,
                );
                if view.rekey_focus {
                    field.request_focus();
                    // Asked from « Équipe », further down the page: bring it into view.
                    field.scroll_to_me(Some(egui::Align::Center));
                    view.rekey_focus = false;
                }
                submit = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    view.rekey_open = false;
                    drop(take_secret(&mut view.rekey_passphrase));
                }
            });
            ui.horizontal(|ui| {
                submit |= primary_button(ui, "Changer la clé maintenant", idle).clicked();
                if ui.add_enabled(idle, egui::Button::new("Annuler")).clicked() {
                    view.rekey_open = false;
                    view.rekey_error = None;
                    drop(take_secret(&mut view.rekey_passphrase));
                }
            });
            if submit && idle {
                if view.rekey_passphrase.is_empty() {
                    view.rekey_error = Some("Tapez la phrase de passe actuelle.".to_owned());
                } else {
                    view.rekey_error = None;
                    let passphrase = take_secret(&mut view.rekey_passphrase);
                    commands.push(Command::RotateKey { passphrase });
                }
            }
        }
        if let Some(message) = &view.rekey_error {
            error_text(ui, message);
        }
        if view.rekey_busy {
            progress(
                ui,
                "Changement de la clé de chiffrement (copie, vérification)…",
            );
        }
    });
}

/// « Conservation des données »: the periods per programme, the households due with why,
/// holds, and the erasure of the rest (through the shared [`Dialog`]).
fn retention_dialog(ui: &mut egui::Ui, view: &mut SettingsView, commands: &mut Vec<Command>) {
    use super::dialog::{Dialog, DialogAnswer};
    let Some(r) = &mut view.retention else {
        return;
    };
    let to_erase = r.due.iter().filter(|d| d.held.is_none()).count();
    let validate = match to_erase {
        0 => "Rien à effacer".to_owned(),
        1 => "Effacer le ménage échu".to_owned(),
        n => format!("Effacer les {n} ménages échus"),
    };
    let mut close = false;
    let answer = Dialog {
        id: "retention_dialog",
        title: "Conservation des données",
        width: 820.0,
        validate: &validate,
        cancel: "Fermer",
        error: None,
    }
    .show(ui, |ui| {
        ui.label(
            "Durée fixée par le ou la DPO de votre structure. Référence CNIL pour \
             l'accompagnement social : 2 ans après le dernier contact.",
        );
        for (programme, name, months) in &mut r.programmes {
            ui.horizontal(|ui| {
                let label = ui.label(format!("{name} : conserver"));
                let response = ui
                    .add(egui::DragValue::new(months).range(1..=600).speed(0.2))
                    .labelled_by(label.id);
                // Saved (and logged) once the drag ends, not at every step of it.
                let changed =
                    response.drag_stopped() || (response.changed() && !response.dragged());
                ui.label("mois après la sortie ou le dernier contact");
                if changed {
                    commands.push(Command::SetRetentionMonths {
                        programme: *programme,
                        months: *months,
                    });
                }
            });
        }
        ui.add_space(6.0);
        if let Some(message) = &r.message {
            if message.is_success() {
                ui.label(RichText::new(&message.text).color(SUCCESS));
            } else {
                error_text(ui, &message.text);
            }
        }
        if r.due.is_empty() {
            ui.label("Aucun ménage n'a dépassé sa durée de conservation.");
            return;
        }
        ui.label(
            RichText::new(format!(
                "{} leur durée de conservation ; {} pour de bon (données, pièces \
                 jointes, index de recherche).",
                crate::domain::text::count(r.due.len(), "ménage a dépassé", "ménages ont dépassé"),
                crate::domain::text::count(to_erase, "sera effacé", "seront effacés")
            ))
            .strong(),
        );
        egui::Grid::new("retention_due")
            .num_columns(3)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for row in &r.due {
                    ui.label(RichText::new(&row.label).strong());
                    ui.label(&row.why);
                    match &row.held {
                        Some(reason) => {
                            ui.horizontal(|ui| {
                                ui.label(format!("Conservé : {reason}"));
                                if ui.button("Ne plus conserver").clicked() {
                                    commands.push(Command::ReleaseRetention(row.household));
                                }
                            });
                        }
                        None => match &mut r.hold {
                            Some((h, reason)) if *h == row.household => {
                                ui.horizontal(|ui| {
                                    let label = ui.label("Motif");
                                    ui.add(egui::TextEdit::singleline(reason).desired_width(180.0))
                                        .labelled_by(label.id);
                                    if ui.button("Conserver").clicked() {
                                        commands.push(Command::HoldRetention {
                                            household: row.household,
                                            reason: reason.clone(),
                                        });
                                    }
                                });
                            }
                            _ => {
                                if ui.button(format!("Conserver {}…", row.label)).clicked() {
                                    r.hold = Some((row.household, String::new()));
                                }
                            }
                        },
                    }
                    ui.end_row();
                }
            });
    });
    match answer {
        DialogAnswer::Validate if to_erase > 0 => commands.push(Command::ApplyRetention),
        DialogAnswer::Validate => {
            r.message = Some(Message::error("Aucun ménage à effacer."));
        }
        DialogAnswer::Cancel => close = true,
        DialogAnswer::Open => {}
    }
    if close {
        view.retention = None;
    }
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
pub const DEMO_SETTINGS_NOTE: &str = "Base de démonstration : sa phrase de passe est fixe et sa clé \
     ne se change pas. Vos vraies données sont dans l'autre base, avec leur propre phrase de passe.";

/// Shown instead of the team section in the demo base.
pub const DEMO_TEAM_NOTE: &str = "La base de démonstration ne rejoint jamais une équipe : ses \
     données fictives ne doivent pas arriver dans le dossier partagé.";

/// « Phrase de passe »: change it (the data key is rewrapped, not the data).
fn passphrase_section_ui(ui: &mut egui::Ui, view: &mut SettingsView, commands: &mut Vec<Command>) {
    section(ui, "Phrase de passe", |ui| {
        let idle = !view.busy;
        // Entrée in the last field changes the passphrase, as the button does.
        let entered = ui
            .add_enabled_ui(idle, |ui| {
                ui.set_max_width(420.0);
                secret_field(ui, "Phrase de passe actuelle", &mut view.old);
                secret_field(ui, "Nouvelle phrase de passe", &mut view.first);
                strength_bar(ui, &view.first);
                let confirm = secret_field(
                    ui,
                    "Confirmer la nouvelle phrase de passe",
                    &mut view.second,
                );
                super::forms::entered(&confirm)
            })
            .inner;
        if let Some(message) = &view.error {
            error_text(ui, message);
        }
        if let Some(message) = &view.done {
            ui.label(RichText::new(message).color(SUCCESS));
        }
        if view.busy {
            progress(ui, "Changement de la phrase de passe…");
        }
        let clicked = primary_button(ui, "Changer la phrase de passe", idle).clicked();
        if idle && (clicked || entered) {
            view.done = None;
            if view.old.is_empty() {
                view.error = Some("Tapez la phrase de passe actuelle.".to_owned());
            } else {
                match check_new_passphrase(&view.first, &view.second) {
                    Ok(()) => {
                        view.error = None;
                        let old = take_secret(&mut view.old);
                        let new = take_secret(&mut view.first);
                        drop(take_secret(&mut view.second));
                        commands.push(Command::ChangePassphrase { old, new });
                    }
                    Err(message) => view.error = Some(message),
                }
            }
        }
        ui.label(
            RichText::new(
                "La clé de secours reste valable. Les données ne sont pas réécrites : seule la \
                 clé qui les protège est rechiffrée.",
            )
            .small(),
        );
    });
}
