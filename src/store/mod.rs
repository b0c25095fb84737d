//! The encrypted case store: the only module that speaks SQL (DESIGN.md §3, §4).
//!
//! One SQLCipher 4 database keyed with a random 32-byte data key given as a raw key, and
//! a key file beside it holding that key wrapped under the passphrase (see [`keyfile`]).
//! [`Store::create`], [`Store::unlock`] and [`Store::recover`] are the only ways in; each
//! ends in the same [`open_keyed`] that checks the cipher, keys, verifies, sets the
//! pragmas and migrates.

pub mod audit;
pub mod board;
pub mod engine;
pub mod erase;
pub mod exchange;
pub mod fault;
pub mod freeze;
pub mod household;
pub mod keyfile;
pub mod matching;
pub(crate) mod migrations;
pub mod private;
pub mod records;
pub mod recovery;
mod rekey;
pub mod report;
pub mod retention;
pub mod search;
pub mod seen;
pub mod sheet;
pub mod team;
pub mod workers;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::domain::hlc::{Hlc, Stamp};
pub use keyfile::KdfParams;
use keyfile::{DataKey, KEY_LEN};
pub use migrations::SCHEMA_VERSION;
pub use recovery::RecoveryKey;
pub use rekey::Rotation;

/// Settings key of the date of the last verified backup (RFC 3339, UTC).
pub const LAST_BACKUP_SETTING: &str = "backup.last_at";

/// A passphrase held in memory: zeroed when dropped.
pub type Passphrase = Zeroizing<String>;

/// Where a database and its key file live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    /// The SQLCipher database.
    pub db: PathBuf,
    /// The key file beside it.
    pub key: PathBuf,
}

impl StorePaths {
    /// The key file sits beside the database, named after it (`x.db` → `x.db.key`).
    pub fn beside(db: impl Into<PathBuf>) -> Self {
        let db = db.into();
        let mut key = db.clone().into_os_string();
        key.push(".key");
        StorePaths {
            db,
            key: PathBuf::from(key),
        }
    }

    /// The default database in the platform's data directory
    /// (`~/.local/share/passerelle/passerelle.db` on Linux).
    pub fn default_location() -> Result<Self, StoreError> {
        let dirs = directories::ProjectDirs::from("fr", "Passerelle", "passerelle")
            .ok_or(StoreError::NoDataDir)?;
        Ok(Self::beside(dirs.data_dir().join("passerelle.db")))
    }

    /// Whether a database or a key file is already there: then the app unlocks instead of
    /// creating, and never overwrites either.
    pub fn exists(&self) -> bool {
        self.db.exists() || self.key.exists()
    }

    fn creating(&self) -> PathBuf {
        let mut p = self.db.clone().into_os_string();
        p.push(".creating");
        PathBuf::from(p)
    }
}

