//! The per-field merge of two versions of one record (DESIGN.md §5). Pure: no clock (the
//! caller passes "now"), no SQL.
//!
//! Every top-level field carries the [`Stamp`] of its last write; per field, the higher
//! stamp wins (a field without a stamp, e.g. one redacted out of a partner's packet, loses
//! to any stamped value). Ties (same stamp, different values, which honest replicas never
//! produce) are broken by the values' canonical JSON so that the result stays a function
//! of the two inputs. The merge is thus a per-field maximum over a total order: idempotent,
//! commutative and associative, so replicas that saw the same packets converge.
//!
//! Concurrent edits are not lost: when both sides hold a stamped value for a field, the
//! values differ and the stamps come from different sites, the losing value goes to the
//! conflict list with both stamps, for the worker to resolve ("keep mine / take theirs").
//! A tombstone on either side wins (the record stays deleted, with the earliest deletion
//! date); immutable records (notes, stage events, attendance) merge by union.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::hlc::Stamp;
use super::record::{DELETED_KEY, Record, Stamped, Stamps};

/// How far ahead of the local clock a received stamp may be: beyond, the packet is
/// refused (a partner's laptop clock in 2035 would otherwise win every field for years).
pub const MAX_FUTURE_MS: u64 = 24 * 60 * 60 * 1000;

/// One version of a record as the merge sees it: its JSON fields, their stamps and the
/// tombstone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StampedData {
    /// Top-level fields of the record.
    pub data: Map<String, Value>,
    /// Stamp of the last write of each field, plus [`DELETED_KEY`] for a tombstone.
    pub stamps: Stamps,
    /// Tombstone date, for a deleted record.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl StampedData {
    /// The JSON form of a typed stored record.
    pub fn from_stamped<R: Record>(s: &Stamped<R>) -> Result<Self, MergeError> {
        match serde_json::to_value(&s.record).map_err(|e| MergeError::Format(serde_fr(&e)))? {
            Value::Object(data) => Ok(StampedData {
                data,
                stamps: s.stamps.clone(),
                deleted_at: s.deleted_at,
            }),
            _ => Err(MergeError::Format(format!("{} : objet attendu", R::TABLE))),
        }
    }

    /// The typed record back (fails if the fields do not make a valid `R`).
    pub fn to_stamped<R: Record>(&self) -> Result<Stamped<R>, MergeError> {
        Ok(Stamped {
            record: R::deserialize(&self.data)
                .map_err(|e| MergeError::Format(format!("{} : {}", R::TABLE, serde_fr(&e))))?,
            stamps: self.stamps.clone(),
            deleted_at: self.deleted_at,
        })
    }
}

/// A field edited on both sides: the value kept and the value that lost, with their
/// stamps, so that the worker can take the other one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// Top-level field name.
    pub field: String,
    /// Value kept by the merge (the higher stamp).
    pub kept: Value,
    /// Its stamp.
    pub kept_stamp: Stamp,
    /// Value that lost.
    pub lost: Value,
    /// Its stamp.
    pub lost_stamp: Stamp,
}

/// What the merge does to the local database, for the import preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeKind {
    /// No local version: the record is added.
    New,
    /// The local version changes.
    Updated,
    /// Nothing changes locally (same content, older news, or a record deleted here).
    Unchanged,
}

/// The result of merging a remote version into a local one.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    /// The merged version (what both replicas hold after exchanging).
    pub merged: StampedData,
    /// Concurrent edits: the losing values.
    pub conflicts: Vec<FieldConflict>,
    /// What happens locally.
    pub kind: MergeKind,
}

