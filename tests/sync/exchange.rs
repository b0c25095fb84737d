//! Case packets between two real encrypted installations: cards, export, preview, merge,
//! convergence of concurrent edits, redaction by role, consent, and every bad input of
//! DESIGN.md §8 (clear French message, database unchanged).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::merge::MergeKind;
use passerelle::domain::model::*;
use passerelle::domain::record::Stamped;
use passerelle::exchange::packet::{self, ExportRequest, PacketError};
use passerelle::exchange::redact;
use passerelle::store::records::Stored;
use passerelle::store::{KdfParams, Store, StorePaths};
use tempfile::TempDir;
use uuid::Uuid;

use crate::packet_fixture;
use packet_fixture::share_registries;

/// The real clock: a store's hybrid clock starts from it at creation, so a fixed test
/// clock in the past would make every stamp look "from the future".
fn now() -> DateTime<Utc> {
    Utc::now()
}

struct Site {
    _dir: TempDir,
    store: Store,
}

impl Site {
    fn new(org: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let paths = StorePaths::beside(dir.path().join("p.db"));
        let (mut store, _) = Store::create(&paths, "une phrase de test", KdfParams::FLOOR).unwrap();
        store.set_clock(Arc::new(now));
        packet::ensure_identity(&mut store, Some(org)).unwrap();
        Site { _dir: dir, store }
    }

    fn card(&self) -> packet::ContactCard {
        packet::identity(&self.store).unwrap().contact_card()
    }

    fn pin(&mut self, other: &Site, role: PartnerRole) -> Uuid {
        let card = packet::ContactCard::parse(&other.card().to_json()).unwrap();
        packet::add_partner(&mut self.store, &card, role, "")
            .unwrap()
            .id
    }

    fn households(&self) -> Vec<Uuid> {
        self.store
            .list::<Household>()
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect()
    }

    fn export(&mut self, to: Uuid, role: PartnerRole, households: &[Uuid]) -> Vec<u8> {
        packet::export(
            &mut self.store,
            &ExportRequest {
                partners: vec![to],
                role: Some(role),
                households: households.to_vec(),
                purpose: "test".into(),
                ..ExportRequest::default()
            },
        )
        .unwrap()
        .bytes
    }

    fn import(&mut self, bytes: &[u8]) -> packet::Preview {
        let opened = packet::open(&self.store, bytes, None).unwrap();
        packet::apply(&mut self.store, &opened).unwrap()
    }

    /// Opens and applies, expecting a refusal that leaves the database as it was.
    fn refuse(&mut self, bytes: &[u8], passphrase: Option<&str>) -> PacketError {
        let before = self.store.fingerprint().unwrap();
        let err = match packet::open(&self.store, bytes, passphrase) {
            Err(e) => e,
            Ok(p) => match packet::apply(&mut self.store, &p) {
                Err(e) => e,
                Ok(_) => panic!("accepted"),
            },
        };
        assert_eq!(
            self.store.fingerprint().unwrap(),
            before,
            "database changed"
        );
        let msg = err.to_string();
        assert!(
            msg.contains("paquet")
                || msg.contains("Paquet")
                || msg.contains("Fiche")
                || msg.contains("Fichier")
                || msg.contains("Phrase"),
            "not a clear French message: {msg}"
        );
        err
    }
}

/// Paris (with demo households) and Aurillac, each holding the other's card; Aurillac
/// holds Paris's programme and registries.
fn pair() -> (Site, Site, Uuid, Uuid) {
    pair_of(4)
}

/// [`pair`] with `households` demo households at Paris.
fn pair_of(households: usize) -> (Site, Site, Uuid, Uuid) {
    let mut paris = Site::new("Samu social de Paris");
    let mut aurillac = Site::new("Service insertion Aurillac");
    fill(
        &mut paris.store,
        &DemoOptions {
            households,
            seed: 7,
        },
    )
    .unwrap();
    share_registries(&paris.store, &mut aurillac.store);
    let to_aurillac = paris.pin(&aurillac, PartnerRole::Accompagnement);
    let to_paris = aurillac.pin(&paris, PartnerRole::Accompagnement);
    (paris, aurillac, to_aurillac, to_paris)
}

#[test]
fn contact_cards_check_their_fingerprint() {
    let site = Site::new("Mission locale");
    let card = site.card();
    assert_eq!(card.fingerprint.split(' ').count(), 8);
    let mut forged = card.clone();
    forged.age_recipient = Site::new("Autre").card().age_recipient;
    let err = packet::ContactCard::parse(&forged.to_json()).unwrap_err();
    assert!(err.to_string().contains("empreinte"), "{err}");
    assert!(packet::ContactCard::parse("pas une carte").is_err());
}

#[test]
fn a_packet_round_trips_then_replays_as_a_no_op() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh[..2]);

    let opened = packet::open(&aurillac.store, &bytes, None).unwrap();
    assert_eq!(opened.manifest.sender.organisation, "Samu social de Paris");
    let preview = packet::preview(&aurillac.store, &opened).unwrap();
    // Everything is new but the programme and registries, which Aurillac holds already.
    for i in &preview.items {
        let shared = [
            "programmes",
            "employers",
            "job_offers",
            "landlords",
            "housing_units",
        ]
        .contains(&i.table.as_str());
        let expected = if shared {
            MergeKind::Unchanged
        } else {
            MergeKind::New
        };
        assert_eq!(i.kind, expected, "{}", i.table);
    }
    assert_eq!(preview.refusals().count(), 0);
    let before = aurillac.store.fingerprint().unwrap();
    assert_eq!(
        aurillac.store.fingerprint().unwrap(),
        before,
        "preview writes nothing"
    );

    let applied = packet::apply(&mut aurillac.store, &opened).unwrap();
    assert!(applied.summary_fr().contains("nouvelle"));
    for h in &hh[..2] {
        assert_eq!(
            aurillac.store.get::<Household>(*h).unwrap(),
            paris.store.get::<Household>(*h).unwrap()
        );
        assert_eq!(
            aurillac.store.household_detail(*h).unwrap().adults,
            paris.store.household_detail(*h).unwrap().adults
        );
    }
    assert!(aurillac.store.find::<Household>(hh[2]).unwrap().is_none());
    let audit = aurillac.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].2, "import paquet");

    // Replay: nothing changes, not even the clock row.
    let after = aurillac.store.fingerprint().unwrap();
    let again = aurillac.import(&bytes);
    assert!(again.already_imported.is_some());
    assert!(again.summary_fr().contains("déjà été importé"));
    assert_eq!(aurillac.store.fingerprint().unwrap(), after);
}

/// The import writes the search entries and the cases' current stage at the end, in a
/// few statements (issue 17): the result must be what the sender holds.
#[test]
fn an_import_indexes_its_people_and_derives_case_stages_like_the_sender() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh);
    let applied = aurillac.import(&bytes);
    assert_eq!(applied.refusals().count(), 0);

    let mut compared = 0;
    for adult in paris.store.list::<Adult>().unwrap() {
        let hits = |store: &Store| {
            store
                .search(&adult.last_name, 100)
                .unwrap()
                .into_iter()
                .find(|h| h.record_id == adult.id)
        };
        let theirs = hits(&paris.store).expect("indexed at the sender");
        assert_eq!(hits(&aurillac.store), Some(theirs), "{}", adult.last_name);
        compared += 1;
    }
    assert!(compared > 0);
    for h in &hh {
        let hit = aurillac
            .store
            .search(&paris.store.get::<Household>(*h).unwrap().label, 100)
            .unwrap();
        assert!(hit.iter().any(|x| x.record_id == *h), "household {h}");
    }

    let programme = paris.store.list::<Programme>().unwrap()[0].id;
    let stages = |store: &Store| -> Vec<(Uuid, Option<Uuid>)> {
        store
            .programme_cases(programme)
            .unwrap()
            .iter()
            .map(|c| (c.case.id, c.current.map(|s| s.stage_id)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let sent = stages(&paris.store);
    assert!(
        sent.iter().any(|(_, s)| s.is_some()),
        "cases with a history"
    );
    assert_eq!(stages(&aurillac.store), sent);
}

/// A new record is written by a plain insert (the import read in one query that it is
/// absent): a hand-built packet carrying it twice still merges the second line with the
/// first, as when each line read the base.
#[test]
fn a_record_twice_in_a_hand_built_packet_merges_with_itself() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh[..1]);
    let mut opened = packet::open(&aurillac.store, &bytes, None).unwrap();
    let twice = opened
        .lines
        .iter()
        .find(|l| l.table == "households")
        .unwrap()
        .clone();
    opened.lines.push(twice);
    let applied = packet::apply(&mut aurillac.store, &opened).unwrap();
    let kinds: Vec<MergeKind> = applied
        .items
        .iter()
        .filter(|i| i.id == hh[0])
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds, vec![MergeKind::New, MergeKind::Unchanged]);
    assert_eq!(
        aurillac.store.get::<Household>(hh[0]).unwrap(),
        paris.store.get::<Household>(hh[0]).unwrap()
    );
}

#[test]
fn concurrent_edits_converge_and_the_conflict_is_shown_once() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    let first = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    aurillac.import(&first);

    // Both edit the same field differently, and each another field.
    let mut mine = paris.store.get::<Household>(h).unwrap();
    mine.commune = "Saint-Flour".into();
    mine.referent = "Référente Paris".into();
    paris.store.write(|tx| tx.put(&mine).map(|_| ())).unwrap();
    let mut theirs = aurillac.store.get::<Household>(h).unwrap();
    theirs.commune = "Aurillac".into();
    theirs.origin = "Orientation Aurillac".into();
    aurillac
        .store
        .write(|tx| tx.put(&theirs).map(|_| ()))
        .unwrap();

    let to_a = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    // Consents are never taken from a partner: Aurillac records the household's own.
    consent(&mut aurillac.store, h, PartnerRole::Accompagnement);
    let to_p = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let at_a = aurillac.import(&to_a);
    let at_p = paris.import(&to_p);

    let a = aurillac.store.get::<Household>(h).unwrap();
    let p = paris.store.get::<Household>(h).unwrap();
    assert_eq!(a, p, "the two installations converge");
    assert_eq!(a.referent, "Référente Paris");
    assert_eq!(a.origin, "Orientation Aurillac");
    let conflicts = |pv: &packet::Preview| -> Vec<String> {
        pv.items
            .iter()
            .flat_map(|i| i.conflicts.iter().map(|c| c.field.clone()))
            .collect()
    };
    // Only "commune", edited on both sides, is a conflict: "origin" (Aurillac replaced
    // the value it had received from Paris) and "referent" (Paris's own newer edit) are
    // ordinary updates.
    assert_eq!(conflicts(&at_a), ["commune"]);
    assert_eq!(conflicts(&at_p), ["commune"]);
    // Kept for "keep mine / take theirs", on each side.
    assert_eq!(aurillac.store.open_conflicts().unwrap().len(), 1);
    assert_eq!(paris.store.open_conflicts().unwrap().len(), 1);

    // Aurillac takes Paris's commune (the value that lost there), keeps its own origin;
    // after one more exchange both hold the chosen values, with no new conflict.
    let kept = a.commune.clone();
    for c in aurillac.store.open_conflicts().unwrap() {
        let take = c.field == "commune";
        packet::resolve_conflict(&mut aurillac.store, c.id, take).unwrap();
    }
    assert!(aurillac.store.open_conflicts().unwrap().is_empty());
    let chosen = aurillac.store.get::<Household>(h).unwrap();
    assert_ne!(chosen.commune, kept);
    assert_eq!(chosen.origin, "Orientation Aurillac");
    let back = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    paris.import(&back);
    assert_eq!(paris.store.get::<Household>(h).unwrap(), chosen);
}

