//! Full-text search over person names, household labels, communes and trades.
//!
//! An FTS5 index with the `unicode61 remove_diacritics 2` tokenizer, so "helene" finds
//! "Hélène"; every query term is a prefix ("aur" finds "Aurillac"). The index is kept by
//! the records repository in the same transaction as the record it describes.

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::records::parse_uuid;
use super::{Store, StoreError};

/// At most this many terms of a query are used (a pasted paragraph must stay fast).
const MAX_TERMS: usize = 8;

/// What kind of record a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchKind {
    /// A household (its label).
    Household,
    /// An adult of a household.
    Adult,
    /// A child of a household.
    Child,
    /// An employer.
    Employer,
    /// A job offer.
    JobOffer,
    /// A landlord.
    Landlord,
    /// A housing unit.
    HousingUnit,
}

impl SearchKind {
    /// Every kind.
    pub const ALL: &'static [SearchKind] = &[
        SearchKind::Household,
        SearchKind::Adult,
        SearchKind::Child,
        SearchKind::Employer,
        SearchKind::JobOffer,
        SearchKind::Landlord,
        SearchKind::HousingUnit,
    ];

    /// Stable name stored in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Household => "household",
            SearchKind::Adult => "adult",
            SearchKind::Child => "child",
            SearchKind::Employer => "employer",
            SearchKind::JobOffer => "job_offer",
            SearchKind::Landlord => "landlord",
            SearchKind::HousingUnit => "housing_unit",
        }
    }

    /// The kind stored under `name`.
    pub fn parse(name: &str) -> Option<SearchKind> {
        SearchKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }

    /// French label for result lists.
    pub fn label_fr(self) -> &'static str {
        match self {
            SearchKind::Household => "Ménage",
            SearchKind::Adult => "Adulte",
            SearchKind::Child => "Enfant",
            SearchKind::Employer => "Employeur",
            SearchKind::JobOffer => "Offre d'emploi",
            SearchKind::Landlord => "Bailleur",
            SearchKind::HousingUnit => "Logement",
        }
    }
}

/// What the index holds for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Kind of record.
    pub kind: SearchKind,
    /// Household the record belongs to (itself for a household).
    pub household_id: Option<Uuid>,
    /// Text shown in the result list.
    pub label: String,
    /// Text searched (names, communes, trades).
    pub body: String,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// Kind of record.
    pub kind: SearchKind,
    /// The record found.
    pub record_id: Uuid,
    /// Its household, to open the household view.
    pub household_id: Option<Uuid>,
    /// Text to show.
    pub label: String,
}

/// Writes (or, with `None`, removes) the index entry of a record.
pub(crate) fn index(
    conn: &Connection,
    record_id: Uuid,
    doc: Option<&SearchDoc>,
) -> Result<(), StoreError> {
    match doc {
        Some(d) => {
            conn.prepare_cached(
                "INSERT INTO search_index (record_id, kind, household_id, label, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT(record_id) DO UPDATE SET kind = excluded.kind, \
                 household_id = excluded.household_id, label = excluded.label, body = excluded.body",
            )?
            .execute(params![
                record_id.to_string(),
                d.kind.as_str(),
                d.household_id.map(|h| h.to_string()),
                d.label,
                d.body,
            ])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM search_index WHERE record_id = ?1")?
                .execute([record_id.to_string()])?;
        }
    }
    Ok(())
}

/// Writes the index entries of many records in ONE statement. The full-text index
/// flushes what it holds to a new segment at the start of every statement that may be
/// rolled back alone; row by row, each entry became a segment of its own to merge (issue
/// 17). Same effect as [`index`] for each.
pub(crate) fn index_many(conn: &Connection, docs: &[(Uuid, &SearchDoc)]) -> Result<(), StoreError> {
    if docs.is_empty() {
        return Ok(());
    }
    let rows: Vec<(String, &str, Option<String>, &str, &str)> = docs
        .iter()
        .map(|(id, d)| {
            (
                id.to_string(),
                d.kind.as_str(),
                d.household_id.map(|h| h.to_string()),
                d.label.as_str(),
                d.body.as_str(),
            )
        })
        .collect();
    let json = serde_json::to_string(&rows)?;
    // `WHERE true`: SQLite's parser needs it before ON CONFLICT after a SELECT.
    conn.prepare_cached(
        "INSERT INTO search_index (record_id, kind, household_id, label, body) \
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 \
         FROM json_each(?1) WHERE true \
         ON CONFLICT(record_id) DO UPDATE SET kind = excluded.kind, \
         household_id = excluded.household_id, label = excluded.label, body = excluded.body",
    )?
    .execute([json])?;
    Ok(())
}

