//! What the worker decides after an import, each in one audited transaction: restoring
//! what a packet deleted here (kept, inside the encrypted base, for
//! [`DELETION_UNDO_DAYS`]), and settling a conflict the merge kept (keep ours, or take the
//! partner's value as a new local edit).

use serde_json::Value;
use uuid::Uuid;

use super::wire::{TableVisitor, dispatch};
use super::{PacketError, crypto};
use crate::domain::record::Stamps;
use crate::store::records::Stored;
use crate::store::{Store, StoreError, Tx};

/// How long a record deleted by a packet can be restored here.
pub const DELETION_UNDO_DAYS: i64 = 30;

// ---------------------------------------------------------------------------------------
// Local undo of deletions received in packets
// ---------------------------------------------------------------------------------------

/// Restores one undo row's record (`visit` per table).
struct Restore<'a, 't> {
    tx: &'a Tx<'t>,
    row: &'a crate::store::exchange::PacketDeletion,
}

impl TableVisitor for Restore<'_, '_> {
    type Out = Result<(), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let Value::Object(data) = serde_json::from_str::<Value>(&self.row.data)? else {
            return Err(StoreError::Invalid(format!(
                "{} : format inattendu.",
                R::TABLE
            )));
        };
        let stamps: Stamps = serde_json::from_str(&self.row.stamps)?;
        self.tx.restore_deleted::<R>(data, &stamps)
    }
}

/// Restores what one packet deleted in one household (`None`: its records of no
/// household), in one transaction with an audit entry (ids only). Records deleted again
/// since, or no longer restorable (past 30 days), are refused with a French message.
pub fn restore_deletions(
    store: &mut Store,
    packet_id: Uuid,
    household_id: Option<Uuid>,
) -> Result<usize, PacketError> {
    let restored = store.write(|tx| {
        tx.purge_expired_packet_deletions()?;
        let rows = tx.packet_deletions_of(packet_id, household_id)?;
        if rows.is_empty() {
            return Err(StoreError::Invalid(
                "Ces fiches ne peuvent plus être restaurées (plus de 30 jours, ou déjà restaurées)."
                    .into(),
            ));
        }
        // Parents first (the household before its adults…): the order they were kept in.
        for row in &rows {
            let mut v = Restore { tx, row };
            dispatch(&row.table, &mut v)
                .unwrap_or_else(|| Err(StoreError::Invalid("table inconnue".into())))?;
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        tx.forget_packet_deletions(&ids)?;
        tx.audit(
            "suppression reçue annulée",
            &format!(
                "paquet {packet_id} ; ménage {} ; fiches restaurées : {}",
                household_id.map_or_else(|| "aucun".to_owned(), |h| h.to_string()),
                rows.iter()
                    .map(|r| format!("{} {}", r.table, r.record_id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )?;
        Ok(rows.len())
    })?;
    Ok(restored)
}

// ---------------------------------------------------------------------------------------
// Conflict resolution
// ---------------------------------------------------------------------------------------

/// Writes `value` into `field` of a record as a new local edit (new stamp: it then wins
/// on every replica at the next exchange).
struct TakeValue<'a, 't> {
    tx: &'a Tx<'t>,
    id: Uuid,
    field: &'a str,
    value: Value,
}

impl TableVisitor for TakeValue<'_, '_> {
    type Out = Result<(), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let Some(record) = self.tx.find::<R>(self.id)? else {
            // Deleted since: nothing to take.
            return Ok(());
        };
        let Value::Object(mut data) = serde_json::to_value(&record)? else {
            return Err(StoreError::Invalid(format!(
                "{} : format inattendu.",
                R::TABLE
            )));
        };
        data.insert(self.field.to_owned(), self.value.clone());
        let updated: R = serde_json::from_value(Value::Object(data))?;
        self.tx.put(&updated).map(|_| ())
    }
}

/// Resolves a conflict kept by an import: `take_theirs` writes the value that lost as a
/// new local edit; otherwise the kept value stays ("keep mine"). Either way the conflict
/// is closed, in one transaction with an audit entry.
pub fn resolve_conflict(
    store: &mut Store,
    conflict_id: i64,
    take_theirs: bool,
) -> Result<(), PacketError> {
    let conflict = store
        .open_conflicts()?
        .into_iter()
        .find(|c| c.id == conflict_id)
        .ok_or_else(|| PacketError::BadManifest("conflit introuvable ou déjà résolu".into()))?;
    let lost: Value = serde_json::from_str(&conflict.lost).map_err(crypto)?;
    store.write(|tx| {
        if take_theirs {
            let mut v = TakeValue {
                tx,
                id: conflict.record_id,
                field: &conflict.field,
                value: lost.clone(),
            };
            dispatch(&conflict.table, &mut v)
                .unwrap_or_else(|| Err(StoreError::Invalid("table inconnue".into())))?;
        }
        tx.resolve_conflict(conflict.id)?;
        tx.audit(
            "conflit résolu",
            &format!(
                "{} {} champ {} : {}",
                conflict.table,
                conflict.record_id,
                conflict.field,
                if take_theirs {
                    "valeur du partenaire"
                } else {
                    "valeur gardée"
                }
            ),
        )
    })?;
    Ok(())
}
