//! Every text this section shows or says, in one place (issue 12): an English interface
//! later is another catalogue of the same names, not a rewrite of the screens. Constants
//! for fixed texts, functions for texts with values in them; the names follow the French
//! text they hold.

/// « Relire le dossier toutes les »
pub const RELIRE_LE_DOSSIER_TOUTES_LES: &str = "Relire le dossier toutes les";

/// « A comme Anatole · B comme Berthe · C comme Célestin · D comme Désiré ·  E com… »
pub const A_COMME_ANATOLE_B_COMME_BERTHE: &str = "A comme Anatole · B comme Berthe · C comme Célestin · D comme Désiré · \
                        E comme Eugène · F comme François";

/// « Cette base ne fait partie d'aucune équipe. Pour partager le suivi avec vos co… »
pub const CETTE_BASE_NE_FAIT_PARTIE_D: &str = "Cette base ne fait partie d'aucune équipe. Pour partager le suivi avec vos collègues, \
         choisissez le dossier que votre équipe synchronise déjà (Syncthing, Nextcloud, \
         partage réseau) : la coordination y crée l'équipe, chaque collègue la rejoint.";

/// « Dossier partagé de l'équipe »
pub const DOSSIER_PARTAGE_DE_L_EQUIPE: &str = "Dossier partagé de l'équipe";

/// « Choisir le dossier… »
pub const CHOISIR_LE_DOSSIER: &str = "Choisir le dossier…";

/// « Créer l'équipe »
pub const CREER_L_EQUIPE: &str = "Créer l'équipe";

/// « Rejoindre une équipe »
pub const REJOINDRE_UNE_EQUIPE: &str = "Rejoindre une équipe";

/// « Créer : ce poste devient la coordination et admet les collègues. Rejoindre : … »
pub const CREER_CE_POSTE_DEVIENT_LA_COORDINATION: &str = "Créer : ce poste devient la coordination et admet les collègues. Rejoindre : ce \
             poste dépose sa carte dans le dossier et attend que la coordination l'admette.";

/// « Lisez cette empreinte au téléphone à la personne qui coordonne l'équipe ; ell… »
pub const LISEZ_CETTE_EMPREINTE_AU_TELEPHONE_A: &str = "Lisez cette empreinte au téléphone à la personne qui coordonne l'équipe ; elle \
             vous admettra si elle lit la même sur sa carte :";

/// « Synchroniser maintenant »
pub const SYNCHRONISER_MAINTENANT: &str = "Synchroniser maintenant";

/// « Relire le dossier »
pub const RELIRE_LE_DOSSIER: &str = "Relire le dossier";

/// « En attente d'admission »
pub const EN_ATTENTE_D_ADMISSION: &str = "En attente d'admission";

/// « Aucune carte en attente. Un·e collègue qui rejoint l'équipe dépose sa carte  … »
pub const AUCUNE_CARTE_EN_ATTENTE_UN_E: &str = "Aucune carte en attente. Un·e collègue qui rejoint l'équipe dépose sa carte \
                 dans le dossier ; elle apparaît ici après la synchronisation du dossier.";

/// « Admettre… »
pub const ADMETTRE: &str = "Admettre…";

/// « Membres »
pub const MEMBRES: &str = "Membres";

/// « Retirer de l'équipe… »
pub const RETIRER_DE_L_EQUIPE: &str = "Retirer de l'équipe…";

/// « Si son ordinateur est perdu ou volé, changez la clé de chiffrement de la base… »
pub const SI_SON_ORDINATEUR_EST_PERDU_OU: &str = "Si son ordinateur est perdu ou volé, changez la clé de chiffrement de la base \
                 sur chacun des autres ordinateurs de l'équipe (ici, et chez chaque collègue) : \
                 une copie de la base et de son fichier de clé emportée avec l'ordinateur ne \
                 pourra plus servir à ouvrir vos nouvelles données.";

/// « Aller au changement de clé »
pub const ALLER_AU_CHANGEMENT_DE_CLE: &str = "Aller au changement de clé";

/// « C'est noté »
pub const C_EST_NOTE: &str = "C'est noté";

/// « Admettre »
pub const ADMETTRE_2: &str = "Admettre";

/// « Annuler »
pub const ANNULER: &str = "Annuler";

/// « Appelez cette personne (à un numéro que vous connaissez, pas celui d'un messa… »
pub const APPELEZ_CETTE_PERSONNE_A_UN_NUMERO: &str = "Appelez cette personne (à un numéro que vous connaissez, pas celui d'un message \
             reçu) et demandez-lui de vous lire l'empreinte affichée sur son écran, dans \
             « Paramètres », section « Équipe ». Tapez-la ici :";

/// « Empreinte lue au téléphone »
pub const EMPREINTE_LUE_AU_TELEPHONE: &str = "Empreinte lue au téléphone";

/// « L'empreinte lue ne correspond pas à la carte déposée dans le dossier :  n'adm… »
pub const L_EMPREINTE_LUE_NE_CORRESPOND_PAS: &str = "L'empreinte lue ne correspond pas à la carte déposée dans le dossier : \
                     n'admettez pas ce poste. Faites relire l'empreinte ; si elle diffère \
                     encore, la carte n'est peut-être pas la sienne.";

