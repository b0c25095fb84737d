//! Case packets exchanged with partners (DESIGN.md §5): the per-field merge engine, the
//! redaction by recipient role and the packet format. The only packet code of the app.
//!
//! [`merge`] and [`redact`] are pure (no clock, no files, no SQL); [`packet`] reads and
//! writes packet files and applies them through the store.

pub mod merge;
pub mod packet;
pub mod redact;
