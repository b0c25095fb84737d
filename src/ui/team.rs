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
mod dialogs;
mod panels;
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
        panels::setup_ui(ui, view, commands);
    } else {
        panels::member_ui(ui, view, commands);
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
    dialogs::admit_dialog(ui, view, commands);
    dialogs::revoke_dialog(ui, view, commands);
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