#[test]
fn a_deleted_household_is_not_brought_back_by_a_packet() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    aurillac.import(&bytes);
    aurillac
        .store
        .write(|tx| tx.delete::<Household>(h))
        .unwrap();
    let mut edited = paris.store.get::<Household>(h).unwrap();
    edited.commune = "Mauriac".into();
    paris.store.write(|tx| tx.put(&edited).map(|_| ())).unwrap();
    let again = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let preview = aurillac.import(&again);
    let item = preview.items.iter().find(|i| i.id == h).unwrap();
    assert_eq!(item.kind, MergeKind::Unchanged);
    assert!(aurillac.store.find::<Household>(h).unwrap().is_none());
}

#[test]
fn export_needs_consent_for_the_partner_or_its_role() {
    let (mut paris, aurillac, _, _) = pair();
    let employer = paris.pin(&aurillac, PartnerRole::Employeur);
    let h = paris.households()[0];
    let req = ExportRequest {
        partners: vec![employer],
        role: Some(PartnerRole::Employeur),
        households: vec![h],
        ..ExportRequest::default()
    };
    let before = paris.store.fingerprint().unwrap();
    let err = packet::export(&mut paris.store, &req).unwrap_err();
    assert!(matches!(err, PacketError::NoConsent { .. }));
    let msg = err.to_string();
    assert!(msg.starts_with("Export refusé"), "{msg}");
    let label = paris.store.get::<Household>(h).unwrap().label;
    assert!(msg.ends_with(&label), "personal data goes last: {msg}");
    assert_eq!(paris.store.fingerprint().unwrap(), before);
}

/// The bypass of issue 13: an employer pinned as « employeur », a household that only
/// consented to accompaniment. Asking for the accompanying role does not help: the role
/// is the pinned one, and the consent does not cover it.
#[test]
fn an_employer_with_only_an_accompaniment_consent_is_refused_whatever_role_is_asked() {
    let (mut paris, aurillac, _, _) = pair();
    let employer = paris.pin(&aurillac, PartnerRole::Employeur);
    let h = paris.households()[0];
    let consents: Vec<Consent> = paris.store.list_by("household_id", h).unwrap();
    assert!(
        consents
            .iter()
            .any(|c| c.role == Some(PartnerRole::Accompagnement)),
        "the demo household has an accompaniment consent"
    );
    let before = paris.store.fingerprint().unwrap();
    for asked in [None, Some(PartnerRole::Accompagnement)] {
        let req = ExportRequest {
            partners: vec![employer],
            role: asked,
            households: vec![h],
            ..ExportRequest::default()
        };
        let err = packet::export(&mut paris.store, &req).unwrap_err();
        match asked {
            None => assert!(matches!(err, PacketError::NoConsent { .. }), "{err:?}"),
            Some(_) => {
                assert!(matches!(err, PacketError::RoleNotPinned { .. }), "{err:?}");
                assert!(
                    err.to_string().contains("épinglé comme « Employeur »"),
                    "{err}"
                );
            }
        }
        assert!(packet::collect(&paris.store, &req).is_err());
    }
    assert_eq!(
        paris.store.fingerprint().unwrap(),
        before,
        "nothing written"
    );
    // A consent naming another partner does not cover this one either.
    let other = Site::new("Autre employeur");
    let other = paris.pin(&other, PartnerRole::Employeur);
    paris
        .store
        .write(|tx| {
            tx.put(&Consent {
                id: Uuid::new_v4(),
                household_id: h,
                partner_id: Some(other),
                role: Some(PartnerRole::Employeur),
                given_on: now().date_naive(),
                scope: "Autre employeur".into(),
                method: ConsentMethod::EcritSigne,
                expires_on: None,
                withdrawn_on: None,
            })
            .map(|_| ())
        })
        .unwrap();
    let req = ExportRequest {
        partners: vec![employer],
        households: vec![h],
        ..ExportRequest::default()
    };
    assert!(matches!(
        packet::export(&mut paris.store, &req),
        Err(PacketError::NoConsent { .. })
    ));
    // With a consent to the employer role, the packet leaves, redacted for it.
    consent(&mut paris.store, h, PartnerRole::Employeur);
    let exported = packet::export(&mut paris.store, &req).unwrap();
    assert!(
        exported
            .manifest
            .recipients
            .iter()
            .all(|r| r.role == PartnerRole::Employeur)
    );
}

