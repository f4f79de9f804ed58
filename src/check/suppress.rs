//! Inline suppressions: `# dpalint: ignore[DPA023, objection-window-too-short] reason="…" until=2027-01-31`.
//!
//! A directive in a comment on its own line covers the next line that is not
//! blank or a comment; a directive after a value covers its own line. A reason
//! is required. After `until` the suppression no longer applies and says so. A
//! suppression that suppresses nothing is reported, naming the rule it tried to
//! suppress. Input problems (syntax, schema: `DPL`) cannot be suppressed.

use crate::diagnostic::{Code, Diagnostic, Suppression, SuppressionKind};
use crate::model::Date;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use std::collections::HashSet;

/// One parsed directive.
#[derive(Debug)]
pub struct Directive {
    pub file: FileId,
    /// The comment text `dpalint: …` (for diagnostics).
    pub span: Span,
    /// 0-based line whose findings it covers.
    pub target_line: usize,
    /// Rule ids (resolved from ids or names) with the span of each as written.
    pub rules: Vec<(String, Span)>,
    pub reason: String,
    pub until: Option<Date>,
}

/// Resolves a rule id or name to its canonical id, or suggests one.
pub trait RuleLookup {
    fn resolve(&self, key: &str) -> Result<String, Option<String>>;
}

/// Scan `file` for directives. Malformed ones become diagnostics.
pub fn scan(
    id: FileId,
    file: &SourceFile,
    rules: &dyn RuleLookup,
    out: &mut Vec<Diagnostic>,
) -> Vec<Directive> {
    let text = &*file.text;
    let mut directives = Vec::new();
    if !may_hold_directive(text) {
        return directives;
    }
    for (line_no, (start, end)) in (0..file.line_count()).map(|l| (l, file.line_range(l))) {
        let line = &text[start..end];
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = line[hash + 1..].trim_start();
        let Some(body) = comment.strip_prefix("dpalint:") else {
            continue;
        };
        let comment_offset = start + (line.len() - comment.len());
        let span = Span::new(comment_offset, end);
        let standalone = line[..hash].trim().is_empty();
        let target_line = if standalone {
            next_content_line(file, line_no)
        } else {
            line_no
        };
        match parse(body.trim(), comment_offset + (comment.len() - body.len()) + (body.len() - body.trim_start().len())) {
            Ok(parsed) => {
                let mut rule_ids = Vec::new();
                for (key, key_span) in parsed.rules {
                    match rules.resolve(&key) {
                        Ok(rule) => rule_ids.push((rule, key_span)),
                        Err(suggestion) => {
                            let help = match suggestion {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "use a rule id (DPA023) or name (transfer-without-mechanism); `dpalint rules` lists them".into(),
                            };
                            out.push(
                                Diagnostic::input(Code::InvalidSuppression, id, key_span, format!("unknown rule `{key}` in suppression"))
                                    .with_help(help),
                            );
                        }
                    }
                }
                let Some(reason) = parsed.reason.filter(|r| !r.trim().is_empty()) else {
                    out.push(
                        Diagnostic::input(Code::InvalidSuppression, id, span, "suppression without a reason: it is not applied")
                            .with_help("add reason=\"…\" saying why the finding is accepted (auditors will ask)"),
                    );
                    continue;
                };
                if rule_ids.is_empty() {
                    continue;
                }
                directives.push(Directive {
                    file: id,
                    span,
                    target_line,
                    rules: rule_ids,
                    reason,
                    until: parsed.until,
                });
            }
            Err((message, at)) => out.push(
                Diagnostic::input(Code::InvalidSuppression, id, at.unwrap_or(span), message).with_help(
                    "write `# dpalint: ignore[RULE, …] reason=\"why\" until=YYYY-MM-DD` (until is optional)",
                ),
            ),
        }
    }
    directives
}

/// A quick filter, exact in one direction: every text with a directive has a
/// `dpalint:` preceded (blanks aside) by `#`. The `dpalint: 1` marker every
/// file carries is not, so most files are not scanned line by line.
fn may_hold_directive(text: &str) -> bool {
    text.match_indices("dpalint:")
        .any(|(at, _)| text[..at].trim_end_matches([' ', '\t']).ends_with('#'))
}