/// Everything that can go wrong in the store. `Display` is the French message shown to
/// the user: what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The passphrase does not unwrap the key file.
    #[error(
        "Phrase de passe incorrecte. Vérifiez la saisie (majuscules, accents) et réessayez ; en cas d'oubli, utilisez la clé de secours."
    )]
    WrongPassphrase,
    /// The recovery key could not be read.
    #[error("Clé de secours illisible : {0}. Vérifiez la recopie, groupe par groupe.")]
    BadRecoveryKey(String),
    /// The recovery key is well formed but belongs to another database.
    #[error("Cette clé de secours ne correspond pas à cette base de données.")]
    RecoveryKeyMismatch,
    /// No key file beside the database.
    #[error(
        "Le fichier de clé est introuvable ({0}). Rien n'a été modifié : remettez-le en place depuis une sauvegarde, ou utilisez la clé de secours pour en créer un nouveau."
    )]
    KeyFileMissing(PathBuf),
    /// The key file is damaged or not ours.
    #[error(
        "Le fichier de clé est endommagé ({0}). Rien n'a été modifié : restaurez-le depuis une sauvegarde, ou utilisez la clé de secours."
    )]
    KeyFileCorrupt(String),
    /// The database file is not there (but a key file is).
    #[error(
        "La base de données est introuvable ({0}). Rien n'a été créé à sa place : restaurez-la depuis une sauvegarde."
    )]
    DatabaseMissing(PathBuf),
    /// The database does not open with its key: damaged, or another database.
    #[error(
        "La base de données ne s'ouvre pas avec cette clé : elle est endommagée ou ne correspond pas au fichier de clé. Rien n'a été modifié ; restaurez une sauvegarde ou contactez votre référent informatique."
    )]
    DatabaseUnreadable,
    /// The file is a plain, unencrypted SQLite database.
    #[error("Ce fichier est une base SQLite non chiffrée : Passerelle refuse de l'ouvrir.")]
    PlaintextDatabase,
    /// The SQLite library in use cannot encrypt.
    #[error(
        "La bibliothèque SQLite utilisée ne chiffre pas (SQLCipher absent) : Passerelle refuse d'écrire des données en clair."
    )]
    NoCipher,
    /// The database was written by a newer version of the app.
    #[error(
        "Cette base a été écrite par une version plus récente de Passerelle (schéma {found}, cette version connaît le schéma {supported}). Installez la dernière version ; la base n'a pas été modifiée."
    )]
    SchemaTooNew {
        /// Schema version found in the file.
        found: u32,
        /// Newest schema version this build knows.
        supported: u32,
    },
    /// Creating over an existing database or key file.
    #[error("Une base existe déjà à cet emplacement ({0}) : Passerelle ne l'écrase jamais.")]
    AlreadyExists(PathBuf),
    /// The platform has no data directory.
    #[error(
        "Impossible de trouver le dossier de données de l'utilisateur ; indiquez un chemin avec --db."
    )]
    NoDataDir,
    /// The folder (or its disk) only allows reading.
    #[error(
        "Le dossier {0} est en lecture seule (clé USB verrouillée, partage en lecture seule ?) : rien n'a été écrit. Choisissez un dossier où vous pouvez écrire, ou retirez la protection, puis réessayez."
    )]
    ReadOnly(PathBuf),
    /// No space left on the disk.
    #[error(
        "Le disque est plein ({0}) : rien n'a été écrit, la base est restée comme avant. Libérez de la place, puis réessayez."
    )]
    DiskFull(PathBuf),
    /// The system refuses access.
    #[error(
        "Le système refuse l'accès à {0} : rien n'a été écrit. Vérifiez les droits sur ce dossier, ou demandez à votre référent informatique."
    )]
    PermissionDenied(PathBuf),
    /// The folder is not there any more.
    #[error(
        "Le dossier {0} n'est plus accessible (clé USB retirée, partage déconnecté ?) : rien n'a été écrit. Rebranchez-le, puis réessayez."
    )]
    FolderGone(PathBuf),
    /// The file given as the base is empty or not a Passerelle base.
    #[error(
        "Le fichier {0} n'est pas une base Passerelle (il est vide ou d'un autre type) : Passerelle n'y a rien écrit. Vérifiez le chemin indiqué."
    )]
    NotABase(PathBuf),
    /// A backup destination is not usable.
    #[error("Sauvegarde impossible : {0}")]
    Backup(String),
    /// The integrity checks found problems.
    #[error("Contrôle d'intégrité en échec : {0}")]
    Integrity(String),
    /// A record is not there.
    #[error("Fiche introuvable ({table}).")]
    NotFound {
        /// Table looked into.
        table: &'static str,
        /// Identifier looked for.
        id: Uuid,
    },
    /// A record breaks a domain rule.
    #[error("Saisie refusée : {0}")]
    Invalid(String),
    /// The household is frozen (« Gel du dossier », issue 14).
    #[error(
        "Dossier gelé depuis le {since} : il ne peut être ni modifié, ni envoyé, ni exporté, ni proposé à un rapprochement. Rien n'a été enregistré ; dégelez-le d'abord (page du ménage, « Dégeler le dossier »)."
    )]
    Frozen {
        /// Since when (dd/mm/yyyy).
        since: String,
    },
    /// A frozen household (or one of its members) cannot be erased (issue 14).
    #[error(
        "Dossier gelé depuis le {since} : il ne peut pas être effacé tant qu'il est gelé (le gel peut répondre à une obligation légale). Rien n'a été effacé ; si le gel n'a plus lieu d'être, dégelez-le d'abord (page du ménage, « Dégeler le dossier »)."
    )]
    FrozenErase {
        /// Since when (dd/mm/yyyy).
        since: String,
    },
    /// An immutable record (journal note, stage event, attendance) cannot change.
    #[error(
        "Cette fiche ne peut pas être modifiée ({table}) : ajoutez une nouvelle entrée à la place."
    )]
    Immutable {
        /// Table of the record.
        table: &'static str,
    },
    /// The OS random source failed.
    #[error("Générateur aléatoire du système indisponible : {0}")]
    Random(String),
    /// An encryption step failed.
    #[error("Erreur de chiffrement : {0}")]
    Crypto(String),
    /// A file operation failed.
    #[error("Erreur d'accès au disque ({what}) : {source}")]
    Io {
        /// What we were doing.
        what: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A stored record does not decode.
    #[error("Donnée enregistrée illisible : {0}")]
    Json(#[from] serde_json::Error),
    /// A stored value is not what its column promises (e.g. an id that is not a UUID).
    #[error("Donnée enregistrée illisible : {0}. Lancez « passerelle check ».")]
    Corrupt(String),
    /// SQLite reported an error.
    #[error("Erreur de la base de données : {0}")]
    Sql(#[from] rusqlite::Error),
}

fn io_err(what: &str) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        what: what.to_owned(),
        source,
    }
}

/// Like [`io_err`], naming the machine's faults (read-only, full, refused, gone) in `folder`.
fn io_at<'a>(what: &'a str, folder: &'a Path) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| fault::from_io(source, what, folder)
}

/// The folder a file lives in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

impl StoreError {
    /// A constraint of the schema refused the write (e.g. a record pointing at one that is
    /// not there yet): the caller may retry once the missing record has arrived.
    pub fn is_constraint(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
        )
    }
}

/// Names a SQLite failure on the base at `db` for what it is (see [`fault::from_sql`]).
fn sql_at(db: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| fault::from_sql(e, db)
}

