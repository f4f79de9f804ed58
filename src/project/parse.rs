//! YAML loading: text -> documents of spanned [`Node`]s, plus pointer lookup.
//!
//! All parser options are pinned in [`parser_options`]: YAML 1.2 scalars (`NO` is
//! a string), numbers with leading zeros or underscores stay strings, duplicate
//! keys are passed through so we can report both positions, merge keys expand,
//! and budgets bound aliases, depth and node counts. Nothing here knows about
//! the dpalint format; the schema and the model come later.
//!
//! The "pointer index" is the tree itself: [`Document::lookup`] walks an RFC 6901
//! pointer through the nodes in O(depth), so no per-pointer table is built for
//! files where nothing is reported.

use crate::diagnostic::{Code, Diagnostic, Label};
use crate::source::{FileId, SourceFile, Span};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Largest nesting depth accepted (real inventories stay below 12).
pub const MAX_DEPTH: usize = 64;
/// Node budget per file: far above a 5 MB inventory, far below an alias bomb's expansion.
pub const MAX_NODES: usize = 4_000_000;
/// Events replayed from aliases per file.
pub const MAX_ALIAS_REPLAY: usize = 200_000;

/// The parser options of every dpalint load, pinned in one place.
pub fn parser_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = MAX_NODES * 2;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_REPLAY;
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.legacy_octal_numbers = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.merge_keys = serde_saphyr::MergeKeyPolicy::Merge;
    options.with_snippet = false;
    options
}

/// A YAML node with the byte span where it is used and, for alias and merge
/// values, the span where it was defined.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
    /// Where the value was defined when that differs from `span` (aliases, merge keys).
    pub defined: Option<Span>,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    /// The key text of a mapping key (scalars rendered as YAML would print them).
    pub fn key_text(&self) -> String {
        match &self.kind {
            NodeKind::Str(s) => s.clone(),
            NodeKind::Null => "null".into(),
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Number(n) => n.to_string(),
            NodeKind::Seq(_) | NodeKind::Map(_) => "<complex key>".into(),
        }
    }

    pub fn is_container(&self) -> bool {
        matches!(self.kind, NodeKind::Seq(_) | NodeKind::Map(_))
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key.str_eq(key)),
            _ => None,
        }
    }

    fn str_eq(&self, key: &str) -> bool {
        match &self.kind {
            NodeKind::Str(s) => s == key,
            _ => self.key_text() == key,
        }
    }
}

/// One YAML document of a file.
#[derive(Debug)]
pub struct Document {
    pub file: FileId,
    /// 0-based index of the document in its file.
    pub index: usize,
    pub root: Node,
}

/// Where a pointer lands: the key (if the node is a mapping value) and the value.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    pub key: Option<Span>,
    pub value: Span,
    pub defined: Option<Span>,
    pub container: bool,
    /// First key of a mapping node, used to point at list items that have no key.
    pub first_key: Option<Span>,
}

impl Located {
    /// The span a diagnostic about this node should underline: a scalar value,
    /// else the key that introduces the node, else its first key.
    pub fn primary(&self) -> Span {
        if !self.container && !self.value.is_empty() {
            return self.value;
        }
        self.key.or(self.first_key).unwrap_or(self.value)
    }
}

impl Document {
    /// Resolve an RFC 6901 pointer (`""` is the root).
    pub fn lookup(&self, pointer: &str) -> Option<Located> {
        let mut node = &self.root;
        let mut key_span = None;
        if !pointer.is_empty() {
            let rest = pointer.strip_prefix('/')?;
            for raw in rest.split('/') {
                let token = unescape(raw);
                match &node.kind {
                    NodeKind::Map(entries) => {
                        let entry = entries.iter().find(|e| e.key.str_eq(&token))?;
                        key_span = Some(entry.key.span);
                        node = &entry.value;
                    }
                    NodeKind::Seq(items) => {
                        let i: usize = token.parse().ok()?;
                        node = items.get(i)?;
                        key_span = None;
                    }
                    _ => return None,
                }
            }
        }
        let first_key = match &node.kind {
            NodeKind::Map(entries) => entries.first().map(|e| e.key.span),
            _ => None,
        };
        Some(Located {
            key: key_span,
            value: node.span,
            defined: node.defined,
            container: node.is_container(),
            first_key,
        })
    }

