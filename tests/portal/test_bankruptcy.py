"""The portal's bankruptcy API and page on a real chain built by the demo story: each meeting's published result per
class and the claims table, equal to the contracts' views; no identities (no account, no creditor commitment)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from courtchain import demo_bankruptcy
from courtchain.audit.words import token_decimals
from courtchain.clients import bankruptcy as bk
from courtchain.portal.i18n import amount
from courtchain.suite import Suite
from courtchain.units import format_time

from .conftest import SCREENSHOTS, Portal


def test_bankruptcy_api_publishes_results_and_claims(suite: Suite, portal: Portal, tmp_path: Path) -> None:
    demo_bankruptcy.run(suite, documents=tmp_path / "documents")
    d = token_decimals(suite)
    estate, meetings = bk.BankruptcyClient(suite), bk.MeetingClient(suite)
    r = portal.get("/api/v1/bankruptcy/2")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["caseId"] == 2 and data["lang"] == "zh"
    # claims: what the estate's views say, and nothing that names a person
    assert data["claims"]
    for row in data["claims"]:
        c = estate.get_claim(row["claimId"])
        assert row["amount"] == amount(c.amount, d) and row["filed"] == amount(c.filed, d)
        assert row["secured"] == c.secured and row["evidenceHash"] == "0x" + c.evidence.hex()
        assert row["status"] == "已确认"  # confirmed, in Chinese by default
    text = r.text.lower()
    for c in data["claims"]:
        acct = estate.get_claim(c["claimId"]).account.lower()
        assert acct not in text and acct[2:] not in text
    # meetings: the failed plan, then the failing class's re-vote, heads and amounts per class as the views say
    assert [m["meetingId"] for m in data["meetings"]] == [2, 3]
    first, again = (m["items"][0] for m in data["meetings"])
    assert all(m["status"] == "会议结束" and len(m["items"]) == 1 for m in data["meetings"])
    assert first["status"] == "未通过" and again["status"] == "通过"
    assert again["revoteOf"] == {"meetingId": 2, "item": 0}
    for m in data["meetings"]:
        for it in m["items"]:
            for cls in it["classes"]:
                assert cls["totalHeads"] >= cls["presentHeads"] == cls["forHeads"] + cls["againstHeads"]
            view = meetings.get_item(m["meetingId"], it["item"])
            assert len(it["classes"]) == bin(int(view["class_mask"])).count("1")
    ordinary = next(c for c in first["classes"] if c["class"] == "普通债权组")
    t = meetings.view("getTally", 2, 0, int(bk.VoteClass.ORDINARY))
    assert (ordinary["forHeads"], ordinary["againstHeads"], ordinary["presentHeads"]) == (t[0], t[1], t[2])
    assert ordinary["forAmount"] == amount(int(t[3]), d) and ordinary["presentAmount"] == amount(int(t[5]), d)
    assert ordinary["forOfPresentHeads"] == bk.percent(int(t[0]), int(t[2]))
    assert ordinary["passed"] is False
    # English by the switch, one clear error for bad input
    en = portal.get("/api/v1/bankruptcy/2", params={"lang": "en"}).json()
    assert en["meetings"][0]["items"][0]["status"] == "failed" and en["claims"][0]["status"] == "confirmed"
    bad = portal.get("/api/v1/bankruptcy/abc")
    assert bad.status_code == 400 and bad.json()["error"] == "malformed_case"
    missing = portal.get("/api/v1/bankruptcy/99")
    assert missing.status_code == 404 and missing.json()["error"] == "no_such_case"
    # the page and the OpenAPI document
    page = portal.get("/bankruptcy")
    assert page.status_code == 200 and "债权人会议" in page.text
    spec = portal.get("/api/openapi.json").json()
    assert "/api/v1/bankruptcy/{caseId}" in spec["paths"]


def test_bankruptcy_page_in_chromium(suite: Suite, portal: Portal, browser: Browser, tmp_path: Path) -> None:
    """The page in a real headless Chromium: Chinese by default, English by the switch; the re-voted plan's classes
    and the claims table are shown, with no account on the page."""
    demo_bankruptcy.run(suite, documents=tmp_path / "documents")
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(portal.url + "/bankruptcy?case=2&lang=zh")
        pg.wait_for_selector("section.claims")
        zh = pg.inner_text("body")
        assert "债权人会议 2" in zh and "普通债权组" in zh and "未通过" in zh and "33.33 %" in zh
        pg.goto(portal.url + "/bankruptcy?case=2&lang=en")
        pg.wait_for_selector("section.claims")
        en = pg.inner_text("body")
        assert "Creditors' meeting 3" in en and "re-vote of meeting 2" in en and "passed" in en
        estate = bk.BankruptcyClient(suite)
        assert estate.get_claim(7).account not in en
        # the liquidation (case 1) closed: the dates its release deadlines run from, and the deadlines (art. 118-119)
        pg.goto(portal.url + "/bankruptcy?case=1&lang=zh")
        pg.wait_for_selector("section.claims")
        closed = pg.inner_text("body")
        unclaimed, litigated = estate.release_deadlines(1)
        assert "最后分配公告" in closed and format_time(unclaimed) in closed and "第一百一十八条" in closed
        assert "终结破产程序" in closed and format_time(litigated) in closed and "第一百一十九条" in closed
        shot = SCREENSHOTS / "bankruptcy-en.png"
        pg.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5_000
    finally:
        context.close()
