//! Request builders as a table. Every operation's builder is the same struct, `new` and
//! setters, varying only in its parameters: each one's name, type and whether it is required,
//! optional or a body whose conversion error is explained. Where a builder is exactly that
//! (after [`super::builder_plumbing`]), its struct, `new` and setters become one
//! `request_builder!` call listing the parameters, and the macro (`templates/request_builder.rs`)
//! is written once at the top of `client.rs`. `send` stays beside the call and begins with the
//! macro's `parameters()` instead of a check a parameter. The builder's API is the same.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::builder_plumbing::{Setter, generic_arguments, shared_setter};
use super::operation_urls::progenitor_url;
use super::same_tokens::same_tokens;
use super::shapes::request_builder_items;
use crate::generate::render::macro_layout::{
    MAX_WIDTH, attribute_lines, filled_lines, layout_macro_calls_with, type_on_one_line,
};
use crate::generate::render::templates::REQUEST_BUILDER_MACRO;
use crate::generate::render::templates::with_macro_definition;

/// The setters the macro writes (of a generic `V`, as progenitor names it), each with its
/// `$kind`.
const KINDS: [(Setter, &str); 4] = [
    (Setter::Required, "required"),
    (Setter::Optional, "optional"),
    (Setter::Explained, "explained"),
    (Setter::Text, "text"),
];

/// Replaces each request builder of `client`'s `builder` module that is exactly what the
/// macro writes by a `request_builder!` call; whether it replaced any (and `client.rs` needs
/// the macro), and the builders it left that it does not leave on purpose ([`left_on_purpose`]).
/// Runs after the items are gated: the call keeps the struct's `cfg`.
pub fn tabulate_request_builders(client: &mut syn::File) -> (bool, Vec<String>) {
    let Some(items) = request_builder_items(client) else {
        return (false, Vec::new());
    };
    let mut replaced = false;
    let mut unrecognised = Vec::new();
    let mut index = 0;
    while index + 1 < items.len() {
        let (syn::Item::Struct(definition), syn::Item::Impl(block)) =
            (&items[index], &items[index + 1])
        else {
            index += 1;
            continue;
        };
        let Some((call, rest)) = tabulated(definition, block) else {
            if !left_on_purpose(definition) {
                unrecognised.push(format!(
                    "client.rs, `builder::{}`: the builder's struct, `new` or setters are not \
                     as `builder_plumbing` leaves them, left as they are",
                    definition.ident
                ));
            }
            index += 1;
            continue;
        };
        items[index] = call;
        match rest {
            Some(rest) => {
                items[index + 1] = syn::Item::Impl(rest);
                index += 2;
            }
            None => {
                items.remove(index + 1);
                index += 1;
            }
        }
        replaced = true;
    }
    (replaced, unrecognised)
}

/// Whether a builder the macro cannot write is one it leaves on purpose: it holds a body of
/// bytes (a `reqwest::Body` that is not text cannot be cloned) or a typify builder (the spec
/// keeps them), a parameter's name is a raw identifier (`stringify!` would keep its `r#`), a
/// parameter takes the name `client` (progenitor then names its own field `_client`), or the
/// name `new` (progenitor writes its setter beside the constructor of that name: Salesloft's
/// `GetV2PeopleJson`).
fn left_on_purpose(definition: &syn::ItemStruct) -> bool {
    (definition.fields.iter()).any(|field| {
        let ty = field.ty.to_token_stream().to_string();
        let name = field.ident.as_ref().map(ToString::to_string);
        ty.contains("reqwest :: Body")
            || ty.contains("builder ::")
            || name.is_some_and(|name| {
                name.starts_with("r#")
                    || name == "new"
                    || (name != "client" && name.trim_start_matches('_') == "client")
            })
    })
}

/// `client.rs` (formatted) with each `request_builder!` call laid out and the macro's
/// definition after its inner attributes.
pub fn with_request_builder_macro(client: &str) -> String {
    let laid_out = layout_macro_calls_with(client, "request_builder", |indent, arguments| {
        let call: RequestBuilderCall = syn::parse_str(arguments).ok()?;
        call.laid_out(indent)
    });
    let laid_out = filled_parameter_tuples(&laid_out);
    with_macro_definition(&laid_out, REQUEST_BUILDER_MACRO)
}

