//! What is under the cursor: a scalar or key of the parsed tree (hover,
//! definition, references), or, for completion in a half-typed file that may
//! not parse, the chain of keys read from the indentation of the lines above.

use crate::project::parse::{Document, Node, NodeKind};
use crate::source::Span;

/// A scalar or key of the tree at the cursor.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Path from the document root: keys, and list indexes as numbers.
    pub path: Vec<String>,
    pub span: Span,
    /// The scalar's text (a key's text when `is_key`).
    pub text: String,
    pub is_key: bool,
}

impl Hit {
    fn tail(&self, n: usize) -> Vec<&str> {
        let len = self.path.len();
        self.path[len.saturating_sub(n)..]
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// The id a reference names: `vendors/N/parent` or `activities/N/recipients/M`.
    pub fn reference(&self) -> Option<&str> {
        if self.is_key {
            return None;
        }
        let t = self.tail(4);
        let is_parent = t.len() >= 3 && t[t.len() - 3] == "vendors" && t[t.len() - 1] == "parent";
        let is_recipient = t.len() == 4 && t[0] == "activities" && t[2] == "recipients";
        (is_parent || is_recipient).then_some(self.text.as_str())
    }

    /// `("vendors" | "activities", id)` when the cursor is on an entity's `id`.
    pub fn declaration(&self) -> Option<(&str, &str)> {
        let t = self.tail(3);
        (!self.is_key && t.len() == 3 && t[2] == "id" && matches!(t[0], "vendors" | "activities"))
            .then(|| (self.path[self.path.len() - 3].as_str(), self.text.as_str()))
    }

    /// A country value: `country`, or an item of `data_locations`.
    pub fn country(&self) -> Option<&str> {
        let t = self.tail(2);
        let last = t.last().copied()?;
        let is_country = last == "country" || t.first() == Some(&"data_locations");
        (!self.is_key && is_country).then_some(self.text.as_str())
    }
}

/// The key or scalar of `doc` whose span holds `offset` (its end included, so
/// a cursor right after a word is on it).
pub fn hit(doc: &Document, offset: usize) -> Option<Hit> {
    let mut path = Vec::new();
    walk(&doc.root, offset as u32, &mut path)
}

fn walk(node: &Node, at: u32, path: &mut Vec<String>) -> Option<Hit> {
    let inside = |s: Span| s.start <= at && at <= s.end && s.end > s.start;
    match &node.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                let key = e.key.key_text();
                if inside(e.key.span) {
                    let mut p = path.clone();
                    p.push(key.clone());
                    return Some(Hit {
                        path: p,
                        span: e.key.span,
                        text: key,
                        is_key: true,
                    });
                }
                path.push(key);
                let found = walk(&e.value, at, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let found = walk(item, at, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        // Values from an alias are found where they are written, not used.
        _ if node.defined.is_some() => None,
        NodeKind::Str(s) if inside(node.span) => Some(hit_scalar(path, node.span, s.clone())),
        NodeKind::Number(n) if inside(node.span) => {
            Some(hit_scalar(path, node.span, n.to_string()))
        }
        NodeKind::Bool(b) if inside(node.span) => Some(hit_scalar(path, node.span, b.to_string())),
        _ => None,
    }
}

fn hit_scalar(path: &[String], span: Span, text: String) -> Hit {
    Hit {
        path: path.to_vec(),
        span,
        text,
        is_key: false,
    }
}

/// The entity mapping `path` (e.g. `/vendors/3`) spans: from its first byte to
/// its last, over every key and value below it.
pub fn extent(node: &Node) -> Option<Span> {
    let mut lo = u32::MAX;
    let mut hi = 0;
    fn visit(n: &Node, lo: &mut u32, hi: &mut u32) {
        if !n.span.is_empty() || !n.is_container() {
            *lo = (*lo).min(n.span.start);
            *hi = (*hi).max(n.span.end);
        }
        match &n.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    visit(&e.key, lo, hi);
                    visit(&e.value, lo, hi);
                }
            }
            NodeKind::Seq(items) => items.iter().for_each(|i| visit(i, lo, hi)),
            _ => {}
        }
    }
    visit(node, &mut lo, &mut hi);
    (lo <= hi).then(|| Span::new(lo as usize, hi as usize))
}

