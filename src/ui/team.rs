//! « Paramètres → Équipe »: create or join a team, admit and revoke members (coordinator),
//! the team's status at a glance and « Synchroniser maintenant ». Draws what the app
//! computed (`TeamView`); never touches the base nor the shared folder: every action is a
//! [`TeamAction`] the app runs on a background thread (a USB or network folder can hang).

use std::path::PathBuf;

use egui::RichText;
use uuid::Uuid;

use super::dialog::{Dialog, DialogAnswer};
use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::{Message, MessageKind};
use super::theme::{ACCENT, ERROR, SUCCESS};
use super::{error_text, primary_button, progress};
use crate::command::Command;
pub mod text;

/// What « Équipe » asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamAction {
    /// « Choisir le dossier… »: the desktop's folder dialog, or the in-app chooser.
    ChooseFolder,
    /// « Créer l'équipe » in this shared folder (this base coordinates).
    Create(PathBuf),
    /// « Rejoindre une équipe » of this shared folder (writes our card).
    Join(PathBuf),
    /// Admit the device whose card is waiting, after the fingerprint read over the phone
    /// matched (checked again against the card on the folder).
    Admit {
        /// The device asking.
        device: Uuid,
        /// The fingerprint typed by the coordinator.
        fingerprint: String,
    },
    /// Revoke a member (lost laptop, departure).
    Revoke {
        /// The member's device.
        device: Uuid,
        /// Lost or stolen laptop (else a departure).
        lost: bool,
    },
    /// Re-read the folder (cards waiting, our card).
    Refresh,
    /// « Relire le dossier toutes les … »: the automatic sync's period, in seconds (one of
    /// [`INTERVAL_CHOICES`]).
    SetInterval(u64),
    /// Open « Changer la clé de chiffrement… » (after a revocation).
    OpenRekey,
    /// The advice to change the key was read.
    DismissRekeyAdvice,
}

/// A card waiting for admission, as the coordinator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLine {
    /// The device asking.
    pub device: Uuid,
    /// Its worker's name.
    pub name: String,
    /// Its worker's structure.
    pub structure: String,
    /// The card's fingerprint (compared with the one read over the phone).
    pub fingerprint: String,
}

/// A member of the roster, for « Retirer de l'équipe… ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLine {
    /// Device id.
    pub device: Uuid,
    /// Worker's name.
    pub name: String,
    /// Already revoked.
    pub revoked: bool,
    /// This device.
    pub me: bool,
}

/// « Admettre… » open for one card.
#[derive(Debug, Clone, Default)]
pub struct AdmitDialog {
    /// The card.
    pub card: Option<CardLine>,
    /// The fingerprint typed while the person reads it over the phone.
    pub typed: String,
    /// Why « Admettre » was refused.
    pub error: Option<String>,
}

/// « Retirer de l'équipe… » open for one member.
#[derive(Debug, Clone)]
pub struct RevokeDialog {
    /// The member.
    pub member: MemberLine,
    /// Lost or stolen laptop (else a departure).
    pub lost: bool,
}

