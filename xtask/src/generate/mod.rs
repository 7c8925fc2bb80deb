//! `cargo xtask generate` and `regenerate`: the pipeline from an OpenAPI document to a crate,
//! one room per stage, data flowing one way:
//!
//! [`crate::spec`] loads the document → [`normalise`] makes a progenitor-ready copy →
//! [`progenitor`] runs progenitor and typify (panic-isolated) and rewrites their output →
//! [`model`] is the operation model every later stage reads → [`emit`] writes what varies with
//! the API from the model (error types, responses, wire, auth, server stub, crate docs,
//! features) → [`render`] lays out, gates and formats the code, fills the templates and writes
//! atomically (or compares and prints a unified diff). [`syntax`] holds the helpers several
//! rooms share. Each room's `mod.rs` says what comes in, what goes out and which rooms it may
//! import (`xtask/tests/module_graph.rs` checks it); only this file chains the stages.
//!
//! Stages return errors located by a JSON pointer ([`Located`]); [`render_crate`], which knows
//! the file, attaches it once.

pub mod emit;
pub mod model;
pub mod normalise;
pub mod progenitor;
pub mod render;
pub mod syntax;

use std::path::{Path, PathBuf};

use clap::Args;
use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::error::{GenError, Located, Result, StageResult};
use crate::spec::files::spec_files_in;
use crate::spec::{LoadedSpec, load_spec, spec_files};
use emit::{auth, crate_docs, error_types, features, handler_calls, responses, server, wire};
use model::body_types::{self, BodyTypeAt};
use model::{Model, parameter_types};
use normalise::Normalised;
use progenitor::passes::{self, File, Stage};
use progenitor::prelude_paths;
use progenitor::run::{ClientCode, generate_client};
use render::output::{OutputTree, check_tree, write_tree};
use render::{Emitted, RenderedCrate, format_tokens, render};

/// The exit status of `regenerate` and `generate`.
const GENERATE_EXIT: &str =
    "exit status: 0 up to date, 1 stale (--check), 2 spec or generator error";

/// Render every spec under spec/ into generated/<name>/.
///
/// The workspace is the checkout holding the current directory. With --check, write
/// nothing: print a unified diff and exit 1 if generated/ is stale.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(after_help = GENERATE_EXIT)]
pub struct RegenerateArgs {
    /// Write nothing: print a unified diff and exit 1 if generated/ is stale.
    #[arg(long)]
    pub check: bool,
    /// Treat warnings (places a spec says something the generator reads differently) as
    /// errors: exit 2 at the first.
    #[arg(long)]
    pub deny_warnings: bool,
    /// A rewrite of progenitor's output that meets code of its kind it does not recognise is
    /// an error (exit 2), not a warning.
    #[arg(long)]
    pub strict_passes: bool,
}

/// The same pipeline for any OpenAPI 3.0 or 3.1 or Swagger 2.0 document (YAML or JSON), into a standalone
/// crate.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(after_help = GENERATE_EXIT)]
pub struct GenerateArgs {
    /// The OpenAPI 3.0 or 3.1 or Swagger 2.0 document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The crate folder to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The crate's name [default: the spec's file stem, lower-case, other characters as `-`].
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// Write nothing: print a unified diff and exit 1 if DIR is stale.
    #[arg(long)]
    pub check: bool,
    /// Treat warnings (places the document says something the generator reads differently,
    /// each printed with its JSON pointer) as errors: exit 2 at the first.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Keep typify's per-type builders (`types::X::builder()`, the operations' `body_map`);
    /// off by default, as they are most of a crate's lines (a spec can ask with
    /// `x-struct-builders: true` at its root).
    #[arg(long)]
    pub struct_builders: bool,
    /// A rewrite of progenitor's output that meets code of its kind it does not recognise is
    /// an error (exit 2), not a warning.
    #[arg(long)]
    pub strict_passes: bool,
}

/// What a `regenerate` or `generate` run found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Files were written (or, when checking, already matched).
    UpToDate,
    /// Checking found differences: the unified diff.
    Stale(String),
}

/// How a `generate` or `regenerate` run behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Write nothing: compare with the files on disk.
    pub check: bool,
    /// Fail on the first warning instead of reporting it.
    pub deny_warnings: bool,
    /// Keep typify's per-type builders (`types::builder`, `body_map`) in every crate, as a
    /// spec's `x-struct-builders: true` does for its own.
    pub struct_builders: bool,
    /// A rewrite of progenitor's output that meets code of its kind it does not recognise is
    /// an error, not a warning (see [`progenitor::passes`]). On by default in this crate's
    /// own tests.
    pub strict_passes: bool,
}

