//! `cargo xtask docs-import`: from rendered documentation pages to a draft OpenAPI 3.0.3 spec.
//!
//! The pages are read by docs-check's parsers ([`crate::docs_check::read_pages`]): the same
//! facts, the same located errors (exit 2) for a damaged or unknown page. From them:
//! [`operation`] builds each operation (with [`request`] for Katapult request bodies whose
//! field names the renderer dropped, and [`errors`] for the error statuses), [`infer`] turns
//! each example into a schema carrying the page's enums, markers and sentences, [`openstack`]
//! settles what an rst page and its facts table leave open by the OpenStack api-ref family's
//! conventions, and
//! [`components`] defines every object once under `components/schemas`. Every inference is
//! marked `x-inferred` with its reason and listed in the [`provenance`] report. An rst page's
//! keys are typed from the docs folder's facts table (`README.md`, read by
//! [`crate::docs_check::facts`]) where it has one; a damaged table is a located exit-2 error.
//!
//! When the spec file exists, [`merge`] adds what it lacks and reports every difference
//! without overwriting (`--replace` overwrites). Nothing is written until everything is built,
//! and then atomically ([`writer`]). The same pages give byte-identical output.
//!
//! Exit status: 0 written, 1 written but the pages and the existing spec differ (one line per
//! difference), 2 a page or the spec cannot be read or written.

#![warn(missing_docs)]

pub mod agreement;
pub mod api_ref;
pub mod components;
pub mod errors;
pub mod infer;
pub mod marks;
pub mod merge;
pub mod names;
pub mod openstack;
pub mod operation;
pub mod provenance;
pub mod request;
pub mod score;
pub mod writer;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::docs_check::allow::AllowEntry;
use crate::docs_check::api_ref::ParameterTables;
use crate::docs_check::facts::{Facts, read_facts};
use crate::docs_check::page::{Page, PageKind, file_name};
use crate::docs_check::read_pages;
use crate::error::{GenError, Result};
use crate::spec::load_spec;

use provenance::{Inferences, OperationSource, Provenance};
use request::ExampleIndex;

/// `cargo xtask docs-import`.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct DocsImportArgs {
    /// The rendered documentation pages (*.txt, *.rst, *.inc).
    #[arg(long, value_name = "DIR")]
    pub docs: PathBuf,
    /// The spec to write; if it exists, missing operations and components are added and every
    /// difference is reported.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The API's name (info.title of a new spec) [default: the docs folder's name].
    #[arg(long, value_name = "NAME")]
    pub api_name: Option<String>,
    /// Overwrite operations and components the spec already has with the imported ones.
    #[arg(long)]
    pub replace: bool,
    /// Also write the provenance report (Markdown, in the form of spec/PROVENANCE.md) here.
    #[arg(long, value_name = "FILE")]
    pub provenance: Option<PathBuf>,
    /// Also write a docs-check allow-list of the draft's deliberate differences from the pages.
    #[arg(long, value_name = "FILE")]
    pub allow_list: Option<PathBuf>,
    /// Treat every warning (a section skipped, a table entry not read) as an error: exit 2
    /// and write nothing.
    #[arg(long)]
    pub strict: bool,
    /// The API's OpenStack service type (`volume`), named in the microversion header's
    /// description (`OpenStack-API-Version: volume 3.0`).
    #[arg(long, value_name = "TYPE")]
    pub service_type: Option<String>,
    /// Also score the draft against this reference OpenAPI document and print the figures.
    #[arg(long, value_name = "REFERENCE")]
    pub score: Option<PathBuf>,
    /// With `--score`, also list every compared item found on one side only.
    #[arg(long, requires = "score")]
    pub score_details: bool,
    /// With `--score`, also print the figures with the reference corrected by these errata
    /// (a YAML list of `figure`, `reference`, `pages`, `why`: where the reference is wrong and
    /// the pages are right).
    #[arg(long, value_name = "FILE", requires = "score")]
    pub errata: Option<PathBuf>,
}

