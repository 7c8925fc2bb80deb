//! Every pass that rewrites progenitor's output, in the order they run: [`PASSES`].
//!
//! Each pass finds progenitor's code by its exact tokens and leaves anything else as it was, so
//! the order matters (a pass may read what an earlier one wrote) and is this list, not the
//! order of calls in the stages. Each entry says what it expects to find. A pass that is
//! `loud` reports the code of its own kind it could not rewrite (a statement, builder or enum
//! progenitor wrote in another shape, after an upgrade say): a warning, or with
//! `--strict-passes` (on in this crate's own tests, CI's `regenerate --check` and its corpus
//! run) an error naming the place. Every tree pass that has such a notion is loud, one way: it
//! returns the places ([`Unrecognised`]) and the runner reports them under its name. A pass
//! that is not loud says in its entry why it has no such notion ([`Loudness::NoNotion`]).
//!
//! The list runs in four stages ([`Stage`]): the two files as progenitor wrote them, the client
//! once the operation model exists, each file once its items are gated by features, and each
//! file's formatted text. `generate::client_stage` calls [`run_on_both`], [`run_on_tree`] and
//! [`run_on_text`] at those points; gating (`emit::features`) and printing
//! (`render::gated_runs`) happen between them.

use super::{
    builder_plumbing, client_fixes, field_names, method_docs, newtypes, objects, operation_urls,
    parameter_styles, prelude_paths, redirects, request_builders, serde_derives, string_enums,
    struct_builders, type_docs, variant_names,
};
use crate::error::{Located, StageResult};
use crate::generate::model::Model;

/// Where in the pipeline a pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The two files as progenitor wrote them, before the model is built.
    AsWritten,
    /// The client, once the operation model exists.
    WithModel,
    /// One file's syntax tree, its items gated by features.
    Gated,
    /// One file's text, formatted.
    Printed,
}

/// Which of progenitor's two files a pass rewrites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    /// `types.rs`: the model types.
    Types,
    /// `client.rs`: `Client`, its methods and the request builders.
    Client,
    /// Both at once (what one changes, the other refers to).
    Both,
}

/// The places where a pass met code of its kind that it left as it was, each naming the file
/// and item (`client.rs, \`builder::GetDisk<'a>::send\`: …`); empty for a pass that has no such
/// notion ([`Loudness::NoNotion`]).
pub type Unrecognised = Vec<String>;

