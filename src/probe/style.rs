//! The reference type's style where registries and models are not verified
//! yet (13.2-13.10): migrations, model links, factories.

use super::*;

// The reference type's style where registries and models are not verified
// yet (13.2-13.10): each read from the last listed type that has the file;
// where none has it, the newest file of the kind decides when the kind has
// a natural order (migrations), else the seed's form.

pub(super) const SEED: &str = "the seed's form";

impl Reference<'_> {
    /// The model class of listed type `name`, from its replicator.
    pub(super) fn model_of(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .checkout
            .read(&crate::steps::replicator::path(name))?
            .as_deref()
            .and_then(crate::steps::replicator::model_of))
    }

    /// `(path, text)` of the newest migration in `dir` named `suffix(name)`
    /// of the last listed type that has one; else of the newest migration
    /// whose name passes `of_kind`.
    pub(super) fn last_migration(
        &self,
        dir: &str,
        suffix: impl Fn(&str) -> Result<Option<String>>,
        of_kind: impl Fn(&str) -> bool,
    ) -> Result<Option<(String, String)>> {
        let mut files: Vec<String> = self
            .checkout
            .list(dir)?
            .into_iter()
            .filter(|f| f.len() > 15 && f[..14].bytes().all(|b| b.is_ascii_digit()))
            .collect();
        files.sort();
        let mut pick = None;
        for name in self.listed.iter().rev() {
            if let Some(want) = suffix(name)?
                && let Some(f) = files.iter().rev().find(|f| f[15..] == want)
            {
                pick = Some(f.clone());
                break;
            }
        }
        let pick = pick.or_else(|| files.iter().rev().find(|f| of_kind(&f[15..])).cloned());
        Ok(match pick {
            Some(f) => {
                let path = format!("{dir}/{f}");
                let src = self.checkout.read(&path)?.unwrap_or_default();
                Some((path, src))
            }
            None => None,
        })
    }
}

/// The verb of the reference registry spec's framework shared examples.
pub(super) fn registry_examples(r: &Reference) -> Result<Finding<Option<String>>> {
    Ok(
        match r.last_file(|n| format!("ee/spec/models/geo/{n}_registry_spec.rb"))? {
            Some((path, src)) => match ["include_examples", "it_behaves_like"]
                .into_iter()
                .find(|v| src.contains(&format!("{v} 'a Geo ")))
            {
                Some(verb) => found(Some(verb.to_string()), format!("{path}: `{verb}`")),
                None => found(None, format!("{path}: no framework shared examples")),
            },
            None => found(None, "no registry spec to read: as the replicator spec"),
        },
    )
}

pub(super) fn factory_association(r: &Reference) -> Result<Finding<bool>> {
    Ok(
        match r.last_file(|n| format!("ee/spec/factories/geo/{n}_registry.rb"))? {
            Some((path, src)) if src.contains("association :") => {
                found(true, format!("{path}: `association :<name>, factory: ...`"))
            }
            Some((path, _)) => found(false, format!("{path}: the model on a bare line")),
            None => found(false, format!("no registry factory to read: {SEED}")),
        },
    )
}

/// The spelling of the last registry model that includes a replicable
/// concern, and of the last that includes the verifiable one (a verified
/// registry follows the verified ones); `::Geo::` where there is none.
pub(super) fn registry_include_root(r: &Reference) -> Result<Finding<IncludeRoot>> {
    let mut replicable = None;
    let mut verifiable = None;
    for name in r.listed.iter().rev() {
        let path = format!("ee/app/models/geo/{name}_registry.rb");
        let Some(src) = r.checkout.read(&path)? else {
            continue;
        };
        let root = |concern: &str| {
            if src.contains(&format!("include ::Geo::{concern}")) {
                Some(true)
            } else if src.contains(&format!("include Geo::{concern}")) {
                Some(false)
            } else {
                None
            }
        };
        if replicable.is_none()
            && let Some(v) = root("ReplicableRegistry")
        {
            replicable = Some((v, path.clone()));
        }
        if verifiable.is_none()
            && let Some(v) = root("VerifiableRegistry")
        {
            verifiable = Some((v, path.clone()));
        }
    }
    let say = |f: &Option<(bool, String)>, concern: &str| match f {
        Some((true, path)) => format!("{path}: `include ::Geo::{concern}`"),
        Some((false, path)) => format!("{path}: `include Geo::{concern}`"),
        None => format!("no registry includes {concern}: `::Geo::`"),
    };
    let evidence = format!(
        "{}; {}",
        say(&replicable, "ReplicableRegistry"),
        say(&verifiable, "VerifiableRegistry")
    );
    Ok(found(
        IncludeRoot {
            replicable: replicable.is_none_or(|(v, _)| v),
            verifiable: verifiable.is_none_or(|(v, _)| v),
        },
        evidence,
    ))
}

