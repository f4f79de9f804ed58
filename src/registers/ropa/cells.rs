//! The register as tables: the cells of the controller and processor
//! records in words (labels from [`crate::registers::labels`]), shared by the
//! CSV, Markdown, HTML and XLSX renderers.

use super::super::Context;
use super::super::places::{Zone, article};
use super::super::table::{Document, Row, Table};
use super::{Recipient, Ropa, SubProcessor, Transfer, join_some};
use crate::model::{Dpia, Retention};

/// The register as tables, with the id of every row.
pub(super) fn document<'a>(ropa: &'a Ropa, cx: &Context<'_>) -> (Document<'a>, Vec<Vec<String>>) {
    let l = |k: &str| cx.label(k).to_string();
    let me = &ropa.controller;
    let own_toms = security_text(&me.security.toms_ref, &me.security.measures);
    let mut controller = Table {
        title: l("table.controller"),
        intro: l("intro.controller"),
        columns: [
            "col.activity_id",
            "col.activity",
            "col.controller",
            "col.joint_controllers",
            "col.representative",
            "col.dpo",
            "col.purposes",
            "col.lawful_basis",
            "col.special_condition",
            "col.data_subjects",
            "col.data_categories",
            "col.recipients",
            "col.sub_processors",
            "col.transfers",
            "col.retention",
            "col.security",
            "col.dpia",
            "col.missing",
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
            security.push(format!(
                "{}: {}",
                t.vendor,
                security_text(&t.toms_ref, &t.measures)
            ));
        }
        controller.rows.push(Row {
            cells: vec![
                e.id.clone(),
                e.name.clone().unwrap_or_default(),
                controller_cell.clone(),
                e.joint_controllers
                    .iter()
                    .map(|r| recipient_text(r, cx))
                    .collect::<Vec<_>>()
                    .join("\n"),
                me.representative.clone().unwrap_or_default(),
                me.dpo.clone().unwrap_or_default(),
                e.purposes.join("\n"),
                e.lawful_basis.as_deref().map(article).unwrap_or_default(),
                special,
                e.data_subjects.join("\n"),
                e.data_categories.join("\n"),
                e.recipients
                    .iter()
                    .map(|r| recipient_text(r, cx))
                    .collect::<Vec<_>>()
                    .join("\n"),
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
    let mut ids = vec![
        ropa.controller_record
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
    ];
    let mut tables = vec![controller];
    if let Some(record) = &ropa.processor_record {
        let mut processor = Table {
            title: l("table.processor"),
            intro: l("intro.processor"),
            columns: [
                "col.client_id",
                "col.client",
                "col.processor",
                "col.client_representative",
                "col.client_dpo",
                "col.representative",
                "col.dpo",
                "col.processing",
                "col.sub_processors",
                "col.transfers",
                "col.security",
                "col.agreement",
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
                    e.sub_processors
                        .iter()
                        .map(|r| recipient_text(r, cx))
                        .chain(
                            e.sub_processors
                                .iter()
                                .flat_map(|r| r.sub_processors.iter().map(|s| sub_text(s, cx))),
                        )
                        .collect::<Vec<_>>()
                        .join("\n"),
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
            if extra.is_empty() {
                name.clone()
            } else {
                format!("{name} ({extra})")
            }
        }
        None => format!("{} ({})", r.id, cx.label("word.unknown_vendor")),
    }
}

fn sub_text(s: &SubProcessor, cx: &Context<'_>) -> String {
    let country = s
        .country
        .as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
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
            let c = s
                .country
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
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
    let period = r
        .period_days
        .map(|d| format!("{d} {}", cx.label("word.days")));
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
            parts.push(format!(
                "{}: {}",
                l("dpia.residual_risk"),
                l(&format!("risk.{r}"))
            ));
        }
        if d.prior_consultation.done {
            let date = d
                .prior_consultation
                .date
                .map(|x| format!(" {x}"))
                .unwrap_or_default();
            parts.push(format!("{}{date}", l("dpia.prior_consultation")));
        }
    } else {
        let s = &d.screening;
        if let Some(o) = s.outcome {
            let mut t = l(&format!("dpia.screening.{o}"));
            if let Some(date) = s.date {
                t.push_str(&format!(" ({date})"));
            }
            if let Some(reason) = s.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                t.push_str(&format!(": {reason}"));
            }
            parts.push(t);
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
        .map(|m| {
            format!(
                "{article}({m}) {}",
                cx.label(&format!("missing.{article}.{m}"))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn security_text(toms_ref: &Option<String>, measures: &[String]) -> String {
    let m = measures.join(", ");
    join_some(
        [toms_ref.as_deref(), (!m.is_empty()).then_some(m.as_str())],
        "; ",
    )
}
