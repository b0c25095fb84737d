//! The people who use the bases of a team (« intervenant·es »): who moved a case, wrote a
//! note, recorded an attendance or a proposal decision, and who is référent·e of a case.
//! Pure.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A worker of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worker {
    /// Identifier.
    pub id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Structure (association, service) the worker belongs to.
    pub structure: String,
    /// The base (its site id) the worker uses, when known: a colleague typed in by hand has
    /// none until her device joins the team.
    pub device: Option<Uuid>,
}

impl Worker {
    /// "First Last", the name written in histories and shown as référent·e.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_owned()
    }

    /// Checks what a worker form must hold; the French reason otherwise.
    pub fn check(&self) -> Result<(), String> {
        if self.first_name.trim().is_empty() || self.last_name.trim().is_empty() {
            return Err("Indiquez le prénom et le nom (par exemple « Samira Benali »).".into());
        }
        let too_long = [&self.first_name, &self.last_name, &self.structure]
            .iter()
            .any(|s| s.chars().count() > 120);
        if too_long {
            return Err("Un des champs dépasse 120 caractères : raccourcissez-le.".into());
        }
        if [&self.first_name, &self.last_name, &self.structure]
            .iter()
            .any(|s| s.chars().any(char::is_control))
        {
            return Err("Un des champs contient un caractère invisible : retapez-le.".into());
        }
        Ok(())
    }
}

/// The names the référent·e picker offers: every worker's display name, sorted and
/// without duplicates, plus `current` when it is a name typed before workers existed (so
/// that opening a household never silently changes its référent·e).
pub fn referent_choices(workers: &[Worker], current: &str) -> Vec<String> {
    let mut names: Vec<String> = workers.iter().map(Worker::display_name).collect();
    let current = current.trim();
    if !current.is_empty() && !names.iter().any(|n| n == current) {
        names.push(current.to_owned());
    }
    names.sort_by_key(|n| sort_key(n));
    names.dedup();
    names
}

/// Lowercase without French accents: « Élodie » sorts with the E.
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            other => other.to_lowercase().next().unwrap_or(other),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(first: &str, last: &str) -> Worker {
        Worker {
            id: Uuid::new_v4(),
            first_name: first.into(),
            last_name: last.into(),
            structure: "Association Toit".into(),
            device: None,
        }
    }

    #[test]
    fn display_name_trims() {
        assert_eq!(w(" Nadia ", "Ferreira ").display_name(), "Nadia Ferreira");
    }

    #[test]
    fn check_refuses_missing_name_and_control_chars() {
        assert!(w("Nadia", "").check().is_err());
        assert!(w("Na\u{7}dia", "Ferreira").check().is_err());
        assert!(w("Nadia", "Ferreira").check().is_ok());
    }

    #[test]
    fn choices_keep_a_legacy_name_and_sort() {
        let workers = [w("Samira", "Benali"), w("Élodie", "Roux")];
        assert_eq!(
            referent_choices(&workers, "Marc Dupuis"),
            ["Élodie Roux", "Marc Dupuis", "Samira Benali"]
        );
        assert_eq!(
            referent_choices(&workers, "Samira Benali"),
            ["Élodie Roux", "Samira Benali"]
        );
    }
}
