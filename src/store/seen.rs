//! SQL of the « Échanges » view (see `sql/0007_seen.sql`): the « modifié depuis votre
//! dernière visite » marks left by imports, the packet log as a list, and the open
//! conflicts with who wrote each value and when.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::records::parse_uuid;
use super::{Store, StoreError, Tx};

/// Why a household is marked « modifié depuis votre dernière visite ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMark {
    /// Organisation that sent the packet.
    pub sender: String,
    /// When the packet was applied (RFC 3339).
    pub at: String,
}

/// One line of the packet log, for the import/export history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketLogEntry {
    /// The packet.
    pub packet_id: Uuid,
    /// `export` or `import`.
    pub direction: String,
    /// The partner it came from (imports) or went to (first recipient of exports).
    pub partner_id: Option<Uuid>,
    /// When (RFC 3339).
    pub at: String,
    /// Counts as JSON (never personal data).
    pub summary: String,
}

/// An open conflict with the stamps of both values (who wrote them, when).
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictDetail {
    /// Row id, to resolve it.
    pub id: i64,
    /// Packet that brought it.
    pub packet_id: Uuid,
    /// The partner who sent that packet, when the log knows it.
    pub partner_id: Option<Uuid>,
    /// Table of the record.
    pub table: String,
    /// The record.
    pub record_id: Uuid,
    /// The field.
    pub field: String,
    /// JSON of the value kept.
    pub kept: String,
    /// JSON stamp of the value kept.
    pub kept_stamp: String,
    /// JSON of the value that lost.
    pub lost: String,
    /// JSON stamp of the value that lost.
    pub lost_stamp: String,
}

fn marks_in(conn: &rusqlite::Connection) -> Result<HashMap<Uuid, ChangeMark>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT household_id, sender, at FROM household_changes")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(
            parse_uuid(&r.get::<_, String>(0)?)?,
            ChangeMark {
                sender: r.get(1)?,
                at: r.get(2)?,
            },
        );
    }
    Ok(out)
}

impl Store {
    /// Households changed by an import and not opened since, with why.
    pub fn changed_households(&self) -> Result<HashMap<Uuid, ChangeMark>, StoreError> {
        marks_in(self.conn())
    }

    /// The mark of one household, if it has one.
    pub fn change_mark(&self, household_id: Uuid) -> Result<Option<ChangeMark>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT sender, at FROM household_changes WHERE household_id = ?1",
                [household_id.to_string()],
                |r| {
                    Ok(ChangeMark {
                        sender: r.get(0)?,
                        at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// The household was opened: removes its mark and returns it (no write without one).
    pub fn take_change_mark(
        &mut self,
        household_id: Uuid,
    ) -> Result<Option<ChangeMark>, StoreError> {
        let Some(mark) = self.change_mark(household_id)? else {
            return Ok(None);
        };
        self.write(|tx| {
            tx.sql().execute(
                "DELETE FROM household_changes WHERE household_id = ?1",
                [household_id.to_string()],
            )?;
            Ok(())
        })?;
        Ok(Some(mark))
    }

    /// The last `limit` packets written or imported, newest first.
    pub fn packet_log(&self, limit: usize) -> Result<Vec<PacketLogEntry>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT packet_id, direction, partner_id, at, summary FROM packet_log \
             ORDER BY at DESC LIMIT ?1",
        )?;
        let mut rows = stmt.query([limit as i64])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(PacketLogEntry {
                packet_id: parse_uuid(&r.get::<_, String>(0)?)?,
                direction: r.get(1)?,
                partner_id: r
                    .get::<_, Option<String>>(2)?
                    .map(|p| parse_uuid(&p))
                    .transpose()?,
                at: r.get(3)?,
                summary: r.get(4)?,
            });
        }
        Ok(out)
    }

    /// Open conflicts with both stamps and the sending partner, oldest first.
    pub fn conflict_details(&self) -> Result<Vec<ConflictDetail>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.packet_id, p.partner_id, c.table_name, c.record_id, c.field, \
             c.kept, c.kept_stamp, c.lost, c.lost_stamp \
             FROM merge_conflicts c LEFT JOIN packet_log p ON p.packet_id = c.packet_id \
             WHERE c.resolved_at IS NULL ORDER BY c.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(ConflictDetail {
                id: r.get(0)?,
                packet_id: parse_uuid(&r.get::<_, String>(1)?)?,
                partner_id: r
                    .get::<_, Option<String>>(2)?
                    .map(|p| parse_uuid(&p))
                    .transpose()?,
                table: r.get(3)?,
                record_id: parse_uuid(&r.get::<_, String>(4)?)?,
                field: r.get(5)?,
                kept: r.get(6)?,
                kept_stamp: r.get(7)?,
                lost: r.get(8)?,
                lost_stamp: r.get(9)?,
            });
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// Marks households as changed by packet `packet_id` from `sender` (a later import
    /// replaces the mark: the newest sender is the one to call).
    pub fn mark_households_changed(
        &self,
        households: &[Uuid],
        packet_id: Uuid,
        sender: &str,
    ) -> Result<(), StoreError> {
        let mut stmt = self.sql().prepare_cached(
            "INSERT INTO household_changes (household_id, packet_id, sender, at) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(household_id) DO UPDATE SET \
             packet_id = excluded.packet_id, sender = excluded.sender, at = excluded.at",
        )?;
        let at = self.now().to_rfc3339();
        for h in households {
            stmt.execute(params![h.to_string(), packet_id.to_string(), sender, at])?;
        }
        Ok(())
    }
}
