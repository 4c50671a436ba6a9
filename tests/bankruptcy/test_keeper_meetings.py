"""The keeper closes a creditors' meeting once its voting has closed (a permissionless timed transition)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients import bankruptcy as bk
from courtchain.keeper import Keeper
from courtchain.watchers import default_watchers

from .conftest import Estate

ORD = (bk.ClaimKind.ORDINARY, False)


@pytest.mark.parametrize("items", [1, 3])
def test_keeper_closes_a_meeting_after_its_voting_closed(
    est: Estate, keeper: LocalAccount, tmp_path: Path, items: int
) -> None:
    start_block = est.suite.chain.block_number() + 1
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (50, *ORD)])
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(bk.ResolutionKind.ORDINARY)] * items)
    est.relay(mid, [(ids[0], [bk.Choice.FOR] * items), (ids[1], [bk.Choice.AGAINST] * items)])
    k = Keeper(
        est.suite, keeper, default_watchers(est.suite, ["meetings"]), tmp_path / "state", start_block=start_block
    )
    try:
        assert k.run_pass().triggered == {}  # voting still open
        est.travel_to(est.meet_admin.get_meeting(mid)["closes_at"] + 1)
        assert k.run_pass().triggered == {"meetings": [mid]}
        assert est.meet_admin.get_meeting(mid)["status"] == bk.ResolutionStatus.CLOSED
        assert (
            est.meet_admin.get_item(mid)["status"] == bk.ResolutionStatus.FAILED
        )  # one for of two: not more than half
        assert k.run_pass().triggered == {}  # closed: nothing left to do
    finally:
        k.close()
