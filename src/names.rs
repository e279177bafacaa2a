//! Every spelling of a replicable type's name, derived once and validated here.
//!
//! `widget`, `Widget`, `package_file` or `--model Packages::PackageFile` all end
//! up as one [`Names`]; templates and patchers read its fields and never build
//! spellings of their own. Plurals follow ActiveSupport's English rules.
//!
//! (Over 600 lines: about 480 of code, the rest its tables of spelling and
//! validation tests.)

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

const RUBY_KEYWORDS: &[&str] = &[
    "alias", "and", "begin", "break", "case", "class", "def", "defined", "do", "else", "elsif",
    "end", "ensure", "false", "for", "if", "in", "module", "next", "nil", "not", "or", "redo",
    "rescue", "retry", "return", "self", "super", "then", "true", "undef", "unless", "until",
    "when", "while", "yield",
];

/// What the user asked for, before validation.
#[derive(Debug, Default, Clone)]
pub struct NameInput {
    /// The positional name (`widget`, `PackageFile`); derived from `model` when absent.
    pub name: Option<String>,
    /// `--model`, a Ruby constant path (`Terraform::State`).
    pub model: Option<String>,
    /// `--plural`, overriding the inflector.
    pub plural: Option<String>,
    /// `--label`, the human plural used in descriptions ("snippets").
    pub label: Option<String>,
    /// The model's table, when the model file sets `self.table_name`.
    pub table: Option<String>,
}

impl NameInput {
    /// The validated snake-case name (`terraform_state`), without deriving
    /// the other spellings: enough to find the type's record.
    pub fn name(&self) -> Result<String, String> {
        match (&self.name, &self.model) {
            (Some(n), _) => validate_name(n),
            (None, Some(m)) => Ok(name_from_model(&validate_model(m)?)),
            (None, None) => Err("missing replicable name: pass one, e.g. `geo-scaffold widget --strategy blob`, or `--model Namespace::Class`".into()),
        }
    }

    /// The validated model class (`Terraform::State`): `--model`, else the
    /// name in CamelCase.
    pub fn model_class(&self) -> Result<String, String> {
        match &self.model {
            Some(m) => validate_model(m),
            None => Ok(self.name()?.to_upper_camel_case()),
        }
    }
}

/// Every spelling of one replicable type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// `terraform_state`
    pub name: String,
    /// `terraform_states`: also the prefix of the GeoNodeStatus fields.
    pub plural: String,
    /// `TerraformState`
    pub class: String,
    /// `terraformState`
    pub camel: String,
    /// `terraformStates`
    pub plural_camel: String,
    /// `Terraform::State`
    pub model_class: String,
    /// `terraform_states`: the model's table.
    pub table: String,
    /// `terraform states`
    pub label: String,
    /// `terraform state`
    pub label_singular: String,
    /// `Terraform states`
    pub label_capitalized: String,
    /// `Terraform state`
    pub label_singular_capitalized: String,
    /// `TerraformStateReplicator`
    pub replicator_class: String,
    /// `terraform_state_registry`: the registry table.
    pub registry_table: String,
    /// `TerraformStateRegistry`
    pub registry_class: String,
    /// `terraform_state_registries`: the GraphQL field.
    pub registries: String,
    /// `terraformStateRegistries`
    pub registries_camel: String,
    /// `TerraformStateRegistries`: the resolver's class prefix.
    pub registries_class: String,
    /// `terraform_state_id`
    pub foreign_key: String,
    /// `terraformStateId`
    pub foreign_key_camel: String,
}

pub use crate::inflector::{pluralize, singularize};

