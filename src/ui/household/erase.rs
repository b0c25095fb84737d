//! The « Effacer définitivement… » dialog (erasure on request, issue 14): what disappears
//! for good, and the household's name (or « EFFACER ») typed to confirm.

use egui::RichText;
use uuid::Uuid;

use super::{PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::ui::dialog::DialogAnswer;
use crate::ui::household::text;
use crate::ui::theme::ERROR;

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

/// « Effacer définitivement… » (erasure on request, issue 14): says what disappears for
/// good and asks for the household's name (or « EFFACER ») before anything is erased.
pub(super) fn erase_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let adults = page.data.detail.adults.len();
    let children = page.data.detail.children.len();
    let frozen = page
        .data
        .freeze
        .as_ref()
        .map(crate::store::freeze::Freeze::badge);
    let Some(form) = &mut page.erase_form else {
        return;
    };
    let (title, validate) = match form.target {
        EraseTarget::Household(_) => (
            text::EFFACER_DEFINITIVEMENT_CE_MENAGE,
            text::EFFACER_LE_MENAGE,
        ),
        EraseTarget::Person(_) => (
            text::EFFACER_DEFINITIVEMENT_CETTE_PERSONNE,
            text::EFFACER_LA_PERSONNE,
        ),
    };
    let answer = crate::ui::dialog::Dialog {
        id: "erase_dialog",
        title,
        width: 560.0,
        validate,
        cancel: text::ANNULER,
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        let what = match form.target {
            EraseTarget::Household(_) => text::tout_le_dossier_form_sera_efface_pour_de(
                &form.name,
                crate::domain::text::count(adults, "adulte", "adultes"),
                crate::domain::text::count(children, "enfant", "enfants"),
            ),
            EraseTarget::Person(_) => text::tout_ce_qui_concerne_form_sera_efface(&form.name),
        };
        ui.label(what);
        ui.label(RichText::new(text::RIEN_NE_POURRA_ETRE_RECUPERE_NI).color(ERROR));
        if let Some(badge) = &frozen {
            ui.label(RichText::new(text::badge_l_effacement_sera_refuse_tant_que(badge)).strong());
        }
        ui.add_space(6.0);
        let label = ui.label(text::pour_confirmer_tapez_expected(&form.expected));
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
                form.error = Some(text::rien_n_a_ete_efface_tapez_exactement(&form.expected));
                // Entrée took the focus away: give it back, so the worker can correct.
                form.focus = true;
            }
        }
        DialogAnswer::Cancel => page.erase_form = None,
        DialogAnswer::Open => {}
    }
}
