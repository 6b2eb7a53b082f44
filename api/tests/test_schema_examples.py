"""The published schema carries an example for every JSON body and answer.

App developers read the examples in Swagger UI and Redoc before they read
the field tables, so an example that no longer matches its schema misleads
more than a missing one. Each example is validated here against the schema
it illustrates (OpenAPI 3.0's ``nullable`` turned into JSON Schema's null).
"""

import json

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator

# Answers that are files, not JSON: the example would be the file itself.
BINARY_TYPES = {"application/octet-stream", "text/calendar"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(path))
    return json.loads(path.read_text())


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _json_schema(node):
    """OpenAPI 3.0 schema → JSON Schema: ``nullable: true`` admits null."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def _examples(content: dict) -> dict:
    examples = dict(content.get("examples", {}))
    if "example" in content:
        examples["example"] = {"value": content["example"]}
    return examples


def _bodies(schema: dict):
    """(where, media type, content) of every request body and every answer."""
    for name, operation in _operations(schema):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            yield f"{name} request", media_type, content
        for status, response in operation["responses"].items():
            for media_type, content in response.get("content", {}).items():
                yield f"{name} {status}", media_type, content


def test_every_json_body_and_answer_has_an_example(schema):
    missing = [
        where
        for where, media_type, content in _bodies(schema)
        if media_type == "application/json" and not _examples(content)
    ]
    assert missing == []


def test_every_example_matches_its_schema(schema):
    components = _json_schema(schema["components"])
    checked, wrong = 0, []
    for where, media_type, content in _bodies(schema):
        if media_type in BINARY_TYPES or media_type == "multipart/form-data":
            continue
        validator = Draft202012Validator(
            {**_json_schema(content["schema"]), "components": components}
        )
        for title, example in _examples(content).items():
            checked += 1
            wrong.extend(
                f"{where} «{title}»: {error.json_path} {error.message}"
                for error in validator.iter_errors(example["value"])
            )
    assert wrong == []
    assert checked >= 2 * len(list(_operations(schema)))


def test_an_example_that_breaks_its_schema_is_caught(schema):
    """The check above can fail: a wrong status and a missing field are both reported."""
    components = _json_schema(schema["components"])
    operation = schema["paths"]["/api/v1/requests/{reference}/"]["get"]
    content = operation["responses"]["200"]["content"]["application/json"]
    validator = Draft202012Validator({**_json_schema(content["schema"]), "components": components})
    example = next(iter(_examples(content).values()))["value"]
    broken = {**example, "status": "no-such-status"}
    broken.pop("reference")
    messages = [error.message for error in validator.iter_errors(broken)]
    assert any("reference" in message for message in messages)
    assert any("no-such-status" in message for message in messages)
