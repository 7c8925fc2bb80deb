//! `cargo xtask docs-check`: each seed page's extraction exactly; damaged pages as located
//! errors (exit 2); the committed spec passing; and a spec that loses one enum value, one
//! error code or one response property failing with a line that names the page and the thing.
//!
//! The seed pages are the documentation pages the curated specs come from, committed in
//! `spec/pages/`. The expected extraction of each page is in `tests/docs-check/<page>.json`; set
//! `DOCS_CHECK_BLESS=1` to rewrite those files after a deliberate parser change, and review
//! the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use xtask::GenError;
use xtask::docs_check::page::{JsonKind, Page, PageKind, Shape};
use xtask::docs_check::report::Report;
use xtask::docs_check::source::{parse_page, read_page};
use xtask::docs_check::{Options, check, default_allow_list, main, read_pages};
use xtask::workspace_root;

const PAGES: [&str; 5] = [
    "000_76a4a5b823fa9e9b.txt",
    "001_bdbfc53e7021a19c.txt",
    "002_358859d95301961f.txt",
    "003_c554813849e773f9.txt",
    "004_935b4fe4129b7653.txt",
];

fn seeds() -> PathBuf {
    workspace_root().join("spec/pages")
}

fn seed_text(page: &str) -> String {
    fs::read_to_string(seeds().join(page)).expect("the seed pages sit in spec/pages")
}