/// How a pass rewrites. A tree pass returns the code of its kind it did not recognise, which
/// the runner reports under the pass's name.
#[derive(Clone, Copy)]
pub enum Rewrite {
    /// Both syntax trees: types, client.
    Trees(fn(&mut syn::File, &mut syn::File, &mut Context<'_>) -> StageResult<Unrecognised>),
    /// One syntax tree.
    Tree(fn(&mut syn::File, &mut Context<'_>) -> StageResult<Unrecognised>),
    /// One file's text (the layout of this generator's own calls: never loud).
    Text(fn(&str, &mut Context<'_>) -> String),
}

/// Whether a pass reports code of its own kind that it cannot rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loudness {
    /// It reports it: a warning, or an error with `--strict-passes`.
    Loud,
    /// It has no sensible notion of "its kind, unrecognised": why.
    NoNotion(&'static str),
}

/// One rewrite of progenitor's output.
pub struct Pass {
    /// Its name (its module's, or the module's and what it does).
    pub name: &'static str,
    /// When it runs.
    pub stage: Stage,
    /// What it rewrites.
    pub file: File,
    /// What it expects to find.
    pub expects: &'static str,
    /// Whether it reports code of its kind it could not rewrite, and if not, why.
    pub loud: Loudness,
    /// The rewrite.
    pub rewrite: Rewrite,
}

/// What the passes share while they run.
pub struct Context<'m> {
    /// The operation model, from [`Stage::WithModel`] on.
    pub model: Option<&'m Model>,
    /// Keep typify's per-type builders (the document or the command asked).
    pub struct_builders: bool,
    /// `types.rs` calls `string_enum!`.
    pub string_enum_macro: bool,
    /// `types.rs` calls `newtype!`.
    pub newtype_macro: bool,
    /// `types.rs` calls `object!`.
    pub object_macro: bool,
    /// `client.rs` calls `request_builder!`.
    pub request_builder_macro: bool,
    /// A pass's report is an error, not a warning.
    pub strict: bool,
    /// What the loud passes reported, in order.
    findings: Vec<Located>,
}

impl<'m> Context<'m> {
    /// A context for one crate's passes.
    pub fn new(struct_builders: bool, strict: bool) -> Self {
        Self {
            model: None,
            struct_builders,
            string_enum_macro: false,
            newtype_macro: false,
            object_macro: false,
            request_builder_macro: false,
            strict,
            findings: Vec::new(),
        }
    }

    /// Reports the code of `pass`'s kind that it left as it was: the one way a pass is loud.
    fn report(&mut self, pass: &Pass, unrecognised: Unrecognised) {
        for place in unrecognised {
            self.findings.push(Located::whole(format!(
                "the pass `{}` met code it does not recognise: {place} (progenitor wrote it in a \
                 shape this generator does not know; the generated code is correct but not \
                 rewritten)",
                pass.name
            )));
        }
    }

    /// The reports, as warnings.
    pub fn into_findings(self) -> Vec<Located> {
        self.findings
    }

    /// An error for the first report, in strict mode.
    fn check(&self) -> StageResult<()> {
        match self.findings.first() {
            Some(first) if self.strict => Err(Located::whole(format!(
                "{} [--strict-passes]",
                first.message
            ))),
            _ => Ok(()),
        }
    }
}

/// Every pass, in the order they run (grouped by [`Stage`]; within a stage, in list order).
pub const PASSES: &[Pass] = &[
    Pass {
        name: "client_fixes::default_functions",
        stage: Stage::AsWritten,
        file: File::Types,
        expects: "typify's `mod defaults` with a function per field default, twins named alike \
                  and written alike",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|types, _| Ok(client_fixes::dedupe_default_functions(types))),
    },
    Pass {
        name: "client_fixes::status_arm_order",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "`match response.status().as_u16() { … }` with a range sorted among the codes",
        loud: Loudness::NoNotion(
            "it sorts the arms of every status `match` it finds; one on another scrutinee is not its kind",
        ),
        rewrite: Rewrite::Tree(|client, _| {
            syn::visit_mut::visit_file_mut(&mut client_fixes::StatusArmOrder, client);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "client_fixes::methods_without_shorthand",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "`client.client.options(url)` and `.trace(url)`, which reqwest does not have",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| {
            Ok(client_fixes::MethodsWithoutShorthand::rewrite(client))
        }),
    },
    Pass {
        name: "client_fixes::tls_provider_in_new",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "one `impl Client { pub fn new(…) }` (an error if there is none)",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| {
            client_fixes::install_tls_provider_in_new(client)?;
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "client_fixes::api_version_header",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "`header_map.append(\"api-version\", …api_version())` in each operation, the \
                  only call of `api_version()` there",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| Ok(client_fixes::ApiVersionHeader::rewrite(client))),
    },
    Pass {
        name: "type_docs",
        stage: Stage::AsWritten,
        file: File::Types,
        expects: "types whose only doc is their own name",
        loud: Loudness::NoNotion("a doc other than the type's name is a real doc, kept"),
        rewrite: Rewrite::Tree(|types, _| {
            type_docs::drop_name_only_docs(types);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "field_names",
        stage: Stage::AsWritten,
        file: File::Types,
        expects: "struct fields (and their builders') whose snake-case names collide",
        loud: Loudness::NoNotion(
            "it renames only names that collide; any other name is fine as it is",
        ),
        rewrite: Rewrite::Tree(|types, _| {
            field_names::unique_field_names(types);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "variant_names",
        stage: Stage::AsWritten,
        file: File::Both,
        expects: "typify's `Plus1`-style variant names, and the client's paths to them",
        loud: Loudness::NoNotion(
            "it renames only typify's numbered names; any other name is fine as it is",
        ),
        rewrite: Rewrite::Trees(|types, client, _| {
            variant_names::camel_case_variants(&mut [types, client]);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "struct_builders",
        stage: Stage::AsWritten,
        file: File::Both,
        expects: "typify's `types::builder` module, and in each request builder whose body held \
                  one `body: Ok(Default::default())` in `new`, `.map(From::from)` in `body` and \
                  `.and_then(|v| types::X::try_from(v)…)` in `send`",
        loud: Loudness::Loud,
        rewrite: Rewrite::Trees(|types, client, context| {
            Ok(match context.struct_builders {
                true => Vec::new(),
                false => struct_builders::drop_struct_builders(types, client),
            })
        }),
    },
    Pass {
        name: "string_enums",
        stage: Stage::AsWritten,
        file: File::Types,
        expects: "each unit-variant enum's `Display` (a `write_str` an arm), `FromStr` and \
                  `TryFrom` impls as typify writes them, one after another",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|types, context| {
            let (replaced, unrecognised) = string_enums::share_string_enum_conversions(types);
            context.string_enum_macro = replaced;
            Ok(unrecognised)
        }),
    },
    Pass {
        name: "serde_derives",
        stage: Stage::AsWritten,
        file: File::Types,
        expects: "`::serde::Deserialize` and `::serde::Serialize` spelled out in derives",
        loud: Loudness::NoNotion("a derive list without serde's paths is not its kind"),
        rewrite: Rewrite::Tree(|types, _| {
            serde_derives::short_serde_derives(types);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "method_docs::usage_examples",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "a `Client` method's doc ending in progenitor's ```ignore example \
                  (`let response = client.name()`, a setter a line, `.send().await;`)",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| Ok(method_docs::drop_usage_examples(client))),
    },
    Pass {
        name: "method_docs::builder_links",
        stage: Stage::AsWritten,
        file: File::Client,
        expects: "a builder's doc `Builder for [`Client::x`]` with the link's definition below",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| Ok(method_docs::inline_builder_links(client))),
    },
    Pass {
        name: "redirects",
        stage: Stage::WithModel,
        file: File::Client,
        expects: "for each operation that documents a 3XX answer, its `send` (found by its \
                  `OperationInfo`) with a status `match` whose 2XX arm decodes the body",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, context| {
            let model = context.model.ok_or_else(|| {
                Located::whole("internal error: the pass `redirects` ran before the model")
            })?;
            Ok(redirects::decode_documented_redirects(client, model))
        }),
    },
    Pass {
        name: "parameter_styles",
        stage: Stage::WithModel,
        file: File::Client,
        expects: "for each path, header or cookie parameter the model gives a style (a list, \
                  an object, JSON content, a `label` or `matrix` path), `name.to_string()` (or \
                  `value.to_string()` in `if let Some(value) = name`) in its operation's `send`",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, context| {
            let model = context.model.ok_or_else(|| {
                Located::whole("internal error: the pass `parameter_styles` ran before the model")
            })?;
            Ok(parameter_styles::write_styled_parameters(client, model))
        }),
    },
    Pass {
        name: "builder_plumbing",
        stage: Stage::WithModel,
        file: File::Client,
        expects: "each request builder's setters (`value.try_into()` under a `TryInto` bound) \
                  and its `send`'s hook sequence (`let info = OperationInfo { … }` to \
                  `let response = result?;`)",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| Ok(builder_plumbing::share_builder_plumbing(client))),
    },
    Pass {
        name: "string_enums::definitions",
        stage: Stage::Gated,
        file: File::Types,
        expects: "each `string_enum!` call beside the enum it stands for, a unit variant a \
                  string, with typify's derives",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|types, context| {
            Ok(match context.string_enum_macro {
                true => string_enums::define_string_enums_in_calls(types),
                false => Vec::new(),
            })
        }),
    },
    Pass {
        name: "newtypes",
        stage: Stage::Gated,
        file: File::Types,
        expects: "one-field tuple structs followed by typify's `Deref` and `From` impls",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|types, context| {
            let (replaced, unrecognised) = newtypes::share_newtype_conversions(types);
            context.newtype_macro = replaced;
            Ok(unrecognised)
        }),
    },
    Pass {
        name: "prelude_paths",
        stage: Stage::Gated,
        file: File::Types,
        expects: "`::std::…` paths to names the prelude has",
        loud: Loudness::NoNotion(
            "it shortens the paths it finds; a path it does not know stays correct",
        ),
        rewrite: Rewrite::Tree(|types, _| {
            prelude_paths::shorten_prelude_paths(types);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "objects",
        stage: Stage::Gated,
        file: File::Types,
        expects: "model structs whose `Option` fields carry typify's serde marks \
                  (`skip_serializing_if = \"Option::is_none\"` or \
                  `deserialize_with = \"Option::deserialize\"`, one a field)",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|types, context| {
            let (replaced, unrecognised) = objects::tabulate_objects(types);
            context.object_macro = replaced;
            Ok(unrecognised)
        }),
    },
    Pass {
        name: "request_builders",
        stage: Stage::Gated,
        file: File::Client,
        expects: "each builder's struct, `new` and setters as `builder_plumbing` left them; \
                  left on purpose: a builder holding a body of bytes, or a parameter whose \
                  name is a raw identifier, `client` or `new`",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, context| {
            let (replaced, unrecognised) = request_builders::tabulate_request_builders(client);
            context.request_builder_macro = replaced;
            Ok(unrecognised)
        }),
    },
    Pass {
        name: "operation_urls",
        stage: Stage::Gated,
        file: File::Client,
        expects: "`let url = format!(\"{}/path\", client.baseurl, …);` in each builder's `send` \
                  (`_url` and `_client` where a parameter takes the name)",
        loud: Loudness::Loud,
        rewrite: Rewrite::Tree(|client, _| Ok(operation_urls::parse_paths_only(client))),
    },
    Pass {
        name: "prelude_paths",
        stage: Stage::Gated,
        file: File::Client,
        expects: "`::std::…` paths to names the prelude has",
        loud: Loudness::NoNotion(
            "it shortens the paths it finds; a path it does not know stays correct",
        ),
        rewrite: Rewrite::Tree(|client, _| {
            prelude_paths::shorten_prelude_paths(client);
            Ok(Vec::new())
        }),
    },
    Pass {
        name: "string_enums::layout",
        stage: Stage::Printed,
        file: File::Types,
        expects: "`string_enum!` calls as prettyplease prints them",
        loud: Loudness::NoNotion("it lays out this generator's own `string_enum!` calls"),
        rewrite: Rewrite::Text(|types, context| {
            if context.string_enum_macro {
                string_enums::layout_string_enum_calls(types)
            } else {
                types.to_string()
            }
        }),
    },
    Pass {
        name: "serde_derives::one_line",
        stage: Stage::Printed,
        file: File::Types,
        expects: "derive lists prettyplease broke over several lines",
        loud: Loudness::NoNotion(
            "it joins derive lists prettyplease broke; any other text is not its kind",
        ),
        rewrite: Rewrite::Text(|types, _| serde_derives::one_line_derives(types)),
    },
    Pass {
        name: "newtypes::layout",
        stage: Stage::Printed,
        file: File::Types,
        expects: "`newtype!` calls as prettyplease prints them",
        loud: Loudness::NoNotion("it lays out this generator's own `newtype!` calls"),
        rewrite: Rewrite::Text(|types, context| {
            if context.newtype_macro {
                newtypes::with_newtype_macro(&newtypes::layout_newtype_calls(types))
            } else {
                types.to_string()
            }
        }),
    },
    Pass {
        name: "string_enums::macro",
        stage: Stage::Printed,
        file: File::Types,
        expects: "a file that calls `string_enum!`",
        loud: Loudness::NoNotion("it adds the macro's definition to a file that calls it"),
        rewrite: Rewrite::Text(|types, context| {
            if context.string_enum_macro {
                string_enums::with_string_enum_macro(types)
            } else {
                types.to_string()
            }
        }),
    },
    Pass {
        name: "objects::layout",
        stage: Stage::Printed,
        file: File::Types,
        expects: "`object!` calls as prettyplease prints them",
        loud: Loudness::NoNotion("it lays out this generator's own `object!` calls"),
        rewrite: Rewrite::Text(|types, context| {
            if context.object_macro {
                objects::with_object_macro(&objects::layout_object_calls(types))
            } else {
                types.to_string()
            }
        }),
    },
    Pass {
        name: "request_builders::macro",
        stage: Stage::Printed,
        file: File::Client,
        expects: "`request_builder!` calls as prettyplease prints them",
        loud: Loudness::NoNotion("it lays out this generator's own `request_builder!` calls"),
        rewrite: Rewrite::Text(|client, context| {
            if context.request_builder_macro {
                request_builders::with_request_builder_macro(client)
            } else {
                client.to_string()
            }
        }),
    },
];

/// Runs the passes of `stage` over both files.
pub fn run_on_both(
    stage: Stage,
    types: &mut syn::File,
    client: &mut syn::File,
    context: &mut Context<'_>,
) -> StageResult<()> {
    for pass in PASSES.iter().filter(|pass| pass.stage == stage) {
        apply(pass, Some(&mut *types), Some(&mut *client), context)?;
    }
    Ok(())
}

/// Runs the passes of `stage` that rewrite `file`'s syntax tree.
pub fn run_on_tree(
    stage: Stage,
    file: File,
    tree: &mut syn::File,
    context: &mut Context<'_>,
) -> StageResult<()> {
    for pass in PASSES.iter().filter(|pass| pass.stage == stage) {
        match (pass.rewrite, file) {
            (Rewrite::Tree(_), _) if pass.file != file => {}
            (Rewrite::Tree(_), File::Types) => apply(pass, Some(&mut *tree), None, context)?,
            (Rewrite::Tree(_), _) => apply(pass, None, Some(&mut *tree), context)?,
            (Rewrite::Trees(_) | Rewrite::Text(_), _) => return Err(misplaced(pass)),
        }
    }
    Ok(())
}

/// Runs one tree pass over the file (or files) it rewrites, reports what it did not recognise
/// and, in strict mode, fails at the first report.
fn apply(
    pass: &Pass,
    types: Option<&mut syn::File>,
    client: Option<&mut syn::File>,
    context: &mut Context<'_>,
) -> StageResult<()> {
    let unrecognised = match (pass.rewrite, pass.file, types, client) {
        (Rewrite::Trees(rewrite), File::Both, Some(types), Some(client)) => {
            rewrite(types, client, context)?
        }
        (Rewrite::Tree(rewrite), File::Types, Some(types), _) => rewrite(types, context)?,
        (Rewrite::Tree(rewrite), File::Client, _, Some(client)) => rewrite(client, context)?,
        _ => return Err(misplaced(pass)),
    };
    context.report(pass, unrecognised);
    context.check()
}

/// Runs the passes of `stage` that rewrite `file`'s text.
pub fn run_on_text(stage: Stage, file: File, text: String, context: &mut Context<'_>) -> String {
    PASSES
        .iter()
        .filter(|pass| pass.stage == stage && pass.file == file)
        .fold(text, |text, pass| match pass.rewrite {
            Rewrite::Text(rewrite) => rewrite(&text, context),
            Rewrite::Tree(_) | Rewrite::Trees(_) => text,
        })
}

fn misplaced(pass: &Pass) -> Located {
    Located::whole(format!(
        "internal error: the pass `{}` does not fit its stage {:?}",
        pass.name, pass.stage
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_stage_order_and_each_stage_takes_its_kind_of_rewrite() {
        for pair in PASSES.windows(2) {
            assert!(
                pair[0].stage <= pair[1].stage,
                "{} after {}",
                pair[1].name,
                pair[0].name
            );
        }
        for pass in PASSES {
            let fits = match pass.rewrite {
                Rewrite::Trees(_) => pass.stage == Stage::AsWritten && pass.file == File::Both,
                Rewrite::Tree(_) => pass.stage != Stage::Printed && pass.file != File::Both,
                Rewrite::Text(_) => pass.stage == Stage::Printed && pass.file != File::Both,
            };
            assert!(fits, "{} does not fit {:?}", pass.name, pass.stage);
            assert!(
                !pass.expects.is_empty(),
                "{} says what it expects",
                pass.name
            );
        }
    }

    /// progenitor writes a builder's URL in another shape (as an upgrade might): the pass
    /// leaves it, and says where, as an error in strict mode.
    #[test]
    fn a_loud_pass_fails_in_strict_mode_on_a_shape_it_does_not_know() {
        let progenitor = |url: syn::Stmt| -> syn::File {
            syn::parse_quote! {
                pub mod builder {
                    impl<'a> GetDisk<'a> {
                        pub async fn send(self) -> ApiResult<types::Disk, types::GetDiskError> {
                            let (client, id) = self.parameters()?;
                            #url
                            todo!()
                        }
                    }
                }
            }
        };
        let as_written: syn::Stmt =
            syn::parse_quote!(let url = format!("{}/disks/{id}", client.baseurl););
        // A base URL reached another way.
        let changed: syn::Stmt =
            syn::parse_quote!(let url = format!("{}/disks/{id}", self.client.baseurl););
        for strict in [true, false] {
            let mut file = progenitor(as_written.clone());
            let mut context = Context::new(false, strict);
            run_on_tree(Stage::Gated, File::Client, &mut file, &mut context)
                .expect("the known shape is rewritten");
            assert!(context.into_findings().is_empty());
        }
        let mut file = progenitor(changed.clone());
        let mut strict = Context::new(false, true);
        let err = run_on_tree(Stage::Gated, File::Client, &mut file, &mut strict)
            .expect_err("strict mode fails");
        assert!(
            err.message.contains("`operation_urls`")
                && err.message.contains("builder::GetDisk<'a>::send")
                && err.message.contains("--strict-passes"),
            "{}",
            err.message
        );
        let mut file = progenitor(changed);
        let mut lenient = Context::new(false, false);
        run_on_tree(Stage::Gated, File::Client, &mut file, &mut lenient).expect("a warning only");
        let warnings = lenient.into_findings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("builder::GetDisk<'a>::send"));
    }
}

/// Every loud pass, fed its kind of code in a shape it does not know (as a progenitor upgrade
/// might write it): a located error in strict mode, a warning otherwise, and the code left as
/// it was.
#[cfg(test)]
mod changed_shapes {
    use super::*;
    use crate::generate::model;
    use crate::generate::normalise::normalise;
    use crate::generate::progenitor::run::generate_client;
    use crate::spec::load_spec;

    /// A loud pass's input in a shape it does not know, and the item the report must name.
    struct Changed {
        pass: &'static str,
        types: syn::File,
        client: syn::File,
        names: &'static str,
    }

    fn empty() -> syn::File {
        syn::parse_quote!()
    }

    /// One row per loud pass but three: `client_fixes::tls_provider_in_new` fails whatever the
    /// mode (a client without `new` cannot be fixed), and `redirects` and `parameter_styles`
    /// need an operation model ([`redirects_fail_loudly_on_a_status_match_they_do_not_know`],
    /// [`parameter_styles_fail_loudly_on_a_parameter_written_otherwise`]).
    fn table() -> Vec<Changed> {
        vec![
            Changed {
                pass: "client_fixes::default_functions",
                types: syn::parse_quote! {
                    pub mod defaults {
                        pub fn repository_visibility() -> String { "public".into() }
                        pub fn repository_visibility() -> String { "private".into() }
                    }
                },
                client: empty(),
                names: "`defaults::repository_visibility`",
            },
            Changed {
                pass: "client_fixes::methods_without_shorthand",
                types: empty(),
                client: syn::parse_quote! {
                    impl<'a> GetDisk<'a> {
                        pub async fn send(self) {
                            let request = client.inner.options(url).build()?;
                        }
                    }
                },
                names: "`send`",
            },
            Changed {
                pass: "client_fixes::api_version_header",
                types: empty(),
                client: syn::parse_quote! {
                    impl<'a> GetDisk<'a> {
                        pub async fn send(self) {
                            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                            header_map.insert(
                                ::reqwest::header::HeaderName::from_static("api-version"),
                                ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                            );
                        }
                    }
                },
                names: "`send`",
            },
            Changed {
                pass: "struct_builders",
                types: syn::parse_quote! {
                    pub struct Req { pub name: String }
                    pub mod builder { pub struct Req { name: Result<String, String> } }
                },
                client: syn::parse_quote! {
                    pub mod builder {
                        pub struct CreateThing<'a> {
                            client: &'a super::Client,
                            body: Result<types::builder::Req, String>,
                        }
                        impl<'a> CreateThing<'a> {
                            pub fn new(client: &'a super::Client) -> Self {
                                Self { client: client, body: Ok(types::builder::Req::new()) }
                            }
                            pub fn body<V>(mut self, value: V) -> Self
                            where V: std::convert::TryInto<types::Req> {
                                self.body = value.try_into().map(Into::into).map_err(|s| format!("{}", s));
                                self
                            }
                        }
                    }
                },
                names: "`builder::CreateThing<'a>`",
            },
            Changed {
                pass: "string_enums",
                types: syn::parse_quote! {
                    pub enum Direction { Asc, Desc }
                    impl ::std::fmt::Display for Direction {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            match *self {
                                Self::Asc => f.write_str("asc"),
                                Self::Desc => f.write_str("desc"),
                            }
                        }
                    }
                    impl ::std::str::FromStr for Direction {
                        type Err = self::error::ConversionError;
                        fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                            value.parse_direction()
                        }
                    }
                },
                client: empty(),
                names: "`impl Display for Direction`",
            },
            Changed {
                pass: "method_docs::usage_examples",
                types: empty(),
                client: syn::parse_quote! {
                    impl Client {
                        #[doc = "Sends a `GET` request\n\n```ignore\nlet response = client.get_disk()\n    .id(id)\n    .send_now()\n    .await;\n```"]
                        pub fn get_disk(&self) -> builder::GetDisk<'_> { builder::GetDisk::new(self) }
                    }
                },
                names: "`Client::get_disk`",
            },
            Changed {
                pass: "method_docs::builder_links",
                types: empty(),
                client: syn::parse_quote! {
                    pub mod builder {
                        #[doc = "Builder for [`Client::get_disk`] (see super::Client::get_disk)"]
                        pub struct GetDisk<'a> { client: &'a super::Client }
                    }
                },
                names: "`builder::GetDisk`",
            },
            Changed {
                pass: "builder_plumbing",
                types: empty(),
                client: syn::parse_quote! {
                    pub mod builder {
                        impl<'a> GetDisk<'a> {
                            pub fn id<V>(mut self, value: V) -> Self
                            where V: std::convert::TryInto<u64>, {
                                self.id = value.try_into().map_err(|_| "conversion to `u64` for id failed".to_string()).map(Some);
                                self
                            }
                        }
                    }
                },
                names: "`builder::GetDisk<'a>::id`",
            },
            Changed {
                pass: "string_enums::definitions",
                types: syn::parse_quote! {
                    #[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd, Deserialize, Serialize)]
                    pub enum Direction { Asc, Desc }
                    string_enum!(Direction { Asc => "asc", Desc => "desc" });
                },
                client: empty(),
                names: "`Direction`",
            },
            Changed {
                pass: "newtypes",
                types: syn::parse_quote! {
                    pub struct Name(pub String);
                    impl ::std::ops::Deref for Name {
                        type Target = String;
                        fn deref(&self) -> &String { self.0.as_ref() }
                    }
                },
                client: empty(),
                names: "`Name`",
            },
            Changed {
                pass: "objects",
                types: syn::parse_quote! {
                    pub struct App {
                        #[serde(skip_serializing_if = "Option::is_none_or_empty")]
                        pub a: Option<String>,
                        #[serde(skip_serializing_if = "Option::is_none")]
                        pub b: Option<String>,
                    }
                },
                client: empty(),
                names: "`App::a`",
            },
            Changed {
                pass: "request_builders",
                types: empty(),
                client: syn::parse_quote! {
                    pub mod builder {
                        #[derive(Debug, Clone)]
                        pub struct GetDisk<'a> {
                            client: &'a super::Client,
                            id: Result<u64, String>,
                        }
                        impl<'a> GetDisk<'a> {
                            pub fn new(client: &'a super::Client) -> Self {
                                Self { client, id: Err("id was not initialized".to_string()) }
                            }
                        }
                    }
                },
                names: "`builder::GetDisk`",
            },
            Changed {
                pass: "operation_urls",
                types: empty(),
                client: syn::parse_quote! {
                    pub mod builder {
                        impl<'a> GetDisk<'a> {
                            pub async fn send(self) {
                                let url = format!("{}/disks/{id}", self.client.baseurl);
                            }
                        }
                    }
                },
                names: "`builder::GetDisk<'a>::send`",
            },
        ]
    }

    fn pass(name: &str) -> &'static Pass {
        (PASSES.iter())
            .find(|pass| pass.name == name)
            .unwrap_or_else(|| panic!("no pass `{name}`"))
    }

