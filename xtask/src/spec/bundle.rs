//! Documents split over several files: every relative-file `$ref` (`schemas/pet.yaml`,
//! `common.yaml#/components/schemas/Error`) is bundled into the one document on load, so
//! the later stages see only local references.
//!
//! - a schema from another file becomes a component of its own (named after the pointer's
//!   last segment, or the file's stem), one per file and pointer however often it is used;
//! - a value that is not an object (a description kept in a file of its own) replaces the
//!   reference;
//! - anything else (a path item, an operation, a parameter, a request body, a response, a
//!   header, an example) is copied where it is referred to, with the `$ref`'s sibling keys laid
//!   over it;
//! - the references inside a copied value are relative to its own file: they are rebased
//!   onto the main document's folder first, so every pass reads them alike.
//!
//! A remote reference (`https://…`), a file that cannot be read and a copy that would contain
//! itself (a path item whose file refers, through files, back to it) are located errors.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use super::pointer::{decode_fragment, escape_segment, unescape_segment};
use super::refs::{holds_schema, references};
use super::swagger2::is_swagger2;
use crate::error::{GenError, Result};

/// Most references followed across files in one document: ends a cycle through objects that
/// are copied rather than named (a path item that refers, through files, to itself).
const MAX_EXTERNAL_REFS: usize = 100_000;

/// The files a bundled document was read from besides the main one, in the order first read,
/// each with its path (relative to the main document's folder) and bytes.
pub type BundledFiles = Vec<(PathBuf, Vec<u8>)>;

/// Bundles every relative-file `$ref` of `doc`, which was read from `main`.
pub fn bundle(main: &Path, doc: &mut Value) -> Result<BundledFiles> {
    let base = main.parent().unwrap_or(Path::new("")).to_path_buf();
    let main_name = lexical_normal(Path::new(main.file_name().unwrap_or_default()));
    // A Swagger 2.0 document (converted after bundling) keeps its schemas in `definitions`.
    let schemas = if is_swagger2(doc) {
        SchemaHome::Definitions
    } else {
        SchemaHome::Components
    };
    let mut bundler = Bundler {
        main,
        base,
        main_name,
        files: BTreeMap::new(),
        read: Vec::new(),
        named: HashMap::new(),
        copies: Vec::new(),
        schemas,
        taken: doc
            .pointer(schemas.pointer())
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
    };
    let mut followed = 0;
    loop {
        let external: Vec<(String, String)> = references(doc)
            .into_iter()
            .filter(|(_, target)| !target.starts_with('#'))
            .collect();
        if external.is_empty() {
            return Ok(bundler.read);
        }
        for (at, target) in external {
            followed += 1;
            if followed > MAX_EXTERNAL_REFS {
                return Err(GenError::at(
                    main,
                    at,
                    "references across files form a cycle (or exceed 100,000): a path item, \
                     parameter or response that refers to itself cannot be copied in",
                ));
            }
            // An earlier replacement in this pass may have moved or removed this reference.
            if doc.pointer(&at).and_then(Value::as_str) == Some(target.as_str()) {
                bundler.follow(doc, &at, &target)?;
            }
        }
    }
}

/// Where a document keeps its named schemas.
#[derive(Clone, Copy)]
enum SchemaHome {
    /// `components.schemas` (OpenAPI 3).
    Components,
    /// `definitions` (Swagger 2.0).
    Definitions,
}

impl SchemaHome {
    fn pointer(self) -> &'static str {
        match self {
            Self::Components => "/components/schemas",
            Self::Definitions => "/definitions",
        }
    }
}

struct Bundler<'a> {
    main: &'a Path,
    /// The main document's folder: every reference is relative to it after rebasing.
    base: PathBuf,
    /// The main document's own file name, for references back into it.
    main_name: PathBuf,
    /// Each file read, parsed, by its path relative to `base`.
    files: BTreeMap<PathBuf, Value>,
    read: BundledFiles,
    /// The component name given to each (file, pointer) schema.
    named: HashMap<(PathBuf, String), String>,
    /// Each value copied in: where it was put, and the (file, pointer) it and the copies
    /// around it came from, outermost first; a reference inside it to one of those is a cycle.
    copies: Vec<(String, Vec<(PathBuf, String)>)>,
    /// Where bundled schemas go.
    schemas: SchemaHome,
    /// Component schema names in use.
    taken: HashSet<String>,
}