/// A draft built from pages, before anything is written.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The OpenAPI document.
    pub document: Value,
    /// Where everything comes from.
    pub provenance: Provenance,
    /// The docs-check allow-list entries of the draft's deliberate differences.
    pub allow: Vec<AllowEntry>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec text written.
    pub text: String,
    /// The provenance report.
    pub provenance: String,
    /// The allow-list text.
    pub allow_list: String,
    /// What was added, replaced or found different in an existing spec.
    pub merged: Option<merge::Merged>,
    /// Whether the spec file was written (an existing spec that gains nothing is left alone).
    pub written: bool,
    /// Every located warning: sections skipped, table entries not read.
    pub warnings: Vec<String>,
    /// What was read but not imported (pages with no operation).
    pub notes: Vec<String>,
}

/// What an api-ref folder adds to its pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiRef<'a> {
    /// The parameter tables the folder's pages name (`parameters.yaml`).
    pub table: Option<&'a ParameterTables>,
    /// The API's OpenStack service type, if given.
    pub service_type: Option<&'a str>,
}

/// Builds the draft of `pages`; `facts` is the docs folder's facts table, if it has one
/// (it types the keys of rst pages); `api_ref` its parameter table, if it is an api-ref
/// folder (rst pages are then built by [`api_ref`]); `api_name` is the draft's title.
pub fn draft(pages: &[Page], facts: Option<&Facts>, api_ref: ApiRef<'_>, api_name: &str) -> Draft {
    let mut inferences = Inferences::default();
    let mut index = ExampleIndex::default();
    for operation in pages.iter().flat_map(|page| &page.operations) {
        for response in &operation.responses {
            if let Some(example) = &response.example {
                index.add(&example.value);
            }
        }
    }
    let error_names = errors::error_names(pages);
    let mut paths = Map::new();
    let mut tags: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    let mut allow = Vec::new();
    let mut scopes: Vec<(String, String)> = Vec::new();
    let mut prefix: Option<String> = None;
    let mut bearer = false;
    let mut page_list = Vec::new();
    let mut keystone = false;
    if let Some(table) = api_ref.table {
        keystone = true;
        let built = api_ref_operations(pages, table, api_ref.service_type, &mut inferences);
        for (key, path, method, operation, files) in built {
            if let Some(tag) = operation.pointer("/tags/0").and_then(Value::as_str)
                && !tags.iter().any(|known| known == tag)
            {
                tags.push(tag.to_string());
            }
            sources.push(OperationSource {
                key,
                operation_id: operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                file: files,
                sections: "section title, `rest_method`, prose, response codes, request and \
                           response parameter lists typed by `parameters.yaml`, samples"
                    .to_string(),
            });
            let item = paths.entry(path).or_insert_with(|| json!({}));
            if let Some(item) = item.as_object_mut() {
                item.insert(method, operation);
            }
        }
        for page in pages.iter().filter(|page| page.kind == PageKind::Rst) {
            page_list.push((
                page.file.clone(),
                if page.operations.is_empty() {
                    "OpenStack api-ref reStructuredText, no operation".to_string()
                } else {
                    "OpenStack api-ref reStructuredText".to_string()
                },
                page.operations.iter().map(|op| op.key()).collect(),
            ));
        }
    }
    for page in pages {
        if api_ref.table.is_some() && page.kind == PageKind::Rst {
            continue;
        }
        let context = operation::Context {
            file: &page.file,
            kind: page.kind,
            index: &index,
            error_names: &error_names,
            facts,
        };
        page_list.push((
            page.file.clone(),
            match page.kind {
                PageKind::Katapult => "Katapult developer-docs page text".to_string(),
                PageKind::Rst => "OpenStack api-ref reStructuredText".to_string(),
            },
            page.operations.iter().map(|op| op.key()).collect(),
        ));
        for op in &page.operations {
            let built = operation::build(&context, op, &mut inferences);
            if let Some(tag) = built.operation.pointer("/tags/0").and_then(Value::as_str)
                && !tags.iter().any(|known| known == tag)
            {
                tags.push(tag.to_string());
            }
            for scope in &op.scopes {
                let full = format!("{}{scope}", op.scope_prefix.clone().unwrap_or_default());
                if !scopes.iter().any(|(known, _)| *known == full) {
                    scopes.push((full, format!("The `{scope}` scope (page `{}`).", page.file)));
                }
            }
            prefix = prefix.or_else(|| op.scope_prefix.clone());
            bearer |= op.responses.iter().any(|response| {
                response
                    .description
                    .as_deref()
                    .is_some_and(|d| d.contains("prefixed with Bearer"))
            });
            sources.push(OperationSource {
                key: op.key(),
                operation_id: built
                    .operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                file: page.file.clone(),
                sections: match page.kind {
                    PageKind::Katapult => "title, method and path, description, Scopes, Request \
                                           body, every status's schema and example"
                        .to_string(),
                    PageKind::Rst => "section title, `rest_method`, prose, Response codes, \
                                      Request and Response parameter lists"
                        .to_string(),
                },
            });
            for (thing, reason) in built.deliberate {
                allow.push(AllowEntry {
                    page: op.key(),
                    thing,
                    reason: format!("docs-import: {reason}"),
                });
            }
            let item = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
            if let Some(item) = item.as_object_mut() {
                item.insert(op.method.to_ascii_lowercase(), built.operation);
            }
        }
    }

    if let Some(facts) = facts {
        let typed: Vec<String> = pages
            .iter()
            .filter(|page| page.kind == PageKind::Rst)
            .flat_map(|page| page.operations.iter().map(|op| op.key()))
            .collect();
        if !typed.is_empty() {
            page_list.push((
                facts.file.clone(),
                "facts table (`page key | where | type | required`) typing the rst pages' keys"
                    .to_string(),
                typed,
            ));
        }
    }
    let mut document = Map::new();
    document.insert("openapi".into(), json!("3.0.3"));
    let titles: Vec<String> = pages
        .iter()
        .map(|page| format!("`{}`", page.file))
        .collect();
    document.insert(
        "info".into(),
        json!({
            "title": api_name,
            "version": "0.1.0",
            "description": format!(
                "Draft imported by `cargo xtask docs-import` from {}. Review every `x-inferred` \
                 mark before relying on it.",
                titles.join(", ")
            ),
        }),
    );
    if let Some(prefix) = &prefix {
        let reason = "the OAuth2 scope prefix names the API's host and base path";
        inferences.add(
            "servers",
            format!("`https://{}`", prefix.trim_end_matches('/')),
            reason,
        );
        document.insert(
            "servers".into(),
            json!([{ "url": format!("https://{}", prefix.trim_end_matches('/')), marks::INFERRED: reason }]),
        );
    }
    document.insert(
        "tags".into(),
        Value::Array(tags.iter().map(|name| json!({ "name": name })).collect()),
    );
    document.insert("paths".into(), Value::Object(paths));
    let mut components = Map::new();
    if !scopes.is_empty() {
        let host = prefix
            .as_deref()
            .and_then(|p| p.split('/').next())
            .unwrap_or("auth.example.invalid")
            .to_string();
        let placeholder = "the pages give no OAuth2 URLs: these are placeholders, and the flow \
                           type is assumed";
        inferences.add("securitySchemes OAuth2", "flow and URLs", placeholder);
        let mut api_token = json!({
            "type": "http",
            "scheme": "bearer",
            "description": "An API token, sent as `Authorization: Bearer <token>`.",
        });
        if !bearer && let Some(object) = api_token.as_object_mut() {
            let reason = "no page says how the token is sent; bearer is assumed";
            inferences.add("securitySchemes ApiToken", "bearer", reason);
            object.insert(marks::INFERRED.into(), json!(reason));
        }
        let scope_map: Map<String, Value> = scopes
            .into_iter()
            .map(|(scope, text)| (scope, json!(text)))
            .collect();
        components.insert(
            "securitySchemes".into(),
            json!({
                "ApiToken": api_token,
                "OAuth2": {
                    "type": "oauth2",
                    "description": format!(
                        "OAuth2; scopes are prefixed with `{}`.",
                        prefix.clone().unwrap_or_default()
                    ),
                    "flows": { "authorizationCode": {
                        "authorizationUrl": format!("https://{host}/oauth2/authorize"),
                        "tokenUrl": format!("https://{host}/oauth2/token"),
                        "scopes": scope_map,
                    }},
                    marks::INFERRED: placeholder,
                },
            }),
        );
    }
    if keystone {
        document.insert(
            "servers".into(),
            json!([{
                "url": "{endpoint}",
                "description": "The service's endpoint from the Keystone service catalogue.",
                "variables": { "endpoint": { "default": "http://localhost" } },
            }]),
        );
        components.insert(
            "securitySchemes".into(),
            json!({ "KeystoneToken": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Auth-Token",
                "description": "A Keystone (Identity) token.",
                "x-env-var": "OS_AUTH_TOKEN",
            }}),
        );
    }
    document.insert("components".into(), Value::Object(components));
    let mut document = Value::Object(document);
    let schemas = components::hoist(&mut document, &mut inferences);
    errors::fix_mappings(&mut document);
    strip_marks(&mut document);
    writer::tidy(&mut document);
    Draft {
        document,
        provenance: Provenance {
            pages: page_list,
            operations: sources,
            schemas,
            inferences,
        },
        allow,
    }
}

