//! Rendering a [`Diff`]: human (terminal), Markdown (a pull-request comment,
//! kept under GitHub's 65,536 characters) and JSON.

use super::{Change, Diff, EntityChanges, Unknown, VendorSummary};
use crate::diagnostic::Severity;
use serde_json::Value;
use std::fmt::Write;

/// The hidden marker the GitHub Action finds its comment by.
pub const MARKER: &str = "<!-- dpalint-diff -->";
/// GitHub's limit on a comment body, in characters.
pub const COMMENT_LIMIT: usize = 65_536;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `scc` -> `SCCs`: a transfer mechanism as people say it.
pub fn mechanism_label(m: &str) -> String {
    match m {
        "scc" => "SCCs".into(),
        "dpf" => "DPF".into(),
        "bcr" => "BCRs".into(),
        "none" => "no transfer tool".into(),
        other => other.replace('_', " "),
    }
}

fn role_label(v: &VendorSummary) -> &str {
    match v.role.as_deref() {
        Some("sub_processor") => "sub-processor",
        Some("processor") => "processor",
        Some("controller") => "controller",
        Some("joint_controller") => "joint controller",
        _ => "vendor",
    }
}

/// The one-line summary: `+1 sub-processor (US, SCCs), 1 finding introduced (error)`.
pub fn headline(diff: &Diff) -> String {
    let mut parts = Vec::new();
    let v = &diff.vendors;
    match v.added.as_slice() {
        [] => {}
        [one] => {
            let mut what = Vec::new();
            what.extend(one.country.as_ref().map(|c| c.code.clone()));
            what.extend(one.mechanism.as_deref().map(mechanism_label));
            let detail = if what.is_empty() {
                String::new()
            } else {
                format!(" ({})", what.join(", "))
            };
            parts.push(format!("+1 {}{detail}", role_label(one)));
        }
        many => parts.push(format!("+{}", plural(many.len(), "vendor", "vendors"))),
    }
    if !v.removed.is_empty() {
        parts.push(format!("−{}", plural(v.removed.len(), "vendor", "vendors")));
    }
    if !v.changed.is_empty() {
        parts.push(format!(
            "{} changed",
            plural(v.changed.len(), "vendor", "vendors")
        ));
    }
    let a = &diff.activities;
    if !a.added.is_empty() {
        parts.push(format!(
            "+{}",
            plural(a.added.len(), "activity", "activities")
        ));
    }
    if !a.removed.is_empty() {
        parts.push(format!(
            "−{}",
            plural(a.removed.len(), "activity", "activities")
        ));
    }
    if !a.changed.is_empty() {
        parts.push(format!(
            "{} changed",
            plural(a.changed.len(), "activity", "activities")
        ));
    }
    if let Some(o) = &diff.organisation {
        parts.push(format!("organisation {}", o.status));
    }
    let unknown = v.unknown.len() + a.unknown.len();
    if unknown > 0 {
        parts.push(format!(
            "{} unknown (unparsed files)",
            plural(unknown, "entity", "entities")
        ));
    }
    let f = &diff.findings;
    if !f.introduced.is_empty() {
        let by: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .filter_map(|s| match f.introduced_at(s) {
                0 => None,
                1 if f.introduced.len() == 1 => Some(s.as_str().to_string()),
                n => Some(format!(
                    "{n} {}{}",
                    s.as_str(),
                    if n == 1 { "" } else { "s" }
                )),
            })
            .collect();
        parts.push(format!(
            "{} introduced ({})",
            plural(f.introduced.len(), "finding", "findings"),
            by.join(", ")
        ));
    }
    if !f.resolved.is_empty() {
        parts.push(format!(
            "{} resolved",
            plural(f.resolved.len(), "finding", "findings")
        ));
    }
    if parts.is_empty() {
        "no change to the inventory or its findings".into()
    } else {
        parts.join(", ")
    }
}

/// A JSON value as written in YAML: strings bare, absent as `(none)`.
pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `field: old → new`, `field: + item`, `field: - item`, with the note.
fn change_text(c: &Change) -> String {
    change_line(c, &c.field)
}

/// The same in Markdown: the field as code.
fn change_md(c: &Change) -> String {
    md_escape(&change_line(c, &format!("`{}`", c.field)))
}

