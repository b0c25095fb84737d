//! The records repository on a real encrypted store: round trips of every entity,
//! per-field stamps, validation, immutability, tombstones, and the views' queries.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use passerelle::domain::model::*;
use passerelle::domain::programme::{default_programme, default_stage_id};
use passerelle::domain::record::DELETED_KEY;
use passerelle::store::keyfile::KdfParams;
use passerelle::store::records::{PutOutcome, Stored};
use passerelle::store::{Store, StoreError, StorePaths};
use tempfile::TempDir;
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 15, 10, 0, 0)
        .single()
        .unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (mut store, _recovery) =
        Store::create(&paths, "une phrase de test", KdfParams::FLOOR).unwrap();
    store.set_clock(Arc::new(now));
    (dir, store)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// One record of every entity, linked together.
struct Graph {
    programme: Programme,
    household: Household,
    adult: Adult,
    child: Child,
    case: Case,
    events: Vec<StageEvent>,
    employer: Employer,
    offer: JobOffer,
    tutor: Tutor,
    follow_up: EmploymentFollowUp,
    landlord: Landlord,
    unit: HousingUnit,
    relay: HousingUnit,
    stay: RelayStay,
    proposal: Proposal,
    appointment: Appointment,
    attendance: Attendance,
    note: Note,
    correction: Note,
    partner: Partner,
    document: DocumentItem,
    consent: Consent,
}

