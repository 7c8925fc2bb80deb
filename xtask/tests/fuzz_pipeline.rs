//! A bounded mutation fuzzer over the generator's whole pipeline (load → normalise →
//! progenitor → model → emitters → render): documents made from `tests/samples/` by random
//! structural mutations (deleted and transplanted subtrees, `$ref`s to anywhere, including
//! their own ancestors, `allOf` wrappers, wrongly typed keywords, hostile names) must each
//! generate or be refused with an error, never panic or overflow the stack.
//!
//! Deterministic for a seed. `FUZZ_ITERATIONS` (default 200, what CI runs), `FUZZ_SECONDS`
//! (default 120: the loop also stops when this budget is spent) and `FUZZ_SEED` (default 1)
//! set the run; a longer run: `FUZZ_ITERATIONS=5000 FUZZ_SECONDS=3000 cargo test --release -p
//! xtask --test fuzz_pipeline -- --nocapture`. Every input is written to
//! `target/fuzz/last-input.json` before it runs, so a crash that kills the process leaves it
//! behind; a panic is saved as `target/fuzz/crash-<seed>-<iteration>.json`. Each crash found
//! becomes a sample in `tests/samples/` or a unit test of the stage that crashed.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use xtask::generate::{Options, render_crate};
use xtask::workspace_root;

/// A small deterministic random source (xorshift64*), so a seed reproduces a run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The seed documents: every single-file sample, as JSON.
fn seeds() -> Vec<(String, Value)> {
    let folder = workspace_root().join("tests/samples");
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .expect("tests/samples")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = fs::read_to_string(&path).ok()?;
            let value: Value = serde_yaml::from_str(&text).ok()?;
            // Samples whose `$ref`s name other files need their folder: left out here.
            let external = text.contains("$ref: ./") || text.contains("$ref: '.");
            let name = path.file_name()?.to_string_lossy().into_owned();
            (!external).then_some((name, value))
        })
        .collect()
}

/// The JSON pointer of every value of `doc`, at most `limit` of them.
fn pointers(doc: &Value, limit: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut index = 0;
    while index < out.len() && out.len() < limit {
        let at = out[index].clone();
        index += 1;
        match doc.pointer(&at) {
            Some(Value::Object(map)) => {
                for key in map.keys() {
                    out.push(format!(
                        "{at}/{}",
                        key.replace('~', "~0").replace('/', "~1")
                    ));
                }
            }
            Some(Value::Array(items)) => {
                for position in 0..items.len() {
                    out.push(format!("{at}/{position}"));
                }
            }
            _ => {}
        }
    }
    out.truncate(limit);
    out
}

const KEYWORDS: [&str; 22] = [
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "additionalProperties",
    "properties",
    "required",
    "discriminator",
    "enum",
    "nullable",
    "type",
    "format",
    "default",
    "example",
    "content",
    "schema",
    "parameters",
    "responses",
    "requestBody",
    "$ref",
    "description",
];

fn scalar(random: &mut Random) -> Value {
    match random.below(9) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1e308),
        5 => json!(""),
        6 => json!("HOSTILE\"\n*/ {x} `#![doc = env!(\"X\")]`"),
        7 => json!("object"),
        _ => json!([]),
    }
}