/// A clock: injectable so that tests can fix "today".
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The means to open a second connection to an open base on another thread
/// ([`Store::reader_opener`], [`Store::writer_opener`]). Holds a copy of the data key,
/// zeroized when dropped: open it, or drop it, promptly.
pub struct Opener {
    paths: StorePaths,
    key: DataKey,
    clock: Clock,
    /// A writer: the clock of the connection it came from (its edits keep stamping
    /// above it). `None`: a read-only connection.
    writer_hlc: Option<Hlc>,
}

impl Opener {
    /// Opens the connection ([`Store::reader`] or [`Store::writer`]).
    pub fn open(self) -> Result<Store, StoreError> {
        let mut store = Store::open_with_key(&self.paths, self.key)?;
        match self.writer_hlc {
            Some(hlc) => store.last_hlc = store.last_hlc.max(hlc),
            None => store.conn.execute_batch("PRAGMA query_only = ON;")?,
        }
        store.clock = self.clock;
        Ok(store)
    }
}

impl std::fmt::Debug for Opener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("Opener")
            .field("db", &self.paths.db)
            .finish_non_exhaustive()
    }
}

/// An open, unlocked database. Dropping it closes the connection and zeroes the key.
pub struct Store {
    conn: Connection,
    paths: StorePaths,
    key: DataKey,
    site: Uuid,
    last_hlc: Hlc,
    clock: Clock,
    /// Files found readable by others at unlock and tightened to owner-only.
    tightened: Vec<PathBuf>,
    /// A key rotation interrupted after the database was rekeyed was finished at unlock:
    /// its recovery key was never shown, so the app shows it now.
    resumed_rotation: Option<RecoveryKey>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("paths", &self.paths)
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

/// One write transaction, with its hybrid-clock stamp. Obtained from [`Store::write`].
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    stamp: Stamp,
    now: DateTime<Utc>,
    /// Whether each record written or deleted gets its own access-log entry (off for
    /// bulk writes that log one summary entry: the demo, a spreadsheet import).
    record_audit: std::cell::Cell<bool>,
}

impl<'a> Tx<'a> {
    /// The SQL transaction, for the store's repositories.
    pub(crate) fn sql(&self) -> &rusqlite::Transaction<'a> {
        &self.tx
    }

    /// The stamp every field written by this transaction carries.
    pub fn stamp(&self) -> Stamp {
        self.stamp
    }

    /// The time this transaction started.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// For a bulk write that logs one summary entry itself (the demo, a spreadsheet
    /// import): no access-log entry per record for the rest of this transaction.
    pub fn without_record_audit(&self) {
        self.record_audit.set(false);
    }

    /// Today's date (UTC) for this transaction.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }
}

/// Result of [`Store::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// SQLCipher version in use.
    pub cipher_version: String,
    /// Schema version of the database.
    pub schema_version: u32,
    /// Pages checked by `cipher_integrity_check` without error.
    pub ok: bool,
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Base intègre : contrôle SQLite et contrôle du chiffrement sans erreur (SQLCipher {}, schéma {}).",
            self.cipher_version, self.schema_version
        )
    }
}

/// Opens the SQLCipher file at `path` with `key`: checks the cipher, keys, verifies
/// with a read, sets the pragmas of DESIGN.md §4 and migrates. The single way in.
fn open_keyed(path: &Path, key: &[u8; KEY_LEN], create: bool) -> Result<Connection, StoreError> {
    let mut conn = open_keyed_to(path, key, create, SCHEMA_VERSION)?;
    audit::seal_unchained(&mut conn).map_err(|e| match e {
        StoreError::Sql(e) => fault::from_sql(e, path),
        other => other,
    })?;
    Ok(conn)
}

fn open_keyed_to(
    path: &Path,
    key: &[u8; KEY_LEN],
    create: bool,
    schema_version: u32,
) -> Result<Connection, StoreError> {
    if !create {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::DatabaseMissing(path.to_path_buf()));
            }
            Err(e) => return Err(fault::from_io(e, "lecture de la base", folder_of(path))),
            // An empty file would open as an empty database and be migrated into a new,
            // blank base: refuse it before a single byte is written.
            Ok(m) if !m.is_file() || m.len() == 0 => {
                return Err(StoreError::NotABase(path.to_path_buf()));
            }
            Ok(_) => {}
        }
        if is_plaintext_sqlite(path) {
            return Err(StoreError::PlaintextDatabase);
        }
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let sql_err = sql_at(path);
    let mut conn = Connection::open_with_flags(path, flags).map_err(&sql_err)?;
    // A wrong key otherwise makes SQLCipher print HMAC errors on stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let cipher_version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()?;
    if cipher_version.is_none_or(|v| v.is_empty()) {
        return Err(StoreError::NoCipher);
    }
    key_connection(&conn, "main", key)?;
    // The key is only checked when the first page is read. A wrong key reads as "not a
    // database"; a read-only or vanished folder fails otherwise, and is named as such.
    let ours = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get::<_, i64>(0),
    );
    match ours {
        Ok(found) if found > 0 || create => {}
        // It decrypts, but holds no base of ours: never migrate it into one.
        Ok(_) => return Err(StoreError::NotABase(path.to_path_buf())),
        Err(rusqlite::Error::SqliteFailure(err, _))
            if err.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::DatabaseUnreadable);
        }
        Err(e) => {
            return Err(match sql_err(e) {
                StoreError::Sql(_) => StoreError::DatabaseUnreadable,
                named => named,
            });
        }
    }
    conn.execute_batch(STORE_PRAGMAS).map_err(&sql_err)?;
    migrations::migrate_to(&mut conn, schema_version).map_err(|e| match e {
        StoreError::Sql(e) => sql_err(e),
        other => other,
    })?;
    // One cached statement per repository query: about twenty tables, each with a few
    // statements; the default of 16 would make SQLite re-parse them constantly.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