// Not derived: `cfg!(test)` is true in this crate's unit tests, whose runs are strict.
#[allow(clippy::derivable_impls)]
impl Default for Options {
    fn default() -> Self {
        Self {
            check: false,
            deny_warnings: false,
            struct_builders: false,
            strict_passes: cfg!(test),
        }
    }
}

/// What a run did, and the warnings it met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Written, up to date or stale.
    pub outcome: Outcome,
    /// Places the documents say something the generator reads differently, once each, in
    /// file and document order.
    pub warnings: Vec<GenError>,
    /// The type each documented JSON body and component schema decodes to, crate after crate
    /// (`generate`'s one crate: what `corpus --examples` decodes the examples with).
    pub body_types: Vec<BodyTypeAt>,
}

/// Renders every spec of the workspace at `root` into `root/generated/<spec stem>/`; with
/// `check`, compares instead of writing. The warnings are dropped: see [`regenerate_with`].
pub fn regenerate(root: &Path, check: bool) -> Result<Outcome> {
    regenerate_with(
        root,
        Options {
            check,
            ..Options::default()
        },
    )
    .map(|run| run.outcome)
}

/// Renders any OpenAPI document into a standalone crate at `out`. The warnings are dropped:
/// see [`generate_with`].
pub fn generate(spec: &Path, out: &Path, crate_name: Option<&str>, check: bool) -> Result<Outcome> {
    generate_with(
        spec,
        out,
        crate_name,
        Options {
            check,
            ..Options::default()
        },
    )
    .map(|run| run.outcome)
}

/// [`regenerate`], with the warnings. Besides `spec/` → `generated/`, the construct samples
/// `tests/samples/*.yaml` become `tests/generated/sample-<name>/`, crates the wire tests use
/// as any downstream crate would.
pub fn regenerate_with(root: &Path, options: Options) -> Result<Run> {
    let mut outputs = Vec::new();
    for (sources, folder, prefix) in [
        (spec_files(root)?, "generated", ""),
        (sample_files(root)?, "tests/generated", "sample-"),
    ] {
        let mut crates = Vec::new();
        for spec in sources {
            let relative = spec.strip_prefix(root).unwrap_or(&spec).to_path_buf();
            let stem = spec
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default();
            crates.push(render_crate(
                &spec,
                &relative,
                &format!("{prefix}{stem}"),
                options,
            )?);
        }
        let tree = OutputTree {
            root: root.join(folder),
            owns_root: true,
            label: PathBuf::from(folder),
        };
        outputs.push((tree, crates));
    }
    finish(outputs, options, &root.join("target/xtask-staging"))
}

/// The construct samples, `tests/samples/*.yaml` (none if the folder does not exist).
fn sample_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("tests/samples");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    spec_files_in(&dir)
}

/// [`generate`], with the warnings.
pub fn generate_with(
    spec: &Path,
    out: &Path,
    crate_name: Option<&str>,
    options: Options,
) -> Result<Run> {
    let name = match crate_name {
        Some(name) => name.to_string(),
        None => spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
    };
    let krate = render_crate(spec, spec, &name, options)?;
    let tree = OutputTree {
        root: out.to_path_buf(),
        owns_root: false,
        label: out.to_path_buf(),
    };
    let staging = out.with_file_name(format!(
        ".{}.xtask-staging",
        out.file_name().and_then(|n| n.to_str()).unwrap_or("crate")
    ));
    finish(vec![(tree, vec![krate])], options, &staging)
}

