#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Paramètres → Conservation des données » (issue 14) through the real widgets: the
//! reminder at unlock, the households due with why, a hold with its reason, and the
//! erasure of the rest.

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use egui_kittest::kittest::Queryable;
use passerelle::domain::model::*;
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
use passerelle::store::{KdfParams, Store, StorePaths};
use uuid::Uuid;

use crate::common;

use common::{PASSPHRASE, click, harness_on, type_into, unlock, wait_for_text};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn household(n: u128, label: &str) -> Household {
    Household {
        id: Uuid::from_u128(n),
        label: label.into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Aurillac".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    }
}

fn case_of(n: u128, household: Uuid, opened: NaiveDate, exit: Option<NaiveDate>) -> Case {
    Case {
        id: Uuid::from_u128(n),
        household_id: household,
        programme_id: DEFAULT_PROGRAMME_ID,
        referent: "Claire".into(),
        origin: String::new(),
        opened_on: opened,
        exit: if exit.is_some() {
            ExitKind::Anticipee
        } else {
            ExitKind::Aucune
        },
        exit_date: exit,
        exit_reason: exit.map(|_| EarlyExitReason::EmploiNonTrouve),
        exit_details: String::new(),
    }
}

#[test]
fn due_households_are_shown_with_why_one_is_held_and_the_rest_erased() {
    common::isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        let (a, b, c) = (
            household(1, "Famille Arnoux"),
            household(2, "Famille Bellec"),
            household(3, "Famille Carrel"),
        );
        store
            .write(|tx| {
                tx.put(&default_programme())?;
                for h in [&a, &b, &c] {
                    tx.put(h)?;
                }
                tx.put(&case_of(21, a.id, ymd(2023, 1, 10), Some(ymd(2024, 3, 12))))?;
                tx.put(&Note {
                    id: Uuid::from_u128(31),
                    household_id: a.id,
                    author: "Claire".into(),
                    at: Utc.with_ymd_and_hms(2024, 5, 2, 10, 0, 0).unwrap(),
                    text: "appel".into(),
                    corrects: None,
                })?;
                tx.put(&case_of(22, b.id, ymd(2023, 2, 1), Some(ymd(2024, 1, 15))))?;
                // Opened yesterday: not due for two years.
                let yesterday = Utc::now().date_naive().pred_opt().unwrap();
                tx.put(&case_of(23, c.id, yesterday, None))
            })
            .unwrap();
    }
    let mut h = harness_on(&paths);
    unlock(&mut h);
    wait_for_text(&mut h, "2 ménages ont dépassé leur durée de conservation");
    click(&mut h, "Paramètres");
    // Low on the settings page: scroll it into view first, as a worker would.
    h.get_by_label("Conservation des données…").scroll_to_me();
    h.run_steps(3);
    click(&mut h, "Conservation des données…");
    wait_for_text(
        &mut h,
        "sortie le 12/03/2024, dernier contact le 02/05/2024 ; à effacer depuis le 02/05/2026 (24 mois)",
    );
    wait_for_text(&mut h, "Durée fixée par le ou la DPO");
    click(&mut h, "Conserver Famille Bellec…");
    type_into(&mut h, "Motif", "contentieux en cours");
    click(&mut h, "Conserver");
    wait_for_text(&mut h, "Conservé : contentieux en cours");
    click(&mut h, "Effacer le ménage échu");
    wait_for_text(&mut h, "1 ménage effacé pour de bon");
    drop(h);

    let store = Store::unlock(&paths, PASSPHRASE).unwrap();
    assert!(
        store
            .find::<Household>(Uuid::from_u128(1))
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find::<Household>(Uuid::from_u128(2))
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .find::<Household>(Uuid::from_u128(3))
            .unwrap()
            .is_some()
    );
    assert!(store.verify_audit_chain().unwrap().broken.is_none());
}
