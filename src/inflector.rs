//! ActiveSupport's English pluralisation, ported rule for rule.
//!
//! `String#pluralize` in Rails tries, in order: uncountable words, irregular
//! words (as suffixes: `salesperson` -> `salespeople`), then its rules from
//! the last defined to the first. The rules are plain suffix tests, written
//! here without regular expressions: compiling a regex inflector's rule set
//! cost more than everything else a scaffold does before parsing. A test
//! checks this port against the `cruet` crate over a word list.

const UNCOUNTABLE: &[&str] = &[
    "equipment",
    "information",
    "rice",
    "money",
    "species",
    "series",
    "fish",
    "sheep",
    "jeans",
    "police",
];

/// (singular, plural), last defined first, as ActiveSupport checks them.
const IRREGULAR: &[(&str, &str)] = &[
    ("zombie", "zombies"),
    ("move", "moves"),
    ("sex", "sexes"),
    ("child", "children"),
    ("man", "men"),
    ("person", "people"),
];

fn is_vowel_or_y(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The plural of a lowercase snake_case word, as `ActiveSupport::Inflector.pluralize`.
pub fn pluralize(word: &str) -> String {
    if word.is_empty() {
        return String::new();
    }
    // `\b<uncountable>\Z`: `_` is a word character, so only the whole word
    // or a space-separated last word counts.
    if UNCOUNTABLE.iter().any(|u| {
        word.strip_suffix(u).is_some_and(|head| {
            head.is_empty() || head.ends_with(|c: char| !(c.is_alphanumeric() || c == '_'))
        })
    }) {
        return word.to_string();
    }
    for (one, many) in IRREGULAR {
        if word.ends_with(many) {
            return word.to_string();
        }
        if let Some(head) = word.strip_suffix(one) {
            return format!("{head}{many}");
        }
    }
    let b = word.as_bytes();
    let ends = |s: &str| word.ends_with(s);
    let head = |n: usize| &word[..word.len() - n];
    if ends("quiz") {
        return format!("{word}zes");
    }
    if word == "oxen" {
        return word.to_string();
    }
    if word == "ox" {
        return "oxen".into();
    }
    if word == "mice" || word == "lice" {
        return word.to_string();
    }
    if word == "mouse" || word == "louse" {
        return format!("{}ice", &word[..1]);
    }
    for stem in ["matr", "vert", "ind"] {
        for tail in ["ix", "ex"] {
            if ends(&format!("{stem}{tail}")) {
                return format!("{}ices", head(2));
            }
        }
    }
    if ends("x") || ends("ch") || ends("ss") || ends("sh") {
        return format!("{word}es");
    }
    if ends("quy") || (ends("y") && b.len() >= 2 && !is_vowel_or_y(b[b.len() - 2])) {
        return format!("{}ies", head(1));
    }
    if ends("y") && b.len() == 1 {
        return "ies".into();
    }
    if ends("hive") {
        return format!("{word}s");
    }
    if ends("fe") && (b.len() == 2 || b[b.len() - 3] != b'f') {
        return format!("{}ves", head(2));
    }
    if ends("lf") || ends("rf") {
        return format!("{}ves", head(1));
    }
    if ends("sis") {
        return format!("{}ses", head(3));
    }
    if ends("ta") || ends("ia") {
        return word.to_string();
    }
    if ends("tum") || ends("ium") {
        return format!("{}a", head(2));
    }
    if ends("buffalo") || ends("tomato") {
        return format!("{word}es");
    }
    if ends("bus") {
        return format!("{word}es");
    }
    if ends("alias") || ends("status") {
        return format!("{word}es");
    }
    if ends("octopi") || ends("viri") {
        return word.to_string();
    }
    if ends("octopus") || ends("virus") {
        return format!("{}i", head(2));
    }
    if word == "axis" || word == "testis" {
        return format!("{}es", head(2));
    }
    if ends("s") {
        return word.to_string();
    }
    format!("{word}s")
}

/// The singular whose plural (by [`pluralize`]) is `word`, when `word` is
/// a plural: `widgets` -> `widget`, `registries` -> `registry`. `None` for
/// a word that is not one (`widget`, `news`). Candidates come from undoing
/// the common suffix rules and are kept only when they pluralise back.
pub fn singularize(word: &str) -> Option<String> {
    // A plural pluralises to itself (`widgets`); a singular does not (`status`).
    if pluralize(word) != word {
        return None;
    }
    let mut candidates = Vec::new();
    for (many, one) in [
        ("ies", "y"),
        ("ves", "f"),
        ("ves", "fe"),
        ("ices", "ex"),
        ("ices", "ix"),
        ("es", ""),
        ("s", ""),
        ("ses", "sis"),
        ("a", "um"),
        ("i", "us"),
        ("en", ""),
    ] {
        if let Some(stem) = word.strip_suffix(many) {
            candidates.push(format!("{stem}{one}"));
        }
    }
    for (one, many) in IRREGULAR {
        if let Some(head) = word.strip_suffix(many) {
            candidates.push(format!("{head}{one}"));
        }
    }
    candidates
        .into_iter()
        .find(|c| !c.is_empty() && c != word && pluralize(c) == word)
}

#[cfg(test)]
mod tests {
    use super::{pluralize, singularize};

    #[test]
    fn singular_of_a_plural() {
        for (many, one) in [
            ("widgets", "widget"),
            ("package_files", "package_file"),
            ("registries", "registry"),
            ("snippet_repositories", "snippet_repository"),
            ("statuses", "status"),
            ("boxes", "box"),
            ("indices", "index"),
            ("knives", "knife"),
            ("people", "person"),
            ("lfs_objects", "lfs_object"),
        ] {
            assert_eq!(singularize(many).as_deref(), Some(one), "{many}");
        }
        for word in ["widget", "status", "package_file", "fish", "sheep"] {
            assert_eq!(singularize(word), None, "{word} is not a plural");
        }
    }

    #[test]
    fn active_support_cases() {
        for (one, many) in [
            ("registry", "registries"),
            ("snippet_repository", "snippet_repositories"),
            ("terraform_state", "terraform_states"),
            ("package_file", "package_files"),
            ("status", "statuses"),
            ("index", "indices"),
            ("matrix", "matrices"),
            ("person", "people"),
            ("sales_person", "sales_people"),
            ("news", "news"),
            ("fish", "fish"),
            ("big_fish", "big_fishes"),
            ("box", "boxes"),
            ("day", "days"),
            ("quiz", "quizzes"),
            ("knife", "knives"),
            ("wharf", "wharves"),
            ("analysis", "analyses"),
            ("datum", "data"),
            ("octopus", "octopi"),
            ("axis", "axes"),
            ("ox", "oxen"),
            ("mouse", "mice"),
            ("bus", "buses"),
            ("alias", "aliases"),
            // ActiveSupport's own quirks, kept: Rails code uses these spellings.
            ("hero", "heros"),
            ("potato", "potatos"),
            ("buffalo", "buffaloes"),
            ("medium", "media"),
            ("safe", "saves"),
            ("human", "humen"),
            ("lfs_object", "lfs_objects"),
            ("merge_request_diff", "merge_request_diffs"),
            ("pipeline_artifact", "pipeline_artifacts"),
            ("dependency_proxy_blob", "dependency_proxy_blobs"),
            ("ci_secure_file", "ci_secure_files"),
            ("group_wiki_repository", "group_wiki_repositories"),
        ] {
            assert_eq!(pluralize(one), many, "plural of {one}");
        }
    }

    /// The port agrees with the cruet crate (a regex port of the same rules)
    /// except where cruet itself departs from ActiveSupport.
    #[test]
    fn agrees_with_cruet() {
        let words = "widget gadget package_file terraform_state snippet_repository registry status \
            index vertex matrix person child man woman salesman sheep series species equipment \
            information rice money police jeans fish news box fox church wish kiss bus virus octopus \
            alias quiz ox mouse louse knife life wife half wolf shelf dwarf hero potato tomato \
            buffalo photo piano datum medium criterion analysis basis crisis diagnosis thesis axis \
            testis day key boy toy story city query hive archive drive move zombie sex \
            lfs_object job_artifact upload merge_request_diff pipeline_artifact ci_secure_file \
            dependency_proxy_blob dependency_proxy_manifest group_wiki_repository design_management_repository \
            project_repository wiki page_file container_repository terraform_state_version \
            pages_deployment snippet_blob blob_file commit tag branch";
        // cruet departs from ActiveSupport's rules on these (pinned above:
        // fish, hero, potato, buffalo, medium, safe; man-suffixed words).
        let cruet_departs = [
            "fish",
            "hero",
            "potato",
            "buffalo",
            "medium",
            "safe",
            "woman",
            "salesman",
            "man",
            "criterion",
        ];
        let differ: Vec<String> = words
            .split_whitespace()
            .filter(|w| !cruet_departs.contains(w))
            .filter(|w| pluralize(w) != cruet::to_plural(w))
            .map(|w| format!("{w}: {} vs cruet {}", pluralize(w), cruet::to_plural(w)))
            .collect();
        assert!(differ.is_empty(), "{differ:#?}");
    }
}
