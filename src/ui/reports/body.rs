//! The report itself: key figures, tables and charts.

use super::*;

/// A key figure: its number large, its label under it, each shown once (a screen reader
/// hears « Ménages entrés : 30 » as one label).
pub(super) fn key_figure(ui: &mut egui::Ui, label: &str, value: i64) {
    let response = ui
        .vertical(|ui| {
            ui.label(
                RichText::new(value.to_string())
                    .size(22.0)
                    .strong()
                    .color(ACCENT),
            );
            ui.label(label);
        })
        .response;
    let spoken = format!("{label} : {value}");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &spoken));
    ui.add_space(18.0);
}

pub(super) fn report_body(ui: &mut egui::Ui, r: &Report, tables: &[Table]) {
    ui.label(
        RichText::new(text::programme_du_from_au_to(
            &r.programme,
            format_date_fr(Some(r.period.from)),
            format_date_fr(Some(r.period.to)),
        ))
        .size(16.0)
        .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        key_figure(ui, text::MENAGES_ACCOMPAGNES, r.people.households);
        key_figure(ui, text::PERSONNES_ACCOMPAGNEES, r.people.persons());
        key_figure(ui, text::DONT_ADULTES, r.people.adults);
        key_figure(ui, text::DONT_ENFANTS, r.people.children);
    });
    ui.horizontal_wrapped(|ui| {
        key_figure(ui, text::MENAGES_ENTRES, r.funnel.entered);
        key_figure(ui, text::SORTIES_POSITIVES, r.funnel.positive_exits);
        key_figure(ui, text::SORTIES_ANTICIPEES, r.funnel.early_exits_total);
        key_figure(ui, text::EN_COURS_A_LA_FIN, r.funnel.in_progress_at_end);
        key_figure(ui, text::EMBAUCHES, r.outcomes.hires);
        key_figure(ui, text::MENAGES_RELOGES, r.outcomes.households_housed);
    });
    if r.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new(text::AUCUNE_DONNEE_SUR_CETTE_PERIODE_AUCUN).size(15.0));
        return;
    }
    ui.add_space(8.0);
    // Charts at a readable width, each table right below its chart (at 1280 px a table
    // beside the chart would be cut).
    let chart_w = ui.available_width().min(760.0);

    ui.label(RichText::new(text::MENAGES_ENTRES_SELON_LEUR_TAILLE).strong());
    entered_sizes(ui, r);
    ui.add_space(8.0);
    ui.label(RichText::new(text::PARCOURS_MENAGES_AYANT_ATTEINT_CHAQUE_ETAPE).strong());
    ui.allocate_ui(egui::vec2(chart_w, 0.0), |ui| funnel_chart(ui, r));
    if let Some(note) = r.funnel.flows_note_fr(r.period.from) {
        ui.add(egui::Label::new(RichText::new(note).italics().color(TEXT_DETAIL)).wrap());
    }
    ui.add_space(6.0);
    if let Some(t) = tables.get(1) {
        table_ui(ui, "reports_stages", t);
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::ENTREES_ET_SORTIES_PAR_MOIS).strong());
    ui.allocate_ui(egui::vec2(chart_w, 240.0), |ui| monthly_chart(ui, r));
    ui.add_space(6.0);
    if let Some(t) = tables.get(2) {
        table_ui(ui, "reports_months", t);
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::TOUS_LES_INDICATEURS).strong());
    if let Some(t) = tables.first() {
        table_ui(ui, "reports_indicators", t);
    }
}

/// « Ménages entrés de 4 personnes : 3 », for each size present, with the adults and
/// children they brought.
pub(super) fn entered_sizes(ui: &mut egui::Ui, r: &Report) {
    let p = &r.people;
    ui.horizontal_wrapped(|ui| {
        for (size, n) in p.entered_by_size.iter().filter(|s| s.1 > 0) {
            ui.label(format!("{} : {n}", crate::exchange::report::size_fr(*size)));
            ui.separator();
        }
        ui.label(text::soit_entered_adults_adultes_et(
            p.entered_adults,
            p.entered_children,
        ));
    });
}

/// The funnel as rows: the stage's full name (wrapped, never cut), a bar, the count.
/// Painted rather than a plot, whose axis labels had to be cut to fit.
pub(super) fn funnel_chart(ui: &mut egui::Ui, r: &Report) {
    let mut rows: Vec<(String, i64)> = vec![(text::ENTRES.to_owned(), r.funnel.entered)];
    for s in &r.funnel.stages {
        rows.push((s.label.clone(), s.reached));
    }
    rows.push((text::SORTIE_POSITIVE.to_owned(), r.funnel.positive_exits));
    rows.push((
        text::SORTIE_ANTICIPEE.to_owned(),
        r.funnel.early_exits_total,
    ));
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let label_w = 220.0;
    let number_w = 48.0;
    for (label, value) in &rows {
        ui.horizontal(|ui| {
            // Left-aligned in a fixed column; a long stage name wraps, never cut.
            ui.allocate_ui_with_layout(
                egui::vec2(label_w, 18.0),
                egui::Layout::top_down(egui::Align::LEFT),
                |ui| {
                    ui.set_width(label_w);
                    ui.add(egui::Label::new(label.as_str()).wrap());
                },
            );
            let bar_w = (ui.available_width() - number_w).max(60.0);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(bar_w, 16.0), egui::Sense::hover());
            let w = rect.width() * (*value as f32 / max as f32);
            ui.painter().rect_filled(
                egui::Rect::from_min_size(rect.min, egui::vec2(w, rect.height())),
                2.0,
                ACCENT,
            );
            ui.label(RichText::new(value.to_string()).strong());
        });
    }
}

pub(super) fn monthly_chart(ui: &mut egui::Ui, r: &Report) {
    let entries: Vec<Bar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Bar::new(i as f64 - 0.18, m.entries as f64)
                .width(0.35)
                .name(m.month.label_fr())
        })
        .collect();
    let exits: Vec<Bar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Bar::new(i as f64 + 0.18, m.exits as f64)
                .width(0.35)
                .name(m.month.label_fr())
        })
        .collect();
    let months: Vec<String> = r.monthly.iter().map(|m| m.month.label_fr()).collect();
    Plot::new("reports_monthly")
        .height(240.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .legend(Legend::default())
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            let v = mark.value;
            if v.fract().abs() > 1e-6 || v < 0.0 {
                return String::new();
            }
            months.get(v as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(text::ENTREES, entries).color(ACCENT));
            plot.bar_chart(BarChart::new(text::SORTIES, exits).color(CHART_EXITS));
        });
}
