//! Every construct sample generates with `--strict-passes`: each rewrite of progenitor's output
//! that reports code of its kind it does not recognise (`generate::progenitor::passes`) finds
//! only the shapes it knows in every sample. (Over real documents, `cargo xtask corpus
//! --strict-passes` does the same; CI's corpus step does not use it yet: see `.ci/run`.)

use std::path::{Path, PathBuf};

use xtask::generate::{Options, render_crate};

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/samples");
    let mut samples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/samples")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    samples.sort();
    samples
}

#[test]
fn every_sample_generates_with_strict_passes() {
    let samples = samples();
    assert!(samples.len() >= 5, "the samples: {samples:?}");
    let strict = Options {
        strict_passes: true,
        ..Options::default()
    };
    for sample in samples {
        let name = format!(
            "sample-{}",
            sample.file_stem().and_then(|s| s.to_str()).expect("a name")
        );
        let krate = render_crate(&sample, &sample, &name, strict)
            .unwrap_or_else(|err| panic!("{} in strict mode: {err}", sample.display()));
        assert!(
            !krate
                .warnings
                .iter()
                .any(|warning| warning.message.contains("the pass `")),
            "{}: {:?}",
            sample.display(),
            krate.warnings
        );
    }
}
