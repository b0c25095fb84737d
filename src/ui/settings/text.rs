//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Paramètres »
pub const PARAMETRES: &str = "Paramètres";

/// « Verrouillage automatique »
pub const VERROUILLAGE_AUTOMATIQUE: &str = "Verrouillage automatique";

/// « Passerelle se verrouille après un temps sans utilisation du clavier ni de la … »
pub const PASSERELLE_SE_VERROUILLE_APRES_UN_TEMPS: &str = "Passerelle se verrouille après un temps sans utilisation du clavier ni de la \
             souris. Il faut alors retaper la phrase de passe.";

/// « Verrouiller après »
pub const VERROUILLER_APRES: &str = "Verrouiller après";

/// « minutes sans activité »
pub const MINUTES_SANS_ACTIVITE: &str = "minutes sans activité";

/// « Verrouiller à la mise en veille et au verrouillage de la session »
pub const VERROUILLER_A_LA_MISE_EN_VEILLE: &str =
    "Verrouiller à la mise en veille et au verrouillage de la session";

/// « Verrouiller dès que la fenêtre est réduite »
pub const VERROUILLER_DES_QUE_LA_FENETRE_EST: &str = "Verrouiller dès que la fenêtre est réduite";

/// « Le délai compte aussi le temps passé en veille (couvercle fermé).  Raccourci … »
pub const LE_DELAI_COMPTE_AUSSI_LE_TEMPS: &str = "Le délai compte aussi le temps passé en veille (couvercle fermé). \
                 Raccourci pour verrouiller tout de suite : Ctrl+L";

/// « Base de démonstration »
pub const BASE_DE_DEMONSTRATION: &str = "Base de démonstration";

/// « Qui utilise cette base ? »
pub const QUI_UTILISE_CETTE_BASE: &str = "Qui utilise cette base ?";

/// « Équipe »
pub const EQUIPE: &str = "Équipe";

/// « Conservation des données »
pub const CONSERVATION_DES_DONNEES: &str = "Conservation des données";

/// « Combien de temps les dossiers sont gardés après la sortie ou le dernier conta… »
pub const COMBIEN_DE_TEMPS_LES_DOSSIERS_SONT: &str = "Combien de temps les dossiers sont gardés après la sortie ou le dernier contact, \
             puis effacés pour de bon (les chiffres anonymes des rapports restent). La durée \
             est fixée par le ou la délégué·e à la protection des données de votre structure.";

/// « Conservation des données… »
pub const CONSERVATION_DES_DONNEES_2: &str = "Conservation des données…";

/// « Journal d'accès »
pub const JOURNAL_D_ACCES: &str = "Journal d'accès";

/// « Qui a ouvert, modifié, envoyé ou exporté quoi, et quand : chaque entrée est  … »
pub const QUI_A_OUVERT_MODIFIE_ENVOYE_OU: &str = "Qui a ouvert, modifié, envoyé ou exporté quoi, et quand : chaque entrée est \
             chaînée à la précédente, si bien qu'une entrée modifiée ou supprimée se voit.";

/// « Journal d'accès… »
pub const JOURNAL_D_ACCES_2: &str = "Journal d'accès…";

/// « Sauvegarde »
pub const SAUVEGARDE: &str = "Sauvegarde";

/// « Notice d'information »
pub const NOTICE_D_INFORMATION: &str = "Notice d'information";

/// « Emplacement des données »
pub const EMPLACEMENT_DES_DONNEES: &str = "Emplacement des données";

/// « Base chiffrée »
pub const BASE_CHIFFREE: &str = "Base chiffrée";

/// « Fichier de clés »
pub const FICHIER_DE_CLES: &str = "Fichier de clés";

/// « Identifiant du poste »
pub const IDENTIFIANT_DU_POSTE: &str = "Identifiant du poste";

/// « La base ne s'ouvre qu'avec son fichier de clés. L'identifiant du poste  disti… »
pub const LA_BASE_NE_S_OUVRE_QU: &str = "La base ne s'ouvre qu'avec son fichier de clés. L'identifiant du poste \
                 distingue cette installation lors des échanges avec les partenaires.";

/// « Clé de chiffrement »
pub const CLE_DE_CHIFFREMENT: &str = "Clé de chiffrement";