/// Writes (or, checking, compares) every tree once all their crates rendered, so a spec that
/// fails leaves every tree as it was.
fn finish(
    outputs: Vec<(OutputTree, Vec<RenderedCrate>)>,
    options: Options,
    staging: &Path,
) -> Result<Run> {
    let mut warnings: Vec<GenError> = Vec::new();
    let mut body_types = Vec::new();
    for krate in outputs.iter().flat_map(|(_, crates)| crates) {
        body_types.extend(krate.body_types.iter().cloned());
        for warning in &krate.warnings {
            if !warnings.contains(warning) {
                warnings.push(warning.clone());
            }
        }
    }
    if options.deny_warnings && !warnings.is_empty() {
        let first = &warnings[0];
        return Err(GenError {
            message: format!(
                "{} (warning denied; {} warning(s) in all)",
                first.message,
                warnings.len()
            ),
            ..first.clone()
        });
    }
    let outcome = if options.check {
        let diff: String = outputs
            .iter()
            .map(|(tree, crates)| check_tree(tree, crates))
            .collect();
        if diff.is_empty() {
            Outcome::UpToDate
        } else {
            Outcome::Stale(diff)
        }
    } else {
        for (tree, crates) in &outputs {
            write_tree(tree, crates, staging)?;
        }
        Outcome::UpToDate
    };
    Ok(Run {
        outcome,
        warnings,
        body_types,
    })
}

/// Loads, normalises and renders one spec into its crate: the only place that chains the
/// stages (they are public so that `cargo xtask bench` can time each one).
///
/// `spec_path` is where to read the spec; `display_path` is how headers and messages name it
/// (a path relative to the workspace, so output is the same on every machine).
/// `options.struct_builders` keeps typify's builders whatever the spec says;
/// `options.strict_passes` makes a pass's report an error.
pub fn render_crate(
    spec_path: &Path,
    display_path: &Path,
    crate_name: &str,
    options: Options,
) -> Result<RenderedCrate> {
    let mut spec = load_stage(spec_path, display_path, crate_name)?;
    // The normalised copy is all the later stages read; a large document is not kept twice.
    let document = std::mem::take(&mut spec.document);
    let located = || -> StageResult<RenderedCrate> {
        let mut normalised = normalise::normalise(document)?;
        normalised.struct_builders |= options.struct_builders;
        let client = client_stage(&mut normalised, options.strict_passes)?;
        // The model holds all that the later stages read.
        let normalised_warnings = std::mem::take(&mut normalised.warnings);
        drop(normalised);
        let server = server_stage(&client, crate_name);
        let client_warnings = client.warnings.clone();
        let mut krate = format_stage(&spec, client, server, crate_name)?;
        let rendering_warnings = std::mem::take(&mut krate.warnings);
        krate.warnings = (spec.warnings.iter())
            .chain(&normalised_warnings)
            .chain(&client_warnings)
            .map(|warning| warning.clone().in_file(&spec.path))
            .chain(rendering_warnings)
            .collect();
        Ok(krate)
    };
    located().map_err(|err| err.in_file(&spec.path))
}

/// What the client stage produced: the operation model, the client's three large files already
/// formatted (each syntax tree is printed and freed as soon as it is final: a large API's trees
/// are gigabytes), and the small emitters' code, not yet formatted.
pub struct ClientStage {
    /// The operation model every emitter reads.
    pub model: Model,
    /// `types.rs`: the model types, formatted, without the `@generated` header.
    pub types: String,
    /// `client.rs`: `Client`, its methods and the request builders, formatted.
    pub client: String,
    /// `errors.rs`: the per-operation error types, formatted.
    pub errors: String,
    /// The items of `auth.rs`.
    pub auth: TokenStream,
    /// The items of `responses.rs`.
    pub responses: TokenStream,
    /// The items of `wire.rs`.
    pub wire: TokenStream,
    /// The features each item is compiled under; the server stub is gated by them too.
    pub gates: features::Gates,
    /// What had to be left out for typify to accept the document.
    pub warnings: Vec<Located>,
    /// The type each documented JSON body and component schema decodes to.
    pub body_types: Vec<BodyTypeAt>,
}

/// Stage 1, load and validate: reads the spec, names it `display_path` and checks that
/// `crate_name` can be a package name.
pub fn load_stage(spec_path: &Path, display_path: &Path, crate_name: &str) -> Result<LoadedSpec> {
    let mut spec = load_spec(spec_path)?;
    spec.path = display_path.to_path_buf();
    check_crate_name(crate_name).map_err(|err| err.in_file(display_path))?;
    Ok(spec)
}

