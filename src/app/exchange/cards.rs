//! « Échanges »: the structure's identity and contact card, and partners' cards checked,
//! pinned, revoked or removed.

use super::*;
use crate::ui::exchange::text;

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
            Message::success(text::carte_de_contact_enregistree_path_elle(path.display())),
        ),
        Err(e) => say(
            v,
            Message::error(text::la_carte_n_a_pas_ete_enregistree_e(&e)),
        ),
    }
}

pub(super) fn read_card(v: &mut ExchangeView, path: &Path, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let parsed = read_capped(path, 64 << 10).and_then(|bytes| {
        let text =
            String::from_utf8(bytes).map_err(|_| text::LE_FICHIER_N_EST_PAS_UNE.to_owned())?;
        packet::ContactCard::parse(&text).map_err(|e| e.to_string())
    });
    let pinned: Vec<Partner> = store.list().unwrap_or_default();
    let mine = packet::identity(store)
        .ok()
        .map(|me| me.contact_card().fingerprint);
    match parsed {
        Ok(card) if Some(&card.fingerprint) == mine.as_ref() => {
            v.message = Some(Message::error(text::C_EST_VOTRE_PROPRE_CARTE_DE));
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
        Err(e) => v.message = Some(Message::error(text::carte_non_importee_e(&e))),
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
                Message::success(text::la_nouvelle_carte_de_organisation(
                    &p.organisation,
                    p.role.label_fr().to_lowercase(),
                )),
            ),
            Err(e) => say(v, Message::error(text::carte_non_epinglee_e(&e))),
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
            Message::success(text::organisation_est_epingle_comme_role_vous(
                &p.organisation,
                p.role.label_fr().to_lowercase(),
            )),
        ),
        Err(e) => say(v, Message::error(text::partenaire_non_epingle_e(&e))),
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
        PartnerAction::Revoke => packet::revoke_partner(store, id)
            .map(|p| text::organisation_est_revoque_rien_ne_lui(&p.organisation)),
        PartnerAction::Unpin => packet::unpin_partner(store, id)
            .map(|()| text::PARTENAIRE_RETIRE_DE_L_ANNUAIRE_SES.to_owned()),
        PartnerAction::Link(record) => packet::link_partner(store, id, record).map(|p| {
            if record.is_some() {
                text::organisation_est_lie_a_sa_fiche_il_ne(&p.organisation)
            } else {
                text::organisation_n_est_plus_lie_a_une_fiche(&p.organisation)
            }
        }),
    };
    v.confirm = None;
    if matches!(action, PartnerAction::Unpin) {
        v.managed = None;
    }
    match result {
        Ok(text) => say(v, Message::success(text)),
        Err(e) => say(v, Message::error(text::rien_n_a_ete_modifie_e(&e))),
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
            Message::success(text::nouvelles_cles_creees_nouvelle_empreinte(
                me.contact_card().fingerprint,
                packet::ROTATION_GRACE_DAYS,
            )),
        ),
        Err(e) => {
            say(v, Message::error(text::les_cles_n_ont_pas_change_e(&e)));
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
            Message::success(text::cle_secrete_enregistree_path_lisible_par(
                path.display(),
                path.display(),
            )),
        ),
        Err(e) => say(v, Message::error(e.to_string())),
    }
}
