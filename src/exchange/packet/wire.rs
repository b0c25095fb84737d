//! The packet's layout inside its envelope: the three file names of the tar archive, the
//! compact form a [`RecordLine`] takes in `records.jsonl` ([`WireLine`]), building the
//! archive and parsing it strictly (regular files only, known flat names, sizes capped),
//! and the dispatch from a line's table name to its record type, which every pass over
//! lines (validation, merge, undo, team log) goes through.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{MAX_ARCHIVE_BYTES, MAX_MANIFEST_BYTES, PacketError, RecordLine, crypto};
use crate::domain::hlc::Stamp;
use crate::domain::model::{
    Adult, Appointment, Attendance, Case, Child, Consent, DocumentItem, Employer,
    EmploymentFollowUp, Household, HousingUnit, JobOffer, Landlord, Note, Partner, Programme,
    Proposal, RelayStay, StageEvent, Tutor,
};
use crate::domain::record::Stamps;
use crate::store::records::Stored;

pub(super) const MANIFEST: &str = "manifest.json";
pub(super) const SIGNATURE: &str = "manifest.json.minisig";
pub(super) const RECORDS: &str = "records.jsonl";

/// The wire form of a [`RecordLine`]: most fields of a record share one stamp (the write
/// that created it), so a line holds that stamp once (`base`), the fields whose stamp
/// differs (`stamps`) and the fields without any stamp (`unstamped`, e.g. redacted):
/// 2.5 times smaller than one stamp per field.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireLine {
    table: String,
    data: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base: Option<crate::domain::hlc::Stamp>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    stamps: Stamps,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unstamped: Vec<String>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    seen: Stamps,
}

impl WireLine {
    pub(super) fn from_line(line: RecordLine) -> WireLine {
        let mut counts: BTreeMap<crate::domain::hlc::Stamp, usize> = BTreeMap::new();
        for (k, st) in &line.stamps {
            if line.data.contains_key(k) {
                *counts.entry(*st).or_default() += 1;
            }
        }
        let base = counts
            .into_iter()
            .max_by_key(|(st, n)| (*n, *st))
            .map(|(st, _)| st);
        let unstamped = if base.is_some() {
            line.data
                .keys()
                .filter(|k| !line.stamps.contains_key(k.as_str()))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let stamps = line
            .stamps
            .into_iter()
            .filter(|(k, st)| !line.data.contains_key(k.as_str()) || Some(*st) != base)
            .collect();
        WireLine {
            table: line.table,
            data: line.data,
            base,
            stamps,
            unstamped,
            deleted_at: line.deleted_at,
            seen: line.seen,
        }
    }

    pub(super) fn into_line(self) -> RecordLine {
        let stamps = match self.base {
            // Built in one go from sorted pairs (a map's keys come sorted; a field with
            // its own stamp keeps it): inserting field by field cost a fifth of reading a
            // packet (issue 17).
            Some(base) => {
                let based: Vec<(String, Stamp)> = self
                    .data
                    .keys()
                    .filter(|k| !self.unstamped.contains(k) && !self.stamps.contains_key(*k))
                    .map(|k| (k.clone(), base))
                    .collect();
                based.into_iter().chain(self.stamps).collect()
            }
            None => self.stamps,
        };
        RecordLine {
            table: self.table,
            data: self.data,
            stamps,
            deleted_at: self.deleted_at,
            seen: self.seen,
        }
    }
}

/// Calls `V::visit::<R>` for the record type of `table`.
pub(super) trait TableVisitor {
    type Out;
    fn visit<R: Stored>(&mut self) -> Self::Out;
}

pub(super) fn dispatch<V: TableVisitor>(table: &str, v: &mut V) -> Option<V::Out> {
    Some(match table {
        "programmes" => v.visit::<Programme>(),
        "households" => v.visit::<Household>(),
        "adults" => v.visit::<Adult>(),
        "children" => v.visit::<Child>(),
        "cases" => v.visit::<Case>(),
        "stage_events" => v.visit::<StageEvent>(),
        "tutors" => v.visit::<Tutor>(),
        "document_items" => v.visit::<DocumentItem>(),
        "appointments" => v.visit::<Appointment>(),
        "attendances" => v.visit::<Attendance>(),
        "notes" => v.visit::<Note>(),
        "consents" => v.visit::<Consent>(),
        "employers" => v.visit::<Employer>(),
        "job_offers" => v.visit::<JobOffer>(),
        "landlords" => v.visit::<Landlord>(),
        "housing_units" => v.visit::<HousingUnit>(),
        "proposals" => v.visit::<Proposal>(),
        "relay_stays" => v.visit::<RelayStay>(),
        "employment_follow_ups" => v.visit::<EmploymentFollowUp>(),
        // Only the team log carries the partner directory (a partner's packet with it is
        // refused by its role's allowlist, which has no such table).
        "partners" => v.visit::<Partner>(),
        _ => return None,
    })
}

fn tar_file(
    builder: &mut tar::Builder<Vec<u8>>,
    name: &str,
    data: &[u8],
    mtime: u64,
) -> Result<(), PacketError> {
    let mut header = tar::Header::new_ustar();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, name, data).map_err(crypto)
}

