//! DPA022 `breach-deadline-inadequate`: the processor's breach notification has
//! no fixed deadline, or one longer than `max_processor_breach_hours`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BreachDeadlineInadequate;

static META: RuleMeta = RuleMeta {
    id: "DPA022",
    name: "breach-deadline-inadequate",
    severity: Severity::Warning,
    category: Category::Breach,
    legal_basis: &[
        "GDPR Art. 33(1)-(2)",
        "EDPB Guidelines 07/2020 on controller and processor",
    ],
    summary: "the processor's breach notification has no fixed deadline or one that is too long",
    help: "agree a hard maximum (24-48 h after the processor becomes aware) on top of \"without undue delay\", with a contact point and information in phases",
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
        let controller = cx.thresholds.controller_breach_hours;
        for v in &cx.inventory.vendors {
            let Some(dpa) = &v.dpa else { continue };
            let breach = &dpa.breach;
            // Without any notification duty DPA021 reports the vendor; a deadline
            // finding on top would only repeat it.
            if !breach.notify {
                continue;
            }
            let wording = breach
                .wording
                .as_deref()
                .map(str::trim)
                .filter(|w| !w.is_empty());
            match breach.deadline_hours {
                None => {
                    let said = wording
                        .map_or_else(|| "no wording recorded".to_owned(), |w| format!("'{w}'"));
                    let f = cx.report(
                        &v.origin,
                        &v.id,
                        "dpa/breach/deadline_hours",
                        format!(
                            "breach notification by '{}' has no fixed deadline ({said}); your {controller}-hour clock (Art. 33(1)) may run out",
                            v.id
                        ),
                    );
                    if wording.is_some() {
                        f.label(
                            &v.origin,
                            "dpa/breach/wording",
                            "the contract only says this",
                        );
                    }
                }
                Some(h) if h > max => {
                    let message = if h < controller {
                        format!(
                            "breach notification deadline of {h}h for '{}' exceeds {max}h and leaves less than {}h for your notification to the supervisory authority (Art. 33(1))",
                            v.id,
                            controller - h
                        )
                    } else {
                        format!(
                            "breach notification deadline of {h}h for '{}' exceeds {max}h and leaves no time within your own {controller}-hour deadline to notify the supervisory authority (Art. 33(1))",
                            v.id
                        )
                    };
                    cx.report(&v.origin, &v.id, "dpa/breach/deadline_hours", message);
                }
                Some(_) => {}
            }
        }
    }
}
