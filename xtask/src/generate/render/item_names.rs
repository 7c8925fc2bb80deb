//! The generated crate's own check before it is written: no module defines two items of one
//! name (rustc's E0428, or a re-export that silently hides an item the generated code then
//! uses). Names are handed out by one allocator
//! ([`crate::generate::syntax::naming::ComponentNames`]); this check is what makes a name it
//! missed a located generator error rather than a crate that does not compile.
//!
//! Every `.rs` file of the crate is parsed with syn. A module's names are the type-namespace
//! items it defines (structs, enums, unions, traits, type aliases, modules), the names its
//! `use` items bring in, the items inside `gated!` calls, and the types the crate's own
//! macros define (`string_enum!`, `object!`, `documented_error!`, `success_by_status!`,
//! `request_builder!`). The crate root also holds what `lib.rs` re-exports from its file
//! modules (`pub use errors::*`). Items under a `cfg(not(…))` are left out: with every feature
//! on, the generated crate's only configuration that matters, they are not compiled.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{Attribute, Item, UseTree, Visibility};

use crate::error::Located;

/// One definition of a name: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Definition {
    /// The file, relative to the crate (`src/errors.rs`).
    file: PathBuf,
    /// What defines it, as a person would say it (`enum`, `documented_error!`, `pub use`).
    kind: String,
    /// Whether a glob import from another module would see it.
    public: bool,
    /// The text whose first whole-word occurrence in the file gives the line shown in an
    /// error (searched only then: a crate's types can be megabytes).
    needle: String,
    /// How it reaches the module, when it is defined in another (`re-exported by src/lib.rs`).
    via: Option<String>,
}

impl Definition {
    fn shown(&self, name: &str, files: &BTreeMap<PathBuf, String>) -> String {
        let line = files
            .get(&self.file)
            .and_then(|text| text.lines().position(|line| names_word(line, &self.needle)))
            .map(|index| format!(":{}", index + 1))
            .unwrap_or_default();
        let via = self
            .via
            .as_ref()
            .map(|via| format!(" ({via})"))
            .unwrap_or_default();
        format!(
            "{} `{name}` at {}{line}{via}",
            self.kind,
            self.file.display()
        )
    }
}

/// The names each module of the crate defines, by module path (`crate`, `crate::types`).
type Modules = BTreeMap<String, Vec<(String, Definition)>>;

/// Fails, naming both places, when some module of the rendered crate (`files`: paths relative
/// to the crate and their contents) defines two items of one name (the caller writes the crate
/// with this as a warning); a file that does not parse is an error too. Both are generator
/// bugs, never the document's fault.
pub fn check_unique_item_names(files: &BTreeMap<PathBuf, String>) -> Result<(), Located> {
    let modules = module_names(files)?;
    for (module, names) in &modules {
        let mut first: BTreeMap<&str, &Definition> = BTreeMap::new();
        for (name, definition) in names {
            if let Some(earlier) = first.insert(name, definition) {
                return Err(Located::whole(format!(
                    "the generated crate defines `{name}` twice in `{module}`: {} and {}; it will \
                     not compile until one is renamed (a generator bug: please report it with \
                     this spec)",
                    earlier.shown(name, files),
                    definition.shown(name, files)
                )));
            }
        }
    }
    Ok(())
}

