//! DPA048 `dangling-reference`: a recipient or parent id that names no vendor.

use crate::diagnostic::Severity;
use crate::model::VendorRole;
use crate::rules::{Category, Context, Rule, RuleMeta};
use crate::suggest::{did_you_mean, unique_match};

pub struct DanglingReference;

static META: RuleMeta = RuleMeta {
    id: "DPA048",
    name: "dangling-reference",
    severity: Severity::Error,
    category: Category::Hygiene,
    legal_basis: &["GDPR Art. 30(1)(d)", "data hygiene"],
    summary: "a recipient or parent references a vendor id that does not exist",
    help: "fix the id or add the missing vendor",
    docs: include_str!("../../../rules/DPA048-dangling-reference/docs.md"),
    dir: "DPA048-dangling-reference",
    opt_in: false,
};

impl Rule for DanglingReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let ids = || inv.vendors.iter().map(|v| v.id.as_str());
        let help = |id: &str| match did_you_mean(id, ids()) {
            Some(s) => format!("did you mean '{s}'? Otherwise add a vendor with id '{id}'"),
            None => format!("fix the id or add a vendor with id '{id}'"),
        };
        for a in &inv.activities {
            for (i, r) in a.recipients.iter().enumerate() {
                if !inv.knows_vendor(r) {
                    let h = help(r);
                    cx.report(
                        &a.origin,
                        &a.id,
                        &format!("recipients/{i}"),
                        format!("recipients of '{}' references unknown id '{r}'", a.id),
                    )
                    .help(h)
                    .fix(unique_match(r, ids()).map(str::to_owned));
                }
            }
        }
        for v in &inv.vendors {
            match v.parent.as_deref() {
                Some(p) if !inv.knows_vendor(p) => {
                    let h = help(p);
                    cx.report(
                        &v.origin,
                        &v.id,
                        "parent",
                        format!("parent of '{}' references unknown id '{p}'", v.id),
                    )
                    .help(h)
                    .fix(unique_match(p, ids()).map(str::to_owned));
                }
                Some(p) if p == v.id => {
                    cx.report(
                        &v.origin,
                        &v.id,
                        "parent",
                        format!("'{}' names itself as its parent", v.id),
                    )
                    .help("set `parent` to the processor that engages this sub-processor");
                }
                None if v.role == Some(VendorRole::SubProcessor) => {
                    cx.report(&v.origin, &v.id, "role", format!("sub-processor '{}' has no `parent`", v.id))
                        .help("add `parent:` with the id of the processor that engages this sub-processor");
                }
                _ => {}
            }
        }
    }
}
