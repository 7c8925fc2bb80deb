//! Every construct sample and every spec of the workspace generates with `--strict-passes`:
//! each rewrite of progenitor's output that reports code of its kind it does not recognise
//! (`generate::progenitor::passes`) finds only the shapes it knows. Over a seeded sample of
//! real documents, CI's corpus step (`cargo xtask corpus … --strict-passes`, `.ci/run`) does
//! the same.

use std::path::{Path, PathBuf};

use xtask::generate::{Options, render_crate};
use xtask::spec::files::{spec_files, spec_files_in};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Generates each document strictly and checks that no pass reported anything.
fn generates_strictly(documents: &[PathBuf], prefix: &str) {
    let strict = Options {
        strict_passes: true,
        ..Options::default()
    };
    for document in documents {
        let name = format!(
            "{prefix}{}",
            document
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a name")
        );
        let krate = render_crate(document, document, &name, strict)
            .unwrap_or_else(|err| panic!("{} in strict mode: {err}", document.display()));
        assert!(
            !krate
                .warnings
                .iter()
                .any(|warning| warning.message.contains("the pass `")),
            "{}: {:?}",
            document.display(),
            krate.warnings
        );
    }
}

#[test]
fn every_sample_generates_with_strict_passes() {
    let samples = spec_files_in(&root().join("tests/samples")).expect("tests/samples");
    assert!(samples.len() >= 5, "the samples: {samples:?}");
    generates_strictly(&samples, "sample-");
}

#[test]
fn every_spec_generates_with_strict_passes() {
    let specs = spec_files(&root()).expect("spec/");
    assert!(specs.len() >= 2, "the specs: {specs:?}");
    generates_strictly(&specs, "");
}
