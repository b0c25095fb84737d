//! « Échanges »: a packet opened and previewed, then applied by a job holding the base;
//! what came back, received deletions and conflicts.

use super::*;
use crate::ui::exchange::text;

/// Opens and checks a packet, then builds its preview, on a job holding the base.
pub(super) fn start_open(v: &mut ExchangeView, path: PathBuf, cx: &mut Cx<'_>) {
    v.tab = ExchangeTab::Recevoir;
    v.receive.path = Some(path.clone());
    v.receive.error = None;
    v.receive.preview = None;
    v.receive.pending = None;
    let passphrase = (!v.receive.passphrase.is_empty())
        .then(|| zeroize::Zeroizing::new(v.receive.passphrase.as_str().to_owned()));
    let reached = Arc::new(AtomicUsize::new(0));
    let progress = Progress {
        title: text::OUVERTURE_DU_PAQUET,
        phases: OPEN_PHASES,
        reached: reached.clone(),
    };
    let busy = text::VERIFICATION_DU_PAQUET;
    let lent = cx.lend_store(TaskKind::Import, busy, move |store| {
        let result = read_capped(&path, packet::MAX_PACKET_BYTES as u64)
            .map_err(|e| PacketError::Damaged(text::le_fichier_n_a_pas_pu_etre_lu(&e)))
            .and_then(|bytes| {
                reached.store(1, Ordering::Relaxed);
                let opened = packet::open(
                    &store,
                    &bytes,
                    passphrase.as_deref().map(std::string::String::as_str),
                )?;
                reached.store(2, Ordering::Relaxed);
                let preview = packet::preview(&store, &opened)?;
                let shown = Box::new(import_preview(&store, &opened, &preview));
                Ok((Box::new(opened), shown))
            });
        TaskDone::Exchange(store, ExchangeDone::Opened(result))
    });
    if lent {
        v.progress = Some(progress);
    }
}

/// Applies the packet previewed, in one transaction, on a job holding the base; the job
/// also re-reads the board of `programme`.
pub(super) fn start_apply(v: &mut ExchangeView, programme: Uuid, cx: &mut Cx<'_>) {
    let deletions = std::mem::take(&mut v.receive.apply_deletions);
    let Some(packet) = v.receive.pending.take() else {
        return;
    };
    let programme = Some(programme);
    let progress = Progress {
        title: text::IMPORT_DU_PAQUET,
        phases: APPLY_PHASES,
        reached: Arc::new(AtomicUsize::new(0)),
    };
    let busy = text::IMPORT_DU_PAQUET_2;
    let lent = cx.lend_store(TaskKind::Import, busy, move |mut store| {
        let result = packet::apply_with(&mut store, &packet, deletions)
            .map(|preview| {
                (
                    preview,
                    Box::new(super::super::load_board(&store, programme)),
                )
            })
            .map_err(|e| e.to_string());
        TaskDone::Exchange(store, ExchangeDone::Applied(result))
    });
    if lent {
        v.progress = Some(progress);
    }
}

