//! `cargo xtask spec-diff`: one case per rule under `spec-diff/cases/<rule-id>/` (a base spec,
//! a JSON merge patch or a full `new.yaml`, and the exact expected text report), the real
//! specs against themselves, an operationId rename caught by `--against-released`, and a
//! recursive schema.
//!
//! `SPEC_DIFF_BLESS=1 cargo test -p sdk-tests --test spec_diff` rewrites the `expected.txt`
//! files; review the diff before committing it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use xtask::spec::load_spec;
use xtask::spec_diff::release::against_released;
use xtask::spec_diff::{Format, Report, Rule, Severity, Verdict, diff, render, run};

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn root() -> PathBuf {
    here()
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn cases_dir() -> PathBuf {
    here().join("spec-diff/cases")
}

/// RFC 7396 JSON merge patch; key order is kept (a removed key does not reorder the rest).
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(map) = target else {
        unreachable!("made an object above")
    };
    for (key, value) in patch {
        if value.is_null() {
            *map = std::mem::take(map)
                .into_iter()
                .filter(|(candidate, _)| candidate != key)
                .collect();
        } else {
            merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The base and new spec files of a case (the new one written to `scratch` if it is a patch).
fn case_files(case: &Path, scratch: &Path) -> (PathBuf, PathBuf) {
    let own_base = case.join("base.yaml");
    let base = if own_base.is_file() {
        own_base
    } else {
        here().join("spec-diff/base.yaml")
    };
    let full_new = case.join("new.yaml");
    if full_new.is_file() {
        return (base, full_new);
    }
    let patch_file = case.join("patch.json");
    let patch: Value = serde_json::from_str(
        &std::fs::read_to_string(&patch_file)
            .unwrap_or_else(|err| panic!("{}: {err}", patch_file.display())),
    )
    .unwrap_or_else(|err| panic!("{}: {err}", patch_file.display()));
    let mut document = load_spec(&base)
        .unwrap_or_else(|err| panic!("{err}"))
        .document;
    merge_patch(&mut document, &patch);
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case");
    let new = scratch.join(format!("{name}.json"));
    std::fs::write(&new, serde_json::to_string_pretty(&document).expect("JSON"))
        .expect("write the patched spec");
    (base, new)
}

fn case_report(case: &Path, scratch: &Path) -> Report {
    let (base, new) = case_files(case, scratch);
    let old = load_spec(&base).unwrap_or_else(|err| panic!("{err}"));
    let new = load_spec(&new).unwrap_or_else(|err| panic!("{}: {err}", case.display()));
    diff(&old, &new).unwrap_or_else(|err| panic!("{}: {err}", case.display()))
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("spec-diff/cases exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_case_gives_exactly_its_expected_report() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let bless = std::env::var_os("SPEC_DIFF_BLESS").is_some();
    let mut failures = Vec::new();
    for case in case_dirs() {
        let report = render(&case_report(&case, scratch.path()), Format::Text);
        let expected_file = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_file, &report).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
        if report != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{report}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_case_that_reports_it() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let ids: BTreeSet<&str> = Rule::ALL.iter().map(|rule| rule.id()).collect();
    let cases: BTreeSet<String> = case_dirs()
        .iter()
        .filter_map(|dir| dir.file_name()?.to_str().map(str::to_string))
        .collect();
    let missing: Vec<&&str> = ids.iter().filter(|id| !cases.contains(**id)).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
    let strays: Vec<&String> = cases.iter().filter(|c| !ids.contains(c.as_str())).collect();
    assert!(
        strays.is_empty(),
        "case folders that name no rule: {strays:?}"
    );
    for rule in Rule::ALL {
        let report = case_report(&cases_dir().join(rule.id()), scratch.path());
        assert!(
            report.changes.iter().any(|change| change.rule == *rule),
            "the case of {rule} does not report it"
        );
        let verdict = if rule.severity() == Severity::Breaking {
            Verdict::Breaking
        } else {
            Verdict::NoBreaking
        };
        assert_eq!(report.verdict(), verdict, "case {rule}");
    }
}

#[test]
fn the_readme_rule_table_matches_the_code() {
    let readme = std::fs::read_to_string(here().join("spec-diff/README.md")).expect("README");
    let section = readme
        .split("\n## ")
        .find(|section| section.starts_with("Rules\n"))
        .expect("README has a Rules section");
    let rows: BTreeSet<(String, String)> = section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let id = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let severity = cells.get(2)?;
            Some((id.to_string(), severity.to_string()))
        })
        .filter(|(id, _)| !id.is_empty())
        .collect();
    let code: BTreeSet<(String, String)> = Rule::ALL
        .iter()
        .map(|rule| (rule.id().to_string(), rule.severity().to_string()))
        .collect();
    assert_eq!(rows, code, "tests/spec-diff/README.md and Rule disagree");
}

#[test]
fn the_real_specs_against_themselves_have_no_changes() {
    for name in ["katapult-core", "cinder-volume-manage"] {
        let spec = load_spec(&root().join(format!("spec/{name}.yaml")))
            .unwrap_or_else(|err| panic!("{err}"));
        let report = diff(&spec, &spec).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(render(&report, Format::Text), "no changes\n", "{name}");
        assert_eq!(report.verdict(), Verdict::NoBreaking);
    }
}

/// A workspace-like folder: `spec/` with the given katapult text, `spec/released/` with the
/// real one.
fn release_root(katapult: &str) -> tempfile::TempDir {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("spec");
    std::fs::create_dir_all(spec.join("released")).expect("mkdir");
    let real = std::fs::read_to_string(root().join("spec/katapult-core.yaml")).expect("spec");
    std::fs::write(spec.join("released/katapult-core.yaml"), real).expect("write");
    std::fs::write(spec.join("katapult-core.yaml"), katapult).expect("write");
    scratch
}

#[test]
fn renaming_an_operation_id_fails_the_release_check_with_the_rule_and_the_fix() {
    let real = std::fs::read_to_string(root().join("spec/katapult-core.yaml")).expect("spec");
    assert!(real.contains("operationId: assign_disk"));
    let renamed = real.replace("operationId: assign_disk", "operationId: attach_disk");
    let scratch = release_root(&renamed);

    let check = against_released(scratch.path(), Format::Text);
    assert_eq!(check.verdict, Verdict::Breaking);
    assert_eq!(check.verdict.exit_code(), 1);
    assert!(
        check.report.contains(
            "breaking operation-id-changed attach_disk (POST /disks/disk/assign) at \
             #/paths/~1disks~1disk~1assign/post/operationId"
        ),
        "{}",
        check.report
    );
    let message = check.messages.join("\n");
    assert!(message.contains("operation-id-changed"), "{message}");
    assert!(
        message.contains("#/paths/~1disks~1disk~1assign/post/operationId"),
        "{message}"
    );
    assert!(
        message
            .contains("bump info.version to 2.0.0 and copy the spec to spec/released/ to release"),
        "{message}"
    );

    // The same change released as a major version passes.
    let bumped = renamed.replacen("version: 1.0.0", "version: 2.0.0", 1);
    let scratch = release_root(&bumped);
    let check = against_released(scratch.path(), Format::Text);
    assert_eq!(check.verdict, Verdict::NoBreaking, "{:?}", check.messages);
}

#[test]
fn a_description_change_passes_the_release_check() {
    let real = std::fs::read_to_string(root().join("spec/katapult-core.yaml")).expect("spec");
    let edited = real.replacen(
        "description: Assign a disk to a virtual machine.",
        "description: Attach a disk to a virtual machine.",
        1,
    );
    assert_ne!(edited, real);
    let scratch = release_root(&edited);
    let check = against_released(scratch.path(), Format::Text);
    assert_eq!(check.verdict, Verdict::NoBreaking, "{:?}", check.messages);
    assert!(check.report.contains("info description-changed"));
}

#[test]
fn recursive_schemas_terminate() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    post:
      operationId: make_a
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/A'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/A'}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '#/components/schemas/B'}}
        self: {{nullable: true, allOf: [{{$ref: '#/components/schemas/A'}}]}}
        list: {{type: array, items: {{$ref: '#/components/schemas/A'}}}}
        both: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]}}
    B:
      type: object
      properties:
        a: {{$ref: '#/components/schemas/A'}}
        either: {{oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]}}
{extra}"
        )
    };
    let old_file = scratch.path().join("old.yaml");
    let new_file = scratch.path().join("new.yaml");
    std::fs::write(&old_file, spec("")).expect("write");
    std::fs::write(&new_file, spec("        depth: {type: integer}\n")).expect("write");
    let old = load_spec(&old_file).unwrap_or_else(|err| panic!("{err}"));
    let new = load_spec(&new_file).unwrap_or_else(|err| panic!("{err}"));
    assert!(diff(&old, &old).expect("diff").changes.is_empty());
    let report = diff(&old, &new).expect("diff");
    assert_eq!(
        render(&report, Format::Text),
        "compatible request-property-optional-added make_a (POST /a) at \
         #/components/schemas/B/properties/depth: new optional property `depth`\n\
         compatible response-property-added make_a (POST /a) at \
         #/components/schemas/B/properties/depth: new property `depth`\n\
         0 breaking, 2 compatible, 0 info\n"
    );
}

