//! DPA022 `breach-deadline-inadequate`: the processor's breach notification is
//! due later than `max_processor_breach_hours`, or is weakened to best efforts
//! or a "reasonable term".

use super::{weakening, wording};
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BreachDeadlineInadequate;

static META: RuleMeta = RuleMeta {
    id: "DPA022",
    name: "breach-deadline-inadequate",
    severity: Severity::Warning,
    category: Category::Breach,
    legal_basis: &[
        "GDPR Art. 33(2)",
        "GDPR Art. 28(3)(f)",
        "Commission Implementing Decision (EU) 2021/915, Clause 9.2",
        "EDPB Guidelines 9/2022 on personal data breach notification v2.0",
    ],
    summary: "the processor's breach notification is due too late or is only a best-efforts or reasonable-term duty",
    help: "require notice without undue delay as a firm obligation, with a maximum (e.g. 24-48 h after awareness), a contact point and phased information (Art. 33(4))",
    docs: include_str!("../../../rules/DPA022-breach-deadline-inadequate/docs.md"),
    dir: "DPA022-breach-deadline-inadequate",
    opt_in: false,
};

impl Rule for BreachDeadlineInadequate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let max = cx.thresholds.max_processor_breach_hours;
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let breach = &dpa.breach;
            // Without any notification duty DPA021 reports the vendor (I6).
            if !breach.notify {
                continue;
            }
            let long = breach.deadline_hours.filter(|&h| h > max);
            let qualifiers = weakening(breach);
            let said = wording(breach).map_or_else(String::new, |w| format!(" ('{w}')"));
            let only = qualifiers
                .iter()
                .map(|(_, words)| *words)
                .collect::<Vec<_>>()
                .join(" and ");
            let (at, message) = match (long, qualifiers.first()) {
                (None, None) => continue,
                (Some(h), None) => (
                    "dpa/breach/deadline_hours".to_owned(),
                    format!(
                        "breach notification deadline of {h}h for '{}' exceeds {max}h; Art. 33(2) requires notice without undue delay",
                        v.id
                    ),
                ),
                (None, Some((i, _))) => (
                    format!("dpa/breach/qualifiers/{i}"),
                    format!(
                        "breach notification by '{}' is only {only}{said}; Art. 33(2) requires notice without undue delay",
                        v.id
                    ),
                ),
                (Some(h), Some(_)) => (
                    "dpa/breach/deadline_hours".to_owned(),
                    format!(
                        "breach notification deadline of {h}h for '{}' exceeds {max}h and is only {only}{said}; Art. 33(2) requires notice without undue delay",
                        v.id
                    ),
                ),
            };
            let f = cx.report(&v.origin, &v.id, &at, message);
            for (i, words) in &qualifiers {
                let rel = format!("dpa/breach/qualifiers/{i}");
                if rel != at {
                    f.label(&v.origin, &rel, format!("notification is only {words}"));
                }
            }
            if wording(breach).is_some() {
                f.label(&v.origin, "dpa/breach/wording", "the contract says this");
            }
        }
    }
}
