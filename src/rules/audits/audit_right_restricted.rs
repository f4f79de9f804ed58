//! DPA038 `audit-right-restricted`: audit conditions that let the processor prevent audits.

use super::audit_right_gaps;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AuditRightRestricted;

static META: RuleMeta = RuleMeta {
    id: "DPA038",
    name: "audit-right-restricted",
    severity: Severity::Warning,
    category: Category::Audits,
    legal_basis: &[
        "GDPR Art. 28(3)(h)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.6(c)-(d)",
    ],
    summary: "audit rights are subject to conditions that let the processor prevent audits",
    help: "allow audits at reasonable intervals and whenever there are indications of non-compliance, with reasonable notice; certifications and reports may be taken into account but not replace audits",
    docs: include_str!("../../../rules/DPA038-audit-right-restricted/docs.md"),
    dir: "DPA038-audit-right-restricted",
    opt_in: false,
};

/// Conditions that make the audit right illusory, with a readable description.
const RESTRICTIVE: &[(&str, &str)] = &[
    (
        "after_consultation",
        "prior consultation with the processor",
    ),
    ("suspicion_required", "a suspicion of non-compliance"),
    ("processor_may_refuse", "the processor's right to refuse"),
    (
        "processor_may_reject_auditor",
        "the processor's right to reject the auditor",
    ),
    ("report_in_lieu", "third-party reports replacing audits"),
];

fn describe(condition: &str) -> Option<&'static str> {
    RESTRICTIVE
        .iter()
        .find(|(token, _)| *token == condition)
        .map(|(_, text)| *text)
}

impl Rule for AuditRightRestricted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            // Audits absent or excluded are DPA037's finding (I10).
            if !audit_right_gaps(&dpa.audits).is_empty() {
                continue;
            }
            let mut hits: Vec<(usize, &str, &str)> = Vec::new();
            for (i, c) in dpa.audits.conditions.iter().enumerate() {
                if let Some(text) = describe(c)
                    && !hits.iter().any(|(_, t, _)| *t == c.as_str())
                {
                    hits.push((i, c.as_str(), text));
                }
            }
            let Some(&(first, _, _)) = hits.first() else {
                continue;
            };
            let texts: Vec<&str> = hits.iter().map(|(_, _, t)| *t).collect();
            let list = match texts.as_slice() {
                [one] => (*one).to_owned(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => unreachable!(),
            };
            let f = cx.report(
                &v.origin,
                &v.id,
                &format!("dpa/audits/conditions/{first}"),
                format!(
                    "audit rights against '{}' are subject to {list}; the processor can effectively prevent audits",
                    v.id
                ),
            );
            for (i, token, _) in hits.iter().skip(1) {
                f.label(
                    &v.origin,
                    &format!("dpa/audits/conditions/{i}"),
                    format!("'{token}' also restricts audits"),
                );
            }
        }
    }
}