fn seed(page: &str) -> Page {
    read_page(&seeds().join(page)).unwrap_or_else(|err| panic!("{page} parses: {err}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// Extraction of each seed page, exactly.
// ---------------------------------------------------------------------------------------

#[test]
fn each_seed_page_extracts_exactly_its_golden_facts() {
    let bless = std::env::var_os("DOCS_CHECK_BLESS").is_some();
    let mut stale = Vec::new();
    for name in PAGES {
        let page = seed(name);
        let got = serde_json::to_string_pretty(&page).expect("facts serialise") + "\n";
        let golden = workspace_root()
            .join("tests/docs-check")
            .join(name.replace(".txt", ".json"));
        if bless {
            fs::create_dir_all(golden.parent().expect("parent")).expect("golden folder");
            fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want =
            fs::read_to_string(&golden).unwrap_or_else(|err| panic!("{}: {err}", golden.display()));
        if got != want {
            stale.push(golden.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "the extraction differs from {stale:?}; if the parser change is deliberate, rerun with \
         DOCS_CHECK_BLESS=1 and review the diff"
    );
}

/// The facts of page 000, spelled out by hand (independently of the golden file).
#[test]
fn page_000_header_request_and_statuses() {
    let page = seed(PAGES[0]);
    assert_eq!(page.file, PAGES[0]);
    assert_eq!(page.kind, PageKind::Katapult);
    let [operation] = page.operations.as_slice() else {
        panic!("one operation");
    };
    assert_eq!(operation.title, "Create file storage volume");
    assert_eq!(operation.method, "POST");
    assert_eq!(
        operation.path,
        "/organizations/organization/file_storage_volumes"
    );
    assert_eq!(
        operation.description.as_deref(),
        Some("Create a new file storage volume for a given organization.")
    );
    assert_eq!(operation.scopes, ["file_storage_volumes"]);
    assert_eq!(
        operation.scope_prefix.as_deref(),
        Some("api.katapult.io/core/v1/")
    );
    let statuses: Vec<&str> = operation
        .responses
        .iter()
        .map(|r| r.status.as_str())
        .collect();
    assert_eq!(statuses, ["201", "400", "403", "404", "422", "429", "503"]);

    let request = operation.request.as_ref().expect("a request body");
    let fields: Vec<(&str, Shape, bool, bool)> = request
        .objects
        .iter()
        .map(|f| (f.name.as_str(), f.shape.clone(), f.required, f.nullable))
        .collect();
    assert_eq!(
        fields,
        [
            ("organization", Shape::Object, true, false),
            ("properties", Shape::Object, true, false),
            ("data_center", Shape::Object, false, false),
            ("annotations", Shape::ObjectArray, false, false),
        ]
    );
    let texts: Vec<&str> = request.texts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "All 'organization[]' params are mutually exclusive, only one can be provided.",
            "Unique name to help identify the volume.",
            "All 'data_center[]' params are mutually exclusive, only one can be provided.",
        ]
    );
    assert!(request.enums.is_empty() && request.one_ofs.is_empty());

    let created = &operation.responses[0];
    assert_eq!(
        created.description.as_deref(),
        Some("Create a new file storage volume for a given organization.")
    );
    assert_eq!(created.media_type.as_deref(), Some("application/json"));
    let body = created.body.as_ref().expect("201 body");
    assert_eq!(body.enums.len(), 1);
    assert_eq!(
        body.enums[0].values,
        strings(&["pending", "failed", "ready", "configuring"])
    );
    assert_eq!(
        body.enums[0].path.as_deref(),
        Some("file_storage_volume.state")
    );
    let placed: Vec<(&str, Option<&str>)> = body
        .objects
        .iter()
        .map(|f| (f.name.as_str(), f.path.as_deref()))
        .collect();
    assert_eq!(
        placed,
        [
            ("file_storage_volume", Some("file_storage_volume")),
            ("data_center", Some("file_storage_volume.data_center")),
            ("annotations", Some("annotations")),
        ]
    );
    let example = created.example.as_ref().expect("201 example");
    assert_eq!(example.value["file_storage_volume"]["state"], "pending");
    let paths: Vec<(&str, JsonKind)> = example
        .properties
        .iter()
        .map(|p| (p.path.as_str(), p.kind))
        .collect();
    assert_eq!(
        paths,
        [
            ("file_storage_volume", JsonKind::Object),
            ("file_storage_volume.id", JsonKind::String),
            ("file_storage_volume.name", JsonKind::String),
            ("file_storage_volume.data_center", JsonKind::Object),
            ("file_storage_volume.data_center.id", JsonKind::String),
            ("file_storage_volume.data_center.name", JsonKind::String),
            (
                "file_storage_volume.data_center.permalink",
                JsonKind::String
            ),
            ("file_storage_volume.associations", JsonKind::Array),
            ("file_storage_volume.associations[]", JsonKind::String),
            ("file_storage_volume.state", JsonKind::String),
            ("file_storage_volume.nfs_location", JsonKind::String),
            ("file_storage_volume.size", JsonKind::Integer),
            ("annotations", JsonKind::Array),
            ("annotations[]", JsonKind::Object),
            ("annotations[].key", JsonKind::String),
            ("annotations[].value", JsonKind::String),
        ]
    );
}

/// Error codes per status with their sentences and, in oneOf groups, schema names.
#[test]
fn page_000_error_codes() {
    let page = seed(PAGES[0]);
    let operation = &page.operations[0];
    let codes = |status: &str| -> Vec<(String, Option<String>, Option<String>)> {
        operation
            .responses
            .iter()
            .find(|r| r.status == status)
            .expect("status")
            .errors
            .iter()
            .map(|e| (e.code.clone(), e.schema.clone(), e.description.clone()))
            .collect()
    };
    let one =
        |code: &str, sentence: &str| vec![(code.to_string(), None, Some(sentence.to_string()))];
    assert_eq!(
        codes("400"),
        one(
            "missing_api_token",
            "No API token was provided in the Authorization header. Ensure a token is provided \
             prefixed with Bearer"
        )
    );
    let member = |code: &str, schema: &str, sentence: &str| {
        (
            code.to_string(),
            Some(schema.to_string()),
            Some(sentence.to_string()),
        )
    };
    assert_eq!(
        codes("403"),
        vec![
            member(
                "unauthorized_network_for_api_token",
                "UnauthorizedNetworkForAPITokenSchema",
                "Network is not allowed to access the API with this API token"
            ),
            member(
                "invalid_api_token",
                "InvalidAPITokenSchema",
                "The API token provided was not valid (it may not exist or have expired)"
            ),
            member(
                "invalid_capabilities_token",
                "InvalidCapabilitiesTokenSchema",
                "The capabilities token provided was not valid (either not valid, expired or not \
                 signed by the correct key)"
            ),
            member(
                "scope_not_granted",
                "ScopeNotGrantedErrorSchema",
                "The scope required for this endpoint has not been granted to the authenticating \
                 identity"
            ),
            member(
                "organization_suspended",
                "OrganizationSuspendedSchema",
                "An organization was found from the arguments provided but it was suspended"
            ),
            member(
                "organization_not_activated",
                "OrganizationNotActivatedSchema",
                "An organization was found from the arguments provided but it wasn't activated yet"
            ),
            member(
                "permission_denied",
                "PermissionDeniedSchema",
                "The authenticated identity is not permitted to perform this action"
            ),
            member(
                "resource_creation_restricted",
                "ResourceCreationRestrictedSchema",
                "The organization chosen is not permitted to create resources"
            ),
        ]
    );
    // Each member keeps its own fields: the detail marker and its sentence.
    let forbidden = &operation.responses[2];
    let network = forbidden.errors[0].body.as_ref().expect("member body");
    assert_eq!(network.objects[0].name, "detail");
    assert_eq!(network.objects[0].shape, Shape::Object);
    assert_eq!(
        network.texts[0].text,
        "The IP address the request was received from"
    );
    let scope = forbidden.errors[3].body.as_ref().expect("member body");
    assert_eq!(
        scope.objects[0].shape,
        Shape::Named("ScopeNotGrantedError".to_string())
    );
    assert!(
        forbidden.errors[2]
            .body
            .as_ref()
            .expect("body")
            .objects
            .is_empty()
    );
    assert_eq!(
        forbidden.example.as_ref().expect("example").value,
        json!({})
    );
    assert_eq!(
        codes("404"),
        one(
            "organization_not_found",
            "No organization was found matching any of the criteria provided in the arguments"
        )
    );
    assert_eq!(
        codes("422"),
        one(
            "validation_error",
            "A validation error occurred with the object that was being created/updated/deleted"
        )
    );
    assert_eq!(
        codes("429"),
        one(
            "rate_limit_reached",
            "You have reached the rate limit for this type of request"
        )
    );
    assert_eq!(
        codes("503"),
        one(
            "service_unavailable",
            "The service is currently unavailable, please try again later"
        )
    );
}

/// Every enum list of page 001 lands on its property, by position and example value.
#[test]
fn page_001_enum_lists_and_markers_are_placed() {
    let page = seed(PAGES[1]);
    let operation = &page.operations[0];
    assert_eq!(operation.path, "/disks/disk/assign");
    let ok = &operation.responses[0];
    assert_eq!(ok.status, "200");
    let body = ok.body.as_ref().expect("body");
    let enums: Vec<(Option<&str>, usize)> = body
        .enums
        .iter()
        .map(|e| (e.path.as_deref(), e.values.len()))
        .collect();
    assert_eq!(
        enums,
        [
            (Some("disk.state"), 10),
            (Some("disk.storage_speed"), 2),
            (Some("disk.bus_type"), 2),
            (Some("disk.virtual_machine_disk.state"), 5),
        ]
    );
    let nullable: Vec<&str> = body
        .objects
        .iter()
        .filter(|f| f.nullable)
        .filter_map(|f| f.path.as_deref())
        .collect();
    assert_eq!(
        nullable,
        [
            "disk.io_profile",
            "disk.virtual_machine_disk",
            "disk.installation",
            "disk.installation.disk_template_version.disk_template.operating_system",
            "disk.installation.disk_template_version.disk_template.operating_system.badge",
        ]
    );
    assert_eq!(
        body.objects.last().and_then(|f| f.path.as_deref()),
        Some("disk.installation.attributes")
    );
    let not_found = &operation.responses[3];
    assert_eq!(not_found.status, "404");
    let codes: Vec<(&str, Option<&str>)> = not_found
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.schema.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("disk_not_found", Some("DiskNotFoundSchema")),
            (
                "virtual_machine_not_found",
                Some("VirtualMachineNotFoundSchema")
            ),
        ]
    );
    let trash = &operation.responses[4];
    assert_eq!(trash.status, "406");
    let fields: Vec<(Option<&str>, bool)> = trash
        .body
        .as_ref()
        .expect("body")
        .objects
        .iter()
        .map(|f| (f.path.as_deref(), f.nullable))
        .collect();
    assert_eq!(
        fields,
        [(Some("detail"), false), (Some("detail.trash_object"), true)]
    );
}

/// Page 002's request enum has no example to place it; its 503 is a oneOf group.
#[test]
fn page_002_request_enum_and_503_group() {
    let page = seed(PAGES[2]);
    let operation = &page.operations[0];
    assert_eq!(operation.title, "Create IP Address");
    let request = operation.request.as_ref().expect("request");
    assert_eq!(request.enums.len(), 1);
    assert_eq!(request.enums[0].values, strings(&["ipv4", "ipv6"]));
    assert_eq!(request.enums[0].path, None);
    assert_eq!(request.enums[0].after.as_deref(), Some("network"));
    let unavailable = operation.responses.last().expect("503");
    assert_eq!(unavailable.status, "503");
    assert_eq!(
        unavailable.description.as_deref(),
        Some("503 error response")
    );
    let codes: Vec<&str> = unavailable.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["service_unavailable", "no_available_addresses"]);
    let one_of = &unavailable.body.as_ref().expect("body").one_ofs;
    assert_eq!(one_of.len(), 1);
    assert_eq!(one_of[0].path, "");
    assert_eq!(
        one_of[0].names,
        strings(&["APIAuthenticator503Schema", "NoAvailableAddressesSchema"])
    );
}

/// Page 003: the oneOf of load balancer resources, wrapped enum lists, the Tag variant's list.
#[test]
fn page_003_one_of_and_colour_lists() {
    let page = seed(PAGES[3]);
    let created = &page.operations[0].responses[0];
    let body = created.body.as_ref().expect("body");
    assert_eq!(body.one_ofs.len(), 1);
    assert_eq!(body.one_ofs[0].path, "load_balancer.resources[].resources");
    assert_eq!(
        body.one_ofs[0].names,
        strings(&["VirtualMachine", "VirtualMachineGroup", "Tag"])
    );
    let enums: Vec<(Option<&str>, Option<&str>, usize)> = body
        .enums
        .iter()
        .map(|e| (e.path.as_deref(), e.after.as_deref(), e.values.len()))
        .collect();
    assert_eq!(
        enums,
        [
            (
                Some("load_balancer.resource_type"),
                Some("load_balancer"),
                3
            ),
            (
                Some("load_balancer.resources[].resources.state"),
                Some("resources"),
                12
            ),
            (
                Some("load_balancer.resources[].resources.package.privacy"),
                Some("package"),
                2
            ),
            (
                Some("load_balancer.resources[].resources.gpus[].status"),
                Some("gpus"),
                5
            ),
            (
                Some("load_balancer.resources[].resources.gpus[].pending_action"),
                Some("gpus"),
                2
            ),
            (
                Some("load_balancer.resources[].resources.tags[].color"),
                Some("tags"),
                32
            ),
            // The Tag variant's own list: the example shows only the virtual machine.
            (None, Some("hypervisor"), 32),
        ]
    );
    let colours = &body.enums[5].values;
    assert_eq!(colours.first().map(String::as_str), Some("red"));
    assert_eq!(
        colours.last().map(String::as_str),
        Some("pastel_light_brown")
    );
    assert_eq!(body.enums[6].values, *colours);
    assert!(
        created
            .example
            .as_ref()
            .expect("example")
            .properties
            .iter()
            .any(|p| p.path
                == "load_balancer.resources[].resources.gpus[].type.data_centers[].country.eu"
                && p.kind == JsonKind::Boolean)
    );
}

/// Page 004, the Cinder rst page, in full.
#[test]
fn page_004_rst_extracts_exactly() {
    let page = seed(PAGES[4]);
    assert_eq!(page.kind, PageKind::Rst);
    let got = serde_json::to_value(&page).expect("serialises");
    let parameter = |key: &str, reference: &str, line: usize| json!({"key": key, "reference": reference, "line": line});
    let want = json!({
        "file": PAGES[4],
        "kind": "rst",
        "operations": [{
            "title": "Manage existing volume",
            "method": "POST",
            "path": "/v2/{project_id}/os-volume-manage",
            "description": "Creates a Block Storage volume by using existing storage rather than \
                allocating new storage. The caller must specify a reference to an existing storage \
                volume in the ref parameter in the request. Although each storage driver might \
                interpret this reference differently, the driver should accept a reference \
                structure that contains either a source-id or source-name element, if possible. \
                The API chooses the size of the volume by rounding up the size of the existing \
                storage volume to the next gibibyte (GiB).",
            "scopes": [],
            "scope_prefix": null,
            "request": null,
            "request_parameters": [
                parameter("description", "description", 30),
                parameter("availability_zone", "availability_zone", 31),
                parameter("bootable", "bootable", 32),
                parameter("volume_type", "volume_type", 33),
                parameter("name", "name", 34),
                parameter("volume", "volume", 35),
                parameter("host", "host", 36),
                parameter("ref", "ref", 37),
                parameter("metadata", "metadata", 38),
                parameter("project_id", "project_id_path", 39),
            ],
            "response_parameters": [
                parameter("volume", "volume", 47),
                parameter("status", "status_3", 48),
                parameter("migration_status", "migration_status", 49),
                parameter("user_id", "user_id", 50),
                parameter("attachments", "attachments", 51),
                parameter("links", "links_3", 52),
                parameter("availability_zone", "availability_zone", 53),
                parameter("bootable", "bootable_response", 54),
                parameter("encrypted", "encrypted", 55),
                parameter("created_at", "created_at", 56),
                parameter("description", "description_5", 57),
                parameter("updated_at", "updated_at", 58),
                parameter("volume_type", "volume_type", 59),
                parameter("name", "name_13", 60),
                parameter("replication_status", "replication_status", 61),
                parameter("consistencygroup_id", "consistencygroup_id", 62),
                parameter("source_volid", "source_volid", 63),
                parameter("snapshot_id", "snapshot_id", 64),
                parameter("multiattach", "multiattach_resp", 65),
                parameter("metadata", "metadata_1", 66),
                parameter("id", "id_5", 67),
                parameter("size", "size", 68),
            ],
            "responses": [{
                "status": "202",
                "description": null,
                "media_type": null,
                "body": null,
                "errors": [],
                "example": null
            }]
        }]
    });
    assert_eq!(got, want);
}

// ---------------------------------------------------------------------------------------
// Damaged pages: located errors, never a panic; exit status 2.
// ---------------------------------------------------------------------------------------

fn parse_text(name: &str, text: &str) -> Result<Page, GenError> {
    parse_page(Path::new(name), text)
}

fn first_lines(text: &str, count: usize) -> String {
    text.lines().take(count).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_truncated_page_is_a_located_error() {
    let text = seed_text(PAGES[0]);
    let total = text.lines().count();
    // Cut at every tenth line: each cut must be an error naming the page, never a panic.
    let mut errors = 0;
    for cut in (2..total).step_by(10) {
        let Err(err) = parse_text("cut.txt", &first_lines(&text, cut)) else {
            continue;
        };
        errors += 1;
        let message = err.to_string();
        assert!(message.starts_with("cut.txt"), "{message}");
    }
    assert!(
        errors >= total / 10 - 1,
        "almost every cut is detected: {errors}"
    );
}

#[test]
fn truncated_page_messages() {
    let text = seed_text(PAGES[0]);
    // Inside the header: no Responses section at all.
    let err = parse_text("cut.txt", &first_lines(&text, 12))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the page ends before its `Responses` section"),
        "{err}"
    );
    // After the status list: no section for the first status.
    let err = parse_text("cut.txt", &first_lines(&text, 33))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the page ends before the section of response 201")
            || err.contains("response 201"),
        "{err}"
    );
    // In the middle of the 201 example.
    let err = parse_text("cut.txt", &first_lines(&text, 70))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("response 201") && err.contains("cut off"),
        "{err}"
    );
    // Between two sections: the status list promises more than the page has.
    let lines: Vec<&str> = text.lines().collect();
    let after_201 = lines
        .iter()
        .position(|line| line.starts_with("No API token was provided"))
        .expect("the 400 sentence");
    let err = parse_text("cut.txt", &first_lines(&text, after_201))
        .unwrap_err()
        .to_string();
    assert!(err.contains("response 400"), "{err}");
}

