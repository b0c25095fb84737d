//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Enregistrer (Entrée) »
pub const ENREGISTRER_ENTREE: &str = "Enregistrer (Entrée)";

/// « Annuler (Échap) »
pub const ANNULER_ECHAP: &str = "Annuler (Échap)";

/// « Ménage »
pub const MENAGE: &str = "Ménage";

/// « Adultes »
pub const ADULTES: &str = "Adultes";

/// « Enfants et scolarité »
pub const ENFANTS_ET_SCOLARITE: &str = "Enfants et scolarité";

/// « Parcours »
pub const PARCOURS: &str = "Parcours";

/// « Rendez-vous »
pub const RENDEZ_VOUS: &str = "Rendez-vous";

/// « Journal »
pub const JOURNAL: &str = "Journal";

/// « Pièces »
pub const PIECES: &str = "Pièces";

/// « Consentements »
pub const CONSENTEMENTS: &str = "Consentements";

/// « Chargement des ménages… »
pub const CHARGEMENT_DES_MENAGES: &str = "Chargement des ménages…";

/// « Écrire le PDF et le JSON »
pub const ECRIRE_LE_PDF_ET_LE_JSON: &str = "Écrire le PDF et le JSON";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Tout ce que la base détient sur cette personne (identité, situation, scolarit… »
pub const TOUT_CE_QUE_LA_BASE_DETIENT: &str = "Tout ce que la base détient sur cette personne (identité, situation, scolarité, \
             parcours, rendez-vous, notes qui la nomment, consentements, pièces, \
             transmissions), les autres membres du ménage masqués : un PDF en français et un \
             fichier JSON, à remettre dans le mois qui suit la demande.";

/// « Attention : ces deux fichiers ne sont PAS chiffrés. Remettez-les à la personn… »
pub const ATTENTION_CES_DEUX_FICHIERS_NE_SONT: &str = "Attention : ces deux fichiers ne sont PAS chiffrés. Remettez-les à la personne \
                 puis supprimez-les.";

/// « Dossier où les écrire »
pub const DOSSIER_OU_LES_ECRIRE: &str = "Dossier où les écrire";

/// « Choisir le dossier… »
pub const CHOISIR_LE_DOSSIER: &str = "Choisir le dossier…";

/// « Dossier des données d'une personne (fichiers NON chiffrés) »
pub const DOSSIER_DES_DONNEES_D_UNE_PERSONNE: &str =
    "Dossier des données d'une personne (fichiers NON chiffrés)";

/// « Choisissez le dossier (« Choisir le dossier… »), ou tapez son chemin  complet… »
pub const CHOISISSEZ_LE_DOSSIER_CHOISIR_LE_DOSSIER: &str = "Choisissez le dossier (« Choisir le dossier… »), ou tapez son chemin \
                     complet (par exemple /media/cle/acces).";

/// « Ajouter un adulte »
pub const AJOUTER_UN_ADULTE: &str = "Ajouter un adulte";

/// « Aucun adulte enregistré : commencez par la personne de référence. »
pub const AUCUN_ADULTE_ENREGISTRE_COMMENCEZ_PAR_LA: &str =
    "Aucun adulte enregistré : commencez par la personne de référence.";

/// « personne de référence »
pub const PERSONNE_DE_REFERENCE: &str = "personne de référence";

/// « Modifier »
pub const MODIFIER: &str = "Modifier";

/// « Effacer cette personne… »
pub const EFFACER_CETTE_PERSONNE: &str = "Effacer cette personne…";

/// « inscrit·e à France Travail »
pub const INSCRIT_E_A_FRANCE_TRAVAIL: &str = "inscrit·e à France Travail";

/// « permis et véhicule »
pub const PERMIS_ET_VEHICULE: &str = "permis et véhicule";

/// « permis, sans véhicule »
pub const PERMIS_SANS_VEHICULE: &str = "permis, sans véhicule";

/// « sans permis »
pub const SANS_PERMIS: &str = "sans permis";

/// « Modifier le tuteur »
pub const MODIFIER_LE_TUTEUR: &str = "Modifier le tuteur";

/// « Pas de tuteur·rice en emploi. »
pub const PAS_DE_TUTEUR_RICE_EN_EMPLOI: &str = "Pas de tuteur·rice en emploi.";

/// « Ajouter un tuteur »
pub const AJOUTER_UN_TUTEUR: &str = "Ajouter un tuteur";

/// « Prénom »
pub const PRENOM: &str = "Prénom";

/// « Nom »
pub const NOM: &str = "Nom";

/// « Date de naissance »
pub const DATE_DE_NAISSANCE: &str = "Date de naissance";

/// « Personne de référence »
pub const PERSONNE_DE_REFERENCE_2: &str = "Personne de référence";

/// « Téléphone »
pub const TELEPHONE: &str = "Téléphone";

/// « Courriel »
pub const COURRIEL: &str = "Courriel";

/// « Situation »
pub const SITUATION: &str = "Situation";

/// « France Travail »
pub const FRANCE_TRAVAIL: &str = "France Travail";

/// « inscrit·e »
pub const INSCRIT_E: &str = "inscrit·e";

/// « bénéficiaire »
pub const BENEFICIAIRE: &str = "bénéficiaire";

/// « Niveau d'études »
pub const NIVEAU_D_ETUDES: &str = "Niveau d'études";

/// « Qualifications, diplômes »
pub const QUALIFICATIONS_DIPLOMES: &str = "Qualifications, diplômes";

/// « Métiers recherchés »
pub const METIERS_RECHERCHES: &str = "Métiers recherchés";

/// « Domaines ROME »
pub const DOMAINES_ROME: &str = "Domaines ROME";

/// « Permis B »
pub const PERMIS_B: &str = "Permis B";

/// « Véhicule »
pub const VEHICULE: &str = "Véhicule";

/// « Langues parlées »
pub const LANGUES_PARLEES: &str = "Langues parlées";

/// « Disponible à partir du »
pub const DISPONIBLE_A_PARTIR_DU: &str = "Disponible à partir du";

/// « Rayon de mobilité (km) »
pub const RAYON_DE_MOBILITE_KM: &str = "Rayon de mobilité (km)";

/// « Contraintes »
pub const CONTRAINTES: &str = "Contraintes";

/// « Tuteur·rice »
pub const TUTEUR_RICE: &str = "Tuteur·rice";

/// « Adulte accompagné·e »
pub const ADULTE_ACCOMPAGNE_E: &str = "Adulte accompagné·e";

/// « Nom du tuteur ou de la tutrice »
pub const NOM_DU_TUTEUR_OU_DE_LA: &str = "Nom du tuteur ou de la tutrice";

/// « Organisation (employeur) »
pub const ORGANISATION_EMPLOYEUR: &str = "Organisation (employeur)";

/// « Tuteur depuis le »
pub const TUTEUR_DEPUIS_LE: &str = "Tuteur depuis le";

/// « Nouveau rendez-vous »
pub const NOUVEAU_RENDEZ_VOUS: &str = "Nouveau rendez-vous";

/// « Aucun rendez-vous. »
pub const AUCUN_RENDEZ_VOUS: &str = "Aucun rendez-vous.";

/// « À venir »
pub const A_VENIR: &str = "À venir";

/// « Passés »
pub const PASSES: &str = "Passés";

/// « %d/%m/%Y %H:%M »
pub const D_M_Y_H_M: &str = "%d/%m/%Y %H:%M";

/// « présence non renseignée »
pub const PRESENCE_NON_RENSEIGNEE: &str = "présence non renseignée";

/// « Date »
pub const DATE: &str = "Date";

/// « Heure (hh:mm) »
pub const HEURE_HH_MM: &str = "Heure (hh:mm)";

/// « Type »
pub const TYPE: &str = "Type";

/// « Lieu »
pub const LIEU: &str = "Lieu";

/// « Notes »
pub const NOTES: &str = "Notes";

/// « Non renseignée »
pub const NON_RENSEIGNEE: &str = "Non renseignée";

/// « Ajouter un enfant »
pub const AJOUTER_UN_ENFANT: &str = "Ajouter un enfant";

/// « Enfant »
pub const ENFANT: &str = "Enfant";

/// « Âge »
pub const AGE: &str = "Âge";

/// « Niveau »
pub const NIVEAU: &str = "Niveau";

/// « École actuelle »
pub const ECOLE_ACTUELLE: &str = "École actuelle";

/// « Inscription »
pub const INSCRIPTION: &str = "Inscription";

/// « Niveau scolaire »
pub const NIVEAU_SCOLAIRE: &str = "Niveau scolaire";

/// « École ou mode de garde actuel »
pub const ECOLE_OU_MODE_DE_GARDE_ACTUEL: &str = "École ou mode de garde actuel";

/// « École ou mode de garde à destination »
pub const ECOLE_OU_MODE_DE_GARDE_A: &str = "École ou mode de garde à destination";

/// « Inscription à destination »
pub const INSCRIPTION_A_DESTINATION: &str = "Inscription à destination";

/// « Date de l'inscription »
pub const DATE_DE_L_INSCRIPTION: &str = "Date de l'inscription";

/// « Besoin de garde »
pub const BESOIN_DE_GARDE: &str = "Besoin de garde";

/// « oui (crèche, périscolaire) »
pub const OUI_CRECHE_PERISCOLAIRE: &str = "oui (crèche, périscolaire)";

/// « Nouveau consentement »
pub const NOUVEAU_CONSENTEMENT: &str = "Nouveau consentement";

/// « Partenaire »
pub const PARTENAIRE: &str = "Partenaire";

/// « Donné le »
pub const DONNE_LE: &str = "Donné le";

/// « Portée »
pub const PORTEE: &str = "Portée";

/// « Forme du recueil »
pub const FORME_DU_RECUEIL: &str = "Forme du recueil";

/// « Validité »
pub const VALIDITE: &str = "Validité";

/// « partenaire retiré de l'annuaire »
pub const PARTENAIRE_RETIRE_DE_L_ANNUAIRE: &str = "partenaire retiré de l'annuaire";

/// « en cours »
pub const EN_COURS: &str = "en cours";

/// « expiré »
pub const EXPIRE: &str = "expiré";

/// « Partenaire (rôle) »
pub const PARTENAIRE_ROLE: &str = "Partenaire (rôle)";

/// « Partenaire désigné »
pub const PARTENAIRE_DESIGNE: &str = "Partenaire désigné";

/// « — aucun (tous ceux du rôle) »
pub const AUCUN_TOUS_CEUX_DU_ROLE: &str = "— aucun (tous ceux du rôle)";

/// « Aucun partenaire dans l'annuaire (onglet « Échanges »). »
pub const AUCUN_PARTENAIRE_DANS_L_ANNUAIRE_ONGLET: &str =
    "Aucun partenaire dans l'annuaire (onglet « Échanges »).";

/// « Expire le »
pub const EXPIRE_LE: &str = "Expire le";

/// « Retiré le »
pub const RETIRE_LE: &str = "Retiré le";

/// « Ajouter une pièce »
pub const AJOUTER_UNE_PIECE: &str = "Ajouter une pièce";

/// « Pièce »
pub const PIECE: &str = "Pièce";

/// « État »
pub const ETAT: &str = "État";

/// « Expiration »
pub const EXPIRATION: &str = "Expiration";

/// « Fichier »
pub const FICHIER: &str = "Fichier";

/// « Expiré »
pub const EXPIRE_2: &str = "Expiré";

/// « Fichier joint »
pub const FICHIER_JOINT: &str = "Fichier joint";

/// « Joindre un fichier (chemin complet, 10 Mio au plus) »
pub const JOINDRE_UN_FICHIER_CHEMIN_COMPLET_10: &str =
    "Joindre un fichier (chemin complet, 10 Mio au plus)";

/// « ou tapez le chemin du fichier »
pub const OU_TAPEZ_LE_CHEMIN_DU_FICHIER: &str = "ou tapez le chemin du fichier";

/// « Fenêtre de choix ouverte… »
pub const FENETRE_DE_CHOIX_OUVERTE: &str = "Fenêtre de choix ouverte…";

/// « Choisir un fichier… »
pub const CHOISIR_UN_FICHIER: &str = "Choisir un fichier…";

/// « Copie hors de la base »
pub const COPIE_HORS_DE_LA_BASE: &str = "Copie hors de la base";

/// « Attention : la copie enregistrée sur le disque n'est PAS chiffrée.  Toute per… »
pub const ATTENTION_LA_COPIE_ENREGISTREE_SUR_LE: &str = "Attention : la copie enregistrée sur le disque n'est PAS chiffrée. \
                     Toute personne ayant accès à cet ordinateur ou à cette clé USB pourra \
                     la lire : supprimez-la dès qu'elle n'est plus utile.";

/// « Enregistrer une copie… »
pub const ENREGISTRER_UNE_COPIE: &str = "Enregistrer une copie…";

/// « Enregistrer une copie vers (chemin complet) »
pub const ENREGISTRER_UNE_COPIE_VERS_CHEMIN_COMPLET: &str =
    "Enregistrer une copie vers (chemin complet)";

/// « Enregistrer une copie »
pub const ENREGISTRER_UNE_COPIE_2: &str = "Enregistrer une copie";

/// « Effacer définitivement ce ménage »
pub const EFFACER_DEFINITIVEMENT_CE_MENAGE: &str = "Effacer définitivement ce ménage";

/// « Effacer le ménage »
pub const EFFACER_LE_MENAGE: &str = "Effacer le ménage";

/// « Effacer définitivement cette personne »
pub const EFFACER_DEFINITIVEMENT_CETTE_PERSONNE: &str = "Effacer définitivement cette personne";

/// « Effacer la personne »
pub const EFFACER_LA_PERSONNE: &str = "Effacer la personne";

/// « Rien ne pourra être récupéré, ni dans Passerelle, ni par un paquet d'un  part… »
pub const RIEN_NE_POURRA_ETRE_RECUPERE_NI: &str = "Rien ne pourra être récupéré, ni dans Passerelle, ni par un paquet d'un \
                 partenaire ou de l'équipe. Seuls restent l'identifiant (pour que rien ne \
                 revienne) et les chiffres anonymes des rapports. Les sauvegardes déjà faites \
                 le contiennent encore. Dans une équipe, l'effacement est transmis aux \
                 autres ordinateurs à la prochaine synchronisation (sur un ordinateur où le \
                 dossier est gelé, à la levée du gel).";

/// « Fiche de liaison (PDF) pour un partenaire sans Passerelle »
pub const FICHE_DE_LIAISON_PDF_POUR_UN: &str =
    "Fiche de liaison (PDF) pour un partenaire sans Passerelle";

/// « La fiche ne montre que ce que le rôle du destinataire peut recevoir, comme un… »
pub const LA_FICHE_NE_MONTRE_QUE_CE: &str = "La fiche ne montre que ce que le rôle du destinataire peut recevoir, comme un \
         paquet : un employeur n'y voit pas les ressources du ménage, un bailleur pas ses \
         freins de santé.";

/// « — aucun (choisir le rôle) »
pub const AUCUN_CHOISIR_LE_ROLE: &str = "— aucun (choisir le rôle)";

/// « Rôle du destinataire »
pub const ROLE_DU_DESTINATAIRE: &str = "Rôle du destinataire";

/// « Attention : ce PDF n'est PAS chiffré. Enregistrez-le sur un support sûr,  tra… »
pub const ATTENTION_CE_PDF_N_EST_PAS: &str = "Attention : ce PDF n'est PAS chiffré. Enregistrez-le sur un support sûr, \
             transmettez-le par un moyen sûr et supprimez-le quand il n'est plus utile.";

/// « Abandonner les modifications »
pub const ABANDONNER_LES_MODIFICATIONS: &str = "Abandonner les modifications";

/// « Supprimer… »
pub const SUPPRIMER: &str = "Supprimer…";

/// « Oui, supprimer »
pub const OUI_SUPPRIMER: &str = "Oui, supprimer";

/// « Non, garder »
pub const NON_GARDER: &str = "Non, garder";

/// « Des modifications ne sont pas enregistrées. Échap encore une fois (ou «  Aban… »
pub const DES_MODIFICATIONS_NE_SONT_PAS_ENREGISTREES: &str = "Des modifications ne sont pas enregistrées. Échap encore une fois (ou « \
                     Abandonner ») les efface ; « Enregistrer » les garde.";

/// « Gel du dossier »
pub const GEL_DU_DOSSIER: &str = "Gel du dossier";

/// « Geler le dossier »
pub const GELER_LE_DOSSIER: &str = "Geler le dossier";

/// « Un dossier gelé ne peut plus être modifié, envoyé à un partenaire, exporté ni… »
pub const UN_DOSSIER_GELE_NE_PEUT_PLUS: &str = "Un dossier gelé ne peut plus être modifié, envoyé à un partenaire, exporté ni \
             proposé à un rapprochement, jusqu'à ce qu'il soit dégelé. Le gel et le dégel \
             sont inscrits au journal d'accès.";

/// « Motif du gel (demande de limitation, contestation en cours…) »
pub const MOTIF_DU_GEL_DEMANDE_DE_LIMITATION: &str =
    "Motif du gel (demande de limitation, contestation en cours…)";

/// « Indiquez le motif du gel. »
pub const INDIQUEZ_LE_MOTIF_DU_GEL: &str = "Indiquez le motif du gel.";

/// « Nouvelle note »
pub const NOUVELLE_NOTE: &str = "Nouvelle note";

/// « Une note enregistrée ne se modifie plus : pour rectifier, ajoutez une correct… »
pub const UNE_NOTE_ENREGISTREE_NE_SE_MODIFIE: &str = "Une note enregistrée ne se modifie plus : pour rectifier, ajoutez une correction \
             qui la cite.";

/// « Le journal est vide. »
pub const LE_JOURNAL_EST_VIDE: &str = "Le journal est vide.";

/// « auteur inconnu »
pub const AUTEUR_INCONNU: &str = "auteur inconnu";

/// « corrigée plus tard »
pub const CORRIGEE_PLUS_TARD: &str = "corrigée plus tard";

/// « Corriger »
pub const CORRIGER: &str = "Corriger";

/// « Note corrigée »
pub const NOTE_CORRIGEE: &str = "Note corrigée";

/// « Auteur·rice »
pub const AUTEUR_RICE: &str = "Auteur·rice";

/// « Texte de la note (Ctrl+Entrée enregistre) »
pub const TEXTE_DE_LA_NOTE_CTRL_ENTREE: &str = "Texte de la note (Ctrl+Entrée enregistre)";

/// « Modifier le ménage »
pub const MODIFIER_LE_MENAGE: &str = "Modifier le ménage";

/// « Effacer définitivement ce ménage… »
pub const EFFACER_DEFINITIVEMENT_CE_MENAGE_2: &str = "Effacer définitivement ce ménage…";

/// « Composition »
pub const COMPOSITION: &str = "Composition";

/// « Scolarité »
pub const SCOLARITE: &str = "Scolarité";

/// « Logement actuel »
pub const LOGEMENT_ACTUEL: &str = "Logement actuel";

/// « Commune »
pub const COMMUNE: &str = "Commune";

/// « Demande de logement »
pub const DEMANDE_DE_LOGEMENT: &str = "Demande de logement";

/// « typologie non renseignée »
pub const TYPOLOGIE_NON_RENSEIGNEE: &str = "typologie non renseignée";

/// « Numéro unique »
pub const NUMERO_UNIQUE: &str = "Numéro unique";

/// « Communes souhaitées »
pub const COMMUNES_SOUHAITEES: &str = "Communes souhaitées";

/// « Ressources mensuelles »
pub const RESSOURCES_MENSUELLES: &str = "Ressources mensuelles";

/// « Freins »
pub const FREINS: &str = "Freins";

/// « Référent·e »
pub const REFERENT_E: &str = "Référent·e";

/// « Origine / prescripteur »
pub const ORIGINE_PRESCRIPTEUR: &str = "Origine / prescripteur";

/// « Nom du ménage »
pub const NOM_DU_MENAGE: &str = "Nom du ménage";

/// « Commune actuelle »
pub const COMMUNE_ACTUELLE: &str = "Commune actuelle";

/// « Situation de logement »
pub const SITUATION_DE_LOGEMENT: &str = "Situation de logement";

/// « Typologie souhaitée »
pub const TYPOLOGIE_SOUHAITEE: &str = "Typologie souhaitée";

/// « Date du numéro unique »
pub const DATE_DU_NUMERO_UNIQUE: &str = "Date du numéro unique";

/// « Communes souhaitées (séparées par des virgules) »
pub const COMMUNES_SOUHAITEES_SEPAREES_PAR_DES_VIRGULES: &str =
    "Communes souhaitées (séparées par des virgules)";

/// « Loyer maximal charges comprises (€/mois) »
pub const LOYER_MAXIMAL_CHARGES_COMPRISES_MOIS: &str = "Loyer maximal charges comprises (€/mois)";

/// « Ressources mensuelles (€) »
pub const RESSOURCES_MENSUELLES_2: &str = "Ressources mensuelles (€)";

/// « Montant »
pub const MONTANT: &str = "Montant";

/// « Retirer »
pub const RETIRER: &str = "Retirer";

/// « Ajouter une ressource »
pub const AJOUTER_UNE_RESSOURCE: &str = "Ajouter une ressource";

/// « Référent·e du ménage »
pub const REFERENT_E_DU_MENAGE: &str = "Référent·e du ménage";

/// « Numéro CAF »
pub const NUMERO_CAF: &str = "Numéro CAF";

/// « Retour à la liste »
pub const RETOUR_A_LA_LISTE: &str = "Retour à la liste";

/// « Nouveau ménage »
pub const NOUVEAU_MENAGE: &str = "Nouveau ménage";

/// « Envoyer à un partenaire… »
pub const ENVOYER_A_UN_PARTENAIRE: &str = "Envoyer à un partenaire…";

/// « Fiche de liaison (PDF)… »
pub const FICHE_DE_LIAISON_PDF: &str = "Fiche de liaison (PDF)…";

/// « Dégeler le dossier »
pub const DEGELER_LE_DOSSIER: &str = "Dégeler le dossier";

/// « Geler le dossier… »
pub const GELER_LE_DOSSIER_2: &str = "Geler le dossier…";

/// « Modification, envoi, export et rapprochement sont bloqués jusqu'au dégel. »
pub const MODIFICATION_ENVOI_EXPORT_ET_RAPPROCHEMENT_SONT: &str =
    "Modification, envoi, export et rapprochement sont bloqués jusqu'au dégel.";

/// « commune non renseignée »
pub const COMMUNE_NON_RENSEIGNEE: &str = "commune non renseignée";

/// « Écriture de la fiche de liaison… »
pub const ECRITURE_DE_LA_FICHE_DE_LIAISON: &str = "Écriture de la fiche de liaison…";

/// « Enregistrez d'abord le ménage (onglet « Ménage »). »
pub const ENREGISTREZ_D_ABORD_LE_MENAGE_ONGLET: &str =
    "Enregistrez d'abord le ménage (onglet « Ménage »).";

/// « Une autre saisie est en cours : enregistrez-la ou annulez-la d'abord. »
pub const UNE_AUTRE_SAISIE_EST_EN_COURS: &str =
    "Une autre saisie est en cours : enregistrez-la ou annulez-la d'abord.";

/// « Aucun parcours ouvert pour ce ménage. »
pub const AUCUN_PARCOURS_OUVERT_POUR_CE_MENAGE: &str = "Aucun parcours ouvert pour ce ménage.";

/// « étape inconnue »
pub const ETAPE_INCONNUE: &str = "étape inconnue";

/// « Dispositif »
pub const DISPOSITIF: &str = "Dispositif";

/// « Positionnements »
pub const POSITIONNEMENTS: &str = "Positionnements";

/// « Aucun positionnement sur une offre ou un logement. »
pub const AUCUN_POSITIONNEMENT_SUR_UNE_OFFRE_OU: &str =
    "Aucun positionnement sur une offre ou un logement.";

/// « offre ou logement supprimé »
pub const OFFRE_OU_LOGEMENT_SUPPRIME: &str = "offre ou logement supprimé";

/// « Suivi dans l'emploi »
pub const SUIVI_DANS_L_EMPLOI: &str = "Suivi dans l'emploi";

/// « Ajouter un point de suivi dans l'emploi »
pub const AJOUTER_UN_POINT_DE_SUIVI_DANS: &str = "Ajouter un point de suivi dans l'emploi";

/// « Enregistrez d'abord un adulte (onglet « Adultes »). »
pub const ENREGISTREZ_D_ABORD_UN_ADULTE_ONGLET: &str =
    "Enregistrez d'abord un adulte (onglet « Adultes »).";

/// « à faire »
pub const A_FAIRE: &str = "à faire";

/// « Adulte »
pub const ADULTE: &str = "Adulte";

/// « Choisir… »
pub const CHOISIR: &str = "Choisir…";

/// « Point de suivi »
pub const POINT_DE_SUIVI: &str = "Point de suivi";

/// « 1 mois »
pub const T_1_MOIS: &str = "1 mois";

/// « 3 mois »
pub const T_3_MOIS: &str = "3 mois";

/// « 6 mois »
pub const T_6_MOIS: &str = "6 mois";

/// « 12 mois »
pub const T_12_MOIS: &str = "12 mois";

/// « Date d'embauche »
pub const DATE_D_EMBAUCHE: &str = "Date d'embauche";

/// « Date du point de suivi »
pub const DATE_DU_POINT_DE_SUIVI: &str = "Date du point de suivi";

/// « Offre d'emploi »
pub const OFFRE_D_EMPLOI: &str = "Offre d'emploi";

/// « — non précisée »
pub const NON_PRECISEE: &str = "— non précisée";

/// « En poste »
pub const EN_POSTE: &str = "En poste";

/// « Toujours en poste »
pub const TOUJOURS_EN_POSTE: &str = "Toujours en poste";

/// « Contrat »
pub const CONTRAT: &str = "Contrat";

/// « Commentaire »
pub const COMMENTAIRE: &str = "Commentaire";

/// « modifié depuis votre dernière visite »
pub const MODIFIE_DEPUIS_VOTRE_DERNIERE_VISITE: &str = "modifié depuis votre dernière visite";

/// « consentement manquant »
pub const CONSENTEMENT_MANQUANT: &str = "consentement manquant";

/// « inscription à faire »
pub const INSCRIPTION_A_FAIRE: &str = "inscription à faire";

/// « inscriptions à faire »
pub const INSCRIPTIONS_A_FAIRE: &str = "inscriptions à faire";

/// « pièce à fournir »
pub const PIECE_A_FOURNIR: &str = "pièce à fournir";

/// « pièces à fournir »
pub const PIECES_A_FOURNIR: &str = "pièces à fournir";

/// « sorti du dispositif »
pub const SORTI_DU_DISPOSITIF: &str = "sorti du dispositif";

/// « Ménages »
pub const MENAGES: &str = "Ménages";

/// « Rechercher (Ctrl+F) »
pub const RECHERCHER_CTRL_F: &str = "Rechercher (Ctrl+F)";

/// « Exporter la liste… »
pub const EXPORTER_LA_LISTE: &str = "Exporter la liste…";

/// « Importer un tableur… »
pub const IMPORTER_UN_TABLEUR: &str = "Importer un tableur…";

/// « Filtrer »
pub const FILTRER: &str = "Filtrer";

/// « nom, commune, référent·e »
pub const NOM_COMMUNE_REFERENT_E: &str = "nom, commune, référent·e";

/// « À traiter seulement »
pub const A_TRAITER_SEULEMENT: &str = "À traiter seulement";

/// « Afficher les sortis »
pub const AFFICHER_LES_SORTIS: &str = "Afficher les sortis";

/// « Aucun ménage pour le moment. « Nouveau ménage » ouvre la fiche à remplir pend… »
pub const AUCUN_MENAGE_POUR_LE_MOMENT_NOUVEAU: &str = "Aucun ménage pour le moment. « Nouveau ménage » ouvre la fiche à remplir pendant \
             l'entretien ; « Importer un tableur… » reprend une liste de suivi existante ; \
             les dossiers reçus d'un partenaire apparaîtront aussi ici.";

/// « Aucun ménage ne correspond à ces filtres. »
pub const AUCUN_MENAGE_NE_CORRESPOND_A_CES: &str = "Aucun ménage ne correspond à ces filtres.";

/// « Étape »
pub const ETAPE: &str = "Étape";

/// « Dernier contact »
pub const DERNIER_CONTACT: &str = "Dernier contact";

/// «  (A-Z) »
pub const A_Z: &str = " (A-Z)";

/// «  (Z-A) »
pub const Z_A: &str = " (Z-A)";

/// « À traiter »
pub const A_TRAITER: &str = "À traiter";

/// « Rechercher un ménage, une personne, une commune, un métier »
pub const RECHERCHER_UN_MENAGE_UNE_PERSONNE_UNE: &str =
    "Rechercher un ménage, une personne, une commune, un métier";

/// « Rechercher »
pub const RECHERCHER: &str = "Rechercher";

/// « ex. : helene, aurillac, maçon »
pub const EX_HELENE_AURILLAC_MACON: &str = "ex. : helene, aurillac, maçon";

/// « Tapez un nom, une commune ou un métier : les accents et les majuscules  ne co… »
pub const TAPEZ_UN_NOM_UNE_COMMUNE_OU: &str = "Tapez un nom, une commune ou un métier : les accents et les majuscules \
                     ne comptent pas. Entrée ouvre la fiche choisie, Échap ferme.";

/// « Fermer (Échap) »
pub const FERMER_ECHAP: &str = "Fermer (Échap)";

/// « Enfants »
pub const ENFANTS: &str = "Enfants";

/// « Employeurs »
pub const EMPLOYEURS: &str = "Employeurs";

/// « Offres d'emploi »
pub const OFFRES_D_EMPLOI: &str = "Offres d'emploi";

/// « Bailleurs »
pub const BAILLEURS: &str = "Bailleurs";

/// « Logements »
pub const LOGEMENTS: &str = "Logements";

/// « Fichier joint, chiffré dans la base. »
pub const FICHIER_JOINT_CHIFFRE_DANS_LA_BASE: &str = "Fichier joint, chiffré dans la base.";

/// « Dossier gelé : il ne peut plus être modifié, envoyé ni rapproché  jusqu'au dé… »
pub const DOSSIER_GELE_IL_NE_PEUT_PLUS: &str = "Dossier gelé : il ne peut plus être modifié, envoyé ni rapproché \
                     jusqu'au dégel.";

/// « Dossier dégelé : il peut de nouveau être modifié. »
pub const DOSSIER_DEGELE_IL_PEUT_DE_NOUVEAU: &str =
    "Dossier dégelé : il peut de nouveau être modifié.";

/// « foyer ouvert »
pub const FOYER_OUVERT: &str = "foyer ouvert";

/// « Ménage enregistré. »
pub const MENAGE_ENREGISTRE: &str = "Ménage enregistré.";

/// « Adulte enregistré. »
pub const ADULTE_ENREGISTRE: &str = "Adulte enregistré.";

/// « Enfant enregistré. »
pub const ENFANT_ENREGISTRE: &str = "Enfant enregistré.";

/// « Note ajoutée au journal. »
pub const NOTE_AJOUTEE_AU_JOURNAL: &str = "Note ajoutée au journal.";

/// « Rendez-vous enregistré. »
pub const RENDEZ_VOUS_ENREGISTRE: &str = "Rendez-vous enregistré.";

/// « Pièce enregistrée, fichier joint et chiffré. »
pub const PIECE_ENREGISTREE_FICHIER_JOINT_ET_CHIFFRE: &str =
    "Pièce enregistrée, fichier joint et chiffré.";

/// « Pièce enregistrée. »
pub const PIECE_ENREGISTREE: &str = "Pièce enregistrée.";

/// « Consentement enregistré. »
pub const CONSENTEMENT_ENREGISTRE: &str = "Consentement enregistré.";

/// « Point de suivi dans l'emploi enregistré. »
pub const POINT_DE_SUIVI_DANS_L_EMPLOI: &str = "Point de suivi dans l'emploi enregistré.";

/// « Tuteur ou tutrice enregistré·e. »
pub const TUTEUR_OU_TUTRICE_ENREGISTRE_E: &str = "Tuteur ou tutrice enregistré·e.";

/// « Où enregistrer la fiche ? (clé USB, dossier à envoyer…) »
pub const OU_ENREGISTRER_LA_FICHE_CLE_USB: &str =
    "Où enregistrer la fiche ? (clé USB, dossier à envoyer…)";

/// « notre structure »
pub const NOTRE_STRUCTURE: &str = "notre structure";

/// « La fiche n'a pas pu être préparée (le système refuse un nouveau fil de  trava… »
pub const LA_FICHE_N_A_PAS_PU: &str = "La fiche n'a pas pu être préparée (le système refuse un nouveau fil de \
                 travail) : réessayez.";

/// « fiche de liaison »
pub const FICHE_DE_LIAISON: &str = "fiche de liaison";

/// « La liste des ménages n'a pas pu être lue. Cliquez sur « Ménages » pour réessa… »
pub const LA_LISTE_DES_MENAGES_N_A: &str = "La liste des ménages n'a pas pu être lue. Cliquez sur « Ménages » pour réessayer ; \
         si cela se reproduit, redémarrez Passerelle.";

/// « Votre saisie en cours a été retrouvée après le verrouillage : vérifiez-la  pu… »
pub const VOTRE_SAISIE_EN_COURS_A_ETE: &str = "Votre saisie en cours a été retrouvée après le verrouillage : vérifiez-la \
             puis enregistrez.";

/// « Ménage créé dans Passerelle »
pub const MENAGE_CREE_DANS_PASSERELLE: &str = "Ménage créé dans Passerelle";

/// « Si aucune fenêtre ne s'est ouverte, tapez le chemin complet dans le  champ pr… »
pub const SI_AUCUNE_FENETRE_NE_S_EST: &str = "Si aucune fenêtre ne s'est ouverte, tapez le chemin complet dans le \
                   champ prévu.";

/// « Choisir le fichier à joindre (10 Mio au plus) »
pub const CHOISIR_LE_FICHIER_A_JOINDRE_10: &str = "Choisir le fichier à joindre (10 Mio au plus)";

/// « Tapez le chemin complet de la copie, dossier compris (par exemple  /home/vous… »
pub const TAPEZ_LE_CHEMIN_COMPLET_DE_LA: &str = "Tapez le chemin complet de la copie, dossier compris (par exemple \
                 /home/vous/Documents/piece.pdf).";

/// « Enregistrer une copie NON chiffrée de la pièce »
pub const ENREGISTRER_UNE_COPIE_NON_CHIFFREE_DE: &str =
    "Enregistrer une copie NON chiffrée de la pièce";

/// « La fenêtre de choix de fichier n'a pas pu s'ouvrir : tapez le chemin  complet… »
pub const LA_FENETRE_DE_CHOIX_DE_FICHIER: &str = "La fenêtre de choix de fichier n'a pas pu s'ouvrir : tapez le chemin \
             complet du fichier dans le champ.";

/// « Fichier choisi : enregistrez la pièce pour le joindre (il sera  chiffré dans … »
pub const FICHIER_CHOISI_ENREGISTREZ_LA_PIECE_POUR: &str = "Fichier choisi : enregistrez la pièce pour le joindre (il sera \
                         chiffré dans la base).";

/// « Le formulaire de la pièce a été fermé : rien n'a été joint. »
pub const LE_FORMULAIRE_DE_LA_PIECE_A: &str =
    "Le formulaire de la pièce a été fermé : rien n'a été joint.";

/// « Données de {form} »
pub fn donnees_de_form(form: impl std::fmt::Display) -> String {
    format!("Données de {form}")
}

/// « né·e le {valeur} ({today}) »
pub fn ne_e_le_valeur_today(
    valeur: impl std::fmt::Display,
    today: impl std::fmt::Display,
) -> String {
    format!("né·e le {valeur} ({today})")
}

/// « Données de {display_name}… »
pub fn donnees_de_display_name(display_name: impl std::fmt::Display) -> String {
    format!("Données de {display_name}…")
}

/// « mobilité {mobility_radius_km} km »
pub fn mobilite_mobility_radius_km_km(mobility_radius_km: impl std::fmt::Display) -> String {
    format!("mobilité {mobility_radius_km} km")
}

/// « disponible le {valeur} »
pub fn disponible_le_valeur(valeur: impl std::fmt::Display) -> String {
    format!("disponible le {valeur}")
}

/// « Métiers : {trades}{domains} »
pub fn metiers_trades_domains(
    trades: impl std::fmt::Display,
    domains: impl std::fmt::Display,
) -> String {
    format!("Métiers : {trades}{domains}")
}

/// « Langues : {languages} »
pub fn langues_languages(languages: impl std::fmt::Display) -> String {
    format!("Langues : {languages}")
}

/// « Contraintes : {constraints} »
pub fn contraintes_constraints(constraints: impl std::fmt::Display) -> String {
    format!("Contraintes : {constraints}")
}

/// « Tuteur·rice : {valeur} »
pub fn tuteur_rice_valeur(valeur: impl std::fmt::Display) -> String {
    format!("Tuteur·rice : {valeur}")
}

/// «  · depuis le {since} »
pub fn depuis_le_since(since: impl std::fmt::Display) -> String {
    format!(" · depuis le {since}")
}

/// « Présence : {name} »
pub fn presence_name(name: impl std::fmt::Display) -> String {
    format!("Présence : {name}")
}

/// « Données de {valeur}… »
pub fn donnees_de_valeur(valeur: impl std::fmt::Display) -> String {
    format!("Données de {valeur}…")
}

/// « Attention : {w} »
pub fn attention_w(w: impl std::fmt::Display) -> String {
    format!("Attention : {w}")
}

/// « jusqu'au {valeur} »
pub fn jusqu_au_valeur(valeur: impl std::fmt::Display) -> String {
    format!("jusqu'au {valeur}")
}

/// « retiré le {valeur} »
pub fn retire_le_valeur(valeur: impl std::fmt::Display) -> String {
    format!("retiré le {valeur}")
}

/// « Pas encore dans la liste : {missing}. »
pub fn pas_encore_dans_la_liste_missing(missing: impl std::fmt::Display) -> String {
    format!("Pas encore dans la liste : {missing}.")
}

/// « {file_name} ({div_ceil} Kio, chiffré) »
pub fn file_name_div_ceil_kio_chiffre(
    file_name: impl std::fmt::Display,
    div_ceil: impl std::fmt::Display,
) -> String {
    format!("{file_name} ({div_ceil} Kio, chiffré)")
}

/// « {file_name} ({div_ceil} Kio, chiffré dans la base) »
pub fn file_name_div_ceil_kio_chiffre_dans_la(
    file_name: impl std::fmt::Display,
    div_ceil: impl std::fmt::Display,
) -> String {
    format!("{file_name} ({div_ceil} Kio, chiffré dans la base)")
}

/// « ex. /home/vous/Documents/{file_name} »
pub fn ex_home_vous_documents_file_name(file_name: impl std::fmt::Display) -> String {
    format!("ex. /home/vous/Documents/{file_name}")
}

/// « Tout le dossier « {form} » sera effacé pour de bon : {adultes}, {enfants}, le… »
pub fn tout_le_dossier_form_sera_efface_pour_de(
    form: impl std::fmt::Display,
    adultes: impl std::fmt::Display,
    enfants: impl std::fmt::Display,
) -> String {
    format!(
        "Tout le dossier « {form} » sera effacé pour de bon : {adultes}, {enfants}, leur parcours, \
                 rendez-vous, notes, pièces jointes, consentements et propositions."
    )
}

/// « Tout ce qui concerne {form} sera effacé pour de bon : son identité, sa  situa… »
pub fn tout_ce_qui_concerne_form_sera_efface(form: impl std::fmt::Display) -> String {
    format!(
        "Tout ce qui concerne {form} sera effacé pour de bon : son identité, sa \
                 situation, son suivi, ses pièces jointes. Le ménage et ses autres membres \
                 restent."
    )
}

/// « {badge} : l'effacement sera refusé tant que le dossier est gelé. »
pub fn badge_l_effacement_sera_refuse_tant_que(badge: impl std::fmt::Display) -> String {
    format!("{badge} : l'effacement sera refusé tant que le dossier est gelé.")
}

/// « Pour confirmer, tapez « {expected} » »
pub fn pour_confirmer_tapez_expected(expected: impl std::fmt::Display) -> String {
    format!("Pour confirmer, tapez « {expected} »")
}

/// « Rien n'a été effacé : tapez exactement « {expected} » pour confirmer. »
pub fn rien_n_a_ete_efface_tapez_exactement(expected: impl std::fmt::Display) -> String {
    format!("Rien n'a été effacé : tapez exactement « {expected} » pour confirmer.")
}

/// « {role} (celui de la carte épinglée) »
pub fn role_celui_de_la_carte_epinglee(role: impl std::fmt::Display) -> String {
    format!("{role} (celui de la carte épinglée)")
}

/// « Supprimer {what_fr} ? C'est définitif : la fiche disparaît de Passerelle,  et… »
pub fn supprimer_what_fr_c_est_definitif_la(what_fr: impl std::fmt::Display) -> String {
    format!(
        "Supprimer {what_fr} ? C'est définitif : la fiche disparaît de Passerelle, \
                         et des partenaires à qui elle a été ou sera transmise."
    )
}

/// « Correction de la note du {offset} »
pub fn correction_de_la_note_du_offset(offset: impl std::fmt::Display) -> String {
    format!("Correction de la note du {offset}")
}

/// « , loyer max. {valeur} »
pub fn loyer_max_valeur(valeur: impl std::fmt::Display) -> String {
    format!(", loyer max. {valeur}")
}

/// « {n} (du {valeur}) »
pub fn n_du_valeur(n: impl std::fmt::Display, valeur: impl std::fmt::Display) -> String {
    format!("{n} (du {valeur})")
}

/// « {resources} — total {monthly_resources_cents} »
pub fn resources_total_monthly_resources_cents(
    resources: impl std::fmt::Display,
    monthly_resources_cents: impl std::fmt::Display,
) -> String {
    format!("{resources} — total {monthly_resources_cents}")
}

/// « Total : {total} par mois »
pub fn total_total_par_mois(total: impl std::fmt::Display) -> String {
    format!("Total : {total} par mois")
}

/// « Étape actuelle : {stage_id} (depuis {today} jours) »
pub fn etape_actuelle_stage_id_depuis_today(
    stage_id: impl std::fmt::Display,
    today: impl std::fmt::Display,
) -> String {
    format!("Étape actuelle : {stage_id} (depuis {today} jours)")
}

/// « Ouvert le {opened_on} · {exit} · référent·e {referent} »
pub fn ouvert_le_opened_on_exit_referent_e(
    opened_on: impl std::fmt::Display,
    exit: impl std::fmt::Display,
    referent: impl std::fmt::Display,
) -> String {
    format!("Ouvert le {opened_on} · {exit} · référent·e {referent}")
}

/// « par {by} »
pub fn par_by(by: impl std::fmt::Display) -> String {
    format!("par {by}")
}

/// « Pas encore de point de suivi : après une embauche, notez ici les points à {va… »
pub fn pas_encore_de_point_de_suivi_apres_une(valeur: impl std::fmt::Display) -> String {
    format!(
        "Pas encore de point de suivi : après une embauche, notez ici les points à {valeur} mois."
    )
}

/// « fait le {valeur} : {poste}, {contract} »
pub fn fait_le_valeur_poste_contract(
    valeur: impl std::fmt::Display,
    poste: impl std::fmt::Display,
    contract: impl std::fmt::Display,
) -> String {
    format!("fait le {valeur} : {poste}, {contract}")
}

/// « {who} · embauche le {hired_on}{job} · point à {checkpoint_months} mois : {state} »
pub fn who_embauche_le_hired_on_job_point_a(
    who: impl std::fmt::Display,
    hired_on: impl std::fmt::Display,
    job: impl std::fmt::Display,
    checkpoint_months: impl std::fmt::Display,
    state: impl std::fmt::Display,
) -> String {
    format!("{who} · embauche le {hired_on}{job} · point à {checkpoint_months} mois : {state}")
}

/// « {affich} sur {total}. Cliquez sur un en-tête pour trier, sur une ligne pour o… »
pub fn affich_sur_total_cliquez_sur_un_en_tete(
    affich: impl std::fmt::Display,
    total: impl std::fmt::Display,
) -> String {
    format!("{affich} sur {total}. Cliquez sur un en-tête pour trier, sur une ligne pour ouvrir.")
}

/// « Aucun résultat pour « {query} ». »
pub fn aucun_resultat_pour_query(query: impl std::fmt::Display) -> String {
    format!("Aucun résultat pour « {query} ».")
}

/// « Données écrites : {pdf} et {json}. Ces fichiers ne sont PAS chiffrés :  remet… »
pub fn donnees_ecrites_pdf_et_json_ces_fichiers(
    pdf: impl std::fmt::Display,
    json: impl std::fmt::Display,
) -> String {
    format!(
        "Données écrites : {pdf} et {json}. Ces fichiers ne sont PAS chiffrés : \
                         remettez-les puis supprimez-les."
    )
}

/// « Rien n'a été écrit : {e} »
pub fn rien_n_a_ete_ecrit_e(e: impl std::fmt::Display) -> String {
    format!("Rien n'a été écrit : {e}")
}

/// « Ménage effacé pour de bon ({fiches}, {jointes}). »
pub fn menage_efface_pour_de_bon_fiches_jointes(
    fiches: impl std::fmt::Display,
    jointes: impl std::fmt::Display,
) -> String {
    format!("Ménage effacé pour de bon ({fiches}, {jointes}).")
}

/// « Personne effacée pour de bon ({fiches}, {jointes}). »
pub fn personne_effacee_pour_de_bon_fiches(
    fiches: impl std::fmt::Display,
    jointes: impl std::fmt::Display,
) -> String {
    format!("Personne effacée pour de bon ({fiches}, {jointes}).")
}

/// « Ce ménage n'a pas pu être ouvert. {e} »
pub fn ce_menage_n_a_pas_pu_etre_ouvert(e: impl std::fmt::Display) -> String {
    format!("Ce ménage n'a pas pu être ouvert. {e}")
}

/// « le fichier n'a pas pu être lu ({e}). Vérifiez le chemin. Fichier : {name} »
pub fn le_fichier_n_a_pas_pu_etre_lu(
    e: impl std::fmt::Display,
    name: impl std::fmt::Display,
) -> String {
    format!("le fichier n'a pas pu être lu ({e}). Vérifiez le chemin. Fichier : {name}")
}

/// « La fiche n'a pas été écrite : {organisation} a été révoqué le {at}. »
pub fn la_fiche_n_a_pas_ete_ecrite_organisation(
    organisation: impl std::fmt::Display,
    at: impl std::fmt::Display,
) -> String {
    format!("La fiche n'a pas été écrite : {organisation} a été révoqué le {at}.")
}

/// « La fiche n'a pas été écrite : le ménage n'a pas de consentement en cours  pou… »
pub fn la_fiche_n_a_pas_ete_ecrite_le(role: impl std::fmt::Display) -> String {
    format!(
        "La fiche n'a pas été écrite : le ménage n'a pas de consentement en cours \
             pour {role}. Enregistrez le consentement (date et forme) dans l'onglet \
             « Consentements », puis recommencez."
    )
}

/// « ménage {id} : PDF écrit hors de la base ; rôle {role} ; destinataire {pingl} »
pub fn menage_id_pdf_ecrit_hors_de_la_base(
    id: impl std::fmt::Display,
    role: impl std::fmt::Display,
    pingl: impl std::fmt::Display,
) -> String {
    format!("ménage {id} : PDF écrit hors de la base ; rôle {role} ; destinataire {pingl}")
}

/// « Fiche de liaison enregistrée : {path}. Attention : ce PDF n'est PAS chiffré ;… »
pub fn fiche_de_liaison_enregistree_path(path: impl std::fmt::Display) -> String {
    format!(
        "Fiche de liaison enregistrée : {path}. Attention : ce PDF n'est PAS chiffré ; \
             supprimez-le dès qu'il n'est plus utile."
    )
}

/// « La fiche n'a pas été enregistrée : {e} »
pub fn la_fiche_n_a_pas_ete_enregistree_e(e: impl std::fmt::Display) -> String {
    format!("La fiche n'a pas été enregistrée : {e}")
}

/// « Rien n'a été supprimé. {e} »
pub fn rien_n_a_ete_supprime_e(e: impl std::fmt::Display) -> String {
    format!("Rien n'a été supprimé. {e}")
}

/// « La liste n'a pas pu être chargée. {e} »
pub fn la_liste_n_a_pas_pu_etre_chargee(e: impl std::fmt::Display) -> String {
    format!("La liste n'a pas pu être chargée. {e}")
}

/// « La recherche a échoué. {e} »
pub fn la_recherche_a_echoue_e(e: impl std::fmt::Display) -> String {
    format!("La recherche a échoué. {e}")
}

/// « Aucun fichier choisi. {nothing} »
pub fn aucun_fichier_choisi_nothing(nothing: impl std::fmt::Display) -> String {
    format!("Aucun fichier choisi. {nothing}")
}

/// « Aucun emplacement choisi : aucune copie enregistrée. {nothing} »
pub fn aucun_emplacement_choisi_aucune_copie(nothing: impl std::fmt::Display) -> String {
    format!("Aucun emplacement choisi : aucune copie enregistrée. {nothing}")
}

/// « Copie enregistrée : {path}. Attention : cette copie n'est PAS chiffrée ;  sup… »
pub fn copie_enregistree_path_attention_cette(path: impl std::fmt::Display) -> String {
    format!(
        "Copie enregistrée : {path}. Attention : cette copie n'est PAS chiffrée ; \
             supprimez-la dès qu'elle n'est plus utile."
    )
}

/// « La copie n'a pas été enregistrée. {e} »
pub fn la_copie_n_a_pas_ete_enregistree_e(e: impl std::fmt::Display) -> String {
    format!("La copie n'a pas été enregistrée. {e}")
}

/// « toujours en poste »
pub const TOUJOURS_EN_POSTE_2: &str = "toujours en poste";

/// « plus en poste »
pub const PLUS_EN_POSTE: &str = "plus en poste";

/// « ménage affiché »
pub const MENAGE_AFFICHE: &str = "ménage affiché";

/// « ménages affichés »
pub const MENAGES_AFFICHES: &str = "ménages affichés";

/// « pièce jointe »
pub const PIECE_JOINTE: &str = "pièce jointe";

/// « pièces jointes »
pub const PIECES_JOINTES: &str = "pièces jointes";

/// « sans partenaire épinglé »
pub const SANS_PARTENAIRE_EPINGLE: &str = "sans partenaire épinglé";

/// «  (domaines : {domains}) »
pub fn domaines_domains(domains: impl std::fmt::Display) -> String {
    format!(" (domaines : {domains})")
}

/// « le rôle « {role} » »
pub fn le_role_role(role: impl std::fmt::Display) -> String {
    format!("le rôle « {role} »")
}
