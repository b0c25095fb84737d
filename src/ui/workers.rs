//! « Qui utilise cette base ? »: the worker form of the first run and of « Paramètres »,
//! and the list of the team's workers (the référent·e picker's names).

use egui::RichText;
use uuid::Uuid;

use super::theme::SUCCESS;
use super::{error_text, primary_button};
use crate::command::Command;
use crate::domain::worker::Worker;
use crate::ui::settings::text;

/// A worker being typed in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkerForm {
    /// Id of the worker edited (`None`: a new one).
    pub id: Option<Uuid>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Structure.
    pub structure: String,
    /// Why the last save was refused (French).
    pub error: Option<String>,
}

impl WorkerForm {
    /// A form showing `worker`.
    pub fn of(worker: &Worker) -> Self {
        Self {
            id: Some(worker.id),
            first_name: worker.first_name.clone(),
            last_name: worker.last_name.clone(),
            structure: worker.structure.clone(),
            error: None,
        }
    }

    /// The worker typed, checked; the French reason otherwise.
    pub fn to_worker(&self) -> Result<Worker, String> {
        let worker = Worker {
            id: self.id.unwrap_or_else(Uuid::new_v4),
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            structure: self.structure.trim().to_owned(),
            device: None,
        };
        worker.check()?;
        Ok(worker)
    }
}

/// The three fields of a worker, labelled (« Prénom », « Nom », « Structure »). Returns
/// whether Enter was pressed in one of them.
pub fn worker_fields(ui: &mut egui::Ui, id: &str, form: &mut WorkerForm) -> bool {
    worker_fields_labelled(ui, id, [text::PRENOM, text::NOM, text::STRUCTURE], form)
}

/// [`worker_fields`] with other labels (two forms on one page need distinct ones).
pub fn worker_fields_labelled(
    ui: &mut egui::Ui,
    id: &str,
    labels: [&str; 3],
    form: &mut WorkerForm,
) -> bool {
    let mut enter = false;
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            for (label, value) in [
                (labels[0], &mut form.first_name),
                (labels[1], &mut form.last_name),
                (labels[2], &mut form.structure),
            ] {
                let l = ui.label(label);
                let r = ui
                    .add(egui::TextEdit::singleline(value).desired_width(280.0))
                    .labelled_by(l.id);
                enter |= super::forms::entered(&r);
                if r.changed() {
                    form.error = None;
                }
                ui.end_row();
            }
        });
    if let Some(message) = &form.error {
        error_text(ui, message);
    }
    enter
}

/// State of the « Qui utilise cette base ? » block of « Paramètres ».
#[derive(Debug, Clone, Default)]
pub struct WorkersView {
    /// The worker using this base, as typed.
    pub me: WorkerForm,
    /// A colleague being added by hand (before her laptop joins the team).
    pub colleague: WorkerForm,
    /// The team's workers, by name (« Prénom Nom — Structure »).
    pub team: Vec<String>,
    /// Nobody said who uses this base yet (an older base): the block says so first.
    pub unnamed: bool,
    /// The last save went through (French confirmation).
    pub done: Option<String>,
}

/// The « Qui utilise cette base ? » block of « Paramètres ».
pub fn workers_ui(ui: &mut egui::Ui, view: &mut WorkersView, commands: &mut Vec<Command>) {
    if view.unnamed {
        error_text(ui, text::PERSONNE_N_EST_ENCORE_INDIQUE_POUR);
    }
    ui.label(text::VOTRE_NOM_EST_INSCRIT_DANS_L);
    let enter = worker_fields(ui, "settings_me", &mut view.me);
    if primary_button(ui, text::ENREGISTRER_MON_NOM, true).clicked() || enter {
        view.done = None;
        match view.me.to_worker() {
            Ok(worker) => commands.push(Command::SetCurrentWorker(worker)),
            Err(message) => view.me.error = Some(message),
        }
    }
    if let Some(message) = &view.done {
        ui.label(RichText::new(message).color(SUCCESS));
    }
    ui.add_space(8.0);
    ui.label(RichText::new(text::PERSONNES_DE_L_EQUIPE).strong());
    if view.team.is_empty() {
        ui.label(text::AUCUNE_POUR_L_INSTANT);
    }
    for name in &view.team {
        ui.label(format!("• {name}"));
    }
    ui.label(RichText::new(text::AJOUTEZ_UNE_OU_UN_COLLEGUE_POUR).small());
    let enter = worker_fields_labelled(
        ui,
        "settings_colleague",
        [
            text::PRENOM_DE_LA_OU_DU_COLLEGUE,
            text::NOM_DE_LA_OU_DU_COLLEGUE,
            text::STRUCTURE_DE_LA_OU_DU_COLLEGUE,
        ],
        &mut view.colleague,
    );
    if ui.button(text::AJOUTER_A_L_EQUIPE).clicked() || enter {
        view.done = None;
        match view.colleague.to_worker() {
            Ok(worker) => commands.push(Command::AddWorker(worker)),
            Err(message) => view.colleague.error = Some(message),
        }
    }
}

/// Names as listed in « Personnes de l'équipe ».
pub fn team_lines(workers: &[Worker]) -> Vec<String> {
    workers
        .iter()
        .map(|w| {
            if w.structure.is_empty() {
                w.display_name()
            } else {
                format!("{} — {}", w.display_name(), w.structure)
            }
        })
        .collect()
}
