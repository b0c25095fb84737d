//! What a sender may change in our base, decided before anything is written: the checks
//! on the whole packet (the sender's site), then per record the [`Scope`]'s refusal, in
//! French: a funder's records, consents, our registries, tables and rows outside the
//! sender's role or its linked offers and units, deletions by a non-accompanying
//! partner, moved records, records pointing at nothing, households never exchanged with
//! it. A team member is held to its own stamps instead.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use uuid::Uuid;

use super::apply::LocalSource;
use super::export::Audience;
use super::{OpenedPacket, PacketError, RecordLine};
use crate::domain::hlc::Hlc;
use crate::domain::merge::StampedData;
use crate::domain::model::{
    Adult, Appointment, Case, Household, HousingUnit, JobOffer, Partner, PartnerRole, Programme,
};
use crate::domain::programme::DEFAULT_PROGRAMME_ID;
use crate::exchange::redact;
use crate::store::StoreError;
use crate::store::records::Stored;

/// Tables a partner never writes into our base: consents are collected here, programmes
/// and registries are ours.
pub(super) const NEVER_TAKEN: &[&str] = &["consents"];
pub(super) const REGISTRIES: &[&str] = &[
    "programmes",
    "employers",
    "job_offers",
    "landlords",
    "housing_units",
];
/// Fields that attach a record to another: a partner never moves a record.
const LINK_FIELDS: &[&str] = &[
    "household_id",
    "adult_id",
    "case_id",
    "appointment_id",
    "programme_id",
    "offer_id",
    "unit_id",
    "employer_id",
    "landlord_id",
];
/// Links to a parent that may come in the same packet: a new record whose new parent
/// was refused is refused too (it would point at nothing).
const PARENT_FIELDS: &[&str] = &["household_id", "adult_id", "case_id", "appointment_id"];

/// Why nothing a funder sends is taken (each of its records is refused with it).
pub const FUNDER_REFUSAL: &str = "envoyé par un financeur : il reçoit vos dossiers sous des \
     identifiants pseudonymes, pour ses indicateurs ; ce qu'il renvoie ne désigne aucune de \
     vos fiches et n'est jamais repris dans votre base";

/// What the whole packet is allowed to touch, computed once: one read per packet, not
/// one per record (issue 17).
pub(super) struct Scope<'a> {
    /// A team member's packet: every record and field, but only its own stamps.
    pub(super) team: bool,
    /// The team coordinator's snapshot: everybody's stamps.
    pub(super) team_snapshot: bool,
    pub(super) sender: &'a Partner,
    pub(super) sender_site: Uuid,
    pub(super) my_site: Uuid,
    /// Record id → household, from the packet's own lines.
    pub(super) households_in_packet: &'a HashMap<Uuid, Uuid>,
    /// Households exchanged with the sender, with the clock of our last packet to it;
    /// the households the import adds are added as it goes.
    pub(super) exchanged: RefCell<HashMap<Uuid, Option<Hlc>>>,
    /// Households of the packet that we did not hold before it.
    pub(super) new_here: HashSet<Uuid>,
    /// Households of the packet deleted at the sender that we never held: not created.
    pub(super) deleted_unknown: HashSet<Uuid>,
    /// The sender's own offers or units when it is linked to its employer or landlord
    /// record: it changes nothing about the others'.
    pub(super) linked: Audience,
    /// New records refused so far: their children are refused too.
    pub(super) refused_new: RefCell<HashSet<Uuid>>,
    /// Programmes and registry records: whether we hold them (read once each).
    pub(super) known: RefCell<HashMap<Uuid, bool>>,
    /// Per table, the records of the packet that we hold (deleted ones included), and
    /// those the import has written so far.
    pub(super) present: RefCell<HashMap<&'static str, HashSet<Uuid>>>,
}

