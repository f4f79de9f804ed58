//! Safe mechanical fixes: where an edit may go, applying edits to a text, and
//! showing them as a unified diff.
//!
//! A fix replaces one scalar (a value or a key) in the file of its finding. It
//! is attached only when it is unambiguous and keeps the file's formatting: the
//! scalar must be written plainly or simply quoted (no escapes, one line), the
//! replacement keeps that quoting and reads back as the same kind of string.
//! `dpalint check --fix` and the language server's code actions apply the same
//! [`Fix`]es; nothing else in the file moves (comments, quoting and layout
//! elsewhere stay byte for byte).

use crate::diagnostic::{Diagnostic, Fix};
use crate::project::parse::{Document, NodeKind};
use crate::source::{SourceFile, Span};

/// The fix replacing the scalar written at `span` (whose parsed text is
/// `current`) with `replacement`, keeping its quoting; `None` when the scalar is
/// not written plainly or simply quoted, or the replacement would read back as
/// something else.
pub fn replace_scalar(
    file: &SourceFile,
    span: Span,
    current: &str,
    replacement: &str,
    title: String,
) -> Option<Fix> {
    let written = file.text.get(span.start as usize..span.end as usize)?;
    if current == replacement || replacement.contains(['\n', '\r']) {
        return None;
    }
    let span = if written == current {
        if !plain_safe(replacement) {
            return None;
        }
        span
    } else {
        let quote = written.chars().next()?;
        let inner = written
            .strip_prefix(quote)
            .and_then(|w| w.strip_suffix(quote))?;
        let simple = |s: &str| !s.contains([quote, '\\']) && !s.chars().any(char::is_control);
        if !matches!(quote, '"' | '\'') || inner != current || !simple(current) {
            return None;
        }
        if !simple(replacement) {
            return None;
        }
        Span::new(span.start as usize + 1, span.end as usize - 1)
    };
    Some(Fix {
        title,
        span,
        replacement: replacement.to_owned(),
    })
}

/// A value YAML 1.2 reads back as the same string when written plainly: a
/// word of letters, digits, `_`, `-` and `.` starting with a letter or digit,
/// which is neither a boolean, a null nor a number.
pub fn plain_safe(s: &str) -> bool {
    let starts_well = s.chars().next().is_some_and(char::is_alphanumeric);
    let word = s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let special = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | ".inf" | ".nan"
    ) || s.parse::<f64>().is_ok();
    starts_well && word && !special
}

/// The string scalar at `pointer` in `doc` and its span, unless it came from
/// an alias or merge key (editing there would change other uses too).
pub fn string_at<'d>(doc: &'d Document, pointer: &str) -> Option<(&'d str, Span)> {
    let mut node = &doc.root;
    if !pointer.is_empty() {
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                NodeKind::Map(entries) => {
                    &entries
                        .iter()
                        .find(|e| matches!(&e.key.kind, NodeKind::Str(k) if *k == token))?
                        .value
                }
                NodeKind::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
    }
    match &node.kind {
        NodeKind::Str(s) if node.defined.is_none() => Some((s, node.span)),
        _ => None,
    }
}

/// The fixes of `diagnostics` in one file that can be applied together:
/// unsuppressed, sorted by position, duplicates dropped, and no two touching
/// the same bytes (the later one waits for the next round).
pub fn plan<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<&'d Fix> {
    let mut fixes: Vec<&Fix> = diagnostics
        .filter(|d| !d.is_suppressed())
        .filter_map(|d| d.fix.as_deref())
        .collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end, f.replacement.clone()));
    fixes.dedup_by(|a, b| a.span == b.span && a.replacement == b.replacement);
    let mut out: Vec<&Fix> = Vec::with_capacity(fixes.len());
    for f in fixes {
        if out.last().is_none_or(|last| last.span.end <= f.span.start) {
            out.push(f);
        }
    }
    out
}

/// `text` with `fixes` (sorted, not overlapping: see [`plan`]) applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        let (start, end) = (f.span.start as usize, f.span.end as usize);
        if start < at || end > text.len() {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&f.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff of one file (`a/PATH`, `b/PATH`, three lines of context),
/// empty when nothing changed.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yaml".into(), Arc::from(text))
    }

    fn fix_at(text: &str, needle: &str, current: &str, replacement: &str) -> Option<String> {
        let f = file(text);
        let start = text.find(needle).unwrap();
        let span = Span::new(start, start + needle.len());
        let fix = replace_scalar(&f, span, current, replacement, String::new())?;
        Some(apply(text, &[&fix]))
    }

    #[test]
    fn plain_and_quoted_values_keep_their_quoting() {
        assert_eq!(
            fix_at(
                "country: Nederland # home\n",
                "Nederland",
                "Nederland",
                "NL"
            )
            .as_deref(),
            Some("country: NL # home\n")
        );
        assert_eq!(
            fix_at(
                "country: \"Nederland\"\n",
                "\"Nederland\"",
                "Nederland",
                "NL"
            )
            .as_deref(),
            Some("country: \"NL\"\n")
        );
        assert_eq!(
            fix_at(
                "country: 'United States'\n",
                "'United States'",
                "United States",
                "US"
            )
            .as_deref(),
            Some("country: 'US'\n")
        );
    }

    #[test]
    fn escaped_folded_or_unsafe_scalars_get_no_fix() {
        // An escape: the text is not the value.
        assert!(
            fix_at(
                "c: \"Neder\\u006Cand\"\n",
                "\"Neder\\u006Cand\"",
                "Nederland",
                "NL"
            )
            .is_none()
        );
        // A replacement that would read back as a boolean, a number or a null.
        assert!(fix_at("parent: acme\n", "acme", "acme", "true").is_none());
        assert!(fix_at("parent: acme\n", "acme", "acme", "1e3").is_none());
        assert!(fix_at("parent: acme\n", "acme", "acme", "a b").is_none());
        // Nothing to change.
        assert!(fix_at("parent: acme\n", "acme", "acme", "acme").is_none());
    }

    #[test]
    fn plan_drops_duplicates_and_overlaps() {
        let fix = |s, e, r: &str| Fix {
            title: String::new(),
            span: Span::new(s, e),
            replacement: r.into(),
        };
        let d = |f: Fix| {
            Diagnostic::input(
                crate::diagnostic::Code::SchemaUnknownKey,
                crate::source::FileId(0),
                f.span,
                "m",
            )
            .with_fix(f)
        };
        let diags = [
            d(fix(5, 8, "x")),
            d(fix(0, 2, "a")),
            d(fix(0, 2, "a")),
            d(fix(1, 3, "b")),
        ];
        let planned = plan(diags.iter());
        let spans: Vec<_> = planned.iter().map(|f| (f.span.start, f.span.end)).collect();
        assert_eq!(spans, [(0, 2), (5, 8)]);
        assert_eq!(apply("0123456789", &planned), "a234x89");
    }

    #[test]
    fn diff_is_empty_without_changes() {
        assert_eq!(unified_diff("a.yaml", "x\n", "x\n"), "");
        let d = unified_diff("a.yaml", "x: 1\ny: UK\n", "x: 1\ny: GB\n");
        assert!(d.starts_with("--- a/a.yaml\n+++ b/a.yaml\n@@"), "{d}");
        assert!(d.contains("-y: UK\n+y: GB\n"), "{d}");
    }
}
