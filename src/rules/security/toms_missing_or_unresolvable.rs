//! DPA040 `toms-missing-or-unresolvable`: no TOM description, or only a placeholder.

use crate::diagnostic::Severity;
use crate::model::Security;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::security::{is_bare_placeholder, is_placeholder};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TomsMissingOrUnresolvable;

static META: RuleMeta = RuleMeta {
    id: "DPA040",
    name: "toms-missing-or-unresolvable",
    severity: Severity::Error,
    category: Category::Security,
    legal_basis: &[
        "GDPR Art. 28(3)(c)",
        "GDPR Art. 32",
        "EDPB Guidelines 07/2020 on the concepts of controller and processor v2.0 (security measures in the contract)",
        "Commission Implementing Decision (EU) 2021/915, Annex III",
    ],
    summary: "the DPA does not describe or validly reference the technical and organisational measures",
    help: "attach an Annex III-style description of the measures (or a versioned, reachable document, recorded under `dpa.documents`) detailed enough to assess them against Art. 32(1), and record it in `dpa.security.toms_ref`",
    docs: include_str!("../../../rules/DPA040-toms-missing-or-unresolvable/docs.md"),
    dir: "DPA040-toms-missing-or-unresolvable",
    opt_in: false,
};

/// Why the TOM reference fails, if it does (shared with DPA041, which runs only when it passes).
pub(super) fn toms_problem(security: &Security) -> Option<String> {
    match security.toms_ref.as_deref().map(str::trim) {
        None | Some("") => Some("no TOM description or reference is recorded".to_owned()),
        // A bare "N/A" or "XXX" references no measures either (DPA050 leaves toms_ref to this rule).
        Some(r) if is_placeholder(r) || is_bare_placeholder(r) => {
            Some(format!("the reference is a placeholder: '{r}'"))
        }
        Some(_) => None,
    }
}

impl Rule for TomsMissingOrUnresolvable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let Some(problem) = toms_problem(&dpa.security) else {
                continue;
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/security/toms_ref",
                format!(
                    "DPA with '{}' does not describe or validly reference the technical and organisational measures ({problem})",
                    v.id
                ),
            );
        }
    }
}
