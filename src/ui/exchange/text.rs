//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Identité et partenaires »
pub const IDENTITE_ET_PARTENAIRES: &str = "Identité et partenaires";

/// « Envoyer un dossier »
pub const ENVOYER_UN_DOSSIER: &str = "Envoyer un dossier";

/// « Recevoir un dossier »
pub const RECEVOIR_UN_DOSSIER: &str = "Recevoir un dossier";

/// « Conflits »
pub const CONFLITS: &str = "Conflits";

/// « nom du ménage »
pub const NOM_DU_MENAGE: &str = "nom du ménage";

/// « pseudonyme (à la place du nom) »
pub const PSEUDONYME_A_LA_PLACE_DU_NOM: &str = "pseudonyme (à la place du nom)";

/// « précisions sur la sortie »
pub const PRECISIONS_SUR_LA_SORTIE: &str = "précisions sur la sortie";

/// « date d'orientation »
pub const DATE_D_ORIENTATION: &str = "date d'orientation";

/// « date de sortie »
pub const DATE_DE_SORTIE: &str = "date de sortie";

/// « motif de sortie anticipée »
pub const MOTIF_DE_SORTIE_ANTICIPEE: &str = "motif de sortie anticipée";

/// « étape précédente »
pub const ETAPE_PRECEDENTE: &str = "étape précédente";

/// « nouvelle étape »
pub const NOUVELLE_ETAPE: &str = "nouvelle étape";

/// « référent·e »
pub const REFERENT_E: &str = "référent·e";

/// « situation de logement »
pub const SITUATION_DE_LOGEMENT: &str = "situation de logement";

/// « demande de logement »
pub const DEMANDE_DE_LOGEMENT: &str = "demande de logement";

/// « numéro CAF »
pub const NUMERO_CAF: &str = "numéro CAF";

/// « numéro unique »
pub const NUMERO_UNIQUE: &str = "numéro unique";

/// « date du numéro unique »
pub const DATE_DU_NUMERO_UNIQUE: &str = "date du numéro unique";

/// « communes souhaitées »
pub const COMMUNES_SOUHAITEES: &str = "communes souhaitées";

/// « loyer maximal »
pub const LOYER_MAXIMAL: &str = "loyer maximal";

/// « inconnu des services de l'emploi »
pub const INCONNU_DES_SERVICES_DE_L_EMPLOI: &str = "inconnu des services de l'emploi";

/// « personne de référence »
pub const PERSONNE_DE_REFERENCE: &str = "personne de référence";

/// « prénom »
pub const PRENOM: &str = "prénom";

/// « date de naissance »
pub const DATE_DE_NAISSANCE: &str = "date de naissance";

/// « téléphone »
pub const TELEPHONE: &str = "téléphone";

/// « inscription France Travail »
pub const INSCRIPTION_FRANCE_TRAVAIL: &str = "inscription France Travail";

/// « niveau d'études »
pub const NIVEAU_D_ETUDES: &str = "niveau d'études";

/// « métiers recherchés »
pub const METIERS_RECHERCHES: &str = "métiers recherchés";

/// « domaines ROME »
pub const DOMAINES_ROME: &str = "domaines ROME";

/// « permis de conduire »
pub const PERMIS_DE_CONDUIRE: &str = "permis de conduire";

/// « véhicule »
pub const VEHICULE: &str = "véhicule";

/// « disponible à partir du »
pub const DISPONIBLE_A_PARTIR_DU: &str = "disponible à partir du";

/// « rayon de mobilité (km) »
pub const RAYON_DE_MOBILITE_KM: &str = "rayon de mobilité (km)";

/// « niveau scolaire »
pub const NIVEAU_SCOLAIRE: &str = "niveau scolaire";

/// « école actuelle »
pub const ECOLE_ACTUELLE: &str = "école actuelle";

/// « inscription à destination »
pub const INSCRIPTION_A_DESTINATION: &str = "inscription à destination";

/// « date d'inscription »
pub const DATE_D_INSCRIPTION: &str = "date d'inscription";

/// « besoin de garde »
pub const BESOIN_DE_GARDE: &str = "besoin de garde";

/// « arrivée »
pub const ARRIVEE: &str = "arrivée";

/// « départ »
pub const DEPART: &str = "départ";

/// « date d'embauche »
pub const DATE_D_EMBAUCHE: &str = "date d'embauche";

/// « échéance (mois) »
pub const ECHEANCE_MOIS: &str = "échéance (mois)";

/// « date du point »
pub const DATE_DU_POINT: &str = "date du point";

/// « toujours en poste »
pub const TOUJOURS_EN_POSTE: &str = "toujours en poste";

/// « Échanges avec les partenaires »
pub const ECHANGES_AVEC_LES_PARTENAIRES: &str = "Échanges avec les partenaires";

/// « Des dossiers chiffrés et signés, échangés par clé USB ou courriel : chaque  p… »
pub const DES_DOSSIERS_CHIFFRES_ET_SIGNES_ECHANGES: &str = "Des dossiers chiffrés et signés, échangés par clé USB ou courriel : chaque \
             partenaire ne reçoit que ce que son rôle et le consentement du ménage permettent.";

/// « Fermer le message »
pub const FERMER_LE_MESSAGE: &str = "Fermer le message";

/// « Chargement des échanges… »
pub const CHARGEMENT_DES_ECHANGES: &str = "Chargement des échanges…";

/// « Choisir dans Passerelle »
pub const CHOISIR_DANS_PASSERELLE: &str = "Choisir dans Passerelle";

/// « Aucun conflit à résoudre. Quand un partenaire et vous modifiez le même champ … »
pub const AUCUN_CONFLIT_A_RESOUDRE_QUAND_UN: &str = "Aucun conflit à résoudre. Quand un partenaire et vous modifiez le même champ \
                 d'un dossier, les deux valeurs apparaissent ici.";

/// « Un partenaire et vous avez modifié le même champ. La valeur la plus récente e… »
pub const UN_PARTENAIRE_ET_VOUS_AVEZ_MODIFIE: &str = "Un partenaire et vous avez modifié le même champ. La valeur la plus récente est \
         déjà dans votre base ; choisissez celle qui est juste.";

