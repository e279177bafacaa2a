//! The 13.5-14.x generation on `fixtures/gitlab-14`: round trips (`check`,
//! `sync`, `remove` restoring every byte), and each convention or variant
//! flipped in a copy of the fixture, with the output following it. A tree
//! mixing two generations' features is handled feature by feature.

use super::common::{TS, Tree, WIDGET, changed, ruby_c, status_lines};
use super::golden::GADGET;

fn fourteen() -> Tree {
    Tree::of("gitlab-14")
}

/// Rewrites one file of the tree with `edit`.
fn edit(tree: &Tree, rel: &str, edit: impl Fn(&str) -> String) {
    let text = tree.read(rel);
    let after = edit(&text);
    assert_ne!(after, text, "the edit of {rel} changed nothing");
    tree.write(rel, &after);
}

/// Scaffold two types, `check` passes, `sync` changes nothing, and removing
/// both restores every byte of the tree; for both verification tables.
#[test]
fn round_trips() {
    for widget in [
        WIDGET.to_vec(),
        [WIDGET, &["--verification-table", "states"]].concat(),
    ] {
        let tree = fourteen();
        let before = tree.snapshot();
        tree.run(&widget).ok();
        tree.run(GADGET).ok();
        let after = tree.snapshot();
        for f in changed(&before, &after)
            .iter()
            .filter(|f| f.ends_with(".rb"))
        {
            ruby_c(&tree.file(f));
        }
        let check = tree.run(&["check", "--strict"]).ok();
        assert!(
            check.stdout.contains("check passed: 2 recorded type(s)"),
            "{}",
            check.stdout
        );
        let sync = tree.run(&["sync"]).ok();
        assert!(
            status_lines(&sync.stdout)
                .iter()
                .all(|(v, _)| *v == "identical"),
            "{}",
            sync.stdout
        );
        assert_eq!(tree.snapshot(), after, "sync changed bytes");
        tree.run(&["remove", "gadget_repository"]).ok();
        tree.run(&["remove", "widget"]).ok();
        let left = changed(&before, &tree.snapshot());
        assert!(left.is_empty(), "not byte-identical after remove: {left:?}");
    }
}

/// `REPLICATOR_CLASSES` kept sorted (as 19.x does): the class goes in its
/// place, not at the end.
#[test]
fn sorted_replicator_list() {
    let tree = fourteen();
    edit(&tree, "ee/lib/gitlab/geo.rb", |t| {
        t.replace(
            "      ::Geo::MergeRequestDiffReplicator,\n      ::Geo::PackageFileReplicator,\n      ::Geo::SnippetRepositoryReplicator,\n      ::Geo::GroupWikiRepositoryReplicator\n",
            "      ::Geo::GroupWikiRepositoryReplicator,\n      ::Geo::MergeRequestDiffReplicator,\n      ::Geo::PackageFileReplicator,\n      ::Geo::SnippetRepositoryReplicator\n",
        )
    });
    tree.run(GADGET).ok();
    assert!(tree.read("ee/lib/gitlab/geo.rb").contains(
        "REPLICATOR_CLASSES = [\n      ::Geo::GadgetRepositoryReplicator,\n      ::Geo::GroupWikiRepositoryReplicator,\n"
    ));
}

/// A 14.x framework in a tree that still prepends with `prepend_if_ee`
/// (and lists replicators in `def self.replicator_classes`): each feature
/// is handled as found, with no version check.
#[test]
fn mixed_generations() {
    let tree = fourteen();
    for model in [
        "app/models/packages/package_file.rb",
        "app/models/merge_request_diff.rb",
        "app/models/snippet_repository.rb",
        "app/models/gadget_repository.rb",
    ] {
        edit(&tree, model, |t| {
            t.lines()
                .map(|l| match l.split_once(".prepend_mod_with(") {
                    Some((class, _)) => format!("{class}.prepend_if_ee('EE::{class}')\n"),
                    None => format!("{l}\n"),
                })
                .collect()
        });
    }
    edit(&tree, "ee/lib/gitlab/geo.rb", |t| {
        t.replace("    REPLICATOR_CLASSES = [\n", "    def self.replicator_classes\n      classes = [\n")
            .replace(
                "      ::Geo::GroupWikiRepositoryReplicator\n    ].freeze\n",
                "      ::Geo::GroupWikiRepositoryReplicator\n    ]\n\n      classes.select(&:enabled?)\n    end\n",
            )
    });
    let doctor = tree.run(&["doctor"]).ok();
    assert!(
        doctor.stdout.contains("framework generation: 13.5-14.x"),
        "{}",
        doctor.stdout
    );
    assert!(
        doctor.stdout.contains("a scaffold would work here"),
        "{}",
        doctor.stdout
    );
    tree.run(WIDGET).ok();
    assert!(
        tree.read("app/models/widget.rb")
            .ends_with("\nWidget.prepend_if_ee('EE::Widget')\n")
    );
    assert!(tree.read("ee/lib/gitlab/geo.rb").contains(
        "      ::Geo::GroupWikiRepositoryReplicator,\n      ::Geo::WidgetReplicator\n    ]\n\n      classes.select(&:enabled?)"
    ));
    // Still the 14.x EE module.
    assert!(
        tree.read("ee/app/models/ee/widget.rb")
            .contains("def replicables_for_current_secondary")
    );
}