/// The version folder of a page, by its name from the imported folder: `v3` of
/// `v3/volumes.inc` and of `v3-ext/federation/idp.inc`'s `v3-ext`; `""` for a page at the top.
fn version_folder(file: &str) -> &str {
    file.split_once('/').map_or("", |(folder, _)| folder)
}

/// The version folders whose API has microversions: a page there gives an operation a
/// `min_version` or `max_version`, or names a table that records one. A reference's root holds
/// a folder per version, and only some versions have microversions (Cinder's v3, not its v2).
fn microversioned_folders<'a>(
    pages: &'a [Page],
    table: &ParameterTables,
) -> std::collections::HashSet<&'a str> {
    pages
        .iter()
        .filter(|page| {
            page.operations.iter().any(|op| {
                op.min_version.is_some()
                    || op.max_version.is_some()
                    || op
                        .request_parameters
                        .iter()
                        .chain(&op.response_parameters)
                        .any(|parameter| table.has_microversions_in(&parameter.table))
            })
        })
        .map(|page| version_folder(&page.file))
        .collect()
}

/// One operation of an api-ref folder: its key, path, lower-case method, object, and the
/// pages its sections come from.
type ApiRefOperation = (String, String, String, Value, String);

/// The operations of an api-ref folder's rst pages: the sections of one method and path
/// (across pages) become one operation, in the order they first appear; operationIds are made
/// unique by a numeric suffix.
fn api_ref_operations(
    pages: &[Page],
    table: &ParameterTables,
    service_type: Option<&str>,
    inferences: &mut Inferences,
) -> Vec<ApiRefOperation> {
    let mut order: Vec<String> = Vec::new();
    let routed = one_name_per_route(pages, inferences);
    let mut groups: std::collections::HashMap<String, Vec<api_ref::Section<'_>>> =
        std::collections::HashMap::new();
    for (page, operation) in &routed {
        {
            let key = operation.key();
            let group = groups.entry(key.clone()).or_default();
            if group.is_empty() {
                order.push(key);
            }
            group.push(api_ref::Section {
                file: &page.file,
                operation,
                page_title: page.title.as_deref(),
            });
        }
    }
    let microversioned = microversioned_folders(pages, table);
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for key in order {
        let Some(sections) = groups.get(&key) else {
            continue;
        };
        let Some(first) = sections.first() else {
            continue;
        };
        let context = api_ref::Context {
            table,
            microversions: microversioned.contains(version_folder(first.file)),
            service_type,
        };
        let mut operation = api_ref::build(&context, sections, inferences);
        let base = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("operation")
            .to_string();
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        operation["operationId"] = json!(id);
        let mut files: Vec<String> = sections.iter().map(|s| format!("`{}`", s.file)).collect();
        files.dedup();
        out.push((
            key,
            first.operation.path.clone(),
            first.operation.method.to_ascii_lowercase(),
            operation,
            files.join(", "),
        ));
    }
    out
}

