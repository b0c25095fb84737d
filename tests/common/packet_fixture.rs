//! The packet fixture of the exchange tests and benches (issue 12): a sender base with
//! demo households, each with a valid role consent, and receivers holding the sender's
//! programme and registries. One copy, included with `#[path]` by `benches/exchange.rs`,
//! `benches/floors.rs`, `benches/workday.rs`, `tests/sync/exchange.rs` and
//! `tests/sync/exchange_props.rs` (it needs no
//! egui, unlike the rest of `tests/common`).

#![allow(dead_code)] // each including target uses part of it
#![allow(clippy::unwrap_used)] // tests and benches: a panic is the failure report

use std::sync::Arc;

use chrono::Utc;
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::model::*;
use passerelle::domain::record::Stamped;
use passerelle::exchange::packet;
use passerelle::store::records::Stored;
use passerelle::store::{KdfParams, Store, StorePaths};
use uuid::Uuid;

/// The size of the benches' packet (DESIGN.md §8: export of 1,000 households < 1 s).
pub const HOUSEHOLDS: usize = 1_000;

/// A new base at `dir/name` with an exchange identity for `org`, on the real clock (a
/// store's hybrid clock starts from it: a fixed clock in the past would make every stamp
/// look "from the future").
pub fn site(dir: &std::path::Path, name: &str, org: &str) -> Store {
    let paths = StorePaths::beside(dir.join(name));
    let (mut store, _) = Store::create(&paths, "phrase du banc d'essai", KdfParams::FLOOR).unwrap();
    store.set_clock(Arc::new(Utc::now));
    packet::ensure_identity(&mut store, Some(org)).unwrap();
    store
}

/// `store` pins `other`'s card as an accompanying partner; returns the partner's id.
pub fn pin(store: &mut Store, other: &Store) -> Uuid {
    let card = packet::identity(other).unwrap().contact_card();
    packet::add_partner(store, &card, PartnerRole::Accompagnement, "")
        .unwrap()
        .id
}

/// Every record of one table with its stamps.
pub fn copy_all<R: Stored>(from: &Store) -> Vec<Stamped<R>> {
    from.list::<R>()
        .unwrap()
        .iter()
        .map(|r| from.stamped::<R>(r.id()).unwrap().unwrap())
        .collect()
}

/// Partners of the same programme hold the same programme and registries (a partner's
/// packet never adds them, issue 13): `to` gets `from`'s, as they are.
pub fn share_registries(from: &Store, to: &mut Store) {
    let programmes = copy_all::<Programme>(from);
    let employers = copy_all::<Employer>(from);
    let offers = copy_all::<JobOffer>(from);
    let landlords = copy_all::<Landlord>(from);
    let units = copy_all::<HousingUnit>(from);
    to.write(|tx| {
        for r in &programmes {
            tx.put_merged(r)?;
        }
        for r in &employers {
            tx.put_merged(r)?;
        }
        for r in &offers {
            tx.put_merged(r)?;
        }
        for r in &landlords {
            tx.put_merged(r)?;
        }
        for r in &units {
            tx.put_merged(r)?;
        }
        Ok(())
    })
    .unwrap();
}

/// Every household gets a valid consent to `role` (the demo's older ones have expired).
/// Returns the households.
pub fn consent_all(store: &mut Store, role: PartnerRole) -> Vec<Uuid> {
    let ids: Vec<Uuid> = store
        .list::<Household>()
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    let today = store.now().date_naive();
    store
        .write(|tx| {
            for h in &ids {
                tx.put(&Consent {
                    id: Uuid::new_v4(),
                    household_id: *h,
                    partner_id: None,
                    role: Some(role),
                    given_on: today,
                    scope: "Banc d'essai".into(),
                    method: ConsentMethod::EcritSigne,
                    expires_on: None,
                    withdrawn_on: None,
                })?;
            }
            Ok(())
        })
        .unwrap();
    ids
}

/// The benches' sender: `households` demo households (seed 42) at `dir/paris.db`, each
/// with a consent to the accompanying role. Returns the base and its households.
pub fn sender(dir: &std::path::Path, households: usize) -> (Store, Vec<Uuid>) {
    let mut paris = site(dir, "paris.db", "Samu social de Paris");
    fill(
        &mut paris,
        &DemoOptions {
            households,
            seed: 42,
        },
    )
    .unwrap();
    let ids = consent_all(&mut paris, PartnerRole::Accompagnement);
    (paris, ids)
}