fn graph() -> Graph {
    let household = Household {
        id: id(100),
        label: "Famille Benali".into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Saint-Denis".into(),
        housing_demand: HousingDemand {
            typology: Some(Typology::T3),
            unique_number: Some("093112200012345".into()),
            unique_number_date: Some(d(2024, 11, 4)),
            wished_communes: vec!["Aurillac".into(), "15187".into()],
            max_rent_cents: Some(48_000),
        },
        resources: vec![
            Resource {
                source: ResourceSource::Rsa,
                monthly_cents: 63_512,
            },
            Resource {
                source: ResourceSource::Caf,
                monthly_cents: 21_000,
            },
        ],
        barriers: BTreeSet::from([Barrier::Mobilite, Barrier::GardeEnfants]),
        referent: "Claire Vidal".into(),
        origin: "Samu social de Paris".into(),
        caf_number: Some("1234567".into()),
        unknown_to_employment_services: true,
    };
    let adult = Adult {
        id: id(101),
        household_id: household.id,
        is_reference: true,
        first_name: "Hélène".into(),
        last_name: "Benali".into(),
        birth_date: Some(d(1987, 6, 12)),
        phone: "06 12 34 56 78".into(),
        email: "helene@example.org".into(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: true,
        rsa: true,
        education_level: EducationLevel::CapBep,
        qualifications: vec!["CAP cuisine".into()],
        trades: vec!["Cuisinière".into()],
        rome_domains: vec![RomeDomain::G],
        driving_licence: true,
        vehicle: false,
        languages: vec!["français".into(), "arabe".into()],
        available_from: Some(d(2026, 4, 1)),
        mobility_radius_km: 25,
        constraints: "Horaires compatibles avec l'école".into(),
    };
    let child = Child {
        id: id(102),
        household_id: household.id,
        first_name: "Inès".into(),
        last_name: "Benali".into(),
        birth_date: Some(d(2016, 2, 3)),
        schooling_level: SchoolingLevel::Cm1,
        current_school: "École Jean-Jaurès, Saint-Denis".into(),
        destination_school: String::new(),
        enrolment: EnrolmentStatus::Demandee,
        enrolment_date: Some(d(2026, 3, 1)),
        childcare_need: true,
        notes: "Périscolaire le soir".into(),
    };
    let programme = default_programme();
    let case = Case {
        id: id(103),
        household_id: household.id,
        programme_id: programme.id,
        referent: "Claire Vidal".into(),
        origin: "Samu social de Paris".into(),
        opened_on: d(2025, 10, 1),
        exit: ExitKind::Aucune,
        exit_date: None,
        exit_reason: None,
        exit_details: String::new(),
    };
    let events = vec![
        StageEvent {
            id: id(104),
            case_id: case.id,
            from_stage: None,
            to_stage: default_stage_id(0),
            at: Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).single().unwrap(),
            by: "Claire Vidal".into(),
            comment: "Orientation du Samu social".into(),
        },
        StageEvent {
            id: id(105),
            case_id: case.id,
            from_stage: Some(default_stage_id(0)),
            to_stage: default_stage_id(1),
            at: Utc.with_ymd_and_hms(2026, 3, 5, 14, 0, 0).single().unwrap(),
            by: "Claire Vidal".into(),
            comment: String::new(),
        },
    ];
    let employer = Employer {
        id: id(110),
        name: "Restaurant Le Cantalou".into(),
        siret: Some("12345678900012".into()),
        sector: "Restauration".into(),
        commune: "Aurillac".into(),
        contact_name: "M. Delmas".into(),
        phone: "04 71 00 00 00".into(),
        email: "contact@example.org".into(),
    };
    let offer = JobOffer {
        id: id(111),
        employer_id: employer.id,
        title: "Commis de cuisine".into(),
        trade: "Cuisine".into(),
        rome_domain: RomeDomain::G,
        commune: "Aurillac".into(),
        contract: ContractKind::Cdi,
        hours_per_week: 35.0,
        start_date: Some(d(2026, 5, 1)),
        requires_licence: false,
        requires_vehicle: false,
        qualification: "CAP cuisine".into(),
        positions: 2,
        status: OfferStatus::Ouvert,
    };
    let tutor = Tutor {
        id: id(112),
        adult_id: adult.id,
        name: "Jeanne Roux".into(),
        organisation: "Restaurant Le Cantalou".into(),
        phone: String::new(),
        since: Some(d(2026, 3, 1)),
    };
    let follow_up = EmploymentFollowUp {
        id: id(113),
        adult_id: adult.id,
        offer_id: Some(offer.id),
        hired_on: d(2025, 9, 1),
        checkpoint_months: 6,
        checked_on: Some(d(2026, 3, 2)),
        still_in_post: true,
        contract: ContractKind::Cdi,
        notes: "Bonne intégration".into(),
    };
    let landlord = Landlord {
        id: id(120),
        name: "Polygone".into(),
        social: true,
        commune: "Aurillac".into(),
        contact_name: "Service attributions".into(),
        phone: String::new(),
        email: String::new(),
    };
    let unit = HousingUnit {
        id: id(121),
        landlord_id: landlord.id,
        label: "Résidence Marmiers, bât. C".into(),
        commune: "Aurillac".into(),
        typology: Typology::T3,
        surface_m2: 67.5,
        rent_cents: 39_000,
        charges_cents: 7_500,
        available_from: Some(d(2026, 4, 15)),
        floor: 2,
        lift: false,
        accessible: false,
        is_relay: false,
        status: UnitStatus::Disponible,
    };
    let relay = HousingUnit {
        id: id(122),
        label: "Appartement relais".into(),
        typology: Typology::T4,
        surface_m2: 0.1, // a float that does not print the same in f32 and f64
        is_relay: true,
        ..unit.clone()
    };
    let stay = RelayStay {
        id: id(123),
        unit_id: relay.id,
        household_id: household.id,
        from: d(2026, 2, 9),
        to: d(2026, 2, 13),
        notes: "Visite de l'école et du restaurant".into(),
    };
    let proposal = Proposal {
        decided_by: String::new(),
        id: id(130),
        household_id: household.id,
        offer_id: Some(offer.id),
        unit_id: None,
        proposed_on: d(2026, 2, 1),
        status: ProposalStatus::Refuse,
        decline_by: Some(DeclineBy::Employeur),
        decline_reason: "Poste pourvu en interne".into(),
    };
    let appointment = Appointment {
        id: id(131),
        household_id: Some(household.id),
        at: Utc
            .with_ymd_and_hms(2026, 3, 20, 13, 30, 0)
            .single()
            .unwrap(),
        kind: AppointmentKind::JobDating,
        place: "Maison de l'emploi, Aurillac".into(),
        notes: String::new(),
    };
    let attendance = Attendance {
        by: String::new(),
        id: id(132),
        appointment_id: appointment.id,
        adult_id: adult.id,
        status: AttendanceStatus::Present,
    };
    let note = Note {
        id: id(140),
        household_id: household.id,
        author: "Claire Vidal".into(),
        at: Utc.with_ymd_and_hms(2026, 3, 1, 16, 0, 0).single().unwrap(),
        text: "Entretien au foyer : projet Cantal confirmé.".into(),
        corrects: None,
    };
    let correction = Note {
        id: id(141),
        text: "Correction : entretien à l'hôtel, pas au foyer.".into(),
        corrects: Some(note.id),
        ..note.clone()
    };
    let partner = Partner {
        id: id(150),
        organisation: "Aurore – pôle insertion".into(),
        role: PartnerRole::Accompagnement,
        age_public_key: "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq".into(),
        minisign_public_key: "RWQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
        fingerprint: "ABCD-1234".into(),
        contact: "Aurillac".into(),
        trust: Default::default(),
    };
    let document = DocumentItem {
        id: id(151),
        household_id: household.id,
        adult_id: Some(adult.id),
        kind: DocumentKind::TitreSejour,
        status: DocumentStatus::Fourni,
        expires_on: Some(d(2027, 1, 1)),
        attachment_id: None,
        notes: String::new(),
    };
    let consent = Consent {
        id: id(152),
        household_id: household.id,
        partner_id: Some(partner.id),
        role: None,
        given_on: d(2026, 1, 15),
        scope: "Dossier d'accompagnement complet".into(),
        method: ConsentMethod::EcritSigne,
        expires_on: Some(d(2027, 1, 15)),
        withdrawn_on: None,
    };
    Graph {
        programme,
        household,
        adult,
        child,
        case,
        events,
        employer,
        offer,
        tutor,
        follow_up,
        landlord,
        unit,
        relay,
        stay,
        proposal,
        appointment,
        attendance,
        note,
        correction,
        partner,
        document,
        consent,
    }
}