/// Byte index of the `#` that starts a YAML comment on this line, if any:
/// at the start of the line or after whitespace, and not inside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let (mut single, mut double) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'#' if !single
                && !double
                && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') =>
            {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

fn next_content_line(file: &SourceFile, from: usize) -> usize {
    let text = &*file.text;
    for l in from + 1..file.line_count() {
        let (s, e) = file.line_range(l);
        let t = text[s..e].trim_start();
        if !t.is_empty() && !t.starts_with('#') {
            return l;
        }
    }
    from + 1
}

struct Parsed {
    rules: Vec<(String, Span)>,
    reason: Option<String>,
    until: Option<Date>,
}

type ParseError = (String, Option<Span>);

/// Parse `ignore[A, B] reason="…" until=YYYY-MM-DD`; `base` is the byte offset of `body`.
fn parse(body: &str, base: usize) -> Result<Parsed, ParseError> {
    let rest = body.strip_prefix("ignore").ok_or_else(|| {
        (
            format!(
                "unknown dpalint directive `{}`",
                body.split_whitespace().next().unwrap_or("")
            ),
            None,
        )
    })?;
    let rest = rest.strip_prefix('[').ok_or_else(|| {
        (
            "expected `[` with the rules to ignore after `ignore`".to_string(),
            None,
        )
    })?;
    let close = rest
        .find(']')
        .ok_or_else(|| ("missing `]` after the rule list".to_string(), None))?;
    let list_base = base + (body.len() - rest.len());
    let mut rules = Vec::new();
    let mut pos = 0;
    for item in rest[..close].split(',') {
        let trimmed = item.trim();
        let lead = item.len() - item.trim_start().len();
        if !trimmed.is_empty() {
            let s = list_base + pos + lead;
            rules.push((trimmed.to_string(), Span::new(s, s + trimmed.len())));
        }
        pos += item.len() + 1;
    }
    if rules.is_empty() {
        return Err(("the rule list is empty".into(), None));
    }
    let mut reason = None;
    let mut until = None;
    let mut rest = rest[close + 1..].trim_start();
    while !rest.is_empty() {
        let at = base + (body.len() - rest.len());
        if let Some(r) = rest.strip_prefix("reason=") {
            let (value, after) = quoted(r).ok_or_else(|| {
                (
                    "reason must be quoted: reason=\"…\"".to_string(),
                    Some(Span::new(at, at + 7)),
                )
            })?;
            reason = Some(value);
            rest = after.trim_start();
        } else if let Some(u) = rest.strip_prefix("until=") {
            let end = u.find(char::is_whitespace).unwrap_or(u.len());
            let date = Date::parse(&u[..end]).ok_or_else(|| {
                (
                    format!("`{}` is not a date; write until=YYYY-MM-DD", &u[..end]),
                    Some(Span::new(at, at + 6 + end)),
                )
            })?;
            until = Some(date);
            rest = u[end..].trim_start();
        } else {
            let word = rest.split_whitespace().next().unwrap_or(rest);
            return Err((
                format!("unexpected `{word}` in suppression"),
                Some(Span::new(at, at + word.len())),
            ));
        }
    }
    Ok(Parsed {
        rules,
        reason,
        until,
    })
}

/// `"…"` (with `\"` escapes) at the start of `s`: the value and what follows.
fn quoted(s: &str) -> Option<(String, &str)> {
    let s = s.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, n)) = chars.next() {
                    value.push(n);
                }
            }
            '"' => return Some((value, &s[i + 1..])),
            c => value.push(c),
        }
    }
    None
}

/// Apply directives to `diagnostics` (rule findings only) and report expired
/// and unused directives. `enabled` says whether a rule ran at all.
pub fn apply(
    directives: &[Directive],
    diagnostics: &mut [Diagnostic],
    files: &SourceMap,
    as_of: Date,
    enabled: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    for d in diagnostics.iter_mut() {
        if d.rule.starts_with("DPL") || d.is_suppressed() {
            continue;
        }
        let line = files.get(d.file()).line_of(d.primary.span.start as usize);
        for (di, dir) in directives.iter().enumerate() {
            if dir.file != d.file()
                || dir.target_line != line
                || dir.until.is_some_and(|u| u < as_of)
            {
                continue;
            }
            if let Some(ri) = dir.rules.iter().position(|(r, _)| *r == d.rule) {
                used.insert((di, ri));
                d.suppression = Some(Suppression {
                    kind: SuppressionKind::InSource,
                    justification: dir.reason.clone(),
                });
                break;
            }
        }
    }
    for (di, dir) in directives.iter().enumerate() {
        for (ri, (rule, span)) in dir.rules.iter().enumerate() {
            if let Some(until) = dir.until.filter(|u| *u < as_of) {
                out.push(
                    Diagnostic::input(
                        Code::ExpiredSuppression,
                        dir.file,
                        *span,
                        format!("suppression of {rule} expired on {until}; the finding is reported again"),
                    )
                    .with_help("fix the finding, or renew the suppression with a new `until` date and reason"),
                );
            } else if !used.contains(&(di, ri)) && enabled(rule) {
                out.push(
                    Diagnostic::input(
                        Code::UnusedSuppression,
                        dir.file,
                        *span,
                        format!("suppression of {rule} does not match any finding on the line it covers"),
                    )
                    .with_help("remove the suppression, or move it onto (or directly above) the line the finding points at"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_quick_filter_lets_every_directive_through() {
        for text in [
            "a: 1 # dpalint: ignore[DPA001] reason=\"x\"",
            "#dpalint: ignore[DPA001]",
            "  #   dpalint: ignore[DPA001]",
            "dpalint: 1\n\t# \tdpalint: ignore[DPA001]",
        ] {
            assert!(super::may_hold_directive(text), "{text}");
        }
        for text in [
            "dpalint: 1\nvendors: []",
            "\u{feff}dpalint: 1",
            "x: 'dpalint: 2'",
        ] {
            assert!(!super::may_hold_directive(text), "{text}");
        }
    }
    use super::*;

    #[test]
    fn parses_ids_names_reason_and_until() {
        let p = parse(r#"ignore[DPA023, objection-window-too-short] reason="SCCs \"signed\", record pending" until=2027-01-31"#, 0).unwrap();
        assert_eq!(
            p.rules.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
            ["DPA023", "objection-window-too-short"]
        );
        assert_eq!(p.reason.as_deref(), Some("SCCs \"signed\", record pending"));
        assert_eq!(p.until.unwrap().to_string(), "2027-01-31");
        assert!(parse("ignore[DPA023] until=2027-13-01 reason=\"x\"", 0).is_err());
        assert!(parse("ignore DPA023", 0).is_err());
        assert!(parse("ignore[] reason=\"x\"", 0).is_err());
        assert!(parse("ignore[DPA1] reason=unquoted", 0).is_err());
    }

    #[test]
    fn comments_are_found_outside_quotes_only() {
        assert_eq!(comment_start("  window_days: 10 # dpalint: x"), Some(18));
        assert_eq!(comment_start("# dpalint: x"), Some(0));
        assert_eq!(comment_start("name: \"a # b\""), None);
        assert_eq!(comment_start("url: http://x#frag"), None);
    }
}
