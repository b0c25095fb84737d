//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Référent·e »
pub const REFERENT_E: &str = "Référent·e";

/// « sans étape »
pub const SANS_ETAPE: &str = "sans étape";

/// « %d/%m/%Y %H:%M »
pub const D_M_Y_H_M: &str = "%d/%m/%Y %H:%M";

/// « sans référent·e »
pub const SANS_REFERENT_E: &str = "sans référent·e";

/// « RDV %d/%m %H:%M »
pub const RDV_D_M_H_M: &str = "RDV %d/%m %H:%M";

/// «  — aucun rendez-vous prévu »
pub const AUCUN_RENDEZ_VOUS_PREVU: &str = " — aucun rendez-vous prévu";

/// «  — attention :  »
pub const ATTENTION: &str = " — attention : ";

/// « Consentement »
pub const CONSENTEMENT: &str = "Consentement";

/// « Pièces »
pub const PIECES: &str = "Pièces";

/// « Proposition »
pub const PROPOSITION: &str = "Proposition";

/// « Paramètres du dispositif »
pub const PARAMETRES_DU_DISPOSITIF: &str = "Paramètres du dispositif";

/// « Nouveau dossier »
pub const NOUVEAU_DOSSIER: &str = "Nouveau dossier";

/// « Fermer le message »
pub const FERMER_LE_MESSAGE: &str = "Fermer le message";

/// « Annuler le déplacement (Ctrl+Z) »
pub const ANNULER_LE_DEPLACEMENT_CTRL_Z: &str = "Annuler le déplacement (Ctrl+Z)";

/// « Rechercher »
pub const RECHERCHER: &str = "Rechercher";

/// « nom, commune, métier… »
pub const NOM_COMMUNE_METIER: &str = "nom, commune, métier…";

/// « Tous »
pub const TOUS: &str = "Tous";

/// « Consentement manquant »
pub const CONSENTEMENT_MANQUANT: &str = "Consentement manquant";

/// « Pièces manquantes »
pub const PIECES_MANQUANTES: &str = "Pièces manquantes";

/// « Sans contact »
pub const SANS_CONTACT: &str = "Sans contact";

/// « Proposition en attente »
pub const PROPOSITION_EN_ATTENTE: &str = "Proposition en attente";

/// « Effacer les filtres »
pub const EFFACER_LES_FILTRES: &str = "Effacer les filtres";

/// « Cartes détaillées »
pub const CARTES_DETAILLEES: &str = "Cartes détaillées";

/// « Cartes compactes »
pub const CARTES_COMPACTES: &str = "Cartes compactes";

/// « Légende »
pub const LEGENDE: &str = "Légende";

/// « Proposition en attente de réponse »
pub const PROPOSITION_EN_ATTENTE_DE_REPONSE: &str = "Proposition en attente de réponse";

/// « Bord orange à gauche : même chose, sans contact depuis longtemps »
pub const BORD_ORANGE_A_GAUCHE_MEME_CHOSE: &str =
    "Bord orange à gauche : même chose, sans contact depuis longtemps";

/// « « 12 j » en haut à droite : jours passés dans l'étape »
pub const T_12_J_EN_HAUT_A_DROITE: &str = "« 12 j » en haut à droite : jours passés dans l'étape";

/// « Aucun dossier dans ce dispositif pour l'instant. »
pub const AUCUN_DOSSIER_DANS_CE_DISPOSITIF_POUR: &str =
    "Aucun dossier dans ce dispositif pour l'instant.";

/// « Créez le premier avec « Nouveau dossier » : le ménage entre à la première  ét… »
pub const CREEZ_LE_PREMIER_AVEC_NOUVEAU_DOSSIER: &str = "Créez le premier avec « Nouveau dossier » : le ménage entre à la première \
                 étape du parcours. Les dossiers reçus d'un partenaire apparaîtront aussi ici.";

/// « Étape archivée ou inconnue »
pub const ETAPE_ARCHIVEE_OU_INCONNUE: &str = "Étape archivée ou inconnue";

