//! Matching's SQL: loading the candidates as plain records for the pure matcher,
//! proposals and their statuses, relay-apartment bookings (overlaps refused), the
//! criterion weights (settings), and commune facts entered by hand (coordinates, schools).

use crate::domain::text::count;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, StoreError, Tx};
use crate::domain::model::*;

/// Everything the matching panel needs, read in one go after a change (never in a frame).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchingRecords {
    /// Live households.
    pub households: Vec<Household>,
    /// Their adults.
    pub adults: Vec<Adult>,
    /// Their children.
    pub children: Vec<Child>,
    /// Cases (to suggest the move to « Embauche & installation »).
    pub cases: Vec<Case>,
    /// Programmes (their stages).
    pub programmes: Vec<Programme>,
    /// Employers.
    pub employers: Vec<Employer>,
    /// Job offers.
    pub offers: Vec<JobOffer>,
    /// Landlords.
    pub landlords: Vec<Landlord>,
    /// Housing units, relay apartments included.
    pub units: Vec<HousingUnit>,
    /// Proposals.
    pub proposals: Vec<Proposal>,
    /// Relay stays.
    pub relay_stays: Vec<RelayStay>,
    /// Commune facts entered by hand.
    pub commune_facts: Vec<CommuneFact>,
}

fn invalid(text: impl Into<String>) -> StoreError {
    StoreError::Invalid(text.into())
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl Store {
    /// Loads everything matching needs.
    pub fn matching_records(&self) -> Result<MatchingRecords, StoreError> {
        // « Gel du dossier » (issue 14): a frozen household is never matched.
        let frozen = self.frozen_households()?;
        let mut households: Vec<crate::domain::model::Household> = self.list()?;
        households.retain(|h| !frozen.contains(&h.id));
        Ok(MatchingRecords {
            households,
            adults: self.list()?,
            children: self.list()?,
            cases: self.list()?,
            programmes: self.list()?,
            employers: self.list()?,
            offers: self.list()?,
            landlords: self.list()?,
            units: self.list()?,
            proposals: self.list()?,
            relay_stays: self.list()?,
            commune_facts: self.commune_facts()?,
        })
    }

    /// Commune facts entered by hand.
    pub fn commune_facts(&self) -> Result<Vec<CommuneFact>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT key, name, lat, lon, schools FROM commune_facts ORDER BY key",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let lat: Option<f64> = row.get(2)?;
            let lon: Option<f64> = row.get(3)?;
            let schools: Option<String> = row.get(4)?;
            out.push(CommuneFact {
                key: row.get(0)?,
                name: row.get(1)?,
                coords: lat.zip(lon),
                schools: schools
                    .map(|s| serde_json::from_str::<BTreeSet<Establishment>>(&s))
                    .transpose()?,
            });
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// Records coordinates for a commune (by INSEE code or normalised name), keeping its
    /// schools if any. Latitude −90..90, longitude −180..180.
    pub fn set_commune_coords(
        &self,
        key: &str,
        name: &str,
        lat: f64,
        lon: f64,
    ) -> Result<(), StoreError> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(invalid(
                "Coordonnées impossibles : la latitude va de -90 à 90 et la longitude de -180 à 180 \
                 (par exemple 44.9264 et 2.4397 pour Aurillac).",
            ));
        }
        self.sql().execute(
            "INSERT INTO commune_facts (key, name, lat, lon, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(key) DO UPDATE SET name = excluded.name, lat = excluded.lat, \
             lon = excluded.lon, updated_at = excluded.updated_at",
            params![key, name, lat, lon, self.now().to_rfc3339()],
        )?;
        self.audit("commune", "coordonnées saisies")?;
        Ok(())
    }

    /// Records the establishments known in a commune (schooling criterion).
    pub fn set_commune_schools(
        &self,
        key: &str,
        name: &str,
        schools: &BTreeSet<Establishment>,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO commune_facts (key, name, schools, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(key) DO UPDATE SET name = excluded.name, schools = excluded.schools, \
             updated_at = excluded.updated_at",
            params![
                key,
                name,
                serde_json::to_string(schools)?,
                self.now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// Creates a proposal (« Positionner ») of a household on an offer or a unit. Refused
    /// when the pair already has a proposal under way (proposé or entretien).
    pub fn propose(
        &self,
        household_id: Uuid,
        offer_id: Option<Uuid>,
        unit_id: Option<Uuid>,
    ) -> Result<Proposal, StoreError> {
        let existing: Vec<Proposal> = self.list_by("household_id", household_id)?;
        if existing.iter().any(|p| {
            p.offer_id == offer_id
                && p.unit_id == unit_id
                && matches!(
                    p.status,
                    ProposalStatus::Propose | ProposalStatus::Entretien
                )
        }) {
            return Err(invalid(
                "Ce ménage est déjà positionné sur cette offre ou ce logement : faites avancer le \
                 positionnement existant plutôt que d'en créer un second.",
            ));
        }
        let proposal = Proposal {
            decided_by: self.worker_name()?,
            id: Uuid::new_v4(),
            household_id,
            offer_id,
            unit_id,
            proposed_on: self.today(),
            status: ProposalStatus::Propose,
            decline_by: None,
            decline_reason: String::new(),
        };
        self.put(&proposal)?;
        self.audit("positionnement", "créé")?;
        Ok(proposal)
    }

    /// Moves a proposal to `status`. A refusal needs who declined and why; other statuses
    /// clear them. Returns the updated proposal.
    pub fn set_proposal_status(
        &self,
        id: Uuid,
        status: ProposalStatus,
        decline_by: Option<DeclineBy>,
        decline_reason: &str,
    ) -> Result<Proposal, StoreError> {
        let mut p: Proposal = self.get(id)?;
        if status == ProposalStatus::Refuse {
            if decline_by.is_none() {
                return Err(invalid(
                    "Indiquez qui a refusé : le ménage, l'employeur, le bailleur ou le ou la référent·e.",
                ));
            }
            if decline_reason.trim().is_empty() {
                return Err(invalid(
                    "Indiquez la raison du refus : elle aide à mieux proposer la prochaine fois.",
                ));
            }
            p.decline_by = decline_by;
            p.decline_reason = decline_reason.trim().to_owned();
        } else {
            p.decline_by = None;
            p.decline_reason.clear();
        }
        p.status = status;
        p.decided_by = self.worker_name()?;
        self.put(&p)?;
        self.audit("positionnement", status.label_fr())?;
        Ok(p)
    }

    /// Books a discovery stay in a relay apartment. Refused if the unit is not a relay
    /// apartment or if the dates overlap another stay (the day of departure may be the
    /// next arrival).
    pub fn book_relay_stay(&self, stay: &RelayStay) -> Result<(), StoreError> {
        let unit: HousingUnit = self.get(stay.unit_id)?;
        if !unit.is_relay {
            return Err(invalid(format!(
                "« {} » n'est pas un appartement relais : les séjours découverte se réservent dans un \
                 appartement relais.",
                unit.label
            )));
        }
        let others: Vec<RelayStay> = self.list_by("unit_id", stay.unit_id)?;
        if let Some(clash) = others
            .iter()
            .filter(|o| o.id != stay.id)
            .find(|o| o.from < stay.to && stay.from < o.to)
        {
            return Err(invalid(format!(
                "L'appartement relais est déjà réservé du {} au {} : choisissez des dates qui ne \
                 chevauchent pas ce séjour (le jour du départ peut être celui de l'arrivée suivante).",
                dmy(clash.from),
                dmy(clash.to)
            )));
        }
        self.put(stay)?;
        self.audit("séjour découverte", "réservé")?;
        Ok(())
    }

    /// Moves a case to the stage labelled `stage_label` of its programme (the worker
    /// accepted the suggestion after an accepted offer and unit).
    pub fn move_case_to_stage_labelled(
        &self,
        case_id: Uuid,
        stage_label: &str,
        by: &str,
        comment: &str,
    ) -> Result<(), StoreError> {
        let case: Case = self.get(case_id)?;
        let programme: Programme = self.get(case.programme_id)?;
        let stage = programme
            .active_stages()
            .find(|s| s.label == stage_label)
            .ok_or_else(|| invalid(format!("Le parcours n'a pas d'étape « {stage_label} ».")))?;
        let current: Option<String> = self
            .sql()
            .query_row(
                "SELECT current_stage_id FROM cases WHERE id = ?1",
                [case_id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let from = current.and_then(|s| Uuid::parse_str(&s).ok());
        if from == Some(stage.id) {
            return Ok(());
        }
        self.put(&StageEvent {
            id: Uuid::new_v4(),
            case_id,
            from_stage: from,
            to_stage: stage.id,
            at: self.now(),
            by: match self.worker_name()? {
                name if name.is_empty() => by.to_owned(),
                name => name,
            },
            comment: comment.to_owned(),
        })?;
        Ok(())
    }

    /// Deletes an employer (tombstone). Refused while it still has offers: they are
    /// deleted first, so that no offer is left without its employer.
    pub fn delete_employer(&self, id: Uuid) -> Result<(), StoreError> {
        let employer: Employer = self.get(id)?;
        let offers: Vec<JobOffer> = self.list_by("employer_id", id)?;
        if !offers.is_empty() {
            return Err(invalid(format!(
                "L'employeur « {} » a encore {} : supprimez-les d'abord (onglet « Offres et \
                 employeurs »).",
                employer.name,
                count(offers.len(), "offre", "offres")
            )));
        }
        self.delete::<Employer>(id)?;
        self.audit("employeur", "supprimé")
    }

    /// Deletes a job offer (tombstone). Its proposals stay, as the household's history.
    pub fn delete_offer(&self, id: Uuid) -> Result<(), StoreError> {
        self.delete::<JobOffer>(id)?;
        self.audit("offre d'emploi", "supprimée")
    }

    /// Deletes a landlord (tombstone). Refused while it still has housing units.
    pub fn delete_landlord(&self, id: Uuid) -> Result<(), StoreError> {
        let landlord: Landlord = self.get(id)?;
        let units: Vec<HousingUnit> = self.list_by("landlord_id", id)?;
        if !units.is_empty() {
            return Err(invalid(format!(
                "Le bailleur « {} » a encore {} : supprimez-les d'abord.",
                landlord.name,
                count(units.len(), "logement", "logements")
            )));
        }
        self.delete::<Landlord>(id)?;
        self.audit("bailleur", "supprimé")
    }

    /// Deletes a housing unit (tombstone). Refused while a relay stay in it is under way
    /// or to come: the household expects it, so the stay is cancelled first.
    pub fn delete_unit(&self, id: Uuid) -> Result<(), StoreError> {
        let unit: HousingUnit = self.get(id)?;
        let today = self.today();
        let stays: Vec<RelayStay> = self.list_by("unit_id", id)?;
        if let Some(next) = stays
            .iter()
            .filter(|s| s.to >= today)
            .min_by_key(|s| s.from)
        {
            return Err(invalid(format!(
                "« {} » a un séjour découverte réservé du {} au {} : annulez d'abord ce séjour \
                 (onglet « Appartements relais »).",
                unit.label,
                dmy(next.from),
                dmy(next.to)
            )));
        }
        self.delete::<HousingUnit>(id)?;
        self.audit("logement", "supprimé")
    }

    /// Cancels a relay-apartment booking (tombstone: the dates become free again).
    pub fn cancel_relay_stay(&self, id: Uuid) -> Result<(), StoreError> {
        self.delete::<RelayStay>(id)?;
        self.audit("séjour découverte", "annulé")
    }
}
