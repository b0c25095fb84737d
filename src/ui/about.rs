//! « Aide et à propos »: what this program is (version, commit, SQLCipher), where the base
//! and its key file are, how to back up and recover, the local guide, and the licences of
//! everything compiled into the binary.
//!
//! Everything shown is known when the view is built (constants, the summary the app already
//! keeps): drawing it never reads a file nor the base.

use egui::RichText;

use super::shell::Summary;
use super::theme::{ACCENT, CARD_FILL, CARD_STROKE, FIELD_FILL, TEXT_BOX_STROKE};

/// Label of the entry at the bottom of the navigation (also what UI tests click).
pub const ABOUT_LABEL: &str = "Aide et à propos";

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
            "docs/guide.md (dans les sources de Passerelle ; installé avec le paquet Debian \
             dans /usr/share/doc/passerelle/guide.md)"
                .to_owned()
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
            if ui.button("Fermer l'aide").clicked() {
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
            block(ui, "Version", |ui| {
                egui::Grid::new("about_version")
                    .num_columns(2)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        ui.label("Passerelle");
                        ui.label(RichText::new(crate::version::VERSION).monospace());
                        ui.end_row();
                        ui.label("Commit");
                        ui.label(RichText::new(crate::version::COMMIT).monospace());
                        ui.end_row();
                        ui.label("SQLCipher");
                        ui.label(RichText::new(view.sqlcipher).monospace());
                        ui.end_row();
                    });
                ui.label(
                    RichText::new(
                        "Ces trois lignes sont aussi affichées par « passerelle --version » : \
                         joignez-les à toute demande d'aide.",
                    )
                    .small(),
                );
            });

            block(ui, "Vos données", |ui| {
                egui::Grid::new("about_data")
                    .num_columns(2)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        ui.label("Base chiffrée");
                        ui.label(RichText::new(&summary.db_location).monospace());
                        ui.end_row();
                        ui.label("Fichier de clés");
                        ui.label(RichText::new(&summary.key_location).monospace());
                        ui.end_row();
                    });
                ui.label(
                    "La base ne s'ouvre qu'avec son fichier de clés, et le fichier de clés \
                     qu'avec votre phrase de passe ou la clé de secours. Gardez toujours les \
                     deux fichiers ensemble.",
                );
            });

            block(ui, "Sauvegarder", |ui| {
                ui.label(
                    "« Paramètres », « Sauvegarder maintenant… » (ou, dans un terminal, \
                     « passerelle backup CHEMIN ») écrit une copie chiffrée de la base (CHEMIN) \
                     et de son fichier de clés (CHEMIN.key), puis la relit pour la vérifier. \
                     Rangez les deux fichiers sur un support gardé ailleurs que l'ordinateur \
                     (clé USB sous clé, serveur de la structure), chaque semaine au moins : \
                     Passerelle le rappelle après 7 jours sans sauvegarde.",
                );
                ui.label(
                    "Pour repartir d'une sauvegarde : Passerelle fermée, remettez les deux \
                     fichiers à l'emplacement de la base ci-dessus (passerelle.db et \
                     passerelle.db.key), puis ouvrez Passerelle avec la phrase de passe du \
                     moment de la sauvegarde, ou la clé de secours.",
                );
            });

            block(
                ui,
                "Phrase de passe oubliée, fichier de clés perdu",
                |ui| {
                    ui.label(
                        "La clé de secours (56 caractères, affichée une seule fois à la création, \
                     à garder sur papier sous pli fermé) permet de choisir une nouvelle phrase \
                     de passe : « Phrase de passe oubliée ? » sur l'écran de déverrouillage, \
                     ou « passerelle recover » dans un terminal.",
                    );
                    ui.label(
                        "Ordinateur perdu ou volé : les données sont chiffrées, mais prévenez tout \
                     de suite votre responsable et le ou la délégué·e à la protection des \
                     données ; réinstallez Passerelle sur un autre poste et repartez de la \
                     dernière sauvegarde. Le guide détaille la marche à suivre.",
                    );
                },
            );

            block(ui, "Guide de prise en main", |ui| {
                ui.label(RichText::new(&view.guide).monospace());
                ui.horizontal(|ui| {
                    if ui.button("Copier le chemin du guide").clicked() {
                        let path = if view.guide.starts_with('/') {
                            view.guide.clone()
                        } else {
                            "docs/guide.md".to_owned()
                        };
                        ui.ctx().copy_text(path);
                    }
                    ui.label(
                        RichText::new("Il s'ouvre avec n'importe quel éditeur de texte.").small(),
                    );
                });
            });

            block(ui, "Licences", |ui| {
                ui.label(
                    "Passerelle est distribuée sous la licence publique de l'Union européenne \
                     (EUPL 1.2). Elle contient des composants d'autres auteurs, sous leurs \
                     propres licences, toutes reproduites ci-dessous (fichier \
                     THIRD-PARTY-LICENSES.txt, installé dans /usr/share/doc/passerelle/).",
                );
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
