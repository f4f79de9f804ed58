//! DPA071 `back-to-back-gap`: a vendor's DPA gives the organisation less than
//! the organisation promises its own customers (a longer breach deadline, a
//! shorter sub-processor notice or objection window, weaker audit rights), so
//! the promise cannot be kept through the chain (Art. 28(4)).

use crate::diagnostic::Severity;
use crate::model::{Commitments, Dpa, NoticeMode, Organisation, Vendor};
use crate::rules::commitments::{commitments, covered};
use crate::rules::predicates::{checked_terms, objection_window};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BackToBackGap;

static META: RuleMeta = RuleMeta {
    id: "DPA071",
    name: "back-to-back-gap",
    severity: Severity::Warning,
    category: Category::Commitments,
    legal_basis: &[
        "GDPR Art. 28(4)",
        "GDPR Art. 28(2)",
        "GDPR Art. 33(2)",
        "2021/915 Annex Clause 7.7(b)",
    ],
    summary: "a vendor's DPA gives you less than you promise your customers (breach deadline, sub-processor notice, objection window, audits)",
    help: "negotiate the vendor's term up to your promise, or promise your customers no more than your vendors give you",
    docs: include_str!("../../../rules/DPA071-back-to-back-gap/docs.md"),
    dir: "DPA071-back-to-back-gap",
    opt_in: false,
};

/// One gap: the vendor's term (pointer below the vendor), the promise
/// (pointer below the organisation), the message and the two labels.
struct Gap {
    term: &'static str,
    term_label: String,
    promise: &'static str,
    message: String,
    promise_label: String,
}