fn change_line(c: &Change, field: &str) -> String {
    let body = match (&c.old, &c.new) {
        (Value::Null, n) if c.item => format!("+ {}", value(n)),
        (o, Value::Null) if c.item => format!("- {}", value(o)),
        (o, n) => format!("{} → {}", value(o), value(n)),
    };
    match &c.note {
        Some(note) => format!("{field}: {body} ({note})"),
        None => format!("{field}: {body}"),
    }
}

fn vendor_text(v: &VendorSummary) -> String {
    let mut s = role_label(v).to_string();
    if let Some(p) = &v.parent {
        let _ = write!(s, " of {p}");
    }
    if let Some(c) = &v.country {
        let _ = write!(s, ", {c}");
    }
    if !v.data_locations.is_empty() {
        let locs: Vec<String> = v.data_locations.iter().map(ToString::to_string).collect();
        let _ = write!(s, ", data in {}", locs.join(", "));
    }
    if let Some(m) = &v.mechanism {
        let _ = write!(s, ", {}", mechanism_label(m));
    }
    s
}

struct Paint(bool);

impl Paint {
    fn p(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: &str) -> String {
        let code = match s {
            "error" => "1;31",
            "warning" => "1;33",
            _ => "1;36",
        };
        self.p(code, s)
    }
}

fn human_unknown(out: &mut String, p: &Paint, u: &Unknown) {
    let _ = writeln!(
        out,
        "  {} {}  unknown: {} ({})",
        p.p("35", "?"),
        u.id,
        u.reason,
        u.at
    );
}

fn human_entities<S>(
    out: &mut String,
    p: &Paint,
    title: &str,
    e: &EntityChanges<S>,
    line: &dyn Fn(&S) -> (String, String, String),
) {
    if e.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", p.p("1", title));
    for s in &e.added {
        let (id, text, at) = line(s);
        let _ = writeln!(out, "  {} {}  {text}  {at}", p.p("32", "+"), p.p("1", &id));
    }
    for s in &e.removed {
        let (id, text, at) = line(s);
        let _ = writeln!(
            out,
            "  {} {}  {text}  (was at {at})",
            p.p("31", "-"),
            p.p("1", &id)
        );
    }
    for c in &e.changed {
        let _ = writeln!(out, "  {} {}  {}", p.p("33", "~"), p.p("1", &c.id), c.at);
        for change in &c.changes {
            let _ = writeln!(out, "      {}", change_text(change));
        }
    }
    for u in &e.unknown {
        human_unknown(out, p, u);
    }
}

