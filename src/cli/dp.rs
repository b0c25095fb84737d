//! Data protection from the command line (issue 14): `passerelle erase`, `passerelle
//! audit` (and the chain check of `passerelle check`, in cli.rs).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;

use crate::domain::report::parse_day;
use crate::domain::text::count;
use crate::exchange::dp::{audit_csv, audit_json};
use crate::exchange::output::write_export;
use crate::store::Store;
use crate::store::audit::{AuditFilter, AuditObject};

fn id(text: &str, what: &str) -> anyhow::Result<Uuid> {
    Uuid::parse_str(text.trim()).with_context(|| {
        format!(
            "identifiant {what} illisible : copiez-le depuis « passerelle households » (« {text} »)"
        )
    })
}

fn day(text: &str, what: &str) -> anyhow::Result<chrono::NaiveDate> {
    parse_day(text).with_context(|| {
        format!("date {what} illisible : écrivez-la jj/mm/aaaa ou aaaa-mm-jj (« {text} »)")
    })
}

/// `passerelle erase --household ID | --person ID`.
pub fn erase(
    store: &mut Store,
    household: Option<&str>,
    person: Option<&str>,
) -> anyhow::Result<()> {
    let erased = match (household, person) {
        (Some(h), None) => store.erase_households(&[id(h, "de ménage")?])?,
        (None, Some(p)) => store.erase_person(id(p, "de personne")?)?,
        _ => bail!("indiquez soit --household ID, soit --person ID."),
    };
    outln!(
        "Effacement terminé : {} et {} pour de bon ; seuls restent l'identifiant (pour qu'aucun paquet ne les ramène) et les comptes anonymes des rapports.",
        count(erased.records, "fiche supprimée", "fiches supprimées"),
        count(
            erased.attachments,
            "pièce jointe supprimée",
            "pièces jointes supprimées"
        )
    );
    if store.team_config()?.is_some() {
        outln!(
            "Équipe : l'effacement sera transmis aux autres ordinateurs à la prochaine synchronisation (« passerelle team sync »)."
        );
    }
    Ok(())
}

/// The arguments of `passerelle audit`.
pub struct AuditArgs<'a> {
    /// First day.
    pub from: Option<&'a str>,
    /// Last day (inclusive).
    pub to: Option<&'a str>,
    /// Worker id.
    pub worker: Option<&'a str>,
    /// Household id.
    pub household: Option<&'a str>,
    /// csv or json.
    pub format: &'a str,
    /// File to write (standard output otherwise).
    pub output: Option<&'a Path>,
}

/// `passerelle audit`: the filtered access log, as CSV or JSON; the export is itself
/// logged.
pub fn audit(store: &mut Store, args: &AuditArgs<'_>) -> anyhow::Result<()> {
    let filter = AuditFilter {
        from: args.from.map(|d| day(d, "de début (--from)")).transpose()?,
        to: args.to.map(|d| day(d, "de fin (--to)")).transpose()?,
        worker: args.worker.map(|w| w.trim().to_owned()),
        household: args
            .household
            .map(|h| id(h, "de ménage (--household)"))
            .transpose()?,
        action: None,
    };
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && t < f
    {
        bail!("la date de fin (--to) est avant la date de début (--from) : inversez-les.");
    }
    let entries = store.audit_log(&filter)?;
    let bytes = match args.format.trim().to_lowercase().as_str() {
        "csv" => audit_csv(&entries)?,
        "json" => audit_json(&entries)?,
        other => bail!("format inconnu : choisissez csv ou json (« {other} »)."),
    };
    let objects: Vec<AuditObject> = filter
        .household
        .map(AuditObject::Household)
        .into_iter()
        .collect();
    let recipient = match args.output {
        Some(path) => format!("fichier {}", path.display()),
        None => "sortie standard".to_owned(),
    };
    let detail = format!(
        "{}, {} vers {recipient}",
        crate::domain::text::count(entries.len(), "entrée", "entrées"),
        args.format
    );
    match args.output {
        Some(path) => {
            write_export(path, &bytes, false)?;
            store.audit_now("export du journal d'accès", &objects, &detail)?;
            eprintln!(
                "Journal d'accès écrit (fichier NON chiffré, identifiants sans noms) : {} ({})",
                path.display(),
                count(entries.len(), "entrée", "entrées")
            );
        }
        None => {
            store.audit_now("export du journal d'accès", &objects, &detail)?;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// `passerelle retention --dry-run | --apply`.
pub fn retention(store: &mut Store, apply: bool) -> anyhow::Result<()> {
    let today = store.now().date_naive();
    let due = store.retention_preview(today)?;
    let held = due.iter().filter(|d| d.held.is_some()).count();
    if due.is_empty() {
        outln!(
            "Aucun ménage n'a dépassé sa durée de conservation au {}.",
            today.format("%d/%m/%Y")
        );
        return Ok(());
    }
    for d in &due {
        outln!(
            "{}\t{}\t{}{}",
            d.household,
            d.label,
            d.why(),
            d.held
                .as_ref()
                .map(|r| format!(" ; CONSERVÉ : {r}"))
                .unwrap_or_default()
        );
    }
    if !apply {
        outln!(
            "Simulation : {} à effacer, {} à part. Rien n'a été effacé ; relancez avec --apply pour effacer.",
            count(due.len() - held, "ménage", "ménages"),
            count(held, "conservé", "conservés")
        );
        return Ok(());
    }
    let (n, erased) = store.apply_retention(today)?;
    outln!(
        "{} pour de bon ({}, {}) ; {} à part. Les comptes anonymes des rapports sont gardés.",
        count(n, "ménage effacé", "ménages effacés"),
        count(erased.records, "fiche", "fiches"),
        count(erased.attachments, "pièce jointe", "pièces jointes"),
        count(held, "conservé", "conservés")
    );
    Ok(())
}

/// `passerelle access --person ID -o DIR`: the PDF and the JSON of everything held on one
/// person (other members of the household redacted), never over existing files; logged.
pub fn access(store: &mut Store, person: &str, dir: &Path) -> anyhow::Result<()> {
    let id = id(person, "de personne")?;
    let (pdf_path, json_path) = crate::exchange::access::write_access(store, id, dir)?;
    eprintln!(
        "Attention : ces fichiers ne sont PAS chiffrés ; remettez-les à la personne puis supprimez-les."
    );
    outln!("{}", pdf_path.display());
    outln!("{}", json_path.display());
    Ok(())
}