/// Why a remote version cannot be merged. `Display` is French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A stamp is more than [`MAX_FUTURE_MS`] ahead of the local clock.
    #[error(
        "Le paquet contient une modification datée de plus d'un jour dans le futur (champ « {field} », {ahead_hours} h d'avance) : l'horloge de l'ordinateur de l'expéditeur ou du vôtre est fausse. Faites corriger la date puis renvoyer le paquet ; rien n'a été importé."
    )]
    FutureStamp {
        /// The field whose stamp is too far ahead.
        field: String,
        /// How far ahead, in hours.
        ahead_hours: u64,
    },
    /// The record's fields do not form a valid record.
    #[error("Fiche illisible : {0}")]
    Format(String),
}

/// Checks that no stamp of `remote` is more than a day ahead of `now_ms`.
pub fn check_stamps(remote: &Stamps, now_ms: u64) -> Result<(), MergeError> {
    for (field, stamp) in remote {
        let wall = stamp.hlc.wall_ms();
        if wall > now_ms.saturating_add(MAX_FUTURE_MS) {
            return Err(MergeError::FutureStamp {
                field: field.clone(),
                ahead_hours: (wall - now_ms) / 3_600_000,
            });
        }
    }
    Ok(())
}

/// Orders two versions of one field: absent < present without stamp < stamped, stamps
/// by clock then site, and equal stamps by the canonical JSON of the values.
fn field_order(a: Option<(&Value, Option<Stamp>)>, b: Option<(&Value, Option<Stamp>)>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some((va, sa)), Some((vb, sb))) => sa.cmp(&sb).then_with(|| {
            if va == vb {
                Ordering::Equal
            } else {
                // serde_json's maps are sorted: this text is canonical.
                va.to_string().cmp(&vb.to_string())
            }
        }),
    }
}

/// Merges `remote` into `local` (absent when the record is new here). `immutable` records
/// keep their local content; `now_ms` is the local clock, for refusing future stamps.
pub fn merge(
    local: Option<&StampedData>,
    remote: &StampedData,
    immutable: bool,
    now_ms: u64,
) -> Result<MergeOutcome, MergeError> {
    let none = Stamps::new();
    merge_with_seen(local, remote, immutable, now_ms, &none, &none)
}