/// The pragmas of DESIGN.md §4, plus the page cache. SQLite's default cache (2 MiB) is
/// smaller than one import (a packet of 1,000 households writes about 10 MiB of rows and
/// indexes): pages then spill and are read back during the transaction, and with SQLCipher
/// each spill and re-read encrypts or decrypts the page again. Measured (`cargo bench
/// --bench floors`, issue 17): raw inserts were 3.4 times slower encrypted than in clear
/// with 2 MiB. 64 MiB holds a large import; it is an upper bound, not an allocation.
const STORE_PRAGMAS: &str = "PRAGMA foreign_keys = ON;
     PRAGMA journal_mode = WAL;
     PRAGMA synchronous = FULL;
     PRAGMA secure_delete = ON;
     PRAGMA temp_store = MEMORY;
     PRAGMA cache_size = -65536;";

/// `PRAGMA key` (or `ATTACH … KEY`) takes the raw key as a blob literal; the SQL text
/// holding it is zeroed after use.
///
/// Built in buffers allocated once at their final size and zeroized: `hex::encode` and
/// `format!` would leave unzeroed copies of the key's hex text in freed memory.
fn raw_key_literal(key: &[u8; KEY_LEN]) -> Zeroizing<String> {
    let mut hex_key = Zeroizing::new([0u8; KEY_LEN * 2]);
    // Cannot fail: the output is exactly twice the input.
    let _ = hex::encode_to_slice(key, hex_key.as_mut());
    let mut literal = Zeroizing::new(String::with_capacity(KEY_LEN * 2 + 5));
    literal.push_str("\"x'");
    for &b in hex_key.iter() {
        literal.push(char::from(b));
    }
    literal.push_str("'\"");
    literal
}

/// `prefix`, the key literal, then `suffix`, in one zeroized buffer of the right size.
fn sql_with_key(prefix: &str, key: &[u8; KEY_LEN], suffix: &str) -> Zeroizing<String> {
    let literal = raw_key_literal(key);
    let mut sql = Zeroizing::new(String::with_capacity(
        prefix.len() + literal.len() + suffix.len(),
    ));
    sql.push_str(prefix);
    sql.push_str(&literal);
    sql.push_str(suffix);
    sql
}

fn key_connection(conn: &Connection, schema: &str, key: &[u8; KEY_LEN]) -> Result<(), StoreError> {
    let sql = sql_with_key(&format!("PRAGMA {schema}.key = "), key, ";");
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Whether the file starts with the plain SQLite header.
fn is_plaintext_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|_| &head == b"SQLite format 3\0")
}

fn read_key_file(paths: &StorePaths) -> Result<Vec<u8>, StoreError> {
    match fs::read(&paths.key) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(StoreError::KeyFileMissing(paths.key.clone()))
        }
        Err(e) => Err(io_err("lecture du fichier de clé")(e)),
    }
}

fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

