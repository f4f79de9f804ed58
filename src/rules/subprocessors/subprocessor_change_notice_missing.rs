//! DPA012 `subprocessor-change-notice-missing`: general authorisation without a
//! duty to inform the controller of intended changes (Art. 28(2), 2nd sentence).

use super::{stated, with_dpa};
use crate::diagnostic::Severity;
use crate::model::{Authorisation, NoticeMode};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorChangeNoticeMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA012",
    name: "subprocessor-change-notice-missing",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &["GDPR Art. 28(2)", "EDPB Opinion 22/2024, para. 32"],
    summary: "general sub-processor authorisation without a duty to notify intended changes",
    help: "require active written notice (e-mail or portal notification) of every intended addition or replacement of a sub-processor before it takes effect",
    docs: include_str!("../../../rules/DPA012-subprocessor-change-notice-missing/docs.md"),
    dir: "DPA012-subprocessor-change-notice-missing",
    opt_in: false,
};

impl Rule for SubprocessorChangeNoticeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in with_dpa(&cx.inventory.vendors) {
            let sp = &dpa.subprocessing;
            if sp.authorisation != Some(Authorisation::General) {
                continue;
            }
            let mode = sp.change_notice.mode;
            if matches!(mode, None | Some(NoticeMode::None | NoticeMode::OnRequest)) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/change_notice/mode",
                    format!(
                        "'{}' has general authorisation but is not obliged to inform you of intended sub-processor changes (change notice: {}; Art. 28(2))",
                        v.id,
                        stated(mode)
                    ),
                );
            }
        }
    }
}
