//! One subcommand's arguments parsed on their own, for the commands that also run from a list
//! of words (`docs_check::main`, `spec_diff::run`). A command's arguments struct is its whole
//! definition (help, usage, flags), so the command needs nothing of [`crate::cli`], which only
//! assembles the structs into the one command line.

use std::process::ExitCode;

use clap::{Args, FromArgMatches};

/// Parses `args` as the arguments that follow `cargo xtask <name>`: the same flags, help and
/// usage errors as on the command line.
pub fn parse<A: Args + FromArgMatches>(
    name: &'static str,
    args: &[String],
) -> Result<A, clap::Error> {
    let command = A::augment_args(clap::Command::new(name).bin_name(format!("cargo xtask {name}")));
    let words = std::iter::once(name.to_string()).chain(args.iter().cloned());
    let matches = command.try_get_matches_from(words)?;
    A::from_arg_matches(&matches)
}

/// Prints what clap answered instead of arguments (the help, or a usage error) and returns
/// its exit status: 0 for the help, 2 for a usage error.
pub fn usage_exit(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}
