//! Where evaluated values put data: region tables, SaaS settings and the
//! provider configurations resources inherit their location from.

use super::values::{Val, leaves};
use super::{Ctx, origin};
use crate::project::terraform::evidence::{Use, Value, region_shaped};
use crate::reference::cloud::{Cloud, Location, Provider, saas_location};

impl Ctx<'_> {
    /// A leaf value of a location attribute, resolved through the reference data.
    pub(super) fn resolve(
        &self,
        p: &Provider,
        leaf: Val,
        cloud_hint: Option<&str>,
        attribute: &str,
    ) -> Value {
        match leaf {
            Val::Str { text, at, via } => {
                if !region_shaped(&text) {
                    return Value::Unresolved {
                        reason: format!("the value of `{attribute}` is not a region identifier"),
                    };
                }
                let location = locate(self.cloud, p, &text, cloud_hint);
                // A plan holds secrets: its values are shown only when they are known regions.
                if location.is_none() && self.plan.is_some_and(|pl| pl.file == at.file) {
                    return Value::Unresolved {
                        reason: format!(
                            "the plan's value of `{attribute}` is not a region dpalint knows"
                        ),
                    };
                }
                let defined =
                    (!via.is_empty() || at.pointer.starts_with("/variables/")).then_some(at);
                Value::Known {
                    text,
                    location,
                    defined,
                    via,
                }
            }
            Val::Unknown(reason) => Value::Unresolved { reason },
            Val::Null => Value::Unresolved {
                reason: format!("`{attribute}` is null"),
            },
            Val::List(_) | Val::Object(_) => Value::Unresolved {
                reason: format!("`{attribute}` is not a string"),
            },
        }
    }

    /// Uses of provider configurations: one per configuration that resources use.
    pub(super) fn provider_uses(&mut self) {
        let cfg_users = std::mem::take(&mut self.cfg_users);
        for ((file, pointer), (c, users)) in cfg_users {
            let Some(p) = self.cloud.provider(&c.address) else {
                continue;
            };
            // The attribute the documented setting names, else the first location attribute set.
            let named = p.regions.as_ref().and_then(|r| {
                p.provider_region_attributes
                    .iter()
                    .find(|a| r.setting.contains(a.as_str()))
            });
            let attr = match named {
                Some(n) => c.attrs.iter().find(|(a, _, _)| a == n),
                None => c
                    .attrs
                    .iter()
                    .find(|(n, _, _)| p.provider_region_attributes.contains(n)),
            };
            let (at, attribute, value) = match attr {
                Some((name, v, ptr)) => {
                    let leaf = leaves(v.clone()).into_iter().next().unwrap_or(Val::Null);
                    (
                        origin(file, ptr),
                        name.clone(),
                        self.resolve(p, leaf, None, name),
                    )
                }
                None => (
                    origin(file, &pointer),
                    setting(p),
                    Value::Unresolved {
                        reason: format!(
                            "provider `{}` sets no `{}`; Terraform then takes it from the environment",
                            c.key,
                            setting(p)
                        ),
                    },
                ),
            };
            let address = p.address.clone();
            self.push_use(
                &address,
                Use {
                    subject: format!("provider {}", c.key),
                    at,
                    attribute,
                    value,
                    used_by: users,
                },
            );
        }
        let implicit = std::mem::take(&mut self.implicit_users);
        for ((address, key), (at, users)) in implicit {
            let Some(p) = self.cloud.provider(&address) else {
                continue;
            };
            let address = p.address.clone();
            let reason = format!(
                "no `provider \"{}\"` block configures `{}`; Terraform then takes it from the environment",
                key,
                setting(p)
            );
            self.push_use(
                &address,
                Use {
                    subject: format!("provider {key}"),
                    at,
                    attribute: setting(p),
                    value: Value::Unresolved { reason },
                    used_by: users,
                },
            );
        }
    }
}

/// The setting that places a provider's data (for messages).
fn setting(p: &Provider) -> String {
    p.provider_region_attributes
        .first()
        .cloned()
        .unwrap_or_else(|| "region".into())
}

/// Where a provider's location value puts data: its cloud's region table, a
/// SaaS provider's documented values, or a SaaS region naming a cloud region
/// (`aws-eu-central-1`, `amazon-web-services::eu-west-1`, `EU_CENTRAL_1`).
pub(crate) fn locate(
    cloud: &Cloud,
    p: &Provider,
    text: &str,
    cloud_hint: Option<&str>,
) -> Option<Location> {
    if let Some(table) = &p.cloud_regions {
        return cloud.locate(table, text);
    }
    if let Some(regions) = &p.regions
        && let Some(l) = saas_location(regions, text)
    {
        return Some(l);
    }
    let lower = text.to_lowercase();
    for (prefix, table) in [
        ("aws-", "aws"),
        ("amazon-web-services::", "aws"),
        ("gcp-", "google"),
        ("google-", "google"),
        ("azure-", "azure"),
    ] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return cloud.locate(table, rest);
        }
    }
    let table = match cloud_hint {
        Some("gcp" | "google") => "google",
        Some("azure") => "azure",
        _ => "aws",
    };
    let id = if table == "aws" {
        lower.replace('_', "-")
    } else {
        text.to_owned()
    };
    cloud.locate(table, id.strip_prefix("aws-").unwrap_or(&id))
}
