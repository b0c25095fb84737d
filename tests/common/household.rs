#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The household fixture shared by `household_ui` and `household_followup_ui`: one household
//! « Famille Martin » with Hélène Martin and two children.

use std::collections::BTreeSet;

use egui_kittest::Harness;
use passerelle::app::App;
use passerelle::domain::model::*;
use passerelle::store::{KdfParams, Store, StorePaths};
use uuid::Uuid;

use super::{PASSPHRASE, click, isolate_platform_dirs_with, unlock, wait_for};

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub paths: StorePaths,
    pub household: Household,
    /// Hélène Martin.
    pub adult: Uuid,
}

pub fn child(h: Uuid, name: &str, level: SchoolingLevel, enrolment: EnrolmentStatus) -> Child {
    Child {
        id: Uuid::new_v4(),
        household_id: h,
        first_name: name.into(),
        last_name: "Martin".into(),
        birth_date: None,
        schooling_level: level,
        current_school: String::new(),
        destination_school: String::new(),
        enrolment,
        enrolment_date: None,
        childcare_need: false,
        notes: String::new(),
    }
}

/// A base with one household « Famille Martin », Hélène Martin and two children; the
/// platform directories isolated with the `extra_env` variables also set
/// (see [`isolate_platform_dirs_with`]).
pub fn fixture(extra_env: &[(&str, &str)]) -> Fixture {
    isolate_platform_dirs_with(extra_env);
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    let h = Household {
        id: Uuid::new_v4(),
        label: "Famille Martin".into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Aurillac".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    };
    let helene = Adult {
        id: Uuid::new_v4(),
        household_id: h.id,
        is_reference: true,
        first_name: "Hélène".into(),
        last_name: "Martin".into(),
        birth_date: None,
        phone: String::new(),
        email: String::new(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: true,
        rsa: false,
        education_level: EducationLevel::CapBep,
        qualifications: vec![],
        trades: vec!["Aide-soignante".into()],
        rome_domains: vec![RomeDomain::J],
        driving_licence: false,
        vehicle: false,
        languages: vec![],
        available_from: None,
        mobility_radius_km: 30,
        constraints: String::new(),
    };
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&helene)?;
            tx.put(&child(
                h.id,
                "Jules",
                SchoolingLevel::Creche,
                EnrolmentStatus::Inscrit,
            ))?;
            tx.put(&child(
                h.id,
                "Lina",
                SchoolingLevel::Ce1,
                EnrolmentStatus::Demandee,
            ))?;
            Ok(())
        })
        .unwrap();
    Fixture {
        _dir: dir,
        paths,
        household: h,
        adult: helene.id,
    }
}

/// Unlocks, goes to « Ménages » and opens « Famille Martin » from the list.
pub fn open_martin(harness: &mut Harness<'_, App>) {
    unlock(harness);
    click(harness, "Ménages");
    wait_for(harness, "Famille Martin");
    click(harness, "Famille Martin");
    wait_for(harness, "Retour à la liste");
}
