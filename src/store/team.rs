//! Team sync state (issue 15): the team this base belongs to, the roster seen, this
//! device's log position, the packets of the others applied here, and alerts. The file
//! logic lives in `crate::team`; this is its SQL.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, StoreError, Tx};

/// Kind of the alert « packet written before your admission » (settled by a snapshot).
pub const ALERT_BEFORE_ADMISSION: &str = "avant-admission";

/// The team this base belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamConfig {
    /// The shared folder (synced by Syncthing, Nextcloud…).
    pub folder: String,
    /// The team's id.
    pub team_id: Uuid,
    /// The coordinator's minisign public key (base64): the roster's signer.
    pub coordinator_key: String,
    /// This device created the team.
    pub is_coordinator: bool,
    /// The highest roster version seen (JSON) and its signature.
    pub roster: Option<(String, String)>,
    /// Its version (0: none yet).
    pub roster_version: u64,
    /// Sequence number of this device's next log packet.
    pub next_seq: u64,
    /// Clock of the last own write published.
    pub published_hlc: u64,
    /// When this device last published (RFC 3339).
    pub last_publish: Option<String>,
    /// When this device last synced (RFC 3339).
    pub last_sync: Option<String>,
}

/// One packet of another device applied here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Sequence number.
    pub seq: u64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time when applied or last checked (ns since 1970; 0 unknown).
    pub mtime: i64,
}

/// An alert of the sync (ids and numbers only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamAlert {
    /// The device whose log it is about.
    pub device: Uuid,
    /// The sequence number.
    pub seq: u64,
    /// `deux-contenus`, `revoque`, `inconnu`, `illisible`.
    pub kind: String,
    /// When it was found.
    pub at: String,
    /// French detail (no personal data).
    pub detail: String,
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(format!("identifiant {text}")))
}

/// An erasure made here on request, waiting for its notice in the shared folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedErasure {
    /// Its row in the queue.
    pub id: i64,
    /// Households erased.
    pub households: Vec<Uuid>,
    /// Persons erased.
    pub persons: Vec<Uuid>,
    /// Every record id erased.
    pub records: Vec<Uuid>,
    /// When (RFC 3339).
    pub erased_at: String,
}

fn uuids(json: &str) -> Result<Vec<Uuid>, StoreError> {
    let texts: Vec<String> = serde_json::from_str(json)?;
    texts.iter().map(|t| parse_uuid(t)).collect()
}

