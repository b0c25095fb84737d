//! Exchange packets between partners and team synchronisation (Syncthing included).
//!
//! One test binary per group instead of one per file (as ripgrep does): CI links a handful of
//! executables instead of forty. Each file stays its own module (`cargo test --test sync NAME`
//! filters by `module::test`). New tests go into these files, or a new module listed here.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

// The packet fixture is also included by benches/exchange.rs, floors.rs and workday.rs.
#[path = "../common/packet_fixture.rs"]
mod packet_fixture;

mod exchange;
mod exchange_cli;
mod exchange_props;
mod team;
mod team_cli;
mod team_syncthing;
