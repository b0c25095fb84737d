//! The household list (« Ménages »): a sortable, filterable table, virtualised so that
//! 10,000 households and more scroll smoothly (only visible rows are laid out).

use crate::domain::text::count;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::theme::{ACCENT, ERROR};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::command::sheet::SheetCommand;
use crate::domain::text::format_date_fr;
use crate::store::household::HouseholdRow;
use crate::ui::household::text;

/// Column the list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Household label.
    #[default]
    Name,
    /// Commune.
    Commune,
    /// Stage (pathway order).
    Stage,
    /// Référent·e.
    Referent,
    /// Last contact.
    LastContact,
}

/// Filters of the list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// Text found in name, commune or referent (case- and accent-insensitive).
    pub text: String,
    /// Only households needing something (consent, enrolment, documents).
    pub needs_action: bool,
    /// Show households that have left the programme.
    pub show_exited: bool,
}

/// A sort: the column, and whether descending.
pub type Sort = (SortColumn, bool);

/// Loaded rows made ready for the list: what the filter compares (accent-folded) and the
/// order of the default sort, computed where the rows are read — on the reading thread,
/// not in a frame (issue 17: at 10,000 households, folding and sorting when the list
/// first showed took 4–8 ms of a 14–19 ms frame, and folding again at every key typed in
/// « Filtrer » 4 ms).
#[derive(Default)]
pub struct ListRows {
    rows: Vec<HouseholdRow>,
    /// Per row: label, commune and référent·e folded (what the filter compares, and
    /// the sort's key: « Aïssatou » comes before « Amina », not after « Awa »).
    folded: Vec<Folded>,
    /// The rows in the order of `sorted_for`.
    sorted: Vec<usize>,
    sorted_for: Sort,
}

impl ListRows {
    /// Folds and sorts `rows` for `sort` (the list's current sort).
    pub fn prepare(rows: Vec<HouseholdRow>, sort: Sort) -> Self {
        let folded: Vec<Folded> = rows
            .iter()
            .map(|r| Folded {
                label: fold(&r.label),
                commune: fold(&r.commune),
                referent: fold(&r.referent),
            })
            .collect();
        let sorted = sorted(&rows, &folded, sort);
        ListRows {
            rows,
            folded,
            sorted,
            sorted_for: sort,
        }
    }
}

/// The texts of a row as the filter and the sort compare them.
struct Folded {
    label: String,
    commune: String,
    referent: String,
}

impl Folded {
    fn contains(&self, needle: &str) -> bool {
        self.label.contains(needle)
            || self.commune.contains(needle)
            || self.referent.contains(needle)
    }
}

/// The indices of `rows` in the order of `sort` (then by label), texts compared folded
/// (accents and case do not move a household to the end of the list).
fn sorted(rows: &[HouseholdRow], folded: &[Folded], (column, descending): Sort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&rows[i], &rows[j]);
        let (fa, fb) = (&folded[i], &folded[j]);
        let ord = match column {
            SortColumn::Name => std::cmp::Ordering::Equal,
            SortColumn::Commune => fa.commune.cmp(&fb.commune),
            SortColumn::Stage => a.stage_order.cmp(&b.stage_order),
            SortColumn::Referent => fa.referent.cmp(&fb.referent),
            SortColumn::LastContact => a.last_contact.cmp(&b.last_contact),
        }
        .then_with(|| fa.label.cmp(&fb.label))
        .then_with(|| a.label.cmp(&b.label));
        if descending { ord.reverse() } else { ord }
    });
    order
}

/// The list's view state over the cached rows.
#[derive(Default)]
pub struct ListView {
    /// Rows as loaded by the app, folded and sorted.
    rows: ListRows,
    /// Filters.
    pub filter: ListFilter,
    /// Sort column, and whether descending.
    pub sort: Sort,
    /// Indices of the rows shown, in order; recomputed when filter or sort change.
    visible: Vec<usize>,
    computed_for: Option<(ListFilter, Sort)>,
}

/// Lowercase without French accents, for the filter (one helper for the whole app).
pub use crate::domain::text::fold;

impl ListView {
    /// Replaces the rows (after a load), preparing them here: see [`Self::set_prepared`].
    pub fn set_rows(&mut self, rows: Vec<HouseholdRow>) {
        self.set_prepared(ListRows::prepare(rows, self.sort));
    }

    /// Replaces the rows with rows prepared on the reading thread.
    pub fn set_prepared(&mut self, rows: ListRows) {
        self.rows = rows;
        self.computed_for = None;
    }

    /// The rows as loaded.
    pub fn rows(&self) -> &[HouseholdRow] {
        &self.rows.rows
    }