fn put_graph(store: &mut Store, g: &Graph) {
    store
        .write(|tx| {
            // Children of the graph first: the foreign keys are deferred to the commit.
            tx.put(&g.adult)?;
            tx.put(&g.household)?;
            tx.put(&g.programme)?;
            tx.put(&g.child)?;
            tx.put(&g.case)?;
            for e in &g.events {
                tx.put(e)?;
            }
            tx.put(&g.employer)?;
            tx.put(&g.offer)?;
            tx.put(&g.tutor)?;
            tx.put(&g.follow_up)?;
            tx.put(&g.landlord)?;
            tx.put(&g.unit)?;
            tx.put(&g.relay)?;
            tx.put(&g.stay)?;
            tx.put(&g.proposal)?;
            tx.put(&g.appointment)?;
            tx.put(&g.attendance)?;
            tx.put(&g.note)?;
            tx.put(&g.correction)?;
            tx.put(&g.partner)?;
            tx.put(&g.document)?;
            tx.put(&g.consent)?;
            Ok(())
        })
        .unwrap();
}

fn assert_round_trip<R: Stored + PartialEq + Debug>(store: &Store, record: &R) {
    let back: R = store.get(record.id()).unwrap();
    assert_eq!(&back, record, "{}", R::TABLE);
    assert!(store.list::<R>().unwrap().contains(record), "{}", R::TABLE);
}

#[test]
fn every_entity_round_trips() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    assert_round_trip(&store, &g.programme);
    assert_round_trip(&store, &g.household);
    assert_round_trip(&store, &g.adult);
    assert_round_trip(&store, &g.child);
    assert_round_trip(&store, &g.case);
    for e in &g.events {
        assert_round_trip(&store, e);
    }
    assert_round_trip(&store, &g.employer);
    assert_round_trip(&store, &g.offer);
    assert_round_trip(&store, &g.tutor);
    assert_round_trip(&store, &g.follow_up);
    assert_round_trip(&store, &g.landlord);
    assert_round_trip(&store, &g.unit);
    assert_round_trip(&store, &g.relay);
    assert_round_trip(&store, &g.stay);
    assert_round_trip(&store, &g.proposal);
    assert_round_trip(&store, &g.appointment);
    assert_round_trip(&store, &g.attendance);
    assert_round_trip(&store, &g.note);
    assert_round_trip(&store, &g.correction);
    assert_round_trip(&store, &g.partner);
    assert_round_trip(&store, &g.document);
    assert_round_trip(&store, &g.consent);

    // Writing the same graph again changes nothing (re-import is a no-op).
    let relay_again = store.write(|tx| tx.put(&g.relay)).unwrap();
    assert_eq!(relay_again, PutOutcome::Unchanged);
}