impl Store {
    /// Creates a new database and its key file. Refuses if either already exists.
    /// Returns the recovery key, to be shown once.
    pub fn create(
        paths: &StorePaths,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(Store, RecoveryKey), StoreError> {
        if paths.db.exists() {
            return Err(StoreError::AlreadyExists(paths.db.clone()));
        }
        if paths.key.exists() {
            return Err(StoreError::AlreadyExists(paths.key.clone()));
        }
        let folder = folder_of(&paths.db);
        private::create_private_dir(folder)
            .map_err(io_at("création du dossier de données", folder))?;
        let key = keyfile::new_data_key()?;
        let key_bytes = keyfile::wrap(&key, passphrase, kdf)?;
        // Build the database under a temporary name, then publish key file and database:
        // a crash before that leaves only a `.creating` file, never a database without
        // its key file.
        let creating = paths.creating();
        if creating.exists() {
            // Left by a crash during an earlier creation: empty, and its key was never
            // written anywhere, so it can hold nothing.
            fs::remove_file(&creating)
                .map_err(io_at("nettoyage d'une création interrompue", folder))?;
        }
        let built = (|| -> Result<(), StoreError> {
            // Created owner-only before SQLite opens it: SQLite then keeps that mode, and
            // gives it to the journal, WAL and SHM files too.
            drop(
                private::create_private_file(&creating)
                    .map_err(io_at("création de la base", folder))?,
            );
            let sql_err = sql_at(&creating);
            let conn = open_keyed_to(&creating, &key, true, SCHEMA_VERSION)?;
            let site = Uuid::new_v4();
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('site_id', ?1)",
                [site.to_string()],
            )
            .map_err(&sql_err)?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('created_at', ?1)",
                [Utc::now().to_rfc3339()],
            )
            .map_err(&sql_err)?;
            // Back to a single file before the rename: a WAL file would not follow it.
            conn.execute_batch("PRAGMA journal_mode = DELETE;")
                .map_err(&sql_err)?;
            drop(conn);
            keyfile::write_atomically(&paths.key, &key_bytes)?;
            if let Err(e) = fs::rename(&creating, &paths.db) {
                // A key file without its database would read as "base missing" next time.
                let _ = fs::remove_file(&paths.key);
                return Err(fault::from_io(e, "publication de la base", folder));
            }
            Ok(())
        })();
        if let Err(e) = built {
            // A full disk or a folder pulled away must leave nothing behind.
            let _ = fs::remove_file(&creating);
            for companion in private::sqlite_companions(&creating) {
                let _ = fs::remove_file(companion);
            }
            let mut journal = creating.clone().into_os_string();
            journal.push("-journal");
            let _ = fs::remove_file(PathBuf::from(journal));
            return Err(e);
        }
        keyfile::sync_dir(folder);
        let recovery = RecoveryKey::from_data_key(&key);
        let mut store = Store::open_with_key(paths, key)?;
        store.write(|tx| tx.audit("création", "base créée"))?;
        Ok((store, recovery))
    }

    /// Opens an existing database with its passphrase. A wrong passphrase fails on the
    /// key file: the database is not opened, and no byte of either file changes.
    pub fn unlock(paths: &StorePaths, passphrase: &str) -> Result<Store, StoreError> {
        if !paths.db.exists() {
            // Say so before asking Argon2 for a second of work.
            return Err(StoreError::DatabaseMissing(paths.db.clone()));
        }
        let bytes = read_key_file(paths)?;
        let key = keyfile::unwrap(&bytes, passphrase)?;
        let mut store = match Store::open_with_key(paths, key) {
            Ok(store) => {
                // The base opens with the current key: any rotation left half-way was
                // before its swap, and its files are leftovers.
                rekey::discard_leftovers(paths);
                store
            }
            Err(StoreError::DatabaseUnreadable) => {
                // A rotation interrupted between its two renames: the database already has
                // the new key, waiting beside the old key file.
                rekey::resume(paths, passphrase)?.ok_or(StoreError::DatabaseUnreadable)?
            }
            Err(e) => return Err(e),
        };
        store.tighten_files();
        Ok(store)
    }

    /// Tightens the base's files to owner-only (and our own data folder to 0700),
    /// remembering which were too open so the user is told once.
    fn tighten_files(&mut self) {
        let default_folder = StorePaths::default_location()
            .ok()
            .map(|d| folder_of(&d.db).to_path_buf());
        let folder = folder_of(&self.paths.db);
        let own_folder = default_folder.as_deref().filter(|d| *d == folder);
        // Best effort: a failure here must not keep the worker out of her base.
        if let Ok(changed) = private::tighten_base(&self.paths.db, &self.paths.key, own_folder) {
            self.tightened = changed;
        }
    }

    /// Files that were readable by others and were made owner-only at unlock (empty when
    /// everything already was private). The app tells the user once.
    pub fn tightened_files(&self) -> &[PathBuf] {
        &self.tightened
    }

    /// The new recovery key of a key rotation that was interrupted after the database was
    /// rekeyed and finished at this unlock; taken once, to be shown once.
    pub fn take_resumed_rotation(&mut self) -> Option<RecoveryKey> {
        self.resumed_rotation.take()
    }

    /// Opens the database with the recovery key and sets a new passphrase (a new key file,
    /// written atomically). The recovery key *is* the data key, so it is checked against
    /// the database itself, never against the key file: a damaged or missing key file
    /// cannot make the right recovery key fail.
    pub fn recover(
        paths: &StorePaths,
        recovery_key: &str,
        new_passphrase: &str,
        kdf: KdfParams,
    ) -> Result<Store, StoreError> {
        let key = RecoveryKey::parse(recovery_key)?;
        let conn = open_keyed(&paths.db, &key, false).map_err(|e| match e {
            StoreError::DatabaseUnreadable => StoreError::RecoveryKeyMismatch,
            other => other,
        })?;
        drop(conn);
        let bytes = keyfile::wrap(&key, new_passphrase, kdf)?;
        keyfile::write_atomically(&paths.key, &bytes)?;
        // A rotation may have been left half-way; this key opened the base, so whatever
        // it left is stale.
        rekey::discard_leftovers(paths);
        let mut store = Store::open_with_key(paths, key)?;
        store.tighten_files();
        store.write(|tx| {
            tx.audit(
                "récupération",
                "nouvelle phrase de passe par clé de secours",
            )
        })?;
        Ok(store)
    }

    /// Decodes a recovery key into the hex raw key an SQLCipher 4 client takes
    /// (`PRAGMA key = "x'…'"`). For `passerelle recover --print-raw-key`.
    pub fn raw_key_hex(recovery_key: &str) -> Result<Zeroizing<String>, StoreError> {
        let key = RecoveryKey::parse(recovery_key)?;
        Ok(Zeroizing::new(hex::encode(&key[..])))
    }

    fn open_with_key(paths: &StorePaths, key: DataKey) -> Result<Store, StoreError> {
        let conn = open_keyed(&paths.db, &key, false)?;
        let site: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'site_id'", [], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::Integrity("identifiant d'installation absent".into()))?;
        let site = Uuid::parse_str(&site)
            .map_err(|_| StoreError::Integrity("identifiant d'installation invalide".into()))?;
        let last: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |r| r.get(0))
            .optional()?;
        let last_hlc = Hlc(last.and_then(|s| s.parse().ok()).unwrap_or(0));
        Ok(Store {
            conn,
            paths: paths.clone(),
            key,
            site,
            last_hlc,
            clock: system_clock(),
            tightened: Vec::new(),
            resumed_rotation: None,
        })
    }

    /// A second, read-only connection to the same base, for reading on a background
    /// thread (the household list) while the UI thread keeps this one. WAL gives it a
    /// consistent snapshot while this connection writes. Its copy of the key is zeroized
    /// when it is dropped; drop it as soon as the read is done.
    pub fn reader(&self) -> Result<Store, StoreError> {
        self.reader_opener().open()
    }

    /// What opens a [`Store::reader`], to be moved to the thread that reads: opening a
    /// connection (the file, the key, the first page decrypted, the schema) took 1–15 ms
    /// on the UI thread at each background read (issue 17); there, it costs no frame.
    pub fn reader_opener(&self) -> Opener {
        Opener {
            paths: self.paths.clone(),
            key: self.key.clone(),
            clock: self.clock.clone(),
            writer_hlc: None,
        }
    }

    /// A second connection that may write, for background work that must not take the
    /// base away from the window (the team's sync: a shared folder on a USB key or the
    /// network can hang). SQLite serialises the two writers; the caller hands the clock
    /// back with [`Store::observe_hlc`]`(writer.hlc())` so that local edits keep stamping
    /// above what the writer received. Its copy of the key is zeroized when dropped.
    pub fn writer(&self) -> Result<Store, StoreError> {
        self.writer_opener().open()
    }

    /// What opens a [`Store::writer`], to be moved to the thread that writes (the team's
    /// sync): the opening then costs that thread, not a frame (issue 17).
    pub fn writer_opener(&self) -> Opener {
        Opener {
            paths: self.paths.clone(),
            key: self.key.clone(),
            clock: self.clock.clone(),
            writer_hlc: Some(self.last_hlc),
        }
    }

    /// The hybrid clock's last value on this connection.
    pub fn hlc(&self) -> Hlc {
        self.last_hlc
    }

    /// Rewraps the data key under a new passphrase after checking the old one. The
    /// database is not rewritten; the key file is replaced atomically.
    pub fn change_passphrase(
        &self,
        old: &str,
        new: &str,
        kdf: KdfParams,
    ) -> Result<(), StoreError> {
        let bytes = read_key_file(&self.paths)?;
        let key = keyfile::unwrap(&bytes, old)?;
        if *key != *self.key {
            return Err(StoreError::KeyFileCorrupt(
                "le fichier de clé ne correspond pas à la base ouverte".into(),
            ));
        }
        let new_bytes = keyfile::wrap(&key, new, kdf)?;
        keyfile::write_atomically(&self.paths.key, &new_bytes)?;
        audit::append(
            &self.conn,
            &self.now().to_rfc3339(),
            &audit::actor_in(&self.conn)?,
            "phrase de passe",
            "",
            "changée",
        )?;
        Ok(())
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back
    /// otherwise (the database is then as it was).
    fn write_inner<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let now = (self.clock)();
        let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let hlc = self.last_hlc.tick(now_ms);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('hlc', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [hlc.0.to_string()],
        )?;
        let mut t = Tx {
            tx,
            stamp: Stamp {
                hlc,
                site: self.site,
            },
            now,
            record_audit: std::cell::Cell::new(true),
        };
        let out = f(&mut t)?;
        t.tx.commit()?;
        self.last_hlc = hlc;
        Ok(out)
    }

    /// Runs `f` in one write transaction (see [`Store::write_inner`]); a full disk or a
    /// base whose folder became read-only is named as such, never as SQLite's English text.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.paths.db.clone();
        self.write_inner(f).map_err(|e| match e {
            StoreError::Sql(e) => fault::from_sql(e, &db),
            other => other,
        })
    }

    /// Moves the hybrid clock past a value seen in an incoming packet.
    pub fn observe_hlc(&mut self, remote: Hlc) {
        let now_ms = u64::try_from((self.clock)().timestamp_millis()).unwrap_or(0);
        self.last_hlc = self.last_hlc.observe(remote, now_ms);
    }

    /// The connection, for the repositories' reads.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Where this database lives.
    pub fn paths(&self) -> &StorePaths {
        &self.paths
    }

    /// This installation's identifier (the "site" of merge stamps).
    pub fn site_id(&self) -> Uuid {
        self.site
    }

    /// The store's current time (the system clock unless a test fixed it).
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Replaces the clock, for tests that need a fixed "today".
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Reads a setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Writes a setting.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.sql().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            Ok(())
        })
    }

    /// The last `limit` audit entries, newest first: (at, actor, action, detail).
    pub fn audit_entries(
        &self,
        limit: usize,
    ) -> Result<Vec<(String, String, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// SQLite's integrity check and SQLCipher's page-by-page HMAC check.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let integrity: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        if integrity != ["ok"] {
            return Err(StoreError::Integrity(integrity.join("; ")));
        }
        let cipher: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        if !cipher.is_empty() {
            return Err(StoreError::Integrity(cipher.join("; ")));
        }
        let cipher_version: String = self
            .conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
        Ok(CheckReport {
            cipher_version,
            schema_version: migrations::current_version(&self.conn)?,
            ok: true,
        })
    }

    /// Writes an encrypted copy of the database to `dest` (same data key, so the recovery
    /// key opens it too) and a copy of the key file beside it, then verifies the copy:
    /// it opens, passes both integrity checks and holds the same rows. Written under a
    /// temporary name and renamed: no half backup under the final name, and never a
    /// plaintext byte on disk (`sqlcipher_export` into an attached keyed database).
    pub fn backup(&self, dest: &Path) -> Result<StorePaths, StoreError> {
        let dest_paths = StorePaths::beside(dest);
        if dest_paths.db.exists() {
            return Err(StoreError::AlreadyExists(dest.to_path_buf()));
        }
        if dest_paths.key.exists() {
            // A lone key file is what a backup interrupted between its two renames leaves.
            // If it wraps our key, finishing the backup over it loses nothing; anything
            // else is somebody's file and stays untouched.
            let ours = fs::read(&dest_paths.key)
                .ok()
                .and_then(|b| keyfile::matches(&b, &self.key).ok());
            if ours != Some(true) {
                return Err(StoreError::AlreadyExists(dest_paths.key.clone()));
            }
        }
        let dest_folder = folder_of(dest);
        private::create_private_dir(dest_folder).map_err(|e| {
            // A USB key pulled out, or a « folder » that is a file: named for what it is.
            match fault::probe_folder(dest_folder) {
                Some(f) => f.error(dest_folder),
                None => io_at("création du dossier de sauvegarde", dest_folder)(e),
            }
        })?;
        let mut tmp = dest.as_os_str().to_owned();
        tmp.push(".partial");
        let tmp = PathBuf::from(tmp);
        let _ = fs::remove_file(&tmp);
        let result = self.export_to(&tmp, &self.key);
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        // Verify before publishing.
        let verified = self.verify_copy(&tmp, &self.key).and_then(|same| {
            if same {
                Ok(())
            } else {
                Err(StoreError::Backup(
                    "la copie ne contient pas les mêmes données".into(),
                ))
            }
        });
        if let Err(e) = verified {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        let key_bytes = read_key_file(&self.paths)?;
        keyfile::write_atomically(&dest_paths.key, &key_bytes)?;
        fs::rename(&tmp, dest).map_err(io_err("publication de la sauvegarde"))?;
        if let Some(dir) = dest.parent() {
            keyfile::sync_dir(dir);
        }
        // Every export is logged with its destination (issue 14); the copy is already
        // complete and verified, so it does not hold this entry. The date of the last
        // backup is kept with it, in the same transaction, whichever way the backup was
        // made (app or command line): the app's 7-day reminder reads it.
        let at = self.now().to_rfc3339();
        let tx = self.conn.unchecked_transaction()?;
        audit::append(
            &tx,
            &at,
            &audit::actor_in(&tx)?,
            "sauvegarde",
            "",
            &format!("copie chiffrée vers {}", dest.display()),
        )?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [LAST_BACKUP_SETTING, at.as_str()],
        )?;
        tx.commit()?;
        Ok(dest_paths)
    }

    /// When the last verified backup of this base was written (app or command line), if
    /// one ever was.
    pub fn last_backup(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .setting(LAST_BACKUP_SETTING)?
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Whole days since the last backup, or since the base was created when it never was
    /// backed up (a base made today is not yet « without backup »).
    pub fn days_without_backup(&self) -> Result<i64, StoreError> {
        let since = match self.last_backup()? {
            Some(at) => Some(at),
            None => self
                .conn
                .query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
                .map(|t| t.with_timezone(&Utc)),
        };
        Ok(since.map_or(0, |at| (self.now() - at).num_days().max(0)))
    }

    /// Copies the whole base into a new encrypted file at `tmp`, keyed with `key`
    /// (`sqlcipher_export`: never a plaintext page on disk).
    /// Checks a copy written by [`Store::export_to`] under `key`: it opens, passes both
    /// integrity checks, and says whether it holds the same rows as this base. It is left
    /// as one file (no WAL), ready to be renamed into place.
    fn verify_copy(&self, path: &Path, key: &DataKey) -> Result<bool, StoreError> {
        let copy = Store {
            conn: open_keyed(path, key, false)?,
            paths: StorePaths::beside(path),
            key: key.clone(),
            site: self.site,
            last_hlc: self.last_hlc,
            clock: self.clock.clone(),
            tightened: Vec::new(),
            resumed_rotation: None,
        };
        copy.check()?;
        let same = copy.fingerprint()? == self.fingerprint()?;
        copy.conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        Ok(same)
    }

    fn export_to(&self, tmp: &Path, key: &[u8; KEY_LEN]) -> Result<(), StoreError> {
        let path = tmp
            .to_str()
            .ok_or_else(|| StoreError::Backup("chemin non UTF-8".into()))?;
        // The connection was opened without SQLITE_OPEN_CREATE (unlocking must never
        // create a database), and ATTACH inherits that: create the empty file here,
        // owner-only (SQLite keeps the mode of an existing file).
        let folder = folder_of(tmp);
        drop(
            private::create_private_file(tmp)
                .map_err(io_at("création du fichier de sauvegarde", folder))?,
        );
        let attach = sql_with_key(
            &format!(
                "ATTACH DATABASE '{}' AS backup KEY ",
                path.replace('\'', "''")
            ),
            key,
            ";",
        );
        self.conn
            .execute_batch(&attach)
            .map_err(|e| fault::from_sql(e, tmp))?;
        let exported = self
            .conn
            .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))
            .and_then(|_| {
                let v = migrations::current_version(&self.conn)
                    .map_err(|_| rusqlite::Error::InvalidQuery)?;
                self.conn
                    .execute_batch(&format!("PRAGMA backup.user_version = {v};"))
            });
        let detached = self.conn.execute_batch("DETACH DATABASE backup;");
        exported.map_err(|e| fault::from_sql(e, tmp))?;
        detached?;
        Ok(())
    }

    /// A digest of every row of every table, to compare a copy with its source.
    pub fn fingerprint(&self) -> Result<String, StoreError> {
        self.fingerprint_skipping(&[])
    }

    /// [`Store::fingerprint`] without the access log, which records reads too (an unlock,
    /// a dry run): whether anything *else* changed.
    pub fn content_fingerprint(&self) -> Result<String, StoreError> {
        self.fingerprint_skipping(&["audit_log"])
    }

    fn fingerprint_skipping(&self, skipped: &[&str]) -> Result<String, StoreError> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let tables: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for t in tables {
            // Virtual-table shadow tables are covered by their parent's rows.
            if t.contains("_fts_") || skipped.contains(&t.as_str()) {
                continue;
            }
            h.update(t.as_bytes());
            let sql = format!(
                "SELECT * FROM \"{}\" ORDER BY rowid",
                t.replace('"', "\"\"")
            );
            let mut stmt = match self.conn.prepare(&sql) {
                Ok(s) => s,
                // WITHOUT ROWID tables: order by the first column instead.
                Err(_) => self.conn.prepare(&format!(
                    "SELECT * FROM \"{}\" ORDER BY 1",
                    t.replace('"', "\"\"")
                ))?,
            };
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..n {
                    // Type tag, length, bytes: no text formatting per value (a 200 MB base
                    // has millions of them), and no two values hash alike by accident.
                    use rusqlite::types::ValueRef;
                    match row.get_ref(i)? {
                        ValueRef::Null => h.update([0u8]),
                        ValueRef::Integer(v) => {
                            h.update([1u8]);
                            h.update(v.to_le_bytes());
                        }
                        ValueRef::Real(v) => {
                            h.update([2u8]);
                            h.update(v.to_bits().to_le_bytes());
                        }
                        ValueRef::Text(bytes) => {
                            h.update([3u8]);
                            h.update((bytes.len() as u64).to_le_bytes());
                            h.update(bytes);
                        }
                        ValueRef::Blob(bytes) => {
                            h.update([4u8]);
                            h.update((bytes.len() as u64).to_le_bytes());
                            h.update(bytes);
                        }
                    }
                }
            }
        }
        Ok(hex::encode(h.finalize()))
    }
}

