//! What to say when a name finds no model: a command typed wrong (`chek`),
//! a plural (`widgets`), or a model that lives in a namespace
//! (`package_file` -> `--model Packages::PackageFile`).

use crate::checkout::{Checkout, class_of_path, model_rel_path};
use crate::cli::command_like;
use crate::names::{name_from_model, singularize};

/// The one-line error for a model that is not in the tree, with the hint
/// that fits best. `raw_name` is the positional word as typed, if any.
pub fn missing_model(
    checkout: &Checkout,
    model_class: &str,
    name: &str,
    raw_name: Option<&str>,
) -> String {
    let rel = model_rel_path(model_class);
    let plain = format!(
        "model {model_class} not found: looked for `{rel}` under app/models and ee/app/models"
    );
    let namespaced = |wanted: &str| -> Vec<(String, String)> {
        checkout
            .model_files()
            .into_iter()
            .filter_map(|p| {
                let class = class_of_path(&p)?;
                (class.contains("::") && name_from_model(&class) == wanted).then_some((class, p))
            })
            .collect()
    };
    let model_given = raw_name.is_none();
    if !model_given && let Some(cmd) = raw_name.and_then(command_like) {
        return format!(
            "`{}` is neither a command nor a model in this tree: did you mean `{cmd}`? (`geo-scaffold {cmd} --help`)",
            raw_name.unwrap_or(name)
        );
    }
    if !model_given {
        let found = namespaced(name);
        if !found.is_empty() {
            let options: Vec<String> = found
                .iter()
                .map(|(class, path)| format!("`--model {class}` ({path})"))
                .collect();
            return format!(
                "{plain}; the model lives in a namespace: pass {}",
                options.join(" or ")
            );
        }
        if let Some(one) = singularize(name) {
            let one_class = {
                use heck::ToUpperCamelCase;
                one.to_upper_camel_case()
            };
            let exists = checkout.model_files().iter().any(|p| {
                class_of_path(p).is_some_and(|c| c == one_class || name_from_model(&c) == one)
            });
            if exists {
                return format!(
                    "{plain}; names are singular, as Rails models are: did you mean `{one}`?"
                );
            }
        }
    }
    format!("{plain}; pass `--model` with the class or `--model-path` with its file")
}
