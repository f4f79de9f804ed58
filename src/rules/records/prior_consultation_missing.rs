//! DPA064 `prior-consultation-missing`: a DPIA leaves a high residual risk but
//! the supervisory authority was not consulted (Art. 36(1); N9). Exclusive with
//! DPA045 and DPA054, which need `dpia.done != true` (I20).

use crate::diagnostic::Severity;
use crate::model::ResidualRisk;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct PriorConsultationMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA064",
    name: "prior-consultation-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 36(1)",
        "WP29 Guidelines on DPIA (WP248 rev.01)",
        "Commission Implementing Decision (EU) 2021/915, Clause 8(c)(2)",
    ],
    summary: "a DPIA leaves a high residual risk but no prior consultation of the supervisory authority is recorded",
    help: "consult the supervisory authority before processing (NL: Autoriteit Persoonsgegevens; BE: GBA) and record it under `dpia.prior_consultation`, or reduce the residual risk with further measures and update the DPIA",
    docs: include_str!("../../../rules/DPA064-prior-consultation-missing/docs.md"),
    dir: "DPA064-prior-consultation-missing",
    opt_in: false,
};

impl Rule for PriorConsultationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for a in &cx.inventory.activities {
            let dpia = &a.dpia;
            if !dpia.done
                || dpia.residual_risk != Some(ResidualRisk::High)
                || dpia.prior_consultation.done
            {
                continue;
            }
            cx.report(
                &a.origin,
                &a.id,
                "dpia/residual_risk",
                format!(
                    "the DPIA of activity '{}' leaves a high residual risk but no prior consultation of the supervisory authority is recorded (Art. 36(1))",
                    a.id
                ),
            );
        }
    }
}