#[test]
fn an_example_cut_in_half_is_a_located_error() {
    let text = seed_text(PAGES[1]);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|line| *line == "{")
        .expect("200 example");
    let end = start
        + lines[start..]
            .iter()
            .position(|line| *line == "No API token was provided in the Authorization header. Ensure a token is provided prefixed with Bearer")
            .expect("end of the 200 example");
    let half = start + (end - start) / 2;
    let mut damaged: Vec<&str> = lines[..half].to_vec();
    damaged.extend_from_slice(&lines[end..]);
    let err = parse_text("half.txt", &damaged.join("\n")).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("half.txt:"), "{message}");
    assert!(message.contains("response 200"), "{message}");
    assert!(
        message.contains("not valid JSON") || message.contains("cut off"),
        "{message}"
    );
}

#[test]
fn a_page_of_another_kind_is_refused() {
    let readme = fs::read_to_string(seeds().join("README.md")).expect("seed README");
    let err = parse_text("readme.txt", &readme).unwrap_err().to_string();
    assert!(
        err.starts_with("readme.txt: not a documentation page of a known kind"),
        "{err}"
    );
    // Each parser refuses the other kind.
    let rst = seed_text(PAGES[4]);
    let err = xtask::docs_check::katapult::parse(Path::new("rst.txt"), &rst)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("expected the method glued to the path"),
        "{err}"
    );
    let katapult = seed_text(PAGES[0]);
    let err = xtask::docs_check::rst::parse(Path::new("k.rst"), &katapult)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no `.. rest_method::` line"), "{err}");
    // Empty and binary pages.
    assert_eq!(
        parse_text("empty.txt", " \n").unwrap_err().to_string(),
        "empty.txt: the page is empty"
    );
    let scratch = tempfile::tempdir().expect("temp dir");
    let binary = scratch.path().join("binary.txt");
    fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let err = read_page(&binary).unwrap_err().to_string();
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn renderer_noise_variants_parse() {
    // A page whose enum list is on one line and whose noise is doubled still parses the same.
    let text = seed_text(PAGES[0])
        .replace(
            "Possible values: [pending\n, failed\n, ready\n, configuring\n]",
            "Possible values: [pending, failed, ready, configuring]",
        )
        .replace("Array [\n]\n", "Array [\n]\nArray [\n]\n");
    let page = parse_text(PAGES[0], &text).expect("parses");
    assert_eq!(without_lines(&page), without_lines(&seed(PAGES[0])));
    // An unclosed enum list is an error at its line.
    let broken = seed_text(PAGES[0]).replacen(", configuring\n]", ", configuring", 1);
    let err = parse_text("enum.txt", &broken).unwrap_err().to_string();
    assert!(
        err.contains("Possible values") && err.contains("not closed"),
        "{err}"
    );
}

