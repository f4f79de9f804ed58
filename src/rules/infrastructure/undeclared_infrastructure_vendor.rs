//! DPA067 `undeclared-infrastructure-vendor`: a Terraform provider of a
//! service that holds personal data, and no vendor in the inventory for it.

use super::{Link, link};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct UndeclaredInfrastructureVendor;

static META: RuleMeta = RuleMeta {
    id: "DPA067",
    name: "undeclared-infrastructure-vendor",
    severity: Severity::Warning,
    category: Category::Infrastructure,
    legal_basis: &["GDPR Art. 30(1)(d)", "GDPR Art. 28(2)"],
    summary: "Terraform configures a personal-data service that no vendor in the inventory declares",
    help: "add a vendor entry for the service (role, country, data_locations, DPA) and link it with `infrastructure: { terraform_providers: [...] }`",
    docs: include_str!("../../../rules/DPA067-undeclared-infrastructure-vendor/docs.md"),
    dir: "DPA067-undeclared-infrastructure-vendor",
    opt_in: false,
};

impl Rule for UndeclaredInfrastructureVendor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(evidence) = cx.infrastructure else {
            return;
        };
        for p in evidence.providers.iter().filter(|p| p.personal_data) {
            let help = format!(
                "add a vendor for {} (role, country, data_locations, DPA) with `infrastructure: {{ terraform_providers: [{}] }}`; if it receives no personal data, suppress this finding with the reason",
                p.service, p.address
            );
            match link(cx.inventory, &p.address, &p.service) {
                Link::Declared(_) | Link::Matched(_) => {}
                Link::None => {
                    cx.report(
                        &p.declared,
                        &p.address,
                        "",
                        format!(
                            "provider `{}` configures {}, which holds personal data by default, but no vendor in the inventory is {}: an undeclared processor or sub-processor",
                            p.address, p.service, p.service
                        ),
                    )
                    .help(help);
                }
                Link::Ambiguous(vs) => {
                    let ids: Vec<String> = vs.iter().map(|v| format!("`{}`", v.id)).collect();
                    let f = cx.report(
                        &p.declared,
                        &p.address,
                        "",
                        format!(
                            "provider `{}` ({}) could be any of the vendors {}: none declares it",
                            p.address,
                            p.service,
                            ids.join(", ")
                        ),
                    );
                    for v in &vs {
                        f.label(&v.origin, "id", "could be this vendor");
                    }
                    f.help(format!(
                        "name the provider in the right vendor: `infrastructure: {{ terraform_providers: [{}] }}`",
                        p.address
                    ));
                }
            }
        }
    }
}