/// Turns what the user typed into a safe FTS5 query: every run of letters and digits
/// becomes a quoted prefix term (`"hel"*`), all terms required. Quotes, operators
/// (`AND`, `NEAR`, `-`, `:`, `^`, parentheses…) are separators, so no input can make the
/// query fail. Combining accents (decomposed input) are dropped rather than splitting a
/// word, since the index ignores accents anyway. `None` when nothing is left to search.
pub fn fts_query(input: &str) -> Option<String> {
    build_query(input, true)
}

/// The words of the user's input, as FTS5 strings: prefix terms (`"hel"*`) or whole
/// words (`"hel"`).
fn build_query(input: &str, prefix: bool) -> Option<String> {
    let cleaned: String = input
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect();
    let star = if prefix { "*" } else { "" };
    let terms: Vec<String> = cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .map(|t| format!("\"{t}\"{star}"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// Searches names, communes and trades, at most `limit` hits: records where every word
/// typed is a whole word first, then those where they are only prefixes.
///
/// Why not `ORDER BY rank`: with prefix terms, bm25 must score every match before the
/// first row comes out ("a" matches most of the index), which breaks the search-as-you-
/// type budget; two unranked passes stop as soon as `limit` rows are found, and "whole
/// word first" is the ordering a user expects from a name search.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
    let (Some(exact), Some(prefix)) = (build_query(query, false), build_query(query, true)) else {
        return Ok(Vec::new());
    };
    let mut hits = Vec::new();
    collect_hits(conn, &exact, limit, &mut hits)?;
    if hits.len() < limit {
        collect_hits(conn, &prefix, limit, &mut hits)?;
    }
    Ok(hits)
}

/// Appends the matches of one FTS5 query to `hits`, skipping records already there.
fn collect_hits(
    conn: &Connection,
    fts: &str,
    limit: usize,
    hits: &mut Vec<SearchHit>,
) -> Result<(), StoreError> {
    // Ask for enough rows to fill up even if all the first pass's hits come back.
    let wanted = i64::try_from(limit.saturating_mul(2)).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind, i.record_id, i.household_id, i.label \
         FROM search_fts JOIN search_index i ON i.id = search_fts.rowid \
         WHERE search_fts MATCH ?1 LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![fts, wanted])?;
    while hits.len() < limit {
        let Some(row) = rows.next()? else { break };
        let kind: String = row.get(0)?;
        let Some(kind) = SearchKind::parse(&kind) else {
            continue; // written by a newer version: skip rather than fail the whole search
        };
        let record_id = parse_uuid(&row.get::<_, String>(1)?)?;
        if hits.iter().any(|h| h.record_id == record_id) {
            continue;
        }
        let household_id: Option<String> = row.get(2)?;
        hits.push(SearchHit {
            kind,
            record_id,
            household_id: household_id.as_deref().map(parse_uuid).transpose()?,
            label: row.get(3)?,
        });
    }
    Ok(())
}

impl Store {
    /// Accent- and case-insensitive prefix search over names, communes and trades.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        search(self.conn(), query, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_sanitised() {
        let table: &[(&str, Option<&str>)] = &[
            ("helene", Some("\"helene\"*")),
            ("  Hélène   Martin ", Some("\"Hélène\"* \"Martin\"*")),
            ("\"", None),
            ("", None),
            ("a\"b", Some("\"a\"* \"b\"*")),
            ("NEAR(x y)", Some("\"NEAR\"* \"x\"* \"y\"*")),
            ("-foo AND bar*", Some("\"foo\"* \"AND\"* \"bar\"*")),
            ("col:val ^x", Some("\"col\"* \"val\"* \"x\"*")),
            ("he\u{301}le\u{300}ne", Some("\"helene\"*")),
            ("d'Aurillac", Some("\"d\"* \"Aurillac\"*")),
        ];
        for (input, expected) in table {
            assert_eq!(fts_query(input).as_deref(), *expected, "{input:?}");
        }
    }

    #[test]
    fn long_queries_are_capped() {
        let q = fts_query("a b c d e f g h i j k").expect("query");
        assert_eq!(q.matches('*').count(), MAX_TERMS);
    }

    /// The SQL of 0002 alone, on a plain in-memory database, to test the index and the
    /// sanitiser against the real FTS5 parser.
    fn memory_index() -> Connection {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(include_str!("sql/0002_records.sql"))
            .expect("schema");
        conn
    }

    fn put(conn: &Connection, n: u128, kind: SearchKind, label: &str, body: &str) {
        let doc = SearchDoc {
            kind,
            household_id: None,
            label: label.into(),
            body: body.into(),
        };
        index(conn, Uuid::from_u128(n), Some(&doc)).expect("index");
    }

    #[test]
    fn accents_case_and_prefixes() {
        let conn = memory_index();
        put(
            &conn,
            1,
            SearchKind::Adult,
            "Hélène Martin",
            "Hélène Martin Aide-soignante",
        );
        put(
            &conn,
            2,
            SearchKind::Employer,
            "Scierie du Cantal",
            "Scierie du Cantal Aurillac",
        );
        put(&conn, 3, SearchKind::Child, "Noé Ïsmaël", "Noé Ïsmaël");
        let ids = |q: &str| -> Vec<u128> {
            search(&conn, q, 10)
                .expect("search")
                .iter()
                .map(|h| h.record_id.as_u128())
                .collect()
        };
        assert_eq!(ids("helene"), [1]);
        assert_eq!(ids("HÉL"), [1]);
        assert_eq!(ids("aur"), [2]);
        assert_eq!(ids("ismael noe"), [3]);
        assert_eq!(ids("soign"), [1]);
        assert_eq!(ids("helene aurillac"), Vec::<u128>::new());
        for nasty in [
            "\"",
            "\"\"*",
            "AND",
            "OR NOT",
            "(",
            "*",
            "a:b",
            "NEAR(",
            "'; DROP TABLE x; --",
            "^",
        ] {
            assert!(search(&conn, nasty, 10).is_ok(), "{nasty}");
        }
    }

    #[test]
    fn reindexing_replaces_and_none_removes() {
        let conn = memory_index();
        put(
            &conn,
            1,
            SearchKind::Household,
            "Famille Diallo",
            "Famille Diallo Montreuil",
        );
        put(
            &conn,
            1,
            SearchKind::Household,
            "Famille Diallo",
            "Famille Diallo Ytrac",
        );
        assert!(search(&conn, "montreuil", 10).expect("search").is_empty());
        assert_eq!(search(&conn, "ytrac", 10).expect("search").len(), 1);
        index(&conn, Uuid::from_u128(1), None).expect("remove");
        assert!(search(&conn, "diallo", 10).expect("search").is_empty());
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'diallo'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(rows, 0);
    }

    #[test]
    fn whole_words_come_before_prefixes() {
        let conn = memory_index();
        put(&conn, 1, SearchKind::Adult, "Marine Roux", "Marine Roux");
        put(&conn, 2, SearchKind::Adult, "Marc Petit", "Marc Petit");
        put(&conn, 3, SearchKind::Adult, "Mar Santos", "Mar Santos");
        let ids: Vec<u128> = search(&conn, "mar", 10)
            .expect("search")
            .iter()
            .map(|h| h.record_id.as_u128())
            .collect();
        assert_eq!(ids, [3, 1, 2]);
        assert_eq!(search(&conn, "mar", 2).expect("search").len(), 2);
    }

    #[test]
    fn limit_is_respected() {
        let conn = memory_index();
        for n in 0..20 {
            put(
                &conn,
                n,
                SearchKind::Adult,
                &format!("Martin {n}"),
                "Martin",
            );
        }
        assert_eq!(search(&conn, "mar", 5).expect("search").len(), 5);
    }
}