/// « Clé de chiffrement changée. Voici la nouvelle clé de secours : notez-la sur  … »
pub const CLE_DE_CHIFFREMENT_CHANGEE_VOICI_LA: &str = "Clé de chiffrement changée. Voici la nouvelle clé de secours : notez-la sur \
                     papier et rangez-la sous pli fermé. Elle ne sera plus jamais affichée.";

/// « L'ancienne clé de secours et les anciens fichiers de clé n'ouvrent plus  cett… »
pub const L_ANCIENNE_CLE_DE_SECOURS_ET: &str = "L'ancienne clé de secours et les anciens fichiers de clé n'ouvrent plus \
                     cette base. Les sauvegardes faites avant gardent l'ancienne clé : \
                     conservez l'ancienne feuille avec elles, ou refaites une sauvegarde.";

/// « J'ai noté la nouvelle clé de secours »
pub const J_AI_NOTE_LA_NOUVELLE_CLE: &str = "J'ai noté la nouvelle clé de secours";

/// « Fermer »
pub const FERMER: &str = "Fermer";

/// « À faire si un ordinateur, un fichier de clé ou une feuille de clé de secours … »
pub const A_FAIRE_SI_UN_ORDINATEUR_UN: &str = "À faire si un ordinateur, un fichier de clé ou une feuille de clé de secours a été \
             perdu : la base reçoit une nouvelle clé, et une nouvelle clé de secours est \
             affichée une fois. La phrase de passe reste la même.";

/// « Changer la clé de chiffrement… »
pub const CHANGER_LA_CLE_DE_CHIFFREMENT: &str = "Changer la clé de chiffrement…";

/// « Phrase de passe actuelle (pour confirmer) »
pub const PHRASE_DE_PASSE_ACTUELLE_POUR_CONFIRMER: &str =
    "Phrase de passe actuelle (pour confirmer)";

/// « Changer la clé maintenant »
pub const CHANGER_LA_CLE_MAINTENANT: &str = "Changer la clé maintenant";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Tapez la phrase de passe actuelle. »
pub const TAPEZ_LA_PHRASE_DE_PASSE_ACTUELLE: &str = "Tapez la phrase de passe actuelle.";

/// « Changement de la clé de chiffrement (copie, vérification)… »
pub const CHANGEMENT_DE_LA_CLE_DE_CHIFFREMENT: &str =
    "Changement de la clé de chiffrement (copie, vérification)…";

/// « Rien à effacer »
pub const RIEN_A_EFFACER: &str = "Rien à effacer";

/// « Effacer le ménage échu »
pub const EFFACER_LE_MENAGE_ECHU: &str = "Effacer le ménage échu";

/// « Durée fixée par le ou la DPO de votre structure. Référence CNIL pour  l'accom… »
pub const DUREE_FIXEE_PAR_LE_OU_LA: &str = "Durée fixée par le ou la DPO de votre structure. Référence CNIL pour \
             l'accompagnement social : 2 ans après le dernier contact.";

/// « mois après la sortie ou le dernier contact »
pub const MOIS_APRES_LA_SORTIE_OU_LE: &str = "mois après la sortie ou le dernier contact";

/// « Aucun ménage n'a dépassé sa durée de conservation. »
pub const AUCUN_MENAGE_N_A_DEPASSE_SA: &str = "Aucun ménage n'a dépassé sa durée de conservation.";

/// « Ne plus conserver »
pub const NE_PLUS_CONSERVER: &str = "Ne plus conserver";

/// « Motif »
pub const MOTIF: &str = "Motif";

/// « Conserver »
pub const CONSERVER: &str = "Conserver";

/// « Aucun ménage à effacer. »
pub const AUCUN_MENAGE_A_EFFACER: &str = "Aucun ménage à effacer.";

/// « Base de démonstration : sa phrase de passe est fixe et sa clé  ne se change p… »
pub const BASE_DE_DEMONSTRATION_SA_PHRASE_DE: &str = "Base de démonstration : sa phrase de passe est fixe et sa clé \
     ne se change pas. Vos vraies données sont dans l'autre base, avec leur propre phrase de passe.";

/// « La base de démonstration ne rejoint jamais une équipe : ses  données fictives… »
pub const LA_BASE_DE_DEMONSTRATION_NE_REJOINT: &str = "La base de démonstration ne rejoint jamais une équipe : ses \
     données fictives ne doivent pas arriver dans le dossier partagé.";

