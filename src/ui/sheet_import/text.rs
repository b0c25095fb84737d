//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Importer un tableur »
pub const IMPORTER_UN_TABLEUR: &str = "Importer un tableur";

/// « Un tableau de suivi CSV, XLSX (Excel) ou ODS (LibreOffice) : une ligne  d'en-… »
pub const UN_TABLEAU_DE_SUIVI_CSV_XLSX: &str = "Un tableau de suivi CSV, XLSX (Excel) ou ODS (LibreOffice) : une ligne \
                 d'en-têtes, puis une ligne par personne. Les colonnes reconnues sont \
                 décrites dans le guide (« Importer un tableur ») ; les autres se règlent à \
                 l'étape suivante. Rien n'est enregistré avant la dernière étape.";

/// « Fichier à importer »
pub const FICHIER_A_IMPORTER: &str = "Fichier à importer";

/// « Parcourir… »
pub const PARCOURIR: &str = "Parcourir…";

/// « Lecture du tableur… »
pub const LECTURE_DU_TABLEUR: &str = "Lecture du tableur…";

/// « Lire le fichier »
pub const LIRE_LE_FICHIER: &str = "Lire le fichier";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Import en cours : une seule opération, tout ou rien… »
pub const IMPORT_EN_COURS_UNE_SEULE_OPERATION: &str =
    "Import en cours : une seule opération, tout ou rien…";

/// « Les ménages importés sont dans la liste et dans la recherche. »
pub const LES_MENAGES_IMPORTES_SONT_DANS_LA: &str =
    "Les ménages importés sont dans la liste et dans la recherche.";

/// « Fermer »
pub const FERMER: &str = "Fermer";

/// « Aucun nom ne paraît abîmé dans cette lecture. »
pub const AUCUN_NOM_NE_PARAIT_ABIME_DANS: &str = "Aucun nom ne paraît abîmé dans cette lecture.";

/// « Colonne du fichier »
pub const COLONNE_DU_FICHIER: &str = "Colonne du fichier";

/// « Exemple de valeur »
pub const EXEMPLE_DE_VALEUR: &str = "Exemple de valeur";

/// « Lue comme »
pub const LUE_COMME: &str = "Lue comme";

/// « (sans titre) »
pub const SANS_TITRE: &str = "(sans titre)";

/// « Vérifier les lignes »
pub const VERIFIER_LES_LIGNES: &str = "Vérifier les lignes";

/// « Choisir un autre fichier »
pub const CHOISIR_UN_AUTRE_FICHIER: &str = "Choisir un autre fichier";

/// « 1 erreur dans le fichier : rien ne sera importé tant qu'elle ne sera pas  cor… »
pub const T_1_ERREUR_DANS_LE_FICHIER_RIEN: &str = "1 erreur dans le fichier : rien ne sera importé tant qu'elle ne sera pas \
                 corrigée. Corrigez le tableau puis relisez-le, ou changez la lecture des \
                 colonnes.";

/// « … et d'autres erreurs, à voir une fois celles-ci corrigées. »
pub const ET_D_AUTRES_ERREURS_A_VOIR: &str =
    "… et d'autres erreurs, à voir une fois celles-ci corrigées.";

/// « Revenir aux colonnes »
pub const REVENIR_AUX_COLONNES: &str = "Revenir aux colonnes";

/// « Ménage »
pub const MENAGE: &str = "Ménage";

/// « Commune »
pub const COMMUNE: &str = "Commune";

/// « Personnes »
pub const PERSONNES: &str = "Personnes";

/// « Étape »
pub const ETAPE: &str = "Étape";

/// « Lignes »
pub const LIGNES: &str = "Lignes";

/// « Tous les ménages du fichier sont ignorés : choisissez « Créer quand même » po… »
pub const TOUS_LES_MENAGES_DU_FICHIER_SONT: &str = "Tous les ménages du fichier sont ignorés : choisissez « Créer quand même » pour \
             ceux qui ne sont pas des doublons.";

/// « Exporter la liste des ménages »
pub const EXPORTER_LA_LISTE_DES_MENAGES: &str = "Exporter la liste des ménages";

/// « Attention : le fichier exporté n'est PAS chiffré. Il contient des données  pe… »
pub const ATTENTION_LE_FICHIER_EXPORTE_N_EST: &str = "Attention : le fichier exporté n'est PAS chiffré. Il contient des données \
             personnelles : enregistrez-le sur un support protégé, ne l'envoyez pas par \
             courriel sans protection, et supprimez-le après usage.";

