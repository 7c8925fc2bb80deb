//! Reading a page: the file's text as numbered lines, and which parser it needs.

use std::path::Path;

use crate::error::{GenError, Result};

use super::page::{Page, PageKind};
use super::{katapult, rst};

/// One line of a page, trimmed, with its 1-based number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    /// The line without surrounding whitespace (and without `\r`).
    pub text: String,
}

/// Splits page text into trimmed, numbered lines (blank lines kept, so numbers stay true).
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(index, line)| Line {
            number: index + 1,
            text: line.trim().to_string(),
        })
        .collect()
}

/// Reads the page at `path` and parses it with the parser its content calls for.
pub fn read_page(path: &Path) -> Result<Page> {
    let bytes = std::fs::read(path)
        .map_err(|err| GenError::file(path, format!("cannot read the page: {err}")))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        GenError::file(
            path,
            format!(
                "the page is not UTF-8 text (byte {})",
                err.utf8_error().valid_up_to()
            ),
        )
    })?;
    parse_page(path, &text)
}

/// Parses page text; `path` names the page in errors and facts.
pub fn parse_page(path: &Path, text: &str) -> Result<Page> {
    match detect(text) {
        Some(PageKind::Katapult) => katapult::parse(path, text),
        Some(PageKind::Rst) => rst::parse(path, text),
        None if text.trim().is_empty() => Err(GenError::file(path, "the page is empty")),
        None => Err(GenError::file(
            path,
            "not a documentation page of a known kind: expected a Katapult developer-docs page \
             (a title, then the method glued to the path, like `POST/disks/disk/assign`) or an \
             api-ref reStructuredText page (with a `.. rest_method::` line)",
        )),
    }
}

/// Which kind of page `text` is, from its content alone.
pub fn detect(text: &str) -> Option<PageKind> {
    let all = lines(text);
    if all
        .iter()
        .any(|line| line.text.starts_with(rst::REST_METHOD))
    {
        return Some(PageKind::Rst);
    }
    let mut non_blank = all.iter().filter(|line| !line.text.is_empty());
    let _title = non_blank.next()?;
    let method_line = non_blank.next()?;
    katapult::split_method_path(&method_line.text).map(|_| PageKind::Katapult)
}

/// The file name of `path`, as facts and reports name the page.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content() {
        assert_eq!(detect("Title\nPOST/a/b\nmore"), Some(PageKind::Katapult));
        assert_eq!(
            detect("x\n.. rest_method:: POST /v2/x\n"),
            Some(PageKind::Rst)
        );
        assert_eq!(detect("# A readme\n\nSome text.\n"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn lines_keep_numbers_and_trim() {
        let got = lines("a\r\n\n  b  ");
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].number, 3);
        assert_eq!(got[2].text, "b");
        assert_eq!(got[1].text, "");
    }
}
