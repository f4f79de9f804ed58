//! The transfer map drawn: a Mermaid flowchart (GitHub renders it in
//! Markdown files and PR comments) and a Graphviz digraph.
//!
//! Nodes are numbered (`n0` is the organisation), so no id or name from the
//! inventory ever becomes diagram syntax; every label is escaped. Nodes are
//! grouped in boxes per processor (a processor and its sub-processor chain)
//! or per country of establishment (`--group-by`); a group of one node is
//! drawn without a box. Alert edges are thick and red, their target nodes
//! red. Edge labels name the mechanism (or the status when none is recorded)
//! and the ids of the vendor's findings.

use super::Context;
use super::places::Zone;
use super::transfers::{Edge, Node, TransferMap};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Groups of node indices (first appearance order) with their labels.
fn groups(map: &TransferMap) -> Vec<(String, Vec<usize>)> {
    let names: HashMap<&str, &str> = map
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in map.nodes.iter().enumerate() {
        let Some(g) = &n.group else { continue };
        let slot = *index.entry(g.as_str()).or_insert_with(|| {
            let label = match map.group_by {
                "processor" => names
                    .get(g.as_str())
                    .map_or(g.clone(), |s| (*s).to_string()),
                _ => g.clone(),
            };
            out.push((label, Vec::new()));
            out.len() - 1
        });
        out[slot].1.push(i);
    }
    out
}