impl Names {
    /// Validates the input and derives every spelling.
    pub fn new(input: &NameInput) -> Result<Names, String> {
        let name = input.name()?;
        let model_class = input.model_class()?;
        let plural = match &input.plural {
            Some(p) => {
                let p = validate_name(p).map_err(|e| format!("invalid --plural: {e}"))?;
                if p == name {
                    return Err(format!(
                        "invalid --plural `{p}`: it must differ from the name `{name}`, e.g. `{}`",
                        pluralize(&name)
                    ));
                }
                p
            }
            None => pluralize(&name),
        };
        let table = match &input.table {
            Some(t) => t.clone(),
            None => default_table(&model_class, &name, &plural),
        };
        let label = match &input.label {
            Some(l) => validate_label(l)?,
            None => words(&plural),
        };
        // A label that is just the plural in words (as recorded when no
        // `--label` was given) is the name in words in the singular, also
        // for irregular plurals (`people` -> "person").
        let label_singular = if label == words(&plural) {
            words(&name)
        } else {
            singular_words(&label)
        };
        Ok(Names::assemble(
            name,
            plural,
            model_class,
            table,
            label,
            label_singular,
        ))
    }

    /// The spellings of a type already wired into the tree, known by its
    /// replicator class (`PackageFileReplicator`) and, where recorded, its
    /// plural, label and model.
    pub fn existing(
        name: &str,
        plural: Option<&str>,
        label: Option<&str>,
        model: Option<&str>,
    ) -> Names {
        let plural = plural.map_or_else(|| pluralize(name), str::to_string);
        let model_class = model.map_or_else(|| name.to_upper_camel_case(), str::to_string);
        let table = default_table(&model_class, name, &plural);
        let label = label.map_or_else(|| words(&plural), str::to_string);
        let label_singular = if label == words(&plural) {
            words(name)
        } else {
            singular_words(&label)
        };
        Names::assemble(
            name.to_string(),
            plural,
            model_class,
            table,
            label,
            label_singular,
        )
    }

    fn assemble(
        name: String,
        plural: String,
        model_class: String,
        table: String,
        label: String,
        label_singular: String,
    ) -> Names {
        let class = name.to_upper_camel_case();
        Names {
            camel: name.to_lower_camel_case(),
            plural_camel: plural.to_lower_camel_case(),
            label_capitalized: capitalize(&label),
            label_singular_capitalized: capitalize(&label_singular),
            replicator_class: format!("{class}Replicator"),
            registry_table: format!("{name}_registry"),
            registry_class: format!("{class}Registry"),
            registries: format!("{name}_registries"),
            registries_camel: format!("{}Registries", name.to_lower_camel_case()),
            registries_class: format!("{class}Registries"),
            foreign_key: format!("{name}_id"),
            foreign_key_camel: format!("{}Id", name.to_lower_camel_case()),
            class,
            name,
            plural,
            model_class,
            table,
            label,
            label_singular,
        }
    }

    /// The prefix of the type's GeoNodeStatus fields (`widgets_`): the key
    /// of its entries in most per-type lists.
    pub fn status_prefix(&self) -> String {
        format!("{}_", self.plural)
    }

    /// The reference type every GitLab of the era has wired in, whose entries
    /// the built-in fallbacks are written for.
    pub fn reference() -> Names {
        Names::existing("package_file", None, None, Some("Packages::PackageFile"))
    }

    /// The snake-case name behind a replicator class: `PackageFileReplicator` -> `package_file`.
    pub fn name_of_replicator(class: &str) -> Option<String> {
        let class = class.rsplit("::").next()?;
        let stem = class.strip_suffix("Replicator")?;
        (!stem.is_empty()).then(|| stem.to_snake_case())
    }

