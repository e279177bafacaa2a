//! `check --format junit` and `--format codequality`: the reports GitLab
//! renders in a merge request. The XML is parsed (roxmltree) and the JSON is
//! held to the fields GitLab's Code Quality documentation lists.

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use super::common::{Run, TS, Tree};

const STATUS: &str = "ee/app/models/geo_node_status.rb";
const FINDER: &str = "ee/app/finders/geo/widget_registry_finder.rb";
const STRAY: &str = "ee/app/replicators/geo/gadget_replicator.rb";

fn scaffolded() -> Tree {
    let tree = Tree::new();
    tree.run(&["widget", "--strategy", "blob", "--timestamp", TS])
        .ok();
    tree
}

/// Widget scaffolded, then a generated file deleted and a generated line of
/// a shared file taken out (the snapshot test's failing check).
fn drifted() -> Tree {
    let tree = scaffolded();
    fs::remove_file(tree.file(FINDER)).expect("rm");
    let text = tree
        .read(STATUS)
        .replacen("    widgets_synced_count\n", "", 1);
    tree.write(STATUS, &text);
    tree
}

/// Runs `check` with `args`, asserting the exit code and a quiet stderr.
#[track_caller]
fn check(tree: &Tree, args: &[&str], code: i32) -> Run {
    let out = tree.run(&[&["check"], args].concat());
    assert_eq!(
        out.code, code,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out
}

/// Every path `check` compared, from its JSON report.
fn checked_paths(tree: &Tree) -> BTreeSet<String> {
    let out = tree.run(&["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

/// One test case as GitLab reads it.
#[derive(Debug)]
struct Case {
    classname: String,
    name: String,
    file: String,
    /// `failure`, `error` or `skipped`, with its `type`, `message` and text.
    outcome: Option<(String, String, String, String)>,
}

/// Parses a JUnit document and checks its counts add up; returns the cases.
#[track_caller]
fn junit_cases(xml: &str) -> Vec<Case> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let mut cases = Vec::new();
    let attr_n = |n: roxmltree::Node, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("{} has no {a}", n.tag_name().name()))
            .parse()
            .expect("a count")
    };
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let mut counts = [0usize; 3];
        let before = cases.len();
        for tc in suite.children().filter(|n| n.is_element()) {
            assert_eq!(tc.tag_name().name(), "testcase");
            let outcome = tc.children().find(|n| n.is_element()).map(|o| {
                let kind = o.tag_name().name().to_string();
                match kind.as_str() {
                    "failure" => counts[0] += 1,
                    "error" => counts[1] += 1,
                    "skipped" => counts[2] += 1,
                    other => panic!("unexpected <{other}>"),
                }
                (
                    kind,
                    o.attribute("type").unwrap_or_default().to_string(),
                    o.attribute("message").expect("message").to_string(),
                    o.text().unwrap_or_default().to_string(),
                )
            });
            cases.push(Case {
                classname: tc.attribute("classname").expect("classname").into(),
                name: tc.attribute("name").expect("name").into(),
                file: tc.attribute("file").unwrap_or_default().into(),
                outcome,
            });
        }
        assert_eq!(attr_n(suite, "tests"), cases.len() - before);
        assert_eq!(attr_n(suite, "failures"), counts[0]);
        assert_eq!(attr_n(suite, "errors"), counts[1]);
        assert_eq!(attr_n(suite, "skipped"), counts[2]);
    }
    assert_eq!(attr_n(root, "tests"), cases.len());
    let failures = cases
        .iter()
        .filter(|c| matches!(&c.outcome, Some((k, ..)) if k == "failure"))
        .count();
    assert_eq!(attr_n(root, "failures"), failures);
    // GitLab keeps only the first of two cases with the same name in a suite.
    let keys: BTreeSet<(&str, &str)> = cases
        .iter()
        .map(|c| (c.classname.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(keys.len(), cases.len(), "duplicate test cases");
    cases
}

/// Holds a Code Quality report to what GitLab documents: an array of
/// objects with `description`, `check_name`, `fingerprint`, `severity` (one
/// of five) and `location.path` + `location.lines.begin`; no BOM.
#[track_caller]
fn codequality_issues(json: &str) -> Vec<Value> {
    assert!(!json.starts_with('\u{feff}'), "GitLab refuses a BOM");
    let doc: Value = serde_json::from_str(json).expect("JSON");
    let issues = doc.as_array().expect("an array of issues").clone();
    for i in &issues {
        let keys: BTreeSet<&str> = i
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ]),
            "{i}"
        );
        for k in ["description", "check_name", "fingerprint"] {
            assert!(!i[k].as_str().expect(k).is_empty(), "{k} empty: {i}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().expect("severity")),
            "{i}"
        );
        let path = i["location"]["path"].as_str().expect("location.path");
        assert!(
            !path.starts_with('/') && !path.starts_with("./"),
            "relative path: {path}"
        );
        let begin = i["location"]["lines"]["begin"]
            .as_u64()
            .expect("location.lines.begin");
        assert!(begin >= 1, "{i}");
    }
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    issues
}

