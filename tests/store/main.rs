//! The store, domain and matching tests, without the UI.
//!
//! One test binary per group instead of one per file (as ripgrep does): CI links a handful of
//! executables instead of forty. Each file stays its own module (`cargo test --test store NAME`
//! filters by `module::test`). New tests go into these files, or a new module listed here.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

#[path = "../common/mod.rs"]
mod common;

mod age_vectors;
mod at_rest;
mod board_store;
mod data_protection;
mod demo;
mod household_store;
mod matching_store;
mod matching_table;
mod records;
mod report;
mod search;
mod sheet;
mod store_security;
mod untrusted_input;
