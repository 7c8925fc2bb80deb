//! No import circles in `xtask/src`, at file granularity, and the stage rooms of
//! `xtask/src/generate/` import only the rooms their `mod.rs` allows.
//!
//! Every file of `xtask/src` is parsed with syn. A file depends on another when one of its paths
//! names a module the other file holds: a `use` tree, or a path in code (`super::render::x()`),
//! starting with `crate::`, `super::`, `self::` or the name of a child module (`xtask::` in
//! `main.rs`). Each path is resolved against the module tree the files spell out, to the file of
//! the longest module prefix that exists; a path into generated code inside `quote!` is never
//! seen (macro bodies are tokens, not paths), and one that names no module of ours (a crate's own
//! `crate::runtime` written as text) resolves to nothing. Items under `#[cfg(test)]` are left
//! out: a unit test may drive the whole pipeline without the pipeline depending on it.
//!
//! A `mod.rs` that re-exports a child (`pub use child::Item`) depends on the child, so a child
//! that reached its parent's re-export would close a circle: siblings name each other directly
//! (`super::sibling::Item`).
//!
//! The rooms: every folder directly under `generate/` is a stage room. Its `mod.rs` has a line
//! `//! May import: a, b` (or `//! May import: nothing`) naming the rooms its files may use;
//! files of one room use each other freely (at file granularity, without circles). The rooms'
//! graph must have no circle either, which the allowed lists enforce once they have none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module path from the crate root (`["generate", "render", "templates"]`).
type ModulePath = Vec<String>;

/// The source files and the modules each holds.
struct Tree {
    /// Every module (file-backed or inline), by path, with the file it lives in.
    modules: BTreeMap<ModulePath, PathBuf>,
}

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read xtask/src")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The module path a file holds: `lib.rs` is the root, `a/mod.rs` and `a.rs` are `a`.
fn file_module(relative: &Path) -> ModulePath {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "lib.rs" | "mod.rs" => {}
        // `main.rs` is the binary's root, a crate of its own; it is kept apart by name.
        "main.rs" => parts.push("<main>".to_string()),
        other => parts.push(other.trim_end_matches(".rs").to_string()),
    }
    parts
}

/// Whether the attributes say `#[cfg(test)]` (exactly: `cfg(not(test))` code is built).
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

/// Collects the inline modules of a file (`mod templates { … }`), under `module`.
fn inline_modules(items: &[syn::Item], module: &ModulePath, file: &Path, tree: &mut Tree) {
    for item in items {
        if let syn::Item::Mod(inner) = item
            && let Some((_, items)) = &inner.content
            && !is_cfg_test(&inner.attrs)
        {
            let mut path = module.clone();
            path.push(inner.ident.to_string());
            tree.modules.insert(path.clone(), file.to_path_buf());
            inline_modules(items, &path, file, tree);
        }
    }
}

/// The paths a file names, each with the module it is written in.
struct Paths<'t> {
    tree: &'t Tree,
    module: ModulePath,
    in_main: bool,
    found: Vec<ModulePath>,
}

impl Paths<'_> {
    /// `segments` as written in `self.module`, as a path from the crate root, if it starts at a
    /// module of ours.
    fn absolute(&self, segments: &[String]) -> Option<ModulePath> {
        let (first, rest) = segments.split_first()?;
        let mut base: ModulePath = match first.as_str() {
            "crate" if !self.in_main => Vec::new(),
            "xtask" if self.in_main => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut base = self.module.clone();
                base.pop()?;
                let mut rest = rest;
                while let Some(("super", after)) = rest.split_first().map(|(s, a)| (s.as_str(), a))
                {
                    base.pop()?;
                    rest = after;
                }
                base.extend(rest.iter().cloned());
                return Some(base);
            }
            name => {
                // A child module of the current one, named without `self::`.
                let mut child = self.module.clone();
                child.push(name.to_string());
                if self.in_main || !self.tree.modules.contains_key(&child) {
                    return None;
                }
                self.module.clone()
            }
        };
        if !matches!(first.as_str(), "crate" | "xtask" | "self") {
            base.push(first.clone());
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn record(&mut self, segments: Vec<String>) {
        if let Some(path) = self.absolute(&segments) {
            self.found.push(path);
        }
    }
}

