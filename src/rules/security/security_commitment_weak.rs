//! DPA042 `security-commitment-weak`: best-efforts security, or the controller declares
//! the measures adequate in advance.

use crate::diagnostic::Severity;
use crate::model::Commitment;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SecurityCommitmentWeak;

static META: RuleMeta = RuleMeta {
    id: "DPA042",
    name: "security-commitment-weak",
    severity: Severity::Warning,
    category: Category::Security,
    legal_basis: &["GDPR Art. 28(1)", "GDPR Art. 28(3)(c)", "GDPR Art. 32"],
    summary: "the processor's security duty is best-efforts only or shifted to the controller by an adequacy acknowledgement",
    help: "make the Art. 32 measures a firm obligation of the processor with a regular review, and remove clauses in which you declare the measures adequate in advance",
    docs: include_str!("../../../rules/DPA042-security-commitment-weak/docs.md"),
    dir: "DPA042-security-commitment-weak",
    opt_in: false,
};

impl Rule for SecurityCommitmentWeak {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let s = &dpa.security;
            let best_efforts = s.commitment == Some(Commitment::BestEfforts);
            let deems = s.controller_deems_adequate;
            let (at, what) = match (best_efforts, deems) {
                (false, false) => continue,
                (true, false) => ("dpa/security/commitment", "best-efforts only"),
                (false, true) => (
                    "dpa/security/controller_deems_adequate",
                    "shifted to you by an adequacy acknowledgement",
                ),
                (true, true) => (
                    "dpa/security/commitment",
                    "best-efforts only and shifted to you by an adequacy acknowledgement",
                ),
            };
            let f = cx.report(
                &v.origin,
                &v.id,
                at,
                format!("security obligation of '{}' is {what}", v.id),
            );
            if best_efforts && deems {
                f.label(
                    &v.origin,
                    "dpa/security/controller_deems_adequate",
                    "you declare the measures adequate in advance",
                );
            }
        }
    }
}
