"""The Flask application: two pages (verify a document, a case's story) over a small JSON API.

Chinese by default, English with `?lang=en` (the pages keep the choice). Errors are JSON
`{"error": code, "message": sentence, "messages": {"zh": …, "en": …}}`: a stable code, the sentence in the language
asked for and both sentences beside it, with a proper status: 400 malformed input, 404 no record, 422 a proof that
does not fit, 503 the node (or the deployment record) unavailable, 500 anything unexpected (logged, never shown as a
traceback).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

import requests
from flask import Flask, Response, jsonify, request, send_from_directory
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer
from werkzeug.serving import make_server as _werkzeug_server

from .. import deploy
from ..chain import Chain
from ..errors import ChainError, DeploymentError, InputError, NotFoundError
from ..suite import Suite
from ..units import normalise_case_number
from .i18n import T, Text, pick_lang
from .index_source import IndexSource
from .index_source import register as register_index_api
from .openapi import openapi_schema
from .records import (
    DocumentRecords,
    PortalError,
    case_number,
    case_reference,
    case_reference_text,
    event_topic,
    parse_hash,
    parse_proof,
)
from .timeline import MAX_CASE_ID, case_story, story_summary

STATIC = Path(__file__).parent / "static"
API = "/api/v1"
MAX_BODY = 256 * 1024  # a proof file of 64 hashes is under 8 KiB

log = logging.getLogger("courtchain.portal")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SuiteProvider:
    """The suite the portal reads, opened from the deployment record on first use (never deployed by the portal),
    and opened again after the node was away."""

    def __init__(self, rpc: str, deployments: Path | None = None, suite: Suite | None = None) -> None:
        self.rpc = rpc
        self.deployments = deployments
        self._suite = suite
        self._lock = threading.Lock()
        self.start_blocks: dict[str, int] = {}  # deployment block of each contract, from the record

    @classmethod
    def of(cls, suite: Suite) -> SuiteProvider:
        return cls(suite.chain.url, suite=suite)

    def get(self) -> Suite:
        with self._lock:
            if self._suite is None:
                chain = Chain(self.rpc)
                chain.check()
                record = deploy.load_record(chain, self.deployments)
                if record is None:
                    where = self.deployments or "deployments/"
                    raise DeploymentError(f"no deployment record for chain {chain.chain_id} in {where}")
                self._suite = deploy.open_suite(chain, record)
                self.start_blocks = {
                    name: int(entry.get("block", 0)) for name, entry in record.get("contracts", {}).items()
                }
            return self._suite


def create_app(provider: SuiteProvider, event_index: IndexSource | None = None) -> Flask:
    """The portal; with `event_index` (courtchain portal --index URL) its answers come from the event index, each saying
    how far behind the chain's head the index is, and the index's own API is served (portal/index_source.py)."""
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if event_index is not None:
        register_index_api(app, provider, event_index)

    def lang() -> str:
        return pick_lang(request.args.get("lang"))

    def records() -> DocumentRecords:
        suite = provider.get()
        if event_index is not None:
            return event_index.records(suite, provider.start_blocks, lang())
        return DocumentRecords(suite, provider.start_blocks, lang())

    def fail(status: int, code: str, message: Text) -> tuple[Response, int]:
        return jsonify({"error": code, "message": message(lang()), "messages": message.to_json()}), status

    def with_lag(data: dict[str, Any]) -> dict[str, Any]:
        if event_index is not None:
            data["index"] = event_index.lag(provider.get())
        return data

    # -- pages ---------------------------------------------------------------------------------------------------

    @app.get("/")
    def index() -> Response:
        return send_from_directory(STATIC, "index.html")

    @app.get("/cases/<case>")
    def case_page(case: str) -> Response:
        return send_from_directory(STATIC, "case.html")

    # -- API -----------------------------------------------------------------------------------------------------

    @app.get("/api/openapi.json")
    def openapi() -> Response:
        return jsonify(openapi_schema())

    @app.get(f"{API}/status")
    def status() -> Response:
        suite = provider.get()
        return jsonify(
            with_lag(
                {
                    "chainId": suite.chain.chain_id,
                    "block": suite.chain.block_number(),
                    "contracts": {k: v for k, v in suite.addresses.items()},
                    "evidence": "EvidenceRegistry" in suite.addresses,
                }
            )
        )

    @app.get(f"{API}/documents/<content_hash>")
    def document(content_hash: str) -> Response:
        h = parse_hash(content_hash)
        return jsonify(with_lag(records().single(h)))

    @app.post(f"{API}/documents/<content_hash>/proof")
    def document_with_proof(content_hash: str) -> Response:
        h = parse_hash(content_hash)
        data = request.get_json(force=True, silent=True)  # any content type: curl --data @file.proof.json
        if data is None:
            raise PortalError(
                400, "malformed_proof", T("证明文件不是有效的 JSON。", "The proof file is not valid JSON.")
            )
        return jsonify(with_lag(records().batch_member(h, parse_proof(data))))

    @app.get(f"{API}/cases/<case>/timeline")
    def timeline(case: str) -> Response:
        suite = provider.get()
        case_id = resolve_case(suite, case)
        if event_index is not None:
            entries, sources, story = event_index.case_story(suite, case_id)
        else:
            entries, sources, story = case_story(suite, case_id, start_blocks=provider.start_blocks)
        if not entries:
            raise PortalError(
                404,
                "no_such_case",
                T(
                    f"本链上没有任何公开事件涉及案件 {case_id}。",
                    f"No public event mentions case {case_id} on this chain.",
                ),
                caseId=case_id,
            )
        reference = case_reference_text(suite, case_id)
        chosen = lang()
        return jsonify(
            with_lag(
                {
                    "caseId": case_id,
                    "caseReference": case_reference(suite, case_id),
                    "caseReferenceText": reference(chosen) if reference else None,
                    "lang": chosen,
                    "sources": sources,
                    "story": story_summary(suite, story, entries, chosen),
                    "entries": [e.to_json(chosen) for e in entries],
                    "count": len(entries),
                }
            )
        )

    from .credentials import register as register_credentials

    register_credentials(app, provider, STATIC)  # the credential page and its verify endpoint
    from .bankruptcy import register as register_bankruptcy

    register_bankruptcy(app, provider, STATIC, event_index)  # the bankruptcy page: meetings' results, claims table

    # -- errors --------------------------------------------------------------------------------------------------

    @app.errorhandler(PortalError)
    def portal_error(exc: PortalError) -> tuple[Response, int]:
        return jsonify(exc.to_json(lang())), exc.status

    @app.errorhandler(DeploymentError)
    def no_deployment(exc: DeploymentError) -> tuple[Response, int]:
        log.error("portal: %s", exc)
        msg = T(
            "门户尚未连接到本链上已部署的合约，请稍后再试。",
            "The portal is not connected to a deployed suite on this chain; please try again later.",
        )
        return fail(503, "not_deployed", msg)

    @app.errorhandler(InputError)
    def bad_input(exc: InputError) -> tuple[Response, int]:  # a client's own precondition check
        return fail(400, "bad_input", T(f"输入有误：{exc}", str(exc)))

    @app.errorhandler(NotFoundError)
    def not_found(exc: NotFoundError) -> tuple[Response, int]:
        return fail(404, "not_found", T(f"未找到记录：{exc}", str(exc)))

    def node_down(exc: Exception) -> tuple[Response, int]:
        log.warning("portal: chain node unavailable: %s", exc)
        msg = T(
            "区块链节点没有响应，暂时无法核验。请稍后再试。",
            "The chain node is not answering, so nothing can be verified right now. Please try again in a while.",
        )
        return fail(503, "node_unavailable", msg)

    app.register_error_handler(ChainError, node_down)
    app.register_error_handler(requests.RequestException, node_down)
    app.register_error_handler(ConnectionError, node_down)
    app.register_error_handler(TimeoutError, node_down)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        code = exc.code or 500
        messages = {
            404: T("没有这个页面或接口。", "There is no such page or API endpoint."),
            405: T("该接口不接受这种请求方法。", "This endpoint does not accept that method."),
            413: T("请求过大：证明文件只有几 KB。", "The request is too large: a proof file is a few kilobytes."),
        }
        name = (exc.name or "error").lower().replace(" ", "_")
        fallback = exc.description or name
        return fail(code, name, messages.get(code, T(f"请求无法处理（{code}）：{fallback}", fallback)))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("portal: unexpected failure")
        msg = T(
            "门户内部出错，已记录日志。请稍后再试。",
            "Something went wrong on the portal's side; the failure was logged. Please try again later.",
        )
        return fail(500, "internal_error", msg)

    @app.after_request
    def headers(resp: Response) -> Response:
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        if request.path.startswith("/api/"):
            resp.headers["Access-Control-Allow-Origin"] = "*"  # public, read-only: other court systems may ask
            resp.headers["Cache-Control"] = "no-store"
        return resp

    return app


MALFORMED_CASE = (
    "请输入案号（如 (2027)京0491民初1号，全角、半角括号或〔〕均可）或案件编号（从 1 开始的整数）",
    "A case is given by its official case number (e.g. (2027)京0491民初1号, full- or half-width brackets or 〔〕) "
    "or by "
    "its number, a whole number from 1",
)


def parse_case(text: str) -> int:
    """A case id (digits, full-width too) → int; anything else is malformed (case numbers: `resolve_case`)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    case_id = int(raw, 10) if raw.isascii() and raw.isdigit() else -1
    if not 1 <= case_id <= MAX_CASE_ID:
        raise PortalError(
            400, "malformed_case", T(f"{MALFORMED_CASE[0]}，而不是“{text}”。", f"{MALFORMED_CASE[1]}; not {text!r}.")
        )
    return case_id