    /// (this spelling, other's spelling, kind), longest first, for [`Names::substitute`].
    fn spellings<'a>(&'a self, to: &'a Names) -> Vec<(&'a str, &'a str, Kind)> {
        let mut pairs = vec![
            (
                self.model_class.as_str(),
                to.model_class.as_str(),
                Kind::Constant,
            ),
            (self.table.as_str(), to.table.as_str(), Kind::Identifier),
            (self.plural.as_str(), to.plural.as_str(), Kind::Identifier),
            (self.name.as_str(), to.name.as_str(), Kind::Identifier),
            (self.class.as_str(), to.class.as_str(), Kind::Identifier),
            (
                self.plural_camel.as_str(),
                to.plural_camel.as_str(),
                Kind::Camel,
            ),
            (self.camel.as_str(), to.camel.as_str(), Kind::Camel),
            (self.label.as_str(), to.label.as_str(), Kind::Prose),
            (
                self.label_singular.as_str(),
                to.label_singular.as_str(),
                Kind::Prose,
            ),
            (
                self.label_capitalized.as_str(),
                to.label_capitalized.as_str(),
                Kind::Prose,
            ),
            (
                self.label_singular_capitalized.as_str(),
                to.label_singular_capitalized.as_str(),
                Kind::Prose,
            ),
        ];
        pairs.retain(|p| !p.0.is_empty());
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        pairs
    }

    /// Rewrites `text`, written for `self`, for `to`: every spelling of this
    /// type is replaced by the same spelling of the other, longest match first,
    /// in one left-to-right pass (so a replacement is never replaced again).
    ///
    /// When two spellings are the same string (`widgets` is both the plural
    /// and the label; `Widget` the class and the model), the surrounding
    /// characters decide: glued to an identifier (`widgets_count`,
    /// `WidgetReplicator`) it is an identifier; next to a space it is prose
    /// ("Number of widgets"); otherwise a constant (`::Widget`).
    pub fn substitute(&self, text: &str, to: &Names) -> String {
        let pairs = self.spellings(to);
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let mut out = String::with_capacity(text.len() + 64);
        let mut i = 0;
        'outer: while i < text.len() {
            let rest = &text[i..];
            if let Some(len) = pairs
                .iter()
                .find(|p| rest.starts_with(p.0))
                .map(|p| p.0.len())
            {
                let before = text[..i].chars().next_back();
                let after = rest[len..].chars().next();
                use Kind::{Camel, Constant, Identifier, Prose};
                let wanted = if after.is_some_and(|c| c.is_ascii_uppercase()) {
                    [Camel, Identifier, Constant, Prose]
                } else if ident(before) || ident(after) {
                    [Identifier, Camel, Constant, Prose]
                } else if before == Some(' ') || after == Some(' ') {
                    [Prose, Constant, Identifier, Camel]
                } else {
                    [Constant, Identifier, Camel, Prose]
                };
                for kind in wanted {
                    if let Some(p) = pairs
                        .iter()
                        .find(|p| p.0.len() == len && rest.starts_with(p.0) && p.2 == kind)
                    {
                        out.push_str(p.1);
                        i += len;
                        continue 'outer;
                    }
                }
            }
            let c = rest.chars().next().expect("i < len");
            out.push(c);
            i += c.len_utf8();
        }
        out
    }
}

/// What a spelling is used as, to tell apart spellings that are the same string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Identifier,
    /// lowerCamelCase, as GraphQL spells fields (`widgetRegistries`).
    Camel,
    Constant,
    Prose,
}

/// Words GitLab writes in capitals in its prose ("Number of LFS objects",
/// "CI secure files"). Other spellings are set with `--label`.
const ACRONYMS: &[&str] = &[
    "api", "ci", "dast", "gpg", "http", "id", "ip", "json", "lfs", "mr", "oci", "pgp", "saml",
    "sast", "sha", "ssh", "ssl", "uri", "url", "uuid", "yaml",
];

