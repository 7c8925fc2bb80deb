//! `--list FILE`: a corpus of documents from vendors' own repositories, beside the APIs.guru
//! one. Each line of the list pins one document:
//!
//! ```text
//! # repository        commit (40 hex)                            path                      licence
//! goharbor/harbor     c50c7ddd6ea4e335a480b49c618281882ab7eec9   api/v2.0/swagger.yaml     Apache-2.0
//! ```
//!
//! The documents are never committed: each is read from a snapshot of its repository already on
//! this machine (`--snapshots DIR`, holding `owner+name/repo`, a bare git directory), and its
//! folder at the pinned commit is extracted under the work directory, so a document split over
//! files finds its other files beside it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::documents::Document;

/// One pinned document of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `owner/name` on GitHub.
    pub repository: String,
    /// The commit the document is read at.
    pub commit: String,
    /// The document's path in the repository.
    pub path: String,
    /// Its licence, as the repository states it (SPDX where there is one).
    pub licence: String,
}

impl Entry {
    /// The document's name in the corpus: `owner+name/path`.
    pub fn relative(&self) -> String {
        format!("{}/{}", self.repository.replace('/', "+"), self.path)
    }
}

/// Reads a list: one entry per line (`repository commit path licence`, separated by blanks),
/// blank lines and `#` comments ignored. An error names the line.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [repository, commit, path, licence @ ..] = fields.as_slice() else {
            return Err(format!(
                "line {}: expected `repository commit path licence`",
                index + 1
            ));
        };
        let valid_repository = repository.split('/').count() == 2
            && repository
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
        if !valid_repository {
            return Err(format!(
                "line {}: `{repository}` is not owner/name",
                index + 1
            ));
        }
        if commit.len() != 40 || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!(
                "line {}: `{commit}` is not a 40-digit commit",
                index + 1
            ));
        }
        if path.starts_with('/') || path.split('/').any(|part| part == "..") {
            return Err(format!(
                "line {}: `{path}` is not a path inside the repository",
                index + 1
            ));
        }
        if licence.is_empty() {
            return Err(format!("line {}: the licence is missing", index + 1));
        }
        entries.push(Entry {
            repository: repository.to_string(),
            commit: commit.to_string(),
            path: path.to_string(),
            licence: licence.join(" "),
        });
    }
    Ok(entries)
}

/// Extracts each entry's folder at its commit from `snapshots` into `into` (as
/// `owner+name/…`), and returns the listed documents, in list order.
pub fn materialise(
    entries: &[Entry],
    snapshots: &Path,
    into: &Path,
) -> Result<Vec<Document>, String> {
    let mut documents = Vec::new();
    for entry in entries {
        let snapshot = snapshots
            .join(entry.repository.replace('/', "+"))
            .join("repo");
        if !snapshot.is_dir() {
            return Err(format!(
                "no snapshot of {} at {}",
                entry.repository,
                snapshot.display()
            ));
        }
        let target = into.join(entry.repository.replace('/', "+"));
        std::fs::create_dir_all(&target)
            .map_err(|err| format!("cannot create {}: {err}", target.display()))?;
        let folder = Path::new(&entry.path)
            .parent()
            .map(|parent| parent.to_string_lossy().into_owned())
            .filter(|parent| !parent.is_empty())
            .unwrap_or_else(|| entry.path.clone());
        extract(&snapshot, &entry.commit, &folder, &target)
            .map_err(|err| format!("{}: {err}", entry.relative()))?;
        let path: PathBuf = into.join(entry.relative());
        let bytes = std::fs::metadata(&path)
            .map_err(|err| format!("{}: not extracted: {err}", entry.relative()))?
            .len();
        documents.push(Document {
            relative: entry.relative(),
            path,
            bytes,
        });
    }
    Ok(documents)
}

/// `git archive COMMIT FOLDER | tar -x -C TARGET`, from the bare repository `git_dir`.
fn extract(git_dir: &Path, commit: &str, folder: &str, target: &Path) -> Result<(), String> {
    let mut archive = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["archive", "--format=tar", commit, "--", folder])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run git: {err}"))?;
    let stdout = archive.stdout.take().ok_or("git gave no output")?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(target)
        .stdin(stdout)
        .output()
        .map_err(|err| format!("cannot run tar: {err}"))?;
    let archived = archive
        .wait_with_output()
        .map_err(|err| format!("git archive: {err}"))?;
    if !archived.status.success() {
        return Err(format!(
            "git archive {commit} {folder}: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        ));
    }
    if !untar.status.success() {
        return Err(format!(
            "tar: {}",
            String::from_utf8_lossy(&untar.stderr).trim()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_and_a_bad_line_is_named() {
        let text = "# vendors\n\ngoharbor/harbor c50c7ddd6ea4e335a480b49c618281882ab7eec9 api/v2.0/swagger.yaml Apache-2.0  # 2.0\n";
        let entries = parse(text).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].relative(),
            "goharbor+harbor/api/v2.0/swagger.yaml"
        );
        assert_eq!(entries[0].licence, "Apache-2.0");
        let err = parse("a/b 1234 x.yaml MIT\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
        let err =
            parse("a/b c50c7ddd6ea4e335a480b49c618281882ab7eec9 ../x.yaml MIT\n").unwrap_err();
        assert!(err.contains("not a path inside"), "{err}");
        assert!(parse("a/b c50c7ddd6ea4e335a480b49c618281882ab7eec9 x.yaml\n").is_err());
    }

    #[test]
    fn a_document_is_extracted_with_its_folder_at_the_pinned_commit() {
        let scratch = tempfile::tempdir().unwrap();
        let work = scratch.path().join("work");
        std::fs::create_dir_all(work.join("api/parts")).unwrap();
        std::fs::write(work.join("api/root.yaml"), "openapi: 3.0.3\n").unwrap();
        std::fs::write(work.join("api/parts/a.yaml"), "type: string\n").unwrap();
        let git_dir = scratch.path().join("snapshots/acme+api/repo");
        let git = |args: &[&str]| {
            let status = Command::new("git")
                .arg("--git-dir")
                .arg(&git_dir)
                .arg("--work-tree")
                .arg(&work)
                .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
                .args(args)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        let init = Command::new("git")
            .args(["init", "--quiet", "--bare"])
            .arg(&git_dir)
            .status()
            .unwrap();
        assert!(init.success());
        git(&["add", "."]);
        git(&["commit", "--quiet", "-m", "one"]);
        let commit = String::from_utf8(
            Command::new("git")
                .arg("--git-dir")
                .arg(&git_dir)
                .args(["rev-parse", "HEAD"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let entries = parse(&format!("acme/api {} api/root.yaml MIT\n", commit.trim())).unwrap();
        let into = scratch.path().join("list");
        let documents = materialise(&entries, &scratch.path().join("snapshots"), &into).unwrap();
        assert_eq!(documents[0].relative, "acme+api/api/root.yaml");
        assert!(into.join("acme+api/api/parts/a.yaml").is_file());
    }
}
