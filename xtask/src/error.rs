//! The one error type of the generator: every failure names the file and the place in it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file (it could not be read, for instance).
    File,
    /// A 1-based line and column, for syntax errors found while parsing.
    Line { line: usize, column: usize },
    /// A JSON pointer (RFC 6901) into the parsed document.
    Pointer(String),
}

/// An error of the generator, located in a file.
///
/// Displayed on one screen as `error: FILE[:LINE:COL | #POINTER]: MESSAGE`, which is what the
/// binary prints before exiting with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenError {
    /// The file the error is about (a spec, a template or an output path).
    pub file: PathBuf,
    /// The place in that file.
    pub location: Location,
    /// What is wrong, in one or a few lines.
    pub message: String,
}

impl GenError {
    /// An error about a whole file.
    pub fn file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            location: Location::File,
            message: message.into(),
        }
    }

    /// An error at a JSON pointer in a document.
    pub fn at(
        file: impl AsRef<Path>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            location: Location::Pointer(pointer.into()),
            message: message.into(),
        }
    }

    /// An error at a line and column of a file.
    pub fn at_line(
        file: impl AsRef<Path>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            location: Location::Line { line, column },
            message: message.into(),
        }
    }

    /// The JSON pointer of the error, if it has one.
    pub fn pointer(&self) -> Option<&str> {
        match &self.location {
            Location::Pointer(pointer) => Some(pointer),
            _ => None,
        }
    }
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::File => write!(f, "{file}: {}", self.message),
            Location::Line { line, column } => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            Location::Pointer(pointer) => write!(f, "{file}#{pointer}: {}", self.message),
        }
    }
}

impl std::error::Error for GenError {}

/// Result of the generator's stages.
pub type Result<T> = std::result::Result<T, GenError>;

/// An error of a pipeline stage, located in the one document the stage reads. Stages do not
/// know the file's name: the caller that loaded the file attaches it once, with
/// [`Located::in_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The place in the document.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl Located {
    /// An error at a JSON pointer.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: Location::Pointer(pointer.into()),
            message: message.into(),
        }
    }

    /// An error about the whole document.
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            location: Location::File,
            message: message.into(),
        }
    }

    /// The same error, naming `file`.
    pub fn in_file(self, file: impl AsRef<Path>) -> GenError {
        GenError {
            file: file.as_ref().to_path_buf(),
            location: self.location,
            message: self.message,
        }
    }
}

/// Result of a pipeline stage.
pub type StageResult<T> = std::result::Result<T, Located>;