/// The human words of a snake_case name, in sentence case as GitLab writes
/// its descriptions: lowercase words, known acronyms in capitals
/// (`lfs_objects` -> "LFS objects", `ci_secure_file` -> "CI secure file").
pub fn words(snake: &str) -> String {
    snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if ACRONYMS.contains(&w) {
                w.to_ascii_uppercase()
            } else if let Some(stem) = w.strip_suffix('s').filter(|s| ACRONYMS.contains(s)) {
                format!("{}s", stem.to_ascii_uppercase())
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Singular of a human label: only its last word changes ("terraform states"
/// -> "terraform state").
fn singular_words(label: &str) -> String {
    match label.rsplit_once(' ') {
        Some((head, last)) => format!("{head} {}", singular_word(last)),
        None => singular_word(label),
    }
}

/// The singular of a plain English word for labels and namespaces
/// (`snippets`, `repositories`, `boxes`, `packages`); words that do not end
/// in `s` are returned as they are.
fn singular_word(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for tail in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(tail) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_string(),
        _ => word.to_string(),
    }
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// ActiveRecord's table for a model: GitLab's namespaced models use the
/// namespace as table prefix (`Packages::PackageFile` -> `packages_package_files`);
/// a model named like the type takes the type's plural (so `--plural`
/// applies), another model its own (`widget --model Gadget` -> `gadgets`).
fn default_table(model_class: &str, name: &str, plural: &str) -> String {
    let segments: Vec<&str> = model_class.trim_start_matches("::").split("::").collect();
    match segments.split_last() {
        Some((last, namespace)) if !namespace.is_empty() => {
            let prefix: Vec<String> = namespace.iter().map(|s| s.to_snake_case()).collect();
            format!("{}_{}", prefix.join("_"), pluralize(&last.to_snake_case()))
        }
        Some((last, _)) if last.to_snake_case() != name => pluralize(&last.to_snake_case()),
        _ => plural.to_string(),
    }
}

/// `Terraform::State` -> `terraform_state`; `Packages::PackageFile` ->
/// `package_file` (the namespace is dropped when the class already starts with
/// its singular, as GitLab named those replicators).
pub fn name_from_model(model: &str) -> String {
    let segments: Vec<&str> = model.trim_start_matches("::").split("::").collect();
    let last = segments[segments.len() - 1].to_snake_case();
    match segments.len() {
        1 => last,
        n => {
            let ns = segments[n - 2].to_snake_case();
            if last.starts_with(&singular_word(&ns)) {
                last
            } else {
                format!("{ns}_{last}")
            }
        }
    }
}

/// A type name (or plural): snake_case letters, digits and underscores.
pub fn validate_name(raw: &str) -> Result<String, String> {
    let hint = "use letters, digits and underscores, starting with a letter, e.g. `widget` or `PackageFile`";
    if raw.is_empty() {
        return Err(format!("invalid name: it is empty; {hint}"));
    }
    if let Some(c) = raw.chars().find(|c| !c.is_ascii()) {
        return Err(format!(
            "invalid name `{raw}`: non-ASCII character `{c}`; {hint}"
        ));
    }
    if raw.contains('/') || raw.contains("..") || raw.contains('\\') {
        return Err(format!(
            "invalid name `{raw}`: a name is not a path; {hint}"
        ));
    }
    if raw.contains("::") {
        return Err(format!(
            "invalid name `{raw}`: namespaced classes go in `--model {raw}`; {hint}"
        ));
    }
    if raw.chars().any(char::is_whitespace) {
        return Err(format!(
            "invalid name `{raw}`: it contains whitespace; {hint}"
        ));
    }
    if let Some(c) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(format!(
            "invalid name `{raw}`: character `{c}` is not allowed; {hint}"
        ));
    }
    if !raw.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "invalid name `{raw}`: it must start with a letter; {hint}"
        ));
    }
    let snake = raw.to_snake_case();
    if RUBY_KEYWORDS.contains(&snake.as_str()) {
        return Err(format!(
            "invalid name `{raw}`: `{snake}` is a Ruby keyword and cannot name a class or method; pick another name, e.g. `{snake}_file`"
        ));
    }
    Ok(snake)
}

