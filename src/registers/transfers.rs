//! `dpalint report transfers`: the transfer map. Nodes are the organisation
//! and every vendor, with its country and data locations and where each
//! stands on the evaluation date; edges run from the organisation to each
//! vendor without a parent and from a processor to each of its
//! sub-processors, each with the recorded mechanism, a status and the
//! findings of the vendor it leads to (`check::check` with the project's
//! rule selection). Edges into a third country without a mechanism, and
//! edges whose vendor has transfer findings, are marked as alerts.

use super::places::{self, Place, Zone, vendor_name};
use super::table::{self, Document, Row, Table};
use super::{About, Context, Format, GroupBy, Kind, SourceRef};
use crate::check::{self, RuleArgs};
use crate::diagnostic::Severity;
use crate::inventory::Inventory;
use crate::model::Vendor;
use crate::rules::{self, Category};
use serde::Serialize;
use std::collections::HashMap;

/// The map.
#[derive(Serialize)]
pub struct TransferMap {
    pub version: u32,
    pub about: About,
    pub group_by: &'static str,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Serialize)]
pub struct Node {
    /// `organisation` or the vendor id.
    pub id: String,
    pub name: String,
    /// `organisation`, or the vendor's role.
    pub role: String,
    pub country: Option<String>,
    pub places: Vec<Place>,
    /// The group the node is drawn in (`--group-by`); `None` for the organisation.
    pub group: Option<String>,
    pub source: Option<SourceRef>,
}

/// How an edge's transfer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every location is in the EEA.
    Eea,
    /// Every location is in the EEA or a fully adequate country.
    Adequate,
    /// A location needs a transfer tool and the vendor records one.
    Safeguarded,
    /// A location needs a transfer tool; a processor above records one (onward transfer).
    Onward,
    /// A location needs a transfer tool and none is recorded on the chain.
    Missing,
    /// No location is recorded, or one is not a known country code.
    Unknown,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Eea => "status.eea",
            Status::Adequate => "status.adequate",
            Status::Safeguarded => "status.safeguarded",
            Status::Onward => "status.onward",
            Status::Missing => "status.missing",
            Status::Unknown => "status.unknown",
        }
    }
}

#[derive(Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// As recorded on the vendor; `None` when nothing is recorded.
    pub mechanism: Option<String>,
    pub status: Status,
    /// Drawn as an alert: [`Status::Missing`], or a transfer finding.
    pub alert: bool,
    pub findings: Vec<EdgeFinding>,
}

/// A finding of the vendor an edge leads to.
#[derive(Serialize)]
pub struct EdgeFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The rule is in the transfers category.
    pub transfer: bool,
}

/// Build the map; `with_findings` runs the rules (the benchmarks measure both).
pub fn build(cx: &Context<'_>, with_findings: bool) -> Result<TransferMap, String> {
    let inv = cx.project.inventory();
    let findings = if with_findings {
        findings_by_vendor(cx)?
    } else {
        HashMap::new()
    };
    let keep = visible(cx, inv);
    let org = inv.organisation.as_ref();
    let mut nodes = vec![Node {
        id: "organisation".into(),
        name: org
            .and_then(|o| o.name.clone())
            .unwrap_or_else(|| cx.label("word.organisation").to_string()),
        role: "organisation".into(),
        country: org.and_then(|o| o.country.clone()),
        places: org
            .and_then(|o| o.country.as_deref())
            .map(|c| vec![places::place(cx.reference, c, cx.as_of())])
            .unwrap_or_default(),
        group: None,
        source: org.map(|o| cx.source(&o.origin, "")),
    }];
    let mut edges = Vec::new();
    // A duplicate vendor id (DPA047) is drawn once, as the first declaration.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, v) in inv.vendors.iter().enumerate() {
        if !keep[i] || !seen.insert(v.id.as_str()) {
            continue;
        }
        let places = places::vendor_places(cx.reference, v, cx.as_of());
        let parent = inv.parent_of(v).map(|p| p.id.clone());
        let status = status(inv, v, &places);
        let found = findings
            .get(v.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let alert = status == Status::Missing || found.iter().any(|f| f.transfer);
        edges.push(Edge {
            from: parent.clone().unwrap_or_else(|| "organisation".into()),
            to: v.id.clone(),
            mechanism: places::mechanism_text(v),
            status,
            alert,
            findings: found
                .iter()
                .map(|f| EdgeFinding {
                    rule: f.rule.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                    transfer: f.transfer,
                })
                .collect(),
        });
        let group = match cx.options.group_by {
            GroupBy::Processor => Some(
                places::chain_up(inv, v)
                    .last()
                    .map_or(v.id.clone(), |t| t.id.clone()),
            ),
            GroupBy::Country => Some(v.country.clone().unwrap_or_else(|| "?".into())),
            GroupBy::None => None,
        };
        nodes.push(Node {
            id: v.id.clone(),
            name: vendor_name(v).to_string(),
            role: v.role.map_or_else(String::new, |r| r.as_str().to_string()),
            country: v.country.clone(),
            places,
            group,
            source: Some(cx.source(&v.origin, "")),
        });
    }
    Ok(TransferMap {
        version: 1,
        about: cx.about(Kind::Transfers),
        group_by: match cx.options.group_by {
            GroupBy::Processor => "processor",
            GroupBy::Country => "country",
            GroupBy::None => "none",
        },
        nodes,
        edges,
    })
}

