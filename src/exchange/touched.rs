//! Which household each record of a packet belongs to: to group the import preview per
//! household, and to mark the households an import changed (« modifié depuis votre
//! dernière visite »). Pure.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;
use uuid::Uuid;

use super::packet::{PreviewItem, RecordLine};
use crate::domain::merge::MergeKind;

fn uuid_field(line: &RecordLine, field: &str) -> Option<Uuid> {
    line.data
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// Record id → household id, for every record of `lines` that belongs to a household.
///
/// Records point at their household directly (`household_id`) or through a parent of the
/// same packet: a stage event through its case, a tutor through its adult, an attendance
/// through its appointment. Programmes belong to no household.
pub fn households_of(lines: &[RecordLine]) -> HashMap<Uuid, Uuid> {
    let mut of = HashMap::with_capacity(lines.len());
    for line in lines {
        let Some(id) = uuid_field(line, "id") else {
            continue;
        };
        if line.table == "households" {
            of.insert(id, id);
        } else if let Some(h) = uuid_field(line, "household_id") {
            of.insert(id, h);
        }
    }
    for line in lines {
        let parent = match line.table.as_str() {
            "stage_events" => "case_id",
            "tutors" | "employment_follow_ups" => "adult_id",
            "attendances" => "appointment_id",
            _ => continue,
        };
        if let (Some(id), Some(p)) = (uuid_field(line, "id"), uuid_field(line, parent))
            && let Some(&h) = of.get(&p)
        {
            of.insert(id, h);
        }
    }
    of
}

/// The households in which the import of `lines` adds or changes a record (a record with
/// a conflict counts: the worker has something to look at), sorted.
pub fn changed_households(lines: &[RecordLine], items: &[PreviewItem]) -> Vec<Uuid> {
    changed_households_of(&households_of(lines), items)
}

/// [`changed_households`] with the packet's [`households_of`] already computed.
pub fn changed_households_of<'a>(
    of: &HashMap<Uuid, Uuid>,
    items: impl IntoIterator<Item = &'a PreviewItem>,
) -> Vec<Uuid> {
    let set: BTreeSet<Uuid> = items
        .into_iter()
        .filter(|i| i.kind != MergeKind::Unchanged || !i.conflicts.is_empty())
        .filter_map(|i| of.get(&i.id).copied())
        .collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Stamps;
    use serde_json::json;

    fn line(table: &str, data: Value) -> RecordLine {
        let Value::Object(data) = data else {
            panic!("object")
        };
        RecordLine {
            table: table.into(),
            data,
            stamps: Stamps::new(),
            deleted_at: None,
            seen: Stamps::new(),
        }
    }

    fn item(id: Uuid, kind: MergeKind) -> PreviewItem {
        PreviewItem {
            table: String::new(),
            id,
            label: String::new(),
            kind,
            conflicts: Vec::new(),
            deletion: false,
            refused: None,
        }
    }

    #[test]
    fn children_of_children_find_their_household() {
        let [h1, h2, case, event, adult, tutor, prog] =
            std::array::from_fn(|i| Uuid::from_u128(i as u128 + 1));
        let lines = vec![
            line("programmes", json!({"id": prog})),
            line("households", json!({"id": h1})),
            line("households", json!({"id": h2})),
            line("cases", json!({"id": case, "household_id": h1})),
            line("stage_events", json!({"id": event, "case_id": case})),
            line("adults", json!({"id": adult, "household_id": h2})),
            line("tutors", json!({"id": tutor, "adult_id": adult})),
        ];
        let of = households_of(&lines);
        assert_eq!(of.get(&event), Some(&h1));
        assert_eq!(of.get(&tutor), Some(&h2));
        assert_eq!(of.get(&prog), None);

        // Only h1 changes (its stage event is new); h2 is unchanged.
        let items = vec![
            item(prog, MergeKind::New),
            item(h1, MergeKind::Unchanged),
            item(h2, MergeKind::Unchanged),
            item(event, MergeKind::New),
            item(tutor, MergeKind::Unchanged),
        ];
        assert_eq!(changed_households(&lines, &items), vec![h1]);
    }
}