    /// The pass's report in strict mode (an error), and its warnings otherwise.
    fn run(
        pass: &Pass,
        types: &syn::File,
        client: &syn::File,
        model: Option<&Model>,
    ) -> (Located, Vec<Located>) {
        let mut context = Context::new(false, true);
        context.string_enum_macro = true;
        context.model = model;
        let (mut strict_types, mut strict_client) = (types.clone(), client.clone());
        let err = apply(
            pass,
            Some(&mut strict_types),
            Some(&mut strict_client),
            &mut context,
        )
        .expect_err("strict mode fails");
        let mut context = Context::new(false, false);
        context.string_enum_macro = true;
        context.model = model;
        let (mut lenient_types, mut lenient_client) = (types.clone(), client.clone());
        apply(
            pass,
            Some(&mut lenient_types),
            Some(&mut lenient_client),
            &mut context,
        )
        .expect("only a warning when not strict");
        (err, context.into_findings())
    }

    #[test]
    fn every_loud_pass_fails_in_strict_mode_on_a_shape_it_does_not_know() {
        let table = table();
        for pass in PASSES.iter().filter(|pass| pass.loud == Loudness::Loud) {
            let tested = [
                "client_fixes::tls_provider_in_new",
                "redirects",
                "parameter_styles",
            ]
            .contains(&pass.name)
                || table.iter().any(|row| row.pass == pass.name);
            assert!(tested, "no changed shape for the loud pass `{}`", pass.name);
        }
        for Changed {
            pass: name,
            types,
            client,
            names,
        } in table
        {
            let pass = pass(name);
            assert_eq!(pass.loud, Loudness::Loud, "{name}");
            let (err, warnings) = run(pass, &types, &client, None);
            assert!(
                err.message.contains(&format!("the pass `{name}`"))
                    && err.message.contains(names)
                    && err.message.ends_with("[--strict-passes]"),
                "{name}: {}",
                err.message
            );
            assert_eq!(warnings.len(), 1, "{name}: {warnings:?}");
            assert!(warnings[0].message.contains(names), "{name}: {warnings:?}");
        }
    }

