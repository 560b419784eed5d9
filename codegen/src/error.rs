//! The generator's error type: every failure names the spec file, a location and the cause.

use std::fmt;

/// Where in the spec an error was found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A JSON pointer (RFC 6901) into the parsed document, e.g. `/paths/~1models/get`.
    Pointer(String),
    /// A line and column (both 1-based) in the spec text, for syntax errors.
    LineColumn {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The error concerns the whole document or the file itself.
    Document,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Pointer(p) if p.is_empty() => f.write_str("#"),
            Location::Pointer(p) => write!(f, "#{p}"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Document => f.write_str("document"),
        }
    }
}

/// A generation failure: `file: location: cause`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    file: String,
    location: Location,
    message: String,
    /// Line and column of a pointer location, when the text could be searched for it.
    position: Option<(usize, usize)>,
}

impl Error {
    pub(crate) fn new(file: &str, location: Location, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            location,
            message: message.into(),
            position: None,
        }
    }

    pub(crate) fn at(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(file, Location::Pointer(pointer.to_owned()), message)
    }

    /// The spec file name, as given in [`Settings::file_name`](crate::Settings::file_name).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where in the spec the problem is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The cause, without file or location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line and column in the spec text: of a syntax error, or of the node a
    /// pointer location names.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self.location {
            Location::LineColumn { line, column } => Some((line, column)),
            _ => self.position,
        }
    }

    /// The pointer of a pointer location that has no text position yet.
    pub(crate) fn unplaced_pointer(&self) -> Option<&str> {
        match (&self.location, self.position) {
            (Location::Pointer(p), None) if !p.is_empty() => Some(p),
            _ => None,
        }
    }

    /// The same error, naming `to` where it named file `from`.
    pub(crate) fn renamed(mut self, from: &str, to: &str) -> Self {
        if self.file == from {
            self.file = to.to_owned();
        }
        self
    }

    /// The same error with `note` after its cause.
    pub(crate) fn with_note(mut self, note: &str) -> Self {
        self.message = format!("{} ({note})", self.message);
        self
    }

    /// Attach a text position (line, column) to a pointer location.
    pub(crate) fn placed(mut self, position: Option<(usize, usize)>) -> Self {
        self.position = position;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location, self.position) {
            (Location::Pointer(_), Some((line, column))) => write!(
                f,
                "{}: {} (line {line}, column {column}): {}",
                self.file, self.location, self.message
            ),
            _ => write!(f, "{}: {}: {}", self.file, self.location, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Escape one reference token of a JSON pointer (RFC 6901).
/// `%XX` escapes in a URI fragment.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            let b = h * 16 + l;
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A JSON Pointer token read back (`~1` is `/`, `~0` is `~`).
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Append one token to a JSON pointer.
pub(crate) fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape_token(token));
    out
}
