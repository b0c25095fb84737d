//! What the matching panel and its registries ask for (wrapped by `Command::Matching`).

use uuid::Uuid;

use crate::domain::model::{
    DeclineBy, Employer, HousingUnit, JobOffer, Landlord, ProposalStatus, RelayStay,
};
use crate::matching::Target;
use crate::matching::criteria::Weights;

/// A record of the registries (employers and offers, landlords and units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryRecord {
    /// An employer.
    Employer(Uuid),
    /// A job offer.
    Offer(Uuid),
    /// A landlord.
    Landlord(Uuid),
    /// A housing unit.
    Unit(Uuid),
}

/// A request of the « Rapprochement » section.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum MatchingCommand {
    /// Reload the records and rank again (after opening the section).
    Reload,
    /// Rank again with the view's household and filters (no database access).
    Rerank,
    /// Reverse view: rank the households for this offer or unit.
    Reverse(Target),
    /// « Positionner »: create a proposal of the household on the offer or unit.
    Propose {
        /// The household.
        household: Uuid,
        /// The offer or unit.
        target: Target,
    },
    /// « Positionner les deux »: propose the household on the offer and on the unit of a
    /// job + home pair, in one transaction.
    ProposeBoth {
        /// The household.
        household: Uuid,
        /// The offer.
        offer: Target,
        /// The unit.
        unit: Target,
    },
    /// « Annuler » within 30 s of a positioning: withdraw the proposals just created.
    UndoPropose(Vec<Uuid>),
    /// Move a proposal to a new status (a refusal with who and why).
    SetProposalStatus {
        /// The proposal.
        proposal: Uuid,
        /// New status.
        status: ProposalStatus,
        /// Who declined (refusals).
        decline_by: Option<DeclineBy>,
        /// Why (refusals).
        reason: String,
    },
    /// Move the household's case to « Embauche & installation » (the worker accepted the
    /// suggestion).
    MoveToHiring {
        /// The case.
        case_id: Uuid,
    },
    /// Save the criterion weights.
    SaveWeights(Weights),
    /// Save an employer.
    SaveEmployer(Employer),
    /// Save a job offer.
    SaveOffer(JobOffer),
    /// Save a landlord.
    SaveLandlord(Landlord),
    /// Save a housing unit (or relay apartment).
    SaveUnit(HousingUnit),
    /// Book a discovery stay in a relay apartment.
    BookStay(RelayStay),
    /// Delete an employer (tombstone; refused while it has offers).
    DeleteEmployer(Uuid),
    /// Delete a job offer (tombstone).
    DeleteOffer(Uuid),
    /// Delete a landlord (tombstone; refused while it has units).
    DeleteLandlord(Uuid),
    /// Delete a housing unit (tombstone; refused while a relay stay is to come).
    DeleteUnit(Uuid),
    /// Cancel a relay-apartment booking.
    CancelStay(Uuid),
    /// Show a record found by the global search: its registry tab with its form open.
    Open(RegistryRecord),
    /// Give coordinates by hand to a commune.
    SetCommuneCoords {
        /// The commune as typed in records.
        commune: String,
        /// Latitude, degrees.
        lat: f64,
        /// Longitude, degrees.
        lon: f64,
    },
}