/// `send`'s first statement, `let (client, a, b, …) = self.parameters()?;`, which prettyplease
/// writes a name a line once it is too long for one, with the names filled into lines
/// instead, as the struct's fields in the call above are listed.
fn filled_parameter_tuples(client: &str) -> String {
    const END: &str = ") = self.parameters()?;";
    let lines: Vec<&str> = client.lines().collect();
    let mut out = String::with_capacity(client.len());
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        let names_end = (line.trim_start() == "let (")
            .then(|| {
                (at + 1..lines.len())
                    .take_while(|&next| {
                        let name = lines[next].trim();
                        name == END.trim_end()
                            || (name.ends_with(',')
                                && name[..name.len() - 1]
                                    .chars()
                                    .all(|c| c.is_alphanumeric() || c == '_'))
                    })
                    .find(|&next| lines[next].trim() == END)
            })
            .flatten();
        let Some(end) = names_end else {
            out.push_str(line);
            out.push('\n');
            at += 1;
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let names: Vec<&str> = lines[at + 1..end].iter().map(|name| name.trim()).collect();
        let joined = names.join(" ");
        let one_line = format!("{indent}let ({}{END}", joined.trim_end_matches(','));
        if one_line.len() <= MAX_WIDTH {
            out.push_str(&one_line);
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
            out.push_str(&filled_lines(&format!("{indent}    "), names));
            out.push_str(&format!("{indent}{END}\n"));
        }
        at = end + 1;
    }
    out
}

