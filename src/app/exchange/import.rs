//! « Échanges »: a packet opened and previewed, then applied by a job holding the base;
//! what came back, received deletions and conflicts.

use super::*;

impl App {
    pub(in crate::app) fn start_open(&mut self, ctx: &egui::Context, path: PathBuf) {
        let passphrase = match self.exchange_view() {
            Some(v) => {
                v.tab = ExchangeTab::Recevoir;
                v.receive.path = Some(path.clone());
                v.receive.error = None;
                v.receive.preview = None;
                v.receive.pending = None;
                (!v.receive.passphrase.is_empty())
                    .then(|| zeroize::Zeroizing::new(v.receive.passphrase.as_str().to_owned()))
            }
            None => return,
        };
        let reached = Arc::new(AtomicUsize::new(0));
        let progress = Progress {
            title: "Ouverture du paquet",
            phases: OPEN_PHASES,
            reached: reached.clone(),
        };
        let busy = "Vérification du paquet…";
        let lent = self.lend_store(ctx, TaskKind::Import, busy, move |store| {
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
        if lent && let Some(v) = self.exchange_view() {
            v.progress = Some(progress);
        }
    }

    pub(in crate::app) fn start_apply(&mut self, ctx: &egui::Context) {
        let Some((packet, deletions)) = self.exchange_view().and_then(|v| {
            let deletions = std::mem::take(&mut v.receive.apply_deletions);
            v.receive.pending.take().map(|p| (p, deletions))
        }) else {
            return;
        };
        let programme = match &self.screen {
            Screen::Main(view) => Some(view.board.programme.id),
            _ => None,
        };
        let progress = Progress {
            title: "Import du paquet",
            phases: APPLY_PHASES,
            reached: Arc::new(AtomicUsize::new(0)),
        };
        let busy = "Import du paquet…";
        let lent = self.lend_store(ctx, TaskKind::Import, busy, move |mut store| {
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
        if lent && let Some(v) = self.exchange_view() {
            v.progress = Some(progress);
        }
    }

    /// An exchange job came back with the base.
    pub(in crate::app) fn exchange_done(
        &mut self,
        ctx: &egui::Context,
        store: Store,
        done: ExchangeDone,
    ) {
        if !self.store_back(store) {
            return;
        }
        super::super::forget_text_edits(ctx);
        if let Screen::Main(view) = &mut self.screen {
            view.exchange.progress = None;
            view.exchange.scroll_to_top = true;
        }
        match done {
            ExchangeDone::Exported(Ok((path, n))) => {
                if let Some(v) = self.exchange_view() {
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
            }
            ExchangeDone::Exported(Err(e)) => {
                self.exchange_message(Message::error(format!("Le paquet n'a pas été écrit. {e}")));
            }
            ExchangeDone::Opened(Ok((packet, shown))) => {
                if let Some(v) = self.exchange_view() {
                    v.receive.needs_passphrase = false;
                    v.receive.passphrase = crate::ui::secret_buffer();
                    v.receive.preview = Some(*shown);
                    v.receive.pending = Some(packet);
                }
            }
            ExchangeDone::Opened(Err(e)) => {
                if let Some(v) = self.exchange_view() {
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
                if let Some(v) = self.exchange_view() {
                    super::super::tasks::free_elsewhere(v.receive.preview.take());
                    v.message = Some(Message::success(text));
                    if c > 0 {
                        v.tab = ExchangeTab::Conflits;
                    }
                }
                self.after_import_with(Some(*board));
            }
            ExchangeDone::Applied(Err(e)) => {
                self.exchange_message(Message::error(format!("Rien n'a été importé. {e}")));
            }
        }
        self.refresh_exchange();
    }

    /// Other sections' caches are stale after an import or a resolution.
    pub(in crate::app) fn after_import(&mut self) {
        self.after_import_with(None);
    }

    /// [`Self::after_import`], with the board when the import job already re-read it.
    pub(in crate::app) fn after_import_with(
        &mut self,
        board: Option<Result<BoardView, StoreError>>,
    ) {
        self.sections.matching.forget_data();
        if let Screen::Main(view) = &mut self.screen {
            view.households.list_due = true;
        }
        match board {
            Some(board) => self.set_board(board),
            None => self.refresh_board(),
        }
    }

    pub(in crate::app) fn restore_deletions(
        &mut self,
        packet_id: Uuid,
        household_id: Option<Uuid>,
    ) {
        let Some(store) = &mut self.store else {
            return;
        };
        match packet::restore_deletions(store, packet_id, household_id) {
            Ok(n) => self.exchange_message(Message::success(if n > 1 {
                format!("{n} fiches restaurées telles qu'elles étaient avant le paquet.")
            } else {
                format!("{n} fiche restaurée telle qu'elle était avant le paquet.")
            })),
            Err(e) => self.exchange_message(Message::error(format!(
                "Rien n'a été restauré, votre base est inchangée. {e}"
            ))),
        }
        self.after_import();
        self.refresh_exchange();
    }

    pub(in crate::app) fn resolve_conflict(&mut self, id: i64, take_lost: bool) {
        let Some(store) = &mut self.store else {
            return;
        };
        match packet::resolve_conflict(store, id, take_lost) {
            Ok(()) => self.exchange_message(Message::success("Conflit résolu.")),
            Err(e) => self.exchange_message(Message::error(format!(
                "Le conflit n'a pas été résolu. {e}"
            ))),
        }
        self.after_import();
        self.refresh_exchange();
    }

    /// Hook of `open_household`: the household was opened, so its « modifié depuis votre
    /// dernière visite » mark goes (shown once on the page, then removed).
    pub(in crate::app) fn exchange_household_opened(&mut self, id: Uuid) {
        let Some(store) = &mut self.store else {
            return;
        };
        let Ok(Some(mark)) = store.take_change_mark(id) else {
            return;
        };
        if let Screen::Main(view) = &mut self.screen {
            let h = &mut view.households;
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
    }
}