/// Completion context read from the text alone: the keys leading to the
/// cursor (outermost first; `-` for a list item) and the word typed so far.
#[derive(Debug, PartialEq, Eq)]
pub struct TextContext {
    pub keys: Vec<String>,
    /// The cursor is in a value (after `key:`, or in a list item), not on a key.
    pub in_value: bool,
    pub prefix: String,
}

/// Read the context of byte `offset` in `text` from indentation.
pub fn text_context(text: &str, offset: usize) -> TextContext {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let prefix: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let (indent, key, rest) = split_line(before);
    let mut keys = Vec::new();
    let in_value;
    let mut level = indent;
    match key {
        Some(k) if rest.is_some() => {
            // `key: val|` or `key: [a, b|`
            keys.push(k);
            in_value = true;
        }
        _ => {
            // A list item value (`- val|`) or a key being typed (`ke|`).
            in_value = before.trim_start().starts_with('-');
            if in_value {
                keys.push("-".into());
            }
        }
    }
    // Parents: lines above with less indentation (a `- ` item's key counts at
    // its own column; `key:` followed by items at the same column is their parent).
    let mut above = text[..line_start].lines().rev();
    let item_here = before.trim_start().starts_with('-');
    let mut same_level_ok = item_here;
    for line in above.by_ref() {
        let (ind, k, _) = split_line(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let dash = line.trim_start().starts_with('-');
        let dash_col = line.len() - line.trim_start().len();
        let closer = ind < level || (same_level_ok && ind == level && !dash);
        if !closer && dash && dash_col < level {
            // `- id: a` above `  key: …`: a sibling key of the same item; the
            // item itself is the parent.
            keys.push("-".into());
            level = dash_col;
            same_level_ok = false;
        } else if closer {
            if let Some(k) = k {
                keys.push(k);
            }
            if dash {
                keys.push("-".into());
            }
            level = line.len() - line.trim_start().len();
            same_level_ok = false;
            if level == 0 && !dash {
                break;
            }
        }
    }
    keys.reverse();
    // Collapse "-" markers directly after a key into the key's list.
    TextContext {
        keys,
        in_value,
        prefix,
    }
}

/// Indentation (of the key, after any `- `), the key, and the text after `key:`.
fn split_line(line: &str) -> (usize, Option<String>, Option<&str>) {
    let mut rest = line;
    let mut indent = line.len() - line.trim_start().len();
    rest = &rest[indent..];
    while let Some(r) = rest.strip_prefix("- ") {
        let trimmed = r.trim_start();
        indent += rest.len() - trimmed.len();
        rest = trimmed;
    }
    match rest.find(':') {
        Some(i) if !rest[..i].contains(['[', '{', ' ', '#']) && !rest[..i].is_empty() => {
            let key = rest[..i].trim_matches(['"', '\'']).to_string();
            let after = &rest[i + 1..];
            (
                indent,
                Some(key),
                (after.is_empty() || after.starts_with(' ')).then_some(after),
            )
        }
        _ => (indent, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> TextContext {
        let at = text.find('|').unwrap();
        let text = text.replace('|', "");
        text_context(&text, at)
    }

    #[test]
    fn keys_from_indentation() {
        let c = ctx("dpalint: 1\nvendors:\n  - id: a\n    parent: ma|\n");
        assert_eq!(c.keys, ["vendors", "-", "parent"]);
        assert!(c.in_value);
        assert_eq!(c.prefix, "ma");
        let c = ctx("activities:\n  - id: x\n    recipients:\n      - mail|\n");
        assert_eq!(c.keys, ["activities", "-", "recipients", "-"]);
        let c = ctx("activities:\n  - id: x\n    recipients: [a, b|\n");
        assert_eq!(c.keys, ["activities", "-", "recipients"]);
        let c = ctx("vendors:\n  - id: a\n    dpa:\n      breach:\n        notify: |\n");
        assert_eq!(c.keys, ["vendors", "-", "dpa", "breach", "notify"]);
        let c = ctx("vendors:\n  - id: a\n    data_locations:\n    - D|\n");
        assert_eq!(c.keys, ["vendors", "-", "data_locations", "-"]);
    }
}