/// Test support: opening a database at an older schema version, to prove upgrades, and the
/// raw connection of a store. Only with the `testing` feature (tests and benches enable it
/// through the dev-dependency on ourselves): the release binary does not carry it.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing {
    use super::*;

    /// Creates a database with only the first `version` migrations applied, keyed with
    /// `key`. Returns the connection so the test can put data in it.
    pub fn create_at_version(
        path: &Path,
        key: &[u8; KEY_LEN],
        version: u32,
    ) -> Result<Connection, StoreError> {
        let conn = open_keyed_to(path, key, true, version)?;
        Ok(conn)
    }

    /// Creates a PLAIN (unencrypted) SQLite database with the same pragmas and schema
    /// as a base: the floor the encrypted store is measured against (`benches/floors.rs`).
    /// Never used for real data.
    pub fn create_plain(path: &Path) -> Result<Connection, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.execute_batch(STORE_PRAGMAS)?;
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        conn.set_prepared_statement_cache_capacity(256);
        Ok(conn)
    }

    /// The schema of a database as text: every `CREATE` statement, sorted.
    pub fn schema_of(conn: &Connection) -> Result<Vec<String>, StoreError> {
        let mut stmt = conn.prepare("SELECT coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// The connection of a store.
    pub fn conn(store: &Store) -> &Connection {
        store.conn()
    }

    /// Opens a database directly with a raw key, as an independent SQLCipher client would.
    pub fn open_raw(path: &Path, hex_key: &str) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{hex_key}'\";"))?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(conn)
    }

    /// Sets `PRAGMA user_version` (to simulate a database from a newer app).
    pub fn set_user_version(conn: &Connection, v: u32) -> Result<(), StoreError> {
        conn.execute_batch(&format!("PRAGMA user_version = {v};"))?;
        Ok(())
    }
}
