//! `dpalint report calendar`: every dated obligation of the inventory, past
//! due first (marked), then by date. Dates are read from the inventory (and
//! the `until` of suppression comments) and compared with the evaluation
//! date, never with the clock.

use super::places::vendor_name;
use super::table::{self, Document, Row, Table};
use super::{About, Context, Format, Kind, SourceRef};
use crate::check::suppress::{self, RuleLookup};
use crate::model::{Date, Origin};
use serde::Serialize;

/// The calendar.
#[derive(Serialize)]
pub struct Calendar {
    pub version: u32,
    pub about: About,
    /// `--within`: only items due within this many days (past-due items always).
    pub within_days: Option<i64>,
    pub items: Vec<Item>,
}

/// What falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    RopaReview,
    DpiaReview,
    DpaReview,
    DpaExpiry,
    CertificationExpiry,
    DpfRecertification,
    TiaReview,
    DueDiligenceReview,
    ClientAgreementReview,
    ClientAgreementExpiry,
    SuppressionExpiry,
}

impl What {
    pub fn key(self) -> &'static str {
        match self {
            What::RopaReview => "what.ropa_review",
            What::DpiaReview => "what.dpia_review",
            What::DpaReview => "what.dpa_review",
            What::DpaExpiry => "what.dpa_expiry",
            What::CertificationExpiry => "what.certification_expiry",
            What::DpfRecertification => "what.dpf_recertification",
            What::TiaReview => "what.tia_review",
            What::DueDiligenceReview => "what.due_diligence_review",
            What::ClientAgreementReview => "what.client_agreement_review",
            What::ClientAgreementExpiry => "what.client_agreement_expiry",
            What::SuppressionExpiry => "what.suppression_expiry",
        }
    }
}

#[derive(Serialize)]
pub struct Item {
    pub date: Date,
    /// Days from the evaluation date (negative: past due).
    pub days: i64,
    pub overdue: bool,
    pub what: What,
    /// `organisation`, an activity, vendor or client id, or the file of a suppression.
    pub entity: String,
    pub name: String,
    /// More about it: the certification scheme, the rules a suppression names.
    pub detail: Option<String>,
    pub source: SourceRef,
}

/// Build the calendar.
pub fn build(cx: &Context<'_>) -> Calendar {
    let inv = cx.project.inventory();
    let mut items = Vec::new();
    let mut add = |what,
                   date: Option<Date>,
                   entity: &str,
                   name: &str,
                   detail: Option<String>,
                   origin: &Origin,
                   rel: &str| {
        if let Some(date) = date {
            items.push(Item {
                date,
                days: cx.as_of().days_until(date),
                overdue: date < cx.as_of(),
                what,
                entity: entity.to_string(),
                name: name.to_string(),
                detail,
                source: cx.source(origin, rel),
            });
        }
    };
    if let Some(o) = &inv.organisation {
        let name = o.name.clone().unwrap_or_default();
        add(
            What::RopaReview,
            o.ropa.review_due,
            "organisation",
            &name,
            None,
            &o.origin,
            "ropa/review_due",
        );
        for (i, c) in o.clients.iter().enumerate() {
            let name = c.name.clone().unwrap_or_else(|| c.id.clone());
            let base = format!("clients/{i}/agreement");
            add(
                What::ClientAgreementReview,
                c.agreement.review_due,
                &c.id,
                &name,
                c.agreement.reference.clone(),
                &o.origin,
                &format!("{base}/review_due"),
            );
            add(
                What::ClientAgreementExpiry,
                c.agreement.expires,
                &c.id,
                &name,
                c.agreement.reference.clone(),
                &o.origin,
                &format!("{base}/expires"),
            );
        }
    }
    for a in &inv.activities {
        let name = a.name.clone().unwrap_or_else(|| a.id.clone());
        add(
            What::DpiaReview,
            a.dpia.review_due,
            &a.id,
            &name,
            None,
            &a.origin,
            "dpia/review_due",
        );
    }
    for v in &inv.vendors {
        let name = vendor_name(v).to_string();
        if let Some(d) = &v.dpa {
            add(
                What::DpaReview,
                d.review_due,
                &v.id,
                &name,
                d.version.clone(),
                &v.origin,
                "dpa/review_due",
            );
            add(
                What::DpaExpiry,
                d.expires,
                &v.id,
                &name,
                d.version.clone(),
                &v.origin,
                "dpa/expires",
            );
        }
        for (i, c) in v.certifications.iter().enumerate() {
            add(
                What::CertificationExpiry,
                c.expires,
                &v.id,
                &name,
                c.scheme.clone(),
                &v.origin,
                &format!("certifications/{i}/expires"),
            );
        }
        if let Some(t) = &v.transfer {
            add(
                What::DpfRecertification,
                t.dpf.recertification_due,
                &v.id,
                &name,
                None,
                &v.origin,
                "transfer/dpf/recertification_due",
            );
            add(
                What::TiaReview,
                t.tia.review_due,
                &v.id,
                &name,
                None,
                &v.origin,
                "transfer/tia/review_due",
            );
        }
        add(
            What::DueDiligenceReview,
            v.due_diligence.review_due,
            &v.id,
            &name,
            None,
            &v.origin,
            "due_diligence/review_due",
        );
    }
    items.extend(suppressions(cx));
    if let Some(n) = cx.options.within_days {
        items.retain(|i| i.overdue || i.days <= n);
    }
    items.sort_by(|a, b| {
        (!a.overdue, a.date, a.what, &a.entity, &a.source)
            .cmp(&(!b.overdue, b.date, b.what, &b.entity, &b.source))
    });
    Calendar {
        version: 1,
        about: cx.about(Kind::Calendar),
        within_days: cx.options.within_days,
        items,
    }
}