/// A model class: a Ruby constant path (`Terraform::State`).
pub fn validate_model(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_start_matches("::");
    let ok = !trimmed.is_empty()
        && trimmed.split("::").all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_uppercase())
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if !ok {
        return Err(format!(
            "invalid --model `{raw}`: expected a Ruby constant path such as `Widget` or `Terraform::State`"
        ));
    }
    Ok(trimmed.to_string())
}

/// A human label: plain words.
pub fn validate_label(raw: &str) -> Result<String, String> {
    let ok = !raw.trim().is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if !ok {
        return Err(format!(
            "invalid --label `{raw}`: use plain words, e.g. `--label snippets`"
        ));
    }
    Ok(raw.to_string())
}

/// Longest feature flag name accepted.
const MAX_FLAG_LEN: usize = 63;

/// A feature flag name as GitLab defines them (`geo_widget_replication`):
/// lowercase words joined by single underscores, starting with a letter.
pub fn validate_flag(raw: &str) -> Result<String, String> {
    let words_ok = raw.split('_').all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    let ok =
        raw.starts_with(|c: char| c.is_ascii_lowercase()) && words_ok && raw.len() <= MAX_FLAG_LEN;
    if !ok {
        let shown: String = raw.chars().take(80).collect();
        return Err(format!(
            "`{shown}` is not a feature flag name: use lowercase words joined by single underscores, starting with a letter, at most {MAX_FLAG_LEN} characters, e.g. `geo_widget_replication`"
        ));
    }
    Ok(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(input: NameInput) -> Names {
        Names::new(&input).expect("valid input")
    }

    fn names(name: &str) -> Names {
        valid(NameInput {
            name: Some(name.into()),
            ..Default::default()
        })
    }

    #[test]
    fn every_spelling_of_widget() {
        for input in ["widget", "Widget"] {
            let n = names(input);
            assert_eq!(n.name, "widget");
            assert_eq!(n.plural, "widgets");
            assert_eq!(n.class, "Widget");
            assert_eq!(n.model_class, "Widget");
            assert_eq!(n.replicator_class, "WidgetReplicator");
            assert_eq!(n.registry_table, "widget_registry");
            assert_eq!(n.registry_class, "WidgetRegistry");
            assert_eq!(n.registries, "widget_registries");
            assert_eq!(n.registries_camel, "widgetRegistries");
            assert_eq!(n.foreign_key_camel, "widgetId");
            assert_eq!(n.table, "widgets");
            assert_eq!(n.label, "widgets");
        }
    }

    #[test]
    fn labels_are_sentence_case_with_acronyms_in_capitals() {
        let lfs = names("lfs_object");
        assert_eq!(lfs.label, "LFS objects");
        assert_eq!(lfs.label_singular, "LFS object");
        assert_eq!(lfs.label_capitalized, "LFS objects");
        let ci = valid(NameInput {
            model: Some("Ci::SecureFile".into()),
            ..Default::default()
        });
        assert_eq!(ci.label, "CI secure files");
        assert_eq!(ci.label_singular_capitalized, "CI secure file");
        let sr = names("snippet_repository");
        assert_eq!(sr.label_singular, "snippet repository");
        assert_eq!(sr.label_capitalized, "Snippet repositories");
        // Only whole words: `idea`, `ciphers` and `apis_x`'s `x` stay as they are.
        assert_eq!(words("idea_ciphers"), "idea ciphers");
        assert_eq!(words("merge_request_ids"), "merge request IDs");
    }

    #[test]
    fn camel_and_snake_inputs_agree() {
        assert_eq!(names("PackageFile"), names("package_file"));
        assert_eq!(
            names("package_file").registries_camel,
            "packageFileRegistries"
        );
    }

    #[test]
    fn namespaced_models() {
        let tf = valid(NameInput {
            model: Some("Terraform::State".into()),
            ..Default::default()
        });
        assert_eq!(tf.name, "terraform_state");
        assert_eq!(tf.plural, "terraform_states");
        assert_eq!(tf.table, "terraform_states");
        assert_eq!(tf.label_singular, "terraform state");
        assert_eq!(tf.replicator_class, "TerraformStateReplicator");

        let pf = valid(NameInput {
            model: Some("Packages::PackageFile".into()),
            ..Default::default()
        });
        assert_eq!(pf.name, "package_file");
        assert_eq!(pf.table, "packages_package_files");
    }

    #[test]
    fn overrides() {
        let n = valid(NameInput {
            name: Some("snippet_repository".into()),
            plural: Some("snippet_repos".into()),
            label: Some("snippets".into()),
            ..Default::default()
        });
        assert_eq!(n.plural, "snippet_repos");
        assert_eq!(n.label, "snippets");
        assert_eq!(n.label_singular, "snippet");
        let n = valid(NameInput {
            model: Some("Terraform::State".into()),
            label: Some("terraform states".into()),
            ..Default::default()
        });
        assert_eq!(n.label_singular, "terraform state");
        assert_eq!(n.label_singular_capitalized, "Terraform state");
    }

    #[test]
    fn invalid_names_say_what_is_wrong() {
        for (bad, says) in [
            ("", "empty"),
            ("9lives", "start with a letter"),
            ("two words", "whitespace"),
            ("a/b", "not a path"),
            ("../x", "not a path"),
            ("class", "Ruby keyword"),
            ("End", "Ruby keyword"),
            ("Wïdget", "non-ASCII"),
            ("a-b", "not allowed"),
        ] {
            let err = Names::new(&NameInput {
                name: Some(bad.into()),
                ..Default::default()
            })
            .expect_err(bad);
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn invalid_model_and_plural() {
        for bad in ["terraform::state", "Terraform/State", "Foo::", "1Foo"] {
            let err = Names::new(&NameInput {
                model: Some(bad.into()),
                ..Default::default()
            })
            .expect_err(bad);
            assert!(err.contains("constant path"), "{err}");
        }
        let err = Names::new(&NameInput {
            name: Some("widget".into()),
            plural: Some("wid gets".into()),
            ..Default::default()
        })
        .expect_err("bad plural");
        assert!(err.starts_with("invalid --plural"), "{err}");
    }

    #[test]
    fn substitute_rewrites_every_spelling_once() {
        let pf = Names::existing("package_file", None, None, Some("Packages::PackageFile"));
        let tf = valid(NameInput {
            model: Some("Terraform::State".into()),
            ..Default::default()
        });
        let text = "self.package_files_count = Geo::PackageFileReplicator.count # package files of Packages::PackageFile in packages_package_files, packageFileId";
        assert_eq!(
            pf.substitute(text, &tf),
            "self.terraform_states_count = Geo::TerraformStateReplicator.count # terraform states of Terraform::State in terraform_states, terraformStateId"
        );
        assert_eq!(
            pf.substitute("'Number of package files on primary'", &names("widget")),
            "'Number of widgets on primary'"
        );
        // Widget's plural is also its label, and its class also its model:
        // the context picks the spelling (see the terraform-after-widget golden).
        let w = Names::existing("widget", None, None, Some("Widget"));
        assert_eq!(
            w.substitute("widgets_count: 'Number of widgets on primary', Geo::WidgetReplicator, ::Widget, of the Widget', 'widgetRegistries', :widget_registry", &tf),
            "terraform_states_count: 'Number of terraform states on primary', Geo::TerraformStateReplicator, ::Terraform::State, of the Terraform state', 'terraformStateRegistries', :terraform_state_registry"
        );
    }

    #[test]
    fn replicator_class_names() {
        assert_eq!(
            Names::name_of_replicator("::Geo::PackageFileReplicator").as_deref(),
            Some("package_file")
        );
        assert_eq!(Names::name_of_replicator("::Geo::Replicator"), None);
    }
}
