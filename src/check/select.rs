//! Which rules run, and at what severity: `--select`, `--extend-select`,
//! `--ignore`, `--severity` and dpalint.toml's `[rules]`, resolved against the
//! built-in rules and the project's organisation policies.

use crate::config;
use crate::diagnostic::Severity;
use crate::policy::PolicyMeta;
use crate::rules;
use crate::suggest::did_you_mean;
use std::collections::{BTreeSet, HashMap};

/// The rule selection of a command line, as written.
#[derive(Clone, Debug, Default)]
pub struct RuleArgs {
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// (rule selector, level) from the command line; level is error|warning|info|off.
    pub severity: Vec<(String, String)>,
}

/// A rule a selector can name: built-in or organisation policy.
struct Known<'a> {
    id: &'a str,
    name: &'a str,
    severity: Severity,
    /// Enabled only when named exactly or given a level (`RuleMeta::opt_in`).
    opt_in: bool,
}

fn builtins() -> Vec<Known<'static>> {
    rules::ALL
        .iter()
        .map(|r| Known {
            id: r.meta().id,
            name: r.meta().name,
            severity: r.meta().severity,
            opt_in: r.meta().opt_in,
        })
        .collect()
}

/// What a run asked for: selectors and severity overrides as written.
#[derive(Clone, Debug, Default)]
struct SelectSpec {
    select: Vec<String>,
    extend: Vec<String>,
    ignore: Vec<String>,
    overrides: Vec<(String, String)>,
}

/// Resolved rule selection: which rules (built-in and policies) run and at
/// what severity. Policies are only known once the project is loaded, so the
/// request is kept and resolved again with them ([`Selection::with_policies`]).
#[derive(Clone, Debug)]
pub struct Selection {
    spec: SelectSpec,
    /// Whether a selector that names nothing is an error (the command line and
    /// dpalint.toml) or ignored (selections built in code).
    strict: bool,
    levels: HashMap<String, Option<Severity>>,
}

impl Selection {
    fn lenient(select: Vec<String>) -> Selection {
        let spec = SelectSpec {
            select,
            ..SelectSpec::default()
        };
        let levels = resolve(&spec, &builtins(), false).unwrap_or_default();
        Selection {
            spec,
            strict: false,
            levels,
        }
    }

    /// Every rule and policy at its default severity.
    pub fn all() -> Selection {
        Selection::lenient(vec!["ALL".into()])
    }

    /// Only the rule or policy `id`, at its default severity.
    pub fn only(id: &str) -> Selection {
        Selection::lenient(vec![id.to_string()])
    }

    pub fn level(&self, id: &str) -> Option<Severity> {
        self.levels.get(id).copied().flatten()
    }

    /// The same request resolved against the built-in rules and `policies`.
    pub fn with_policies(&self, policies: &[PolicyMeta]) -> Result<Selection, String> {
        let mut known = builtins();
        known.extend(policies.iter().map(|p| Known {
            id: &p.id,
            name: &p.name,
            severity: p.severity,
            opt_in: false,
        }));
        Ok(Selection {
            levels: resolve(&self.spec, &known, self.strict)?,
            spec: self.spec.clone(),
            strict: self.strict,
        })
    }
}

