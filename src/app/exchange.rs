//! Commands of the « Échanges » section: identity and partner cards, export with preview
//! (written on a named thread with progress), import with preview and apply (on a named
//! thread), conflicts, the « modifié depuis votre dernière visite » mark, file dialogs
//! (native on a thread when the desktop has one, else the in-app chooser) and files
//! dropped on the window.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Local, TimeZone};
use serde_json::Value;
use uuid::Uuid;

use super::native_dialog::FileDialogRequest;
use super::section::{Cx, Then};
use super::tasks::{DialogFor, TaskDone, TaskKind};
use crate::command::Section;
use crate::command::exchange::{ExchangeCommand, FilePurpose};
use crate::domain::hlc::Stamp;
use crate::domain::merge::MergeKind;
use crate::domain::model::{Adult, Child, Employer, Household, Landlord, Partner, PartnerRole};
use crate::domain::text::count;
use crate::exchange::packet::{self, ExportRequest, OpenedPacket, PacketError, Preview};
use crate::exchange::{output, redact, touched};
use crate::store::{Store, StoreError};
use crate::ui::board::BoardView;
use crate::ui::exchange::text;
use crate::ui::exchange::{
    CardCandidate, ConflictRow, ExchangeData, ExchangeTab, ExchangeView, ExportPreview,
    HouseholdChoice, HouseholdImport, IdentityInfo, ImportPreview, LogRow, PartnerRow, Progress,
    ReceivedDeletion, field_label_fr,
};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::household::HouseholdsView;
use crate::ui::shell::Message;

/// What is done to a pinned partner.
#[derive(Clone, Copy)]
pub(super) enum PartnerAction {
    Revoke,
    Unpin,
    Link(Option<Uuid>),
}

/// What an exchange job sends back with the base.
pub(super) enum ExchangeDone {
    /// A packet was written (path shown, households sent) or not (French reason).
    Exported(Result<(PathBuf, usize), String>),
    /// A packet passed every check (with its preview, as the screen shows it: built by
    /// the job, not on the UI thread — 445 ms for 1,000 households, issue 17), or was
    /// refused.
    Opened(Result<(Box<OpenedPacket>, Box<ImportPreview>), PacketError>),
    /// A packet was applied (with the board re-read by the job: 0.5 s at 10,000
    /// households, which the UI thread must not spend), or not (French reason).
    Applied(Result<(Preview, Box<Result<BoardView, StoreError>>), String>),
}

const EXPORT_PHASES: &[&str] = &[
    text::LECTURE_EXPURGATION_CHIFFREMENT_ET_SIGNATURE_DES,
    text::ECRITURE_DU_FICHIER,
    text::TERMINE,
];
const OPEN_PHASES: &[&str] = &[
    text::LECTURE_DU_FICHIER,
    text::DECHIFFREMENT_ET_VERIFICATIONS_SIGNATURE_CONTENU,
    text::CALCUL_DE_L_APERCU,
];
const APPLY_PHASES: &[&str] = &[text::FUSION_DANS_VOTRE_BASE_UNE_SEULE];

fn date_fr(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |d| {
            d.with_timezone(&Local)
                .format(text::D_M_Y_A_H_M)
                .to_string()
        },
    )
}

fn stamp_date_fr(stamp: &Stamp) -> String {
    i64::try_from(stamp.hlc.wall_ms())
        .ok()
        .and_then(|ms| Local.timestamp_millis_opt(ms).single())
        .map_or_else(
            || text::DATE_INCONNUE.to_owned(),
            |d| d.format(text::D_M_Y_A_H_M).to_string(),
        )
}

