//! The records repository: every SQL statement about domain entities.
//!
//! One generic implementation serves all entities (the [`Record`] trait says which table
//! and which link columns). Each row keeps, beside the record's JSON, the stamp of the
//! last write of each top-level field (DESIGN.md §5), so that packets can merge per field;
//! a deletion is a tombstone, never a `DELETE`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::search::{self, SearchDoc, SearchKind};
use super::{Store, StoreError, Tx};
use crate::domain::hlc::Stamp;
use crate::domain::model::*;
use crate::domain::programme::{CurrentStage, current_stage};
use crate::domain::record::{DELETED_KEY, Record, Stamped, Stamps};
use crate::domain::validate::join_messages;

/// How [`Stamps`] are stored in a row's `stamps` column. Most fields of a record share
/// one stamp (the write that created it), so the column holds that stamp once (`b`) and
/// only the fields whose stamp differs (`o`); every other field of the row's data has
/// `b`. Written out in full, the stamps took 2.6 times the space of the data itself
/// (19 MB for 7 MB of records at 1,000 demo households).
#[derive(Serialize, serde::Deserialize)]
struct StoredStamps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<Stamp>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    o: Stamps,
    /// Data fields with no stamp at all (a redacted record received from a partner
    /// carries stamps for its allowed fields only): they must not inherit `b`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    n: Vec<String>,
}

/// Encodes `stamps` for a row whose data has the fields `data`. Keys that are not data
/// fields (the tombstone's) always go to the overrides, so that decoding finds them.
fn encode_stamps(stamps: &Stamps, data: &Map<String, Value>) -> Result<String, StoreError> {
    let mut counts: BTreeMap<Stamp, usize> = BTreeMap::new();
    for (k, s) in stamps {
        if data.contains_key(k) {
            *counts.entry(*s).or_default() += 1;
        }
    }
    let base = counts
        .into_iter()
        .max_by_key(|(s, n)| (*n, *s))
        .map(|(s, _)| s);
    let o = stamps
        .iter()
        .filter(|(k, s)| !data.contains_key(k.as_str()) || Some(**s) != base)
        .map(|(k, s)| (k.clone(), *s))
        .collect();
    let n = if base.is_some() {
        data.keys()
            .filter(|k| !stamps.contains_key(k.as_str()))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    Ok(serde_json::to_string(&StoredStamps { b: base, o, n })?)
}

/// The inverse of [`encode_stamps`] for a row whose data is `data`.
fn decode_stamps(text: &str, data: &Value) -> Result<Stamps, StoreError> {
    let stored: StoredStamps = serde_json::from_str(text)?;
    let mut stamps = stored.o;
    if let (Some(base), Value::Object(map)) = (stored.b, data) {
        for k in map.keys().filter(|k| !stored.n.contains(k)) {
            stamps.entry(k.clone()).or_insert(base);
        }
    }
    Ok(stamps)
}

/// What the store adds to a [`Record`]: the search index entry and the derived data kept
/// in step in the same transaction. Every record type implements it; the store's generic
/// functions take `R: Stored`.
pub trait Stored: Record {
    /// What the search index holds for this record, if it is searchable.
    fn search_doc(&self) -> Option<SearchDoc> {
        None
    }

    /// Derived data to refresh after this record was written or, with `deleted`,
    /// tombstoned (same transaction).
    fn after_write(&self, _conn: &Connection, _deleted: bool) -> Result<(), StoreError> {
        Ok(())
    }

    /// The case whose derived stage [`Stored::after_write`] refreshes, if any: the
    /// [`MergeWriter`] refreshes it once after all its writes instead (every type that
    /// has an `after_write` says here what it keeps in step).
    fn stage_case(&self) -> Option<Uuid> {
        None
    }
}

/// What [`Tx::put`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new record.
    Inserted,
    /// An existing record; these top-level fields changed and got the new stamp.
    Updated {
        /// Names of the changed fields.
        fields: Vec<String>,
    },
    /// Identical to what was stored: nothing written.
    Unchanged,
}

// ---------------------------------------------------------------------------------------
// Record impls
// ---------------------------------------------------------------------------------------

fn doc(kind: SearchKind, household_id: Option<Uuid>, label: String, parts: &[&str]) -> SearchDoc {
    let mut body = label.clone();
    for p in parts.iter().filter(|p| !p.trim().is_empty()) {
        body.push(' ');
        body.push_str(p);
    }
    SearchDoc {
        kind,
        household_id,
        label,
        body,
    }
}

impl Stored for Programme {}

impl Stored for Household {
    fn search_doc(&self) -> Option<SearchDoc> {
        let wished = self.housing_demand.wished_communes.join(" ");
        Some(doc(
            SearchKind::Household,
            Some(self.id),
            self.label.clone(),
            &[&self.commune, &wished],
        ))
    }
}

impl Stored for Adult {
    fn search_doc(&self) -> Option<SearchDoc> {
        let trades = self.trades.join(" ");
        Some(doc(
            SearchKind::Adult,
            Some(self.household_id),
            self.display_name(),
            &[&trades],
        ))
    }
}

impl Stored for Child {
    fn search_doc(&self) -> Option<SearchDoc> {
        Some(doc(
            SearchKind::Child,
            Some(self.household_id),
            self.display_name(),
            &[],
        ))
    }
}

impl Stored for Case {
    fn after_write(&self, conn: &Connection, _deleted: bool) -> Result<(), StoreError> {
        refresh_case_stage(conn, self.id)
    }
    fn stage_case(&self) -> Option<Uuid> {
        Some(self.id)
    }
}

impl Stored for StageEvent {
    fn after_write(&self, conn: &Connection, deleted: bool) -> Result<(), StoreError> {
        if !deleted && advance_case_stage(conn, self)? {
            return Ok(());
        }
        refresh_case_stage(conn, self.case_id)
    }
    fn stage_case(&self) -> Option<Uuid> {
        Some(self.case_id)
    }
}