/// The facts as JSON without line numbers (which move when noise lines are added).
fn without_lines(page: &Page) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.shift_remove("line");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(page).expect("serialises");
    strip(&mut value);
    value
}

#[test]
fn unreadable_pages_make_docs_check_exit_2() {
    let scratch = tempfile::tempdir().expect("temp dir");
    for name in PAGES {
        fs::copy(seeds().join(name), scratch.path().join(name)).expect("copy page");
    }
    let text = seed_text(PAGES[2]);
    fs::write(scratch.path().join(PAGES[2]), first_lines(&text, 50)).expect("write");
    let options = Options::new(scratch.path());
    let err = check(&options).unwrap_err();
    assert_eq!(err.file, scratch.path().join(PAGES[2]));
    let docs = scratch.path().to_string_lossy().into_owned();
    assert_eq!(
        main(&["--docs".to_string(), docs.clone()]),
        ExitCode::from(2)
    );
    // A folder without pages, and a folder that does not exist, are errors too.
    let empty = tempfile::tempdir().expect("temp dir");
    assert!(read_pages(empty.path()).is_err());
    assert!(read_pages(&scratch.path().join("nope")).is_err());
    // So is an allow-list that cannot be read.
    let mut options = Options::new(seeds());
    options.allow = Some(scratch.path().join("missing.yaml"));
    assert!(check(&options).is_err());
}