    /// The deepest existing node on the way to `pointer` and its pointer.
    pub fn lookup_nearest<'p>(&self, pointer: &'p str) -> (Located, &'p str) {
        let mut p = pointer;
        loop {
            if let Some(found) = self.lookup(p) {
                return (found, p);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => {
                    p = "";
                }
            }
            if p.is_empty()
                && let Some(found) = self.lookup("")
            {
                return (found, "");
            }
        }
    }
}

pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// Result of loading one file: its documents, or the reason it has none.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse `file` into documents. Syntax errors and exceeded budgets become
/// diagnostics; the file then has no documents.
pub fn load(id: FileId, file: &SourceFile) -> Loaded {
    let mut out = Loaded::default();
    match serde_saphyr::from_str_multiple_with_options::<RawNode, Vec<RawNode>>(
        &file.text,
        parser_options(),
    ) {
        Ok(raws) => {
            out.documents = raws
                .into_iter()
                .enumerate()
                .map(|(index, raw)| Document {
                    file: id,
                    index,
                    root: raw.0,
                })
                .collect();
        }
        Err(err) => out.diagnostics.push(syntax_diagnostic(id, file, &err)),
    }
    out
}

fn syntax_diagnostic(id: FileId, file: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let span = match err.location() {
        Some(loc) => {
            let start = match loc.span().byte_offset() {
                Some(b) if b < u64::from(u32::MAX) => b as usize,
                _ => file.offset_of(loc.line() as usize, loc.column() as usize),
            };
            let len = loc.span().byte_len().filter(|l| *l < 1 << 20).unwrap_or(0) as usize;
            let end = (start + len.max(1)).min(file.text.len());
            Span::new(start, end.max(start))
        }
        None => Span::new(0, 0),
    };
    let text = err.without_snippet().to_string();
    // The parser prefixes "line N column M: "; our renderer shows positions itself.
    let message = strip_position_prefix(&text);
    let (code, message, help) = classify_syntax(message);
    Diagnostic::input(code, id, span, message).with_help(help)
}

fn strip_position_prefix(text: &str) -> &str {
    let first = text.lines().next().unwrap_or(text);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(rest) = first.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i].contains("column")
    {
        return &rest[i + 2..];
    }
    first
}

fn classify_syntax(message: &str) -> (Code, String, String) {
    let lower = message.to_ascii_lowercase();
    if lower.contains("budget") || lower.contains("alias") && lower.contains("limit") {
        let what = if lower.contains("depth") {
            format!("the document nests deeper than {MAX_DEPTH} levels")
        } else if lower.contains("alias") || lower.contains("replay") || lower.contains("nodes") {
            "aliases expand to more data than dpalint accepts (possible alias bomb)".to_string()
        } else {
            "the document exceeds dpalint's parsing limits".to_string()
        };
        (
            Code::YamlLimit,
            format!("{what}: {message}"),
            "inventories never need this much nesting or expansion; remove the repeated aliases or flatten the structure".into(),
        )
    } else if lower.contains("recursion limit") {
        (
            Code::YamlLimit,
            format!("the document nests deeper than {MAX_DEPTH} levels ({message})"),
            "flatten the structure; inventories never nest this deep".into(),
        )
    } else {
        (
            Code::YamlSyntax,
            format!("invalid YAML: {message}"),
            "fix the YAML syntax at the marked position (indentation uses spaces, not tabs; quote values containing `: ` or `#`)".into(),
        )
    }
}

