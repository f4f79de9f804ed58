//! DPA049 `expired-or-overdue-date`: review and expiry dates that have passed, and
//! signature/assessment dates that lie after the evaluation date.
//!
//! One problem, one finding: `due_diligence.review_due` is DPA057's (I22), and
//! the DPF `recertification_due` of a vendor DPA029 reports is DPA029's (I17).

use crate::diagnostic::Severity;
use crate::model::{Date, Origin};
use crate::rules::transfers::adequacy_unconfirmed;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ExpiredOrOverdueDate;

static META: RuleMeta = RuleMeta {
    id: "DPA049",
    name: "expired-or-overdue-date",
    severity: Severity::Warning,
    category: Category::Hygiene,
    legal_basis: &["GDPR Art. 24(1)", "GDPR Art. 5(2)", "data hygiene"],
    summary: "a review or expiry date has passed, or a signature or assessment date lies in the future",
    help: "renew or review the item and update the date",
    docs: include_str!("../../../rules/DPA049-expired-or-overdue-date/docs.md"),
    dir: "DPA049-expired-or-overdue-date",
    opt_in: false,
};

#[derive(Clone, Copy)]
enum Kind {
    /// An expiry date: expired if before the evaluation date.
    Expires,
    /// A review or re-certification date: overdue if before the evaluation date.
    Due,
    /// A date on which something happened: invalid if after the evaluation date.
    Past,
}

/// One date to check.
struct Check {
    /// Pointer below the entity, e.g. `dpa/review_due`.
    at: String,
    /// Field name shown in the message, e.g. `dpa.review_due`.
    name: String,
    date: Option<Date>,
    kind: Kind,
    /// Help specific to the field.
    help: &'static str,
}

fn report(cx: &mut Context<'_>, origin: &Origin, entity: &str, checks: Vec<Check>) {
    let as_of = cx.as_of;
    let of = if entity == "organisation" {
        "the organisation".to_owned()
    } else {
        format!("'{entity}'")
    };
    for c in checks {
        let Some(date) = c.date else { continue };
        let name = &c.name;
        let message = match c.kind {
            Kind::Expires if date < as_of => format!("{name} of {of} has expired: {date}"),
            Kind::Due if date < as_of => format!("{name} of {of} is overdue since {date}"),
            Kind::Past if date > as_of => format!("{name} of {of} is in the future: {date}"),
            _ => continue,
        };
        cx.report(origin, entity, &c.at, message).help(c.help);
    }
}

fn field(at: &str, date: Option<Date>, kind: Kind, help: &'static str) -> Check {
    Check {
        at: at.to_owned(),
        name: at.replace('/', "."),
        date,
        kind,
        help,
    }
}

/// Help for dates that record an event and cannot lie after the evaluation date.
const FUTURE: &str = "correct the date: it records something that has already happened, so it cannot lie after the evaluation date (check --as-of); if it has not happened yet, remove it";

impl Rule for ExpiredOrOverdueDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        if let Some(org) = &inv.organisation {
            report(
                cx,
                &org.origin,
                "organisation",
                vec![field(
                    "ropa/review_due",
                    org.ropa.review_due,
                    Kind::Due,
                    "review the record of processing activities against the current processing and record the next review date",
                )],
            );
        }
        for a in &inv.activities {
            report(
                cx,
                &a.origin,
                &a.id,
                vec![
                    field("dpia/date", a.dpia.date, Kind::Past, FUTURE),
                    field(
                        "dpia/screening/date",
                        a.dpia.screening.date,
                        Kind::Past,
                        FUTURE,
                    ),
                    field(
                        "dpia/prior_consultation/date",
                        a.dpia.prior_consultation.date,
                        Kind::Past,
                        FUTURE,
                    ),
                    field(
                        "dpia/review_due",
                        a.dpia.review_due,
                        Kind::Due,
                        "review the DPIA against the current processing and risks (Art. 35(11)) and record the next review date",
                    ),
                ],
            );
        }
        for v in &inv.vendors {
            let mut checks = Vec::new();
            for (i, c) in v.certifications.iter().enumerate() {
                checks.push(Check {
                    at: format!("certifications/{i}/expires"),
                    name: match &c.scheme {
                        Some(s) => format!("certifications[{i}].expires ({s})"),
                        None => format!("certifications[{i}].expires"),
                    },
                    date: c.expires,
                    kind: Kind::Expires,
                    help: "obtain the renewed certificate from the vendor and record its new expiry date; until then do not rely on the certification as a guarantee (Art. 28(5))",
                });
            }
            checks.push(field(
                "due_diligence/date",
                v.due_diligence.date,
                Kind::Past,
                FUTURE,
            ));
            if let Some(t) = &v.transfer {
                if !adequacy_unconfirmed(inv, cx.reference, cx.as_of, v) {
                    checks.push(field(
                        "transfer/dpf/recertification_due",
                        t.dpf.recertification_due,
                        Kind::Due,
                        "check the Data Privacy Framework List for the recipient's current certification and record the verification date and the next re-certification date",
                    ));
                }
                checks.push(field(
                    "transfer/scc/signed",
                    t.scc.signed,
                    Kind::Past,
                    FUTURE,
                ));
                checks.push(field("transfer/tia/date", t.tia.date, Kind::Past, FUTURE));
                checks.push(field(
                    "transfer/tia/review_due",
                    t.tia.review_due,
                    Kind::Due,
                    "re-evaluate the transfer impact assessment against the current law and practice of the destination country (EDPB Recommendations 01/2020, step 6) and record the next review date",
                ));
            }
            if let Some(d) = &v.dpa {
                checks.push(field(
                    "dpa/effective",
                    d.effective,
                    Kind::Past,
                    "correct the date; if the DPA only takes effect later, the processing before that date has no Art. 28 contract",
                ));
                checks.push(field("dpa/accepted_on", d.accepted_on, Kind::Past, FUTURE));
                for (i, doc) in d.documents.iter().enumerate() {
                    checks.push(Check {
                        at: format!("dpa/documents/{i}/retrieved_on"),
                        name: format!("dpa.documents[{i}].retrieved_on"),
                        date: doc.retrieved_on,
                        kind: Kind::Past,
                        help: FUTURE,
                    });
                }
                checks.push(field(
                    "dpa/review_due",
                    d.review_due,
                    Kind::Due,
                    "review the DPA against the current services and terms and record the next review date",
                ));
                checks.push(field(
                    "dpa/expires",
                    d.expires,
                    Kind::Expires,
                    "renew or replace the DPA (or stop the processing) and record the new expiry date",
                ));
            }
            report(cx, &v.origin, &v.id, checks);
        }
    }
}
