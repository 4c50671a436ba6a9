"""The portal's bankruptcy API reading the event index (`courtchain portal --index URL`), on SQLite and PostgreSQL,
against the same portal reading the chain's logs, over the demo's bankruptcy story (a liquidation to its final
distribution and closing, a reorganisation voted by classes with a re-vote): every case, every page of its claims
table, both languages, the same JSON (the index's lag added)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from courtchain import demo_bankruptcy, deploy
from courtchain.chain import Chain, LocalNode
from courtchain.index import Follower, connect
from courtchain.portal import SuiteProvider, create_app
from courtchain.portal.index_source import IndexSource
from courtchain.suite import Suite
from tests.index.common import NewDb
from tests.index.test_portal_index import Served


@pytest.fixture(scope="module")
def bankruptcy_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    """A fresh node and deployment with the demo's bankruptcy story on it (it travels in time)."""
    with LocalNode() as node:
        suite = deploy.deploy(Chain(node.url), fresh=True, directory=tmp_path_factory.mktemp("bk-deployments")).suite
        demo_bankruptcy.run(suite, documents=tmp_path_factory.mktemp("bk-docs"))
        yield suite


def _pages(portal: Served, case: int, lang: str, per_page: int) -> tuple[int, dict[str, Any]]:
    """Every page of a case's claims table joined (each page's meetings and case fields must agree)."""
    first = portal.get(f"/api/v1/bankruptcy/{case}?lang={lang}&per_page={per_page}")
    if first.status_code != 200:
        return first.status_code, first.json()
    body = first.json()
    claims = list(body["claims"])
    for page in range(2, body["pages"] + 1):
        more = portal.get(f"/api/v1/bankruptcy/{case}?lang={lang}&per_page={per_page}&page={page}").json()
        assert {k: v for k, v in more.items() if k not in ("claims", "page")} == {
            k: v for k, v in body.items() if k not in ("claims", "page")
        }
        assert len(more["claims"]) <= per_page
        claims += more["claims"]
    assert len(claims) == body["total"]
    body["claims"] = claims
    return 200, body


def test_bankruptcy_api_from_the_index_equals_the_logs(bankruptcy_chain: Suite, new_db: NewDb) -> None:
    suite = bankruptcy_chain
    url = new_db("bankruptcy")
    Follower(suite, connect(url)).run_pass()
    plain = Served(create_app(SuiteProvider.of(suite)))
    indexed = Served(create_app(SuiteProvider.of(suite), IndexSource(url)))
    head = suite.chain.block_number()
    try:
        cases = int(suite.view("BankruptcyEstate", "caseCount"))
        assert cases >= 2
        closed = 0
        for case in [*range(1, cases + 1), cases + 1]:  # every case, and one that does not exist
            for lang in ("zh", "en"):
                for per_page in (2, 200):
                    a_status, a = _pages(plain, case, lang, per_page)
                    b_status, b = _pages(indexed, case, lang, per_page)
                    assert a_status == b_status, (case, lang)
                    if a_status == 200:
                        assert b.pop("index") == {"cursorBlock": head, "chainHead": head, "lagBlocks": 0}
                        closed += a["closedAt"] is not None
                    assert b == a, (case, lang, per_page)
        assert closed  # the liquidation closed: its dates and release deadlines are in both answers
        bad = indexed.get("/api/v1/bankruptcy/1?per_page=201")
        assert (bad.status_code, bad.json()["error"]) == (400, "malformed_page")
    finally:
        plain.close()
        indexed.close()