fn issue_for<'a>(issues: &'a [Value], path: &str) -> &'a Value {
    issues
        .iter()
        .find(|i| i["location"]["path"] == path)
        .unwrap_or_else(|| panic!("no issue for {path}: {issues:?}"))
}

#[test]
fn junit_has_a_case_per_place_checked_and_passes_when_up_to_date() {
    let tree = scaffolded();
    let out = check(&tree, &["--format", "junit"], 0);
    let cases = junit_cases(&out.stdout);
    let names: BTreeSet<String> = cases.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, checked_paths(&tree));
    assert!(names.contains(STATUS) && names.contains(FINDER));
    for c in &cases {
        assert_eq!(c.classname, "geo-scaffold/widget");
        assert_eq!(c.file, c.name);
        assert!(c.outcome.is_none(), "{c:?}");
    }
}

#[test]
fn junit_failures_carry_the_diff_and_the_fix() {
    let tree = drifted();
    let cases = junit_cases(&check(&tree, &["--format", "junit"], 1).stdout);
    let failed: Vec<&Case> = cases.iter().filter(|c| c.outcome.is_some()).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    let (kind, ty, message, text) = failed
        .iter()
        .find(|c| c.name == FINDER)
        .and_then(|c| c.outcome.clone())
        .expect("finder case");
    assert_eq!((kind.as_str(), ty.as_str()), ("failure", "missing"));
    assert_eq!(
        message,
        format!("widget: generated file {FINDER} is missing")
    );
    assert!(
        text.contains(&format!("--- /dev/null\n+++ b/{FINDER}\n")),
        "{text}"
    );
    let (_, ty, message, text) = failed
        .iter()
        .find(|c| c.name == STATUS)
        .and_then(|c| c.outcome.clone())
        .expect("status case");
    assert_eq!(ty, "missing");
    assert!(
        message.contains("lacks lines geo-scaffold generated"),
        "{message}"
    );
    assert!(text.contains("\n+    widgets_synced_count\n"), "{text}");
    assert!(
        text.contains("to fix: run `geo-scaffold sync --root "),
        "{text}"
    );
}

#[test]
fn junit_has_a_suite_per_recorded_type_and_skips_what_only_strict_fails() {
    let tree = scaffolded();
    tree.run(&[
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        "20260102000000",
    ])
    .ok();
    tree.write(
        STRAY,
        "module Geo\n  class GadgetReplicator < Gitlab::Geo::Replicator\n  end\nend\n",
    );
    let replicator = "ee/app/replicators/geo/widget_replicator.rb";
    let edited = tree.read(replicator).replace("end\n", "end # by hand\n");
    tree.write(replicator, &edited);

    let cases = junit_cases(&check(&tree, &["--format", "junit"], 0).stdout);
    let classes: BTreeSet<&str> = cases.iter().map(|c| c.classname.as_str()).collect();
    assert_eq!(
        classes,
        BTreeSet::from([
            "geo-scaffold/terraform_state",
            "geo-scaffold/unrecorded",
            "geo-scaffold/widget"
        ])
    );
    // A shared file is a place of each type.
    assert_eq!(cases.iter().filter(|c| c.name == STATUS).count(), 2);
    let outcome = |name: &str| {
        cases
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.outcome.clone())
            .map(|(kind, _, message, _)| (kind, message))
    };
    let (kind, message) = outcome(replicator).expect("modified case");
    assert_eq!(kind, "skipped");
    assert!(
        message.contains("edited by hand; fails only with --strict"),
        "{message}"
    );
    assert_eq!(outcome(STRAY).expect("stray").0, "skipped");

    let strict = junit_cases(&check(&tree, &["--strict", "--format", "junit"], 1).stdout);
    let failed: BTreeSet<&str> = strict
        .iter()
        .filter(|c| matches!(&c.outcome, Some((k, ..)) if k == "failure"))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed, BTreeSet::from([replicator, STRAY]));
}

#[test]
fn junit_escapes_what_a_diff_may_hold() {
    let tree = scaffolded();
    let replicator = "ee/app/replicators/geo/widget_replicator.rb";
    let odd = "# <b>&amp;</b> \"quoted\" ]]> bell\u{7} esc\u{1b}[0m\r\n";
    tree.write(replicator, &format!("{}{odd}", tree.read(replicator)));
    let out = check(&tree, &["--strict", "--format", "junit"], 1);
    let cases = junit_cases(&out.stdout);
    let (_, ty, _, text) = cases
        .iter()
        .find(|c| c.name == replicator)
        .and_then(|c| c.outcome.clone())
        .expect("modified replicator fails with --strict");
    assert_eq!(ty, "modified");
    assert!(
        text.contains("-# <b>&amp;</b> \"quoted\" ]]> bell\u{FFFD} esc\u{FFFD}[0m\r\n"),
        "{text:?}"
    );
}

