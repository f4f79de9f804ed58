//! `dpalint report subprocessors`: the public sub-processor list of an
//! organisation acting as processor, and the feed of its changes
//! ([`super::atom`]), for the customers the organisation serves.
//!
//! This report is published, so it is built from an allow-list: the vendor's
//! legal name, country, data locations, transfer mechanism, its dates
//! (`engaged_from`, `announced_on`, `engaged_until`) and its `publish` block,
//! plus the sub-processor promise of `organisation.commitments` (notice days,
//! objection window, channels, list URL) that customers already hold in their
//! DPA. Nothing else of the inventory is ever read here: not `notes`, not
//! `purpose`, not DPA terms, not file paths or input error messages (the
//! provenance says only whether input errors left something out).
//!
//! Which vendors: processors and sub-processors with a `publish` block
//! (unless `listed: false`), and without one those that serve customers
//! (`commitments.activities`, see [`serves_customers`]). A vendor becomes public on its `announced_on`
//! (else its `engaged_from`); one past its `engaged_until` is no longer
//! listed and its removal is a feed entry. Every date is compared with the
//! evaluation date, never with the clock.

use super::html::esc;
use super::places::{mechanism_text, vendor_name};
use super::table::md;
use super::{Context, Format, Tool, to_json};
use crate::model::{Commitments, Date, NoticeChannel, PublishedChangeKind, Vendor};
use crate::rules::commitments::serves_customers;
use crate::rules::predicates::resolve_country;
use serde::Serialize;
use std::fmt::Write as _;

/// The public list.
#[derive(Serialize)]
pub struct List {
    pub version: u32,
    pub about: PublicAbout,
    pub promise: Promise,
    /// Current and announced sub-processors, by legal name.
    pub subprocessors: Vec<Entry>,
    /// Announced additions, removals and changes, newest first (the feed).
    pub changes: Vec<Change>,
}

/// Provenance that is safe to publish: no paths, no error messages.
#[derive(Serialize)]
pub struct PublicAbout {
    pub report: &'static str,
    pub tool: Tool,
    pub as_of: Date,
    pub organisation: Option<String>,
    /// Input errors left vendors or files out (`dpalint check` shows them).
    pub incomplete: bool,
}

/// What customers are promised about sub-processor changes (their own DPA).
#[derive(Serialize)]
pub struct Promise {
    pub notice_days: Option<u64>,
    pub objection_window_days: Option<u64>,
    pub channels: Vec<NoticeChannel>,
    pub list_url: Option<String>,
}

/// Where a sub-processor stands on the evaluation date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Processing customer data.
    Active,
    /// Announced, starts on `engaged_from`.
    Planned,
    /// Processing, with an announced last day (`engaged_until`).
    Ending,
}

/// One published sub-processor.
#[derive(Serialize)]
pub struct Entry {
    pub id: String,
    pub legal_name: String,
    pub service: Option<String>,
    pub data_categories: Vec<String>,
    /// Country of establishment (ISO code).
    pub country: Option<String>,
    /// Where customer data are stored or accessed (ISO codes, EEA, EU).
    pub data_locations: Vec<String>,
    pub transfer_mechanism: Option<String>,
    pub engaged_from: Option<Date>,
    pub announced_on: Option<Date>,
    pub engaged_until: Option<Date>,
    pub status: Status,
}

/// What a feed entry announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Location,
    Service,
    Other,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Location => "location",
            ChangeKind::Service => "service",
            ChangeKind::Other => "other",
        }
    }
}

/// One announced change (an Atom entry).
#[derive(Serialize)]
pub struct Change {
    /// Stable and unique: `urn:dpalint:subprocessors:<org>:<vendor>:<kind>:<date>`.
    pub id: String,
    pub kind: ChangeKind,
    pub subprocessor: String,
    pub legal_name: String,
    /// When customers were told (the feed's `published` and `updated`).
    pub announced_on: Date,
    /// When it takes effect, if recorded.
    pub effective: Option<Date>,
    /// The public wording.
    pub summary: String,
}

