//! A report as tables (shown by the « Rapports » view, written as CSV/XLSX, printed by
//! `passerelle report`), as JSON, and as PDF. Anonymous counts only: a funder report
//! never carries a name.
//!
//! The tables are the single source of what is shown and exported, so the CLI output,
//! the spreadsheets and the GUI always agree.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use super::pdf::{Bar, PdfDocument, PdfError};
use super::tabular::{Cell, Table};
use crate::domain::report::Report;

/// Title of the main table.
pub const INDICATORS_TITLE: &str = "Indicateurs";
/// Title of the time-per-stage table.
pub const STAGES_TITLE: &str = "Temps par étape";
/// Title of the per-month table.
pub const MONTHS_TITLE: &str = "Entrées et sorties par mois";

/// A date as dd/mm/yyyy.
pub fn date_fr(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

fn ratio(r: Option<f64>) -> Cell {
    r.map_or(Cell::Empty, Cell::Percent)
}

/// The report's three tables: indicators (rubrique, indicateur, valeur), time per
/// stage, entries and exits per month.
/// « 1 personne », « 4 personnes », « 6 personnes et plus ».
pub fn size_fr(size: u8) -> String {
    match size {
        0 => "0 personne (composition à saisir)".to_owned(),
        1 => "1 personne".to_owned(),
        n if n >= crate::domain::report::SIZE_MAX => format!("{n} personnes et plus"),
        n => format!("{n} personnes"),
    }
}

/// The report's tables: indicators, time per stage, months.
pub fn report_tables(r: &Report) -> Vec<Table> {
    let mut ind = Table::new(INDICATORS_TITLE, &["Rubrique", "Indicateur", "Valeur"]);
    let mut row = |section: &str, label: &str, value: Cell| {
        ind.rows.push(vec![section.into(), label.into(), value]);
    };
    let s = "Rapport";
    row(s, "Programme", r.programme.clone().into());
    row(s, "Du", Cell::Date(r.period.from));
    row(s, "Au", Cell::Date(r.period.to));

    let s = "Personnes";
    let p = &r.people;
    row(s, "Ménages accompagnés", p.households.into());
    row(s, "Personnes accompagnées", p.persons().into());
    row(s, "dont adultes", p.adults.into());
    row(s, "dont enfants", p.children.into());
    row(s, "Adultes des ménages entrés", p.entered_adults.into());
    row(s, "Enfants des ménages entrés", p.entered_children.into());
    for (size, n) in &p.entered_by_size {
        row(
            s,
            &format!("Ménages entrés de {}", size_fr(*size)),
            (*n).into(),
        );
    }

    let s = "Parcours";
    let f = &r.funnel;
    row(s, "Ménages entrés (parcours ouverts)", f.entered.into());
    for st in &f.stages {
        row(
            s,
            &format!("Ont atteint « {} »", st.label),
            st.reached.into(),
        );
    }
    row(
        s,
        "Sorties positives (droit commun)",
        f.positive_exits.into(),
    );
    row(s, "Sorties anticipées", f.early_exits_total.into());
    for (reason, n) in &f.early_exits {
        row(s, &format!("Sorties anticipées – {reason}"), (*n).into());
    }
    row(
        s,
        &format!("Toujours en cours au {}", date_fr(r.period.to)),
        f.in_progress_at_end.into(),
    );

    let s = "Résultats";
    let o = &r.outcomes;
    row(s, "Embauches", o.hires.into());
    row(
        s,
        "dont emplois durables (CDI, CDD ≥ 6 mois)",
        o.hires_durable.into(),
    );
    row(s, "Adultes en emploi", o.adults_employed.into());
    row(
        s,
        "Adultes en emploi durable",
        o.adults_employed_durable.into(),
    );
    row(s, "Ménages en emploi", o.households_employed.into());
    row(
        s,
        "Ménages en emploi durable",
        o.households_employed_durable.into(),
    );
    row(
        s,
        "Ménages relogés (bail signé)",
        o.households_housed.into(),
    );
    row(
        s,
        "Enfants inscrits à destination",
        o.children_enrolled.into(),
    );

    let s = "Maintien dans l'emploi";
    for k in &r.retention {
        row(
            s,
            &format!("Suivis à {} mois faits", k.months),
            k.checked.into(),
        );
        row(
            s,
            &format!("Toujours en poste à {} mois", k.months),
            k.in_post.into(),
        );
        row(
            s,
            &format!("Taux de maintien à {} mois", k.months),
            ratio(k.rate()),
        );
    }

    let s = "Activité";
    let a = &r.activity;
    for (kind, n) in &a.appointments {
        row(s, &format!("Rendez-vous – {kind}"), (*n).into());
    }
    row(
        s,
        "Rendez-vous et événements tenus",
        a.appointments_total.into(),
    );
    row(s, "Personnes inscrites", a.registered.into());
    row(s, "Personnes présentes", a.present.into());
    row(s, "Taux de présence", ratio(a.attendance_rate()));
    row(
        s,
        "Nouveaux ménages inconnus des services de l'emploi",
        a.entered_unknown_to_employment.into(),
    );

    let s = "Objectif";
    let t = &r.target;
    row(s, "Objectif annuel (ménages)", i64::from(t.yearly).into());
    row(
        s,
        "Objectif sur la période (prorata)",
        Cell::Number((t.for_period * 10.0).round() / 10.0),
    );
    row(s, "Ménages entrés", t.achieved.into());
    row(s, "Réalisation", ratio(t.ratio()));

    let mut stages = Table::new(
        STAGES_TITLE,
        &[
            "Étape",
            "Ont atteint l'étape",
            "Séjours terminés",
            "1er quartile (jours)",
            "Médiane (jours)",
            "3e quartile (jours)",
        ],
    );
    for st in &f.stages {
        let q = |pick: fn((u32, u32, u32)) -> u32| {
            st.days_quartiles
                .map_or(Cell::Empty, |qs| Cell::Int(i64::from(pick(qs))))
        };
        stages.rows.push(vec![
            st.label.clone().into(),
            st.reached.into(),
            st.stays.into(),
            q(|q| q.0),
            q(|q| q.1),
            q(|q| q.2),
        ]);
    }

    let mut months = Table::new(MONTHS_TITLE, &["Mois", "Entrées", "Sorties"]);
    for m in &r.monthly {
        months.rows.push(vec![
            m.month.label_fr().into(),
            m.entries.into(),
            m.exits.into(),
        ]);
    }
    vec![ind, stages, months]
}

fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Text(s) => json!(s),
        Cell::Int(n) => json!(n),
        Cell::Number(x) | Cell::Percent(x) => json!(x),
        Cell::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
        Cell::Empty => Value::Null,
    }
}