/// The call replacing `definition` and the first part of `block`, and what is left of the
/// impl (`send`), if they are exactly what the macro writes.
fn tabulated(
    definition: &syn::ItemStruct,
    block: &syn::ItemImpl,
) -> Option<(syn::Item, Option<syn::ItemImpl>)> {
    let name = &definition.ident;
    let expected_impl_type: syn::Type = syn::parse_quote!(#name<'a>);
    if block.trait_.is_some()
        || block.self_ty.to_token_stream().to_string()
            != expected_impl_type.to_token_stream().to_string()
    {
        return None;
    }
    let syn::Fields::Named(fields) = &definition.fields else {
        return None;
    };
    let mut fields = fields.named.iter();
    let client = fields.next()?;
    let expected_client: syn::Field = syn::parse_quote!(client: &'a super::Client);
    if !same_tokens(client.to_token_stream(), expected_client.to_token_stream()) {
        return None;
    }
    let mut parameters = Vec::new();
    for field in fields {
        let ident = field.ident.clone()?;
        // `stringify!` would name a raw identifier with its `r#`.
        if ident.to_string().starts_with("r#") || !matches!(field.vis, syn::Visibility::Inherited) {
            return None;
        }
        parameters.push((ident, field.ty.clone()));
    }
    let mut table: Vec<(syn::Ident, Setter, syn::Type)> = Vec::new();
    let mut replaced: Vec<usize> = Vec::new();
    let find = |name: &str| {
        block.items.iter().position(
            |item| matches!(item, syn::ImplItem::Fn(function) if function.sig.ident == name),
        )
    };
    for (ident, field_type) in &parameters {
        let position = find(&ident.to_string())?;
        let syn::ImplItem::Fn(setter) = &block.items[position] else {
            return None;
        };
        let (kind, ty) = KINDS.into_iter().find_map(|(kind, _)| {
            let ty = value_type(kind, field_type)?;
            let generic = format_ident!("V");
            same(setter, &shared_setter(kind, ident, &ty, &generic)).then_some((kind, ty))
        })?;
        table.push((ident.clone(), kind, ty));
        replaced.push(position);
    }
    let new = find("new")?;
    let syn::ImplItem::Fn(constructor) = &block.items[new] else {
        return None;
    };
    if !same(constructor, &expected_new(&table)) {
        return None;
    }
    replaced.push(new);

    let (cfgs, mut attrs): (Vec<&syn::Attribute>, Vec<&syn::Attribute>) =
        (definition.attrs.iter()).partition(|attribute| attribute.path().is_ident("cfg"));
    // The macro derives what progenitor derives for every builder, and `Clone` for one with a
    // text body too: it holds the text, where progenitor holds a `reqwest::Body`.
    let text_body = table.iter().any(|(_, setter, _)| *setter == Setter::Text);
    let derives: Vec<syn::Attribute> = if text_body {
        vec![
            syn::parse_quote!(#[derive(Debug, Clone)]),
            syn::parse_quote!(#[derive(Debug)]),
        ]
    } else {
        vec![syn::parse_quote!(#[derive(Debug, Clone)])]
    };
    let derived = attrs.iter().position(|attribute| {
        (derives.iter())
            .any(|derive| same_tokens(attribute.to_token_stream(), derive.to_token_stream()))
    })?;
    attrs.remove(derived);
    // Any other field that is a `reqwest::Body` (a raw body) cannot be cloned.
    let body: syn::Type = syn::parse_quote!(reqwest::Body);
    if (table.iter()).any(|(_, setter, ty)| {
        *setter != Setter::Text
            && ty
                .to_token_stream()
                .to_string()
                .contains(&body.to_token_stream().to_string())
    }) {
        return None;
    }
    if !matches!(definition.vis, syn::Visibility::Public(_)) {
        return None;
    }
    let mut rest = block.clone();
    rest.items = (block.items.iter().enumerate())
        .filter(|(position, _)| !replaced.contains(position))
        .map(|(_, item)| item.clone())
        .collect();
    // `send` takes the parameters with the method the macro writes (the builder has none
    // without parameters).
    let mut encoded = Vec::new();
    if !table.is_empty() {
        let send = rest.items.iter_mut().find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "send" => Some(function),
            _ => None,
        })?;
        take_parameters(send, &table)?;
        encoded = path_from_encoded_parameters(send, &table);
    }
    let rows = table.iter().map(|(ident, setter, ty)| {
        let kind = if encoded.contains(ident) {
            format_ident!("path")
        } else {
            kind_ident(*setter)
        };
        quote!(#ident: #kind #ty)
    });
    let call: syn::Item = syn::parse_quote! {
        #(#cfgs)*
        request_builder!(#(#attrs)* #name { #(#rows),* });
    };
    Some((call, (!rest.items.is_empty()).then_some(rest)))
}

/// Replaces the statements progenitor's `send` begins with (the builder taken apart, then a
/// `map_err` a parameter) by one call of the macro's `parameters`; `None` if `send` does not
/// begin with exactly those.
fn take_parameters(
    send: &mut syn::ImplItemFn,
    table: &[(syn::Ident, Setter, syn::Type)],
) -> Option<()> {
    let names: Vec<&syn::Ident> = table.iter().map(|(ident, _, _)| ident).collect();
    let mut expected: Vec<syn::Stmt> =
        vec![syn::parse_quote!(let Self { client, #(#names,)* } = self;)];
    expected.extend(
        names
            .iter()
            .map(|name| syn::parse_quote!(let #name = #name.map_err(Error::InvalidRequest)?;)),
    );
    let statements = &send.block.stmts;
    let found = statements.len() >= expected.len()
        && (statements.iter().zip(&expected)).all(|(found, expected)| {
            same_tokens(found.to_token_stream(), expected.to_token_stream())
        });
    if !found {
        return None;
    }
    let taken: syn::Stmt = syn::parse_quote!(let (client, #(#names),*) = self.parameters()?;);
    send.block.stmts.splice(..expected.len(), [taken]);
    Some(())
}

/// progenitor's URL, `format!("{}/disks/{}", client.baseurl, encode_path(&disk_id.to_string()),)`,
/// as `format!("{}/disks/{disk_id}", client.baseurl)`, each path parameter named in the path
/// where the spec has it: `send` takes them encoded, as the macro's `path` kind gives them.
/// The parameters so taken; none if the URL is written otherwise, or a parameter is used
/// elsewhere in `send` too.
fn path_from_encoded_parameters(
    send: &mut syn::ImplItemFn,
    table: &[(syn::Ident, Setter, syn::Type)],
) -> Vec<syn::Ident> {
    let Some((at, template, parameters)) =
        (send.block.stmts.iter().enumerate()).find_map(|(at, statement)| {
            let (template, parameters) = encoded_url(statement)?;
            Some((at, template, parameters))
        })
    else {
        return Vec::new();
    };
    let usable = parameters.iter().all(|parameter| {
        table
            .iter()
            .any(|(ident, setter, _)| ident == parameter && *setter == Setter::Required)
            && !parameter.to_string().starts_with("r#")
            // The first statement takes the parameters.
            && !(send.block.stmts.iter().enumerate())
                .any(|(other, statement)| other != 0 && other != at && mentions(statement, parameter))
    });
    let mut pieces = template.split("{}");
    let Some(mut path) = pieces.next().map(str::to_owned) else {
        return Vec::new();
    };
    // The base URL's placeholder first, then one per parameter, and no other braces.
    let placeholders = template.matches("{}").count();
    if !usable
        || placeholders != parameters.len() + 1
        || template.matches(['{', '}']).count() != 2 * placeholders
    {
        return Vec::new();
    }
    path.push_str("{}");
    path.push_str(pieces.next().unwrap_or_default());
    for (parameter, piece) in parameters.iter().zip(pieces) {
        path.push_str(&format!("{{{parameter}}}{piece}"));
    }
    send.block.stmts[at] = syn::parse_quote!(let url = format!(#path, client.baseurl););
    let mut encoded: Vec<syn::Ident> = Vec::new();
    for parameter in parameters {
        if !encoded.contains(&parameter) {
            encoded.push(parameter);
        }
    }
    encoded
}

/// The format string and path parameters of progenitor's `let url = format!(…);`, where each
/// parameter is `encode_path(&name.to_string())`.
fn encoded_url(statement: &syn::Stmt) -> Option<(String, Vec<syn::Ident>)> {
    let (template, arguments) = progenitor_url(statement)?;
    let parameters = arguments
        .into_iter()
        .map(|argument| {
            let syn::Expr::Call(call) = &argument else {
                return None;
            };
            let syn::Expr::Reference(reference) = call.args.first()? else {
                return None;
            };
            let syn::Expr::MethodCall(to_string) = &*reference.expr else {
                return None;
            };
            let syn::Expr::Path(receiver) = &*to_string.receiver else {
                return None;
            };
            let encoder: syn::Expr = syn::parse_quote!(encode_path);
            let plain = call.func.to_token_stream().to_string()
                == encoder.to_token_stream().to_string()
                && call.args.len() == 1
                && reference.mutability.is_none()
                && to_string.method == "to_string"
                && to_string.args.is_empty()
                && to_string.turbofish.is_none();
            plain.then(|| receiver.path.get_ident().cloned()).flatten()
        })
        .collect::<Option<Vec<_>>>()?;
    Some((template.value(), parameters))
}

/// Whether `statement` names `ident` anywhere (macro arguments included).
fn mentions(statement: &syn::Stmt, ident: &syn::Ident) -> bool {
    fn in_tokens(tokens: TokenStream, ident: &syn::Ident) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(found) => found == *ident,
            proc_macro2::TokenTree::Group(group) => in_tokens(group.stream(), ident),
            _ => false,
        })
    }
    in_tokens(statement.to_token_stream(), ident)
}

/// The type a setter of `kind` converts to, from its field's type (`Result<T, String>`, or
/// `Result<Option<T>, String>` for an optional one; a text body's is `String`).
fn value_type(kind: Setter, field_type: &syn::Type) -> Option<syn::Type> {
    let [inner, error] = generic_arguments(field_type, "Result")?;
    if error.to_token_stream().to_string() != "String" {
        return None;
    }
    match kind {
        Setter::Optional => generic_arguments(&inner, "Option").map(|[value]| value),
        // A text body is held as the request's body, set from a `String`.
        Setter::Text => {
            let body: syn::Type = syn::parse_quote!(reqwest::Body);
            same_tokens(inner.to_token_stream(), body.to_token_stream())
                .then(|| syn::parse_quote!(String))
        }
        _ => Some(inner),
    }
}

/// The macro's `$kind` for a setter it writes.
fn kind_ident(setter: Setter) -> syn::Ident {
    let (_, kind) = KINDS
        .into_iter()
        .find(|(kind, _)| *kind == setter)
        .expect("a setter the macro writes");
    format_ident!("{kind}")
}

/// Whether two functions are the same tokens, but for trailing commas (progenitor writes
/// `(mut self, value: V,)`).
fn same(found: &syn::ImplItemFn, expected: &syn::ImplItemFn) -> bool {
    let tokens = |function: &syn::ImplItemFn| {
        let mut function = function.clone();
        function.sig.inputs.pop_punct();
        if let Some(clause) = &mut function.sig.generics.where_clause {
            clause.predicates.pop_punct();
        }
        function.to_token_stream()
    };
    same_tokens(tokens(found), tokens(expected))
}

/// `new` as progenitor writes it for these parameters.
fn expected_new(table: &[(syn::Ident, Setter, syn::Type)]) -> syn::ImplItemFn {
    let fields = table.iter().map(|(ident, setter, _)| match setter {
        Setter::Optional => quote!(#ident: Ok(None),),
        _ => {
            let message = format!("{ident} was not initialized");
            quote!(#ident: Err(#message.to_string()),)
        }
    });
    syn::parse_quote! {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                #(#fields)*
            }
        }
    }
}

/// The arguments of a `request_builder!` call: the struct's attributes, its name, and a row
/// per parameter.
pub struct RequestBuilderCall {
    attrs: Vec<syn::Attribute>,
    /// The builder's name, which the call defines.
    pub name: syn::Ident,
    /// Each parameter's name, kind and type.
    pub rows: Vec<(syn::Ident, syn::Ident, syn::Type)>,
}

impl syn::parse::Parse for RequestBuilderCall {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let name = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut rows = Vec::new();
        while !content.is_empty() {
            let field = content.parse()?;
            content.parse::<syn::Token![:]>()?;
            let kind = content.parse()?;
            rows.push((field, kind, content.parse()?));
            if !content.is_empty() {
                content.parse::<syn::Token![,]>()?;
            }
        }
        Ok(Self { attrs, name, rows })
    }
}

impl ToTokens for RequestBuilderCall {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self { attrs, name, rows } = self;
        let rows = rows
            .iter()
            .map(|(field, kind, ty)| quote!(#field: #kind #ty));
        tokens.extend(quote!(#(#attrs)* #name { #(#rows),* }));
    }
}

impl RequestBuilderCall {
    /// The call as the struct would read: docs as `///` lines, an attribute a line, a
    /// parameter a line. `None` if a type does not fit on a line.
    fn laid_out(&self, indent: &str) -> Option<String> {
        let inner = format!("{indent}    ");
        let mut out = format!("{indent}request_builder!(\n");
        for attribute in &self.attrs {
            out.push_str(&attribute_lines(&inner, attribute));
        }
        if self.rows.is_empty() {
            out.push_str(&format!("{inner}{} {{}}\n", self.name));
        } else {
            out.push_str(&format!("{inner}{} {{\n", self.name));
            for (field, kind, ty) in &self.rows {
                let ty = type_on_one_line(ty)?;
                let row = format!("{inner}    {field}: {kind} {ty},");
                if row.len() > MAX_WIDTH {
                    return None;
                }
                out.push_str(&row);
                out.push('\n');
            }
            out.push_str(&format!("{inner}}}\n"));
        }
        out.push_str(&format!("{indent});\n"));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_module(items: TokenStream) -> syn::File {
        syn::parse_quote! {
            pub mod builder {
                use super::types;
                #items
            }
        }
    }

    fn tabulated_text(items: TokenStream) -> (bool, String) {
        let mut file = builder_module(items);
        let (replaced, _) = tabulate_request_builders(&mut file);
        (replaced, prettyplease::unparse(&file))
    }

    #[test]
    fn a_builder_becomes_a_table_and_send_stays() {
        let (replaced, text) = tabulated_text(quote! {
            #[cfg(feature = "disks")]
            ///Builder for [`Client::create_disk`]
            #[derive(Debug, Clone)]
            pub struct CreateDisk<'a> {
                client: &'a super::Client,
                name: Result<::std::string::String, String>,
                page: Result<Option<i64>, String>,
                body: Result<types::CreateDiskBody, String>,
            }
            #[cfg(feature = "disks")]
            impl<'a> CreateDisk<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self {
                        client: client,
                        name: Err("name was not initialized".to_string()),
                        page: Ok(None),
                        body: Err("body was not initialized".to_string()),
                    }
                }
                pub fn name<V: TryInto<::std::string::String>>(mut self, value: V,) -> Self {
                    self.name = convert(value, "name");
                    self
                }
                pub fn page<V: TryInto<i64>>(mut self, value: V,) -> Self {
                    self.page = convert(value, "page").map(Some);
                    self
                }
                pub fn body<V>(mut self, value: V) -> Self
                where
                    V: std::convert::TryInto<types::CreateDiskBody>,
                    <V as std::convert::TryInto<types::CreateDiskBody>>::Error: std::fmt::Display,
                {
                    self.body = convert_explained(value, "body");
                    self
                }
                pub async fn send(self) -> Result<(), Error<()>> {
                    let Self { client, name, page, body, } = self;
                    let name = name.map_err(Error::InvalidRequest)?;
                    let page = page.map_err(Error::InvalidRequest)?;
                    let body = body.map_err(Error::InvalidRequest)?;
                    Ok(())
                }
            }
        });
        assert!(replaced);
        let expected = builder_module(quote! {
            #[cfg(feature = "disks")]
            request_builder!(
                ///Builder for [`Client::create_disk`]
                CreateDisk {
                    name: required ::std::string::String,
                    page: optional i64,
                    body: explained types::CreateDiskBody
                }
            );
            #[cfg(feature = "disks")]
            impl<'a> CreateDisk<'a> {
                pub async fn send(self) -> Result<(), Error<()>> {
                    let (client, name, page, body) = self.parameters()?;
                    Ok(())
                }
            }
        });
        assert_eq!(text, prettyplease::unparse(&expected));
    }

    /// A builder for `GET /orgs/{org}/disks/{name}?page=`, as progenitor writes it once the
    /// plumbing is shared.
    fn disk_builder(url: TokenStream) -> TokenStream {
        quote! {
            ///Builder for [`Client::get_disk`]
            #[derive(Debug, Clone)]
            pub struct GetDisk<'a> {
                client: &'a super::Client,
                org: Result<::std::string::String, String>,
                name: Result<::std::string::String, String>,
                page: Result<Option<i64>, String>,
            }
            impl<'a> GetDisk<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self {
                        client: client,
                        org: Err("org was not initialized".to_string()),
                        name: Err("name was not initialized".to_string()),
                        page: Ok(None),
                    }
                }
                pub fn org<V: TryInto<::std::string::String>>(mut self, value: V,) -> Self {
                    self.org = convert(value, "org");
                    self
                }
                pub fn name<V: TryInto<::std::string::String>>(mut self, value: V,) -> Self {
                    self.name = convert(value, "name");
                    self
                }
                pub fn page<V: TryInto<i64>>(mut self, value: V,) -> Self {
                    self.page = convert(value, "page").map(Some);
                    self
                }
                pub async fn send(self) -> ApiResult<types::Disk> {
                    let Self { client, org, name, page, } = self;
                    let org = org.map_err(Error::InvalidRequest)?;
                    let name = name.map_err(Error::InvalidRequest)?;
                    let page = page.map_err(Error::InvalidRequest)?;
                    #url
                    let request = client.client.get(url).query(&QueryParam::new("page", &page)).build()?;
                    let response = client.exchange(request, "get_disk").await?;
                    answer(response, json(&[200]), json(&[])).await
                }
            }
        }
    }

    /// progenitor's URL for that builder.
    fn disk_url() -> TokenStream {
        quote! {
            let url = format!(
                "{}/orgs/{}/disks/{}",
                client.baseurl,
                encode_path(&org.to_string()),
                encode_path(&name.to_string()),
            );
        }
    }

    #[test]
    fn path_parameters_are_taken_encoded_and_named_in_the_path() {
        let (replaced, text) = tabulated_text(disk_builder(disk_url()));
        assert!(replaced);
        let text: String = text.split_whitespace().collect();
        assert!(
            text.contains("GetDisk{org:path::std::string::String,name:path::std::string::String,page:optionali64}"),
            "{text}"
        );
        assert!(
            text.contains(
                "let(client,org,name,page)=self.parameters()?;\
                 leturl=format!(\"{}/orgs/{org}/disks/{name}\",client.baseurl);"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_path_parameter_used_elsewhere_is_taken_as_set() {
        // `name` is read again after the URL: it must stay the value as set.
        let url = disk_url();
        let (replaced, text) = tabulated_text(disk_builder(quote! {
            #url
            let url = format!("{}?echo={}", url, name);
        }));
        assert!(replaced);
        let text: String = text.split_whitespace().collect();
        assert!(text.contains("org:required"), "{text}");
        assert!(text.contains("name:required"), "{text}");
        assert!(text.contains("encode_path(&name.to_string())"), "{text}");
    }

    #[test]
    fn a_builder_with_another_setter_stays() {
        let (replaced, text) = tabulated_text(quote! {
            pub struct CreateDisk<'a> {
                client: &'a super::Client,
                name: Result<::std::string::String, String>,
            }
            impl<'a> CreateDisk<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self {
                        client: client,
                        name: Err("name was not initialized".to_string()),
                    }
                }
                pub fn name<V: TryInto<::std::string::String>>(mut self, value: V) -> Self {
                    self.name = convert(value, "name").map(|name| name.to_lowercase());
                    self
                }
            }
        });
        assert!(!replaced, "{text}");
        assert!(text.contains("to_lowercase"));
    }

    /// Each of the template's setters, for a parameter `field` of type `Type`, is the setter
    /// the generator recognises (paths to the same items written alike).
    #[test]
    fn the_macro_writes_the_setters_it_replaces() {
        let same_paths = |tokens: String| {
            tokens
                .replace(":: std :: convert :: ", "")
                .replace("std :: convert :: ", "")
                .replace(":: std :: fmt :: ", "std :: fmt :: ")
        };
        // A text body's setter is the required one (the macro holds the text).
        let text_rule = "(@setter text $field:ident $ty:ty) => {\n        request_builder!(@setter required $field $ty);";
        assert!(REQUEST_BUILDER_MACRO.contains(text_rule));
        for (setter, kind) in KINDS
            .into_iter()
            .filter(|(setter, _)| *setter != Setter::Text)
        {
            let rule = format!("(@setter {kind} $field:ident $ty:ty) => {{");
            let start = REQUEST_BUILDER_MACRO.find(&rule).expect("a rule per kind") + rule.len();
            let body = &REQUEST_BUILDER_MACRO[start..];
            let body = &body[..body.find("\n    };").expect("the rule's end")];
            let expanded = body
                .replace("stringify!($field)", "\"field\"")
                .replace("$field", "field")
                .replace("$ty", "Type");
            let template: syn::ImplItemFn = syn::parse_str(&expanded).expect("a setter");
            let expected = shared_setter(
                setter,
                &format_ident!("field"),
                &syn::parse_quote!(Type),
                &format_ident!("V"),
            );
            assert_eq!(
                same_paths(template.to_token_stream().to_string()),
                same_paths(expected.to_token_stream().to_string()),
                "{kind}"
            );
        }
    }

    #[test]
    fn a_long_parameter_tuple_is_filled_into_lines() {
        let names: Vec<String> = (1..=14).map(|n| format!("parameter_{n}")).collect();
        let one_a_line: String = names
            .iter()
            .map(|name| format!("        {name},\n"))
            .collect();
        let client = format!(
            "    fn send(self) {{\n        let (\n            client,\n{}        ) = self.parameters()?;\n        let (\n            client,\n            a,\n        ) = self.parameters()?;\n    }}\n",
            one_a_line.replace("        parameter", "            parameter")
        );
        assert_eq!(
            filled_parameter_tuples(&client),
            "    fn send(self) {\n        let (\n            client, parameter_1, parameter_2, parameter_3, parameter_4, parameter_5, parameter_6,\n            parameter_7, parameter_8, parameter_9, parameter_10, parameter_11, parameter_12,\n            parameter_13, parameter_14,\n        ) = self.parameters()?;\n        let (client, a) = self.parameters()?;\n    }\n"
        );
    }

    #[test]
    fn a_call_is_laid_out_as_the_struct_would_read() {
        let call: RequestBuilderCall = syn::parse_quote! {
            ///Builder for [`Client::create_disk`]
            #[derive(Debug, Clone)]
            CreateDisk {
                name: required ::std::string::String,
                tags: optional Vec<types::Tag>
            }
        };
        assert_eq!(
            call.laid_out("    ").unwrap(),
            "    request_builder!(\n        ///Builder for [`Client::create_disk`]\n        #[derive(Debug, Clone)]\n        CreateDisk {\n            name: required ::std::string::String,\n            tags: optional Vec<types::Tag>,\n        }\n    );\n"
        );
    }
}