/// « La vôtre »
pub const LA_VOTRE: &str = "La vôtre";

/// « La leur »
pub const LA_LEUR: &str = "La leur";

/// « Actuellement dans votre base : la vôtre. »
pub const ACTUELLEMENT_DANS_VOTRE_BASE_LA_VOTRE: &str = "Actuellement dans votre base : la vôtre.";

/// « Actuellement dans votre base : la leur. »
pub const ACTUELLEMENT_DANS_VOTRE_BASE_LA_LEUR: &str = "Actuellement dans votre base : la leur.";

/// « Garder la mienne »
pub const GARDER_LA_MIENNE: &str = "Garder la mienne";

/// « Prendre la leur »
pub const PRENDRE_LA_LEUR: &str = "Prendre la leur";

/// « Votre identité »
pub const VOTRE_IDENTITE: &str = "Votre identité";

/// « Pour échanger des dossiers, créez d'abord l'identité de votre structure :  un… »
pub const POUR_ECHANGER_DES_DOSSIERS_CREEZ_D: &str = "Pour échanger des dossiers, créez d'abord l'identité de votre structure : \
                 une paire de clés gardée dans la base chiffrée.";

/// « Nom de votre structure »
pub const NOM_DE_VOTRE_STRUCTURE: &str = "Nom de votre structure";

/// « Créer l'identité »
pub const CREER_L_IDENTITE: &str = "Créer l'identité";

/// « Empreinte à lire à vos partenaires par téléphone : »
pub const EMPREINTE_A_LIRE_A_VOS_PARTENAIRES: &str =
    "Empreinte à lire à vos partenaires par téléphone :";

/// « Exporter ma carte de contact… »
pub const EXPORTER_MA_CARTE_DE_CONTACT: &str = "Exporter ma carte de contact…";

/// « Exporter ma clé secrète (age)… »
pub const EXPORTER_MA_CLE_SECRETE_AGE: &str = "Exporter ma clé secrète (age)…";

/// « Renouveler mes clés… »
pub const RENOUVELER_MES_CLES: &str = "Renouveler mes clés…";

/// « Exporter votre clé secrète »
pub const EXPORTER_VOTRE_CLE_SECRETE: &str = "Exporter votre clé secrète";

/// « Ce fichier ouvre TOUS les paquets adressés à votre structure. Ne  l'exportez … »
pub const CE_FICHIER_OUVRE_TOUS_LES_PAQUETS: &str = "Ce fichier ouvre TOUS les paquets adressés à votre structure. Ne \
                     l'exportez que pour ouvrir un paquet avec l'outil « age » \
                     (age -d -i ma-cle-age.txt paquet.age), gardez-le sur un support chiffré, \
                     ne l'envoyez jamais et supprimez-le après usage. L'export est noté dans \
                     le journal.";

/// « J'ai compris : enregistrer la clé… »
pub const J_AI_COMPRIS_ENREGISTRER_LA_CLE: &str = "J'ai compris : enregistrer la clé…";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Renouveler vos clés »
pub const RENOUVELER_VOS_CLES: &str = "Renouveler vos clés";

/// « De nouvelles clés remplacent les vôtres : exportez ensuite votre nouvelle  ca… »
pub const DE_NOUVELLES_CLES_REMPLACENT_LES_VOTRES: &str = "De nouvelles clés remplacent les vôtres : exportez ensuite votre nouvelle \
                     carte et envoyez-la à chaque partenaire, qui la réépinglera après avoir \
                     vérifié la nouvelle empreinte. Les paquets écrits pour l'ancienne carte \
                     restent lisibles pendant 60 jours.";

/// « Renouveler maintenant »
pub const RENOUVELER_MAINTENANT: &str = "Renouveler maintenant";

/// « Partenaires »
pub const PARTENAIRES: &str = "Partenaires";

/// « Appelez ce partenaire et faites-lui lire son empreinte : elle doit être  exac… »
pub const APPELEZ_CE_PARTENAIRE_ET_FAITES_LUI: &str = "Appelez ce partenaire et faites-lui lire son empreinte : elle doit être \
                 exactement celle-ci. Sinon, n'épinglez pas la carte.";

/// « Rôle du partenaire »
pub const ROLE_DU_PARTENAIRE: &str = "Rôle du partenaire";

/// « Personne à contacter »
pub const PERSONNE_A_CONTACTER: &str = "Personne à contacter";

/// « L'empreinte est la bonne : épingler »
pub const L_EMPREINTE_EST_LA_BONNE_EPINGLER: &str = "L'empreinte est la bonne : épingler";

/// « Ne pas épingler »
pub const NE_PAS_EPINGLER: &str = "Ne pas épingler";

/// « Importer la carte d'un partenaire… »
pub const IMPORTER_LA_CARTE_D_UN_PARTENAIRE: &str = "Importer la carte d'un partenaire…";

/// « Aucun partenaire épinglé. Demandez sa carte de contact à un partenaire, puis … »
pub const AUCUN_PARTENAIRE_EPINGLE_DEMANDEZ_SA_CARTE: &str = "Aucun partenaire épinglé. Demandez sa carte de contact à un partenaire, puis \
                 importez-la ici.";

/// « Structure »
pub const STRUCTURE: &str = "Structure";

/// « Rôle »
pub const ROLE: &str = "Rôle";

/// « Contact »
pub const CONTACT: &str = "Contact";

/// « Empreinte »
pub const EMPREINTE: &str = "Empreinte";

/// « État »
pub const ETAT: &str = "État";

/// « Actif »
pub const ACTIF: &str = "Actif";

/// « Cliquez sur une structure pour la lier, la révoquer ou la retirer. »
pub const CLIQUEZ_SUR_UNE_STRUCTURE_POUR_LA: &str =
    "Cliquez sur une structure pour la lier, la révoquer ou la retirer.";

/// « Fiche employeur liée »
pub const FICHE_EMPLOYEUR_LIEE: &str = "Fiche employeur liée";

/// « Fiche bailleur liée »
pub const FICHE_BAILLEUR_LIEE: &str = "Fiche bailleur liée";

