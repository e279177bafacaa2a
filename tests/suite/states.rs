//! The 15.x-19.x generations: goldens of a blob and a repository type on
//! fixtures/gitlab-18 (late 18.x) and fixtures/gitlab-19 (a tree with
//! GitLab's own generator), `ruby -c` and JSON parses of what changed,
//! idempotence, check / sync / remove round trips, and each convention
//! flipped in a copy of the fixture with the output following it.

use super::common::{Tree, assert_golden, changed, ruby_c, status_lines};

/// `Widgets::Archive` on the 18.x fixture, as the expected output has it.
const ARCHIVE: &[&str] = &[
    "--model",
    "Widgets::Archive",
    "--strategy",
    "blob",
    "--label",
    "Widget Archives",
    "--timestamp",
    "20260101000001",
];

const GADGET_18: &[&str] = &[
    "gadget_repository",
    "--strategy",
    "repository",
    "--timestamp",
    "20260101000001",
];

/// The generator's inputs on the 19.x fixture (`--sharding-key project_id
/// --milestone 19.2 --model-class Widget`).
const WIDGET_19: &[&str] = &[
    "widget",
    "--strategy",
    "blob",
    "--sharding-key",
    "project_id",
    "--milestone",
    "19.2",
    "--timestamp",
    "20260101000000",
];

const GADGET_19: &[&str] = &[
    "gadget_repository",
    "--strategy",
    "repository",
    "--sharding-key",
    "project_id",
    "--milestone",
    "19.2",
    "--timestamp",
    "20260101000000",
];

/// Runs each scaffold on a copy of `fixture` and checks every changed file
/// against `tests/golden/<name>/`; Ruby must parse, JSON must parse, and a
/// second run changes no byte.
fn case_on(fixture: &str, name: &str, runs: &[&[&str]]) -> Tree {
    let tree = Tree::of(fixture);
    let before = tree.snapshot();
    for args in runs {
        tree.run(args).ok();
    }
    let after = tree.snapshot();
    let files = changed(&before, &after);
    assert_golden(name, &tree, &files);
    for f in &files {
        if f.ends_with(".rb") {
            ruby_c(&tree.file(f));
        } else if f.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&tree.read(f))
                .unwrap_or_else(|e| panic!("{f} is not JSON: {e}"));
        }
    }
    for args in runs {
        let again = tree.run(args).ok();
        let verbs: Vec<&str> = status_lines(&again.stdout)
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        assert!(
            !verbs.is_empty() && verbs.iter().all(|v| *v == "identical"),
            "second run must be identical:\n{}",
            again.stdout
        );
    }
    assert_eq!(tree.snapshot(), after, "a second run changed bytes");
    tree
}

/// Every ```json block of an API page that lists status fields parses.
fn examples_parse(tree: &Tree, page: &str) {
    let doc = tree.read(page);
    let mut rest = doc.as_str();
    while let Some(at) = rest.find("```json\n") {
        let body = &rest[at + 8..];
        let end = body.find("```").expect("closed fence");
        if body[..end].contains("_count\"") {
            serde_json::from_str::<serde_json::Value>(&body[..end])
                .unwrap_or_else(|e| panic!("{page}: an example is not JSON: {e}"));
        }
        rest = &body[end + 3..];
    }
}

#[test]
fn gitlab_18_blob() {
    let tree = case_on("gitlab-18", "gitlab-18_widgets_archive", &[ARCHIVE]);
    examples_parse(&tree, "doc/api/geo_nodes.md");
    examples_parse(&tree, "doc/api/geo_sites.md");
    // The CE model gets its EE module prepended, as NuGet's does.
    assert!(
        tree.read("app/models/widgets/archive.rb")
            .ends_with("\nWidgets::Archive.prepend_mod\n")
    );
}

#[test]
fn gitlab_18_repository() {
    let tree = case_on("gitlab-18", "gitlab-18_gadget_repository", &[GADGET_18]);
    // The existing EE module and spec are patched, not replaced.
    let module = tree.read("ee/app/models/ee/gadget_repository.rb");
    assert!(module.contains("    def push_rule\n"));
    assert!(module.contains("    def pool_repository\n"));
}

