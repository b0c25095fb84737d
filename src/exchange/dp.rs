//! Data-protection exports (issue 14): the access log for the DPO, as CSV or JSON.
//! The entries hold ids, actions and counts, never a name; the file is still written
//! owner-only and only after the « fichier non chiffré » warning (by the caller).

use crate::store::audit::AuditEntry;

use super::tabular::{Cell, Table, TabularError};

/// The headers of the access log export, in French.
const HEADERS: &[&str] = &[
    "n°",
    "date (UTC)",
    "professionnel·le",
    "action",
    "objets",
    "détail",
    "empreinte précédente",
    "empreinte",
];

/// The access log as one table (for CSV).
pub fn audit_table(entries: &[AuditEntry]) -> Table {
    let mut table = Table::new("Journal d'accès", HEADERS);
    table.rows = entries
        .iter()
        .map(|e| {
            vec![
                Cell::Text(e.id.to_string()),
                Cell::Text(e.at.clone()),
                Cell::Text(e.actor.clone()),
                Cell::Text(e.action.clone()),
                Cell::Text(e.objects.clone()),
                Cell::Text(e.detail.clone()),
                Cell::Text(e.prev_hash.clone()),
                Cell::Text(e.hash.clone()),
            ]
        })
        .collect();
    table
}

/// The access log as CSV bytes (UTF-8 with BOM, `;`), the hashes included so that the
/// DPO can re-check the chain outside the app.
pub fn audit_csv(entries: &[AuditEntry]) -> Result<Vec<u8>, TabularError> {
    audit_table(entries).to_csv()
}

/// The access log as pretty JSON bytes: an array of entries.
pub fn audit_json(entries: &[AuditEntry]) -> Result<Vec<u8>, serde_json::Error> {
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id,
                "at": e.at,
                "worker": e.actor,
                "action": e.action,
                "objects": e.objects.split(' ').filter(|o| !o.is_empty()).collect::<Vec<_>>(),
                "detail": e.detail,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list)?;
    text.push('\n');
    Ok(text.into_bytes())
}
