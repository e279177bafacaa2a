//! The README says what is true: its set-up commands run, its CI job
//! watches every path `check` compares, and it names only files that exist
//! in the repository (issue 18).

use std::path::Path;

use super::common::{Tree, run};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// The lines of the first fenced block of `lang` after `heading`.
fn block(text: &str, heading: &str, lang: &str) -> Vec<String> {
    let from = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &text[from..];
    let open = format!("```{lang}\n");
    let start = rest
        .find(&open)
        .unwrap_or_else(|| panic!("no ```{lang} after {heading}"))
        + open.len();
    let end = rest[start..].find("```").expect("closing fence") + start;
    rest[start..end].lines().map(str::to_string).collect()
}

/// `cargo install` first, then the main job with the installed binary on
/// the bundled fixture (run here with the test build, on a copy), then the
/// test command: the README opens with exactly these two lines.
#[test]
fn set_up_installs_then_runs_the_main_job() {
    let lines = block(&readme(), "## Set up", "sh");
    let commands: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split('#').next().unwrap_or_default().split("&&"))
        .map(str::trim)
        .collect();
    assert_eq!(commands.first(), Some(&"cargo install --path . --locked"));
    // Two command lines: install and run the main job, then the tests.
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(commands.last(), Some(&"scripts/test"), "{commands:?}");
    let tree = Tree::new();
    let mut ran = 0;
    for c in commands.iter().filter(|c| c.starts_with("geo-scaffold ")) {
        let root = tree.path().to_str().expect("utf-8");
        let c = c.replace("--root fixtures/gitlab", &format!("--root {root}"));
        let args: Vec<&str> = c.split_whitespace().skip(1).collect();
        let out = run(&args).ok();
        assert!(!out.stdout.is_empty(), "{c}");
        ran += 1;
    }
    assert!(
        commands.iter().any(|c| c
            .starts_with("geo-scaffold widget --strategy blob --dry-run --root fixtures/gitlab")),
        "{commands:?}"
    );
    assert!(ran >= 1, "{commands:?}");
}

/// `*` within a path segment, `**` across segments, as GitLab CI's `changes:`.
fn glob(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', rest @ ..] => {
                let rest = rest.strip_prefix(b"/").unwrap_or(rest);
                (0..=s.len()).any(|i| go(rest, &s[i..]))
            }
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|i| !s[..*i].contains(&b'/'))
                .any(|i| go(rest, &s[i..])),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

#[test]
fn glob_matches_like_gitlab_ci() {
    assert!(glob(
        "ee/app/replicators/geo/**/*",
        "ee/app/replicators/geo/w_replicator.rb"
    ));
    assert!(glob("app/models/**/*", "app/models/ci/secure_file.rb"));
    assert!(glob(
        "db/migrate/*_add_verification_state_to_*.rb",
        "db/migrate/2026_add_verification_state_to_widgets.rb"
    ));
    assert!(!glob("db/migrate/*.rb", "db/migrate/x/y.rb"));
    assert!(!glob("ee/lib/gitlab/geo.rb", "ee/lib/gitlab/geo/x.rb"));
}

/// Every file a scaffold of each fixture type writes (and so every file
/// `check` compares) matches a pattern of the README's CI job.
#[test]
fn ci_job_watches_every_path_check_compares() {
    let yaml = block(&readme(), "## The manifest and CI", "yaml");
    let patterns: Vec<String> = yaml
        .iter()
        .skip_while(|l| !l.trim().starts_with("- changes:"))
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix("- ").map(str::to_string))
        .collect();
    assert!(patterns.len() > 10, "{yaml:?}");
    // Dry runs, each on a fresh tree, on every fixture generation.
    let scaffolds: &[(&str, &[&str])] = &[
        ("gitlab", &["widget", "--strategy", "blob"]),
        (
            "gitlab",
            &["--model", "Terraform::State", "--strategy", "blob"],
        ),
        (
            "gitlab",
            &["snippet_repository", "--strategy", "repository"],
        ),
        (
            "gitlab",
            &["--model", "Ci::SecureFile", "--strategy", "blob"],
        ),
        ("gitlab-14", &["widget", "--strategy", "blob"]),
        (
            "gitlab-14",
            &[
                "widget",
                "--strategy",
                "blob",
                "--verification-table",
                "states",
            ],
        ),
        (
            "gitlab-14",
            &["gadget_repository", "--strategy", "repository"],
        ),
        // 13.3/13.4 (model factory, flag, worker), 15.x-18.x and 19.x
        // (states, dictionaries, version files, site docs, GraphQL lists).
        ("gitlab-13.4", &["widget", "--strategy", "blob"]),
        (
            "gitlab-13.4",
            &["snippet_repository", "--strategy", "repository"],
        ),
        (
            "gitlab-18",
            &[
                "--model",
                "Widgets::Archive",
                "--strategy",
                "blob",
                "--label",
                "Widget Archives",
            ],
        ),
        (
            "gitlab-18",
            &["gadget_repository", "--strategy", "repository"],
        ),
        ("gitlab-19", &["widget", "--strategy", "blob"]),
        (
            "gitlab-19",
            &["gadget_repository", "--strategy", "repository"],
        ),
    ];
    let mut paths = Vec::new();
    for (fixture, args) in scaffolds {
        let tree = Tree::of(fixture);
        let out = tree
            .run(&[args, &["--dry-run", "--format", "json"][..]].concat())
            .ok();
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        for f in doc["files"].as_array().expect("files") {
            paths.push(f["path"].as_str().expect("path").to_string());
        }
    }
    let unwatched: Vec<&String> = paths
        .iter()
        .filter(|p| !patterns.iter().any(|g| glob(g, p)))
        .collect();
    assert!(
        unwatched.is_empty(),
        "not in the CI job's changes: {unwatched:#?}"
    );
}

/// Paths the README names under the repository's own directories exist;
/// nothing points outside the repository.
#[test]
fn readme_names_only_files_of_the_repository() {
    let text = readme();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = [
        "src/",
        "tests/",
        "scripts/",
        "fixtures/",
        "templates/",
        ".ci/",
    ];
    let mut missing = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "`()[],;:\"'".contains(c)) {
        let token = token.trim_end_matches('.');
        // Neither the project's notes beside the repository nor a path of
        // some machine (`/geo_nodes/status` is an API route, not a file).
        let absolute = token.len() > 1
            && token.starts_with('/')
            && token[1..].starts_with(|c: char| c.is_ascii_alphanumeric())
            && !token.starts_with("/geo_nodes/");
        let beside = ["shared/", "seed/", "../"]
            .iter()
            .any(|p| token.starts_with(p));
        assert!(
            !absolute && !beside,
            "README points outside the repository: {token}"
        );
        let placeholder = token.contains(['<', '*', '{']);
        if ours.iter().any(|d| token.starts_with(d)) && !placeholder && !root.join(token).exists() {
            missing.push(token.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "the README names files that do not exist: {missing:?}"
    );
}