#[test]
fn stamps_change_only_for_changed_fields() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    let first = store.stamped::<Household>(g.household.id).unwrap().unwrap();
    let fields: BTreeSet<&str> = first.stamps.keys().map(String::as_str).collect();
    assert!(fields.contains("label") && fields.contains("resources") && fields.len() == 11);
    let first_stamp = first.stamps["label"];
    assert!(first.stamps.values().all(|s| *s == first_stamp));

    let mut edited = g.household.clone();
    edited.label = "Famille Benali-Haddad".into();
    edited.resources[0].monthly_cents = 0;
    let (outcome, stamp) = store
        .write(|tx| Ok((tx.put(&edited)?, tx.stamp())))
        .unwrap();
    assert_eq!(
        outcome,
        PutOutcome::Updated {
            fields: vec!["label".into(), "resources".into()]
        }
    );
    assert!(stamp > first_stamp);
    let second = store.stamped::<Household>(g.household.id).unwrap().unwrap();
    assert_eq!(second.record, edited);
    for (field, s) in &second.stamps {
        let expected = if field == "label" || field == "resources" {
            stamp
        } else {
            first_stamp
        };
        assert_eq!(*s, expected, "{field}");
    }

    // Same content again: nothing written, stamps kept.
    assert_eq!(
        store.write(|tx| tx.put(&edited)).unwrap(),
        PutOutcome::Unchanged
    );
    assert_eq!(
        store
            .stamped::<Household>(g.household.id)
            .unwrap()
            .unwrap()
            .stamps,
        second.stamps
    );
}

#[test]
fn invalid_records_are_rejected_and_nothing_is_written() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    let mut adult = g.adult.clone();
    adult.id = id(900);
    adult.mobility_radius_km = 900;
    adult.birth_date = Some(d(2030, 1, 1));
    let err = store.write(|tx| tx.put(&adult)).unwrap_err();
    let StoreError::Invalid(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("rayon de mobilité"), "{message}");
    assert!(message.contains("futur"), "{message}");
    assert!(err.to_string().starts_with("Saisie refusée"));
    assert!(matches!(
        store.get::<Adult>(adult.id),
        Err(StoreError::NotFound {
            table: "adults",
            ..
        })
    ));

    // A whole transaction rolls back when one record is invalid.
    let mut child = g.child.clone();
    child.id = id(901);
    let mut old = g.child.clone();
    old.id = id(902);
    old.birth_date = Some(d(2000, 1, 1));
    assert!(
        store
            .write(|tx| {
                tx.put(&child)?;
                tx.put(&old)
            })
            .is_err()
    );
    assert!(store.find::<Child>(child.id).unwrap().is_none());
}

#[test]
fn dangling_links_fail_at_commit() {
    let (_dir, mut store) = new_store();
    let mut adult = graph().adult;
    adult.household_id = id(999);
    let err = store.write(|tx| tx.put(&adult)).unwrap_err();
    assert!(matches!(err, StoreError::Sql(_)), "{err:?}");
    assert!(store.find::<Adult>(adult.id).unwrap().is_none());
}

#[test]
fn immutable_records_refuse_updates() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);

    let mut note = g.note.clone();
    note.text = "Texte réécrit".into();
    let err = store.write(|tx| tx.put(&note)).unwrap_err();
    assert!(
        matches!(err, StoreError::Immutable { table: "notes" }),
        "{err:?}"
    );

    let mut event = g.events[1].clone();
    event.comment = "Autre commentaire".into();
    let err = store.write(|tx| tx.put(&event)).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Immutable {
                table: "stage_events"
            }
        ),
        "{err:?}"
    );

    let mut attendance = g.attendance.clone();
    attendance.status = AttendanceStatus::Absent;
    let err = store.write(|tx| tx.put(&attendance)).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Immutable {
                table: "attendances"
            }
        ),
        "{err:?}"
    );

    // Rewriting identical content is accepted as a no-op (merging by union).
    assert_eq!(
        store.write(|tx| tx.put(&g.note)).unwrap(),
        PutOutcome::Unchanged
    );
    assert_eq!(store.get::<Note>(g.note.id).unwrap(), g.note);
}

