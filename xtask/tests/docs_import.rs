//! `cargo xtask docs-import`: the seed pages' draft exactly (golden files, byte-identical on
//! every run); the draft's agreement with the pages (docs-check), with the curated `spec/`
//! (figures printed) and with openapi-spec-validator; damaged pages as located errors with
//! nothing written; and importing into an existing spec without clobbering it.
//!
//! The seed pages are the documentation pages the curated specs come from, committed in
//! `spec/pages/`. Set `DOCS_IMPORT_BLESS=1` to rewrite `tests/docs-import/` after a deliberate
//! change, and review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use xtask::docs_check::allow;
use xtask::docs_check::{Options, check};
use xtask::docs_import::agreement::compare;
use xtask::docs_import::{DocsImportArgs, import};
use xtask::spec::load_spec;
use xtask::workspace_root;

fn seeds() -> PathBuf {
    workspace_root().join("spec/pages")
}

fn golden() -> PathBuf {
    workspace_root().join("tests/docs-import")
}

/// The import of `docs` into `spec`, writing the reports into `reports`.
fn args(docs: &Path, spec: &Path, reports: &Path) -> DocsImportArgs {
    DocsImportArgs {
        docs: docs.to_path_buf(),
        spec: spec.to_path_buf(),
        api_name: Some("Seed pages".to_string()),
        replace: false,
        provenance: Some(reports.join("PROVENANCE.md")),
        allow_list: Some(reports.join("allow.yaml")),
        strict: false,
        service_type: None,
        score: None,
        score_details: false,
        errata: None,
    }
}

/// Imports the seed pages into a new spec in a fresh folder of its own.
fn import_seeds() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec_dir = dir.path().join("spec");
    fs::create_dir_all(&spec_dir).expect("spec dir");
    let spec = spec_dir.join("seeds.yaml");
    import(&args(&seeds(), &spec, dir.path())).expect("the seed pages import");
    (dir, spec)
}

#[test]
fn the_seed_pages_give_the_golden_draft_byte_for_byte() {
    let (dir, spec) = import_seeds();
    let again_dir = tempfile::tempdir().expect("temp dir");
    let again = again_dir.path().join("seeds.yaml");
    import(&args(&seeds(), &again, again_dir.path())).expect("imports again");
    let text = fs::read_to_string(&spec).expect("written");
    assert_eq!(
        text,
        fs::read_to_string(&again).expect("written"),
        "deterministic"
    );
    for report in ["PROVENANCE.md", "allow.yaml"] {
        assert_eq!(
            fs::read(dir.path().join(report)).expect("written"),
            fs::read(again_dir.path().join(report)).expect("written"),
            "{report} is deterministic"
        );
    }
    let files = [
        (spec.clone(), "seeds.yaml"),
        (dir.path().join("PROVENANCE.md"), "PROVENANCE.md"),
        (dir.path().join("allow.yaml"), "allow.yaml"),
    ];
    let bless = std::env::var_os("DOCS_IMPORT_BLESS").is_some();
    let mut stale = Vec::new();
    for (written, name) in files {
        let got = fs::read_to_string(&written).expect("written");
        let want_at = golden().join(name);
        if bless {
            fs::create_dir_all(golden()).expect("golden folder");
            fs::write(&want_at, &got).expect("bless");
            continue;
        }
        if fs::read_to_string(&want_at).ok().as_deref() != Some(got.as_str()) {
            stale.push(want_at.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "the draft differs from {stale:?}; if the change is deliberate, rerun with \
         DOCS_IMPORT_BLESS=1 and review the diff"
    );
}

/// A damaged facts table in the docs folder's `README.md` is an error at its file and line
/// (exit 2), and nothing is written.
#[test]
fn a_damaged_facts_table_is_a_located_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    copy_seeds(&docs);
    let readme = fs::read_to_string(seeds().join("README.md")).expect("seeds README");
    let damaged = readme.replacen(
        "| size | response `volume` | integer (GiB) | yes |",
        "| size | response `volume` | integr (GiB) | yes |",
        1,
    );
    assert_ne!(damaged, readme, "the size row is in the seeds README");
    let line = damaged
        .lines()
        .position(|line| line.contains("integr (GiB)"))
        .expect("the damaged row")
        + 1;
    fs::write(docs.join("README.md"), &damaged).expect("write");
    let spec = dir.path().join("spec/new.yaml");
    let err = import(&args(&docs, &spec, dir.path()))
        .expect_err("a damaged table is an error")
        .to_string();
    assert!(err.contains(&format!("README.md:{line}:1")), "{err}");
    assert!(err.contains("integr (GiB)"), "{err}");
    assert!(
        !spec.exists() && !dir.path().join("PROVENANCE.md").exists(),
        "nothing written"
    );
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["docs-import", "--docs"])
        .arg(&docs)
        .arg("--spec")
        .arg(&spec)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
    assert!(!spec.exists(), "nothing written");
}

