//! CI check mode and sync: drift of each kind fails, hand edits do not
//! (unless --strict), and the manifest keeps hand-written comments.

use std::fs;

use super::common::{TS, Tree};

const REPLICATOR: &str = "ee/app/replicators/geo/widget_replicator.rb";

fn scaffolded() -> Tree {
    let tree = Tree::new();
    tree.run(&["widget", "--strategy", "blob", "--timestamp", TS])
        .ok();
    tree.run(&[
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        "20260102000000",
    ])
    .ok();
    tree
}

#[track_caller]
fn fails_with(tree: &Tree, args: &[&str], says: &str) -> String {
    let out = tree.run(args);
    assert_eq!(
        out.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(out.stdout.contains(says), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("to fix: run `geo-scaffold sync --root "),
        "{}",
        out.stdout
    );
    out.stdout
}

#[test]
fn passes_right_after_a_scaffold() {
    let tree = scaffolded();
    let out = tree.run(&["check"]).ok();
    assert_eq!(
        out.stdout,
        "check passed: 2 recorded type(s) up to date (0 generated file(s) modified by hand)\n"
    );
}

/// A label with a capital (`--label "Terraform states"`) is that type's
/// own spelling, not the tree's convention for the registry type's ID: the
/// type scaffolded before it stays up to date ("ID of the widget").
#[test]
fn a_capitalised_label_leaves_other_types_up_to_date() {
    let tree = Tree::new();
    tree.run(&["widget", "--strategy", "blob", "--timestamp", TS])
        .ok();
    tree.run(&[
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        "20260102000000",
        "--label",
        "Terraform states",
    ])
    .ok();
    let typ = tree.read("ee/app/graphql/types/geo/terraform_state_registry_type.rb");
    assert!(
        typ.contains("description: 'ID of the Terraform state'"),
        "{typ}"
    );
    tree.run(&["check"]).ok();
}

#[test]
fn fails_when_a_generated_file_is_deleted() {
    let tree = scaffolded();
    fs::remove_file(tree.file(REPLICATOR)).expect("rm");
    let out = fails_with(&tree, &["check"], &format!("     missing  {REPLICATOR}\n"));
    assert!(
        out.contains(&format!("--- /dev/null\n+++ b/{REPLICATOR}")),
        "{out}"
    );
    // sync restores it, and check passes again.
    tree.run(&["sync"]).ok();
    tree.run(&["check"]).ok();
}

#[test]
fn fails_when_a_shared_entry_is_removed() {
    let tree = scaffolded();
    let status = "ee/app/models/geo_node_status.rb";
    let text = tree.read(status);
    tree.write(status, &text.replace("    widgets_checksummed_count\n", ""));
    let out = fails_with(&tree, &["check"], &format!("     missing  {status}\n"));
    assert!(out.contains("+    widgets_checksummed_count\n"), "{out}");
    tree.run(&["sync"]).ok();
    assert!(
        tree.read(status) == text,
        "sync must put the entry back in its place"
    );
}

#[test]
fn fails_when_templates_moved_on() {
    // The file is as geo-scaffold wrote it (its hash is recorded) but the
    // templates now render something else: simulated by recording the hash
    // of an older rendering.
    let tree = scaffolded();
    let old = tree.read(REPLICATOR).replace(
        "    def self.model",
        "    # older template\n    def self.model",
    );
    tree.write(REPLICATOR, &old);
    let manifest = tree.read("geo-scaffold.toml");
    let line = manifest
        .lines()
        .find(|l| l.starts_with(&format!("\"{REPLICATOR}\"")))
        .expect("recorded");
    let new_line = format!(
        "\"{REPLICATOR}\" = \"{}\"",
        geo_scaffold::manifest::hash(&old)
    );
    tree.write("geo-scaffold.toml", &manifest.replace(line, &new_line));
    let out = fails_with(&tree, &["check"], &format!("      update  {REPLICATOR}\n"));
    assert!(out.contains("-    # older template\n"), "{out}");
    tree.run(&["sync"]).ok();
    tree.run(&["check"]).ok();
}

#[test]
fn hand_edits_are_reported_and_pass_unless_strict() {
    let tree = scaffolded();
    let edited = tree
        .read(REPLICATOR)
        .replace("model_record.file", "model_record.attachment");
    tree.write(REPLICATOR, &edited);
    let out = tree.run(&["check"]).ok();
    assert!(
        out.stdout
            .contains(&format!("    modified  {REPLICATOR}\n")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("check passed"), "{}", out.stdout);
    let strict = tree.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    // sync and a re-scaffold keep the hand edit.
    let synced = tree.run(&["sync"]).ok();
    assert!(
        synced
            .stdout
            .contains(&format!("    modified  {REPLICATOR}\n")),
        "{}",
        synced.stdout
    );
    tree.run(&["widget", "--strategy", "blob"]).ok();
    assert_eq!(tree.read(REPLICATOR), edited);
}

#[test]
fn unrecorded_replicators_are_reported() {
    let tree = scaffolded();
    tree.write(
        "ee/app/replicators/geo/gadget_replicator.rb",
        "module Geo\n  class GadgetReplicator < Gitlab::Geo::Replicator\n  end\nend\n",
    );
    let out = tree.run(&["check"]).ok();
    assert!(
        out.stdout
            .contains("  unrecorded  ee/app/replicators/geo/gadget_replicator.rb\n"),
        "{}",
        out.stdout
    );
    assert_eq!(tree.run(&["check", "--strict"]).code, 1);
}

#[test]
fn manifest_errors_exit_2_with_the_line() {
    let tree = scaffolded();
    let manifest = tree.read("geo-scaffold.toml");
    tree.write(
        "geo-scaffold.toml",
        &manifest.replacen("strategy = \"blob\"", "strategy = \"tape\"", 1),
    );
    let line = tree.run(&["check"]).fails();
    // The line of the `strategy` key (after the header, `version` and the table).
    assert!(line.contains("geo-scaffold.toml:10:"), "{line}");
    assert!(line.contains("unknown strategy `tape`"), "{line}");
}

#[test]
fn json_output_of_check() {
    let tree = scaffolded();
    fs::remove_file(tree.file(REPLICATOR)).expect("rm");
    let out = tree.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["command"], "check");
    let missing = doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == REPLICATOR)
        .expect("reported");
    assert_eq!(missing["status"], "missing");
    assert_eq!(missing["replicable"], "widget");
    assert!(
        missing["diff"]
            .as_str()
            .expect("diff")
            .contains("+++ b/ee/app/replicators/geo/widget_replicator.rb")
    );
    assert!(
        doc["fix"]
            .as_str()
            .expect("fix")
            .contains("`geo-scaffold sync --root ")
    );
    assert_eq!(doc["written"], false);
}

#[test]
fn manifest_comments_survive_a_second_scaffold() {
    let tree = Tree::new();
    tree.run(&["widget", "--strategy", "blob", "--timestamp", TS])
        .ok();
    let mine = tree.read("geo-scaffold.toml").replace(
        "[replicable.widget]\n",
        "# Widgets: owned by the Geo team, see the design issue.\n\n[replicable.widget]\n# uploader lives in WidgetUploader\n",
    );
    tree.write("geo-scaffold.toml", &mine);
    tree.run(&[
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        TS,
    ])
    .ok();
    let after = tree.read("geo-scaffold.toml");
    assert!(
        after.starts_with(&mine),
        "the hand-edited part changed:\n{after}"
    );
    assert!(after.contains("[replicable.terraform_state]"));
    tree.run(&["check"]).ok();
}
