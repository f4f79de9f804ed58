//! DPA023 `transfer-without-mechanism`: a third-country vendor with no transfer
//! mechanism, unless its parent's SCCs or DPF certification govern the onward
//! transfer (`ONWARD_COVERED`, D22).

use super::{Located, join_and, onward_covered, third_locations};
use crate::diagnostic::Severity;
use crate::model::{Date, Mechanism};
use crate::reference::Reference;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TransferWithoutMechanism;

static META: RuleMeta = RuleMeta {
    id: "DPA023",
    name: "transfer-without-mechanism",
    severity: Severity::Error,
    category: Category::Transfers,
    legal_basis: &["GDPR Art. 44", "GDPR Art. 46"],
    summary: "a vendor in a third country has no transfer mechanism",
    help: "put SCCs 2021/914 (matching module) and a TIA, BCRs or another Art. 46 safeguard in place, or rely on an adequacy decision or DPF certification where it covers the recipient",
    docs: include_str!("../../../rules/DPA023-transfer-without-mechanism/docs.md"),
    dir: "DPA023-transfer-without-mechanism",
    opt_in: false,
};

/// Distinct codes, with the value as written when it differs (`US ('Amerika')`).
fn shown_codes(third: &[Located]) -> Vec<String> {
    let mut shown: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for l in third {
        if seen.contains(&l.code.as_str()) {
            continue;
        }
        seen.push(&l.code);
        shown.push(if l.value == l.code {
            l.code.clone()
        } else {
            format!("{} ('{}')", l.code, l.value)
        });
    }
    shown
}

/// A help line for partial-adequacy countries: the decision may cover the recipient.
fn partial_help(r: &Reference, as_of: Date, third: &[Located]) -> Option<String> {
    let entry = third.iter().find_map(|l| r.adequacy_at(&l.code, as_of))?;
    Some(if entry.requires.as_deref() == Some("dpf_certification") {
        "if the recipient is certified on the EU-US Data Privacy Framework List, record `mechanism: dpf` with its certification details; otherwise put SCCs 2021/914 (matching module) and a TIA in place".to_owned()
    } else {
        format!(
            "{} has only a partial adequacy decision ({}): if the recipient is within its scope record `mechanism: adequacy` with `adequacy_scope_confirmed: true`; otherwise put SCCs 2021/914 (matching module) and a TIA in place",
            entry.name, entry.decision
        )
    })
}

impl Rule for TransferWithoutMechanism {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            if !matches!(v.mechanism(), None | Some(Mechanism::None)) || onward_covered(cx, v) {
                continue;
            }
            let third = third_locations(inv, cx.reference, cx.as_of, v);
            let Some(first) = third.first() else {
                continue;
            };
            let codes = join_and(&shown_codes(&third));
            let how = match (
                third.iter().any(|l| l.pointer == "country"),
                third.iter().any(|l| l.pointer != "country"),
            ) {
                (true, true) => "is established and stores data in",
                (true, false) => "is established in",
                _ => "stores data in",
            };
            let message = format!(
                "'{}' {how} {codes} (no applicable adequacy decision) but no transfer mechanism is recorded (Art. 44-46)",
                v.id
            );
            let help = partial_help(cx.reference, cx.as_of, &third);
            let finding = if v.transfer.is_some() {
                cx.report(&v.origin, &v.id, "transfer/mechanism", message)
                    .label(
                        &v.origin,
                        &first.pointer,
                        format!("{} is a third country", first.code),
                    )
            } else {
                cx.report(&v.origin, &v.id, &first.pointer, message)
            };
            if let Some(help) = help {
                finding.help(help);
            }
        }
    }
}
