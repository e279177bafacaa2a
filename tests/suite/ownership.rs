//! Ownership (see: issue 14): the tool takes over no type it did not
//! scaffold, removes only what it recorded as written, re-renders every
//! place when an option changes, sees every line it wrote, accepts
//! deliberate edits, says only what happened, and refuses bad input whole.

use std::fs;

use super::common::{TS, Tree, WIDGET, changed, status_lines};

const STATUS: &str = "ee/app/models/geo_node_status.rb";
const FACTORY: &str = "ee/spec/factories/geo_node_statuses.rb";
const SPEC: &str = "ee/spec/models/geo_node_status_spec.rb";
const SCHEMA: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json";
const METRICS_DOC: &str = "doc/administration/monitoring/prometheus/gitlab_metrics.md";
const API_DOC: &str = "doc/api/geo_nodes.md";
const NODE_TYPE: &str = "ee/app/graphql/types/geo/geo_node_type.rb";
const NODE_TYPE_SPEC: &str = "ee/spec/graphql/types/geo/geo_node_type_spec.rb";
const REGISTRIES_SPEC: &str = "ee/spec/requests/api/graphql/geo/registries_spec.rb";
const GEO_LIB: &str = "ee/lib/gitlab/geo.rb";
const MODEL: &str = "ee/app/models/widget.rb";
const REPLICATOR: &str = "ee/app/replicators/geo/widget_replicator.rb";
const FINDER: &str = "ee/app/finders/geo/widget_registry_finder.rb";

#[track_caller]
fn edit(tree: &Tree, rel: &str, from: &str, to: &str) {
    let text = tree.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    tree.write(rel, &text.replacen(from, to, 1));
}

/// Runs `args`, expecting exit 2, one error line containing every `says`,
/// and no byte of the tree changed.
#[track_caller]
fn refused(tree: &Tree, args: &[&str], says: &[&str]) -> String {
    let before = tree.snapshot();
    let line = tree.run(args).fails();
    for s in says {
        assert!(line.contains(s), "`{line}` should mention `{s}`");
    }
    assert_eq!(tree.snapshot(), before, "{args:?} wrote something");
    line
}