/// The Cinder page imported without the docs folder's `README.md` (no facts table) gives the
/// draft it always gave: every key named, none typed (golden `cinder-without-facts.yaml`).
#[test]
fn without_a_facts_table_the_rst_page_keeps_its_untyped_draft() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    fs::create_dir_all(&docs).expect("docs");
    let page = "004_935b4fe4129b7653.txt";
    fs::copy(seeds().join(page), docs.join(page)).expect("copy");
    let spec = dir.path().join("spec/cinder.yaml");
    import(&args(&docs, &spec, dir.path())).expect("imports");
    let got = fs::read_to_string(&spec).expect("written");
    let want_at = golden().join("cinder-without-facts.yaml");
    if std::env::var_os("DOCS_IMPORT_BLESS").is_some() {
        fs::write(&want_at, &got).expect("bless");
    }
    assert_eq!(
        fs::read_to_string(&want_at).ok().as_deref(),
        Some(got.as_str()),
        "the draft differs from {}; rerun with DOCS_IMPORT_BLESS=1 if deliberate",
        want_at.display()
    );
    assert!(!got.contains("facts table"), "nothing from a facts table");
}

#[test]
fn the_draft_is_in_full_agreement_with_the_pages() {
    let (dir, spec) = import_seeds();
    let mut options = Options::new(seeds());
    options.spec_dir = spec.parent().expect("folder").to_path_buf();
    options.allow = Some(dir.path().join("allow.yaml"));
    let report = check(&options).expect("docs-check reads everything");
    assert!(
        report.disagreements.is_empty() && report.stale.is_empty(),
        "{}",
        report.text()
    );
    // The allow-list holds only differences the draft marks as inferences.
    let entries = allow::load(&dir.path().join("allow.yaml")).expect("allow-list");
    assert_eq!(
        entries.len(),
        7,
        "the seven oneOf groups whose page example is {{}}"
    );
    let doc = load_spec(&spec).expect("the draft loads").document;
    for entry in &entries {
        let (method, route) = entry.page.split_once(' ').expect("METHOD path");
        let status = entry
            .thing
            .strip_prefix("response ")
            .and_then(|rest| rest.strip_suffix(" example"))
            .expect("an example entry");
        let media = doc
            .pointer(&format!(
                "/paths/{}/{}/responses/{status}/content/application~1json",
                route.replace('~', "~0").replace('/', "~1"),
                method.to_ascii_lowercase()
            ))
            .expect("the response");
        assert!(
            media.get("x-inferred").is_some(),
            "{entry:?} is marked x-inferred"
        );
    }
}

