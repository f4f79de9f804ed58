//! DPA058 `eu-representative-missing`: an organisation established outside the
//! EEA without a representative in the Union (Art. 27; N3), unless it records
//! why Art. 27 does not apply. Country values that cannot be resolved are
//! DPA046's (as for the transfer rules), not a missing representative.

use crate::diagnostic::Severity;
use crate::model::Organisation;
use crate::reference::Reference;
use crate::rules::predicates::resolve_country;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct EuRepresentativeMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA058",
    name: "eu-representative-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 27(1)",
        "GDPR Art. 27(2)",
        "GDPR Art. 27(3)",
        "GDPR Art. 3(2)",
    ],
    summary: "an organisation established outside the EEA records no EU representative and no reason why Art. 27 does not apply",
    help: "designate in writing a representative established in a Member State where your data subjects are (`organisation.eu_representative`), or record why Art. 27 does not apply (`art27_exempt: true` with `art27_exempt_reason`)",
    docs: include_str!("../../../rules/DPA058-eu-representative-missing/docs.md"),
    dir: "DPA058-eu-representative-missing",
    opt_in: false,
};

/// The resolved code of a country value, `None` when unresolvable (DPA046).
fn code(r: &Reference, value: Option<&str>) -> Option<String> {
    value.and_then(|v| resolve_country(r, v))
}

/// Why DPA058 fires: (pointer, message).
fn problem(r: &Reference, org: &Organisation) -> Option<(&'static str, String)> {
    let country = code(r, org.country.as_deref())?;
    if r.is_eea(&country) || (org.art27_exempt && org.art27_exempt_reason.is_some()) {
        return None;
    }
    let rep = &org.eu_representative;
    let head = format!("the organisation is established outside the EEA ({country}) but");
    if !rep.is_designated() {
        return Some(if org.art27_exempt {
            (
                "art27_exempt",
                format!("{head} art27_exempt is set without art27_exempt_reason"),
            )
        } else {
            (
                "eu_representative",
                format!("{head} no EU representative is recorded (Art. 27)"),
            )
        });
    }
    let rep_country = code(r, rep.country.as_deref())?;
    (!r.is_eea(&rep_country)).then(|| {
        (
            "eu_representative/country",
            format!(
                "{head} the recorded representative is established in {rep_country}, outside the EEA (Art. 27(3))"
            ),
        )
    })
}

impl Rule for EuRepresentativeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(org) = &cx.inventory.organisation else {
            return;
        };
        let Some((pointer, message)) = problem(cx.reference, org) else {
            return;
        };
        cx.report(&org.origin, "organisation", pointer, message)
            .label(&org.origin, "country", "established outside the EEA");
    }
}
