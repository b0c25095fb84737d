//! `import-sheet` and `export-sheet`: spreadsheets from the command line. The preview and
//! the report are French, on standard output; invalid rows are listed and nothing is
//! written (exit code 1).

use crate::domain::text::count;
use std::path::Path;

use anyhow::{Context, bail};

use crate::exchange::sheet::{self, Mapping};
use crate::exchange::{output, tabular};
use crate::store::Store;

/// Options of `import-sheet`.
pub struct ImportArgs<'a> {
    /// The spreadsheet.
    pub file: &'a Path,
    /// Show the preview, write nothing.
    pub dry_run: bool,
    /// `En-tête=champ` overrides of the automatic mapping.
    pub map: &'a [String],
    /// Create households flagged as duplicates instead of leaving them out.
    pub create_duplicates: bool,
}

/// Reads a spreadsheet file, refusing a too large one before reading it.
pub fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("lecture de {}", path.display()))?
        .len();
    if size > sheet::MAX_SHEET_BYTES as u64 {
        return Err(sheet::SheetError::TooLarge {
            size_kib: usize::try_from(size >> 10).unwrap_or(usize::MAX),
            limit_kib: sheet::MAX_SHEET_BYTES >> 10,
        }
        .into());
    }
    std::fs::read(path).with_context(|| format!("lecture de {}", path.display()))
}

/// `import-sheet FILE [--dry-run] [--map "En-tête=champ"]… [--create-duplicates]`.
pub fn import(store: &mut Store, args: &ImportArgs<'_>) -> anyhow::Result<()> {
    let bytes = read_file(args.file)?;
    let raw = sheet::read_sheet(&bytes)?;
    let mut mapping = Mapping::auto(&raw.headers);
    mapping
        .apply_overrides(&raw.headers, args.map)
        .map_err(anyhow::Error::msg)?;
    outln!("Colonnes :");
    for (header, field) in raw.headers.iter().zip(&mapping.0) {
        match field {
            Some(f) => outln!("  « {header} » → {}", f.header_fr()),
            None => outln!("  « {header} » → ignorée"),
        }
    }
    let programme = store.import_programme()?;
    let today = store.now().date_naive();
    let plan = sheet::build_plan(&raw, &mapping, &programme, today);
    if !plan.errors.is_empty() {
        outln!("Erreurs :");
        for e in &plan.errors {
            outln!("  {e}");
        }
        if plan.errors_truncated {
            outln!(
                "  … et d'autres erreurs (les {} premières sont listées).",
                sheet::MAX_ERRORS
            );
        }
        bail!(
            "{} dans le tableau : rien n'a été importé. Corrigez le fichier puis relancez.",
            count(plan.errors.len(), "erreur", "erreurs")
        );
    }
    let duplicates = sheet::find_duplicates(&plan, &store.known_people()?);
    if !duplicates.is_empty() {
        let what = if args.create_duplicates {
            "créés quand même (--create-duplicates)"
        } else {
            "ignorés (--create-duplicates pour les créer quand même)"
        };
        outln!("Doublons possibles, {what} :");
        for d in &duplicates {
            outln!(
                "  ligne {} « {} » : {}",
                d.line,
                plan.households[d.household].household.label,
                d.reason
            );
        }
    }
    let skip: std::collections::BTreeSet<usize> = if args.create_duplicates {
        Default::default()
    } else {
        duplicates.iter().map(|d| d.household).collect()
    };
    let chosen: Vec<&sheet::PlannedHousehold> = plan
        .households
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, h)| h)
        .collect();
    let adults: usize = chosen.iter().map(|h| h.adults.len()).sum();
    let children: usize = chosen.iter().map(|h| h.children.len()).sum();
    if args.dry_run {
        outln!(
            "Essai à blanc : {} ({}, {}) {} dans « {} », {}. Rien n'a été écrit.",
            count(chosen.len(), "ménage", "ménages"),
            count(adults, "adulte", "adultes"),
            count(children, "enfant", "enfants"),
            if chosen.len() > 1 {
                "seraient importés"
            } else {
                "serait importé"
            },
            programme.name,
            count(skip.len(), "ignoré", "ignorés")
        );
        return Ok(());
    }
    let report = crate::exchange::sheet::write_plan(store, &chosen, skip.len())?;
    outln!("{report}");
    Ok(())
}

/// `export-sheet --format csv|xlsx -o FILE [--include-exited] [--overwrite]`.
pub fn export(
    store: &mut Store,
    format: &str,
    output_path: &Path,
    include_exited: bool,
    overwrite: bool,
) -> anyhow::Result<()> {
    let today = store.now().date_naive();
    let rows = store.household_rows(today)?;
    // A frozen household (« Gel du dossier ») is exported nowhere, this list included.
    let frozen = store.frozen_households()?;
    let kept: Vec<_> = rows
        .iter()
        .filter(|r| include_exited || !r.exited)
        .collect();
    let table =
        sheet::household_list_table(kept.iter().copied().filter(|r| !frozen.contains(&r.id)));
    let left_out = kept.len() - table.rows.len();
    let bytes = match format.trim().to_lowercase().as_str() {
        "csv" => tabular::to_csv(std::slice::from_ref(&table))?,
        "xlsx" => tabular::to_xlsx(std::slice::from_ref(&table))?,
        other => bail!("format inconnu « {other} » : choisissez csv ou xlsx."),
    };
    output::write_export(output_path, &bytes, overwrite)?;
    store.audit_now(
        "export tableur",
        &[],
        &format!(
            "{} vers {}",
            crate::domain::text::count(table.rows.len(), "ménage", "ménages"),
            output_path.display()
        ),
    )?;
    outln!(
        "{} dans {}{}. Attention : ce fichier n'est pas chiffré ; gardez-le en lieu sûr et \
         supprimez-le après usage.",
        count(table.rows.len(), "ménage exporté", "ménages exportés"),
        output_path.display(),
        sheet::frozen_note(left_out)
    );
    Ok(())
}
