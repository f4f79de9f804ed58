//! DPA062 `retention-period-missing`: an activity of a controller records
//! neither a retention period nor the criteria that determine it (Art.
//! 30(1)(f); N7). Silent while DPA043 reports that no record is kept at all
//! (I21).

use super::lawful_basis_missing::acts_as_controller;
use super::ropa_missing::ropa_missing;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct RetentionPeriodMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA062",
    name: "retention-period-missing",
    severity: Severity::Info,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 30(1)(f)",
        "GDPR Art. 5(1)(e)",
        "GDPR Art. 13(2)(a)",
    ],
    summary: "an activity records no retention period or criteria",
    help: "record the time limit for erasure (`retention.period_days`), or the criteria that determine it (`retention.criteria`), per activity",
    docs: include_str!("../../../rules/DPA062-retention-period-missing/docs.md"),
    dir: "DPA062-retention-period-missing",
    opt_in: false,
};

impl Rule for RetentionPeriodMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        if !acts_as_controller(cx) || ropa_missing(cx).is_some() {
            return;
        }
        for a in &cx.inventory.activities {
            if a.retention.is_recorded() {
                continue;
            }
            cx.report(
                &a.origin,
                &a.id,
                "retention",
                format!(
                    "activity '{}' records no retention period or criteria (Art. 30(1)(f))",
                    a.id
                ),
            );
        }
    }
}
