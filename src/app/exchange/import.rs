//! « Échanges »: a packet opened and previewed, then applied by a job holding the base;
//! what came back, received deletions and conflicts.

use super::*;

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
        title: "Ouverture du paquet",
        phases: OPEN_PHASES,
        reached: reached.clone(),
    };
    let busy = "Vérification du paquet…";
    let lent = cx.lend_store(TaskKind::Import, busy, move |store| {
        let result = read_capped(&path, packet::MAX_PACKET_BYTES as u64)
            .map_err(|e| PacketError::Damaged(format!("le fichier n'a pas pu être lu ({e})")))
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
        title: "Import du paquet",
        phases: APPLY_PHASES,
        reached: Arc::new(AtomicUsize::new(0)),
    };
    let busy = "Import du paquet…";
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
            v.message = Some(Message::success(format!(
                "Paquet enregistré : {} ({}). Il est chiffré : seul le \
                 destinataire peut l'ouvrir. L'envoi est noté dans le journal.",
                path.display(),
                count(n, "ménage", "ménages")
            )));
        }
        ExchangeDone::Exported(Err(e)) => {
            say(
                v,
                Message::error(format!("Le paquet n'a pas été écrit. {e}")),
            );
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
                    r.error = Some(
                        "Ce paquet est protégé par une phrase de passe : tapez-la \
                         ci-dessous (le partenaire vous l'a transmise à part)."
                            .to_owned(),
                    );
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
                format!(
                    "Paquet de {} importé : {}, {}, {c} en conflit, {}, {}, {}. Les \
                     ménages modifiés sont signalés « modifié depuis votre dernière visite ».",
                    preview.sender,
                    count(n, "nouvelle fiche", "nouvelles fiches"),
                    count(u, "mise à jour", "mises à jour"),
                    count(s, "inchangée", "inchangées"),
                    if preview.deletions_applied {
                        count(d, "suppression appliquée", "suppressions appliquées")
                    } else {
                        count(
                            d,
                            "suppression non appliquée",
                            "suppressions non appliquées",
                        )
                    },
                    count(r, "refusée", "refusées"),
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
            say(v, Message::error(format!("Rien n'a été importé. {e}")));
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
                format!("{n} fiches restaurées telles qu'elles étaient avant le paquet.")
            } else {
                format!("{n} fiche restaurée telle qu'elle était avant le paquet.")
            }),
        ),
        Err(e) => say(
            v,
            Message::error(format!(
                "Rien n'a été restauré, votre base est inchangée. {e}"
            )),
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
        Ok(()) => say(v, Message::success("Conflit résolu.")),
        Err(e) => say(
            v,
            Message::error(format!("Le conflit n'a pas été résolu. {e}")),
        ),
    }
    after_import(cx);
    refresh(v, cx);
}

/// A household's page was opened, so its « modifié depuis votre dernière visite » mark
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
        page.message = Some(Message::success(format!(
            "Modifié depuis votre dernière visite : paquet de {} importé le {}.",
            mark.sender,
            date_fr(&mark.at)
        )));
    }
}
