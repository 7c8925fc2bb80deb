//! The layout of the generator's own macro calls (`string_enum!`, `documented_error!`).
//! prettyplease prints a macro call's arguments as a token stream and breaks it wherever the
//! line is full, between a variant and its `=>` as readily as after a comma. This text pass
//! lays such a call out as rustfmt lays out a list: on one line where it fits in 100 columns,
//! otherwise its arguments on the lines between `name!(` and `);`, broken after commas only.

use crate::generate::syntax::attributes::doc_text;

/// rustfmt's default line width.
pub const MAX_WIDTH: usize = 100;

/// `text` (a formatted Rust file) with every call of `macro_name!(…);` that starts a line laid
/// out again; the tokens are unchanged, only the spaces and line breaks between them.
pub fn layout_macro_calls(text: &str, macro_name: &str) -> String {
    layout_macro_calls_with(text, macro_name, |_, _| None)
}

/// As [`layout_macro_calls`], with `custom` laying out the calls it knows: given the call's
/// indent and its arguments (whitespace outside string literals made single spaces), the
/// whole call's lines, or `None` for the usual layout.
pub fn layout_macro_calls_with(
    text: &str,
    macro_name: &str,
    custom: impl Fn(&str, &str) -> Option<String>,
) -> String {
    let opening = format!("{macro_name}!(");
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let indent = &line[..line.len() - line.trim_start().len()];
        if !line.trim_start().starts_with(&opening) {
            out.push_str(line);
            continue;
        }
        // The call runs to the line that closes it (the first line when it fits on one).
        let mut call = String::from(line);
        let closing = format!("{indent});");
        let mut closed = line.trim_end().ends_with(");");
        while !closed {
            let Some(next) = lines.next() else { break };
            call.push_str(next);
            closed = next.trim_end() == closing;
        }
        match arguments(&call, &opening) {
            Some(arguments) if closed => match custom(indent, &arguments) {
                Some(laid_out) => out.push_str(&laid_out),
                None => out.push_str(&lay_out(indent, &opening, &arguments)),
            },
            _ => out.push_str(&call),
        }
    }
    out
}

/// The call's arguments with each run of whitespace outside string literals made one space;
/// `None` when the call is not `name!(…);` as expected.
fn arguments(call: &str, opening: &str) -> Option<String> {
    let inner = call.trim().strip_prefix(opening)?.strip_suffix(");")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if c == '"' {
            // A string literal, copied as it is (escapes included).
            loop {
                let c = chars.next()?;
                out.push(c);
                match c {
                    '\\' => out.push(chars.next()?),
                    '"' => break,
                    _ => {}
                }
            }
        }
    }
    Some(out)
}

/// The pieces of `arguments` a line may break after: each ends with a comma outside string
/// literals (the last piece may not).
fn pieces(arguments: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (index, c) in outside_strings(arguments) {
        if c == ',' {
            pieces.push(arguments[start..=index].trim());
            start = index + 1;
        }
    }
    let rest = arguments[start..].trim();
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// The characters of `text` (Rust tokens) outside string literals, with their byte indices;
/// a literal's quotes are inside it.
pub fn outside_strings(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            return false;
        }
        in_string = c == '"';
        !in_string
    })
}

/// The usual layout of a call of `macro_name!` at `indent` with `arguments`: for a custom
/// layout that only rewrites the arguments.
pub fn usual_layout(indent: &str, macro_name: &str, arguments: &str) -> String {
    lay_out(indent, &format!("{macro_name}!("), arguments)
}

/// The call on one line if it fits, else its arguments filled into lines one indent deeper.
fn lay_out(indent: &str, opening: &str, arguments: &str) -> String {
    let one_line = format!("{indent}{opening}{arguments});\n");
    if one_line.len() <= MAX_WIDTH + 1 {
        return one_line;
    }
    let inner_indent = format!("{indent}    ");
    let mut out = format!("{indent}{opening}\n");
    out.push_str(&filled_lines(&inner_indent, pieces(arguments)));
    out.push_str(&format!("{indent});\n"));
    out
}

/// `pieces` filled into lines at `indent`, a space between two on a line, each line within
/// [`MAX_WIDTH`] columns unless one piece alone is wider.
pub fn filled_lines<'a>(indent: &str, pieces: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for piece in pieces {
        if !line.is_empty() && indent.len() + line.len() + 1 + piece.len() > MAX_WIDTH {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(piece);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

/// An attribute's lines at `indent`: a doc comment as `///` lines, as prettyplease writes
/// one, anything else as prettyplease writes it on an item.
pub fn attribute_lines(indent: &str, attribute: &syn::Attribute) -> String {
    if let Some(doc) = doc_text(attribute) {
        return (doc.split('\n'))
            .map(|line| format!("{indent}///{line}\n"))
            .collect();
    }
    let item: syn::File = syn::parse_quote!(#attribute struct S;);
    (prettyplease::unparse(&item).lines())
        .take_while(|line| *line != "struct S;")
        .map(|line| format!("{indent}{line}\n"))
        .collect()
}

/// A type as prettyplease writes it, when that is one line (a macro's arguments are printed
/// as tokens: `Vec < Tag >`).
pub fn type_on_one_line(ty: &syn::Type) -> Option<String> {
    let printed = prettyplease::unparse(&syn::parse_quote!(type T = #ty;));
    let ty = printed.strip_prefix("type T = ")?.strip_suffix(";\n")?;
    (!ty.contains('\n')).then(|| ty.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_laid_out_on_one_line_or_broken_after_commas() {
        let printed = "\
#[cfg(feature = \"a\")]
string_enum!(
    Sort { Created => \"created\", Updated =>
    \"updated\" }
);
string_enum!(Small { A => \"a  b\" });
documented_error!(
    ManageExistingVolumeError, \"manage_existing_volume\", { BadRequest = 400, Unauthorized
    = 401, Forbidden = 403, NotFound = 404, PayloadTooLarge = 413, Conflict = 409, Gone = 410 }
);
";
        let laid_out = layout_macro_calls(
            &layout_macro_calls(printed, "string_enum"),
            "documented_error",
        );
        assert_eq!(
            laid_out,
            "\
#[cfg(feature = \"a\")]
string_enum!(Sort { Created => \"created\", Updated => \"updated\" });
string_enum!(Small { A => \"a  b\" });
documented_error!(
    ManageExistingVolumeError, \"manage_existing_volume\", { BadRequest = 400, Unauthorized = 401,
    Forbidden = 403, NotFound = 404, PayloadTooLarge = 413, Conflict = 409, Gone = 410 }
);
"
        );
    }

    #[test]
    fn strings_keep_their_spaces_commas_and_escapes() {
        let printed = "\
string_enum!(
    Odd { A => \"a,  b\", B => \"say \\\"hi,\\\"   there\", C => \"c\", D => \"d\", E => \"e\", F =>
    \"f\" }
);
";
        let laid_out = layout_macro_calls(printed, "string_enum");
        assert!(laid_out.contains("A => \"a,  b\""), "{laid_out}");
        assert!(
            laid_out.contains("B => \"say \\\"hi,\\\"   there\""),
            "{laid_out}"
        );
        assert!(laid_out.ends_with("F => \"f\" }\n);\n"), "{laid_out}");
    }
}
