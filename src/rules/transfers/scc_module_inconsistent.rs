//! DPA026 `scc-module-inconsistent`: the SCC module does not match the parties' roles.

use crate::diagnostic::Severity;
use crate::model::{OrgRole, VendorRole};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SccModuleInconsistent;

static META: RuleMeta = RuleMeta {
    id: "DPA026",
    name: "scc-module-inconsistent",
    severity: Severity::Error,
    category: Category::Transfers,
    legal_basis: &["Commission Implementing Decision (EU) 2021/914, Annex (Modules 1-4)"],
    summary: "the SCC module recorded for a vendor does not match the exporter's and importer's roles",
    help: "use the module that matches the parties' roles (1 controller to controller, 2 controller to processor, 3 processor to processor, 4 processor to controller); processor-to-sub-processor transfers need Module 3",
    docs: include_str!("../../../rules/DPA026-scc-module-inconsistent/docs.md"),
    dir: "DPA026-scc-module-inconsistent",
    opt_in: false,
};

impl Rule for SccModuleInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let r = cx.reference;
        for v in &inv.vendors {
            let Some(module) = v.transfer.as_ref().and_then(|t| t.scc.module) else {
                continue;
            };
            let importer = match v.role {
                Some(VendorRole::Processor | VendorRole::SubProcessor) => "processor",
                Some(VendorRole::Controller | VendorRole::JointController) => "controller",
                None => continue,
            };
            // The exporter: the parent processor for a sub-processor, else the organisation.
            let sub = v.role == Some(VendorRole::SubProcessor);
            let (exporters, exporter_label): (&[&str], &str) = if sub {
                (&["processor"], "processor")
            } else {
                match inv.organisation.as_ref().and_then(|o| o.role) {
                    Some(OrgRole::Controller) => (&["controller"], "controller"),
                    Some(OrgRole::Processor) => (&["processor"], "processor"),
                    Some(OrgRole::ControllerAndProcessor) => {
                        (&["controller", "processor"], "controller or processor")
                    }
                    None => continue,
                }
            };
            let expected: Vec<u8> = exporters
                .iter()
                .filter_map(|e| r.scc_module(e, importer))
                .collect();
            if expected.is_empty() || expected.contains(&module) {
                continue;
            }
            let expected_text = expected
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(" or ");
            let finding = cx.report(
                &v.origin,
                &v.id,
                "transfer/scc/module",
                format!(
                    "SCC module {module} recorded for '{}' does not match a transfer from a {exporter_label} to a {importer} (expected Module {expected_text})",
                    v.id
                ),
            );
            if sub {
                if let Some(parent) = inv.parent_of(v) {
                    finding.label(
                        &parent.origin,
                        "role",
                        format!(
                            "exporter: '{}' is a processor that engages '{}' as its sub-processor",
                            parent.id, v.id
                        ),
                    );
                }
            } else if let Some(org) = &inv.organisation {
                finding.label(
                    &org.origin,
                    "role",
                    format!("exporter: your organisation, acting as {exporter_label}"),
                );
            }
        }
    }
}
