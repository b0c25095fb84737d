//! User interface: one file per view.