fn gaps(c: &Commitments, v: &Vendor, dpa: &Dpa) -> Vec<Gap> {
    let mut out = Vec::new();
    let id = &v.id;
    if let Some(hours) = c.breach.notice_hours
        && dpa.recorded.contains("breach")
    {
        let b = &dpa.breach;
        let promise = "commitments/breach/notice_hours";
        let promise_label = format!("you promise customers breach notice within {hours}h");
        if !b.notify {
            out.push(Gap {
                term: "dpa/breach/notify",
                term_label: "the vendor need not notify you of breaches".into(),
                promise,
                message: format!("the DPA with '{id}' does not oblige it to notify you of breaches, yet you promise your customers notice within {hours}h"),
                promise_label,
            });
        } else {
            match b.deadline_hours {
                None => out.push(Gap {
                    term: "dpa/breach/deadline_hours",
                    term_label: "the vendor's DPA sets no deadline".into(),
                    promise,
                    message: format!("the DPA with '{id}' sets no breach deadline, yet you promise your customers notice within {hours}h"),
                    promise_label,
                }),
                Some(theirs) if theirs > hours => out.push(Gap {
                    term: "dpa/breach/deadline_hours",
                    term_label: format!("the vendor may take {theirs}h"),
                    promise,
                    message: format!("'{id}' may take {theirs}h to notify you of a breach, longer than the {hours}h you promise your customers"),
                    promise_label,
                }),
                Some(_) => {}
            }
        }
    }
    if dpa.recorded.contains("subprocessing") {
        let sub = &dpa.subprocessing;
        if let Some(days) = c.subprocessors.notice_days {
            let promise = "commitments/subprocessors/notice_days";
            let promise_label = format!("you promise customers {days} days' notice");
            let late = matches!(
                sub.change_notice.mode,
                Some(NoticeMode::AfterTheFact | NoticeMode::OnRequest | NoticeMode::None)
            );
            match sub.change_notice.advance_days {
                Some(theirs) if theirs < days => out.push(Gap {
                    term: "dpa/subprocessing/change_notice/advance_days",
                    term_label: format!("the vendor gives you {theirs} days' notice"),
                    promise,
                    message: format!("'{id}' gives you {theirs} days' notice of its sub-processor changes, less than the {days} days you promise your customers"),
                    promise_label,
                }),
                None if late => out.push(Gap {
                    term: "dpa/subprocessing/change_notice/mode",
                    term_label: "the vendor gives no advance notice".into(),
                    promise,
                    message: format!("'{id}' gives you no advance notice of its sub-processor changes, yet you promise your customers {days} days"),
                    promise_label,
                }),
                _ => {}
            }
        }
        if let Some(days) = c.subprocessors.objection_window_days {
            let promise = "commitments/subprocessors/objection_window_days";
            let promise_label = format!("you promise customers {days} days to object");
            match objection_window(dpa) {
                Some(w) if w.days < days => out.push(Gap {
                    term: w.pointer(),
                    term_label: format!("the vendor gives you {} days to object", w.days),
                    promise,
                    message: format!("'{id}' gives you {} days to object to its sub-processors, less than the {days} days you promise your customers", w.days),
                    promise_label,
                }),
                None if !sub.objection.right => out.push(Gap {
                    term: "dpa/subprocessing/objection",
                    term_label: "the vendor gives you no right to object".into(),
                    promise,
                    message: format!("'{id}' gives you no right to object to its sub-processors, yet you promise your customers {days} days to object"),
                    promise_label,
                }),
                _ => {}
            }
        }
    }
    // Audit rights are compared only when some are promised: without an
    // audit promise a vendor's cap or notice takes nothing from customers.
    let audits_promised = c.audits.information || c.audits.inspections;
    if audits_promised && dpa.recorded.contains("audits") {
        let (ours, theirs) = (&c.audits, &dpa.audits);
        let mut gap = |term, term_label: String, promise, message: String, promise_label: &str| {
            out.push(Gap {
                term,
                term_label,
                promise,
                message,
                promise_label: promise_label.to_owned(),
            });
        };
        if ours.inspections && !theirs.inspections {
            gap(
                "dpa/audits/inspections",
                "the vendor allows no inspections".into(),
                "commitments/audits/inspections",
                format!(
                    "'{id}' does not allow inspections, yet you promise your customers audits including inspections"
                ),
                "you promise customers inspections",
            );
        }
        if ours.information && !theirs.information {
            gap(
                "dpa/audits/information",
                "the vendor does not commit to this".into(),
                "commitments/audits/information",
                format!(
                    "'{id}' does not commit to make compliance information available, yet you promise it to your customers"
                ),
                "you promise customers this information",
            );
        }
        if let Some(cap) = theirs.max_per_year
            && ours.max_per_year.is_none_or(|promised| promised > cap)
        {
            let promised = ours
                .max_per_year
                .map_or_else(|| "no cap".to_owned(), |p| format!("{p} a year"));
            gap(
                "dpa/audits/max_per_year",
                format!("the vendor allows {cap} a year"),
                "commitments/audits",
                format!(
                    "'{id}' allows {cap} audit(s) a year, fewer than you promise your customers ({promised})"
                ),
                "your audit promise",
            );
        }
        if let (Some(promised), Some(required)) = (ours.notice_days, theirs.notice_days)
            && required > promised
        {
            gap(
                "dpa/audits/notice_days",
                format!("the vendor requires {required} days' notice"),
                "commitments/audits/notice_days",
                format!(
                    "'{id}' requires {required} days' notice of an audit, more than the {promised} days your customers must give you"
                ),
                "your customers give this notice",
            );
        }
    }
    out
}

impl Rule for BackToBackGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((org, c)) = commitments(cx.inventory) else {
            return;
        };
        let org: &Organisation = org;
        for v in covered(cx.inventory, c, cx.as_of) {
            // No DPA, or none of its terms recorded: the contract rules report that.
            let Some(dpa) = checked_terms(v) else {
                continue;
            };
            for g in gaps(c, v, dpa) {
                cx.report(&v.origin, &v.id, g.term, g.message)
                    .primary_label(g.term_label)
                    .label(&org.origin, g.promise, g.promise_label);
            }
        }
    }
}
