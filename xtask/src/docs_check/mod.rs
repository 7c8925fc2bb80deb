//! `cargo xtask docs-check`: proves the curated spec still says what the documentation pages
//! say.
//!
//! Each page in `--docs DIR` (the `.txt`, `.rst` and `.inc` files) is parsed on its own — the
//! parsers never look at the spec — into the facts it states ([`page`]): title, method and
//! path, scopes, statuses, every "Possible values" list placed on its property, every error
//! code with its sentence, every property path of each example with its JSON type, and for
//! api-ref rst pages the parameter keys under Request and Response. The page's method and path
//! then pick the operation among the specs of `--spec-dir`, and [`compare`] reports every
//! disagreement. The allow-list explains deliberate ones ([`allow`]).
//!
//! Exit status: 0 nothing disagrees, 1 something does (or an allow-list entry is stale),
//! 2 a page, a spec or the allow-list cannot be read.
//!
//! Refreshing the spec when the vendor's docs change: save the new pages as text into a
//! folder, run `cargo xtask docs-check --docs FOLDER`, and for each `differs:` line either fix
//! `spec/` (and `spec/PROVENANCE.md`, then `cargo xtask regenerate`) or, when the spec differs
//! on purpose, add an entry with the reason to `spec/docs-check/allow.yaml`.

#![warn(missing_docs)]

pub mod allow;
pub mod api_ref;
pub mod compare;
pub mod example;
pub mod facts;
pub mod finding;
pub mod katapult;
pub mod lines;
pub mod page;
pub mod place;
pub mod report;
pub mod rst;
pub mod schema;
pub mod source;
pub mod tokens;
pub mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::error::{GenError, Result};
use crate::spec::{LoadedSpec, load_spec, spec_files_in};

use page::Page;
use report::{CheckedPage, Report};

/// Compare the rendered documentation pages in DIR with spec/; exit 1 on a disagreement.
///
/// Each page (*.txt, *.rst, *.inc) is parsed on its own into the facts it states; its method
/// and path pick the operation among the specs, and every disagreement is printed. The
/// allow-list explains deliberate ones.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(
    after_help = "exit status: 0 nothing disagrees, 1 something does (or an allow-list entry \
                  is stale), 2 a page, spec or allow-list cannot be read"
)]
pub struct DocsCheckArgs {
    /// The rendered documentation pages (*.txt, *.rst, *.inc).
    #[arg(long, value_name = "DIR")]
    pub docs: PathBuf,
    /// The specs to compare with [default: <workspace>/spec].
    #[arg(long, value_name = "DIR")]
    pub spec_dir: Option<PathBuf>,
    /// The allow-list of deliberate differences [default: <spec dir>/docs-check/allow.yaml;
    /// none if that file is absent].
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// How the report is printed.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "text",
        value_parser = PossibleValuesParser::new([
            PossibleValue::new("text").help("one line per disagreement and a summary"),
            PossibleValue::new("json").help("the whole report as JSON"),
        ])
        .map(|name| match name.as_str() {
            "json" => Format::Json,
            _ => Format::Text,
        })
    )]
    pub format: Format,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per difference and a summary.
    Text,
    /// The whole report as JSON.
    Json,
}

/// What to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The folder of pages.
    pub docs: PathBuf,
    /// The folder of specs.
    pub spec_dir: PathBuf,
    /// The allow-list given on the command line, if any.
    pub allow: Option<PathBuf>,
    /// The output format.
    pub format: Format,
}

impl Options {
    /// Options for `docs` with the defaults for everything else.
    pub fn new(docs: impl Into<PathBuf>) -> Self {
        Self {
            docs: docs.into(),
            spec_dir: crate::workspace_root().join("spec"),
            allow: None,
            format: Format::Text,
        }
    }
}

/// The allow-list used when `--allow` is not given: `<spec dir>/docs-check/allow.yaml`.
///
/// It sits in a sub-folder because every `*.yaml` directly in `spec/` is a spec to
/// `cargo xtask regenerate`.
pub fn default_allow_list(spec_dir: &Path) -> PathBuf {
    spec_dir.join("docs-check").join("allow.yaml")
}

/// Runs `cargo xtask docs-check ARGS` (the arguments that follow `docs-check`): prints the
/// report and returns the exit status.
pub fn main(args: &[String]) -> ExitCode {
    match crate::subcommand::parse::<DocsCheckArgs>("docs-check", args) {
        Ok(args) => execute(&args),
        Err(err) => crate::subcommand::usage_exit(&err),
    }
}

