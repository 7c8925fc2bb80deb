//! Reading a page: its file, and which parser its text needs.

use std::path::Path;

use crate::error::{GenError, Result};

use super::lines::lines;
use super::page::{Page, PageKind, file_name};
use super::rst::is_api_ref_source;
use super::{katapult, rst};

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
///
/// An api-ref source file (`.rst`, `.inc`) without any `.. rest_method::` (an `index.rst`, a
/// page of shared definitions) is a page with no operation and a note saying so: the folder's
/// other pages still import. A `.txt` page of no known kind stays an error.
pub fn parse_page(path: &Path, text: &str) -> Result<Page> {
    if detect(text).is_none() && is_api_ref_source(path) && !text.trim().is_empty() {
        return Ok(Page {
            file: file_name(path),
            kind: PageKind::Rst,
            operations: Vec::new(),
            warnings: Vec::new(),
            notes: vec![format!(
                "{}: no `.. rest_method::`: read for the text it defines, no operation imported",
                path.display()
            )],
            title: None,
        });
    }
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
}