/// « Une fois lié à sa fiche, ce partenaire ne reçoit que les positionnements sur … »
pub const UNE_FOIS_LIE_A_SA_FICHE: &str = "Une fois lié à sa fiche, ce partenaire ne reçoit que les positionnements sur ses \
                 propres offres ou logements.";

/// « — aucune »
pub const AUCUNE: &str = "— aucune";

/// « Enregistrer la liaison »
pub const ENREGISTRER_LA_LIAISON: &str = "Enregistrer la liaison";

/// « Révoquer ce partenaire… »
pub const REVOQUER_CE_PARTENAIRE: &str = "Révoquer ce partenaire…";

/// « Retirer de l'annuaire… »
pub const RETIRER_DE_L_ANNUAIRE: &str = "Retirer de l'annuaire…";

/// « Révoquer : plus aucun envoi vers ce partenaire, et ses paquets signés à  part… »
pub const REVOQUER_PLUS_AUCUN_ENVOI_VERS_CE: &str = "Révoquer : plus aucun envoi vers ce partenaire, et ses paquets signés à \
                     partir de maintenant seront refusés (ceux d'avant restent lisibles).";

/// « Confirmer la révocation »
pub const CONFIRMER_LA_REVOCATION: &str = "Confirmer la révocation";

/// « Retirer : sa carte est oubliée ; ses paquets seront refusés comme venant  d'u… »
pub const RETIRER_SA_CARTE_EST_OUBLIEE_SES: &str = "Retirer : sa carte est oubliée ; ses paquets seront refusés comme venant \
                     d'une clé inconnue. L'historique des échanges reste dans le journal.";

/// « Confirmer le retrait »
pub const CONFIRMER_LE_RETRAIT: &str = "Confirmer le retrait";

/// « — (sans carte) »
pub const SANS_CARTE: &str = "— (sans carte)";

/// « Créez d'abord l'identité de votre structure (onglet « Identité et partenaires… »
pub const CREEZ_D_ABORD_L_IDENTITE_DE: &str =
    "Créez d'abord l'identité de votre structure (onglet « Identité et partenaires »).";

/// « Ouvrez un paquet reçu d'un partenaire, ou déposez le fichier sur la fenêtre. … »
pub const OUVREZ_UN_PAQUET_RECU_D_UN: &str = "Ouvrez un paquet reçu d'un partenaire, ou déposez le fichier sur la fenêtre. \
                 Il est vérifié (chiffrement, signature, contenu) puis un aperçu montre ce \
                 qui changera : rien n'est modifié avant « Appliquer ».";

/// « Ouvrir un paquet… »
pub const OUVRIR_UN_PAQUET: &str = "Ouvrir un paquet…";

/// « Phrase de passe du paquet »
pub const PHRASE_DE_PASSE_DU_PAQUET: &str = "Phrase de passe du paquet";

/// « Ouvrir avec cette phrase »
pub const OUVRIR_AVEC_CETTE_PHRASE: &str = "Ouvrir avec cette phrase";

/// « Paquet refusé »
pub const PAQUET_REFUSE: &str = "Paquet refusé";

/// « Votre base n'a pas été modifiée. »
pub const VOTRE_BASE_N_A_PAS_ETE: &str = "Votre base n'a pas été modifiée.";

/// « Historique des paquets »
pub const HISTORIQUE_DES_PAQUETS: &str = "Historique des paquets";

/// « Aucun paquet envoyé ni reçu pour l'instant. »
pub const AUCUN_PAQUET_ENVOYE_NI_RECU_POUR: &str = "Aucun paquet envoyé ni reçu pour l'instant.";

/// « Date »
pub const DATE: &str = "Date";

/// « Sens »
pub const SENS: &str = "Sens";

/// « Partenaire »
pub const PARTENAIRE: &str = "Partenaire";

/// « Contenu »
pub const CONTENU: &str = "Contenu";

/// « Suppressions reçues »
pub const SUPPRESSIONS_RECUES: &str = "Suppressions reçues";

/// « Fiches supprimées chez vous par le paquet d'un partenaire. Leur contenu reste… »
pub const FICHES_SUPPRIMEES_CHEZ_VOUS_PAR_LE: &str = "Fiches supprimées chez vous par le paquet d'un partenaire. Leur contenu reste \
             30 jours dans votre base chiffrée : « Restaurer » les remet telles qu'elles \
             étaient. Passé ce délai, il est effacé.";

/// « Restaurer »
pub const RESTAURER: &str = "Restaurer";

/// « Aperçu du paquet reçu »
pub const APERCU_DU_PAQUET_RECU: &str = "Aperçu du paquet reçu";

/// « Supprimer aussi ces fiches de ma base »
pub const SUPPRIMER_AUSSI_CES_FICHES_DE_MA: &str = "Supprimer aussi ces fiches de ma base";

/// « Sans cette case, le reste du paquet est importé et ces fiches restent  chez v… »
pub const SANS_CETTE_CASE_LE_RESTE_DU: &str = "Sans cette case, le reste du paquet est importé et ces fiches restent \
                     chez vous.";

/// « Appliquer »
pub const APPLIQUER: &str = "Appliquer";

/// « Fermer »
pub const FERMER: &str = "Fermer";

/// « Ne pas importer »
pub const NE_PAS_IMPORTER: &str = "Ne pas importer";

/// « Pour information (jamais repris dans votre base : le consentement se  recueil… »
pub const POUR_INFORMATION_JAMAIS_REPRIS_DANS_VOTRE: &str = "Pour information (jamais repris dans votre base : le consentement se \
                     recueille ici) :";

/// « Modifications faites des deux côtés (la plus récente sera retenue ; vous  pou… »
pub const MODIFICATIONS_FAITES_DES_DEUX_COTES_LA: &str = "Modifications faites des deux côtés (la plus récente sera retenue ; vous \
                     pourrez choisir ensuite dans « Conflits ») :";

/// « Ménage »
pub const MENAGE: &str = "Ménage";

/// « Nouvelles »
pub const NOUVELLES: &str = "Nouvelles";

