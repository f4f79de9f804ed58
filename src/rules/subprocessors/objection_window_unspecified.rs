//! DPA016 `objection-window-unspecified`: an objection right without a defined
//! period in which it can be exercised (`W(v)` null, RULES-v2 § 1).

use super::is_authorised;
use crate::diagnostic::Severity;
use crate::rules::predicates::{objection_window, vendors_with_terms};
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
    summary: "the right to object to new sub-processors has no defined notice or objection period",
    help: "fix an advance-notice period (e.g. 30 days) so that the objection can be exercised before the engagement",
    docs: include_str!("../../../rules/DPA016-objection-window-unspecified/docs.md"),
    dir: "DPA016-objection-window-unspecified",
    opt_in: false,
};

impl Rule for ObjectionWindowUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let sp = &dpa.subprocessing;
            // Without authorisation, DPA011 reports the vendor (I2).
            if !is_authorised(sp.authorisation) || !sp.objection.right {
                continue;
            }
            if objection_window(dpa).is_none() {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/change_notice/advance_days",
                    format!(
                        "objection right for '{}' sub-processors has no defined notice or objection period",
                        v.id
                    ),
                );
            }
        }
    }
}
