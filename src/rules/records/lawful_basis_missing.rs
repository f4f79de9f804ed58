//! DPA061 `lawful-basis-missing`: an activity of a controller records no Art.
//! 6(1) lawful basis (N6). Not for an organisation that is only a processor:
//! its controllers choose the basis. DPA032 co-fires for special-category data
//! (Art. 9(2) is needed in addition to Art. 6).

use crate::diagnostic::Severity;
use crate::model::OrgRole;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct LawfulBasisMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA061",
    name: "lawful-basis-missing",
    severity: Severity::Warning,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 6(1)",
        "GDPR Art. 5(1)(a)",
        "GDPR Art. 5(2)",
        "GDPR Art. 13(1)(c)",
    ],
    summary: "an activity records no lawful basis under Art. 6(1)",
    help: "record the Art. 6(1) basis in `lawful_basis` (art6_1_a … art6_1_f); for special-category data also the Art. 9(2) condition",
    docs: include_str!("../../../rules/DPA061-lawful-basis-missing/docs.md"),
    dir: "DPA061-lawful-basis-missing",
    opt_in: false,
};

/// Whether the organisation acts (also) as a controller: `role` is not
/// `processor` (an absent role or organisation counts as a controller).
pub(crate) fn acts_as_controller(cx: &Context<'_>) -> bool {
    cx.inventory.organisation.as_ref().and_then(|o| o.role) != Some(OrgRole::Processor)
}

impl Rule for LawfulBasisMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        if !acts_as_controller(cx) {
            return;
        }
        for a in &cx.inventory.activities {
            if a.lawful_basis.is_some() {
                continue;
            }
            cx.report(
                &a.origin,
                &a.id,
                "lawful_basis",
                format!(
                    "activity '{}' has no recorded lawful basis (Art. 6(1))",
                    a.id
                ),
            );
        }
    }
}