/// Which vendors are drawn: all, or with `--foreign-only` those with a
/// location outside the EEA and the processors above them.
fn visible(cx: &Context<'_>, inv: &Inventory) -> Vec<bool> {
    if !cx.options.foreign_only {
        return vec![true; inv.vendors.len()];
    }
    let mut keep_ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for v in &inv.vendors {
        let foreign = places::vendor_places(cx.reference, v, cx.as_of())
            .iter()
            .any(|p| p.zone != Zone::Eea);
        if foreign {
            for u in places::chain_up(inv, v) {
                keep_ids.insert(&u.id);
            }
        }
    }
    inv.vendors
        .iter()
        .map(|v| keep_ids.contains(v.id.as_str()))
        .collect()
}

fn status(inv: &Inventory, v: &Vendor, places: &[Place]) -> Status {
    if places.is_empty() || places.iter().any(|p| p.zone == Zone::Unknown) {
        return Status::Unknown;
    }
    if !places.iter().any(|p| p.zone.is_foreign()) {
        return if places.iter().all(|p| p.zone == Zone::Eea) {
            Status::Eea
        } else {
            Status::Adequate
        };
    }
    if places::is_concrete(v.mechanism()) {
        return Status::Safeguarded;
    }
    if places::chain_up(inv, v)
        .iter()
        .skip(1)
        .any(|u| places::is_concrete(u.mechanism()))
    {
        return Status::Onward;
    }
    Status::Missing
}

struct Found {
    rule: String,
    severity: Severity,
    message: String,
    transfer: bool,
}

/// The unsuppressed rule findings of each vendor (by entity id).
fn findings_by_vendor(cx: &Context<'_>) -> Result<HashMap<String, Vec<Found>>, String> {
    let selection = check::select_rules(&RuleArgs::default(), &cx.project.config)?;
    let report = check::check(cx.project, &selection, cx.as_of())?;
    let mut out: HashMap<String, Vec<Found>> = HashMap::new();
    for d in report.diagnostics {
        if d.is_suppressed() || d.rule.starts_with("DPL") {
            continue;
        }
        let Some(entity) = d.entity.clone() else {
            continue;
        };
        let transfer = rules::ALL
            .iter()
            .find(|r| r.meta().id == d.rule)
            .is_some_and(|r| r.meta().category == Category::Transfers);
        out.entry(entity).or_default().push(Found {
            rule: d.rule.to_string(),
            severity: d.severity,
            message: d.message,
            transfer,
        });
    }
    Ok(out)
}

/// Render the map.
pub fn render(map: &TransferMap, format: Format, cx: &Context<'_>) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => return super::to_json(map),
        Format::Mermaid => super::graph::mermaid(map, cx),
        Format::Dot => super::graph::dot(map, cx),
        Format::Csv => table::write_csv(&edge_table(map, cx), &map.about, cx),
        Format::Markdown => {
            // The table, with the diagram (a fenced Mermaid block GitHub
            // renders) right under the provenance.
            let doc = Document {
                title: cx.label("title.transfers").to_string(),
                about: &map.about,
                tables: vec![edge_table(map, cx)],
            };
            let text = String::from_utf8(table::write_markdown(&doc, cx)).unwrap_or_default();
            let diagram = String::from_utf8(super::graph::mermaid(map, cx)).unwrap_or_default();
            let fenced = format!("\n```mermaid\n{diagram}```\n");
            let at = text.find("\n## ").unwrap_or(text.len());
            let mut out = text;
            out.insert_str(at, &fenced);
            out.into_bytes()
        }
        _ => Vec::new(),
    })
}

/// One row per edge (alerts first, then in map order).
pub fn edge_table(map: &TransferMap, cx: &Context<'_>) -> Table {
    let l = |k: &str| cx.label(k).to_string();
    let by_id: HashMap<&str, &Node> = map.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut order: Vec<&Edge> = map.edges.iter().collect();
    order.sort_by_key(|e| !e.alert);
    let rows = order
        .into_iter()
        .map(|e| {
            let to = by_id.get(e.to.as_str());
            let from = by_id
                .get(e.from.as_str())
                .map_or(e.from.clone(), |n| n.name.clone());
            let places = to.map_or_else(String::new, |n| {
                n.places
                    .iter()
                    .map(|p| format!("{} ({})", p.code, cx.label(p.zone.key())))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            Row {
                cells: vec![
                    from,
                    to.map_or(e.to.clone(), |n| n.name.clone()),
                    e.to.clone(),
                    to.map_or_else(String::new, |n| role_label(cx, &n.role)),
                    places,
                    e.mechanism.clone().unwrap_or_default(),
                    l(e.status.key()),
                    e.findings
                        .iter()
                        .map(|f| format!("{} {}", f.rule, f.message))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ],
                source: to.and_then(|n| n.source.clone()),
                alert: e.alert,
            }
        })
        .collect();
    Table {
        title: l("table.transfers"),
        intro: l("intro.transfers"),
        columns: [
            "col.from",
            "col.to",
            "col.vendor_id",
            "col.role",
            "col.places",
            "col.mechanism",
            "col.status",
            "col.findings",
        ]
        .iter()
        .map(|k| l(k))
        .collect(),
        rows,
    }
}

/// A node's role in words (empty when the vendor records none).
pub fn role_label(cx: &Context<'_>, role: &str) -> String {
    if role.is_empty() {
        String::new()
    } else {
        cx.label(&format!("role.{role}")).to_string()
    }
}