/// « Mises à jour »
pub const MISES_A_JOUR: &str = "Mises à jour";

/// « En conflit »
pub const EN_CONFLIT: &str = "En conflit";

/// « Inchangées »
pub const INCHANGEES: &str = "Inchangées";

/// « Phrase de passe du paquet, à lire au partenaire (par téléphone, pas par courr… »
pub const PHRASE_DE_PASSE_DU_PAQUET_A: &str =
    "Phrase de passe du paquet, à lire au partenaire (par téléphone, pas par courriel) :";

/// « C'est transmis : effacer la phrase de passe »
pub const C_EST_TRANSMIS_EFFACER_LA_PHRASE: &str = "C'est transmis : effacer la phrase de passe";

/// « Elle reste affichée jusque-là, même après l'envoi. »
pub const ELLE_RESTE_AFFICHEE_JUSQUE_LA_MEME: &str =
    "Elle reste affichée jusque-là, même après l'envoi.";

/// « 1. Ménages à envoyer »
pub const T_1_MENAGES_A_ENVOYER: &str = "1. Ménages à envoyer";

/// « Rechercher un ménage »
pub const RECHERCHER_UN_MENAGE: &str = "Rechercher un ménage";

/// « Tout décocher »
pub const TOUT_DECOCHER: &str = "Tout décocher";

/// « Aucun ménage dans la base. »
pub const AUCUN_MENAGE_DANS_LA_BASE: &str = "Aucun ménage dans la base.";

/// «   (pas de consentement en cours) »
pub const PAS_DE_CONSENTEMENT_EN_COURS: &str = "  (pas de consentement en cours)";

/// « 2. Destinataire »
pub const T_2_DESTINATAIRE: &str = "2. Destinataire";

/// « Partenaire sans carte de contact : protéger le paquet par une phrase de passe »
pub const PARTENAIRE_SANS_CARTE_DE_CONTACT_PROTEGER: &str =
    "Partenaire sans carte de contact : protéger le paquet par une phrase de passe";

/// « Générer une phrase de passe à dicter »
pub const GENERER_UNE_PHRASE_DE_PASSE_A: &str = "Générer une phrase de passe à dicter";

/// « Six mots simples, faciles à lire au téléphone »
pub const SIX_MOTS_SIMPLES_FACILES_A_LIRE: &str = "Six mots simples, faciles à lire au téléphone";

/// « Transmettez-la par un autre moyen que le paquet (téléphone, SMS), jamais dans… »
pub const TRANSMETTEZ_LA_PAR_UN_AUTRE_MOYEN: &str = "Transmettez-la par un autre moyen que le paquet (téléphone, SMS), jamais dans \
                 le même courriel.";

/// « Aucun partenaire épinglé : importez sa carte (onglet « Identité et  partenair… »
pub const AUCUN_PARTENAIRE_EPINGLE_IMPORTEZ_SA_CARTE: &str = "Aucun partenaire épinglé : importez sa carte (onglet « Identité et \
                 partenaires ») ou utilisez une phrase de passe.";

/// « Pas de carte de contact : importez-la (onglet « Identité et partenaires »)  o… »
pub const PAS_DE_CARTE_DE_CONTACT_IMPORTEZ: &str = "Pas de carte de contact : importez-la (onglet « Identité et partenaires ») \
                     ou protégez le paquet par une phrase de passe.";

/// « Rôle du destinataire (décide des champs envoyés) »
pub const ROLE_DU_DESTINATAIRE_DECIDE_DES_CHAMPS: &str =
    "Rôle du destinataire (décide des champs envoyés)";

/// « Sans carte, le ménage doit avoir donné son consentement à ce rôle. »
pub const SANS_CARTE_LE_MENAGE_DOIT_AVOIR: &str =
    "Sans carte, le ménage doit avoir donné son consentement à ce rôle.";

/// « 3. Options »
pub const T_3_OPTIONS: &str = "3. Options";

/// « Joindre les notes du journal (texte libre : relisez-les avant) »
pub const JOINDRE_LES_NOTES_DU_JOURNAL_TEXTE: &str =
    "Joindre les notes du journal (texte libre : relisez-les avant)";

/// « Les notes ne partent que vers un partenaire d'accompagnement. »
pub const LES_NOTES_NE_PARTENT_QUE_VERS: &str =
    "Les notes ne partent que vers un partenaire d'accompagnement.";

/// « Fichier texte pour l'envoyer par courriel (sinon, fichier binaire pour clé USB) »
pub const FICHIER_TEXTE_POUR_L_ENVOYER_PAR: &str =
    "Fichier texte pour l'envoyer par courriel (sinon, fichier binaire pour clé USB)";

/// « Objet de l'envoi »
pub const OBJET_DE_L_ENVOI: &str = "Objet de l'envoi";

/// « Aperçu de l'envoi »
pub const APERCU_DE_L_ENVOI: &str = "Aperçu de l'envoi";

/// « Choisissez au moins un ménage et un destinataire (ou une phrase de passe d'au… »
pub const CHOISISSEZ_AU_MOINS_UN_MENAGE_ET: &str = "Choisissez au moins un ménage et un destinataire (ou une phrase de passe d'au \
                 moins 12 caractères).";

/// « Aperçu : ce qui va partir »
pub const APERCU_CE_QUI_VA_PARTIR: &str = "Aperçu : ce qui va partir";

/// « Envoi impossible : consentement manquant »
pub const ENVOI_IMPOSSIBLE_CONSENTEMENT_MANQUANT: &str = "Envoi impossible : consentement manquant";

/// « Enregistrer le paquet… »
pub const ENREGISTRER_LE_PAQUET: &str = "Enregistrer le paquet…";

/// « Modifier l'envoi »
pub const MODIFIER_L_ENVOI: &str = "Modifier l'envoi";

/// « Champs transmis, selon le rôle : »
pub const CHAMPS_TRANSMIS_SELON_LE_ROLE: &str = "Champs transmis, selon le rôle :";

/// « Tout le reste est retiré du paquet avant le chiffrement. »
pub const TOUT_LE_RESTE_EST_RETIRE_DU: &str =
    "Tout le reste est retiré du paquet avant le chiffrement.";

