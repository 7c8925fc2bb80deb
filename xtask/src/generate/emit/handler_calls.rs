//! The server's `handler!` calls as a reader reads them, and the macro's definition
//! (`templates/handler.rs`) before them. A call says what differs between two operations'
//! handlers — `handle_x([OPERATION[, admit]]) => method(reader, …) answer` — and is laid out
//! on one line where it fits in 100 columns, else on one line inside the call, else with the
//! trait method's readers filled into lines of their own.

use crate::generate::render::macro_layout::{
    MAX_WIDTH, filled_lines, layout_macro_calls_with, outside_strings,
};
use crate::generate::render::templates::HANDLER_MACRO;
use crate::generate::render::templates::with_macro_definition;

/// `server.rs` (formatted) with its `handler!` calls laid out and the macro's definition
/// before them.
pub fn with_handler_macro(server: &str) -> String {
    if !server.contains("handler!(") {
        return server.to_string();
    }
    let laid_out = layout_macro_calls_with(server, "handler", laid_out_call);
    with_macro_definition(&laid_out, HANDLER_MACRO)
}

/// A call's lines, given its indent and its arguments on one line; `None` when they are not
/// `head => method(readers) answer`.
fn laid_out_call(indent: &str, arguments: &str) -> Option<String> {
    let (head, rest) = arguments.split_once(" => ")?;
    let open = rest.find('(')?;
    let method = &rest[..open];
    let close = open + closing_paren(&rest[open..])?;
    let readers = &rest[open + 1..close];
    let answer = rest[close + 1..].trim();
    let fits = |line: &str| line.len() <= MAX_WIDTH;
    let one_line = format!("{indent}handler!({arguments});");
    if fits(&one_line) {
        return Some(format!("{one_line}\n"));
    }
    let inner = format!("{indent}    ");
    let mut out = format!("{indent}handler!(\n");
    let inside = format!("{inner}{arguments}");
    let call = format!("{inner}=> {method}({readers}) {answer}");
    let opening = format!("{inner}{head} => {method}(");
    if fits(&inside) {
        out.push_str(&format!("{inside}\n"));
    } else if fits(&call) {
        out.push_str(&format!("{inner}{head}\n{call}\n"));
    } else {
        if fits(&opening) {
            out.push_str(&format!("{opening}\n"));
        } else {
            out.push_str(&format!("{inner}{head}\n{inner}=> {method}(\n"));
        }
        out.push_str(&filled_lines(
            &format!("{inner}    "),
            top_level_pieces(readers),
        ));
        out.push_str(&format!("{inner}) {answer}\n"));
    }
    out.push_str(&format!("{indent});\n"));
    Some(out)
}

/// The index in `text` (which starts with `(`) of the parenthesis that closes it, outside
/// string literals.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in outside_strings(text) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split after each comma outside brackets and string literals, the commas kept.
fn top_level_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (index, c) in outside_strings(text) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                pieces.push(text[start..=index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each call as prettyplease may print it, and as it is laid out.
    fn laid_out(call: &str) -> String {
        with_handler_macro(call)
            .strip_prefix(HANDLER_MACRO)
            .expect("the definition first")
            .to_string()
    }

    #[test]
    fn a_call_fits_on_a_line_then_inside_itself_then_its_readers_fill_lines() {
        let short = "handler!(handle_get() => get(path(\"id\")) 200);\n";
        assert_eq!(laid_out(short), short);
        assert_eq!(
            laid_out(
                "handler!(\n    handle_create_ip_address(CREATE_IP_ADDRESS,\n    authenticate) => \
                 create_ip_address(body()) 200\n);\n"
            ),
            "handler!(\n    handle_create_ip_address(CREATE_IP_ADDRESS, authenticate) => \
             create_ip_address(body()) 200\n);\n"
        );
        assert_eq!(
            laid_out(
                "handler!(handle_create_file_storage_volume(CREATE_FILE_STORAGE_VOLUME, \
                 authenticate) => create_file_storage_volume(body()) 201);\n"
            ),
            "handler!(\n    handle_create_file_storage_volume(CREATE_FILE_STORAGE_VOLUME, \
             authenticate)\n    => create_file_storage_volume(body()) 201\n);\n"
        );
        let many = (1..=12)
            .map(|n| format!("query(\"parameter_{n}\")"))
            .collect::<Vec<_>>()
            .join(", ");
        let printed = laid_out(&format!(
            "handler!(handle_list() => list(path(\"owner\"), {many}) by_status);\n"
        ));
        assert_eq!(
            printed,
            "handler!(\n    handle_list() => list(\n        path(\"owner\"), \
             query(\"parameter_1\"), query(\"parameter_2\"), query(\"parameter_3\"),\n        \
             query(\"parameter_4\"), query(\"parameter_5\"), query(\"parameter_6\"), \
             query(\"parameter_7\"),\n        query(\"parameter_8\"), query(\"parameter_9\"), \
             query(\"parameter_10\"), query(\"parameter_11\"),\n        \
             query(\"parameter_12\")\n    ) by_status\n);\n"
        );
        assert!(
            printed.lines().all(|line| line.len() <= MAX_WIDTH),
            "{printed}"
        );
    }
}
