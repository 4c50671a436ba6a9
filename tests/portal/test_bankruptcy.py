"""The portal's bankruptcy API and page on a real chain built by the demo story: each meeting's published result per
class and the claims table, equal to the contracts' views; no identities (no account, no creditor commitment)."""

from __future__ import annotations

from pathlib import Path

from courtchain import demo_bankruptcy
from courtchain.audit.words import token_decimals
from courtchain.clients import bankruptcy as bk
from courtchain.portal.i18n import amount
from courtchain.suite import Suite

from .conftest import Portal


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
    first, again = data["meetings"]
    assert first["status"] == "未通过" and again["status"] == "通过" and again["revoteOf"] == 2
    for m in data["meetings"]:
        for cls in m["classes"]:
            assert cls["totalHeads"] >= cls["presentHeads"] == cls["forHeads"] + cls["againstHeads"]
        view = meetings.get_meeting(m["meetingId"])
        assert len(m["classes"]) == bin(int(view["class_mask"])).count("1")
    ordinary = next(c for c in first["classes"] if c["class"] == "普通债权组")
    t = meetings.view("getTally", 2, int(bk.VoteClass.ORDINARY))
    assert (ordinary["forHeads"], ordinary["againstHeads"], ordinary["presentHeads"]) == (t[0], t[1], t[2])
    assert ordinary["forAmount"] == amount(int(t[3]), d) and ordinary["presentAmount"] == amount(int(t[5]), d)
    assert ordinary["forOfPresentHeads"] == bk.percent(int(t[0]), int(t[2]))
    assert ordinary["passed"] is False
    # English by the switch, one clear error for bad input
    en = portal.get("/api/v1/bankruptcy/2", params={"lang": "en"}).json()
    assert en["meetings"][0]["status"] == "failed" and en["claims"][0]["status"] == "confirmed"
    bad = portal.get("/api/v1/bankruptcy/abc")
    assert bad.status_code == 400 and bad.json()["error"] == "malformed_case"
    missing = portal.get("/api/v1/bankruptcy/99")
    assert missing.status_code == 404 and missing.json()["error"] == "no_such_case"
    # the page and the OpenAPI document
    page = portal.get("/bankruptcy")
    assert page.status_code == 200 and "债权人会议" in page.text
    spec = portal.get("/api/openapi.json").json()
    assert "/api/v1/bankruptcy/{caseId}" in spec["paths"]
