//! Static evaluation: what the Terraform of a project says about where data
//! go, without running Terraform.
//!
//! A directory of configuration files is a module. Root modules are the
//! directories no local module call (`source = "./…"`) points at; each is
//! evaluated with its variables (defaults, then `terraform.tfvars`, then
//! `*.auto.tfvars` in name order, then a plan's values), locals, provider
//! configurations (aliases, `provider =` on resources, `providers = {}` on
//! module calls) and local module calls with their arguments. Whatever is not
//! a literal after that (function calls, data sources, variables without a
//! value) is unresolved, with the reason; nothing is guessed.

use super::evidence::{Evidence, ProviderEvidence, Use, Value, region_shaped};
use super::plan::Plan;
use super::syntax::{Assign, Expr, FileKind, Resource, Spanned, Syntax};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Origin;
use crate::reference::cloud::{Cloud, Provider, RegionModel, saas_location};
use crate::source::FileId;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One Terraform file of the project.
pub struct TfInput<'a> {
    pub id: FileId,
    pub path: &'a str,
    pub syntax: &'a Syntax,
}

/// A value during evaluation.
#[derive(Clone, Debug)]
enum Val {
    Str {
        text: String,
        at: Origin,
        via: Vec<String>,
    },
    List(Vec<Val>),
    Object(Vec<(String, Val)>),
    Null,
    Unknown(String),
}

const MAX_MODULE_DEPTH: usize = 16;

