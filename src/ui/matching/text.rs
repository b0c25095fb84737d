//! Every text « Rapprochement » shows or writes, in one place (issue 12): the section's
//! screens (`ui/matching/`) and what its commands say (`app/matching.rs`). An English
//! interface later is another catalogue of the same names, not a rewrite of the screens.
//!
//! Constants for fixed texts, functions for texts with values in them. The labels of the
//! domain's enums (`label_fr`) and the criteria's reasons stay with the domain.

use std::fmt::Display;

// ----- the section ---------------------------------------------------------------------

/// The section's heading.
pub const TITLE: &str = "Rapprochement";
/// Sub-tab: one household → offers, units, pairs.
pub const TAB_HOUSEHOLD: &str = "Par ménage";
/// Sub-tab: one offer or unit → households.
pub const TAB_REVERSE: &str = "Par offre ou logement";
/// Sub-tab: employers and offers.
pub const TAB_OFFERS: &str = "Employeurs et offres";
/// Sub-tab: landlords and units.
pub const TAB_UNITS: &str = "Bailleurs et logements";
/// Sub-tab: relay apartments.
pub const TAB_RELAY: &str = "Appartements relais";
/// Sub-tab: communes to complete.
pub const TAB_COMMUNES: &str = "Communes";
/// Sub-tab: criterion weights.
pub const TAB_WEIGHTS: &str = "Poids des critères";
/// Shown while the section's data is read in the background.
pub const LOADING_LABEL: &str = "Chargement des ménages, offres et logements…";
/// Said beside the household (or the offer or dwelling) while its ranking is being made:
/// the lists below are those of the previous choice, greyed until the new ones come.
pub const RANKING_LABEL: &str = "Classement en cours…";
/// Undoes the positioning just made.
pub const UNDO: &str = "Annuler";

// ----- « Par ménage » ------------------------------------------------------------------

/// No household to rank for.
pub const NO_HOUSEHOLD: &str = "Aucun ménage en cours d'accompagnement. Les ménages créés dans \
« Ménages » ou reçus d'un partenaire apparaîtront ici avec leurs offres et logements les mieux \
adaptés.";
/// The household picker's label.
pub const HOUSEHOLD: &str = "Ménage :";
/// The household picker, nothing chosen.
pub const CHOOSE_HOUSEHOLD: &str = "Choisir un ménage";
/// Filter: CDI and CDD of 6 months or more only.
pub const DURABLE_ONLY: &str = "Contrats durables seulement";
/// Filter: a maximum distance from the household.
pub const MAX_DISTANCE: &str = "Distance maximale";
/// Suffix of the distance sliders.
pub const KM_SUFFIX: &str = " km";
/// Suffix of the effort-rate slider.
pub const PERCENT_SUFFIX: &str = " %";
/// Filter: the dwelling's typology.
pub const TYPOLOGY: &str = "Typologie :";
/// Any typology.
pub const ANY_TYPOLOGY: &str = "Toutes";
/// The commuting distance slider of the pairs.
pub const COMMUTE: &str = "Trajet emploi – logement :";
/// A household to choose first.
pub const CHOOSE_HOUSEHOLD_FIRST: &str =
    "Choisissez un ménage pour voir les offres et logements qui lui correspondent.";
/// The button that moves the case once an offer and a unit are accepted.
pub const MOVE_TO_HIRING: &str = "Passer à « Embauche & installation »";
/// List toggle: the rules of the ranking.
pub const RANKING_RULES: &str = "Règles du classement";
/// The effort-rate slider.
pub const EFFORT_CEILING: &str = "Taux d'effort maximal :";
/// No offer left by the filters.
pub const NO_OFFER: &str = "Aucune offre ouverte ne passe les filtres.";
/// No unit left by the filters.
pub const NO_UNIT: &str = "Aucun logement disponible ne passe les filtres.";

/// The ranking's rules, as the panel's help shows them.
pub const RANKING_RULES_FR: &str = "Critères rédhibitoires : un métier ni recherché ni du même \
domaine ROME, un permis exigé et non détenu, un loyer au-dessus du taux d'effort maximal, un \
logement trop petit pour le ménage. Une suggestion qui en a un passe dans « À écarter », avec \
la raison, quels que soient ses autres critères.\n\
Score : part des critères remplis, pondérée (« en partie » compte pour moitié ; poids dans \
« Poids des critères »).\n\
Emploi + logement : le score d'une paire est celui de sa moitié la plus faible (jamais \
au-dessus), moins 5 points si le trajet dépasse la moitié de la distance choisie.\n\
Un positionnement en cours est une information, pas un critère ; un positionnement refusé \
passe en fin de liste.";

/// The household has an accepted offer and an accepted unit.
pub fn ready_to_move(label: &str) -> String {
    format!(
        "{label} a une offre d'emploi et un logement acceptés : le dossier peut passer à \
         l'étape « Embauche & installation ». À vous de décider."
    )
}