#[test]
fn a_passphrase_packet_needs_its_role_a_role_consent_and_a_long_passphrase() {
    let (mut paris, _, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let req = |role, pass: &str| ExportRequest {
        role,
        households: vec![h],
        passphrase: Some(zeroize::Zeroizing::new(pass.into())),
        scrypt_log_n: Some(10),
        ..ExportRequest::default()
    };
    let long = "cheval agrafe pile";
    for (r, expect) in [
        (req(None, long), "rôle"),
        (req(Some(PartnerRole::Accompagnement), ""), "trop courte"),
        (req(Some(PartnerRole::Accompagnement), "x"), "trop courte"),
        (
            req(Some(PartnerRole::Accompagnement), "onze carac."),
            "trop courte",
        ),
        (req(Some(PartnerRole::Employeur), long), "consentement"),
        (
            ExportRequest {
                partners: vec![to_aurillac],
                ..req(Some(PartnerRole::Accompagnement), long)
            },
            "aucun partenaire",
        ),
    ] {
        let err = packet::export(&mut paris.store, &r).unwrap_err();
        assert!(err.to_string().contains(expect), "{expect}: {err}");
    }
    packet::export(
        &mut paris.store,
        &req(Some(PartnerRole::Accompagnement), long),
    )
    .unwrap();
}

fn consent(store: &mut Store, household: Uuid, role: PartnerRole) {
    store
        .write(|tx| {
            tx.put(&Consent {
                id: Uuid::new_v4(),
                household_id: household,
                partner_id: None,
                role: Some(role),
                given_on: now().date_naive(),
                scope: "Dossier".into(),
                method: ConsentMethod::EcritSigne,
                expires_on: None,
                withdrawn_on: None,
            })
            .map(|_| ())
        })
        .unwrap();
}

/// The ids a recipient holds our records under: ours, but for a funder its keyed
/// pseudonyms (issue 13), which the test reads from the sender's base.
fn mapping(role: PartnerRole, recipient: Uuid, source: &Store) -> Option<redact::Pseudonyms> {
    (role == PartnerRole::Financeur).then(|| {
        let funder: Partner = source.get(recipient).unwrap();
        packet::funder_pseudonyms(source, Some(&funder)).unwrap()
    })
}

fn mapped(map: Option<&redact::Pseudonyms>, id: Uuid) -> Uuid {
    map.map_or(id, |m| m.id(id))
}

fn assert_projection<R: Stored + PartialEq + std::fmt::Debug>(
    role: PartnerRole,
    recipient: Uuid,
    source: &Store,
    target: &Store,
    ids: &[Uuid],
) {
    let map = mapping(role, recipient, source);
    for id in ids {
        let expected = redact::project_for(
            role,
            R::TABLE,
            false,
            map.as_ref(),
            &source.get::<R>(*id).unwrap(),
        );
        let got = target.find::<R>(mapped(map.as_ref(), *id)).unwrap();
        assert_eq!(got, expected, "{} {role:?}", R::TABLE);
        if map.is_some() {
            assert!(
                target.find::<R>(*id).unwrap().is_none(),
                "our id at a funder"
            );
        }
    }
}

/// Like [`assert_projection`] for every record of a table whose rows may also be filtered
/// by role (proposals: an employer gets the job ones, a landlord the housing ones). Returns
/// how many records travelled.
fn assert_row_projection<R: Stored + PartialEq + std::fmt::Debug>(
    role: PartnerRole,
    recipient: Uuid,
    source: &Store,
    target: &Store,
) -> usize {
    let map = mapping(role, recipient, source);
    let mut travelled = 0;
    for record in source.list::<R>().unwrap() {
        let serde_json::Value::Object(data) = serde_json::to_value(&record).unwrap() else {
            panic!("object")
        };
        let id = Uuid::parse_str(data["id"].as_str().unwrap()).unwrap();
        let expected = if redact::row_allowed(role, R::TABLE, &data) {
            redact::project_for(role, R::TABLE, false, map.as_ref(), &record)
        } else {
            None
        };
        travelled += usize::from(expected.is_some());
        assert_eq!(
            target.find::<R>(mapped(map.as_ref(), id)).unwrap(),
            expected,
            "{} {role:?}",
            R::TABLE
        );
    }
    travelled
}

/// Registries travel only as pointed at by what travelled, projected on the allowlist.
fn assert_registries(role: PartnerRole, source: &Store, target: &Store) {
    let mut offers: Vec<Uuid> = target
        .list::<Proposal>()
        .unwrap()
        .iter()
        .filter_map(|p| p.offer_id)
        .collect();
    offers.extend(
        target
            .list::<EmploymentFollowUp>()
            .unwrap()
            .iter()
            .filter_map(|f| f.offer_id),
    );
    let mut units: Vec<Uuid> = target
        .list::<Proposal>()
        .unwrap()
        .iter()
        .filter_map(|p| p.unit_id)
        .collect();
    units.extend(
        target
            .list::<RelayStay>()
            .unwrap()
            .iter()
            .map(|s| s.unit_id),
    );
    for id in &offers {
        let offer: JobOffer = source.get(*id).unwrap();
        assert_eq!(
            target.find::<JobOffer>(*id).unwrap(),
            redact::project(role, "job_offers", false, &offer)
        );
        assert!(
            target
                .find::<Employer>(offer.employer_id)
                .unwrap()
                .is_some()
        );
    }
    for id in &units {
        let unit: HousingUnit = source.get(*id).unwrap();
        assert_eq!(
            target.find::<HousingUnit>(*id).unwrap(),
            redact::project(role, "housing_units", false, &unit)
        );
        assert!(target.find::<Landlord>(unit.landlord_id).unwrap().is_some());
    }
    offers.sort();
    offers.dedup();
    units.sort();
    units.dedup();
    assert_eq!(
        target.list::<JobOffer>().unwrap().len(),
        offers.len(),
        "only pointed offers"
    );
    assert_eq!(
        target.list::<HousingUnit>().unwrap().len(),
        units.len(),
        "only pointed units"
    );
}

fn put_line<R: Stored>(tx: &passerelle::store::Tx<'_>, line: &packet::RecordLine) {
    let record: R = serde_json::from_value(serde_json::Value::Object(line.data.clone())).unwrap();
    tx.put_merged(&Stamped {
        record,
        stamps: line.stamps.clone(),
        deleted_at: line.deleted_at,
    })
    .unwrap();
}

/// Everything a recipient can reconstruct from a packet: each line written as it is,
/// whatever the import would take (registries included).
fn reconstruct(target: &mut Store, bytes: &[u8]) {
    let lines = packet::open(target, bytes, None).unwrap().lines;
    reconstruct_lines(target, &lines);
}

/// [`reconstruct`] from lines already read.
fn reconstruct_lines(target: &mut Store, lines: &[packet::RecordLine]) {
    target
        .write(|tx| {
            for l in lines {
                match l.table.as_str() {
                    "programmes" => put_line::<Programme>(tx, l),
                    "households" => put_line::<Household>(tx, l),
                    "adults" => put_line::<Adult>(tx, l),
                    "children" => put_line::<Child>(tx, l),
                    "cases" => put_line::<Case>(tx, l),
                    "stage_events" => put_line::<StageEvent>(tx, l),
                    "tutors" => put_line::<Tutor>(tx, l),
                    "document_items" => put_line::<DocumentItem>(tx, l),
                    "appointments" => put_line::<Appointment>(tx, l),
                    "attendances" => put_line::<Attendance>(tx, l),
                    "notes" => put_line::<Note>(tx, l),
                    "consents" => put_line::<Consent>(tx, l),
                    "employers" => put_line::<Employer>(tx, l),
                    "job_offers" => put_line::<JobOffer>(tx, l),
                    "landlords" => put_line::<Landlord>(tx, l),
                    "housing_units" => put_line::<HousingUnit>(tx, l),
                    "proposals" => put_line::<Proposal>(tx, l),
                    "relay_stays" => put_line::<RelayStay>(tx, l),
                    "employment_follow_ups" => put_line::<EmploymentFollowUp>(tx, l),
                    other => panic!("table {other}"),
                }
            }
            Ok(())
        })
        .unwrap();
}

/// What a recipient can reconstruct from an export equals the projection of the source
/// on the role's allowlist, for every role and every household of several generated data
/// sets (DESIGN.md §8). (The import takes less: never a consent nor a registry record.)
#[test]
fn import_of_an_export_is_the_projection_on_the_role_allowlist() {
    // The larger data set has proposals of both kinds, relay stays and follow-ups.
    for (seed, households) in [(1, 3), (2, 14)] {
        for role in PartnerRole::ALL {
            let mut src = Site::new("Source");
            let mut dst = Site::new("Destinataire");
            fill(&mut src.store, &DemoOptions { households, seed }).unwrap();
            let to = src.pin(&dst, *role);
            dst.pin(&src, PartnerRole::Accompagnement);
            let hh = src.households();
            for h in &hh {
                consent(&mut src.store, *h, *role);
            }
            let bytes = src.export(to, *role, &hh);
            reconstruct(&mut dst.store, &bytes);
            assert_projection::<Household>(*role, to, &src.store, &dst.store, &hh);
            let adults: Vec<Uuid> = src
                .store
                .list::<Adult>()
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            assert_projection::<Adult>(*role, to, &src.store, &dst.store, &adults);
            let children: Vec<Uuid> = src
                .store
                .list::<Child>()
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            assert_projection::<Child>(*role, to, &src.store, &dst.store, &children);
            let cases: Vec<Uuid> = src
                .store
                .list::<Case>()
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            assert_projection::<Case>(*role, to, &src.store, &dst.store, &cases);
            let notes: Vec<Uuid> = src
                .store
                .list::<Note>()
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            assert_projection::<Note>(*role, to, &src.store, &dst.store, &notes);
            let proposals = assert_row_projection::<Proposal>(*role, to, &src.store, &dst.store);
            let stays = assert_row_projection::<RelayStay>(*role, to, &src.store, &dst.store);
            let follow_ups =
                assert_row_projection::<EmploymentFollowUp>(*role, to, &src.store, &dst.store);
            assert_registries(*role, &src.store, &dst.store);
            // What each role receives of the job and housing sides.
            let job_proposals = dst
                .store
                .list::<Proposal>()
                .unwrap()
                .iter()
                .filter(|p| p.offer_id.is_some())
                .count();
            match role {
                PartnerRole::Accompagnement => {
                    assert_eq!(proposals, src.store.list::<Proposal>().unwrap().len());
                }
                PartnerRole::Employeur => {
                    assert_eq!(stays, 0, "an employer gets no housing");
                    assert_eq!(job_proposals, proposals);
                    assert!(dst.store.list::<HousingUnit>().unwrap().is_empty());
                }
                PartnerRole::Bailleur => {
                    assert_eq!(job_proposals, 0, "a landlord gets no job proposals");
                    assert_eq!(follow_ups, 0);
                    assert!(dst.store.list::<JobOffer>().unwrap().is_empty());
                }
                PartnerRole::Financeur => {
                    assert_eq!(proposals + stays, 0);
                    assert!(
                        dst.store
                            .list::<EmploymentFollowUp>()
                            .unwrap()
                            .iter()
                            .all(|f| f.notes.is_empty() && f.offer_id.is_none())
                    );
                    assert!(dst.store.list::<Employer>().unwrap().is_empty());
                    // Adults reach a funder anonymous: no name, no birth date, no contact.
                    assert!(dst.store.list::<Adult>().unwrap().iter().all(|a| {
                        a.first_name.is_empty()
                            && a.last_name == redact::ANONYMOUS
                            && a.birth_date.is_none()
                            && a.phone.is_empty()
                    }));
                }
            }
            if *role == PartnerRole::Employeur {
                for h in &hh {
                    assert!(dst.store.get::<Household>(*h).unwrap().resources.is_empty());
                }
            }
        }
    }
}

#[test]
fn a_passphrase_packet_is_the_fallback_and_a_wrong_passphrase_is_refused() {
    let (mut paris, mut aurillac, _, _) = pair();
    let h = paris.households()[0];
    let exported = packet::export(
        &mut paris.store,
        &ExportRequest {
            role: Some(PartnerRole::Accompagnement),
            households: vec![h],
            passphrase: Some(zeroize::Zeroizing::new("cheval agrafe pile".into())),
            scrypt_log_n: Some(10),
            armor: true,
            ..ExportRequest::default()
        },
    )
    .unwrap();
    assert!(
        exported
            .bytes
            .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    );
    let err = aurillac.refuse(&exported.bytes, None);
    assert!(matches!(err, PacketError::PassphraseNeeded));
    let err = aurillac.refuse(&exported.bytes, Some("mauvaise phrase"));
    assert!(matches!(err, PacketError::WrongPassphrase), "{err:?}");
    let opened =
        packet::open(&aurillac.store, &exported.bytes, Some("cheval agrafe pile")).unwrap();
    packet::apply(&mut aurillac.store, &opened).unwrap();
    assert!(aurillac.store.find::<Household>(h).unwrap().is_some());
}

// --- Bad input ---------------------------------------------------------------------------

/// The plaintext archive of a valid packet from Paris to Aurillac, to tamper with.
fn files_of(aurillac: &Site, bytes: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let me = packet::identity(&aurillac.store).unwrap();
    let plain = packet::decrypt(bytes, Some(me.age_identity()), None).unwrap();
    let files = packet::parse_archive(&plain).unwrap();
    (
        files["manifest.json"].clone(),
        files["records.jsonl"].clone(),
        files["manifest.json.minisig"].clone(),
    )
}

fn seal(aurillac: &Site, files: &[(&str, &[u8])]) -> Vec<u8> {
    let tar = packet::build_archive(files, 0).unwrap();
    packet::encrypt_to(&tar, &[aurillac.card().age_recipient], false).unwrap()
}

/// Re-signs a modified manifest with Paris's key (a signer Aurillac trusts).
fn resign(paris: &Site, manifest: &[u8]) -> Vec<u8> {
    packet::identity(&paris.store)
        .unwrap()
        .sign_manifest(manifest, Uuid::new_v4())
        .unwrap()
        .into_bytes()
}

fn with_manifest(
    paris: &Site,
    aurillac: &Site,
    bytes: &[u8],
    edit: impl FnOnce(&mut serde_json::Value),
    records: Option<&[u8]>,
) -> Vec<u8> {
    let (manifest, recs, _) = files_of(aurillac, bytes);
    let recs = records.map_or(recs, <[u8]>::to_vec);
    let mut m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    edit(&mut m);
    let manifest = serde_json::to_vec(&m).unwrap();
    let sig = resign(paris, &manifest);
    seal(
        aurillac,
        &[
            ("manifest.json", &manifest),
            ("records.jsonl", &recs),
            ("manifest.json.minisig", &sig),
        ],
    )
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn damaged_packets_are_refused_with_the_database_unchanged() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh);

    let err = aurillac.refuse(&bytes[..bytes.len() / 2], None);
    assert!(matches!(err, PacketError::Damaged(_)), "truncated: {err:?}");
    let mut flipped = bytes.clone();
    let i = flipped.len() - 100;
    flipped[i] ^= 0x01;
    let err = aurillac.refuse(&flipped, None);
    assert!(matches!(err, PacketError::Damaged(_)), "bit flip: {err:?}");
    let err = aurillac.refuse(b"bonjour", None);
    assert!(matches!(err, PacketError::Damaged(_)), "not age: {err:?}");
    let err = aurillac.refuse(&vec![0u8; packet::MAX_PACKET_BYTES + 1], None);
    assert!(
        matches!(err, PacketError::TooLarge { .. }),
        "oversized: {err:?}"
    );
}