impl Stored for Employer {
    fn search_doc(&self) -> Option<SearchDoc> {
        Some(doc(
            SearchKind::Employer,
            None,
            self.name.clone(),
            &[&self.commune, &self.sector],
        ))
    }
}

impl Stored for JobOffer {
    fn search_doc(&self) -> Option<SearchDoc> {
        let label = format!("{} – {}", self.title, self.commune);
        Some(doc(SearchKind::JobOffer, None, label, &[&self.trade]))
    }
}

impl Stored for Tutor {}

impl Stored for EmploymentFollowUp {}

impl Stored for Landlord {
    fn search_doc(&self) -> Option<SearchDoc> {
        Some(doc(
            SearchKind::Landlord,
            None,
            self.name.clone(),
            &[&self.commune],
        ))
    }
}

impl Stored for HousingUnit {
    fn search_doc(&self) -> Option<SearchDoc> {
        let label = format!(
            "{} {} – {}",
            self.typology.label_fr(),
            self.label,
            self.commune
        );
        Some(doc(SearchKind::HousingUnit, None, label, &[]))
    }
}

impl Stored for RelayStay {}

impl Stored for Proposal {}

impl Stored for Appointment {}

impl Stored for Attendance {}

impl Stored for Note {}

impl Stored for Partner {}

impl Stored for DocumentItem {}

impl Stored for Consent {}

// ---------------------------------------------------------------------------------------
// Generic SQL
// ---------------------------------------------------------------------------------------

/// Parses a UUID read from the database (written by us, so a failure is corruption).
pub(crate) fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| {
        StoreError::Sql(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            StoreError::Sql(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })
}

/// The SQL column of a stamp's clock: SQLite integers are signed.
fn hlc_column(stamp: Stamp) -> i64 {
    i64::try_from(stamp.hlc.0).unwrap_or(i64::MAX)
}

/// Refuses a column name that is not one of the record's links (names are spliced into
/// SQL, so they must come from our own constants, never from the caller's strings).
fn check_link<R: Stored>(column: &str) -> Result<&'static str, StoreError> {
    R::LINKS
        .iter()
        .copied()
        .find(|c| *c == column)
        .ok_or_else(|| {
            StoreError::Invalid(format!("« {column} » n'est pas un lien de {}.", R::TABLE))
        })
}

struct StoredRow {
    data: Value,
    stamps: Stamps,
    deleted_at: Option<String>,
}

