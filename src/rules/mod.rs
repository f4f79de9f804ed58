//! The built-in rule pack: metadata, the [`Rule`] trait and the registry.
//!
//! A rule is metadata plus one function over the merged [`Inventory`]. Rules
//! report *places* (entity origin + relative JSON pointer), never byte offsets,
//! and never choose their final severity: `check` resolves spans, applies
//! configuration and sorts. Each rule's prose lives next to its examples in
//! `rules/<ID>-<name>/docs.md`.

use crate::config::Thresholds;
use crate::diagnostic::Severity;
use crate::inventory::Inventory;
use crate::model::{Date, Origin};
use crate::project::terraform::Evidence;
use crate::reference::Reference;
use std::sync::LazyLock;

mod audits;
mod breach;
pub mod commitments;
mod contract;
mod countries;
mod hygiene;
mod infrastructure;
pub mod predicates;
mod records;
mod retention;
mod security;
mod special;
mod subprocessors;
mod transfers;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Contract,
    SubProcessors,
    Breach,
    Transfers,
    SpecialCategories,
    Retention,
    Audits,
    Security,
    Records,
    Hygiene,
    Infrastructure,
    Commitments,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Contract => "contract",
            Category::SubProcessors => "sub-processors",
            Category::Breach => "breach",
            Category::Transfers => "transfers",
            Category::SpecialCategories => "special-categories",
            Category::Retention => "retention",
            Category::Audits => "audits",
            Category::Security => "security",
            Category::Records => "records",
            Category::Hygiene => "hygiene",
            Category::Infrastructure => "infrastructure",
            Category::Commitments => "commitments",
        }
    }
}

/// Everything about a rule except its logic.
#[derive(Debug)]
pub struct RuleMeta {
    /// `DPA` + three digits: stable forever, never reused.
    pub id: &'static str,
    /// kebab-case, names the problem.
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub legal_basis: &'static [&'static str],
    /// One line, no trailing period (`dpalint rules`, SARIF shortDescription).
    pub summary: &'static str,
    /// Default help line of its findings.
    pub help: &'static str,
    /// Markdown prose: "What it checks", "Why it matters", "How to fix".
    pub docs: &'static str,
    /// Folder under `rules/` holding docs, examples and the generated page.
    pub dir: &'static str,
    /// Off unless enabled: `ALL` and id prefixes do not select it; naming it
    /// exactly (`--select`/`--extend-select DPA051`, `select` in dpalint.toml)
    /// or giving it a level (`--severity DPA051=info`, `[rules.severity]`)
    /// does. `dpalint rules` shows "info (off by default)". For rules that
    /// fire by construction on the Commission's own clauses (RULES-v2: DPA051,
    /// DPA055).
    pub opt_in: bool,
}

impl RuleMeta {
    /// The default severity as `dpalint rules` and the rule pages show it:
    /// `info`, or `info (off by default)` for an opt-in rule.
    pub fn default_level(&self) -> String {
        if self.opt_in {
            format!("{} (off by default)", self.severity)
        } else {
            self.severity.to_string()
        }
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut Context<'_>);
}

/// Every built-in rule, in id order (each category module lists its own).
pub static ALL: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    let mut all: Vec<&'static dyn Rule> = [
        contract::RULES,
        subprocessors::RULES,
        breach::RULES,
        transfers::RULES,
        special::RULES,
        retention::RULES,
        audits::RULES,
        security::RULES,
        records::RULES,
        countries::RULES,
        hygiene::RULES,
        infrastructure::RULES,
        commitments::RULES,
    ]
    .concat();
    all.sort_by_key(|r| r.meta().id);
    all
});

/// Find a rule by id (case-insensitive) or name.
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.meta().id.eq_ignore_ascii_case(key) || r.meta().name == key)
}

/// A place in the inventory: an entity's origin plus a pointer below it.
#[derive(Clone, Debug)]
pub struct Place {
    pub origin: Origin,
    pub pointer: String,
}

/// What a rule reports, before spans and configuration are applied.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub entity: String,
    pub at: Place,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<(Place, String)>,
    /// A message on the primary span itself (e.g. "the vendor's term"), when
    /// the finding also labels another place it is compared with.
    pub primary_label: Option<String>,
    /// The one value that should replace the reported value (see [`Finding::fix`]).
    pub fix: Option<String>,
}

