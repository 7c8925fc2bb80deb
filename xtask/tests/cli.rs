//! The `cargo xtask` binary's contract: exit 0 up to date, 1 stale (with a unified diff on
//! stdout), 2 for a spec or usage error (one located message on stderr).

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/samples/generic.yaml")
        .display()
        .to_string()
}

#[test]
fn generate_then_check_exits_0_then_1_when_stale() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("crate");
    let out = out.to_str().expect("UTF-8 path");

    let written = xtask(&["generate", "--spec", &sample(), "--out", out]);
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let fresh = xtask(&["generate", "--spec", &sample(), "--out", out, "--check"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(fresh.stdout.is_empty());

    let lib = scratch.path().join("crate/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(
        &lib,
        text.replacen("#![forbid(unsafe_code)]", "// edited by hand", 1),
    )
    .expect("edit");
    let stale = xtask(&["generate", "--spec", &sample(), "--out", out, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(diff.contains("-// edited by hand"), "{diff}");
    assert!(diff.contains("+#![forbid(unsafe_code)]"), "{diff}");
    assert!(String::from_utf8_lossy(&stale.stderr).contains("cargo xtask regenerate"));
}

#[test]
fn a_broken_spec_exits_2_with_a_located_message() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 2.5.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .expect("write");
    let out = scratch.path().join("out");
    let run = xtask(&[
        "generate",
        "--spec",
        spec.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("broken.yaml#/openapi"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xtask(&[]).status.code(), Some(2));
    assert_eq!(xtask(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(xtask(&["generate", "--spec"]).status.code(), Some(2));
}

#[test]
fn the_committed_crates_are_up_to_date() {
    let run = xtask(&["regenerate", "--check"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "generated/ is stale:\n{}",
        String::from_utf8_lossy(&run.stdout)
    );
}
