//! Replicator strategies: the one place that says what each contributes.
//!
//! A strategy only picks template variants (replicator, its spec, the registry
//! migration); every other file and patch is shared, through the same pipeline.

use std::fmt;
use std::str::FromStr;

/// A Geo replicator strategy, matching GitLab's `Geo::*ReplicatorStrategy` modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// `::Geo::BlobReplicatorStrategy`: files behind a CarrierWave uploader.
    Blob,
    /// `::Geo::RepositoryReplicatorStrategy`: Git repositories.
    Repository,
}

impl Strategy {
    pub const ALL: [Strategy; 2] = [Strategy::Blob, Strategy::Repository];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Blob => "blob",
            Strategy::Repository => "repository",
        }
    }

    /// What the strategy replicates, for messages.
    pub fn replicates(self) -> &'static str {
        match self {
            Strategy::Blob => "files",
            Strategy::Repository => "Git repositories",
        }
    }

    /// What the strategy is for, in the help of `--strategy`.
    pub fn description(self) -> &'static str {
        match self {
            Strategy::Blob => "files behind a CarrierWave uploader (`mount_uploader`)",
            Strategy::Repository => "Git repositories (the model has a `repository`)",
        }
    }

    /// "`blob` (files) or `repository` (Git repositories)".
    pub fn choices() -> String {
        let all: Vec<String> = Strategy::ALL
            .iter()
            .map(|s| format!("`{}` ({})", s.as_str(), s.replicates()))
            .collect();
        all.join(" or ")
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(found) = Strategy::ALL.iter().find(|k| k.as_str() == s) {
            return Ok(*found);
        }
        let choices = Strategy::choices();
        Err(match s {
            "database" => format!(
                "strategy `database` is not a replicator strategy: database rows reach secondaries through PostgreSQL streaming replication, so there is nothing to scaffold; use {choices}"
            ),
            "" => format!("empty strategy: use {choices}"),
            other => format!("unknown strategy `{other}`: use {choices}"),
        })
    }
}

/// A strategy read from the model, and the line that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub strategy: Strategy,
    /// The model's line that decided it (`mount_uploader :file, WidgetUploader`).
    pub because: String,
}

/// Why no strategy could be read from the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotInferred {
    /// Neither an uploader nor a repository.
    NoSign,
    /// Both an uploader and a repository.
    Both,
}

/// The strategy a model makes obvious, by syntax: a mounted uploader
/// (`mount_uploader`, `mount_file_store_uploader`) means `blob`; a
/// `repository` (`def repository`, `delegate :repository`, `has_one
/// :repository`) means `repository`. A file that does not parse shows
/// nothing (the link step reports its syntax error).
pub fn infer(model_src: &str, path: &str) -> Result<Inferred, NotInferred> {
    use crate::patch::ruby::{Kind, Ruby};
    let Ok(rb) = Ruby::parse(model_src, path) else {
        return Err(NotInferred::NoSign);
    };
    let first_line = |n| rb.text(n).lines().next().unwrap_or_default().to_string();
    let calls = rb.outline(rb.root(), Kind::Call);
    let blob = calls.iter().find(|c| {
        matches!(
            rb.call_name(**c),
            Some("mount_uploader" | "mount_file_store_uploader")
        )
    });
    let repository = calls
        .iter()
        .find(|c| match rb.call_name(**c) {
            Some("delegate") => c.args().iter().any(|a| rb.text(*a) == ":repository"),
            Some("has_one" | "belongs_to") => c
                .args()
                .first()
                .is_some_and(|a| rb.text(*a) == ":repository"),
            _ => false,
        })
        .copied()
        .or_else(|| {
            rb.outline(rb.root(), Kind::Def)
                .into_iter()
                .find(|d| rb.name(*d) == Some("repository"))
        });
    match (blob, repository) {
        (Some(b), None) => Ok(Inferred {
            strategy: Strategy::Blob,
            because: first_line(*b),
        }),
        (None, Some(r)) => Ok(Inferred {
            strategy: Strategy::Repository,
            because: first_line(r),
        }),
        (Some(_), Some(_)) => Err(NotInferred::Both),
        (None, None) => Err(NotInferred::NoSign),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(body: &str) -> String {
        format!("# frozen_string_literal: true\n\nclass Thing < ApplicationRecord\n{body}end\n")
    }

    #[test]
    fn an_uploader_means_blob() {
        let got = infer(&model("  mount_uploader :file, ThingUploader\n"), "t.rb").expect("blob");
        assert_eq!(got.strategy, Strategy::Blob);
        assert_eq!(got.because, "mount_uploader :file, ThingUploader");
        let src = "module Ci\n  class Thing < Ci::ApplicationRecord\n    mount_file_store_uploader Ci::ThingUploader\n  end\nend\n";
        assert_eq!(infer(src, "t.rb").expect("blob").strategy, Strategy::Blob);
    }

    #[test]
    fn a_repository_means_repository() {
        for body in [
            "  delegate :repository, to: :snippet\n",
            "  delegate :full_path, :repository, to: :group\n",
            "  def repository\n    @repository ||= Repository.new\n  end\n",
            "  has_one :repository\n",
        ] {
            let got = infer(&model(body), "t.rb").expect(body);
            assert_eq!(got.strategy, Strategy::Repository, "{body}");
        }
    }

    #[test]
    fn nothing_or_both_is_not_obvious() {
        assert_eq!(
            infer(&model("  belongs_to :project\n"), "t.rb"),
            Err(NotInferred::NoSign)
        );
        // A mention in a method body or a comment is no sign.
        assert_eq!(
            infer(
                &model("  # mount_uploader :file\n  def x\n    mount_uploader :y\n  end\n"),
                "t.rb"
            ),
            Err(NotInferred::NoSign)
        );
        assert_eq!(
            infer(
                &model("  mount_uploader :file, U\n  delegate :repository, to: :p\n"),
                "t.rb"
            ),
            Err(NotInferred::Both)
        );
        assert_eq!(infer("class (", "t.rb"), Err(NotInferred::NoSign));
    }
}