// ---------------------------------------------------------------------------------------
// The committed spec, and specs that lost something.
// ---------------------------------------------------------------------------------------

#[test]
fn docs_check_passes_on_the_committed_spec() {
    let report = check(&Options::new(seeds())).expect("pages and specs read");
    assert_eq!(report.pages.len(), 5);
    assert!(
        report.disagreements.is_empty() && report.stale.is_empty(),
        "{}",
        report.text()
    );
    assert_eq!(report.exit_code(), 0);
    // Deliberate differences are reported as allowed, each with its reason.
    assert!(!report.allowed.is_empty());
    assert!(
        report
            .allowed
            .iter()
            .all(|allowed| !allowed.reason.is_empty())
    );
    assert!(report.text().contains("allowed: 004_935b4fe4129b7653.txt"));
    let json: Value = serde_json::from_str(&report.json()).expect("JSON report");
    assert_eq!(json["disagreements"], json!([]));
    assert_eq!(
        main(&["--docs".to_string(), seeds().to_string_lossy().into_owned()]),
        ExitCode::SUCCESS
    );
}

/// A scratch copy of `spec/` (as JSON, so the tests can edit it) with the committed
/// allow-list beside it; `edit` changes the Katapult or Cinder document.
fn check_edited(edit: impl FnOnce(&mut Value, &mut Value)) -> Report {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = workspace_root().join("spec");
    let mut katapult = xtask::spec::load_spec(&spec.join("katapult-core.yaml"))
        .expect("katapult spec")
        .document;
    let mut cinder = xtask::spec::load_spec(&spec.join("cinder-volume-manage.yaml"))
        .expect("cinder spec")
        .document;
    edit(&mut katapult, &mut cinder);
    for (name, doc) in [
        ("katapult-core.json", &katapult),
        ("cinder-volume-manage.json", &cinder),
    ] {
        fs::write(
            scratch.path().join(name),
            serde_json::to_string_pretty(doc).expect("JSON"),
        )
        .expect("write spec");
    }
    let mut options = Options::new(seeds());
    options.spec_dir = scratch.path().to_path_buf();
    options.allow = Some(default_allow_list(&spec));
    check(&options).expect("pages and specs read")
}