    /// The rows shown, filtered and sorted. A new sort sorts once; a filter typed only
    /// runs over the sorted rows.
    pub fn visible(&mut self) -> &[usize] {
        let key = (self.filter.clone(), self.sort);
        if self.computed_for.as_ref() != Some(&key) {
            let prepared = &mut self.rows;
            if prepared.sorted_for != self.sort {
                prepared.sorted = sorted(&prepared.rows, &prepared.folded, self.sort);
                prepared.sorted_for = self.sort;
            }
            let needle = fold(self.filter.text.trim());
            let filter = &self.filter;
            self.visible = prepared
                .sorted
                .iter()
                .copied()
                .filter(|&i| {
                    let r = &prepared.rows[i];
                    (filter.show_exited || !r.exited)
                        && (!filter.needs_action || needs_action(r))
                        && (needle.is_empty() || prepared.folded[i].contains(&needle))
                })
                .collect();
            self.computed_for = Some(key);
        }
        &self.visible
    }
}

fn needs_action(r: &HouseholdRow) -> bool {
    r.changed_since_visit || !r.consent_ok || r.enrolments_to_do > 0 || r.documents_missing > 0
}

/// Short French flags of a row.
pub fn flags(r: &HouseholdRow) -> String {
    let mut f = Vec::new();
    if r.changed_since_visit {
        f.push(text::MODIFIE_DEPUIS_VOTRE_DERNIERE_VISITE.to_owned());
    }
    if !r.consent_ok {
        f.push(text::CONSENTEMENT_MANQUANT.to_owned());
    }
    if r.enrolments_to_do > 0 {
        f.push(count(
            r.enrolments_to_do,
            text::INSCRIPTION_A_FAIRE,
            text::INSCRIPTIONS_A_FAIRE,
        ));
    }
    if r.documents_missing > 0 {
        f.push(count(
            r.documents_missing,
            text::PIECE_A_FOURNIR,
            text::PIECES_A_FOURNIR,
        ));
    }
    if r.exited {
        f.push(text::SORTI_DU_DISPOSITIF.to_owned());
    }
    f.join(" · ")
}

/// Draws the list with its filters.
pub fn list_ui(
    ui: &mut egui::Ui,
    view: &mut ListView,
    message: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(text::MENAGES);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let new = super::primary_button(ui, text::NOUVEAU_MENAGE, true);
            super::on_click(
                &new,
                commands,
                Command::Household(HouseholdCommand::NewHousehold),
            );
            if ui.button(text::RECHERCHER_CTRL_F).clicked() {
                commands.push(Command::Household(HouseholdCommand::OpenSearch));
            }
            if ui.button(text::EXPORTER_LA_LISTE).clicked() {
                commands.push(Command::Sheet(SheetCommand::OpenExport));
            }
            if ui.button(text::IMPORTER_UN_TABLEUR).clicked() {
                commands.push(Command::Sheet(SheetCommand::OpenImport));
            }
        });
    });
    if let Some(message) = message {
        super::error_text(ui, message);
    }
    ui.horizontal(|ui| {
        let l = ui.label(text::FILTRER);
        ui.add(
            egui::TextEdit::singleline(&mut view.filter.text)
                .hint_text(text::NOM_COMMUNE_REFERENT_E)
                .desired_width(260.0),
        )
        .labelled_by(l.id);
        ui.checkbox(&mut view.filter.needs_action, text::A_TRAITER_SEULEMENT);
        ui.checkbox(&mut view.filter.show_exited, text::AFFICHER_LES_SORTIS);
    });
    let total = view.rows().len();
    let shown = view.visible().len();
    if total == 0 {
        if message.is_some() {
            // The list could not be read: « no household yet » would be false.
            return;
        }
        ui.add_space(8.0);
        ui.label(text::AUCUN_MENAGE_POUR_LE_MOMENT_NOUVEAU);
        return;
    }
    ui.label(
        RichText::new(text::affich_sur_total_cliquez_sur_un_en_tete(
            count(shown, text::MENAGE_AFFICHE, text::MENAGES_AFFICHES),
            total,
        ))
        .weak(),
    );
    if shown == 0 {
        ui.label(text::AUCUN_MENAGE_NE_CORRESPOND_A_CES);
        return;
    }
    let height = ui.available_height().max(240.0);
    let mut clicked_sort = None;
    let mut open = None;
    view.visible();
    let (rows, visible) = (view.rows(), &view.visible);
    let sort = view.sort;
    TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .max_scroll_height(height)
        .auto_shrink([false, true])
        .column(Column::initial(220.0).at_least(140.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::initial(190.0).clip(true))
        .column(Column::initial(130.0).clip(true))
        .column(Column::initial(110.0))
        .column(Column::remainder().clip(true))
        .header(30.0, |mut header| {
            for (column, title) in [
                (SortColumn::Name, text::MENAGE),
                (SortColumn::Commune, text::COMMUNE),
                (SortColumn::Stage, text::ETAPE),
                (SortColumn::Referent, text::REFERENT_E),
                (SortColumn::LastContact, text::DERNIER_CONTACT),
            ] {
                header.col(|ui| {
                    let arrow = match sort {
                        (c, false) if c == column => text::A_Z,
                        (c, true) if c == column => text::Z_A,
                        _ => "",
                    };
                    if ui
                        .add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        )
                        .clicked()
                    {
                        clicked_sort = Some(column);
                    }
                });
            }
            header.col(|ui| {
                ui.label(RichText::new(text::A_TRAITER).strong());
            });
        })
        .body(|body| {
            body.rows(28.0, visible.len(), |mut row| {
                let r = &rows[visible[row.index()]];
                row.col(|ui| {
                    cell(ui, RichText::new(&r.label).color(ACCENT));
                });
                row.col(|ui| {
                    cell(ui, &r.commune);
                });
                row.col(|ui| {
                    cell(ui, if r.stage.is_empty() { "—" } else { &r.stage });
                });
                row.col(|ui| {
                    cell(ui, &r.referent);
                });
                row.col(|ui| {
                    cell(
                        ui,
                        match r.last_contact {
                            Some(d) => format_date_fr(Some(d)),
                            None => "—".to_owned(),
                        },
                    );
                });
                row.col(|ui| {
                    cell(ui, RichText::new(flags(r)).color(ERROR).small());
                });
                if row.response().clicked() {
                    open = Some(r.id);
                }
            });
        });
    if let Some(column) = clicked_sort {
        view.sort = if view.sort.0 == column {
            (column, !view.sort.1)
        } else {
            (column, false)
        };
    }
    if let Some(id) = open {
        commands.push(Command::Household(HouseholdCommand::Open(id)));
    }
}