/// « Phrase de passe »
pub const PHRASE_DE_PASSE: &str = "Phrase de passe";

/// « Phrase de passe actuelle »
pub const PHRASE_DE_PASSE_ACTUELLE: &str = "Phrase de passe actuelle";

/// « Nouvelle phrase de passe »
pub const NOUVELLE_PHRASE_DE_PASSE: &str = "Nouvelle phrase de passe";

/// « Confirmer la nouvelle phrase de passe »
pub const CONFIRMER_LA_NOUVELLE_PHRASE_DE_PASSE: &str = "Confirmer la nouvelle phrase de passe";

/// « Changement de la phrase de passe… »
pub const CHANGEMENT_DE_LA_PHRASE_DE_PASSE: &str = "Changement de la phrase de passe…";

/// « Changer la phrase de passe »
pub const CHANGER_LA_PHRASE_DE_PASSE: &str = "Changer la phrase de passe";

/// « La clé de secours reste valable. Les données ne sont pas réécrites : seule la… »
pub const LA_CLE_DE_SECOURS_RESTE_VALABLE: &str = "La clé de secours reste valable. Les données ne sont pas réécrites : seule la \
                 clé qui les protège est rechiffrée.";

/// « Prénom »
pub const PRENOM: &str = "Prénom";

/// « Nom »
pub const NOM: &str = "Nom";

/// « Structure »
pub const STRUCTURE: &str = "Structure";

/// « Personne n'est encore indiqué pour cette base : l'historique écrit « Référent… »
pub const PERSONNE_N_EST_ENCORE_INDIQUE_POUR: &str = "Personne n'est encore indiqué pour cette base : l'historique écrit « Référent·e ». \
             Indiquez votre nom ci-dessous.";

/// « Votre nom est inscrit dans l'historique des dossiers, les notes, les présence… »
pub const VOTRE_NOM_EST_INSCRIT_DANS_L: &str = "Votre nom est inscrit dans l'historique des dossiers, les notes, les présences et \
         les décisions sur les positionnements.";

/// « Enregistrer mon nom »
pub const ENREGISTRER_MON_NOM: &str = "Enregistrer mon nom";

/// « Personnes de l'équipe »
pub const PERSONNES_DE_L_EQUIPE: &str = "Personnes de l'équipe";

/// « Aucune pour l'instant. »
pub const AUCUNE_POUR_L_INSTANT: &str = "Aucune pour l'instant.";

/// « Ajoutez une ou un collègue pour pouvoir la ou le choisir comme référent·e d'u… »
pub const AJOUTEZ_UNE_OU_UN_COLLEGUE_POUR: &str = "Ajoutez une ou un collègue pour pouvoir la ou le choisir comme référent·e d'un \
             ménage.";

/// « Prénom de la ou du collègue »
pub const PRENOM_DE_LA_OU_DU_COLLEGUE: &str = "Prénom de la ou du collègue";

/// « Nom de la ou du collègue »
pub const NOM_DE_LA_OU_DU_COLLEGUE: &str = "Nom de la ou du collègue";

/// « Structure de la ou du collègue »
pub const STRUCTURE_DE_LA_OU_DU_COLLEGUE: &str = "Structure de la ou du collègue";

/// « Ajouter à l'équipe »
pub const AJOUTER_A_L_EQUIPE: &str = "Ajouter à l'équipe";

/// « Filtrer »
pub const FILTRER: &str = "Filtrer";

/// « Professionnel·le »
pub const PROFESSIONNEL_LE: &str = "Professionnel·le";

/// « Ménage (identifiant) »
pub const MENAGE_IDENTIFIANT: &str = "Ménage (identifiant)";

/// « Action (exacte) »
pub const ACTION_EXACTE: &str = "Action (exacte)";

/// « Du »
pub const DU: &str = "Du";

/// « Au »
pub const AU: &str = "Au";

/// « Dates en jj/mm/aaaa ; « Filtrer » (Entrée) applique les filtres. »
pub const DATES_EN_JJ_MM_AAAA_FILTRER: &str =
    "Dates en jj/mm/aaaa ; « Filtrer » (Entrée) applique les filtres.";

/// « Date (heure locale) »
pub const DATE_HEURE_LOCALE: &str = "Date (heure locale)";

/// « Action »
pub const ACTION: &str = "Action";

/// « Objets »
pub const OBJETS: &str = "Objets";

