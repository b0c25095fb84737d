//! The criteria of the matching (DESIGN.md §6), their three outcomes, and their weights.

use serde::{Deserialize, Serialize};

/// One criterion a suggestion is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criterion {
    /// The trade sought by an adult vs the offer's trade (or its ROME domain).
    Metier,
    /// The qualification the offer requires.
    Qualification,
    /// Durable contract (CDI, CDD ≥ 6 months) first.
    Contrat,
    /// Driving licence and vehicle vs what the offer requires.
    Permis,
    /// The adult's availability vs the offer's start date, or the unit's availability.
    Disponibilite,
    /// Distance to the household's wished communes.
    Distance,
    /// Typology vs household size.
    Typologie,
    /// Rent vs resources (taux d'effort), and the household's maximum rent.
    Loyer,
    /// Accessibility when the household has a health barrier.
    Accessibilite,
    /// Schools of the children's levels in the unit's commune.
    Scolarite,
    /// Commuting distance between the job and the home (bundles).
    Trajet,
    /// An earlier proposal of the same pair (declined pairs are ranked down).
    Historique,
}

impl Criterion {
    /// Every criterion, in the order explanations list them.
    pub const ALL: [Criterion; 12] = [
        Criterion::Metier,
        Criterion::Qualification,
        Criterion::Contrat,
        Criterion::Permis,
        Criterion::Disponibilite,
        Criterion::Distance,
        Criterion::Typologie,
        Criterion::Loyer,
        Criterion::Accessibilite,
        Criterion::Scolarite,
        Criterion::Trajet,
        Criterion::Historique,
    ];

    /// French name, as in the settings.
    pub fn label_fr(self) -> &'static str {
        match self {
            Criterion::Metier => "Métier",
            Criterion::Qualification => "Qualification",
            Criterion::Contrat => "Contrat durable",
            Criterion::Permis => "Permis et véhicule",
            Criterion::Disponibilite => "Disponibilité",
            Criterion::Distance => "Distance",
            Criterion::Typologie => "Typologie",
            Criterion::Loyer => "Loyer et ressources",
            Criterion::Accessibilite => "Accessibilité",
            Criterion::Scolarite => "Scolarité",
            Criterion::Trajet => "Trajet emploi – logement",
            Criterion::Historique => "Positionnements précédents",
        }
    }
}

/// How well a criterion is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Not met (✗).
    NotMet,
    /// Partly met, or unknown (~).
    Partly,
    /// Met (✓).
    Met,
}

impl Status {
    /// The mark printed after a reason: ✓, ~ or ✗.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Met => "✓",
            Status::Partly => "~",
            Status::NotMet => "✗",
        }
    }

    /// Share of the criterion's weight earned: 1, ½ or 0.
    pub fn value(self) -> f32 {
        match self {
            Status::Met => 1.0,
            Status::Partly => 0.5,
            Status::NotMet => 0.0,
        }
    }
}

/// One criterion judged for one suggestion, with its reason in French.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The criterion.
    pub criterion: Criterion,
    /// Met, partly, not met.
    pub status: Status,
    /// Why, in French ("T3 pour 4 personnes"); empty when the ranking ran without
    /// explanations (only the shown suggestions are explained).
    pub reason: String,
    /// A criterion a worker treats as rédhibitoire failed (trade, licence, rent above the
    /// ceiling, unit too small): the candidate goes to « à écarter », whatever the rest.
    pub eliminatory: bool,
}

impl Check {
    /// Whether the check is information rather than a criterion: an earlier proposal of the
    /// pair (« déjà positionné », « refusé par… ») weighs nothing and is not counted among
    /// the criteria met or partly met.
    pub fn is_info(&self) -> bool {
        self.criterion == Criterion::Historique
    }

    /// "T3 pour 4 personnes ✓".
    pub fn explained(&self) -> String {
        format!("{} {}", self.reason, self.status.mark())
    }
}

/// Importance of each criterion in the score (0 = ignored). Saved in the settings.
///
/// The defaults put first what makes a proposal fail in practice: a trade the adult does
/// not do, a dwelling the household cannot pay or cannot fit in, a licence it does not
/// have. Distance and durability come next; schooling and availability refine the order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    /// Trade: 3.
    pub metier: f32,
    /// Qualification: 1.
    pub qualification: f32,
    /// Durable contract: 2.
    pub contrat: f32,
    /// Licence and vehicle: 2.
    pub permis: f32,
    /// Availability: 1.
    pub disponibilite: f32,
    /// Distance to the wished communes: 2.
    pub distance: f32,
    /// Typology: 3.
    pub typologie: f32,
    /// Rent vs resources: 3.
    pub loyer: f32,
    /// Accessibility: 2.
    pub accessibilite: f32,
    /// Schooling: 1.5.
    pub scolarite: f32,
    /// Commuting distance of a bundle: 2.
    pub trajet: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            metier: 3.0,
            qualification: 1.0,
            contrat: 2.0,
            permis: 2.0,
            disponibilite: 1.0,
            distance: 2.0,
            typologie: 3.0,
            loyer: 3.0,
            accessibilite: 2.0,
            scolarite: 1.5,
            trajet: 2.0,
        }
    }
}

impl Weights {
    /// Highest weight the settings accept.
    pub const MAX: f32 = 5.0;

