//! Where each character of a YAML scalar's value sits in the file.
//!
//! Policy expressions are strings in YAML: plain, single- or double-quoted, or
//! block scalars. CEL and JSONPath report positions inside the *decoded*
//! string; to point at the exact line and column in the policy file, the
//! scalar is decoded again here with the offset of every character kept. The
//! result is checked against the value the YAML parser produced, so a decoding
//! this module gets wrong is never used: callers then fall back to a
//! line-by-line mapping (block scalars) or to the start of the value.

use crate::source::Span;

/// Byte offsets in `text` (the whole file) of every character of `value`, plus
/// one entry for the end, for the scalar node at `span`.
pub fn char_offsets(text: &str, span: Span, value: &str) -> Option<Vec<usize>> {
    let start = span.start as usize;
    let end = (span.end as usize).min(text.len());
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let decoded = match text[start..end].chars().next() {
        Some('"') => flow(text, start + 1, end, Quote::Double),
        Some('\'') => flow(text, start + 1, end, Quote::Single),
        _ => match block_header(text, start) {
            Some(folded) => block(text, start, end, folded),
            None => flow(text, start, end, Quote::Plain),
        },
    };
    accept(decoded, value, end)
}

/// Best effort for a value [`char_offsets`] could not decode: the 0-based
/// `line` and char `column` of the decoded text mapped to the same line of a
/// block scalar (content lines start at the block's indentation), else the
/// start of the value.
pub fn line_fallback(text: &str, span: Span, line: usize, column: usize) -> usize {
    let start = (span.start as usize).min(text.len());
    let Some(_) = block_header(text, start) else {
        return start;
    };
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let mut offset = line_start;
    for _ in 0..line {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return start,
        }
    }
    let content = offset + indent.min(text[offset..].find('\n').unwrap_or(text.len() - offset));
    text[content..]
        .char_indices()
        .take_while(|(_, c)| *c != '\n')
        .nth(column)
        .map_or(content, |(i, _)| content + i)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Plain,
    Single,
    Double,
}

/// One decoded character: the char, its byte offset, and whether it is raw
/// source whitespace (trimmed before a line break).
type Decoded = Vec<(char, usize, bool)>;

fn accept(decoded: Option<Decoded>, value: &str, end: usize) -> Option<Vec<usize>> {
    let decoded = decoded?;
    let want: Vec<char> = value.chars().collect();
    let got: Vec<char> = decoded.iter().map(|(c, _, _)| *c).collect();
    // Chomping and trailing breaks are not worth modelling: compare without them.
    let trim = |v: &[char]| v.len() - v.iter().rev().take_while(|c| **c == '\n').count();
    let (tw, tg) = (trim(&want), trim(&got));
    if want[..tw] != got[..tg] {
        return None;
    }
    let mut offsets: Vec<usize> = decoded.iter().take(want.len()).map(|d| d.1).collect();
    while offsets.len() < want.len() {
        offsets.push(end);
    }
    offsets.push(decoded.get(want.len()).map_or(end, |d| d.1));
    Some(offsets)
}

/// `Some(folded)` when the scalar starting at `start` is the content of a block
/// scalar (`|` literal, `>` folded): only indentation precedes it on its line,
/// and the previous non-blank line ends with the block indicator.
fn block_header(text: &str, start: usize) -> Option<bool> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..start].chars().all(|c| c == ' ') {
        return None;
    }
    let before = &text[..line_start];
    let header = before
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim_end_matches('\r');
    let header = match header.find(" #") {
        Some(i) => &header[..i],
        None => header,
    };
    let last = header.split_whitespace().last()?;
    let mut chars = last.chars();
    let folded = match chars.next()? {
        '|' => false,
        '>' => true,
        _ => return None,
    };
    chars
        .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        .then_some(folded)
}

/// Plain and quoted scalars: line folding, `''` and backslash escapes.
fn flow(text: &str, from: usize, end: usize, quote: Quote) -> Option<Decoded> {
    let src = &text[from..end];
    let mut out: Decoded = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = from + i;
        match c {
            '\'' if quote == Quote::Single => {
                if matches!(it.peek(), Some((_, '\''))) {
                    it.next();
                    out.push(('\'', at, false));
                } else {
                    return Some(out);
                }
            }
            '"' if quote == Quote::Double => return Some(out),
            '\\' if quote == Quote::Double => {
                let (_, e) = it.next()?;
                match e {
                    '\n' | '\r' => {
                        if e == '\r' && matches!(it.peek(), Some((_, '\n'))) {
                            it.next();
                        }
                        while matches!(it.peek(), Some((_, ' ' | '\t'))) {
                            it.next();
                        }
                    }
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut code = 0u32;
                        for _ in 0..n {
                            code = code * 16 + it.next()?.1.to_digit(16)?;
                        }
                        out.push((char::from_u32(code)?, at, false));
                    }
                    other => {
                        let ch = match other {
                            '0' => '\0',
                            'a' => '\x07',
                            'b' => '\x08',
                            't' | '\t' => '\t',
                            'n' => '\n',
                            'v' => '\x0b',
                            'f' => '\x0c',
                            'r' => '\r',
                            'e' => '\x1b',
                            'N' => '\u{85}',
                            '_' => '\u{a0}',
                            'L' => '\u{2028}',
                            'P' => '\u{2029}',
                            c => c,
                        };
                        out.push((ch, at, false));
                    }
                }
            }
            '\r' if matches!(it.peek(), Some((_, '\n'))) => {}
            '\n' => {
                while out
                    .last()
                    .is_some_and(|(c, _, raw)| *raw && (*c == ' ' || *c == '\t'))
                {
                    out.pop();
                }
                // Count the empty lines that follow; skip the next line's indentation.
                let mut empty = 0;
                loop {
                    while matches!(it.peek(), Some((_, ' ' | '\t'))) {
                        it.next();
                    }
                    match it.peek() {
                        Some((_, '\r')) => {
                            it.next();
                        }
                        Some((_, '\n')) => {
                            it.next();
                            empty += 1;
                        }
                        _ => break,
                    }
                }
                if empty == 0 {
                    out.push((' ', at, false));
                } else {
                    out.extend(std::iter::repeat_n(('\n', at, false), empty));
                }
            }
            c => out.push((c, at, c == ' ' || c == '\t')),
        }
    }
    (quote == Quote::Plain).then_some(out)
}

