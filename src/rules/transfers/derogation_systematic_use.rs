//! DPA030 `derogation-systematic-use`: an Art. 49 derogation used for recurring
//! or processor transfers, or by a public authority for a derogation Art. 49(3)
//! withholds from it (D17).

use crate::diagnostic::Severity;
use crate::model::{Frequency, Mechanism, VendorRole};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DerogationSystematicUse;

static META: RuleMeta = RuleMeta {
    id: "DPA030",
    name: "derogation-systematic-use",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 49(1)",
        "GDPR Art. 49(3)",
        "EDPB Guidelines 2/2018 on derogations of Article 49",
    ],
    summary: "an Art. 49 derogation is relied on for recurring transfers, for a processor, or by a public authority that cannot use it",
    help: "use an Art. 46 safeguard (SCCs 2021/914 with a TIA, or for public bodies an Art. 46(2)(a)/(3)(b) instrument) for recurring transfers and for processors; keep derogations for occasional, non-repetitive transfers",
    docs: include_str!("../../../rules/DPA030-derogation-systematic-use/docs.md"),
    dir: "DPA030-derogation-systematic-use",
    opt_in: false,
};

impl Rule for DerogationSystematicUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let public_authority = inv
            .organisation
            .as_ref()
            .is_some_and(|o| o.public_authority);
        for v in &inv.vendors {
            let Some(t) = v
                .transfer
                .as_ref()
                .filter(|t| t.mechanism == Some(Mechanism::Derogation))
            else {
                continue;
            };
            let recurring = t
                .frequency
                .filter(|f| matches!(f, Frequency::Regular | Frequency::Continuous));
            let processor = v.is_processor_like();
            let what = match (recurring, processor) {
                (Some(f), _) => Some(format!("{f} transfers")),
                (None, true) if v.role == Some(VendorRole::SubProcessor) => {
                    Some("the services of a sub-processor".to_owned())
                }
                (None, true) => Some("the services of a processor".to_owned()),
                (None, false) => None,
            };
            let barred = t
                .derogation
                .as_deref()
                .filter(|d| public_authority && barred_for_public_authorities(d))
                .map(shown);
            let message = match (&what, &barred) {
                (Some(what), None) => format!(
                    "transfer to '{}' relies on an Art. 49 derogation for {what}; derogations are for occasional transfers",
                    v.id
                ),
                (None, Some(d)) => format!(
                    "transfer to '{}' relies on {d}, which public authorities cannot use in the exercise of their public powers (Art. 49(3))",
                    v.id
                ),
                (Some(what), Some(d)) => format!(
                    "transfer to '{}' relies on an Art. 49 derogation for {what}; derogations are for occasional transfers, and {d} cannot be used by public authorities in the exercise of their public powers (Art. 49(3))",
                    v.id
                ),
                (None, None) => continue,
            };
            let pointer = if what.is_none() {
                "transfer/derogation"
            } else {
                "transfer/mechanism"
            };
            let finding = cx.report(&v.origin, &v.id, pointer, message);
            if let Some(f) = recurring {
                finding.label(
                    &v.origin,
                    "transfer/frequency",
                    format!("{f}, not occasional"),
                );
            } else if processor {
                finding.label(
                    &v.origin,
                    "role",
                    "processor services are not occasional transfers",
                );
            }
            if barred.is_some() {
                if what.is_some() {
                    finding.label(
                        &v.origin,
                        "transfer/derogation",
                        "not available to public authorities (Art. 49(3))",
                    );
                }
                if let Some(org) = &inv.organisation {
                    finding.label(
                        &org.origin,
                        "public_authority",
                        "your organisation is a public authority or body",
                    );
                }
                finding.help("use an Art. 46 safeguard (SCCs, or for public bodies an Art. 46(2)(a) instrument or Art. 46(3)(b) administrative arrangement); if the transfer is outside the exercise of public powers, document that and suppress the finding with a reason");
            }
        }
    }
}

/// Art. 49(3): points (a), (b) and (c) of the first subparagraph and the second
/// subparagraph are not available to public authorities in the exercise of
/// their public powers.
fn barred_for_public_authorities(derogation: &str) -> bool {
    matches!(
        derogation,
        "art49_1_a" | "art49_1_b" | "art49_1_c" | "art49_1_2nd"
    )
}

/// `art49_1_a` as "Art. 49(1)(a)", `art49_1_2nd` as "the second subparagraph of Art. 49(1)".
fn shown(derogation: &str) -> String {
    match derogation.strip_prefix("art49_1_") {
        Some("2nd") => "the second subparagraph of Art. 49(1)".to_owned(),
        Some(point) => format!("Art. 49(1)({point})"),
        None => derogation.to_owned(),
    }
}
