//! Documents are untrusted input. One small document is made hostile one field at a time: each
//! field that reaches a generated file gets a value made of quotes, newlines, comment closers,
//! a TOML section break and Rust code that would run (`include_str!`, `env!`,
//! `compile_error!`), in doc text, in a doctest and on a line of its own. Each such document is
//! refused with a located message, or it generates a crate that:
//! - compiles (all of them in one `cargo check`, with the server stub);
//! - calls no more `include_str!`/`env!`/`compile_error!`-like macros than the same crate
//!   generated from the harmless document (the payload stays inside literals and doc text);
//! - has no doc comment whose code block rustdoc would compile and run with the payload in it;
//! - has a manifest that Cargo reads without unknown keys, with the harmless crate's
//!   dependencies and nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use proc_macro2::{TokenStream, TokenTree};
use sdk_tests::workspace_root;
use serde_json::{Value, json};
use xtask::{GenError, generate};

/// What each hostile field holds: text that ends every kind of comment, literal and table,
/// and code that would run if it ever left them. `HOSTILE` marks it.
const PAYLOAD: &str = "HOSTILE\"'`\n*/ /* // //! \r\n#![doc = include_str!(\"/etc/hostname\")]\n\
                       [dependencies]\nevil = \"1\"\n\n```\ncompile_error!(\"HOSTILE\"); \
                       env!(\"HOSTILE_SECRET\");\n```\n\n    include_str!(\"/etc/passwd\");\n\
                       \\\\ \u{1}";

/// Macros whose call in a generated crate would read the building machine or stop the build.
const LIVE_MACROS: [&str; 6] = [
    "include_str",
    "include_bytes",
    "include",
    "env",
    "option_env",
    "compile_error",
];

/// A small document that reaches every sink: info, servers, tags, operations with path, query
/// and header parameters, a request body with a discriminated `oneOf`, responses with
/// examples, headers and an error body, enums and defaults, and two security schemes.
fn harmless() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0.0", "description": "An API."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "tags": [{"name": "things", "description": "Things."}],
        "security": [{"key": []}],
        "paths": {
            "/things/{thing_id}": {"get": {
                "operationId": "get_thing",
                "summary": "Get a thing",
                "description": "Gets one thing.",
                "tags": ["things"],
                "security": [{"oauth": ["read"]}],
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": true,
                     "description": "The thing.", "schema": {"type": "string"}},
                    {"name": "filter", "in": "query",
                     "schema": {"type": "string", "default": "all"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "The thing.",
                        "headers": {"X-Rate": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"},
                            "example": {"name": "n", "kind": "a"}
                        }}
                    },
                    "404": {"description": "Not found.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            }},
            "/pets": {"post": {
                "operationId": "create_pet",
                "tags": ["things"],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}}}},
                "responses": {"201": {"description": "Created."}}
            }}
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": "A thing",
                    "description": "A thing.",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": "Its name."},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "size": {"type": "integer", "default": 1}
                    },
                    "example": {"name": "x"}
                },
                "Problem": {"type": "object", "properties": {"detail": {"type": "string"}}},
                "Pet": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Cat"},
                        {"$ref": "#/components/schemas/Dog"}
                    ],
                    "discriminator": {"propertyName": "pet_type", "mapping": {
                        "cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}
                },
                "Cat": {"type": "object", "required": ["pet_type"],
                        "properties": {"pet_type": {"type": "string"}}},
                "Dog": {"type": "object", "required": ["pet_type"],
                        "properties": {"pet_type": {"type": "string"}}}
            },
            "securitySchemes": {
                "oauth": {"type": "oauth2", "description": "OAuth.", "flows": {
                    "clientCredentials": {"tokenUrl": "https://auth.example.com/token",
                                          "scopes": {"read": "Read things."}}}},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        }
    })
}

/// The value at `pointer`, which must exist.
fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the harmless document has {pointer}"))
}

/// Sets the text at `pointer` to the payload.
fn set(doc: &mut Value, pointer: &str) {
    *at(doc, pointer) = Value::String(PAYLOAD.to_string());
}

/// Renames the key `from` of the object at `pointer` to `to`, keeping its value.
fn rename(doc: &mut Value, pointer: &str, from: &str, to: &str) {
    let map = at(doc, pointer).as_object_mut().expect("an object");
    let value = map.remove(from).expect("the key exists");
    map.insert(to.to_string(), value);
}

