//! Rules of the `breach` category (see spec RULES.md). One file per rule in `breach/`.
//!
//! Group C: personal data breach notification by the processor (GDPR Art. 33(2)).

use super::Rule;

mod breach_deadline_inadequate;
mod breach_notification_missing;

pub static RULES: &[&dyn Rule] = &[
    &breach_notification_missing::BreachNotificationMissing,
    &breach_deadline_inadequate::BreachDeadlineInadequate,
];
