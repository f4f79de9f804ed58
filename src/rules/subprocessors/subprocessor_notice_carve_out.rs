//! DPA013 `subprocessor-notice-carve-out`: categories of sub-processors the
//! processor may add without prior notice (Art. 28(2)).

use super::{authorisation_missing, notice_missing};
use crate::diagnostic::Severity;
use crate::model::CarveOutNotice;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorNoticeCarveOut;

static META: RuleMeta = RuleMeta {
    id: "DPA013",
    name: "subprocessor-notice-carve-out",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a)",
        "EDPB Opinion 22/2024, paras. 31-32",
    ],
    summary: "the DPA lets the processor add some sub-processors without prior notice",
    help: "remove the carve-out or require the same advance notice for group companies and any entity with access to personal data; notice after the engagement gives no opportunity to object",
    docs: include_str!("../../../rules/DPA013-subprocessor-notice-carve-out/docs.md"),
    dir: "DPA013-subprocessor-notice-carve-out",
    opt_in: false,
};

impl Rule for SubprocessorNoticeCarveOut {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for (v, dpa) in vendors_with_terms(&inv.vendors) {
            // No authorisation at all (DPA011) or no prior notice at all
            // (DPA012) is the larger problem; a carve-out adds nothing (I2, I3).
            if authorisation_missing(inv, v, dpa) || notice_missing(dpa) {
                continue;
            }
            let silent: Vec<(usize, String)> = dpa
                .subprocessing
                .carve_outs
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    matches!(
                        c.notice,
                        Some(CarveOutNotice::None | CarveOutNotice::AfterTheFact)
                    )
                })
                .map(|(i, c)| {
                    let scope = c.scope.as_deref().map(str::trim).filter(|s| !s.is_empty());
                    let scope =
                        scope.map_or_else(|| "an unnamed scope".to_owned(), |s| format!("'{s}'"));
                    if c.notice == Some(CarveOutNotice::AfterTheFact) {
                        (i, format!("{scope} (notice only after the engagement)"))
                    } else {
                        (i, scope)
                    }
                })
                .collect();
            let Some((first, _)) = silent.first() else {
                continue;
            };
            let scopes = silent
                .iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let f = cx.report(
                &v.origin,
                &v.id,
                &format!("dpa/subprocessing/carve_outs/{first}/notice"),
                format!(
                    "'{}' may add sub-processors without prior notice for: {scopes} (Art. 28(2))",
                    v.id
                ),
            );
            for (i, scope) in silent.iter().skip(1) {
                f.label(
                    &v.origin,
                    &format!("dpa/subprocessing/carve_outs/{i}/notice"),
                    format!("no prior notice either for {scope}"),
                );
            }
        }
    }
}