fn node_text(n: &Node) -> (String, String) {
    let places = n
        .places
        .iter()
        .map(|p| match p.zone {
            Zone::Third | Zone::AdequatePartial | Zone::Unknown => format!("{}!", p.code),
            _ => p.code.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    (n.name.clone(), places)
}

fn edge_text(e: &Edge, cx: &Context<'_>) -> String {
    let mut s = e
        .mechanism
        .clone()
        .unwrap_or_else(|| cx.label(e.status.key()).to_string());
    if !e.findings.is_empty() {
        let mut ids: Vec<&str> = e.findings.iter().map(|f| f.rule.as_str()).collect();
        ids.dedup();
        let shown = ids.len().min(3);
        s.push_str(" · ");
        s.push_str(&ids[..shown].join(" "));
        if ids.len() > shown {
            let _ = write!(s, " +{}", ids.len() - shown);
        }
    }
    if e.alert {
        s.insert_str(0, "⚠ ");
    }
    s
}

/// Mermaid flowchart text (no fence).
pub fn mermaid(map: &TransferMap, cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::new();
    let a = &map.about;
    let _ = writeln!(
        out,
        "%% {} · {} {} · {} {} {} · {} {}",
        mm_comment(cx.label("title.transfers")),
        mm_comment(cx.label("about.as_of")),
        a.as_of,
        mm_comment(cx.label("about.tool")),
        a.tool.name,
        a.tool.version,
        mm_comment(cx.label("about.reference")),
        a.reference_data_as_of
    );
    out.push_str("flowchart LR\n");
    let index: HashMap<&str, usize> = map
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let node_line = |out: &mut String, i: usize, indent: &str| {
        let (name, places) = node_text(&map.nodes[i]);
        let label = if places.is_empty() {
            mm(&name)
        } else {
            format!("{}<br/>{}", mm(&name), mm(&places))
        };
        let _ = writeln!(out, "{indent}n{i}[\"{label}\"]");
    };
    node_line(&mut out, 0, "  ");
    let mut grouped = vec![false; map.nodes.len()];
    for (g, (label, members)) in groups(map).iter().enumerate() {
        if members.len() < 2 {
            continue;
        }
        let _ = writeln!(out, "  subgraph g{g}[\"{}\"]", mm(label));
        for &i in members {
            node_line(&mut out, i, "    ");
            grouped[i] = true;
        }
        out.push_str("  end\n");
    }
    for (i, _) in grouped.iter().enumerate().skip(1).filter(|(_, g)| !**g) {
        node_line(&mut out, i, "  ");
    }
    let mut alerts = Vec::new();
    let mut alert_nodes = Vec::new();
    // Mermaid numbers links in the order they are drawn: count drawn ones.
    let mut drawn = 0usize;
    for e in &map.edges {
        let (Some(&f), Some(&t)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        let arrow = if e.alert { "==>" } else { "-->" };
        let _ = writeln!(out, "  n{f} {arrow}|\"{}\"| n{t}", mm(&edge_text(e, cx)));
        let k = drawn;
        drawn += 1;
        if e.alert {
            alerts.push(k.to_string());
            alert_nodes.push(format!("n{t}"));
        }
    }
    out.push_str("  classDef org fill:#eef2ff,stroke:#4f46e5\n");
    out.push_str("  classDef alert fill:#fdecea,stroke:#c0392b,stroke-width:2px\n");
    out.push_str("  class n0 org\n");
    if !alerts.is_empty() {
        let _ = writeln!(out, "  class {} alert", alert_nodes.join(","));
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#c0392b,stroke-width:3px",
            alerts.join(",")
        );
    }
    out.into_bytes()
}

/// Text inside a quoted Mermaid label: quotes, markup and entity starts as
/// Mermaid's entity codes, line breaks as spaces.
fn mm(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => s.push_str("#35;"),
            '"' => s.push_str("#quot;"),
            '<' => s.push_str("#lt;"),
            '>' => s.push_str("#gt;"),
            '&' => s.push_str("#amp;"),
            '`' => s.push_str("#96;"),
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

/// A Mermaid comment keeps to one line.
fn mm_comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Graphviz DOT text.
pub fn dot(map: &TransferMap, cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::new();
    let a = &map.about;
    let title = format!(
        "{} · {} {} · {} {} {} · {} {}",
        cx.label("title.transfers"),
        cx.label("about.as_of"),
        a.as_of,
        cx.label("about.tool"),
        a.tool.name,
        a.tool.version,
        cx.label("about.reference"),
        a.reference_data_as_of
    );
    out.push_str("digraph transfers {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\"{}\"];",
        dq(&title)
    );
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let index: HashMap<&str, usize> = map
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut alert_target = vec![false; map.nodes.len()];
    for e in map.edges.iter().filter(|e| e.alert) {
        if let Some(&t) = index.get(e.to.as_str()) {
            alert_target[t] = true;
        }
    }
    let node_line = |out: &mut String, i: usize, indent: &str| {
        let (name, places) = node_text(&map.nodes[i]);
        let label = if places.is_empty() {
            dq(&name)
        } else {
            format!("{}\\n{}", dq(&name), dq(&places))
        };
        let fill = if i == 0 {
            ", fillcolor=\"#eef2ff\""
        } else if alert_target[i] {
            ", fillcolor=\"#fdecea\", color=\"#c0392b\""
        } else {
            ""
        };
        let _ = writeln!(out, "{indent}n{i} [label=\"{label}\"{fill}];");
    };
    node_line(&mut out, 0, "  ");
    let mut grouped = vec![false; map.nodes.len()];
    for (g, (label, members)) in groups(map).iter().enumerate() {
        if members.len() < 2 {
            continue;
        }
        let _ = writeln!(
            out,
            "  subgraph cluster_{g} {{\n    label=\"{}\";\n    style=rounded; color=\"#d0d7de\";",
            dq(label)
        );
        for &i in members {
            node_line(&mut out, i, "    ");
            grouped[i] = true;
        }
        out.push_str("  }\n");
    }
    for (i, _) in grouped.iter().enumerate().skip(1).filter(|(_, g)| !**g) {
        node_line(&mut out, i, "  ");
    }
    for e in &map.edges {
        let (Some(&f), Some(&t)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        let style = if e.alert {
            ", color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=2.5"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  n{f} -> n{t} [label=\"{}\"{style}];",
            dq(&edge_text(e, cx))
        );
    }
    out.push_str("}\n");
    out.into_bytes()
}

/// Text inside a DOT double-quoted string (escString): backslashes and
/// quotes escaped, line breaks as spaces.
fn dq(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(
            mm("A\"]; click n0 \"x\"\n#1 <b>"),
            "A#quot;]; click n0 #quot;x#quot; #35;1 #lt;b#gt;"
        );
        assert_eq!(dq("a\\\"b\nc"), "a\\\\\\\"b c");
    }
}