/// « Lecture, expurgation, chiffrement et signature des fiches… »
pub const LECTURE_EXPURGATION_CHIFFREMENT_ET_SIGNATURE_DES: &str =
    "Lecture, expurgation, chiffrement et signature des fiches…";

/// « Écriture du fichier… »
pub const ECRITURE_DU_FICHIER: &str = "Écriture du fichier…";

/// « Terminé »
pub const TERMINE: &str = "Terminé";

/// « Lecture du fichier… »
pub const LECTURE_DU_FICHIER: &str = "Lecture du fichier…";

/// « Déchiffrement et vérifications (signature, contenu)… »
pub const DECHIFFREMENT_ET_VERIFICATIONS_SIGNATURE_CONTENU: &str =
    "Déchiffrement et vérifications (signature, contenu)…";

/// « Calcul de l'aperçu… »
pub const CALCUL_DE_L_APERCU: &str = "Calcul de l'aperçu…";

/// « Fusion dans votre base (une seule transaction)… »
pub const FUSION_DANS_VOTRE_BASE_UNE_SEULE: &str =
    "Fusion dans votre base (une seule transaction)…";

/// « %d/%m/%Y à %H:%M »
pub const D_M_Y_A_H_M: &str = "%d/%m/%Y à %H:%M";

/// « date inconnue »
pub const DATE_INCONNUE: &str = "date inconnue";

/// « toutes les informations »
pub const TOUTES_LES_INFORMATIONS: &str = "toutes les informations";

/// « Identité créée. Exportez votre carte de contact et donnez-la à vos partenaires. »
pub const IDENTITE_CREEE_EXPORTEZ_VOTRE_CARTE_DE: &str =
    "Identité créée. Exportez votre carte de contact et donnez-la à vos partenaires.";

/// « Reçu »
pub const RECU: &str = "Reçu";

/// « Envoyé »
pub const ENVOYE: &str = "Envoyé";

/// « par phrase de passe »
pub const PAR_PHRASE_DE_PASSE: &str = "par phrase de passe";

/// « ménage »
pub const MENAGE_2: &str = "ménage";

/// « ménages »
pub const MENAGES: &str = "ménages";

/// « le partenaire »
pub const LE_PARTENAIRE: &str = "le partenaire";

/// « Ménage supprimé »
pub const MENAGE_SUPPRIME: &str = "Ménage supprimé";

/// « Autres fiches »
pub const AUTRES_FICHES: &str = "Autres fiches";

/// « un partenaire »
pub const UN_PARTENAIRE: &str = "un partenaire";

/// « fiche du ménage »
pub const FICHE_DU_MENAGE: &str = "fiche du ménage";

/// « Dispositif et registres (offres, logements…) »
pub const DISPOSITIF_ET_REGISTRES_OFFRES_LOGEMENTS: &str =
    "Dispositif et registres (offres, logements…)";

/// « Où enregistrer votre carte de contact ? »
pub const OU_ENREGISTRER_VOTRE_CARTE_DE_CONTACT: &str = "Où enregistrer votre carte de contact ?";

/// « Carte de contact d'un partenaire »
pub const CARTE_DE_CONTACT_D_UN_PARTENAIRE: &str = "Carte de contact d'un partenaire";

/// « Où enregistrer le paquet ? (clé USB, dossier à envoyer…) »
pub const OU_ENREGISTRER_LE_PAQUET_CLE_USB: &str =
    "Où enregistrer le paquet ? (clé USB, dossier à envoyer…)";

/// « Ouvrir un paquet reçu »
pub const OUVRIR_UN_PAQUET_RECU: &str = "Ouvrir un paquet reçu";

/// « Où enregistrer votre clé secrète ? (support chiffré, à supprimer après usage) »
pub const OU_ENREGISTRER_VOTRE_CLE_SECRETE_SUPPORT: &str =
    "Où enregistrer votre clé secrète ? (support chiffré, à supprimer après usage)";

/// « le fichier n'est pas une carte de contact (texte attendu) »
pub const LE_FICHIER_N_EST_PAS_UNE: &str =
    "le fichier n'est pas une carte de contact (texte attendu)";

/// « C'est votre propre carte de contact : importez celle du partenaire. »
pub const C_EST_VOTRE_PROPRE_CARTE_DE: &str =
    "C'est votre propre carte de contact : importez celle du partenaire.";

/// « Partenaire retiré de l'annuaire : ses paquets seront refusés. »
pub const PARTENAIRE_RETIRE_DE_L_ANNUAIRE_SES: &str =
    "Partenaire retiré de l'annuaire : ses paquets seront refusés.";

/// « Identifiants »
pub const IDENTIFIANTS: &str = "Identifiants";

/// « pseudonymes tirés pour ce seul paquet (paquet par phrase de passe) : le  fina… »
pub const PSEUDONYMES_TIRES_POUR_CE_SEUL_PAQUET: &str = "pseudonymes tirés pour ce seul paquet (paquet par phrase de passe) : le \
                 financeur ne peut ni les relier à vos fiches, ni mettre à jour ses chiffres \
                 avec un envoi suivant. Épinglez sa carte pour qu'il reçoive toujours les mêmes.";

/// « pseudonymes propres à ce financeur, les mêmes à chaque envoi (il met à jour  … »
pub const PSEUDONYMES_PROPRES_A_CE_FINANCEUR_LES: &str = "pseudonymes propres à ce financeur, les mêmes à chaque envoi (il met à jour \
                 ses chiffres) ; un autre financeur en reçoit d'autres, aucun ne voit vos \
                 identifiants. Ce qu'un financeur renvoie n'est jamais repris dans votre base.";

/// « Préparation du paquet »
pub const PREPARATION_DU_PAQUET: &str = "Préparation du paquet";

/// « Écriture du paquet… »
pub const ECRITURE_DU_PAQUET: &str = "Écriture du paquet…";

/// « Passerelle »
pub const PASSERELLE: &str = "Passerelle";