/// Match a selector (ALL, id, name or id prefix) against the known rules.
/// `Ok(empty)` for a selector naming nothing unless `strict`.
fn matching<'k>(selector: &str, known: &[Known<'k>], strict: bool) -> Result<Vec<&'k str>, String> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Ok(known.iter().filter(|k| !k.opt_in).map(|k| k.id).collect());
    }
    if let Some(k) = known
        .iter()
        .find(|k| k.id.eq_ignore_ascii_case(selector) || k.name == selector)
    {
        return Ok(vec![k.id]);
    }
    let upper = selector.to_ascii_uppercase();
    let by_prefix: Vec<_> = known
        .iter()
        .filter(|k| !k.opt_in && upper.len() >= 3 && k.id.starts_with(&upper))
        .map(|k| k.id)
        .collect();
    if !by_prefix.is_empty() {
        return Ok(by_prefix);
    }
    if upper.starts_with("DPL") {
        return Err(format!(
            "`{selector}` is an input check; syntax and schema problems cannot be selected, ignored or re-levelled"
        ));
    }
    if !strict {
        return Ok(Vec::new());
    }
    let names = known.iter().flat_map(|k| [k.id, k.name]);
    let hint = did_you_mean(selector, names)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{selector}`{hint}; `dpalint rules` lists them"
    ))
}

fn resolve(
    spec: &SelectSpec,
    known: &[Known<'_>],
    strict: bool,
) -> Result<HashMap<String, Option<Severity>>, String> {
    let mut enabled: BTreeSet<&str> = BTreeSet::new();
    for s in spec.select.iter().chain(&spec.extend) {
        enabled.extend(matching(s, known, strict)?);
    }
    let mut ignored: BTreeSet<&str> = BTreeSet::new();
    for s in &spec.ignore {
        for id in matching(s, known, strict)? {
            enabled.remove(id);
            ignored.insert(id);
        }
    }
    let mut levels: HashMap<String, Option<Severity>> = known
        .iter()
        .map(|k| {
            (
                k.id.to_string(),
                enabled.contains(k.id).then_some(k.severity),
            )
        })
        .collect();
    for (selector, level) in &spec.overrides {
        let sev = match level.as_str() {
            "off" | "ignore" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                format!(
                    "unknown severity `{other}` for `{selector}`: use error, warning, info or off"
                )
            })?),
        };
        for id in matching(selector, known, strict)? {
            // An opt-in rule is matched only by its exact id or name: a level
            // for it enables it, unless it is ignored.
            let opt_in = known.iter().any(|k| k.id == id && k.opt_in);
            if enabled.contains(id) || sev.is_none() || (opt_in && !ignored.contains(id)) {
                levels.insert(id.to_string(), sev);
            }
        }
    }
    Ok(levels)
}

/// The selection a request asks for (command line over dpalint.toml). Selectors
/// naming no built-in rule may name a policy: they are checked again, strictly,
/// once the project's policies are known.
pub fn select_rules(req: &RuleArgs, cfg: &config::Config) -> Result<Selection, String> {
    let select = if !req.select.is_empty() {
        req.select.clone()
    } else if !cfg.rules.select.is_empty() {
        cfg.rules.select.clone()
    } else {
        vec!["ALL".into()]
    };
    let spec = SelectSpec {
        select,
        extend: req.extend_select.clone(),
        ignore: cfg
            .rules
            .ignore
            .iter()
            .chain(&req.ignore)
            .cloned()
            .collect(),
        overrides: cfg
            .rules
            .severity
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(req.severity.iter().cloned())
            .collect(),
    };
    let levels = resolve(&spec, &builtins(), false)?;
    Ok(Selection {
        spec,
        strict: true,
        levels,
    })
}

/// Rule ids and names for suppression comments: built-in rules and policies.
pub(crate) struct RegistryLookup<'a> {
    pub policies: &'a [PolicyMeta],
}

impl super::suppress::RuleLookup for RegistryLookup<'_> {
    fn resolve(&self, key: &str) -> Result<String, Option<String>> {
        if let Some(rule) = rules::find(key) {
            return Ok(rule.meta().id.to_string());
        }
        if let Some(p) = self
            .policies
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(key) || p.name == key)
        {
            return Ok(p.id.clone());
        }
        let names = rules::ALL
            .iter()
            .flat_map(|r| [r.meta().id, r.meta().name])
            .chain(
                self.policies
                    .iter()
                    .flat_map(|p| [p.id.as_str(), p.name.as_str()]),
            );
        Err(did_you_mean(key, names).map(str::to_owned))
    }
}

/// Opt-in rules (`RuleMeta::opt_in`, RULES-v2 DPA051/DPA055): off under `ALL`
/// and id prefixes, on when named exactly or given a level.
#[cfg(test)]
mod opt_in_selection {
    use super::{Known, SelectSpec, resolve};
    use crate::diagnostic::Severity;

    fn known() -> Vec<Known<'static>> {
        let rule = |id, name, opt_in| Known {
            id,
            name,
            severity: Severity::Info,
            opt_in,
        };
        vec![
            rule("DPA050", "placeholder-value", false),
            rule("DPA051", "breach-deadline-unspecified", true),
        ]
    }

    fn levels(select: &[&str], ignore: &[&str], overrides: &[(&str, &str)]) -> Vec<&'static str> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        let spec = SelectSpec {
            select: owned(select),
            extend: Vec::new(),
            ignore: owned(ignore),
            overrides: overrides
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let levels = resolve(&spec, &known(), true).unwrap();
        let mut on: Vec<&str> = ["DPA050", "DPA051"]
            .into_iter()
            .filter(|id| levels.get(*id).copied().flatten().is_some())
            .collect();
        on.sort_unstable();
        on
    }

    #[test]
    fn opt_in_rules_are_off_unless_named_or_levelled() {
        assert_eq!(levels(&["ALL"], &[], &[]), ["DPA050"]);
        assert_eq!(
            levels(&["DPA05"], &[], &[]),
            ["DPA050"],
            "a prefix is not a name"
        );
        assert_eq!(levels(&["ALL", "DPA051"], &[], &[]), ["DPA050", "DPA051"]);
        assert_eq!(
            levels(&["breach-deadline-unspecified"], &[], &[]),
            ["DPA051"]
        );
        assert_eq!(
            levels(&["ALL"], &[], &[("DPA051", "info")]),
            ["DPA050", "DPA051"]
        );
        assert_eq!(levels(&["ALL"], &[], &[("DPA05", "info")]), ["DPA050"]);
        assert_eq!(
            levels(&["ALL"], &["DPA051"], &[("DPA051", "info")]),
            ["DPA050"]
        );
        assert_eq!(
            levels(&["ALL", "DPA051"], &[], &[("DPA051", "off")]),
            ["DPA050"]
        );
    }
}