/// The type names of every module of the crate, in the order the files define them.
fn module_names(files: &BTreeMap<PathBuf, String>) -> Result<Modules, Located> {
    let mut modules = Modules::new();
    let mut root_globs: Vec<(String, PathBuf)> = Vec::new();
    for (path, text) in files {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let file = syn::parse_file(text).map_err(|err| {
            Located::whole(format!(
                "internal error: the generated {} is not Rust syn can read ({err}); please \
                 report it with this spec",
                path.display()
            ))
        })?;
        let module = module_path(path);
        let mut collector = Collector {
            file: path,
            modules: &mut modules,
        };
        collector.items(&module, &file.items);
        if module == "crate" {
            root_globs.extend(
                file.items
                    .iter()
                    .filter_map(glob_of_file_module)
                    .map(|module| (module, path.clone())),
            );
        }
    }
    // `pub use errors::*` in `lib.rs`: the public names of `errors` are the root's too.
    for (module, lib) in root_globs {
        let exported: Vec<(String, Definition)> = modules
            .get(&format!("crate::{module}"))
            .into_iter()
            .flatten()
            .filter(|(_, definition)| definition.public)
            .map(|(name, definition)| {
                let mut definition = definition.clone();
                definition.via = Some(format!("re-exported by {}", lib.display()));
                (name.clone(), definition)
            })
            .collect();
        modules
            .entry("crate".to_string())
            .or_default()
            .extend(exported);
    }
    Ok(modules)
}

/// `src/lib.rs` → `crate`, `src/types.rs` → `crate::types`.
fn module_path(path: &Path) -> String {
    match path.file_stem().and_then(|stem| stem.to_str()) {
        Some("lib") | None => "crate".to_string(),
        Some(stem) => format!("crate::{stem}"),
    }
}

/// `m` of `pub use m::*;` (not under a `cfg(not(…))`).
fn glob_of_file_module(item: &Item) -> Option<String> {
    let Item::Use(item) = item else { return None };
    if !matches!(item.vis, Visibility::Public(_)) || excluded(&item.attrs) {
        return None;
    }
    let UseTree::Path(path) = &item.tree else {
        return None;
    };
    matches!(*path.tree, UseTree::Glob(_)).then(|| path.ident.to_string())
}

/// Whether the item is compiled only when some feature is off (`cfg(not(…))`), or in tests.
fn excluded(attributes: &[Attribute]) -> bool {
    fn names_not_or_test(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => ident == "not" || ident == "test",
            TokenTree::Group(group) => names_not_or_test(group.stream()),
            _ => false,
        })
    }
    attributes.iter().any(|attribute| {
        attribute.path().is_ident("cfg")
            && names_not_or_test(quote::ToTokens::to_token_stream(&attribute.meta))
    })
}

struct Collector<'a> {
    file: &'a Path,
    modules: &'a mut Modules,
}

