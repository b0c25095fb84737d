//! Entry point: everything lives in the library so that tests can drive it.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    passerelle::cli::main()
}
