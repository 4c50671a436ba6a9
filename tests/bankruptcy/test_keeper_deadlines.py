"""The keeper's report-only bankruptcy deadlines: the filing window's end (art. 45) and the first creditors' meeting
(within 15 days after the filing deadline, art. 62). Nothing is sent; the keeper reports them when they pass while
the case is open (and no first meeting was convened), and the event index lists them as pending deadlines."""

from __future__ import annotations

from pathlib import Path

from eth_account.signers.local import LocalAccount

from courtchain.clients import bankruptcy as bk
from courtchain.index.tables import Deadlines
from courtchain.keeper import Keeper
from courtchain.suite import Suite
from courtchain.watchers import FIRST_MEETING, default_watchers

from .conftest import DAY, Estate

NAMES = ["bk-filing", "bk-first-meeting"]


def _keeper(suite: Suite, keeper: LocalAccount, path: Path, start_block: int) -> Keeper:
    return Keeper(suite, keeper, default_watchers(suite, NAMES), path, start_block=start_block)


def test_filing_window_and_first_meeting_are_reported(est: Estate, keeper: LocalAccount, tmp_path: Path) -> None:
    start_block = est.suite.chain.block_number() + 1
    first = est.open_case()
    second = est.open_case()
    # the later of the two: their openings may be mined seconds apart on a busy machine (blocks take the wall clock)
    deadline = max(int(est.judge.get_case(c)["filing_deadline"]) for c in (first, second))
    k = _keeper(est.suite, keeper, tmp_path / "state", start_block)
    try:
        r = k.run_pass()
        assert (r.passed, r.triggered, r.transactions) == ({}, {}, [])  # nothing due yet
        assert r.pending == 4  # two cases, two deadlines each
        # the second case convenes its first meeting in time (15 days' notice); the first does not
        assert est.claims(second, [(100, bk.ClaimKind.ORDINARY, False)])
        # 15 days' notice counted from the block that mines the convene, which may be a wall-clock second (or more,
        # on a busy machine) after the block read here: a minute's margin, as the demo story takes
        start = est.now() + 15 * DAY + 60
        est.meet_admin.convene(second, bk.ResolutionKind.ORDINARY, start, start + 3 * DAY)
        est.travel_to(deadline + 2)
        r = k.run_pass()
        assert r.passed == {"bk-filing": [first, second]}
        assert r.transactions == []  # report only: nothing sent
        est.travel_to(deadline + FIRST_MEETING + 2)
        r = k.run_pass()
        assert r.passed == {"bk-first-meeting": [first]}
        assert r.transactions == []
        assert k.run_pass().passed == {}  # reported once
    finally:
        k.close()


def test_index_lists_the_bankruptcy_deadlines(est: Estate) -> None:
    start_block = est.suite.chain.block_number() + 1
    case_id = est.open_case()
    deadline = int(est.judge.get_case(case_id)["filing_deadline"])
    events = [e for e in est.suite.logs(["BankruptcyEstate", "CreditorsMeeting"], from_block=start_block)]
    changes = {(c["watcher"], c["item"]): c["due"] for c in Deadlines(est.suite).changes(events)}
    assert changes[("bk-filing", str(case_id))] == deadline + 1
    assert changes[("bk-first-meeting", str(case_id))] == deadline + FIRST_MEETING + 1
