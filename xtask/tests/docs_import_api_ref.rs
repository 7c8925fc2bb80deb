//! `cargo xtask docs-import` over a whole OpenStack api-ref folder: Cinder's, committed in
//! `spec/cinder-api-ref/` (v3 and v2), read as the os-api-ref extension defines the family.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xtask::docs_check::read_pages;
use xtask::docs_import::{DocsImportArgs, import};
use xtask::workspace_root;

fn folder(version: &str) -> PathBuf {
    workspace_root().join("spec/cinder-api-ref").join(version)
}

fn args(docs: &Path, spec: &Path) -> DocsImportArgs {
    DocsImportArgs {
        docs: docs.to_path_buf(),
        spec: spec.to_path_buf(),
        api_name: Some("Cinder".to_string()),
        replace: false,
        provenance: None,
        allow_list: None,
        strict: false,
        service_type: Some("volume".to_string()),
        score: None,
        score_details: false,
        errata: None,
    }
}

/// Imports `version` into a fresh file; the spec text and the parsed document.
fn imported(version: &str) -> (String, Value, xtask::docs_import::Imported) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("draft.yaml");
    let imported = import(&args(&folder(version), &spec))
        .unwrap_or_else(|err| panic!("the {version} folder imports: {err}"));
    let document: Value = serde_yaml::from_str(&imported.text).expect("the draft is YAML");
    (imported.text.clone(), document, imported)
}

/// Every `METHOD route` the pages document, and the draft's.
fn keys(version: &str, document: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let pages = read_pages(&folder(version)).expect("pages");
    let documented = pages
        .iter()
        .flat_map(|page| {
            page.operations
                .iter()
                .map(|op| format!("{} {}", op.method, route(&op.path)))
        })
        .collect();
    let mut drafted = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            drafted.insert(format!("{} {}", method.to_ascii_uppercase(), route(path)));
        }
    }
    (documented, drafted)
}

/// `path` with its parameters' names left out: the route a server serves (pages may name one
/// route's parameter differently, and the draft names it once).
fn route(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// `value` with its `$ref` (into `doc`) followed.
fn deref<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => doc
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{reference} resolves")),
        None => value,
    }
}

/// The value at `keys` below `value`, following `$ref`s on the way.
fn at<'a>(doc: &'a Value, value: &'a Value, keys: &[&str]) -> &'a Value {
    keys.iter()
        .fold(deref(doc, value), |node, key| deref(doc, &node[*key]))
}

#[test]
fn the_whole_v3_and_v2_folders_import_every_documented_operation() {
    // v3 writes one of its 165 URLs with a query string (`…/os-quota-sets/{project_id}?usage=True`):
    // the same operation as the one without it.
    for (version, count) in [("v3", 164), ("v2", 87)] {
        let (_, document, imported) = imported(version);
        let (documented, drafted) = keys(version, &document);
        assert_eq!(
            documented, drafted,
            "{version}: every operation, nothing else"
        );
        assert_eq!(drafted.len(), count, "{version}");
        // Pages with no operation are read and noted, not refused.
        assert!(
            imported.notes.iter().any(|n| n.contains("index.rst")),
            "{:?}",
            imported.notes
        );
    }
}

#[test]
fn the_root_of_a_reference_with_a_folder_per_version_imports_every_version() {
    // `spec/cinder-api-ref/` holds `index.rst` (no operation) and a folder per version, each
    // with its own parameter table: one run imports both, each page typed by its own table.
    let (_, document, imported) = imported("");
    let (documented, drafted) = keys("", &document);
    assert_eq!(documented, drafted, "every operation of v2 and v3");
    // 164 + 87 routes, `GET /` (the versions) documented by both.
    assert_eq!(drafted.len(), 250);
    let mut ids = BTreeSet::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("item").values() {
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(ids.insert(id.to_string()), "{id} named twice");
        }
    }
    assert!(
        imported.notes.iter().any(|n| n.contains("index.rst")),
        "{:?}",
        imported.notes
    );
    // Microversions are v3's: its operations take the header, v2's do not.
    let takes_the_header = |path: &str, method: &str| {
        document["paths"][path][method]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| deref(&document, p)["name"] == "OpenStack-API-Version")
    };
    assert!(takes_the_header("/v3/{project_id}/volumes", "get"));
    assert!(!takes_the_header("/v2/{project_id}/volumes", "get"));
}

