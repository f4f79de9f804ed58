//! Between dpalint's byte spans and paths and the protocol's positions and
//! URIs. LSP positions are 0-based lines and characters counted in the
//! negotiated encoding: UTF-8 bytes when the client offers it (LSP 3.17),
//! else UTF-16 code units (the protocol's default).

use crate::source::{SourceFile, Span};
use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How `Position::character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The LSP position of byte `offset` of `file`.
pub fn position(file: &SourceFile, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(file.text.len());
    let line = file.line_of(offset);
    let start = file.line_start(line).min(offset);
    let mut end = offset;
    while end > start && !file.text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &file.text[start..end];
    let character = match enc {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.encode_utf16().count(),
    };
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

pub fn range(file: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(file, span.start as usize, enc),
        position(file, span.end as usize, enc),
    )
}

/// The byte offset of an LSP position (clamped to its line and the text).
pub fn offset(file: &SourceFile, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= file.line_count().max(1) && line > 0 {
        return file.text.len();
    }
    let (start, end) = file.line_range(line);
    let text = &file.text[start..end];
    let wanted = pos.character as usize;
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= wanted {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    end
}

/// Apply an LSP content change (a range and its new text) to `text`.
pub fn apply_change(text: &mut String, range: Range, new_text: &str, enc: Encoding) {
    let file = SourceFile::new(String::new(), std::sync::Arc::from(text.as_str()));
    let start = offset(&file, range.start, enc);
    let end = offset(&file, range.end, enc).max(start);
    text.replace_range(start..end, new_text);
}

/// `file:` URI of an absolute path (percent-encoded; Windows drive letters kept).
pub fn uri_from_path(path: &Path) -> Option<Uri> {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

/// The path of a `file:` URI; `None` for other schemes.
pub fn path_from_uri(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///p` (empty host) or `file://localhost/p`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            decoded.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let mut path = String::from_utf8(decoded).ok()?;
    // `/C:/x` on Windows is `C:/x`.
    if cfg!(windows) && path.len() > 2 && path.as_bytes()[2] == b':' {
        path.remove(0);
    }
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let f = SourceFile::new("t".into(), Arc::from("a: 1\nname: \u{1F600}é x\n"));
        let x = f.text.find('x').unwrap();
        let p16 = position(&f, x, Encoding::Utf16);
        let p8 = position(&f, x, Encoding::Utf8);
        assert_eq!((p16.line, p16.character), (1, 10));
        assert_eq!((p8.line, p8.character), (1, 13));
        assert_eq!(offset(&f, p16, Encoding::Utf16), x);
        assert_eq!(offset(&f, p8, Encoding::Utf8), x);
        // Past the end of a line: its end; past the last line: the end of the text.
        assert_eq!(offset(&f, Position::new(0, 99), Encoding::Utf16), 4);
        assert_eq!(
            offset(&f, Position::new(9, 0), Encoding::Utf16),
            f.text.len()
        );
    }

    #[test]
    fn incremental_changes_apply_at_their_range() {
        let mut t = String::from("a: 1\nb: 2\n");
        apply_change(
            &mut t,
            Range::new(Position::new(1, 3), Position::new(1, 4)),
            "20",
            Encoding::Utf16,
        );
        assert_eq!(t, "a: 1\nb: 20\n");
    }

    #[test]
    fn uris_and_paths() {
        let uri = uri_from_path(Path::new("/tmp/my dir/a#b.yaml")).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20dir/a%23b.yaml");
        assert_eq!(
            path_from_uri(&uri).unwrap(),
            PathBuf::from("/tmp/my dir/a#b.yaml")
        );
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(path_from_uri(&other).is_none());
    }
}