/// Accepts every rule name: the calendar reads only the `until` dates.
struct AnyRule;

impl RuleLookup for AnyRule {
    fn resolve(&self, key: &str) -> Result<String, Option<String>> {
        Ok(key.to_string())
    }
}

/// Suppression comments with an `until` date.
fn suppressions(cx: &Context<'_>) -> Vec<Item> {
    let sources = cx.project.sources();
    let mut out = Vec::new();
    for (id, _) in cx.project.parsed() {
        let file = sources.get(id);
        let mut ignored = Vec::new();
        for d in suppress::scan(id, file, &AnyRule, &mut ignored) {
            let Some(until) = d.until else { continue };
            let rules: Vec<&str> = d.rules.iter().map(|(r, _)| r.as_str()).collect();
            out.push(Item {
                date: until,
                days: cx.as_of().days_until(until),
                overdue: until < cx.as_of(),
                what: What::SuppressionExpiry,
                entity: file.path.clone(),
                name: d.reason.clone(),
                detail: Some(rules.join(", ")),
                source: SourceRef {
                    file: file.path.clone(),
                    line: file.position(d.span.start as usize).line,
                },
            });
        }
    }
    out
}

/// Render the calendar.
pub fn render(cal: &Calendar, format: Format, cx: &Context<'_>) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => return super::to_json(cal),
        Format::Ics => super::ics::write(cal, cx),
        Format::Csv => table::write_csv(&item_table(cal, cx), &cal.about, cx),
        Format::Markdown => {
            let doc = Document {
                title: cx.label("title.calendar").to_string(),
                about: &cal.about,
                tables: vec![item_table(cal, cx)],
            };
            table::write_markdown(&doc, cx)
        }
        _ => Vec::new(),
    })
}

/// `Past due (12 days)` / `in 40 days` / `today`.
pub fn when_text(item: &Item, cx: &Context<'_>) -> String {
    match item.days {
        d if d < 0 => format!(
            "{} ({} {})",
            cx.label("word.overdue"),
            -d,
            cx.label("word.days")
        ),
        0 => cx.label("word.today").to_string(),
        d => format!("{} {d} {}", cx.label("word.in"), cx.label("word.days")),
    }
}

pub fn item_table(cal: &Calendar, cx: &Context<'_>) -> Table {
    let l = |k: &str| cx.label(k).to_string();
    let intro = match cal.within_days {
        Some(n) => format!(
            "{} ({} {n} {})",
            l("intro.calendar"),
            l("word.within"),
            l("word.days")
        ),
        None => l("intro.calendar"),
    };
    Table {
        title: l("table.calendar"),
        intro,
        columns: [
            "col.date",
            "col.when",
            "col.what",
            "col.entity",
            "col.name",
            "col.detail",
        ]
        .iter()
        .map(|k| l(k))
        .collect(),
        rows: cal
            .items
            .iter()
            .map(|i| Row {
                cells: vec![
                    i.date.to_string(),
                    when_text(i, cx),
                    l(i.what.key()),
                    i.entity.clone(),
                    i.name.clone(),
                    i.detail.clone().unwrap_or_default(),
                ],
                source: Some(i.source.clone()),
                alert: i.overdue,
            })
            .collect(),
    }
}