/// « Déplier la colonne »
pub const DEPLIER_LA_COLONNE: &str = "Déplier la colonne";

/// « Replier la colonne »
pub const REPLIER_LA_COLONNE: &str = "Replier la colonne";

/// « Aucun dossier »
pub const AUCUN_DOSSIER: &str = "Aucun dossier";

/// « Aucun dossier ne correspond aux filtres »
pub const AUCUN_DOSSIER_NE_CORRESPOND_AUX_FILTRES: &str = "Aucun dossier ne correspond aux filtres";

/// « Passer à l'étape… »
pub const PASSER_A_L_ETAPE: &str = "Passer à l'étape…";

/// « Voir l'historique »
pub const VOIR_L_HISTORIQUE: &str = "Voir l'historique";

/// « Ouvrir la fiche du ménage »
pub const OUVRIR_LA_FICHE_DU_MENAGE: &str = "Ouvrir la fiche du ménage";

/// « Ce dossier n'est plus sur le tableau. »
pub const CE_DOSSIER_N_EST_PLUS_SUR: &str = "Ce dossier n'est plus sur le tableau.";

/// « Fermer ce panneau »
pub const FERMER_CE_PANNEAU: &str = "Fermer ce panneau";

/// « Dossier créé à la première étape du parcours. »
pub const DOSSIER_CREE_A_LA_PREMIERE_ETAPE: &str = "Dossier créé à la première étape du parcours.";

/// « Historique du parcours »
pub const HISTORIQUE_DU_PARCOURS: &str = "Historique du parcours";

/// « Déplacer »
pub const DEPLACER: &str = "Déplacer";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Motif de la sortie anticipée (obligatoire) »
pub const MOTIF_DE_LA_SORTIE_ANTICIPEE_OBLIGATOIRE: &str =
    "Motif de la sortie anticipée (obligatoire)";

/// « Choisir un motif… »
pub const CHOISIR_UN_MOTIF: &str = "Choisir un motif…";

/// « Précisions (obligatoire) »
pub const PRECISIONS_OBLIGATOIRE: &str = "Précisions (obligatoire)";

/// « Commentaire (facultatif) »
pub const COMMENTAIRE_FACULTATIF: &str = "Commentaire (facultatif)";

/// « Choisissez l'étape d'arrivée. »
pub const CHOISISSEZ_L_ETAPE_D_ARRIVEE: &str = "Choisissez l'étape d'arrivée.";

/// « Créer le dossier »
pub const CREER_LE_DOSSIER: &str = "Créer le dossier";

/// « Le ménage entre à la première étape du parcours ; le reste se complète ensuite. »
pub const LE_MENAGE_ENTRE_A_LA_PREMIERE: &str =
    "Le ménage entre à la première étape du parcours ; le reste se complète ensuite.";

/// « Nom du ménage »
pub const NOM_DU_MENAGE: &str = "Nom du ménage";

/// « Commune actuelle »
pub const COMMUNE_ACTUELLE: &str = "Commune actuelle";

/// « Situation de logement »
pub const SITUATION_DE_LOGEMENT: &str = "Situation de logement";

/// « Dispositif »
pub const DISPOSITIF: &str = "Dispositif";

/// « Orienté par (prescripteur) »
pub const ORIENTE_PAR_PRESCRIPTEUR: &str = "Orienté par (prescripteur)";

/// « Référent·e du dossier »
pub const REFERENT_E_DU_DOSSIER: &str = "Référent·e du dossier";

/// « Indiquez le nom du ménage (par exemple « Famille Martin »). »
pub const INDIQUEZ_LE_NOM_DU_MENAGE_PAR: &str =
    "Indiquez le nom du ménage (par exemple « Famille Martin »).";

/// « Enregistrer »
pub const ENREGISTRER: &str = "Enregistrer";

/// « Nom du dispositif »
pub const NOM_DU_DISPOSITIF: &str = "Nom du dispositif";

/// « Étapes du parcours »
pub const ETAPES_DU_PARCOURS: &str = "Étapes du parcours";

/// « Monter »
pub const MONTER: &str = "Monter";