/// Runs docs-check with its parsed arguments: prints the report and returns the exit status.
///
/// Without `--spec-dir`, the specs are those of the checkout holding the current directory.
pub fn execute(args: &DocsCheckArgs) -> ExitCode {
    let spec_dir = match &args.spec_dir {
        Some(dir) => dir.clone(),
        None => match crate::workspace::locate() {
            Ok(root) => root.join("spec"),
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::from(2);
            }
        },
    };
    let options = Options {
        docs: args.docs.clone(),
        spec_dir,
        allow: args.allow.clone(),
        format: args.format,
    };
    match check(&options) {
        Ok(report) => {
            match options.format {
                Format::Text => print!("{}", report.text()),
                Format::Json => print!("{}", report.json()),
            }
            ExitCode::from(report.exit_code())
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Reads the pages, the specs and the allow-list, and compares.
pub fn check(options: &Options) -> Result<Report> {
    let pages = read_pages(&options.docs)?;
    let specs = load_specs(&options.spec_dir)?;
    let entries = match &options.allow {
        Some(path) => allow::load(path)?,
        None => {
            let path = default_allow_list(&options.spec_dir);
            if path.is_file() {
                allow::load(&path)?
            } else {
                Vec::new()
            }
        }
    };
    Ok(check_pages(&pages, &specs, &entries))
}

/// Compares parsed pages with loaded specs under an allow-list.
pub fn check_pages(pages: &[Page], specs: &[LoadedSpec], entries: &[allow::AllowEntry]) -> Report {
    let mut findings = Vec::new();
    for page in pages {
        findings.extend(compare::compare_page(page, specs));
    }
    let checked: Vec<CheckedPage> = pages
        .iter()
        .map(|page| CheckedPage {
            file: page.file.clone(),
            kind: page.kind,
            operations: page.operations.iter().map(page::Operation::key).collect(),
        })
        .collect();
    let keys: Vec<(String, Vec<String>)> = checked
        .iter()
        .map(|page| (page.file.clone(), page.operations.clone()))
        .collect();
    let judged = allow::judge(findings, entries, &keys);
    Report {
        pages: checked,
        disagreements: judged.disagreements,
        allowed: judged.allowed,
        stale: judged.stale,
        other_pages: judged.other_pages,
    }
}

/// Whether a file of the docs folder is a page (`.txt`, `.rst` or `.inc`).
pub fn is_page_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| matches!(ext.to_ascii_lowercase().as_str(), "txt" | "rst" | "inc"))
}

/// How deep [`read_pages`] looks into sub-folders for api-ref sources (Keystone's reference
/// nests them three folders down); deeper ones are left with a note.
const API_REF_DEPTH: usize = 6;

/// Parses every page of `dir`, and every api-ref source (`.rst`, `.inc`) of its sub-folders,
/// in path order. A page in a sub-folder is named by its path from `dir` (`v3/volumes.inc`):
/// an API reference may keep each version or extension in a folder of its own, with its own
/// parameter table, as Cinder's (`v2/`, `v3/`) and Keystone's (`v3/`, `v3-ext/`) do, and its
/// root `index.rst` defines no operation.
pub fn read_pages(dir: &Path) -> Result<Vec<Page>> {
    let mut files: Vec<(String, PathBuf)> = files_in(dir, "documentation pages", is_page_file)?
        .into_iter()
        .map(|path| (page::file_name(&path), path))
        .collect();
    let mut notes = Vec::new();
    api_ref_sources_below(dir, "", API_REF_DEPTH, &mut files, &mut notes)?;
    files.sort();
    if files.is_empty() {
        return Err(GenError::file(
            dir,
            "no documentation pages here (expected *.txt, *.rst or *.inc files)",
        ));
    }
    let mut pages = files
        .iter()
        .map(|(name, path)| {
            let mut page = source::read_page(path)?;
            page.file.clone_from(name);
            Ok(page)
        })
        .collect::<Result<Vec<Page>>>()?;
    if let Some(first) = pages.first_mut() {
        first.notes.extend(notes);
    }
    Ok(pages)
}

/// Adds the api-ref sources of `dir`'s sub-folders (named `prefix` + their path), down to
/// `depth` folders; symbolic links and hidden folders are not followed.
fn api_ref_sources_below(
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut Vec<(String, PathBuf)>,
    notes: &mut Vec<String>,
) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| GenError::file(dir, format!("cannot list the folder: {err}")))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.path())
        .filter(|path| !page::file_name(path).starts_with('.'))
        .collect();
    folders.sort();
    for folder in folders {
        let name = format!("{prefix}{}/", page::file_name(&folder));
        if depth == 0 {
            notes.push(format!(
                "{}: deeper than {API_REF_DEPTH} folders: its pages are not read",
                folder.display()
            ));
            continue;
        }
        let sources = files_in(&folder, "documentation pages", rst::is_api_ref_source)?;
        files.extend(
            sources
                .into_iter()
                .map(|path| (format!("{name}{}", page::file_name(&path)), path)),
        );
        api_ref_sources_below(&folder, &name, depth - 1, files, notes)?;
    }
    Ok(())
}

/// Loads every spec of `dir` (`*.yaml`, `*.yml`, `*.json`), in file-name order.
pub fn load_specs(dir: &Path) -> Result<Vec<LoadedSpec>> {
    let files = spec_files_in(dir)?;
    if files.is_empty() {
        return Err(GenError::file(
            dir,
            "no specs here (expected *.yaml, *.yml or *.json)",
        ));
    }
    files.iter().map(|file| load_spec(file)).collect()
}

fn files_in(dir: &Path, what: &str, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| GenError::file(dir, format!("cannot list the {what}: {err}")))?;
    Ok(entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file() && keep(path))
        .collect())
}