const THING: &str = "/paths/~1things~1{thing_id}/get";
const PETS: &str = "/paths/~1pets/post";

/// Every hostile document: its name and how it differs from [`harmless`].
fn hostile_documents() -> Vec<(&'static str, Value)> {
    type Edit = fn(&mut Value);
    let edits: Vec<(&'static str, Edit)> = vec![
        ("info-title", |d| set(d, "/info/title")),
        ("info-version", |d| set(d, "/info/version")),
        ("info-description", |d| set(d, "/info/description")),
        ("server-url", |d| set(d, "/servers/0/url")),
        ("tag-name", |d| {
            set(d, "/tags/0/name");
            set(d, &format!("{THING}/tags/0"));
            set(d, &format!("{PETS}/tags/0"));
        }),
        ("tag-description", |d| set(d, "/tags/0/description")),
        ("operation-summary", |d| set(d, &format!("{THING}/summary"))),
        ("operation-description", |d| {
            set(d, &format!("{THING}/description"))
        }),
        ("operation-id", |d| set(d, &format!("{THING}/operationId"))),
        ("path", |d| {
            rename(d, "/paths", "/pets", &format!("/pets/{PAYLOAD}"))
        }),
        ("path-parameter-name", |d| {
            let route = format!("/things/{{{PAYLOAD}}}");
            rename(d, "/paths", "/things/{thing_id}", &route);
            let escaped = route.replace('~', "~0").replace('/', "~1");
            set(d, &format!("/paths/{escaped}/get/parameters/0/name"));
        }),
        ("query-parameter-name", |d| {
            set(d, &format!("{THING}/parameters/1/name"))
        }),
        ("header-parameter-name", |d| {
            set(d, &format!("{THING}/parameters/2/name"))
        }),
        ("parameter-description", |d| {
            set(d, &format!("{THING}/parameters/0/description"))
        }),
        ("parameter-default", |d| {
            set(d, &format!("{THING}/parameters/1/schema/default"))
        }),
        ("property-name", |d| {
            rename(d, "/components/schemas/Thing/properties", "name", PAYLOAD);
            set(d, "/components/schemas/Thing/required/0");
        }),
        ("property-description", |d| {
            set(d, "/components/schemas/Thing/properties/name/description")
        }),
        ("schema-title", |d| {
            set(d, "/components/schemas/Thing/title")
        }),
        ("schema-name", |d| {
            rename(d, "/components/schemas", "Problem", PAYLOAD);
            let target = format!(
                "#/components/schemas/{}",
                PAYLOAD.replace('~', "~0").replace('/', "~1")
            );
            *at(
                d,
                &format!("{THING}/responses/404/content/application~1json/schema/$ref"),
            ) = Value::String(target);
        }),
        ("enum-value", |d| {
            set(d, "/components/schemas/Thing/properties/kind/enum/1")
        }),
        ("property-default", |d| {
            set(d, "/components/schemas/Thing/properties/size/default")
        }),
        ("example", |d| {
            set(
                d,
                &format!("{THING}/responses/200/content/application~1json/example/name"),
            );
            set(d, "/components/schemas/Thing/example/name");
        }),
        ("response-description", |d| {
            set(d, &format!("{THING}/responses/200/description"))
        }),
        ("response-header-name", |d| {
            rename(
                d,
                &format!("{THING}/responses/200/headers"),
                "X-Rate",
                PAYLOAD,
            )
        }),
        ("media-type", |d| {
            let media = format!("application/{PAYLOAD}+json");
            rename(
                d,
                &format!("{THING}/responses/200/content"),
                "application/json",
                &media,
            );
        }),
        ("security-scheme-name", |d| {
            rename(d, "/components/securitySchemes", "oauth", PAYLOAD);
            rename(d, &format!("{THING}/security/0"), "oauth", PAYLOAD);
        }),
        ("security-scope", |d| {
            let scopes = "/components/securitySchemes/oauth/flows/clientCredentials/scopes";
            rename(d, scopes, "read", PAYLOAD);
            set(d, &format!("{THING}/security/0/oauth/0"));
        }),
        ("security-scheme-description", |d| {
            set(d, "/components/securitySchemes/oauth/description")
        }),
        ("api-key-header", |d| {
            set(d, "/components/securitySchemes/key/name")
        }),
        ("token-url", |d| {
            set(
                d,
                "/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl",
            )
        }),
        ("discriminator-property", |d| {
            set(d, "/components/schemas/Pet/discriminator/propertyName");
            for schema in ["Cat", "Dog"] {
                let base = format!("/components/schemas/{schema}");
                rename(d, &format!("{base}/properties"), "pet_type", PAYLOAD);
                set(d, &format!("{base}/required/0"));
            }
        }),
        ("discriminator-mapping", |d| {
            rename(
                d,
                "/components/schemas/Pet/discriminator/mapping",
                "cat",
                PAYLOAD,
            )
        }),
    ];
    edits
        .into_iter()
        .map(|(name, edit)| {
            let mut doc = harmless();
            edit(&mut doc);
            (name, doc)
        })
        .collect()
}

