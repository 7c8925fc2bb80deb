//! The one escaping function for each sink where text from a document reaches a generated file
//! as text (code built with `quote` is escaped by its tokens). A document is untrusted input:
//! its text must never end a comment, a literal or a table early, and never become code that
//! compiles or runs.
//!
//! | sink | function |
//! | --- | --- |
//! | one line of a doc comment (`//!`, `///`): titles, versions, paths | [`doc_line`] |
//! | paragraphs of a doc comment: descriptions | [`doc_paragraphs`] |
//! | a Rust string literal written as text (the crate example) | [`rust_string`] |
//! | a TOML basic string in the manifest | [`toml_string`] |
//! | a line comment (`//`, `#`): the `@generated` header with the spec's path | [`comment_line`] |
//!
//! Doc text is also code when rustdoc reads a code block in it as a doctest: every code block
//! of document text is made a `text` block, so `cargo test` of the generated crate compiles
//! and runs none of it.

/// `text` as one line of a doc comment: whitespace runs (newlines included) become one space,
/// other control characters are dropped, and a code span cannot open a doctest.
pub fn doc_line(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as doc-comment lines, each starting with `prefix` (`//!` or `///`): line breaks
/// stay line breaks (a blank line is a paragraph break), every other control character is
/// dropped, and every code block becomes a `text` block (see [`inert_code_blocks`]).
pub fn doc_paragraphs(text: &str, prefix: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect();
    let cleaned = cleaned.trim();
    let inert = inert_code_blocks(cleaned);
    inert
        .as_deref()
        .unwrap_or(cleaned)
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix} {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown whose code blocks rustdoc would compile as doctests, with each of them marked as a
/// `text` block: a fenced block keeps its fence and gets `text` as its info string unless it
/// names a language that is not Rust (`json`, `python`, …); an indented block is put between
/// `text` fences. `None` when there is no such block (the text is already inert).
pub fn inert_code_blocks(markdown: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut fence: Option<(char, usize)> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in markdown.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((mark, length)) = fence {
            let closes = indent < 4
                && trimmed.chars().take_while(|c| *c == mark).count() >= length
                && trimmed.trim_start_matches(mark).trim().is_empty();
            if closes {
                fence = None;
            }
            out.push(line.to_string());
            previous_blank = false;
            continue;
        }
        let blank = line.trim().is_empty();
        let code_indent = !blank && (indent >= 4 || line.starts_with('\t'));
        if indented && !blank && !code_indent {
            close_indented(&mut out);
            indented = false;
        }
        if !indented && code_indent && previous_blank {
            out.push("```text".to_string());
            indented = true;
            changed = true;
        }
        if !indented
            && indent < 4
            && let Some(mark) = ['`', '~']
                .into_iter()
                .find(|mark| trimmed.starts_with(*mark))
        {
            let length = trimmed.chars().take_while(|c| *c == mark).count();
            let info = &trimmed[length..];
            if length >= 3 && !(mark == '`' && info.contains('`')) {
                fence = Some((mark, length));
                let info = if is_rust_info(info) {
                    changed = true;
                    "text"
                } else {
                    info
                };
                out.push(format!(
                    "{}{}{info}",
                    &line[..indent],
                    mark.to_string().repeat(length)
                ));
                previous_blank = false;
                continue;
            }
        }
        out.push(line.to_string());
        previous_blank = blank;
    }
    if indented {
        close_indented(&mut out);
    }
    if let Some((mark, length)) = fence {
        // An unclosed fence runs to the end of the doc comment; close it where it ends.
        out.push(mark.to_string().repeat(length));
    }
    changed.then(|| out.join("\n"))
}

/// Ends a `text` block opened for an indented code block, before the blank lines that ended it.
fn close_indented(out: &mut Vec<String>) {
    let blanks = out
        .iter()
        .rev()
        .take_while(|line| line.trim().is_empty())
        .count();
    out.insert(out.len() - blanks, "```".to_string());
}

/// Whether rustdoc reads a fenced block with this info string as Rust: no language at all, or
/// any word of the string being `rust` or one of rustdoc's attributes.
fn is_rust_info(info: &str) -> bool {
    let words: Vec<&str> = info
        .split([',', ' ', '\t', '{', '}'])
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .collect();
    words.is_empty()
        || words.iter().any(|word| {
            matches!(
                *word,
                "rust"
                    | "ignore"
                    | "should_panic"
                    | "no_run"
                    | "compile_fail"
                    | "test_harness"
                    | "standalone_crate"
                    | "allow_fail"
            ) || word.starts_with("edition")
                || word.starts_with("ignore-")
        })
}

/// `text` as a Rust string literal, quotes included, every character that needs it escaped.
pub fn rust_string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// `text` as a TOML basic string on one line, quotes included: whitespace runs become one
/// space, `"` and `\` are escaped, and other control characters are dropped.
pub fn toml_string(text: &str) -> String {
    let line = doc_line(text);
    let mut out = String::with_capacity(line.len() + 2);
    out.push('"');
    for c in line.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` for the rest of a line comment (`// …` in Rust, `# …` in TOML): one line, no
/// control characters, so nothing after it leaves the comment.
pub fn comment_line(text: &str) -> String {
    doc_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_line_cannot_leave_its_comment() {
        let hostile = "1.0\n#![doc = include_str!(\"/etc/hostname\")]\r\n//!\u{0}x";
        let line = doc_line(hostile);
        assert!(!line.contains('\n') && !line.contains('\r') && !line.contains('\0'));
        assert_eq!(line, "1.0 #![doc = include_str!(\"/etc/hostname\")] //!x");
    }

    #[test]
    fn doc_paragraphs_keep_paragraphs_and_prefix_every_line() {
        let text = "First.\r\n\nSecond\u{7}.\n";
        assert_eq!(doc_paragraphs(text, "//!"), "//! First.\n//!\n//! Second.");
    }

    #[test]
    fn code_blocks_that_rustdoc_would_run_become_text() {
        let text =
            "See:\n```\nstd::process::exit(1);\n```\n~~~rust,no_run\nx\n~~~\n```json\n{}\n```";
        assert_eq!(
            inert_code_blocks(text).as_deref(),
            Some("See:\n```text\nstd::process::exit(1);\n```\n~~~text\nx\n~~~\n```json\n{}\n```")
        );
        let indented = "Run:\n\n    env!(\"SECRET\");\n    more();\n\nAfter.";
        assert_eq!(
            inert_code_blocks(indented).as_deref(),
            Some("Run:\n\n```text\n    env!(\"SECRET\");\n    more();\n```\n\nAfter.")
        );
        assert_eq!(
            inert_code_blocks("```\nopen").as_deref(),
            Some("```text\nopen\n```")
        );
        assert_eq!(inert_code_blocks("```json\n{}\n```\n"), None);
        assert_eq!(inert_code_blocks("Plain.\n  - a list\n"), None);
    }

    #[test]
    fn literals_and_toml_strings_escape_what_they_must() {
        assert_eq!(rust_string("a\"); env!(\"X"), r#""a\"); env!(\"X""#);
        assert_eq!(
            toml_string("SDK\"\n[dependencies]\nevil = \"1\"\\"),
            r#""SDK\" [dependencies] evil = \"1\"\\""#
        );
    }
}