/// The rst pages' operations, each with its page; an operation whose path differs from an
/// earlier one only in its parameters' names (`…/encryption/{key}` and
/// `…/encryption/{encryption_id}`, one route a server can serve once) takes the earlier
/// path's names, its path parameters renamed with them.
fn one_name_per_route<'a>(
    pages: &'a [Page],
    inferences: &mut Inferences,
) -> Vec<(&'a Page, crate::docs_check::page::Operation)> {
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for page in pages.iter().filter(|page| page.kind == PageKind::Rst) {
        for operation in &page.operations {
            let mut operation = operation.clone();
            let path = first
                .entry(route(&operation.path))
                .or_insert_with(|| operation.path.clone())
                .clone();
            if path != operation.path {
                inferences.add(
                    operation.key(),
                    format!("path `{path}`"),
                    format!(
                        "`{}` differs from `{path}` only in its parameters' names: one route, \
                         named as the page that documents it first names it",
                        operation.path
                    ),
                );
                let names = |path: &str| -> Vec<String> {
                    path.split('/')
                        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                        .map(str::to_string)
                        .collect()
                };
                for (old, new) in names(&operation.path).into_iter().zip(names(&path)) {
                    for parameter in &mut operation.request_parameters {
                        if parameter.key == old {
                            parameter.key = new.clone();
                        }
                    }
                }
                operation.path = path;
            }
            out.push((page, operation));
        }
    }
    out
}