impl Store {
    /// Erasures made here and not yet published to the team, oldest first.
    pub fn team_erasures_queued(&self) -> Result<Vec<QueuedErasure>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, households, persons, records, erased_at FROM team_erasure_outbox \
             WHERE published_seq IS NULL ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, h, p, r, at)| {
                Ok(QueuedErasure {
                    id,
                    households: uuids(&h)?,
                    persons: uuids(&p)?,
                    records: uuids(&r)?,
                    erased_at: at,
                })
            })
            .collect()
    }

    /// The highest notice number this device published (0: none).
    pub fn team_erasure_last_seq(&self) -> Result<u64, StoreError> {
        let n: Option<i64> = self.conn().query_row(
            "SELECT max(published_seq) FROM team_erasure_outbox",
            [],
            |r| r.get(0),
        )?;
        Ok(u(n.unwrap_or(0)))
    }

    /// Every id the team erased, known here: `(id, kind, device that asked, when)`.
    pub fn team_erased(&self) -> Result<Vec<(Uuid, String, Uuid, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, kind, device, erased_at FROM team_erased ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, kind, d, at)| Ok((parse_uuid(&id)?, kind, parse_uuid(&d)?, at)))
            .collect()
    }

    /// How many ids the team erased (known here).
    pub fn team_erased_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM team_erased", [], |r| r.get(0))?;
        Ok(u(n))
    }

    /// How many team erasures the last snapshot written here held.
    pub fn team_snapshot_erased(&self) -> Result<u64, StoreError> {
        let n: Option<i64> = self
            .conn()
            .query_row(
                "SELECT snapshot_erased FROM team_config WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(u(n.unwrap_or(0)))
    }

    /// Whether notice `(device, seq)` of `source` (`avis`, `instantane`) was dealt with here.
    pub fn team_erasure_seen(
        &self,
        device: Uuid,
        seq: u64,
        source: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT 1 FROM team_erasure_seen WHERE device = ?1 AND seq = ?2 AND source = ?3",
            )?
            .query_row(params![device.to_string(), i(seq), source], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The team of this base, if it belongs to one.
    pub fn team_config(&self) -> Result<Option<TeamConfig>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT folder, team_id, coordinator_key, is_coordinator, roster, roster_sig, \
                 roster_version, next_seq, published_hlc, last_publish, last_sync \
                 FROM team_config WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, i64>(7)?,
                        r.get::<_, i64>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((folder, team, key, coord, roster, sig, version, seq, hlc, publ, sync)) = row
        else {
            return Ok(None);
        };
        Ok(Some(TeamConfig {
            folder,
            team_id: parse_uuid(&team)?,
            coordinator_key: key,
            is_coordinator: coord != 0,
            roster: roster.zip(sig),
            roster_version: u(version),
            next_seq: u(seq).max(1),
            published_hlc: u(hlc),
            last_publish: publ,
            last_sync: sync,
        }))
    }

    /// The packets of `device` applied here, by sequence.
    pub fn team_applied(&self, device: Uuid) -> Result<Vec<Applied>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, sha256, size, mtime FROM team_applied WHERE device = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([device.to_string()], |r| {
            Ok(Applied {
                seq: u(r.get(0)?),
                sha256: r.get(1)?,
                size: u(r.get(2)?),
                mtime: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every device's highest contiguous applied sequence and when it was applied.
    pub fn team_applied_summary(&self) -> Result<Vec<(Uuid, u64, String)>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT device, max(seq), max(applied_at) FROM team_applied GROUP BY device",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(d, s, a)| Ok((parse_uuid(&d)?, u(s), a)))
            .collect()
    }

    /// This base's log position for `device`: the highest packet applied here or brought
    /// by a snapshot (0: nothing yet). Packets are applied in order, so everything below
    /// is here too.
    pub fn team_position(&self, device: Uuid) -> Result<u64, StoreError> {
        let applied: Option<i64> = self.conn().query_row(
            "SELECT max(seq) FROM team_applied WHERE device = ?1",
            [device.to_string()],
            |r| r.get(0),
        )?;
        Ok(u(applied.unwrap_or(0)).max(self.team_floor(device)?))
    }

    /// The position a snapshot brought this base to for `device` (0: none).
    pub fn team_floor(&self, device: Uuid) -> Result<u64, StoreError> {
        let floor: Option<i64> = self
            .conn()
            .query_row(
                "SELECT seq FROM team_floor WHERE device = ?1",
                [device.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(u(floor.unwrap_or(0)))
    }

    /// The coordinator's last snapshot: (its sequence, the total of positions covered).
    pub fn team_snapshot_mark(&self) -> Result<(u64, u64), StoreError> {
        let row: Option<(i64, i64)> = self
            .conn()
            .query_row(
                "SELECT snapshot_seq, snapshot_total FROM team_config WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.map_or((0, 0), |(a, b)| (u(a), u(b))))
    }

    /// The alerts of the sync, newest first.
    pub fn team_alerts(&self) -> Result<Vec<TeamAlert>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT device, seq, kind, at, detail FROM team_alerts ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(d, seq, kind, at, detail)| {
                Ok(TeamAlert {
                    device: parse_uuid(&d)?,
                    seq: u(seq),
                    kind,
                    at,
                    detail,
                })
            })
            .collect()
    }
}

impl Tx<'_> {
    /// Makes this base a member (or the coordinator) of a team. Refused when it already
    /// belongs to one.
    pub fn set_team_config(
        &self,
        folder: &str,
        team_id: Uuid,
        coordinator_key: &str,
        is_coordinator: bool,
    ) -> Result<(), StoreError> {
        let exists: bool = self
            .sql()
            .query_row("SELECT count(*) FROM team_config", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n > 0)?;
        if exists {
            return Err(StoreError::Invalid(
                "Cette base fait déjà partie d'une équipe.".into(),
            ));
        }
        self.sql().execute(
            "INSERT INTO team_config (id, folder, team_id, coordinator_key, is_coordinator) \
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![
                folder,
                team_id.to_string(),
                coordinator_key,
                i64::from(is_coordinator)
            ],
        )?;
        Ok(())
    }

    /// Keeps a roster version (already verified by the caller) if it is newer than the one
    /// held; returns whether it was kept.
    pub fn keep_roster(&self, version: u64, json: &str, sig: &str) -> Result<bool, StoreError> {
        let n = self.sql().execute(
            "UPDATE team_config SET roster = ?1, roster_sig = ?2, roster_version = ?3 \
             WHERE id = 1 AND roster_version < ?3",
            params![json, sig, i(version)],
        )?;
        Ok(n > 0)
    }

    /// Records the publication of log packet `seq` carrying our writes up to `high`.
    pub fn team_published(&self, seq: u64, high: u64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_config SET next_seq = max(next_seq, ?1 + 1), \
             published_hlc = max(published_hlc, ?2), last_publish = ?3 WHERE id = 1",
            params![i(seq), i(high), self.now().to_rfc3339()],
        )?;
        Ok(())
    }

    /// Moves the next sequence past `seq` (a packet found under our name after a crash).
    pub fn team_skip_seq(&self, seq: u64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_config SET next_seq = max(next_seq, ?1 + 1) WHERE id = 1",
            params![i(seq)],
        )?;
        Ok(())
    }

    /// Records that packet `seq` of `device` was applied (once: a second call is a no-op).
    pub fn team_mark_applied(
        &self,
        device: Uuid,
        seq: u64,
        sha256: &str,
        size: u64,
        packet_id: Uuid,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT OR IGNORE INTO team_applied (device, seq, sha256, size, packet_id, applied_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                device.to_string(),
                i(seq),
                sha256,
                i(size),
                packet_id.to_string(),
                self.now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// Records an alert once per (device, sequence, kind).
    pub fn team_alert(
        &self,
        device: Uuid,
        seq: u64,
        kind: &str,
        detail: &str,
    ) -> Result<bool, StoreError> {
        let n = self.sql().execute(
            "INSERT OR IGNORE INTO team_alerts (device, seq, kind, at, detail) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                device.to_string(),
                i(seq),
                kind,
                self.now().to_rfc3339(),
                detail
            ],
        )?;
        Ok(n > 0)
    }

    /// Notes the modification time of applied packet `seq` of `device` (checked again
    /// only when it changes).
    pub fn team_set_mtime(&self, device: Uuid, seq: u64, mtime: i64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_applied SET mtime = ?3 WHERE device = ?1 AND seq = ?2",
            params![device.to_string(), i(seq), mtime],
        )?;
        Ok(())
    }

    /// Raises the snapshot position of `device` to `seq` (never lowers it). The alerts
    /// « written before your admission » of the packets it covers are settled: their
    /// content has arrived.
    pub fn team_set_floor(&self, device: Uuid, seq: u64, snapshot: &str) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO team_floor (device, seq, snapshot) VALUES (?1, ?2, ?3) \
             ON CONFLICT (device) DO UPDATE SET seq = excluded.seq, snapshot = excluded.snapshot \
             WHERE excluded.seq > team_floor.seq",
            params![device.to_string(), i(seq), snapshot],
        )?;
        self.sql().execute(
            "DELETE FROM team_alerts WHERE device = ?1 AND kind = ?2 AND seq <= ?3",
            params![device.to_string(), ALERT_BEFORE_ADMISSION, i(seq)],
        )?;
        Ok(())
    }

    /// Records the coordinator's snapshot `seq` covering `total` log positions.
    pub fn team_snapshot_written(&self, seq: u64, total: u64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_config SET snapshot_seq = max(snapshot_seq, ?1), snapshot_total = ?2 \
             WHERE id = 1",
            params![i(seq), i(total)],
        )?;
        Ok(())
    }

    /// Notes that queued erasure `id` was published as notice `seq`.
    pub fn team_erasure_published(&self, id: i64, seq: u64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_erasure_outbox SET published_seq = ?2 WHERE id = ?1",
            params![id, i(seq)],
        )?;
        Ok(())
    }

    /// Notes that notice `(device, seq)` of `source` was dealt with (`state`: `applique`,
    /// `pas-pour-nous`).
    pub fn team_erasure_mark(
        &self,
        device: Uuid,
        seq: u64,
        source: &str,
        state: &str,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO team_erasure_seen (device, seq, source, state, at) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET state = excluded.state",
            params![
                device.to_string(),
                i(seq),
                source,
                state,
                self.now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// Records how many team erasures the snapshot just written holds.
    pub fn team_set_snapshot_erased(&self, count: u64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_config SET snapshot_erased = ?1 WHERE id = 1",
            params![i(count)],
        )?;
        Ok(())
    }

    /// Notes the end of a sync.
    pub fn team_synced(&self) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE team_config SET last_sync = ?1 WHERE id = 1",
            params![self.now().to_rfc3339()],
        )?;
        Ok(())
    }
}