#[track_caller]
fn check_fails(tree: &Tree, args: &[&str]) -> String {
    let out = tree.run(args);
    assert_eq!(
        out.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    out.stdout
}

// 1. Existing types are not adopted.

#[test]
fn the_reference_type_is_not_taken_over() {
    let tree = Tree::new();
    let line = refused(
        &tree,
        &["--model", "Packages::PackageFile", "--strategy", "blob"],
        &[
            "`package_file` is already wired into this tree by hand",
            "ee/app/replicators/geo/package_file_replicator.rb exists",
            "ee/lib/gitlab/geo.rb lists ::Geo::PackageFileReplicator",
            "with_replicator",
            "does not take over",
        ],
    );
    assert!(line.contains("package_files_count"), "{line}");
    // And there is nothing for `remove` to take: it was never recorded.
    refused(&tree, &["remove", "package_file"], &["not recorded"]);
}

#[test]
fn an_older_type_whose_status_fields_predate_the_framework_is_not_taken_over() {
    let tree = Tree::new();
    tree.write(
        "app/models/lfs_object.rb",
        "# frozen_string_literal: true\n\nclass LfsObject < ApplicationRecord\n  mount_uploader :file, LfsObjectUploader\nend\n",
    );
    refused(
        &tree,
        &["lfs_object", "--strategy", "blob"],
        &[
            "entries of `lfs_object` (plural `lfs_objects`) already stand",
            "ee/app/models/geo_node_status.rb has",
            "lfs_objects_count",
            "--plural lfs_object_items",
        ],
    );
}

#[test]
fn a_model_with_its_replicator_or_a_listed_replicator_is_not_taken_over() {
    let tree = Tree::new();
    edit(
        &tree,
        MODEL,
        "  belongs_to :project\n",
        "  with_replicator Geo::WidgetReplicator\n\n  belongs_to :project\n",
    );
    refused(
        &tree,
        WIDGET,
        &[
            "already wired",
            "ee/app/models/widget.rb already has `with_replicator`",
        ],
    );

    let tree = Tree::new();
    edit(
        &tree,
        GEO_LIB,
        "        ::Geo::PackageFileReplicator\n",
        "        ::Geo::PackageFileReplicator,\n        ::Geo::WidgetReplicator\n",
    );
    refused(
        &tree,
        WIDGET,
        &[
            "already wired",
            "ee/lib/gitlab/geo.rb lists ::Geo::WidgetReplicator",
        ],
    );

    let tree = Tree::new();
    tree.write(REPLICATOR, "# by hand\n");
    refused(
        &tree,
        WIDGET,
        &["already wired", &format!("{REPLICATOR} exists")],
    );
}

#[test]
fn a_plural_that_collides_with_existing_fields_is_refused_with_the_fix() {
    let tree = Tree::new();
    for plural in [
        "repositories",
        "wikis",
        "lfs_objects",
        "container_repositories",
    ] {
        refused(
            &tree,
            &["widget", "--strategy", "blob", "--plural", plural],
            &[
                &format!("(plural `{plural}`) already stand"),
                &format!("{plural}_"),
                "--plural widget_items",
            ],
        );
    }
    // The fix works.
    tree.run(&[WIDGET, &["--plural", "widget_items"]].concat())
        .ok();
    tree.run(&["check"]).ok();
}

// 2. `remove` removes only what the tool wrote.

/// Shared files holding lines with the type's prefix (and a model already
/// including the framework concern) before the scaffold.
fn tree_with_same_prefix_lines() -> Tree {
    let tree = Tree::new();
    edit(
        &tree,
        STATUS,
        "    package_files_failed_count: 'Number of package files failed to sync on secondary'\n",
        "    package_files_failed_count: 'Number of package files failed to sync on secondary',\n    widgets_older_count: 'Number of older widgets'\n",
    );
    edit(
        &tree,
        STATUS,
        "    package_files_count\n",
        "    widgets_older_count\n    package_files_count\n",
    );
    // Same length as `package_files`, so the aligned block stays aligned.
    edit(
        &tree,
        STATUS,
        "  attr_in_percentage :package_files_checksummed,",
        "  attr_in_percentage :widgets_older_synced,          :widgets_older_synced_count,          :widgets_older_registry_count\n  attr_in_percentage :package_files_checksummed,",
    );
    edit(
        &tree,
        STATUS,
        "    self.attachments_count = attachments.count\n",
        "    self.attachments_count = attachments.count\n    self.widgets_older_count = 0\n",
    );
    edit(
        &tree,
        STATUS,
        "    self.package_files_checksummed_count = Geo::PackageFileReplicator.checksummed_count\n",
        "    self.widgets_older_checksummed_count = 0\n    self.package_files_checksummed_count = Geo::PackageFileReplicator.checksummed_count\n",
    );
    edit(
        &tree,
        FACTORY,
        "      package_files_count { 585 }\n",
        "      widgets_older_count { 7 }\n      package_files_count { 585 }\n",
    );
    edit(
        &tree,
        SPEC,
        "  describe '#storage_shards_match?' do\n",
        "  describe '#widgets_older_count' do\n    it 'is counted' do\n      expect(subject.widgets_older_count).to be_nil\n    end\n  end\n\n  describe '#storage_shards_match?' do\n",
    );
    edit(
        &tree,
        SCHEMA,
        "    \"package_files_count\",\n",
        "    \"widgets_older_count\",\n    \"package_files_count\",\n",
    );
    edit(
        &tree,
        SCHEMA,
        "    \"package_files_count\": { \"type\": [\"integer\", \"null\"] },\n",
        "    \"widgets_older_count\": { \"type\": [\"integer\", \"null\"] },\n    \"package_files_count\": { \"type\": [\"integer\", \"null\"] },\n",
    );
    let doc = tree.read(METRICS_DOC);
    let row = doc
        .lines()
        .find(|l| l.contains("`package_files_checksum_failed_count`"))
        .expect("row")
        .to_string();
    edit(
        &tree,
        METRICS_DOC,
        &format!("{row}\n"),
        &format!(
            "{row}\n{}\n",
            row.replace(
                "package_files_checksum_failed_count",
                "widgets_older_count_xxxxxxxxxxxx"
            )
        ),
    );
    let api = tree.read(API_DOC).replace(
        "    \"revision\": \"33d33a096a\",\n",
        "    \"widgets_older_count\": 1,\n    \"revision\": \"33d33a096a\",\n",
    );
    tree.write(API_DOC, &api);
    edit(
        &tree,
        NODE_TYPE,
        "      field :package_file_registries,",
        "      field :widget_registries_older, GraphQL::INT_TYPE, null: true, description: 'Older widget registries'\n      field :package_file_registries,",
    );
    edit(
        &tree,
        NODE_TYPE_SPEC,
        "      minimum_reverification_interval package_file_registries\n",
        "      minimum_reverification_interval package_file_registries\n      widget_registries_older\n",
    );
    edit(
        &tree,
        MODEL,
        "  include ObjectStorage::BackgroundMove\n",
        "  include ObjectStorage::BackgroundMove\n  include ::Gitlab::Geo::ReplicableModel\n",
    );
    tree
}

#[test]
fn scaffold_and_remove_over_same_prefix_lines_is_byte_identical() {
    let tree = tree_with_same_prefix_lines();
    let before = tree.snapshot();
    tree.run(WIDGET).ok();
    tree.run(&["check"]).ok();
    // The lines that were there are still there, untouched.
    assert!(
        tree.read(STATUS)
            .contains("    widgets_older_count: 'Number of older widgets'\n")
    );
    assert!(
        tree.read(SPEC)
            .contains("describe '#widgets_older_count' do")
    );
    let out = tree.run(&["remove", "widget"]).ok();
    assert!(out.stdout.contains("      remove  "), "{}", out.stdout);
    assert_eq!(
        changed(&before, &tree.snapshot()),
        Vec::<String>::new(),
        "scaffold + remove must restore every byte"
    );
}

#[test]
fn remove_warns_that_migrations_may_have_run() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let out = tree.run(&["remove", "widget", "--dry-run"]).ok();
    for (version, task) in [
        ("20260101000000", "db:migrate:down:geo"),
        ("20260101000001", "db:migrate:down"),
        ("20260101000002", "db:migrate:down"),
    ] {
        assert!(
            out.stdout
                .contains(&format!("`bin/rails {task} VERSION={version}`")),
            "{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("warning: ee/db/geo/migrate/20260101000000_create_widget_registry.rb is taken out; if it already ran"), "{}", out.stdout);
    let json = tree.run(&["remove", "widget", "--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["warnings"].as_array().map(Vec::len), Some(3));
    assert_eq!(doc["written"], true);
}

#[test]
fn a_manifest_without_records_owns_exact_keys_only() {
    let tree = Tree::new();
    let before = tree.snapshot();
    tree.run(WIDGET).ok();
    // An old manifest: no version, no `inserted` tables.
    let manifest = tree.read("geo-scaffold.toml");
    let old: String = manifest
        .split("\n[replicable.widget.inserted.")
        .next()
        .expect("entry")
        .replace("version = 1\n", "")
        + "\n";
    tree.write("geo-scaffold.toml", &old);
    tree.run(&["check"]).ok();
    // A same-prefix line added later is not the type's.
    edit(
        &tree,
        FACTORY,
        "      widgets_failed_count { 75 }\n",
        "      widgets_failed_count { 75 }\n      widgets_older_count { 1 }\n",
    );
    tree.run(&["remove", "widget"]).ok();
    let factory = tree.read(FACTORY);
    assert!(
        factory.contains("      widgets_older_count { 1 }\n"),
        "{factory}"
    );
    assert_eq!(
        changed(&before, &tree.snapshot()),
        vec![FACTORY.to_string()],
        "everything else restored"
    );
}

// 3. Changing an option re-renders everywhere.

#[test]
fn a_new_label_or_feature_flag_replaces_the_entries_in_place() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let out = tree
        .run(
            &[
                WIDGET,
                &[
                    "--label",
                    "gizmos",
                    "--feature-flag",
                    "geo_widget_replication",
                ],
            ]
            .concat(),
        )
        .ok();
    assert!(!out.stdout.contains("      create  "), "{}", out.stdout);
    for f in [STATUS, METRICS_DOC, NODE_TYPE, SPEC] {
        let text = tree.read(f);
        assert!(
            !text.contains("of widgets"),
            "{f} keeps the old label:\n{text}"
        );
        assert!(!text.contains("widgets are"), "{f} keeps the old label");
    }
    let status = tree.read(STATUS);
    assert!(status.contains("    widgets_count: 'Number of gizmos on primary',\n"));
    assert_eq!(
        status.matches("widgets_count:").count(),
        1,
        "one set of entries"
    );
    let node_type = tree.read(NODE_TYPE);
    assert!(node_type.contains("description: 'Find gizmo registries on this Geo node',"));
    assert_eq!(
        node_type
            .matches("feature_flag: :geo_widget_replication")
            .count(),
        1
    );
    assert_eq!(node_type.matches("field :widget_registries").count(), 1);
    tree.run(&["check"]).ok();
    // Back to the first options: the first bytes.
    let first = Tree::new();
    first.run(WIDGET).ok();
    tree.run(
        &[
            WIDGET,
            &[
                "--label",
                "widgets",
                "--feature-flag",
                "geo_self_service_framework",
            ],
        ]
        .concat(),
    )
    .ok();
    for f in [
        STATUS,
        METRICS_DOC,
        NODE_TYPE,
        SPEC,
        API_DOC,
        FACTORY,
        SCHEMA,
    ] {
        assert_eq!(tree.read(f), first.read(f), "{f}");
    }
}

#[test]
fn a_new_plural_replaces_entries_and_migrations_named_after_it() {
    let tree = Tree::new();
    let before = tree.snapshot();
    tree.run(WIDGET).ok();
    let out = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--plural",
            "widget_items",
            "--timestamp",
            "20260105000000",
        ])
        .ok();
    // The old migrations named after the table go, new ones come, and the
    // rollback of the old versions is spelled out.
    assert!(
        out.stdout.contains(
            "      remove  db/migrate/20260101000001_add_verification_state_to_widgets.rb\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "      create  db/migrate/20260105000000_add_verification_state_to_widget_items.rb\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("`bin/rails db:migrate:down VERSION=20260101000001`")
    );
    // The registry migration is named after the type: kept.
    assert!(
        tree.file("ee/db/geo/migrate/20260101000000_create_widget_registry.rb")
            .is_file()
    );
    for f in [STATUS, FACTORY, SCHEMA, METRICS_DOC, API_DOC, SPEC] {
        let text = tree.read(f);
        assert!(
            !text.contains("widgets_"),
            "{f} keeps an old entry:\n{text}"
        );
        assert!(text.contains("widget_items_c"), "{f} lacks the new entries");
    }
    assert!(!tree.read(STATUS).contains("load_widgets_data"));
    let manifest = tree.read("geo-scaffold.toml");
    assert!(!manifest.contains("_to_widgets.rb"), "{manifest}");
    tree.run(&["check"]).ok();
    tree.run(&["remove", "widget"]).ok();
    assert_eq!(changed(&before, &tree.snapshot()), Vec::<String>::new());
}

#[test]
fn options_edited_in_the_manifest_reach_every_place_through_sync() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let manifest = tree.read("geo-scaffold.toml");
    tree.write(
        "geo-scaffold.toml",
        &manifest
            .replace("label = \"widgets\"", "label = \"gizmos\"")
            .replace("plural = \"widgets\"", "plural = \"widget_items\""),
    );
    let out = check_fails(&tree, &["check"]);
    assert!(
        out.contains("+    widget_items_count: 'Number of gizmos on primary',"),
        "{out}"
    );
    assert!(
        out.contains("to fix: run `geo-scaffold sync --root "),
        "{out}"
    );
    tree.run(&["sync"]).ok();
    tree.run(&["check"]).ok();
    let status = tree.read(STATUS);
    assert!(!status.contains("widgets_"), "{status}");
    assert_eq!(status.matches("widget_items_count:").count(), 1);
}

#[test]
fn a_new_model_moves_the_link_and_the_migrations() {
    let tree = Tree::new();
    tree.write(
        "ee/app/models/gadget.rb",
        "# frozen_string_literal: true\n\nclass Gadget < ApplicationRecord\n  belongs_to :project\n\n  mount_uploader :file, GadgetUploader\nend\n",
    );
    let before = tree.snapshot();
    tree.run(WIDGET).ok();
    tree.run(&[WIDGET, &["--model", "Gadget"]].concat()).ok();
    assert_eq!(
        tree.read(MODEL),
        fixture_text(MODEL),
        "the old model is as it was"
    );
    let gadget = tree.read("ee/app/models/gadget.rb");
    assert!(
        gadget.contains("  with_replicator Geo::WidgetReplicator\n"),
        "{gadget}"
    );
    assert!(tree.read(REPLICATOR).contains("::Gadget"));
    assert!(
        tree.file("db/migrate/20260101000003_add_verification_state_to_gadgets.rb")
            .is_file()
    );
    tree.run(&["check"]).ok();
    tree.run(&["remove", "widget"]).ok();
    assert_eq!(changed(&before, &tree.snapshot()), Vec::<String>::new());
}

fn fixture_text(rel: &str) -> String {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gitlab");
    fs::read_to_string(fixture.join(rel)).expect("fixture file")
}

#[test]
fn a_new_strategy_is_refused_with_what_to_do() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    refused(
        &tree,
        &["widget", "--strategy", "repository"],
        &[
            "recorded with `--strategy blob`",
            "geo-scaffold remove widget",
            "--strategy repository",
        ],
    );
}