/// A JSON value as a worker reads it.
fn value_fr(v: &Value) -> String {
    match v {
        Value::Null => "(vide)".to_owned(),
        Value::Bool(true) => "oui".to_owned(),
        Value::Bool(false) => "non".to_owned(),
        Value::String(s) if s.is_empty() => "(vide)".to_owned(),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => d.format("%d/%m/%Y").to_string(),
            Err(_) => s.clone(),
        },
        Value::Number(n) => n.to_string(),
        Value::Array(a) if a.is_empty() => "(vide)".to_owned(),
        Value::Array(a) => a.iter().map(value_fr).collect::<Vec<_>>().join(", "),
        // A structured field (the housing demand…): its parts, labelled, the empty ones
        // left out, amounts in euros; never raw JSON in front of a worker.
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null() && *v != &Value::Array(Vec::new()))
                .map(|(k, v)| {
                    let shown = match (k.ends_with("_cents"), v.as_i64()) {
                        (true, Some(cents)) => crate::domain::text::format_euros(cents),
                        _ => value_fr(v),
                    };
                    format!("{} : {shown}", field_label_fr(k))
                })
                .collect();
            if parts.is_empty() {
                "(vide)".to_owned()
            } else {
                parts.join(" ; ")
            }
        }
    }
}

fn fields_fr(list: &str) -> String {
    if list == text::TOUTES_LES_INFORMATIONS {
        return list.to_owned();
    }
    list.split(", ")
        .map(field_label_fr)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Shows `message` at the top of the exchange section, scrolled into view.
fn say(v: &mut ExchangeView, message: Message) {
    v.scroll_to_top = true;
    v.message = Some(message);
}

/// Applies a command of the section; `programme` is the one the board shows (an import
/// re-reads it).
pub(super) fn apply(
    v: &mut ExchangeView,
    command: ExchangeCommand,
    programme: Uuid,
    cx: &mut Cx<'_>,
) {
    match command {
        ExchangeCommand::Refresh => refresh(v, cx),
        ExchangeCommand::CreateIdentity => create_identity(v, cx),
        ExchangeCommand::ChooseFile { purpose } => choose_file(v, purpose, cx),
        ExchangeCommand::ChooseFileInApp(purpose) => open_in_app_chooser(v, purpose),
        ExchangeCommand::CancelChooser => {
            v.chooser = None;
        }
        ExchangeCommand::FileChosen(purpose, path) => file_chosen(v, purpose, path, cx),
        ExchangeCommand::PinPartner => pin_partner(v, cx),
        ExchangeCommand::CancelCard => {
            v.card = None;
        }
        ExchangeCommand::PreviewExport => preview_export(v, cx),
        ExchangeCommand::EditExport => {
            v.send.preview = None;
        }
        ExchangeCommand::SendHousehold(id) => {
            cx.then.push(Then::Show(Section::Echanges));
            v.tab = ExchangeTab::Envoyer;
            v.send.preview = None;
            v.send.selected.clear();
            v.send.selected.insert(id);
            refresh(v, cx);
        }
        ExchangeCommand::ApplyPacket => start_apply(v, programme, cx),
        ExchangeCommand::CancelPacket => {
            v.receive.preview = None;
            v.receive.pending = None;
        }
        ExchangeCommand::ResolveConflict { id, take_lost } => {
            resolve_conflict(v, id, take_lost, cx);
        }
        ExchangeCommand::DismissMessage => {
            v.message = None;
        }
        ExchangeCommand::RevokePartner(id) => {
            partner_action(v, id, PartnerAction::Revoke, cx);
        }
        ExchangeCommand::UnpinPartner(id) => partner_action(v, id, PartnerAction::Unpin, cx),
        ExchangeCommand::LinkPartner(id, record) => {
            partner_action(v, id, PartnerAction::Link(record), cx);
        }
        ExchangeCommand::RotateIdentity => rotate_identity(v, cx),
        ExchangeCommand::RestoreDeletions {
            packet_id,
            household_id,
        } => restore_deletions(v, packet_id, household_id, cx),
    }
}

/// Reloads the section's data on a named thread through a second connection (at
/// 10,000 households the list of households to send took 0.8 to 2.4 s on the UI thread,
/// issue 17); the data shown until then stays, and arrives in
/// [`data_arrived`]. Without a second connection, loads it here.
pub(super) fn refresh(v: &mut ExchangeView, cx: &mut Cx<'_>) {
    let Some(store) = cx.store.as_mut() else {
        return;
    };
    // The undo of deletions received lasts 30 days, then its content is erased
    // (written only when something expired, so here, on the connection that writes).
    let purged = store.purge_expired_packet_deletions();
    // A newer load replaces one still running (its answer is dropped).
    cx.tasks.forget(TaskKind::ExchangeData);
    match purged {
        Err(e) => {
            data_arrived(v, Err(e.to_string()));
            return;
        }
        Ok(_) => cx.tasks.read(TaskKind::ExchangeData, store, |s: &Store| {
            TaskDone::ExchangeData(load_data(s).map_err(|e| e.to_string()))
        }),
    }
    v.loading = true;
}

/// The section's data, once its thread answered: moved in (a small patch of the view
/// model on the UI thread).
pub(super) fn data_arrived(v: &mut ExchangeView, loaded: Result<ExchangeData, String>) {
    v.loading = false;
    match loaded {
        Ok(data) => {
            // Households or partners that disappeared leave the selection.
            let households: std::collections::HashSet<Uuid> =
                data.households.iter().map(|h| h.id).collect();
            v.send.selected.retain(|id| households.contains(id));
            v.send
                .partners
                .retain(|id| data.partners.iter().any(|p| p.id == *id));
            v.data = data;
            v.send.shown_for = None;
            v.loaded = true;
            v.native_dialog = super::native_dialog::native_file_dialog_available();
        }
        Err(e) => {
            v.loaded = true;
            v.message = Some(Message::error(
                text::les_echanges_n_ont_pas_pu_etre_charges(&e),
            ));
        }
    }
}

/// « Créer mon identité »: the structure's keys, named as typed.
fn create_identity(v: &mut ExchangeView, cx: &mut Cx<'_>) {
    let organisation = v.organisation.trim().to_owned();
    let Some(store) = cx.store_mut() else {
        return;
    };
    match packet::ensure_identity(store, Some(&organisation)) {
        Ok(_) => say(
            v,
            Message::success(text::IDENTITE_CREEE_EXPORTEZ_VOTRE_CARTE_DE),
        ),
        Err(e) => {
            say(v, Message::error(text::l_identite_n_a_pas_ete_creee_e(&e)));
        }
    }
    refresh(v, cx);
}

mod cards;
mod export;
mod files;
mod import;

use cards::*;
use export::*;
use files::*;
pub(super) use files::{dialog_closed, dropped};
use import::*;
pub(super) use import::{done, household_opened};

fn read_capped(path: &Path, cap_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{} : {e}", path.display()))?;
    if meta.len() > cap_bytes {
        return Err(text::fichier_trop_volumineux_cap_bytes_mo_au(
            cap_bytes >> 20,
        ));
    }
    std::fs::read(path).map_err(|e| format!("{} : {e}", path.display()))
}

/// Loads the view model of the section.
fn load_data(store: &Store) -> Result<ExchangeData, crate::store::StoreError> {
    let identity = store.exchange_identity()?.and_then(|stored| {
        packet::Identity::from_stored(&stored)
            .ok()
            .map(|me| IdentityInfo {
                organisation: me.organisation.clone(),
                fingerprint: me.contact_card().fingerprint,
            })
    });
    let partners_list: Vec<Partner> = store.list()?;
    let partner_name: HashMap<Uuid, String> = partners_list
        .iter()
        .map(|p| (p.id, p.organisation.clone()))
        .collect();
    let mut partners: Vec<PartnerRow> = partners_list
        .into_iter()
        .map(|p| PartnerRow {
            id: p.id,
            revoked: p
                .trust
                .revoked_at
                .map(|d| d.with_timezone(&Local).format("%d/%m/%Y").to_string()),
            linked: p.trust.linked_record.and_then(|id| {
                store
                    .find::<Employer>(id)
                    .ok()
                    .flatten()
                    .map(|e| e.name)
                    .or_else(|| store.find::<Landlord>(id).ok().flatten().map(|l| l.name))
            }),
            replaced: p
                .trust
                .replaced_fingerprints
                .iter()
                .map(|f| f.split_whitespace().take(4).collect::<Vec<_>>().join(" "))
                .collect(),
            organisation: p.organisation,
            role: p.role,
            fingerprint: p.fingerprint,
            contact: p.contact,
        })
        .collect();
    partners.sort_by(|a, b| a.organisation.cmp(&b.organisation));
    let today = store.now().date_naive();
    let mut households: Vec<HouseholdChoice> = store
        .household_rows(today)?
        .into_iter()
        .map(|r| HouseholdChoice {
            id: r.id,
            label: r.label,
            commune: r.commune,
            consent_ok: r.consent_ok,
        })
        .collect();
    households.sort_by(|a, b| a.label.cmp(&b.label));
    let log = store
        .packet_log(50)?
        .into_iter()
        .map(|e| {
            let counts: BTreeMap<String, u64> =
                serde_json::from_str(&e.summary).unwrap_or_default();
            let get = |k: &str| counts.get(k).copied().unwrap_or(0);
            let import = e.direction == "import";
            LogRow {
                at: date_fr(&e.at),
                direction: if import { text::RECU } else { text::ENVOYE }.to_owned(),
                partner: e
                    .partner_id
                    .and_then(|p| partner_name.get(&p).cloned())
                    .unwrap_or_else(|| text::PAR_PHRASE_DE_PASSE.to_owned()),
                summary: if import {
                    text::nouvelles_jour_conflits_en_conflit(
                        count(get("nouvelles"), "nouvelle", "nouvelles"),
                        count(get("mises_a_jour"), text::MISE_A_JOUR, text::MISES_A_JOUR_2),
                        get("conflits"),
                        count(get("suppressions"), "suppression", "suppressions"),
                        count(get("refusees"), text::REFUSEE, text::REFUSEES),
                    )
                } else {
                    format!(
                        "{}, {}",
                        count(get("households"), text::MENAGE_2, text::MENAGES),
                        count(counts.values().sum::<u64>(), "fiche", "fiches")
                    )
                },
            }
        })
        .collect();
    let my_site = store.site_id();
    let conflicts = store
        .conflict_details()?
        .into_iter()
        .map(|c| {
            let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
            let kept_stamp: Option<Stamp> = serde_json::from_str(&c.kept_stamp).ok();
            let lost_stamp: Option<Stamp> = serde_json::from_str(&c.lost_stamp).ok();
            let partner = c
                .partner_id
                .and_then(|p| partner_name.get(&p).cloned())
                .unwrap_or_else(|| text::LE_PARTENAIRE.to_owned());
            let by = |s: &Option<Stamp>| match s {
                Some(s) if s.site == my_site => text::vous_le_stamp_date_fr(stamp_date_fr(s)),
                Some(s) => text::partner_le_stamp_date_fr(&partner, stamp_date_fr(s)),
                None => String::new(),
            };
            // « Mine » is the value written here; with neither written here (relayed
            // packets), the value currently in the base.
            let mine_retained = lost_stamp.is_none_or(|l| l.site != my_site);
            let (kept, lost) = (value_fr(&parse(&c.kept)), value_fr(&parse(&c.lost)));
            let (household, record) = describe_record(store, &c.table, c.record_id);
            let (mine, theirs, mine_by, theirs_by) = if mine_retained {
                (kept, lost, by(&kept_stamp), by(&lost_stamp))
            } else {
                (lost, kept, by(&lost_stamp), by(&kept_stamp))
            };
            ConflictRow {
                id: c.id,
                household,
                record,
                field: field_label_fr(&c.field).to_owned(),
                mine,
                mine_by,
                theirs,
                theirs_by,
                mine_retained,
            }
        })
        .collect();
    let mut employers: Vec<(Uuid, String)> = store
        .list::<Employer>()?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    employers.sort_by(|a, b| a.1.cmp(&b.1));
    let mut landlords: Vec<(Uuid, String)> = store
        .list::<Landlord>()?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    landlords.sort_by(|a, b| a.1.cmp(&b.1));
    let received_deletions = received_deletions(store, &partner_name)?;
    Ok(ExchangeData {
        identity,
        partners,
        households,
        log,
        conflicts,
        employers,
        landlords,
        received_deletions,
    })
}

/// The « Suppressions reçues » list: one group per packet and household.
fn received_deletions(
    store: &Store,
    partner_name: &HashMap<Uuid, String>,
) -> Result<Vec<ReceivedDeletion>, crate::store::StoreError> {
    let day = |rfc3339: &str| {
        DateTime::parse_from_rfc3339(rfc3339).map_or_else(
            |_| rfc3339.to_owned(),
            |d| d.with_timezone(&Local).format("%d/%m/%Y").to_string(),
        )
    };
    let mut groups: Vec<ReceivedDeletion> = Vec::new();
    for row in store.packet_deletions()? {
        let same = groups
            .iter_mut()
            .find(|g| g.packet_id == row.packet_id && g.household_id == row.household_id);
        let group = match same {
            Some(g) => g,
            None => {
                let household = match row.household_id {
                    Some(h) => store
                        .find::<Household>(h)?
                        .map_or_else(|| text::MENAGE_SUPPRIME.to_owned(), |h| h.label),
                    None => text::AUTRES_FICHES.to_owned(),
                };
                groups.push(ReceivedDeletion {
                    packet_id: row.packet_id,
                    household_id: row.household_id,
                    household,
                    records: Vec::new(),
                    partner: partner_name
                        .get(&row.partner_id)
                        .cloned()
                        .unwrap_or_else(|| text::UN_PARTENAIRE.to_owned()),
                    deleted_on: day(&row.deleted_at),
                    until: day(&row.until),
                });
                let Some(g) = groups.last_mut() else {
                    continue;
                };
                g
            }
        };
        // A deleted household is named by the label its kept content holds.
        if row.table == "households"
            && group.household == text::MENAGE_SUPPRIME
            && let Ok(Value::Object(data)) = serde_json::from_str::<Value>(&row.data)
            && let Some(label) = data.get("label").and_then(Value::as_str)
        {
            group.household = label.to_owned();
        }
        group.records.push(row.label);
    }
    Ok(groups)
}

/// (household label, record description) of a record, for the conflict screen.
fn describe_record(store: &Store, table: &str, id: Uuid) -> (String, String) {
    let household_label = |hid: Uuid| {
        store
            .find::<Household>(hid)
            .ok()
            .flatten()
            .map_or_else(|| text::MENAGE.to_owned(), |h| h.label)
    };
    let kind = redact::table_label_fr(table);
    match table {
        "households" => (household_label(id), text::FICHE_DU_MENAGE.to_owned()),
        "adults" => match store.find::<Adult>(id).ok().flatten() {
            Some(a) => (
                household_label(a.household_id),
                text::adulte_first_name_last_name(&a.first_name, &a.last_name),
            ),
            None => (kind.to_owned(), String::new()),
        },
        "children" => match store.find::<Child>(id).ok().flatten() {
            Some(c) => (
                household_label(c.household_id),
                text::enfant_first_name_last_name(&c.first_name, &c.last_name),
            ),
            None => (kind.to_owned(), String::new()),
        },
        _ => (kind.to_owned(), String::new()),
    }
}

/// The import preview, grouped per household.
fn import_preview(store: &Store, packet: &OpenedPacket, preview: &Preview) -> ImportPreview {
    let of = touched::households_of(&packet.lines);
    let mut labels: HashMap<Uuid, String> = HashMap::new();
    for l in &packet.lines {
        if l.table == "households"
            && let (Some(id), Some(label)) = (
                l.data
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| Uuid::parse_str(s).ok()),
                l.data.get("label").and_then(Value::as_str),
            )
        {
            labels.insert(id, label.to_owned());
        }
    }
    let mut groups: BTreeMap<String, HouseholdImport> = BTreeMap::new();
    let mut conflicts = Vec::new();
    let mut deletions = Vec::new();
    let mut refused = Vec::new();
    let mut information = Vec::new();
    let my_site = store.site_id();
    for item in &preview.items {
        // A deletion carries only an id: its household is the one in our base.
        let household = of
            .get(&item.id)
            .copied()
            .or_else(|| (item.table == "households").then_some(item.id));
        let label = match household {
            Some(h) => labels
                .get(&h)
                .cloned()
                .or_else(|| store.find::<Household>(h).ok().flatten().map(|h| h.label))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| text::MENAGE.to_owned()),
            None => text::DISPOSITIF_ET_REGISTRES_OFFRES_LOGEMENTS.to_owned(),
        };
        if item.refused.is_some() && item.table == "consents" {
            information.push(text::label_consentement_enregistre_chez(
                &label,
                &packet.sender.organisation,
            ));
            continue;
        }
        if let Some(reason) = &item.refused {
            refused.push(format!("{label} — {} : {reason}", item.label));
            continue;
        }
        if item.deletion {
            deletions.push(format!("{label} — {}", item.label));
            continue;
        }
        let g = groups
            .entry(label.clone())
            .or_insert_with(|| HouseholdImport {
                label: label.clone(),
                ..HouseholdImport::default()
            });
        if !item.conflicts.is_empty() {
            g.conflicting += 1;
            for c in &item.conflicts {
                let (mine, theirs) = if c.kept_stamp.site == my_site {
                    (&c.kept, &c.lost)
                } else {
                    (&c.lost, &c.kept)
                };
                conflicts.push(text::label_label_2_field_la_votre_mine_la(
                    &label,
                    &item.label,
                    field_label_fr(&c.field),
                    value_fr(mine),
                    value_fr(theirs),
                ));
            }
        } else {
            match item.kind {
                MergeKind::New => g.new += 1,
                MergeKind::Updated => g.updated += 1,
                MergeKind::Unchanged => g.unchanged += 1,
            }
        }
    }
    let m = &packet.manifest;
    let purpose = if m.purpose.is_empty() {
        String::new()
    } else {
        text::objet_purpose(&m.purpose)
    };
    ImportPreview {
        summary: preview.summary_fr(),
        already: preview.already_imported.is_some(),
        about: text::envoye_par_organisation_le_to_rfc3339(
            &packet.sender.organisation,
            date_fr(&m.created_at.to_rfc3339()),
            &purpose,
        ),
        households: groups.into_values().collect(),
        conflicts,
        deletions,
        refused,
        information,
    }
}