/// What the « Équipe » block shows (set by the app after each team task and at unlock).
#[derive(Debug, Clone, Default)]
pub struct TeamView {
    /// This base belongs to a team.
    pub member: bool,
    /// The first line, at a glance (« Équipe : à jour », « 3 modifications pas encore
    /// publiées », the folder problem).
    pub headline: String,
    /// The headline is a problem (folder missing, not admitted).
    pub problem: bool,
    /// Nothing waits to be published (the headline in green).
    pub up_to_date: bool,
    /// The other lines: folder, members and when they last synced, alerts.
    pub lines: Vec<String>,
    /// A team task is running (sync, creation, admission…).
    pub busy: bool,
    /// What the running task does (French), shown beside the spinner.
    pub busy_text: String,
    /// The last task's summary (success) or failure (error).
    pub last: Option<Message>,
    /// This base coordinates the team.
    pub is_coordinator: bool,
    /// This base is admitted (and not revoked).
    pub admitted: bool,
    /// The shared folder typed or chosen, for « Créer l'équipe » / « Rejoindre ».
    pub folder: String,
    /// The in-app folder chooser, when the desktop has no folder dialog.
    pub chooser: Option<FileChooser>,
    /// The desktop's folder dialog is open.
    pub choosing: bool,
    /// Our card's fingerprint (read over the phone to the coordinator), once joined.
    pub own_fingerprint: Option<String>,
    /// Cards waiting for admission (coordinator).
    pub pending: Vec<CardLine>,
    /// The roster's members (coordinator: « Retirer de l'équipe… »).
    pub members: Vec<MemberLine>,
    /// « Admettre… » open.
    pub admit: Option<AdmitDialog>,
    /// « Retirer de l'équipe… » open.
    pub revoke: Option<RevokeDialog>,
    /// After a revocation, until dismissed: who was revoked (the advice to change the key
    /// on the remaining laptops).
    pub rekey_advice: Option<String>,
    /// How often the folder is read in the background (French, « toutes les 30 s »).
    pub auto_line: String,
    /// The automatic sync's period, in seconds.
    pub interval_secs: u64,
}

/// The label of the automatic sync's period (tests click it).
pub const INTERVAL_LABEL: &str = text::RELIRE_LE_DOSSIER_TOUTES_LES;

/// The periods offered (seconds), from 10 s to 10 min.
pub const INTERVAL_CHOICES: [u64; 6] = [10, 30, 60, 120, 300, 600];

/// « 30 s », « 2 min ».
pub fn interval_name(secs: u64) -> String {
    if secs.is_multiple_of(60) {
        text::secs_min(secs / 60)
    } else {
        text::secs_s(secs)
    }
}

/// The period, one button per choice on one line (a list opening below would be cut at
/// the bottom of a 700-pixel window). A value outside the list, set by an older version,
/// leaves every button unselected until one is picked.
fn interval_ui(ui: &mut egui::Ui, view: &TeamView, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(INTERVAL_LABEL);
        for secs in INTERVAL_CHOICES {
            let selected = view.interval_secs == secs;
            if ui.selectable_label(selected, interval_name(secs)).clicked() && !selected {
                push(commands, TeamAction::SetInterval(secs));
            }
        }
    });
}

/// The French spelling alphabet for the letters of a fingerprint (B, D and E sound alike
/// over the phone).
const SPELLING: &str = text::A_COMME_ANATOLE_B_COMME_BERTHE;

/// Compares two fingerprints as read over the phone: spaces, dashes and case do not count.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect::<String>()
    };
    !norm(a).is_empty() && norm(a) == norm(b)
}

fn fingerprint_big(ui: &mut egui::Ui, fingerprint: &str) {
    ui.label(
        RichText::new(fingerprint)
            .monospace()
            .size(26.0)
            .strong()
            .color(ACCENT),
    );
    ui.label(RichText::new(SPELLING).small());
}

fn push(commands: &mut Vec<Command>, action: TeamAction) {
    commands.push(Command::Team(action));
}

/// The « Équipe » block of « Paramètres ».
pub fn team_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    if view.busy {
        progress(ui, &view.busy_text);
    }
    if !view.member {
        setup_ui(ui, view, commands);
    } else {
        member_ui(ui, view, commands);
    }
    match &view.last {
        Some(Message {
            kind: MessageKind::Success,
            text,
        }) => {
            ui.label(RichText::new(text).color(SUCCESS));
        }
        Some(Message {
            kind: MessageKind::Error,
            text,
        }) => error_text(ui, text),
        None => {}
    }
    admit_dialog(ui, view, commands);
    revoke_dialog(ui, view, commands);
}