#[test]
fn packets_for_others_or_from_strangers_are_refused() {
    let (mut paris, mut aurillac, _, _) = pair();
    let mut cantal = Site::new("Bailleur du Cantal");
    let to_cantal = paris.pin(&cantal, PartnerRole::Accompagnement);
    let h = paris.households()[0];
    let for_cantal = paris.export(to_cantal, PartnerRole::Accompagnement, &[h]);
    let err = aurillac.refuse(&for_cantal, None);
    assert!(matches!(err, PacketError::NotForUs), "{err:?}");
    assert!(err.to_string().contains("pas adressé"));

    // Cantal writes to Aurillac, which never pinned Cantal's card.
    fill(
        &mut cantal.store,
        &DemoOptions {
            households: 1,
            seed: 3,
        },
    )
    .unwrap();
    let to_aurillac = cantal.pin(&aurillac, PartnerRole::Accompagnement);
    let hc = cantal.households()[0];
    let stranger = cantal.export(to_aurillac, PartnerRole::Accompagnement, &[hc]);
    let err = aurillac.refuse(&stranger, None);
    assert!(matches!(err, PacketError::UnknownSigner(_)), "{err:?}");
    assert!(err.to_string().contains("clé inconnue"));
}

#[test]
fn tampered_manifests_and_records_are_refused() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh);
    let (manifest, records, sig) = files_of(&aurillac, &bytes);

    // Manifest changed after signing: bad signature.
    let mut m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    m["purpose"] = "autre chose".into();
    let changed = serde_json::to_vec(&m).unwrap();
    let forged = seal(
        &aurillac,
        &[
            ("manifest.json", &changed),
            ("records.jsonl", &records),
            ("manifest.json.minisig", &sig),
        ],
    );
    assert!(matches!(
        aurillac.refuse(&forged, None),
        PacketError::BadSignature
    ));

    // Records changed: the signed hash no longer matches.
    let mut other = records.clone();
    other.extend_from_slice(b"\n");
    other[10] ^= 0x20;
    let forged = seal(
        &aurillac,
        &[
            ("manifest.json", &manifest),
            ("records.jsonl", &other),
            ("manifest.json.minisig", &sig),
        ],
    );
    assert!(matches!(
        aurillac.refuse(&forged, None),
        PacketError::BadManifest(_)
    ));

    // Newer format, newer schema.
    let newer = with_manifest(
        &paris,
        &aurillac,
        &bytes,
        |m| m["format_version"] = 99.into(),
        None,
    );
    let err = aurillac.refuse(&newer, None);
    assert!(
        matches!(err, PacketError::NewerFormat { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("plus récente"));
    let newer = with_manifest(
        &paris,
        &aurillac,
        &bytes,
        |m| m["schema_version"] = 999.into(),
        None,
    );
    assert!(matches!(
        aurillac.refuse(&newer, None),
        PacketError::NewerSchema { .. }
    ));

    // Malformed JSON, invalid UTF-8, unknown table, stamps from the future: each with a
    // correct hash and signature, so that the record check itself refuses them.
    let line = String::from_utf8(records.clone()).unwrap();
    let first = line.lines().next().unwrap().to_owned();
    let future_ms: u64 = (now().timestamp_millis() as u64 + 3 * 86_400_000) << 16;
    let future = {
        let mut v: serde_json::Value = serde_json::from_str(&first).unwrap();
        v["base"]["hlc"] = future_ms.into();
        serde_json::to_string(&v).unwrap()
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"{pas du json\n".to_vec(), "JSON invalide"),
        (vec![b'{', 0xff, 0xfe, b'}', b'\n'], "UTF-8"),
        (
            first
                .replace("\"table\":\"programmes\"", "\"table\":\"secrets\"")
                .into_bytes(),
            "table inconnue",
        ),
        (future.into_bytes(), "futur"),
    ];
    for (recs, expected) in cases {
        let table = serde_json::from_slice::<serde_json::Value>(&recs)
            .ok()
            .and_then(|v| v["table"].as_str().map(str::to_owned));
        let packet = with_manifest(
            &paris,
            &aurillac,
            &bytes,
            |m| {
                m["files"]["records.jsonl"] = sha(&recs).into();
                m["counts"] = serde_json::json!({});
                if let Some(t) = &table {
                    m["counts"][t] = 1.into();
                }
            },
            Some(&recs),
        );
        let err = aurillac.refuse(&packet, None);
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }

    // An oversized line.
    let huge = vec![b'a'; packet::MAX_LINE_BYTES + 1];
    let packet = with_manifest(
        &paris,
        &aurillac,
        &bytes,
        |m| m["files"]["records.jsonl"] = sha(&huge).into(),
        Some(&huge),
    );
    assert!(matches!(
        aurillac.refuse(&packet, None),
        PacketError::TooLarge { .. }
    ));
}

/// A tar entry with a raw name and type, bypassing the `tar` crate's own path checks.
fn raw_entry(name: &[u8], kind: tar::EntryType, data: &[u8]) -> Vec<u8> {
    let mut header = tar::Header::new_old();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_entry_type(kind);
    if kind == tar::EntryType::Symlink {
        header.set_link_name("/etc/passwd").unwrap();
    }
    header.set_cksum();
    let mut out = header.as_bytes().to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out
}

#[test]
fn hostile_archives_are_refused() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let (manifest, records, sig) = files_of(&aurillac, &bytes);
    let recipient = aurillac.card().age_recipient;
    let good = |extra: Vec<u8>| {
        let mut tar = Vec::new();
        tar.extend(raw_entry(
            b"manifest.json",
            tar::EntryType::Regular,
            &manifest,
        ));
        tar.extend(raw_entry(
            b"records.jsonl",
            tar::EntryType::Regular,
            &records,
        ));
        tar.extend(raw_entry(
            b"manifest.json.minisig",
            tar::EntryType::Regular,
            &sig,
        ));
        tar.extend(extra);
        tar.extend([0u8; 1024]);
        packet::encrypt_to(&tar, std::slice::from_ref(&recipient), false).unwrap()
    };
    // The honest layout passes (so that the refusals below are about the extra entry).
    let honest = good(Vec::new());
    packet::open(&aurillac.store, &honest, None).unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            raw_entry(b"../evil", tar::EntryType::Regular, b"x"),
            "dangereux",
        ),
        (
            raw_entry(b"/etc/evil", tar::EntryType::Regular, b"x"),
            "dangereux",
        ),
        (raw_entry(b"lien", tar::EntryType::Symlink, b""), "lien"),
        (
            raw_entry(b"manifest.json", tar::EntryType::Regular, &manifest),
            "double",
        ),
        (
            raw_entry(b"autre.txt", tar::EntryType::Regular, b"x"),
            "inconnu",
        ),
        (
            raw_entry(b"dossier/", tar::EntryType::Directory, b""),
            "dossier",
        ),
    ];
    for (extra, expected) in cases {
        let sealed = good(extra);
        let err = aurillac.refuse(&sealed, None);
        assert!(
            matches!(err, PacketError::BadArchive(_)),
            "{expected}: {err:?}"
        );
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
}

#[test]
fn an_absurd_scrypt_work_factor_is_refused_at_once() {
    let (paris, mut aurillac, _, _) = pair();
    let _ = paris;
    let sealed = packet::encrypt_with_passphrase(b"x", "phrase", Some(10), false).unwrap();
    let text = sealed.clone();
    let pos = text.windows(8).position(|w| w == b"-> scryp").unwrap();
    let line_end = pos + text[pos..].iter().position(|b| *b == b'\n').unwrap();
    let mut forged = text[..pos].to_vec();
    let line = String::from_utf8(text[pos..line_end].to_vec()).unwrap();
    let forged_line = line
        .rsplit_once(' ')
        .map(|(a, _)| format!("{a} 40"))
        .unwrap();
    forged.extend_from_slice(forged_line.as_bytes());
    forged.extend_from_slice(&text[line_end..]);
    let started = std::time::Instant::now();
    let err = aurillac.refuse(&forged, Some("phrase"));
    assert!(matches!(err, PacketError::ExcessiveWork), "{err:?}");
    assert!(started.elapsed().as_secs() < 2);
}

// --- Interop -------------------------------------------------------------------------------

fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

/// Standard tools open a packet: `age -d`, then `tar x`, then `minisign -V`. Required
/// in CI (`PASSERELLE_REQUIRE_EXTERNAL=1`, after `.ci/run` installs age and minisign).
#[test]
fn standard_tools_open_a_packet() {
    if !(has("age") && has("minisign")) {
        assert!(
            std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
            "age and minisign (Debian packages) are required here but not installed"
        );
        eprintln!("SKIPPED: age or minisign not installed (apt-get install age minisign)");
        return;
    }
    let (mut paris, aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paquet.age");
    let exported = packet::export(
        &mut paris.store,
        &ExportRequest {
            partners: vec![to_aurillac],
            role: Some(PartnerRole::Accompagnement),
            households: hh,
            armor: true,
            ..ExportRequest::default()
        },
    )
    .unwrap();
    packet::write_file(&path, &exported.bytes).unwrap();
    // The identity file as the README tells a worker to write it.
    let key = dir.path().join("ma-cle-age.txt");
    let mut aurillac = aurillac;
    packet::export_age_identity(&mut aurillac.store, &key).unwrap();
    let tar = dir.path().join("paquet.tar");
    let run = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg("-o")
        .arg(&tar)
        .arg(&path));
    let x = dir.path().join("x");
    std::fs::create_dir(&x).unwrap();
    run(Command::new("tar").arg("xf").arg(&tar).arg("-C").arg(&x));
    let pk = paris.card().minisign_public_key;
    let out = run(Command::new("minisign")
        .arg("-V")
        .arg("-P")
        .arg(&pk)
        .arg("-m")
        .arg(x.join("manifest.json")));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("verified"), "{text}");
    assert!(
        text.contains(&exported.manifest.packet_id.to_string()),
        "{text}"
    );
    let records = std::fs::read(x.join("records.jsonl")).unwrap();
    assert_eq!(sha(&records), exported.manifest.files["records.jsonl"]);
    assert!(Path::new(&x.join("manifest.json.minisig")).exists());
}

