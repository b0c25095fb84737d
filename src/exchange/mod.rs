//! Case packets exchanged with partners (DESIGN.md §5): the per-field merge engine, the
//! redaction by recipient role and the packet format; and the other files that leave the
//! app (spreadsheets, PDF). The only packet/spreadsheet/PDF code of the app.
//!
//! [`merge`] and [`redact`] are pure (no clock, no files, no SQL); [`packet`] reads and
//! writes packet files and applies them through the store; [`tabular`] builds CSV/XLSX
//! bytes in memory and [`output`] writes any export to disk the same careful way.

pub mod access;
pub mod dp;
pub mod fiche;
pub mod notice;
pub mod output;
pub mod packet;
pub mod pdf;
pub mod redact;
pub mod report;
pub mod sheet;
pub mod tabular;
pub mod touched;
pub mod words;
