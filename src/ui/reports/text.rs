//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Calculer »
pub const CALCULER: &str = "Calculer";

/// « Calcul du rapport… »
pub const CALCUL_DU_RAPPORT: &str = "Calcul du rapport…";

/// « Du »
pub const DU: &str = "Du";

/// « Au »
pub const AU: &str = "Au";

/// « Choisir l'emplacement… »
pub const CHOISIR_L_EMPLACEMENT: &str = "Choisir l'emplacement…";

/// « Fichier à écrire »
pub const FICHIER_A_ECRIRE: &str = "Fichier à écrire";

/// « Date de début illisible : écrivez-la jj/mm/aaaa (par exemple 01/01/2025). »
pub const DATE_DE_DEBUT_ILLISIBLE_ECRIVEZ_LA: &str =
    "Date de début illisible : écrivez-la jj/mm/aaaa (par exemple 01/01/2025).";

/// « Date de fin illisible : écrivez-la jj/mm/aaaa (par exemple 31/12/2025). »
pub const DATE_DE_FIN_ILLISIBLE_ECRIVEZ_LA: &str =
    "Date de fin illisible : écrivez-la jj/mm/aaaa (par exemple 31/12/2025).";

/// « La date de fin est avant la date de début : inversez-les. »
pub const LA_DATE_DE_FIN_EST_AVANT: &str =
    "La date de fin est avant la date de début : inversez-les.";

/// « Choisissez un programme. »
pub const CHOISISSEZ_UN_PROGRAMME: &str = "Choisissez un programme.";

/// « Rapports »
pub const RAPPORTS: &str = "Rapports";

/// « Indicateurs d'un programme sur une période, pour les bilans des financeurs.  … »
pub const INDICATEURS_D_UN_PROGRAMME_SUR_UNE: &str = "Indicateurs d'un programme sur une période, pour les bilans des financeurs. \
         Chiffres anonymes : aucun nom n'apparaît.";

/// « Choisissez un programme et une période, puis « Calculer ». »
pub const CHOISISSEZ_UN_PROGRAMME_ET_UNE_PERIODE: &str =
    "Choisissez un programme et une période, puis « Calculer ».";

/// « Programme »
pub const PROGRAMME: &str = "Programme";

/// « Choisir… »
pub const CHOISIR: &str = "Choisir…";

/// « Cette année »
pub const CETTE_ANNEE: &str = "Cette année";

/// « Année dernière »
pub const ANNEE_DERNIERE: &str = "Année dernière";

/// « 12 derniers mois »
pub const T_12_DERNIERS_MOIS: &str = "12 derniers mois";

/// « Exporter »
pub const EXPORTER: &str = "Exporter";

/// « ou tapez le chemin complet »
pub const OU_TAPEZ_LE_CHEMIN_COMPLET: &str = "ou tapez le chemin complet";

/// « Remplacer le fichier s'il existe »
pub const REMPLACER_LE_FICHIER_S_IL_EXISTE: &str = "Remplacer le fichier s'il existe";

/// « Exporter… »
pub const EXPORTER_2: &str = "Exporter…";

/// « Attention : le fichier exporté n'est PAS chiffré. Il ne contient que des  chi… »
pub const ATTENTION_LE_FICHIER_EXPORTE_N_EST: &str = "Attention : le fichier exporté n'est PAS chiffré. Il ne contient que des \
                         chiffres anonymes, mais rangez-le avec soin et ne l'envoyez qu'aux \
                         destinataires prévus.";

/// « Écrire le fichier non chiffré »
pub const ECRIRE_LE_FICHIER_NON_CHIFFRE: &str = "Écrire le fichier non chiffré";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Ménages accompagnés »
pub const MENAGES_ACCOMPAGNES: &str = "Ménages accompagnés";

/// « Personnes accompagnées »
pub const PERSONNES_ACCOMPAGNEES: &str = "Personnes accompagnées";

/// « dont adultes »
pub const DONT_ADULTES: &str = "dont adultes";

/// « dont enfants »
pub const DONT_ENFANTS: &str = "dont enfants";

/// « Ménages entrés »
pub const MENAGES_ENTRES: &str = "Ménages entrés";

/// « Sorties positives »
pub const SORTIES_POSITIVES: &str = "Sorties positives";

/// « Sorties anticipées »
pub const SORTIES_ANTICIPEES: &str = "Sorties anticipées";

/// « En cours à la fin »
pub const EN_COURS_A_LA_FIN: &str = "En cours à la fin";

/// « Embauches »
pub const EMBAUCHES: &str = "Embauches";

/// « Ménages relogés »
pub const MENAGES_RELOGES: &str = "Ménages relogés";

