//! DPA069 `promised-notice-not-given`: a sub-processor starts processing
//! customer data with less advance notice than the organisation promises its
//! customers, or without any announcement.

use crate::diagnostic::Severity;
use crate::model::Date;
use crate::rules::commitments::{commitments, covered};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct PromisedNoticeNotGiven;

static META: RuleMeta = RuleMeta {
    id: "DPA069",
    name: "promised-notice-not-given",
    severity: Severity::Error,
    category: Category::Commitments,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "2021/915 Annex Clause 7.7(a)",
        "EDPB Opinion 22/2024 paras 31-32",
    ],
    summary: "a sub-processor is engaged with less advance notice to customers than promised, or without notice",
    help: "announce the sub-processor to your customers at least the promised number of days before `engaged_from`, record that date in `announced_on`, or move `engaged_from` later",
    docs: include_str!("../../../rules/DPA069-promised-notice-not-given/docs.md"),
    dir: "DPA069-promised-notice-not-given",
    opt_in: false,
};

/// `date` minus `days` (the last day the notice could have gone out).
fn days_before(date: Date, days: u64) -> Option<Date> {
    let span = jiff::Span::new().try_days(i64::try_from(days).ok()?).ok()?;
    date.0.checked_sub(span).ok().map(Date)
}

impl Rule for PromisedNoticeNotGiven {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((org, c)) = commitments(cx.inventory) else {
            return;
        };
        let Some(promised) = c.subprocessors.notice_days else {
            return;
        };
        let promise = "commitments/subprocessors/notice_days";
        let promise_label = format!("your customers are promised {promised} days' notice");
        for v in covered(cx.inventory, c, cx.as_of) {
            let Some(engaged) = v.engaged_from else {
                continue;
            };
            // Engaged when the promises began: accepted with the contract.
            if c.effective.is_some_and(|start| engaged <= start) {
                continue;
            }
            let deadline =
                days_before(engaged, promised).map_or_else(String::new, |d| format!(" (by {d})"));
            match v.announced_on {
                None => {
                    cx.report(
                        &v.origin,
                        &v.id,
                        "engaged_from",
                        format!(
                            "sub-processor '{}' is engaged from {engaged} but was never announced to your customers; they must be told {promised} days before{deadline}",
                            v.id
                        ),
                    )
                    .primary_label("never announced")
                    .label(&org.origin, promise, promise_label.clone());
                }
                Some(announced) => {
                    let given = announced.days_until(engaged);
                    if given >= i64::try_from(promised).unwrap_or(i64::MAX) {
                        continue;
                    }
                    let message = if given < 0 {
                        format!(
                            "sub-processor '{}' was announced on {announced}, {} days after it was engaged on {engaged}; customers must be told {promised} days before{deadline}",
                            v.id, -given
                        )
                    } else if given == 0 {
                        format!(
                            "sub-processor '{}' was announced on {announced}, the day it is engaged; customers must be told {promised} days before{deadline}",
                            v.id
                        )
                    } else {
                        format!(
                            "sub-processor '{}' was announced on {announced}, only {given} days before it is engaged on {engaged}; customers must be told {promised} days before{deadline}",
                            v.id
                        )
                    };
                    let told = if given < 0 {
                        format!("announced {} days after the start", -given)
                    } else if given == 0 {
                        "announced the day it starts".to_owned()
                    } else {
                        format!("announced {given} days before")
                    };
                    cx.report(&v.origin, &v.id, "announced_on", message)
                        .primary_label(told)
                        .label(&v.origin, "engaged_from", "engaged from this date")
                        .label(&org.origin, promise, promise_label.clone());
                }
            }
        }
    }
}
