//! The criteria of a housing unit for a household: typology, rent and effort rate,
//! availability, accessibility, schools and the commute to the job.

use super::*;

/// Rooms suitable for a household of `persons`: (smallest, largest) typology in rooms.
/// One room for the parents and about one per two children, with a room of margin; a
/// single person may take a T1 or a T2.
pub fn suitable_rooms(persons: u32) -> (u8, u8) {
    match persons {
        0 | 1 => (1, 2),
        2 => (2, 3),
        3 => (3, 4),
        4 => (3, 4),
        5 => (4, 5),
        6 => (4, 6),
        _ => (5, 6),
    }
}

/// Typology vs household size: in the suitable range (met), one room larger (partly:
/// dearer than needed), more (not met). Smaller than the range is too small for the
/// household: not met and rédhibitoire.
pub fn check_typology(household: &HouseholdProfile, unit: &UnitCandidate, explain: bool) -> Check {
    let (lo, hi) = suitable_rooms(household.persons);
    let rooms = unit.typology.rooms();
    let status = if (lo..=hi).contains(&rooms) {
        Status::Met
    } else if rooms == hi + 1 {
        Status::Partly
    } else {
        Status::NotMet
    };
    let too_small = rooms < lo;
    let c = check(Criterion::Typologie, status, explain, || {
        let persons = household.persons.max(1);
        let who = if persons == 1 {
            "1 personne".to_owned()
        } else {
            format!("{persons} personnes")
        };
        let mut text = format!("{} pour {who}", unit.typology.label_fr());
        if rooms < lo {
            text.push_str(" : trop petit");
        } else if rooms > hi {
            text.push_str(" : plus grand que nécessaire");
        }
        text
    });
    if too_small { eliminatory(c) } else { c }
}

/// Rent vs resources (taux d'effort, rent + charges over monthly resources): up to 30 %
/// met, up to 40 % partly, beyond not met; above the household's maximum rent it is at
/// best partly met. Unknown resources are partly met. Above `ceiling_pct` (the
/// programme's ceiling) it is rédhibitoire.
pub fn check_rent(
    household: &HouseholdProfile,
    unit: &UnitCandidate,
    ceiling_pct: u32,
    explain: bool,
) -> Check {
    let rent = unit.total_rent_cents;
    if household.resources_cents <= 0 {
        return check(Criterion::Loyer, Status::Partly, explain, || {
            format!(
                "loyer {} charges comprises, ressources non renseignées",
                euros(rent)
            )
        });
    }
    // Integer percent, rounded: what a worker computes by hand.
    let effort = (rent * 100 + household.resources_cents / 2) / household.resources_cents;
    let mut status = if effort <= 30 {
        Status::Met
    } else if effort <= 40 {
        Status::Partly
    } else {
        Status::NotMet
    };
    let over_max = household.max_rent_cents.is_some_and(|m| rent > m);
    if over_max && status == Status::Met {
        status = Status::Partly;
    }
    let over_ceiling = effort > i64::from(ceiling_pct);
    if over_ceiling {
        status = Status::NotMet;
    }
    let c = check(Criterion::Loyer, status, explain, || {
        let mut text = format!(
            "loyer {effort} % des ressources ({} / {})",
            euros(rent),
            euros(household.resources_cents)
        );
        if let (true, Some(max)) = (over_max, household.max_rent_cents) {
            text.push_str(&format!(", au-dessus du maximum de {}", euros(max)));
        }
        if over_ceiling {
            text.push_str(&format!(", au-dessus du plafond de {ceiling_pct} %"));
        }
        text
    });
    if over_ceiling { eliminatory(c) } else { c }
}

/// Unit availability: free within 30 days (met), within 90 (partly), later (not met).
pub fn check_unit_available(unit: &UnitCandidate, today: NaiveDate, explain: bool) -> Check {
    let from = unit.available_from.unwrap_or(today);
    let days = (from - today).num_days();
    let status = if days <= 30 {
        Status::Met
    } else if days <= 90 {
        Status::Partly
    } else {
        Status::NotMet
    };
    check(Criterion::Disponibilite, status, explain, || {
        if days <= 0 {
            "libre dès maintenant".to_owned()
        } else {
            format!("libre le {}", dmy(from))
        }
    })
}

/// Accessibility, only for a household with a health barrier: accessible (met), ground
/// floor or lift (partly), stairs (not met).
pub fn check_accessibility(
    household: &HouseholdProfile,
    unit: &UnitCandidate,
    explain: bool,
) -> Option<Check> {
    if !household.needs_accessibility {
        return None;
    }
    let status = if unit.accessible {
        Status::Met
    } else if unit.floor <= 0 || unit.lift {
        Status::Partly
    } else {
        Status::NotMet
    };
    Some(check(
        Criterion::Accessibilite,
        status,
        explain,
        || match status {
            Status::Met => "logement accessible (santé)".to_owned(),
            Status::Partly if unit.floor <= 0 => "rez-de-chaussée, non adapté (santé)".to_owned(),
            Status::Partly => format!("étage {} avec ascenseur, non adapté (santé)", unit.floor),
            Status::NotMet => format!("étage {} sans ascenseur (santé)", unit.floor),
        },
    ))
}

/// Schooling, only with children to school or mind: every establishment needed is known
/// in the unit's commune (met), some (partly), none (not met); unknown is partly met.
pub fn check_schooling(
    household: &HouseholdProfile,
    unit: &UnitCandidate,
    explain: bool,
) -> Option<Check> {
    if household.schooling_needs.is_empty() {
        return None;
    }
    let Some(schools) = &unit.schools else {
        return Some(check(Criterion::Scolarite, Status::Partly, explain, || {
            format!("établissements {} non renseignés", de_fr(&unit.place.name))
        }));
    };
    let missing: Vec<&str> = household
        .schooling_needs
        .iter()
        .filter(|e| !schools.contains(e))
        .map(crate::domain::model::Establishment::label_fr)
        .collect();
    let status = if missing.is_empty() {
        Status::Met
    } else if missing.len() < household.schooling_needs.len() {
        Status::Partly
    } else {
        Status::NotMet
    };
    Some(check(Criterion::Scolarite, status, explain, || {
        if missing.is_empty() {
            let all: Vec<&str> = household
                .schooling_needs
                .iter()
                .map(crate::domain::model::Establishment::label_fr)
                .collect();
            format!("{} à {}", all.join(", ").to_lowercase(), unit.place.name)
        } else {
            format!(
                "pas {} à {}",
                de_fr(&missing.join(", ").to_lowercase()),
                unit.place.name
            )
        }
    }))
}

/// Commuting distance of a bundle: up to half the limit met, up to the limit partly.
pub fn check_commute(km: f64, limit_km: f64, explain: bool) -> Check {
    let status = if km <= limit_km / 2.0 {
        Status::Met
    } else if km <= limit_km {
        Status::Partly
    } else {
        Status::NotMet
    };
    check(Criterion::Trajet, status, explain, || {
        format!("{km:.0} km entre l'emploi et le logement")
    })
}
