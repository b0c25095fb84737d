//! `contact-card`, `add-partner`, `export`, `import`: case packets from the command line
//! (DESIGN.md §5, §7). Output for the worker is French; files are written atomically.

use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::domain::merge::MergeKind;
use crate::domain::model::{Partner, PartnerRole};
use crate::exchange::packet::{self, ExportRequest, Preview};
use crate::store::Store;

/// Parses a role name as typed on the command line.
pub fn parse_role(text: &str) -> anyhow::Result<PartnerRole> {
    match text.trim().to_lowercase().as_str() {
        "accompagnement" => Ok(PartnerRole::Accompagnement),
        "employeur" => Ok(PartnerRole::Employeur),
        "bailleur" => Ok(PartnerRole::Bailleur),
        "financeur" => Ok(PartnerRole::Financeur),
        _ => bail!(
            "rôle inconnu « {text} » : choisissez accompagnement, employeur, bailleur ou financeur."
        ),
    }
}

fn read_small(path: &Path, what: &str) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("lecture de {}", path.display()))?;
    if meta.len() > packet::MAX_PACKET_BYTES as u64 {
        bail!("{what} trop volumineux ({} octets) : refusé.", meta.len());
    }
    std::fs::read(path).with_context(|| format!("lecture de {}", path.display()))
}

fn read_secret(path: &Path) -> anyhow::Result<Zeroizing<String>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?,
    );
    Ok(Zeroizing::new(
        text.lines()
            .next()
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_owned(),
    ))
}

/// `contact-card`: creates the identity if needed and writes or prints the card.
pub fn contact_card(
    store: &mut Store,
    output: Option<&Path>,
    organisation: Option<&str>,
) -> anyhow::Result<()> {
    let me = packet::ensure_identity(store, organisation)?;
    let card = me.contact_card();
    match output {
        Some(path) => {
            packet::write_file(path, card.to_json().as_bytes())?;
            eprintln!("Carte de contact écrite : {}", path.display());
        }
        None => outln!("{}", card.to_json()),
    }
    eprintln!(
        "Organisation : {}\nEmpreinte : {}\nDonnez la carte à vos partenaires et lisez-leur cette empreinte par téléphone.",
        card.organisation, card.fingerprint
    );
    Ok(())
}

/// `add-partner`: checks a card, pins it with its role, prints the fingerprint.
pub fn add_partner(
    store: &mut Store,
    card: &Path,
    role: &str,
    contact: &str,
) -> anyhow::Result<()> {
    let role = parse_role(role)?;
    let bytes = read_small(card, "carte de contact")?;
    let text = String::from_utf8(bytes).context("la carte de contact n'est pas du texte UTF-8")?;
    let card = packet::ContactCard::parse(&text)?;
    let partner = packet::add_partner(store, &card, role, contact)?;
    outln!(
        "Partenaire ajouté : {} ({})",
        partner.organisation,
        role.label_fr()
    );
    outln!("Empreinte : {}", card.fingerprint);
    outln!("Identifiant : {}", partner.id);
    eprintln!(
        "Comparez cette empreinte, groupe par groupe, avec celle que le partenaire vous lit par téléphone ; si elle diffère, ne lui envoyez rien."
    );
    Ok(())
}

fn find_partner(partners: &[Partner], name: &str) -> anyhow::Result<Uuid> {
    if let Ok(id) = Uuid::parse_str(name.trim())
        && partners.iter().any(|p| p.id == id)
    {
        return Ok(id);
    }
    let wanted = name.trim().to_lowercase();
    let found: Vec<&Partner> = partners
        .iter()
        .filter(|p| p.organisation.to_lowercase() == wanted)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => bail!(
            "partenaire inconnu : ajoutez d'abord sa carte (« passerelle add-partner »). Partenaire : {name}"
        ),
        _ => bail!(
            "plusieurs partenaires portent ce nom : indiquez leur identifiant. Partenaire : {name}"
        ),
    }
}

