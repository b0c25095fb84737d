//! `passerelle report`: the indicators of a programme for a period, as CSV or JSON (the
//! same tables as the « Rapports » view and its exports), or XLSX/PDF into a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;

use crate::domain::report::{Period, parse_day};
use crate::exchange::output::write_export;
use crate::exchange::report::{report_pdf, report_tables, tables_json};
use crate::exchange::tabular;
use crate::store::Store;

/// Finds a programme by name (case and surrounding spaces ignored) or identifier.
pub fn find_programme(store: &Store, wanted: &str) -> anyhow::Result<Uuid> {
    let programmes = store.board_programmes()?;
    let key = wanted.trim().to_lowercase();
    if let Some(p) = programmes
        .iter()
        .find(|p| p.name.trim().to_lowercase() == key || p.id.to_string() == key)
    {
        return Ok(p.id);
    }
    let names: Vec<String> = programmes
        .iter()
        .map(|p| format!("« {} »", p.name))
        .collect();
    bail!(
        "programme inconnu : vérifiez le nom (programmes de cette base : {}) — « {} »",
        names.join(", "),
        wanted.trim()
    )
}

fn day(text: &str, what: &str) -> anyhow::Result<chrono::NaiveDate> {
    parse_day(text).with_context(|| {
        format!("date {what} illisible : écrivez-la jj/mm/aaaa ou aaaa-mm-jj (« {text} »)")
    })
}

/// Runs the subcommand.
pub fn report(
    store: &mut Store,
    programme: &str,
    from: &str,
    to: &str,
    format: &str,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let period = Period {
        from: day(from, "de début (--from)")?,
        to: day(to, "de fin (--to)")?,
    };
    if period.to < period.from {
        bail!("la date de fin (--to) est avant la date de début (--from) : inversez-les.");
    }
    let id = find_programme(store, programme)?;
    let report = store.report(id, period)?;
    let tables = report_tables(&report);
    let bytes = match format.trim().to_lowercase().as_str() {
        "csv" => tabular::to_csv(&tables)?,
        "json" => {
            let mut value = tables_json(&tables);
            value["programme"] = report.programme.clone().into();
            value["from"] = period.from.format("%Y-%m-%d").to_string().into();
            value["to"] = period.to.format("%Y-%m-%d").to_string().into();
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            text.into_bytes()
        }
        "xlsx" | "pdf" if output.is_none() => {
            bail!("le format {format} s'écrit dans un fichier : ajoutez -o FICHIER.")
        }
        "xlsx" => tabular::to_xlsx(&tables)?,
        "pdf" => report_pdf(&report)?,
        other => bail!("format inconnu : choisissez csv, json, xlsx ou pdf (« {other} »)."),
    };
    let recipient =
        output.map_or_else(|| "sortie standard".to_owned(), |p| p.display().to_string());
    store.audit_now(
        "export rapport",
        &[],
        &format!(
            "programme {id}, période du {} au {}, {format}, vers {recipient}",
            period.from.format("%d/%m/%Y"),
            period.to.format("%d/%m/%Y")
        ),
    )?;
    match output {
        Some(path) => {
            write_export(path, &bytes, false)?;
            eprintln!(
                "Rapport écrit (fichier NON chiffré, chiffres anonymes) : {}",
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}