/// The terminal rendering.
pub fn human(diff: &Diff, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} → {} (as of {})\n",
        p.p("1", "dpalint diff:"),
        diff.base.label,
        diff.head.label,
        diff.as_of
    );
    for (side, info) in [("BASE", &diff.base), ("HEAD", &diff.head)] {
        for u in &info.unparsed {
            let _ = writeln!(
                out,
                "{}[{}]: {}:{}: {} (could not be parsed at {side}; its entities are unknown there)",
                p.severity("error"),
                u.rule,
                u.file,
                u.line,
                u.message
            );
        }
    }
    if !diff.base.unparsed.is_empty() || !diff.head.unparsed.is_empty() {
        out.push('\n');
    }
    human_entities(&mut out, &p, "vendors", &diff.vendors, &|v| {
        (v.id.clone(), vendor_text(v), v.at.to_string())
    });
    human_entities(&mut out, &p, "activities", &diff.activities, &|a| {
        let mut text = a.name.clone().unwrap_or_default();
        if !a.special_categories.is_empty() {
            let _ = write!(text, " [special: {}]", a.special_categories.join(", "));
        }
        if !a.recipients.is_empty() {
            let _ = write!(text, " → {}", a.recipients.join(", "));
        }
        (a.id.clone(), text, a.at.to_string())
    });
    for r in &diff.renames {
        let _ = writeln!(
            out,
            "  {}: did you rename {} `{}` to `{}`? ({} other field(s) differ)",
            p.p("1;36", "hint"),
            r.kind,
            r.from,
            r.to,
            r.differences
        );
    }
    if let Some(o) = &diff.organisation {
        let _ = writeln!(out, "{} ({})", p.p("1", "organisation"), o.status);
        for c in &o.changes {
            let _ = writeln!(out, "      {}", change_text(c));
        }
    }
    for (title, list, side) in [
        ("findings introduced", &diff.findings.introduced, ""),
        ("findings resolved", &diff.findings.resolved, " (at BASE)"),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} ({})", p.p("1", title), list.len());
        for f in list {
            let _ = writeln!(
                out,
                "  {}[{}]: {}\n    --> {}:{}:{}{side}",
                p.severity(&f.severity),
                f.rule,
                f.message,
                f.file,
                f.line,
                f.column
            );
        }
    }
    if !diff.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "dpalint: {}", headline(diff));
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn md_entities<S>(
    out: &mut Vec<String>,
    title: &str,
    e: &EntityChanges<S>,
    cap: usize,
    line: &dyn Fn(&S) -> (String, String, String),
) {
    if e.is_empty() {
        return;
    }
    out.push(format!("\n#### {title}\n"));
    let mut items: Vec<String> = Vec::new();
    for s in &e.added {
        let (id, text, at) = line(s);
        items.push(format!(
            "- ➕ **added** `{id}`: {} (`{at}`)",
            md_escape(&text)
        ));
    }
    for s in &e.removed {
        let (id, text, at) = line(s);
        items.push(format!(
            "- ➖ **removed** `{id}`: {} (was `{at}`)",
            md_escape(&text)
        ));
    }
    for c in &e.changed {
        let mut item = format!("- ✏️ **changed** `{}` (`{}`)", c.id, c.at);
        for change in c.changes.iter().take(cap) {
            let _ = write!(item, "\n  - {}", change_md(change));
        }
        if c.changes.len() > cap {
            let _ = write!(item, "\n  - … and {} more field(s)", c.changes.len() - cap);
        }
        items.push(item);
    }
    for u in &e.unknown {
        items.push(format!(
            "- ❔ **unknown** `{}`: {} (`{}`)",
            u.id,
            md_escape(&u.reason),
            u.at
        ));
    }
    let total = items.len();
    out.extend(items.into_iter().take(cap));
    if total > cap {
        out.push(format!(
            "- … and {} more; run `dpalint diff` for the full list",
            total - cap
        ));
    }
}