    /// The weight of a criterion. The history has no weight: a declined pair is ranked
    /// after every other suggestion whatever its score.
    pub fn of(&self, criterion: Criterion) -> f32 {
        match criterion {
            Criterion::Metier => self.metier,
            Criterion::Qualification => self.qualification,
            Criterion::Contrat => self.contrat,
            Criterion::Permis => self.permis,
            Criterion::Disponibilite => self.disponibilite,
            Criterion::Distance => self.distance,
            Criterion::Typologie => self.typologie,
            Criterion::Loyer => self.loyer,
            Criterion::Accessibilite => self.accessibilite,
            Criterion::Scolarite => self.scolarite,
            Criterion::Trajet => self.trajet,
            Criterion::Historique => 0.0,
        }
    }

    /// A mutable reference to a criterion's weight (settings sliders); `None` for the history.
    pub fn get_mut(&mut self, criterion: Criterion) -> Option<&mut f32> {
        Some(match criterion {
            Criterion::Metier => &mut self.metier,
            Criterion::Qualification => &mut self.qualification,
            Criterion::Contrat => &mut self.contrat,
            Criterion::Permis => &mut self.permis,
            Criterion::Disponibilite => &mut self.disponibilite,
            Criterion::Distance => &mut self.distance,
            Criterion::Typologie => &mut self.typologie,
            Criterion::Loyer => &mut self.loyer,
            Criterion::Accessibilite => &mut self.accessibilite,
            Criterion::Scolarite => &mut self.scolarite,
            Criterion::Trajet => &mut self.trajet,
            Criterion::Historique => return None,
        })
    }

    /// The weights with every value brought into 0..=[`Weights::MAX`] (NaN → default).
    pub fn clamped(mut self) -> Weights {
        let defaults = Weights::default();
        for c in Criterion::ALL {
            let d = defaults.of(c);
            if let Some(w) = self.get_mut(c) {
                *w = if w.is_finite() {
                    w.clamp(0.0, Weights::MAX)
                } else {
                    d
                };
            }
        }
        self
    }

    /// The weights saved in the settings under [`WEIGHTS_SETTING`], clamped; the defaults
    /// when nothing was saved or the text does not read (a hand-edited or older value must
    /// not keep the matching panel from opening).
    pub fn from_setting(json: Option<&str>) -> Weights {
        json.and_then(|j| serde_json::from_str::<Weights>(j).ok())
            .unwrap_or_default()
            .clamped()
    }

    /// The text saved under [`WEIGHTS_SETTING`] (clamped first).
    pub fn to_setting(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&self.clamped())
    }
}

/// Setting key of the criterion weights (see [`Weights::from_setting`]).
pub const WEIGHTS_SETTING: &str = "matching.weights";

/// Score in percent of a list of checks: the weighted share of criteria met (½ for partly).
pub fn score_percent(checks: &[Check], weights: &Weights) -> f32 {
    let (mut earned, mut total) = (0.0f32, 0.0f32);
    for c in checks {
        let w = weights.of(c.criterion);
        earned += w * c.status.value();
        total += w;
    }
    if total <= 0.0 {
        0.0
    } else {
        earned / total * 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(criterion: Criterion, status: Status) -> Check {
        Check {
            criterion,
            status,
            reason: String::new(),
            eliminatory: false,
        }
    }

    #[test]
    fn score_is_the_weighted_share_of_criteria_met() {
        let w = Weights::default();
        let cases: &[(&[(Criterion, Status)], f32)] = &[
            (&[], 0.0),
            (&[(Criterion::Metier, Status::Met)], 100.0),
            (&[(Criterion::Metier, Status::Partly)], 50.0),
            // 3 (métier) met + 2 (permis) not met = 3 / 5.
            (
                &[
                    (Criterion::Metier, Status::Met),
                    (Criterion::Permis, Status::NotMet),
                ],
                60.0,
            ),
            // The history weighs nothing.
            (
                &[
                    (Criterion::Metier, Status::Met),
                    (Criterion::Historique, Status::NotMet),
                ],
                100.0,
            ),
        ];
        for (checks, expected) in cases {
            let checks: Vec<_> = checks.iter().map(|(c, s)| check(*c, *s)).collect();
            let got = score_percent(&checks, &w);
            assert!((got - expected).abs() < 1e-3, "{checks:?}: {got}");
        }
    }

    #[test]
    fn weights_are_clamped_and_serialised_with_defaults_for_missing_keys() {
        let w = Weights {
            metier: 99.0,
            loyer: f32::NAN,
            ..Weights::default()
        };
        let c = w.clamped();
        assert_eq!(c.metier, Weights::MAX);
        assert_eq!(c.loyer, 3.0);
        let partial: Weights = serde_json::from_str(r#"{"metier": 1.0}"#).expect("json");
        assert_eq!(partial.metier, 1.0);
        assert_eq!(partial.typologie, Weights::default().typologie);
    }

    #[test]
    fn explanation_ends_with_its_mark() {
        let c = Check {
            criterion: Criterion::Typologie,
            status: Status::Met,
            reason: "T3 pour 4 personnes".into(),
            eliminatory: false,
        };
        assert_eq!(c.explained(), "T3 pour 4 personnes ✓");
    }
}
