//! Pure domain types and rules: no egui, no SQL, no clock, no filesystem.

pub mod board;
pub mod hlc;
pub mod household_form;
pub mod merge;
pub mod model;
pub mod programme;
pub mod record;
pub mod report;
pub mod text;
pub mod validate;
pub mod worker;
