//! DPA044 `dpo-required-missing`: a DPO is mandatory under Art. 37(1) but none is designated.

use super::semicolon_list;
use crate::diagnostic::Severity;
use crate::model::Activity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpoRequiredMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA044",
    name: "dpo-required-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &["GDPR Art. 37(1)", "GDPR Art. 37(7)"],
    summary: "a data protection officer appears mandatory but none is recorded",
    help: "designate a DPO, publish the DPO's contact details and notify them to the supervisory authority (Art. 37(7)); record it under `organisation.dpo`",
    docs: include_str!("../../../rules/DPA044-dpo-required-missing/docs.md"),
    dir: "DPA044-dpo-required-missing",
    opt_in: false,
};

/// The Art. 37(1) point an activity triggers, if any.
fn trigger(a: &Activity) -> Option<(&'static str, &'static str)> {
    let r = &a.risk;
    if !(r.core_activity && r.large_scale) {
        return None;
    }
    let sensitive = a.has_special() || a.has_criminal();
    match (r.systematic_monitoring, sensitive) {
        (true, true) => Some((
            "37(1)(b) and (c)",
            "large-scale systematic monitoring involving Art. 9 or Art. 10 data",
        )),
        (true, false) => Some(("37(1)(b)", "large-scale systematic monitoring")),
        (false, true) => Some((
            "37(1)(c)",
            "large-scale processing of Art. 9 or Art. 10 data",
        )),
        (false, false) => None,
    }
}

impl Rule for DpoRequiredMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let Some(org) = &inv.organisation else { return };
        if org.dpo.appointed {
            return;
        }
        let mut reasons: Vec<String> = Vec::new();
        if org.public_authority {
            reasons.push("the organisation is a public authority or body, Art. 37(1)(a)".into());
        }
        let triggering: Vec<(&Activity, &str, &str)> = inv
            .activities
            .iter()
            .filter_map(|a| trigger(a).map(|(point, what)| (&**a, point, what)))
            .collect();
        for (a, point, what) in &triggering {
            reasons.push(format!(
                "activity '{}' is {what} as a core activity, Art. {point}",
                a.id
            ));
        }
        if reasons.is_empty() {
            return;
        }
        let f = cx.report(
            &org.origin,
            "organisation",
            "dpo/appointed",
            format!(
                "a DPO appears mandatory ({}) but none is recorded (Art. 37(1))",
                semicolon_list(&reasons)
            ),
        );
        if org.public_authority {
            f.label(&org.origin, "public_authority", "public authority or body");
        }
        for (a, point, what) in &triggering {
            f.label(
                &a.origin,
                "risk/core_activity",
                format!("core activity: {what} (Art. {point})"),
            );
        }
    }
}
