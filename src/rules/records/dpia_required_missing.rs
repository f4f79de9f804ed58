//! DPA045 `dpia-required-missing`: an activity meets a mandatory DPIA trigger
//! (Art. 35(3) or a national Art. 35(4) list) but has no DPIA. The WP248
//! two-criteria rule of thumb is DPA054's (D7); [`mandatory_triggers`] is
//! shared so that DPA054 stays silent while this rule fires (I19).

use super::semicolon_list;
use crate::diagnostic::Severity;
use crate::model::Activity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpiaRequiredMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA045",
    name: "dpia-required-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 35(1)",
        "GDPR Art. 35(3)(a)-(c)",
        "GDPR Art. 35(4)",
        "NL: AP list of processing operations requiring a DPIA (2019)",
        "BE: GBA decision 01/2019",
    ],
    summary: "an activity meets a mandatory DPIA trigger (Art. 35(3) or a national list) but no DPIA is recorded",
    help: "carry out and document a DPIA before the processing starts (processors must assist, Art. 28(3)(f)); consult the supervisory authority if a high residual risk remains (Art. 36)",
    docs: include_str!("../../../rules/DPA045-dpia-required-missing/docs.md"),
    dir: "DPA045-dpia-required-missing",
    opt_in: false,
};

/// The mandatory DPIA triggers an activity meets (Art. 35(3)(a)-(c) and the
/// national Art. 35(4) lists), in readable form; empty when none applies.
pub(crate) fn mandatory_triggers(a: &Activity) -> Vec<String> {
    let r = &a.risk;
    let sensitive_data = a.has_special() || a.has_criminal();
    let mut out = Vec::new();
    if r.automated_decision_legal_effect && r.evaluation_scoring {
        out.push(
            "systematic evaluation with legal or similarly significant effects, Art. 35(3)(a)"
                .to_owned(),
        );
    }
    if sensitive_data && r.large_scale {
        out.push("large-scale processing of Art. 9 or Art. 10 data, Art. 35(3)(b)".to_owned());
    }
    if r.public_area_monitoring && r.large_scale {
        out.push("large-scale monitoring of a publicly accessible area, Art. 35(3)(c)".to_owned());
    }
    if !r.national_list.is_empty() {
        out.push(format!("national DPIA list {}", r.national_list.join(", ")));
    }
    out
}

impl Rule for DpiaRequiredMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for a in &cx.inventory.activities {
            if a.dpia.done {
                continue;
            }
            let found = mandatory_triggers(a);
            if found.is_empty() {
                continue;
            }
            cx.report(
                &a.origin,
                &a.id,
                "dpia/done",
                format!(
                    "activity '{}' meets a mandatory DPIA trigger ({}) but no DPIA is recorded (Art. 35(3)/(4))",
                    a.id,
                    semicolon_list(&found)
                ),
            );
        }
    }
}
