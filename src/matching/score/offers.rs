//! The criteria of a job offer for an adult: trade, qualification, contract, licence,
//! start date, distance, and what happened to an earlier proposal.

use super::*;

/// Trade: the adult seeks this trade (met), a trade of the same ROME domain (partly), or
/// neither (not met).
pub fn check_trade(adult: &AdultProfile, offer: &OfferCandidate, explain: bool) -> Check {
    if let Some(i) = adult
        .trades
        .iter()
        .position(|t| same_trade(t, &offer.trade))
    {
        return check(Criterion::Metier, Status::Met, explain, || {
            format!(
                "{} : métier recherché par {}",
                adult
                    .trades_shown
                    .get(i)
                    .map_or(offer.title.as_str(), String::as_str),
                adult.first_name
            )
        });
    }
    if adult.domains.contains(&offer.domain) {
        return check(Criterion::Metier, Status::Partly, explain, || {
            format!(
                "même domaine que le métier recherché par {} ({})",
                adult.first_name,
                offer.domain.label_fr()
            )
        });
    }
    eliminatory(check(Criterion::Metier, Status::NotMet, explain, || {
        let sought = if adult.trades_shown.is_empty() {
            "aucun métier renseigné".to_owned()
        } else {
            adult.trades_shown.join(", ")
        };
        format!(
            "{} ne correspond pas au métier recherché par {} ({sought})",
            offer.title, adult.first_name
        )
    }))
}

/// Qualification: only when the offer requires one; met with a qualification listed or a
/// CAP/BEP or higher, partly with experience in the trade or a foreign diploma.
pub fn check_qualification(
    adult: &AdultProfile,
    offer: &OfferCandidate,
    explain: bool,
) -> Option<Check> {
    if offer.qualification.trim().is_empty() {
        return None;
    }
    let diploma = matches!(
        adult.education,
        EducationLevel::CapBep
            | EducationLevel::Bac
            | EducationLevel::BacPlus2
            | EducationLevel::BacPlus3
    );
    let status = if diploma {
        Status::Met
    } else if !adult.qualifications.is_empty() || adult.education == EducationLevel::DiplomeEtranger
    {
        Status::Partly
    } else {
        Status::NotMet
    };
    Some(check(
        Criterion::Qualification,
        status,
        explain,
        || match status {
            Status::Met => format!(
                "{} exigé, {} : {}",
                offer.qualification,
                adult.first_name,
                adult.education.label_fr()
            ),
            Status::Partly => format!(
                "{} exigé, à vérifier ({})",
                offer.qualification,
                adult
                    .qualifications
                    .first()
                    .map_or(adult.education.label_fr(), String::as_str)
            ),
            Status::NotMet => format!(
                "{} exigé, {} n'a pas de diplôme",
                offer.qualification, adult.first_name
            ),
        },
    ))
}

/// Contract: durable (CDI, CDD ≥ 6 months) met; alternance and contrat pro partly (they
/// often lead to a durable job); short CDD and interim not met.
pub fn check_contract(offer: &OfferCandidate, explain: bool) -> Check {
    let status = match offer.contract {
        ContractKind::Cdi | ContractKind::CddLong => Status::Met,
        ContractKind::Alternance | ContractKind::ContratPro => Status::Partly,
        ContractKind::CddCourt | ContractKind::Interim => Status::NotMet,
    };
    check(Criterion::Contrat, status, explain, || {
        let hours = if (offer.hours_per_week - 35.0).abs() < 0.01 {
            "temps plein".to_owned()
        } else {
            format!("{} h par semaine", offer.hours_per_week)
        };
        match status {
            Status::Met => format!("{}, {hours} : emploi durable", offer.contract.label_fr()),
            Status::Partly => format!(
                "{}, {hours} : formation en emploi, pas encore durable",
                offer.contract.label_fr()
            ),
            Status::NotMet => format!(
                "{}, {hours} : pas un emploi durable",
                offer.contract.label_fr()
            ),
        }
    })
}

/// Licence and vehicle: only when the offer requires one of them.
pub fn check_licence(adult: &AdultProfile, offer: &OfferCandidate, explain: bool) -> Option<Check> {
    if !offer.requires_licence && !offer.requires_vehicle {
        return None;
    }
    let (status, text) = match (
        offer.requires_licence || offer.requires_vehicle,
        offer.requires_vehicle,
    ) {
        _ if !adult.licence => (Status::NotMet, "permis B exigé, non détenu"),
        (_, true) if !adult.vehicle => (
            Status::Partly,
            "véhicule exigé : permis détenu, pas de véhicule",
        ),
        (_, true) => (Status::Met, "permis B et véhicule exigés, détenus"),
        _ => (Status::Met, "permis B exigé, détenu"),
    };
    let c = check(Criterion::Permis, status, explain, || text.to_owned());
    // No licence for a job that requires one: rédhibitoire (the model records no licence
    // under way, so there is no plan to wait for).
    Some(if status == Status::NotMet {
        eliminatory(c)
    } else {
        c
    })
}

