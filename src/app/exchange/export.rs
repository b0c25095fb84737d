//! « Échanges »: the packet for partners, previewed then written by a job holding the base.

use super::*;
use crate::ui::exchange::text;

pub(super) fn export_request(v: &ExchangeView) -> ExportRequest {
    let f = &v.send;
    ExportRequest {
        partners: if f.by_passphrase {
            Vec::new()
        } else {
            f.partners.iter().copied().collect()
        },
        // A packet to pinned partners is redacted for their pinned role.
        role: f.by_passphrase.then_some(f.role),
        households: f.selected.iter().copied().collect(),
        include_notes: f.include_notes,
        purpose: f.purpose.trim().to_owned(),
        armor: f.armor,
        passphrase: f
            .by_passphrase
            .then(|| zeroize::Zeroizing::new(f.passphrase.as_str().to_owned())),
        scrypt_log_n: None,
    }
}

pub(super) fn preview_export(v: &mut ExchangeView, cx: &Cx<'_>) {
    let req = export_request(v);
    let Some(store) = cx.store() else {
        return;
    };
    let (role, partners) = match packet::recipients(store, &req) {
        Ok(r) => r,
        Err(e) => {
            v.send.preview = Some(ExportPreview {
                refusals: vec![e.to_string()],
                ..ExportPreview::default()
            });
            v.scroll_to_top = true;
            return;
        }
    };
    let mut preview = ExportPreview {
        recipients: if partners.is_empty() {
            text::role_paquet_protege_par_une_phrase_de(role.label_fr())
        } else {
            format!(
                "{} — {}",
                role.label_fr(),
                partners
                    .iter()
                    .map(|p| p.organisation.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        fields: redact::describe(role, req.include_notes)
            .into_iter()
            .map(|(t, f)| (t, fields_fr(&f)))
            .collect(),
        ..ExportPreview::default()
    };
    if role == PartnerRole::Financeur {
        // Issue 13: what the funder can and cannot do with the ids it receives.
        preview.fields.push((
            text::IDENTIFIANTS.to_owned(),
            if partners.is_empty() {
                text::PSEUDONYMES_TIRES_POUR_CE_SEUL_PAQUET
            } else {
                text::PSEUDONYMES_PROPRES_A_CE_FINANCEUR_LES
            }
            .to_owned(),
        ));
    }
    // Household by household, so that every refusal is listed, not only the first.
    for &h in &req.households {
        let one = ExportRequest {
            households: vec![h],
            ..req.clone()
        };
        let label = store
            .find::<Household>(h)
            .ok()
            .flatten()
            .map(|h| h.label)
            .unwrap_or_default();
        match packet::collect(store, &one) {
            Ok(lines) => {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for l in &lines {
                    if l.table != "programmes" {
                        *counts.entry(redact::table_label_fr(&l.table)).or_default() += 1;
                    }
                }
                preview.records += lines.len();
                let detail = counts
                    .iter()
                    .map(|(t, n)| format!("{t} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                preview.households.push(format!("{label} ({detail})"));
            }
            Err(e) => preview.refusals.push(e.to_string()),
        }
    }
    v.send.preview = Some(preview);
    v.scroll_to_top = true;
}

pub(super) fn start_export(v: &mut ExchangeView, path: PathBuf, cx: &mut Cx<'_>) {
    let req = export_request(v);
    if path.exists() {
        say(
            v,
            Message::error(text::un_fichier_path_existe_deja_choisissez(path.display())),
        );
        return;
    }
    let reached = Arc::new(AtomicUsize::new(0));
    let progress = Progress {
        title: text::PREPARATION_DU_PAQUET,
        phases: EXPORT_PHASES,
        reached: reached.clone(),
    };
    let busy = text::ECRITURE_DU_PAQUET;
    let lent = cx.lend_store(TaskKind::Export, busy, move |mut store| {
        let households = req.households.len();
        let result = packet::export(&mut store, &req)
            .map_err(|e| e.to_string())
            .and_then(|exported| {
                reached.store(1, Ordering::Relaxed);
                output::write_export(&path, &exported.bytes, false)
                    .map_err(|e| text::e_le_paquet_est_note_dans_l_historique(&e))
            })
            .map(|()| (path, households));
        reached.store(2, Ordering::Relaxed);
        TaskDone::Exchange(store, ExchangeDone::Exported(result))
    });
    if lent {
        v.progress = Some(progress);
    }
}