fn remove_from_array(doc: &mut Value, pointer: &str, value: &Value) {
    let items = doc
        .pointer_mut(pointer)
        .and_then(Value::as_array_mut)
        .unwrap_or_else(|| panic!("{pointer} is an array"));
    let before = items.len();
    items.retain(|item| item != value);
    assert_eq!(items.len() + 1, before, "{value} removed from {pointer}");
}

fn remove_key(doc: &mut Value, pointer: &str, key: &str) {
    doc.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .and_then(|map| map.shift_remove(key))
        .unwrap_or_else(|| panic!("{pointer}/{key} exists"));
}

/// The disagreements as text lines, for assertions and failure messages.
fn lines_of(report: &Report) -> Vec<String> {
    report
        .disagreements
        .iter()
        .map(xtask::docs_check::report::line)
        .collect()
}

#[test]
fn the_unedited_copy_passes() {
    let report = check_edited(|_, _| {});
    assert!(report.disagreements.is_empty(), "{:#?}", lines_of(&report));
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn deleting_an_enum_value_fails_naming_the_page_and_the_property() {
    let report = check_edited(|katapult, _| {
        remove_from_array(
            katapult,
            "/components/schemas/FileStorageVolume/properties/state/enum",
            &json!("configuring"),
        );
    });
    assert_eq!(report.exit_code(), 1);
    let lines = lines_of(&report);
    assert_eq!(
        lines,
        [
            "000_76a4a5b823fa9e9b.txt (POST /organizations/organization/file_storage_volumes): \
             response 201 enum file_storage_volume.state: page: [pending, failed, ready, \
             configuring]; spec: [pending, failed, ready] (lacks configuring) (at \
             katapult-core.json#/components/schemas/FileStorageVolume/properties/state)"
        ],
        "{lines:#?}"
    );
    assert!(report.text().contains(&format!("differs: {}", lines[0])));
}

#[test]
fn deleting_a_colour_fails_for_both_colour_lists_of_page_003() {
    let report = check_edited(|katapult, _| {
        remove_from_array(
            katapult,
            "/components/schemas/Tag/properties/color/enum",
            &json!("pastel_brown"),
        );
    });
    let things: Vec<&str> = report
        .disagreements
        .iter()
        .map(|f| f.thing.as_str())
        .collect();
    assert_eq!(things.len(), 2, "{:#?}", lines_of(&report));
    assert_eq!(
        things[0],
        "response 201 enum load_balancer.resources[].resources.tags[].color"
    );
    assert!(
        things[1].starts_with("response 201 enum [red, pink"),
        "{things:?}"
    );
    assert!(report.disagreements.iter().all(|f| f.page == PAGES[3]));
}

#[test]
fn deleting_an_error_code_fails_naming_the_page_and_the_code() {
    let report = check_edited(|katapult, _| {
        let group =
            "/paths/~1disks~1disk~1assign/post/responses/403/content/application~1json/schema";
        remove_from_array(
            katapult,
            &format!("{group}/oneOf"),
            &json!({"$ref": "#/components/schemas/PermissionDeniedSchema"}),
        );
        remove_key(
            katapult,
            &format!("{group}/discriminator/mapping"),
            "permission_denied",
        );
    });
    assert_eq!(report.exit_code(), 1);
    let lines = lines_of(&report);
    assert!(
        lines.iter().any(|line| line.starts_with(
            "001_bdbfc53e7021a19c.txt (POST /disks/disk/assign): response 403 code \
             permission_denied: page: documents permission_denied (\"The authenticated identity \
             is not permitted to perform this action\"); spec: lacks it"
        )),
        "{lines:#?}"
    );
    assert!(
        report
            .disagreements
            .iter()
            .all(|f| f.page == PAGES[1] && f.thing.starts_with("response 403")),
        "{lines:#?}"
    );
    // The allow-list entry about that member's detail no longer matches: stale, reported.
    assert!(
        report.stale.iter().any(
            |entry| entry.thing == "response 403 code permission_denied field detail: required"
        ),
        "{:#?}",
        report.stale
    );
}

#[test]
fn deleting_a_response_property_fails_naming_the_page_and_the_property() {
    let report = check_edited(|katapult, _| {
        remove_key(katapult, "/components/schemas/Disk/properties", "wwn");
    });
    assert_eq!(report.exit_code(), 1);
    let lines = lines_of(&report);
    assert_eq!(
        lines,
        [
            "001_bdbfc53e7021a19c.txt (POST /disks/disk/assign): response 200 property disk.wwn: \
             page: example has it (string); spec: lacks it (at \
             katapult-core.json#/components/schemas/Disk/properties)"
        ],
        "{lines:#?}"
    );
}

#[test]
fn deleting_a_cinder_response_key_fails_naming_the_rst_page() {
    let report = check_edited(|_, cinder| {
        remove_key(
            cinder,
            "/components/schemas/Volume/properties",
            "multiattach",
        );
        remove_from_array(
            cinder,
            "/components/schemas/Volume/required",
            &json!("multiattach"),
        );
    });
    let lines = lines_of(&report);
    assert_eq!(
        lines,
        [
            "004_935b4fe4129b7653.txt (POST /v2/{project_id}/os-volume-manage): response \
             parameter multiattach: page: lists multiattach (multiattach_resp); spec: has no \
             property multiattach in the 202 body (at \
             cinder-volume-manage.json#/components/schemas/ManageExistingVolumeResponse)"
        ],
        "{lines:#?}"
    );
}

#[test]
fn other_changes_are_caught_too() {
    let report = check_edited(|katapult, cinder| {
        // A nullable marker dropped, a description edited, a scope renamed, an example edited,
        // a Cinder request key renamed.
        remove_key(
            katapult,
            "/components/schemas/Disk/properties/io_profile",
            "nullable",
        );
        katapult["components"]["schemas"]["FileStorageVolume"]["properties"]["size"]["description"] =
            json!("The size in GiB.");
        katapult["paths"]["/organizations/organization/ip_addresses"]["post"]["security"][1]["OAuth2"]
            [0] = json!("api.katapult.io/core/v1/ips");
        katapult["paths"]["/disks/disk/assign"]["post"]["responses"]["429"]["content"]["application/json"]
            ["example"]["detail"]["total_permitted"] = json!(60);
        let volume = &mut cinder["components"]["schemas"]["VolumeManageArguments"]["properties"];
        let host = volume
            .as_object_mut()
            .and_then(|map| map.shift_remove("host"))
            .expect("host");
        volume["hostname"] = host;
    });
    let things: Vec<(&str, &str)> = report
        .disagreements
        .iter()
        .map(|f| (&f.page[..3], f.thing.as_str()))
        .collect();
    let want = [
        (
            "000",
            "response 201 text \"The size of the volume in bytes.\"",
        ),
        ("001", "response 200 field disk.io_profile: nullable"),
        ("001", "response 429 example"),
        ("002", "scope ip_addresses"),
        ("002", "scope api.katapult.io/core/v1/ips"),
        ("004", "request parameter host"),
        ("004", "request property volume.hostname"),
    ];
    for wanted in want {
        assert!(things.contains(&wanted), "{wanted:?} not in {things:#?}");
    }
    assert_eq!(things.len(), want.len(), "{things:#?}");
}

#[test]
fn request_title_and_one_of_changes_are_caught() {
    let report = check_edited(|katapult, _| {
        remove_from_array(
            katapult,
            "/components/schemas/CreateIpAddressRequest/properties/version/enum",
            &json!("ipv6"),
        );
        remove_from_array(
            katapult,
            "/components/schemas/CreateFileStorageVolumeRequest/required",
            &json!("organization"),
        );
        katapult["paths"]["/disks/disk/assign"]["post"]["summary"] = json!("Assign a disk");
        katapult["components"]["schemas"]["LoadBalancerResourceVariant"]["oneOf"][2] =
            json!({"$ref": "#/components/schemas/VirtualMachineGroup"});
    });
    let things: Vec<(&str, &str)> = report
        .disagreements
        .iter()
        .map(|f| (&f.page[..3], f.thing.as_str()))
        .collect();
    assert_eq!(
        things,
        [
            ("000", "request field organization: required"),
            ("001", "title"),
            ("002", "request enum [ipv4, ipv6]"),
            (
                "003",
                "response 201 oneOf load_balancer.resources[].resources"
            ),
        ],
        "{:#?}",
        lines_of(&report)
    );
    let lines = lines_of(&report);
    assert!(
        lines[2].ends_with(
            "request enum [ipv4, ipv6]: page: [ipv4, ipv6]; spec: closest is [ipv4] (lacks ipv6) \
             (at katapult-core.json#/components/schemas/CreateIpAddressRequest/properties/version)"
        ),
        "{lines:#?}"
    );
}

/// Any damage to any seed page is either parsed or refused with an error naming the page:
/// cut every few characters, each line dropped, each line doubled.
#[test]
fn damaged_pages_never_panic() {
    for name in PAGES {
        let text = seed_text(name);
        let cuts: Vec<usize> = text.char_indices().map(|(at, _)| at).step_by(13).collect();
        for cut in cuts {
            if let Err(err) = parse_text("damaged.txt", &text[..cut]) {
                assert!(err.to_string().starts_with("damaged.txt"), "{err}");
            }
        }
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let mut dropped = lines.clone();
            dropped.remove(index);
            if let Err(err) = parse_text("damaged.txt", &dropped.join("\n")) {
                assert!(err.to_string().starts_with("damaged.txt"), "{err}");
            }
            let mut doubled = lines.clone();
            doubled.insert(index, line);
            if let Err(err) = parse_text("damaged.txt", &doubled.join("\n")) {
                assert!(err.to_string().starts_with("damaged.txt"), "{err}");
            }
        }
    }
}

