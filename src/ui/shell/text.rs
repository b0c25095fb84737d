//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Verrouiller (Ctrl+L) »
pub const VERROUILLER_CTRL_L: &str = "Verrouiller (Ctrl+L)";

/// « Passerelle »
pub const PASSERELLE: &str = "Passerelle";

/// « un toit, un emploi »
pub const UN_TOIT_UN_EMPLOI: &str = "un toit, un emploi";

/// « Données fictives — base de démonstration »
pub const DONNEES_FICTIVES_BASE_DE_DEMONSTRATION: &str = "Données fictives — base de démonstration";

/// « Supprimer la base de démonstration… »
pub const SUPPRIMER_LA_BASE_DE_DEMONSTRATION: &str = "Supprimer la base de démonstration…";

/// « Rien de ce que vous faites ici ne touche votre vraie base. »
pub const RIEN_DE_CE_QUE_VOUS_FAITES: &str =
    "Rien de ce que vous faites ici ne touche votre vraie base.";

/// « Supprimer la base de démonstration ? »
pub const SUPPRIMER_LA_BASE_DE_DEMONSTRATION_2: &str = "Supprimer la base de démonstration ?";

/// « Supprimer »
pub const SUPPRIMER: &str = "Supprimer";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Les ménages fictifs et tout ce que vous avez essayé avec eux seront supprimés… »
pub const LES_MENAGES_FICTIFS_ET_TOUT_CE: &str = "Les ménages fictifs et tout ce que vous avez essayé avec eux seront supprimés. \
                 Votre vraie base n'est pas touchée : vous y revenez ensuite.";

/// « Fermer »
pub const FERMER: &str = "Fermer";

/// « action en attente »
pub const ACTION_EN_ATTENTE: &str = "action en attente";

/// « actions en attente »
pub const ACTIONS_EN_ATTENTE: &str = "actions en attente";

/// « Base verrouillée »
pub const BASE_VERROUILLEE: &str = "Base verrouillée";

/// « Phrase de passe »
pub const PHRASE_DE_PASSE: &str = "Phrase de passe";

/// « Déverrouiller »
pub const DEVERROUILLER: &str = "Déverrouiller";

/// « Phrase de passe oubliée ? Utiliser la clé de secours »
pub const PHRASE_DE_PASSE_OUBLIEE_UTILISER_LA: &str =
    "Phrase de passe oubliée ? Utiliser la clé de secours";

/// « Création de la base chiffrée »
pub const CREATION_DE_LA_BASE_CHIFFREE: &str = "Création de la base chiffrée";

/// « Création de la base chiffrée… »
pub const CREATION_DE_LA_BASE_CHIFFREE_2: &str = "Création de la base chiffrée…";

/// « Le calcul de la clé est volontairement lent (environ une seconde) :  c'est ce… »
pub const LE_CALCUL_DE_LA_CLE_EST: &str = "Le calcul de la clé est volontairement lent (environ une seconde) : \
                     c'est ce qui protège la base contre les essais de phrases de passe.";

/// « Données de démonstration »
pub const DONNEES_DE_DEMONSTRATION: &str = "Données de démonstration";

/// « Création des ménages fictifs… »
pub const CREATION_DES_MENAGES_FICTIFS: &str = "Création des ménages fictifs…";

/// « Bienvenue : création de la base »
pub const BIENVENUE_CREATION_DE_LA_BASE: &str = "Bienvenue : création de la base";

/// « Les dossiers des ménages sont enregistrés dans une base chiffrée sur cet ordi… »
pub const LES_DOSSIERS_DES_MENAGES_SONT_ENREGISTRES: &str = "Les dossiers des ménages sont enregistrés dans une base chiffrée sur cet ordinateur. \
         Choisissez une phrase de passe : une courte phrase d'au moins 12 caractères, que vous \
         retiendrez sans la noter.";

/// « Confirmer la phrase de passe »
pub const CONFIRMER_LA_PHRASE_DE_PASSE: &str = "Confirmer la phrase de passe";

/// « Créer la base chiffrée »
pub const CREER_LA_BASE_CHIFFREE: &str = "Créer la base chiffrée";

/// « Votre clé de secours »
pub const VOTRE_CLE_DE_SECOURS: &str = "Votre clé de secours";

/// « Notez cette clé de secours sur papier et rangez-la sous pli fermé, en lieu sû… »
pub const NOTEZ_CETTE_CLE_DE_SECOURS_SUR: &str = "Notez cette clé de secours sur papier et rangez-la sous pli fermé, en lieu sûr (par \
         exemple dans le coffre de la structure). Si la phrase de passe est oubliée, c'est le seul \
         moyen de rouvrir la base : sans elle, les données sont perdues.";

