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

pub(crate) mod placement;
mod values;

use super::evidence::{Evidence, ProviderEvidence, Use};
use super::plan::Plan;
use super::syntax::{Assign, Expr, FileKind, Resource, Syntax};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Origin;
use crate::reference::cloud::{Cloud, RegionModel};
use crate::source::FileId;
use std::collections::{BTreeMap, HashMap, HashSet};
use values::{Locals, Val, leaves};

/// One Terraform file of the project.
pub struct TfInput<'a> {
    pub id: FileId,
    pub path: &'a str,
    pub syntax: &'a Syntax,
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
                    && &target != dir
                {
                    called.insert(target);
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
}
