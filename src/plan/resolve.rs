//! The first stage of a plan: the request resolved once. Options recorded in
//! the manifest fill what the command line left out, everything is validated,
//! the model's files are found and read, and every spelling is derived.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};

use super::Scaffold;
use crate::checkout::{Checkout, ModelFiles, declared_table};
use crate::hints;
use crate::manifest::{self, Entry, Manifest};
use crate::names::{self, Names};
use crate::patch::Mode;
use crate::plan::Facts;
use crate::probe::{Flags, Probes, VerificationTable};
use crate::render::{Context, ModelFacts};
use crate::steps::model_link::Additions;
use crate::strategy::{self, Inferred, NotInferred, Strategy};

/// The feature flag the seed puts on the GraphQL field.
pub const DEFAULT_FEATURE_FLAG: &str = "geo_self_service_framework";

/// A request with everything a plan needs to know about the type.
#[derive(Debug)]
pub struct Resolved {
    pub names: Names,
    pub strategy: Strategy,
    /// How the strategy was read from the model, when `--strategy` was not given.
    pub inferred: Option<Inferred>,
    pub feature_flag: String,
    /// Where the primary's verification state goes, on trees with
    /// `Gitlab::Geo::VerificationState` (`None` elsewhere: nothing to choose).
    pub verification_table: Option<VerificationTable>,
    pub model: ModelFiles,
    /// The model class's file, as read.
    pub class_src: String,
    /// The manifest's record of this type, if any.
    pub recorded: Option<Entry>,
    /// What the model (class and EE module) offers for selective sync.
    pub model_facts: ModelFacts,
    /// The type's replication flag YAML exists and the scaffold did not
    /// write it.
    pub flag_defined: bool,
    /// The model's EE factory file exists and the scaffold did not write it.
    pub traits_defined: bool,
    /// The request, with recorded options merged in.
    pub req: Scaffold,
}

impl Resolved {
    /// Whether the model already has (or the scaffold recorded adding) the
    /// checksum scopes, judged on the file the link goes into.
    pub fn scopes_added(&self, link_src: &str) -> bool {
        // With a verification state machine the model gets no checksum scopes.
        if self.verification_table.is_some() {
            return false;
        }
        self.recorded.as_ref().map_or_else(
            || {
                !(link_src.contains("scope :checksummed,")
                    || link_src.contains("def self.checksummed"))
            },
            |e| e.scopes_added,
        )
    }

    /// What templates and patchers see.
    pub fn context<'a>(
        &'a self,
        probes: &'a Probes,
        scopes_added: bool,
        additions: &'a Additions,
        timestamps: &'a BTreeMap<String, String>,
        facts: &'a Facts,
    ) -> Context<'a> {
        Context {
            n: &self.names,
            probes,
            strategy: self.strategy,
            feature_flag: &self.feature_flag,
            scopes_added,
            verification_table: self.verification_table.unwrap_or(VerificationTable::Model),
            model: self.model_facts,
            flag_defined: self.flag_defined,
            traits_defined: self.traits_defined,
            additions,
            timestamps,
            facts,
        }
    }
}

/// Fills options the command line left out from the manifest's record.
fn with_recorded(s: &Scaffold, recorded: Option<&Entry>) -> Scaffold {
    let mut s = s.clone();
    if let Some(e) = recorded {
        s.input.model = s.input.model.or_else(|| Some(e.model.clone()));
        s.input.plural = s.input.plural.or_else(|| Some(e.plural.clone()));
        s.input.label = s.input.label.or_else(|| Some(e.label.clone()));
        s.feature_flag = s.feature_flag.or_else(|| Some(e.feature_flag.clone()));
        s.model_path = s.model_path.or_else(|| e.model_path.clone());
        s.milestone = s.milestone.or_else(|| e.milestone.clone());
        s.sharding_key = s.sharding_key.or_else(|| e.sharding_key.clone());
        s.strategy = s.strategy.or(Some(e.strategy));
        s.verification_table = s.verification_table.or(e.verification_table);
    }
    s
}

/// The flag a type gets when `--feature-flag` is left out: the GraphQL field
/// is gated as the tree gates its types, by the type's own
/// `geo_<name>_replication` flag where types have one.
pub fn default_feature_flag(probes: &Probes, name: &str) -> String {
    match probes.flags.value {
        Flags::PerType { .. } => format!("geo_{name}_replication"),
        Flags::Global => DEFAULT_FEATURE_FLAG.to_string(),
    }
}

