//! Schema migrations: a small runner on `PRAGMA user_version`.
//!
//! Why not `rusqlite_migration`: its 2.6 release requires rusqlite 0.40 while we need
//! 0.41 for the SQLCipher 4.19 bundle; the runner we need is twenty lines, and keeping it
//! here means the migrations run inside the same keyed connection and transaction.

use rusqlite::Connection;

use super::StoreError;

/// The migrations, in order. Append-only: a shipped migration is never edited.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_core.sql"),
    include_str!("sql/0002_records.sql"),
    include_str!("sql/0003_matching.sql"),
    include_str!("sql/0004_household.sql"),
    include_str!("sql/0005_board.sql"),
    include_str!("sql/0006_exchange.sql"),
    include_str!("sql/0007_seen.sql"),
    include_str!("sql/0008_report.sql"),
    include_str!("sql/0009_trust.sql"),
    include_str!("sql/0010_trust_undo.sql"),
    include_str!("sql/0011_team.sql"),
    include_str!("sql/0012_data_protection.sql"),
    include_str!("sql/0013_referents_as_workers.sql"),
    include_str!("sql/0014_team_snapshots.sql"),
    include_str!("sql/0015_team_erasures.sql"),
];

/// The schema version this build of the app writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema version recorded in a database.
pub(crate) fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Brings the database up to `target` (normally [`SCHEMA_VERSION`]) in one transaction.
/// Refuses a database written by a newer version of the app: opening it could lose data.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    let found = current_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        tx.execute_batch(sql)?;
        // pragma values cannot be bound as parameters; `i` is ours, not user input.
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
    }
    tx.commit()?;
    Ok(())
}
