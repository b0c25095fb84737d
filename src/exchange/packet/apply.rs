//! Applying a packet: each record merged with our version (per-field stamps, what the
//! sender has seen of ours recomputed from its own version, conflicts kept), our own
//! stamps checked against forgery, the [`Scope`]'s refusal applied, and — inside ONE
//! transaction with the import log and the audit entry — the merged records written, the
//! deletions kept for their local undo, the conflicts recorded and the households marked
//! changed. [`plan_all`] is that pass; the preview runs it without a transaction.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::export::{Audience, sender_audience};
use super::preview::{Preview, PreviewItem, label_of};
use super::resolve::DELETION_UNDO_DAYS;
use super::scope::{FUNDER_REFUSAL, REGISTRIES, Scope, check_sites};
use super::wire::{TableVisitor, dispatch};
use super::{OpenedPacket, PacketError, RecordLine, crypto, now_ms};
use crate::domain::hlc::Hlc;
use crate::domain::merge::{self, FieldConflict, MergeError, MergeKind, StampedData};
use crate::domain::model::{Household, PartnerRole};
use crate::domain::record::{Record, Stamped, Stamps};
use crate::exchange::redact;
use crate::store::records::{MergeWriter, Stored};
use crate::store::{Store, StoreError, Tx};

/// Where local versions are read: the store for a preview, the transaction for apply.
pub(super) trait LocalSource {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError>;
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError>;
    fn exchanged_households(&self, partner: Uuid)
    -> Result<HashMap<Uuid, Option<Hlc>>, StoreError>;
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError>;
}

impl LocalSource for Store {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        self.stamped(id)
    }
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError> {
        self.seen_stamps(id)
    }
    fn exchanged_households(
        &self,
        partner: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        Store::exchanged_households(self, partner)
    }
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        self.existing_ids::<R>(ids)
    }
}

impl LocalSource for Tx<'_> {
    fn local<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        self.stamped(id)
    }
    fn seen(&self, id: Uuid) -> Result<Stamps, StoreError> {
        self.seen_stamps(id)
    }
    fn exchanged_households(
        &self,
        partner: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        Tx::exchanged_households(self, partner)
    }
    fn existing<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        self.existing_ids::<R>(ids)
    }
}

/// Which records of the packet we hold, per table: one query per table instead of one
/// read per record (issue 17; an import into an empty base read 26,000 absent rows).
struct Present<'a, S: LocalSource> {
    source: &'a S,
    ids: &'a [Uuid],
}

impl<S: LocalSource> TableVisitor for Present<'_, S> {
    type Out = Result<(&'static str, HashSet<Uuid>), StoreError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        Ok((R::TABLE, self.source.existing::<R>(self.ids)?))
    }
}

struct PlanLine<'a, 'w, 't, S: LocalSource> {
    source: &'a S,
    line: &'a RecordLine,
    now_ms: u64,
    scope: &'a Scope<'a>,
    /// In a transaction: write the merged record and keep its conflicts (with the
    /// packet's id).
    apply: Option<(&'a RefCell<MergeWriter<'w, 't>>, Uuid)>,
    /// Apply the deletions (a separate choice of the worker).
    apply_deletions: bool,
}