    /// The responses sample documents a 303, a 302 and a 304; its client, as progenitor wrote
    /// it, decodes its 2XX answers with `ResponseValue::from_response`. Written another way,
    /// the redirections cannot get their arms: the pass says which.
    #[test]
    fn redirects_fail_loudly_on_a_status_match_they_do_not_know() {
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/samples/responses.yaml");
        let spec = load_spec(&sample).expect("the sample loads");
        let mut normalised = normalise(spec.document).expect("the sample normalises");
        let code = generate_client(&mut normalised).expect("progenitor runs");
        let model = model::build(&normalised, code.generator.get_type_space()).expect("a model");
        let documented: usize = (model.operations.iter())
            .filter(|operation| !operation.redirects().is_empty())
            .count();
        assert!(documented >= 2, "{documented}");
        let redirects = pass("redirects");
        // As written, every one is decoded.
        let mut context = Context::new(false, true);
        context.model = Some(&model);
        let mut client = code.client.clone();
        apply(redirects, None, Some(&mut client), &mut context).expect("the known shape");
        // Another way to decode a body.
        struct OtherDecoding;
        impl syn::visit_mut::VisitMut for OtherDecoding {
            fn visit_ident_mut(&mut self, ident: &mut proc_macro2::Ident) {
                if ident == "from_response" {
                    *ident = proc_macro2::Ident::new("decode", ident.span());
                }
            }
        }
        let mut changed = code.client.clone();
        syn::visit_mut::VisitMut::visit_file_mut(&mut OtherDecoding, &mut changed);
        let (err, warnings) = run(redirects, &empty(), &changed, Some(&model));
        assert!(
            err.message.contains("the pass `redirects`")
                && err.message.contains("the `send` of `")
                && err.message.ends_with("[--strict-passes]"),
            "{}",
            err.message
        );
        assert_eq!(warnings.len(), documented, "{warnings:?}");
    }