#[test]
fn gitlab_19_blob() {
    let tree = case_on("gitlab-19", "gitlab-19_widget", &[WIDGET_19]);
    examples_parse(&tree, "doc/api/geo_nodes.md");
}

#[test]
fn gitlab_19_repository() {
    let tree = case_on("gitlab-19", "gitlab-19_gadget_repository", &[GADGET_19]);
    // ActiveSupport's plural, where the generator appends an `s`.
    let schema = tree.read("ee/spec/fixtures/api/schemas/public_api/v4/geo_site_status.json");
    assert!(schema.contains("\"gadget_repositories_count\""));
    assert!(!schema.contains("repositorys"));
}

/// Both types on each tree: `check` passes, `sync` changes nothing, and
/// removing them restores every byte of the fixture.
#[test]
fn round_trips() {
    for (fixture, blob, repo) in [
        ("gitlab-18", ARCHIVE, GADGET_18),
        ("gitlab-19", WIDGET_19, GADGET_19),
    ] {
        let tree = Tree::of(fixture);
        let original = tree.snapshot();
        tree.run(blob).ok();
        let repo: Vec<&str> = repo
            .iter()
            .map(|a| {
                if a.starts_with("202601010000") {
                    "20260102000000"
                } else {
                    a
                }
            })
            .collect();
        tree.run(&repo).ok();
        let scaffolded = tree.snapshot();
        tree.run(&["check", "--strict"]).ok();
        tree.run(&["sync"]).ok();
        assert_eq!(tree.snapshot(), scaffolded, "{fixture}: sync changed bytes");
        let blob_name = if fixture == "gitlab-18" {
            "widgets_archive"
        } else {
            "widget"
        };
        tree.run(&["remove", blob_name]).ok();
        tree.run(&["remove", "gadget_repository"]).ok();
        let left = changed(&original, &tree.snapshot());
        assert!(left.is_empty(), "{fixture}: remove left {left:?}");
    }
}

/// Scaffolds the blob type on a copy of the 18.x fixture after `edit`, and
/// returns the tree.
fn on_edited_18(edit: impl FnOnce(&Tree), args: &[&str]) -> Tree {
    let tree = Tree::of("gitlab-18");
    edit(&tree);
    tree.run(args).ok();
    tree
}

fn replace(tree: &Tree, path: &str, from: &str, to: &str) {
    let text = tree.read(path);
    assert!(text.contains(from), "{path} holds `{from}`");
    tree.write(path, &text.replacen(from, to, 1));
}

const NUGET_REGISTRY: &str = "ee/app/models/geo/packages_nuget_symbol_registry.rb";
const NUGET_REPLICATOR: &str = "ee/app/replicators/geo/packages_nuget_symbol_replicator.rb";

