//! The generator as its users run it: regeneration reproduces the committed crates, `--check`
//! shows exactly what changed, failures are located and never touch the output, and any
//! OpenAPI 3.0 document becomes a crate that builds on its own.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sdk_tests::workspace_root;
use xtask::generate::{Options, generate_with};
use xtask::{GenError, Location, Outcome, generate, regenerate};

/// Every file below `dir` (relative path → bytes), build output excepted.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("readable folder") {
            let path = entry.expect("entry").path();
            let relative = path.strip_prefix(dir).expect("below dir").to_path_buf();
            if relative.ends_with("target") || relative.ends_with("Cargo.lock") {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                out.insert(relative, fs::read(&path).expect("readable file"));
            }
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in tree(from) {
        let path = to.join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        fs::write(path, bytes).expect("write file");
    }
}

/// A scratch workspace holding copies of `spec/` and, optionally, `generated/`.
fn scratch_workspace(with_generated: bool) -> tempfile::TempDir {
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = workspace_root();
    for entry in fs::read_dir(root.join("spec")).expect("spec folder") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            fs::create_dir_all(scratch.path().join("spec")).expect("spec folder");
            fs::copy(
                &path,
                scratch
                    .path()
                    .join("spec")
                    .join(path.file_name().expect("name")),
            )
            .expect("copy spec");
        }
    }
    if with_generated {
        copy_tree(&root.join("generated"), &scratch.path().join("generated"));
    }
    scratch
}

