//! DPA041 `toms-art32-coverage-gap`: the recorded measures leave an Art. 32(1) family uncovered.

use super::toms_missing_or_unresolvable::toms_problem;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TomsArt32CoverageGap;

static META: RuleMeta = RuleMeta {
    id: "DPA041",
    name: "toms-art32-coverage-gap",
    severity: Severity::Warning,
    category: Category::Security,
    legal_basis: &["GDPR Art. 32(1)(a)-(d)"],
    summary: "the described TOMs cover none of the measures of one or more Art. 32(1) families",
    help: "add measures for each Art. 32(1) family: encryption or pseudonymisation, access control and resilience, backup and timely restore, and regular testing and evaluation",
    docs: include_str!("../../../rules/DPA041-toms-art32-coverage-gap/docs.md"),
    dir: "DPA041-toms-art32-coverage-gap",
    opt_in: false,
};

/// The four families of FORMAT.md: (name, Art. 32(1) point, tokens).
const FAMILIES: &[(&str, &str, &[&str])] = &[
    (
        "encryption",
        "32(1)(a)",
        &[
            "encryption_in_transit",
            "encryption_at_rest",
            "end_to_end_encryption",
            "pseudonymisation",
        ],
    ),
    (
        "access",
        "32(1)(b)",
        &[
            "access_control",
            "authentication",
            "mfa",
            "role_based_access",
            "logging",
            "physical_access_control",
            "network_security",
            "firewall",
            "vpn",
            "malware_protection",
        ],
    ),
    (
        "availability",
        "32(1)(c)",
        &[
            "backup",
            "redundancy",
            "disaster_recovery",
            "restore_procedure",
        ],
    ),
    (
        "testing",
        "32(1)(d)",
        &[
            "security_testing",
            "penetration_testing",
            "audit",
            "regular_review",
            "vulnerability_management",
            "certification",
        ],
    ),
];

impl Rule for TomsArt32CoverageGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let security = &dpa.security;
            if security.measures.is_empty() || toms_problem(security).is_some() {
                continue;
            }
            let missing: Vec<String> = FAMILIES
                .iter()
                .filter(|(_, _, tokens)| {
                    !security
                        .measures
                        .iter()
                        .any(|m| tokens.contains(&m.as_str()))
                })
                .map(|(name, point, _)| format!("{name} (Art. {point})"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = match missing.as_slice() {
                [one] => one.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => unreachable!(),
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/security/measures",
                format!("TOMs of '{}' cover no measure for {list}", v.id),
            );
        }
    }
}