/// « Descendre »
pub const DESCENDRE: &str = "Descendre";

/// « Réactiver »
pub const REACTIVER: &str = "Réactiver";

/// « Archiver »
pub const ARCHIVER: &str = "Archiver";

/// « Supprimer »
pub const SUPPRIMER: &str = "Supprimer";

/// « Nouvelle étape »
pub const NOUVELLE_ETAPE: &str = "Nouvelle étape";

/// « Ajouter l'étape »
pub const AJOUTER_L_ETAPE: &str = "Ajouter l'étape";

/// « Objectif annuel (ménages entrés) »
pub const OBJECTIF_ANNUEL_MENAGES_ENTRES: &str = "Objectif annuel (ménages entrés)";

/// « Alerte « sans contact » après (jours) »
pub const ALERTE_SANS_CONTACT_APRES_JOURS: &str = "Alerte « sans contact » après (jours)";

/// « Le nom inscrit dans l'historique est celui de la personne qui utilise cette  … »
pub const LE_NOM_INSCRIT_DANS_L_HISTORIQUE: &str = "Le nom inscrit dans l'historique est celui de la personne qui utilise cette \
                 base (Paramètres).";

/// « Il est trop tard pour annuler ce déplacement : déplacez le dossier  vers son … »
pub const IL_EST_TROP_TARD_POUR_ANNULER: &str = "Il est trop tard pour annuler ce déplacement : déplacez le dossier \
                     vers son étape précédente (le changement sera noté dans l'historique).";

/// « Paramètres du dispositif enregistrés. »
pub const PARAMETRES_DU_DISPOSITIF_ENREGISTRES: &str = "Paramètres du dispositif enregistrés.";

/// « {when} — entrée à l'étape « {to} » »
pub fn when_entree_a_l_etape_to(
    when: impl std::fmt::Display,
    to: impl std::fmt::Display,
) -> String {
    format!("{when} — entrée à l'étape « {to} »")
}

/// « {when} — de « {from} » à « {to} » »
pub fn when_de_from_a_to(
    when: impl std::fmt::Display,
    from: impl std::fmt::Display,
    to: impl std::fmt::Display,
) -> String {
    format!("{when} — de « {from} » à « {to} »")
}

/// «  — par {by} »
pub fn par_by(by: impl std::fmt::Display) -> String {
    format!(" — par {by}")
}

/// « Réf. {referent} »
pub fn ref_referent(referent: impl std::fmt::Display) -> String {
    format!("Réf. {referent}")
}

/// « {days_in_stage} j »
pub fn days_in_stage_j(days_in_stage: impl std::fmt::Display) -> String {
    format!("{days_in_stage} j")
}

/// « {household_label} — {household} — {referent} — {stage} depuis {jours} »
pub fn household_label_household_referent_stage(
    household_label: impl std::fmt::Display,
    household: impl std::fmt::Display,
    referent: impl std::fmt::Display,
    stage: impl std::fmt::Display,
    jours: impl std::fmt::Display,
) -> String {
    format!("{household_label} — {household} — {referent} — {stage} depuis {jours}")
}

/// «  — prochain rendez-vous le {valeur} »
pub fn prochain_rendez_vous_le_valeur(valeur: impl std::fmt::Display) -> String {
    format!(" — prochain rendez-vous le {valeur}")
}

/// « {today} j sans contact »
pub fn today_j_sans_contact(today: impl std::fmt::Display) -> String {
    format!("{today} j sans contact")
}

/// « {dossiers} en cours »
pub fn dossiers_en_cours(dossiers: impl std::fmt::Display) -> String {
    format!("{dossiers} en cours")
}

/// «  · objectif annuel : {es}, {entries_this_year} depuis le 1er janvier »
pub fn objectif_annuel_es_entries_this_year(
    es: impl std::fmt::Display,
    entries_this_year: impl std::fmt::Display,
) -> String {
    format!(" · objectif annuel : {es}, {entries_this_year} depuis le 1er janvier")
}

/// « Déplacé — {offer} »
pub fn deplace_offer(offer: impl std::fmt::Display) -> String {
    format!("Déplacé — {offer}")
}

