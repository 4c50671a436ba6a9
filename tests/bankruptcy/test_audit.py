"""`courtchain audit case bankruptcy:N` over a real chain: the demo's liquidation and reorganisation (meetings,
classes, re-vote, court acts, distribution, withdrawals) and a case with an objection ruled by the court. The figures
the audit tells from the events equal what the contracts' views say; `audit check` passes over the chain and its
transition check fails on a tampered export."""

from __future__ import annotations

from pathlib import Path

from courtchain import audit, demo_bankruptcy
from courtchain.audit import bankruptcy as abk
from courtchain.audit.story import build_story
from courtchain.audit.words import enum_word, token_decimals
from courtchain.clients import bankruptcy as bk
from courtchain.suite import Event, Suite

from .conftest import DAY, Estate


def _claim_view(est_client: bk.BankruptcyClient, claim_id: int, objections: int, lapsed: int = 0) -> dict[str, object]:
    c = est_client.get_claim(claim_id)
    return {
        "kind": int(c.kind),
        "secured": c.secured,
        "filed": c.filed,
        "amount": c.amount,
        "status": int(c.status),
        "late": c.late,
        "evidence": "0x" + c.evidence.hex(),
        "credited": c.credited,
        "reserve": c.reserve,
        "withdrawn": c.withdrawn,
        "objections": objections,
        "lapsed": lapsed,
    }


def _check_case(suite: Suite, case_id: int, events: list[Event]) -> list[str]:
    story = build_story(suite, ("bankruptcy", case_id), events)
    lines = story.summary
    d = token_decimals(suite)
    client = bk.BankruptcyClient(suite)
    meetings = bk.MeetingClient(suite)
    own = [e for e in story.events if e.contract == "BankruptcyEstate" and int(e.args.get("caseId", 0)) == case_id]
    table = abk.claims_table(own)
    assert table, "no claims in the audit's table"
    for cid, row in table.items():
        # the audit's row equals the contract's claim (objections: the events' count, the view keeps open ones)
        assert row == _claim_view(client, cid, int(row["objections"]), int(row["lapsed"])), cid
        assert "  " + abk.claim_line(cid, row, d) in lines
    convened = [e for e in story.events if e.name == "MeetingConvened" and int(e.args["caseId"]) == case_id]
    assert convened
    for m in convened:
        mid = int(m.args["meetingId"])
        meeting = meetings.get_meeting(mid)
        tallied = [e for e in story.events if e.name == "ClassTallied" and int(e.args["meetingId"]) == mid]
        assert tallied
        for e in tallied:
            cls, item = int(e.args["class_"]), int(e.args["item"])
            t = meetings.view("getTally", mid, item, cls)
            prefix = f"  议题 / item {item} "
            # the totals are the register's at closing (no view keeps them): from the contract's own event, and
            # equal to the register's totals now where the case is still open and the class has one
            heads, amount = int(e.args["totalHeads"]), int(e.args["totalAmount"])
            if cls and client.get_case(case_id)["status"] == bk.CaseStatus.OPEN:
                assert meetings.class_totals(case_id, bk.VoteClass(cls)) == (heads, amount)
            view = {
                "class_": cls,
                "passed": bool(int(meetings.get_item(mid, item)["passed_mask"]) >> cls & 1),
                "forHeads": int(t[0]),
                "againstHeads": int(t[1]),
                "presentHeads": int(t[2]),
                "totalHeads": heads,
                "forAmount": int(t[3]),
                "againstAmount": int(t[4]),
                "presentAmount": int(t[5]),
                "totalAmount": amount,
            }
            assert prefix + abk.class_line(view, d) in lines, (mid, cls)
            assert prefix + abk.class_line(e.args, d) in lines
        for item in range(int(meeting["item_count"])):
            status = meetings.get_item(mid, item)["status"]
            assert any(f"议题 / item {item} " in x and enum_word("ResolutionStatus", int(status)) in x for x in lines)
    # every court act with both judges, every withdrawal
    for e in story.events:
        if e.name == "ActApproved":
            assert any(
                f"court act {e.args['actId']}（" in x and e.args["approver"] in x and e.args["proposer"] in x
                for x in lines
            )
    return lines