/// A poor man's fuzzing of the reader behind the encryption: random byte flips and
/// truncations of a valid archive, resealed to the recipient, never panic and never
/// reach the database (cargo-fuzz targets are still to be written).
#[test]
fn mutated_archives_never_panic_nor_write() {
    use rand::{Rng, SeedableRng};
    let (mut paris, aurillac, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let me = packet::identity(&aurillac.store).unwrap();
    let plain = packet::decrypt(&bytes, Some(me.age_identity()), None).unwrap();
    let recipient = aurillac.card().age_recipient;
    let before = aurillac.store.fingerprint().unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(6);
    let mut refused = 0;
    for _ in 0..300 {
        let mut m = plain.clone();
        match rng.random_range(0..3) {
            0 => {
                let i = rng.random_range(0..m.len());
                m[i] ^= 1 << rng.random_range(0..8);
            }
            1 => m.truncate(rng.random_range(0..m.len())),
            _ => {
                let i = rng.random_range(0..m.len());
                let j = (i + rng.random_range(1..64)).min(m.len());
                for b in &mut m[i..j] {
                    *b = rng.random();
                }
            }
        }
        let sealed = packet::encrypt_to(&m, std::slice::from_ref(&recipient), false).unwrap();
        if packet::open(&aurillac.store, &sealed, None).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 250, "only {refused} of 300 mutations refused");
    assert_eq!(aurillac.store.fingerprint().unwrap(), before);
}

/// The households an import changes are marked « modifié depuis votre dernière visite »
/// in the same transaction; the mark goes when the household is opened; a replay and a
/// packet that changes nothing leave no mark.
#[test]
fn an_import_marks_the_households_it_changes_until_opened() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh[..2]);
    aurillac.import(&bytes);
    let marks = aurillac.store.changed_households().unwrap();
    assert_eq!(marks.len(), 2);
    for h in &hh[..2] {
        assert_eq!(marks[h].sender, "Samu social de Paris");
    }
    let mark = aurillac.store.take_change_mark(hh[0]).unwrap();
    assert!(mark.is_some());
    assert!(aurillac.store.take_change_mark(hh[0]).unwrap().is_none());
    // Replayed: no new mark.
    aurillac.import(&bytes);
    assert_eq!(aurillac.store.changed_households().unwrap().len(), 1);
    // The same content again in a new packet: unchanged, no mark.
    aurillac.store.take_change_mark(hh[1]).unwrap();
    let same = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh[..2]);
    aurillac.import(&same);
    assert!(aurillac.store.changed_households().unwrap().is_empty());
    // The log lists both imports, newest first.
    let log = aurillac.store.packet_log(10).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.direction == "import"));
}

// --- Authorisation (issue 13) --------------------------------------------------------------

/// A packet from Aurillac to Paris, after Paris sent it `households`.
fn round(
    paris: &mut Site,
    aurillac: &mut Site,
    to_aurillac: Uuid,
    to_paris: Uuid,
    households: &[Uuid],
) -> Vec<u8> {
    let out = paris.export(to_aurillac, PartnerRole::Accompagnement, households);
    aurillac.import(&out);
    for h in households {
        consent(&mut aurillac.store, *h, PartnerRole::Accompagnement);
    }
    aurillac.export(to_paris, PartnerRole::Accompagnement, households)
}

#[test]
fn a_deletion_is_listed_and_applied_only_when_chosen() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    round(&mut paris, &mut aurillac, to_aurillac, to_paris, &[h]);
    aurillac
        .store
        .write(|tx| tx.delete::<Household>(h))
        .unwrap();
    let bytes = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);

    let opened = packet::open(&paris.store, &bytes, None).unwrap();
    // The deletion travels as the id and its stamp, nothing else.
    let line = opened
        .lines
        .iter()
        .find(|l| l.table == "households")
        .unwrap();
    assert!(line.deleted_at.is_some());
    assert_eq!(line.data.keys().collect::<Vec<_>>(), ["id"]);
    assert_eq!(line.stamps.keys().collect::<Vec<_>>(), ["deleted_at"]);
    let preview = packet::preview(&paris.store, &opened).unwrap();
    let deletions: Vec<_> = preview.deletions().collect();
    assert_eq!(deletions.len(), 1);
    assert_eq!(deletions[0].id, h);
    assert!(
        deletions[0]
            .label
            .contains(&paris.store.get::<Household>(h).unwrap().label)
    );
    assert!(
        preview.summary_fr().contains("1 suppression,"),
        "{}",
        preview.summary_fr()
    );

    // Applied without the choice: everything else, the household stays.
    let applied = packet::apply(&mut paris.store, &opened).unwrap();
    assert!(!applied.deletions_applied);
    assert!(
        paris.store.find::<Household>(h).unwrap().is_some(),
        "nothing deleted"
    );
    let audit = paris.store.audit_entries(1).unwrap();
    assert!(
        audit[0].3.contains("suppressions non appliquées"),
        "{}",
        audit[0].3
    );

    // The same deletion, chosen explicitly this time (a new packet).
    let again = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&paris.store, &again, None).unwrap();
    let applied = packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert!(applied.deletions_applied);
    assert!(
        paris.store.find::<Household>(h).unwrap().is_none(),
        "deleted when chosen"
    );
}

#[test]
fn a_packet_with_our_site_in_its_stamps_is_refused() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    let bytes = round(&mut paris, &mut aurillac, to_aurillac, to_paris, &[h]);
    // Aurillac rewrites the commune and stamps it with Paris's own site, above Paris's
    // stamp: Paris would take it as its own later edit.
    let (manifest, records, _) = files_of(&paris, &bytes);
    let paris_site = paris.store.site_id().to_string();
    let text = String::from_utf8(records).unwrap();
    let mut out = String::new();
    for raw in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(raw).unwrap();
        if v["table"] == "households" {
            v["data"]["commune"] = "Commune forgée".into();
            let mut st = v["base"].clone();
            st["site"] = paris_site.clone().into();
            st["hlc"] = serde_json::json!(st["hlc"].as_u64().unwrap() + (1 << 40));
            v["stamps"]["commune"] = st;
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    let records = out.into_bytes();
    let mut m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    m["files"]["records.jsonl"] = sha(&records).into();
    let manifest = serde_json::to_vec(&m).unwrap();
    let sig = packet::identity(&aurillac.store)
        .unwrap()
        .sign_manifest(&manifest, Uuid::new_v4())
        .unwrap();
    let tar = packet::build_archive(
        &[
            ("manifest.json", &manifest),
            ("records.jsonl", &records),
            ("manifest.json.minisig", sig.as_bytes()),
        ],
        0,
    )
    .unwrap();
    let forged = packet::encrypt_to(&tar, &[paris.card().age_recipient], false).unwrap();
    let err = paris.refuse(&forged, None);
    assert!(matches!(err, PacketError::ForgedStamp), "{err:?}");
    assert!(err.to_string().contains("votre installation"), "{err}");
    assert_ne!(
        paris.store.get::<Household>(h).unwrap().commune,
        "Commune forgée"
    );
}

#[test]
fn a_revoked_partners_packet_is_refused_with_the_date() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    let bytes = round(&mut paris, &mut aurillac, to_aurillac, to_paris, &[h]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let revoked = packet::revoke_partner(&mut paris.store, to_aurillac).unwrap();
    assert!(revoked.trust.revoked_at.is_some());
    // Signed before the revocation: still readable.
    assert!(packet::open(&paris.store, &bytes, None).is_ok());
    let later = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let err = paris.refuse(&later, None);
    assert!(matches!(err, PacketError::Revoked { .. }), "{err:?}");
    let today = revoked
        .trust
        .revoked_at
        .unwrap()
        .format("%d/%m/%Y")
        .to_string();
    assert!(err.to_string().contains(&today), "{err}");
    // Nothing is sent to it any more.
    let req = ExportRequest {
        partners: vec![to_aurillac],
        households: vec![h],
        ..ExportRequest::default()
    };
    assert!(matches!(
        packet::export(&mut paris.store, &req),
        Err(PacketError::Revoked { .. })
    ));
    let audit = paris.store.audit_entries(5).unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.2 == "partenaire révoqué" && a.3 == to_aurillac.to_string())
    );
    // Unpinned: its packets come from an unknown key.
    packet::unpin_partner(&mut paris.store, to_aurillac).unwrap();
    assert!(matches!(
        paris.refuse(&later, None),
        PacketError::UnknownSigner(_)
    ));
}

#[test]
fn a_key_packet_rewrapped_with_a_passphrase_is_refused() {
    let (mut paris, aurillac, _, _) = pair();
    let mut third = Site::new("Tiers");
    let to_third = paris.pin(&third, PartnerRole::Accompagnement);
    third.pin(&paris, PartnerRole::Accompagnement);
    let h = paris.households()[0];
    // A packet for the third installation, which re-wraps it with `age -p`.
    let bytes = paris.export(to_third, PartnerRole::Accompagnement, &[h]);
    let plain = packet::decrypt(
        &bytes,
        Some(packet::identity(&third.store).unwrap().age_identity()),
        None,
    )
    .unwrap();
    let rewrapped =
        packet::encrypt_with_passphrase(&plain, "une phrase assez longue", Some(10), false)
            .unwrap();
    let mut aurillac = aurillac;
    let err = aurillac.refuse(&rewrapped, Some("une phrase assez longue"));
    assert!(matches!(err, PacketError::NotForUs), "{err:?}");
}

#[test]
fn decryption_errors_are_french() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let mut bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let n = bytes.len();
    bytes[n - 40] ^= 0xff;
    let err = aurillac.refuse(&bytes, None);
    let msg = err.to_string();
    assert!(
        !msg.contains("decryption error") && !msg.contains("error"),
        "{msg}"
    );
    assert!(
        msg.contains("déchiffrement") || msg.contains("modifié"),
        "{msg}"
    );
}

