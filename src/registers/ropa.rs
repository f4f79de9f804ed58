//! `dpalint report ropa`: the record of processing activities (Art. 30).
//!
//! The controller record has one entry per activity (Art. 30(1)(a)-(g)); the
//! processor record, written when the organisation's role includes
//! `processor`, one entry per client in `organisation.clients`
//! (Art. 30(2)(a)-(d)). Cells hold what the inventory records and nothing
//! else; each entry lists the Art. 30 items it lacks, so the register is also
//! a to-do list. docs/reports.md maps every column to its article.

use super::places::{self, Place, Zone, article, chain_down, chain_up, vendor_name};
use super::table::{self, Document, Row, Table};
use super::{About, Context, Format, Kind, Record, SourceRef};
use crate::model::{Activity, Client, Dpia, OrgRole, Organisation, Retention, Vendor, VendorRole};
use serde::Serialize;

/// The register.
#[derive(Serialize)]
pub struct Ropa {
    pub version: u32,
    pub about: About,
    pub controller: Party,
    pub controller_record: Vec<ControllerEntry>,
    /// `None` when the organisation is not a processor.
    pub processor_record: Option<Vec<ProcessorEntry>>,
}

/// Who keeps the record: the organisation, its representative and DPO.
#[derive(Serialize)]
pub struct Party {
    pub name: Option<String>,
    pub contact: Option<String>,
    pub country: Option<String>,
    pub role: Option<OrgRole>,
    pub representative: Option<String>,
    pub dpo: Option<String>,
    pub security: Security,
}

/// Security measures: the organisation's own and each recipient's TOMs.
#[derive(Clone, Serialize)]
pub struct Security {
    pub toms_ref: Option<String>,
    pub measures: Vec<String>,
}

/// One activity of the controller record.
#[derive(Serialize)]
pub struct ControllerEntry {
    pub id: String,
    pub name: Option<String>,
    pub joint_controllers: Vec<Recipient>,
    pub purposes: Vec<String>,
    pub lawful_basis: Option<String>,
    pub art9_condition: Option<String>,
    pub art10_basis: Option<String>,
    pub data_subjects: Vec<String>,
    pub data_categories: Vec<String>,
    pub recipients: Vec<Recipient>,
    pub transfers: Vec<Transfer>,
    pub retention: Retention,
    pub vendor_toms: Vec<VendorToms>,
    pub dpia: Dpia,
    /// Art. 30(1) items the inventory does not record: `a` ... `g`.
    pub missing: Vec<&'static str>,
    pub source: SourceRef,
}

/// A recipient resolved to its name and role, with its sub-processor chain.
#[derive(Clone, Serialize)]
pub struct Recipient {
    pub id: String,
    /// `None` when no valid vendor has this id.
    pub name: Option<String>,
    pub role: Option<VendorRole>,
    pub country: Option<String>,
    /// Sub-processors below it, depth first (`depth` 1 = engaged by it).
    pub sub_processors: Vec<SubProcessor>,
}

#[derive(Clone, Serialize)]
pub struct SubProcessor {
    pub id: String,
    pub name: String,
    pub parent: String,
    pub depth: usize,
    pub country: Option<String>,
}