/// « Retirer de l'équipe »
pub const RETIRER_DE_L_EQUIPE_2: &str = "Retirer de l'équipe";

/// « Pourquoi ? »
pub const POURQUOI: &str = "Pourquoi ?";

/// « Ordinateur perdu ou volé »
pub const ORDINATEUR_PERDU_OU_VOLE: &str = "Ordinateur perdu ou volé";

/// « Départ de l'équipe »
pub const DEPART_DE_L_EQUIPE: &str = "Départ de l'équipe";

/// « Ses paquets déjà reçus restent ; ceux qu'il publierait ensuite seront refusés… »
pub const SES_PAQUETS_DEJA_RECUS_RESTENT_CEUX: &str = "Ses paquets déjà reçus restent ; ceux qu'il publierait ensuite seront refusés par \
             tous les postes de l'équipe. Cela ne peut pas être annulé : pour revenir, la \
             personne devra rejoindre l'équipe à nouveau.";

/// « Le dossier d'équipe ne répond pas (clé USB retirée, réseau coupé ?).  Vous po… »
pub const LE_DOSSIER_D_EQUIPE_NE_REPOND: &str = "Le dossier d'équipe ne répond pas (clé USB retirée, réseau coupé ?). \
     Vous pouvez continuer à travailler : vos modifications restent dans cette base et seront \
     publiées quand le dossier répondra.";

/// « Choisir le dossier partagé de l'équipe »
pub const CHOISIR_LE_DOSSIER_PARTAGE_DE_L: &str = "Choisir le dossier partagé de l'équipe";

/// « Synchronisation avec le dossier d'équipe… »
pub const SYNCHRONISATION_AVEC_LE_DOSSIER_D_EQUIPE: &str =
    "Synchronisation avec le dossier d'équipe…";

/// « Création de l'équipe dans le dossier… »
pub const CREATION_DE_L_EQUIPE_DANS_LE: &str = "Création de l'équipe dans le dossier…";

/// « Dépôt de la carte de ce poste dans le dossier… »
pub const DEPOT_DE_LA_CARTE_DE_CE: &str = "Dépôt de la carte de ce poste dans le dossier…";

/// « Admission… »
pub const ADMISSION: &str = "Admission…";

/// « Retrait de l'équipe… »
pub const RETRAIT_DE_L_EQUIPE: &str = "Retrait de l'équipe…";

/// « Lecture du dossier d'équipe… »
pub const LECTURE_DU_DOSSIER_D_EQUIPE: &str = "Lecture du dossier d'équipe…";

/// « limite de surveillance du système atteinte  (réglage fs.inotify.max_user_watc… »
pub const LIMITE_DE_SURVEILLANCE_DU_SYSTEME_ATTEINTE: &str = "limite de surveillance du système atteinte \
             (réglage fs.inotify.max_user_watches)";

/// « dossier introuvable »
pub const DOSSIER_INTROUVABLE: &str = "dossier introuvable";

/// « accès refusé »
pub const ACCES_REFUSE: &str = "accès refusé";

/// « le système ne permet pas de surveiller ce dossier »
pub const LE_SYSTEME_NE_PERMET_PAS_DE: &str = "le système ne permet pas de surveiller ce dossier";

/// « l'empreinte lue ne correspond pas à la carte : poste non admis »
pub const L_EMPREINTE_LUE_NE_CORRESPOND_PAS_2: &str =
    "l'empreinte lue ne correspond pas à la carte : poste non admis";

/// « équipe révocation »
pub const EQUIPE_REVOCATION: &str = "équipe révocation";

/// « Dossier relu. »
pub const DOSSIER_RELU: &str = "Dossier relu.";

/// « {secs} min »
pub fn secs_min(secs: impl std::fmt::Display) -> String {
    format!("{secs} min")
}

/// « {secs} s »
pub fn secs_s(secs: impl std::fmt::Display) -> String {
    format!("{secs} s")
}

/// « {card}{structure} (poste {device}) »
pub fn card_structure_poste_device(
    card: impl std::fmt::Display,
    structure: impl std::fmt::Display,
    device: impl std::fmt::Display,
) -> String {
    format!("{card}{structure} (poste {device})")
}

/// « {valeur} (poste {device}) »
pub fn valeur_poste_device(
    valeur: impl std::fmt::Display,
    device: impl std::fmt::Display,
) -> String {
    format!("{valeur} (poste {device})")
}

/// « {who} ne fait plus partie de l'équipe. »
pub fn who_ne_fait_plus_partie_de_l_equipe(who: impl std::fmt::Display) -> String {
    format!("{who} ne fait plus partie de l'équipe.")
}

/// « Admettre {card} »
pub fn admettre_card(card: impl std::fmt::Display) -> String {
    format!("Admettre {card}")
}

