//! The encrypted case store: the only module that speaks SQL.