/// Build the list.
pub fn build(cx: &Context<'_>) -> List {
    let inv = cx.project.inventory();
    let as_of = cx.as_of();
    let org = inv.organisation.as_ref();
    let none = Commitments::default();
    let c = org.and_then(|o| o.commitments.as_ref()).unwrap_or(&none);
    let org_name = org.and_then(|o| o.name.clone());
    let slug = slug(org_name.as_deref().unwrap_or(""));
    let mut entries = Vec::new();
    let mut changes = Vec::new();
    for v in inv.vendors.iter().map(|v| &**v) {
        // A `publish` block marks a vendor public (a former one too, whose
        // activities no longer name it); without one, the customer scope decides.
        let listed = match &v.publish {
            Some(p) => p.listed && v.is_processor_like(),
            None => serves_customers(inv, c, v),
        };
        if !listed {
            continue;
        }
        changes.extend(vendor_changes(cx, v, &slug));
        // Public from the announcement (else the start); gone after the end.
        let public_from = v.announced_on.or(v.engaged_from);
        if public_from.is_some_and(|d| d > as_of) || v.engaged_until.is_some_and(|d| d < as_of) {
            continue;
        }
        entries.push(entry(cx, v));
    }
    entries.sort_by(|a, b| {
        (a.legal_name.to_lowercase(), &a.id).cmp(&(b.legal_name.to_lowercase(), &b.id))
    });
    changes.sort_by(|a, b| {
        (b.announced_on, &a.subprocessor, a.kind).cmp(&(a.announced_on, &b.subprocessor, b.kind))
    });
    List {
        version: 1,
        about: PublicAbout {
            report: "subprocessors",
            tool: Tool {
                name: "dpalint",
                version: env!("CARGO_PKG_VERSION"),
            },
            as_of,
            organisation: org_name,
            incomplete: !super::left_out(cx.project).is_empty(),
        },
        promise: Promise {
            notice_days: c.subprocessors.notice_days,
            objection_window_days: c.subprocessors.objection_window_days,
            channels: c.subprocessors.channels.clone(),
            list_url: c.subprocessors.list_url.clone(),
        },
        subprocessors: entries,
        changes,
    }
}

/// A written country or location as a code (`aws:eu-central-1` -> `DE`).
fn code(cx: &Context<'_>, value: &str) -> String {
    resolve_country(cx.reference, value).unwrap_or_else(|| value.trim().to_string())
}

fn locations(cx: &Context<'_>, v: &Vendor) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in &v.data_locations {
        let c = code(cx, l);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn entry(cx: &Context<'_>, v: &Vendor) -> Entry {
    let as_of = cx.as_of();
    let publish = v.publish.clone().unwrap_or_default();
    let status = if v.engaged_from.is_some_and(|d| d > as_of) {
        Status::Planned
    } else if v.engaged_until.is_some() {
        Status::Ending
    } else {
        Status::Active
    };
    Entry {
        id: v.id.clone(),
        legal_name: vendor_name(v).to_string(),
        service: publish.service,
        data_categories: publish.data_categories,
        country: v.country.as_deref().map(|c| code(cx, c)),
        data_locations: locations(cx, v),
        transfer_mechanism: mechanism_text(v),
        engaged_from: v.engaged_from,
        announced_on: v.announced_on,
        engaged_until: v.engaged_until,
        status,
    }
}

/// The feed entries of one vendor announced by the evaluation date: its
/// addition, its `publish.changes`, and its removal (an announced `removal`
/// change, else `engaged_until`).
fn vendor_changes(cx: &Context<'_>, v: &Vendor, org: &str) -> Vec<Change> {
    let as_of = cx.as_of();
    let name = vendor_name(v).to_string();
    let publish = v.publish.clone().unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |kind: ChangeKind, date: Date, effective: Option<Date>, summary: String| {
        if date <= as_of {
            out.push(Change {
                id: format!(
                    "urn:dpalint:subprocessors:{org}:{}:{}:{date}",
                    v.id,
                    kind.name()
                ),
                kind,
                subprocessor: v.id.clone(),
                legal_name: name.clone(),
                announced_on: date,
                effective,
                summary,
            });
        }
    };
    if let Some(date) = v.announced_on.or(v.engaged_from) {
        let mut s = format!("{} {}", name, cx.label("sub.added"));
        if let Some(service) = &publish.service {
            let _ = write!(s, ": {service}");
        }
        if let Some(from) = v.engaged_from {
            let _ = write!(s, "; {} {from}", cx.label("sub.from"));
        }
        let places = locations(cx, v);
        if !places.is_empty() {
            let _ = write!(s, "; {}: {}", cx.label("sub.locations"), places.join(", "));
        }
        if let Some(m) = mechanism_text(v) {
            let _ = write!(s, "; {}: {m}", cx.label("sub.mechanism"));
        }
        s.push('.');
        push(ChangeKind::Added, date, v.engaged_from, s);
    }
    let mut removal_announced = false;
    for ch in &publish.changes {
        let (Some(kind), Some(date)) = (ch.kind, ch.announced_on) else {
            continue;
        };
        let kind = match kind {
            PublishedChangeKind::Location => ChangeKind::Location,
            PublishedChangeKind::Service => ChangeKind::Service,
            PublishedChangeKind::Removal => ChangeKind::Removed,
            PublishedChangeKind::Other => ChangeKind::Other,
        };
        removal_announced |= kind == ChangeKind::Removed;
        let effective = ch.effective.or(if kind == ChangeKind::Removed {
            v.engaged_until
        } else {
            None
        });
        let summary = ch.summary.clone().unwrap_or_else(|| {
            let mut s = format!(
                "{name}: {}",
                cx.label(&format!("sub.change.{}", kind.name()))
            );
            if let Some(e) = effective {
                let _ = write!(s, " ({} {e})", cx.label("sub.from"));
            }
            s.push('.');
            s
        });
        push(kind, date, effective, summary);
    }
    if !removal_announced && let Some(until) = v.engaged_until {
        let s = format!("{name} {} {until}.", cx.label("sub.removed"));
        push(ChangeKind::Removed, until, Some(until), s);
    }
    out
}

/// The organisation's name as a URN segment: ASCII letters and digits,
/// anything else one `-` (`Slotwise B.V.` -> `slotwise-b-v`).
pub(super) fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "organisation".into()
    } else {
        s
    }
}