/// « Elle ne sera plus jamais affichée. Ne la photographiez pas et ne l'envoyez pa… »
pub const ELLE_NE_SERA_PLUS_JAMAIS_AFFICHEE: &str =
    "Elle ne sera plus jamais affichée. Ne la photographiez pas et ne l'envoyez pas par e-mail.";

/// « J'ai noté la clé de secours »
pub const J_AI_NOTE_LA_CLE_DE: &str = "J'ai noté la clé de secours";

/// « Continuer »
pub const CONTINUER: &str = "Continuer";

/// « Qui utilise cette base ? »
pub const QUI_UTILISE_CETTE_BASE: &str = "Qui utilise cette base ?";

/// « Votre nom est inscrit dans l'historique des dossiers, les notes et les décisi… »
pub const VOTRE_NOM_EST_INSCRIT_DANS_L: &str = "Votre nom est inscrit dans l'historique des dossiers, les notes et les décisions, \
         et vous êtes proposé·e comme référent·e des ménages que vous créez. Vous pourrez le \
         changer dans « Paramètres ».";

/// « Essayer avec des données fictives »
pub const ESSAYER_AVEC_DES_DONNEES_FICTIVES: &str = "Essayer avec des données fictives";

/// « Base créée »
pub const BASE_CREEE: &str = "Base créée";

/// « Vous pouvez découvrir Passerelle avec des ménages fictifs (noms, adresses et … »
pub const VOUS_POUVEZ_DECOUVRIR_PASSERELLE_AVEC_DES: &str = "Vous pouvez découvrir Passerelle avec des ménages fictifs (noms, adresses et parcours \
         inventés), dans une base de démonstration à part : votre vraie base reste vide, et \
         la démonstration se supprime d'un clic. Ou commencez directement avec vos dossiers.";

/// « Commencer avec une base vide »
pub const COMMENCER_AVEC_UNE_BASE_VIDE: &str = "Commencer avec une base vide";

/// « Utiliser la clé de secours »
pub const UTILISER_LA_CLE_DE_SECOURS: &str = "Utiliser la clé de secours";

/// « Tapez la clé de secours notée à la création de la base, puis choisissez une  … »
pub const TAPEZ_LA_CLE_DE_SECOURS_NOTEE: &str = "Tapez la clé de secours notée à la création de la base, puis choisissez une \
             nouvelle phrase de passe. L'ancienne phrase de passe ne fonctionnera plus.";

/// « Clé de secours »
pub const CLE_DE_SECOURS: &str = "Clé de secours";

/// « Nouvelle phrase de passe »
pub const NOUVELLE_PHRASE_DE_PASSE: &str = "Nouvelle phrase de passe";

/// « Confirmer la nouvelle phrase de passe »
pub const CONFIRMER_LA_NOUVELLE_PHRASE_DE_PASSE: &str = "Confirmer la nouvelle phrase de passe";

/// « Vérification de la clé de secours… »
pub const VERIFICATION_DE_LA_CLE_DE_SECOURS: &str = "Vérification de la clé de secours…";

/// « Changer la phrase de passe »
pub const CHANGER_LA_PHRASE_DE_PASSE: &str = "Changer la phrase de passe";

/// « Tapez la clé de secours. »
pub const TAPEZ_LA_CLE_DE_SECOURS: &str = "Tapez la clé de secours.";

/// « Retour »
pub const RETOUR: &str = "Retour";

/// « Sans clé de secours ni phrase de passe, la base ne peut pas être ouverte :  P… »
pub const SANS_CLE_DE_SECOURS_NI_PHRASE: &str = "Sans clé de secours ni phrase de passe, la base ne peut pas être ouverte : \
                 Passerelle ne la supprime jamais et n'en crée pas une nouvelle à sa place.";

/// « Aide et à propos »
pub const AIDE_ET_A_PROPOS: &str = "Aide et à propos";

/// « docs/guide.md (dans les sources de Passerelle ; installé avec le paquet Debia… »
pub const DOCS_GUIDE_MD_DANS_LES_SOURCES: &str = "docs/guide.md (dans les sources de Passerelle ; installé avec le paquet Debian \
             dans /usr/share/doc/passerelle/guide.md)";

/// « Fermer l'aide »
pub const FERMER_L_AIDE: &str = "Fermer l'aide";

/// « Version »
pub const VERSION: &str = "Version";

/// « Commit »
pub const COMMIT: &str = "Commit";