/// « {card} demande à rejoindre l'équipe depuis le poste {device}. »
pub fn card_demande_a_rejoindre_l_equipe_depuis(
    card: impl std::fmt::Display,
    device: impl std::fmt::Display,
) -> String {
    format!("{card} demande à rejoindre l'équipe depuis le poste {device}.")
}

/// « Retirer {member} de l'équipe »
pub fn retirer_member_de_l_equipe(member: impl std::fmt::Display) -> String {
    format!("Retirer {member} de l'équipe")
}

/// « Synchronisé : {publier}, {appliqu}. »
pub fn synchronise_publier_appliqu(
    publier: impl std::fmt::Display,
    appliqu: impl std::fmt::Display,
) -> String {
    format!("Synchronisé : {publier}, {appliqu}.")
}

/// « Équipe créée dans {folder}. Empreinte de la coordination, à lire à chaque  co… »
pub fn equipe_creee_dans_folder_empreinte_de_la(
    folder: impl std::fmt::Display,
    coordinator_fingerprint: impl std::fmt::Display,
) -> String {
    format!(
        "Équipe créée dans {folder}. Empreinte de la coordination, à lire à chaque \
                 collègue qui rejoint : {coordinator_fingerprint}"
    )
}

/// « Carte déposée dans le dossier. La coordination doit vous lire son  empreinte … »
pub fn carte_deposee_dans_le_dossier_la(coordinator_fingerprint: impl std::fmt::Display) -> String {
    format!(
        "Carte déposée dans le dossier. La coordination doit vous lire son \
                 empreinte : {coordinator_fingerprint}"
    )
}

/// « {display_name} admis·e dans l'équipe (liste version {version}, {members} memb… »
pub fn display_name_admis_e_dans_l_equipe_liste(
    display_name: impl std::fmt::Display,
    version: impl std::fmt::Display,
    members: impl std::fmt::Display,
) -> String {
    format!("{display_name} admis·e dans l'équipe (liste version {version}, {members} membres).")
}

/// « poste {device} ; {part} »
pub fn poste_device_part(device: impl std::fmt::Display, part: impl std::fmt::Display) -> String {
    format!("poste {device} ; {part}")
}

/// « {name} ne fait plus partie de l'équipe : {refused_after}. »
pub fn name_ne_fait_plus_partie_de_l_equipe(
    name: impl std::fmt::Display,
    refused_after: impl std::fmt::Display,
) -> String {
    format!("{name} ne fait plus partie de l'équipe : {refused_after}.")
}

/// « L'intervalle s'applique, mais n'a pas pu être enregistré dans la  base : {e} »
pub fn l_intervalle_s_applique_mais_n_a_pas(e: impl std::fmt::Display) -> String {
    format!(
        "L'intervalle s'applique, mais n'a pas pu être enregistré dans la \
             base : {e}"
    )
}

/// « vos modifications sont publiées {every} après la première, au verrouillage et… »
pub fn vos_modifications_sont_publiees_every(every: impl std::fmt::Display) -> String {
    format!(
        "vos modifications sont publiées {every} après la première, au verrouillage et à \
         la fermeture."
    )
}

/// « Synchronisation automatique : ce qui arrive dans le dossier est appliqué  aus… »
pub fn synchronisation_automatique_ce_qui(
    every: impl std::fmt::Display,
    published: impl std::fmt::Display,
) -> String {
    format!(
        "Synchronisation automatique : ce qui arrive dans le dossier est appliqué \
             aussitôt, et le dossier est relu toutes les {every} ; {published}"
    )
}

/// « Surveillance du dossier impossible ({why}) : il est seulement relu toutes les… »
pub fn surveillance_du_dossier_impossible_why(
    why: impl std::fmt::Display,
    every: impl std::fmt::Display,
    published: impl std::fmt::Display,
) -> String {
    format!(
        "Surveillance du dossier impossible ({why}) : il est seulement relu toutes les \
             {every} ; {published}"
    )
}

/// « Synchronisation automatique : le dossier est relu toutes les {every} ; {publi… »
pub fn synchronisation_automatique_le_dossier(
    every: impl std::fmt::Display,
    published: impl std::fmt::Display,
) -> String {
    format!("Synchronisation automatique : le dossier est relu toutes les {every} ; {published}")
}

/// « État de l'équipe illisible : {e} »
pub fn etat_de_l_equipe_illisible_e(e: impl std::fmt::Display) -> String {
    format!("État de l'équipe illisible : {e}")
}

/// « rien à publier »
pub const RIEN_A_PUBLIER: &str = "rien à publier";

/// « paquet appliqué »
pub const PAQUET_APPLIQUE: &str = "paquet appliqué";

/// « paquets appliqués »
pub const PAQUETS_APPLIQUES: &str = "paquets appliqués";

/// « ordinateur perdu »
pub const ORDINATEUR_PERDU: &str = "ordinateur perdu";

/// « départ »
pub const DEPART: &str = "départ";

/// « paquet n° {seq} publié »
pub fn paquet_n_seq_publie(seq: impl std::fmt::Display) -> String {
    format!("paquet n° {seq} publié")
}