/// Render the list in `format`.
pub fn render(list: &List, format: Format, cx: &Context<'_>) -> Result<Vec<u8>, String> {
    match format {
        Format::Json => to_json(list),
        Format::Markdown => Ok(markdown(list, cx).into_bytes()),
        Format::Html => Ok(html(list, cx).into_bytes()),
        Format::Atom => Ok(super::atom::write(list, cx)),
        other => Err(format!("`{}` is not a format of this report", other.name())),
    }
}

/// The title: "Sub-processors of <organisation>".
pub fn title(list: &List, cx: &Context<'_>) -> String {
    match &list.about.organisation {
        Some(o) => format!("{} {o}", cx.label("sub.title_of")),
        None => cx.label("title.subprocessors").to_string(),
    }
}

/// The promise in one sentence, or nothing when none is recorded.
fn promise_text(p: &Promise, cx: &Context<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(d) = p.notice_days {
        let mut s = format!(
            "{} {d} {}",
            cx.label("sub.notice"),
            cx.label("sub.days_before")
        );
        if !p.channels.is_empty() {
            let ch: Vec<&str> = p.channels.iter().map(|c| c.as_str()).collect();
            let _ = write!(s, " ({})", ch.join(", ").replace('_', "-"));
        }
        parts.push(s);
    }
    if let Some(d) = p.objection_window_days {
        parts.push(format!(
            "{} {d} {}",
            cx.label("sub.objection"),
            cx.label("sub.days")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}.", parts.join(", "))
    }
}

/// The cells of one sub-processor row, in column order.
fn cells(e: &Entry, cx: &Context<'_>) -> [String; 8] {
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut places = e.country.iter().cloned().collect::<Vec<_>>().join(", ");
    if !e.data_locations.is_empty() {
        let _ = write!(
            places,
            "{}{}: {}",
            if places.is_empty() { "" } else { "; " },
            cx.label("sub.data"),
            e.data_locations.join(", ")
        );
    }
    [
        e.legal_name.clone(),
        e.service.clone().unwrap_or_default(),
        e.data_categories.join(", "),
        places,
        e.transfer_mechanism.clone().unwrap_or_default(),
        date(e.engaged_from),
        date(e.announced_on),
        cx.label(&format!("sub.status.{}", status_name(e.status)))
            .to_string(),
    ]
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Planned => "planned",
        Status::Ending => "ending",
    }
}