/// Where the primary's verification state goes when `--verification-table`
/// is left out: as the last verifiable type of the same strategy keeps it;
/// `None` on trees without `Gitlab::Geo::VerificationState`.
pub fn default_verification_table(
    probes: &Probes,
    strategy: Strategy,
) -> Option<VerificationTable> {
    probes.verification_state.value.then(|| {
        probes
            .reference_tables
            .value
            .for_strategy(strategy)
            .map_or(VerificationTable::Model, |(_, t)| *t)
    })
}

/// Resolves `req` against the manifest and the checkout.
pub fn resolve(
    checkout: &Checkout,
    manifest: &Manifest,
    probes: &Probes,
    req: &Scaffold,
    mode: Mode,
) -> Result<Resolved> {
    let key = req.input.name().map_err(|e| anyhow!(e))?;
    let recorded = manifest.get(&key).cloned();
    if mode == Mode::Remove && recorded.is_none() {
        return Err(anyhow!(
            "`{key}` is not recorded in {}: geo-scaffold only removes what it scaffolded",
            manifest::PATH
        ));
    }
    if let (Some(e), Some(asked)) = (&recorded, req.strategy)
        && asked != e.strategy
        && mode == Mode::Add
    {
        return Err(anyhow!(
            "`{key}` is recorded with `--strategy {}`; the strategy shapes its replicator and registry migration, which may have run: to change it, run `geo-scaffold remove {key}` (rolling its migrations back first), then `geo-scaffold {key} --strategy {asked}`",
            e.strategy
        ));
    }
    let req = with_recorded(req, recorded.as_ref());
    let feature_flag = req
        .feature_flag
        .clone()
        .unwrap_or_else(|| default_feature_flag(probes, &key));
    names::validate_flag(&feature_flag).map_err(|e| anyhow!("invalid --feature-flag: {e}"))?;
    if !probes.verification_state.value
        && let Some(t) = req.verification_table
    {
        return Err(anyhow!(
            "--verification-table {}: this tree keeps verification checksums on the model's table ({}); leave the option out",
            t.as_str(),
            probes.verification_state.evidence
        ));
    }
    let model_class = req.input.model_class().map_err(|e| anyhow!(e))?;
    let model = checkout
        .find_model(&model_class, req.model_path.as_deref())?
        .ok_or_else(|| {
            // The word as typed, for typo hints; none when `--model` named the class.
            let raw = match req.input.model {
                None => req.input.name.as_deref(),
                Some(_) => None,
            };
            anyhow!(hints::missing_model(checkout, &model_class, &key, raw))
        })?;
    let class_src = checkout.read_required(&model.class_path)?;
    let (strategy, inferred) = match req.strategy {
        Some(s) => (s, None),
        None => match strategy::infer(&class_src, &model.class_path) {
            Ok(i) => (i.strategy, Some(i)),
            Err(why) => {
                let why = match why {
                    NotInferred::NoSign => "neither mounts an uploader nor has a `repository`",
                    NotInferred::Both => "both mounts an uploader and has a `repository`",
                };
                return Err(anyhow!(
                    "missing `--strategy`: {model_class} ({}) {why}, so it is not obvious; use {}",
                    model.class_path,
                    Strategy::choices()
                        .replace("`blob`", "`--strategy blob`")
                        .replace("`repository`", "`--strategy repository`")
                ));
            }
        },
    };
    // After the strategy: the default depends on it.
    let verification_table = req
        .verification_table
        .or_else(|| default_verification_table(probes, strategy));
    let module_src = if model.link_path == model.class_path {
        None
    } else {
        checkout.read(&model.link_path)?
    };
    let model_facts = ModelFacts::read(&[&class_src, module_src.as_deref().unwrap_or("")]);
    let flag_defined = match &probes.flags.value {
        Flags::PerType { dir } => {
            let path = format!("{dir}/geo_{key}_replication.yml");
            checkout.abs(&path).is_file()
                && !recorded
                    .as_ref()
                    .is_some_and(|e| e.files.contains_key(&path))
        }
        Flags::Global => false,
    };
    let not_ours = |path: &str| {
        checkout.abs(path).is_file()
            && !recorded
                .as_ref()
                .is_some_and(|e| e.files.contains_key(path))
    };
    let mut input = req.input.clone();
    input.name = Some(key);
    input.table = declared_table(&class_src);
    let names = Names::new(&input).map_err(|e| anyhow!(e))?;
    let traits_defined = not_ours(&crate::steps::verification::traits_path(&names));
    Ok(Resolved {
        names,
        strategy,
        inferred,
        feature_flag,
        verification_table,
        model,
        class_src,
        recorded,
        model_facts,
        flag_defined,
        traits_defined,
        req,
    })
}