/// Title (also the key of the remembered folder), mode and extensions of the file chosen
/// for `purpose`: the same for the native dialog and the in-app chooser.
fn chooser_kind(purpose: FilePurpose) -> (&'static str, ChooserMode, &'static [&'static str]) {
    match purpose {
        FilePurpose::SaveCard => (
            text::OU_ENREGISTRER_VOTRE_CARTE_DE_CONTACT,
            ChooserMode::Save,
            &["card"],
        ),
        FilePurpose::OpenCard => (
            text::CARTE_DE_CONTACT_D_UN_PARTENAIRE,
            ChooserMode::Open,
            &["card", "json"],
        ),
        FilePurpose::SavePacket => (
            text::OU_ENREGISTRER_LE_PAQUET_CLE_USB,
            ChooserMode::Save,
            &["age"],
        ),
        FilePurpose::OpenPacket => (text::OUVRIR_UN_PAQUET_RECU, ChooserMode::Open, &["age"]),
        FilePurpose::SaveKey => (
            text::OU_ENREGISTRER_VOTRE_CLE_SECRETE_SUPPORT,
            ChooserMode::Save,
            &["txt"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::value_fr;

    #[test]
    fn a_structured_value_reads_as_labelled_parts_not_json() {
        let v = serde_json::json!({
            "max_rent_cents": 48000,
            "typology": "t3",
            "unique_number": null,
            "unique_number_date": "2024-07-15",
            "wished_communes": ["Vic-sur-Cère"]
        });
        let text = value_fr(&v);
        assert!(!text.contains('{') && !text.contains('"'), "{text}");
        assert!(text.contains("loyer maximal : 480,00 €"), "{text}");
        assert!(
            text.contains("date du numéro unique : 15/07/2024"),
            "{text}"
        );
        assert!(
            text.contains("communes souhaitées : Vic-sur-Cère"),
            "{text}"
        );
        assert!(
            !text.split(" ; ").any(|p| p.starts_with("numéro unique")),
            "empty parts are left out: {text}"
        );
    }
}
