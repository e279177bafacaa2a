//! The command line as a user sees it: stdout, stderr and exit code.

use super::common::{TS, Tree, WIDGET, changed, run, status_lines};

#[test]
fn dry_run_shows_every_diff_and_writes_nothing() {
    let tree = Tree::new();
    let before = tree.snapshot();
    let mut args = WIDGET.to_vec();
    args.push("--dry-run");
    let out = tree.run(&args).ok();
    assert_eq!(tree.snapshot(), before, "--dry-run wrote something");
    assert!(
        out.stdout
            .contains("--- /dev/null\n+++ b/ee/app/replicators/geo/widget_replicator.rb\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(
        "--- a/ee/app/models/geo_node_status.rb\n+++ b/ee/app/models/geo_node_status.rb\n"
    ));
    assert!(
        out.stdout
            .contains("+    widgets_count: 'Number of widgets on primary',\n")
    );
    assert!(out.stdout.contains("dry run: nothing was written\n"));
    assert!(
        out.stdout
            .ends_with("widget (blob): 15 would be created, 11 would be updated\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\x1b'), "no colour without a terminal");

    // The dry run announces exactly what the real run then does.
    let dry: Vec<(String, String)> = status_lines(&out.stdout)
        .into_iter()
        .map(|(v, p)| (v.into(), p.into()))
        .collect();
    let real = tree.run(WIDGET).ok();
    let applied: Vec<(String, String)> = status_lines(&real.stdout)
        .into_iter()
        .map(|(v, p)| (v.into(), p.into()))
        .collect();
    assert_eq!(dry, applied);
    let mut announced: Vec<String> = dry
        .into_iter()
        .filter(|(v, _)| v != "identical")
        .map(|(_, p)| p)
        .collect();
    announced.sort();
    assert_eq!(announced, changed(&before, &tree.snapshot()));
}

#[test]
fn apply_prints_rails_style_status_lines_and_a_summary() {
    let tree = Tree::new();
    let out = tree.run(WIDGET).ok();
    assert!(
        out.stdout
            .contains("      create  ee/app/replicators/geo/widget_replicator.rb\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("      update  ee/app/models/geo_node_status.rb\n")
    );
    assert!(
        out.stdout
            .contains("      create  ee/db/geo/migrate/20260101000000_create_widget_registry.rb\n")
    );
    assert!(
        out.stdout
            .ends_with("widget (blob): 15 created, 11 updated\n"),
        "{}",
        out.stdout
    );
    let again = tree.run(WIDGET).ok();
    assert!(
        again.stdout.ends_with("widget (blob): 26 identical\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn next_steps_name_commands_and_skip_what_is_done() {
    let tree = Tree::new();
    let out = tree.run(WIDGET).ok();
    assert!(out.stdout.contains("bin/rails db:migrate:geo"));
    assert!(
        out.stdout
            .contains("bundle exec rake gitlab:graphql:compile_docs")
    );
    assert!(
        out.stdout.contains("add a `:widget` factory"),
        "Widget has no factory in the fixture"
    );
    // The fixture defines geo_self_service_framework, so no step for it.
    assert!(
        !out.stdout.contains("define the feature flag"),
        "{}",
        out.stdout
    );
    // Terraform::State has a factory and an uploader: no step for either.
    let tf = tree
        .run(&[
            "--model",
            "Terraform::State",
            "--strategy",
            "blob",
            "--timestamp",
            TS,
        ])
        .ok();
    assert!(!tf.stdout.contains("factory for"), "{}", tf.stdout);
    assert!(!tf.stdout.contains("mount_uploader"), "{}", tf.stdout);
}

#[test]
fn feature_flag_option_is_used_and_remembered() {
    let tree = Tree::new();
    let mut args = WIDGET.to_vec();
    args.extend(["--feature-flag", "geo_widget_replication"]);
    let out = tree.run(&args).ok();
    assert!(out.stdout.contains("define the feature flag `geo_widget_replication`: `bin/feature-flag --ee geo_widget_replication`"));
    let node_type = tree.read("ee/app/graphql/types/geo/geo_node_type.rb");
    assert!(
        node_type.contains("            feature_flag: :geo_widget_replication\n"),
        "{node_type}"
    );
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("feature_flag = \"geo_widget_replication\"")
    );
    // A re-run without the flag keeps the recorded choice.
    let again = tree.run(WIDGET).ok();
    assert!(again.stdout.ends_with("26 identical\n"), "{}", again.stdout);
}

#[test]
fn rerun_reuses_migration_timestamps() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let again = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--timestamp",
            "20300101000000",
        ])
        .ok();
    assert!(
        again
            .stdout
            .contains("   identical  ee/db/geo/migrate/20260101000000_create_widget_registry.rb\n"),
        "{}",
        again.stdout
    );
    assert!(!again.stdout.contains("20300101"), "{}", again.stdout);
}

#[test]
fn json_output_for_apply_and_dry_run() {
    let tree = Tree::new();
    let mut args = WIDGET.to_vec();
    args.extend(["--dry-run", "--format", "json"]);
    let out = tree.run(&args).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(doc["command"], "scaffold");
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["ok"], true);
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 26);
    let replicator = files
        .iter()
        .find(|f| f["path"] == "ee/app/replicators/geo/widget_replicator.rb")
        .expect("replicator");
    assert_eq!(replicator["status"], "create");
    assert!(
        replicator["diff"]
            .as_str()
            .expect("diff")
            .contains("+++ b/ee/app/replicators/geo/widget_replicator.rb")
    );

    let applied = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--timestamp",
            TS,
            "--format",
            "json",
        ])
        .ok();
    let doc: serde_json::Value = serde_json::from_str(&applied.stdout).expect("JSON");
    assert_eq!(doc["dry_run"], false);
    assert!(
        doc["files"]
            .as_array()
            .expect("files")
            .iter()
            .all(|f| f.get("diff").is_none())
    );
}

#[test]
fn help_and_version() {
    let help = run(&["--help"]).ok();
    assert!(help.stdout.contains("--strategy"));
    assert!(help.stdout.contains("check"));
    run(&["--version"]).ok();
}

#[test]
fn flags_that_exclude_each_other() {
    let tree = Tree::new();
    let out = tree.run(&["widget", "--strategy", "blob", "--dry-run", "--force"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

/// Runs in a pseudo-terminal (util-linux `script`), so stdout is a terminal.
fn in_terminal(tree: &Tree, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_geo-scaffold");
    let root = tree.path().to_str().expect("utf-8");
    let cmd = format!("{bin} widget --strategy blob --dry-run --root {root}");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).env_remove("NO_COLOR");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let out = c
        .output()
        .expect("`script` (util-linux) runs the tool in a terminal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let tree = Tree::new();
    let tty = in_terminal(&tree, false);
    assert!(
        tty.contains("\x1b[32m      create\x1b[0m  ee/app/replicators/geo/widget_replicator.rb"),
        "{tty}"
    );
    assert!(tty.contains("\x1b[32m+"), "diff lines are coloured: {tty}");
    let plain = in_terminal(&tree, true);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("      create  ee/app/replicators/geo/widget_replicator.rb"));
}
