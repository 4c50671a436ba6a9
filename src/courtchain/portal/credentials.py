"""The portal's credential page and API: a Verifiable Credential is checked against the chain and nothing is kept.

`GET /credentials` is a static page (Chinese first) that reads the file in the browser and posts its JSON to
`POST /api/v1/credentials/verify`, which verifies it (courtchain.clients.credentials.verify_vc: the issuer's EIP-712
signature, the content against the registry, the standing read from the chain now) and answers; the document is
neither stored nor logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response, jsonify, request, send_from_directory

from .i18n import T
from .records import PortalError

if TYPE_CHECKING:
    from .app import SuiteProvider


def register(app: Flask, provider: SuiteProvider, static: Any) -> None:
    @app.get("/credentials")
    def credential_page() -> Response:
        return send_from_directory(static, "credential.html")

    @app.post("/api/v1/credentials/verify")
    def verify_credential() -> Response:
        from ..clients.credentials import VerificationError, standing_json, verify_vc

        vc = request.get_json(force=True, silent=True)
        if not isinstance(vc, dict):
            raise PortalError(
                400,
                "malformed_credential",
                T("文件不是 JSON 格式的可验证凭证。", "The file is not a JSON Verifiable Credential."),
            )
        suite = provider.get()
        if "CredentialRegistry" not in suite.addresses:
            raise PortalError(
                404,
                "no_registry",
                T("本链未部署执业凭证登记合约。", "No credential registry is deployed on this chain."),
            )
        try:
            result = verify_vc(suite, vc)
        except VerificationError as exc:
            raise PortalError(
                422, "not_verified", T(f"凭证未通过验证：{exc}", f"The credential does not verify: {exc}")
            ) from None
        return jsonify(
            {
                "authentic": True,
                "signer": result.signer,
                "disclosed": result.disclosed,
                **standing_json(result.standing),
            }
        )


OPENAPI_PATHS: dict[str, Any] = {
    "/api/v1/credentials/verify": {
        "post": {
            "summary": "Verify a professional's Verifiable Credential (JSON) against the chain; nothing is stored",
            "operationId": "verifyCredential",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object", "description": "A W3C VC"}}},
            },
            "responses": {
                "200": {
                    "description": "The issuer's genuine credential, with its standing now (`valid` may be false)",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "authentic": {"const": True},
                                    "signer": {"type": "string"},
                                    "valid": {"type": "boolean"},
                                    "validity": {"type": "string"},
                                    "validityText": {"type": "string"},
                                    "issuer": {"type": "object"},
                                    "publicDiscipline": {"type": "array"},
                                },
                            }
                        }
                    },
                },
                "400": {
                    "description": "Not JSON",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "422": {
                    "description": "Altered, signed by another account, or not what the chain says",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "503": {
                    "description": "The chain node is not answering or nothing is deployed",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
    }
}