#[test]
fn a_rotated_identity_still_opens_old_packets_and_a_rotated_card_is_repinned() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    let old_card = aurillac.card();
    // Paris writes to the old card, then Aurillac rotates its keys.
    let before = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let new = packet::rotate_identity(&mut aurillac.store).unwrap();
    assert_ne!(new.contact_card().fingerprint, old_card.fingerprint);
    assert_eq!(new.organisation, old_card.organisation);
    // Grace period: the old key still opens it.
    aurillac.import(&before);
    assert!(aurillac.store.find::<Household>(h).unwrap().is_some());
    // Paris re-pins the new card: same partner, the old key listed as replaced.
    let card = packet::ContactCard::parse(&aurillac.card().to_json()).unwrap();
    let p = packet::repin_partner(&mut paris.store, to_aurillac, &card).unwrap();
    assert_eq!(p.id, to_aurillac);
    assert_eq!(
        p.trust.replaced_fingerprints,
        std::slice::from_ref(&old_card.fingerprint)
    );
    // Aurillac's new signature is accepted, its packets go to the new key.
    consent(&mut aurillac.store, h, PartnerRole::Accompagnement);
    let back = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    paris.import(&back);
    let next = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    aurillac.import(&next);
    assert!(
        paris
            .store
            .audit_entries(10)
            .unwrap()
            .iter()
            .any(|a| a.2.starts_with("partenaire épinglé à nouveau"))
    );
}

#[test]
fn our_age_identity_is_exported_owner_only_audited_and_opens_a_packet() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair();
    let h = paris.households()[0];
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("ma-cle-age.txt");
    packet::export_age_identity(&mut aurillac.store, &key).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&key).unwrap();
    let secret = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    let id: age::x25519::Identity = secret.parse().unwrap();
    assert!(packet::decrypt(&bytes, Some(&id), None).is_ok());
    // Never over an existing file.
    assert!(packet::export_age_identity(&mut aurillac.store, &key).is_err());
    let audit = aurillac.store.audit_entries(3).unwrap();
    assert!(audit.iter().any(|a| a.2 == "clé secrète age exportée"));
}

#[test]
fn a_deletion_received_is_restorable_for_30_days_then_purged() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let hh = paris.households();
    let (h, h2) = (hh[0], hh[1]);
    round(&mut paris, &mut aurillac, to_aurillac, to_paris, &[h, h2]);
    let before = paris.store.household_detail(h).unwrap();
    let adult = before.adults[0].clone();
    aurillac
        .store
        .write(|tx| {
            tx.delete::<Adult>(adult.id)?;
            tx.delete::<Household>(h)
        })
        .unwrap();
    let bytes = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&paris.store, &bytes, None).unwrap();
    let packet_id = opened.manifest.packet_id;
    packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert!(paris.store.find::<Household>(h).unwrap().is_none());
    assert!(paris.store.find::<Adult>(adult.id).unwrap().is_none());

    // The previous content is kept, for this packet and household.
    let kept = paris.store.packet_deletions().unwrap();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter()
            .all(|d| d.household_id == Some(h) && d.packet_id == packet_id)
    );

    // « Restaurer »: both back as they were, in one audited transaction (ids only).
    let n = packet::restore_deletions(&mut paris.store, packet_id, Some(h)).unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        paris.store.find::<Household>(h).unwrap(),
        Some(before.household.clone())
    );
    assert_eq!(paris.store.find::<Adult>(adult.id).unwrap(), Some(adult));
    let audit = paris.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].2, "suppression reçue annulée");
    assert!(audit[0].3.contains(&h.to_string()));
    assert!(!audit[0].3.contains(&before.household.label), "ids only");
    assert!(paris.store.packet_deletions().unwrap().is_empty());
    let again = packet::restore_deletions(&mut paris.store, packet_id, Some(h)).unwrap_err();
    assert!(again.to_string().contains("ne peuvent plus"), "{again}");

    // Another deletion, then 31 days later: no longer offered, and erased by the purge.
    aurillac
        .store
        .write(|tx| tx.delete::<Household>(h2))
        .unwrap();
    let bytes = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h2]);
    let opened = packet::open(&paris.store, &bytes, None).unwrap();
    packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert_eq!(paris.store.packet_deletions().unwrap().len(), 1);
    let later = now() + chrono::Duration::days(31);
    paris.store.set_clock(Arc::new(move || later));
    assert!(paris.store.packet_deletions().unwrap().is_empty());
    assert_eq!(paris.store.purge_expired_packet_deletions().unwrap(), 1);
    let rows: i64 = passerelle::store::testing::conn(&paris.store)
        .query_row("SELECT count(*) FROM packet_deletions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "the content is erased, not only hidden");
    assert!(
        packet::restore_deletions(&mut paris.store, opened.manifest.packet_id, Some(h2)).is_err()
    );
    assert!(paris.store.find::<Household>(h2).unwrap().is_none());
}

#[test]
fn a_linked_employer_changes_only_what_concerns_its_own_offers() {
    let mut us = Site::new("Nous");
    let mut employer = Site::new("Employeur relié");
    fill(
        &mut us.store,
        &DemoOptions {
            households: 14,
            seed: 2,
        },
    )
    .unwrap();
    share_registries(&us.store, &mut employer.store);
    let offers: Vec<JobOffer> = us.store.list().unwrap();
    let own = offers[0].clone();
    let other = offers
        .iter()
        .find(|o| o.employer_id != own.employer_id)
        .unwrap()
        .clone();
    let partner = us.pin(&employer, PartnerRole::Employeur);
    let to_us = employer.pin(&us, PartnerRole::Accompagnement);
    packet::link_partner(&mut us.store, partner, Some(own.employer_id)).unwrap();
    let h = us.households()[0];
    consent(&mut us.store, h, PartnerRole::Employeur);
    let out = us.export(partner, PartnerRole::Employeur, &[h]);
    employer.import(&out);

    // The employer records a proposal on its own offer, and one on another employer's.
    let proposal = |offer: Uuid| Proposal {
        id: Uuid::new_v4(),
        household_id: h,
        offer_id: Some(offer),
        unit_id: None,
        proposed_on: now().date_naive(),
        status: ProposalStatus::Propose,
        decline_by: None,
        decline_reason: String::new(),
        decided_by: String::new(),
    };
    let (mine, theirs) = (proposal(own.id), proposal(other.id));
    employer
        .store
        .write(|tx| {
            tx.put(&mine)?;
            tx.put(&theirs)?;
            Ok(())
        })
        .unwrap();
    consent(&mut employer.store, h, PartnerRole::Accompagnement);
    let back = employer.export(to_us, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&us.store, &back, None).unwrap();
    let preview = packet::preview(&us.store, &opened).unwrap();
    let refused = preview.items.iter().find(|i| i.id == theirs.id).unwrap();
    let reason = refused.refused.as_deref().unwrap_or_default();
    assert!(
        reason.contains("n'est pas celui de ce partenaire"),
        "{reason}"
    );
    let accepted = preview.items.iter().find(|i| i.id == mine.id).unwrap();
    assert_eq!(accepted.refused, None);
    assert_eq!(accepted.kind, MergeKind::New);
    packet::apply(&mut us.store, &opened).unwrap();
    assert_eq!(us.store.find::<Proposal>(mine.id).unwrap(), Some(mine));
    assert_eq!(us.store.find::<Proposal>(theirs.id).unwrap(), None);
}

/// A partner never adds a programme nor a registry record: its programmes and registries
/// are refused, and so is what points at a programme we do not run. The built-in « Un
/// toit, un emploi » (same id in every base) is ours even before our first case: a case in
/// it arrives, and points at *our* built-in copy, not the partner's (renamed here).
#[test]
fn an_accompanying_partner_never_adds_a_programme_nor_a_registry_record() {
    use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
    use passerelle::store::board::NewCase;
    // Aurillac has no case yet (its built-in programme is not stored) nor Paris's registries.
    let mut paris = Site::new("Samu social de Paris");
    let mut aurillac = Site::new("Service insertion Aurillac");
    fill(
        &mut paris.store,
        &DemoOptions {
            households: 14,
            seed: 2,
        },
    )
    .unwrap();
    // Paris renamed its copy of the built-in programme, and runs a programme of its own
    // with one case in it.
    let own = Programme {
        id: Uuid::new_v4(),
        name: "Dispositif parisien".into(),
        ..default_programme()
    };
    paris
        .store
        .write(|tx| {
            let mut builtin: Programme = tx.find(DEFAULT_PROGRAMME_ID)?.unwrap();
            builtin.name = "Un toit, un emploi — Paris".into();
            tx.put(&builtin)?;
            tx.put(&own).map(|_| ())
        })
        .unwrap();
    let (own_case, own_household) = {
        let done = paris
            .store
            .create_case(&NewCase {
                household_label: "Famille Dispositif-Parisien".into(),
                commune: "Paris".into(),
                housing_situation: HousingSituation::Heberge,
                programme_id: own.id,
                origin: "SIAO".into(),
                referent: "Malik".into(),
            })
            .unwrap();
        (done.case_id, done.household_id)
    };
    consent(&mut paris.store, own_household, PartnerRole::Accompagnement);
    let to_aurillac = paris.pin(&aurillac, PartnerRole::Accompagnement);
    aurillac.pin(&paris, PartnerRole::Accompagnement);
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh);
    let opened = packet::open(&aurillac.store, &bytes, None).unwrap();
    let preview = packet::preview(&aurillac.store, &opened).unwrap();
    let registries = [
        "programmes",
        "employers",
        "job_offers",
        "landlords",
        "housing_units",
    ];
    let mut seen_tables = std::collections::BTreeSet::new();
    for i in &preview.items {
        if registries.contains(&i.table.as_str()) {
            seen_tables.insert(i.table.clone());
            let reason = i.refused.as_deref().unwrap_or_default();
            let expected = if i.id == DEFAULT_PROGRAMME_ID {
                "jamais modifiée par un partenaire"
            } else {
                "n'ajoute jamais de dispositif ni de fiche à vos registres"
            };
            assert!(reason.contains(expected), "{}: {reason}", i.table);
        }
        if i.table == "cases" {
            // In the built-in programme: taken; in Paris's own: refused.
            assert_eq!(i.refused.is_some(), i.id == own_case, "case {}", i.id);
        }
    }
    assert_eq!(seen_tables.len(), registries.len(), "{seen_tables:?}");
    let applied = packet::apply(&mut aurillac.store, &opened).unwrap();
    // The households arrive, with their cases in the built-in programme.
    assert_eq!(aurillac.households().len(), hh.len());
    let cases = aurillac.store.list::<Case>().unwrap();
    assert_eq!(
        cases.len(),
        hh.len() - 1,
        "every case but the one in Paris's programme"
    );
    assert!(cases.iter().all(|c| c.programme_id == DEFAULT_PROGRAMME_ID));
    let arrived = aurillac.store.get::<Case>(cases[0].id).unwrap();
    assert_eq!(arrived, paris.store.get::<Case>(cases[0].id).unwrap());
    // The only programme stored is our built-in one, as Passerelle ships it.
    assert_eq!(
        aurillac.store.list::<Programme>().unwrap(),
        vec![default_programme()]
    );
    // Nothing of the registries.
    assert!(aurillac.store.list::<Employer>().unwrap().is_empty());
    assert!(aurillac.store.list::<JobOffer>().unwrap().is_empty());
    assert!(aurillac.store.list::<HousingUnit>().unwrap().is_empty());
    let reasons: Vec<&str> = applied
        .refusals()
        .filter(|i| i.table == "cases")
        .filter_map(|i| i.refused.as_deref())
        .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains("dispositif absent"), "{reasons:?}");
}

