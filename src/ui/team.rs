//! « Paramètres → Équipe »: the team's status at a glance and « Synchroniser maintenant ».
//! Draws what the app computed (`TeamView`); never touches the base.

use egui::RichText;

use super::{SUCCESS, error_text, primary_button, progress};
use crate::command::Command;

/// What the « Équipe » block shows (set by the app after each sync and at unlock).
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
    /// A sync is running.
    pub busy: bool,
    /// The last sync's summary or failure (French); `true` when it went well.
    pub last: Option<(bool, String)>,
}

/// The « Équipe » block of « Paramètres ».
pub fn team_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    if !view.member {
        ui.label(
            "Cette base ne fait partie d'aucune équipe. Pour partager le suivi avec vos \
             collègues par un dossier synchronisé (Syncthing, Nextcloud), voir le guide, \
             section « Équipe » : « passerelle team create --folder DOSSIER ».",
        );
        return;
    }
    let headline = RichText::new(&view.headline).strong();
    if view.problem {
        error_text(ui, &view.headline);
    } else if view.up_to_date {
        ui.label(headline.color(SUCCESS));
    } else {
        ui.label(headline);
    }
    for line in &view.lines {
        ui.label(line);
    }
    if view.busy {
        progress(ui, "Synchronisation avec le dossier d'équipe…");
    }
    if primary_button(ui, "Synchroniser maintenant", !view.busy).clicked() {
        commands.push(Command::TeamSync);
    }
    match &view.last {
        Some((true, text)) => {
            ui.label(RichText::new(text).color(SUCCESS));
        }
        Some((false, text)) => error_text(ui, text),
        None => {}
    }
}
