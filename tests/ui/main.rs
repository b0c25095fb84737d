//! The egui_kittest tests: every view driven through the real `App` by its French labels.
//!
//! One test binary per group instead of one per file (as ripgrep does): CI links a handful of
//! executables instead of forty. Each file stays its own module (`cargo test --test ui NAME`
//! filters by `module::test`). New tests go into these files, or a new module listed here.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

#[path = "../common/mod.rs"]
mod common;

mod about_ui;
mod access_ui;
mod audit_log_ui;
mod backup_ui;
mod board_ui;
mod demo_base_ui;
mod erase_ui;
mod exchange_ui;
mod freeze_ui;
mod household_followup_ui;
mod household_ui;
mod matching_ui;
mod notice_ui;
mod registries_ui;
mod report_ui;
mod retention_ui;
mod sheet_ui;
mod team_ui;
mod ui_shell;
mod workers_ui;
