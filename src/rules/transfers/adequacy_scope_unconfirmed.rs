//! DPA029 `adequacy-scope-unconfirmed`: an adequacy/DPF transfer the decision
//! does not (demonstrably) cover. HR data are only what an activity flags with
//! `hr_data: true` (`HR_TO`, D2). A DPF defect of a parent is reported on the
//! parent only: its US sub-processors stay covered (`ONWARD_COVERED`, I18), and
//! DPA049 leaves the overdue re-certification date to this rule (I17).

use super::{
    GapKind, adequacy_gaps, hr_to, join_and, outside_eea_and_full_adequacy, relies_on_adequacy,
    vendor_locations,
};
use crate::diagnostic::Severity;
use crate::inventory::Inventory;
use crate::model::{Date, Vendor};
use crate::reference::Reference;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AdequacyScopeUnconfirmed;

static META: RuleMeta = RuleMeta {
    id: "DPA029",
    name: "adequacy-scope-unconfirmed",
    severity: Severity::Error,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 45",
        "Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)",
        "DPF Supplemental Principle 9 (human resources data)",
        "scope limits of the adequacy decisions (rules/reference/adequacy.yaml)",
    ],
    summary: "a transfer relies on an adequacy decision or the DPF without being shown to fall within its scope",
    help: "rely on adequacy only where a decision in force covers the recipient (DPF List, sector scope); otherwise use SCCs 2021/914 with a TIA, BCRs or another Art. 46 safeguard",
    docs: include_str!("../../../rules/DPA029-adequacy-scope-unconfirmed/docs.md"),
    dir: "DPA029-adequacy-scope-unconfirmed",
    opt_in: false,
};

/// Whether DPA029 fires for `v`: it relies on `adequacy` or `dpf` and some
/// country in `FOREIGN(v)` is not covered (DPA049 leaves the DPF
/// re-certification date of such a vendor to DPA029, I17).
pub(crate) fn adequacy_unconfirmed(
    inv: &Inventory,
    r: &Reference,
    as_of: Date,
    v: &Vendor,
) -> bool {
    relies_on_adequacy(v)
        && vendor_locations(r, v).iter().any(|l| {
            outside_eea_and_full_adequacy(r, &l.code, as_of)
                && !adequacy_gaps(inv, r, as_of, v, &l.code).is_empty()
        })
}

/// A scope note of adequacy.yaml without its maintenance remarks ("verify ...").
fn user_note(note: &str) -> String {
    let mut out = note.to_owned();
    for marker in [" — verify", " (verify"] {
        if let Some(i) = out.find(marker) {
            let end = if marker.starts_with(" (") {
                out[i..].find(')').map_or(out.len(), |j| i + j + 1)
            } else {
                out.len()
            };
            out.replace_range(i..end, "");
        }
    }
    out.trim().trim_end_matches(';').to_owned()
}

impl Rule for AdequacyScopeUnconfirmed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let r = cx.reference;
        let as_of = cx.as_of;
        for v in &inv.vendors {
            if !relies_on_adequacy(v) {
                continue;
            }
            let mut codes: Vec<String> = Vec::new();
            let mut reasons: Vec<String> = Vec::new();
            let mut first: Option<(String, GapKind, String)> = None;
            for l in vendor_locations(r, v) {
                if codes.contains(&l.code) || !outside_eea_and_full_adequacy(r, &l.code, as_of) {
                    continue;
                }
                let gaps = adequacy_gaps(inv, r, as_of, v, &l.code);
                let Some(g) = gaps.first() else { continue };
                first.get_or_insert_with(|| {
                    (
                        g.pointer.map_or(l.pointer.clone(), str::to_owned),
                        g.kind,
                        l.code.clone(),
                    )
                });
                codes.push(l.code.clone());
                reasons.extend(gaps.into_iter().map(|g| g.reason));
            }
            let Some((pointer, kind, code)) = first else {
                continue;
            };
            let mut help = match kind {
                GapKind::NoDecision => None,
                GapKind::Dpf => Some(
                    "check the recipient's active entry on the DPF List (dataprivacyframework.gov), including HR coverage if `hr_data` activities reach it, and record `certified`, `verified_on` and `recertification_due`; otherwise use SCCs 2021/914 with a TIA".to_owned(),
                ),
                GapKind::Scope => r.adequacy_at(&code, as_of).map(|e| {
                    let scope = e.scope_note.as_deref().map(user_note).unwrap_or_default();
                    format!(
                        "the decision for {} ({}) covers: {scope}; confirm the recipient falls within it and set `adequacy_scope_confirmed: true`, otherwise use SCCs 2021/914 with a TIA",
                        e.name, e.decision
                    )
                }),
            };
            // Litigation pending against a decision relied on (the DPF appeal).
            let notes: Vec<&str> = codes
                .iter()
                .filter_map(|c| r.adequacy_entry(c))
                .flat_map(|e| e.pending_litigation_notes())
                .collect();
            if !notes.is_empty() {
                let base = help.take().unwrap_or_else(|| META.help.to_owned());
                help = Some(format!("{base}. {}", notes.join(" ")));
            }
            let finding = cx.report(
                &v.origin,
                &v.id,
                &pointer,
                format!(
                    "'{}' ({}) is not covered by an adequacy decision for this transfer: {}",
                    v.id,
                    join_and(&codes),
                    reasons.join("; ")
                ),
            );
            if let Some(help) = help {
                finding.help(help);
            }
            if !v.transfer.as_ref().is_some_and(|t| t.dpf.hr_data_covered)
                && codes.iter().any(|c| {
                    r.adequacy_at(c, as_of)
                        .is_some_and(|e| e.requires.as_deref() == Some("dpf_certification"))
                })
                && let Some(a) = hr_to(inv, v)
            {
                finding.label(
                    &a.origin,
                    "hr_data",
                    format!("activity '{}' sends HR data", a.id),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::user_note;

    #[test]
    fn maintenance_remarks_are_dropped() {
        assert_eq!(
            user_note("Entities subject to PIPA; excludes credit data (verify exact exclusion)"),
            "Entities subject to PIPA; excludes credit data"
        );
        assert_eq!(
            user_note("Automated transfers; territorial scope per the recitals — verify text"),
            "Automated transfers; territorial scope per the recitals"
        );
        assert_eq!(
            user_note("Commercial organisations"),
            "Commercial organisations"
        );
    }
}