/// « Détail »
pub const DETAIL: &str = "Détail";

/// « Export pour le ou la DPO : le fichier n'est PAS chiffré. Il ne contient ni no… »
pub const EXPORT_POUR_LE_OU_LA_DPO: &str = "Export pour le ou la DPO : le fichier n'est PAS chiffré. Il ne contient ni nom \
                 ni donnée personnelle (des identifiants, des actions, des dates), mais \
                 gardez-le en lieu sûr et supprimez-le après usage.";

/// « Fichier à écrire »
pub const FICHIER_A_ECRIRE: &str = "Fichier à écrire";

/// « Choisir l'emplacement… »
pub const CHOISIR_L_EMPLACEMENT: &str = "Choisir l'emplacement…";

/// « Exporter en CSV »
pub const EXPORTER_EN_CSV: &str = "Exporter en CSV";

/// « Exporter en JSON »
pub const EXPORTER_EN_JSON: &str = "Exporter en JSON";

/// « Sauvegarder maintenant… »
pub const SAUVEGARDER_MAINTENANT: &str = "Sauvegarder maintenant…";

/// « Sauvegarde en cours… »
pub const SAUVEGARDE_EN_COURS: &str = "Sauvegarde en cours…";

/// « Une copie chiffrée de la base et de son fichier de clé, vérifiée, dans le dos… »
pub const UNE_COPIE_CHIFFREE_DE_LA_BASE: &str = "Une copie chiffrée de la base et de son fichier de clé, vérifiée, dans le dossier de \
         votre choix (une clé USB par exemple). Elle s'ouvre avec la même phrase de passe ou la \
         clé de secours.";

/// « Aucune sauvegarde n'a encore été faite. »
pub const AUCUNE_SAUVEGARDE_N_A_ENCORE_ETE: &str = "Aucune sauvegarde n'a encore été faite.";

/// « Imprimer la notice d'information… »
pub const IMPRIMER_LA_NOTICE_D_INFORMATION: &str = "Imprimer la notice d'information…";

/// « Nom de la structure »
pub const NOM_DE_LA_STRUCTURE: &str = "Nom de la structure";

/// « Contact du ou de la DPO »
pub const CONTACT_DU_OU_DE_LA_DPO: &str = "Contact du ou de la DPO";

/// « Une feuille en français simple à remettre à chaque famille au premier entreti… »
pub const UNE_FEUILLE_EN_FRANCAIS_SIMPLE_A: &str = "Une feuille en français simple à remettre à chaque famille au premier entretien : \
         qui traite ses données, pourquoi, combien de temps (la durée de conservation), à qui \
         elles peuvent être transmises, et comment exercer ses droits. Elle ne nomme aucune \
         famille.";

/// « adresse, courriel ou téléphone »
pub const ADRESSE_COURRIEL_OU_TELEPHONE: &str = "adresse, courriel ou téléphone";

/// « Identifiant de ménage illisible : copiez-le depuis l'export de la liste ou la… »
pub const IDENTIFIANT_DE_MENAGE_ILLISIBLE_COPIEZ_LE: &str = "Identifiant de ménage illisible : copiez-le depuis l'export de la liste ou la ligne de commande.";

/// « Journal »
pub const JOURNAL: &str = "Journal";

/// « Exporter le journal d'accès (fichier NON chiffré) »
pub const EXPORTER_LE_JOURNAL_D_ACCES_FICHIER: &str =
    "Exporter le journal d'accès (fichier NON chiffré)";

/// « Choisissez l'emplacement du fichier (« Choisir l'emplacement… »), ou tapez so… »
pub const CHOISISSEZ_L_EMPLACEMENT_DU_FICHIER_CHOISIR: &str = "Choisissez l'emplacement du fichier (« Choisir l'emplacement… »), ou tapez son \
             chemin complet, dossier compris (par exemple /media/cle/journal.csv).";

/// « export du journal d'accès »
pub const EXPORT_DU_JOURNAL_D_ACCES: &str = "export du journal d'accès";

/// « Enregistrer la sauvegarde chiffrée »
pub const ENREGISTRER_LA_SAUVEGARDE_CHIFFREE: &str = "Enregistrer la sauvegarde chiffrée";

/// « le %d/%m/%Y à %H:%M »
pub const LE_D_M_Y_A_H: &str = "le %d/%m/%Y à %H:%M";

