//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Trop courte »
pub const TROP_COURTE: &str = "Trop courte";

/// « Acceptable »
pub const ACCEPTABLE: &str = "Acceptable";

/// « Bonne »
pub const BONNE: &str = "Bonne";

/// « Très bonne »
pub const TRES_BONNE: &str = "Très bonne";

/// « Les deux phrases de passe ne sont pas identiques. Retapez-les. »
pub const LES_DEUX_PHRASES_DE_PASSE_NE: &str =
    "Les deux phrases de passe ne sont pas identiques. Retapez-les.";

/// « Passerelle »
pub const PASSERELLE: &str = "Passerelle";

/// « Un toit, un emploi : suivi des parcours »
pub const UN_TOIT_UN_EMPLOI_SUIVI_DES: &str = "Un toit, un emploi : suivi des parcours";

/// « Bureau »
pub const BUREAU: &str = "Bureau";

/// « Documents »
pub const DOCUMENTS: &str = "Documents";

/// « Téléchargements »
pub const TELECHARGEMENTS: &str = "Téléchargements";

/// « Nom du fichier ou chemin complet »
pub const NOM_DU_FICHIER_OU_CHEMIN_COMPLET: &str = "Nom du fichier ou chemin complet";

/// « Sous-dossier ou chemin complet (vide : celui affiché) »
pub const SOUS_DOSSIER_OU_CHEMIN_COMPLET_VIDE: &str =
    "Sous-dossier ou chemin complet (vide : celui affiché)";

/// « Tapez un nom de fichier, ou cliquez sur un fichier. »
pub const TAPEZ_UN_NOM_DE_FICHIER_OU: &str = "Tapez un nom de fichier, ou cliquez sur un fichier.";

/// « Dossier : »
pub const DOSSIER: &str = "Dossier :";

/// « Dossier parent »
pub const DOSSIER_PARENT: &str = "Dossier parent";

/// « Dossier personnel »
pub const DOSSIER_PERSONNEL: &str = "Dossier personnel";

/// « Fichiers cachés »
pub const FICHIERS_CACHES: &str = "Fichiers cachés";

/// « Aller à : »
pub const ALLER_A: &str = "Aller à :";

/// « Ce dossier ne contient aucun sous-dossier. »
pub const CE_DOSSIER_NE_CONTIENT_AUCUN_SOUS: &str = "Ce dossier ne contient aucun sous-dossier.";

/// « Ce dossier ne contient aucun fichier de ce type. »
pub const CE_DOSSIER_NE_CONTIENT_AUCUN_FICHIER: &str =
    "Ce dossier ne contient aucun fichier de ce type.";

/// « Ouvrir ce fichier »
pub const OUVRIR_CE_FICHIER: &str = "Ouvrir ce fichier";

/// « Enregistrer ici »
pub const ENREGISTRER_ICI: &str = "Enregistrer ici";

/// « Choisir ce dossier »
pub const CHOISIR_CE_DOSSIER: &str = "Choisir ce dossier";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « février »
pub const FEVRIER: &str = "février";

/// « août »
pub const AOUT: &str = "août";

/// « décembre »
pub const DECEMBRE: &str = "décembre";

/// « Calendrier »
pub const CALENDRIER: &str = "Calendrier";

/// « Choisir dans le calendrier »
pub const CHOISIR_DANS_LE_CALENDRIER: &str = "Choisir dans le calendrier";

/// « Année précédente »
pub const ANNEE_PRECEDENTE: &str = "Année précédente";

/// « Mois précédent »
pub const MOIS_PRECEDENT: &str = "Mois précédent";

/// « Mois suivant »
pub const MOIS_SUIVANT: &str = "Mois suivant";

/// « Année suivante »
pub const ANNEE_SUIVANTE: &str = "Année suivante";

/// « Aujourd'hui »
pub const AUJOURD_HUI: &str = "Aujourd'hui";

/// « Valider »
pub const VALIDER: &str = "Valider";

/// « 3 lettres, puis choisir »
pub const T_3_LETTRES_PUIS_CHOISIR: &str = "3 lettres, puis choisir";

