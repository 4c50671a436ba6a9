"""The OpenAPI description of the event index's API behind the portal (`courtchain portal --index URL`), merged into
the portal's one document (openapi.py). See portal/index_source.py."""

from __future__ import annotations

from typing import Any

HEX32_PATH = {"type": "string", "pattern": "^(0x)?[0-9a-fA-F]{64}$"}
AMOUNT = {"type": "string", "pattern": "^[0-9]+$", "description": "Exact base units of the settlement token"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _json({"$ref": "#/components/schemas/Error"})}


PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
]
UNAVAILABLE = _error(
    "`index_unavailable`: the portal runs without an index or its database cannot be read; `node_unavailable`"
)
BAD = _error("Malformed input (`malformed_hash`, `malformed_case`, `malformed_page`, `malformed_time`)")
CASE = {"name": "caseId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def _get(summary: str, op: str, schema: str, params: list[Any], not_found: str | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": summary, "content": _json({"$ref": f"#/components/schemas/{schema}"})},
        "400": BAD,
        "503": UNAVAILABLE,
    }
    if not_found:
        responses["404"] = _error(not_found)
    return {
        "get": {"summary": summary, "operationId": op, "parameters": params, "responses": responses, "tags": ["index"]}
    }


INDEX_PATHS: dict[str, Any] = {
    "/api/index/status": _get("Where the event index stands against the chain", "indexStatus", "IndexStatus", []),
    "/api/cases/{caseId}/events": _get(
        "A case's whole story across contracts (the records linked to it), in chain order, a page at a time",
        "caseEvents",
        "EventPage",
        [CASE, *PAGE],
        "`no_such_case`: no event in the index names the case",
    ),
    "/api/documents/{contentHash}": _get(
        "Every event of a document (anchors, revocations, services), a page at a time",
        "documentEvents",
        "EventPage",
        [{"name": "contentHash", "in": "path", "required": True, "schema": HEX32_PATH}, *PAGE],
    ),
    "/api/subjects/{commitment}/listings": _get(
        "Every event naming a subject's commitment (credit listings, parties recorded), a page at a time",
        "subjectListings",
        "EventPage",
        [{"name": "commitment", "in": "path", "required": True, "schema": HEX32_PATH}, *PAGE],
    ),
    "/api/enforcement/{caseId}/money": _get(
        "An enforcement case's money: seized, distributed and withdrawn, per creditor",
        "enforcementMoney",
        "Money",
        [CASE],
        "`no_such_case`: no money moved in this enforcement case",
    ),
    "/api/deadlines": _get(
        "The deadlines the keeper follows that are pending, soonest first",
        "pendingDeadlines",
        "DeadlinePage",
        [{"name": "before", "in": "query", "schema": {"type": "integer", "description": "Unix time"}}, *PAGE],
    ),
}

LAG: dict[str, Any] = {
    "type": "object",
    "description": "How far behind the chain's head the index is",
    "required": ["cursorBlock", "chainHead", "lagBlocks"],
    "properties": {
        "cursorBlock": {"type": "integer", "description": "The last block whose events are all in the index"},
        "chainHead": {"type": "integer"},
        "lagBlocks": {"type": "integer"},
    },
}

INDEX_SCHEMAS: dict[str, Any] = {
    "IndexLag": LAG,
    "IndexStatus": {
        "type": "object",
        "required": ["chainId", "cursorBlock", "chainHead", "lagBlocks", "events"],
        "properties": {**LAG["properties"], "chainId": {"type": "integer"}, "events": {"type": "integer"}},
    },
    "IndexedEvent": {
        "type": "object",
        "required": ["block", "logIndex", "txHash", "contract", "address", "event", "args"],
        "properties": {
            "block": {"type": "integer"},
            "logIndex": {"type": "integer"},
            "txHash": {"type": "string"},
            "contract": {"type": "string"},
            "address": {"type": "string"},
            "event": {"type": "string"},
            "args": {"type": "object", "description": "Integers as decimal strings, bytes as 0x-hex"},
        },
    },
    "EventPage": {
        "type": "object",
        "required": ["page", "perPage", "total", "pages", "items", "index"],
        "properties": {
            "page": {"type": "integer"},
            "perPage": {"type": "integer"},
            "total": {"type": "integer"},
            "pages": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/IndexedEvent"}},
            "index": {"$ref": "#/components/schemas/IndexLag"},
        },
    },
    "Money": {
        "type": "object",
        "properties": {
            "caseId": {"type": "integer"},
            "frozen": AMOUNT,
            "seized": AMOUNT,
            "deposited": AMOUNT,
            "distributed": AMOUNT,
            "withdrawn": AMOUNT,
            "creditors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "creditorId": {"type": "integer"},
                        "payee": {"type": "string"},
                        "claim": AMOUNT,
                        "credited": AMOUNT,
                        "withdrawn": AMOUNT,
                        "owed": AMOUNT,
                    },
                },
            },
            "index": {"$ref": "#/components/schemas/IndexLag"},
        },
    },
    "DeadlinePage": {
        "type": "object",
        "properties": {
            "page": {"type": "integer"},
            "perPage": {"type": "integer"},
            "more": {"type": "boolean"},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "watcher": {"type": "string"},
                        "item": {"type": "integer"},
                        "contract": {"type": "string"},
                        "due": {"type": "integer", "description": "Unix time; 0: at once (the keeper looks now)"},
                        "block": {"type": "integer"},
                        "logIndex": {"type": "integer"},
                    },
                },
            },
            "index": {"$ref": "#/components/schemas/IndexLag"},
        },
    },
}


def with_index(schemas: dict[str, Any]) -> dict[str, Any]:
    """The portal's schemas and the index's; the portal's answers gain `index` (its lag) when it reads an index."""
    out = {**schemas, **INDEX_SCHEMAS}
    for name in ("Status", "Verification", "Timeline"):
        if name in schemas:
            properties = {**schemas[name].get("properties", {}), "index": {"$ref": "#/components/schemas/IndexLag"}}
            out[name] = {**schemas[name], "properties": properties}
    return out