const COLUMNS: [&str; 8] = [
    "sub.col.name",
    "sub.col.service",
    "sub.col.data",
    "sub.col.places",
    "sub.col.mechanism",
    "sub.col.from",
    "sub.col.announced",
    "sub.col.status",
];

fn footer(list: &List, cx: &Context<'_>) -> String {
    let mut s = format!(
        "{} {} · {} {} {}",
        cx.label("about.as_of"),
        list.about.as_of,
        cx.label("about.tool"),
        list.about.tool.name,
        list.about.tool.version
    );
    if list.about.incomplete {
        let _ = write!(s, " · {}", cx.label("sub.incomplete"));
    }
    s
}

fn markdown(list: &List, cx: &Context<'_>) -> String {
    let mut out = format!("# {}\n\n", md(&title(list, cx)));
    let promise = promise_text(&list.promise, cx);
    if !promise.is_empty() {
        let _ = writeln!(out, "{}\n", md(&promise));
    }
    if let Some(url) = &list.promise.list_url {
        let _ = writeln!(out, "{}: <{}>\n", md(cx.label("sub.published_at")), md(url));
    }
    if list.subprocessors.is_empty() {
        let _ = writeln!(out, "_{}_", md(cx.label("table.empty")));
    } else {
        out.push('|');
        for c in COLUMNS {
            let _ = write!(out, " {} |", md(cx.label(c)));
        }
        out.push_str("\n|");
        out.push_str(&" --- |".repeat(COLUMNS.len()));
        out.push('\n');
        for e in &list.subprocessors {
            out.push('|');
            for cell in cells(e, cx) {
                let _ = write!(out, " {} |", md(&cell));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\n## {}\n", md(cx.label("sub.changes")));
    if list.changes.is_empty() {
        let _ = writeln!(out, "_{}_", md(cx.label("table.empty")));
    }
    for ch in &list.changes {
        let _ = writeln!(out, "- **{}** {}", ch.announced_on, md(&ch.summary));
    }
    let _ = writeln!(out, "\n---\n\n_{}_", md(&footer(list, cx)));
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; --line: #d0d7de; --muted: #57606a; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1f2328; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin-top: 28px; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); unicode-bidi: plaintext; }
th { background: #f6f8fa; font-weight: 600; }
tr.planned td { background: #fff8c5; }
time { white-space: nowrap; }
.empty, footer { color: var(--muted); }
footer { margin-top: 24px; font-size: 12px; }
@media print { body { margin: 0; font-size: 9pt; } .scroll { overflow: visible; border: 0; } tr { break-inside: avoid; } }
"#;

fn html(list: &List, cx: &Context<'_>) -> String {
    let title = esc(&title(list, cx));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"dpalint {}\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        esc(cx.options.labels.lang()),
        esc(list.about.tool.version),
    );
    let promise = promise_text(&list.promise, cx);
    if !promise.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&promise));
    }
    if list.subprocessors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">{}</p>",
            esc(cx.label("table.empty"))
        );
    } else {
        out.push_str("<div class=\"scroll\">\n<table>\n<thead><tr>");
        for c in COLUMNS {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(cx.label(c)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for e in &list.subprocessors {
            let class = if e.status == Status::Planned {
                " class=\"planned\""
            } else {
                ""
            };
            let _ = write!(out, "<tr id=\"{}\"{class}>", esc(&e.id));
            for cell in cells(e, cx) {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    let _ = writeln!(out, "<h2>{}</h2>", esc(cx.label("sub.changes")));
    if list.changes.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">{}</p>",
            esc(cx.label("table.empty"))
        );
    } else {
        out.push_str("<ul>\n");
        for ch in &list.changes {
            let _ = writeln!(
                out,
                "<li id=\"{}-{}-{}\"><time datetime=\"{d}\">{d}</time> {}</li>",
                esc(&ch.subprocessor),
                ch.kind.name(),
                ch.announced_on,
                esc(&ch.summary),
                d = ch.announced_on
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(
        out,
        "<footer>{}</footer>\n</body>\n</html>\n",
        esc(&footer(list, cx))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Slotwise B.V."), "slotwise-b-v");
        assert_eq!(slug("  Ünïcode — Ltd "), "n-code-ltd");
        assert_eq!(slug(""), "organisation");
        assert_eq!(slug("***"), "organisation");
    }
}
