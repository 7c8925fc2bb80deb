//! The Cargo feature each operation is compiled under: one per tag (per path group for
//! operations without tags), named here so that the model hands out every name.

/// The feature that enables every operation.
pub const ALL_OPERATIONS: &str = "all-operations";

/// Feature names the manifest defines for other purposes.
const RESERVED: [&str; 6] = [
    "default",
    "client",
    "server",
    "rustls",
    "native-tls",
    ALL_OPERATIONS,
];

/// The Cargo feature of a tag or path group: lower case, runs of other characters as `-`
/// (`Load Balancers` → `load-balancers`); `tag-…` where that would be empty, start with a digit
/// or take a name the manifest uses.
pub fn feature_name(group: &str) -> String {
    let mut name = String::new();
    for c in group.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || RESERVED.contains(&name.as_str())
    {
        format!("tag-{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_feature_names() {
        assert_eq!(feature_name("Load Balancers"), "load-balancers");
        assert_eq!(feature_name("ip_addresses"), "ip-addresses");
        assert_eq!(feature_name("Server"), "tag-server");
        assert_eq!(feature_name("2fa"), "tag-2fa");
        assert_eq!(feature_name("--"), "tag-");
    }
}