/// « Ces trois lignes sont aussi affichées par « passerelle --version » :  joignez… »
pub const CES_TROIS_LIGNES_SONT_AUSSI_AFFICHEES: &str = "Ces trois lignes sont aussi affichées par « passerelle --version » : \
                         joignez-les à toute demande d'aide.";

/// « Vos données »
pub const VOS_DONNEES: &str = "Vos données";

/// « Base chiffrée »
pub const BASE_CHIFFREE: &str = "Base chiffrée";

/// « Fichier de clés »
pub const FICHIER_DE_CLES: &str = "Fichier de clés";

/// « La base ne s'ouvre qu'avec son fichier de clés, et le fichier de clés  qu'ave… »
pub const LA_BASE_NE_S_OUVRE_QU: &str = "La base ne s'ouvre qu'avec son fichier de clés, et le fichier de clés \
                     qu'avec votre phrase de passe ou la clé de secours. Gardez toujours les \
                     deux fichiers ensemble.";

/// « Sauvegarder »
pub const SAUVEGARDER: &str = "Sauvegarder";

/// « « Paramètres », « Sauvegarder maintenant… » (ou, dans un terminal,  « passere… »
pub const PARAMETRES_SAUVEGARDER_MAINTENANT_OU_DANS_UN: &str = "« Paramètres », « Sauvegarder maintenant… » (ou, dans un terminal, \
                     « passerelle backup CHEMIN ») écrit une copie chiffrée de la base (CHEMIN) \
                     et de son fichier de clés (CHEMIN.key), puis la relit pour la vérifier. \
                     Rangez les deux fichiers sur un support gardé ailleurs que l'ordinateur \
                     (clé USB sous clé, serveur de la structure), chaque semaine au moins : \
                     Passerelle le rappelle après 7 jours sans sauvegarde.";

/// « Pour repartir d'une sauvegarde : Passerelle fermée, remettez les deux  fichie… »
pub const POUR_REPARTIR_D_UNE_SAUVEGARDE_PASSERELLE: &str = "Pour repartir d'une sauvegarde : Passerelle fermée, remettez les deux \
                     fichiers à l'emplacement de la base ci-dessus (passerelle.db et \
                     passerelle.db.key), puis ouvrez Passerelle avec la phrase de passe du \
                     moment de la sauvegarde, ou la clé de secours.";

/// « Phrase de passe oubliée, fichier de clés perdu »
pub const PHRASE_DE_PASSE_OUBLIEE_FICHIER_DE: &str =
    "Phrase de passe oubliée, fichier de clés perdu";

/// « La clé de secours (56 caractères, affichée une seule fois à la création,  à g… »
pub const LA_CLE_DE_SECOURS_56_CARACTERES: &str = "La clé de secours (56 caractères, affichée une seule fois à la création, \
                     à garder sur papier sous pli fermé) permet de choisir une nouvelle phrase \
                     de passe : « Phrase de passe oubliée ? » sur l'écran de déverrouillage, \
                     ou « passerelle recover » dans un terminal.";

/// « Ordinateur perdu ou volé : les données sont chiffrées, mais prévenez tout  de… »
pub const ORDINATEUR_PERDU_OU_VOLE_LES_DONNEES: &str = "Ordinateur perdu ou volé : les données sont chiffrées, mais prévenez tout \
                     de suite votre responsable et le ou la délégué·e à la protection des \
                     données ; réinstallez Passerelle sur un autre poste et repartez de la \
                     dernière sauvegarde. Le guide détaille la marche à suivre.";

/// « Guide de prise en main »
pub const GUIDE_DE_PRISE_EN_MAIN: &str = "Guide de prise en main";

/// « Copier le chemin du guide »
pub const COPIER_LE_CHEMIN_DU_GUIDE: &str = "Copier le chemin du guide";

/// « Il s'ouvre avec n'importe quel éditeur de texte. »
pub const IL_S_OUVRE_AVEC_N_IMPORTE: &str = "Il s'ouvre avec n'importe quel éditeur de texte.";

/// « Licences »
pub const LICENCES: &str = "Licences";

/// « Passerelle est distribuée sous la licence publique de l'Union européenne  (EU… »
pub const PASSERELLE_EST_DISTRIBUEE_SOUS_LA_LICENCE: &str = "Passerelle est distribuée sous la licence publique de l'Union européenne \
                     (EUPL 1.2). Elle contient des composants d'autres auteurs, sous leurs \
                     propres licences, toutes reproduites ci-dessous (fichier \
                     THIRD-PARTY-LICENSES.txt, installé dans /usr/share/doc/passerelle/).";

