//! `dpalint report ropa`: the record of processing activities (Art. 30).
//!
//! The controller record has one entry per activity (Art. 30(1)(a)-(g)); the
//! processor record, written when the organisation's role includes
//! `processor`, one entry per client in `organisation.clients`
//! (Art. 30(2)(a)-(d)). Cells hold what the inventory records and nothing
//! else; each entry lists the Art. 30 items it lacks, so the register is also
//! a to-do list. docs/reports.md maps every column to its article.

mod cells;

use super::places::{self, Place, Zone, chain_down, chain_up, vendor_name};
use super::table;
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
        join_some(
            [
                rep.name.as_deref(),
                rep.country.as_deref(),
                rep.contact.as_deref(),
            ],
            ", ",
        )
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
        .filter(|r| {
            r.role != Some(VendorRole::JointController) && r.role != Some(VendorRole::Controller)
        })
        .collect();
    let vendors: Vec<&Vendor> = sub_processors
        .iter()
        .filter_map(|r| inv.vendor(&r.id))
        .collect();
    let transfers = transfers(cx, &vendors);
    let mut missing = Vec::new();
    if me.name.is_none()
        || me.contact.is_none()
        || nonblank(c.name.as_deref()).is_none()
        || c.contact.is_none()
    {
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
        ag.effective
            .map(|d| format!("{} {d}", cx.label("word.effective"))),
        ag.review_due
            .map(|d| format!("{} {d}", cx.label("word.review"))),
        ag.expires
            .map(|d| format!("{} {d}", cx.label("word.expires"))),
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
    let (doc, ids) = cells::document(ropa, cx);
    Ok(match format {
        Format::Csv => {
            let record =
                cx.options
                    .record
                    .unwrap_or(if ropa.controller.role == Some(OrgRole::Processor) {
                        Record::Processor
                    } else {
                        Record::Controller
                    });
            let table = match record {
                Record::Controller => doc.tables.first(),
                Record::Processor if ropa.processor_record.is_some() => doc.tables.get(1),
                Record::Processor => {
                    return Err("the organisation is not a processor (organisation.role), so the register has no processor record".into());
                }
            };
            table
                .map(|t| table::write_csv(t, &ropa.about, cx))
                .unwrap_or_default()
        }
        Format::Markdown => table::write_markdown(&doc, cx),
        Format::Html => super::html::write(&doc, &ids, cx),
        Format::Xlsx => super::xlsx::write(&doc, cx)?,
        _ => Vec::new(),
    })
}

pub(super) fn join_some<'a>(parts: impl IntoIterator<Item = Option<&'a str>>, sep: &str) -> String {
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
