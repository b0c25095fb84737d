//! Every text the registries of « Rapprochement » show (employers and offers, landlords
//! and units, relay apartments, communes), in one place (issue 12): an English interface
//! later is another catalogue of the same names. Constants for fixed texts, functions for
//! texts with values in them.

/// « Accessible (personne à mobilité réduite) »
pub const ACCESSIBLE: &str = "Accessible (personne à mobilité réduite)";

/// « Toutes les communes des fiches ont une position. »
pub const ALL_PLACED: &str = "Toutes les communes des fiches ont une position.";

/// « Arrivée (jj/mm/aaaa) »
pub const ARRIVAL: &str = "Arrivée (jj/mm/aaaa)";

/// « Réserver »
pub const BOOK: &str = "Réserver";

/// « Réserver un séjour découverte (3 à 5 jours) »
pub const BOOK_STAY_TITLE: &str = "Réserver un séjour découverte (3 à 5 jours)";

/// « Annuler »
pub const CANCEL: &str = "Annuler";

/// « Annuler ce séjour »
pub const CANCEL_STAY: &str = "Annuler ce séjour";

/// « Charges (€ par mois) »
pub const CHARGES: &str = "Charges (€ par mois)";

/// « Choisir »
pub const CHOOSE: &str = "Choisir";

/// « Commune »
pub const COMMUNE: &str = "Commune";

/// « 3 lettres, puis choisir »
pub const COMMUNE_HINT: &str = "3 lettres, puis choisir";

/// « Confirmer »
pub const CONFIRM: &str = "Confirmer";

/// « Contrat »
pub const CONTRACT: &str = "Contrat";

/// « Latitude et longitude en degrés décimaux, par exemple 44.9264 et 2.4397. »
pub const COORDS_HINT: &str =
    "Latitude et longitude en degrés décimaux, par exemple 44.9264 et 2.4397.";

/// « Indiquez les dates d'arrivée et de départ. »
pub const DATES_NEEDED: &str = "Indiquez les dates d'arrivée et de départ.";

/// « Supprimer »
pub const DELETE: &str = "Supprimer";

/// « Supprimer l'employeur »
pub const DELETE_EMPLOYER: &str = "Supprimer l'employeur";

/// « Supprimer le bailleur »
pub const DELETE_LANDLORD: &str = "Supprimer le bailleur";

/// « Départ (jj/mm/aaaa) »
pub const DEPARTURE: &str = "Départ (jj/mm/aaaa)";

/// « Modifier »
pub const EDIT: &str = "Modifier";

/// « Modifier l'employeur »
pub const EDIT_EMPLOYER: &str = "Modifier l'employeur";

/// « Modifier le bailleur »
pub const EDIT_LANDLORD: &str = "Modifier le bailleur";

/// « Employeur »
pub const EMPLOYER: &str = "Employeur";

/// « Nom de l'employeur »
pub const EMPLOYER_NAME: &str = "Nom de l'employeur";

/// « étage »
pub const FLOOR: &str = "étage";

/// « Libre à partir du (jj/mm/aaaa) »
pub const FREE_FROM: &str = "Libre à partir du (jj/mm/aaaa)";

/// « heures par semaine »
pub const HOURS_PER_WEEK: &str = "heures par semaine";

/// « Ménage »
pub const HOUSEHOLD: &str = "Ménage";

/// « Poste »
pub const JOB: &str = "Poste";

/// « Commune du poste »
pub const JOB_COMMUNE: &str = "Commune du poste";

/// « Intitulé du poste »
pub const JOB_TITLE: &str = "Intitulé du poste";

/// « Type »
pub const KIND: &str = "Type";

/// « Bailleur »
pub const LANDLORD: &str = "Bailleur";

/// « Nom du bailleur »
pub const LANDLORD_NAME: &str = "Nom du bailleur";

/// « Latitude »
pub const LATITUDE: &str = "Latitude";

/// « Permis B exigé »
pub const LICENCE_REQUIRED: &str = "Permis B exigé";

/// « Ascenseur »
pub const LIFT: &str = "Ascenseur";

/// « Longitude »
pub const LONGITUDE: &str = "Longitude";

/// « Nouvel employeur »
pub const NEW_EMPLOYER: &str = "Nouvel employeur";

/// « Nouveau bailleur »
pub const NEW_LANDLORD: &str = "Nouveau bailleur";

/// « Nouvelle offre »
pub const NEW_OFFER: &str = "Nouvelle offre";

/// « Nouveau logement »
pub const NEW_UNIT: &str = "Nouveau logement";

/// « Notes »
pub const NOTES: &str = "Notes";

/// « Non, garder »
pub const NO_KEEP: &str = "Non, garder";

/// « Non, le garder »
pub const NO_KEEP_STAY: &str = "Non, le garder";

/// « Aucune offre enregistrée. Créez un employeur, puis ses offres. »
pub const NO_OFFER: &str = "Aucune offre enregistrée. Créez un employeur, puis ses offres.";