/// « L'opération s'est interrompue de façon inattendue. Rien n'a été  supprimé ; r… »
pub const L_OPERATION_S_EST_INTERROMPUE_DE: &str = "L'opération s'est interrompue de façon inattendue. Rien n'a été \
                        supprimé ; réessayez, et si le problème revient, redémarrez Passerelle.";

/// « Verrouillée : la fenêtre a été réduite. »
pub const VERROUILLEE_LA_FENETRE_A_ETE_REDUITE: &str = "Verrouillée : la fenêtre a été réduite.";

/// « 1 action demandée pendant l'opération en cours n'a pas été faite :  refaites-… »
pub const T_1_ACTION_DEMANDEE_PENDANT_L_OPERATION: &str = "1 action demandée pendant l'opération en cours n'a pas été faite : \
                     refaites-la après le déverrouillage.";

/// « Fin de l'opération en cours… »
pub const FIN_DE_L_OPERATION_EN_COURS: &str = "Fin de l'opération en cours…";

/// « Déverrouillage… »
pub const DEVERROUILLAGE: &str = "Déverrouillage…";

/// « Changement de la phrase de passe… »
pub const CHANGEMENT_DE_LA_PHRASE_DE_PASSE: &str = "Changement de la phrase de passe…";

/// « Changement de la clé de chiffrement… »
pub const CHANGEMENT_DE_LA_CLE_DE_CHIFFREMENT: &str = "Changement de la clé de chiffrement…";

/// « Verrouillée pendant le changement de clé. La clé a bien été changée  et la ph… »
pub const VERROUILLEE_PENDANT_LE_CHANGEMENT_DE_CLE: &str = "Verrouillée pendant le changement de clé. La clé a bien été changée \
                          et la phrase de passe reste la même, mais la nouvelle clé de secours \
                          n'a pas pu être affichée : après le déverrouillage, refaites \
                          « Changer la clé de chiffrement… » pour en obtenir une.";

/// « la lecture s'est interrompue ; changez d'onglet pour réessayer. »
pub const LA_LECTURE_S_EST_INTERROMPUE_CHANGEZ: &str =
    "la lecture s'est interrompue ; changez d'onglet pour réessayer.";

/// « le calcul s'est interrompu. »
pub const LE_CALCUL_S_EST_INTERROMPU: &str = "le calcul s'est interrompu.";

/// « la préparation de la fiche s'est interrompue. »
pub const LA_PREPARATION_DE_LA_FICHE_S: &str = "la préparation de la fiche s'est interrompue.";

/// « La lecture s'est interrompue de façon inattendue. Réessayez. »
pub const LA_LECTURE_S_EST_INTERROMPUE_DE: &str =
    "La lecture s'est interrompue de façon inattendue. Réessayez.";

/// « Les fichiers de la base étaient lisibles par d'autres comptes de  cet ordinat… »
pub const LES_FICHIERS_DE_LA_BASE_ETAIENT: &str = "Les fichiers de la base étaient lisibles par d'autres comptes de \
                         cet ordinateur : ils sont maintenant réservés à vous seul.";

/// « Nouvelle phrase de passe enregistrée. La clé de secours reste  valable : gard… »
pub const NOUVELLE_PHRASE_DE_PASSE_ENREGISTREE_LA: &str = "Nouvelle phrase de passe enregistrée. La clé de secours reste \
                     valable : gardez-la toujours sous pli fermé.";

/// « Verrouillée. La phrase de passe a été changée : utilisez la  nouvelle. »
pub const VERROUILLEE_LA_PHRASE_DE_PASSE_A: &str = "Verrouillée. La phrase de passe a été changée : utilisez la \
                               nouvelle.";

/// « Verrouillée. La phrase de passe n'a pas été changée :  utilisez l'ancienne. »
pub const VERROUILLEE_LA_PHRASE_DE_PASSE_N: &str = "Verrouillée. La phrase de passe n'a pas été changée : \
                               utilisez l'ancienne.";

/// « Phrase de passe changée. Utilisez la nouvelle au prochain  déverrouillage. »
pub const PHRASE_DE_PASSE_CHANGEE_UTILISEZ_LA: &str = "Phrase de passe changée. Utilisez la nouvelle au prochain \
                         déverrouillage.";

/// « base de démonstration »
pub const BASE_DE_DEMONSTRATION: &str = "base de démonstration";

/// « Ouverture de la base de démonstration… »
pub const OUVERTURE_DE_LA_BASE_DE_DEMONSTRATION: &str = "Ouverture de la base de démonstration…";