/// `path` with every `{name}` made `{}`.
fn route(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Removes every import mark left (objects that stayed inline keep theirs until here).
fn strip_marks(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for mark in marks::ALL {
                map.remove(mark);
            }
            for child in map.values_mut() {
                strip_marks(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_marks),
        _ => {}
    }
}

/// Reads the pages, builds the draft, merges it into an existing spec, and writes the spec
/// (and the reports asked for). Nothing is written when anything fails.
pub fn import(args: &DocsImportArgs) -> Result<Imported> {
    let pages = read_pages(&args.docs)?;
    let facts = read_facts(&args.docs)?;
    let table = ParameterTables::read(&pages)?;
    let warnings: Vec<&String> = pages
        .iter()
        .flat_map(|page| &page.warnings)
        .chain(table.iter().flat_map(ParameterTables::all_warnings))
        .collect();
    if args.strict && !warnings.is_empty() {
        return Err(GenError::file(
            &args.docs,
            format!(
                "--strict: {} warning(s), nothing written:\n{}",
                warnings.len(),
                warnings
                    .iter()
                    .map(|w| w.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        ));
    }
    let api_name = args
        .api_name
        .clone()
        .unwrap_or_else(|| format!("API of {}", file_name(&args.docs)));
    let draft = draft(
        &pages,
        facts.as_ref(),
        ApiRef {
            table: table.as_ref(),
            service_type: args.service_type.as_deref(),
        },
        &api_name,
    );
    let spec_name = file_name(&args.spec);
    let header = format!(
        "Draft written by `cargo xtask docs-import` from the pages in the folder `{}`.\nEvery inference is \
         marked x-inferred; the provenance report lists each with its reason.",
        file_name(&args.docs)
    );
    let (document, merged) = if args.spec.exists() {
        let existing = load_spec(&args.spec)?;
        let merged = merge::merge(
            &existing,
            &draft.document,
            &pages,
            &draft.allow,
            args.replace,
        );
        (merged.document.clone(), Some(merged))
    } else {
        (draft.document.clone(), None)
    };
    let text = writer::to_text(&args.spec, &document, &header)?;
    let provenance = draft.provenance.markdown(&spec_name);
    let allow_list = allow_text(&draft.allow)?;
    let unchanged = merged.as_ref().is_some_and(|m| {
        m.added_operations.is_empty()
            && m.replaced_operations.is_empty()
            && m.added_components.is_empty()
    });
    if !unchanged {
        writer::write_atomic(&args.spec, &text)?;
    }
    if let Some(path) = &args.provenance {
        writer::write_atomic(path, &provenance)?;
    }
    if let Some(path) = &args.allow_list {
        writer::write_atomic(path, &allow_list)?;
    }
    let notes = pages.iter().flat_map(|page| page.notes.clone()).collect();
    Ok(Imported {
        text,
        provenance,
        allow_list,
        merged,
        written: !unchanged,
        warnings: warnings.into_iter().cloned().collect(),
        notes,
    })
}

/// The allow-list entries as docs-check reads them.
fn allow_text(entries: &[AllowEntry]) -> Result<String> {
    let mut out = String::from(
        "# Written by `cargo xtask docs-import`: the draft's deliberate differences from the\n\
         # pages, for `cargo xtask docs-check --allow`.\n",
    );
    if !entries.is_empty() {
        out.push_str(&serde_yaml::to_string(entries).map_err(|err| {
            GenError::file(
                "(allow-list)",
                format!("cannot write the allow-list: {err}"),
            )
        })?);
    }
    Ok(out)
}

/// Runs `cargo xtask docs-import` with its parsed arguments: prints the provenance report and
/// every difference, and returns the exit status.
pub fn execute(args: &DocsImportArgs) -> ExitCode {
    match import(args) {
        Ok(imported) => {
            print!("{}", imported.provenance);
            for note in &imported.notes {
                eprintln!("note: {note}");
            }
            for warning in &imported.warnings {
                eprintln!("warning: {warning}");
            }
            let mut status = 0;
            if let Some(merged) = &imported.merged {
                println!();
                for key in &merged.added_operations {
                    println!("added: operation {key}");
                }
                for key in &merged.replaced_operations {
                    println!("replaced: operation {key}");
                }
                for name in &merged.added_components {
                    println!("added: component {name}");
                }
                for line in &merged.differences {
                    println!("differs: {line}");
                }
                if !merged.differences.is_empty() {
                    status = 1;
                }
            }
            if let Some(reference) = &args.score {
                match score_file(
                    &imported.text,
                    &args.spec,
                    reference,
                    args.errata.as_deref(),
                ) {
                    Ok((raw, corrected)) => {
                        println!();
                        println!(
                            "score of {} against {}:",
                            shown(&args.spec),
                            shown(reference)
                        );
                        print!("{}", raw.text(args.score_details && corrected.is_none()));
                        if let (Some(corrected), Some(errata)) = (corrected, &args.errata) {
                            println!();
                            println!(
                                "the same, with the reference corrected by {}:",
                                shown(errata)
                            );
                            print!("{}", corrected.text(args.score_details));
                        }
                    }
                    Err(err) => {
                        eprintln!("error: {err}");
                        return ExitCode::from(2);
                    }
                }
            }
            if imported.written {
                eprintln!("wrote {}", shown(&args.spec));
            } else {
                eprintln!(
                    "{} already has every operation: left as it is",
                    shown(&args.spec)
                );
            }
            ExitCode::from(status)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Scores the written spec text (`spec` names it) against the reference document; with
/// `errata`, also against the reference corrected by them.
pub fn score_file(
    text: &str,
    spec: &Path,
    reference: &Path,
    errata: Option<&Path>,
) -> Result<(score::Score, Option<score::Score>)> {
    let is_json = spec.extension().is_some_and(|ext| ext == "json");
    let draft = crate::spec::load_spec_from_str(spec, text, is_json)?;
    let reference = load_spec(reference)?;
    let raw = score::score(&draft.document, &reference.document);
    let corrected = match errata {
        Some(path) => {
            let errata = score::load_errata(path)?;
            Some(score::score_with_errata(
                &draft.document,
                &reference.document,
                &errata,
            ))
        }
        None => None,
    };
    Ok((raw, corrected))
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
