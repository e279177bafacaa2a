//! New files and inserted snippets, rendered from the askama templates under
//! `templates/` (one struct per template, escaping off: the output is Ruby).

use crate::names::Names;
use crate::strategy::Strategy;

/// What templates know beyond the names.
pub struct Context<'a> {
    pub n: &'a Names,
    pub strategy: Strategy,
    pub feature_flag: &'a str,
    /// Whether the scaffold gave the model its checksum scopes (so that
    /// removal takes out only what it added).
    pub scopes_added: bool,
}

/// Declares every template: one line each, `Variant => "path under templates/"`.
/// This is the only list of templates; a step names the variant it renders.
macro_rules! templates {
    ($($ty:ident => $path:literal),* $(,)?) => {
        /// Every template a scaffold can render.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tpl {
            $($ty,)*
        }

        mod askama_structs {
                        use crate::names::Names;

            $(
                #[derive(askama::Template)]
                #[template(path = $path, escape = "none")]
                pub(super) struct $ty<'a> {
                    #[allow(dead_code)]
                    pub n: &'a Names,
                    #[allow(dead_code)]
                    pub table_class: &'a str,
                    #[allow(dead_code)]
                    pub article: &'a str,
                    #[allow(dead_code)]
                    pub feature_flag: &'a str,
                }
            )*
        }

        fn render_raw(tpl: Tpl, v: Vars) -> askama::Result<String> {
            use askama::Template;
            match tpl {
                $(Tpl::$ty => askama_structs::$ty {
                    n: v.n,
                    table_class: v.table_class,
                    article: v.article,
                    feature_flag: v.feature_flag,
                }
                .render(),)*
            }
        }
    };
}

/// The values every template sees.
#[derive(Clone, Copy)]
struct Vars<'a> {
    n: &'a Names,
    table_class: &'a str,
    article: &'a str,
    feature_flag: &'a str,
}

templates! {
    ReplicatorBlob => "ee/app/replicators/geo/NAME_replicator.blob.rb",
    ReplicatorRepository => "ee/app/replicators/geo/NAME_replicator.repository.rb",
    ReplicatorSpecBlob => "ee/spec/replicators/geo/NAME_replicator_spec.blob.rb",
    ReplicatorSpecRepository => "ee/spec/replicators/geo/NAME_replicator_spec.repository.rb",
    RegistryMigrationBlob => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.blob.rb",
    RegistryMigrationRepository => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.repository.rb",
    RegistryModel => "ee/app/models/geo/NAME_registry.rb",
    RegistryFactory => "ee/spec/factories/geo/NAME_registry.rb",
    RegistryModelSpec => "ee/spec/models/geo/NAME_registry_spec.rb",
    VerificationStateMigration => "db/migrate/TIMESTAMP_add_verification_state_to_TABLE.rb",
    VerificationIndexMigration => "db/migrate/TIMESTAMP_add_verification_failure_index_to_TABLE.rb",
    Resolver => "ee/app/graphql/resolvers/geo/NAME_registries_resolver.rb",
    ResolverSpec => "ee/spec/graphql/resolvers/geo/NAME_registries_resolver_spec.rb",
    Finder => "ee/app/finders/geo/NAME_registry_finder.rb",
    FinderSpec => "ee/spec/finders/geo/NAME_registry_finder_spec.rb",
    RegistryType => "ee/app/graphql/types/geo/NAME_registry_type.rb",
    RegistryTypeSpec => "ee/spec/graphql/types/geo/NAME_registry_type_spec.rb",
    LoadDataMethod => "snippets/load_data_method.rb",
    GeoNodeTypeField => "snippets/geo_node_type_field.rb",
    ModelLink => "snippets/model_link.rb",
    ModelScopes => "snippets/model_scopes.rb",
}

/// "a" or "an" before a label, by how its first word sounds: a vowel, or
/// an acronym read letter by letter from one that sounds like a vowel
/// ("an LFS object", "an SSH key", but "a CI secure file").
fn article(label: &str) -> &'static str {
    let first = label.split(' ').next().unwrap_or_default();
    let acronym = first.len() > 1 && first.chars().all(|c| c.is_ascii_uppercase());
    match (acronym, first.chars().next()) {
        (true, Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X')) => "an",
        (true, _) => "a",
        (false, Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U')) => "an",
        _ => "a",
    }
}

/// Renders one template; the result always ends with exactly one newline.
pub fn render(tpl: Tpl, ctx: &Context) -> String {
    use heck::ToUpperCamelCase;
    let table_class = ctx.n.table.to_upper_camel_case();
    let vars = Vars {
        n: ctx.n,
        table_class: &table_class,
        article: article(&ctx.n.label_singular),
        feature_flag: ctx.feature_flag,
    };
    // Rendering plain strings into a String cannot fail.
    let mut text = render_raw(tpl, vars).expect("askama rendering of owned strings is infallible");
    let trimmed = text.trim_end_matches('\n').len();
    text.truncate(trimmed);
    text.push('\n');
    text
}

/// Indents every non-empty line of `text` by `indent`.
pub fn indent(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{NameInput, Names};
    use crate::strategy::Strategy;

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(article("widget"), "a");
        assert_eq!(article("upload"), "an");
        assert_eq!(article("LFS object"), "an");
        assert_eq!(article("SSH key"), "an");
        assert_eq!(article("CI secure file"), "a");
        assert_eq!(article("URL"), "a");
    }

    /// GitLab's descriptions are sentence case: "ID of the snippet
    /// repository", an acronym in capitals ("LFS object").
    #[test]
    fn registry_type_descriptions_are_sentence_case() {
        let render_for = |name: &str| {
            let n = Names::new(&NameInput {
                name: Some(name.into()),
                ..Default::default()
            })
            .expect("valid");
            let ctx = Context {
                n: &n,
                strategy: Strategy::Blob,
                feature_flag: "geo_self_service_framework",
                scopes_added: false,
            };
            render(Tpl::RegistryType, &ctx)
        };
        let sr = render_for("snippet_repository");
        assert!(
            sr.contains("description: 'ID of the snippet repository'"),
            "{sr}"
        );
        assert!(sr.contains("state of a snippet repository'"), "{sr}");
        let lfs = render_for("lfs_object");
        assert!(lfs.contains("description: 'ID of the LFS object'"), "{lfs}");
        assert!(lfs.contains("state of an LFS object'"), "{lfs}");
    }
}