/// Not in a team yet: choose the shared folder, then create or join.
fn setup_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    ui.label(text::CETTE_BASE_NE_FAIT_PARTIE_D);
    ui.horizontal(|ui| {
        let label = ui.label(text::DOSSIER_PARTAGE_DE_L_EQUIPE);
        ui.add(egui::TextEdit::singleline(&mut view.folder).desired_width(380.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(
                !view.choosing && view.chooser.is_none(),
                egui::Button::new(text::CHOISIR_LE_DOSSIER),
            )
            .clicked()
        {
            push(commands, TeamAction::ChooseFolder);
        }
    });
    if let Some(chooser) = &mut view.chooser {
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(path)) => {
                view.folder = path.display().to_string();
                view.chooser = None;
            }
            Some(ChooserEvent::Cancelled) => view.chooser = None,
            None => {}
        }
    }
    let folder = view.folder.trim().to_owned();
    let ready = !folder.is_empty() && !view.busy;
    ui.horizontal(|ui| {
        if primary_button(ui, text::CREER_L_EQUIPE, ready).clicked() {
            push(commands, TeamAction::Create(PathBuf::from(&folder)));
        }
        if ui
            .add_enabled(ready, egui::Button::new(text::REJOINDRE_UNE_EQUIPE))
            .clicked()
        {
            push(commands, TeamAction::Join(PathBuf::from(&folder)));
        }
    });
    ui.label(RichText::new(text::CREER_CE_POSTE_DEVIENT_LA_COORDINATION).small());
}

fn member_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    if view.problem {
        error_text(ui, &view.headline);
    } else if view.up_to_date {
        ui.label(RichText::new(&view.headline).strong().color(SUCCESS));
    } else {
        ui.label(RichText::new(&view.headline).strong());
    }
    if let Some(who) = view.rekey_advice.clone() {
        rekey_advice_ui(ui, &who, commands);
    }
    if !view.admitted
        && let Some(own) = view.own_fingerprint.clone()
    {
        ui.add_space(6.0);
        ui.label(text::LISEZ_CETTE_EMPREINTE_AU_TELEPHONE_A);
        fingerprint_big(ui, &own);
    }
    for line in &view.lines {
        ui.label(line);
    }
    if !view.auto_line.is_empty() {
        ui.label(RichText::new(&view.auto_line).small());
    }
    interval_ui(ui, view, commands);
    ui.horizontal(|ui| {
        if primary_button(ui, text::SYNCHRONISER_MAINTENANT, !view.busy).clicked() {
            commands.push(Command::TeamSync);
        }
        if view.is_coordinator
            && ui
                .add_enabled(!view.busy, egui::Button::new(text::RELIRE_LE_DOSSIER))
                .clicked()
        {
            push(commands, TeamAction::Refresh);
        }
    });
    if view.is_coordinator {
        coordinator_ui(ui, view);
    }
}

fn coordinator_ui(ui: &mut egui::Ui, view: &mut TeamView) {
    ui.add_space(6.0);
    ui.label(RichText::new(text::EN_ATTENTE_D_ADMISSION).strong());
    if view.pending.is_empty() {
        ui.label(RichText::new(text::AUCUNE_CARTE_EN_ATTENTE_UN_E).italics());
    }
    let idle = !view.busy;
    let mut open = None;
    for card in &view.pending {
        ui.horizontal(|ui| {
            let structure = if card.structure.is_empty() {
                String::new()
            } else {
                format!(", {}", card.structure)
            };
            ui.label(text::card_structure_poste_device(
                &card.name,
                &structure,
                &card.device.to_string()[..8],
            ));
            if ui
                .add_enabled(idle, egui::Button::new(text::ADMETTRE))
                .clicked()
            {
                open = Some(card.clone());
            }
        });
    }
    if let Some(card) = open {
        view.admit = Some(AdmitDialog {
            card: Some(card),
            ..Default::default()
        });
    }
    let others: Vec<MemberLine> = view
        .members
        .iter()
        .filter(|m| !m.me && !m.revoked)
        .cloned()
        .collect();
    if !others.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new(text::MEMBRES).strong());
    }
    for m in others {
        ui.horizontal(|ui| {
            ui.label(text::valeur_poste_device(
                &m.name,
                &m.device.to_string()[..8],
            ));
            if ui
                .add_enabled(idle, egui::Button::new(text::RETIRER_DE_L_EQUIPE))
                .clicked()
            {
                view.revoke = Some(RevokeDialog {
                    member: m.clone(),
                    lost: true,
                });
            }
        });
    }
}