/// A tar archive of `files` (regular files, mode 0644, flat names), as packets hold.
pub fn build_archive(files: &[(&str, &[u8])], mtime: u64) -> Result<Vec<u8>, PacketError> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in files {
        tar_file(&mut builder, name, data, mtime)?;
    }
    builder.into_inner().map_err(crypto)
}

/// Parses the archive strictly: regular files only, flat names from the expected set,
/// no duplicates, sizes capped.
pub fn parse_archive(tar_bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, PacketError> {
    let bad = |m: String| PacketError::BadArchive(m);
    let mut archive = tar::Archive::new(Cursor::new(tar_bytes));
    let mut files = BTreeMap::new();
    for entry in archive
        .entries()
        .map_err(|_| bad("archive illisible (format tar invalide)".into()))?
    {
        let mut entry = entry.map_err(|_| bad("archive illisible (format tar invalide)".into()))?;
        let kind = entry.header().entry_type();
        if kind != tar::EntryType::Regular {
            return Err(bad(format!(
                "l'archive contient autre chose qu'un fichier ordinaire ({})",
                if kind.is_symlink() || kind.is_hard_link() {
                    "un lien"
                } else if kind.is_dir() {
                    "un dossier"
                } else {
                    "entrée spéciale"
                }
            )));
        }
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8(raw).map_err(|_| bad("nom de fichier non UTF-8".into()))?;
        if name.starts_with('/') || name.split(['/', '\\']).any(|p| p == "..") {
            return Err(bad(format!("chemin dangereux « {name} »")));
        }
        if name.contains('/') || name.contains('\\') {
            return Err(bad(format!("chemin inattendu « {name} »")));
        }
        if ![MANIFEST, SIGNATURE, RECORDS].contains(&name.as_str()) {
            return Err(bad(format!("fichier inconnu « {name} »")));
        }
        if files.contains_key(&name) {
            return Err(bad(format!("fichier en double « {name} »")));
        }
        let cap = if name == RECORDS {
            MAX_ARCHIVE_BYTES
        } else {
            MAX_MANIFEST_BYTES
        };
        if entry.size() > cap {
            return Err(PacketError::TooLarge {
                what: if name == RECORDS {
                    "fiches"
                } else {
                    "manifeste"
                },
                limit_kib: cap >> 10,
            });
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|_| bad("archive tronquée".into()))?;
        files.insert(name, data);
    }
    for needed in [MANIFEST, SIGNATURE, RECORDS] {
        if !files.contains_key(needed) {
            return Err(bad(format!("fichier « {needed} » manquant")));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hlc::{Hlc, Stamp};
    use serde_json::json;
    use uuid::Uuid;

    #[test]
    fn lines_round_trip_through_their_compact_form() {
        let st = |h, n| Stamp {
            hlc: Hlc(h),
            site: Uuid::from_u128(n),
        };
        let Value::Object(data) = json!({"id": "x", "a": 1, "b": 2, "c": 3}) else {
            panic!("object")
        };
        let mut stamps = Stamps::new();
        stamps.insert("id".into(), st(5, 1));
        stamps.insert("a".into(), st(5, 1));
        stamps.insert("b".into(), st(9, 2));
        stamps.insert(crate::domain::record::DELETED_KEY.into(), st(12, 2));
        let line = RecordLine {
            table: "households".into(),
            data,
            stamps,
            deleted_at: DateTime::from_timestamp(86_400, 0),
            seen: Stamps::new(),
        };
        let wire = WireLine::from_line(line.clone());
        assert_eq!(wire.base, Some(st(5, 1)));
        assert_eq!(wire.unstamped, ["c"], "an unstamped field stays unstamped");
        let text = serde_json::to_string(&wire).unwrap();
        let back = serde_json::from_str::<WireLine>(&text).unwrap().into_line();
        assert_eq!(back, line);
    }
}