/// « Aucun fichier choisi dans la fenêtre du système : choisissez-le ici. »
pub const AUCUN_FICHIER_CHOISI_DANS_LA_FENETRE: &str =
    "Aucun fichier choisi dans la fenêtre du système : choisissez-le ici.";

/// « Ouverture du paquet »
pub const OUVERTURE_DU_PAQUET: &str = "Ouverture du paquet";

/// « Vérification du paquet… »
pub const VERIFICATION_DU_PAQUET: &str = "Vérification du paquet…";

/// « Import du paquet »
pub const IMPORT_DU_PAQUET: &str = "Import du paquet";

/// « Import du paquet… »
pub const IMPORT_DU_PAQUET_2: &str = "Import du paquet…";

/// « Ce paquet est protégé par une phrase de passe : tapez-la  ci-dessous (le part… »
pub const CE_PAQUET_EST_PROTEGE_PAR_UNE: &str = "Ce paquet est protégé par une phrase de passe : tapez-la \
                         ci-dessous (le partenaire vous l'a transmise à part).";

/// « Conflit résolu. »
pub const CONFLIT_RESOLU: &str = "Conflit résolu.";

/// « Champ : {field} »
pub fn champ_field(field: impl std::fmt::Display) -> String {
    format!("Champ : {field}")
}

/// « Carte de {organisation} »
pub fn carte_de_organisation(organisation: impl std::fmt::Display) -> String {
    format!("Carte de {organisation}")
}

/// « Déjà épinglée sous le nom « {org} » : son rôle sera mis à jour. »
pub fn deja_epinglee_sous_le_nom_org_son_role(org: impl std::fmt::Display) -> String {
    format!("Déjà épinglée sous le nom « {org} » : son rôle sera mis à jour.")
}

/// « C'est la nouvelle carte de ce partenaire (clés renouvelées) : elle  remplace … »
pub fn c_est_la_nouvelle_carte_de_ce_partenaire(old: impl std::fmt::Display) -> String {
    format!(
        "C'est la nouvelle carte de ce partenaire (clés renouvelées) : elle \
                         remplace l'ancienne ({old})"
    )
}

/// « Révoqué le {d} »
pub fn revoque_le_d(d: impl std::fmt::Display) -> String {
    format!("Révoqué le {d}")
}

/// « Empreinte : {fingerprint} »
pub fn empreinte_fingerprint(fingerprint: impl std::fmt::Display) -> String {
    format!("Empreinte : {fingerprint}")
}

/// « Ancienne clé remplacée : {old} … »
pub fn ancienne_cle_remplacee_old(old: impl std::fmt::Display) -> String {
    format!("Ancienne clé remplacée : {old} …")
}

/// « Révoqué le {d} : rien ne lui est envoyé, ses paquets signés depuis sont  refu… »
pub fn revoque_le_d_rien_ne_lui_est_envoye(d: impl std::fmt::Display) -> String {
    format!(
        "Révoqué le {d} : rien ne lui est envoyé, ses paquets signés depuis sont \
                     refusés."
    )
}

/// « Supprimé par {partner} le {deleted_on} ; restaurable jusqu'au {until}. »
pub fn supprime_par_partner_le_deleted_on(
    partner: impl std::fmt::Display,
    deleted_on: impl std::fmt::Display,
    until: impl std::fmt::Display,
) -> String {
    format!("Supprimé par {partner} le {deleted_on} ; restaurable jusqu'au {until}.")
}

/// « Suppressions : {es} chez le partenaire »
pub fn suppressions_es_chez_le_partenaire(es: impl std::fmt::Display) -> String {
    format!("Suppressions : {es} chez le partenaire")
}

/// « Refusées ({refused}) : hors de ce que ce partenaire peut modifier, elles ne  … »
pub fn refusees_refused_hors_de_ce_que_ce(refused: impl std::fmt::Display) -> String {
    format!(
        "Refusées ({refused}) : hors de ce que ce partenaire peut modifier, elles ne \
                     seront pas importées."
    )
}

/// « {organisation} ({role}) — sans carte »
pub fn organisation_role_sans_carte(
    organisation: impl std::fmt::Display,
    role: impl std::fmt::Display,
) -> String {
    format!("{organisation} ({role}) — sans carte")
}

/// « Rôle : {role} (celui de la carte épinglée ; il décide des champs envoyés). »
pub fn role_role_celui_de_la_carte_epinglee_il(role: impl std::fmt::Display) -> String {
    format!("Rôle : {role} (celui de la carte épinglée ; il décide des champs envoyés).")
}

/// « Destinataire : {recipients} »
pub fn destinataire_recipients(recipients: impl std::fmt::Display) -> String {
    format!("Destinataire : {recipients}")
}

/// « {nages}, {fiches} en tout. »
pub fn nages_fiches_en_tout(
    nages: impl std::fmt::Display,
    fiches: impl std::fmt::Display,
) -> String {
    format!("{nages}, {fiches} en tout.")
}

/// « Les échanges n'ont pas pu être chargés. {e} »
pub fn les_echanges_n_ont_pas_pu_etre_charges(e: impl std::fmt::Display) -> String {
    format!("Les échanges n'ont pas pu être chargés. {e}")
}

/// « L'identité n'a pas été créée. {e} »
pub fn l_identite_n_a_pas_ete_creee_e(e: impl std::fmt::Display) -> String {
    format!("L'identité n'a pas été créée. {e}")
}

/// « fichier trop volumineux ({cap_bytes} Mo au plus) »
pub fn fichier_trop_volumineux_cap_bytes_mo_au(cap_bytes: impl std::fmt::Display) -> String {
    format!("fichier trop volumineux ({cap_bytes} Mo au plus)")
}

/// « {nouvelles}, {jour}, {conflits} en conflit, {suppressions}, {es} »
pub fn nouvelles_jour_conflits_en_conflit(
    nouvelles: impl std::fmt::Display,
    jour: impl std::fmt::Display,
    conflits: impl std::fmt::Display,
    suppressions: impl std::fmt::Display,
    es: impl std::fmt::Display,
) -> String {
    format!("{nouvelles}, {jour}, {conflits} en conflit, {suppressions}, {es}")
}