/// What a partner has seen of ours is recomputed from its own version of the record,
/// never taken from the packet's `seen` claim (issue 13): a partner claiming to have seen
/// our latest value, when its version proves it had not, still gets the conflict.
#[test]
fn a_seen_claim_in_a_packet_is_ignored_and_recomputed_here() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    let first = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    aurillac.import(&first);
    // Paris edits the commune and sends it; that packet never reaches Aurillac.
    let mut mine = paris.store.get::<Household>(h).unwrap();
    mine.commune = "Saint-Flour".into();
    paris.store.write(|tx| tx.put(&mine).map(|_| ())).unwrap();
    let _lost = paris.export(to_aurillac, PartnerRole::Accompagnement, &[h]);
    let ours = paris.store.stamped::<Household>(h).unwrap().unwrap().stamps["commune"];
    // Aurillac edits the same field without having seen Paris's, and claims it had.
    let mut theirs = aurillac.store.get::<Household>(h).unwrap();
    theirs.commune = "Aurillac".into();
    aurillac
        .store
        .write(|tx| tx.put(&theirs).map(|_| ()))
        .unwrap();
    consent(&mut aurillac.store, h, PartnerRole::Accompagnement);
    let honest = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let (_, recs, _) = files_of(&paris, &honest);
    let mut forged_recs = Vec::new();
    for raw in std::str::from_utf8(&recs).unwrap().lines() {
        let mut line: serde_json::Value = serde_json::from_str(raw).unwrap();
        if line["table"] == "households" {
            line["seen"] = serde_json::json!({ "commune": ours });
        }
        forged_recs.extend(serde_json::to_vec(&line).unwrap());
        forged_recs.push(b'\n');
    }
    let digest = sha(&forged_recs);
    let forged = with_manifest(
        &aurillac,
        &paris,
        &honest,
        |m| m["files"]["records.jsonl"] = serde_json::Value::String(digest),
        Some(&forged_recs),
    );
    for bytes in [&honest, &forged] {
        let opened = packet::open(&paris.store, bytes, None).unwrap();
        let preview = packet::preview(&paris.store, &opened).unwrap();
        let item = preview.items.iter().find(|i| i.id == h).unwrap();
        let fields: Vec<&str> = item.conflicts.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["commune"], "the claim changes nothing");
    }
}

/// Every id of ours a funder could receive: the records about our households (the
/// programmes' and registries' ids are shared reference data, see `redact::Pseudonyms`).
fn household_record_ids(store: &Store) -> Vec<Uuid> {
    fn ids<R: Stored>(store: &Store, out: &mut Vec<Uuid>) {
        out.extend(
            store
                .list::<R>()
                .unwrap()
                .iter()
                .map(passerelle::domain::record::Record::id),
        );
    }
    let mut out = Vec::new();
    ids::<Household>(store, &mut out);
    ids::<Adult>(store, &mut out);
    ids::<Child>(store, &mut out);
    ids::<Case>(store, &mut out);
    ids::<StageEvent>(store, &mut out);
    ids::<EmploymentFollowUp>(store, &mut out);
    ids::<Proposal>(store, &mut out);
    ids::<RelayStay>(store, &mut out);
    ids::<Appointment>(store, &mut out);
    ids::<Note>(store, &mut out);
    ids::<Consent>(store, &mut out);
    out
}

/// Paris with demo households, consent to the funder role, and two funders pinned.
fn two_funders() -> (Site, Site, Site, Uuid, Uuid) {
    let mut paris = Site::new("Samu social de Paris");
    fill(
        &mut paris.store,
        &DemoOptions {
            households: 6,
            seed: 11,
        },
    )
    .unwrap();
    let mut ddets = Site::new("DDETS du Cantal");
    let mut departement = Site::new("Conseil départemental");
    ddets.pin(&paris, PartnerRole::Accompagnement);
    departement.pin(&paris, PartnerRole::Accompagnement);
    let to_ddets = paris.pin(&ddets, PartnerRole::Financeur);
    let to_dep = paris.pin(&departement, PartnerRole::Financeur);
    for h in paris.households() {
        consent(&mut paris.store, h, PartnerRole::Financeur);
    }
    (paris, ddets, departement, to_ddets, to_dep)
}

fn ids_in(bytes: &[u8], funder: &Site, table: &str) -> BTreeSet<Uuid> {
    packet::open(&funder.store, bytes, None)
        .unwrap()
        .lines
        .iter()
        .filter(|l| l.table == table)
        .map(|l| Uuid::parse_str(l.data["id"].as_str().unwrap()).unwrap())
        .collect()
}

/// Issue 13: two funders receive different ids for the same households (they cannot join
/// their files), and one funder the same ids packet after packet (it updates its figures).
#[test]
fn two_funders_get_disjoint_ids_and_one_funder_the_same_ids_twice() {
    let (mut paris, ddets, departement, to_ddets, to_dep) = two_funders();
    let hh = paris.households();
    let first = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    let again = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    let other = paris.export(to_dep, PartnerRole::Financeur, &hh);
    for table in ["households", "adults", "cases", "stage_events"] {
        let a = ids_in(&first, &ddets, table);
        assert!(!a.is_empty(), "{table} travelled");
        assert_eq!(
            a,
            ids_in(&again, &ddets, table),
            "{table}: stable for one funder"
        );
        let b = ids_in(&other, &departement, table);
        assert_eq!(a.len(), b.len());
        assert!(a.is_disjoint(&b), "{table}: two funders share ids");
    }
    // The label is the pseudonym too: different from one funder to the other.
    let labels = |bytes: &[u8], site: &Site| -> BTreeSet<String> {
        packet::open(&site.store, bytes, None)
            .unwrap()
            .lines
            .iter()
            .filter(|l| l.table == "households")
            .map(|l| l.data["label"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(labels(&first, &ddets).is_disjoint(&labels(&other, &departement)));
    // A funder renewing its keys (re-pinned) keeps its pseudonyms.
    let mut renewed = Site::new("DDETS du Cantal");
    renewed.pin(&paris, PartnerRole::Accompagnement);
    let card = packet::ContactCard::parse(&renewed.card().to_json()).unwrap();
    packet::repin_partner(&mut paris.store, to_ddets, &card).unwrap();
    let after_rotation = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    assert_eq!(
        ids_in(&first, &ddets, "households"),
        ids_in(&after_rotation, &renewed, "households")
    );
}

/// Issue 13: no id of our household records appears anywhere in the decrypted bytes of a
/// funder's packet (manifest, records, signature), in any spelling; the references between
/// its records stay consistent (a case points at its household's pseudonym, an adult at
/// its household's), and the funder's own base imports it whole.
#[test]
fn no_original_id_appears_in_a_funder_packet() {
    let (mut paris, mut ddets, _, to_ddets, _) = two_funders();
    share_registries(&paris.store, &mut ddets.store);
    ddets.pin(&paris, PartnerRole::Accompagnement);
    let hh = paris.households();
    // A deleted household travels as a tombstone: its id is mapped too.
    let bytes = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    paris
        .store
        .write(|tx| tx.delete::<Household>(hh[0]))
        .unwrap();
    let with_tombstone = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    let me = packet::identity(&ddets.store).unwrap();
    for b in [&bytes, &with_tombstone] {
        let tar = packet::decrypt(b, Some(me.age_identity()), None).unwrap();
        let text = String::from_utf8_lossy(&tar).to_lowercase();
        let ours = household_record_ids(&paris.store);
        assert!(ours.len() > 30, "a real data set");
        for id in ours {
            assert!(!text.contains(&id.to_string()), "our id {id} leaks");
            assert!(
                !text.contains(&id.simple().to_string()),
                "our id {id} leaks"
            );
        }
    }
    // Consistent references: every link points at a record of the packet.
    let opened = packet::open(&ddets.store, &bytes, None).unwrap();
    let in_packet: BTreeSet<String> = opened
        .lines
        .iter()
        .map(|l| l.data["id"].as_str().unwrap().to_owned())
        .collect();
    let mut links = 0;
    for l in &opened.lines {
        for k in ["household_id", "adult_id", "case_id"] {
            if let Some(v) = l.data.get(k).and_then(|v| v.as_str()) {
                assert!(in_packet.contains(v), "{}.{k} points outside", l.table);
                links += 1;
            }
        }
    }
    assert!(links > 10);
    let applied = packet::apply(&mut ddets.store, &opened).unwrap();
    assert_eq!(applied.refusals().count(), 0, "{}", applied.summary_fr());
    assert_eq!(ddets.store.list::<Household>().unwrap().len(), hh.len());
    let opened = packet::open(&ddets.store, &with_tombstone, None).unwrap();
    packet::apply_with(&mut ddets.store, &opened, true).unwrap();
    assert_eq!(ddets.store.list::<Household>().unwrap().len(), hh.len() - 1);
}

/// Issue 13: what a funder sends back is never taken, whatever ids it carries (its
/// pseudonyms, or ours learnt elsewhere); the preview says why, in French; our base is
/// unchanged but for the import log.
#[test]
fn nothing_a_funder_sends_back_changes_our_base() {
    let (mut paris, mut ddets, _, to_ddets, _) = two_funders();
    share_registries(&paris.store, &mut ddets.store);
    let to_paris = ddets.pin(&paris, PartnerRole::Accompagnement);
    let hh = paris.households();
    let bytes = paris.export(to_ddets, PartnerRole::Financeur, &hh);
    ddets.import(&bytes);
    // The funder edits its copies, and forges one record under one of our real ids.
    let mut theirs: Vec<Household> = ddets.store.list().unwrap();
    ddets
        .store
        .write(|tx| {
            for h in &mut theirs {
                h.commune = "Commune du financeur".into();
                tx.put(h)?;
            }
            let mut forged = theirs[0].clone();
            forged.id = hh[1];
            forged.label = "Famille réécrite".into();
            tx.put(&forged)
        })
        .unwrap();
    for h in ddets.households() {
        consent(&mut ddets.store, h, PartnerRole::Accompagnement);
    }
    let back = ddets.export(to_paris, PartnerRole::Accompagnement, &ddets.households());
    let before: Vec<Household> = paris.store.list().unwrap();
    let opened = packet::open(&paris.store, &back, None).unwrap();
    let preview = packet::preview(&paris.store, &opened).unwrap();
    assert!(preview.items.len() > hh.len());
    assert!(
        preview
            .items
            .iter()
            .all(|i| i.refused.as_deref() == Some(packet::FUNDER_REFUSAL))
    );
    assert_eq!(preview.deletions().count(), 0);
    let summary = preview.summary_fr();
    assert!(summary.contains("rien ne sera repris"), "{summary}");
    assert!(summary.contains("pseudonymes"), "{summary}");
    let applied = packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert_eq!(applied.counts(), (0, 0, 0, 0));
    assert_eq!(paris.store.list::<Household>().unwrap(), before);
    assert!(
        paris
            .store
            .list::<Household>()
            .unwrap()
            .iter()
            .all(|h| h.commune != "Commune du financeur")
    );
}

/// Issue 13, end to end: a partner sends back the deletion of a household we sent it.
/// The preview lists it (with the household's name, in the French summary), nothing is
/// deleted without the explicit choice, the choice deletes it, « Restaurer » brings it back
/// as it was within 30 days; the same deletion from an employer is refused, with why.
#[test]
fn a_household_deleted_by_the_partner_is_shown_applied_only_by_choice_and_restorable() {
    let (mut paris, mut aurillac, to_aurillac, to_paris) = pair();
    let h = paris.households()[0];
    round(&mut paris, &mut aurillac, to_aurillac, to_paris, &[h]);
    let before = paris.store.get::<Household>(h).unwrap();
    aurillac
        .store
        .write(|tx| tx.delete::<Household>(h))
        .unwrap();
    let bytes = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&paris.store, &bytes, None).unwrap();
    let preview = packet::preview(&paris.store, &opened).unwrap();
    let listed: Vec<_> = preview.deletions().collect();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].table.as_str(), listed[0].id), ("households", h));
    assert!(
        listed[0].label.contains(&before.label),
        "{}",
        listed[0].label
    );
    assert!(
        preview.summary_fr().contains("1 suppression"),
        "{}",
        preview.summary_fr()
    );

    // Not chosen: the rest applies, the household stays, nothing kept for undo.
    packet::apply(&mut paris.store, &opened).unwrap();
    assert_eq!(
        paris.store.find::<Household>(h).unwrap(),
        Some(before.clone())
    );
    assert!(paris.store.packet_deletions().unwrap().is_empty());

    // Chosen (the packet sent again): deleted, restorable for 30 days.
    let again = aurillac.export(to_paris, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&paris.store, &again, None).unwrap();
    packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert!(paris.store.find::<Household>(h).unwrap().is_none());
    let kept = paris.store.packet_deletions().unwrap();
    assert_eq!(kept.len(), 1);
    let until = chrono::DateTime::parse_from_rfc3339(&kept[0].until).unwrap();
    let days = (until.with_timezone(&Utc) - now()).num_days();
    assert!((29..=30).contains(&days), "{days} days");
    assert_eq!(
        packet::restore_deletions(&mut paris.store, opened.manifest.packet_id, Some(h)).unwrap(),
        1
    );
    assert_eq!(paris.store.find::<Household>(h).unwrap(), Some(before));

    // An employer deleting a household it received: refused, with the reason.
    let mut employer = Site::new("Employeur");
    share_registries(&paris.store, &mut employer.store);
    let to_employer = paris.pin(&employer, PartnerRole::Employeur);
    let employer_to_paris = employer.pin(&paris, PartnerRole::Accompagnement);
    consent(&mut paris.store, h, PartnerRole::Employeur);
    let out = paris.export(to_employer, PartnerRole::Employeur, &[h]);
    employer.import(&out);
    employer
        .store
        .write(|tx| tx.delete::<Household>(h))
        .unwrap();
    consent(&mut employer.store, h, PartnerRole::Accompagnement);
    let back = employer.export(employer_to_paris, PartnerRole::Accompagnement, &[h]);
    let opened = packet::open(&paris.store, &back, None).unwrap();
    let applied = packet::apply_with(&mut paris.store, &opened, true).unwrap();
    assert_eq!(applied.deletions().count(), 0);
    assert!(applied.refusals().any(|i| {
        i.id == h
            && i.refused
                .as_deref()
                .is_some_and(|r| r.contains("pas d'accompagnement"))
    }));
    assert!(paris.store.find::<Household>(h).unwrap().is_some());
}

