"""schemathesis hooks for tests/conformance/run (loaded by the `hooks` key of each config here).

- `schema_valid_body_decodes`, a check (tests/conformance/run enables it with the others);
- `filter_failure`, which accepts Katapult's documented 400 for a missing token where
  ignored_auth expects 401/403 (see below).

The check `schema_valid_body_decodes` puts back the strictness that widening
`positive_data_acceptance`'s expected statuses takes away (see the configs for why they are
widened): a request body that is valid by the spec must always get past the generated server
stub and reach the implementation. The stub answers a body it cannot decode into the generated
types with the API's error shape, and its problems always name the place in the body, starting
with `body` (`body.properties.weights[2].weight: invalid type …`), which the fake's own business
rules never do. So a schema-valid body answered with such a problem means the spec and the
generated types disagree (a type the generator narrows, a format the spec leaves out …).
"""

from __future__ import annotations

import json

import schemathesis


def _decoder_problems(body: object) -> list[str]:
    """The problems of a stub rejection in either API's error shape (empty for anything else)."""
    if not isinstance(body, dict):
        return []
    # Katapult: {"code": …, "description": …, "detail": {"errors": [...]}}
    detail = body.get("detail")
    if isinstance(detail, dict) and isinstance(detail.get("errors"), list):
        return [e for e in detail["errors"] if isinstance(e, str) and e.startswith("body")]
    # Cinder: {"badRequest": {"message": "The request is invalid: body…", "code": 400}}
    if len(body) == 1:
        (fault,) = body.values()
        message = fault.get("message") if isinstance(fault, dict) else None
        if isinstance(message, str) and message.startswith("The request is invalid: body"):
            return [message]
    return []


@schemathesis.check
def schema_valid_body_decodes(ctx, response, case):
    """A body valid by the spec is never refused by the generated stub's decoder."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return None
    problems = _decoder_problems(body)
    if problems:
        raise AssertionError(
            "A request body that is valid by the spec did not decode into the generated types:\n"
            + "\n".join(f"  {problem}" for problem in problems)
            + "\nThe spec and the generated code disagree: make the spec say what the SDK accepts."
        )
    return None


# Katapult answers a request without a token with the documented 400 `missing_api_token` ("No
# API token was provided in the Authorization header", on every page), not the 401/403 that
# schemathesis' ignored_auth expects. That is the vendor's documented behaviour, which the spec
# and the fake reproduce, so a no-credential probe answered 400 is a rejection too, for the
# operations whose documented 400 is exactly that error. Anything else ignored_auth finds (a
# 2xx without or with a wrong credential, any other status) still fails.
_MISSING_TOKEN_REF = "#/components/schemas/MissingAPITokenSchema"


def _documents_missing_token_as_400(operation) -> bool:
    response = operation.definition.raw.get("responses", {}).get("400", {})
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref") == _MISSING_TOKEN_REF


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure except ignored_auth's 400 to a probe that carried no credential."""
    if failure.code != "ST401" or str(getattr(failure, "scenario", "")) != "no_auth":
        return True
    rejected_with_400 = "got `400 " in failure.message
    return not (rejected_with_400 and _documents_missing_token_as_400(case.operation))
