//! The first stage of a plan: the request resolved once. Options recorded in
//! the manifest fill what the command line left out, everything is validated,
//! the model's files are found and read, and every spelling is derived.

use anyhow::{Result, anyhow};

use super::Scaffold;
use crate::checkout::{Checkout, ModelFiles, declared_table};
use crate::hints;
use crate::manifest::{self, Entry, Manifest};
use crate::names::Names;
use crate::patch::Mode;
use crate::render::Context;
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
    pub model: ModelFiles,
    /// The model class's file, as read.
    pub class_src: String,
    /// The manifest's record of this type, if any.
    pub recorded: Option<Entry>,
    /// The request, with recorded options merged in.
    pub req: Scaffold,
}

impl Resolved {
    /// Whether the model already has (or the scaffold recorded adding) the
    /// checksum scopes, judged on the file the link goes into.
    pub fn scopes_added(&self, link_src: &str) -> bool {
        self.recorded.as_ref().map_or_else(
            || {
                !(link_src.contains("scope :checksummed,")
                    || link_src.contains("def self.checksummed"))
            },
            |e| e.scopes_added,
        )
    }

    /// What templates and patchers see.
    pub fn context(&self, scopes_added: bool) -> Context<'_> {
        Context {
            n: &self.names,
            strategy: self.strategy,
            feature_flag: &self.feature_flag,
            scopes_added,
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
        s.strategy = s.strategy.or(Some(e.strategy));
    }
    s
}

fn validate_flag(flag: &str, name: &str) -> Result<()> {
    if flag.is_empty()
        || !flag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(anyhow!(
            "invalid --feature-flag `{flag}`: use a snake_case flag name, e.g. `geo_{name}_replication`"
        ));
    }
    Ok(())
}

/// Resolves `req` against the manifest and the checkout.
pub fn resolve(
    checkout: &Checkout,
    manifest: &Manifest,
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
    let req = with_recorded(req, recorded.as_ref());
    let feature_flag = req
        .feature_flag
        .clone()
        .unwrap_or_else(|| DEFAULT_FEATURE_FLAG.to_string());
    validate_flag(&feature_flag, &key)?;
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
    let mut input = req.input.clone();
    input.name = Some(key);
    input.table = declared_table(&class_src);
    let names = Names::new(&input).map_err(|e| anyhow!(e))?;
    Ok(Resolved {
        names,
        strategy,
        inferred,
        feature_flag,
        model,
        class_src,
        recorded,
        req,
    })
}