pub(super) fn registry_migration(r: &Reference) -> Result<Finding<RegistryMigration>> {
    let file = r.last_migration(
        "ee/db/geo/migrate",
        |n| Ok(Some(format!("create_{n}_registry.rb"))),
        |f| f.starts_with("create_") && f.ends_with("_registry.rb"),
    )?;
    Ok(match file {
        Some((path, src)) => {
            let m = RegistryMigration {
                bigint: src.contains("id: :bigserial") || src.contains("t.bigint :"),
                text_limit: src.contains("add_text_limit"),
                ddl: src.contains("disable_ddl_transaction!"),
            };
            let evidence = format!(
                "{path}: {}, {}, {}",
                if m.bigint {
                    "bigint ids"
                } else {
                    "integer ids"
                },
                if m.text_limit {
                    "text with a limit"
                } else {
                    "a 255 string"
                },
                if m.ddl {
                    "DDL transaction disabled"
                } else {
                    "one `change`"
                }
            );
            found(m, evidence)
        }
        None => found(
            RegistryMigration {
                bigint: false,
                text_limit: false,
                ddl: false,
            },
            format!("no registry migration to read: {SEED}"),
        ),
    })
}

pub(super) fn verification_migrations(r: &Reference) -> Result<Finding<VerificationMigrations>> {
    let table = |n: &str| -> Result<Option<String>> {
        Ok(r.model_of(n)?
            .map(|m| Names::existing(n, None, None, Some(&m)).table))
    };
    let limit = r.last_migration(
        "db/migrate",
        |n| Ok(table(n)?.map(|t| format!("add_verification_failure_limit_and_index_to_{t}.rb"))),
        |f| f.starts_with("add_verification_failure_limit_and_index_to_"),
    )?;
    if let Some((path, _)) = limit {
        return Ok(found(
            VerificationMigrations::ChangeTable,
            format!("{path}: state, then limit and indexes"),
        ));
    }
    Ok(
        match r.last_migration(
            "db/migrate",
            |n| Ok(table(n)?.map(|t| format!("add_verification_state_to_{t}.rb"))),
            |f| f.starts_with("add_verification_state_to_"),
        )? {
            // A state machine's columns (13.11+) are another step variant's.
            Some((path, src)) if src.contains(":verification_state") => found(
                VerificationMigrations::Columns,
                format!("{path}: a verification state machine (the step's own variant)"),
            ),
            Some((path, _)) => found(
                VerificationMigrations::Columns,
                format!("{path}: columns, then a failure index"),
            ),
            None => found(
                VerificationMigrations::Columns,
                format!("no verification migration to read: {SEED}"),
            ),
        },
    )
}

pub(super) fn model_link(r: &Reference) -> Result<Finding<ModelLinkStyle>> {
    use heck::ToSnakeCase;
    for name in r.listed.iter().rev() {
        let Some(model) = r.model_of(name)? else {
            continue;
        };
        let rel = model
            .split("::")
            .map(|s| s.to_snake_case())
            .collect::<Vec<_>>()
            .join("/");
        for path in [
            format!("ee/app/models/ee/{rel}.rb"),
            format!("ee/app/models/{rel}.rb"),
        ] {
            let src = r.checkout.read(&path)?.unwrap_or_default();
            let Some(at) = src.find("with_replicator") else {
                continue;
            };
            let before = src[..at].trim_end_matches(' ');
            let style = ModelLinkStyle {
                blank_line: before.ends_with("\n\n"),
                geo_scopes: src.contains("def replicables_for_geo_node"),
            };
            let evidence = format!(
                "{path}: {} before `with_replicator`{}",
                if style.blank_line {
                    "a blank line"
                } else {
                    "no blank line"
                },
                if style.geo_scopes {
                    ", `replicables_for_geo_node`"
                } else {
                    ""
                }
            );
            return Ok(found(style, evidence));
        }
    }
    Ok(found(
        ModelLinkStyle {
            blank_line: true,
            geo_scopes: false,
        },
        format!("no linked model to read: {SEED}"),
    ))
}

pub(super) fn concern_scopes(checkout: &Checkout) -> Result<Finding<bool>> {
    const LIB: &str = "ee/lib/gitlab/geo/replicable_model.rb";
    Ok(match checkout.read(LIB)? {
        Some(src) if src.contains("scope :checksummed") => {
            found(true, format!("{LIB}: `scope :checksummed`"))
        }
        Some(_) => found(false, format!("{LIB}: no checksum scopes")),
        None => found(
            false,
            format!("no {LIB}: models define the checksum scopes"),
        ),
    })
}

/// Whether the last listed replicator that overrides
/// `replication_enabled_by_default?` has a comment line right above it.
pub(super) fn flag_comment(r: &Reference) -> Result<Finding<bool>> {
    const DEF: &str = "def self.replication_enabled_by_default?";
    for name in r.listed.iter().rev() {
        let path = crate::steps::replicator::path(name);
        let Some(src) = r.checkout.read(&path)? else {
            continue;
        };
        let Some(at) = src.find(DEF) else {
            continue;
        };
        let above = src[..at].trim_end().rsplit('\n').next().unwrap_or("");
        let comment = above.trim_start().starts_with('#');
        return Ok(found(
            comment,
            format!(
                "{path}: {} above `{DEF}`",
                if comment { "a comment" } else { "no comment" }
            ),
        ));
    }
    Ok(found(
        true,
        format!("no replicator overrides `{DEF}`: a comment says why"),
    ))
}

pub(super) fn model_factory(r: &Reference) -> Finding<Option<(String, String)>> {
    for name in r.listed.iter().rev() {
        let model = r.model_of(name).ok().flatten();
        let n = Names::existing(name, None, None, model.as_deref());
        if let Some((path, _)) = crate::steps::model_factory::find(r.checkout, &n) {
            let evidence = format!("{path}: `factory :{name}`");
            return found(Some((path, name.clone())), evidence);
        }
    }
    found(None, format!("no model factory to read: {SEED}"))
}