/// A table cell's text: not selectable, so that a click goes to the row (and opens it).
fn cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).selectable(false).truncate());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, commune: &str, stage_order: usize) -> HouseholdRow {
        HouseholdRow {
            id: uuid::Uuid::new_v4(),
            label: label.into(),
            commune: commune.into(),
            stage: String::new(),
            stage_order,
            referent: String::new(),
            last_contact: None,
            consent_ok: true,
            enrolments_to_do: 0,
            documents_missing: 0,
            exited: false,
            changed_since_visit: false,
        }
    }

    #[test]
    fn filter_ignores_accents_and_sort_flips() {
        let mut view = ListView::default();
        view.set_rows(vec![
            row("Famille Bé", "Aurillac", 2),
            row("Famille Ab", "Murat", 1),
        ]);
        assert_eq!(view.visible(), [1, 0]);
        view.sort = (SortColumn::Stage, true);
        assert_eq!(view.visible(), [0, 1]);
        view.filter.text = "be".into();
        assert_eq!(view.visible(), [0]);
        view.filter.text = "AURI".into();
        assert_eq!(view.visible(), [0]);
    }

    #[test]
    fn rows_prepared_for_another_sort_are_sorted_again_and_the_filter_keeps_the_order() {
        let rows = vec![
            row("Famille Céleste", "Murat", 3),
            row("Famille Abel", "Aurillac", 2),
            row("Famille Boris", "Aurillac", 1),
        ];
        // Prepared (on the reading thread) for the name order, shown by stage, descending.
        let prepared = ListRows::prepare(rows, (SortColumn::Name, false));
        let mut view = ListView {
            sort: (SortColumn::Stage, true),
            ..ListView::default()
        };
        view.set_prepared(prepared);
        assert_eq!(view.visible(), [0, 1, 2]);
        // A filter keeps the sort; it matches within one field, never across two.
        view.filter.text = "aurillac".into();
        assert_eq!(view.visible(), [1, 2]);
        view.filter.text = "abel aurillac".into();
        assert!(view.visible().is_empty());
        view.filter.text = "celeste".into();
        assert_eq!(view.visible(), [0]);
        view.filter.text = String::new();
        view.sort = (SortColumn::Name, false);
        assert_eq!(view.visible(), [1, 2, 0]);
    }

    /// One text of each row shown, in the list's order.
    fn shown(view: &mut ListView, text: fn(&HouseholdRow) -> &str) -> Vec<String> {
        let visible = view.visible().to_vec();
        visible
            .into_iter()
            .map(|i| text(&view.rows()[i]).to_owned())
            .collect()
    }

    #[test]
    fn names_sort_as_a_french_reader_expects_accents_and_case_aside() {
        let mut view = ListView::default();
        view.set_rows(vec![
            row("Awa Santos", "Sarcelles", 1),
            row("Aïssatou Chevalier", "Naucelles", 1),
            row("amina Moreau", "Mauriac", 1),
            row("Élodie Roux", "Paris", 1),
            row("Emma Petit", "Évry", 1),
        ]);
        assert_eq!(
            shown(&mut view, |r| &r.label),
            [
                "Aïssatou Chevalier",
                "amina Moreau",
                "Awa Santos",
                "Élodie Roux",
                "Emma Petit"
            ]
        );
        view.sort = (SortColumn::Commune, false);
        assert_eq!(
            shown(&mut view, |r| &r.commune),
            ["Évry", "Mauriac", "Naucelles", "Paris", "Sarcelles"]
        );
    }
}
