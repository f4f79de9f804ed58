//! DPA013 `subprocessor-notice-carve-out`: categories of sub-processors the
//! processor may add without any notice (Art. 28(2)).

use super::with_dpa;
use crate::diagnostic::Severity;
use crate::model::CarveOutNotice;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorNoticeCarveOut;

static META: RuleMeta = RuleMeta {
    id: "DPA013",
    name: "subprocessor-notice-carve-out",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &["GDPR Art. 28(2)", "EDPB Opinion 22/2024, paras. 31-32"],
    summary: "the DPA lets the processor add some sub-processors without any notice",
    help: "remove the carve-out, or at least require the same prior notice for group companies and any other entity with access to personal data",
    docs: include_str!("../../../rules/DPA013-subprocessor-notice-carve-out/docs.md"),
    dir: "DPA013-subprocessor-notice-carve-out",
    opt_in: false,
};

impl Rule for SubprocessorNoticeCarveOut {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in with_dpa(&cx.inventory.vendors) {
            let silent: Vec<(usize, String)> = dpa
                .subprocessing
                .carve_outs
                .iter()
                .enumerate()
                .filter(|(_, c)| c.notice == Some(CarveOutNotice::None))
                .map(|(i, c)| {
                    let scope = c.scope.as_deref().map(str::trim).filter(|s| !s.is_empty());
                    (
                        i,
                        scope.map_or_else(|| "an unnamed scope".to_owned(), |s| format!("'{s}'")),
                    )
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
                    "'{}' may add sub-processors without notice for: {scopes} (Art. 28(2))",
                    v.id
                ),
            );
            for (i, scope) in silent.iter().skip(1) {
                f.label(
                    &v.origin,
                    &format!("dpa/subprocessing/carve_outs/{i}/notice"),
                    format!("no notice either for {scope}"),
                );
            }
        }
    }
}