/// « Format »
pub const FORMAT: &str = "Format";

/// « CSV (tout tableur) »
pub const CSV_TOUT_TABLEUR: &str = "CSV (tout tableur)";

/// « XLSX (Excel) »
pub const XLSX_EXCEL: &str = "XLSX (Excel)";

/// « Fichier à écrire »
pub const FICHIER_A_ECRIRE: &str = "Fichier à écrire";

/// « Choisir l'emplacement… »
pub const CHOISIR_L_EMPLACEMENT: &str = "Choisir l'emplacement…";

/// « Remplacer le fichier s'il existe déjà »
pub const REMPLACER_LE_FICHIER_S_IL_EXISTE: &str = "Remplacer le fichier s'il existe déjà";

/// « Exporter »
pub const EXPORTER: &str = "Exporter";

/// « Exporter la liste (fichier NON chiffré) »
pub const EXPORTER_LA_LISTE_FICHIER_NON_CHIFFRE: &str = "Exporter la liste (fichier NON chiffré)";

/// « Tableur »
pub const TABLEUR: &str = "Tableur";

/// « Choisir le tableur à importer »
pub const CHOISIR_LE_TABLEUR_A_IMPORTER: &str = "Choisir le tableur à importer";

/// « Import du tableur… »
pub const IMPORT_DU_TABLEUR: &str = "Import du tableur…";

/// « Tapez le chemin complet du fichier, dossier compris (par exemple  /home/vous/… »
pub const TAPEZ_LE_CHEMIN_COMPLET_DU_FICHIER: &str = "Tapez le chemin complet du fichier, dossier compris (par exemple \
             /home/vous/Documents/menages.csv).";

/// « export tableur »
pub const EXPORT_TABLEUR: &str = "export tableur";

/// « Encodage douteux : ce fichier contient {l} à côté de lettres accentuées en  U… »
pub fn encodage_douteux_ce_fichier_contient_l_a(
    l: impl std::fmt::Display,
    read_as: impl std::fmt::Display,
) -> String {
    format!(
        "Encodage douteux : ce fichier contient {l} à côté de lettres accentuées en \
                 UTF-8. Il est lu en {read_as} ; vérifiez les noms ci-dessous avant d'importer."
    )
}

/// « Relire le fichier en {other} »
pub fn relire_le_fichier_en_other(other: impl std::fmt::Display) -> String {
    format!("Relire le fichier en {other}")
}

/// « {lues}. Vérifiez ce que contient chaque colonne ; « {ignore} » la laisse de c… »
pub fn lues_verifiez_ce_que_contient_chaque(
    lues: impl std::fmt::Display,
    ignore: impl std::fmt::Display,
) -> String {
    format!("{lues}. Vérifiez ce que contient chaque colonne ; « {ignore} » la laisse de côté.")
}

/// « {n} erreurs dans le fichier : rien ne sera importé tant qu'elles ne  seront p… »
pub fn n_erreurs_dans_le_fichier_rien_ne_sera(n: impl std::fmt::Display) -> String {
    format!(
        "{n} erreurs dans le fichier : rien ne sera importé tant qu'elles ne \
                     seront pas corrigées. Corrigez le tableau puis relisez-le, ou changez \
                     la lecture des colonnes."
    )
}

/// « Aperçu, rien n'est encore enregistré : {nages}, {adultes}, {enfants}, dans le… »
pub fn apercu_rien_n_est_encore_enregistre(
    nages: impl std::fmt::Display,
    adultes: impl std::fmt::Display,
    enfants: impl std::fmt::Display,
    programme: impl std::fmt::Display,
) -> String {
    format!(
        "Aperçu, rien n'est encore enregistré : {nages}, {adultes}, {enfants}, dans le parcours « {programme} »."
    )
}

/// « Doublons possibles ({duplicates}) : choisissez pour chacun. »
pub fn doublons_possibles_duplicates_choisissez(duplicates: impl std::fmt::Display) -> String {
    format!("Doublons possibles ({duplicates}) : choisissez pour chacun.")
}