/// The flag definition follows the reference type's schema; a definition
/// made by hand is kept; `--feature-flag` gates the field differently.
#[test]
fn feature_flag_conventions() {
    let yml = "ee/config/feature_flags/development/geo_widget_replication.yml";
    let tree = fourteen();
    edit(
        &tree,
        "ee/config/feature_flags/development/geo_group_wiki_repository_replication.yml",
        |t| t.replace("milestone: '13.10'\n", ""),
    );
    tree.run(WIDGET).ok();
    assert_eq!(
        tree.read(yml),
        "---\nname: geo_widget_replication\nintroduced_by_url:\nrollout_issue_url:\ntype: development\ngroup: group::geo\ndefault_enabled: false\n"
    );

    let tree = fourteen();
    tree.write(yml, "---\nname: geo_widget_replication\n# mine\n");
    let out = tree.run(WIDGET).ok();
    assert!(!out.stdout.contains(yml), "{}", out.stdout);
    assert_eq!(
        tree.read(yml),
        "---\nname: geo_widget_replication\n# mine\n"
    );
    assert!(!tree.read("geo-scaffold.toml").contains(yml));

    let tree = fourteen();
    tree.run(&[WIDGET, &["--feature-flag", "geo_widget_custom"]].concat())
        .ok();
    assert!(
        tree.read("ee/app/graphql/types/geo/geo_node_type.rb")
            .contains("feature_flag: :geo_widget_custom\n")
    );
    // The replicator's own flag is still geo_<name>_replication.
    assert!(tree.file(yml).is_file());
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("feature_flag = \"geo_widget_custom\"")
    );
}

/// The default verification table follows the last verifiable type of the
/// same strategy; the option is refused where the tree offers no choice.
#[test]
fn verification_table_default() {
    let tree = fourteen();
    edit(&tree, "ee/app/models/ee/packages/package_file.rb", |t| {
        t.replace(
            "        with_replicator Geo::PackageFileReplicator\n",
            "        with_replicator Geo::PackageFileReplicator\n\n        has_one :package_file_state, class_name: 'Geo::PackageFileState'\n",
        )
    });
    tree.run(WIDGET).ok();
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("verification_table = \"states\"\n")
    );
    assert!(tree.file("ee/app/models/geo/widget_state.rb").is_file());
    // Repositories follow snippet_repository, which keeps the model table.
    tree.run(GADGET).ok();
    let manifest = tree.read("geo-scaffold.toml");
    let gadget = &manifest[manifest
        .find("[replicable.gadget_repository]")
        .expect("recorded")..];
    assert!(
        gadget.contains("verification_table = \"model\"\n"),
        "{manifest}"
    );

    let seed = Tree::new();
    let err = seed
        .run(&[WIDGET, &["--verification-table", "states"]].concat())
        .fails();
    assert!(err.contains("--verification-table states: this tree keeps verification checksums on the model's table"), "{err}");
}

/// Sorted lists the type joins get it in place: the consistency worker's
/// list (and the service spec's hash that mirrors it).
#[test]
fn sorted_registry_classes() {
    let tree = fourteen();
    edit(
        &tree,
        "ee/app/workers/geo/secondary/registry_consistency_worker.rb",
        |t| {
            let start =
                t.find("REGISTRY_CLASSES = [\n").expect("list") + "REGISTRY_CLASSES = [\n".len();
            let end = start + t[start..].find("      ].freeze").expect("end");
            let mut classes: Vec<&str> = t[start..end]
                .lines()
                .map(|l| l.trim().trim_end_matches(','))
                .collect();
            classes.sort_unstable();
            let lines: Vec<String> = classes.iter().map(|c| format!("        {c}")).collect();
            format!("{}{}\n{}", &t[..start], lines.join(",\n"), &t[end..])
        },
    );
    tree.run(GADGET).ok();
    assert!(tree.read("ee/app/workers/geo/secondary/registry_consistency_worker.rb").contains(
        "        Geo::DesignRegistry,\n        Geo::GadgetRepositoryRegistry,\n        Geo::GroupWikiRepositoryRegistry,\n"
    ));
    assert!(tree.read("ee/spec/services/geo/registry_consistency_service_spec.rb").contains(
        "      Geo::DesignRegistry => :project_with_design,\n      Geo::GadgetRepositoryRegistry => :gadget_repository,\n"
    ));
}

/// A status spec that iterates `REPLICATOR_CLASSES` (later trees) needs no
/// row: the step is skipped and the file left alone.
#[test]
fn status_spec_without_a_table() {
    let tree = fourteen();
    edit(&tree, "ee/spec/models/geo_node_status_spec.rb", |t| {
        let start = t
            .find("    where(:replicator, :model_factory, :registry_factory) do")
            .expect("table");
        let end = start + t[start..].find("    end\n").expect("end") + "    end\n".len();
        format!(
            "{}    where(replicator: Gitlab::Geo::REPLICATOR_CLASSES)\n{}",
            &t[..start],
            &t[end..]
        )
    });
    let before = tree.read("ee/spec/models/geo_node_status_spec.rb");
    let doctor = tree.run(&["doctor"]).ok();
    assert!(
        doctor.stdout.contains("skip  status spec row"),
        "{}",
        doctor.stdout
    );
    tree.run(WIDGET).ok();
    assert_eq!(tree.read("ee/spec/models/geo_node_status_spec.rb"), before);
}

/// The seed's fixture, for contrast: no flag YAML, no consistency lists,
/// the seed's verification migrations, whatever the flags given.
#[test]
fn seed_tree_keeps_the_seed_steps() {
    let tree = Tree::new();
    let out = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--timestamp",
            TS,
            "--dry-run",
        ])
        .ok();
    assert!(!out.stdout.contains("feature_flags/"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("registry_consistency"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("add_verification_failure_index_to_widgets"),
        "{}",
        out.stdout
    );
}
