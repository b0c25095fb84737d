//! Demo data. Temporary placeholder until the demo generator lands (branch `domain`).

use crate::store::{Store, StoreError};

/// Options of the demo generator.
pub struct DemoOptions {
    /// Number of households.
    pub households: usize,
    /// Random seed.
    pub seed: u64,
}

/// Not available yet in this intermediate commit: says so instead of pretending.
pub fn fill(_store: &mut Store, _options: &DemoOptions) -> Result<String, StoreError> {
    Err(StoreError::Invalid(
        "données de démonstration pas encore disponibles dans cette version".into(),
    ))
}