/// « vous, le {stamp_date_fr} »
pub fn vous_le_stamp_date_fr(stamp_date_fr: impl std::fmt::Display) -> String {
    format!("vous, le {stamp_date_fr}")
}

/// « {partner}, le {stamp_date_fr} »
pub fn partner_le_stamp_date_fr(
    partner: impl std::fmt::Display,
    stamp_date_fr: impl std::fmt::Display,
) -> String {
    format!("{partner}, le {stamp_date_fr}")
}

/// « adulte {first_name} {last_name} »
pub fn adulte_first_name_last_name(
    first_name: impl std::fmt::Display,
    last_name: impl std::fmt::Display,
) -> String {
    format!("adulte {first_name} {last_name}")
}

/// « enfant {first_name} {last_name} »
pub fn enfant_first_name_last_name(
    first_name: impl std::fmt::Display,
    last_name: impl std::fmt::Display,
) -> String {
    format!("enfant {first_name} {last_name}")
}

/// « {label} — consentement enregistré chez {organisation} »
pub fn label_consentement_enregistre_chez(
    label: impl std::fmt::Display,
    organisation: impl std::fmt::Display,
) -> String {
    format!("{label} — consentement enregistré chez {organisation}")
}

/// « {label} — {label_2} — {field} : la vôtre « {mine} », la leur « {theirs} » »
pub fn label_label_2_field_la_votre_mine_la(
    label: impl std::fmt::Display,
    label_2: impl std::fmt::Display,
    field: impl std::fmt::Display,
    mine: impl std::fmt::Display,
    theirs: impl std::fmt::Display,
) -> String {
    format!("{label} — {label_2} — {field} : la vôtre « {mine} », la leur « {theirs} »")
}

/// «  — objet : {purpose} »
pub fn objet_purpose(purpose: impl std::fmt::Display) -> String {
    format!(" — objet : {purpose}")
}

/// « Envoyé par {organisation} le {to_rfc3339}{purpose}. Signature vérifiée (parte… »
pub fn envoye_par_organisation_le_to_rfc3339(
    organisation: impl std::fmt::Display,
    to_rfc3339: impl std::fmt::Display,
    purpose: impl std::fmt::Display,
) -> String {
    format!(
        "Envoyé par {organisation} le {to_rfc3339}{purpose}. Signature vérifiée (partenaire épinglé)."
    )
}

/// « Carte de contact enregistrée : {path}. Elle ne contient que vos clés publique… »
pub fn carte_de_contact_enregistree_path_elle(path: impl std::fmt::Display) -> String {
    format!(
        "Carte de contact enregistrée : {path}. Elle ne contient que vos clés publiques ; \
             envoyez-la à vos partenaires et lisez-leur votre empreinte par téléphone."
    )
}

/// « La carte n'a pas été enregistrée. {e} »
pub fn la_carte_n_a_pas_ete_enregistree_e(e: impl std::fmt::Display) -> String {
    format!("La carte n'a pas été enregistrée. {e}")
}

/// « Carte non importée : {e} »
pub fn carte_non_importee_e(e: impl std::fmt::Display) -> String {
    format!("Carte non importée : {e}")
}

/// « La nouvelle carte de {organisation} remplace l'ancienne (rôle inchangé : {rol… »
pub fn la_nouvelle_carte_de_organisation(
    organisation: impl std::fmt::Display,
    role: impl std::fmt::Display,
) -> String {
    format!(
        "La nouvelle carte de {organisation} remplace l'ancienne (rôle inchangé : {role}). \
                 L'ancienne clé est notée comme remplacée."
    )
}

/// « Carte non épinglée. {e} »
pub fn carte_non_epinglee_e(e: impl std::fmt::Display) -> String {
    format!("Carte non épinglée. {e}")
}

/// « {organisation} est épinglé comme {role}. Vous pouvez lui envoyer des dossiers… »
pub fn organisation_est_epingle_comme_role_vous(
    organisation: impl std::fmt::Display,
    role: impl std::fmt::Display,
) -> String {
    format!(
        "{organisation} est épinglé comme {role}. Vous pouvez lui envoyer des dossiers et importer \
             les siens."
    )
}

/// « Partenaire non épinglé. {e} »
pub fn partenaire_non_epingle_e(e: impl std::fmt::Display) -> String {
    format!("Partenaire non épinglé. {e}")
}

/// « {organisation} est révoqué : rien ne lui sera plus envoyé et ses paquets sign… »
pub fn organisation_est_revoque_rien_ne_lui(organisation: impl std::fmt::Display) -> String {
    format!(
        "{organisation} est révoqué : rien ne lui sera plus envoyé et ses paquets signés à \
                 partir de maintenant seront refusés."
    )
}

/// « {organisation} est lié à sa fiche : il ne recevra que les positionnements sur… »
pub fn organisation_est_lie_a_sa_fiche_il_ne(organisation: impl std::fmt::Display) -> String {
    format!(
        "{organisation} est lié à sa fiche : il ne recevra que les positionnements sur ses \
                     propres offres ou logements."
    )
}

/// « {organisation} n'est plus lié à une fiche. »
pub fn organisation_n_est_plus_lie_a_une_fiche(organisation: impl std::fmt::Display) -> String {
    format!("{organisation} n'est plus lié à une fiche.")
}

/// « Rien n'a été modifié. {e} »
pub fn rien_n_a_ete_modifie_e(e: impl std::fmt::Display) -> String {
    format!("Rien n'a été modifié. {e}")
}

/// « Nouvelles clés créées. Nouvelle empreinte : {fingerprint}. Exportez votre car… »
pub fn nouvelles_cles_creees_nouvelle_empreinte(
    fingerprint: impl std::fmt::Display,
    packet: impl std::fmt::Display,
) -> String {
    format!(
        "Nouvelles clés créées. Nouvelle empreinte : {fingerprint}. Exportez votre carte de \
             contact et envoyez-la à chaque partenaire ; les paquets écrits pour \
             l'ancienne carte restent lisibles {packet} jours."
    )
}