/// « Base de démonstration ouverte : les ménages sont fictifs. »
pub const BASE_DE_DEMONSTRATION_OUVERTE_LES_MENAGES: &str =
    "Base de démonstration ouverte : les ménages sont fictifs.";

/// « Base de démonstration supprimée. Vous êtes revenu·e à votre base. »
pub const BASE_DE_DEMONSTRATION_SUPPRIMEE_VOUS_ETES: &str =
    "Base de démonstration supprimée. Vous êtes revenu·e à votre base.";

/// « Une opération est déjà en cours : attendez qu'elle se termine, puis  recommen… »
pub const UNE_OPERATION_EST_DEJA_EN_COURS: &str = "Une opération est déjà en cours : attendez qu'elle se termine, puis \
                 recommencez.";

/// « Base : {db_location} »
pub fn base_db_location(db_location: impl std::fmt::Display) -> String {
    format!("Base : {db_location}")
}

/// « Emplacement : {db_location} »
pub fn emplacement_db_location(db_location: impl std::fmt::Display) -> String {
    format!("Emplacement : {db_location}")
}

/// « Verrouillée automatiquement après {minutes} {unit} sans activité. »
pub fn verrouillee_automatiquement_apres(
    minutes: impl std::fmt::Display,
    unit: impl std::fmt::Display,
) -> String {
    format!("Verrouillée automatiquement après {minutes} {unit} sans activité.")
}

/// « {lost} actions demandées pendant l'opération en cours n'ont pas été  faites :… »
pub fn lost_actions_demandees_pendant_l(lost: impl std::fmt::Display) -> String {
    format!(
        "{lost} actions demandées pendant l'opération en cours n'ont pas été \
                         faites : refaites-les après le déverrouillage."
    )
}

/// « Le délai de verrouillage s'applique, mais n'a pas pu être enregistré : {e} »
pub fn le_delai_de_verrouillage_s_applique_mais(e: impl std::fmt::Display) -> String {
    format!("Le délai de verrouillage s'applique, mais n'a pas pu être enregistré : {e}")
}

/// « Le réglage s'applique, mais n'a pas pu être enregistré : {e} »
pub fn le_reglage_s_applique_mais_n_a_pas(e: impl std::fmt::Display) -> String {
    format!("Le réglage s'applique, mais n'a pas pu être enregistré : {e}")
}

/// « Enregistré : l'historique écrira désormais « {display_name} ». »
pub fn enregistre_l_historique_ecrira_desormais(display_name: impl std::fmt::Display) -> String {
    format!("Enregistré : l'historique écrira désormais « {display_name} ».")
}

/// « {display_name} ajouté·e à l'équipe. »
pub fn display_name_ajoute_e_a_l_equipe(display_name: impl std::fmt::Display) -> String {
    format!("{display_name} ajouté·e à l'équipe.")
}

/// « Verrouillée. La clé de chiffrement n'a pas été changée : {e} »
pub fn verrouillee_la_cle_de_chiffrement_n_a(e: impl std::fmt::Display) -> String {
    format!("Verrouillée. La clé de chiffrement n'a pas été changée : {e}")
}

/// « La base de démonstration n'a pas pu être ouverte : {e} »
pub fn la_base_de_demonstration_n_a_pas_pu(e: impl std::fmt::Display) -> String {
    format!("La base de démonstration n'a pas pu être ouverte : {e}")
}

/// « La base de démonstration n'a pas pu être entièrement supprimée : {failed}.  S… »
pub fn la_base_de_demonstration_n_a_pas_pu_2(failed: impl std::fmt::Display) -> String {
    format!(
        "La base de démonstration n'a pas pu être entièrement supprimée : {failed}. \
                 Supprimez ces fichiers à la main."
    )
}

/// « Impossible de lancer le travail en arrière-plan ({error}). Réessayez. »
pub fn impossible_de_lancer_le_travail_en(error: impl std::fmt::Display) -> String {
    format!("Impossible de lancer le travail en arrière-plan ({error}). Réessayez.")
}

/// The window could not open (said on the terminal, the app then exits).
pub fn window_failed(e: impl std::fmt::Display) -> String {
    format!("impossible d'ouvrir la fenêtre de Passerelle : {e}")
}

/// The lock screen's notice after the computer went to sleep.
pub const LOCKED_BY_SLEEP: &str = "Verrouillée : l'ordinateur s'est mis en veille.";
/// … after the desktop session was locked.
pub const LOCKED_WITH_SESSION: &str = "Verrouillée : la session de l'ordinateur a été verrouillée.";