/// « Ligne {line} — « {label} » : {reason}. »
pub fn ligne_line_label_reason(
    line: impl std::fmt::Display,
    label: impl std::fmt::Display,
    reason: impl std::fmt::Display,
) -> String {
    format!("Ligne {line} — « {label} » : {reason}.")
}

/// « … et {households} autres ménages. »
pub fn et_households_autres_menages(households: impl std::fmt::Display) -> String {
    format!("… et {households} autres ménages.")
}

/// « Importer {nages} »
pub fn importer_nages(nages: impl std::fmt::Display) -> String {
    format!("Importer {nages}")
}

/// « {affich} dans la liste (filtres actuels) {export}. »
pub fn affich_dans_la_liste_filtres_actuels(
    affich: impl std::fmt::Display,
    export: impl std::fmt::Display,
) -> String {
    format!("{affich} dans la liste (filtres actuels) {export}.")
}

/// « La base n'a pas pu être lue. {e} »
pub fn la_base_n_a_pas_pu_etre_lue(e: impl std::fmt::Display) -> String {
    format!("La base n'a pas pu être lue. {e}")
}

/// « L'import n'a pas été enregistré (rien n'a été écrit). {e} »
pub fn l_import_n_a_pas_ete_enregistre_rien(e: impl std::fmt::Display) -> String {
    format!("L'import n'a pas été enregistré (rien n'a été écrit). {e}")
}

/// « L'export n'a pas été écrit. {e} »
pub fn l_export_n_a_pas_ete_ecrit_e(e: impl std::fmt::Display) -> String {
    format!("L'export n'a pas été écrit. {e}")
}

/// « {export} dans {path}{left_out}. Ce fichier n'est pas chiffré : supprimez-le a… »
pub fn export_dans_path_left_out_ce_fichier_n(
    export: impl std::fmt::Display,
    path: impl std::fmt::Display,
    left_out: impl std::fmt::Display,
) -> String {
    format!(
        "{export} dans {path}{left_out}. Ce fichier n'est pas chiffré : supprimez-le après usage."
    )
}

/// « {nages} vers {path} »
pub fn nages_vers_path(nages: impl std::fmt::Display, path: impl std::fmt::Display) -> String {
    format!("{nages} vers {path}")
}

/// « L'export n'a pas été écrit : {e} »
pub fn l_export_n_a_pas_ete_ecrit_e_2(e: impl std::fmt::Display) -> String {
    format!("L'export n'a pas été écrit : {e}")
}

/// « Le fichier n'a pas pu être ouvert ({e}). Vérifiez le chemin : {path} »
pub fn le_fichier_n_a_pas_pu_etre_ouvert(
    e: impl std::fmt::Display,
    path: impl std::fmt::Display,
) -> String {
    format!("Le fichier n'a pas pu être ouvert ({e}). Vérifiez le chemin : {path}")
}

/// « Le fichier n'a pas pu être lu ({e}). Vérifiez le chemin : {path} »
pub fn le_fichier_n_a_pas_pu_etre_lu(
    e: impl std::fmt::Display,
    path: impl std::fmt::Display,
) -> String {
    format!("Le fichier n'a pas pu être lu ({e}). Vérifiez le chemin : {path}")
}

/// « octet qui n'est pas de l'UTF-8 »
pub const OCTET_QUI_N_EST_PAS_DE: &str = "octet qui n'est pas de l'UTF-8";

/// « octets qui ne sont pas de l'UTF-8 »
pub const OCTETS_QUI_NE_SONT_PAS_DE: &str = "octets qui ne sont pas de l'UTF-8";

/// « ligne lue »
pub const LIGNE_LUE: &str = "ligne lue";

/// « lignes lues »
pub const LIGNES_LUES: &str = "lignes lues";

/// « ménage »
pub const MENAGE_2: &str = "ménage";

/// « ménages »
pub const MENAGES: &str = "ménages";

/// « ménage affiché »
pub const MENAGE_AFFICHE: &str = "ménage affiché";

/// « ménages affichés »
pub const MENAGES_AFFICHES: &str = "ménages affichés";

/// « seront exportés »
pub const SERONT_EXPORTES: &str = "seront exportés";

/// « sera exporté »
pub const SERA_EXPORTE: &str = "sera exporté";

/// « ménage exporté »
pub const MENAGE_EXPORTE: &str = "ménage exporté";

/// « ménages exportés »
pub const MENAGES_EXPORTES: &str = "ménages exportés";