/// « Aucun séjour réservé. »
pub const NO_STAY: &str = "Aucun séjour réservé.";

/// « Aucun logement enregistré. Créez un bailleur, puis ses logements. »
pub const NO_UNIT: &str = "Aucun logement enregistré. Créez un bailleur, puis ses logements.";

/// « Offre d'emploi »
pub const OFFER: &str = "Offre d'emploi";

/// « Position »
pub const POSITION: &str = "Position";

/// « privé »
pub const PRIVATE: &str = "privé";

/// « Qualification exigée »
pub const QUALIFICATION_REQUIRED: &str = "Qualification exigée";

/// « Appartement relais »
pub const RELAY: &str = "Appartement relais";

/// « Appartement relais (séjours découverte) »
pub const RELAY_UNIT: &str = "Appartement relais (séjours découverte)";

/// « Loyer hors charges (€ par mois) »
pub const RENT: &str = "Loyer hors charges (€ par mois)";

/// « Loyer + charges »
pub const RENT_AND_CHARGES: &str = "Loyer + charges";

/// « Domaine ROME »
pub const ROME_DOMAIN: &str = "Domaine ROME";

/// « Enregistrer »
pub const SAVE: &str = "Enregistrer";

/// « Enregistrer l'employeur »
pub const SAVE_EMPLOYER: &str = "Enregistrer l'employeur";

/// « Enregistrer le bailleur »
pub const SAVE_LANDLORD: &str = "Enregistrer le bailleur";

/// « Enregistrer l'offre »
pub const SAVE_OFFER: &str = "Enregistrer l'offre";

/// « Enregistrer le logement »
pub const SAVE_UNIT: &str = "Enregistrer le logement";

/// « Secteur »
pub const SECTOR: &str = "Secteur";

/// « Bailleur social »
pub const SOCIAL_LANDLORD: &str = "Bailleur social";

/// « m² »
pub const SQUARE_METRES: &str = "m²";

/// « Date de début (jj/mm/aaaa) »
pub const START_DATE: &str = "Date de début (jj/mm/aaaa)";

/// « Statut »
pub const STATUS: &str = "Statut";

/// « Métier »
pub const TRADE: &str = "Métier";

/// « Typologie »
pub const TYPOLOGY: &str = "Typologie";

/// « Logement »
pub const UNIT: &str = "Logement";

/// « Commune du logement »
pub const UNIT_COMMUNE: &str = "Commune du logement";

/// « Adresse ou libellé »
pub const UNIT_LABEL: &str = "Adresse ou libellé";

/// « Véhicule exigé »
pub const VEHICLE_REQUIRED: &str = "Véhicule exigé";

/// « Oui, annuler le séjour »
pub const YES_CANCEL_STAY: &str = "Oui, annuler le séjour";

/// « Oui, supprimer »
pub const YES_DELETE: &str = "Oui, supprimer";

/// No relay apartment yet.
pub const NO_RELAY: &str = "Aucun appartement relais. Cochez « Appartement relais » sur un \
logement (onglet « Bailleurs et logements ») pour y réserver des séjours découverte.";
/// What the communes tab is for.
pub const COMMUNES_HELP: &str = "Communes saisies dans les fiches dont la position est inconnue \
ou approchée. Sans position, les distances ne peuvent pas être calculées : saisissez la latitude \
et la longitude (par exemple lues sur une carte), elles sont gardées dans la base.";

/// Asks before deleting an offer.
pub fn delete_offer(title: &str) -> String {
    format!(
        "Supprimer l'offre « {title} » ? Les positionnements déjà faits restent dans \
         l'historique des ménages."
    )
}

/// Asks before deleting a unit.
pub fn delete_unit(label: &str, commune: &str) -> String {
    format!("Supprimer le logement « {label} » ({commune}) ?")
}

/// Asks before deleting an employer.
pub fn delete_employer(name: &str) -> String {
    format!("Supprimer l'employeur « {name} » ?")
}

/// Asks before deleting a landlord.
pub fn delete_landlord(name: &str) -> String {
    format!("Supprimer le bailleur « {name} » ?")
}

/// A relay unit in the units list.
pub fn relay_label(label: &str) -> String {
    format!("{label} (relais)")
}

/// The employers' list header.
pub fn employers(n: usize) -> String {
    format!("Employeurs ({n})")
}

/// The landlords' list header.
pub fn landlords(n: usize) -> String {
    format!("Bailleurs ({n})")
}

/// A booked stay.
pub fn stay(from: &str, to: &str, nights: impl std::fmt::Display, who: &str) -> String {
    format!("du {from} au {to} ({nights} nuits) — {who}")
}

/// Asks before cancelling a stay.
pub fn cancel_stay(stay: &str) -> String {
    format!("Annuler le séjour découverte {stay} ?")
}
