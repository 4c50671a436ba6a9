"""The OpenAPI 3.1 description of the portal's JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .index_openapi import INDEX_PATHS, with_index

HASH = {"type": "string", "pattern": "^(0x)?[0-9a-fA-F]{64}$", "description": "SHA-256 of the file, 64 hex digits"}
HEX32 = {"type": "string", "pattern": "^0x[0-9a-f]{64}$"}
NULLABLE_TEXT = {"type": ["string", "null"]}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": _error_response("Malformed input (hash, case number, proof file); `message` says what is wrong"),
    "503": _error_response("The chain node is not answering (`node_unavailable`) or nothing is deployed"),
    "500": _error_response("An unexpected failure on the portal's side (logged)"),
}


def _credential_paths() -> dict[str, Any]:
    from .bankruptcy import OPENAPI_PATHS as BANKRUPTCY_PATHS
    from .credentials import OPENAPI_PATHS

    return {**OPENAPI_PATHS, **BANKRUPTCY_PATHS}


def openapi_schema() -> dict[str, Any]:
    document_hash = {"name": "contentHash", "in": "path", "required": True, "schema": HASH}
    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The language of sentences and words: `zh` (default) or `en`",
        "schema": {"enum": ["zh", "en"], "default": "zh"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "courtchain verification portal",
            "version": __version__,
            "description": "Verify judicial documents against the court consortium chain by their SHA-256. The "
            "document itself is never sent: hash it locally (e.g. `sha256sum FILE`) and ask about the hash. Every "
            "error is JSON `{error, message, messages}`: `error` a stable code, `message` a plain sentence fit to show "
            "to a person in the language asked for, `messages` the sentence in both languages (`zh`, `en`). Chinese "
            "by default; `?lang=en` on any endpoint answers in English. Times are Unix seconds beside Beijing time "
            "(UTC+8) with its zone; amounts are yuan beside exact base units (a string).",
        },
        "paths": {
            **_credential_paths(),
            "/api/v1/status": {
                "get": {
                    "summary": "The chain the portal reads and the suite's contract addresses",
                    "operationId": "status",
                    "responses": {
                        "200": {"description": "Connected", "content": _json({"$ref": "#/components/schemas/Status"})},
                        "503": ERRORS["503"],
                    },
                }
            },
            "/api/v1/documents/{contentHash}": {
                "get": {
                    "summary": "Verify a singly anchored document by its SHA-256",
                    "operationId": "verifyDocument",
                    "parameters": [document_hash, lang],
                    "responses": {
                        "200": {
                            "description": "On chain (possibly revoked or superseded: see `status`)",
                            "content": _json({"$ref": "#/components/schemas/Verification"}),
                        },
                        "404": _error_response(
                            "`no_matching_record`: no single anchor has this hash (a changed file, or a batch member "
                            "verified without its proof)"
                        ),
                        **ERRORS,
                    },
                }
            },
            "/api/v1/documents/{contentHash}/proof": {
                "post": {
                    "summary": "Verify a document anchored in a batch, with its proof file",
                    "operationId": "verifyBatchDocument",
                    "parameters": [document_hash, lang],
                    "requestBody": {
                        "required": True,
                        "description": "The proof file written by `courtchain evidence anchor` for this document",
                        "content": _json({"$ref": "#/components/schemas/ProofFile"}),
                    },
                    "responses": {
                        "200": {
                            "description": "On chain as a member of the batch",
                            "content": _json({"$ref": "#/components/schemas/Verification"}),
                        },
                        "422": _error_response(
                            "The proof does not fit: `proof_for_another_document` (the file matches no record: it "
                            "differs from the document the proof was made for), `unknown_batch` (the root was never "
                            "anchored), `proof_does_not_fit` (the proof does not lead to the root)"
                        ),
                        **ERRORS,
                    },
                }
            },
            "/api/v1/cases/{caseId}/timeline": {
                "get": {
                    "summary": "The public story of a case across contracts, from events (no personal data)",
                    "description": "The docket filing's story: its filing and docket events, its anchored documents "
                    "and services, the agreements and judgment obligations linked to it, the enforcement cases their "
                    "defaults opened (with public money figures) and the credit entries listed under this filing or "
                    "those enforcement cases only.",
                    "operationId": "caseTimeline",
                    "parameters": [
                        {
                            "name": "caseId",
                            "in": "path",
                            "required": True,
                            "description": "The case id (1 to 2^64-1, half- or full-width digits) or the official "
                            "case number, e.g. `(2027)京0491民初1号`, `（2027）京0491民初1号`, `〔2027〕京0491民初1号`",
                            "schema": {"type": "string", "examples": ["5", "(2027)京0491民初1号"]},
                        },
                        lang,
                    ],
                    "responses": {
                        "200": {
                            "description": "The timeline",
                            "content": _json({"$ref": "#/components/schemas/Timeline"}),
                        },
                        "404": _error_response(
                            "`no_such_case`: no public event mentions the case; `no_such_case_number`: no docketed "
                            "case has that case number"
                        ),
                        **ERRORS,
                    },
                }
            },
            **INDEX_PATHS,  # with `courtchain portal --index URL` (portal/index_source.py)
        },
        "components": {"schemas": with_index(SCHEMAS)},
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {
                "type": "string",
                "examples": ["malformed_hash", "no_matching_record", "proof_does_not_fit", "node_unavailable"],
            },
            "message": {"type": "string", "description": "A plain sentence for a person, in the language asked for"},
            "messages": {
                "type": "object",
                "description": "The same sentence in both languages",
                "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
            },
        },
    },
    "Status": {
        "type": "object",
        "properties": {
            "chainId": {"type": "integer"},
            "block": {"type": "integer"},
            "contracts": {"type": "object", "additionalProperties": {"type": "string"}},
            "evidence": {"type": "boolean"},
        },
    },
    "Verification": {
        "type": "object",
        "required": ["contentHash", "onChain", "status", "kind", "anchoredAt", "submitter", "summary"],
        "properties": {
            "contentHash": HEX32,
            "onChain": {"const": True},
            "status": {"enum": ["active", "revoked", "superseded"]},
            "kind": {
                "enum": [
                    "case file",
                    "evidence",
                    "served document",
                    "receipt of service",
                    "archive",
                    "statistical report",
                    "mediation record",
                    "judgment",
                ]
            },
            "anchoredAt": {"type": "integer", "description": "Unix time of the anchoring block"},
            "anchoredAtText": {"type": "string"},
            "caseId": {"type": "integer", "description": "0: no case"},
            "caseReference": NULLABLE_TEXT,
            "submitter": {
                "type": "object",
                "description": "Of the anchor the headline describes (the first institutional anchor in force)",
                "properties": {
                    "capacity": {"enum": ["institution", "party"]},
                    "role": {
                        "enum": ["judge", "clerk", "registrar", "mediator", "enforcement officer", None],
                        "description": "The institutional role it anchored under; null for a party",
                    },
                    "memberId": {"type": "integer"},
                    "memberName": NULLABLE_TEXT,
                    "account": {"type": ["string", "null"], "description": "Institutions only"},
                },
            },
            "batch": {"type": ["object", "null"], "properties": {"root": HEX32}},
            "revocation": {
                "type": ["object", "null"],
                "properties": {
                    "revokedAt": {"type": "integer"},
                    "revokedAtText": {"type": "string"},
                    "revokedByMember": NULLABLE_TEXT,
                    "supersededBy": {"type": ["string", "null"]},
                },
            },
            "anchors": {
                "type": "array",
                "description": "Every anchor of the document, in anchoring order (any account may anchor a hash)",
                "items": {
                    "type": "object",
                    "properties": {
                        "status": {"enum": ["active", "revoked", "superseded"]},
                        "kind": {"type": "string"},
                        "anchoredAt": {"type": "integer"},
                        "anchoredAtText": {"type": "string"},
                        "caseId": {"type": "integer"},
                        "submitter": {"type": "object"},
                        "revocation": {"type": ["object", "null"]},
                    },
                },
            },
            "services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
            "chain": {"type": "object", "properties": {"chainId": {"type": "integer"}, "contract": {"type": "string"}}},
            "summary": {"type": "string", "description": "The result in one plain sentence"},
        },
    },
    "Service": {
        "type": "object",
        "properties": {
            "serviceId": {"type": "integer"},
            "status": {"enum": ["pending", "acknowledged", "deemed served"]},
            "method": {"enum": ["electronic", "personal", "post", "publication"]},
            "servedAt": {"type": "integer"},
            "deemedServedAt": {"type": "integer"},
            "acknowledgedAt": {"type": ["integer", "null"]},
            "bySignature": {"type": "boolean"},
            "caseId": {"type": "integer"},
        },
    },
    "ProofFile": {
        "type": "object",
        "required": ["format", "contentHash", "root", "proof"],
        "properties": {
            "format": {"const": "courtchain.evidence.proof.v1"},
            "contentHash": HEX32,
            "root": HEX32,
            "proof": {"type": "array", "items": HEX32, "maxItems": 64},
        },
    },
    "Timeline": {
        "type": "object",
        "properties": {
            "caseId": {"type": "integer"},
            "caseReference": {"type": "string", "description": "With the docket's case number once docketed"},
            "caseReferenceText": {"type": "string", "description": "The same, in the language asked for"},
            "lang": {"enum": ["zh", "en"]},
            "sources": {"type": "array", "items": {"type": "string"}},
            "story": {"$ref": "#/components/schemas/Story"},
            "count": {"type": "integer"},
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "time": {"type": "integer"},
                        "timeIso": {"type": "string", "description": "ISO 8601, Beijing time (+08:00)"},
                        "timeText": {"type": "string", "description": "Beijing time with its zone, for a person"},
                        "block": {"type": "integer"},
                        "txHash": {"type": "string"},
                        "source": {"type": "string"},
                        "sourceText": {"type": "string", "description": "The contract in words"},
                        "recordedText": {"type": "string", "description": "Where it was recorded, in words"},
                        "event": {"type": "string"},
                        "title": {"type": "string", "description": "What happened, in the language asked for"},
                        "titles": {
                            "type": "object",
                            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
                        },
                        "details": {"type": "object"},
                        "derived": {"type": "boolean", "description": "A state reached by time, not an event"},
                    },
                },
            },
        },
    },
    "Amount": {
        "type": "object",
        "description": "Yuan for a person (the token's decimals) beside the exact base units",
        "properties": {"text": {"type": "string", "examples": ["¥20,000.00"]}, "baseUnits": {"type": "string"}},
    },
    "Story": {
        "type": "object",
        "description": "The case's story across contracts, in the language asked for",
        "properties": {
            "filing": {"type": ["object", "null"]},
            "obligations": {"type": "array", "items": {"type": "object"}},
            "enforcements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "status": {"type": "string"},
                        "seized": {"$ref": "#/components/schemas/Amount"},
                        "distributed": {"$ref": "#/components/schemas/Amount"},
                        "withdrawn": {"$ref": "#/components/schemas/Amount"},
                        "frozen": {"$ref": "#/components/schemas/Amount"},
                        "outstanding": {"$ref": "#/components/schemas/Amount"},
                    },
                },
            },
            "listings": {"type": "array", "items": {"type": "object"}},
            "services": {"type": "array", "items": {"type": "integer"}},
            "documents": {"type": "array", "items": {"type": "string"}},
        },
    },
}