impl Bundler<'_> {
    /// Replaces the reference at `at` (a `$ref` key) to `target` with a local one.
    fn follow(&mut self, doc: &mut Value, at: &str, target: &str) -> Result<()> {
        if is_remote(target) {
            return Err(GenError::at(
                self.main,
                at,
                format!(
                    "remote $ref `{target}` is not supported: save the file beside the \
                     document and refer to it by a relative path"
                ),
            ));
        }
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let file = lexical_normal(Path::new(file));
        let local = format!("#{fragment}");
        if file == self.main_name {
            set(doc, at, json!(local));
            return Ok(());
        }
        let fragment = decode_fragment(fragment);
        self.read_file(&file, at)?;
        let value = self.files[&file]
            .pointer(&fragment)
            .cloned()
            .ok_or_else(|| {
                GenError::at(
                    self.main,
                    at,
                    format!(
                        "$ref `{target}` points at nothing in {}",
                        self.base.join(&file).display()
                    ),
                )
            })?;
        let holder = at.trim_end_matches("/$ref");
        // A text or number kept in another file (a tag's long description): the value itself.
        if !value.is_object() {
            set(doc, holder, value);
            return Ok(());
        }
        if holds_schema(holder) && !is_swagger2_non_schema(self.schemas, holder) {
            let key = (file.clone(), fragment.clone());
            let name = match self.named.get(&key) {
                Some(name) => name.clone(),
                None => {
                    let name = self.unique(&wanted_name(&file, &fragment));
                    let schema = rebase(value, &file);
                    add_schema(doc, self.schemas, &name, schema);
                    self.named.insert(key, name.clone());
                    name
                }
            };
            set(
                doc,
                at,
                json!(format!(
                    "#{}/{}",
                    self.schemas.pointer(),
                    escape_segment(&name)
                )),
            );
        } else {
            let origin = (file.clone(), fragment.clone());
            let mut chain = self.copied_around(holder);
            if chain.contains(&origin) {
                chain.push(origin);
                let shown: Vec<String> = chain
                    .iter()
                    .map(|(file, fragment)| format!("{}#{fragment}", file.display()))
                    .collect();
                return Err(GenError::at(
                    self.main,
                    at,
                    format!(
                        "references across files form a cycle: {}; a value that contains \
                         itself cannot be copied in",
                        shown.join(" → ")
                    ),
                ));
            }
            chain.push(origin);
            self.copies.push((holder.to_string(), chain));
            let mut copy = rebase(value, &file);
            let siblings: Map<String, Value> = doc
                .pointer(holder)
                .and_then(Value::as_object)
                .map(|holder| {
                    holder
                        .iter()
                        .filter(|(key, _)| *key != "$ref")
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(copy) = copy.as_object_mut() {
                copy.extend(siblings);
            }
            set(doc, holder, copy);
        }
        Ok(())
    }

    /// The origins of the copies that `holder` lies in, outermost first (the innermost copy's
    /// chain, which includes those around it).
    fn copied_around(&self, holder: &str) -> Vec<(PathBuf, String)> {
        self.copies
            .iter()
            .filter(|(at, _)| {
                holder
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(at, _)| at.len())
            .map(|(_, chain)| chain.clone())
            .unwrap_or_default()
    }

    /// Reads and parses `file` (relative to the main document's folder) once.
    fn read_file(&mut self, file: &Path, at: &str) -> Result<()> {
        if self.files.contains_key(file) {
            return Ok(());
        }
        let path = self.base.join(file);
        let bytes = std::fs::read(&path).map_err(|err| {
            GenError::at(
                self.main,
                at,
                format!(
                    "cannot read `{}`, which this $ref names: {err}",
                    path.display()
                ),
            )
        })?;
        let text = String::from_utf8(bytes.clone()).map_err(|err| {
            GenError::file(&path, format!("the referenced file is not UTF-8: {err}"))
        })?;
        let is_json = path.extension().is_some_and(|ext| ext == "json");
        // A referenced file's own warnings (a huge integer) would carry pointers into that
        // file, not the document: the value is read the same way without them.
        let (value, _) = super::parse::parse_document(&path, &text, is_json)?;
        self.files.insert(file.to_path_buf(), value);
        self.read.push((file.to_path_buf(), bytes));
        Ok(())
    }

    fn unique(&mut self, wanted: &str) -> String {
        let name = std::iter::once(wanted.to_string())
            .chain((2..).map(|n| format!("{wanted}{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("an unbounded range always has a free name");
        self.taken.insert(name.clone());
        name
    }
}

fn is_remote(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://") || target.starts_with("//")
}

/// Rewrites every reference inside `value`, which comes from `file`, to be relative to the
/// main document's folder: `#/x` → `file#/x`, `other.yaml` → `<file's folder>/other.yaml`.
fn rebase(mut value: Value, file: &Path) -> Value {
    let folder = file.parent().unwrap_or(Path::new(""));
    for (at, target) in references(&value) {
        let rebased = if let Some(fragment) = target.strip_prefix('#') {
            format!("{}#{fragment}", file.display())
        } else if is_remote(&target) {
            continue;
        } else {
            let (other, fragment) = match target.split_once('#') {
                Some((other, fragment)) => (other, format!("#{fragment}")),
                None => (target.as_str(), String::new()),
            };
            format!(
                "{}{fragment}",
                lexical_normal(&folder.join(other)).display()
            )
        };
        set(&mut value, &at, json!(rebased));
    }
    value
}

/// `a/./b/../c` → `a/c`, without touching the file system (a `..` above the start is kept).
fn lexical_normal(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The component name for a schema from `file` at `fragment`: the pointer's last segment, or
/// the file's stem for a whole-file schema.
fn wanted_name(file: &Path, fragment: &str) -> String {
    fragment
        .rsplit('/')
        .next()
        .map(unescape_segment)
        .filter(|segment| !segment.is_empty())
        .or_else(|| {
            file.file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "Schema".to_string())
}

/// Whether `holder` is one of a Swagger 2.0 document's top-level `parameters` or `responses`,
/// which hold no schema (OpenAPI 3 has them under `components`).
fn is_swagger2_non_schema(home: SchemaHome, holder: &str) -> bool {
    matches!(home, SchemaHome::Definitions)
        && holder.matches('/').count() == 2
        && (holder.starts_with("/parameters/") || holder.starts_with("/responses/"))
}

fn add_schema(doc: &mut Value, home: SchemaHome, name: &str, schema: Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if matches!(home, SchemaHome::Definitions) {
        let definitions = root.entry("definitions").or_insert_with(|| json!({}));
        if let Some(definitions) = definitions.as_object_mut() {
            definitions.insert(name.to_string(), schema);
        }
        return;
    }
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        if let Some(schemas) = schemas.as_object_mut() {
            schemas.insert(name.to_string(), schema);
        }
    }
}

fn set(doc: &mut Value, at: &str, value: Value) {
    if at.is_empty() {
        *doc = value;
    } else if let Some(slot) = doc.pointer_mut(at) {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::pointer::pointer;

    /// The pointer of `components/schemas/<name>`.
    fn schema_pointer(name: &str) -> String {
        pointer(["components", "schemas", name])
    }

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn files_referred_to_are_bundled_schemas_named_and_the_rest_copied() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "paths/pets.yaml",
            "get:\n  parameters:\n    - $ref: '../common.yaml#/parameters/Limit'\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            type: array\n            items: { $ref: '../schemas/Pet.yaml' }\n",
        );
        write(
            dir.path(),
            "schemas/Pet.yaml",
            "type: object\nproperties:\n  owner: { $ref: './Owner.yaml' }\n  friend: { $ref: '#' }\n",
        );
        write(dir.path(), "schemas/Owner.yaml", "type: string\n");
        write(
            dir.path(),
            "common.yaml",
            "parameters:\n  Limit: { name: limit, in: query, schema: { type: integer } }\n",
        );
        let mut doc = json!({"openapi": "3.0.3", "paths": {"/pets": {"$ref": "paths/pets.yaml"}}});
        let read = bundle(&dir.path().join("api.yaml"), &mut doc).unwrap();
        assert_eq!(read.len(), 4);
        let get = &doc["paths"]["/pets"]["get"];
        assert_eq!(get["parameters"][0]["name"], "limit");
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["schema"]["items"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        let pet = doc.pointer(&schema_pointer("Pet")).unwrap();
        assert_eq!(
            pet["properties"],
            json!({
                "owner": {"$ref": "#/components/schemas/Owner"},
                "friend": {"$ref": "#/components/schemas/Pet"}
            })
        );
        assert_eq!(
            doc.pointer(&schema_pointer("Owner")).unwrap(),
            &json!({"type": "string"})
        );
    }

    #[test]
    fn a_swagger_2_document_gets_its_schemas_as_definitions_and_its_parameters_copied() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "common.yaml",
            "parameters:\n  Id: { name: id, in: path, required: true, type: string }\ndefinitions:\n  Err: { type: object, properties: { pet: { $ref: 'pet.yaml' } } }\n",
        );
        write(dir.path(), "pet.yaml", "type: string\n");
        let mut doc = json!({"swagger": "2.0",
            "parameters": {"Id": {"$ref": "common.yaml#/parameters/Id"}},
            "paths": {"/a/{id}": {"get": {"parameters": [{"$ref": "#/parameters/Id"}],
                "responses": {"400": {"description": "bad",
                    "schema": {"$ref": "common.yaml#/definitions/Err"}}}}}}});
        bundle(&dir.path().join("api.yaml"), &mut doc).unwrap();
        assert_eq!(doc["parameters"]["Id"]["type"], "string");
        assert_eq!(
            doc["paths"]["/a/{id}"]["get"]["responses"]["400"]["schema"],
            json!({"$ref": "#/definitions/Err"})
        );
        assert_eq!(
            doc["definitions"]["Err"]["properties"]["pet"],
            json!({"$ref": "#/definitions/pet"})
        );
        assert!(doc.get("components").is_none());
    }

    #[test]
    fn an_operation_in_a_file_is_copied_and_a_cycle_of_copies_is_a_located_error() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "ops/get.yaml",
            "operationId: getA\nrequestBody: { $ref: '../bodies.yaml#/A' }\nresponses: { '200': { description: ok } }\n",
        );
        write(
            dir.path(),
            "bodies.yaml",
            "A: { content: { application/json: { schema: { type: string, properties: { $ref: 'props.yaml' } } } } }\nintro: Some long text.\n",
        );
        write(dir.path(), "props.yaml", "id: { type: integer }\n");
        let mut doc = json!({"openapi": "3.0.3",
            "tags": [{"name": "t", "description": {"$ref": "bodies.yaml#/intro"}}],
            "paths": {"/a": {"get": {"$ref": "ops/get.yaml"}}}});
        bundle(&dir.path().join("api.yaml"), &mut doc).unwrap();
        let get = &doc["paths"]["/a"]["get"];
        assert_eq!(get["operationId"], "getA");
        assert_eq!(
            get["requestBody"]["content"]["application/json"]["schema"],
            json!({"type": "string", "properties": {"id": {"type": "integer"}}})
        );
        assert_eq!(doc["tags"][0]["description"], "Some long text.");
        assert!(doc.get("components").is_none(), "an operation is no schema");

        write(dir.path(), "loop/a.yaml", "get: { $ref: 'b.yaml' }\n");
        write(
            dir.path(),
            "loop/b.yaml",
            "responses: { '200': { $ref: 'a.yaml' } }\n",
        );
        let mut doc = json!({"openapi": "3.0.3", "paths": {"/l": {"$ref": "loop/a.yaml"}}});
        let err = bundle(&dir.path().join("api.yaml"), &mut doc).unwrap_err();
        assert!(err.message.contains("form a cycle"), "{}", err.message);
        assert!(err.message.contains("loop/a.yaml#"), "{}", err.message);
        assert_eq!(err.pointer(), Some("/paths/~1l/get/responses/200/$ref"));
    }

    #[test]
    fn a_missing_file_and_a_remote_reference_are_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("api.yaml");
        let mut doc = json!({"components": {"schemas": {"A": {"$ref": "gone.yaml"}}}});
        let err = bundle(&main, &mut doc).unwrap_err();
        assert_eq!(err.pointer(), Some("/components/schemas/A/$ref"));
        assert!(err.message.contains("gone.yaml"), "{}", err.message);
        let mut doc =
            json!({"components": {"schemas": {"A": {"$ref": "https://x.example/a.yaml"}}}});
        let err = bundle(&main, &mut doc).unwrap_err();
        assert!(err.message.contains("remote $ref"), "{}", err.message);
    }
}