/// « Les clés n'ont pas changé. {e} »
pub fn les_cles_n_ont_pas_change_e(e: impl std::fmt::Display) -> String {
    format!("Les clés n'ont pas changé. {e}")
}

/// « Clé secrète enregistrée : {path} (lisible par vous seul). Ouvrez un paquet av… »
pub fn cle_secrete_enregistree_path_lisible_par(
    path: impl std::fmt::Display,
    path_2: impl std::fmt::Display,
) -> String {
    format!(
        "Clé secrète enregistrée : {path} (lisible par vous seul). Ouvrez un paquet avec \
             « age -d -i {path_2} paquet.age > paquet.tar », puis supprimez ce fichier. \
             L'export est noté dans le journal."
    )
}

/// « {role} — paquet protégé par une phrase de passe »
pub fn role_paquet_protege_par_une_phrase_de(role: impl std::fmt::Display) -> String {
    format!("{role} — paquet protégé par une phrase de passe")
}

/// « Un fichier {path} existe déjà : choisissez un autre nom (rien n'a été écrit). »
pub fn un_fichier_path_existe_deja_choisissez(path: impl std::fmt::Display) -> String {
    format!("Un fichier {path} existe déjà : choisissez un autre nom (rien n'a été écrit).")
}

/// « {e} Le paquet est noté dans l'historique mais le fichier n'existe  pas : reco… »
pub fn e_le_paquet_est_note_dans_l_historique(e: impl std::fmt::Display) -> String {
    format!(
        "{e} Le paquet est noté dans l'historique mais le fichier n'existe \
                         pas : recommencez l'envoi."
    )
}

/// « le fichier n'a pas pu être lu ({e}) »
pub fn le_fichier_n_a_pas_pu_etre_lu(e: impl std::fmt::Display) -> String {
    format!("le fichier n'a pas pu être lu ({e})")
}

/// « Paquet enregistré : {path} ({nages}). Il est chiffré : seul le  destinataire … »
pub fn paquet_enregistre_path_nages_il_est(
    path: impl std::fmt::Display,
    nages: impl std::fmt::Display,
) -> String {
    format!(
        "Paquet enregistré : {path} ({nages}). Il est chiffré : seul le \
                 destinataire peut l'ouvrir. L'envoi est noté dans le journal."
    )
}

/// « Le paquet n'a pas été écrit. {e} »
pub fn le_paquet_n_a_pas_ete_ecrit_e(e: impl std::fmt::Display) -> String {
    format!("Le paquet n'a pas été écrit. {e}")
}

/// « Paquet de {sender} importé : {fiches}, {jour}, {c} en conflit, {es}, {es_2}, … »
pub fn paquet_de_sender_importe_fiches_jour_c(
    sender: impl std::fmt::Display,
    fiches: impl std::fmt::Display,
    jour: impl std::fmt::Display,
    c: impl std::fmt::Display,
    es: impl std::fmt::Display,
    es_2: impl std::fmt::Display,
    es_3: impl std::fmt::Display,
) -> String {
    format!(
        "Paquet de {sender} importé : {fiches}, {jour}, {c} en conflit, {es}, {es_2}, {es_3}. Les \
                     ménages modifiés sont signalés « modifié depuis votre dernière visite »."
    )
}

/// « Rien n'a été importé. {e} »
pub fn rien_n_a_ete_importe_e(e: impl std::fmt::Display) -> String {
    format!("Rien n'a été importé. {e}")
}

/// « {n} fiches restaurées telles qu'elles étaient avant le paquet. »
pub fn n_fiches_restaurees_telles_qu_elles(n: impl std::fmt::Display) -> String {
    format!("{n} fiches restaurées telles qu'elles étaient avant le paquet.")
}

/// « {n} fiche restaurée telle qu'elle était avant le paquet. »
pub fn n_fiche_restauree_telle_qu_elle_etait(n: impl std::fmt::Display) -> String {
    format!("{n} fiche restaurée telle qu'elle était avant le paquet.")
}

/// « Rien n'a été restauré, votre base est inchangée. {e} »
pub fn rien_n_a_ete_restaure_votre_base_est(e: impl std::fmt::Display) -> String {
    format!("Rien n'a été restauré, votre base est inchangée. {e}")
}

/// « Le conflit n'a pas été résolu. {e} »
pub fn le_conflit_n_a_pas_ete_resolu_e(e: impl std::fmt::Display) -> String {
    format!("Le conflit n'a pas été résolu. {e}")
}

/// « Modifié depuis votre dernière visite : paquet de {sender} importé le {at}. »
pub fn modifie_depuis_votre_derniere_visite(
    sender: impl std::fmt::Display,
    at: impl std::fmt::Display,
) -> String {
    format!("Modifié depuis votre dernière visite : paquet de {sender} importé le {at}.")
}

/// « fiche supprimée »
pub const FICHE_SUPPRIMEE: &str = "fiche supprimée";

/// « fiches supprimées »
pub const FICHES_SUPPRIMEES: &str = "fiches supprimées";

/// « mise à jour »
pub const MISE_A_JOUR: &str = "mise à jour";

/// « mises à jour »
pub const MISES_A_JOUR_2: &str = "mises à jour";

/// « refusée »
pub const REFUSEE: &str = "refusée";

/// « refusées »
pub const REFUSEES: &str = "refusées";

/// « nouvelle fiche »
pub const NOUVELLE_FICHE: &str = "nouvelle fiche";

/// « nouvelles fiches »
pub const NOUVELLES_FICHES: &str = "nouvelles fiches";

/// « inchangée »
pub const INCHANGEE: &str = "inchangée";

/// « inchangées »
pub const INCHANGEES_2: &str = "inchangées";

/// « suppression appliquée »
pub const SUPPRESSION_APPLIQUEE: &str = "suppression appliquée";

/// « suppressions appliquées »
pub const SUPPRESSIONS_APPLIQUEES: &str = "suppressions appliquées";

/// « suppression non appliquée »
pub const SUPPRESSION_NON_APPLIQUEE: &str = "suppression non appliquée";

/// « suppressions non appliquées »
pub const SUPPRESSIONS_NON_APPLIQUEES: &str = "suppressions non appliquées";
