//! Named workers (issue 15): the `workers` table and the worker using this base.
//!
//! The worker using this base is the setting [`CURRENT_WORKER_SETTING`] (her id): the data
//! protection log reads that key to name the actor of its entries.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, StoreError, Tx};
use crate::domain::worker::Worker;

/// Settings key holding the id of the worker using this base (a contract with the audit
/// code: do not rename).
pub const CURRENT_WORKER_SETTING: &str = "current_worker";

const COLUMNS: &str = "id, first_name, last_name, structure, device";

fn row_to_worker(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Worker)> {
    let id: String = r.get(0)?;
    let device: Option<String> = r.get(4)?;
    Ok((
        id,
        Worker {
            id: Uuid::nil(),
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            structure: r.get(3)?,
            device: device.and_then(|d| Uuid::parse_str(&d).ok()),
        },
    ))
}

fn parse(rows: Vec<(String, Worker)>) -> Result<Vec<Worker>, StoreError> {
    rows.into_iter()
        .map(|(id, mut w)| {
            w.id = Uuid::parse_str(&id)
                .map_err(|_| StoreError::Corrupt(format!("identifiant d'intervenant·e {id}")))?;
            Ok(w)
        })
        .collect()
}

impl Store {
    /// Every worker known to this base, by name.
    pub fn workers(&self) -> Result<Vec<Worker>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM workers ORDER BY last_name, first_name"
        ))?;
        let rows = stmt
            .query_map([], row_to_worker)?
            .collect::<Result<Vec<_>, _>>()?;
        parse(rows)
    }

    /// One worker by id.
    pub fn worker(&self, id: Uuid) -> Result<Option<Worker>, StoreError> {
        let row = self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM workers WHERE id = ?1"),
                [id.to_string()],
                row_to_worker,
            )
            .optional()?;
        Ok(parse(row.into_iter().collect())?.pop())
    }

    /// The worker using this base, once someone said who (first run or « Paramètres »).
    pub fn current_worker(&self) -> Result<Option<Worker>, StoreError> {
        let Some(id) = self.setting(CURRENT_WORKER_SETTING)? else {
            return Ok(None);
        };
        match Uuid::parse_str(&id) {
            Ok(id) => self.worker(id),
            Err(_) => Ok(None),
        }
    }

    /// The name written in histories for what this base does: the current worker's, or
    /// `None` when nobody said who uses the base yet.
    pub fn current_worker_name(&self) -> Result<Option<String>, StoreError> {
        Ok(self.current_worker()?.map(|w| w.display_name()))
    }

    /// Records (or updates) a worker, checked first; one transaction.
    pub fn save_worker(&mut self, worker: &Worker) -> Result<(), StoreError> {
        worker.check().map_err(StoreError::Invalid)?;
        self.write(|tx| tx.put_worker(worker))
    }

    /// Says who uses this base: records the worker (on this device) and makes her the
    /// current worker, in one transaction.
    pub fn set_current_worker(&mut self, worker: &Worker) -> Result<(), StoreError> {
        worker.check().map_err(StoreError::Invalid)?;
        let mut worker = worker.clone();
        worker.device = Some(self.site_id());
        self.write(|tx| {
            tx.put_worker(&worker)?;
            tx.sql().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![CURRENT_WORKER_SETTING, worker.id.to_string()],
            )?;
            tx.audit("worker.current", &worker.id.to_string())
        })
    }
}

impl Tx<'_> {
    /// Inserts or updates a worker (no check: callers check, the team roster is trusted
    /// after its signature).
    pub fn put_worker(&self, worker: &Worker) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO workers (id, first_name, last_name, structure, device, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, \
             last_name = excluded.last_name, structure = excluded.structure, \
             device = COALESCE(excluded.device, workers.device)",
            params![
                worker.id.to_string(),
                worker.first_name.trim(),
                worker.last_name.trim(),
                worker.structure.trim(),
                worker.device.map(|d| d.to_string()),
                self.now().to_rfc3339(),
            ],
        )?;
        Ok(())
    }
}

impl Tx<'_> {
    /// The display name of the worker using this base, empty when nobody said who yet:
    /// what a stage event, note, attendance or proposal decision written in this
    /// transaction carries.
    pub fn worker_name(&self) -> Result<String, StoreError> {
        let row: Option<(String, String)> = self
            .sql()
            .prepare_cached(
                "SELECT w.first_name, w.last_name FROM settings s \
                 JOIN workers w ON w.id = s.value WHERE s.key = ?1",
            )?
            .query_row([CURRENT_WORKER_SETTING], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row
            .map(|(first, last)| {
                format!("{} {}", first.trim(), last.trim())
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default())
    }
}