/// « {affich} sur {cards} »
pub fn affich_sur_cards(affich: impl std::fmt::Display, cards: impl std::fmt::Display) -> String {
    format!("{affich} sur {cards}")
}

/// « Sans contact depuis plus de {stale_after_days} jours »
pub fn sans_contact_depuis_plus_de(stale_after_days: impl std::fmt::Display) -> String {
    format!("Sans contact depuis plus de {stale_after_days} jours")
}

/// « {label} ({cards} sur {total}) »
pub fn label_cards_sur_total(
    label: impl std::fmt::Display,
    cards: impl std::fmt::Display,
    total: impl std::fmt::Display,
) -> String {
    format!("{label} ({cards} sur {total})")
}

/// « Étape actuelle : {stage_id} (depuis {today} j) »
pub fn etape_actuelle_stage_id_depuis_today_j(
    stage_id: impl std::fmt::Display,
    today: impl std::fmt::Display,
) -> String {
    format!("Étape actuelle : {stage_id} (depuis {today} j)")
}

/// « À surveiller : {describe} »
pub fn a_surveiller_describe(describe: impl std::fmt::Display) -> String {
    format!("À surveiller : {describe}")
}

/// « Dossier : {label} »
pub fn dossier_label(label: impl std::fmt::Display) -> String {
    format!("Dossier : {label}")
}

/// « {label} (étape actuelle) »
pub fn label_etape_actuelle(label: impl std::fmt::Display) -> String {
    format!("{label} (étape actuelle)")
}

/// « Le tableau n'a pas pu être chargé : {e} Réessayez ou verrouillez puis rouvrez… »
pub fn le_tableau_n_a_pas_pu_etre_charge(e: impl std::fmt::Display) -> String {
    format!(
        "Le tableau n'a pas pu être chargé : {e} Réessayez ou verrouillez puis rouvrez la base."
    )
}

/// « La recherche n'a pas abouti : {e} »
pub fn la_recherche_n_a_pas_abouti_e(e: impl std::fmt::Display) -> String {
    format!("La recherche n'a pas abouti : {e}")
}

/// « {label} : de « {from_stage} » à « {to_stage} » »
pub fn label_de_from_stage_a_to_stage(
    label: impl std::fmt::Display,
    from_stage: impl std::fmt::Display,
    to_stage: impl std::fmt::Display,
) -> String {
    format!("{label} : de « {from_stage} » à « {to_stage} »")
}

/// « Déplacement refusé : {message} »
pub fn deplacement_refuse_message(message: impl std::fmt::Display) -> String {
    format!("Déplacement refusé : {message}")
}

/// « Déplacement annulé — {offer} »
pub fn deplacement_annule_offer(offer: impl std::fmt::Display) -> String {
    format!("Déplacement annulé — {offer}")
}

/// « Le déplacement n'a pas pu être annulé : {e} »
pub fn le_deplacement_n_a_pas_pu_etre_annule(e: impl std::fmt::Display) -> String {
    format!("Le déplacement n'a pas pu être annulé : {e}")
}

/// « Le tableau n'a pas pu être mis à jour : {e} »
pub fn le_tableau_n_a_pas_pu_etre_mis(e: impl std::fmt::Display) -> String {
    format!("Le tableau n'a pas pu être mis à jour : {e}")
}

/// « Le dossier n'a pas pu être ouvert : {e} »
pub fn le_dossier_n_a_pas_pu_etre_ouvert(e: impl std::fmt::Display) -> String {
    format!("Le dossier n'a pas pu être ouvert : {e}")
}

/// « %d/%m/%Y à %H:%M »
pub const D_M_Y_A_H_M: &str = "%d/%m/%Y à %H:%M";

/// « entrée »
pub const ENTREE: &str = "entrée";

/// « entrées »
pub const ENTREES: &str = "entrées";

/// « dossier affiché »
pub const DOSSIER_AFFICHE: &str = "dossier affiché";

/// « dossiers affichés »
pub const DOSSIERS_AFFICHES: &str = "dossiers affichés";