def test_audit_tells_the_demo_cases(suite: Suite, tmp_path: Path) -> None:
    demo_bankruptcy.run(suite, documents=tmp_path / "documents")
    events = audit.fetch_events(suite)
    liquidation = _check_case(suite, 1, events)
    text = "\n".join(liquidation)
    for words in (
        "裁定受理 / opened",
        "第 1 次分配 / round 1",
        "最后分配 / final",
        "领取 / withdrawn",
        "担保财产优先受偿",
    ):
        assert words in text, words
    assert "终结破产程序 / case closed" in text
    reorganisation = "\n".join(_check_case(suite, 2, events))
    assert "再次表决 / failing classes of meeting" in reorganisation
    assert "%" in reorganisation
    # the shareholders (art. 85): registered by the administrator, then approved by a judge, both named
    approvals = [line for line in reorganisation.splitlines() if "批准 / approved：登记 / registered by" in line]
    assert len(approvals) == 2, reorganisation
    assert all("approved by 0x" in line and "registered by 0x" in line for line in approvals)
    assert "待法官批准 / pending a judge's approval" in reorganisation
    # the ref parses, the story's records are the case and its meetings' links, not the other case
    assert audit.parse_case_ref("bankruptcy:2") == ("bankruptcy", 2)
    family, entries = audit.timeline(suite, ("bankruptcy", 1), events)
    assert ("bankruptcy", 2) not in family
    assert all(x.contract in ("BankruptcyEstate", "CreditorsMeeting") for x in entries)
    # audit check passes over the chain with both cases: the bankruptcy edges were checked and matched the views
    report = audit.check(suite, events)
    assert report.ok, [str(f) for f in report.findings]
    # a tampered export: the opening of case 1 left out -> the claim filings are illegal transitions
    tampered = [e for e in events if not (e.contract == "BankruptcyEstate" and e.name == "CaseOpened")]
    bad = audit.check(suite, tampered)
    assert any(f.check == "transition" and "ClaimFiled while Proposed" in f.message for f in bad.findings)
    # ... and a meeting's result dropped: the ruling comes while the meeting is still convened
    no_close = [e for e in events if not (e.contract == "CreditorsMeeting" and e.name == "MeetingClosed")]
    bad = audit.check(suite, no_close)
    assert any(f.check == "state" and "bk-meeting" in f.subject for f in bad.findings)


def test_audit_tells_objection_and_ruling(est: Estate) -> None:
    case_id = est.open_case()
    a, b = est.voter(0), est.voter(1)
    ca = est.as_(a).file_claim(case_id, 1_000, evidence=b"\x01" * 32)
    cb = est.as_(b).file_claim(case_id, 500)
    est.admin.review_claim(ca, True, 900)
    est.admin.review_claim(cb, True, 500)
    deadline = est.now() + 2 * DAY
    est.act(case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline)
    obj = est.as_(b).object(ca, cb, b"\x02" * 32)
    est.admin.answer_objection(obj, b"\x03" * 32)
    est.travel_to(deadline + 1)
    est.act(case_id, bk.ActKind.CONFIRM_CLAIMS, ca, cb)
    est.act(case_id, bk.ActKind.RULE_OBJECTION, obj, 800)
    events = audit.fetch_events(est.suite)
    family, _ = audit.timeline(est.suite, ("bankruptcy", case_id), events)
    assert {("bk-claim", ca), ("bk-claim", cb), ("bk-objection", obj)} <= family
    text = "\n".join(_check_case_claims(est, case_id, events))
    assert f"异议 / objection {obj}：对债权 / against claim {ca}（由债权 / by claim {cb}）" in text
    assert f"court ruled on objection {obj}" in text
    assert audit.check(est.suite, events).ok


def _check_case_claims(est: Estate, case_id: int, events: list[Event]) -> list[str]:
    story = build_story(est.suite, ("bankruptcy", case_id), events)
    own = [e for e in story.events if e.contract == "BankruptcyEstate"]
    for cid, row in abk.claims_table(own).items():
        assert row == _claim_view(est.admin, cid, int(row["objections"]))
    return story.summary


def test_audit_report_of_a_bankruptcy_case(suite: Suite, tmp_path: Path) -> None:
    """`audit report bankruptcy:2` writes the HTML report: the whole chain checks, the story holds the class results."""
    from courtchain.audit.report import write_report

    demo_bankruptcy.run(suite, documents=tmp_path / "documents")
    written, _, _ = write_report(suite, ("bankruptcy", 2), tmp_path / "report")
    assert written.ok
    page = written.html.read_text(encoding="utf-8")
    assert "普通债权组" in page and "33.33 %" in page and "破产案件 2" in page