#[test]
fn operations_without_operation_id_are_paired_and_named_as_the_generator_names_them() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /pets:\n    get:\n      \
             parameters:\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n{extra}      \
             responses: {{'204': {{description: ok}}}}\n  /owners:\n    get:\n      \
             responses: {{'204': {{description: ok}}}}\n"
        )
    };
    let old_file = scratch.path().join("old.yaml");
    let new_file = scratch.path().join("new.yaml");
    std::fs::write(&old_file, spec("")).expect("write");
    std::fs::write(
        &new_file,
        spec("        - {name: sort, in: query, required: true, schema: {type: string}}\n"),
    )
    .expect("write");
    let old = load_spec(&old_file).unwrap_or_else(|err| panic!("{err}"));
    let new = load_spec(&new_file).unwrap_or_else(|err| panic!("{err}"));
    assert!(diff(&old, &old).expect("diff").changes.is_empty());
    let report = diff(&old, &new).expect("diff");
    let text = render(&report, Format::Text);
    assert!(
        text.starts_with("breaking parameter-required-added get_pets (GET /pets) at "),
        "{text}"
    );
    assert!(
        text.ends_with("1 breaking, 0 compatible, 0 info\n"),
        "{text}"
    );
}

#[test]
fn the_command_line_exits_0_1_or_2() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let base = here().join("spec-diff/base.yaml").display().to_string();
    let (_, renamed) = case_files(&cases_dir().join("operation-id-changed"), scratch.path());
    let renamed = renamed.display().to_string();
    let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();

    let same = run(&args(&[&base, &base]));
    assert_eq!(
        (same.verdict.exit_code(), same.stdout.as_str()),
        (0, "no changes\n")
    );

    let breaking = run(&args(&[&base, &renamed, "--format", "json"]));
    assert_eq!(breaking.verdict.exit_code(), 1);
    let json: Value = serde_json::from_str(&breaking.stdout).expect("JSON report");
    assert_eq!(json["changes"][0]["rule"], "operation-id-changed");
    assert_eq!(json["changes"][0]["severity"], "breaking");
    assert_eq!(json["changes"][0]["operation"]["operationId"], "fetch_tree");
    assert_eq!(json["changes"][0]["operation"]["method"], "GET");
    assert_eq!(
        json["changes"][0]["pointer"],
        "/paths/~1tree/get/operationId"
    );
    assert_eq!(json["summary"]["breaking"], 1);

    let markdown = run(&args(&[&base, &renamed, "--format=markdown"]));
    assert!(
        markdown
            .stdout
            .starts_with("| Severity | Rule | Operation | Pointer | Change |")
    );
    assert!(
        markdown
            .stdout
            .contains("| breaking | `operation-id-changed` |")
    );

    let broken = scratch.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    $ref: gone.yaml\n",
    )
    .expect("write");
    let failed = run(&args(&[&base, &broken.display().to_string()]));
    assert_eq!(failed.verdict.exit_code(), 2);
    assert!(
        failed.stderr.contains("broken.yaml#/paths/~1x/$ref"),
        "{}",
        failed.stderr
    );

    let missing = run(&args(&[&base, "no/such/spec.yaml"]));
    assert_eq!(missing.verdict.exit_code(), 2);
    assert!(
        missing.stderr.contains("no/such/spec.yaml"),
        "{}",
        missing.stderr
    );

    let usage = run(&args(&[&base]));
    assert_eq!(usage.verdict.exit_code(), 2);
}

#[test]
fn git_revisions_load_through_the_same_loader() {
    let spec = root().join("spec/katapult-core.yaml").display().to_string();
    let outcome = run(&["HEAD:spec/katapult-core.yaml".to_string(), spec]);
    assert_ne!(
        outcome.verdict,
        Verdict::CouldNotCompare,
        "{}",
        outcome.stderr
    );
    let bad = run(&[
        "HEAD:spec/no-such-spec.yaml".to_string(),
        "HEAD:spec/katapult-core.yaml".to_string(),
    ]);
    assert_eq!(bad.verdict, Verdict::CouldNotCompare);
    assert!(
        bad.stderr.contains("HEAD:spec/no-such-spec.yaml"),
        "{}",
        bad.stderr
    );
}