#[test]
fn each_page_is_typed_by_the_table_its_directive_names_as_sphinx_finds_it() {
    // Two versions with their own tables, which type one key differently, and a page another
    // document includes (`.. include:: ext/idp.inc`), whose directives name their table and
    // sample from the including document's folder, as Keystone's federation pages do.
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("api-ref");
    let write = |path: &str, text: &str| {
        let path = docs.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("written");
    };
    write(
        "index.rst",
        "API\n===\n\n.. toctree::\n\n   a/index\n   b/index\n",
    );
    let table = |kind: &str| {
        format!(
            "project_id:\n  in: path\n  required: true\n  type: string\n  description: The \
             project.\nlimit:\n  in: query\n  required: false\n  type: {kind}\n  \
             description: At most this many.\n"
        )
    };
    let page = |version: &str| {
        format!(
            "Things\n======\n\n.. rest_method:: GET /{version}/{{project_id}}/things\n\n\
             Normal response codes: 200\n\n.. rest_parameters:: parameters.yaml\n\n   \
             - project_id: project_id\n   - limit: limit\n"
        )
    };
    write("a/parameters.yaml", &table("integer"));
    write("a/things.inc", &page("a"));
    write("b/parameters.yaml", &table("string"));
    write("b/things.inc", &page("b"));
    write(
        "b/index.rst",
        "B\n=\n\n.. include:: things.inc\n.. include:: ext/idp.inc\n",
    );
    write(
        "b/ext/parameters.yaml",
        "enabled:\n  in: body\n  required: true\n  type: boolean\n  description: On.\n",
    );
    write("b/ext/samples/idp.json", r#"{"enabled": true}"#);
    write(
        "b/ext/idp.inc",
        "Register\n========\n\n.. rest_method:: PUT /b/idps/{id}\n\n\
         Normal response codes: 201\n\nRequest\n-------\n\n\
         .. rest_parameters:: ext/parameters.yaml\n\n   - enabled: enabled\n\n\
         Request Example\n---------------\n\n.. literalinclude:: ext/samples/idp.json\n",
    );
    let spec = dir.path().join("draft.yaml");
    let imported = import(&args(&docs, &spec)).expect("imports");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let document: Value = serde_yaml::from_str(&imported.text).expect("YAML");
    let limit = |path: &str| {
        let parameters = document["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has parameters: {document}"));
        let limit = parameters
            .iter()
            .map(|p| deref(&document, p))
            .find(|p| p["name"] == "limit")
            .unwrap_or_else(|| panic!("{path} takes limit"));
        (limit["in"].clone(), limit["schema"]["type"].clone())
    };
    assert_eq!(
        limit("/a/{project_id}/things"),
        ("query".into(), "integer".into())
    );
    assert_eq!(
        limit("/b/{project_id}/things"),
        ("query".into(), "string".into())
    );
    let body = &document["paths"]["/b/idps/{id}"]["put"]["requestBody"]["content"]["application/json"]
        ["schema"];
    let enabled = at(&document, body, &["properties", "enabled"]);
    assert_eq!(enabled["type"], "boolean", "{document}");
    assert_eq!(
        deref(&document, body)["required"],
        serde_json::json!(["enabled"]),
        "the included page's table makes it required"
    );
}