/// [`merge`], knowing what each side had already received: `local_seen` and
/// `remote_seen` hold, per field, the highest stamp that side got from packets. A losing
/// value its winner's side had already received is no conflict: that side replaced it
/// knowingly (the usual "edited after the last exchange"). Without this, every field
/// edited on one side only would come back as a conflict after a round trip. What the
/// merge keeps is unchanged: only the conflict list depends on it.
pub fn merge_with_seen(
    local: Option<&StampedData>,
    remote: &StampedData,
    immutable: bool,
    now_ms: u64,
    local_seen: &Stamps,
    remote_seen: &Stamps,
) -> Result<MergeOutcome, MergeError> {
    check_stamps(&remote.stamps, now_ms)?;
    let Some(local) = local else {
        return Ok(MergeOutcome {
            merged: remote.clone(),
            conflicts: Vec::new(),
            kind: MergeKind::New,
        });
    };
    let mut data = Map::new();
    let mut stamps = Stamps::new();
    let mut conflicts = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        local.data.keys().chain(remote.data.keys()).collect();
    for key in keys {
        let l = local
            .data
            .get(key)
            .map(|v| (v, local.stamps.get(key).copied()));
        let r = remote
            .data
            .get(key)
            .map(|v| (v, remote.stamps.get(key).copied()));
        let (winner, loser, winner_seen) = if immutable && l.is_some() {
            (l, r, local_seen)
        } else if field_order(l, r) == Ordering::Less {
            (r, l, remote_seen)
        } else {
            (l, r, local_seen)
        };
        let known = |ls: Stamp| winner_seen.get(key).is_some_and(|seen| ls <= *seen);
        if let (Some((wv, Some(ws))), Some((lv, Some(ls)))) = (winner, loser)
            && wv != lv
            && (ws.site != ls.site || ws == ls || immutable)
            && !known(ls)
        {
            conflicts.push(FieldConflict {
                field: key.clone(),
                kept: wv.clone(),
                kept_stamp: ws,
                lost: lv.clone(),
                lost_stamp: ls,
            });
        }
        if let Some((v, s)) = winner {
            data.insert(key.clone(), v.clone());
            if let Some(s) = s {
                stamps.insert(key.clone(), s);
            }
        }
    }
    let deleted_stamp = local
        .stamps
        .get(DELETED_KEY)
        .max(remote.stamps.get(DELETED_KEY));
    if let Some(s) = deleted_stamp {
        stamps.insert(DELETED_KEY.to_owned(), *s);
    }
    let deleted_at = match (local.deleted_at, remote.deleted_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let merged = StampedData {
        data,
        stamps,
        deleted_at,
    };
    // A record deleted here stays deleted and untouched: a packet never resurrects it.
    let kind = if local.deleted_at.is_some() || merged == *local {
        MergeKind::Unchanged
    } else {
        MergeKind::Updated
    };
    Ok(MergeOutcome {
        merged,
        conflicts,
        kind,
    })
}

/// [`merge`] for typed records ([`Record::IMMUTABLE`] decides the union rule).
pub fn merge_records<R: Record>(
    local: Option<&Stamped<R>>,
    remote: &Stamped<R>,
    now_ms: u64,
) -> Result<(Stamped<R>, Vec<FieldConflict>, MergeKind), MergeError> {
    let local = local.map(StampedData::from_stamped).transpose()?;
    let remote = StampedData::from_stamped(remote)?;
    let out = merge(local.as_ref(), &remote, R::IMMUTABLE, now_ms)?;
    Ok((out.merged.to_stamped()?, out.conflicts, out.kind))
}

/// A serde_json error in French, for a worker (its own text is English): what is wrong,
/// the field or value it names (cut short, control characters dropped: it comes from
/// the packet), and where.
pub fn serde_fr(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C" to every message.
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let quoted = || {
        let name: String = message
            .split('`')
            .nth(1)
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect();
        name
    };
    let what = match e.classify() {
        serde_json::error::Category::Eof => "texte tronqué".to_owned(),
        serde_json::error::Category::Syntax => "JSON mal formé".to_owned(),
        serde_json::error::Category::Io => "lecture impossible".to_owned(),
        serde_json::error::Category::Data => {
            if message.starts_with("missing field") {
                format!("champ « {} » manquant", quoted())
            } else if message.starts_with("unknown field") {
                format!("champ « {} » inconnu", quoted())
            } else if message.starts_with("duplicate field") {
                format!("champ « {} » en double", quoted())
            } else if message.starts_with("unknown variant") {
                format!("valeur « {} » inconnue", quoted())
            } else if message.starts_with("invalid type") {
                "valeur d'un type inattendu".to_owned()
            } else if message.starts_with("invalid length") {
                "nombre d'éléments inattendu".to_owned()
            } else if message.starts_with("invalid value") {
                "valeur invalide".to_owned()
            } else {
                "contenu inattendu".to_owned()
            }
        }
    };
    if e.line() > 0 {
        format!("{what}, ligne {} colonne {}", e.line(), e.column())
    } else {
        what
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn serde_errors_read_in_french() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
            k: Kind,
        }
        #[derive(Debug, serde::Deserialize)]
        enum Kind {
            Un,
        }
        let fr = |json: &str| serde_fr(&serde_json::from_str::<T>(json).unwrap_err());
        assert_eq!(
            fr(r#"{"k": "Un"}"#),
            "champ « a » manquant, ligne 1 colonne 11"
        );
        assert!(fr(r#"{"a": 1, "k": "Un", "zz": 1}"#).starts_with("champ « zz » inconnu"));
        assert!(fr(r#"{"a": "x", "k": "Un"}"#).starts_with("valeur d'un type inattendu"));
        assert!(fr(r#"{"a": 1, "k": "Deux"}"#).starts_with("valeur « Deux » inconnue"));
        assert!(fr(r#"{"a": 1,"#).starts_with("texte tronqué"));
        assert!(fr(r#"{"a" 1}"#).starts_with("JSON mal formé"));
        for json in [r#"{"k": "Un"}"#, r#"{"a": "x"}"#, r#"{"a": 1, "k": 5}"#] {
            let text = fr(json);
            for english in ["missing", "field", "expected", "invalid", "line"] {
                assert!(!text.contains(english), "{text}");
            }
        }
    }

    use super::*;
    use crate::domain::hlc::Hlc;
    use proptest::prelude::*;
    use serde_json::json;
    use uuid::Uuid;

    const NOW_MS: u64 = 1_800_000_000_000;

    fn st(ms: u64, site: u128) -> Stamp {
        Stamp {
            hlc: Hlc::from_parts(ms, 0),
            site: Uuid::from_u128(site),
        }
    }

    fn version(fields: &[(&str, Value, Stamp)]) -> StampedData {
        StampedData {
            data: fields
                .iter()
                .map(|(k, v, _)| (k.to_string(), v.clone()))
                .collect(),
            stamps: fields.iter().map(|(k, _, s)| (k.to_string(), *s)).collect(),
            deleted_at: None,
        }
    }

    #[test]
    fn the_higher_stamp_wins_per_field_and_concurrent_edits_are_kept() {
        let base = 1_000;
        let local = version(&[
            ("a", json!("mine"), st(base + 5, 1)),
            ("b", json!(1), st(base, 1)),
        ]);
        let remote = version(&[
            ("a", json!("theirs"), st(base + 3, 2)),
            ("b", json!(2), st(base + 9, 2)),
        ]);
        let out = merge(Some(&local), &remote, false, NOW_MS).unwrap();
        assert_eq!(out.merged.data["a"], json!("mine"));
        assert_eq!(out.merged.data["b"], json!(2));
        assert_eq!(out.kind, MergeKind::Updated);
        assert_eq!(out.conflicts.len(), 2);
        let a = out.conflicts.iter().find(|c| c.field == "a").unwrap();
        assert_eq!(
            (a.kept.clone(), a.lost.clone()),
            (json!("mine"), json!("theirs"))
        );
    }

    #[test]
    fn a_value_the_winner_had_received_is_no_conflict() {
        // Paris sent "a" = 1 (stamp 10); Aurillac received it, then wrote 2 (stamp 20).
        // Paris's old value coming back is replaced knowingly, on both sides.
        let paris = version(&[("a", json!(1), st(10, 1))]);
        let aurillac = version(&[("a", json!(2), st(20, 2))]);
        let seen: Stamps = [("a".to_owned(), st(10, 1))].into();
        let none = Stamps::new();
        let at_a = merge_with_seen(Some(&aurillac), &paris, false, NOW_MS, &seen, &none).unwrap();
        assert!(at_a.conflicts.is_empty());
        let at_p = merge_with_seen(Some(&paris), &aurillac, false, NOW_MS, &none, &seen).unwrap();
        assert!(at_p.conflicts.is_empty());
        assert_eq!(at_p.merged.data["a"], json!(2));
        // A concurrent edit Aurillac had not received is still one.
        let later = version(&[("a", json!(3), st(15, 1))]);
        let out = merge_with_seen(Some(&aurillac), &later, false, NOW_MS, &seen, &none).unwrap();
        assert_eq!(out.conflicts.len(), 1);
    }

    #[test]
    fn a_later_edit_from_the_same_site_is_no_conflict() {
        let local = version(&[("a", json!(1), st(10, 1))]);
        let remote = version(&[("a", json!(2), st(20, 1))]);
        let out = merge(Some(&local), &remote, false, NOW_MS).unwrap();
        assert_eq!(out.merged.data["a"], json!(2));
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn unstamped_redacted_fields_never_overwrite() {
        let local = version(&[("resources", json!([1, 2]), st(10, 1))]);
        let mut remote = version(&[]);
        remote.data.insert("resources".into(), json!([]));
        let out = merge(Some(&local), &remote, false, NOW_MS).unwrap();
        assert_eq!(out.merged.data["resources"], json!([1, 2]));
        assert_eq!(out.kind, MergeKind::Unchanged);
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn stamps_more_than_a_day_ahead_are_refused() {
        let remote = version(&[("a", json!(1), st(NOW_MS + MAX_FUTURE_MS + 1, 2))]);
        let err = merge(None, &remote, false, NOW_MS).unwrap_err();
        assert!(matches!(err, MergeError::FutureStamp { .. }));
        assert!(err.to_string().contains("dans le futur"));
        let ok = version(&[("a", json!(1), st(NOW_MS + MAX_FUTURE_MS - 1, 2))]);
        assert!(merge(None, &ok, false, NOW_MS).is_ok());
    }

    #[test]
    fn a_local_tombstone_is_never_resurrected() {
        let mut local = version(&[("a", json!(1), st(10, 1))]);
        local.deleted_at = Some(DateTime::<Utc>::MIN_UTC);
        local.stamps.insert(DELETED_KEY.into(), st(11, 1));
        let remote = version(&[("a", json!(2), st(50, 2))]);
        let out = merge(Some(&local), &remote, false, NOW_MS).unwrap();
        assert!(out.merged.deleted_at.is_some());
        assert_eq!(out.kind, MergeKind::Unchanged);
    }

    #[test]
    fn immutable_records_keep_their_local_content() {
        let local = version(&[("text", json!("écrit ici"), st(10, 1))]);
        let remote = version(&[("text", json!("falsifié"), st(90, 2))]);
        let out = merge(Some(&local), &remote, true, NOW_MS).unwrap();
        assert_eq!(out.merged.data["text"], json!("écrit ici"));
        assert_eq!(
            out.conflicts.len(),
            1,
            "the odd version is reported, not lost"
        );
        let same = merge(Some(&local), &local, true, NOW_MS).unwrap();
        assert_eq!(same.kind, MergeKind::Unchanged);
    }

    // --- Properties -------------------------------------------------------------------

    const FIELDS: [&str; 3] = ["a", "b", "c"];

    /// A replica's version of one record: small value and stamp domains so that ties,
    /// equal values and same-site edits all happen often.
    fn arb_version() -> impl Strategy<Value = StampedData> {
        let field = (0u8..4, proptest::option::of((0u64..6, 0u128..3)));
        (
            proptest::collection::vec(proptest::option::of(field), 3),
            proptest::option::of((0u64..6, 0u128..3, 0i64..3)),
        )
            .prop_map(|(fields, deleted)| {
                let mut v = StampedData {
                    data: Map::new(),
                    stamps: Stamps::new(),
                    deleted_at: None,
                };
                for (name, f) in FIELDS.iter().zip(fields) {
                    if let Some((value, stamp)) = f {
                        v.data.insert(name.to_string(), json!(value));
                        if let Some((ms, site)) = stamp {
                            v.stamps.insert(name.to_string(), st(ms, site));
                        }
                    }
                }
                if let Some((ms, site, day)) = deleted {
                    v.stamps.insert(DELETED_KEY.into(), st(ms, site));
                    v.deleted_at = DateTime::from_timestamp(day * 86_400, 0);
                }
                v
            })
    }

    fn m(a: &StampedData, b: &StampedData) -> StampedData {
        merge(Some(a), b, false, NOW_MS).unwrap().merged
    }

    proptest! {
        #[test]
        fn merge_is_idempotent(a in arb_version(), b in arb_version()) {
            prop_assert_eq!(m(&a, &a), a.clone());
            let ab = m(&a, &b);
            prop_assert_eq!(m(&ab, &b), ab.clone());
            let again = merge(Some(&ab), &b, false, NOW_MS).unwrap();
            prop_assert!(again.kind == MergeKind::Unchanged);
        }

        #[test]
        fn merge_is_commutative(a in arb_version(), b in arb_version()) {
            prop_assert_eq!(m(&a, &b), m(&b, &a));
        }

        #[test]
        fn merge_is_associative_and_order_independent(
            a in arb_version(), b in arb_version(), c in arb_version()
        ) {
            let left = m(&m(&a, &b), &c);
            prop_assert_eq!(&left, &m(&a, &m(&b, &c)));
            prop_assert_eq!(&left, &m(&m(&c, &a), &b));
            prop_assert_eq!(&left, &m(&m(&b, &c), &a));
        }

        #[test]
        fn two_replicas_converge_after_exchanging(
            base in arb_version(), ea in arb_version(), eb in arb_version()
        ) {
            // Both start from `base`, edit independently, then send each other a packet.
            let a = m(&base, &ea);
            let b = m(&base, &eb);
            prop_assert_eq!(m(&a, &b), m(&b, &a));
        }

        #[test]
        fn no_value_is_lost_silently(a in arb_version(), b in arb_version()) {
            let out = merge(Some(&a), &b, false, NOW_MS).unwrap();
            for side in [&a, &b] {
                for (field, value) in &side.data {
                    let kept = &out.merged.data[field];
                    let Some(stamp) = side.stamps.get(field) else { continue };
                    if kept == value { continue; }
                    let kept_stamp = out.merged.stamps[field];
                    // A value may only disappear when a later edit of its own site
                    // replaced it; otherwise it is in the conflict list.
                    let superseded = kept_stamp.site == stamp.site && kept_stamp > *stamp;
                    let listed = out.conflicts.iter().any(|c| {
                        c.field == *field && c.lost == *value && c.lost_stamp == *stamp
                    });
                    prop_assert!(superseded || listed, "{field}: {value} lost");
                }
            }
        }

        #[test]
        fn only_values_the_winner_had_seen_leave_the_conflict_list(
            a in arb_version(), b in arb_version(),
            sa in proptest::option::of((0u64..6, 0u128..3)),
            sb in proptest::option::of((0u64..6, 0u128..3)),
        ) {
            let seen = |s: Option<(u64, u128)>| -> Stamps {
                s.map(|(ms, site)| FIELDS.iter().map(|f| (f.to_string(), st(ms, site))).collect())
                    .unwrap_or_default()
            };
            let (seen_a, seen_b) = (seen(sa), seen(sb));
            let out = merge_with_seen(Some(&a), &b, false, NOW_MS, &seen_a, &seen_b).unwrap();
            // The merged record never depends on what was seen.
            prop_assert_eq!(&out.merged, &m(&a, &b));
            for (side, other_seen) in [(&a, &seen_b), (&b, &seen_a)] {
                for (field, value) in &side.data {
                    let Some(stamp) = side.stamps.get(field) else { continue };
                    if out.merged.data[field] == *value { continue; }
                    let kept_stamp = out.merged.stamps[field];
                    let superseded = kept_stamp.site == stamp.site && kept_stamp > *stamp;
                    let seen_by_winner = other_seen.get(field).is_some_and(|s| stamp <= s);
                    let listed = out.conflicts.iter().any(|c| {
                        c.field == *field && c.lost == *value && c.lost_stamp == *stamp
                    });
                    prop_assert!(superseded || seen_by_winner || listed, "{field}: {value} lost");
                }
            }
        }

        #[test]
        fn tombstones_win(a in arb_version(), b in arb_version()) {
            let out = merge(Some(&a), &b, false, NOW_MS).unwrap();
            let deleted = a.deleted_at.is_some() || b.deleted_at.is_some();
            prop_assert_eq!(out.merged.deleted_at.is_some(), deleted);
            if a.deleted_at.is_some() {
                prop_assert_eq!(out.kind, MergeKind::Unchanged);
            }
        }
    }
}
