//! What this binary is: version, commit and SQLCipher library, for `passerelle --version`
//! and the « À propos » view (a bug report or a security question starts there).

use std::sync::OnceLock;

/// Version of Passerelle (from Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Short git commit the binary was built from, or « inconnu » for a build outside git
/// (embedded by build.rs).
pub const COMMIT: &str = env!("PASSERELLE_COMMIT");

/// The SQLCipher version linked in, asked once per process; « inconnue » (with the reason)
/// if the library cannot answer, which would also stop any base from opening.
pub fn sqlcipher_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| match crate::store::engine::sqlcipher_version() {
        Ok(version) => version,
        Err(e) => format!("inconnue ({e})"),
    })
}

/// The text after « passerelle » in `passerelle --version`: three lines.
pub fn long_version() -> String {
    format!(
        "{VERSION}\ncommit : {COMMIT}\nSQLCipher : {}",
        sqlcipher_version()
    )
}
