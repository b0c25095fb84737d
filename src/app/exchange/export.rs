//! « Échanges »: the packet for partners, previewed then written by a job holding the base.

use super::*;

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
            format!(
                "{} — paquet protégé par une phrase de passe",
                role.label_fr()
            )
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
            "Identifiants".to_owned(),
            if partners.is_empty() {
                "pseudonymes tirés pour ce seul paquet (paquet par phrase de passe) : le \
                 financeur ne peut ni les relier à vos fiches, ni mettre à jour ses chiffres \
                 avec un envoi suivant. Épinglez sa carte pour qu'il reçoive toujours les mêmes."
            } else {
                "pseudonymes propres à ce financeur, les mêmes à chaque envoi (il met à jour \
                 ses chiffres) ; un autre financeur en reçoit d'autres, aucun ne voit vos \
                 identifiants. Ce qu'un financeur renvoie n'est jamais repris dans votre base."
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
            Message::error(format!(
                "Un fichier {} existe déjà : choisissez un autre nom (rien n'a été écrit).",
                path.display()
            )),
        );
        return;
    }
    let reached = Arc::new(AtomicUsize::new(0));
    let progress = Progress {
        title: "Préparation du paquet",
        phases: EXPORT_PHASES,
        reached: reached.clone(),
    };
    let busy = "Écriture du paquet…";
    let lent = cx.lend_store(TaskKind::Export, busy, move |mut store| {
        let households = req.households.len();
        let result = packet::export(&mut store, &req)
            .map_err(|e| e.to_string())
            .and_then(|exported| {
                reached.store(1, Ordering::Relaxed);
                output::write_export(&path, &exported.bytes, false).map_err(|e| {
                    format!(
                        "{e} Le paquet est noté dans l'historique mais le fichier n'existe \
                         pas : recommencez l'envoi."
                    )
                })
            })
            .map(|()| (path, households));
        reached.store(2, Ordering::Relaxed);
        TaskDone::Exchange(store, ExchangeDone::Exported(result))
    });
    if lent {
        v.progress = Some(progress);
    }
}