#[test]
fn an_irregular_plural_round_trips() {
    let tree = Tree::new();
    tree.write(
        "ee/app/models/person.rb",
        "# frozen_string_literal: true\n\nclass Person < ApplicationRecord\n  mount_uploader :file, PersonUploader\nend\n",
    );
    tree.run(&["person", "--strategy", "blob", "--timestamp", TS])
        .ok();
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("plural = \"people\"")
    );
    assert!(
        tree.read("ee/app/graphql/types/geo/person_registry_type.rb")
            .contains("'Represents the sync and verification state of a person'")
    );
    tree.run(&["check"]).ok();
    let again = tree.run(&["person", "--strategy", "blob"]).ok();
    assert!(again.stdout.ends_with("26 identical\n"), "{}", again.stdout);
}

// 4. `check` sees every line it wrote: one mutation per place.

/// (file, text the scaffold wrote, what a hand edit makes of it).
const MUTATIONS: &[(&str, &str, &str)] = &[
    (MODEL, "  include ::Gitlab::Geo::ReplicableModel\n", ""),
    (MODEL, "  with_replicator Geo::WidgetReplicator\n", ""),
    (
        MODEL,
        "  scope :checksum_failed, -> { where.not(verification_failure: nil) }\n",
        "",
    ),
    (STATUS, "    widgets_checksum_failed_count\n", ""),
    (
        STATUS,
        "widgets_count: 'Number of widgets on primary'",
        "widgets_count: 'Number of widgets'",
    ),
    (
        STATUS,
        ":widgets_synced_count,                :widgets_registry_count",
        ":widgets_synced_count,                :widgets_count",
    ),
    (
        STATUS,
        "self.widgets_count = Geo::WidgetReplicator.primary_total_count",
        "self.widgets_count = 0",
    ),
    (STATUS, "      load_widgets_data\n", ""),
    (
        STATUS,
        "self.widgets_synced_count = Geo::WidgetReplicator.synced_count",
        "self.widgets_synced_count = 0",
    ),
    (
        STATUS,
        "self.widgets_checksum_failed_count = Geo::WidgetReplicator.checksum_failed_count",
        "self.widgets_checksum_failed_count = 0",
    ),
    (FACTORY, "widgets_count { 585 }", "widgets_count { 586 }"),
    (
        SPEC,
        "it 'counts checksummed widgets' do",
        "it 'counts widgets' do",
    ),
    (
        SPEC,
        "      create(:widget, verification_failure: nil)\n",
        "",
    ),
    (
        SCHEMA,
        "\"widgets_synced_in_percentage\": { \"type\": \"string\" }",
        "\"widgets_synced_in_percentage\": { \"type\": \"integer\" }",
    ),
    (SCHEMA, "    \"widgets_checksummed_in_percentage\",\n", ""),
    (
        METRICS_DOC,
        "Number of widgets checksummed on primary",
        "Number of checksummed widgets",
    ),
    (
        API_DOC,
        "\"widgets_failed_count\": 3",
        "\"widgets_failed_count\": 4",
    ),
    (
        NODE_TYPE,
        "description: 'Find widget registries on this Geo node'",
        "description: 'Widget registries'",
    ),
    (NODE_TYPE_SPEC, "      widget_registries\n", ""),
    (
        REGISTRIES_SPEC,
        "registry_factory: :widget_registry,",
        "registry_factory: :widget,",
    ),
    (GEO_LIB, ",\n        ::Geo::WidgetReplicator", ""),
];

