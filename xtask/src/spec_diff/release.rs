//! `--against-released`: each `spec/<name>.yaml` against its released baseline
//! `spec/released/<name>.yaml`, with `info.version` semver enforced: a breaking change needs a
//! major bump (a minor bump below 1.0.0).

use std::path::Path;

use serde_json::{Value, json};

use super::compare::diff;
use super::model::{Report, Severity, Verdict};
use super::report::{Format, render, to_json};
use crate::error::{GenError, Result};
use crate::spec::{LoadedSpec, load_spec, spec_files, spec_files_in};

/// What `--against-released` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseCheck {
    /// The worst outcome over all specs (the exit status).
    pub verdict: Verdict,
    /// The reports, for standard output.
    pub report: String,
    /// Failures, errors and notes (one line each), for standard error.
    pub messages: Vec<String>,
}

/// A `MAJOR.MINOR.PATCH` version (missing parts are 0; `v` prefix and `-pre`/`+build`
/// suffixes are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major part.
    pub major: u64,
    /// Minor part.
    pub minor: u64,
    /// Patch part.
    pub patch: u64,
}

impl Version {
    /// Parses a version such as `1.2.3`, `v2.0` or `3`.
    pub fn parse(text: &str) -> Option<Self> {
        let core = text
            .trim()
            .trim_start_matches('v')
            .split(['-', '+'])
            .next()?;
        let mut parts = core.split('.');
        let mut next = |required: bool| -> Option<u64> {
            match parts.next() {
                Some(part) => part.parse().ok(),
                None if required => None,
                None => Some(0),
            }
        };
        let version = Version {
            major: next(true)?,
            minor: next(false)?,
            patch: next(false)?,
        };
        parts.next().is_none().then_some(version)
    }

    /// Whether going from `self` to `to` may break users (semver: a major bump, or a minor
    /// bump while the major is 0).
    pub fn allows_breaking(self, to: Version) -> bool {
        if self.major == 0 {
            to.major > 0 || to.minor > self.minor
        } else {
            to.major > self.major
        }
    }

