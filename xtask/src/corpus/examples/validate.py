"""Judges each published example against its own schema (openapi-schema-validator, OpenAPI 3.0
semantics: `nullable`, formats checked). Written by `cargo xtask corpus --examples` into
target/corpus/ and run with the corpus venv's Python.

argv[1]: the document (JSON, as the generator loaded it). stdin: one case a line,
{"id": n, "schema": "<JSON pointer>", "value": …}. stdout: one verdict a line,
{"id": n, "valid": bool, "keyword": …, "message": …, "path": …}.
"""
import json
import sys
from urllib.parse import quote

from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        document = json.load(file)
    registry = Registry().with_resource(
        "urn:document", Resource.from_contents(document, default_specification=DRAFT4)
    )
    for line in sys.stdin:
        case = json.loads(line)
        verdict = {"id": case["id"], "valid": True}
        try:
            schema = {"$ref": "urn:document#" + quote(case["schema"], safe="/~")}
            validator = OAS30Validator(
                schema, registry=registry, format_checker=oas30_format_checker
            )
            error = best_match(validator.iter_errors(case["value"]))
            if error is not None:
                verdict = {
                    "id": case["id"],
                    "valid": False,
                    "keyword": str(error.validator),
                    "message": error.message[:300],
                    "path": "".join(
                        "/" + str(part).replace("~", "~0").replace("/", "~1")
                        for part in error.absolute_path
                    ),
                }
        except Exception as error:  # a schema the validator cannot read
            verdict = {
                "id": case["id"],
                "valid": False,
                "keyword": "unreadable",
                "message": f"{type(error).__name__}: {str(error)[:300]}",
                "path": "",
            }
        print(json.dumps(verdict), flush=True)


main()
