"""The portal reading from the index (`courtchain portal --index URL`), on SQLite and PostgreSQL, against the same
portal reading the chain's logs: every case's timeline and every document's verification are equal (the index's lag
added), and the index's paginated API answers what the index's queries answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from courtchain import audit
from courtchain.chain import LocalNode
from courtchain.index import Follower, connect, events_by
from courtchain.index.query import case_events
from courtchain.portal import SuiteProvider, create_app
from courtchain.portal.app import run_in_thread
from courtchain.portal.index_source import IndexSource
from courtchain.suite import Suite
from tests.index.common import NewDb

Demo = tuple[Suite, LocalNode, Path]


class Served:
    def __init__(self, app: Any) -> None:
        self.server, self.thread = run_in_thread(app, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def get(self, path: str) -> requests.Response:
        return requests.get(self.url + path, timeout=60)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def portals(demo_chain: Demo, new_db: NewDb) -> Iterator[tuple[Served, Served, str]]:
    suite, _, _ = demo_chain
    url = new_db("portal")
    Follower(suite, connect(url)).run_pass()
    plain = Served(create_app(SuiteProvider.of(suite)))
    indexed = Served(create_app(SuiteProvider.of(suite), IndexSource(url)))
    try:
        yield plain, indexed, url
    finally:
        plain.close()
        indexed.close()


def test_case_timelines_and_documents_from_the_index_equal_the_chains(
    demo_chain: Demo, portals: tuple[Served, Served, str]
) -> None:
    suite, _, _ = demo_chain
    plain, indexed, _ = portals
    events = audit.fetch_events(suite)
    head = suite.chain.block_number()
    named = {int(e.args[a]) for e in events for a in ("caseId", "filingId") if isinstance(e.args.get(a), int)}
    assert named  # the demo names its one case (docket, evidence, enforcement, listings) everywhere
    shown = 0
    for case in [*sorted(named - {0}), max(named) + 1000]:  # every case id any event names, and one no event does
        a, b = plain.get(f"/api/v1/cases/{case}/timeline"), indexed.get(f"/api/v1/cases/{case}/timeline")
        assert a.status_code == b.status_code, case
        if a.status_code == 200:
            shown += 1
            body = b.json()
            assert body.pop("index") == {"cursorBlock": head, "chainHead": head, "lagBlocks": 0}
            assert body == a.json(), case
    assert shown >= 1
    hashes = {bytes(e.args["contentHash"]).hex() for e in events if e.name == "Anchored"}
    assert hashes
    for h in sorted(hashes):
        a, b = plain.get(f"/api/v1/documents/0x{h}"), indexed.get(f"/api/v1/documents/0x{h}")
        assert a.status_code == b.status_code, h
        body = b.json()
        if a.status_code == 200:
            assert body.pop("index")["lagBlocks"] == 0
        assert body == a.json(), h
    status = indexed.get("/api/v1/status").json()
    assert status["index"]["cursorBlock"] == head


def _all_pages(portal: Served, path: str, per_page: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        r = portal.get(f"{path}?page={page}&per_page={per_page}")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["perPage"] == per_page and body["page"] == page and len(body["items"]) <= per_page
        items += body["items"]
        if page >= body["pages"]:
            assert len(items) == body["total"]
            return items
        page += 1


def _positions(items: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(i["block"], i["logIndex"]) for i in items]


def test_the_index_api_pages_through_what_the_index_holds(
    demo_chain: Demo, portals: tuple[Served, Served, str]
) -> None:
    suite, _, _ = demo_chain
    _, indexed, url = portals
    engine = connect(url)
    events = audit.fetch_events(suite)
    status = indexed.get("/api/index/status").json()
    assert status["events"] == len(events) and status["lagBlocks"] == 0
    docketed = next(int(e.args["caseId"]) for e in events if e.name == "CaseDocketed")
    story = case_events(suite, engine, ("case", docketed))
    assert len(story) > 3
    pages = _all_pages(indexed, f"/api/cases/{docketed}/events", 3)
    assert _positions(pages) == [(e.block, e.log_index) for e in story]
    assert pages[0]["args"] == audit.event_to_json(story[0])["args"]
    h = next(bytes(e.args["contentHash"]) for e in events if e.name == "Anchored")
    doc = _all_pages(indexed, f"/api/documents/{h.hex()}", 1)
    assert _positions(doc) == [
        (e.block, e.log_index) for e in events_by(suite, engine, "document_hash", "0x" + h.hex())
    ]
    subject = next(bytes(e.args["subject"]) for e in events if e.name == "EntryListed")
    listings = _all_pages(indexed, f"/api/subjects/0x{subject.hex()}/listings", 2)
    wanted = [e for e in events if e.args.get("subject") == subject]
    assert listings and _positions(listings) == [(e.block, e.log_index) for e in wanted]
    enforcement = next(int(e.args["caseId"]) for e in events if e.name == "CaseOpened")
    money = indexed.get(f"/api/enforcement/{enforcement}/money").json()
    assert int(money["distributed"]) > 0 and money["creditors"] and money["index"]["lagBlocks"] == 0
    deadlines = indexed.get("/api/deadlines?per_page=2").json()
    assert len(deadlines["items"]) <= 2 and deadlines["index"]["lagBlocks"] == 0
    # bad input: one JSON error with its status
    for path, status_code, code in (
        ("/api/cases/0/events", 400, "malformed_case"),
        (f"/api/cases/{docketed}/events?per_page=201", 400, "malformed_page"),
        (f"/api/cases/{docketed}/events?page=x", 400, "malformed_page"),
        ("/api/documents/xyz", 400, "malformed_hash"),
        ("/api/cases/999999/events", 404, "no_such_case"),
        ("/api/deadlines?before=soon", 400, "malformed_time"),
    ):
        r = indexed.get(path)
        assert (r.status_code, r.json()["error"]) == (status_code, code), path


def test_a_portal_without_a_readable_index_says_so(demo_chain: Demo, tmp_path: Path) -> None:
    suite, _, _ = demo_chain
    empty = Served(create_app(SuiteProvider.of(suite), IndexSource(f"sqlite:///{tmp_path / 'none.sqlite'}")))
    try:
        r = empty.get("/api/index/status")
        assert r.status_code == 503 and r.json()["error"] == "index_unavailable"
        assert "no index" in r.json()["message"]
    finally:
        empty.close()


def test_cli_portal_with_a_bad_index_url_says_so(demo_chain: Demo) -> None:
    from tests.helpers import run_cli

    _, node, records = demo_chain
    done = run_cli(
        "portal",
        "--index",
        "nosuchdb://x",
        "--port",
        "0",
        rpc=node.url,
        env={"COURTCHAIN_DEPLOYMENTS_DIR": str(records)},
    )
    assert done.returncode == 1 and "not a database URL" in done.stderr and "Traceback" not in done.stderr