/// Every full path of a `use` tree.
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_paths(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut full = prefix.clone();
            if name.ident != "self" {
                full.push(name.ident.to_string());
            }
            out.push(full);
        }
        syn::UseTree::Rename(rename) => {
            let mut full = prefix.clone();
            if rename.ident != "self" {
                full.push(rename.ident.to_string());
            }
            out.push(full);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(group) => {
            for item in &group.items {
                use_paths(item, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            _ => &Vec::new(),
        };
        if is_cfg_test(attrs) {
            return;
        }
        if let syn::Item::Mod(inner) = item
            && let Some((_, items)) = &inner.content
        {
            self.module.push(inner.ident.to_string());
            for item in items {
                self.visit_item(item);
            }
            self.module.pop();
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        use_paths(&item.tree, &mut Vec::new(), &mut paths);
        for path in paths {
            self.record(path);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(segments);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The file of the longest prefix of `path` that is a module.
fn resolve<'t>(tree: &'t Tree, path: &ModulePath) -> Option<&'t PathBuf> {
    (0..=path.len())
        .rev()
        .find_map(|len| tree.modules.get(&path[..len]))
}

/// Each file's dependencies, files relative to `xtask/src`.
fn file_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let root = source_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut tree = Tree {
        modules: BTreeMap::new(),
    };
    let mut parsed = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).expect("under src").to_path_buf();
        let text = std::fs::read_to_string(file).expect("read a source file");
        let syntax = syn::parse_file(&text)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}", relative.display()));
        let module = file_module(&relative);
        tree.modules.insert(module.clone(), relative.clone());
        inline_modules(&syntax.items, &module, &relative, &mut tree);
        parsed.push((relative, module, syntax));
    }
    let mut graph = BTreeMap::new();
    for (relative, module, syntax) in &parsed {
        let in_main = module.first().is_some_and(|m| m == "<main>");
        let mut paths = Paths {
            tree: &tree,
            module: if in_main { Vec::new() } else { module.clone() },
            in_main,
            found: Vec::new(),
        };
        for item in &syntax.items {
            paths.visit_item(item);
        }
        let targets: BTreeSet<PathBuf> = paths
            .found
            .iter()
            .filter_map(|path| resolve(&tree, path))
            .filter(|target| *target != relative)
            .cloned()
            .collect();
        graph.insert(relative.clone(), targets);
    }
    graph
}