impl<S: LocalSource> TableVisitor for PlanLine<'_, '_, '_, S> {
    type Out = Result<PreviewItem, PacketError>;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let id = self.line.id().ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "identifiant absent".into(),
        })?;
        let scope = self.scope;
        if !scope.team && scope.sender.role == PartnerRole::Financeur {
            // Issue 13: a funder holds our records under its pseudonyms; nothing it sends
            // is matched with our records nor written (not even checked for stamps: it
            // is refused whatever it holds).
            return Ok(PreviewItem {
                table: R::TABLE.to_string(),
                id,
                label: label_of(R::TABLE, &self.line.data),
                kind: MergeKind::New,
                conflicts: Vec::new(),
                deletion: false,
                refused: Some(FUNDER_REFUSAL.into()),
            });
        }
        let (my_site, sender_site) = (scope.my_site, scope.sender_site);
        let held = scope
            .present
            .borrow()
            .get(R::TABLE)
            .is_some_and(|ids| ids.contains(&id));
        let local = if held {
            self.source
                .local::<R>(id)?
                .map(|s| StampedData::from_stamped(&s))
                .transpose()?
        } else {
            None
        };
        // A stamp of our own site must be one we wrote: at most the one we hold for that
        // field. Anything else is a forgery meant to win or to dodge a conflict.
        for (field, st) in self.line.stamps.iter().filter(|(_, s)| s.site == my_site) {
            let ours = local.as_ref().and_then(|l| l.stamps.get(field));
            if ours.is_none_or(|o| st > o) {
                return Err(PacketError::ForgedStamp);
            }
        }
        // The sender changes only the fields its role receives: the others arrive blank
        // and unstamped, which never overwrites (see `redact`). A role that receives
        // every field needs no copy to redact (the reader already refused stamps of
        // fields that are not there).
        let role = scope.sender.role;
        // A team member's packets carry every field (the roster signature is the trust).
        let partial = !scope.team
            && matches!(
                redact::allowed(role, R::TABLE, true),
                Some(redact::Fields::Only(_))
            );
        let redacted = if partial && (self.line.data.len() > 1 || self.line.deleted_at.is_none()) {
            let mut data = self.line.data.clone();
            let mut stamps = self.line.stamps.clone();
            redact::redact(role, R::TABLE, true, &mut data, &mut stamps);
            Some(StampedData {
                data,
                stamps,
                deleted_at: self.line.deleted_at,
            })
        } else {
            None
        };
        // The received version, read in place (a copy only for a record we hold, to
        // merge it: issue 17).
        let (remote_data, remote_stamps, remote_deleted) = match &redacted {
            Some(r) => (&r.data, &r.stamps, r.deleted_at),
            None => (&self.line.data, &self.line.stamps, self.line.deleted_at),
        };
        if local.is_none() && remote_deleted.is_some() {
            // The deletion of a record we never had: nothing to do.
            return Ok(PreviewItem {
                table: R::TABLE.to_string(),
                id,
                label: redact::table_label_fr(R::TABLE).to_string(),
                kind: MergeKind::Unchanged,
                conflicts: Vec::new(),
                deletion: false,
                refused: None,
            });
        }
        let deletion =
            local.as_ref().is_some_and(|l| l.deleted_at.is_none()) && remote_deleted.is_some();
        let scope_data = match &local {
            Some(l) if self.line.data.len() <= 1 => &l.data,
            _ => remote_data,
        };
        let household = scope.household_of(self.source, R::TABLE, id, scope_data)?;
        // Only records we hold can have remembered stamps.
        let stored_seen = if local.is_some() && !R::IMMUTABLE {
            self.source.seen(id)?
        } else {
            Stamps::new()
        };
        // With the merged version, the received stamps that lost here.
        // `None`: a new record, the received version as it is.
        let (out, lost) = match &local {
            None => {
                merge::check_stamps(remote_stamps, self.now_ms)?;
                (None, Stamps::new())
            }
            Some(l) => {
                let owned;
                let remote = match &redacted {
                    Some(r) => r,
                    None => {
                        owned = self.line.as_stamped_data();
                        &owned
                    }
                };
                // What the sender has seen of ours, recomputed here from its own version
                // of the record, never taken from the packet's `seen` claim. The latest
                // stamp of ours that version carries (genuine: checked above against
                // ours, and within what we sent it) proves it imported a packet written
                // after that write, which carried every field of ours stamped up to
                // it. Fields of ours written since are unseen: a concurrent edit of one
                // is a conflict, even when our newer packet crossed theirs in the mail.
                let sent_at =
                    household.and_then(|h| scope.exchanged.borrow().get(&h).copied().flatten());
                let proof = remote
                    .stamps
                    .values()
                    .filter(|s| s.site == my_site && sent_at.is_none_or(|at| s.hlc <= at))
                    .max()
                    .copied();
                let mut remote_seen: Stamps = match proof {
                    Some(proof) => l
                        .stamps
                        .iter()
                        .filter(|(_, s)| s.site == my_site && **s <= proof)
                        .map(|(f, s)| (f.clone(), *s))
                        .collect(),
                    None => Stamps::new(),
                };
                for (f, st) in remote
                    .stamps
                    .iter()
                    .filter(|(_, st)| st.site != sender_site)
                {
                    let e = remote_seen.entry(f.clone()).or_insert(*st);
                    *e = (*e).max(*st);
                }
                let mut local_seen = stored_seen.clone();
                for (f, st) in l.stamps.iter().filter(|(_, st)| st.site != my_site) {
                    let e = local_seen.entry(f.clone()).or_insert(*st);
                    *e = (*e).max(*st);
                }
                let out = merge::merge_with_seen(
                    Some(l),
                    remote,
                    R::IMMUTABLE,
                    self.now_ms,
                    &local_seen,
                    &remote_seen,
                )?;
                let lost: Stamps = remote
                    .stamps
                    .iter()
                    .filter(|(f, st)| out.merged.stamps.get(*f) != Some(*st))
                    .map(|(f, st)| (f.clone(), *st))
                    .collect();
                (Some(out), lost)
            }
        };
        let kind = out.as_ref().map_or(MergeKind::New, |o| o.kind);
        let conflicts: &[FieldConflict] = out.as_ref().map_or(&[], |o| &o.conflicts);
        let changes = kind != MergeKind::Unchanged || !conflicts.is_empty();
        let refused = if changes {
            scope.refusal(
                self.source,
                R::TABLE,
                self.line,
                local.as_ref(),
                deletion,
                household,
            )?
        } else {
            None
        };
        if refused.is_some() && local.is_none() {
            scope.refused_new.borrow_mut().insert(id);
        }
        let label_data = match &local {
            Some(l) if self.line.data.len() <= 1 => &l.data,
            _ => out.as_ref().map_or(remote_data, |o| &o.merged.data),
        };
        let item = PreviewItem {
            table: R::TABLE.to_string(),
            id,
            label: label_of(R::TABLE, label_data),
            kind,
            conflicts: if refused.is_some() {
                Vec::new()
            } else {
                conflicts.to_vec()
            },
            deletion,
            refused,
        };
        let write = item.refused.is_none() && (!deletion || self.apply_deletions);
        if let Some((writer, packet_id)) = self.apply
            && write
        {
            let tx = writer.borrow().tx();
            if deletion && let Some(l) = &local {
                // The local undo: the previous content stays, inside the encrypted base,
                // for DELETION_UNDO_DAYS (« Suppressions reçues »).
                let until = tx.now() + chrono::Duration::days(DELETION_UNDO_DAYS);
                let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                tx.keep_packet_deletion(&crate::store::exchange::PacketDeletion {
                    id: 0,
                    packet_id,
                    partner_id: scope.sender.id,
                    table: R::TABLE.to_string(),
                    record_id: id,
                    household_id: household,
                    label: label_of(R::TABLE, &l.data),
                    data: Value::Object(l.data.clone()).to_string(),
                    stamps: serde_json::to_string(&l.stamps).map_err(crypto)?,
                    deleted_at: rfc(tx.now()),
                    until: rfc(until),
                })?;
            }
            match out {
                None => {
                    // Read from the received fields in place, without a copy of them.
                    let record = R::deserialize(remote_data).map_err(|e| {
                        MergeError::Format(format!("{} : {}", R::TABLE, merge::serde_fr(&e)))
                    })?;
                    writer
                        .borrow_mut()
                        .put(&record, remote_stamps, remote_deleted, true)?;
                    // Held from now on (a packet built by hand with the record twice:
                    // the second line merges with the first, as before).
                    scope
                        .present
                        .borrow_mut()
                        .entry(R::TABLE)
                        .or_default()
                        .insert(id);
                }
                Some(o) if o.kind == MergeKind::Unchanged => {}
                Some(o) => {
                    let s = o.merged.to_stamped::<R>()?;
                    writer
                        .borrow_mut()
                        .put(&s.record, &s.stamps, s.deleted_at, false)?;
                }
            }
            // Remember the received values that lost here (those that won are now the
            // record's own stamps, seen by construction). Immutable records never
            // change, so never conflict: nothing to remember.
            if local.is_some() && !R::IMMUTABLE {
                let mut seen = stored_seen.clone();
                for (field, stamp) in &lost {
                    let e = seen.entry(field.clone()).or_insert(*stamp);
                    *e = (*e).max(*stamp);
                }
                if seen != stored_seen {
                    tx.set_seen_stamps(id, &seen)?;
                }
            }
            for c in &item.conflicts {
                let js = |v: &Value| v.to_string();
                let stamp = |s| serde_json::to_string(&s).unwrap_or_default();
                tx.record_conflict(
                    packet_id,
                    R::TABLE,
                    id,
                    &c.field,
                    &js(&c.kept),
                    &stamp(c.kept_stamp),
                    &js(&c.lost),
                    &stamp(c.lost_stamp),
                )?;
            }
            // The household is now exchanged with this partner (one write per household).
            if !scope.team
                && let Some(h) = household
                && !REGISTRIES.contains(&R::TABLE)
                && !scope.exchanged.borrow().contains_key(&h)
            {
                tx.mark_exchanged(scope.sender.id, h)?;
                scope.exchanged.borrow_mut().insert(h, None);
            }
        }
        Ok(item)
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn plan_all<S: LocalSource>(
    source: &S,
    packet: &OpenedPacket,
    linked: Audience,
    now_ms: u64,
    my_site: Uuid,
    apply: Option<&RefCell<MergeWriter<'_, '_>>>,
    apply_deletions: bool,
    households_in_packet: &HashMap<Uuid, Uuid>,
) -> Result<Vec<PreviewItem>, PacketError> {
    check_sites(packet, my_site)?;
    let mut by_table: BTreeMap<&str, Vec<Uuid>> = BTreeMap::new();
    for line in &packet.lines {
        if let Some(id) = line.id() {
            by_table.entry(line.table.as_str()).or_default().push(id);
        }
    }
    let mut present = HashMap::new();
    for (table, ids) in &by_table {
        if let Some(found) = dispatch(table, &mut Present { source, ids }) {
            let (table, found) = found?;
            present.insert(table, found);
        }
    }
    let mut new_here = HashSet::new();
    let mut deleted_unknown = HashSet::new();
    for line in packet.lines.iter().filter(|l| l.table == "households") {
        if let Some(id) = line.id()
            && !present
                .get(Household::TABLE)
                .is_some_and(|ids: &HashSet<Uuid>| ids.contains(&id))
        {
            // A household we never had, deleted at the sender, is never created here:
            // its records would point at nothing (a foreign key error that refused the
            // whole packet, found by the scope property).
            if line.deleted_at.is_some() {
                deleted_unknown.insert(id);
            } else {
                new_here.insert(id);
            }
        }
    }
    let scope = Scope {
        team: packet.team,
        team_snapshot: packet.team_snapshot,
        sender: &packet.sender,
        sender_site: packet.manifest.sender.site,
        my_site,
        households_in_packet,
        exchanged: RefCell::new(source.exchanged_households(packet.sender.id)?),
        new_here,
        deleted_unknown,
        linked,
        refused_new: RefCell::new(HashSet::new()),
        known: RefCell::new(HashMap::new()),
        present: RefCell::new(present),
    };
    let mut items = Vec::with_capacity(packet.lines.len());
    for line in &packet.lines {
        let mut v = PlanLine {
            source,
            line,
            now_ms,
            scope: &scope,
            apply: apply.map(|w| (w, packet.manifest.packet_id)),
            apply_deletions,
        };
        let item = dispatch(&line.table, &mut v).ok_or_else(|| PacketError::BadRecord {
            line: 0,
            reason: "table inconnue".into(),
        })??;
        items.push(item);
    }
    Ok(items)
}