    /// The parameters sample has lists and objects in a path, headers and cookies, which
    /// progenitor writes with `to_string()`, and JSON content in the query, which it gives to
    /// `QueryParam::new`. Written another way, none can be given its style: the pass names
    /// each.
    #[test]
    fn parameter_styles_fail_loudly_on_a_parameter_written_otherwise() {
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/samples/parameters.yaml");
        let spec = load_spec(&sample).expect("the sample loads");
        let mut normalised = normalise(spec.document).expect("the sample normalises");
        let code = generate_client(&mut normalised).expect("progenitor runs");
        let model = model::build(&normalised, code.generator.get_type_space()).expect("a model");
        let styled: usize = (model.operations.iter())
            .flat_map(|operation| &operation.parameters)
            .filter(|parameter| parameter.style.is_some())
            .count();
        assert!(styled >= 10, "{styled}");
        let styles = pass("parameter_styles");
        let mut context = Context::new(false, true);
        context.model = Some(&model);
        let mut client = code.client.clone();
        apply(styles, None, Some(&mut client), &mut context).expect("the known shape");
        // Another way to write a value as text.
        struct OtherText;
        impl syn::visit_mut::VisitMut for OtherText {
            fn visit_ident_mut(&mut self, ident: &mut proc_macro2::Ident) {
                if ident == "to_string" {
                    *ident = proc_macro2::Ident::new("to_text", ident.span());
                } else if ident == "QueryParam" {
                    *ident = proc_macro2::Ident::new("QueryPair", ident.span());
                }
            }
            fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
                let text = mac.tokens.to_string().replace("to_string", "to_text");
                mac.tokens = text.parse().expect("tokens");
            }
        }
        let mut changed = code.client.clone();
        syn::visit_mut::VisitMut::visit_file_mut(&mut OtherText, &mut changed);
        let (err, warnings) = run(styles, &empty(), &changed, Some(&model));
        assert!(
            err.message.contains("the pass `parameter_styles`")
                && err.message.contains("the `send` of `get_")
                && err.message.ends_with("[--strict-passes]"),
            "{}",
            err.message
        );
        assert_eq!(warnings.len(), styled, "{warnings:?}");
    }
}
