//! DPA043 `ropa-missing`: no record of processing activities, and the Art. 30(5)
//! exemption cannot be shown to apply. The employee threshold is the one in
//! force on the evaluation date (`ropa_employee_threshold`, dated in
//! rules/reference/thresholds.yaml, D18). Its condition ([`ropa_missing`]) is
//! shared: DPA062 stays silent while it fires (I21).

use super::semicolon_list;
use crate::diagnostic::Severity;
use crate::model::Organisation;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct RopaMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA043",
    name: "ropa-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &["GDPR Art. 30(1)", "GDPR Art. 30(2)", "GDPR Art. 30(5)"],
    summary: "no record of processing activities is maintained and the Art. 30(5) exemption does not apply",
    help: "keep an Art. 30 record (the `activities` list can serve as its source), review it periodically and set `organisation.ropa.maintained: true`",
    docs: include_str!("../../../rules/DPA043-ropa-missing/docs.md"),
    dir: "DPA043-ropa-missing",
    opt_in: false,
};

/// The DPA043 condition: the organisation keeps no record and the Art. 30(5)
/// exemption is not available. Returns the organisation and the reasons the
/// exemption does not apply; `None` when DPA043 is silent.
pub(crate) fn ropa_missing<'a>(cx: &Context<'a>) -> Option<(&'a Organisation, Vec<String>)> {
    let inv = cx.inventory;
    let org = inv.organisation.as_ref()?;
    if org.ropa.maintained {
        return None;
    }
    let threshold = cx.thresholds.ropa_employee_threshold;
    // Why the Art. 30(5) exemption is not available.
    let mut reasons: Vec<String> = Vec::new();
    match org.employees {
        None => reasons.push("the number of employees is not recorded".into()),
        Some(n) if n >= threshold => reasons.push(format!(
            "the organisation has {n} employees (not fewer than {threshold})"
        )),
        Some(_) => {}
    }
    if !inv.activities.is_empty() {
        let n = inv.activities.len();
        reasons.push(format!(
            "{n} processing {} recorded and none is shown to be occasional",
            if n == 1 {
                "activity is"
            } else {
                "activities are"
            }
        ));
    }
    if let Some(a) = inv
        .activities
        .iter()
        .find(|a| a.has_special() || a.has_criminal())
    {
        reasons.push(format!(
            "activity '{}' includes Art. 9 or Art. 10 data",
            a.id
        ));
    }
    if let Some(a) = inv.activities.iter().find(|a| {
        a.risk.wp248().iter().any(|(_, set)| *set)
            || a.risk.public_area_monitoring
            || !a.risk.national_list.is_empty()
    }) {
        reasons.push(format!("activity '{}' is flagged as risky", a.id));
    }
    (!reasons.is_empty()).then_some((org, reasons))
}

impl Rule for RopaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((org, reasons)) = ropa_missing(cx) else {
            return;
        };
        cx.report(
            &org.origin,
            "organisation",
            "ropa/maintained",
            format!(
                "the organisation maintains no record of processing activities (Art. 30); the Art. 30(5) exemption does not apply: {}",
                semicolon_list(&reasons)
            ),
        );
    }
}
