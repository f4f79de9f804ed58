//! DPA025 `transfer-instrument-invalid`: an invalidated or repealed transfer
//! instrument. Its condition ([`problem`]) is shared: DPA027, DPA028 and DPA059
//! stay silent while it fires (I14).

use crate::diagnostic::Severity;
use crate::model::{Date, Mechanism, Vendor};
use crate::reference::Reference;
use crate::rules::predicates::scc_date;
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

/// Why a vendor's transfer instrument is invalid at `as_of`: the field to
/// point at, the message, and whether it is an invalidated Privacy Shield
/// (whose help suggests the DPF).
pub(crate) struct Invalid {
    pub pointer: &'static str,
    pub message: String,
    pub privacy_shield: bool,
}

/// The first reason (i)–(iv) of RULES-v2 § 2 why the vendor's transfer
/// instrument is invalid at `as_of`, if any. The SCC date is `SCC_DATE`:
/// the signature date, or for SCCs incorporated by reference the DPA's
/// acceptance or effective date (D21).
pub(crate) fn problem(r: &Reference, as_of: Date, v: &Vendor) -> Option<Invalid> {
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
        return Some(Invalid {
            pointer: "transfer/mechanism",
            message: format!(
                "transfer to '{id}' relies on {shown}, which is no longer valid since {} ({})",
                inv.invalid_from, inv.judgment
            ),
            privacy_shield: t.mechanism == Some(Mechanism::PrivacyShield),
        });
    }
    let decision = t.scc.decision.as_deref()?;
    let instrument = r.scc_instrument(decision)?;
    let date = scc_date(v);
    let invalid = |pointer, message| {
        Some(Invalid {
            pointer,
            message,
            privacy_shield: false,
        })
    };
    if t.mechanism == Some(Mechanism::Scc) {
        if let Some(until) = instrument.valid_until
            && until < as_of
        {
            return invalid(
                "transfer/scc/decision",
                format!(
                    "transfer to '{id}' relies on SCCs {decision}, which could be relied on only until {until} (repealed by Decision (EU) 2021/914)"
                ),
            );
        }
        if let (Some(last), Some(d)) = (instrument.concludable_until, date)
            && d.date > last
        {
            return invalid(
                d.pointer(),
                format!(
                    "transfer to '{id}' relies on SCCs {decision} concluded on {}, but they could no longer be concluded after {last}",
                    d.date
                ),
            );
        }
    }
    if let (Some(from), Some(d)) = (instrument.valid_from, date)
        && d.date < from
    {
        return invalid(
            d.pointer(),
            format!(
                "transfer to '{id}' relies on SCCs {decision} dated {}, before the clauses could be used ({from})",
                d.date
            ),
        );
    }
    None
}

/// The help for an invalidated Privacy Shield: its successor, the DPF, and the
/// litigation pending against the DPF decision (reference data).
fn privacy_shield_help(r: &Reference) -> String {
    let mut help = format!(
        "{}; many former Privacy Shield participants are certified under the EU-US Data Privacy Framework: check the DPF List and, if listed, record `mechanism: dpf` with its certification details",
        META.help
    );
    for entry in r
        .adequacy
        .iter()
        .filter(|e| e.requires.as_deref() == Some("dpf_certification"))
    {
        for note in entry.pending_litigation_notes() {
            help.push_str(". ");
            help.push_str(note);
        }
    }
    help
}

impl Rule for TransferInstrumentInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            if let Some(p) = problem(cx.reference, cx.as_of, v) {
                let help = p.privacy_shield.then(|| privacy_shield_help(cx.reference));
                let finding = cx.report(&v.origin, &v.id, p.pointer, p.message);
                if let Some(help) = help {
                    finding.help(help);
                }
            }
        }
    }
}
