//! DPA053 `transfer-tool-unevidenced`: a code of conduct, certification or BCRs
//! relied on as a transfer tool without the evidence Art. 46(2)(b), (e), (f)
//! and Art. 47 require (D6). Its condition ([`tool_unevidenced`]) is shared:
//! DPA028 and DPA059 stay silent while it fires (I15), since a TIA cannot
//! stand in for a tool that is not shown to exist.

use super::{join_and, needs_transfer, onward_covered, third_countries};
use crate::diagnostic::Severity;
use crate::model::{Mechanism, Vendor};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TransferToolUnevidenced;

static META: RuleMeta = RuleMeta {
    id: "DPA053",
    name: "transfer-tool-unevidenced",
    severity: Severity::Error,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 46(2)(b)",
        "GDPR Art. 47(1)",
        "GDPR Art. 46(2)(e)",
        "GDPR Art. 40(3)",
        "GDPR Art. 46(2)(f)",
        "GDPR Art. 42(2)",
        "EDPB Guidelines 04/2021 on codes of conduct as tools for transfers",
        "EDPB Guidelines 07/2022 on certification as a tool for transfers",
    ],
    summary: "a code of conduct, certification or BCRs is relied on as a transfer tool without its approval, the importer's commitments or group membership",
    help: "record the approval reference of the code or certification and the importer's binding and enforceable commitments; otherwise use SCCs 2021/914 with a TIA",
    docs: include_str!("../../../rules/DPA053-transfer-tool-unevidenced/docs.md"),
    dir: "DPA053-transfer-tool-unevidenced",
    opt_in: false,
};

const BCR_HELP: &str = "BCRs cover transfers within the approved group only: record the approval reference of the BCRs (`transfer.bcr.approval_reference`) and confirm that the importer is a member of the group (`group_member: true`); otherwise use SCCs 2021/914 with a TIA";

/// What is missing for a tool to be evidenced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unevidenced {
    /// "a code of conduct", "a certification" or "BCRs".
    pub tool: &'static str,
    /// The missing items, in message form, each with the field to point at.
    pub missing: Vec<(&'static str, &'static str)>,
    pub bcr: bool,
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// The DPA053 condition: `v` needs a transfer, is not covered by its parent's
/// onward-transfer terms, and relies on a code of conduct or certification
/// without an approval reference or binding commitments, or on BCRs without an
/// approval reference or group membership.
pub(crate) fn tool_unevidenced(cx: &Context<'_>, v: &Vendor) -> Option<Unevidenced> {
    let t = v.transfer.as_ref()?;
    let (tool, bcr) = match t.mechanism? {
        Mechanism::CodeOfConduct => ("a code of conduct", false),
        Mechanism::Certification => ("a certification", false),
        Mechanism::Bcr => ("BCRs", true),
        _ => return None,
    };
    let mut missing = Vec::new();
    if bcr {
        if blank(t.bcr.approval_reference.as_deref()) {
            missing.push((
                "transfer/bcr/approval_reference",
                "the BCR approval reference",
            ));
        }
        if !t.bcr.group_member {
            missing.push((
                "transfer/bcr/group_member",
                "the importer's membership of the BCR group",
            ));
        }
    } else {
        if blank(t.approval.reference.as_deref()) {
            missing.push(("transfer/approval/reference", "the approval reference"));
        }
        if !t.approval.binding_commitments {
            missing.push((
                "transfer/approval/binding_commitments",
                "the importer's binding and enforceable commitments",
            ));
        }
    }
    if missing.is_empty() || !needs_transfer(cx, v) || onward_covered(cx, v) {
        return None;
    }
    Some(Unevidenced { tool, missing, bcr })
}

impl Rule for TransferToolUnevidenced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(u) = tool_unevidenced(cx, v) else {
                continue;
            };
            let items: Vec<String> = u.missing.iter().map(|(_, m)| (*m).to_owned()).collect();
            // With no evidence block at all, point at the mechanism relied on.
            let recorded = v.transfer.as_ref().is_some_and(|t| {
                if u.bcr {
                    t.bcr.approval_reference.is_some() || t.bcr.group_member
                } else {
                    t.approval.reference.is_some()
                        || t.approval.binding_commitments
                        || t.approval.scheme.is_some()
                }
            });
            let pointer = if recorded {
                u.missing[0].0
            } else {
                "transfer/mechanism"
            };
            let finding = cx.report(
                &v.origin,
                &v.id,
                pointer,
                format!(
                    "transfer to '{}' ({}) relies on {} without {}",
                    v.id,
                    join_and(&third_countries(cx, v)),
                    u.tool,
                    join_and(&items)
                ),
            );
            if u.bcr {
                finding.help(BCR_HELP);
            }
        }
    }
}