    /// The first version after `self` that may break users.
    pub fn next_breaking(self) -> Version {
        if self.major == 0 {
            Version {
                major: 0,
                minor: self.minor.saturating_add(1),
                patch: 0,
            }
        } else {
            Version {
                major: self.major.saturating_add(1),
                minor: 0,
                patch: 0,
            }
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// `info.version` of a loaded spec.
pub fn spec_version(spec: &LoadedSpec) -> Result<Version> {
    let raw = spec.document.pointer("/info/version");
    let text = match raw {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => {
            return Err(GenError::at(
                &spec.path,
                "/info/version",
                "missing info.version (semver MAJOR.MINOR.PATCH)",
            ));
        }
    };
    Version::parse(&text).ok_or_else(|| {
        GenError::at(
            &spec.path,
            "/info/version",
            format!("info.version `{text}` is not semver MAJOR.MINOR.PATCH"),
        )
    })
}

/// One spec compared with its baseline.
struct Compared {
    spec: String,
    baseline: String,
    released: Version,
    current: Version,
    report: Report,
}

fn compare(root: &Path, spec: &Path, baseline: &Path) -> Result<Compared> {
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let old = load_spec(baseline)?;
    let new = load_spec(spec)?;
    Ok(Compared {
        spec: relative(spec),
        baseline: relative(baseline),
        released: spec_version(&old)?,
        current: spec_version(&new)?,
        report: diff(&old, &new)?,
    })
}

/// Compares every spec under `root/spec/` with `root/spec/released/`.
pub fn against_released(root: &Path, format: Format) -> ReleaseCheck {
    let mut check = ReleaseCheck {
        verdict: Verdict::NoBreaking,
        report: String::new(),
        messages: Vec::new(),
    };
    let mut json_specs = Vec::new();
    let released_dir = root.join("spec").join("released");
    // Without a released folder nothing has been released yet.
    let released = || {
        if released_dir.is_dir() {
            spec_files_in(&released_dir)
        } else {
            Ok(Vec::new())
        }
    };
    let listed = spec_files(root).and_then(|specs| Ok((specs, released()?)));
    let (specs, baselines) = match listed {
        Ok(lists) => lists,
        Err(err) => {
            check.verdict = Verdict::CouldNotCompare;
            check.messages.push(format!("error: {err}"));
            return check;
        }
    };
    for spec in &specs {
        let Some(name) = spec.file_name() else {
            continue;
        };
        let baseline = released_dir.join(name);
        if !baseline.is_file() {
            check.messages.push(format!(
                "note: spec/{} has no released baseline yet: copy it to spec/released/ when it \
                 is released",
                name.to_string_lossy()
            ));
            continue;
        }
        match compare(root, spec, &baseline) {
            Ok(compared) => record(&mut check, &mut json_specs, &compared, format),
            Err(err) => {
                check.verdict = check.verdict.max(Verdict::CouldNotCompare);
                check.messages.push(format!("error: {err}"));
            }
        }
    }
    for baseline in &baselines {
        let Some(name) = baseline.file_name() else {
            continue;
        };
        if !specs.iter().any(|spec| spec.file_name() == Some(name)) {
            let name = name.to_string_lossy();
            check.verdict = check.verdict.max(Verdict::Breaking);
            check.messages.push(format!(
                "error: spec/released/{name} has no spec/{name}: the whole API is removed; \
                 restore spec/{name}, or delete spec/released/{name} to retire the API"
            ));
        }
    }
    if format == Format::Json {
        let document = json!({ "specs": json_specs, "messages": check.messages });
        check.report = serde_json::to_string_pretty(&document).unwrap_or_default() + "\n";
    }
    check
}

fn record(
    check: &mut ReleaseCheck,
    json_specs: &mut Vec<Value>,
    compared: &Compared,
    format: Format,
) {
    let Compared {
        spec,
        baseline,
        released,
        current,
        report,
    } = compared;
    let heading =
        format!("{spec} against {baseline} (info.version {current}, released {released})");
    let failure = report.has_breaking() && !released.allows_breaking(*current);
    let fix = failure.then(|| {
        let first = report
            .changes
            .iter()
            .find(|change| change.severity() == Severity::Breaking);
        let (rule, pointer) = first.map_or(("", ""), |change| (change.rule.id(), &change.pointer));
        let more = report.count(Severity::Breaking).saturating_sub(1);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "error: {spec}#{pointer}: breaking change {rule}{more} without a major version bump \
             (info.version {current}, released {released}): bump info.version to {} and copy \
             the spec to spec/released/ to release",
            released.next_breaking()
        )
    });
    match format {
        Format::Text => {
            check.report.push_str(&format!("{heading}\n"));
            check.report.push_str(&render(report, format));
        }
        Format::Markdown => {
            check.report.push_str(&format!("### {heading}\n\n"));
            check.report.push_str(&render(report, format));
            check.report.push('\n');
        }
        Format::Json => {
            let mut entry = to_json(report);
            if let Some(map) = entry.as_object_mut() {
                map.insert("spec".into(), json!(spec));
                map.insert("baseline".into(), json!(baseline));
                map.insert("version".into(), json!(current.to_string()));
                map.insert("releasedVersion".into(), json!(released.to_string()));
                map.insert("fails".into(), json!(failure));
            }
            json_specs.push(entry);
        }
    }
    if let Some(fix) = fix {
        check.verdict = check.verdict.max(Verdict::Breaking);
        check.messages.push(fix);
    } else if report.has_breaking() {
        check.messages.push(format!(
            "note: {spec} has breaking changes and a major version bump ({released} → \
             {current}): copy it to spec/released/ when it is released"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_bump() {
        let v = |text| Version::parse(text).unwrap();
        assert_eq!(
            v("1.2.3"),
            Version {
                major: 1,
                minor: 2,
                patch: 3
            }
        );
        assert_eq!(
            v("v2"),
            Version {
                major: 2,
                minor: 0,
                patch: 0
            }
        );
        assert_eq!(
            v("2.0.0-rc.1"),
            Version {
                major: 2,
                minor: 0,
                patch: 0
            }
        );
        assert!(Version::parse("one").is_none());
        assert!(Version::parse("1.2.3.4").is_none());
        assert!(v("1.0.0").allows_breaking(v("2.0.0")));
        assert!(!v("1.0.0").allows_breaking(v("1.9.0")));
        assert!(v("0.3.0").allows_breaking(v("0.4.0")));
        assert_eq!(v("1.4.2").next_breaking().to_string(), "2.0.0");
        assert_eq!(v("0.4.2").next_breaking().to_string(), "0.5.0");
    }
}