#[test]
fn check_sees_every_line_it_wrote() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    for (file, wrote, edited) in MUTATIONS {
        let original = tree.read(file);
        edit(&tree, file, wrote, edited);
        let run = tree.run(&["check"]);
        assert_eq!(
            run.code, 1,
            "{file}: `{wrote}` -> `{edited}`:\n{}",
            run.stdout
        );
        let out = run.stdout;
        let line = wrote
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .expect("a line")
            .trim();
        assert!(
            out.lines().any(|l| l.starts_with('+') && l.contains(line)),
            "{file}: the diff should put back `{line}`:\n{out}"
        );
        assert!(out.contains(&format!("  {file}\n")), "{out}");
        assert!(
            out.contains("to fix: run `geo-scaffold sync --root "),
            "{out}"
        );
        tree.run(&["sync"]).ok();
        assert_eq!(tree.read(file), original, "sync puts {file} back");
        tree.run(&["check"]).ok();
    }
}

#[test]
fn check_sees_the_prepend_line_of_a_generated_ee_module() {
    let tree = Tree::new();
    tree.run(&[
        "--model",
        "Ci::SecureFile",
        "--strategy",
        "blob",
        "--timestamp",
        TS,
    ])
    .ok();
    let model = "app/models/ci/secure_file.rb";
    edit(
        &tree,
        model,
        "\nCi::SecureFile.prepend_if_ee('EE::Ci::SecureFile')\n",
        "\n",
    );
    let out = check_fails(&tree, &["check"]);
    assert!(
        out.contains("+Ci::SecureFile.prepend_if_ee('EE::Ci::SecureFile')"),
        "{out}"
    );
}