/// An exchange job came back, and the app took the base back.
pub(in crate::app) fn done(v: &mut ExchangeView, done: ExchangeDone, cx: &mut Cx<'_>) {
    v.progress = None;
    v.scroll_to_top = true;
    match done {
        ExchangeDone::Exported(Ok((path, n))) => {
            v.send.preview = None;
            v.send.selected.clear();
            // A generated passphrase stays on screen until the worker says she has
            // read it to the partner; a typed one is wiped now.
            if !v.send.generated {
                v.send.passphrase = crate::ui::secret_buffer();
            }
            v.message = Some(Message::success(text::paquet_enregistre_path_nages_il_est(
                path.display(),
                count(n, text::MENAGE_2, text::MENAGES),
            )));
        }
        ExchangeDone::Exported(Err(e)) => {
            say(v, Message::error(text::le_paquet_n_a_pas_ete_ecrit_e(&e)));
        }
        ExchangeDone::Opened(Ok((packet, shown))) => {
            v.receive.needs_passphrase = false;
            v.receive.passphrase = crate::ui::secret_buffer();
            v.receive.preview = Some(*shown);
            v.receive.pending = Some(packet);
        }
        ExchangeDone::Opened(Err(e)) => {
            let r = &mut v.receive;
            match e {
                PacketError::PassphraseNeeded => {
                    r.needs_passphrase = true;
                    r.error = Some(text::CE_PAQUET_EST_PROTEGE_PAR_UNE.to_owned());
                }
                PacketError::WrongPassphrase => {
                    r.needs_passphrase = true;
                    r.passphrase = crate::ui::secret_buffer();
                    r.error = Some(e.to_string());
                }
                other => r.error = Some(other.to_string()),
            }
        }
        ExchangeDone::Applied(Ok((preview, board))) => {
            let (n, u, c, s) = preview.counts();
            let d = preview.deletions().count();
            let r = preview.refusals().count();
            let text = if preview.already_imported.is_some() {
                preview.summary_fr()
            } else {
                text::paquet_de_sender_importe_fiches_jour_c(
                    &preview.sender,
                    count(n, text::NOUVELLE_FICHE, text::NOUVELLES_FICHES),
                    count(u, text::MISE_A_JOUR, text::MISES_A_JOUR_2),
                    c,
                    count(s, text::INCHANGEE, text::INCHANGEES_2),
                    if preview.deletions_applied {
                        count(
                            d,
                            text::SUPPRESSION_APPLIQUEE,
                            text::SUPPRESSIONS_APPLIQUEES,
                        )
                    } else {
                        count(
                            d,
                            text::SUPPRESSION_NON_APPLIQUEE,
                            text::SUPPRESSIONS_NON_APPLIQUEES,
                        )
                    },
                    count(r, text::REFUSEE, text::REFUSEES),
                )
            };
            super::super::tasks::free_elsewhere(preview);
            super::super::tasks::free_elsewhere(v.receive.preview.take());
            v.message = Some(Message::success(text));
            if c > 0 {
                v.tab = ExchangeTab::Conflits;
            }
            cx.then
                .push(Then::RecordsArrived(Some(Box::new((*board, cx.frames)))));
        }
        ExchangeDone::Applied(Err(e)) => {
            say(v, Message::error(text::rien_n_a_ete_importe_e(&e)));
        }
    }
    refresh(v, cx);
}

/// Other sections' caches are stale after a restoration or a resolution.
fn after_import(cx: &mut Cx<'_>) {
    cx.then.push(Then::RecordsArrived(None));
}

/// « Restaurer »: the records a packet's deletions removed come back as they were.
pub(super) fn restore_deletions(
    v: &mut ExchangeView,
    packet_id: Uuid,
    household_id: Option<Uuid>,
    cx: &mut Cx<'_>,
) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    match packet::restore_deletions(store, packet_id, household_id) {
        Ok(n) => say(
            v,
            Message::success(if n > 1 {
                text::n_fiches_restaurees_telles_qu_elles(n)
            } else {
                text::n_fiche_restauree_telle_qu_elle_etait(n)
            }),
        ),
        Err(e) => say(
            v,
            Message::error(text::rien_n_a_ete_restaure_votre_base_est(&e)),
        ),
    }
    after_import(cx);
    refresh(v, cx);
}

/// A conflict settled: the value kept, or the one lost taken back.
pub(super) fn resolve_conflict(v: &mut ExchangeView, id: i64, take_lost: bool, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    match packet::resolve_conflict(store, id, take_lost) {
        Ok(()) => say(v, Message::success(text::CONFLIT_RESOLU)),
        Err(e) => say(v, Message::error(text::le_conflit_n_a_pas_ete_resolu_e(&e))),
    }
    after_import(cx);
    refresh(v, cx);
}

/// A household's page was opened (`household::open`), so its « modifié depuis votre dernière visite » mark
/// goes (shown once on the page, then removed).
pub(in crate::app) fn household_opened(h: &mut HouseholdsView, id: Uuid, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    let Ok(Some(mark)) = store.take_change_mark(id) else {
        return;
    };
    // The list shows the flag: reload it when going back.
    h.list_due = true;
    if let Some(page) = &mut h.page {
        page.message = Some(Message::success(
            text::modifie_depuis_votre_derniere_visite(&mark.sender, date_fr(&mark.at)),
        ));
    }
}
