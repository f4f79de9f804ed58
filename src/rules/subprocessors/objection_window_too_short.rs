//! DPA015 `objection-window-too-short`: the time to object to a new
//! sub-processor is shorter than `min_objection_days`.

use super::with_dpa;
use crate::diagnostic::Severity;
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
    help: "negotiate at least 14 (preferably 30) days between the change notice and the engagement of the new sub-processor",
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
        for (v, dpa) in with_dpa(&cx.inventory.vendors) {
            let objection = &dpa.subprocessing.objection;
            let Some(n) = objection.window_days.filter(|&n| n < min) else {
                continue;
            };
            let f = cx.report(
                &v.origin,
                &v.id,
                "dpa/subprocessing/objection/window_days",
                format!(
                    "objection window for '{}' sub-processor changes is {n} {} (< {min}); you may not be able to assess the change in time",
                    v.id,
                    if n == 1 { "day" } else { "days" }
                ),
            );
            if objection.silence_is_consent {
                f.help(format!(
                    "silence counts as consent after only {n} days: negotiate at least {min} days (preferably 30) between the change notice and the engagement"
                ));
            } else if min != 14 {
                f.help(format!(
                    "negotiate at least {min} days between the change notice and the engagement of the new sub-processor"
                ));
            }
        }
    }
}
