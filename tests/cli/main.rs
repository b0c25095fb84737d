//! The binary and its sources seen from outside: the command line, crashes under SIGKILL, the
//! layers of the sources, what the package ships.
//!
//! One test binary per group instead of one per file (as ripgrep does): CI links a handful of
//! executables instead of forty. Each file stays its own module (`cargo test --test cli NAME`
//! filters by `module::test`). New tests go into these files, or a new module listed here.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod cli;
mod crash;
mod layering;
mod packaging;
