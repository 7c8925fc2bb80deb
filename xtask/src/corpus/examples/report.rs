//! The `--examples` section of the corpus report, and its line of the summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ExamplesResult;
use crate::corpus::results::DocResult;

/// How many places the report names for each cause.
const PLACES: usize = 3;

/// The totals of `results`' examples (those checked).
pub fn totals(results: &[DocResult]) -> ExamplesResult {
    let mut total = ExamplesResult::default();
    for found in results.iter().filter_map(|r| r.examples.as_ref()) {
        total.found += found.found;
        total.typed += found.typed;
        total.valid += found.valid;
        total.decoded += found.decoded;
        total.equal += found.equal;
        total.valid_rejected += found.valid_rejected;
        total.valid_changed += found.valid_changed;
        total.unmodelled += found.unmodelled;
        for (cause, count) in &found.invalid_causes {
            *total.invalid_causes.entry(cause.clone()).or_default() += count;
        }
    }
    total
}

/// One line: the totals.
pub fn summary(results: &[DocResult]) -> String {
    let checked = results.iter().filter(|r| r.examples.is_some()).count();
    let total = totals(results);
    format!(
        "examples of {checked} documents: {} found, {} typed, {} valid, {} decoded, {} round-trip \
         equal, {} valid-but-rejected, {} valid-but-changed",
        total.found,
        total.typed,
        total.valid,
        total.decoded,
        total.equal,
        total.valid_rejected,
        total.valid_changed
    )
}

/// The report's section.
pub fn section(out: &mut String, results: &[DocResult]) {
    let checked: Vec<&DocResult> = results.iter().filter(|r| r.examples.is_some()).collect();
    let total = totals(results);
    let _ = write!(
        out,
        "## Published examples (`--examples`)\n\n\
         Each JSON example of each request body and response and each component schema's \
         `example` of the {} crates that compiled, distinct by schema and value: judged against \
         its own schema by openapi-schema-validator (OpenAPI 3.0 semantics, formats checked), \
         decoded with the generated type the client or the server stub uses, encoded back and \
         compared (null and absent the same, numbers by value, date-times by instant; properties \
         the schema does not model are counted apart).\n\n\
         | found | with a type | valid | decoded | round-trip equal | valid but rejected | \
         valid but changed | with unmodelled properties |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n\
         | {} | {} | {} | {} | {} | **{}** | **{}** | {} |\n\n",
        checked.len(),
        total.found,
        total.typed,
        total.valid,
        total.decoded,
        total.equal,
        total.valid_rejected,
        total.valid_changed,
        total.unmodelled
    );
    let mut groups: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    for result in &checked {
        let Some(found) = &result.examples else {
            continue;
        };
        for failure in &found.failures {
            groups
                .entry((failure.changed, failure.cause.clone()))
                .or_default()
                .push(format!(
                    "`{}` `{}` as `{}`{}",
                    result.document,
                    failure.at,
                    failure.type_name,
                    if failure.changed {
                        format!(" at `{}`", failure.detail)
                    } else {
                        String::new()
                    }
                ));
        }
    }
    if !groups.is_empty() {
        out.push_str(
            "Failures of valid examples by cause (the first differing path of each; at most 20 \
             kept per document and kind):\n\n\
             | kind | examples | cause | places |\n| --- | ---: | --- | --- |\n",
        );
        for ((changed, cause), places) in &groups {
            let shown: Vec<&str> = places.iter().take(PLACES).map(String::as_str).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                if *changed { "changed" } else { "rejected" },
                places.len(),
                cause.replace('|', "\\|"),
                shown.join("; ").replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    if !total.invalid_causes.is_empty() {
        out.push_str(
            "Examples that contradict their own schema, by the validator's keyword:\n\n\
             | keyword | examples |\n| --- | ---: |\n",
        );
        let mut causes: Vec<_> = total.invalid_causes.iter().collect();
        causes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (keyword, count) in causes {
            let _ = writeln!(out, "| `{keyword}` | {count} |");
        }
        out.push('\n');
    }
    out.push_str(
        "| document | found | typed | valid | decoded | equal | valid but rejected | valid but \
         changed | unmodelled |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for result in &checked {
        let Some(found) = &result.examples else {
            continue;
        };
        if let Some(error) = &found.error {
            let _ = writeln!(
                out,
                "| `{}` | not checked: {} | | | | | | | |",
                result.document,
                error
                    .replace('|', "\\|")
                    .chars()
                    .take(160)
                    .collect::<String>()
            );
            continue;
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
            result.document,
            found.found,
            found.typed,
            found.valid,
            found.decoded,
            found.equal,
            found.valid_rejected,
            found.valid_changed,
            found.unmodelled
        );
    }
    out.push('\n');
}