/// Generates `doc` as the crate `hostile-<name>` below `dir`.
fn generate_one(dir: &Path, name: &str, doc: &Value) -> Result<PathBuf, GenError> {
    let spec = dir.join(format!("{name}.json"));
    fs::write(&spec, serde_json::to_string_pretty(doc).expect("JSON")).expect("write spec");
    let out = dir.join(format!("hostile-{name}"));
    generate(&spec, &out, Some(&format!("hostile-{name}")), false).map(|_| out)
}

/// How often each live macro is called in the Rust files of a crate (doc text and literals
/// are tokens of their own, so only real calls count).
fn live_macro_calls(krate: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for file in rust_files(krate) {
        let text = fs::read_to_string(&file).expect("readable");
        let tokens: TokenStream = text.parse().unwrap_or_else(|err| {
            panic!(
                "{} does not tokenize ({err}): document text left its literal or comment",
                file.display()
            )
        });
        count_calls(tokens, &mut counts);
    }
    counts
}

fn count_calls(tokens: TokenStream, counts: &mut BTreeMap<String, usize>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if LIVE_MACROS.contains(&ident.to_string().as_str()) => {
                if matches!(trees.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    *counts.entry(ident.to_string()).or_default() += 1;
                }
            }
            TokenTree::Group(group) => count_calls(group.stream(), counts),
            _ => {}
        }
    }
}

fn rust_files(krate: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(krate.join("src"))
        .expect("src folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    files
}

/// Every doc text of a crate's Rust files (`///`, `//!` and `#[doc = "…"]`).
fn doc_texts(krate: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for file in rust_files(krate) {
        let text = fs::read_to_string(&file).expect("readable");
        let tokens: TokenStream = text.parse().expect("tokenizes");
        collect_docs(tokens, &file, &mut out);
    }
    out
}

/// Collects doc texts: consecutive doc attributes (one a `///` line) are one text, joined
/// by line breaks as rustdoc joins them.
fn collect_docs(tokens: TokenStream, file: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut current: Option<String> = None;
    let flush = |current: &mut Option<String>, out: &mut Vec<(PathBuf, String)>| {
        if let Some(text) = current.take() {
            out.push((file.to_path_buf(), text));
        }
    };
    for tree in tokens {
        match &tree {
            TokenTree::Punct(punct) if matches!(punct.as_char(), '#' | '!') => continue,
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                if let [
                    TokenTree::Ident(ident),
                    TokenTree::Punct(eq),
                    TokenTree::Literal(literal),
                ] = inner.as_slice()
                    && ident == "doc"
                    && eq.as_char() == '='
                {
                    let text: syn::LitStr = syn::parse_str(&literal.to_string())
                        .expect("a doc attribute holds a string");
                    let joined = current.get_or_insert_with(String::new);
                    if !joined.is_empty() {
                        joined.push('\n');
                    }
                    joined.push_str(&text.value());
                    continue;
                }
                flush(&mut current, out);
                collect_docs(group.stream(), file, out);
            }
            _ => flush(&mut current, out),
        }
    }
    flush(&mut current, out);
}