/// Block scalars: content lines at the indentation of the first one.
fn block(text: &str, start: usize, end: usize, folded: bool) -> Option<Decoded> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = line_start;
    while offset < end {
        let stop = text[offset..end].find('\n').map_or(end, |i| offset + i);
        let raw = text[offset..stop].trim_end_matches('\r');
        let skip = raw.len() - raw.trim_start_matches(' ').len();
        let skip = skip.min(indent);
        lines.push((offset + skip, &raw[skip..]));
        offset = stop + 1;
    }
    let mut out: Decoded = Vec::new();
    for (n, (at, line)) in lines.iter().enumerate() {
        for (i, c) in line.char_indices() {
            out.push((c, at + i, false));
        }
        let brk = at + line.len();
        let Some((_, next)) = lines.get(n + 1) else {
            out.push(('\n', brk, false));
            break;
        };
        let normal = |l: &str| !l.is_empty() && !l.starts_with([' ', '\t']);
        if !folded || !normal(line) && !line.is_empty() || !normal(next) && !next.is_empty() {
            out.push(('\n', brk, false));
        } else if line.is_empty() {
            // An empty line of a folded scalar is a line break of its own.
            out.push(('\n', brk, false));
        } else if normal(next) {
            out.push((' ', brk, false));
        }
        // A text line followed by an empty line: that first break is dropped.
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::parse;
    use crate::source::{FileId, SourceFile};
    use std::sync::Arc;

    /// For each key of the YAML mapping: the file text at each char of its value.
    fn check(yaml: &str) {
        let file = SourceFile::new("t.yaml".into(), Arc::from(yaml));
        let loaded = parse::load(FileId(0), &file);
        let doc = &loaded.documents[0];
        let json = parse::to_json(doc, &mut Vec::new());
        for (key, value) in json.as_object().unwrap() {
            let value = value.as_str().unwrap();
            let span = doc.lookup(&format!("/{key}")).unwrap().value;
            let offsets = char_offsets(yaml, span, value)
                .unwrap_or_else(|| panic!("{key}: no mapping for {value:?}"));
            assert_eq!(offsets.len(), value.chars().count() + 1, "{key}");
            for (c, &o) in value.chars().zip(&offsets) {
                let at = yaml[o..].chars().next().unwrap();
                // Folded breaks map to the line break; escapes to their backslash.
                assert!(
                    at == c || at == '\n' || at == '\\' || at == '\'',
                    "{key}: {c:?} mapped to {at:?} at {o}"
                );
            }
        }
    }

    #[test]
    fn every_scalar_style_maps_back() {
        check("a: self.x == 'é'\nb: 'it''s é'\nc: \"a\\\"b \\u00e9 x\"\n");
        check("d: |\n  line1\n    more\n  line2\ne: >-\n  f1\n  f2\n\n  f3\n");
        check("f: plain\n  folded\n  again\ng: |-\n    deep\nh: \"two\n  lines\"\n");
        check("i: 'x\n\n  y'\nj: \"esc\\\n  aped\"\n");
    }

    #[test]
    fn columns_are_exact() {
        let yaml = "k: \"ab\\\"cd\"\n";
        let file = SourceFile::new("t.yaml".into(), Arc::from(yaml));
        let loaded = parse::load(FileId(0), &file);
        let doc = &loaded.documents[0];
        let span = doc.lookup("/k").unwrap().value;
        let offsets = char_offsets(yaml, span, "ab\"cd").unwrap();
        // `c` is the 4th char of the value, at byte 8 of the file.
        assert_eq!(offsets[3], 8);
        assert_eq!(&yaml[offsets[3]..offsets[3] + 1], "c");
    }

    #[test]
    fn block_fallback_points_at_the_line() {
        let yaml = "k: |\n  first\n  second line\n";
        let file = SourceFile::new("t.yaml".into(), Arc::from(yaml));
        let loaded = parse::load(FileId(0), &file);
        let span = loaded.documents[0].lookup("/k").unwrap().value;
        let o = line_fallback(yaml, span, 1, 7);
        assert_eq!(&yaml[o..o + 4], "line");
    }
}
