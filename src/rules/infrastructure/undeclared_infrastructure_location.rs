//! DPA066 `undeclared-infrastructure-location`: a resource's region is outside
//! the linked vendor's declared `data_locations`.

use super::{Link, covered, declared_codes, link};
use crate::diagnostic::Severity;
use crate::model::Vendor;
use crate::project::terraform::{Use, Value};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct UndeclaredInfrastructureLocation;

static META: RuleMeta = RuleMeta {
    id: "DPA066",
    name: "undeclared-infrastructure-location",
    severity: Severity::Error,
    category: Category::Infrastructure,
    legal_basis: &["GDPR Art. 30(1)(e)", "GDPR Art. 44-46", "GDPR Art. 28(2)"],
    summary: "Terraform puts data in a country the vendor's data_locations do not declare",
    help: "move the resource to a declared region, or add the country to the vendor's `data_locations` (with a transfer mechanism if it is a third country)",
    docs: include_str!("../../../rules/DPA066-undeclared-infrastructure-location/docs.md"),
    dir: "DPA066-undeclared-infrastructure-location",
    opt_in: false,
};

impl Rule for UndeclaredInfrastructureLocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(evidence) = cx.infrastructure else {
            return;
        };
        for p in &evidence.providers {
            let vendors: Vec<&Vendor> = match link(cx.inventory, &p.address, &p.service) {
                Link::Declared(vs) => vs,
                Link::Matched(v) => vec![v],
                Link::Ambiguous(_) | Link::None => continue,
            };
            let declared: Vec<String> = vendors
                .iter()
                .flat_map(|v| declared_codes(cx.reference, v))
                .collect();
            for u in &p.uses {
                report(cx, u, &vendors, &declared);
            }
        }
    }
}

fn report(cx: &mut Context<'_>, u: &Use, vendors: &[&Vendor], declared: &[String]) {
    let Value::Known {
        text,
        location: Some(location),
        defined,
        via,
    } = &u.value
    else {
        return;
    };
    let codes = location.codes();
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !covered(cx.reference, declared, c))
        .collect();
    if missing.is_empty() {
        return;
    }
    let r = cx.reference;
    let third: Vec<&str> = missing
        .iter()
        .filter(|c| r.is_third(c, cx.as_of))
        .map(|c| c.as_str())
        .collect();
    let vendor = vendors[0];
    let place = missing
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let what = if u.used_by.is_empty() {
        format!("`{}` is in {text} ({place})", u.subject)
    } else {
        let n = u.used_by.len();
        let some: Vec<&str> = u.used_by.iter().take(3).map(String::as_str).collect();
        let more = if n > 3 { ", …" } else { "" };
        format!(
            "{} puts {n} resource{} ({}{more}) in {text} ({place})",
            u.subject.replacen("provider ", "provider `", 1) + "`",
            if n == 1 { "" } else { "s" },
            some.join(", ")
        )
    };
    let through = if via.is_empty() {
        String::new()
    } else {
        format!(" through {}", via.join(" → "))
    };
    let transfer = if third.is_empty() {
        String::new()
    } else {
        format!(
            "; {} {} a third country, so this is an undeclared transfer (Art. 44-46)",
            third.join(", "),
            if third.len() == 1 { "is" } else { "are" }
        )
    };
    let message = format!(
        "{what}{through}, which vendor `{}` does not declare in `data_locations`{transfer}",
        vendor.id
    );
    let shown = if declared.is_empty() {
        "no data_locations declared".to_string()
    } else {
        format!("declared: {}", declared.join(", "))
    };
    let f = cx.report(&u.at, &u.subject, "", message);
    f.label(&vendor.origin, "data_locations", shown);
    if let Some(d) = defined {
        f.label(d, "", format!("`{text}` set here"));
    }
    let mut help = format!(
        "move it to a region in {}, or add {place} to the `data_locations` of `{}`",
        match declared {
            [] => "a declared country".to_string(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        },
        vendor.id
    );
    if !third.is_empty() {
        help.push_str(
            " together with a transfer mechanism (SCCs, DPF, …) and a transfer impact assessment",
        );
    }
    if !location.verified {
        help.push_str(&format!(
            "; note: the reference entry for `{text}` is not verified (rules/reference/cloud_regions.yaml)"
        ));
    }
    f.help(help);
}
