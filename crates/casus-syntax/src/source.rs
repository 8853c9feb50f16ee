//! Source files and the map that owns them, with line and column lookup.

use serde::Serialize;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

impl Default for FileId {
    fn default() -> Self {
        FileId::NONE
    }
}

impl FileId {
    /// The id used by detached spans.
    pub const NONE: FileId = FileId(u32::MAX);
}

/// One source file: its path as the user gave it, its text, and where its lines start.
#[derive(Clone, Debug)]
pub struct SourceFile {
    id: FileId,
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// The file's id in its map.
    pub fn id(&self) -> FileId {
        self.id
    }

    /// The path as given by the user.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset of 1-based `line` and `column` (in characters), clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices().nth(column.saturating_sub(1)).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The 1-based line and column (in characters) of byte `offset`, clamped to the text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let mut cut = offset;
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        (line + 1, self.text[start..cut].chars().count() + 1)
    }
}

/// Every source file of one run, so that spans can be turned into places.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = lone_cr_as_newline(text.into());
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX - 1));
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.files.push(SourceFile { id, path: path.into(), text, line_starts });
        id
    }

    /// The file with this id.
    ///
    /// # Panics
    /// When the id did not come from this map; ids are only made by [`SourceMap::add`].
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with this id, if it is in the map.
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files in the order they were added.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

/// Decodes file bytes as UTF-8; on failure returns the text with invalid sequences replaced
/// and the offset of the first invalid byte, so the caller can report it and still read the rest.
pub fn decode_utf8(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            (String::from_utf8_lossy(err.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// A carriage return not followed by a line feed (classic Mac OS line endings) read as
/// the line feed it stands for, so that a file saved that way is read line by line rather
/// than as one long line. One byte for one byte: every offset, and so every span, is
/// unchanged. CRLF is left as it is (the lexer skips the CR).
fn lone_cr_as_newline(text: String) -> String {
    if !text.as_bytes().windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') && !text.ends_with('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
