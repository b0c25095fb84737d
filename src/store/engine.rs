//! The SQLCipher library compiled into the binary, asked directly (for `--version` and
//! « À propos »): the version that matters is the one linked in, not the one we think we
//! asked Cargo for.

use rusqlite::Connection;

use super::StoreError;

/// The version reported by `PRAGMA cipher_version`, e.g. « 4.10.0 community », read on a
/// throwaway in-memory connection (no file, no key).
pub fn sqlcipher_version() -> Result<String, StoreError> {
    let conn = Connection::open_in_memory()?;
    let version: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
    if version.trim().is_empty() {
        // Plain SQLite answers the unknown pragma with nothing.
        return Err(StoreError::NoCipher);
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linked_library_is_sqlcipher_4() {
        let version = sqlcipher_version().unwrap();
        assert!(version.starts_with("4."), "{version}");
    }
}
