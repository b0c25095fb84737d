//! Applying a packet: each record merged with our version (per-field stamps, what the
//! sender has seen of ours recomputed from its own version, conflicts kept), our own
//! stamps checked against forgery, the [`Scope`]'s refusal applied, and — inside ONE
//! transaction with the import log and the audit entry — the merged records written, the
//! deletions kept for their local undo, the conflicts recorded and the households marked
//! changed. [`plan_all`] is that pass; the preview runs it without a transaction.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::mpsc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
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
use crate::store::records::{MergeWriter, NewRow, Stored};
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
    /// What the import's second thread prepared for this line, when we do not hold its
    /// record (see [`PrepareNew`]).
    prepared: Option<Prepared>,
}

/// A line whose record we do not hold, prepared on the import's second thread while the
/// first one writes (issue 17: validating and serialising 26,000 new records cost the
/// writing thread 110 ms): the received version as the sender's role may change it, and
/// its row if it is written as new.
struct Prepared {
    redacted: Option<StampedData>,
    row: Result<NewRow, PacketError>,
    /// The preview's label of the received version.
    label: String,
}

/// Prepares one line (see [`Prepared`]); pure, on the second thread.
struct PrepareNew<'a> {
    line: &'a RecordLine,
    team: bool,
    role: PartnerRole,
    today: NaiveDate,
}

impl TableVisitor for PrepareNew<'_> {
    type Out = Prepared;
    fn visit<R: Stored>(&mut self) -> Self::Out {
        let redacted = redacted::<R>(self.team, self.role, self.line);
        let (data, stamps, deleted) = match &redacted {
            Some(r) => (&r.data, &r.stamps, r.deleted_at),
            None => (&self.line.data, &self.line.stamps, self.line.deleted_at),
        };
        let row = received_record::<R>(data)
            .and_then(|record| Ok(NewRow::prepare(&record, stamps, deleted, self.today)?));
        Prepared {
            label: label_of(R::TABLE, data),
            redacted,
            row,
        }
    }
}

/// The received version as the sender may change it: its role receives only some fields
/// of `R`'s table, so the others arrive blank and unstamped, which never overwrites (see
/// `redact`); a copy with them blanked. `None`: the line as it is — a role that receives
/// every field needs no copy (the reader already refused stamps of fields that are not
/// there), and a team member's packets carry every field (the roster signature is the
/// trust).
fn redacted<R: Stored>(team: bool, role: PartnerRole, line: &RecordLine) -> Option<StampedData> {
    let partial = !team
        && matches!(
            redact::allowed(role, R::TABLE, true),
            Some(redact::Fields::Only(_))
        );
    if !partial || (line.data.len() <= 1 && line.deleted_at.is_some()) {
        return None;
    }
    let mut data = line.data.clone();
    let mut stamps = line.stamps.clone();
    redact::redact(role, R::TABLE, true, &mut data, &mut stamps);
    Some(StampedData {
        data,
        stamps,
        deleted_at: line.deleted_at,
    })
}