fn origin(file: FileId, pointer: &str) -> Origin {
    Origin {
        file,
        doc: 0,
        pointer: pointer.to_owned(),
    }
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir` joined with a relative module source, normalised (`a/b` + `../c` = `a/c`).
fn join(dir: &str, source: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in source.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A module: the configuration files and tfvars files of one directory.
#[derive(Default)]
struct Module<'a> {
    configs: Vec<&'a TfInput<'a>>,
    vars: Vec<&'a TfInput<'a>>,
}

/// A provider configuration visible in a module instance.
#[derive(Clone)]
struct ProvCfg<'a> {
    block: Option<(&'a TfInput<'a>, &'a super::syntax::ProviderBlock)>,
    /// Evaluated attributes of the block.
    attrs: Vec<(String, Val, String)>,
    /// Source address.
    address: String,
    local: String,
    key: String,
}

struct Ctx<'a> {
    cloud: &'a Cloud,
    modules: BTreeMap<String, Module<'a>>,
    plan: Option<&'a Plan>,
    /// Per (address): evidence under construction.
    out: BTreeMap<String, ProviderEvidence>,
    /// Provider configurations (file, pointer) -> users, in first-use order.
    cfg_users: BTreeMap<(FileId, String), (ProvCfg<'a>, Vec<String>)>,
    /// Configurations without a block (address, key) -> users.
    implicit_users: BTreeMap<(String, String), (Origin, Vec<String>)>,
    diagnostics: Vec<Diagnostic>,
    reported_modules: HashSet<(FileId, String)>,
    /// Resource address -> its block, for mapping plan resources to source lines.
    resource_at: HashMap<String, Origin>,
}

/// Evaluate every root module of the project.
pub fn evaluate(
    files: &[TfInput<'_>],
    plan: Option<&Plan>,
    cloud: &Cloud,
) -> (Evidence, Vec<Diagnostic>) {
    let mut modules: BTreeMap<String, Module<'_>> = BTreeMap::new();
    for f in files {
        let m = modules.entry(dir_of(f.path).to_owned()).or_default();
        match f.syntax.kind {
            FileKind::Config => m.configs.push(f),
            FileKind::Vars => m.vars.push(f),
        }
    }
    let mut called = HashSet::new();
    for (dir, m) in &modules {
        for f in &m.configs {
            for call in &f.syntax.modules {
                if let Some(target) = call
                    .source
                    .as_deref()
                    .filter(|s| is_local(s))
                    .and_then(|s| join(dir, s))
                {
                    if &target != dir {
                        called.insert(target);
                    }
                }
            }
        }
    }
    let roots: Vec<String> = modules
        .iter()
        .filter(|(d, m)| !m.configs.is_empty() && !called.contains(*d))
        .map(|(d, _)| d.clone())
        .collect();
    let mut cx = Ctx {
        cloud,
        modules,
        plan,
        out: BTreeMap::new(),
        cfg_users: BTreeMap::new(),
        implicit_users: BTreeMap::new(),
        diagnostics: Vec::new(),
        reported_modules: HashSet::new(),
        resource_at: HashMap::new(),
    };
    for root in &roots {
        let vars = cx.root_vars(root);
        cx.instance(root, "", vars, HashMap::new(), &mut vec![root.clone()]);
    }
    cx.provider_uses();
    if let Some(plan) = plan {
        super::plan::merge(plan, &mut cx.out, cloud, &cx.resource_at);
    }
    let mut evidence = Evidence {
        providers: cx.out.into_values().collect(),
        files: files.len(),
    };
    for p in &mut evidence.providers {
        p.uses.sort_by(|a, b| {
            (a.at.file, &a.at.pointer, &a.subject).cmp(&(b.at.file, &b.at.pointer, &b.subject))
        });
    }
    (evidence, cx.diagnostics)
}

fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

impl<'a> Ctx<'a> {
    /// Variable values of a root module: defaults, terraform.tfvars,
    /// *.auto.tfvars (name order), then the plan.
    fn root_vars(&self, dir: &str) -> HashMap<String, Val> {
        let mut vals = HashMap::new();
        let Some(m) = self.modules.get(dir) else {
            return vals;
        };
        let mut vars: Vec<&&TfInput<'_>> = m.vars.iter().collect();
        // terraform.tfvars(.json) first, then the rest by name.
        vars.sort_by_key(|f| {
            (
                !f.path
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .starts_with("terraform.tfvars"),
                f.path,
            )
        });
        let empty = HashMap::new();
        for f in vars {
            for a in &f.syntax.assignments {
                let v = self.value(f.id, &a.value, &a.pointer, &empty, &mut Locals::default());
                vals.insert(a.name.clone(), v);
            }
        }
        if let Some(plan) = self.plan {
            for (name, value) in &plan.variables {
                vals.insert(
                    name.clone(),
                    Val::Str {
                        text: value.clone(),
                        at: origin(plan.file, &format!("/variables/{name}/value")),
                        via: Vec::new(),
                    },
                );
            }
        }
        vals
    }

    /// Evaluate one module instance.
    fn instance(
        &mut self,
        dir: &str,
        prefix: &str,
        inputs: HashMap<String, Val>,
        inherited: HashMap<String, ProvCfg<'a>>,
        stack: &mut Vec<String>,
    ) {
        let Some(m) = self.modules.get(dir) else {
            return;
        };
        let configs: Vec<&'a TfInput<'a>> = m.configs.clone();
        // Variables: inputs, else defaults, else unknown.
        let mut vars: HashMap<String, Val> = HashMap::new();
        for f in &configs {
            for v in &f.syntax.variables {
                let val = if v.sensitive {
                    Val::Unknown(format!(
                        "`var.{}` is marked sensitive; dpalint does not read its value",
                        v.name
                    ))
                } else if let Some(x) = inputs.get(&v.name) {
                    x.clone()
                } else if let Some(d) = &v.default {
                    self.value(
                        f.id,
                        d,
                        &format!("{}/default", v.pointer),
                        &HashMap::new(),
                        &mut Locals::default(),
                    )
                } else {
                    Val::Unknown(format!(
                        "`var.{}` has no default and no value in terraform.tfvars, *.auto.tfvars or a plan",
                        v.name
                    ))
                };
                vars.insert(v.name.clone(), val);
            }
        }
        let mut locals = Locals::default();
        for f in &configs {
            for l in &f.syntax.locals {
                locals.defs.insert(l.name.clone(), (f.id, l));
            }
        }
        // Provider source addresses by local name, for this module.
        let mut addresses: HashMap<String, String> = HashMap::new();
        for f in &configs {
            for r in &f.syntax.required {
                addresses.insert(r.local.clone(), r.source.clone());
                self.declare(&r.source, &r.local, origin(f.id, &r.pointer), false);
            }
        }
        let cloud = self.cloud;
        let address_of = |local: &str| {
            addresses.get(local).cloned().unwrap_or_else(|| {
                // Terraform's implied `hashicorp/<name>`; for a provider only
                // another namespace publishes (DataDog/datadog), that one.
                let implied = format!("hashicorp/{local}");
                match cloud.provider(&implied) {
                    Some(_) => implied,
                    None => cloud
                        .provider_by_type(local)
                        .map_or(implied, |p| p.address.clone()),
                }
            })
        };
        // Provider configurations: inherited, then the module's own blocks.
        let mut cfgs = inherited;
        for f in &configs {
            for p in &f.syntax.providers {
                let attrs = p
                    .attrs
                    .iter()
                    .map(|a| {
                        (
                            a.name.clone(),
                            self.value(f.id, &a.value, &a.pointer, &vars, &mut locals),
                            a.pointer.clone(),
                        )
                    })
                    .collect();
                let address = address_of(&p.local);
                self.declare(&address, &p.local, origin(f.id, &p.pointer), true);
                let cfg = ProvCfg {
                    block: Some((f, p)),
                    attrs,
                    address: address.clone(),
                    local: p.local.clone(),
                    key: p.key(),
                };
                // A SaaS account's location is its provider block's setting, used or not.
                if let Some(info) = self.cloud.provider(&address)
                    && info.kind == "saas"
                    && info.regions.is_some()
                    && matches!(
                        info.region_model,
                        RegionModel::Account | RegionModel::ProviderConfig
                    )
                {
                    self.cfg_users
                        .entry((f.id, p.pointer.clone()))
                        .or_insert_with(|| (cfg.clone(), Vec::new()));
                }
                cfgs.insert(p.key(), cfg);
            }
        }
        for f in &configs {
            for r in &f.syntax.resources {
                self.resource(f, r, prefix, &vars, &mut locals, &cfgs, &address_of);
            }
        }
        for f in &configs {
            for call in &f.syntax.modules {
                let source = call.source.clone().unwrap_or_default();
                if !is_local(&source) {
                    if self.reported_modules.insert((f.id, call.pointer.clone())) {
                        let what = if source.is_empty() {
                            "no literal `source`".to_string()
                        } else {
                            format!("source `{source}`")
                        };
                        self.diagnostics.push(
                            Diagnostic::input(
                                Code::TerraformUnsupported,
                                f.id,
                                f.syntax.index.get(&call.pointer).map(|l| l.primary()).unwrap_or_default(),
                                format!("module `{}` has {what}: dpalint reads local modules (`./…`) only, so its resources are not checked", call.name),
                            )
                            .with_pointer(call.pointer.clone())
                            .with_help("pass a plan (`--terraform-plan`, from `terraform show -json`) to check its resources, or vendor the module into the repository"),
                        );
                    }
                    continue;
                }
                let Some(target) = join(dir, &source) else {
                    continue;
                };
                if stack.contains(&target)
                    || stack.len() >= MAX_MODULE_DEPTH
                    || !self.modules.contains_key(&target)
                {
                    continue;
                }
                let mut child_inputs = HashMap::new();
                for a in call.args.iter().filter(|a| !a.name.contains('.')) {
                    let v = self.value(f.id, &a.value, &a.pointer, &vars, &mut locals);
                    child_inputs.insert(a.name.clone(), v);
                }
                // Default (unaliased) configurations pass down; `providers = {}` maps explicitly.
                let mut child_cfgs: HashMap<String, ProvCfg<'a>> = cfgs
                    .iter()
                    .filter(|(k, _)| !k.contains('.'))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (child, parent) in &call.providers {
                    if let Some(c) = cfgs.get(parent) {
                        child_cfgs.insert(child.clone(), c.clone());
                    }
                }
                stack.push(target.clone());
                let child_prefix = format!("{prefix}module.{}.", call.name);
                self.instance(&target, &child_prefix, child_inputs, child_cfgs, stack);
                stack.pop();
            }
        }
    }

    /// Record that the project uses a provider (at its block, else its first mention).
    fn declare(&mut self, address: &str, local: &str, at: Origin, is_block: bool) -> bool {
        let Some(p) = self.cloud.provider(address) else {
            return false;
        };
        let entry = self
            .out
            .entry(p.address.clone())
            .or_insert_with(|| ProviderEvidence {
                address: p.address.clone(),
                service: p.service.clone(),
                local: local.to_owned(),
                personal_data: p.stores_personal_data_by_default,
                declared: at.clone(),
                uses: Vec::new(),
            });
        let declared_is_block = entry.declared.pointer.starts_with("/provider/");
        if is_block && !declared_is_block {
            entry.declared = at;
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn resource(
        &mut self,
        f: &'a TfInput<'a>,
        r: &'a Resource,
        prefix: &str,
        vars: &HashMap<String, Val>,
        locals: &mut Locals<'a>,
        cfgs: &HashMap<String, ProvCfg<'a>>,
        address_of: &dyn Fn(&str) -> String,
    ) {
        let (local, alias) = r
            .provider
            .clone()
            .unwrap_or_else(|| (r.ty.split('_').next().unwrap_or(&r.ty).to_owned(), None));
        let address = address_of(&local);
        self.resource_at
            .entry(format!("{prefix}{}.{}", r.ty, r.name))
            .or_insert_with(|| origin(f.id, &r.pointer));
        if !self.declare(&address, &local, origin(f.id, &r.pointer), false) {
            return;
        }
        let Some(p) = self.cloud.provider(&address) else {
            return;
        };
        let key = alias.map_or(local.clone(), |a| format!("{local}.{a}"));
        let subject = format!("{prefix}{}.{}", r.ty, r.name);
        let wanted: Vec<String> = p
            .location_attributes(&r.ty)
            .iter()
            .map(|w| w.replace("[]", ""))
            .collect();
        let present: Vec<&Assign> = r
            .attrs
            .iter()
            .filter(|a| wanted.contains(&a.name))
            .collect();
        if present.is_empty() {
            // The resource lives where its provider configuration says.
            let uses_config = matches!(p.region_model, RegionModel::ProviderConfig)
                || (p.kind == "cloud"
                    && !p.provider_region_attributes.is_empty()
                    && !wanted.is_empty());
            if uses_config {
                match cfgs.get(&key) {
                    Some(c) if c.block.is_some() => {
                        let (bf, bp) = c
                            .block
                            .map(|(bf, bp)| (bf.id, bp.pointer.clone()))
                            .unwrap_or_default();
                        self.cfg_users
                            .entry((bf, bp))
                            .or_insert_with(|| (c.clone(), Vec::new()))
                            .1
                            .push(subject);
                    }
                    _ => {
                        self.implicit_users
                            .entry((p.address.clone(), key))
                            .or_insert_with(|| (origin(f.id, &r.pointer), Vec::new()))
                            .1
                            .push(subject);
                    }
                }
            }
            return;
        }
        let companion = |names: &[&str]| {
            r.attrs
                .iter()
                .find(|a| names.contains(&a.name.as_str()))
                .and_then(|a| match &a.value.value {
                    Expr::Str(s) => Some(s.to_lowercase()),
                    _ => None,
                })
        };
        let cloud_hint = companion(&[
            "cloud",
            "provider_name",
            "cloud_provider",
            "backing_provider_name",
        ]);
        for a in present {
            let v = self.value(f.id, &a.value, &a.pointer, vars, locals);
            for leaf in leaves(v) {
                let value = self.resolve(p, leaf, cloud_hint.as_deref(), &a.name);
                self.push_use(
                    &p.address,
                    Use {
                        subject: subject.clone(),
                        at: origin(f.id, &a.pointer),
                        attribute: a.name.clone(),
                        value,
                        used_by: Vec::new(),
                    },
                );
            }
        }
    }

    fn push_use(&mut self, address: &str, u: Use) {
        if let Some(e) = self.out.get_mut(address) {
            let dup = e.uses.iter().any(|x| {
                x.subject == u.subject && x.at.pointer == u.at.pointer && x.at.file == u.at.file
            });
            if !dup {
                e.uses.push(u);
            }
        }
    }

    /// A leaf value of a location attribute, resolved through the reference data.
    fn resolve(&self, p: &Provider, leaf: Val, cloud_hint: Option<&str>, attribute: &str) -> Value {
        match leaf {
            Val::Str { text, at, via } => {
                if !region_shaped(&text) {
                    return Value::Unresolved {
                        reason: format!("the value of `{attribute}` is not a region identifier"),
                    };
                }
                let location = locate(self.cloud, p, &text, cloud_hint);
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
    fn provider_uses(&mut self) {
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

    /// Evaluate an expression in a module instance.
    fn value(
        &self,
        file: FileId,
        e: &'a Spanned<Expr>,
        pointer: &str,
        vars: &HashMap<String, Val>,
        locals: &mut Locals<'a>,
    ) -> Val {
        match &e.value {
            Expr::Str(s) => Val::Str {
                text: s.clone(),
                at: origin(file, pointer),
                via: Vec::new(),
            },
            Expr::Null => Val::Null,
            Expr::Var(name) => match vars.get(name) {
                Some(v) => with_via(v.clone(), format!("var.{name}")),
                None => Val::Unknown(format!("`var.{name}` is not declared in this module")),
            },
            Expr::Local(name) => {
                if let Some(v) = locals.done.get(name) {
                    return with_via(v.clone(), format!("local.{name}"));
                }
                let Some(&(lf, def)) = locals.defs.get(name) else {
                    return Val::Unknown(format!("`local.{name}` is not defined in this module"));
                };
                if !locals.active.insert(name.clone()) {
                    return Val::Unknown(format!("`local.{name}` refers to itself"));
                }
                let v = self.value(lf, &def.value, &def.pointer, vars, locals);
                locals.active.remove(name);
                locals.done.insert(name.clone(), v.clone());
                with_via(v, format!("local.{name}"))
            }
            Expr::List(items) => Val::List(
                items
                    .iter()
                    .map(|i| self.value(file, i, pointer, vars, locals))
                    .collect(),
            ),
            Expr::Object(items) => Val::Object(
                items
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(file, v, pointer, vars, locals)))
                    .collect(),
            ),
            Expr::Template(parts) => {
                let mut text = String::new();
                let mut via = Vec::new();
                for part in parts {
                    match self.value(file, part, pointer, vars, locals) {
                        Val::Str {
                            text: t, via: v, ..
                        } => {
                            text.push_str(&t);
                            via.extend(v);
                        }
                        Val::Unknown(r) => return Val::Unknown(r),
                        _ => return Val::Unknown("a template part is not a string".into()),
                    }
                }
                Val::Str {
                    text,
                    at: origin(file, pointer),
                    via,
                }
            }
            Expr::Other(what) => Val::Unknown(format!(
                "{what} cannot be evaluated without running Terraform"
            )),
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

#[derive(Default)]
struct Locals<'a> {
    defs: HashMap<String, (FileId, &'a Assign)>,
    done: HashMap<String, Val>,
    active: HashSet<String>,
}

fn with_via(v: Val, step: String) -> Val {
    match v {
        Val::Str { text, at, mut via } => {
            via.insert(0, step);
            Val::Str { text, at, via }
        }
        other => other,
    }
}

/// The string leaves of a value (a list of zones gives each zone).
fn leaves(v: Val) -> Vec<Val> {
    match v {
        Val::List(items) => items.into_iter().flat_map(leaves).collect(),
        Val::Object(items) => items.into_iter().flat_map(|(_, v)| leaves(v)).collect(),
        other => vec![other],
    }
}

/// Where a provider's location value puts data: its cloud's region table, a
/// SaaS provider's documented values, or a SaaS region naming a cloud region
/// (`aws-eu-central-1`, `amazon-web-services::eu-west-1`, `EU_CENTRAL_1`).
pub(crate) fn locate(
    cloud: &Cloud,
    p: &Provider,
    text: &str,
    cloud_hint: Option<&str>,
) -> Option<crate::reference::cloud::Location> {
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
