//! « Échanges »: the structure's identity and contact card, and partners' cards checked,
//! pinned, revoked or removed.

use super::*;

pub(super) fn save_card(v: &mut ExchangeView, path: &Path, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let result = packet::identity(store)
        .map_err(|e| e.to_string())
        .and_then(|me| {
            output::write_export(path, me.contact_card().to_json().as_bytes(), false)
                .map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => say(
            v,
            Message::success(format!(
                "Carte de contact enregistrée : {}. Elle ne contient que vos clés publiques ; \
             envoyez-la à vos partenaires et lisez-leur votre empreinte par téléphone.",
                path.display()
            )),
        ),
        Err(e) => say(
            v,
            Message::error(format!("La carte n'a pas été enregistrée. {e}")),
        ),
    }
}

pub(super) fn read_card(v: &mut ExchangeView, path: &Path, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let parsed = read_capped(path, 64 << 10).and_then(|bytes| {
        let text = String::from_utf8(bytes)
            .map_err(|_| "le fichier n'est pas une carte de contact (texte attendu)".to_owned())?;
        packet::ContactCard::parse(&text).map_err(|e| e.to_string())
    });
    let pinned: Vec<Partner> = store.list().unwrap_or_default();
    let mine = packet::identity(store)
        .ok()
        .map(|me| me.contact_card().fingerprint);
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

pub(super) fn pin_partner(v: &mut ExchangeView, cx: &mut Cx<'_>) {
    let Some(candidate) = v.card.take() else {
        return;
    };
    let Some(store) = cx.store_mut() else {
        return;
    };
    if let Some((id, _)) = candidate.renews.filter(|_| candidate.replace) {
        match packet::repin_partner(store, id, &candidate.card) {
            Ok(p) => say(
                v,
                Message::success(format!(
                    "La nouvelle carte de {} remplace l'ancienne (rôle inchangé : {}). \
                 L'ancienne clé est notée comme remplacée.",
                    p.organisation,
                    p.role.label_fr().to_lowercase()
                )),
            ),
            Err(e) => say(v, Message::error(format!("Carte non épinglée. {e}"))),
        }
        refresh(v, cx);
        return;
    }
    match packet::add_partner(
        store,
        &candidate.card,
        candidate.role,
        candidate.contact.trim(),
    ) {
        Ok(p) => say(
            v,
            Message::success(format!(
                "{} est épinglé comme {}. Vous pouvez lui envoyer des dossiers et importer \
             les siens.",
                p.organisation,
                p.role.label_fr().to_lowercase()
            )),
        ),
        Err(e) => say(v, Message::error(format!("Partenaire non épinglé. {e}"))),
    }
    refresh(v, cx);
}

pub(super) fn partner_action(
    v: &mut ExchangeView,
    id: Uuid,
    action: PartnerAction,
    cx: &mut Cx<'_>,
) {
    let Some(store) = cx.store_mut() else {
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
        PartnerAction::Unpin => packet::unpin_partner(store, id)
            .map(|()| "Partenaire retiré de l'annuaire : ses paquets seront refusés.".to_owned()),
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
    v.confirm = None;
    if matches!(action, PartnerAction::Unpin) {
        v.managed = None;
    }
    match result {
        Ok(text) => say(v, Message::success(text)),
        Err(e) => say(v, Message::error(format!("Rien n'a été modifié. {e}"))),
    }
    refresh(v, cx);
}

pub(super) fn rotate_identity(v: &mut ExchangeView, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    let result = packet::rotate_identity(store);
    v.confirm = None;
    match result {
        Ok(me) => say(
            v,
            Message::success(format!(
                "Nouvelles clés créées. Nouvelle empreinte : {}. Exportez votre carte de \
             contact et envoyez-la à chaque partenaire ; les paquets écrits pour \
             l'ancienne carte restent lisibles {} jours.",
                me.contact_card().fingerprint,
                packet::ROTATION_GRACE_DAYS
            )),
        ),
        Err(e) => {
            say(v, Message::error(format!("Les clés n'ont pas changé. {e}")));
        }
    }
    refresh(v, cx);
}

pub(super) fn save_key(v: &mut ExchangeView, path: &Path, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    let result = packet::export_age_identity(store, path);
    v.confirm = None;
    match result {
        Ok(()) => say(
            v,
            Message::success(format!(
                "Clé secrète enregistrée : {} (lisible par vous seul). Ouvrez un paquet avec \
             « age -d -i {} paquet.age > paquet.tar », puis supprimez ce fichier. \
             L'export est noté dans le journal.",
                path.display(),
                path.display()
            )),
        ),
        Err(e) => say(v, Message::error(e.to_string())),
    }
}