#[test]
fn a_hand_edit_of_an_entry_names_both_fixes() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    edit(
        &tree,
        STATUS,
        "widgets_count: 'Number of widgets on primary'",
        "widgets_count: 'Widgets on the primary'",
    );
    let out = check_fails(&tree, &["check"]);
    assert!(
        out.contains(&format!(
            "note: {STATUS}: widgets_count in PROMETHEUS_METRICS changed by hand: `geo-scaffold sync` puts back what geo-scaffold wrote, `geo-scaffold accept {STATUS}` keeps the edit"
        )),
        "{out}"
    );
}

// 5. Hand edits can be accepted.

#[test]
fn accepting_a_generated_file_makes_strict_check_pass_until_it_changes_again() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    edit(
        &tree,
        REPLICATOR,
        "model_record.file",
        "model_record.attachment",
    );
    tree.run(&["check"]).ok();
    let out = check_fails(&tree, &["check", "--strict"]);
    assert!(
        out.contains("run `geo-scaffold accept --root ") && out.contains(REPLICATOR),
        "{out}"
    );
    let accepted = tree.run(&["accept", REPLICATOR]).ok();
    assert!(
        accepted
            .stdout
            .contains(&format!("    accepted  {REPLICATOR}\n")),
        "{}",
        accepted.stdout
    );
    assert!(
        tree.read("geo-scaffold.toml")
            .contains(&format!("\"{REPLICATOR}\" = \"accepted:sha256:"))
    );
    tree.run(&["check", "--strict"]).ok();
    // sync and a re-run keep the accepted file.
    tree.run(&["sync"]).ok();
    tree.run(WIDGET).ok();
    assert!(tree.read(REPLICATOR).contains("model_record.attachment"));
    tree.run(&["check", "--strict"]).ok();
    // A new edit is a new edit.
    edit(
        &tree,
        REPLICATOR,
        "model_record.attachment",
        "model_record.blob",
    );
    check_fails(&tree, &["check", "--strict"]);
}