fn load_row<R: Stored>(conn: &Connection, id: Uuid) -> Result<Option<StoredRow>, StoreError> {
    let sql = format!(
        "SELECT data, stamps, deleted_at FROM {} WHERE id = ?1",
        R::TABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .optional()?;
    match row {
        None => Ok(None),
        Some((data, stamps, deleted_at)) => {
            let data: Value = serde_json::from_str(&data)?;
            let stamps = decode_stamps(&stamps, &data)?;
            Ok(Some(StoredRow {
                data,
                stamps,
                deleted_at,
            }))
        }
    }
}

fn find_in<R: Stored>(conn: &Connection, id: Uuid) -> Result<Option<R>, StoreError> {
    let sql = format!(
        "SELECT data FROM {} WHERE id = ?1 AND deleted_at IS NULL",
        R::TABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let data: Option<String> = stmt.query_row([id.to_string()], |r| r.get(0)).optional()?;
    data.map(|d| serde_json::from_str(&d))
        .transpose()
        .map_err(StoreError::from)
}

fn get_in<R: Stored>(conn: &Connection, id: Uuid) -> Result<R, StoreError> {
    find_in(conn, id)?.ok_or(StoreError::NotFound {
        table: R::TABLE,
        id,
    })
}

fn stamped_in<R: Stored>(conn: &Connection, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
    load_row::<R>(conn, id)?
        .map(|row| {
            Ok(Stamped {
                record: serde_json::from_value(row.data)?,
                stamps: row.stamps,
                deleted_at: row.deleted_at.as_deref().map(parse_time).transpose()?,
            })
        })
        .transpose()
}

fn collect<R: Stored>(
    conn: &Connection,
    sql: &str,
    param: Option<String>,
) -> Result<Vec<R>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = match param {
        Some(p) => stmt.query([p])?,
        None => stmt.query([])?,
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let data: String = row.get(0)?;
        out.push(serde_json::from_str(&data)?);
    }
    Ok(out)
}

fn list_in<R: Stored>(conn: &Connection) -> Result<Vec<R>, StoreError> {
    let sql = format!(
        "SELECT data FROM {} WHERE deleted_at IS NULL ORDER BY rowid",
        R::TABLE
    );
    collect(conn, &sql, None)
}

fn list_by_in<R: Stored>(conn: &Connection, column: &str, id: Uuid) -> Result<Vec<R>, StoreError> {
    let column = check_link::<R>(column)?;
    let sql = format!(
        "SELECT data FROM {} WHERE {column} = ?1 AND deleted_at IS NULL ORDER BY rowid",
        R::TABLE
    );
    collect(conn, &sql, Some(id.to_string()))
}

fn count_in<R: Stored>(conn: &Connection) -> Result<u64, StoreError> {
    let sql = format!("SELECT count(*) FROM {} WHERE deleted_at IS NULL", R::TABLE);
    let n: i64 = conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Fast path for the usual write, a new move later than the case's current stage: sets
/// the derived stage without replaying the history. Returns `false` when the history must
/// be replayed (an older or simultaneous event, e.g. arriving in a packet).
fn advance_case_stage(conn: &Connection, event: &StageEvent) -> Result<bool, StoreError> {
    let since: Option<Option<String>> = conn
        .prepare_cached("SELECT stage_since FROM cases WHERE id = ?1")?
        .query_row([event.case_id.to_string()], |r| r.get(0))
        .optional()?;
    let later = match since {
        None => return Ok(true), // case not written yet: its own put will replay
        Some(None) => true,
        Some(Some(t)) => parse_time(&t)? < event.at,
    };
    if later {
        conn.prepare_cached(
            "UPDATE cases SET current_stage_id = ?2, stage_since = ?3 WHERE id = ?1",
        )?
        .execute(params![
            event.case_id.to_string(),
            event.to_stage.to_string(),
            event.at.to_rfc3339(),
        ])?;
    }
    Ok(later)
}

/// Recomputes the derived current stage of a case from its stage events.
fn refresh_case_stage(conn: &Connection, case_id: Uuid) -> Result<(), StoreError> {
    refresh_case_stages(conn, &BTreeSet::from([case_id]))
}

/// [`refresh_case_stage`] for many cases: their events read in one statement (an import
/// touches a thousand cases; one read each cost it 17 ms, issue 17).
fn refresh_case_stages(conn: &Connection, cases: &BTreeSet<Uuid>) -> Result<(), StoreError> {
    if cases.is_empty() {
        return Ok(());
    }
    let list = serde_json::to_string(&cases.iter().map(Uuid::to_string).collect::<Vec<_>>())?;
    let events: Vec<StageEvent> = collect(
        conn,
        "SELECT data FROM stage_events WHERE case_id IN (SELECT value FROM json_each(?1)) \
         AND deleted_at IS NULL",
        Some(list),
    )?;
    let mut by_case: HashMap<Uuid, Vec<&StageEvent>> = HashMap::with_capacity(cases.len());
    for e in &events {
        by_case.entry(e.case_id).or_default().push(e);
    }
    let mut stmt = conn
        .prepare_cached("UPDATE cases SET current_stage_id = ?2, stage_since = ?3 WHERE id = ?1")?;
    for case_id in cases {
        let current = current_stage(by_case.get(case_id).into_iter().flatten().copied());
        stmt.execute(params![
            case_id.to_string(),
            current.map(|c| c.stage_id.to_string()),
            current.map(|c| c.since.to_rfc3339()),
        ])?;
    }
    Ok(())
}

/// Top-level fields whose value differs between `old` and `new` (added and removed
/// fields count as changed).
fn changed_fields(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    changed.extend(
        old.keys()
            .filter(|k| !new.contains_key(k.as_str()))
            .cloned(),
    );
    changed
}

/// The upsert of a record's row (links, data, stamps, tombstone, clock) for `R`'s table.
fn upsert_sql<R: Stored>() -> String {
    format!(
        "{} ON CONFLICT(id) DO UPDATE SET {}data = excluded.data, \
         stamps = excluded.stamps, deleted_at = excluded.deleted_at, hlc = excluded.hlc",
        insert_sql::<R>(),
        R::LINKS
            .iter()
            .map(|c| format!("{c} = excluded.{c}, "))
            .collect::<String>(),
    )
}

/// The plain insert of a record's row, for a record known to have none: SQLite needs
/// no statement journal for it, where the upsert copies every page it touches into one
/// (a tenth of a packet's import, issue 17). A row there after all fails the import.
fn insert_sql<R: Stored>() -> String {
    let link_cols = R::LINKS;
    let n = link_cols.len();
    let cols: String = link_cols.iter().map(|c| format!("{c}, ")).collect();
    let marks: String = (0..n).map(|i| format!("?{}, ", i + 2)).collect();
    format!(
        "INSERT INTO {t} (id, {cols}data, stamps, deleted_at, hlc) \
         VALUES (?1, {marks}?{d}, ?{s}, ?{x}, ?{h})",
        t = R::TABLE,
        d = n + 2,
        s = n + 3,
        x = n + 4,
        h = n + 5,
    )
}

/// Upserts a record's row with `sql` (its table's [`upsert_sql`]), without the derived
/// data (search index, case stage).
fn upsert_row<R: Stored>(
    conn: &Connection,
    sql: &str,
    record: &R,
    data: Map<String, Value>,
    stamps: &Stamps,
    deleted_at: Option<String>,
) -> Result<(), StoreError> {
    let row = RowText::of(record, &data, stamps, deleted_at)?;
    drop(data);
    row.execute(conn, sql)
}

/// A record's row as text, ready for its table's statement: id, links, data, stamps,
/// tombstone, clock.
struct RowText {
    id: Uuid,
    links: Vec<Option<Uuid>>,
    data: String,
    stamps: String,
    deleted_at: Option<String>,
    max_hlc: i64,
}

impl RowText {
    fn of<R: Stored>(
        record: &R,
        data: &Map<String, Value>,
        stamps: &Stamps,
        deleted_at: Option<String>,
    ) -> Result<RowText, StoreError> {
        // The data column is written from the `Value`, not the struct, so that reading it
        // back compares equal (f32 fields would otherwise print with another precision).
        Ok(RowText {
            id: record.id(),
            links: record.link_values(),
            data: serde_json::to_string(data)?,
            stamps: encode_stamps(stamps, data)?,
            deleted_at,
            max_hlc: stamps.values().map(|s| hlc_column(*s)).max().unwrap_or(0),
        })
    }

    fn execute(&self, conn: &Connection, sql: &str) -> Result<(), StoreError> {
        let mut values: Vec<Option<String>> = Vec::with_capacity(self.links.len() + 1);
        values.push(Some(self.id.to_string()));
        values.extend(self.links.iter().map(|l| l.map(|u| u.to_string())));
        let mut params: Vec<&dyn rusqlite::ToSql> =
            values.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
        params.push(&self.data);
        params.push(&self.stamps);
        params.push(&self.deleted_at);
        params.push(&self.max_hlc);
        conn.prepare_cached(sql)?.execute(params.as_slice())?;
        Ok(())
    }
}

/// A record about to be written as new by a [`MergeWriter`] (a record of a packet that
/// this base does not hold), validated and serialised away from the connection: an
/// import prepares them on a second thread while the first writes (issue 17).
pub struct NewRow {
    table: &'static str,
    row: RowText,
    search: Option<SearchDoc>,
    stage_case: Option<Uuid>,
}

impl NewRow {
    /// Validates `record` (its rules on `today`) and serialises its row with `stamps` and
    /// the tombstone `deleted`. Refused as [`Tx::put_merged`] refuses: an invalid record.
    pub fn prepare<R: Stored>(
        record: &R,
        stamps: &Stamps,
        deleted: Option<DateTime<Utc>>,
        today: NaiveDate,
    ) -> Result<NewRow, StoreError> {
        let data = valid_fields(record, today)?;
        Ok(NewRow {
            table: R::TABLE,
            row: RowText::of(record, &data, stamps, deleted.map(|t| t.to_rfc3339()))?,
            search: if deleted.is_some() {
                None
            } else {
                record.search_doc()
            },
            stage_case: record.stage_case(),
        })
    }
}

/// Upserts a record's row (links, data, stamps, tombstone) and keeps the derived data —
/// search index, case stage — in step, in the caller's transaction.
fn write_row<R: Stored>(
    conn: &Connection,
    record: &R,
    data: Map<String, Value>,
    stamps: &Stamps,
    deleted_at: Option<String>,
) -> Result<(), StoreError> {
    let deleted = deleted_at.is_some();
    upsert_row(conn, &upsert_sql::<R>(), record, data, stamps, deleted_at)?;
    let doc = if deleted { None } else { record.search_doc() };
    search::index(conn, record.id(), doc.as_ref())?;
    record.after_write(conn, deleted)
}

/// The household a record belongs to (itself, or through its links), for the access log
/// and the freeze.
fn household_link<R: Stored>(conn: &Connection, record: &R) -> Result<Option<Uuid>, StoreError> {
    if R::TABLE == "households" {
        return Ok(Some(record.id()));
    }
    super::freeze::household_of(conn, R::LINKS, &record.link_values())
}

/// The JSON fields of a valid record (its rules on `today`), for a merged write.
fn valid_fields<R: Stored>(record: &R, today: NaiveDate) -> Result<Map<String, Value>, StoreError> {
    let errors = record.validate(today);
    if !errors.is_empty() {
        return Err(StoreError::Invalid(join_messages(&errors)));
    }
    match serde_json::to_value(record)? {
        Value::Object(map) => Ok(map),
        _ => Err(StoreError::Invalid(format!(
            "{} : format inattendu.",
            R::TABLE
        ))),
    }
}

/// What writing a merged version does (the rules of [`Tx::put_merged`]): `None` when
/// nothing is written, else the outcome and the tombstone date to store.
fn merged_plan<R: Stored>(
    conn: &Connection,
    record: &R,
    new: &Map<String, Value>,
    stamps: &Stamps,
    deleted: Option<DateTime<Utc>>,
) -> Result<Option<(PutOutcome, Option<String>)>, StoreError> {
    let mut deleted_at = deleted.map(|t| t.to_rfc3339());
    let outcome = match load_row::<R>(conn, record.id())? {
        None => PutOutcome::Inserted,
        Some(row) => {
            if row.deleted_at.is_some() {
                if deleted.is_none() || row.stamps == *stamps {
                    return Ok(None);
                }
                // Both deleted: keep the earliest deletion date.
                deleted_at = row.deleted_at.clone().min(deleted_at);
            }
            let old = match row.data {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            let fields = changed_fields(&old, new);
            if R::IMMUTABLE && !fields.is_empty() {
                return Err(StoreError::Immutable { table: R::TABLE });
            }
            if fields.is_empty() && row.stamps == *stamps && row.deleted_at == deleted_at {
                return Ok(None);
            }
            PutOutcome::Updated { fields }
        }
    };
    Ok(Some((outcome, deleted_at)))
}

fn existing_in<R: Stored>(conn: &Connection, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    if let [id] = ids {
        // One id (a registry link checked during an import): a plain lookup.
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", R::TABLE);
        let found = conn.prepare_cached(&sql)?.exists([id.to_string()])?;
        return Ok(if found {
            HashSet::from([*id])
        } else {
            HashSet::new()
        });
    }
    // An empty table holds none of them (the first import into a new base: 26,000 ids
    // looked up for nothing cost it 15 ms).
    let any: bool = conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {})", R::TABLE))?
        .query_row([], |r| r.get(0))?;
    if !any {
        return Ok(HashSet::new());
    }
    let list = serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())?;
    let sql = format!(
        "SELECT id FROM {} WHERE id IN (SELECT value FROM json_each(?1))",
        R::TABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([list], |r| r.get::<_, String>(0))?;
    let mut out = HashSet::with_capacity(ids.len());
    for text in rows {
        out.insert(parse_uuid(&text?)?);
    }
    Ok(out)
}

/// Writes the merged records of one packet in its transaction, with the rules of
/// [`Tx::put_merged`], the work that does not depend on one record done once (issue 17):
/// the erased ids read once, each table's statement built once, and the derived data —
/// search index, case stages — written by [`MergeWriter::finish`] in a few statements.
/// (Written row by row, every search entry made SQLite's full-text index flush a
/// segment of its own at the next statement, and every stage event rewrote its case.)
/// Nothing of the derived data is written until `finish`, which must run before the
/// transaction commits.
pub struct MergeWriter<'w, 't> {
    tx: &'w Tx<'t>,
    erased: HashSet<Uuid>,
    /// Insert (`false`) or upsert (`true`) statement per table.
    sql: HashMap<(&'static str, bool), String>,
    /// Search entries to write (`None`: to remove), in write order.
    search: Vec<(Uuid, Option<SearchDoc>)>,
    /// Cases whose derived stage to refresh.
    cases: BTreeSet<Uuid>,
}

impl<'w, 't> MergeWriter<'w, 't> {
    /// The transaction, for the import's other writes.
    pub fn tx(&self) -> &'w Tx<'t> {
        self.tx
    }

    /// [`Tx::put_merged`] for `record` with `stamps` and tombstone `deleted`, a record this
    /// transaction may hold (one it read as having no row goes through
    /// [`MergeWriter::put_new`]).
    pub fn put<R: Stored>(
        &mut self,
        record: &R,
        stamps: &Stamps,
        deleted: Option<DateTime<Utc>>,
    ) -> Result<PutOutcome, StoreError> {
        let new = valid_fields(record, self.tx.today())?;
        let id = record.id();
        // Erased for good (issue 14), as in `put_merged`.
        if self.erased.contains(&id)
            || record
                .link_values()
                .into_iter()
                .flatten()
                .any(|l| self.erased.contains(&l))
        {
            return Ok(PutOutcome::Unchanged);
        }
        let conn: &Connection = self.tx.sql();
        let Some((outcome, deleted_at)) = merged_plan(conn, record, &new, stamps, deleted)? else {
            return Ok(PutOutcome::Unchanged);
        };
        let is_deleted = deleted_at.is_some();
        let sql = self
            .sql
            .entry((R::TABLE, true))
            .or_insert_with(upsert_sql::<R>);
        upsert_row(conn, sql, record, new, stamps, deleted_at)?;
        let doc = if is_deleted {
            None
        } else {
            record.search_doc()
        };
        // The entry is replaced, or removed for a tombstone.
        self.search.push((id, doc));
        if let Some(case) = record.stage_case() {
            self.cases.insert(case);
        }
        Ok(outcome)
    }

    /// Writes a record this transaction read as having no row at all, prepared by
    /// [`NewRow::prepare`] (perhaps on another thread): [`MergeWriter::put`]'s rules
    /// for such a record, an erased id or link still writing nothing.
    /// Its search entry is taken from `new` (the rest stays the caller's to free).
    pub fn put_new<R: Stored>(&mut self, new: &mut NewRow) -> Result<PutOutcome, StoreError> {
        if new.table != R::TABLE {
            return Err(StoreError::Invalid(format!(
                "{} : fiche préparée pour la table {}.",
                R::TABLE,
                new.table
            )));
        }
        let row = &new.row;
        if self.erased.contains(&row.id)
            || row.links.iter().flatten().any(|l| self.erased.contains(l))
        {
            return Ok(PutOutcome::Unchanged);
        }
        let sql = self
            .sql
            .entry((R::TABLE, false))
            .or_insert_with(insert_sql::<R>);
        row.execute(self.tx.sql(), sql)?;
        // A record that had no row has no search entry to remove.
        if let Some(doc) = new.search.take() {
            self.search.push((row.id, Some(doc)));
        }
        if let Some(case) = new.stage_case {
            self.cases.insert(case);
        }
        Ok(PutOutcome::Inserted)
    }

    /// Writes the derived data of everything put: the search entries in one statement,
    /// then each touched case's stage from its events.
    pub fn finish(self) -> Result<(), StoreError> {
        let conn: &Connection = self.tx.sql();
        // The last write of a record wins (a record is written once per import).
        let mut seen = HashSet::new();
        let mut docs = Vec::new();
        let mut removed = Vec::new();
        for (id, doc) in self.search.iter().rev() {
            if !seen.insert(*id) {
                continue;
            }
            match doc {
                Some(d) => docs.push((*id, d)),
                None => removed.push(*id),
            }
        }
        docs.reverse();
        for id in removed {
            search::index(conn, id, None)?;
        }
        search::index_many(conn, &docs)?;
        refresh_case_stages(conn, &self.cases)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

impl<'a> Tx<'a> {
    /// Inserts or updates a record. Changed top-level fields get this transaction's
    /// stamp, unchanged ones keep theirs. Refused: invalid records
    /// ([`StoreError::Invalid`], French messages), changes to an immutable record
    /// ([`StoreError::Immutable`]; rewriting the same content is a no-op), and writes to a
    /// tombstoned record ([`StoreError::NotFound`]).
    pub fn put<R: Stored>(&self, record: &R) -> Result<PutOutcome, StoreError> {
        let errors = record.validate(self.today());
        if !errors.is_empty() {
            return Err(StoreError::Invalid(join_messages(&errors)));
        }
        let id = record.id();
        let Value::Object(new) = serde_json::to_value(record)? else {
            return Err(StoreError::Invalid(format!(
                "{} : format inattendu.",
                R::TABLE
            )));
        };
        let stamp = self.stamp();
        let conn: &Connection = self.sql();

        if super::erase::is_erased(conn, id)? {
            return Err(StoreError::NotFound {
                table: R::TABLE,
                id,
            });
        }
        let household = household_link(conn, record)?;
        super::freeze::check_not_frozen(conn, household)?;
        let (stamps, outcome) = match load_row::<R>(conn, id)? {
            Some(row) if row.deleted_at.is_some() => {
                return Err(StoreError::NotFound {
                    table: R::TABLE,
                    id,
                });
            }
            Some(row) => {
                let old = match row.data {
                    Value::Object(map) => map,
                    _ => Map::new(),
                };
                let fields = changed_fields(&old, &new);
                if fields.is_empty() {
                    return Ok(PutOutcome::Unchanged);
                }
                if R::IMMUTABLE {
                    return Err(StoreError::Immutable { table: R::TABLE });
                }
                // Packets: a local edit replacing a partner's value remembers it was seen.
                super::exchange::remember_replaced(conn, id, &row.stamps, &fields, stamp.site)?;
                let mut stamps = row.stamps;
                for f in &fields {
                    if new.contains_key(f) {
                        stamps.insert(f.clone(), stamp);
                    } else {
                        stamps.remove(f);
                    }
                }
                (stamps, PutOutcome::Updated { fields })
            }
            None => (
                new.keys().map(|k| (k.clone(), stamp)).collect(),
                PutOutcome::Inserted,
            ),
        };

        write_row(conn, record, new, &stamps, None)?;
        let (action, fields) = match &outcome {
            PutOutcome::Inserted => ("fiche créée", Vec::new()),
            PutOutcome::Updated { fields } => ("fiche modifiée", fields.clone()),
            PutOutcome::Unchanged => return Ok(outcome),
        };
        self.audit_record(action, R::TABLE, id, household, &fields)?;
        Ok(outcome)
    }

    /// Writes a record as the packet merge decided it: the given data and per-field
    /// stamps as they are (no new stamp), and the tombstone if any. Rules kept here so
    /// that no merge can break them: the record must be valid; a local tombstone wins
    /// (a deleted record is never resurrected: `Unchanged`); an immutable record never
    /// changes content ([`StoreError::Immutable`]). A packet's import writes through a
    /// [`MergeWriter`] instead (same rules, shared work done once).
    pub fn put_merged<R: Stored>(&self, merged: &Stamped<R>) -> Result<PutOutcome, StoreError> {
        let record = &merged.record;
        let new = valid_fields(record, self.today())?;
        let conn: &Connection = self.sql();
        // Erased for good (issue 14): neither the record nor anything attached to an
        // erased record comes back, whatever the packet says.
        if super::erase::is_erased(conn, record.id())?
            || record
                .link_values()
                .into_iter()
                .flatten()
                .map(|l| super::erase::is_erased(conn, l))
                .collect::<Result<Vec<_>, _>>()?
                .contains(&true)
        {
            return Ok(PutOutcome::Unchanged);
        }
        let Some((outcome, deleted_at)) =
            merged_plan(conn, record, &new, &merged.stamps, merged.deleted_at)?
        else {
            return Ok(PutOutcome::Unchanged);
        };
        write_row(conn, record, new, &merged.stamps, deleted_at)?;
        Ok(outcome)
    }

    /// A writer for many merged records in this transaction (a packet's import).
    pub fn merge_writer(&self) -> Result<MergeWriter<'_, 'a>, StoreError> {
        let mut stmt = self.sql().prepare_cached("SELECT id FROM erased_records")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut erased = HashSet::new();
        for text in rows {
            let text = text?;
            // `is_erased` compares the text: an id stored in another spelling never
            // matched, and still does not.
            if let Ok(id) = Uuid::parse_str(&text)
                && id.to_string() == text
            {
                erased.insert(id);
            }
        }
        Ok(MergeWriter {
            tx: self,
            erased,
            sql: HashMap::new(),
            search: Vec::new(),
            cases: BTreeSet::new(),
        })
    }

    /// Which of `ids` have a row in `R`'s table, deleted or not (one query, for a
    /// packet's records).
    pub fn existing_ids<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        existing_in::<R>(self.sql(), ids)
    }

    /// Deletes a record as a tombstone: hidden everywhere, kept so that no packet can
    /// bring it back. [`StoreError::NotFound`] if absent or already deleted.
    pub fn delete<R: Stored>(&self, id: Uuid) -> Result<(), StoreError> {
        let conn: &Connection = self.sql();
        let row = load_row::<R>(conn, id)?
            .filter(|r| r.deleted_at.is_none())
            .ok_or(StoreError::NotFound {
                table: R::TABLE,
                id,
            })?;
        let record: R = serde_json::from_value(row.data.clone())?;
        let household = household_link(conn, &record)?;
        super::freeze::check_not_frozen(conn, household)?;
        let stamp = self.stamp();
        let mut stamps = row.stamps;
        stamps.insert(DELETED_KEY.to_owned(), stamp);
        let stamps_json = match &row.data {
            Value::Object(map) => encode_stamps(&stamps, map)?,
            _ => encode_stamps(&stamps, &Map::new())?,
        };
        let sql = format!(
            "UPDATE {} SET deleted_at = ?2, stamps = ?3, hlc = ?4 WHERE id = ?1",
            R::TABLE
        );
        conn.prepare_cached(&sql)?.execute(params![
            id.to_string(),
            self.now().to_rfc3339(),
            stamps_json,
            hlc_column(stamp),
        ])?;
        search::index(conn, id, None)?;
        record.after_write(conn, true)?;
        self.audit_record("fiche supprimée", R::TABLE, id, household, &[])?;
        Ok(())
    }

    /// Brings back a tombstoned record with the content and stamps it had before its
    /// deletion (the local undo of a deletion received in a packet). Refused when the
    /// record is not deleted here ([`StoreError::NotFound`]) or the content is invalid.
    /// The caller audits it.
    pub fn restore_deleted<R: Stored>(
        &self,
        data: Map<String, Value>,
        stamps: &Stamps,
    ) -> Result<(), StoreError> {
        let record: R = serde_json::from_value(Value::Object(data.clone()))?;
        let errors = record.validate(self.today());
        if !errors.is_empty() {
            return Err(StoreError::Invalid(join_messages(&errors)));
        }
        let id = record.id();
        let conn: &Connection = self.sql();
        if load_row::<R>(conn, id)?.is_none_or(|r| r.deleted_at.is_none()) {
            return Err(StoreError::NotFound {
                table: R::TABLE,
                id,
            });
        }
        let mut stamps = stamps.clone();
        stamps.remove(DELETED_KEY);
        write_row(conn, &record, data, &stamps, None)
    }

    /// A live record by id ([`StoreError::NotFound`] if absent or deleted).
    pub fn get<R: Stored>(&self, id: Uuid) -> Result<R, StoreError> {
        get_in(self.sql(), id)
    }

    /// A live record by id, or `None`.
    pub fn find<R: Stored>(&self, id: Uuid) -> Result<Option<R>, StoreError> {
        find_in(self.sql(), id)
    }

    /// A record with its stamps and tombstone, deleted or not (for merging packets).
    pub fn stamped<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        stamped_in(self.sql(), id)
    }

    /// Every live record of a type.
    pub fn list<R: Stored>(&self) -> Result<Vec<R>, StoreError> {
        list_in(self.sql())
    }

    /// Live records whose link `column` (one of [`Record::LINKS`]) is `id`.
    pub fn list_by<R: Stored>(&self, column: &str, id: Uuid) -> Result<Vec<R>, StoreError> {
        list_by_in(self.sql(), column, id)
    }
}

impl Store {
    /// A live record by id ([`StoreError::NotFound`] if absent or deleted).
    pub fn get<R: Stored>(&self, id: Uuid) -> Result<R, StoreError> {
        get_in(self.conn(), id)
    }

    /// A live record by id, or `None`.
    pub fn find<R: Stored>(&self, id: Uuid) -> Result<Option<R>, StoreError> {
        find_in(self.conn(), id)
    }

    /// A record with its stamps and tombstone, deleted or not (for packets and conflicts).
    pub fn stamped<R: Stored>(&self, id: Uuid) -> Result<Option<Stamped<R>>, StoreError> {
        stamped_in(self.conn(), id)
    }

    /// Which of `ids` have a row in `R`'s table, deleted or not (one query, for a
    /// packet's records).
    pub fn existing_ids<R: Stored>(&self, ids: &[Uuid]) -> Result<HashSet<Uuid>, StoreError> {
        existing_in::<R>(self.conn(), ids)
    }

    /// Every live record of a type, in insertion order.
    pub fn list<R: Stored>(&self) -> Result<Vec<R>, StoreError> {
        list_in(self.conn())
    }

    /// Live records whose link `column` (one of [`Record::LINKS`]) is `id`, e.g.
    /// `store.list_by::<Adult>("household_id", household)`.
    pub fn list_by<R: Stored>(&self, column: &str, id: Uuid) -> Result<Vec<R>, StoreError> {
        list_by_in(self.conn(), column, id)
    }

    /// Records whose link `column` is `id`, deleted ones included, with their stamps
    /// (what a packet carries: tombstones travel too).
    pub fn stamped_by<R: Stored>(
        &self,
        column: &str,
        id: Uuid,
    ) -> Result<Vec<Stamped<R>>, StoreError> {
        let column = check_link::<R>(column)?;
        let sql = format!(
            "SELECT data, stamps, deleted_at FROM {} WHERE {column} = ?1 ORDER BY rowid",
            R::TABLE
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query([id.to_string()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let data: Value = serde_json::from_str(&row.get::<_, String>(0)?)?;
            let stamps = decode_stamps(&row.get::<_, String>(1)?, &data)?;
            let deleted_at: Option<String> = row.get(2)?;
            out.push(Stamped {
                record: serde_json::from_value(data)?,
                stamps,
                deleted_at: deleted_at.as_deref().map(parse_time).transpose()?,
            });
        }
        Ok(out)
    }

    /// Records whose highest stamp is above `hlc`, deleted ones included, with their
    /// stamps, oldest change first: what a device of a team publishes in its log (see
    /// `team`). Uses the `hlc` index of every table.
    pub fn stamped_since<R: Stored>(&self, hlc: u64) -> Result<Vec<Stamped<R>>, StoreError> {
        let sql = format!(
            "SELECT data, stamps, deleted_at FROM {} WHERE hlc > ?1 ORDER BY hlc",
            R::TABLE
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query([i64::try_from(hlc).unwrap_or(i64::MAX)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let data: Value = serde_json::from_str(&row.get::<_, String>(0)?)?;
            let stamps = decode_stamps(&row.get::<_, String>(1)?, &data)?;
            let deleted_at: Option<String> = row.get(2)?;
            out.push(Stamped {
                record: serde_json::from_value(data)?,
                stamps,
                deleted_at: deleted_at.as_deref().map(parse_time).transpose()?,
            });
        }
        Ok(out)
    }

    /// Number of live records of a type.
    pub fn count<R: Stored>(&self) -> Result<u64, StoreError> {
        count_in::<R>(self.conn())
    }

    /// A household with everything the household view shows.
    pub fn household_detail(&self, id: Uuid) -> Result<HouseholdDetail, StoreError> {
        let conn = self.conn();
        let household: Household = get_in(conn, id)?;
        let mut notes: Vec<Note> = list_by_in(conn, "household_id", id)?;
        notes.sort_by_key(|n| (n.at, n.id));
        let mut appointments: Vec<Appointment> = list_by_in(conn, "household_id", id)?;
        appointments.sort_by_key(|a| (a.at, a.id));
        Ok(HouseholdDetail {
            adults: list_by_in(conn, "household_id", id)?,
            children: list_by_in(conn, "household_id", id)?,
            cases: list_by_in(conn, "household_id", id)?,
            notes,
            documents: list_by_in(conn, "household_id", id)?,
            consents: list_by_in(conn, "household_id", id)?,
            proposals: list_by_in(conn, "household_id", id)?,
            appointments,
            relay_stays: list_by_in(conn, "household_id", id)?,
            household,
        })
    }

    /// The stage history of a case, oldest first.
    pub fn stage_history(&self, case_id: Uuid) -> Result<Vec<StageEvent>, StoreError> {
        let mut events: Vec<StageEvent> = list_by_in(self.conn(), "case_id", case_id)?;
        events.sort_by_key(|e| (e.at, e.id));
        Ok(events)
    }

    /// The live cases of a programme with their household's label and current stage
    /// (derived column kept by the repository: no history replay per frame).
    pub fn programme_cases(&self, programme_id: Uuid) -> Result<Vec<CaseCard>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.data, h.data ->> '$.label', c.current_stage_id, c.stage_since \
             FROM cases c JOIN households h ON h.id = c.household_id \
             WHERE c.programme_id = ?1 AND c.deleted_at IS NULL AND h.deleted_at IS NULL \
             ORDER BY c.rowid",
        )?;
        let mut rows = stmt.query([programme_id.to_string()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let data: String = row.get(0)?;
            let label: Option<String> = row.get(1)?;
            let stage: Option<String> = row.get(2)?;
            let since: Option<String> = row.get(3)?;
            let current = match (stage, since) {
                (Some(s), Some(t)) => Some(CurrentStage {
                    stage_id: parse_uuid(&s)?,
                    since: parse_time(&t)?,
                }),
                _ => None,
            };
            out.push(CaseCard {
                case: serde_json::from_str(&data)?,
                household_label: label.unwrap_or_default(),
                current,
            });
        }
        Ok(out)
    }

    /// Counts for the main window: households, active cases, cases per stage.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        let conn = self.conn();
        let households = count_in::<Household>(conn)?;
        let active: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM cases WHERE deleted_at IS NULL AND data ->> '$.exit' = 'aucune'",
            )?
            .query_row([], |r| r.get(0))?;
        let mut per_stage_raw: BTreeMap<String, u64> = BTreeMap::new();
        {
            let mut stmt = conn.prepare_cached(
                "SELECT current_stage_id, count(*) FROM cases \
                 WHERE deleted_at IS NULL AND current_stage_id IS NOT NULL \
                 GROUP BY current_stage_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let n: i64 = row.get(1)?;
                per_stage_raw.insert(row.get(0)?, u64::try_from(n).unwrap_or(0));
            }
        }
        let mut per_stage = Vec::new();
        for programme in list_in::<Programme>(conn)? {
            for stage in &programme.stages {
                let count = per_stage_raw
                    .get(&stage.id.to_string())
                    .copied()
                    .unwrap_or(0);
                if stage.archived && count == 0 {
                    continue;
                }
                per_stage.push(StageCount {
                    programme_id: programme.id,
                    stage_id: stage.id,
                    label: stage.label.clone(),
                    count,
                });
            }
        }
        Ok(Summary {
            households,
            active_cases: u64::try_from(active).unwrap_or(0),
            per_stage,
        })
    }
}

/// A household and everything attached to it, for the household view.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdDetail {
    /// The household.
    pub household: Household,
    /// Its adults, in creation order.
    pub adults: Vec<Adult>,
    /// Its children, in creation order.
    pub children: Vec<Child>,
    /// Its cases (one per programme).
    pub cases: Vec<Case>,
    /// Journal, oldest first.
    pub notes: Vec<Note>,
    /// Document checklist.
    pub documents: Vec<DocumentItem>,
    /// Recorded consents.
    pub consents: Vec<Consent>,
    /// Proposals on offers and units.
    pub proposals: Vec<Proposal>,
    /// Appointments, oldest first.
    pub appointments: Vec<Appointment>,
    /// Discovery stays in relay apartments.
    pub relay_stays: Vec<RelayStay>,
}

/// One card of a programme board.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseCard {
    /// The case.
    pub case: Case,
    /// Its household's label.
    pub household_label: String,
    /// Current stage, `None` for a case without history.
    pub current: Option<CurrentStage>,
}

impl CaseCard {
    /// Days in the current stage on `today` (0 without history).
    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        self.current.map_or(0, |c| c.days_in_stage(today))
    }
}

/// Number of cases in one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCount {
    /// Programme of the stage.
    pub programme_id: Uuid,
    /// The stage.
    pub stage_id: Uuid,
    /// Its label.
    pub label: String,
    /// Number of live cases whose current stage it is.
    pub count: u64,
}