/// Convert a document to JSON for schema validation, reporting duplicate keys
/// (the first occurrence wins, as the error asks the user to remove the other).
pub fn to_json(doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> Value {
    // `path` is the pointer of the node being converted, kept in one buffer
    // (push on the way down, truncate on the way up); it is only read when a
    // duplicate key is reported.
    fn conv(node: &Node, file: FileId, path: &mut String, diags: &mut Vec<Diagnostic>) -> Value {
        match &node.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => Value::Number(n.clone()),
            NodeKind::Str(s) => Value::String(s.clone()),
            NodeKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push('/');
                    push_index(path, i);
                    out.push(conv(item, file, path, diags));
                    path.truncate(len);
                }
                Value::Array(out)
            }
            NodeKind::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (i, entry) in entries.iter().enumerate() {
                    let key = entry.key.key_text();
                    let len = path.len();
                    path.push('/');
                    push_escaped(path, &key);
                    // The map holds exactly the keys seen so far, so it also
                    // answers "seen before?"; the first position is looked up
                    // only for the (rare) duplicate.
                    if map.contains_key(&key) {
                        let first = entries[..i]
                            .iter()
                            .find(|e| e.key.key_text() == key)
                            .map_or(entry.key.span, |e| e.key.span);
                        diags.push(
                            Diagnostic::input(
                                Code::DuplicateKey,
                                file,
                                entry.key.span,
                                format!("duplicate key `{key}`: it is already defined in this mapping"),
                            )
                            .with_pointer(path.clone())
                            .with_label(file, first, format!("`{key}` first defined here"))
                            .with_help("remove one of the two entries (YAML requires unique keys; dpalint keeps the first)"),
                        );
                    } else {
                        let value = conv(&entry.value, file, path, diags);
                        map.insert(key, value);
                    }
                    path.truncate(len);
                }
                Value::Object(map)
            }
        }
    }
    let mut path = String::new();
    conv(&doc.root, doc.file, &mut path, diagnostics)
}

/// Append `i` in decimal without allocating.
fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(path, "{i}");
}

/// Append `token` escaped as an RFC 6901 reference token (`~` -> `~0`, `/` -> `~1`).
fn push_escaped(path: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// Deserialisation target: a [`Node`] built from serde-saphyr's spanned values.
struct RawNode(Node);

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<RawKind>::deserialize(d)?;
        let span = to_span(&spanned.referenced);
        let defined = to_span(&spanned.defined);
        Ok(RawNode(Node {
            kind: spanned.value.0,
            span,
            defined: (defined != span).then_some(defined),
        }))
    }
}

fn to_span(loc: &serde_saphyr::Location) -> Span {
    let s = loc.span();
    match (s.byte_offset(), s.byte_len()) {
        (Some(off), Some(len)) => Span::new(off as usize, (off + len) as usize),
        // Only reader sources lack byte offsets; we always parse strings.
        _ => Span::new(s.offset() as usize, (s.offset() + s.len()) as usize),
    }
}

struct RawKind(NodeKind);

