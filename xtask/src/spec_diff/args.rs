//! The arguments of `cargo xtask spec-diff`.

use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, RangedU64ValueParser, TypedValueParser};

use super::report::Format;

/// Most runs a benchmark makes.
pub const MAX_RUNS: usize = 10_000;

/// What a spec change does to SDK users; exit 1 if breaking.
///
/// Compare two OpenAPI specs from a Rust SDK user's view. OLD and NEW are files or git
/// revisions as REV:path (e.g. HEAD~1:spec/katapult-core.yaml).
///
/// --against-released compares each spec/<name>.yaml with spec/released/<name>.yaml; a
/// breaking change needs a major bump of info.version.
///
/// --bench prints the median time to load and diff two specs (default: the two largest in
/// spec/).
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(
    override_usage = "cargo xtask spec-diff OLD NEW [--format text|json|markdown]\n       \
                      cargo xtask spec-diff --against-released [--format text|json|markdown]\n       \
                      cargo xtask spec-diff --bench [OLD NEW] [--runs N]",
    after_help = "exit status: 0 no breaking change, 1 breaking change, 2 could not compare"
)]
pub struct SpecDiffArgs {
    /// The old spec: a file or REV:path.
    #[arg(
        value_name = "OLD",
        required_unless_present_any = ["against_released", "bench"],
        requires = "new"
    )]
    pub old: Option<String>,
    /// The new spec: a file or REV:path.
    #[arg(value_name = "NEW", required_unless_present_any = ["against_released", "bench"])]
    pub new: Option<String>,
    /// Compare each spec/<name>.yaml with spec/released/<name>.yaml.
    #[arg(long, conflicts_with_all = ["bench", "old", "new"])]
    pub against_released: bool,
    /// Print the median time to load and diff OLD and NEW (default: the two largest specs).
    #[arg(long)]
    pub bench: bool,
    /// Runs behind the --bench median.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_RUNS as u64)
    )]
    pub runs: usize,
    /// How the report is printed.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "text",
        value_parser = PossibleValuesParser::new([
            PossibleValue::new("text").help("one line per change, then a summary line"),
            PossibleValue::new("json").help("one JSON object: changes and summary"),
            PossibleValue::new("markdown").alias("md").help("a Markdown table and a summary line"),
        ])
        .map(|name| Format::parse(&name).expect("a listed format"))
    )]
    pub format: Format,
}
