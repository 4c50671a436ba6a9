"""Gas of the ballots (the benchmark's figures guarded in the tests): a relayed ballot in a batch stays under the
issue's 30,000 gas target, and closing a meeting costs the same whatever the number of voters."""

from __future__ import annotations

from courtchain.clients import bankruptcy as bk

from .conftest import Estate

ORD = (bk.ClaimKind.ORDINARY, False)


def test_relayed_ballot_under_target_and_close_independent_of_voters(est: Estate) -> None:
    closes = []
    per_ballot = 0
    for n in (2, 60):
        case_id = est.open_case()
        ids = est.claims(case_id, [(100 + i, *ORD) for i in range(n)], first_voter=100 * n)
        mid = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
        # the same outcome in both meetings (passed), so that closing takes the same branches
        sent = est.relay(
            mid, [(cid, bk.Choice.FOR if i % 3 or n == 2 else bk.Choice.AGAINST) for i, cid in enumerate(ids)]
        )
        assert len(sent.all("BallotCast")) == n
        per_ballot = sent.gas_used // n
        m = est.meet_admin.get_meeting(mid)
        est.travel_to(m["closes_at"] + 1)
        _, _, closed = est.meet_as(est.accts["outsider"]).close(mid)
        closes.append(closed.gas_used)
    assert per_ballot <= 30_000, per_ballot
    assert closes[0] == closes[1], closes