/// List toggle: the offers kept.
pub fn offers_list(n: usize) -> String {
    format!("Offres d'emploi ({n})")
}

/// List toggle: the units kept.
pub fn units_list(n: usize) -> String {
    format!("Logements ({n})")
}

/// List toggle: the pairs kept.
pub fn pairs_list(n: usize) -> String {
    format!("Emploi + logement ({n})")
}

/// No pair within the commuting distance.
pub fn no_pair(commute_km: f64) -> String {
    format!(
        "Aucune paire offre + logement à moins de {commute_km:.0} km l'une de l'autre. Élargissez \
         la distance de trajet ou complétez les communes sans position (onglet « Communes »)."
    )
}

// ----- the cards ---------------------------------------------------------------------

/// What a screen reader (and a UI test) hears for a criterion met.
pub const MET: &str = "critère rempli";
/// … partly met.
pub const PARTLY: &str = "critère en partie rempli";
/// … not met.
pub const NOT_MET: &str = "critère non rempli";
/// A suggestion without a weak point.
pub const ALL_MET: &str = "tous les critères remplis";
/// Proposes the household for the offer or unit.
pub const PROPOSE: &str = "Positionner";
/// Proposes again after a refusal.
pub const PROPOSE_AGAIN: &str = "Positionner à nouveau";
/// Proposes the household for both halves of a pair.
pub const PROPOSE_BOTH: &str = "Positionner les deux";
/// Next status: an interview.
pub const TO_INTERVIEW: &str = "Passer en entretien";
/// Next status: accepted.
pub const ACCEPTED: &str = "Accepté";
/// Opens the refusal form.
pub const DECLINED: &str = "Refusé…";
/// A suggestion declined before (ranked down).
pub const ALREADY_DECLINED: &str = "Déjà refusé";
/// Opens a card's criteria.
pub const DETAILS: &str = "Détails";
/// Closes them.
pub const HIDE_DETAILS: &str = "Masquer les détails";
/// A pair's job half.
pub const JOB: &str = "Emploi :";
/// A pair's home half.
pub const HOME: &str = "Logement :";
/// The refusal form: who declined.
pub const DECLINED_BY: &str = "Refusé par :";
/// The refusal form: why.
pub const DECLINE_REASON: &str = "Raison du refus";
/// The refusal form's button.
pub const SAVE_DECLINE: &str = "Enregistrer le refus";
/// The refusal form's cancel.
pub const CANCEL: &str = "Annuler";
/// The refusal form, incomplete.
pub const DECLINE_INCOMPLETE: &str = "Indiquez qui refuse et pourquoi.";

/// The refusal form's title.
pub fn declining(what: &str) -> String {
    format!("Refus : {what}")
}

/// A proposal's status on its card.
pub fn proposed(status: &str) -> String {
    format!("Positionné : {status}")
}

/// A card's title, numbered.
pub fn numbered(n: usize, title: &str) -> String {
    format!("{n}. {title}")
}

/// A pair's title, numbered.
pub fn numbered_pair(n: usize, offer: &str, unit: &str) -> String {
    format!("{n}. {offer}  +  {unit}")
}

/// A pair set aside, in its group.
pub fn pair(offer: &str, unit: &str) -> String {
    format!("{offer}  +  {unit}")
}

/// The « à écarter » group's header.
pub fn set_aside(n: usize) -> String {
    format!("À écarter ({n}) — critère rédhibitoire")
}

/// One line of the « à écarter » group.
pub fn set_aside_line(title: &str, reasons: &str) -> String {
    format!("{title} — à écarter : {reasons}")
}

/// The job half's details.
pub fn job_details(subtitle: &str) -> String {
    format!("Emploi — {subtitle}")
}

/// The home half's details.
pub fn home_details(subtitle: &str) -> String {
    format!("Logement — {subtitle}")
}

// ----- « Par offre ou logement » -------------------------------------------------------

/// Nothing to rank households for.
pub const NO_TARGET: &str = "Aucune offre ouverte ni aucun logement disponible pour le moment.";
/// The target picker's label.
pub const TARGET: &str = "Offre ou logement :";
/// The target picker, nothing chosen.
pub const CHOOSE_TARGET: &str = "Choisir une offre ou un logement";
/// A target to choose first.
pub const CHOOSE_TARGET_FIRST: &str =
    "Choisissez une offre ou un logement pour voir les ménages les mieux placés.";
/// No household to rank.
pub const NO_HOUSEHOLD_RANKED: &str = "Aucun ménage en cours.";

// ----- « Poids des critères » ----------------------------------------------------------

/// How the weights count.
pub const WEIGHTS_HELP: &str = "Chaque critère compte selon son poids (0 = ignoré, 5 = très \
important). Le score d'une suggestion est la part pondérée des critères remplis ; un critère \
« en partie » compte pour moitié. Les positionnements refusés passent toujours en fin de liste.";
/// Saves the weights.
pub const SAVE_WEIGHTS: &str = "Enregistrer les poids";
/// Back to the default weights (not saved yet).
pub const DEFAULT_WEIGHTS: &str = "Revenir aux poids par défaut";