/// The code blocks of `markdown` that rustdoc compiles as doctests: fenced blocks without a
/// language or marked as Rust, and indented blocks after a blank line. Written apart from the
/// generator's own escaping, so the two are not one mistake.
fn doctests(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines().peekable();
    let mut previous_blank = true;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        if let Some(fence) = fence.filter(|_| line.len() - trimmed.len() < 4) {
            let info = trimmed
                .trim_start_matches(fence.chars().next().unwrap())
                .trim();
            let words: Vec<&str> = info.split([',', ' ']).filter(|w| !w.is_empty()).collect();
            let rust = words.is_empty()
                || words.iter().any(|w| {
                    ["rust", "no_run", "should_panic", "compile_fail", "ignore"].contains(w)
                        || w.starts_with("edition")
                });
            let mut body = String::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with(fence) {
                    break;
                }
                body.push_str(inner);
                body.push('\n');
            }
            if rust {
                blocks.push(body);
            }
            previous_blank = false;
            continue;
        }
        if previous_blank
            && (line.starts_with("    ") || line.starts_with('\t'))
            && !line.trim().is_empty()
        {
            let mut body = format!("{line}\n");
            while let Some(next) = lines.peek() {
                if next.starts_with("    ") || next.trim().is_empty() {
                    body.push_str(lines.next().expect("peeked"));
                    body.push('\n');
                } else {
                    break;
                }
            }
            blocks.push(body);
        }
        previous_blank = line.trim().is_empty();
    }
    blocks
}

/// The crate's manifest as Cargo reads it: dependency names, and what Cargo warned about.
fn manifest(krate: &Path) -> (BTreeSet<String>, String) {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(krate.join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "Cargo cannot read {}:\n{stderr}",
        krate.display()
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");
    let dependencies = metadata["packages"][0]["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .map(|dependency| dependency["name"].as_str().expect("name").to_string())
        .collect();
    (dependencies, stderr)
}

#[test]
fn hostile_documents_are_refused_with_a_place_or_generate_inert_crates_that_compile() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let dir = scratch.path();
    let baseline = generate_one(dir, "harmless", &harmless()).expect("the harmless one generates");
    let baseline_calls = live_macro_calls(&baseline);
    let (baseline_dependencies, _) = manifest(&baseline);

    let mut generated = vec![baseline.clone()];
    let mut refused = Vec::new();
    let mut failures = Vec::new();
    for (name, doc) in hostile_documents() {
        let krate = match generate_one(dir, name, &doc) {
            Ok(krate) => krate,
            Err(err) => {
                if matches!(err.location, xtask::Location::File) {
                    failures.push(format!("{name}: refused without a place: {err}"));
                }
                refused.push(format!("{name}: {err}"));
                continue;
            }
        };
        let calls = live_macro_calls(&krate);
        if calls != baseline_calls {
            failures.push(format!(
                "{name}: live macro calls {calls:?}, the harmless crate has {baseline_calls:?}"
            ));
        }
        for (file, text) in doc_texts(&krate) {
            for block in doctests(&text) {
                let code: String = block
                    .lines()
                    .map(|line| line.trim_start().strip_prefix("# ").unwrap_or(line))
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut calls = BTreeMap::new();
                match code.parse::<TokenStream>() {
                    Ok(tokens) => count_calls(tokens, &mut calls),
                    Err(err) => failures.push(format!(
                        "{name}: {} has a doctest that does not tokenize ({err}):\n{block}",
                        file.display()
                    )),
                }
                if !calls.is_empty() {
                    failures.push(format!(
                        "{name}: {} has a doctest that calls {calls:?}:\n{block}",
                        file.display()
                    ));
                }
            }
        }
        let (dependencies, warnings) = manifest(&krate);
        if !dependencies.is_subset(&baseline_dependencies) {
            failures.push(format!("{name}: dependencies {dependencies:?}"));
        }
        if warnings.contains("unused manifest key") {
            failures.push(format!(
                "{name}: the manifest has keys Cargo does not know:\n{warnings}"
            ));
        }
        generated.push(krate);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    println!(
        "{} hostile documents: {} generated, {} refused with a place",
        hostile_documents().len(),
        generated.len() - 1,
        refused.len()
    );
    for line in &refused {
        println!("  refused {line}");
    }

    // Every generated crate compiles, with its server stub: one workspace, one build.
    let members: Vec<String> = generated
        .iter()
        .map(|krate| format!("{:?}", krate.file_name().expect("name").to_string_lossy()))
        .collect();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest");
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--workspace",
            "--features",
            "server",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/standalone"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "a hostile document's crate does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_doctest_finder_finds_what_rustdoc_would_run() {
    let blocks = doctests("a\n```\nx();\n```\n```json\n{}\n```\n\n    y();\nb\n```text\nz\n```");
    assert_eq!(blocks, vec!["x();\n".to_string(), "    y();\n".to_string()]);
}