/// « Aucune donnée sur cette période : aucun parcours ouvert, aucune étape  franch… »
pub const AUCUNE_DONNEE_SUR_CETTE_PERIODE_AUCUN: &str = "Aucune donnée sur cette période : aucun parcours ouvert, aucune étape \
                 franchie, aucune embauche ni aucun rendez-vous. Essayez une autre période \
                 (« Année dernière », « 12 derniers mois ») ou un autre programme.";

/// « Ménages entrés, selon leur taille »
pub const MENAGES_ENTRES_SELON_LEUR_TAILLE: &str = "Ménages entrés, selon leur taille";

/// « Parcours : ménages ayant atteint chaque étape »
pub const PARCOURS_MENAGES_AYANT_ATTEINT_CHAQUE_ETAPE: &str =
    "Parcours : ménages ayant atteint chaque étape";

/// « Entrées et sorties par mois »
pub const ENTREES_ET_SORTIES_PAR_MOIS: &str = "Entrées et sorties par mois";

/// « Tous les indicateurs »
pub const TOUS_LES_INDICATEURS: &str = "Tous les indicateurs";

/// « Entrés »
pub const ENTRES: &str = "Entrés";

/// « Sortie positive »
pub const SORTIE_POSITIVE: &str = "Sortie positive";

/// « Sortie anticipée »
pub const SORTIE_ANTICIPEE: &str = "Sortie anticipée";

/// « Entrées »
pub const ENTREES: &str = "Entrées";

/// « Sorties »
pub const SORTIES: &str = "Sorties";

/// « Enregistrer le rapport (fichier NON chiffré) »
pub const ENREGISTRER_LE_RAPPORT_FICHIER_NON_CHIFFRE: &str =
    "Enregistrer le rapport (fichier NON chiffré)";

/// « Choisissez l'emplacement du fichier (« Choisir l'emplacement… »), ou tapez  s… »
pub const CHOISISSEZ_L_EMPLACEMENT_DU_FICHIER_CHOISIR: &str = "Choisissez l'emplacement du fichier (« Choisir l'emplacement… »), ou tapez \
             son chemin complet, dossier compris (par exemple \
             /home/vous/Documents/rapport.pdf).";

/// « export rapport »
pub const EXPORT_RAPPORT: &str = "export rapport";

/// « {programme} — du {from} au {to} »
pub fn programme_du_from_au_to(
    programme: impl std::fmt::Display,
    from: impl std::fmt::Display,
    to: impl std::fmt::Display,
) -> String {
    format!("{programme} — du {from} au {to}")
}

/// « soit {entered_adults} adultes et {entered_children} enfants entrés »
pub fn soit_entered_adults_adultes_et(
    entered_adults: impl std::fmt::Display,
    entered_children: impl std::fmt::Display,
) -> String {
    format!("soit {entered_adults} adultes et {entered_children} enfants entrés")
}

/// « Les programmes n'ont pas pu être lus : {e} »
pub fn les_programmes_n_ont_pas_pu_etre_lus(e: impl std::fmt::Display) -> String {
    format!("Les programmes n'ont pas pu être lus : {e}")
}

/// « Le rapport n'a pas pu être calculé : {e} Réessayez ; si cela se reproduit,  l… »
pub fn le_rapport_n_a_pas_pu_etre_calcule(e: impl std::fmt::Display) -> String {
    format!(
        "Le rapport n'a pas pu être calculé : {e} Réessayez ; si cela se reproduit, \
                 lancez « passerelle check »."
    )
}

/// « Rapport exporté (non chiffré) : {path} »
pub fn rapport_exporte_non_chiffre_path(path: impl std::fmt::Display) -> String {
    format!("Rapport exporté (non chiffré) : {path}")
}

/// « Rapport exporté (non chiffré) : {path}, mais l'export n'a pas pu être  inscri… »
pub fn rapport_exporte_non_chiffre_path_mais_l(
    path: impl std::fmt::Display,
    e: impl std::fmt::Display,
) -> String {
    format!(
        "Rapport exporté (non chiffré) : {path}, mais l'export n'a pas pu être \
                     inscrit au journal d'accès : {e}"
    )
}

/// « L'export n'a pas été écrit : {e} »
pub fn l_export_n_a_pas_ete_ecrit_e(e: impl std::fmt::Display) -> String {
    format!("L'export n'a pas été écrit : {e}")
}

/// What the access log says of a report written out of the base.
pub fn export_written(
    programme: impl std::fmt::Display,
    from: impl std::fmt::Display,
    to: impl std::fmt::Display,
    format: impl std::fmt::Display,
    path: impl std::fmt::Display,
) -> String {
    format!("programme {programme}, période du {from} au {to}, {format}, vers {path}")
}

/// « inconnu »
pub const INCONNU: &str = "inconnu";