#[test]
fn strict_turns_the_located_warnings_into_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("draft.yaml");
    let mut strict = args(&folder("v3"), &spec);
    strict.strict = true;
    let err = import(&strict)
        .expect_err("v3's table has misspelt keys")
        .to_string();
    assert!(err.contains("parameters.yaml:1205:1"), "{err}");
    assert!(!spec.exists(), "nothing written");
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["docs-import", "--strict", "--docs"])
        .arg(folder("v3"))
        .arg("--spec")
        .arg(&spec)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn one_unreadable_section_skips_its_operation_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    for name in ["limits.inc", "parameters.yaml"] {
        std::fs::copy(folder("v3").join(name), docs.join(name)).expect("copy");
    }
    let page = "Broken\n======\n\n.. rest_method:: FETCH /v3/x\n\nText.\n\n\
                Fine\n====\n\n.. rest_method::\n   GET v3/{project_id}/fine\n\n\
                Normal response codes: 200\n";
    std::fs::write(docs.join("mixed.inc"), page).expect("page");
    let spec = dir.path().join("draft.yaml");
    let imported = import(&args(&docs, &spec)).expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("mixed.inc:4:1") && w.contains("operation skipped")),
        "{:?}",
        imported.warnings
    );
    let document: Value = serde_yaml::from_str(&imported.text).expect("YAML");
    let fine = &document["paths"]["/v3/{project_id}/fine"]["get"];
    assert!(fine["responses"]["200"].is_object(), "{fine}");
    assert!(document["paths"]["/v3/{project_id}/limits"]["get"].is_object());
}

#[test]
fn the_parameter_table_places_types_and_versions_the_keys() {
    let (_, document, _) = imported("v3");
    let paths = &document["paths"];
    let list = &paths["/v3/{project_id}/volumes/detail"]["get"];
    let parameters = list["parameters"].as_array().expect("parameters");
    let named = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {parameters:?}"))
    };
    assert_eq!(named("limit")["in"], "query");
    assert_eq!(named("limit")["schema"]["type"], "integer");
    assert_eq!(named("project_id")["in"], "path");
    assert_eq!(named("with_count")["x-openstack"]["min-ver"], "3.45");
    assert_eq!(named("OpenStack-API-Version")["in"], "header");
    assert!(list.get("requestBody").is_none(), "a GET gets no body");
    // The list stays a list; colon names stay whole and typed.
    let response = &list["responses"]["200"]["content"]["application/json"]["schema"];
    let volumes = at(&document, response, &["properties", "volumes"]);
    assert_eq!(volumes["type"], "array");
    let host = at(
        &document,
        volumes,
        &["items", "properties", "os-vol-host-attr:host"],
    );
    assert_eq!(host["type"], "string");
    // Nested body keys nest; a required request key is required where it sits.
    let create = &paths["/v3/{project_id}/volumes"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    let size = at(
        &document,
        create,
        &["properties", "volume", "properties", "size"],
    );
    assert_eq!(size["type"], "integer");
    let summary = &paths["/v3/{project_id}/volumes/summary"]["get"];
    assert_eq!(summary["x-openstack"]["min-ver"], "3.12");
}