/// Each convention read from the tree, flipped in a copy, changes the
/// output the same way.
#[test]
fn conventions_follow_the_tree() {
    // No VERSION: the milestone is the newest migration's.
    let tree = on_edited_18(
        |t| std::fs::remove_file(t.file("VERSION")).expect("rm"),
        ARCHIVE,
    );
    let migration = tree.read("db/migrate/20260101000002_create_widgets_archive_states.rb");
    assert!(migration.contains("  milestone '18.9'\n"), "{migration}");

    // Registries named by constants: the new one too.
    let tree = on_edited_18(
        |t| {
            replace(
                t,
                NUGET_REGISTRY,
                "    def self.model_class\n      ::Packages::Nuget::Symbol\n    end\n\n    def self.model_foreign_key\n      :packages_nuget_symbol_id\n    end\n",
                "    MODEL_CLASS = ::Packages::Nuget::Symbol\n    MODEL_FOREIGN_KEY = :packages_nuget_symbol_id\n",
            )
        },
        ARCHIVE,
    );
    let registry = tree.read("ee/app/models/geo/widgets_archive_registry.rb");
    assert!(
        registry.contains("    MODEL_CLASS = ::Widgets::Archive\n"),
        "{registry}"
    );
    assert!(!registry.contains("def self.model_class"), "{registry}");

    // Replicators without titles: none on the new one.
    let tree = on_edited_18(
        |t| {
            for f in [
                NUGET_REPLICATOR,
                "ee/app/replicators/geo/design_management_repository_replicator.rb",
            ] {
                let text = t
                    .read(f)
                    .replace("def self.replicable_title", "def self.title");
                t.write(f, &text);
            }
        },
        ARCHIVE,
    );
    let replicator = tree.read("ee/app/replicators/geo/widgets_archive_replicator.rb");
    assert!(!replicator.contains("replicable_title"), "{replicator}");

    // Specs without `feature_category:`: new specs without it.
    let tree = on_edited_18(
        |t| {
            let spec = "ee/spec/replicators/geo/packages_nuget_symbol_replicator_spec.rb";
            replace(t, spec, ", feature_category: :geo_replication", "")
        },
        ARCHIVE,
    );
    let spec = tree.read("ee/spec/replicators/geo/widgets_archive_replicator_spec.rb");
    assert!(spec.starts_with("# frozen_string_literal: true\n\nrequire 'spec_helper'\n\nRSpec.describe Geo::WidgetsArchiveReplicator do\n"), "{spec}");

    // A sharding key asked for: the column, its index and foreign key, the
    // trigger migration, and the dictionary's sharding key.
    let args = [ARCHIVE, &["--sharding-key", "project_id"]].concat();
    let tree = on_edited_18(|_| {}, &args);
    let states = tree.read("db/migrate/20260101000002_create_widgets_archive_states.rb");
    assert!(states.contains("  disable_ddl_transaction!\n"));
    assert!(states.contains("      t.bigint :project_id, null: false\n"));
    assert!(tree.file("db/migrate/20260101000003_add_widgets_archive_states_project_id_sharding_key_trigger.rb").is_file());
    let dictionary = tree.read("db/docs/widgets_archive_states.yml");
    assert!(
        dictionary
            .contains("gitlab_schema: gitlab_main_org\nsharding_key:\n  project_id: projects\n"),
        "{dictionary}"
    );

    // A tree with GitLab's own generator: its registry migration shape.
    let tree = on_edited_18(
        |t| {
            t.write("ee/lib/generators/geo/replicator_generator.rb", "# frozen_string_literal: true\n\nmodule Geo\n  class ReplicatorGenerator < Rails::Generators::NamedBase\n  end\nend\n");
            // A tree of that generation has the authorization to-do list.
            t.write(
                "config/authz/graphql/authorization_todo.txt",
                "type:UploadRegistry\n",
            );
        },
        ARCHIVE,
    );
    let migration =
        tree.read("ee/db/geo/migrate/20260101000001_create_widgets_archive_registry.rb");
    assert!(
        migration.contains("id: :bigserial, if_not_exists: true do |t|"),
        "{migration}"
    );
}

/// An EE module that already has `class_methods do` gets the class-method
/// wiring inside it, and gives it back on removal.
#[test]
fn existing_class_methods_block() {
    let module = "ee/app/models/ee/gadget_repository.rb";
    let tree = Tree::of("gitlab-18");
    replace(
        &tree,
        module,
        "    def push_rule\n",
        "    class_methods do\n      def gadgets_for(project)\n        where(project: project)\n      end\n    end\n\n    def push_rule\n",
    );
    let before = tree.read(module);
    tree.run(GADGET_18).ok();
    let after = tree.read(module);
    assert_eq!(after.matches("class_methods do").count(), 1, "{after}");
    assert!(
        after.contains("    class_methods do\n      extend ::Gitlab::Utils::Override\n"),
        "{after}"
    );
    assert!(
        after.contains("      end\n\n      def gadgets_for(project)\n"),
        "{after}"
    );
    tree.run(&["remove", "gadget_repository"]).ok();
    assert_eq!(tree.read(module), before);
}