/// A circle of `graph`, as its nodes in order (the first repeated at the end), if any.
fn find_circle<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<N: Ord + Clone>(
        node: &N,
        graph: &BTreeMap<N, BTreeSet<N>>,
        marks: &mut BTreeMap<N, Mark>,
        stack: &mut Vec<N>,
    ) -> Option<Vec<N>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|n| n == node).expect("on the stack");
                let mut circle = stack[start..].to_vec();
                circle.push(node.clone());
                return Some(circle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, marks, stack) {
                return Some(circle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}

fn show(circle: &[PathBuf]) -> String {
    circle
        .iter()
        .map(|file| file.display().to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// One circle of each set of files that reach each other.
fn every_circle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    let reach = |from: &PathBuf| -> BTreeSet<PathBuf> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&PathBuf, BTreeSet<PathBuf>> =
        graph.keys().map(|node| (node, reach(node))).collect();
    let mut placed = BTreeSet::new();
    let mut circles = Vec::new();
    for node in graph.keys() {
        if placed.contains(node) || !reached[node].contains(node) {
            continue;
        }
        let set: BTreeSet<PathBuf> = (reached[node].iter())
            .filter(|other| reached[*other].contains(node))
            .cloned()
            .collect();
        let within: BTreeMap<PathBuf, BTreeSet<PathBuf>> = (set.iter())
            .map(|n| (n.clone(), graph[n].intersection(&set).cloned().collect()))
            .collect();
        circles.extend(find_circle(&within));
        placed.extend(set);
    }
    circles
}

#[test]
fn no_file_of_xtask_src_imports_itself_through_others() {
    let graph = file_graph();
    assert!(graph.len() > 50, "the sources were found: {}", graph.len());
    let circles = every_circle(&graph);
    assert!(
        circles.is_empty(),
        "import circles in xtask/src (files relative to xtask/src):\n{}",
        circles
            .iter()
            .map(|c| show(c))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The room of a file under `generate/<room>/`, if any.
fn room_of(file: &Path) -> Option<String> {
    let mut parts = file.iter();
    (parts.next()? == "generate")
        .then(|| parts.next())
        .flatten()
        .filter(|_| parts.next().is_some())
        .map(|room| room.to_string_lossy().into_owned())
}

/// Each room's `May import:` list.
fn allowed_rooms() -> BTreeMap<String, BTreeSet<String>> {
    let generate = source_root().join("generate");
    let mut rooms = BTreeMap::new();
    for entry in std::fs::read_dir(&generate).expect("read generate/") {
        let path = entry.expect("an entry").path();
        if !path.is_dir() {
            continue;
        }
        let room = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let doc = std::fs::read_to_string(path.join("mod.rs"))
            .unwrap_or_else(|err| panic!("generate/{room}/mod.rs: {err}"));
        let line = doc
            .lines()
            .find_map(|line| line.strip_prefix("//! May import: "))
            .unwrap_or_else(|| panic!("generate/{room}/mod.rs has no `//! May import:` line"));
        let allowed = line
            .trim_end_matches('.')
            .split(',')
            .map(|name| name.trim().trim_matches('`').to_string())
            .filter(|name| name != "nothing")
            .collect();
        rooms.insert(room, allowed);
    }
    rooms
}

#[test]
fn generate_is_stage_rooms_that_import_only_what_their_doc_allows() {
    let generate = source_root().join("generate");
    for entry in std::fs::read_dir(&generate).expect("read generate/") {
        let path = entry.expect("an entry").path();
        assert!(
            path.is_dir() || path.file_name().is_some_and(|name| name == "mod.rs"),
            "{} sits outside a stage room of generate/",
            path.display()
        );
    }
    let allowed = allowed_rooms();
    assert!(allowed.len() >= 5, "the rooms: {allowed:?}");
    let mut rooms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unallowed = Vec::new();
    for (file, targets) in file_graph() {
        let Some(room) = room_of(&file) else {
            continue;
        };
        let entry = rooms.entry(room.clone()).or_default();
        for target in targets {
            let Some(other) = room_of(&target) else {
                continue;
            };
            if other != room {
                entry.insert(other.clone());
                if !allowed[&room].contains(&other) {
                    unallowed.push(format!(
                        "{} uses {} (generate/{room}/mod.rs allows {:?})",
                        file.display(),
                        target.display(),
                        allowed[&room]
                    ));
                }
            }
        }
    }
    assert!(unallowed.is_empty(), "{}", unallowed.join("\n"));
    if let Some(circle) = find_circle(&allowed) {
        panic!(
            "the rooms' allowed imports make a circle: {}",
            circle.join(" → ")
        );
    }
    if let Some(circle) = find_circle(&rooms) {
        panic!("an import circle between rooms: {}", circle.join(" → "));
    }
}

#[test]
fn a_circle_is_found_and_named() {
    let graph: BTreeMap<&str, BTreeSet<&str>> = [
        ("a", BTreeSet::from(["b"])),
        ("b", BTreeSet::from(["c"])),
        ("c", BTreeSet::from(["a"])),
        ("d", BTreeSet::from(["a"])),
    ]
    .into_iter()
    .collect();
    assert_eq!(find_circle(&graph), Some(vec!["a", "b", "c", "a"]));
    let without: BTreeMap<&str, BTreeSet<&str>> = [
        ("a", BTreeSet::from(["b"])),
        ("b", BTreeSet::new()),
        ("d", BTreeSet::from(["a", "b"])),
    ]
    .into_iter()
    .collect();
    assert_eq!(find_circle(&without), None);
}