/// « Non renseigné »
pub const NON_RENSEIGNE: &str = "Non renseigné";

/// « dialog opened: measure its body first »
pub const DIALOG_OPENED_MEASURE_ITS_BODY_FIRST: &str = "dialog opened: measure its body first";

/// « La phrase de passe doit compter au moins {MIN_PASSPHRASE_CHARS} caractères  (… »
pub fn la_phrase_de_passe_doit_compter_au_moins(
    min_passphrase_chars: impl std::fmt::Display,
    length: impl std::fmt::Display,
) -> String {
    format!(
        "La phrase de passe doit compter au moins {min_passphrase_chars} caractères \
             (actuellement {length}). Une courte phrase facile à retenir convient bien."
    )
}

/// « Solidité : {label} ({length} / {MIN_PASSPHRASE_CHARS} caractères minimum) »
pub fn solidite_label_length(
    label: impl std::fmt::Display,
    length: impl std::fmt::Display,
    min_passphrase_chars: impl std::fmt::Display,
) -> String {
    format!("Solidité : {label} ({length} / {min_passphrase_chars} caractères minimum)")
}

/// « Solidité : {label} ({length} caractères) »
pub fn solidite_label_length_caracteres(
    label: impl std::fmt::Display,
    length: impl std::fmt::Display,
) -> String {
    format!("Solidité : {label} ({length} caractères)")
}

/// « Clé USB : {to_string_lossy} »
pub fn cle_usb_to_string_lossy(to_string_lossy: impl std::fmt::Display) -> String {
    format!("Clé USB : {to_string_lossy}")
}

/// « Le dossier {dir} ne peut pas être lu ({e}). Choisissez-en un autre. »
pub fn le_dossier_dir_ne_peut_pas_etre_lu(
    dir: impl std::fmt::Display,
    e: impl std::fmt::Display,
) -> String {
    format!("Le dossier {dir} ne peut pas être lu ({e}). Choisissez-en un autre.")
}

/// « Le dossier {target} n'existe pas. Choisissez-le dans la liste. »
pub fn le_dossier_target_n_existe_pas(target: impl std::fmt::Display) -> String {
    format!("Le dossier {target} n'existe pas. Choisissez-le dans la liste.")
}

/// « Le fichier {target} n'existe pas. Vérifiez le nom ou choisissez-le dans la li… »
pub fn le_fichier_target_n_existe_pas_verifiez(target: impl std::fmt::Display) -> String {
    format!("Le fichier {target} n'existe pas. Vérifiez le nom ou choisissez-le dans la liste.")
}

/// « Le dossier de {target} n'existe pas. Choisissez un dossier dans la liste. »
pub fn le_dossier_de_target_n_existe_pas(target: impl std::fmt::Display) -> String {
    format!("Le dossier de {target} n'existe pas. Choisissez un dossier dans la liste.")
}

/// « {bytes} o »
pub fn bytes_o(bytes: impl std::fmt::Display) -> String {
    format!("{bytes} o")
}

/// « {div_ceil} ko »
pub fn div_ceil_ko(div_ceil: impl std::fmt::Display) -> String {
    format!("{div_ceil} ko")
}

/// « {f64:.1} Mo »
pub fn f64_mo(f64: impl std::fmt::Display) -> String {
    format!("{f64:.1} Mo")
}

/// « Fichiers affichés : {exts} »
pub fn fichiers_affiches_exts(exts: impl std::fmt::Display) -> String {
    format!("Fichiers affichés : {exts}")
}

/// « {valeur} — {population} hab. »
pub fn valeur_population_hab(
    valeur: impl std::fmt::Display,
    population: impl std::fmt::Display,
) -> String {
    format!("{valeur} — {population} hab.")
}

/// « {valeur} — {population} hab. — {note} »
pub fn valeur_population_hab_note(
    valeur: impl std::fmt::Display,
    population: impl std::fmt::Display,
    note: impl std::fmt::Display,
) -> String {
    format!("{valeur} — {population} hab. — {note}")
}