impl Collector<'_> {
    fn define(&mut self, module: &str, name: String, kind: &str, public: bool, needle: &str) {
        self.modules.entry(module.to_string()).or_default().push((
            name,
            Definition {
                file: self.file.to_path_buf(),
                kind: kind.to_string(),
                public,
                needle: needle.to_string(),
                via: None,
            },
        ));
    }

    fn items(&mut self, module: &str, items: &[Item]) {
        for item in items {
            self.item(module, item);
        }
    }

    fn item(&mut self, module: &str, item: &Item) {
        let (attributes, ident, kind, public) = match item {
            Item::Struct(item) => (&item.attrs, &item.ident, "struct", is_pub(&item.vis)),
            Item::Enum(item) => (&item.attrs, &item.ident, "enum", is_pub(&item.vis)),
            Item::Union(item) => (&item.attrs, &item.ident, "union", is_pub(&item.vis)),
            Item::Trait(item) => (&item.attrs, &item.ident, "trait", is_pub(&item.vis)),
            Item::Type(item) => (&item.attrs, &item.ident, "type", is_pub(&item.vis)),
            Item::Mod(item) => {
                if excluded(&item.attrs) {
                    return;
                }
                let name = item.ident.to_string();
                self.define(
                    module,
                    name.clone(),
                    "mod",
                    is_pub(&item.vis),
                    &format!("mod {name}"),
                );
                if let Some((_, inner)) = &item.content {
                    self.items(&format!("{module}::{name}"), inner);
                }
                return;
            }
            Item::Use(item) => {
                if !excluded(&item.attrs) {
                    let public = is_pub(&item.vis);
                    let mut names = Vec::new();
                    use_names(&item.tree, &mut names);
                    for name in names {
                        self.define(module, name.clone(), "use", public, &name);
                    }
                }
                return;
            }
            Item::Macro(item) => {
                if !excluded(&item.attrs) {
                    self.macro_call(module, &item.mac);
                }
                return;
            }
            _ => return,
        };
        if excluded(attributes) {
            return;
        }
        let name = ident.to_string();
        self.define(
            module,
            name.clone(),
            kind,
            public,
            &format!("{kind} {name}"),
        );
    }

    /// The items the crate's own macros define (see the module docs); other macros define
    /// no type the check can see.
    fn macro_call(&mut self, module: &str, call: &syn::Macro) {
        let Some(macro_name) = call.path.get_ident().map(ToString::to_string) else {
            return;
        };
        let tokens: Vec<TokenTree> = call.tokens.clone().into_iter().collect();
        let kind = format!("{macro_name}!");
        let defined = match macro_name.as_str() {
            "gated" => {
                if let Ok(file) = syn::parse2::<syn::File>(call.tokens.clone()) {
                    self.items(module, &file.items);
                }
                None
            }
            // `documented_error!(Name, "op", { Variant(Body) = 400, … })` defines `Name`; the
            // other forms (`Name, "op"`, `types::Name, …`) only implement traits.
            "documented_error" | "success_by_status" => match tokens.as_slice() {
                [
                    TokenTree::Ident(name),
                    TokenTree::Punct(comma),
                    TokenTree::Literal(_),
                    TokenTree::Punct(_),
                    TokenTree::Group(table),
                    ..,
                ] if comma.as_char() == ',' && table.delimiter() == Delimiter::Brace => {
                    Some(name.to_string())
                }
                _ => None,
            },
            // `request_builder!(#[doc = …] Name { … } …)`.
            "request_builder" => after_attributes(&tokens).and_then(|rest| match rest {
                [TokenTree::Ident(name), TokenTree::Group(group), ..]
                    if group.delimiter() == Delimiter::Brace =>
                {
                    Some(name.to_string())
                }
                _ => None,
            }),
            // `string_enum!(pub enum Name { … })`, `object!(pub struct Name { … })`.
            "string_enum" | "object" => keyword_item(&call.tokens),
            _ => None,
        };
        if let Some(name) = defined {
            let needle = match macro_name.as_str() {
                "string_enum" => format!("enum {name}"),
                "object" => format!("struct {name}"),
                _ => name.clone(),
            };
            self.define(module, name, &kind, true, &needle);
        }
    }
}