fn markdown_with_cap(diff: &Diff, cap: usize) -> String {
    let mut out = vec![
        MARKER.to_string(),
        format!("### dpalint: {}\n", headline(diff)),
        format!(
            "Comparing **{}** → **{}**, as of {}.",
            md_escape(&diff.base.label),
            md_escape(&diff.head.label),
            diff.as_of
        ),
    ];
    for (side, info) in [("BASE", &diff.base), ("HEAD", &diff.head)] {
        for u in info.unparsed.iter().take(cap) {
            out.push(format!(
                "\n> [!WARNING]\n> `{}:{}` could not be parsed at {side} ({}: {}); its entities are unknown there.",
                u.file,
                u.line,
                u.rule,
                md_escape(&u.message)
            ));
        }
    }
    md_entities(&mut out, "Vendors", &diff.vendors, cap, &|v| {
        (v.id.clone(), vendor_text(v), v.at.to_string())
    });
    md_entities(&mut out, "Activities", &diff.activities, cap, &|a| {
        let mut text = a.name.clone().unwrap_or_default();
        if !a.special_categories.is_empty() {
            let _ = write!(
                text,
                "; special categories: {}",
                a.special_categories.join(", ")
            );
        }
        if !a.recipients.is_empty() {
            let _ = write!(text, "; recipients: {}", a.recipients.join(", "));
        }
        (a.id.clone(), text, a.at.to_string())
    });
    if !diff.renames.is_empty() {
        out.push(String::new());
        for r in diff.renames.iter().take(cap) {
            out.push(format!(
                "> 💡 did you rename {} `{}` to `{}`? ({} other field(s) differ)",
                r.kind, r.from, r.to, r.differences
            ));
        }
    }
    if let Some(o) = &diff.organisation {
        out.push(format!("\n#### Organisation ({})\n", o.status));
        for c in o.changes.iter().take(cap) {
            out.push(format!("- {}", change_md(c)));
        }
        if o.changes.len() > cap {
            out.push(format!("- … and {} more field(s)", o.changes.len() - cap));
        }
    }
    for (title, list, side) in [
        ("Findings introduced", &diff.findings.introduced, "HEAD"),
        ("Findings resolved", &diff.findings.resolved, "BASE"),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push(format!("\n#### {title} ({})\n", list.len()));
        out.push(format!("| Severity | Rule | Where ({side}) | Message |"));
        out.push("|---|---|---|---|".into());
        for f in list.iter().take(cap) {
            out.push(format!(
                "| {} | {} | `{}:{}` | {} |",
                f.severity,
                f.rule,
                f.file,
                f.line,
                md_escape(&f.message)
            ));
        }
        if list.len() > cap {
            out.push(format!(
                "\n… and {} more; run `dpalint diff` for the full list.",
                list.len() - cap
            ));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The pull-request comment: the hidden marker, a headline, then sections.
/// Long lists are cut (saying how many were left out) until the comment fits
/// GitHub's limit.
pub fn markdown(diff: &Diff) -> String {
    let mut cap = 200;
    loop {
        let text = markdown_with_cap(diff, cap);
        if text.chars().count() < COMMENT_LIMIT || cap <= 1 {
            return text;
        }
        cap /= 2;
    }
}

/// `--format json`, described by `schemas/dpalint-diff.schema.json`.
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{
        At, EntityChanges, SideInfo, findings::FindingChanges, findings::FindingEntry,
    };

    fn side(label: &str) -> SideInfo {
        SideInfo {
            label: label.into(),
            files: 1,
            unparsed: Vec::new(),
        }
    }

    fn vendor(i: usize) -> VendorSummary {
        VendorSummary {
            id: format!("vendor-{i:05}"),
            name: Some(format!(
                "Vendor number {i} with a long legal name GmbH & Co. KG"
            )),
            role: Some("sub_processor".into()),
            parent: Some("hosting".into()),
            country: None,
            data_locations: Vec::new(),
            mechanism: Some("scc".into()),
            at: At {
                file: format!("privacy/vendors/vendor-{i:05}.yaml"),
                line: 3,
            },
        }
    }

    fn huge() -> Diff {
        let finding = |i: usize| FindingEntry {
            rule: "DPA029".into(),
            name: "transfer-without-mechanism".into(),
            severity: "error".into(),
            message: format!(
                "'vendor-{i:05}' (US) is not covered by an adequacy decision | pipes escaped"
            ),
            entity: Some(format!("vendor-{i:05}")),
            file: format!("privacy/vendors/vendor-{i:05}.yaml"),
            line: 12,
            column: 7,
            fingerprint: format!("{i:016x}"),
        };
        Diff {
            version: 1,
            as_of: "2026-11-21".into(),
            base: side("main"),
            head: side("working tree"),
            organisation: None,
            vendors: EntityChanges {
                added: (0..5000).map(vendor).collect(),
                ..EntityChanges::default()
            },
            activities: EntityChanges::default(),
            renames: Vec::new(),
            findings: FindingChanges {
                introduced: (0..5000).map(finding).collect(),
                resolved: Vec::new(),
            },
        }
    }

    #[test]
    fn markdown_stays_under_the_comment_limit_and_says_what_was_left_out() {
        let diff = huge();
        let text = markdown(&diff);
        assert!(text.chars().count() < COMMENT_LIMIT, "{}", text.len());
        assert!(text.starts_with("<!-- dpalint-diff -->\n### dpalint: +5000 vendors, 5000 findings introduced (5000 errors)\n"));
        assert!(text.contains("more; run `dpalint diff` for the full list"));
        assert!(
            text.contains("\\| pipes escaped"),
            "table cells are escaped"
        );
    }

    #[test]
    fn small_diffs_are_not_cut() {
        let mut diff = huge();
        diff.vendors.added.truncate(3);
        diff.findings.introduced.truncate(3);
        let text = markdown(&diff);
        assert!(!text.contains("more; run"));
        assert_eq!(text.matches("**added**").count(), 3);
    }

    #[test]
    fn headline_of_nothing() {
        let mut diff = huge();
        diff.vendors.added.clear();
        diff.findings.introduced.clear();
        assert_eq!(
            headline(&diff),
            "no change to the inventory or its findings"
        );
    }
}