/// Applies one random structural mutation to `doc`.
fn mutate(doc: &mut Value, random: &mut Random) {
    let all = pointers(doc, 5_000);
    let at = random.pick(&all).clone();
    let other = random.pick(&all).clone();
    let (parent, key) = match at.rsplit_once('/') {
        Some((parent, key)) => (
            parent.to_string(),
            key.replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), String::new()),
    };
    match random.below(8) {
        // Delete the value.
        0 => match doc.pointer_mut(&parent) {
            Some(Value::Object(map)) => {
                map.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = key.parse::<usize>()
                    && index < items.len()
                {
                    items.remove(index);
                }
            }
            _ => {}
        },
        // Replace it with a scalar of any type.
        1 => {
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = scalar(random);
            }
        }
        // Replace it with a copy of another value.
        2 => {
            let copy = doc.pointer(&other).cloned().unwrap_or(Value::Null);
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = copy;
            }
        }
        // Point it anywhere: itself, an ancestor, a sibling.
        3 => {
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = json!({ "$ref": format!("#{other}") });
            }
        }
        // Wrap it in an `allOf` with a reference to anywhere.
        4 => {
            if let Some(slot) = doc.pointer_mut(&at) {
                let inner = slot.take();
                *slot = json!({ "allOf": [inner, { "$ref": format!("#{other}") }] });
            }
        }
        // Add a keyword with a copied or scalar value.
        5 => {
            let value = if random.below(2) == 0 {
                doc.pointer(&other).cloned().unwrap_or(Value::Null)
            } else {
                scalar(random)
            };
            let keyword = random.pick(&KEYWORDS).to_string();
            if let Some(Value::Object(map)) = doc.pointer_mut(&at) {
                map.insert(keyword, value);
            }
        }
        // Rename a key to something hostile or empty.
        6 => {
            if let Some(Value::Object(map)) = doc.pointer_mut(&parent)
                && let Some(value) = map.remove(&key)
            {
                let names = [
                    "",
                    "HOSTILE\n\"}",
                    "{id}",
                    "default",
                    "x-",
                    "200",
                    "a/b",
                    "~",
                ];
                map.insert(random.pick(&names).to_string(), value);
            }
        }
        // Duplicate an object's entries into an array or the other way round.
        _ => {
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = match slot.take() {
                    Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
                    Value::Array(items) => Value::Object(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect::<Map<String, Value>>(),
                    ),
                    other => json!([other]),
                };
            }
        }
    }
}

/// Generates `spec` in memory on a thread with the command line's stack (8 MiB): `Some` of
/// what was said (generated or refused), `None` if the pipeline panicked.
fn run_pipeline(spec: &Path) -> Option<Result<usize, String>> {
    let spec = spec.to_path_buf();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            catch_unwind(AssertUnwindSafe(|| {
                render_crate(&spec, Path::new("fuzz.json"), "fuzzed", Options::default())
                    .map(|krate| krate.files.len())
                    .map_err(|err| err.to_string())
            }))
            .ok()
        })
        .expect("a thread")
        .join()
        .ok()
        .flatten()
}

#[test]
fn mutated_samples_generate_or_are_refused_but_never_crash() {
    let iterations = setting("FUZZ_ITERATIONS", 200);
    let budget = Duration::from_secs(setting("FUZZ_SECONDS", 120));
    let seed = setting("FUZZ_SEED", 1);
    let folder = workspace_root().join("target/fuzz");
    fs::create_dir_all(&folder).expect("target/fuzz");
    let seeds = seeds();
    assert!(seeds.len() >= 4, "the samples are there: {}", seeds.len());
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let started = Instant::now();
    let (mut generated, mut refused, mut crashes) = (0, 0, Vec::new());
    let mut ran = 0;
    while ran < iterations && started.elapsed() < budget {
        let (name, seed_doc) = random.pick(&seeds).clone();
        let mut doc = seed_doc;
        for _ in 0..=random.below(4) {
            mutate(&mut doc, &mut random);
        }
        let input = folder.join("last-input.json");
        fs::write(&input, serde_json::to_string_pretty(&doc).expect("JSON")).expect("write");
        match run_pipeline(&input) {
            Some(Ok(_)) => generated += 1,
            Some(Err(_)) => refused += 1,
            None => {
                let kept = folder.join(format!("crash-{seed}-{ran}.json"));
                fs::copy(&input, &kept).expect("keep the crash");
                crashes.push(format!("{name}, mutated: {}", kept.display()));
            }
        }
        ran += 1;
        if ran % 50 == 0 {
            eprintln!("fuzz: {ran} inputs, {generated} generated, {refused} refused");
        }
    }
    println!(
        "fuzz (seed {seed}): {ran} inputs in {:.0?}: {generated} generated, {refused} refused \
         with an error, {} crashed",
        started.elapsed(),
        crashes.len()
    );
    assert!(
        crashes.is_empty(),
        "the pipeline panicked on:\n{}",
        crashes.join("\n")
    );
}