/// Each page imported on its own (no other page's examples to borrow from) still gives a
/// draft docs-check agrees with and the spec layer loads.
#[test]
fn each_page_on_its_own_gives_a_draft_in_agreement() {
    for entry in fs::read_dir(seeds()).expect("seeds") {
        let page = entry.expect("entry").path();
        if !xtask::docs_check::is_page_file(&page) {
            continue;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = dir.path().join("docs");
        fs::create_dir_all(&docs).expect("docs");
        fs::copy(&page, docs.join(page.file_name().expect("name"))).expect("copy");
        let spec_dir = dir.path().join("spec");
        let spec = spec_dir.join("one.yaml");
        import(&args(&docs, &spec, dir.path())).expect("imports");
        load_spec(&spec).expect("the draft loads");
        let mut options = Options::new(&docs);
        options.spec_dir = spec_dir;
        options.allow = Some(dir.path().join("allow.yaml"));
        let report = check(&options).expect("docs-check reads everything");
        assert!(
            report.disagreements.is_empty() && report.stale.is_empty(),
            "{}: {}",
            page.display(),
            report.text()
        );
    }
}

/// The figures the README shows: per body, the share of property paths (name, JSON type,
/// enum, nullability) the draft shares with the curated spec; operations, statuses and error
/// codes. Statuses the curated allow-list marks as not on the page (Cinder's conventional
/// errors) are not expected of the draft.
#[test]
fn agreement_with_the_curated_spec() {
    let (_dir, spec) = import_seeds();
    let imported = load_spec(&spec).expect("the draft loads").document;
    let curated_allow =
        allow::load(&workspace_root().join("spec/docs-check/allow.yaml")).expect("allow-list");
    let not_on_page = |operation: &str, status: &str| {
        curated_allow
            .iter()
            .any(|entry| entry.page == operation && entry.thing == format!("status {status}"))
    };
    let mut operations = (0, 0);
    let mut statuses = (0, 0);
    let mut codes = (0, 0);
    let mut low = Vec::new();
    let mut cinder_response = None;
    println!("| operation | body | property paths agreeing | % |");
    println!("| --- | --- | --- | --- |");
    for file in ["katapult-core.yaml", "cinder-volume-manage.yaml"] {
        let curated = load_spec(&workspace_root().join("spec").join(file))
            .expect("curated spec")
            .document;
        let agreement = compare(&curated, &imported, &not_on_page);
        for body in &agreement.bodies {
            println!(
                "| `{}` | {} | {} / {} | {:.1} |",
                body.operation,
                body.body,
                body.agreeing,
                body.total,
                body.percent()
            );
            for line in &body.differing {
                eprintln!("  {} {}: {line}", body.operation, body.body);
            }
            if file.starts_with("cinder") && body.body.starts_with("response") {
                cinder_response = Some(body.clone());
            }
            if body.percent() < 95.0 {
                low.push(format!("{} {}", body.operation, body.body));
            }
        }
        for missing in &agreement.missing {
            eprintln!("  missing: {missing}");
        }
        operations.0 += agreement.operations.matched;
        operations.1 += agreement.operations.total;
        statuses.0 += agreement.statuses.matched;
        statuses.1 += agreement.statuses.total;
        codes.0 += agreement.codes.matched;
        codes.1 += agreement.codes.total;
    }
    println!(
        "operations {} / {}, statuses {} / {}, error codes {} / {}",
        operations.0, operations.1, statuses.0, statuses.1, codes.0, codes.1
    );
    assert_eq!(operations.0, operations.1, "every operation");
    assert_eq!(statuses.0, statuses.1, "every status");
    assert_eq!(codes.0, codes.1, "every error code");
    assert!(low.is_empty(), "below 95 %: {low:?}");
    // The Cinder response agrees on every path: what the page and the facts table leave open
    // (a link's field types, the attachment's fields, the response name's nullability) the
    // OpenStack api-ref conventions settle (`docs_import::openstack`, each marked x-inferred).
    // Any differing path is a regression.
    let cinder = cinder_response.expect("the Cinder 202 response is compared");
    let differing: Vec<&str> = cinder
        .differing
        .iter()
        .map(|line| line.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(differing, Vec::<&str>::new(), "{:#?}", cinder.differing);
    assert_eq!((cinder.agreeing, cinder.total), (33, 33));
}

/// openapi-spec-validator accepts the draft. It is installed into `target/corpus/venv` (as
/// `cargo xtask corpus` does) when `CI` is set; elsewhere the test uses an installed one, or
/// says it skips.
#[test]
fn openapi_spec_validator_accepts_the_draft() {
    let root = workspace_root();
    let installed = root.join("target/corpus/venv/bin/openapi-spec-validator");
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let validator = if in_ci {
        xtask::corpus::install::validator(&root).expect("openapi-spec-validator installs in CI")
    } else if installed.exists() {
        installed
    } else {
        println!(
            "SKIPPED: openapi-spec-validator is not installed (CI unset); `CI=true cargo test \
             -p xtask --test docs_import` installs it into target/corpus/venv"
        );
        return;
    };
    let (_dir, spec) = import_seeds();
    let output = Command::new(&validator)
        .arg(&spec)
        .output()
        .expect("the validator runs");
    let said = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && said.contains("OK"), "{said}");
}

/// `cargo xtask generate` turns the draft into a crate that builds, with typed errors.
#[test]
fn the_draft_generates_a_crate_with_typed_errors() {
    let (dir, spec) = import_seeds();
    let out = dir.path().join("crate");
    xtask::generate(&spec, &out, Some("seed-pages"), false).expect("the draft generates");
    // One enum per operation, tagged by `code`, a variant per documented code (the lines
    // compared without their indent: a tag's items may be in a `gated!` call).
    let types = fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    let types: Vec<&str> = types.lines().map(str::trim_start).collect();
    let types = types.join("\n");
    for wanted in [
        "#[serde(tag = \"code\")]\npub enum CreateIpAddressError {",
        "#[serde(rename = \"no_available_addresses\")]\nNoAvailableAddresses {",
        "#[serde(tag = \"code\")]\npub enum AssignDiskToVirtualMachineError {",
        "#[serde(rename = \"unable_to_assign\")]\nUnableToAssign {",
    ] {
        assert!(types.contains(wanted), "{wanted} in types.rs");
    }
    let errors = fs::read_to_string(out.join("src/errors.rs")).expect("errors.rs");
    assert!(
        errors.contains("impl types::CreateIpAddressError {"),
        "status() and code()"
    );
    // The target folder the generator tests use, so the dependencies build once (`check`: every
    // diagnostic `build` gives for a library, without compiling the dependencies' code).
    let target = workspace_root().join("target/standalone");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated crate does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn serde_yaml_text(path: &Path) -> Value {
    load_spec(path).expect("loads").document
}

fn copy_seeds(into: &Path) {
    fs::create_dir_all(into).expect("docs dir");
    for entry in fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        if xtask::docs_check::is_page_file(&path) {
            fs::copy(&path, into.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

#[test]
fn a_damaged_page_is_a_located_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    copy_seeds(&docs);
    let page = docs.join("002_358859d95301961f.txt");
    let text = fs::read_to_string(&page).expect("page");
    let cut: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    fs::write(&page, cut).expect("cut the page");
    let spec = dir.path().join("new.yaml");
    let err = import(&args(&docs, &spec, dir.path()))
        .expect_err("a cut page is an error")
        .to_string();
    assert!(err.contains("002_358859d95301961f.txt:"), "{err}");
    assert!(err.contains("cut off"), "{err}");
    assert!(
        !spec.exists() && !dir.path().join("PROVENANCE.md").exists(),
        "nothing written"
    );

    // An existing spec is left byte-identical; an unknown page is the same error as docs-check's.
    let existing = dir.path().join("existing.yaml");
    fs::copy(
        workspace_root().join("spec/cinder-volume-manage.yaml"),
        &existing,
    )
    .expect("copy");
    let before = fs::read(&existing).expect("read");
    fs::write(
        docs.join("002_358859d95301961f.txt"),
        "# A readme\n\nSome text.\n",
    )
    .expect("write");
    let err = import(&args(&docs, &existing, dir.path()))
        .expect_err("unknown page")
        .to_string();
    assert!(
        err.contains("not a documentation page of a known kind"),
        "{err}"
    );
    assert_eq!(fs::read(&existing).expect("read"), before, "unchanged");

    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["docs-import", "--docs"])
        .arg(&docs)
        .arg("--spec")
        .arg(&existing)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn importing_into_an_existing_spec_adds_and_reports_without_clobbering() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("katapult-core.yaml");
    fs::copy(workspace_root().join("spec/katapult-core.yaml"), &spec).expect("copy");
    let curated = load_spec(&spec).expect("curated").document;
    let imported = import(&args(&seeds(), &spec, dir.path())).expect("imports");
    let merged = imported.merged.expect("merged into the existing spec");
    assert_eq!(
        merged.added_operations,
        ["POST /v2/{project_id}/os-volume-manage"]
    );
    assert!(merged.replaced_operations.is_empty());
    // Curated content stays: every curated path and component, unchanged.
    let after = load_spec(&spec).expect("the merged spec loads").document;
    for key in ["paths", "components"] {
        let (Some(Value::Object(before)), Some(Value::Object(now))) =
            (curated.get(key), after.get(key))
        else {
            panic!("{key}");
        };
        for (name, value) in before {
            if key == "components" {
                let (Value::Object(inner_before), Some(Value::Object(inner_now))) =
                    (value, now.get(name))
                else {
                    panic!("components/{name}");
                };
                for (item, schema) in inner_before {
                    assert_eq!(
                        inner_now.get(item),
                        Some(schema),
                        "components/{name}/{item}"
                    );
                }
            } else {
                assert_eq!(now.get(name), Some(value), "{key}/{name}");
            }
        }
    }
    assert!(
        after
            .pointer("/paths/~1v2~1{project_id}~1os-volume-manage/post")
            .is_some()
    );
    assert!(
        after
            .pointer("/components/schemas/ManageExistingVolumeRequest")
            .is_some()
    );
    // Every difference is reported: the curated spec's deliberate ones among them.
    assert!(
        merged.differences.iter().any(|line| line.contains("response 403 code invalid_api_token field detail: required")),
        "{:#?}",
        merged.differences
    );
    // A component the spec has with another shape is reported and kept.
    let other = dir.path().join("other.yaml");
    let mut cinder: Value =
        serde_yaml_text(&workspace_root().join("spec/cinder-volume-manage.yaml"));
    let country = serde_json::json!({"type": "object", "properties": {"code": {"type": "string"}}});
    cinder["components"]["schemas"]["Country"] = country.clone();
    fs::write(&other, serde_json::to_string_pretty(&cinder).expect("json")).expect("write");
    let other_json = dir.path().join("other.json");
    fs::rename(&other, &other_json).expect("rename");
    let merged = import(&args(&seeds(), &other_json, dir.path()))
        .expect("imports")
        .merged
        .expect("merged");
    assert_eq!(
        merged.added_operations.len(),
        4,
        "{:?}",
        merged.added_operations
    );
    assert!(
        merged
            .differences
            .iter()
            .any(|line| line.starts_with("components/schemas/Country: the imported schema differs")),
        "{:#?}",
        merged.differences
    );
    let now = load_spec(&other_json).expect("loads").document;
    assert_eq!(now.pointer("/components/schemas/Country"), Some(&country));

    // --replace overwrites the operations the spec has.
    let mut replace = args(&seeds(), &spec, dir.path());
    replace.replace = true;
    let replaced = import(&replace).expect("imports").merged.expect("merged");
    assert_eq!(replaced.replaced_operations.len(), 5);
    let now = load_spec(&spec).expect("loads").document;
    assert_eq!(
        now.pointer("/paths/~1disks~1disk~1assign/post/operationId"),
        Some(&Value::from("assign_disk_to_virtual_machine"))
    );
}