/// Whether `needle` occurs in `line` as whole words (`JobRun`, not the start of `JobRun2`).
fn names_word(line: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(needle).any(|(start, _)| {
        let before = line[..start].chars().next_back();
        let after = line[start + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

/// The tokens after leading `#[…]` attributes (doc comments included).
fn after_attributes(tokens: &[TokenTree]) -> Option<&[TokenTree]> {
    let mut rest = tokens;
    while let [TokenTree::Punct(hash), TokenTree::Group(group), tail @ ..] = rest {
        if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        rest = tail;
    }
    Some(rest)
}

/// The name after the first top-level `struct` or `enum` keyword.
fn keyword_item(tokens: &TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    tokens.windows(2).find_map(|pair| match pair {
        [TokenTree::Ident(keyword), TokenTree::Ident(name)]
            if keyword == "struct" || keyword == "enum" =>
        {
            Some(name.to_string())
        }
        _ => None,
    })
}

/// The names a `use` tree brings into scope (globs bring names the check does not list).
fn use_names(tree: &UseTree, names: &mut Vec<String>) {
    match tree {
        UseTree::Path(path) => use_names(&path.tree, names),
        UseTree::Name(name) if name.ident != "self" => names.push(name.ident.to_string()),
        UseTree::Name(_) => {}
        UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        UseTree::Glob(_) => {}
        UseTree::Group(group) => {
            for tree in &group.items {
                use_names(tree, names);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::syntax::naming::CRATE_ROOT_NAMES;

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect()
    }

    /// [`CRATE_ROOT_NAMES`] is every type name the templates put at a crate's root (read
    /// from a committed sample crate): the names no operation's error or success enum may take.
    #[test]
    fn crate_root_names_are_the_templates() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/generated/sample-responses");
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir.join("src")).unwrap() {
            let path = entry.unwrap().path();
            let relative = Path::new("src").join(path.file_name().unwrap());
            files.insert(relative, std::fs::read_to_string(&path).unwrap());
        }
        let modules = module_names(&files).unwrap();
        let per_operation = [Path::new("src/errors.rs"), Path::new("src/responses.rs")];
        let mut template_names: Vec<&str> = modules["crate"]
            .iter()
            .filter(|(name, definition)| {
                name.starts_with(char::is_uppercase)
                    && !per_operation.contains(&definition.file.as_path())
            })
            .map(|(name, _)| name.as_str())
            .collect();
        template_names.sort_unstable();
        template_names.dedup();
        let missing: Vec<&str> = template_names
            .into_iter()
            .filter(|name| !CRATE_ROOT_NAMES.contains(name))
            .collect();
        assert!(missing.is_empty(), "add to CRATE_ROOT_NAMES: {missing:?}");
        assert!(CRATE_ROOT_NAMES.contains(&"DocumentedError"));
    }

    #[test]
    fn a_name_defined_twice_names_both_places() {
        let files = crate_of(&[
            (
                "src/lib.rs",
                "mod runtime;\npub use runtime::{BuildError, ClientBuilder};\nmod errors;\npub use errors::*;\n",
            ),
            (
                "src/runtime.rs",
                "pub enum BuildError {}\npub struct ClientBuilder;\n",
            ),
            (
                "src/errors.rs",
                "macro_rules! documented_error { ($($t:tt)*) => {} }\n\
                 documented_error!(types::Problem, \"get\", {});\n\
                 documented_error!(BuildError, \"build\", { BadRequest(types::Problem) = 400 });\n",
            ),
        ]);
        let error = check_unique_item_names(&files).unwrap_err();
        assert!(
            error.message.contains("`BuildError` twice in `crate`"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("use `BuildError` at src/lib.rs:2"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains(
                "documented_error! `BuildError` at src/errors.rs:3 (re-exported by src/lib.rs)"
            ),
            "{}",
            error.message
        );
    }

    #[test]
    fn types_inside_gated_and_enum_macros_count() {
        let files = crate_of(&[(
            "src/types.rs",
            "#[cfg(feature = \"a\")]\ngated! {\n    pub struct JobRun {}\n}\nstring_enum!(\n    pub enum JobRun { A => \"a\" }\n);\n",
        )]);
        let error = check_unique_item_names(&files).unwrap_err();
        assert!(
            error.message.contains("`JobRun` twice in `crate::types`"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("struct `JobRun` at src/types.rs:3"),
            "{}",
            error.message
        );
        assert!(
            error
                .message
                .contains("string_enum! `JobRun` at src/types.rs:6"),
            "{}",
            error.message
        );
    }

    #[test]
    fn distinct_modules_and_excluded_items_are_fine() {
        let files = crate_of(&[
            (
                "src/lib.rs",
                "pub mod types;\nmod errors;\npub use errors::*;\n",
            ),
            (
                "src/types.rs",
                "pub struct RunError {}\n#[cfg(not(feature = \"x\"))]\npub struct A;\npub struct A;\n",
            ),
            (
                "src/errors.rs",
                "documented_error!(RunError, \"run\", {});\nnewtype!(A(String));\n",
            ),
        ]);
        check_unique_item_names(&files).unwrap();
    }
}