/// Stage 3, client: progenitor (types and client) and the passes over its output
/// ([`passes::PASSES`], in their four stages; `strict_passes` makes a loud pass's report an
/// error), the operation model, the error types and the credential methods, each gated by its
/// features. (Stage 2 is [`normalise::normalise`].)
///
/// progenitor's read of the document is its last use: the stage takes `normalised.openapi`
/// out and frees it.
pub fn client_stage(normalised: &mut Normalised, strict_passes: bool) -> StageResult<ClientStage> {
    let ClientCode {
        mut types,
        mut client,
        generator,
        mut warnings,
    } = generate_client(normalised)?;
    let mut context = passes::Context::new(normalised.struct_builders, strict_passes);
    passes::run_on_both(Stage::AsWritten, &mut types, &mut client, &mut context)?;
    let type_space = generator.get_type_space();
    let mut model = model::build(normalised, type_space)?;
    let body_types = body_types::body_types(
        &model,
        &normalised.document,
        &model::TypeIndex::new(type_space),
    );
    parameter_types::type_parsed_parameters(&mut model, &client, &types);
    context.model = Some(&model);
    passes::run_on_tree(Stage::WithModel, File::Client, &mut client, &mut context)?;
    let gates = features::Gates::new(&model, type_space, &client);
    drop(generator);
    gates.gate_items(&mut types.items);
    let types = print(types, File::Types, &mut context)?;
    gates.gate_client(&mut client);
    let client = print(client, File::Client, &mut context)?;
    warnings.extend(context.into_findings());
    let mut errors = error_types::generate_errors(&model)?;
    gates.gate_items(&mut errors.items);
    prelude_paths::shorten_prelude_paths(&mut errors);
    let errors = error_types::with_documented_error_macro(&unparse(errors));
    let gated = |tokens: TokenStream| -> StageResult<TokenStream> {
        let mut file: syn::File = syn::parse2(tokens).map_err(|err| {
            Located::whole(format!("internal error: generated invalid Rust: {err}"))
        })?;
        gates.gate_items(&mut file.items);
        prelude_paths::shorten_prelude_paths(&mut file);
        Ok(file.to_token_stream())
    };
    let responses = gated(responses::generate_responses(&model))?;
    let wire = gated(wire::generate_wire(&model))?;
    let auth = auth::generate_auth(&model);
    Ok(ClientStage {
        model,
        types,
        client,
        errors,
        auth,
        responses,
        wire,
        gates,
        warnings,
        body_types,
    })
}

/// `types.rs` or `client.rs`, gated: the passes over its tree, printed, the passes over its
/// text (the list is [`passes::PASSES`]).
fn print(
    mut tree: syn::File,
    file: File,
    context: &mut passes::Context<'_>,
) -> StageResult<String> {
    passes::run_on_tree(Stage::Gated, file, &mut tree, context)?;
    Ok(passes::run_on_text(
        Stage::Printed,
        file,
        unparse(tree),
        context,
    ))
}

/// Formats a file with prettyplease, its runs of gated items as `gated!` calls, and frees its
/// syntax tree.
fn unparse(file: syn::File) -> String {
    render::gated_runs::unparse(file)
}

/// Stage 4, server: the trait and axum router.
pub fn server_stage(client: &ClientStage, crate_name: &str) -> TokenStream {
    server::generate_server(&client.model, &client.gates, crate_name)
}

/// Stage 5, format: prettyplease for the small files, the templates and the `@generated`
/// headers → the crate's files, in memory.
pub fn format_stage(
    spec: &LoadedSpec,
    client: ClientStage,
    server: TokenStream,
    crate_name: &str,
) -> StageResult<RenderedCrate> {
    let ClientStage {
        model,
        types,
        client,
        errors,
        auth,
        responses,
        wire,
        gates,
        warnings: _,
        body_types,
    } = client;
    let emitted = Emitted {
        types,
        client,
        errors,
        auth,
        responses: responses::with_success_by_status_macro(&format_tokens(responses)?),
        wire,
        server: handler_calls::with_handler_macro(&format_tokens(server)?),
        example_doc: crate_docs::example_doc(&model, crate_name),
        features_doc: crate_docs::features_doc(&model, crate_name),
        manifest_features: features::manifest_features(&model, &gates.shared_features()),
    };
    let mut krate = render(spec, &model, emitted, crate_name)?;
    krate.body_types = body_types;
    Ok(krate)
}

/// Package names: lowercase ASCII letters, digits, `-` and `_`, starting with a letter.
fn check_crate_name(name: &str) -> StageResult<()> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Located::whole(format!(
            "`{name}` is not a usable crate name: use lowercase letters, digits, `-` and `_`, \
             starting with a letter (pass --crate-name)"
        )))
    }
}
