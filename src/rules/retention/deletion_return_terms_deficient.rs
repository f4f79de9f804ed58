//! DPA035 `deletion-return-terms-deficient`: delete-or-return exists but falls short of Art. 28(3)(g).

use crate::diagnostic::Severity;
use crate::model::{EndOfProcessing, RetentionException, Trigger};
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DeletionReturnTermsDeficient;

static META: RuleMeta = RuleMeta {
    id: "DPA035",
    name: "deletion-return-terms-deficient",
    severity: Severity::Warning,
    category: Category::Retention,
    legal_basis: &[
        "GDPR Art. 28(3)(g)",
        "Commission Implementing Decision (EU) 2021/915, Clause 10(d)",
    ],
    summary: "deletion or return is not at the controller's choice, not automatic, or subject to any law",
    help: "provide deletion or return at your choice, automatically at the end of the services, with retention only where Union or Member State law requires storage",
    docs: include_str!("../../../rules/DPA035-deletion-return-terms-deficient/docs.md"),
    dir: "DPA035-deletion-return-terms-deficient",
    opt_in: false,
};

/// The deficiencies as (pointer below `end_of_processing`, reason), in the order (a), (b), (c).
/// Empty when `options` is empty: DPA034 reports a missing clause.
fn deficiencies(e: &EndOfProcessing) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if e.options.is_empty() {
        return out;
    }
    // (a) the controller chooses between deletion and return
    let delete = e.options.iter().any(|o| o == "delete");
    let ret = e.options.iter().any(|o| o == "return");
    if !ret {
        out.push((
            "options".into(),
            "only deletion is provided, not return at your choice",
        ));
    } else if !delete {
        out.push((
            "options".into(),
            "only return is provided, not deletion at your choice",
        ));
    } else if !e.controller_choice {
        out.push((
            "controller_choice".into(),
            "the choice between deletion and return is not yours",
        ));
    }
    // (b) the obligation applies automatically and unconditionally
    if e.trigger == Some(Trigger::OnRequest) {
        out.push((
            "trigger".into(),
            "deletion or return happens only if you ask for it",
        ));
    }
    if let Some(i) = e.qualifiers.iter().position(|q| q == "reasonably_possible") {
        out.push((
            format!("qualifiers/{i}"),
            "the obligation is limited to what is reasonably possible",
        ));
    }
    // (c) copies may be kept only where Union or Member State law requires it
    if e.retention_exception == Some(RetentionException::AnyLaw) {
        out.push((
            "retention_exception".into(),
            "copies may be kept whenever any law requires it, not only Union or Member State law",
        ));
    }
    out
}

impl Rule for DeletionReturnTermsDeficient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let found = deficiencies(&dpa.end_of_processing);
            let Some(((first, _), rest)) = found.split_first() else {
                continue;
            };
            let reasons: Vec<&str> = found.iter().map(|(_, r)| *r).collect();
            let f = cx.report(
                &v.origin,
                &v.id,
                &format!("dpa/end_of_processing/{first}"),
                format!(
                    "end-of-processing terms of '{}' are deficient: {}",
                    v.id,
                    reasons.join("; ")
                ),
            );
            for (field, reason) in rest {
                if field != first {
                    f.label(
                        &v.origin,
                        &format!("dpa/end_of_processing/{field}"),
                        *reason,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eop(options: &[&str]) -> EndOfProcessing {
        EndOfProcessing {
            options: options.iter().map(|s| s.to_string()).collect(),
            controller_choice: true,
            trigger: Some(Trigger::Automatic),
            deadline_days: Some(30),
            qualifiers: vec![],
            retention_exception: Some(RetentionException::UnionOrMemberStateLaw),
            confirmation: true,
        }
    }

    #[test]
    fn compliant_terms_have_no_deficiency() {
        assert!(deficiencies(&eop(&["delete", "return"])).is_empty());
        assert!(deficiencies(&eop(&[])).is_empty());
    }

    #[test]
    fn each_sub_condition_is_reported() {
        let fields = |e: &EndOfProcessing| {
            deficiencies(e)
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        let mut e = eop(&["delete"]);
        e.controller_choice = false;
        assert_eq!(fields(&e), ["options"]);
        let mut e = eop(&["delete", "return"]);
        e.controller_choice = false;
        e.trigger = Some(Trigger::OnRequest);
        e.qualifiers = vec!["reasonably_possible".into()];
        e.retention_exception = Some(RetentionException::AnyLaw);
        assert_eq!(
            fields(&e),
            [
                "controller_choice",
                "trigger",
                "qualifiers/0",
                "retention_exception"
            ]
        );
    }
}
