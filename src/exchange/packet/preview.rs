//! What importing a packet would do, as the worker reads it before choosing: one
//! [`PreviewItem`] per record (new, updated, conflicting, unchanged, deleted, refused and
//! why), their counts and the French summary; [`preview`] computes it without writing (the
//! same plan as the import, see `apply`).

use chrono::DateTime;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::apply::plan_all;
use super::export::sender_audience;
use super::scope::NEVER_TAKEN;
use super::{OpenedPacket, PacketError, now_ms};
use crate::domain::merge::{FieldConflict, MergeKind};
use crate::domain::model::PartnerRole;
use crate::domain::text::count;
use crate::exchange::redact;
use crate::store::Store;

/// What importing one record does.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewItem {
    /// Table.
    pub table: String,
    /// Record id.
    pub id: Uuid,
    /// What the worker recognises it by (a name, a date…).
    pub label: String,
    /// New, updated or unchanged.
    pub kind: MergeKind,
    /// Concurrent edits (the record is then "conflicting").
    pub conflicts: Vec<FieldConflict>,
    /// The packet deletes this record here: applied only when the worker chooses to.
    pub deletion: bool,
    /// Outside what the sender may change: why (French). Nothing of it is written.
    pub refused: Option<String>,
}

impl PreviewItem {
    /// Whether the item changes nothing and is no news (neither refused nor a deletion).
    fn counted(&self) -> bool {
        self.refused.is_none() && !self.deletion
    }
}

/// What importing a packet does, record by record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    /// The packet.
    pub packet_id: Uuid,
    /// Sender organisation.
    pub sender: String,
    /// Set when the packet was already imported (then nothing happens): when.
    pub already_imported: Option<String>,
    /// One item per record.
    pub items: Vec<PreviewItem>,
    /// Whether the deletions were applied (after an import).
    pub deletions_applied: bool,
    /// The sender is a funder: nothing of its packet is taken (see [`super::FUNDER_REFUSAL`]).
    pub from_funder: bool,
}

impl Preview {
    /// (new, updated, conflicting, unchanged) counts; a conflicting record counts once,
    /// as conflicting. Deletions and refused records are counted apart.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for i in self.items.iter().filter(|i| i.counted()) {
            if !i.conflicts.is_empty() {
                c.2 += 1;
            } else {
                match i.kind {
                    MergeKind::New => c.0 += 1,
                    MergeKind::Updated => c.1 += 1,
                    MergeKind::Unchanged => c.3 += 1,
                }
            }
        }
        c
    }

    /// The records the packet deletes here (« suppressions »).
    pub fn deletions(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.deletion && i.refused.is_none())
    }

    /// The records refused, with their reason (a partner's consents apart: see
    /// [`Preview::information`]).
    pub fn refusals(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.refused.is_some() && !NEVER_TAKEN.contains(&i.table.as_str()))
    }

    /// What the partner recorded that is shown, never taken (its consents).
    pub fn information(&self) -> impl Iterator<Item = &PreviewItem> {
        self.items
            .iter()
            .filter(|i| i.refused.is_some() && NEVER_TAKEN.contains(&i.table.as_str()))
    }

    /// A French summary for the worker.
    pub fn summary_fr(&self) -> String {
        if let Some(at) = &self.already_imported {
            return format!(
                "Ce paquet a déjà été importé ({}) : rien à faire.",
                format_date_fr(at)
            );
        }
        let (n, u, c, s) = self.counts();
        let d = self.deletions().count();
        let r = self.refusals().count();
        let i = self.information().count();
        let info = if i > 0 {
            format!(", {i} pour information")
        } else {
            String::new()
        };
        if self.from_funder {
            return format!(
                "Paquet de {}, financeur : {}, rien ne sera repris. Un financeur reçoit vos \
                 dossiers sous des identifiants pseudonymes pour ses indicateurs ; ce qu'il \
                 renvoie ne désigne aucune de vos fiches.",
                self.sender,
                count(r, "fiche refusée", "fiches refusées")
            );
        }
        format!(
            "Paquet de {} : {}, {}, {c} en conflit, {}, {}, {}{info}.",
            self.sender,
            count(n, "nouvelle fiche", "nouvelles fiches"),
            count(u, "mise à jour", "mises à jour"),
            count(s, "inchangée", "inchangées"),
            count(d, "suppression", "suppressions"),
            count(r, "refusée", "refusées")
        )
    }
}

fn format_date_fr(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |d| d.format("%d/%m/%Y à %H:%M").to_string(),
    )
}

pub(super) fn label_of(table: &str, data: &Map<String, Value>) -> String {
    let s = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let label = match table {
        "households" => s("label"),
        "adults" | "children" => format!("{} {}", s("first_name"), s("last_name")),
        "programmes" => s("name"),
        "notes" => s("at").chars().take(10).collect(),
        _ => String::new(),
    };
    let label = label.trim().to_owned();
    if label.is_empty() {
        redact::table_label_fr(table).to_owned()
    } else {
        format!("{} : {label}", redact::table_label_fr(table))
    }
}

/// What importing `packet` would do. Writes nothing.
pub fn preview(store: &Store, packet: &OpenedPacket) -> Result<Preview, PacketError> {
    let mut p = Preview {
        packet_id: packet.manifest.packet_id,
        sender: packet.sender.organisation.clone(),
        from_funder: packet.sender.role == PartnerRole::Financeur && !packet.team,
        ..Preview::default()
    };
    if let Some(logged) = store.logged_packet(packet.manifest.packet_id)? {
        p.already_imported = Some(logged.at);
        return Ok(p);
    }
    p.items = plan_all(
        store,
        packet,
        sender_audience(store, &packet.sender)?,
        now_ms(store.now()),
        store.site_id(),
        None,
        false,
    )?
    .0;
    Ok(p)
}