impl<'de> Deserialize<'de> for RawKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor).map(RawKind)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<NodeKind, E> {
        Ok(NodeKind::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<NodeKind, E> {
        Ok(Number::from_f64(v).map_or(NodeKind::Str(v.to_string()), NodeKind::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(RawNode(n)) = seq.next_element()? {
            items.push(n);
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(RawNode(key)) = map.next_key()? {
            let RawNode(value) = map.next_value()?;
            entries.push(Entry { key, value });
        }
        Ok(NodeKind::Map(entries))
    }
}

/// The primary label for a finding located at `at` in `file`, and a second
/// label where the value was defined when it came from an alias or merge key.
pub fn finding_labels(file: FileId, at: Option<&Located>) -> (Label, Vec<Label>) {
    let primary = Label {
        file,
        span: at.map(Located::primary).unwrap_or_default(),
        message: None,
    };
    let defined = at.and_then(|l| l.defined).map(|def| Label {
        file,
        span: def,
        message: Some("value defined here".into()),
    });
    (primary, defined.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn load_str(text: &str) -> (SourceFile, Loaded) {
        let file = SourceFile::new("t.yaml".into(), Arc::from(text));
        let loaded = load(FileId(0), &file);
        (file, loaded)
    }

    fn json(text: &str) -> Value {
        let (_, loaded) = load_str(text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        to_json(&loaded.documents[0], &mut Vec::new())
    }

    #[test]
    fn yaml_1_2_scalars_norway_is_a_string() {
        let v = json("country: NO\nzip: 0123\nn: 1_000\ny: yes\nt: true\nd: 2024-01-01\nf: 1.5\n");
        assert_eq!(v["country"], "NO");
        assert_eq!(v["zip"], "0123");
        assert_eq!(v["n"], "1_000");
        assert_eq!(v["y"], "yes");
        assert_eq!(v["t"], true);
        assert_eq!(v["d"], "2024-01-01");
        assert_eq!(v["f"], 1.5);
    }

    #[test]
    fn lookup_finds_key_and_value_spans() {
        let (file, loaded) = load_str("a:\n  b: [x, \"y\"]\n  c: 3\n");
        let doc = &loaded.documents[0];
        let found = doc.lookup("/a/b/1").unwrap();
        assert_eq!(
            &file.text[found.value.start as usize..found.value.end as usize],
            "\"y\""
        );
        let c = doc.lookup("/a/c").unwrap();
        assert_eq!(
            &file.text[c.key.unwrap().start as usize..c.key.unwrap().end as usize],
            "c"
        );
        assert!(doc.lookup("/a/zzz").is_none());
        let (near, p) = doc.lookup_nearest("/a/zzz/q");
        assert_eq!(p, "/a");
        assert_eq!(
            &file.text[near.primary().start as usize..near.primary().end as usize],
            "a"
        );
    }

    #[test]
    fn aliases_and_merge_keys_remember_their_definition() {
        let (file, loaded) = load_str("base: &b\n  x: 1\nother:\n  <<: *b\n  z: 3\nref: *b\n");
        let doc = &loaded.documents[0];
        let x = doc.lookup("/other/x").unwrap();
        let def = x.defined.expect("merged value has a definition site");
        assert_eq!(file.position(def.start as usize).line, 2);
        let r = doc.lookup("/ref/x").unwrap();
        assert_eq!(file.position(r.value.start as usize).line, 6);
        assert_eq!(file.position(r.defined.unwrap().start as usize).line, 2);
    }

    #[test]
    fn duplicate_keys_report_both_positions() {
        let (file, loaded) = load_str("a: 1\nb: 2\na: 3\n");
        let mut diags = Vec::new();
        let v = to_json(&loaded.documents[0], &mut diags);
        assert_eq!(v["a"], 1, "first occurrence wins");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(file.position(d.primary.span.start as usize).line, 3);
        assert_eq!(file.position(d.labels[0].span.start as usize).line, 1);
    }

    #[test]
    fn multiple_documents() {
        let (_, loaded) = load_str("a: 1\n---\nb: 2\n");
        assert_eq!(loaded.documents.len(), 2);
        assert_eq!(loaded.documents[1].index, 1);
    }

    #[test]
    fn syntax_errors_and_budgets_are_diagnostics() {
        let (file, loaded) = load_str("a: 1\nb: [1,\n");
        assert_eq!(loaded.diagnostics.len(), 1);
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, Code::YamlSyntax.id());
        assert_eq!(file.position(d.primary.span.start as usize).line, 2);

        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 1..12u8 {
            let prev = (b'a' + i - 1) as char;
            let this = (b'a' + i) as char;
            bomb.push_str(&format!(
                "{this}: &{this} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let (_, loaded) = load_str(&bomb);
        assert_eq!(loaded.diagnostics[0].rule, Code::YamlLimit.id());

        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let (_, loaded) = load_str(&deep);
        assert_eq!(loaded.diagnostics[0].rule, Code::YamlLimit.id());
    }
}
