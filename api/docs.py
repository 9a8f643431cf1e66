"""The API's documentation page, rendered on the server from the OpenAPI document (no CDN)."""

from django.shortcuts import render

from api.v1 import api

METHODS = ("get", "head", "options")


def _type(schema):
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    return schema.get("type", "")


def operations(schema):
    """Return the operations of an OpenAPI document as rows for the documentation page."""
    rows = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            rows.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return rows


def docs_page(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations(schema)},
    )