/// « Base Passerelle chiffrée »
pub const BASE_PASSERELLE_CHIFFREE: &str = "Base Passerelle chiffrée";

/// « Aucune sauvegarde depuis »
pub const AUCUNE_SAUVEGARDE_DEPUIS: &str = "Aucune sauvegarde depuis";

/// « Enregistrer la notice d'information »
pub const ENREGISTRER_LA_NOTICE_D_INFORMATION: &str = "Enregistrer la notice d'information";

/// « Ménage conservé : il ne sera pas effacé. »
pub const MENAGE_CONSERVE_IL_NE_SERA_PAS: &str = "Ménage conservé : il ne sera pas effacé.";

/// « Conservation levée. »
pub const CONSERVATION_LEVEE: &str = "Conservation levée.";

/// « Effacer les {n} ménages échus »
pub fn effacer_les_n_menages_echus(n: impl std::fmt::Display) -> String {
    format!("Effacer les {n} ménages échus")
}

/// « {name} : conserver »
pub fn name_conserver(name: impl std::fmt::Display) -> String {
    format!("{name} : conserver")
}

/// « {pass} leur durée de conservation ; {effac} pour de bon (données, pièces  joi… »
pub fn pass_leur_duree_de_conservation_effac(
    pass: impl std::fmt::Display,
    effac: impl std::fmt::Display,
) -> String {
    format!(
        "{pass} leur durée de conservation ; {effac} pour de bon (données, pièces \
                 jointes, index de recherche)."
    )
}

/// « Conservé : {reason} »
pub fn conserve_reason(reason: impl std::fmt::Display) -> String {
    format!("Conservé : {reason}")
}

/// « Conserver {label}… »
pub fn conserver_label(label: impl std::fmt::Display) -> String {
    format!("Conserver {label}…")
}

/// « {es} ; les {rows} plus récentes ci-dessous. »
pub fn es_les_rows_plus_recentes_ci_dessous(
    es: impl std::fmt::Display,
    rows: impl std::fmt::Display,
) -> String {
    format!("{es} ; les {rows} plus récentes ci-dessous.")
}

/// « {es} ci-dessous. »
pub fn es_ci_dessous(es: impl std::fmt::Display) -> String {
    format!("{es} ci-dessous.")
}

/// « Aucune sauvegarde depuis {jours} : Paramètres, « {BACKUP_LABEL} » (une clé US… »
pub fn aucune_sauvegarde_depuis_jours(
    jours: impl std::fmt::Display,
    backup_label: impl std::fmt::Display,
) -> String {
    format!(
        "Aucune sauvegarde depuis {jours} : Paramètres, « {backup_label} » (une clé USB convient)."
    )
}

/// « Dernière sauvegarde : {when} »
pub fn derniere_sauvegarde_when(when: impl std::fmt::Display) -> String {
    format!("Dernière sauvegarde : {when}")
}

/// « Aucune sauvegarde depuis {jours}. »
pub fn aucune_sauvegarde_depuis_jours_2(jours: impl std::fmt::Display) -> String {
    format!("Aucune sauvegarde depuis {jours}.")
}

/// « Date « {what} » illisible : écrivez-la jj/mm/aaaa. »
pub fn date_what_illisible_ecrivez_la_jj_mm(what: impl std::fmt::Display) -> String {
    format!("Date « {what} » illisible : écrivez-la jj/mm/aaaa.")
}

/// « L'export n'a pas été écrit : {e} »
pub fn l_export_n_a_pas_ete_ecrit_e(e: impl std::fmt::Display) -> String {
    format!("L'export n'a pas été écrit : {e}")
}

/// « {es}, {csv} vers fichier {path} »
pub fn es_csv_vers_fichier_path(
    es: impl std::fmt::Display,
    csv: impl std::fmt::Display,
    path: impl std::fmt::Display,
) -> String {
    format!("{es}, {csv} vers fichier {path}")
}

/// « {crites} dans {path}. Ce fichier n'est pas chiffré : supprimez-le après usage. »
pub fn crites_dans_path_ce_fichier_n_est_pas(
    crites: impl std::fmt::Display,
    path: impl std::fmt::Display,
) -> String {
    format!("{crites} dans {path}. Ce fichier n'est pas chiffré : supprimez-le après usage.")
}