#[test]
fn codequality_is_empty_when_up_to_date() {
    let out = check(&scaffolded(), &["--format", "codequality"], 0);
    assert_eq!(out.stdout, "[]\n");
    assert!(codequality_issues(&out.stdout).is_empty());
}

#[test]
fn codequality_places_each_finding_at_its_first_changed_line() {
    let tree = drifted();
    let out = check(&tree, &["--format", "codequality"], 1);
    let issues = codequality_issues(&out.stdout);
    assert_eq!(issues.len(), 2, "{issues:?}");

    let finder = issue_for(&issues, FINDER);
    assert_eq!(finder["check_name"], "geo-scaffold/missing");
    assert_eq!(finder["severity"], "major");
    assert_eq!(finder["location"]["lines"]["begin"], 1);
    let description = finder["description"].as_str().expect("description");
    assert!(
        description.starts_with(&format!(
            "widget: generated file {FINDER} is missing: run `geo-scaffold sync --root "
        )),
        "{description}"
    );

    // The line taken out sat before `widgets_failed_count`: that line is
    // where the finding is shown.
    let status = issue_for(&issues, STATUS);
    let at = tree
        .read(STATUS)
        .lines()
        .position(|l| l == "    widgets_failed_count")
        .expect("line")
        + 1;
    assert_eq!(status["location"]["lines"]["begin"], at as u64);
}

#[test]
fn codequality_fingerprints_are_stable_across_runs_and_line_shifts() {
    let tree = drifted();
    let first = codequality_issues(&check(&tree, &["--format", "codequality"], 1).stdout);
    let again = codequality_issues(&check(&tree, &["--format", "codequality"], 1).stdout);
    assert_eq!(first, again);

    // Lines added above the finding move it, but it stays the same finding.
    let text = tree.read(STATUS);
    tree.write(STATUS, &format!("# one\n# two\n{text}"));
    let moved = codequality_issues(&check(&tree, &["--format", "codequality"], 1).stdout);
    let (a, b) = (issue_for(&first, STATUS), issue_for(&moved, STATUS));
    assert_eq!(a["fingerprint"], b["fingerprint"]);
    assert_eq!(
        b["location"]["lines"]["begin"].as_u64(),
        a["location"]["lines"]["begin"].as_u64().map(|n| n + 2)
    );
}

#[test]
fn non_failing_findings_are_minor_or_info_until_strict() {
    let tree = scaffolded();
    let replicator = "ee/app/replicators/geo/widget_replicator.rb";
    tree.write(replicator, &format!("{}# by hand\n", tree.read(replicator)));
    tree.write(
        STRAY,
        "module Geo\n  class GadgetReplicator < Gitlab::Geo::Replicator\n  end\nend\n",
    );
    let issues = codequality_issues(&check(&tree, &["--format", "codequality"], 0).stdout);
    let modified = issue_for(&issues, replicator);
    assert_eq!(modified["severity"], "minor");
    assert_eq!(modified["check_name"], "geo-scaffold/modified");
    let last = tree.read(replicator).lines().count() as u64;
    assert_eq!(modified["location"]["lines"]["begin"], last);
    let stray = issue_for(&issues, STRAY);
    assert_eq!(stray["severity"], "info");
    assert_eq!(stray["location"]["lines"]["begin"], 1);

    let strict =
        codequality_issues(&check(&tree, &["--strict", "--format", "codequality"], 1).stdout);
    assert!(
        strict.iter().all(|i| i["severity"] == "major"),
        "{strict:?}"
    );
}

#[test]
fn a_check_that_cannot_run_still_writes_both_reports() {
    let tree = scaffolded();
    let manifest = tree.read("geo-scaffold.toml");
    tree.write(
        "geo-scaffold.toml",
        &manifest.replacen("strategy = \"blob\"", "strategy = \"tape\"", 1),
    );
    let out = tree.run(&["check", "--format", "junit"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    let cases = junit_cases(&out.stdout);
    let (kind, _, message, _) = cases[0].outcome.clone().expect("error");
    assert_eq!((cases.len(), kind.as_str()), (1, "error"));
    assert!(message.contains("unknown strategy `tape`"), "{message}");

    let out = tree.run(&["check", "--format", "codequality"]);
    assert_eq!(out.code, 2);
    let issues = codequality_issues(&out.stdout);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["severity"], "blocker");
    assert_eq!(issues[0]["location"]["path"], "geo-scaffold.toml");
}

#[test]
fn the_ci_formats_are_for_check_only() {
    let tree = Tree::new();
    let before = tree.snapshot();
    for format in ["junit", "codequality"] {
        let line = tree
            .run(&["widget", "--strategy", "blob", "--format", format])
            .fails();
        assert_eq!(
            line,
            format!(
                "error: `--format {format}` renders what `check` found: run `geo-scaffold check --format {format}`"
            )
        );
        tree.run(&["sync", "--format", format]).fails();
        tree.run(&["doctor", "--format", format]).fails();
    }
    assert_eq!(tree.snapshot(), before, "nothing written");
}