#[test]
fn regenerating_from_scratch_reproduces_the_committed_crates() {
    let scratch = scratch_workspace(false);
    regenerate(scratch.path(), false).expect("the committed specs generate");
    let fresh = tree(&scratch.path().join("generated"));
    let committed = tree(&workspace_root().join("generated"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &fresh {
        assert!(
            committed[path] == *bytes,
            "{} differs from the committed file: run `cargo xtask regenerate`",
            path.display()
        );
    }
    assert!(
        !scratch.path().join("target/xtask-staging").exists(),
        "staging cleaned up"
    );
}

#[test]
fn check_shows_an_edited_description_as_a_unified_diff() {
    let scratch = scratch_workspace(true);
    assert_eq!(
        regenerate(scratch.path(), true).expect("check runs"),
        Outcome::UpToDate
    );

    let spec = scratch.path().join("spec/katapult-core.yaml");
    let text = fs::read_to_string(&spec).expect("spec");
    let old = "Assign a disk to a virtual machine.";
    let new = "Attach a disk to a virtual machine (edited).";
    assert!(text.contains(old));
    fs::write(&spec, text.replacen(old, new, 1)).expect("edit spec");

    let before = tree(&scratch.path().join("generated"));
    let Outcome::Stale(diff) = regenerate(scratch.path(), true).expect("check runs") else {
        panic!("an edited description must make --check fail")
    };
    assert!(diff.contains("--- a/"), "unified diff headers:\n{diff}");
    assert!(diff.contains("+++ b/"), "unified diff headers:\n{diff}");
    assert!(
        diff.lines().any(|l| l.starts_with('-') && l.contains(old)),
        "{diff}"
    );
    assert!(
        diff.lines().any(|l| l.starts_with('+') && l.contains(new)),
        "{diff}"
    );
    assert!(
        diff.contains("--- a/generated/katapult-core/src/client.rs\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("cinder-volume-manage/src/client.rs"),
        "only the edited crate: {diff}"
    );
    assert_eq!(
        tree(&scratch.path().join("generated")),
        before,
        "--check writes nothing"
    );
}

#[test]
fn check_reports_files_that_should_not_be_there() {
    let scratch = scratch_workspace(true);
    let stray = scratch.path().join("generated/katapult-core/src/stray.rs");
    fs::write(&stray, "// hand-written\n").expect("write stray file");
    let Outcome::Stale(diff) = regenerate(scratch.path(), true).expect("check runs") else {
        panic!("a stray file must make --check fail")
    };
    assert!(diff.contains("+++ /dev/null"), "{diff}");
    assert!(diff.contains("-// hand-written"), "{diff}");

    regenerate(scratch.path(), false).expect("regenerate");
    assert!(
        !stray.exists(),
        "regenerate removes what the spec does not produce"
    );
}

#[test]
fn a_failed_regeneration_leaves_generated_exactly_as_it_was() {
    let scratch = scratch_workspace(true);
    fs::write(
        scratch.path().join("spec/zz-broken.yaml"),
        "openapi: 3.0.3\ninfo: {title: b, version: '1'}\npaths:\n  /x:\n    $ref: gone.yaml\n",
    )
    .expect("write broken spec");
    // Make the good crates stale too, so a half-written regeneration would show.
    let spec = scratch.path().join("spec/katapult-core.yaml");
    let text = fs::read_to_string(&spec).expect("spec");
    fs::write(&spec, text.replacen("Assign a disk", "Assign one disk", 1)).expect("edit");

    let before = tree(&scratch.path().join("generated"));
    let err = regenerate(scratch.path(), false).expect_err("a broken spec fails");
    assert!(err.to_string().contains("zz-broken.yaml"), "{err}");
    assert_eq!(
        tree(&scratch.path().join("generated")),
        before,
        "nothing written"
    );
}

/// Runs `generate` on a spec text and returns its error; the output folder must stay absent.
fn generate_error(file_name: &str, text: &str) -> GenError {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join(file_name);
    fs::write(&spec, text).expect("write spec");
    let out = scratch.path().join("out");
    let err = generate(&spec, &out, Some("broken"), false).expect_err("the spec is broken");
    assert!(!out.exists(), "a failed generate writes nothing");
    let shown = err.to_string();
    assert!(
        shown.contains(file_name),
        "the message names the file: {shown}"
    );
    assert!(shown.lines().count() <= 10, "one screen: {shown}");
    err
}

const MINIMAL_PATHS: &str = "paths:\n  /x:\n    post:\n      operationId: make_x\n      responses:\n        '200':\n          description: ok\n";

#[test]
fn bad_yaml_is_reported_with_its_line() {
    let err = generate_error(
        "bad.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n",
    );
    assert!(
        matches!(err.location, Location::Line { line: 3..=5, .. }),
        "{err}"
    );
    assert!(err.message.contains("invalid YAML"), "{err}");
}

#[test]
fn bad_json_is_reported_with_its_line() {
    let err = generate_error("bad.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n");
    assert_eq!(
        err.location,
        Location::Line {
            line: 3,
            column: 11
        },
        "{err}"
    );
}

/// Runs `generate_with` on a spec text, first reporting warnings, then with them denied;
/// returns the warnings and the denied run's error.
fn generate_warnings(file_name: &str, text: &str) -> (Vec<GenError>, GenError) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join(file_name);
    fs::write(&spec, text).expect("write spec");
    let run = generate_with(
        &spec,
        &scratch.path().join("out"),
        Some("warned"),
        Options::default(),
    )
    .expect("a forgivable defect generates");
    let denied = Options {
        deny_warnings: true,
        ..Options::default()
    };
    let out = scratch.path().join("denied");
    let err = generate_with(&spec, &out, Some("warned"), denied).expect_err("warnings denied");
    assert!(!out.exists(), "a denied run writes nothing");
    (run.warnings, err)
}

#[test]
fn a_dangling_ref_is_read_as_any_json_with_a_warning_at_its_pointer() {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{MINIMAL_PATHS}          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Gone'}}\n"
    );
    let (warnings, denied) = generate_warnings("dangling.yaml", &text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let at = Some("/paths/~1x/post/responses/200/content/application~1json/schema/$ref");
    assert_eq!(warnings[0].pointer(), at);
    assert!(
        warnings[0].message.contains("#/components/schemas/Gone"),
        "{}",
        warnings[0]
    );
    assert_eq!(denied.pointer(), at);
}

#[test]
fn an_operation_without_operation_id_is_named_from_method_and_path() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/{xId}:\n    post:\n      parameters: [{name: xId, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: ok}\n";
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("no-id.yaml");
    std::fs::write(&spec, text).unwrap();
    let out = dir.path().join("out");
    generate(&spec, &out, Some("no-id"), false).unwrap();
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(client.contains("pub fn post_x_by_x_id(&self)"), "{client}");
}

#[test]
fn an_undeclared_path_parameter_is_read_as_a_string_with_a_warning_at_the_operation() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      operationId: get_x\n      responses:\n        '200': {description: ok}\n";
    let (warnings, _) = generate_warnings("path-param.yaml", text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer(), Some("/paths/~1x~1{id}/get"));
    assert!(
        warnings[0].message.contains("no path parameter `id`"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_duplicate_operation_id_is_dropped_from_the_second_operation_with_both_places() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post: {operationId: same, responses: {'200': {description: ok}}}\n    get: {operationId: same, responses: {'200': {description: ok}}}\n";
    let (warnings, denied) = generate_warnings("dup.yaml", text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer(), Some("/paths/~1x/post/operationId"));
    assert!(
        warnings[0]
            .message
            .contains("already used at /paths/~1x/get"),
        "{}",
        warnings[0]
    );
    assert!(denied.message.contains("already used"), "{denied}");
}

#[test]
fn openapi_3_1_is_read_and_an_unknown_version_is_rejected_at_the_version_field() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("v31.yaml");
    let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{MINIMAL_PATHS}");
    fs::write(&spec, text).unwrap();
    generate(&spec, &dir.path().join("out"), Some("v31"), false).expect("3.1 generates");

    let text = format!("openapi: 4.0.0\ninfo: {{title: t, version: '1'}}\n{MINIMAL_PATHS}");
    let err = generate_error("v4.yaml", &text);
    assert_eq!(err.pointer(), Some("/openapi"));
    assert!(err.message.contains("expected 3.0.x or 3.1.x"), "{err}");
}

#[test]
fn swagger_before_2_0_is_rejected() {
    let err = generate_error(
        "swagger.yaml",
        "swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert_eq!(err.pointer(), Some("/swagger"));
    assert!(err.message.contains("expected 2.0"), "{err}");
}

#[test]
fn a_missing_referenced_file_and_a_remote_ref_are_located_errors() {
    for (target, expected) in [
        ("other.yaml#/Thing", "other.yaml`, which this $ref names"),
        ("https://example.invalid/a.yaml", "remote $ref"),
    ] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{MINIMAL_PATHS}          content:\n            application/json:\n              schema: {{$ref: '{target}'}}\n"
        );
        let err = generate_error("external.yaml", &text);
        assert!(err.message.contains(expected), "{err}");
        assert!(
            err.pointer().is_some_and(|p| p.ends_with("/schema/$ref")),
            "{err}"
        );
    }
}

#[test]
fn mixed_success_bodies_become_one_success_enum() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: make_x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object}\n        '204': {description: none}\n";
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("mixed.yaml");
    fs::write(&spec, text).unwrap();
    generate(&spec, &dir.path().join("out"), Some("mixed"), false).expect("generates");
    // The enum's table, whatever its line breaks: a variant with a body, one without.
    let responses = fs::read_to_string(dir.path().join("out/src/responses.rs")).unwrap();
    let responses =
        (responses.split_whitespace().collect::<Vec<_>>().join(" ")).replace("!( ", "!(");
    assert!(
        responses.contains(
            "success_by_status!(MakeXSuccess, \"make_x\", { Ok(types::MakeXResponse200) = 200, \
             NoContent = 204 }"
        ),
        "{responses}"
    );
}

