//! DPA016 `objection-window-unspecified`: an objection right without a defined
//! period in which it can be exercised.

use super::with_dpa;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ObjectionWindowUnspecified;

static META: RuleMeta = RuleMeta {
    id: "DPA016",
    name: "objection-window-unspecified",
    severity: Severity::Info,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a) Option 2",
    ],
    summary: "the right to object to new sub-processors has no defined objection period",
    help: "fix an advance-notice and objection period (e.g. 30 days) so the objection can be made before the sub-processor is engaged",
    docs: include_str!("../../../rules/DPA016-objection-window-unspecified/docs.md"),
    dir: "DPA016-objection-window-unspecified",
    opt_in: false,
};

impl Rule for ObjectionWindowUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in with_dpa(&cx.inventory.vendors) {
            let objection = &dpa.subprocessing.objection;
            if objection.right && objection.window_days.is_none() {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/objection/window_days",
                    format!(
                        "objection right for '{}' sub-processors has no defined notice/objection period (window_days: not stated)",
                        v.id
                    ),
                );
            }
        }
    }
}
