//! Pure domain types and rules: no egui, no SQL, no clock, no filesystem.

pub mod hlc;