fn rekey_advice_ui(ui: &mut egui::Ui, who: &str, commands: &mut Vec<Command>) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text::who_ne_fait_plus_partie_de_l_equipe(who))
                    .strong()
                    .color(ERROR),
            );
            ui.label(text::SI_SON_ORDINATEUR_EST_PERDU_OU);
            ui.horizontal(|ui| {
                if ui.button(text::ALLER_AU_CHANGEMENT_DE_CLE).clicked() {
                    push(commands, TeamAction::OpenRekey);
                }
                if ui.button(text::C_EST_NOTE).clicked() {
                    push(commands, TeamAction::DismissRekeyAdvice);
                }
            });
        });
}

fn admit_dialog(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    let Some(dialog) = &mut view.admit else {
        return;
    };
    let Some(card) = dialog.card.clone() else {
        view.admit = None;
        return;
    };
    let title = text::admettre_card(&card.name);
    let answer = Dialog {
        id: "team_admit",
        title: &title,
        width: 560.0,
        validate: text::ADMETTRE_2,
        cancel: text::ANNULER,
        error: dialog.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(text::card_demande_a_rejoindre_l_equipe_depuis(
            &card.name,
            &card.device.to_string()[..8],
        ));
        ui.label(text::APPELEZ_CETTE_PERSONNE_A_UN_NUMERO);
        let label = ui.label(text::EMPREINTE_LUE_AU_TELEPHONE);
        let field = ui
            .add(egui::TextEdit::singleline(&mut dialog.typed).desired_width(420.0))
            .labelled_by(label.id);
        if dialog.typed.is_empty() && !field.has_focus() && dialog.error.is_none() {
            field.request_focus();
        }
        ui.label(RichText::new(SPELLING).small());
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.admit = None,
        DialogAnswer::Validate => {
            if same_fingerprint(&dialog.typed, &card.fingerprint) {
                push(
                    commands,
                    TeamAction::Admit {
                        device: card.device,
                        fingerprint: dialog.typed.clone(),
                    },
                );
                view.admit = None;
            } else {
                dialog.error = Some(text::L_EMPREINTE_LUE_NE_CORRESPOND_PAS.to_owned());
            }
        }
    }
}

fn revoke_dialog(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    let Some(dialog) = &mut view.revoke else {
        return;
    };
    let title = text::retirer_member_de_l_equipe(&dialog.member.name);
    let answer = Dialog {
        id: "team_revoke",
        title: &title,
        width: 560.0,
        validate: text::RETIRER_DE_L_EQUIPE_2,
        cancel: text::ANNULER,
        error: None,
    }
    .show(ui, |ui| {
        ui.label(text::POURQUOI);
        ui.radio_value(&mut dialog.lost, true, text::ORDINATEUR_PERDU_OU_VOLE);
        ui.radio_value(&mut dialog.lost, false, text::DEPART_DE_L_EQUIPE);
        ui.label(text::SES_PAQUETS_DEJA_RECUS_RESTENT_CEUX);
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.revoke = None,
        DialogAnswer::Validate => {
            push(
                commands,
                TeamAction::Revoke {
                    device: dialog.member.device,
                    lost: dialog.lost,
                },
            );
            view.revoke = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_fingerprint;

    #[test]
    fn a_fingerprint_read_over_the_phone_ignores_spaces_and_case() {
        assert!(same_fingerprint("ab12 CD34-ef56", "AB12 CD34 EF56"));
        assert!(!same_fingerprint("AB12 CD34 EF57", "AB12 CD34 EF56"));
        assert!(!same_fingerprint("", ""));
    }
}
