//! Entry point: everything lives in the library so that tests can drive it.

fn main() -> std::process::ExitCode {
    passerelle::cli::main()
}
