//! DPA015 `objection-window-too-short`: the time to object to a new
//! sub-processor (`W(v)`, RULES-v2 § 1) is shorter than `min_objection_days`.

use super::{is_authorised, objection_right_missing};
use crate::diagnostic::Severity;
use crate::rules::predicates::{WindowBasis, objection_window, vendors_with_terms};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ObjectionWindowTooShort;

static META: RuleMeta = RuleMeta {
    id: "DPA015",
    name: "objection-window-too-short",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a) Option 2",
    ],
    summary: "the window to object to a new sub-processor is shorter than the configured minimum",
    help: "negotiate at least 14 (preferably 30) days between notice and engagement; silence-as-consent is acceptable only with a realistic window",
    docs: include_str!("../../../rules/DPA015-objection-window-too-short/docs.md"),
    dir: "DPA015-objection-window-too-short",
    opt_in: false,
};

impl Rule for ObjectionWindowTooShort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let min = cx.thresholds.min_objection_days;
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            // Without authorisation (DPA011) or without an objection right
            // (DPA014) there is no window to judge (I2, I4).
            if !is_authorised(dpa.subprocessing.authorisation) || objection_right_missing(dpa) {
                continue;
            }
            let Some(w) = objection_window(dpa).filter(|w| w.days < min) else {
                continue;
            };
            let n = w.days;
            let basis = match w.basis {
                WindowBasis::Days => String::new(),
                WindowBasis::BusinessDays(b) => format!(" ({b} business days)"),
                WindowBasis::AdvanceNotice => " (advance-notice period)".to_owned(),
            };
            let f = cx.report(
                &v.origin,
                &v.id,
                w.pointer(),
                format!(
                    "objection window for '{}' sub-processor changes is {n} {}{basis} (< {min}); you may not be able to assess the change in time",
                    v.id,
                    if n == 1 { "day" } else { "days" }
                ),
            );
            if min != 14 {
                f.help(format!(
                    "negotiate at least {min} days between notice and engagement; silence-as-consent is acceptable only with a realistic window"
                ));
            }
        }
    }
}