/// [`apply_with`] without the deletions: they stay listed, nothing is deleted.
pub fn apply(store: &mut Store, packet: &OpenedPacket) -> Result<Preview, PacketError> {
    apply_with(store, packet, false)
}

/// Stores our built-in programme (`default_programme()`, as creating a first case does)
/// when a partner's packet brings a case in it and this base has not stored it yet: the
/// cases then point at a programme row, ours — the partner's copy of it is never taken.
fn ensure_builtin_programme(tx: &Tx<'_>, packet: &OpenedPacket) -> Result<(), StoreError> {
    use crate::domain::model::Programme;
    use crate::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
    // A team member's packet carries the programme itself (the team shares it, stamps
    // and all: a copy stored here first would outrank it); a funder's changes nothing.
    if packet.team || packet.sender.role == PartnerRole::Financeur {
        return Ok(());
    }
    let builtin = DEFAULT_PROGRAMME_ID.to_string();
    let brings_case = packet.lines.iter().any(|l| {
        l.table == "cases" && l.data.get("programme_id").and_then(Value::as_str) == Some(&builtin)
    });
    if brings_case && tx.find::<Programme>(DEFAULT_PROGRAMME_ID)?.is_none() {
        tx.put(&default_programme())?;
    }
    Ok(())
}

/// Merges `packet` into the database in ONE transaction, with its import log entry, its
/// conflicts and an audit entry. Refused records are not written; the deletions only
/// when `apply_deletions` (the worker's separate, explicit choice). A packet already
/// imported changes nothing at all.
pub fn apply_with(
    store: &mut Store,
    packet: &OpenedPacket,
    apply_deletions: bool,
) -> Result<Preview, PacketError> {
    let mut p = Preview {
        packet_id: packet.manifest.packet_id,
        sender: packet.sender.organisation.clone(),
        deletions_applied: apply_deletions,
        from_funder: packet.sender.role == PartnerRole::Financeur && !packet.team,
        ..Preview::default()
    };
    if let Some(logged) = store.logged_packet(packet.manifest.packet_id)? {
        p.already_imported = Some(logged.at);
        return Ok(p);
    }
    check_sites(packet, store.site_id())?;
    // Local edits after the import must stamp above everything received.
    if let Some(max) = packet
        .lines
        .iter()
        .flat_map(|l| l.stamps.values())
        .map(|s| s.hlc)
        .max()
    {
        store.observe_hlc(max);
    }
    let now = now_ms(store.now());
    let my_site = store.site_id();
    let linked = sender_audience(store, &packet.sender)?;
    // A refusal found inside the transaction (a forged stamp…) is returned as itself
    // once the transaction is rolled back.
    let mut refusal: Option<PacketError> = None;
    let written = store.write(|tx| {
        tx.purge_expired_packet_deletions()?;
        ensure_builtin_programme(tx, packet)?;
        let writer = RefCell::new(tx.merge_writer()?);
        let of = crate::exchange::touched::households_of(&packet.lines);
        let items = plan_all(&*tx, packet, linked, now, my_site, Some(&writer), apply_deletions, &of).map_err(
            |e| match e {
                PacketError::Store(s) => s,
                other => {
                    let text = other.to_string();
                    refusal = Some(other);
                    StoreError::Invalid(text)
                }
            },
        )?;
        // The search entries and case stages of what was written.
        writer.into_inner().finish()?;
        p.items = items;
        // The partner's site, learnt from its first packet: later ones must carry it.
        if packet.sender.trust.site.is_none() {
            let mut sender = packet.sender.clone();
            sender.trust.site = Some(packet.manifest.sender.site);
            tx.put(&sender)?;
        }
        // « modifié depuis votre dernière visite » until the worker opens them.
        let written = p
            .items
            .iter()
            .filter(|i| i.refused.is_none() && (!i.deletion || apply_deletions));
        let changed = crate::exchange::touched::changed_households_of(&of, written);
        tx.mark_households_changed(&changed, packet.manifest.packet_id, &p.sender)?;
        let (n, u, c, s) = p.counts();
        let d = p.deletions().count();
        let r = p.refusals().count();
        let summary = format!(
            "{{\"nouvelles\":{n},\"mises_a_jour\":{u},\"conflits\":{c},\"inchangees\":{s},\"suppressions\":{d},\"refusees\":{r}}}"
        );
        tx.log_packet(
            packet.manifest.packet_id,
            "import",
            Some(packet.sender.id),
            &packet.sha256,
            &summary,
        )?;
        tx.audit("import paquet",
            &format!(
                "paquet {} du partenaire {} (rôle {}) : {n} nouvelles, {u} mises à jour, {c} en conflit, {s} inchangées, {d} suppressions {}, {r} refusées ; ménages modifiés : {}",
                packet.manifest.packet_id,
                packet.sender.id,
                packet.sender.role.label_fr(),
                if apply_deletions { "appliquées" } else { "non appliquées" },
                changed
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )?;
        Ok(std::mem::take(&mut p.items))
    });
    let items = match (written, refusal) {
        (Ok(items), _) => items,
        (Err(_), Some(refused)) => return Err(refused),
        (Err(e), None) => return Err(e.into()),
    };
    p.items = items;
    Ok(p)
}
