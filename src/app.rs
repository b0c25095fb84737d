//! The eframe application. Temporary placeholder until the app shell lands (branch `ui`).

use crate::store::StorePaths;

/// Not available yet in this intermediate commit: says so instead of pretending.
pub fn run_gui(_paths: StorePaths) -> anyhow::Result<()> {
    anyhow::bail!("l'interface graphique n'est pas encore disponible dans cette version")
}
