//! DPA068 `infrastructure-location-unresolved`: where a provider's data go
//! cannot be known from the Terraform source (once per provider).

use crate::diagnostic::Severity;
use crate::project::terraform::Value;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct InfrastructureLocationUnresolved;

static META: RuleMeta = RuleMeta {
    id: "DPA068",
    name: "infrastructure-location-unresolved",
    severity: Severity::Info,
    category: Category::Infrastructure,
    legal_basis: &["GDPR Art. 30(1)(e)", "GDPR Art. 44-46"],
    summary: "where a Terraform provider puts data cannot be resolved statically",
    help: "give the value in the source (a literal, a variable default or terraform.tfvars), or pass a plan with --terraform-plan",
    docs: include_str!("../../../rules/DPA068-infrastructure-location-unresolved/docs.md"),
    dir: "DPA068-infrastructure-location-unresolved",
    opt_in: false,
};

impl Rule for InfrastructureLocationUnresolved {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(evidence) = cx.infrastructure else {
            return;
        };
        for p in &evidence.providers {
            let open: Vec<_> = p
                .uses
                .iter()
                .filter(|u| {
                    matches!(
                        u.value,
                        Value::Unresolved { .. } | Value::Known { location: None, .. }
                    )
                })
                .collect();
            let Some(first) = open.first() else {
                continue;
            };
            let why = match &first.value {
                Value::Unresolved { reason } => reason.clone(),
                Value::Known { text, .. } => format!(
                    "`{text}` is not a location dpalint knows for {} (rules/reference)",
                    p.service
                ),
            };
            let more = match open.len() - 1 {
                0 => String::new(),
                1 => "; 1 more place of this provider is unresolved".into(),
                n => format!("; {n} more places of this provider are unresolved"),
            };
            let subject = first.subject.strip_prefix("provider ").map_or_else(
                || format!("`{}`", first.subject),
                |k| format!("provider `{k}`"),
            );
            cx.report(
                &first.at,
                &p.address,
                "",
                format!(
                    "where {subject} puts {} data cannot be known without running Terraform: {why}{more}",
                    p.service
                ),
            )
            .help(format!(
                "set `{}` to a literal, a variable default or a value in terraform.tfvars, or pass a plan with --terraform-plan; until then list every region it may take in the {} vendor's `data_locations`",
                first.attribute, p.service
            ));
        }
    }
}