#[test]
fn the_actions_on_one_url_become_one_operation_keyed_by_action() {
    let (_, document, _) = imported("v3");
    let action = &document["paths"]["/v3/{project_id}/volumes/{volume_id}/action"]["post"];
    let members = action["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
        .as_array()
        .expect("oneOf");
    assert_eq!(members.len(), 25);
    let names: BTreeSet<&str> = members
        .iter()
        .filter_map(|m| deref(&document, m)["x-openstack"]["action-name"].as_str())
        .collect();
    assert_eq!(names.len(), 25, "every action named once: {names:?}");
    assert!(names.contains("os-extend") && names.contains("os-detach"));
    let statuses: Vec<&String> = action["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .collect();
    assert!(statuses.iter().any(|s| *s == "202") && statuses.iter().any(|s| *s == "200"));
}

#[test]
fn the_import_is_deterministic() {
    let (first, _, _) = imported("v3");
    let (second, _, _) = imported("v3");
    assert_eq!(first, second);
}

#[test]
fn docs_check_reads_the_draft_with_the_same_conventions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("cinder-v3.yaml");
    import(&args(&folder("v3"), &spec)).expect("imports");
    let mut options = xtask::docs_check::Options::new(folder("v3"));
    options.spec_dir = dir.path().to_path_buf();
    let report = xtask::docs_check::check(&options).expect("checks");
    // The microversion header is the family's, and an action page documents one action of
    // its URL's operation: neither is a disagreement.
    let family: Vec<_> = report
        .disagreements
        .iter()
        .filter(|f| {
            f.thing.contains("OpenStack-API-Version")
                || (f.page == "volumes-v3-volumes-actions.inc"
                    && (f.thing.starts_with("status") || f.thing == "title"))
        })
        .collect();
    assert!(family.is_empty(), "{family:#?}");
    // What is left is the pages' own inconsistencies (a key the sample shows and the list
    // leaves out, `{project-id}` listed as `project_id`), not the import's.
    assert!(
        report.disagreements.len() < 200,
        "{}",
        report.disagreements.len()
    );
}

/// One curation of the committed spec (`spec/docs-import/cinder-v3-curations.yaml`).
#[derive(serde::Deserialize)]
struct Curation {
    pointer: String,
    reason: String,
}

/// Every JSON pointer at which `a` and `b` differ: a key on one side only, or a value that
/// is not an object on both sides and differs.
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => differences(x, y, &here, out),
                    _ => out.push(here),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (index, (x, y)) in x.iter().zip(y).enumerate() {
                differences(x, y, &format!("{at}/{index}"), out);
            }
        }
        _ if a != b => out.push(at.to_string()),
        _ => {}
    }
}

#[test]
fn the_committed_cinder_v3_is_the_import_and_its_listed_curations() {
    let root = workspace_root();
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = dir.path().join("cinder-v3.yaml");
    let mut arguments = args(&folder("v3"), &fresh);
    arguments.api_name = Some("OpenStack Block Storage (Cinder) API v3".to_string());
    let imported = import(&arguments).expect("the v3 folder imports");
    let fresh: Value = serde_yaml::from_str(&imported.text).expect("the draft is YAML");
    let committed: Value = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("spec/cinder-v3.yaml")).expect("spec/cinder-v3.yaml"),
    )
    .expect("the committed spec is YAML");
    let curations: Vec<Curation> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("spec/docs-import/cinder-v3-curations.yaml"))
            .expect("the curations"),
    )
    .expect("the curations are a list of pointer and reason");
    let mut found = Vec::new();
    differences(&fresh, &committed, "", &mut found);
    let covers = |curation: &Curation, place: &str| {
        place == curation.pointer || place.starts_with(&format!("{}/", curation.pointer))
    };
    let uncurated: Vec<&String> = found
        .iter()
        .filter(|place| !curations.iter().any(|c| covers(c, place)))
        .collect();
    assert!(
        uncurated.is_empty(),
        "spec/cinder-v3.yaml differs from a fresh import where no curation says why (re-import \
         and apply spec/docs-import/cinder-v3-curations.yaml, or add a curation): {uncurated:#?}"
    );
    let stale: Vec<&str> = curations
        .iter()
        .filter(|c| !found.iter().any(|place| covers(c, place)))
        .map(|c| c.pointer.as_str())
        .collect();
    assert!(
        stale.is_empty(),
        "curations nothing differs at any more: {stale:?}"
    );
    assert!(curations.iter().all(|c| !c.reason.trim().is_empty()));
}

#[test]
fn paths_that_differ_only_in_parameter_names_are_one_route() {
    let (_, document, imported) = imported("v3");
    let mut routes = BTreeSet::new();
    for path in document["paths"].as_object().expect("paths").keys() {
        assert!(routes.insert(route(path)), "{path} repeats a route");
    }
    // Volume type encryption: `GET …/encryption/{key}` and `PUT …/encryption/{encryption_id}`.
    let encryption = &document["paths"]["/v3/{project_id}/types/{volume_type_id}/encryption/{key}"];
    assert!(encryption.get("get").is_some() && encryption.get("put").is_some());
    let names: Vec<&str> = encryption["put"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter(|p| p["in"] == "path")
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["project_id", "volume_type_id", "key"]);
    assert!(
        imported
            .provenance
            .contains("only in its parameters' names")
    );
}
