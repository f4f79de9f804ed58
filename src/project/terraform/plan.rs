//! Plan and state JSON (`terraform show -json`): the values static evaluation
//! cannot know (variables given on the command line, computed regions).
//!
//! Plans and states hold secrets in plain text. This reader keeps only what
//! decides where data go: the string values of non-sensitive root variables
//! and, per resource, the location attributes providers.yaml names. Nothing
//! else is kept, no error message quotes the file, and the plan's text is
//! never added to the sources (findings in it show a path, not a snippet).

use super::evidence::{ProviderEvidence, Use, Value, region_shaped};
use crate::model::Origin;
use crate::reference::cloud::Cloud;
use crate::source::FileId;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// What a plan or state contributes.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub file: FileId,
    /// Non-sensitive root variables with a string value.
    pub variables: Vec<(String, String)>,
    pub resources: Vec<PlanResource>,
}

#[derive(Clone, Debug)]
pub struct PlanResource {
    /// Address without instance keys (`module.m.aws_s3_bucket.b`).
    pub address: String,
    pub provider: String,
    /// (attribute path, value): location attributes only.
    pub locations: Vec<(String, String)>,
}

/// Read a plan or state. Errors never quote the file's content.
pub fn read(text: &str, file: FileId, cloud: &Cloud) -> Result<Plan, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| {
        format!(
            "not valid JSON at line {}, column {} (expected the output of `terraform show -json`)",
            e.line(),
            e.column()
        )
    })?;
    let version = doc
        .get("format_version")
        .and_then(Json::as_str)
        .ok_or("no `format_version`: this is not the output of `terraform show -json`")?;
    let major = version.split('.').next().unwrap_or("");
    if major != "1" {
        let shown = if region_shaped(version) { version } else { "?" };
        return Err(format!(
            "unsupported format_version {shown}: dpalint reads major version 1 of `terraform show -json`"
        ));
    }
    let mut plan = Plan {
        file,
        ..Plan::default()
    };
    let sensitive = |name: &str| {
        doc.pointer(&format!(
            "/configuration/root_module/variables/{name}/sensitive"
        ))
        .and_then(Json::as_bool)
        .unwrap_or(false)
    };
    if let Some(vars) = doc.get("variables").and_then(Json::as_object) {
        for (name, v) in vars {
            if let Some(s) = v.get("value").and_then(Json::as_str)
                && !sensitive(name)
            {
                plan.variables.push((name.clone(), s.to_owned()));
            }
        }
    }
    let root = doc
        .pointer("/planned_values/root_module")
        .or_else(|| doc.pointer("/values/root_module"));
    if let Some(root) = root {
        walk(root, cloud, &mut plan.resources, 0);
    }
    Ok(plan)
}

fn walk(module: &Json, cloud: &Cloud, out: &mut Vec<PlanResource>, depth: usize) {
    if depth > 32 {
        return;
    }
    for r in module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(Json::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(ty), Some(provider)) = (
            r.get("address").and_then(Json::as_str),
            r.get("type").and_then(Json::as_str),
            r.get("provider_name").and_then(Json::as_str),
        ) else {
            continue;
        };
        let Some(p) = cloud.provider(provider) else {
            continue;
        };
        let values = r.get("values").unwrap_or(&Json::Null);
        let mut locations = Vec::new();
        for path in p.location_attributes(ty) {
            let mut found = Vec::new();
            strings_at(
                values,
                &path.replace("[]", "").split('.').collect::<Vec<_>>(),
                &mut found,
            );
            locations.extend(found.into_iter().map(|s| (path.replace("[]", ""), s)));
        }
        out.push(PlanResource {
            address: strip_keys(address),
            provider: p.address.clone(),
            locations,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        walk(child, cloud, out, depth + 1);
    }
}

/// Strings at a dotted path; lists (nested blocks, sets) are walked through.
fn strings_at(v: &Json, path: &[&str], out: &mut Vec<String>) {
    match (v, path.split_first()) {
        (Json::Array(items), _) => items.iter().for_each(|i| strings_at(i, path, out)),
        (Json::Object(o), Some((first, rest))) => {
            if let Some(next) = o.get(*first) {
                strings_at(next, rest, out);
            }
        }
        (Json::String(s), None) if region_shaped(s) => out.push(s.clone()),
        _ => {}
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` -> `module.a.aws_s3_bucket.b`.
fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_str = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Add the plan's locations to the evidence: a resource the source resolved
/// keeps its value; an unresolved one takes the plan's; a resource the
/// source does not show is reported at the plan file. Provider
/// configurations all of whose resources the plan locates are no longer unresolved.
pub fn merge(
    plan: &Plan,
    out: &mut BTreeMap<String, ProviderEvidence>,
    cloud: &Cloud,
    resource_at: &HashMap<String, Origin>,
) {
    let mut located: Vec<&str> = Vec::new();
    // Resources whose provider configuration the source already resolved, with its value.
    let mut inherited: HashMap<String, String> = HashMap::new();
    for e in out.values() {
        for u in &e.uses {
            if let Value::Known { text, .. } = &u.value {
                for r in &u.used_by {
                    inherited.insert(r.clone(), text.clone());
                }
            }
        }
    }
    for r in &plan.resources {
        let Some(p) = cloud.provider(&r.provider) else {
            continue;
        };
        let plan_at = Origin {
            file: plan.file,
            doc: 0,
            pointer: format!("/resource/{}", r.address),
        };
        let e = out
            .entry(p.address.clone())
            .or_insert_with(|| ProviderEvidence {
                address: p.address.clone(),
                service: p.service.clone(),
                local: p.address.rsplit('/').next().unwrap_or("").to_owned(),
                personal_data: p.stores_personal_data_by_default,
                declared: plan_at.clone(),
                uses: Vec::new(),
            });
        for (attr, text) in &r.locations {
            if inherited.get(&r.address) == Some(text) {
                located.push(&r.address);
                continue;
            }
            let Some(location) = super::eval::placement::locate(cloud, p, text, None) else {
                // Never echo a plan value that is not a known region: it may be a secret.
                continue;
            };
            located.push(&r.address);
            let known = Value::Known {
                text: text.clone(),
                location: Some(location),
                defined: Some(Origin {
                    pointer: format!("{}/{attr}", plan_at.pointer),
                    ..plan_at.clone()
                }),
                via: vec!["the plan".into()],
            };
            let mut resolved_source = false;
            for u in e
                .uses
                .iter_mut()
                .filter(|u| u.subject == r.address && &u.attribute == attr)
            {
                if matches!(u.value, Value::Unresolved { .. }) {
                    u.value = known.clone();
                }
                resolved_source = true;
            }
            if !resolved_source {
                e.uses.push(Use {
                    subject: r.address.clone(),
                    at: resource_at
                        .get(&r.address)
                        .cloned()
                        .unwrap_or_else(|| plan_at.clone()),
                    attribute: attr.clone(),
                    value: known,
                    used_by: Vec::new(),
                });
            }
        }
    }
    for e in out.values_mut() {
        e.uses.retain(|u| {
            !(matches!(u.value, Value::Unresolved { .. })
                && !u.used_by.is_empty()
                && u.used_by.iter().all(|r| located.contains(&r.as_str())))
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn instance_keys_are_stripped() {
        assert_eq!(
            super::strip_keys(r#"module.a["x[1]"].aws_s3_bucket.b[0]"#),
            "module.a.aws_s3_bucket.b"
        );
    }
}
