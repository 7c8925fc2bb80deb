//! The xtask works on the checkout it is run in, not the one it was compiled from.
//!
//! With a shared target directory (`CARGO_TARGET_DIR`, or `build.target-dir` in a cargo
//! config) a second checkout runs the binary the first one built. Here the binary built from
//! this checkout is run inside a second, minimal one (a workspace manifest, `xtask/`, one small
//! spec, its released copy and one documentation page): every command that defaults to the
//! workspace must read and write that second checkout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The checkout this binary was compiled from.
fn compiled_from() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is one folder below the workspace root")
        .to_path_buf()
}

/// Runs the xtask binary in `dir` (with the environment of `cargo test`, which names this
/// checkout in `CARGO_MANIFEST_DIR`: the binary must not look there either).
fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the xtask binary runs")
}

fn code(output: &Output) -> (Option<i32>, String) {
    (
        output.status.code(),
        format!(
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

/// A page stating what `GET /trees/{tree_id}` of the sample spec says.
const PAGE: &str = "\
.. -*- rst -*-
Trees
=====
Get a tree
~~~~~~~~~~
.. rest_method:: GET /trees/{tree_id}
Returns the tree.
Response codes
--------------
.. rest_status_code:: success ../status.yaml
- 200
.. rest_status_code:: error ../status.yaml
- 404
- 500
";

/// Builds the second checkout in `root`.
fn second_checkout(root: &Path) {
    let sample = std::fs::read_to_string(compiled_from().join("tests/samples/generic.yaml"))
        .expect("the sample spec");
    let spec = sample.replacen(
        "operationId: \"get:tree\"\n",
        "operationId: \"get:tree\"\n      summary: Get a tree\n      description: Returns the tree.\n",
        1,
    );
    assert_ne!(spec, sample, "the sample still has operation get:tree");
    for dir in ["xtask", "spec/released", "docs"] {
        std::fs::create_dir_all(root.join(dir)).expect("folder");
    }
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("manifest");
    std::fs::write(root.join("spec/sample.yaml"), &spec).expect("spec");
    std::fs::write(root.join("spec/released/sample.yaml"), &spec).expect("released spec");
    std::fs::write(root.join("docs/trees.rst"), PAGE).expect("page");
}

#[test]
fn every_command_works_on_the_checkout_it_runs_in() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let second = scratch.path().join("checkout");
    second_checkout(&second);
    let original = compiled_from();
    assert_ne!(original, second);

    // Checked before anything is written (so a binary that looked elsewhere fails here, not
    // after writing into that other checkout): the second checkout has no generated/ yet.
    let missing = xtask_in(&second, &["regenerate", "--check"]);
    assert_eq!(missing.status.code(), Some(1), "{}", code(&missing).1);
    assert!(String::from_utf8_lossy(&missing.stdout).contains("generated/sample/"));

    // regenerate writes the second checkout's generated/, and nothing of the original.
    let run = xtask_in(&second, &["regenerate"]);
    assert_eq!(run.status.code(), Some(0), "{}", code(&run).1);
    assert!(second.join("generated/sample/src/lib.rs").is_file());
    assert!(!original.join("generated/sample").exists());

    // From a sub-folder of the second checkout, everything agrees with it.
    let spec_dir = second.join("spec");
    let fresh = xtask_in(&spec_dir, &["regenerate", "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", code(&fresh).1);
    let released = xtask_in(&spec_dir, &["spec-diff", "--against-released"]);
    assert_eq!(released.status.code(), Some(0), "{}", code(&released).1);
    assert!(String::from_utf8_lossy(&released.stdout).contains("spec/sample.yaml"));
    let docs = xtask_in(&spec_dir, &["docs-check", "--docs", "../docs"]);
    assert_eq!(docs.status.code(), Some(0), "{}", code(&docs).1);
    assert!(String::from_utf8_lossy(&docs.stdout).contains("0 disagreement(s)"));

    // Damage the second checkout's spec: a renamed operation with another title.
    let spec = std::fs::read_to_string(spec_dir.join("sample.yaml")).expect("spec");
    let damaged = spec.replacen("\"get:tree\"", "\"get:forest\"", 1).replacen(
        "summary: Get a tree",
        "summary: Get a forest",
        1,
    );
    std::fs::write(spec_dir.join("sample.yaml"), damaged).expect("edit");

    let stale = xtask_in(&second, &["regenerate", "--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", code(&stale).1);
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(diff.contains("+++ b/generated/sample/"), "{diff}");
    assert!(diff.contains("forest"), "{diff}");
    let breaking = xtask_in(&second, &["spec-diff", "--against-released"]);
    assert_eq!(breaking.status.code(), Some(1), "{}", code(&breaking).1);
    assert!(String::from_utf8_lossy(&breaking.stdout).contains("operation-id-changed"));
    let differs = xtask_in(&second, &["docs-check", "--docs", "docs"]);
    assert_eq!(differs.status.code(), Some(1), "{}", code(&differs).1);
    assert!(String::from_utf8_lossy(&differs.stdout).contains("Get a forest"));

    // Nothing was written into the original checkout.
    assert!(!original.join("generated/sample").exists());
}

#[test]
fn outside_a_checkout_the_commands_that_need_one_exit_2() {
    let outside = tempfile::tempdir().expect("temp dir");
    for args in [
        &["regenerate", "--check"][..],
        &["spec-diff", "--against-released"],
        &["docs-check", "--docs", "."],
    ] {
        let run = xtask_in(outside.path(), args);
        let (status, output) = code(&run);
        assert_eq!(status, Some(2), "{args:?}: {output}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains("not inside a checkout"),
            "{args:?}: {stderr}"
        );
    }
}
