//! JSON pointers (RFC 6901): building them from segments, and reading the forms other tools
//! write (percent-encoded `$ref` fragments, serde_path_to_error's dotted paths).

/// Escapes one segment of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    let mut escaped = String::with_capacity(segment.len());
    push_segment(&mut escaped, segment);
    escaped
}

/// Appends `segment`, escaped, to `out`. Pointers are built for every `$ref` of a document,
/// and most segments have nothing to escape: those are copied as they are.
fn push_segment(out: &mut String, segment: &str) {
    if !segment.bytes().any(|byte| matches!(byte, b'~' | b'/')) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Undoes [`escape_segment`] (`~1` → `/`, `~0` → `~`).
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Builds a JSON pointer from its unescaped segments.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        push_segment(&mut out, segment.as_ref());
    }
    out
}

/// `pointer` with one more (escaped) segment.
pub fn child(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + segment.len());
    out.push_str(pointer);
    out.push('/');
    push_segment(&mut out, segment);
    out
}

/// Decodes the percent escapes a `$ref` fragment may carry (`%7B` → `{`); JSON pointers
/// themselves have none. A `%` that starts no valid escape is kept as it is.
pub fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%' && index + 2 < bytes.len())
            .then(|| Some(hex_digit(bytes[index + 1])? * 16 + hex_digit(bytes[index + 2])?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

/// Turns serde_path_to_error's `a.b[0].c` path into a JSON pointer `/a/b/0/c`.
pub fn from_serde_path(path: &str) -> String {
    if path == "." || path.is_empty() {
        return String::new();
    }
    let mut segments = Vec::new();
    for part in path.split('.') {
        match part.find('[') {
            Some(open) => {
                let (name, indexes) = part.split_at(open);
                if !name.is_empty() {
                    segments.push(name.to_string());
                }
                for index in indexes.split('[').filter(|s| !s.is_empty()) {
                    segments.push(index.trim_end_matches(']').to_string());
                }
            }
            None => segments.push(part.to_string()),
        }
    }
    pointer(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(
            from_serde_path("paths./a~b.post.responses"),
            "/paths/~1a~0b/post/responses"
        );
        assert_eq!(from_serde_path("tags[2].name"), "/tags/2/name");
        assert_eq!(from_serde_path("."), "");
    }

    #[test]
    fn percent_escapes_in_refs_are_decoded() {
        assert_eq!(decode_fragment("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(decode_fragment("/x%"), "/x%");
        assert_eq!(decode_fragment("/x%é1"), "/x%é1");
    }

    #[test]
    fn escapes_that_are_not_hex_are_kept() {
        assert_eq!(decode_fragment("/a%7Bb%7D"), "/a{b}");
        assert_eq!(decode_fragment("/a%"), "/a%");
        assert_eq!(decode_fragment("/a%zz"), "/a%zz");
    }

    #[test]
    fn segments_are_escaped() {
        assert_eq!(pointer(["paths", "/a/{b}", "get"]), "/paths/~1a~1{b}/get");
        assert_eq!(child("/x", "a~b"), "/x/a~0b");
        assert_eq!(pointer(["a~/b", ""]), "/a~0~1b/");
        assert_eq!(escape_segment("plain"), "plain");
        assert_eq!(unescape_segment("~1a~1{b}~01"), "/a/{b}~1");
    }
}
