//! « Aide et à propos »: what this program is (version, commit, SQLCipher), where the base
//! and its key file are, how to back up and recover, the local guide, and the licences of
//! everything compiled into the binary.
//!
//! Everything shown is known when the view is built (constants, the summary the app already
//! keeps): drawing it never reads a file nor the base.

use egui::RichText;

use super::shell::Summary;
use super::theme::{ACCENT, CARD_FILL, CARD_STROKE, FIELD_FILL, TEXT_BOX_STROKE};
use crate::ui::shell::text;

/// Label of the entry at the bottom of the navigation (also what UI tests click).
pub const ABOUT_LABEL: &str = text::AIDE_ET_A_PROPOS;

/// The third-party licences file, as shipped in the package (packaging/licences.sh).
pub const THIRD_PARTY_LICENSES: &str = include_str!("../../assets/THIRD-PARTY-LICENSES.txt");

/// Where the Debian package installs the getting-started guide.
pub const INSTALLED_GUIDE: &str = "/usr/share/doc/passerelle/guide.md";

/// View state of « Aide et à propos ».
pub struct AboutView {
    /// Shown instead of the current section.
    pub open: bool,
    /// The SQLCipher version linked in (asked once per process, see [`crate::version`]).
    sqlcipher: &'static str,
    /// Where the guide is on this computer, or where to find it.
    guide: String,
    /// The licences, one entry per line: the file is pre-wrapped, so every row has the same
    /// height and only the visible rows are laid out (the file is large).
    licence_lines: Vec<&'static str>,
}

impl Default for AboutView {
    fn default() -> Self {
        Self::new()
    }
}

impl AboutView {
    /// The view, closed. Checks once whether the guide is installed.
    pub fn new() -> Self {
        let guide = if std::path::Path::new(INSTALLED_GUIDE).exists() {
            INSTALLED_GUIDE.to_owned()
        } else {
            // A build from the sources (cargo run): the guide is in the repository.
            text::DOCS_GUIDE_MD_DANS_LES_SOURCES.to_owned()
        };
        Self {
            open: false,
            sqlcipher: crate::version::sqlcipher_version(),
            guide,
            licence_lines: THIRD_PARTY_LICENSES.lines().collect(),
        }
    }
}

/// Draws « Aide et à propos ».
pub fn about_ui(ui: &mut egui::Ui, view: &mut AboutView, summary: &Summary) {
    ui.horizontal(|ui| {
        ui.heading(ABOUT_LABEL);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(text::FERMER_L_AIDE).clicked() {
                view.open = false;
            }
        });
    });
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("about_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(900.0);
            block(ui, text::VERSION, |ui| {
                egui::Grid::new("about_version")
                    .num_columns(2)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        ui.label(text::PASSERELLE);
                        ui.label(RichText::new(crate::version::VERSION).monospace());
                        ui.end_row();
                        ui.label(text::COMMIT);
                        ui.label(RichText::new(crate::version::COMMIT).monospace());
                        ui.end_row();
                        ui.label("SQLCipher");
                        ui.label(RichText::new(view.sqlcipher).monospace());
                        ui.end_row();
                    });
                ui.label(RichText::new(text::CES_TROIS_LIGNES_SONT_AUSSI_AFFICHEES).small());
            });

            block(ui, text::VOS_DONNEES, |ui| {
                egui::Grid::new("about_data")
                    .num_columns(2)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        ui.label(text::BASE_CHIFFREE);
                        ui.label(RichText::new(&summary.db_location).monospace());
                        ui.end_row();
                        ui.label(text::FICHIER_DE_CLES);
                        ui.label(RichText::new(&summary.key_location).monospace());
                        ui.end_row();
                    });
                ui.label(text::LA_BASE_NE_S_OUVRE_QU);
            });

            block(ui, text::SAUVEGARDER, |ui| {
                ui.label(text::PARAMETRES_SAUVEGARDER_MAINTENANT_OU_DANS_UN);
                ui.label(text::POUR_REPARTIR_D_UNE_SAUVEGARDE_PASSERELLE);
            });

            block(ui, text::PHRASE_DE_PASSE_OUBLIEE_FICHIER_DE, |ui| {
                ui.label(text::LA_CLE_DE_SECOURS_56_CARACTERES);
                ui.label(text::ORDINATEUR_PERDU_OU_VOLE_LES_DONNEES);
            });

            block(ui, text::GUIDE_DE_PRISE_EN_MAIN, |ui| {
                ui.label(RichText::new(&view.guide).monospace());
                ui.horizontal(|ui| {
                    if ui.button(text::COPIER_LE_CHEMIN_DU_GUIDE).clicked() {
                        let path = if view.guide.starts_with('/') {
                            view.guide.clone()
                        } else {
                            "docs/guide.md".to_owned()
                        };
                        ui.ctx().copy_text(path);
                    }
                    ui.label(RichText::new(text::IL_S_OUVRE_AVEC_N_IMPORTE).small());
                });
            });

            block(ui, text::LICENCES, |ui| {
                ui.label(text::PASSERELLE_EST_DISTRIBUEE_SOUS_LA_LICENCE);
                let font = egui::FontId::monospace(13.0);
                let row_height = ui.ctx().fonts_mut(|fonts| fonts.row_height(&font));
                egui::Frame::new()
                    .fill(FIELD_FILL)
                    .stroke(egui::Stroke::new(1.0, TEXT_BOX_STROKE))
                    .inner_margin(egui::Margin::same(8))
                    .show(ui, |ui| {
                        // Rows touch each other; show_rows must know it before it computes
                        // which rows are visible (row height plus spacing).
                        ui.spacing_mut().item_spacing.y = 0.0;
                        egui::ScrollArea::both()
                            .id_salt("about_licences")
                            // Inside the page's own scroll area the available height is
                            // unbounded: ask for the height outright.
                            .min_scrolled_height(320.0)
                            .max_height(320.0)
                            .auto_shrink([false, true])
                            .show_rows(ui, row_height, view.licence_lines.len(), |ui, rows| {
                                for line in &view.licence_lines[rows] {
                                    ui.add(
                                        egui::Label::new(RichText::new(*line).font(font.clone()))
                                            .extend(),
                                    );
                                }
                            });
                    });
            });
        });
}

/// A titled white block, like the settings page.
fn block(ui: &mut egui::Ui, title: &str, add_contents: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new()
        .fill(CARD_FILL)
        .stroke(egui::Stroke::new(1.0, CARD_STROKE))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(title).strong().size(18.0).color(ACCENT));
            add_contents(ui);
        });
    ui.add_space(8.0);
}