#[test]
fn a_wrongly_typed_field_is_reported_at_its_pointer() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: make_x\n      responses: [not, a, map]\n";
    let err = generate_error("typed.yaml", text);
    assert!(
        err.pointer()
            .is_some_and(|p| p.starts_with("/paths/~1x/post")),
        "{err}"
    );
}

#[test]
fn generation_is_deterministic() {
    let sample = workspace_root().join("tests/samples/generic.yaml");
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    generate(&sample, &first.path().join("c"), None, false).expect("generates");
    generate(&sample, &second.path().join("c"), None, false).expect("generates");
    assert_eq!(
        tree(&first.path().join("c")),
        tree(&second.path().join("c"))
    );
    assert_eq!(
        generate(&sample, &first.path().join("c"), None, true).expect("check runs"),
        Outcome::UpToDate
    );
}

/// The crate `generate` writes for a spec unlike ours builds with no path into this workspace.
#[test]
fn generate_writes_a_crate_that_builds_on_its_own() {
    let sample = workspace_root().join("tests/samples/generic.yaml");
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("generic-sample");
    generate(&sample, &out, None, false).expect("the sample generates");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        !manifest.contains("path ="),
        "no path dependencies:\n{manifest}"
    );
    assert!(
        !manifest.contains("workspace"),
        "no workspace inheritance:\n{manifest}"
    );

    // The error's table, whatever its line breaks.
    let errors = fs::read_to_string(out.join("src/errors.rs")).expect("errors.rs");
    let errors = errors.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        errors.contains("GetTreeError, \"get:tree\", { NotFound(types::Problem) = 404,"),
        "status-typed errors for get:tree:\n{errors}"
    );
    let client = fs::read_to_string(out.join("src/client.rs")).expect("client.rs");
    assert!(
        client.contains("ApiResult<(), types::DropLeavesErrorBody>"),
        "identical inline error bodies share one type"
    );

    // A target folder of our own, so the build neither waits on nor disturbs this test run's.
    // `check` gives every diagnostic `build` would for a library, without compiling the
    // dependencies' code a second time (CI checks target/standalone's crates already).
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
    let warnings = String::from_utf8_lossy(&output.stderr);
    assert!(
        !warnings.contains("warning"),
        "the generated crate builds with warnings:\n{warnings}"
    );
}

