//! « Échanges »: the structure's identity and contact card, and partners' cards checked,
//! pinned, revoked or removed.

use super::*;

impl App {
    pub(in crate::app) fn save_card(&mut self, path: &Path) {
        let Some(store) = &self.store else {
            return;
        };
        let result = packet::identity(store)
            .map_err(|e| e.to_string())
            .and_then(|me| {
                output::write_export(path, me.contact_card().to_json().as_bytes(), false)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.exchange_message(Message::success(format!(
                "Carte de contact enregistrée : {}. Elle ne contient que vos clés publiques ; \
                 envoyez-la à vos partenaires et lisez-leur votre empreinte par téléphone.",
                path.display()
            ))),
            Err(e) => self.exchange_message(Message::error(format!(
                "La carte n'a pas été enregistrée. {e}"
            ))),
        }
    }

    pub(in crate::app) fn read_card(&mut self, path: &Path) {
        let Some(store) = &self.store else {
            return;
        };
        let parsed = read_capped(path, 64 << 10).and_then(|bytes| {
            let text = String::from_utf8(bytes).map_err(|_| {
                "le fichier n'est pas une carte de contact (texte attendu)".to_owned()
            })?;
            packet::ContactCard::parse(&text).map_err(|e| e.to_string())
        });
        let pinned: Vec<Partner> = store.list().unwrap_or_default();
        let mine = packet::identity(store)
            .ok()
            .map(|me| me.contact_card().fingerprint);
        let Some(v) = self.exchange_view() else {
            return;
        };
        match parsed {
            Ok(card) if Some(&card.fingerprint) == mine.as_ref() => {
                v.message = Some(Message::error(
                    "C'est votre propre carte de contact : importez celle du partenaire.",
                ));
            }
            Ok(card) => {
                let existing = pinned.iter().find(|p| p.fingerprint == card.fingerprint);
                v.tab = ExchangeTab::Identite;
                // Same organisation, other keys: perhaps its renewed card.
                let renews = pinned
                    .iter()
                    .find(|p| {
                        p.fingerprint != card.fingerprint
                            && p.organisation.trim().to_lowercase()
                                == card.organisation.trim().to_lowercase()
                    })
                    .filter(|_| existing.is_none())
                    .map(|p| (p.id, p.fingerprint.clone()));
                v.card = Some(CardCandidate {
                    replace: renews.is_some(),
                    renews,
                    role: existing.map_or(crate::domain::model::PartnerRole::Accompagnement, |p| {
                        p.role
                    }),
                    contact: existing.map(|p| p.contact.clone()).unwrap_or_default(),
                    already: existing.map(|p| p.organisation.clone()),
                    card,
                });
            }
            Err(e) => v.message = Some(Message::error(format!("Carte non importée : {e}"))),
        }
    }

    pub(in crate::app) fn pin_partner(&mut self) {
        let Some(candidate) = self.exchange_view().and_then(|v| v.card.take()) else {
            return;
        };
        let Some(store) = &mut self.store else {
            return;
        };
        if let Some((id, _)) = candidate.renews.filter(|_| candidate.replace) {
            match packet::repin_partner(store, id, &candidate.card) {
                Ok(p) => self.exchange_message(Message::success(format!(
                    "La nouvelle carte de {} remplace l'ancienne (rôle inchangé : {}). \
                     L'ancienne clé est notée comme remplacée.",
                    p.organisation,
                    p.role.label_fr().to_lowercase()
                ))),
                Err(e) => self.exchange_message(Message::error(format!("Carte non épinglée. {e}"))),
            }
            self.refresh_exchange();
            return;
        }
        match packet::add_partner(
            store,
            &candidate.card,
            candidate.role,
            candidate.contact.trim(),
        ) {
            Ok(p) => self.exchange_message(Message::success(format!(
                "{} est épinglé comme {}. Vous pouvez lui envoyer des dossiers et importer \
                 les siens.",
                p.organisation,
                p.role.label_fr().to_lowercase()
            ))),
            Err(e) => self.exchange_message(Message::error(format!("Partenaire non épinglé. {e}"))),
        }
        self.refresh_exchange();
    }

    pub(in crate::app) fn partner_action(&mut self, id: Uuid, action: PartnerAction) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = match action {
            PartnerAction::Revoke => packet::revoke_partner(store, id).map(|p| {
                format!(
                    "{} est révoqué : rien ne lui sera plus envoyé et ses paquets signés à \
                     partir de maintenant seront refusés.",
                    p.organisation
                )
            }),
            PartnerAction::Unpin => packet::unpin_partner(store, id).map(|()| {
                "Partenaire retiré de l'annuaire : ses paquets seront refusés.".to_owned()
            }),
            PartnerAction::Link(record) => packet::link_partner(store, id, record).map(|p| {
                if record.is_some() {
                    format!(
                        "{} est lié à sa fiche : il ne recevra que les positionnements sur ses \
                         propres offres ou logements.",
                        p.organisation
                    )
                } else {
                    format!("{} n'est plus lié à une fiche.", p.organisation)
                }
            }),
        };
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
            if matches!(action, PartnerAction::Unpin) {
                v.managed = None;
            }
        }
        match result {
            Ok(text) => self.exchange_message(Message::success(text)),
            Err(e) => self.exchange_message(Message::error(format!("Rien n'a été modifié. {e}"))),
        }
        self.refresh_exchange();
    }

    pub(in crate::app) fn rotate_identity(&mut self) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = packet::rotate_identity(store);
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
        }
        match result {
            Ok(me) => self.exchange_message(Message::success(format!(
                "Nouvelles clés créées. Nouvelle empreinte : {}. Exportez votre carte de \
                 contact et envoyez-la à chaque partenaire ; les paquets écrits pour \
                 l'ancienne carte restent lisibles {} jours.",
                me.contact_card().fingerprint,
                packet::ROTATION_GRACE_DAYS
            ))),
            Err(e) => {
                self.exchange_message(Message::error(format!("Les clés n'ont pas changé. {e}")));
            }
        }
        self.refresh_exchange();
    }

    pub(in crate::app) fn save_key(&mut self, path: &Path) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = packet::export_age_identity(store, path);
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
        }
        match result {
            Ok(()) => self.exchange_message(Message::success(format!(
                "Clé secrète enregistrée : {} (lisible par vous seul). Ouvrez un paquet avec \
                 « age -d -i {} paquet.age > paquet.tar », puis supprimez ce fichier. \
                 L'export est noté dans le journal.",
                path.display(),
                path.display()
            ))),
            Err(e) => self.exchange_message(Message::error(e.to_string())),
        }
    }
}