/// Options of `export`.
#[derive(Debug)]
pub struct ExportArgs<'a> {
    /// Partners (organisation name or id).
    pub to: &'a [String],
    /// Role of a passphrase packet (with partners: theirs; another one is refused).
    pub role: Option<&'a str>,
    /// Household ids.
    pub households: &'a [String],
    /// Output file.
    pub output: &'a Path,
    /// Include journal notes.
    pub notes: bool,
    /// ASCII armor.
    pub armor: bool,
    /// Purpose.
    pub purpose: &'a str,
    /// Passphrase file for a passphrase packet.
    pub packet_passphrase_file: Option<&'a Path>,
}

/// `export`: writes a packet file.
pub fn export(store: &mut Store, args: &ExportArgs<'_>) -> anyhow::Result<()> {
    let role = args.role.map(parse_role).transpose()?;
    let partners: Vec<Partner> = store.list()?;
    let to = args
        .to
        .iter()
        .map(|n| find_partner(&partners, n))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let households = args
        .households
        .iter()
        .map(|h| {
            Uuid::parse_str(h.trim())
                .map_err(|_| anyhow::anyhow!("identifiant de ménage invalide : {h}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let passphrase = args.packet_passphrase_file.map(read_secret).transpose()?;
    if to.is_empty() && passphrase.is_none() {
        bail!(
            "indiquez au moins un destinataire (--to) ou une phrase de passe (--packet-passphrase-file)."
        );
    }
    if args.output.exists() {
        bail!(
            "le fichier {} existe déjà : Passerelle ne l'écrase pas.",
            args.output.display()
        );
    }
    let exported = packet::export(
        store,
        &ExportRequest {
            partners: to,
            role,
            households,
            include_notes: args.notes,
            purpose: args.purpose.to_owned(),
            armor: args.armor,
            passphrase,
            scrypt_log_n: None,
        },
    )?;
    packet::write_file(args.output, &exported.bytes)?;
    let total: u64 = exported.manifest.counts.values().sum();
    let role = exported
        .manifest
        .recipients
        .first()
        .map_or("?", |r| r.role.label_fr());
    outln!(
        "Paquet écrit : {} ({total} fiches, {} Kio, rôle « {} »).",
        args.output.display(),
        exported.bytes.len().div_ceil(1024),
        role
    );
    for (table, n) in &exported.manifest.counts {
        outln!("  {} : {n}", crate::exchange::redact::table_label_fr(table));
    }
    Ok(())
}

/// Prints a preview in French.
pub fn print_preview(preview: &Preview) {
    outln!("{}", preview.summary_fr());
    for item in &preview.items {
        let mark = if !item.conflicts.is_empty() {
            "Conflit"
        } else {
            match item.kind {
                MergeKind::New => "Nouvelle",
                MergeKind::Updated => "Mise à jour",
                MergeKind::Unchanged => continue,
            }
        };
        if item.refused.is_some() || item.deletion {
            continue;
        }
        outln!("  {mark} — {}", item.label);
        for c in &item.conflicts {
            outln!(
                "      champ « {} » : gardé {} ; écarté {} (à revoir : garder le mien / prendre le leur)",
                c.field,
                c.kept,
                c.lost
            );
        }
    }
}

/// The deletions and refusals of a preview, in French.
fn print_deletions_and_refusals(preview: &Preview, applied: Option<bool>) {
    let deletions: Vec<_> = preview.deletions().collect();
    if !deletions.is_empty() {
        outln!(
            "Suppressions ({}) — {} :",
            deletions.len(),
            match applied {
                Some(true) => "appliquées",
                Some(false) => "NON appliquées (ajoutez --apply-deletions pour les appliquer)",
                None => "appliquées seulement avec --apply-deletions",
            }
        );
        for d in deletions {
            outln!("  Suppression — {} ({})", d.label, d.id);
        }
    }
    for r in preview.refusals() {
        outln!(
            "  Refusée — {} ({}) : {}",
            r.label,
            r.id,
            r.refused.as_deref().unwrap_or("")
        );
    }
}

/// `import`: checks, previews and (unless `dry_run`) merges a packet; the deletions only
/// with `apply_deletions`.
pub fn import(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    packet_passphrase_file: Option<&Path>,
    apply_deletions: bool,
) -> anyhow::Result<()> {
    let bytes = read_small(file, "paquet")?;
    let passphrase = packet_passphrase_file.map(read_secret).transpose()?;
    let opened = packet::open(store, &bytes, passphrase.as_ref().map(|p| p.as_str()))?;
    if dry_run {
        let preview = packet::preview(store, &opened)?;
        print_preview(&preview);
        print_deletions_and_refusals(&preview, None);
        outln!("Simulation (--dry-run) : rien n'a été écrit.");
        return Ok(());
    }
    let applied = packet::apply_with(store, &opened, apply_deletions)?;
    print_preview(&applied);
    print_deletions_and_refusals(&applied, Some(apply_deletions));
    if applied.already_imported.is_none() {
        outln!("Import terminé en une seule opération ; le journal d'audit l'a enregistré.");
        if apply_deletions && applied.deletions().next().is_some() {
            outln!(
                "Les fiches supprimées restent restaurables {} jours dans l'application : Échanges, « Recevoir un dossier », « Suppressions reçues ».",
                packet::DELETION_UNDO_DAYS
            );
        }
    }
    Ok(())
}

/// `households`: one line per live household (id, label, current stage, référent·e), in
/// CSV (cells neutralised like every CSV we write) or JSON, for scripts (`export
/// --household ID`). Audited: the list holds names.
pub fn households(store: &mut Store, format: &str) -> anyhow::Result<()> {
    let today = store.now().date_naive();
    let rows = store.household_rows(today)?;
    let out = match format.trim().to_lowercase().as_str() {
        "csv" => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["id", "nom", "etape", "referent"])?;
            for r in &rows {
                let id = r.id.to_string();
                writer.write_record([
                    id.as_str(),
                    &crate::exchange::tabular::csv_cell(&r.label),
                    &crate::exchange::tabular::csv_cell(&r.stage),
                    &crate::exchange::tabular::csv_cell(&r.referent),
                ])?;
            }
            String::from_utf8(writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?
        }
        "json" => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "nom": r.label,
                        "etape": r.stage,
                        "referent": r.referent,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
        other => bail!("format inconnu « {other} » : choisissez csv ou json."),
    };
    store.write(|tx| {
        tx.audit(
            "liste des ménages",
            &format!(
                "ligne de commande, {}, format {format}",
                crate::domain::text::count(rows.len(), "ménage", "ménages")
            ),
        )
    })?;
    print!("{out}");
    Ok(())
}

/// `export-age-key`: writes our age identity for `age -d -i FILE`, with a warning.
pub fn export_age_key(store: &mut Store, output: &Path) -> anyhow::Result<()> {
    packet::export_age_identity(store, output)?;
    outln!(
        "Clé secrète écrite : {} (lisible par vous seul).",
        output.display()
    );
    eprintln!(
        "Attention : ce fichier ouvre tous les paquets adressés à votre structure. Utilisez-le (age -d -i {} paquet.age > paquet.tar), puis supprimez-le ; ne l'envoyez jamais. L'export est noté dans le journal.",
        output.display()
    );
    Ok(())
}

/// `revoke-partner`: revokes a pinned partner from now on.
pub fn revoke_partner(store: &mut Store, name: &str) -> anyhow::Result<()> {
    let partners: Vec<Partner> = store.list()?;
    let id = find_partner(&partners, name)?;
    let p = packet::revoke_partner(store, id)?;
    outln!(
        "{} est révoqué depuis le {} : rien ne lui sera plus envoyé, ses paquets signés depuis seront refusés.",
        p.organisation,
        p.trust
            .revoked_at
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    );
    Ok(())
}