#[test]
fn tombstones_hide_records() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    assert_eq!(store.search("hélène", 10).unwrap().len(), 1);

    store.write(|tx| tx.delete::<Adult>(g.adult.id)).unwrap();
    assert!(matches!(
        store.get::<Adult>(g.adult.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.list::<Adult>().unwrap().is_empty());
    assert!(
        store
            .list_by::<Adult>("household_id", g.household.id)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .household_detail(g.household.id)
            .unwrap()
            .adults
            .is_empty()
    );
    assert!(store.search("hélène", 10).unwrap().is_empty());
    assert_eq!(store.count::<Adult>().unwrap(), 0);

    // The row stays, with its tombstone stamped for the merge.
    let stamped = store.stamped::<Adult>(g.adult.id).unwrap().unwrap();
    assert_eq!(stamped.record, g.adult);
    assert_eq!(stamped.deleted_at, Some(now()));
    assert!(stamped.stamps.contains_key(DELETED_KEY));

    // A deleted record is neither revived by a write nor deleted twice.
    let err = store.write(|tx| tx.put(&g.adult)).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                table: "adults",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(store.write(|tx| tx.delete::<Adult>(g.adult.id)).is_err());
}

#[test]
fn deleting_a_stage_event_moves_the_case_back() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    let cards = store.programme_cases(g.programme.id).unwrap();
    assert_eq!(
        cards[0].current.map(|c| c.stage_id),
        Some(default_stage_id(1))
    );
    store
        .write(|tx| tx.delete::<StageEvent>(g.events[1].id))
        .unwrap();
    let cards = store.programme_cases(g.programme.id).unwrap();
    assert_eq!(
        cards[0].current.map(|c| c.stage_id),
        Some(default_stage_id(0))
    );
}

#[test]
fn household_detail_gathers_everything() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    let detail = store.household_detail(g.household.id).unwrap();
    assert_eq!(detail.household, g.household);
    assert_eq!(detail.adults, std::slice::from_ref(&g.adult));
    assert_eq!(detail.children, std::slice::from_ref(&g.child));
    assert_eq!(detail.cases, std::slice::from_ref(&g.case));
    assert_eq!(detail.notes, [g.note.clone(), g.correction.clone()]);
    assert_eq!(detail.documents, std::slice::from_ref(&g.document));
    assert_eq!(detail.consents, std::slice::from_ref(&g.consent));
    assert_eq!(detail.proposals, std::slice::from_ref(&g.proposal));
    assert_eq!(detail.appointments, std::slice::from_ref(&g.appointment));
    assert_eq!(detail.relay_stays, std::slice::from_ref(&g.stay));
    assert_eq!(store.stage_history(g.case.id).unwrap(), g.events);
    assert_eq!(
        store.list_by::<Tutor>("adult_id", g.adult.id).unwrap(),
        std::slice::from_ref(&g.tutor)
    );
    assert!(matches!(
        store.list_by::<Adult>("data", g.household.id),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn board_and_summary_follow_stage_moves() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);

    let cards = store.programme_cases(g.programme.id).unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].household_label, "Famille Benali");
    assert_eq!(cards[0].case, g.case);
    assert_eq!(cards[0].days_in_stage(d(2026, 3, 15)), 10);

    let summary = store.summary().unwrap();
    assert_eq!(summary.households, 1);
    assert_eq!(summary.active_cases, 1);
    assert_eq!(summary.per_stage.len(), 10);
    let count = |label: &str| {
        summary
            .per_stage
            .iter()
            .find(|s| s.label == label)
            .unwrap()
            .count
    };
    assert_eq!(count("Diagnostic"), 1);
    assert_eq!(count("Orientation reçue"), 0);

    // An early exit: a stage event to "Sortie anticipée" and the case's exit fields.
    let exit = StageEvent {
        id: id(106),
        case_id: g.case.id,
        from_stage: Some(default_stage_id(1)),
        to_stage: default_stage_id(9),
        at: now() - Duration::hours(1),
        by: "Claire Vidal".into(),
        comment: "Retour à Paris".into(),
    };
    let mut case = g.case.clone();
    case.exit = ExitKind::Anticipee;
    case.exit_date = Some(d(2026, 3, 15));
    case.exit_reason = Some(EarlyExitReason::RetourIleDeFrance);
    store
        .write(|tx| {
            tx.put(&exit)?;
            tx.put(&case)
        })
        .unwrap();
    let summary = store.summary().unwrap();
    assert_eq!(summary.active_cases, 0);
    let count = |label: &str| {
        summary
            .per_stage
            .iter()
            .find(|s| s.label == label)
            .unwrap()
            .count
    };
    assert_eq!(count("Sortie anticipée"), 1);
    assert_eq!(count("Diagnostic"), 0);
}

