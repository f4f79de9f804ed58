//! DPA056 `joint-controller-arrangement-missing`: a joint controller without a
//! documented Art. 26 arrangement, or whose essence is not made available to
//! data subjects.

use crate::diagnostic::Severity;
use crate::model::VendorRole;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct JointControllerArrangementMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA056",
    name: "joint-controller-arrangement-missing",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 26(1)",
        "GDPR Art. 26(2)",
        "EDPB Guidelines 07/2020 on the concepts of controller and processor v2.0, Part II, chapter 2",
    ],
    summary: "a joint controller has no documented Art. 26 arrangement, or its essence is not available to data subjects",
    help: "agree in writing who does what (data subject rights, Art. 13/14 information, contact point) and make its essence available, e.g. in the privacy notice",
    docs: include_str!("../../../rules/DPA056-joint-controller-arrangement-missing/docs.md"),
    dir: "DPA056-joint-controller-arrangement-missing",
    opt_in: false,
};

impl Rule for JointControllerArrangementMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for v in &cx.inventory.vendors {
            if v.role != Some(VendorRole::JointController) {
                continue;
            }
            let a = &v.arrangement;
            let mut gaps: Vec<(&str, &str)> = Vec::new();
            if !a.documented {
                gaps.push(("arrangement/documented", "documented Art. 26 arrangement"));
            }
            if !a.essence_available {
                gaps.push((
                    "arrangement/essence_available",
                    "essence of the arrangement made available to data subjects",
                ));
            }
            let Some(&(first, _)) = gaps.first() else {
                continue;
            };
            let what = gaps
                .iter()
                .map(|(_, w)| format!("no {w}"))
                .collect::<Vec<_>>()
                .join(" and ");
            let message = format!("{what} with joint controller '{}' (Art. 26)", v.id);
            if gaps.len() > 1 {
                // Nothing recorded: point at the role that calls for an arrangement.
                cx.report(&v.origin, &v.id, "role", message);
            } else {
                cx.report(&v.origin, &v.id, first, message).label(
                    &v.origin,
                    "role",
                    "recorded as a joint controller here",
                );
            }
        }
    }
}
