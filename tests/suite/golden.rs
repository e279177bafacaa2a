//! Golden files of every generated and patched file, per scaffold case, with
//! `ruby -c` on every changed Ruby file and a JSON parse of patched JSON.

use super::common::{Tree, WIDGET, assert_golden, changed, ruby_c};

const TERRAFORM: &[&str] = &[
    "--model",
    "Terraform::State",
    "--strategy",
    "blob",
    "--timestamp",
    "20260102000000",
];

const SNIPPET: &[&str] = &[
    "snippet_repository",
    "--strategy",
    "repository",
    "--timestamp",
    "20260103000000",
];

/// Runs each scaffold in turn and checks the whole result against goldens.
fn case(name: &str, runs: &[&[&str]]) -> Tree {
    case_in("gitlab", name, runs)
}

/// [`case`] on `fixtures/<fixture>`.
pub fn case_in(fixture: &str, name: &str, runs: &[&[&str]]) -> Tree {
    let tree = Tree::of(fixture);
    let before = tree.snapshot();
    for args in runs {
        tree.run(args).ok();
    }
    let after = tree.snapshot();
    let files = changed(&before, &after);
    assert_golden(name, &tree, &files);
    for f in files.iter().filter(|f| f.ends_with(".rb")) {
        ruby_c(&tree.file(f));
    }
    let schema = tree.read("ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json");
    serde_json::from_str::<serde_json::Value>(&schema).expect("patched schema is JSON");
    // A second run of the same commands changes no byte.
    for args in runs {
        let again = tree.run(args).ok();
        let verbs: Vec<&str> = super::common::status_lines(&again.stdout)
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

#[test]
fn widget() {
    let tree = case("widget", &[WIDGET]);
    // The API doc example still parses, both nodes got the counts, and the
    // single-node example of another endpoint is untouched.
    let doc = tree.read("doc/api/geo_nodes.md");
    assert_eq!(doc.matches("\"widgets_count\": 10").count(), 2);
    let start = doc.find("GET /geo_nodes/status\n").expect("endpoint");
    let json_start = start + doc[start..].find("```json\n").expect("fence") + 8;
    let json_end = json_start + doc[json_start..].find("```").expect("close");
    let nodes: serde_json::Value =
        serde_json::from_str(&doc[json_start..json_end]).expect("example is JSON");
    assert_eq!(nodes.as_array().map(Vec::len), Some(2));
}

#[test]
fn terraform_state() {
    case("terraform_state", &[TERRAFORM]);
}

#[test]
fn widget_then_terraform_state() {
    let tree = case("widget_then_terraform_state", &[WIDGET, TERRAFORM]);
    // The second type lands after the first in every per-type list.
    let status = tree.read("ee/app/models/geo_node_status.rb");
    for (a, b) in [
        (
            "    widgets_registry_count\n",
            "    terraform_states_count\n",
        ),
        (
            "widgets_failed_count: 'Number",
            "terraform_states_count: 'Number",
        ),
        ("def load_widgets_data", "def load_terraform_states_data"),
    ] {
        let (ia, ib) = (status.find(a).expect(a), status.find(b).expect(b));
        assert!(ia < ib, "{b} must come after {a}");
    }
}

#[test]
fn snippet_repository() {
    let tree = case("snippet_repository", &[SNIPPET]);
    let replicator = tree.read("ee/app/replicators/geo/snippet_repository_replicator.rb");
    assert!(replicator.contains("include ::Geo::RepositoryReplicatorStrategy"));
    assert!(!replicator.contains("carrierwave_uploader"));
    // The longer name widens every attr_in_percentage line.
    let status = tree.read("ee/app/models/geo_node_status.rb");
    assert!(status.contains(
        "  attr_in_percentage :repositories_synced,              :repositories_synced_count,"
    ));
}

#[test]
fn widget_then_snippet_repository() {
    let tree = case("widget_then_snippet_repository", &[WIDGET, SNIPPET]);
    tree.run(&["check"]).ok();
    let manifest = tree.read("geo-scaffold.toml");
    assert!(manifest.contains("[replicable.widget]\nstrategy = \"blob\""));
    assert!(manifest.contains("[replicable.snippet_repository]\nstrategy = \"repository\""));
}

#[test]
fn snippet_repository_then_widget() {
    let tree = case("snippet_repository_then_widget", &[SNIPPET, WIDGET]);
    tree.run(&["check"]).ok();
}

/// A model outside ee/ without an EE module: the module is generated and
/// prepended into the model.
#[test]
fn ci_secure_file() {
    let tree = case(
        "ci_secure_file",
        &[&[
            "--model",
            "Ci::SecureFile",
            "--strategy",
            "blob",
            "--timestamp",
            "20260104000000",
        ]],
    );
    assert!(
        tree.read("app/models/ci/secure_file.rb")
            .ends_with("\nCi::SecureFile.prepend_if_ee('EE::Ci::SecureFile')\n")
    );
    tree.run(&["check"]).ok();
}

/// The 13.5-14.x generation, on a 14.3-shaped tree: a blob type with the
/// verification state on the model's table (the default, as the last
/// verifiable blob type does it).
#[test]
fn gitlab_14_widget() {
    let tree = case_in("gitlab-14", "gitlab-14_widget", &[super::common::WIDGET]);
    let manifest = tree.read("geo-scaffold.toml");
    assert!(
        manifest.contains(
            "feature_flag = \"geo_widget_replication\"\nverification_table = \"model\"\n"
        ),
        "{manifest}"
    );
    // Every status example of the API doc got the type's twelve fields.
    let doc = tree.read("doc/api/geo_nodes.md");
    assert_eq!(doc.matches("\"widgets_verified_in_percentage\"").count(), 3);
}

/// The same with `--verification-table states`.
#[test]
fn gitlab_14_widget_states() {
    let tree = case_in(
        "gitlab-14",
        "gitlab-14_widget_states",
        &[&[
            "widget",
            "--strategy",
            "blob",
            "--verification-table",
            "states",
            "--timestamp",
            super::common::TS,
        ]],
    );
    assert!(tree.file("ee/app/models/geo/widget_state.rb").is_file());
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("verification_table = \"states\"\n")
    );
}

/// A repository type whose EE module exists with other content.
#[test]
fn gitlab_14_gadget_repository() {
    case_in("gitlab-14", "gitlab-14_gadget_repository", &[GADGET]);
}

pub const GADGET: &[&str] = &[
    "gadget_repository",
    "--strategy",
    "repository",
    "--timestamp",
    super::common::TS,
];