#[test]
fn a_skipped_file_can_be_accepted_and_is_never_removed() {
    let tree = Tree::new();
    let mine = "# frozen_string_literal: true\n\nmodule Geo\n  class WidgetRegistryFinder\n    # mine\n  end\nend\n";
    tree.write(FINDER, mine);
    tree.run(&[WIDGET, &["--skip"]].concat()).ok();
    check_fails(&tree, &["check", "--strict"]);
    tree.run(&["accept", FINDER]).ok();
    tree.run(&["check", "--strict"]).ok();
    let out = tree.run(&["remove", "widget", "--force"]).ok();
    assert!(
        out.stdout.contains(&format!("        skip  {FINDER}\n")),
        "{}",
        out.stdout
    );
    assert_eq!(tree.read(FINDER), mine, "not geo-scaffold's: it stays");
}

#[test]
fn accepting_a_type_records_its_shared_entries_as_they_stand() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    edit(
        &tree,
        STATUS,
        "widgets_count: 'Number of widgets on primary'",
        "widgets_count: 'Widgets on the primary'",
    );
    edit(&tree, FACTORY, "      widgets_failed_count { 75 }\n", "");
    check_fails(&tree, &["check"]);
    let before = tree.snapshot();
    tree.run(&["accept", "widget", "--dry-run"]).ok();
    assert_eq!(tree.snapshot(), before, "a dry run writes nothing");
    tree.run(&["accept", "widget"]).ok();
    assert_eq!(
        changed(&before, &tree.snapshot()),
        vec!["geo-scaffold.toml".to_string()],
        "accept writes only the manifest"
    );
    tree.run(&["check", "--strict"]).ok();
    // sync keeps the accepted edit and the accepted deletion.
    tree.run(&["sync"]).ok();
    assert!(tree.read(STATUS).contains("'Widgets on the primary'"));
    assert!(!tree.read(FACTORY).contains("widgets_failed_count"));
    edit(&tree, STATUS, "'Widgets on the primary'", "'Widgets'");
    check_fails(&tree, &["check"]);
}

#[test]
fn accept_refuses_what_it_does_not_know() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    refused(
        &tree,
        &["accept", "app/models/project.rb"],
        &["neither a type recorded", "geo-scaffold accept widget"],
    );
    refused(&tree, &["accept", "gadget"], &["neither a type recorded"]);
}

#[test]
fn an_unrecorded_replicator_names_the_manifest_line() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    tree.write(
        "ee/app/replicators/geo/gadget_replicator.rb",
        "module Geo\n  class GadgetReplicator < Gitlab::Geo::Replicator\n  end\nend\n",
    );
    let out = check_fails(&tree, &["check", "--strict"]);
    assert!(
        out.contains("to fix: add `hand_wired = [\"gadget\"]` to geo-scaffold.toml"),
        "{out}"
    );
    let manifest = tree.read("geo-scaffold.toml");
    tree.write(
        "geo-scaffold.toml",
        &manifest.replacen(
            "version = 1\n",
            "version = 1\nhand_wired = [\"gadget\"]\n",
            1,
        ),
    );
    tree.run(&["check", "--strict"]).ok();
}

// 6. Say only what happened.

#[test]
fn a_conflict_reports_only_the_conflict_and_writes_nothing() {
    let tree = Tree::new();
    tree.write(FINDER, "# by hand\n");
    let before = tree.snapshot();
    for dry in [false, true] {
        let mut args = WIDGET.to_vec();
        if dry {
            args.push("--dry-run");
        }
        let out = tree.run(&args);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let lines = status_lines(&out.stdout);
        assert_eq!(lines, [("conflict", FINDER)], "{}", out.stdout);
        assert!(!out.stdout.contains("Next steps"), "{}", out.stdout);
        assert!(out.stdout.contains("--force") && out.stdout.contains("--skip"));
        assert!(
            out.stdout.contains("nothing was written")
                || out.stdout.contains("nothing would be written")
        );
        args.extend(["--format", "json"]);
        let json = tree.run(&args);
        let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["written"], false);
        assert_eq!(doc["next_steps"].as_array().map(Vec::len), Some(0));
        let files = doc["files"].as_array().expect("files");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["status"], "conflict");
        let fix = doc["fix"].as_str().expect("fix");
        assert!(fix.contains("--force") && fix.contains("--skip"), "{fix}");
    }
    assert_eq!(tree.snapshot(), before);
}

// 7. Inputs never panic and never half-work.

const ENTRY: &str = "strategy = \"blob\"\nmodel = \"Widget\"\nplural = \"widgets\"\nlabel = \"widgets\"\nfeature_flag = \"geo_self_service_framework\"\n";

