//! The duplicate review: a planned household that looks like one already known, in the
//! base or earlier in the file.

use super::*;

// ---------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------

/// A planned household that looks like one already known (in the base or earlier in the
/// file), for the duplicate review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Index of the planned household in [`Plan::households`].
    pub household: usize,
    /// First line of that household in the file.
    pub line: usize,
    /// French explanation (« même nom et date de naissance que … »).
    pub reason: String,
    /// The household of the base it resembles, if it is one of the base.
    pub existing: Option<Uuid>,
}

/// What the worker decided for a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateChoice {
    /// « ignorer cette ligne » (the safe default).
    #[default]
    Skip,
    /// « créer quand même ».
    CreateAnyway,
}

impl DuplicateChoice {
    /// The French label of the choice.
    pub fn label_fr(self) -> &'static str {
        match self {
            DuplicateChoice::Skip => "Ignorer ce ménage",
            DuplicateChoice::CreateAnyway => "Créer quand même",
        }
    }
}

pub(super) fn person_key(first: &str, last: &str, birth: Option<NaiveDate>) -> Option<String> {
    let birth = birth?;
    let name = fold(&format!("{first} {last}"));
    (!name.is_empty()).then(|| format!("{name}|{birth}"))
}

/// Finds planned households sharing a person (same first and last name and birth date) or
/// a CAF number with a household of the base or an earlier household of the file. One
/// entry per planned household (the first reason found).
pub fn find_duplicates(plan: &Plan, known: &[KnownPerson]) -> Vec<Duplicate> {
    let mut people: HashMap<String, (Option<Uuid>, String)> = HashMap::new();
    let mut cafs: HashMap<String, (Option<Uuid>, String)> = HashMap::new();
    for k in known {
        if let Some(key) = person_key(&k.first_name, &k.last_name, k.birth_date) {
            people.entry(key).or_insert((
                Some(k.household_id),
                format!("« {} » de la base", k.household_label),
            ));
        }
        if let Some(caf) = k
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
        {
            cafs.entry(caf).or_insert((
                Some(k.household_id),
                format!("« {} » de la base", k.household_label),
            ));
        }
    }
    let mut out = Vec::new();
    for (i, h) in plan.households.iter().enumerate() {
        let line = h.lines.first().copied().unwrap_or(0);
        let persons: Vec<(String, String, Option<NaiveDate>)> = h
            .adults
            .iter()
            .map(|a| (a.first_name.clone(), a.last_name.clone(), a.birth_date))
            .chain(
                h.children
                    .iter()
                    .map(|c| (c.first_name.clone(), c.last_name.clone(), c.birth_date)),
            )
            .collect();
        let mut found: Option<Duplicate> = None;
        if let Some(caf) = h
            .household
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
            && let Some((existing, what)) = cafs.get(&caf)
        {
            found = Some(Duplicate {
                household: i,
                line,
                reason: format!("même numéro CAF que le ménage {what}"),
                existing: *existing,
            });
        }
        for (first, last, birth) in &persons {
            if found.is_some() {
                break;
            }
            if let Some(key) = person_key(first, last, *birth)
                && let Some((existing, what)) = people.get(&key)
            {
                let birth = birth
                    .map(|b| b.format("%d/%m/%Y").to_string())
                    .unwrap_or_default();
                found = Some(Duplicate {
                    household: i,
                    line,
                    reason: format!(
                        "{} {} né·e le {birth} figure déjà dans le ménage {what}",
                        first.trim(),
                        last.trim()
                    ),
                    existing: *existing,
                });
            }
        }
        // Later households of the file are compared with this one too.
        let here = format!("« {} » (ligne {line} du fichier)", h.household.label);
        for (first, last, birth) in &persons {
            if let Some(key) = person_key(first, last, *birth) {
                people.entry(key).or_insert((None, here.clone()));
            }
        }
        if let Some(caf) = h
            .household
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
        {
            cafs.entry(caf).or_insert((None, here.clone()));
        }
        out.extend(found);
    }
    out
}
