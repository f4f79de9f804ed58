//! Rules of the `breach` category (see spec RULES.md, RULES-v2.md). One file per rule in `breach/`.
//!
//! Group C: personal data breach notification by the processor (GDPR Art. 33(2), 28(3)(f)).
//! Every rule reads `dpa.breach` of the vendors that pass the G0/G0b guard. Without a
//! notification duty only DPA021 reports the vendor (I6); DPA022 (a long deadline or a
//! weakening qualifier) and the opt-in DPA051 (no maximum in hours) exclude each other (I7).

use super::Rule;
use crate::model::Breach;

mod breach_deadline_inadequate;
mod breach_deadline_unspecified;
mod breach_notice_content_missing;
mod breach_notification_missing;

pub static RULES: &[&dyn Rule] = &[
    &breach_notification_missing::BreachNotificationMissing,
    &breach_deadline_inadequate::BreachDeadlineInadequate,
    &breach_deadline_unspecified::BreachDeadlineUnspecified,
    &breach_notice_content_missing::BreachNoticeContentMissing,
];

/// The qualifiers that weaken the duty to notify without undue delay (DPA022),
/// with the words of the message, in a fixed order.
const WEAKENING: &[(&str, &str)] = &[
    ("best_efforts", "best-efforts"),
    ("reasonable_term", "within a 'reasonable term'"),
];

/// The weakening qualifiers of `breach` as (index in `qualifiers`, words), in
/// [`WEAKENING`] order, each once.
fn weakening(breach: &Breach) -> Vec<(usize, &'static str)> {
    WEAKENING
        .iter()
        .filter_map(|(token, words)| {
            breach
                .qualifiers
                .iter()
                .position(|q| q == token)
                .map(|i| (i, *words))
        })
        .collect()
}

/// The recorded `wording`, trimmed, if any.
fn wording(breach: &Breach) -> Option<&str> {
    breach
        .wording
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakening_qualifiers_in_fixed_order_once() {
        let b = Breach {
            qualifiers: vec![
                "reasonable_term".into(),
                "best_efforts".into(),
                "reasonable_term".into(),
            ],
            ..Breach::default()
        };
        assert_eq!(
            weakening(&b),
            [(1, "best-efforts"), (0, "within a 'reasonable term'")]
        );
        assert!(weakening(&Breach::default()).is_empty());
    }
}