#[test]
fn every_manifest_shape_is_an_error_line_or_works() {
    let cases: &[(&str, &[&str])] = &[
        ("replicable = 3\n", &[":1:", "must be a table"]),
        ("replicable = \"widget\"\n", &[":1:", "must be a table"]),
        ("[[replicable]]\nwidget = 1\n", &[":1:", "array of tables"]),
        (
            "[replicable]\nwidget = { strategy = \"blob\" }\n",
            &[":2:", "inline table", "[replicable.widget]"],
        ),
        ("[replicable]\nwidget = 1\n", &[":2:", "must be a table"]),
        (
            "[[replicable.widget]]\nstrategy = \"blob\"\n",
            &["array of tables"],
        ),
        ("version = 2\n", &[":1:", "newer geo-scaffold", "upgrade"]),
        ("version = \"1\"\n", &[":1:", "format number"]),
        ("version = -1\n", &[":1:", "format number"]),
        ("hand_wired = \"gadget\"\n", &[":1:", "array of type names"]),
        ("hand_wired = [1]\n", &[":1:", "type names"]),
        (
            "[replicable.widget]\nstrategy = 1\n",
            &[":2:", "must be a string"],
        ),
        (
            "[replicable.widget]\nstrategy = \"blob\"\n",
            &[":1:", "missing `model`"],
        ),
        (
            "[replicable.Widget]\nstrategy = \"blob\"\n",
            &[":1:", "snake_case", "[replicable.widget]"],
        ),
        (
            "[replicable.\"../x\"]\nstrategy = \"blob\"\n",
            &[":1:", "not a path"],
        ),
    ];
    let with_entry: &[(&str, &[&str])] = &[
        (
            "scopes_added = \"yes\"\n",
            &["`scopes_added` must be true or false"],
        ),
        (
            "scopes_added = 1\n",
            &["`scopes_added` must be true or false"],
        ),
        (
            "model_path = \"../../etc/passwd\"\n",
            &["`model_path`", "not a path inside"],
        ),
        ("model_path = 3\n", &["`model_path` must be a string"]),
        (
            "migrations = \"20260101000000\"\n",
            &["`replicable.widget.migrations` must be a table"],
        ),
        (
            "migrations = { create_registry = \"soon\" }\n",
            &["inline table"],
        ),
        (
            "[replicable.widget.migrations]\ncreate_registry = \"soon\"\n",
            &["`create_registry`", "invalid timestamp `soon`"],
        ),
        (
            "[replicable.widget.migrations]\ncreate_registry = 20260101000000\n",
            &["must be a string"],
        ),
        (
            "[replicable.widget.migrations]\ncreate_registry = \"20261399000000\"\n",
            &["invalid timestamp"],
        ),
        (
            "[replicable.widget.files]\n\"/etc/passwd\" = \"sha256:00000000000000000000000000000000\"\n",
            &["not a path inside"],
        ),
        (
            "[replicable.widget.files]\n\"a.rb\" = \"nope\"\n",
            &["not a content hash"],
        ),
        ("[[replicable.widget.files]]\n", &["array of tables"]),
        (
            "[replicable.widget.inserted]\n\"a.rb\" = 1\n",
            &["table of places"],
        ),
        (
            "[replicable.widget.inserted.\"a.rb\"]\nx = 1\n",
            &["must be an array of \"KEY HASH\" entries"],
        ),
        (
            "[replicable.widget.inserted.\"a.rb\"]\nx.y = \"zz\"\n",
            &["must be an array"],
        ),
        (
            "[replicable.widget.inserted.\"a.rb\"]\nx = [\"k zz\"]\n",
            &["not a \"KEY HASH\" entry"],
        ),
        (
            "[replicable.widget.inserted.\"a.rb\"]\nx = [\"0123456789ab\"]\n",
            &["not a \"KEY HASH\" entry"],
        ),
        (
            "[replicable.widget.inserted.\"a.rb\"]\nx = [1]\n",
            &["not a \"KEY HASH\" entry"],
        ),
        (
            "[replicable.widget.inserted.\"../a.rb\"]\n",
            &["not a path inside"],
        ),
    ];
    let mut all: Vec<(String, Vec<&str>)> = cases
        .iter()
        .map(|(m, s)| (m.to_string(), s.to_vec()))
        .collect();
    for (extra, says) in with_entry {
        let text = if extra.starts_with('[') {
            format!("[replicable.widget]\n{ENTRY}\n{extra}")
        } else {
            format!("[replicable.widget]\n{ENTRY}{extra}")
        };
        all.push((text, says.to_vec()));
    }
    all.push((
        format!("[replicable.widget]\n{ENTRY}\n[replicable.Widget]\n{ENTRY}"),
        vec!["name the same type", "keep one"],
    ));
    for (manifest, says) in all {
        let tree = Tree::new();
        tree.write("geo-scaffold.toml", &manifest);
        for args in [&["check"][..], WIDGET, &["sync"], &["remove", "widget"]] {
            let before = tree.snapshot();
            let out = tree.run(args);
            assert_ne!(out.code, 101, "panic on:\n{manifest}\n{}", out.stderr);
            let line = out.stderr.trim_end();
            assert_eq!(
                out.code, 2,
                "{args:?} on:\n{manifest}\nstdout: {}",
                out.stdout
            );
            assert_eq!(line.lines().count(), 1, "{line}");
            for s in &says {
                assert!(
                    line.contains(s),
                    "{args:?} on:\n{manifest}\n`{line}` lacks `{s}`"
                );
            }
            assert!(line.starts_with("error: geo-scaffold.toml"), "{line}");
            assert_eq!(tree.snapshot(), before);
        }
    }
}