/// Every record of `R`'s table, with its stamps, is the same in both bases.
fn assert_same_records<R: Stored + PartialEq + std::fmt::Debug>(a: &Store, b: &Store) -> usize {
    let ids = |s: &Store| -> BTreeSet<Uuid> {
        s.list::<R>()
            .unwrap()
            .iter()
            .map(passerelle::domain::record::Record::id)
            .collect()
    };
    let ids_a = ids(a);
    assert_eq!(ids_a, ids(b), "{}", R::TABLE);
    for id in &ids_a {
        let (x, y) = (a.stamped::<R>(*id).unwrap(), b.stamped::<R>(*id).unwrap());
        assert_eq!(
            x.as_ref().map(|x| &x.record),
            y.as_ref().map(|y| &y.record),
            "{}",
            R::TABLE
        );
        assert_eq!(
            x.map(|x| x.stamps),
            y.map(|y| y.stamps),
            "{} : horodatages",
            R::TABLE
        );
    }
    ids_a.len()
}

/// A packet of over 2,000 lines is read by several threads, and its new records are
/// prepared on a second thread while the first writes (issue 17): what the import writes
/// is what the same lines give written one by one through `put_merged`, stamps, search
/// index and stages included; a bad line is reported by its number whatever thread read
/// it, and a record twice before it first.
#[test]
fn a_large_packet_read_and_written_on_several_threads_is_the_same_as_line_by_line() {
    let (mut paris, mut aurillac, to_aurillac, _) = pair_of(100);
    let hh = paris.households();
    let bytes = paris.export(to_aurillac, PartnerRole::Accompagnement, &hh);
    let (_, records, _) = files_of(&aurillac, &bytes);
    let lines: Vec<String> = String::from_utf8(records)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let n = lines.len();
    assert!(n > 2_000, "{n} lignes : une seule tâche les lirait");
    let forged = |recs: &[String]| {
        let recs = (recs.join("\n") + "\n").into_bytes();
        with_manifest(
            &paris,
            &aurillac,
            &bytes,
            |m| m["files"]["records.jsonl"] = sha(&recs).into(),
            Some(&recs),
        )
    };
    let mut bad = lines.clone();
    bad[n - 3] = "{pas du json".into();
    let mut twice = bad.clone();
    twice[10] = lines[2].clone();
    // A line both twice and refused for another reason (stamps from the future): « en
    // double », as the reading finds it first.
    let mut twice_and_future = lines.clone();
    let mut v: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    v["base"]["hlc"] = ((now().timestamp_millis() as u64 + 3 * 86_400_000) << 16).into();
    twice_and_future[10] = v.to_string();
    let (bad, twice, twice_and_future) = (forged(&bad), forged(&twice), forged(&twice_and_future));
    match aurillac.refuse(&bad, None) {
        PacketError::BadRecord { line, reason } => {
            assert_eq!(line, n - 2, "{reason}");
            assert!(reason.contains("JSON invalide"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    for packet in [&twice, &twice_and_future] {
        match aurillac.refuse(packet, None) {
            PacketError::BadRecord { line, reason } => {
                assert_eq!((line, reason.as_str()), (11, "fiche en double"));
            }
            other => panic!("{other:?}"),
        }
    }

    let opened = packet::open(&aurillac.store, &bytes, None).unwrap();
    let mut reference = Site::new("Référence");
    share_registries(&paris.store, &mut reference.store);
    // What the import takes: never a consent nor a registry record (Aurillac holds them).
    let taken: Vec<packet::RecordLine> = opened
        .lines
        .iter()
        .filter(|l| {
            ![
                "consents",
                "programmes",
                "employers",
                "job_offers",
                "landlords",
                "housing_units",
            ]
            .contains(&l.table.as_str())
        })
        .cloned()
        .collect();
    reconstruct_lines(&mut reference.store, &taken);
    let applied = packet::apply(&mut aurillac.store, &opened).unwrap();
    assert_eq!(
        applied
            .items
            .iter()
            .filter(|i| i.kind == MergeKind::New && i.refused.is_none())
            .count(),
        taken.len()
    );
    let (a, b) = (&aurillac.store, &reference.store);
    let mut records = assert_same_records::<Household>(a, b);
    records += assert_same_records::<Adult>(a, b);
    records += assert_same_records::<Child>(a, b);
    records += assert_same_records::<Case>(a, b);
    records += assert_same_records::<StageEvent>(a, b);
    records += assert_same_records::<Tutor>(a, b);
    records += assert_same_records::<DocumentItem>(a, b);
    records += assert_same_records::<Appointment>(a, b);
    records += assert_same_records::<Attendance>(a, b);
    records += assert_same_records::<Note>(a, b);
    records += assert_same_records::<Proposal>(a, b);
    records += assert_same_records::<RelayStay>(a, b);
    records += assert_same_records::<EmploymentFollowUp>(a, b);
    assert_eq!(records, taken.len());
    for adult in paris.store.list::<Adult>().unwrap() {
        let hits = |store: &Store| {
            let mut hits = store.search(&adult.last_name, 500).unwrap();
            hits.sort_by_key(|h| h.record_id);
            hits
        };
        assert_eq!(hits(a), hits(b), "{}", adult.last_name);
    }
    let programme = paris.store.list::<Programme>().unwrap()[0].id;
    let stages = |store: &Store| -> BTreeSet<(Uuid, Option<Uuid>)> {
        store
            .programme_cases(programme)
            .unwrap()
            .iter()
            .map(|c| (c.case.id, c.current.map(|s| s.stage_id)))
            .collect()
    };
    assert!(stages(a).iter().any(|(_, s)| s.is_some()));
    assert_eq!(stages(a), stages(b));
}