/// A received version read as a record of `R`'s table, in place (no copy of its fields).
fn received_record<R: Stored>(data: &Map<String, Value>) -> Result<R, PacketError> {
    Ok(R::deserialize(data)
        .map_err(|e| MergeError::Format(format!("{} : {}", R::TABLE, merge::serde_fr(&e))))?)
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
                table: R::TABLE.to_owned(),
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
        // The sender changes only the fields its role receives (prepared on the second
        // thread for a record we do not hold).
        let own_redacted;
        let (redacted, new_row, new_label) = match self.prepared.as_mut() {
            Some(p) if local.is_none() => {
                (p.redacted.as_ref(), Some(&mut p.row), Some(&mut p.label))
            }
            _ => {
                own_redacted = redacted::<R>(scope.team, scope.sender.role, self.line);
                (own_redacted.as_ref(), None, None)
            }
        };
        // The received version, read in place (a copy only for a record we hold, to
        // merge it: issue 17).
        let (remote_data, remote_stamps, remote_deleted) = match redacted {
            Some(r) => (&r.data, &r.stamps, r.deleted_at),
            None => (&self.line.data, &self.line.stamps, self.line.deleted_at),
        };
        if local.is_none() && remote_deleted.is_some() {
            // The deletion of a record we never had: nothing to do.
            return Ok(PreviewItem {
                table: R::TABLE.to_owned(),
                id,
                label: redact::table_label_fr(R::TABLE).to_owned(),
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
                let remote = match redacted {
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
            table: R::TABLE.to_owned(),
            id,
            label: match (new_label, &out) {
                // A new record: the received version's, as prepared.
                (Some(label), None) => std::mem::take(label),
                _ => label_of(R::TABLE, label_data),
            },
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
                    table: R::TABLE.to_owned(),
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
                    let mut here = None;
                    let row = match new_row {
                        Some(Ok(row)) => row,
                        // Not prepared, or refused there: prepared here (a refusal is
                        // found again, and returned as itself).
                        _ => here.insert(NewRow::prepare(
                            &received_record::<R>(remote_data)?,
                            remote_stamps,
                            remote_deleted,
                            tx.today(),
                        )?),
                    };
                    writer.borrow_mut().put_new::<R>(row)?;
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
                        .put(&s.record, &s.stamps, s.deleted_at)?;
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

/// What [`plan_all`] reads before the first line: which records we hold, the households
/// new here or deleted before we had them, those exchanged with the sender, and which
/// lines will be prepared as new records.
struct Setup {
    present: HashMap<&'static str, HashSet<Uuid>>,
    new_here: HashSet<Uuid>,
    deleted_unknown: HashSet<Uuid>,
    exchanged: HashMap<Uuid, Option<Hlc>>,
    new_lines: Vec<bool>,
}

impl Setup {
    /// `writing`: the lines will be written (not a preview).
    fn read<S: LocalSource>(
        source: &S,
        packet: &OpenedPacket,
        writing: bool,
    ) -> Result<Setup, PacketError> {
        let ids: Vec<Option<Uuid>> = packet.lines.iter().map(RecordLine::id).collect();
        let mut by_table: BTreeMap<&str, Vec<Uuid>> = BTreeMap::new();
        for (line, id) in packet.lines.iter().zip(&ids) {
            if let Some(id) = id {
                by_table.entry(line.table.as_str()).or_default().push(*id);
            }
        }
        let mut present = HashMap::new();
        for (table, ids) in &by_table {
            if let Some(found) = dispatch(table, &mut Present { source, ids }) {
                let (table, found) = found?;
                present.insert(table, found);
            }
        }
        let held = |table: &str, id: &Uuid| {
            present
                .get(table)
                .is_some_and(|ids: &HashSet<Uuid>| ids.contains(id))
        };
        let mut new_here = HashSet::new();
        let mut deleted_unknown = HashSet::new();
        for (line, id) in packet.lines.iter().zip(&ids) {
            if line.table == Household::TABLE
                && let Some(id) = id
                && !held(Household::TABLE, id)
            {
                // A household we never had, deleted at the sender, is never created
                // here: its records would point at nothing (a foreign key error that
                // refused the whole packet, found by the scope property).
                if line.deleted_at.is_some() {
                    deleted_unknown.insert(*id);
                } else {
                    new_here.insert(*id);
                }
            }
        }
        // The lines whose record we do not hold are prepared on a second thread (only
        // when writing: the preview writes nothing; never a funder's, refused whole).
        let prepare = writing && (packet.team || packet.sender.role != PartnerRole::Financeur);
        let new_lines = packet
            .lines
            .iter()
            .zip(&ids)
            .map(|(l, id)| {
                prepare
                    && l.deleted_at.is_none()
                    && id.is_some_and(|id| !held(l.table.as_str(), &id))
            })
            .collect();
        Ok(Setup {
            exchanged: source.exchanged_households(packet.sender.id)?,
            present,
            new_here,
            deleted_unknown,
            new_lines,
        })
    }
}

/// From this many lines on, [`plan_all`] finds the packet's households on a thread of
/// their own.
const BESIDE_LINES: usize = 2_000;

/// The merge of every line of `packet` with what `source` holds, each line's preview
/// item; with `apply`, the merged records written. Also returns the record → household
/// map of the packet ([`households_of`](crate::exchange::touched::households_of)), found
/// on a second thread while the first reads what we hold (15 ms for 26,000 lines).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_all<S: LocalSource>(
    source: &S,
    packet: &OpenedPacket,
    linked: Audience,
    now_ms: u64,
    my_site: Uuid,
    apply: Option<&RefCell<MergeWriter<'_, '_>>>,
    apply_deletions: bool,
) -> Result<(Vec<PreviewItem>, HashMap<Uuid, Uuid>), PacketError> {
    check_sites(packet, my_site)?;
    let (households_in_packet, setup) = super::beside(
        "passerelle-menages",
        packet.lines.len() >= BESIDE_LINES,
        || crate::exchange::touched::households_of(&packet.lines),
        || Setup::read(source, packet, apply.is_some()),
    );
    let Setup {
        present,
        new_here,
        deleted_unknown,
        exchanged,
        new_lines,
    } = setup?;
    let scope = Scope {
        team: packet.team,
        team_snapshot: packet.team_snapshot,
        sender: &packet.sender,
        sender_site: packet.manifest.sender.site,
        my_site,
        households_in_packet: &households_in_packet,
        exchanged: RefCell::new(exchanged),
        new_here,
        deleted_unknown,
        linked,
        refused_new: RefCell::new(HashSet::new()),
        known: RefCell::new(HashMap::new()),
        present: RefCell::new(present),
    };
    let team = packet.team;
    let role = packet.sender.role;
    let today = apply.map(|w| w.borrow().tx().today());
    let items: Result<Vec<PreviewItem>, PacketError> = std::thread::scope(|threads| {
        // Lines travel in batches: a message per line woke the other thread each time
        // (25 ms of system calls for 26,000 lines).
        let (to_writer, prepared) =
            mpsc::sync_channel::<Vec<(usize, Option<Prepared>)>>(PREPARED_AHEAD / PREPARED_BATCH);
        // What the writing thread is done with goes back to be freed where it was
        // allocated: glibc's malloc made the two threads wait on each other's arenas when
        // the writer freed it (the writing loop took 390–480 ms instead of 215).
        let (give_back, given_back) = mpsc::channel::<Vec<Prepared>>();
        let lines = &packet.lines;
        let new_lines = &new_lines;
        let second = match today {
            Some(today) if new_lines.contains(&true) => std::thread::Builder::new()
                .name("passerelle-import".into())
                .spawn_scoped(threads, move || {
                    let mut batch = Vec::with_capacity(PREPARED_BATCH);
                    for (i, line) in lines.iter().enumerate().filter(|(i, _)| new_lines[*i]) {
                        let mut v = PrepareNew {
                            line,
                            team,
                            role,
                            today,
                        };
                        batch.push((i, dispatch(&line.table, &mut v)));
                        if batch.len() == PREPARED_BATCH {
                            given_back.try_iter().for_each(drop);
                            // The writer stopped (a refusal): nothing more to prepare.
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(PREPARED_BATCH));
                            if to_writer.send(full).is_err() {
                                return;
                            }
                        }
                    }
                    if !batch.is_empty() && to_writer.send(batch).is_err() {
                        return;
                    }
                    drop(to_writer);
                    // Until the writer is done.
                    given_back.iter().for_each(drop);
                })
                .ok(),
            _ => None,
        };
        // No second thread to be had: each line is prepared where it is written.
        let mut prepared = second.is_some().then_some(prepared);
        let plan_scope = &scope;
        // Owns the receiver and the give-back sender: both close when it returns, however
        // it returns, and the second thread then ends.
        let mut write_all = move || -> Result<Vec<PreviewItem>, PacketError> {
            let mut ready = Vec::new().into_iter();
            let mut done = Vec::with_capacity(PREPARED_BATCH);
            let mut items = Vec::with_capacity(lines.len());
            for (i, line) in lines.iter().enumerate() {
                let mine = if new_lines[i] {
                    let next = match ready.next() {
                        Some(next) => Some(next),
                        None => match prepared.as_ref().map(mpsc::Receiver::recv) {
                            Some(Ok(batch)) => {
                                ready = batch.into_iter();
                                ready.next()
                            }
                            _ => None,
                        },
                    };
                    match next {
                        Some((j, p)) if j == i => p,
                        _ => {
                            prepared = None;
                            None
                        }
                    }
                } else {
                    None
                };
                let mut v = PlanLine {
                    source,
                    line,
                    now_ms,
                    scope: plan_scope,
                    apply: apply.map(|w| (w, packet.manifest.packet_id)),
                    apply_deletions,
                    prepared: mine,
                };
                let item =
                    dispatch(&line.table, &mut v).ok_or_else(|| PacketError::BadRecord {
                        line: 0,
                        reason: "table inconnue".into(),
                    })??;
                items.push(item);
                if let Some(p) = v.prepared.take() {
                    done.push(p);
                    if done.len() == PREPARED_BATCH {
                        // The second thread may have ended (it then drops them itself).
                        let _ = give_back.send(std::mem::replace(
                            &mut done,
                            Vec::with_capacity(PREPARED_BATCH),
                        ));
                    }
                }
            }
            let _ = give_back.send(done);
            Ok(items)
        };
        let written = write_all();
        drop(write_all);
        // Joined here, so that its panic (a bug) is not the import's: the lines it did not
        // hand over were prepared on this thread.
        if let Some(second) = second {
            let _ = second.join();
        }
        written
    });
    drop(scope);
    Ok((items?, households_in_packet))
}

/// Lines per message between the import's two threads.
const PREPARED_BATCH: usize = 64;

/// How many lines the import's second thread prepares ahead of the writing one.
const PREPARED_AHEAD: usize = 512;

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
        let planned = plan_all(&*tx, packet, linked, now, my_site, Some(&writer), apply_deletions).map_err(
            |e| match e {
                PacketError::Store(s) => s,
                other => {
                    let text = other.to_string();
                    refusal = Some(other);
                    StoreError::Invalid(text)
                }
            },
        )?;
        let (items, of) = planned;
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
