//! A page's text as numbered lines: what every page parser reads.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_numbers_and_trim() {
        let got = lines("a\r\n\n  b  ");
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].number, 3);
        assert_eq!(got[2].text, "b");
        assert_eq!(got[1].text, "");
    }
}
