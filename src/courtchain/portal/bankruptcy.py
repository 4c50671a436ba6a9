"""The portal's bankruptcy page and API (issue 25: "every creditor's right to information"): each creditors'
meeting of a case with its published result per class (heads and amounts for, against, present and total, and the
percentages as courts publish them), and the claims table (amount, class, secured or not, review status, evidence
hash). No identities: no account, no creditor commitment, no debtor.

`GET /bankruptcy?case=N` is a static page (Chinese first, `?lang=en`) that reads `GET /api/v1/bankruptcy/{caseId}`.
The figures come from the estate's and the meetings' events (the totals of a class at closing are in its
`ClassTallied` event only): read in one `eth_getLogs` per contract from its deployment block, or, when the portal
runs with `--index`, the case's events from the event index (the case and the records linked to it: claims,
objections, meetings; through the index's keys, no scan) with the index's lag in `index`. The answer is the same from
both sources. The claims table is paginated like the index's API (`page`, `per_page` ≤ 200, default 50; `total`
and `pages` count claims); the meetings come whole with every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response, jsonify, request, send_from_directory

from ..audit.bankruptcy import claims_table
from ..audit.words import enum_word, token_decimals
from ..clients.bankruptcy import LITIGATED, UNCLAIMED, percent
from ..units import format_time
from .i18n import T, amount, pick_lang
from .records import PortalError

if TYPE_CHECKING:
    from .app import SuiteProvider
    from .index_source import IndexSource

CONTRACTS = ("BankruptcyEstate", "CreditorsMeeting")
CASE_STATUS = ("None", "Proposed", "Open", "Closed")


def _class_row(a: Any, lang: str, decimals: int) -> dict[str, Any]:
    """One class's published count on one item (ClassTallied)."""
    fh, ph = int(a["forHeads"]), int(a["presentHeads"])
    fa, ta = int(a["forAmount"]), int(a["totalAmount"])
    return {
        "class": _word("VoteClass", int(a["class_"]), lang),
        "passed": bool(a["passed"]),
        "forHeads": fh,
        "againstHeads": int(a["againstHeads"]),
        "presentHeads": ph,
        "totalHeads": int(a["totalHeads"]),
        "forAmount": amount(fa, decimals),
        "againstAmount": amount(int(a["againstAmount"]), decimals),
        "presentAmount": amount(int(a["presentAmount"]), decimals),
        "totalAmount": amount(ta, decimals),
        "forOfPresentHeads": percent(fh, ph),
        "forOfTotalAmount": percent(fa, ta),
    }


def _word(enum: str, value: int, lang: str) -> str:
    zh, _, en = enum_word(enum, value).partition(" / ")
    return en if lang == "en" and en else zh


def case_json(events: list[Any], case_id: int, decimals: int, lang: str) -> dict[str, Any] | None:
    """The public record of one bankruptcy case from its events, or None when no event names it."""
    own = [e for e in events if e.contract == "BankruptcyEstate" and int(e.args.get("caseId", 0)) == case_id]
    proposed = next((e for e in own if e.name == "CaseProposed"), None)
    if proposed is None:
        return None
    status = 1
    final_at = closed_at = 0
    for e in own:
        if e.name == "CaseOpened":
            status = 2
        elif e.name == "CaseClosed":
            status, closed_at = 3, int(e.args["closedAt"])
        elif e.name == "FinalDistribution":
            final_at = int(e.args["at"])
    claims = []
    for cid, c in sorted(claims_table(own).items()):
        claims.append(
            {
                "claimId": cid,
                "kind": _word("ClaimKind", c["kind"], lang),
                "secured": c["secured"],
                "late": c["late"],
                "filed": amount(c["filed"], decimals),
                "amount": amount(c["amount"], decimals),
                "status": _word("ClaimStatus", c["status"], lang),
                "objections": c["objections"],
                "evidenceHash": c["evidence"],
            }
        )
    convened = [
        e
        for e in events
        if e.contract == "CreditorsMeeting" and e.name == "MeetingConvened" and int(e.args["caseId"]) == case_id
    ]
    meetings = []
    for m in convened:
        mid = int(m.args["meetingId"])
        mine = [e for e in events if e.contract == "CreditorsMeeting" and int(e.args.get("meetingId", 0)) == mid]
        closed = any(e.name == "MeetingClosed" for e in mine)
        items = []
        for tabled in (e for e in mine if e.name == "ItemTabled"):
            i = int(tabled.args["item"])
            result = 1
            for e in mine:
                if e.name in ("ItemClosed", "ResolutionRuled") and int(e.args["item"]) == i:
                    result = int(e.args["status"])
            parent = int(tabled.args["parent"])
            items.append(
                {
                    "item": i,
                    "resolution": _word("ResolutionKind", int(tabled.args["kind"]), lang),
                    "status": _word("ResolutionStatus", result, lang),
                    "adjustsEquity": bool(tabled.args["adjustsEquity"]),
                    "revoteOf": {"meetingId": parent, "item": int(tabled.args["parentItem"])} if parent else None,
                    "classes": [
                        _class_row(e.args, lang, decimals)
                        for e in mine
                        if e.name == "ClassTallied" and int(e.args["item"]) == i
                    ],
                }
            )
        meetings.append(
            {
                "meetingId": mid,
                "status": _word("ResolutionStatus", 7 if closed else 1, lang),
                "startsAt": format_time(int(m.args["startsAt"])),
                "closesAt": format_time(int(m.args["closesAt"])),
                "ballots": sum(1 for e in mine if e.name == "BallotCast"),
                "items": items,
            }
        )
    return {
        "caseId": case_id,
        "lang": lang,
        "status": T({1: "待受理", 2: "已受理", 3: "已终结"}[status], {1: "proposed", 2: "open", 3: "closed"}[status])(
            lang
        ),
        "announcedAt": format_time(int(proposed.args["announcedAt"])),
        "filingDeadline": format_time(int(proposed.args["filingDeadline"])),
        # art. 116-120: the final distribution announcement and the closing, and the release deadlines after them
        "finalDistributionAt": format_time(final_at) if final_at else None,
        "closedAt": format_time(closed_at) if closed_at else None,
        "unclaimedLapseAfter": format_time(final_at + UNCLAIMED) if final_at else None,
        "litigatedLapseAfter": format_time(closed_at + LITIGATED) if closed_at else None,
        "claims": claims,
        "meetings": meetings,
    }


