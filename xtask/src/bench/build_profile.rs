//! Where a cold build's time goes: the units of `cargo build --timings`, summed per package
//! and grouped as TLS, the generated crate itself, and the other dependencies.

use std::path::Path;

/// Packages that only TLS brings: rustls and its `ring` provider (with `cc`, which compiles
/// ring's C and assembly), or native-tls and OpenSSL's bindings.
const TLS_PACKAGES: [&str; 22] = [
    "rustls",
    "ring",
    "rustls-webpki",
    "rustls-pki-types",
    "webpki-roots",
    "webpki-root-certs",
    "tokio-rustls",
    "hyper-rustls",
    "rustls-native-certs",
    "rustls-platform-verifier",
    "untrusted",
    "cc",
    "shlex",
    "find-msvc-tools",
    "native-tls",
    "openssl",
    "openssl-sys",
    "openssl-macros",
    "openssl-probe",
    "hyper-tls",
    "tokio-native-tls",
    "pkg-config",
];

/// The compile time of each package of one build, from cargo's timing report.
#[derive(Debug, Clone, Default)]
pub struct BuildProfile {
    /// Package name and its units' summed duration in seconds (library, build script and its
    /// run), largest first.
    pub packages: Vec<(String, f64)>,
}

impl BuildProfile {
    /// Reads `<target>/cargo-timings/cargo-timing.html`, which `cargo build --timings` writes.
    pub fn read(target: &Path) -> Result<Self, String> {
        let path = target.join("cargo-timings/cargo-timing.html");
        let html = std::fs::read_to_string(&path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        Self::parse(&html).ok_or_else(|| {
            format!(
                "{}: no `UNIT_DATA` table (a cargo whose timing report has another shape?)",
                path.display()
            )
        })
    }

    /// The `UNIT_DATA` table of a timing report, summed per package.
    fn parse(html: &str) -> Option<Self> {
        let start = html.find("const UNIT_DATA = ")? + "const UNIT_DATA = ".len();
        let end = start + html[start..].find("];")? + 1;
        let units: Vec<serde_json::Value> = serde_json::from_str(&html[start..end]).ok()?;
        let mut packages: Vec<(String, f64)> = Vec::new();
        for unit in &units {
            let name = unit.get("name")?.as_str()?;
            let duration = unit.get("duration")?.as_f64()?;
            match packages.iter_mut().find(|(known, _)| known == name) {
                Some((_, total)) => *total += duration,
                None => packages.push((name.to_string(), duration)),
            }
        }
        packages.sort_by(|a, b| b.1.total_cmp(&a.1));
        Some(Self { packages })
    }

    /// Every unit's time, summed (more than the wall time when units ran side by side).
    pub fn total(&self) -> f64 {
        self.packages.iter().map(|(_, time)| time).sum()
    }

    /// The TLS packages' time.
    pub fn tls(&self) -> f64 {
        (self.packages.iter())
            .filter(|(name, _)| TLS_PACKAGES.contains(&name.as_str()))
            .map(|(_, time)| time)
            .sum()
    }

    /// The time of the package called `name` (the generated crate).
    pub fn package(&self, name: &str) -> f64 {
        (self.packages.iter())
            .filter(|(known, _)| known == name)
            .map(|(_, time)| time)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_summed_per_package_and_grouped() {
        let html = r#"<script>
            const UNIT_DATA = [
              {"i":0,"name":"ring","version":"0.17.14","mode":"run-custom-build","target":" build-script (run)","start":1.0,"duration":2.5,"rmeta_time":null,"unlocked_units":[],"unlocked_rmeta_units":[]},
              {"i":1,"name":"ring","version":"0.17.14","mode":"todo","target":"","start":3.5,"duration":3.0,"rmeta_time":1.0,"unlocked_units":[],"unlocked_rmeta_units":[]},
              {"i":2,"name":"tokio","version":"1.0.0","mode":"todo","target":"","start":0.0,"duration":7.0,"rmeta_time":2.0,"unlocked_units":[],"unlocked_rmeta_units":[]},
              {"i":3,"name":"katapult-core","version":"1.0.0","mode":"todo","target":"","start":9.0,"duration":4.0,"rmeta_time":2.0,"unlocked_units":[],"unlocked_rmeta_units":[]}
            ];
            const CONCURRENCY_DATA = [];
        </script>"#;
        let profile = BuildProfile::parse(html).expect("a timing report");
        assert_eq!(profile.packages[0], ("tokio".to_string(), 7.0));
        assert_eq!(profile.packages[1], ("ring".to_string(), 5.5));
        assert_eq!(profile.total(), 16.5);
        assert_eq!(profile.tls(), 5.5);
        assert_eq!(profile.package("katapult-core"), 4.0);
        assert!(BuildProfile::parse("<html></html>").is_none());
    }
}