/// A transfer outside the EEA: one vendor (recipient or sub-processor) with
/// its locations outside the EEA and its recorded mechanism.
#[derive(Clone, Serialize)]
pub struct Transfer {
    pub vendor: String,
    pub name: String,
    /// The processor above it, for sub-processors.
    pub via: Option<String>,
    pub places: Vec<Place>,
    /// As recorded (`SCC 2021/914, module 2`); `None` when nothing is recorded.
    pub mechanism: Option<String>,
    /// Art. 49(1) 2nd subparagraph: the suitable safeguards recorded.
    pub safeguards: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct VendorToms {
    pub vendor: String,
    pub toms_ref: Option<String>,
    pub measures: Vec<String>,
}

/// One client of the processor record.
#[derive(Serialize)]
pub struct ProcessorEntry {
    pub id: String,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub representative: Option<String>,
    pub dpo_contact: Option<String>,
    /// Categories of processing: the client's `processing`, then the names of
    /// its activities.
    pub processing: Vec<String>,
    pub activities: Vec<String>,
    pub sub_processors: Vec<Recipient>,
    pub transfers: Vec<Transfer>,
    pub agreement: Option<String>,
    /// Art. 30(2) items the inventory does not record: `a` ... `d`.
    pub missing: Vec<&'static str>,
    pub source: SourceRef,
}

/// Build the register.
pub fn build(cx: &Context<'_>) -> Ropa {
    let inv = cx.project.inventory();
    let org = inv.organisation.as_ref();
    let controller = party(org);
    let controller_record = inv
        .activities
        .iter()
        .map(|a| controller_entry(cx, org, &controller, a))
        .collect();
    let processor_record = org
        .filter(|o| {
            matches!(
                o.role,
                Some(OrgRole::Processor | OrgRole::ControllerAndProcessor)
            )
        })
        .map(|o| {
            o.clients
                .iter()
                .enumerate()
                .map(|(i, c)| processor_entry(cx, o, &controller, c, i))
                .collect()
        });
    Ropa {
        version: 1,
        about: cx.about(Kind::Ropa),
        controller,
        controller_record,
        processor_record,
    }
}

fn party(org: Option<&Organisation>) -> Party {
    let Some(o) = org else {
        return Party {
            name: None,
            contact: None,
            country: None,
            role: None,
            representative: None,
            dpo: None,
            security: Security {
                toms_ref: None,
                measures: Vec::new(),
            },
        };
    };
    let rep = &o.eu_representative;
    let representative = rep.is_designated().then(|| {
        join_some([rep.name.as_deref(), rep.country.as_deref(), rep.contact.as_deref()], ", ")
    });
    Party {
        name: nonblank(o.name.as_deref()),
        contact: nonblank(o.contact.as_deref()),
        country: o.country.clone(),
        role: o.role,
        representative,
        dpo: nonblank(o.dpo.contact.as_deref()),
        security: Security {
            toms_ref: nonblank(o.security.toms_ref.as_deref()),
            measures: o.security.measures.clone(),
        },
    }
}

fn controller_entry(
    cx: &Context<'_>,
    org: Option<&Organisation>,
    me: &Party,
    a: &Activity,
) -> ControllerEntry {
    let inv = cx.project.inventory();
    let mut recipients = Vec::new();
    let mut joint = Vec::new();
    for id in dedup(&a.recipients) {
        let r = recipient(cx, id);
        if r.role == Some(VendorRole::JointController) {
            joint.push(r.clone());
        }
        recipients.push(r);
    }
    let vendors: Vec<&Vendor> = dedup(&a.recipients)
        .filter_map(|id| inv.vendor(id))
        .collect();
    let transfers = transfers(cx, &vendors);
    let vendor_toms = vendors
        .iter()
        .filter_map(|v| {
            let s = &v.dpa.as_ref()?.security;
            (s.toms_ref.is_some() || !s.measures.is_empty()).then(|| VendorToms {
                vendor: vendor_name(v).to_string(),
                toms_ref: s.toms_ref.clone(),
                measures: s.measures.clone(),
            })
        })
        .collect();
    let mut missing = Vec::new();
    if org.is_none() || me.name.is_none() || me.contact.is_none() {
        missing.push("a");
    }
    if a.purposes.is_empty() {
        missing.push("b");
    }
    if a.data_subjects.is_empty() || a.data_categories.is_empty() {
        missing.push("c");
    }
    if a.recipients.is_empty() {
        missing.push("d");
    }
    if transfers_incomplete(cx, &vendors) {
        missing.push("e");
    }
    if !a.retention.is_recorded() {
        missing.push("f");
    }
    if me.security.toms_ref.is_none() && me.security.measures.is_empty() {
        missing.push("g");
    }
    ControllerEntry {
        id: a.id.clone(),
        name: nonblank(a.name.as_deref()),
        joint_controllers: joint,
        purposes: a.purposes.clone(),
        lawful_basis: a.lawful_basis.clone(),
        art9_condition: a.art9_condition.clone(),
        art10_basis: a.art10_basis.clone(),
        data_subjects: a.data_subjects.clone(),
        data_categories: a.data_categories.clone(),
        recipients,
        transfers,
        retention: a.retention.clone(),
        vendor_toms,
        dpia: a.dpia.clone(),
        missing,
        source: cx.source(&a.origin, ""),
    }
}

fn processor_entry(
    cx: &Context<'_>,
    org: &Organisation,
    me: &Party,
    c: &Client,
    index: usize,
) -> ProcessorEntry {
    let inv = cx.project.inventory();
    let activities: Vec<&Activity> = dedup(&c.activities)
        .filter_map(|id| inv.activities.iter().find(|a| a.id == *id).map(|a| &**a))
        .collect();
    let mut processing = c.processing.clone();
    for a in &activities {
        let name = a.name.clone().unwrap_or_else(|| a.id.clone());
        if !processing.contains(&name) {
            processing.push(name);
        }
    }
    let mut ids: Vec<&String> = Vec::new();
    for a in &activities {
        for r in &a.recipients {
            if !ids.contains(&r) {
                ids.push(r);
            }
        }
    }
    let sub_processors: Vec<Recipient> = ids
        .iter()
        .map(|id| recipient(cx, id))
        .filter(|r| r.role != Some(VendorRole::JointController) && r.role != Some(VendorRole::Controller))
        .collect();
    let vendors: Vec<&Vendor> = sub_processors.iter().filter_map(|r| inv.vendor(&r.id)).collect();
    let transfers = transfers(cx, &vendors);
    let mut missing = Vec::new();
    if me.name.is_none() || me.contact.is_none() || nonblank(c.name.as_deref()).is_none() || c.contact.is_none() {
        missing.push("a");
    }
    if processing.is_empty() {
        missing.push("b");
    }
    if transfers_incomplete(cx, &vendors) {
        missing.push("c");
    }
    if me.security.toms_ref.is_none() && me.security.measures.is_empty() {
        missing.push("d");
    }
    let ag = &c.agreement;
    let agreement = [
        ag.reference.clone(),
        ag.effective.map(|d| format!("{} {d}", cx.label("word.effective"))),
        ag.review_due.map(|d| format!("{} {d}", cx.label("word.review"))),
        ag.expires.map(|d| format!("{} {d}", cx.label("word.expires"))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    let mut origin = org.origin.clone();
    origin.pointer = format!("{}/clients/{index}", origin.pointer);
    ProcessorEntry {
        id: c.id.clone(),
        name: nonblank(c.name.as_deref()),
        contact: c.contact.clone(),
        representative: c.representative.clone(),
        dpo_contact: c.dpo_contact.clone(),
        processing,
        activities: activities.iter().map(|a| a.id.clone()).collect(),
        sub_processors,
        transfers,
        agreement: (!agreement.is_empty()).then(|| agreement.join(", ")),
        missing,
        source: cx.source(&origin, ""),
    }
}

fn recipient(cx: &Context<'_>, id: &str) -> Recipient {
    let inv = cx.project.inventory();
    match inv.vendor(id) {
        Some(v) => Recipient {
            id: id.to_string(),
            name: Some(vendor_name(v).to_string()),
            role: v.role,
            country: v.country.clone(),
            sub_processors: chain_down(inv, v)
                .into_iter()
                .map(|(depth, s)| SubProcessor {
                    id: s.id.clone(),
                    name: vendor_name(s).to_string(),
                    parent: s.parent.clone().unwrap_or_default(),
                    depth,
                    country: s.country.clone(),
                })
                .collect(),
        },
        None => Recipient {
            id: id.to_string(),
            name: None,
            role: None,
            country: None,
            sub_processors: Vec::new(),
        },
    }
}

/// The vendors (and their sub-processors) with a location outside the EEA.
fn transfers(cx: &Context<'_>, vendors: &[&Vendor]) -> Vec<Transfer> {
    let inv = cx.project.inventory();
    let mut out: Vec<Transfer> = Vec::new();
    for v in vendors {
        let below = chain_down(inv, v).into_iter().map(|(_, s)| s);
        for w in std::iter::once(*v).chain(below) {
            if out.iter().any(|t| t.vendor == w.id) {
                continue;
            }
            let places: Vec<Place> = places::vendor_places(cx.reference, w, cx.as_of())
                .into_iter()
                .filter(|p| p.zone != Zone::Eea)
                .collect();
            if places.is_empty() {
                continue;
            }
            out.push(Transfer {
                vendor: w.id.clone(),
                name: vendor_name(w).to_string(),
                via: w.parent.clone(),
                places,
                mechanism: places::mechanism_text(w),
                safeguards: w.transfer.as_ref().and_then(|t| t.safeguards.clone()),
            });
        }
    }
    out
}

/// Some vendor of the chain has a location that needs a transfer tool, and
/// neither it nor a processor above it records a concrete one.
fn transfers_incomplete(cx: &Context<'_>, vendors: &[&Vendor]) -> bool {
    let inv = cx.project.inventory();
    vendors.iter().any(|v| {
        let below = chain_down(inv, v).into_iter().map(|(_, s)| s);
        std::iter::once(*v).chain(below).any(|w| {
            places::vendor_places(cx.reference, w, cx.as_of())
                .iter()
                .any(|p| matches!(p.zone, Zone::Third | Zone::AdequatePartial))
                && !chain_up(inv, w)
                    .iter()
                    .any(|u| places::is_concrete(u.mechanism()))
        })
    })
}

/// Render the register.
pub fn render(ropa: &Ropa, format: Format, cx: &Context<'_>) -> Result<Vec<u8>, String> {
    if format == Format::Json {
        return super::to_json(ropa);
    }
    let (doc, ids) = document(ropa, cx);
    Ok(match format {
        Format::Csv => {
            let record = cx.options.record.unwrap_or(
                if ropa.controller.role == Some(OrgRole::Processor) {
                    Record::Processor
                } else {
                    Record::Controller
                },
            );
            let table = match record {
                Record::Controller => doc.tables.first(),
                Record::Processor if ropa.processor_record.is_some() => doc.tables.get(1),
                Record::Processor => {
                    return Err("the organisation is not a processor (organisation.role), so the register has no processor record".into());
                }
            };
            table.map(|t| table::write_csv(t, &ropa.about, cx)).unwrap_or_default()
        }
        Format::Markdown => table::write_markdown(&doc, cx),
        Format::Html => super::html::write(&doc, &ids, cx),
        Format::Xlsx => super::xlsx::write(&doc, cx)?,
        _ => Vec::new(),
    })
}

/// The register as tables, with the id of every row.
fn document<'a>(ropa: &'a Ropa, cx: &Context<'_>) -> (Document<'a>, Vec<Vec<String>>) {
    let l = |k: &str| cx.label(k).to_string();
    let me = &ropa.controller;
    let own_toms = security_text(&me.security.toms_ref, &me.security.measures);
    let mut controller = Table {
        title: l("table.controller"),
        intro: l("intro.controller"),
        columns: [
            "col.activity_id", "col.activity", "col.controller", "col.joint_controllers",
            "col.representative", "col.dpo", "col.purposes", "col.lawful_basis",
            "col.special_condition", "col.data_subjects", "col.data_categories",
            "col.recipients", "col.sub_processors", "col.transfers", "col.retention",
            "col.security", "col.dpia", "col.missing",
        ]
        .iter()
        .map(|k| l(k))
        .collect(),
        rows: Vec::new(),
    };
    let controller_cell = join_some([me.name.as_deref(), me.contact.as_deref()], "\n");
    for e in &ropa.controller_record {
        let special = [
            e.art9_condition.as_deref().map(article),
            e.art10_basis.as_deref().map(|b| format!("Art. 10: {b}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
        let mut security = Vec::new();
        if !own_toms.is_empty() {
            security.push(format!("{}: {own_toms}", me.name.as_deref().unwrap_or("")));
        }
        for t in &e.vendor_toms {
            security.push(format!("{}: {}", t.vendor, security_text(&t.toms_ref, &t.measures)));
        }
        controller.rows.push(Row {
            cells: vec![
                e.id.clone(),
                e.name.clone().unwrap_or_default(),
                controller_cell.clone(),
                e.joint_controllers.iter().map(|r| recipient_text(r, cx)).collect::<Vec<_>>().join("\n"),
                me.representative.clone().unwrap_or_default(),
                me.dpo.clone().unwrap_or_default(),
                e.purposes.join("\n"),
                e.lawful_basis.as_deref().map(article).unwrap_or_default(),
                special,
                e.data_subjects.join("\n"),
                e.data_categories.join("\n"),
                e.recipients.iter().map(|r| recipient_text(r, cx)).collect::<Vec<_>>().join("\n"),
                chains_text(&e.recipients),
                transfers_text(&e.transfers, cx),
                retention_text(&e.retention, cx),
                security.join("\n"),
                dpia_text(&e.dpia, cx),
                missing_text(&e.missing, "30(1)", cx),
            ],
            source: Some(e.source.clone()),
            alert: !e.missing.is_empty(),
        });
    }
    let mut ids = vec![ropa.controller_record.iter().map(|e| e.id.clone()).collect::<Vec<_>>()];
    let mut tables = vec![controller];
    if let Some(record) = &ropa.processor_record {
        let mut processor = Table {
            title: l("table.processor"),
            intro: l("intro.processor"),
            columns: [
                "col.client_id", "col.client", "col.processor", "col.client_representative",
                "col.client_dpo", "col.representative", "col.dpo", "col.processing",
                "col.sub_processors", "col.transfers", "col.security", "col.agreement",
                "col.missing",
            ]
            .iter()
            .map(|k| l(k))
            .collect(),
            rows: Vec::new(),
        };
        for e in record {
            processor.rows.push(Row {
                cells: vec![
                    e.id.clone(),
                    join_some([e.name.as_deref(), e.contact.as_deref()], "\n"),
                    controller_cell.clone(),
                    e.representative.clone().unwrap_or_default(),
                    e.dpo_contact.clone().unwrap_or_default(),
                    me.representative.clone().unwrap_or_default(),
                    me.dpo.clone().unwrap_or_default(),
                    e.processing.join("\n"),
                    e.sub_processors.iter().map(|r| recipient_text(r, cx)).chain(
                        e.sub_processors.iter().flat_map(|r| r.sub_processors.iter().map(|s| sub_text(s, cx))),
                    ).collect::<Vec<_>>().join("\n"),
                    transfers_text(&e.transfers, cx),
                    own_toms.clone(),
                    e.agreement.clone().unwrap_or_default(),
                    missing_text(&e.missing, "30(2)", cx),
                ],
                source: Some(e.source.clone()),
                alert: !e.missing.is_empty(),
            });
        }
        ids.push(record.iter().map(|e| e.id.clone()).collect());
        tables.push(processor);
    }
    let title = match &me.name {
        Some(n) => format!("{} — {n}", l("title.ropa")),
        None => l("title.ropa"),
    };
    (
        Document {
            title,
            about: &ropa.about,
            tables,
        },
        ids,
    )
}

fn recipient_text(r: &Recipient, cx: &Context<'_>) -> String {
    match &r.name {
        Some(name) => {
            let role = r.role.map(|x| cx.label(&format!("role.{x}")).to_string());
            let extra = join_some([role.as_deref(), r.country.as_deref()], ", ");
            if extra.is_empty() { name.clone() } else { format!("{name} ({extra})") }
        }
        None => format!("{} ({})", r.id, cx.label("word.unknown_vendor")),
    }
}

fn sub_text(s: &SubProcessor, cx: &Context<'_>) -> String {
    let country = s.country.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
    format!(
        "{}{} ({} {}{country})",
        "  ".repeat(s.depth),
        s.name,
        cx.label("word.sub_processor_of"),
        s.parent
    )
}

/// The sub-processor chains of the recipients: `Processor → Sub (US) → Sub-sub`.
fn chains_text(recipients: &[Recipient]) -> String {
    let mut lines = Vec::new();
    for r in recipients {
        let Some(name) = &r.name else { continue };
        let mut path: Vec<String> = vec![name.clone()];
        for s in &r.sub_processors {
            path.truncate(s.depth);
            let c = s.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            path.push(format!("{}{c}", s.name));
            lines.push(path.join(" → "));
        }
    }
    lines.join("\n")
}

fn transfers_text(ts: &[Transfer], cx: &Context<'_>) -> String {
    ts.iter()
        .map(|t| {
            let places = t
                .places
                .iter()
                .map(|p| match p.zone {
                    Zone::Unknown => format!("{} ({})", p.value, cx.label(p.zone.key())),
                    Zone::Third => p.code.clone(),
                    _ => format!("{} ({})", p.code, cx.label(p.zone.key())),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let mechanism = t.mechanism.clone().unwrap_or_else(|| "—".to_string());
            let mut s = format!("{} → {places}: {mechanism}", t.name);
            if let Some(g) = &t.safeguards {
                s.push_str(&format!("; {}: {g}", cx.label("word.safeguards")));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn retention_text(r: &Retention, cx: &Context<'_>) -> String {
    let period = r.period_days.map(|d| format!("{d} {}", cx.label("word.days")));
    join_some([period.as_deref(), r.criteria.as_deref()], "; ")
}

fn dpia_text(d: &Dpia, cx: &Context<'_>) -> String {
    let l = |k: &str| cx.label(k).to_string();
    let mut parts = Vec::new();
    if d.done {
        parts.push(match d.date {
            Some(date) => format!("{} {date}", l("dpia.done")),
            None => l("dpia.done"),
        });
        if let Some(r) = d.review_due {
            parts.push(format!("{} {r}", l("word.review")));
        }
        if let Some(r) = d.residual_risk {
            parts.push(format!("{}: {}", l("dpia.residual_risk"), l(&format!("risk.{r}"))));
        }
        if d.prior_consultation.done {
            let date = d.prior_consultation.date.map(|x| format!(" {x}")).unwrap_or_default();
            parts.push(format!("{}{date}", l("dpia.prior_consultation")));
        }
    } else {
        let s = &d.screening;
        match s.outcome {
            Some(o) => {
                let mut t = l(&format!("dpia.screening.{o}"));
                if let Some(date) = s.date {
                    t.push_str(&format!(" ({date})"));
                }
                if let Some(reason) = s.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                    t.push_str(&format!(": {reason}"));
                }
                parts.push(t);
            }
            None => {}
        }
    }
    parts.join("; ")
}

fn missing_text(missing: &[&str], article: &str, cx: &Context<'_>) -> String {
    if missing.is_empty() {
        return cx.label("word.complete").to_string();
    }
    missing
        .iter()
        .map(|m| format!("{article}({m}) {}", cx.label(&format!("missing.{article}.{m}"))))
        .collect::<Vec<_>>()
        .join("\n")
}

fn security_text(toms_ref: &Option<String>, measures: &[String]) -> String {
    let m = measures.join(", ");
    join_some([toms_ref.as_deref(), (!m.is_empty()).then_some(m.as_str())], "; ")
}

fn join_some<'a>(parts: impl IntoIterator<Item = Option<&'a str>>, sep: &str) -> String {
    parts
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

fn nonblank(s: Option<&str>) -> Option<String> {
    s.filter(|x| !x.trim().is_empty()).map(str::to_string)
}

/// Each id once, in order.
fn dedup(ids: &[String]) -> impl Iterator<Item = &String> {
    ids.iter()
        .enumerate()
        .filter(move |(i, id)| !ids[..*i].contains(id))
        .map(|(_, id)| id)
}