def register(app: Flask, provider: SuiteProvider, static: Any, event_index: IndexSource | None = None) -> None:
    @app.get("/bankruptcy")
    def bankruptcy_page() -> Response:
        return send_from_directory(static, "bankruptcy.html")

    @app.get("/api/v1/bankruptcy/<case>")
    def bankruptcy_case(case: str) -> Response:
        lang = pick_lang(request.args.get("lang"))
        try:
            case_id = int(case, 10)
        except ValueError:
            case_id = 0
        if case_id <= 0:
            raise PortalError(
                400,
                "malformed_case",
                T(f"破产案件编号须为正整数：{case}", f"A bankruptcy case id is a positive whole number: {case}"),
            )
        suite = provider.get()
        if any(c not in suite.addresses for c in CONTRACTS):
            raise PortalError(
                404, "no_estate", T("本链未部署破产案件合约。", "No bankruptcy estate is deployed on this chain.")
            )
        from .index_source import _page

        page, per_page = _page()
        lag: dict[str, int] | None = None
        if event_index is not None:
            from ..index.query import case_events

            lag = event_index.lag(suite)
            events = case_events(suite, event_index.engine, ("bankruptcy", case_id))
        else:
            start = min(provider.start_blocks.get(c, 0) for c in CONTRACTS)
            events = list(suite.logs(list(CONTRACTS), from_block=start))
        data = case_json(events, case_id, token_decimals(suite), lang)
        if data is None:
            raise PortalError(
                404,
                "no_such_case",
                T(f"本链上没有破产案件 {case_id}。", f"There is no bankruptcy case {case_id} on this chain."),
                caseId=case_id,
            )
        claims = data["claims"]
        data["claims"] = claims[(page - 1) * per_page : page * per_page]
        data.update(page=page, perPage=per_page, total=len(claims), pages=max(1, -(-len(claims) // per_page)))
        if lag is not None:
            data["index"] = lag
        return jsonify(data)


_AMOUNT = {"$ref": "#/components/schemas/Amount"}

OPENAPI_PATHS: dict[str, Any] = {
    "/api/v1/bankruptcy/{caseId}": {
        "get": {
            "summary": "A bankruptcy case's claims table and its creditors' meetings with their published results "
            "per class (no identities)",
            "operationId": "getBankruptcyCase",
            "parameters": [
                {"name": "caseId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "lang",
                    "in": "query",
                    "required": False,
                    "schema": {"enum": ["zh", "en"], "default": "zh"},
                },
                {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "per_page",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                },
            ],
            "responses": {
                "200": {
                    "description": "The case: claims (amount, class, secured, review status, evidence hash) and "
                    "meetings (heads and amounts for / against / present / total per class, percentages)",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["caseId", "status", "claims", "meetings"],
                                "properties": {
                                    "caseId": {"type": "integer"},
                                    "lang": {"enum": ["zh", "en"]},
                                    "status": {"type": "string"},
                                    "announcedAt": {"type": "string"},
                                    "filingDeadline": {"type": "string"},
                                    "finalDistributionAt": {"type": ["string", "null"]},
                                    "closedAt": {"type": ["string", "null"]},
                                    "unclaimedLapseAfter": {"type": ["string", "null"], "description": "art. 118"},
                                    "litigatedLapseAfter": {"type": ["string", "null"], "description": "art. 119"},
                                    "page": {"type": "integer"},
                                    "perPage": {"type": "integer"},
                                    "total": {"type": "integer", "description": "claims in the table"},
                                    "pages": {"type": "integer"},
                                    "index": {"type": "object", "description": "the index's lag (--index only)"},
                                    "claims": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "claimId": {"type": "integer"},
                                                "kind": {"type": "string"},
                                                "secured": {"type": "boolean"},
                                                "late": {"type": "boolean"},
                                                "filed": _AMOUNT,
                                                "amount": _AMOUNT,
                                                "status": {"type": "string"},
                                                "objections": {"type": "integer"},
                                                "evidenceHash": {"type": "string"},
                                            },
                                        },
                                    },
                                    "meetings": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "meetingId": {"type": "integer"},
                                                "status": {"type": "string"},
                                                "startsAt": {"type": "string"},
                                                "closesAt": {"type": "string"},
                                                "ballots": {"type": "integer"},
                                                "items": {
                                                    "type": "array",
                                                    "description": "the agenda: each item's resolution, result "
                                                    "(status), revoteOf {meetingId, item} and classes",
                                                    "items": {"type": "object"},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "400": {
                    "description": "The case id is not a positive whole number, or a malformed page",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "404": {
                    "description": "No such bankruptcy case (or no estate deployed)",
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