/// A document of components only (a models library) generates its types and a client and
/// stub with no operations, which build without a warning: none of the runtime that only
/// operations use is reported unused. The same holds for a crate built with no tag's feature.
#[test]
fn a_document_of_components_only_builds_its_types_without_warnings() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("models.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: Models, version: '1'}\ncomponents:\n  schemas:\n    \
         Pet:\n      type: object\n      required: [name]\n      properties:\n        \
         name: {type: string}\n        kind: {type: string, enum: [cat, dog]}\n",
    )
    .expect("spec written");
    let out = scratch.path().join("models");
    generate(&spec, &out, None, false).expect("a components-only document generates");
    let types = fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(types.contains("pub struct Pet"), "{types}");
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--features",
            "server",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/standalone"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "does not build:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "builds with warnings:\n{stderr}"
    );
}

/// The crates a generated crate's normal build depends on, with `features` enabled.
fn dependency_names(package: &str, features: &[&str]) -> Vec<String> {
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(workspace_root()).args([
        "tree",
        "--offline",
        "--locked",
        "-e",
        "normal",
        "--prefix",
        "none",
        "-p",
        package,
    ]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn client_only_users_do_not_compile_the_server_dependencies() {
    for package in ["katapult-core", "cinder-volume-manage"] {
        let client_only = dependency_names(package, &[]);
        assert!(
            client_only.iter().any(|name| name == "reqwest"),
            "{package}: the client needs reqwest"
        );
        assert!(
            !client_only.iter().any(|name| name == "axum"),
            "{package}: axum in a client-only build"
        );
        let with_server = dependency_names(package, &["server"]);
        assert!(
            with_server.iter().any(|name| name == "axum"),
            "{package}: the server feature brings axum"
        );
    }
}

#[test]
fn the_default_tls_compiles_no_aws_lc_and_native_tls_no_rustls() {
    for package in ["katapult-core", "cinder-volume-manage"] {
        let default = dependency_names(package, &[]);
        assert!(
            default.iter().any(|name| name == "ring"),
            "{package}: rustls's ring provider by default"
        );
        assert!(
            !default.iter().any(|name| name.starts_with("aws-lc")),
            "{package}: AWS-LC (C code) in the default build: {default:?}"
        );
        let mut command = Command::new(env!("CARGO"));
        command.current_dir(workspace_root()).args([
            "tree",
            "--offline",
            "--locked",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--no-default-features",
            "--features",
            "native-tls",
            "-p",
            package,
        ]);
        let output = command.output().expect("cargo tree runs");
        let native = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let names: Vec<&str> = native
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        assert!(names.contains(&"native-tls"), "{package}: {names:?}");
        assert!(
            !names.contains(&"rustls") && !names.contains(&"ring"),
            "{package}: rustls with native-tls: {names:?}"
        );
    }
}

/// `--struct-builders` (and a spec's `x-struct-builders: true`) keeps typify's builders, which
/// are left out by default; both crates build without warnings.
#[test]
fn struct_builders_are_generated_only_when_asked_for() {
    let sample = workspace_root().join("tests/samples/bodies.yaml");
    let scratch = tempfile::tempdir().expect("temp dir");
    for struct_builders in [false, true] {
        let out = scratch.path().join(format!("bodies-{struct_builders}"));
        let options = Options {
            struct_builders,
            ..Options::default()
        };
        generate_with(&sample, &out, Some("bodies"), options).expect("the sample generates");
        let types = fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
        let client = fs::read_to_string(out.join("src/client.rs")).expect("client.rs");
        assert_eq!(types.contains("pub mod builder"), struct_builders);
        assert_eq!(client.contains("pub fn body_map"), struct_builders);
        assert_eq!(client.contains("types::builder::"), struct_builders);
        let target = workspace_root().join("target/standalone");
        let output = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--manifest-path"])
            .arg(out.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "builders {struct_builders}: {stderr}"
        );
        assert!(
            !stderr.contains("warning"),
            "builders {struct_builders}: {stderr}"
        );
    }
    let asked = scratch.path().join("asked.yaml");
    let text = fs::read_to_string(&sample).expect("the sample");
    fs::write(&asked, format!("x-struct-builders: true\n{text}")).expect("write");
    let out = scratch.path().join("asked");
    generate_with(&asked, &out, Some("asked"), Options::default()).expect("generates");
    let types = fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(
        types.contains("pub mod builder"),
        "the spec asked for builders"
    );
}

/// Two tags and an untagged path: `Pet` (and the enum of `get_pet`'s `view` parameter) only
/// `pets` reaches, `Store` only `stores`, `Address` both.
const TAGGED_SPEC: &str = r#"
openapi: 3.0.3
info: {title: Tagged, version: '1.0.0'}
paths:
  /pets/{id}:
    get:
      operationId: get_pet
      tags: [Pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: view, in: query, schema: {type: string, enum: [full, brief]}}
      responses:
        '200':
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /stores:
    get:
      operationId: list_stores
      tags: [Stores]
      responses:
        '200':
          description: the stores
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Store'}
  /health:
    get:
      operationId: health
      responses:
        '204': {description: up}
components:
  schemas:
    Address:
      type: object
      properties:
        street: {type: string}
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        home: {$ref: '#/components/schemas/Address'}
    Store:
      type: object
      required: [name]
      properties:
        name: {type: string}
        address: {$ref: '#/components/schemas/Address'}
"#;

/// `cargo check` of a crate using the generated `tagged` crate with `features`, its
/// `main.rs` being `code`: the compiler's messages when it fails.
fn check_user(scratch: &Path, features: &str, code: &str) -> Result<(), String> {
    let user = scratch.join("user");
    fs::create_dir_all(user.join("src")).expect("user crate");
    fs::write(
        user.join("Cargo.toml"),
        format!(
            "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\ntagged = {{ path = \"../tagged\", default-features = false, \
             features = [{features}] }}\n\n[workspace]\n"
        ),
    )
    .expect("user manifest");
    fs::write(user.join("src/main.rs"), code).expect("user main.rs");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(user.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/standalone"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() && !stderr.contains("warning") {
        Ok(())
    } else {
        Err(stderr)
    }
}

#[test]
fn a_tag_feature_compiles_its_operations_and_only_the_types_they_reach() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("tagged.yaml");
    fs::write(&spec, TAGGED_SPEC).expect("write spec");
    let out = scratch.path().join("tagged");
    generate_with(&spec, &out, Some("tagged"), Options::default()).expect("generates");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains(r#"all-operations = ["health", "pets", "stores"]"#),
        "a feature per tag, and per path group without one:\n{manifest}"
    );
    assert!(manifest.contains("\npets = []\n") && manifest.contains("\nstores = []\n"));

    // With `pets` (client and server): its operation, its types and the shared one.
    let pets = r#"
        use tagged::server::TaggedApi;
        use tagged::types::{Address, GetPetView, Pet};
        #[allow(dead_code)]
        struct Api;
        impl TaggedApi for Api {
            // The server reads the query parameter as the client's enum.
            async fn get_pet(&self, id: String, _: Option<GetPetView>) -> Result<Pet, std::convert::Infallible> {
                Ok(Pet { name: id, home: Some(Address { street: None }) })
            }
        }
        fn main() {
            let client = tagged::Client::builder("http://127.0.0.1:1").build().expect("client");
            // The query parameter's enum comes with the operation's tag.
            let _ = client.get_pet().id("rex").view(tagged::types::GetPetView::Brief);
        }
    "#;
    check_user(scratch.path(), r#""client", "server", "pets""#, pets)
        .unwrap_or_else(|errors| panic!("the `pets` feature alone builds:\n{errors}"));

    // Nothing only `stores` reaches is there: neither its type nor its operation.
    let stores = r#"
        fn main() {
            let client = tagged::Client::builder("http://127.0.0.1:1").build().expect("client");
            let _ = client.list_stores();
            let _: Option<tagged::types::Store> = None;
        }
    "#;
    let errors = check_user(scratch.path(), r#""client", "pets""#, stores)
        .expect_err("`Store` and `list_stores` need the `stores` feature");
    assert!(
        errors.contains("cannot find type `Store` in module `tagged::types`"),
        "{errors}"
    );
    assert!(errors.contains("no method named `list_stores`"), "{errors}");
}

/// A type that more tags reach than a `cfg` spells out is gated by one internal feature, which
/// each of those tags enables in the manifest: any one tag brings it, and what it holds.
#[test]
fn a_type_many_tags_share_comes_with_any_one_of_them() {
    let mut paths = String::new();
    for n in 0..10 {
        paths.push_str(&format!(
            "  /things/{n}:\n    get:\n      operationId: get_thing_{n}\n      tags: [t{n}]\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema: {{$ref: '#/components/schemas/Shared'}}\n"
        ));
    }
    paths.push_str(
        "  /solo:\n    get:\n      operationId: get_solo\n      tags: [t9]\n      responses:\n        \
         '200':\n          description: ok\n          content:\n            application/json:\n              \
         schema: {$ref: '#/components/schemas/Solo'}\n",
    );
    let spec_text = format!(
        "openapi: 3.0.3\ninfo: {{title: Tagged, version: '1.0'}}\npaths:\n{paths}components:\n  \
         schemas:\n    Inner:\n      type: object\n      properties:\n        n: {{type: integer}}\n    \
         Shared:\n      type: object\n      required: [inner]\n      properties:\n        inner: \
         {{$ref: '#/components/schemas/Inner'}}\n    Solo:\n      type: object\n      properties:\n        \
         s: {{type: string}}\n"
    );
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("tagged.yaml");
    fs::write(&spec, spec_text).expect("write spec");
    let out = scratch.path().join("tagged");
    generate_with(&spec, &out, Some("tagged"), Options::default()).expect("generates");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("\nt3 = [\"_shared-1\"]\n") && manifest.contains("\n_shared-1 = []\n"),
        "the shared set is named once and enabled by each tag:\n{manifest}"
    );
    let types = fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(!types.contains("feature = \"t0\""), "spelled out:\n{types}");

    let t3 = r#"
        fn main() {
            let client = tagged::Client::builder("http://127.0.0.1:1").build().expect("client");
            let _ = client.get_thing_3();
            let _ = tagged::types::Shared { inner: tagged::types::Inner { n: Some(1) } };
        }
    "#;
    check_user(scratch.path(), r#""client", "t3""#, t3)
        .unwrap_or_else(|errors| panic!("the `t3` feature alone builds:\n{errors}"));
    let solo = r#"
        fn main() {
            let _: Option<tagged::types::Solo> = None;
        }
    "#;
    let errors = check_user(scratch.path(), r#""client", "t3""#, solo)
        .expect_err("`Solo` needs the `t9` feature");
    assert!(
        errors.contains("cannot find type `Solo` in module `tagged::types`"),
        "{errors}"
    );
}

#[test]
fn swagger_2_warnings_point_into_the_2_0_document_as_written() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n        - {name: ids, in: query, type: array, collectionFormat: tsv, items: {type: string}}\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/Gone'}\n";
    let (warnings, denied) = generate_warnings("two.yaml", text);
    let places: Vec<Option<&str>> = warnings.iter().map(GenError::pointer).collect();
    assert_eq!(
        places,
        [
            Some("/paths/~1x/get/parameters/1/collectionFormat"),
            Some("/paths/~1x/get/responses/200/schema/$ref"),
        ],
        "{warnings:?}"
    );
    assert!(denied.to_string().contains("two.yaml"), "{denied}");
}

#[test]
fn a_path_parameter_the_template_does_not_name_is_left_out_with_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      parameters:\n        - {name: gone, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n";
    let (warnings, _) = generate_warnings("stray.yaml", text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer(), Some("/paths/~1x/get/parameters/0"));
    assert!(warnings[0].message.contains("`gone`"), "{}", warnings[0]);
}

#[test]
fn a_cycle_of_files_is_a_located_error() {
    let scratch = tempfile::tempdir().expect("temp dir");
    fs::write(scratch.path().join("a.yaml"), "get: {$ref: 'b.yaml'}\n").expect("write");
    fs::write(
        scratch.path().join("b.yaml"),
        "responses: {'200': {$ref: 'a.yaml'}}\n",
    )
    .expect("write");
    let spec = scratch.path().join("api.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x: {$ref: 'a.yaml'}\n",
    )
    .expect("write");
    let out = scratch.path().join("out");
    let err = generate(&spec, &out, Some("cycle"), false).expect_err("a cycle is an error");
    assert_eq!(err.pointer(), Some("/paths/~1x/get/responses/200/$ref"));
    assert!(err.message.contains("cycle"), "{err}");
    assert!(!out.exists());
}