#[test]
fn a_stale_or_broken_allow_list_fails() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let committed =
        fs::read_to_string(default_allow_list(&workspace_root().join("spec"))).expect("allow-list");
    let stale = scratch.path().join("stale.yaml");
    fs::write(
        &stale,
        format!(
            "{committed}\n- page: POST /disks/disk/assign\n  thing: title\n  reason: nothing \
             differs here\n"
        ),
    )
    .expect("write");
    let mut options = Options::new(seeds());
    options.allow = Some(stale);
    let report = check(&options).expect("reads");
    assert_eq!(report.exit_code(), 1);
    assert_eq!(report.stale.len(), 1);
    assert!(
        report
            .text()
            .contains("stale allow-list entry: POST /disks/disk/assign: title")
    );

    let broken = scratch.path().join("broken.yaml");
    fs::write(&broken, "- page: x\n  thing: y\n").expect("write");
    options.allow = Some(broken);
    let err = check(&options).unwrap_err().to_string();
    assert!(
        err.contains("broken.yaml") && err.contains("reason"),
        "{err}"
    );

    // Without the allow-list every deliberate difference is a disagreement.
    let empty = scratch.path().join("empty.yaml");
    fs::write(&empty, "# nothing allowed\n").expect("write");
    options.allow = Some(empty);
    let report = check(&options).expect("reads");
    assert_eq!(report.exit_code(), 1);
    assert!(report.allowed.is_empty() && !report.disagreements.is_empty());
}