// ----- the rows and notices the app builds (`app/matching.rs`) --------------------------

/// The stage a case moves to once an offer and a unit are accepted. Also the label the
/// programme's stage is found by: changing it here changes which stage that is.
pub const HIRING_STAGE: &str = "Embauche & installation";
/// A start date still open.
pub const DATE_TO_FIX: &str = "date à fixer";

/// Which adult an offer suits, after its subtitle.
pub fn for_adult(first_name: &str) -> String {
    format!(" · pour {first_name}")
}

/// An offer's subtitle: commune, contract, start, status, for whom.
pub fn offer_subtitle(
    commune: &str,
    contract: &str,
    start: &str,
    status: &str,
    for_adult: &str,
) -> String {
    format!("{commune} · {contract} · début {start} · {status}{for_adult}")
}

/// A unit's subtitle: commune, area, rent with charges (whole euros), floor, lift.
pub fn unit_subtitle(
    commune: &str,
    area_m2: f32,
    rent_euros: i64,
    floor: i16,
    lift: bool,
) -> String {
    let lift = if lift { ", ascenseur" } else { "" };
    format!("{commune} · {area_m2:.0} m² · {rent_euros} € charges comprises · étage {floor}{lift}")
}

/// A household's subtitle in the reverse view.
pub fn household_subtitle(persons: u32, wished: &str) -> String {
    format!("{persons} personnes · souhaite : {wished}")
}

/// What was examined for the household shown, and how many of each list are shown.
pub fn considered(
    offers: usize,
    units: usize,
    all_offers: usize,
    all_units: usize,
    shown: usize,
) -> String {
    format!(
        "{offers} offres et {units} logements examinés (sur {all_offers} et {all_units} \
         enregistrés) ; les {shown} meilleurs de chaque liste sont affichés."
    )
}

/// An offer in the reverse view's picker.
pub fn target_offer(title: &str, employer: &str, commune: &str) -> String {
    format!("Offre : {title} — {employer}, {commune}")
}

/// A unit in the reverse view's picker (rent in whole euros).
pub fn target_unit(typology: &str, label: &str, commune: &str, rent_euros: i64) -> String {
    format!("Logement : {typology} {label}, {commune} — {rent_euros} €")
}

/// The section's data could not be read.
pub fn load_failed(e: impl Display) -> String {
    format!("Le rapprochement n'a pas pu être chargé : {e}")
}

/// A record found by the search no longer exists.
pub const RECORD_GONE: &str = "Cette fiche n'existe plus (supprimée, ou reçue puis retirée) : \
elle ne peut pas être ouverte.";
/// A positioning made.
pub const PROPOSED: &str = "Positionnement créé (statut « Proposé »).";
/// A pair positioned.
pub const PROPOSED_BOTH: &str =
    "Ménage positionné sur l'offre et sur le logement (statut « Proposé »).";
/// A positioning undone.
pub const UNDONE: &str = "Positionnement annulé.";
/// Written in the access log when a positioning is undone.
pub const AUDIT_UNDONE: &str = "annulé";
/// Who moves a case to the hiring stage, in its history.
pub const HIRING_BY: &str = "référent·e";
/// Why, in its history.
pub const HIRING_COMMENT: &str = "Offre et logement acceptés";
/// The weights saved.
pub const WEIGHTS_SAVED: &str = "Poids des critères enregistrés.";
/// An employer saved.
pub const EMPLOYER_SAVED: &str = "Employeur enregistré.";
/// An offer saved.
pub const OFFER_SAVED: &str = "Offre enregistrée.";
/// A landlord saved.
pub const LANDLORD_SAVED: &str = "Bailleur enregistré.";
/// A unit saved.
pub const UNIT_SAVED: &str = "Logement enregistré.";
/// A discovery stay booked.
pub const STAY_BOOKED: &str = "Séjour découverte réservé.";
/// An employer deleted.
pub const EMPLOYER_DELETED: &str = "Employeur supprimé.";
/// An offer deleted.
pub const OFFER_DELETED: &str = "Offre supprimée.";
/// A landlord deleted.
pub const LANDLORD_DELETED: &str = "Bailleur supprimé.";
/// A unit deleted.
pub const UNIT_DELETED: &str = "Logement supprimé.";
/// A discovery stay cancelled.
pub const STAY_CANCELLED: &str = "Séjour découverte annulé : les dates sont de nouveau libres.";

/// A proposal's new status.
pub fn status_changed(status: &str) -> String {
    format!("Positionnement passé à « {status} ».")
}

/// A case moved to the hiring stage.
pub fn moved_to_hiring() -> String {
    format!("Dossier passé à l'étape « {HIRING_STAGE} ».")
}

/// A commune placed by hand.
pub fn commune_located(commune: &str) -> String {
    format!("Position de {commune} enregistrée.")
}