#[test]
fn late_arriving_older_moves_do_not_change_the_current_stage() {
    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);
    // A partner's packet brings an older move (between the two existing ones).
    let older = StageEvent {
        id: id(107),
        case_id: g.case.id,
        from_stage: Some(default_stage_id(0)),
        to_stage: default_stage_id(2),
        at: Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).single().unwrap(),
        by: "Partenaire".into(),
        comment: String::new(),
    };
    store.write(|tx| tx.put(&older)).unwrap();
    let cards = store.programme_cases(g.programme.id).unwrap();
    assert_eq!(
        cards[0].current.map(|c| c.stage_id),
        Some(default_stage_id(1))
    );
    // Events written before their case (any order within a packet) still count.
    let mut case = g.case.clone();
    case.id = id(108);
    let event = StageEvent {
        id: id(109),
        case_id: case.id,
        ..g.events[1].clone()
    };
    store
        .write(|tx| {
            tx.put(&event)?;
            tx.put(&case)
        })
        .unwrap();
    let cards = store.programme_cases(g.programme.id).unwrap();
    let card = cards.iter().find(|c| c.case.id == case.id).unwrap();
    assert_eq!(card.current.map(|c| c.stage_id), Some(default_stage_id(1)));
}

#[test]
fn merged_writes_keep_the_given_stamps_and_never_resurrect() {
    use passerelle::domain::hlc::{Hlc, Stamp};
    use passerelle::domain::record::Stamped;

    let (_dir, mut store) = new_store();
    let g = graph();
    put_graph(&mut store, &g);

    // A partner's newer label, with the partner's stamp on that field only.
    let local = store.stamped::<Household>(g.household.id).unwrap().unwrap();
    let remote = Stamp {
        hlc: Hlc(local.stamps["label"].hlc.0 + 1000),
        site: id(4242),
    };
    let mut merged = local.clone();
    merged.record.label = "Famille Benali (Cantal)".into();
    merged.stamps.insert("label".into(), remote);
    let outcome = store.write(|tx| tx.put_merged(&merged)).unwrap();
    assert_eq!(
        outcome,
        PutOutcome::Updated {
            fields: vec!["label".into()]
        }
    );
    let stored = store.stamped::<Household>(g.household.id).unwrap().unwrap();
    assert_eq!(stored, merged);
    assert_eq!(store.search("benali cantal", 5).unwrap().len(), 1);
    // Re-importing is a no-op.
    assert_eq!(
        store.write(|tx| tx.put_merged(&merged)).unwrap(),
        PutOutcome::Unchanged
    );

    // A new record from a packet keeps its stamps.
    let mut child = g.child.clone();
    child.id = id(300);
    child.first_name = "Yanis".into();
    let incoming = Stamped {
        stamps: [("first_name".to_owned(), remote)].into_iter().collect(),
        record: child.clone(),
        deleted_at: None,
    };
    assert_eq!(
        store.write(|tx| tx.put_merged(&incoming)).unwrap(),
        PutOutcome::Inserted
    );
    assert_eq!(
        store.stamped::<Child>(child.id).unwrap().unwrap().stamps,
        incoming.stamps
    );

    // A remote tombstone deletes; a packet without it never resurrects.
    let tombstone = Stamped {
        deleted_at: Some(now()),
        ..incoming.clone()
    };
    store.write(|tx| tx.put_merged(&tombstone)).unwrap();
    assert!(store.find::<Child>(child.id).unwrap().is_none());
    assert!(store.search("yanis", 5).unwrap().is_empty());
    assert_eq!(
        store.write(|tx| tx.put_merged(&incoming)).unwrap(),
        PutOutcome::Unchanged
    );
    assert!(store.find::<Child>(child.id).unwrap().is_none());

    // Immutable records merge by union only.
    let mut note = store.stamped::<Note>(g.note.id).unwrap().unwrap();
    note.record.text = "Réécrite ailleurs".into();
    let err = store.write(|tx| tx.put_merged(&note)).unwrap_err();
    assert!(
        matches!(err, StoreError::Immutable { table: "notes" }),
        "{err:?}"
    );
}
