//! The infrastructure evidence rules read: per Terraform provider, where it is
//! configured and every place that decides where its data go, each resolved to
//! countries through the cloud reference data, or unresolved with the reason.

use crate::model::Origin;
use crate::reference::cloud::Location;

/// What the Terraform of a project shows, per provider source address.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Sorted by address.
    pub providers: Vec<ProviderEvidence>,
    /// Number of Terraform files read.
    pub files: usize,
}

/// One provider (source address) the project uses.
#[derive(Clone, Debug)]
pub struct ProviderEvidence {
    /// The source address as the knowledge base lists it (`hashicorp/aws`).
    pub address: String,
    /// The service's name (`Amazon Web Services`).
    pub service: String,
    /// The local name in the configuration (`aws`).
    pub local: String,
    /// Whether the service holds personal data by default (providers.yaml).
    pub personal_data: bool,
    /// The provider block, else the `required_providers` entry, else the first resource.
    pub declared: Origin,
    pub uses: Vec<Use>,
}

/// A place that decides where a provider's data go.
#[derive(Clone, Debug)]
pub struct Use {
    /// `aws_s3_bucket.logs`, `module.storage.google_storage_bucket.data`, `provider aws.us`.
    pub subject: String,
    /// The attribute (or block) to report at.
    pub at: Origin,
    /// The attribute name (`region`), or the setting that is missing.
    pub attribute: String,
    pub value: Value,
    /// For a provider configuration: the resources that use it.
    pub used_by: Vec<String>,
}

/// A location value, as far as static evaluation goes.
#[derive(Clone, Debug)]
pub enum Value {
    /// A region identifier (safe to print: it matched the region shape).
    Known {
        text: String,
        /// `None`: not a region the reference data know.
        location: Option<Location>,
        /// Where the literal was written, when elsewhere (tfvars, a default, a caller, a plan).
        defined: Option<Origin>,
        /// How it was reached: `var.region`, `local.region`.
        via: Vec<String>,
    },
    /// Not statically known; the reason says why and what would make it known.
    Unresolved { reason: String },
}

/// Whether a value may be shown to users: a region or location identifier
/// has this shape, a credential rarely does; anything else is never printed.
pub fn region_shaped(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ':' | '/'))
}
