"""The case page shows one story across contracts, on a chain where filing, docket, agreement and enforcement ids all
differ (tests/portal/story.py): the enforcement office lists debtors under its *enforcement* case id, so an unrelated
filing with the same number must show none of those listings, and the story's own filing must show them."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.suite import Suite

from .conftest import Portal
from .story import SEIZED, Story, build_story


@pytest.fixture
def story(suite: Suite, accts: dict[str, LocalAccount], chain: Chain) -> Story:
    return build_story(suite, accts, chain)


def _credit(t: dict) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in t["entries"] if e["source"] == "CreditRegistry"]


def test_an_unrelated_filing_numbered_like_an_enforcement_case_shows_no_listing(portal: Portal, story: Story) -> None:
    r = portal.get(f"/api/v1/cases/{story.unrelated_filing}/timeline")
    assert r.status_code == 200, r.text
    t = r.json()
    assert [e["event"] for e in t["entries"]] == ["FilingSubmitted", "PartyRecorded", "PartyRecorded"] + [
        "MaterialAdded"
    ] * 3
    assert _credit(t) == [] and {e["source"] for e in t["entries"]} == {"CaseDocket"}
    assert t["story"]["listings"] == [] and t["story"]["enforcements"] == [] and t["story"]["obligations"] == []
    assert "失信" not in r.text and "限制高消费" not in r.text


def test_the_storys_own_page_shows_its_listings_and_every_contract(portal: Portal, story: Story) -> None:
    r = portal.get(f"/api/v1/cases/{story.filing}/timeline")
    assert r.status_code == 200, r.text
    t = r.json()
    listed = [e for e in _credit(t) if e["event"] == "EntryListed"]
    assert sorted(e["details"]["entryId"] for e in listed) == sorted(story.entries)
    sources = {e["source"] for e in t["entries"]}
    assert {"CaseDocket", "EvidenceRegistry", "ObligationRegistry", "EnforcementOffice", "CreditRegistry"} <= sources
    assert story.debtor_pseudonym.hex() not in r.text.lower()
    s = t["story"]
    assert [o["id"] for o in s["obligations"]] == [story.obligation]
    [e] = s["enforcements"]
    assert e["id"] == story.enforcement
    assert e["seized"] == {"text": "¥20,000.00", "baseUnits": str(SEIZED)}
    assert e["distributed"]["text"] == "¥20,000.00"
    assert e["outstanding"]["text"] == "¥30,000.00"
    assert sorted(x["entryId"] for x in s["listings"]) == sorted(story.entries)
    assert {x["kind"] for x in s["listings"]} == {"失信被执行人名单", "限制高消费名单"}
    assert s["filing"]["caseNumber"] == story.case_number and s["filing"]["id"] == story.filing
    assert len(s["services"]) == 1 and s["documents"] == ["0x" + story.judgment.hex()]


def test_the_official_case_number_opens_the_story_in_every_bracket_form(portal: Portal, story: Story) -> None:
    number = story.case_number  # (2026)京0491民初1号
    year, rest = number[1:5], number[6:]
    for typed in (number, f"（{year}）{rest}", f"〔{year}〕{rest}", f"( {year} ) {rest}", str(story.filing)):
        r = portal.get(f"/api/v1/cases/{typed}/timeline")
        assert r.status_code == 200, (typed, r.text)
        assert r.json()["caseId"] == story.filing, typed
    full_width_id = "".join(chr(ord(c) + 0xFEE0) for c in str(story.filing))  # ５
    assert portal.get(f"/api/v1/cases/{full_width_id}/timeline").json()["caseId"] == story.filing
    r = portal.get(f"/api/v1/cases/({year})京0491民初999号/timeline")
    assert r.status_code == 404 and r.json()["error"] == "no_such_case_number"
    assert r.json()["message"] == f"本链上没有案号为 ({year})京0491民初999号 的案件。"


def test_chinese_by_default_english_by_the_switch(portal: Portal, story: Story) -> None:
    zh = portal.get(f"/api/v1/cases/{story.filing}/timeline").json()
    en = portal.get(f"/api/v1/cases/{story.filing}/timeline", params={"lang": "en"}).json()
    assert (zh["lang"], en["lang"]) == ("zh", "en")
    assert zh["caseReferenceText"] == f"{story.case_number}（案件 {story.filing}）"
    assert en["caseReferenceText"] == f"case {story.filing} ({story.case_number})"
    titles_zh = " | ".join(e["title"] for e in zh["entries"])
    titles_en = " | ".join(e["title"] for e in en["entries"])
    assert f"立案，案号 {story.case_number}" in titles_zh and f"docketed as {story.case_number}" in titles_en
    assert "失信被执行人名单" in titles_zh and "dishonest debtor list" in titles_en
    assert "扣划" in titles_zh and "¥20,000.00" in titles_zh
    assert "(kind" not in titles_en and "material (" not in titles_en  # kinds in words, never numbers
    first = zh["entries"][0]
    assert first["timeText"].endswith("（北京时间 UTC+8）") and first["timeIso"].endswith("+08:00")
    assert first["recordedText"].startswith("立案与审判登记，区块 ")
    assert en["entries"][0]["recordedText"].startswith("filing and trial docket, block ")
    assert zh["story"]["enforcements"][0]["status"] == "终结本次执行"
    assert en["story"]["enforcements"][0]["status"] == "terminated"
    bad = portal.get("/api/v1/cases/abc/timeline").json()
    assert bad["error"] == "malformed_case" and bad["message"].startswith("请输入案号")
    assert bad["messages"]["en"].startswith("A case is given by its official case number")


def test_a_document_of_the_story_reads_in_chinese_with_its_case_number(portal: Portal, story: Story) -> None:
    v = portal.get(f"/api/v1/documents/{story.judgment.hex()}").json()
    assert v["kind"] == "judgment" and v["kindText"] == "裁判文书" and v["statusText"] == "有效"
    assert v["submitter"]["roleText"] == "书记员"
    assert v["caseReference"] == f"{story.case_number}（案件 {story.filing}）"
    assert v["summary"].startswith("该文件已在链上存证：Beijing Internet Court于 ")
    assert f"存证的裁判文书，所属案件 {story.case_number}（案件 {story.filing}）。" in v["summary"]
    assert v["anchoredAtText"].endswith("（北京时间 UTC+8）") and v["anchoredAtIso"].endswith("+08:00")
    assert v["summaries"]["en"].startswith(
        "This file is on the chain: a judgment anchored by Beijing Internet Court "
        f"in case {story.filing} ({story.case_number}) on "
    )