#[test]
fn unknown_manifest_keys_are_warned_with_their_line() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let manifest = tree.read("geo-scaffold.toml");
    tree.write(
        "geo-scaffold.toml",
        &manifest
            .replacen("version = 1\n", "version = 1\ncolour = \"blue\"\n", 1)
            .replacen(
                "scopes_added = true\n",
                "scopes_added = true\nlabl = \"gizmos\"\n",
                1,
            ),
    );
    let out = tree.run(&["check"]).ok();
    assert!(
        out.stdout
            .contains("warning: geo-scaffold.toml:8: unknown key `colour` is ignored"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "warning: geo-scaffold.toml:17: unknown key `labl` in [replicable.widget] is ignored"
        ),
        "{}",
        out.stdout
    );
    // Kept as written by the next scaffold.
    tree.run(WIDGET).ok();
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("labl = \"gizmos\"\n")
    );
}

#[test]
fn bad_options_are_refused_the_same_way_in_a_dry_run() {
    let outside = tempfile::tempdir().expect("tmp");
    fs::write(outside.path().join("secret.rb"), "class Widget\nend\n").expect("write");
    let tree = Tree::new();
    std::os::unix::fs::symlink(
        outside.path().join("secret.rb"),
        tree.file("app/models/linked.rb"),
    )
    .expect("symlink");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--feature-flag", "9geo"],
            &["invalid --feature-flag", "`9geo`"],
        ),
        (
            &["--feature-flag", "geo__widget"],
            &["invalid --feature-flag"],
        ),
        (
            &["--feature-flag", "geo_widget_"],
            &["invalid --feature-flag"],
        ),
        (&["--feature-flag", "Geo"], &["invalid --feature-flag"]),
        (
            &[
                "--feature-flag",
                "geo_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ],
            &["at most 63"],
        ),
        (
            &["--timestamp", "19990101000000"],
            &["invalid timestamp", "outside 2000-2099"],
        ),
        (&["--timestamp", "21000101000000"], &["outside 2000-2099"]),
        (&["--timestamp", "00000101000000"], &["invalid timestamp"]),
        (&["--timestamp", "99991231235959"], &["outside 2000-2099"]),
        (
            &["--model-path", "../outside.rb"],
            &["--model-path", "not a path inside the root"],
        ),
        (
            &["--model-path", "/etc/hostname"],
            &["--model-path", "not a path inside the root"],
        ),
        (
            &["--model-path", "app/models/linked.rb"],
            &["--model-path", "resolves outside the root"],
        ),
    ];
    for (extra, says) in cases {
        for dry in [true, false] {
            let mut args = vec!["widget", "--strategy", "blob"];
            args.extend_from_slice(extra);
            if dry {
                args.push("--dry-run");
            }
            refused(&tree, &args, says);
        }
    }
}

#[test]
fn ambiguous_anchors_are_refused() {
    let tree = Tree::new();
    let schema = tree.read(SCHEMA);
    let doubled = schema.replacen(
        "  \"properties\": {",
        "  \"properties\": {},\n  \"properties\": {",
        1,
    );
    tree.write(SCHEMA, &doubled);
    refused(
        &tree,
        WIDGET,
        &[
            SCHEMA,
            "expected one \"properties\" member, found 2",
            "remove the duplicates",
        ],
    );

    let tree = Tree::new();
    let doc = tree.read(API_DOC);
    tree.write(
        API_DOC,
        &format!("{doc}\n## Again\n\n```plaintext\nGET /geo_nodes/status\n```\n"),
    );
    refused(
        &tree,
        WIDGET,
        &[
            API_DOC,
            "expected one `GET /geo_nodes/status` section, found 2",
        ],
    );

    let tree = Tree::new();
    let md = tree.read(METRICS_DOC);
    tree.write(
        METRICS_DOC,
        &format!("{md}\n## Sidekiq metrics\n\n| a | b |\n|---|---|\n"),
    );
    refused(&tree, WIDGET, &[METRICS_DOC, "found 2"]);
}

#[test]
fn check_after_every_golden_case_passes_and_status_lines_are_honest() {
    // A dry run of a second type announces exactly what the real run does,
    // with ownership in play (entries of the first type are not touched).
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let tf = [
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        "20260102000000",
    ];
    let dry = tree.run(&[&tf[..], &["--dry-run"]].concat()).ok();
    let real = tree.run(&tf).ok();
    assert_eq!(status_lines(&dry.stdout), status_lines(&real.stdout));
    tree.run(&["check", "--strict"]).ok();
}
