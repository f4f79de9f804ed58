//! Source files, byte spans and line/column positions.
//!
//! This is the only module that knows how bytes map to lines and columns. Every
//! other stage works with [`Span`]s (byte ranges) and asks the [`SourceFile`] for
//! positions when it renders. Lines and columns are 1-based; columns count Unicode
//! scalar values; a UTF-8 byte-order mark is not a column; `\r\n` ends a line.

use serde::Serialize;
use std::sync::Arc;

/// Index of a file in the [`SourceMap`] of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    pub fn len(self) -> usize {
        // `Span::new` keeps end >= start; saturate anyway, the fields are public.
        self.end.saturating_sub(self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column plus the byte offset they stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

/// Start and end positions of a span (end is exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// One input file: its path as shown to users, its text and a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    /// Byte offset at which each line starts. Line 1 starts after a BOM.
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(path: String, text: Arc<str>) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![bom];
        line_starts.extend(
            memchr_newlines(text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// Number of lines (a trailing newline does not open a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] as usize == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// Byte offset of the start of 0-based `line`, clamped.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// Byte range of 0-based `line` without its line terminator.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = self.text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Position of byte `offset` (clamped to the text, snapped to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.snap(offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    /// Byte offset of a 1-based line and 1-based character column (clamped).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let line = line.max(1) - 1;
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let (start, end) = self.line_range(line);
        let text = &self.text[start..end];
        let col = column.max(1) - 1;
        start + text.char_indices().nth(col).map_or(text.len(), |(i, _)| i)
    }

    fn snap(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

/// All files of one run, addressed by [`FileId`]. Files are shared, so a
/// report keeps the texts it renders without copying them.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(Arc::new(file));
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// Replace the file behind `id` (a new text of the same path).
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = Arc::new(file);
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), &**f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yaml".into(), Arc::from(text))
    }

    #[test]
    fn positions_lf_crlf_bom_agree() {
        let lf = file("a: 1\nname: héllo\n");
        let crlf = file("\u{feff}a: 1\r\nname: héllo\r\n");
        let p_lf = lf.position(lf.text.find("héllo").unwrap());
        let p_crlf = crlf.position(crlf.text.find("héllo").unwrap());
        assert_eq!((p_lf.line, p_lf.column), (2, 7));
        assert_eq!((p_crlf.line, p_crlf.column), (2, 7));
        let end = crlf.position(crlf.text.find("héllo").unwrap() + "héllo".len());
        assert_eq!((end.line, end.column), (2, 12));
        assert_eq!(crlf.position(3).column, 1, "the BOM is not a column");
    }

    #[test]
    fn offset_of_inverts_position() {
        let f = file("\u{feff}x: é\r\n\ty: 2\n");
        for off in [3, 6, 11, 12] {
            let p = f.position(off);
            assert_eq!(f.offset_of(p.line as usize, p.column as usize), off);
        }
    }

    #[test]
    fn line_range_strips_terminators() {
        let f = file("ab\r\ncd\n");
        assert_eq!(f.line_range(0), (0, 2));
        assert_eq!(f.line_range(1), (4, 6));
        assert_eq!(f.line_count(), 2);
    }
}