/// Counts for the main window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Live households.
    pub households: u64,
    /// Live cases without exit.
    pub active_cases: u64,
    /// Cases per stage, programme by programme, in pathway order.
    pub per_stage: Vec<StageCount>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stamps_round_trip_through_their_compact_form() {
        use crate::domain::hlc::Hlc;
        let site = |n| Uuid::from_u128(n);
        let st = |h, n| Stamp {
            hlc: Hlc(h),
            site: site(n),
        };
        let data = json!({"a": 1, "b": 2, "c": 3});
        let mut stamps = Stamps::new();
        stamps.insert("a".into(), st(5, 1));
        stamps.insert("b".into(), st(5, 1));
        stamps.insert("c".into(), st(9, 2));
        stamps.insert(DELETED_KEY.into(), st(5, 1));
        let Value::Object(map) = &data else {
            panic!("object")
        };
        let text = encode_stamps(&stamps, map).unwrap();
        // The shared stamp once, the odd field and the tombstone as overrides.
        let stored: StoredStamps = serde_json::from_str(&text).unwrap();
        assert_eq!(stored.b, Some(st(5, 1)));
        assert_eq!(stored.o.keys().collect::<Vec<_>>(), ["c", DELETED_KEY]);
        assert_eq!(decode_stamps(&text, &data).unwrap(), stamps);
        // No stamps at all, or some fields unstamped (a redacted record): none invented.
        let empty = encode_stamps(&Stamps::new(), map).unwrap();
        assert!(decode_stamps(&empty, &data).unwrap().is_empty());
        let mut partial = Stamps::new();
        partial.insert("b".into(), st(7, 3));
        let text = encode_stamps(&partial, map).unwrap();
        assert_eq!(decode_stamps(&text, &data).unwrap(), partial);
    }

    #[test]
    fn changed_fields_sees_added_removed_and_modified() {
        let old = json!({"a": 1, "b": [1, 2], "c": "x"});
        let new = json!({"a": 1, "b": [1, 3], "d": null});
        let (Value::Object(old), Value::Object(new)) = (old, new) else {
            panic!("objects")
        };
        let mut fields = changed_fields(&old, &new);
        fields.sort();
        assert_eq!(fields, ["b", "c", "d"]);
    }

    #[test]
    fn link_columns_are_checked_against_the_record() {
        assert_eq!(
            check_link::<Adult>("household_id").ok(),
            Some("household_id")
        );
        assert!(check_link::<Adult>("household_id; DROP TABLE adults").is_err());
        assert!(check_link::<Household>("household_id").is_err());
    }

    #[test]
    fn links_and_values_have_the_same_length() {
        let note = Note {
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            author: "A".into(),
            at: DateTime::<Utc>::MIN_UTC,
            text: "t".into(),
            corrects: None,
        };
        assert_eq!(
            note.links(),
            [
                ("household_id", Some(Uuid::from_u128(2))),
                ("corrects_id", None)
            ]
        );
    }
}