fn uuid_of(data: &Map<String, Value>, key: &str) -> Option<Uuid> {
    data.get(key)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

impl Scope<'_> {
    /// The household a record belongs to: from its own fields, the packet, or our base.
    pub(super) fn household_of<S: LocalSource>(
        &self,
        source: &S,
        table: &str,
        id: Uuid,
        data: &Map<String, Value>,
    ) -> Result<Option<Uuid>, StoreError> {
        if table == "households" {
            return Ok(Some(id));
        }
        if let Some(h) = uuid_of(data, "household_id") {
            return Ok(Some(h));
        }
        if let Some(h) = self.households_in_packet.get(&id) {
            return Ok(Some(*h));
        }
        let parent = |k: &str| uuid_of(data, k);
        Ok(match table {
            "stage_events" => match parent("case_id") {
                Some(c) => match self.households_in_packet.get(&c) {
                    Some(h) => Some(*h),
                    None => source.local::<Case>(c)?.map(|c| c.record.household_id),
                },
                None => None,
            },
            "tutors" | "employment_follow_ups" => match parent("adult_id") {
                Some(a) => match self.households_in_packet.get(&a) {
                    Some(h) => Some(*h),
                    None => source.local::<Adult>(a)?.map(|a| a.record.household_id),
                },
                None => None,
            },
            "attendances" => match parent("appointment_id") {
                Some(a) => match self.households_in_packet.get(&a) {
                    Some(h) => Some(*h),
                    None => source
                        .local::<Appointment>(a)?
                        .and_then(|a| a.record.household_id),
                },
                None => None,
            },
            _ => None,
        })
    }

    /// Whether we run programme `id`. The built-in « Un toit, un emploi » (the same id in
    /// every base) is every base's own even before its first case stores it: a case in it
    /// travels between partners who run it, and the import stores our built-in copy
    /// (`ensure_builtin_programme`), never the partner's.
    fn holds_programme<S: LocalSource>(&self, source: &S, id: Uuid) -> Result<bool, StoreError> {
        Ok(id == DEFAULT_PROGRAMME_ID || self.holds::<Programme, _>(source, id)?)
    }

    /// Whether we hold the programme or registry record `id` (deleted ones count: the
    /// link then points at a tombstone, as it would for a local record).
    fn holds<R: Stored, S: LocalSource>(&self, source: &S, id: Uuid) -> Result<bool, StoreError> {
        if let Some(k) = self.known.borrow().get(&id) {
            return Ok(*k);
        }
        // Existence only: reading and decoding the whole row cost an import 30 ms
        // (issue 17; a packet names thousands of offers and units).
        let k = source.existing::<R>(&[id])?.contains(&id);
        self.known.borrow_mut().insert(id, k);
        Ok(k)
    }

    /// Why `line` is outside what the sender may change, if it is. `local` is our
    /// version; `deletion` says the line deletes it; `household` is the record's.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn refusal<S: LocalSource>(
        &self,
        source: &S,
        table: &str,
        line: &RecordLine,
        local: Option<&StampedData>,
        deletion: bool,
        household: Option<Uuid>,
    ) -> Result<Option<String>, StoreError> {
        let role = self.sender.role;
        if self.team && self.team_snapshot {
            // The coordinator's snapshot carries what it applied from every log (the
            // team layer checked that the coordinator signed it).
            return Ok(None);
        }
        if self.team {
            // A member of the team shares the whole caseload; what it sends must be its
            // own writes (another member's arrive in that member's log).
            return Ok(line
                .stamps
                .values()
                .find(|s| s.site != self.sender_site)
                .map(|st| {
                    format!(
                        "modification datée par une autre installation ({}) que celle du membre \
                         de l'équipe qui l'envoie",
                        st.site
                    )
                }));
        }
        if role == PartnerRole::Financeur {
            // A funder holds our records under its own pseudonyms (issue 13): an id it
            // sends names none of ours, and nothing it sends changes our base.
            return Ok(Some(FUNDER_REFUSAL.into()));
        }
        if NEVER_TAKEN.contains(&table) {
            return Ok(Some(
                "consentement enregistré chez le partenaire : pour information, jamais repris \
                 (le consentement du ménage se recueille et s'enregistre ici)"
                    .into(),
            ));
        }
        if let Some(st) = line
            .stamps
            .values()
            .find(|s| s.site != self.sender_site && s.site != self.my_site)
        {
            return Ok(Some(format!(
                "modification datée par une autre installation ({}) que celle de l'expéditeur : \
                 seul l'auteur d'une modification peut vous l'envoyer",
                st.site
            )));
        }
        if REGISTRIES.contains(&table) {
            // The built-in programme is every base's own, stored or not yet (see
            // `holds_programme`): never the partner's copy, never « absent ».
            let ours = local.is_some()
                || (table == "programmes"
                    && uuid_of(&line.data, "id") == Some(DEFAULT_PROGRAMME_ID));
            return Ok(Some(if ours {
                "fiche de vos registres (dispositif, employeur, offre, bailleur, logement) : jamais modifiée par un partenaire".into()
            } else {
                format!(
                    "{} absent(e) de votre base : un partenaire n'ajoute jamais de dispositif ni de fiche à vos registres (employeur, offre, bailleur, logement) ; créez-la vous-même si elle vous concerne",
                    redact::table_label_fr(table)
                )
            }));
        }
        if redact::allowed(role, table, true).is_none() {
            return Ok(Some(format!(
                "un partenaire « {} » ne reçoit pas ces fiches ({}) : il ne peut pas les modifier",
                role.label_fr(),
                redact::table_label_fr(table)
            )));
        }
        let data = match local {
            Some(l) if line.data.len() <= 1 => &l.data,
            _ => &line.data,
        };
        if !redact::row_allowed(role, table, data) {
            return Ok(Some(format!(
                "fiche hors du rôle « {} » du partenaire",
                role.label_fr()
            )));
        }
        if !self.linked.row_allowed(table, data)
            || local.is_some_and(|l| !self.linked.row_allowed(table, &l.data))
        {
            return Ok(Some(format!(
                "{} sur une offre ou un logement qui n'est pas celui de ce partenaire : un employeur ou un bailleur relié à sa fiche ne modifie que ce qui concerne les siens",
                redact::table_label_fr(table)
            )));
        }
        if deletion && role != PartnerRole::Accompagnement {
            return Ok(Some(
                "suppression envoyée par un partenaire qui n'est pas d'accompagnement : refusée"
                    .into(),
            ));
        }
        if let Some(l) = local {
            for f in LINK_FIELDS {
                if let (Some(theirs), Some(mine)) = (line.data.get(*f), l.data.get(*f))
                    && theirs != mine
                    && line.stamps.contains_key(*f)
                {
                    return Ok(Some(
                        "fiche rattachée à un autre ménage ou une autre fiche que chez vous : un partenaire ne déplace pas une fiche".into(),
                    ));
                }
            }
        } else {
            // A new record pointing at a programme or registry record we do not hold:
            // those are never taken from a partner, so the record would point at nothing.
            let missing = match table {
                "cases" => match uuid_of(data, "programme_id") {
                    Some(p) => (!self.holds_programme(source, p)?).then_some("un dispositif"),
                    None => None,
                },
                _ => None,
            }
            .or(match uuid_of(data, "offer_id") {
                Some(o) if !self.holds::<JobOffer, _>(source, o)? => Some("une offre d'emploi"),
                _ => None,
            })
            .or(match uuid_of(data, "unit_id") {
                Some(u) if !self.holds::<HousingUnit, _>(source, u)? => Some("un logement"),
                _ => None,
            });
            if let Some(what) = missing {
                return Ok(Some(format!(
                    "fiche liée à {what} absent de votre base : un partenaire n'ajoute pas de fiche à vos registres (à créer chez vous d'abord)"
                )));
            }
            let refused = self.refused_new.borrow();
            if PARENT_FIELDS
                .iter()
                .filter_map(|f| uuid_of(data, f))
                .any(|p| refused.contains(&p))
            {
                return Ok(Some(
                    "fiche rattachée à une fiche refusée du même paquet".into(),
                ));
            }
            drop(refused);
            // A new record whose parent is neither in the packet nor here (the sender
            // moved that person to a household it then deleted, say): it would point at
            // nothing, and the database refused the whole packet (scope property).
            for f in PARENT_FIELDS {
                let Some(p) = uuid_of(data, f) else {
                    continue;
                };
                if self.households_in_packet.contains_key(&p) {
                    continue;
                }
                let absent = match *f {
                    "household_id" => source.local::<Household>(p)?.is_none(),
                    "adult_id" => source.local::<Adult>(p)?.is_none(),
                    "case_id" => source.local::<Case>(p)?.is_none(),
                    "appointment_id" => source.local::<Appointment>(p)?.is_none(),
                    _ => false,
                };
                if absent {
                    return Ok(Some(
                        "fiche rattachée à une personne ou une fiche qui n'est ni dans le paquet \
                         ni dans votre base : non reprise"
                            .into(),
                    ));
                }
            }
        }
        let Some(household) = household else {
            return Ok(Some("ménage de la fiche introuvable".into()));
        };
        if table != "households" && self.deleted_unknown.contains(&household) {
            return Ok(Some(
                "fiche d'un ménage que le partenaire a supprimé et que vous n'avez jamais reçu : \
                 non reprise"
                    .into(),
            ));
        }
        if self.exchanged.borrow().contains_key(&household) {
            return Ok(None);
        }
        // A household we do not hold yet, sent by an accompanying partner with its file.
        let new_here = self.new_here.contains(&household);
        if new_here && role == PartnerRole::Accompagnement {
            return Ok(None);
        }
        if !new_here && source.local::<Household>(household)?.is_none() {
            return Ok(Some("ménage de la fiche introuvable".into()));
        }
        Ok(Some(if new_here {
            format!(
                "nouveau ménage : seul un partenaire d'accompagnement peut en créer (celui-ci est « {} »)",
                role.label_fr()
            )
        } else {
            // Bases upgraded from an earlier version know the households they sent
            // (from the audit log) and those received and not opened since; the others
            // have to be sent once before the partner may change them.
            "ménage jamais échangé avec ce partenaire, ou reçu de lui avant la mise à jour de Passerelle sans lui avoir été envoyé depuis : il ne peut pas le modifier. Envoyez-lui d'abord le dossier".into()
        }))
    }
}

/// Checks that hold for the whole packet before any record: the sender's site is not
/// ours, and it is the one the partner's packets always carried.
pub(super) fn check_sites(packet: &OpenedPacket, my_site: Uuid) -> Result<(), PacketError> {
    let site = packet.manifest.sender.site;
    if site == my_site {
        return Err(PacketError::ForgedStamp);
    }
    if let Some(pinned) = packet.sender.trust.site
        && pinned != site
    {
        return Err(PacketError::SiteChanged);
    }
    Ok(())
}
