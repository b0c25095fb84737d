//! Passerelle: offline case management for "un toit, un emploi" programmes.
//!
//! Layering (DESIGN.md §3): `ui → command → app → store → domain`. `domain` is pure,
//! `store` holds the only SQL, `ui` only draws view models and pushes commands.

// Nothing here needs `unsafe`; `forbid` so no `#[allow]` can bring it back (Cargo.toml's
// `deny` lets tests and benches set environment variables).
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod command;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod matching;
pub mod store;
pub mod team;
pub mod ui;
pub mod version;
