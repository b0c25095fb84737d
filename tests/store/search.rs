//! Search on a real encrypted store: maintained by the repository, accent- and
//! case-insensitive, prefix, and robust to whatever the user types.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::BTreeSet;

use passerelle::domain::model::*;
use passerelle::store::keyfile::KdfParams;
use passerelle::store::search::SearchKind;
use passerelle::store::{Store, StorePaths};
use tempfile::TempDir;
use uuid::Uuid;

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (store, _recovery) = Store::create(&paths, "une phrase de test", KdfParams::FLOOR).unwrap();
    (dir, store)
}

fn household(n: u128, label: &str, commune: &str) -> Household {
    Household {
        id: Uuid::from_u128(n),
        label: label.into(),
        housing_situation: HousingSituation::Heberge,
        commune: commune.into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: String::new(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    }
}

fn adult(n: u128, household: Uuid, first: &str, last: &str, trade: &str) -> Adult {
    Adult {
        id: Uuid::from_u128(n),
        household_id: household,
        is_reference: false,
        first_name: first.into(),
        last_name: last.into(),
        birth_date: None,
        phone: String::new(),
        email: String::new(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: false,
        rsa: false,
        education_level: EducationLevel::Aucun,
        qualifications: vec![],
        trades: vec![trade.into()],
        rome_domains: vec![],
        driving_licence: false,
        vehicle: false,
        languages: vec![],
        available_from: None,
        mobility_radius_km: 0,
        constraints: String::new(),
    }
}

fn filled() -> (TempDir, Store) {
    let (dir, mut store) = new_store();
    store
        .write(|tx| {
            let h = household(1, "Famille Lefèvre", "Aurillac");
            tx.put(&h)?;
            tx.put(&adult(2, h.id, "Hélène", "Lefèvre", "Aide-soignante"))?;
            tx.put(&adult(3, h.id, "Jérôme", "Lefèvre", "Maçon"))?;
            let h2 = household(4, "Famille N'Diaye", "Saint-Denis");
            tx.put(&h2)?;
            tx.put(&adult(5, h2.id, "Aïssatou", "N'Diaye", "Cuisinière"))?;
            tx.put(&Employer {
                id: Uuid::from_u128(6),
                name: "Scierie Arpajonnaise".into(),
                siret: None,
                sector: "Menuiserie".into(),
                commune: "Arpajon-sur-Cère".into(),
                contact_name: String::new(),
                phone: String::new(),
                email: String::new(),
            })?;
            Ok(())
        })
        .unwrap();
    (dir, store)
}

fn ids(store: &Store, query: &str) -> BTreeSet<u128> {
    store
        .search(query, 50)
        .unwrap()
        .iter()
        .map(|h| h.record_id.as_u128())
        .collect()
}

#[test]
fn accents_case_and_prefixes_are_ignored() {
    let (_dir, store) = filled();
    assert_eq!(ids(&store, "helene"), BTreeSet::from([2]));
    assert_eq!(ids(&store, "HELENE lef"), BTreeSet::from([2]));
    assert_eq!(ids(&store, "jér"), BTreeSet::from([3]));
    assert_eq!(ids(&store, "aur"), BTreeSet::from([1]));
    assert_eq!(ids(&store, "aissatou"), BTreeSet::from([5]));
    assert_eq!(
        ids(&store, "ndiaye"),
        BTreeSet::new(),
        "N'Diaye is two tokens"
    );
    assert_eq!(ids(&store, "n'diaye"), BTreeSet::from([4, 5]));
    assert_eq!(ids(&store, "lefevre"), BTreeSet::from([1, 2, 3]));
    assert_eq!(ids(&store, "macon"), BTreeSet::from([3]));
    assert_eq!(ids(&store, "cere"), BTreeSet::from([6]));
}

#[test]
fn hits_say_what_and_where() {
    let (_dir, store) = filled();
    let hits = store.search("aïssatou", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, SearchKind::Adult);
    assert_eq!(hits[0].label, "Aïssatou N'Diaye");
    assert_eq!(hits[0].household_id, Some(Uuid::from_u128(4)));
    let employer = store.search("scierie", 10).unwrap();
    assert_eq!(employer[0].kind, SearchKind::Employer);
    assert_eq!(employer[0].household_id, None);
}

#[test]
fn user_input_never_breaks_the_query() {
    let (_dir, store) = filled();
    for q in [
        "\"",
        "\"helene",
        "helene\"",
        "*",
        "AND",
        "OR",
        "NOT helene",
        "(helene",
        "helene)",
        "NEAR(helene jerome)",
        "label:helene",
        "^helene",
        "-helene",
        "+",
        "'",
        "''",
        ";--",
        "\\",
        "{helene}",
        "[x]",
        "helene*",
        "🙂",
        "   ",
        "\u{0}",
        "é\u{301}",
    ] {
        assert!(store.search(q, 10).is_ok(), "{q:?}");
    }
    assert_eq!(ids(&store, "\"helene"), BTreeSet::from([2]));
    assert_eq!(ids(&store, "NOT"), BTreeSet::new());
}

#[test]
fn edits_and_deletions_update_the_index_in_the_same_transaction() {
    let (_dir, mut store) = filled();
    let mut h = store.get::<Household>(Uuid::from_u128(1)).unwrap();
    h.commune = "Ytrac".into();
    store.write(|tx| tx.put(&h)).unwrap();
    assert!(ids(&store, "aurillac").is_empty());
    assert_eq!(ids(&store, "ytrac"), BTreeSet::from([1]));

    // A rolled-back transaction leaves the index as it was.
    let mut renamed = store.get::<Adult>(Uuid::from_u128(3)).unwrap();
    renamed.first_name = "Gérard".into();
    let failed: Result<(), _> = store.write(|tx| {
        tx.put(&renamed)?;
        Err(passerelle::store::StoreError::Invalid("annulé".into()))
    });
    assert!(failed.is_err());
    assert!(ids(&store, "gerard").is_empty());
    assert_eq!(ids(&store, "jerome"), BTreeSet::from([3]));

    store
        .write(|tx| tx.delete::<Adult>(Uuid::from_u128(3)))
        .unwrap();
    assert!(ids(&store, "jerome").is_empty());
}