/// The tables as JSON: `{"tables": [{"title", "headers", "rows": [[…]]}]}`; numbers as
/// numbers, ratios between 0 and 1, dates as yyyy-mm-dd, empty cells as null.
pub fn tables_json(tables: &[Table]) -> Value {
    json!({
        "tables": tables.iter().map(|t| json!({
            "title": t.title,
            "headers": t.headers,
            "rows": t.rows.iter().map(|r| r.iter().map(cell_json).collect::<Vec<_>>()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()
    })
}

/// The report as a PDF: title, period, the funnel and the per-month chart, then every
/// table.
pub fn report_pdf(r: &Report) -> Result<Vec<u8>, PdfError> {
    let tables = report_tables(r);
    let mut doc = PdfDocument::new(&format!("Rapport – {}", r.programme))?;
    doc.title(&format!("Rapport d'activité – {}", r.programme));
    doc.paragraph(&format!(
        "Période du {} au {}. Chiffres anonymes, calculés par Passerelle à partir des \
         parcours, embauches, suivis et rendez-vous enregistrés (les ménages purgés restent \
         comptés par mois entiers).",
        date_fr(r.period.from),
        date_fr(r.period.to)
    ));
    doc.heading("Parcours : ménages ayant atteint chaque étape");
    let mut bars: Vec<Bar> = vec![Bar::new("Entrés", r.funnel.entered)];
    bars.extend(
        r.funnel
            .stages
            .iter()
            .map(|s| Bar::new(&s.label, s.reached)),
    );
    bars.push(Bar::new("Sortie positive", r.funnel.positive_exits));
    bars.push(Bar::new("Sortie anticipée", r.funnel.early_exits_total));
    doc.bar_chart(&bars);
    doc.heading("Entrées et sorties par mois");
    let month_bars: Vec<Bar> = r
        .monthly
        .iter()
        .map(|m| Bar::pair(&m.month.label_fr(), m.entries, m.exits))
        .collect();
    doc.bar_chart(&month_bars);
    doc.legend(&["Entrées", "Sorties"]);
    for t in &tables {
        doc.heading(&t.title);
        doc.table(t);
    }
    doc.finish()
}