/// « Sauvegarde chiffrée écrite et vérifiée : {db} (avec son fichier de clé {key})… »
pub fn sauvegarde_chiffree_ecrite_et_verifiee(
    db: impl std::fmt::Display,
    key: impl std::fmt::Display,
) -> String {
    format!(
        "Sauvegarde chiffrée écrite et vérifiée : {db} (avec son fichier de clé {key}). \
             Rangez-la à l'abri, loin de cet ordinateur."
    )
}

/// « La sauvegarde n'a pas été faite : {path} existe déjà. Choisissez un autre nom… »
pub fn la_sauvegarde_n_a_pas_ete_faite_path(path: impl std::fmt::Display) -> String {
    format!(
        "La sauvegarde n'a pas été faite : {path} existe déjà. Choisissez un autre nom \
             ou un autre dossier."
    )
}

/// « La sauvegarde n'a pas été faite (rien n'a été laissé à moitié écrit) : {e} »
pub fn la_sauvegarde_n_a_pas_ete_faite_rien(e: impl std::fmt::Display) -> String {
    format!("La sauvegarde n'a pas été faite (rien n'a été laissé à moitié écrit) : {e}")
}

/// « La structure et le contact n'ont pas pu être enregistrés : {e} »
pub fn la_structure_et_le_contact_n_ont_pas(e: impl std::fmt::Display) -> String {
    format!("La structure et le contact n'ont pas pu être enregistrés : {e}")
}

/// « {path} existe déjà : choisissez un autre nom ou un autre dossier. »
pub fn path_existe_deja_choisissez_un_autre_nom(path: impl std::fmt::Display) -> String {
    format!("{path} existe déjà : choisissez un autre nom ou un autre dossier.")
}

/// « Notice d'information enregistrée : {dest}. Imprimez-la et remettez-la à chaqu… »
pub fn notice_d_information_enregistree_dest(dest: impl std::fmt::Display) -> String {
    format!(
        "Notice d'information enregistrée : {dest}. Imprimez-la et remettez-la à chaque \
             famille au premier entretien."
    )
}

/// « La notice n'a pas été écrite : {e} »
pub fn la_notice_n_a_pas_ete_ecrite_e(e: impl std::fmt::Display) -> String {
    format!("La notice n'a pas été écrite : {e}")
}

/// « Durée enregistrée : {months} mois. »
pub fn duree_enregistree_months_mois(months: impl std::fmt::Display) -> String {
    format!("Durée enregistrée : {months} mois.")
}

/// « {effac} pour de bon ({fiches}, {jointes}). Les chiffres anonymes des rapports… »
pub fn effac_pour_de_bon_fiches_jointes_les(
    effac: impl std::fmt::Display,
    fiches: impl std::fmt::Display,
    jointes: impl std::fmt::Display,
) -> String {
    format!(
        "{effac} pour de bon ({fiches}, {jointes}). Les chiffres anonymes des rapports sont \
                 gardés."
    )
}

/// « {pass} leur durée de conservation : voyez Paramètres, « Conservation des donn… »
pub fn pass_leur_duree_de_conservation_voyez(pass: impl std::fmt::Display) -> String {
    format!("{pass} leur durée de conservation : voyez Paramètres, « Conservation des données… ».")
}

/// « ménage a dépassé »
pub const MENAGE_A_DEPASSE: &str = "ménage a dépassé";

/// « ménages ont dépassé »
pub const MENAGES_ONT_DEPASSE: &str = "ménages ont dépassé";

/// « sera effacé »
pub const SERA_EFFACE: &str = "sera effacé";

/// « seront effacés »
pub const SERONT_EFFACES: &str = "seront effacés";

/// « entrée »
pub const ENTREE: &str = "entrée";

/// « entrées »
pub const ENTREES: &str = "entrées";

/// « entrée écrite »
pub const ENTREE_ECRITE: &str = "entrée écrite";

/// « entrées écrites »
pub const ENTREES_ECRITES: &str = "entrées écrites";

/// « ménage effacé »
pub const MENAGE_EFFACE: &str = "ménage effacé";

/// « ménages effacés »
pub const MENAGES_EFFACES: &str = "ménages effacés";

/// « pièce jointe »
pub const PIECE_JOINTE: &str = "pièce jointe";

/// « pièces jointes »
pub const PIECES_JOINTES: &str = "pièces jointes";