impl Finding {
    /// A safe mechanical fix: the reported value (a string scalar at this
    /// finding's pointer) should read `replacement`. Attach it only when it is
    /// the one unambiguous correction; `check` turns it into an edit when the
    /// value is written plainly or simply quoted (`dpalint check --fix`, the
    /// editor's code action).
    /// `None` leaves the finding without a fix.
    pub fn fix(&mut self, replacement: impl Into<Option<String>>) -> &mut Self {
        self.fix = replacement.into();
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// A message on the reported place itself.
    pub fn primary_label(&mut self, message: impl Into<String>) -> &mut Self {
        self.primary_label = Some(message.into());
        self
    }

    /// A secondary label at `rel` below `origin` (possibly in another file).
    pub fn label(&mut self, origin: &Origin, rel: &str, message: impl Into<String>) -> &mut Self {
        self.labels.push((
            Place {
                origin: origin.clone(),
                pointer: origin.at(rel),
            },
            message.into(),
        ));
        self
    }
}

/// What a rule sees while it runs.
pub struct Context<'a> {
    pub inventory: &'a Inventory,
    pub as_of: Date,
    pub thresholds: &'a Thresholds,
    pub reference: &'a Reference,
    /// What the project's Terraform shows (`None` without Terraform).
    pub infrastructure: Option<&'a Evidence>,
    meta: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    pub fn new(
        inventory: &'a Inventory,
        as_of: Date,
        thresholds: &'a Thresholds,
        reference: &'a Reference,
        meta: &'static RuleMeta,
    ) -> Self {
        Context {
            inventory,
            as_of,
            thresholds,
            reference,
            infrastructure: None,
            meta,
            findings: Vec::new(),
        }
    }

    /// The same context with the project's infrastructure evidence.
    pub fn with_infrastructure(mut self, evidence: Option<&'a Evidence>) -> Self {
        self.infrastructure = evidence;
        self
    }

    /// Report a finding about `entity` at `rel` below `origin` (`""` = the entity itself).
    /// A pointer to a field that does not exist lands on its nearest existing parent key.
    pub fn report(
        &mut self,
        origin: &Origin,
        entity: &str,
        rel: &str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.meta,
            entity: entity.to_owned(),
            at: Place {
                origin: origin.clone(),
                pointer: origin.at(rel),
            },
            message: message.into(),
            help: None,
            labels: Vec::new(),
            primary_label: None,
            fix: None,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_pack_v2_has_its_65_rules() {
        // Ids are contiguous from DPA001: no gap, none reused.
        let ids: Vec<&str> = ALL.iter().map(|r| r.meta().id).collect();
        let expected: Vec<String> = (1..=ids.len()).map(|n| format!("DPA{n:03}")).collect();
        assert_eq!(ids, expected);
        // The infrastructure rules follow the pack: DPA066-DPA068.
        assert_eq!(&ids[65..68], ["DPA066", "DPA067", "DPA068"]);
        // Then the commitments rules (processor mode): DPA069-DPA071.
        let commitments: Vec<(&str, Severity)> = ALL[68..]
            .iter()
            .map(|r| (r.meta().id, r.meta().severity))
            .collect();
        assert_eq!(
            commitments,
            [
                ("DPA069", Severity::Error),
                ("DPA070", Severity::Error),
                ("DPA071", Severity::Warning)
            ]
        );
        assert!(
            ALL[68..]
                .iter()
                .all(|r| r.meta().category == Category::Commitments)
        );
        assert_eq!(ALL.len(), 71);
        // RULES-v2.md § 7: DPA001-DPA065 are 29 error, 31 warning, 5 info (2 opt-in).
        let pack: Vec<_> = ALL.iter().filter(|r| r.meta().id <= "DPA065").collect();
        assert_eq!(pack.len(), 65);
        let by_severity = |s| pack.iter().filter(|r| r.meta().severity == s).count();
        assert_eq!(
            (
                by_severity(Severity::Error),
                by_severity(Severity::Warning),
                by_severity(Severity::Info)
            ),
            (29, 31, 5)
        );
        let opt_in: Vec<&str> = pack
            .iter()
            .filter(|r| r.meta().opt_in)
            .map(|r| r.meta().id)
            .collect();
        assert_eq!(opt_in, ["DPA051", "DPA055"]);
    }

    #[test]
    fn registry_is_well_formed() {
        let mut ids = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for rule in ALL.iter() {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.id.len() == 6
                    && m.id.starts_with("DPA")
                    && m.id[3..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                m.id
            );
            assert!(
                m.name.split('-').all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{} is not kebab-case",
                m.name
            );
            assert_eq!(m.dir, format!("{}-{}", m.id, m.name));
            assert!(
                !m.summary.ends_with('.') && !m.summary.contains('\n'),
                "{}",
                m.id
            );
            assert!(!m.legal_basis.is_empty(), "{} has no legal basis", m.id);
            for heading in ["## What it checks", "## Why it matters", "## How to fix"] {
                assert!(m.docs.contains(heading), "{} docs lack {heading}", m.id);
            }
            // RULES-v2: an opt-in rule's level is info; it is off until enabled.
            if m.opt_in {
                assert_eq!(m.severity, Severity::Info, "{} is opt-in", m.id);
            }
        }
    }

    #[test]
    fn opt_in_rules_show_that_they_are_off() {
        let meta = |opt_in| RuleMeta {
            id: "DPA999",
            name: "x",
            severity: Severity::Info,
            category: Category::Breach,
            legal_basis: &[],
            summary: "",
            help: "",
            docs: "",
            dir: "",
            opt_in,
        };
        assert_eq!(meta(false).default_level(), "info");
        assert_eq!(meta(true).default_level(), "info (off by default)");
    }
}
