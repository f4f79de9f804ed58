//! DPA024 `transfer-mechanism-unspecified`: the transfer mechanism is not
//! identified. One finding per reporting vendor (`HOLDER`, RULES-v2 § 2): a
//! parent DPA with a generic transfer clause is reported once, not once per
//! sub-processor (D22, I13).

use super::{concrete, join_and, needs_transfer, onward_covered, third_countries};
use crate::diagnostic::Severity;
use crate::model::{Mechanism, TransferClause, Vendor};
use crate::rules::predicates::{chain, checked_terms, governing_dpa};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TransferMechanismUnspecified;

static META: RuleMeta = RuleMeta {
    id: "DPA024",
    name: "transfer-mechanism-unspecified",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 44-46",
        "GDPR Art. 28(3)(a)",
        "GDPR Art. 30(1)(e)",
    ],
    summary: "a transfer relies on unspecified safeguards, or the DPA allows transfers to unknown locations",
    help: "identify every third-country recipient and record its concrete mechanism (SCC decision, module and date, DPF certification, BCRs) and TIA",
    docs: include_str!("../../../rules/DPA024-transfer-mechanism-unspecified/docs.md"),
    dir: "DPA024-transfer-mechanism-unspecified",
    opt_in: false,
};

/// A transfer clause that names no concrete mechanism: `none` or `generic`
/// (`None` when the vendor has no DPA terms or a concrete clause).
fn vague_clause(v: &Vendor) -> Option<TransferClause> {
    v.dpa
        .as_ref()
        .and_then(|d| d.transfers.clause)
        .filter(|c| matches!(c, TransferClause::None | TransferClause::Generic))
}

/// `U(w)`: a transfer is needed, the mechanism is `unspecified`, and no parent's
/// onward-transfer terms cover it.
fn unspecified(cx: &Context<'_>, w: &Vendor) -> bool {
    w.mechanism() == Some(Mechanism::Unspecified) && needs_transfer(cx, w) && !onward_covered(cx, w)
}

/// `L(w)`: no data locations, no concrete mechanism, not covered by a parent.
fn locations_unknown(cx: &Context<'_>, w: &Vendor) -> bool {
    w.data_locations.is_empty() && !concrete(w) && !onward_covered(cx, w)
}

/// `HOLDER(w)`: the nearest DPA governing `w` if its transfer clause is
/// `none` or `generic` (that clause is the problem), else `w` itself.
fn holder<'a>(cx: &Context<'a>, w: &'a Vendor) -> &'a Vendor {
    match governing_dpa(cx.inventory, w) {
        Some(g) if vague_clause(g).is_some() => g,
        _ => w,
    }
}

fn quoted(ws: &[&Vendor]) -> String {
    join_and(&ws.iter().map(|w| format!("'{}'", w.id)).collect::<Vec<_>>())
}

impl Rule for TransferMechanismUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        // (a) every w with U(w), grouped by HOLDER(w), in declaration order.
        let mut held: Vec<(&Vendor, Vec<&Vendor>)> = Vec::new();
        for w in &inv.vendors {
            let w: &Vendor = w;
            if !unspecified(cx, w) {
                continue;
            }
            let h = holder(cx, w);
            match held.iter_mut().find(|(e, _)| std::ptr::eq(*e, h)) {
                Some((_, ws)) => ws.push(w),
                None => held.push((h, vec![w])),
            }
        }
        for e in &inv.vendors {
            let e: &Vendor = e;
            let a: Vec<&Vendor> = held
                .iter()
                .find(|(h, _)| std::ptr::eq(*h, e))
                .map(|(_, ws)| ws.clone())
                .unwrap_or_default();
            // (b) G0/G0b: the DPA's terms are recorded and its clause is vague.
            let clause = checked_terms(e).and_then(|_| vague_clause(e));
            let b: Vec<&Vendor> = match clause {
                Some(_) => chain(inv, e)
                    .into_iter()
                    .filter(|w| locations_unknown(cx, w))
                    .collect(),
                None => Vec::new(),
            };
            if a.is_empty() && b.is_empty() {
                continue;
            }
            let clause_text = vague_clause(e).map_or("none", |c| c.as_str());
            let subs: Vec<&Vendor> = a.iter().copied().filter(|w| !std::ptr::eq(*w, e)).collect();
            let own = a.iter().any(|w| std::ptr::eq(*w, e));
            let (pointer, message) = if !subs.is_empty() {
                (
                    "dpa/transfers/clause",
                    format!(
                        "DPA with '{}' names no concrete transfer mechanism for its third-country sub-processor{} {} (transfer clause: {clause_text})",
                        e.id,
                        if subs.len() == 1 { "" } else { "s" },
                        quoted(&subs)
                    ),
                )
            } else if own {
                (
                    "transfer/mechanism",
                    format!(
                        "transfer to '{}' ({}) relies on an unspecified mechanism",
                        e.id,
                        join_and(&third_countries(cx, e))
                    ),
                )
            } else {
                (
                    "dpa/transfers/clause",
                    format!(
                        "DPA with '{}' allows transfers under unspecified 'appropriate safeguards' (transfer clause: {clause_text}) and data locations of {} are unknown",
                        e.id,
                        quoted(&b)
                    ),
                )
            };
            // Labels: the vendor's own mechanism (when the message names its
            // sub-processors), each sub-processor held, each unknown location.
            let mut labels: Vec<(&Vendor, &'static str, String)> = Vec::new();
            if own && !subs.is_empty() {
                labels.push((
                    e,
                    "transfer/mechanism",
                    format!(
                        "'{}' itself ({}) also relies on an unspecified mechanism",
                        e.id,
                        join_and(&third_countries(cx, e))
                    ),
                ));
            }
            for w in subs.iter().copied() {
                labels.push((
                    w,
                    "transfer/mechanism",
                    format!(
                        "'{}' ({}) relies on an unspecified mechanism",
                        w.id,
                        join_and(&third_countries(cx, w))
                    ),
                ));
            }
            for w in b.iter().copied().filter(|w| !std::ptr::eq(*w, e)) {
                labels.push((
                    w,
                    "data_locations",
                    format!(
                        "'{}' has no data locations and no concrete transfer mechanism",
                        w.id
                    ),
                ));
            }
            let finding = cx.report(&e.origin, &e.id, pointer, message);
            for (w, rel, text) in labels {
                finding.label(&w.origin, rel, text);
            }
        }
    }
}