CASE_NUMBER = re.compile(r"^\((\d{4})\)\S+?(\d+)号$")


def resolve_case(suite: Suite, text: str) -> int:
    """A case id, or an official case number (`(2027)京0491民初1号`, `（2027）…`, `〔2027〕…`) → the docket's case
    id."""
    number = normalise_case_number(text)
    match = CASE_NUMBER.match(number)
    if not match:
        return parse_case(text)
    if "CaseDocket" in suite.addresses:
        year, sequence = int(match.group(1)), int(match.group(2))
        for case_id in docketed_cases(suite, year, sequence):  # then the court and type, from the docket's own text
            if normalise_case_number(case_number(suite, case_id) or "") == number:
                return case_id
    raise PortalError(
        404,
        "no_such_case_number",
        T(f"本链上没有案号为 {number} 的案件。", f"No case on this chain has the case number {number}."),
        caseNumber=number,
    )


def docketed_cases(suite: Suite, year: int, sequence: int) -> list[int]:
    """The cases docketed with this year and sequence (one per court and case type)."""
    topic = event_topic(suite, "CaseDocket", "CaseDocketed")
    return [
        int(ev.args["caseId"])
        for ev in suite.logs(["CaseDocket"], topics=[topic])
        if int(ev.args["year"]) == year and int(ev.args["sequence"]) == sequence
    ]


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000) -> BaseWSGIServer:
    """A threaded WSGI server (port 0: a free port, see `.server_port`); `serve_forever()` / `shutdown()`."""
    return _werkzeug_server(host, port, app, threaded=True)


def run_in_thread(app: Flask, host: str = "127.0.0.1", port: int = 0) -> tuple[BaseWSGIServer, threading.Thread]:
    server = make_server(app, host, port)
    thread = threading.Thread(target=server.serve_forever, name="courtchain-portal", daemon=True)
    thread.start()
    return server, thread
