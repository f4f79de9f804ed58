//! DPA012 `subprocessor-change-notice-missing`: general authorisation without a
//! duty to inform the controller of intended changes before they take effect
//! (Art. 28(2), 2nd sentence).

use super::{notice_missing, stated};
use crate::diagnostic::Severity;
use crate::model::NoticeMode;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorChangeNoticeMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA012",
    name: "subprocessor-change-notice-missing",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "EDPB Opinion 22/2024, paras. 31-32",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a) Option 2",
    ],
    summary: "general sub-processor authorisation without a duty to notify intended changes in advance",
    help: "require active written notice of every intended addition or replacement of a sub-processor before it takes effect",
    docs: include_str!("../../../rules/DPA012-subprocessor-change-notice-missing/docs.md"),
    dir: "DPA012-subprocessor-change-notice-missing",
    opt_in: false,
};

impl Rule for SubprocessorChangeNoticeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !notice_missing(dpa) {
                continue;
            }
            let mode = dpa.subprocessing.change_notice.mode;
            let f = cx.report(
                &v.origin,
                &v.id,
                "dpa/subprocessing/change_notice/mode",
                format!(
                    "'{}' has general authorisation but is not obliged to inform you of intended sub-processor changes before they take effect (change notice: {}; Art. 28(2))",
                    v.id,
                    stated(mode)
                ),
            );
            match mode {
                Some(NoticeMode::DocumentUpdate) => {
                    f.help("a republished list or statement is not notice: require written notice (e-mail, portal notification or a subscription alert) of every intended addition or replacement before it takes effect");
                }
                Some(NoticeMode::AfterTheFact) => {
                    f.help("notice after the engagement gives no opportunity to object: require notice of intended changes in advance");
                }
                _ => {}
            }
        }
    }
}
