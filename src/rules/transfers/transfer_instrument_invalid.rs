//! DPA025 `transfer-instrument-invalid`: an invalidated or repealed transfer instrument.

use crate::diagnostic::Severity;
use crate::model::{Date, Mechanism, Vendor};
use crate::reference::Reference;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TransferInstrumentInvalid;

static META: RuleMeta = RuleMeta {
    id: "DPA025",
    name: "transfer-instrument-invalid",
    severity: Severity::Error,
    category: Category::Transfers,
    legal_basis: &[
        "Commission Implementing Decision (EU) 2021/914, Art. 4",
        "CJEU C-362/14 (Schrems I)",
        "CJEU C-311/18 (Schrems II)",
    ],
    summary: "a transfer relies on an invalidated or repealed instrument",
    help: "replace it with the 2021/914 SCCs (matching module) or another valid Art. 45/46 basis, and redo the TIA",
    docs: include_str!("../../../rules/DPA025-transfer-instrument-invalid/docs.md"),
    dir: "DPA025-transfer-instrument-invalid",
    opt_in: false,
};

/// The first reason why the vendor's transfer instrument is invalid at `as_of`: (pointer, message).
fn problem(r: &Reference, as_of: Date, v: &Vendor) -> Option<(&'static str, String)> {
    let t = v.transfer.as_ref()?;
    let id = &v.id;
    let invalidated = match t.mechanism {
        Some(Mechanism::PrivacyShield) => Some("privacy shield"),
        Some(Mechanism::SafeHarbor) => Some("safe harbor"),
        _ => None,
    };
    if let Some(key) = invalidated
        && let Some(inv) = r
            .invalidated
            .iter()
            .find(|i| i.instrument.to_lowercase().contains(key))
        && inv.invalid_from <= as_of
    {
        let shown = match inv.instrument.split_once(", ") {
            Some((name, decision)) => format!("{name} ({decision})"),
            None => inv.instrument.clone(),
        };
        return Some((
            "transfer/mechanism",
            format!(
                "transfer to '{id}' relies on {shown}, which is no longer valid since {} ({})",
                inv.invalid_from, inv.judgment
            ),
        ));
    }
    let decision = t.scc.decision.as_deref()?;
    let instrument = r.scc_instrument(decision)?;
    if t.mechanism == Some(Mechanism::Scc) {
        if let Some(until) = instrument.valid_until
            && until < as_of
        {
            return Some((
                "transfer/scc/decision",
                format!(
                    "transfer to '{id}' relies on SCCs {decision}, which could be relied on only until {until} (repealed by Decision (EU) 2021/914)"
                ),
            ));
        }
        if let (Some(last), Some(signed)) = (instrument.concludable_until, t.scc.signed)
            && signed > last
        {
            return Some((
                "transfer/scc/signed",
                format!(
                    "transfer to '{id}' relies on SCCs {decision} signed on {signed}, but they could no longer be concluded after {last}"
                ),
            ));
        }
    }
    if let (Some(from), Some(signed)) = (instrument.valid_from, t.scc.signed)
        && signed < from
    {
        return Some((
            "transfer/scc/signed",
            format!(
                "transfer to '{id}' relies on SCCs {decision} dated {signed}, before the clauses could be used ({from})"
            ),
        ));
    }
    None
}

impl Rule for TransferInstrumentInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            if let Some((pointer, message)) = problem(cx.reference, cx.as_of, v) {
                cx.report(&v.origin, &v.id, pointer, message);
            }
        }
    }
}