/// Availability vs start date: available by the start (met), within 30 days after it
/// (partly), later (not met). An unknown date on either side is partly met.
pub fn check_start(
    adult: &AdultProfile,
    offer: &OfferCandidate,
    today: NaiveDate,
    explain: bool,
) -> Check {
    let available = adult.available_from.unwrap_or(today).max(today);
    let Some(start) = offer.start_date else {
        return check(Criterion::Disponibilite, Status::Partly, explain, || {
            format!(
                "date de début non fixée, {} disponible le {}",
                adult.first_name,
                dmy(available)
            )
        });
    };
    let start = start.max(today);
    let late_days = (available - start).num_days();
    let status = if late_days <= 0 {
        Status::Met
    } else if late_days <= 30 {
        Status::Partly
    } else {
        Status::NotMet
    };
    check(Criterion::Disponibilite, status, explain, || {
        format!(
            "début le {}, {} disponible le {}",
            dmy(start),
            adult.first_name,
            dmy(available)
        )
    })
}

/// Distance from `target` to the nearest wished commune, against `radius_km`: within
/// (met), within twice (partly), beyond (not met). In a wished commune is always met.
pub fn check_distance(
    household: &HouseholdProfile,
    target: &Place,
    radius_km: f64,
    explain: bool,
) -> (Check, Option<f64>) {
    distance_check(
        household,
        target,
        nearest_wished(household, target),
        radius_km,
        explain,
    )
}

/// [`check_distance`] from the nearest wished commune already found.
pub(crate) fn distance_check(
    household: &HouseholdProfile,
    target: &Place,
    nearest: Nearest,
    radius_km: f64,
    explain: bool,
) -> (Check, Option<f64>) {
    let (km, wished) = match nearest {
        Nearest::NoWish => {
            let c = check(Criterion::Distance, Status::Partly, explain, || {
                "aucune commune souhaitée renseignée".to_owned()
            });
            return (c, None);
        }
        Nearest::Wished(i) => {
            let c = check(Criterion::Distance, Status::Met, explain, || {
                format!("{} : commune souhaitée", household.wished[i].name)
            });
            return (c, Some(0.0));
        }
        Nearest::PlaceUnknown => {
            let c = check(Criterion::Distance, Status::Partly, explain, || {
                format!(
                    "distance inconnue : position {} à saisir",
                    de_fr(&target.name)
                )
            });
            return (c, None);
        }
        Nearest::WishedUnknown => {
            let c = check(Criterion::Distance, Status::Partly, explain, || {
                "distance inconnue : position des communes souhaitées à saisir".to_owned()
            });
            return (c, None);
        }
        Nearest::Near(i, km) => (km, &household.wished[i]),
    };
    let status = if km <= radius_km {
        Status::Met
    } else if km <= 2.0 * radius_km {
        Status::Partly
    } else {
        Status::NotMet
    };
    let c = check(Criterion::Distance, status, explain, || {
        format!(
            "{} à {:.0} km {} (souhaitée ; rayon {:.0} km)",
            target.name,
            km,
            de_fr(&wished.name),
            radius_km
        )
    });
    (c, Some(km))
}

/// The history of the pair: a declined pair is not met (and ranked down), an accepted one
/// met, a pending one partly ("déjà positionné").
pub fn check_history(past: Option<&PastProposal>, explain: bool) -> Option<Check> {
    let p = past?;
    let status = match p.status {
        ProposalStatus::Refuse => Status::NotMet,
        ProposalStatus::Accepte => Status::Met,
        ProposalStatus::Propose | ProposalStatus::Entretien => Status::Partly,
    };
    Some(check(Criterion::Historique, status, explain, || {
        match p.status {
            ProposalStatus::Refuse => {
                let by = p.decline_by.map_or("refusé", |b| match b {
                    DeclineBy::Menage => "refusé par le ménage",
                    DeclineBy::Employeur => "refusé par l'employeur",
                    DeclineBy::Bailleur => "refusé par le bailleur",
                    DeclineBy::Referent => "écarté par le ou la référent·e",
                });
                let reason = p.decline_reason.trim();
                if reason.is_empty() {
                    format!("{by} (positionné le {})", dmy(p.proposed_on))
                } else {
                    format!("{by} : « {reason} »")
                }
            }
            ProposalStatus::Accepte => format!("accepté (positionné le {})", dmy(p.proposed_on)),
            s => format!(
                "déjà positionné le {} ({})",
                dmy(p.proposed_on),
                s.label_fr().to_lowercase()
            ),
        }
    }))
}
